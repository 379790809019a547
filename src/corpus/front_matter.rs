//! YAML front matter: splitting it off the markdown body and reading the fields we use.
//!
//! The YAML parser (libyaml underneath `serde_norway`) takes time quadratic in the nesting depth before
//! its own recursion limit stops it: 200 KB of nested `[` took 20 s. So [`check_limits`] runs first, in
//! one linear pass: front matter longer than [`MAX_FRONT_MATTER_BYTES`] or nested deeper than
//! [`MAX_FRONT_MATTER_DEPTH`] (flow `[`/`{`, indentation, `- - -` compact sequences) is not parsed. The
//! document still loads, without its front matter (title from the first heading), with a `Warning`.

use serde::Serialize;
use serde_norway::Value;

/// The front matter fields supportkb reads. Every field is optional; unknown fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `source_url`: where the facts come from.
    pub source_url: Option<String>,
    /// `source_date`: the date of the source.
    pub source_date: Option<String>,
    /// `topics`: a YAML list, or one comma-separated string.
    pub topics: Vec<String>,
    /// Microsoft Learn `ms.date`.
    pub ms_date: Option<String>,
    /// Microsoft Learn `ms.topic` (e.g. `conceptual`, `how-to`).
    pub ms_topic: Option<String>,
    /// Microsoft Learn `keywords`: a YAML list, or one comma-separated string.
    pub keywords: Vec<String>,
}

impl FrontMatter {
    /// The document's date: `ms.date` read as Microsoft Learn writes it (`MM/DD/YYYY`, one-digit month
    /// and day allowed), or as ISO `YYYY-MM-DD`. `None` when absent or not a real date.
    pub fn learn_date(&self) -> Option<chrono::NaiveDate> {
        let text = self.ms_date.as_deref()?.trim();
        chrono::NaiveDate::parse_from_str(text, "%m/%d/%Y")
            .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d"))
            .ok()
    }
}

/// A markdown source with its front matter split off.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines, when the source has front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line in the source.
    pub yaml_line: usize,
    /// Everything after the closing `---` line (the whole source when there is no front matter).
    pub body: &'a str,
}

/// Splits `source` into front matter and body. Front matter starts with a `---` line at the very top and
/// ends at the next `---` (or `...`) line; without a closing line there is no front matter.
pub(crate) fn split(source: &str) -> Split<'_> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let no_front_matter = Split {
        yaml: None,
        yaml_line: 1,
        body: source,
    };
    let mut lines = source.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return no_front_matter,
    }
    let yaml_start = source.find('\n').map_or(source.len(), |i| i + 1);
    let mut offset = yaml_start;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Split {
                yaml: Some(&source[yaml_start..offset]),
                yaml_line: 2,
                body: &source[offset + line.len()..],
            };
        }
        offset += line.len();
    }
    no_front_matter
}

/// Front matter longer than this is not parsed. Real front matter is a few hundred bytes (Learn pages
/// with long keyword lists reach a few KB); 64 KB leaves room for any of it and bounds the parser's work.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Front matter nested deeper than this (flow brackets plus block indentation levels) is not parsed. The
/// fields we read are at most two levels deep (a mapping of lists); 32 is generous for any other tool's
/// fields and keeps the parser's quadratic nesting cost negligible.
pub const MAX_FRONT_MATTER_DEPTH: usize = 32;

/// Checks the size and nesting depth of a front matter before it is parsed, in time linear in its
/// length. `Err` is the reason, as a sentence ending, when it must not be parsed.
pub(crate) fn check_limits(yaml: &str) -> Result<(), String> {
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(format!(
            "front matter is larger than {} KB",
            MAX_FRONT_MATTER_BYTES / 1024
        ));
    }
    let shape = measure(yaml);
    if shape.depth > MAX_FRONT_MATTER_DEPTH {
        return Err(format!(
            "front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep"
        ));
    }
    if shape.aliases > MAX_FRONT_MATTER_ALIASES {
        return Err(format!(
            "front matter has more than {MAX_FRONT_MATTER_ALIASES} YAML aliases (`*name`)"
        ));
    }
    Ok(())
}

