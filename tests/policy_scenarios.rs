//! Named scenarios (OpenFisca style), one data file per policy and edition: `tests/data/scenarios/` for
//! the newest edition, `tests/data/scenarios/DATE/` for an older one: the user's question, the facts,
//! the expected verdict and the sections the answer must cite. Every answer must come from the file's
//! edition (questions are routed by their own date). Also checks that every rule of every policy of
//! every edition is exercised by some scenario.

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

/// Every scenario file, parsed, with its edition (the newest for the files at the top).
fn files() -> Vec<(String, File, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios");
    let newest = Registry::embedded().unwrap().newest_version().to_string();
    let mut out = Vec::new();
    let mut paths: Vec<(std::path::PathBuf, String)> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let edition = path.file_name().unwrap().to_string_lossy().into_owned();
            for inner in std::fs::read_dir(&path).unwrap() {
                paths.push((inner.unwrap().path(), edition.clone()));
            }
        } else {
            paths.push((path, newest.clone()));
        }
    }
    paths.retain(|(p, _)| p.extension().is_some_and(|e| e == "toml"));
    paths.sort();
    for (path, edition) in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: File =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((
            format!("{edition}/{}", path.file_name().unwrap().to_string_lossy()),
            file,
            edition,
        ));
    }
    out
}

#[test]
fn every_scenario_gets_its_verdict_and_citations() {
    let registry = Registry::embedded().unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for (file_name, file, edition) in files() {
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
            if answer.policy_version != edition {
                failures.push(format!(
                    "{file_name}: {:?}: answered under {} (expected {edition})",
                    s.name, answer.policy_version
                ));
            }
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
    let mut fired: BTreeSet<(String, String)> = BTreeSet::new();
    let mut policies: BTreeSet<(String, String)> = BTreeSet::new();
    for (_, file, edition) in files() {
        let today = file
            .today
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        policies.insert((edition.clone(), file.policy.clone()));
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
                let version = a.policy_version.clone();
                fired.extend(a.reasons.into_iter().map(|r| (version.clone(), r.rule)));
            }
        }
    }
    let mut unexercised = Vec::new();
    for edition in registry.editions() {
        let version = edition.policy_version.clone();
        for spec in registry.specs_in(&version).unwrap() {
            assert!(
                policies.contains(&(version.clone(), spec.id.clone())),
                "no scenario file for policy {} of the {version} edition",
                spec.id
            );
            for r in &spec.rules {
                if !fired.contains(&(version.clone(), r.id.clone())) {
                    unexercised.push(format!("{version}: {}", r.id));
                }
            }
        }
    }
    assert!(
        unexercised.is_empty(),
        "rules no scenario exercises: {unexercised:?}"
    );
}
