//! What the policy modules share to bind a logic to its description: [`bind`]. Its own module so that [`super::registry`], [`super::logic`] and [`super::scope`] depend on
//! it and not on one another (no import loop).

use std::collections::BTreeMap;

use super::model::{Example, PolicySpec, SpecError};
use super::spec::{check_binding, POLICIES_FILE};

/// Takes the description of `id` out of `specs`, checks it against the logic's facts, rules and
/// verdicts, and attaches its examples.
pub(crate) fn bind(
    specs: &mut BTreeMap<String, PolicySpec>,
    examples: &mut BTreeMap<String, Vec<Example>>,
    id: &str,
    facts: &[&str],
    rules: &[&str],
    interpretations: &[&str],
    verdicts: &[&str],
) -> Result<PolicySpec, SpecError> {
    let mut spec = specs.remove(id).ok_or_else(|| {
        SpecError::new(
            POLICIES_FILE,
            format!("policy.{id}"),
            "policy is not described",
        )
    })?;
    check_binding(
        POLICIES_FILE,
        &spec,
        facts,
        rules,
        interpretations,
        verdicts,
    )?;
    spec.examples = examples.remove(id).unwrap_or_default();
    Ok(spec)
}
