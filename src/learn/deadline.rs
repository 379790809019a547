//! The respond-by part of a deadline question: the engine's time and two plausible wrong ones, all
//! computed from the engine's answers and written out by [`crate::text::instant_words`].
//!
//! The wrong ones, first found first: the target counted around the clock (as if no business hours
//! applied); the business hours counted without skipping the weekend and days off; the deadline the
//! engine gives when one enumeration fact takes another value (another region's hours, another plan or
//! severity). A question whose answer has no `respond_by` has no deadline part.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use chrono_tz::Tz;

use super::seed::Rng;
use super::LearnError;
use super::{ask, zone_of, Choice, DeadlineChoices};
use crate::policy::{Answer, FactType, PolicySpec, Question};
use crate::Engine;

/// What the deadline part asks.
pub const DEADLINE_PROMPT: &str = "First response due by";

/// The `respond_by` instant of an answer's details, if any.
pub(crate) fn respond_by(answer: &Answer) -> Option<DateTime<FixedOffset>> {
    answer
        .details
        .get("respond_by")?
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
}

/// The zone every time of a question is shown in: the question's own time zone, else the clock's, so
/// that no choice stands out by its offset.
pub(crate) fn display_zone(spec: &PolicySpec, question: &Question, answer: &Answer) -> Option<Tz> {
    zone_of(spec, &question.facts).or_else(|| {
        answer
            .details
            .get("clock_zone")
            .and_then(|z| z.as_str())
            .and_then(|z| z.parse().ok())
    })
}

/// An instant in `zone` (else as it is).
pub(crate) fn shown_in(t: DateTime<FixedOffset>, zone: Option<Tz>) -> DateTime<FixedOffset> {
    zone.map_or(t, |z| t.with_timezone(&z).fixed_offset())
}

/// A respond-by time as a choice.
pub(crate) fn choice(t: &DateTime<FixedOffset>) -> Choice {
    Choice {
        id: t.to_rfc3339(),
        label: crate::text::instant_words(t),
    }
}

/// The deadline part of a question (none when the engine's answer has no respond-by time).
pub(crate) fn choices(
    engine: &Engine,
    spec: &PolicySpec,
    question: &Question,
    seed: &str,
) -> Result<Option<DeadlineChoices>, LearnError> {
    let answer = ask(engine, spec, question)?;
    let Some(due) = respond_by(&answer) else {
        return Ok(None);
    };
    let zone = display_zone(spec, question, &answer);
    let in_zone = |t: DateTime<FixedOffset>| match zone {
        Some(z) => t.with_timezone(&z).fixed_offset(),
        None => t.with_timezone(due.offset()),
    };
    let mut wrong: Vec<DateTime<FixedOffset>> = Vec::new();
    let due = in_zone(due);
    let offer = |t: DateTime<FixedOffset>, wrong: &mut Vec<DateTime<FixedOffset>>| {
        let words = crate::text::instant_words(&t);
        if t != due
            && words != crate::text::instant_words(&due)
            && !wrong
                .iter()
                .any(|w| *w == t || crate::text::instant_words(w) == words)
        {
            wrong.push(t);
        }
    };
    // Around the clock: the submission plus the target, every hour counting.
    let submitted = spec
        .facts
        .iter()
        .filter(|f| f.ty == FactType::DateTime)
        .find_map(|f| question.facts.get(&f.name)?.as_str())
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
    let hours = answer.details.get("target_hours").and_then(|h| h.as_f64());
    if let (Some(t), Some(h)) = (submitted, hours) {
        let minutes = (h * 60.0).round() as i64;
        offer(in_zone(t + Duration::minutes(minutes)), &mut wrong);
    }
    // Business hours without skipping the weekend: the days jumped between two open windows taken out.
    if let Some(t) = weekend_not_skipped(&answer, due, zone) {
        offer(t, &mut wrong);
    }
    // Another value of an enumeration fact (another region's hours, another plan, another severity).
    for f in &spec.facts {
        if wrong.len() >= 2 {
            break;
        }
        let FactType::Enum(values) = &f.ty else {
            continue;
        };
        for v in values {
            if wrong.len() >= 2 {
                break;
            }
            let mut facts = question.facts.clone();
            if facts.get(&f.name).and_then(|x| x.as_str()) == Some(v.as_str()) {
                continue;
            }
            facts.insert(f.name.clone(), serde_json::Value::String(v.clone()));
            let other = Question {
                policy: question.policy.clone(),
                facts,
                policy_version: super::taught_edition(),
            };
            if let Some(t) = ask(engine, spec, &other).ok().as_ref().and_then(respond_by) {
                offer(in_zone(t), &mut wrong);
            }
        }
    }
    // Never fewer than two wrong ones.
    for fallback in [Duration::hours(1), Duration::days(1), Duration::hours(-1)] {
        offer(in_zone(due + fallback), &mut wrong);
    }
    let mut all: Vec<Choice> = std::iter::once(&due)
        .chain(wrong.iter().take(2))
        .map(choice)
        .collect();
    Rng::seeded(seed).shuffle(&mut all);
    Ok(Some(DeadlineChoices {
        prompt: DEADLINE_PROMPT.to_string(),
        choices: all,
    }))
}

/// The deadline as if every day were a working day: the answer's open windows tell which days the clock
/// jumped over (a Friday window followed by a Monday one skips two days).
fn weekend_not_skipped(
    answer: &Answer,
    due: DateTime<FixedOffset>,
    zone: Option<Tz>,
) -> Option<DateTime<FixedOffset>> {
    let windows = answer.details.get("windows")?.as_array()?;
    let starts: Vec<chrono::NaiveDate> = windows
        .iter()
        .filter_map(|w| w.get("start")?.as_str())
        .filter_map(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| match zone {
            Some(z) => t.with_timezone(&z).date_naive(),
            None => t.date_naive(),
        })
        .collect();
    let skipped: i64 = starts
        .windows(2)
        .map(|pair| ((pair[1] - pair[0]).num_days() - 1).max(0))
        .sum();
    if skipped == 0 {
        return None;
    }
    match zone {
        Some(z) => {
            let wall = due.with_timezone(&z).naive_local() - Duration::days(skipped);
            z.from_local_datetime(&wall)
                .earliest()
                .map(|t| t.fixed_offset())
        }
        None => Some(due - Duration::days(skipped)),
    }
}
