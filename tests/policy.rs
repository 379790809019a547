//! The policy engine: the registry and its description files, answers, errors.

use chrono::NaiveDate;
use supportkb::policy::{ErrorKind, Question, Registry};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
}

fn ask(json: &str) -> supportkb::policy::Answer {
    Registry::embedded()
        .unwrap()
        .ask_json(json, today())
        .unwrap()
}

#[test]
fn the_embedded_registry_is_valid() {
    let r = Registry::embedded().unwrap();
    assert!(r.specs().len() >= 12, "{r:?}");
}

#[test]
fn reopen_a_single_failing_condition_decides() {
    let a = ask(r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_build":false}}"#);
    assert_eq!(a.verdict, "new_incident_required");
    assert!(a.missing_facts.is_empty());
    assert!(a.what_would_change.contains(&"same_build".to_string()));
}

#[test]
fn reopen_unknowns_are_listed() {
    let a = ask(
        r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_build":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"new_error_after_fix":false}}"#,
    );
    assert_eq!(a.verdict, "need_more_facts");
    assert_eq!(a.missing_facts, vec!["same_user"]);
}

#[test]
fn as_of_before_closed_on_is_an_input_error() {
    let e = Registry::embedded()
        .unwrap()
        .ask(
            &serde_json::from_str::<Question>(
                r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","as_of":"2026-08-01"}}"#,
            )
            .unwrap(),
            today(),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InconsistentFacts);
    assert_eq!(e.field.as_deref(), Some("as_of"));
}
