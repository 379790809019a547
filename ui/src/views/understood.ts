// Ask in words: when the text typed in the search box is a policy question ("can I reopen a case
// closed 4 months ago"), an answer card appears above the passages — the question, the facts the
// engine understood (each a chip that opens the assistant on that field), the verdict, and "Open in
// assistant" with those facts filled in. The engine reads the question (`understand`) and answers it
// (`ask`); nothing here knows a policy.
import { backend } from "../backend";
import { byId, h, replaceChildren } from "../dom";
import { showView } from "../state";
import type { Answer, PolicySpec, Understood } from "../types";
import { describeFact, describeFactInWords, policyById, selectPolicy } from "./assistant";
import { verdictView } from "./answer";

let sequence = 0;

/** The (empty) card slot of the search view. */
export function understoodSlot(): HTMLElement {
  return h("div", { id: "understood", "aria-live": "polite" });
}

/** Reads `query` as a question; shows its answer card, or nothing for an ordinary search. */
export async function showUnderstood(query: string): Promise<void> {
  const mine = ++sequence;
  const slot = byId("understood");
  if (query.trim() === "") {
    replaceChildren(slot);
    return;
  }
  let understood: Understood;
  let answer: Answer;
  try {
    understood = await backend.understand(query);
    const policy = understood.policy ? policyById(understood.policy) : undefined;
    if (!understood.policy || !policy) {
      if (mine === sequence) replaceChildren(slot);
      return;
    }
    answer = await backend.ask({ policy: understood.policy, facts: understood.facts });
    if (mine !== sequence) return;
    replaceChildren(slot, card(policy, understood, answer));
  } catch {
    // A question the engine cannot answer as typed is still an ordinary search: no card.
    if (mine === sequence) replaceChildren(slot);
  }
}

function card(policy: PolicySpec, understood: Understood, answer: Answer): HTMLElement {
  const verdict = verdictView(policy, answer.verdict);
  const open = (focus: string | null) => () => {
    showView("assistant");
    selectPolicy(policy.id, understood.facts);
    if (focus) document.getElementById(`fact-${focus}`)?.focus();
  };
  const chips = Object.entries(understood.facts).map(([name, value]) => {
    const chip = h(
      "button",
      { class: "chip fact-chip", type: "button", "data-fact": name, title: "Change this in the assistant", onclick: open(name) },
      describeFact(policy, name, value),
    );
    // A zone is named in the engine's words as soon as it has said them.
    void describeFactInWords(policy, name, value).then((text) => (chip.textContent = text));
    return chip;
  });
  return h(
    "section",
    { class: "understood-card answer-card", "data-policy": policy.id, "aria-label": "Answer to your question" },
    h("p", { class: "understood-question" }, policy.title),
    chips.length > 0 ? h("div", { class: "chips understood-facts", "aria-label": "What was understood" }, chips) : null,
    h(
      "div",
      { class: "answer-head" },
      h("span", { class: `verdict tone-${verdict.tone}`, "data-verdict": answer.verdict, "data-tone": verdict.tone }, verdict.label),
      h("button", { class: "button open-in-assistant", type: "button", onclick: open(null) }, "Open in assistant"),
    ),
    h("p", { class: "answer-summary" }, answer.summary),
    // What the engine can say about words the policy in force does not take (a plan of an older edition).
    (understood.notes ?? []).map((note) => h("p", { class: "understood-note" }, note)),
    understood.unparsed.length > 0
      ? h("p", { class: "muted understood-unparsed" }, `Not understood: ${understood.unparsed.join(" ")}`)
      : null,
  );
}
