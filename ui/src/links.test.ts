import { describe, expect, it } from "vitest";
import { citation, resolveInternalLink } from "./links";

describe("resolveInternalLink", () => {
  it("resolves relative documents and anchors", () => {
    expect(resolveInternalLink("reopening-incidents.md", "severity-and-response.md#severity-a")).toEqual({
      doc: "severity-and-response.md",
      anchor: "severity-a",
    });
    expect(resolveInternalLink("guides/a.md", "../b.md")).toEqual({ doc: "b.md", anchor: null });
    expect(resolveInternalLink("guides/a.md", "#later")).toEqual({ doc: "guides/a.md", anchor: "later" });
  });

  it("refuses links that leave the corpus or are not documents", () => {
    expect(resolveInternalLink("a.md", "../outside.md")).toBeNull();
    expect(resolveInternalLink("a.md", "javascript:alert(1)")).toBeNull();
    expect(resolveInternalLink("a.md", "/etc/passwd")).toBeNull();
    expect(resolveInternalLink("a.md", "media/picture.png")).toBeNull();
  });

  it("formats citations", () => {
    expect(citation("rca.md", "who-performs-rca")).toBe("rca.md#who-performs-rca");
    expect(citation("rca.md", null)).toBe("rca.md");
  });
});
