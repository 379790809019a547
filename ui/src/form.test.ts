import { describe, expect, it } from "vitest";
import { factsFromForm, fieldKind, formFromFacts, humanize } from "./form";
import type { FactDescription } from "./policy-types";

const facts: FactDescription[] = [
  { name: "closed_on", type: "date", help: "" },
  { name: "same_build", type: "bool", help: "" },
  { name: "plan", type: "enum", allowed_values: ["standard", "prodirect"], help: "" },
  { name: "submitted_at", type: "datetime", help: "" },
  { name: "holidays", type: "date_list", help: "" },
  { name: "country", type: "string", help: "" },
];

describe("fieldKind", () => {
  it("maps declared types and allowed values to inputs", () => {
    expect(facts.map(fieldKind)).toEqual(["date", "bool", "choice", "datetime", "list", "text"]);
    expect(fieldKind({ type: "boolean" })).toBe("bool");
    expect(fieldKind({ type: "string", allowed_values: ["A", "B"] })).toBe("choice");
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
