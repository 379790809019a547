// Learn: the policy as a course. The lessons, their passages and worked scenarios, the quiz questions
// and their choices all come from the engine (learn_course, learn_quiz, learn_review); whether an answer
// is right is the engine's call (learn_check). Progress lives in the user data file (record_quiz,
// reset_learning after a confirmation). A worked scenario opens in the assistant with its facts filled in,
// the way the search box's answer card does. This view holds no policy knowledge: it shows labels the
// engine gives.
import { backend } from "../backend";
import { byId, h, replaceChildren, setTrustedHtml } from "../dom";
import { showView } from "../state";
import { showError, toast } from "../toast";
import type { Course, Lesson, LearnProgress, PolicySpec, QuizQuestion, QuizResult, WorkedScenario } from "../types";
import { answerCard } from "./answer";
import { selectPolicy } from "./assistant";
import { openInReader } from "./reader";

let course: Course | null = null;
let policies: PolicySpec[] = [];
let progress: LearnProgress | null = null;

/** The quiz on screen: its questions, where the learner is, how they did. */
interface Session {
  title: string;
  lesson: Lesson | null;
  questions: QuizQuestion[];
  index: number;
  right: number;
  answered: number;
}
let session: Session | null = null;

/** Builds the Learn view. */
export function learnView(): HTMLElement {
  return h(
    "section",
    { id: "view-learn", class: "view split" },
    h(
      "nav",
      { class: "sidebar", id: "course", "aria-label": "Course" },
      h("h2", {}, "Course"),
      h("p", { id: "learn-score", class: "muted" }),
      h(
        "button",
        { id: "review-mistakes", class: "button", type: "button", disabled: true, onclick: () => void reviewMistakes() },
        "Review my mistakes",
      ),
      h("ol", { id: "lesson-list", class: "plain lesson-list" }),
      h(
        "button",
        { id: "reset-progress", class: "button small", type: "button", disabled: true, onclick: () => confirmReset() },
        "Reset progress",
      ),
      resetDialog(),
    ),
    h(
      "div",
      { id: "learn-detail", class: "assistant" },
      h("h1", {}, "Learn the policy as a course"),
      h("p", { class: "muted" }, "The lessons follow the policy page. Each shows a passage and its worked scenarios; Quiz me asks you to decide cases, and the engine checks your answer."),
    ),
  );
}

/** Loads the course, the policies (for the answer card) and the progress kept so far. */
export async function initLearn(): Promise<void> {
  try {
    const [loaded, specs, data] = await Promise.all([backend.learnCourse(), backend.policies(), backend.userData()]);
    course = loaded;
    policies = specs;
    progress = data.learn;
  } catch (error) {
    showError(error);
    return;
  }
  renderCourse();
}

function lessonProgress(lesson: Lesson): { mastered: number; answered: number; correct: number } {
  const p = progress?.lessons[lesson.id];
  return {
    mastered: Math.min(p?.mastered.length ?? 0, lesson.questions),
    answered: p?.answered ?? 0,
    correct: p?.correct ?? 0,
  };
}

