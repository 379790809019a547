//! The `response_time` policy through its typed API: the deadline examples of issue 3, every way the
//! clock is chosen, the facts it asks for, and the errors for bad facts and bad tables.

use std::collections::BTreeSet;

use supportkb::policy::{
    evaluate_response_time as evaluate, parse_country, parse_holiday, parse_submitted_at,
    parse_time_zone, Access, Clock, Language, ResponseOutcome, ResponseQuestion, ResponseTables,
    ResponseTimeError, TableError, BUSINESS_HOURS_FILE, RESPONSE_TIMES_FILE,
};

const RESPONSE_TIMES: &str =
    include_str!("../docs-corpus/editions/2025-07-31/policy/response-times.toml");
const BUSINESS_HOURS: &str =
    include_str!("../docs-corpus/editions/2025-07-31/policy/business-hours.toml");

fn tables() -> &'static ResponseTables {
    ResponseTables::embedded().unwrap()
}

fn question(
    plan: &str,
    severity: &str,
    submitted_at: &str,
    country: &str,
    zone: &str,
) -> ResponseQuestion {
    ResponseQuestion {
        plan: Some(plan.into()),
        severity: Some(severity.into()),
        submitted_at: Some(parse_submitted_at(submitted_at).unwrap()),
        country: Some(parse_country(country).unwrap()),
        time_zone: Some(parse_time_zone(zone).unwrap()),
        ..Default::default()
    }
}

fn ask(q: &ResponseQuestion) -> ResponseOutcome<'static> {
    evaluate(q, tables()).unwrap()
}

fn respond_by(out: &ResponseOutcome<'_>) -> String {
    out.respond_by.unwrap().to_rfc3339()
}

#[test]
fn standard_c_friday_afternoon_in_berlin_is_due_monday_afternoon() {
    let out = ask(&question(
        "standard",
        "C",
        "2026-11-20T16:00:00+01:00",
        "DE",
        "Europe/Berlin",
    ));
    assert_eq!(out.clock, Some(Clock::BusinessHours));
    assert_eq!(out.target_minutes, Some(480));
    assert_eq!(respond_by(&out), "2026-11-23T16:00:00+01:00");
    assert_eq!(out.clock_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(
        out.business_hours.as_deref(),
        Some("09:00–17:00 Berlin time, Mon–Fri")
    );
    let windows: Vec<(String, String)> = out
        .windows
        .iter()
        .map(|(a, b)| (a.to_rfc3339(), b.to_rfc3339()))
        .collect();
    assert_eq!(
        windows,
        vec![
            (
                "2026-11-20T16:00:00+01:00".into(),
                "2026-11-20T17:00:00+01:00".into()
            ),
            (
                "2026-11-23T09:00:00+01:00".into(),
                "2026-11-23T16:00:00+01:00".into()
            ),
        ]
    );
    assert!(out.rules.contains(&"response_time.severity_c"));
    assert!(out.rules.contains(&"response_time.hours_default"));
    assert!(out.missing_facts.is_empty());
    assert!(out
        .assumptions
        .iter()
        .any(|a| a.contains("only weekends are skipped")));
    assert_eq!(out.customer_obligations.len(), 3);
}

#[test]
fn severity_b_business_hours_for_a_us_customer_submitting_from_europe() {
    // A New York customer's admin travelling in Berlin submits Tuesday 10:00 Berlin time (01:00 Pacific).
    let mut q = question(
        "standard",
        "B",
        "2026-11-24T10:00:00+01:00",
        "US",
        "America/New_York",
    );
    q.access = Some(Access::BusinessHours);
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::BusinessHours));
    assert_eq!(out.clock_zone.as_deref(), Some("America/Los_Angeles"));
    // The clock starts 06:00 Pacific; four hours later is 10:00 Pacific, 13:00 in New York.
    assert_eq!(respond_by(&out), "2026-11-24T13:00:00-05:00");
    assert!(out
        .rules
        .contains(&"response_time.severity_b_business_hours"));
    assert!(out.rules.contains(&"response_time.hours_north_america"));
}

