//! Issue 5: persistent incremental indexes over real documentation folders.
//!
//! The power-platform corpus (`../shared/corpora/power-platform`, present in CI) is copied to a temporary
//! folder and indexed fully; the relevance set `tests/data/power-platform-relevance.toml` must reach
//! hit@3 >= 0.8; with the same index added to an `Engine` next to the policy FAQ, the FAQ questions of
//! `tests/data/relevance.toml` keep hit@3 >= 0.95 (the FAQ ranks first, issue 10) and the folder's
//! questions still reach hit@3 >= 0.8. The folder is required: the test fails without it (CI has it).
//! Smaller fixture folders check incremental updates, include dependencies, a corrupted
//! index directory, the commit-then-manifest order, an unwritable data directory, and the folder watcher.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Deserialize;
use supportkb::folder_index::{IndexError, IndexOptions, PersistentIndex, UpdateReport};
use supportkb::search::Synonyms;
use supportkb::watch::{FolderWatcher, DEFAULT_DEBOUNCE};

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn synonyms() -> Arc<Synonyms> {
    Arc::new(supportkb::embedded_synonyms().unwrap())
}

pub(crate) fn open(corpus: &Path, base: &Path) -> PersistentIndex {
    let options = IndexOptions {
        base_dir: Some(base.to_path_buf()),
        ..IndexOptions::default()
    };
    PersistentIndex::open(corpus, &options, synonyms()).unwrap()
}

fn update(index: &PersistentIndex) -> UpdateReport {
    index.update(&|_| {}).unwrap()
}

/// Distinct documents of the first hits, best first.
fn top_docs(index: &PersistentIndex, query: &str, n: usize) -> Vec<String> {
    let found = index.search(query, 40).unwrap();
    let mut docs: Vec<String> = Vec::new();
    for hit in found.hits {
        if !docs.contains(&hit.doc) {
            docs.push(hit.doc);
        }
        if docs.len() == n {
            break;
        }
    }
    docs
}

fn hits_for(index: &PersistentIndex, query: &str) -> usize {
    index.search(query, 100).unwrap().total
}

#[derive(Debug, Deserialize)]
struct RelevanceFile {
    case: Vec<RelevanceCase>,
}

#[derive(Debug, Deserialize)]
struct RelevanceCase {
    question: String,
    expect: Vec<String>,
}

#[test]
fn power_platform_corpus_indexes_fully_and_answers_the_relevance_set() {
    let source = crate::power_platform_docs();
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("power-platform");
    copy_tree(&source, &corpus);
    let base = tmp.path().join("indexes");
    let index = open(&corpus, &base);

    let start = Instant::now();
    let report = update(&index);
    println!(
        "power-platform: {} files, {} documents, {} sections, {} include fragments, {} skipped, {} warnings, {:.2} s",
        report.files,
        report.documents,
        report.sections,
        report.fragments,
        report.skipped.len(),
        report.warnings.len(),
        start.elapsed().as_secs_f64()
    );
    for d in &report.skipped {
        println!("  skipped {}: {}", d.path, d.message);
    }
    assert_eq!(report.files, 849, "every markdown file was scanned");
    assert_eq!(
        report.documents + report.fragments + report.skipped.len(),
        report.files,
        "every file is a document, a fragment, or reported as skipped"
    );
    assert!(report.documents > 500, "{report:?}");
    assert!(report.sections > 3000, "{report:?}");
    assert_eq!(report.added, report.files - report.skipped.len());

    // Every document's sections come back from the index in document order (two indexing threads).
    let scan = supportkb::corpus::scan(&corpus).unwrap();
    let stored = index.sections().unwrap();
    for doc in [
        "power-platform/admin/backup-restore-environments.md",
        "power-platform/admin/support-overview.md",
    ] {
        let parsed: Vec<String> = scan
            .load(doc)
            .document
            .unwrap()
            .sections
            .into_iter()
            .map(|s| s.anchor)
            .collect();
        let from_index: Vec<String> = stored
            .iter()
            .filter(|s| s.doc == doc)
            .map(|s| s.anchor.clone())
            .collect();
        assert_eq!(from_index, parsed, "{doc}");
    }
    assert_eq!(stored.len(), report.sections);

    // Include fragments are expanded into documents and never returned themselves.
    let fragment_hits = index
        .search("pn-dyn-365 customer engagement apps", 50)
        .unwrap();
    assert!(fragment_hits
        .hits
        .iter()
        .all(|h| !h.doc.split('/').any(|part| part == "includes")));

    // Relevance: the expected file among the first three distinct documents.
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/power-platform-relevance.toml"),
    )
    .unwrap();
    let cases: RelevanceFile = toml::from_str(&text).unwrap();
    assert!(cases.case.len() >= 25);
    let (mut hit1, mut hit3) = (0usize, 0usize);
    for case in &cases.case {
        for doc in &case.expect {
            assert!(corpus.join(doc).is_file(), "{doc} does not exist");
        }
        let top = top_docs(&index, &case.question, 3);
        if top.first().is_some_and(|d| case.expect.contains(d)) {
            hit1 += 1;
        }
        if top.iter().any(|d| case.expect.contains(d)) {
            hit3 += 1;
        } else {
            println!("  miss: {:?} → {:?}", case.question, top);
        }
    }
    let n = cases.case.len() as f64;
    let (h1, h3) = (hit1 as f64 / n, hit3 as f64 / n);
    println!(
        "power-platform relevance: {} questions, hit@1 {h1:.2}, hit@3 {h3:.2}",
        cases.case.len()
    );
    assert!(h3 >= 0.8, "hit@3 {h3:.2} < 0.8");

    // The same index, added to an engine next to the policy FAQ (reopened, not rebuilt: it is current).
    faq_stays_on_top_with_the_folder_added(&corpus, &base, &cases);

    // Nothing changed: nothing is touched.
    let again = update(&index);
    assert_eq!(
        (
            again.added,
            again.changed,
            again.removed,
            again.sections_written
        ),
        (0, 0, 0, 0)
    );
    assert!(index.is_current().unwrap());

    // One file changed: only that file is indexed again.
    let doc = "power-platform/admin/backup-restore-environments.md";
    let before = index.manifest().unwrap().files[doc].sections;
    let mut text = fs::read_to_string(corpus.join(doc)).unwrap();
    text.push_str(
        "\n## Quokka retention drill\n\nRehearse restores with the quokkadrill checklist.\n",
    );
    fs::write(corpus.join(doc), text).unwrap();
    assert!(!index.is_current().unwrap());
    let start = Instant::now();
    let one = update(&index);
    println!(
        "one-file update: {:.1} ms (debug build)",
        start.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!((one.added, one.changed, one.removed), (0, 1, 0), "{one:?}");
    assert_eq!(one.sections_written, before + 1);
    assert_eq!(one.sections, report.sections + 1);
    assert_eq!(top_docs(&index, "quokkadrill", 3), vec![doc.to_string()]);
}

