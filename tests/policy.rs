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
        r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_build":true,"same_hardware":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"new_error_after_fix":false}}"#,
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

// ------------------------------------------------------------------ reopen: exhaustive, oracle

/// The state of one reopen condition in a generated case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    Good,
    Bad,
    Unknown,
}

const TRIS: [Tri; 3] = [Tri::Good, Tri::Bad, Tri::Unknown];

/// The seven booleans, with the value that allows reopening.
const BOOLS: [(&str, bool); 7] = [
    ("same_build", true),
    ("same_hardware", true),
    ("updates_installed_since_close", false),
    ("same_error", true),
    ("same_environment", true),
    ("same_user", true),
    ("new_error_after_fix", false),
];

/// Independent oracle: any known bad condition → new incident; all known good → can reopen; else
/// need more facts. Conditions: the seven booleans and the time (closed recently / long ago / unknown).
fn oracle(conds: &[Tri; 8]) -> &'static str {
    if conds.contains(&Tri::Bad) {
        "new_incident_required"
    } else if conds.iter().all(|c| *c == Tri::Good) {
        "can_reopen"
    } else {
        "need_more_facts"
    }
}

fn question(conds: &[Tri; 8]) -> String {
    let mut facts = serde_json::Map::new();
    for (i, (name, good)) in BOOLS.iter().enumerate() {
        match conds[i] {
            Tri::Good => facts.insert(name.to_string(), (*good).into()),
            Tri::Bad => facts.insert(name.to_string(), (!*good).into()),
            Tri::Unknown => facts.insert(name.to_string(), serde_json::Value::Null),
        };
    }
    facts.insert("as_of".into(), "2026-09-01".into());
    match conds[7] {
        Tri::Good => facts.insert("closed_on".into(), "2026-08-12".into()),
        Tri::Bad => facts.insert("closed_on".into(), "2026-01-15".into()),
        Tri::Unknown => None,
    };
    serde_json::json!({"policy": "reopen", "facts": facts}).to_string()
}

#[test]
fn reopen_every_combination_of_known_and_unknown_conditions_matches_the_oracle() {
    let registry = Registry::embedded().unwrap();
    let mut checked = 0;
    for n in 0..3usize.pow(8) {
        let mut conds = [Tri::Good; 8];
        let mut rest = n;
        for c in conds.iter_mut() {
            *c = TRIS[rest % 3];
            rest /= 3;
        }
        let answer = registry.ask_json(&question(&conds), today()).unwrap();
        let expected = oracle(&conds);
        assert_eq!(answer.verdict, expected, "{conds:?}");

        // Missing facts: exactly the unknown conditions while undecided, none once decided.
        let names = |pred: &dyn Fn(usize) -> bool| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            if pred(7) {
                v.push("closed_on".into());
            }
            for (i, (name, _)) in BOOLS.iter().enumerate() {
                if pred(i) {
                    v.push(name.to_string());
                }
            }
            v
        };
        let expected_missing = if expected == "need_more_facts" {
            names(&|i| conds[i] == Tri::Unknown)
        } else {
            Vec::new()
        };
        assert_eq!(answer.missing_facts, expected_missing, "{conds:?}");

        // What would change: a condition whose other values (good/bad; never back to unknown)
        // change the oracle's verdict.
        let changes = |i: usize| {
            [Tri::Good, Tri::Bad]
                .into_iter()
                .filter(|t| *t != conds[i])
                .any(|t| {
                    let mut c = conds;
                    c[i] = t;
                    oracle(&c) != expected
                })
        };
        let mut expected_change = names(&changes);
        // as_of moves the case across the three-month line as closed_on does, once closed_on is known.
        if conds[7] != Tri::Unknown && changes(7) {
            expected_change.insert(1, "as_of".into());
        }
        assert_eq!(answer.what_would_change, expected_change, "{conds:?}");
        checked += 1;
    }
    assert_eq!(checked, 6561);
}

// --------------------------------------------------------------- reopen: calendar months

/// Under the 2025-07-31 edition whatever the dates (the arithmetic is what is tested here).
fn reopen_on(closed_on: &str, as_of: &str) -> String {
    ask(&format!(
        r#"{{"policy":"reopen","policy_version":"2025-07-31","facts":{{"closed_on":"{closed_on}","as_of":"{as_of}","same_build":true,"same_hardware":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"same_user":true,"new_error_after_fix":false}}}}"#
    ))
    .verdict
}

