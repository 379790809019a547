//! The one integration-test binary (ripgrep style): each module below is a suite.
//! Fixtures live in `tests/fixtures/`; data-driven suites read `tests/data/`.

// Test helpers outside `#[test]` functions unwrap too: a failed unwrap is the test failing (clippy.toml
// allows it only inside `#[test]` and `#[cfg(test)]`).
#![allow(clippy::unwrap_used)]

mod churn;
mod clock;
mod fuzz;
mod glossary;
mod human;
mod ingest;
mod learn_cli;
mod modules;
mod persistent_index;
mod policy;
mod policy_changes;
mod policy_citations;
mod policy_cli;
mod policy_editions;
mod policy_fidelity;
mod policy_scenarios;
mod relevance;
mod render;
mod response_time;
mod search;
mod share;
mod ui_fixtures;
mod userdata;

/// The power-platform docs folder (`../shared/corpora/power-platform`), which CI provides next to the
/// repository. Its absence fails the test that needs it, naming the path, rather than letting the test
/// pass without running.
fn power_platform_docs() -> std::path::PathBuf {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/power-platform");
    assert!(
        dir.is_dir(),
        "{} is missing: this test needs the power-platform docs there (CI provides them)",
        dir.display()
    );
    dir
}
