//! The logic of every policy except `response_time` (see [`super::response_time`]): one typed
//! `decide` function per policy over three-valued facts. The descriptions (facts, verdicts, rules with
//! citations) are in each edition's `policy/policies.toml`; [`all`] binds each logic to its description
//! and fails at start-up when they disagree. Where editions word a policy differently (the 2021 text
//! recommends a new incident where the 2025 text requires one), the logic declares each wording's rule
//! set ([`Declared::other_wordings`]) and decides by the rules the edition declares ([`declares`]), not
//! by the edition's date.
//!
//! Three-valued logic: a fact is `Some(value)` or `None` (unknown). A condition that is known to fail
//! decides the verdict even when other facts are unknown; only when no known fact decides does a
//! policy return `None`, which the framework answers as `need_more_facts`.

use std::collections::BTreeMap;

use super::binding::{bind_any, RuleSet};
use super::framework::{Policy, Trace};
use super::model::{Example, Facts, PolicyError, PolicySpec, SpecError};
use super::response_time::ResponseTables;
use super::scope::ScopeTable;

pub mod cases;
pub mod coverage;
pub mod reopen;
pub mod severity;

/// `true` if every condition holds, `false` as soon as one is known to fail, else unknown.
pub fn all3<const N: usize>(conditions: [Option<bool>; N]) -> Option<bool> {
    if conditions.contains(&Some(false)) {
        Some(false)
    } else if conditions.iter().all(Option::is_some) {
        Some(true)
    } else {
        None
    }
}

/// `true` as soon as one condition is known to hold, `false` if all are known not to, else unknown.
pub fn any3<const N: usize>(conditions: [Option<bool>; N]) -> Option<bool> {
    if conditions.contains(&Some(true)) {
        Some(true)
    } else if conditions.iter().all(Option::is_some) {
        Some(false)
    } else {
        None
    }
}

/// Whether the edition's description of the policy declares `rule`: how a logic bound to several
/// wordings ([`Declared::other_wordings`]) decides by the text of the edition it answers under.
pub fn declares(facts: &Facts<'_>, rule: &str) -> bool {
    facts.spec.rule(rule).is_some()
}

/// Signature of a policy's decision function.
pub type DecideFn = fn(&Facts<'_>, &mut Trace) -> Option<&'static str>;
/// Signature of a policy's details function.
pub type DetailsFn = fn(&Facts<'_>, &str) -> serde_json::Map<String, serde_json::Value>;
/// Signature of a policy's summary override (`None`: the verdict's summary from the description).
pub type SummaryFn = fn(&Facts<'_>, &str) -> Option<String>;
/// Signature of a policy's cross-fact check.
pub type CheckFn = fn(&Facts<'_>) -> Result<(), PolicyError>;

/// A policy made of plain functions (most policies need nothing more).
pub struct FnPolicy {
    spec: PolicySpec,
    decide: DecideFn,
    details: DetailsFn,
    check: CheckFn,
    summary: Option<SummaryFn>,
}

fn no_details(_: &Facts<'_>, _: &str) -> serde_json::Map<String, serde_json::Value> {
    serde_json::Map::new()
}

fn no_check(_: &Facts<'_>) -> Result<(), PolicyError> {
    Ok(())
}

impl Policy for FnPolicy {
    fn spec(&self) -> &PolicySpec {
        &self.spec
    }
    fn check(&self, facts: &Facts<'_>) -> Result<(), PolicyError> {
        (self.check)(facts)
    }
    fn decide(&self, facts: &Facts<'_>, trace: &mut Trace) -> Option<&'static str> {
        (self.decide)(facts, trace)
    }
    fn details(
        &self,
        facts: &Facts<'_>,
        verdict: &str,
    ) -> serde_json::Map<String, serde_json::Value> {
        (self.details)(facts, verdict)
    }
    fn summary(&self, facts: &Facts<'_>, verdict: &str) -> Option<String> {
        self.summary.and_then(|f| f(facts, verdict))
    }
}

/// What a policy module declares: its id, facts in order, rules, verdicts and functions.
pub struct Declared {
    /// Policy id.
    pub id: &'static str,
    /// Fact names, in the order `decide` indexes them.
    pub facts: &'static [&'static str],
    /// Every rule id `decide` may fire.
    pub rules: &'static [&'static str],
    /// Every interpretation id `decide` may record.
    pub interpretations: &'static [&'static str],
    /// Every verdict `decide` may return.
    pub verdicts: &'static [&'static str],
    /// The rule sets of other wordings of the policy (older editions whose text differs): an
    /// edition's description matches `rules`, `interpretations` and `verdicts` or one of these, and
    /// `decide` asks the description which rules it declares ([`declares`]).
    pub other_wordings: &'static [RuleSet<'static>],
    /// The decision.
    pub decide: DecideFn,
    /// Details of the answer.
    pub details: Option<DetailsFn>,
    /// Cross-fact check.
    pub check: Option<CheckFn>,
    /// Summary override.
    pub summary: Option<SummaryFn>,
}

impl Declared {
    fn build(
        &self,
        specs: &mut BTreeMap<String, PolicySpec>,
        examples: &mut BTreeMap<String, Vec<Example>>,
    ) -> Result<Box<dyn Policy>, SpecError> {
        let mut sets = vec![RuleSet {
            rules: self.rules,
            interpretations: self.interpretations,
            verdicts: self.verdicts,
        }];
        sets.extend_from_slice(self.other_wordings);
        let spec = bind_any(specs, examples, self.id, self.facts, &sets)?;
        Ok(Box::new(FnPolicy {
            spec,
            decide: self.decide,
            details: self.details.unwrap_or(no_details),
            check: self.check.unwrap_or(no_check),
            summary: self.summary,
        }))
    }
}

/// Every policy implemented here that the edition describes, bound to its description, in the order
/// `supportkb policies` lists them. `scope` and `response_tables` are the edition's tables of
/// `support_scope` and `response_time` (`None` when it does not describe them).
pub fn all(
    specs: &mut BTreeMap<String, PolicySpec>,
    examples: &mut BTreeMap<String, Vec<Example>>,
    scope: Option<&'static ScopeTable>,
    response_tables: Option<&'static ResponseTables>,
) -> Result<Vec<Box<dyn Policy>>, SpecError> {
    let mut out: Vec<Box<dyn Policy>> = Vec::new();
    let described = |specs: &BTreeMap<String, PolicySpec>, id: &str| specs.contains_key(id);
    if described(specs, reopen::POLICY_ID) {
        out.push(reopen::build(specs, examples)?);
    }
    for declared in [&cases::RCA, &cases::DATA_CORRUPTION, &severity::SEVERITY] {
        if described(specs, declared.id) {
            out.push(declared.build(specs, examples)?);
        }
    }
    if let Some(tables) = response_tables {
        out.push(super::response_time::build(specs, examples, tables)?);
    }
    if let Some(table) = scope {
        out.push(coverage::support_scope(specs, examples, table)?);
    }
    for declared in [
        &coverage::SUBMIT_REQUEST,
        &coverage::PREVIEW,
        &cases::NON_MICROSOFT,
        &cases::PERFORMANCE,
        &cases::NON_REPRODUCIBLE,
        &coverage::PURCHASE_CHANNEL,
        &coverage::NO_SUBSCRIPTION,
    ] {
        if described(specs, declared.id) {
            out.push(declared.build(specs, examples)?);
        }
    }
    Ok(out)
}
