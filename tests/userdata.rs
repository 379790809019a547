//! The desktop user data store (`supportkb::userdata`): history and pins survive a reopen, a corrupt file
//! is set aside with a notice, never an error.

use chrono::{TimeZone, Utc};
use supportkb::userdata::{PinnedAnswer, UserDataError, UserDataStore, FILE_NAME, HISTORY_LIMIT};

fn at(minute: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 8, 12, 10, minute, 0)
        .single()
        .unwrap()
}

fn pin(id: &str) -> PinnedAnswer {
    PinnedAnswer {
        id: id.into(),
        title: "Can this incident be reopened?".into(),
        question: serde_json::json!({"policy": "reopen", "facts": {"closed_on": "2025-06-01"}}),
        verdict: "new_incident_required".into(),
        summary: "Closed three months or more ago: open a new incident.".into(),
        pinned_at: String::new(),
        name: String::new(),
        note: String::new(),
    }
}

#[test]
fn a_missing_file_is_an_empty_store_and_data_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("not/yet/created");
    let (mut store, notice) = UserDataStore::open(&nested).unwrap();
    assert!(notice.is_none());
    assert!(store.data().history.is_empty() && store.data().pinned.is_empty());
    store.record_search("rca", at(1)).unwrap();
    store.record_search("sev a 24/7", at(2)).unwrap();
    store.pin(pin("reopen-june"), at(3)).unwrap();

    let (reopened, notice) = UserDataStore::open(&nested).unwrap();
    assert!(notice.is_none());
    let queries: Vec<_> = reopened
        .data()
        .history
        .iter()
        .map(|e| e.query.as_str())
        .collect();
    assert_eq!(queries, ["sev a 24/7", "rca"]);
    assert_eq!(reopened.data().history[0].at, "2025-08-12T10:02:00Z");
    assert_eq!(reopened.data().pinned.len(), 1);
    assert_eq!(reopened.data().pinned[0].pinned_at, "2025-08-12T10:03:00Z");
    assert_eq!(reopened.path(), nested.join(FILE_NAME));
}

#[test]
fn history_moves_repeats_to_the_top_ignores_blanks_and_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = UserDataStore::open(dir.path()).unwrap();
    store.record_search("RCA", at(1)).unwrap();
    store.record_search("data corruption", at(2)).unwrap();
    store.record_search("  rca ", at(3)).unwrap();
    store.record_search("   ", at(4)).unwrap();
    let queries: Vec<_> = store
        .data()
        .history
        .iter()
        .map(|e| e.query.as_str())
        .collect();
    assert_eq!(queries, ["rca", "data corruption"]);
    for i in 0..(HISTORY_LIMIT + 10) {
        store.record_search(&format!("query {i}"), at(5)).unwrap();
    }
    assert_eq!(store.data().history.len(), HISTORY_LIMIT);
    assert_eq!(
        store.data().history[0].query,
        format!("query {}", HISTORY_LIMIT + 9)
    );
    store.clear_history().unwrap();
    assert!(UserDataStore::open(dir.path())
        .unwrap()
        .0
        .data()
        .history
        .is_empty());
}

#[test]
fn pinning_the_same_id_replaces_and_unpin_removes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = UserDataStore::open(dir.path()).unwrap();
    store.pin(pin("a"), at(1)).unwrap();
    store.pin(pin("b"), at(2)).unwrap();
    let mut again = pin("a");
    again.summary = "updated".into();
    store.pin(again, at(3)).unwrap();
    let ids: Vec<_> = store.data().pinned.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(store.data().pinned[0].summary, "updated");
    store.unpin("a").unwrap();
    store.unpin("does-not-exist").unwrap();
    let reopened = UserDataStore::open(dir.path()).unwrap().0;
    assert_eq!(
        reopened
            .data()
            .pinned
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["b"]
    );
    assert!(matches!(
        store.pin(pin(" "), at(4)),
        Err(UserDataError::EmptyPinId)
    ));
}