/** The course list with each lesson's progress, the overall score and the review button. */
function renderCourse(): void {
  if (!course) return;
  const list = byId("lesson-list");
  replaceChildren(
    list,
    course.lessons.map((lesson) => {
      const p = lessonProgress(lesson);
      const status = lesson.questions === 0 ? "Reading" : `${p.mastered} of ${lesson.questions} mastered`;
      return h(
        "li",
        {},
        h(
          "button",
          {
            class: "lesson link",
            type: "button",
            "data-lesson": lesson.id,
            onclick: () => void openLesson(lesson),
          },
          h("span", { class: "lesson-number" }, `${lesson.number}.`),
          h("span", { class: "lesson-title" }, lesson.title),
          h("span", { class: "lesson-status muted", "data-mastered": String(p.mastered) }, status),
        ),
        lesson.questions > 0
          ? h("progress", { class: "lesson-progress", max: lesson.questions, value: p.mastered, "aria-label": `${lesson.title}: ${status}` })
          : null,
      );
    }),
  );
  let answered = 0;
  let correct = 0;
  for (const lesson of course.lessons) {
    const p = lessonProgress(lesson);
    answered += p.answered;
    correct += p.correct;
  }
  byId("learn-score").textContent = answered === 0 ? "No questions answered yet." : `Score: ${correct} of ${answered} answers right.`;
  const missed = progress?.missed.length ?? 0;
  const review = byId<HTMLButtonElement>("review-mistakes");
  review.disabled = missed === 0;
  review.textContent = missed === 0 ? "Review my mistakes" : `Review my mistakes (${missed})`;
  byId<HTMLButtonElement>("reset-progress").disabled = answered === 0 && missed === 0;
}

/** The confirmation before progress is forgotten: a modal dialog, Cancel focused first. */
function resetDialog(): HTMLDialogElement {
  const close = (reset: boolean) => () => {
    byId<HTMLDialogElement>("reset-dialog").close();
    if (reset) void resetProgress();
  };
  return h(
    "dialog",
    {
      id: "reset-dialog",
      class: "confirm-dialog",
      role: "alertdialog",
      "aria-labelledby": "reset-dialog-title",
      "aria-describedby": "reset-dialog-text",
      // Closed by a button or Escape: the keyboard is back where it was.
      onclose: () => byId("reset-progress").focus(),
    },
    h("h2", { id: "reset-dialog-title" }, "Reset your progress?"),
    h("p", { id: "reset-dialog-text" }, "This forgets your score, the questions you have mastered and the mistakes kept for review, in every lesson. It cannot be undone."),
    h(
      "div",
      { class: "dialog-actions" },
      h("button", { id: "reset-cancel", class: "button", type: "button", autofocus: true, onclick: close(false) }, "Cancel"),
      h("button", { id: "reset-confirm", class: "button primary", type: "button", onclick: close(true) }, "Reset progress"),
    ),
  );
}

function confirmReset(): void {
  const dialog = byId<HTMLDialogElement>("reset-dialog");
  dialog.showModal();
  byId("reset-cancel").focus();
}

/** Forgets the progress in the user data and shows the course afresh. */
async function resetProgress(): Promise<void> {
  try {
    const data = await backend.resetLearning();
    progress = data.learn;
  } catch (error) {
    showError(error);
    return;
  }
  renderCourse();
  toast("Learning progress reset");
}

/** A lesson: its passage, the sections it rests on, its worked scenarios and the quiz. */
async function openLesson(lesson: Lesson): Promise<void> {
  session = null;
  const detail = byId("learn-detail");
  const passage = h("div", { class: "lesson-passage reader-content" });
  const scenario = h("div", { id: "scenario-detail", "aria-live": "polite" });
  replaceChildren(
    detail,
    h("p", { class: "muted lesson-place" }, `Lesson ${lesson.number} of ${course?.lessons.length ?? lesson.number}`),
    h("h1", { id: "lesson-title", "data-lesson": lesson.id }, lesson.title),
    h(
      "div",
      { class: "lesson-actions" },
      lesson.questions > 0
        ? h("button", { id: "quiz-me", class: "button primary", type: "button", onclick: () => void startQuiz(lesson) }, `Quiz me (${lesson.questions} questions)`)
        : null,
      h(
        "button",
        {
          class: "button",
          type: "button",
          onclick: () => {
            showView("reader");
            void openInReader(lesson.passage.doc, lesson.passage.anchor, "");
          },
        },
        "Read in the reader",
      ),
    ),
    lesson.policies.length > 0
      ? h("p", { class: "lesson-questions" }, "This lesson answers: ", lesson.policies.map((p) => p.title).join(" · "))
      : null,
    passage,
    lesson.scenarios.length > 0 ? h("h2", {}, "Worked scenarios") : null,
    lesson.scenarios.length > 0
      ? h(
          "ul",
          { class: "plain scenario-list" },
          lesson.scenarios.map((s) =>
            h("li", {}, h("button", { class: "scenario link", type: "button", onclick: () => void showScenario(s, scenario) }, s.name)),
          ),
        )
      : null,
    scenario,
  );
  try {
    const page = await backend.show(lesson.passage.doc, null, "");
    setTrustedHtml(passage, page.html);
    // The reader shows the same document: its ids stay unique there.
    passage.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
  } catch (error) {
    showError(error);
  }
}

