//! Time zones in people's words: a zone name in any case (`asia/tokyo`), a city (`Tokyo`, `New York`,
//! `Seattle`), or a country with exactly one zone (`Japan`). A country with several zones is refused
//! with its zones listed by city; a misspelt city gets close matches.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono_tz::{Tz, TZ_VARIANTS};

use super::countries::{city_of_zone, Country, CountryTable};
use super::times;
use super::words::{distance_at_most, key, typo_budget};

/// How many cities of a country with several zones an error lists.
pub const MAX_LISTED_ZONES: usize = 6;

/// Why a text names no single zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneProblem {
    /// A country with several zones: the country and its zones.
    SeveralZones(Country),
    /// A country without a zone of its own (an uninhabited territory).
    NoZone(Country),
    /// Nothing matches; close city names, if any.
    Unknown(Vec<String>),
}

/// A zone in words with its offset on `day` (at noon): "Tokyo time (UTC+09:00)", "Los Angeles time
/// (UTC-08:00)"; a fixed zone is its offset alone ("UTC+05:00", "UTC").
pub fn zone_words(zone: Tz, day: chrono::NaiveDate) -> String {
    let place = crate::text::zone_place(zone.name());
    match times::offset_on(zone, day) {
        // A fixed zone's place is its offset already.
        Some(offset) if place.starts_with("UTC") => offset,
        Some(offset) => format!("{place} ({offset})"),
        None => place,
    }
}

/// [`zone_words`] of a zone given by its id (`Asia/Tokyo`); `None` when chrono-tz knows no such zone.
pub fn zone_words_of(name: &str, day: chrono::NaiveDate) -> Option<String> {
    let zone = by_lower_name()
        .get(&name.trim().to_ascii_lowercase())
        .copied()?;
    Some(zone_words(zone, day))
}

/// A zone as [`zone_words`] writes it, read back: "Tokyo time (UTC+09:00)" → "Tokyo" (so what the
/// app shows can be typed or picked again); anything else trimmed.
fn without_words_of_zone(text: &str) -> &str {
    let mut rest = text.trim();
    if let Some(open) = rest.rfind(" (UTC") {
        if rest.ends_with(')') {
            rest = rest[..open].trim_end();
        }
    }
    match rest.len().checked_sub(" time".len()) {
        Some(cut) if rest.is_char_boundary(cut) && rest[cut..].eq_ignore_ascii_case(" time") => {
            rest[..cut].trim_end()
        }
        _ => rest,
    }
}

/// Every zone chrono-tz knows, by lower-cased name.
fn by_lower_name() -> &'static HashMap<String, Tz> {
    static MAP: OnceLock<HashMap<String, Tz>> = OnceLock::new();
    MAP.get_or_init(|| {
        TZ_VARIANTS
            .iter()
            .map(|z| (z.name().to_ascii_lowercase(), *z))
            .collect()
    })
}

/// The zone `text` names (see the module docs).
pub fn find_zone(table: &CountryTable, text: &str) -> Result<Tz, ZoneProblem> {
    let trimmed = without_words_of_zone(text);
    let lower = trimmed.to_ascii_lowercase();
    let exact = by_lower_name().get(&lower).copied();
    // Region/City names and UTC first; legacy single-word links ("Japan", "GB") go through the country.
    if let Some(z) = exact.filter(|_| lower.contains('/') || lower.starts_with("utc")) {
        return Ok(z);
    }
    let folded = key(trimmed);
    if let Some(z) = table.city_zone(&folded) {
        return Ok(z);
    }
    if let Some(country) = table.find_key(&folded) {
        return zone_of_country(country);
    }
    if let Some(z) = exact {
        return Ok(z);
    }
    Err(ZoneProblem::Unknown(close_cities(table, &folded)))
}

/// The zone of a country that keeps one time: its only zone, or its first (most populous) when all
/// its zones keep the same time in winter and summer (Germany's Busingen keeps Berlin's time).
pub fn zone_of_country(country: &Country) -> Result<Tz, ZoneProblem> {
    let zones: Vec<Tz> = country
        .zones
        .iter()
        .filter_map(|z| z.parse().ok())
        .collect();
    let Some(first) = zones.first().copied() else {
        return Err(ZoneProblem::NoZone(country.clone()));
    };
    let offsets = |z: Tz| SAME_TIME_PROBES.map(|(m, d)| times::offset_on(z, reference_day(m, d)));
    if zones.iter().all(|z| offsets(*z) == offsets(first)) {
        Ok(first)
    } else {
        Err(ZoneProblem::SeveralZones(country.clone()))
    }
}

