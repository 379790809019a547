//! `supportkb ask`: answer policy questions.
//!
//! * `supportkb ask --json` reads one question `{"policy": ID, "facts": {...}}` from stdin (at most
//!   1 MiB) and prints the answer as JSON; a bad question prints `{"error": {"kind", "message", "field"}}`
//!   as one line on stderr and exits 2.
//! * `supportkb ask --jsonl` reads one question per line and prints one answer per line, in order; a bad
//!   line (or an empty one, one that is not UTF-8 or longer than 1 MiB) yields an error object on its
//!   line and the batch goes on (exit 0). Output is
//!   flushed whenever no more input is buffered, so an interactive client gets each answer at once
//!   while a batch is written in large blocks.
//! * `supportkb ask POLICY --fact-name value ...` is for people: the flags are derived from the policy's
//!   description (clap builder API) and take people's words, read by [`crate::human::resolve_all`]:
//!   yes/no/don't know, a choice by id, label or synonym ("ProDirect", "sev b"), dates such as "4 months
//!   ago" or "last Friday", date-times such as "fri 16:30" (placed in `--time-zone`, or the zone of
//!   `--country` when it keeps one time), countries and time zones by name ("Japan", "Tokyo"). Each value
//!   is echoed on stderr as it was understood (`Submitted at: Friday 20 Nov 2026, 16:30 (Asia/Tokyo,
//!   UTC+09:00)`); a value that cannot be read is an error naming its flag (exit 2). `supportkb ask POLICY
//!   --help` lists the flags. Add `--json` for the JSON answer.
//! * `ask --json` also takes the output of `supportkb understand --json` (its `unparsed` list is ignored),
//!   so `supportkb understand "..." --json | supportkb ask --json` answers a question in words.
//!
//! `--policy-version YYYY-MM-DD` answers under the edition of the policy in force on that date (a
//! JSON question's own `policy_version` wins); without it each question is answered under the edition
//! in force on its own date (`submitted_at`, `as_of`, else today). With a policy named, its flags and
//! values are that edition's.
//!
//! `--today YYYY-MM-DD` sets the date that `as_of`-like facts default to and that relative words count
//! from (default: today in the local time zone). The clock is read here, at the edge: `now` is the local
//! clock unless `--today` is given (then `now` is refused, as it would contradict `--today`).

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Arg, ArgAction, Args};

use crate::human::{self, Context};
use crate::policy::{
    Answer, ErrorKind, FactDefault, FactType, PolicyError, PolicySpec, Question, Registry,
};
use crate::share::ShareFormat;

use super::lines::{Line, LineReader, MAX_LINE_BYTES};
use super::output::{
    closed_pipe_is_success, json_line, json_pretty, print_error, write_json_line_via,
};
use crate::text::{echo, for_terminal, for_terminal_line};

/// Arguments of `supportkb ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// Read one JSON question from stdin, print the answer as JSON (bad question: exit 2).
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Read one JSON question per line from stdin, print one JSON answer or error per line.
    #[arg(long)]
    pub jsonl: bool,
    /// The date `as_of`-like facts default to (default: today in the local time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Answer under the edition of the support policy in force on this date (default: the one in
    /// force on each question's own date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub policy_version: Option<String>,
    /// POLICY followed by its fact flags, e.g. `reopen --closed-on 2026-08-12 --same-build yes`.
    #[arg(
        value_name = "POLICY [--FACT VALUE]...",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub question: Vec<String>,
}

