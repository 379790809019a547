//! The supportkb desktop window (placeholder entry while the command layer lands).

fn main() {
    let result = tauri::Builder::default().run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("supportkb-desktop: {error}");
        std::process::exit(1);
    }
}
