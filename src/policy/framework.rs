//! The generic machinery every policy shares: the [`Policy`] trait, parsing facts into checked
//! [`Value`]s, and turning a policy's decision into an [`Answer`] (missing facts and
//! `what_would_change` are computed here, by re-evaluating the policy, never written by hand).

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use super::model::{
    Answer, CiteOut, Conflict, ErrorKind, FactDefault, FactSpec, FactType, Facts, Interpretation,
    Note, PolicyError, PolicySpec, Reason, Value, NEED_MORE_FACTS,
};

/// The rules a policy applied while deciding, with what each says about the case.
///
/// A quiet trace (used while probing alternatives) records nothing, so probing does not allocate.
#[derive(Debug, Default)]
pub struct Trace {
    record: bool,
    fired: Vec<(&'static str, Option<String>)>,
    interpreted: Vec<(&'static str, Option<String>)>,
}

impl Trace {
    /// A trace that records the rules fired.
    pub fn recording() -> Self {
        Trace {
            record: true,
            fired: Vec::new(),
            interpreted: Vec::new(),
        }
    }

    /// A trace that records nothing.
    pub fn quiet() -> Self {
        Trace::default()
    }

    /// Records that `rule` applies; its reason says the rule's own `says`.
    pub fn fire(&mut self, rule: &'static str) {
        if self.record && !self.fired.iter().any(|(r, _)| *r == rule) {
            self.fired.push((rule, None));
        }
    }

    /// Records that `rule` applies, with a reason worded for the case (only built when recording).
    pub fn fire_says(&mut self, rule: &'static str, says: impl FnOnce() -> String) {
        if self.record && !self.fired.iter().any(|(r, _)| *r == rule) {
            self.fired.push((rule, Some(says())));
        }
    }

    /// Records that the decision rests on the reading `id` (an interpretation of the description).
    pub fn interpret(&mut self, id: &'static str) {
        if self.record && !self.interpreted.iter().any(|(r, _)| *r == id) {
            self.interpreted.push((id, None));
        }
    }

    /// Records a reading worded for the case (only built when recording).
    pub fn interpret_says(&mut self, id: &'static str, reading: impl FnOnce() -> String) {
        if self.record && !self.interpreted.iter().any(|(r, _)| *r == id) {
            self.interpreted.push((id, Some(reading())));
        }
    }

    /// The interpretation ids recorded so far, in order.
    pub fn interpretations(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.interpreted.iter().map(|(r, _)| *r)
    }

    /// The rule ids fired so far, in order.
    pub fn rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fired.iter().map(|(r, _)| *r)
    }
}

/// A policy: its description plus the logic that decides it.
///
/// To add one: write its description (facts, verdicts, rules with citations) in
/// `docs-corpus/policy/policies.toml` or build a [`PolicySpec`] in code, implement this trait, and
/// list it in [`super::registry::Registry::embedded`]. Most policies implement only [`Policy::spec`]
/// and [`Policy::decide`]; the framework derives the rest of the [`Answer`]. A policy whose answer
/// needs more (e.g. `response_time`, which also computes a deadline) overrides [`Policy::answer`].
pub trait Policy: Send + Sync {
    /// The description.
    fn spec(&self) -> &PolicySpec;

    /// Cross-fact checks after every fact parsed (e.g. `as_of` not before `closed_on`).
    fn check(&self, _facts: &Facts<'_>) -> Result<(), PolicyError> {
        Ok(())
    }

    /// Whether the facts pass [`Policy::check`], without wording its error: the framework asks it
    /// of every value it probes. Override it when `check` words messages that probing would discard.
    fn admits(&self, facts: &Facts<'_>) -> bool {
        self.check(facts).is_ok()
    }

