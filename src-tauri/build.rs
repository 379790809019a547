//! Build script: generates Tauri's context and the ACL for our own commands.
//!
//! Declaring the app manifest makes every command below a permission (`allow-<command>`) that the
//! capability file must grant explicitly; a command missing from `capabilities/default.json` cannot be
//! invoked from the web view. Also sets `SUPPORTKB_REVISION`, the git revision Settings › About shows
//! (`scripts/git_revision.rs`, shared with the CLI's build script).

include!("../scripts/git_revision.rs");

/// Every `#[tauri::command]` in `src/commands.rs`.
const COMMANDS: &[&str] = &[
    "app_info",
    "app_ready",
    "search",
    "show",
    "documents",
    "policies",
    "editions",
    "changes",
    "changed_passages",
    "ask",
    "share_answer",
    "link_to",
    "open_link",
    "resolve_fact",
    "understand",
    "countries",
    "glossary",
    "zone_words",
    "corpora",
    "choose_corpus",
    "add_corpus",
    "remove_corpus",
    "corpus_events",
    "user_data",
    "record_search",
    "clear_history",
    "pin_answer",
    "unpin_answer",
    "describe_pin",
    "export_pins",
    "import_pins",
    "open_external",
    "learn_course",
    "learn_quiz",
    "learn_review",
    "learn_check",
    "record_quiz",
    "reset_learning",
    "deep_links",
];

fn main() {
    println!("cargo:rerun-if-changed=../scripts/git_revision.rs");
    emit_git_revision();
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports failure by panicking; the message names what is wrong.
        panic!("tauri build step failed: {error:#}");
    }
}
