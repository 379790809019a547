import { beforeEach, describe, expect, it, vi } from "vitest";

// The Tauri IPC is replaced by a function each test sets.
let handler: (command: string, args?: Record<string, unknown>) => Promise<unknown> = async () => undefined;
const calls: [string, Record<string, unknown> | undefined][] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: (command: string, args?: Record<string, unknown>) => {
    calls.push([command, args]);
    return handler(command, args);
  },
  // A stand-in for Tauri's IPC channel: the backend sets `onmessage`, the test delivers messages.
  Channel: class<T> {
    onmessage: (message: T) => void = () => undefined;
  },
}));

const { backend, BackendError } = await import("./backend");

describe("backend", () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it("passes arguments by name to one command", async () => {
    handler = async () => ({ query: "rca", took_ms: 0.2, total: 0, hits: [] });
    const results = await backend.search("rca", 20);
    expect(calls).toEqual([["search", { query: "rca", limit: 20, sources: [], policyVersion: null }]]);
    await backend.search("rca", 20, ["faq"], "2021-01-26");
    expect(calls[1]).toEqual(["search", { query: "rca", limit: 20, sources: ["faq"], policyVersion: "2021-01-26" }]);
    expect(results.total).toBe(0);
  });

  it("hands each supportkb:// link clicked in another app to the page, in order", async () => {
    handler = async (_command, args) => {
      const channel = args?.channel as { onmessage: (link: string) => void };
      channel.onmessage("supportkb://ask/reopen?closed_on=2026-08-12");
      channel.onmessage("supportkb://read/reopening-incidents.md#closed-three-months");
    };
    const opened: string[] = [];
    await backend.deepLinks((link) => opened.push(link));
    expect(calls.map(([command]) => command)).toEqual(["deep_links"]);
    expect(opened).toEqual([
      "supportkb://ask/reopen?closed_on=2026-08-12",
      "supportkb://read/reopening-incidents.md#closed-three-months",
    ]);
  });

  it("streams indexing progress on a channel while a folder is added", async () => {
    handler = async (_command, args) => {
      const progress = args?.progress as { onmessage: (p: unknown) => void };
      progress.onmessage({ done: 0, total: 2 });
      progress.onmessage({ done: 2, total: 2 });
      return { added: { source: "/docs", path: "/docs", documents: 2, sections: 5 }, watched: true, corpora: [], diagnostics: [], took_ms: 12 };
    };
    const seen: unknown[] = [];
    const report = await backend.addCorpus("/docs", (p) => seen.push(p));
    expect(calls[0][0]).toBe("add_corpus");
    expect(calls[0][1]?.dir).toBe("/docs");
    expect(seen).toEqual([
      { done: 0, total: 2 },
      { done: 2, total: 2 },
    ]);
    expect(report.watched).toBe(true);
  });

  it("delivers folder events to the subscriber", async () => {
    handler = async (_command, args) => {
      (args?.events as { onmessage: (e: unknown) => void }).onmessage({ kind: "updated", folder: "/docs", message: "changed" });
      return undefined;
    };
    const events: unknown[] = [];
    await backend.corpusEvents((e) => events.push(e));
    expect(calls).toEqual([["corpus_events", { events: expect.anything() }]]);
    expect(events).toEqual([{ kind: "updated", folder: "/docs", message: "changed" }]);
  });

  it("reads people's words through resolve_fact, understand and countries", async () => {
    handler = async (command) =>
      command === "resolve_fact"
        ? { value: "2026-11-20T16:30:00+09:00", display: "Friday 20 Nov 2026, 16:30 (Asia/Tokyo, UTC+09:00)" }
        : command === "understand"
          ? { policy: "reopen", facts: { closed_on: "2026-07-25" }, unparsed: [] }
          : [{ code: "JP", name: "Japan", zones: ["Asia/Tokyo"] }];
    const resolved = await backend.resolveFact("response_time", "submitted_at", "fri 16:30", "Asia/Tokyo");
    const understood = await backend.understand("can I reopen a case closed 4 months ago");
    const countries = await backend.countries();
    expect(calls).toEqual([
      ["resolve_fact", { policy: "response_time", fact: "submitted_at", text: "fri 16:30", timeZone: "Asia/Tokyo" }],
      ["understand", { text: "can I reopen a case closed 4 months ago" }],
      ["countries", undefined],
    ]);
    expect(resolved.display).toContain("Asia/Tokyo");
    expect(understood.policy).toBe("reopen");
    expect(countries[0].zones).toEqual(["Asia/Tokyo"]);
  });

  it("turns {code, message} errors into BackendError", async () => {
    handler = () => Promise.reject({ code: "unknown_doc", message: 'unknown document "x.md"' });
    let caught: unknown = null;
    try {
      await backend.show("x.md", null, "");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BackendError);
    expect((caught as InstanceType<typeof BackendError>).code).toBe("unknown_doc");
    expect((caught as Error).message).toBe('unknown document "x.md"');
  });

  it("wraps other failures with code ipc", async () => {
    handler = () => Promise.reject("command search not allowed");
    let caught: unknown = null;
    try {
      await backend.search("x", 1);
    } catch (error) {
      caught = error;
    }
    expect((caught as InstanceType<typeof BackendError>).code).toBe("ipc");
  });
});
