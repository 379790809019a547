//! The business-hours clock (`supportkb::policy::clock`): named cases that read like the policy, and
//! properties checked by proptest over DST zones, odd offsets, arbitrary opening hours and holidays.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;
use supportkb::policy::{
    add_business_time, business_time_between, open_windows, BusinessCalendar, ClockError,
};

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn berlin() -> BusinessCalendar {
    BusinessCalendar::new(chrono_tz::Europe::Berlin, hm(9, 0), hm(17, 0)).unwrap()
}

fn north_america() -> BusinessCalendar {
    BusinessCalendar::new(chrono_tz::America::Los_Angeles, hm(6, 0), hm(18, 0)).unwrap()
}

/// The example: Standard, Severity C, Friday 16:00 in Berlin → one hour on Friday, seven from
/// Monday 09:00 → Monday 16:00.
#[test]
fn friday_afternoon_rolls_over_the_weekend() {
    let deadline = add_business_time(
        &at("2026-11-20T16:00:00+01:00"),
        Duration::hours(8),
        &berlin(),
    )
    .unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-11-23T16:00:00+01:00");
}

#[test]
fn deadline_on_closing_time_stays_at_closing_time() {
    let deadline = add_business_time(
        &at("2026-11-23T09:00:00+01:00"),
        Duration::hours(8),
        &berlin(),
    )
    .unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-11-23T17:00:00+01:00");
}

#[test]
fn submission_before_opening_starts_at_opening() {
    let cal = berlin();
    let deadline =
        add_business_time(&at("2026-11-24T06:12:00+01:00"), Duration::hours(4), &cal).unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-11-24T13:00:00+01:00");
    let start = cal.clock_start(&at("2026-11-24T06:12:00+01:00")).unwrap();
    assert_eq!(start.to_rfc3339(), "2026-11-24T09:00:00+01:00");
}

#[test]
fn zero_duration_returns_the_submission_itself() {
    let submitted = at("2026-11-21T12:00:00+01:00");
    let deadline = add_business_time(&submitted, Duration::zero(), &berlin()).unwrap();
    assert_eq!(deadline, submitted);
}

/// Europe springs forward on Sunday 2026-03-29: the offset changes over the weekend, the local hours do not.
#[test]
fn spring_forward_weekend_in_berlin() {
    let submitted = at("2026-03-27T16:00:00+01:00");
    let deadline = add_business_time(&submitted, Duration::hours(8), &berlin()).unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-03-30T16:00:00+02:00");
    assert_eq!(
        business_time_between(&submitted, &deadline, &berlin()),
        Duration::hours(8)
    );
    // Wall-clock time elapsed is one hour less than three days.
    assert_eq!(
        deadline.signed_duration_since(submitted),
        Duration::hours(71)
    );
}

/// Pacific time falls back on Sunday 2026-11-01: Monday's 06:00 opening is in PST (UTC−8).
#[test]
fn fall_back_weekend_in_north_america() {
    let submitted = at("2026-10-30T17:00:00-07:00");
    let deadline = add_business_time(&submitted, Duration::hours(2), &north_america()).unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-11-02T07:00:00-08:00");
    assert_eq!(
        deadline.with_timezone(&Utc).to_rfc3339(),
        "2026-11-02T15:00:00+00:00"
    );
}

/// A calendar that opens at 02:30 every day: on the spring-forward day 02:30 does not exist in Los
/// Angeles, so the window opens at the first valid instant, 03:00 PDT.
#[test]
fn opening_time_inside_the_spring_forward_gap() {
    let cal = BusinessCalendar::new(chrono_tz::America::Los_Angeles, hm(2, 30), hm(4, 0))
        .unwrap()
        .with_weekdays(&[Weekday::Sun])
        .unwrap();
    let (open, close) = cal.window_on(date(2026, 3, 8)).unwrap();
    assert_eq!(open.to_rfc3339(), "2026-03-08T03:00:00-07:00");
    assert_eq!(close.to_rfc3339(), "2026-03-08T04:00:00-07:00");
    let deadline = add_business_time(
        &at("2026-03-08T00:00:00-08:00"),
        Duration::minutes(30),
        &cal,
    )
    .unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-03-08T03:30:00-07:00");
}

/// On the fall-back day 01:30 happens twice; the earlier one (PDT) counts for both opening and closing.
#[test]
fn times_inside_the_fall_back_overlap_take_the_earliest() {
    let cal = BusinessCalendar::new(chrono_tz::America::Los_Angeles, hm(0, 30), hm(1, 30))
        .unwrap()
        .with_weekdays(&[Weekday::Sun])
        .unwrap();
    let (open, close) = cal.window_on(date(2026, 11, 1)).unwrap();
    assert_eq!(open.to_rfc3339(), "2026-11-01T00:30:00-07:00");
    assert_eq!(close.to_rfc3339(), "2026-11-01T01:30:00-07:00");
}

