//! Editions of the policy: a question is answered under the edition in force on its own date (or the
//! one it names), every answer names its edition, a date between editions says which edition was
//! assumed, and the values, severities and policies an edition lacks are input errors naming it.

use chrono::NaiveDate;
use proptest::prelude::*;
use supportkb::policy::{Answer, ErrorKind, PolicyError, Registry};

use super::policy_cli::supportkb;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
}

fn ask(json: &str) -> Result<Answer, PolicyError> {
    Registry::embedded().unwrap().ask_json(json, today())
}

/// A ProDirect Severity B request with 24x7 asked for, submitted at `when` in Berlin.
fn prodirect_b_24x7(when: &str, version: Option<&str>) -> String {
    let version = version.map_or(String::new(), |v| format!(r#""policy_version":"{v}","#));
    format!(
        r#"{{"policy":"response_time",{version}"facts":{{"plan":"prodirect","severity":"B","access":"24x7","submitted_at":"{when}","country":"DE","time_zone":"Europe/Berlin"}}}}"#
    )
}

#[test]
fn the_same_prodirect_severity_b_request_is_routed_to_its_edition_by_its_date_alone() {
    // In 2021 ProDirect's Severity B ran on business hours whatever was asked; since 2025 24x7 can be chosen.
    let in_2021 = ask(&prodirect_b_24x7("2021-03-06T10:00:00+01:00", None)).unwrap();
    assert_eq!(in_2021.policy_version, "2021-01-26");
    assert_eq!(in_2021.verdict, "business_hours");
    assert_eq!(in_2021.details["respond_by"], "2021-03-08T10:00:00+01:00");
    assert!(in_2021.notes.iter().flat_map(|n| &n.items).any(|i| i
        .contains("The access choice is ignored: Severity B on Professional Direct (ProDirect) has business-hours access only")));
    let in_2026 = ask(&prodirect_b_24x7("2026-03-07T10:00:00+01:00", None)).unwrap();
    assert_eq!(in_2026.policy_version, "2025-07-31");
    assert_eq!(in_2026.verdict, "around_the_clock");
    assert_eq!(in_2026.details["respond_by"], "2026-03-07T12:00:00+01:00");
    assert!(in_2026.interpretations.is_empty());
}

#[test]
fn a_named_edition_wins_over_the_questions_date() {
    let a = ask(&prodirect_b_24x7(
        "2026-03-07T10:00:00+01:00",
        Some("2021-01-26"),
    ))
    .unwrap();
    assert_eq!(a.policy_version, "2021-01-26");
    assert_eq!(a.verdict, "business_hours");
    // Named exactly: no reading about which edition applies.
    assert!(!a
        .interpretations
        .iter()
        .any(|i| i.about == "Which edition of the policy applies"));
}

#[test]
fn a_date_between_editions_says_the_earlier_edition_is_assumed_in_force() {
    let a = ask(&prodirect_b_24x7("2023-05-02T10:00:00+02:00", None)).unwrap();
    assert_eq!(a.policy_version, "2021-01-26");
    let reading = a
        .interpretations
        .iter()
        .find(|i| i.about == "Which edition of the policy applies")
        .unwrap();
    assert!(
        reading.reading.contains("2023-05-02")
            && reading
                .reading
                .contains("assumes the 2021-01-26 edition stayed in force until 2025-07-31"),
        "{}",
        reading.reading
    );
    assert_eq!(
        (reading.cites.doc.as_str(), reading.cites.anchor.as_str()),
        ("about-support.md", "about-support")
    );
    // On the day of an edition, and after the newest, nothing is assumed.
    for when in ["2021-01-26T10:00:00+01:00", "2025-07-31T10:00:00+02:00"] {
        let a = ask(&prodirect_b_24x7(when, None)).unwrap();
        assert!(
            !a.interpretations
                .iter()
                .any(|i| i.about == "Which edition of the policy applies"),
            "{when}: {:?}",
            a.interpretations
        );
    }
}

#[test]
fn a_date_before_the_first_edition_is_an_input_error_naming_it() {
    let e = ask(&prodirect_b_24x7("2020-12-31T10:00:00+01:00", None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoEdition);
    assert_eq!(e.field.as_deref(), Some("submitted_at"));
    assert!(e.message.contains("(2021-01-26)"), "{}", e.message);
    let e = ask(&prodirect_b_24x7(
        "2026-03-07T10:00:00+01:00",
        Some("2019-06-01"),
    ))
    .unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::NoEdition, Some("policy_version"))
    );
    let e = ask(&prodirect_b_24x7(
        "2026-03-07T10:00:00+01:00",
        Some("31/07/2025"),
    ))
    .unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::InvalidDate, Some("policy_version"))
    );
}

