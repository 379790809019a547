//! Named scenarios (OpenFisca style), one data file per policy in `tests/data/scenarios/`: the user's
//! question, the facts, the expected verdict and the sections the answer must cite. Also checks that
//! every rule of every policy is exercised by some scenario.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use supportkb::policy::{Question, Registry};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    policy: String,
    today: Option<NaiveDate>,
    scenario: Vec<Scenario>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    facts: toml::Table,
    verdict: String,
    cites: Vec<String>,
    missing: Option<Vec<String>>,
    details: Option<toml::Table>,
    /// The `doc#anchor` of every interpretation the answer must list (`[]`: it must list none).
    interprets: Option<Vec<String>>,
    /// Words the summary must contain (case-insensitive).
    summary_has: Option<Vec<String>>,
    /// Words the summary must not contain (case-insensitive).
    summary_lacks: Option<Vec<String>>,
}

/// Every scenario file, parsed.
fn files() -> Vec<(String, File)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: File =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            file,
        ));
    }
    out
}

#[test]
fn every_scenario_gets_its_verdict_and_citations() {
    let registry = Registry::embedded().unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for (file_name, file) in files() {
        let today = file
            .today
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        for s in &file.scenario {
            count += 1;
            let facts = match serde_json::to_value(&s.facts).unwrap() {
                serde_json::Value::Object(m) => m,
                _ => unreachable!(),
            };
            let q = Question {
                policy: file.policy.clone(),
                facts,
                policy_version: None,
            };
            let answer = match registry.ask(&q, today) {
                Ok(a) => a,
                Err(e) => {
                    failures.push(format!("{file_name}: {:?}: error {e}", s.name));
                    continue;
                }
            };
            if answer.verdict != s.verdict {
                failures.push(format!(
                    "{file_name}: {:?}: verdict {} (expected {})",
                    s.name, answer.verdict, s.verdict
                ));
            }
            let cited: BTreeSet<String> = answer
                .reasons
                .iter()
                .map(|r| format!("{}#{}", r.cites.doc, r.cites.anchor))
                .collect();
            for c in &s.cites {
                if !cited.contains(c) {
                    failures.push(format!(
                        "{file_name}: {:?}: does not cite {c} (cites {cited:?})",
                        s.name
                    ));
                }
            }
            if let Some(missing) = &s.missing {
                if &answer.missing_facts != missing {
                    failures.push(format!(
                        "{file_name}: {:?}: missing {:?} (expected {missing:?})",
                        s.name, answer.missing_facts
                    ));
                }
            }
            if let Some(expected) = &s.interprets {
                let listed: Vec<String> = answer
                    .interpretations
                    .iter()
                    .map(|i| format!("{}#{}", i.cites.doc, i.cites.anchor))
                    .collect();
                if &listed != expected {
                    failures.push(format!(
                        "{file_name}: {:?}: interpretations {listed:?} (expected {expected:?})",
                        s.name
                    ));
                }
            }
            let summary = answer.summary.to_lowercase();
            for w in s.summary_has.iter().flatten() {
                if !summary.contains(&w.to_lowercase()) {
                    failures.push(format!(
                        "{file_name}: {:?}: summary lacks {w:?}: {}",
                        s.name, answer.summary
                    ));
                }
            }
            for w in s.summary_lacks.iter().flatten() {
                if summary.contains(&w.to_lowercase()) {
                    failures.push(format!(
                        "{file_name}: {:?}: summary says {w:?}: {}",
                        s.name, answer.summary
                    ));
                }
            }
            if let Some(details) = &s.details {
                for (k, v) in details {
                    let expected = serde_json::to_value(v).unwrap();
                    if answer.details.get(k) != Some(&expected) {
                        failures.push(format!(
                            "{file_name}: {:?}: details.{k} = {:?} (expected {expected})",
                            s.name,
                            answer.details.get(k)
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 60, "only {count} scenarios");
}

#[test]
fn every_policy_has_a_scenario_file_and_every_rule_is_exercised() {
    let registry = Registry::embedded().unwrap();
    let mut fired: BTreeSet<String> = BTreeSet::new();
    let mut policies: BTreeSet<String> = BTreeSet::new();
    for (_, file) in files() {
        let today = file
            .today
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        policies.insert(file.policy.clone());
        for s in &file.scenario {
            let facts = match serde_json::to_value(&s.facts).unwrap() {
                serde_json::Value::Object(m) => m,
                _ => unreachable!(),
            };
            let q = Question {
                policy: file.policy.clone(),
                facts,
                policy_version: None,
            };
            if let Ok(a) = registry.ask(&q, today) {
                fired.extend(a.reasons.into_iter().map(|r| r.rule));
            }
        }
    }
    let mut unexercised = Vec::new();
    for spec in registry.specs() {
        assert!(
            policies.contains(&spec.id),
            "no scenario file for policy {}",
            spec.id
        );
        for r in &spec.rules {
            if !fired.contains(&r.id) {
                unexercised.push(r.id.clone());
            }
        }
    }
    assert!(
        unexercised.is_empty(),
        "rules no scenario exercises: {unexercised:?}"
    );
}
