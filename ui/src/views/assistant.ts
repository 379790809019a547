// Policy assistant and Learn. Both are built from the engine's description of every policy
// (`policies`): the form fields, their allowed values and help, the verdicts and the worked examples.
import { backend, BackendError } from "../backend";
import { byId, h, replaceChildren } from "../dom";
import { factsFromForm, fieldKind, formFromFacts, humanize, type FormValues } from "../form";
import { showView } from "../state";
import { showError, toast } from "../toast";
import type { Answer, PolicyDescription, Question } from "../types";
import type { FactDescription, PolicyExample } from "../policy-types";
import { answerCard, takeAwayActions, verdictView } from "./answer";

let policies: PolicyDescription[] = [];
let active: PolicyDescription | null = null;
let askSequence = 0;
let askTimer: ReturnType<typeof setTimeout> | undefined;
let pinned: { id: string; title: string; question: unknown; verdict: string; summary: string }[] = [];
/** What was entered, per question, for this session: switching questions loses nothing. */
const remembered = new Map<string, FormValues>();
/** Facts that mean the same thing in several questions (same name, type and label), shared between them. */
const shared: FormValues = {};
/** The question and answer on screen, kept while the form has an error (shown as out of date). */
let lastGood: { question: Question; answer: Answer } | null = null;

/** Builds the assistant view. */
export function assistantView(): HTMLElement {
  return h(
    "section",
    { id: "view-assistant", class: "view split" },
    h(
      "nav",
      { class: "sidebar", "aria-label": "Questions" },
      h("h2", {}, "Ask about"),
      h("ul", { id: "policy-list", class: "plain" }),
      h("h2", {}, "Pinned answers"),
      h("ul", { id: "pinned-list", class: "plain" }),
    ),
    h(
      "div",
      { class: "assistant" },
      h("div", { id: "verdict-bar", class: "verdict-bar", hidden: true, "aria-hidden": "true" }),
      h(
        "div",
        { class: "assistant-head" },
        h("h1", { id: "policy-question" }, "Pick a question"),
        h("button", { id: "reset-facts", class: "button", type: "button", title: "Forget the facts entered for this question", onclick: () => resetFacts() }, "Reset"),
      ),
      h("p", { id: "policy-description", class: "muted" }, "The form is built from the policy engine; leave a fact empty when you don't know it."),
      h(
        "div",
        { class: "assistant-body" },
        h("form", { id: "facts-form", class: "facts-form", autocomplete: "off", onsubmit: (e: Event) => e.preventDefault() }),
        h("div", { id: "answer", class: "answer-column", "aria-live": "polite" }),
      ),
    ),
  );
}

/** Builds the Learn view. */
export function learnView(): HTMLElement {
  return h(
    "section",
    { id: "view-learn", class: "view split" },
    h("nav", { id: "scenarios", class: "sidebar", "aria-label": "Worked scenarios" }),
    h(
      "div",
      { id: "learn-detail", class: "assistant" },
      h("h1", {}, "Learn the policy by example"),
      h("p", { class: "muted" }, "Pick a worked scenario: you see its facts, the answer and why, with links to the passages."),
    ),
  );
}

/** Loads the policies and pinned answers, fills both views. */
export async function initAssistant(): Promise<void> {
  try {
    policies = await backend.policies();
  } catch (error) {
    showError(error);
    return;
  }
  replaceChildren(
    byId("policy-list"),
    policies.map((policy) =>
      h(
        "li",
        {},
        h(
          "button",
          { class: "policy-item link", "data-policy": policy.id, onclick: () => selectPolicy(policy.id, {}) },
          policy.title,
        ),
      ),
    ),
  );
  renderScenarios();
  if (policies[0]) selectPolicy(policies[0].id, {});
  backend
    .userData()
    .then((data) => renderPinned(data.pinned))
    .catch(showError);
}

/** Whether a fact means the same in another question (same name, type and label there). */
function isShared(fact: FactDescription): boolean {
  return policies.some(
    (p) => p.id !== active?.id && p.facts.some((f) => f.name === fact.name && f.type === fact.type && f.label === fact.label),
  );
}

/** Keeps what the form holds, for this question and the facts it shares with others. */
function remember(): void {
  if (!active) return;
  const values = currentValues();
  remembered.set(active.id, values);
  for (const fact of active.facts) {
    if (isShared(fact)) shared[fact.name] = values[fact.name] ?? "";
  }
}

/** Forgets what was entered for the question on screen (and the facts it shares), and asks again. */
function resetFacts(): void {
  if (!active) return;
  remembered.delete(active.id);
  for (const fact of active.facts) if (isShared(fact)) delete shared[fact.name];
  lastGood = null;
  selectPolicy(active.id, {});
}

/** Shows a policy's form, filled with `facts` (or, when none are given, what was entered before in
 * this session), and asks. */
