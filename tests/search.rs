//! Search: query robustness, typos, prefixes, phrases, synonyms, highlighting, the Engine API and the
//! `search`/`show` CLI (exit codes, JSON, JSONL). The fixture corpus is `tests/data/search-corpus/`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use supportkb::{Engine, EngineError};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::embedded().unwrap())
}

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/search-corpus")
}

fn top(query: &str) -> String {
    let results = engine().search(query, 5);
    let hit = results
        .hits
        .first()
        .unwrap_or_else(|| panic!("no hit for {query:?}"));
    format!("{}#{}", hit.doc, hit.anchor)
}

/// Runs the CLI with a private data directory, so `--corpus` indexes never land in the user's own.
fn supportkb(args: &[&str]) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(args)
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path())
        .output()
        .unwrap()
}

#[test]
fn nasty_inputs_are_never_errors() {
    let long = "reopen ".repeat(800);
    let long_chars = "x".repeat(5_000);
    let inputs = [
        "",
        "   ",
        "?!?!.,;:",
        "\"",
        "\"unbalanced quote about cases",
        "\"\"",
        "title:",
        "heading:reopen AND body:(case OR",
        "🙂🚀🔥",
        "case 🙂 closed",
        "\u{0}\u{1}\u{7f}",
        "*",
        "~2",
        "reopen^10",
        long.as_str(),
        long_chars.as_str(),
        "ľščťžýáíé ñ 日本語 العربية",
        "<script>alert(1)</script>",
    ];
    for input in inputs {
        let results = engine().search(input, 10);
        assert_eq!(results.query, input);
        assert!(results.hits.len() <= 10);
        assert!(results.total >= results.hits.len());
        let scores: Vec<f32> = results.hits.iter().map(|h| h.score).collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "{input:?}: {scores:?}"
        );
    }
    assert_eq!(engine().search("", 10).total, 0);
    assert_eq!(engine().search("?!?!", 10).total, 0);
    assert_eq!(engine().search("🙂🚀🔥", 10).total, 0);
    // Syntax is ignored, the words are still searched.
    assert_eq!(
        top("heading:reopen AND body:(case OR"),
        top("heading reopen and body case or")
    );
    assert!(engine().search(&long, 10).total > 0);
    assert_eq!(engine().search("reopen", 0).hits.len(), 0);
    assert!(engine().search("reopen", 0).total > 0);
}

#[test]
fn typos_are_tolerated_but_score_below_exact() {
    assert!(top("corupted data").starts_with("data-corruption.md#"));
    assert!(top("reopning").starts_with("reopening-incidents.md#"));
    assert!(top("severty").starts_with("severity-and-response.md#"));
    let exact = engine().search("corrupted", 1).hits[0].score;
    let typo = engine().search("corupted", 1).hits[0].score;
    assert!(typo < exact, "typo {typo} should score below exact {exact}");
}

#[test]
fn last_word_is_matched_as_a_prefix_while_typing() {
    assert!(top("corup").starts_with("data-corruption.md#"));
    assert!(top("reop").starts_with("reopening-incidents.md#"));
    assert!(top("delegated adm").starts_with("using-support.md#"));
    // Once the word is finished (followed by a space or punctuation) it is no longer a prefix.
    assert!(engine().search("reop ", 10).total < engine().search("reop", 10).total);
}

#[test]
fn quoted_phrases_are_required() {
    let results = engine().search("\"three or more months\"", 10);
    assert!(results.total > 0);
    assert!(results
        .hits
        .iter()
        .all(|h| h.doc == "reopening-incidents.md"));
    assert_eq!(engine().search("\"months more three\"", 10).total, 0);
    // Unbalanced quote: the words are searched as free words.
    assert!(engine().search("\"three months", 10).total > 0);
}

#[test]
fn synonyms_expand_user_vocabulary() {
    // "ticket" is in the group of "incident": the reopening doc is found through it.
    let results = engine().search("reopen ticket", 5);
    assert!(results.hits[0].doc.starts_with("reopening-incidents.md"));
    // "post-mortem" is a synonym of "RCA".
    assert!(top("post-mortem").starts_with("root-cause-analysis.md#"));
    // "beta" → "preview".
    assert!(top("beta").starts_with("previews.md#"));
    // Multi-word synonyms are phrases: "around the clock" ↔ 24x7.
    let clock = engine().search("around the clock", 5);
    assert!(clock.hits.iter().any(|h| h.anchor == "languages-and-24x7"));
}

