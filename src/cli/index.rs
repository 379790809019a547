//! `supportkb index`: builds or updates the persistent index of one or more folders of markdown.
//!
//! Only one run changes an index at a time: a second run on the same folder waits for the first, saying
//! which process it waits for, or with `--no-wait` exits 2 ("being indexed by process N"). `--check`
//! verifies the checksum of every file of the index before updating it; a damaged index is set aside
//! and rebuilt. A full disk is reported as such (exit 1) and leaves the last complete index in place.
//!
//! Progress goes to stderr (a bar on a terminal, plain counts otherwise); the summary goes to stdout
//! (text, or one JSON object per folder with `--json`). Two hidden options serve `benches/scale/run.sh`:
//! `--export-sections FILE` writes every indexed section as JSON lines (the SQLite FTS5 baseline indexes
//! exactly that text), and `--bench-queries FILE` times each query of FILE against the index in process.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::corpus::Diagnostic;
use crate::folder_index::{
    fault, lock, IndexError, IndexOptions, LockWait, PersistentIndex, Progress, UpdateReport,
    Verify, WaitNotice,
};
use crate::search::Synonyms;
use crate::text::for_terminal_line as line;

use super::output::{json_line, print_error};

/// Arguments of `supportkb index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of markdown to index (repeatable).
    #[arg(long = "corpus", value_name = "DIR", required = true)]
    pub corpus: Vec<PathBuf>,
    /// Where indexes are kept (default: `indexes/` in the platform data directory).
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Discard the existing index and build it from scratch.
    #[arg(long)]
    pub rebuild: bool,
    /// Print the summary as one JSON object per folder.
    #[arg(long)]
    pub json: bool,
    /// Verify the checksum of every file of the index first (reads the whole index); a damaged index
    /// is set aside and rebuilt.
    #[arg(long)]
    pub check: bool,
    /// When another process is indexing the folder, exit 2 at once instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
    /// Abort the process at the N-th write to an index directory (crash tests only).
    #[arg(long, value_name = "N", hide = true)]
    pub fault_abort_after: Option<u64>,
    /// Parsing threads (default: one per core).
    #[arg(long, default_value_t = 0, hide = true)]
    pub threads: usize,
    /// Write every indexed section as JSON lines to FILE (benchmark baseline input).
    #[arg(long, value_name = "FILE", hide = true)]
    pub export_sections: Option<PathBuf>,
    /// Time every query of FILE (one per line) against the index, in process; prints JSON figures.
    #[arg(long, value_name = "FILE", hide = true)]
    pub bench_queries: Option<PathBuf>,
    /// How many times to run the query file with --bench-queries.
    #[arg(long, default_value_t = 5, hide = true)]
    pub bench_rounds: usize,
}

/// Progress display: a bar on a terminal, a line per tenth otherwise.
fn progress_printer(quiet: bool) -> impl Fn(Progress) + Sync {
    let terminal = std::io::stderr().is_terminal();
    let bar: Mutex<Option<ProgressBar>> = Mutex::new(None);
    move |event| {
        if quiet {
            return;
        }
        match event {
            Progress::Scanned { files, to_index } => {
                if terminal && to_index > 0 {
                    let pb = ProgressBar::new(to_index as u64);
                    if let Ok(style) = ProgressStyle::with_template(
                        "{spinner} indexing [{bar:40}] {pos}/{len} files ({per_sec}, eta {eta})",
                    ) {
                        pb.set_style(style.progress_chars("=> "));
                    }
                    if let Ok(mut slot) = bar.lock() {
                        *slot = Some(pb);
                    }
                } else {
                    eprintln!("scanned {files} files, {to_index} to index");
                }
            }
            Progress::Indexed { done, total } => {
                if let Ok(mut slot) = bar.lock() {
                    if let Some(pb) = slot.as_ref() {
                        pb.set_position(done as u64);
                        if done == total {
                            pb.finish_and_clear();
                            *slot = None;
                        }
                        return;
                    }
                }
                let step = (total / 10).max(1);
                if done % step == 0 || done == total {
                    eprintln!("indexed {done}/{total} files");
                }
            }
        }
    }
}

/// The summary for people; paths and messages come from the folder, so control characters are escaped.
fn print_summary(report: &UpdateReport) {
    println!("{}", line(&report.root));
    println!("  index: {}", line(&report.index_dir));
    println!(
        "  {} files: {} documents ({} sections), {} include fragments, {} skipped",
        report.files,
        report.documents,
        report.sections,
        report.fragments,
        report.skipped.len()
    );
    println!(
        "  this run: {} added, {} changed, {} removed, {} sections written in {:.2} s",
        report.added, report.changed, report.removed, report.sections_written, report.seconds
    );
    // Problems grouped by kind, in people's words (the engine groups them).
    let diagnostics: Vec<Diagnostic> = report
        .skipped
        .iter()
        .chain(&report.warnings)
        .cloned()
        .collect();
    let groups = crate::corpus::group_diagnostics(&diagnostics);
    if !groups.is_empty() {
        println!("  problems:");
        let _ =
            super::output::write_problems(&mut std::io::stdout().lock(), &groups, "    ", "    ");
    }
}

