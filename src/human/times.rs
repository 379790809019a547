//! Date-times in people's words: a date (see [`super::dates`]) and a time of day, placed in a time
//! zone; or RFC 3339 with its own offset; or `now`.
//!
//! Times: `16:30`, `16:30:15`, `17h30`, `4:30 pm`, `4:30pm`, `4 pm`, `9 in the morning`, `noon`,
//! `midnight`; the word `at` between
//! date and time is ignored; a time alone is today. ISO `2026-11-20 16:00` and `2026-11-20T16:00`
//! (without offset) are read in the zone too. A local time that falls in a daylight-saving gap or
//! overlap is resolved like the business-hours clock does ([`crate::policy::clock::resolve_local`]):
//! the earlier of two instants in an overlap, the end of the gap in a gap.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use super::dates::{parse_date_words, DateProblem};
use super::words::tokens;

/// Why a text is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateTimeProblem {
    /// No time of day was found.
    NoTime,
    /// The date part is not a date.
    Date(DateProblem),
    /// A local time needs a zone and none is known.
    NeedsZone,
    /// `now` needs the current instant and none was given.
    NeedsNow,
    /// The local time could not be placed in the zone.
    NotInZone,
}

/// Parses a date-time (see the module docs): `zone` places local times, `now` answers `now`.
pub fn parse_datetime(
    text: &str,
    today: NaiveDate,
    zone: Option<Tz>,
    now: Option<DateTime<FixedOffset>>,
) -> Result<DateTime<FixedOffset>, DateTimeProblem> {
    let trimmed = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(t);
    }
    let words: Vec<String> = tokens(trimmed).into_iter().map(|t| t.text).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if words == ["now"] || words == ["right", "now"] {
        let now = now.ok_or(DateTimeProblem::NeedsNow)?;
        return Ok(match zone {
            Some(z) => now.with_timezone(&z).fixed_offset(),
            None => now,
        });
    }
    let local = local_datetime(&words, today)?;
    let zone = zone.ok_or(DateTimeProblem::NeedsZone)?;
    place(zone, local).ok_or(DateTimeProblem::NotInZone)
}

/// A local date-time from folded words: one time of day, the rest a date (today when empty).
pub fn local_datetime(words: &[&str], today: NaiveDate) -> Result<NaiveDateTime, DateTimeProblem> {
    // ISO with `T`: `2026-11-20t16:00`.
    if let [one] = words {
        if let Some((date, time)) = one.split_once('t') {
            if let (Ok(d), Some(t)) = (
                NaiveDate::parse_from_str(date, "%Y-%m-%d"),
                clock_time(time),
            ) {
                return Ok(d.and_time(t));
            }
        }
    }
    let (time, rest) = split_time(words);
    let time = time.ok_or(DateTimeProblem::NoTime)?;
    let date = if rest.is_empty() {
        today
    } else {
        parse_date_words(&rest, today).map_err(DateTimeProblem::Date)?
    };
    Ok(date.and_time(time))
}

/// Whether folded words name a day besides a time of day ("friday 5pm", not "at 5pm", which
/// [`local_datetime`] reads as today).
pub fn names_a_day(words: &[&str]) -> bool {
    !split_time(words).1.is_empty()
}

/// The first time of day among `words`, and the other words but `at`.
fn split_time<'w>(words: &[&'w str]) -> (Option<NaiveTime>, Vec<&'w str>) {
    let mut rest: Vec<&str> = Vec::with_capacity(words.len());
    let mut time = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let meridiem = words.get(i + 1).copied().filter(|m| is_meridiem(m));
        if time.is_none() {
            // "9 in the morning", "5 in the afternoon", "8 in the evening".
            let part = match words.get(i + 1..i + 4) {
                Some(["in", "the", "morning"]) => Some("am"),
                Some(["in", "the", "afternoon" | "evening"]) => Some("pm"),
                _ => None,
            };
            if let Some(t) = part.and_then(|m| with_meridiem(w, m)) {
                time = Some(t);
                i += 4;
                continue;
            }
            if let Some(t) = meridiem.and_then(|m| with_meridiem(w, m)) {
                time = Some(t);
                i += 2;
                continue;
            }
            if let Some(t) = single_token_time(w) {
                time = Some(t);
                i += 1;
                continue;
            }
        }
        if w != "at" {
            rest.push(w);
        }
        i += 1;
    }
    (time, rest)
}

