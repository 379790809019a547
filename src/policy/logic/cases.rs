//! The special situations of the policy: `rca`, `data_corruption`, `non_microsoft_technology`,
//! `performance` and `non_reproducible`. Where the 2021 text differs (how an RCA reaches the customer;
//! performance cases described for Premier and Unified only), the logic binds to that wording too
//! ([`Declared::other_wordings`]) and decides by the rules the edition declares.

use serde_json::json;

use super::{declares, Declared};
use crate::policy::binding::RuleSet;
use crate::policy::framework::Trace;
use crate::policy::model::Facts;

// ------------------------------------------------------------------------------------------ rca

/// The `rca` policy: an RCA only for published service incidents affecting multiple customers or services.
pub const RCA: Declared = Declared {
    id: "rca",
    facts: &[
        "published_service_incident",
        "multiple_customers_or_services_affected",
    ],
    rules: &[
        "rca.not_by_support",
        "rca.engineering_team",
        "rca.when_provided",
        "rca.delivery",
        "rca.not_to_admins",
        "rca.english_only",
        "rca.tenant_specific",
    ],
    interpretations: &[],
    verdicts: &["may_be_available", "not_available"],
    // 2021: an RCA is published through the Microsoft 365 Message center (`rca.message_center`).
    other_wordings: &[RuleSet {
        rules: &[
            "rca.not_by_support",
            "rca.engineering_team",
            "rca.when_provided",
            "rca.message_center",
            "rca.not_to_admins",
            "rca.english_only",
            "rca.tenant_specific",
        ],
        interpretations: &[],
        verdicts: &["may_be_available", "not_available"],
    }],
    decide: rca_decide,
    details: Some(rca_details),
    check: None,
    summary: None,
};

fn rca_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    t.fire("rca.not_by_support");
    let published = f.bool(0);
    let multiple = f.bool(1);
    if published == Some(false) || multiple == Some(false) {
        t.fire("rca.when_provided");
        if multiple == Some(false) {
            t.fire("rca.tenant_specific");
        }
        return Some("not_available");
    }
    if published == Some(true) && multiple == Some(true) {
        t.fire("rca.engineering_team");
        t.fire("rca.when_provided");
        t.fire(if message_center(f) {
            "rca.message_center"
        } else {
            "rca.delivery"
        });
        t.fire("rca.not_to_admins");
        t.fire("rca.english_only");
        return Some("may_be_available");
    }
    t.fire("rca.when_provided");
    None
}

/// Whether the edition publishes RCAs through the Microsoft 365 Message center (the 2021 wording).
fn message_center(f: &Facts<'_>) -> bool {
    declares(f, "rca.message_center")
}

fn rca_details(f: &Facts<'_>, verdict: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut d = serde_json::Map::new();
    d.insert(
        "performed_by".into(),
        json!("engineering team (never technical support)"),
    );
    if verdict == "may_be_available" {
        d.insert(
            "decided_by".into(),
            json!("the engineering team: the policy names the incidents RCAs are limited to, not a promise of one"),
        );
        let channels = if message_center(f) {
            json!(["Microsoft 365 Message center"])
        } else {
            json!([
                "the support request",
                "Microsoft 365 Service health dashboard",
                "an account contact"
            ])
        };
        d.insert("channels".into(), channels);
        d.insert("language".into(), json!("English only"));
        d.insert(
            "power_platform_admins_receive_directly".into(),
            json!(false),
        );
    }
    d.insert("tenant_specific_requests".into(), json!("not honoured"));
    d
}

// ----------------------------------------------------------------------------- data_corruption

/// The `data_corruption` policy: no data repair; a UAT-tested customer or partner script may be run.
pub const DATA_CORRUPTION: Declared = Declared {
    id: "data_corruption",
    facts: &["request", "script_tested_in_uat", "cause"],
    rules: &[
        "data_corruption.causes",
        "data_corruption.no_repair",
        "data_corruption.spla",
        "data_corruption.repair_script",
    ],
    interpretations: &[],
    verdicts: &["not_covered", "script_may_be_run", "not_addressed"],
    other_wordings: &[],
    decide: data_decide,
    details: None,
    check: None,
    summary: None,
};

