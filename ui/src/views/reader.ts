// Reader: a document rendered by the engine (sanitized HTML), scrolled to the passage, with the topic
// tree of every loaded corpus beside it (in the engine's order: the policy FAQ as the policy page reads,
// then folders). The tree marks the passage in view; a click on a topic opens it. Glossary terms are
// marked in the document and in answer cards, their definition shown on hover or focus. Links: internal
// ones open here, https ones in the browser.
import { backend } from "../backend";
import { byId, h, replaceChildren, setTrustedHtml } from "../dom";
import { copyText } from "../clipboard";
import { dateInWords } from "../editions";
import { resolveInternalLink } from "../links";
import { showView } from "../state";
import { definitionsElement, markTerms, termMatcher, type TermMatcher } from "../terms";
import { showError, toast } from "../toast";
import type { DocumentOutline, GlossaryTerm } from "../types";

let outlines: DocumentOutline[] = [];
let currentDoc: string | null = null;
/** The edition of the document shown, when it is an older edition's (null: the newest FAQ or a folder). */
let currentEdition: string | null = null;
/** The newest edition's passages changed since the previous edition, and that edition's date. */
let changed: { since: string | null; sinceName: string | null; anchors: Set<string> } = { since: null, sinceName: null, anchors: new Set() };
let currentAnchor: string | null = null;
/** The passage whose heading is at the top of the reader (under its sticky bar). */
let inView: string | null = null;
let watcher: IntersectionObserver | null = null;
let glossary: GlossaryTerm[] = [];
let matcher: TermMatcher | null = null;
type ReaderPlace = { doc: string; anchor: string | null; policyVersion: string | null };
let passageListener: ((place: ReaderPlace) => void) | null = null;

/** Called when the reader is scrolled to another passage (for Back and Forward). */
export function onPassageInView(listener: (place: ReaderPlace) => void): void {
  passageListener = listener;
}

/** Builds the reader view. */
export function readerView(): HTMLElement {
  const content = h("div", { id: "reader-content", class: "doc" });
  content.addEventListener("click", onContentClick);
  const bar = h(
    "div",
    { id: "reader-bar", class: "reader-bar" },
    h("h1", { id: "reader-title" }, "Browse the support policy"),
    h("button", { id: "copy-link", class: "button", disabled: true, onclick: () => void copyLink() }, "Copy link"),
  );
  const article = h("article", { id: "reader", class: "reader" }, bar, h("div", { id: "reader-cite", class: "cite" }), content);
  // A jump puts its heading just below the sticky bar, whatever height the bar has at this width and
  // text size: headings' scroll-margin-top is the bar's measured height (see style.css).
  new ResizeObserver(() => measureBar()).observe(bar);
  return h(
    "section",
    { id: "view-reader", class: "view split" },
    h("nav", { id: "topic-tree", class: "sidebar", "aria-label": "Topics" }),
    article,
  );
}

/** Keeps the headings' scroll margin equal to the sticky bar's height. A hidden view measures 0, which
 * is not the bar's height: the last real one is kept, and a jump measures again once the view shows. */
function measureBar(): void {
  const bar = document.getElementById("reader-bar");
  const height = bar?.offsetHeight ?? 0;
  if (height > 0) byId("reader").style.setProperty("--reader-bar-height", `${height}px`);
}

/** Loads the topic tree (again, e.g. after a folder was added). */
export async function refreshTopics(): Promise<void> {
  try {
    outlines = await backend.documents();
  } catch (error) {
    showError(error);
    return;
  }
  // Grouped by source in the order the engine gives (never re-sorted here).
  const groups = new Map<string, DocumentOutline[]>();
  for (const outline of outlines) {
    const list = groups.get(outline.source) ?? [];
    list.push(outline);
    groups.set(outline.source, list);
  }
  const tree = [...groups.entries()].map(([source, docs]) =>
    h(
      "div",
      { class: "topic-group" },
      h("h2", {}, source === "embedded" ? "Support policy FAQ" : source.split("/").filter(Boolean).pop() ?? source),
      docs.map((doc) =>
        h(
          "details",
          { class: "topic", "data-doc": doc.doc, open: doc.doc === currentDoc },
          h("summary", { "data-doc": doc.doc, onclick: (event: Event) => onTopicClick(event, doc.doc) }, doc.title),
          h(
            "ul",
            {},
            doc.headings
              .filter((heading) => heading.level >= 2)
              .map((heading) =>
                h(
                  "li",
                  { class: `level-${heading.level}` },
                  h(
                    "button",
                    {
                      class: "link topic-link",
                      "data-doc": doc.doc,
                      "data-anchor": heading.anchor,
                      onclick: () => void openInReader(doc.doc, heading.anchor, ""),
                    },
                    heading.heading,
                  ),
                ),
              ),
          ),
        ),
      ),
    ),
  );
  replaceChildren(byId("topic-tree"), tree);
  markInTree();
}