#[test]
fn japan_runs_until_half_past_five() {
    let out = ask(&question(
        "standard",
        "C",
        "2026-11-20T17:00:00+09:00",
        "JP",
        "Asia/Tokyo",
    ));
    // Half an hour on Friday, seven and a half from Monday 09:00.
    assert_eq!(respond_by(&out), "2026-11-23T16:30:00+09:00");
    assert!(out.rules.contains(&"response_time.hours_japan"));
}

#[test]
fn severity_a_runs_around_the_clock_in_english() {
    let out = ask(&question(
        "prodirect",
        "A",
        "2026-11-21T23:30:00+01:00",
        "DE",
        "Europe/Berlin",
    ));
    assert_eq!(out.clock, Some(Clock::AroundTheClock));
    assert_eq!(out.target_minutes, Some(60));
    assert_eq!(respond_by(&out), "2026-11-22T00:30:00+01:00");
    assert_eq!(out.clock_zone.as_deref(), Some("UTC"));
    assert!(out.rules.contains(&"response_time.english_24x7"));
}

#[test]
fn severity_a_in_german_runs_on_local_business_hours() {
    let mut q = question(
        "standard",
        "A",
        "2026-11-21T10:00:00+01:00",
        "DE",
        "Europe/Berlin",
    );
    q.language = Some(tables().parse_language("de").unwrap());
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::BusinessHours));
    assert_eq!(respond_by(&out), "2026-11-23T10:00:00+01:00");
    assert!(out.rules.contains(&"response_time.local_language_hours"));
}

#[test]
fn severity_a_in_another_language_is_english_around_the_clock_with_translation() {
    let mut q = question(
        "standard",
        "A",
        "2026-11-21T10:00:00+01:00",
        "NL",
        "Europe/Amsterdam",
    );
    q.language = Some(Language::Other);
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::AroundTheClock));
    assert!(out.rules.contains(&"response_time.translation"));
    assert!(out.assumptions.iter().any(|a| a.contains("translation")));
}

#[test]
fn severity_b_without_access_runs_on_business_hours_its_default() {
    let mut q = question(
        "standard",
        "B",
        "2026-11-24T10:00:00+01:00",
        "DE",
        "Europe/Berlin",
    );
    q.access = None;
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::BusinessHours));
    assert!(out.missing_facts.is_empty(), "{:?}", out.missing_facts);
    assert_eq!(respond_by(&out), "2026-11-24T14:00:00+01:00");
}

#[test]
fn severity_b_in_french_is_business_hours_whatever_the_access() {
    let mut q = question(
        "prodirect",
        "B",
        "2026-11-24T08:00:00+01:00",
        "FR",
        "Europe/Paris",
    );
    q.language = Some(tables().parse_language("FR").unwrap());
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::BusinessHours));
    assert_eq!(out.target_minutes, Some(120));
    assert_eq!(respond_by(&out), "2026-11-24T11:00:00+01:00");
}

#[test]
fn severity_b_with_24x7_counts_every_hour() {
    let mut q = question(
        "standard",
        "B",
        "2026-11-21T22:00:00+01:00",
        "DE",
        "Europe/Berlin",
    );
    q.access = Some(Access::TwentyFourSeven);
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::AroundTheClock));
    assert_eq!(respond_by(&out), "2026-11-22T02:00:00+01:00");
    assert!(out.rules.contains(&"response_time.severity_b_24x7"));
    assert_eq!(out.windows.len(), 1);
}

#[test]
fn the_plan_matters_except_for_severity_a() {
    let mut q = question(
        "standard",
        "A",
        "2026-11-24T10:00:00+01:00",
        "DE",
        "Europe/Berlin",
    );
    q.plan = None;
    let out = ask(&q);
    assert_eq!(out.target_minutes, Some(60));
    assert!(out.missing_facts.is_empty());

    q.severity = Some("C".into());
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::BusinessHours));
    assert_eq!(out.target_minutes, None);
    assert_eq!(out.respond_by, None);
    assert_eq!(out.missing_facts, vec!["plan"]);
}

