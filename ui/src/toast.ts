// Transient messages at the bottom of the window (copy confirmations, notices, errors).
import { h } from "./dom";

let container: HTMLElement | null = null;

/** Shows a message; notices and errors stay until dismissed, others fade after a few seconds. */
export function toast(message: string, kind: "info" | "notice" | "error" = "info"): void {
  if (!container) {
    container = h("div", { id: "toasts", role: "status", "aria-live": "polite" });
    document.body.appendChild(container);
  }
  const item = h(
    "div",
    { class: `toast toast-${kind}` },
    h("span", {}, message),
    h("button", { class: "toast-close", "aria-label": "Dismiss", onclick: () => item.remove() }, "×"),
  );
  container.appendChild(item);
  if (kind === "info") setTimeout(() => item.remove(), 3000);
}

/** Shows an error from a failed backend call. */
export function showError(error: unknown): void {
  toast(error instanceof Error ? error.message : String(error), "error");
}
