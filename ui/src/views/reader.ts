// Reader: a document rendered by the engine (sanitized HTML), scrolled to the passage, with the topic
// tree of every loaded corpus beside it. Links: internal ones open here, https ones in the browser.
import { backend } from "../backend";
import { byId, h, replaceChildren, setTrustedHtml } from "../dom";
import { copyText } from "../clipboard";
import { resolveInternalLink } from "../links";
import { showView } from "../state";
import { showError, toast } from "../toast";
import type { DocumentOutline } from "../types";

let outlines: DocumentOutline[] = [];
let currentDoc: string | null = null;
let currentAnchor: string | null = null;

/** Builds the reader view. */
export function readerView(): HTMLElement {
  const content = h("div", { id: "reader-content", class: "doc" });
  content.addEventListener("click", onContentClick);
  return h(
    "section",
    { id: "view-reader", class: "view split" },
    h("nav", { id: "topic-tree", class: "sidebar", "aria-label": "Topics" }),
    h(
      "article",
      { class: "reader" },
      h(
        "div",
        { class: "reader-bar" },
        h("h1", { id: "reader-title" }, "Browse the support policy"),
        h("button", { id: "copy-link", class: "button", disabled: true, onclick: () => void copyLink() }, "Copy link"),
      ),
      h("div", { id: "reader-cite", class: "cite" }),
      content,
    ),
  );
}

/** Loads the topic tree (again, e.g. after a folder was added). */
export async function refreshTopics(): Promise<void> {
  try {
    outlines = await backend.documents();
  } catch (error) {
    showError(error);
    return;
  }
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
          h("summary", {}, doc.title),
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
}

/** Opens `doc` in the reader, scrolled to `anchor`, with the words of `highlight` marked. */
export async function openInReader(doc: string, anchor: string | null, highlight: string): Promise<void> {
  let page;
  try {
    page = await backend.show(doc, anchor, highlight);
  } catch (error) {
    showError(error);
    return;
  }
  currentDoc = page.doc;
  currentAnchor = page.anchor;
  showView("reader");
  byId("reader-title").textContent = page.title;
  const folder = page.source === "embedded" ? "" : ` · ${page.source.split("/").filter(Boolean).pop() ?? page.source}`;
  byId("reader-cite").textContent = `${passageName(page.doc, page.anchor)}${folder}`;
  (byId("copy-link") as HTMLButtonElement).disabled = false;
  const content = byId("reader-content");
  setTrustedHtml(content, page.html);
  labelHeadings(content, page.doc);
  const target = page.anchor ? content.querySelector<HTMLElement>(`[data-anchor="${CSS.escape(page.anchor)}"]`) : null;
  content.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
  if (target) {
    target.classList.add("current");
    target.scrollIntoView({ block: "start" });
  } else {
    content.scrollTop = 0;
    content.closest(".reader")?.scrollTo({ top: 0 });
  }
  document.querySelectorAll("#topic-tree details.topic").forEach((details) => {
    if ((details as HTMLElement).dataset.doc === page.doc) (details as HTMLDetailsElement).open = true;
  });
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
    const link = await backend.linkTo({ kind: "passage", doc: currentDoc, anchor: currentAnchor });
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