#[test]
fn missing_severity_decides_nothing() {
    let out = ask(&ResponseQuestion::default());
    assert_eq!(out.clock, None);
    assert_eq!(out.missing_facts, vec!["severity"]);
}

#[test]
fn business_hours_need_the_country_and_outside_the_regions_the_zone() {
    let mut q = question(
        "standard",
        "C",
        "2026-11-24T10:00:00+01:00",
        "DE",
        "Europe/Berlin",
    );
    q.country = None;
    assert_eq!(ask(&q).missing_facts, vec!["country"]);
    q.country = Some("DE".into());
    q.time_zone = None;
    assert_eq!(ask(&q).missing_facts, vec!["time_zone"]);
    // In a region the zone is the region's: the answer is shown in the submission's offset. Tuesday
    // 10:00 in Berlin is 18:00 in Tokyo, after closing: eight hours from Wednesday 09:00 Tokyo time.
    q.country = Some("JP".into());
    let out = ask(&q);
    assert!(out.missing_facts.is_empty());
    assert_eq!(respond_by(&out), "2026-11-25T09:00:00+01:00");
    assert!(out
        .assumptions
        .iter()
        .any(|a| a.contains("submission's UTC offset")));
}

#[test]
fn mexico_is_read_as_north_america_unless_another_region_is_chosen() {
    let mut q = question(
        "standard",
        "C",
        "2026-11-23T08:00:00-06:00",
        "MX",
        "America/Mexico_City",
    );
    let out = ask(&q);
    assert_eq!(out.clock_zone.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(respond_by(&out), "2026-11-23T16:00:00-06:00");
    q.hours_region = Some("other".to_string());
    let out = ask(&q);
    assert_eq!(out.clock_zone.as_deref(), Some("America/Mexico_City"));
    assert_eq!(respond_by(&out), "2026-11-23T17:00:00-06:00");
}

#[test]
fn given_holidays_replace_the_calendar() {
    let mut q = question(
        "standard",
        "C",
        "2026-12-23T16:00:00+01:00",
        "DE",
        "Europe/Berlin",
    );
    q.holidays = Some(BTreeSet::from([
        parse_holiday("2026-12-24").unwrap(),
        parse_holiday("2026-12-25").unwrap(),
    ]));
    let out = ask(&q);
    // One hour on Wednesday 23rd; Thursday and Friday are holidays; seven hours on Monday 28th.
    assert_eq!(respond_by(&out), "2026-12-28T16:00:00+01:00");
    assert!(out
        .assumptions
        .iter()
        .any(|a| a.contains("Holidays are the dates given")));
}

#[test]
fn access_only_matters_for_severity_b() {
    let mut q = question(
        "standard",
        "C",
        "2026-11-24T10:00:00+01:00",
        "DE",
        "Europe/Berlin",
    );
    q.access = Some(Access::TwentyFourSeven);
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::BusinessHours));
    assert!(
        out.assumptions
            .iter()
            .any(|a| a.contains("access choice is ignored")),
        "{:?}",
        out.assumptions
    );
    q.severity = Some("A".into());
    q.access = Some(Access::BusinessHours);
    let out = ask(&q);
    assert_eq!(out.clock, Some(Clock::AroundTheClock));
    assert!(out
        .assumptions
        .iter()
        .any(|a| a.starts_with("The access choice is ignored: Severity A")));
}

#[test]
fn bad_fact_values_name_the_fact() {
    let field = |e: ResponseTimeError| match e {
        ResponseTimeError::InvalidFact { field, .. } => field,
        other => panic!("unexpected {other}"),
    };
    assert_eq!(field(parse_country("XX").unwrap_err()), "country");
    assert_eq!(parse_country("de").unwrap(), "DE");
    assert_eq!(
        field(parse_time_zone("Mars/Olympus_Mons").unwrap_err()),
        "time_zone"
    );
    assert_eq!(
        field(parse_submitted_at("2026-11-20T16:00:00").unwrap_err()),
        "submitted_at"
    );
    assert_eq!(field(parse_holiday("2026-02-30").unwrap_err()), "holidays");
    assert_eq!(
        field(tables().parse_language("ko").unwrap_err()),
        "language"
    );
    assert!(tables().plan("premier").is_none());
    assert!(tables().severity("D").is_none());
    assert_eq!(field("weekends".parse::<Access>().unwrap_err()), "access");
}

