//! People's words → fact values and policy questions (issue 9 items 1 and 3).
//!
//! The policy engine takes facts in one exact form (ISO dates, RFC 3339 instants, ISO country codes,
//! zone names, value ids). People type "Friday 16:30", "Japan", "4 months ago", "ProDirect", "sev b".
//! This module reads such words, deterministically and offline, relative to a [`Context`] the caller
//! supplies (today, optionally now and a time zone: nothing here reads the clock):
//!
//! * [`resolve`] reads one fact's text into its JSON value plus a [`Resolved::display`] that says, in
//!   words, how it was understood; [`resolve_all`] reads several facts of one policy, the time zone (or
//!   the zone of a country that has only one) first so date-times without an offset take it.
//! * [`understand()`] reads a whole question ("can I reopen a case closed 4 months ago") into a policy
//!   and facts ([`Understood`]), from cue phrases kept as data (`docs-corpus/policy/understand.toml`).
//! * [`countries()`] is the country table for pickers (`docs-corpus/countries.toml`).
//!
//! What each fact type accepts:
//! * yes/no: yes, no, true, false, y, n; "don't know" / "unknown" (any case) is unknown, for every type;
//! * date: see [`dates`] (ISO, today/yesterday/tomorrow, `N months ago`, `in N days`, weekdays with
//!   last/this/next, `12 Aug`, unambiguous `25/08/2025`);
//! * date-time: see [`times`] (RFC 3339, `now`, a date and a time of day placed in the time zone);
//! * country: code, English name or alias, any case or accents ([`countries::CountryTable`]);
//! * time zone: zone name in any case, a city, or a country with one zone ([`zones`]);
//! * choice: the value's id, its label, the words in brackets of its label, or a synonym from
//!   `docs-corpus/policy/value-synonyms.toml` ([`values`]);
//! * list of dates: entries separated by `;`, or by `,` when there is no `;`, each read as a date.
//!
//! Errors are [`PolicyError`]s whose message names the fact by its label, quotes the text and shows an
//! entry that works; they name no format standard.
//!
//! ```
//! use supportkb::human::{resolve, understand, Context};
//! use supportkb::policy::Registry;
//! let registry = Registry::embedded().unwrap();
//! let spec = registry.get("response_time").unwrap().spec();
//! let submitted_at = &spec.facts[spec.fact_index("submitted_at").unwrap()];
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
//! let ctx = Context::on(today).in_zone_named(Some("Asia/Tokyo"));
//! let r = resolve(submitted_at, "Friday 16:30", &ctx).unwrap();
//! assert_eq!(r.value, "2026-11-20T16:30:00+09:00");
//! assert_eq!(r.display, "Friday 20 Nov 2026, 16:30 (Tokyo time, UTC+09:00)");
//!
//! let u = understand("can I reopen a case closed 4 months ago", registry, &Context::on(today));
//! assert_eq!(u.policy.as_deref(), Some("reopen"));
//! assert_eq!(u.facts["closed_on"], "2026-07-25");
//! ```
//!
//! Module map: [`words`] (folding, tokens, typo distance), [`dates`], [`times`], [`countries`](mod@countries),
//! [`zones`], [`values`], [`understand`](mod@understand).

pub mod countries;
pub mod dates;
pub mod times;
pub mod understand;
pub mod values;
pub mod words;
pub mod zones;

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::Value as J;

use crate::policy::{ErrorKind, FactSpec, FactType, PolicyError, PolicySpec, SpecError};
use crate::text::echo;

pub use countries::{Country, CountryTable};
pub use understand::{understand, Understood};
pub use zones::{zone_words, zone_words_of};

use dates::DateProblem;
use times::DateTimeProblem;
use zones::ZoneProblem;

/// What relative words are read against: today's date, optionally the current instant (for `now`)
/// and the time zone local times are placed in. The caller reads the clock; this module never does.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// The date `today`, `yesterday`, `4 months ago` and weekdays count from.
    pub today: NaiveDate,
    /// The current instant, for `now` (none: `now` is refused).
    pub now: Option<DateTime<FixedOffset>>,
    /// The zone a date-time without offset is placed in (none: such a date-time is refused).
    pub time_zone: Option<Tz>,
}

impl Context {
    /// A context with only today known.
    pub fn on(today: NaiveDate) -> Context {
        Context {
            today,
            now: None,
            time_zone: None,
        }
    }

