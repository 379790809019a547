//! The glossary: words of the support policy a newcomer may not know (break-fix, UAT, ISV, ProDirect,
//! Severity A…), each explained in our own words and cited to the passage where the policy uses it.
//!
//! The terms are data, `docs-corpus/glossary.toml`, checked when first used: a malformed file, a term
//! without a definition, a spelling claimed by two terms or a citation of an anchor the knowledge base
//! does not have is a [`GlossaryError`] naming the term. [`Glossary::embedded`] is that checked
//! glossary; the engine adds its page ([`Glossary::page`], `glossary.md`) to the policy FAQ so search
//! finds it, the desktop marks the terms' [`GlossaryTerm::forms`] in what it shows, and the CLI prints it
//! (`supportkb glossary [--json]`).
//!
//! ```
//! let glossary = supportkb::glossary::Glossary::embedded().unwrap();
//! let uat = glossary.terms.iter().find(|t| t.id == "uat").unwrap();
//! assert_eq!(uat.doc, "data-corruption.md");
//! assert!(uat.definition.contains("production"));
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::corpus::{self, Document};

/// The glossary's data file, relative to `docs-corpus/`.
pub const GLOSSARY_FILE: &str = "glossary.toml";

/// The document id of the glossary page in the policy FAQ.
pub const GLOSSARY_DOC: &str = "glossary.md";

/// The glossary page's title (and its first heading's anchor is `glossary`).
pub const GLOSSARY_TITLE: &str = "Glossary";

/// One term of the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GlossaryTerm {
    /// The term's anchor on the glossary page ([`GLOSSARY_DOC`]).
    pub id: String,
    /// The term as the glossary lists it ("RCA (root cause analysis)").
    pub term: String,
    /// The spellings that mark the term in a text ("RCA", "RCAs", "root cause analysis"); a form in
    /// capitals only matches only in capitals.
    pub forms: Vec<String>,
    /// What the term means, in our words.
    pub definition: String,
    /// The document where the policy uses the term.
    pub doc: String,
    /// The passage of `doc` where the policy uses the term.
    pub anchor: String,
    /// That passage as people name it: "Data corruption › Running your own repair script".
    pub passage: String,
}

/// The checked glossary, terms in the file's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    /// The terms.
    pub terms: Vec<GlossaryTerm>,
}

