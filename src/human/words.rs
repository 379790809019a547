//! Words as people type them: folding (case, accents, punctuation), tokens, small numbers in words and
//! the typo distance used to forgive misspellings.

/// Text longer than this (in characters) is no name: no close matches are looked for.
pub const MAX_NAME_CHARS: usize = 64;

/// Words at least this long forgive one typo ([`typo_budget`]).
pub const MIN_TYPO_LEN: usize = 5;
/// Words at least this long forgive two typos.
pub const MIN_TWO_TYPO_LEN: usize = 8;

/// Folds one character for matching: lower case, common Latin accents dropped (`é` → `e`, `ß` → `ss`
/// is left as `ß`: only single-letter folds). Characters without a fold are lower-cased.
pub fn fold_char(c: char) -> char {
    let c = c.to_lowercase().next().unwrap_or(c);
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        '’' | '‘' => '\'',
        other => other,
    }
}

/// The key a name is looked up by: folded, every run of characters other than letters and digits
/// turned into one space, trimmed ("Côte d’Ivoire" → "cote d ivoire", "New_York" → "new york").
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().map(fold_char) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// Splits a question into tokens: folded words and numbers; `:` `/` `-` `+` `.` stay inside a token
/// when they join digits (`16:30`, `12/08/2025`, `2026-08-12`, `4.30`), and a hyphen between letters
/// splits (`tenant-specific` → `tenant`, `specific`). Each token keeps its byte span in `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let mut word = String::new();
        let mut end = start;
        while i < chars.len() {
            let (at, c) = chars[i];
            let joins_digits = matches!(c, ':' | '/' | '-' | '.' | '+')
                && word.chars().last().is_some_and(|p| p.is_ascii_digit())
                && chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit());
            if c.is_alphanumeric() || joins_digits {
                word.push(fold_char(c));
                end = at + c.len_utf8();
                i += 1;
            } else {
                break;
            }
        }
        out.push(Token {
            text: word,
            start,
            end,
        });
    }
    out
}

/// One token of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded word.
    pub text: String,
    /// Byte offset of its first character in the question.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
}

/// How many typos a word of this many characters forgives: none under [`MIN_TYPO_LEN`], one, or two
/// from [`MIN_TWO_TYPO_LEN`].
pub fn typo_budget(len: usize) -> usize {
    if len >= MIN_TWO_TYPO_LEN {
        2
    } else if len >= MIN_TYPO_LEN {
        1
    } else {
        0
    }
}

/// Whether `typed` is `word` or within its typo budget of it (the budget is the word's: a typed word
/// never makes a short word fuzzy).
pub fn matches_word(word: &str, typed: &str) -> bool {
    if word == typed {
        return true;
    }
    let budget = typo_budget(word.chars().count());
    budget > 0 && within_distance(word, typed, budget)
}

/// Whether the edit distance between `a` and `b` is at most `max` (see [`distance_at_most`]).
pub fn within_distance(a: &str, b: &str, max: usize) -> bool {
    distance_at_most(a, b, max).is_some()
}

/// The edit distance between `a` and `b` (insertions, deletions, substitutions and swaps of two
/// adjacent characters, in characters) when it is at most `max`; gives up as soon as a whole row
/// exceeds `max`.
pub fn distance_at_most(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 0..a.len() {
        row[0] = i + 1;
        let mut best = row[0];
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            row[j + 1] = d;
            best = best.min(d);
        }
        if best > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    prev.last().copied().filter(|d| *d <= max)
}

/// A small number written as digits or as an English word ("4", "four", "a", "an", "one"…"twelve").
pub fn small_number(word: &str) -> Option<u32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match word {
        "a" | "an" => Some(1),
        _ => WORDS
            .iter()
            .position(|w| *w == word)
            .and_then(|n| u32::try_from(n).ok())
            .or_else(|| {
                (word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| word.parse().ok())
                    .flatten()
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_punctuation() {
        assert_eq!(key("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(key("  America/New_York "), "america new york");
        assert_eq!(key("España"), "espana");
    }

    #[test]
    fn tokens_keep_times_and_dates_whole() {
        let words: Vec<String> =
            tokens("Sev-B submitted Fri 16:30, closed 12/08/2025 (tenant-specific)")
                .into_iter()
                .map(|t| t.text)
                .collect();
        assert_eq!(
            words,
            [
                "sev",
                "b",
                "submitted",
                "fri",
                "16:30",
                "closed",
                "12/08/2025",
                "tenant",
                "specific"
            ]
        );
    }

    #[test]
    fn typo_distance_is_bounded() {
        assert!(matches_word("reopen", "reopne"));
        assert!(matches_word("prodirect", "prodircet"));
        assert!(!matches_word("open", "opne"));
        assert!(!matches_word("reopen", "rescan"));
        assert_eq!(distance_at_most("kitten", "sitting", 3), Some(3));
        assert_eq!(distance_at_most("kitten", "sitting", 2), None);
    }

    #[test]
    fn small_numbers_in_words_and_digits() {
        assert_eq!(small_number("four"), Some(4));
        assert_eq!(small_number("a"), Some(1));
        assert_eq!(small_number("12"), Some(12));
        assert_eq!(small_number("many"), None);
    }
}
