//! Understanding a question in words: which policy it is about and which facts it states
//! ("sev B ProDirect submitted friday 16:30 in Tokyo, when is the response due" → `response_time` with
//! plan, severity, submitted_at, time_zone and country).
//!
//! Deterministic and offline, a parser over data: the cue and fact phrases of
//! `docs-corpus/policy/understand.toml`, the enumeration labels of the policy descriptions with
//! `docs-corpus/policy/value-synonyms.toml`, the country table, and the date/time readers of this
//! module's siblings. Words are folded (case, accents, punctuation); a word of five letters or more
//! forgives one typo, of eight or more two.
//!
//! How a question is read:
//! 1. Policy: the policy whose cue phrases cover the most words wins (ties: the one with more facts
//!    stated, then registry order). No cue, no policy: the text is an ordinary search, and no facts are
//!    read.
//! 2. Places: after a place word ("in", "from", "based in"…), a city or country name sets the time zone
//!    and the country the policy asks about (a two-letter code counts only when typed in capitals:
//!    "in it" is not Italy).
//! 3. Dates: after a date phrase ("closed", "submitted"…) the longest run of words that reads as a date
//!    (or date-time, in the zone found or given) sets that fact; `bare_date` takes a date anywhere.
//! 4. Phrases that name no fact (`ignore`: "admin center"), then fixed phrases (`set`), then
//!    enumeration values by label or synonym (phrases of three characters or more), longest first, each
//!    word used once.
//! 5. Every word left that is not a small word ("the", "can", "when"…) is reported in `unparsed`.
//!
//! The parser is compiled once for the embedded registry (a few hundred phrases) and a question costs
//! microseconds (`benches/understand.rs`), so the desktop can run it on every keystroke.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::Value as J;

use super::countries::CountryTable;
use super::dates::{month, parse_date_words, weekday};
use super::times::{local_datetime, place};
use super::values::ValueSynonyms;
use super::words::{key, tokens, typo_budget, within_distance, Token};
use super::Context;
use crate::policy::framework::parse_json_value;
use crate::policy::{FactSpec, FactType, PolicySpec, Registry, SpecError};

/// Path of the phrase table inside `docs-corpus/`.
pub const UNDERSTAND_FILE: &str = "policy/understand.toml";
/// Words of a question beyond this many are ignored (a question is a sentence, not a page).
pub const MAX_QUESTION_WORDS: usize = 64;
/// The longest run of words read as a date or date-time.
pub const MAX_DATE_WORDS: usize = 6;
/// The longest place name, in words ("rio de janeiro").
pub const MAX_PLACE_WORDS: usize = 3;
/// Enumeration phrases shorter than this (folded) are not looked for in a sentence ("a", "en").
pub const MIN_VALUE_PHRASE_CHARS: usize = 3;

/// Small words that carry no fact: never reported as not understood.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "ago", "am", "an", "and", "any", "are", "as", "at", "be", "by", "can",
    "could", "do", "does", "for", "get", "has", "have", "how", "i", "if", "in", "is", "it", "its",
    "me", "my", "of", "on", "or", "our", "please", "should", "so", "still", "that", "the", "their",
    "them", "there", "they", "this", "to", "us", "was", "we", "were", "what", "when", "where",
    "which", "who", "why", "will", "with", "would", "you", "your",
];

/// What [`understand`] made of a question: `{"policy": ID or null, "facts": {...}, "unparsed": [...]}`,
/// facts in the JSON form `ask --json` takes (the contract of `supportkb understand --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Understood {
    /// The policy the question is about; `None` for an ordinary search.
    pub policy: Option<String>,
    /// The facts the question states, by fact name.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub facts: serde_json::Map<String, serde_json::Value>,
    /// The words that were not understood, as typed.
    pub unparsed: Vec<String>,
}

/// Reads a question in words (see the module docs). Never fails: what is not understood is reported
/// in `unparsed`; a question about no policy has `policy: None` and no facts.
pub fn understand(text: &str, registry: &Registry, ctx: &Context) -> Understood {
    let embedded = Registry::embedded().ok();
    if embedded.is_some_and(|e| std::ptr::eq(e, registry)) {
        if let Ok(parser) = Parser::embedded() {
            return parser.understand(text, ctx);
        }
    } else if let Ok(parser) = Parser::new(registry) {
        return parser.understand(text, ctx);
    }
    Understood {
        policy: None,
        facts: serde_json::Map::new(),
        unparsed: tokens(text).into_iter().map(|t| t.text).collect(),
    }
}

