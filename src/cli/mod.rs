//! The `supportkb` command line: argument parsing and human/JSON output over the engine's public API.
//!
//! Exit codes: 0 on success (also for a search with no hits), 2 for a usage or input error, reported
//! as one line on stderr, 1 for an internal or I/O failure.
//!
//! Hostile input never drives the terminal: human output escapes control characters of anything that
//! comes from a file or the user ([`crate::text`]), JSON escapes them all ([`output`]), error messages
//! are one bounded line, and `--jsonl` input is read line by line with a cap ([`lines`]).

use std::process::ExitCode;

pub mod about;
pub mod ask;
pub mod changes;
pub mod completions;
pub mod glossary;
pub mod index;
pub mod learn;
pub mod lines;
pub mod output;
pub mod policies;
pub mod search;
pub mod show;
pub mod understand;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Knowledge base and policy assistant for the Power Platform and Dynamics 365 support policy.
#[derive(Debug, Parser)]
#[command(name = "supportkb", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a policy question (`ask reopen --closed-on 2026-08-12 ...`, or JSON on stdin with --json / --jsonl).
    Ask(ask::AskArgs),
    /// Explain the policy's words (break-fix, UAT, ProDirect…), each with the passage that uses it.
    Glossary(glossary::GlossaryArgs),
    /// The Learn course: lessons in the policy page's order, their worked scenarios and quiz sizes.
    Learn(learn::LearnArgs),
    /// A lesson's quiz questions (facts and choices; the engine gives the answers through `ask`).
    Quiz(learn::QuizArgs),
    /// Print the completion script of a shell (`supportkb completions bash > ~/.local/share/bash-completion/completions/supportkb`).
    Completions(completions::CompletionsArgs),
    /// What changed between two editions of the policy (text by topic, rule tables, answers).
    Changes(changes::ChangesArgs),
    /// Build or update the persistent index of folders of markdown (incremental: only changed files).
    Index(index::IndexArgs),
    /// Describe every policy: facts, types, allowed values, help, defaults, verdicts.
    Policies(policies::PoliciesArgs),
    /// Search the knowledge base (and --corpus folders); --json for one object, --jsonl for stdin queries.
    Search(search::SearchArgs),
    /// Print a section (DOC#ANCHOR) or a whole document (DOC) as markdown.
    Show(show::ShowArgs),
    /// Read a question in words into a policy and facts (`--json` pipes into `ask --json`).
    Understand(understand::UnderstandArgs),
}

/// The clap command of [`Cli`] with the version line of [`about::version`].
pub(crate) fn command() -> clap::Command {
    Cli::command().version(about::version())
}

/// Entry point of the `supportkb` binary.
pub fn main() -> ExitCode {
    if let Some(code) = completions::package_files_if_asked() {
        return code;
    }
    let cli = match command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(err) => return clap_exit(&err),
    };
    match cli.command {
        Command::Ask(args) => ask::run(&args),
        Command::Glossary(args) => glossary::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Changes(args) => changes::run(&args),
        Command::Index(args) => index::run(args),
        Command::Learn(args) => learn::run_learn(&args),
        Command::Quiz(args) => learn::run_quiz(&args),
        Command::Policies(args) => policies::run(&args),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::run(args),
        Command::Understand(args) => understand::run(&args),
    }
}

/// Prints a clap error or `--help`/`--version` and returns its exit code (2 for a usage error). Help
/// is ours and printed as clap styles it; an error quotes the user's arguments, so it is printed as
/// plain text with control characters escaped and its length bounded.
pub(crate) fn clap_exit(err: &clap::Error) -> ExitCode {
    let code = u8::try_from(err.exit_code()).unwrap_or(2);
    if !err.use_stderr() {
        let _ = err.print();
        return ExitCode::from(code);
    }
    let text = err.render().to_string();
    let text = crate::text::clip(&text, output::MAX_MESSAGE_CHARS);
    eprint!("{}", crate::text::for_terminal(&text));
    ExitCode::from(code)
}