/// Issue 10: with the power-platform folder added, the relevance suite's FAQ questions keep hit@3 >= 0.95
/// and the folder's own questions (answered by the folder, FAQ passages now among the hits) hit@3 >= 0.8.
fn faq_stays_on_top_with_the_folder_added(corpus: &Path, base: &Path, cases: &RelevanceFile) {
    let engine = supportkb::Engine::embedded().unwrap();
    let options = IndexOptions {
        base_dir: Some(base.to_path_buf()),
        ..IndexOptions::default()
    };
    let start = Instant::now();
    let added = engine.add_folder(corpus, &options, &|_| {}).unwrap();
    assert!(added.persistent, "{:?}", added.diagnostics);
    println!(
        "engine reopened the folder's index in {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let (_, at3, _, report) = super::relevance::faq_relevance(&engine);
    assert!(
        at3 >= 0.95,
        "FAQ questions with the power-platform folder added: hit@3 {at3:.3} < 0.95\n{report}"
    );

    let mut hit3 = 0usize;
    for case in &cases.case {
        let mut docs: Vec<String> = Vec::new();
        for hit in engine.search(&case.question, 40).hits {
            let doc = format!("{}:{}", hit.source, hit.doc);
            if !docs.contains(&doc) {
                docs.push(doc);
            }
        }
        if docs.iter().take(3).any(|d| {
            case.expect
                .iter()
                .any(|e| *d == format!("power-platform:{e}"))
        }) {
            hit3 += 1;
        } else {
            println!(
                "  miss with the FAQ: {:?} → {:?}",
                case.question,
                &docs[..docs.len().min(3)]
            );
        }
    }
    let h3 = hit3 as f64 / cases.case.len() as f64;
    println!("power-platform relevance through the engine (FAQ included): hit@3 {h3:.2}");
    assert!(
        h3 >= 0.8,
        "folder questions with the FAQ: hit@3 {h3:.2} < 0.8"
    );
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A small Learn-style folder: two documents sharing an include fragment.
fn fixture(root: &Path) {
    write(
        root,
        "a.md",
        "---\ntitle: Alpha guide\n---\n# Alpha guide\n\nIntro about [!INCLUDE[product](includes/product.md)].\n\n## Wombat setup\n\nConfigure the wombat gateway.\n",
    );
    write(
        root,
        "b.md",
        "---\ntitle: Beta guide\n---\n# Beta guide\n\nBeta uses [!INCLUDE[product](includes/product.md)] too.\n\n## Platypus limits\n\nThe platypus quota is small.\n",
    );
    write(root, "includes/product.md", "Contoso Flux");
}

/// The fixture folder in a temporary directory, with index options keeping indexes there too.
fn fixture_with_index_dir() -> (tempfile::TempDir, PathBuf, IndexOptions) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let options = IndexOptions {
        base_dir: Some(tmp.path().join("indexes")),
        ..IndexOptions::default()
    };
    (tmp, corpus, options)
}

#[test]
fn incremental_updates_touch_only_changed_files_and_their_includers() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let index = open(&corpus, &tmp.path().join("indexes"));
    let first = update(&index);
    assert_eq!((first.files, first.documents, first.fragments), (3, 2, 1));
    assert_eq!(first.added, 3);
    assert_eq!(
        hits_for(&index, "flux"),
        2,
        "the include is expanded in both documents"
    );

    // Touching a file without changing it re-hashes it but indexes nothing.
    let text = fs::read_to_string(corpus.join("a.md")).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    fs::write(corpus.join("a.md"), &text).unwrap();
    let touched = update(&index);
    assert_eq!((touched.changed, touched.sections_written), (0, 0));

    // Changing the fragment re-indexes both includers, not the fragment as a document.
    write(&corpus, "includes/product.md", "Contoso Nimbus");
    let frag = update(&index);
    assert_eq!(frag.changed, 3, "{frag:?}");
    assert_eq!(hits_for(&index, "nimbus"), 2);
    assert_eq!(hits_for(&index, "flux"), 0);

    // A new file, then a deleted file.
    write(&corpus, "c.md", "# Gamma\n\nThe echidna runbook.\n");
    let added = update(&index);
    assert_eq!((added.added, added.changed, added.removed), (1, 0, 0));
    assert_eq!(hits_for(&index, "echidna"), 1);
    fs::remove_file(corpus.join("b.md")).unwrap();
    let removed = update(&index);
    assert_eq!((removed.added, removed.changed, removed.removed), (0, 0, 1));
    assert_eq!(hits_for(&index, "platypus"), 0);
    assert_eq!(removed.documents, 2);

    // A reopened index is current and answers without re-indexing.
    drop(index);
    let reopened = open(&corpus, &tmp.path().join("indexes"));
    assert!(reopened.is_current().unwrap());
    assert_eq!(hits_for(&reopened, "echidna"), 1);
    let exported: BTreeSet<String> = reopened
        .sections()
        .unwrap()
        .into_iter()
        .map(|s| format!("{}#{}", s.doc, s.anchor))
        .collect();
    assert!(exported.contains("a.md#wombat-setup"), "{exported:?}");
    assert!(!exported.iter().any(|s| s.starts_with("includes/")));
}

