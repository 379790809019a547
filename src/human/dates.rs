//! Dates in people's words, relative to a given "today" (never the clock).
//!
//! Accepted (case-insensitive, accents and punctuation ignored):
//! * ISO `2026-08-12`, and `2026/08/12`;
//! * `today`, `yesterday`, `tomorrow`, `tonight`; a part of the day after a date names that date
//!   (`this morning` and `this afternoon` are today, `last night` yesterday, `friday evening` Friday);
//! * `N days|weeks|months|years ago`, `a month ago`, `four weeks ago`, `in N days|weeks|months|years`
//!   (N in digits or in words up to twelve). Months are calendar months with chrono's clamping: a day
//!   missing from the shorter month moves back to its last day (31 May − 3 months = 28 or 29 Feb);
//! * weekdays (`friday`, `fri`): **a weekday alone is the most recent one not after today** (today when
//!   today is that weekday) — the natural reading for the past events dates describe here (closing
//!   dates, submissions); `last friday` is the most recent one strictly before today; `this friday` the
//!   one of the current Monday-to-Sunday week; `next friday` the first one strictly after today;
//! * day and month names: `12 Aug`, `Aug 12`, `12th of August 2025`, `August 12, 2025`. **Without a
//!   year, the occurrence nearest to today** is taken (12 Aug read on 27 Nov 2026 is 12 Aug 2026; 20 Dec
//!   read on 5 Jan 2027 is 20 Dec 2026);
//! * a day of the month alone, as an ordinal (`the 3rd`, `on the 21st`): **the most recent such day
//!   not after today** (a bare `3` is no date);
//! * numeric `12/08/2025` (or with dots) **only when the order of day and month is unambiguous** (one of
//!   the two numbers is over 12, or both are equal): `25/08/2025` and `08/25/2025` are 25 Aug 2025,
//!   `12/08/2025` is refused with a suggestion to write `12 Aug 2025`.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::words::{small_number, tokens, within_distance, MIN_TYPO_LEN};

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// Nothing here reads as a date.
    NotADate,
    /// `12/08/2025`: day and month could be either way round; the two readings.
    Ambiguous(NaiveDate, NaiveDate),
    /// The words name a day that does not exist (`31 Feb`, `2026-02-30`) or is out of range.
    NoSuchDay,
}

/// Month names (full); the first three letters are accepted too, and `sept`.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names (full), Monday first.
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Parses a date written in words (see the module docs), relative to `today`.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    let words: Vec<String> = tokens(text).into_iter().map(|t| t.text).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    parse_date_words(&words, today)
}

/// Parses a date from words already folded by [`super::words::tokens`].
pub fn parse_date_words(words: &[&str], today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    let mut words = words;
    while let ["on" | "the", rest @ ..] = words {
        if rest.is_empty() {
            break;
        }
        words = rest;
    }
    // A part of the day names its day: "this morning", "last night", "friday afternoon".
    if let [rest @ .., "morning" | "afternoon" | "evening" | "night"] = words {
        return match rest {
            [] => Err(DateProblem::NotADate),
            ["this"] => Ok(today),
            ["last"] if words.last() == Some(&"night") => {
                today.pred_opt().ok_or(DateProblem::NoSuchDay)
            }
            _ => parse_date_words(rest, today),
        };
    }
    match words {
        [] => Err(DateProblem::NotADate),
        ["today" | "tonight"] => Ok(today),
        ["yesterday"] => today.pred_opt().ok_or(DateProblem::NoSuchDay),
        ["tomorrow"] => today.succ_opt().ok_or(DateProblem::NoSuchDay),
        [one] if ordinal_day(one).is_some() => {
            ordinal_day(one).map_or(Err(DateProblem::NotADate), |d| day_on_or_before(today, d))
        }
        [one] => numeric(one, today),
        [n, unit, "ago"] => relative(today, small_number(n), unit, false),
        ["in", n, unit] => relative(today, small_number(n), unit, true),
        [n, unit, "from", "now"] => relative(today, small_number(n), unit, true),
        [modifier, day] if weekday(day).is_some() => {
            let day = weekday(day).ok_or(DateProblem::NotADate)?;
            match *modifier {
                "last" | "past" | "previous" => Ok(last_weekday(today, day)),
                "this" => Ok(this_weekday(today, day)),
                "next" | "coming" => Ok(next_weekday(today, day)),
                _ => day_month(words, today),
            }
        }
        _ => day_month(words, today),
    }
}

