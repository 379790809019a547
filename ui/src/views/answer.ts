// The answer card (verdict, summary, reasons with citation links, supportkb's readings, missing facts,
// what would change) and the response-deadline timeline. Shared by the assistant and Learn. Everything
// it names comes from the policy's description: verdict labels and tones, fact labels.
import { h, svg } from "../dom";
import { humanize } from "../form";
import { buildTimeline, formatInstant, parseWindows, type Timeline } from "../timeline";
import type { Answer, PolicySpec, ResponseTimeDetails } from "../types";
import { copyText } from "../clipboard";
import { backend } from "../backend";
import { showError, toast } from "../toast";
import type { Question } from "../types";
import { dateInWords, editionName, newestEdition, olderPassageName } from "../editions";
import { openInReader, passageName } from "./reader";

/** The verdict's label and tone from the description (an unknown verdict reads as its id, undecided). */
export function verdictView(policy: PolicySpec | undefined, verdict: string): { label: string; tone: string } {
  const spec = policy?.verdicts.find((v) => v.id === verdict);
  return { label: spec?.label ?? humanize(verdict), tone: spec?.tone ?? "undecided" };
}

/** Renders an answer to a question about `policy`. */
export function answerCard(
  answer: Answer,
  policy: PolicySpec | undefined,
  actions: Node[] = [],
  facts: Record<string, unknown> = {},
): HTMLElement {
  const label = (fact: string) => policy?.facts.find((f) => f.name === fact)?.label ?? humanize(fact);
  const quote = (rule: string) => policy?.rules.find((r) => r.id === rule)?.quote ?? "";
  // A missing fact as the question the description asks about it (its help, when that is a question:
  // "Is the hardware the same as when the incident was closed?"), else by its label.
  const question = (fact: string) => {
    const help = policy?.facts.find((f) => f.name === fact)?.help ?? "";
    const first = help.split(/(?<=\?)\s/)[0] ?? "";
    return first.endsWith("?") ? first : label(fact);
  };
  const verdict = verdictView(policy, answer.verdict);
  const timeline = responseTimeline(answer, facts, verdict.label);
  return h(
    "div",
    { class: "answer-card", "data-policy": answer.policy },
    h(
      "div",
      { class: "answer-head" },
      h("span", { class: `verdict tone-${verdict.tone}`, "data-verdict": answer.verdict, "data-tone": verdict.tone }, verdict.label),
      h("span", { class: "policy-version", "data-edition": answer.policy_version, title: "The edition of the policy this answer follows" }, `Answered under the ${lowerFirst(editionName(answer.policy_version))}`),
      actions,
    ),
    h("p", { class: "answer-summary" }, answer.summary),
    timeline,
    answer.notes.map((note) =>
      h(
        "div",
        { class: "answer-section answer-note" },
        h("h4", {}, note.label),
        note.items.length === 1 ? h("p", {}, note.items[0]) : h("ul", {}, note.items.map((item) => h("li", {}, item))),
      ),
    ),
    answer.conflicts.length > 0 &&
      h(
        "div",
        { class: "answer-section conflicts", role: "note" },
        h("h4", {}, "Facts that contradict each other"),
        h(
          "ul",
          {},
          answer.conflicts.map((c) =>
            h("li", {}, c.says, " (", c.facts.map(label).join(", "), ") ", citeLink(c.cites.doc, c.cites.anchor, "", answer.policy_version)),
          ),
        ),
      ),
    answer.reasons.length > 0 &&
      h(
        "div",
        { class: "answer-section" },
        h("h4", {}, "Why"),
        h(
          "ol",
          { class: "reasons" },
          answer.reasons.map((reason) =>
            h(
              "li",
              { class: "reason", "data-rule": reason.rule },
              h("span", {}, reason.says, " "),
              citeLink(reason.cites.doc, reason.cites.anchor, quote(reason.rule), answer.policy_version),
            ),
          ),
        ),
      ),
    answer.interpretations.length > 0 &&
      h(
        "div",
        { class: "answer-section interpretations" },
        h("h4", {}, "How supportkb reads this"),
        h("p", { class: "muted" }, "The policy text does not settle these points; the answer rests on supportkb's reading of them."),
        h(
          "ul",
          { class: "interpretation-list" },
          answer.interpretations.map((reading) =>
            h(
              "li",
              { class: "interpretation" },
              h("strong", {}, reading.about),
              ": ",
              h("span", {}, reading.reading, " "),
              citeLink(reading.cites.doc, reading.cites.anchor, "", answer.policy_version),
            ),
          ),
        ),
      ),
    answer.missing_facts.length > 0 &&
      h(
        "div",
        { class: "answer-section missing-facts" },
        h("h4", {}, "To decide, answer"),
        h("ul", {}, answer.missing_facts.map((fact) => h("li", { "data-fact": fact }, question(fact)))),
      ),
    answer.what_would_change.length > 0 &&
      h(
        "div",
        { class: "answer-section what-would-change" },
        h("h4", {}, "What would change the answer"),
        h("ul", {}, answer.what_would_change.map((fact) => h("li", { "data-fact": fact }, label(fact)))),
      ),
  );
}

