//! Answers to take away. A partner pastes an answer to a customer, prints it, or sends a colleague a
//! link that reopens the same question:
//!
//! * [`answer_text`] writes an answer as Markdown or plain text: the question in words, the facts by
//!   their labels, the verdict, the reasons with the sentence each rests on and the public URL of the
//!   section of Microsoft's policy page it restates, supportkb's readings, what is still unknown, and the
//!   policy version. Nothing in it is an id, a file name or a raw format.
//! * [`PublicSections`] is the table (`docs-corpus/policy/public-sections.toml`) from passages of the
//!   knowledge base to the sections of the published policy page.
//! * [`DeepLink`]: `supportkb://ask/POLICY?[policy_version=YYYY-MM-DD&]fact=value&…` reopens a question with its
//!   edition and facts,
//!   `supportkb://read/DOC#ANCHOR` a passage. [`DeepLink::parse`] reads one back, checking the policy
//!   and facts against their description.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::policy::{Answer, FactType, PolicySpec, Question, Registry};

/// Path of the public-sections table inside `docs-corpus/`.
pub const PUBLIC_SECTIONS_FILE: &str = "policy/public-sections.toml";

/// The URL scheme of supportkb's links.
pub const SCHEME: &str = "supportkb";

/// Why something could not be shared or a link not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The public-sections table is broken (names the key).
    #[error("{file}: `{key}`: {message}")]
    Table {
        /// The file.
        file: String,
        /// Dotted path of the offending key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// A link that is not a supportkb link, or names nothing supportkb knows.
    #[error("{0}")]
    BadLink(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSections {
    policy_version: String,
    page: String,
    docs: BTreeMap<String, String>,
    #[serde(default)]
    sections: BTreeMap<String, String>,
}

/// Where the passages of the knowledge base stand in the published policy page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSections {
    /// The policy version the table belongs to.
    pub policy_version: String,
    /// The page's URL.
    pub page: String,
    docs: BTreeMap<String, String>,
    sections: BTreeMap<String, String>,
}

impl PublicSections {
    /// Parses and checks the table. `passage_exists(doc, anchor)` says whether a passage is in the
    /// knowledge base (every `sections` key must be).
    pub fn parse(
        text: &str,
        passage_exists: &dyn Fn(&str, &str) -> bool,
    ) -> Result<Self, ShareError> {
        let err = |key: &str, message: String| ShareError::Table {
            file: PUBLIC_SECTIONS_FILE.to_string(),
            key: key.to_string(),
            message,
        };
        let raw: RawSections =
            toml::from_str(text).map_err(|e| err("(file)", e.message().to_string()))?;
        if !raw.page.starts_with("https://") {
            return Err(err("page", "must be an https URL".to_string()));
        }
        let anchor_ok = |a: &str| {
            a.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        for (doc, anchor) in &raw.docs {
            if !anchor_ok(anchor) {
                return Err(err(
                    &format!("docs.{doc}"),
                    format!("`{anchor}` is not a section anchor (lower case, digits, hyphens)"),
                ));
            }
        }
        for (key, anchor) in &raw.sections {
            let Some((doc, passage)) = key.split_once('#') else {
                return Err(err(
                    &format!("sections.{key}"),
                    "keys are `doc.md#anchor`".to_string(),
                ));
            };
            if !passage_exists(doc, passage) {
                return Err(err(
                    &format!("sections.{key}"),
                    "no such passage in the knowledge base".to_string(),
                ));
            }
            if !anchor_ok(anchor) {
                return Err(err(
                    &format!("sections.{key}"),
                    format!("`{anchor}` is not a section anchor (lower case, digits, hyphens)"),
                ));
            }
        }
        Ok(PublicSections {
            policy_version: raw.policy_version,
            page: raw.page,
            docs: raw.docs,
            sections: raw.sections,
        })
    }

    /// The table compiled into the binary, checked against the embedded knowledge base once.
    pub fn embedded() -> Result<&'static PublicSections, ShareError> {
        static TABLE: OnceLock<Result<PublicSections, ShareError>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                let text = crate::corpus::embedded_file(PUBLIC_SECTIONS_FILE).ok_or_else(|| {
                    ShareError::Table {
                        file: PUBLIC_SECTIONS_FILE.to_string(),
                        key: "(file)".to_string(),
                        message: "not embedded in docs-corpus/".to_string(),
                    }
                })?;
                let corpus = embedded_corpus("");
                let exists = |doc: &str, anchor: &str| {
                    corpus
                        .documents
                        .iter()
                        .any(|d| d.doc == doc && d.sections.iter().any(|s| s.anchor == anchor))
                };
                let table = PublicSections::parse(text, &exists)?;
                if let Some(d) = corpus
                    .documents
                    .iter()
                    .find(|d| !table.docs.contains_key(&d.doc))
                {
                    return Err(ShareError::Table {
                        file: PUBLIC_SECTIONS_FILE.to_string(),
                        key: format!("docs.{}", d.doc),
                        message: "every document of the knowledge base needs its section of the policy page".to_string(),
                    });
                }
                Ok(table)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The public URL of the policy section a passage restates (the page itself for a document it
    /// does not list).
    pub fn url(&self, doc: &str, anchor: &str) -> String {
        let section = self
            .sections
            .get(&format!("{doc}#{anchor}"))
            .or_else(|| self.docs.get(doc))
            .map(String::as_str)
            .unwrap_or("");
        if section.is_empty() {
            self.page.clone()
        } else {
            format!("{}#{section}", self.page)
        }
    }
}

/// The FAQ of the embedded edition `version` (the newest when there is no such edition), every
/// edition parsed once per process (when the first answer is shared).
fn embedded_corpus(version: &str) -> &'static crate::corpus::Corpus {
    static CORPORA: OnceLock<Vec<(&'static str, crate::corpus::Corpus)>> = OnceLock::new();
    static NEWEST: OnceLock<crate::corpus::Corpus> = OnceLock::new();
    let corpora = CORPORA.get_or_init(|| {
        crate::corpus::edition_dates()
            .into_iter()
            .filter_map(|v| Some((v, crate::corpus::embedded_edition(v)?)))
            .collect()
    });
    corpora
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, c)| c)
        .unwrap_or_else(|| NEWEST.get_or_init(crate::corpus::embedded))
}

/// [`answer_text`] for an answer of the embedded policies, under the description and with its
/// citations named from the FAQ of the answer's own edition (`policy_version`).
pub fn share_embedded(
    question: &Question,
    answer: &Answer,
    format: ShareFormat,
) -> Result<String, ShareError> {
    let registry = Registry::embedded().map_err(|e| ShareError::Table {
        file: e.file.clone(),
        key: e.key.clone(),
        message: e.message.clone(),
    })?;
    let spec = registry
        .get_in(&answer.policy_version, &answer.policy)
        .or_else(|| registry.get(&answer.policy))
        .map(|p| p.spec())
        .ok_or_else(|| {
            ShareError::BadLink(format!("no policy `{}`", crate::text::echo(&answer.policy)))
        })?;
    let sections = PublicSections::embedded()?;
    let corpus = embedded_corpus(&answer.policy_version);
    let passage = |doc: &str, anchor: &str| {
        let d = corpus.documents.iter().find(|d| d.doc == doc)?;
        let s = d.sections.iter().find(|s| s.anchor == anchor)?;
        Some(Passage {
            title: d.title.clone(),
            heading: s.heading.clone(),
        })
    };
    Ok(answer_text(
        question, answer, spec, &passage, sections, format,
    ))
}

/// How an answer is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ShareFormat {
    /// Markdown (headings, lists, quotes, links).
    Markdown,
    /// Plain text, for mail and chat.
    Text,
}