/// A one-word date: ISO, `YYYY/MM/DD`, an unambiguous `DD/MM/YYYY`, or a weekday alone.
fn numeric(word: &str, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    if let Some(day) = weekday(word) {
        return Ok(most_recent_weekday(today, day));
    }
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    if parts.len() < 2 || parts.len() > 3 || !parts.iter().all(|p| is_digits(p)) {
        return Err(DateProblem::NotADate);
    }
    let n = |s: &str| s.parse::<u32>().map_err(|_| DateProblem::NotADate);
    if parts[0].len() == 4 {
        // Year first: always year, month, day.
        let [y, m, d] = parts[..] else {
            return Err(DateProblem::NotADate);
        };
        let year = i32::try_from(n(y)?).map_err(|_| DateProblem::NoSuchDay)?;
        return NaiveDate::from_ymd_opt(year, n(m)?, n(d)?).ok_or(DateProblem::NoSuchDay);
    }
    if word.contains('-') {
        return Err(DateProblem::NotADate);
    }
    let (a, b) = (n(parts[0])?, n(parts[1])?);
    let year = match parts.get(2) {
        Some(y) => full_year(n(y)?),
        None => None,
    };
    let pick = |day: u32, month: u32| -> Result<NaiveDate, DateProblem> {
        match year {
            Some(y) => NaiveDate::from_ymd_opt(y, month, day).ok_or(DateProblem::NoSuchDay),
            None => nearest(today, month, day),
        }
    };
    match (a > 12, b > 12) {
        (true, true) => Err(DateProblem::NoSuchDay),
        (true, false) => pick(a, b),
        (false, true) => pick(b, a),
        (false, false) if a == b => pick(a, b),
        (false, false) => match (pick(a, b), pick(b, a)) {
            (Ok(day_first), Ok(month_first)) => Err(DateProblem::Ambiguous(day_first, month_first)),
            _ => Err(DateProblem::NoSuchDay),
        },
    }
}

/// A two- or four-digit year (`25` → 2025).
fn full_year(y: u32) -> Option<i32> {
    let y = if y < 100 { y + 2000 } else { y };
    i32::try_from(y).ok()
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `12 Aug`, `Aug 12`, `12th of August 2025`, `August 12 2025`.
fn day_month(words: &[&str], today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    let words: Vec<&str> = words.iter().copied().filter(|w| *w != "of").collect();
    let (day, month, year) = match words[..] {
        [a, b] => match (day_number(a), month(b), day_number(b), month(a)) {
            (Some(d), Some(m), _, _) | (_, _, Some(d), Some(m)) => (d, m, None),
            _ => return Err(DateProblem::NotADate),
        },
        [a, b, y] => match (day_number(a), month(b), day_number(b), month(a)) {
            (Some(d), Some(m), _, _) | (_, _, Some(d), Some(m)) => (d, m, Some(y)),
            _ => return Err(DateProblem::NotADate),
        },
        _ => return Err(DateProblem::NotADate),
    };
    match year {
        None => nearest(today, month, day),
        Some(y) => {
            if !(is_digits(y) && y.len() == 4) {
                return Err(DateProblem::NotADate);
            }
            let year = y.parse::<i32>().map_err(|_| DateProblem::NotADate)?;
            NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::NoSuchDay)
        }
    }
}

/// A day of the month written as an ordinal (`3rd`, `21st`): a bare `3` is no date.
fn ordinal_day(word: &str) -> Option<u32> {
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| word.ends_with(s))
        .then(|| day_number(word))
        .flatten()
}

/// The most recent date on or before `today` whose day of the month is `day` ("the 3rd": a date
/// people mention about a case is in the past), skipping months too short for it.
fn day_on_or_before(today: NaiveDate, day: u32) -> Result<NaiveDate, DateProblem> {
    let mut month = today.with_day(1).ok_or(DateProblem::NoSuchDay)?;
    for _ in 0..12 {
        if let Some(d) = month.with_day(day).filter(|d| *d <= today) {
            return Ok(d);
        }
        month = month
            .checked_sub_months(Months::new(1))
            .ok_or(DateProblem::NoSuchDay)?;
    }
    Err(DateProblem::NoSuchDay)
}

/// A day of the month: `12`, `12th`, `1st`, `2nd`, `3rd`.
fn day_number(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    if !is_digits(digits) || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A month by name, its first three letters, or `sept`; a full name forgives a typo.
pub fn month(word: &str) -> Option<u32> {
    let i = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))
        .or_else(|| (word == "sept").then_some(8))
        .or_else(|| MONTHS.iter().position(|m| one_typo(m, word)))?;
    u32::try_from(i + 1).ok()
}

