//! What changed between two editions of the policy (`supportkb changes --from A --to B`):
//! * text, topic by topic ([`super::registry::Topic`]: each edition maps shared topic ids to its own
//!   sections): a topic only in one edition is `added` or `removed`; a topic in both whose sections
//!   differ is `changed`, with the sentences that carry a term (a number, a time, a name) the other
//!   edition's sections lack — the substance, not the rewording — and the newer edition's
//!   `since_previous` sentence when it has one;
//! * tables: the policies each edition describes, and the `response_time` tables (plans, targets and
//!   access of every plan × severity cell, regions and their hours, around-the-clock languages);
//! * answer flips: every worked example of either edition replayed under both (when its facts are
//!   values of both), listed when the verdict or the deadline differs.
//!
//! Pure: everything comes from the registry and the embedded corpus.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::model::{Cite, ErrorKind, PolicyError};
use super::registry::{Question, Registry, Topic};
use super::response_time::{duration_words, ResponseTables, SeverityAccess};

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the later edition.
    Added,
    /// Only in the earlier edition.
    Removed,
    /// In both, different.
    Changed,
}

/// A passage of one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EditionCite {
    /// The edition.
    pub policy_version: String,
    /// Document path inside the edition's folder.
    pub doc: String,
    /// Anchor of the section.
    pub anchor: String,
    /// The section's title as people read it ("Business hours › Outside business hours"): its
    /// document's title and its heading.
    pub heading: String,
}

/// One change between the editions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    /// The topic (a topic id of the editions, or `plans`, `targets`, `hours`, `regions`,
    /// `languages`, `policies` for the tables).
    pub topic: String,
    /// What people call the topic ("Business hours", "Plans").
    #[serde(skip_serializing_if = "String::is_empty")]
    pub topic_title: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// What changed, in a sentence.
    pub summary: String,
    /// What the earlier edition says (sentences, or a table cell).
    pub before: Vec<String>,
    /// What the later edition says.
    pub after: Vec<String>,
    /// The passages of both editions it rests on.
    pub cites: Vec<EditionCite>,
}

/// An answer under one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlipSide {
    /// The verdict id.
    pub verdict: String,
    /// The answer's summary.
    pub summary: String,
    /// The deadline (`response_time`), if any.
    pub respond_by: Option<String>,
}

/// A worked example whose answer differs between the editions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnswerFlip {
    /// The policy.
    pub policy: String,
    /// The example's question.
    pub question: String,
    /// The edition whose worked example it is.
    pub example_of: String,
    /// Its facts.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub facts: serde_json::Map<String, serde_json::Value>,
    /// The answer under the earlier edition.
    pub before: FlipSide,
    /// The answer under the later edition.
    pub after: FlipSide,
}

/// Everything that changed from one edition to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Changes {
    /// The earlier edition.
    pub from: String,
    /// The later edition.
    pub to: String,
    /// Text and table changes, topic by topic.
    pub changes: Vec<Change>,
    /// Worked examples answered differently.
    pub answer_flips: Vec<AnswerFlip>,
}

/// The changes from edition `from` to edition `to` (dates of editions the registry has).
pub fn changes(registry: &Registry, from: &str, to: &str) -> Result<Changes, PolicyError> {
    let editions: Vec<&str> = registry
        .editions()
        .iter()
        .map(|e| e.policy_version.as_str())
        .collect();
    for (flag, v) in [("from", from), ("to", to)] {
        if !editions.contains(&v) {
            return Err(PolicyError::new(
                ErrorKind::NoEdition,
                Some(flag),
                format!(
                    "--{flag}: `{}` is not an edition of the policy; the editions are {}",
                    crate::text::echo(v),
                    editions.join(", ")
                ),
            ));
        }
    }
    let mut out = text_changes(registry, from, to);
    out.extend(policy_changes(registry, from, to));
    out.extend(table_changes(registry, from, to));
    let headings = [section_headings(from), section_headings(to)];
    for change in &mut out {
        change.topic_title = topic_title(registry, from, to, &change.topic);
        for cite in &mut change.cites {
            let of = if cite.policy_version == from {
                &headings[0]
            } else {
                &headings[1]
            };
            if let Some(h) = of.get(&format!("{}#{}", cite.doc, cite.anchor)) {
                cite.heading.clone_from(h);
            }
        }
    }
    Ok(Changes {
        from: from.to_string(),
        to: to.to_string(),
        changes: out,
        answer_flips: answer_flips(registry, from, to),
    })
}

