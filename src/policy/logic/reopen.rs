//! `reopen`: can a closed incident be reopened, or is a new one required?
//!
//! **Reading of "closed three or more months" (calendar months, clamped).** The threshold date is
//! `closed_on` plus three calendar months; when that month is shorter, the day clamps to its last day
//! (2025-11-30 → 2026-02-28; 2023-11-30 → 2024-02-29 in a leap year; 2025-05-31 → 2025-08-31). The
//! case counts as closed three or more months from the threshold date on, so reopening is allowed
//! through the day before: closed 2025-11-30 → reopen through 2026-02-27, new incident from
//! 2026-02-28. `as_of` before `closed_on` is an input error.
//!
//! **Two wordings of the three months.** The 2025 text requires a new incident for a case closed three
//! or more months (`reopen.closed_three_months`, verdict `new_incident_required`); the 2021 text only
//! recommends one (`reopen.closed_three_months_recommended`, verdict `new_incident_recommended`,
//! reached when every other condition holds). The logic follows whichever rule the edition's
//! description declares.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};
use serde_json::json;

use crate::policy::binding::{bind_any, RuleSet};
use crate::policy::framework::{Policy, Trace};
use crate::policy::model::{ErrorKind, Example, Facts, PolicyError, PolicySpec, SpecError, Value};

const CLOSED_ON: usize = 0;
const AS_OF: usize = 1;
const SAME_BUILD: usize = 2;
const SAME_HARDWARE: usize = 3;
const UPDATES: usize = 4;
const SAME_ERROR: usize = 5;
const SAME_ENVIRONMENT: usize = 6;
const SAME_USER: usize = 7;
const NEW_ERROR_AFTER_FIX: usize = 8;

const FACTS: &[&str] = &[
    "closed_on",
    "as_of",
    "same_build",
    "same_hardware",
    "updates_installed_since_close",
    "same_error",
    "same_environment",
    "same_user",
    "new_error_after_fix",
];

/// Rule ids.
pub mod rules {
    /// Same build, no new updates → can reopen.
    pub const UNCHANGED_SOFTWARE: &str = "reopen.unchanged_software";
    /// Different build → new incident.
    pub const DIFFERENT_BUILD: &str = "reopen.different_build";
    /// Same error in the same place → can reopen.
    pub const SAME_ERROR_SAME_PLACE: &str = "reopen.same_error_same_place";
    /// New machine, different user or document → new incident.
    pub const DIFFERENT_PLACE: &str = "reopen.different_place";
    /// New error after a fix → new incident.
    pub const NEW_ERROR_AFTER_FIX: &str = "reopen.new_error_after_fix";
    /// Closed three or more months → new incident (required).
    pub const CLOSED_THREE_MONTHS: &str = "reopen.closed_three_months";
    /// Closed three or more months → a new incident is recommended (the 2021 wording).
    pub const CLOSED_THREE_MONTHS_RECOMMENDED: &str = "reopen.closed_three_months_recommended";
}

/// The rules of the wording that requires a new incident after three months.
const RULES: &[&str] = &[
    rules::UNCHANGED_SOFTWARE,
    rules::DIFFERENT_BUILD,
    rules::SAME_ERROR_SAME_PLACE,
    rules::DIFFERENT_PLACE,
    rules::NEW_ERROR_AFTER_FIX,
    rules::CLOSED_THREE_MONTHS,
];

/// The rules of the wording that only recommends a new incident after three months.
const RULES_RECOMMENDED: &[&str] = &[
    rules::UNCHANGED_SOFTWARE,
    rules::DIFFERENT_BUILD,
    rules::SAME_ERROR_SAME_PLACE,
    rules::DIFFERENT_PLACE,
    rules::NEW_ERROR_AFTER_FIX,
    rules::CLOSED_THREE_MONTHS_RECOMMENDED,
];

/// The reading of "closed three or more months" as calendar months with month-end clamping.
pub const CALENDAR_MONTHS: &str = "reopen.calendar_months";

/// Verdict: every condition holds.
pub const CAN_REOPEN: &str = "can_reopen";
/// Verdict: at least one condition fails.
pub const NEW_INCIDENT_REQUIRED: &str = "new_incident_required";
/// Verdict: every condition holds but the three months, and the text only recommends a new incident.
pub const NEW_INCIDENT_RECOMMENDED: &str = "new_incident_recommended";

/// The first date on which a case closed on `closed_on` counts as closed three or more calendar
/// months (see the module docs); `None` beyond chrono's date range.
pub fn new_incident_from(closed_on: NaiveDate) -> Option<NaiveDate> {
    closed_on.checked_add_months(Months::new(3))
}

/// The `reopen` policy.
pub struct Reopen {
    spec: PolicySpec,
    /// Whether the edition's text only recommends a new incident after three months (it declares
    /// [`rules::CLOSED_THREE_MONTHS_RECOMMENDED`]): read once from the description at binding.
    recommends: bool,
}

