//! The plan × request type table of the `support_scope` policy (`docs-corpus/policy/support-scope.toml`),
//! parsed raw and validated into a [`ScopeTable`]; errors name the file and the key.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::model::SpecError;

/// Path of the table inside `docs-corpus/`.
pub const SUPPORT_SCOPE_FILE: &str = "policy/support-scope.toml";

/// The plans of the table, in order.
pub const PLANS: [&str; 3] = ["standard", "prodirect", "unified_enterprise"];

/// The request types of the table, in order.
pub const REQUEST_TYPES: [&str; 6] = [
    "billing",
    "subscription_management",
    "break_fix",
    "advisory",
    "escalation",
    "account_management",
];

/// The rules a row may name.
pub const RULES: [&str; 2] = ["support_scope.basics", "support_scope.advanced"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    policy_version: String,
    plans: Vec<String>,
    request_types: BTreeMap<String, RawRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    covered_on: Vec<String>,
    rule: String,
}

/// One request type's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeRow {
    /// Covered on each plan, indexed like `PLANS` (standard, ProDirect, Unified enterprise).
    pub covered: [bool; 3],
    /// The rule that states it (one of `RULES`).
    pub rule: &'static str,
}

/// The checked table: one row per request type, indexed like `REQUEST_TYPES`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeTable {
    /// The edition the table belongs to.
    pub policy_version: String,
    /// The rows.
    pub rows: [ScopeRow; 6],
}

impl ScopeTable {
    /// Parses and validates the table.
    pub fn parse(file: &str, text: &str) -> Result<ScopeTable, SpecError> {
        let raw: RawTable =
            toml::from_str(text).map_err(|e| SpecError::new(file, "(file)", e.to_string()))?;
        if raw.plans != PLANS {
            return Err(SpecError::new(
                file,
                "plans",
                format!("expected [{}]", PLANS.join(", ")),
            ));
        }
        let known: BTreeSet<&str> = REQUEST_TYPES.into_iter().collect();
        if let Some(extra) = raw
            .request_types
            .keys()
            .find(|k| !known.contains(k.as_str()))
        {
            return Err(SpecError::new(
                file,
                format!("request_types.{extra}"),
                format!(
                    "unknown request type; expected one of {}",
                    REQUEST_TYPES.join(", ")
                ),
            ));
        }
        let mut rows = Vec::with_capacity(REQUEST_TYPES.len());
        for rt in REQUEST_TYPES {
            let key = format!("request_types.{rt}");
            let row = raw
                .request_types
                .get(rt)
                .ok_or_else(|| SpecError::new(file, &key, "missing request type"))?;
            let mut covered = [false; 3];
            for plan in &row.covered_on {
                let i = PLANS.iter().position(|p| p == plan).ok_or_else(|| {
                    SpecError::new(
                        file,
                        format!("{key}.covered_on"),
                        format!(
                            "unknown plan `{plan}`; expected one of {}",
                            PLANS.join(", ")
                        ),
                    )
                })?;
                covered[i] = true;
            }
            let rule = RULES.into_iter().find(|r| *r == row.rule).ok_or_else(|| {
                SpecError::new(
                    file,
                    format!("{key}.rule"),
                    format!(
                        "unknown rule `{}`; expected one of {}",
                        row.rule,
                        RULES.join(", ")
                    ),
                )
            })?;
            rows.push(ScopeRow { covered, rule });
        }
        let rows: [ScopeRow; 6] = rows
            .try_into()
            .map_err(|_| SpecError::new(file, "request_types", "wrong number of rows"))?;
        Ok(ScopeTable {
            policy_version: raw.policy_version,
            rows,
        })
    }
}
