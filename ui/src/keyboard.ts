// Keyboard helpers, kept free of the DOM so Vitest can check them.

/** Next selected index in a list of `count` items after pressing an arrow (`delta` = ±1); -1 = none. */
export function moveSelection(current: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  const next = current + delta;
  if (next < 0) return 0;
  if (next >= count) return count - 1;
  return next;
}

/** Whether a keydown is the "focus search" shortcut (Ctrl+K, or Cmd+K on macOS). */
export function isSearchShortcut(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k";
}
