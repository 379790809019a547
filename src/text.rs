//! Showing untrusted text safely: to a terminal, inside error messages, and in HTML.
//!
//! Titles, headings, snippets, file names and diagnostics come from folders the user does not control,
//! and error messages echo what the user (or a client program) typed. Two rules keep both harmless:
//!
//! * **No control characters reach a terminal.** [`for_terminal`] (multi-line text such as markdown)
//!   and [`for_terminal_line`] (one-line fields: titles, file names, messages) replace C0 controls, DEL
//!   and C1 controls with a visible `\u{..}` escape, so a file cannot set the window title (OSC 0),
//!   write the clipboard (OSC 52), clear the screen or forge lines. [`escape_json_controls`] does the
//!   same for JSON text, whose encoder (serde_json) escapes C0 but leaves DEL and C1 raw.
//! * **An echoed value is bounded.** [`clip`] cuts a value to [`MAX_ECHO_CHARS`] characters followed
//!   by `…`, so a 50 MB fact name gives an error of a few hundred bytes, not 100 MB.
//!
//! HTML built in Rust (the reader's markup in [`crate::render`], search snippets) escapes text with the
//! crate's one HTML escaper, `escape_html`.

use std::borrow::Cow;

/// Most characters of a user's or a file's value that an error message repeats; the rest becomes `…`.
pub const MAX_ECHO_CHARS: usize = 200;

/// `value` cut to its first `max_chars` characters followed by `…` when it is longer; borrowed when
/// it is short enough. Runs in O(`max_chars`), whatever the length of `value`.
pub fn clip(value: &str, max_chars: usize) -> Cow<'_, str> {
    match value.char_indices().nth(max_chars) {
        Some((end, _)) => Cow::Owned(format!("{}…", &value[..end])),
        None => Cow::Borrowed(value),
    }
}

/// [`clip`] at [`MAX_ECHO_CHARS`]: how an error message quotes a value it was given.
pub fn echo(value: &str) -> Cow<'_, str> {
    clip(value, MAX_ECHO_CHARS)
}

/// `text` escaped for HTML, as a text node or a quoted attribute value: `&`, `<`, `>`, `"` and `'`.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether `c` is a control character a terminal may act on: C0 (U+0000–U+001F), DEL (U+007F) or
/// C1 (U+0080–U+009F).
fn is_control(c: char) -> bool {
    c.is_control()
}

/// Multi-line text for a terminal: line feeds and tabs are kept, a CR before a LF is dropped (CRLF
/// files), every other control character becomes a visible escape such as `\u{1b}`.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    escape_controls(text, true)
}

/// One-line text for a terminal (a title, a file name, an error message): like [`for_terminal`], but
/// line feeds and carriage returns are escaped too, so a value cannot forge or overwrite a line.
pub fn for_terminal_line(text: &str) -> Cow<'_, str> {
    escape_controls(text, false)
}

