//! Bounding the work of the sanitizer: HTML re-tokenized, balanced and flattened before [`ammonia`].
//!
//! The HTML5 tree builder under ammonia (html5ever) walks its stack of open elements for most tags, so
//! deep nesting costs time quadratic in the depth: 50,000 nested list markers or `>` took about a minute.
//! Unclosed formatting elements are worse: html5ever re-creates each of them after every block
//! (`<p><b id=1></p><p><b id=2></p>…` grows quadratically in output). [`flatten`] rewrites the HTML that
//! markdown rendering produced (raw HTML from the document included) into a form whose tree html5ever
//! builds in linear time:
//!
//! * it is **re-tokenized and re-serialized**: tags with their attributes re-quoted (at most
//!   [`MAX_ATTRIBUTES`] each, names lowercased), text with every `<` escaped; comments, doctypes, `svg` and
//!   `math` tags (foreign content), `script`/`style` with their content and the tags of raw-text
//!   elements (`textarea`, `title`, `iframe`, `xmp`, `noembed`, `noframes`, `plaintext`, `template`) are
//!   dropped, so html5ever reads exactly the tokens this pass saw;
//! * it is **balanced**: an end tag closes explicitly every element opened after its start tag, an end
//!   tag with no open start tag is dropped, everything still open is closed at the end, and the implied
//!   closings html5ever would do (`<li>` after `<li>`, a block after `<p>`…) are written out. Phrasing
//!   elements (`b`, `a`, `span`…) are closed before any block tag, so html5ever never has a formatting
//!   element to re-create;
//! * it is **flattened**: an element that would open deeper than [`MAX_NESTING_DEPTH`] is dropped with
//!   its end tag, and its content joins its ancestor at that depth;
//! * content misplaced directly in a table or row (text, or any tag but a table part) closes the table
//!   and follows it, instead of being moved in front of it by html5ever ("foster parenting", quadratic
//!   in the number of such nodes).
//!
//! ammonia still sanitizes the result: nothing here is needed for safety, only for time.

use std::collections::HashMap;

/// How deep elements may nest in rendered HTML. Real documents nest lists and quotes a handful of levels
/// (a list in a quote in an alert is 6); past 32 the structure is no longer readable anyway, and the
/// sanitizer's cost, quadratic in depth, stays negligible.
pub const MAX_NESTING_DEPTH: usize = 32;

