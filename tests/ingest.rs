//! Ingestion (`supportkb::corpus`): markdown → sections, Microsoft Learn extensions, broken files.
//! Fixture corpora live in `tests/fixtures/ingest/`; broken files that cannot be committed as text
//! (non-UTF-8 bytes) are written into a temporary folder by the test itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use supportkb::corpus::{self, Corpus, Diagnostic, DiagnosticSeverity, FileRole, Section};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn section<'a>(corpus: &'a Corpus, doc: &str, anchor: &str) -> &'a Section {
    corpus
        .document(doc)
        .unwrap_or_else(|| panic!("no document {doc}"))
        .sections
        .iter()
        .find(|s| s.anchor == anchor)
        .unwrap_or_else(|| panic!("no section {doc}#{anchor}"))
}

fn anchors(corpus: &Corpus, doc: &str) -> Vec<String> {
    corpus
        .document(doc)
        .unwrap()
        .sections
        .iter()
        .map(|s| s.anchor.clone())
        .collect()
}

fn warning(path: &str, line: usize, message: &str) -> Diagnostic {
    Diagnostic {
        path: path.into(),
        line: Some(line),
        severity: DiagnosticSeverity::Warning,
        message: message.into(),
    }
}

#[test]
fn embedded_corpus_loads_cleanly_and_has_every_contract_anchor() {
    let corpus = corpus::embedded();
    assert!(corpus.diagnostics.is_empty(), "{:#?}", corpus.diagnostics);
    assert!(
        !corpus.documents.is_empty(),
        "docs-corpus/ has no documents"
    );
    let contract =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/anchors.md"))
            .unwrap();
    let mut checked = 0;
    for row in contract
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(".md |"))
    {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (doc, anchor) = (cells[1], cells[2]);
        let document = corpus
            .document(doc)
            .unwrap_or_else(|| panic!("docs/anchors.md names {doc}, not in docs-corpus/"));
        assert!(
            document.sections.iter().any(|s| s.anchor == anchor),
            "docs/anchors.md names {doc}#{anchor}; the document has {:?}",
            document
                .sections
                .iter()
                .map(|s| &s.anchor)
                .collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert!(
        checked >= 50,
        "only {checked} rows read from docs/anchors.md"
    );
    assert!(corpus::embedded_file("synonyms.toml").is_some());
    assert!(corpus::embedded_files()
        .iter()
        .any(|(path, _)| *path == "policy/policies.toml"));
    assert_eq!(corpus::embedded_file("no-such-file.toml"), None);
}

#[test]
fn power_platform_docs_load_without_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/power-platform");
    if !root.is_dir() {
        println!("skipped: {} is absent", root.display());
        return;
    }
    let started = Instant::now();
    let corpus = corpus::load_dir(&root).unwrap();
    let elapsed = started.elapsed();
    let fragments = corpus
        .files
        .iter()
        .filter(|f| f.role == FileRole::Fragment)
        .count();
    let errors: Vec<&Diagnostic> = corpus
        .diagnostics
        .iter()
        .filter(|d| d.severity == DiagnosticSeverity::Error)
        .collect();
    let warnings = corpus.diagnostics.len() - errors.len();
    println!(
        "power-platform: {} files, {} documents, {} fragments, {} sections, {} errors, {} warnings, {:?}",
        corpus.files.len(),
        corpus.documents.len(),
        fragments,
        corpus.sections().count(),
        errors.len(),
        warnings,
        elapsed
    );
    for d in corpus.diagnostics.iter().take(20) {
        println!("  {d}");
    }
    assert!(corpus.documents.len() > 500);
    assert_eq!(
        corpus.documents.len()
            + fragments
            + errors
                .iter()
                .map(|d| &d.path)
                .collect::<BTreeSet<_>>()
                .len(),
        corpus.files.len()
    );
    // No Learn syntax survives into the plain text.
    // (The corpus README quotes the syntax in code spans, so it is left out.)
    for s in corpus.sections().filter(|s| s.doc != "README.md") {
        assert!(!s.text.contains(":::image"), "{}#{}", s.doc, s.anchor);
        assert!(
            !s.text.to_ascii_uppercase().contains("[!INCLUDE"),
            "{}#{}: {}",
            s.doc,
            s.anchor,
            s.text
        );
    }
    // The streaming form sees the same documents.
    let scan = corpus::scan(&root).unwrap();
    let seen = Mutex::new(0usize);
    scan.for_each(|loaded| {
        if loaded.document.is_some() {
            *seen.lock().unwrap() += 1;
        }
    });
    assert_eq!(seen.into_inner().unwrap(), corpus.documents.len());
}
