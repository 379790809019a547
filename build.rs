//! Rebuild when the embedded knowledge base changes: `include_dir!` (src/corpus/embedded.rs) cannot tell
//! cargo which files it read.

fn main() {
    println!("cargo:rerun-if-changed=docs-corpus");
    println!("cargo:rerun-if-changed=build.rs");
}
