//! The [`Registry`] of every policy of every edition, built once from the embedded description files
//! and validated at start-up, and the entry points that answer questions ([`Registry::ask`],
//! [`Registry::ask_json`]).
//!
//! An edition is a folder `docs-corpus/editions/YYYY-MM-DD/` ([`crate::corpus::edition_dates`]); it
//! describes the policies it has (an older edition may lack some). A question is answered under the
//! edition it names (`policy_version`), else under the edition in force on its own date (the fact the
//! policy's description names as `date_fact`, else today): the latest edition published on or before
//! that date.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

use super::framework::{default_value, parse_json_value, Policy};
use super::model::{
    check_policy_version, Answer, CiteOut, ErrorKind, Facts, Interpretation, PolicyError,
    PolicySpec, SpecError,
};
use super::spec::{parse_cite, parse_examples, parse_policies, EXAMPLES_FILE, POLICIES_FILE};
use super::{logic, response_time, scope};

/// Path of an edition's own description inside its folder.
pub const EDITION_FILE: &str = "policy/edition.toml";

/// A question: a policy id, facts by name (`null` or absent → unknown, or the fact's default) and,
/// optionally, the edition of the policy to answer it under.
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
    /// The edition (`YYYY-MM-DD`): the one published on that date, or the one in force then. Without
    /// it, the edition in force on the question's own date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub policy_version: Option<String>,
}

/// What an edition says about itself (`policy/edition.toml`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EditionInfo {
    /// Its date, `YYYY-MM-DD` (the `policy_version` of its answers).
    pub policy_version: String,
    /// What people call it ("The support policy of 26 January 2021").
    pub name: String,
    /// The passage the "in force until the next edition" reading cites.
    pub cites: CiteOut,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    policy_version: String,
    name: String,
    cites: String,
    #[serde(default)]
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: String,
    title: String,
    sections: Vec<String>,
    #[serde(default)]
    since_previous: Option<String>,
}

/// A subject of the policy and the sections of one edition on it (`[[topic]]` of `edition.toml`):
/// topic ids are shared by every edition, so editions are compared subject by subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Id shared by every edition (`business_hours`).
    pub id: String,
    /// What people call it.
    pub title: String,
    /// The sections of this edition on it.
    pub sections: Vec<super::model::Cite>,
    /// What changed in substance since the previous edition, in a sentence (newer editions).
    pub since_previous: Option<String>,
}

/// The policies of one edition.
struct Edition {
    info: EditionInfo,
    topics: Vec<Topic>,
    response_tables: Option<&'static response_time::ResponseTables>,
    date: NaiveDate,
    policies: Vec<Box<dyn Policy>>,
}

impl Edition {
    fn get(&self, id: &str) -> Option<&dyn Policy> {
        self.policies
            .iter()
            .find(|p| p.spec().id == id)
            .map(|p| p.as_ref())
    }
}

/// Every policy of every edition, checked.
pub struct Registry {
    /// Oldest first; never empty.
    editions: Vec<Edition>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.editions.iter().map(|e| {
                (
                    &e.info.policy_version,
                    e.policies.iter().map(|p| &p.spec().id).collect::<Vec<_>>(),
                )
            }))
            .finish()
    }
}

/// The files of one edition, read on demand (tables only when a policy needs them).
struct EditionSource<'a> {
    version: &'a str,
    policies: &'a str,
    examples: &'a str,
    file: &'a dyn Fn(&str) -> Result<&'static str, SpecError>,
}

/// Prefixes a description file's error with its edition folder.
fn in_edition(version: &str) -> impl Fn(SpecError) -> SpecError + '_ {
    move |mut e| {
        e.file = format!("{}/{version}/{}", crate::corpus::EDITIONS_DIR, e.file);
        e
    }
}

/// An edition's policies, and its `response_time` tables when it describes that policy.
type Built = (
    Vec<Box<dyn Policy>>,
    Option<&'static response_time::ResponseTables>,
);

