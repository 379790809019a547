//! The [`Registry`] of every policy, built once from the embedded description files and validated at
//! start-up, and the entry points that answer questions ([`Registry::ask`], [`Registry::ask_json`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::binding::embedded_text;
use super::framework::{default_value, parse_json_value, Policy};
use super::model::{Answer, ErrorKind, Facts, PolicyError, PolicySpec, SpecError};
use super::spec::{parse_examples, parse_policies, EXAMPLES_FILE, POLICIES_FILE};
use super::{logic, response_time, scope};

/// A question: a policy id and facts by name (`null` or absent → unknown, or the fact's default).
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Policy id.
    pub policy: String,
    /// Facts by name.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub facts: serde_json::Map<String, serde_json::Value>,
}

/// Every policy, checked.
pub struct Registry {
    policies: Vec<Box<dyn Policy>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.policies.iter().map(|p| &p.spec().id))
            .finish()
    }
}

impl Registry {
    /// The registry of the embedded policies, built on first use. A broken description file is an
    /// error naming the file and key (a build defect; tests catch it).
    pub fn embedded() -> Result<&'static Registry, SpecError> {
        static REGISTRY: OnceLock<Result<Registry, SpecError>> = OnceLock::new();
        REGISTRY
            .get_or_init(|| {
                Registry::from_sources(embedded_text(POLICIES_FILE)?, embedded_text(EXAMPLES_FILE)?)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Builds a registry from description and example texts (the embedded ones, or test variants).
    pub fn from_sources(policies: &str, examples: &str) -> Result<Registry, SpecError> {
        let mut specs: BTreeMap<String, PolicySpec> = parse_policies(POLICIES_FILE, policies)?
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect();
        let mut examples = parse_examples(EXAMPLES_FILE, examples)?;
        let scope_table = scope::ScopeTable::embedded()?;
        let response_tables = response_time::ResponseTables::embedded()
            .map_err(|e| response_time::table_error_to_spec_error(&e))?;
        let policies = logic::all(&mut specs, &mut examples, scope_table, response_tables)?;
        if let Some(id) = specs.keys().next() {
            return Err(SpecError::new(
                POLICIES_FILE,
                format!("policy.{id}"),
                "described, but no logic implements it",
            ));
        }
        if let Some(id) = examples.keys().next() {
            return Err(SpecError::new(
                EXAMPLES_FILE,
                format!("example.policy = {id}"),
                "no such policy",
            ));
        }
        let registry = Registry { policies };
        // Every example must be answerable.
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        for p in &registry.policies {
            let spec = p.spec();
            for e in &spec.examples {
                let q = Question {
                    policy: spec.id.clone(),
                    facts: e.facts.clone(),
                };
                if let Err(err) = registry.ask(&q, today) {
                    return Err(SpecError::new(
                        EXAMPLES_FILE,
                        format!("example `{}`", e.name),
                        err.message,
                    ));
                }
            }
        }
        Ok(registry)
    }

    /// The policy with this id.
    pub fn get(&self, id: &str) -> Option<&dyn Policy> {
        self.policies
            .iter()
            .find(|p| p.spec().id == id)
            .map(|p| p.as_ref())
    }

    /// Every policy's description, in registry order.
    pub fn specs(&self) -> Vec<&PolicySpec> {
        self.policies.iter().map(|p| p.spec()).collect()
    }

    /// Answers a question. `today` is the default of date facts such as `as_of` (evaluation never
    /// reads the clock itself).
    pub fn ask(&self, q: &Question, today: NaiveDate) -> Result<Answer, PolicyError> {
        let policy = self
            .get(&q.policy)
            .ok_or_else(|| self.unknown_policy(&q.policy))?;
        let mut facts = facts_from_json(policy.spec(), &q.facts, today)?;
        policy.answer(&mut facts)
    }

    /// Answers a question whose facts are written as text (`yes`, `2026-08-12`, `unknown`), as on the
    /// command line; facts not given take their defaults.
    pub fn ask_text(
        &self,
        policy: &str,
        given: &[(&str, &str)],
        today: NaiveDate,
    ) -> Result<Answer, PolicyError> {
        let q = Question {
            policy: policy.to_string(),
            facts: serde_json::Map::new(),
        };
        let policy = self
            .get(&q.policy)
            .ok_or_else(|| self.unknown_policy(&q.policy))?;
        let spec = policy.spec();
        let mut facts = facts_from_json(spec, &q.facts, today)?;
        for (name, text) in given {
            let i = spec
                .fact_index(name)
                .ok_or_else(|| unknown_fact(spec, name))?;
            facts.values[i] = super::framework::parse_str_value(&spec.facts[i], text)?;
        }
        policy.answer(&mut facts)
    }

    fn unknown_policy(&self, id: &str) -> PolicyError {
        PolicyError::new(
            ErrorKind::UnknownPolicy,
            Some("policy"),
            format!(
                "unknown policy `{}`; known policies: {}",
                crate::text::echo(id),
                self.policies
                    .iter()
                    .map(|p| p.spec().id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    }

    /// Answers a question given as JSON text (`{"policy": ..., "facts": {...}}`).
    pub fn ask_json(&self, text: &str, today: NaiveDate) -> Result<Answer, PolicyError> {
        let q: Question = serde_json::from_str(text).map_err(|e| {
            PolicyError::new(
                ErrorKind::InvalidJson,
                None,
                format!(
                    "not a question {{\"policy\": ID, \"facts\": {{...}}}}: {}",
                    json_error_message(&e)
                ),
            )
        })?;
        self.ask(&q, today)
    }
}

/// Checks JSON facts against a policy's description; facts not given take their defaults.
pub fn facts_from_json<'a>(
    spec: &'a PolicySpec,
    given: &serde_json::Map<String, serde_json::Value>,
    today: NaiveDate,
) -> Result<Facts<'a>, PolicyError> {
    let mut facts = Facts::unknown(spec);
    let mut seen = vec![false; spec.facts.len()];
    for (name, json) in given {
        let i = spec
            .fact_index(name)
            .ok_or_else(|| unknown_fact(spec, name))?;
        facts.values[i] = parse_json_value(&spec.facts[i], json)?;
        seen[i] = true;
    }
    for (i, f) in spec.facts.iter().enumerate() {
        if !seen[i] {
            facts.values[i] = default_value(f, today)?;
        }
    }
    Ok(facts)
}

/// A serde_json error with the value it quotes clipped (serde_json repeats a wrong string whole),
/// keeping its position.
fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&position) {
        Some(what) => format!("{}{position}", crate::text::echo(what)),
        None => crate::text::echo(&text).into_owned(),
    }
}

fn unknown_fact(spec: &PolicySpec, name: &str) -> PolicyError {
    // The name is the client's: echoed clipped, in the message and as the field.
    let name = crate::text::echo(name);
    PolicyError::new(
        ErrorKind::UnknownFact,
        Some(&name),
        format!(
            "policy `{}` has no fact `{name}`; its facts are: {}",
            spec.id,
            spec.facts
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}