/// What the answer text needs to know of a cited passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The document's title ("Reopening a support incident").
    pub title: String,
    /// The passage's heading ("Same software and hardware").
    pub heading: String,
}

/// A fact value in people's words: Yes/No, a choice by its label, dates as written.
fn value_text(spec: &PolicySpec, name: &str, value: &serde_json::Value) -> String {
    let fact = spec.facts.iter().find(|f| f.name == name);
    match value {
        serde_json::Value::Bool(true) => "Yes".to_string(),
        serde_json::Value::Bool(false) => "No".to_string(),
        serde_json::Value::Null => "Unknown".to_string(),
        serde_json::Value::String(s) => match fact.map(|f| &f.ty) {
            Some(FactType::Enum(_)) => fact.map_or(s.as_str(), |f| f.value_label(s)).to_string(),
            Some(FactType::Date | FactType::ListOfDates) => human_date(s),
            Some(FactType::DateTime) => human_datetime(s),
            _ => s.clone(),
        },
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| value_text(spec, name, i))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// `2026-08-12` → `Wednesday 12 August 2026` (anything else as it is).
pub fn human_date(s: &str) -> String {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_or_else(|_| s.to_string(), crate::text::date_words)
}

/// An RFC 3339 instant → `Monday 23 November 2026, 08:00 (UTC−06:00)` (anything else as it is).
pub fn human_datetime(s: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(s)
        .map_or_else(|_| s.to_string(), |t| crate::text::instant_words(&t))
}

fn fact_label<'a>(spec: &'a PolicySpec, name: &'a str) -> &'a str {
    spec.facts
        .iter()
        .find(|f| f.name == name)
        .map_or(name, |f| f.label.as_str())
}

/// Writes an answer for people to take away (see the module docs). `passage(doc, anchor)` gives the
/// title and heading of a cited passage; a passage it does not know is named by the policy page alone.
pub fn answer_text(
    question: &Question,
    answer: &Answer,
    spec: &PolicySpec,
    passage: &dyn Fn(&str, &str) -> Option<Passage>,
    sections: &PublicSections,
    format: ShareFormat,
) -> String {
    let md = format == ShareFormat::Markdown;
    let mut out = String::new();
    let heading = |out: &mut String, text: &str| {
        if md {
            let _ = writeln!(out, "\n### {text}\n");
        } else {
            let _ = writeln!(out, "\n{text}\n{}", "-".repeat(text.chars().count()));
        }
    };
    let verdict = spec
        .verdict(&answer.verdict)
        .map_or(answer.verdict.as_str(), |v| v.label.as_str());
    if md {
        let _ = writeln!(
            out,
            "## {}\n\n**{verdict}.** {}",
            spec.title, answer.summary
        );
    } else {
        let _ = writeln!(out, "{}\n\n{verdict}. {}", spec.title, answer.summary);
    }

    for n in &answer.notes {
        heading(&mut out, &n.label);
        for item in &n.items {
            let _ = writeln!(out, "- {item}");
        }
    }
    if !answer.conflicts.is_empty() {
        heading(&mut out, "Facts that contradict each other");
        for c in &answer.conflicts {
            let _ = writeln!(out, "- {}", c.says);
        }
    }

    heading(&mut out, "The facts");
    let given: Vec<(&String, &serde_json::Value)> = spec
        .facts
        .iter()
        .filter_map(|f| question.facts.get_key_value(&f.name))
        .filter(|(_, v)| !v.is_null())
        .collect();
    let defaults: Vec<(&str, String)> = spec
        .facts
        .iter()
        .filter(|f| !question.facts.contains_key(&f.name))
        .filter_map(|f| {
            let value = match f.default.as_ref()? {
                crate::policy::FactDefault::Today => "today".to_string(),
                crate::policy::FactDefault::Value(v) => {
                    let json = crate::policy::framework::parse_str_value(f, v)
                        .ok()
                        .flatten()
                        .map_or(serde_json::Value::String(v.clone()), |v| v.to_json(f));
                    value_text(spec, &f.name, &json)
                }
            };
            Some((
                f.label.as_str(),
                format!("{value} (not given; the default)"),
            ))
        })
        .collect();
    if given.is_empty() && defaults.is_empty() {
        out.push_str("Nothing was given.\n");
    }
    let (bullet, close) = if md { ("- **", ":**") } else { ("- ", ":") };
    for (name, value) in given {
        let _ = writeln!(
            out,
            "{bullet}{}{close} {}",
            fact_label(spec, name),
            value_text(spec, name, value)
        );
    }
    for (label, value) in defaults {
        let _ = writeln!(out, "{bullet}{label}{close} {value}");
    }

    let cite = |doc: &str, anchor: &str| -> (String, String) {
        let name = passage(doc, anchor).map_or_else(
            || "Support policy".to_string(),
            |p| {
                if p.heading == p.title {
                    p.title
                } else {
                    format!("{} › {}", p.title, p.heading)
                }
            },
        );
        (name, sections.url(doc, anchor))
    };
    if !answer.reasons.is_empty() {
        heading(&mut out, "Why");
        for r in &answer.reasons {
            let quote = spec.rule(&r.rule).map(|rule| rule.quote.as_str());
            let (name, url) = cite(&r.cites.doc, &r.cites.anchor);
            let _ = writeln!(out, "- {}", r.says);
            if let Some(q) = quote {
                if md {
                    let _ = writeln!(out, "  > {q}");
                } else {
                    let _ = writeln!(out, "  “{q}”");
                }
            }
            if md {
                let _ = writeln!(out, "  — [{name}]({url})");
            } else {
                let _ = writeln!(out, "  — {name}: {url}");
            }
        }
    }
    if !answer.interpretations.is_empty() {
        heading(&mut out, "How supportkb reads this");
        out.push_str(
            "The policy text does not settle these points; the answer rests on this reading of them.\n\n",
        );
        for i in &answer.interpretations {
            let (name, url) = cite(&i.cites.doc, &i.cites.anchor);
            if md {
                let _ = writeln!(out, "- **{}:** {} — [{name}]({url})", i.about, i.reading);
            } else {
                let _ = writeln!(out, "- {}: {} — {name}: {url}", i.about, i.reading);
            }
        }
    }
    if !answer.missing_facts.is_empty() {
        heading(&mut out, "Still unknown");
        for f in &answer.missing_facts {
            let _ = writeln!(out, "- {}", fact_label(spec, f));
        }
    }
    let _ = writeln!(
        out,
        "\nSupport policy for Power Platform and Dynamics 365 of {} ({}), as read by supportkb.",
        answer.policy_version, sections.page
    );
    out
}

/// A `supportkb://` link: a question with its facts, or a passage of the knowledge base. As JSON (the
/// desktop's form): `{"kind": "question", "question": {...}}` or `{"kind": "passage", "doc", "anchor"}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeepLink {
    /// `supportkb://ask/POLICY?fact=value&…`.
    Question {
        /// The question.
        question: Question,
    },
    /// `supportkb://read/DOC#ANCHOR`.
    Passage {
        /// The document.
        doc: String,
        /// The passage, if any.
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        anchor: Option<String>,
    },
}

