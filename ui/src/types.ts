// Types the UI receives from the backend, under the names the Rust types have. Everything here is
// generated from them (src/bindings/, see src-tauri/src/bindings.rs): never write one by hand.
export type { AppInfo } from "./bindings/AppInfo";
export type { CorpusReport } from "./bindings/CorpusReport";
export type { CorpusEvent } from "./bindings/CorpusEvent";
export type { IndexProgress } from "./bindings/IndexProgress";
export type { CorpusInfo } from "./bindings/CorpusInfo";
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
export type { PolicySpec } from "./bindings/PolicySpec";
export type { FactSpec } from "./bindings/FactSpec";
export type { Example } from "./bindings/Example";
export type { Question } from "./bindings/Question";
export type { Answer } from "./bindings/Answer";
export type { GlossaryTerm } from "./bindings/GlossaryTerm";
