// The response-deadline timeline as data: one row per calendar day (in the customer's time zone) from
// submission to the deadline, with the open business-hours windows as day fractions. The view draws it
// as SVG; this module has no DOM so Vitest can check the arithmetic (midnight splits, DST, zones).

/** An open interval of business hours (instants). */
export interface Interval {
  start: Date;
  end: Date;
}

/** One day of the timeline. */
export interface TimelineRow {
  /** Local date in the display zone, `YYYY-MM-DD`. */
  date: string;
  /** e.g. `Fri 12 Sep`. */
  label: string;
  /** Open windows on this day as fractions of the day, `0 ≤ from < to ≤ 1`. */
  segments: { from: number; to: number }[];
  /** Submission time on this day, as a fraction, if it falls on this day. */
  submitted: number | null;
  /** Deadline on this day, as a fraction, if it falls on this day. */
  deadline: number | null;
}

/** The whole picture. */
export interface Timeline {
  zone: string;
  rows: TimelineRow[];
  /** True when rows were cut at MAX_ROWS. */
  truncated: boolean;
}

/** Days drawn at most (a Severity C request over a long holiday stays readable). */
export const MAX_ROWS = 14;

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsCache.set(zone, f);
  }
  return f;
}

/** Local date and minutes since local midnight of an instant in `zone`. */
export function zoned(instant: Date, zone: string): { date: string; minutes: number } {
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(instant)) parts[part.type] = part.value;
  const hour = Number(parts.hour) % 24;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: hour * 60 + Number(parts.minute) + Number(parts.second) / 60,
  };
}

/** The next calendar date after `YYYY-MM-DD`. */
export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2025-09-12` → `Fri 12 Sep`. */
export function dayLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** Reads `details.windows` of a deadline answer: the engine gives `[{start, end}]`, instants in RFC 3339. */
export function parseWindows(value: unknown): Interval[] {
  if (!Array.isArray(value)) return [];
  const out: Interval[] = [];
  for (const item of value) {
    // The engine's one shape: {"start": RFC 3339, "end": RFC 3339} (details.windows of a deadline).
    if (!item || typeof item !== "object") continue;
    const { start, end } = item as { start?: unknown; end?: unknown };
    if (typeof start !== "string" || typeof end !== "string") continue;
    const s = new Date(start);
    const e = new Date(end);
    if (!Number.isNaN(s.getTime()) && !Number.isNaN(e.getTime()) && e > s) out.push({ start: s, end: e });
  }
  return out;
}

/** Builds the rows from submission to deadline in `zone`. */
export function buildTimeline(submitted: Date, deadline: Date, windows: Interval[], zone: string): Timeline {
  const first = zoned(submitted, zone);
  const last = zoned(deadline, zone);
  const rows: TimelineRow[] = [];
  const byDate = new Map<string, TimelineRow>();
  let date = first.date;
  let truncated = false;
  for (;;) {
    if (rows.length >= MAX_ROWS) {
      truncated = true;
      break;
    }
    const row: TimelineRow = { date, label: dayLabel(date), segments: [], submitted: null, deadline: null };
    rows.push(row);
    byDate.set(date, row);
    if (date >= last.date) break;
    date = nextDate(date);
  }
  const day = 24 * 60;
  const add = (on: string, from: number, to: number) => {
    const row = byDate.get(on);
    if (row && to > from) row.segments.push({ from: Math.max(0, from / day), to: Math.min(1, to / day) });
  };
  for (const window of windows) {
    const s = zoned(window.start, zone);
    const e = zoned(window.end, zone);
    if (s.date === e.date) {
      add(s.date, s.minutes, e.minutes);
      continue;
    }
    add(s.date, s.minutes, day);
    let d = nextDate(s.date);
    let guard = 0;
    while (d < e.date && guard++ < 400) {
      add(d, 0, day);
      d = nextDate(d);
    }
    add(e.date, 0, e.minutes);
  }
  for (const row of rows) row.segments.sort((a, b) => a.from - b.from);
  const firstRow = byDate.get(first.date);
  if (firstRow) firstRow.submitted = first.minutes / day;
  const lastRow = byDate.get(last.date);
  if (lastRow) lastRow.deadline = last.minutes / day;
  return { zone, rows, truncated };
}

/** Formats an instant in `zone` for labels: `Fri 12 Sep, 16:00`. */
export function formatInstant(instant: Date, zone: string): string {
  const z = zoned(instant, zone);
  const hours = Math.floor(z.minutes / 60);
  const minutes = Math.floor(z.minutes % 60);
  return `${dayLabel(z.date)}, ${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}
