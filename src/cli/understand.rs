//! `supportkb understand "TEXT"`: what the question parser ([`crate::human::understand()`]) reads from a
//! question in words.
//!
//! * `--json` prints `{"policy": ID or null, "facts": {...}, "unparsed": [...]}` (a pinned contract) with
//!   facts in the JSON form `ask --json` takes, so `supportkb understand "..." --json | supportkb ask
//!   --json` answers the question; a `"notes"` list of sentences is added only when there is one to
//!   say (a value of an older edition: "Premier is a support plan of …").
//! * Without `--json`, for people: the policy's question, each fact by its label and value as words,
//!   the words that were not understood, and the notes.
//!
//! `--today YYYY-MM-DD` is the date relative words count from (default: today in the local time zone,
//! and then "now" and "3 hours ago" are placed from the current instant); the clock is read here, at
//! the edge.

use std::io::{self, Write};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::output::{json_pretty, print_error};
use crate::human::{self, Context};
use crate::policy::Registry;
use crate::text::for_terminal;

/// Arguments of `supportkb understand`.
#[derive(Debug, Args)]
pub struct UnderstandArgs {
    /// The question in words (several arguments are joined with spaces).
    #[arg(value_name = "TEXT", required = true)]
    pub text: Vec<String>,
    /// The date relative words ("4 months ago", "last Friday") count from (default: today, local time).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Print `{"policy", "facts", "unparsed"}` as JSON (pipe it into `supportkb ask --json`).
    #[arg(long)]
    pub json: bool,
}

/// Runs `supportkb understand`.
pub fn run(args: &UnderstandArgs) -> ExitCode {
    let registry = match Registry::embedded() {
        Ok(r) => r,
        Err(e) => {
            print_error(e);
            return ExitCode::from(1);
        }
    };
    // Without --today the clock is read, so "now" and "3 hours ago" can be placed too.
    let ctx = match args.today {
        Some(today) => Context::on(today),
        None => Context::at(chrono::Local::now().fixed_offset()),
    };
    let text = args.text.join(" ");
    let understood = human::understand(&text, registry, &ctx);
    if args.json {
        return match json_pretty(&understood) {
            Ok(json) => {
                let _ = writeln!(io::stdout().lock(), "{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                print_error(format_args!("cannot serialize: {e}"));
                ExitCode::from(1)
            }
        };
    }
    let mut out = String::new();
    match understood.policy.as_deref().and_then(|id| registry.get(id)) {
        Some(policy) => {
            let spec = policy.spec();
            out.push_str(&format!("Policy: {} ({})\n", spec.title, spec.id));
            if understood.facts.is_empty() {
                out.push_str("Facts: none stated\n");
            } else {
                out.push_str("Facts:\n");
                let zone = understood
                    .facts
                    .get("time_zone")
                    .and_then(serde_json::Value::as_str)
                    .and_then(|z| z.parse().ok());
                let ctx = Context {
                    time_zone: zone,
                    ..ctx.clone()
                };
                for f in &spec.facts {
                    if let Some(value) = understood.facts.get(&f.name) {
                        out.push_str(&format!(
                            "  {}: {}\n",
                            f.label,
                            human::describe(f, value, &ctx)
                        ));
                    }
                }
            }
        }
        None => out.push_str("Not a policy question (an ordinary search).\n"),
    }
    if !understood.unparsed.is_empty() {
        out.push_str(&format!(
            "Not understood: {}\n",
            understood.unparsed.join(", ")
        ));
    }
    for note in &understood.notes {
        out.push_str(&format!("Note: {note}\n"));
    }
    let _ = write!(io::stdout().lock(), "{}", for_terminal(&out));
    ExitCode::SUCCESS
}
