//! The logic of the `response_time` policy over one edition's [`ResponseTables`]: which clock runs
//! ([`choose_clock`], the verdict) and the deadline ([`evaluate`]). Every plan, severity, region and
//! rule comes from the tables; what is written here is only how they combine:
//! * a severity × plan cell offers 24x7, business hours, or business hours with 24x7 on request (the
//!   customer's `access` choice; without one, business hours, a reading the answer lists);
//! * around-the-clock handling is in the tables' around-the-clock language: a request worked in
//!   another local language runs on local business hours whatever the cell offers, and one in a
//!   language outside the list is handled like an around-the-clock one (translation may be available);
//! * business hours are those of the customer's region (a region of the tables, by country or
//!   chosen), else the default hours in the customer's own zone.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use super::super::clock::{self, BusinessCalendar, ClockError};
use super::super::country_codes::is_iso_country;
use super::tables::{
    calendar_words, Region, ResponseTables, SeverityAccess, SeverityRow, TableError,
};

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

pub(super) fn invalid(field: &'static str, message: impl Into<String>) -> ResponseTimeError {
    ResponseTimeError::InvalidFact {
        field,
        message: message.into(),
    }
}

/// The access hours a customer chose (the choice some cells offer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Around the clock (`24x7`).
    TwentyFourSeven,
    /// Business hours only (`business_hours`).
    BusinessHours,
}

impl Access {
    /// Both values, in the order of the fact's values.
    pub const ALL: [Access; 2] = [Access::TwentyFourSeven, Access::BusinessHours];

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

/// Which clock runs for a request: the policy's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clock {
    /// Every hour counts (`around_the_clock`).
    AroundTheClock,
    /// Only business hours count (`business_hours`).
    BusinessHours,
}

impl Clock {
    /// Both verdicts.
    pub const ALL: [Clock; 2] = [Clock::AroundTheClock, Clock::BusinessHours];

    /// The verdict id.
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::AroundTheClock => "around_the_clock",
            Clock::BusinessHours => "business_hours",
        }
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language the request is handled in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Language {
    /// One of the local languages, by its code in the table (`en`, `de`, `zh-Hant`, …).
    Local(String),
    /// A language outside the list (`other`).
    Other,
}

impl Language {
    /// The fact value.
    pub fn as_str(&self) -> &str {
        match self {
            Language::Local(code) => code,
            Language::Other => "other",
        }
    }

    /// Whether requests in this language are handled around the clock for a customer in `country`:
    /// `None` when that depends on an unknown country.
    fn is_around_the_clock(&self, tables: &ResponseTables, country: Option<&str>) -> Option<bool> {
        let Language::Local(code) = self else {
            return Some(false);
        };
        if *code == tables.languages.around_the_clock {
            return Some(true);
        }
        match tables.languages.around_the_clock_in.get(code) {
            None => Some(false),
            Some(countries) => country.map(|c| countries.contains(c)),
        }
    }
}

impl ResponseTables {
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

/// The facts of a `response_time` question, typed. `None` means unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseQuestion {
    /// Support plan id of the edition's table.
    pub plan: Option<String>,
    /// Severity id of the edition's table.
    pub severity: Option<String>,
    /// When the request was submitted.
    pub submitted_at: Option<DateTime<FixedOffset>>,
    /// ISO 3166-1 alpha-2 country of the customer (upper case).
    pub country: Option<String>,
    /// The customer's IANA zone.
    pub time_zone: Option<Tz>,
    /// Access chosen (cells offering the choice).
    pub access: Option<Access>,
    /// Whose business hours apply (a region id or `other`); derived from `country` when `None`.
    pub hours_region: Option<String>,
    /// Language of the request; `None` means the around-the-clock language.
    pub language: Option<Language>,
    /// Holidays to skip; `Some` replaces any built-in calendar (there is none).
    pub holidays: Option<BTreeSet<NaiveDate>>,
}

/// What the policy concluded, before it is dressed as a framework answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseOutcome<'t> {
    /// Which clock runs; `None` when a deciding fact is unknown.
    pub clock: Option<Clock>,
    /// Facts still needed: for the verdict when `clock` is `None`, else for the deadline.
    pub missing_facts: Vec<&'static str>,
    /// Rules that fired, in order (ids of the tables).
    pub rules: Vec<&'t str>,
    /// Target in minutes, when plan and severity decide it.
    pub target_minutes: Option<u32>,
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

