//! Issue 12, fuzzing on the stable toolchain: a small mutation fuzzer over the engine's untrusted-input
//! entry points, no nightly and no C++ runtime needed.
//!
//! Each target starts from its seeds (`fuzz/corpus/<target>/`, checked in) and the inputs that once
//! failed (`fuzz/regressions/<target>/`, checked in, each now a regression test), replays them all, then
//! mutates them (bit flips, bytes, tokens of the target's dictionary, repeated or spliced chunks, cuts)
//! until its time is up. An input fails when the target panics, breaks an invariant (the renderer's
//! HTML leaves the allow-list, a snippet carries markup, an error message echoes a whole input), or
//! takes longer than the target's time budget (the superlinear blow-ups of issue 12 items 2, 6 and 7).
//! Failing inputs are written to `target/fuzz-findings/<target>/` and named in the test's failure.
//!
//! `make test` runs every target for `FUZZ_SECONDS` (default 2 s each, in the debug build); `make fuzz`
//! runs them longer (`FUZZ_SECONDS`, default 600 s each). `FUZZ_SEED` repeats a run; `FUZZ_TARGETS`
//! (comma-separated names) runs only some targets.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use supportkb::human::Context;
use supportkb::policy::Registry;
use supportkb::render::{render_markdown, RenderOptions};
use supportkb::Engine;

/// Longest input a mutation may produce.
const MAX_INPUT: usize = 64 * 1024;

/// One fuzz target: a name (its folders under `fuzz/`), the tokens its inputs are made of, what it runs
/// on one input, and how long one input may take (debug build).
struct Target {
    name: &'static str,
    dictionary: &'static [&'static str],
    run: fn(&[u8]) -> Result<(), String>,
    budget: Duration,
}

const MARKDOWN_TOKENS: &[&str] = &[
    "# ",
    "## ",
    "\n",
    "\n\n",
    "- ",
    "  - ",
    "1. ",
    "> ",
    "> [!NOTE]\n> ",
    "> [!WARNING]\n",
    "[!INCLUDE[x](includes/frag.md)]",
    "[!INCLUDE[self](../doc.md)]",
    "[!INCLUDE[out](../../etc/passwd)]",
    ":::image type=\"content\" source=\"a.png\" alt-text=\"alt\":::",
    ":::row:::",
    ":::column:::",
    ":::zone target=\"docs\":::",
    "{#anchor}",
    "<a name=\"x\"></a>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<div style=\"x\">",
    "</div>",
    "[link](javascript:alert(1))",
    "[link](https://example.com)",
    "[link](//evil.example)",
    "[link](other.md#part)",
    "```\ncode\n```\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "*",
    "_",
    "`",
    "\u{1b}]0;title\u{7}",
    "\u{202e}",
    "---\ntitle: T\nms.date: 01/02/2024\n---\n",
];

const FRONT_MATTER_TOKENS: &[&str] = &[
    "title: ",
    "description: ",
    "ms.date: ",
    "01/31/2024",
    "13/45/2024",
    "ms.topic: ",
    "topics: [",
    "]",
    "[",
    "{",
    "}",
    "- ",
    "  ",
    "\n",
    "&a ",
    "*a",
    "!!binary ",
    "<<: *a",
    "? ",
    ": ",
    "'",
    "\"",
    "|\n",
    ">\n",
    "#",
];

const QUERY_TOKENS: &[&str] = &[
    "reopen",
    "case",
    "rca",
    "sev a",
    "severity",
    "\"",
    "\"root cause\"",
    "*",
    "-",
    "+",
    "AND",
    "OR",
    ":",
    "(",
    ")",
    "~",
    "^2",
    "<script>",
    "&amp;",
    "\u{0}",
    "é",
    "🙂",
    " ",
];

const ASK_TOKENS: &[&str] = &[
    "{\"policy\":\"reopen\",\"facts\":{}}",
    "\"policy\"",
    "\"facts\"",
    "\"reopen\"",
    "\"severity\"",
    "\"rca\"",
    "\"closed_on\"",
    "\"2026-02-29\"",
    "\"2026-13-01\"",
    "\"now\"",
    "true",
    "false",
    "null",
    "1e999",
    "-1",
    "18446744073709551616",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"\\u0000\"",
    "\"\\ud800\"",
];