/** A click on a topic opens its document (and expands it); on the document already open it only
 * folds or unfolds it. */
function onTopicClick(event: Event, doc: string): void {
  if (doc === currentDoc && currentView() === "reader") return;
  event.preventDefault();
  const details = (event.currentTarget as HTMLElement).closest("details");
  if (details) details.open = true;
  void openInReader(doc, null, "");
}

function currentView(): string | null {
  return byId("view-reader").hidden ? null : "reader";
}

/** Loads which passages of the newest edition changed since the previous one (marked in the reader). */
export async function loadChangedPassages(): Promise<void> {
  try {
    const marks = await backend.changedPassages();
    const since = marks.passages.length > 0 ? marks.since : null;
    changed = {
      since: since ? dateInWords(since.policy_version) : null,
      sinceName: since?.name ?? null,
      anchors: new Set(marks.passages.map((p) => `${p.doc}#${p.anchor}`)),
    };
  } catch (error) {
    showError(error);
  }
}

/** Opens `doc` in the reader, scrolled to `anchor`, with the words of `highlight` marked; `policyVersion`
 * opens an older edition's document (a citation of an answer given under it). */
export async function openInReader(
  doc: string,
  anchor: string | null,
  highlight: string,
  policyVersion: string | null = null,
): Promise<void> {
  let page;
  try {
    page = await backend.show(doc, anchor, highlight, policyVersion);
  } catch (error) {
    showError(error);
    return;
  }
  currentDoc = page.doc;
  currentEdition = page.policy_version;
  currentAnchor = page.anchor;
  inView = page.anchor;
  showView("reader");
  const title = byId("reader-title");
  title.textContent = page.title;
  title.title = page.title;
  const folder = page.source === "embedded" ? "" : ` · ${page.source.split("/").filter(Boolean).pop() ?? page.source}`;
  const cite = byId("reader-cite");
  cite.textContent = page.edition_name
    ? `${page.title} · from the ${page.edition_name.charAt(0).toLowerCase()}${page.edition_name.slice(1)}, an earlier edition`
    : `${passageName(page.doc, page.anchor)}${folder}`;
  cite.classList.toggle("older-edition", page.edition_name !== null);
  (byId("copy-link") as HTMLButtonElement).disabled = false;
  const content = byId("reader-content");
  setTrustedHtml(content, page.html);
  labelHeadings(content, page.doc);
  if (matcher) markTerms(content, matcher, true);
  if (page.source === "embedded" && page.policy_version === null) markChanged(content, page.doc);
  const target = page.anchor ? content.querySelector<HTMLElement>(`[data-anchor="${CSS.escape(page.anchor)}"]`) : null;
  content.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
  document.querySelectorAll("#topic-tree details.topic").forEach((details) => {
    if ((details as HTMLElement).dataset.doc === page.doc) (details as HTMLDetailsElement).open = true;
  });
  measureBar();
  // A document's own title is hidden (the bar shows it): its passage opens at the top.
  if (target && target.offsetParent !== null) {
    target.classList.add("current");
    target.scrollIntoView({ block: "start" });
  } else {
    byId("reader").scrollTo({ top: 0 });
  }
  markInTree();
  watchPassages(content);
}