#[test]
fn three_calendar_months_clamp_to_the_shorter_months_last_day() {
    // (closed_on, last day it can be reopened, first day a new incident is required)
    let cases = [
        ("2025-11-30", "2026-02-27", "2026-02-28"), // February of a common year
        ("2023-11-30", "2024-02-28", "2024-02-29"), // leap year: 29 February exists
        ("2023-11-29", "2024-02-28", "2024-02-29"),
        ("2025-05-31", "2025-08-30", "2025-08-31"), // 31 → 31
        ("2025-08-31", "2025-11-29", "2025-11-30"), // 31 → 30
        ("2024-02-29", "2024-05-28", "2024-05-29"), // from a leap day
        ("2025-12-31", "2026-03-30", "2026-03-31"), // across the year end
        ("2026-08-12", "2026-11-11", "2026-11-12"),
    ];
    for (closed, last_ok, first_new) in cases {
        assert_eq!(
            reopen_on(closed, last_ok),
            "can_reopen",
            "{closed} → {last_ok}"
        );
        assert_eq!(
            reopen_on(closed, first_new),
            "new_incident_required",
            "{closed} → {first_new}"
        );
        let a = ask(&format!(
            r#"{{"policy":"reopen","policy_version":"2025-07-31","facts":{{"closed_on":"{closed}","as_of":"{closed}"}}}}"#
        ));
        assert_eq!(a.details["reopen_allowed_through"], *last_ok);
        assert_eq!(a.details["new_incident_from"], *first_new);
    }
}

#[test]
fn closed_today_can_still_be_reopened() {
    assert_eq!(reopen_on("2026-02-28", "2026-02-28"), "can_reopen");
}