#[test]
fn a_plan_the_edition_lacks_is_an_input_error_naming_the_edition_and_its_plans() {
    let e = ask(r#"{"policy":"response_time","facts":{"plan":"standard","severity":"C","submitted_at":"2021-03-05T16:00:00+01:00"}}"#).unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::UnknownValue, Some("plan"))
    );
    assert!(
        e.message.contains("2021-01-26 edition")
            && e.message.contains(
                "subscription, prodirect, premier, unified_core, unified_advanced, unified_performance"
            ),
        "{}",
        e.message
    );
    let e = ask(r#"{"policy":"response_time","facts":{"plan":"premier","severity":"C","submitted_at":"2026-03-05T16:00:00+01:00"}}"#).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("plan"));
    assert!(
        e.message.contains("2025-07-31 edition")
            && e.message
                .contains("standard, prodirect, unified_enterprise"),
        "{}",
        e.message
    );
}

#[test]
fn a_severity_the_plan_does_not_offer_in_2021_is_an_input_error_listing_the_plans_severities() {
    let e = ask(r#"{"policy":"response_time","facts":{"plan":"subscription","severity":"critical","submitted_at":"2021-03-05T16:00:00+01:00"}}"#).unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::UnknownValue, Some("severity"))
    );
    assert!(
        e.message.contains("2021-01-26 edition") && e.message.ends_with("A, B, C"),
        "{}",
        e.message
    );
    let e = ask(r#"{"policy":"response_time","facts":{"plan":"unified_core","severity":"B","submitted_at":"2021-03-05T16:00:00+01:00"}}"#).unwrap_err();
    assert!(e.message.ends_with("critical, standard"), "{}", e.message);
    // A severity of the other edition is an unknown value.
    let e = ask(r#"{"policy":"response_time","facts":{"severity":"critical","submitted_at":"2026-03-05T16:00:00+01:00"}}"#).unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::UnknownValue, Some("severity"))
    );
}

#[test]
fn can_i_reopen_in_may_2024_a_case_closed_in_december_2023_is_answered_by_the_2021_text_routed_by_its_date_alone(
) {
    // Nothing names the edition: `as_of` falls in 2024, when the edition of 2021 was in force, and
    // under it a case closed three or more months ago only makes a new incident recommended.
    let a = ask(r#"{"policy":"reopen","facts":{"closed_on":"2023-12-01","as_of":"2024-05-01","same_build":true,"same_hardware":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"same_user":true,"new_error_after_fix":false}}"#)
        .unwrap();
    assert_eq!(a.policy_version, "2021-01-26");
    assert_eq!(a.verdict, "new_incident_recommended");
    let verdict = Registry::embedded()
        .unwrap()
        .get_in("2021-01-26", "reopen")
        .unwrap()
        .spec()
        .verdict(&a.verdict)
        .unwrap()
        .clone();
    assert_eq!(verdict.label, "New incident recommended");
    let months = a
        .reasons
        .iter()
        .find(|r| r.rule == "reopen.closed_three_months_recommended")
        .unwrap();
    assert_eq!(
        (months.cites.doc.as_str(), months.cites.anchor.as_str()),
        ("purchasing-and-billing.md", "reopen")
    );
    assert!(
        !a.summary.to_lowercase().contains("required"),
        "{}",
        a.summary
    );
    // The same question a day after the 2025 edition was published: a new incident is required.
    let later = ask(r#"{"policy":"reopen","facts":{"closed_on":"2025-03-01","as_of":"2025-08-01","same_build":true,"same_hardware":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"same_user":true,"new_error_after_fix":false}}"#)
        .unwrap();
    assert_eq!(
        (later.policy_version.as_str(), later.verdict.as_str()),
        ("2025-07-31", "new_incident_required")
    );
}

#[test]
fn could_a_severity_a_request_have_been_lowered_in_2024_is_answered_with_the_2025_edition_and_says_so(
) {
    // The 2021 text is silent on the customer's commitments, so its edition does not describe
    // `severity`: a question dated in 2024 is answered under the earliest later edition that does.
    let a = Registry::embedded()
        .unwrap()
        .ask_json(
            r#"{"policy":"severity","facts":{"severity":"A","commits_to_24x7":false}}"#,
            NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        )
        .unwrap();
    assert_eq!(a.policy_version, "2025-07-31");
    assert_eq!(a.verdict, "may_be_downgraded");
    let reading = a
        .interpretations
        .iter()
        .find(|i| i.about == "Which edition of the policy applies")
        .unwrap();
    assert_eq!(
        reading.reading,
        "On the question's date, 2024-05-01, the support policy of 26 January 2021 was in force; \
         supportkb does not describe this question for that edition, so it answers with the support \
         policy of 31 July 2025, the earliest later edition that does."
    );
    assert_eq!(
        (reading.cites.doc.as_str(), reading.cites.anchor.as_str()),
        ("overview.md", "overview")
    );
    // Only that reading about the edition: not also the "stayed in force" one.
    assert_eq!(
        a.interpretations
            .iter()
            .filter(|i| i.about == "Which edition of the policy applies")
            .count(),
        1
    );
}

#[test]
fn asking_the_2021_edition_by_name_about_severity_is_an_input_error_listing_its_policies() {
    let e = ask(r#"{"policy":"severity","policy_version":"2021-01-26","facts":{"severity":"A"}}"#)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownPolicy);
    assert!(
        e.message.contains("the 2021-01-26 edition")
            && e.message.contains("2025-07-31")
            && e.message.contains("its policies: reopen"),
        "{}",
        e.message
    );
}

#[test]
fn asking_the_2021_edition_by_name_about_reopening_answers_by_its_text() {
    let a = ask(r#"{"policy":"reopen","policy_version":"2021-01-26","facts":{"closed_on":"2022-01-03","as_of":"2022-02-01","same_build":false}}"#)
        .unwrap();
    assert_eq!(a.policy_version, "2021-01-26");
    assert_eq!(a.verdict, "new_incident_required");
    assert!(a
        .reasons
        .iter()
        .any(|r| r.rule == "reopen.different_build" && r.cites.doc == "purchasing-and-billing.md"));
}

#[test]
fn with_an_unknown_plan_a_2021_severity_b_needs_the_plan_to_decide_the_clock() {
    // Premier runs Severity B around the clock, Subscription and ProDirect on business hours.
    let a = ask(r#"{"policy":"response_time","facts":{"severity":"B","submitted_at":"2021-03-05T16:00:00+01:00"}}"#).unwrap();
    assert_eq!(a.verdict, "need_more_facts");
    assert_eq!(a.missing_facts, vec!["plan"]);
}

#[test]
fn every_edition_describes_itself_and_its_policies_answer_under_it() {
    let registry = Registry::embedded().unwrap();
    let editions: Vec<&str> = registry
        .editions()
        .iter()
        .map(|e| e.policy_version.as_str())
        .collect();
    assert_eq!(editions, ["2021-01-26", "2025-07-31"]);
    assert_eq!(registry.newest_version(), "2025-07-31");
    for v in editions {
        for spec in registry.specs_in(v).unwrap() {
            assert_eq!(spec.policy_version, v, "{}", spec.id);
            assert!(spec.rules.iter().all(|r| r.policy_version == v));
        }
    }
    let plans = |v: &str| -> Vec<String> {
        let spec = registry
            .specs_in(v)
            .unwrap()
            .into_iter()
            .find(|s| s.id == "response_time")
            .unwrap();
        match &spec.facts[0].ty {
            supportkb::policy::FactType::Enum(values) => values.clone(),
            _ => unreachable!(),
        }
    };
    assert_eq!(plans("2021-01-26").len(), 6);
    assert_eq!(
        plans("2025-07-31"),
        ["standard", "prodirect", "unified_enterprise"]
    );
}

#[test]
fn ask_and_policies_take_a_policy_version() {
    let question = r#"{"policy":"response_time","facts":{"plan":"prodirect","severity":"B","access":"24x7","submitted_at":"2026-03-07T10:00:00+01:00","country":"DE","time_zone":"Europe/Berlin"}}"#;
    let o = supportkb(
        &["ask", "--jsonl", "--policy-version", "2021-01-26"],
        question,
    );
    assert!(o.status.success());
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(a["policy_version"], "2021-01-26");
    assert_eq!(a["verdict"], "business_hours");

    let o = supportkb(
        &[
            "ask",
            "response_time",
            "--policy-version",
            "2021-01-26",
            "--plan",
            "Unified Performance",
            "--severity",
            "critical",
            "--submitted-at",
            "2021-06-06T03:00:00-07:00",
            "--json",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(a["details"]["respond_by"], "2021-06-06T03:30:00-07:00");
    assert_eq!(a["details"]["target_hours"], 0.5);

    let o = supportkb(
        &["policies", "--json", "--policy-version", "2022-01-01"],
        "",
    );
    let specs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(specs
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["policy_version"] == "2021-01-26"));
    let o = supportkb(&["policies", "--json"], "");
    let specs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(specs.as_array().unwrap().len() >= 13);
    let o = supportkb(&["policies", "--policy-version", "2020-01-01"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2021-01-26"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any submission date from the first edition on is answered under the latest edition published on
    /// or before it.
    #[test]
    fn the_edition_in_force_is_the_latest_on_or_before_the_date(days in 0i64..3650) {
        let first = NaiveDate::from_ymd_opt(2021, 1, 26).unwrap();
        let date = first + chrono::Duration::days(days);
        let q = format!(
            r#"{{"policy":"response_time","facts":{{"plan":"prodirect","severity":"A","submitted_at":"{date}T12:00:00+00:00"}}}}"#
        );
        let a = ask(&q).unwrap();
        let expected = if date >= NaiveDate::from_ymd_opt(2025, 7, 31).unwrap() { "2025-07-31" } else { "2021-01-26" };
        prop_assert_eq!(a.policy_version, expected);
    }

    /// Under the 2021 edition a case whose other conditions all hold is never refused a reopening for
    /// its age: before three calendar months it can be reopened, from then on a new incident is only
    /// recommended, never required; the line is the same calendar-month date the 2025 edition uses.
    #[test]
    fn under_2021_the_three_months_only_ever_recommend_a_new_incident(
        closed_days in 0i64..1400,
        after in 0i64..400,
    ) {
        let first = NaiveDate::from_ymd_opt(2021, 1, 26).unwrap();
        let closed = first + chrono::Duration::days(closed_days);
        let as_of = closed + chrono::Duration::days(after);
        let q = format!(
            r#"{{"policy":"reopen","policy_version":"2021-01-26","facts":{{"closed_on":"{closed}","as_of":"{as_of}","same_build":true,"same_hardware":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"same_user":true,"new_error_after_fix":false}}}}"#
        );
        let a = ask(&q).unwrap();
        let line = closed.checked_add_months(chrono::Months::new(3)).unwrap();
        let expected = if as_of < line { "can_reopen" } else { "new_incident_recommended" };
        prop_assert_eq!(a.verdict.as_str(), expected);
        prop_assert!(!a.summary.to_lowercase().contains("required"), "{}", a.summary);
    }
}

#[test]
fn search_covers_the_newest_edition_unless_an_older_one_is_asked_for_and_labels_its_hits_with_their_date(
) {
    let search = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "search",
            "EMEA business hours CET",
            "--json",
            "--limit",
            "5",
        ];
        args.extend_from_slice(extra);
        let o = supportkb(&args, "");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let newest = search(&[]);
    assert!(newest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["date"].is_null() && !h["title"].as_str().unwrap().contains("2021")));
    let old = search(&["--policy-version", "2022-05-01"]);
    let first = &old["hits"][0];
    assert_eq!(
        (first["doc"].as_str(), first["anchor"].as_str()),
        (Some("about-support.md"), Some("business-hours"))
    );
    assert_eq!(first["date"], "2021-01-26");
    assert_eq!(first["date_label"], "26 Jan 2021");
    assert_eq!(first["policy_version"], "2021-01-26");
    assert!(newest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h.get("policy_version").is_none()));
    let o = supportkb(&["search", "hours", "--policy-version", "2020-12-31"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2021-01-26"));
}

#[test]
fn where_to_enter_a_premier_contract_is_found_in_the_2021_policy_beside_the_users_folder_but_not_in_the_newest(
) {
    let engine = supportkb::Engine::embedded().unwrap();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search-corpus");
    engine.add_corpus(&folder).unwrap();
    // By default the newest policy is searched: it has no Premier contracts, and no hit names an edition.
    let newest = engine
        .search_edition("Premier contract", 20, &[], None)
        .unwrap();
    assert!(
        newest
            .hits
            .iter()
            .all(|h| h.doc != "premier.md" && h.policy_version.is_none()),
        "{:?}",
        newest.hits
    );
    // Under the 2021 edition, its Premier section answers, labelled with the edition and its date.
    let old = engine
        .search_edition("Premier contract", 20, &[], Some("2021-01-26"))
        .unwrap();
    let first = &old.hits[0];
    assert_eq!(
        (
            first.doc.as_str(),
            first.anchor.as_str(),
            first.source.as_str()
        ),
        ("premier.md", "premier-requests", "faq")
    );
    assert_eq!(first.policy_version.as_deref(), Some("2021-01-26"));
    assert_eq!(first.date_label.as_deref(), Some("26 Jan 2021"));
    // The hit opens in its own edition.
    let shown = engine
        .show_edition(
            first.policy_version.as_deref(),
            &first.doc,
            Some(&first.anchor),
        )
        .unwrap();
    assert_eq!(shown.heading.as_deref(), Some(first.heading.as_str()));
    assert_eq!(shown.policy_version.as_deref(), Some("2021-01-26"));
    // The user's folder is searched beside the older edition, its hits unlabelled; a source filter
    // still applies.
    let fish = engine
        .search_edition("zebrafish", 20, &[], Some("2021-01-26"))
        .unwrap();
    assert!(fish
        .hits
        .iter()
        .any(|h| h.source == "search-corpus" && h.policy_version.is_none()));
    let faq_only = engine
        .search_edition(
            "Premier contract zebrafish",
            20,
            &["faq".to_string()],
            Some("2021-01-26"),
        )
        .unwrap();
    assert!(faq_only
        .hits
        .iter()
        .all(|h| h.source == "faq" && h.policy_version.as_deref() == Some("2021-01-26")));
    // The newest edition named is the default search itself.
    let named = engine
        .search_edition("Premier contract", 20, &[], Some("2025-07-31"))
        .unwrap();
    assert_eq!(
        named.hits.iter().map(|h| &h.anchor).collect::<Vec<_>>(),
        newest.hits.iter().map(|h| &h.anchor).collect::<Vec<_>>()
    );
    let unknown = engine
        .search_edition("Premier contract", 20, &[], Some("2023-01-01"))
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("2021-01-26, 2025-07-31"), "{unknown}");
}

#[test]
fn an_answer_to_take_away_quotes_and_names_the_passages_of_its_own_edition() {
    let q: supportkb::policy::Question = serde_json::from_str(r#"{"policy":"response_time","facts":{"plan":"premier","severity":"B","submitted_at":"2021-03-05T17:00:00+01:00","country":"FR","time_zone":"Europe/Paris"}}"#).unwrap();
    let a = Registry::embedded().unwrap().ask(&q, today()).unwrap();
    let text =
        supportkb::share::share_embedded(&q, &a, supportkb::share::ShareFormat::Markdown).unwrap();
    assert!(text.contains("**Support plan:** Premier"), "{text}");
    assert!(
        text.contains("in under two hours around the clock on Premier."),
        "{text}"
    );
    assert!(text.contains(
        "Initial response times and resolution (edition of 26 January 2021) › Severity B"
    ));
    assert!(!text.contains("Unified enterprise"), "{text}");
}

#[test]
fn a_citation_of_a_2021_answer_opens_the_2021_passage_and_names_its_edition() {
    let engine = supportkb::Engine::embedded().unwrap();
    let a = ask(&prodirect_b_24x7("2021-03-06T10:00:00+01:00", None)).unwrap();
    let cite = &a.reasons[0].cites;
    let shown = engine
        .show_edition(Some(&a.policy_version), &cite.doc, Some(&cite.anchor))
        .unwrap();
    assert_eq!(shown.policy_version.as_deref(), Some("2021-01-26"));
    assert_eq!(shown.anchor.as_deref(), Some(cite.anchor.as_str()));
    // The newest FAQ has no such document: only the edition-aware reader finds it.
    assert!(engine.show(&cite.doc, Some(&cite.anchor)).is_err());
    // The newest edition is the ordinary reader.
    let newest = engine
        .show_edition(Some("2025-07-31"), "overview.md", Some("overview"))
        .unwrap();
    assert_eq!(newest.policy_version, None);
}

#[test]
fn the_reader_marks_the_2025_passages_on_business_hours_as_changed_since_2021() {
    let engine = supportkb::Engine::embedded().unwrap();
    let changed = engine.changed_passages("2021-01-26", "2025-07-31").unwrap();
    assert!(changed
        .iter()
        .any(|c| c.doc == "severity-and-response.md" && c.anchor == "business-hours"));
    assert!(changed.iter().all(|c| c.policy_version == "2025-07-31"));
}