/** Follows which passage is in view as the reader scrolls, and marks it in the topic tree. */
function watchPassages(content: HTMLElement): void {
  watcher?.disconnect();
  const scroller = byId("reader");
  const headings = [...content.querySelectorAll<HTMLElement>("[data-anchor]")].filter((el) => el.offsetParent !== null);
  if (headings.length === 0) return;
  // The first callback comes at once, for the position the jump chose: the passage jumped to stays
  // the one marked until the reader scrolls.
  let first = true;
  watcher = new IntersectionObserver(() => {
    if (first) {
      first = false;
      return;
    }
    // The passage in view is the last one whose heading is above the upper third of the page below the bar.
    const bar = byId("reader-bar").getBoundingClientRect().bottom;
    const line = bar + (scroller.getBoundingClientRect().bottom - bar) / 3;
    let passage = headings[0].dataset.anchor ?? null;
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top <= line) passage = heading.dataset.anchor ?? passage;
      else break;
    }
    if (passage !== inView) {
      inView = passage;
      markInTree();
      if (currentDoc) passageListener?.({ doc: currentDoc, anchor: passage, policyVersion: currentEdition });
    }
  }, { root: scroller, threshold: [0, 1], rootMargin: "0px 0px -60% 0px" });
  for (const heading of headings) watcher.observe(heading);
}

/** Marks the passage in view in the topic tree (aria-current="location"), its document's title when the
 * passage is the document's opening. */
function markInTree(): void {
  const tree = document.getElementById("topic-tree");
  if (!tree) return;
  tree.querySelectorAll("[aria-current]").forEach((el) => el.removeAttribute("aria-current"));
  if (!currentDoc) return;
  const selector = (attr: string) =>
    `[data-doc="${CSS.escape(currentDoc ?? "")}"]${attr}`;
  const link = inView ? tree.querySelector(`.topic-link${selector(`[data-anchor="${CSS.escape(inView)}"]`)}`) : null;
  const marked = link ?? tree.querySelector(`summary${selector("")}`);
  marked?.setAttribute("aria-current", "location");
}

/** The reader's place for Back and Forward: the document and the passage in view; null before any. */
export function readerPlace(): ReaderPlace | null {
  return currentDoc ? { doc: currentDoc, anchor: inView ?? currentAnchor, policyVersion: currentEdition } : null;
}

/** Marks the headings of the passages changed since the previous edition. */
function markChanged(content: HTMLElement, doc: string): void {
  if (!changed.since) return;
  for (const heading of content.querySelectorAll<HTMLElement>("[data-anchor]")) {
    if (!changed.anchors.has(`${doc}#${heading.dataset.anchor}`)) continue;
    heading.append(
      " ",
      h("span", { class: "badge changed-since", title: `This passage differs from the ${changed.sinceName ?? ""}` }, `Changed since ${changed.since}`),
    );
  }
}

/**
 * Gives every rendered heading its section anchor (`data-anchor`): by the `kb-` id the engine kept
 * from `{#anchor}`, else by matching the outline's headings in order by text.
 */
