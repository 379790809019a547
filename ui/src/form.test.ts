import { describe, expect, it } from "vitest";
import { dateTimeText, factsFromForm, fieldKind, formFromFacts, humanize, pickerValues } from "./form";
import type { FactSpec } from "./types";

const fact = (name: string, type: string, values: string[] | null = null): FactSpec => ({
  name,
  label: humanize(name),
  type,
  values,
  value_labels: values,
  help: "",
  default: null,
});
const facts: FactSpec[] = [
  fact("closed_on", "date"),
  fact("same_build", "bool"),
  fact("plan", "enum", ["standard", "prodirect"]),
  fact("submitted_at", "datetime"),
  fact("holidays", "list_of_dates"),
  fact("country", "country"),
];

describe("fieldKind", () => {
  it("maps declared types and allowed values to inputs", () => {
    expect(facts.map(fieldKind)).toEqual(["date", "bool", "choice", "datetime", "list", "text"]);
    expect(fieldKind({ type: "boolean", values: null })).toBe("bool");
    expect(fieldKind({ type: "enum", values: ["A", "B"] })).toBe("choice");
  });
});

describe("factsFromForm", () => {
  it("types values and leaves unknown facts out", () => {
    const values = {
      closed_on: "2025-06-01",
      same_build: "false",
      plan: "",
      submitted_at: " 2025-09-12T16:00:00+02:00 ",
      holidays: "2025-12-25, 2025-12-26;2026-01-01",
      country: "",
    };
    expect(factsFromForm(facts, values)).toEqual({
      closed_on: "2025-06-01",
      same_build: false,
      submitted_at: "2025-09-12T16:00:00+02:00",
      holidays: ["2025-12-25", "2025-12-26", "2026-01-01"],
    });
  });

  it("round-trips through formFromFacts", () => {
    const given = { closed_on: "2025-06-01", same_build: true, holidays: ["2025-12-25"] };
    const values = formFromFacts(facts, given);
    expect(values.same_build).toBe("true");
    expect(values.plan).toBe("");
    expect(factsFromForm(facts, values)).toEqual(given);
  });
});

describe("humanize", () => {
  it("turns ids into labels", () => {
    expect(humanize("new_incident_required")).toBe("New incident required");
    expect(humanize("as_of")).toBe("As of");
  });
});

describe("date-time pickers", () => {
  it("write the picked date and time as text the engine reads in the question's zone", () => {
    expect(dateTimeText("2026-11-27", "16:30")).toBe("2026-11-27 16:30");
    expect(dateTimeText("", "16:30")).toBe("16:30");
    expect(dateTimeText("2026-11-27", "")).toBe("2026-11-27");
  });

  it("show the wall-clock date and time of the resolved instant, never its offset", () => {
    expect(pickerValues("2026-11-27T16:30:00+09:00")).toEqual({ date: "2026-11-27", time: "16:30" });
    expect(pickerValues("now")).toBeNull();
    expect(pickerValues(null)).toBeNull();
  });
});
