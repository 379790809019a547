// Answers the engine really gives, for the UI's unit tests: `ui/src/fixtures/engine.json` is written by
// the engine's `ui_fixtures` test (`UPDATE_FIXTURES=1 cargo test -p supportkb ui_fixtures`), which fails
// when the committed file no longer matches what the engine answers.
import engine from "./fixtures/engine.json";
import type { Answer, PolicySpec, Question } from "./types";

/** The names of the questions in the fixture file. */
export type FixtureName = keyof typeof engine.answers;

/** A question, the engine's answer and the description of its policy. */
export interface Fixture {
  question: Question;
  answer: Answer;
  policy: PolicySpec;
}

/** A fresh copy of one fixture (tests may change it). */
export function engineFixture(name: FixtureName): Fixture {
  const { question, answer } = structuredClone(engine.answers[name]) as unknown as { question: Question; answer: Answer };
  const policy = structuredClone((engine.policies as Record<string, unknown>)[question.policy]) as PolicySpec;
  return { question, answer, policy };
}