/// Checks the embedded phrase table against the embedded policies (start-up validation).
pub fn check_embedded() -> Result<(), SpecError> {
    Parser::embedded().map(|_| ())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    ignore: Vec<String>,
    places: Vec<String>,
    #[serde(default)]
    date: Vec<RawDate>,
    #[serde(default)]
    set: Vec<RawSet>,
    policy: Vec<RawPolicy>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    id: String,
    cues: Vec<String>,
    #[serde(default)]
    bare_date: Option<String>,
    #[serde(default)]
    date: Vec<RawDate>,
    #[serde(default)]
    set: Vec<RawSet>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDate {
    fact: String,
    after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    phrases: Vec<String>,
    facts: serde_json::Map<String, J>,
}

/// A phrase as word ids of the vocabulary.
type Phrase = Vec<u32>;

/// Every word of every phrase, with the typo budget of each.
#[derive(Debug, Default)]
struct Vocab {
    ids: HashMap<String, u32>,
    /// Words that forgive typos: (id, word, length in characters, budget, letters).
    fuzzy: Vec<(u32, String, usize, usize, u32)>,
}

impl Vocab {
    fn phrase(&mut self, text: &str) -> Phrase {
        tokens(text)
            .into_iter()
            .map(|t| t.text)
            .map(|w| {
                let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                let id = *self.ids.entry(w.to_string()).or_insert(next);
                if id == next {
                    let len = w.chars().count();
                    let budget = typo_budget(len);
                    if budget > 0 && !w.bytes().any(|b| b.is_ascii_digit()) {
                        self.fuzzy
                            .push((id, w.to_string(), len, budget, letters(&w)));
                    }
                }
                id
            })
            .collect()
    }

    /// The vocabulary words a typed token can be.
    fn candidates(&self, token: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(id) = self.ids.get(token) {
            out.push(*id);
        }
        let len = token.chars().count();
        if len + 2 >= super::words::MIN_TYPO_LEN {
            let typed = letters(token);
            for (id, word, wlen, budget, mask) in &self.fuzzy {
                // Each edit brings in or takes out at most one letter: a cheap bound before the distance.
                let (extra, missing) = ((typed & !mask).count_ones(), (mask & !typed).count_ones());
                let fits = |n: u32| usize::try_from(n).is_ok_and(|n| n <= *budget);
                if wlen.abs_diff(len) <= *budget
                    && fits(extra)
                    && fits(missing)
                    && !out.contains(id)
                    && within_distance(word, token, *budget)
                {
                    out.push(*id);
                }
            }
        }
        out
    }
}

/// The set of ASCII letters and digits of a word, as bits (other characters share one bit).
fn letters(word: &str) -> u32 {
    word.bytes().fold(0, |m, b| {
        m | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << 26,
            _ => 1 << 27,
        }
    })
}

/// What a matched phrase does.
#[derive(Debug, Clone)]
struct SetPhrase {
    phrase: Phrase,
    /// (fact index, value).
    facts: Vec<(usize, J)>,
}

#[derive(Debug)]
struct PolicyParser<'a> {
    spec: &'a PolicySpec,
    cues: Vec<Phrase>,
    dates: Vec<(Phrase, usize)>,
    bare_date: Option<usize>,
    /// Fixed phrases and enumeration values, longest first.
    sets: Vec<SetPhrase>,
    country: Option<usize>,
    zone: Option<usize>,
}

/// The compiled phrase table over one registry.
#[derive(Debug)]
struct Parser<'a> {
    vocab: Vocab,
    ignore: Vec<Phrase>,
    places: Vec<Phrase>,
    policies: Vec<PolicyParser<'a>>,
    countries: &'static CountryTable,
}

fn err(key: impl Into<String>, message: impl Into<String>) -> SpecError {
    SpecError::new(UNDERSTAND_FILE, key, message)
}