fn build_edition(src: &EditionSource<'_>) -> Result<Built, SpecError> {
    let parsed = parse_policies(POLICIES_FILE, src.policies)?;
    let mut specs: BTreeMap<String, PolicySpec> = BTreeMap::new();
    for spec in parsed {
        check_policy_version(POLICIES_FILE, src.version, &spec.policy_version)?;
        specs.insert(spec.id.clone(), spec);
    }
    let mut examples = parse_examples(EXAMPLES_FILE, src.examples)?;
    // Tables are read only for the policies the edition describes; built once per process for the
    // embedded editions, so leaking them gives the policies their `'static` tables.
    let scope_table: Option<&'static scope::ScopeTable> =
        if specs.contains_key(logic::coverage::SUPPORT_SCOPE) {
            let table = scope::ScopeTable::parse(
                scope::SUPPORT_SCOPE_FILE,
                (src.file)(scope::SUPPORT_SCOPE_FILE)?,
            )?;
            check_policy_version(
                scope::SUPPORT_SCOPE_FILE,
                src.version,
                &table.policy_version,
            )?;
            Some(Box::leak(Box::new(table)))
        } else {
            None
        };
    let response_tables: Option<&'static response_time::ResponseTables> =
        if specs.contains_key(response_time::POLICY_ID) {
            let tables = response_time::ResponseTables::parse(
                (src.file)(response_time::RESPONSE_TIMES_FILE)?,
                (src.file)(response_time::BUSINESS_HOURS_FILE)?,
            )
            .map_err(|e| response_time::table_error_to_spec_error(&e))?;
            Some(Box::leak(Box::new(tables)))
        } else {
            None
        };
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
            "no such policy in this edition",
        ));
    }
    for p in &policies {
        if let Some(f) = p
            .spec()
            .facts
            .iter()
            .find(|f| matches!(&f.ty, super::model::FactType::Enum(v) if v.is_empty()))
        {
            return Err(SpecError::new(
                POLICIES_FILE,
                format!("policy.{}.fact.{}", p.spec().id, f.name),
                "an enum without values (values_from names no table this policy fills)",
            ));
        }
    }
    Ok((policies, response_tables))
}

