import { describe, expect, it, vi } from "vitest";

// The search view talks to the backend; here every search answers with one hit of each source.
const searches: unknown[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (command: string, args?: Record<string, unknown>) => {
    if (command !== "search") return undefined;
    searches.push(args);
    return {
      query: args?.query,
      took_ms: 0.1,
      total: 2,
      hits: [
        { doc: "using-support.md", title: "Support", heading: "Who", anchor: "who-can-submit", snippet: "x", score: 2, source: "faq", date: null, date_label: null },
        { doc: "admin/a.md", title: "A", heading: "B", anchor: "b", snippet: "y", score: 1, source: "power-platform", date: "2021-01-26", date_label: "26 Jan 2021" },
      ],
    };
  },
  Channel: class {},
}));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: async () => null }));

const { searchView, updateSources, runSearch } = await import("./views/search");

const corpora = [
  { source: "embedded", name: "faq", label: "Policy FAQ", path: null, documents: 10, sections: 100 },
  { source: "/srv/power-platform", name: "power-platform", label: "power-platform", path: "/srv/power-platform", documents: 5, sections: 50 },
];

describe("sources in search", () => {
  it("offers All, the Policy FAQ and each folder as chips, and badges each hit with the engine's label", async () => {
    document.body.innerHTML = '<input id="search-input">';
    document.body.append(searchView());
    updateSources(corpora.slice(0, 1));
    expect(document.querySelectorAll("#source-filters .chip").length).toBe(0);
    updateSources(corpora);
    const chips = [...document.querySelectorAll<HTMLButtonElement>("#source-filters .chip")];
    expect(chips.map((c) => c.textContent)).toEqual(["All", "Policy FAQ", "power-platform"]);

    await runSearch("support");
    const badges = [...document.querySelectorAll("#results .badge")].map((b) => b.textContent);
    expect(badges).toEqual(["Policy FAQ", "power-platform"]);
    expect(document.querySelector("#results .result-date")?.textContent).toBe("26 Jan 2021");
    expect(searches.at(-1)).toMatchObject({ query: "support", sources: [] });

    chips[2].click();
    await vi.waitFor(() => expect(searches.at(-1)).toMatchObject({ sources: ["power-platform"] }));
    expect(document.querySelector("#source-filters .chip.active")?.textContent).toBe("power-platform");

    // The folder is removed: the filter falls back to All.
    updateSources(corpora.slice(0, 1));
    await runSearch("support");
    expect(searches.at(-1)).toMatchObject({ sources: [] });
  });
});