fn data_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    let cause = f.enum_str(2);
    if cause.is_some_and(|c| c != "other") {
        t.fire("data_corruption.causes");
    }
    match (f.enum_str(0), f.bool(1)) {
        (Some("repair_data"), _) => {
            t.fire("data_corruption.no_repair");
            if cause == Some("malfunctioning_software") {
                t.fire("data_corruption.spla");
            }
            Some("not_covered")
        }
        (Some(_), Some(true)) => {
            t.fire("data_corruption.repair_script");
            Some("script_may_be_run")
        }
        (Some(_), Some(false)) => {
            // The text says a UAT-tested script may be run; of an untested one it says nothing.
            t.fire_says("data_corruption.repair_script", || {
                "The policy speaks only of scripts tested in UAT beforehand, which Microsoft may run in production; it says nothing of a script that was not tested there. Testing it in UAT first brings it within that passage.".to_string()
            });
            t.fire("data_corruption.no_repair");
            Some("not_addressed")
        }
        _ => {
            t.fire("data_corruption.no_repair");
            None
        }
    }
}

// -------------------------------------------------------------------- non_microsoft_technology

/// The `non_microsoft_technology` policy.
pub const NON_MICROSOFT: Declared = Declared {
    id: "non_microsoft_technology",
    facts: &["eligible_scenario", "cause", "adequate_solution_reached"],
    rules: &[
        "non_microsoft_technology.isolate",
        "non_microsoft_technology.support_level",
        "non_microsoft_technology.referral",
    ],
    interpretations: &[],
    verdicts: &[
        "full_support",
        "commercially_reasonable_support",
        "not_eligible",
    ],
    other_wordings: &[],
    decide: nm_decide,
    details: None,
    check: None,
    summary: None,
};

fn nm_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    match f.bool(0) {
        Some(false) => {
            t.fire_says("non_microsoft_technology.isolate", || {
                "Microsoft helps isolate the issue only for scenarios eligible for support under the plan; this one is not.".to_string()
            });
            return Some("not_eligible");
        }
        Some(true) => t.fire("non_microsoft_technology.isolate"),
        None => {}
    }
    let verdict = match f.enum_str(1) {
        Some("microsoft_service_or_platform") => "full_support",
        Some(_) => "commercially_reasonable_support",
        None => return None,
    };
    t.fire("non_microsoft_technology.support_level");
    if verdict == "commercially_reasonable_support" && f.bool(2) == Some(false) {
        t.fire("non_microsoft_technology.referral");
    }
    // Eligibility still decides whether there is support at all.
    f.bool(0).map(|_| verdict)
}

// -------------------------------------------------------------------------------- performance

/// The `performance` policy.
pub const PERFORMANCE: Declared = Declared {
    id: "performance",
    facts: &[
        "scope",
        "four_hours_spent",
        "plan",
        "cause_outside_microsoft",
    ],
    rules: &[
        "performance.broad",
        "performance.isolated",
        "performance.four_hours",
        "performance.closed_after_four_hours",
        "performance.premier_unified",
        "performance.evidence",
    ],
    interpretations: &[],
    verdicts: &[
        "break_fix",
        "advisory_required",
        "continue_as_advisory",
        "incident_closed",
    ],
    // 2021: the passage describes Premier and Unified Support; advisory services are part of them
    // only, and other plans are advised to turn to a partner or the forums (`performance.other_plans`).
    other_wordings: &[RuleSet {
        rules: &[
            "performance.broad",
            "performance.isolated",
            "performance.four_hours",
            "performance.closed_after_four_hours",
            "performance.evidence",
            "performance.advisory_premier_unified_only",
            "performance.other_plans",
        ],
        interpretations: &[],
        verdicts: &[
            "break_fix",
            "advisory_required",
            "incident_closed",
            "partner_or_forums",
            "not_addressed",
        ],
    }],
    decide: perf_decide,
    details: Some(perf_details),
    check: None,
    summary: None,
};

/// Whether the plan is Premier or Unified (any Unified level).
fn premier_or_unified(f: &Facts<'_>) -> Option<bool> {
    f.enum_str(2)
        .map(|p| p == "premier" || p.starts_with("unified"))
}

