//! The reading order of an edition's FAQ (`docs-corpus/editions/<date>/contents.toml`): the order in
//! which that edition of the policy page takes up its topics. The reader's topic tree and the Learn course follow it; it is data so
//! that a new edition of the page can reorder topics without a code change.
//!
//! Each `[[page]]` also names the policies whose quiz belongs to that page's lesson
//! (`policies = ["support_scope"]`). The assignment is complete: every policy is named by exactly one
//! page, so which lesson teaches a policy is read here and never guessed from the passages it cites
//! ([`lesson_policies`] checks this against the registry's policy ids).

use serde::Deserialize;

use super::{edition_file, newest_edition};

/// The file, relative to an edition's folder.
pub const CONTENTS_FILE: &str = "contents.toml";

/// What is wrong with `contents.toml`.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ContentsError {
    /// The file is missing from the edition's folder.
    #[error("{CONTENTS_FILE} is missing")]
    Missing,
    /// The file is not valid TOML of the expected shape.
    #[error("{CONTENTS_FILE}: {0}")]
    Invalid(String),
    /// An entry names a document the corpus does not have.
    #[error("{CONTENTS_FILE} lists {0:?}, which is not a document of the knowledge base")]
    UnknownDocument(String),
    /// An entry appears twice.
    #[error("{CONTENTS_FILE} lists {0:?} twice")]
    Repeated(String),
    /// A document of the knowledge base is not listed.
    #[error(
        "{CONTENTS_FILE} does not list {0:?}: every document needs a place in the reading order"
    )]
    Unlisted(String),
    /// A page names a policy the registry does not have.
    #[error(
        "{CONTENTS_FILE}, page {doc:?}: `policies` names {policy:?}, which is not a policy; the policies are: {known}"
    )]
    UnknownPolicy {
        /// The page's document.
        doc: String,
        /// The policy id as written (clipped).
        policy: String,
        /// The known policy ids, comma separated.
        known: String,
    },
    /// Two pages (or one page twice) name the same policy.
    #[error(
        "{CONTENTS_FILE}: policy {policy:?} is named by page {first:?} and again by page {second:?}; a policy's quiz belongs to one lesson"
    )]
    PolicyTwice {
        /// The policy id.
        policy: String,
        /// The page that names it first.
        first: String,
        /// The page that names it again.
        second: String,
    },
    /// No page names a policy.
    #[error(
        "{CONTENTS_FILE}: no page names policy {0:?}; add it to the `policies` of the page whose lesson teaches it"
    )]
    PolicyUnassigned(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentsFile {
    page: Vec<Page>,
}

/// One page of the reading order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The document, relative to the edition's folder.
    pub doc: String,
    /// The policies whose quiz belongs to this page's lesson (none: a reading-only lesson).
    #[serde(default)]
    pub policies: Vec<String>,
}

/// The documents of the newest edition's FAQ in reading order, checked against `documents` (the doc
/// ids the corpus actually has): each listed once, none unknown, none left out.
pub fn page_order<'a>(
    documents: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, ContentsError> {
    page_order_of(newest_edition().unwrap_or_default(), documents)
}

/// [`page_order`] of the edition of `date` (`YYYY-MM-DD`).
pub fn page_order_of<'a>(
    date: &str,
    documents: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, ContentsError> {
    let text = edition_file(date, CONTENTS_FILE).ok_or(ContentsError::Missing)?;
    parse_page_order(text, documents)
}

/// [`page_order`] over a given text (for tests and other editions).
pub fn parse_page_order<'a>(
    text: &str,
    documents: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, ContentsError> {
    Ok(parse_pages(text, documents)?
        .into_iter()
        .map(|p| p.doc)
        .collect())
}

/// The pages of the embedded reading order with the policies each lesson teaches, checked against
/// `documents` (as [`page_order`]) and `policies` (the registry's policy ids): every named policy
/// exists and every policy is named by exactly one page.
pub fn lesson_policies<'a, 'p>(
    documents: impl IntoIterator<Item = &'a str>,
    policies: impl IntoIterator<Item = &'p str>,
) -> Result<Vec<Page>, ContentsError> {
    let text = newest_edition()
        .and_then(|date| edition_file(date, CONTENTS_FILE))
        .ok_or(ContentsError::Missing)?;
    parse_lesson_policies(text, documents, policies)
}

/// [`lesson_policies`] over a given text (for tests and other editions).
pub fn parse_lesson_policies<'a, 'p>(
    text: &str,
    documents: impl IntoIterator<Item = &'a str>,
    policies: impl IntoIterator<Item = &'p str>,
) -> Result<Vec<Page>, ContentsError> {
    let pages = parse_pages(text, documents)?;
    let known: Vec<&str> = policies.into_iter().collect();
    let mut named: Vec<(&str, &str)> = Vec::new();
    for page in &pages {
        for policy in &page.policies {
            if !known.contains(&policy.as_str()) {
                return Err(ContentsError::UnknownPolicy {
                    doc: page.doc.clone(),
                    policy: crate::text::echo(policy).into_owned(),
                    known: known.join(", "),
                });
            }
            if let Some((_, first)) = named.iter().find(|(p, _)| p == policy) {
                return Err(ContentsError::PolicyTwice {
                    policy: policy.clone(),
                    first: first.to_string(),
                    second: page.doc.clone(),
                });
            }
            named.push((policy, &page.doc));
        }
    }
    if let Some(missing) = known.iter().find(|k| !named.iter().any(|(p, _)| p == *k)) {
        return Err(ContentsError::PolicyUnassigned(missing.to_string()));
    }
    Ok(pages)
}

