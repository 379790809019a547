import { describe, expect, it, vi } from "vitest";
import engine from "./fixtures/engine.json";

// The backend answers as the engine did (fixtures/engine.json): "response time for Sev A on Premier"
// typed in the search box, read under the policy in force, where Premier is no plan.
const typed = engine.understood.sev_a_on_premier;
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (command: string) => {
    if (command === "editions") return engine.editions;
    if (command === "policies") return Object.values(engine.policies);
    if (command === "understand") return typed.understood;
    if (command === "ask") return typed.answer;
    if (command === "user_data") return { history: [], pinned: [] };
    return [];
  },
  Channel: class {},
}));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: async () => null }));

const { assistantView, initAssistant } = await import("./views/assistant");
const { showUnderstood, understoodSlot } = await import("./views/understood");

describe("a question typed in the search box", () => {
  it("response time for Sev A on Premier: the card answers it and says Premier is a plan of an earlier edition", async () => {
    document.body.innerHTML = "";
    document.body.append(understoodSlot(), assistantView());
    await initAssistant();

    await showUnderstood(typed.text);

    const card = document.querySelector("#understood .understood-card");
    expect(card).not.toBeNull();
    const notes = [...card!.querySelectorAll(".understood-note")].map((n) => n.textContent);
    // The note is the engine's sentence, shown as it gave it.
    expect(notes).toEqual(typed.understood.notes);
    expect(notes[0]).toContain("Premier");
    expect(notes[0]).toContain("26 January 2021");
    expect(card!.querySelector(".answer-summary")?.textContent).toBe(typed.answer.summary);
  });
});
