// Back and Forward over the app's navigation: the places visited (a view, or a passage in the reader),
// like a browser's history. DOM-free so Vitest checks it; main.ts wires it to the toolbar buttons,
// Alt+Left / Alt+Right and the mouse's back and forward buttons.
import type { View } from "./state";

/** A place the user can come back to: a view, or a document of the reader at a passage. */
export type Place =
  | { view: Exclude<View, "reader"> }
  | { view: "reader"; doc: string; anchor: string | null; policyVersion?: string | null };

/** Whether two places are the same (visiting the place already shown adds nothing). */
export function samePlace(a: Place, b: Place): boolean {
  if (a.view !== b.view) return false;
  if (a.view === "reader" && b.view === "reader")
    return a.doc === b.doc && a.anchor === b.anchor && (a.policyVersion ?? null) === (b.policyVersion ?? null);
  return true;
}

/** Most places kept; the oldest are forgotten first. */
export const HISTORY_LIMIT = 100;

/** The places visited, and where the user stands among them. */
export class NavHistory {
  private places: Place[] = [];
  private at = -1;
  private listeners: (() => void)[] = [];

  constructor(private readonly limit: number = HISTORY_LIMIT) {}

  /** The place shown, if any. */
  get current(): Place | null {
    return this.places[this.at] ?? null;
  }

  /** Whether Back has somewhere to go. */
  get canGoBack(): boolean {
    return this.at > 0;
  }

  /** Whether Forward has somewhere to go. */
  get canGoForward(): boolean {
    return this.at < this.places.length - 1;
  }

  /** A new place shown: it follows the current one, and what was ahead of it is dropped. The place
   * already shown is not added twice. */
  visit(place: Place): void {
    const current = this.current;
    if (current && samePlace(current, place)) return;
    this.places = this.places.slice(0, this.at + 1);
    this.places.push(place);
    if (this.places.length > this.limit) this.places.splice(0, this.places.length - this.limit);
    this.at = this.places.length - 1;
    this.changed();
  }

  /** The user moved within the current place (scrolled to another passage of the same document):
   * the entry now stands for where they are, so Back comes back to it. */
  replaceCurrent(place: Place): void {
    if (this.at < 0) return this.visit(place);
    this.places[this.at] = place;
  }

  /** Steps back; the place to show, or null when there is none. */
  back(): Place | null {
    if (!this.canGoBack) return null;
    this.at -= 1;
    this.changed();
    return this.current;
  }

  /** Steps forward; the place to show, or null when there is none. */
  forward(): Place | null {
    if (!this.canGoForward) return null;
    this.at += 1;
    this.changed();
    return this.current;
  }

  /** Called whenever Back or Forward become possible or impossible. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Which way a key or mouse event moves: Alt+Left / Alt+Right, the mouse's back (3) and forward (4)
 * buttons, and the keyboard's own Back/Forward keys; null for anything else. */
export function navigationOf(
  event: { type: string; key?: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; button?: number },
): "back" | "forward" | null {
  if (event.type === "keydown") {
    if (event.key === "BrowserBack") return "back";
    if (event.key === "BrowserForward") return "forward";
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
    if (event.key === "ArrowLeft") return "back";
    if (event.key === "ArrowRight") return "forward";
    return null;
  }
  if (event.type === "mouseup" || event.type === "auxclick") {
    if (event.button === 3) return "back";
    if (event.button === 4) return "forward";
  }
  return null;
}
