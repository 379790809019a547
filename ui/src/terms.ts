// Glossary terms marked in what the app shows (the reader's documents, answer cards): the first use of a
// term in a passage is underlined and, on hover or keyboard focus, shows the engine's definition in a
// tooltip (role="tooltip", tied to the term by aria-describedby); a click opens the passage the glossary
// cites. The terms, their spellings and definitions all come from the engine (`glossary`); this module
// only finds the spellings in text nodes and never sets HTML.
import type { GlossaryTerm } from "./types";

/** A found use of a term: `text.slice(start, end)` is one of its forms. */
export interface TermUse {
  start: number;
  end: number;
  term: GlossaryTerm;
}

/** The glossary compiled for finding its forms in text. */
export interface TermMatcher {
  pattern: RegExp;
  byForm: Map<string, { term: GlossaryTerm; exactCase: string | null }>;
}

/** A form written in capitals only ("UAT", "RCA") matches only in capitals. */
function capitalsOnly(form: string): boolean {
  return /\p{Lu}/u.test(form) && !/\p{Ll}/u.test(form);
}

/** Compiles the terms: every form, longest first, as a whole word or phrase, in any case unless it is
 * written in capitals only. */
export function termMatcher(terms: GlossaryTerm[]): TermMatcher | null {
  const byForm = new Map<string, { term: GlossaryTerm; exactCase: string | null }>();
  for (const term of terms) {
    for (const form of term.forms) {
      byForm.set(form.toLowerCase(), { term, exactCase: capitalsOnly(form) ? form : null });
    }
  }
  if (byForm.size === 0) return null;
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length);
  const escaped = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  return { pattern, byForm };
}

/** The uses of terms in `text`, skipping terms in `seen` (and adding those found to it), so a term is
 * marked once per passage. */
export function findTerms(text: string, matcher: TermMatcher, seen: Set<string> = new Set()): TermUse[] {
  const uses: TermUse[] = [];
  matcher.pattern.lastIndex = 0;
  for (const match of text.matchAll(matcher.pattern)) {
    const found = matcher.byForm.get(match[0].toLowerCase().replace(/\s+/g, " "));
    if (!found || (found.exactCase !== null && match[0] !== found.exactCase)) continue;
    if (seen.has(found.term.id)) continue;
    seen.add(found.term.id);
    uses.push({ start: match.index, end: match.index + match[0].length, term: found.term });
  }
  return uses;
}

/** Where terms are never marked: links and buttons (already something to click), code, headings,
 * search highlights, form controls, figures, and terms already marked. */
const SKIP = "a, button, code, pre, h1, h2, h3, h4, h5, h6, mark, svg, select, option, input, textarea, label, .term, .verdict, [data-no-terms]";
const HEADING = /^H[1-6]$/;

/** The id of the hidden element holding a term's definition (what aria-describedby points to). */
export function definitionId(term: GlossaryTerm): string {
  return `term-def-${term.id}`;
}

/**
 * Marks the first use of each term in `root` (again after every heading when `perSection`), as
 * `<button class="term" aria-describedby="term-def-ID">`; returns how many were marked.
 */
export function markTerms(root: Element, matcher: TermMatcher, perSection: boolean): number {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const texts: { node: Text; seen: Set<string> }[] = [];
  let seen = new Set<string>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if (perSection && HEADING.test((node as Element).tagName)) seen = new Set();
      continue;
    }
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP) || !node.nodeValue?.trim()) continue;
    texts.push({ node: node as Text, seen });
  }
  let marked = 0;
  for (const { node, seen: passage } of texts) {
    const text = node.nodeValue ?? "";
    const uses = findTerms(text, matcher, passage);
    if (uses.length === 0) continue;
    const parts = doc.createDocumentFragment();
    let at = 0;
    for (const use of uses) {
      if (use.start > at) parts.append(text.slice(at, use.start));
      const button = doc.createElement("button");
      button.type = "button";
      button.className = "term";
      button.dataset.term = use.term.id;
      button.setAttribute("aria-describedby", definitionId(use.term));
      button.textContent = text.slice(use.start, use.end);
      parts.append(button);
      at = use.end;
      marked += 1;
    }
    if (at < text.length) parts.append(text.slice(at));
    node.replaceWith(parts);
  }
  return marked;
}

/** The hidden definitions the terms' aria-describedby point to, one per term. */
export function definitionsElement(doc: Document, terms: GlossaryTerm[]): HTMLElement {
  const holder = doc.createElement("div");
  holder.id = "term-definitions";
  holder.hidden = true;
  for (const term of terms) {
    const span = doc.createElement("span");
    span.id = definitionId(term);
    span.textContent = `${term.term}: ${term.definition}`;
    holder.append(span);
  }
  return holder;
}
