//! The tables of the `response_time` policy, one set per edition: `response-times.toml` (plans,
//! severities with their targets, access hours and the rules that state them, customer obligations,
//! languages) and `business-hours.toml` (business hours by region, each naming the rule that states
//! it). Parsed raw, then validated into [`ResponseTables`]; a bad table is a [`TableError`] naming the
//! file and the key. Nothing in Rust names a plan, a severity, a region or a rule: they are all here.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;

use super::super::clock::BusinessCalendar;
use super::super::country_codes::{country_index, is_iso_country, COUNTRY_INDICES};
use super::super::model::Example;

/// Path of the response-times table inside an edition's folder.
pub const RESPONSE_TIMES_FILE: &str = "policy/response-times.toml";
/// Path of the business-hours table inside an edition's folder.
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

/// Which access hours a table cell offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityAccess {
    /// Always around the clock (`24x7`).
    AroundTheClock,
    /// Business hours only (`business_hours`).
    BusinessHours,
    /// Business hours, 24x7 available on request (`business_hours_or_24x7`).
    BusinessHoursOr24x7,
}

impl SeverityAccess {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "24x7" => SeverityAccess::AroundTheClock,
            "business_hours" => SeverityAccess::BusinessHours,
            "business_hours_or_24x7" => SeverityAccess::BusinessHoursOr24x7,
            _ => return None,
        })
    }
}

/// A support plan of the edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Fact value (`standard`, `premier`).
    pub id: String,
    /// Display name.
    pub name: String,
}

/// The target and access of one plan × severity cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The "less than N" of the policy, in minutes.
    pub minutes: u32,
    /// The access hours the cell offers.
    pub access: SeverityAccess,
}

/// One severity's row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeverityRow {
    /// Fact value (`A`, `critical`).
    pub id: String,
    /// What people call it ("Severity A", "Critical").
    pub title: String,
    /// Short description ("Critical business impact").
    pub name: String,
    /// The `doc#anchor` the row rests on.
    pub cites: String,
    /// The rule stating the row.
    pub rule: String,
    /// The rule applied when the customer chose 24x7 (cells offering the choice).
    pub rule_24x7: Option<String>,
    /// The rule applied when the customer chose (or defaulted to) business hours (cells offering the
    /// choice).
    pub rule_business_hours: Option<String>,
    /// Target and access per plan id; a plan without a cell does not offer the severity.
    pub targets: BTreeMap<String, Target>,
    /// The same cells by plan position in [`ResponseTables::plans`] (the index of the `plan` fact's
    /// value), for lookups per answer without comparing ids.
    pub cells: Vec<Option<Target>>,
    /// What the customer takes on by choosing this severity (empty when the edition lists nothing).
    pub customer_obligations: Vec<String>,
}

impl SeverityRow {
    /// The cell of `plan` (`None`: the plan does not offer this severity).
    pub fn target(&self, plan: &str) -> Option<&Target> {
        self.targets.get(plan)
    }

    /// The cell of the plan at position `plan` of [`ResponseTables::plans`].
    pub fn target_at(&self, plan: usize) -> Option<&Target> {
        self.cells.get(plan)?.as_ref()
    }

    /// The access of the row when every plan's cell agrees, else `None` (the plan decides).
    pub fn common_access(&self) -> Option<SeverityAccess> {
        let mut cells = self.targets.values().map(|t| t.access);
        let first = cells.next()?;
        cells.all(|a| a == first).then_some(first)
    }

    /// Whether some plan's cell offers the 24x7 / business hours choice.
    pub fn offers_choice(&self) -> bool {
        self.targets
            .values()
            .any(|t| t.access == SeverityAccess::BusinessHoursOr24x7)
    }
}

/// The language rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    /// `doc#anchor` of the language rules.
    pub cites: String,
    /// The language of around-the-clock handling.
    pub around_the_clock: String,
    /// Other languages also handled around the clock, for customers in the listed countries only
    /// (2021: Japanese in Japan).
    pub around_the_clock_in: BTreeMap<String, BTreeSet<String>>,
    /// Severities that get around-the-clock handling in that language.
    pub around_the_clock_severities: BTreeSet<String>,
    /// The local languages: code → English name.
    pub local: BTreeMap<String, String>,
    /// The label of a language outside the list (`other`).
    pub other_label: String,
    /// Rule: around-the-clock handling is in the around-the-clock language.
    pub rule_around_the_clock: String,
    /// Rule: other languages (and business-hours severities) run on local business hours.
    pub rule_local_hours: String,
    /// Rule: translation may be available for other languages.
    pub rule_translation: String,
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
    /// How the policy names the zone, when it differs from the IANA name (`GMT+8`).
    pub zone_label: Option<String>,
    /// Its hours.
    pub hours: Hours,
    /// The rule stating its hours.
    pub rule: String,
    /// Its hours as answers name them (`details.business_hours` without holidays), worded once at
    /// load (see [`calendar_words`]).
    pub hours_words: String,
}