#[test]
fn submission_on_a_holiday_waits_for_the_next_business_day() {
    let cal = berlin().with_holidays([date(2026, 12, 24), date(2026, 12, 25)]);
    // Thursday 24 December 10:00, a holiday; Friday too; the clock starts Monday 28 December 09:00.
    let submitted = at("2026-12-24T10:00:00+01:00");
    assert_eq!(
        cal.clock_start(&submitted).unwrap().to_rfc3339(),
        "2026-12-28T09:00:00+01:00"
    );
    let deadline = add_business_time(&submitted, Duration::hours(4), &cal).unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-12-28T13:00:00+01:00");
}

/// Holidays are dates in the calendar's zone: Monday in Los Angeles starts on Monday 09:00 in Berlin.
#[test]
fn holidays_are_dates_in_the_calendar_zone() {
    let cal = north_america().with_holidays([date(2026, 11, 23)]);
    // Monday 23 November 10:00 in Berlin is 01:00 Monday in Los Angeles: the holiday has begun there.
    let deadline =
        add_business_time(&at("2026-11-23T10:00:00+01:00"), Duration::hours(4), &cal).unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-11-24T10:00:00-08:00");
}

/// Severity B with business-hours access for a customer in North America who submits from Europe: the
/// clock runs on Pacific time, 06:00–18:00.
#[test]
fn severity_b_business_hours_for_north_america_from_europe() {
    // Tuesday 10:00 in Berlin is 01:00 Tuesday in Los Angeles: the clock starts at 06:00 PST (15:00 Berlin).
    let submitted = at("2026-11-24T10:00:00+01:00");
    let deadline = add_business_time(&submitted, Duration::hours(4), &north_america()).unwrap();
    assert_eq!(deadline.to_rfc3339(), "2026-11-24T10:00:00-08:00");
    assert_eq!(
        deadline
            .with_timezone(&chrono_tz::Europe::Berlin)
            .to_rfc3339(),
        "2026-11-24T19:00:00+01:00"
    );
}

#[test]
fn odd_offset_zone_kathmandu() {
    let cal = BusinessCalendar::new(chrono_tz::Asia::Kathmandu, hm(9, 0), hm(17, 0)).unwrap();
    let deadline = add_business_time(
        &Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0).unwrap(),
        Duration::hours(2),
        &cal,
    )
    .unwrap();
    // 02:00 UTC is 07:45 in Kathmandu (UTC+05:45): the clock starts at 09:00.
    assert_eq!(deadline.to_rfc3339(), "2026-06-01T11:00:00+05:45");
}

#[test]
fn open_windows_shade_the_timeline() {
    let cal = berlin();
    let windows = open_windows(
        &at("2026-11-20T16:00:00+01:00"),
        &at("2026-11-23T16:00:00+01:00"),
        &cal,
    )
    .unwrap();
    let shown: Vec<(String, String)> = windows
        .iter()
        .map(|(a, b)| (a.to_rfc3339(), b.to_rfc3339()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                "2026-11-20T16:00:00+01:00".to_string(),
                "2026-11-20T17:00:00+01:00".to_string()
            ),
            (
                "2026-11-23T09:00:00+01:00".to_string(),
                "2026-11-23T16:00:00+01:00".to_string()
            ),
        ]
    );
}

