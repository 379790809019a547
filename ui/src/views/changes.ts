// What changed: two editions of the support policy compared, as the engine computes it (`changes`):
// per topic, what was added, removed or changed (the before and after sentences, the passages cited,
// each opening in the reader in its own edition), and the worked questions whose answer flips. Every
// name and sentence comes from the engine; the view only lays them out.
import { backend } from "../backend";
import { byId, h, replaceChildren } from "../dom";
import { dateInWords, editionName, loadEditions } from "../editions";
import { showError } from "../toast";
import type { Change } from "../bindings/Change";
import type { Changes } from "../bindings/Changes";
import type { AnswerFlip } from "../bindings/AnswerFlip";
import type { EditionCite } from "../bindings/EditionCite";
import { openInReader } from "./reader";

let ready = false;
let sequence = 0;

const KIND_LABELS: Record<string, string> = { added: "Added", removed: "Removed", changed: "Changed" };

/** Builds the What changed view. */
export function changesView(): HTMLElement {
  const picker = (id: string, label: string) =>
    h(
      "label",
      { class: "edition-picker" },
      h("span", {}, label),
      h("select", { id, onchange: () => void compare() }),
    );
  return h(
    "section",
    { id: "view-changes", class: "view changes" },
    h("h1", {}, "What changed between editions of the support policy"),
    h("div", { class: "changes-pickers" }, picker("changes-from", "From"), picker("changes-to", "To")),
    h("p", { id: "changes-status", class: "status", role: "status" }),
    h("div", { id: "changes-content" }),
  );
}

/** Fills the pickers (oldest → newest) and compares, the first time the view is shown. */
export async function initChanges(): Promise<void> {
  if (ready) return;
  ready = true;
  let editions;
  try {
    editions = await loadEditions();
  } catch (error) {
    ready = false;
    showError(error);
    return;
  }
  const options = (selected: string | undefined) =>
    editions.map((e) => h("option", { value: e.policy_version, selected: e.policy_version === selected }, e.name));
  replaceChildren(byId("changes-from"), options(editions[0]?.policy_version));
  replaceChildren(byId("changes-to"), options(editions.at(-1)?.policy_version));
  await compare();
}

async function compare(): Promise<void> {
  const from = byId<HTMLSelectElement>("changes-from").value;
  const to = byId<HTMLSelectElement>("changes-to").value;
  const status = byId("changes-status");
  const content = byId("changes-content");
  if (!from || !to) return;
  if (from === to) {
    status.textContent = "Pick two different editions to compare.";
    replaceChildren(content);
    return;
  }
  const mine = ++sequence;
  status.textContent = "Comparing…";
  let changes: Changes;
  try {
    changes = await backend.changes(from, to);
  } catch (error) {
    if (mine === sequence) status.textContent = "";
    showError(error);
    return;
  }
  if (mine !== sequence) return;
  status.textContent = `${changes.changes.length} changes and ${changes.answer_flips.length} answers that differ, from the ${lower(editionName(from))} to the ${lower(editionName(to))}.`;
  replaceChildren(content, flipsSection(changes), topicsSection(changes));
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The changes grouped by topic, in the engine's order. */
function topicsSection(changes: Changes): HTMLElement {
  const groups = new Map<string, Change[]>();
  for (const change of changes.changes) {
    const list = groups.get(change.topic_title) ?? [];
    list.push(change);
    groups.set(change.topic_title, list);
  }
  return h(
    "section",
    { class: "changes-topics", "aria-labelledby": "changes-topics-title" },
    h("h2", { id: "changes-topics-title" }, "Changes by topic"),
    [...groups.entries()].map(([title, list]) =>
      h(
        "section",
        { class: "change-topic" },
        h("h3", {}, title),
        h("ul", { class: "plain change-list" }, list.map((change) => changeItem(change, changes))),
      ),
    ),
  );
}

function changeItem(change: Change, changes: Changes): HTMLElement {
  const side = (label: string, sentences: string[]) =>
    sentences.length > 0 &&
    h("div", { class: "change-side" }, h("h4", {}, label), h("ul", {}, sentences.map((s) => h("li", {}, s))));
  return h(
    "li",
    { class: "change", "data-kind": change.kind },
    h("p", {}, h("span", { class: `badge change-kind kind-${change.kind}` }, KIND_LABELS[change.kind] ?? change.kind), " ", change.summary),
    side(`Before (${dateInWords(changes.from)})`, change.before),
    side(`After (${dateInWords(changes.to)})`, change.after),
    change.cites.length > 0 &&
      h("p", { class: "change-cites" }, "Passages: ", change.cites.flatMap((cite, i) => [i > 0 ? ", " : "", citeLink(cite)])),
  );
}

/** A passage of one edition, opening in the reader in that edition. */
function citeLink(cite: EditionCite): HTMLElement {
  return h(
    "a",
    {
      class: "cite",
      href: "#",
      "data-doc": cite.doc,
      "data-anchor": cite.anchor,
      "data-edition": cite.policy_version,
      onclick: (event: Event) => {
        event.preventDefault();
        void openInReader(cite.doc, cite.anchor, "", cite.policy_version);
      },
    },
    cite.heading,
  );
}

/** The worked questions answered differently under the two editions. */
function flipsSection(changes: Changes): HTMLElement {
  return h(
    "section",
    { class: "answer-flips", "aria-labelledby": "answer-flips-title" },
    h("h2", { id: "answer-flips-title" }, "Answers that differ"),
    changes.answer_flips.length === 0
      ? h("p", { class: "muted" }, "No worked question is answered differently.")
      : h("ul", { class: "plain flip-list" }, changes.answer_flips.map((flip) => flipItem(flip, changes))),
  );
}

function flipItem(flip: AnswerFlip, changes: Changes): HTMLElement {
  return h(
    "li",
    { class: "flip" },
    h("p", { class: "flip-question" }, flip.question),
    h(
      "dl",
      { class: "flip-sides" },
      h("dt", {}, `Under the ${lower(editionName(changes.from))}`),
      h("dd", { class: "flip-before" }, flip.before.summary),
      h("dt", {}, `Under the ${lower(editionName(changes.to))}`),
      h("dd", { class: "flip-after" }, flip.after.summary),
    ),
  );
}