/// The `hours_region` value of the default hours ("most countries").
pub const OTHER_REGION: &str = "other";

/// Whose business hours apply to a question (see [`ResponseTables::hours_region`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursRegion<'t> {
    /// The region with its own hours; `None` for the default hours in the customer's zone.
    pub region: Option<&'t Region>,
    /// Set when the region was derived from a country the text does not place in it: (code, name).
    pub read_as: Option<(&'t str, &'t str)>,
}

/// The rules and readings that do not belong to one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneralRules {
    /// Rule: what the initial response is.
    pub initial_response: String,
    /// Rule: the plan × severity table.
    pub table: String,
    /// Reading: a severity offering the choice, with no access chosen, runs on business hours.
    pub default_access: String,
    /// Reading: a country placed in a region by supportkb's table.
    pub region_of_country: String,
}

/// The validated tables of the `response_time` policy of one edition.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTables {
    /// Policy version both files belong to (`2025-07-31`).
    pub policy_version: String,
    /// The rules and readings not tied to a row.
    pub general: GeneralRules,
    /// The plans, in table order.
    pub plans: Vec<PlanRow>,
    /// The severities, highest first.
    pub severities: Vec<SeverityRow>,
    /// Language rules.
    pub languages: Languages,
    /// `doc#anchor` of the business-hours table.
    pub business_hours_cites: String,
    /// Hours for countries outside every region, in the customer's zone.
    pub default_hours: Hours,
    /// The default hours as answers name them, before and after the customer's zone in words
    /// (`"09:00–17:00 "`, `", Mon–Fri"`; see [`ResponseTables::default_hours_words`]).
    default_words: (String, String),
    /// Name of the default region ("Most countries").
    pub default_name: String,
    /// The rule stating the default hours.
    pub default_rule: String,
    /// The regions with their own hours.
    pub regions: Vec<Region>,
    /// Index in `regions` by country (its `countries` and `read_as`), at the code's
    /// [`country_index`], for lookups per answer.
    country_region: Vec<Option<usize>>,
    /// Worked examples of the policy (the desktop "Learn" tab runs them).
    pub examples: Vec<Example>,
}

