// Types the UI receives from the backend. Everything here is generated from the Rust types
// (src/bindings/, see src-tauri/src/bindings.rs) and re-exported under the names the views use.
export type { AppInfo } from "./bindings/AppInfo";
export type { CorpusReport } from "./bindings/CorpusReport";
export type { CorpusEvent } from "./bindings/CorpusEvent";
export type { IndexProgress } from "./bindings/IndexProgress";
export type { CorpusInfo as CorpusSummary } from "./bindings/CorpusInfo";
export type { ProblemGroup } from "./bindings/ProblemGroup";
export type { DocumentOutline } from "./bindings/DocumentOutline";
export type { HeadingOutline } from "./bindings/HeadingOutline";
export type { Hit } from "./bindings/Hit";
export type { PinnedAnswer } from "./bindings/PinnedAnswer";
export type { ReaderPage } from "./bindings/ReaderPage";
export type { SearchResults } from "./bindings/SearchResults";
export type { UserData } from "./bindings/UserData";
export type { CommandError } from "./bindings/CommandError";
export type { Country } from "./bindings/Country";
export type { Resolved } from "./bindings/Resolved";
export type { Understood } from "./bindings/Understood";
export type { Answer, PolicyDescription, Question } from "./policy-types";
