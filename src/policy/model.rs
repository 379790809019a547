//! The data model of the policy engine: policy descriptions ([`PolicySpec`]), fact values ([`Value`],
//! [`Facts`]), answers ([`Answer`]) and input errors ([`PolicyError`]).
//!
//! Everything here serializes to the JSON of issue 3: `supportkb policies --json` prints
//! [`PolicySpec`]s, `supportkb ask --json` prints an [`Answer`] or `{"error": {...}}`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::{Serialize, Serializer};

/// Checks the `policy_version` a data file of an edition declares against the edition's date (its
/// folder's name); the error names the file and the key.
pub(crate) fn check_policy_version(
    file: &str,
    expected: &str,
    found: &str,
) -> Result<(), SpecError> {
    if found == expected {
        Ok(())
    } else {
        Err(SpecError::new(
            file,
            "policy_version",
            format!("expected {expected} (the edition's folder), found {found}"),
        ))
    }
}

/// The verdict of every policy when the known facts do not decide it.
pub const NEED_MORE_FACTS: &str = "need_more_facts";

/// The verdict of every policy when the policy text does not speak to the facts given: silence is
/// not a "no", so the engine says the text is silent instead of picking an answer.
pub const NOT_ADDRESSED: &str = "not_addressed";

/// The type of a fact, with its allowed values for an enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactType {
    /// `true` / `false` (CLI: yes/no/true/false).
    Bool,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An instant with its UTC offset, RFC 3339 (`2026-03-06T16:00:00+01:00`).
    DateTime,
    /// One of a fixed list of values.
    Enum(Vec<String>),
    /// Free text.
    String,
    /// A list of `YYYY-MM-DD` dates (CLI: comma separated).
    ListOfDates,
    /// An ISO 3166-1 alpha-2 country code (`DE`, `US`).
    Country,
    /// An IANA time zone (`Europe/Berlin`).
    TimeZone,
}

impl FactType {
    /// The type's name in policy descriptions (`bool`, `date`, `enum`, …).
    pub fn name(&self) -> &'static str {
        match self {
            FactType::Bool => "bool",
            FactType::Date => "date",
            FactType::DateTime => "datetime",
            FactType::Enum(_) => "enum",
            FactType::String => "string",
            FactType::ListOfDates => "list_of_dates",
            FactType::Country => "country",
            FactType::TimeZone => "time_zone",
        }
    }
}

/// The default of a fact that is not given at all (an explicit `null` / `unknown` stays unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub enum FactDefault {
    /// Today's date (UTC) at the moment the question is asked.
    Today,
    /// A fixed value, written as on the command line (`false`, `en`).
    Value(String),
}

impl Serialize for FactDefault {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FactDefault::Today => s.serialize_str("today"),
            FactDefault::Value(v) => s.serialize_str(v),
        }
    }
}

/// One fact a policy asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(
        type = "{ name: string, label: string, type: string, values: Array<string> | null, value_labels: Array<string> | null, help: string, default: string | null }"
    )
)]
pub struct FactSpec {
    /// Name, `snake_case` (`closed_on`); the CLI flag is `--closed-on`.
    pub name: String,
    /// What people call it, as a form label ("Closed on", "Same hardware").
    pub label: String,
    /// Type and allowed values.
    pub ty: FactType,
    /// What people call each allowed value of an enumeration, in the order of its values (empty for
    /// other types).
    pub value_labels: Vec<String>,
    /// Help text: what the fact means, in one or two sentences.
    pub help: String,
    /// Value used when the fact is not given.
    pub default: Option<FactDefault>,
}

impl Serialize for FactSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("FactSpec", 7)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("type", self.ty.name())?;
        let values: Option<&Vec<String>> = match &self.ty {
            FactType::Enum(values) => Some(values),
            _ => None,
        };
        st.serialize_field("values", &values)?;
        st.serialize_field("value_labels", &values.map(|_| &self.value_labels))?;
        st.serialize_field("help", &self.help)?;
        st.serialize_field("default", &self.default)?;
        st.end()
    }
}

/// How a verdict reads for the person who asked: the desktop styles it by this, never by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Good news for the asker (they can reopen, they are covered).
    Favourable,
    /// Bad news for the asker (a new incident is needed, not covered).
    Unfavourable,
    /// Neither: a fact to know (which clock runs, whose terms apply).
    Informational,
    /// The policy does not speak to the case (`not_addressed`).
    Silent,
    /// The facts do not decide it yet (`need_more_facts`).
    Undecided,
}

