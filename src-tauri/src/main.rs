//! `supportkb-desktop`: the Tauri 2 window over the supportkb engine.
//!
//! This crate is thin on purpose: the engine (search, reader, policies, rendering, user data) lives in the
//! `supportkb` library; here we only parse arguments, put the engine in `tauri::State`, expose one command
//! per engine call (see [`commands`]) and keep the web view on the app's own pages (links to the web open
//! in the system browser, https only).
//!
//! Usage: `supportkb-desktop [--data-dir DIR] [--corpus DIR]... [--trust-folder DIR]... [supportkb://LINK]`

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod commands;
mod deep_link;
mod error;
mod state;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use supportkb::folder_index::IndexOptions;
use supportkb::userdata::UserDataStore;
use supportkb::Engine;
use tauri::{Manager, Runtime};

use crate::deep_link::DeepLinks;
use crate::state::{epoch_ms, AppState, CorpusEvents, Options};

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
    // runs before the window is created) waits for it. The user's folders are indexed after the window
    // opens (see `AppState::restore_folders`), so a large folder never delays it.
    let engine_thread = std::thread::spawn(load_engine);
    let data_dir = options
        .data_dir
        .clone()
        .or_else(|| std::env::var_os("SUPPORTKB_DATA_DIR").map(Into::into));
    let links = DeepLinks::default();
    links.arrive(options.links.clone());
    let single_instance = single_instance(data_dir.as_deref());
    let setup = move |app: &mut tauri::App| -> Result<(), Box<dyn std::error::Error>> {
        let engine = engine_thread
            .join()
            .map_err(|_| "indexing the knowledge base panicked")??;
        let mut notices = Vec::new();
        let (store, data_dir) = open_user_data(data_dir, &mut notices);
        app.manage(AppState {
            engine,
            user_data: Mutex::new(store),
            index_options: IndexOptions {
                base_dir: data_dir.map(|dir| dir.join("indexes")),
                ..IndexOptions::default()
            },
            corpus_events: CorpusEvents::default(),
            notices,
            started,
            print_timing,
        });
        // Folders named at launch may be added from Settings without a confirmation dialog.
        let launched: Vec<PathBuf> = options
            .corpora
            .iter()
            .chain(&options.trusted)
            .cloned()
            .collect();
        app.manage(commands::ChosenFolders::with(&launched));
        let handle = app.handle().clone();
        let extra = options.corpora.clone();
        std::thread::Builder::new()
            .name("supportkb-folders".to_string())
            .spawn(move || handle.state::<AppState>().restore_folders(&extra))?;
        Ok(())
    };

    let result = tauri::Builder::default()
        // First, so that a second launch exits before doing anything else.
        .plugin(single_instance)
        .plugin(tauri_plugin_deep_link::init())
        .manage(links)
        .plugin(navigation_guard())
        .plugin(tauri_plugin_dialog::init())
        .setup(setup)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::app_ready,
            commands::search,
            commands::show,
            commands::documents,
            commands::policies,
            commands::editions,
            commands::changes,
            commands::changed_passages,
            commands::ask,
            commands::share_answer,
            commands::link_to,
            commands::open_link,
            commands::resolve_fact,
            commands::understand,
            commands::countries,
            commands::glossary,
            commands::zone_words,
            commands::corpora,
            commands::choose_corpus,
            commands::add_corpus,
            commands::remove_corpus,
            commands::corpus_events,
            commands::user_data,
            commands::record_search,
            commands::clear_history,
            commands::pin_answer,
            commands::unpin_answer,
            commands::describe_pin,
            commands::export_pins,
            commands::import_pins,
            commands::open_external,
            commands::learn_course,
            commands::learn_quiz,
            commands::learn_review,
            commands::learn_check,
            commands::record_quiz,
            commands::reset_learning,
            commands::deep_links,
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

/// The engine over the embedded corpus, its policies checked.
fn load_engine() -> Result<Engine, String> {
    let engine = Engine::embedded()
        .map_err(|error| format!("cannot load the embedded knowledge base: {error}"))?;
    engine
        .policies()
        .map_err(|error| format!("the embedded policies are broken: {error}"))?;
    supportkb::human::check_tables()
        .map_err(|error| format!("the embedded tables of people's words are broken: {error}"))?;
    supportkb::learn::check_course(&engine)
        .map_err(|error| format!("the Learn course cannot be built: {error}"))?;
    Ok(engine)
}

