// The editions of the support policy, as the engine names them (loaded once): the assistant's edition
// selector, the edition an answer was given under, the What changed view's pickers.
import { backend } from "./backend";
import type { DocumentOutline } from "./bindings/DocumentOutline";
import type { EditionInfo } from "./bindings/EditionInfo";

let loaded: Promise<EditionInfo[]> | null = null;
let known: EditionInfo[] = [];

/** The editions, oldest first (asked of the engine once). */
export function loadEditions(): Promise<EditionInfo[]> {
  loaded ??= backend.editions().then((list) => {
    known = list;
    return list;
  });
  return loaded;
}

/** The name of edition `version` ("Support policy of 26 January 2021"), once loaded; the date itself in
 * words until then. */
export function editionName(version: string): string {
  return known.find((e) => e.policy_version === version)?.name ?? dateInWords(version);
}

/** The newest edition's date, once loaded. */
export function newestEdition(): string | null {
  return known.at(-1)?.policy_version ?? null;
}

/** A YYYY-MM-DD date as "26 Jan 2021". */
export function dateInWords(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

const outlines = new Map<string, Promise<DocumentOutline[]>>();

/** A passage of an older edition as people name it ("About support › Business hours"), from that
 * edition's documents (asked of the engine once per edition). */
export async function olderPassageName(version: string, doc: string, anchor: string | null): Promise<string> {
  let docs = outlines.get(version);
  if (!docs) {
    docs = backend.editionDocuments(version).catch(() => []);
    outlines.set(version, docs);
  }
  const outline = (await docs).find((o) => o.doc === doc);
  if (!outline) return "A passage of the support policy";
  const heading = anchor ? outline.headings.find((x) => x.anchor === anchor)?.heading : undefined;
  return heading && heading !== outline.title ? `${outline.title} › ${heading}` : outline.title;
}