/// Runs `supportkb ask`.
pub fn run(args: &AskArgs) -> ExitCode {
    let registry = match Registry::embedded() {
        Ok(r) => r,
        Err(e) => {
            print_error(e);
            return ExitCode::from(2);
        }
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    if args.jsonl {
        if !args.question.is_empty() {
            eprintln!("error: --jsonl reads questions from stdin; do not name a policy");
            return ExitCode::from(2);
        }
        let version = args.policy_version.as_deref();
        let result = jsonl(
            registry,
            today,
            version,
            io::stdin().lock(),
            // Written from the worker that is free while a batch is answered (a lock guard cannot
            // move between threads; the 64 KiB buffer and whole-batch writes take the lock rarely).
            io::stdout(),
        );
        return match closed_pipe_is_success(result) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                print_error(e);
                ExitCode::from(2)
            }
        };
    }
    if args.json && args.question.is_empty() {
        // One question, held whole: at most MAX_LINE_BYTES of it (a stream goes through --jsonl).
        let mut bytes = Vec::new();
        let cap = MAX_LINE_BYTES as u64;
        if let Err(e) = io::stdin().lock().take(cap + 1).read_to_end(&mut bytes) {
            print_error(format_args!("cannot read stdin: {e}"));
            return ExitCode::from(2);
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) if text.len() <= MAX_LINE_BYTES => text,
            Ok(_) => {
                let message = format!("the question is longer than the limit of {cap} bytes");
                print_json_error(&PolicyError::new(ErrorKind::InvalidJson, None, message));
                return ExitCode::from(2);
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let message = format!("not valid UTF-8 (first invalid byte at offset {at})");
                print_json_error(&PolicyError::new(ErrorKind::InvalidJson, None, message));
                return ExitCode::from(2);
            }
        };
        let version = args.policy_version.as_deref();
        return match registry.ask_json_in(&without_unparsed(&text), today, version) {
            Ok(answer) => print_json(&answer),
            Err(e) => {
                print_json_error(&e);
                ExitCode::from(2)
            }
        };
    }
    let Some((policy, flags)) = args.question.split_first() else {
        eprintln!(
            "error: name a policy (one of: {}), or use --json / --jsonl with questions on stdin",
            policy_ids(registry)
        );
        return ExitCode::from(2);
    };
    // `--policy-version` may also follow the policy's name: it picks the edition whose flags apply.
    let policy_version = args.policy_version.clone().or_else(|| {
        flags
            .iter()
            .enumerate()
            .find_map(|(i, f)| match f.strip_prefix("--policy-version") {
                Some("") => flags.get(i + 1).cloned(),
                Some(rest) => rest.strip_prefix('=').map(str::to_string),
                None => None,
            })
    });
    let specs = match registry.specs_for(policy_version.as_deref()) {
        Ok(specs) => specs,
        Err(e) => {
            print_error(format_args!("--policy-version: {}", e.message));
            return ExitCode::from(2);
        }
    };
    let Some(spec) = specs.into_iter().find(|s| s.id == *policy) else {
        print_error(format_args!(
            "unknown policy `{}`{}; known policies: {}",
            echo(policy),
            policy_version
                .as_deref()
                .map(|v| format!(" in the edition in force on {}", echo(v)))
                .unwrap_or_default(),
            policy_ids(registry)
        ));
        return ExitCode::from(2);
    };
    let matches = match policy_command(spec).try_get_matches_from(flags) {
        Ok(m) => m,
        Err(e) => return super::clap_exit(&e),
    };
    let mut given: Vec<(&str, &str)> = Vec::new();
    for f in &spec.facts {
        if let Some(v) = matches.get_one::<String>(&f.name) {
            given.push((f.name.as_str(), v.as_str()));
        }
    }
    let ctx = Context {
        today,
        now: args
            .today
            .is_none()
            .then(|| chrono::Local::now().fixed_offset()),
        time_zone: None,
    };
    let facts = match human::resolve_all(spec, &given, &ctx) {
        Ok((facts, resolved)) => {
            // Always say how each value was read: "fri 16:30" is a date people should see.
            for (name, r) in &resolved {
                let label = spec
                    .fact_index(name)
                    .map_or(name.as_str(), |i| spec.facts[i].label.as_str());
                eprintln!("{}", for_terminal_line(&format!("{label}: {}", r.display)));
            }
            facts
        }
        Err(e) => {
            let flag = e
                .field
                .as_deref()
                .map(|f| format!("--{}: ", f.replace('_', "-")));
            print_error(format_args!("{}{}", flag.unwrap_or_default(), e.message));
            return ExitCode::from(2);
        }
    };
    let question = Question {
        policy: spec.id.clone(),
        facts,
        policy_version,
    };
    let take_away = if matches.get_flag("markdown") {
        Some(ShareFormat::Markdown)
    } else if matches.get_flag("plain") {
        Some(ShareFormat::Text)
    } else {
        None
    };
    if take_away.is_some() || matches.get_flag("link") {
        return share(registry, question, today, take_away);
    }
    match registry.ask(&question, today) {
        Ok(answer) if args.json || matches.get_flag("json") => print_json(&answer),
        Ok(answer) => {
            // Answers echo text facts: no control character reaches the terminal.
            let _ = write!(io::stdout().lock(), "{}", for_terminal(&render(&answer)));
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(e);
            ExitCode::from(2)
        }
    }
}

