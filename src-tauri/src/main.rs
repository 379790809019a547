//! `supportkb-desktop`: the Tauri 2 window over the supportkb engine.
//!
//! This crate is thin on purpose: the engine (search, reader, policies, rendering, user data) lives in the
//! `supportkb` library; here we only parse arguments, put the engine in `tauri::State`, expose one command
//! per engine call (see [`commands`]) and keep the web view on the app's own pages (links to the web open
//! in the system browser, https only).
//!
//! Usage: `supportkb-desktop [--data-dir DIR] [--corpus DIR]...`

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod commands;
mod error;
mod state;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use supportkb::policy::Registry;
use supportkb::userdata::UserDataStore;
use supportkb::Engine;
use tauri::{Manager, Runtime};

use crate::state::{epoch_ms, AppState, Options};

fn main() -> ExitCode {
    let started = Instant::now();
    let print_timing = std::env::var_os("SUPPORTKB_TIMING").is_some_and(|v| v == "1");
    if print_timing {
        println!("SUPPORTKB_MAIN epoch_ms={:.1}", epoch_ms());
    }
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("supportkb-desktop: {message}");
            return ExitCode::from(2);
        }
    };
    // Index the embedded knowledge base on another thread while GTK and WebKit start; `setup` (which
    // runs before the window is created) waits for it.
    let engine_thread = std::thread::spawn(move || load_engine(&options));
    let setup = move |app: &mut tauri::App| -> Result<(), Box<dyn std::error::Error>> {
        let (engine, mut notices, data_dir) = engine_thread
            .join()
            .map_err(|_| "indexing the knowledge base panicked")??;
        let policies = Registry::embedded()
            .map_err(|error| format!("the embedded policies are broken: {error}"))?;
        let store = open_user_data(data_dir, &mut notices);
        app.manage(AppState {
            engine,
            policies,
            user_data: Mutex::new(store),
            notices,
            started,
            print_timing,
        });
        Ok(())
    };

    let result = tauri::Builder::default()
        .plugin(navigation_guard())
        .setup(setup)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::app_ready,
            commands::search,
            commands::show,
            commands::documents,
            commands::policies,
            commands::ask,
            commands::corpora,
            commands::add_corpus,
            commands::remove_corpus,
            commands::user_data,
            commands::record_search,
            commands::clear_history,
            commands::pin_answer,
            commands::unpin_answer,
            commands::open_external,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("supportkb-desktop: {error}");
            ExitCode::from(1)
        }
    }
}

/// The engine with the embedded corpus and the `--corpus` folders; notices for folders that failed.
fn load_engine(options: &Options) -> Result<(Engine, Vec<String>, Option<PathBuf>), String> {
    let engine = Engine::embedded()
        .map_err(|error| format!("cannot load the embedded knowledge base: {error}"))?;
    let mut notices = Vec::new();
    for dir in &options.corpora {
        match engine.add_corpus(dir) {
            Ok(diagnostics) if !diagnostics.is_empty() => notices.push(format!(
                "{}: {} file(s) skipped or partly read.",
                dir.display(),
                diagnostics.len()
            )),
            Ok(_) => {}
            Err(error) => notices.push(error.to_string()),
        }
    }
    Ok((engine, notices, options.data_dir.clone()))
}

/// Opens the user data store; on failure keeps history in memory for this session and says so.
fn open_user_data(dir: Option<PathBuf>, notices: &mut Vec<String>) -> UserDataStore {
    let dir = match dir.or_else(|| std::env::var_os("SUPPORTKB_DATA_DIR").map(Into::into)) {
        Some(dir) => Ok(dir),
        None => UserDataStore::default_dir(),
    };
    match dir.and_then(|dir| UserDataStore::open(&dir)) {
        Ok((store, notice)) => {
            notices.extend(notice);
            store
        }
        Err(error) => {
            notices.push(format!(
                "History and pins will not be saved this session: {error}"
            ));
            UserDataStore::in_memory()
        }
    }
}

/// Keeps the web view on the app's own origin. A navigation to an `https` page (e.g. a link the UI did
/// not intercept) opens in the system browser instead; anything else is refused.
fn navigation_guard<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| {
            let own_origin = url.scheme() == "tauri"
                || matches!(url.host_str(), Some("tauri.localhost") | Some("localhost"))
                    && url.scheme() != "https";
            if own_origin {
                return true;
            }
            if let Ok(external) = commands::external_url(url.as_str()) {
                if let Err(error) = open::that_detached(external.as_str()) {
                    eprintln!("supportkb-desktop: cannot open {external}: {error}");
                }
            }
            false
        })
        .build()
}