/// The days on which "keeps the same time" is checked: mid-winter and mid-summer of
/// [`SAME_TIME_YEAR`], so both sides of daylight saving time are compared.
const SAME_TIME_PROBES: [(u32, u32); 2] = [(1, 15), (7, 15)];
/// The year of [`SAME_TIME_PROBES`] (fixed: the answer must not depend on the clock).
const SAME_TIME_YEAR: i32 = 2026;

fn reference_day(month: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(SAME_TIME_YEAR, month, day).unwrap_or_default()
}

/// City names of the table's zones within typo distance of `folded`, closest first.
fn close_cities(table: &CountryTable, folded: &str) -> Vec<String> {
    if folded.chars().count() > super::words::MAX_NAME_CHARS {
        return Vec::new();
    }
    let budget = typo_budget(folded.chars().count()).max(1) + 1;
    let mut scored: Vec<(usize, String)> = table
        .countries
        .iter()
        .flat_map(|c| &c.zones)
        .filter_map(|z| {
            let city = city_of_zone(z);
            distance_at_most(&key(&city), folded, budget).map(|d| (d, city))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// The cities of a country's zones, for a message (`New York, Chicago, Denver, …`).
pub fn listed_cities(country: &Country) -> String {
    let mut cities: Vec<String> = country
        .zones
        .iter()
        .take(MAX_LISTED_ZONES)
        .map(|z| city_of_zone(z))
        .collect();
    if country.zones.len() > MAX_LISTED_ZONES {
        cities.push("…".to_string());
    }
    cities.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_is_named_by_its_city_and_offset_never_by_its_id() {
        let winter = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let summer = chrono::NaiveDate::from_ymd_opt(2026, 7, 15).unwrap();
        assert_eq!(
            zone_words_of("Asia/Tokyo", winter).unwrap(),
            "Tokyo time (UTC+09:00)"
        );
        assert_eq!(
            zone_words_of("America/Los_Angeles", summer).unwrap(),
            "Los Angeles time (UTC-07:00)"
        );
        assert_eq!(
            zone_words_of("america/argentina/buenos_aires", winter).unwrap(),
            "Buenos Aires time (UTC-03:00)"
        );
        assert_eq!(zone_words_of("UTC", winter).unwrap(), "UTC+00:00");
        assert_eq!(zone_words_of("Etc/GMT-5", winter).unwrap(), "UTC+05:00");
        assert_eq!(zone_words_of("Mars/Olympus", winter), None);
        // What is shown can be typed or picked again.
        let table = CountryTable::embedded().unwrap();
        for zone in [
            "Asia/Tokyo",
            "America/Los_Angeles",
            "Europe/Berlin",
            "America/Mexico_City",
        ] {
            let words = zone_words_of(zone, winter).unwrap();
            assert_eq!(find_zone(table, &words).unwrap().name(), zone, "{words}");
        }
    }

    #[test]
    fn names_cities_and_countries() {
        let t = CountryTable::embedded().unwrap();
        assert_eq!(find_zone(t, "asia/tokyo"), Ok(chrono_tz::Asia::Tokyo));
        assert_eq!(find_zone(t, "Tokyo"), Ok(chrono_tz::Asia::Tokyo));
        assert_eq!(find_zone(t, "new york"), Ok(chrono_tz::America::New_York));
        assert_eq!(find_zone(t, "Berlin"), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(find_zone(t, "Japan"), Ok(chrono_tz::Asia::Tokyo));
        assert_eq!(find_zone(t, "UTC"), Ok(chrono_tz::UTC));
        assert_eq!(find_zone(t, "Seattle"), Ok(chrono_tz::America::Los_Angeles));
        assert!(
            matches!(find_zone(t, "United States"), Err(ZoneProblem::SeveralZones(c)) if c.code == "US")
        );
        match find_zone(t, "Tokio") {
            Err(ZoneProblem::Unknown(close)) => {
                assert_eq!(close.first().map(String::as_str), Some("Tokyo"))
            }
            other => panic!("{other:?}"),
        }
    }
}
