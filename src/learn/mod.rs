//! Learn the policy as a course: lessons in the policy page's reading order, each a passage of the
//! knowledge base with its worked scenarios, and a quiz whose every answer is the engine's own.
//!
//! * [`course`] builds the [`Course`]: one [`Lesson`] per document of the embedded FAQ, in the order of
//!   `docs-corpus/contents.toml`. A policy belongs to the lesson whose `[[page]]` names it in
//!   `policies` (data: every policy named by exactly one page, checked by [`check_course`] at start and
//!   whenever the course is built); the lesson's worked scenarios are that policy's examples
//!   (`docs-corpus/policy/examples.toml` and the `response_time` tables, through
//!   [`Engine::policies`]), never the test suite's data.
//! * [`quiz`] gives a lesson's [`QuizQuestion`]s: the worked examples and variations of them generated
//!   over each fact's domain (dates around the limits the policy itself probes, the other enumeration
//!   values, weekdays and weekends, other places). Generation is deterministic: the same lesson gives
//!   the same questions on every run. [`review`] rebuilds questions from their facts (missed ones).
//! * [`check`] asks the engine and compares the learner's choices with its answer. No answer is ever
//!   stored: a question holds facts, and its correct verdict is whatever [`Engine::ask`] says.
//!
//! Facts are shown in words (labels, value labels, dates written out) by [`crate::human::describe`];
//! choices carry the verdicts' labels and, for a deadline, three respond-by times written by the engine
//! (its answer and two plausible wrong ones: the clock run around the clock, the weekend not skipped, or
//! another fact's value such as another region's hours).

mod deadline;
mod quiz;
mod seed;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use chrono_tz::Tz;

use crate::policy::{Answer, FactDefault, FactType, PolicySpec, Question};
use crate::{Engine, EMBEDDED_SOURCE};

pub use deadline::DEADLINE_PROMPT;
pub use quiz::{check, quiz, review, QuizQuestion, QuizResult, QUESTIONS_PER_POLICY};

/// Why the course or a quiz cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LearnError {
    /// The embedded policies or documents are broken (a build defect, reported rather than panicking).
    #[error("the course cannot be built: {0}")]
    Broken(String),
    /// No lesson has this id.
    #[error("no lesson {id:?}; the lessons are: {known}")]
    UnknownLesson {
        /// The id asked for (clipped).
        id: String,
        /// The known ids, comma separated.
        known: String,
    },
    /// A question could not be asked (its facts do not fit the policy).
    #[error("{0}")]
    Question(#[from] crate::policy::PolicyError),
    /// `docs-corpus/contents.toml` does not assign the policies to lessons as it must.
    #[error(transparent)]
    Contents(#[from] crate::corpus::contents::ContentsError),
    /// A choice is not one of the question's.
    #[error("{0:?} is not one of the choices")]
    UnknownChoice(String),
}

/// A passage of the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Passage {
    /// Document path relative to `docs-corpus/`.
    pub doc: String,
    /// Anchor of the section.
    pub anchor: String,
    /// The document's title.
    pub title: String,
    /// The section's heading.
    pub heading: String,
}

/// A fact of a question in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactLine {
    /// The fact's label ("Closed on").
    pub label: String,
    /// Its value in words ("Wednesday 12 August 2026", "Yes", "Professional Direct (ProDirect)").
    pub value: String,
}

/// A worked scenario of a lesson: an example of one of its policies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkedScenario {
    /// The policy's question ("Can this incident be reopened?").
    pub policy_title: String,
    /// The user's question.
    pub name: String,
    /// Why the answer is what it is.
    pub explanation: String,
    /// The question to ask the engine (every date the answer depends on given).
    pub question: Question,
    /// Its facts in words.
    pub facts: Vec<FactLine>,
}

/// A policy a lesson teaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LessonPolicy {
    /// Policy id.
    pub id: String,
    /// Its question ("Can this incident be reopened?").
    pub title: String,
}

/// One lesson: a document of the FAQ, the passages its policies rest on and their worked scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lesson {
    /// Stable id: the document's path without `.md` (`reopening-incidents`).
    pub id: String,
    /// Position in the course, from 1.
    pub number: usize,
    /// The lesson's title (the document's).
    pub title: String,
    /// Where the lesson starts: the document's first section.
    pub passage: Passage,
    /// The sections of the document the lesson's policies cite, in reading order.
    pub cited: Vec<Passage>,
    /// The policies it teaches (none for a lesson that is reading only).
    pub policies: Vec<LessonPolicy>,
    /// Worked scenarios of those policies.
    pub scenarios: Vec<WorkedScenario>,
    /// How many questions its quiz has (0: no quiz).
    pub questions: usize,
}

