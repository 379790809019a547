//! `supportkb policies [--json] [--policy-version DATE]`: every policy's full description in one edition
//! of the support policy (facts with types, allowed values, help and defaults; verdicts; rules with
//! citations; examples): the newest edition, or the one in force on DATE. The desktop builds its forms
//! from the JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::output::{json_pretty, print_error};
use crate::policy::{FactType, PolicySpec, Registry};
use crate::text::for_terminal;

/// Arguments of `supportkb policies`.
#[derive(Debug, Args)]
pub struct PoliciesArgs {
    /// Print the descriptions as JSON (an array of policies).
    #[arg(long)]
    pub json: bool,
    /// Describe the edition of the policy in force on this date (default: the newest).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub policy_version: Option<String>,
}

/// Runs `supportkb policies`.
pub fn run(args: &PoliciesArgs) -> ExitCode {
    let registry = match Registry::embedded() {
        Ok(r) => r,
        Err(e) => {
            print_error(e);
            return ExitCode::from(2);
        }
    };
    let specs = match registry.specs_for(args.policy_version.as_deref()) {
        Ok(specs) => specs,
        Err(e) => {
            print_error(format_args!("--policy-version: {}", e.message));
            return ExitCode::from(2);
        }
    };
    let text = if args.json {
        match json_pretty(&specs) {
            Ok(t) => t,
            Err(e) => {
                print_error(format_args!("cannot serialize the policies: {e}"));
                return ExitCode::from(2);
            }
        }
    } else {
        let text = specs
            .iter()
            .map(|s| describe(s))
            .collect::<Vec<_>>()
            .join("\n");
        for_terminal(&text).into_owned()
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    let _ = writeln!(out, "{text}");
    ExitCode::SUCCESS
}

/// A policy's description for people.
pub fn describe(spec: &PolicySpec) -> String {
    let mut s = format!(
        "{} — {}\n  {}\n  Facts:\n",
        spec.id,
        spec.title,
        spec.description.replace('\n', " ")
    );
    for f in &spec.facts {
        let ty = match &f.ty {
            FactType::Enum(values) => values.join(" | "),
            FactType::Bool => "yes | no".to_string(),
            other => other.name().to_string(),
        };
        let default = match &f.default {
            Some(crate::policy::FactDefault::Today) => " (default: today)".to_string(),
            Some(crate::policy::FactDefault::Value(v)) => format!(" (default: {v})"),
            None => String::new(),
        };
        s.push_str(&format!(
            "    --{} <{ty}>{default}\n        {}\n",
            f.name.replace('_', "-"),
            f.help
        ));
    }
    s.push_str("  Verdicts:\n");
    for v in &spec.verdicts {
        s.push_str(&format!("    {}: {}\n", v.id, v.description));
    }
    s
}
