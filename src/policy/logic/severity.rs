//! `severity`: could Microsoft lower this request's severity?
//!
//! A Severity A request (always 24x7) or a Severity B request with 24x7 chosen may drop one level when
//! the customer does not commit to continuous 24x7 work. Any A or B request may be lowered when the
//! customer cannot supply resources or answers, asks for an RCA, has customized processes or code, or
//! leaves a proposed resolution waiting (the policy names no level for these). Severity C is the lowest.

use serde_json::json;

use super::{any3, Declared};
use crate::policy::framework::Trace;
use crate::policy::model::{ErrorKind, Facts, PolicyError};

const SEVERITY_FACT: usize = 0;
const ACCESS: usize = 1;
const COMMITS: usize = 2;
const ADEQUATE: usize = 3;
const RCA: usize = 4;
const CUSTOMIZED: usize = 5;
const PENDING: usize = 6;

const A_COMMITMENT: &str = "severity.a_commitment";
const B_COMMITMENT: &str = "severity.b_24x7_commitment";
const B_BUSINESS_HOURS: &str = "severity.b_business_hours";
const C_LOWEST: &str = "severity.c_lowest";
const INADEQUATE: &str = "severity.inadequate_resources";
const RCA_CUSTOM_PENDING: &str = "severity.rca_customization_pending";

const B_DEFAULT_ACCESS: &str = "severity.b_default_access";
const OPEN_LIST: &str = "severity.open_list";

const MAY: &str = "may_be_downgraded";
const NO: &str = "no_downgrade_expected";

/// The `severity` policy.
pub const SEVERITY: Declared = Declared {
    id: "severity",
    facts: &[
        "severity",
        "access",
        "commits_to_24x7",
        "adequate_resources",
        "rca_requested",
        "customized",
        "resolution_pending_on_customer",
    ],
    rules: &[
        A_COMMITMENT,
        B_COMMITMENT,
        B_BUSINESS_HOURS,
        C_LOWEST,
        INADEQUATE,
        RCA_CUSTOM_PENDING,
    ],
    interpretations: &[B_DEFAULT_ACCESS, OPEN_LIST],
    verdicts: &[MAY, NO],
    other_wordings: &[],
    decide,
    details: Some(details),
    check: Some(check),
    summary: Some(summary),
};

fn summary(f: &Facts<'_>, verdict: &str) -> Option<String> {
    if verdict == NO && f.enum_str(SEVERITY_FACT) == Some("C") {
        return Some(
            "Severity C is already the lowest level, so there is no lower severity to drop to."
                .to_string(),
        );
    }
    if verdict != MAY {
        return None;
    }
    let severity = f.enum_str(SEVERITY_FACT)?;
    Some(match details(f, verdict).get("may_drop_to").and_then(|v| v.as_str()) {
        Some(to) => format!("Microsoft may lower this Severity {severity} request to Severity {to}."),
        None => format!("Microsoft may lower this Severity {severity} request (the policy does not say to which level)."),
    })
}

fn check(f: &Facts<'_>) -> Result<(), PolicyError> {
    match (f.enum_str(SEVERITY_FACT), f.enum_str(ACCESS)) {
        (Some("A"), Some("business_hours")) => Err(PolicyError::new(
            ErrorKind::InconsistentFacts,
            Some("access"),
            "Severity A always has 24x7 access; business_hours is a choice only Severity B offers",
        )),
        (Some("C"), Some("24x7")) => Err(PolicyError::new(
            ErrorKind::InconsistentFacts,
            Some("access"),
            "Severity C has business-hours access only; 24x7 is available for Severity A and B",
        )),
        _ => Ok(()),
    }
}

/// The access of the request, and whether it is Severity B's default (business hours, since the
/// policy gives B "business hours access (24x7 access available)") because none was chosen.
fn access<'a>(f: &Facts<'a>) -> (Option<&'a str>, bool) {
    match (f.enum_str(SEVERITY_FACT), f.enum_str(ACCESS)) {
        (Some("B"), None) => (Some("business_hours"), true),
        (_, access) => (access, false),
    }
}