#[test]
fn a_corrupt_file_is_set_aside_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(FILE_NAME);
    std::fs::write(&file, b"{\"history\": [ {\"query\": 42 ").unwrap();
    let (mut store, notice) = UserDataStore::open(dir.path()).unwrap();
    let notice = notice.expect("a notice for the corrupt file");
    assert!(notice.contains("could not be read"), "{notice}");
    assert!(store.data().history.is_empty());
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("userdata.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        notice.contains(&aside[0]),
        "the notice names the moved file: {notice}"
    );
    assert_eq!(
        std::fs::read(dir.path().join(&aside[0])).unwrap(),
        b"{\"history\": [ {\"query\": 42 "
    );
    // The store works again afterwards.
    store.record_search("after corruption", at(1)).unwrap();
    let (reopened, notice) = UserDataStore::open(dir.path()).unwrap();
    assert!(notice.is_none());
    assert_eq!(reopened.data().history[0].query, "after corruption");
}

#[test]
fn binary_garbage_is_also_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE_NAME), [0xff, 0xfe, 0x00, 0x01]).unwrap();
    let (_, notice) = UserDataStore::open(dir.path()).unwrap();
    assert!(notice.is_some());
    assert!(!dir.path().join(FILE_NAME).exists());
}

#[test]
fn an_in_memory_store_never_writes() {
    let mut store = UserDataStore::in_memory();
    store.record_search("rca", at(1)).unwrap();
    assert_eq!(store.data().history.len(), 1);
    assert!(store.path().as_os_str().is_empty());
}

#[test]
fn added_folders_are_remembered_once_in_order_and_can_be_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = UserDataStore::open(dir.path()).unwrap();
    store.add_folder("/docs/power-platform").unwrap();
    store.add_folder("/docs/dynamics").unwrap();
    store.add_folder("/docs/power-platform").unwrap();

    let (mut reopened, _) = UserDataStore::open(dir.path()).unwrap();
    assert_eq!(
        reopened.data().folders,
        ["/docs/power-platform", "/docs/dynamics"]
    );
    reopened.remove_folder("/docs/power-platform").unwrap();
    reopened.remove_folder("/never/added").unwrap();
    let (again, _) = UserDataStore::open(dir.path()).unwrap();
    assert_eq!(again.data().folders, ["/docs/dynamics"]);
}

#[test]
fn a_file_from_before_folders_were_kept_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(FILE_NAME),
        r#"{"history": [{"query": "rca", "at": "2025-08-12T10:01:00Z"}], "pinned": []}"#,
    )
    .unwrap();
    let (store, notice) = UserDataStore::open(dir.path()).unwrap();
    assert!(notice.is_none(), "an older file is not corrupt");
    assert_eq!(store.data().history.len(), 1);
    assert!(store.data().folders.is_empty());
}

#[test]
fn pins_get_a_name_and_a_note_and_travel_as_an_export_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = UserDataStore::open(dir.path()).unwrap();
    store.pin(pin("a"), at(1)).unwrap();
    store.pin(pin("b"), at(2)).unwrap();
    store
        .describe_pin("a", "  Contoso's June case  ", "Asked by Contoso on 12 Aug")
        .unwrap();
    assert!(matches!(
        store.describe_pin("zzz", "x", ""),
        Err(UserDataError::UnknownPin(_))
    ));
    let file = dir.path().join("pins.json");
    store.export_pins_to(&file).unwrap();

    // Another machine imports them: the names and notes come along, the order is kept.
    let other = tempfile::tempdir().unwrap();
    let (mut there, _) = UserDataStore::open(other.path()).unwrap();
    there.pin(pin("b"), at(3)).unwrap();
    let report = there.import_pins_from(&file).unwrap();
    assert_eq!((report.added, report.replaced), (1, 1));
    let ids: Vec<&str> = there.data().pinned.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
    let a = &there.data().pinned[1];
    assert_eq!(a.name, "Contoso's June case");
    assert_eq!(a.note, "Asked by Contoso on 12 Aug");
    // And they survive a reopen.
    let (reopened, _) = UserDataStore::open(other.path()).unwrap();
    assert_eq!(reopened.data().pinned, there.data().pinned);
}