/// Which clock runs, and whether it rests on the default access of a cell offering the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockChoice {
    /// The clock.
    pub clock: Clock,
    /// No access was chosen for a cell offering business hours with 24x7 on request: business hours
    /// are taken as the default (a reading, listed in the answer).
    pub access_defaulted: bool,
}

/// What decides the clock: the severity's row and the facts that pick its cell and language.
#[derive(Debug, Clone, Copy)]
pub struct ClockFacts<'q, 't> {
    /// The severity's row (`None`: unknown).
    pub severity: Option<&'t SeverityRow>,
    /// The plan, by its position in [`ResponseTables::plans`] (`None`: unknown).
    pub plan: Option<usize>,
    /// The access chosen.
    pub access: Option<Access>,
    /// The language.
    pub language: &'q Language,
    /// The customer's country (for languages handled around the clock in some countries only).
    pub country: Option<&'q str>,
}

/// The clock decision alone (`None` when the facts known do not decide it). Cheap and
/// allocation-free: the policy framework calls it many times per answer. `fire` receives the ids of
/// the rules the decision rests on, in order.
pub fn choose_clock<'t>(
    f: ClockFacts<'_, 't>,
    tables: &'t ResponseTables,
    fire: &mut dyn FnMut(&'t str),
) -> Option<ClockChoice> {
    let row = f.severity?;
    let offered = match f.plan {
        Some(plan) => row.target_at(plan)?.access,
        None => row.common_access()?,
    };
    let around_the_clock_language = f.language.is_around_the_clock(tables, f.country)?;
    fire(&tables.general.initial_response);
    fire(&tables.general.table);
    fire(&row.rule);
    let access = effective_access(offered, f.access);
    let local_other_language =
        matches!(f.language, Language::Local(_)) && !around_the_clock_language;
    let mut access_defaulted = false;
    let languages = &tables.languages;
    let clock = match access {
        Some(Access::BusinessHours) => {
            match (offered, &row.rule_business_hours) {
                (SeverityAccess::BusinessHoursOr24x7, Some(rule)) => fire(rule),
                _ => fire(&languages.rule_local_hours),
            }
            Clock::BusinessHours
        }
        _ if local_other_language => {
            fire(&languages.rule_local_hours);
            Clock::BusinessHours
        }
        None => {
            access_defaulted = true;
            if let Some(rule) = &row.rule_business_hours {
                fire(rule);
            }
            Clock::BusinessHours
        }
        Some(Access::TwentyFourSeven) => {
            if let (SeverityAccess::BusinessHoursOr24x7, Some(rule)) = (offered, &row.rule_24x7) {
                fire(rule);
            }
            fire(&languages.rule_around_the_clock);
            if *f.language == Language::Other {
                fire(&languages.rule_translation);
            }
            Clock::AroundTheClock
        }
    };
    Some(ClockChoice {
        clock,
        access_defaulted,
    })
}

/// The access a cell gives: the customer's choice where the cell offers one; otherwise the cell's,
/// whatever was chosen (the answer then notes that the choice was ignored).
fn effective_access(offered: SeverityAccess, chosen: Option<Access>) -> Option<Access> {
    match offered {
        SeverityAccess::AroundTheClock => Some(Access::TwentyFourSeven),
        SeverityAccess::BusinessHours => Some(Access::BusinessHours),
        SeverityAccess::BusinessHoursOr24x7 => chosen,
    }
}

