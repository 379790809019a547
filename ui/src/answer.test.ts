import { describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({ invoke: () => Promise.resolve(null) }));
const { answerCard } = await import("./views/answer");

describe("answerCard", () => {
  it("shows verdict, reasons with citation links, missing facts and the response timeline", () => {
    const card = answerCard(
      {
        policy: "response_time",
        verdict: "business_hours",
        summary: "Microsoft's first response is due by Monday 16:00.",
        reasons: [
          {
            rule: "response_time.target",
            says: "Standard, Severity C: under 8 hours.",
            cites: { doc: "severity-and-response.md", anchor: "response-times-by-plan" },
          },
        ],
        missing_facts: ["language"],
        what_would_change: ["severity"],
        details: {
          respond_by: "2025-09-15T16:00:00+02:00",
          target_hours: 8,
          clock_zone: "Europe/Berlin",
          windows: [
            ["2025-09-12T16:00:00+02:00", "2025-09-12T17:00:00+02:00"],
            ["2025-09-15T09:00:00+02:00", "2025-09-15T16:00:00+02:00"],
          ],
        },
        policy_version: "2025-07-31",
      },
      {},
      [],
      { submitted_at: "2025-09-12T16:00:00+02:00", time_zone: "Europe/Berlin" },
    );
    expect(card.querySelector(".verdict")?.getAttribute("data-verdict")).toBe("business_hours");
    expect(card.querySelector(".verdict")?.textContent).toBe("Business hours");
    const cite = card.querySelector<HTMLAnchorElement>("a.cite");
    expect(cite?.dataset.doc).toBe("severity-and-response.md");
    expect(cite?.dataset.anchor).toBe("response-times-by-plan");
    expect(card.querySelector(".missing-facts li")?.textContent).toBe("Language");
    expect(card.querySelectorAll("#timeline .tl-window")).toHaveLength(2);
    expect(card.querySelectorAll("#timeline .tl-deadline")).toHaveLength(1);
    expect(card.querySelector("#timeline figcaption")?.textContent).toContain("Respond by Mon 15 Sep, 16:00");
  });

  it("draws no timeline for other policies", () => {
    const card = answerCard(
      {
        policy: "rca",
        verdict: "need_more_facts",
        summary: "More facts are needed.",
        reasons: [],
        missing_facts: [],
        what_would_change: [],
        details: {},
        policy_version: "2025-07-31",
      },
      {},
    );
    expect(card.querySelector("#timeline")).toBeNull();
    expect(card.querySelector(".verdict")?.classList.contains("tone-unknown")).toBe(true);
  });
});
