// Search: results update as you type; arrows move the selection, Enter opens it in the reader. The
// policy FAQ searched is the newest edition's unless an older one is picked beside the source chips; an
// older edition's hits are labelled with its name and open in that edition.
import { backend } from "../backend";
import { editionName, loadEditions } from "../editions";
import { byId, h, replaceChildren, setTrustedHtml } from "../dom";
import { moveSelection } from "../keyboard";
import { showView, timings } from "../state";
import { showError } from "../toast";
import type { CorpusInfo, Hit, SearchResults, UserData } from "../types";
import { openQuestion } from "./assistant";
import { showUnderstood, understoodSlot } from "./understood";
import { openInReader } from "./reader";

const LIMIT = 20;

let sequence = 0;
let hits: Hit[] = [];
let selected = -1;
let lastQuery = "";
let history: UserData["history"] = [];
/** The loaded sources (the policy FAQ, then each folder), as the engine names and labels them. */
let sources: CorpusInfo[] = [];
/** The source the results are restricted to (its engine name), or null for all of them. */
let onlySource: string | null = null;
/** The edition of the policy FAQ searched (`YYYY-MM-DD`), or null for the newest. */
let searchEdition: string | null = null;

/** Builds the search view; returns the element. */
export function searchView(): HTMLElement {
  return h(
    "section",
    { id: "view-search", class: "view", "aria-label": "Search results" },
    understoodSlot(),
    h(
      "div",
      { class: "search-scope" },
      h(
        "label",
        { id: "search-edition", class: "edition-select", hidden: true },
        h("span", {}, "Policy edition"),
        h("select", { id: "search-edition-select", onchange: (e: Event) => chooseSearchEdition((e.target as HTMLSelectElement).value || null) }),
      ),
      h("div", { id: "source-filters", class: "chips", role: "group", "aria-label": "Search in" }),
    ),
    h("p", { id: "search-edition-note", class: "edition-note", role: "status", hidden: true }),
    h("div", { id: "search-status", class: "status" }),
    h("ul", { id: "results", role: "listbox", "aria-label": "Results" }),
    h("div", { id: "history", class: "history" }),
  );
}