    /// The verdict the known facts decide (`None`: they do not). Fires the rules it rests on. Must be
    /// pure and cheap: the framework calls it many times per answer to find what would change it.
    fn decide(&self, facts: &Facts<'_>, trace: &mut Trace) -> Option<&'static str>;

    /// Values to try for fact `i` when looking for what would change the verdict. Defaults: both
    /// booleans, every enumeration value, nothing for other types (override for dates that matter).
    fn probes(&self, facts: &Facts<'_>, i: usize) -> Cow<'static, [Value]> {
        default_probes(&facts.spec.facts[i].ty)
    }

    /// Policy-specific details of the answer.
    fn details(
        &self,
        _facts: &Facts<'_>,
        _verdict: &str,
    ) -> serde_json::Map<String, serde_json::Value> {
        serde_json::Map::new()
    }

    /// The summary, when it should say more than the verdict's summary in the description.
    fn summary(&self, _facts: &Facts<'_>, _verdict: &str) -> Option<String> {
        None
    }

    /// The full answer. The default derives it from [`Policy::decide`] with [`answer_generic`].
    fn answer(&self, facts: &mut Facts<'_>) -> Result<Answer, PolicyError> {
        answer_generic(self, facts)
    }
}

const BOOL_PROBES: &[Value] = &[Value::Bool(true), Value::Bool(false)];

/// `Value::Enum(0)`, `Value::Enum(1)`…: the probes of enumerations of up to 64 values, shared (the
/// framework probes every enumeration fact of every answer).
static ENUM_PROBES: std::sync::LazyLock<Vec<Value>> =
    std::sync::LazyLock::new(|| (0..64).map(Value::Enum).collect());

/// The default probe values for a fact type.
pub fn default_probes(ty: &FactType) -> Cow<'static, [Value]> {
    match ty {
        FactType::Bool => Cow::Borrowed(BOOL_PROBES),
        FactType::Enum(values) => match ENUM_PROBES.get(..values.len()) {
            Some(probes) => Cow::Borrowed(probes),
            None => Cow::Owned((0..values.len()).map(Value::Enum).collect()),
        },
        _ => Cow::Borrowed(&[]),
    }
}

/// At most this many assignments of the unknown facts are enumerated to find the missing facts
/// exactly; beyond it every unknown fact with probe values is reported.
const MAX_ASSIGNMENTS: usize = 4096;

/// The answer derived from [`Policy::decide`]:
/// * the verdict is what the known facts decide, else `need_more_facts`;
/// * `missing_facts` (only when undecided): the unknown facts that matter, i.e. for which some values
///   of the other unknown facts exist where changing this one changes the verdict;
/// * `what_would_change`: every fact for which some other single value (a flip, or a value for an
///   unknown fact) alone changes the verdict.
pub fn answer_generic<P: Policy + ?Sized>(
    policy: &P,
    facts: &mut Facts<'_>,
) -> Result<Answer, PolicyError> {
    policy.check(facts)?;
    let spec = facts.spec;
    let mut trace = Trace::recording();
    let decided = policy.decide(facts, &mut trace);
    let verdict = decided.unwrap_or(NEED_MORE_FACTS);

    let mut missing_facts = Vec::new();
    if decided.is_none() {
        for i in missing(policy, facts) {
            missing_facts.push(spec.facts[i].name.clone());
        }
    }

    let mut what_would_change = Vec::new();
    for i in 0..spec.facts.len() {
        let probes = policy.probes(facts, i);
        let current = facts.values[i].take();
        let mut changes = false;
        for p in probes.iter() {
            if current.as_ref() == Some(p) {
                continue;
            }
            facts.values[i] = Some(p.clone());
            if policy.admits(facts) && policy.decide(facts, &mut Trace::quiet()) != decided {
                changes = true;
                break;
            }
        }
        facts.values[i] = current;
        if changes {
            what_would_change.push(spec.facts[i].name.clone());
        }
    }

    let mut reasons = Vec::with_capacity(trace.fired.len());
    for (rule, says) in trace.fired {
        let r = spec.rule(rule).ok_or_else(|| {
            PolicyError::new(
                ErrorKind::Internal,
                None,
                format!(
                    "policy `{}` fired rule `{rule}`, which it does not describe",
                    spec.id
                ),
            )
        })?;
        reasons.push(Reason {
            rule: r.id.clone(),
            says: says.unwrap_or_else(|| r.says.clone()),
            cites: CiteOut {
                doc: r.cites.doc.clone(),
                anchor: r.cites.anchor.clone(),
            },
        });
    }
    let mut interpretations = Vec::with_capacity(trace.interpreted.len());
    for (id, reading) in trace.interpreted {
        let i = spec.interpretation(id).ok_or_else(|| {
            PolicyError::new(
                ErrorKind::Internal,
                None,
                format!(
                    "policy `{}` used the reading `{id}`, which it does not describe",
                    spec.id
                ),
            )
        })?;
        interpretations.push(Interpretation {
            about: i.about.clone(),
            reading: reading.unwrap_or_else(|| i.reading.clone()),
            cites: CiteOut {
                doc: i.cites.doc.clone(),
                anchor: i.cites.anchor.clone(),
            },
        });
    }
    let summary = match policy.summary(facts, verdict) {
        Some(s) => s,
        None if decided.is_none() && !missing_facts.is_empty() => format!(
            "More facts are needed to answer this; still unknown: {}.",
            labels(spec, &missing_facts).join(", ")
        ),
        None => spec
            .verdict(verdict)
            .ok_or_else(|| {
                PolicyError::new(
                    ErrorKind::Internal,
                    None,
                    format!(
                        "policy `{}` reached verdict `{verdict}`, which it does not describe",
                        spec.id
                    ),
                )
            })?
            .summary
            .clone(),
    };
    let details = policy.details(facts, verdict);
    Ok(Answer {
        policy: spec.id.clone(),
        verdict: verdict.to_string(),
        summary,
        reasons,
        interpretations,
        notes: notes(spec, &details),
        conflicts: conflicts(spec, facts),
        missing_facts,
        what_would_change,
        details,
        policy_version: spec.policy_version.clone(),
    })
}

/// The details people should see, by the labels of the description's notes.
pub fn notes(spec: &PolicySpec, details: &serde_json::Map<String, serde_json::Value>) -> Vec<Note> {
    let write = |format: &str, value: &str| {
        // Only a 10-character value can be a date: sentences are not parsed.
        let date = (value.len() == 10)
            .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
            .flatten();
        match date {
            Some(d) => format.replacen("{}", &crate::text::date_words(d), 1),
            None => format.replacen("{}", value, 1),
        }
    };
    spec.notes
        .iter()
        .filter_map(|n| {
            let items: Vec<String> = match details.get(&n.detail)? {
                serde_json::Value::String(s) => vec![write(&n.format, s)],
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(|s| write(&n.format, s)))
                    .collect(),
                _ => Vec::new(),
            };
            (!items.is_empty()).then(|| Note {
                label: n.label.clone(),
                items,
            })
        })
        .collect()
}

/// The description's conflicts that the known facts match.
pub fn conflicts(spec: &PolicySpec, facts: &Facts<'_>) -> Vec<Conflict> {
    spec.conflicts
        .iter()
        .filter(|c| {
            c.when.iter().all(|(name, value)| {
                spec.fact_index(name).is_some_and(|i| {
                    let known = facts.get(i).map(|v| v.to_json(&spec.facts[i]));
                    known.as_ref() == Some(value)
                })
            })
        })
        .map(|c| Conflict {
            facts: c.when.keys().cloned().collect(),
            says: c.says.clone(),
            cites: CiteOut {
                doc: c.cites.doc.clone(),
                anchor: c.cites.anchor.clone(),
            },
        })
        .collect()
}

/// The labels of the named facts (a name the policy does not describe is kept as it is).
pub fn labels<'a>(spec: &'a PolicySpec, names: &'a [String]) -> Vec<&'a str> {
    names
        .iter()
        .map(|n| {
            spec.fact_index(n)
                .map_or(n.as_str(), |i| spec.facts[i].label.as_str())
        })
        .collect()
}

/// Indices of the unknown facts that matter (see [`answer_generic`]).
fn missing<P: Policy + ?Sized>(policy: &P, facts: &mut Facts<'_>) -> Vec<usize> {
    let unknown: Vec<usize> = (0..facts.values.len())
        .filter(|&i| facts.values[i].is_none())
        .collect();
    // Probes are computed with the other facts as given; dates that depend on other dates are
    // probed relative to the known ones.
    let probes: Vec<Cow<'static, [Value]>> =
        unknown.iter().map(|&i| policy.probes(facts, i)).collect();
    let total = probes
        .iter()
        .try_fold(1usize, |acc, p| acc.checked_mul(p.len().max(1)));
    let Some(total) = total.filter(|&t| t <= MAX_ASSIGNMENTS) else {
        return unknown
            .into_iter()
            .zip(&probes)
            .filter(|(_, p)| !p.is_empty())
            .map(|(i, _)| i)
            .collect();
    };
    // Verdict of every full assignment (mixed radix over the probe lists; a fact without probes
    // stays unknown). `Err(())` marks an assignment that fails the policy's cross-fact checks.
    let radix: Vec<usize> = probes.iter().map(|p| p.len().max(1)).collect();
    let mut verdicts: Vec<Result<Option<&'static str>, ()>> = Vec::with_capacity(total);
    for n in 0..total {
        let mut rest = n;
        for (k, &i) in unknown.iter().enumerate() {
            let digit = rest % radix[k];
            rest /= radix[k];
            facts.values[i] = probes[k].get(digit).cloned();
        }
        verdicts.push(if policy.admits(facts) {
            Ok(policy.decide(facts, &mut Trace::quiet()))
        } else {
            Err(())
        });
    }
    for &i in &unknown {
        facts.values[i] = None;
    }
    let mut out = Vec::new();
    let mut stride = 1;
    for (k, &i) in unknown.iter().enumerate() {
        let matters = (0..total).any(|n| {
            let digit = (n / stride) % radix[k];
            // Compare with every higher value of this fact, the others fixed.
            (digit + 1..radix[k]).any(|d| {
                let m = n + (d - digit) * stride;
                matches!((&verdicts[n], &verdicts[m]), (Ok(a), Ok(b)) if a != b)
            })
        });
        if matters {
            out.push(i);
        }
        stride *= radix[k];
    }
    out
}

/// Parses a fact given as JSON (`null` and `"unknown"` are unknown).
pub fn parse_json_value(
    spec: &FactSpec,
    json: &serde_json::Value,
) -> Result<Option<Value>, PolicyError> {
    use serde_json::Value as J;
    let wrong = |expected: &str| {
        PolicyError::new(
            ErrorKind::WrongType,
            Some(&spec.name),
            format!(
                "fact `{}` must be {expected}, got {}",
                spec.name,
                json_type_name(json)
            ),
        )
    };
    match (&spec.ty, json) {
        (_, J::Null) => Ok(None),
        // "unknown" means unknown for every type, as on the command line.
        (_, J::String(s)) if s.trim().eq_ignore_ascii_case("unknown") => Ok(None),
        (FactType::Bool, J::Bool(b)) => Ok(Some(Value::Bool(*b))),
        (FactType::Bool, _) => Err(wrong("true, false or null")),
        (FactType::ListOfDates, J::Array(items)) => {
            let mut dates = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    J::String(s) => dates.push(parse_date(&spec.name, s)?),
                    _ => return Err(wrong("an array of YYYY-MM-DD strings")),
                }
            }
            Ok(Some(Value::Dates(dates)))
        }
        (FactType::ListOfDates, _) => Err(wrong("an array of YYYY-MM-DD strings")),
        (_, J::String(s)) => parse_str_value(spec, s),
        _ => Err(wrong("a string")),
    }
}

