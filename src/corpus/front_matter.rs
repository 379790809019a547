//! YAML front matter: splitting it off the markdown body and reading the fields we use.

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