const HUMAN_TOKENS: &[&str] = &[
    "Friday ",
    "16:30",
    "4 months ago",
    "yesterday",
    "tomorrow",
    "next week",
    "in 3 days",
    "2026-02-29",
    "29/02/2025",
    "31 April",
    "at noon",
    "midnight",
    "25:61",
    "UTC+14",
    "UTC-12",
    "Asia/Tokyo",
    "Japan",
    "sev b",
    "severity A",
    "can I reopen a case closed ",
    "premier",
    "unified",
    "yes",
    "no",
    "99999999999 years ago",
    " ",
];

const RENDER_TOKENS: &[&str] = MARKDOWN_TOKENS;

fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "markdown",
            dictionary: MARKDOWN_TOKENS,
            run: markdown_target,
            budget: Duration::from_secs(4),
        },
        Target {
            name: "front_matter",
            dictionary: FRONT_MATTER_TOKENS,
            run: front_matter_target,
            budget: Duration::from_secs(2),
        },
        Target {
            name: "query",
            dictionary: QUERY_TOKENS,
            run: query_target,
            budget: Duration::from_secs(2),
        },
        Target {
            name: "ask_json",
            dictionary: ASK_TOKENS,
            run: ask_json_target,
            budget: Duration::from_secs(2),
        },
        Target {
            name: "human",
            dictionary: HUMAN_TOKENS,
            run: human_target,
            budget: Duration::from_secs(2),
        },
        Target {
            name: "render",
            dictionary: RENDER_TOKENS,
            run: render_target,
            budget: Duration::from_secs(4),
        },
    ]
}

// ---- Targets -------------------------------------------------------------------------------------

/// Markdown and Learn ingestion: the input (split at its first NUL into a document and an include
/// fragment) parsed alone and loaded from a folder with the fragment under `includes/`.
fn markdown_target(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    let (doc, fragment) = text.split_once('\0').unwrap_or((&text, "Shared words."));
    let (_parsed, _diagnostics) = supportkb::corpus::parse_document("doc.md", doc);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    fs::create_dir(dir.path().join("includes")).map_err(|e| e.to_string())?;
    fs::write(dir.path().join("doc.md"), doc).map_err(|e| e.to_string())?;
    fs::write(dir.path().join("includes/frag.md"), fragment).map_err(|e| e.to_string())?;
    let corpus = supportkb::corpus::load_dir(dir.path()).map_err(|e| e.to_string())?;
    let mut anchors = BTreeSet::new();
    for section in corpus.sections() {
        if section.doc != "doc.md" {
            return Err(format!("a section of {:?} came back", section.doc));
        }
        if !section.anchor.is_empty() && !anchors.insert(section.anchor.clone()) {
            return Err(format!("anchor {:?} given twice", section.anchor));
        }
        let budget = supportkb::corpus::learn::expansion_budget(doc.len()) + doc.len();
        if section.markdown.len() > budget {
            return Err(format!(
                "a section of {} bytes from a {}-byte document (budget {budget})",
                section.markdown.len(),
                doc.len()
            ));
        }
    }
    Ok(())
}

/// Front matter: the input between `---` lines above a heading.
fn front_matter_target(input: &[u8]) -> Result<(), String> {
    let text = format!(
        "---\n{}\n---\n# Heading\n\nBody.\n",
        String::from_utf8_lossy(input)
    );
    let (parsed, _diagnostics) = supportkb::corpus::parse_document("doc.md", &text);
    match parsed {
        // Front matter that is not understood costs the document its metadata, not its text.
        Some(doc) if doc.sections.is_empty() => Err("a document without sections".to_string()),
        _ => Ok(()),
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::embedded().unwrap())
}

/// The query parser and search: any text is a query; snippets carry no markup but `<mark>`.
fn query_target(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    let limit = input.first().map_or(10, |b| usize::from(*b) * 1000);
    let results = engine().search(&text, limit);
    if results.hits.len() > supportkb::search::MAX_SEARCH_LIMIT {
        return Err(format!("{} hits", results.hits.len()));
    }
    for hit in &results.hits {
        let bare = hit.snippet.replace("<mark>", "").replace("</mark>", "");
        if bare.contains('<') || bare.contains('>') {
            return Err(format!("markup in a snippet: {:?}", hit.snippet));
        }
    }
    Ok(())
}

/// Longest error message an input may produce (values are echoed clipped, issue 12 item 12).
const MAX_ERROR_CHARS: usize = 4000;