/// The pages of `text`, each document listed once, none unknown, none left out.
fn parse_pages<'a>(
    text: &str,
    documents: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Page>, ContentsError> {
    let file: ContentsFile =
        toml::from_str(text).map_err(|e| ContentsError::Invalid(e.message().to_string()))?;
    let known: Vec<&str> = documents.into_iter().collect();
    let mut pages: Vec<Page> = Vec::with_capacity(file.page.len());
    for page in file.page {
        if !known.contains(&page.doc.as_str()) {
            return Err(ContentsError::UnknownDocument(page.doc));
        }
        if pages.iter().any(|p| p.doc == page.doc) {
            return Err(ContentsError::Repeated(page.doc));
        }
        pages.push(page);
    }
    if let Some(missing) = known.iter().find(|d| !pages.iter().any(|p| p.doc == **d)) {
        return Err(ContentsError::Unlisted(missing.to_string()));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: [&str; 2] = ["overview.md", "reopening-incidents.md"];

    #[test]
    fn the_embedded_order_starts_with_the_overview_and_lists_every_document() {
        let corpus = super::super::embedded();
        let order = page_order(corpus.documents.iter().map(|d| d.doc.as_str())).unwrap();
        assert_eq!(order.first().map(String::as_str), Some("overview.md"));
        assert_eq!(order.len(), corpus.documents.len());
    }

    #[test]
    fn a_document_left_out_of_the_order_is_named() {
        let text = "[[page]]\ndoc = \"overview.md\"\n";
        assert_eq!(
            parse_page_order(text, DOCS),
            Err(ContentsError::Unlisted("reopening-incidents.md".into()))
        );
    }

    #[test]
    fn an_unknown_or_repeated_document_is_named() {
        let unknown = "[[page]]\ndoc = \"nope.md\"\n";
        assert_eq!(
            parse_page_order(unknown, DOCS),
            Err(ContentsError::UnknownDocument("nope.md".into()))
        );
        let twice = "[[page]]\ndoc = \"overview.md\"\n[[page]]\ndoc = \"overview.md\"\n";
        assert_eq!(
            parse_page_order(twice, DOCS),
            Err(ContentsError::Repeated("overview.md".into()))
        );
    }

    const POLICIES: [&str; 2] = ["support_scope", "reopen"];

    #[test]
    fn the_break_fix_and_advisory_lesson_teaches_the_support_scope_quiz() {
        let corpus = super::super::embedded();
        let registry = crate::policy::Registry::embedded().unwrap();
        let pages = lesson_policies(
            corpus.documents.iter().map(|d| d.doc.as_str()),
            registry.specs().iter().map(|s| s.id.as_str()),
        )
        .unwrap();
        let page = |doc: &str| pages.iter().find(|p| p.doc == doc).unwrap();
        assert_eq!(
            page("technical-support-and-advisory.md").policies,
            ["support_scope"]
        );
        assert!(!page("overview.md")
            .policies
            .contains(&"support_scope".to_string()));
    }

    #[test]
    fn a_page_naming_an_unknown_policy_is_named_with_the_known_ones() {
        let text = "[[page]]\ndoc = \"overview.md\"\npolicies = [\"suport_scope\"]\n\
                    [[page]]\ndoc = \"reopening-incidents.md\"\n";
        let err = parse_lesson_policies(text, DOCS, POLICIES).unwrap_err();
        assert_eq!(
            err.to_string(),
            "contents.toml, page \"overview.md\": `policies` names \"suport_scope\", \
             which is not a policy; the policies are: support_scope, reopen"
        );
    }

    #[test]
    fn a_policy_named_twice_or_by_no_page_is_named() {
        let twice = "[[page]]\ndoc = \"overview.md\"\npolicies = [\"reopen\", \"support_scope\"]\n\
                     [[page]]\ndoc = \"reopening-incidents.md\"\npolicies = [\"reopen\"]\n";
        assert_eq!(
            parse_lesson_policies(twice, DOCS, POLICIES),
            Err(ContentsError::PolicyTwice {
                policy: "reopen".into(),
                first: "overview.md".into(),
                second: "reopening-incidents.md".into(),
            })
        );
        let none = "[[page]]\ndoc = \"overview.md\"\npolicies = [\"support_scope\"]\n\
                    [[page]]\ndoc = \"reopening-incidents.md\"\n";
        assert_eq!(
            parse_lesson_policies(none, DOCS, POLICIES),
            Err(ContentsError::PolicyUnassigned("reopen".into()))
        );
    }
}
