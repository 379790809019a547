import { beforeEach, describe, expect, it, vi } from "vitest";

// The Tauri IPC is replaced by a function each test sets.
let handler: (command: string, args?: Record<string, unknown>) => Promise<unknown> = async () => undefined;
const calls: [string, Record<string, unknown> | undefined][] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: (command: string, args?: Record<string, unknown>) => {
    calls.push([command, args]);
    return handler(command, args);
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
    expect(calls).toEqual([["search", { query: "rca", limit: 20 }]]);
    expect(results.total).toBe(0);
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