#[test]
fn a_calendar_without_open_days_for_years_is_an_error_not_a_hang() {
    let start = date(2026, 1, 1);
    let cal = berlin().with_holidays(start.iter_days().take(5 * 366));
    let err =
        add_business_time(&at("2026-01-01T10:00:00+01:00"), Duration::hours(1), &cal).unwrap_err();
    assert!(
        matches!(err, ClockError::NoDeadlineWithinLimit { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("09:00–17:00 Europe/Berlin"),
        "{err}"
    );
    assert!(cal.clock_start(&at("2026-01-01T10:00:00+01:00")).is_err());
}

#[test]
fn bad_calendars_and_durations_are_errors() {
    let err = BusinessCalendar::new(chrono_tz::UTC, hm(17, 0), hm(9, 0)).unwrap_err();
    assert_eq!(
        err,
        ClockError::HoursOutOfOrder {
            open: hm(17, 0),
            close: hm(9, 0)
        }
    );
    assert_eq!(
        berlin().with_weekdays(&[]).unwrap_err(),
        ClockError::NoWeekdays
    );
    let err = add_business_time(
        &at("2026-01-05T10:00:00+01:00"),
        Duration::hours(-1),
        &berlin(),
    )
    .unwrap_err();
    assert!(matches!(err, ClockError::NegativeDuration(_)));
    let err = open_windows(
        &at("2026-01-05T10:00:00+01:00"),
        &at("2036-01-05T10:00:00+01:00"),
        &berlin(),
    )
    .unwrap_err();
    assert!(matches!(err, ClockError::SpanTooLong { .. }));
}

#[test]
fn business_time_between_is_antisymmetric() {
    let (a, b) = (
        at("2026-11-20T16:00:00+01:00"),
        at("2026-11-23T16:00:00+01:00"),
    );
    assert_eq!(business_time_between(&a, &b, &berlin()), Duration::hours(8));
    assert_eq!(
        business_time_between(&b, &a, &berlin()),
        Duration::hours(-8)
    );
}

// ---- properties -------------------------------------------------------------------------------

const ZONES: [Tz; 9] = [
    chrono_tz::America::Los_Angeles,
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Sydney,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::Asia::Tokyo,
    chrono_tz::America::St_Johns,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::Sao_Paulo,
    chrono_tz::UTC,
];

/// 2019-01-01 .. 2031-01-01 as Unix seconds: covers every DST rule change of the zones above in that span.
const FROM: i64 = 1_546_300_800;
const TO: i64 = 1_924_992_000;

fn calendar() -> impl Strategy<Value = (BusinessCalendar, i64)> {
    (
        0..ZONES.len(),
        0u32..(23 * 60),
        60u32..(12 * 60),
        prop::collection::vec(0u32..40, 0..6),
        FROM..TO,
    )
        .prop_map(|(zone, open_min, len_min, holiday_offsets, start)| {
            let open = hm(open_min / 60, open_min % 60);
            let close_min = (open_min + len_min).min(23 * 60 + 59);
            let zone = ZONES[zone];
            let start_date = Utc
                .timestamp_opt(start, 0)
                .unwrap()
                .with_timezone(&zone)
                .date_naive();
            let holidays = holiday_offsets
                .into_iter()
                .map(|d| start_date + Duration::days(i64::from(d)));
            let cal = BusinessCalendar::new(zone, open, hm(close_min / 60, close_min % 60))
                .unwrap()
                .with_holidays(holidays);
            (cal, start)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn deadline_is_after_submission_and_business_time_equals_target(
        (cal, start) in calendar(),
        minutes in 0i64..(40 * 60),
    ) {
        let submitted = Utc.timestamp_opt(start, 0).unwrap();
        let target = Duration::minutes(minutes);
        let deadline = add_business_time(&submitted, target, &cal).unwrap();
        prop_assert!(deadline >= submitted);
        prop_assert_eq!(business_time_between(&submitted, &deadline, &cal), target);
        // Earliest such instant: a second earlier, the target had not yet elapsed.
        if minutes > 0 {
            let just_before = deadline - Duration::seconds(1);
            prop_assert!(business_time_between(&submitted, &just_before, &cal) < target);
        }
        // The timeline's windows add up to the same business time.
        let windows = open_windows(&submitted, &deadline, &cal).unwrap();
        let shaded = windows.iter().fold(Duration::zero(), |sum, (a, b)| sum + (*b - *a));
        prop_assert_eq!(shaded, target);
        for (a, b) in &windows {
            prop_assert!(a < b);
            prop_assert!(cal.is_open(a));
        }
    }

    #[test]
    fn a_later_submission_never_gives_an_earlier_deadline(
        (cal, start) in calendar(),
        later_by in 0i64..(5 * 24 * 3600),
        minutes in 0i64..(24 * 60),
    ) {
        let first = Utc.timestamp_opt(start, 0).unwrap();
        let second = first + Duration::seconds(later_by);
        let target = Duration::minutes(minutes);
        let d1 = add_business_time(&first, target, &cal).unwrap();
        let d2 = add_business_time(&second, target, &cal).unwrap();
        prop_assert!(d1 <= d2, "{} then {}: {} > {}", first, second, d1, d2);
    }

    #[test]
    fn no_time_counts_on_holidays_or_weekends(
        (cal, start) in calendar(),
        days in 0i64..30,
    ) {
        let zone = cal.zone();
        let day = Utc.timestamp_opt(start, 0).unwrap().with_timezone(&zone).date_naive() + Duration::days(days);
        if !cal.is_business_day(day) {
            prop_assert!(cal.window_on(day).is_none());
        }
        if let Some((open, close)) = cal.window_on(day) {
            prop_assert!(open < close);
            prop_assert_eq!(business_time_between(&open, &close, &cal), close - open);
        }
    }
}
