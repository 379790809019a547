//! Issue 12: the folder watcher under churn. Thousands of changes in bursts (edits, new and deleted
//! files, renames of files and folders, include fragments edited, a folder replaced by a symlink inside
//! the folder and by one leading out of it, and back) while [`FolderWatcher`] re-indexes; once the
//! changes stop, the watched index must hold exactly what a fresh build of the folder holds and answer
//! every query the same.
//!
//! `make test` runs 2,000 changes; `SUPPORTKB_CHURN_CHANGES=10000` runs the full size (the figure in
//! docs/security.md).

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use supportkb::watch::{FolderWatcher, DEFAULT_DEBOUNCE};

use crate::persistent_index::{answers, contents, open};

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const FOLDERS: usize = 8;

/// The folder being churned: which documents exist where, so each change picks a real target.
struct Churn {
    root: PathBuf,
    outside: PathBuf,
    rng: Rng,
    next_id: usize,
    /// Files (relative paths) that currently exist in real folders.
    files: Vec<String>,
    /// Folders currently replaced by a symlink (name, whether it points out of the root).
    linked: Vec<(String, bool)>,
    changes: usize,
}

impl Churn {
    fn text(&mut self, id: usize) -> String {
        let word = self.rng.below(50);
        format!(
            "# Topic {id}\n\nShared gateway words and marker{id}x{word}.\n\n## Details of {id}\n\n\
             Body {word} of {id}: [!INCLUDE[note](../includes/note-{}.md)]\n",
            word % 3
        )
    }

    fn folder(&mut self) -> String {
        format!("f{}", self.rng.below(FOLDERS))
    }

    fn real_folder(&self, rel: &str) -> bool {
        let top = rel.split('/').next().unwrap_or_default();
        !self.linked.iter().any(|(name, _)| name == top)
    }

    fn write(&mut self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self.changes += 1;
    }

    /// One change of a random kind.
    fn change(&mut self) {
        match self.rng.below(100) {
            // Edit an existing document.
            0..=39 if !self.files.is_empty() => {
                let rel = self.files[self.rng.below(self.files.len())].clone();
                let id = self.rng.below(100_000);
                let text = self.text(id);
                self.write(&rel, &text);
            }
            // A new document.
            40..=59 => {
                let folder = self.folder();
                if !self.real_folder(&folder) {
                    return;
                }
                self.next_id += 1;
                let rel = format!("{folder}/doc-{}.md", self.next_id);
                let text = self.text(self.next_id);
                self.write(&rel, &text);
                self.files.push(rel);
            }
            // Delete a document.
            60..=69 if !self.files.is_empty() => {
                let rel = self.files.swap_remove(self.rng.below(self.files.len()));
                fs::remove_file(self.root.join(&rel)).unwrap();
                self.changes += 1;
            }
            // Rename a document, in its folder or to another.
            70..=81 if !self.files.is_empty() => {
                let i = self.rng.below(self.files.len());
                let folder = self.folder();
                if !self.real_folder(&folder) {
                    return;
                }
                self.next_id += 1;
                let to = format!("{folder}/moved-{}.md", self.next_id);
                fs::create_dir_all(self.root.join(&folder)).unwrap();
                fs::rename(self.root.join(&self.files[i]), self.root.join(&to)).unwrap();
                self.files[i] = to;
                self.changes += 1;
            }
            // Edit an include fragment (every includer changes).
            82..=87 => {
                let n = self.rng.below(3);
                let word = self.rng.below(1000);
                self.write(
                    &format!("includes/note-{n}.md"),
                    &format!("Fragment {n} says quokka{word}."),
                );
            }
            // Rename a whole folder.
            88..=92 => {
                let from = self.folder();
                if !self.real_folder(&from) || !self.root.join(&from).is_dir() {
                    return;
                }
                self.next_id += 1;
                let to = format!("renamed-{}", self.next_id);
                fs::rename(self.root.join(&from), self.root.join(&to)).unwrap();
                // Renamed back under the folder's own name later by the next pick of `from`: move the
                // files' names along.
                for rel in &mut self.files {
                    if let Some(rest) = rel.strip_prefix(&format!("{from}/")) {
                        *rel = format!("{to}/{rest}");
                    }
                }
                fs::rename(self.root.join(&to), self.root.join(&from)).unwrap_or(());
                for rel in &mut self.files {
                    if let Some(rest) = rel.strip_prefix(&format!("{to}/")) {
                        *rel = format!("{from}/{rest}");
                    }
                }
                self.changes += 2;
            }
            // Replace a folder by a symlink (inside the root, or out of it), or a symlink by a folder.
            _ => {
                if let Some(i) = (!self.linked.is_empty() && self.rng.below(2) == 0)
                    .then(|| self.rng.below(self.linked.len()))
                {
                    let (name, _) = self.linked.swap_remove(i);
                    fs::remove_file(self.root.join(&name)).unwrap();
                    self.next_id += 1;
                    let rel = format!("{name}/back-{}.md", self.next_id);
                    let text = self.text(self.next_id);
                    self.write(&rel, &text);
                    self.files.push(rel);
                    return;
                }
                let name = self.folder();
                if !self.real_folder(&name) {
                    return;
                }
                let out = self.rng.below(2) == 0;
                let path = self.root.join(&name);
                if path.exists() {
                    fs::remove_dir_all(&path).unwrap();
                }
                self.files
                    .retain(|rel| !rel.starts_with(&format!("{name}/")));
                let target = if out {
                    self.outside.clone()
                } else {
                    self.root.join("includes")
                };
                std::os::unix::fs::symlink(target, &path).unwrap();
                self.linked.push((name, out));
                self.changes += 1;
            }
        }
    }
}