/// `--markdown`, `--plain` (the answer to take away) or `--link` (a `supportkb://` link to the question).
fn share(
    registry: &Registry,
    question: Question,
    today: NaiveDate,
    format: Option<ShareFormat>,
) -> ExitCode {
    let Some(format) = format else {
        let link = crate::share::DeepLink::Question { question }.to_url();
        let _ = writeln!(io::stdout().lock(), "{link}");
        return ExitCode::SUCCESS;
    };
    let answer = match registry.ask(&question, today) {
        Ok(answer) => answer,
        Err(e) => {
            print_error(e);
            return ExitCode::from(2);
        }
    };
    match crate::share::share_embedded(&question, &answer, format) {
        Ok(text) => {
            let _ = write!(io::stdout().lock(), "{}", for_terminal(&text));
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(e);
            ExitCode::from(1)
        }
    }
}

/// The text of a `--json` question without the `unparsed` and `notes` lists of `supportkb understand
/// --json`, so that output pipes into `ask --json`; any other text is returned as it is.
fn without_unparsed(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\"unparsed\"") {
        return text.into();
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(mut object)) => {
            let notes = object.remove("notes").is_some();
            if object.remove("unparsed").is_some() || notes {
                serde_json::Value::Object(object).to_string().into()
            } else {
                text.into()
            }
        }
        _ => text.into(),
    }
}