/// Front matter with more YAML aliases than this is not parsed: each alias copies the node it names, so
/// a few lines of aliases of aliases expand to millions of nodes (the parser stops them, but only after
/// half a second). Learn front matter does not use aliases at all.
pub const MAX_FRONT_MATTER_ALIASES: usize = 32;

/// What [`measure`] finds out about a front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    /// Upper estimate of the nesting depth.
    depth: usize,
    /// Alias indicators (`*name` where a scalar starts).
    aliases: usize,
}

#[cfg(test)]
fn nesting_depth(yaml: &str) -> usize {
    measure(yaml).depth
}

/// An upper estimate of how deep `yaml` nests: block levels (indentation steps, `- ` and `? ` indicators
/// opening a compact nested collection on one line) plus open flow collections (`[`, `{`). Quoted
/// scalars and comments are skipped the way YAML reads them (a quote starts a scalar only where a scalar
/// starts, `#` is a comment only after a space or at a line start); any other bracket counts, so a stray
/// bracket in a plain scalar can only make the estimate larger. Aliases are counted on the way.
fn measure(yaml: &str) -> Shape {
    let bytes = yaml.as_bytes();
    let mut max = 0usize;
    let mut aliases = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut i = 0usize;
    let mut line_start = true;
    let mut block = 0usize;
    // Whether the next non-blank character would start a scalar (after `[`, `{`, `,`, `:`, `- `…).
    let mut scalar_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            let indent = bytes[i..].iter().take_while(|b| **b == b' ').count();
            let rest = &bytes[i + indent..];
            let blank = rest
                .first()
                .is_none_or(|b| matches!(b, b'\n' | b'\r' | b'#'));
            if flow == 0 && !blank {
                while indents.last().is_some_and(|top| *top > indent) {
                    indents.pop();
                }
                if indents.last().is_none_or(|top| *top < indent) {
                    indents.push(indent);
                }
                block = indents.len();
                // `- - - x` and `? ? x` nest one level per indicator.
                let mut j = 0;
                while j < rest.len()
                    && matches!(rest[j], b'-' | b'?')
                    && rest
                        .get(j + 1)
                        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                {
                    block += 1;
                    j += 1;
                    j += rest[j..]
                        .iter()
                        .take_while(|b| matches!(b, b' ' | b'\t'))
                        .count();
                }
            }
            max = max.max(block + flow);
            i += indent;
            scalar_start = true;
            continue;
        }
        let b = bytes[i];
        match b {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                i += bytes[i..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            b'"' | b'\'' if scalar_start => {
                i = skip_quoted(bytes, i);
                scalar_start = false;
                continue;
            }
            b'[' | b'{' => {
                flow += 1;
                max = max.max(block + flow);
                scalar_start = true;
            }
            b']' | b'}' => {
                flow = flow.saturating_sub(1);
                scalar_start = false;
            }
            b',' | b':' | b'-' | b'?' => scalar_start = true,
            b'*' if scalar_start => {
                aliases += 1;
                scalar_start = false;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => scalar_start = false,
        }
        i += 1;
    }
    Shape {
        depth: max,
        aliases,
    }
}

/// The index just past the quoted scalar starting at `start` (`'…'` with `''` escapes, `"…"` with `\`
/// escapes; it may span lines), or the end of the text when it is not closed.
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote => {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Why a front matter was rejected: 1-based line in the file (when known) and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
}