fn perf_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    // The 2021 wording describes performance cases for Premier and Unified only.
    let for_premier_unified = declares(f, "performance.other_plans");
    let premier_unified = premier_or_unified(f);
    if for_premier_unified && premier_unified != Some(true) {
        let scope = f.enum_str(0);
        // Premier and Unified, and the other plans, are answered differently whatever the scope.
        premier_unified?;
        t.fire("performance.other_plans");
        return match scope? {
            "broad" => {
                t.fire("performance.broad");
                t.fire("performance.advisory_premier_unified_only");
                Some("partner_or_forums")
            }
            _ => {
                t.fire_says("performance.other_plans", || {
                    "The policy describes break-fix handling of performance issues for Premier and Unified Support only; for other plans it advises a partner or the community forums.".to_string()
                });
                Some("not_addressed")
            }
        };
    }
    if f.bool(3) == Some(true) {
        t.fire("performance.evidence");
    }
    match f.enum_str(0) {
        Some("broad") => {
            t.fire("performance.broad");
            if for_premier_unified {
                t.fire("performance.advisory_premier_unified_only");
            }
            return Some("advisory_required");
        }
        Some(_) => t.fire("performance.isolated"),
        None => return None,
    }
    t.fire("performance.four_hours");
    match f.bool(1) {
        Some(false) => Some("break_fix"),
        Some(true) if for_premier_unified => {
            t.fire("performance.closed_after_four_hours");
            Some("incident_closed")
        }
        Some(true) => match premier_unified {
            Some(true) => {
                t.fire("performance.closed_after_four_hours");
                t.fire("performance.premier_unified");
                Some("continue_as_advisory")
            }
            Some(false) => {
                t.fire("performance.closed_after_four_hours");
                Some("incident_closed")
            }
            None => None,
        },
        None => None,
    }
}

fn perf_details(f: &Facts<'_>, verdict: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut d = serde_json::Map::new();
    // The four hours are those of a Premier or Unified case under the 2021 wording.
    if !matches!(verdict, "partner_or_forums" | "not_addressed") {
        d.insert("break_fix_hours_limit".into(), json!(4));
    }
    if f.bool(3) == Some(true) {
        d.insert(
            "evidence".into(),
            json!("The support team hands over evidence that the cause is outside core Microsoft code, so the customer or partner can fix it."),
        );
    }
    d
}

// --------------------------------------------------------------------------- non_reproducible

/// The `non_reproducible` policy (non-reproducible and customized issues).
pub const NON_REPRODUCIBLE: Declared = Declared {
    id: "non_reproducible",
    facts: &[
        "reproducible_on_standard_install",
        "customized",
        "four_hours_spent",
        "repro_steps_identified",
    ],
    rules: &[
        "non_reproducible.best_effort",
        "non_reproducible.customization",
        "non_reproducible.after_four_hours",
        "non_reproducible.break_fix",
    ],
    interpretations: &[],
    verdicts: &[
        "standard_break_fix",
        "best_effort_four_hours",
        "incident_closed",
        "not_addressed",
    ],
    other_wordings: &[],
    decide: nr_decide,
    details: None,
    check: None,
    summary: None,
};

fn nr_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    if f.bool(1) == Some(true) {
        t.fire("non_reproducible.customization");
    }
    match f.bool(0) {
        Some(true) => {
            t.fire("non_reproducible.break_fix");
            return Some("standard_break_fix");
        }
        Some(false) => t.fire("non_reproducible.best_effort"),
        None => return None,
    }
    match (f.bool(2), f.bool(3)) {
        // Repro steps found: the policy says what happens when they are *not* found after four
        // hours, and nothing of what follows once they are.
        (_, Some(true)) => {
            t.fire_says("non_reproducible.after_four_hours", || {
                "The policy says only what happens when four hours pass without repro steps; it does not say how the case continues once they are identified.".to_string()
            });
            Some("not_addressed")
        }
        (Some(false), Some(false)) => Some("best_effort_four_hours"),
        (Some(true), Some(false)) => {
            t.fire("non_reproducible.after_four_hours");
            Some("incident_closed")
        }
        _ => None,
    }
}
