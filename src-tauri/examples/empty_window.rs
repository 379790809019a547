//! The baseline for the desktop figures: an empty Tauri 2 window with the same Tauri version, features,
//! CSP and window size as `supportkb-desktop`, whose page only reports that it loaded. `desktop-figures`
//! (in the e2e crate) measures its start time and memory exactly like the real app's.
//!
//! Build: `cargo build --release -p supportkb-desktop --example empty_window`.

use std::time::{SystemTime, UNIX_EPOCH};

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Same name and output as the real app's command, so the figures script reads both the same way.
#[tauri::command]
fn app_ready() -> f64 {
    println!("SUPPORTKB_READY epoch_ms={:.1}", epoch_ms());
    0.0
}

fn main() {
    println!("SUPPORTKB_MAIN epoch_ms={:.1}", epoch_ms());
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![app_ready])
        .run(tauri::generate_context!(
            "examples/empty-window/tauri.conf.json"
        ));
    if let Err(error) = result {
        eprintln!("empty_window: {error}");
        std::process::exit(1);
    }
}