#[test]
fn the_tables_state_the_policy_figures() {
    let t = tables();
    let hours = |s: &str| -> Vec<u32> {
        t.plans
            .iter()
            .map(|p| t.severity(s).unwrap().target(&p.id).unwrap().minutes / 60)
            .collect()
    };
    assert_eq!(hours("A"), vec![1, 1, 1]);
    assert_eq!(hours("B"), vec![4, 2, 2]);
    assert_eq!(hours("C"), vec![8, 4, 4]);
    assert_eq!(t.languages.local.len(), 9);
    assert_eq!(
        t.language_values().last().map(String::as_str),
        Some("other")
    );
    assert_eq!(t.policy_version, "2025-07-31");
    let na = t.region_of("CA").unwrap();
    assert_eq!(
        na.hours.open,
        chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap()
    );
}

fn table_error(response_times: &str, business_hours: &str) -> TableError {
    ResponseTables::parse(response_times, business_hours).unwrap_err()
}

#[test]
fn bad_tables_are_errors_naming_file_and_key() {
    let err = table_error(
        RESPONSE_TIMES,
        &BUSINESS_HOURS.replace("Asia/Tokyo", "Asia/Atlantis"),
    );
    assert_eq!(
        err,
        TableError::Invalid {
            file: BUSINESS_HOURS_FILE.into(),
            key: "regions[1].zone".into(),
            message: "`Asia/Atlantis` is not an IANA time zone".into(),
        }
    );
    let err = table_error(
        RESPONSE_TIMES,
        &BUSINESS_HOURS.replace("close = \"17:30\"", "close = \"08:30\""),
    );
    assert!(
        err.to_string()
            .starts_with("policy/business-hours.toml: `regions[1].close`"),
        "{err}"
    );
    let err = table_error(
        &RESPONSE_TIMES.replace(
            "{ standard = 8, prodirect = 4, unified_enterprise = 4 }",
            "{ standard = 8, prodirect = 4, unified_enterprise = 4, premier = 4 }",
        ),
        BUSINESS_HOURS,
    );
    assert!(
        matches!(&err, TableError::Invalid { key, message, .. }
            if key == "severities.C.target_hours.premier" && message == "unknown plan `premier`"),
        "{err}"
    );
    let err = table_error(
        &RESPONSE_TIMES.replace("id = \"prodirect\"", "id = \"premier\""),
        BUSINESS_HOURS,
    );
    assert!(
        matches!(&err, TableError::Invalid { key, .. } if key == "severities.A.target_hours.prodirect"),
        "{err}"
    );
    let err = table_error(
        &RESPONSE_TIMES.replace(
            "rule = \"response_time.severity_c\"",
            "rule = \"severity_c\"",
        ),
        BUSINESS_HOURS,
    );
    assert!(
        matches!(&err, TableError::Invalid { key, .. } if key == "severities.C.rule"),
        "{err}"
    );
    let err = table_error(
        RESPONSE_TIMES,
        &BUSINESS_HOURS.replace("[\"US\", \"CA\"]", "[\"US\", \"QQ\"]"),
    );
    assert!(
        err.to_string()
            .contains("`QQ` is not an ISO 3166-1 alpha-2 code"),
        "{err}"
    );
    let err = table_error("plans = 3", BUSINESS_HOURS);
    assert!(
        matches!(&err, TableError::Parse { file, .. } if file == RESPONSE_TIMES_FILE),
        "{err}"
    );
}

// ---- through the policy framework (what `supportkb ask` runs) ---------------------------------------

mod through_the_registry {
    use supportkb::policy::Registry;
    use supportkb::policy::{Answer, ErrorKind};

    fn ask(json: &str) -> Answer {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        Registry::embedded().unwrap().ask_json(json, today).unwrap()
    }

