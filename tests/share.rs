//! Answers to take away: the Markdown and plain-text copies of an answer, the public-sections table and
//! `supportkb://` links.

use std::process::Command;

use chrono::NaiveDate;
use supportkb::policy::{Question, Registry};
use supportkb::share::{share_embedded, DeepLink, PublicSections, ShareFormat};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
}

fn question(json: &str) -> Question {
    serde_json::from_str(json).unwrap()
}

const REOPEN_MX: &str = r#"{"policy":"response_time","facts":{"plan":"prodirect","severity":"C","submitted_at":"2026-11-23T08:00:00-06:00","country":"MX","time_zone":"America/Mexico_City"}}"#;

#[test]
fn a_copied_answer_names_facts_verdict_and_passages_in_words_and_links_microsofts_page() {
    let q = question(REOPEN_MX);
    let answer = Registry::embedded().unwrap().ask(&q, today()).unwrap();
    let md = share_embedded(&q, &answer, ShareFormat::Markdown).unwrap();
    for expected in [
        "## When must Microsoft first respond to my support request?",
        "**Business hours only.**",
        "- **Support plan:** Professional Direct (ProDirect)",
        "- **Severity:** Severity C (minimum business impact)",
        "- **Language:** English (not given; the default)",
        "Severity levels and response times › Severity C: minimum business impact",
        "- **Submitted at:** Monday 23 November 2026, 08:00 (UTC−06:00)",
        "https://learn.microsoft.com/power-platform/admin/support-overview#severity-and-responsiveness",
        "### How supportkb reads this",
        "Mexico",
        "of 2025-07-31",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
    // The quoted passage of every reason is there.
    let spec = Registry::embedded()
        .unwrap()
        .get("response_time")
        .unwrap()
        .spec();
    for r in &answer.reasons {
        assert!(
            md.contains(&spec.rule(&r.rule).unwrap().quote),
            "{}",
            r.rule
        );
    }
    // People's words only: no ids, no file names.
    for leak in [
        "response_time",
        "prodirect",
        ".md#",
        "snake",
        "business_hours",
        "hours_region",
    ] {
        assert!(!md.contains(leak), "{leak:?} leaks into:\n{md}");
    }
    let text = share_embedded(&q, &answer, ShareFormat::Text).unwrap();
    assert!(
        text.starts_with("When must Microsoft first respond"),
        "{text}"
    );
    assert!(!text.contains("**") && !text.contains("]("), "{text}");
    assert!(text.contains("Business hours only."), "{text}");
}

#[test]
fn an_answer_the_policy_does_not_address_is_copied_as_such() {
    let q = question(
        r#"{"policy":"data_corruption","facts":{"request":"run_script","script_tested_in_uat":false}}"#,
    );
    let answer = Registry::embedded().unwrap().ask(&q, today()).unwrap();
    let text = share_embedded(&q, &answer, ShareFormat::Text).unwrap();
    assert!(text.contains("Not addressed by the policy."), "{text}");
    assert!(
        text.contains("- What you ask Microsoft: Run our repair script"),
        "{text}"
    );
    assert!(text.contains("- Script tested in UAT: No"), "{text}");
    assert!(
        text.contains("#does-microsoft-provide-support-for-data-corruption"),
        "{text}"
    );
}

#[test]
fn every_cited_passage_has_a_section_of_the_public_policy_page() {
    let table = PublicSections::embedded().unwrap();
    for spec in Registry::embedded().unwrap().specs() {
        for r in &spec.rules {
            let url = table.url(&r.cites.doc, &r.cites.anchor);
            assert!(
                url.starts_with(
                    "https://learn.microsoft.com/power-platform/admin/support-overview"
                ),
                "{}: {url}",
                r.id
            );
        }
    }
    let bad = PublicSections::parse(
        "policy_version = \"2025-07-31\"\npage = \"https://x\"\n[docs]\n[sections]\n\"reopening-incidents.md#nowhere\" = \"x\"\n",
        &|_, a| a != "nowhere",
    )
    .unwrap_err();
    assert!(
        bad.to_string()
            .contains("sections.reopening-incidents.md#nowhere"),
        "{bad}"
    );
}

#[test]
fn a_question_link_reopens_the_same_question() {
    let registry = Registry::embedded().unwrap();
    let q = question(
        r#"{"policy":"response_time","facts":{"plan":"standard","severity":"B","holidays":["2026-12-24","2026-12-25"],"submitted_at":"2026-11-20T16:00:00+01:00","time_zone":"Europe/Berlin"}}"#,
    );
    let url = DeepLink::Question {
        question: q.clone(),
    }
    .to_url();
    assert!(url.starts_with("supportkb://ask/response_time?"), "{url}");
    assert_eq!(
        DeepLink::parse(&url, registry).unwrap(),
        DeepLink::Question {
            question: q.clone()
        }
    );
    // And it answers exactly as the original.
    let DeepLink::Question { question: back } = DeepLink::parse(&url, registry).unwrap() else {
        unreachable!()
    };
    assert_eq!(
        registry.ask(&back, today()).unwrap(),
        registry.ask(&q, today()).unwrap()
    );

    let reopen =
        question(r#"{"policy":"reopen","facts":{"same_build":false,"closed_on":"2026-08-12"}}"#);
    let url = DeepLink::Question {
        question: reopen.clone(),
    }
    .to_url();
    assert_eq!(
        DeepLink::parse(&url, registry).unwrap(),
        DeepLink::Question { question: reopen }
    );
}

#[test]
fn a_link_to_a_question_asked_of_the_2021_edition_reopens_it_under_that_edition() {
    let registry = Registry::embedded().unwrap();
    let q = question(
        r#"{"policy":"response_time","policy_version":"2021-01-26","facts":{"plan":"premier","severity":"B","submitted_at":"2026-03-06T10:00:00+01:00","time_zone":"Europe/Berlin"}}"#,
    );
    let url = DeepLink::Question {
        question: q.clone(),
    }
    .to_url();
    assert!(
        url.starts_with("supportkb://ask/response_time?policy_version=2021-01-26&"),
        "{url}"
    );
    let DeepLink::Question { question: back } = DeepLink::parse(&url, registry).unwrap() else {
        unreachable!()
    };
    assert_eq!(back, q);
    // A 2021 plan is a fact value of that edition: answered under it, not the newest.
    assert_eq!(
        registry.ask(&back, today()).unwrap().policy_version,
        "2021-01-26"
    );
}

#[test]
fn a_link_naming_an_edition_that_is_no_date_or_lacks_the_policy_is_an_error_saying_so() {
    let registry = Registry::embedded().unwrap();
    for (link, says) in [
        (
            "supportkb://ask/response_time?policy_version=someday",
            "is not a date",
        ),
        (
            "supportkb://ask/severity?policy_version=2021-01-26&severity=A",
            "in the edition of 2021-01-26",
        ),
    ] {
        let e = DeepLink::parse(link, registry).unwrap_err().to_string();
        assert!(e.contains(says), "{link}: {e}");
    }
}

#[test]
fn a_passage_link_names_the_passage() {
    let registry = Registry::embedded().unwrap();
    let link = DeepLink::Passage {
        doc: "severity-and-response.md".into(),
        anchor: Some("severity-downgrade".into()),
    };
    let url = link.to_url();
    assert_eq!(
        url,
        "supportkb://read/severity-and-response.md#severity-downgrade"
    );
    assert_eq!(DeepLink::parse(&url, registry).unwrap(), link);
}

#[test]
fn bad_links_are_errors_that_say_what_is_wrong() {
    let registry = Registry::embedded().unwrap();
    for (link, says) in [
        ("https://example.com/x", "not a supportkb link"),
        ("not a link at all", "is not a link"),
        ("supportkb://ask/nonsense", "does not know"),
        ("supportkb://ask/reopen?colour=red", "does not ask about"),
        ("supportkb://elsewhere/x", "neither a question"),
    ] {
        let e = DeepLink::parse(link, registry).unwrap_err().to_string();
        assert!(e.contains(says), "{link}: {e}");
    }
}

#[test]
fn the_cli_prints_an_answer_to_take_away_and_a_link() {
    let bin = env!("CARGO_BIN_EXE_supportkb");
    let out = Command::new(bin)
        .args([
            "ask",
            "data_corruption",
            "--request",
            "run_script",
            "--script-tested-in-uat",
            "no",
            "--markdown",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("## Will Microsoft fix our corrupted data?"),
        "{md}"
    );
    assert!(md.contains("**Not addressed by the policy.**"), "{md}");

    let out = Command::new(bin)
        .args([
            "ask",
            "rca",
            "--published-service-incident",
            "yes",
            "--link",
        ])
        .output()
        .unwrap();
    let link = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        link.trim(),
        "supportkb://ask/rca?published_service_incident=true"
    );
}