#[test]
fn as_of_defaults_to_today() {
    // today() is 2026-09-01: closed 2026-06-01 is exactly three months before.
    let a = ask(r#"{"policy":"reopen","facts":{"closed_on":"2026-06-01"}}"#);
    assert_eq!(a.verdict, "new_incident_required");
    assert_eq!(a.details["as_of"], "2026-09-01");
}

// ------------------------------------------------------------------------------ input errors

fn error(json: &str) -> supportkb::policy::PolicyError {
    Registry::embedded()
        .unwrap()
        .ask_json(json, today())
        .unwrap_err()
}

#[test]
fn bad_questions_are_typed_errors_naming_the_field() {
    let cases = [
        (
            r#"{"policy":"nope","facts":{}}"#,
            ErrorKind::UnknownPolicy,
            Some("policy"),
        ),
        (
            r#"{"policy":"reopen","facts":{"colour":"red"}}"#,
            ErrorKind::UnknownFact,
            Some("colour"),
        ),
        (
            r#"{"policy":"reopen","facts":{"same_build":"yes"}}"#,
            ErrorKind::WrongType,
            Some("same_build"),
        ),
        (
            r#"{"policy":"reopen","facts":{"closed_on":"2026-02-30"}}"#,
            ErrorKind::InvalidDate,
            Some("closed_on"),
        ),
        (
            r#"{"policy":"reopen","facts":{"closed_on":12}}"#,
            ErrorKind::WrongType,
            Some("closed_on"),
        ),
        (
            r#"{"policy":"rca","facts":{"published_service_incident":1}}"#,
            ErrorKind::WrongType,
            Some("published_service_incident"),
        ),
        (
            r#"{"policy":"severity","facts":{"severity":"D"}}"#,
            ErrorKind::UnknownValue,
            Some("severity"),
        ),
        (
            r#"{"policy":"severity","facts":{"severity":"A","access":"business_hours"}}"#,
            ErrorKind::InconsistentFacts,
            Some("access"),
        ),
        (
            r#"{"policy":"response_time","facts":{"time_zone":"Mars/Olympus"}}"#,
            ErrorKind::InvalidTimeZone,
            Some("time_zone"),
        ),
        (
            r#"{"policy":"response_time","facts":{"country":"XX"}}"#,
            ErrorKind::InvalidCountry,
            Some("country"),
        ),
        (
            r#"{"policy":"response_time","facts":{"submitted_at":"Friday"}}"#,
            ErrorKind::InvalidDatetime,
            Some("submitted_at"),
        ),
        (
            r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","as_of":"2026-08-11"}}"#,
            ErrorKind::InconsistentFacts,
            Some("as_of"),
        ),
        (r#"not json"#, ErrorKind::InvalidJson, None),
        (
            r#"{"policy":"reopen","extra":1}"#,
            ErrorKind::InvalidJson,
            None,
        ),
    ];
    for (json, kind, field) in cases {
        let e = error(json);
        assert_eq!(e.kind, kind, "{json}: {e}");
        assert_eq!(e.field.as_deref(), field, "{json}: {e}");
        assert!(!e.message.is_empty());
    }
}

#[test]
fn the_error_object_has_kind_message_and_field() {
    let e = error(r#"{"policy":"reopen","facts":{"closed_on":"yesterday"}}"#);
    let json = serde_json::to_value(e.to_json()).unwrap();
    assert_eq!(json["error"]["kind"], "invalid_date");
    assert_eq!(json["error"]["field"], "closed_on");
    assert!(json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("yesterday"));
}

// ------------------------------------------------------------------ descriptions and examples

#[test]
fn every_policy_description_is_complete() {
    let r = Registry::embedded().unwrap();
    let ids: Vec<&str> = r.specs().iter().map(|s| s.id.as_str()).collect();
    for id in [
        "reopen",
        "rca",
        "data_corruption",
        "response_time",
        "severity",
        "support_scope",
        "submit_request",
        "preview",
        "non_microsoft_technology",
        "performance",
        "non_reproducible",
        "purchase_channel",
        "no_subscription",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let json = serde_json::to_value(r.specs()).unwrap();
    for p in json.as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        assert!(!p["title"].as_str().unwrap().is_empty(), "{id}");
        assert!(
            p["title"].as_str().unwrap().ends_with('?'),
            "{id}: the title is the user's question"
        );
        for f in p["facts"].as_array().unwrap() {
            assert!(
                !f["help"].as_str().unwrap().is_empty(),
                "{id}.{}",
                f["name"]
            );
            if f["type"] == "enum" {
                assert!(
                    !f["values"].as_array().unwrap().is_empty(),
                    "{id}.{}",
                    f["name"]
                );
            }
            assert!(f.get("default").is_some());
        }
        let verdicts: Vec<&str> = p["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect();
        assert!(verdicts.contains(&"need_more_facts"), "{id}");
        let examples = p["examples"].as_array().unwrap();
        assert!(
            (2..=4).contains(&examples.len()),
            "{id}: {} examples",
            examples.len()
        );
    }
}

#[test]
fn every_example_is_answerable() {
    let r = Registry::embedded().unwrap();
    for spec in r.specs() {
        for e in &spec.examples {
            let q = Question {
                policy: spec.id.clone(),
                facts: e.facts.clone(),
                policy_version: None,
            };
            let a = r
                .ask(&q, today())
                .unwrap_or_else(|err| panic!("{}: {err}", e.name));
            assert_ne!(a.verdict, "", "{}", e.name);
        }
    }
}

#[test]
fn issue_3_contract_values() {
    let r = Registry::embedded().unwrap();
    let values = |policy: &str, fact: &str| -> Vec<String> {
        let spec = r.get(policy).unwrap().spec();
        match &spec.facts[spec.fact_index(fact).unwrap()].ty {
            supportkb::policy::FactType::Enum(v) => v.clone(),
            other => panic!("{policy}.{fact} is {other:?}"),
        }
    };
    assert_eq!(
        values("data_corruption", "request"),
        ["repair_data", "run_script"]
    );
    assert_eq!(
        values("data_corruption", "cause"),
        [
            "malfunctioning_software",
            "custom_code",
            "partner_or_isv_software",
            "power_outage",
            "other"
        ]
    );
    assert_eq!(
        values("support_scope", "plan"),
        ["standard", "prodirect", "unified_enterprise"]
    );
    assert_eq!(
        values("support_scope", "request_type"),
        [
            "billing",
            "subscription_management",
            "break_fix",
            "advisory",
            "escalation",
            "account_management"
        ]
    );
    assert_eq!(
        values("submit_request", "role"),
        [
            "power_platform_admin",
            "service_admin",
            "end_user",
            "partner_delegated_admin",
            "partner_without_admin"
        ]
    );
    let verdicts = |policy: &str| -> Vec<String> {
        r.get(policy)
            .unwrap()
            .spec()
            .verdicts
            .iter()
            .map(|v| v.id.clone())
            .collect()
    };
    assert_eq!(
        verdicts("reopen"),
        [
            "can_reopen",
            "new_incident_required",
            "not_addressed",
            "need_more_facts"
        ]
    );
    assert_eq!(
        verdicts("rca"),
        [
            "may_be_available",
            "not_available",
            "not_addressed",
            "need_more_facts"
        ]
    );
    assert_eq!(
        verdicts("data_corruption"),
        [
            "not_covered",
            "script_may_be_run",
            "not_addressed",
            "need_more_facts"
        ]
    );
    assert_eq!(
        verdicts("severity"),
        [
            "may_be_downgraded",
            "no_downgrade_expected",
            "not_addressed",
            "need_more_facts"
        ]
    );
}

#[test]
fn a_broken_description_file_is_an_error_naming_file_and_key() {
    let policies = include_str!("../docs-corpus/editions/2025-07-31/policy/policies.toml");
    let examples = include_str!("../docs-corpus/editions/2025-07-31/policy/examples.toml");
    let broken = policies.replacen(
        "cites = \"reopening-incidents.md#closed-three-months\"",
        "cites = \"reopening-incidents.md\"",
        1,
    );
    let e = Registry::from_sources(&broken, examples).unwrap_err();
    assert_eq!(e.file, "policy/policies.toml");
    assert!(e.key.contains("reopen.closed_three_months"), "{e}");

    let renamed = policies.replacen("name = \"same_user\"", "name = \"same_person\"", 1);
    let e = Registry::from_sources(&renamed, examples).unwrap_err();
    assert!(e.to_string().contains("same_user"), "{e}");

    let bad_example = format!("{examples}\n[[example]]\npolicy = \"reopen\"\nname = \"x\"\nexplanation = \"y\"\nfacts = {{ closed_on = \"soon\" }}\n");
    let e = Registry::from_sources(policies, &bad_example).unwrap_err();
    assert_eq!(e.file, "policy/examples.toml");
}

#[test]
fn a_description_mixing_two_wordings_of_reopen_is_an_error_naming_the_rule() {
    // The 2025 wording requires a new incident after three months; adding the 2021 recommendation
    // beside it matches neither rule set the logic knows.
    let policies = include_str!("../docs-corpus/editions/2025-07-31/policy/policies.toml");
    let examples = include_str!("../docs-corpus/editions/2025-07-31/policy/examples.toml");
    let mixed = policies.replacen(
        "[[policy.note]]\ndetail = \"reopen_allowed_through\"",
        "[[policy.rule]]\nid = \"reopen.closed_three_months_recommended\"\nsays = \"x\"\ncites = \"reopening-incidents.md#closed-three-months\"\nquote = \"x\"\n\n[[policy.note]]\ndetail = \"reopen_allowed_through\"",
        1,
    );
    assert_ne!(mixed, policies);
    let e = Registry::from_sources(&mixed, examples).unwrap_err();
    assert_eq!(e.file, "policy/policies.toml");
    assert!(
        e.key.contains("reopen.closed_three_months_recommended")
            && e.message.contains("never used")
            && e.message.contains("other wording"),
        "{e}"
    );
}

#[test]
fn the_support_scope_table_is_validated() {
    use supportkb::policy::ScopeTable;
    let text = include_str!("../docs-corpus/editions/2025-07-31/policy/support-scope.toml");
    ScopeTable::parse("t.toml", text).unwrap();
    let e = ScopeTable::parse(
        "t.toml",
        &text.replace(
            "\"prodirect\", \"unified_enterprise\"]\nrule = \"support_scope.advanced\"",
            "\"prodirect\", \"gold\"]\nrule = \"support_scope.advanced\"",
        ),
    )
    .unwrap_err();
    assert_eq!(e.key, "request_types.advisory.covered_on");
    let e = ScopeTable::parse(
        "t.toml",
        &text.replace("[request_types.escalation]", "[request_types.escalations]"),
    )
    .unwrap_err();
    assert!(e.key.starts_with("request_types.escalation"), "{e}");
}

#[test]
fn the_engine_answers_policy_questions() {
    let engine = supportkb::Engine::embedded().unwrap();
    assert!(engine.policies().unwrap().iter().any(|p| p.id == "reopen"));
    let q: Question =
        serde_json::from_str(r#"{"policy":"rca","facts":{"published_service_incident":false}}"#)
            .unwrap();
    assert_eq!(engine.ask(&q, today()).unwrap().verdict, "not_available");
    // Every rule's citation resolves in the engine's embedded corpus too.
    for spec in engine.policies().unwrap() {
        for r in &spec.rules {
            assert!(
                engine.anchor_exists(&r.cites.doc, &r.cites.anchor),
                "{}",
                r.id
            );
        }
    }
}

// ------------------------------------------- every policy: decided/undecided against all completions

/// The finite domain of each fact of a policy (as JSON values), or `None` when the policy has a fact
/// without one (then it is not checked here). `reopen`'s dates: two close dates and two request dates on both sides of the three-month line.
fn domains(spec: &supportkb::policy::PolicySpec) -> Option<Vec<Vec<serde_json::Value>>> {
    use supportkb::policy::FactType;
    spec.facts
        .iter()
        .map(|f| match (&f.ty, f.name.as_str()) {
            (FactType::Bool, _) => Some(vec![true.into(), false.into()]),
            (FactType::Enum(values), _) => Some(values.iter().map(|v| v.as_str().into()).collect()),
            (FactType::Date, "closed_on") => Some(vec!["2026-08-12".into(), "2026-01-15".into()]),
            (FactType::Date, "as_of") => Some(vec!["2026-09-01".into(), "2026-12-01".into()]),
            _ => None,
        })
        .collect()
}

fn verdict_of(
    registry: &Registry,
    spec: &supportkb::policy::PolicySpec,
    domains: &[Vec<serde_json::Value>],
    assignment: &[Option<usize>],
) -> Option<supportkb::policy::Answer> {
    let mut facts = serde_json::Map::new();
    for (i, a) in assignment.iter().enumerate() {
        let v = a.map_or(serde_json::Value::Null, |k| domains[i][k].clone());
        facts.insert(spec.facts[i].name.clone(), v);
    }
    let q = Question {
        policy: spec.id.clone(),
        facts,
        policy_version: None,
    };
    registry.ask(&q, today()).ok()
}

/// Every assignment over the domains, each fact also possibly unknown when `with_unknown`.
fn assignments(domains: &[Vec<serde_json::Value>], with_unknown: bool) -> Vec<Vec<Option<usize>>> {
    let mut out = vec![Vec::new()];
    for d in domains {
        let mut next = Vec::new();
        for a in &out {
            if with_unknown {
                let mut u = a.clone();
                u.push(None);
                next.push(u);
            }
            for k in 0..d.len() {
                let mut b = a.clone();
                b.push(Some(k));
                next.push(b);
            }
        }
        out = next;
    }
    out
}

#[test]
fn every_policy_decides_exactly_when_all_completions_agree() {
    let registry = Registry::embedded().unwrap();
    let mut checked_policies = Vec::new();
    for spec in registry.specs() {
        let Some(domains) = domains(spec) else {
            continue;
        };
        checked_policies.push(spec.id.clone());
        // Verdicts of every full assignment (None: an input error such as Severity A with business hours).
        let full: std::collections::HashMap<Vec<Option<usize>>, Option<String>> =
            assignments(&domains, false)
                .into_iter()
                .map(|a| {
                    let v = verdict_of(registry, spec, &domains, &a).map(|x| x.verdict);
                    (a, v)
                })
                .collect();
        for v in full.values().flatten() {
            assert_ne!(
                v, "need_more_facts",
                "{}: all facts known yet undecided",
                spec.id
            );
        }
        let dates: Vec<usize> = (0..spec.facts.len())
            .filter(|&i| spec.facts[i].ty == supportkb::policy::FactType::Date)
            .collect();
        for partial in assignments(&domains, true) {
            // Dates range over all days, not over the few values above: with one date known and the
            // other unknown the policy rightly considers any day, so those cases are left to the
            // reopen tests; here the dates are both known or both unknown.
            if dates.iter().any(|&i| partial[i].is_none())
                && dates.iter().any(|&i| partial[i].is_some())
            {
                continue;
            }
            let Some(answer) = verdict_of(registry, spec, &domains, &partial) else {
                continue;
            };
            let completions: Vec<(&Vec<Option<usize>>, &String)> = full
                .iter()
                .filter(|(a, _)| {
                    partial
                        .iter()
                        .zip(a.iter())
                        .all(|(p, x)| p.is_none() || p == x)
                })
                .filter_map(|(a, v)| v.as_ref().map(|v| (a, v)))
                .collect();
            let distinct: std::collections::BTreeSet<&String> =
                completions.iter().map(|(_, v)| *v).collect();
            if answer.verdict == "need_more_facts" {
                assert!(
                    distinct.len() > 1,
                    "{} {partial:?}: undecided but every completion gives {distinct:?}",
                    spec.id
                );
                // Missing facts: exactly the unknown facts some completions disagree on, the others fixed.
                let mut expected = Vec::new();
                for (i, p) in partial.iter().enumerate() {
                    if p.is_some() {
                        continue;
                    }
                    let matters = completions.iter().any(|(a, v)| {
                        completions
                            .iter()
                            .any(|(b, w)| v != w && (0..a.len()).all(|j| j == i || a[j] == b[j]))
                    });
                    if matters {
                        expected.push(spec.facts[i].name.clone());
                    }
                }
                assert_eq!(answer.missing_facts, expected, "{} {partial:?}", spec.id);
            } else if !answer.interpretations.is_empty() && distinct.len() > 1 {
                // Decided on a reading the text does not settle (Severity B's default access): the
                // verdict is one the facts allow, the reading is listed, and a fact would change it.
                assert!(
                    distinct.contains(&answer.verdict),
                    "{} {partial:?}: {} is no completion's verdict",
                    spec.id,
                    answer.verdict
                );
                assert!(
                    !answer.what_would_change.is_empty(),
                    "{} {partial:?}: decided on a reading, but nothing would change it",
                    spec.id
                );
                assert!(answer.missing_facts.is_empty());
            } else {
                assert_eq!(
                    distinct.into_iter().collect::<Vec<_>>(),
                    vec![&answer.verdict],
                    "{} {partial:?}: decided too early",
                    spec.id
                );
                assert!(answer.missing_facts.is_empty());
            }
        }
    }
    assert!(checked_policies.len() >= 12, "{checked_policies:?}");
}

#[test]
fn answers_show_the_details_people_need_by_their_labels() {
    let a = ask(r#"{"policy":"submit_request","facts":{"role":"end_user"}}"#);
    assert_eq!(a.notes[0].label, "The way forward");
    assert!(
        a.notes[0].items[0].contains("Service Administrator"),
        "{:?}",
        a.notes
    );
    let a = ask(r#"{"policy":"severity","facts":{"severity":"A","commits_to_24x7":false}}"#);
    let drop = a
        .notes
        .iter()
        .find(|n| n.label == "It may drop to")
        .unwrap();
    assert_eq!(drop.items, ["Severity B"]);
    let a = ask(r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12"}}"#);
    let through = a
        .notes
        .iter()
        .find(|n| n.label == "Can be reopened through")
        .unwrap();
    assert_eq!(through.items, ["Wednesday 11 November 2026"]);
    let a = ask(
        r#"{"policy":"response_time","facts":{"plan":"standard","severity":"A","submitted_at":"2026-11-20T16:00:00+01:00"}}"#,
    );
    let commits = a
        .notes
        .iter()
        .find(|n| n.label.starts_with("What you commit to"))
        .unwrap();
    assert!(commits.items.len() >= 2, "{commits:?}");
}

#[test]
fn contradictory_facts_are_flagged_with_the_passage_that_makes_them_so() {
    let a = ask(
        r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_error":true,"new_error_after_fix":true}}"#,
    );
    assert_eq!(a.verdict, "new_incident_required");
    assert_eq!(a.conflicts.len(), 1);
    assert_eq!(a.conflicts[0].facts, ["new_error_after_fix", "same_error"]);
    assert_eq!(a.conflicts[0].cites.anchor, "new-error-after-fix");
    let a = ask(r#"{"policy":"reopen","facts":{"same_error":true,"new_error_after_fix":false}}"#);
    assert!(a.conflicts.is_empty());
}
