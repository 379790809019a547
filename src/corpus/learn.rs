//! Microsoft Learn markdown extensions, rewritten into plain CommonMark/GFM before parsing.
//!
//! | Learn syntax | becomes |
//! |---|---|
//! | `[!INCLUDE[name](path)]` | the content of `path` (resolved relative to the including file, front matter removed), expanded recursively, in place |
//! | `:::image type="content" source="s" alt-text="a":::` | `![a](s)` (a `:::image-end:::` line is dropped, the long description between stays as text) |
//! | `:::row:::`, `:::column:::`, `:::zone …:::` and other `:::name …:::` marker lines | dropped |
//! | `[!div class="…"]`, `> [!div …]` | dropped (the `>` stays, so the quote around it is kept) |
//! | `> [!note]`, `>[!TIP] text` | `> [!NOTE]` on its own line: a GitHub alert, parsed by pulldown-cmark |
//!
//! Nothing is rewritten inside fenced code blocks. An include that cannot be expanded (missing, not
//! readable, a cycle, outside the corpus root) becomes empty text and a `Warning` diagnostic on the
//! document; the document still loads.
//!
//! # Include bombs
//!
//! Besides the depth limit ([`MAX_INCLUDE_DEPTH`]), the expansion of one document is bounded in size and
//! count: a fragment that includes another four times, eleven levels deep, would otherwise expand to
//! 4^11 copies. Once the document with its includes would grow past [`expansion_budget`] (64× its own
//! size, counted as at least [`MIN_COUNTED_DOCUMENT_BYTES`], and never more than [`MAX_EXPANDED_BYTES`]),
//! or past [`MAX_INCLUDE_EXPANSIONS`] expansions, the include at hand and every later one in the document
//! become empty text, with one `Warning`. Within a document each fragment is read and expanded once and
//! its expansion reused (unless it met a cycle or the depth limit, whose outcome depends on where it is
//! included); across documents, a folder's reader caches the fragments' text.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::confined::ReadError;
use super::front_matter;
use super::Diagnostic;

/// How deep includes may nest (a fragment including a fragment…) before expansion stops.
pub const MAX_INCLUDE_DEPTH: usize = 16;

/// The most a document may grow to with its includes expanded. Real Learn pages with every include
/// expanded stay under 1 MB; 8 MB bounds what one document costs to parse, index and hold.
pub const MAX_EXPANDED_BYTES: usize = 8 * 1024 * 1024;

/// A document may grow with its includes to this many times its own size (below
/// [`MAX_EXPANDED_BYTES`]): the cost of loading a folder then stays proportional to the folder's size,
/// however many small documents include the same large fragments.
pub const MAX_EXPANSION_FACTOR: usize = 64;

/// The smallest size a document counts as for [`MAX_EXPANSION_FACTOR`]: a short stub page that only
/// includes a fragment or two may still grow to 256 KB (a file takes a 4 KB block on disk anyway).
pub const MIN_COUNTED_DOCUMENT_BYTES: usize = 4 * 1024;

/// How many include directives one document may expand (counting nested ones, each repetition, and
/// directives that could not be expanded).
/// Real pages use a few dozen; 1,000 is far above that and bounds the work on tiny fragments, which the
/// size budget alone would let repeat hundreds of thousands of times.
pub const MAX_INCLUDE_EXPANSIONS: usize = 1_000;

/// The largest size, in bytes, a document of `own_size` bytes may reach with its includes expanded:
/// `min(MAX_EXPANDED_BYTES, MAX_EXPANSION_FACTOR × max(own_size, MIN_COUNTED_DOCUMENT_BYTES))`.
pub fn expansion_budget(own_size: usize) -> usize {
    MAX_EXPANDED_BYTES
        .min(MAX_EXPANSION_FACTOR.saturating_mul(own_size.max(MIN_COUNTED_DOCUMENT_BYTES)))
}

static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\[!INCLUDE\s*\[([^\]]*)\]\(\s*<?([^)>"]*?)>?(?:\s+"[^"]*")?\s*\)\]"#)
        .expect("constant regex")
});
static IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r":::image\s+(.*?):::").expect("constant regex"));
static IMAGE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r":::image-end:::").expect("constant regex"));
static ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([A-Za-z][\w-]*)\s*=\s*"([^"]*)""#).expect("constant regex"));
static MARKER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:>\s*)*:::([A-Za-z][\w-]*)(?:\s.*)?:::\s*$").expect("constant regex")
});
static DIV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\s*(?:>\s*)*)\[!div(?:\s[^\]]*)?\]\s*$").expect("constant regex")
});
static VIDEO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\[!VIDEO\s+[^\]]*\]").expect("constant regex"));
static ALERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\s*(?:>\s*)+)\[!(note|tip|important|warning|caution)\]\s*(.*)$")
        .expect("constant regex")
});