impl Parser<'static> {
    fn embedded() -> Result<&'static Parser<'static>, SpecError> {
        static PARSER: OnceLock<Result<Parser<'static>, SpecError>> = OnceLock::new();
        PARSER
            .get_or_init(|| Parser::new(Registry::embedded()?))
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl<'a> Parser<'a> {
    fn new(registry: &'a Registry) -> Result<Parser<'a>, SpecError> {
        let text = crate::corpus::embedded_file(UNDERSTAND_FILE)
            .ok_or_else(|| err("(file)", "not embedded in docs-corpus/"))?;
        Parser::parse(registry, text)
    }

    /// Compiles a phrase table (the text of an `understand.toml`) over `registry`, validating it.
    fn parse(registry: &'a Registry, text: &str) -> Result<Parser<'a>, SpecError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| err("(file)", e.to_string()))?;
        let synonyms = ValueSynonyms::embedded()?;
        let countries = CountryTable::embedded()?;
        let mut vocab = Vocab::default();
        let places = raw.places.iter().map(|p| vocab.phrase(p)).collect();
        let ignore = raw.ignore.iter().map(|p| vocab.phrase(p)).collect();
        let specs = registry.specs();
        // Top-level facts must exist somewhere.
        for (i, d) in raw.date.iter().enumerate() {
            if !specs.iter().any(|s| s.fact_index(&d.fact).is_some()) {
                return Err(err(
                    format!("date[{i}].fact"),
                    format!("no policy has a fact `{}`", d.fact),
                ));
            }
        }
        for (i, s) in raw.set.iter().enumerate() {
            for name in s.facts.keys() {
                if !specs.iter().any(|p| p.fact_index(name).is_some()) {
                    return Err(err(
                        format!("set[{i}].facts.{name}"),
                        "no policy has this fact",
                    ));
                }
            }
        }
        let mut policies = Vec::new();
        for (pi, rp) in raw.policy.iter().enumerate() {
            let at = |k: &str| format!("policy[{pi}].{k}");
            let spec = specs
                .iter()
                .copied()
                .find(|s| s.id == rp.id)
                .ok_or_else(|| err(at("id"), format!("no policy `{}`", rp.id)))?;
            if rp.cues.is_empty() {
                return Err(err(at("cues"), "a policy needs at least one cue"));
            }
            let cues = rp.cues.iter().map(|c| vocab.phrase(c)).collect();
            let fact_of = |k: String, name: &str, date: bool| -> Result<usize, SpecError> {
                let i = spec
                    .fact_index(name)
                    .ok_or_else(|| err(k.clone(), format!("`{}` has no fact `{name}`", spec.id)))?;
                if date && !matches!(spec.facts[i].ty, FactType::Date | FactType::DateTime) {
                    return Err(err(k, format!("`{name}` is not a date or date-time")));
                }
                Ok(i)
            };
            let mut dates = Vec::new();
            for (di, d) in rp.date.iter().enumerate() {
                let i = fact_of(at(&format!("date[{di}].fact")), &d.fact, true)?;
                dates.extend(d.after.iter().map(|p| (vocab.phrase(p), i)));
            }
            for d in &raw.date {
                if let Some(i) = spec.fact_index(&d.fact) {
                    dates.extend(d.after.iter().map(|p| (vocab.phrase(p), i)));
                }
            }
            let bare_date = match &rp.bare_date {
                Some(name) => Some(fact_of(at("bare_date"), name, true)?),
                None => None,
            };
            let mut sets = Vec::new();
            for (si, s) in rp.set.iter().enumerate() {
                let facts = set_facts(spec, &s.facts, &at(&format!("set[{si}]")), true)?;
                sets.extend(s.phrases.iter().map(|p| SetPhrase {
                    phrase: vocab.phrase(p),
                    facts: facts.clone(),
                }));
            }
            for (si, s) in raw.set.iter().enumerate() {
                let facts = set_facts(spec, &s.facts, &format!("set[{si}]"), false)?;
                if !facts.is_empty() {
                    sets.extend(s.phrases.iter().map(|p| SetPhrase {
                        phrase: vocab.phrase(p),
                        facts: facts.clone(),
                    }));
                }
            }
            for (fi, f) in spec.facts.iter().enumerate() {
                let FactType::Enum(values) = &f.ty else {
                    continue;
                };
                for (phrase, vi) in synonyms.phrases(f) {
                    if key(&phrase).chars().count() < MIN_VALUE_PHRASE_CHARS {
                        continue;
                    }
                    if let Some(v) = values.get(vi) {
                        sets.push(SetPhrase {
                            phrase: vocab.phrase(&phrase),
                            facts: vec![(fi, J::String(v.clone()))],
                        });
                    }
                }
            }
            // Longest first; a stable sort keeps fixed phrases before enumeration labels of one length.
            sets.sort_by_key(|s| std::cmp::Reverse(s.phrase.len()));
            let of_type = |ty: FactType| spec.facts.iter().position(|f| f.ty == ty);
            policies.push(PolicyParser {
                spec,
                cues,
                dates,
                bare_date,
                sets,
                country: of_type(FactType::Country),
                zone: of_type(FactType::TimeZone),
            });
        }
        Ok(Parser {
            vocab,
            ignore,
            places,
            policies,
            countries,
        })
    }

    fn understand(&self, text: &str, ctx: &Context) -> Understood {
        let mut toks = tokens(text);
        toks.truncate(MAX_QUESTION_WORDS);
        let candidates: Vec<Vec<u32>> = toks
            .iter()
            .map(|t| self.vocab.candidates(&t.text))
            .collect();
        let q = Question {
            text,
            toks: &toks,
            candidates: &candidates,
        };
        let mut best: Option<(usize, usize, Reading)> = None;
        for p in &self.policies {
            let cue = q.cover(&p.cues);
            let covered = cue.iter().filter(|c| **c).count();
            if covered == 0 {
                continue;
            }
            let reading = self.read(p, &q, cue, ctx);
            let stated = reading.facts.len();
            if best
                .as_ref()
                .is_none_or(|(c, s, _)| (covered, stated) > (*c, *s))
            {
                best = Some((covered, stated, reading));
            }
        }
        match best {
            Some((_, _, reading)) => Understood {
                policy: Some(reading.policy.to_string()),
                unparsed: q.leftover(&reading.used),
                facts: reading.facts,
            },
            None => Understood {
                policy: None,
                facts: serde_json::Map::new(),
                unparsed: q.leftover(&vec![false; toks.len()]),
            },
        }
    }

    /// The facts a question states for one policy.
    fn read<'p>(
        &self,
        p: &'p PolicyParser<'a>,
        q: &Question<'_>,
        cue: Vec<bool>,
        ctx: &Context,
    ) -> Reading<'p> {
        let n = q.toks.len();
        let mut taken = vec![false; n];
        let mut facts: Vec<Option<J>> = vec![None; p.spec.facts.len()];
        // Places.
        if p.country.is_some() || p.zone.is_some() {
            for (i, len) in q.matches(&self.places, &taken) {
                let mut start = i + len;
                if q.toks.get(start).is_some_and(|t| t.text == "the") {
                    start += 1;
                }
                for words in (1..=MAX_PLACE_WORDS).rev() {
                    let end = start + words;
                    if end > n || taken[start..end].iter().any(|t| *t) {
                        continue;
                    }
                    if let Some((zone, country)) = self.place(q, start, end) {
                        if let (Some(fi), Some(z)) = (p.zone, zone) {
                            facts[fi].get_or_insert_with(|| J::String(z.name().to_string()));
                        }
                        if let (Some(fi), Some(c)) = (p.country, country) {
                            facts[fi].get_or_insert(J::String(c));
                        }
                        taken[i..end].iter_mut().for_each(|t| *t = true);
                        break;
                    }
                }
            }
        }
        let zone: Option<Tz> = p
            .zone
            .and_then(|fi| facts[fi].as_ref())
            .and_then(J::as_str)
            .and_then(|z| z.parse().ok())
            .or(ctx.time_zone);
        // Dates after their phrases, then a bare date.
        let phrases: Vec<Phrase> = p.dates.iter().map(|(ph, _)| ph.clone()).collect();
        for (i, len) in q.matches(&phrases, &taken) {
            let Some((_, fi)) = p
                .dates
                .iter()
                .find(|(ph, _)| q.matches_at(ph, i) && ph.len() == len)
            else {
                continue;
            };
            if facts[*fi].is_some() {
                continue;
            }
            if let Some((end, value)) = self.date_after(p, *fi, q, i + len, &taken, ctx, zone) {
                facts[*fi] = Some(value);
                taken[i..end].iter_mut().for_each(|t| *t = true);
            }
        }
        if let Some(fi) = p.bare_date.filter(|fi| facts[*fi].is_none()) {
            for i in 0..n {
                if taken[i] || !starts_a_date(&q.toks[i].text) {
                    continue;
                }
                if let Some((end, value)) = self.date_after(p, fi, q, i, &taken, ctx, zone) {
                    facts[fi] = Some(value);
                    taken[i..end].iter_mut().for_each(|t| *t = true);
                    break;
                }
            }
        }
        // Phrases that name no fact, then fixed phrases and values, longest first, each word used once.
        for (i, len) in q.matches(&self.ignore, &taken) {
            taken[i..i + len].iter_mut().for_each(|t| *t = true);
        }
        for s in &p.sets {
            let len = s.phrase.len();
            if len == 0 || len > n {
                continue;
            }
            for i in 0..=(n - len) {
                if taken[i..i + len].iter().any(|t| *t) || !q.matches_at(&s.phrase, i) {
                    continue;
                }
                let mut used = false;
                for (fi, v) in &s.facts {
                    if facts[*fi].is_none() {
                        facts[*fi] = Some(v.clone());
                        used = true;
                    }
                }
                if used {
                    taken[i..i + len].iter_mut().for_each(|t| *t = true);
                }
            }
        }
        let used: Vec<bool> = taken.iter().zip(&cue).map(|(t, c)| *t || *c).collect();
        let facts = p
            .spec
            .facts
            .iter()
            .zip(facts)
            .filter_map(|(f, v)| v.map(|v| (f.name.clone(), v)))
            .collect();
        Reading {
            policy: &p.spec.id,
            facts,
            used,
        }
    }

    /// A city (→ its zone and that zone's country) or a country (→ it, and its zone when it has one)
    /// named by tokens `start..end`.
    fn place(
        &self,
        q: &Question<'_>,
        start: usize,
        end: usize,
    ) -> Option<(Option<Tz>, Option<String>)> {
        let words: Vec<&str> = q.toks[start..end].iter().map(|t| t.text.as_str()).collect();
        let folded = words.join(" ");
        if let Some(z) = self.countries.city_zone(&folded) {
            let country = self
                .countries
                .country_of_zone(z.name())
                .map(|c| c.code.clone());
            return Some((Some(z), country));
        }
        let country = self.countries.find_key(&folded)?;
        // A two-letter code counts only when typed in capitals ("in JP", not "in it").
        if folded.len() == 2 {
            let typed = q.text.get(q.toks[start].start..q.toks[end - 1].end)?;
            if typed != country.code {
                return None;
            }
        }
        let zone = super::zones::zone_of_country(country).ok();
        Some((zone, Some(country.code.clone())))
    }

    /// The longest run of words from `start` (at most [`MAX_DATE_WORDS`], not crossing a taken word)
    /// that reads as a value of date fact `fi`: its end and JSON value.
    #[allow(clippy::too_many_arguments)]
    fn date_after(
        &self,
        p: &PolicyParser<'a>,
        fi: usize,
        q: &Question<'_>,
        start: usize,
        taken: &[bool],
        ctx: &Context,
        zone: Option<Tz>,
    ) -> Option<(usize, J)> {
        let n = q.toks.len();
        let mut limit = start;
        while limit < n && limit - start < MAX_DATE_WORDS && !taken[limit] {
            limit += 1;
        }
        let fact: &FactSpec = &p.spec.facts[fi];
        for end in (start + 1..=limit).rev() {
            let words: Vec<&str> = q.toks[start..end].iter().map(|t| t.text.as_str()).collect();
            let value = match fact.ty {
                FactType::Date => parse_date_words(&words, ctx.today)
                    .ok()
                    .map(|d| J::String(d.format("%Y-%m-%d").to_string())),
                FactType::DateTime => local_datetime(&words, ctx.today)
                    .ok()
                    .and_then(|local| place(zone?, local))
                    .map(|t| J::String(t.to_rfc3339())),
                _ => None,
            };
            if let Some(v) = value {
                return Some((end, v));
            }
        }
        None
    }
}