/// Whether the 24x7 commitment applies and is not kept.
fn commitment_broken(f: &Facts<'_>) -> Option<bool> {
    let applies = match f.enum_str(SEVERITY_FACT) {
        Some("A") => Some(true),
        Some("C") => Some(false),
        _ => access(f).0.map(|a| a == "24x7"),
    };
    match applies {
        Some(false) => Some(false),
        Some(true) => f.bool(COMMITS).map(|c| !c),
        None => (f.bool(COMMITS) == Some(true)).then_some(false),
    }
}

fn decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    let severity = f.enum_str(SEVERITY_FACT);
    if severity == Some("C") {
        t.fire(C_LOWEST);
        return Some(NO);
    }
    let (access, defaulted) = access(f);
    if defaulted {
        t.interpret(B_DEFAULT_ACCESS);
        t.fire_says(B_BUSINESS_HOURS, || {
            "No access was chosen, and Severity B comes with business-hours access (24x7 is available on request): Microsoft contacts the customer during business hours only, and no 24x7 commitment applies.".to_string()
        });
    } else if severity == Some("B") && access == Some("business_hours") {
        t.fire(B_BUSINESS_HOURS);
    }
    let broken = commitment_broken(f);
    let commitment_rule = match severity {
        Some("A") => Some(A_COMMITMENT),
        Some("B") if access == Some("24x7") => Some(B_COMMITMENT),
        _ => None,
    };
    if let (Some(rule), Some(b)) = (commitment_rule, broken) {
        if b {
            t.fire(rule);
        } else {
            t.fire_says(rule, || {
                "The customer commits to continuous 24x7 work, so the 24x7 commitment gives no reason to lower the severity.".to_string()
            });
        }
    }
    let inadequate = f.bool(ADEQUATE).map(|a| !a);
    let others = [f.bool(RCA), f.bool(CUSTOMIZED), f.bool(PENDING)];
    if inadequate == Some(true) {
        t.fire(INADEQUATE);
    }
    if others.contains(&Some(true)) {
        t.fire_says(RCA_CUSTOM_PENDING, || {
            let names = [
                "an RCA is requested",
                "customized processes or code are involved",
                "a proposed resolution waits on the customer",
            ];
            let which: Vec<&str> = others
                .iter()
                .zip(names)
                .filter(|(v, _)| **v == Some(true))
                .map(|(_, n)| n)
                .collect();
            format!(
                "Microsoft may lower the severity because {}.",
                which.join(" and ")
            )
        });
    }
    let trigger = any3([broken, inadequate, others[0], others[1], others[2]]);
    match trigger {
        // Severity C cannot drop; with 24x7 access the request is A or B even if its severity is unknown.
        Some(true) if severity.is_some() || f.enum_str(ACCESS) == Some("24x7") => Some(MAY),
        Some(false) => {
            t.fire_says(INADEQUATE, || {
                "The customer supplies adequate resources and answers.".to_string()
            });
            t.fire_says(RCA_CUSTOM_PENDING, || {
                "No RCA is requested, no customized processes or code are involved, and no proposed resolution waits on the customer.".to_string()
            });
            t.interpret(OPEN_LIST);
            Some(NO)
        }
        _ => None,
    }
}

fn details(f: &Facts<'_>, verdict: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut d = serde_json::Map::new();
    if verdict == MAY {
        let to = match (f.enum_str(SEVERITY_FACT), commitment_broken(f)) {
            (Some("A"), Some(true)) => Some("B"),
            (Some("B"), Some(true)) => Some("C"),
            _ => None,
        };
        d.insert("may_drop_to".into(), json!(to));
        if to.is_none() {
            d.insert(
                "note".into(),
                json!("The policy does not say to which level the severity may drop in this situation."),
            );
        }
    }
    d
}
