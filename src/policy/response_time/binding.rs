//! The `response_time` policy inside the framework: its description comes from the edition's
//! `policies.toml` like every other policy's, with the values of `plan`, `severity`, `hours_region`
//! and `language` (`values_from = "tables"`) filled from the edition's [`ResponseTables`]; the rules
//! and readings it may use are the ones the tables name. [`ResponseTimePolicy`] decides the verdict
//! with [`choose_clock`] and computes the deadline with [`evaluate()`]; the answer's `details` are a
//! [`ResponseTimeDetails`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::binding::bind;
use super::super::framework::{answer_generic, labels, notes, Policy, Trace};
use super::super::model::{
    Answer, ErrorKind, Example, FactDefault, FactType, Facts, PolicyError, PolicySpec, SpecError,
    Value,
};
use super::super::spec::POLICIES_FILE;
use super::evaluate::{
    choose_clock, describe_hours, duration_words, evaluate, Access, Clock, ClockFacts, Language,
    ResponseOutcome, ResponseQuestion, ResponseTimeError,
};
use super::tables::{ResponseTables, SeverityRow, RESPONSE_TIMES_FILE};

/// The policy id.
pub const POLICY_ID: &str = "response_time";

/// The facts, in form order (the framework indexes them by position).
pub const FACTS: [&str; 9] = [
    "plan",
    "severity",
    "submitted_at",
    "country",
    "hours_region",
    "time_zone",
    "access",
    "language",
    "holidays",
];

const F_PLAN: usize = 0;
const F_SEVERITY: usize = 1;
const F_SUBMITTED_AT: usize = 2;
const F_COUNTRY: usize = 3;
const F_HOURS_REGION: usize = 4;
const F_TIME_ZONE: usize = 5;
const F_ACCESS: usize = 6;
const F_LANGUAGE: usize = 7;
const F_HOLIDAYS: usize = 8;

/// One open window of the deadline timeline: `{start, end}`, RFC 3339 instants in the customer's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenWindow {
    /// When business time starts counting.
    pub start: String,
    /// When it stops.
    pub end: String,
}

/// The `details` of a `response_time` answer.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResponseTimeDetails {
    /// The target in hours (`0.5` for thirty minutes), when plan and severity decide it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub target_hours: Option<serde_json::Number>,
    /// The deadline (RFC 3339), when it can be computed.
    pub respond_by: Option<String>,
    /// The zone the clock runs in (`UTC` around the clock).
    pub clock_zone: Option<String>,
    /// The business hours applied, described (`24x7` around the clock).
    pub business_hours: Option<String>,
    /// The open windows from submission to deadline.
    pub windows: Vec<OpenWindow>,
    /// What the customer commits to with this severity.
    pub customer_obligations: Vec<String>,
    /// What the answer assumes.
    pub assumptions: Vec<String>,
    /// Facts the deadline still needs once the clock is decided.
    pub deadline_needs: Vec<String>,
}

impl ResponseTimeDetails {
    /// The details of an outcome.
    pub fn of(out: &ResponseOutcome<'_>) -> Self {
        Self::from_outcome(out.clone())
    }