fn export_sections(index: &PersistentIndex, path: &PathBuf) -> Result<usize, String> {
    let sections = index.sections().map_err(|err| err.to_string())?;
    let file = File::create(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let mut out = BufWriter::new(file);
    for section in &sections {
        serde_json::to_writer(&mut out, section).map_err(|err| err.to_string())?;
        out.write_all(b"\n")
            .map_err(|err| format!("{}: {err}", path.display()))?;
    }
    out.flush()
        .map_err(|err| format!("{}: {err}", path.display()))?;
    Ok(sections.len())
}

/// `p`-th percentile (nearest rank) of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn bench_queries(
    index: &PersistentIndex,
    path: &PathBuf,
    rounds: usize,
) -> Result<serde_json::Value, String> {
    let file = File::open(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let queries: Vec<String> = BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if queries.is_empty() {
        return Err(format!("{}: no queries", path.display()));
    }
    // Sized by the query file, not by the (user-given) number of rounds.
    let mut latencies = Vec::with_capacity(queries.len());
    let mut answered = 0usize;
    let start = Instant::now();
    for _ in 0..rounds.max(1) {
        for query in &queries {
            let t = Instant::now();
            let found = index.search(query, 10).map_err(|err| err.to_string())?;
            latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            answered += usize::from(!found.hits.is_empty());
        }
    }
    let total = start.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let round3 = |v: f64| (v * 1000.0).round() / 1000.0;
    Ok(serde_json::json!({
        "phase": "search",
        "queries": latencies.len(),
        "answered": answered,
        "p50_ms": round3(percentile(&latencies, 50.0)),
        "p99_ms": round3(percentile(&latencies, 99.0)),
        "max_ms": round3(latencies.last().copied().unwrap_or(0.0)),
        "qps": (latencies.len() as f64 / total).round(),
    }))
}

/// Runs `supportkb index`.
pub fn run(args: IndexArgs) -> ExitCode {
    let synonyms = match crate::embedded_synonyms() {
        Ok(s) => Arc::new(s),
        Err(err) => {
            print_error(err);
            return ExitCode::from(1);
        }
    };
    run_with(args, synonyms)
}

fn run_with(args: IndexArgs, synonyms: Arc<Synonyms>) -> ExitCode {
    let options = IndexOptions {
        base_dir: args.index_dir.clone(),
        rebuild: args.rebuild,
        threads: args.threads,
        wait: if args.no_wait {
            LockWait::NoWait
        } else {
            LockWait::Wait
        },
        on_wait: WaitNotice::new(|holder| eprintln!("note: {}", lock::waiting_message(holder))),
        // --check verifies below, and says what it found.
        verify: if args.check {
            Verify::Never
        } else {
            Verify::Always
        },
    };
    if let Some(after_points) = args.fault_abort_after {
        fault::arm(
            std::path::Path::new(""),
            fault::Fault::Abort { after_points },
        );
    }
    let progress = progress_printer(args.json);
    let mut code = ExitCode::SUCCESS;
    for dir in &args.corpus {
        let opened = PersistentIndex::open(dir, &options, Arc::clone(&synonyms));
        let index = match opened {
            Ok(index) => index,
            Err(err) => {
                print_error(&err);
                code = exit_code(&err);
                continue;
            }
        };
        let updated = if args.check {
            check_then_update(&index, &progress, args.json)
        } else {
            index.update(&progress)
        };
        let report = match updated {
            Ok(report) => report,
            Err(err) => {
                print_error(&err);
                code = exit_code(&err);
                continue;
            }
        };
        for notice in &report.notices {
            eprintln!("notice: {}", super::output::message(notice));
        }
        if args.json {
            match json_line(&report) {
                Ok(json) => println!("{json}"),
                Err(err) => print_error(err),
            }
        } else {
            print_summary(&report);
        }
        if let Some(path) = &args.export_sections {
            match export_sections(&index, path) {
                Ok(n) => eprintln!(
                    "exported {n} sections to {}",
                    line(&path.display().to_string())
                ),
                Err(err) => {
                    print_error(format_args!("cannot export sections: {err}"));
                    code = ExitCode::from(1);
                }
            }
        }
        if let Some(path) = &args.bench_queries {
            match bench_queries(&index, path, args.bench_rounds) {
                Ok(figures) => println!("{figures}"),
                Err(err) => {
                    print_error(err);
                    code = ExitCode::from(2);
                }
            }
        }
    }
    code
}

/// `--check`: verifies every checksum (timed, on stderr), sets a damaged index aside and rebuilds it,
/// else updates it.
fn check_then_update(
    index: &PersistentIndex,
    progress: &(dyn Fn(Progress) + Sync),
    quiet: bool,
) -> Result<UpdateReport, IndexError> {
    let start = Instant::now();
    let reason = match index.damaged_files() {
        Ok(damaged) if damaged.is_empty() => {
            if !quiet {
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                eprintln!(
                    "checked the index of {}: every checksum matches ({ms:.1} ms)",
                    index.root().display()
                );
            }
            return index.update(progress);
        }
        Ok(damaged) => format!(
            "the checksum of {} does not match its content",
            damaged.join(", ")
        ),
        Err(IndexError::Damaged { message, .. }) => message,
        Err(err) => return Err(err),
    };
    eprintln!(
        "the index of {} is damaged: {reason}",
        index.root().display()
    );
    index.recover(&reason, progress)
}

fn exit_code(err: &IndexError) -> ExitCode {
    match err {
        IndexError::Corpus { .. } | IndexError::Busy { .. } => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 99.0), 3.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }
}