impl Tone {
    /// The tone named in a description file.
    pub fn parse(s: &str) -> Option<Tone> {
        Some(match s {
            "favourable" => Tone::Favourable,
            "unfavourable" => Tone::Unfavourable,
            "informational" => Tone::Informational,
            "silent" => Tone::Silent,
            "undecided" => Tone::Undecided,
            _ => return None,
        })
    }
}

/// One verdict a policy can reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerdictSpec {
    /// Id (`can_reopen`).
    pub id: String,
    /// What people call it ("Can be reopened").
    pub label: String,
    /// How it reads for the asker.
    pub tone: Tone,
    /// What the verdict means.
    pub description: String,
    /// The one-sentence summary an answer with this verdict carries.
    pub summary: String,
    /// The rules whose text the summary restates: a summary must be no stronger than they are
    /// (`tests/policy_fidelity.rs` checks the wording against their quotes).
    pub rests_on: Vec<String>,
}

/// Where a rule rests: a section of the embedded knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cite {
    /// Document path relative to `docs-corpus/` (`reopening-incidents.md`).
    pub doc: String,
    /// Anchor of the section (`closed-three-months`).
    pub anchor: String,
}

impl std::fmt::Display for Cite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.doc, self.anchor)
    }
}

/// One rule of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RuleSpec {
    /// Id, `policy.name` (`reopen.closed_three_months`).
    pub id: String,
    /// What the rule says, in our words (the `says` of a reason unless the policy words it for the case).
    pub says: String,
    /// The section it rests on.
    pub cites: Cite,
    /// The sentence of that section it rests on, verbatim.
    pub quote: String,
    /// Date of the support policy the rule restates.
    pub policy_version: String,
}

/// A reading of the policy that supportkb takes where the text does not settle the question (which
/// countries are "North America", what Severity B's access is when none was chosen…). Every answer
/// that depends on one lists it under [`Answer::interpretations`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InterpretationSpec {
    /// Id, `policy.name` (`reopen.calendar_months`).
    pub id: String,
    /// What the reading is about, in a few words ("Three calendar months").
    pub about: String,
    /// The reading supportkb takes, in a sentence (the `reading` of an answer unless worded for the case).
    pub reading: String,
    /// The section whose text leaves the question open.
    pub cites: Cite,
}

/// A detail of an answer that people should see, by its label: `details.<detail>` (a string or a list
/// of strings) shown as "The way forward: …".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoteSpec {
    /// The key of `details` it shows.
    pub detail: String,
    /// Its label ("The way forward").
    pub label: String,
    /// How each item is written, `{}` standing for the value ("Severity {}"); dates (`YYYY-MM-DD`)
    /// are written out ("Wednesday 12 August 2026").
    pub format: String,
}

/// Facts that cannot both be true of one case, and why (a question that gives them is answered, and
/// the answer flags them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictSpec {
    /// The facts and the values that together contradict each other.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub when: serde_json::Map<String, serde_json::Value>,
    /// Why, in a sentence.
    pub says: String,
    /// The section that makes them contradictory.
    pub cites: Cite,
}

/// A worked example of a policy (the desktop "Learn" tab runs it through `ask`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Example {
    /// The user's question.
    pub name: String,
    /// The facts, as in an `ask --json` question.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub facts: serde_json::Map<String, serde_json::Value>,
    /// Why the answer is what it is.
    pub explanation: String,
}

/// The full description of a policy (what `supportkb policies --json` prints for it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicySpec {
    /// Id (`reopen`).
    pub id: String,
    /// The question users ask (`Can this incident be reopened?`).
    pub title: String,
    /// What the policy decides, in a few sentences.
    pub description: String,
    /// The facts it asks about, in form order.
    pub facts: Vec<FactSpec>,
    /// Its verdicts, `need_more_facts` last.
    pub verdicts: Vec<VerdictSpec>,
    /// Its rules.
    pub rules: Vec<RuleSpec>,
    /// The readings it may take where the text is silent or open.
    pub interpretations: Vec<InterpretationSpec>,
    /// The details of an answer that people should see, with their labels.
    pub notes: Vec<NoteSpec>,
    /// Facts that contradict each other.
    pub conflicts: Vec<ConflictSpec>,
    /// Worked examples.
    pub examples: Vec<Example>,
    /// The fact whose date picks the edition a question is answered under (`submitted_at`,
    /// `as_of`); `None`: the day the question is asked.
    pub date_fact: Option<String>,
    /// Date of the support policy (the edition).
    pub policy_version: String,
}

