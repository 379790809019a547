//! Reading `--jsonl` input (`search --jsonl`, `ask --jsonl`): one line at a time, as bytes, bounded.
//!
//! The contract of both commands is one answer or error object per input line, in order, and the batch
//! goes on. So a line is read as bytes and decoded on its own (a line of invalid UTF-8 is an error for
//! that line, not the end of the input), and a line longer than [`MAX_LINE_BYTES`] is read in chunks
//! and discarded up to its newline: memory stays bounded by the cap, whatever the input.

use std::io::{self, BufRead, BufReader, Read};

use serde::Serialize;

/// Longest line `--jsonl` accepts, in bytes without its line ending (1 MiB: far more than any query or
/// question). A longer line is answered with a `line_too_long` error and never held in memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Capacity of the input buffer: how much is read from the input at a time.
const READ_CHUNK_BYTES: usize = 1 << 16;

/// One line of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    /// The line, without `\n` or `\r\n`.
    Text(&'a str),
    /// The line is not valid UTF-8; the first invalid byte is at `valid_up_to`.
    NotUtf8 {
        /// Offset of the first invalid byte in the line.
        valid_up_to: usize,
    },
    /// The line is longer than the cap and was skipped.
    TooLong {
        /// Its length in bytes, without the line ending.
        bytes: u64,
    },
}

/// Why a line was not answered: `{"kind", "message", "line"}`, the `error` object of `search --jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// `invalid_utf8` or `line_too_long`.
    pub kind: &'static str,
    /// One sentence, naming the line.
    pub message: String,
    /// The line number, from 1.
    pub line: u64,
}

/// `{"error": {"kind", "message", "line"}}`: how `search --jsonl` answers a line it cannot read.
#[derive(Debug, Clone, Serialize)]
pub struct LineErrorObject {
    /// The error.
    pub error: LineError,
}

impl Line<'_> {
    /// The error for line `number`, or `None` for a line of text.
    pub fn error(&self, number: u64) -> Option<LineError> {
        match self {
            Line::Text(_) => None,
            Line::NotUtf8 { valid_up_to } => Some(LineError {
                kind: "invalid_utf8",
                message: format!(
                    "line {number}: not valid UTF-8 (first invalid byte at offset {valid_up_to})"
                ),
                line: number,
            }),
            Line::TooLong { bytes } => Some(LineError {
                kind: "line_too_long",
                message: format!(
                    "line {number}: {bytes} bytes, longer than the limit of {MAX_LINE_BYTES} bytes; skipped"
                ),
                line: number,
            }),
        }
    }
}

/// Reads lines of at most `max` bytes from an input, numbering them from 1.
#[derive(Debug)]
pub struct LineReader<R> {
    reader: BufReader<R>,
    line: Vec<u8>,
    number: u64,
    max: usize,
}

impl<R: Read> LineReader<R> {
    /// A reader with the [`MAX_LINE_BYTES`] cap.
    pub fn new(input: R) -> Self {
        Self::with_max(input, MAX_LINE_BYTES)
    }

    /// A reader with another cap (tests).
    pub fn with_max(input: R, max: usize) -> Self {
        LineReader {
            reader: BufReader::with_capacity(READ_CHUNK_BYTES, input),
            line: Vec::new(),
            number: 0,
            max,
        }
    }

    /// Whether input is already buffered, i.e. the next line may come without waiting (callers
    /// flush their output when it is not, so an interactive client gets each answer at once).
    pub fn has_buffered_input(&self) -> bool {
        !self.reader.buffer().is_empty()
    }

