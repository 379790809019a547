//! The `supportkb` command line: argument parsing and human/JSON output over the engine's public API.
//!
//! Exit codes: 0 on success (also for a search with no hits), 2 for a usage or input error, reported
//! as one line on stderr.

use std::process::ExitCode;

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
pub enum Command {}

/// Entry point of the `supportkb` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {}
}