#[test]
fn the_watcher_keeps_the_index_equal_to_a_fresh_build_under_churn() {
    let total: usize = std::env::var("SUPPORTKB_CHURN_CHANGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("docs");
    let outside = tmp.path().join("private");
    fs::create_dir_all(&outside).unwrap();
    fs::write(
        outside.join("secret.md"),
        "# Secret\n\nThe password is hunter2.\n",
    )
    .unwrap();
    let mut churn = Churn {
        root: root.clone(),
        outside,
        rng: Rng(0x9e37_79b9_7f4a_7c15),
        next_id: 0,
        files: Vec::new(),
        linked: Vec::new(),
        changes: 0,
    };
    for n in 0..3 {
        churn.write(&format!("includes/note-{n}.md"), &format!("Fragment {n}."));
    }
    for _ in 0..120 {
        churn.next_id += 1;
        let folder = churn.folder();
        let rel = format!("{folder}/doc-{}.md", churn.next_id);
        let text = churn.text(churn.next_id);
        churn.write(&rel, &text);
        churn.files.push(rel);
    }
    churn.changes = 0;

    let index = Arc::new(open(&root, &tmp.path().join("indexes")));
    index.update(&|_| {}).unwrap();
    let updates = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new(Vec::new()));
    let watcher = {
        let (updates, errors) = (Arc::clone(&updates), Arc::clone(&errors));
        FolderWatcher::start(Arc::clone(&index), DEFAULT_DEBOUNCE, move |result| {
            if let Err(err) = result {
                errors.lock().unwrap().push(err.to_string());
            }
            updates.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap()
    };

    // Bursts of 1–400 changes, with pauses shorter and longer than the debounce between them, so
    // updates run while the next burst is being written.
    let start = Instant::now();
    while churn.changes < total {
        let burst = 1 + churn.rng.below(400);
        for _ in 0..burst {
            churn.change();
        }
        std::thread::sleep(Duration::from_millis(churn.rng.below(300) as u64));
    }
    let churned = start.elapsed();
    fs::write(root.join("sentinel.md"), "# Sentinel\n\nThe lyrebird.\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while index.search("lyrebird", 1).unwrap().total == 0 {
        assert!(
            Instant::now() < deadline,
            "the last change was never indexed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Then until no update has run for a while (a scan that began mid-burst is followed by another).
    let mut seen = updates.load(Ordering::SeqCst);
    loop {
        std::thread::sleep(DEFAULT_DEBOUNCE * 6);
        let now = updates.load(Ordering::SeqCst);
        if now == seen {
            break;
        }
        seen = now;
    }
    watcher.stop();
    println!(
        "churn: {} changes in {:.1} s, {} re-indexes by the watcher, {} folders linked at the end",
        churn.changes,
        churned.as_secs_f64(),
        updates.load(Ordering::SeqCst),
        churn.linked.len()
    );
    assert!(
        errors.lock().unwrap().is_empty(),
        "{:?}",
        errors.lock().unwrap()
    );

    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = open(&root, fresh_dir.path());
    fresh.update(&|_| {}).unwrap();
    let mut queries: Vec<String> = ["gateway", "quokka", "hunter2", "password", "lyrebird"]
        .map(String::from)
        .to_vec();
    queries.extend((0..40).map(|i| format!("marker{}x{}", churn.next_id - i, i % 50)));
    queries.extend((0..1000).step_by(97).map(|w| format!("quokka{w}")));
    let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
    let watched = contents(&index);
    assert_eq!(watched.len(), contents(&fresh).len());
    assert_eq!(watched, contents(&fresh));
    assert_eq!(answers(&index, &queries), answers(&fresh, &queries));
    assert!(
        answers(&index, &["hunter2"])[0].is_empty(),
        "nothing from out of the folder"
    );
    assert_eq!(
        index.manifest().unwrap().files,
        fresh.manifest().unwrap().files
    );
}