#[test]
fn snippets_highlight_and_escape() {
    let results = engine().search("corrupted data", 5);
    for hit in &results.hits {
        let stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !stripped.contains('<') && !stripped.contains('>'),
            "{}",
            hit.snippet
        );
    }
    assert!(
        results.hits[0].snippet.contains("<mark>"),
        "{}",
        results.hits[0].snippet
    );

    // Text with markup characters is escaped.
    let (engine, _) = Engine::with_corpora(&[fixture_dir()]).unwrap();
    let hits = engine.search("zebrafish flakes", 5).hits;
    let feeding = hits.iter().find(|h| h.anchor == "feeding").unwrap();
    assert!(feeding.snippet.contains("&amp;"), "{}", feeding.snippet);
    assert!(feeding.snippet.contains("2 &lt; 3"), "{}", feeding.snippet);
    assert!(
        feeding.snippet.contains("<mark>zebrafish</mark>"),
        "{}",
        feeding.snippet
    );
    assert!(
        feeding.snippet.contains("<mark>flakes</mark>"),
        "{}",
        feeding.snippet
    );
}

#[test]
fn reopening_question_in_plain_words() {
    assert_eq!(
        top("can I reopen a case closed in June?"),
        "reopening-incidents.md#closed-three-months"
    );
}

#[test]
fn show_sections_documents_and_errors() {
    let shown = engine()
        .show("reopening-incidents.md", Some("closed-three-months"))
        .unwrap();
    assert_eq!(
        shown.heading.as_deref(),
        Some("Cases closed three months or more")
    );
    assert!(shown
        .markdown
        .starts_with("## Cases closed three months or more"));
    let whole = engine().show("reopening-incidents.md", None).unwrap();
    assert!(
        whole.markdown.contains("{#same-error-same-place}")
            || whole.markdown.contains("Same error")
    );
    assert!(whole.markdown.len() > shown.markdown.len());

    let err = engine().show("nope.md", None).unwrap_err();
    assert!(matches!(err, EngineError::UnknownDoc { .. }));
    assert_eq!(err.to_string(), "unknown document \"nope.md\"");
    let err = engine()
        .show("reopening-incidents.md", Some("nope"))
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("\"nope\""), "{message}");
    assert!(message.contains("closed-three-months"), "{message}");
}

#[test]
fn documents_and_anchor_checks() {
    let outlines = engine().documents();
    let reopening = outlines
        .iter()
        .find(|d| d.doc == "reopening-incidents.md")
        .unwrap();
    assert_eq!(reopening.source, "embedded");
    assert!(reopening
        .headings
        .iter()
        .any(|h| h.anchor == "closed-three-months" && h.level == 2));
    assert!(engine().anchor_exists("reopening-incidents.md", "closed-three-months"));
    assert!(!engine().anchor_exists("reopening-incidents.md", "nope"));
    assert!(!engine().anchor_exists("nope.md", "reopening"));
}

#[test]
fn folders_are_added_and_removed_at_run_time() {
    let engine = Engine::embedded().unwrap();
    assert_eq!(engine.search("zebrafish", 10).total, 0);
    let diagnostics = engine.add_corpus(&fixture_dir()).unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let results = engine.search("zebrafish", 10);
    assert_eq!(results.total, 3);
    assert!(results.hits.iter().any(|h| h.doc == "guides/lighting.md"));
    assert_eq!(engine.corpora().len(), 2);
    assert_eq!(engine.corpora()[1].documents, 2);
    // Adding it again re-indexes instead of duplicating.
    engine.add_corpus(&fixture_dir()).unwrap();
    assert_eq!(engine.search("zebrafish", 10).total, 3);
    assert!(engine.show("aquarium.md", Some("feeding")).is_ok());
    assert!(!engine.anchor_exists("aquarium.md", "feeding"));

    engine.remove_corpus(&fixture_dir()).unwrap();
    assert_eq!(engine.search("zebrafish", 10).total, 0);
    assert_eq!(engine.corpora().len(), 1);
    assert!(matches!(
        engine.remove_corpus(&fixture_dir()),
        Err(EngineError::UnknownCorpus { .. })
    ));
    assert!(matches!(
        engine.add_corpus(&fixture_dir().join("missing")),
        Err(EngineError::CorpusFolder { .. })
    ));
}

