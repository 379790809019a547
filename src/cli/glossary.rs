//! `supportkb glossary [--json]`: the policy's words explained (the embedded glossary), each with the
//! passage where the policy uses it.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::output::{finish, json_pretty, print_error};
use crate::glossary::Glossary;
use crate::text::for_terminal;

/// Arguments of `supportkb glossary`.
#[derive(Debug, Args)]
pub struct GlossaryArgs {
    /// Print the terms as JSON (an array of {id, term, forms, definition, doc, anchor, passage}).
    #[arg(long)]
    pub json: bool,
}

/// Runs `supportkb glossary`.
pub fn run(args: &GlossaryArgs) -> ExitCode {
    let glossary = match Glossary::embedded() {
        Ok(g) => g,
        Err(e) => {
            print_error(e);
            return ExitCode::from(1);
        }
    };
    let text = if args.json {
        match json_pretty(&glossary.terms) {
            Ok(t) => t,
            Err(e) => {
                print_error(format_args!("cannot serialize the glossary: {e}"));
                return ExitCode::from(1);
            }
        }
    } else {
        let mut terms: Vec<_> = glossary.terms.iter().collect();
        terms.sort_by_key(|t| t.term.to_lowercase());
        let text = terms
            .iter()
            .map(|t| {
                format!(
                    "{}\n  {}\n  See: {} ({}#{})\n",
                    t.term, t.definition, t.passage, t.doc, t.anchor
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        for_terminal(&text).into_owned()
    };
    finish(writeln!(std::io::stdout().lock(), "{text}"))
}
