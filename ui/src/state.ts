// Small shared state and the navigation between views.

/** The views of the window. */
export type View = "search" | "reader" | "assistant" | "learn" | "changes" | "settings";

export const VIEWS: { id: View; label: string }[] = [
  { id: "search", label: "Search" },
  { id: "reader", label: "Reader" },
  { id: "assistant", label: "Assistant" },
  { id: "learn", label: "Learn" },
  { id: "changes", label: "What changed" },
  { id: "settings", label: "Settings" },
];

type Listener = (view: View) => void;
const listeners: Listener[] = [];
let current: View = "search";

/** The visible view. */
export function currentView(): View {
  return current;
}

/** Shows a view (the shell hides the others). */
export function showView(view: View): void {
  current = view;
  for (const listener of listeners) listener(view);
}

/** Called whenever the visible view changes. */
export function onViewChange(listener: Listener): void {
  listeners.push(listener);
}

/** Timings the end-to-end run reads (window.__supportkb). */
export interface Timings {
  /** Milliseconds from a keystroke in the search box to the frame that shows its results. */
  keystrokeToPaint: number[];
  /** Milliseconds from navigation start to the interactive search box. */
  readyMs: number | null;
}

export const timings: Timings = { keystrokeToPaint: [], readyMs: null };
(window as unknown as { __supportkb: Timings }).__supportkb = timings;
