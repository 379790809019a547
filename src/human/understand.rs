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
//! 1. Words: a word the table knows is that word; another forgives one typo from five letters and two
//!    from eight, counting the smaller budget of the typed and the known word ("opened" is not
//!    "reopened", "tested" not "untested"). Table phrases may hold groups of alternatives
//!    (`(open|raise) (a|) (case|ticket)`).
//! 2. Policy: the policy whose cue phrases cover the most words wins (ties: the one with more facts
//!    read, then registry order). Without any, a policy's weak cue ("open a case") with a fact read for
//!    it, or two facts read for it (a plan and a severity; a place and a submission time) decide, the
//!    most facts first. Otherwise the text is an ordinary search, and no facts are read.
//! 3. Places: after a place word ("in", "from", "based in"…) or before one ("Japan customer"), or typed
//!    with a capital anywhere ("ProDirect, Paris"; a country's name also in lower case: "india"; never
//!    the names of `not_bare_places`: "Christmas"), a
//!    city or country name sets the time zone and the country the policy asks about (a two-letter code
//!    counts only when typed in capitals: "in it" is not Italy).
//! 4. Phrases that name no fact (`ignore`: "admin center"), then fixed phrases (`set`), then
//!    enumeration values by label or synonym (phrases of three characters or more), longest first, each
//!    word used once.
//! 5. Dates: a date phrase ("opened", "closed"…) claims the first date or date-time beginning within
//!    [`MAX_DATE_GAP`] words after it, past small words, words of facts read and `date_filler` words
//!    ("ticket") only (in the zone found or given), for its fact; a phrase of a fact the
//!    policy lacks claims its date too, so "a case I opened on Friday" gives no closing date. With the
//!    current instant in the context, "now", "just now" and "3 hours ago" are date-times too. Then
//!    `bare_date` takes a date anywhere else; when the fact's own phrase is there but its date was not
//!    readable next to it, only a date naming a day ("raised on Christmas Eve at 9am" is not raised
//!    today at 9am; "closed the ticket by mistake on Nov 3" is closed on 3 November).
//! 6. Every word left that is neither a small word ("the", "can", "when"…) nor a `quiet` word of the
//!    table ("ticket", "microsoft") is reported in `unparsed`.
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
use super::times::{local_datetime, names_a_day, place};
use super::values::ValueSynonyms;
use super::words::{key, tokens, typo_budget, within_distance, Token};
use super::Context;
use crate::policy::framework::parse_json_value;
use crate::policy::{FactType, PolicySpec, Registry, SpecError};

/// Path of the phrase table inside `docs-corpus/`.
pub const UNDERSTAND_FILE: &str = "policy/understand.toml";
/// Words of a question beyond this many are ignored (a question is a sentence, not a page).
pub const MAX_QUESTION_WORDS: usize = 64;
/// The longest run of words read as a date or date-time.
pub const MAX_DATE_WORDS: usize = 6;
/// The longest place name, in words ("rio de janeiro").
pub const MAX_PLACE_WORDS: usize = 3;
/// Without a cue word, a policy is recognised from this many facts read for it (a plan and a severity;
/// a place and a submission time), never from one ("billing" alone stays a search).
pub const MIN_EVIDENCE_WITHOUT_CUE: usize = 2;
/// A date phrase claims a date that begins at most this many words after it ("opened a Sev B at 5pm
/// Friday": the words of facts already read are skipped but counted).
pub const MAX_DATE_GAP: usize = 4;
/// A place typed without a place word must be this long ("Paris", not "US").
pub const MIN_BARE_PLACE_CHARS: usize = 4;
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
    /// What the reader can say about words the policy in force does not take: a value an older
    /// edition had ("Premier is a support plan of the support policy of 26 January 2021, not of the
    /// policy in force"). Sentences for the person who asked; left out of the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub notes: Vec<String>,
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
        notes: Vec::new(),
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
    places_before: Vec<String>,
    #[serde(default)]
    not_bare_places: Vec<String>,
    #[serde(default)]
    date_filler: Vec<String>,
    #[serde(default)]
    quiet: Vec<String>,
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
    weak_cues: Vec<String>,
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

/// Phrases indexed by their first word, so a question looks up only the phrases its words can begin.
#[derive(Debug, Default)]
struct Phrases {
    list: Vec<Phrase>,
    /// By word id: the phrases that begin with that word.
    by_first: Vec<Vec<usize>>,
}

