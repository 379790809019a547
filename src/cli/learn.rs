//! `supportkb learn [--json]`: the Learn course, lesson by lesson in the policy page's order;
//! `supportkb quiz LESSON [--json]`: a lesson's quiz questions (facts and choices, never the answers:
//! `ask --json` with a question's `question` gives the engine's).

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::output::{finish, json_pretty, print_error};
use crate::learn::{course, quiz, Course, LearnError, QuizQuestion};
use crate::text::for_terminal;
use crate::Engine;

/// Arguments of `supportkb learn`.
#[derive(Debug, Args)]
pub struct LearnArgs {
    /// Print the course as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `supportkb quiz`.
#[derive(Debug, Args)]
pub struct QuizArgs {
    /// The lesson: its id (`reopening-incidents`) or its number in the course.
    pub lesson: String,
    /// Print the questions as JSON.
    #[arg(long)]
    pub json: bool,
}

fn engine() -> Result<Engine, ExitCode> {
    Engine::embedded().map_err(|e| {
        print_error(e);
        ExitCode::from(1)
    })
}

fn failed(e: &LearnError) -> ExitCode {
    print_error(e);
    match e {
        LearnError::Broken(_) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}

/// Prints `value` as JSON, or as `words` say it for people.
fn print<T: serde::Serialize + ?Sized>(json: bool, value: &T, words: fn(&T) -> String) -> ExitCode {
    let text = if json {
        match json_pretty(value) {
            Ok(text) => text,
            Err(e) => return failed(&LearnError::Broken(e.to_string())),
        }
    } else {
        for_terminal(&words(value)).into_owned()
    };
    finish(writeln!(std::io::stdout().lock(), "{text}"))
}

/// Runs `supportkb learn`.
pub fn run_learn(args: &LearnArgs) -> ExitCode {
    let engine = match engine() {
        Ok(e) => e,
        Err(code) => return code,
    };
    let c = match course(&engine) {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    print(args.json, &c, course_text)
}

fn course_text(c: &Course) -> String {
    let mut s = String::new();
    for l in &c.lessons {
        s.push_str(&format!("{:>2}. {} ({})\n", l.number, l.title, l.id));
        for p in &l.policies {
            s.push_str(&format!("    {}\n", p.title));
        }
        if l.questions > 0 {
            s.push_str(&format!(
                "    {} worked scenarios, {} quiz questions: supportkb quiz {}\n",
                l.scenarios.len(),
                l.questions,
                l.id
            ));
        }
    }
    s
}

/// Runs `supportkb quiz`.
pub fn run_quiz(args: &QuizArgs) -> ExitCode {
    let engine = match engine() {
        Ok(e) => e,
        Err(code) => return code,
    };
    // A number is the lesson's place in the course.
    let lesson = match args.lesson.parse::<usize>() {
        Ok(n) => match course(&engine) {
            Ok(c) => c
                .lessons
                .iter()
                .find(|l| l.number == n)
                .map_or_else(|| args.lesson.clone(), |l| l.id.clone()),
            Err(e) => return failed(&e),
        },
        Err(_) => args.lesson.clone(),
    };
    let questions = match quiz(&engine, &lesson) {
        Ok(q) => q,
        Err(e) => return failed(&e),
    };
    print(args.json, questions.as_slice(), quiz_text)
}

fn quiz_text(questions: &[QuizQuestion]) -> String {
    let mut s = String::new();
    for (i, q) in questions.iter().enumerate() {
        s.push_str(&format!("{}. {}\n", i + 1, q.prompt));
        if q.worked {
            s.push_str(&format!("   A worked scenario: {}\n", q.based_on));
        } else {
            s.push_str(&format!("   A variation of: {}\n", q.based_on));
        }
        for f in &q.facts {
            s.push_str(&format!("   - {}: {}\n", f.label, f.value));
        }
        let letters = ('a'..='z').map(String::from);
        let verdicts: Vec<String> = q
            .verdicts
            .iter()
            .zip(letters)
            .map(|(c, l)| format!("{l}) {}", c.label))
            .collect();
        s.push_str(&format!("   Your answer: {}\n", verdicts.join("  ")));
        if let Some(d) = &q.deadline {
            s.push_str(&format!("   {}:\n", d.prompt));
            for (c, l) in d.choices.iter().zip('a'..='z') {
                s.push_str(&format!("     {l}) {}\n", c.label));
            }
        }
        s.push('\n');
    }
    s
}