/// Places a local time in `zone` (DST gaps and overlaps as the business-hours clock resolves them).
pub fn place(zone: Tz, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    crate::policy::clock::resolve_local(zone, local).map(|t| t.fixed_offset())
}

fn is_meridiem(w: &str) -> bool {
    matches!(w, "am" | "pm" | "a.m" | "p.m")
}

/// `16:30`, `16:30:15`, `4:30pm`, `4pm`, `noon`, `midnight`.
fn single_token_time(w: &str) -> Option<NaiveTime> {
    match w {
        "noon" | "midday" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return NaiveTime::from_hms_opt(0, 0, 0),
        _ => {}
    }
    for m in ["am", "pm"] {
        if let Some(number) = w.strip_suffix(m) {
            return with_meridiem(number, m);
        }
    }
    clock_time(w)
}

/// `HH:MM` or `HH:MM:SS`, 24-hour; also `17h30` as written in much of Europe (not `4h`, which is as
/// often a duration).
fn clock_time(w: &str) -> Option<NaiveTime> {
    if let Some((h, m)) = w.split_once('h') {
        if !h.is_empty() && !m.is_empty() && !h.contains(':') && !m.contains(':') {
            return clock_time(&format!("{h}:{m}"));
        }
    }
    let parts: Vec<&str> = w.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts[1].len() != 2 {
        return None;
    }
    let n = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (h, m) = (n(parts[0])?, n(parts[1])?);
    let s = match parts.get(2) {
        Some(s) => n(s)?,
        None => 0,
    };
    NaiveTime::from_hms_opt(h, m, s)
}

/// `4` / `4:30` with `am` or `pm` (12-hour: `12 am` is midnight, `12 pm` noon).
fn with_meridiem(number: &str, meridiem: &str) -> Option<NaiveTime> {
    let (h, m) = match number.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        Some(_) => return None,
        None => (number.parse::<u32>().ok()?, 0),
    };
    if !(1..=12).contains(&h) {
        return None;
    }
    let h = match (h, meridiem.starts_with('p')) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// The offset of `zone` at `local` as `UTC+09:00`.