#[test]
fn unreadable_files_are_reported_and_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    fs::write(corpus.join("binary.md"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let index = open(&corpus, &tmp.path().join("indexes"));
    let report = update(&index);
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert_eq!(report.skipped[0].path, "binary.md");
    assert_eq!(report.documents, 2);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_folder_is_never_indexed() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    write(
        tmp.path(),
        "secret.md",
        "# Secret\n\nThe password is hunter2.\n",
    );
    symlink(tmp.path().join("secret.md"), corpus.join("secret.md")).unwrap();
    symlink("/proc/self/environ", corpus.join("env.md")).unwrap();
    symlink("/proc/kmsg", corpus.join("kmsg.md")).unwrap();
    let index = open(&corpus, &tmp.path().join("indexes"));
    let report = update(&index);
    assert_eq!(report.documents, 2, "{report:?}");
    let skipped: Vec<&str> = report.skipped.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(skipped, ["env.md", "kmsg.md", "secret.md"], "{report:?}");
    assert_eq!(hits_for(&index, "hunter2"), 0);
    assert_eq!(hits_for(&index, "password"), 0);
    // The refused links do not make every later refresh rescan the folder.
    assert!(index.is_current().unwrap());

    // A link inside the folder is followed; retargeted out of it, its document is dropped.
    symlink(corpus.join("b.md"), corpus.join("moved.md")).unwrap();
    index.refresh(&|_| {}).unwrap();
    assert_eq!(top_docs(&index, "platypus", 3), ["b.md", "moved.md"]);
    fs::remove_file(corpus.join("moved.md")).unwrap();
    symlink(tmp.path().join("secret.md"), corpus.join("moved.md")).unwrap();
    let report = index.refresh(&|_| {}).unwrap();
    assert!(
        report.skipped.iter().any(|d| d.path == "moved.md"),
        "{report:?}"
    );
    assert_eq!(top_docs(&index, "platypus", 3), ["b.md"]);
    assert_eq!(hits_for(&index, "hunter2"), 0);

    // The reproduction of issue 12: the environment of the process doing the indexing stays private.
    let data = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(["search", "--json", "--corpus"])
        .arg(&corpus)
        .arg("hunter2")
        .env("SECRET", "hunter2")
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["hits"].as_array().map(Vec::len), Some(0), "{value}");
}

#[test]
fn corrupted_or_foreign_index_directories_are_set_aside_and_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let base = tmp.path().join("indexes");
    let dir = {
        let index = open(&corpus, &base);
        update(&index);
        index.dir().to_path_buf()
    };

    // Garbage in tantivy's meta.json.
    fs::write(dir.join("tantivy/meta.json"), "{ this is not an index").unwrap();
    let index = open(&corpus, &base);
    let report = update(&index);
    assert!(
        report.notices.iter().any(|n| n.contains("unusable")),
        "{report:?}"
    );
    assert!(dir
        .with_file_name(format!(
            "{}.broken",
            dir.file_name().unwrap().to_string_lossy()
        ))
        .is_dir());
    assert_eq!(report.added, 3, "rebuilt from scratch");
    assert_eq!(hits_for(&index, "wombat"), 1);
    drop(index);

    // An index written by another format version.
    fs::write(dir.join("VERSION"), "supportkb-index 999 schema 999").unwrap();
    let index = open(&corpus, &base);
    let report = update(&index);
    assert!(
        report.notices.iter().any(|n| n.contains("another version")),
        "{report:?}"
    );
    assert_eq!(hits_for(&index, "platypus"), 1);
    drop(index);

    // A truncated manifest.
    fs::write(dir.join("manifest.json"), "{\"format\":1,").unwrap();
    let index = open(&corpus, &base);
    let report = update(&index);
    assert!(
        report.notices.iter().any(|n| n.contains("manifest")),
        "{report:?}"
    );
    assert_eq!(hits_for(&index, "platypus"), 1);
}

#[test]
fn a_kill_between_commit_and_manifest_leaves_a_usable_index_that_catches_up() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let base = tmp.path().join("indexes");
    let index = open(&corpus, &base);
    update(&index);
    let manifest_path = index.dir().join("manifest.json");
    let old_manifest = fs::read(&manifest_path).unwrap();

    // The update commits tantivy, then writes the manifest; putting the old manifest back is exactly the
    // state a kill between the two leaves behind.
    write(
        &corpus,
        "a.md",
        "# Alpha guide\n\n## Wombat setup\n\nConfigure the kookaburra relay.\n",
    );
    update(&index);
    drop(index);
    fs::write(&manifest_path, old_manifest).unwrap();

    let index = open(&corpus, &base);
    assert_eq!(
        hits_for(&index, "kookaburra"),
        1,
        "the committed index is usable"
    );
    assert!(
        !index.is_current().unwrap(),
        "the manifest is behind: the change is pending"
    );
    let redo = update(&index);
    assert_eq!((redo.added, redo.changed), (0, 1), "{redo:?}");
    assert_eq!(
        hits_for(&index, "kookaburra"),
        1,
        "redoing does not duplicate sections"
    );
    assert_eq!(hits_for(&index, "wombat"), 1);
    assert_eq!(redo.sections, index.sections().unwrap().len());
}

#[test]
fn an_unwritable_data_directory_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    // A regular file where the data directory should be: creating folders under it fails even as root.
    let blocker = tmp.path().join("not-a-dir");
    fs::write(&blocker, "").unwrap();
    let options = IndexOptions {
        base_dir: Some(blocker.join("indexes")),
        ..IndexOptions::default()
    };
    let err = PersistentIndex::open(&corpus, &options, synonyms()).unwrap_err();
    assert!(matches!(err, IndexError::DataDir { .. }), "{err:?}");
    assert!(
        err.to_string().contains("cannot write the index directory"),
        "{err}"
    );

    let missing =
        PersistentIndex::open(&tmp.path().join("nope"), &options, synonyms()).unwrap_err();
    assert!(matches!(missing, IndexError::Corpus { .. }), "{missing:?}");
    assert!(missing.to_string().contains("nope"), "{missing}");
}

#[cfg(unix)]
#[test]
fn the_watcher_never_indexes_a_symlink_out_of_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let index = Arc::new(open(&corpus, &tmp.path().join("indexes")));
    update(&index);
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = FolderWatcher::start(Arc::clone(&index), DEFAULT_DEBOUNCE, move |result| {
        let _ = tx.send(result.map_err(|err| err.to_string()));
    })
    .unwrap();
    write(
        tmp.path(),
        "secret.md",
        "# Secret\n\nThe password is hunter2.\n",
    );
    std::os::unix::fs::symlink(tmp.path().join("secret.md"), corpus.join("leak.md")).unwrap();
    write(
        &corpus,
        "new.md",
        "# Cassowary\n\nThe cassowary escalation path.\n",
    );
    // Waits for the re-index that saw new.md, written after the link (the timeout only guards against
    // a hang).
    let report = loop {
        let report = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the watcher re-indexed the folder")
            .unwrap();
        if hits_for(&index, "cassowary") == 1 {
            break report;
        }
    };
    assert!(
        report.skipped.iter().any(|d| d.path == "leak.md"),
        "{report:?}"
    );
    assert_eq!(hits_for(&index, "hunter2"), 0);
    assert_eq!(hits_for(&index, "password"), 0);
    drop(watcher);
}