/** Wires the search box (in the top bar) to the view. */
export function initSearch(input: HTMLInputElement): void {
  input.addEventListener("input", (event) => {
    showView("search");
    void runSearch(input.value, event.timeStamp);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      select(moveSelection(selected, event.key === "ArrowDown" ? 1 : -1, hits.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const index = selected >= 0 ? selected : 0;
      if (hits[index]) void open(hits[index]);
    } else if (event.key === "Escape") {
      input.value = "";
      void runSearch("", event.timeStamp);
    }
  });
  backend
    .userData()
    .then((data) => {
      history = data.history;
      if (input.value === "") renderHistory(input);
    })
    .catch(showError);
  loadEditions().then(renderEditionSelect).catch(showError);
}

/** The edition picker, newest first (shown when the engine knows more than one edition). */
function renderEditionSelect(editions: { policy_version: string; name: string }[]): void {
  const newest = editions.at(-1);
  if (!newest || editions.length < 2) return;
  const older = editions.slice(0, -1).reverse();
  replaceChildren(
    byId("search-edition-select"),
    h("option", { value: "" }, `${newest.name} (newest)`),
    older.map((e) => h("option", { value: e.policy_version }, e.name)),
  );
  byId("search-edition").hidden = false;
}

/** Searches the policy FAQ of edition `version` (null: the newest) from now on, and says so. */
export function chooseSearchEdition(version: string | null): void {
  searchEdition = version;
  byId<HTMLSelectElement>("search-edition-select").value = version ?? "";
  const note = byId("search-edition-note");
  note.hidden = version === null;
  note.textContent = version === null ? "" : `Showing the ${lowerFirst(editionName(version))}, an earlier edition, instead of the newest.`;
  refreshResults();
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Takes the loaded sources (after start or a folder change): filter chips and result badges use them. */
export function updateSources(corpora: CorpusInfo[]): void {
  sources = corpora;
  if (onlySource !== null && !sources.some((s) => s.name === onlySource)) onlySource = null;
  renderChips();
}

/** All · Policy FAQ · each folder: shown once there is more than one source to choose from. */
function renderChips(): void {
  const box = byId("source-filters");
  if (sources.length < 2) {
    replaceChildren(box);
    return;
  }
  const chip = (name: string | null, label: string): HTMLElement =>
    h(
      "button",
      {
        class: onlySource === name ? "chip active" : "chip",
        "aria-pressed": onlySource === name ? "true" : "false",
        "data-source": name ?? "",
        onclick: () => {
          onlySource = name;
          renderChips();
          refreshResults();
        },
      },
      label,
    );
  replaceChildren(box, chip(null, "All"), sources.map((s) => chip(s.name, s.label)));
}

/** The label people see for a hit's source ("Policy FAQ" or the folder's name), as the engine gives it. */
function sourceLabel(name: string): string {
  return sources.find((s) => s.name === name)?.label ?? name;
}

/** Runs the current query again (after the corpora changed), keeping the view as it is. */
export function refreshResults(): void {
  if (lastQuery.trim() !== "") void runSearch(lastQuery);
}

/** A supportkb:// link pasted in the search box (or opened from outside the window): a question opens in
 * the assistant with its facts, a passage in the reader; a bad link says what is wrong with it. */
export async function openPastedLink(text: string): Promise<void> {
  try {
    const link = await backend.openLink(text);
    if (link.kind === "question") {
      showView("assistant");
      await openQuestion(link.question);
    } else {
      await openInReader(link.doc, link.anchor ?? null, "");
    }
    replaceChildren(byId("search-status"));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    replaceChildren(byId("search-status"), h("p", { class: "input-error", role: "alert" }, message));
  }
}

/** Runs a query and paints its results, dropping answers to older keystrokes. */
export async function runSearch(query: string, startedAt: number = performance.now()): Promise<void> {
  const mine = ++sequence;
  lastQuery = query;
  if (/^\s*supportkb:\/\//i.test(query)) {
    await openPastedLink(query.trim());
    return;
  }
  void showUnderstood(query);
  if (query.trim() === "") {
    hits = [];
    selected = -1;
    replaceChildren(byId("results"));
    replaceChildren(byId("search-status"));
    renderHistory(byId<HTMLInputElement>("search-input"));
    return;
  }
  let results: SearchResults;
  try {
    results = await backend.search(query, LIMIT, onlySource === null ? [] : [onlySource], searchEdition);
  } catch (error) {
    showError(error);
    return;
  }
  if (mine !== sequence) return;
  renderResults(results);
  requestAnimationFrame(() => {
    if (mine === sequence) timings.keystrokeToPaint.push(performance.now() - startedAt);
  });
}

function renderResults(results: SearchResults): void {
  hits = results.hits;
  selected = hits.length > 0 ? 0 : -1;
  replaceChildren(byId("history"));
  const status = byId("search-status");
  status.textContent =
    results.total === 0
      ? `No passage matches “${results.query}”. Try other words, or browse the topics in the Reader.`
      : `${results.total} passage${results.total === 1 ? "" : "s"} · ${results.took_ms.toFixed(1)} ms`;
  const items = hits.map((hit, index) => {
    const snippet = h("p", { class: "result-snippet" });
    setTrustedHtml(snippet, hit.snippet);
    return h(
      "li",
      {
        class: index === selected ? "result selected" : "result",
        role: "option",
        "aria-selected": index === selected ? "true" : "false",
        "data-doc": hit.doc,
        "data-anchor": hit.anchor,
        "data-edition": hit.policy_version ?? null,
        onclick: () => void open(hit),
        onmousemove: () => {
          if (selected !== index) select(index);
        },
      },
      h(
        "div",
        { class: "result-title" },
        h("span", { class: "doc-title" }, hit.title),
        h("span", { class: "crumb" }, " › "),
        h("span", { class: "heading" }, hit.heading),
      ),
      snippet,
      h(
        "div",
        { class: "result-meta" },
        h("span", { class: hit.source === "faq" ? "badge faq" : "badge folder" }, sourceLabel(hit.source)),
        // An older edition's passage is labelled with the edition (its name holds its date).
        hit.policy_version
          ? h("span", { class: "badge edition", title: "This passage is from an earlier edition of the policy" }, editionName(hit.policy_version))
          : hit.date_label
            ? h("span", { class: "result-date" }, hit.date_label)
            : null,
      ),
    );
  });
  const list = byId("results");
  // The query these results answer, so a reader (or a test) can tell final results from those of a prefix.
  list.dataset.query = results.query;
  replaceChildren(list, items);
}

function select(index: number): void {
  selected = index;
  const items = byId("results").querySelectorAll<HTMLLIElement>("li.result");
  items.forEach((item, i) => {
    item.classList.toggle("selected", i === index);
    item.setAttribute("aria-selected", i === index ? "true" : "false");
  });
  items[index]?.scrollIntoView({ block: "nearest" });
}

async function open(hit: Hit): Promise<void> {
  await openInReader(hit.doc, hit.anchor, lastQuery, hit.policy_version ?? null);
  backend
    .recordSearch(lastQuery)
    .then((data) => (history = data.history))
    .catch(showError);
}

function renderHistory(input: HTMLInputElement): void {
  const box = byId("history");
  if (history.length === 0) {
    replaceChildren(
      box,
      h("p", { class: "hint" }, "Type a question or keywords: “can I reopen a case closed in June?”, “rca”, “sev a 24/7”."),
      h("p", { class: "hint" }, "↑ ↓ choose a result · Enter opens it · Ctrl+K comes back here from anywhere."),
    );
    return;
  }
  replaceChildren(
    box,
    h("h3", {}, "Recent searches"),
    h(
      "ul",
      { class: "history-list" },
      history.slice(0, 10).map((entry) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              class: "link history-item",
              onclick: () => {
                input.value = entry.query;
                input.focus();
                void runSearch(entry.query);
              },
            },
            entry.query,
          ),
        ),
      ),
    ),
  );
}