/// What is wrong with `glossary.toml`.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum GlossaryError {
    /// The file is missing from the embedded corpus.
    #[error("docs-corpus/{GLOSSARY_FILE} is missing")]
    Missing,
    /// The file is not valid TOML of the expected shape.
    #[error("docs-corpus/{GLOSSARY_FILE}: {0}")]
    Invalid(String),
    /// An id is not usable as an anchor.
    #[error(
        "docs-corpus/{GLOSSARY_FILE}: term id {0:?} must be lower-case letters, digits and '-'"
    )]
    BadId(String),
    /// A field of a term is empty.
    #[error("docs-corpus/{GLOSSARY_FILE}: term {id:?} has an empty {field}")]
    Empty {
        /// The term's id.
        id: String,
        /// The empty field.
        field: &'static str,
    },
    /// An id, or a spelling, belongs to two terms.
    #[error("docs-corpus/{GLOSSARY_FILE}: {what} {value:?} appears twice (term {id:?})")]
    Repeated {
        /// "term id" or "form".
        what: &'static str,
        /// The repeated value.
        value: String,
        /// The term where it appears the second time.
        id: String,
    },
    /// A citation is not `doc.md#anchor`.
    #[error(
        "docs-corpus/{GLOSSARY_FILE}: term {id:?} cites {cite:?}, which is not \"doc.md#anchor\""
    )]
    BadCite {
        /// The term's id.
        id: String,
        /// The citation as written.
        cite: String,
    },
    /// A citation names a passage the knowledge base does not have.
    #[error("docs-corpus/{GLOSSARY_FILE}: term {id:?} cites {doc}#{anchor}, which is not a passage of the knowledge base")]
    UnknownCite {
        /// The term's id.
        id: String,
        /// The cited document.
        doc: String,
        /// The cited anchor.
        anchor: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    term: Vec<TermEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermEntry {
    id: String,
    term: String,
    forms: Vec<String>,
    definition: String,
    cite: String,
}

impl Glossary {
    /// The embedded glossary, parsed and checked against the embedded knowledge base once.
    pub fn embedded() -> Result<&'static Glossary, GlossaryError> {
        static GLOSSARY: OnceLock<Result<Glossary, GlossaryError>> = OnceLock::new();
        GLOSSARY
            .get_or_init(|| {
                let text = corpus::embedded_file(GLOSSARY_FILE).ok_or(GlossaryError::Missing)?;
                let mut glossary = Glossary::parse(text)?;
                glossary.check_citations(&corpus::embedded().documents)?;
                Ok(glossary)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses a glossary file (citations unchecked and passages unnamed: see
    /// [`Glossary::check_citations`]).
    pub fn parse(text: &str) -> Result<Glossary, GlossaryError> {
        let file: GlossaryFile =
            toml::from_str(text).map_err(|e| GlossaryError::Invalid(e.to_string()))?;
        let mut ids: Vec<String> = Vec::new();
        let mut forms: HashMap<String, String> = HashMap::new();
        let mut terms = Vec::with_capacity(file.term.len());
        for entry in file.term {
            let id = entry.id.trim().to_string();
            let valid_id = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid_id {
                return Err(GlossaryError::BadId(entry.id));
            }
            if ids.contains(&id) {
                return Err(GlossaryError::Repeated {
                    what: "term id",
                    value: id.clone(),
                    id,
                });
            }
            let empty = |field| GlossaryError::Empty {
                id: id.clone(),
                field,
            };
            if entry.term.trim().is_empty() {
                return Err(empty("term"));
            }
            if entry.definition.trim().is_empty() {
                return Err(empty("definition"));
            }
            if entry.forms.is_empty() || entry.forms.iter().any(|f| f.trim().is_empty()) {
                return Err(empty("form"));
            }
            for form in &entry.forms {
                let key = form.trim().to_lowercase();
                if forms.insert(key, id.clone()).is_some() {
                    return Err(GlossaryError::Repeated {
                        what: "form",
                        value: form.clone(),
                        id: id.clone(),
                    });
                }
            }
            let (doc, anchor) = entry
                .cite
                .split_once('#')
                .filter(|(doc, anchor)| doc.ends_with(".md") && !anchor.is_empty())
                .ok_or_else(|| GlossaryError::BadCite {
                    id: id.clone(),
                    cite: entry.cite.clone(),
                })?;
            ids.push(id.clone());
            terms.push(GlossaryTerm {
                id,
                term: entry.term.trim().to_string(),
                forms: entry.forms.iter().map(|f| f.trim().to_string()).collect(),
                definition: entry.definition.trim().to_string(),
                doc: doc.to_string(),
                anchor: anchor.to_string(),
                passage: String::new(),
            });
        }
        Ok(Glossary { terms })
    }

    /// Checks that every citation names a passage of `documents`, and names each passage in words
    /// ("Document › Heading").
    pub fn check_citations(&mut self, documents: &[Document]) -> Result<(), GlossaryError> {
        for term in &mut self.terms {
            let section = documents
                .iter()
                .filter(|d| d.doc == term.doc)
                .flat_map(|d| d.sections.iter().map(move |s| (d, s)))
                .find(|(_, s)| s.anchor == term.anchor);
            let Some((document, section)) = section else {
                return Err(GlossaryError::UnknownCite {
                    id: term.id.clone(),
                    doc: term.doc.clone(),
                    anchor: term.anchor.clone(),
                });
            };
            term.passage = if section.heading == document.title {
                document.title.clone()
            } else {
                format!("{} › {}", document.title, section.heading)
            };
        }
        Ok(())
    }

    /// The glossary page as markdown: terms in alphabetical order, each a heading with its id as
    /// anchor, its definition and a link to the passage it cites.
    pub fn page_markdown(&self) -> String {
        let mut terms: Vec<&GlossaryTerm> = self.terms.iter().collect();
        terms.sort_by_key(|t| t.term.to_lowercase());
        let mut out = String::new();
        out.push_str("---\ntitle: ");
        out.push_str(GLOSSARY_TITLE);
        out.push_str(
            "\ndescription: The words of the support policy explained, from plans and severities to kinds \
             of support and preview and the abbreviations the policy uses.\ntopics: [glossary]\n---\n\n",
        );
        out.push_str("# ");
        out.push_str(GLOSSARY_TITLE);
        out.push_str(" {#glossary}\n\n");
        out.push_str(
            "The words the support policy uses, explained. Each entry links to the passage where the \
             policy uses the word.\n\n",
        );
        for term in terms {
            out.push_str("## ");
            out.push_str(&escape_markdown(&term.term));
            out.push_str(" {#");
            out.push_str(&term.id);
            out.push_str("}\n\n");
            out.push_str(&escape_markdown(&term.definition));
            out.push_str("\n\nWhere the policy uses it: [");
            out.push_str(&escape_markdown(&term.passage));
            out.push_str("](");
            out.push_str(&term.doc);
            out.push('#');
            out.push_str(&term.anchor);
            out.push_str(")\n\n");
        }
        out
    }

    /// The glossary page as a document of the policy FAQ ([`GLOSSARY_DOC`]), for search and the reader.
    pub fn page(&self) -> Result<Document, GlossaryError> {
        let (document, diagnostics) = corpus::parse_document(GLOSSARY_DOC, &self.page_markdown());
        match (document, diagnostics.first()) {
            (Some(document), None) => Ok(document),
            (_, Some(problem)) => Err(GlossaryError::Invalid(format!(
                "its page does not parse: {}",
                problem.message
            ))),
            (None, None) => Err(GlossaryError::Invalid("its page does not parse".into())),
        }
    }
}

/// Markdown's inline punctuation escaped, so a definition is read as text.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '{' | '}' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r##"
[[term]]
id = "uat"
term = "UAT"
forms = ["UAT"]
definition = "User acceptance testing."
cite = "data-corruption.md#repair-scripts"
"##;

    #[test]
    fn every_citation_of_the_embedded_glossary_is_a_passage_of_the_knowledge_base() {
        let glossary = Glossary::embedded().unwrap();
        assert!(glossary.terms.len() >= 20);
        let corpus = corpus::embedded();
        for term in &glossary.terms {
            assert!(
                corpus.documents.iter().any(
                    |d| d.doc == term.doc && d.sections.iter().any(|s| s.anchor == term.anchor)
                ),
                "{} cites {}#{}",
                term.id,
                term.doc,
                term.anchor
            );
            assert!(term.passage.starts_with(
                &corpus
                    .documents
                    .iter()
                    .find(|d| d.doc == term.doc)
                    .unwrap()
                    .title
            ));
        }
    }

    #[test]
    fn the_words_the_issue_names_are_explained() {
        let glossary = Glossary::embedded().unwrap();
        for form in [
            "break-fix",
            "advisory",
            "UAT",
            "ISV",
            "SPLA",
            "RCA",
            "ProDirect",
            "Unified enterprise",
            "Severity A",
            "Severity B",
            "Severity C",
            "business hours",
            "24x7",
            "public preview",
            "private preview",
            "limited preview",
        ] {
            assert!(
                glossary
                    .terms
                    .iter()
                    .any(|t| t.forms.iter().any(|f| f == form)),
                "{form} is not in the glossary"
            );
        }
    }

    #[test]
    fn an_unknown_anchor_is_an_error_naming_the_term() {
        let text = ONE.replace("#repair-scripts", "#no-such-passage");
        let mut glossary = Glossary::parse(&text).unwrap();
        let error = glossary
            .check_citations(&corpus::embedded().documents)
            .unwrap_err();
        assert_eq!(
            error,
            GlossaryError::UnknownCite {
                id: "uat".into(),
                doc: "data-corruption.md".into(),
                anchor: "no-such-passage".into()
            }
        );
        assert!(error
            .to_string()
            .contains("data-corruption.md#no-such-passage"));
    }

    #[test]
    fn malformed_entries_are_named() {
        let bad_cite = ONE.replace("data-corruption.md#repair-scripts", "data-corruption");
        assert!(matches!(
            Glossary::parse(&bad_cite),
            Err(GlossaryError::BadCite { .. })
        ));
        let no_definition = ONE.replace("User acceptance testing.", " ");
        assert_eq!(
            Glossary::parse(&no_definition),
            Err(GlossaryError::Empty {
                id: "uat".into(),
                field: "definition"
            })
        );
        let twice = format!("{ONE}{}", ONE.replace("id = \"uat\"", "id = \"uat-2\""));
        assert_eq!(
            Glossary::parse(&twice),
            Err(GlossaryError::Repeated {
                what: "form",
                value: "UAT".into(),
                id: "uat-2".into()
            })
        );
        let bad_id = ONE.replace("id = \"uat\"", "id = \"U A T\"");
        assert!(matches!(
            Glossary::parse(&bad_id),
            Err(GlossaryError::BadId(_))
        ));
        let unknown_field = format!("{ONE}colour = \"red\"\n");
        assert!(matches!(
            Glossary::parse(&unknown_field),
            Err(GlossaryError::Invalid(_))
        ));
    }

    #[test]
    fn the_page_has_one_section_per_term_under_its_id() {
        let glossary = Glossary::embedded().unwrap();
        let page = glossary.page().unwrap();
        assert_eq!(page.doc, GLOSSARY_DOC);
        assert_eq!(page.title, GLOSSARY_TITLE);
        for term in &glossary.terms {
            let section = page.sections.iter().find(|s| s.anchor == term.id).unwrap();
            assert_eq!(section.heading, term.term);
            assert!(section
                .markdown
                .contains(&format!("({}#{})", term.doc, term.anchor)));
        }
    }
}
