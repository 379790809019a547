// Policy assistant. It is built from the engine's description of every policy
// (`policies`): the form fields, their allowed values and help, the verdicts and the worked examples.
import { backend, BackendError } from "../backend";
import { byId, h, replaceChildren } from "../dom";
import { dateTimeText, factsFromForm, fieldKind, formFromFacts, humanize, pickerValues, type FormValues } from "../form";
import { showView } from "../state";
import { showError, toast } from "../toast";
import type { Answer, Country, PolicySpec, Question } from "../types";
import type { FactSpec } from "../types";
import { loadEditions } from "../editions";
import { answerCard, takeAwayActions, verdictView } from "./answer";

let policies: PolicySpec[] = [];
/** The edition chosen in the selector (`YYYY-MM-DD`); null: the one in force on the question's date. */
let edition: string | null = null;
let active: PolicySpec | null = null;
let askSequence = 0;
let askTimer: ReturnType<typeof setTimeout> | undefined;
let pinned: { id: string; title: string; question: unknown; verdict: string; summary: string; name?: string; note?: string }[] = [];
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
      h(
        "div",
        { class: "pin-actions" },
        h("button", { id: "export-pins", class: "button", type: "button", title: "Save the pinned answers to a file", onclick: () => void exportPins() }, "Export…"),
        h("button", { id: "import-pins", class: "button", type: "button", title: "Add pinned answers from a file", onclick: () => void importPins() }, "Import…"),
      ),
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
      h(
        "label",
        { class: "edition-select" },
        h("span", {}, "Policy edition"),
        h("select", { id: "edition-select", onchange: (e: Event) => void chooseEdition((e.target as HTMLSelectElement).value || null) },
          h("option", { value: "" }, "Policy in force on the question's date"),
        ),
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

/** Loads the editions, the policies and pinned answers. */
export async function initAssistant(): Promise<void> {
  try {
    const editions = await loadEditions();
    byId("edition-select").append(...editions.map((e) => h("option", { value: e.policy_version }, e.name)));
    policies = await backend.policies(edition);
  } catch (error) {
    showError(error);
    return;
  }
  listPolicies();
  void loadCountries();
  if (policies[0]) selectPolicy(policies[0].id, {});
  backend
    .userData()
    .then((data) => renderPinned(data.pinned))
    .catch(showError);
}

/** Answers under `version` (null: the edition in force on the question's date): the form is rebuilt
 * from that edition's descriptions (its plans and severities), keeping what was entered. */
async function chooseEdition(version: string | null): Promise<void> {
  remember();
  edition = version;
  byId<HTMLSelectElement>("edition-select").value = version ?? "";
  try {
    policies = await backend.policies(version);
  } catch (error) {
    showError(error);
    return;
  }
  listPolicies();
  const keep = active && policies.some((p) => p.id === active?.id) ? active.id : policies[0]?.id;
  active = null;
  if (keep) selectPolicy(keep, {});
}

/** Opens a question (a link, a pinned answer) with its edition and facts. */
export async function openQuestion(question: Question): Promise<void> {
  if ((question.policy_version ?? null) !== edition) await chooseEdition(question.policy_version ?? null);
  selectPolicy(question.policy, question.facts ?? {});
}

function listPolicies(): void {
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
  document.querySelectorAll("#policy-list .policy-item").forEach((item) => {
    item.classList.toggle("active", (item as HTMLElement).dataset.policy === active?.id);
  });
}

/** Whether a fact means the same in another question (same name, type and label there). */
function isShared(fact: FactSpec): boolean {
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

/** The description of a policy, once loaded. */
export function policyById(id: string): PolicySpec | undefined {
  return policies.find((p) => p.id === id);
}

/** A fact of a question as people read it: "Closed on: 12 Aug 2026", "Severity: Severity B (moderate)". */
export function describeFact(policy: PolicySpec, name: string, value: unknown): string {
  const fact = policy.facts.find((f) => f.name === name);
  const country = fact?.type === "country" ? countries.find((c) => c.code === value) : undefined;
  return `${fact?.label ?? humanize(name)}: ${country ? country.name : factText(value, fact)}`;
}

/** [`describeFact`], with a time zone named in the engine's words ("Tokyo time (UTC+09:00)") rather than
 * by its id. */
export async function describeFactInWords(policy: PolicySpec, name: string, value: unknown): Promise<string> {
  const fact = policy.facts.find((f) => f.name === name);
  if (fact?.type === "time_zone" && typeof value === "string") return describeFact(policy, name, await zoneInWords(value));
  return describeFact(policy, name, value);
}

/** Shows a policy's form, filled with `facts` (or, when none are given, what was entered before in
 * this session), and asks. */
export function selectPolicy(id: string, facts: Record<string, unknown>): void {
  const policy = policies.find((p) => p.id === id);
  if (!policy) {
    // A question the chosen edition does not describe (from Learn, a search, a link): asked under the
    // edition in force on its date instead.
    if (edition !== null) void chooseEdition(null).then(() => selectPolicy(id, facts));
    return;
  }
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

/** Whether a fact is typed in people's words and read by the engine (`resolve_fact`): dates,
 * date-times, lists of dates, countries, time zones. */
function inWords(fact: FactSpec): boolean {
  const kind = fieldKind(fact);
  return kind === "date" || kind === "datetime" || kind === "list" || fact.type === "country" || fact.type === "time_zone";
}

const PLACEHOLDERS: Record<string, string> = {
  date: "e.g. 12 Aug 2026, last Friday, 2 months ago",
  datetime: "e.g. Friday 16:30, yesterday 9:00, now",
  list: "e.g. 24 Dec 2026, 25 Dec 2026",
  country: "e.g. Japan, Germany, Mexico",
  time_zone: "e.g. Tokyo, Europe/Berlin",
};

function field(fact: FactSpec, values: FormValues): HTMLElement {
  const id = `fact-${fact.name}`;
  const kind = fieldKind(fact);
  const value = values[fact.name] ?? "";
  const defaultValue = fact.default === "true" ? true : fact.default === "false" ? false : fact.default;
  const defaultText =
    defaultValue !== undefined && defaultValue !== null ? ` (if not given: ${factText(defaultValue, fact)})` : "";
  let input: HTMLInputElement | HTMLSelectElement;
  const extras: HTMLElement[] = [];
  let pickers: HTMLElement | null = null;
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
      h("option", { value: "" }, `Don't know${defaultText}`),
      options.map(([v, label]) => h("option", { value: v }, label)),
    );
    input.value = value;
  } else {
    const placeholder =
      PLACEHOLDERS[fact.type === "country" || fact.type === "time_zone" ? fact.type : kind] ?? `Don't know${defaultText}`;
    const list = fact.type === "country" ? "country-options" : fact.type === "time_zone" ? `zone-options-${fact.name}` : undefined;
    input = h("input", {
      id,
      name: fact.name,
      type: kind === "number" ? "number" : "text",
      placeholder,
      "data-kind": kind,
      value,
      autocomplete: "off",
      ...(list ? { list } : {}),
    });
    if (fact.type === "country") extras.push(countryOptions());
    if (fact.type === "time_zone") extras.push(h("datalist", { id: `zone-options-${fact.name}` }));
    if (kind === "date") {
      // The calendar writes a plain date into the field; typing "last Friday" works as well.
      const picker = h("input", {
        type: "date",
        class: "date-picker",
        "aria-label": `${fact.label}: pick on a calendar`,
        onchange: (event: Event) => {
          const picked = (event.target as HTMLInputElement).value;
          if (picked) setFieldText(fact.name, picked);
        },
      });
      extras.push(picker);
    }
    if (kind === "datetime") {
      // A date picker, a time picker beside it and Now: they write the text, which the engine reads in
      // the question's time zone (the offset comes from the zone, never typed). Free text works too.
      const picked = () => {
        const date = byId<HTMLInputElement>(`${id}-date`).value;
        const time = byId<HTMLInputElement>(`${id}-time`).value;
        if (date || time) setFieldText(fact.name, dateTimeText(date, time));
      };
      pickers = h(
        "div",
        { class: "datetime-pickers" },
        h("input", { id: `${id}-date`, type: "date", class: "date-input", "aria-label": `${fact.label}: date`, onchange: picked }),
        h("input", { id: `${id}-time`, type: "time", class: "time-input", "aria-label": `${fact.label}: time of day`, onchange: picked }),
        h("button", { class: "button now", type: "button", title: "The current date and time", onclick: () => setFieldText(fact.name, "now") }, "Now"),
      );
    }
  }
  input.addEventListener(input instanceof HTMLSelectElement ? "change" : "input", () => {
    remember();
    scheduleAsk();
  });
  const messageId = `${id}-message`;
  input.setAttribute("aria-describedby", `${id}-read ${id}-help ${messageId}`);
  return h(
    "div",
    { class: "field", "data-fact": fact.name },
    h("label", { for: id }, fact.label),
    h("div", { class: "field-row" }, input, extras),
    pickers,
    inWords(fact) ? h("small", { id: `${id}-read`, class: "field-read", "aria-live": "polite" }) : null,
    h("small", { id: messageId, class: "field-message", role: "status" }),
    fact.help ? h("small", { id: `${id}-help`, class: "help" }, fact.help) : null,
  );
}

/** Writes `text` into a field as if typed, and asks again. */
function setFieldText(name: string, text: string): void {
  const input = byId("facts-form").querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`);
  if (!input) return;
  input.value = text;
  remember();
  scheduleAsk();
}

let countries: Country[] = [];
let countriesLoading: Promise<Country[]> | null = null;

/** Every country, asked of the engine once per session. */
function loadCountries(): Promise<Country[]> {
  countriesLoading ??= backend
    .countries()
    .then((all) => (countries = all))
    .catch((error) => {
      countriesLoading = null;
      showError(error);
      return countries;
    });
  return countriesLoading;
}

/** The datalist of every country by name. */
function countryOptions(): HTMLElement {
  const list = h("datalist", { id: "country-options" });
  void loadCountries().then((all) => replaceChildren(list, all.map((c) => h("option", { value: c.name }))));
  return list;
}

/** Reads every field typed in people's words (zones first, so a time without an offset takes the
 * customer's zone), shows how each was read beside it, and returns the facts of the question; an error
 * names the field. */
async function readFacts(policy: PolicySpec, values: FormValues): Promise<Record<string, unknown>> {
  const facts = factsFromForm(
    policy.facts.filter((f) => !inWords(f)),
    values,
  );
  const order = [...policy.facts.filter(inWords)].sort((a, b) => rank(a) - rank(b));
  let zone: string | null = null;
  for (const fact of order) {
    const text = (values[fact.name] ?? "").trim();
    const read = document.getElementById(`fact-${fact.name}-read`);
    if (text === "") {
      if (read) read.textContent = "";
      continue;
    }
    let resolved;
    try {
      resolved = await backend.resolveFact(policy.id, fact.name, text, zone);
    } catch (error) {
      if (read) read.textContent = "";
      if (error instanceof BackendError && !error.field) throw new BackendError(error.code, error.message, fact.name);
      throw error;
    }
    facts[fact.name] = resolved.value;
    if (read) read.textContent = `= ${resolved.display}`;
    const pickedNow = fieldKind(fact) === "datetime" ? pickerValues(resolved.value) : null;
    if (pickedNow) {
      const date = document.getElementById(`fact-${fact.name}-date`) as HTMLInputElement | null;
      const time = document.getElementById(`fact-${fact.name}-time`) as HTMLInputElement | null;
      if (date) date.value = pickedNow.date;
      if (time) time.value = pickedNow.time;
    }
    if (fact.type === "time_zone" && typeof resolved.value === "string") zone = resolved.value;
    if (fact.type === "country" && typeof resolved.value === "string") proposeZones(policy, resolved.value, values);
  }
  return facts;
}

/** Zones are read before the rest; then countries; then dates and times. */
function rank(fact: FactSpec): number {
  return fact.type === "time_zone" ? 0 : fact.type === "country" ? 1 : 2;
}

const zoneWordsAsked = new Map<string, Promise<string>>();

/** A zone in the engine's words, asked once per session. */
export function zoneInWords(zone: string): Promise<string> {
  let words = zoneWordsAsked.get(zone);
  if (!words) {
    words = backend.zoneWords(zone).catch(() => zone);
    zoneWordsAsked.set(zone, words);
  }
  return words;
}

/** A country proposes its time zones: the list of the time-zone field, and the zone itself when the
 * country has one and no zone was typed. */
function proposeZones(policy: PolicySpec, code: string, values: FormValues): void {
  const country = countries.find((c) => c.code === code);
  if (!country) return;
  for (const fact of policy.facts.filter((f) => f.type === "time_zone")) {
    // Zones in the engine's words ("Tokyo time (UTC+09:00)"), which it reads back; never their ids.
    const list = document.getElementById(`zone-options-${fact.name}`);
    void Promise.all(country.zones.map(zoneInWords)).then((words) => {
      if (list) replaceChildren(list, words.map((w) => h("option", { value: w })));
      if ((values[fact.name] ?? "").trim() === "" && words.length === 1) setFieldText(fact.name, words[0]);
    });
  }
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
  const mine = ++askSequence;
  let answer: Answer;
  let question: Question;
  try {
    const facts = await readFacts(policy, currentValues());
    if (mine !== askSequence) return;
    question = edition ? { policy: policy.id, facts, policy_version: edition } : { policy: policy.id, facts };
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
function showVerdictBar(policy: PolicySpec, answer: Answer): void {
  const verdict = verdictView(policy, answer.verdict);
  const bar = byId("verdict-bar");
  bar.hidden = false;
  replaceChildren(
    bar,
    h("span", { class: `verdict tone-${verdict.tone}` }, verdict.label),
    h("span", { class: "verdict-bar-summary" }, answer.summary),
  );
}

async function pinAnswer(policy: PolicySpec, question: Question, answer: Answer): Promise<void> {
  const id = `${policy.id}${question.policy_version ? `@${question.policy_version}` : ""}:${JSON.stringify(question.facts)}`;
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

async function exportPins(): Promise<void> {
  try {
    if (await backend.exportPins()) toast("Pinned answers exported");
  } catch (error) {
    showError(error);
  }
}

async function importPins(): Promise<void> {
  try {
    const result = await backend.importPins();
    if (!result) return;
    const [report, data] = result;
    renderPinned(data.pinned);
    toast(`Imported ${report.added} new pinned answer${report.added === 1 ? "" : "s"}${report.replaced ? `, ${report.replaced} updated` : ""}`);
  } catch (error) {
    showError(error);
  }
}

/** The inline form that names a pinned answer and keeps a note on it. */
function pinEditor(item: (typeof pinned)[number], row: HTMLElement): void {
  const name = h("input", { class: "pin-name", type: "text", value: item.name ?? "", placeholder: item.title, "aria-label": "Name" });
  const note = h("textarea", { class: "pin-note", rows: 3, placeholder: "A note for yourself", "aria-label": "Note" });
  note.value = item.note ?? "";
  const save = () =>
    backend
      .describePin(item.id, name.value, note.value)
      .then((data) => renderPinned(data.pinned))
      .catch(showError);
  row.appendChild(
    h(
      "form",
      { class: "pin-editor", onsubmit: (e: Event) => { e.preventDefault(); void save(); } },
      name,
      note,
      h("button", { class: "button", type: "submit" }, "Save"),
      h("button", { class: "button", type: "button", onclick: () => renderPinned(pinned) }, "Cancel"),
    ),
  );
  name.focus();
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
                  void openQuestion(q);
                },
              },
              `${item.name || item.title} — ${verdictView(policies.find((p) => p.id === q.policy), item.verdict).label}`,
            ),
            item.note ? h("p", { class: "pin-note-text muted" }, item.note) : null,
            h(
              "button",
              {
                class: "icon edit-pin",
                "aria-label": "Name this pinned answer or add a note",
                title: "Name or note",
                onclick: (event: Event) => pinEditor(item, (event.currentTarget as HTMLElement).closest("li") as HTMLElement),
              },
              "✎",
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

/** "Wed 12 Aug 2026" for a calendar date (no time zone involved). */
function dateWords(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** A fact value as people read it: yes/no for booleans, a choice by its label, lists comma-separated. */
export function factText(value: unknown, fact?: FactSpec): string {
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (value === null || value === undefined) return "Unknown";
  if (Array.isArray(value)) return value.map((v) => factText(v, fact)).join(", ");
  if (typeof value === "string") {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (date) return dateWords(Number(date[1]), Number(date[2]), Number(date[3]));
    const instant = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
    if (instant) {
      const offset = instant[6] === "Z" ? "+00:00" : instant[6];
      return `${dateWords(Number(instant[1]), Number(instant[2]), Number(instant[3]))}, ${instant[4]}:${instant[5]} (UTC${offset.replace("-", "−")})`;
    }
  }
  const index = fact?.values?.indexOf(String(value)) ?? -1;
  if (index >= 0 && fact?.value_labels?.[index]) return fact.value_labels[index];
  return String(value);
}