/// Facts a `set` entry names, checked against a policy: `required` (a policy's own entry) fails on a
/// fact the policy lacks; a top-level entry keeps only the facts the policy has.
fn set_facts(
    spec: &PolicySpec,
    facts: &serde_json::Map<String, J>,
    at: &str,
    required: bool,
) -> Result<Vec<(usize, J)>, SpecError> {
    let mut out = Vec::new();
    for (name, value) in facts {
        let Some(i) = spec.fact_index(name) else {
            if required {
                return Err(err(
                    format!("{at}.facts.{name}"),
                    format!("`{}` has no such fact", spec.id),
                ));
            }
            continue;
        };
        match parse_json_value(&spec.facts[i], value) {
            Ok(Some(_)) => out.push((i, value.clone())),
            Ok(None) => {
                return Err(err(
                    format!("{at}.facts.{name}"),
                    "a phrase must set a value, not unknown",
                ))
            }
            Err(e) => return Err(err(format!("{at}.facts.{name}"), e.message)),
        }
    }
    Ok(out)
}

/// Whether a word can begin a date ("4", "friday", "aug", "yesterday", "last"…).
fn starts_a_date(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        || weekday(word).is_some()
        || month(word).is_some()
        || matches!(
            word,
            "today"
                | "yesterday"
                | "last"
                | "next"
                | "this"
                | "a"
                | "an"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
        )
}