/// `ask --json` input: any text gives an answer or an error of bounded length.
fn ask_json_target(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    let registry = Registry::embedded().map_err(|e| e.to_string())?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    match registry.ask_json(&text, today) {
        Ok(answer) => serde_json::to_string(&answer)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Err(err) => {
            let message = err.to_string();
            if message.chars().count() > MAX_ERROR_CHARS {
                return Err(format!(
                    "an error of {} characters",
                    message.chars().count()
                ));
            }
            Ok(())
        }
    }
}

/// The date, time and fact reader of the assistant: the first byte picks a fact of a policy, the rest
/// is what a person typed; `understand` reads the whole text as a question.
fn human_target(input: &[u8]) -> Result<(), String> {
    let registry = Registry::embedded().map_err(|e| e.to_string())?;
    let facts: Vec<(String, String)> = registry
        .specs()
        .iter()
        .flat_map(|p| p.facts.iter().map(|f| (p.id.clone(), f.name.clone())))
        .collect();
    let pick = usize::from(input.first().copied().unwrap_or(0)) % facts.len().max(1);
    let text = String::from_utf8_lossy(input.get(1..).unwrap_or_default());
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T14:05:00+01:00")
        .map_err(|e| e.to_string())?;
    let ctx = Context::at(now).in_zone_named(Some("Europe/Paris"));
    if let Some((policy, fact)) = facts.get(pick) {
        if let Err(err) = engine().resolve_fact(policy, fact, &text, &ctx) {
            let message = err.to_string();
            if message.chars().count() > MAX_ERROR_CHARS {
                return Err(format!(
                    "an error of {} characters",
                    message.chars().count()
                ));
            }
        }
    }
    let _ = engine().understand(&text, &ctx);
    Ok(())
}

/// Elements the reader's HTML may hold, and the attributes of each (`*`: any element). Written out
/// again rather than taken from `render.rs`: the check must not trust the code it checks.
fn allowed_html() -> &'static BTreeMap<&'static str, BTreeSet<&'static str>> {
    static ALLOWED: OnceLock<BTreeMap<&'static str, BTreeSet<&'static str>>> = OnceLock::new();
    ALLOWED.get_or_init(|| {
        let plain = [
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
            "hr",
            "i",
            "kbd",
            "li",
            "mark",
            "ol",
            "p",
            "pre",
            "s",
            "small",
            "span",
            "strong",
            "sub",
            "sup",
            "table",
            "tbody",
            "tfoot",
            "thead",
            "tr",
            "u",
            "ul",
        ];
        let mut allowed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for tag in plain {
            allowed.insert(tag, BTreeSet::new());
        }
        for tag in ["h1", "h2", "h3", "h4", "h5", "h6", "section"] {
            allowed.insert(tag, ["id"].into());
        }
        allowed.insert("a", ["href", "title", "id", "rel"].into());
        allowed.insert("td", ["colspan", "rowspan"].into());
        allowed.insert("th", ["colspan", "rowspan", "scope"].into());
        allowed.insert("*", ["lang", "title", "class"].into());
        allowed
    })
}

/// Checks rendered HTML against the allow-list: known elements and attributes only, every `id`
/// prefixed, every link `https:` or relative inside the knowledge base, no raw `<` in text.
fn check_html(html: &str) -> Result<(), String> {
    let allowed = allowed_html();
    let any = &allowed["*"];
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .ok_or_else(|| format!("unclosed tag at {:?}", clip(after)))?;
        let tag = &after[..end];
        rest = &after[end + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        let Some(own) = allowed.get(name) else {
            return Err(format!("element <{name}> is not allowed: {:?}", clip(tag)));
        };
        loop {
            attributes = attributes.trim_start();
            if attributes.is_empty() {
                break;
            }
            let (attribute, value, remaining) = match attributes.split_once("=\"") {
                Some((attribute, after)) => {
                    let close = after
                        .find('"')
                        .ok_or_else(|| format!("unquoted attribute in {:?}", clip(tag)))?;
                    (attribute, &after[..close], &after[close + 1..])
                }
                None => (attributes, "", ""),
            };
            if attribute.contains(char::is_whitespace) || attribute.is_empty() {
                return Err(format!("malformed attributes in {:?}", clip(tag)));
            }
            if !own.contains(attribute) && !any.contains(attribute) {
                return Err(format!(
                    "attribute {attribute} on <{name}>: {:?}",
                    clip(tag)
                ));
            }
            if attribute == "id" && !value.starts_with(supportkb::render::ID_PREFIX) {
                return Err(format!("id without its prefix: {:?}", clip(tag)));
            }
            if attribute == "href" && !stays_or_is_https(value) {
                return Err(format!("link leaves the knowledge base: {:?}", clip(tag)));
            }
            attributes = remaining;
        }
    }
    Ok(())
}