pub fn utc_offset(t: &DateTime<FixedOffset>) -> String {
    let secs = t.offset().local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// The instant `local` would have in `zone`, for display of a zone's current offset.
pub fn offset_on(zone: Tz, date: NaiveDate) -> Option<String> {
    let noon = date.and_hms_opt(12, 0, 0)?;
    zone.from_local_datetime(&noon)
        .earliest()
        .map(|t| utc_offset(&t.fixed_offset()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn tokyo(text: &str) -> Result<String, DateTimeProblem> {
        parse_datetime(text, today(), Some(chrono_tz::Asia::Tokyo), None).map(|t| t.to_rfc3339())
    }

    #[test]
    fn weekday_and_time_in_a_zone() {
        assert_eq!(tokyo("fri 16:30").unwrap(), "2026-11-27T16:30:00+09:00");
        assert_eq!(
            tokyo("Friday 4:30 pm").unwrap(),
            "2026-11-27T16:30:00+09:00"
        );
        assert_eq!(
            tokyo("last friday 4:30pm").unwrap(),
            "2026-11-20T16:30:00+09:00"
        );
        assert_eq!(
            tokyo("yesterday 09:00").unwrap(),
            "2026-11-26T09:00:00+09:00"
        );
        assert_eq!(
            tokyo("2026-11-20 16:00").unwrap(),
            "2026-11-20T16:00:00+09:00"
        );
        assert_eq!(
            tokyo("2026-11-20T16:00").unwrap(),
            "2026-11-20T16:00:00+09:00"
        );
        assert_eq!(tokyo("12 Aug 16:00").unwrap(), "2026-08-12T16:00:00+09:00");
        assert_eq!(
            tokyo("12 Aug at 4 pm").unwrap(),
            "2026-08-12T16:00:00+09:00"
        );
        assert_eq!(tokyo("12 am").unwrap(), "2026-11-27T00:00:00+09:00");
        assert_eq!(tokyo("noon").unwrap(), "2026-11-27T12:00:00+09:00");
        assert_eq!(
            tokyo("2026-11-20T16:00:00+01:00").unwrap(),
            "2026-11-20T16:00:00+01:00",
            "an explicit offset wins"
        );
    }

    #[test]
    fn european_hours() {
        let today = today();
        let at = |w: &[&str]| local_datetime(w, today).map(|t| t.time().to_string());
        assert_eq!(at(&["17h30"]), Ok("17:30:00".into()));
        assert_eq!(at(&["9h15"]), Ok("09:15:00".into()));
        assert!(local_datetime(&["4h"], today).is_err());
        assert!(local_datetime(&["h30"], today).is_err());
        assert!(local_datetime(&["17h3"], today).is_err());
        assert!(local_datetime(&["25h"], today).is_err());
    }

    #[test]
    fn hours_of_a_part_of_the_day() {
        let today = today();
        let at = |w: &[&str]| local_datetime(w, today).map(|t| t.time().to_string());
        assert_eq!(at(&["9", "in", "the", "morning"]), Ok("09:00:00".into()));
        assert_eq!(
            at(&["5", "in", "the", "afternoon", "friday"]),
            Ok("17:00:00".into())
        );
        assert_eq!(at(&["8", "in", "the", "evening"]), Ok("20:00:00".into()));
        assert!(local_datetime(&["13", "in", "the", "morning"], today).is_err());
    }

    #[test]
    fn a_time_alone_names_no_day() {
        assert!(!names_a_day(&["at", "9am"]));
        assert!(!names_a_day(&["9", "am"]));
        assert!(names_a_day(&["friday", "9am"]));
        assert!(names_a_day(&["nov", "3"]));
    }

    #[test]
    fn problems() {
        assert_eq!(tokyo("friday"), Err(DateTimeProblem::NoTime));
        assert_eq!(tokyo("25:00"), Err(DateTimeProblem::NoTime));
        assert_eq!(
            tokyo("blursday 16:00"),
            Err(DateTimeProblem::Date(DateProblem::NotADate))
        );
        assert_eq!(
            parse_datetime("fri 16:30", today(), None, None),
            Err(DateTimeProblem::NeedsZone)
        );
        assert_eq!(tokyo("now"), Err(DateTimeProblem::NeedsNow));
    }

    #[test]
    fn now_is_shown_in_the_zone() {
        let now = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+00:00").unwrap();
        let t = parse_datetime("now", today(), Some(chrono_tz::Asia::Tokyo), Some(now)).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-27T19:00:00+09:00");
    }

    #[test]
    fn dst_gap_and_overlap_resolve_like_the_clock() {
        let berlin = |text: &str| {
            parse_datetime(text, today(), Some(chrono_tz::Europe::Berlin), None)
                .unwrap()
                .to_rfc3339()
        };
        // 29 Mar 2026 02:30 does not exist in Berlin: the end of the gap.
        assert_eq!(berlin("2026-03-29 02:30"), "2026-03-29T03:00:00+02:00");
        // 25 Oct 2026 02:30 happens twice: the earlier.
        assert_eq!(berlin("2026-10-25 02:30"), "2026-10-25T02:30:00+02:00");
    }
}
