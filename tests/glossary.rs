//! The glossary as a new hire meets it: `supportkb glossary --json` explains the policy's words, each
//! citing a passage that `show` opens; the glossary page is the last document of the FAQ and search
//! finds it for a question about a word, while the policy's own passages keep their place.

use std::process::Command;

use supportkb::glossary::{GLOSSARY_DOC, GLOSSARY_TITLE};
use supportkb::Engine;

fn supportkb(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn what_does_uat_mean_is_answered_by_the_glossary_with_a_passage_that_opens() {
    let out = supportkb(&["glossary", "--json"]);
    assert!(out.status.success());
    let terms: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let uat = terms.iter().find(|t| t["id"] == "uat").unwrap();
    assert!(uat["definition"]
        .as_str()
        .unwrap()
        .starts_with("User acceptance testing"));
    assert_eq!(
        uat["passage"],
        "Data corruption › Running your own repair script"
    );
    for term in &terms {
        let cite = format!(
            "{}#{}",
            term["doc"].as_str().unwrap(),
            term["anchor"].as_str().unwrap()
        );
        let shown = supportkb(&["show", &cite]);
        assert!(shown.status.success(), "{cite} does not open");
    }
    let text = supportkb(&["glossary"]);
    assert!(String::from_utf8(text.stdout)
        .unwrap()
        .contains("Severity B"));
}

#[test]
fn the_glossary_page_closes_the_faq_and_search_finds_it_for_a_word() {
    let engine = Engine::embedded().unwrap();
    let documents = engine.documents();
    let last = documents.last().unwrap();
    assert_eq!(
        (last.doc.as_str(), last.title.as_str()),
        (GLOSSARY_DOC, GLOSSARY_TITLE)
    );
    assert_eq!(documents.first().unwrap().doc, "overview.md");
    let hits = engine.search("what does ISV mean", 3).hits;
    assert_eq!(
        (hits[0].doc.as_str(), hits[0].anchor.as_str()),
        (GLOSSARY_DOC, "isv")
    );
    // A question the policy answers keeps the policy's passage first.
    let hits = engine.search("what is break fix", 3).hits;
    assert_eq!(hits[0].anchor, "break-fix");
    assert_eq!(hits[0].doc, "technical-support-and-advisory.md");
}