/// The course: every lesson in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Course {
    /// The lessons.
    pub lessons: Vec<Lesson>,
}

impl Course {
    /// The lesson with this id.
    pub fn lesson(&self, id: &str) -> Result<&Lesson, LearnError> {
        self.lessons
            .iter()
            .find(|l| l.id == id)
            .ok_or_else(|| LearnError::UnknownLesson {
                id: crate::text::echo(id).into_owned(),
                known: self
                    .lessons
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// A choice of a question: an id the engine checks and a label for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Choice {
    /// What [`check`] takes (a verdict id, or an instant for a deadline).
    pub id: String,
    /// What people see (the verdict's label, the time in words).
    pub label: String,
}

/// The second part of a deadline question: the respond-by time among three.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeadlineChoices {
    /// The question ("First response due by").
    pub prompt: String,
    /// The engine's answer and two plausible wrong ones, in a fixed shuffled order.
    pub choices: Vec<Choice>,
}

/// Asks the engine, "today" being the question's own latest date.
pub(crate) fn ask(engine: &Engine, spec: &PolicySpec, q: &Question) -> Result<Answer, LearnError> {
    Ok(engine.ask(q, today_of(spec, &q.facts))?)
}

/// The zone the question's local times are in (its time zone fact).
pub(crate) fn zone_of(
    spec: &PolicySpec,
    facts: &serde_json::Map<String, serde_json::Value>,
) -> Option<Tz> {
    spec.facts
        .iter()
        .filter(|f| f.ty == FactType::TimeZone)
        .find_map(|f| facts.get(&f.name)?.as_str()?.parse().ok())
}

/// The date a quiz or scenario treats as "today" when it gives no date at all.
const REFERENCE_DAY: (i32, u32, u32) = (2026, 9, 1);

fn broken(e: impl std::fmt::Display) -> LearnError {
    LearnError::Broken(e.to_string())
}

/// The policies of the embedded registry.
pub(crate) fn specs(engine: &Engine) -> Result<Vec<&'static PolicySpec>, LearnError> {
    engine.policies().map_err(broken)
}

/// Each policy's lesson, by document, as `docs-corpus/contents.toml` assigns them (checked: every
/// policy named by exactly one page, every name a policy).
fn homes(
    engine: &Engine,
    documents: &[crate::DocumentOutline],
) -> Result<BTreeMap<String, Vec<&'static PolicySpec>>, LearnError> {
    let specs = specs(engine)?;
    let pages = crate::corpus::contents::lesson_policies(
        documents.iter().map(|d| d.doc.as_str()),
        specs.iter().map(|s| s.id.as_str()),
    )?;
    Ok(pages
        .into_iter()
        .map(|page| {
            let taught = page
                .policies
                .iter()
                .filter_map(|id| specs.iter().find(|s| s.id == *id).copied())
                .collect();
            (page.doc, taught)
        })
        .collect())
}

/// Checks at start that the course can be built from the data: `docs-corpus/contents.toml` gives every
/// policy's quiz to exactly one lesson and names no unknown policy.
pub fn check_course(engine: &Engine) -> Result<(), LearnError> {
    let documents = embedded_documents(engine);
    homes(engine, &documents).map(|_| ())
}

fn embedded_documents(engine: &Engine) -> Vec<crate::DocumentOutline> {
    engine
        .documents()
        .into_iter()
        // The glossary page closes the FAQ as reference, not as a lesson.
        .filter(|d| d.source == EMBEDDED_SOURCE && d.doc != crate::glossary::GLOSSARY_DOC)
        .collect()
}