/// Titles in a list for people: "Severity A and B" when they share their first word, else joined
/// with commas and "and".
fn title_list(titles: &[&str]) -> String {
    let prefix = titles
        .first()
        .and_then(|t| t.split_once(' '))
        .map(|(p, _)| p)
        .filter(|p| titles.iter().all(|t| t.starts_with(&format!("{p} "))));
    let items: Vec<&str> = match prefix {
        Some(p) => titles
            .iter()
            .enumerate()
            .map(|(i, t)| if i == 0 { *t } else { &t[p.len() + 1..] })
            .collect(),
        None => titles.to_vec(),
    };
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// A small count in words ("nine"), digits beyond twelve.
fn count_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// A target for people: "8 hours", "1 hour", "30 minutes", "1 hour 30 minutes".
pub fn duration_words(minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let unit = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (h, m) {
        (0, m) => unit(m, "minute", "minutes"),
        (h, 0) => unit(h, "hour", "hours"),
        (h, m) => format!(
            "{} {}",
            unit(h, "hour", "hours"),
            unit(m, "minute", "minutes")
        ),
    }
}

/// Answers a `response_time` question. Pure: the submission time is an input, nothing reads the
/// clock. Plan and severity must be ids of `tables` (the framework checks them first).
pub fn evaluate<'t>(
    q: &ResponseQuestion,
    tables: &'t ResponseTables,
) -> Result<ResponseOutcome<'t>, ResponseTimeError> {
    let mut out = ResponseOutcome {
        clock: None,
        missing_facts: Vec::new(),
        rules: Vec::new(),
        target_minutes: None,
        respond_by: None,
        clock_zone: None,
        business_hours: None,
        windows: Vec::new(),
        customer_obligations: Vec::new(),
        assumptions: Vec::new(),
    };
    let default_language = Language::Local(tables.languages.around_the_clock.clone());
    let language = q.language.clone().unwrap_or(default_language);

    let Some(severity) = q.severity.as_deref() else {
        out.missing_facts.push("severity");
        return Ok(out);
    };
    let row = tables.severity(severity).ok_or_else(|| {
        invalid(
            "severity",
            format!(
                "unknown severity `{severity}` in the {} edition",
                tables.policy_version
            ),
        )
    })?;
    let plan_index = match q.plan.as_deref() {
        Some(p) => Some(
            tables
                .plans
                .iter()
                .position(|row| row.id == p)
                .ok_or_else(|| {
                    invalid(
                        "plan",
                        format!(
                            "unknown plan `{p}` in the {} edition",
                            tables.policy_version
                        ),
                    )
                })?,
        ),
        None => None,
    };
    let plan = plan_index.and_then(|i| tables.plans.get(i));
    let cell = plan_index.and_then(|i| row.target_at(i));
    out.customer_obligations = row.customer_obligations.clone();
    let mut fired = Vec::new();
    let decided = choose_clock(
        ClockFacts {
            severity: Some(row),
            plan: plan_index,
            access: q.access,
            language: &language,
            country: q.country.as_deref(),
        },
        tables,
        &mut |r| fired.push(r),
    );
    out.rules = fired;
    let Some(ClockChoice {
        clock,
        access_defaulted,
    }) = decided
    else {
        // The severity is known: the plan (the cell's access differs by plan) or the country (the
        // language is around the clock in some countries only) is missing.
        if plan.is_none() && row.common_access().is_none() {
            out.missing_facts.push("plan");
        } else {
            out.missing_facts.push("country");
        }
        return Ok(out);
    };
    out.clock = Some(clock);
    if access_defaulted {
        out.assumptions.push(format!(
            "No access was chosen: {} is handled on business hours, its default (24x7 is available on request).",
            row.title
        ));
    }
    let offered = match plan {
        Some(_) => cell.map(|t| t.access),
        None => row.common_access(),
    };
    let choosers: Vec<&str> = tables
        .severities
        .iter()
        .filter(|s| s.offers_choice())
        .map(|s| s.title.as_str())
        .collect();
    let with_24x7: Vec<&str> = tables
        .severities
        .iter()
        .filter(|s| {
            s.targets
                .values()
                .any(|t| t.access != SeverityAccess::BusinessHours)
        })
        .map(|s| s.title.as_str())
        .collect();
    let on_plan = match (row.common_access(), plan) {
        (None, Some(p)) => format!(" on {}", p.name),
        _ => String::new(),
    };
    match (offered, q.access) {
        (Some(SeverityAccess::AroundTheClock), Some(Access::BusinessHours)) => {
            out.assumptions.push(format!(
                "The access choice is ignored: {}{on_plan} always has 24x7 access (business hours is a choice only {} offers).",
                row.title,
                title_list(&choosers)
            ))
        }
        (Some(SeverityAccess::BusinessHours), Some(Access::TwentyFourSeven)) => {
            out.assumptions.push(format!(
                "The access choice is ignored: {}{on_plan} has business-hours access only (24x7 is for {}).",
                row.title,
                title_list(&with_24x7)
            ))
        }
        _ => {}
    }
    if clock == Clock::BusinessHours
        && q.access.is_none()
        && offered == Some(SeverityAccess::BusinessHoursOr24x7)
    {
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
        out.assumptions.push(format!(
            "The language is not one of the {} local languages: around-the-clock support is given in {}, and translation may be available.",
            count_words(tables.languages.local.len()),
            tables
                .languages
                .local
                .get(&tables.languages.around_the_clock)
                .map_or(tables.languages.around_the_clock.as_str(), String::as_str)
        ));
    }

    // The target.
    out.target_minutes = match plan {
        Some(_) => cell.map(|t| t.minutes),
        None => {
            let mut all: Vec<u32> = row.targets.values().map(|t| t.minutes).collect();
            all.dedup();
            match all.as_slice() {
                [same] => Some(*same),
                _ => None,
            }
        }
    };
    if out.target_minutes.is_none() {
        out.missing_facts.push("plan");
    } else if plan.is_none() {
        let every = if row.targets.len() == tables.plans.len() {
            "every plan"
        } else {
            "every plan that offers it"
        };
        out.assumptions
            .push(format!("{} has the same target on {every}.", row.title));
    }

    // The calendar (business hours only).
    let calendar = match clock {
        Clock::AroundTheClock => {
            out.clock_zone = Some("UTC".to_string());
            out.business_hours = Some("24x7".to_string());
            None
        }
        Clock::BusinessHours => match business_calendar(q, tables, &mut out)? {
            Some((cal, region)) => {
                out.clock_zone = Some(cal.zone().name().to_string());
                out.business_hours = Some(match region {
                    // A region's hours are worded once, when the tables load.
                    Some(region) if cal.holidays().is_empty() => region.hours_words.clone(),
                    None if cal.holidays().is_empty() => tables.default_hours_words(cal.zone()),
                    _ => calendar_words(&cal, region.and_then(|r| r.zone_label.as_deref())),
                });
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
    let Some(minutes) = out.target_minutes else {
        return Ok(out);
    };
    let target = Duration::minutes(i64::from(minutes));
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

/// A region's hours in words ("Monday to Friday, 06:00–18:00 (Los Angeles time)").
pub fn describe_hours(region: &Region) -> String {
    let day = |d: &chrono::Weekday| match d {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    };
    let days = match (region.hours.weekdays.first(), region.hours.weekdays.last()) {
        (Some(a), Some(b)) if a != b => format!("{} to {}", day(a), day(b)),
        (Some(a), _) => day(a).to_string(),
        _ => String::new(),
    };
    let (open, close) = (
        region.hours.open.format("%H:%M"),
        region.hours.close.format("%H:%M"),
    );
    match &region.zone_label {
        Some(label) => format!("{days}, {open}–{close} {label}"),
        None => format!(
            "{days}, {open}–{close} ({})",
            crate::text::zone_place(region.zone.name())
        ),
    }
}

/// The business calendar for the customer's region (`None`: the default hours in the customer's
/// zone); `None` (with the missing facts noted) when the country or zone is unknown.
fn business_calendar<'t>(
    q: &ResponseQuestion,
    tables: &'t ResponseTables,
    out: &mut ResponseOutcome<'t>,
) -> Result<Option<(BusinessCalendar, Option<&'t Region>)>, ResponseTimeError> {
    let Some(choice) = tables.hours_region(q.hours_region.as_deref(), q.country.as_deref()) else {
        out.missing_facts.push("country");
        return Ok(None);
    };
    let (zone, hours, rule) = match choice.region {
        Some(region) => (region.zone, &region.hours, region.rule.as_str()),
        None => match q.time_zone {
            Some(zone) => (zone, &tables.default_hours, tables.default_rule.as_str()),
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
    Ok(Some((cal, choice.region)))
}
