//! The reading order of the policy FAQ (`docs-corpus/contents.toml`): the order in which the published
//! policy page takes up its topics. The reader's topic tree and the Learn course follow it; it is data so
//! that a new edition of the page can reorder topics without a code change.

use serde::Deserialize;

use super::embedded_file;

/// The file, relative to `docs-corpus/`.
pub const CONTENTS_FILE: &str = "contents.toml";

/// What is wrong with `contents.toml`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ContentsError {
    /// The file is missing from the embedded corpus.
    #[error("docs-corpus/{CONTENTS_FILE} is missing")]
    Missing,
    /// The file is not valid TOML of the expected shape.
    #[error("docs-corpus/{CONTENTS_FILE}: {0}")]
    Invalid(String),
    /// An entry names a document the corpus does not have.
    #[error(
        "docs-corpus/{CONTENTS_FILE} lists {0:?}, which is not a document of the knowledge base"
    )]
    UnknownDocument(String),
    /// An entry appears twice.
    #[error("docs-corpus/{CONTENTS_FILE} lists {0:?} twice")]
    Repeated(String),
    /// A document of the knowledge base is not listed.
    #[error("docs-corpus/{CONTENTS_FILE} does not list {0:?}: every document needs a place in the reading order")]
    Unlisted(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentsFile {
    page: Vec<Page>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    doc: String,
}

/// The documents of the embedded knowledge base in reading order, checked against `documents` (the doc
/// ids the corpus actually has): each listed once, none unknown, none left out.
pub fn page_order<'a>(
    documents: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, ContentsError> {
    let text = embedded_file(CONTENTS_FILE).ok_or(ContentsError::Missing)?;
    parse_page_order(text, documents)
}

/// [`page_order`] over a given text (for tests and other editions).
pub fn parse_page_order<'a>(
    text: &str,
    documents: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, ContentsError> {
    let file: ContentsFile =
        toml::from_str(text).map_err(|e| ContentsError::Invalid(e.message().to_string()))?;
    let known: Vec<&str> = documents.into_iter().collect();
    let mut order: Vec<String> = Vec::with_capacity(file.page.len());
    for page in file.page {
        if !known.contains(&page.doc.as_str()) {
            return Err(ContentsError::UnknownDocument(page.doc));
        }
        if order.contains(&page.doc) {
            return Err(ContentsError::Repeated(page.doc));
        }
        order.push(page.doc);
    }
    if let Some(missing) = known.iter().find(|d| !order.iter().any(|o| o == *d)) {
        return Err(ContentsError::Unlisted(missing.to_string()));
    }
    Ok(order)
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
}