impl DeepLink {
    /// The link as text. Facts are query parameters: booleans `true`/`false`, lists comma-joined.
    pub fn to_url(&self) -> String {
        match self {
            DeepLink::Question { question: q } => {
                let mut url = format!("{SCHEME}://ask/{}", encode(&q.policy));
                let mut sep = '?';
                if let Some(v) = &q.policy_version {
                    let _ = write!(url, "?{POLICY_VERSION_PARAM}={}", encode(v));
                    sep = '&';
                }
                for (name, value) in &q.facts {
                    let text = match value {
                        serde_json::Value::Null => continue,
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Array(items) => items
                            .iter()
                            .map(|i| match i {
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(","),
                        other => other.to_string(),
                    };
                    let _ = write!(url, "{sep}{}={}", encode(name), encode(&text));
                    sep = '&';
                }
                url
            }
            DeepLink::Passage { doc, anchor } => match anchor {
                Some(a) => format!("{SCHEME}://read/{}#{}", encode(doc), encode(a)),
                None => format!("{SCHEME}://read/{}", encode(doc)),
            },
        }
    }

    /// Reads a link back. A question's policy and facts are checked against their descriptions, so a
    /// link that names an unknown policy or fact is an error naming it; values are checked when asked.
    pub fn parse(text: &str, registry: &Registry) -> Result<DeepLink, ShareError> {
        let bad = |m: String| ShareError::BadLink(m);
        let text = text.trim();
        let url = url::Url::parse(text)
            .map_err(|_| bad(format!("`{}` is not a link", crate::text::echo(text))))?;
        if url.scheme() != SCHEME {
            return Err(bad(format!(
                "`{}` is not a supportkb link (they start with {SCHEME}://)",
                crate::text::echo(text)
            )));
        }
        let path = decode(url.path().trim_start_matches('/'));
        match url.host_str() {
            Some("ask") => {
                let policy_version = url
                    .query_pairs()
                    .find(|(name, _)| name == POLICY_VERSION_PARAM)
                    .map(|(_, v)| v.into_owned());
                // The policy and its facts as the edition the link names describes them.
                let edition = match &policy_version {
                    Some(v) => registry
                        .edition_in_force(v)
                        .map_err(|e| bad(format!("the link's edition: {}", e.message)))?,
                    None => registry.newest_version(),
                };
                let spec = registry
                    .get_in(edition, &path)
                    .or_else(|| {
                        policy_version
                            .is_none()
                            .then(|| registry.get(&path))
                            .flatten()
                    })
                    .map(|p| p.spec())
                    .ok_or_else(|| {
                        bad(format!(
                            "the link asks about `{}`, which supportkb does not know{}",
                            crate::text::echo(&path),
                            policy_version.as_ref().map_or(String::new(), |v| format!(
                                " in the edition of {}",
                                crate::text::echo(v)
                            ))
                        ))
                    })?;
                let mut facts = serde_json::Map::new();
                for (name, value) in url.query_pairs() {
                    if name == POLICY_VERSION_PARAM {
                        continue;
                    }
                    let fact = spec.facts.iter().find(|f| f.name == name).ok_or_else(|| {
                        bad(format!(
                            "the link gives `{}`, which “{}” does not ask about",
                            crate::text::echo(&name),
                            spec.title
                        ))
                    })?;
                    let json = match fact.ty {
                        FactType::Bool if value == "true" => serde_json::Value::Bool(true),
                        FactType::Bool if value == "false" => serde_json::Value::Bool(false),
                        FactType::ListOfDates => serde_json::Value::Array(
                            value
                                .split(',')
                                .filter(|s| !s.is_empty())
                                .map(|s| serde_json::Value::String(s.to_string()))
                                .collect(),
                        ),
                        _ => serde_json::Value::String(value.into_owned()),
                    };
                    facts.insert(name.into_owned(), json);
                }
                Ok(DeepLink::Question {
                    question: Question {
                        policy: spec.id.clone(),
                        facts,
                        policy_version,
                    },
                })
            }
            Some("read") if !path.is_empty() => Ok(DeepLink::Passage {
                doc: path,
                anchor: url.fragment().map(decode).filter(|a| !a.is_empty()),
            }),
            _ => Err(bad(format!(
                "`{}` is neither a question ({SCHEME}://ask/…) nor a passage ({SCHEME}://read/…)",
                crate::text::echo(text)
            ))),
        }
    }
}

/// The query parameter of a question link naming its edition (no fact has this name).
const POLICY_VERSION_PARAM: &str = "policy_version";

/// Percent-encodes everything but unreserved characters.
fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