impl Registry {
    /// The registry of the embedded editions, built on first use. A broken description file is an
    /// error naming the file and key (a build defect; tests catch it).
    pub fn embedded() -> Result<&'static Registry, SpecError> {
        static REGISTRY: OnceLock<Result<Registry, SpecError>> = OnceLock::new();
        REGISTRY
            .get_or_init(Registry::build_embedded)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn build_embedded() -> Result<Registry, SpecError> {
        let mut editions = Vec::new();
        for version in crate::corpus::edition_dates() {
            let file = move |path: &str| -> Result<&'static str, SpecError> {
                crate::corpus::edition_file(version, path)
                    .ok_or_else(|| SpecError::new(path, "(file)", "not in the edition's folder"))
            };
            let (info, topics) = (|| {
                let raw: RawEdition = toml::from_str(file(EDITION_FILE)?)
                    .map_err(|e| SpecError::new(EDITION_FILE, "(file)", e.to_string()))?;
                let mut topics: Vec<Topic> = Vec::new();
                for t in raw.topic {
                    if topics.iter().any(|x| x.id == t.id) {
                        return Err(SpecError::new(
                            EDITION_FILE,
                            format!("topic.{}", t.id),
                            "duplicate topic",
                        ));
                    }
                    let sections = t
                        .sections
                        .iter()
                        .map(|c| {
                            parse_cite(c).ok_or_else(|| {
                                SpecError::new(
                                    EDITION_FILE,
                                    format!("topic.{}.sections", t.id),
                                    format!("`{c}` is not `doc.md#anchor`"),
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    topics.push(Topic {
                        id: t.id,
                        title: t.title,
                        sections,
                        since_previous: t.since_previous,
                    });
                }
                check_policy_version(EDITION_FILE, version, &raw.policy_version)?;
                let cites = parse_cite(&raw.cites)
                    .ok_or_else(|| SpecError::new(EDITION_FILE, "cites", "not `doc.md#anchor`"))?;
                Ok::<_, SpecError>((
                    EditionInfo {
                        policy_version: raw.policy_version,
                        name: raw.name,
                        cites: CiteOut {
                            doc: cites.doc,
                            anchor: cites.anchor,
                        },
                    },
                    topics,
                ))
            })()
            .map_err(in_edition(version))?;
            let date = NaiveDate::parse_from_str(version, "%Y-%m-%d").map_err(|_| {
                SpecError::new(
                    &format!("{}/{version}", crate::corpus::EDITIONS_DIR),
                    "(folder)",
                    "an edition folder is named by its date, YYYY-MM-DD",
                )
            })?;
            let (policies, response_tables) = build_edition(&EditionSource {
                version,
                policies: file(POLICIES_FILE).map_err(in_edition(version))?,
                examples: file(EXAMPLES_FILE).map_err(in_edition(version))?,
                file: &file,
            })
            .map_err(in_edition(version))?;
            editions.push(Edition {
                info,
                topics,
                response_tables,
                date,
                policies,
            });
        }
        Registry::checked(editions, true)
    }

    /// Builds a one-edition registry from description and example texts of the newest embedded
    /// edition's layout (tests use it for broken variants); its tables are the newest edition's.
    pub fn from_sources(policies: &str, examples: &str) -> Result<Registry, SpecError> {
        let version = crate::corpus::newest_edition()
            .ok_or_else(|| SpecError::new(crate::corpus::EDITIONS_DIR, "(folder)", "no edition"))?;
        let newest = Registry::embedded()?.newest();
        let file = move |path: &str| -> Result<&'static str, SpecError> {
            crate::corpus::edition_file(version, path)
                .ok_or_else(|| SpecError::new(path, "(file)", "not in the edition's folder"))
        };
        let (policies, response_tables) = build_edition(&EditionSource {
            version,
            policies,
            examples,
            file: &file,
        })?;
        Registry::checked(
            vec![Edition {
                info: newest.info.clone(),
                topics: newest.topics.clone(),
                response_tables,
                date: newest.date,
                policies,
            }],
            false,
        )
    }

    /// The registry, once every example of every edition is answerable; errors name the examples
    /// file inside its edition's folder when `in_folders`.
    fn checked(editions: Vec<Edition>, in_folders: bool) -> Result<Registry, SpecError> {
        if editions.is_empty() {
            return Err(SpecError::new(
                crate::corpus::EDITIONS_DIR,
                "(folder)",
                "no edition of the policy",
            ));
        }
        let registry = Registry { editions };
        // Every example must be answerable under its own edition.
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        for edition in &registry.editions {
            for p in &edition.policies {
                let spec = p.spec();
                for e in &spec.examples {
                    let q = Question {
                        policy: spec.id.clone(),
                        facts: e.facts.clone(),
                        policy_version: Some(edition.info.policy_version.clone()),
                    };
                    if let Err(err) = registry.ask(&q, today) {
                        let e = SpecError::new(
                            EXAMPLES_FILE,
                            format!("example `{}`", e.name),
                            err.message,
                        );
                        return Err(if in_folders {
                            in_edition(&edition.info.policy_version)(e)
                        } else {
                            e
                        });
                    }
                }
            }
        }
        Ok(registry)
    }

    fn newest(&self) -> &Edition {
        // `checked` guarantees at least one edition.
        &self.editions[self.editions.len() - 1]
    }

    fn edition(&self, version: &str) -> Option<&Edition> {
        self.editions
            .iter()
            .find(|e| e.info.policy_version == version)
    }

    /// The editions, oldest first.
    pub fn editions(&self) -> Vec<&EditionInfo> {
        self.editions.iter().map(|e| &e.info).collect()
    }

    /// The `response_time` tables of the edition of date `version`, when it describes the policy.
    pub fn response_tables(&self, version: &str) -> Option<&'static response_time::ResponseTables> {
        self.edition(version)?.response_tables
    }

    /// The topics of the edition of date `version` (`None`: no such edition).
    pub fn topics(&self, version: &str) -> Option<&[Topic]> {
        self.edition(version).map(|e| e.topics.as_slice())
    }

    /// The newest edition's date.
    pub fn newest_version(&self) -> &str {
        &self.newest().info.policy_version
    }

    /// The policy with this id in the newest edition.
    pub fn get(&self, id: &str) -> Option<&dyn Policy> {
        self.newest().get(id)
    }

    /// The policy with this id in the edition of date `version`.
    pub fn get_in(&self, version: &str, id: &str) -> Option<&dyn Policy> {
        self.edition(version)?.get(id)
    }

    /// Every policy's description in the newest edition, in registry order.
    pub fn specs(&self) -> Vec<&PolicySpec> {
        self.newest().policies.iter().map(|p| p.spec()).collect()
    }

    /// Every policy's description in the edition in force on `version` (a date `YYYY-MM-DD`): an
    /// input error names the earliest edition when the date is before it.
    pub fn specs_in(&self, version: &str) -> Result<Vec<&PolicySpec>, PolicyError> {
        let date = parse_version(version)?;
        let (edition, _) = self.in_force(date, "policy_version")?;
        Ok(edition.policies.iter().map(|p| p.spec()).collect())
    }

    /// The descriptions of the edition in force on `version`, or the newest edition's without one
    /// (`--policy-version` of the CLI).
    pub fn specs_for(&self, version: Option<&str>) -> Result<Vec<&PolicySpec>, PolicyError> {
        match version {
            Some(v) => self.specs_in(v),
            None => Ok(self.specs()),
        }
    }

    /// The date of the edition in force on `version` (a date `YYYY-MM-DD`): an input error names the
    /// earliest edition when the date is before it.
    pub fn edition_in_force(&self, version: &str) -> Result<&str, PolicyError> {
        let date = parse_version(version)?;
        let (edition, _) = self.in_force(date, "policy_version")?;
        Ok(&edition.info.policy_version)
    }

    /// The edition in force on `date`, and whether `date` falls between it and a later edition.
    fn in_force(&self, date: NaiveDate, field: &str) -> Result<(&Edition, bool), PolicyError> {
        let Some(i) = self.editions.iter().rposition(|e| e.date <= date) else {
            let first = &self.editions[0].info.policy_version;
            return Err(PolicyError::new(
                ErrorKind::NoEdition,
                Some(field),
                format!(
                    "{date} is before the earliest edition of the support policy supportkb knows ({first}); ask with a date from {first} on"
                ),
            ));
        };
        let edition = &self.editions[i];
        let between = edition.date != date && i + 1 < self.editions.len();
        Ok((edition, between))
    }

    /// The edition a question is answered under, and the reading to list when its date falls
    /// between two editions.
    fn edition_for(
        &self,
        q: &Question,
        today: NaiveDate,
    ) -> Result<(&Edition, Option<Interpretation>), PolicyError> {
        let (date, field, explicit) = match &q.policy_version {
            Some(v) => (parse_version(v)?, "policy_version", true),
            None => {
                // The date fact is named by the policy's newest description that has it.
                let date_fact = self
                    .editions
                    .iter()
                    .rev()
                    .find_map(|e| e.get(&q.policy))
                    .and_then(|p| p.spec().date_fact.as_deref());
                match date_fact.and_then(|f| Some((f, question_date(q.facts.get(f)?)?))) {
                    Some((f, d)) => (d, f, false),
                    None => (today, "policy_version", false),
                }
            }
        };
        let (edition, between) = self.in_force(date, field)?;
        if !explicit && edition.get(&q.policy).is_none() {
            if let Some(later) = self
                .editions
                .iter()
                .find(|e| e.date > edition.date && e.get(&q.policy).is_some())
            {
                return Ok((later, Some(later_edition_reading(date, edition, later))));
            }
        }
        let reading = between.then(|| {
            let next = self
                .editions
                .iter()
                .find(|e| e.date > edition.date)
                .map_or("", |e| e.info.policy_version.as_str());
            let why = if explicit {
                format!("The date asked for, {date},")
            } else {
                format!("The question's date, {date},")
            };
            Interpretation {
                about: "Which edition of the policy applies".to_string(),
                reading: format!(
                    "{why} falls between the edition of {} and the next one supportkb knows, of {next}: supportkb assumes the {} edition stayed in force until {next}.",
                    edition.info.policy_version, edition.info.policy_version
                ),
                cites: edition.info.cites.clone(),
            }
        });
        Ok((edition, reading))
    }

    /// Answers a question. `today` is the default of date facts such as `as_of` and, when the
    /// question carries no date, picks the edition in force (evaluation never reads the clock itself).
    pub fn ask(&self, q: &Question, today: NaiveDate) -> Result<Answer, PolicyError> {
        let (edition, reading) = self.edition_for(q, today)?;
        let policy = edition
            .get(&q.policy)
            .ok_or_else(|| self.unknown_policy(edition, &q.policy))?;
        let named = |e: PolicyError| name_edition(e, &edition.info.policy_version);
        let mut facts = facts_from_json(policy.spec(), &q.facts, today).map_err(named)?;
        let mut answer = policy.answer(&mut facts).map_err(named)?;
        answer.interpretations.extend(reading);
        Ok(answer)
    }

    /// Answers a question whose facts are written as text (`yes`, `2026-08-12`, `unknown`), as on the
    /// command line, under the newest edition; facts not given take their defaults.
    pub fn ask_text(
        &self,
        policy: &str,
        given: &[(&str, &str)],
        today: NaiveDate,
    ) -> Result<Answer, PolicyError> {
        let edition = self.newest();
        let policy = edition
            .get(policy)
            .ok_or_else(|| self.unknown_policy(edition, policy))?;
        let spec = policy.spec();
        let mut facts = facts_from_json(spec, &serde_json::Map::new(), today)?;
        for (name, text) in given {
            let i = spec
                .fact_index(name)
                .ok_or_else(|| unknown_fact(spec, name))?;
            facts.values[i] = super::framework::parse_str_value(&spec.facts[i], text)?;
        }
        policy.answer(&mut facts)
    }

    fn unknown_policy(&self, edition: &Edition, id: &str) -> PolicyError {
        let known: Vec<&str> = edition
            .policies
            .iter()
            .map(|p| p.spec().id.as_str())
            .collect();
        let elsewhere: Vec<&str> = self
            .editions
            .iter()
            .filter(|e| e.get(id).is_some())
            .map(|e| e.info.policy_version.as_str())
            .collect();
        let message = if elsewhere.is_empty() {
            format!(
                "unknown policy `{}`; known policies: {}",
                crate::text::echo(id),
                known.join(", ")
            )
        } else {
            format!(
                "the {} edition of the support policy has no policy `{id}` (editions that have it: {}); its policies: {}",
                edition.info.policy_version,
                elsewhere.join(", "),
                known.join(", ")
            )
        };
        PolicyError::new(ErrorKind::UnknownPolicy, Some("policy"), message)
    }

    /// Answers a question given as JSON text (`{"policy": ..., "facts": {...}}`).
    pub fn ask_json(&self, text: &str, today: NaiveDate) -> Result<Answer, PolicyError> {
        self.ask_json_in(text, today, None)
    }

    /// Answers a question given as JSON text; `policy_version` is the edition of a question that does
    /// not name one (`supportkb ask --policy-version`).
    pub fn ask_json_in(
        &self,
        text: &str,
        today: NaiveDate,
        policy_version: Option<&str>,
    ) -> Result<Answer, PolicyError> {
        let mut q: Question = serde_json::from_str(text).map_err(|e| {
            PolicyError::new(
                ErrorKind::InvalidJson,
                None,
                format!(
                    "not a question {{\"policy\": ID, \"facts\": {{...}}}}: {}",
                    json_error_message(&e)
                ),
            )
        })?;
        if q.policy_version.is_none() {
            q.policy_version = policy_version.map(str::to_string);
        }
        self.ask(&q, today)
    }
}

/// The reading of a question answered under a later edition because the edition in force on its
/// date does not describe its policy. It says only what supportkb knows: it has no rules for that
/// edition, not what that edition's text said.
fn later_edition_reading(date: NaiveDate, in_force: &Edition, later: &Edition) -> Interpretation {
    Interpretation {
        about: "Which edition of the policy applies".to_string(),
        reading: format!(
            "On the question's date, {date}, the {} was in force; supportkb does not describe this question for that edition, so it answers with the {}, the earliest later edition that does.",
            lowercase_first(&in_force.info.name),
            lowercase_first(&later.info.name)
        ),
        cites: later.info.cites.clone(),
    }
}

/// "The support policy of …" as the middle of a sentence.
fn lowercase_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A `policy_version` value: a date `YYYY-MM-DD`.
fn parse_version(v: &str) -> Result<NaiveDate, PolicyError> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .filter(|_| v.len() == 10)
        .ok_or_else(|| {
            PolicyError::new(
                ErrorKind::InvalidDate,
                Some("policy_version"),
                format!(
                    "policy_version: `{}` is not a date YYYY-MM-DD",
                    crate::text::echo(v)
                ),
            )
        })
}

/// The date of a question's date fact: a date, or the local date of an instant. `None` when it is
/// not one (the fact's own check reports it).
fn question_date(value: &serde_json::Value) -> Option<NaiveDate> {
    let s = value.as_str()?;
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    }
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.date_naive())
}

/// An unknown enumeration value is named as a value of this edition.
fn name_edition(mut e: PolicyError, version: &str) -> PolicyError {
    if e.kind == ErrorKind::UnknownValue && !e.message.contains(" edition") {
        e.message = e.message.replacen(
            "; expected one of",
            &format!(" in the {version} edition of the policy; expected one of"),
            1,
        );
    }
    e
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