impl FactSpec {
    /// The label of an enumeration value (the value itself when it has none).
    pub fn value_label<'a>(&'a self, value: &'a str) -> &'a str {
        match &self.ty {
            FactType::Enum(values) => values
                .iter()
                .position(|v| v == value)
                .and_then(|i| self.value_labels.get(i))
                .map_or(value, String::as_str),
            _ => value,
        }
    }
}

impl PolicySpec {
    /// Index of the fact called `name`.
    pub fn fact_index(&self, name: &str) -> Option<usize> {
        self.facts.iter().position(|f| f.name == name)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&RuleSpec> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The verdict with this id.
    pub fn verdict(&self, id: &str) -> Option<&VerdictSpec> {
        self.verdicts.iter().find(|v| v.id == id)
    }

    /// The interpretation with this id.
    pub fn interpretation(&self, id: &str) -> Option<&InterpretationSpec> {
        self.interpretations.iter().find(|i| i.id == id)
    }
}

/// A known fact value, checked against its [`FactType`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A boolean.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
    /// An instant with offset.
    DateTime(DateTime<FixedOffset>),
    /// An enumeration value, as its index in [`FactType::Enum`].
    Enum(usize),
    /// Free text.
    Text(String),
    /// Dates.
    Dates(Vec<NaiveDate>),
    /// An ISO 3166-1 alpha-2 country code, upper case.
    Country(String),
    /// An IANA zone.
    Zone(Tz),
}

impl Value {
    /// The value as JSON, enumeration values by name.
    pub fn to_json(&self, spec: &FactSpec) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Bool(b) => J::Bool(*b),
            Value::Date(d) => J::String(d.to_string()),
            Value::DateTime(t) => J::String(t.to_rfc3339()),
            Value::Enum(i) => match &spec.ty {
                FactType::Enum(values) => values.get(*i).map_or(J::Null, |v| J::String(v.clone())),
                _ => J::Null,
            },
            Value::Text(s) | Value::Country(s) => J::String(s.clone()),
            Value::Dates(ds) => J::Array(ds.iter().map(|d| J::String(d.to_string())).collect()),
            Value::Zone(z) => J::String(z.name().to_string()),
        }
    }
}

/// The facts of one question: one slot per fact of the policy, in spec order; `None` is unknown.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// The policy the facts belong to.
    pub spec: &'a PolicySpec,
    /// The values, indexed like `spec.facts`.
    pub values: Vec<Option<Value>>,
}

impl<'a> Facts<'a> {
    /// All facts unknown.
    pub fn unknown(spec: &'a PolicySpec) -> Self {
        Facts {
            spec,
            values: vec![None; spec.facts.len()],
        }
    }

    /// The value of fact `i`, if known.
    pub fn get(&self, i: usize) -> Option<&Value> {
        self.values.get(i).and_then(Option::as_ref)
    }

    /// Fact `i` as a boolean (unknown, or not a boolean → `None`).
    pub fn bool(&self, i: usize) -> Option<bool> {
        match self.get(i) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// Fact `i` as a date.
    pub fn date(&self, i: usize) -> Option<NaiveDate> {
        match self.get(i) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// Fact `i` as the name of its enumeration value.
    pub fn enum_str(&self, i: usize) -> Option<&'a str> {
        match (self.get(i), self.spec.facts.get(i).map(|f| &f.ty)) {
            (Some(Value::Enum(v)), Some(FactType::Enum(values))) => {
                values.get(*v).map(String::as_str)
            }
            _ => None,
        }
    }

    /// The known facts as a JSON object (unknown ones as `null`).
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.spec
            .facts
            .iter()
            .zip(&self.values)
            .map(|(spec, v)| {
                (
                    spec.name.clone(),
                    v.as_ref()
                        .map_or(serde_json::Value::Null, |v| v.to_json(spec)),
                )
            })
            .collect()
    }
}

/// One reason of an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reason {
    /// Id of the rule.
    pub rule: String,
    /// What it says about this case.
    pub says: String,
    /// The section it rests on.
    pub cites: CiteOut,
}

