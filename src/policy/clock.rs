//! The business-hours clock: pure arithmetic over open hours, weekdays and holidays in one time zone.
//!
//! Nothing here reads the system clock or does IO; every instant is an input. The `response_time` policy
//! uses it to turn "less than eight business hours from submission" into an exact deadline, and the
//! desktop app uses [`open_windows`] to shade the business-hours windows on its timeline.
//!
//! # Conventions
//!
//! * **Time counts only inside open windows.** A window is `[open, close)` on a business day: a weekday
//!   of the calendar that is not one of its holidays. Weekdays and holidays are dates *in the calendar's
//!   zone*, and `open`/`close` are local wall-clock times there, so a window follows the zone's DST rules
//!   (06:00–18:00 Pacific is 14:00–02:00 UTC in winter and 13:00–01:00 UTC in summer).
//! * **A start outside hours starts the clock at the next opening.**
//! * **A deadline that lands exactly on closing time stays at closing time.** [`add_business_time`]
//!   returns the *earliest* instant by which the duration has elapsed, so eight hours from Monday 09:00
//!   on a 09:00–17:00 calendar is Monday 17:00, not Tuesday 09:00. (A zero duration returns the start
//!   itself.)
//! * **DST.** A local open or close time that does not exist on a spring-forward day maps to the first
//!   valid instant after the gap (the transition itself); one that occurs twice on a fall-back day maps
//!   to the earlier of the two. A window that collapses to nothing that way is skipped.
//! * **No endless search.** A deadline further than [`SEARCH_LIMIT_DAYS`] days from the start (for
//!   example on a calendar whose every weekday is a holiday) is a [`ClockError::NoDeadlineWithinLimit`],
//!   not a hang.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Weekday,
};
use chrono_tz::Tz;

/// An open window: `[open, close)` as instants in the calendar's zone.
pub type Window = (DateTime<Tz>, DateTime<Tz>);

/// How far past the start (in calendar days) [`add_business_time`] and [`open_windows`] look: three years.
pub const SEARCH_LIMIT_DAYS: i64 = 3 * 366;

/// Why a business-hours computation could not be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// Opening time is not before closing time.
    #[error("business hours must open before they close, got {open}–{close}")]
    HoursOutOfOrder {
        /// The opening time given.
        open: NaiveTime,
        /// The closing time given.
        close: NaiveTime,
    },
    /// The calendar has no business weekday at all.
    #[error("a business calendar needs at least one weekday")]
    NoWeekdays,
    /// A negative duration was asked for.
    #[error("a business-time duration cannot be negative, got {0}")]
    NegativeDuration(Duration),
    /// The deadline (or the requested span) lies further out than the search limit.
    #[error("no deadline within {limit_days} days of {start}: the calendar ({calendar}) does not have enough open hours in that span")]
    NoDeadlineWithinLimit {
        /// The start of the search, RFC 3339.
        start: String,
        /// The search limit in days.
        limit_days: i64,
        /// The calendar, described.
        calendar: String,
    },
    /// The span asked of [`open_windows`] is longer than the search limit.
    #[error("the span from {from} to {to} is longer than {limit_days} days")]
    SpanTooLong {
        /// Start of the span, RFC 3339.
        from: String,
        /// End of the span, RFC 3339.
        to: String,
        /// The limit in days.
        limit_days: i64,
    },
    /// A date computation left chrono's supported range.
    #[error("date out of range")]
    OutOfRange,
}

