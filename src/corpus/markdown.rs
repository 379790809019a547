//! One markdown source → a [`Document`] of [`Section`]s (pulldown-cmark with tables, heading attributes,
//! strikethrough, footnotes, task lists and GitHub alerts).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::confined::ReadError;
use super::front_matter::{self, FrontMatter};
use super::learn::{self, Files};
use super::{Diagnostic, Document, Section};

static HTML_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<a\s[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']"#).expect("constant regex")
});
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->|<[^>]*>").expect("constant regex"));

/// The pulldown-cmark extensions we parse with.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// GitHub's anchor for a heading: lowercase, keep letters, digits, `_`, `-` and spaces, spaces → `-`.
///
/// ```
/// assert_eq!(supportkb::corpus::slug("Severity A: critical impact"), "severity-a-critical-impact");
/// assert_eq!(supportkb::corpus::slug("What's new? (2025)"), "whats-new-2025");
/// ```
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Parses one markdown file of a corpus (`doc` is its corpus-relative path, used in sections and
/// diagnostics). Includes are not resolved (there is no folder to read them from): each one is reported as
/// a warning. Returns the document (`None` when the file is skipped, e.g. its front matter is invalid
/// YAML) and the diagnostics.
///
/// ```
/// let (doc, diagnostics) = supportkb::corpus::parse_document(
///     "faq.md",
///     "---\ntitle: FAQ\n---\n# FAQ {#faq}\n\nIntro.\n\n## Can I reopen a case?\n\nYes, within three months.\n",
/// );
/// let doc = doc.unwrap();
/// assert!(diagnostics.is_empty());
/// assert_eq!(doc.sections[1].anchor, "can-i-reopen-a-case");
/// assert_eq!(doc.sections[1].heading_path, ["FAQ", "Can I reopen a case?"]);
/// ```
pub fn parse_document(doc: &str, source: &str) -> (Option<Document>, Vec<Diagnostic>) {
    parse_with(doc, source, &NoFiles)
}

/// No files to include from.
struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _rel: &str) -> Result<String, ReadError> {
        Err(ReadError::NotFound)
    }
}

/// [`parse_document`] with includes read from `files`.
pub(crate) fn parse_with(
    doc: &str,
    source: &str,
    files: &dyn Files,
) -> (Option<Document>, Vec<Diagnostic>) {
    let split = front_matter::split(source);
    let mut limit_warning = None;
    let front_matter = match split.yaml {
        Some(yaml) => match front_matter::check_limits(yaml) {
            Ok(()) => match front_matter::parse(yaml, split.yaml_line) {
                Ok(fm) => fm,
                Err(err) => return (None, vec![Diagnostic::error(doc, err.line, err.message)]),
            },
            // Too big or too deep to parse safely: keep the document, without its front matter.
            Err(reason) => {
                limit_warning = Some(Diagnostic::warning(
                    doc,
                    Some(split.yaml_line),
                    format!("{reason}; ignored (the document is loaded without its front matter)"),
                ));
                FrontMatter::default()
            }
        },
        None => FrontMatter::default(),
    };
    let body_offset = source.len() - split.body.len();
    let body_line = source[..body_offset].matches('\n').count() + 1;
    let expanded = learn::expand(doc, split.body, body_line, source.len(), files);
    let raw = raw_sections(&expanded.text);

    let title = front_matter
        .title
        .clone()
        .or_else(|| {
            raw.iter()
                .find(|s| s.level == 1 && s.heading.is_some())
                .and_then(|s| s.heading.clone())
        })
        .unwrap_or_else(|| file_stem(doc));
    let topics = front_matter.topics.clone();
    let date = front_matter.learn_date();
    let mut used = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut path: Vec<(u8, String)> = Vec::new();
    let sections = raw
        .into_iter()
        .map(|s| {
            let (heading, anchor, heading_path) = match s.heading {
                None => (title.clone(), String::new(), vec![title.clone()]),
                Some(heading) => {
                    let base = s.anchor.unwrap_or_else(|| slug(&heading));
                    let base = if base.is_empty() {
                        "section".to_string()
                    } else {
                        base
                    };
                    // The smallest free `-n` suffix; the search for a base resumes where its last
                    // one ended (suffixes only grow), so 20,000 identical headings stay linear.
                    let mut anchor = base.clone();
                    if used.contains(&anchor) {
                        let n = next_suffix.entry(base.clone()).or_insert(0usize);
                        loop {
                            *n += 1;
                            anchor = format!("{base}-{n}");
                            if !used.contains(&anchor) {
                                break;
                            }
                        }
                    }
                    used.insert(anchor.clone());
                    while path.last().is_some_and(|(level, _)| *level >= s.level) {
                        path.pop();
                    }
                    path.push((s.level, heading.clone()));
                    (
                        heading,
                        anchor,
                        path.iter().map(|(_, h)| h.clone()).collect(),
                    )
                }
            };
            Section {
                doc: doc.to_string(),
                title: title.clone(),
                heading,
                heading_path,
                anchor,
                level: s.level,
                text: s.text,
                markdown: expanded.text[s.range]
                    .trim_matches(['\n', '\r'])
                    .trim_end()
                    .to_string(),
                topics: topics.clone(),
                date,
            }
        })
        .collect();
    let document = Document {
        doc: doc.to_string(),
        title,
        description: front_matter.description.clone(),
        topics,
        front_matter,
        sections,
        includes: expanded.includes,
    };
    let mut diagnostics: Vec<Diagnostic> = limit_warning.into_iter().collect();
    diagnostics.extend(expanded.warnings);
    (Some(document), diagnostics)
}