/// Attributes kept per tag (the rest are dropped): html5ever checks each new attribute against the ones
/// before it, which is quadratic in their number; rendered markdown uses at most three.
pub const MAX_ATTRIBUTES: usize = 64;

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements that are not phrasing content (everything else, unknown names included, is phrasing and is
/// closed before any of these opens).
const BLOCK: &[&str] = &[
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "body",
    "button",
    "caption",
    "center",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "marquee",
    "menu",
    "nav",
    "object",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "search",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Start tags that close an open `p` (HTML's "close a p element").
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
];

/// Elements whose tags are dropped and whose content is kept as plain text.
const RAW_TEXT: &[&str] = &["iframe", "noembed", "noframes", "textarea", "title", "xmp"];

/// Elements dropped with their content.
const DROPPED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Tags dropped, content kept and parsed as HTML (foreign content and templates change how html5ever
/// reads what follows).
const DROPPED_TAGS: &[&str] = &["math", "svg", "template"];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Elements whose direct content may only be table parts (anything else is foster-parented).
const TABLE_CONTEXT: &[&str] = &["table", "tbody", "tfoot", "thead", "tr"];

/// What may appear directly in a [`TABLE_CONTEXT`] element.
const TABLE_PARTS: &[&str] = &[
    "caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
];

/// Re-tokenizes, balances and flattens `html` (see the module docs). Linear in the length of `html`.
pub fn flatten(html: &str) -> String {
    let mut flattener = Flattener {
        out: String::with_capacity(html.len() + html.len() / 8),
        stack: Vec::new(),
        dropped: HashMap::new(),
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(offset) = html[i..].find('<') {
        let lt = i + offset;
        let next = bytes.get(lt + 1).copied();
        let end_tag = next == Some(b'/');
        let name_start = if end_tag { lt + 2 } else { lt + 1 };
        let letter = bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic);
        if !letter && !matches!(next, Some(b'!' | b'?' | b'/')) {
            // A `<` that starts nothing is text.
            i = lt + 1;
            continue;
        }
        flattener.text(&html[text_start..lt]);
        if !letter {
            // Comments, doctypes, `<?…>`, `</…>` that is not an end tag: dropped.
            i = skip_markup_declaration(html, lt);
            text_start = i;
            continue;
        }
        let Some(tag) = read_tag(html, name_start) else {
            // A tag cut off by the end of the text: html5ever drops it too.
            text_start = html.len();
            break;
        };
        i = tag.end;
        text_start = i;
        if end_tag {
            flattener.end_tag(&tag.name);
            continue;
        }
        let name = tag.name.as_str();
        if DROPPED_WITH_CONTENT.contains(&name) {
            i = raw_text_end(html, i, name).1;
            text_start = i;
        } else if RAW_TEXT.contains(&name) {
            let (content_end, after) = raw_text_end(html, i, name);
            flattener.text(&html[i..content_end]);
            i = after;
            text_start = i;
        } else if name == "plaintext" {
            flattener.text(&html[i..]);
            i = html.len();
            text_start = i;
        } else {
            flattener.start_tag(&tag);
        }
    }
    flattener.text(&html[text_start.min(html.len())..]);
    flattener.finish()
}

struct Flattener {
    out: String,
    /// Names of the open elements, outermost first.
    stack: Vec<String>,
    /// Start tags dropped past the depth limit, by name, whose end tags are still to be dropped.
    dropped: HashMap<String, usize>,
}

impl Flattener {
    /// Text, with every `<` escaped (character references are kept as they are).
    fn text(&mut self, text: &str) {
        if text
            .bytes()
            .any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
        {
            self.leave_table_context();
        }
        let mut rest = text;
        while let Some(at) = rest.find('<') {
            self.out.push_str(&rest[..at]);
            self.out.push_str("&lt;");
            rest = &rest[at + 1..];
        }
        self.out.push_str(rest);
    }

    fn start_tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if DROPPED_TAGS.contains(&name) {
            return;
        }
        let void = VOID.contains(&name);
        if !void && self.stack.len() >= MAX_NESTING_DEPTH {
            *self.dropped.entry(tag.name.clone()).or_default() += 1;
            return;
        }
        if !TABLE_PARTS.contains(&name) {
            self.leave_table_context();
        }
        // An `a`, `nobr` or `button` inside another closes it (html5ever would, re-creating what was
        // inside).
        if matches!(name, "a" | "nobr" | "button") {
            if let Some(at) = self.stack.iter().rposition(|open| open == name) {
                self.close_to(at);
            }
        }
        if BLOCK.contains(&name) {
            while self
                .stack
                .last()
                .is_some_and(|open| !BLOCK.contains(&open.as_str()))
            {
                self.close_top();
            }
            while self.stack.last().is_some_and(|open| closes(open, name)) {
                self.close_top();
            }
        }
        self.out.push('<');
        self.out.push_str(name);
        for (attribute, value) in tag.attributes.iter().take(MAX_ATTRIBUTES) {
            self.out.push(' ');
            self.out.push_str(attribute);
            self.out.push_str("=\"");
            self.out.push_str(&value.replace('"', "&quot;"));
            self.out.push('"');
        }
        self.out.push('>');
        if !void {
            self.stack.push(tag.name.clone());
        }
    }

    fn end_tag(&mut self, name: &str) {
        if name == "br" {
            // HTML reads a stray `</br>` as `<br>`; documents use it.
            self.out.push_str("<br>");
            return;
        }
        if let Some(count) = self.dropped.get_mut(name) {
            if *count > 0 {
                *count -= 1;
                return;
            }
        }
        if let Some(at) = self.stack.iter().rposition(|open| open == name) {
            self.close_to(at);
        }
    }

    /// Content that is not a table part, directly in a table or row, would be moved in front of the
    /// table by html5ever ("foster parenting", which costs time linear in the table's siblings each
    /// time, so quadratic in total): the table is closed instead and the content follows it.
    fn leave_table_context(&mut self) {
        let in_table_context = self
            .stack
            .last()
            .is_some_and(|open| TABLE_CONTEXT.contains(&open.as_str()));
        if in_table_context {
            if let Some(at) = self.stack.iter().rposition(|open| open == "table") {
                self.close_to(at);
            }
        }
    }

    /// Closes the open elements from the top down to and including the one at `at`.
    fn close_to(&mut self, at: usize) {
        while self.stack.len() > at {
            self.close_top();
        }
    }

    fn close_top(&mut self) {
        if let Some(name) = self.stack.pop() {
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push('>');
        }
    }

    fn finish(mut self) -> String {
        self.close_to(0);
        self.out
    }
}

/// Whether the start tag `name` closes the open element `open` (the implied end tags of HTML).
fn closes(open: &str, name: &str) -> bool {
    match open {
        "p" => CLOSES_P.contains(&name),
        "li" => name == "li",
        "dd" | "dt" => matches!(name, "dd" | "dt"),
        "td" | "th" => matches!(name, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot"),
        "tr" => matches!(name, "tr" | "tbody" | "thead" | "tfoot"),
        "tbody" | "thead" | "tfoot" => matches!(name, "tbody" | "thead" | "tfoot"),
        "option" => matches!(name, "option" | "optgroup"),
        "optgroup" => name == "optgroup",
        _ => HEADINGS.contains(&open) && HEADINGS.contains(&name),
    }
}

/// A start or end tag as HTML tokenizes it.
struct Tag {
    /// Lowercase name; only ASCII letters, digits and `-` (anything else is not a tag we keep).
    name: String,
    /// Attributes with a safe name, in order, first occurrence of a name only.
    attributes: Vec<(String, String)>,
    /// Byte offset just past the closing `>`.
    end: usize,
}

/// Reads the tag whose name starts at `start` (just after `<` or `</`), following HTML's tokenizer
/// states for attributes (quoted values may hold `>`). `None` when the text ends inside the tag.
fn read_tag(html: &str, start: usize) -> Option<Tag> {
    let bytes = html.as_bytes();
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut i = start;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let raw_name = &html[start..i];
    let mut name = raw_name.to_ascii_lowercase();
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        // html5ever would keep an odd name; ammonia drops unknown tags anyway.
        name = String::from("x-invalid");
    }
    let mut attributes: Vec<(String, String)> = Vec::new();
    loop {
        // Before an attribute name: spaces and `/` are skipped.
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                return Some(Tag {
                    name,
                    attributes,
                    end: i + 1,
                })
            }
            Some(_) => {}
        }
        // Attribute name: up to a space, `/`, `>` or `=` (a leading `=` is part of the name).
        let name_start = i;
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attribute = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                None => return None,
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = html[i + 1..].find(quote as char)? + i + 1;
                    value = html[i + 1..close].to_string();
                    i = close + 1;
                }
                Some(b'>') => {}
                Some(_) => {
                    let value_start = i;
                    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[value_start..i].to_string();
                }
            }
        }
        let safe = attribute
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'));
        if safe
            && attributes.len() < MAX_ATTRIBUTES
            && !attributes.iter().any(|(known, _)| *known == attribute)
        {
            attributes.push((attribute, value));
        }
    }
}

