//! Unit tests of the course and its quizzes: every answer is the engine's, every verdict the policy can
//! reach is asked, the questions are the same on every run and read in words.

use std::collections::BTreeSet;

use super::*;
use crate::policy::NEED_MORE_FACTS;

fn engine() -> Engine {
    Engine::embedded().unwrap()
}

fn engine_answer(e: &Engine, q: &Question) -> crate::policy::Answer {
    let spec = specs(e)
        .unwrap()
        .into_iter()
        .find(|s| s.id == q.policy)
        .unwrap();
    e.ask(q, today_of(spec, &q.facts)).unwrap()
}

/// The verdicts the policy's scenarios in `tests/data/scenarios/` reach (the test suite's own record of
/// what each policy can answer), without "more facts needed".
fn scenario_verdicts(policy: &str) -> BTreeSet<String> {
    let path = format!(
        "{}/tests/data/scenarios/{policy}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let file: toml::Value = toml::from_str(&text).unwrap();
    file["scenario"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.get("verdict")?.as_str())
        .filter(|v| *v != NEED_MORE_FACTS)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_course_follows_the_policy_page_and_starts_with_the_overview() {
    let e = engine();
    let c = course(&e).unwrap();
    let docs: Vec<String> = e
        .documents()
        .into_iter()
        .filter(|d| d.source == EMBEDDED_SOURCE && d.doc != crate::glossary::GLOSSARY_DOC)
        .map(|d| d.doc)
        .collect();
    let lessons: Vec<&str> = c.lessons.iter().map(|l| l.passage.doc.as_str()).collect();
    assert_eq!(lessons, docs);
    assert_eq!(c.lessons[0].id, "overview");
    let reopen = c.lesson("reopening-incidents").unwrap();
    assert_eq!(reopen.policies[0].title, "Can this incident be reopened?");
    assert!(reopen
        .cited
        .iter()
        .any(|p| p.anchor == "closed-three-months"));
    assert!(reopen.questions > 0 && !reopen.scenarios.is_empty());
    // Every policy is taught by exactly one lesson, with all its worked examples.
    let taught: Vec<&str> = c
        .lessons
        .iter()
        .flat_map(|l| l.policies.iter().map(|p| p.id.as_str()))
        .collect();
    for spec in specs(&e).unwrap() {
        assert_eq!(
            taught.iter().filter(|p| **p == spec.id).count(),
            1,
            "{}",
            spec.id
        );
    }
    let examples: usize = specs(&e).unwrap().iter().map(|s| s.examples.len()).sum();
    let scenarios: usize = c.lessons.iter().map(|l| l.scenarios.len()).sum();
    assert_eq!(scenarios, examples);
}

#[test]
fn the_break_fix_and_advisory_lesson_quizzes_whether_the_plan_covers_a_request() {
    let e = engine();
    let c = course(&e).unwrap();
    let lesson = c.lesson("technical-support-and-advisory").unwrap();
    assert_eq!(
        lesson.policies[0].title,
        "Does our support plan cover this kind of request?"
    );
    assert!(lesson.questions > 0 && !lesson.scenarios.is_empty());
    let anchors: Vec<&str> = lesson.cited.iter().map(|p| p.anchor.as_str()).collect();
    assert_eq!(anchors, ["break-fix", "advisory"]);
    // Every lesson now has a quiz.
    let reading_only: Vec<&str> = c
        .lessons
        .iter()
        .filter(|l| l.questions == 0)
        .map(|l| l.id.as_str())
        .collect();
    assert!(reading_only.is_empty(), "{reading_only:?}");
    check_course(&e).unwrap();
}

#[test]
fn every_quiz_answer_is_the_engines_answer_for_its_facts() {
    let e = engine();
    for lesson in course(&e).unwrap().lessons {
        let questions = quiz(&e, &lesson.id).unwrap();
        assert_eq!(questions.len(), lesson.questions, "{}", lesson.id);
        for q in &questions {
            let answer = engine_answer(&e, &q.question);
            assert_ne!(answer.verdict, NEED_MORE_FACTS, "{}", q.based_on);
            let offered: Vec<&str> = q.verdicts.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(
                offered.iter().filter(|v| **v == answer.verdict).count(),
                1,
                "{}: {offered:?}",
                q.based_on
            );
            let due = deadline::respond_by(&answer);
            assert_eq!(q.deadline.is_some(), due.is_some(), "{}", q.based_on);
            let mut due_choice = None;
            if let (Some(part), Some(due)) = (&q.deadline, due) {
                assert_eq!(part.choices.len(), 3);
                let right: Vec<&Choice> = part
                    .choices
                    .iter()
                    .filter(|c| chrono::DateTime::parse_from_rfc3339(&c.id).unwrap() == due)
                    .collect();
                assert_eq!(right.len(), 1, "{}: {:?}", q.based_on, part.choices);
                let labels: BTreeSet<&str> =
                    part.choices.iter().map(|c| c.label.as_str()).collect();
                assert_eq!(labels.len(), 3, "{:?}", part.choices);
                due_choice = Some(right[0].id.clone());
            }
            for choice in &q.verdicts {
                let result = check(&e, &q.question, &choice.id, due_choice.as_deref()).unwrap();
                assert_eq!(result.verdict.id, answer.verdict);
                assert_eq!(result.answer, answer);
                assert_eq!(result.correct, choice.id == answer.verdict);
            }
        }
    }
}

#[test]
fn generated_variations_cover_every_verdict_each_lesson_policy_reaches() {
    let e = engine();
    for lesson in course(&e).unwrap().lessons {
        let questions = quiz(&e, &lesson.id).unwrap();
        for p in &lesson.policies {
            let asked: BTreeSet<String> = questions
                .iter()
                .filter(|q| q.question.policy == p.id && !q.worked)
                .map(|q| engine_answer(&e, &q.question).verdict)
                .collect();
            let reached = scenario_verdicts(&p.id);
            assert!(!reached.is_empty(), "{}", p.id);
            let missing: Vec<&String> = reached.difference(&asked).collect();
            assert!(
                missing.is_empty(),
                "{}: no variation is answered {missing:?}",
                p.id
            );
        }
    }
}

#[test]
fn a_lesson_gives_the_same_questions_on_every_run() {
    let e = engine();
    let first = quiz(&e, "reopening-incidents").unwrap();
    let again = quiz(&e, "reopening-incidents").unwrap();
    assert_eq!(first, again);
    let keys: BTreeSet<&str> = first.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(keys.len(), first.len(), "no question twice");
    // Some variation moves a date (around the three-month limit the policy itself probes).
    let spec = specs(&e)
        .unwrap()
        .into_iter()
        .find(|s| s.id == "reopen")
        .unwrap();
    let dates: Vec<&str> = spec
        .facts
        .iter()
        .filter(|f| f.ty == FactType::Date)
        .map(|f| f.label.as_str())
        .collect();
    assert!(
        first
            .iter()
            .any(|q| q.changed.iter().any(|c| dates.contains(&c.as_str()))),
        "no variation moves a date"
    );
}

#[test]
fn facts_are_shown_in_words_never_as_ids_or_raw_dates() {
    let e = engine();
    let raw_date = regex::Regex::new(r"\d{4}-\d{2}-\d{2}").unwrap();
    for lesson in course(&e).unwrap().lessons {
        for q in quiz(&e, &lesson.id).unwrap() {
            let spec = specs(&e)
                .unwrap()
                .into_iter()
                .find(|s| s.id == q.question.policy)
                .unwrap();
            for line in &q.facts {
                assert!(
                    !raw_date.is_match(&line.value),
                    "{}: {}",
                    line.label,
                    line.value
                );
                let fact = spec.facts.iter().find(|f| f.label == line.label).unwrap();
                if let FactType::Enum(values) = &fact.ty {
                    assert!(
                        fact.value_labels.contains(&line.value),
                        "{}: {}",
                        line.label,
                        line.value
                    );
                    assert!(
                        !values.contains(&line.value) || fact.value_labels.contains(&line.value)
                    );
                }
            }
            for c in q
                .verdicts
                .iter()
                .chain(q.deadline.iter().flat_map(|d| &d.choices))
            {
                assert!(!c.label.contains('_'), "{}", c.label);
            }
        }
    }
}

#[test]
fn the_berlin_friday_deadline_offers_the_engines_monday_and_two_wrong_times() {
    let e = engine();
    let questions = quiz(&e, "severity-and-response").unwrap();
    let deadlines: Vec<&QuizQuestion> = questions.iter().filter(|q| q.deadline.is_some()).collect();
    assert!(!deadlines.is_empty());
    let q = course(&e).unwrap();
    let berlin = q
        .lesson("severity-and-response")
        .unwrap()
        .scenarios
        .iter()
        .find(|s| s.name.contains("Berlin"))
        .unwrap()
        .question
        .clone();
    let part = deadline::choices(
        &e,
        specs(&e)
            .unwrap()
            .iter()
            .find(|s| s.id == "response_time")
            .unwrap(),
        &berlin,
        "x",
    )
    .unwrap()
    .unwrap();
    let labels: Vec<&str> = part.choices.iter().map(|c| c.label.as_str()).collect();
    assert!(
        labels.contains(&"Monday 23 November 2026, 16:00 (UTC+01:00)"),
        "{labels:?}"
    );
    // Around the clock, eight hours after Friday 16:00 is Saturday 00:00.
    assert!(
        labels.contains(&"Saturday 21 November 2026, 00:00 (UTC+01:00)"),
        "{labels:?}"
    );
}

#[test]
fn a_missed_question_is_asked_again_from_its_facts() {
    let e = engine();
    let q = quiz(&e, "reopening-incidents").unwrap().remove(0);
    let missed = crate::userdata::MissedQuestion {
        lesson: q.lesson.clone(),
        key: q.key.clone(),
        based_on: q.based_on.clone(),
        question: q.question.clone(),
        missed_at: String::new(),
    };
    let again = review(&e, &[missed]).unwrap().remove(0);
    assert_eq!(again.key, q.key);
    assert_eq!(again.facts, q.facts);
    assert_eq!(again.verdicts, q.verdicts);
}

#[test]
fn an_unknown_lesson_or_choice_is_named() {
    let e = engine();
    let err = quiz(&e, "nope").unwrap_err();
    assert!(err.to_string().contains("reopening-incidents"), "{err}");
    let q = quiz(&e, "reopening-incidents").unwrap().remove(0);
    assert_eq!(
        check(&e, &q.question, "maybe", None).unwrap_err(),
        LearnError::UnknownChoice("maybe".into())
    );
}
