//! `supportkb show DOC[#ANCHOR]`: prints one section, or a whole document, as markdown.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{finish, print_error, write_json_line};
use super::search::{error_exit, open_folders};
use crate::text::{echo, for_terminal};

/// Arguments of `supportkb show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document, optionally with a section anchor: `reopening-incidents.md#closed-three-months`.
    #[arg(value_name = "DOC[#ANCHOR]")]
    pub target: String,
    /// Also look in this folder of markdown (repeatable), read from its persistent index (built or
    /// updated first when the folder changed; see `supportkb index`): only the document shown is read.
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Where persistent indexes are kept (default: `indexes/` in the platform data directory).
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Read the --corpus folders in memory only (no persistent index).
    #[arg(long)]
    pub no_index: bool,
    /// Print one JSON object: {"doc","title","anchor","heading","markdown","source"}.
    #[arg(long)]
    pub json: bool,
}

/// Splits `DOC[#ANCHOR]`; an empty anchor (`doc.md#`) means the whole document.
pub fn split_target(target: &str) -> (&str, Option<&str>) {
    match target.split_once('#') {
        Some((doc, anchor)) if !anchor.is_empty() => (doc, Some(anchor)),
        Some((doc, _)) => (doc, None),
        None => (target, None),
    }
}

/// Runs `supportkb show`.
pub fn run(args: ShowArgs) -> ExitCode {
    let (doc, anchor) = split_target(&args.target);
    if doc.is_empty() {
        print_error(format_args!(
            "no document given in {:?} (expected DOC[#ANCHOR])",
            echo(&args.target)
        ));
        return ExitCode::from(2);
    }
    let engine = match open_folders(&args.corpus, args.index_dir.as_ref(), args.no_index) {
        Ok(engine) => engine,
        Err(code) => return code,
    };
    let shown = match engine.show(doc, anchor) {
        Ok(shown) => shown,
        Err(err) => return error_exit(&err),
    };
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        write_json_line(&mut out, &shown)
    } else {
        // The markdown comes from a file: lines and tabs stay, other control characters are escaped.
        writeln!(out, "{}", for_terminal(shown.markdown.trim_end()))
    };
    finish(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_split_on_the_first_hash() {
        assert_eq!(split_target("a.md#x"), ("a.md", Some("x")));
        assert_eq!(split_target("a.md#"), ("a.md", None));
        assert_eq!(split_target("a.md"), ("a.md", None));
    }
}
