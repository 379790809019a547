import { describe, expect, it } from "vitest";
import { navigationOf, NavHistory, samePlace, type Place } from "./history";

const overview: Place = { view: "reader", doc: "overview.md", anchor: "overview" };
const severityB: Place = { view: "reader", doc: "severity-and-response.md", anchor: "severity-b" };
const search: Place = { view: "search" };

describe("NavHistory", () => {
  it("has nowhere to go before a second place is visited", () => {
    const history = new NavHistory();
    expect(history.canGoBack).toBe(false);
    expect(history.back()).toBeNull();
    history.visit(search);
    expect(history.canGoBack).toBe(false);
    expect(history.canGoForward).toBe(false);
  });

  it("goes back to the previous passage and forward again", () => {
    const history = new NavHistory();
    history.visit(search);
    history.visit(overview);
    history.visit(severityB);
    expect(history.back()).toEqual(overview);
    expect(history.back()).toEqual(search);
    expect(history.canGoBack).toBe(false);
    expect(history.forward()).toEqual(overview);
    expect(history.canGoForward).toBe(true);
  });

  it("drops the places ahead when a new one is visited after going back", () => {
    const history = new NavHistory();
    history.visit(search);
    history.visit(overview);
    history.back();
    history.visit(severityB);
    expect(history.canGoForward).toBe(false);
    expect(history.back()).toEqual(search);
  });

  it("does not add the place already shown twice", () => {
    const history = new NavHistory();
    history.visit(search);
    history.visit({ view: "search" });
    expect(history.canGoBack).toBe(false);
    history.visit(overview);
    history.visit({ ...overview });
    expect(history.back()).toEqual(search);
  });

  it("remembers where the reader was scrolled to", () => {
    const history = new NavHistory();
    history.visit(overview);
    history.replaceCurrent({ view: "reader", doc: "overview.md", anchor: "resources" });
    history.visit(search);
    expect(history.back()).toEqual({ view: "reader", doc: "overview.md", anchor: "resources" });
  });

  it("forgets the oldest places past its limit", () => {
    const history = new NavHistory(3);
    for (const anchor of ["a", "b", "c", "d"]) history.visit({ view: "reader", doc: "x.md", anchor });
    expect(history.back()).toEqual({ view: "reader", doc: "x.md", anchor: "c" });
    expect(history.back()).toEqual({ view: "reader", doc: "x.md", anchor: "b" });
    expect(history.back()).toBeNull();
  });

  it("tells its listeners when Back or Forward may change", () => {
    const history = new NavHistory();
    let calls = 0;
    history.onChange(() => (calls += 1));
    history.visit(search);
    history.visit(overview);
    history.back();
    history.forward();
    expect(calls).toBe(4);
  });
});

describe("samePlace", () => {
  it("compares passages by document and anchor, views by name", () => {
    expect(samePlace(overview, { view: "reader", doc: "overview.md", anchor: "overview" })).toBe(true);
    expect(samePlace(overview, severityB)).toBe(false);
    expect(samePlace(search, { view: "learn" })).toBe(false);
  });
});

describe("navigationOf", () => {
  it("reads Alt+Left / Alt+Right and the browser keys", () => {
    expect(navigationOf({ type: "keydown", key: "ArrowLeft", altKey: true })).toBe("back");
    expect(navigationOf({ type: "keydown", key: "ArrowRight", altKey: true })).toBe("forward");
    expect(navigationOf({ type: "keydown", key: "ArrowLeft" })).toBeNull();
    expect(navigationOf({ type: "keydown", key: "ArrowLeft", altKey: true, shiftKey: true })).toBeNull();
    expect(navigationOf({ type: "keydown", key: "BrowserBack" })).toBe("back");
  });

  it("reads the mouse's back and forward buttons", () => {
    expect(navigationOf({ type: "mouseup", button: 3 })).toBe("back");
    expect(navigationOf({ type: "mouseup", button: 4 })).toBe("forward");
    expect(navigationOf({ type: "mouseup", button: 0 })).toBeNull();
  });
});
