import { describe, expect, it } from "vitest";
import { buildTimeline, dayLabel, formatInstant, MAX_ROWS, nextDate, parseWindows, zoned } from "./timeline";

describe("zoned", () => {
  it("gives the local date and minutes in a zone", () => {
    const instant = new Date("2025-09-12T14:00:00Z");
    expect(zoned(instant, "Europe/Berlin")).toEqual({ date: "2025-09-12", minutes: 16 * 60 });
    expect(zoned(instant, "America/Los_Angeles")).toEqual({ date: "2025-09-12", minutes: 7 * 60 });
    expect(zoned(instant, "Asia/Tokyo")).toEqual({ date: "2025-09-12", minutes: 23 * 60 });
  });
});

describe("dates", () => {
  it("steps over month ends and labels days", () => {
    expect(nextDate("2025-02-28")).toBe("2025-03-01");
    expect(nextDate("2025-12-31")).toBe("2026-01-01");
    expect(dayLabel("2025-09-12")).toBe("Fri 12 Sep");
  });
});

describe("parseWindows", () => {
  it("reads the engine's {start, end} windows and skips anything else", () => {
    const windows = parseWindows([
      { start: "2025-09-12T16:00:00+02:00", end: "2025-09-12T17:00:00+02:00" },
      ["2025-09-15T09:00:00+02:00", "2025-09-15T17:00:00+02:00"],
      { start: "2025-09-15T09:00:00+02:00", end: "2025-09-15T17:00:00+02:00" },
      { start: "nope", end: "2025-09-15T17:00:00+02:00" },
      { start: "2025-09-15T17:00:00+02:00", end: "2025-09-15T09:00:00+02:00" },
      42,
    ]);
    expect(windows).toHaveLength(2);
    expect(parseWindows(undefined)).toEqual([]);
  });
});

describe("buildTimeline", () => {
  it("Standard Sev C from Friday 16:00 in Berlin: Friday's last hour, the weekend empty, Monday until the deadline", () => {
    const submitted = new Date("2025-09-12T16:00:00+02:00");
    const deadline = new Date("2025-09-15T16:00:00+02:00");
    const windows = parseWindows([
      { start: "2025-09-12T16:00:00+02:00", end: "2025-09-12T17:00:00+02:00" },
      { start: "2025-09-15T09:00:00+02:00", end: "2025-09-15T16:00:00+02:00" },
    ]);
    const timeline = buildTimeline(submitted, deadline, windows, "Europe/Berlin");
    expect(timeline.rows.map((r) => r.label)).toEqual(["Fri 12 Sep", "Sat 13 Sep", "Sun 14 Sep", "Mon 15 Sep"]);
    expect(timeline.rows[0].segments).toEqual([{ from: 16 / 24, to: 17 / 24 }]);
    expect(timeline.rows[1].segments).toEqual([]);
    expect(timeline.rows[3].segments).toEqual([{ from: 9 / 24, to: 16 / 24 }]);
    expect(timeline.rows[0].submitted).toBeCloseTo(16 / 24);
    expect(timeline.rows[3].deadline).toBeCloseTo(16 / 24);
    expect(timeline.truncated).toBe(false);
  });

  it("splits a window that crosses local midnight (Pacific hours seen from Berlin)", () => {
    // 06:00–18:00 Pacific (PDT, UTC-7) = 15:00–03:00 next day in Berlin (CEST).
    const windows = parseWindows([{ start: "2025-09-15T06:00:00-07:00", end: "2025-09-15T18:00:00-07:00" }]);
    const timeline = buildTimeline(
      new Date("2025-09-15T13:00:00Z"),
      new Date("2025-09-16T01:00:00Z"),
      windows,
      "Europe/Berlin",
    );
    expect(timeline.rows).toHaveLength(2);
    expect(timeline.rows[0].segments).toEqual([{ from: 15 / 24, to: 1 }]);
    expect(timeline.rows[1].segments).toEqual([{ from: 0, to: 3 / 24 }]);
  });

  it("caps very long spans", () => {
    const timeline = buildTimeline(new Date("2025-01-01T00:00:00Z"), new Date("2025-03-01T00:00:00Z"), [], "UTC");
    expect(timeline.rows).toHaveLength(MAX_ROWS);
    expect(timeline.truncated).toBe(true);
  });

  it("formats instants in the display zone", () => {
    expect(formatInstant(new Date("2025-09-15T14:00:00Z"), "Europe/Berlin")).toBe("Mon 15 Sep, 16:00");
  });
});