    /// A context at the instant `now` (read from a clock by the caller): today is its date.
    pub fn at(now: DateTime<FixedOffset>) -> Context {
        Context {
            today: now.date_naive(),
            now: Some(now),
            time_zone: None,
        }
    }

    /// The same context in the zone named exactly (`Asia/Tokyo`, as [`Resolved::value`] of a time zone
    /// holds it); no name, or one that names no zone, leaves the zone as it was.
    pub fn in_zone_named(self, zone: Option<&str>) -> Context {
        match zone.and_then(|z| z.parse::<Tz>().ok()) {
            Some(z) => Context {
                time_zone: Some(z),
                ..self
            },
            None => self,
        }
    }
}

/// A value read from people's words: `value` in the JSON form `ask --json` takes; `display` says how it
/// was understood, in words ("Friday 20 Nov 2026, 16:30 (Tokyo time, UTC+09:00)", "Japan (JP)", "Yes").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Resolved {
    /// The fact's value as `ask --json` takes it (`null` for "don't know").
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub value: serde_json::Value,
    /// How the words were understood, for people.
    pub display: String,
}

/// What "unknown" displays as.
pub const DONT_KNOW: &str = "Don't know";

/// How a date is shown (`Friday 20 Nov 2026`).
pub const DATE_FORMAT: &str = "%A %-d %b %Y";

/// How a date-time is shown before its zone (`Friday 20 Nov 2026, 16:30`).
pub const DATETIME_FORMAT: &str = "%A %-d %b %Y, %H:%M";

