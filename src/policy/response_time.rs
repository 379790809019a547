//! The `response_time` policy: when must Microsoft first contact the customer, and which clock runs.
//!
//! The numbers are data: `docs-corpus/policy/response-times.toml` (plan × severity targets, access hours,
//! customer obligations, languages) and `docs-corpus/policy/business-hours.toml` (business hours by region).
//! Both are parsed raw, then validated into [`ResponseTables`]; a bad table is an error naming the file and
//! the key. The deadline arithmetic is [`super::clock`].
//!
//! How the clock is chosen (severity-and-response.md):
//! * Severity A is always 24x7, Severity C always business hours, Severity B offers the choice (`access`).
//! * Around-the-clock handling is an English service: a request worked in one of the other local languages
//!   runs on local business hours whatever the severity. A request in a language outside the nine is
//!   handled like an English one (translation may be available), and the answer says so.
//! * Business hours are those of the customer's region: North America (US, CA) on Pacific time
//!   06:00–18:00, Japan 09:00–17:30 Tokyo time, everywhere else 09:00–17:00 in the customer's own zone.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;

use super::clock::{self, BusinessCalendar, ClockError};
use super::country_codes::is_iso_country;
use super::framework::{answer_generic, Policy, Trace};
use super::model::{
    Answer, Cite, ErrorKind, Example, FactDefault, FactSpec, FactType, Facts, InterpretationSpec,
    PolicyError, PolicySpec, RuleSpec, SpecError, Value, VerdictSpec, NEED_MORE_FACTS,
};

/// Path of the response-times table inside `docs-corpus/`.
pub const RESPONSE_TIMES_FILE: &str = "policy/response-times.toml";
/// Path of the business-hours table inside `docs-corpus/`.
pub const BUSINESS_HOURS_FILE: &str = "policy/business-hours.toml";

/// A table file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// The file is not valid TOML or does not have the expected shape.
    #[error("{file}: {message}")]
    Parse {
        /// The table file.
        file: String,
        /// What the parser said.
        message: String,
    },
    /// A value in the file is wrong.
    #[error("{file}: `{key}`: {message}")]
    Invalid {
        /// The table file.
        file: String,
        /// Dotted path of the offending key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// A question the policy cannot answer as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseTimeError {
    /// A fact has a value the policy does not accept.
    #[error("{field}: {message}")]
    InvalidFact {
        /// The fact.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The deadline could not be computed over the business calendar.
    #[error("cannot compute the deadline: {0}")]
    Clock(#[from] ClockError),
    /// The embedded tables are broken (a build defect, reported rather than panicking).
    #[error(transparent)]
    Table(#[from] TableError),
}

fn invalid(field: &'static str, message: impl Into<String>) -> ResponseTimeError {
    ResponseTimeError::InvalidFact {
        field,
        message: message.into(),
    }
}

/// A support plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    /// Standard.
    Standard,
    /// Professional Direct.
    Prodirect,
    /// Unified enterprise.
    UnifiedEnterprise,
}

impl Plan {
    /// Every plan, in table order.
    pub const ALL: [Plan; 3] = [Plan::Standard, Plan::Prodirect, Plan::UnifiedEnterprise];

    /// The fact value (`standard`, `prodirect`, `unified_enterprise`).
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Standard => "standard",
            Plan::Prodirect => "prodirect",
            Plan::UnifiedEnterprise => "unified_enterprise",
        }
    }
}

impl FromStr for Plan {
    type Err = ResponseTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Plan::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                invalid(
                    "plan",
                    format!(
                        "unknown plan `{s}`; expected standard, prodirect or unified_enterprise"
                    ),
                )
            })
    }
}

/// A severity level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Severity {
    /// Critical business impact.
    A,
    /// Moderate business impact.
    B,
    /// Minimum business impact.
    C,
}

impl Severity {
    /// Every severity, highest first.
    pub const ALL: [Severity; 3] = [Severity::A, Severity::B, Severity::C];

    /// The fact value (`A`, `B`, `C`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::A => "A",
            Severity::B => "B",
            Severity::C => "C",
        }
    }
}

impl FromStr for Severity {
    type Err = ResponseTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| {
                invalid(
                    "severity",
                    format!("unknown severity `{s}`; expected A, B or C"),
                )
            })
    }
}

/// The access hours a customer chose (the choice Severity B offers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Around the clock (`24x7`).
    TwentyFourSeven,
    /// Business hours only (`business_hours`).
    BusinessHours,
}

impl Access {
    /// The fact value.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::TwentyFourSeven => "24x7",
            Access::BusinessHours => "business_hours",
        }
    }
}

impl FromStr for Access {
    type Err = ResponseTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "24x7" => Ok(Access::TwentyFourSeven),
            "business_hours" => Ok(Access::BusinessHours),
            _ => Err(invalid(
                "access",
                format!("unknown access `{s}`; expected 24x7 or business_hours"),
            )),
        }
    }
}

/// Which access hours a severity offers (from the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SeverityAccess {
    /// Always around the clock.
    #[serde(rename = "24x7")]
    AroundTheClock,
    /// Business hours only.
    #[serde(rename = "business_hours")]
    BusinessHours,
    /// Business hours, 24x7 available on request.
    #[serde(rename = "business_hours_or_24x7")]
    BusinessHoursOr24x7,
}

/// Which clock runs for a request: the policy's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clock {
    /// Every hour counts (`around_the_clock`).
    AroundTheClock,
    /// Only business hours count (`business_hours`).
    BusinessHours,
}

impl Clock {
    /// The verdict id.
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::AroundTheClock => "around_the_clock",
            Clock::BusinessHours => "business_hours",
        }
    }
}

/// The language the request is handled in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Language {
    /// One of the nine local languages, by its code in the table (`en`, `de`, `zh-Hant`, …).
    Local(String),
    /// A language outside the nine (`other`).
    Other,
}

impl Language {
    /// Whether this is the around-the-clock language of `tables`.
    fn is_around_the_clock(&self, tables: &ResponseTables) -> bool {
        matches!(self, Language::Local(code) if *code == tables.languages.around_the_clock)
    }

    /// The fact value.
    pub fn as_str(&self) -> &str {
        match self {
            Language::Local(code) => code,
            Language::Other => "other",
        }
    }
}

/// One severity's row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeverityRow {
    /// Short name ("Critical business impact").
    pub name: String,
    /// The `doc#anchor` the row rests on.
    pub cites: String,
    /// Access hours offered.
    pub access: SeverityAccess,
    /// Target hours per plan.
    pub target_hours: BTreeMap<Plan, u32>,
    /// What the customer takes on by choosing this severity.
    pub customer_obligations: Vec<String>,
}

/// The language rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    /// `doc#anchor` of the language rules.
    pub cites: String,
    /// The language of around-the-clock handling.
    pub around_the_clock: String,
    /// Severities that get around-the-clock handling in that language.
    pub around_the_clock_severities: BTreeSet<Severity>,
    /// The local languages: code → English name.
    pub local: BTreeMap<String, String>,
}

/// Open hours: local times and weekdays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    /// Opening time.
    pub open: NaiveTime,
    /// Closing time.
    pub close: NaiveTime,
    /// Business weekdays.
    pub weekdays: Vec<Weekday>,
}

/// A region with its own business hours and zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Stable id (`north_america`, `japan`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-2 codes of the member countries the policy text settles.
    pub countries: BTreeSet<String>,
    /// Countries counted in the region by supportkb's reading (code → English name): the text names
    /// the region but not these members, so answers that use them say so.
    pub read_as: BTreeMap<String, String>,
    /// The zone its hours are in.
    pub zone: Tz,
    /// Its hours.
    pub hours: Hours,
}

