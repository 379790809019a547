import { describe, expect, it, vi } from "vitest";
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

/** The parts of a policy description the card reads, shaped as `supportkb policies --json` prints them. */
function policy(id: string, verdicts: [string, string, string][], facts: [string, string][]): PolicySpec {
  return {
    id,
    title: id,
    description: "",
    facts: facts.map(([name, label]) => ({ name, label, type: "bool", values: null, help: name === "severity" ? "Which severity? A, B or C." : "", default: null })),
    verdicts: verdicts.map(([vid, label, tone]) => ({ id: vid, label, tone, description: "", summary: "", rests_on: [] })),
    rules: [],
    interpretations: [],
    examples: [],
    policy_version: "2025-07-31",
  } as unknown as PolicySpec;
}

const responseTime = policy(
  "response_time",
  [
    ["around_the_clock", "Around the clock", "informational"],
    ["business_hours", "Business hours only", "informational"],
  ],
  [
    ["language", "Language"],
    ["severity", "Severity"],
  ],
);

/** A business-hours answer as `supportkb ask --json` gives it (windows are `{start, end}` objects). */
function businessHoursAnswer(): Answer {
  return {
    policy: "response_time",
    verdict: "business_hours",
    summary: "Microsoft's first response is due by 2025-09-15T16:00:00+02:00.",
    reasons: [
      {
        rule: "response_time.severity_c",
        says: "Severity C: under 8 hours on Standard, in business hours only.",
        cites: { doc: "severity-and-response.md", anchor: "severity-c" },
      },
    ],
    interpretations: [
      {
        about: "Which business hours apply to the customer's country",
        reading: "supportkb counts Mexico (MX) as North America.",
        cites: { doc: "severity-and-response.md", anchor: "business-hours" },
      },
    ],
    notes: [{ label: "What you commit to with this severity", items: ["Keep the contact details Microsoft holds for you up to date."] }],
    conflicts: [],
    missing_facts: ["language"],
    what_would_change: ["severity"],
    details: {
      respond_by: "2025-09-15T16:00:00+02:00",
      target_hours: 8,
      clock_zone: "Europe/Berlin",
      business_hours: "09:00–17:00 Europe/Berlin, Mon–Fri",
      windows: [
        { start: "2025-09-12T16:00:00+02:00", end: "2025-09-12T17:00:00+02:00" },
        { start: "2025-09-15T09:00:00+02:00", end: "2025-09-15T16:00:00+02:00" },
      ],
    },
    policy_version: "2025-07-31",
  };
}

describe("answerCard", () => {
  it("shows the verdict by its label, reasons with citation links, readings, missing facts and the timeline", () => {
    const card = answerCard(businessHoursAnswer(), responseTime, [], {
      submitted_at: "2025-09-12T16:00:00+02:00",
      time_zone: "Europe/Berlin",
    });
    const verdict = card.querySelector(".verdict");
    expect(verdict?.getAttribute("data-verdict")).toBe("business_hours");
    expect(verdict?.textContent).toBe("Business hours only");
    expect(verdict?.classList.contains("tone-informational")).toBe(true);
    const cite = card.querySelector<HTMLAnchorElement>(".reasons a.cite");
    expect(cite?.dataset.doc).toBe("severity-and-response.md");
    expect(cite?.dataset.anchor).toBe("severity-c");
    const reading = card.querySelector(".interpretations");
    expect(reading?.querySelector("h4")?.textContent).toBe("How supportkb reads this");
    expect(reading?.querySelector(".interpretation")?.textContent).toContain("supportkb counts Mexico (MX) as North America.");
    expect(reading?.querySelector<HTMLAnchorElement>("a.cite")?.dataset.anchor).toBe("business-hours");
    expect(card.querySelector(".missing-facts li")?.textContent).toBe("Language");
    expect(card.querySelector(".missing-facts h4")?.textContent).toBe("To decide, answer");
    expect(card.querySelector(".answer-note h4")?.textContent).toBe("What you commit to with this severity");
    expect(card.querySelectorAll("#timeline .tl-window")).toHaveLength(2);
    expect(card.querySelectorAll("#timeline .tl-deadline")).toHaveLength(1);
    const caption = card.querySelector("#timeline figcaption")?.textContent ?? "";
    expect(caption).toContain("Respond by Mon 15 Sep, 16:00");
    expect(caption).toContain("8 hours, business hours only");
  });

  it("draws the deadline in the offset the engine gave, whatever the web view's time-zone data says", async () => {
    const answer = businessHoursAnswer();
    answer.details = {
      respond_by: "2026-11-23T16:00:00-06:00",
      target_hours: 8,
      clock_zone: "America/Los_Angeles",
      windows: [{ start: "2026-11-23T08:00:00-06:00", end: "2026-11-23T16:00:00-06:00" }],
    };
    const card = answerCard(answer, responseTime, [], {
      submitted_at: "2026-11-23T08:00:00-06:00",
      time_zone: "America/Mexico_City",
    });
    const caption = () => card.querySelector("#timeline figcaption")?.textContent ?? "";
    expect(caption()).toContain("Respond by Mon 23 Nov, 16:00, UTC−06:00");
    expect(card.querySelectorAll("#timeline .tl-window")).toHaveLength(1);
    // Then the zones in the engine's words, never their ids.
    await vi.waitFor(() => expect(caption()).toContain("Respond by Mon 23 Nov, 16:00, Mexico City time (UTC-06:00)"));
    await vi.waitFor(() => expect(caption()).toContain("business hours counted in Los Angeles time (UTC-08:00)"));
    expect(caption()).not.toContain("America/");
  });

  it("says an around-the-clock deadline is around the clock", () => {
    const answer = businessHoursAnswer();
    answer.verdict = "around_the_clock";
    answer.details = {
      respond_by: "2025-09-12T18:00:00+02:00",
      target_hours: 2,
      clock_zone: "UTC",
      business_hours: "24x7",
      windows: [{ start: "2025-09-12T16:00:00+02:00", end: "2025-09-12T18:00:00+02:00" }],
    };
    const card = answerCard(answer, responseTime, [], {
      submitted_at: "2025-09-12T16:00:00+02:00",
      time_zone: "Europe/Berlin",
    });
    const caption = card.querySelector("#timeline figcaption")?.textContent ?? "";
    expect(caption).toContain("2 hours, around the clock");
    expect(caption).not.toContain("business hours");
  });

  it("draws a silent verdict in its own neutral style and no timeline without a deadline", () => {
    const dataCorruption = policy(
      "data_corruption",
      [
        ["script_may_be_run", "Script may be run", "favourable"],
        ["not_addressed", "Not addressed by the policy", "silent"],
      ],
      [],
    );
    const card = answerCard(
      {
        policy: "data_corruption",
        verdict: "not_addressed",
        summary: "The policy does not address repair scripts that skipped testing in UAT.",
        reasons: [],
        interpretations: [],
        notes: [],
        conflicts: [],
        missing_facts: [],
        what_would_change: ["script_tested_in_uat"],
        details: {},
        policy_version: "2025-07-31",
      },
      dataCorruption,
    );
    expect(card.querySelector("#timeline")).toBeNull();
    expect(card.querySelector(".verdict")?.textContent).toBe("Not addressed by the policy");
    expect(card.querySelector(".verdict")?.classList.contains("tone-silent")).toBe(true);
    expect(card.querySelector(".interpretations")).toBeNull();
  });
});
