// Included (`include!`) by the build scripts of `supportkb` (build.rs) and `supportkb-desktop`
// (src-tauri/build.rs): both binaries say which git revision they were built from.

/// Sets `SUPPORTKB_REVISION` for the crate being built: the short git revision of the checkout (its
/// commit: uncommitted edits are not tracked, which would rebuild the crate on every `git add`), or
/// `unknown` outside git (a source tarball) or without git. `SUPPORTKB_REVISION` in the environment wins (for builds from an exported tree). Cargo reruns the
/// build script when HEAD or the branch it points to moves.
fn emit_git_revision() {
    println!("cargo:rerun-if-env-changed=SUPPORTKB_REVISION");
    let revision = match std::env::var("SUPPORTKB_REVISION") {
        Ok(given) if !given.trim().is_empty() => given.trim().to_string(),
        _ => revision_from_git().unwrap_or_else(|| "unknown".to_string()),
    };
    println!("cargo:rustc-env=SUPPORTKB_REVISION={revision}");
}

fn revision_from_git() -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let output = std::process::Command::new("git").args(args).output().ok()?;
        let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
        (output.status.success() && !text.is_empty()).then_some(text)
    };
    let revision = git(&["rev-parse", "--short=12", "HEAD"])?;
    // Watch HEAD, the branch it names and packed-refs; a path that does not exist is not watched (cargo
    // would rerun the script on every build).
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    let watched = ["HEAD", "packed-refs"]
        .into_iter()
        .map(str::to_string)
        .chain(branch);
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--path-format=absolute", "--git-path", &name]) {
            if std::path::Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    Some(revision)
}