#[test]
fn cli_search_json_is_one_object() {
    let fixture = fixture_dir();
    let out = supportkb(&[
        "search",
        "zebrafish feeding",
        "--corpus",
        fixture.to_str().unwrap(),
        "--json",
        "--limit",
        "2",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let mut value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(value["took_ms"].is_number());
    value["took_ms"] = "[took_ms]".into();
    let hits = value["hits"].as_array_mut().unwrap();
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    for hit in hits.iter_mut() {
        // Scores depend on the whole index (the embedded corpus too); their order is checked above.
        hit["score"] = "[score]".into();
    }
    insta::assert_json_snapshot!("search_json_zebrafish", value);
}

#[test]
fn cli_search_human_output_and_exit_codes() {
    let out = supportkb(&["search", "reopen a closed case"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Reopening a support incident › "),
        "{stdout}"
    );
    assert!(stdout.contains("reopening-incidents.md#"), "{stdout}");
    // Not a terminal: no colour codes and no HTML.
    assert!(
        !stdout.contains('\x1b') && !stdout.contains("<mark>"),
        "{stdout}"
    );

    let out = supportkb(&["search", "?!"]);
    assert_eq!(out.status.code(), Some(0));

    let out = supportkb(&["search", "x", "--corpus", "/definitely/not/here"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("/definitely/not/here"),
        "{stderr}"
    );

    let out = supportkb(&["search"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_search_jsonl_answers_each_line() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(["search", "--jsonl", "--limit", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("reopen a case\n\n\"unbalanced\ncorupted data\r\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["query"], "reopen a case");
    assert_eq!(lines[1]["total"], 0);
    assert_eq!(lines[3]["query"], "corupted data");
    assert!(lines[3]["hits"].as_array().unwrap().len() <= 3);
}

#[test]
fn cli_show_prints_markdown_and_fails_clearly() {
    let out = supportkb(&["show", "reopening-incidents.md#closed-three-months"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("## Cases closed three months or more"),
        "{stdout}"
    );

    let out = supportkb(&["show", "reopening-incidents.md", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["doc"], "reopening-incidents.md");
    assert!(value["anchor"].is_null());

    let fixture = fixture_dir();
    let out = supportkb(&[
        "show",
        "guides/lighting.md#lighting",
        "--corpus",
        fixture.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));

    let out = supportkb(&["show", "nope.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: unknown document \"nope.md\"\n"
    );

    let out = supportkb(&["show", "reopening-incidents.md#nope"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("closed-three-months"), "{stderr}");
}

#[test]
fn a_document_without_headings_is_cited_by_its_name_alone() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("notes.md"),
        "Just a paragraph about the wallaby rota.\n",
    )
    .unwrap();
    let out = supportkb(&[
        "search",
        "wallaby rota",
        "--corpus",
        folder.path().to_str().unwrap(),
        "--no-index",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("  notes.md · "), "{stdout}");
    assert!(!stdout.contains("notes.md#"), "{stdout}");
}

/// Runs the CLI with `stdin` as input (bytes, not necessarily UTF-8) and a private data directory.
fn supportkb_with_stdin(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(args)
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Written from a thread: the child answers while it reads, and both pipes have small buffers.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn a_huge_limit_is_clamped_not_allocated() {
    for limit in ["4294967296", "18446744073709551615"] {
        let out = supportkb(&["search", "--limit", limit, "rca", "--json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "--limit {limit}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let hits = value["hits"].as_array().unwrap().len();
        assert!(hits > 0 && hits as u64 <= value["total"].as_u64().unwrap());
    }
    let out = supportkb_with_stdin(
        &["search", "--jsonl", "--limit", "18446744073709551615"],
        b"rca\n",
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_engine_clamps_any_limit_to_what_it_holds() {
    let all = engine().search("rca", usize::MAX);
    assert!(!all.hits.is_empty());
    // Every hit, since there are fewer than the maximum.
    assert_eq!(
        all.hits.len(),
        all.total.min(supportkb::search::MAX_SEARCH_LIMIT)
    );
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("a.md"), "# Quokka\n\nquokka care.\n").unwrap();
    let (engine, _) = Engine::with_corpora(&[folder.path().to_path_buf()]).unwrap();
    assert!(!engine.search("quokka", usize::MAX).hits.is_empty());
}

/// The JSON lines of a `--jsonl` run.
fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_goes_on_after_a_line_of_invalid_utf8() {
    let out = supportkb_with_stdin(
        &["search", "--jsonl", "--limit", "2"],
        b"reopen a case\nbad \xff\xfe query\r\ncorupted data\n",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["query"], "reopen a case");
    assert_eq!(lines[1]["error"]["kind"], "invalid_utf8");
    assert_eq!(lines[1]["error"]["line"], 2);
    let message = lines[1]["error"]["message"].as_str().unwrap();
    assert!(message.contains("line 2"), "{message}");
    assert_eq!(lines[2]["query"], "corupted data");
}

#[test]
fn jsonl_answers_an_error_for_a_line_over_the_cap_and_goes_on() {
    let mut input = b"reopen a case\n".to_vec();
    input.extend(vec![b'a'; 2 << 20]);
    input.extend(b" rca\ncorupted data\nlast line without newline");
    let out = supportkb_with_stdin(&["search", "--jsonl", "--limit", "1"], &input);
    assert_eq!(out.status.code(), Some(0));
    // The long line is not echoed back.
    assert!(out.stdout.len() < 64 << 10, "{} bytes", out.stdout.len());
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0]["query"], "reopen a case");
    assert_eq!(lines[1]["error"]["kind"], "line_too_long");
    assert_eq!(lines[1]["error"]["line"], 2);
    assert!(lines[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("line 2"));
    assert_eq!(lines[2]["query"], "corupted data");
    assert_eq!(lines[3]["query"], "last line without newline");
}

/// Fails when `output` holds a control character other than line feed and tab.
fn assert_no_terminal_controls(what: &str, output: &[u8]) {
    let text = String::from_utf8_lossy(output);
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert!(bad.is_empty(), "{what} has controls {bad:?}:\n{text}");
}

/// A folder whose title, heading, body and file names carry terminal escapes (OSC title, OSC 52
/// clipboard, clear screen, 8-bit CSI), plus a broken file whose diagnostic names it.
fn hostile_folder() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("evil\x1b]0;owned\x07.md"),
        "---\ntitle: \"Evil \\x1b]0;pwned\\x07 title \\x9b2J\"\n---\n\
         # Heading \x1b[2J\x1b[H clear {#evil}\n\n\
         The wombat \x1b]52;c;ZXZpbA==\x07 clipboard \u{9b}31m and\r\x1b[Kforged wombat.\n",
    )
    .unwrap();
    std::fs::write(folder.path().join("bad\x1b[2J.md"), b"\xff\xfe not utf-8\n").unwrap();
    folder
}

#[test]
fn control_characters_from_files_never_reach_the_terminal() {
    let folder = hostile_folder();
    let dir = folder.path().to_str().unwrap();
    let out = supportkb(&["search", "wombat", "--corpus", dir, "--no-index"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("wombat"), "{stdout}");
    assert!(stdout.contains("\\u{1b}"), "escapes stay visible: {stdout}");
    assert_no_terminal_controls("search stdout", &out.stdout);
    assert_no_terminal_controls("search stderr (diagnostics)", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad\\u{1b}[2J.md"));

    let out = supportkb(&["show", "evil\x1b]0;owned\x07.md", "--corpus", dir]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("wombat"));
    assert_no_terminal_controls("show stdout", &out.stdout);
    assert_no_terminal_controls("show stderr", &out.stderr);

    let out = supportkb(&["show", "nope\x1b]0;x\x07.md", "--corpus", dir]);
    assert_eq!(out.status.code(), Some(2));
    assert_no_terminal_controls("show error", &out.stderr);
    let out = supportkb(&["show", "#\x1b[2J"]);
    assert_eq!(out.status.code(), Some(2));
    assert_no_terminal_controls("show usage error", &out.stderr);

    let index_dir = tempfile::tempdir().unwrap();
    let out = supportkb(&[
        "index",
        "--corpus",
        dir,
        "--index-dir",
        index_dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("      bad\\u{1b}[2J.md"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_no_terminal_controls("index stdout", &out.stdout);
    assert_no_terminal_controls("index stderr", &out.stderr);
}

#[test]
fn json_output_escapes_every_control_character() {
    let folder = hostile_folder();
    let dir = folder.path().to_str().unwrap();
    let out = supportkb(&["search", "wombat", "--corpus", dir, "--no-index", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_no_terminal_controls("search --json", &out.stdout);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Escaped, not altered: the JSON still carries the exact title.
    assert_eq!(
        value["hits"][0]["title"],
        "Evil \x1b]0;pwned\x07 title \u{9b}2J"
    );

    let out = supportkb_with_stdin(
        &["search", "--corpus", dir, "--no-index", "--jsonl"],
        "wombat\n\u{9b}2J\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_no_terminal_controls("search --jsonl", &out.stdout);
    assert_eq!(json_lines(&out)[1]["query"], "\u{9b}2J");

    let out = supportkb(&["show", "evil\x1b]0;owned\x07.md", "--corpus", dir, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_no_terminal_controls("show --json", &out.stdout);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(value["markdown"].as_str().unwrap().contains("\u{9b}31m"));
}

#[test]
fn show_errors_echo_a_huge_name_clipped() {
    let long = "x".repeat(100_000);
    for target in [
        format!("{long}.md"),
        format!("reopening-incidents.md#{long}"),
    ] {
        let out = supportkb(&["show", &target]);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stderr.len() < 2_000, "{} bytes", out.stderr.len());
        assert!(String::from_utf8_lossy(&out.stderr).contains("x…"));
    }
    let err = engine().show(&long, None).unwrap_err().to_string();
    assert!(err.len() < 1_000, "{} bytes", err.len());
}

// --- Issue 10: every hit names its source; a search can be restricted to some; the FAQ ranks first ---

#[test]
fn hits_name_their_source_and_searches_can_be_restricted_to_one() {
    let (engine, _) = Engine::with_corpora(&[fixture_dir()]).unwrap();
    assert_eq!(engine.source_names(), ["faq", "search-corpus"]);
    let infos = engine.corpora();
    assert_eq!(
        (infos[0].label.as_str(), infos[1].label.as_str()),
        ("Policy FAQ", "search-corpus")
    );

    let all = engine.search("zebrafish", 5);
    assert!(all.hits.iter().all(|h| h.source == "search-corpus"));
    assert_eq!(all.hits[0].date.as_deref(), Some("2021-01-26"));
    assert_eq!(all.hits[0].date_label.as_deref(), Some("26 Jan 2021"));
    let faq = engine.search("reopen a closed case", 5);
    assert!(faq
        .hits
        .iter()
        .any(|h| h.source == "faq" && h.date.is_none()));

    let only_faq = engine
        .search_sources("zebrafish reopen", 50, &["faq".to_string()])
        .unwrap();
    assert!(!only_faq.hits.is_empty());
    assert!(only_faq.hits.iter().all(|h| h.source == "faq"));
    let only_folder = engine
        .search_sources("zebrafish reopen", 50, &["search-corpus".to_string()])
        .unwrap();
    assert!(!only_folder.hits.is_empty());
    assert!(only_folder.hits.iter().all(|h| h.source == "search-corpus"));
    assert_eq!(
        only_faq.total + only_folder.total,
        engine.search("zebrafish reopen", 50).total
    );

    let err = engine
        .search_sources("zebrafish", 5, &["nope".to_string()])
        .unwrap_err();
    assert!(matches!(err, EngineError::UnknownSource { .. }), "{err:?}");
    assert!(
        err.to_string().contains("faq, search-corpus"),
        "the message lists the known sources: {err}"
    );
}

#[test]
fn folders_sharing_a_name_are_told_apart_by_their_parents() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = ["team-a/docs", "team-b/docs", "kb/faq"]
        .iter()
        .map(|rel| {
            let dir = tmp.path().join(rel);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("a.md"), "# Numbat\n\nThe numbat page.\n").unwrap();
            dir
        })
        .collect();
    let (engine, _) = Engine::with_corpora(&dirs).unwrap();
    assert_eq!(
        engine.source_names(),
        ["faq", "team-a/docs", "team-b/docs", "kb/faq"]
    );
    let hits = engine
        .search_sources("numbat", 10, &["team-b/docs".to_string()])
        .unwrap()
        .hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].source, "team-b/docs");
}

#[test]
fn a_faq_passage_matching_as_well_as_a_folder_passage_ranks_above_it() {
    // A folder holding a copy of a FAQ page: both match exactly as well (same text, same index).
    let tmp = tempfile::tempdir().unwrap();
    let page = supportkb::corpus::embedded_file("using-support.md").unwrap();
    std::fs::write(tmp.path().join("using-support.md"), page).unwrap();
    let (engine, _) = Engine::with_corpora(&[tmp.path().to_path_buf()]).unwrap();
    let hits = engine.search("who can open a ticket", 200).hits;
    let first_copy = hits
        .iter()
        .position(|h| h.source != "faq" && h.anchor == "who-can-submit")
        .expect("the folder's copy matches");
    let faq = hits
        .iter()
        .position(|h| h.source == "faq" && h.anchor == "who-can-submit")
        .expect("the FAQ passage matches");
    assert!(faq < first_copy, "{hits:#?}");
    assert!(faq < 3, "{hits:#?}");
    assert_eq!(hits[0].source, "faq");
}

#[test]
fn cli_search_source_filters_and_rejects_unknown_names() {
    let fixture = fixture_dir();
    let fixture = fixture.to_str().unwrap();
    let out = supportkb(&[
        "search",
        "zebrafish reopen",
        "--corpus",
        fixture,
        "--no-index",
        "--source",
        "faq",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = value["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["source"] == "faq"), "{value}");

    let out = supportkb(&[
        "search",
        "zebrafish",
        "--corpus",
        fixture,
        "--no-index",
        "--source",
        "faq",
        "--source",
        "search-corpus",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(" · search-corpus · 26 Jan 2021"),
        "{stdout}"
    );

    let out = supportkb(&[
        "search",
        "zebrafish",
        "--corpus",
        fixture,
        "--source",
        "fish",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("\"fish\"") && stderr.contains("faq, search-corpus"),
        "{stderr}"
    );
}

#[test]
fn cli_groups_folder_problems_in_peoples_words() {
    let folder = tempfile::tempdir().unwrap();
    for name in ["a.md", "b.md", "c.md"] {
        std::fs::write(
            folder.path().join(name),
            "# Guide\n\nBody.\n\n[!INCLUDE[banner](includes/footer-banner.md)]\n",
        )
        .unwrap();
    }
    std::fs::write(folder.path().join("bin.md"), [0xff, 0xfe, 0x00]).unwrap();
    let dir = folder.path().to_str().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    let out = supportkb(&[
        "index",
        "--corpus",
        dir,
        "--index-dir",
        index_dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "    1 file is not plain text and was left out of search\n      bin.md\n    3 files include a fragment that is not in the folder: includes/footer-banner.md\n      a.md (line 5: includes/footer-banner.md)\n"
        ),
        "{stdout}"
    );

    let out = supportkb(&["search", "guide", "--corpus", dir, "--no-index"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: 3 files include a fragment that is not in the folder: includes/footer-banner.md"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("looked for"), "{stderr}");
}

#[test]
fn a_small_folders_own_page_is_not_outranked_by_weaker_faq_matches() {
    // A three-file folder in its own persistent index: on its own, BM25 finds "sandbox" in every file
    // and weighs it at almost nothing; scored with the statistics of every index searched, the page
    // about refreshing a sandbox ranks first for its own words.
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("team-docs");
    std::fs::create_dir(&folder).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/desktop-folder");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
    }
    let engine = Engine::embedded().unwrap();
    let options = supportkb::folder_index::IndexOptions {
        base_dir: Some(tmp.path().join("indexes")),
        ..Default::default()
    };
    engine.add_folder(&folder, &options, &|_| {}).unwrap();
    for question in [
        "sandbox environment refresh",
        "refreshing a sandbox",
        "sandbox refresh runbook",
    ] {
        let hits = engine.search(question, 5).hits;
        assert_eq!(
            hits[0].doc, "environment-refresh.md",
            "{question}: {hits:#?}"
        );
        assert_eq!(hits[0].source, "team-docs", "{question}");
    }
    // The FAQ still answers its own questions first.
    let hits = engine.search("who can open a support request", 5).hits;
    assert_eq!(hits[0].source, "faq", "{hits:#?}");
}
