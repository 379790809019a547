import { describe, expect, it } from "vitest";
import { definitionsElement, findTerms, markTerms, termMatcher } from "./terms";
import type { GlossaryTerm } from "./types";

const term = (id: string, forms: string[]): GlossaryTerm => ({
  id,
  term: forms[0],
  forms,
  definition: `What ${forms[0]} means.`,
  doc: "severity-and-response.md",
  anchor: id,
  passage: "Severity levels and response times",
});

const glossary = [
  term("break-fix", ["break-fix", "break fix"]),
  term("uat", ["UAT"]),
  term("severity-b", ["Severity B", "sev B"]),
  term("business-hours", ["business hours", "business-hours"]),
  term("tenant", ["tenant", "tenants"]),
];
const matcher = termMatcher(glossary)!;

describe("findTerms", () => {
  it("finds whole words and phrases in any case, the longest form first", () => {
    const uses = findTerms("A Break-Fix case in business hours", matcher);
    expect(uses.map((u) => u.term.id)).toEqual(["break-fix", "business-hours"]);
    expect("A Break-Fix case".slice(uses[0].start, uses[0].end)).toBe("Break-Fix");
  });

  it("matches a term in capitals only in capitals, and never inside a word", () => {
    expect(findTerms("tested in UAT first", matcher).map((u) => u.term.id)).toEqual(["uat"]);
    expect(findTerms("a uat or guatemala", matcher)).toEqual([]);
    expect(findTerms("subtenants", matcher)).toEqual([]);
  });

  it("marks a term once per passage", () => {
    const seen = new Set<string>();
    expect(findTerms("sev B and Severity B", matcher, seen)).toHaveLength(1);
    expect(findTerms("Severity B again", matcher, seen)).toHaveLength(0);
  });
});

describe("markTerms", () => {
  it("underlines the first use per section, never in headings, links or highlights", () => {
    const root = document.createElement("div");
    root.innerHTML =
      "<h2>Break-fix</h2><p>Break-fix work in a <a href='x.md'>tenant</a>. More break-fix.</p>" +
      "<h2>Other</h2><p><mark>UAT</mark> then break fix in UAT.</p>";
    expect(markTerms(root, matcher, true)).toBe(3);
    const marked = [...root.querySelectorAll("button.term")].map((b) => [b.textContent, b.getAttribute("aria-describedby")]);
    expect(marked).toEqual([
      ["Break-fix", "term-def-break-fix"],
      ["break fix", "term-def-break-fix"],
      ["UAT", "term-def-uat"],
    ]);
    expect(root.querySelector("h2")!.textContent).toBe("Break-fix");
    expect(root.querySelector("p")!.textContent).toBe("Break-fix work in a tenant. More break-fix.");
  });

  it("gives every term a hidden definition to describe it", () => {
    const holder = definitionsElement(document, glossary);
    expect(holder.hidden).toBe(true);
    expect(holder.querySelector("#term-def-uat")!.textContent).toBe("UAT: What UAT means.");
  });
});
