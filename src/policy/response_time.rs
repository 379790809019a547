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

/// Path of the response-times table inside `docs-corpus/`.
pub const RESPONSE_TIMES_FILE: &str = "policy/response-times.toml";
/// Path of the business-hours table inside `docs-corpus/`.
pub const BUSINESS_HOURS_FILE: &str = "policy/business-hours.toml";

const RESPONSE_TIMES_TOML: &str = include_str!("../../docs-corpus/policy/response-times.toml");
const BUSINESS_HOURS_TOML: &str = include_str!("../../docs-corpus/policy/business-hours.toml");

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
    /// ISO 3166-1 alpha-2 codes of the member countries.
    pub countries: BTreeSet<String>,
    /// The zone its hours are in.
    pub zone: Tz,
    /// Its hours.
    pub hours: Hours,
}

/// The validated tables of the `response_time` policy.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

// ---- raw table shapes ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponseTimes {
    policy_version: String,
    plans: BTreeMap<String, RawPlan>,
    severities: BTreeMap<String, RawSeverity>,
    languages: RawLanguages,
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
            let hours = h.hours(&at, &r.open, &r.close, &r.weekdays)?;
            regions.push(Region {
                id: r.id.clone(),
                name: r.name.clone(),
                countries,
                zone,
                hours,
            });
        }

        Ok(ResponseTables {
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
        TABLES
            .get_or_init(|| ResponseTables::parse(RESPONSE_TIMES_TOML, BUSINESS_HOURS_TOML))
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

    /// The region a country belongs to, if any.
    pub fn region_of(&self, country: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.countries.contains(country))
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

/// ISO 3166-1 alpha-2 codes officially assigned (249 countries and territories).
const ISO_3166_ALPHA2: &str = "\
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case).
pub fn is_iso_country(code: &str) -> bool {
    code.len() == 2 && ISO_3166_ALPHA2.split(' ').any(|c| c == code)
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

/// The clock decision alone: which clock runs for this severity, access and language (`None` when the
/// severity, or Severity B's access choice, is unknown and the language does not decide it). Cheap and
/// allocation-free: the policy framework calls it many times per answer. `fire` receives the ids of the
/// rules the decision rests on, in order.
pub fn choose_clock(
    severity: Option<Severity>,
    access: Option<Access>,
    language: &Language,
    tables: &ResponseTables,
    fire: &mut dyn FnMut(&'static str),
) -> Result<Option<Clock>, ResponseTimeError> {
    let Some(severity) = severity else {
        return Ok(None);
    };
    let row = tables.severity(severity);
    fire(rules::INITIAL_RESPONSE);
    fire(rules::TABLE_ACCESS);
    fire(match severity {
        Severity::A => rules::SEVERITY_A,
        Severity::B => rules::SEVERITY_B,
        Severity::C => rules::SEVERITY_C,
    });
    let access = checked_access(severity, row.access, access)?;
    let local_non_english =
        matches!(language, Language::Local(_)) && !language.is_around_the_clock(tables);
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
        None => return Ok(None),
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
    Ok(Some(clock))
}

/// The access a severity gives, checked against the one the customer chose.
fn checked_access(
    severity: Severity,
    offered: SeverityAccess,
    chosen: Option<Access>,
) -> Result<Option<Access>, ResponseTimeError> {
    match (offered, chosen) {
        (SeverityAccess::AroundTheClock, Some(Access::BusinessHours)) => Err(invalid(
            "access",
            format!(
                "Severity {} always has 24x7 access; business_hours is a choice only Severity B offers",
                severity.as_str()
            ),
        )),
        (SeverityAccess::BusinessHours, Some(Access::TwentyFourSeven)) => Err(invalid(
            "access",
            format!(
                "Severity {} has business-hours access only; 24x7 is available for Severity A and B",
                severity.as_str()
            ),
        )),
        (SeverityAccess::AroundTheClock, _) => Ok(Some(Access::TwentyFourSeven)),
        (SeverityAccess::BusinessHours, _) => Ok(Some(Access::BusinessHours)),
        (SeverityAccess::BusinessHoursOr24x7, chosen) => Ok(chosen),
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
    })?;
    out.rules = fired;
    let Some(clock) = decided else {
        out.missing_facts.push("access");
        return Ok(out);
    };
    out.clock = Some(clock);
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

/// The business calendar for the customer's region; `None` (with the missing facts noted) when the
/// country or zone is unknown.
fn business_calendar(
    q: &ResponseQuestion,
    tables: &ResponseTables,
    out: &mut ResponseOutcome,
) -> Result<Option<BusinessCalendar>, ResponseTimeError> {
    let Some(country) = q.country.as_deref() else {
        out.missing_facts.push("country");
        return Ok(None);
    };
    let (zone, hours, rule) = match tables.region_of(country) {
        Some(region) => {
            let rule = match region.id.as_str() {
                "north_america" => rules::HOURS_NORTH_AMERICA,
                "japan" => rules::HOURS_JAPAN,
                _ => rules::HOURS_DEFAULT,
            };
            (region.zone, &region.hours, rule)
        }
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
        assert!(t.region_of("MX").is_none());
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

    #[test]
    fn iso_list_has_every_assigned_code_once() {
        let codes: Vec<&str> = ISO_3166_ALPHA2.split(' ').collect();
        let unique: BTreeSet<&str> = codes.iter().copied().collect();
        assert_eq!(codes.len(), 249);
        assert_eq!(unique.len(), 249);
        assert!(codes
            .iter()
            .all(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase())));
    }
}
