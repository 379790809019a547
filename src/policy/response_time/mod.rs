//! The `response_time` policy: when must Microsoft first contact the customer, and which clock runs.
//!
//! Everything the policy knows is data of its edition: `policy/response-times.toml` (plans,
//! severities, the target and access hours of each plan × severity cell, customer obligations,
//! languages, and the ids of the rules and readings each row rests on), `policy/business-hours.toml`
//! (business hours by region) and the `response_time` entry of `policy/policies.toml` (facts, verdicts,
//! the rules' wording, citations and quotes). A new edition is new files, not new Rust.
//!
//! * [`tables`]: the tables, parsed raw and validated ([`ResponseTables`], [`TableError`]).
//! * [`mod@evaluate`]: the logic — [`choose_clock`] (the verdict) and [`evaluate()`] (the deadline over
//!   [`super::clock`]).
//! * [`binding`]: the policy inside the framework ([`ResponseTimePolicy`], [`build`]) and the typed
//!   `details` of its answers ([`ResponseTimeDetails`]).

pub mod binding;
pub mod evaluate;
pub mod tables;

pub use binding::{build, OpenWindow, ResponseTimeDetails, POLICY_ID};
pub use evaluate::{
    duration_words, evaluate, parse_country, parse_holiday, parse_submitted_at, parse_time_zone,
    Access, Clock, Language, ResponseOutcome, ResponseQuestion, ResponseTimeError,
};
pub use tables::{
    table_error_to_spec_error, ResponseTables, SeverityAccess, TableError, BUSINESS_HOURS_FILE,
    RESPONSE_TIMES_FILE,
};
