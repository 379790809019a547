//! `supportkb search`: one query (human or `--json` output), or one query per stdin line (`--jsonl`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::corpus::Diagnostic;
use crate::search::MAX_SEARCH_LIMIT;
use crate::text::{for_terminal_line, MAX_ECHO_CHARS};
use crate::{Engine, EngineError, SearchResults, FAQ_LABEL, FAQ_SOURCE};

use super::lines::{Line, LineErrorObject, LineReader};
use super::output::{finish, print_error, write_json_line};

/// Arguments of `supportkb search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, in your own words (omit with --jsonl).
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    pub query: Option<String>,
    /// Also search this folder of markdown (repeatable), through its persistent index (built or updated
    /// first when the folder changed; see `supportkb index`).
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Where persistent indexes are kept (default: `indexes/` in the platform data directory).
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Search only this source (repeatable): `faq` for the policy FAQ, or a --corpus folder's name (its
    /// directory name; when two folders share it, as many trailing path components as tell them apart,
    /// e.g. `team-a/docs`; a folder called `faq` is `<parent>/faq`). Default: every source. An unknown
    /// name exits 2, listing the known ones.
    #[arg(long = "source", value_name = "faq|NAME")]
    pub source: Vec<String>,
    /// Search the policy FAQ of the edition in force on this date instead of the newest, beside the
    /// --corpus folders (its hits carry the edition as "policy_version" and its date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub policy_version: Option<String>,
    /// Index the --corpus folders in memory only (no persistent index).
    #[arg(long)]
    pub no_index: bool,
    /// Number of hits to show (larger numbers are clamped to 10000).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print one JSON object: {"query","took_ms","total","hits":[...]}; each hit has "source" (`faq`
    /// or the folder's name), "date" (the document's `ms.date` as YYYY-MM-DD, or null) and
    /// "date_label" (the same date for people: "26 Jan 2021").
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Read one query per line on stdin; write one JSON object per line (a line that is not UTF-8 or
    /// longer than 1 MiB gets {"error": {"kind","message","line"}} and the batch goes on).
    #[arg(long)]
    pub jsonl: bool,
}

/// Exit code of an engine error: 2 for what the user asked (missing folder, unknown doc), 1 otherwise.
pub(crate) fn error_exit(err: &EngineError) -> ExitCode {
    print_error(err);
    match err {
        EngineError::CorpusFolder { .. }
        | EngineError::UnknownCorpus { .. }
        | EngineError::UnknownDoc { .. }
        | EngineError::UnknownAnchor { .. }
        | EngineError::UnknownSource { .. }
        | EngineError::NotPersistent { .. }
        | EngineError::Share(crate::share::ShareError::BadLink(_)) => ExitCode::from(2),
        EngineError::Synonyms(_)
        | EngineError::Contents(_)
        | EngineError::Glossary(_)
        | EngineError::Policy(_)
        | EngineError::Share(_)
        | EngineError::Search(_)
        | EngineError::Watch(_)
        | EngineError::Poisoned => ExitCode::from(1),
    }
}

/// The folders' problems on stderr, grouped by kind in people's words (`warning: <headline>`, then
/// the files), control characters escaped.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let groups = crate::corpus::group_diagnostics(diagnostics);
    let _ = super::output::write_problems(&mut std::io::stderr().lock(), &groups, "warning: ", "");
}

/// The engine over the embedded corpus and `dirs`, diagnostics printed; or the exit code of the failure.
pub(crate) fn open_engine(dirs: &[PathBuf]) -> Result<Engine, ExitCode> {
    match Engine::with_corpora(dirs) {
        Ok((engine, diagnostics)) => {
            print_diagnostics(&diagnostics);
            Ok(engine)
        }
        Err(err) => Err(error_exit(&err)),
    }
}

/// The edition of the policy FAQ in force on `policy_version` (`None`: the newest, searched by
/// default); a date before the first edition exits 2 naming it.
fn edition_in_force(policy_version: Option<&str>) -> Result<Option<String>, ExitCode> {
    let Some(date) = policy_version else {
        return Ok(None);
    };
    let registry = crate::policy::Registry::embedded().map_err(|e| {
        print_error(e);
        ExitCode::from(1)
    })?;
    match registry.edition_in_force(date) {
        Ok(version) => Ok(Some(version.to_string())),
        Err(e) => {
            print_error(format_args!("--policy-version: {}", e.message));
            Err(ExitCode::from(2))
        }
    }
}