#[test]
fn the_watcher_makes_a_new_file_searchable_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let index = Arc::new(open(&corpus, &tmp.path().join("indexes")));
    update(&index);
    let updates = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new(Vec::new()));
    let watcher = {
        let updates = Arc::clone(&updates);
        let errors = Arc::clone(&errors);
        FolderWatcher::start(Arc::clone(&index), DEFAULT_DEBOUNCE, move |result| {
            match result {
                Ok(_) => updates.fetch_add(1, Ordering::SeqCst),
                Err(err) => {
                    errors.lock().unwrap().push(err.to_string());
                    0
                }
            };
        })
        .unwrap()
    };
    // Let the OS watch settle before the change.
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    write(
        &corpus,
        "guides/new.md",
        "# Cassowary\n\nThe cassowary escalation path.\n",
    );
    let deadline = Duration::from_secs(5);
    while hits_for(&index, "cassowary") == 0 && start.elapsed() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let latency = start.elapsed();
    println!(
        "watcher: change searchable after {:.0} ms",
        latency.as_secs_f64() * 1000.0
    );
    assert_eq!(
        hits_for(&index, "cassowary"),
        1,
        "not searchable within {deadline:?}"
    );
    assert!(latency < Duration::from_secs(2), "{latency:?}");

    fs::remove_file(corpus.join("guides/new.md")).unwrap();
    let start = Instant::now();
    while hits_for(&index, "cassowary") > 0 && start.elapsed() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(hits_for(&index, "cassowary"), 0, "deletion not seen");
    watcher.stop();
    assert!(
        errors.lock().unwrap().is_empty(),
        "{:?}",
        errors.lock().unwrap()
    );
    assert!(updates.load(Ordering::SeqCst) >= 2);
}

#[test]
fn the_engine_searches_a_folder_through_its_persistent_index() {
    let (tmp, corpus, options) = fixture_with_index_dir();
    let (engine, diagnostics) =
        supportkb::Engine::with_persistent_corpora(std::slice::from_ref(&corpus), &options)
            .unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let results = engine.search("wombat gateway", 5);
    assert_eq!(results.hits.first().map(|h| h.doc.as_str()), Some("a.md"));
    assert!(
        !engine.search("reopen a closed incident", 5).hits.is_empty(),
        "embedded corpus still searched"
    );
    let shown = engine.show("a.md", Some("wombat-setup")).unwrap();
    assert!(shown.markdown.contains("wombat gateway"), "{shown:?}");

    // A second engine reuses the index: nothing is parsed again.
    let index = open(&corpus, &tmp.path().join("indexes"));
    assert!(index.is_current().unwrap());
    let refreshed = index.refresh(&|_| {}).unwrap();
    assert_eq!(
        (
            refreshed.files,
            refreshed.documents,
            refreshed.sections_written
        ),
        (3, 2, 0)
    );
    write(&corpus, "b.md", "# Beta\n\nThe numbat note.\n");
    assert_eq!(index.refresh(&|_| {}).unwrap().changed, 1);
    assert_eq!(hits_for(&index, "numbat"), 1);

    // Removing the folder removes its hits.
    engine.remove_corpus(&corpus).unwrap();
    assert!(engine
        .search("wombat gateway", 5)
        .hits
        .iter()
        .all(|h| h.doc != "a.md"));

    // An unwritable data directory: the folder is searched in memory, with a warning.
    let blocker = tmp.path().join("blocker");
    fs::write(&blocker, "").unwrap();
    let unwritable = IndexOptions {
        base_dir: Some(blocker.join("indexes")),
        ..IndexOptions::default()
    };
    let (engine, diagnostics) =
        supportkb::Engine::with_persistent_corpora(std::slice::from_ref(&corpus), &unwritable)
            .unwrap();
    assert!(
        diagnostics.iter().any(|d| d.message.contains("in memory")),
        "{diagnostics:?}"
    );
    assert_eq!(
        engine
            .search("wombat gateway", 5)
            .hits
            .first()
            .map(|h| h.doc.as_str()),
        Some("a.md")
    );
}

#[test]
fn a_watched_folder_in_the_engine_shows_edits_in_search_and_in_the_reader() {
    let (_tmp, corpus, options) = fixture_with_index_dir();
    let engine = supportkb::Engine::embedded().unwrap();
    let report = engine.add_folder(&corpus, &options, &|_| {}).unwrap();
    assert!(report.persistent, "{report:?}");
    assert_eq!((report.corpus.documents, report.corpus.sections), (2, 4));
    let (tx, rx) = std::sync::mpsc::channel();
    engine
        .watch_corpus(&corpus, move |update| {
            let _ = tx.send(update);
        })
        .unwrap();
    assert!(engine.is_watched(&corpus));
    std::thread::sleep(Duration::from_millis(100));

    write(
        &corpus,
        "guides/escalation.md",
        "# Cassowary escalation\n\nThe cassowary escalation path.\n",
    );
    let update = rx.recv_timeout(Duration::from_secs(5)).unwrap().unwrap();
    assert_eq!(update.documents, 3, "{update:?}");
    assert_eq!(
        engine
            .search("cassowary", 5)
            .hits
            .first()
            .map(|h| h.doc.as_str()),
        Some("guides/escalation.md")
    );
    let shown = engine.show("guides/escalation.md", None).unwrap();
    assert!(shown.markdown.contains("cassowary escalation path"));
    assert!(engine
        .documents()
        .iter()
        .any(|d| d.doc == "guides/escalation.md"));

    // Removing the folder stops the watch: later edits reach nobody.
    engine.remove_corpus(&corpus).unwrap();
    assert!(!engine.is_watched(&corpus));
    write(&corpus, "late.md", "# Late\n\nA kiwi note.\n");
    assert!(rx.recv_timeout(Duration::from_millis(600)).is_err());
    assert!(engine.search("kiwi", 5).hits.is_empty());
}