// ---- raw table shapes ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponseTimes {
    policy_version: String,
    rules: RawGeneral,
    plans: Vec<RawPlan>,
    severities: Vec<RawSeverity>,
    languages: RawLanguages,
    #[serde(default)]
    examples: Vec<RawExample>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeneral {
    initial_response: String,
    table: String,
    default_access_reading: String,
    region_of_country_reading: String,
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
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeverity {
    id: String,
    title: String,
    name: String,
    cites: String,
    rule: String,
    #[serde(default)]
    rule_24x7: Option<String>,
    #[serde(default)]
    rule_business_hours: Option<String>,
    access: String,
    #[serde(default)]
    access_by_plan: BTreeMap<String, String>,
    target_hours: BTreeMap<String, toml::Value>,
    customer_obligations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguages {
    cites: String,
    around_the_clock: String,
    #[serde(default)]
    around_the_clock_in: BTreeMap<String, Vec<String>>,
    around_the_clock_severities: Vec<String>,
    other_label: String,
    rule_around_the_clock: String,
    rule_local_hours: String,
    rule_translation: String,
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
    rule: String,
    open: String,
    close: String,
    weekdays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: String,
    name: String,
    rule: String,
    countries: Vec<String>,
    #[serde(default)]
    read_as: BTreeMap<String, String>,
    zone: String,
    #[serde(default)]
    zone_label: Option<String>,
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

    fn rule(&self, key: &str, value: &str) -> Result<String, TableError> {
        match value.split_once('.') {
            Some(("response_time", name)) if !name.is_empty() => Ok(value.to_string()),
            _ => Err(self.err(key, format!("`{value}` is not a `response_time.name` id"))),
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

    /// A target in hours (an integer, or a fraction that is a whole number of minutes) as minutes.
    fn minutes(&self, key: &str, value: &toml::Value) -> Result<u32, TableError> {
        let hours = match value {
            toml::Value::Integer(i) => *i as f64,
            toml::Value::Float(f) => *f,
            other => return Err(self.err(key, format!("{other} is not a number of hours"))),
        };
        let minutes = hours * 60.0;
        if minutes.fract() != 0.0 || !(1.0..=168.0 * 60.0).contains(&minutes) {
            return Err(self.err(
                key,
                format!(
                    "{hours} is not a target between one minute and 168 hours in whole minutes"
                ),
            ));
        }
        Ok(minutes as u32)
    }

    fn access(&self, key: &str, value: &str) -> Result<SeverityAccess, TableError> {
        SeverityAccess::parse(value).ok_or_else(|| {
            self.err(
                key,
                format!(
                    "unknown access `{value}`; expected 24x7, business_hours or business_hours_or_24x7"
                ),
            )
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
    /// Parses and validates the two table files of one edition (their text; `response_times` is
    /// [`RESPONSE_TIMES_FILE`], `business_hours` is [`BUSINESS_HOURS_FILE`]).
    pub fn parse(response_times: &str, business_hours: &str) -> Result<Self, TableError> {
        let raw: RawResponseTimes = parse_toml(RESPONSE_TIMES_FILE, response_times)?;
        let c = Checker {
            file: RESPONSE_TIMES_FILE,
        };
        let general = GeneralRules {
            initial_response: c.rule("rules.initial_response", &raw.rules.initial_response)?,
            table: c.rule("rules.table", &raw.rules.table)?,
            default_access: c.rule(
                "rules.default_access_reading",
                &raw.rules.default_access_reading,
            )?,
            region_of_country: c.rule(
                "rules.region_of_country_reading",
                &raw.rules.region_of_country_reading,
            )?,
        };

        let mut plans: Vec<PlanRow> = Vec::new();
        for (i, plan) in raw.plans.iter().enumerate() {
            let at = format!("plans[{i}]");
            if !is_value_id(&plan.id) {
                return Err(c.err(format!("{at}.id"), format!("`{}` is not an id", plan.id)));
            }
            if plans.iter().any(|p| p.id == plan.id) {
                return Err(c.err(format!("plans.{}", plan.id), "duplicate plan"));
            }
            if plan.name.trim().is_empty() {
                return Err(c.err(format!("plans.{}.name", plan.id), "must not be empty"));
            }
            plans.push(PlanRow {
                id: plan.id.clone(),
                name: plan.name.clone(),
            });
        }
        if plans.is_empty() {
            return Err(c.err("plans", "needs at least one plan"));
        }
        let known_plan = |key: &str, id: &str| -> Result<(), TableError> {
            if plans.iter().any(|p| p.id == id) {
                Ok(())
            } else {
                Err(c.err(key, format!("unknown plan `{id}`")))
            }
        };

        let mut severities: Vec<SeverityRow> = Vec::new();
        for row in &raw.severities {
            let at = format!("severities.{}", row.id);
            if !is_value_id(&row.id) || row.id == OTHER_REGION {
                return Err(c.err(&at, format!("`{}` is not a severity id", row.id)));
            }
            if severities.iter().any(|s| s.id == row.id) {
                return Err(c.err(&at, "duplicate severity"));
            }
            let access = c.access(&format!("{at}.access"), &row.access)?;
            let mut targets = BTreeMap::new();
            for (plan, hours) in &row.target_hours {
                let key = format!("{at}.target_hours.{plan}");
                known_plan(&key, plan)?;
                let minutes = c.minutes(&key, hours)?;
                targets.insert(plan.clone(), Target { minutes, access });
            }
            if targets.is_empty() {
                return Err(c.err(format!("{at}.target_hours"), "needs a target for some plan"));
            }
            for (plan, value) in &row.access_by_plan {
                let key = format!("{at}.access_by_plan.{plan}");
                let cell_access = c.access(&key, value)?;
                match targets.get_mut(plan) {
                    Some(t) => t.access = cell_access,
                    None => return Err(c.err(key, format!("no target for plan `{plan}`"))),
                }
            }
            let offers_choice = targets
                .values()
                .any(|t| t.access == SeverityAccess::BusinessHoursOr24x7);
            let rule_24x7 = match &row.rule_24x7 {
                Some(r) => Some(c.rule(&format!("{at}.rule_24x7"), r)?),
                None => None,
            };
            let rule_business_hours = match &row.rule_business_hours {
                Some(r) => Some(c.rule(&format!("{at}.rule_business_hours"), r)?),
                None => None,
            };
            if offers_choice != (rule_24x7.is_some() && rule_business_hours.is_some()) {
                return Err(c.err(
                    &at,
                    "rule_24x7 and rule_business_hours are needed exactly when a cell offers business_hours_or_24x7",
                ));
            }
            for (field, value) in [("title", &row.title), ("name", &row.name)] {
                if value.trim().is_empty() {
                    return Err(c.err(format!("{at}.{field}"), "must not be empty"));
                }
            }
            let cells = plans.iter().map(|p| targets.get(&p.id).copied()).collect();
            severities.push(SeverityRow {
                cells,
                id: row.id.clone(),
                title: row.title.clone(),
                name: row.name.clone(),
                cites: c.cites(&format!("{at}.cites"), &row.cites)?,
                rule: c.rule(&format!("{at}.rule"), &row.rule)?,
                rule_24x7,
                rule_business_hours,
                targets,
                customer_obligations: row.customer_obligations.clone(),
            });
        }
        if severities.is_empty() {
            return Err(c.err("severities", "needs at least one severity"));
        }
        for plan in &plans {
            if !severities.iter().any(|s| s.targets.contains_key(&plan.id)) {
                return Err(c.err(
                    format!("plans.{}", plan.id),
                    "no severity has a target for this plan",
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
        let mut around_the_clock_in = BTreeMap::new();
        for (code, countries) in &l.around_the_clock_in {
            let key = format!("languages.around_the_clock_in.{code}");
            if !l.local.contains_key(code) {
                return Err(c.err(&key, format!("`{code}` is not one of languages.local")));
            }
            if let Some(bad) = countries.iter().find(|c| !is_iso_country(c)) {
                return Err(c.err(&key, format!("`{bad}` is not an ISO 3166-1 alpha-2 code")));
            }
            around_the_clock_in.insert(code.clone(), countries.iter().cloned().collect());
        }
        let mut around_the_clock_severities = BTreeSet::new();
        for s in &l.around_the_clock_severities {
            if !severities.iter().any(|row| &row.id == s) {
                return Err(c.err(
                    "languages.around_the_clock_severities",
                    format!("unknown severity `{s}`"),
                ));
            }
            around_the_clock_severities.insert(s.clone());
        }
        let languages = Languages {
            cites: c.cites("languages.cites", &l.cites)?,
            around_the_clock: l.around_the_clock.clone(),
            around_the_clock_in,
            around_the_clock_severities,
            local: l.local.clone(),
            other_label: l.other_label.clone(),
            rule_around_the_clock: c
                .rule("languages.rule_around_the_clock", &l.rule_around_the_clock)?,
            rule_local_hours: c.rule("languages.rule_local_hours", &l.rule_local_hours)?,
            rule_translation: c.rule("languages.rule_translation", &l.rule_translation)?,
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
        // Worded once with a zone standing in for the customer's: the zone's name follows the
        // hours, so the wording is split there.
        let default_words = BusinessCalendar::new(Tz::UTC, default_hours.open, default_hours.close)
            .and_then(|cal| cal.with_weekdays(&default_hours.weekdays))
            .map(|cal| calendar_words(&cal, Some("\0")))
            .map_err(|e| h.err("default", e.to_string()))?;
        let default_words = match default_words.split_once('\0') {
            Some((before, after)) => (before.to_string(), after.to_string()),
            None => return Err(h.err("default", "the hours cannot be worded")),
        };
        let default_rule = h.rule("default.rule", &d.rule)?;
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
            let calendar = BusinessCalendar::new(zone, hours.open, hours.close)
                .and_then(|cal| cal.with_weekdays(&hours.weekdays))
                .map_err(|e| h.err(&at, e.to_string()))?;
            regions.push(Region {
                hours_words: calendar_words(&calendar, r.zone_label.as_deref()),
                id: r.id.clone(),
                name: r.name.clone(),
                countries,
                read_as: r.read_as.clone(),
                zone,
                zone_label: r.zone_label.clone(),
                hours,
                rule: h.rule(&format!("{at}.rule"), &r.rule)?,
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

        let mut country_region = vec![None; COUNTRY_INDICES];
        for (i, r) in regions.iter().enumerate() {
            for code in r.countries.iter().chain(r.read_as.keys()) {
                // Every code was checked by `is_iso_country`, so it has an index.
                if let Some(slot) = country_index(code).and_then(|k| country_region.get_mut(k)) {
                    *slot = Some(i);
                }
            }
        }
        Ok(ResponseTables {
            country_region,
            examples,
            policy_version: raw.policy_version,
            general,
            plans,
            severities,
            languages,
            business_hours_cites: h.cites("cites", &raw_hours.cites)?,
            default_hours,
            default_words,
            default_name: d.name.clone(),
            default_rule,
            regions,
        })
    }

    /// The row of severity `id`.
    pub fn severity(&self, id: &str) -> Option<&SeverityRow> {
        self.severities.iter().find(|s| s.id == id)
    }

    /// The plan `id`.
    pub fn plan(&self, id: &str) -> Option<&PlanRow> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// Every rule id the tables name, each once, in table order.
    pub fn rule_ids(&self) -> Vec<&str> {
        let g = &self.general;
        let l = &self.languages;
        let mut ids: Vec<&str> = vec![&g.initial_response, &g.table];
        for s in &self.severities {
            ids.push(&s.rule);
            ids.extend(s.rule_24x7.as_deref());
            ids.extend(s.rule_business_hours.as_deref());
        }
        ids.extend([
            l.rule_around_the_clock.as_str(),
            l.rule_local_hours.as_str(),
            l.rule_translation.as_str(),
            self.default_rule.as_str(),
        ]);
        ids.extend(self.regions.iter().map(|r| r.rule.as_str()));
        let mut seen = BTreeSet::new();
        ids.retain(|id| seen.insert(*id));
        ids
    }

    /// The reading ids the tables name.
    pub fn reading_ids(&self) -> Vec<&str> {
        vec![
            &self.general.default_access,
            &self.general.region_of_country,
        ]
    }

    /// The region a country belongs to, by the text or by supportkb's reading, if any.
    pub fn region_of(&self, country: &str) -> Option<&Region> {
        let i = (*self.country_region.get(country_index(country)?)?)?;
        self.regions.get(i)
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
        let given = given.map(|id| self.regions.iter().position(|r| r.id == id));
        self.hours_region_at(given, country)
    }

    /// [`ResponseTables::hours_region`] with the region given by its position among the
    /// `hours_region` values (`Some(None)`, or a position past the regions: `other`).
    pub fn hours_region_at(
        &self,
        given: Option<Option<usize>>,
        country: Option<&str>,
    ) -> Option<HoursRegion<'_>> {
        if let Some(i) = given {
            return Some(HoursRegion {
                region: i.and_then(|i| self.regions.get(i)),
                read_as: None,
            });
        }
        let country = country?;
        let region = self.region_of(country);
        let read_as = region.and_then(|r| {
            r.read_as
                .get_key_value(country)
                .map(|(code, name)| (code.as_str(), name.as_str()))
        });
        Some(HoursRegion { region, read_as })
    }

    /// The default hours in the customer's `zone` as answers name them: `calendar_words` of their
    /// calendar without holidays, without building it.
    pub fn default_hours_words(&self, zone: Tz) -> String {
        let (before, after) = &self.default_words;
        format!("{before}{}{after}", crate::text::zone_place(zone.name()))
    }

    /// The language fact's allowed values, `other` last.
    pub fn language_values(&self) -> Vec<String> {
        let mut values: Vec<String> = self.languages.local.keys().cloned().collect();
        values.push("other".to_string());
        values
    }
}

/// A calendar's hours as answers name them (`details.business_hours`): the zone by the policy's own
/// name for it (`label`), else in words ("Tokyo time"), never its id.
pub fn calendar_words(cal: &BusinessCalendar, label: Option<&str>) -> String {
    let described = cal.describe();
    let zone = cal.zone().name();
    match label {
        Some(label) => described.replacen(zone, label, 1),
        None => described.replacen(zone, &crate::text::zone_place(zone), 1),
    }
}

/// A fact value id: letters, digits and `_`, starting with a letter.
fn is_value_id(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl ResponseTables {
    /// The newest embedded edition's tables, parsed once.
    pub fn embedded() -> Result<&'static ResponseTables, TableError> {
        static TABLES: std::sync::OnceLock<Result<ResponseTables, TableError>> =
            std::sync::OnceLock::new();
        fn read(file: &str) -> Result<&'static str, TableError> {
            crate::corpus::newest_edition()
                .and_then(|v| crate::corpus::edition_file(v, file))
                .ok_or_else(|| TableError::Parse {
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
}

/// A table error as the [`SpecError`](super::super::model::SpecError) of a broken description file.
pub fn table_error_to_spec_error(e: &TableError) -> super::super::model::SpecError {
    use super::super::model::SpecError;
    match e {
        TableError::Parse { file, message } => SpecError::new(file, "(file)", message.clone()),
        TableError::Invalid { file, key, message } => {
            SpecError::new(file, key.clone(), message.clone())
        }
    }
}