/// Converts a `<mark>`-highlighted, HTML-escaped snippet to terminal text: bold yellow highlights when
/// `colour`, plain text otherwise. Control characters of the text are escaped first, so only our own
/// colour codes reach the terminal.
pub fn snippet_to_terminal(html: &str, colour: bool) -> String {
    let (on, off) = if colour {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    for_terminal_line(html)
        .replace("<mark>", on)
        .replace("</mark>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn print_human(out: &mut impl Write, results: &SearchResults, colour: bool) -> std::io::Result<()> {
    if results.total == 0 {
        // Debug quoting escapes control characters; the query is the user's own, but clip it anyway.
        let query = crate::text::clip(&results.query, MAX_ECHO_CHARS);
        writeln!(out, "No results for {query:?}.")?;
        return Ok(());
    }
    let (bold, dim, reset) = if colour {
        ("\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    for hit in &results.hits {
        // Titles, headings, snippets and names come from files: no control character gets through.
        let (title, heading) = (
            for_terminal_line(&hit.title),
            for_terminal_line(&hit.heading),
        );
        let (doc, anchor) = (for_terminal_line(&hit.doc), for_terminal_line(&hit.anchor));
        writeln!(out, "{bold}{title} › {heading}{reset}")?;
        writeln!(out, "  {}", snippet_to_terminal(&hit.snippet, colour))?;
        // Where it comes from (the FAQ by its label, a folder by its name) and the document's date.
        let from = if hit.source == FAQ_SOURCE {
            FAQ_LABEL.to_string()
        } else {
            for_terminal_line(&hit.source).into_owned()
        };
        let dated = hit
            .date_label
            .as_deref()
            .map(|d| format!(" · {d}"))
            .unwrap_or_default();
        // A document without headings has one section with an empty anchor: cite the document.
        if anchor.is_empty() {
            writeln!(out, "  {dim}{doc} · {from}{dated}{reset}")?;
        } else {
            writeln!(out, "  {dim}{doc}#{anchor} · {from}{dated}{reset}")?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{dim}{} of {} results in {:.2} ms{reset}",
        results.hits.len(),
        results.total,
        results.took_ms
    )
}

/// Answers one query per stdin line with one JSON line: the results, or `{"error": {...}}` for a line
/// that is not UTF-8 or is too long. Lines are read as bytes, at most `MAX_LINE_BYTES` held at once.
/// A failure to read stdin exits 2, to write stdout 1 (a closed pipe ends quietly).
fn run_jsonl(engine: &Engine, limit: usize, sources: &[String], edition: Option<&str>) -> ExitCode {
    let mut input = LineReader::new(std::io::stdin().lock());
    let mut out = std::io::stdout().lock();
    loop {
        let (number, line) = match input.next_line() {
            Ok(Some(next)) => next,
            Ok(None) => return ExitCode::SUCCESS,
            Err(err) => {
                print_error(format_args!("cannot read stdin: {err}"));
                return ExitCode::from(2);
            }
        };
        let written = match line {
            Line::Text(query) => match engine.search_edition(query, limit, sources, edition) {
                Ok(results) => write_json_line(&mut out, &results),
                // The sources were checked before the first line; they cannot go missing since.
                Err(err) => return error_exit(&err),
            },
            _ => {
                let error = line.error(number).map(|error| LineErrorObject { error });
                write_json_line(&mut out, &error)
            }
        };
        if let Err(err) = written.and_then(|()| out.flush()) {
            return finish(Err(err));
        }
    }
}

/// The engine over the embedded corpus and the `--corpus` folders: through their persistent indexes
/// (kept in `index_dir`, default the platform's), or in memory when `no_index`. Diagnostics are printed;
/// a failure gives its exit code.
pub(crate) fn open_folders(
    corpus: &[PathBuf],
    index_dir: Option<&PathBuf>,
    no_index: bool,
) -> Result<Engine, ExitCode> {
    if no_index || corpus.is_empty() {
        return open_engine(corpus);
    }
    let options = crate::folder_index::IndexOptions {
        base_dir: index_dir.cloned(),
        ..crate::folder_index::IndexOptions::default()
    };
    match Engine::with_persistent_corpora(corpus, &options) {
        Ok((engine, diagnostics)) => {
            print_diagnostics(&diagnostics);
            Ok(engine)
        }
        Err(err) => Err(error_exit(&err)),
    }
}

/// Runs `supportkb search`.
pub fn run(args: SearchArgs) -> ExitCode {
    let edition = match edition_in_force(args.policy_version.as_deref()) {
        Ok(edition) => edition,
        Err(code) => return code,
    };
    let engine = match open_folders(&args.corpus, args.index_dir.as_ref(), args.no_index) {
        Ok(engine) => engine,
        Err(code) => return code,
    };
    // The engine clamps too; the CLI never hands on a number it would not honour.
    let limit = args.limit.min(MAX_SEARCH_LIMIT);
    // An unknown --source is an input error, reported before any query runs.
    if let Err(err) = engine.check_sources(&args.source) {
        return error_exit(&err);
    }
    if args.jsonl {
        return run_jsonl(&engine, limit, &args.source, edition.as_deref());
    }
    let query = args.query.unwrap_or_default();
    let results = match engine.search_edition(&query, limit, &args.source, edition.as_deref()) {
        Ok(results) => results,
        Err(err) => return error_exit(&err),
    };
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        write_json_line(&mut out, &results)
    } else {
        let colour = std::io::stdout().is_terminal();
        print_human(&mut out, &results, colour)
    };
    finish(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_render_for_terminals_and_pipes() {
        let html = "a &lt;b&gt; <mark>case</mark> &amp; more";
        assert_eq!(snippet_to_terminal(html, false), "a <b> case & more");
        assert_eq!(
            snippet_to_terminal(html, true),
            "a <b> \x1b[1;33mcase\x1b[0m & more"
        );
    }
}