/// The file name of `doc` without its extension.
fn file_stem(doc: &str) -> String {
    let name = doc.rsplit('/').next().unwrap_or(doc);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

/// A section before titles and anchors are settled.
#[derive(Debug)]
struct RawSection {
    /// `None` for the content before the first heading.
    heading: Option<String>,
    level: u8,
    /// Explicit or HTML anchor, if any.
    anchor: Option<String>,
    text: String,
    range: Range<usize>,
}

struct OpenHeading {
    level: u8,
    id: Option<String>,
    html_anchor: Option<String>,
    text: String,
    start: usize,
}

struct OpenParagraph {
    start: usize,
    only_html: bool,
    anchor: Option<String>,
}

struct OpenHtmlBlock {
    start: usize,
    html: String,
}

/// Cuts `markdown` into sections: heading + body up to the next heading of any level.
fn raw_sections(markdown: &str) -> Vec<RawSection> {
    let mut sections = Vec::new();
    let mut current = RawSection {
        heading: None,
        level: 1,
        anchor: None,
        text: String::new(),
        range: 0..markdown.len(),
    };
    let mut heading: Option<OpenHeading> = None;
    let mut paragraph: Option<OpenParagraph> = None;
    let mut html_block: Option<OpenHtmlBlock> = None;
    // An anchor-only paragraph or HTML block (`<a name="x"></a>`) and where it starts: it names the next
    // heading if nothing else comes in between.
    let mut pending: Option<(String, usize)> = None;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Some(h) = heading.as_mut() {
            let mut close = false;
            match event {
                Event::Text(t) | Event::Code(t) => h.text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => h.text.push(' '),
                Event::InlineHtml(html) | Event::Html(html) => {
                    if let Some(c) = HTML_ANCHOR.captures(&html) {
                        h.html_anchor.get_or_insert_with(|| c[1].to_string());
                    }
                }
                Event::End(TagEnd::Heading(_)) => close = true,
                _ => {}
            }
            if close {
                if let Some(h) = heading.take() {
                    let mut done = std::mem::replace(
                        &mut current,
                        RawSection {
                            heading: Some(tidy(&h.text).replace('\n', " ")),
                            level: h.level,
                            anchor: h.id.or(h.html_anchor).or(pending.take().map(|(a, _)| a)),
                            text: String::new(),
                            range: h.start..markdown.len(),
                        },
                    );
                    done.range.end = h.start;
                    push_section(&mut sections, done);
                    pending = None;
                }
            }
            continue;
        }
        let text = &mut current.text;
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let start = pending
                    .as_ref()
                    .map_or(range.start, |(_, s)| (*s).min(range.start));
                heading = Some(OpenHeading {
                    level: level as u8,
                    id: id.map(|id| id.to_string()),
                    html_anchor: None,
                    text: String::new(),
                    start,
                });
            }
            Event::Start(Tag::Paragraph) => {
                pending = None;
                paragraph = Some(OpenParagraph {
                    start: range.start,
                    only_html: true,
                    anchor: None,
                });
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = paragraph.take() {
                    if p.only_html {
                        pending = p.anchor.map(|a| (a, p.start));
                    }
                }
                newline(text);
            }
            Event::Start(Tag::HtmlBlock) => {
                pending = None;
                html_block = Some(OpenHtmlBlock {
                    start: range.start,
                    html: String::new(),
                });
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(b) = html_block.take() {
                    let stripped = strip_tags(&b.html);
                    if stripped.trim().is_empty() {
                        pending = HTML_ANCHOR
                            .captures(&b.html)
                            .map(|c| (c[1].to_string(), b.start));
                    }
                    text.push_str(&stripped);
                }
                newline(text);
            }
            Event::Start(
                Tag::List(_)
                | Tag::Item
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            ) => {
                pending = None;
                newline(text);
            }
            Event::End(
                TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => newline(text),
            Event::End(TagEnd::TableCell) => text.push(' '),
            Event::Text(t) | Event::Code(t) => {
                if !t.trim().is_empty() {
                    match paragraph.as_mut() {
                        Some(p) => p.only_html = false,
                        None => pending = None,
                    }
                }
                text.push_str(&t);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak | Event::Rule => newline(text),
            Event::InlineHtml(html) => {
                if let Some(c) = HTML_ANCHOR.captures(&html) {
                    if let Some(p) = paragraph.as_mut() {
                        p.anchor.get_or_insert_with(|| c[1].to_string());
                    }
                }
                if html.trim_start().to_ascii_lowercase().starts_with("<br") {
                    text.push(' ');
                }
            }
            Event::Html(html) => match html_block.as_mut() {
                Some(b) => b.html.push_str(&html),
                None => {
                    text.push_str(&strip_tags(&html));
                    text.push(' ');
                }
            },
            _ => {}
        }
    }
    if let Some(h) = heading {
        // Unterminated heading (cannot happen with pulldown-cmark, kept for safety): close it.
        let mut done = std::mem::replace(
            &mut current,
            RawSection {
                heading: Some(tidy(&h.text)),
                level: h.level,
                anchor: h.id.or(h.html_anchor),
                text: String::new(),
                range: h.start..markdown.len(),
            },
        );
        done.range.end = h.start;
        push_section(&mut sections, done);
    }
    current.range.end = markdown.len();
    push_section(&mut sections, current);
    sections
}

/// Tidies the text and keeps the section, unless it is an empty preamble.
fn push_section(sections: &mut Vec<RawSection>, mut section: RawSection) {
    section.text = tidy(&section.text);
    if section.heading.is_none() && section.text.is_empty() {
        return;
    }
    sections.push(section);
}

fn newline(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// One line per block, runs of whitespace collapsed, blank lines dropped.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// The text of an HTML fragment: tags and comments dropped, common entities decoded.
fn strip_tags(html: &str) -> String {
    // An unclosed comment hides the rest of the block.
    let stripped = HTML_TAG.replace_all(html, " ");
    let visible = stripped
        .find("<!--")
        .map_or(&*stripped, |at| &stripped[..at]);
    visible
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_github() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("snake_case and-dash"), "snake_case-and-dash");
        assert_eq!(slug("Données à jour"), "données-à-jour");
    }

    #[test]
    fn tidy_collapses_whitespace() {
        assert_eq!(tidy("  a   b \n\n\t c\n"), "a b\nc");
    }
}