/// The id of the `reopen` policy.
pub const POLICY_ID: &str = "reopen";

/// Binds the logic to its description.
pub fn build(
    specs: &mut BTreeMap<String, PolicySpec>,
    examples: &mut BTreeMap<String, Vec<Example>>,
) -> Result<Box<dyn Policy>, SpecError> {
    let spec = bind_any(
        specs,
        examples,
        POLICY_ID,
        FACTS,
        &[
            RuleSet {
                rules: RULES,
                interpretations: &[CALENDAR_MONTHS],
                verdicts: &[CAN_REOPEN, NEW_INCIDENT_REQUIRED],
            },
            RuleSet {
                rules: RULES_RECOMMENDED,
                interpretations: &[CALENDAR_MONTHS],
                verdicts: &[CAN_REOPEN, NEW_INCIDENT_REQUIRED, NEW_INCIDENT_RECOMMENDED],
            },
        ],
    )?;
    let recommends = spec.rule(rules::CLOSED_THREE_MONTHS_RECOMMENDED).is_some();
    Ok(Box::new(Reopen { spec, recommends }))
}

fn closed_long(facts: &Facts<'_>) -> Option<bool> {
    let (closed, as_of) = (facts.date(CLOSED_ON)?, facts.date(AS_OF)?);
    Some(new_incident_from(closed).is_some_and(|t| as_of >= t))
}

impl Policy for Reopen {
    fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    fn check(&self, facts: &Facts<'_>) -> Result<(), PolicyError> {
        if let (Some(closed), Some(as_of)) = (facts.date(CLOSED_ON), facts.date(AS_OF)) {
            if as_of < closed {
                return Err(PolicyError::new(
                    ErrorKind::InconsistentFacts,
                    Some("as_of"),
                    format!("as_of {as_of} is before closed_on {closed}"),
                ));
            }
        }
        Ok(())
    }

    fn decide(&self, facts: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
        let same_build = facts.bool(SAME_BUILD);
        let same_hardware = facts.bool(SAME_HARDWARE);
        let updates = facts.bool(UPDATES);
        let same_error = facts.bool(SAME_ERROR);
        let same_env = facts.bool(SAME_ENVIRONMENT);
        let same_user = facts.bool(SAME_USER);
        let new_error = facts.bool(NEW_ERROR_AFTER_FIX);
        let long = closed_long(facts);
        // Which wording the edition has: a new incident required, or only recommended.
        let recommends = self.recommends;
        let months_rule = if recommends {
            rules::CLOSED_THREE_MONTHS_RECOMMENDED
        } else {
            rules::CLOSED_THREE_MONTHS
        };
        if long.is_some() {
            t.interpret_says(CALENDAR_MONTHS, || {
                let so = line_of_three_months(facts.date(CLOSED_ON), recommends, "it can be reopened through");
                format!(
                    "The policy says \"three or more months\" without saying how to count them. supportkb counts calendar months from the closing date: closed on {}, the case counts as closed three months on {} (a day missing from the shorter month moves back to its last day), so {so}.",
                    show(facts.date(CLOSED_ON)),
                    show(facts.date(CLOSED_ON).and_then(new_incident_from)),
                )
            });
        }

        let mut failed = false;
        if same_build == Some(false) {
            failed = true;
            t.fire(rules::DIFFERENT_BUILD);
        }
        if same_hardware == Some(false) {
            failed = true;
            t.fire_says(rules::UNCHANGED_SOFTWARE, || {
                "The hardware is not the same as when the incident closed, so software and hardware are not unchanged: submit a new incident.".to_string()
            });
        }
        if updates == Some(true) {
            failed = true;
            t.fire_says(rules::UNCHANGED_SOFTWARE, || {
                "Security updates, patches or hotfixes were installed since the incident closed, so the software is not unchanged: submit a new incident.".to_string()
            });
        }
        if same_error == Some(false) {
            failed = true;
            t.fire_says(rules::SAME_ERROR_SAME_PLACE, || {
                "It is not the same error or problem as in the original incident: submit a new incident.".to_string()
            });
        }
        if same_env == Some(false) || same_user == Some(false) {
            failed = true;
            t.fire(rules::DIFFERENT_PLACE);
        }
        if new_error == Some(true) {
            failed = true;
            t.fire(rules::NEW_ERROR_AFTER_FIX);
        }
        if long == Some(true) && recommends {
            t.fire_says(months_rule, || {
                format!(
                    "Closed on {}, three or more calendar months before {}: submitting a new incident is recommended (from {}).",
                    show(facts.date(CLOSED_ON)),
                    show(facts.date(AS_OF)),
                    show(facts.date(CLOSED_ON).and_then(new_incident_from)),
                )
            });
        } else if long == Some(true) {
            failed = true;
            t.fire_says(months_rule, || {
                format!(
                    "Closed on {}, three or more calendar months before {} (new incident required from {}).",
                    show(facts.date(CLOSED_ON)),
                    show(facts.date(AS_OF)),
                    show(facts.date(CLOSED_ON).and_then(new_incident_from)),
                )
            });
        }
        if failed {
            return Some(NEW_INCIDENT_REQUIRED);
        }
        // Nothing fails: fire the conditions known to hold.
        if same_build == Some(true) && same_hardware == Some(true) && updates == Some(false) {
            t.fire(rules::UNCHANGED_SOFTWARE);
        }
        if same_error == Some(true) && same_env == Some(true) && same_user == Some(true) {
            t.fire(rules::SAME_ERROR_SAME_PLACE);
        }
        if new_error == Some(false) {
            t.fire_says(rules::NEW_ERROR_AFTER_FIX, || {
                "The error is not a new one that appeared after a fix.".to_string()
            });
        }
        if long == Some(false) {
            t.fire_says(months_rule, || {
                let line = line_of_three_months(
                    facts.date(CLOSED_ON),
                    recommends,
                    "reopening allowed through",
                );
                format!(
                    "Closed on {}, less than three calendar months before {} ({line}).",
                    show(facts.date(CLOSED_ON)),
                    show(facts.date(AS_OF)),
                )
            });
        }
        let others_hold = [same_build, same_hardware, same_error, same_env, same_user]
            == [Some(true); 5]
            && updates == Some(false)
            && new_error == Some(false);
        match long {
            Some(false) if others_hold => Some(CAN_REOPEN),
            // Only the 2021 wording gets here with a long-closed case: a recommendation.
            Some(true) if others_hold => Some(NEW_INCIDENT_RECOMMENDED),
            _ => None,
        }
    }

