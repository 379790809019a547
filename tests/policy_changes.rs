//! What changed from the 2021 edition to the 2025 edition: topics aligned by subject, table changes
//! and answer flips, through the library and `supportkb changes --json` (snapshot).

use supportkb::policy::Registry;
use supportkb::policy::{changes, ChangeKind, Changes};

use super::policy_cli::supportkb;

fn from_2021() -> Changes {
    changes(Registry::embedded().unwrap(), "2021-01-26", "2025-07-31").unwrap()
}

fn change<'a>(c: &'a Changes, topic: &str, summary_has: &str) -> &'a supportkb::policy::Change {
    c.changes
        .iter()
        .find(|x| x.topic == topic && x.summary.contains(summary_has))
        .unwrap_or_else(|| panic!("no {topic} change saying {summary_has:?}"))
}

#[test]
fn the_business_hours_topic_shows_the_emea_and_asia_pacific_hours_that_went() {
    let c = from_2021();
    let x = change(&c, "business_hours", "Business hours");
    assert_eq!(x.kind, ChangeKind::Changed);
    assert!(
        x.before
            .iter()
            .any(|s| s.contains("8:00 AM to 6:00 PM CET (UTC+1)")),
        "{:?}",
        x.before
    );
    assert!(
        x.before.iter().any(|s| s.contains("GMT+8")),
        "{:?}",
        x.before
    );
    assert!(
        x.after.iter().any(|s| s.contains("09:00–17:00")),
        "{:?}",
        x.after
    );
    let cited: Vec<(&str, &str)> = x
        .cites
        .iter()
        .map(|c| (c.policy_version.as_str(), c.anchor.as_str()))
        .collect();
    assert_eq!(
        cited,
        [
            ("2021-01-26", "business-hours"),
            ("2025-07-31", "business-hours")
        ]
    );
}

#[test]
fn sections_the_2025_page_no_longer_has_are_removed_topics() {
    let c = from_2021();
    for topic in [
        "purchasing_and_billing",
        "enterprise_agreements",
        "premier",
        "licensing",
        "partner_benefits",
        "outages",
    ] {
        let x = c
            .changes
            .iter()
            .find(|x| x.topic == topic)
            .unwrap_or_else(|| panic!("{topic}"));
        assert_eq!(x.kind, ChangeKind::Removed, "{topic}");
        assert!(!x.before.is_empty() && x.after.is_empty(), "{topic}");
    }
    assert_eq!(
        change(&c, "severity_downgrade", "new").kind,
        ChangeKind::Added
    );
}

#[test]
fn the_tables_show_plans_targets_and_regions_that_changed() {
    let c = from_2021();
    assert_eq!(
        change(&c, "plans", "The Premier plan is gone").kind,
        ChangeKind::Removed
    );
    assert_eq!(
        change(&c, "plans", "New plan: Unified enterprise").kind,
        ChangeKind::Added
    );
    let x = change(&c, "targets", "Critical on Unified Performance");
    assert_eq!(x.before, ["under 30 minutes, 24x7"]);
    let x = change(&c, "targets", "Severity B on Professional Direct");
    assert_eq!(x.kind, ChangeKind::Changed);
    assert_eq!(
        (x.before[0].as_str(), x.after[0].as_str()),
        (
            "under 2 hours, business hours",
            "under 2 hours, business hours, 24x7 on request"
        )
    );
    assert_eq!(change(&c, "regions", "EMEA").kind, ChangeKind::Removed);
    assert_eq!(
        change(&c, "regions", "Asia-Pacific").kind,
        ChangeKind::Removed
    );
    assert!(change(&c, "languages", "Japanese")
        .before
        .iter()
        .any(|l| l.contains("Japanese")));
}

#[test]
fn worked_examples_whose_deadline_or_clock_differs_are_answer_flips() {
    let c = from_2021();
    let flip = c
        .answer_flips
        .iter()
        .find(|f| f.question.contains("Severity B with 24x7"))
        .unwrap();
    assert_eq!(
        (flip.before.verdict.as_str(), flip.after.verdict.as_str()),
        ("business_hours", "around_the_clock")
    );
    let paris = c
        .answer_flips
        .iter()
        .find(|f| f.question.contains("Paris"))
        .unwrap();
    assert_eq!(paris.before.verdict, paris.after.verdict);
    assert_eq!(
        paris.before.respond_by.as_deref(),
        Some("2021-03-08T10:30:00+01:00")
    );
    assert_eq!(
        paris.after.respond_by.as_deref(),
        Some("2021-03-08T12:30:00+01:00")
    );
    // Examples whose facts are not values of both editions (plan `premier`, plan `standard`) are not replayed.
    assert!(c
        .answer_flips
        .iter()
        .filter(|f| f.policy == "response_time")
        .all(|f| f.facts["plan"] == "prodirect"));
}

/// The verdicts before and after of the answer flip of `policy` whose fact `fact` is `value`.
fn flip_of(policy: &str, fact: &str, value: &str) -> (String, String) {
    let c = from_2021();
    let flip = c
        .answer_flips
        .iter()
        .find(|f| f.policy == policy && f.facts[fact] == value)
        .unwrap_or_else(|| panic!("no {policy} flip with {fact} = {value}"));
    (flip.before.verdict.clone(), flip.after.verdict.clone())
}

#[test]
fn a_case_closed_over_three_months_ago_flips_from_a_recommended_to_a_required_new_incident() {
    assert_eq!(
        flip_of("reopen", "closed_on", "2022-11-10"),
        (
            "new_incident_recommended".into(),
            "new_incident_required".into()
        )
    );
}

#[test]
fn a_premier_performance_case_after_four_hours_flips_from_closed_to_may_continue_as_advisory() {
    assert_eq!(
        flip_of("performance", "plan", "premier"),
        ("incident_closed".into(), "continue_as_advisory".into())
    );
}

#[test]
fn changes_json_follows_the_contract_and_an_unknown_edition_is_an_input_error() {
    let o = supportkb(
        &[
            "changes",
            "--from",
            "2021-01-26",
            "--to",
            "2025-07-31",
            "--json",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for change in json["changes"].as_array().unwrap() {
        let mut keys: Vec<&str> = change
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            // Exactly the contract's keys.
            ["after", "before", "cites", "kind", "summary", "topic"]
        );
    }
    // Printed in the contract's order.
    let text = String::from_utf8_lossy(&o.stdout);
    let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
    assert!(
        at("from") < at("to") && at("to") < at("changes") && at("changes") < at("answer_flips")
    );
    assert!(at("topic") < at("kind") && at("kind") < at("summary") && at("summary") < at("before"));
    insta::assert_json_snapshot!("changes_2021_to_2025", json);
    let o = supportkb(&["changes", "--from", "2024-01-01"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2021-01-26, 2025-07-31"));
}
