//! The error every command returns: `{ code, message }` as it crosses to the web view.
//!
//! Codes are stable strings the UI may branch on; the message is for people.

use serde::Serialize;
use supportkb::policy::{PolicyError, SpecError};
use supportkb::userdata::UserDataError;
use supportkb::EngineError;

/// A command failure as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{code}: {message}")]
pub struct CommandError {
    /// Machine-readable kind: `unknown_doc`, `unknown_anchor`, `corpus_folder`, `unknown_corpus`,
    /// `watch`, `invalid_question`, `invalid_date`, `invalid_time_zone`, `user_data`, `invalid_url`,
    /// `open_failed` or `internal`.
    pub code: String,
    /// What went wrong, in one sentence.
    pub message: String,
    /// The fact of a question at fault (`invalid_question`), so the form can show the message next
    /// to its field.
    pub field: Option<String>,
}

impl CommandError {
    /// A new error with this code and message.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
            field: None,
        }
    }
}

impl From<EngineError> for CommandError {
    fn from(error: EngineError) -> Self {
        let code = match &error {
            EngineError::UnknownDoc { .. } => "unknown_doc",
            EngineError::UnknownAnchor { .. } => "unknown_anchor",
            EngineError::CorpusFolder { .. } => "corpus_folder",
            EngineError::UnknownCorpus { .. } => "unknown_corpus",
            EngineError::UnknownSource { .. } => "unknown_source",
            EngineError::NotPersistent { .. } | EngineError::Watch(_) => "watch",
            EngineError::Share(supportkb::share::ShareError::BadLink(_)) => "bad_link",
            _ => "internal",
        };
        Self::new(code, error.to_string())
    }
}

impl From<PolicyError> for CommandError {
    fn from(error: PolicyError) -> Self {
        Self {
            field: error.field.clone(),
            ..Self::new("invalid_question", error.to_string())
        }
    }
}

impl From<SpecError> for CommandError {
    fn from(error: SpecError) -> Self {
        Self::new(
            "internal",
            format!("the embedded policies are broken: {error}"),
        )
    }
}

impl From<UserDataError> for CommandError {
    fn from(error: UserDataError) -> Self {
        Self::new("user_data", error.to_string())
    }
}

impl From<supportkb::learn::LearnError> for CommandError {
    fn from(error: supportkb::learn::LearnError) -> Self {
        use supportkb::learn::LearnError;
        match error {
            LearnError::Question(e) => e.into(),
            LearnError::UnknownLesson { .. } | LearnError::UnknownChoice(_) => {
                Self::new("invalid_question", error.to_string())
            }
            LearnError::Broken(_) | LearnError::Contents(_) => {
                Self::new("internal", error.to_string())
            }
        }
    }
}
