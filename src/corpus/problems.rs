//! Folder problems in people's terms: [`group_diagnostics`] turns the [`Diagnostic`]s of loading or
//! indexing a folder (one per file and problem, worded for developers) into [`ProblemGroup`]s: one per
//! kind of problem, with a headline a person can act on ("12 files include a fragment that is not in the
//! folder: includes/footer-banner.md …") and the list of files it concerns. The desktop's Settings and
//! the CLI's human output of `index` and `search --corpus` show these; neither groups anything itself.
//!
//! The kind of a diagnostic is read from its message, whose wording is set where it is made
//! (`learn.rs` for includes, `load.rs` and the front matter parser for skipped files, the engine for the
//! index itself). A message this module does not know falls into [`ProblemKind::Other`] and is listed
//! as written; `tests::real_diagnostics_have_a_kind` loads a folder with every known problem so a
//! changed wording fails a test instead of silently becoming "other".

use serde::Serialize;

use super::{Diagnostic, DiagnosticSeverity};

/// Most names (fragments, files) a headline quotes before it says `…`.
pub const HEADLINE_NAMES: usize = 3;

/// What kind of problem a group is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A file could not be opened (permissions, I/O): left out.
    Unreadable,
    /// A file is not UTF-8 text: left out.
    NotText,
    /// A file's name is not valid text: left out.
    BadFileName,
    /// A file's front matter is not valid YAML (or not `key: value` fields): left out.
    BadFrontMatter,
    /// An include names a fragment that is not in the folder: that part is missing.
    MissingInclude,
    /// An include points outside the folder: refused.
    IncludeOutsideFolder,
    /// Fragments include each other in a loop: the loop was cut.
    IncludeLoop,
    /// Fragments are nested too deeply: the deepest were left out.
    IncludeTooDeep,
    /// An included fragment cannot be read.
    IncludeUnreadable,
    /// The folder's saved index could not be used (rebuilt, or searched in memory instead).
    Index,
    /// Anything else, listed as the engine worded it.
    Other,
}

/// One file a [`ProblemGroup`] concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemFile {
    /// The file, relative to the folder (empty for a problem of the folder as a whole).
    pub path: String,
    /// What about it, in a few words ("line 59: includes/footer-banner.md"); empty when the headline
    /// says it all.
    pub detail: String,
}

/// Problems of one kind, for people: a headline and the files it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemGroup {
    /// The kind of problem.
    pub kind: ProblemKind,
    /// One sentence: how many files, what is wrong, and what supportkb did about it.
    pub headline: String,
    /// Whether these files were left out of search (`false`: they are searchable, with a part missing).
    pub left_out: bool,
    /// The files, sorted by path, one entry each.
    pub files: Vec<ProblemFile>,
}

/// Groups diagnostics by kind, in a stable order: files left out first, then partial problems, each
/// kind once, in [`ProblemKind`] order.
pub fn group_diagnostics(diagnostics: &[Diagnostic]) -> Vec<ProblemGroup> {
    let normalized: Vec<Diagnostic> = diagnostics.iter().map(with_line).collect();
    let mut by_kind: std::collections::BTreeMap<ProblemKind, Vec<(&Diagnostic, Option<String>)>> =
        std::collections::BTreeMap::new();
    for diagnostic in &normalized {
        let (kind, subject) = classify(diagnostic);
        by_kind.entry(kind).or_default().push((diagnostic, subject));
    }
    let mut groups: Vec<ProblemGroup> = by_kind
        .into_iter()
        .map(|(kind, items)| group(kind, &items))
        .collect();
    groups.sort_by_key(|g| (!g.left_out, g.kind));
    groups
}

/// A persistent index keeps a skipped file's reason as one string, `line N: message`: the line goes back
/// to its field.
fn with_line(diagnostic: &Diagnostic) -> Diagnostic {
    let mut out = diagnostic.clone();
    if out.line.is_none() {
        if let Some((number, rest)) = out
            .message
            .strip_prefix("line ")
            .and_then(|rest| rest.split_once(": "))
        {
            if let Ok(line) = number.parse::<usize>() {
                out.line = Some(line);
                out.message = rest.to_string();
            }
        }
    }
    out
}