/// Whether a link, read the way a browser reads an `href` (entities decoded, tabs and newlines removed,
/// C0 controls and spaces trimmed), is `https:` or relative below the page (no scheme, not rooted).
/// A scheme is letters, digits, `+`, `-`, `.` from the start up to a `:`; anything else before the
/// first `:` (`javas[x](y)cript:`) makes the link a relative path.
fn stays_or_is_https(value: &str) -> bool {
    let decoded = decode_entities(value);
    let cleaned: String = decoded
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = cleaned.trim_matches(|c: char| c <= ' ');
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
    match scheme {
        Some(scheme) => scheme.eq_ignore_ascii_case("https"),
        None => !url.starts_with(['/', '\\']),
    }
}

/// The entities ammonia writes, and numeric references.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(end) = after.find(';').filter(|end| *end < 12) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let name = &after[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn clip(text: &str) -> String {
    text.chars().take(120).collect()
}

/// The reader's renderer: output within the HTML allow-list, highlighted or not.
fn render_target(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    let query: String = text
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    for options in [
        RenderOptions::default(),
        RenderOptions::highlighting_query(&query),
    ] {
        check_html(&render_markdown(&text, &options))?;
    }
    Ok(())
}

// ---- The fuzzer ----------------------------------------------------------------------------------

/// xorshift64*: deterministic for a seed, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One random change to `input`.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, dictionary: &[&str], pool: &[Vec<u8>]) {
    let at = rng.below(input.len() + 1);
    match rng.below(9) {
        0 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] ^= 1 << rng.below(8);
        }
        1 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] = rng.next() as u8;
        }
        2 | 3 => {
            let token = dictionary[rng.below(dictionary.len())].as_bytes();
            input.splice(at..at, token.iter().copied());
        }
        4 if !input.is_empty() => {
            let len = 1 + rng.below(input.len().min(64));
            let start = rng.below(input.len() - len + 1);
            input.drain(start..start + len);
        }
        5 if !input.is_empty() => {
            // A chunk repeated many times: nesting and expansion blow-ups.
            let len = 1 + rng.below(input.len().min(32));
            let start = rng.below(input.len() - len + 1);
            let chunk = input[start..start + len].to_vec();
            let most = if rng.below(4) == 0 { 2000 } else { 8 };
            let times = 1 + rng.below(most);
            let repeated: Vec<u8> = chunk
                .iter()
                .copied()
                .cycle()
                .take(chunk.len() * times)
                .collect();
            input.splice(start..start, repeated);
        }
        6 if !pool.is_empty() => {
            let other = &pool[rng.below(pool.len())];
            let from = rng.below(other.len() + 1);
            let len = rng.below(other.len() - from + 1);
            input.splice(at..at, other[from..from + len].iter().copied());
        }
        7 => {
            let len = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            input.splice(at..at, bytes);
        }
        _ => input.truncate(at),
    }
    input.truncate(MAX_INPUT);
}

/// The files of `fuzz/<kind>/<target>/`, sorted.
fn inputs_in(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| fs::read(&path).ok().map(|bytes| (path, bytes)))
        .collect()
}

/// Runs `target` on one input: `Err` says why it failed (panic, broken invariant, too slow). An input
/// over the time budget is run once more and fails only if it is over both times (the machine running
/// the tests may be busy for a moment; a superlinear input is slow every time).
fn run_one(target: &Target, input: &[u8]) -> Result<(), String> {
    let mut fastest = Duration::MAX;
    for _ in 0..2 {
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| (target.run)(input)));
        fastest = fastest.min(start.elapsed());
        match outcome {
            Err(payload) => {
                return Err(format!(
                    "panicked: {}",
                    supportkb::folder_index::panic_message(&*payload)
                ))
            }
            Ok(Err(message)) => return Err(message),
            Ok(Ok(())) if fastest <= target.budget => return Ok(()),
            Ok(Ok(())) => {}
        }
    }
    Err(format!(
        "took {} ms on {} bytes (budget {} ms)",
        fastest.as_millis(),
        input.len(),
        target.budget.as_millis()
    ))
}

