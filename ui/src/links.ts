// Links inside rendered documents: which document and anchor an internal link points to.

/** A place in the knowledge base. */
export interface Place {
  doc: string;
  anchor: string | null;
}

/**
 * Resolves an internal link (`other.md#anchor`, `../sub/doc.md`, `#anchor`) found in `currentDoc`
 * (a path relative to its corpus root) to a document id and anchor. Returns null for links that
 * leave the corpus root or are not documents.
 */
export function resolveInternalLink(currentDoc: string, href: string): Place | null {
  const hashAt = href.indexOf("#");
  const path = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const anchor = hashAt >= 0 ? decodeURIComponent(href.slice(hashAt + 1)) || null : null;
  if (path === "") return { doc: currentDoc, anchor };
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("/")) return null;
  const parts = currentDoc.split("/").slice(0, -1);
  for (const segment of decodeURIComponent(path).split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  const doc = parts.join("/");
  if (!doc.toLowerCase().endsWith(".md")) return null;
  return { doc, anchor };
}

/** The `doc#anchor` form users copy and policy rules cite. */
export function citation(doc: string, anchor: string | null): string {
  return anchor ? `${doc}#${anchor}` : doc;
}
