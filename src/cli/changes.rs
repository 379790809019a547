//! `supportkb changes --from DATE --to DATE [--json]`: what changed between two editions of the policy,
//! topic by topic (text and tables), and the worked examples answered differently. `--json` prints
//! `{"from", "to", "changes": [{"topic", "kind", "summary", "before", "after", "cites"}],
//! "answer_flips": [...]}`. An unknown edition is an input error listing the editions (exit 2).

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::output::{json_pretty, print_error};
use crate::policy::Registry;
use crate::policy::{changes, ChangeKind, Changes};
use crate::text::for_terminal;

/// Arguments of `supportkb changes`.
#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// The earlier edition (default: the one before `--to`).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// The later edition (default: the newest).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Print the changes as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Runs `supportkb changes`.
pub fn run(args: &ChangesArgs) -> ExitCode {
    let registry = match Registry::embedded() {
        Ok(r) => r,
        Err(e) => {
            print_error(e);
            return ExitCode::from(2);
        }
    };
    let editions: Vec<&str> = registry
        .editions()
        .iter()
        .map(|e| e.policy_version.as_str())
        .collect();
    let to = args
        .to
        .clone()
        .unwrap_or_else(|| registry.newest_version().to_string());
    let from = args.from.clone().unwrap_or_else(|| {
        editions
            .iter()
            .rev()
            .find(|v| **v < to.as_str())
            .map_or_else(|| to.clone(), |v| (*v).to_string())
    });
    let found = match changes(registry, &from, &to) {
        Ok(c) => c,
        Err(e) => {
            print_error(e.message);
            return ExitCode::from(2);
        }
    };
    let text = if args.json {
        // The pinned contract: {"from", "to", "changes": [{"topic", "kind", "summary", "before",
        // "after", "cites"}], "answer_flips"}; the topic's title, which the desktop shows, is not in it
        // (an empty title is not serialized).
        let mut found = found;
        for change in &mut found.changes {
            change.topic_title.clear();
        }
        match json_pretty(&found) {
            Ok(t) => t,
            Err(e) => {
                print_error(format_args!("cannot serialize the changes: {e}"));
                return ExitCode::from(1);
            }
        }
    } else {
        for_terminal(&render(&found)).into_owned()
    };
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    ExitCode::SUCCESS
}

/// The changes for people.
pub fn render(c: &Changes) -> String {
    let mut s = format!(
        "What changed from the {} edition of the support policy to the {} edition\n",
        c.from, c.to
    );
    for (heading, tables) in [("Text, by topic", false), ("Rule tables", true)] {
        let table_topic = |t: &str| {
            matches!(
                t,
                "plans" | "targets" | "hours" | "regions" | "languages" | "policies"
            )
        };
        let items: Vec<_> = c
            .changes
            .iter()
            .filter(|x| table_topic(&x.topic) == tables)
            .collect();
        if items.is_empty() {
            continue;
        }
        s.push_str(&format!("\n{heading}:\n"));
        for x in items {
            let mark = match x.kind {
                ChangeKind::Added => '+',
                ChangeKind::Removed => '-',
                ChangeKind::Changed => '~',
            };
            s.push_str(&format!("  {mark} {}\n", x.summary));
            if !tables {
                for b in &x.before {
                    s.push_str(&format!("      before: {b}\n"));
                }
                for a in &x.after {
                    s.push_str(&format!("      after:  {a}\n"));
                }
                let cites: Vec<String> = x
                    .cites
                    .iter()
                    .map(|c| format!("{}#{} ({})", c.doc, c.anchor, c.policy_version))
                    .collect();
                if !cites.is_empty() {
                    s.push_str(&format!("      see: {}\n", cites.join(", ")));
                }
            }
        }
    }
    if !c.answer_flips.is_empty() {
        s.push_str("\nAnswers that changed (worked examples under both editions):\n");
        for f in &c.answer_flips {
            s.push_str(&format!("  * {} [{}]\n", f.question, f.policy));
            s.push_str(&format!("      {}: {}\n", c.from, f.before.summary));
            s.push_str(&format!("      {}: {}\n", c.to, f.after.summary));
        }
    }
    s
}
