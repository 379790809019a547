import { describe, expect, it, vi } from "vitest";
import engine from "./fixtures/engine.json";

// The backend answers as the engine did (fixtures/engine.json): its editions, and a search for "Premier
// contract" in the 2021 edition. The newest edition has no Premier contracts: no hits there.
const calls: { command: string; args?: Record<string, unknown> }[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (command: string, args?: Record<string, unknown>) => {
    calls.push({ command, args });
    if (command === "editions") return engine.editions;
    if (command === "user_data") return { history: [] };
    if (command === "search") {
      return args?.policyVersion === "2021-01-26"
        ? { ...engine.searches.premier_contract_2021, query: args.query }
        : { query: args?.query, took_ms: 0.1, total: 0, hits: [] };
    }
    // The reader's page is the end-to-end test's: here the request to open it is what counts.
    if (command === "show") return new Promise(() => undefined);
    return undefined;
  },
  Channel: class {},
}));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: async () => null }));

const { initSearch, runSearch, searchView } = await import("./views/search");

const lastSearch = () => calls.filter((c) => c.command === "search").at(-1)?.args;

describe("searching an earlier edition of the policy", () => {
  it("where do I enter my Premier contract: found in the 2021 edition, labelled with it, opened in it", async () => {
    document.body.innerHTML = '<input id="search-input">';
    document.body.append(searchView());
    initSearch(document.querySelector<HTMLInputElement>("#search-input")!);

    // The picker offers the newest edition first, by the engine's names.
    const picker = document.querySelector<HTMLSelectElement>("#search-edition-select")!;
    await vi.waitFor(() => expect(picker.options.length).toBe(2));
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      "Support policy of 31 July 2025 (newest)",
      "Support policy of 26 January 2021",
    ]);
    expect(document.querySelector<HTMLElement>("#search-edition")!.hidden).toBe(false);

    // By default the newest edition is searched, and nothing says otherwise.
    await runSearch("Premier contract");
    expect(lastSearch()).toMatchObject({ query: "Premier contract", policyVersion: null });
    expect(document.querySelector<HTMLElement>("#search-edition-note")!.hidden).toBe(true);
    expect(document.querySelectorAll("#results li.result").length).toBe(0);

    // Picking 2021 searches again in it and says which edition the results come from.
    picker.value = "2021-01-26";
    picker.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(document.querySelectorAll("#results li.result").length).toBe(3));
    expect(lastSearch()).toMatchObject({ query: "Premier contract", policyVersion: "2021-01-26" });
    const note = document.querySelector<HTMLElement>("#search-edition-note")!;
    expect(note.hidden).toBe(false);
    expect(note.textContent).toBe("Showing the support policy of 26 January 2021, an earlier edition, instead of the newest.");

    // Each hit is labelled with its edition in words, never its id.
    const first = document.querySelector<HTMLElement>("#results li.result")!;
    expect(first.querySelector(".heading")?.textContent).toBe("Submitting a request with a Premier contract");
    expect(first.querySelector(".badge.edition")?.textContent).toBe("Support policy of 26 January 2021");
    expect(first.textContent).not.toContain("2021-01-26");
    expect(first.dataset.edition).toBe("2021-01-26");

    // Opening it asks for the 2021 passage.
    first.click();
    await vi.waitFor(() => expect(calls.some((c) => c.command === "show")).toBe(true));
    expect(calls.find((c) => c.command === "show")?.args).toMatchObject({
      doc: "premier.md",
      anchor: "premier-requests",
      policyVersion: "2021-01-26",
    });

    // Back to the newest edition: the note goes and the newest is searched.
    picker.value = "";
    picker.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(lastSearch()).toMatchObject({ policyVersion: null }));
    expect(note.hidden).toBe(true);
  });
});