/// A reading of the text that an answer rests on (see [`InterpretationSpec`]): the JSON
/// `{"about", "reading", "cites": {"doc", "anchor"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Interpretation {
    /// What the reading is about.
    pub about: String,
    /// The reading supportkb takes, in a sentence, worded for the case.
    pub reading: String,
    /// The section whose text leaves the question open.
    pub cites: CiteOut,
}

/// A detail of an answer for people: a label and its items ("The way forward": ["Ask a Power Platform
/// admin…"]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Note {
    /// The label.
    pub label: String,
    /// One or more items, in people's words.
    pub items: Vec<String>,
}

/// Facts of the question that contradict each other (the answer is still given; the form flags them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conflict {
    /// The names of the facts involved.
    pub facts: Vec<String>,
    /// Why they contradict each other.
    pub says: String,
    /// The section that makes them contradictory.
    pub cites: CiteOut,
}

/// A citation in an answer (same shape as [`Cite`], deserializable for clients and tests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CiteOut {
    /// Document path relative to `docs-corpus/`.
    pub doc: String,
    /// Anchor.
    pub anchor: String,
}

/// The answer to a question (the JSON printed by `supportkb ask --json`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answer {
    /// Policy id.
    pub policy: String,
    /// Verdict id (`need_more_facts` when the known facts do not decide it).
    pub verdict: String,
    /// One sentence.
    pub summary: String,
    /// The rules the verdict rests on, in the order they were applied.
    pub reasons: Vec<Reason>,
    /// The readings of supportkb the answer depends on where the text does not settle the case
    /// (empty when the text settles everything).
    pub interpretations: Vec<Interpretation>,
    /// Details people should see, by label (the way forward, what the customer commits to…).
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Facts given that contradict each other (empty when none do).
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Unknown facts that could change the verdict (empty once it is decided).
    pub missing_facts: Vec<String>,
    /// Facts whose change (or, when unknown, whose value) alone would change the verdict.
    pub what_would_change: Vec<String>,
    /// Policy-specific details (a JSON object).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub details: serde_json::Map<String, serde_json::Value>,
    /// Date of the support policy.
    pub policy_version: String,
}

/// What kind of input error a [`PolicyError`] is (the `kind` of `{"error": ...}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The line is not a JSON question.
    InvalidJson,
    /// No policy with that id.
    UnknownPolicy,
    /// The policy has no fact with that name.
    UnknownFact,
    /// The value has the wrong JSON type.
    WrongType,
    /// Not a `YYYY-MM-DD` date.
    InvalidDate,
    /// Not an RFC 3339 instant.
    InvalidDatetime,
    /// Not an IANA zone.
    InvalidTimeZone,
    /// Not an ISO 3166-1 alpha-2 code.
    InvalidCountry,
    /// Not one of the allowed values.
    UnknownValue,
    /// The facts contradict each other (`as_of` before `closed_on`).
    InconsistentFacts,
    /// The date asked about is before the earliest edition of the policy supportkb knows.
    NoEdition,
    /// The engine's own policy data is broken (a defect, reported rather than panicking).
    Internal,
}

/// Why a question could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct PolicyError {
    /// What kind of error.
    pub kind: ErrorKind,
    /// One sentence naming what is wrong.
    pub message: String,
    /// The fact (or `policy`) at fault, when there is one.
    pub field: Option<String>,
}

impl PolicyError {
    /// A new error.
    pub fn new(kind: ErrorKind, field: Option<&str>, message: impl Into<String>) -> Self {
        PolicyError {
            kind,
            message: message.into(),
            field: field.map(str::to_string),
        }
    }

    /// The `{"error": {"kind", "message", "field"}}` object, serializable in that key order.
    pub fn to_json(&self) -> ErrorObject<'_> {
        ErrorObject { error: self }
    }
}

/// `{"error": {"kind", "message", "field"}}`: how a [`PolicyError`] is printed.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ErrorObject<'a> {
    /// The error.
    pub error: &'a PolicyError,
}

impl std::fmt::Display for ErrorObject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_string(self) {
            Ok(s) => f.write_str(&s),
            Err(_) => Err(std::fmt::Error),
        }
    }
}

/// A policy description file that cannot be used (names the file and the key).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: `{key}`: {message}")]
pub struct SpecError {
    /// The file (relative to `docs-corpus/`).
    pub file: String,
    /// Dotted path of the offending key.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl SpecError {
    /// A new error.
    pub fn new(file: &str, key: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError {
            file: file.to_string(),
            key: key.into(),
            message: message.into(),
        }
    }
}
