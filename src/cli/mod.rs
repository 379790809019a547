//! The `supportkb` command line: argument parsing and human/JSON output over the engine's public API.
//!
//! Exit codes: 0 on success (also for a search with no hits), 2 for a usage or input error, reported
//! as one line on stderr.

use std::process::ExitCode;

pub mod ask;
pub mod index;
pub mod lines;
pub mod output;
pub mod policies;
pub mod search;
pub mod show;

use clap::{Parser, Subcommand};

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
    /// Build or update the persistent index of folders of markdown (incremental: only changed files).
    Index(index::IndexArgs),
    /// Describe every policy: facts, types, allowed values, help, defaults, verdicts.
    Policies(policies::PoliciesArgs),
    /// Search the knowledge base (and --corpus folders); --json for one object, --jsonl for stdin queries.
    Search(search::SearchArgs),
    /// Print a section (DOC#ANCHOR) or a whole document (DOC) as markdown.
    Show(show::ShowArgs),
}

/// Entry point of the `supportkb` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Ask(args) => ask::run(&args),
        Command::Index(args) => index::run(args),
        Command::Policies(args) => policies::run(&args),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::run(args),
    }
}