/// Open hours on given weekdays in one IANA zone, minus a set of holiday dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    zone: Tz,
    open: NaiveTime,
    close: NaiveTime,
    /// Indexed by `Weekday::num_days_from_monday`.
    weekdays: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    /// A Monday–Friday calendar open `open`–`close` local time in `zone`, with no holidays.
    pub fn new(zone: Tz, open: NaiveTime, close: NaiveTime) -> Result<Self, ClockError> {
        if open >= close {
            return Err(ClockError::HoursOutOfOrder { open, close });
        }
        let mut weekdays = [false; 7];
        for day in weekdays.iter_mut().take(5) {
            *day = true;
        }
        Ok(Self {
            zone,
            open,
            close,
            weekdays,
            holidays: BTreeSet::new(),
        })
    }

    /// Replaces the business weekdays (default Monday–Friday).
    pub fn with_weekdays(mut self, days: &[Weekday]) -> Result<Self, ClockError> {
        if days.is_empty() {
            return Err(ClockError::NoWeekdays);
        }
        self.weekdays = [false; 7];
        for day in days {
            self.weekdays[day.num_days_from_monday() as usize] = true;
        }
        Ok(self)
    }

    /// Replaces the holidays: dates in the calendar's zone on which no time counts.
    pub fn with_holidays(mut self, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.holidays = holidays.into_iter().collect();
        self
    }

    /// The calendar's zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Local opening time.
    pub fn open(&self) -> NaiveTime {
        self.open
    }

    /// Local closing time.
    pub fn close(&self) -> NaiveTime {
        self.close
    }

    /// The holidays.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// The business weekdays, Monday first.
    pub fn weekdays(&self) -> Vec<Weekday> {
        ALL_WEEKDAYS
            .iter()
            .copied()
            .filter(|d| self.weekdays[d.num_days_from_monday() as usize])
            .collect()
    }

    /// Whether `date` (in the calendar's zone) is a business day: a business weekday and not a holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.weekdays[date.weekday().num_days_from_monday() as usize]
            && !self.holidays.contains(&date)
    }

    /// The open window of `date` as instants, or `None` when the date is not a business day or its window
    /// collapses (a DST gap swallowing it).
    pub fn window_on(&self, date: NaiveDate) -> Option<Window> {
        if !self.is_business_day(date) {
            return None;
        }
        let open = resolve_local(self.zone, date.and_time(self.open))?;
        let close = resolve_local(self.zone, date.and_time(self.close))?;
        (open < close).then_some((open, close))
    }

    /// Whether business time is running at instant `t`.
    pub fn is_open<Z: TimeZone>(&self, t: &DateTime<Z>) -> bool {
        let local = t.with_timezone(&self.zone);
        self.window_on(local.date_naive())
            .is_some_and(|(o, c)| o <= local && local < c)
    }

    /// The instant the clock starts for a request made at `t`: `t` itself when open, else the next opening.
    pub fn clock_start<Z: TimeZone>(&self, t: &DateTime<Z>) -> Result<DateTime<Tz>, ClockError> {
        let start = t.with_timezone(&self.zone);
        for (open, close) in self.windows_from(&start) {
            if start < close {
                return Ok(start.max(open));
            }
        }
        Err(self.limit_error(&start))
    }

    /// Describes the calendar for people, e.g. `06:00–18:00 America/Los_Angeles, Mon–Fri`.
    pub fn describe(&self) -> String {
        self.to_string()
    }

    /// Non-empty windows of business days from the local date of `start` on, up to the search limit.
    fn windows_from(&self, start: &DateTime<Tz>) -> impl Iterator<Item = Window> + '_ {
        start
            .date_naive()
            .iter_days()
            .take(SEARCH_LIMIT_DAYS as usize + 1)
            .filter_map(move |date| self.window_on(date))
    }

    fn limit_error(&self, start: &DateTime<Tz>) -> ClockError {
        ClockError::NoDeadlineWithinLimit {
            start: start.to_rfc3339(),
            limit_days: SEARCH_LIMIT_DAYS,
            calendar: self.describe(),
        }
    }
}

const ALL_WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl fmt::Display for BusinessCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}–{} {}, ",
            self.open.format("%H:%M"),
            self.close.format("%H:%M"),
            self.zone.name()
        )?;
        let days = self.weekdays();
        let contiguous = days
            .windows(2)
            .all(|w| w[1].num_days_from_monday() == w[0].num_days_from_monday() + 1);
        match (days.first(), days.last()) {
            (Some(first), Some(last)) if contiguous && days.len() > 2 => {
                write!(f, "{first}–{last}")?
            }
            _ => {
                let names: Vec<String> = days.iter().map(ToString::to_string).collect();
                write!(f, "{}", names.join(", "))?;
            }
        }
        if !self.holidays.is_empty() {
            write!(f, ", {} holiday(s) excluded", self.holidays.len())?;
        }
        Ok(())
    }
}

/// Maps a local wall-clock time in `zone` to an instant: the earlier instant when ambiguous, the first
/// valid instant after the gap when it does not exist. `None` only at the edges of chrono's range.
pub fn resolve_local(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Tz>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t),
        LocalResult::Ambiguous(earliest, _) => Some(earliest),
        LocalResult::None => first_instant_after_gap(zone, local),
    }
}