    /// The next line and its number, or `None` at the end of the input. A last line without a
    /// newline counts; an I/O error of the input is returned as is.
    pub fn next_line(&mut self) -> io::Result<Option<(u64, Line<'_>)>> {
        self.line.clear();
        // Content of at most `max` bytes, one byte of slack for the `\r` of a CRLF, and the `\n`:
        // `read_until` (which finds the newline with memchr) never reads past that into `line`.
        let room = (self.max as u64).saturating_add(2);
        let read = (&mut self.reader)
            .take(room)
            .read_until(b'\n', &mut self.line)?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        let ended = self.line.last() == Some(&b'\n');
        if ended {
            self.line.pop();
        }
        if self.line.last() == Some(&b'\r') {
            self.line.pop();
        }
        if !ended && read as u64 == room {
            // Longer than the cap: count and drop the rest of the line a chunk at a time.
            let mut bytes = self.line.len() as u64;
            self.line.clear();
            bytes += self.skip_rest_of_line()?;
            return Ok(Some((self.number, Line::TooLong { bytes })));
        }
        let line = if self.line.len() > self.max {
            Line::TooLong {
                bytes: self.line.len() as u64,
            }
        } else {
            match std::str::from_utf8(&self.line) {
                Ok(text) => Line::Text(text),
                Err(err) => Line::NotUtf8 {
                    valid_up_to: err.valid_up_to(),
                },
            }
        };
        Ok(Some((self.number, line)))
    }

    /// Reads and discards up to the next newline (or the end of the input), holding at most
    /// `READ_CHUNK_BYTES` at a time; returns how many bytes the line still had, without the newline.
    fn skip_rest_of_line(&mut self) -> io::Result<u64> {
        let mut bytes = 0u64;
        loop {
            self.line.clear();
            let read = (&mut self.reader)
                .take(READ_CHUNK_BYTES as u64)
                .read_until(b'\n', &mut self.line)?;
            if read == 0 {
                break;
            }
            if self.line.last() == Some(&b'\n') {
                bytes += read as u64 - 1;
                break;
            }
            bytes += read as u64;
        }
        self.line.clear();
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8], max: usize) -> Vec<(u64, Line<'static>)> {
        let mut reader = LineReader::with_max(input, max);
        let mut lines = Vec::new();
        while let Ok(Some((n, line))) = reader.next_line() {
            let owned = match line {
                Line::Text(t) => Line::Text(Box::leak(t.to_string().into_boxed_str())),
                Line::NotUtf8 { valid_up_to } => Line::NotUtf8 { valid_up_to },
                Line::TooLong { bytes } => Line::TooLong { bytes },
            };
            lines.push((n, owned));
        }
        lines
    }

    #[test]
    fn lines_are_decoded_one_by_one() {
        let lines = read_all(b"a\r\nb\xffc\n\nlast", 10);
        assert_eq!(
            lines,
            [
                (1, Line::Text("a")),
                (2, Line::NotUtf8 { valid_up_to: 1 }),
                (3, Line::Text("")),
                (4, Line::Text("last")),
            ]
        );
        assert!(read_all(b"", 10).is_empty());
    }

    #[test]
    fn a_line_over_the_cap_is_skipped_whole_and_reading_goes_on() {
        let mut input = vec![b'x'; 100];
        input.extend(b"\n0123456789\r\n0123456789a\nok");
        let lines = read_all(&input, 10);
        assert_eq!(
            lines,
            [
                (1, Line::TooLong { bytes: 100 }),
                (2, Line::Text("0123456789")),
                (3, Line::TooLong { bytes: 11 }),
                (4, Line::Text("ok")),
            ]
        );
        assert!(lines[0]
            .1
            .error(1)
            .is_some_and(|e| e.kind == "line_too_long"));
    }

    #[test]
    fn the_cap_is_exact_with_or_without_crlf() {
        let lines = read_all(b"0123456789\r\n0123456789a\r\n0123456789ab", 10);
        assert_eq!(
            lines,
            [
                (1, Line::Text("0123456789")),
                (2, Line::TooLong { bytes: 11 }),
                (3, Line::TooLong { bytes: 12 }),
            ]
        );
    }

    /// A reader that hands out one byte per read, so lines span many chunks.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn the_buffer_never_grows_past_the_cap_across_chunks() {
        let mut input = vec![b'y'; 200_000];
        input.extend(b"\nend\n");
        let mut reader = LineReader::with_max(Trickle(&input), 64);
        let mut seen = Vec::new();
        while let Ok(Some((_, line))) = reader.next_line() {
            seen.push(format!("{line:?}"));
            // The cap, or the chunk in which the rest of a long line is dropped.
            assert!(reader.line.capacity() <= READ_CHUNK_BYTES);
        }
        assert_eq!(seen, ["TooLong { bytes: 200000 }", "Text(\"end\")"]);
    }
}