/// A weekday by name or abbreviation (`fri`, `tues`, `thur`, `thurs`); a full name forgives a typo.
pub fn weekday(word: &str) -> Option<Weekday> {
    let abbreviation = match word {
        "tues" => Some(Weekday::Tue),
        "thur" | "thurs" => Some(Weekday::Thu),
        _ => None,
    };
    abbreviation.or_else(|| {
        WEEKDAYS
            .iter()
            .find(|(name, _)| *name == word || (word.len() == 3 && name.starts_with(word)))
            .or_else(|| WEEKDAYS.iter().find(|(name, _)| one_typo(name, word)))
            .map(|(_, d)| *d)
    })
}

/// A month or weekday name forgives one typo (not two: `blursday` is not Thursday), from five letters.
fn one_typo(name: &str, word: &str) -> bool {
    word.len() >= MIN_TYPO_LEN
        && word.chars().count().abs_diff(name.len()) <= 1
        && within_distance(name, word, 1)
}

/// The occurrence of `month`-`day` nearest to `today` (this year, last year or next year; a tie goes
/// to the earlier one).
fn nearest(today: NaiveDate, month: u32, day: u32) -> Result<NaiveDate, DateProblem> {
    let year = today.year();
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (d.signed_duration_since(today).num_days().abs(), *d))
        .ok_or(DateProblem::NoSuchDay)
}

/// `N units ago` (or `in N units` when `forward`); units: day, week, month, year (singular or plural).
fn relative(
    today: NaiveDate,
    n: Option<u32>,
    unit: &str,
    forward: bool,
) -> Result<NaiveDate, DateProblem> {
    let n = n.ok_or(DateProblem::NotADate)?;
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    let moved = match unit {
        "day" => days(today, u64::from(n), forward),
        "week" => days(today, u64::from(n) * 7, forward),
        "month" => months(today, n, forward),
        "year" => months(today, n.saturating_mul(12), forward),
        _ => return Err(DateProblem::NotADate),
    };
    moved.ok_or(DateProblem::NoSuchDay)
}

fn days(today: NaiveDate, n: u64, forward: bool) -> Option<NaiveDate> {
    if forward {
        today.checked_add_days(Days::new(n))
    } else {
        today.checked_sub_days(Days::new(n))
    }
}

/// `n` calendar months before (or after) `today`, clamped to the last day of a shorter month.
pub fn months(today: NaiveDate, n: u32, forward: bool) -> Option<NaiveDate> {
    if forward {
        today.checked_add_months(Months::new(n))
    } else {
        today.checked_sub_months(Months::new(n))
    }
}

