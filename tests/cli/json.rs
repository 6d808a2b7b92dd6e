//! docs/json.md holds the JSON the commands print: every key a command prints (at the top
//! and in the first element of each list, two levels down) is named in the section of
//! docs/json.md that documents the command, and the section names the command.

use crate::support::{cairn, copy_dir, git, repo_path, run};
use std::collections::BTreeSet;

/// The text of the section of docs/json.md whose heading starts with `heading`, up to the
/// next heading of the same or a higher level.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("docs/json.md has no section `{heading}`"));
    let level = heading.chars().take_while(|c| *c == '#').count();
    let rest = &doc[start + 1..];
    // Up to the first heading at this level or higher (deeper ones belong to it).
    let mut at = 1;
    while let Some(i) = rest[at..].find("\n#") {
        let i = at + i;
        if rest[i + 1..].chars().take_while(|c| *c == '#').count() <= level {
            return &rest[..i];
        }
        at = i + 1;
    }
    rest
}

/// Keys of `v`: its own, and those of the objects in it two levels down (the first
/// element of a list standing for all).
fn keys(v: &serde_json::Value, depth: usize, out: &mut BTreeSet<String>) {
    if depth == 0 {
        return;
    }
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                keys(x, depth - 1, out);
            }
        }
        serde_json::Value::Array(a) => {
            if let Some(first) = a.first() {
                keys(first, depth, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_key_a_command_prints_is_documented() {
    let doc = std::fs::read_to_string(repo_path("docs/json.md")).expect("docs/json.md");
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    copy_dir(&repo_path("examples"), &ws);
    git(&ws, &["init", "-q", "-b", "main"]);
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "plan"]);
    // A second commit that slips a milestone, for `review`'s forecast changes.
    let set = run(cairn(&ws).args(["set", "T-10", "estimate=10d"]));
    assert_eq!(set.code, 0, "{}", set.stderr);
    git(&ws, &["commit", "-qam", "slip"]);
    let cases: &[(&str, &[&str])] = &[
        ("## `cairn check", &["check"]),
        ("## Edits with", &["done", "T-11", "--dry-run"]),
        ("## `cairn list", &["list", "tasks"]),
        ("## `cairn list", &["list", "meetings"]),
        ("## `cairn list", &["list", "decisions"]),
        ("## `cairn list", &["list", "projects"]),
        ("## `cairn list", &["list", "actions"]),
        ("## `cairn list", &["list", "people"]),
        ("## `cairn search", &["search", "menu"]),
        ("## `cairn board", &["board"]),
        ("## `cairn show", &["show", "T-11"]),
        ("## `cairn show", &["show", "D-3"]),
        ("## `cairn show", &["show", "website"]),
        ("## `cairn show", &["show", "2026-11-23-weekly-sync"]),
        ("## `cairn show", &["show", "dan"]),
        (
            "## `cairn status",
            &["status", "--confidence", "--samples", "20"],
        ),
        (
            "## `cairn plan",
            &["plan", "--confidence", "--samples", "20"],
        ),
        ("## `cairn workload", &["workload"]),
        (
            "## `cairn review",
            &[
                "review",
                "HEAD~1",
                "HEAD",
                "--confidence",
                "--samples",
                "20",
            ],
        ),
        ("## `cairn history --format", &["history"]),
        ("## `cairn digest", &["digest", "--since", "HEAD~1"]),
        ("## `cairn timesheet", &["timesheet"]),
        (
            "## `cairn inbox",
            &["inbox", "--as", "dan", "--since", "2026-11-01"],
        ),
        ("## `cairn history --velocity", &["history", "--velocity"]),
        (
            "## `cairn history --accuracy",
            &["history", "--accuracy", "--samples", "10"],
        ),
    ];
    let mut missing = Vec::new();
    for (heading, args) in cases {
        let out = run(cairn(&ws).args(*args).args(["--format", "json"]));
        assert!(out.code <= 1, "{args:?}: {}", out.stderr);
        let v: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?} prints JSON ({e}): {}", out.stdout));
        assert_eq!(v["version"], 1, "{args:?} has a top-level version");
        // A section may lean on the shared ones: findings are documented with `check`,
        // the forecast's odds and words with the forecast conventions.
        let mut text = section(&doc, heading).to_owned();
        text.push_str(section(&doc, "## Conventions"));
        text.push_str(section(&doc, "## `cairn check"));
        text.push_str(section(&doc, "## Forecast conventions"));
        let mut found = BTreeSet::new();
        // `history --velocity`'s evidence is keyed by person: data, not fields.
        let depth = if args.contains(&"--velocity") { 2 } else { 3 };
        keys(&v, depth, &mut found);
        for k in found {
            if !(text.contains(&format!("\"{k}\"")) || text.contains(&format!("`{k}`"))) {
                missing.push(format!(
                    "{args:?}: `{k}` is not in docs/json.md's `{heading}`"
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
