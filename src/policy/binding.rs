//! What the policy modules share to bind a logic to its description: [`bind`]. Its own module so that [`super::registry`], [`super::logic`] and [`super::scope`] depend on
//! it and not on one another (no import loop).

use std::collections::BTreeMap;

use super::model::{Example, PolicySpec, SpecError};
use super::spec::{check_binding, POLICIES_FILE};

/// The rules, readings and verdicts a logic decides with, for the editions whose text it fits.
#[derive(Debug, Clone, Copy)]
pub struct RuleSet<'a> {
    /// Every rule id the logic may fire.
    pub rules: &'a [&'a str],
    /// Every interpretation id the logic may record.
    pub interpretations: &'a [&'a str],
    /// Every verdict the logic may return.
    pub verdicts: &'a [&'a str],
}

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
    bind_any(
        specs,
        examples,
        id,
        facts,
        &[RuleSet {
            rules,
            interpretations,
            verdicts,
        }],
    )
}

/// [`bind`] for a logic that decides with one of several rule sets, one per wording of the policy
/// (an edition whose text differs describes other rules and verdicts): the description must match one
/// set exactly, and the logic then decides by the rules the description declares. When none matches,
/// the error is the first set's (the newest wording), saying that the others do not match either.
pub(crate) fn bind_any(
    specs: &mut BTreeMap<String, PolicySpec>,
    examples: &mut BTreeMap<String, Vec<Example>>,
    id: &str,
    facts: &[&str],
    sets: &[RuleSet<'_>],
) -> Result<PolicySpec, SpecError> {
    let mut spec = specs.remove(id).ok_or_else(|| {
        SpecError::new(
            POLICIES_FILE,
            format!("policy.{id}"),
            "policy is not described",
        )
    })?;
    let mut first = None;
    for set in sets {
        match check_binding(
            POLICIES_FILE,
            &spec,
            facts,
            set.rules,
            set.interpretations,
            set.verdicts,
        ) {
            Ok(()) => {
                spec.examples = examples.remove(id).unwrap_or_default();
                return Ok(spec);
            }
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    Err(match first {
        Some(mut e) => {
            match sets.len() {
                0 | 1 => {}
                2 => e
                    .message
                    .push_str(" (nor does it match the logic's other wording of this policy)"),
                n => e.message.push_str(&format!(
                    " (nor does it match any of the logic's {} other wordings of this policy)",
                    n - 1
                )),
            }
            e
        }
        None => SpecError::new(
            POLICIES_FILE,
            format!("policy.{id}"),
            "the logic declares no rule set",
        ),
    })
}
