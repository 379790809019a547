//! `supportkb learn` and `supportkb quiz` through the binary: the course in the policy page's order, a
//! lesson's questions without their answers, an unknown lesson named with the known ones.

use std::process::{Command, Output};

fn supportkb(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_course_starts_with_the_overview_and_ends_with_reopening() {
    let out = supportkb(&["learn", "--json"]);
    assert!(out.status.success());
    let course: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = course["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.first(), Some(&"overview"));
    assert_eq!(ids.last(), Some(&"reopening-incidents"));
    let text = String::from_utf8(supportkb(&["learn"]).stdout).unwrap();
    assert!(
        text.contains("supportkb quiz reopening-incidents"),
        "{text}"
    );
}

#[test]
fn a_quiz_shows_facts_and_choices_but_never_the_answer() {
    let by_id = supportkb(&["quiz", "reopening-incidents", "--json"]);
    assert!(by_id.status.success());
    let questions: serde_json::Value = serde_json::from_slice(&by_id.stdout).unwrap();
    let questions = questions.as_array().unwrap();
    assert!(!questions.is_empty());
    for q in questions {
        assert!(
            q.get("verdict").is_none() && q.get("answer").is_none(),
            "{q}"
        );
        assert!(q["verdicts"].as_array().unwrap().len() >= 2);
        assert_eq!(q["question"]["policy"], "reopen");
    }
    // The lesson's number in the course is the same lesson.
    let by_number = supportkb(&["quiz", "11", "--json"]);
    assert_eq!(by_number.stdout, by_id.stdout);
    let text = String::from_utf8(supportkb(&["quiz", "reopening-incidents"]).stdout).unwrap();
    assert!(text.contains("Your answer: a) Can be reopened"), "{text}");
}

#[test]
fn an_unknown_lesson_is_a_usage_error_naming_the_lessons() {
    let out = supportkb(&["quiz", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("\"nope\"") && err.contains("reopening-incidents"),
        "{err}"
    );
}
