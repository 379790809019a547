import { describe, expect, it, vi } from "vitest";
import { engineFixture } from "./fixtures";
import type { Answer, PolicySpec } from "./types";

// The engine names zones in words (zone_words); other commands are not needed by the card.
const ZONE_WORDS: Record<string, string> = {
  "America/Mexico_City": "Mexico City time (UTC-06:00)",
  "America/Los_Angeles": "Los Angeles time (UTC-08:00)",
};
vi.mock("@tauri-apps/api/core", () => ({
  invoke: (command: string, args: { zone?: string }) =>
    Promise.resolve(command === "zone_words" ? (ZONE_WORDS[args.zone ?? ""] ?? null) : null),
}));
const { answerCard } = await import("./views/answer");

/** The label and tone the policy description gives a verdict. */
function verdictSpec(policy: PolicySpec, answer: Answer) {
  const spec = policy.verdicts.find((v) => v.id === answer.verdict);
  expect(spec, `the description has verdict ${answer.verdict}`).toBeDefined();
  return spec!;
}

/** The facts of a fixture's question as the assistant passes them (strings). */
function factsOf(facts: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, String(v)]));
}

describe("answerCard, on answers the engine gave", () => {
  it("shows a business-hours deadline by its label, with reasons citing passages, notes and the timeline", () => {
    const { question, answer, policy } = engineFixture("standard_sev_c_friday_afternoon_berlin");
    const card = answerCard(answer, policy, [], factsOf(question.facts));
    const verdict = card.querySelector(".verdict");
    const spec = verdictSpec(policy, answer);
    expect(verdict?.getAttribute("data-verdict")).toBe(answer.verdict);
    expect(verdict?.textContent).toBe(spec.label);
    expect(verdict?.classList.contains(`tone-${spec.tone}`)).toBe(true);
    const cite = card.querySelector<HTMLAnchorElement>(".reasons a.cite");
    expect(cite?.dataset.doc).toBe(answer.reasons[0].cites.doc);
    expect(cite?.dataset.anchor).toBe(answer.reasons[0].cites.anchor);
    expect(cite?.textContent).not.toContain(".md");
    const notes = [...card.querySelectorAll(".answer-note h4")].map((n) => n.textContent);
    expect(notes).toEqual(answer.notes.map((n) => n.label));
    const windows = (answer.details as { windows: unknown[] }).windows;
    expect(card.querySelectorAll("#timeline .tl-window")).toHaveLength(windows.length);
    expect(card.querySelectorAll("#timeline .tl-deadline")).toHaveLength(1);
    const caption = card.querySelector("#timeline figcaption")?.textContent ?? "";
    expect(caption).toContain("Respond by Mon 15 Sep, 16:00");
    expect(caption).toContain("8 hours, business hours only");
  });

  it("lists supportkb's readings with the passage each rests on", () => {
    const { question, answer, policy } = engineFixture("standard_sev_c_monday_morning_mexico_city");
    expect(answer.interpretations.length).toBeGreaterThan(0);
    const card = answerCard(answer, policy, [], factsOf(question.facts));
    const reading = card.querySelector(".interpretations");
    expect(reading?.querySelector("h4")?.textContent).toBe("How supportkb reads this");
    expect(reading?.querySelector(".interpretation")?.textContent).toContain(answer.interpretations[0].reading);
    expect(reading?.querySelector<HTMLAnchorElement>("a.cite")?.dataset.anchor).toBe(answer.interpretations[0].cites.anchor);
  });

  it("draws the deadline in the offset the engine gave, whatever the web view's time-zone data says", async () => {
    const { question, answer, policy } = engineFixture("standard_sev_c_monday_morning_mexico_city");
    const card = answerCard(answer, policy, [], factsOf(question.facts));
    const caption = () => card.querySelector("#timeline figcaption")?.textContent ?? "";
    expect(caption()).toContain("Respond by Mon 23 Nov, 16:00, UTC−06:00");
    expect(card.querySelectorAll("#timeline .tl-window")).toHaveLength(1);
    // Then the zones in the engine's words, never their ids.
    await vi.waitFor(() => expect(caption()).toContain("Respond by Mon 23 Nov, 16:00, Mexico City time (UTC-06:00)"));
    await vi.waitFor(() => expect(caption()).toContain("business hours counted in Los Angeles time (UTC-08:00)"));
    expect(caption()).not.toContain("America/");
  });

  it("says an around-the-clock deadline is around the clock", () => {
    const { question, answer, policy } = engineFixture("prodirect_sev_a_friday_afternoon_berlin");
    const card = answerCard(answer, policy, [], factsOf(question.facts));
    expect(card.querySelector(".verdict")?.textContent).toBe(verdictSpec(policy, answer).label);
    const caption = card.querySelector("#timeline figcaption")?.textContent ?? "";
    expect(caption).toContain("1 hour, around the clock");
    expect(caption).not.toContain("business hours");
  });

  it("asks for the missing facts as the questions the description asks", () => {
    const { question, answer, policy } = engineFixture("response_time_without_facts");
    const card = answerCard(answer, policy, [], factsOf(question.facts));
    expect(card.querySelector(".missing-facts h4")?.textContent).toBe("To decide, answer");
    const asked = [...card.querySelectorAll(".missing-facts li")].map((li) => li.getAttribute("data-fact"));
    expect(asked).toEqual(answer.missing_facts);
    for (const li of card.querySelectorAll(".missing-facts li")) {
      expect(li.textContent).not.toMatch(/_/);
    }
    expect(card.querySelector("#timeline")).toBeNull();
  });

  it("draws a silent verdict in its own neutral style and no timeline without a deadline", () => {
    const { answer, policy } = engineFixture("untested_repair_script");
    const card = answerCard(answer, policy);
    expect(card.querySelector("#timeline")).toBeNull();
    const spec = verdictSpec(policy, answer);
    expect(spec.tone).toBe("silent");
    expect(card.querySelector(".verdict")?.textContent).toBe(spec.label);
    expect(card.querySelector(".verdict")?.classList.contains("tone-silent")).toBe(true);
    expect(card.querySelector(".interpretations")).toBeNull();
  });
});