#[test]
fn only_a_persistent_folder_can_be_watched() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let engine = supportkb::Engine::embedded().unwrap();
    engine.add_corpus(&corpus).unwrap();
    let err = engine.watch_corpus(&corpus, |_| {}).unwrap_err();
    assert!(
        err.to_string().contains("not kept in a persistent index"),
        "{err}"
    );
    let missing = engine
        .add_folder(
            &tmp.path().join("nowhere"),
            &IndexOptions::default(),
            &|_| {},
        )
        .unwrap_err();
    assert!(missing.to_string().contains("nowhere"), "{missing}");
}

/// Every section of the index as `doc#anchor` plus its text, for comparing with a fresh build.
pub(crate) fn contents(index: &PersistentIndex) -> BTreeSet<String> {
    index
        .sections()
        .unwrap()
        .into_iter()
        .map(|s| format!("{}#{}\n{}", s.doc, s.anchor, s.text))
        .collect()
}

/// Every hit of each query as a set of `doc#anchor` (tied scores may come in another order from
/// another build: parsing threads add documents in any order).
pub(crate) fn answers(index: &PersistentIndex, queries: &[&str]) -> Vec<BTreeSet<String>> {
    queries
        .iter()
        .map(|q| {
            index
                .search(q, 10_000)
                .unwrap()
                .hits
                .into_iter()
                .map(|h| format!("{}#{}", h.doc, h.anchor))
                .collect()
        })
        .collect()
}

/// What a fresh build of `corpus` holds and answers (in its own index directory).
fn fresh_contents(corpus: &Path, queries: &[&str]) -> (BTreeSet<String>, Vec<BTreeSet<String>>) {
    let tmp = tempfile::tempdir().unwrap();
    let index = open(corpus, tmp.path());
    update(&index);
    (contents(&index), answers(&index, queries))
}

/// Files of the tantivy directory and the manifest, as a kill just before tantivy renames its new
/// `meta.json` leaves them: the previous commit's `meta.json`, `.managed.json` and manifest, next to the
/// files the interrupted commit had written.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    [
        "tantivy/meta.json",
        "tantivy/.managed.json",
        "manifest.json",
    ]
    .iter()
    .map(|rel| (dir.join(rel), fs::read(dir.join(rel)).unwrap()))
    .collect()
}

#[test]
fn a_kill_during_commit_leaves_stray_files_that_the_next_update_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let base = tmp.path().join("indexes");
    let index = open(&corpus, &base);
    update(&index);
    let dir = index.dir().to_path_buf();
    let before = snapshot(&dir);

    // The update deletes a.md's old sections (a `<segment>.<opstamp>.del` file) and adds new ones.
    write(
        &corpus,
        "a.md",
        "# Alpha guide\n\n## Wombat setup\n\nConfigure the kookaburra relay.\n",
    );
    update(&index);
    drop(index);
    for (path, bytes) in &before {
        fs::write(path, bytes).unwrap();
    }

    // Redoing the same update writes the same `.del` file name: it must not fail on the stray one.
    let index = open(&corpus, &base);
    let redo = index
        .update(&|_| {})
        .expect("the update after a kill succeeds");
    assert_eq!(redo.changed, 1, "{redo:?}");
    let queries = ["kookaburra", "wombat", "platypus", "flux"];
    let (fresh, answers) = fresh_contents(&corpus, &queries);
    assert_eq!(contents(&index), fresh);
    assert_eq!(self::answers(&index, &queries), answers);
}

/// A folder of `docs` generated documents sharing a vocabulary, big enough for segment files of a few
/// hundred kilobytes (deterministic).
fn generated_fixture(root: &Path, docs: usize) {
    const WORDS: [&str; 24] = [
        "dataverse",
        "gateway",
        "connector",
        "environment",
        "solution",
        "license",
        "capacity",
        "flow",
        "trigger",
        "table",
        "column",
        "security",
        "role",
        "portal",
        "canvas",
        "model",
        "driven",
        "plugin",
        "webhook",
        "audit",
        "backup",
        "restore",
        "quota",
        "tenant",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for d in 0..docs {
        let mut text = format!("# Topic {d}\n\n");
        for s in 0..4 {
            text.push_str(&format!("## Part {s} of topic {d}\n\n"));
            for _ in 0..120 {
                text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
                text.push_str(if next() % 9 == 0 { ".\n" } else { " " });
            }
            text.push_str(&format!("\nUnique marker word{d}x{s}.\n\n"));
        }
        write(root, &format!("topic-{:03}/doc-{d}.md", d % 7), &text);
    }
}

/// A generated folder of `docs` documents in a temporary directory, with index options keeping indexes
/// there too.
fn generated_with_index_dir(docs: usize) -> (tempfile::TempDir, PathBuf, IndexOptions) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    generated_fixture(&corpus, docs);
    let options = IndexOptions {
        base_dir: Some(tmp.path().join("indexes")),
        ..IndexOptions::default()
    };
    (tmp, corpus, options)
}

/// Overwrites the middle of the largest tantivy file with extension `ext` with up to 64 KB of garbage
/// (half the file at most), in place, as a bad sector or a stray write would.
fn scribble(index_dir: &Path, ext: &str) -> PathBuf {
    let target = fs::read_dir(index_dir.join("tantivy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .max_by_key(|p| fs::metadata(p).unwrap().len())
        .unwrap();
    let mut bytes = fs::read(&target).unwrap();
    let len = (bytes.len() / 2).min(64 * 1024);
    let start = (bytes.len() - len) / 2;
    for (i, b) in bytes[start..start + len].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(151) ^ 0xa5;
    }
    use std::io::{Seek, SeekFrom, Write};
    let mut file = fs::OpenOptions::new().write(true).open(&target).unwrap();
    file.seek(SeekFrom::Start(start as u64)).unwrap();
    file.write_all(&bytes[start..start + len]).unwrap();
    target
}

const GENERATED_QUERIES: [&str; 5] = [
    "dataverse",
    "gateway connector",
    "word17x2",
    "webhook audit",
    "tenant quota",
];

#[test]
fn garbage_in_a_segment_file_is_detected_and_the_index_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    generated_fixture(&corpus, 120);
    let (fresh, answers) = fresh_contents(&corpus, &GENERATED_QUERIES);
    assert!(answers.iter().all(|a| !a.is_empty()), "{answers:?}");
    for ext in ["idx", "term", "store", "pos"] {
        let base = tmp.path().join(format!("indexes-{ext}"));
        let dir = {
            let index = open(&corpus, &base);
            update(&index);
            index.dir().to_path_buf()
        };
        let damaged = scribble(&dir, ext);

        let index = open(&corpus, &base);
        let report = update(&index);
        let name = damaged.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            report
                .notices
                .iter()
                .any(|n| n.contains("checksum") && n.contains(&name)),
            "{ext}: {:?}",
            report.notices
        );
        assert_eq!(contents(&index), fresh, "{ext}");
        assert_eq!(self::answers(&index, &GENERATED_QUERIES), answers, "{ext}");
    }
}