/// Reads the fields of a front matter. `first_line` is the 1-based line of the YAML's first line in the file.
pub(crate) fn parse(yaml: &str, first_line: usize) -> Result<FrontMatter, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let value: Value = serde_norway::from_str(yaml).map_err(|err| FrontMatterError {
        line: err
            .location()
            .map(|l| first_line + l.line().saturating_sub(1)),
        message: format!("front matter is not valid YAML: {err}"),
    })?;
    let mapping = match value {
        Value::Mapping(mapping) => mapping,
        Value::Null => return Ok(FrontMatter::default()),
        _ => {
            return Err(FrontMatterError {
                line: Some(first_line),
                message: "front matter is not a YAML mapping of `key: value` fields".to_string(),
            })
        }
    };
    let field = |name: &str| mapping.get(name);
    Ok(FrontMatter {
        title: field("title").and_then(scalar),
        description: field("description").and_then(scalar),
        source_url: field("source_url").and_then(scalar),
        source_date: field("source_date").and_then(scalar),
        topics: field("topics").map(list).unwrap_or_default(),
        ms_date: field("ms.date").and_then(scalar),
        ms_topic: field("ms.topic").and_then(scalar),
        keywords: field("keywords").map(list).unwrap_or_default(),
    })
}

/// A scalar as text (strings, numbers, booleans); blank strings count as absent.
fn scalar(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(tagged) => return scalar(&tagged.value),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A list of scalars, or one comma-separated string.
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        other => scalar(other).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\n# A\n");
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# A\n");
        let none = split("# A\n---\n");
        assert_eq!(none.yaml, None);
        let unclosed = split("---\ntitle: A\n");
        assert_eq!(unclosed.yaml, None);
    }

    #[test]
    fn reads_lists_and_learn_fields() {
        let fm = parse(
            "title: T\nms.date: 07/31/2025\nms.topic: conceptual\nkeywords: a, b\ntopics: [x, y]\nother: 1\n",
            2,
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(fm.ms_date.as_deref(), Some("07/31/2025"));
        assert_eq!(fm.ms_topic.as_deref(), Some("conceptual"));
        assert_eq!(fm.keywords, ["a", "b"]);
        assert_eq!(fm.topics, ["x", "y"]);
    }

    #[test]
    fn learn_dates_are_month_day_year_or_iso() {
        let date = |text: &str| {
            FrontMatter {
                ms_date: Some(text.to_string()),
                ..FrontMatter::default()
            }
            .learn_date()
            .map(|d| d.to_string())
        };
        assert_eq!(date("01/26/2021").as_deref(), Some("2021-01-26"));
        assert_eq!(date("9/2/2020").as_deref(), Some("2020-09-02"));
        assert_eq!(date("2021-01-26").as_deref(), Some("2021-01-26"));
        assert_eq!(date("13/40/2021"), None);
        assert_eq!(date("soon"), None);
        assert_eq!(FrontMatter::default().learn_date(), None);
    }

    #[test]
    fn nesting_depth_counts_flow_block_and_compact_levels_but_not_quoted_text() {
        assert_eq!(nesting_depth("title: A\ntopics: [a, b]\n"), 2);
        assert_eq!(nesting_depth("a:\n  b:\n    c: 1\n"), 3);
        assert_eq!(nesting_depth("- - - x\n"), 4);
        assert_eq!(nesting_depth("title: \"[[[[\"\n# [[[[[\n"), 1);
        assert_eq!(nesting_depth("t: 'it''s [[['\n"), 1);
        // A bracket inside a quoted string never closes a real one.
        let sneaky = "x: ".to_string() + &"[ \"]\", ".repeat(40) + "1";
        assert!(nesting_depth(&sneaky) > MAX_FRONT_MATTER_DEPTH);
        let deep = "x: ".to_string() + &"[".repeat(40) + &"]".repeat(40);
        assert!(check_limits(&deep).is_err());
        let indented: String = (0..40)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(check_limits(&indented).is_err());
        assert!(check_limits("title: T\ntopics:\n  - a\n  - b\n").is_ok());
        let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert!(check_limits(&laughs).is_err());
        assert!(check_limits("title: 5 * 3 = 15\nkeywords: a*b\n").is_ok());
    }

    #[test]
    fn invalid_yaml_names_the_line() {
        let err = parse("title: A\ntopics: [a, b\n", 2).unwrap_err();
        assert!(
            err.message.starts_with("front matter is not valid YAML"),
            "{}",
            err.message
        );
        assert!(err.line.is_some());
    }
}
