//! The layering ARCHITECTURE.md promises, checked on the source: each folder of the
//! library imports only the layers below it, commands never import each other or the
//! dispatcher, and renderers never reach into commands. (The crate split already keeps the
//! library free of the command line: it cannot name the binary's types.)

use crate::support::repo_path;
use std::collections::BTreeSet;

/// `crate::<module>` paths used in a file, by top module.
fn crate_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        if text[..i].ends_with("cairn_") {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    // `use crate::{a, b}` lists.
    for (i, _) in text.match_indices("use crate::{") {
        let rest = &text[i + "use crate::{".len()..];
        let list = &rest[..rest.find('}').unwrap_or(0)];
        for part in list.split(',') {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn library_layers_import_only_what_is_below_them() {
    let allowed: &[(&str, &[&str])] = &[
        ("diag", &[]),
        ("paths", &[]),
        ("model", &["diag"]),
        ("text", &["diag", "model", "paths", "text"]),
        ("load", &["diag", "model", "paths", "text", "load"]),
        ("analyze", &["diag", "model", "text", "load", "analyze"]),
        ("report", &["diag", "model", "text", "analyze", "report"]),
        ("schema", &["model", "load"]),
        (
            "ops",
            &[
                "diag", "model", "paths", "text", "load", "analyze", "report", "ops",
            ],
        ),
    ];
    let root = repo_path("core/src");
    let mut bad = Vec::new();
    for file in rust_files(&root) {
        let rel = file
            .strip_prefix(&root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let layer = rel
            .split('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".rs")
            .to_owned();
        let Some((_, ok)) = allowed.iter().find(|(l, _)| *l == layer) else {
            assert_eq!(
                layer, "lib",
                "a new folder needs a line in this test and ARCHITECTURE.md"
            );
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        // Tests may use anything.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for m in crate_modules(code) {
            if m != layer && !ok.contains(&m.as_str()) {
                bad.push(format!("core/src/{rel} imports crate::{m}"));
            }
        }
    }
    assert!(bad.is_empty(), "layering broken:\n{}", bad.join("\n"));
}

#[test]
fn commands_import_neither_each_other_nor_the_dispatcher() {
    let root = repo_path("src");
    let mut bad = Vec::new();
    for file in rust_files(&root) {
        let rel = file
            .strip_prefix(&root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file).expect("read");
        let mods = crate_modules(&text);
        if rel.starts_with("commands/")
            && rel != "commands/mod.rs"
            && (mods.contains("cli") || mods.contains("commands"))
        {
            bad.push(format!(
                "src/{rel} imports the dispatcher or another command"
            ));
        }
        if rel.starts_with("render/")
            && (mods.contains("commands") || mods.contains("cli") || mods.contains("apply"))
        {
            bad.push(format!("src/{rel}: a renderer reaches into commands"));
        }
        // Renderers format what they are given: no context (flags, environment), and
        // from the library's operations only their result types, never an operation.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        if rel.starts_with("render/") {
            if mods.contains("context") {
                bad.push(format!("src/{rel}: a renderer reads the context"));
            }
            for name in library_names(code, "cairn_core::ops::") {
                if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    bad.push(format!(
                        "src/{rel}: a renderer calls cairn_core::ops::…::{name}"
                    ));
                }
            }
            if code.contains("std::env::") {
                bad.push(format!("src/{rel}: a renderer reads the environment"));
            }
        }
        // Commands call operations; the analysis is the library's business.
        if rel.starts_with("commands/") && code.contains("cairn_core::analyze") {
            bad.push(format!(
                "src/{rel}: a command reaches past ops into analyze"
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The last segment of every path under `prefix` a file names, in `use` lists too
/// (`cairn_core::ops::show::{Shown, TaskShow}` gives `Shown` and `TaskShow`).
fn library_names(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices(prefix) {
        let rest = &code[i + prefix.len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let after = &rest[path.len()..];
        if let Some(list) = after.strip_prefix('{') {
            let list = &list[..list.find('}').unwrap_or(0)];
            for part in list.split(',') {
                let name = part.trim().rsplit("::").next().unwrap_or("").trim();
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != "self" {
                    out.push(name);
                }
            }
        } else if let Some(last) = path.trim_end_matches(':').rsplit("::").next() {
            // A module path ending in a module (`ops::import::session::Findings` is whole).
            out.push(last.to_owned());
        }
    }
    out
}

/// The rule holds: a renderer that called an operation would be caught.
#[test]
fn the_renderer_rule_sees_calls_and_lets_types_through() {
    let names = library_names(
        "use cairn_core::ops::show::{Shown, TaskShow};\nlet x = cairn_core::ops::list::tasks(&ws);",
        "cairn_core::ops::",
    );
    assert_eq!(names, ["Shown", "TaskShow", "tasks"]);
}
