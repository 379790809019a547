//! Markdown → sanitized HTML for the desktop reader.
//!
//! Rendering happens in the engine (not in the web view) so it is testable without a window and so the
//! web view only ever receives HTML that went through [`ammonia`]. The pipeline is:
//!
//! 1. A line pass handles the Microsoft Learn block extensions pulldown-cmark does not know:
//!    `:::image ...:::` becomes its alt text, `:::image-end:::`, `:::zone` and `:::moniker` fences are
//!    dropped, and an unresolved `[!INCLUDE[title](path)]` becomes a short note naming the include.
//! 2. pulldown-cmark parses with tables, GFM alerts (`> [!NOTE]`), heading ids and strikethrough.
//!    The event stream is rewritten: alerts become `<div class="alert alert-note">` blocks with a title,
//!    images become their alt text (the app loads no images), `https` links are marked `external`
//!    (the UI opens them in the system browser), relative links are marked `internal` (opened in the
//!    reader), and links with any other scheme (`javascript:`, `data:`, `http:` …) keep only their text.
//!    Words matching the highlight terms are wrapped in `<mark>`.
//! 3. The HTML is re-tokenized, balanced and flattened to at most [`MAX_NESTING_DEPTH`] levels of
//!    elements (`nesting`): the sanitizer's HTML5 tree builder is quadratic in nesting depth and
//!    re-creates unclosed formatting elements after every block, so without this 50,000 nested list
//!    markers took a minute. Rendering is linear in the length of the markdown.
//! 4. [`ammonia`] sanitizes the result with an allow-list: no `<script>`, no event handler attributes,
//!    no `style`, no images, only `https` and relative URLs, and every `id` prefixed with `kb-` so the
//!    document cannot clobber the app's own element ids.
//!
//! **Invariant:** every string this module returns has been through [`ammonia::Builder::clean`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::text::escape_html;

mod nesting;

pub use nesting::{MAX_ATTRIBUTES, MAX_NESTING_DEPTH};

/// The prefix [`ammonia`] puts in front of every `id` in rendered HTML (heading `{#anchor}` becomes
/// `id="kb-anchor"`). The UI scrolls to `#kb-<anchor>`.
pub const ID_PREFIX: &str = "kb-";

/// Query words never highlighted in the reader.
const HIGHLIGHT_STOP_WORDS: &[&str] = &[
    "a", "about", "after", "ago", "all", "an", "and", "any", "are", "as", "at", "be", "by", "can",
    "could", "do", "does", "for", "from", "get", "has", "have", "how", "if", "in", "is", "it",
    "its", "may", "me", "my", "no", "not", "of", "on", "or", "our", "should", "so", "that", "the",
    "their", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will",
    "with", "would", "you", "your",
];

/// What to render besides the markdown itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Words to highlight with `<mark>` (case-insensitive). A word in the text matches a term when it
    /// equals the term or, for terms of four or more letters, starts with it (so `reopen` marks
    /// `reopened`). Terms shorter than two characters are ignored.
    pub highlight: Vec<String>,
}

impl RenderOptions {
    /// Highlight terms taken from a search query: its words, lowercased, without quotes, operators and
    /// common function words ("can", "the", "ago" …) that would mark half the page.
    pub fn highlighting_query(query: &str) -> Self {
        let highlight = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().count() >= 2)
            .filter(|word| !HIGHLIGHT_STOP_WORDS.contains(&word.to_lowercase().as_str()))
            .map(str::to_lowercase)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        Self { highlight }
    }
}

/// A document or section ready for the desktop reader: its sanitized HTML and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReaderPage {
    /// Document id, relative to its corpus root.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// The anchor asked for (the reader scrolls to `#kb-<anchor>` or the heading with that anchor).
    pub anchor: Option<String>,
    /// Corpus the document comes from (`embedded` or a folder path).
    pub source: String,
    /// Sanitized HTML of the document.
    pub html: String,
    /// The edition (`YYYY-MM-DD`) of a passage from an older edition of the policy than the newest;
    /// null for the newest FAQ and for folders.
    pub policy_version: Option<String>,
    /// That edition's name ("Support policy of 26 January 2021"), for the reader to say whose text it is.
    pub edition_name: Option<String>,
}

/// Renders markdown to sanitized HTML.
pub fn render_markdown(markdown: &str, options: &RenderOptions) -> String {
    let prepared = learn_extensions(markdown);
    let raw = markdown_to_html(&prepared, options);
    sanitizer().clean(&nesting::flatten(&raw)).to_string()
}