impl Phrases {
    fn new(list: Vec<Phrase>) -> Phrases {
        let mut by_first: Vec<Vec<usize>> = Vec::new();
        for (k, p) in list.iter().enumerate() {
            if let Some(first) = p.first().and_then(|id| usize::try_from(*id).ok()) {
                if by_first.len() <= first {
                    by_first.resize_with(first + 1, Vec::new);
                }
                by_first[first].push(k);
            }
        }
        Phrases { list, by_first }
    }

    /// The indexes of the phrases that match at word `i` of `q`, in table order.
    fn at(&self, q: &Question<'_>, i: usize) -> Vec<usize> {
        let mut out: Vec<usize> = q.candidates[i]
            .iter()
            .filter_map(|id| self.by_first.get(usize::try_from(*id).ok()?))
            .flatten()
            .copied()
            .filter(|k| q.matches_at(&self.list[*k], i))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

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

    /// Every phrase a table entry stands for (see [`expand`]), as word ids; `at` names the entry in an
    /// error.
    fn phrases(&mut self, texts: &[String], at: &str) -> Result<Vec<Phrase>, SpecError> {
        let mut out = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let expanded = expand(text).map_err(|m| err(format!("{at}[{i}]"), m))?;
            out.extend(expanded.iter().map(|e| self.phrase(e)));
        }
        Ok(out)
    }

