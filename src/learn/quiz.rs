//! Quiz questions: the worked examples and variations generated over each fact's domain, selected
//! deterministically; answers always come from the engine.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use super::seed::{question_key, Rng};
use super::{
    ask, broken, fact_lines, settled, specs, today_of, zone_of, Choice, DeadlineChoices, FactLine,
    LearnError,
};
use crate::policy::{Answer, FactType, Policy, PolicySpec, Question, Registry, NEED_MORE_FACTS};
use crate::Engine;

/// How many questions a lesson's quiz asks per policy it teaches (fewer when fewer are found).
pub const QUESTIONS_PER_POLICY: usize = 6;

/// Worked examples asked as they are, per policy, at most.
const WORKED_PER_POLICY: usize = 2;

/// A quiz question. It holds facts only: the correct choices are what [`check`] gets from the engine.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuizQuestion {
    /// The lesson it belongs to.
    pub lesson: String,
    /// Stable key of its facts (progress and mistakes are kept by it).
    pub key: String,
    /// The policy's question, asked of these facts ("Can this incident be reopened?").
    pub prompt: String,
    /// The worked example it is (or is a variation of).
    pub based_on: String,
    /// Whether it is the worked example itself.
    pub worked: bool,
    /// For a variation: the labels of the facts that differ from the example.
    pub changed: Vec<String>,
    /// The facts in words.
    pub facts: Vec<FactLine>,
    /// The question asked of the engine.
    pub question: Question,
    /// Every verdict the policy can reach with the facts known, by label.
    pub verdicts: Vec<Choice>,
    /// For a deadline: the respond-by time to pick.
    pub deadline: Option<DeadlineChoices>,
}

/// The engine's answer to a quiz question, compared with the learner's choices.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuizResult {
    /// Every part was right.
    pub correct: bool,
    /// The verdict picked was the engine's.
    pub verdict_correct: bool,
    /// The respond-by time picked was the engine's (none: the question has no deadline).
    pub deadline_correct: Option<bool>,
    /// The engine's verdict.
    pub verdict: Choice,
    /// The engine's respond-by time.
    pub deadline: Option<Choice>,
    /// The engine's whole answer (reasons, citations, notes).
    pub answer: Answer,
}

/// A question found while generating, with the verdict the engine gave it (used only to select a set
/// that covers every verdict; never handed out).
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) question: Question,
    pub(crate) based_on: String,
    pub(crate) worked: bool,
    pub(crate) changed: Vec<String>,
    pub(crate) verdict: String,
}

fn spec_of(engine: &Engine, policy: &str) -> Result<&'static PolicySpec, LearnError> {
    specs(engine)?
        .into_iter()
        .find(|s| s.id == policy)
        .ok_or_else(|| {
            LearnError::Question(crate::policy::PolicyError::new(
                crate::policy::ErrorKind::UnknownPolicy,
                Some("policy"),
                format!("unknown policy `{}`", crate::text::echo(policy)),
            ))
        })
}