function factsTable(facts: { label: string; value: string }[]): HTMLElement {
  return h(
    "table",
    { class: "facts-table" },
    h(
      "tbody",
      {},
      facts.length === 0
        ? h("tr", {}, h("td", {}, "Nothing is known yet."))
        : facts.map((f) => h("tr", {}, h("th", { scope: "row" }, f.label), h("td", {}, f.value))),
    ),
  );
}

async function showScenario(s: WorkedScenario, into: HTMLElement): Promise<void> {
  try {
    const answer = await backend.ask(s.question);
    replaceChildren(
      into,
      h("h3", {}, s.name),
      factsTable(s.facts),
      h(
        "button",
        {
          class: "button try-in-assistant",
          type: "button",
          onclick: () => {
            showView("assistant");
            selectPolicy(s.question.policy, s.question.facts);
          },
        },
        "Try it in the assistant",
      ),
      h("h4", {}, "The answer, explained"),
      answerCard(answer, policies.find((p) => p.id === s.question.policy), [], s.question.facts),
      s.explanation ? h("p", { class: "explanation" }, s.explanation) : null,
    );
    into.scrollIntoView({ block: "start" });
  } catch (error) {
    showError(error);
  }
}

async function startQuiz(lesson: Lesson): Promise<void> {
  try {
    const questions = await backend.learnQuiz(lesson.id);
    session = { title: `Quiz: ${lesson.title}`, lesson, questions, index: 0, right: 0, answered: 0 };
    renderQuestion();
  } catch (error) {
    showError(error);
  }
}

async function reviewMistakes(): Promise<void> {
  if (!progress || progress.missed.length === 0) return;
  showView("learn");
  try {
    const questions = await backend.learnReview(progress.missed);
    session = { title: "Review my mistakes", lesson: null, questions, index: 0, right: 0, answered: 0 };
    renderQuestion();
  } catch (error) {
    showError(error);
  }
}

/** A group of choices as radio buttons under a legend (native, so keyboard and screen readers know it). */
function choiceGroup(id: string, name: string, legend: string, choices: { id: string; label: string }[]): HTMLElement {
  return h(
    "fieldset",
    { id, class: "choices" },
    h("legend", {}, legend),
    choices.map((c, i) =>
      h(
        "label",
        { class: "choice", "data-choice": c.id },
        h("input", { type: "radio", name, value: c.id, id: `${id}-${i}` }),
        " ",
        c.label,
      ),
    ),
  );
}

function picked(name: string): string | null {
  return document.querySelector<HTMLInputElement>(`#quiz-card input[name='${name}']:checked`)?.value ?? null;
}