#[test]
fn a_search_that_panics_on_a_damaged_index_is_caught_and_the_index_rebuilt() {
    let (tmp, corpus, options) = generated_with_index_dir(120);
    let (engine, _) =
        supportkb::Engine::with_persistent_corpora(std::slice::from_ref(&corpus), &options)
            .unwrap();
    // Every hit, as a set: tied scores may come in another order from a rebuilt index.
    let all_hits = |engine: &supportkb::Engine| -> Vec<BTreeSet<(String, String)>> {
        GENERATED_QUERIES
            .iter()
            .map(|q| {
                engine
                    .search(q, 1000)
                    .hits
                    .into_iter()
                    .map(|h| (h.doc, h.anchor))
                    .collect()
            })
            .collect()
    };
    let expected = all_hits(&engine);
    // Damaged under the open index (mapped in memory): the postings now point anywhere.
    let index_dir = supportkb::folder_index::index_dir_for(
        &tmp.path().join("indexes"),
        &corpus.canonicalize().unwrap(),
    );
    scribble(&index_dir, "idx");
    assert_eq!(all_hits(&engine), expected);
}

#[test]
fn showing_a_document_from_a_damaged_index_rebuilds_it_and_shows_the_document() {
    let (tmp, corpus, options) = generated_with_index_dir(120);
    let (engine, _) =
        supportkb::Engine::with_persistent_corpora(std::slice::from_ref(&corpus), &options)
            .unwrap();
    let docs: Vec<String> = (0..120)
        .map(|d| format!("topic-{:03}/doc-{d}.md", d % 7))
        .collect();
    let shown = |engine: &supportkb::Engine| -> Vec<String> {
        docs.iter()
            .map(|doc| engine.show(doc, None).unwrap().markdown)
            .collect()
    };
    let (fresh, _) = supportkb::Engine::with_corpora(std::slice::from_ref(&corpus)).unwrap();
    let expected = shown(&fresh);
    // The stored sections damaged under the open index, before anything was read from them (tantivy
    // caches the blocks it read): reading them now fails, or panics, in tantivy.
    let index_dir = supportkb::folder_index::index_dir_for(
        &tmp.path().join("indexes"),
        &corpus.canonicalize().unwrap(),
    );
    scribble(&index_dir, "store");
    assert_eq!(shown(&engine), expected);
}

/// Runs `supportkb index` on `corpus` with indexes under `base`, with extra arguments.
fn index_command(corpus: &Path, base: &Path, extra: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_supportkb"));
    command
        .arg("index")
        .arg("--corpus")
        .arg(corpus)
        .arg("--index-dir")
        .arg(base)
        .args(extra);
    command
}

/// Kills (aborts, like `kill -9`: no destructor runs) `supportkb index` at each write point of an update
/// in turn — every file tantivy creates, finishes or deletes, each atomic write of its meta files, the
/// manifest — then checks that the next run succeeds and the index equals a fresh build.
#[test]
fn a_kill_at_any_point_of_an_update_leaves_an_index_the_next_run_repairs() {
    /// More write points than a small update has: the loop ends when a run is no longer killed.
    const MAX_POINTS: u64 = 80;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let base = tmp.path().join("indexes");
    let status = index_command(&corpus, &base, &["--json"]).output().unwrap();
    assert!(status.status.success(), "{status:?}");
    let queries = ["kookaburra", "wombat", "platypus", "flux", "relay"];
    let mut killed = 0;
    for point in 1..=MAX_POINTS {
        // Each round changes one document (deletes in an old segment, a new segment) and adds one.
        write(
            &corpus,
            "a.md",
            &format!(
                "# Alpha guide\n\n## Wombat setup\n\nConfigure the kookaburra relay {point}.\n"
            ),
        );
        write(
            &corpus,
            &format!("new/n{point}.md"),
            &format!("# New {point}\n\nRelay note.\n"),
        );
        let run = index_command(
            &corpus,
            &base,
            &["--json", "--fault-abort-after", &point.to_string()],
        )
        .output()
        .unwrap();
        if run.status.success() {
            break;
        }
        assert_eq!(
            run.status.code(),
            None,
            "killed by a signal at point {point}: {run:?}"
        );
        killed += 1;
        let next = index_command(&corpus, &base, &["--json"]).output().unwrap();
        assert!(
            next.status.success(),
            "the run after a kill at point {point} fails: {}",
            String::from_utf8_lossy(&next.stderr)
        );
        // Repaired in place: no rebuild (a rebuild of a large folder takes ten times an update).
        let report: serde_json::Value = serde_json::from_slice(&next.stdout).unwrap();
        assert_eq!(
            report["notices"],
            serde_json::json!([]),
            "the run after a kill at point {point} set the index aside"
        );
        let index = open(&corpus, &base);
        assert!(index.is_current().unwrap(), "point {point}");
        let (fresh, expected) = fresh_contents(&corpus, &queries);
        assert_eq!(contents(&index), fresh, "after a kill at point {point}");
        assert_eq!(answers(&index, &queries), expected, "point {point}");
    }
    eprintln!("kill loop: {killed} kills survived, each followed by a clean run");
    assert!(
        (10..MAX_POINTS).contains(&killed),
        "every write point was tried ({killed} kills)"
    );
}

#[test]
fn a_second_index_run_waits_for_the_first_or_says_who_is_indexing() {
    use std::io::BufRead;
    use supportkb::folder_index::lock;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    fixture(&corpus);
    let base = tmp.path().join("indexes");
    let index_dir = supportkb::folder_index::index_dir_for(&base, &corpus.canonicalize().unwrap());
    // This test process plays the first run: it holds the folder's lock.
    let held = lock::acquire(
        &index_dir,
        lock::LockWait::NoWait,
        &lock::WaitNotice::default(),
    )
    .unwrap();
    let me = std::process::id();

    let busy = index_command(&corpus, &base, &["--no-wait"])
        .output()
        .unwrap();
    assert_eq!(busy.status.code(), Some(2), "{busy:?}");
    let stderr = String::from_utf8_lossy(&busy.stderr);
    assert!(
        stderr.contains(&format!("is being indexed by process {me}")),
        "{stderr}"
    );
    assert!(!index_dir.exists(), "nothing was written");

    let mut waiting = index_command(&corpus, &base, &["--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(waiting.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.contains(&format!(
            "waiting for process {me}, which is indexing this folder"
        )),
        "{first}"
    );
    drop(held);
    let done = waiting.wait_with_output().unwrap();
    assert!(done.status.success(), "{done:?}");
    assert_eq!(hits_for(&open(&corpus, &base), "wombat"), 1);
}