fn json_type_name(json: &serde_json::Value) -> &'static str {
    match json {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Parses a fact written as text (command line, defaults): `unknown` is unknown for every type;
/// booleans accept yes/no/true/false; lists of dates are comma separated.
pub fn parse_str_value(spec: &FactSpec, s: &str) -> Result<Option<Value>, PolicyError> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("unknown") {
        return Ok(None);
    }
    let name = spec.name.as_str();
    // Messages quote the value clipped: a huge value must not make a huge error.
    let shown = crate::text::echo(s);
    let value = match &spec.ty {
        FactType::Bool => match s.to_ascii_lowercase().as_str() {
            "yes" | "true" | "y" => Value::Bool(true),
            "no" | "false" | "n" => Value::Bool(false),
            _ => {
                return Err(PolicyError::new(
                    ErrorKind::WrongType,
                    Some(name),
                    format!("fact `{name}` must be yes, no, true, false or unknown, got `{shown}`"),
                ))
            }
        },
        FactType::Date => Value::Date(parse_date(name, s)?),
        FactType::DateTime => Value::DateTime(DateTime::parse_from_rfc3339(s).map_err(|e| {
            PolicyError::new(
                ErrorKind::InvalidDatetime,
                Some(name),
                format!("fact `{name}`: `{shown}` is not an RFC 3339 date-time with offset ({e})"),
            )
        })?),
        FactType::Enum(values) => match values.iter().position(|v| v == s) {
            Some(i) => Value::Enum(i),
            None => {
                return Err(PolicyError::new(
                    ErrorKind::UnknownValue,
                    Some(name),
                    format!(
                        "fact `{name}`: unknown value `{shown}`; expected one of {}",
                        values.join(", ")
                    ),
                ))
            }
        },
        FactType::String => Value::Text(s.to_string()),
        FactType::ListOfDates => {
            let mut dates = Vec::new();
            for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                dates.push(parse_date(name, part)?);
            }
            Value::Dates(dates)
        }
        FactType::Country => {
            let upper = s.to_ascii_uppercase();
            if !super::country_codes::is_iso_country(&upper) {
                return Err(PolicyError::new(
                    ErrorKind::InvalidCountry,
                    Some(name),
                    format!("fact `{name}`: `{shown}` is not an ISO 3166-1 alpha-2 country code"),
                ));
            }
            Value::Country(upper)
        }
        FactType::TimeZone => Value::Zone(s.parse::<Tz>().map_err(|_| {
            PolicyError::new(
                ErrorKind::InvalidTimeZone,
                Some(name),
                format!("fact `{name}`: `{shown}` is not an IANA time zone (e.g. Europe/Berlin)"),
            )
        })?),
    };
    Ok(Some(value))
}

fn parse_date(name: &str, s: &str) -> Result<NaiveDate, PolicyError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| {
            PolicyError::new(
                ErrorKind::InvalidDate,
                Some(name),
                format!(
                    "fact `{name}`: `{}` is not a valid date (YYYY-MM-DD)",
                    crate::text::echo(s)
                ),
            )
        })
}

/// The value a fact takes when it is not given (`today` is passed in: evaluation never reads the clock).
pub fn default_value(spec: &FactSpec, today: NaiveDate) -> Result<Option<Value>, PolicyError> {
    match &spec.default {
        None => Ok(None),
        Some(FactDefault::Today) => Ok(Some(Value::Date(today))),
        Some(FactDefault::Value(v)) => parse_str_value(spec, v),
    }
}