    /// The details of an outcome, its strings moved rather than copied.
    pub fn from_outcome(out: ResponseOutcome<'_>) -> Self {
        let target_hours = out.target_minutes.and_then(|m| {
            if m % 60 == 0 {
                Some(serde_json::Number::from(m / 60))
            } else {
                serde_json::Number::from_f64(f64::from(m) / 60.0)
            }
        });
        ResponseTimeDetails {
            target_hours,
            respond_by: out.respond_by.map(|t| t.to_rfc3339()),
            clock_zone: out.clock_zone,
            business_hours: out.business_hours,
            windows: out
                .windows
                .iter()
                .map(|(a, b)| OpenWindow {
                    start: a.to_rfc3339(),
                    end: b.to_rfc3339(),
                })
                .collect(),
            customer_obligations: out.customer_obligations,
            assumptions: out.assumptions,
            deadline_needs: if out.clock.is_some() {
                out.missing_facts.iter().map(|f| f.to_string()).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// As the JSON object of [`Answer::details`].
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        self.clone().into_map()
    }

    /// As the JSON object of [`Answer::details`], its strings moved rather than copied (the
    /// object `serde_json::to_value` makes of it: every field, `null` when unknown).
    pub fn into_map(self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::Value as J;
        let text = |s: Option<String>| s.map_or(J::Null, J::String);
        let list = |items: Vec<String>| J::Array(items.into_iter().map(J::String).collect());
        let windows = self
            .windows
            .into_iter()
            .map(|w| {
                let mut window = serde_json::Map::new();
                window.insert("start".to_string(), J::String(w.start));
                window.insert("end".to_string(), J::String(w.end));
                J::Object(window)
            })
            .collect();
        let mut map = serde_json::Map::new();
        map.insert(
            "target_hours".to_string(),
            self.target_hours.map_or(J::Null, J::Number),
        );
        map.insert("respond_by".to_string(), text(self.respond_by));
        map.insert("clock_zone".to_string(), text(self.clock_zone));
        map.insert("business_hours".to_string(), text(self.business_hours));
        map.insert("windows".to_string(), J::Array(windows));
        map.insert(
            "customer_obligations".to_string(),
            list(self.customer_obligations),
        );
        map.insert("assumptions".to_string(), list(self.assumptions));
        map.insert("deadline_needs".to_string(), list(self.deadline_needs));
        map
    }
}

/// The `response_time` policy of one edition.
pub struct ResponseTimePolicy {
    spec: PolicySpec,
    tables: &'static ResponseTables,
    /// `language` enumeration values, parsed, indexed like the fact's values.
    languages: Vec<Language>,
    /// The language of a question that gives none (the around-the-clock language).
    default_language: Language,
}

impl std::fmt::Debug for ResponseTimePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseTimePolicy")
            .field("policy_version", &self.tables.policy_version)
            .finish_non_exhaustive()
    }
}

/// Binds the description of `response_time` (taken out of `specs`) to the edition's tables.
pub fn build(
    specs: &mut BTreeMap<String, PolicySpec>,
    examples: &mut BTreeMap<String, Vec<Example>>,
    tables: &'static ResponseTables,
) -> Result<Box<dyn Policy>, SpecError> {
    let rules = tables.rule_ids();
    let readings = tables.reading_ids();
    let verdicts = Clock::ALL.map(Clock::as_str);
    let mut spec = bind(
        specs, examples, POLICY_ID, &FACTS, &rules, &readings, &verdicts,
    )?;
    let language_values = tables.language_values();
    let languages = language_values
        .iter()
        .map(|v| tables.parse_language(v))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| SpecError::new(RESPONSE_TIMES_FILE, "languages.local", e.to_string()))?;
    let filled: [(usize, Vec<(String, String)>); 4] = [
        (
            F_PLAN,
            tables
                .plans
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect(),
        ),
        (
            F_SEVERITY,
            tables
                .severities
                .iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        format!("{} ({})", s.title, s.name.to_lowercase()),
                    )
                })
                .collect(),
        ),
        (
            F_HOURS_REGION,
            tables
                .hours_region_values()
                .into_iter()
                .map(|id| {
                    let label = tables
                        .regions
                        .iter()
                        .find(|r| r.id == id)
                        .map_or_else(|| tables.default_name.clone(), |r| r.name.clone());
                    (id, label)
                })
                .collect(),
        ),
        (
            F_LANGUAGE,
            language_values
                .iter()
                .map(|code| {
                    let label = tables
                        .languages
                        .local
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| tables.languages.other_label.clone());
                    (code.clone(), label)
                })
                .collect(),
        ),
    ];
    for (i, pairs) in filled {
        let fact = &mut spec.facts[i];
        match &fact.ty {
            FactType::Enum(values) if values.is_empty() => {}
            _ => {
                return Err(SpecError::new(
                    POLICIES_FILE,
                    format!("policy.{POLICY_ID}.fact.{}", fact.name),
                    "needs `type = \"enum\"` and `values_from = \"tables\"`",
                ))
            }
        }
        let (values, value_labels) = pairs.into_iter().unzip();
        fact.ty = FactType::Enum(values);
        fact.value_labels = value_labels;
    }
    match &spec.facts[F_ACCESS].ty {
        FactType::Enum(values) if *values == Access::ALL.map(Access::as_str) => {}
        _ => {
            return Err(SpecError::new(
                POLICIES_FILE,
                format!("policy.{POLICY_ID}.fact.access.values"),
                "expected [\"24x7\", \"business_hours\"]",
            ))
        }
    }
    for fact in &spec.facts {
        if let Some(FactDefault::Value(d)) = &fact.default {
            if let Err(e) = super::super::framework::parse_str_value(fact, d) {
                return Err(SpecError::new(
                    POLICIES_FILE,
                    format!("policy.{POLICY_ID}.fact.{}.default", fact.name),
                    e.message,
                ));
            }
        }
    }
    if spec.policy_version != tables.policy_version {
        return Err(SpecError::new(
            RESPONSE_TIMES_FILE,
            "policy_version",
            format!(
                "`{}` differs from {POLICIES_FILE}'s `{}`",
                tables.policy_version, spec.policy_version
            ),
        ));
    }
    let mut all_examples = tables.examples.clone();
    all_examples.append(&mut spec.examples);
    spec.examples = all_examples;
    Ok(Box::new(ResponseTimePolicy {
        spec,
        tables,
        languages,
        default_language: Language::Local(tables.languages.around_the_clock.clone()),
    }))
}