function labelHeadings(content: HTMLElement, doc: string): void {
  const outline = outlines.find((o) => o.doc === doc);
  const headings = [...content.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6")];
  const remaining = outline ? [...outline.headings] : [];
  for (const heading of headings) {
    if (heading.id.startsWith("kb-")) {
      heading.dataset.anchor = heading.id.slice(3);
      const i = remaining.findIndex((r) => r.anchor === heading.dataset.anchor);
      if (i >= 0) remaining.splice(i, 1);
      continue;
    }
    const text = heading.textContent?.trim() ?? "";
    const i = remaining.findIndex((r) => r.heading.trim() === text);
    if (i >= 0) {
      heading.dataset.anchor = remaining[i].anchor;
      remaining.splice(i, 1);
    }
  }
}

function onContentClick(event: MouseEvent): void {
  const link = (event.target as Element | null)?.closest("a");
  if (!link) return;
  event.preventDefault();
  const href = link.getAttribute("href") ?? "";
  if (href.toLowerCase().startsWith("https://")) {
    backend.openExternal(href).catch(showError);
    return;
  }
  if (!currentDoc) return;
  const place = resolveInternalLink(currentDoc, href);
  if (place) void openInReader(place.doc, place.anchor, "");
}

async function copyLink(): Promise<void> {
  if (!currentDoc) return;
  try {
    const link = await backend.linkTo({ kind: "passage", doc: currentDoc, anchor: inView ?? currentAnchor });
    await copyText(link);
    toast("Link copied: paste it in supportkb's search box, or open it, to come back to this passage");
  } catch (error) {
    showError(error);
  }
}

/** A passage as people name it: "Reopening a support incident › Same software and hardware". */
export function passageName(doc: string, anchor: string | null): string {
  const outline = outlines.find((o) => o.doc === doc);
  if (!outline) return "Support policy";
  const heading = anchor ? outline.headings.find((x) => x.anchor === anchor)?.heading : undefined;
  return heading && heading !== outline.title ? `${outline.title} › ${heading}` : outline.title;
}

/** Document titles by id (for labels elsewhere). */
export function documentTitle(doc: string): string {
  return outlines.find((o) => o.doc === doc)?.title ?? doc;
}

/**
 * Loads the glossary and marks its terms from then on: in the document shown and in every answer card
 * (the assistant's, Learn's, the search box's), watched as they appear. One tooltip (role="tooltip")
 * shows a term's definition while the pointer is on it or it has keyboard focus; Escape hides it.
 */
export async function initGlossary(): Promise<void> {
  try {
    glossary = await backend.glossary();
  } catch (error) {
    showError(error);
    return;
  }
  matcher = termMatcher(glossary);
  if (!matcher) return;
  const terms = matcher;
  document.body.append(definitionsElement(document, glossary), h("div", { id: "term-tip", class: "term-tip", role: "tooltip", hidden: true }));
  const content = document.getElementById("reader-content");
  if (content && currentDoc) markTerms(content, terms, true);
  const markCards = (root: ParentNode) => {
    const cards = root instanceof Element && root.matches(".answer-card") ? [root] : [...root.querySelectorAll(".answer-card")];
    for (const card of cards) {
      if (card instanceof HTMLElement && !card.dataset.terms) {
        card.dataset.terms = "marked";
        markTerms(card, terms, false);
      }
    }
  };
  markCards(document);
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach((node) => node instanceof Element && markCards(node));
  }).observe(byId("views"), { childList: true, subtree: true });
  document.addEventListener("mouseover", (e) => termEvent(e, true));
  document.addEventListener("mouseout", (e) => termEvent(e, false));
  document.addEventListener("focusin", (e) => termEvent(e, true));
  document.addEventListener("focusout", (e) => termEvent(e, false));
  document.addEventListener("click", onTermClick);
  // Escape dismisses a shown tooltip and does nothing else (in the reader it would go to search).
  window.addEventListener(
    "keydown",
    (e) => {
      const tip = document.getElementById("term-tip");
      if (e.key !== "Escape" || !tip || tip.hidden) return;
      e.stopPropagation();
      hideTip();
    },
    true,
  );
}

function termEvent(event: Event, show: boolean): void {
  const term = (event.target as Element | null)?.closest?.(".term");
  if (!(term instanceof HTMLElement)) return;
  if (show) showTip(term);
  else hideTip();
}

function showTip(el: HTMLElement): void {
  const term = glossary.find((t) => t.id === el.dataset.term);
  const tip = document.getElementById("term-tip");
  if (!term || !tip) return;
  replaceChildren(
    tip,
    h("strong", {}, term.term),
    h("span", { class: "term-tip-definition" }, term.definition),
    h("small", { class: "muted" }, `Where the policy uses it: ${term.passage}. Click to open it.`),
  );
  tip.hidden = false;
  const rect = el.getBoundingClientRect();
  const width = Math.min(420, window.innerWidth - 16);
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  const below = rect.bottom + 6;
  // Below the term, or above it when there is no room below.
  const top = below + tip.offsetHeight > window.innerHeight ? Math.max(8, rect.top - tip.offsetHeight - 6) : below;
  tip.style.left = `${left}px`;
  tip.style.top = `${top}px`;
  tip.style.maxWidth = `${width}px`;
}

function hideTip(): void {
  const tip = document.getElementById("term-tip");
  if (tip) tip.hidden = true;
}

function onTermClick(event: MouseEvent): void {
  const el = (event.target as Element | null)?.closest?.(".term");
  if (!(el instanceof HTMLElement)) return;
  const term = glossary.find((t) => t.id === el.dataset.term);
  if (!term) return;
  event.preventDefault();
  hideTip();
  void openInReader(term.doc, term.anchor, "");
}
