//! `cairn recur`: instances of a recurring task, named by template and date, so two
//! branches that create them create the same files and git merges them as one (the trap
//! of tools that mint a new id per instance, taskwarrior #1538).

use crate::support::{cairn, git, run, write};

const TEMPLATE: &str = "---\nid: T-40\ntitle: Weekly status report\nstatus: todo\nproject: ops\nassignee: alice\nestimate: 1h\ntags: [report]\nrecur: weekly on mon\n---\nWrite it on Monday morning.\n\n- [x] Update the burn-up\n- [ ] Send it to the client\n";

fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(
        root,
        "cairn.yaml",
        "name: Ops\npeople:\n  alice:\n    name: Alice\n",
    );
    write(
        root,
        "projects/ops.md",
        "---\nid: ops\ntitle: Operations\n---\n",
    );
    write(root, "tasks/ops/T-40-weekly-status-report.md", TEMPLATE);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "A weekly report"]);
    tmp
}

#[test]
fn instances_are_ordinary_tasks_named_by_template_and_date() {
    let tmp = workspace();
    let root = tmp.path();
    // Today is Saturday 2026-11-28: four Mondays in the next four weeks.
    let out = run(cairn(root).args(["recur"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "tasks/ops/T-40@2026-11-30-weekly-status-report.md\ntasks/ops/T-40@2026-12-07-weekly-status-report.md\ntasks/ops/T-40@2026-12-14-weekly-status-report.md\ntasks/ops/T-40@2026-12-21-weekly-status-report.md\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("tasks/ops/T-40@2026-12-07-weekly-status-report.md"))
            .unwrap(),
        "---\nid: T-40@2026-12-07\ntitle: Weekly status report\nstatus: todo\nproject: ops\nassignee: alice\nestimate: 1h\ntags: [report]\ndue: 2026-12-07\n---\n- [ ] Update the burn-up\n- [ ] Send it to the client\n"
    );
    // They are tasks like any other: listed, forecast, checked; the template is not work.
    let plan = run(cairn(root).args(["plan", "--format", "json"]));
    let j: serde_json::Value = serde_json::from_str(&plan.stdout).unwrap();
    let ids: Vec<&str> = j["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert!(ids.contains(&"T-40@2026-11-30"), "{ids:?}");
    assert!(
        !ids.contains(&"T-40"),
        "the template is not scheduled: {ids:?}"
    );
    let check = run(cairn(root).args(["check"]));
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(!check.stdout.contains("recur-missing"));
    // Again: nothing to do. Further ahead: only the new ones.
    let out = run(cairn(root).args(["recur"]));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("every instance due by 2026-12-26 is there")
    );
    let out = run(cairn(root).args(["recur", "T-40", "--until", "2027-01-04"]));
    assert_eq!(
        out.stdout,
        "tasks/ops/T-40@2026-12-28-weekly-status-report.md\ntasks/ops/T-40@2027-01-04-weekly-status-report.md\n"
    );
    let out = run(cairn(root).args(["recur", "T-1"]));
    assert_eq!(out.code, 2);
}

#[test]
fn two_branches_that_run_recur_merge_without_duplicates() {
    let tmp = workspace();
    let root = tmp.path();
    git(root, &["checkout", "-q", "-b", "a"]);
    assert_eq!(run(cairn(root).args(["recur"])).code, 0);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "recur on a"]);
    git(root, &["checkout", "-q", "main"]);
    // Main looks a week further ahead.
    assert_eq!(run(cairn(root).args(["recur", "--until", "+5w"])).code, 0);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "recur on main"]);
    git(root, &["merge", "-q", "--no-edit", "a"]);
    let files: Vec<String> = std::fs::read_dir(root.join("tasks/ops"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1 + 5, "{files:?}");
    let check = run(cairn(root).args(["check", "--format", "json"]));
    assert!(!check.stdout.contains("duplicate-id"), "{}", check.stdout);
}