function renderQuestion(): void {
  if (!session) return;
  const detail = byId("learn-detail");
  const q = session.questions[session.index];
  if (!q) {
    replaceChildren(
      detail,
      h("h1", {}, session.title),
      h("p", { id: "quiz-summary", class: "quiz-summary" }, `Done: ${session.right} of ${session.answered} right.`),
      session.lesson ? h("button", { class: "button", type: "button", onclick: () => session?.lesson && void startQuiz(session.lesson) }, "Take the quiz again") : null,
    );
    return;
  }
  const origin = q.worked
    ? `A worked scenario: ${q.based_on}`
    : `A variation of the worked scenario “${q.based_on}”${q.changed.length > 0 ? `, with ${q.changed.join(", ")} changed` : ""}.`;
  const result = h("div", { id: "quiz-result", "aria-live": "polite" });
  const check = h("button", { id: "check-answer", class: "button primary", type: "submit" }, "Check");
  replaceChildren(
    detail,
    h("h1", {}, session.title),
    h("p", { class: "muted quiz-count" }, `Question ${session.index + 1} of ${session.questions.length}`, session.answered > 0 ? ` · ${session.right} of ${session.answered} right so far` : ""),
    h(
      "form",
      {
        id: "quiz-card",
        class: "quiz-card",
        "data-key": q.key,
        onsubmit: (event: Event) => {
          event.preventDefault();
          void checkAnswer(q, result, check);
        },
      },
      h("p", { class: "quiz-origin muted" }, origin),
      h("h2", { class: "quiz-prompt" }, q.prompt),
      factsTable(q.facts),
      choiceGroup("verdict-choices", "verdict", "Your answer", q.verdicts),
      q.deadline ? choiceGroup("deadline-choices", "deadline", q.deadline.prompt, q.deadline.choices) : null,
      h("p", { id: "quiz-hint", class: "field-message", role: "status" }),
      check,
    ),
    result,
  );
  detail.querySelector<HTMLInputElement>("#verdict-choices input")?.focus();
}

async function checkAnswer(q: QuizQuestion, into: HTMLElement, button: HTMLButtonElement): Promise<void> {
  if (!session) return;
  const verdict = picked("verdict");
  const deadline = picked("deadline");
  const hint = byId("quiz-hint");
  if (!verdict || (q.deadline && !deadline)) {
    hint.textContent = q.deadline ? "Pick an answer and a time first." : "Pick an answer first.";
    return;
  }
  hint.textContent = "";
  let result: QuizResult;
  try {
    result = await backend.learnCheck(q.question, verdict, deadline);
  } catch (error) {
    showError(error);
    return;
  }
  button.disabled = true;
  document.querySelectorAll<HTMLInputElement>("#quiz-card input").forEach((input) => (input.disabled = true));
  mark("verdict-choices", verdict, result.verdict.id);
  if (q.deadline && result.deadline) mark("deadline-choices", deadline ?? "", result.deadline.id);
  session.answered += 1;
  if (result.correct) session.right += 1;
  const last = session.index + 1 >= session.questions.length;
  replaceChildren(
    into,
    h(
      "p",
      { class: `quiz-outcome ${result.correct ? "right" : "wrong"}`, "data-correct": String(result.correct) },
      result.correct ? "Right. " : "Not quite. ",
      `The engine's answer: ${result.verdict.label}`,
      result.deadline ? `, ${q.deadline?.prompt.toLowerCase() ?? ""} ${result.deadline.label}` : "",
      ".",
    ),
    answerCard(result.answer, policies.find((p) => p.id === q.question.policy), [], q.question.facts),
    h(
      "button",
      {
        id: "next-question",
        class: "button primary",
        type: "button",
        onclick: () => {
          if (!session) return;
          session.index += 1;
          renderQuestion();
        },
      },
      last ? "Finish" : "Next question",
    ),
  );
  byId("next-question").focus();
  try {
    const data = await backend.recordQuiz({ lesson: q.lesson, key: q.key, based_on: q.based_on, question: q.question, correct: result.correct });
    progress = data.learn;
    renderCourse();
  } catch (error) {
    showError(error);
  }
}

/** Marks the engine's choice and, when it differs, the learner's. */
function mark(group: string, chosen: string, right: string): void {
  document.querySelectorAll<HTMLElement>(`#${group} .choice`).forEach((label) => {
    const id = label.dataset.choice ?? "";
    label.classList.toggle("right", id === right);
    label.classList.toggle("wrong", id === chosen && id !== right);
  });
}
