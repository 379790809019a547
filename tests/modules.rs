//! The engine's module import graph has no loop (ARCHITECTURE.md, invariant 16).
//!
//! Each file under `src/` is a module (`a/mod.rs` is `a`, `a/b.rs` is `a::b`). A module depends on
//! another when its code (not its comments, not its `#[cfg(test)] mod tests`) names a path starting with
//! `crate::`, `super::` or `self::` that leads into that module's file: `use super::model::Facts` from
//! `policy/spec.rs` is `policy::spec → policy::model`. A path that stops at an ancestor (a re-export of
//! `crate::policy`, or `crate::Engine`) says nothing about which file it reaches and is not an edge;
//! neither is a parent naming its child. When a loop is found, the test fails naming the modules in
//! order; open it by moving what both sides need into a module of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use regex::Regex;

type Module = Vec<String>;

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// Every `.rs` file under `src/` (except the binary's `main.rs`) by module path.
fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(stem);
            modules(&path, &inner, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if prefix.is_empty() && stem == "main" {
                continue;
            }
            let mut module = prefix.to_vec();
            if stem != "mod" && stem != "lib" {
                module.push(stem);
            }
            out.insert(module, fs::read_to_string(&path).unwrap());
        }
    }
}

/// The code of a file without its unit tests and comments.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module of `modules` a path written in `from` leads into: the deepest one along it.
fn resolve(modules: &BTreeMap<Module, String>, from: &Module, path: &str) -> Option<Module> {
    let mut parts = path.split("::").peekable();
    let mut base: Module = match parts.peek().copied() {
        Some("crate") => {
            parts.next();
            Vec::new()
        }
        Some("super" | "self") => from.clone(),
        _ => return None,
    };
    while let Some(part) = parts.peek().copied() {
        match part {
            "super" => {
                base.pop();
            }
            "self" => {}
            _ => break,
        }
        parts.next();
    }
    let mut deepest = None;
    let mut module = base;
    if modules.contains_key(&module) {
        deepest = Some(module.clone());
    }
    for part in parts {
        module.push(part.to_string());
        if modules.contains_key(&module) {
            deepest = Some(module.clone());
        }
    }
    deepest
}

/// Who depends on whom.
fn imports(modules: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let path = Regex::new(
        r"\b((?:crate|super|self)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))*)(?:::\{([^}]*)\})?",
    )
    .unwrap();
    let mut edges = BTreeMap::new();
    for (module, text) in modules {
        let mut targets = BTreeSet::new();
        for found in path.captures_iter(&code(text)) {
            let head = &found[1];
            let paths: Vec<String> = match found.get(2) {
                Some(group) => group
                    .as_str()
                    .split(',')
                    .map(|item| item.trim().split([' ', ':']).next().unwrap_or(""))
                    .filter(|item| !item.is_empty())
                    .map(|item| format!("{head}::{item}"))
                    .collect(),
                None => vec![head.to_string()],
            };
            for path in paths {
                if let Some(target) = resolve(modules, module, &path) {
                    // Not an edge: the module itself, or an ancestor (a facade or re-export).
                    if !module.starts_with(&target) {
                        targets.insert(target);
                    }
                }
            }
        }
        edges.insert(module.clone(), targets);
    }
    edges
}

/// A loop of `edges`, as the modules along it (the first repeated at the end), if there is one.
fn find_loop(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        module: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        done: &mut BTreeSet<Module>,
        path: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.clone());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.clone());
        for next in edges.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.clone());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|module| visit(module, edges, &mut done, &mut Vec::new()))
}

#[test]
fn the_module_import_graph_has_no_loop() {
    let mut all = BTreeMap::new();
    modules(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut all,
    );
    assert!(all.len() > 50, "{} modules found under src/", all.len());
    let edges = imports(&all);
    // The check sees the edges it must: `spec` reads `model`, the engine opens persistent indexes.
    let module = |path: &str| path.split("::").map(str::to_string).collect::<Module>();
    assert!(edges[&module("policy::spec")].contains(&module("policy::model")));
    assert!(edges[&module("engine")].contains(&module("folder_index")));
    if let Some(cycle) = find_loop(&edges) {
        panic!(
            "import loop: {}",
            cycle.iter().map(name).collect::<Vec<_>>().join(" -> ")
        );
    }
}

#[test]
fn a_loop_is_found_and_named() {
    let module = |path: &str| path.split("::").map(str::to_string).collect::<Module>();
    let mut all = BTreeMap::new();
    all.insert(Vec::new(), "mod a;\nmod b;\n".to_string());
    all.insert(module("a"), "use super::b::Thing;\n".to_string());
    all.insert(
        module("b"),
        "// use crate::a is a comment\nuse crate::{a::Other, c};\n".to_string(),
    );
    all.insert(module("c"), "use super::a;\n".to_string());
    let edges = imports(&all);
    assert_eq!(edges[&module("b")], [module("a"), module("c")].into());
    let cycle = find_loop(&edges).unwrap();
    assert_eq!(cycle.iter().map(name).collect::<Vec<_>>(), ["a", "b", "a"]);
}
