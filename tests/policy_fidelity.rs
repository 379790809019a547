//! Answer fidelity: a verdict says exactly as much as the policy does.
//!
//! A tripwire, not a proof. Every verdict names the rules its summary restates (`rests_on` in the
//! description). When such a rule's quote only permits ("may", "might"), the summary must not turn it
//! into a promise or a refusal ("is provided", "will", "only if", "not"); when the quote gives a
//! necessary condition ("only"), meeting it is no promise ("is provided", "will"); when the quote
//! gives a sufficient condition ("if"), the summary must not make it a necessary one ("only if"); when
//! the quote only recommends ("recommended"), the summary must not require ("required", "must",
//! "cannot"). Summaries
//! are checked as described and as the scenarios and worked examples actually word them. The word
//! lists are small on purpose: extend them when a new overstatement is found.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use supportkb::policy::{PolicySpec, Question, Registry, NOT_ADDRESSED};

/// Words in a quote that only permit or suppose.
const HEDGES: [&str; 2] = ["may", "might"];
/// What a summary must not say of a rule that only permits.
const OVERSTATEMENTS: [&str; 5] = ["is provided", "are provided", "will", "only if", "not"];
/// What a summary must not say of a rule that gives only a necessary condition.
const PROMISES: [&str; 3] = ["is provided", "are provided", "will"];
/// Words in a quote that only recommend.
const RECOMMENDS: [&str; 2] = ["recommended", "recommends"];
/// What a summary must not say of a rule that only recommends.
const REQUIREMENTS: [&str; 3] = ["required", "must", "cannot"];
/// Phrases in which "not" speaks about the policy text itself, not about what Microsoft does.
const ABOUT_THE_TEXT: [&str; 2] = ["policy does not", "policy doesn't"];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `phrase` (one or more words) occurs in `text` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    let text = words(text);
    let phrase = words(phrase);
    text.windows(phrase.len()).any(|w| w == phrase.as_slice())
}

/// The overstatements of `summary` given the quote of a rule it rests on.
fn overstatements(summary: &str, quote: &str) -> Vec<&'static str> {
    let mut cleaned = summary.to_lowercase();
    for p in ABOUT_THE_TEXT {
        cleaned = cleaned.replace(p, "policy is silent");
    }
    let mut found = Vec::new();
    if HEDGES.iter().any(|h| has_phrase(quote, h)) {
        found.extend(OVERSTATEMENTS.iter().filter(|o| has_phrase(&cleaned, o)));
    }
    if has_phrase(quote, "only") {
        found.extend(PROMISES.iter().filter(|o| has_phrase(&cleaned, o)));
    }
    if has_phrase(quote, "if") && !has_phrase(quote, "only if") && has_phrase(&cleaned, "only if") {
        found.push("only if");
    }
    if RECOMMENDS.iter().any(|r| has_phrase(quote, r))
        && !REQUIREMENTS.iter().any(|r| has_phrase(quote, r))
    {
        found.extend(REQUIREMENTS.iter().filter(|o| has_phrase(&cleaned, o)));
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Every summary an answer gave, per (edition, policy, verdict): scenarios (those of older editions in
/// `tests/data/scenarios/DATE/`) and worked examples.
fn summaries_given(registry: &Registry) -> BTreeMap<(String, String, String), Vec<String>> {
    let mut out: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    let mut questions: Vec<(Question, NaiveDate)> = Vec::new();
    let today = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios");
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            paths.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            paths.push(path);
        }
    }
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap();
        let file: toml::Table = toml::from_str(&text).unwrap();
        let policy = file["policy"].as_str().unwrap().to_string();
        let day = file
            .get("today")
            .and_then(|d| d.as_str())
            .map_or(today, |d| d.parse().unwrap());
        for s in file["scenario"].as_array().unwrap() {
            let facts = match serde_json::to_value(&s["facts"]).unwrap() {
                serde_json::Value::Object(m) => m,
                _ => unreachable!(),
            };
            questions.push((
                Question {
                    policy: policy.clone(),
                    facts,
                    policy_version: None,
                },
                day,
            ));
        }
    }
    for edition in registry.editions() {
        for spec in registry.specs_in(&edition.policy_version).unwrap() {
            for e in &spec.examples {
                questions.push((
                    Question {
                        policy: spec.id.clone(),
                        facts: e.facts.clone(),
                        policy_version: Some(edition.policy_version.clone()),
                    },
                    today,
                ));
            }
        }
    }
    for (q, day) in questions {
        if let Ok(a) = registry.ask(&q, day) {
            out.entry((a.policy_version, a.policy, a.verdict))
                .or_default()
                .push(a.summary);
        }
    }
    out
}

