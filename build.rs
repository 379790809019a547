//! Rebuild when the embedded knowledge base changes: `include_dir!` (src/corpus/embedded.rs) cannot tell
//! cargo which files it read. Also sets `SUPPORTKB_REVISION`, the git revision `supportkb --version`
//! shows (`scripts/git_revision.rs`, shared with the desktop's build script).

include!("scripts/git_revision.rs");

fn main() {
    println!("cargo:rerun-if-changed=docs-corpus");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=scripts/git_revision.rs");
    emit_git_revision();
}