fn escape_controls(text: &str, multi_line: bool) -> Cow<'_, str> {
    let keep = |c: char| c == '\t' || (multi_line && c == '\n');
    if !text.chars().any(|c| is_control(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if multi_line && c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_control(c) && !keep(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether UTF-8 `bytes` may hold DEL or a C1 control (one pass of memchr): DEL is the byte 0x7f, a C1
/// control starts with the byte 0xc2. `false` means [`escape_json_controls`] has nothing to do.
pub fn may_hold_raw_controls(bytes: &[u8]) -> bool {
    memchr::memchr2(0x7f, 0xc2, bytes).is_some()
}

/// JSON text with DEL and the C1 controls written as `\u007f`, `\u009b`…, which serde_json leaves raw:
/// the same JSON value, but nothing a terminal acts on. Structural JSON is ASCII, so these characters
/// can only be inside strings, where the escape means the same character.
pub fn escape_json_controls(json: &str) -> Cow<'_, str> {
    // C0 controls inside strings are escaped by serde_json already; outside strings they are the
    // layout of pretty-printed JSON (`\n`), which stays.
    let raw = |c: char| c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c);
    if !may_hold_raw_controls(json.as_bytes()) || !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Month names, January first (`month0` indexes them).
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names, Monday first (`num_days_from_monday` indexes them).
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A calendar date as people read it: `Wednesday 12 August 2026`.
pub fn date_words(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match DAYS.get(date.weekday().num_days_from_monday() as usize) {
        // Written by hand (answers word several dates each, and chrono's format parses its pattern
        // every time): what `format("%A %-d %B %Y")` writes for four-digit years.
        Some(day) if (0..=9999).contains(&date.year()) => format!("{day} {}", day_month_year(date)),
        _ => date.format("%A %-d %B %Y").to_string(),
    }
}

/// A calendar date as people write it in a sentence: `12 August 2026`.
pub fn day_month_year(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match MONTHS.get(date.month0() as usize) {
        Some(month) if (0..=9999).contains(&date.year()) => {
            format!("{} {month} {:04}", date.day(), date.year())
        }
        _ => date.format("%-d %B %Y").to_string(),
    }
}

/// An instant as people read it, in its own offset: `Monday 23 November 2026, 08:00 (UTC−06:00)`.
pub fn instant_words(instant: &chrono::DateTime<chrono::FixedOffset>) -> String {
    use chrono::Timelike;
    let offset = instant.offset().local_minus_utc();
    if offset % 60 != 0 {
        // An offset with seconds: chrono's own wording of it.
        let offset = instant.format("%:z").to_string().replace('-', "−");
        return format!("{} (UTC{offset})", instant.format("%A %-d %B %Y, %H:%M"));
    }
    // Written by hand (answers print one or two per question): what the chrono format above writes.
    let sign = if offset < 0 { '−' } else { '+' };
    format!(
        "{}, {:02}:{:02} (UTC{sign}{:02}:{:02})",
        date_words(instant.date_naive()),
        instant.hour(),
        instant.minute(),
        offset.abs() / 3600,
        offset.abs() / 60 % 60,
    )
}

/// A time zone as people name it, from its id: its city's time (`Asia/Tokyo` → "Tokyo time",
/// `America/Argentina/Buenos_Aires` → "Buenos Aires time"), its offset for a fixed `Etc/GMT±N` zone
/// (`Etc/GMT-8` → "UTC+08:00"), or "UTC" for UTC. The one wording of a zone, so no zone id reaches a person (the policy's
/// business-hours descriptions may use it too: `text` depends on nothing of the crate).
pub fn zone_place(zone: &str) -> String {
    let zone = zone.trim();
    // Etc/GMT-8 is eight hours ahead of UTC (the sign is POSIX's, the reverse of what people write).
    if let Some(hours) = zone
        .strip_prefix("Etc/GMT")
        .and_then(|n| n.parse::<i32>().ok())
        .filter(|h| *h != 0)
    {
        return format!(
            "UTC{}{:02}:00",
            if hours < 0 { '+' } else { '−' },
            hours.abs()
        );
    }
    if zone.eq_ignore_ascii_case("utc") || zone.starts_with("Etc/") || !zone.contains('/') {
        return "UTC".to_string();
    }
    let city = zone.rsplit_once('/').map_or(zone, |(_, city)| city);
    format!("{} time", city.replace('_', " "))
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;

    /// The wording of an instant as chrono's format writes it (what `instant_words` writes by hand).
    fn instant_words_by_chrono(instant: &chrono::DateTime<chrono::FixedOffset>) -> String {
        let offset = instant.format("%:z").to_string().replace('-', "−");
        format!("{} (UTC{offset})", instant.format("%A %-d %B %Y, %H:%M"))
    }

    #[test]
    fn a_deadline_is_worded_with_its_day_date_time_and_offset() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T08:00:00-06:00").unwrap();
        assert_eq!(
            instant_words(&t),
            "Monday 23 November 2026, 08:00 (UTC−06:00)"
        );
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-01T00:05:00+05:30").unwrap();
        assert_eq!(instant_words(&t), "Sunday 1 March 2026, 00:05 (UTC+05:30)");
        let t = chrono::DateTime::parse_from_rfc3339("2021-01-26T17:30:00Z").unwrap();
        assert_eq!(
            instant_words(&t),
            "Tuesday 26 January 2021, 17:30 (UTC+00:00)"
        );
    }

    proptest::proptest! {
        #[test]
        fn instants_are_worded_as_chrono_formats_them(
            // Years about −250 to 11,500: beyond four digits and before year 0 too.
            seconds in -70_000_000_000i64..300_000_000_000i64,
            // Whole-minute offsets (every RFC 3339 one), and any second of a day.
            offset in proptest::prop_oneof![
                (-1439..1440i32).prop_map(|m| m * 60),
                -86_399..86_400i32,
            ],
        ) {
            let offset = chrono::FixedOffset::east_opt(offset).unwrap();
            let t = chrono::DateTime::from_timestamp(seconds, 0).unwrap().with_timezone(&offset);
            proptest::prop_assert_eq!(instant_words(&t), instant_words_by_chrono(&t));
        }

        #[test]
        fn dates_are_worded_as_chrono_formats_them(
            // Days about −250 to 11,500 AD: beyond four digits and before year 0 too.
            days in -91_000i32..3_500_000i32,
        ) {
            let date = chrono::NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            proptest::prop_assert_eq!(date_words(date), date.format("%A %-d %B %Y").to_string());
            proptest::prop_assert_eq!(day_month_year(date), date.format("%-d %B %Y").to_string());
            // ISO dates are written with `to_string` (chrono's Display), the same as "%Y-%m-%d".
            proptest::prop_assert_eq!(date.to_string(), date.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn zones_are_named_by_their_place_or_their_offset_never_their_id() {
        assert_eq!(zone_place("Asia/Tokyo"), "Tokyo time");
        assert_eq!(
            zone_place("America/Argentina/Buenos_Aires"),
            "Buenos Aires time"
        );
        assert_eq!(zone_place("Etc/GMT-8"), "UTC+08:00");
        assert_eq!(zone_place("Etc/GMT+5"), "UTC−05:00");
        assert_eq!(zone_place("Etc/UTC"), "UTC");
        assert_eq!(zone_place("UTC"), "UTC");
    }

    #[test]
    fn clip_bounds_long_values_and_keeps_short_ones() {
        assert_eq!(clip("abc", 3), "abc");
        assert!(matches!(clip("abc", 3), Cow::Borrowed(_)));
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("ééééé", 2), "éé…");
        let huge = "k".repeat(1_000_000);
        assert_eq!(echo(&huge).chars().count(), MAX_ECHO_CHARS + 1);
    }

    #[test]
    fn terminal_text_has_no_control_characters_left() {
        let hostile =
            "T\x1b]0;pwned\x07i\x1b]52;c;ZXZpbA==\x07t\x1b[2J\u{9b}31ml\x7fe\r\nnext\tcol\rover";
        let multi = for_terminal(hostile);
        assert_eq!(
            multi,
            "T\\u{1b}]0;pwned\\u{7}i\\u{1b}]52;c;ZXZpbA==\\u{7}t\\u{1b}[2J\\u{9b}31ml\\u{7f}e\nnext\tcol\\u{d}over"
        );
        let line = for_terminal_line(hostile);
        assert!(!line.contains('\n') && line.contains("e\\u{d}\\u{a}next\tcol"));
        for text in [&*multi, &*line] {
            assert!(
                text.chars()
                    .all(|c| !c.is_control() || c == '\n' || c == '\t'),
                "{text:?}"
            );
        }
        assert!(matches!(for_terminal("plain – text\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_text_escapes_del_and_c1_and_stays_the_same_value() {
        let value = serde_json::json!({"title": "a\u{9b}2Jb\u{7f}c\u{1b}d\u{85}\ne"});
        for raw in [
            serde_json::to_string(&value).unwrap_or_default(),
            serde_json::to_string_pretty(&value).unwrap_or_default(),
        ] {
            assert!(raw.contains('\u{9b}'), "serde_json leaves C1 raw: {raw:?}");
            let escaped = escape_json_controls(&raw);
            assert!(
                !escaped.chars().any(|c| c.is_control() && c != '\n'),
                "{escaped}"
            );
            let back: serde_json::Value = serde_json::from_str(&escaped).unwrap_or_default();
            assert_eq!(back, value);
        }
    }
}