/// `local` falls into a DST gap: find the transition instant that ends the gap.
fn first_instant_after_gap(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Tz>> {
    // Step the wall clock forward a minute at a time to the first local time that exists (gaps are at
    // most a few hours), then narrow down to the exact second of the transition: the instant a minute
    // before that one is still before the transition, because every local time in between is in the gap.
    let mut probe = local;
    for _ in 0..=(48 * 60) {
        probe = probe.checked_add_signed(Duration::minutes(1))?;
        if let Some(after) = zone.from_local_datetime(&probe).earliest() {
            let after_offset = *after.offset();
            let (mut lo, mut hi) = (after.timestamp() - 60, after.timestamp());
            // Invariant: instant `lo` has the pre-transition offset, instant `hi` the post-transition one.
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let at_mid = zone.timestamp_opt(mid, 0).single()?;
                if *at_mid.offset() == after_offset {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return zone.timestamp_opt(hi, 0).single();
        }
    }
    None
}

/// The earliest instant by which `duration` of business time has elapsed since `start`, in the
/// calendar's zone. See the module docs for the conventions.
pub fn add_business_time<Z: TimeZone>(
    start: &DateTime<Z>,
    duration: Duration,
    cal: &BusinessCalendar,
) -> Result<DateTime<Tz>, ClockError> {
    if duration < Duration::zero() {
        return Err(ClockError::NegativeDuration(duration));
    }
    let start = start.with_timezone(&cal.zone);
    if duration.is_zero() {
        return Ok(start);
    }
    let mut remaining = duration;
    for (open, close) in cal.windows_from(&start) {
        let from = open.max(start);
        if from >= close {
            continue;
        }
        let available = close - from;
        if remaining <= available {
            return Ok(from + remaining);
        }
        remaining -= available;
    }
    Err(cal.limit_error(&start))
}

/// Business time between `a` and `b`: the open time inside `[a, b)`, negative when `b` is before `a`.
pub fn business_time_between<Z1: TimeZone, Z2: TimeZone>(
    a: &DateTime<Z1>,
    b: &DateTime<Z2>,
    cal: &BusinessCalendar,
) -> Duration {
    let (a, b) = (a.with_timezone(&cal.zone), b.with_timezone(&cal.zone));
    if b < a {
        return -business_time_between(&b, &a, cal);
    }
    let mut total = Duration::zero();
    for date in a.date_naive().iter_days() {
        if date > b.date_naive() {
            break;
        }
        if let Some((open, close)) = cal.window_on(date) {
            let (from, to) = (open.max(a), close.min(b));
            if from < to {
                total += to - from;
            }
        }
    }
    total
}

/// The open windows between `from` and `to`, clipped to that span, in order (what the desktop timeline
/// shades). Empty when `to` is not after `from`.
pub fn open_windows<Z1: TimeZone, Z2: TimeZone>(
    from: &DateTime<Z1>,
    to: &DateTime<Z2>,
    cal: &BusinessCalendar,
) -> Result<Vec<Window>, ClockError> {
    let (from, to) = (from.with_timezone(&cal.zone), to.with_timezone(&cal.zone));
    if to - from > Duration::days(SEARCH_LIMIT_DAYS) {
        return Err(ClockError::SpanTooLong {
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            limit_days: SEARCH_LIMIT_DAYS,
        });
    }
    let mut windows = Vec::new();
    for (open, close) in cal.windows_from(&from) {
        if open >= to {
            break;
        }
        let (start, end) = (open.max(from), close.min(to));
        if start < end {
            windows.push((start, end));
        }
    }
    Ok(windows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn spring_forward_gap_resolves_to_transition() {
        // 2026-03-08 02:30 does not exist in Los Angeles; the clock jumps from 02:00 PST to 03:00 PDT.
        let local = NaiveDate::from_ymd_opt(2026, 3, 8)
            .unwrap()
            .and_time(t(2, 30));
        let got = resolve_local(chrono_tz::America::Los_Angeles, local).unwrap();
        assert_eq!(got.to_rfc3339(), "2026-03-08T03:00:00-07:00");
    }

    #[test]
    fn fall_back_ambiguity_resolves_to_earliest() {
        let local = NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_time(t(1, 30));
        let got = resolve_local(chrono_tz::America::Los_Angeles, local).unwrap();
        assert_eq!(got.to_rfc3339(), "2026-11-01T01:30:00-07:00");
    }

    #[test]
    fn describe_names_hours_zone_and_days() {
        let cal =
            BusinessCalendar::new(chrono_tz::America::Los_Angeles, t(6, 0), t(18, 0)).unwrap();
        assert_eq!(cal.describe(), "06:00–18:00 America/Los_Angeles, Mon–Fri");
    }
}