fn policy_ids(registry: &Registry) -> String {
    registry
        .specs()
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_json(answer: &Answer) -> ExitCode {
    match json_pretty(answer) {
        Ok(text) => {
            let _ = writeln!(io::stdout().lock(), "{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(format_args!("cannot serialize the answer: {e}"));
            ExitCode::from(2)
        }
    }
}

/// `{"error": {"kind", "message", "field"}}` as one line on stderr.
fn print_json_error(e: &PolicyError) {
    match json_line(&e.to_json()) {
        Ok(text) => eprintln!("{text}"),
        Err(_) => print_error(e),
    }
}

/// The command line of one policy, derived from its description: one `--fact-name VALUE` flag per fact.
pub fn policy_command(spec: &'static PolicySpec) -> clap::Command {
    let mut cmd = clap::Command::new(spec.id.as_str())
        .no_binary_name(true)
        .bin_name(format!("supportkb ask {}", spec.id))
        .about(format!("{} ({})", spec.title, spec.id))
        .long_about(format!("{}\n\n{}", spec.title, spec.description))
        .arg(
            Arg::new("json")
                .long("json")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["markdown", "plain", "link"])
                .help("Print the answer as JSON"),
        )
        .arg(
            Arg::new("markdown")
                .long("markdown")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["plain", "link"])
                .help("Print the answer to take away, as Markdown: facts by label, verdict, reasons with the quoted passages and links to Microsoft's policy page"),
        )
        .arg(
            Arg::new("plain")
                .long("plain")
                .action(ArgAction::SetTrue)
                .conflicts_with("link")
                .help("Print the answer to take away, as plain text for mail or chat"),
        )
        .arg(
            Arg::new("policy_version")
                .long("policy-version")
                .value_name("YYYY-MM-DD")
                .help("Answer under the edition of the support policy in force on this date (its flags and values apply)"),
        )
        .arg(
            Arg::new("link")
                .long("link")
                .action(ArgAction::SetTrue)
                .help("Print a supportkb:// link that reopens this question with these facts in the desktop app"),
        );
    for f in &spec.facts {
        let default = match &f.default {
            Some(FactDefault::Today) => " [default: today]".to_string(),
            Some(FactDefault::Value(v)) => format!(" [default: {v}]"),
            None => String::new(),
        };
        // Values are people's words, read by `human::resolve_all` after parsing (not by clap), so the
        // help says what is accepted instead of a list of possible values.
        let accepts = match &f.ty {
            FactType::Bool => " [yes, no, don't know]".to_string(),
            FactType::Enum(values) => format!(
                " [choices: {}]",
                values
                    .iter()
                    .map(|v| format!("{v} = {}", f.value_label(v)))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            FactType::Date => " [2026-08-12, 12 Aug, last Friday, 4 months ago…]".to_string(),
            FactType::DateTime => {
                " [fri 16:30, 2026-11-20 16:00, now… in --time-zone; or with its offset]"
                    .to_string()
            }
            FactType::ListOfDates => " [dates separated by commas or semicolons]".to_string(),
            FactType::Country => " [a name or two-letter code: Japan, JP]".to_string(),
            FactType::TimeZone => {
                " [a city, zone or one-zone country: Tokyo, Europe/Berlin]".to_string()
            }
            FactType::String => String::new(),
        };
        let value_name = match &f.ty {
            FactType::Bool => "yes|no",
            FactType::Enum(_) => "VALUE",
            FactType::Date => "DATE",
            FactType::DateTime => "WHEN",
            FactType::ListOfDates => "DATES",
            FactType::Country => "COUNTRY",
            FactType::TimeZone => "ZONE",
            FactType::String => "TEXT",
        };
        let arg = Arg::new(f.name.as_str())
            .long(interned_flag(&f.name))
            .help(format!("{}{default}{accepts}", f.help))
            .value_name(value_name)
            .action(ArgAction::Set);
        cmd = cmd.arg(arg);
    }
    cmd
}

/// The flag for a fact (`closed_on` → `closed-on`), as the `&'static str` clap wants: computed once
/// per fact name and interned for the life of the process (a bounded set of a few dozen short strings).
fn interned_flag(name: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static FLAGS: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let map = FLAGS.get_or_init(Default::default);
    let Ok(mut map) = map.lock() else {
        return name;
    };
    map.entry(name)
        .or_insert_with(|| Box::leak(name.replace('_', "-").into_boxed_str()))
}

/// The answer for people: verdict, summary, reasons with `doc#anchor`, supportkb's readings
/// (interpretations), missing facts, what would change.
pub fn render(a: &Answer) -> String {
    let mut s = format!("Verdict: {}\n{}\n", a.verdict, a.summary);
    if !a.reasons.is_empty() {
        s.push_str("\nReasons:\n");
        for r in &a.reasons {
            s.push_str(&format!(
                "  - {}\n    [{}] {}#{}\n",
                r.says, r.rule, r.cites.doc, r.cites.anchor
            ));
        }
    }
    for n in &a.notes {
        s.push_str(&format!("\n{}:\n", n.label));
        for item in &n.items {
            s.push_str(&format!("  - {item}\n"));
        }
    }
    if !a.conflicts.is_empty() {
        s.push_str("\nFacts that contradict each other:\n");
        for c in &a.conflicts {
            s.push_str(&format!(
                "  - {} ({})\n    {}#{}\n",
                c.says,
                c.facts.join(", "),
                c.cites.doc,
                c.cites.anchor
            ));
        }
    }
    if !a.interpretations.is_empty() {
        s.push_str("\nHow supportkb reads this (the policy text does not settle it):\n");
        for i in &a.interpretations {
            s.push_str(&format!(
                "  - {}: {}\n    {}#{}\n",
                i.about, i.reading, i.cites.doc, i.cites.anchor
            ));
        }
    }
    if !a.missing_facts.is_empty() {
        s.push_str(&format!(
            "\nMissing facts: {}\n",
            a.missing_facts
                .iter()
                .map(|f| format!("--{}", f.replace('_', "-")))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !a.what_would_change.is_empty() {
        s.push_str(&format!(
            "\nWhat would change the answer: {}\n",
            a.what_would_change.join(", ")
        ));
    }
    if !a.details.is_empty() {
        s.push_str("\nDetails:\n");
        for (k, v) in &a.details {
            let v = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) if items.is_empty() => "(none)".to_string(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => format!("\n    - {s}"),
                        other => format!("\n    - {other}"),
                    })
                    .collect(),
                other => other.to_string(),
            };
            let sep = if v.starts_with('\n') { "" } else { " " };
            s.push_str(&format!("  {k}:{sep}{v}\n"));
        }
    }
    s.push_str(&format!("\nPolicy version: {}\n", a.policy_version));
    s
}

/// Most lines answered together by [`jsonl`]: lines already read are answered on all cores in
/// batches of at most this many, the answers written in input order.
const JSONL_BATCH_LINES: usize = 4096;

/// One line of `ask --jsonl` input, owned so that a batch can be answered in parallel: the text of a
/// line, or the message of a line that could not be read (not UTF-8, too long).
enum Pending {
    Text(String),
    Unreadable(String),
}

/// Answers one JSON question per line of `input`, writing one JSON line per answer or error, in input
/// order. Lines are read as bytes and decoded one by one: a line that is not UTF-8 or is longer than
/// [`MAX_LINE_BYTES`](super::lines::MAX_LINE_BYTES) gets an `invalid_json` error naming its number
/// (and is never held whole in memory), and the batch goes on. Lines already buffered are answered
/// together on all cores (at most [`JSONL_BATCH_LINES`]) while the previous batch's answers are
/// written; before waiting for more input, every answer so far is written and flushed, so a client
/// writing one question at a time gets each answer before it sends the next.
pub fn jsonl(
    registry: &Registry,
    today: NaiveDate,
    policy_version: Option<&str>,
    input: impl Read,
    output: impl Write + Send,
) -> io::Result<()> {
    let mut reader = LineReader::new(input);
    let mut out = BufWriter::with_capacity(1 << 16, output);
    let mut batch: Vec<Pending> = Vec::with_capacity(JSONL_BATCH_LINES);
    // The answers of the batch being computed and of the one being written (swapped each round).
    let mut computing: Vec<Vec<u8>> = Vec::new();
    let mut written: Vec<Vec<u8>> = Vec::new();
    let mut unwritten = false;
    loop {
        if unwritten && !reader.has_buffered_input() {
            write_chunks(&mut out, &written)?;
            out.flush()?;
            unwritten = false;
        }
        let ended = read_batch(&mut reader, &mut batch)?;
        let (wrote, answered) = rayon::join(
            || match unwritten {
                true => write_chunks(&mut out, &written),
                false => Ok(()),
            },
            || answer_batch(registry, today, policy_version, &batch, &mut computing),
        );
        wrote?;
        answered?;
        std::mem::swap(&mut computing, &mut written);
        unwritten = true;
        if ended {
            break;
        }
    }
    write_chunks(&mut out, &written)?;
    out.flush()
}

/// Reads the lines already buffered into `batch` (at least one, waiting for it if need be; at most
/// [`JSONL_BATCH_LINES`]); `true` at the end of the input.
fn read_batch<R: Read>(reader: &mut LineReader<R>, batch: &mut Vec<Pending>) -> io::Result<bool> {
    batch.clear();
    while batch.len() < JSONL_BATCH_LINES {
        let Some((number, line)) = reader.next_line()? else {
            return Ok(true);
        };
        batch.push(match line {
            Line::Text(text) => Pending::Text(text.to_string()),
            _ => Pending::Unreadable(line.error(number).map(|e| e.message).unwrap_or_default()),
        });
        if !reader.has_buffered_input() {
            break;
        }
    }
    Ok(false)
}

/// Answers `batch` on all cores into `chunks`: each worker serializes a run of consecutive lines
/// into its own buffer, so the buffers in order are the answers in order.
fn answer_batch(
    registry: &Registry,
    today: NaiveDate,
    policy_version: Option<&str>,
    batch: &[Pending],
    chunks: &mut Vec<Vec<u8>>,
) -> io::Result<()> {
    use rayon::prelude::*;
    let per_chunk = batch
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    chunks.resize_with(batch.len().div_ceil(per_chunk), Vec::new);
    batch
        .par_chunks(per_chunk)
        .zip(chunks.par_iter_mut())
        .try_for_each(|(lines, chunk)| {
            chunk.clear();
            let mut buffer = Vec::new();
            for pending in lines {
                let result = match pending {
                    Pending::Text(text) => answer_line(registry, today, policy_version, text),
                    Pending::Unreadable(message) => Err(PolicyError::new(
                        crate::policy::ErrorKind::InvalidJson,
                        None,
                        message.clone(),
                    )),
                };
                match result {
                    Ok(answer) => write_json_line_via(chunk, &answer, &mut buffer)?,
                    Err(e) => write_json_line_via(chunk, &e.to_json(), &mut buffer)?,
                }
            }
            Ok(())
        })
}

fn write_chunks(out: &mut impl Write, chunks: &[Vec<u8>]) -> io::Result<()> {
    chunks.iter().try_for_each(|chunk| out.write_all(chunk))
}

/// The answer to one line of `ask --jsonl`.
fn answer_line(
    registry: &Registry,
    today: NaiveDate,
    policy_version: Option<&str>,
    text: &str,
) -> Result<Answer, PolicyError> {
    if text.trim().is_empty() {
        return Err(PolicyError::new(
            crate::policy::ErrorKind::InvalidJson,
            None,
            "empty line: expected a question {\"policy\": ID, \"facts\": {...}}",
        ));
    }
    registry.ask_json_in(text, today, policy_version)
}
