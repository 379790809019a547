// A tiny DOM helper: the UI's whole "component framework". Views are functions that build elements
// with h() and update them in place; no virtual DOM, no runtime dependency.

/** Attributes and properties h() understands. */
export type Props = {
  [key: string]: string | number | boolean | null | undefined | EventListener;
};

/** A child: an element, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element. `class`, `id` and other string props become attributes; `onclick`-style props
 * (functions) become event listeners; `true` sets a boolean attribute, `false`/null/undefined skip it.
 * Strings are always text, never HTML: use setTrustedHtml() for the engine's sanitized HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      el.addEventListener(key.replace(/^on/, ""), value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else if (key === "value" && (el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) {
      el.value = String(value);
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Creates an SVG element with attributes. */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | null)[]): SVGElement {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) if (child) el.appendChild(child);
  return el;
}

function append(el: Node, children: (Child | Child[])[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(el, child);
    else if (child === null || child === undefined || child === false) continue;
    else el.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: (Child | Child[])[]): void {
  el.textContent = "";
  append(el, children);
}

/**
 * Sets HTML that the Rust engine produced: search snippets (all text HTML-escaped, only <mark> added)
 * and rendered markdown (sanitized with ammonia). The only innerHTML assignment in the UI; never call
 * it with other input.
 */
export function setTrustedHtml(el: Element, sanitizedHtml: string): void {
  el.innerHTML = sanitizedHtml;
}

/** Looks up an element by id, failing loudly when the page structure is broken. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el as T;
}
