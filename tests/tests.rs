//! The one integration-test binary (ripgrep style): each module below is a suite.
//! Fixtures live in `tests/fixtures/`; data-driven suites read `tests/data/`.

mod clock;
mod human;
mod ingest;
mod policy;
mod policy_citations;
mod policy_cli;
mod policy_fidelity;
mod policy_scenarios;
mod relevance;
mod render;
mod response_time;
mod scale;
mod search;
mod share;
mod userdata;