/// The course over the embedded FAQ (see the module docs).
pub fn course(engine: &Engine) -> Result<Course, LearnError> {
    let documents = embedded_documents(engine);
    let homes = homes(engine, &documents)?;
    let mut lessons = Vec::with_capacity(documents.len());
    for (number, doc) in documents.iter().enumerate() {
        let first = doc
            .headings
            .first()
            .ok_or_else(|| broken(format!("{} has no heading", doc.doc)))?;
        let passage = |anchor: &str, heading: &str| Passage {
            doc: doc.doc.clone(),
            anchor: anchor.to_string(),
            title: doc.title.clone(),
            heading: heading.to_string(),
        };
        let policies = homes.get(doc.doc.as_str()).cloned().unwrap_or_default();
        let cited = doc
            .headings
            .iter()
            .filter(|h| {
                policies.iter().any(|p| {
                    p.rules
                        .iter()
                        .any(|r| r.cites.doc == doc.doc && r.cites.anchor == h.anchor)
                })
            })
            .map(|h| passage(&h.anchor, &h.heading))
            .collect();
        let mut scenarios = Vec::new();
        for spec in &policies {
            for example in &spec.examples {
                let question = settled(spec, &example.facts);
                scenarios.push(WorkedScenario {
                    policy_title: spec.title.clone(),
                    name: example.name.clone(),
                    explanation: example.explanation.clone(),
                    facts: fact_lines(spec, &question.facts),
                    question,
                });
            }
        }
        let id = doc.doc.strip_suffix(".md").unwrap_or(&doc.doc).to_string();
        let questions = quiz::lesson_size(engine, &policies)?;
        lessons.push(Lesson {
            id,
            number: number + 1,
            title: doc.title.clone(),
            passage: passage(&first.anchor, &first.heading),
            cited,
            policies: policies
                .iter()
                .map(|p| LessonPolicy {
                    id: p.id.clone(),
                    title: p.title.clone(),
                })
                .collect(),
            scenarios,
            questions,
        });
    }
    Ok(Course { lessons })
}

/// "Today" for a question: its latest date (or date-time's date), else a fixed day, so that an answer
/// never depends on the day the quiz is taken.
fn today_of(spec: &PolicySpec, facts: &serde_json::Map<String, serde_json::Value>) -> NaiveDate {
    let fallback = NaiveDate::from_ymd_opt(REFERENCE_DAY.0, REFERENCE_DAY.1, REFERENCE_DAY.2)
        .unwrap_or_default();
    spec.facts
        .iter()
        .filter_map(|f| {
            let text = facts.get(&f.name)?.as_str()?;
            match f.ty {
                FactType::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                FactType::DateTime => chrono::DateTime::parse_from_rfc3339(text)
                    .ok()
                    .map(|t| t.date_naive()),
                _ => None,
            }
        })
        .max()
        .unwrap_or(fallback)
}

/// The question with every fact that defaults to today given (as [`today_of`]), so that it reads and
/// answers the same on any day.
pub(crate) fn settled(
    spec: &PolicySpec,
    facts: &serde_json::Map<String, serde_json::Value>,
) -> Question {
    let today = today_of(spec, facts);
    let mut facts = facts.clone();
    for f in &spec.facts {
        if f.default == Some(FactDefault::Today) && !facts.contains_key(&f.name) {
            facts.insert(
                f.name.clone(),
                serde_json::Value::String(today.format("%Y-%m-%d").to_string()),
            );
        }
    }
    Question {
        policy: spec.id.clone(),
        facts,
        policy_version: taught_edition(),
    }
}

/// The facts of a question in words, in the description's order (unknown ones left out).
pub(crate) fn fact_lines(
    spec: &PolicySpec,
    facts: &serde_json::Map<String, serde_json::Value>,
) -> Vec<FactLine> {
    let zone = spec
        .facts
        .iter()
        .filter(|f| f.ty == FactType::TimeZone)
        .find_map(|f| facts.get(&f.name)?.as_str());
    let ctx = crate::human::Context::on(today_of(spec, facts)).in_zone_named(zone);
    spec.facts
        .iter()
        .filter_map(|f| {
            let value = facts.get(&f.name).filter(|v| !v.is_null())?;
            let words = match (&f.ty, value) {
                (FactType::Bool, serde_json::Value::Bool(b)) => {
                    if *b { "Yes" } else { "No" }.to_string()
                }
                (FactType::Enum(_), serde_json::Value::String(s)) => f.value_label(s).to_string(),
                (FactType::TimeZone, serde_json::Value::String(s)) => s.replace('_', " "),
                (FactType::Country, serde_json::Value::String(s)) => crate::human::countries()
                    .iter()
                    .find(|c| c.code == *s)
                    .map_or_else(|| s.clone(), |c| c.name.clone()),
                (FactType::Date, serde_json::Value::String(s)) => crate::share::human_date(s),
                (FactType::DateTime, serde_json::Value::String(s)) => {
                    crate::share::human_datetime(s)
                }
                _ => crate::human::describe(f, value, &ctx),
            };
            Some(FactLine {
                label: f.label.clone(),
                value: words,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;

/// The edition the course teaches: the newest. Questions name it, so a variation dated before it is still
/// answered by the policy in force now.
pub(crate) fn taught_edition() -> Option<String> {
    crate::corpus::newest_edition().map(str::to_string)
}
