//! The knowledge base compiled into the binary: `docs-corpus/` (markdown documents plus data files such
//! as `synonyms.toml` and `policy/*.toml`). `build.rs` makes cargo rebuild when that folder changes.

use include_dir::{include_dir, Dir, DirEntry};

use super::confined::ReadError;
use super::learn::Files;
use super::load::{assemble, classify, load_bytes, probe};
use super::Corpus;

static DOCS_CORPUS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/docs-corpus");

/// The embedded knowledge base, parsed like a folder (doc ids are paths relative to `docs-corpus/`).
/// Only `.md` files are documents; data files are reached through [`embedded_file`].
pub fn embedded() -> Corpus {
    let markdown: Vec<(&'static str, &'static [u8])> = embedded_files()
        .into_iter()
        .filter(|(path, _)| {
            path.rsplit_once('.')
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
        .map(|(file, (path, bytes))| load_bytes(path, bytes, file.role, &Embedded))
        .collect();
    assemble(loaded, Vec::new())
}

/// The text of an embedded file by its path relative to `docs-corpus/` (e.g. `synonyms.toml`,
/// `policy/policies.toml`); `None` when there is no such file or it is not UTF-8.
pub fn embedded_file(path: &str) -> Option<&'static str> {
    DOCS_CORPUS.get_file(path)?.contents_utf8()
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

/// Include fragments read from the embedded corpus.
struct Embedded;

impl Files for Embedded {
    fn read(&self, rel: &str) -> Result<String, ReadError> {
        let file = DOCS_CORPUS.get_file(rel).ok_or(ReadError::NotFound)?;
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
