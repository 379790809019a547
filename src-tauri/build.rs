//! Build script: generates Tauri's context and the ACL for our own commands.
//!
//! Declaring the app manifest makes every command below a permission (`allow-<command>`) that the
//! capability file must grant explicitly; a command missing from `capabilities/default.json` cannot be
//! invoked from the web view.

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
    "ask",
    "share_answer",
    "link_to",
    "open_link",
    "resolve_fact",
    "understand",
    "countries",
    "corpora",
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
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports failure by panicking; the message names what is wrong.
        panic!("tauri build step failed: {error:#}");
    }
}