/// Where include fragments are read from: a folder on disk or the embedded corpus.
pub(crate) trait Files: Sync {
    /// The text of the file at the corpus-relative path `rel` (`/` separators).
    fn read(&self, rel: &str) -> Result<String, ReadError>;
}

/// A document body with its includes expanded and Learn syntax rewritten.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expanded {
    /// The rewritten markdown.
    pub text: String,
    /// Corpus-relative paths of every fragment that was expanded.
    pub includes: Vec<String>,
    /// Warnings about includes that could not be expanded.
    pub warnings: Vec<Diagnostic>,
}

/// Rewrites `body` (the markdown of `doc`, front matter removed; its first line is line `first_line` of the
/// file, which is `own_size` bytes long) into CommonMark/GFM, expanding includes through `files` within
/// [`expansion_budget`]`(own_size)` and [`MAX_INCLUDE_EXPANSIONS`].
pub(crate) fn expand(
    doc: &str,
    body: &str,
    first_line: usize,
    own_size: usize,
    files: &dyn Files,
) -> Expanded {
    let budget = expansion_budget(own_size);
    let mut ctx = Context {
        doc,
        files,
        includes: BTreeSet::new(),
        warnings: Vec::new(),
        budget,
        allowance: budget.saturating_sub(body.len()),
        spent: 0,
        expansions: 0,
        exhausted: false,
        refusals: 0,
        expanded: HashMap::new(),
    };
    let mut stack = vec![doc.to_string()];
    let text = rewrite(&mut ctx, body, first_line, None, &mut stack);
    Expanded {
        text,
        includes: ctx.includes.into_iter().collect(),
        warnings: ctx.warnings,
    }
}

/// The corpus-relative paths that `body` (of the file `from`) includes directly, resolved; includes that
/// leave the corpus root are left out. Used to tell include fragments from documents.
pub(crate) fn include_targets(from: &str, body: &str) -> Vec<String> {
    INCLUDE
        .captures_iter(body)
        .filter_map(|c| resolve(from, &clean_target(&c[2])))
        .collect()
}

/// Resolves an include `target` written in the file `from` to a corpus-relative path, or `None` when it
/// leaves the corpus root (too many `..`, an absolute path, a URL). `~/` means the corpus root.
pub(crate) fn resolve(from: &str, target: &str) -> Option<String> {
    if target.is_empty()
        || target.starts_with('/')
        || target.starts_with('\\')
        || target.contains(':')
    {
        return None;
    }
    let (mut parts, rest): (Vec<&str>, &str) = match target.strip_prefix("~/") {
        Some(rest) => (Vec::new(), rest),
        None => {
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            (parts, target)
        }
    };
    for component in rest.split(['/', '\\']) {
        match component {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

/// An include path as written, without `#fragment`/`?query`, with `%20` decoded.
fn clean_target(raw: &str) -> String {
    let raw = raw.trim();
    let end = raw.find(['#', '?']).unwrap_or(raw.len());
    raw[..end].replace("%20", " ")
}

struct Context<'a> {
    doc: &'a str,
    files: &'a dyn Files,
    includes: BTreeSet<String>,
    warnings: Vec<Diagnostic>,
    /// [`expansion_budget`] of the document.
    budget: usize,
    /// Bytes the includes may add to the document (the budget less the document's own body).
    allowance: usize,
    /// Bytes added by includes so far.
    spent: usize,
    /// Include directives expanded so far (nested ones and repetitions included).
    expansions: usize,
    /// A limit was reached: no further include is expanded (the warning was given once).
    exhausted: bool,
    /// Includes refused for a cycle or the depth limit (outcomes that depend on the include stack).
    refusals: usize,
    /// Expansions of the fragments already expanded in this document, by resolved path.
    expanded: HashMap<String, CachedExpansion>,
}

/// One fragment's expansion, reused when the document includes it again.
struct CachedExpansion {
    text: String,
    /// Include directives expanded inside it (they count again at each reuse).
    nested: usize,
}

impl Context<'_> {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings
            .push(Diagnostic::warning(self.doc, Some(line), message));
    }

    /// Accounts for an include adding `bytes` to the document and expanding `count` directives; `false`
    /// (with the one warning) when that would pass a limit, after which nothing more is expanded.
    fn charge(&mut self, resolved: &str, bytes: usize, count: usize, line: usize) -> bool {
        if self.exhausted {
            return false;
        }
        if self.expansions.saturating_add(count) > MAX_INCLUDE_EXPANSIONS {
            self.exhausted = true;
            self.warn(
                line,
                format!(
                    "include `{resolved}` passes the limit of {MAX_INCLUDE_EXPANSIONS} include \
                     expansions per document; it and the includes after it were not expanded"
                ),
            );
            return false;
        }
        if self.spent.saturating_add(bytes) > self.allowance {
            self.exhausted = true;
            self.warn(
                line,
                format!(
                    "include `{resolved}` would make the document larger than {} KB with its \
                     includes (the limit is {MAX_EXPANSION_FACTOR}× its size, at most {} MB); it and \
                     the includes after it were not expanded",
                    self.budget / 1024,
                    MAX_EXPANDED_BYTES / (1024 * 1024)
                ),
            );
            return false;
        }
        self.spent += bytes;
        self.expansions += count;
        true
    }
}

