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

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case).
pub fn is_iso_country(code: &str) -> bool {
    code.len() == 2 && ISO_3166_ALPHA2.split(' ').any(|c| c == code)
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
}