/// Renders one knowledge-base section as `<section class="kb-section" id="kb-<anchor>">…</section>`,
/// so the reader can scroll to any section by its anchor even when the markdown has no `{#anchor}`.
pub fn render_section(anchor: &str, markdown: &str, options: &RenderOptions) -> String {
    let prepared = learn_extensions(markdown);
    let body = markdown_to_html(&prepared, options);
    let mut raw = String::with_capacity(body.len() + 64);
    raw.push_str("<section class=\"kb-section\" id=\"");
    raw.push_str(&escape_html(anchor));
    raw.push_str("\">");
    raw.push_str(&body);
    raw.push_str("</section>");
    sanitizer().clean(&nesting::flatten(&raw)).to_string()
}

/// Handles the Learn block extensions line by line (outside fenced code blocks).
fn learn_extensions(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(":::") {
            if rest.starts_with("image") && !rest.starts_with("image-end") {
                let alt = attribute_value(rest, "alt-text").unwrap_or_default();
                if !alt.is_empty() {
                    let _ = writeln!(
                        out,
                        "\n<p class=\"image-alt\">Image: {}</p>\n",
                        escape_html(&alt)
                    );
                }
            }
            // `:::image-end:::`, `:::zone ...:::`, `:::moniker ...:::` and their ends are dropped.
            continue;
        }
        if let Some(include) = include_title(trimmed) {
            let _ = writeln!(
                out,
                "\n<p class=\"include-note\">Included content not available: {}</p>\n",
                escape_html(&include)
            );
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Value of `name="..."` inside a `:::image ...:::` line.
fn attribute_value(line: &str, name: &str) -> Option<String> {
    let start = line.find(&format!("{name}=\""))? + name.len() + 2;
    let end = line[start..].find('"')? + start;
    Some(line[start..end].to_string())
}

/// The title of a `[!INCLUDE[title](path)]` line, or its path when the title is empty.
fn include_title(line: &str) -> Option<String> {
    let rest = line.strip_prefix("[!INCLUDE[")?;
    let close = rest.find("](")?;
    let title = rest[..close].trim();
    if !title.is_empty() {
        return Some(title.to_string());
    }
    let path_end = rest[close + 2..].find(')')? + close + 2;
    Some(rest[close + 2..path_end].to_string())
}

/// How a link destination is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    /// `https://…`: opened in the system browser.
    External,
    /// A relative path or `#fragment`: opened in the reader.
    Internal,
    /// Anything else (`javascript:`, `data:`, `http:`, `file:`, `//host` …): rendered as plain text.
    Inert,
}

fn classify_link(dest: &str) -> LinkKind {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("https://") && dest.len() > "https://".len() {
        return LinkKind::External;
    }
    if dest.is_empty() || lower.starts_with("//") || dest.starts_with('/') || dest.starts_with('\\')
    {
        return LinkKind::Inert;
    }
    // A scheme is letters/digits/+-. before the first ':' that comes before any '/', '?' or '#'.
    let before_delimiter = dest.split(['/', '?', '#']).next().unwrap_or_default();
    if before_delimiter.contains(':') || dest.chars().any(char::is_control) {
        return LinkKind::Inert;
    }
    LinkKind::Internal
}

fn alert_class_and_title(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("alert-note", "Note"),
        BlockQuoteKind::Tip => ("alert-tip", "Tip"),
        BlockQuoteKind::Important => ("alert-important", "Important"),
        BlockQuoteKind::Warning => ("alert-warning", "Warning"),
        BlockQuoteKind::Caution => ("alert-caution", "Caution"),
    }
}