/// Rewrites `text` line by line. `origin` is the line of the outermost include directive when `text` is a
/// fragment (warnings point at the document's own line).
fn rewrite(
    ctx: &mut Context<'_>,
    text: &str,
    first_line: usize,
    origin: Option<usize>,
    stack: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut fence: Option<(char, usize)> = None;
    let mut dedent: Option<usize> = None;
    let mut awaiting_dedent = false;
    let mut previous_quoted = false;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let eol = &line[content.len()..];
        let line_no = origin.unwrap_or(first_line + index);
        if let Some((ch, len)) = fence {
            if fence_run(content)
                .is_some_and(|(c, n, rest)| c == ch && n >= len && rest.trim().is_empty())
            {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some((ch, len, info)) = fence_run(content) {
            // A backtick fence's info string has no backticks (```code``` is an inline code span).
            if ch == '`' && info.contains('`') {
                out.push_str(&rewrite_line(ctx, content, line_no, stack));
                out.push_str(eol);
                continue;
            }
            fence = Some((ch, len));
            out.push_str(line);
            continue;
        }
        // The literal tests skip the regexes on the lines that cannot match (almost all of them).
        let marker = if content.contains(":::") {
            MARKER_LINE.captures(content)
        } else {
            None
        };
        if let Some(marker) = marker {
            let name = marker[1].to_ascii_lowercase();
            if name != "image" {
                // Layout markers are dropped; the content of a row/column/zone is de-indented so that it
                // is not read as an indented code block.
                if name.ends_with("-end") {
                    dedent = None;
                    awaiting_dedent = false;
                } else {
                    dedent = None;
                    awaiting_dedent = true;
                }
                if !out.ends_with("\n\n") && !out.is_empty() {
                    out.push_str(eol);
                }
                continue;
            }
        }
        let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
        let content = if awaiting_dedent && indent < content.len() {
            awaiting_dedent = false;
            dedent = Some(indent);
            &content[indent..]
        } else {
            match dedent {
                Some(n) => &content[indent.min(n)..],
                None => content,
            }
        };
        // Dropped markers leave blank lines; more than one in a row says nothing more in markdown.
        if content.trim().is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            previous_quoted = false;
            continue;
        }
        // Learn starts an alert anywhere in a quote; GFM only on a quote's first line: split the quote.
        if previous_quoted && content.contains("[!") && ALERT.is_match(content) {
            out.push('\n');
        }
        previous_quoted = content.trim_start().starts_with('>');
        out.push_str(&rewrite_line(ctx, content, line_no, stack));
        out.push_str(eol);
    }
    out
}

/// Whether a position of a line is inside an inline code span (odd backtick count before it), for
/// positions asked in increasing order: each byte is counted once, so a line with thousands of
/// directives costs time linear in its length.
struct CodeSpans<'l> {
    line: &'l str,
    scanned: usize,
    odd: bool,
}

impl<'l> CodeSpans<'l> {
    fn new(line: &'l str) -> Self {
        CodeSpans {
            line,
            scanned: 0,
            odd: false,
        }
    }

    fn inside(&mut self, at: usize) -> bool {
        let upto = at.clamp(self.scanned, self.line.len());
        let ticks = self.line.as_bytes()[self.scanned..upto]
            .iter()
            .filter(|b| **b == b'`')
            .count();
        self.odd ^= ticks % 2 == 1;
        self.scanned = upto;
        self.odd
    }
}

/// The fence character, run length and the rest of the line, when `line` opens or closes a code fence.
fn fence_run(line: &str) -> Option<(char, usize, &str)> {
    let t = line.trim_start_matches([' ', '>', '\t']);
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|c| *c == ch).count();
    (len >= 3).then(|| (ch, len, &t[len..]))
}

