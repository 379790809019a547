// The one module that talks to the Rust backend. Every Tauri command is wrapped here with its
// generated input/output types (src/bindings/, from the Rust types via ts-rs); views never call invoke().
import { Channel, invoke } from "@tauri-apps/api/core";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type { PinsImported } from "./bindings/PinsImported";
import type { DeepLink } from "./bindings/DeepLink";
import type { ShareFormat } from "./bindings/ShareFormat";
import type { EditionInfo } from "./bindings/EditionInfo";
import type { Changes } from "./bindings/Changes";
import type { ChangedPassages } from "./bindings/ChangedPassages";
import type {
  Answer,
  AppInfo,
  CorpusEvent,
  CorpusReport,
  Course,
  MissedQuestion,
  QuizAttempt,
  QuizQuestion,
  QuizResult,
  CorpusInfo,
  Country,
  DocumentOutline,
  GlossaryTerm,
  IndexProgress,
  PinnedAnswer,
  PolicySpec,
  Question,
  ReaderPage,
  Resolved,
  SearchResults,
  Understood,
  UserData,
} from "./types";

/** An error from the backend, as it crosses the IPC boundary: `{ code, message }`. */
export class BackendError extends Error {
  readonly code: string;
  /** The fact of a question at fault, when the error is about one. */
  readonly field: string | null;
  constructor(code: string, message: string, field: string | null = null) {
    super(message);
    this.name = "BackendError";
    this.code = code;
    this.field = field;
  }
}

function isErrorPayload(value: unknown): value is { code: string; message: string; field?: string | null } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isErrorPayload(error)) throw new BackendError(error.code, error.message, error.field ?? null);
    throw new BackendError("ipc", typeof error === "string" ? error : String(error));
  }
}