/// The title of a topic: an edition's own (`to` first), else the title of a table topic.
fn topic_title(registry: &Registry, from: &str, to: &str, id: &str) -> String {
    [to, from]
        .iter()
        .filter_map(|v| registry.topics(v))
        .flatten()
        .find(|t| t.id == id)
        .map_or_else(
            || {
                match id {
                    "plans" => "Support plans",
                    "targets" => "Response targets",
                    "hours" => "Business-hours clocks",
                    "regions" => "Regions",
                    "languages" => "Languages",
                    "policies" => "Questions supportkb answers",
                    other => other,
                }
                .to_string()
            },
            |t| t.title.clone(),
        )
}

fn cite_at(version: &str, c: &Cite) -> EditionCite {
    EditionCite {
        policy_version: version.to_string(),
        doc: c.doc.clone(),
        anchor: c.anchor.clone(),
        heading: String::new(),
    }
}

/// "Document title › heading" of every section of an edition, by `doc#anchor`.
fn section_headings(version: &str) -> BTreeMap<String, String> {
    crate::corpus::embedded_edition(version)
        .map(|corpus| {
            corpus
                .documents
                .iter()
                .flat_map(|d| {
                    d.sections.iter().map(move |s| {
                        let name = if s.heading == d.title {
                            d.title.clone()
                        } else {
                            format!("{} › {}", d.title, s.heading)
                        };
                        (format!("{}#{}", s.doc, s.anchor), name)
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The plain text of every section of an edition, by `doc#anchor`.
fn section_texts(version: &str) -> BTreeMap<String, String> {
    crate::corpus::embedded_edition(version)
        .map(|corpus| {
            corpus
                .sections()
                .map(|s| (format!("{}#{}", s.doc, s.anchor), s.text.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The sentences of a text: split after `.`, `:` or `;` ending a word, and at line ends.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            current.push(*c);
            let ends = matches!(c, '.' | ';') && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
            if ends {
                push_sentence(&mut out, &current);
                current.clear();
            }
        }
        push_sentence(&mut out, &current);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().filter(|c| c.is_alphanumeric()).count() > 3 {
        out.push(s);
    }
}

/// The terms of a text that carry substance: words with a digit and capitalised words (not at the
/// start of a sentence), folded.
fn terms(sentence: &str) -> BTreeSet<String> {
    sentence
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':' | '.'))
        .enumerate()
        .filter(|(i, w)| {
            w.chars().any(|c| c.is_ascii_digit())
                || (*i > 0 && w.chars().next().is_some_and(char::is_uppercase) && w.len() > 1)
        })
        .map(|(_, w)| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The sentences of `side` with a term the `other` text lacks.
fn distinct(side: &[String], other: &[String]) -> Vec<String> {
    let other_terms: BTreeSet<String> = other.iter().flat_map(|s| terms(s)).collect();
    side.iter()
        .filter(|s| terms(s).iter().any(|t| !other_terms.contains(t)))
        .cloned()
        .collect()
}

fn text_changes(registry: &Registry, from: &str, to: &str) -> Vec<Change> {
    let before_topics = registry.topics(from).unwrap_or_default();
    let after_topics = registry.topics(to).unwrap_or_default();
    let before_text = section_texts(from);
    let after_text = section_texts(to);
    let sentences_of = |topic: &Topic, texts: &BTreeMap<String, String>| -> Vec<String> {
        topic
            .sections
            .iter()
            .filter_map(|c| texts.get(&c.to_string()))
            .flat_map(|t| sentences(t))
            .collect()
    };
    let mut ids: Vec<&str> = after_topics.iter().map(|t| t.id.as_str()).collect();
    ids.extend(
        before_topics
            .iter()
            .map(|t| t.id.as_str())
            .filter(|id| !after_topics.iter().any(|t| t.id == *id)),
    );
    let mut out = Vec::new();
    for id in ids {
        let before = before_topics.iter().find(|t| t.id == id);
        let after = after_topics.iter().find(|t| t.id == id);
        let mut cites: Vec<EditionCite> = Vec::new();
        cites.extend(
            before
                .iter()
                .flat_map(|t| t.sections.iter().map(|c| cite_at(from, c))),
        );
        cites.extend(
            after
                .iter()
                .flat_map(|t| t.sections.iter().map(|c| cite_at(to, c))),
        );
        let change = match (before, after) {
            (Some(b), None) => Change {
                topic: id.to_string(),
                topic_title: String::new(),
                kind: ChangeKind::Removed,
                summary: format!("{}: no longer in the policy.", b.title),
                before: sentences_of(b, &before_text),
                after: Vec::new(),
                cites,
            },
            (None, Some(a)) => Change {
                topic: id.to_string(),
                topic_title: String::new(),
                kind: ChangeKind::Added,
                summary: format!("{}: new in the policy.", a.title),
                before: Vec::new(),
                after: sentences_of(a, &after_text),
                cites,
            },
            (Some(b), Some(a)) => {
                let old = sentences_of(b, &before_text);
                let new = sentences_of(a, &after_text);
                let gone = distinct(&old, &new);
                let came = distinct(&new, &old);
                if gone.is_empty() && came.is_empty() && a.since_previous.is_none() {
                    continue;
                }
                Change {
                    topic: id.to_string(),
                topic_title: String::new(),
                    kind: ChangeKind::Changed,
                    summary: match &a.since_previous {
                        Some(s) => format!("{}: {s}", a.title),
                        None => format!(
                            "{}: restated; the sentences below carry terms the other edition lacks.",
                            a.title
                        ),
                    },
                    before: gone,
                    after: came,
                    cites,
                }
            }
            (None, None) => continue,
        };
        out.push(change);
    }
    out
}

fn policy_changes(registry: &Registry, from: &str, to: &str) -> Vec<Change> {
    let ids = |v: &str| -> Vec<(String, String)> {
        registry
            .specs_in(v)
            .unwrap_or_default()
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect()
    };
    let (before, after) = (ids(from), ids(to));
    let mut out = Vec::new();
    for (id, title) in &after {
        if !before.iter().any(|(b, _)| b == id) {
            out.push(Change {
                topic: "policies".to_string(),
                topic_title: String::new(),
                kind: ChangeKind::Added,
                summary: format!(
                    "supportkb answers “{title}” ({id}) under the {to} edition, not under the {from} edition."
                ),
                before: Vec::new(),
                after: vec![title.clone()],
                cites: Vec::new(),
            });
        }
    }
    for (id, title) in &before {
        if !after.iter().any(|(a, _)| a == id) {
            out.push(Change {
                topic: "policies".to_string(),
                topic_title: String::new(),
                kind: ChangeKind::Removed,
                summary: format!(
                    "supportkb answers “{title}” ({id}) under the {from} edition, not under the {to} edition."
                ),
                before: vec![title.clone()],
                after: Vec::new(),
                cites: Vec::new(),
            });
        }
    }
    out
}

/// `doc#anchor` of a table row as a cite of its edition.
fn row_cite(version: &str, cites: &str) -> Vec<EditionCite> {
    super::spec::parse_cite(cites)
        .map(|c| vec![cite_at(version, &c)])
        .unwrap_or_default()
}

fn access_words(a: SeverityAccess) -> &'static str {
    match a {
        SeverityAccess::AroundTheClock => "24x7",
        SeverityAccess::BusinessHours => "business hours",
        SeverityAccess::BusinessHoursOr24x7 => "business hours, 24x7 on request",
    }
}

fn tables_of(registry: &Registry, version: &str) -> Option<&'static ResponseTables> {
    registry.response_tables(version)
}

fn table_changes(registry: &Registry, from: &str, to: &str) -> Vec<Change> {
    let (Some(b), Some(a)) = (tables_of(registry, from), tables_of(registry, to)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push =
        |topic: &str, kind, summary: String, before: Vec<String>, after: Vec<String>, cites| {
            out.push(Change {
                topic: topic.to_string(),
                topic_title: String::new(),
                kind,
                summary,
                before,
                after,
                cites,
            });
        };
    // Plans.
    for p in &b.plans {
        if a.plan(&p.id).is_none() {
            push(
                "plans",
                ChangeKind::Removed,
                format!("The {} plan is gone.", p.name),
                vec![p.name.clone()],
                Vec::new(),
                Vec::new(),
            );
        }
    }
    for p in &a.plans {
        match b.plan(&p.id) {
            None => push(
                "plans",
                ChangeKind::Added,
                format!("New plan: {}.", p.name),
                Vec::new(),
                vec![p.name.clone()],
                Vec::new(),
            ),
            Some(old) if old.name != p.name => push(
                "plans",
                ChangeKind::Changed,
                format!("The {} plan is now called {}.", old.name, p.name),
                vec![old.name.clone()],
                vec![p.name.clone()],
                Vec::new(),
            ),
            Some(_) => {}
        }
    }
    // Targets and access, cell by cell.
    let cell = |t: &ResponseTables, s: &str, p: &str| {
        t.severity(s).and_then(|row| row.target(p)).map(|c| {
            format!(
                "under {}, {}",
                duration_words(c.minutes),
                access_words(c.access)
            )
        })
    };
    let mut severities: Vec<&str> = b.severities.iter().map(|s| s.id.as_str()).collect();
    severities.extend(
        a.severities
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| b.severity(id).is_none()),
    );
    let mut plans: Vec<&str> = b.plans.iter().map(|p| p.id.as_str()).collect();
    plans.extend(
        a.plans
            .iter()
            .map(|p| p.id.as_str())
            .filter(|id| b.plan(id).is_none()),
    );
    for s in &severities {
        let title = a
            .severity(s)
            .or(b.severity(s))
            .map_or(*s, |r| r.title.as_str());
        let mut cites = b
            .severity(s)
            .map_or_else(Vec::new, |r| row_cite(from, &r.cites));
        cites.extend(
            a.severity(s)
                .map_or_else(Vec::new, |r| row_cite(to, &r.cites)),
        );
        for p in &plans {
            let plan = a.plan(p).or(b.plan(p)).map_or(*p, |x| x.name.as_str());
            let (old, new) = (cell(b, s, p), cell(a, s, p));
            let (kind, summary) = match (&old, &new) {
                (Some(o), None) => (
                    ChangeKind::Removed,
                    format!("{title} on {plan}: no longer offered (was {o})."),
                ),
                (None, Some(n)) => (ChangeKind::Added, format!("{title} on {plan}: {n}.")),
                (Some(o), Some(n)) if o != n => (
                    ChangeKind::Changed,
                    format!("{title} on {plan}: {n}, was {o}."),
                ),
                _ => continue,
            };
            push(
                "targets",
                kind,
                summary,
                old.into_iter().collect(),
                new.into_iter().collect(),
                cites.clone(),
            );
        }
    }
    // Regions and their hours.
    let hours = |t: &ResponseTables, id: &str| {
        t.regions
            .iter()
            .find(|r| r.id == id)
            .map(super::response_time::evaluate::describe_hours)
    };
    let bh = |v: &str, t: &ResponseTables| row_cite(v, &t.business_hours_cites);
    let mut hour_cites = bh(from, b);
    hour_cites.extend(bh(to, a));
    for r in &b.regions {
        match hours(a, &r.id) {
            None => push(
                "regions",
                ChangeKind::Removed,
                format!(
                    "{} no longer has its own business hours (it gets the default hours).",
                    r.name
                ),
                vec![format!(
                    "{}: {}",
                    r.name,
                    super::response_time::evaluate::describe_hours(r)
                )],
                Vec::new(),
                hour_cites.clone(),
            ),
            Some(new) => {
                let old = super::response_time::evaluate::describe_hours(r);
                if old != new {
                    push(
                        "hours",
                        ChangeKind::Changed,
                        format!("{}: {new}, was {old}.", r.name),
                        vec![old],
                        vec![new],
                        hour_cites.clone(),
                    );
                }
            }
        }
    }
    for r in &a.regions {
        if hours(b, &r.id).is_none() {
            push(
                "regions",
                ChangeKind::Added,
                format!("{} has its own business hours.", r.name),
                Vec::new(),
                vec![format!(
                    "{}: {}",
                    r.name,
                    super::response_time::evaluate::describe_hours(r)
                )],
                hour_cites.clone(),
            );
        }
    }
    let default = |t: &ResponseTables| {
        format!(
            "{}: {}–{} local time",
            t.default_name,
            t.default_hours.open.format("%H:%M"),
            t.default_hours.close.format("%H:%M")
        )
    };
    if default(b) != default(a) && (b.default_hours != a.default_hours) {
        push(
            "hours",
            ChangeKind::Changed,
            format!("Default hours: {}, was {}.", default(a), default(b)),
            vec![default(b)],
            vec![default(a)],
            hour_cites.clone(),
        );
    }
    // Languages handled around the clock.
    let around = |t: &ResponseTables| -> Vec<String> {
        let name = |code: &str| {
            t.languages
                .local
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.to_string())
        };
        let mut v = vec![format!(
            "{} everywhere",
            name(&t.languages.around_the_clock)
        )];
        v.extend(
            t.languages
                .around_the_clock_in
                .iter()
                .map(|(code, countries)| {
                    format!(
                        "{} for customers in {}",
                        name(code),
                        countries.iter().cloned().collect::<Vec<_>>().join(", ")
                    )
                }),
        );
        v
    };
    let (old, new) = (around(b), around(a));
    if old != new {
        let mut cites = row_cite(from, &b.languages.cites);
        cites.extend(row_cite(to, &a.languages.cites));
        push(
            "languages",
            ChangeKind::Changed,
            format!(
                "Around-the-clock languages: {}; was {}.",
                new.join("; "),
                old.join("; ")
            ),
            old,
            new,
            cites,
        );
    }
    out
}

fn side(a: &super::model::Answer) -> FlipSide {
    FlipSide {
        verdict: a.verdict.clone(),
        summary: a.summary.clone(),
        respond_by: a
            .details
            .get("respond_by")
            .and_then(|v| v.as_str())
            .map(str::to_string),
    }
}

fn answer_flips(registry: &Registry, from: &str, to: &str) -> Vec<AnswerFlip> {
    // Answers under either edition do not depend on "today" for response_time; other policies' date
    // defaults take the later edition's date.
    let today = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap_or_default();
    let mut out = Vec::new();
    for version in [from, to] {
        for spec in registry.specs_in(version).unwrap_or_default() {
            for e in &spec.examples {
                let ask = |v: &str| {
                    registry.ask(
                        &Question {
                            policy: spec.id.clone(),
                            facts: e.facts.clone(),
                            policy_version: Some(v.to_string()),
                        },
                        today,
                    )
                };
                let (Ok(b), Ok(a)) = (ask(from), ask(to)) else {
                    continue;
                };
                let (b, a) = (side(&b), side(&a));
                if b.verdict != a.verdict || b.respond_by != a.respond_by {
                    out.push(AnswerFlip {
                        policy: spec.id.clone(),
                        question: e.name.clone(),
                        example_of: version.to_string(),
                        facts: e.facts.clone(),
                        before: b,
                        after: a,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_and_lines() {
        assert_eq!(
            sentences("One rule. Two rules at 9:00 AM; three.\nFour here"),
            ["One rule.", "Two rules at 9:00 AM;", "three.", "Four here"]
        );
    }

    #[test]
    fn a_sentence_is_distinct_when_it_carries_a_term_the_other_side_lacks() {
        let old = vec!["Hours are 8:00 AM to 6:00 PM CET.".to_string()];
        let new = vec!["Hours are 9:00 AM to 5:00 PM local time.".to_string()];
        assert_eq!(distinct(&old, &new), old);
        let same = vec!["Business hours are 8:00 AM to 6:00 PM in CET.".to_string()];
        assert!(distinct(&old, &same).is_empty());
    }
}
