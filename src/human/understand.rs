//! Understanding a question in words (stub, filled in next).

use serde::Serialize;

use super::Context;
use crate::policy::Registry;

/// What [`understand`] made of a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Understood {
    /// The policy the question is about, if one was recognised.
    pub policy: Option<String>,
    /// Facts, in the JSON form `ask --json` takes.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub facts: serde_json::Map<String, serde_json::Value>,
    /// Words that were not understood.
    pub unparsed: Vec<String>,
}

/// Reads a question.
pub fn understand(_text: &str, _registry: &Registry, _ctx: &Context) -> Understood {
    Understood {
        policy: None,
        facts: serde_json::Map::new(),
        unparsed: Vec::new(),
    }
}