/// The kind of a diagnostic and the name it is about (the missing fragment…), from its message.
fn classify(diagnostic: &Diagnostic) -> (ProblemKind, Option<String>) {
    let message = diagnostic.message.as_str();
    let quoted = || {
        message
            .split_once('`')
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(name, _)| name.to_string())
    };
    if message.starts_with("include `") {
        if let Some(looked) = message
            .split_once("(looked for ")
            .and_then(|(_, rest)| rest.strip_suffix(')'))
        {
            return (ProblemKind::MissingInclude, Some(looked.to_string()));
        }
        if message.contains("outside the corpus root") {
            return (ProblemKind::IncludeOutsideFolder, quoted());
        }
        if message.contains("levels deep") {
            return (ProblemKind::IncludeTooDeep, quoted());
        }
        if message.contains("cannot be read") {
            return (ProblemKind::IncludeUnreadable, quoted());
        }
    }
    if message.starts_with("include cycle") {
        let chain = message.split_once(": ").map(|(_, chain)| chain.to_string());
        return (ProblemKind::IncludeLoop, chain);
    }
    if message.starts_with("file is not valid UTF-8") {
        return (ProblemKind::NotText, None);
    }
    if message.starts_with("file name is not valid UTF-8") {
        return (ProblemKind::BadFileName, None);
    }
    if message.starts_with("front matter") {
        return (ProblemKind::BadFrontMatter, None);
    }
    if message.starts_with("cannot read") {
        return (ProblemKind::Unreadable, None);
    }
    if message.starts_with("the index in ") || message.contains("searching this folder in memory") {
        return (ProblemKind::Index, None);
    }
    (ProblemKind::Other, Some(message.to_string()))
}

/// "1 file includes" / "3 files include".
fn files(n: usize, singular_verb: &str, plural_verb: &str) -> String {
    if n == 1 {
        format!("1 file {singular_verb}")
    } else {
        format!("{n} files {plural_verb}")
    }
}

/// The first [`HEADLINE_NAMES`] distinct names, with `…` when there are more.
fn names(items: &[(&Diagnostic, Option<String>)]) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for name in items.iter().filter_map(|(_, s)| s.as_deref()) {
        if !distinct.contains(&name) {
            distinct.push(name);
        }
    }
    let shown = distinct
        .iter()
        .take(HEADLINE_NAMES)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if distinct.len() > HEADLINE_NAMES {
        format!("{shown} …")
    } else {
        shown
    }
}