#[test]
fn concurrent_updates_of_one_folder_take_turns() {
    use supportkb::folder_index::{LockWait, WaitNotice};
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    generated_fixture(&corpus, 60);
    let base = tmp.path().join("indexes");
    let first = open(&corpus, &base);
    let (told, heard) = std::sync::mpsc::channel::<Option<u32>>();
    let (told, heard) = (Mutex::new(told), Mutex::new(heard));
    let second_report = Mutex::new(None);
    std::thread::scope(|scope| {
        // In the middle of the first build, a second index of the same folder is opened with --rebuild
        // and updated: it must wait (and say so) instead of setting the half-built index aside.
        let progress = |event: supportkb::folder_index::Progress| {
            if !matches!(event, supportkb::folder_index::Progress::Scanned { .. }) {
                return;
            }
            let told = told.lock().unwrap().clone();
            let (corpus, base, second_report) = (&corpus, &base, &second_report);
            scope.spawn(move || {
                let options = IndexOptions {
                    base_dir: Some(base.to_path_buf()),
                    rebuild: true,
                    wait: LockWait::Wait,
                    on_wait: WaitNotice::new(move |holder| {
                        let _ = told.send(holder);
                    }),
                    ..IndexOptions::default()
                };
                let second = PersistentIndex::open(corpus, &options, synonyms()).unwrap();
                *second_report.lock().unwrap() = Some(second.update(&|_| {}).unwrap());
            });
            let holder = heard
                .lock()
                .unwrap()
                .recv_timeout(Duration::from_secs(60))
                .expect("the second run waits for the first");
            assert_eq!(holder, Some(std::process::id()));
        };
        let report = first.update(&progress).unwrap();
        assert_eq!(report.added, 60);
    });
    let second = second_report.into_inner().unwrap().unwrap();
    assert_eq!(second.added, 60, "the rebuild came after the first run");
    let (fresh, _) = fresh_contents(&corpus, &[]);
    assert_eq!(contents(&open(&corpus, &base)), fresh);
    // The first handle catches up with the second run's index before its next update.
    let again = first.update(&|_| {}).unwrap();
    assert_eq!((again.added, again.changed), (0, 0), "{again:?}");
    assert_eq!(contents(&first), fresh);
}