/// The most recent `day` on or before `today`.
pub fn most_recent_weekday(today: NaiveDate, day: Weekday) -> NaiveDate {
    let back = (7 + today.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    today - Days::new(u64::from(back))
}

/// The most recent `day` strictly before `today`.
pub fn last_weekday(today: NaiveDate, day: Weekday) -> NaiveDate {
    let back = match (7 + today.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7 {
        0 => 7,
        n => n,
    };
    today - Days::new(u64::from(back))
}

/// The first `day` strictly after `today`.
pub fn next_weekday(today: NaiveDate, day: Weekday) -> NaiveDate {
    let ahead = match (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7
    {
        0 => 7,
        n => n,
    };
    today + Days::new(u64::from(ahead))
}

/// `day` of the Monday-to-Sunday week of `today`.
pub fn this_weekday(today: NaiveDate, day: Weekday) -> NaiveDate {
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    monday + Days::new(u64::from(day.num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Friday 27 Nov 2026.
    const TODAY: (i32, u32, u32) = (2026, 11, 27);

    fn parse(text: &str) -> Result<NaiveDate, DateProblem> {
        parse_date(text, d(TODAY.0, TODAY.1, TODAY.2))
    }

    #[test]
    fn absolute_and_relative_dates() {
        assert_eq!(parse("2026-08-12"), Ok(d(2026, 8, 12)));
        assert_eq!(parse("today"), Ok(d(2026, 11, 27)));
        assert_eq!(parse("Yesterday"), Ok(d(2026, 11, 26)));
        assert_eq!(parse("tomorrow"), Ok(d(2026, 11, 28)));
        assert_eq!(parse("4 months ago"), Ok(d(2026, 7, 27)));
        assert_eq!(parse("a month ago"), Ok(d(2026, 10, 27)));
        assert_eq!(parse("two weeks ago"), Ok(d(2026, 11, 13)));
        assert_eq!(parse("in 3 days"), Ok(d(2026, 11, 30)));
        assert_eq!(parse("1 year ago"), Ok(d(2025, 11, 27)));
        assert_eq!(
            parse_date("3 months ago", d(2026, 5, 31)),
            Ok(d(2026, 2, 28)),
            "calendar months clamp"
        );
    }

    #[test]
    fn weekdays_alone_and_with_modifiers() {
        // Today is a Friday.
        assert_eq!(parse("friday"), Ok(d(2026, 11, 27)));
        assert_eq!(parse("Fri"), Ok(d(2026, 11, 27)));
        assert_eq!(parse("last friday"), Ok(d(2026, 11, 20)));
        assert_eq!(parse("next friday"), Ok(d(2026, 12, 4)));
        assert_eq!(parse("this monday"), Ok(d(2026, 11, 23)));
        assert_eq!(parse("this sunday"), Ok(d(2026, 11, 29)));
        assert_eq!(parse("monday"), Ok(d(2026, 11, 23)));
        assert_eq!(parse("saturday"), Ok(d(2026, 11, 21)));
        assert_eq!(parse("on tuesday"), Ok(d(2026, 11, 24)));
        assert_eq!(
            parse("firday"),
            Ok(d(2026, 11, 27)),
            "a typo in a full name"
        );
    }

    #[test]
    fn day_and_month_names() {
        assert_eq!(parse("12 Aug"), Ok(d(2026, 8, 12)));
        assert_eq!(parse("Aug 12"), Ok(d(2026, 8, 12)));
        assert_eq!(parse("12th of August 2025"), Ok(d(2025, 8, 12)));
        assert_eq!(parse("August 12, 2025"), Ok(d(2025, 8, 12)));
        assert_eq!(parse("20 Dec"), Ok(d(2026, 12, 20)));
        assert_eq!(parse_date("20 dec", d(2027, 1, 5)), Ok(d(2026, 12, 20)));
        assert_eq!(parse("31 Feb"), Err(DateProblem::NoSuchDay));
    }

    #[test]
    fn parts_of_the_day_name_their_day() {
        let today = d(2026, 11, 25);
        assert_eq!(parse_date("this morning", today), Ok(today));
        assert_eq!(parse_date("tonight", today), Ok(today));
        assert_eq!(parse_date("last night", today), Ok(d(2026, 11, 24)));
        assert_eq!(
            parse_date("yesterday afternoon", today),
            Ok(d(2026, 11, 24))
        );
        assert_eq!(
            parse_date("last friday evening", today),
            Ok(d(2026, 11, 20))
        );
        assert_eq!(parse_date("morning", today), Err(DateProblem::NotADate));
        assert_eq!(
            parse_date("purple morning", today),
            Err(DateProblem::NotADate)
        );
    }

    #[test]
    fn an_ordinal_day_alone_is_the_latest_such_day() {
        let today = d(2026, 11, 25);
        assert_eq!(parse_date("on the 3rd", today), Ok(d(2026, 11, 3)));
        assert_eq!(parse_date("the 25th", today), Ok(d(2026, 11, 25)));
        assert_eq!(parse_date("the 26th", today), Ok(d(2026, 10, 26)));
        assert_eq!(parse_date("the 31st", today), Ok(d(2026, 10, 31)));
        assert_eq!(parse_date("31st", d(2026, 12, 1)), Ok(d(2026, 10, 31)));
        assert_eq!(parse_date("3", today), Err(DateProblem::NotADate));
    }

    #[test]
    fn numeric_dates_only_when_unambiguous() {
        assert_eq!(parse("25/08/2025"), Ok(d(2025, 8, 25)));
        assert_eq!(parse("08/25/2025"), Ok(d(2025, 8, 25)));
        assert_eq!(parse("2025/08/12"), Ok(d(2025, 8, 12)));
        assert_eq!(parse("05.05.2025"), Ok(d(2025, 5, 5)));
        assert_eq!(
            parse("12/08/2025"),
            Err(DateProblem::Ambiguous(d(2025, 8, 12), d(2025, 12, 8)))
        );
        assert_eq!(parse("2026-02-30"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse("soon"), Err(DateProblem::NotADate));
        assert_eq!(parse("16:30"), Err(DateProblem::NotADate));
    }
}
