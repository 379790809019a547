// The policy assistant's form model: built from the engine's own description of each policy
// (`policies`), so a new fact or value in Rust shows up in the UI without UI changes.
import type { FactSpec } from "./types";

/** How a fact is edited. */
export type FieldKind = "bool" | "choice" | "date" | "datetime" | "list" | "number" | "text";

/** Decides the input for a fact from its declared type and allowed values. */
export function fieldKind(fact: Pick<FactSpec, "type" | "values">): FieldKind {
  const type = fact.type.toLowerCase();
  if (type === "bool" || type === "boolean") return "bool";
  if (type.includes("list") || type.startsWith("[") || type.endsWith("[]") || type === "dates") return "list";
  if (fact.values && fact.values.length > 0) return "choice";
  if (type === "date") return "date";
  if (type === "datetime" || type === "date_time" || type === "instant" || type.includes("rfc3339") || type === "timestamp")
    return "datetime";
  if (type === "number" || type === "integer" || type === "int" || type === "float") return "number";
  return "text";
}

/** Form values: one string per fact; the empty string means "unknown" (the fact is left out). */
export type FormValues = Record<string, string>;

/** Turns form values into the `facts` object of a question, typed per fact. Unknown facts are omitted. */
export function factsFromForm(facts: FactSpec[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const fact of facts) {
    const raw = (values[fact.name] ?? "").trim();
    if (raw === "") continue;
    switch (fieldKind(fact)) {
      case "bool":
        if (raw === "true" || raw === "false") out[fact.name] = raw === "true";
        break;
      case "list":
        out[fact.name] = raw.split(/[\s,;]+/).filter((item) => item !== "");
        break;
      case "number": {
        const n = Number(raw);
        out[fact.name] = Number.isFinite(n) ? n : raw;
        break;
      }
      default:
        out[fact.name] = raw;
    }
  }
  return out;
}

/** The inverse of factsFromForm: fills the form from a question's facts (e.g. a worked example). */
export function formFromFacts(facts: FactSpec[], given: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const fact of facts) {
    const value = given[fact.name];
    if (value === undefined || value === null) values[fact.name] = "";
    else if (Array.isArray(value)) values[fact.name] = value.map(String).join(", ");
    else values[fact.name] = String(value);
  }
  return values;
}

/** Human label for a fact or verdict id: `closed_on` → "Closed on". */
export function humanize(id: string): string {
  const spaced = id.replace(/_/g, " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** What the date and time pickers of a date-time field write into its text (which the engine reads
 * in the question's time zone): "2026-11-27 16:30"; a date alone or a time alone (today) as it is. */
export function dateTimeText(date: string, time: string): string {
  return [date.trim(), time.trim()].filter((part) => part !== "").join(" ");
}

/** The date and time pickers' values for a date-time the engine resolved (RFC 3339, in the offset of
 * the question's zone): `2026-11-27T16:30:00+09:00` → 2026-11-27 and 16:30, the wall clock there. */
export function pickerValues(instant: unknown): { date: string; time: string } | null {
  if (typeof instant !== "string") return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(instant);
  return m ? { date: m[1], time: m[2] } : null;
}