export function selectPolicy(id: string, facts: Record<string, unknown>): void {
  const policy = policies.find((p) => p.id === id);
  if (!policy) return;
  if (active && active.id !== id) remember();
  active = policy;
  lastGood = null;
  document.querySelectorAll("#policy-list .policy-item").forEach((item) => {
    item.classList.toggle("active", (item as HTMLElement).dataset.policy === id);
  });
  byId("policy-question").textContent = policy.title;
  byId("policy-description").textContent = policy.description ?? "";
  const given = Object.keys(facts).length > 0;
  const values = given ? formFromFacts(policy.facts, facts) : { ...(remembered.get(id) ?? {}) };
  if (!given) {
    for (const fact of policy.facts) {
      const value = shared[fact.name];
      const allowed = !fact.values || fact.values.includes(value ?? "");
      if (value !== undefined && value !== "" && allowed && !values[fact.name]) values[fact.name] = value;
    }
  }
  replaceChildren(byId("facts-form"), policy.facts.map((fact) => field(fact, values)));
  replaceChildren(byId("answer"));
  void ask();
}

function field(fact: FactDescription, values: FormValues): HTMLElement {
  const id = `fact-${fact.name}`;
  const kind = fieldKind(fact);
  const value = values[fact.name] ?? "";
  const defaultText = fact.default !== undefined && fact.default !== null ? ` (default: ${String(fact.default)})` : "";
  let input: HTMLInputElement | HTMLSelectElement;
  if (kind === "bool" || kind === "choice") {
    const options: [string, string][] =
      kind === "bool"
        ? [
            ["true", "Yes"],
            ["false", "No"],
          ]
        : (fact.values ?? []).map((v, i) => [v, fact.value_labels?.[i] ?? humanize(v)]);
    input = h(
      "select",
      { id, name: fact.name, "data-kind": kind },
      h("option", { value: "" }, `Unknown${defaultText}`),
      options.map(([v, label]) => h("option", { value: v }, label)),
    );
    input.value = value;
  } else {
    const type = kind === "date" ? "date" : kind === "number" ? "number" : "text";
    const placeholder =
      kind === "datetime"
        ? "e.g. 2025-09-12T16:00:00+02:00"
        : kind === "list"
          ? "e.g. 2025-12-25, 2025-12-26"
          : fact.type === "country"
            ? "e.g. DE, US, JP"
            : fact.type === "time_zone"
              ? "e.g. Europe/Berlin"
              : `Unknown${defaultText}`;
    input = h("input", { id, name: fact.name, type, placeholder, "data-kind": kind, value });
  }
  input.addEventListener(input instanceof HTMLSelectElement ? "change" : "input", () => {
    remember();
    scheduleAsk();
  });
  const messageId = `${id}-message`;
  input.setAttribute("aria-describedby", `${id}-help ${messageId}`);
  return h(
    "div",
    { class: "field", "data-fact": fact.name },
    h("label", { for: id }, fact.label),
    input,
    h("small", { id: messageId, class: "field-message", role: "status" }),
    fact.help ? h("small", { id: `${id}-help`, class: "help" }, fact.help) : null,
  );
}

function currentValues(): FormValues {
  const values: FormValues = {};
  byId("facts-form")
    .querySelectorAll<HTMLInputElement | HTMLSelectElement>("[name]")
    .forEach((el) => (values[el.name] = el.value));
  return values;
}

function scheduleAsk(): void {
  clearTimeout(askTimer);
  askTimer = setTimeout(() => void ask(), 120);
}

async function ask(): Promise<void> {
  if (!active) return;
  const policy = active;
  const question: Question = { policy: policy.id, facts: factsFromForm(policy.facts, currentValues()) };
  const mine = ++askSequence;
  let answer: Answer;
  try {
    answer = await backend.ask(question);
  } catch (error) {
    if (mine !== askSequence) return;
    showFormError(error);
    return;
  }
  if (mine !== askSequence) return;
  lastGood = { question, answer };
  clearFieldMessages();
  for (const conflict of answer.conflicts) {
    for (const name of conflict.facts) fieldMessage(name, conflict.says, "conflict");
  }
  const pin = h("button", { class: "button pin", title: "Keep this answer in the Pinned list", onclick: () => void pinAnswer(policy, question, answer) }, "Pin");
  replaceChildren(byId("answer"), answerCard(answer, policy, [pin, ...takeAwayActions(question, answer)], question.facts));
  showVerdictBar(policy, answer);
}

/** An input error: said next to the field it is about (or above the answer), while the last good
 * answer stays on screen, marked out of date. */
function showFormError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const field = error instanceof BackendError ? error.field : null;
  clearFieldMessages();
  const placed = field !== null && fieldMessage(field, message, "error");
  const column = byId("answer");
  const notice = h(
    "div",
    { class: "answer-stale-notice input-error", role: "alert" },
    placed ? "The answer below is for the facts before your last change: correct the field marked in the form." : message,
  );
  const card = column.querySelector(".answer-card");
  if (lastGood && card) {
    card.classList.add("stale");
    column.querySelector(".answer-stale-notice")?.remove();
    column.prepend(notice);
  } else {
    replaceChildren(column, notice);
  }
}

