//! Writing the CLI's output safely: JSON with no raw control characters, and one-line error messages
//! with no control characters and a bounded length. Human output escapes its file-given fields with
//! [`crate::text::for_terminal`] / [`crate::text::for_terminal_line`].

use std::borrow::Cow;
use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::text::{clip, escape_json_controls, for_terminal_line, may_hold_raw_controls};

/// Longest error message printed, in characters: the values a message echoes are clipped at
/// [`crate::text::MAX_ECHO_CHARS`] already; this bounds what a file can add (a document's list of
/// anchors, a diagnostic).
pub const MAX_MESSAGE_CHARS: usize = 4_000;

/// `value` as compact JSON on one line, DEL and C1 controls escaped too (serde_json escapes only C0).
pub fn json_line<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    Ok(escaped(serde_json::to_string(value)?))
}

/// `value` as indented JSON, DEL and C1 controls escaped.
pub fn json_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    Ok(escaped(serde_json::to_string_pretty(value)?))
}

/// `json` with DEL and C1 escaped, without a copy when there is none (the usual case).
fn escaped(json: String) -> String {
    match escape_json_controls(&json) {
        Cow::Borrowed(_) => json,
        Cow::Owned(escaped) => escaped,
    }
}

/// Writes `value` as one JSON line (see [`json_line`]) followed by `\n`.
pub fn write_json_line<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> io::Result<()> {
    write_json_line_via(out, value, &mut Vec::new())
}

/// [`write_json_line`] serializing through `buffer` (cleared first), so a stream of lines reuses
/// one allocation.
pub fn write_json_line_via<T: Serialize + ?Sized>(
    out: &mut impl Write,
    value: &T,
    buffer: &mut Vec<u8>,
) -> io::Result<()> {
    buffer.clear();
    serde_json::to_writer(&mut *buffer, value).map_err(io::Error::from)?;
    if may_hold_raw_controls(buffer) {
        let text = std::str::from_utf8(buffer).map_err(io::Error::other)?;
        out.write_all(escape_json_controls(text).as_bytes())?;
    } else {
        out.write_all(buffer)?;
    }
    out.write_all(b"\n")
}

/// A message made safe for one line of a terminal: control characters escaped, at most
/// [`MAX_MESSAGE_CHARS`] characters.
pub fn message(text: impl Display) -> String {
    let text = text.to_string();
    for_terminal_line(&clip(&text, MAX_MESSAGE_CHARS)).into_owned()
}

/// Most files listed under one problem in human output; the rest are counted.
pub const MAX_LISTED_FILES: usize = 10;

/// Folder problems for people, grouped by the engine ([`crate::corpus::group_diagnostics`]): each
/// group's headline after `prefix`, then up to [`MAX_LISTED_FILES`] of its files (after `indent` and
/// two spaces), then how many more.
/// Names come from the folder, so control characters are escaped.
pub fn write_problems(
    out: &mut impl Write,
    groups: &[crate::corpus::ProblemGroup],
    prefix: &str,
    indent: &str,
) -> io::Result<()> {
    for group in groups {
        writeln!(out, "{prefix}{}", for_terminal_line(&group.headline))?;
        for file in group.files.iter().take(MAX_LISTED_FILES) {
            if file.detail.is_empty() {
                writeln!(out, "{indent}  {}", for_terminal_line(&file.path))?;
            } else {
                writeln!(
                    out,
                    "{indent}  {} ({})",
                    for_terminal_line(&file.path),
                    for_terminal_line(&file.detail)
                )?;
            }
        }
        if group.files.len() > MAX_LISTED_FILES {
            writeln!(
                out,
                "{indent}  … and {} more",
                group.files.len() - MAX_LISTED_FILES
            )?;
        }
    }
    Ok(())
}

/// Prints `error: <message>` on stderr, made safe by [`message`].
pub fn print_error(text: impl Display) {
    eprintln!("error: {}", message(text));
}

/// `result` of writing a command's output, with a closed pipe counted as success: the reader went away
/// (`| head`), which is not an error of ours. The CLI's one handling of `BrokenPipe`.
pub fn closed_pipe_is_success(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The exit code after writing a command's output: success (also on a closed pipe, see
/// [`closed_pipe_is_success`]), else `cannot write output: …` on stderr and 1.
pub fn finish(result: io::Result<()>) -> ExitCode {
    match closed_pipe_is_success(result) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            print_error(format_args!("cannot write output: {err}"));
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_bounded_line() {
        let m = message(format!("bad `{}`\nforged\x1b[2J", "v".repeat(10_000)));
        assert!(m.chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(!m.chars().any(char::is_control), "{m}");
        let m = message("x\n\x1b]0;t\x07");
        assert_eq!(m, "x\\u{a}\\u{1b}]0;t\\u{7}");
    }
}
