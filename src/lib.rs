//! # supportkb
//!
//! The engine behind the supportkb desktop app and CLI: a knowledge base of the Microsoft Power Platform
//! and Dynamics 365 support policy, full-text search over it (and over any folder of Microsoft-Learn-style
//! markdown), and a policy engine that answers structured questions with a verdict, reasons and citations.
//!
//! * [`corpus`] turns markdown files into [`corpus::Section`]s (the unit of search and citation).
//! * [`search`] indexes sections with tantivy and answers queries with highlighted snippets.
//! * [`human`] reads people's words ("Friday 16:30", "Japan", "sev b") into fact values and questions.
//! * [`policy`] holds the rules of the support policy and answers [`policy::Question`]s.
//! * [`run_cli`] runs the `supportkb` command line (a private module: clap and indicatif are not part of
//!   this library's API).
//! * [`render`] turns markdown into sanitized HTML for the desktop reader.
//! * [`learn`] makes a course of the policy: lessons in reading order, quizzes answered by the engine.
//! * [`userdata`] keeps the desktop user's search history and pinned answers.
//! * [`folder_index`] keeps persistent, incremental indexes of folders of markdown; [`watch`] keeps them current.
//! * [`glossary`] explains the policy's words (break-fix, UAT, ProDirect…), each citing a passage.
//! * [`share`] writes answers to take away (Markdown, plain text) and reads `supportkb://` links.
//! * [`text`] shows untrusted text safely: no control characters on a terminal, bounded echoes in errors.
//!
//! The embedded knowledge base lives in `docs-corpus/` and is compiled into the binary.

mod cli;
pub mod corpus;
mod engine;
pub mod folder_index;
pub mod glossary;
pub mod human;
pub mod learn;
pub mod policy;
pub mod render;
pub mod search;
pub mod share;
pub mod text;
pub mod userdata;
pub mod watch;

pub use engine::{
    date_for_people, embedded_synonyms, CorpusInfo, DocumentOutline, Engine, EngineError,
    FolderReport, HeadingOutline, Hit, SearchResults, Shown, EMBEDDED_SOURCE, FAQ_AUTHORITY,
    FAQ_LABEL, FAQ_SOURCE,
};

/// Runs the `supportkb` command line on this process's arguments (what `src/main.rs` does) and returns
/// its exit code: 0 on success, 2 for a usage or input error, 1 for an internal or I/O failure.
pub fn run_cli() -> std::process::ExitCode {
    cli::main()
}