/// The `hours_region` value of the default hours ("most countries").
pub const OTHER_REGION: &str = "other";

/// Whose business hours apply to a question (see [`ResponseTables::hours_region`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursRegion<'t> {
    /// The region with its own hours; `None` for the default hours in the customer's zone.
    pub region: Option<&'t Region>,
    /// Set when the region was derived from a country the text does not place in it: (code, name).
    pub read_as: Option<(String, String)>,
}

/// The validated tables of the `response_time` policy.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTables {
    /// Policy version both files belong to (`2025-07-31`).
    pub policy_version: String,
    /// Plan → display name.
    pub plans: BTreeMap<Plan, String>,
    /// Severity → row.
    pub severities: BTreeMap<Severity, SeverityRow>,
    /// Language rules.
    pub languages: Languages,
    /// `doc#anchor` of the business-hours table.
    pub business_hours_cites: String,
    /// Hours for countries outside every region, in the customer's zone.
    pub default_hours: Hours,
    /// Name of the default region ("Most countries").
    pub default_name: String,
    /// The regions with their own hours.
    pub regions: Vec<Region>,
    /// Worked examples of the policy (the desktop "Learn" tab runs them).
    pub examples: Vec<Example>,
}

// ---- raw table shapes ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponseTimes {
    policy_version: String,
    plans: BTreeMap<String, RawPlan>,
    severities: BTreeMap<String, RawSeverity>,
    languages: RawLanguages,
    #[serde(default)]
    examples: Vec<RawExample>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    name: String,
    explanation: String,
    facts: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeverity {
    name: String,
    cites: String,
    access: String,
    target_hours: BTreeMap<String, i64>,
    customer_obligations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguages {
    cites: String,
    around_the_clock: String,
    around_the_clock_severities: Vec<String>,
    local: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBusinessHours {
    policy_version: String,
    cites: String,
    default: RawHours,
    regions: Vec<RawRegion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    name: String,
    open: String,
    close: String,
    weekdays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: String,
    name: String,
    countries: Vec<String>,
    #[serde(default)]
    read_as: BTreeMap<String, String>,
    zone: String,
    open: String,
    close: String,
    weekdays: Vec<String>,
}

struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn err(&self, key: impl Into<String>, message: impl Into<String>) -> TableError {
        TableError::Invalid {
            file: self.file.to_string(),
            key: key.into(),
            message: message.into(),
        }
    }

    fn cites(&self, key: &str, value: &str) -> Result<String, TableError> {
        match value.split_once('#') {
            Some((doc, anchor)) if doc.ends_with(".md") && !anchor.is_empty() => {
                Ok(value.to_string())
            }
            _ => Err(self.err(key, format!("`{value}` is not a `doc.md#anchor` citation"))),
        }
    }

    fn time(&self, key: &str, value: &str) -> Result<NaiveTime, TableError> {
        NaiveTime::parse_from_str(value, "%H:%M")
            .map_err(|e| self.err(key, format!("`{value}` is not a HH:MM time ({e})")))
    }

    fn hours(
        &self,
        key: &str,
        open: &str,
        close: &str,
        weekdays: &[String],
    ) -> Result<Hours, TableError> {
        let open = self.time(&format!("{key}.open"), open)?;
        let close = self.time(&format!("{key}.close"), close)?;
        if open >= close {
            return Err(self.err(
                format!("{key}.close"),
                format!("closing time {close} is not after opening time {open}"),
            ));
        }
        if weekdays.is_empty() {
            return Err(self.err(format!("{key}.weekdays"), "needs at least one weekday"));
        }
        let weekdays = weekdays
            .iter()
            .map(|d| {
                d.parse::<Weekday>().map_err(|_| {
                    self.err(
                        format!("{key}.weekdays"),
                        format!("`{d}` is not a weekday name"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Hours {
            open,
            close,
            weekdays,
        })
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, TableError> {
    toml::from_str(text).map_err(|e| TableError::Parse {
        file: file.to_string(),
        message: e.to_string(),
    })
}

impl ResponseTables {
    /// Parses and validates the two table files (their text; `response_times` is
    /// [`RESPONSE_TIMES_FILE`], `business_hours` is [`BUSINESS_HOURS_FILE`]).
    pub fn parse(response_times: &str, business_hours: &str) -> Result<Self, TableError> {
        let raw: RawResponseTimes = parse_toml(RESPONSE_TIMES_FILE, response_times)?;
        let c = Checker {
            file: RESPONSE_TIMES_FILE,
        };

        let mut plans = BTreeMap::new();
        for (key, plan) in &raw.plans {
            let id = key
                .parse::<Plan>()
                .map_err(|_| c.err(format!("plans.{key}"), "unknown plan"))?;
            plans.insert(id, plan.name.clone());
        }
        for plan in Plan::ALL {
            if !plans.contains_key(&plan) {
                return Err(c.err(format!("plans.{}", plan.as_str()), "missing plan"));
            }
        }

        let mut severities = BTreeMap::new();
        for (key, row) in &raw.severities {
            let at = format!("severities.{key}");
            let severity = key
                .parse::<Severity>()
                .map_err(|_| c.err(&at, "unknown severity"))?;
            let access = match row.access.as_str() {
                "24x7" => SeverityAccess::AroundTheClock,
                "business_hours" => SeverityAccess::BusinessHours,
                "business_hours_or_24x7" => SeverityAccess::BusinessHoursOr24x7,
                other => {
                    return Err(c.err(
                        format!("{at}.access"),
                        format!("unknown access `{other}`; expected 24x7, business_hours or business_hours_or_24x7"),
                    ))
                }
            };
            let mut target_hours = BTreeMap::new();
            for (plan_key, hours) in &row.target_hours {
                let key = format!("{at}.target_hours.{plan_key}");
                let plan = plan_key
                    .parse::<Plan>()
                    .map_err(|_| c.err(&key, "unknown plan"))?;
                let hours = u32::try_from(*hours)
                    .ok()
                    .filter(|h| (1..=168).contains(h))
                    .ok_or_else(|| {
                        c.err(
                            &key,
                            format!("{hours} is not a target between 1 and 168 hours"),
                        )
                    })?;
                target_hours.insert(plan, hours);
            }
            for plan in Plan::ALL {
                if !target_hours.contains_key(&plan) {
                    return Err(c.err(
                        format!("{at}.target_hours.{}", plan.as_str()),
                        "missing target",
                    ));
                }
            }
            if row.customer_obligations.is_empty() {
                return Err(c.err(
                    format!("{at}.customer_obligations"),
                    "needs at least one obligation",
                ));
            }
            severities.insert(
                severity,
                SeverityRow {
                    name: row.name.clone(),
                    cites: c.cites(&format!("{at}.cites"), &row.cites)?,
                    access,
                    target_hours,
                    customer_obligations: row.customer_obligations.clone(),
                },
            );
        }
        for severity in Severity::ALL {
            if !severities.contains_key(&severity) {
                return Err(c.err(
                    format!("severities.{}", severity.as_str()),
                    "missing severity",
                ));
            }
        }

        let l = &raw.languages;
        if !l.local.contains_key(&l.around_the_clock) {
            return Err(c.err(
                "languages.around_the_clock",
                format!("`{}` is not one of languages.local", l.around_the_clock),
            ));
        }
        if l.local.contains_key("other") {
            return Err(c.err(
                "languages.local.other",
                "`other` is reserved for languages outside the list",
            ));
        }
        let around_the_clock_severities = l
            .around_the_clock_severities
            .iter()
            .map(|s| {
                s.parse::<Severity>().map_err(|_| {
                    c.err(
                        "languages.around_the_clock_severities",
                        format!("unknown severity `{s}`"),
                    )
                })
            })
            .collect::<Result<BTreeSet<_>, _>>()?;
        let languages = Languages {
            cites: c.cites("languages.cites", &l.cites)?,
            around_the_clock: l.around_the_clock.clone(),
            around_the_clock_severities,
            local: l.local.clone(),
        };

        let raw_hours: RawBusinessHours = parse_toml(BUSINESS_HOURS_FILE, business_hours)?;
        let h = Checker {
            file: BUSINESS_HOURS_FILE,
        };
        if raw_hours.policy_version != raw.policy_version {
            return Err(h.err(
                "policy_version",
                format!(
                    "`{}` differs from {RESPONSE_TIMES_FILE}'s `{}`",
                    raw_hours.policy_version, raw.policy_version
                ),
            ));
        }
        let d = &raw_hours.default;
        let default_hours = h.hours("default", &d.open, &d.close, &d.weekdays)?;
        let mut regions = Vec::new();
        let mut seen_countries = BTreeSet::new();
        let mut seen_ids = BTreeSet::new();
        for (i, r) in raw_hours.regions.iter().enumerate() {
            let at = format!("regions[{i}]");
            if !seen_ids.insert(r.id.clone()) {
                return Err(h.err(
                    format!("{at}.id"),
                    format!("duplicate region id `{}`", r.id),
                ));
            }
            let zone = r.zone.parse::<Tz>().map_err(|_| {
                h.err(
                    format!("{at}.zone"),
                    format!("`{}` is not an IANA time zone", r.zone),
                )
            })?;
            let mut countries = BTreeSet::new();
            for code in &r.countries {
                if !is_iso_country(code) {
                    return Err(h.err(
                        format!("{at}.countries"),
                        format!("`{code}` is not an ISO 3166-1 alpha-2 code"),
                    ));
                }
                if !seen_countries.insert(code.clone()) {
                    return Err(h.err(
                        format!("{at}.countries"),
                        format!("`{code}` belongs to two regions"),
                    ));
                }
                countries.insert(code.clone());
            }
            for (code, name) in &r.read_as {
                if !is_iso_country(code) {
                    return Err(h.err(
                        format!("{at}.read_as.{code}"),
                        format!("`{code}` is not an ISO 3166-1 alpha-2 code"),
                    ));
                }
                if !seen_countries.insert(code.clone()) {
                    return Err(h.err(
                        format!("{at}.read_as.{code}"),
                        format!("`{code}` belongs to two regions"),
                    ));
                }
                if name.trim().is_empty() {
                    return Err(h.err(format!("{at}.read_as.{code}"), "needs the country's name"));
                }
            }
            if r.id == OTHER_REGION {
                return Err(h.err(
                    format!("{at}.id"),
                    format!("`{OTHER_REGION}` is the id of the default hours"),
                ));
            }
            let hours = h.hours(&at, &r.open, &r.close, &r.weekdays)?;
            regions.push(Region {
                id: r.id.clone(),
                name: r.name.clone(),
                countries,
                read_as: r.read_as.clone(),
                zone,
                hours,
            });
        }

        let mut examples = Vec::new();
        for (i, e) in raw.examples.iter().enumerate() {
            let key = format!("examples[{i}]");
            if e.name.trim().is_empty() || e.explanation.trim().is_empty() {
                return Err(c.err(key, "name and explanation must not be empty"));
            }
            let facts = match serde_json::to_value(&e.facts) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => return Err(c.err(format!("{key}.facts"), "facts must be a table of values")),
            };
            examples.push(Example {
                name: e.name.clone(),
                facts,
                explanation: e.explanation.clone(),
            });
        }

        Ok(ResponseTables {
            examples,
            policy_version: raw.policy_version,
            plans,
            severities,
            languages,
            business_hours_cites: h.cites("cites", &raw_hours.cites)?,
            default_hours,
            default_name: d.name.clone(),
            regions,
        })
    }

    /// The tables compiled into the binary, parsed once.
    pub fn embedded() -> Result<&'static ResponseTables, TableError> {
        static TABLES: OnceLock<Result<ResponseTables, TableError>> = OnceLock::new();
        fn read(file: &str) -> Result<&'static str, TableError> {
            crate::corpus::embedded_file(file).ok_or_else(|| TableError::Parse {
                file: file.to_string(),
                message: "not in the embedded docs-corpus (or not UTF-8)".to_string(),
            })
        }
        TABLES
            .get_or_init(|| {
                ResponseTables::parse(read(RESPONSE_TIMES_FILE)?, read(BUSINESS_HOURS_FILE)?)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The row of `severity`.
    pub fn severity(&self, severity: Severity) -> &SeverityRow {
        // Validation guarantees every severity has a row; fall back to the first row defensively.
        self.severities
            .get(&severity)
            .unwrap_or_else(|| &self.severities[&Severity::A])
    }

    /// The region a country belongs to, by the text or by supportkb's reading, if any.
    pub fn region_of(&self, country: &str) -> Option<&Region> {
        self.regions
            .iter()
            .find(|r| r.countries.contains(country) || r.read_as.contains_key(country))
    }

    /// The values of the `hours_region` fact: every region id, then `other` (the default hours).
    pub fn hours_region_values(&self) -> Vec<String> {
        let mut values: Vec<String> = self.regions.iter().map(|r| r.id.clone()).collect();
        values.push(OTHER_REGION.to_string());
        values
    }

    /// Whose business hours apply: the region given (`hours_region`, a region id or `other`) decides;
    /// without it the country's region is looked up, and a country counted in a region only by
    /// supportkb's reading is reported as such. `None` when neither is known.
    pub fn hours_region(
        &self,
        given: Option<&str>,
        country: Option<&str>,
    ) -> Option<HoursRegion<'_>> {
        if let Some(id) = given {
            return Some(HoursRegion {
                region: self.regions.iter().find(|r| r.id == id),
                read_as: None,
            });
        }
        let country = country?;
        let region = self.region_of(country);
        let read_as = region.and_then(|r| {
            r.read_as
                .get(country)
                .map(|name| (country.to_string(), name.clone()))
        });
        Some(HoursRegion { region, read_as })
    }

    /// Parses a `language` fact value: one of the local language codes (case-insensitive) or `other`.
    pub fn parse_language(&self, value: &str) -> Result<Language, ResponseTimeError> {
        if value.eq_ignore_ascii_case("other") {
            return Ok(Language::Other);
        }
        self.languages
            .local
            .keys()
            .find(|code| code.eq_ignore_ascii_case(value))
            .map(|code| Language::Local(code.clone()))
            .ok_or_else(|| {
                let codes: Vec<&str> = self.languages.local.keys().map(String::as_str).collect();
                invalid(
                    "language",
                    format!(
                        "unknown language `{value}`; expected one of {} or other",
                        codes.join(", ")
                    ),
                )
            })
    }

    /// The language fact's allowed values, `other` last.
    pub fn language_values(&self) -> Vec<String> {
        let mut values: Vec<String> = self.languages.local.keys().cloned().collect();
        values.push("other".to_string());
        values
    }
}

/// Parses a `country` fact: an ISO 3166-1 alpha-2 code, any case; returns it upper-cased.
pub fn parse_country(value: &str) -> Result<String, ResponseTimeError> {
    let code = value.trim().to_ascii_uppercase();
    if is_iso_country(&code) {
        Ok(code)
    } else {
        Err(invalid(
            "country",
            format!("`{value}` is not an ISO 3166-1 alpha-2 country code (e.g. US, DE, JP)"),
        ))
    }
}

/// Parses a `time_zone` fact: an IANA zone name such as `Europe/Berlin`.
pub fn parse_time_zone(value: &str) -> Result<Tz, ResponseTimeError> {
    value.parse::<Tz>().map_err(|_| {
        invalid(
            "time_zone",
            format!("`{value}` is not an IANA time zone (e.g. Europe/Berlin)"),
        )
    })
}

/// Parses a `submitted_at` fact: RFC 3339 with an explicit offset.
pub fn parse_submitted_at(value: &str) -> Result<DateTime<FixedOffset>, ResponseTimeError> {
    DateTime::parse_from_rfc3339(value).map_err(|e| {
        invalid("submitted_at", format!("`{value}` is not an RFC 3339 date-time with offset, e.g. 2026-11-20T16:00:00+01:00 ({e})"))
    })
}

/// Parses one `holidays` entry: a date `YYYY-MM-DD`.
pub fn parse_holiday(value: &str) -> Result<NaiveDate, ResponseTimeError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| invalid("holidays", format!("`{value}` is not a date YYYY-MM-DD")))
}

// ---- evaluation ---------------------------------------------------------------------------------

/// The facts of a `response_time` question, typed. `None` means unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseQuestion {
    /// Support plan.
    pub plan: Option<Plan>,
    /// Severity.
    pub severity: Option<Severity>,
    /// When the request was submitted.
    pub submitted_at: Option<DateTime<FixedOffset>>,
    /// ISO 3166-1 alpha-2 country of the customer (upper case).
    pub country: Option<String>,
    /// The customer's IANA zone.
    pub time_zone: Option<Tz>,
    /// Access chosen (Severity B).
    pub access: Option<Access>,
    /// Whose business hours apply (a region id or `other`); derived from `country` when `None`.
    pub hours_region: Option<String>,
    /// Language of the request; `None` means the default, English.
    pub language: Option<Language>,
    /// Holidays to skip; `Some` replaces any built-in calendar (there is none).
    pub holidays: Option<BTreeSet<NaiveDate>>,
}

/// Ids of the rules of this policy.
pub mod rules {
    /// Definition of the initial response time.
    pub const INITIAL_RESPONSE: &str = "response_time.initial_response";
    /// The plan × severity table and its access hours.
    pub const TABLE_ACCESS: &str = "response_time.table_access";
    /// Severity A: < 1 h, 24x7.
    pub const SEVERITY_A: &str = "response_time.severity_a";
    /// Severity B targets and access.
    pub const SEVERITY_B: &str = "response_time.severity_b";
    /// Severity B with 24x7 chosen.
    pub const SEVERITY_B_24X7: &str = "response_time.severity_b_24x7";
    /// Severity B with business hours chosen.
    pub const SEVERITY_B_BUSINESS_HOURS: &str = "response_time.severity_b_business_hours";
    /// Severity C: business hours only.
    pub const SEVERITY_C: &str = "response_time.severity_c";
    /// 24x7 is in English for A and B.
    pub const ENGLISH_24X7: &str = "response_time.english_24x7";
    /// Other languages: local business hours.
    pub const LOCAL_LANGUAGE_HOURS: &str = "response_time.local_language_hours";
    /// Translation outside business hours for other languages.
    pub const TRANSLATION: &str = "response_time.translation";
    /// Business hours in most countries.
    pub const HOURS_DEFAULT: &str = "response_time.hours_default";
    /// Business hours in North America.
    pub const HOURS_NORTH_AMERICA: &str = "response_time.hours_north_america";
    /// Business hours in Japan.
    pub const HOURS_JAPAN: &str = "response_time.hours_japan";
}

/// Ids of the readings (interpretations) this policy may take.
pub mod readings {
    /// Severity B without an access choice is handled on business hours.
    pub const B_DEFAULT_ACCESS: &str = "response_time.b_default_access";
    /// A country the text does not place in a region was placed there by supportkb's table.
    pub const REGION_OF_COUNTRY: &str = "response_time.region_of_country";
}

/// What the policy concluded, before it is dressed as a framework answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseOutcome {
    /// Which clock runs; `None` when a deciding fact is unknown.
    pub clock: Option<Clock>,
    /// Facts still needed: for the verdict when `clock` is `None`, else for the deadline.
    pub missing_facts: Vec<&'static str>,
    /// Rules that fired, in order.
    pub rules: Vec<&'static str>,
    /// Target in hours, when plan and severity decide it.
    pub target_hours: Option<u32>,
    /// The deadline in the customer's zone (or the submission's offset when no zone is known).
    pub respond_by: Option<DateTime<FixedOffset>>,
    /// The zone the clock runs in (`UTC` for around the clock).
    pub clock_zone: Option<String>,
    /// The business hours applied, described.
    pub business_hours: Option<String>,
    /// Open windows from submission to deadline, in the customer's zone.
    pub windows: Vec<(DateTime<FixedOffset>, DateTime<FixedOffset>)>,
    /// The customer's obligations for the severity.
    pub customer_obligations: Vec<String>,
    /// Assumptions the answer rests on.
    pub assumptions: Vec<String>,
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which clock runs, and whether it rests on Severity B's default access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockChoice {
    /// The clock.
    pub clock: Clock,
    /// No access was chosen for Severity B, whose table row gives business hours with 24x7 on
    /// request: business hours are taken as the default (a reading, listed in the answer).
    pub access_defaulted: bool,
}

/// The clock decision alone: which clock runs for this severity, access and language (`None` when the
/// severity is unknown). The access matters for Severity B only: A is always 24x7 and C always
/// business hours; B without a choice runs on business hours (its default in the policy's table).
/// Cheap and allocation-free: the policy framework calls it many times per answer. `fire` receives the
/// ids of the rules the decision rests on, in order.
pub fn choose_clock(
    severity: Option<Severity>,
    access: Option<Access>,
    language: &Language,
    tables: &ResponseTables,
    fire: &mut dyn FnMut(&'static str),
) -> Option<ClockChoice> {
    let severity = severity?;
    let row = tables.severity(severity);
    fire(rules::INITIAL_RESPONSE);
    fire(rules::TABLE_ACCESS);
    fire(match severity {
        Severity::A => rules::SEVERITY_A,
        Severity::B => rules::SEVERITY_B,
        Severity::C => rules::SEVERITY_C,
    });
    let access = effective_access(row.access, access);
    let local_non_english =
        matches!(language, Language::Local(_)) && !language.is_around_the_clock(tables);
    let mut access_defaulted = false;
    let clock = match access {
        Some(Access::BusinessHours) => {
            match row.access {
                SeverityAccess::BusinessHoursOr24x7 => fire(rules::SEVERITY_B_BUSINESS_HOURS),
                _ => fire(rules::LOCAL_LANGUAGE_HOURS),
            }
            Clock::BusinessHours
        }
        _ if local_non_english => {
            fire(rules::LOCAL_LANGUAGE_HOURS);
            Clock::BusinessHours
        }
        None => {
            access_defaulted = true;
            fire(rules::SEVERITY_B_BUSINESS_HOURS);
            Clock::BusinessHours
        }
        Some(Access::TwentyFourSeven) => {
            if row.access == SeverityAccess::BusinessHoursOr24x7 {
                fire(rules::SEVERITY_B_24X7);
            }
            fire(rules::ENGLISH_24X7);
            if *language == Language::Other {
                fire(rules::TRANSLATION);
            }
            Clock::AroundTheClock
        }
    };
    Some(ClockChoice {
        clock,
        access_defaulted,
    })
}

/// The access a severity gives: Severity B's is the customer's choice; A is always 24x7 and C always
/// business hours, whatever was chosen (the answer then notes that the choice was ignored).
fn effective_access(offered: SeverityAccess, chosen: Option<Access>) -> Option<Access> {
    match offered {
        SeverityAccess::AroundTheClock => Some(Access::TwentyFourSeven),
        SeverityAccess::BusinessHours => Some(Access::BusinessHours),
        SeverityAccess::BusinessHoursOr24x7 => chosen,
    }
}

/// Answers a `response_time` question. Pure: the submission time is an input, nothing reads the clock.
pub fn evaluate(
    q: &ResponseQuestion,
    tables: &ResponseTables,
) -> Result<ResponseOutcome, ResponseTimeError> {
    let mut out = ResponseOutcome {
        clock: None,
        missing_facts: Vec::new(),
        rules: Vec::new(),
        target_hours: None,
        respond_by: None,
        clock_zone: None,
        business_hours: None,
        windows: Vec::new(),
        customer_obligations: Vec::new(),
        assumptions: Vec::new(),
    };
    let english = Language::Local(tables.languages.around_the_clock.clone());
    let language = q.language.clone().unwrap_or(english);

    let Some(severity) = q.severity else {
        out.missing_facts.push("severity");
        return Ok(out);
    };
    let row = tables.severity(severity);
    out.customer_obligations = row.customer_obligations.clone();
    let mut fired = Vec::new();
    let decided = choose_clock(Some(severity), q.access, &language, tables, &mut |r| {
        fired.push(r)
    });
    out.rules = fired;
    let Some(ClockChoice {
        clock,
        access_defaulted,
    }) = decided
    else {
        out.missing_facts.push("severity");
        return Ok(out);
    };
    out.clock = Some(clock);
    if access_defaulted {
        out.assumptions.push(
            "No access was chosen: Severity B is handled on business hours, its default (24x7 is available on request).".to_string(),
        );
    }
    match (row.access, q.access) {
        (SeverityAccess::AroundTheClock, Some(Access::BusinessHours)) => out.assumptions.push(format!(
            "The access choice is ignored: Severity {} always has 24x7 access (business hours is a choice only Severity B offers).",
            severity.as_str()
        )),
        (SeverityAccess::BusinessHours, Some(Access::TwentyFourSeven)) => out.assumptions.push(format!(
            "The access choice is ignored: Severity {} has business-hours access only (24x7 is for Severity A and B).",
            severity.as_str()
        )),
        _ => {}
    }
    if clock == Clock::BusinessHours && q.access.is_none() && severity == Severity::B {
        out.assumptions.push(format!(
            "Handled in {}: local business hours apply whichever access is chosen.",
            tables
                .languages
                .local
                .get(language.as_str())
                .map_or(language.as_str(), String::as_str)
        ));
    }
    if clock == Clock::AroundTheClock && language == Language::Other {
        out.assumptions.push(
            "The language is not one of the nine local languages: around-the-clock support is given in English, and translation may be available.".to_string(),
        );
    }

    // The target.
    out.target_hours = match q.plan {
        Some(plan) => row.target_hours.get(&plan).copied(),
        None => {
            let mut all: Vec<u32> = row.target_hours.values().copied().collect();
            all.dedup();
            match all.as_slice() {
                [same] => Some(*same),
                _ => None,
            }
        }
    };
    if out.target_hours.is_none() {
        out.missing_facts.push("plan");
    } else if q.plan.is_none() {
        out.assumptions.push(format!(
            "Severity {} has the same target on every plan.",
            severity.as_str()
        ));
    }

    // The calendar (business hours only).
    let calendar = match clock {
        Clock::AroundTheClock => {
            out.clock_zone = Some("UTC".to_string());
            out.business_hours = Some("24x7".to_string());
            None
        }
        Clock::BusinessHours => match business_calendar(q, tables, &mut out)? {
            Some(cal) => {
                out.clock_zone = Some(cal.zone().name().to_string());
                out.business_hours = Some(cal.describe());
                Some(cal)
            }
            None => None,
        },
    };
    if clock == Clock::BusinessHours {
        if q.holidays.is_none() {
            out.assumptions.push(
                "No holidays given: supportkb ships no holiday calendar, so only weekends are skipped.".to_string(),
            );
        } else {
            out.assumptions
                .push("Holidays are the dates given, in the business-hours zone.".to_string());
        }
    }

    // The deadline.
    let Some(submitted) = q.submitted_at else {
        out.missing_facts.push("submitted_at");
        return Ok(out);
    };
    let Some(hours) = out.target_hours else {
        return Ok(out);
    };
    let target = Duration::hours(i64::from(hours));
    let show = |t: DateTime<Tz>| -> DateTime<FixedOffset> {
        match q.time_zone {
            Some(zone) => t.with_timezone(&zone).fixed_offset(),
            None => t.with_timezone(submitted.offset()),
        }
    };
    if q.time_zone.is_none() {
        out.assumptions.push(
            "No time zone given: times are shown in the submission's UTC offset.".to_string(),
        );
    }
    match (clock, calendar) {
        (Clock::AroundTheClock, _) => {
            let deadline = submitted + target;
            out.respond_by = Some(show(deadline.with_timezone(&Tz::UTC)));
            out.windows = vec![(
                show(submitted.with_timezone(&Tz::UTC)),
                show(deadline.with_timezone(&Tz::UTC)),
            )];
        }
        (Clock::BusinessHours, Some(cal)) => {
            let deadline = clock::add_business_time(&submitted, target, &cal)?;
            out.windows = clock::open_windows(&submitted, &deadline, &cal)?
                .into_iter()
                .map(|(a, b)| (show(a), show(b)))
                .collect();
            out.respond_by = Some(show(deadline));
        }
        (Clock::BusinessHours, None) => {}
    }
    Ok(out)
}

/// A region's hours in words ("Monday to Friday 06:00–18:00 America/Los_Angeles").
fn describe_hours(region: &Region) -> String {
    let day = |d: &Weekday| match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    };
    let days = match (region.hours.weekdays.first(), region.hours.weekdays.last()) {
        (Some(a), Some(b)) if a != b => format!("{} to {}", day(a), day(b)),
        (Some(a), _) => day(a).to_string(),
        _ => String::new(),
    };
    format!(
        "{days}, {}–{} ({} time)",
        region.hours.open.format("%H:%M"),
        region.hours.close.format("%H:%M"),
        region.zone.name()
    )
}

/// The rule that gives a region's hours (`None`: the default hours of most countries).
fn hours_rule(region: Option<&Region>) -> &'static str {
    match region.map(|r| r.id.as_str()) {
        Some("north_america") => rules::HOURS_NORTH_AMERICA,
        Some("japan") => rules::HOURS_JAPAN,
        _ => rules::HOURS_DEFAULT,
    }
}

/// The business calendar for the customer's region; `None` (with the missing facts noted) when the
/// country or zone is unknown.
fn business_calendar(
    q: &ResponseQuestion,
    tables: &ResponseTables,
    out: &mut ResponseOutcome,
) -> Result<Option<BusinessCalendar>, ResponseTimeError> {
    let Some(choice) = tables.hours_region(q.hours_region.as_deref(), q.country.as_deref()) else {
        out.missing_facts.push("country");
        return Ok(None);
    };
    let (zone, hours, rule) = match choice.region {
        Some(region) => (region.zone, &region.hours, hours_rule(Some(region))),
        None => match q.time_zone {
            Some(zone) => (zone, &tables.default_hours, rules::HOURS_DEFAULT),
            None => {
                out.missing_facts.push("time_zone");
                return Ok(None);
            }
        },
    };
    out.rules.push(rule);
    let cal = BusinessCalendar::new(zone, hours.open, hours.close)?
        .with_weekdays(&hours.weekdays)?
        .with_holidays(q.holidays.iter().flatten().copied());
    Ok(Some(cal))
}

// ---- the policy, inside the framework --------------------------------------------------------------

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

const ACCESS_VALUES: [Access; 2] = [Access::TwentyFourSeven, Access::BusinessHours];

/// The rules: id, what it says, `doc#anchor`, and the sentence of our corpus it rests on (verbatim).
const RULES: [(&str, &str, &str, &str); 13] = [
    (
        rules::INITIAL_RESPONSE,
        "The deadline is for the first contact: a Microsoft Support engineer reaches out and starts work; its length depends on the plan and the severity.",
        "severity-and-response.md#initial-response-time",
        "How long the initial response may take depends on your support plan and on the severity, that is, the business impact of the request.",
    ),
    (
        rules::TABLE_ACCESS,
        "Targets by plan and severity: A under 1 hour on every plan; B under 4 hours on Standard and 2 on ProDirect and Unified enterprise; C under 8 and 4 hours. 24x7 handling of A and B is an English-language service.",
        "severity-and-response.md#response-times-by-plan",
        "Around-the-clock (24x7) handling of Severity A and B requests is provided in English.",
    ),
    (
        rules::SEVERITY_A,
        "Severity A: an initial response in under one hour on every plan, with 24x7 access.",
        "severity-and-response.md#severity-a",
        "A Severity A request gets an initial response in less than one hour on every plan (Standard, ProDirect and Unified enterprise), with 24x7 access.",
    ),
    (
        rules::SEVERITY_B,
        "Severity B: an initial response in under four hours on Standard and under two hours on ProDirect and Unified enterprise; business-hours access, 24x7 on request.",
        "severity-and-response.md#severity-b",
        "A Severity B request gets an initial response in less than four hours on Standard and in less than two hours on ProDirect and Unified enterprise, with business-hours access, and 24x7 access is available.",
    ),
    (
        rules::SEVERITY_B_24X7,
        "Severity B with 24x7 chosen: the clock runs around the clock, and the customer commits to continuous 24x7 work.",
        "severity-and-response.md#severity-b",
        "If you choose 24x7 support for a Severity B request, you commit to continuous 24x7 work, every day, with the Microsoft team until the issue is resolved; otherwise Microsoft may at its discretion lower the severity to C.",
    ),
    (
        rules::SEVERITY_B_BUSINESS_HOURS,
        "Severity B with business hours chosen: Microsoft contacts the customer during business hours only, so only business hours count.",
        "severity-and-response.md#severity-b",
        "If you choose business-hours support for a Severity B request, Microsoft contacts you during business hours only.",
    ),
    (
        rules::SEVERITY_C,
        "Severity C: an initial response in under eight hours on Standard and under four hours on ProDirect and Unified enterprise, in business hours only.",
        "severity-and-response.md#severity-c",
        "A Severity C request gets an initial response in less than eight hours on Standard and in less than four hours on ProDirect and Unified enterprise, with business-hours access only.",
    ),
    (
        rules::ENGLISH_24X7,
        "Around-the-clock support for Severity A and B is given in English.",
        "severity-and-response.md#languages-and-24x7",
        "24x7 support for Severity A and B requests is provided in English.",
    ),
    (
        rules::LOCAL_LANGUAGE_HOURS,
        "In the other local languages, and for Severity C, support runs during local business hours.",
        "severity-and-response.md#languages-and-24x7",
        "For other languages and for other severities, support in the local language is provided during local business hours.",
    ),
    (
        rules::TRANSLATION,
        "A language outside the nine is served in English; translation may be available outside business hours.",
        "severity-and-response.md#languages-and-24x7",
        "Outside business hours, translation services may be available for other languages.",
    ),
    (
        rules::HOURS_DEFAULT,
        "Business hours outside North America and Japan: 09:00–17:00 on weekdays in the customer's time zone, without weekends and holidays.",
        "severity-and-response.md#business-hours",
        "Business hours in most countries are weekdays from 9:00 AM to 5:00 PM, not counting weekends and holidays.",
    ),
    (
        rules::HOURS_NORTH_AMERICA,
        "Business hours in North America: Monday to Friday 06:00–18:00 Pacific time, without holidays.",
        "severity-and-response.md#business-hours",
        "North American business hours are Monday to Friday from 6:00 AM to 6:00 PM Pacific time, not counting holidays.",
    ),
    (
        rules::HOURS_JAPAN,
        "Business hours in Japan: weekdays 09:00–17:30 Japan time.",
        "severity-and-response.md#business-hours",
        "Business hours in Japan are weekdays from 9:00 AM to 5:30 PM.",
    ),
];

/// The readings: id, what it is about, the reading (worded for the case in answers), `doc#anchor`.
const READINGS: [(&str, &str, &str, &str); 2] = [
    (
        readings::B_DEFAULT_ACCESS,
        "Severity B access when none was chosen",
        "The policy lists Severity B with business-hours access and 24x7 access available, so supportkb takes business hours when no access was chosen; choosing 24x7 makes the clock run around the clock.",
        "severity-and-response.md#severity-b",
    ),
    (
        readings::REGION_OF_COUNTRY,
        "Which business hours apply to the customer's country",
        "The policy gives North America and Japan their own business hours but does not list the countries of North America; supportkb's table places some countries by its own reading. Choose a business-hours region to override it.",
        "severity-and-response.md#business-hours",
    ),
];

/// The `response_time` policy bound into the framework: its description (built here from the tables)
/// and its logic ([`choose_clock`] decides the verdict, [`evaluate`] computes the deadline).
pub struct ResponseTimePolicy {
    spec: PolicySpec,
    tables: &'static ResponseTables,
    /// `language` enumeration values, parsed, indexed like the fact's values.
    languages: Vec<Language>,
}

impl std::fmt::Debug for ResponseTimePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseTimePolicy").finish_non_exhaustive()
    }
}