/** Writes a message under a field; false when the form has no such field. */
function fieldMessage(name: string, message: string, kind: "error" | "conflict"): boolean {
  const container = byId("facts-form").querySelector<HTMLElement>(`.field[data-fact="${CSS.escape(name)}"]`);
  const slot = container?.querySelector<HTMLElement>(".field-message");
  if (!container || !slot) return false;
  container.classList.add(kind === "error" ? "has-error" : "has-conflict");
  slot.textContent = message;
  return true;
}

function clearFieldMessages(): void {
  byId("facts-form")
    .querySelectorAll<HTMLElement>(".field")
    .forEach((field) => {
      field.classList.remove("has-error", "has-conflict");
      const slot = field.querySelector(".field-message");
      if (slot) slot.textContent = "";
    });
}

/** The compact verdict that stays at the top of the assistant on narrow windows. */
function showVerdictBar(policy: PolicyDescription, answer: Answer): void {
  const verdict = verdictView(policy, answer.verdict);
  const bar = byId("verdict-bar");
  bar.hidden = false;
  replaceChildren(
    bar,
    h("span", { class: `verdict tone-${verdict.tone}` }, verdict.label),
    h("span", { class: "verdict-bar-summary" }, answer.summary),
  );
}

async function pinAnswer(policy: PolicyDescription, question: Question, answer: Answer): Promise<void> {
  const id = `${policy.id}:${JSON.stringify(question.facts)}`;
  try {
    const data = await backend.pinAnswer({
      id,
      title: policy.title,
      question: question as unknown as Record<string, unknown>,
      verdict: answer.verdict,
      summary: answer.summary,
      pinned_at: "",
    } as never);
    renderPinned(data.pinned);
    toast("Pinned");
  } catch (error) {
    showError(error);
  }
}

function renderPinned(list: typeof pinned): void {
  pinned = list;
  replaceChildren(
    byId("pinned-list"),
    pinned.length === 0
      ? h("li", { class: "muted" }, "Pin an answer to keep it here.")
      : pinned.map((item) => {
          const q = item.question as Question;
          return h(
            "li",
            { class: "pinned" },
            h(
              "button",
              {
                class: "link",
                title: item.summary,
                onclick: () => {
                  showView("assistant");
                  selectPolicy(q.policy, q.facts ?? {});
                },
              },
              `${item.title} — ${verdictView(policies.find((p) => p.id === q.policy), item.verdict).label}`,
            ),
            h(
              "button",
              {
                class: "icon",
                "aria-label": "Unpin",
                onclick: () =>
                  backend
                    .unpinAnswer(item.id)
                    .then((data) => renderPinned(data.pinned))
                    .catch(showError),
              },
              "×",
            ),
          );
        }),
  );
}

function renderScenarios(): void {
  const groups = policies
    .filter((policy) => policy.examples.length > 0)
    .map((policy) =>
      h(
        "div",
        { class: "scenario-group" },
        h("h2", {}, policy.title),
        h(
          "ul",
          { class: "plain" },
          policy.examples.map((example, index) =>
            h(
              "li",
              {},
              h(
                "button",
                {
                  class: "scenario link",
                  "data-policy": policy.id,
                  "data-example": String(index),
                  onclick: () => void showScenario(policy, example),
                },
                example.name,
              ),
            ),
          ),
        ),
      ),
    );
  replaceChildren(byId("scenarios"), groups);
}

async function showScenario(policy: PolicyDescription, example: PolicyExample): Promise<void> {
  const detail = byId("learn-detail");
  const facts = Object.entries(example.facts);
  let answer: Answer;
  try {
    answer = await backend.ask({ policy: policy.id, facts: example.facts });
  } catch (error) {
    showError(error);
    return;
  }
  replaceChildren(
    detail,
    h("h1", {}, example.name),
    h("h3", {}, "The facts"),
    h(
      "table",
      { class: "facts-table" },
      h(
        "tbody",
        {},
        facts.length === 0
          ? h("tr", {}, h("td", {}, "Nothing is known yet."))
          : facts.map(([name, value]) =>
              h("tr", {}, h("th", { scope: "row" }, policy.facts.find((f) => f.name === name)?.label ?? humanize(name)), h("td", {}, factText(value, policy.facts.find((f) => f.name === name)))),
            ),
      ),
    ),
    h("h3", {}, "The answer, explained"),
    answerCard(answer, policy, takeAwayActions({ policy: policy.id, facts: example.facts }, answer), example.facts),
    example.explanation ? h("p", { class: "explanation" }, example.explanation) : null,
    h(
      "button",
      {
        class: "button",
        id: "try-in-assistant",
        onclick: () => {
          showView("assistant");
          selectPolicy(policy.id, example.facts);
        },
      },
      "Try it in the assistant",
    ),
  );
}

/** A fact value as people read it: yes/no for booleans, a choice by its label, lists comma-separated. */
export function factText(value: unknown, fact?: FactDescription): string {
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (value === null || value === undefined) return "Unknown";
  if (Array.isArray(value)) return value.map(String).join(", ");
  const index = fact?.values?.indexOf(String(value)) ?? -1;
  if (index >= 0 && fact?.value_labels?.[index]) return fact.value_labels[index];
  return String(value);
}
