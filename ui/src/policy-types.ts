// Policy engine types (placeholder until generated bindings replace this file).
export interface FactDescription {
  name: string;
  type: string;
  allowed_values?: string[] | null;
  help: string;
  default?: unknown;
}
export interface VerdictDescription {
  id: string;
  meaning: string;
}
export interface PolicyExample {
  name: string;
  description?: string;
  facts: Record<string, unknown>;
  verdict?: string;
}
export interface PolicyDescription {
  id: string;
  title: string;
  question: string;
  description?: string;
  facts: FactDescription[];
  verdicts: VerdictDescription[];
  examples: PolicyExample[];
}
export interface Question {
  policy: string;
  facts: Record<string, unknown>;
}
export interface Citation {
  doc: string;
  anchor: string;
}
export interface Reason {
  rule: string;
  says: string;
  cites: Citation;
}
export interface Answer {
  policy: string;
  verdict: string;
  summary: string;
  reasons: Reason[];
  missing_facts: string[];
  what_would_change: string[];
  details: Record<string, unknown> | null;
  policy_version: string;
}
