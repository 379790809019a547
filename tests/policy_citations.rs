//! Citations both ways, in every edition: every rule cites a section that exists in its own edition's
//! folder and quotes a sentence that appears verbatim in it; every normative section of an edition
//! (each anchor of its anchors list — docs/anchors.md for the newest, docs/anchors-DATE.md for an older
//! one — whose "policy facts" column is not "(document intro)", except `resources`) is cited by some
//! rule of that edition.

use std::collections::BTreeSet;
use std::path::Path;

use supportkb::policy::Registry;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The text of the section `anchor` of `doc` in edition `version`: from its heading to the next heading,
/// whitespace collapsed. `None` when the doc or the anchor does not exist.
fn section(version: &str, doc: &str, anchor: &str) -> Option<String> {
    let path = root().join("docs-corpus/editions").join(version).join(doc);
    let text = std::fs::read_to_string(path).ok()?;
    let marker = format!("{{#{anchor}}}");
    let mut lines = text.lines();
    lines
        .by_ref()
        .find(|l| l.starts_with('#') && l.trim_end().ends_with(&marker))?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with('#')).collect();
    Some(
        body.join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[test]
fn every_rule_cites_an_existing_section_and_quotes_it_verbatim() {
    let registry = Registry::embedded().unwrap();
    let mut failures = Vec::new();
    for edition in registry.editions() {
        let version = edition.policy_version.as_str();
        if section(version, &edition.cites.doc, &edition.cites.anchor).is_none() {
            failures.push(format!(
                "edition {version}: cites missing {:?}",
                edition.cites
            ));
        }
        for spec in registry.specs_in(version).unwrap() {
            for rule in &spec.rules {
                match section(version, &rule.cites.doc, &rule.cites.anchor) {
                    None => failures.push(format!("{}: cites missing {}", rule.id, rule.cites)),
                    Some(text) => {
                        let quote = rule.quote.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !text.contains(&quote) {
                            failures.push(format!(
                                "{}: quote not found in {}: {:?}",
                                rule.id, rule.cites, rule.quote
                            ));
                        }
                    }
                }
                assert_eq!(rule.policy_version, version, "{}", rule.id);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_normative_section_is_cited_by_some_rule() {
    let registry = Registry::embedded().unwrap();
    for edition in registry.editions() {
        let version = edition.policy_version.as_str();
        let dated = root().join(format!("docs/anchors-{version}.md"));
        let file = if version == registry.newest_version() {
            root().join("docs/anchors.md")
        } else {
            dated
        };
        let anchors =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        normative_sections_are_cited(registry, version, &anchors);
    }
}

fn normative_sections_are_cited(registry: &Registry, version: &str, anchors: &str) {
    let mut normative = BTreeSet::new();
    for line in anchors.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | doc | anchor | heading | facts |
        if cells.len() < 5 || !cells[1].ends_with(".md") {
            continue;
        }
        if cells[4] == "(document intro)" || cells[2] == "resources" {
            continue;
        }
        // An older edition may state facts no policy of it describes yet (listed, not hidden).
        if cells[4].starts_with("(no policy of this edition describes it yet)")
            && version != registry.newest_version()
        {
            continue;
        }
        normative.insert(format!("{}#{}", cells[1], cells[2]));
    }
    assert!(normative.len() >= 10, "{version}: {normative:?}");
    let cited: BTreeSet<String> = registry
        .specs_in(version)
        .unwrap()
        .iter()
        .flat_map(|s| s.rules.iter().map(|r| r.cites.to_string()))
        .collect();
    let uncited: Vec<&String> = normative.difference(&cited).collect();
    assert!(
        uncited.is_empty(),
        "{version}: normative sections no rule cites: {uncited:?}"
    );
}

#[test]
fn the_section_reader_finds_known_text() {
    let s = section(
        "2025-07-31",
        "reopening-incidents.md",
        "closed-three-months",
    )
    .unwrap();
    assert!(s.contains("three months or longer"));
    assert!(section("2025-07-31", "reopening-incidents.md", "no-such-anchor").is_none());
}