/** A link that opens a cited passage in the reader, named as people name it; hovering shows the
 * sentence it rests on. */
function citeLink(doc: string, anchor: string, sentence: string, policyVersion: string | null = null): HTMLElement {
  // A passage of an older edition opens in that edition, and is named from that edition's documents.
  const newest = newestEdition();
  const older = policyVersion !== null && newest !== null && policyVersion !== newest ? policyVersion : null;
  const link = h(
    "a",
    {
      class: "cite",
      href: "#",
      "data-doc": doc,
      "data-anchor": anchor,
      "data-edition": older,
      title: sentence ? `“${sentence}” (open the passage)` : "Open the passage in the reader",
      onclick: (event: Event) => {
        event.preventDefault();
        void openInReader(doc, anchor, "", older);
      },
    },
    older ? `A passage of ${dateInWords(older)}` : passageName(doc, anchor),
  );
  if (older) {
    void olderPassageName(older, doc, anchor).then((name) => {
      link.textContent = name;
    });
  }
  return link;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The buttons that take an answer out of the app: copy it (plain text or Markdown), copy a link that
 * reopens the question, print it. */
export function takeAwayActions(question: Question, answer: Answer): HTMLElement[] {
  const copy = (format: "text" | "markdown", what: string) => async () => {
    try {
      await copyText(await backend.shareAnswer(question, answer, format));
      toast(`${what} copied`);
    } catch (error) {
      showError(error);
    }
  };
  const copyLink = async () => {
    try {
      await copyText(await backend.linkTo({ kind: "question", question }));
      toast("Link copied: it reopens this question with these facts in supportkb");
    } catch (error) {
      showError(error);
    }
  };
  const print = (event: Event) => {
    const card = (event.currentTarget as HTMLElement).closest(".answer-card");
    document.querySelectorAll(".answer-card.print-target").forEach((el) => el.classList.remove("print-target"));
    card?.classList.add("print-target");
    document.body.classList.add("printing-answer");
    window.addEventListener("afterprint", () => document.body.classList.remove("printing-answer"), { once: true });
    window.print();
  };
  return [
    h("button", { class: "button copy-answer", title: "Copy the answer as text, with its reasons and sources", onclick: copy("text", "Answer") }, "Copy answer"),
    h("button", { class: "button copy-markdown", title: "Copy the answer as Markdown", onclick: copy("markdown", "Answer as Markdown") }, "Copy as Markdown"),
    h("button", { class: "button copy-question-link", title: "Copy a supportkb link that reopens this question", onclick: copyLink }, "Copy link"),
    h("button", { class: "button print-answer", title: "Print the answer, or save it as PDF", onclick: print }, "Print"),
  ];
}

/** The deadline picture for an answer whose details carry `respond_by` and `windows`, or null. */
function responseTimeline(answer: Answer, facts: Record<string, unknown>, clockLabel: string): HTMLElement | null {
  // A deadline answer's details are the engine's `ResponseTimeDetails` (generated type); other answers
  // lack its fields, and then there is no picture.
  const details = (answer.details ?? {}) as Partial<ResponseTimeDetails>;
  const respondByText = typeof details.respond_by === "string" ? details.respond_by : null;
  const respondBy = respondByText ? new Date(respondByText) : null;
  const submittedRaw = facts.submitted_at;
  const submitted = typeof submittedRaw === "string" ? new Date(submittedRaw) : null;
  if (!respondByText || !respondBy || !submitted || Number.isNaN(respondBy.getTime()) || Number.isNaN(submitted.getTime()))
    return null;
  // The engine gives the deadline in the customer's offset, from its own time-zone data: the picture is
  // drawn in that offset (the web view's time-zone data may be older, and disagree).
  const offset = offsetMinutes(respondByText);
  const shift = (d: Date) => new Date(d.getTime() + offset * 60_000);
  const windows = parseWindows(details.windows).map((w) => ({ start: shift(w.start), end: shift(w.end) }));
  const timeline = buildTimeline(shift(submitted), shift(respondBy), windows, "UTC");
  // Zones are named in words by the engine ("Tokyo time (UTC+09:00)"), never by their id; until that
  // answer arrives, the offset stands in.
  const zone = typeof facts.time_zone === "string" ? facts.time_zone : null;
  const clockZone = typeof details.clock_zone === "string" ? details.clock_zone : null;
  const day = respondByText.slice(0, 10);
  const zoneName = h("span", { class: "timeline-zone" }, offsetName(offset));
  const clockName = h("span", { class: "timeline-clock-zone" });
  if (zone) inWords(zone, day, zoneName, (label) => label);
  if (clockZone && clockZone !== zone && clockZone !== "UTC")
    inWords(clockZone, day, clockName, (label) => ` · business hours counted in ${label}`);
  const hours = typeof details.target_hours === "number" ? details.target_hours : null;
  const svgPicture = timelineSvg(timeline);
  svgPicture.setAttribute("aria-label", "Timeline from submission to the response deadline");
  return h(
    "figure",
    { id: "timeline", class: "timeline" },
    svgPicture,
    h(
      "figcaption",
      {},
      h("strong", {}, `Respond by ${formatInstant(shift(respondBy), "UTC")}`),
      ", ",
      zoneName,
      hours !== null ? ` · ${durationWords(hours)}, ${clockLabel.toLowerCase()}` : "",
      clockName,
      h("span", { class: "legend" }, h("span", { class: "swatch open" }), " open hours ", h("span", { class: "swatch deadline" }), " deadline"),
    ),
  );
}

/** A target in words: "8 hours", "1 hour", "30 minutes". */
function durationWords(hours: number): string {
  if (hours < 1) {
    const minutes = Math.round(hours * 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

/** Writes a zone in the engine's words into `el` once they arrive (an unknown zone leaves `el` as is). */
function inWords(zone: string, day: string, el: HTMLElement, text: (label: string) => string): void {
  backend
    .zoneWords(zone, day)
    .then((label) => {
      if (typeof label === "string" && label !== "") el.textContent = text(label);
    })
    .catch(() => undefined);
}

/** The UTC offset of an RFC 3339 instant, in minutes (`…+09:00` → 540; `Z` → 0). */
export function offsetMinutes(instant: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(instant);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

function offsetName(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const WIDTH = 640;
const LABEL = 104;
const ROW = 30;
const TOP = 24;

/** Draws the rows as SVG: hours on x, one row per day, windows shaded, submission and deadline marked. */
export function timelineSvg(timeline: Timeline): SVGElement {
  const plot = WIDTH - LABEL - 8;
  const height = TOP + timeline.rows.length * ROW + 6;
  const x = (fraction: number) => LABEL + fraction * plot;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: "100%",
    role: "img",
    "aria-label": `Timeline from submission to the response deadline, in ${timeline.zone}`,
  });
  for (const hour of [0, 6, 12, 18, 24]) {
    root.appendChild(svg("line", { class: "tl-grid", x1: x(hour / 24), x2: x(hour / 24), y1: TOP - 4, y2: height - 4 }));
    const tick = svg("text", { class: "tl-tick", x: x(hour / 24), y: TOP - 8, "text-anchor": "middle" });
    tick.textContent = `${String(hour).padStart(2, "0")}:00`;
    root.appendChild(tick);
  }
  timeline.rows.forEach((row, i) => {
    const y = TOP + i * ROW;
    const label = svg("text", { class: "tl-day", x: 4, y: y + ROW / 2 + 4 });
    label.textContent = row.label;
    root.appendChild(label);
    root.appendChild(svg("rect", { class: "tl-track", x: LABEL, y: y + 4, width: plot, height: ROW - 8, rx: 3 }));
    for (const segment of row.segments) {
      root.appendChild(
        svg("rect", {
          class: "tl-window",
          x: x(segment.from),
          y: y + 4,
          width: Math.max(1, (segment.to - segment.from) * plot),
          height: ROW - 8,
          rx: 3,
        }),
      );
    }
    if (row.submitted !== null) {
      root.appendChild(svg("circle", { class: "tl-submitted", cx: x(row.submitted), cy: y + ROW / 2, r: 5 }));
    }
    if (row.deadline !== null) {
      root.appendChild(svg("line", { class: "tl-deadline", x1: x(row.deadline), x2: x(row.deadline), y1: y + 1, y2: y + ROW - 1 }));
      root.appendChild(svg("path", { class: "tl-deadline-flag", d: `M ${x(row.deadline)} ${y + 1} l 8 4 l -8 4 z` }));
    }
  });
  return root;
}