    #[test]
    fn the_issue_example_as_json() {
        let a = ask(
            r#"{"policy": "response_time", "facts": {"plan": "standard", "severity": "C",
                "submitted_at": "2026-11-20T16:00:00+01:00", "country": "DE", "time_zone": "Europe/Berlin"}}"#,
        );
        assert_eq!(a.verdict, "business_hours");
        assert_eq!(a.details["respond_by"], "2026-11-23T16:00:00+01:00");
        assert_eq!(a.details["target_hours"], 8);
        assert_eq!(a.details["clock_zone"], "Europe/Berlin");
        assert_eq!(
            a.details["business_hours"],
            "09:00–17:00 Berlin time, Mon–Fri"
        );
        assert_eq!(a.details["windows"].as_array().unwrap().len(), 2);
        assert_eq!(
            a.details["windows"][1]["start"],
            "2026-11-23T09:00:00+01:00"
        );
        assert!(
            a.summary
                .contains("due by Monday 23 November 2026, 16:00 (UTC+01:00)"),
            "{}",
            a.summary
        );
        let anchors: Vec<&str> = a.reasons.iter().map(|r| r.cites.anchor.as_str()).collect();
        assert!(anchors.contains(&"severity-c"), "{anchors:?}");
        assert!(anchors.contains(&"business-hours"), "{anchors:?}");
        assert!(a.missing_facts.is_empty());
        assert_eq!(a.policy_version, "2025-07-31");
    }

    #[test]
    fn severity_b_without_access_is_business_hours_by_a_listed_reading() {
        let a =
            ask(r#"{"policy": "response_time", "facts": {"plan": "standard", "severity": "B"}}"#);
        assert_eq!(a.verdict, "business_hours");
        assert!(a.missing_facts.is_empty());
        assert!(a.what_would_change.contains(&"access".to_string()));
        assert_eq!(a.interpretations.len(), 1);
        assert_eq!(a.interpretations[0].cites.anchor, "severity-b");
    }

    #[test]
    fn nothing_known_needs_the_severity() {
        let a = ask(r#"{"policy": "response_time", "facts": {}}"#);
        assert_eq!(a.verdict, "need_more_facts");
        assert!(
            a.missing_facts.contains(&"severity".to_string()),
            "{:?}",
            a.missing_facts
        );
    }

    #[test]
    fn what_would_change_a_severity_b_24x7_answer() {
        let a = ask(
            r#"{"policy": "response_time", "facts": {"plan": "prodirect", "severity": "B", "access": "24x7",
                "submitted_at": "2026-11-21T22:00:00+01:00", "country": "DE", "time_zone": "Europe/Berlin"}}"#,
        );
        assert_eq!(a.verdict, "around_the_clock");
        assert_eq!(a.details["respond_by"], "2026-11-22T00:00:00+01:00");
        for fact in ["severity", "access", "language"] {
            assert!(
                a.what_would_change.contains(&fact.to_string()),
                "{:?}",
                a.what_would_change
            );
        }
        assert!(!a.what_would_change.contains(&"plan".to_string()));
    }

    #[test]
    fn a_decided_clock_without_a_submission_time_says_what_the_deadline_needs() {
        let a = ask(r#"{"policy": "response_time", "facts": {"severity": "C", "country": "JP"}}"#);
        assert_eq!(a.verdict, "business_hours");
        assert_eq!(a.details["respond_by"], serde_json::Value::Null);
        assert_eq!(
            a.details["deadline_needs"],
            serde_json::json!(["plan", "submitted_at"])
        );
    }

    #[test]
    fn bad_facts_are_input_errors() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let registry = Registry::embedded().unwrap();
        let kind = |facts: &str| {
            registry
                .ask_json(
                    &format!(r#"{{"policy": "response_time", "facts": {facts}}}"#),
                    today,
                )
                .unwrap_err()
        };
        let err = kind(r#"{"country": "ZZ"}"#);
        assert_eq!(
            (err.kind, err.field.as_deref()),
            (ErrorKind::InvalidCountry, Some("country"))
        );
        let err = kind(r#"{"time_zone": "Europe/Atlantis"}"#);
        assert_eq!(err.kind, ErrorKind::InvalidTimeZone);
        let err = kind(r#"{"submitted_at": "2026-11-20 16:00"}"#);
        assert_eq!(err.kind, ErrorKind::InvalidDatetime);
        let err = kind(r#"{"language": "ko"}"#);
        assert_eq!(
            (err.kind, err.field.as_deref()),
            (ErrorKind::UnknownValue, Some("language"))
        );
        let err = kind(r#"{"holidays": ["2026-02-30"]}"#);
        assert_eq!(err.kind, ErrorKind::InvalidDate);
    }

    #[test]
    fn every_rule_quotes_its_section_verbatim() {
        let registry = Registry::embedded().unwrap();
        let spec = registry
            .specs()
            .into_iter()
            .find(|s| s.id == "response_time")
            .unwrap();
        let doc = include_str!("../docs-corpus/editions/2025-07-31/severity-and-response.md");
        for rule in &spec.rules {
            let heading = format!("{{#{}}}", rule.cites.anchor);
            let start = doc
                .find(&heading)
                .unwrap_or_else(|| panic!("{}: no anchor {heading}", rule.id));
            let section = &doc[start..];
            let section = &section[..section[1..].find("\n## ").map_or(section.len(), |i| i + 1)];
            assert!(
                section.contains(&rule.quote),
                "{}: quote not in #{}",
                rule.id,
                rule.cites.anchor
            );
        }
        assert!(spec.examples.len() >= 2);
    }
}

#[test]
fn the_details_of_a_deadline_are_the_json_serde_makes_of_them() {
    use supportkb::policy::ResponseTimeDetails;
    // A business-hours deadline (target, windows, obligations, assumptions) and a question that still
    // needs facts (nulls and an empty timeline): the object answers carry is what serde writes.
    let decided = ask(&question(
        "standard",
        "C",
        "2026-11-20T16:00:00+01:00",
        "DE",
        "Europe/Berlin",
    ));
    let undecided = ask(&ResponseQuestion {
        severity: Some("A".into()),
        ..Default::default()
    });
    for out in [&decided, &undecided] {
        let details = ResponseTimeDetails::of(out);
        let by_serde = match serde_json::to_value(&details).unwrap() {
            serde_json::Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        };
        assert_eq!(details.to_map(), by_serde);
        assert_eq!(details.into_map(), by_serde);
    }
}

#[test]
fn default_business_hours_are_worded_in_the_customers_zone_by_its_place() {
    // Most countries: 09:00–17:00 on weekdays in the customer's zone, named by its place, whatever
    // the zone (the wording is prepared once when the tables load).
    let t = tables();
    for (zone, words) in [
        ("Europe/Berlin", "09:00–17:00 Berlin time, Mon–Fri"),
        ("Asia/Kolkata", "09:00–17:00 Kolkata time, Mon–Fri"),
        (
            "America/Argentina/Buenos_Aires",
            "09:00–17:00 Buenos Aires time, Mon–Fri",
        ),
        ("Etc/GMT-8", "09:00–17:00 UTC+08:00, Mon–Fri"),
        ("UTC", "09:00–17:00 UTC, Mon–Fri"),
    ] {
        assert_eq!(t.default_hours_words(parse_time_zone(zone).unwrap()), words);
    }
    // With holidays the calendar is worded whole, holidays counted.
    let mut q = question(
        "standard",
        "C",
        "2026-11-20T16:00:00+05:30",
        "IN",
        "Asia/Kolkata",
    );
    q.holidays = Some([parse_holiday("2026-11-23").unwrap()].into());
    assert_eq!(
        ask(&q).business_hours.as_deref(),
        Some("09:00–17:00 Kolkata time, Mon–Fri, 1 holiday(s) excluded")
    );
    q.holidays = None;
    assert_eq!(
        ask(&q).business_hours.as_deref(),
        Some("09:00–17:00 Kolkata time, Mon–Fri")
    );
}