/// What one fuzzing run did.
#[derive(Debug, Default)]
struct Run {
    replayed: usize,
    tried: usize,
    failures: Vec<String>,
}

fn fuzz(target: &Target, time: Duration, seed: u64) -> Run {
    let mut run = Run::default();
    let findings = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/fuzz-findings")
        .join(target.name);
    let record = |run: &mut Run, input: &[u8], why: String| {
        let _ = fs::create_dir_all(&findings);
        let name = format!("{:016x}", fnv(input));
        let _ = fs::write(findings.join(&name), input);
        run.failures.push(format!(
            "{}: {why} (input saved as {})",
            target.name,
            findings.join(name).display()
        ));
    };
    let seeds = inputs_in("corpus", target.name);
    let regressions = inputs_in("regressions", target.name);
    for (path, input) in seeds.iter().chain(&regressions) {
        run.replayed += 1;
        if let Err(why) = run_one(target, input) {
            run.failures.push(format!(
                "{}: {} fails again: {why}",
                target.name,
                path.display()
            ));
        }
    }
    let mut pool: Vec<Vec<u8>> = seeds
        .into_iter()
        .chain(regressions)
        .map(|(_, bytes)| bytes)
        .collect();
    if pool.is_empty() {
        pool.push(Vec::new());
    }
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + time;
    while Instant::now() < deadline && run.failures.len() < 5 {
        let mut input = pool[rng.below(pool.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut input, target.dictionary, &pool);
        }
        run.tried += 1;
        if let Err(why) = run_one(target, &input) {
            record(&mut run, &input, why);
        } else if pool.len() < 512 && rng.below(16) == 0 {
            // Keep some mutants as new starting points (no coverage feedback: a random few).
            pool.push(input);
        }
    }
    run
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Every target: its saved seeds and past failures replayed, then `FUZZ_SECONDS` (default 2) of
/// mutations each. Prints inputs tried per target (`--nocapture`).
#[test]
fn hostile_inputs_never_crash_hang_or_escape_the_allow_list() {
    let seconds = env_number("FUZZ_SECONDS").unwrap_or(2);
    let seed = env_number("FUZZ_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    // FUZZ_TARGETS=render,markdown runs only those.
    let only = std::env::var("FUZZ_TARGETS").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|t| t.trim() == name);
    let mut failures = Vec::new();
    for target in targets().into_iter().filter(|t| wanted(t.name)) {
        let run = fuzz(&target, Duration::from_secs(seconds), seed);
        println!(
            "fuzz {}: {} saved inputs replayed, {} inputs tried in {seconds} s (FUZZ_SEED={seed}), {} failures",
            target.name,
            run.replayed,
            run.tried,
            run.failures.len()
        );
        failures.extend(run.failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_html_check_rejects_what_the_allow_list_forbids() {
    for bad in [
        "<script>alert(1)</script>",
        "<img src=\"x\">",
        "<p onclick=\"x\">a</p>",
        "<a href=\"javascript:alert(1)\">a</a>",
        "<a href=\"//evil.example/\">a</a>",
        "<a href=\"java\tscript:alert(1)\">a</a>",
        "<a href=\" JavaScript:alert(1)\">a</a>",
        "<a href=\"javascript&#58;alert(1)\">a</a>",
        "<a href=\"data:text/html,x\">a</a>",
        "<a href=\"/etc/passwd\">a</a>",
        "<h2 id=\"top\">a</h2>",
        "<p style=\"x\">a</p>",
    ] {
        assert!(check_html(bad).is_err(), "{bad}");
    }
    for good in [
        "<p class=\"alert-title\">a <mark>b</mark></p>",
        "<h2 id=\"kb-top\">a</h2>",
        "<a href=\"https://learn.microsoft.com/\" rel=\"noopener noreferrer\" class=\"external\">a</a>",
        "<a href=\"other.md#part\" class=\"internal\">a</a><br>",
        // No scheme before the first `:` (a `[` is not a scheme character): a relative path.
        "<a href=\"javas[x](../y)cript:alert(1)\" class=\"internal\">a</a>",
        "<a href=\"javascript&amp;#58;alert(1)\">a</a>",
    ] {
        assert_eq!(check_html(good), Ok(()), "{good}");
    }
}