/// The names of the files of a tantivy directory, besides its locks.
fn tantivy_files(index_dir: &Path) -> BTreeSet<String> {
    fs::read_dir(index_dir.join("tantivy"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with(".tantivy-"))
        .collect()
}

#[test]
fn a_full_disk_is_named_and_leaves_no_partial_files() {
    use supportkb::folder_index::fault::{self, Fault};
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    generated_fixture(&corpus, 40);
    let base = tmp.path().join("indexes");
    let index = open(&corpus, &base);
    update(&index);
    let dir = index.dir().to_path_buf();
    let before = tantivy_files(&dir);
    let (old, old_answers) = (contents(&index), answers(&index, &GENERATED_QUERIES));

    // The disk fills up in the middle of writing the new segment.
    generated_fixture(&tmp.path().join("more"), 80);
    copy_tree(&tmp.path().join("more"), &corpus);
    fault::arm(
        &base,
        Fault::DiskFull {
            after_bytes: 50_000,
        },
    );
    let err = index.update(&|_| {}).unwrap_err();
    fault::disarm(&base);
    assert!(matches!(err, IndexError::DiskFull { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("no space left on device"), "{message}");
    assert!(
        message.contains(&corpus.canonicalize().unwrap().display().to_string()),
        "{message}"
    );
    assert!(message.contains(&base.display().to_string()), "{message}");
    assert_eq!(
        tantivy_files(&dir),
        before,
        "partial segment files were removed"
    );
    assert!(!dir.join("manifest.json.tmp").exists());
    assert_eq!(
        contents(&index),
        old,
        "the last complete index stays searchable"
    );
    assert_eq!(answers(&index, &GENERATED_QUERIES), old_answers);

    // What `search --corpus` and the desktop call: the last complete index, with the message.
    fault::arm(
        &base,
        Fault::DiskFull {
            after_bytes: 50_000,
        },
    );
    let refreshed = index.refresh(&|_| {});
    fault::disarm(&base);
    let refreshed = refreshed.unwrap();
    assert!(
        refreshed
            .notices
            .iter()
            .any(|n| n.contains("no space left on device")
                && n.contains("searching the index as last completed")),
        "{refreshed:?}"
    );
    assert_eq!(tantivy_files(&dir), before);
    assert_eq!(answers(&index, &GENERATED_QUERIES), old_answers);

    // Once there is space again, the update completes.
    let report = update(&index);
    assert!(report.notices.is_empty(), "{report:?}");
    let (fresh, expected) = fresh_contents(&corpus, &GENERATED_QUERIES);
    assert_eq!(contents(&index), fresh);
    assert_eq!(answers(&index, &GENERATED_QUERIES), expected);

    // A first build on a full disk leaves no index directory behind.
    let other_base = tmp.path().join("full");
    fault::arm(&other_base, Fault::DiskFull { after_bytes: 0 });
    let options = IndexOptions {
        base_dir: Some(other_base.clone()),
        ..IndexOptions::default()
    };
    let err = PersistentIndex::open(&corpus, &options, synonyms()).unwrap_err();
    fault::disarm(&other_base);
    assert!(matches!(err, IndexError::DiskFull { .. }), "{err:?}");
    let left: Vec<_> = fs::read_dir(&other_base)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| !name.to_string_lossy().ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `supportkb search --corpus … --json QUERY`: the hits as a set of `doc#anchor`, and stderr.
fn cli_search(corpus: &Path, base: &Path, query: &str) -> (BTreeSet<String>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(["search", "--json", "--limit", "10000", query, "--corpus"])
        .arg(corpus)
        .arg("--index-dir")
        .arg(base)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{query}: {stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{}#{}",
                h["doc"].as_str().unwrap(),
                h["anchor"].as_str().unwrap()
            )
        })
        .collect();
    (hits, stderr)
}

#[test]
fn the_cli_never_panics_on_a_damaged_index_and_index_check_finds_it() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    generated_fixture(&corpus, 120);
    let base = tmp.path().join("indexes");
    let built = index_command(&corpus, &base, &[]).output().unwrap();
    assert!(built.status.success(), "{built:?}");
    let index_dir = supportkb::folder_index::index_dir_for(&base, &corpus.canonicalize().unwrap());
    let (expected, _) = cli_search(&corpus, &base, "dataverse");
    assert!(expected.len() > 100, "{}", expected.len());

    // `search --corpus` on a damaged index: no panic, the same hits, and a warning saying why.
    scribble(&index_dir, "idx");
    let (hits, stderr) = cli_search(&corpus, &base, "dataverse");
    assert_eq!(hits, expected);
    assert!(stderr.contains("checksum"), "{stderr}");
    assert!(!stderr.contains("in memory"), "{stderr}");

    // `index --check` says what is damaged and rebuilds; `index` alone would find it too.
    let name = scribble(&index_dir, "term");
    let checked = index_command(&corpus, &base, &["--check"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "{stderr}");
    assert!(
        stderr.contains("is damaged")
            && stderr.contains(&*name.file_name().unwrap().to_string_lossy()),
        "{stderr}"
    );
    let checked = index_command(&corpus, &base, &["--check"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(stderr.contains("every checksum matches"), "{stderr}");
    assert_eq!(cli_search(&corpus, &base, "dataverse").0, expected);
}

/// Every document of `engine` as shown whole, plus each section by its anchor, in document order.
fn shown_everywhere(engine: &supportkb::Engine, docs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for doc in docs {
        let whole = engine.show(doc, None).unwrap();
        out.push(format!("{}|{}|{}", whole.doc, whole.title, whole.markdown));
        let outline = engine.documents();
        let headings = &outline.iter().find(|d| d.doc == *doc).unwrap().headings;
        for heading in headings.iter().filter(|h| !h.anchor.is_empty()) {
            let section = engine.show(doc, Some(&heading.anchor)).unwrap();
            out.push(format!(
                "{}#{:?}|{:?}|{}",
                section.doc, section.anchor, section.heading, section.markdown
            ));
        }
    }
    out
}

#[test]
fn searching_and_showing_a_large_folder_reads_only_the_document_shown_from_its_index() {
    let (_tmp, corpus, options) = generated_with_index_dir(120);
    // Built once, then opened again as `search --corpus` does at every start.
    drop(
        supportkb::Engine::with_persistent_corpora(std::slice::from_ref(&corpus), &options)
            .unwrap(),
    );
    let (engine, _) =
        supportkb::Engine::with_persistent_corpora(std::slice::from_ref(&corpus), &options)
            .unwrap();
    let index = engine.folder_index(&corpus).unwrap();
    let folder = engine
        .corpora()
        .into_iter()
        .find(|c| c.path.is_some())
        .unwrap();
    assert_eq!((folder.documents, folder.sections), (120, 600));

    let found = engine.search("unique marker word17x2", 10);
    assert_eq!(
        found.hits.first().map(|h| h.anchor.as_str()),
        Some("part-2-of-topic-17")
    );
    assert_eq!(
        index.stored_sections_read(),
        0,
        "a search reads no stored section"
    );

    let shown = engine
        .show("topic-003/doc-17.md", Some("part-2-of-topic-17"))
        .unwrap();
    assert!(shown.markdown.contains("word17x2"), "{shown:?}");
    assert_eq!(
        index.stored_sections_read(),
        5,
        "showing one section reads only its document's five sections"
    );
    let unknown = engine.show("topic-003/doc-999.md", None).unwrap_err();
    assert!(unknown.to_string().contains("doc-999"), "{unknown}");
    assert_eq!(index.stored_sections_read(), 5);

    // What the persistent index shows is what a fresh ingest of the folder shows.
    let (fresh, _) = supportkb::Engine::with_corpora(std::slice::from_ref(&corpus)).unwrap();
    let docs: Vec<String> = fresh
        .documents()
        .into_iter()
        .filter(|d| d.source != supportkb::EMBEDDED_SOURCE)
        .map(|d| d.doc)
        .collect();
    assert_eq!(docs.len(), 120);
    assert_eq!(
        shown_everywhere(&engine, &docs),
        shown_everywhere(&fresh, &docs)
    );
    let outline = |e: &supportkb::Engine| {
        e.documents()
            .into_iter()
            .filter(|d| d.source != supportkb::EMBEDDED_SOURCE)
            .map(|d| (d.doc, d.title, d.headings))
            .collect::<Vec<_>>()
    };
    assert_eq!(outline(&engine), outline(&fresh));
}

fn cli_show(corpus: &Path, base: &Path, target: &str, extra: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(["show", "--json", target, "--corpus"])
        .arg(corpus)
        .arg("--index-dir")
        .arg(base)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{target}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn show_with_a_folder_reads_the_document_from_its_persistent_index() {
    let (tmp, corpus, _) = fixture_with_index_dir();
    let base = tmp.path().join("indexes");
    let from_index = cli_show(&corpus, &base, "b.md#platypus-limits", &[]);
    let ingested = cli_show(&corpus, &base, "b.md#platypus-limits", &["--no-index"]);
    assert_eq!(from_index, ingested);
    assert!(from_index.contains("platypus quota"), "{from_index}");
    let whole = cli_show(&corpus, &base, "a.md", &[]);
    assert_eq!(whole, cli_show(&corpus, &base, "a.md", &["--no-index"]));
    assert!(whole.contains("Contoso Flux"), "include expanded: {whole}");

    // Same size, same modification time, other words: the index is current, so `show` prints what the
    // index holds (it never read the file again), while an in-memory load reads the new words.
    let path = corpus.join("b.md");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("platypus quota", "echidna quota ");
    fs::write(&path, text).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let from_index = cli_show(&corpus, &base, "b.md#platypus-limits", &[]);
    assert!(from_index.contains("platypus quota"), "{from_index}");
    let ingested = cli_show(&corpus, &base, "b.md#platypus-limits", &["--no-index"]);
    assert!(ingested.contains("echidna quota"), "{ingested}");
}