fn check_spec(
    spec: &PolicySpec,
    given: &BTreeMap<(String, String, String), Vec<String>>,
    failures: &mut Vec<String>,
) {
    for v in &spec.verdicts {
        let mut summaries = vec![v.summary.clone()];
        summaries.extend(
            given
                .get(&(spec.policy_version.clone(), spec.id.clone(), v.id.clone()))
                .into_iter()
                .flatten()
                .cloned(),
        );
        for rule_id in &v.rests_on {
            let rule = spec.rule(rule_id).unwrap();
            for summary in &summaries {
                let found = overstatements(summary, &rule.quote);
                if !found.is_empty() {
                    failures.push(format!(
                        "{}/{}: summary says {found:?} where {} only says: {:?}\n  summary: {summary}",
                        spec.id, v.id, rule.id, rule.quote
                    ));
                }
            }
        }
    }
    for r in &spec.rules {
        let found = overstatements(&r.says, &r.quote);
        if !found.is_empty() {
            failures.push(format!(
                "{}: says {found:?} where the quote only says: {:?}\n  says: {}",
                r.id, r.quote, r.says
            ));
        }
    }
}

#[test]
fn no_summary_is_stronger_than_the_passage_it_restates() {
    let registry = Registry::embedded().unwrap();
    let given = summaries_given(registry);
    let mut failures = Vec::new();
    let mut checked = 0;
    let specs = registry
        .editions()
        .iter()
        .flat_map(|e| registry.specs_in(&e.policy_version).unwrap())
        .collect::<Vec<_>>();
    for spec in specs {
        checked += spec
            .verdicts
            .iter()
            .filter(|v| !v.rests_on.is_empty())
            .count();
        check_spec(spec, &given, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked >= 30,
        "only {checked} verdicts name the rules they rest on"
    );
}

#[test]
fn every_decided_verdict_names_the_rules_it_restates() {
    let registry = Registry::embedded().unwrap();
    for spec in registry.specs() {
        for v in &spec.verdicts {
            if v.id == NOT_ADDRESSED && v.rests_on.is_empty() || v.id == "need_more_facts" {
                continue;
            }
            assert!(
                !v.rests_on.is_empty(),
                "{}/{} rests on no rule",
                spec.id,
                v.id
            );
        }
    }
}

#[test]
fn every_policy_can_say_the_text_is_silent() {
    let registry = Registry::embedded().unwrap();
    for spec in registry.specs() {
        let v = spec.verdict(NOT_ADDRESSED);
        assert!(v.is_some(), "{} has no `{NOT_ADDRESSED}` verdict", spec.id);
        assert!(
            has_phrase(&v.unwrap().summary, "does not address"),
            "{}",
            spec.id
        );
    }
}

#[test]
fn the_tripwire_catches_the_overstatements_it_was_built_for() {
    // "Only if" read as "if" (issue 8, defect 1): the summary it had then.
    assert_eq!(
        overstatements(
            "An RCA is provided for this published service incident, by the engineering team and in English only.",
            "RCAs are provided only for published service-related incidents in which multiple customers or services are unavailable."
        ),
        ["is provided"]
    );
    let quote = "RCAs may be provided for published service incidents.";
    assert_eq!(
        overstatements("An RCA is provided for this incident.", quote),
        ["is provided"]
    );
    assert_eq!(
        overstatements(
            "Microsoft will not run it.",
            "Microsoft may run a script if tested."
        ),
        ["not", "will"]
    );
    assert_eq!(
        overstatements(
            "A case can be reopened only if nothing changed.",
            "If the build is the same, it can be reopened."
        ),
        ["only if"]
    );
    // A recommendation read as a requirement (the 2021 wording of the three months).
    assert_eq!(
        overstatements(
            "A new incident is required.",
            "For a case closed three months ago or more, submitting a new incident is recommended."
        ),
        ["required"]
    );
    assert!(overstatements("The policy does not address this case.", quote).is_empty());
    assert!(overstatements("An RCA may be provided.", quote).is_empty());
}