/// Opens the user data store in `dir` (`--data-dir` or `$SUPPORTKB_DATA_DIR`, else the platform's) and
/// says where it lives; on failure keeps history in memory for this
/// session and says so (and the folders' indexes go to the platform default).
fn open_user_data(
    dir: Option<PathBuf>,
    notices: &mut Vec<String>,
) -> (UserDataStore, Option<PathBuf>) {
    let dir = match dir {
        Some(dir) => Ok(dir),
        None => UserDataStore::default_dir(),
    };
    match dir.and_then(|dir| UserDataStore::open(&dir).map(|opened| (opened, dir))) {
        Ok(((store, notice), dir)) => {
            notices.extend(notice);
            (store, Some(dir))
        }
        Err(error) => {
            notices.push(format!(
                "History and pins will not be saved this session: {error}"
            ));
            (UserDataStore::in_memory(), None)
        }
    }
}

/// One app per data folder: a second launch on the same folder (a `supportkb://` link clicked
/// elsewhere, the launcher icon again) hands its links to the running app, which comes to the front, and
/// exits (through D-Bus on Linux; without a session bus every launch is its own app). Another data
/// folder is another app: two apps never share a user data file, and tests run their own.
fn single_instance<R: Runtime>(data_dir: Option<&Path>) -> tauri::plugin::TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, args, _cwd| {
        let links =
            Options::parse(args.into_iter().skip(1)).map_or_else(|_| Vec::new(), |o| o.links);
        app.state::<DeepLinks>().arrive(links);
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.set_focus();
        }
    });
    match data_dir {
        Some(dir) => builder.dbus_id(instance_id(dir)),
        None => builder,
    }
    .build()
}

/// The D-Bus name of the app on a data folder given by the user: the identifier plus a hash of the
/// folder (a name element may not start with a digit, hence the `d`).
fn instance_id(data_dir: &Path) -> String {
    let dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let mut hasher = std::hash::DefaultHasher::new();
    dir.hash(&mut hasher);
    format!("dev.supportkb.desktop.d{:016x}", hasher.finish())
}

/// Whether `url` is a page of the app itself: the embedded UI is served as `tauri://localhost` (Linux,
/// macOS) or `http://tauri.localhost` (Windows), on no port. Nothing else is, not even another
/// `localhost` page: a local server of some other program is not ours (issue 12, item 15).
fn is_own_origin(url: &tauri::Url) -> bool {
    let host = url.host_str();
    url.port().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && match url.scheme() {
            "tauri" => host == Some("localhost"),
            "http" => host == Some("tauri.localhost"),
            _ => false,
        }
}

/// Keeps the web view on the app's own origin. A navigation to an `https` page (e.g. a link the UI did
/// not intercept) opens in the system browser instead; anything else is refused.
fn navigation_guard<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| {
            if is_own_origin(url) {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{instance_id, is_own_origin};

    #[test]
    fn each_data_folder_is_its_own_app_on_the_session_bus() {
        let a = instance_id(Path::new("/tmp/supportkb-a"));
        assert_eq!(a, instance_id(Path::new("/tmp/supportkb-a")));
        assert_ne!(a, instance_id(Path::new("/tmp/supportkb-b")));
        assert!(a.starts_with("dev.supportkb.desktop.d"), "{a}");
        assert!(
            a.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'),
            "{a}"
        );
    }

    fn own(url: &str) -> bool {
        is_own_origin(&tauri::Url::parse(url).unwrap())
    }

    #[test]
    fn only_the_apps_own_pages_are_its_origin() {
        assert!(own("tauri://localhost/"));
        assert!(own("tauri://localhost/index.html#reader"));
        assert!(own("http://tauri.localhost/"));
        for other in [
            "http://localhost:8080/",
            "http://localhost/",
            "https://localhost/",
            "tauri://localhost:1234/",
            "tauri://evil.example/",
            "http://tauri.localhost:9000/",
            "https://tauri.localhost/",
            "http://user@tauri.localhost/",
            "file:///etc/passwd",
            "https://learn.microsoft.com/",
        ] {
            assert!(!own(other), "{other}");
        }
    }
}
