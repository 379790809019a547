//! What `supportkb --version` says: the app's version, the policy editions the engine knows (from the
//! policy descriptions, so a new edition shows up without touching this file) and the git revision the
//! binary was built from (`build.rs`).

use crate::policy::Registry;

/// The git revision the binary was built from, or `unknown` when it was not built from a git checkout.
pub const REVISION: &str = env!("SUPPORTKB_REVISION");

/// `0.1.0 (policy editions 2025-07-31; revision 1a2b3c4d5e6f)`: the text after `supportkb ` in
/// `--version`, the version line of the man pages.
pub fn version() -> String {
    let editions = match Registry::embedded() {
        Ok(registry) => {
            let mut editions: Vec<&str> = registry
                .editions()
                .into_iter()
                .map(|edition| edition.policy_version.as_str())
                .collect();
            editions.sort_unstable();
            editions.join(", ")
        }
        Err(error) => format!("unavailable: {error}"),
    };
    format!(
        "{} (policy editions {editions}; revision {REVISION})",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_the_app_every_policy_edition_and_the_revision() {
        let version = version();
        assert!(version.starts_with(env!("CARGO_PKG_VERSION")), "{version}");
        for edition in Registry::embedded().unwrap().editions() {
            assert!(version.contains(&edition.policy_version), "{version}");
        }
        assert!(
            version.contains("policy editions 2021-01-26, 2025-07-31"),
            "{version}"
        );
        assert!(
            version.ends_with(&format!("; revision {REVISION})")),
            "{version}"
        );
        assert!(!REVISION.is_empty());
    }
}