fn rewrite_line<'l>(
    ctx: &mut Context<'_>,
    line: &'l str,
    line_no: usize,
    stack: &mut Vec<String>,
) -> Cow<'l, str> {
    // Every rewrite below starts with `[!` or `:::`: most lines are kept as they are, uncopied.
    if !line.contains("[!") && !line.contains(":::") {
        return Cow::Borrowed(line);
    }
    let mut line = if line.contains("[!") {
        let mut spans = CodeSpans::new(line);
        // Only a directive right after the line's `>`/space lead takes that lead as a block prefix.
        let lead = line.len() - line.trim_start_matches([' ', '>', '\t']).len();
        let replaced = INCLUDE
            .replace_all(line, |c: &Captures<'_>| {
                let whole = c.get(0).map_or(0..0, |m| m.range());
                let prefix = &line[..whole.start];
                if spans.inside(whole.start) {
                    return c[0].to_string();
                }
                let block_prefix = whole.start == lead;
                let body = include(ctx, &c[2], line_no, stack);
                if block_prefix && !prefix.is_empty() && body.contains('\n') {
                    // The prefix repeated on every line is growth too (a long `>>>…` prefix times a
                    // fragment of many short lines).
                    let extra = prefix.len().saturating_mul(body.matches('\n').count());
                    if !ctx.charge(&clean_target(&c[2]), extra, 0, line_no) {
                        return String::new();
                    }
                    body.replace('\n', &format!("\n{prefix}"))
                } else {
                    body
                }
            })
            .into_owned();
        VIDEO.replace_all(&replaced, "").into_owned()
    } else {
        line.to_string()
    };
    if line.contains(":::") {
        let mut spans = CodeSpans::new(&line);
        line = IMAGE
            .replace_all(&line, |c: &Captures<'_>| {
                if spans.inside(c.get(0).map_or(0, |m| m.start())) {
                    return c[0].to_string();
                }
                let mut source = String::new();
                let mut alt = String::new();
                for a in ATTRIBUTE.captures_iter(&c[1]) {
                    match &a[1] {
                        "source" => source = a[2].to_string(),
                        "alt-text" => alt = a[2].to_string(),
                        _ => {}
                    }
                }
                let alt = alt.replace('[', "\\[").replace(']', "\\]");
                if source.contains(' ') {
                    format!("![{alt}](<{source}>)")
                } else {
                    format!("![{alt}]({source})")
                }
            })
            .into_owned();
        line = IMAGE_END.replace_all(&line, "").into_owned();
    }
    if !line.contains("[!") {
        return Cow::Owned(line);
    }
    if let Some(c) = DIV.captures(&line) {
        return Cow::Owned(c[1].trim_end().to_string());
    }
    if let Some(c) = ALERT.captures(&line) {
        let prefix = format!("{} ", c[1].trim_end());
        let kind = c[2].to_ascii_uppercase();
        let rest = c[3].trim();
        return Cow::Owned(if rest.is_empty() {
            format!("{prefix}[!{kind}]")
        } else {
            format!("{prefix}[!{kind}]\n{prefix}{rest}")
        });
    }
    Cow::Owned(line)
}

