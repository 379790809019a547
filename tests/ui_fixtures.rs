//! The desktop UI's unit tests read answers the engine really gives: this suite asks a fixed set of
//! questions and compares the result with `ui/src/fixtures/engine.json`, the file `ui/src/*.test.ts`
//! import. When an answer's shape or wording changes, the test fails and `UPDATE_FIXTURES=1 cargo test
//! -p supportkb ui_fixtures` (or `make bindings`) rewrites the file; the UI tests then run against the
//! new answers.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use supportkb::policy::{Question, Registry};

/// (name the UI tests use, today, question).
const QUESTIONS: &[(&str, &str, &str)] = &[
    (
        "standard_sev_c_friday_afternoon_berlin",
        "2025-09-12",
        r#"{"policy":"response_time","facts":{"plan":"standard","severity":"C","submitted_at":"2025-09-12T16:00:00+02:00","country":"DE","time_zone":"Europe/Berlin"}}"#,
    ),
    (
        "prodirect_sev_a_friday_afternoon_berlin",
        "2025-09-12",
        r#"{"policy":"response_time","facts":{"plan":"prodirect","severity":"A","submitted_at":"2025-09-12T16:00:00+02:00","country":"DE","time_zone":"Europe/Berlin"}}"#,
    ),
    (
        "standard_sev_c_monday_morning_mexico_city",
        "2026-11-23",
        r#"{"policy":"response_time","facts":{"plan":"standard","severity":"C","submitted_at":"2026-11-23T08:00:00-06:00","country":"MX","time_zone":"America/Mexico_City"}}"#,
    ),
    (
        "response_time_without_facts",
        "2026-11-27",
        r#"{"policy":"response_time","facts":{}}"#,
    ),
    (
        "untested_repair_script",
        "2026-11-27",
        r#"{"policy":"data_corruption","facts":{"request":"run_script","script_tested_in_uat":false}}"#,
    ),
    (
        "reopen_closed_five_months_ago",
        "2026-11-27",
        r#"{"policy":"reopen","facts":{"closed_on":"2026-07-01","as_of":"2026-11-27"}}"#,
    ),
];

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/fixtures/engine.json")
}

/// (name the UI tests use, query, edition searched: `None` for the newest).
const SEARCHES: &[(&str, &str, Option<&str>)] = &[(
    "premier_contract_2021",
    "Premier contract",
    Some("2021-01-26"),
)];

/// (name the UI tests use, today, text typed in the search box): what the engine reads in it.
const TYPED: &[(&str, &str, &str)] = &[(
    "sev_a_on_premier",
    "2026-11-27",
    "response time for Sev A on Premier",
)];

/// `{"policies": {id: description}, "answers": {name: {"question", "answer"}}, "editions": [...],
/// "searches": {name: results}, "understood": {name: {"text", "understood", "answer"}}}` for the
/// questions, searches and typed texts above (a search's time is zeroed).
fn fixtures() -> Value {
    let registry = Registry::embedded().unwrap();
    let mut policies = Map::new();
    let mut answers = Map::new();
    for (name, today, text) in QUESTIONS {
        let question: Question = serde_json::from_str(text).unwrap();
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        let answer = registry.ask(&question, today).unwrap();
        let spec = registry.get(&question.policy).unwrap().spec();
        policies.insert(question.policy.clone(), serde_json::to_value(spec).unwrap());
        answers.insert(
            name.to_string(),
            json!({ "question": serde_json::to_value(&question).unwrap(), "answer": answer }),
        );
    }
    let engine = supportkb::Engine::embedded().unwrap();
    let mut searches = Map::new();
    for (name, query, edition) in SEARCHES {
        let mut results = engine.search_edition(query, 3, &[], *edition).unwrap();
        results.took_ms = 0.0;
        searches.insert(name.to_string(), serde_json::to_value(results).unwrap());
    }
    let mut understood = Map::new();
    for (name, today, text) in TYPED {
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        let read = engine.understand(text, &supportkb::human::Context::on(today));
        let policy = read.policy.clone().unwrap();
        let question = Question {
            policy: policy.clone(),
            facts: read.facts.clone(),
            policy_version: None,
        };
        let answer = registry.ask(&question, today).unwrap();
        let spec = registry.get(&policy).unwrap().spec();
        policies.insert(policy, serde_json::to_value(spec).unwrap());
        understood.insert(
            name.to_string(),
            json!({ "text": text, "understood": read, "answer": answer }),
        );
    }
    let editions = engine.editions().unwrap();
    json!({ "policies": policies, "answers": answers, "editions": editions, "searches": searches, "understood": understood })
}

#[test]
fn ui_fixtures_are_the_engines_answers() {
    let fresh = serde_json::to_string_pretty(&fixtures()).unwrap() + "\n";
    let path = fixture_path();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} differs from the engine's answers; run `UPDATE_FIXTURES=1 cargo test -p supportkb ui_fixtures` and commit it",
        path.display()
    );
}