    /// The vocabulary words a typed token can be.
    fn candidates(&self, token: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(id) = self.ids.get(token) {
            // A word the table knows is that word, not a typo of another ("opened" is not "reopened").
            out.push(*id);
            return out;
        }
        let len = token.chars().count();
        // A typo costs the smaller budget of the two words: a short typed word does not become a long
        // one by gaining a prefix ("tested" is not "untested").
        let typed_budget = typo_budget(len);
        if typed_budget > 0 {
            let typed = letters(token);
            for (id, word, wlen, budget, mask) in &self.fuzzy {
                let budget = &(*budget).min(typed_budget);
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

/// The most phrases one table entry may stand for.
pub const MAX_EXPANSIONS: usize = 512;

/// The phrases a table entry stands for: each `(a|b|)` group is one of its alternatives, an empty one
/// leaving the word out ("(open|raise) (a|) (case|ticket)" → "open a case", "raise ticket"…).
fn expand(text: &str) -> Result<Vec<String>, String> {
    let Some(open) = text.find('(') else {
        if text.contains([')', '|']) {
            return Err(format!("`{text}`: `)` or `|` outside a group"));
        }
        return Ok(vec![text.to_string()]);
    };
    let close = text[open..]
        .find(')')
        .map(|c| open + c)
        .ok_or_else(|| format!("`{text}`: a `(` without its `)`"))?;
    let (head, group, tail) = (&text[..open], &text[open + 1..close], &text[close + 1..]);
    if head.contains([')', '|']) || group.contains('(') {
        return Err(format!("`{text}`: groups do not nest"));
    }
    let mut out = Vec::new();
    for rest in expand(tail)? {
        for alt in group.split('|') {
            out.push(format!("{head}{}{rest}", alt.trim()));
            if out.len() > MAX_EXPANSIONS {
                return Err(format!("`{text}`: more than {MAX_EXPANSIONS} phrases"));
            }
        }
    }
    Ok(out)
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
    cues: Phrases,
    /// Cues that name the policy only when no other policy's `cues` do ("open a case").
    weak_cues: Phrases,
    bare_date: Option<usize>,
    /// Fixed phrases and enumeration values, longest first.
    sets: Vec<SetPhrase>,
    /// The phrases of `sets`, in their order.
    set_phrases: Phrases,
    /// Values of this policy's facts in older editions only, and what to say about each.
    older_values: Vec<(Phrase, String)>,
    country: Option<usize>,
    zone: Option<usize>,
}

/// The compiled phrase table over one registry.
#[derive(Debug)]
struct Parser<'a> {
    vocab: Vocab,
    ignore: Phrases,
    places: Phrases,
    /// Words a place name comes just before ("Japan customer", "Seattle time").
    places_before: Phrases,
    /// Place names (folded) that are read only after or before a place word ("Christmas").
    not_bare_places: Vec<String>,
    /// Words (folded) that may stand between a date phrase and its date besides small words and the
    /// words of facts read ("opened a Sev B incident on the 3rd").
    date_filler: Vec<String>,
    /// Words (folded) of the domain that name no fact and are not reported as not understood
    /// ("ticket", "microsoft"), besides the small words.
    quiet: Vec<String>,
    /// Every date phrase of the table, and the fact each introduces (same order).
    date_cues: Phrases,
    date_facts: Vec<String>,
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
        let places = Phrases::new(vocab.phrases(&raw.places, "places")?);
        let places_before = Phrases::new(vocab.phrases(&raw.places_before, "places_before")?);
        let ignore = Phrases::new(vocab.phrases(&raw.ignore, "ignore")?);
        let specs = registry.specs();
        let mut date_cues = Vec::new();
        // Top-level facts must exist somewhere.
        for (i, d) in raw.date.iter().enumerate() {
            if !specs.iter().any(|s| s.fact_index(&d.fact).is_some()) {
                return Err(err(
                    format!("date[{i}].fact"),
                    format!("no policy has a fact `{}`", d.fact),
                ));
            }
            for ph in vocab.phrases(&d.after, &format!("date[{i}].after"))? {
                date_cues.push((ph, d.fact.clone()));
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
            let cues = Phrases::new(vocab.phrases(&rp.cues, &at("cues"))?);
            let weak_cues = Phrases::new(vocab.phrases(&rp.weak_cues, &at("weak_cues"))?);
            let fact_of = |k: String, name: &str, date: bool| -> Result<usize, SpecError> {
                let i = spec
                    .fact_index(name)
                    .ok_or_else(|| err(k.clone(), format!("`{}` has no fact `{name}`", spec.id)))?;
                if date && !matches!(spec.facts[i].ty, FactType::Date | FactType::DateTime) {
                    return Err(err(k, format!("`{name}` is not a date or date-time")));
                }
                Ok(i)
            };
            for (di, d) in rp.date.iter().enumerate() {
                fact_of(at(&format!("date[{di}].fact")), &d.fact, true)?;
                for ph in vocab.phrases(&d.after, &at(&format!("date[{di}].after")))? {
                    date_cues.push((ph, d.fact.clone()));
                }
            }
            let bare_date = match &rp.bare_date {
                Some(name) => Some(fact_of(at("bare_date"), name, true)?),
                None => None,
            };
            let mut sets = Vec::new();
            for (si, s) in rp.set.iter().enumerate() {
                let at = at(&format!("set[{si}]"));
                let facts = set_facts(spec, &s.facts, &at, true)?;
                for phrase in vocab.phrases(&s.phrases, &format!("{at}.phrases"))? {
                    sets.push(SetPhrase {
                        phrase,
                        facts: facts.clone(),
                    });
                }
            }
            for (si, s) in raw.set.iter().enumerate() {
                let facts = set_facts(spec, &s.facts, &format!("set[{si}]"), false)?;
                if !facts.is_empty() {
                    for phrase in vocab.phrases(&s.phrases, &format!("set[{si}].phrases"))? {
                        sets.push(SetPhrase {
                            phrase,
                            facts: facts.clone(),
                        });
                    }
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
            let set_phrases = Phrases::new(sets.iter().map(|s| s.phrase.clone()).collect());
            let older_values = older_values(registry, spec, synonyms)
                .into_iter()
                .map(|(phrase, note)| (vocab.phrase(&phrase), note))
                .collect();
            let of_type = |ty: FactType| spec.facts.iter().position(|f| f.ty == ty);
            policies.push(PolicyParser {
                spec,
                cues,
                weak_cues,
                bare_date,
                sets,
                set_phrases,
                older_values,
                country: of_type(FactType::Country),
                zone: of_type(FactType::TimeZone),
            });
        }
        Ok(Parser {
            vocab,
            ignore,
            places,
            places_before,
            not_bare_places: raw.not_bare_places.iter().map(|p| key(p)).collect(),
            date_filler: raw.date_filler.iter().map(|p| key(p)).collect(),
            quiet: raw.quiet.iter().map(|p| key(p)).collect(),
            date_facts: date_cues.iter().map(|(_, f)| f.clone()).collect(),
            date_cues: Phrases::new(date_cues.into_iter().map(|(p, _)| p).collect()),
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
        let date_starts = starts_of_dates(&toks);
        let q = Question {
            text,
            toks: &toks,
            candidates: &candidates,
            date_starts: &date_starts,
        };
        let count = |c: &[bool]| c.iter().filter(|x| **x).count();
        let cues: Vec<(Vec<bool>, Vec<bool>)> = self
            .policies
            .iter()
            .map(|p| (q.cover(&p.cues), q.cover(&p.weak_cues)))
            .collect();
        // When a policy's own cue is there, only such policies can win: the others are not read.
        let any_strong = cues.iter().any(|(strong, _)| count(strong) > 0);
        let mut best: Option<((u8, usize, usize), Reading)> = None;
        for (p, (strong, weak)) in self.policies.iter().zip(cues) {
            let (strong_words, weak_words) = (count(&strong), count(&weak));
            if any_strong && strong_words == 0 {
                continue;
            }
            let cue: Vec<bool> = strong.iter().zip(&weak).map(|(s, w)| *s || *w).collect();
            let reading = self.read(p, &q, cue, ctx);
            // A policy's own cue decides; then a weak cue with a fact read for it or, without any
            // cue, two facts of one policy (a plan and a severity, a place and a submission time)
            // decide by the facts read. A weak cue alone ("purchased capacity") is a search.
            let rank = if strong_words > 0 {
                (2, strong_words, reading.evidence)
            } else if (weak_words > 0 && reading.evidence > 0)
                || reading.evidence >= MIN_EVIDENCE_WITHOUT_CUE
            {
                (1, reading.evidence, weak_words)
            } else {
                continue;
            };
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, reading));
            }
        }
        match best {
            Some((_, mut reading)) => {
                let notes = self
                    .policies
                    .iter()
                    .find(|p| p.spec.id == reading.policy)
                    .map(|p| q.notes(&p.older_values, &mut reading.used))
                    .unwrap_or_default();
                Understood {
                    policy: Some(reading.policy.to_string()),
                    unparsed: q.leftover(&reading.used, &self.quiet),
                    facts: reading.facts,
                    notes,
                }
            }
            None => Understood {
                policy: None,
                facts: serde_json::Map::new(),
                unparsed: q.leftover(&vec![false; toks.len()], &self.quiet),
                notes: Vec::new(),
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
        let mut evidence = 0;
        let has_place = p.country.is_some() || p.zone.is_some();
        // Places after a place word.
        if has_place {
            for (i, len) in q.matches(&self.places, &taken) {
                let mut start = i + len;
                if q.toks.get(start).is_some_and(|t| t.text == "the") {
                    start += 1;
                }
                if let Some(end) = self.set_place(p, q, start, &taken, &mut facts) {
                    taken[i..end].iter_mut().for_each(|t| *t = true);
                    evidence += 1;
                }
            }
            for (i, len) in q.matches(&self.places_before, &taken) {
                let found = (1..=MAX_PLACE_WORDS.min(i)).rev().find_map(|words| {
                    self.set_place_exactly(p, q, i - words, i, &taken, &mut facts)
                        .then_some(i - words)
                });
                if let Some(start) = found {
                    taken[start..i + len].iter_mut().for_each(|t| *t = true);
                    evidence += 1;
                }
            }
        }
        // Phrases that name no fact, then fixed phrases and values, longest first, each word used once.
        for (i, len) in q.matches(&self.ignore, &taken) {
            taken[i..i + len].iter_mut().for_each(|t| *t = true);
        }
        // Every (phrase, start) that matches, applied longest phrase first, then in table order.
        let mut found: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| p.set_phrases.at(q, i).into_iter().map(move |k| (k, i)))
            .collect();
        found.sort_unstable();
        for (k, i) in found {
            let s = &p.sets[k];
            let len = s.phrase.len();
            if taken[i..i + len].iter().any(|t| *t) {
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
                evidence += 1;
            }
        }
        // A place named without a place word: a city or country typed with a capital ("ProDirect,
        // Paris"; "Seattle time"), or a country's full name in lower case ("pro direct, india"); a
        // city in lower case is too often an ordinary word to be read as a place.
        if has_place {
            for i in 0..n {
                if taken[i] || q.toks[i].text.chars().count() < MIN_BARE_PLACE_CHARS {
                    continue;
                }
                let capital = q.capitalised(i);
                let end = (1..=MAX_PLACE_WORDS).rev().map(|w| i + w).find(|end| {
                    let name = q.toks.get(i..*end).map(|t| {
                        t.iter()
                            .map(|t| t.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    });
                    name.is_some_and(|n| {
                        !self.not_bare_places.contains(&n)
                            && (capital
                                || self
                                    .countries
                                    .find_key(&n)
                                    .is_some_and(|c| key(&c.code) != n))
                    }) && self.set_place_exactly(p, q, i, *end, &taken, &mut facts)
                });
                if let Some(end) = end {
                    taken[i..end].iter_mut().for_each(|t| *t = true);
                    evidence += 1;
                }
            }
        }
        let zone: Option<Tz> = p
            .zone
            .and_then(|fi| facts[fi].as_ref())
            .and_then(J::as_str)
            .and_then(|z| z.parse().ok())
            .or(ctx.time_zone);
        // Dates: a date phrase ("opened", "closed") claims the first date within a few words after
        // it, for its own fact; a phrase of a fact this policy lacks claims the date too, so it is not
        // read as another fact ("a case I opened on Friday" is no closing date).
        let cue_at = q.matches(&self.date_cues, &taken);
        let starts_cue = |k: usize| cue_at.iter().any(|(c, _)| *c == k);
        let mut claimed = vec![false; n];
        // Facts whose date phrase is in the question: their date is where the phrase says or nowhere.
        let mut phrased = vec![false; p.spec.facts.len()];
        for (i, len) in &cue_at {
            let (i, len) = (*i, *len);
            let Some(name) = self
                .date_cues
                .at(q, i)
                .into_iter()
                .find(|k| self.date_cues.list[*k].len() == len)
                .and_then(|k| self.date_facts.get(k))
            else {
                continue;
            };
            let own = p.spec.fact_index(name).filter(|fi| facts[*fi].is_none());
            if let Some(fi) = own {
                phrased[fi] = true;
            }
            // A phrase of a fact this policy lacks claims any date or local time (no zone needed).
            let ty = own.map_or(&FactType::String, |fi| &p.spec.facts[fi].ty);
            let mut s = i + len;
            while s < n && s <= i + len + MAX_DATE_GAP && !starts_cue(s) {
                if taken[s] || claimed[s] {
                    s += 1;
                    continue;
                }
                let word = q.toks[s].text.as_str();
                let filler =
                    STOP_WORDS.contains(&word) || self.date_filler.iter().any(|f| f == word);
                let date = q.date_starts[s]
                    .then(|| self.date_after(ty, q, s, &taken, ctx, zone))
                    .flatten();
                if let Some((end, value)) = date {
                    match own {
                        Some(fi) => {
                            facts[fi] = Some(value);
                            taken[i..i + len].iter_mut().for_each(|t| *t = true);
                            taken[s..end].iter_mut().for_each(|t| *t = true);
                            evidence += 1;
                        }
                        None => claimed[s..end].iter_mut().for_each(|t| *t = true),
                    }
                    break;
                }
                if !filler {
                    // An unknown word ends the search: "raised on Christmas Eve at 9am" has no date
                    // this reader can vouch for.
                    break;
                }
                s += 1;
            }
        }
        if let Some(fi) = p.bare_date.filter(|fi| facts[*fi].is_none()) {
            let ty = &p.spec.facts[fi].ty;
            for i in 0..n {
                if taken[i] || claimed[i] || !q.date_starts[i] {
                    continue;
                }
                let free: Vec<bool> = taken.iter().zip(&claimed).map(|(t, c)| *t || *c).collect();
                if let Some((end, value)) = self.date_after(ty, q, i, &free, ctx, zone) {
                    // When the fact's own phrase is there but its date was not readable next to it,
                    // a time alone is no answer ("raised on Christmas Eve at 9am" is not today 9am);
                    // nor is a "now" that no date phrase introduces ("what now?").
                    let words: Vec<&str> = q.toks[i..end].iter().map(|t| t.text.as_str()).collect();
                    if (phrased[fi] && !names_a_day(&words)) || words == ["now"] {
                        continue;
                    }
                    facts[fi] = Some(value);
                    taken[i..end].iter_mut().for_each(|t| *t = true);
                    evidence += 1;
                    break;
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
            evidence,
        }
    }

    /// Reads the longest place name from `start` (free words only) into the policy's zone and country
    /// facts (a fact already set is kept); the end of the name.
    fn set_place(
        &self,
        p: &PolicyParser<'a>,
        q: &Question<'_>,
        start: usize,
        taken: &[bool],
        facts: &mut [Option<J>],
    ) -> Option<usize> {
        (1..=MAX_PLACE_WORDS)
            .rev()
            .map(|words| start + words)
            .find(|end| self.set_place_exactly(p, q, start, *end, taken, facts))
    }

    /// Whether words `start..end` (all free) name a place; if so it is read as in [`Self::set_place`].
    fn set_place_exactly(
        &self,
        p: &PolicyParser<'a>,
        q: &Question<'_>,
        start: usize,
        end: usize,
        taken: &[bool],
        facts: &mut [Option<J>],
    ) -> bool {
        if end > q.toks.len() || taken[start..end].iter().any(|t| *t) {
            return false;
        }
        let Some((zone, country)) = self.place(q, start, end) else {
            return false;
        };
        if let (Some(fi), Some(z)) = (p.zone, zone) {
            facts[fi].get_or_insert_with(|| J::String(z.name().to_string()));
        }
        if let (Some(fi), Some(c)) = (p.country, country) {
            facts[fi].get_or_insert(J::String(c));
        }
        true
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
        // A two-letter name (a code, or "UK") counts only when typed in capitals ("in JP", "in the
        // UK", not "in it").
        if folded.len() == 2 {
            let typed = q.text.get(q.toks[start].start..q.toks[end - 1].end)?;
            if typed != typed.to_uppercase() {
                return None;
            }
        }
        let zone = super::zones::zone_of_country(country).ok();
        Some((zone, Some(country.code.clone())))
    }

    /// The longest run of words from `start` (at most [`MAX_DATE_WORDS`], not crossing a taken word)
    /// that reads as a value of type `ty` (any other type: a date or a local date-time, as the text
    /// typed): its end and JSON value.
    fn date_after(
        &self,
        ty: &FactType,
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
        for end in (start + 1..=limit).rev() {
            let words: Vec<&str> = q.toks[start..end].iter().map(|t| t.text.as_str()).collect();
            let value = match ty {
                FactType::Date => parse_date_words(&words, ctx.today)
                    .ok()
                    .map(|d| J::String(d.format("%Y-%m-%d").to_string())),
                FactType::DateTime => local_datetime(&words, ctx.today)
                    .ok()
                    .and_then(|local| place(zone?, local))
                    .or_else(|| recent_instant(&words, ctx, zone))
                    .map(|t| J::String(t.to_rfc3339())),
                _ => (parse_date_words(&words, ctx.today).is_ok()
                    || local_datetime(&words, ctx.today).is_ok()
                    || recent_instant(&words, ctx, zone).is_some())
                .then(|| J::String(words.join(" "))),
            };
            if let Some(v) = value {
                return Some((end, v));
            }
        }
        None
    }
}

/// The phrases naming values that a fact of `spec` had in an older edition and has no longer, each
/// with the sentence that says so ("Premier is a support plan of the support policy of 26 January
/// 2021, not of the policy in force").
fn older_values(
    registry: &Registry,
    spec: &PolicySpec,
    synonyms: &ValueSynonyms,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let newest = registry.newest_version();
    for edition in registry.editions() {
        if edition.policy_version == newest {
            continue;
        }
        let Ok(specs) = registry.specs_in(&edition.policy_version) else {
            continue;
        };
        let Some(old) = specs.into_iter().find(|s| s.id == spec.id) else {
            continue;
        };
        for old_fact in &old.facts {
            let (FactType::Enum(old_values), Some(now)) =
                (&old_fact.ty, spec.fact_index(&old_fact.name))
            else {
                continue;
            };
            let FactType::Enum(values) = &spec.facts[now].ty else {
                continue;
            };
            for (phrase, vi) in synonyms.phrases(old_fact) {
                let Some(value) = old_values.get(vi).filter(|v| !values.contains(v)) else {
                    continue;
                };
                if key(&phrase).chars().count() < MIN_VALUE_PHRASE_CHARS
                    || out.iter().any(|(p, _)| key(p) == key(&phrase))
                {
                    continue;
                }
                let mut name = edition.name.trim_end_matches('.').to_string();
                if let Some(first) = name.get(..1) {
                    name = format!("{}{}", first.to_lowercase(), &name[1..]);
                }
                if !name.starts_with("the ") {
                    name = format!("the {name}");
                }
                let note = format!(
                    "{} is a {} of {name}, not of the policy in force.",
                    old_fact.value_label(value),
                    old_fact.label.to_lowercase(),
                );
                out.push((phrase, note));
            }
        }
    }
    out
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

/// An instant counted back from `ctx.now` ("now", "just now", "3 hours ago", "half an hour ago",
/// "20 minutes ago"), shown in `zone` when one is known; none without `ctx.now`.
fn recent_instant(
    words: &[&str],
    ctx: &Context,
    zone: Option<Tz>,
) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let now = ctx.now?;
    let minutes: i64 = match words {
        ["now"] | ["just" | "right", "now"] => 0,
        ["half", "an", "hour", "ago"] => 30,
        [n, unit, "ago"] => {
            let n = i64::from(super::words::small_number(n).filter(|n| *n <= 99)?);
            match *unit {
                "hour" | "hours" | "hr" | "hrs" | "h" => n * 60,
                "minute" | "minutes" | "min" | "mins" => n,
                _ => return None,
            }
        }
        _ => return None,
    };
    let t = now.checked_sub_signed(chrono::TimeDelta::try_minutes(minutes)?)?;
    Some(match zone {
        Some(z) => t.with_timezone(&z).fixed_offset(),
        None => t,
    })
}

/// Which words can begin a date: a date word, or up to two leading words before one ("on the 3rd",
/// "last friday", "a month ago", "at 5pm"). Checked before trying to read a date, which is costly.
fn starts_of_dates(toks: &[Token]) -> Vec<bool> {
    let date_word: Vec<bool> = toks.iter().map(|t| is_date_word(&t.text)).collect();
    let leads: Vec<bool> = toks
        .iter()
        .map(|t| {
            matches!(
                t.text.as_str(),
                "at" | "on"
                    | "the"
                    | "last"
                    | "next"
                    | "this"
                    | "past"
                    | "previous"
                    | "coming"
                    | "just"
                    | "right"
                    | "half"
            ) || super::words::small_number(&t.text).is_some()
        })
        .collect();
    let at = |v: &[bool], k: usize| v.get(k).copied().unwrap_or(false);
    (0..toks.len())
        .map(|i| {
            at(&date_word, i)
                || (at(&leads, i)
                    && (at(&date_word, i + 1) || (at(&leads, i + 1) && at(&date_word, i + 2))))
        })
        .collect()
}

/// A word that is part of every date it begins ("4", "friday", "aug", "yesterday", "noon", "weeks").
fn is_date_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            word,
            "today"
                | "yesterday"
                | "tomorrow"
                | "tonight"
                | "noon"
                | "midday"
                | "midnight"
                | "day"
                | "days"
                | "week"
                | "weeks"
                | "month"
                | "months"
                | "year"
                | "years"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "now"
                | "hour"
                | "hours"
                | "hr"
                | "hrs"
                | "minute"
                | "minutes"
                | "min"
                | "mins"
        )
        || weekday(word).is_some()
        || month(word).is_some()
}

/// The facts read for one policy and the words they used.
struct Reading<'p> {
    policy: &'p str,
    facts: serde_json::Map<String, J>,
    used: Vec<bool>,
    /// How many phrases, places and dates set facts (a place setting zone and country counts once).
    evidence: usize,
}

/// A tokenized question with the vocabulary words each token can be.
struct Question<'q> {
    text: &'q str,
    toks: &'q [Token],
    candidates: &'q [Vec<u32>],
    /// Which words can begin a date ([`starts_of_dates`]).
    date_starts: &'q [bool],
}

impl Question<'_> {
    /// Whether word `i` was typed with a capital letter first.
    fn capitalised(&self, i: usize) -> bool {
        self.text
            .get(self.toks[i].start..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_uppercase)
    }

    fn matches_at(&self, phrase: &[u32], i: usize) -> bool {
        i + phrase.len() <= self.toks.len()
            && phrase
                .iter()
                .enumerate()
                .all(|(k, id)| self.candidates[i + k].contains(id))
    }

    /// Every (start, length) at which one of `phrases` matches over free words, in order of start.
    fn matches(&self, phrases: &Phrases, taken: &[bool]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            let longest = phrases
                .at(self, i)
                .into_iter()
                .map(|k| phrases.list[k].len())
                .filter(|len| !taken[i..i + len].iter().any(|t| *t))
                .max();
            if let Some(len) = longest {
                out.push((i, len));
            }
        }
        out
    }

    /// Which words the cue phrases cover.
    fn cover(&self, cues: &Phrases) -> Vec<bool> {
        let mut covered = vec![false; self.toks.len()];
        for i in 0..self.toks.len() {
            for k in cues.at(self, i) {
                let len = cues.list[k].len();
                covered[i..i + len].iter_mut().for_each(|x| *x = true);
            }
        }
        covered
    }

    /// The notes of the `older` phrases found among the words not used (which they then use).
    fn notes(&self, older: &[(Phrase, String)], used: &mut [bool]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for i in 0..self.toks.len() {
            for (phrase, note) in older {
                let end = i + phrase.len();
                if phrase.is_empty()
                    || end > used.len()
                    || used[i..end].iter().any(|u| *u)
                    || !self.matches_at(phrase, i)
                {
                    continue;
                }
                used[i..end].iter_mut().for_each(|u| *u = true);
                if !out.contains(note) {
                    out.push(note.clone());
                }
            }
        }
        out
    }

    /// The words not used and neither small words nor `quiet` ones, as typed.
    fn leftover(&self, used: &[bool], quiet: &[String]) -> Vec<String> {
        self.toks
            .iter()
            .zip(used)
            .filter(|(t, u)| {
                !**u && !STOP_WORDS.contains(&t.text.as_str()) && !quiet.contains(&t.text)
            })
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
        assert_eq!(
            key_of(&format!(
                "{head}[[policy]]\nid = \"reopen\"\ncues = [\"reopen\", \"(open|re open again\"]\n"
            )),
            "policy[0].cues[1]"
        );
        assert_eq!(
            key_of(&format!(
                "{head}[[policy]]\nid = \"reopen\"\ncues = [\"reopen\"]\nweak_cues = [\"a|b\"]\n"
            )),
            "policy[0].weak_cues[0]"
        );
        assert!(Parser::parse(r, "not toml")
            .unwrap_err()
            .to_string()
            .starts_with(UNDERSTAND_FILE));
    }

    #[test]
    fn groups_of_alternatives_expand() {
        assert_eq!(
            expand("(open|raise) (a|) case").unwrap(),
            ["open a case", "raise a case", "open  case", "raise  case"]
        );
        assert_eq!(expand("plain words").unwrap(), ["plain words"]);
        assert!(expand("(a|b").is_err());
        assert!(expand("a) b").is_err());
        assert!(expand("((a|b)|c)").is_err());
        let wide = "(a|b|c|d|e|f|g|h) ".repeat(4);
        assert!(expand(&wide).unwrap_err().contains("more than"));
    }

    #[test]
    fn a_date_binds_to_the_fact_its_phrase_names() {
        let r = Registry::embedded().unwrap();
        // "opened" is the submission, not the closing date, even in a question about reopening.
        let u = understand("reopen a case I opened on Friday", r, &ctx());
        assert_eq!(u.policy.as_deref(), Some("reopen"));
        assert!(!u.facts.contains_key("closed_on"), "{:?}", u.facts);
        let u = understand(
            "customer in Japan on ProDirect opened a Sev B at 5pm Friday, when do we hear back",
            r,
            &ctx(),
        );
        assert_eq!(u.policy.as_deref(), Some("response_time"));
        assert_eq!(u.facts["submitted_at"], "2026-11-27T17:00:00+09:00");
        assert!(!u.facts.contains_key("closed_on"));
    }

    #[test]
    fn facts_of_one_policy_decide_without_a_cue() {
        let r = Registry::embedded().unwrap();
        let u = understand(
            "ProDirect severity B submitted last Friday at 17:00 Tokyo",
            r,
            &ctx(),
        );
        assert_eq!(u.policy.as_deref(), Some("response_time"));
        assert_eq!(u.facts["submitted_at"], "2026-11-20T17:00:00+09:00");
        // One fact is not enough: a word that names a value stays a search.
        assert_eq!(understand("billing", r, &ctx()).policy, None);
        assert_eq!(understand("opened", r, &ctx()).policy, None);
    }

    #[test]
    fn a_value_of_an_older_edition_is_named_as_such() {
        let r = Registry::embedded().unwrap();
        let u = understand("response time for Sev A on Premier", r, &ctx());
        assert_eq!(u.policy.as_deref(), Some("response_time"));
        assert!(!u.facts.contains_key("plan"));
        assert!(u.unparsed.is_empty(), "{:?}", u.unparsed);
        assert_eq!(u.notes.len(), 1, "{:?}", u.notes);
        assert!(
            u.notes[0]
                .starts_with("Premier is a support plan of the support policy of 26 January 2021"),
            "{}",
            u.notes[0]
        );
        // Where the policy in force takes the value, it is read and nothing is noted.
        let u = understand("premier performance issue in one app", r, &ctx());
        assert_eq!(u.facts["plan"], "premier");
        assert!(u.notes.is_empty());
        // No note is serialized when there is none (the pinned JSON of `understand --json`).
        let json = serde_json::to_value(&u).unwrap();
        assert!(json.get("notes").is_none());
    }

    #[test]
    fn recent_instants_need_the_clock() {
        let r = Registry::embedded().unwrap();
        let q = "sev a raised 3 hours ago in Tokyo, when do we hear back";
        // Without the current instant, "3 hours ago" is no date-time.
        assert!(!understand(q, r, &ctx()).facts.contains_key("submitted_at"));
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00+01:00").unwrap();
        let u = understand(q, r, &Context::at(now));
        assert_eq!(u.facts["submitted_at"], "2026-11-27T17:00:00+09:00");
        let u = understand(
            "If I open a Sev A ticket now in Berlin, when will someone contact me?",
            r,
            &Context::at(now),
        );
        assert_eq!(u.facts["submitted_at"], "2026-11-27T12:00:00+01:00");
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
