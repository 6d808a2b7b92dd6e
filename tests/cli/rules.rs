//! Data-driven rule fixtures: each folder under `tests/fixtures/rules/` is a workspace, and
//! its `expected.txt` lists every finding `cairn check` must report for it (severity,
//! rule, file:line:col, message). Adding a case is adding a folder; run with
//! `UPDATE_EXPECT=1` to write the file for a new case, then read it before committing.

use crate::support::{check_json, diagnostic_lines, repo_path};
use std::collections::BTreeSet;

#[test]
fn every_fixture_reports_exactly_its_expected_findings() {
    let root = repo_path("tests/fixtures/rules");
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    for dir in names {
        cases += 1;
        let (code, report) = check_json(&dir);
        let lines = diagnostic_lines(&report);
        let errors = report["summary"]["errors"].as_u64().unwrap_or(0);
        assert_eq!(
            code,
            i32::from(errors > 0),
            "exit code of {}",
            dir.display()
        );
        let actual = lines.join("\n") + "\n";
        let expected_path = dir.join("expected.txt");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(cases > 20, "fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_failing_fixture() {
    let root = repo_path("tests/fixtures/rules");
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&root).expect("fixtures") {
        let path = entry.expect("entry").path().join("expected.txt");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for line in text.lines() {
            if let Some(rule) = line.split(' ').nth(1) {
                seen.insert(rule.to_owned());
            }
        }
    }
    // path-escape and unreadable symlink cases need symlinks, made in `bad_input`.
    // invalid-transition and id-collision compare two git revisions: their failing cases
    // are in `review` (tests/cli/review.rs).
    let runtime_only = ["path-escape", "invalid-transition", "id-collision"];
    let missing: Vec<&str> = cairn_core::diag::Rule::ALL
        .iter()
        .map(|r| r.name())
        .filter(|n| !seen.contains(*n) && !runtime_only.contains(n))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn the_clean_fixture_is_clean() {
    let (code, report) = check_json(&repo_path("tests/fixtures/rules/clean"));
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
}

/// docs/format.md lists every rule with its default level and description, exactly as the
/// code has them (`cairn check --list-rules` prints the same table).
#[test]
fn the_rules_table_in_the_docs_matches_the_code() {
    let docs = std::fs::read_to_string(repo_path("docs/format.md")).expect("docs");
    let mut table = String::from("| Rule | Default | Catches |\n|---|---|---|\n");
    for rule in cairn_core::diag::Rule::ALL {
        let level = match rule.default_level() {
            cairn_core::diag::Level::Error => "error",
            cairn_core::diag::Level::Warning => "warning",
            cairn_core::diag::Level::Off => "off",
        };
        table.push_str(&format!(
            "| `{}` | {level} | {} |\n",
            rule.name(),
            rule.description()
        ));
    }
    assert!(
        docs.contains(&table),
        "docs/format.md's rules table differs from the code; it should read:\n{table}"
    );
}