    fn probes(&self, facts: &Facts<'_>, i: usize) -> Cow<'static, [Value]> {
        // Dates on each side of the three-month line, relative to the other date when it is known
        // (else to a fixed reference date: only the distance between the two dates matters).
        let reference = || NaiveDate::from_ymd_opt(2000, 1, 1);
        let dates = |ds: [Option<NaiveDate>; 2]| -> Cow<'static, [Value]> {
            Cow::Owned(ds.into_iter().flatten().map(Value::Date).collect())
        };
        match i {
            CLOSED_ON => {
                let r = facts.date(AS_OF).or_else(reference);
                dates([r, r.and_then(|r| r.checked_sub_months(Months::new(3)))])
            }
            AS_OF => {
                let r = facts.date(CLOSED_ON).or_else(reference);
                dates([r, r.and_then(new_incident_from)])
            }
            _ => crate::policy::framework::default_probes(&facts.spec.facts[i].ty),
        }
    }

    fn summary(&self, facts: &Facts<'_>, verdict: &str) -> Option<String> {
        let closed = facts
            .date(CLOSED_ON)
            .filter(|c| last_reopen_day(Some(*c)).is_some())?;
        let when = line_of_three_months(Some(closed), self.recommends, "through");
        (verdict == CAN_REOPEN).then(|| {
            format!("The incident can be reopened ({when}): same software and hardware, the same error in the same place, no new error after a fix, and closed less than three calendar months ago.")
        })
    }

    fn details(
        &self,
        facts: &Facts<'_>,
        _verdict: &str,
    ) -> serde_json::Map<String, serde_json::Value> {
        let mut d = serde_json::Map::new();
        let closed = facts.date(CLOSED_ON);
        d.insert("closed_on".into(), json!(closed.map(|c| c.to_string())));
        d.insert(
            "as_of".into(),
            json!(facts.date(AS_OF).map(|c| c.to_string())),
        );
        d.insert(
            "reopen_allowed_through".into(),
            json!(last_reopen_day(closed).map(|c| c.to_string())),
        );
        d.insert(
            "new_incident_from".into(),
            json!(closed.and_then(new_incident_from).map(|c| c.to_string())),
        );
        d.insert(
            "months_rule".into(),
            json!("Closed three or more calendar months: from the closing date plus three calendar months on (a day missing from the shorter month moves back to its last day)."),
        );
        d
    }
}

/// Where the three months end for a case closed on `closed`, as the edition words them: "a new
/// incident is recommended from …" (2021), or `allowed` followed by the last day to reopen (2025).
fn line_of_three_months(closed: Option<NaiveDate>, recommends: bool, allowed: &str) -> String {
    if recommends {
        format!(
            "a new incident is recommended from {}",
            show(closed.and_then(new_incident_from))
        )
    } else {
        format!("{allowed} {}", show(last_reopen_day(closed)))
    }
}

fn last_reopen_day(closed: Option<NaiveDate>) -> Option<NaiveDate> {
    new_incident_from(closed?)?.checked_sub_days(Days::new(1))
}

/// A date as people write it ("12 August 2026").
fn show(d: Option<NaiveDate>) -> String {
    d.map_or_else(
        || "an unknown date".to_string(),
        crate::text::day_month_year,
    )
}