fn group(kind: ProblemKind, items: &[(&Diagnostic, Option<String>)]) -> ProblemGroup {
    // One entry per file: its lines and names together.
    let mut files_seen: Vec<ProblemFile> = Vec::new();
    let mut sorted: Vec<&(&Diagnostic, Option<String>)> = items.iter().collect();
    sorted.sort_by(|a, b| (&a.0.path, a.0.line).cmp(&(&b.0.path, b.0.line)));
    for (diagnostic, subject) in sorted {
        let part = match (diagnostic.line, subject) {
            (Some(line), Some(name)) => format!("line {line}: {name}"),
            (None, Some(name)) => name.clone(),
            (Some(line), None) if kind != ProblemKind::NotText => format!("line {line}"),
            _ => String::new(),
        };
        match files_seen.last_mut() {
            Some(last) if last.path == diagnostic.path => {
                if !part.is_empty() {
                    if !last.detail.is_empty() {
                        last.detail.push_str("; ");
                    }
                    last.detail.push_str(&part);
                }
            }
            _ => files_seen.push(ProblemFile {
                path: diagnostic.path.clone(),
                detail: part,
            }),
        }
    }
    let n = files_seen.len();
    let left_out = matches!(
        kind,
        ProblemKind::Unreadable
            | ProblemKind::NotText
            | ProblemKind::BadFileName
            | ProblemKind::BadFrontMatter
    ) || (kind == ProblemKind::Other
        && items
            .iter()
            .all(|(d, _)| d.severity == DiagnosticSeverity::Error));
    let headline = match kind {
        ProblemKind::MissingInclude => format!(
            "{} a fragment that is not in the folder: {}",
            files(n, "includes", "include"),
            names(items)
        ),
        ProblemKind::IncludeOutsideFolder => format!(
            "{} a file from outside the folder, which was left out: {}",
            files(n, "includes", "include"),
            names(items)
        ),
        ProblemKind::IncludeLoop => format!(
            "{} fragments that include each other in a loop; the loop was cut",
            files(n, "includes", "include")
        ),
        ProblemKind::IncludeTooDeep => format!(
            "{} fragments nested too deeply; the deepest were left out: {}",
            files(n, "has", "have"),
            names(items)
        ),
        ProblemKind::IncludeUnreadable => format!(
            "{} a fragment that cannot be read: {}",
            files(n, "includes", "include"),
            names(items)
        ),
        ProblemKind::NotText => format!(
            "{} not plain text and {} left out of search",
            files(n, "is", "are"),
            if n == 1 { "was" } else { "were" }
        ),
        ProblemKind::BadFileName => format!(
            "{} a name that is not valid text and {} left out of search",
            files(n, "has", "have"),
            if n == 1 { "was" } else { "were" }
        ),
        ProblemKind::BadFrontMatter => format!(
            "{} a header block (front matter) that cannot be read and {} left out of search",
            files(n, "has", "have"),
            if n == 1 { "was" } else { "were" }
        ),
        ProblemKind::Unreadable => format!(
            "{} cannot be opened and {} left out of search",
            if n == 1 {
                "1 file or folder".to_string()
            } else {
                format!("{n} files or folders")
            },
            if n == 1 { "was" } else { "were" }
        ),
        ProblemKind::Index => {
            if items
                .iter()
                .any(|(d, _)| d.message.contains("searching this folder in memory"))
            {
                "This folder's index cannot be saved, so it is searched in memory this session"
                    .to_string()
            } else if items.iter().any(|(d, _)| d.message.contains("checksum")) {
                "This folder's saved index was damaged (a file failed its checksum) and was rebuilt"
                    .to_string()
            } else {
                "This folder's saved index could not be used and was rebuilt".to_string()
            }
        }
        ProblemKind::Other => format!("{} other problems", files(n, "has", "have")),
    };
    // A problem of the folder as a whole lists no files.
    let files = if kind == ProblemKind::Index {
        Vec::new()
    } else {
        files_seen
    };
    ProblemGroup {
        kind,
        headline,
        left_out,
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(path: &str, line: usize, message: &str) -> Diagnostic {
        Diagnostic::warning(path, Some(line), message)
    }

    #[test]
    fn missing_includes_are_one_group_naming_the_fragments() {
        let mut diagnostics = Vec::new();
        for i in 0..12 {
            diagnostics.push(warning(
                &format!("guide-{i:02}.md"),
                3,
                "include `../includes/footer-banner.md` not found (looked for includes/footer-banner.md)",
            ));
        }
        diagnostics.push(warning(
            "guide-00.md",
            9,
            "include `x.md` not found (looked for includes/x.md)",
        ));
        let groups = group_diagnostics(&diagnostics);
        assert_eq!(groups.len(), 1);
        let group = &groups[0];
        assert_eq!(group.kind, ProblemKind::MissingInclude);
        assert_eq!(
            group.headline,
            "12 files include a fragment that is not in the folder: includes/footer-banner.md, includes/x.md"
        );
        assert!(!group.left_out);
        assert_eq!(group.files.len(), 12);
        assert_eq!(group.files[0].path, "guide-00.md");
        assert_eq!(
            group.files[0].detail,
            "line 3: includes/footer-banner.md; line 9: includes/x.md"
        );
    }

    #[test]
    fn skipped_files_come_first_and_headlines_count_files() {
        let diagnostics = vec![
            warning("a.md", 1, "include cycle refused: a.md -> b.md -> a.md"),
            Diagnostic::error(
                "bin.md",
                Some(1),
                "file is not valid UTF-8 (first bad byte at offset 0)",
            ),
            Diagnostic::error("fm.md", Some(3), "front matter is not valid YAML: bad"),
            Diagnostic::error("fm2.md", Some(2), "front matter is not valid YAML: bad"),
            warning("c.md", 4, "something new"),
        ];
        let mut diagnostics = diagnostics;
        // As a persistent index reports a file skipped by an earlier update.
        diagnostics.push(Diagnostic::error(
            "bin2.md",
            None,
            "line 1: file is not valid UTF-8 (first bad byte at offset 0)",
        ));
        let groups = group_diagnostics(&diagnostics);
        let heads: Vec<&str> = groups.iter().map(|g| g.headline.as_str()).collect();
        assert_eq!(
            heads,
            [
                "2 files are not plain text and were left out of search",
                "2 files have a header block (front matter) that cannot be read and were left out of search",
                "1 file includes fragments that include each other in a loop; the loop was cut",
                "1 file has other problems",
            ]
        );
        assert_eq!(groups[3].files[0].detail, "line 4: something new");
    }

    #[test]
    fn problems_of_the_index_itself_list_no_files() {
        let rebuilt = group_diagnostics(&[Diagnostic::warning(
            "/srv/docs",
            None,
            "the index in /x/1 was unusable (it was written by another version); it was moved to /x/1.broken and is rebuilt",
        )]);
        assert_eq!(rebuilt[0].kind, ProblemKind::Index);
        assert_eq!(
            rebuilt[0].headline,
            "This folder's saved index could not be used and was rebuilt"
        );
        assert!(rebuilt[0].files.is_empty());
        let in_memory = group_diagnostics(&[Diagnostic::warning(
            "/srv/docs",
            None,
            "cannot write the index directory /x: read-only; searching this folder in memory instead",
        )]);
        assert_eq!(in_memory[0].kind, ProblemKind::Index);
        assert!(in_memory[0].headline.contains("searched in memory"));
    }

    #[test]
    fn real_diagnostics_have_a_kind() {
        let tmp = std::env::temp_dir().join(format!("supportkb-problems-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let write = |rel: &str, bytes: &[u8]| {
            let path = tmp.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).ok();
            }
            std::fs::write(path, bytes).ok();
        };
        write("missing.md", b"# A\n\n[!INCLUDE[x](includes/nope.md)]\n");
        write("outside.md", b"# B\n\n[!INCLUDE[x](../../etc/passwd.md)]\n");
        write("loop.md", b"# C\n\n[!INCLUDE[x](includes/l1.md)]\n");
        write("includes/l1.md", b"[!INCLUDE[x](l2.md)]\n");
        write("includes/l2.md", b"[!INCLUDE[x](l1.md)]\n");
        write("binary.md", &[0xff, 0xfe, 0x00]);
        write("front.md", b"---\ntitle: [unclosed\n---\n# D\n");
        let corpus = crate::corpus::load_dir(&tmp);
        let _ = std::fs::remove_dir_all(&tmp);
        let corpus = corpus.unwrap_or_default();
        let kinds: std::collections::BTreeSet<ProblemKind> = group_diagnostics(&corpus.diagnostics)
            .into_iter()
            .map(|g| g.kind)
            .collect();
        let expected: std::collections::BTreeSet<ProblemKind> = [
            ProblemKind::NotText,
            ProblemKind::BadFrontMatter,
            ProblemKind::MissingInclude,
            ProblemKind::IncludeOutsideFolder,
            ProblemKind::IncludeLoop,
        ]
        .into_iter()
        .collect();
        assert_eq!(kinds, expected, "{:#?}", corpus.diagnostics);
    }
}
