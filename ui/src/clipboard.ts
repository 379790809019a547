// Copying text out of the app. WebKitGTK may refuse the async clipboard API inside the web view; a
// selection copy of an off-screen text area is the fallback.
import { h } from "./dom";

/** Puts `text` on the clipboard. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h("textarea", { class: "offscreen", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}