/// Past a `<!…>`, `<?…>` or `</…>` that is not a tag starting at `lt`: comments end at `-->` or
/// `--!>` (`<!-->` and `<!--->` are empty comments), everything else at the next `>`.
fn skip_markup_declaration(html: &str, lt: usize) -> usize {
    let rest = &html[lt..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        if comment.starts_with('>') {
            return lt + 5;
        }
        if comment.starts_with("->") {
            return lt + 6;
        }
        let ends = [
            comment.find("-->").map(|at| at + 3),
            comment.find("--!>").map(|at| at + 4),
        ];
        return ends
            .into_iter()
            .flatten()
            .min()
            .map_or(html.len(), |end| lt + 4 + end);
    }
    rest.find('>').map_or(html.len(), |at| lt + at + 1)
}

/// Where the raw text of an element `name` that started at `from` ends: (start of its end tag, just past
/// it), or the end of the text when it is never closed.
fn raw_text_end(html: &str, from: usize, name: &str) -> (usize, usize) {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(offset) = html[i..].find("</") {
        let at = i + offset;
        let name_end = at + 2 + name.len();
        let matches_name = bytes
            .get(at + 2..name_end)
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes()));
        let delimited = matches!(
            bytes.get(name_end),
            Some(b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
        );
        if matches_name && delimited {
            let after = html[name_end..]
                .find('>')
                .map_or(html.len(), |gt| name_end + gt + 1);
            return (at, after);
        }
        i = at + 2;
    }
    (html.len(), html.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_changes_nothing_in_the_knowledge_base() {
        let options = super::super::RenderOptions::default();
        for section in crate::corpus::embedded().sections() {
            let raw = super::super::markdown_to_html(&section.markdown, &options);
            let sanitizer = super::super::sanitizer();
            assert_eq!(
                sanitizer.clean(&flatten(&raw)).to_string(),
                sanitizer.clean(&raw).to_string(),
                "{}#{}",
                section.doc,
                section.anchor
            );
        }
    }

    #[test]
    fn balanced_html_passes_through() {
        let html = "<ul>\n<li><p>A <b>b</b> <a href=\"x.md\">c</a></p></li>\n</ul>\n";
        assert_eq!(flatten(html), html);
    }

    #[test]
    fn unbalanced_html_is_balanced() {
        assert_eq!(flatten("<div><b>x</div>y</b>"), "<div><b>x</b></div>y");
        assert_eq!(flatten("<p>a<div>b</p>"), "<p>a</p><div>b</div>");
        assert_eq!(flatten("<li>a<li>b"), "<li>a</li><li>b</li>");
        assert_eq!(flatten("a < b </i> c"), "a &lt; b  c");
        assert_eq!(flatten("a</br>b"), "a<br>b");
    }

    #[test]
    fn formatting_elements_never_span_a_block() {
        let html = flatten("<p><b id=1></p><p><b id=2></p>x");
        assert_eq!(html, "<p><b id=\"1\"></b></p><p><b id=\"2\"></b></p>x");
    }

    #[test]
    fn content_misplaced_in_a_table_follows_it() {
        assert_eq!(
            flatten("<table>\n<tr><td>a</td>b</tr><b>c</b></table>"),
            "<table>\n<tr><td>a</td></tr></table>b<b>c</b>"
        );
    }

    #[test]
    fn depth_is_capped_and_content_kept() {
        let html = "<div>".repeat(100) + "deep" + &"</div>".repeat(100) + "after";
        let flat = flatten(&html);
        let expected = "<div>".repeat(MAX_NESTING_DEPTH)
            + "deep"
            + &"</div>".repeat(MAX_NESTING_DEPTH)
            + "after";
        assert_eq!(flat, expected);
    }

    #[test]
    fn comments_quoted_attributes_and_raw_text_are_tokenized_like_html() {
        assert_eq!(flatten("<div><!--</div>-->x"), "<div>x</div>");
        assert_eq!(
            flatten("<div><a title=\"></div>\">x"),
            "<div><a title=\"></div>\">x</a></div>"
        );
        assert_eq!(flatten("<script>a</div>b</script>c"), "c");
        assert_eq!(flatten("<textarea><b>t</textarea>c"), "&lt;b>tc");
        assert_eq!(flatten("<svg><g>x</g></svg>"), "<g>x</g>");
    }
}