/// pulldown-cmark with our event rewriting (links, images, alerts, highlights). Not yet sanitized.
fn markdown_to_html(markdown: &str, options: &RenderOptions) -> String {
    let parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH;
    let terms: Vec<String> = options
        .highlight
        .iter()
        .map(|term| term.trim().to_lowercase())
        .filter(|term| term.chars().count() >= 2)
        .collect();
    let mut events: Vec<Event<'_>> = Vec::new();
    // Link kinds of the open links, so each End(Link) matches its Start.
    let mut open_links: Vec<LinkKind> = Vec::new();
    // Depth inside images: their content is alt text, shown as text.
    let mut image_depth = 0usize;
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, parser_options) {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert_class_and_title(kind);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"alert {class}\"><p class=\"alert-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let kind = classify_link(&dest_url);
                open_links.push(kind);
                let title_attr = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape_html(&title))
                };
                match kind {
                    LinkKind::External => events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a class=\"external\" href=\"{}\"{title_attr}>",
                        escape_html(dest_url.trim())
                    )))),
                    LinkKind::Internal => events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a class=\"internal\" href=\"{}\"{title_attr}>",
                        escape_html(dest_url.trim())
                    )))),
                    LinkKind::Inert => {}
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(LinkKind::External | LinkKind::Internal) = open_links.pop() {
                    events.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                }
            }
            Event::Start(Tag::Image { .. }) => {
                if image_depth == 0 {
                    events.push(Event::InlineHtml(CowStr::Borrowed(
                        "<span class=\"image-alt\">Image: ",
                    )));
                }
                image_depth += 1;
            }
            Event::End(TagEnd::Image) => {
                image_depth = image_depth.saturating_sub(1);
                if image_depth == 0 {
                    events.push(Event::InlineHtml(CowStr::Borrowed("</span>")));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                // Classes and custom attributes from `{.class key=value}` are dropped; the id is kept.
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            // Inside an image only its text is kept (the alt text).
            Event::InlineHtml(_) | Event::Html(_) if image_depth > 0 => {}
            Event::Text(text) if !terms.is_empty() && !in_code_block => {
                push_highlighted(&mut events, &text, &terms);
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Splits `text` into escaped text and `<mark>`ed words matching `terms`.
fn push_highlighted<'a>(events: &mut Vec<Event<'a>>, text: &str, terms: &[String]) {
    let mut html = String::with_capacity(text.len() + 16);
    let mut word_start: Option<usize> = None;
    let flush = |html: &mut String, word: &str| {
        let lower = word.to_lowercase();
        let hit = terms.iter().any(|term| {
            lower == *term || (term.chars().count() >= 4 && lower.starts_with(term.as_str()))
        });
        if hit {
            html.push_str("<mark>");
            html.push_str(&escape_html(word));
            html.push_str("</mark>");
        } else {
            html.push_str(&escape_html(word));
        }
    };
    for (index, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if word_start.is_none() {
                word_start = Some(index);
            }
        } else {
            if let Some(start) = word_start.take() {
                flush(&mut html, &text[start..index]);
            }
            html.push_str(&escape_html(&c.to_string()));
        }
    }
    if let Some(start) = word_start {
        flush(&mut html, &text[start..]);
    }
    events.push(Event::InlineHtml(CowStr::from(html)));
}

/// The allow-list sanitizer.
fn sanitizer() -> ammonia::Builder<'static> {
    let tags: HashSet<&'static str> = [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
    .into_iter()
    .collect();
    let with_id: HashSet<&'static str> = ["id"].into_iter().collect();
    let mut tag_attributes: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    for heading in [
        HeadingLevel::H1,
        HeadingLevel::H2,
        HeadingLevel::H3,
        HeadingLevel::H4,
        HeadingLevel::H5,
        HeadingLevel::H6,
    ] {
        tag_attributes.insert(heading_tag(heading), with_id.clone());
    }
    tag_attributes.insert("section", with_id.clone());
    tag_attributes.insert("a", ["href", "title", "id"].into_iter().collect());
    tag_attributes.insert("td", ["colspan", "rowspan"].into_iter().collect());
    tag_attributes.insert("th", ["colspan", "rowspan", "scope"].into_iter().collect());
    let mut classes: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    classes.insert(
        "div",
        [
            "alert",
            "alert-note",
            "alert-tip",
            "alert-important",
            "alert-warning",
            "alert-caution",
        ]
        .into_iter()
        .collect(),
    );
    classes.insert(
        "p",
        ["alert-title", "image-alt", "include-note"]
            .into_iter()
            .collect(),
    );
    classes.insert("span", ["image-alt"].into_iter().collect());
    classes.insert("a", ["external", "internal"].into_iter().collect());
    classes.insert("section", ["kb-section"].into_iter().collect());
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(["lang", "title"].into_iter().collect())
        .tag_attributes(tag_attributes)
        .allowed_classes(classes)
        .url_schemes(["https"].into_iter().collect())
        // Relative paths and fragments pass (internal links); protocol-relative `//host` and rooted
        // `/path` URLs do not, since they would leave the knowledge base.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(relative_url)))
        .link_rel(Some("noopener noreferrer"))
        .id_prefix(Some(ID_PREFIX))
        .strip_comments(true);
    builder
}

/// Keeps a relative URL only when it stays inside the knowledge base.
fn relative_url(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    (classify_link(url) == LinkKind::Internal).then_some(std::borrow::Cow::Borrowed(url))
}

fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}