#[test]
fn a_file_that_is_not_an_export_of_pins_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = UserDataStore::open(dir.path()).unwrap();
    store.pin(pin("a"), at(1)).unwrap();
    for (name, text) in [
        ("not-json.json", "hello"),
        ("other.json", r#"{"history": []}"#),
        ("future.json", r#"{"supportkb_pins": 9, "pins": []}"#),
        (
            "no-id.json",
            r#"{"supportkb_pins": 1, "pins": [{"id": " ", "title": "t", "question": {}, "verdict": "v", "summary": "s", "pinned_at": ""}]}"#,
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let err = store.import_pins_from(&file).unwrap_err();
        assert!(
            matches!(err, UserDataError::BadImport { .. }),
            "{name}: {err}"
        );
        assert!(err.to_string().contains(name), "{err}");
    }
    assert_eq!(store.data().pinned.len(), 1);
}

fn attempt(key: &str, correct: bool) -> supportkb::userdata::QuizAttempt {
    supportkb::userdata::QuizAttempt {
        lesson: "reopening-incidents".into(),
        key: key.into(),
        based_on: "Closed on 30 November: until when can it be reopened?".into(),
        question: serde_json::from_value(serde_json::json!({
            "policy": "reopen",
            "facts": {"closed_on": "2025-11-30", "as_of": "2026-02-28"}
        }))
        .unwrap(),
        correct,
    }
}

#[test]
fn learning_progress_and_missed_questions_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = UserDataStore::open(dir.path()).unwrap();
    store.record_search("rca", at(1)).unwrap();
    store.record_quiz(attempt("a", false), at(2)).unwrap();
    store.record_quiz(attempt("b", true), at(3)).unwrap();

    let (mut reopened, notice) = UserDataStore::open(dir.path()).unwrap();
    assert!(notice.is_none());
    let learn = &reopened.data().learn;
    let lesson = &learn.lessons["reopening-incidents"];
    assert_eq!((lesson.answered, lesson.correct), (2, 1));
    assert_eq!(lesson.mastered, vec!["b".to_string()]);
    assert_eq!(learn.missed.len(), 1);
    assert_eq!(learn.missed[0].key, "a");
    assert_eq!(learn.missed[0].question.facts["closed_on"], "2025-11-30");
    // Answered right on review: off the list, mastered.
    reopened.record_quiz(attempt("a", true), at(4)).unwrap();
    let (again, _) = UserDataStore::open(dir.path()).unwrap();
    assert!(again.data().learn.missed.is_empty());
    assert_eq!(
        again.data().learn.lessons["reopening-incidents"]
            .mastered
            .len(),
        2
    );
    assert_eq!(again.data().history.len(), 1);
}

#[test]
fn a_file_without_learning_progress_or_with_an_unreadable_one_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let history = r#"[{"query": "rca", "at": "2025-08-12T10:00:00Z"}]"#;
    // Written by a version before the course existed.
    std::fs::write(
        dir.path().join(FILE_NAME),
        format!(r#"{{"history": {history}, "pinned": [], "folders": []}}"#),
    )
    .unwrap();
    let (store, notice) = UserDataStore::open(dir.path()).unwrap();
    assert!(notice.is_none());
    assert_eq!(store.data().history.len(), 1);
    assert_eq!(
        store.data().learn.version,
        supportkb::userdata::LEARN_VERSION
    );
    assert!(store.data().learn.lessons.is_empty());
    // A progress of another shape or a later version: the course starts afresh, nothing else is lost.
    for learn in [
        r#""garbage""#,
        r#"{"version": 99, "lessons": {}}"#,
        r#"{"version": 1, "lessons": 3}"#,
    ] {
        std::fs::write(
            dir.path().join(FILE_NAME),
            format!(r#"{{"history": {history}, "learn": {learn}}}"#),
        )
        .unwrap();
        let (store, notice) = UserDataStore::open(dir.path()).unwrap();
        assert!(notice.is_none(), "{learn}");
        assert_eq!(store.data().history.len(), 1, "{learn}");
        assert!(store.data().learn.lessons.is_empty(), "{learn}");
    }
}