fn to_policy_error(e: ResponseTimeError) -> PolicyError {
    match e {
        ResponseTimeError::InvalidFact { field, message } => PolicyError::new(
            ErrorKind::InconsistentFacts,
            Some(field),
            format!("fact `{field}`: {message}"),
        ),
        ResponseTimeError::Clock(e) => PolicyError::new(
            ErrorKind::InconsistentFacts,
            Some("holidays"),
            e.to_string(),
        ),
        ResponseTimeError::Table(e) => PolicyError::new(ErrorKind::Internal, None, e.to_string()),
    }
}

impl ResponseTimePolicy {
    fn language(&self, facts: &Facts<'_>) -> &Language {
        match facts.get(F_LANGUAGE) {
            Some(Value::Enum(i)) => self.languages.get(*i).unwrap_or(&Language::Other),
            _ => &self.default_language,
        }
    }

    /// The severity's row: the fact's values are the tables' severities, in order.
    fn severity_row(&self, facts: &Facts<'_>) -> Option<&'static SeverityRow> {
        match facts.get(F_SEVERITY) {
            Some(Value::Enum(i)) => self.tables.severities.get(*i),
            _ => None,
        }
    }

    /// The plan's position in the tables: the fact's values are the tables' plans, in order.
    fn plan_index(facts: &Facts<'_>) -> Option<usize> {
        match facts.get(F_PLAN) {
            Some(Value::Enum(i)) => Some(*i),
            _ => None,
        }
    }

    fn access(facts: &Facts<'_>) -> Option<Access> {
        match facts.get(F_ACCESS) {
            Some(Value::Enum(i)) => Access::ALL.get(*i).copied(),
            _ => None,
        }
    }

    fn country<'f>(facts: &'f Facts<'_>) -> Option<&'f str> {
        match facts.get(F_COUNTRY) {
            Some(Value::Country(c)) => Some(c.as_str()),
            _ => None,
        }
    }

    /// The typed question of a set of facts.
    pub fn question(&self, facts: &Facts<'_>) -> ResponseQuestion {
        ResponseQuestion {
            plan: facts.enum_str(F_PLAN).map(str::to_string),
            severity: facts.enum_str(F_SEVERITY).map(str::to_string),
            submitted_at: match facts.get(F_SUBMITTED_AT) {
                Some(Value::DateTime(t)) => Some(*t),
                _ => None,
            },
            country: Self::country(facts).map(str::to_string),
            time_zone: match facts.get(F_TIME_ZONE) {
                Some(Value::Zone(z)) => Some(*z),
                _ => None,
            },
            access: Self::access(facts),
            hours_region: facts.enum_str(F_HOURS_REGION).map(str::to_string),
            language: Some(self.language(facts).clone()),
            holidays: match facts.get(F_HOLIDAYS) {
                Some(Value::Dates(d)) => Some(d.iter().copied().collect()),
                _ => None,
            },
        }
    }
}

impl Policy for ResponseTimePolicy {
    fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// A severity the plan does not offer in this edition is an input error naming the edition and
    /// listing the plan's severities.
    fn check(&self, facts: &Facts<'_>) -> Result<(), PolicyError> {
        if self.admits(facts) {
            return Ok(());
        }
        let Some(row) = self.severity_row(facts) else {
            return Ok(());
        };
        let severity = row.id.as_str();
        let plan = facts.enum_str(F_PLAN).unwrap_or_default();
        let plan_name = self.tables.plan(plan).map_or(plan, |p| p.name.as_str());
        let offered: Vec<&str> = self
            .tables
            .severities
            .iter()
            .filter(|s| s.target(plan).is_some())
            .map(|s| s.id.as_str())
            .collect();
        Err(PolicyError::new(
            ErrorKind::UnknownValue,
            Some("severity"),
            format!(
                "severity `{severity}` is not offered on the {plan_name} plan in the {} edition of the policy; its severities there: {}",
                self.tables.policy_version,
                offered.join(", ")
            ),
        ))
    }