/** The backend's commands, one function each. */
export const backend = {
  /** Version, corpus size and any startup notice (e.g. a corrupt user data file set aside). */
  appInfo: () => call<AppInfo>("app_info"),
  /** Tells the backend the UI is interactive (used for the startup measurement). */
  appReady: () => call<number>("app_ready"),
  /** Full-text search over the sources named (`faq` or a folder's name; none: every loaded corpus), with
   * the policy FAQ of edition `policyVersion` (null: the newest); an older edition's hits name it. */
  search: (query: string, limit: number, sources: string[] = [], policyVersion: string | null = null) =>
    call<SearchResults>("search", { query, limit, sources, policyVersion }),
  /** A document rendered to sanitized HTML, with the query's words highlighted; `policyVersion` names
   * the edition of the policy FAQ to read (a citation of an answer given under an older one; null: the
   * newest). */
  show: (doc: string, anchor: string | null, highlight: string, policyVersion: string | null = null) =>
    call<ReaderPage>("show", { doc, anchor, highlight, policyVersion }),
  /** The newest edition's passages changed since the previous edition (the reader's marks). */
  changedPassages: () => call<ChangedPassages>("changed_passages"),
  /** The topic tree: every document and its headings. */
  documents: () => call<DocumentOutline[]>("documents"),
  /** The documents of an older edition of the policy FAQ, to name its passages. */
  editionDocuments: (policyVersion: string) => call<DocumentOutline[]>("documents", { policyVersion }),
  /** Every policy, its facts, verdicts and worked examples, in the edition in force on
   * `policyVersion` (null: the newest). */
  policies: (policyVersion: string | null = null) => call<PolicySpec[]>("policies", { policyVersion }),
  /** The editions of the support policy, oldest first. */
  editions: () => call<EditionInfo[]>("editions"),
  /** What changed from edition `from` to edition `to`: text by topic, rule tables, answers that flip. */
  changes: (from: string, to: string) => call<Changes>("changes", { from, to }),
  /** Answers one structured question. */
  ask: (question: Question) => call<Answer>("ask", { question }),
  /** The answer written out to take away (Markdown or plain text): facts, verdict, reasons, sources. */
  shareAnswer: (question: Question, answer: Answer, format: ShareFormat) =>
    call<string>("share_answer", { question, answer, format }),
  /** The supportkb:// link of a question or a passage. */
  linkTo: (link: DeepLink) => call<string>("link_to", { link }),
  /** Reads a supportkb:// link; an error says what is wrong with it. */
  openLink: (text: string) => call<DeepLink>("open_link", { text }),
  /** Reads one fact from people's words ("Friday 16:30", "Japan", "4 months ago", "sev b"): its value as
   * `ask` takes it and how it was understood. `timeZone` (a zone name such as "Asia/Tokyo", or null)
   * places a date-time typed without an offset; today and now are the local clock's. Errors are
   * `invalid_question` with a message for people, naming the field by its label. */
  resolveFact: (policy: string, fact: string, text: string, timeZone: string | null = null) =>
    call<Resolved>("resolve_fact", { policy, fact, text, timeZone }),
  /** Reads a question typed in the search box into a policy and facts; `policy` is null for an
   * ordinary search. Cheap enough to call on every keystroke. */
  understand: (text: string) => call<Understood>("understand", { text }),
  /** Every country for a picker: code, English name, time zones (most populous first). */
  countries: () => call<Country[]>("countries"),
  /** The glossary of the policy's words: forms to mark, definitions, the passage each cites. */
  glossary: () => call<GlossaryTerm[]>("glossary"),
  /** A time zone in words ("Tokyo time (UTC+09:00)") with its offset on `day` (YYYY-MM-DD; default
   * today), so no zone id reaches a person. */
  zoneWords: (zone: string, day: string | null = null) => call<string>("zone_words", { zone, day }),
  /** The folders of docs added by the user. */
  corpora: () => call<CorpusInfo[]>("corpora"),
  /** Indexes a folder of markdown (progress reported as files are indexed), watches it for changes and
   * remembers it; returns what was loaded and any problems. */
  addCorpus: (dir: string, onProgress: (progress: IndexProgress) => void = () => undefined) => {
    const progress = new Channel<IndexProgress>();
    progress.onmessage = onProgress;
    return call<CorpusReport>("add_corpus", { dir, progress });
  },
  /** Removes a folder from the index and forgets it. */
  removeCorpus: (dir: string) => call<CorpusInfo[]>("remove_corpus", { dir }),
  /** Subscribes to folder events: remembered folders loaded after start, files changed on disk. */
  corpusEvents: (onEvent: (event: CorpusEvent) => void) => {
    const events = new Channel<CorpusEvent>();
    events.onmessage = onEvent;
    return call<void>("corpus_events", { events });
  },
  /** Calls `onLink` with each supportkb:// link opened from outside the window (clicked in another app,
   * or the link the app was started with), as the desktop receives them. */
  deepLinks: (onLink: (link: string) => void) => {
    const channel = new Channel<string>();
    channel.onmessage = onLink;
    return call<void>("deep_links", { channel });
  },
  /** Search history and pinned answers. */
  userData: () => call<UserData>("user_data"),
  /** Adds a query to the history. */
  recordSearch: (query: string) => call<UserData>("record_search", { query }),
  /** Forgets the history. */
  clearHistory: () => call<UserData>("clear_history"),
  /** Pins an answer. */
  pinAnswer: (answer: PinnedAnswer) => call<UserData>("pin_answer", { answer }),
  /** Unpins an answer. */
  unpinAnswer: (id: string) => call<UserData>("unpin_answer", { id }),
  /** Asks the user to choose a folder in the system's own dialog, opened by the backend, which then accepts
   * that folder in `addCorpus` without asking again; null when they cancel. A typed path is confirmed by
   * the user in a native dialog when `addCorpus` is called. */
  chooseFolder: () => call<string | null>("choose_corpus"),
  /** Names a pinned answer and sets its note. */
  describePin: (id: string, name: string, note: string) => call<UserData>("describe_pin", { id, name, note }),
  /** Asks where to save the pinned answers (the system's dialog), then writes them; false when cancelled. */
  exportPins: async (): Promise<boolean> => {
    let path: string | null;
    try {
      path = await saveDialog({ title: "Export pinned answers", defaultPath: "supportkb-pins.json", filters: [{ name: "Pinned answers", extensions: ["json"] }] });
    } catch (error) {
      throw new BackendError("dialog", typeof error === "string" ? error : String(error));
    }
    if (!path) return false;
    await call<void>("export_pins", { path });
    return true;
  },
  /** Asks for a file of exported pins (the system's dialog), then adds them; null when cancelled. */
  importPins: async (): Promise<[PinsImported, UserData] | null> => {
    let chosen: string | string[] | null;
    try {
      chosen = await openDialog({ multiple: false, title: "Import pinned answers", filters: [{ name: "Pinned answers", extensions: ["json"] }] });
    } catch (error) {
      throw new BackendError("dialog", typeof error === "string" ? error : String(error));
    }
    if (typeof chosen !== "string") return null;
    return call<[PinsImported, UserData]>("import_pins", { path: chosen });
  },
  /** The Learn course: lessons in the policy page's order, with passages and worked scenarios. */
  learnCourse: () => call<Course>("learn_course"),
  /** A lesson's quiz (the same questions every time). */
  learnQuiz: (lesson: string) => call<QuizQuestion[]>("learn_quiz", { lesson }),
  /** The missed questions, asked again from their facts. */
  learnReview: (missed: MissedQuestion[]) => call<QuizQuestion[]>("learn_review", { missed }),
  /** The engine's answer to a quiz question, compared with the choices picked. */
  learnCheck: (question: Question, verdict: string, deadline: string | null) =>
    call<QuizResult>("learn_check", { question, verdict, deadline }),
  /** Records an answer to a quiz question (progress, mistakes to review). */
  recordQuiz: (attempt: QuizAttempt) => call<UserData>("record_quiz", { attempt }),
  /** Forgets the progress through the Learn course (scores, mastered and missed questions). */
  resetLearning: () => call<UserData>("reset_learning"),
  /** Opens an https link in the system browser. */
  openExternal: (url: string) => call<void>("open_external", { url }),
};

export type Backend = typeof backend;
