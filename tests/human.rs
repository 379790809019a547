//! `supportkb::human`: people's words into fact values (every fact type, the error messages), the
//! question parser against `tests/data/understand.toml`, and property tests of the date arithmetic.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use proptest::prelude::*;
use serde::Deserialize;
use supportkb::human::{
    countries, dates, resolve, resolve_all, understand, Context, Resolved, Understood,
};
use supportkb::policy::{ErrorKind, FactSpec, PolicySpec, Registry};

fn spec(policy: &str) -> &'static PolicySpec {
    Registry::embedded().unwrap().get(policy).unwrap().spec()
}

fn fact(policy: &str, name: &str) -> &'static FactSpec {
    let s = spec(policy);
    &s.facts[s.fact_index(name).unwrap()]
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Wednesday 25 Nov 2026.
fn ctx() -> Context {
    Context::on(day(2026, 11, 25))
}

fn tokyo() -> Context {
    Context {
        time_zone: Some(chrono_tz::Asia::Tokyo),
        ..ctx()
    }
}

fn ok(policy: &str, name: &str, text: &str, ctx: &Context) -> Resolved {
    resolve(fact(policy, name), text, ctx).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn message(policy: &str, name: &str, text: &str, ctx: &Context) -> (ErrorKind, String) {
    let e = resolve(fact(policy, name), text, ctx).expect_err(text);
    (e.kind, e.message)
}

#[test]
fn booleans_in_words() {
    for (text, value, display) in [
        ("yes", serde_json::json!(true), "Yes"),
        ("Y", serde_json::json!(true), "Yes"),
        ("TRUE", serde_json::json!(true), "Yes"),
        ("no", serde_json::json!(false), "No"),
        ("n", serde_json::json!(false), "No"),
        ("Don't know", serde_json::Value::Null, "Don't know"),
        ("unknown", serde_json::Value::Null, "Don't know"),
    ] {
        let r = ok("reopen", "same_build", text, &ctx());
        assert_eq!((r.value, r.display.as_str()), (value, display), "{text}");
    }
    let (kind, m) = message("reopen", "same_build", "maybe", &ctx());
    assert_eq!(kind, ErrorKind::WrongType);
    assert_eq!(
        m,
        "Same product build: “maybe” is not a yes or no; answer Yes, No or Don't know."
    );
}

#[test]
fn dates_in_words() {
    for (text, iso) in [
        ("2026-08-12", "2026-08-12"),
        ("today", "2026-11-25"),
        ("yesterday", "2026-11-24"),
        ("tomorrow", "2026-11-26"),
        ("4 months ago", "2026-07-25"),
        ("a month ago", "2026-10-25"),
        ("in 2 weeks", "2026-12-09"),
        ("Friday", "2026-11-20"),
        ("last Friday", "2026-11-20"),
        ("this Friday", "2026-11-27"),
        ("next Monday", "2026-11-30"),
        ("12 Aug", "2026-08-12"),
        ("Aug 12", "2026-08-12"),
        ("12 August 2025", "2025-08-12"),
        ("25/08/2025", "2025-08-25"),
    ] {
        assert_eq!(ok("reopen", "closed_on", text, &ctx()).value, iso, "{text}");
    }
    assert_eq!(
        ok("reopen", "closed_on", "last friday", &ctx()).display,
        "Friday 20 Nov 2026"
    );
    let (kind, m) = message("reopen", "closed_on", "12/08/2025", &ctx());
    assert_eq!(kind, ErrorKind::InvalidDate);
    assert_eq!(
        m,
        "Closed on: “12/08/2025” could be 12 Aug 2025 or 8 Dec 2025; write the month as a word, like “12 Aug 2025”."
    );
    let (_, m) = message("reopen", "closed_on", "blursday", &ctx());
    assert!(m.starts_with("Closed on: “blursday” is not a date"), "{m}");
    assert!(m.contains("“4 months ago”"), "{m}");
}

#[test]
fn date_times_take_the_zone() {
    let r = ok("response_time", "submitted_at", "Friday 16:30", &tokyo());
    assert_eq!(r.value, "2026-11-20T16:30:00+09:00");
    assert_eq!(
        r.display,
        "Friday 20 Nov 2026, 16:30 (Tokyo time, UTC+09:00)"
    );
    for (text, rfc) in [
        ("fri 16:30", "2026-11-20T16:30:00+09:00"),
        ("Friday 4:30 pm", "2026-11-20T16:30:00+09:00"),
        ("yesterday 09:00", "2026-11-24T09:00:00+09:00"),
        ("2026-11-20 16:00", "2026-11-20T16:00:00+09:00"),
        ("12 Aug 16:00", "2026-08-12T16:00:00+09:00"),
        ("2026-11-20T16:00:00+01:00", "2026-11-20T16:00:00+01:00"),
    ] {
        assert_eq!(
            ok("response_time", "submitted_at", text, &tokyo()).value,
            rfc,
            "{text}"
        );
    }
    let (kind, m) = message("response_time", "submitted_at", "Friday 16:30", &ctx());
    assert_eq!(kind, ErrorKind::InvalidDatetime);
    assert_eq!(
        m,
        "Submitted at: “Friday 16:30” needs a time zone to know the offset; choose the customer's time zone first."
    );
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T01:02:00+00:00").unwrap();
    let with_now = Context {
        now: Some(now),
        ..tokyo()
    };
    assert_eq!(
        ok("response_time", "submitted_at", "now", &with_now).value,
        "2026-11-25T10:02:00+09:00"
    );
    let (_, m) = message("response_time", "submitted_at", "now", &tokyo());
    assert!(m.contains("needs the current time"), "{m}");
    let (_, m) = message("response_time", "submitted_at", "friday", &tokyo());
    assert!(m.contains("needs a time of day"), "{m}");
}

#[test]
fn countries_and_time_zones_by_name() {
    for (text, code) in [
        ("Japan", "JP"),
        ("jp", "JP"),
        ("USA", "US"),
        ("United States", "US"),
        ("UK", "GB"),
        ("britain", "GB"),
        ("Deutschland", "DE"),
        ("côte d'ivoire", "CI"),
    ] {
        assert_eq!(
            ok("response_time", "country", text, &ctx()).value,
            code,
            "{text}"
        );
    }
    assert_eq!(
        ok("response_time", "country", "Japan", &ctx()).display,
        "Japan (JP)"
    );
    let (kind, m) = message("response_time", "country", "Japn", &ctx());
    assert_eq!(kind, ErrorKind::InvalidCountry);
    assert!(
        m.starts_with("Country: “Japn” is not a country supportkb knows; did you mean Japan (JP)"),
        "{m}"
    );
    for (text, zone) in [
        ("Asia/Tokyo", "Asia/Tokyo"),
        ("asia/tokyo", "Asia/Tokyo"),
        ("Tokyo", "Asia/Tokyo"),
        ("Berlin", "Europe/Berlin"),
        ("New York", "America/New_York"),
        ("Japan", "Asia/Tokyo"),
    ] {
        assert_eq!(
            ok("response_time", "time_zone", text, &ctx()).value,
            zone,
            "{text}"
        );
    }
    let (kind, m) = message("response_time", "time_zone", "United States", &ctx());
    assert_eq!(kind, ErrorKind::InvalidTimeZone);
    assert!(m.contains("has several time zones (New York, "), "{m}");
    let (_, m) = message("response_time", "time_zone", "Tokio", &ctx());
    assert!(m.contains("did you mean Tokyo"), "{m}");
    let jp = countries().iter().find(|c| c.code == "JP").unwrap();
    assert_eq!(
        (jp.name.as_str(), jp.zones.as_slice()),
        ("Japan", &["Asia/Tokyo".to_string()][..])
    );
    assert_eq!(countries().len(), 249);
}

#[test]
fn choices_by_id_label_and_synonym() {
    for (policy, name, text, value) in [
        ("response_time", "plan", "ProDirect", "prodirect"),
        ("response_time", "plan", "pro direct", "prodirect"),
        ("response_time", "plan", "Professional Direct", "prodirect"),
        ("response_time", "plan", "Unified", "unified_enterprise"),
        ("response_time", "severity", "sev a", "A"),
        ("response_time", "severity", "a", "A"),
        ("response_time", "severity", "critical", "A"),
        ("response_time", "severity", "Sev B", "B"),
        ("response_time", "language", "Japanese", "ja"),
        ("response_time", "language", "German", "de"),
        ("response_time", "language", "zh-Hans", "zh-Hans"),
        ("support_scope", "request_type", "how-to", "advisory"),
        ("submit_request", "role", "end user", "end_user"),
    ] {
        assert_eq!(ok(policy, name, text, &ctx()).value, value, "{text}");
    }
    assert_eq!(
        ok("response_time", "plan", "prodirect", &ctx()).display,
        "Professional Direct (ProDirect)"
    );
    let (kind, m) = message("response_time", "plan", "gold", &ctx());
    assert_eq!(kind, ErrorKind::UnknownValue);
    assert!(
        m.starts_with("Support plan: “gold” is not one of the choices: Standard; "),
        "{m}"
    );
}

#[test]
fn lists_of_dates() {
    let r = ok(
        "response_time",
        "holidays",
        "24 Dec 2026, 25 Dec 2026",
        &ctx(),
    );
    assert_eq!(r.value, serde_json::json!(["2026-12-24", "2026-12-25"]));
    let r = ok(
        "response_time",
        "holidays",
        "Dec 24, 2026; Dec 25, 2026",
        &ctx(),
    );
    assert_eq!(r.value, serde_json::json!(["2026-12-24", "2026-12-25"]));
    let e = resolve(fact("response_time", "holidays"), "24 Dec, someday", &ctx()).unwrap_err();
    assert!(
        e.message.starts_with("Holidays: “someday” is not a date"),
        "{}",
        e.message
    );
}

#[test]
fn messages_name_no_ids_or_formats() {
    let cases = [
        ("reopen", "closed_on", "soon"),
        ("reopen", "same_build", "perhaps"),
        ("response_time", "submitted_at", "Friday 16:30"),
        ("response_time", "country", "Atlantis"),
        ("response_time", "time_zone", "Mars/Olympus"),
        ("response_time", "plan", "gold"),
        ("response_time", "language", "Klingon"),
    ];
    for (policy, name, text) in cases {
        let (_, m) = message(policy, name, text, &ctx());
        for jargon in ["RFC", "IANA", "BCP", "ISO", "`", "_"] {
            assert!(!m.contains(jargon), "{m} names {jargon}");
        }
    }
}

#[test]
fn resolve_all_reads_the_zone_first() {
    let (facts, resolved) = resolve_all(
        spec("response_time"),
        &[
            ("submitted_at", "fri 16:30"),
            ("time_zone", "Tokyo"),
            ("country", "Japan"),
        ],
        &ctx(),
    )
    .unwrap();
    assert_eq!(facts["submitted_at"], "2026-11-20T16:30:00+09:00");
    assert_eq!(facts["time_zone"], "Asia/Tokyo");
    assert_eq!(facts["country"], "JP");
    assert_eq!(resolved[0].0, "submitted_at");
    // A country with one zone gives it when no zone is named.
    let (facts, _) = resolve_all(
        spec("response_time"),
        &[("submitted_at", "fri 16:00"), ("country", "Germany")],
        &ctx(),
    )
    .unwrap();
    assert_eq!(facts["submitted_at"], "2026-11-20T16:00:00+01:00");
    let e = resolve_all(spec("reopen"), &[("nope", "x")], &ctx()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownFact);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    today: NaiveDate,
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    q: String,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    facts: serde_json::Map<String, serde_json::Value>,
}

/// A table of `tests/data/`.
fn data_table<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A question read otherwise than expected, for a failure message.
fn misread(
    q: &str,
    policy: &Option<String>,
    facts: &serde_json::Map<String, serde_json::Value>,
    u: &Understood,
) -> String {
    format!(
        "{q:?}\n   expected {policy:?} {}\n   got      {:?} {} (unparsed {:?})",
        serde_json::Value::Object(facts.clone()),
        u.policy,
        serde_json::Value::Object(u.facts.clone()),
        u.unparsed
    )
}

#[test]
fn understand_reads_the_phrasing_table() {
    let table: Table = data_table("understand.toml");
    let registry = Registry::embedded().unwrap();
    let ctx = Context::on(table.today);
    let (mut with_policy, mut without) = (0, 0);
    let mut failures = Vec::new();
    for case in &table.case {
        if case.policy.is_some() {
            with_policy += 1;
        } else {
            without += 1;
            assert!(
                case.facts.is_empty(),
                "{}: an ordinary search states no facts",
                case.q
            );
        }
        let u: Understood = understand(&case.q, registry, &ctx);
        if u.policy != case.policy || u.facts != case.facts {
            failures.push(misread(&case.q, &case.policy, &case.facts, &u));
        }
    }
    assert!(with_policy >= 80, "{with_policy} phrasings with a policy");
    assert!(without >= 20, "{without} ordinary searches");
    assert!(
        failures.is_empty(),
        "{} of {} phrasings misread:\n{}",
        failures.len(),
        table.case.len(),
        failures.join("\n")
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WildTable {
    today: NaiveDate,
    case: Vec<WildCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WildCase {
    q: String,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    facts: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    absent: Vec<String>,
    /// Why the reader does not get this one yet (the case must then still fail, so a gap that closes
    /// is noticed and the note removed).
    #[serde(default)]
    gap: Option<String>,
}

/// Questions as admins, partners and new hires type them (`tests/data/understand-wild.toml`, over
/// every policy, written from the policy rather than from the parser). Each must be routed to its
/// policy with its key facts read, and no fact in `absent` read; a case marked `gap` is a known
/// shortfall and must still fail.
///
/// Figures (`cargo test -p supportkb --test tests understand_reads_questions_in_the_wild -- --nocapture`
/// prints the count):
/// * the first 92 questions, written before the reader was changed: main at 1544f79 read 48 right;
///   the first change (b582dce) 91; branch `words` now all 92;
/// * 30 held-out questions, written after the first change and run once before any tuning on them:
///   main 15, the first change (b582dce) 23, branch `words` 30;
/// * one question added from a spot check ("raised on Christmas Eve at 9am": no date rather than
///   today's);
/// * 20 more held-out questions, written after the notes and lower-case countries (d3edb4c) and run
///   once before tuning on them: 13 right then, all 20 after;
/// * five spot checks of date, time and name forms ("17h30", "in the UK", "severity level B"; the
///   United States span several zones, so a local time there is not placed);
/// * three ordinary searches found to turn into policy questions by weak cues alone ("purchased
///   capacity add-on"), now searches again.
#[test]
fn understand_reads_questions_in_the_wild() {
    let table: WildTable = data_table("understand-wild.toml");
    let registry = Registry::embedded().unwrap();
    let ctx = Context::on(table.today);
    let mut wrong = Vec::new();
    let mut closed_gaps = Vec::new();
    let mut right = 0;
    for case in &table.case {
        assert!(
            case.policy.is_some() || case.facts.is_empty(),
            "{}: an ordinary search states no facts",
            case.q
        );
        let u: Understood = understand(&case.q, registry, &ctx);
        let ok = u.policy == case.policy
            && case.facts.iter().all(|(k, v)| u.facts.get(k) == Some(v))
            && case.absent.iter().all(|k| !u.facts.contains_key(k));
        if ok {
            right += 1;
        }
        match (&case.gap, ok) {
            (None, false) => wrong.push(misread(&case.q, &case.policy, &case.facts, &u)),
            (Some(_), true) => closed_gaps.push(case.q.clone()),
            _ => {}
        }
    }
    println!("{right} of {} questions read right", table.case.len());
    assert!(table.case.len() >= 60, "{} questions", table.case.len());
    assert!(
        wrong.is_empty(),
        "{} of {} questions misread:\n{}",
        wrong.len(),
        table.case.len(),
        wrong.join("\n")
    );
    assert!(
        closed_gaps.is_empty(),
        "these are read right now: remove their `gap` note: {closed_gaps:?}"
    );
}

#[test]
fn understood_facts_are_answerable() {
    // Whatever `understand` reads is a question `ask` takes.
    let registry = Registry::embedded().unwrap();
    let table: Table = data_table("understand.toml");
    let wild: WildTable = data_table("understand-wild.toml");
    let questions = (table.case.iter().map(|c| (&c.q, table.today)))
        .chain(wild.case.iter().map(|c| (&c.q, wild.today)));
    for (q, today) in questions {
        let u = understand(q, registry, &Context::on(today));
        if let Some(policy) = u.policy {
            let question = supportkb::policy::Question {
                policy,
                facts: u.facts,
                policy_version: None,
            };
            registry
                .ask(&question, today)
                .unwrap_or_else(|e| panic!("{q}: {e}"));
        }
    }
}

#[test]
fn understand_reports_what_it_did_not_read() {
    let u = understand(
        "can I reopen a case closed 4 months ago on a purple elephant",
        Registry::embedded().unwrap(),
        &ctx(),
    );
    assert_eq!(u.policy.as_deref(), Some("reopen"));
    assert_eq!(u.unparsed, ["purple", "elephant"]);
    let u = understand("dataverse capacity", Registry::embedded().unwrap(), &ctx());
    assert_eq!(u.unparsed, ["dataverse", "capacity"]);
}

#[test]
fn understand_survives_hostile_text() {
    let registry = Registry::embedded().unwrap();
    let long = "reopen closed 4 months ago ".repeat(10_000);
    for text in [
        "",
        " ",
        "\u{1b}]0;x\u{7}",
        "🙂🙂🙂",
        "12/12/12/12",
        "in in in in",
        long.as_str(),
        "closed 99999999 months ago reopen",
    ] {
        let _ = understand(text, registry, &ctx());
    }
}

fn weekday_of(i: u8) -> Weekday {
    Weekday::try_from(i % 7).unwrap()
}

proptest! {
    #[test]
    fn n_months_ago_then_forward_never_passes_today(
        days in 0i64..20_000, n in 0u32..120,
    ) {
        let today = day(2000, 1, 1) + chrono::Duration::days(days);
        let back = dates::parse_date(&format!("{n} months ago"), today).unwrap();
        let again = back.checked_add_months(Months::new(n)).unwrap();
        prop_assert!(again <= today);
        // and it is the same day, or clamped into a shorter month.
        prop_assert!(back.day() == today.day() || back.day() < today.day());
        prop_assert_eq!(back, today.checked_sub_months(Months::new(n)).unwrap());
    }

    #[test]
    fn n_days_and_weeks_ago_are_exact(days in 0i64..20_000, n in 0u64..500) {
        let today = day(2000, 1, 1) + chrono::Duration::days(days);
        prop_assert_eq!(dates::parse_date(&format!("{n} days ago"), today).unwrap(), today - Days::new(n));
        prop_assert_eq!(dates::parse_date(&format!("in {n} weeks"), today).unwrap(), today + Days::new(7 * n));
    }

    #[test]
    fn the_nth_alone_is_the_latest_such_day_not_after_today(days in 0i64..20_000, n in 1u32..=31) {
        let today = day(2000, 1, 1) + chrono::Duration::days(days);
        let suffix = match n { 1 | 21 | 31 => "st", 2 | 22 => "nd", 3 | 23 => "rd", _ => "th" };
        let d = dates::parse_date(&format!("on the {n}{suffix}"), today).unwrap();
        prop_assert_eq!(d.day(), n);
        prop_assert!(d <= today);
        // No later date with that day of the month lies between it and today.
        let mut k = d + Days::new(1);
        while k <= today {
            prop_assert_ne!(k.day(), n);
            k = k + Days::new(1);
        }
    }

    #[test]
    fn weekdays_land_on_that_weekday_within_a_week(days in 0i64..20_000, w in 0u8..7) {
        let today = day(2000, 1, 1) + chrono::Duration::days(days);
        let wd = weekday_of(w);
        let name = format!("{wd:?}");
        let alone = dates::parse_date(&name, today).unwrap();
        let last = dates::parse_date(&format!("last {name}"), today).unwrap();
        let next = dates::parse_date(&format!("next {name}"), today).unwrap();
        let this = dates::parse_date(&format!("this {name}"), today).unwrap();
        for d in [alone, last, next, this] {
            prop_assert_eq!(d.weekday(), wd);
        }
        let ago = |d: NaiveDate| (today - d).num_days();
        prop_assert!((0..7).contains(&ago(alone)));
        prop_assert!((1..=7).contains(&ago(last)));
        prop_assert!((1..=7).contains(&-ago(next)));
        prop_assert!((-6..=6).contains(&ago(this)));
        prop_assert_eq!(this.iso_week(), today.iso_week());
    }
}

// ---- through the binary ------------------------------------------------------------------------------

use crate::policy_cli::supportkb;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn ask_takes_words_and_echoes_how_it_read_them() {
    let o = supportkb(
        &[
            "ask",
            "--today",
            "2026-11-25",
            "response_time",
            "--plan",
            "ProDirect",
            "--severity",
            "sev b",
            "--submitted-at",
            "fri 16:30",
            "--time-zone",
            "Tokyo",
            "--country",
            "Japan",
            "--json",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    for line in [
        "Support plan: Professional Direct (ProDirect)",
        "Severity: Severity B (moderate business impact)",
        "Submitted at: Friday 20 Nov 2026, 16:30 (Tokyo time, UTC+09:00)",
        "Country: Japan (JP)",
        "Time zone: Tokyo time (UTC+09:00)",
    ] {
        assert!(err.contains(line), "{err}");
    }
    let answer: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(answer["verdict"], "business_hours");

    let o = supportkb(
        &[
            "ask",
            "--today",
            "2026-11-25",
            "reopen",
            "--closed-on",
            "4 months ago",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("Closed on: Saturday 25 Jul 2026"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        text(&o.stdout).contains("Verdict: new_incident_required"),
        "{}",
        text(&o.stdout)
    );

    // A value that cannot be read names its flag and says what works.
    let o = supportkb(&["ask", "response_time", "--submitted-at", "fri 16:30"], "");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr).trim(),
        "error: --submitted-at: Submitted at: “fri 16:30” needs a time zone to know the offset; choose the customer's time zone first."
    );
    let o = supportkb(&["ask", "response_time", "--country", "Japn"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did you mean Japan (JP)"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn understand_json_pipes_into_ask_json() {
    let q = "sev B ProDirect submitted friday 16:30 in Tokyo, when is the response due";
    let o = supportkb(&["understand", q, "--today", "2026-11-25", "--json"], "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let understood: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        understood,
        serde_json::json!({
            "policy": "response_time",
            "facts": {
                "country": "JP", "plan": "prodirect", "severity": "B",
                "submitted_at": "2026-11-20T16:30:00+09:00", "time_zone": "Asia/Tokyo"
            },
            "unparsed": []
        })
    );
    let a = supportkb(
        &["ask", "--json", "--today", "2026-11-25"],
        &text(&o.stdout),
    );
    assert!(a.status.success(), "{}", text(&a.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(answer["policy"], "response_time");
    assert_eq!(
        answer["details"]["respond_by"], "2026-11-23T10:00:00+09:00",
        "{answer}"
    );

    // A value of an older edition is noted, and the note does not stop the pipe.
    let q = "response time for Sev A on Premier";
    let o = supportkb(&["understand", q, "--today", "2026-11-25", "--json"], "");
    let understood: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        understood["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("Premier is a support plan of the support policy of 26 January 2021"),
        "{understood}"
    );
    let a = supportkb(
        &["ask", "--json", "--today", "2026-11-25"],
        &text(&o.stdout),
    );
    assert!(a.status.success(), "{}", text(&a.stderr));

    // An ordinary search: policy null, and ask says it is not a question.
    let o = supportkb(&["understand", "dataverse", "capacity", "--json"], "");
    let understood: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        understood,
        serde_json::json!({"policy": null, "facts": {}, "unparsed": ["dataverse", "capacity"]})
    );
    let a = supportkb(&["ask", "--json"], &text(&o.stdout));
    assert_eq!(a.status.code(), Some(2));
}

#[test]
fn understand_for_people() {
    let o = supportkb(
        &[
            "understand",
            "can I reopen a case closed 4 months ago on a purple elephant",
            "--today",
            "2026-11-25",
        ],
        "",
    );
    assert!(o.status.success());
    assert_eq!(
        text(&o.stdout),
        "Policy: Can this incident be reopened? (reopen)\nFacts:\n  Closed on: Saturday 25 Jul 2026\nNot understood: purple, elephant\n"
    );
    let o = supportkb(&["understand", "sandbox environment refresh"], "");
    assert!(
        text(&o.stdout).starts_with("Not a policy question"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn the_engine_delegates() {
    let engine = supportkb::Engine::embedded().unwrap();
    let r = engine
        .resolve_fact("response_time", "submitted_at", "Friday 16:30", &tokyo())
        .unwrap();
    assert_eq!(r.value, "2026-11-20T16:30:00+09:00");
    let zoned = Context::on(day(2026, 11, 25)).in_zone_named(Some("Asia/Tokyo"));
    assert_eq!(zoned.time_zone, Some(chrono_tz::Asia::Tokyo));
    assert_eq!(
        Context::on(day(2026, 11, 25))
            .in_zone_named(Some("Tokyo"))
            .time_zone,
        None
    );
    let e = engine.resolve_fact("nope", "x", "y", &ctx()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownPolicy);
    let e = engine
        .resolve_fact("reopen", "nope", "y", &ctx())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownFact);
    let u = engine.understand("who can open a support request", &ctx());
    assert_eq!(u.policy.as_deref(), Some("submit_request"));
    assert_eq!(engine.countries().len(), 249);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T23:30:00-08:00").unwrap();
    assert_eq!(Context::at(now).today, day(2026, 11, 25));
    supportkb::human::check_tables().unwrap();
}

#[test]
fn huge_words_are_echoed_clipped() {
    let huge = "x".repeat(100_000);
    for (policy, name) in [
        ("reopen", "closed_on"),
        ("response_time", "country"),
        ("response_time", "plan"),
    ] {
        let e = resolve(fact(policy, name), &huge, &ctx()).unwrap_err();
        assert!(e.message.len() < 2_000, "{}", e.message.len());
        assert!(e.message.contains('…'));
    }
    let e = resolve_all(spec("reopen"), &[(huge.as_str(), "x")], &ctx()).unwrap_err();
    assert!(e.message.len() < 2_000 && e.field.unwrap().len() < 1_000);
}
