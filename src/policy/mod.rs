//! The policy engine: structured questions about the support policy, answered with a verdict, reasons
//! citing the knowledge base, the facts still missing and what would change the answer.
//!
//! # Pieces
//! * [`model`]: the types — [`PolicySpec`] (a policy's description: facts with types, allowed values,
//!   help and defaults; verdicts; rules with their `doc#anchor` citation and verbatim quote),
//!   three-valued [`Facts`] (`Some(value)` or unknown), [`Answer`], [`PolicyError`].
//! * [`spec`]: `docs-corpus/policy/policies.toml` (descriptions) and `examples.toml` (worked examples),
//!   parsed raw and validated; errors name file and key ([`SpecError`]).
//! * [`framework`]: the [`Policy`] trait and the generic answer. A policy implements
//!   [`Policy::decide`] (verdict from the known facts, `None` when they do not decide it, firing rules on
//!   a [`Trace`]); the framework computes `missing_facts` and `what_would_change` by re-evaluating
//!   `decide` with facts set or flipped (probe values: both booleans, every enum value, and whatever
//!   [`Policy::probes`] returns for dates). A policy that needs more overrides [`Policy::answer`].
//! * [`logic`]: the typed logic of every policy except `response_time`; [`scope`]: the plan × request
//!   type table (`docs-corpus/policy/support-scope.toml`).
//! * [`registry`]: [`Registry::embedded`] binds every logic to its description at start-up (same facts in
//!   the same order, same rules, same verdicts; every example answerable) and answers questions.
//! * [`clock`] and [`response_time`]: the business-hours clock and the `response_time` policy (its
//!   plans, severities, targets and regions are the edition's tables; only how they combine is Rust).
//!
//! # Adding a policy
//! Describe it in `policies.toml` (`[[policy]]` with `[[policy.fact]]`, `[[policy.verdict]]`,
//! `[[policy.rule]]`), write a `Declared` (plain functions) or a type implementing [`Policy`], and list it
//! in [`logic::all`]. Rule ids are `policy.name`; every rule must be fired by the logic and exercised
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

pub(crate) mod binding;
pub mod changes;
pub mod clock;
pub(crate) mod country_codes;
pub mod framework;
pub mod logic;
pub mod model;
pub mod registry;
pub mod response_time;
pub mod scope;
pub mod spec;

pub use framework::{answer_generic, Policy, Trace};
pub use model::{
    Answer, Cite, Conflict, ConflictSpec, ErrorKind, FactDefault, FactSpec, FactType, Facts,
    Interpretation, InterpretationSpec, Note, NoteSpec, PolicyError, PolicySpec, Reason, RuleSpec,
    SpecError, Tone, Value, VerdictSpec, NEED_MORE_FACTS, NOT_ADDRESSED,
};
pub use registry::{EditionInfo, Question, Registry, Topic};
