//! The knowledge base compiled into the binary: `docs-corpus/`. Each edition of the support policy is a
//! folder `editions/YYYY-MM-DD/` (its restated FAQ as markdown and its `policy/*.toml` tables); files
//! shared by every edition (`synonyms.toml`, `countries.toml`, `policy/understand.toml`…) sit at the top.
//! `build.rs` makes cargo rebuild when that folder changes.

use include_dir::{include_dir, Dir, DirEntry};

use super::confined::ReadError;
use super::learn::Files;
use super::load::{assemble, classify, load_bytes, probe};
use super::Corpus;

static DOCS_CORPUS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/docs-corpus");

/// Folder of the editions inside `docs-corpus/`.
pub const EDITIONS_DIR: &str = "editions";

/// The dates (`YYYY-MM-DD`) of the embedded editions, oldest first.
pub fn edition_dates() -> Vec<&'static str> {
    let mut dates: Vec<&'static str> = DOCS_CORPUS
        .get_dir(EDITIONS_DIR)
        .map(|d| {
            d.dirs()
                .filter_map(|e| e.path().file_name()?.to_str())
                .collect()
        })
        .unwrap_or_default();
    dates.sort_unstable();
    dates
}

/// The newest embedded edition's date.
pub fn newest_edition() -> Option<&'static str> {
    edition_dates().pop()
}

/// The embedded knowledge base: the newest edition's FAQ, parsed like a folder (doc ids are paths
/// relative to the edition's folder). Only `.md` files are documents; data files are reached through
/// [`embedded_file`] and [`edition_file`].
pub fn embedded() -> Corpus {
    newest_edition()
        .and_then(embedded_edition)
        .unwrap_or_else(|| assemble(Vec::new(), Vec::new()))
}

/// One edition's FAQ (doc ids relative to its folder), or `None` when there is no such edition.
pub fn embedded_edition(date: &str) -> Option<Corpus> {
    let root = format!("{EDITIONS_DIR}/{date}/");
    DOCS_CORPUS.get_dir(root.trim_end_matches('/'))?;
    let markdown: Vec<(&'static str, &'static [u8])> = embedded_files()
        .into_iter()
        .filter_map(|(path, bytes)| Some((path.strip_prefix(root.as_str())?, bytes)))
        .filter(|(path, _)| {
            !path.starts_with("policy/")
                && path
                    .rsplit_once('.')
                    .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"))
        })
        .collect();
    let files = classify(
        markdown
            .iter()
            .map(|(path, bytes)| probe(path.to_string(), bytes))
            .collect(),
    );
    let loaded = files
        .iter()
        .zip(&markdown)
        .map(|(file, (path, bytes))| load_bytes(path, bytes, file.role, &Embedded { root: &root }))
        .collect();
    Some(assemble(loaded, Vec::new()))
}

/// The text of a data file of an edition by its path inside the edition's folder (e.g.
/// `policy/policies.toml`).
pub fn edition_file(date: &str, path: &str) -> Option<&'static str> {
    embedded_file(&format!("{EDITIONS_DIR}/{date}/{path}"))
}

/// The text of an embedded file by its path relative to `docs-corpus/` (e.g. `synonyms.toml`); a path
/// that is not there is looked up in the newest edition's folder (`using-support.md`,
/// `policy/policies.toml`), where the embedded corpus's doc ids point. `None` when there is no such
/// file or it is not UTF-8.
pub fn embedded_file(path: &str) -> Option<&'static str> {
    match DOCS_CORPUS.get_file(path) {
        Some(file) => file.contents_utf8(),
        None => DOCS_CORPUS
            .get_file(format!("{EDITIONS_DIR}/{}/{path}", newest_edition()?))?
            .contents_utf8(),
    }
}

/// Every embedded file (markdown and data), as (path relative to `docs-corpus/` with `/` separators,
/// bytes), sorted by path.
pub fn embedded_files() -> Vec<(&'static str, &'static [u8])> {
    fn collect(dir: &'static Dir<'static>, out: &mut Vec<(&'static str, &'static [u8])>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(d) => collect(d, out),
                DirEntry::File(f) => {
                    if let Some(path) = f.path().to_str() {
                        out.push((path, f.contents()));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    collect(&DOCS_CORPUS, &mut out);
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

/// Include fragments read from one edition's folder of the embedded corpus.
struct Embedded<'a> {
    /// The folder, `editions/DATE/`.
    root: &'a str,
}

impl Files for Embedded<'_> {
    fn read(&self, rel: &str) -> Result<String, ReadError> {
        let file = DOCS_CORPUS
            .get_file(format!("{}{rel}", self.root))
            .ok_or(ReadError::NotFound)?;
        match std::str::from_utf8(file.contents()) {
            Ok(text) => Ok(text.to_string()),
            Err(err) => Err(ReadError::NotUtf8 {
                line: file.contents()[..err.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1,
            }),
        }
    }
}