    /// Whether the plan offers the severity (when both are known).
    fn admits(&self, facts: &Facts<'_>) -> bool {
        match (Self::plan_index(facts), self.severity_row(facts)) {
            (Some(plan), Some(row)) => row.target_at(plan).is_some(),
            _ => true,
        }
    }

    fn decide(&self, facts: &Facts<'_>, trace: &mut Trace) -> Option<&'static str> {
        let tables = self.tables;
        let language = self.language(facts);
        let country = Self::country(facts);
        let choice = choose_clock(
            ClockFacts {
                severity: self.severity_row(facts),
                plan: Self::plan_index(facts),
                access: Self::access(facts),
                language,
                country,
            },
            tables,
            &mut |r| trace.fire(r),
        )?;
        if choice.access_defaulted {
            trace.interpret(&tables.general.default_access);
        }
        if choice.clock == Clock::BusinessHours {
            // The fact's values are the tables' regions in order, then `other`.
            let given = match facts.get(F_HOURS_REGION) {
                Some(Value::Enum(i)) => Some(Some(*i)),
                _ => None,
            };
            if let Some(hours) = tables.hours_region_at(given, country) {
                trace.fire(hours.region.map_or(&tables.default_rule, |r| &r.rule));
                if let (Some((code, name)), Some(region)) = (&hours.read_as, hours.region) {
                    trace.interpret_says(&tables.general.region_of_country, || {
                        let d = &tables.default_hours;
                        format!(
                            "The policy gives {} its own business hours but does not say which countries it includes. supportkb counts {name} ({code}) as {}, so its hours apply: {}. If the customer is served on other hours, choose another business-hours region (Other: {}–{} in the customer's time zone).",
                            region.name,
                            region.name,
                            describe_hours(region),
                            d.open.format("%H:%M"),
                            d.close.format("%H:%M"),
                        )
                    });
                }
            }
        }
        Some(choice.clock.as_str())
    }

    fn answer(&self, facts: &mut Facts<'_>) -> Result<Answer, PolicyError> {
        self.check(facts)?;
        let outcome = evaluate(&self.question(facts), self.tables).map_err(to_policy_error)?;
        let mut answer = answer_generic(self, facts)?;
        if let (Some(clock), Some(by), Some(minutes)) =
            (outcome.clock, outcome.respond_by, outcome.target_minutes)
        {
            let when = crate::text::instant_words(&by);
            let target = duration_words(minutes);
            answer.summary = match clock {
                Clock::AroundTheClock => format!(
                    "Microsoft's first response is due by {when}: {target} around the clock from submission."
                ),
                Clock::BusinessHours => format!(
                    "Microsoft's first response is due by {when}: {}, counted in {}.",
                    target.replacen(' ', " business ", 1),
                    outcome.business_hours.as_deref().unwrap_or("business hours")
                ),
            };
        } else if outcome.clock.is_some() && !outcome.missing_facts.is_empty() {
            let needs: Vec<String> = outcome
                .missing_facts
                .iter()
                .map(|f| f.to_string())
                .collect();
            answer.summary = format!(
                "{} The deadline also needs: {}.",
                answer.summary,
                labels(&self.spec, &needs).join(", ")
            );
        }
        answer.details = ResponseTimeDetails::from_outcome(outcome).into_map();
        answer.notes = notes(&self.spec, &answer.details);
        Ok(answer)
    }
}