/// Reads the text of one fact (see the module docs for what each type accepts).
pub fn resolve(spec: &FactSpec, text: &str, ctx: &Context) -> Result<Resolved, PolicyError> {
    let trimmed = text.trim();
    if values::is_unknown(trimmed) {
        return Ok(Resolved {
            value: J::Null,
            display: DONT_KNOW.to_string(),
        });
    }
    let err = |kind: ErrorKind, message: String| {
        PolicyError::new(
            kind,
            Some(&spec.name),
            format!("{}: “{}” {message}", spec.label, echo(trimmed)),
        )
    };
    match &spec.ty {
        FactType::Bool => match values::yes_no(trimmed) {
            Some(b) => Ok(Resolved {
                value: J::Bool(b),
                display: if b { "Yes" } else { "No" }.to_string(),
            }),
            None => Err(err(
                ErrorKind::WrongType,
                "is not a yes or no; answer Yes, No or Don't know.".to_string(),
            )),
        },
        FactType::Date => {
            let d = dates::parse_date(trimmed, ctx.today)
                .map_err(|p| err(ErrorKind::InvalidDate, date_problem(&p)))?;
            Ok(date_resolved(d))
        }
        FactType::ListOfDates => {
            let separator = if trimmed.contains(';') { ';' } else { ',' };
            let mut out = Vec::new();
            for part in trimmed
                .split(separator)
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let d = dates::parse_date(part, ctx.today).map_err(|p| {
                    PolicyError::new(
                        ErrorKind::InvalidDate,
                        Some(&spec.name),
                        format!("{}: “{}” {}", spec.label, echo(part), date_problem(&p)),
                    )
                })?;
                out.push(d);
            }
            Ok(Resolved {
                value: J::Array(
                    out.iter()
                        .map(|d| J::String(d.format("%Y-%m-%d").to_string()))
                        .collect(),
                ),
                display: if out.is_empty() {
                    "None".to_string()
                } else {
                    out.iter()
                        .map(|d| d.format(DATE_FORMAT).to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                },
            })
        }
        FactType::DateTime => {
            let t = times::parse_datetime(trimmed, ctx.today, ctx.time_zone, ctx.now)
                .map_err(|p| err(ErrorKind::InvalidDatetime, datetime_problem(&p)))?;
            Ok(datetime_resolved(&t, ctx.time_zone))
        }
        FactType::Country => {
            let table = CountryTable::embedded().map_err(internal)?;
            match table.find(trimmed) {
                Some(c) => Ok(country_resolved(c)),
                None => {
                    let close = table.close_matches(trimmed);
                    let hint = if close.is_empty() {
                        "write its English name or two-letter code, like “Japan” or “JP”."
                            .to_string()
                    } else {
                        format!(
                            "did you mean {}?",
                            close
                                .iter()
                                .map(|c| format!("{} ({})", c.name, c.code))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    Err(err(
                        ErrorKind::InvalidCountry,
                        format!("is not a country supportkb knows; {hint}"),
                    ))
                }
            }
        }
        FactType::TimeZone => {
            let table = CountryTable::embedded().map_err(internal)?;
            match zones::find_zone(table, trimmed) {
                Ok(z) => Ok(zone_resolved(z, ctx.today)),
                Err(p) => Err(err(ErrorKind::InvalidTimeZone, zone_problem(&p))),
            }
        }
        FactType::Enum(values) => {
            let synonyms = values::ValueSynonyms::embedded().map_err(internal)?;
            match synonyms.value_of(spec, trimmed) {
                Some(i) => {
                    let id = values.get(i).cloned().unwrap_or_default();
                    let display = spec.value_label(&id).to_string();
                    Ok(Resolved {
                        value: J::String(id),
                        display,
                    })
                }
                None => Err(err(
                    ErrorKind::UnknownValue,
                    format!(
                        "is not one of the choices: {}.",
                        values
                            .iter()
                            .map(|v| spec.value_label(v))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                )),
            }
        }
        FactType::String => Ok(Resolved {
            value: J::String(trimmed.to_string()),
            display: trimmed.to_string(),
        }),
    }
}

/// Reads several facts of one policy given as `(fact name, text)`. The time zone is read first (the
/// `time_zone` fact if given, else `ctx.time_zone`, else the zone of a given country when it has only
/// one), so that date-times without an offset take it. Returns the JSON facts (as `ask --json` takes
/// them) and one [`Resolved`] per fact given, in the order given.
#[allow(clippy::type_complexity)] // The signature is the API the front ends were promised.
pub fn resolve_all(
    spec: &PolicySpec,
    given: &[(&str, &str)],
    ctx: &Context,
) -> Result<
    (
        serde_json::Map<String, serde_json::Value>,
        Vec<(String, Resolved)>,
    ),
    PolicyError,
> {
    let fact = |name: &str| -> Result<&FactSpec, PolicyError> {
        spec.facts.iter().find(|f| f.name == name).ok_or_else(|| {
            PolicyError::new(
                ErrorKind::UnknownFact,
                Some(&echo(name)),
                format!(
                    "“{}” asks nothing called “{}”; it asks: {}.",
                    spec.title,
                    echo(name),
                    spec.facts
                        .iter()
                        .map(|f| f.label.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            )
        })
    };
    let mut ctx = ctx.clone();
    let zone_given = given
        .iter()
        .find(|(name, _)| fact(name).is_ok_and(|f| f.ty == FactType::TimeZone));
    if let Some((name, text)) = zone_given {
        let r = resolve(fact(name)?, text, &ctx)?;
        if let Some(z) = r.value.as_str().and_then(|z| z.parse::<Tz>().ok()) {
            ctx.time_zone = Some(z);
        }
    } else if ctx.time_zone.is_none() {
        let country_given = given
            .iter()
            .find(|(name, _)| fact(name).is_ok_and(|f| f.ty == FactType::Country));
        if let Some((name, text)) = country_given {
            let r = resolve(fact(name)?, text, &ctx)?;
            let table = CountryTable::embedded().map_err(internal)?;
            let country = r.value.as_str().and_then(|code| table.by_code(code));
            if let Some(Ok(z)) = country.map(zones::zone_of_country) {
                ctx.time_zone = Some(z);
            }
        }
    }
    let mut facts = serde_json::Map::new();
    let mut resolved = Vec::with_capacity(given.len());
    for (name, text) in given {
        let f = fact(name)?;
        let r = resolve(f, text, &ctx)?;
        facts.insert(f.name.clone(), r.value.clone());
        resolved.push((f.name.clone(), r));
    }
    Ok((facts, resolved))
}

/// Every country, for a picker (code, English name, zones most populous first).
pub fn countries() -> &'static [Country] {
    CountryTable::embedded().map_or(&[], |t| t.countries.as_slice())
}

/// A fact's JSON value in words, as [`resolve`] would show it (`"2026-07-25"` → "Saturday 25 Jul
/// 2026", `"prodirect"` → its label, `true` → "Yes"); `ctx.time_zone` names the zone of a date-time.
pub fn describe(spec: &FactSpec, value: &serde_json::Value, ctx: &Context) -> String {
    let text = match value {
        J::Null => return DONT_KNOW.to_string(),
        J::Bool(true) => "yes".to_string(),
        J::Bool(false) => "no".to_string(),
        J::String(s) => s.clone(),
        J::Array(items) => items
            .iter()
            .filter_map(J::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    resolve(spec, &text, ctx).map_or(text, |r| r.display)
}

/// Validates every table this module reads (countries, value synonyms, question phrases) against the
/// embedded policies: what a front end calls at start-up so a broken table fails fast, naming file and
/// key.
pub fn check_tables() -> Result<(), SpecError> {
    CountryTable::embedded()?;
    values::ValueSynonyms::embedded()?;
    understand::check_embedded()
}

fn internal(e: SpecError) -> PolicyError {
    PolicyError::new(ErrorKind::Internal, None, e.to_string())
}

pub(crate) fn date_resolved(d: NaiveDate) -> Resolved {
    Resolved {
        value: J::String(d.format("%Y-%m-%d").to_string()),
        display: d.format(DATE_FORMAT).to_string(),
    }
}

pub(crate) fn datetime_resolved(t: &DateTime<FixedOffset>, zone: Option<Tz>) -> Resolved {
    let offset = times::utc_offset(t);
    let in_zone = zone.filter(|z| t.with_timezone(z).fixed_offset().offset() == t.offset());
    let place = match in_zone {
        Some(z) => match crate::text::zone_place(z.name()).as_str() {
            "UTC" => offset,
            place => format!("{place}, {offset}"),
        },
        None => offset,
    };
    Resolved {
        value: J::String(t.to_rfc3339()),
        display: format!("{} ({place})", t.format(DATETIME_FORMAT)),
    }
}

pub(crate) fn country_resolved(c: &Country) -> Resolved {
    Resolved {
        value: J::String(c.code.clone()),
        display: format!("{} ({})", c.name, c.code),
    }
}

pub(crate) fn zone_resolved(z: Tz, today: NaiveDate) -> Resolved {
    let display = zones::zone_words(z, today);
    Resolved {
        value: J::String(z.name().to_string()),
        display,
    }
}

fn date_problem(p: &DateProblem) -> String {
    match p {
        DateProblem::NotADate => {
            "is not a date supportkb can read; write it like “12 Aug 2026”, “last Friday”, “4 months ago” or “yesterday”.".to_string()
        }
        DateProblem::NoSuchDay => {
            "is not a day of the calendar; check the day and month, like “12 Aug 2026”.".to_string()
        }
        DateProblem::Ambiguous(day_first, month_first) => format!(
            "could be {} or {}; write the month as a word, like “{}”.",
            day_first.format("%-d %b %Y"),
            month_first.format("%-d %b %Y"),
            day_first.format("%-d %b %Y"),
        ),
    }
}

fn datetime_problem(p: &DateTimeProblem) -> String {
    match p {
        DateTimeProblem::NoTime => {
            "needs a time of day too, like “Friday 16:30” or “yesterday 9:00 am”.".to_string()
        }
        DateTimeProblem::Date(d) => date_problem(d),
        DateTimeProblem::NeedsZone => {
            "needs a time zone to know the offset; choose the customer's time zone first.".to_string()
        }
        DateTimeProblem::NeedsNow => {
            "needs the current time, which is not known here; write the date and time, like “Friday 16:30”.".to_string()
        }
        DateTimeProblem::NotInZone => {
            "cannot be placed in the chosen time zone; try another time, like “Friday 16:30”.".to_string()
        }
    }
}

fn zone_problem(p: &ZoneProblem) -> String {
    match p {
        ZoneProblem::SeveralZones(c) => format!(
            "has several time zones ({}); name the city, like “{}”.",
            zones::listed_cities(c),
            c.zones
                .first()
                .map(|z| countries::city_of_zone(z))
                .unwrap_or_default()
        ),
        ZoneProblem::NoZone(c) => format!(
            "({}) has no time zone of its own; name a nearby city, like “London”.",
            c.name
        ),
        ZoneProblem::Unknown(close) if !close.is_empty() => format!(
            "is not a time zone or city supportkb knows; did you mean {}?",
            close.join(", ")
        ),
        ZoneProblem::Unknown(_) => {
            "is not a time zone or city supportkb knows; name a city, like “Tokyo” or “New York”, or a country with one time zone, like “Japan”.".to_string()
        }
    }
}