fn table_to_spec_error(e: &TableError) -> SpecError {
    match e {
        TableError::Parse { file, message } => SpecError::new(file, "(file)", message.clone()),
        TableError::Invalid { file, key, message } => {
            SpecError::new(file, key.clone(), message.clone())
        }
    }
}

/// Builds the policy for the registry; `examples` are the worked examples of `examples.toml`, if any,
/// added to the ones in [`RESPONSE_TIMES_FILE`].
pub fn build(examples: &mut BTreeMap<String, Vec<Example>>) -> Result<Box<dyn Policy>, SpecError> {
    let tables = ResponseTables::embedded().map_err(|e| table_to_spec_error(&e))?;
    let mut policy = ResponseTimePolicy::new(tables)?;
    policy
        .spec
        .examples
        .extend(examples.remove(POLICY_ID).unwrap_or_default());
    Ok(Box::new(policy))
}

impl ResponseTimePolicy {
    /// The policy over `tables`.
    pub fn new(tables: &'static ResponseTables) -> Result<Self, SpecError> {
        let language_values = tables.language_values();
        let languages = language_values
            .iter()
            .map(|v| tables.parse_language(v))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SpecError::new(RESPONSE_TIMES_FILE, "languages.local", e.to_string()))?;
        // An enumeration as its type and the labels of its values, in one list of (value, label).
        let labelled = |pairs: Vec<(String, String)>| -> (FactType, Vec<String>) {
            let (values, labels) = pairs.into_iter().unzip();
            (FactType::Enum(values), labels)
        };
        let plain = |ty: FactType| (ty, Vec::new());
        let fact = |name: &str,
                    label: &str,
                    (ty, value_labels): (FactType, Vec<String>),
                    help: &str,
                    default: Option<&str>| FactSpec {
            name: name.to_string(),
            label: label.to_string(),
            ty,
            value_labels,
            help: help.to_string(),
            default: default.map(|d| FactDefault::Value(d.to_string())),
        };
        let plan_values = labelled(
            Plan::ALL
                .iter()
                .map(|p| {
                    let name = tables
                        .plans
                        .get(p)
                        .cloned()
                        .unwrap_or_else(|| p.as_str().to_string());
                    (p.as_str().to_string(), name)
                })
                .collect(),
        );
        let severity_values = labelled(
            Severity::ALL
                .iter()
                .map(|s| {
                    let row = tables.severity(*s);
                    (
                        s.as_str().to_string(),
                        format!("Severity {} ({})", s.as_str(), row.name.to_lowercase()),
                    )
                })
                .collect(),
        );
        let region_values = labelled(
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
        );
        let language_labels = labelled(
            language_values
                .iter()
                .map(|code| {
                    let label = tables
                        .languages
                        .local
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| "Another language".to_string());
                    (code.clone(), label)
                })
                .collect(),
        );
        let access_values = labelled(vec![
            ("24x7".to_string(), "24x7".to_string()),
            ("business_hours".to_string(), "Business hours".to_string()),
        ]);
        let facts = vec![
            fact(
                "plan",
                "Support plan",
                plan_values,
                "The support plan: Standard, Professional Direct (ProDirect) or Unified enterprise.",
                None,
            ),
            fact(
                "severity",
                "Severity",
                severity_values,
                "The severity chosen for the request: A (critical business impact), B (moderate) or C (minimum).",
                None,
            ),
            fact(
                "submitted_at",
                "Submitted at",
                plain(FactType::DateTime),
                "When the request was submitted: a date and time with its offset from UTC (2026-11-20T16:00:00+01:00).",
                None,
            ),
            fact(
                "country",
                "Country",
                plain(FactType::Country),
                "The customer's country (a two-letter code such as DE). It decides whose business hours apply unless a business-hours region is chosen: the United States and Canada use North American hours (Pacific time), Japan Japanese hours, most countries 09:00–17:00 in the customer's time zone; other countries of North America are placed by supportkb's reading, which the answer names.",
                None,
            ),
            fact(
                "hours_region",
                "Business-hours region",
                region_values,
                "Whose business hours apply: North America (06:00–18:00 Pacific time), Japan (09:00–17:30) or most countries (09:00–17:00 in the customer's time zone). Leave it unknown to derive it from the country.",
                None,
            ),
            fact(
                "time_zone",
                "Time zone",
                plain(FactType::TimeZone),
                "The customer's time zone (such as Europe/Berlin): business hours outside North America and Japan run in it, and the deadline is shown in it.",
                None,
            ),
            fact(
                "access",
                "Access",
                access_values,
                "The access chosen when submitting: 24x7 or business hours. Only Severity B offers the choice, and business hours is its default; A is always 24x7 and C always business hours.",
                None,
            ),
            fact(
                "language",
                "Language",
                language_labels,
                "The language the request is handled in: one of the nine local languages, or another language. Around-the-clock support is in English.",
                Some("en"),
            ),
            fact(
                "holidays",
                "Holidays",
                plain(FactType::ListOfDates),
                "Dates (in the business-hours zone) on which no business time counts. supportkb ships no holiday calendar: without this list only weekends are skipped.",
                None,
            ),
        ];
        let verdict =
            |id: &str, label: &str, description: &str, summary: &str, rests_on: &[&str]| {
                VerdictSpec {
                    id: id.to_string(),
                    label: label.to_string(),
                    tone: crate::policy::model::Tone::Informational,
                    description: description.to_string(),
                    summary: summary.to_string(),
                    rests_on: rests_on.iter().map(|r| (*r).to_string()).collect(),
                }
            };
        let mut verdicts = vec![
            verdict(
                Clock::AroundTheClock.as_str(),
                "Around the clock",
                "Every hour counts toward the initial response target: 24x7 access, handled in English.",
                "The initial response clock runs around the clock.",
                &[rules::SEVERITY_A, rules::SEVERITY_B_24X7, rules::ENGLISH_24X7],
            ),
            verdict(
                Clock::BusinessHours.as_str(),
                "Business hours only",
                "Only business hours of the customer's region count toward the initial response target.",
                "The initial response clock runs during business hours only.",
                &[rules::SEVERITY_B_BUSINESS_HOURS, rules::SEVERITY_C, rules::LOCAL_LANGUAGE_HOURS],
            ),
        ];
        crate::policy::spec::add_framework_verdicts(&mut verdicts);
        if let Some(v) = verdicts.iter_mut().find(|v| v.id == NEED_MORE_FACTS) {
            v.description =
                "The facts given do not decide which clock runs; the missing facts are listed."
                    .to_string();
            v.summary = "More facts are needed to say which clock runs.".to_string();
        }
        let interpretations = READINGS
            .iter()
            .map(|(id, about, reading, cites)| {
                let (doc, anchor) = cites.split_once('#').unwrap_or((cites, ""));
                InterpretationSpec {
                    id: (*id).to_string(),
                    about: (*about).to_string(),
                    reading: (*reading).to_string(),
                    cites: Cite {
                        doc: doc.to_string(),
                        anchor: anchor.to_string(),
                    },
                }
            })
            .collect();
        let rules = RULES
            .iter()
            .map(|(id, says, cites, quote)| {
                let (doc, anchor) = cites.split_once('#').unwrap_or((cites, ""));
                RuleSpec {
                    id: (*id).to_string(),
                    says: (*says).to_string(),
                    cites: Cite {
                        doc: doc.to_string(),
                        anchor: anchor.to_string(),
                    },
                    quote: (*quote).to_string(),
                    policy_version: tables.policy_version.clone(),
                }
            })
            .collect();
        let spec = PolicySpec {
            id: POLICY_ID.to_string(),
            title: "When must Microsoft first respond to my support request?".to_string(),
            description: "The initial response deadline of a support request: the target for the plan and severity, whether it counts every hour or only business hours (severity, the access chosen for Severity B, and the language), and the business hours of the customer's region (North America 06:00–18:00 Pacific, Japan 09:00–17:30, elsewhere 09:00–17:00 local), skipping weekends and the holidays given. Also lists what the customer commits to for that severity.".to_string(),
            facts,
            verdicts,
            rules,
            interpretations,
            notes: vec![
                crate::policy::model::NoteSpec {
                    detail: "customer_obligations".to_string(),
                    label: "What you commit to with this severity".to_string(),
                    format: "{}".to_string(),
                },
                crate::policy::model::NoteSpec {
                    detail: "assumptions".to_string(),
                    label: "Assumed in this answer".to_string(),
                    format: "{}".to_string(),
                },
            ],
            conflicts: Vec::new(),
            examples: tables.examples.clone(),
            policy_version: tables.policy_version.clone(),
        };
        Ok(ResponseTimePolicy {
            spec,
            tables,
            languages,
        })
    }

    fn language(&self, facts: &Facts<'_>) -> Language {
        match facts.get(F_LANGUAGE) {
            Some(Value::Enum(i)) => self.languages.get(*i).cloned().unwrap_or(Language::Other),
            _ => Language::Local(self.tables.languages.around_the_clock.clone()),
        }
    }

    fn severity(facts: &Facts<'_>) -> Option<Severity> {
        match facts.get(F_SEVERITY) {
            Some(Value::Enum(i)) => Severity::ALL.get(*i).copied(),
            _ => None,
        }
    }

    fn access(facts: &Facts<'_>) -> Option<Access> {
        match facts.get(F_ACCESS) {
            Some(Value::Enum(i)) => ACCESS_VALUES.get(*i).copied(),
            _ => None,
        }
    }

    fn hours_region<'a>(facts: &Facts<'a>) -> Option<&'a str> {
        facts.enum_str(F_HOURS_REGION)
    }

    /// The typed question of a set of facts.
    pub fn question(&self, facts: &Facts<'_>) -> ResponseQuestion {
        ResponseQuestion {
            plan: match facts.get(F_PLAN) {
                Some(Value::Enum(i)) => Plan::ALL.get(*i).copied(),
                _ => None,
            },
            severity: Self::severity(facts),
            submitted_at: match facts.get(F_SUBMITTED_AT) {
                Some(Value::DateTime(t)) => Some(*t),
                _ => None,
            },
            country: match facts.get(F_COUNTRY) {
                Some(Value::Country(c)) => Some(c.clone()),
                _ => None,
            },
            time_zone: match facts.get(F_TIME_ZONE) {
                Some(Value::Zone(z)) => Some(*z),
                _ => None,
            },
            access: Self::access(facts),
            hours_region: Self::hours_region(facts).map(str::to_string),
            language: Some(self.language(facts)),
            holidays: match facts.get(F_HOLIDAYS) {
                Some(Value::Dates(d)) => Some(d.iter().copied().collect()),
                _ => None,
            },
        }
    }
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

