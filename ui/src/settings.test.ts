import { beforeEach, describe, expect, it } from "vitest";
import {
  applyFontSize,
  applyTheme,
  clampFontSize,
  FONT_DEFAULT,
  FONT_MAX,
  FONT_MIN,
  progressText,
  problemList,
  restoreAppearance,
} from "./views/settings";

describe("appearance", () => {
  beforeEach(() => {
    localStorage.clear();
    delete document.documentElement.dataset.theme;
  });

  it("clamps font sizes", () => {
    expect(clampFontSize("abc")).toBe(FONT_DEFAULT);
    expect(clampFontSize(3)).toBe(FONT_MIN);
    expect(clampFontSize("40")).toBe(FONT_MAX);
    expect(clampFontSize(16.4)).toBe(16);
  });

  it("follows the system unless a theme is forced, and remembers it", () => {
    applyTheme("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    applyTheme("system");
    expect(document.documentElement.dataset.theme).toBeUndefined();
    applyTheme("light");
    applyFontSize(18);
    delete document.documentElement.dataset.theme;
    document.documentElement.style.removeProperty("--font-size");
    restoreAppearance();
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(document.documentElement.style.getPropertyValue("--font-size")).toBe("18px");
  });
});

describe("folder indexing progress", () => {
  it("counts files", () => {
    expect(progressText({ done: 120, total: 849 })).toBe("120 of 849 files");
    expect(progressText({ done: 0, total: 1 })).toBe("0 of 1 file");
  });
});

describe("folder problems", () => {
  it("shows the engine's headlines, each expandable to its files", () => {
    expect(problemList([])).toBeNull();
    const list = problemList([
      {
        kind: "missing_include",
        headline: "2 files include a fragment that is not in the folder: includes/footer-banner.md",
        left_out: false,
        files: [
          { path: "a.md", detail: "line 5: includes/footer-banner.md" },
          { path: "b.md", detail: "" },
        ],
      },
    ]);
    const details = list?.querySelectorAll("details") ?? [];
    expect(details.length).toBe(1);
    expect(details[0].querySelector("summary")?.textContent).toBe(
      "2 files include a fragment that is not in the folder: includes/footer-banner.md",
    );
    const items = [...details[0].querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toEqual(["a.md — line 5: includes/footer-banner.md", "b.md"]);
  });
});
