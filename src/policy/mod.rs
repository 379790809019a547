//! The policy engine: structured questions about the support policy, answered with a verdict, reasons
//! citing the knowledge base, the facts still missing and what would change the answer.
//!
//! # Pieces
//! * `model`: the types — [`PolicySpec`] (a policy's description: facts with types, allowed values,
//!   help and defaults; verdicts; rules with their `doc#anchor` citation and verbatim quote),
//!   three-valued [`Facts`] (`Some(value)` or unknown), [`Answer`], [`PolicyError`].
//! * `spec`: `docs-corpus/policy/policies.toml` (descriptions) and `examples.toml` (worked examples),
//!   parsed raw and validated; errors name file and key ([`SpecError`]).
//! * `framework`: the [`Policy`] trait and the generic answer. A policy implements
//!   [`Policy::decide`] (verdict from the known facts, `None` when they do not decide it, firing rules on
//!   a [`Trace`]); the framework computes `missing_facts` and `what_would_change` by re-evaluating
//!   `decide` with facts set or flipped (probe values: both booleans, every enum value, and whatever
//!   [`Policy::probes`] returns for dates). A policy that needs more overrides [`Policy::answer`].
//! * `logic`: the typed logic of every policy except `response_time`; `scope`: the plan × request
//!   type table (`docs-corpus/policy/support-scope.toml`).
//! * `registry`: [`Registry::embedded`] binds every logic to its description at start-up (same facts in
//!   the same order, same rules, same verdicts; every example answerable) and answers questions.
//! * `clock` and `response_time`: the business-hours clock and the `response_time` policy (its
//!   plans, severities, targets and regions are the edition's tables; only how they combine is Rust).
//!
//! # Adding a policy
//! Describe it in `policies.toml` (`[[policy]]` with `[[policy.fact]]`, `[[policy.verdict]]`,
//! `[[policy.rule]]`), write a `Declared` (plain functions) or a type implementing [`Policy`], and list it
//! in `logic::all`. Rule ids are `policy.name`; every rule must be fired by the logic and exercised
//! by a scenario in `tests/data/scenarios/`.
//!
//! **Architecture invariant:** evaluation is pure — no IO, no clock. "Today" (the default of `as_of`)
//! is an argument of [`Registry::ask`].
//!
//! ```
//! use supportkb::policy::{Question, Registry};
//! let registry = Registry::embedded().unwrap();
//! let q: Question = serde_json::from_str(
//!     r#"{"policy": "reopen", "facts": {"closed_on": "2026-08-12", "as_of": "2026-09-01", "same_build": false}}"#,
//! ).unwrap();
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
//! let answer = registry.ask(&q, today).unwrap();
//! assert_eq!(answer.verdict, "new_incident_required");
//! assert_eq!(answer.reasons[0].cites.anchor, "same-software-and-hardware");
//! ```

// The submodules are private: what the rest of the crate, the CLI, the desktop and the tests use is
// re-exported below, so the facade is the policy engine's whole API.
pub(crate) mod binding;
mod changes;
pub(crate) mod clock;
pub(crate) mod country_codes;
pub(crate) mod framework;
pub(crate) mod logic;
mod model;
pub(crate) mod registry;
pub(crate) mod response_time;
mod scope;
mod spec;

pub use changes::{changes, AnswerFlip, Change, ChangeKind, Changes, EditionCite, FlipSide};
pub use clock::{
    add_business_time, business_time_between, open_windows, resolve_local, BusinessCalendar,
    ClockError, Window, SEARCH_LIMIT_DAYS,
};
pub use framework::{answer_generic, Policy, Trace};
pub use model::{
    Answer, Cite, CiteOut, Conflict, ConflictSpec, ErrorKind, Example, FactDefault, FactSpec,
    FactType, Facts, Interpretation, InterpretationSpec, Note, NoteSpec, PolicyError, PolicySpec,
    Reason, RuleSpec, SpecError, Tone, Value, VerdictSpec, NEED_MORE_FACTS, NOT_ADDRESSED,
};
pub use registry::{EditionInfo, Question, Registry, Topic};
/// The `response_time` policy's own pieces: its tables, its deadline arithmetic and the typed
/// `details` of its answers.
pub use response_time::{
    evaluate as evaluate_response_time, parse_country, parse_holiday, parse_submitted_at,
    parse_time_zone, Access, Clock, Language, OpenWindow, ResponseOutcome, ResponseQuestion,
    ResponseTables, ResponseTimeDetails, ResponseTimeError, TableError, BUSINESS_HOURS_FILE,
    RESPONSE_TIMES_FILE,
};
pub use scope::{ScopeRow, ScopeTable};