/// The `details` object of an answer.
pub fn details_json(out: &ResponseOutcome) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::{json, Value as J};
    let mut d = serde_json::Map::new();
    d.insert(
        "target_hours".into(),
        out.target_hours.map_or(J::Null, |h| json!(h)),
    );
    d.insert(
        "respond_by".into(),
        out.respond_by
            .map_or(J::Null, |t| J::String(t.to_rfc3339())),
    );
    d.insert(
        "clock_zone".into(),
        out.clock_zone.clone().map_or(J::Null, J::String),
    );
    d.insert(
        "business_hours".into(),
        out.business_hours.clone().map_or(J::Null, J::String),
    );
    d.insert(
        "windows".into(),
        J::Array(
            out.windows
                .iter()
                .map(|(a, b)| json!({"start": a.to_rfc3339(), "end": b.to_rfc3339()}))
                .collect(),
        ),
    );
    d.insert(
        "customer_obligations".into(),
        json!(out.customer_obligations),
    );
    d.insert("assumptions".into(), json!(out.assumptions));
    let needs: Vec<&str> = if out.clock.is_some() {
        out.missing_facts.clone()
    } else {
        Vec::new()
    };
    d.insert("deadline_needs".into(), json!(needs));
    d
}

impl Policy for ResponseTimePolicy {
    fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    fn decide(&self, facts: &Facts<'_>, trace: &mut Trace) -> Option<&'static str> {
        let language = self.language(facts);
        let clock = choose_clock(
            Self::severity(facts),
            Self::access(facts),
            &language,
            self.tables,
            &mut |r| trace.fire(r),
        );
        let choice = clock?;
        if choice.access_defaulted {
            trace.interpret(readings::B_DEFAULT_ACCESS);
        }
        if choice.clock == Clock::BusinessHours {
            let country = match facts.get(F_COUNTRY) {
                Some(Value::Country(c)) => Some(c.as_str()),
                _ => None,
            };
            if let Some(hours) = self.tables.hours_region(Self::hours_region(facts), country) {
                trace.fire(hours_rule(hours.region));
                if let (Some((code, name)), Some(region)) = (&hours.read_as, hours.region) {
                    trace.interpret_says(readings::REGION_OF_COUNTRY, || {
                        format!(
                            "The policy gives {} its own business hours but does not say which countries it includes. supportkb counts {name} ({code}) as {}, so its hours apply: {}. If the customer is served on other hours, choose another business-hours region (Other: 09:00–17:00 in the customer's time zone).",
                            region.name,
                            region.name,
                            describe_hours(region),
                        )
                    });
                }
            }
        }
        Some(choice.clock.as_str())
    }

    fn answer(&self, facts: &mut Facts<'_>) -> Result<Answer, PolicyError> {
        let outcome = evaluate(&self.question(facts), self.tables).map_err(to_policy_error)?;
        let mut answer = answer_generic(self, facts)?;
        answer.details = details_json(&outcome);
        answer.notes = crate::policy::framework::notes(&self.spec, &answer.details);
        if let (Some(clock), Some(by), Some(hours)) =
            (outcome.clock, outcome.respond_by, outcome.target_hours)
        {
            let when = crate::text::instant_words(&by);
            let unit = if hours == 1 { "hour" } else { "hours" };
            answer.summary = match clock {
                Clock::AroundTheClock => format!(
                    "Microsoft's first response is due by {when}: {hours} {unit} around the clock from submission."
                ),
                Clock::BusinessHours => format!(
                    "Microsoft's first response is due by {when}: {hours} business {unit}, counted in {}.",
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
                crate::policy::framework::labels(&self.spec, &needs).join(", ")
            );
        }
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_are_valid() {
        let t = ResponseTables::embedded().unwrap();
        assert_eq!(t.severity(Severity::B).target_hours[&Plan::Standard], 4);
        assert_eq!(
            t.region_of("US").unwrap().zone,
            chrono_tz::America::Los_Angeles
        );
        assert!(t.region_of("DE").is_none());
        // Mexico is North America by supportkb's reading, not by the text.
        let mx = t.hours_region(None, Some("MX")).unwrap();
        assert_eq!(mx.region.unwrap().id, "north_america");
        assert_eq!(mx.read_as.unwrap().1, "Mexico");
        assert!(t.hours_region(None, Some("US")).unwrap().read_as.is_none());
    }

    #[test]
    fn berlin_standard_c_friday_afternoon() {
        let t = ResponseTables::embedded().unwrap();
        let q = ResponseQuestion {
            plan: Some(Plan::Standard),
            severity: Some(Severity::C),
            submitted_at: Some(parse_submitted_at("2026-11-20T16:00:00+01:00").unwrap()),
            country: Some("DE".into()),
            time_zone: Some(chrono_tz::Europe::Berlin),
            ..Default::default()
        };
        let out = evaluate(&q, t).unwrap();
        assert_eq!(out.clock, Some(Clock::BusinessHours));
        assert_eq!(out.target_hours, Some(8));
        assert_eq!(
            out.respond_by.unwrap().to_rfc3339(),
            "2026-11-23T16:00:00+01:00"
        );
        assert_eq!(out.windows.len(), 2);
        assert_eq!(
            out.business_hours.as_deref(),
            Some("09:00–17:00 Europe/Berlin, Mon–Fri")
        );
        assert!(out.missing_facts.is_empty());
    }
}
