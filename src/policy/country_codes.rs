//! The ISO 3166-1 alpha-2 country codes: the one list the policy framework (a `country` fact) and the
//! `response_time` tables and the country table of `human` check codes against.

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

/// The codes of [`ISO_3166_ALPHA2`] as a table of 26 × 26 flags (`AA` first), built at compile time:
/// a lookup per fact value, no scan of the list.
const ASSIGNED: [bool; COUNTRY_INDICES] = {
    let list = ISO_3166_ALPHA2.as_bytes();
    let mut table = [false; COUNTRY_INDICES];
    let mut i = 0;
    while i + 1 < list.len() {
        table[(list[i] - b'A') as usize * 26 + (list[i + 1] - b'A') as usize] = true;
        i += 3;
    }
    table
};

/// How many [`country_index`] values there are (26 × 26).
pub const COUNTRY_INDICES: usize = 26 * 26;

/// A two-letter upper-case code as an index below [`COUNTRY_INDICES`] (`AA` is 0), whether assigned
/// or not: tables keyed by country are arrays indexed by it. `None` for anything else.
pub fn country_index(code: &str) -> Option<usize> {
    match code.as_bytes() {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
            Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
        }
        _ => None,
    }
}

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case).
pub fn is_iso_country(code: &str) -> bool {
    country_index(code).is_some_and(|i| ASSIGNED[i])
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

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

    #[test]
    fn the_lookup_table_accepts_exactly_the_listed_codes() {
        let listed: BTreeSet<&str> = ISO_3166_ALPHA2.split(' ').collect();
        for a in 'A'..='Z' {
            for b in 'A'..='Z' {
                let code = format!("{a}{b}");
                assert_eq!(
                    is_iso_country(&code),
                    listed.contains(code.as_str()),
                    "{code}"
                );
            }
        }
        assert_eq!(ASSIGNED.iter().filter(|&&f| f).count(), 249);
        for not_a_code in ["", "D", "de", "DEU", "D1", "É"] {
            assert!(!is_iso_country(not_a_code), "{not_a_code}");
        }
    }
}