/// The expansion of one include directive (empty, with a warning, when it cannot be expanded).
fn include(
    ctx: &mut Context<'_>,
    raw_target: &str,
    line: usize,
    stack: &mut Vec<String>,
) -> String {
    if ctx.exhausted {
        return String::new();
    }
    let target = clean_target(raw_target);
    // Every directive counts, expanded or not (a line of thousands of missing includes would otherwise
    // give thousands of warnings).
    if !ctx.charge(&target, 0, 1, line) {
        return String::new();
    }
    let current = stack.last().cloned().unwrap_or_default();
    let Some(resolved) = resolve(&current, &target) else {
        ctx.warn(
            line,
            format!("include `{target}` (in {current}) resolves outside the corpus root; refused"),
        );
        return String::new();
    };
    if stack.contains(&resolved) {
        let chain: Vec<&str> = stack
            .iter()
            .map(String::as_str)
            .chain([resolved.as_str()])
            .collect();
        ctx.warn(
            line,
            format!("include cycle refused: {}", chain.join(" -> ")),
        );
        ctx.refusals += 1;
        return String::new();
    }
    if stack.len() > MAX_INCLUDE_DEPTH {
        ctx.warn(
            line,
            format!(
                "include `{resolved}` nested more than {MAX_INCLUDE_DEPTH} levels deep; refused"
            ),
        );
        ctx.refusals += 1;
        return String::new();
    }
    if let Some(cached) = ctx.expanded.get(&resolved) {
        let (bytes, count) = (cached.text.len(), cached.nested);
        if !ctx.charge(&resolved, bytes, count, line) {
            return String::new();
        }
        return ctx
            .expanded
            .get(&resolved)
            .map(|cached| cached.text.clone())
            .unwrap_or_default();
    }
    match ctx.files.read(&resolved) {
        Ok(source) => {
            let split = front_matter::split(&source);
            if !ctx.charge(&resolved, split.body.len(), 0, line) {
                // Still a dependency: once it shrinks, the document must be expanded again.
                ctx.includes.insert(resolved);
                return String::new();
            }
            let (expansions, refusals) = (ctx.expansions, ctx.refusals);
            ctx.includes.insert(resolved.clone());
            stack.push(resolved.clone());
            let body = rewrite(ctx, split.body, 1, Some(line), stack);
            stack.pop();
            let text = body.trim_matches(['\n', '\r']).trim_end().to_string();
            // Reusable only when complete and independent of where it was included.
            if !ctx.exhausted && ctx.refusals == refusals {
                let nested = ctx.expansions - expansions;
                ctx.expanded.insert(
                    resolved,
                    CachedExpansion {
                        text: text.clone(),
                        nested,
                    },
                );
            }
            text
        }
        Err(ReadError::NotFound) => {
            ctx.warn(
                line,
                format!("include `{target}` not found (looked for {resolved})"),
            );
            String::new()
        }
        Err(ReadError::OutsideRoot) => {
            ctx.warn(
                line,
                format!(
                    "include `{target}` (in {current}) resolves outside the corpus root; refused"
                ),
            );
            String::new()
        }
        Err(ReadError::NotUtf8 { line: bad }) => {
            ctx.warn(
                line,
                format!("include `{resolved}` cannot be read: not UTF-8 (line {bad})"),
            );
            String::new()
        }
        Err(err @ (ReadError::NotRegular(_) | ReadError::TooLarge | ReadError::Other(_))) => {
            ctx.warn(
                line,
                format!("include `{resolved}` cannot be read: {}", err.reason()),
            );
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(
            resolve("a/b.md", "../includes/x.md").as_deref(),
            Some("includes/x.md")
        );
        assert_eq!(resolve("b.md", "./inc/x.md").as_deref(), Some("inc/x.md"));
        assert_eq!(resolve("a/b.md", "~/inc/x.md").as_deref(), Some("inc/x.md"));
        assert_eq!(resolve("b.md", "../x.md"), None);
        assert_eq!(resolve("b.md", "/etc/passwd"), None);
        assert_eq!(resolve("b.md", "https://example.com/x.md"), None);
    }

    /// Fragments in memory, counting reads.
    struct Counting {
        files: HashMap<&'static str, String>,
        reads: std::sync::Mutex<HashMap<String, usize>>,
    }

    impl Files for Counting {
        fn read(&self, rel: &str) -> Result<String, ReadError> {
            if let Ok(mut reads) = self.reads.lock() {
                *reads.entry(rel.to_string()).or_default() += 1;
            }
            self.files.get(rel).cloned().ok_or(ReadError::NotFound)
        }
    }

    #[test]
    fn a_fragment_included_many_times_is_read_and_expanded_once_per_document() {
        let files = Counting {
            files: HashMap::from([
                (
                    "a.md",
                    "A [!INCLUDE[b](b.md)] [!INCLUDE[b](b.md)]\n".to_string(),
                ),
                ("b.md", "b\n".to_string()),
            ]),
            reads: Default::default(),
        };
        let body = "[!INCLUDE[a](a.md)]\n".repeat(10);
        let expanded = expand("doc.md", &body, 1, body.len(), &files);
        assert!(expanded.warnings.is_empty(), "{:?}", expanded.warnings);
        assert_eq!(
            expanded.text.matches("A b b").count(),
            10,
            "{}",
            expanded.text
        );
        let reads = files.reads.lock().unwrap();
        assert_eq!((reads["a.md"], reads["b.md"]), (1, 1));
    }

    #[test]
    fn the_budget_is_64_times_the_document_within_bounds() {
        assert_eq!(expansion_budget(0), 256 * 1024);
        assert_eq!(expansion_budget(10_000), 640_000);
        assert_eq!(expansion_budget(usize::MAX), MAX_EXPANDED_BYTES);
    }

    #[test]
    fn cleans_targets() {
        assert_eq!(clean_target(" a%20b.md#top "), "a b.md");
    }
}