/// The facts read for one policy and the words they used.
struct Reading<'p> {
    policy: &'p str,
    facts: serde_json::Map<String, J>,
    used: Vec<bool>,
}

/// A tokenized question with the vocabulary words each token can be.
struct Question<'q> {
    text: &'q str,
    toks: &'q [Token],
    candidates: &'q [Vec<u32>],
}

impl Question<'_> {
    fn matches_at(&self, phrase: &[u32], i: usize) -> bool {
        i + phrase.len() <= self.toks.len()
            && phrase
                .iter()
                .enumerate()
                .all(|(k, id)| self.candidates[i + k].contains(id))
    }

    /// Every (start, length) at which one of `phrases` matches over free words, in order of start.
    fn matches(&self, phrases: &[Phrase], taken: &[bool]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            let longest = phrases
                .iter()
                .filter(|p| !p.is_empty() && self.matches_at(p, i))
                .filter(|p| !taken[i..i + p.len()].iter().any(|t| *t))
                .map(Vec::len)
                .max();
            if let Some(len) = longest {
                out.push((i, len));
            }
        }
        out
    }

    /// Which words the cue phrases cover.
    fn cover(&self, cues: &[Phrase]) -> Vec<bool> {
        let mut covered = vec![false; self.toks.len()];
        for i in 0..self.toks.len() {
            for c in cues {
                if !c.is_empty() && self.matches_at(c, i) {
                    covered[i..i + c.len()].iter_mut().for_each(|x| *x = true);
                }
            }
        }
        covered
    }

    /// The words not used and not small words, as typed.
    fn leftover(&self, used: &[bool]) -> Vec<String> {
        self.toks
            .iter()
            .zip(used)
            .filter(|(t, u)| !**u && !STOP_WORDS.contains(&t.text.as_str()))
            .filter_map(|(t, _)| self.text.get(t.start..t.end).map(str::to_string))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn ctx() -> Context {
        Context::on(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
    }

    #[test]
    fn embedded_table_is_valid() {
        check_embedded().unwrap();
    }

    #[test]
    fn bad_tables_name_the_key() {
        let r = Registry::embedded().unwrap();
        let key_of = |text: &str| Parser::parse(r, text).unwrap_err().key;
        let head = "places = [\"in\"]\n";
        assert_eq!(
            key_of(&format!(
                "{head}[[policy]]\nid = \"nope\"\ncues = [\"x\"]\n"
            )),
            "policy[0].id"
        );
        assert_eq!(
            key_of(&format!("{head}[[policy]]\nid = \"reopen\"\ncues = []\n")),
            "policy[0].cues"
        );
        assert_eq!(
            key_of(&format!(
                "{head}[[policy]]\nid = \"reopen\"\ncues = [\"reopen\"]\n[[policy.set]]\nphrases = [\"x\"]\nfacts = {{ same_hardware = \"maybe\" }}\n"
            )),
            "policy[0].set[0].facts.same_hardware"
        );
        assert_eq!(
            key_of(&format!(
                "{head}[[policy]]\nid = \"reopen\"\ncues = [\"reopen\"]\n[[policy.date]]\nfact = \"same_user\"\nafter = [\"x\"]\n"
            )),
            "policy[0].date[0].fact"
        );
        assert_eq!(
            key_of(&format!("{head}[[set]]\nphrases = [\"x\"]\nfacts = {{ nope = true }}\n[[policy]]\nid = \"rca\"\ncues = [\"rca\"]\n")),
            "set[0].facts.nope"
        );
        assert!(Parser::parse(r, "not toml")
            .unwrap_err()
            .to_string()
            .starts_with(UNDERSTAND_FILE));
    }

    #[test]
    fn the_partner_question() {
        let r = Registry::embedded().unwrap();
        let u = understand(
            "sev B ProDirect submitted friday 16:30 in Tokyo, when is the response due",
            r,
            &ctx(),
        );
        assert_eq!(u.policy.as_deref(), Some("response_time"));
        assert_eq!(u.facts["severity"], "B");
        assert_eq!(u.facts["plan"], "prodirect");
        assert_eq!(u.facts["time_zone"], "Asia/Tokyo");
        assert_eq!(u.facts["country"], "JP");
        assert_eq!(u.facts["submitted_at"], "2026-11-27T16:30:00+09:00");
        assert!(u.unparsed.is_empty(), "{:?}", u.unparsed);
    }
}