/// Every candidate question of a policy: its examples and their variations, one fact (or a place)
/// changed at a time; then, while some verdict has no variation yet, a second change, kept only when it
/// reaches a verdict no variation has.
pub(crate) fn candidates(engine: &Engine, spec: &PolicySpec) -> Result<Vec<Candidate>, LearnError> {
    let registry = Registry::embedded().map_err(broken)?;
    let policy = registry
        .get(&spec.id)
        .ok_or_else(|| broken(format!("no logic for `{}`", spec.id)))?;
    let mut seen = BTreeSet::new();
    let mut found: Vec<Candidate> = Vec::new();
    // `only_new`: keep the question only when no variation has its verdict yet.
    let mut keep = |found: &mut Vec<Candidate>,
                    c: Candidate,
                    only_new: bool|
     -> Result<(), LearnError> {
        // A variation may come back to another example's facts: it still counts as a variation.
        if !seen.insert((question_key(&c.question), c.worked)) {
            return Ok(());
        }
        let answer = match ask(engine, spec, &c.question) {
            Ok(a) => a,
            Err(LearnError::Question(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        let new = !found
            .iter()
            .any(|f| !f.worked && f.verdict == answer.verdict);
        if answer.verdict != NEED_MORE_FACTS && answer.conflicts.is_empty() && (new || !only_new) {
            found.push(Candidate {
                verdict: answer.verdict,
                ..c
            });
        }
        Ok(())
    };
    for example in &spec.examples {
        let base = settled(spec, &example.facts);
        keep(
            &mut found,
            Candidate {
                question: base.clone(),
                based_on: example.name.clone(),
                worked: true,
                changed: Vec::new(),
                verdict: String::new(),
            },
            false,
        )?;
        for (changed, facts) in variations(spec, policy, &base.facts) {
            keep(
                &mut found,
                variation(spec, facts, &example.name, changed),
                false,
            )?;
        }
    }
    let uncovered = |found: &[Candidate]| {
        reachable(spec).any(|v| !found.iter().any(|c| !c.worked && c.verdict == v))
    };
    let first_round: Vec<Candidate> = found.iter().filter(|c| !c.worked).cloned().collect();
    for c in first_round {
        if !uncovered(&found) {
            break;
        }
        for (changed, facts) in variations(spec, policy, &c.question.facts) {
            let mut labels = c.changed.clone();
            labels.extend(changed.into_iter().filter(|l| !c.changed.contains(l)));
            keep(
                &mut found,
                variation(spec, facts, &c.based_on, labels),
                true,
            )?;
        }
    }
    Ok(found)
}

/// A question varied from the worked example `based_on`, the facts named by `changed` changed; its
/// verdict is asked of the engine when it is kept.
fn variation(
    spec: &PolicySpec,
    facts: serde_json::Map<String, serde_json::Value>,
    based_on: &str,
    changed: Vec<String>,
) -> Candidate {
    Candidate {
        question: Question {
            policy: spec.id.clone(),
            facts,
            policy_version: super::taught_edition(),
        },
        based_on: based_on.to_string(),
        worked: false,
        changed,
        verdict: String::new(),
    }
}

/// The verdicts a quiz may have as its answer (all but "more facts needed").
fn reachable(spec: &PolicySpec) -> impl Iterator<Item = &str> {
    spec.verdicts
        .iter()
        .map(|v| v.id.as_str())
        .filter(|v| *v != NEED_MORE_FACTS)
}

/// The quiz of one policy: a variation for each verdict found, up to [`WORKED_PER_POLICY`] worked
/// examples, then other variations, [`QUESTIONS_PER_POLICY`] in all (more when the policy has more
/// verdicts); chosen by a generator seeded with the policy id.
fn select(engine: &Engine, spec: &PolicySpec) -> Result<Vec<Candidate>, LearnError> {
    let mut rng = Rng::seeded(&spec.id);
    let (mut worked, mut varied): (Vec<Candidate>, Vec<Candidate>) = candidates(engine, spec)?
        .into_iter()
        .partition(|c| c.worked);
    rng.shuffle(&mut worked);
    rng.shuffle(&mut varied);
    let mut chosen: Vec<Candidate> = Vec::new();
    for verdict in reachable(spec) {
        if let Some(i) = varied.iter().position(|c| c.verdict == verdict) {
            chosen.push(varied.remove(i));
        }
    }
    let mut keys: BTreeSet<String> = chosen.iter().map(|c| question_key(&c.question)).collect();
    let mut fresh = |c: &Candidate| keys.insert(question_key(&c.question));
    let room = QUESTIONS_PER_POLICY.saturating_sub(chosen.len());
    let worked: Vec<Candidate> = worked
        .into_iter()
        .filter(|c| fresh(c))
        .take(room.min(WORKED_PER_POLICY))
        .collect();
    chosen.extend(worked);
    let room = QUESTIONS_PER_POLICY.saturating_sub(chosen.len());
    let varied: Vec<Candidate> = varied.into_iter().filter(|c| fresh(c)).take(room).collect();
    chosen.extend(varied);
    Ok(chosen)
}

/// Every policy's selected questions, computed once: they depend only on the embedded data.
fn selections(engine: &Engine) -> Result<&'static BTreeMap<String, Vec<Candidate>>, LearnError> {
    static SELECTIONS: OnceLock<Result<BTreeMap<String, Vec<Candidate>>, LearnError>> =
        OnceLock::new();
    SELECTIONS
        .get_or_init(|| {
            specs(engine)?
                .into_iter()
                .map(|spec| Ok((spec.id.clone(), select(engine, spec)?)))
                .collect()
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// How many questions the quiz of a lesson teaching these policies has.
pub(crate) fn lesson_size(engine: &Engine, policies: &[&PolicySpec]) -> Result<usize, LearnError> {
    let all = selections(engine)?;
    Ok(policies
        .iter()
        .map(|p| all.get(&p.id).map_or(0, Vec::len))
        .sum())
}

/// The quiz of a lesson, in a fixed order (see the module docs of [`crate::learn`]).
pub fn quiz(engine: &Engine, lesson: &str) -> Result<Vec<QuizQuestion>, LearnError> {
    let course = super::course(engine)?;
    let lesson = course.lesson(lesson)?;
    let all = selections(engine)?;
    let mut questions = Vec::new();
    for p in &lesson.policies {
        let spec = spec_of(engine, &p.id)?;
        for c in all.get(&p.id).into_iter().flatten() {
            questions.push(build(engine, spec, &lesson.id, c)?);
        }
    }
    Rng::seeded(&lesson.id).shuffle(&mut questions);
    Ok(questions)
}

/// Questions rebuilt from stored facts (the learner's missed questions), in the order given.
pub fn review(
    engine: &Engine,
    missed: &[crate::userdata::MissedQuestion],
) -> Result<Vec<QuizQuestion>, LearnError> {
    missed
        .iter()
        .map(|m| {
            let spec = spec_of(engine, &m.question.policy)?;
            let c = Candidate {
                question: m.question.clone(),
                based_on: m.based_on.clone(),
                worked: false,
                changed: Vec::new(),
                verdict: String::new(),
            };
            build(engine, spec, &m.lesson, &c)
        })
        .collect()
}

fn build(
    engine: &Engine,
    spec: &PolicySpec,
    lesson: &str,
    c: &Candidate,
) -> Result<QuizQuestion, LearnError> {
    let key = question_key(&c.question);
    Ok(QuizQuestion {
        lesson: lesson.to_string(),
        prompt: spec.title.clone(),
        based_on: c.based_on.clone(),
        worked: c.worked,
        changed: c.changed.clone(),
        facts: fact_lines(spec, &c.question.facts),
        question: c.question.clone(),
        verdicts: reachable(spec)
            .filter_map(|id| spec.verdict(id))
            .map(|v| Choice {
                id: v.id.clone(),
                label: v.label.clone(),
            })
            .collect(),
        deadline: super::deadline::choices(engine, spec, &c.question, &key)?,
        key,
    })
}

/// Asks the engine and compares: `verdict` is the id of the verdict picked, `deadline` the id of the
/// respond-by time picked (when the question has one).
pub fn check(
    engine: &Engine,
    question: &Question,
    verdict: &str,
    deadline: Option<&str>,
) -> Result<QuizResult, LearnError> {
    let spec = spec_of(engine, &question.policy)?;
    if !reachable(spec).any(|v| v == verdict) {
        return Err(LearnError::UnknownChoice(
            crate::text::echo(verdict).into_owned(),
        ));
    }
    let answer = ask(engine, spec, question)?;
    let right = spec
        .verdict(&answer.verdict)
        .map(|v| Choice {
            id: v.id.clone(),
            label: v.label.clone(),
        })
        .ok_or_else(|| broken(format!("verdict `{}` is not described", answer.verdict)))?;
    let zone = super::deadline::display_zone(spec, question, &answer);
    let due = super::deadline::respond_by(&answer).map(|d| super::deadline::shown_in(d, zone));
    let deadline_correct = due.map(|due| {
        deadline
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
            .is_some_and(|d| d == due)
    });
    let verdict_correct = right.id == verdict;
    Ok(QuizResult {
        correct: verdict_correct && deadline_correct != Some(false),
        verdict_correct,
        deadline_correct,
        verdict: right,
        deadline: due.map(|d| super::deadline::choice(&d)),
        answer,
    })
}

/// The facts with one fact (or the place: country, time zone and the local times with them) changed,
/// each with the labels of what changed.
fn variations(
    spec: &PolicySpec,
    policy: &dyn Policy,
    facts: &serde_json::Map<String, serde_json::Value>,
) -> Vec<(Vec<String>, serde_json::Map<String, serde_json::Value>)> {
    use serde_json::Value as J;
    let mut out = Vec::new();
    let today = today_of(spec, facts);
    let parsed = crate::policy::registry::facts_from_json(spec, facts, today).ok();
    let zone = zone_of(spec, facts);
    for (i, f) in spec.facts.iter().enumerate() {
        let current = facts.get(&f.name);
        let mut values: Vec<Option<J>> = Vec::new();
        match &f.ty {
            FactType::Bool => {
                values.extend([Some(J::Bool(true)), Some(J::Bool(false))]);
                if f.default.is_none() {
                    values.push(None);
                }
            }
            FactType::Enum(all) => {
                values.extend(all.iter().map(|v| Some(J::String(v.clone()))));
                if f.default.is_none() {
                    values.push(None);
                }
            }
            FactType::Date => {
                let probes = parsed
                    .as_ref()
                    .map(|p| policy.probes(p, i).into_owned())
                    .unwrap_or_default();
                for probe in probes {
                    if let crate::policy::Value::Date(d) = probe {
                        for shift in [-1, 0, 1] {
                            if let Some(day) = d.checked_add_signed(Duration::days(shift)) {
                                values.push(Some(J::String(day.format("%Y-%m-%d").to_string())));
                            }
                        }
                    }
                }
            }
            FactType::DateTime => {
                if let Some(t) = current
                    .and_then(J::as_str)
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                {
                    values.extend(
                        week_of(t, zone)
                            .into_iter()
                            .map(|t| Some(J::String(t.to_rfc3339()))),
                    );
                }
            }
            FactType::Country => {
                for (country, tz) in places(spec) {
                    if current.and_then(J::as_str) == Some(country.as_str()) {
                        continue;
                    }
                    let mut changed = facts.clone();
                    let mut labels = vec![f.label.clone()];
                    changed.insert(f.name.clone(), J::String(country));
                    if let Some(tz) = tz {
                        move_to_zone(spec, &mut changed, zone, &tz, &mut labels);
                    }
                    out.push((labels, changed));
                }
            }
            _ => {}
        }
        for value in values {
            if value.as_ref() == current.filter(|v| !v.is_null()) {
                continue;
            }
            let mut changed = facts.clone();
            match value {
                Some(v) => changed.insert(f.name.clone(), v),
                None => changed.remove(&f.name),
            };
            out.push((vec![f.label.clone()], changed));
        }
    }
    out
}

/// The places of a policy's examples: each country with the time zone given with it.
fn places(spec: &PolicySpec) -> Vec<(String, Option<String>)> {
    let country = spec.facts.iter().find(|f| f.ty == FactType::Country);
    let zone = spec.facts.iter().find(|f| f.ty == FactType::TimeZone);
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for e in &spec.examples {
        let Some(c) = country.and_then(|f| e.facts.get(&f.name)?.as_str()) else {
            continue;
        };
        let z = zone
            .and_then(|f| e.facts.get(&f.name)?.as_str())
            .map(str::to_string);
        if !out.iter().any(|(oc, _)| oc == c) {
            out.push((c.to_string(), z));
        }
    }
    out
}

/// Moves the question to another time zone: the zone fact changes and every local time keeps its wall
/// clock time there.
fn move_to_zone(
    spec: &PolicySpec,
    facts: &mut serde_json::Map<String, serde_json::Value>,
    from: Option<Tz>,
    to: &str,
    labels: &mut Vec<String>,
) {
    let Ok(to_tz) = to.parse::<Tz>() else {
        return;
    };
    for f in &spec.facts {
        match f.ty {
            FactType::TimeZone => {
                facts.insert(f.name.clone(), serde_json::Value::String(to.to_string()));
                labels.push(f.label.clone());
            }
            FactType::DateTime => {
                let Some(t) = facts
                    .get(&f.name)
                    .and_then(|v| v.as_str())
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                else {
                    continue;
                };
                let wall = from.map_or(t.naive_local(), |z| t.with_timezone(&z).naive_local());
                if let Some(moved) = to_tz.from_local_datetime(&wall).earliest() {
                    facts.insert(
                        f.name.clone(),
                        serde_json::Value::String(moved.fixed_offset().to_rfc3339()),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Times of the week of `t` that fall on either side of business hours and weekends, in its zone.
fn week_of(t: DateTime<FixedOffset>, zone: Option<Tz>) -> Vec<DateTime<FixedOffset>> {
    let local = zone.map_or(t.naive_local(), |z| t.with_timezone(&z).naive_local());
    let monday: NaiveDate =
        local.date() - Duration::days(i64::from(local.weekday().num_days_from_monday()));
    let slots: [(i64, u32, u32); 6] = [
        (0, 8, 0),   // Monday before opening
        (2, 12, 0),  // Wednesday midday
        (4, 16, 30), // Friday late afternoon
        (4, 17, 30), // Friday after closing
        (5, 10, 0),  // Saturday
        (6, 22, 0),  // Sunday night
    ];
    slots
        .iter()
        .filter_map(|(day, h, m)| {
            let wall =
                (monday + Duration::days(*day)).and_time(NaiveTime::from_hms_opt(*h, *m, 0)?);
            match zone {
                Some(z) => z
                    .from_local_datetime(&wall)
                    .earliest()
                    .map(|t| t.fixed_offset()),
                None => t.offset().from_local_datetime(&wall).earliest(),
            }
        })
        .collect()
}
