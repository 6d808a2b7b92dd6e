//! The edit commands: whole files compared before and after, so anything but the intended
//! lines changing fails the test.

use crate::support::{cairn, run};
use std::path::Path;

const T1: &str = "---\n# Owned by the web team.\nid: T-1\ntitle: \"Hero: video fallback\"\nstatus: todo   # agreed in the sync\nassignee: alice\npriority: normal\nestimate: 2d\ntags:\n  - web\n  - legacy\n---\nDescription.\n\n- [ ] Encode\n- [ ] Poster frame\n\n---\n\nA thematic break above, not front matter.\n";

const T2: &str = "---\r\nid: T-2\r\ntitle: Second\r\nstatus: doing\r\nassignee: [alice, bob]\r\ndepends_on: [T-1]\r\nprogress: 40\r\n---\r\nBody.\r\n";

fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    std::fs::write(
        root.join("cairn.yaml"),
        "name: Edits\npeople:\n  alice:\n    name: Alice\n  bob:\n    name: Bob\n",
    )
    .expect("write");
    std::fs::create_dir_all(root.join("tasks")).expect("mkdir");
    std::fs::write(root.join("tasks/T-1-hero.md"), T1).expect("write");
    std::fs::write(root.join("tasks/T-2-second.md"), T2).expect("write");
    tmp
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("read")
}

fn ok(root: &Path, args: &[&str]) -> String {
    let out = run(cairn(root).args(args));
    assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
    out.stdout
}

#[test]
fn done_and_reopen_change_only_the_status_and_closed_lines() {
    let tmp = workspace();
    let root = tmp.path();
    ok(root, &["done", "T-1"]);
    assert_eq!(
        read(root, "tasks/T-1-hero.md"),
        T1.replace(
            "status: todo   # agreed in the sync\n",
            "status: done   # agreed in the sync\nclosed: 2026-11-28\n"
        )
    );
    ok(root, &["reopen", "T-1"]);
    assert_eq!(read(root, "tasks/T-1-hero.md"), T1);
    ok(root, &["start", "T-2"]);
    assert_eq!(
        read(root, "tasks/T-2-second.md"),
        T2,
        "already doing: untouched"
    );
}

#[test]
fn a_no_op_edit_does_not_touch_the_file() {
    let tmp = workspace();
    let root = tmp.path();
    let path = root.join("tasks/T-2-second.md");
    let before = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = run(cairn(root).args(["assign", "T-2", "bob"]));
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("nothing to change"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let after = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
}

#[test]
fn crlf_and_flow_lists_survive_assign_set_and_depend() {
    let tmp = workspace();
    let root = tmp.path();
    ok(root, &["unassign", "T-2", "bob"]);
    ok(
        root,
        &[
            "set",
            "T-2",
            "due=2026-12-20",
            "estimate=3d",
            "--unset",
            "progress",
        ],
    );
    ok(root, &["depend", "T-2", "on", "T-1", "--remove"]);
    assert_eq!(
        read(root, "tasks/T-2-second.md"),
        "---\r\nid: T-2\r\ntitle: Second\r\nstatus: doing\r\nassignee: [alice]\r\nestimate: 3d\r\ndue: 2026-12-20\r\n---\r\nBody.\r\n"
    );
}

#[test]
fn tags_comments_and_checklists() {
    let tmp = workspace();
    let root = tmp.path();
    ok(root, &["tag", "T-1", "+hero", "-legacy"]);
    ok(root, &["tick", "T-1", "2"]);
    ok(
        root,
        &["comment", "T-1", "Can we reuse the poster?", "--as", "bob"],
    );
    let expected = T1
        .replace("  - legacy\n", "  - hero\n")
        .replace("- [ ] Poster frame", "- [x] Poster frame")
        + "\n## Discussion\n\n- 2026-11-28 @bob: Can we reuse the poster?\n";
    assert_eq!(read(root, "tasks/T-1-hero.md"), expected);
    // The result is a valid workspace and the comment is a discussion entry.
    let out = run(cairn(root).args(["show", "T-1", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["task"]["body"]["discussion"][0]["author"], "bob");
    let out = run(cairn(root).args(["tick", "T-1", "9"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("has 2 checklist items"),
        "{}",
        out.stderr
    );
}

#[test]
fn edits_that_break_the_plan_are_refused_and_leave_the_file() {
    let tmp = workspace();
    let root = tmp.path();
    // An impossible date is refused before anything is read further (exit 2).
    let out = run(cairn(root).args(["set", "T-1", "due=2026-02-30"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("`due`: "), "{}", out.stderr);
    // A cycle, a status not in the workflow.
    for args in [
        vec!["depend", "T-1", "on", "T-2"],
        vec!["set", "T-1", "status=doign"],
    ] {
        let out = run(cairn(root).args(&args));
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("refused"), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("error["),
            "the finding is shown: {}",
            out.stderr
        );
        assert_eq!(read(root, "tasks/T-1-hero.md"), T1, "{args:?}");
    }
    // An unknown person named on the command line is a usage error, with a suggestion.
    let out = run(cairn(root).args(["assign", "T-1", "mallory"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no person `mallory`"), "{}", out.stderr);
    assert_eq!(read(root, "tasks/T-1-hero.md"), T1);
    let out = run(cairn(root).args(["set", "T-1", "colour=red"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown field `colour`"),
        "{}",
        out.stderr
    );
    let out = run(cairn(root).args(["done", "T-9"]));
    assert_eq!(out.code, 2);
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let tmp = workspace();
    let root = tmp.path();
    let out = ok(root, &["done", "T-1", "--dry-run"]);
    assert_eq!(
        out,
        "diff --git a/tasks/T-1-hero.md b/tasks/T-1-hero.md\n--- a/tasks/T-1-hero.md\n+++ b/tasks/T-1-hero.md\n@@ -2,7 +2,8 @@\n # Owned by the web team.\n id: T-1\n title: \"Hero: video fallback\"\n-status: todo   # agreed in the sync\n+status: done   # agreed in the sync\n+closed: 2026-11-28\n assignee: alice\n priority: normal\n estimate: 2d\n"
    );
    assert_eq!(read(root, "tasks/T-1-hero.md"), T1);
}

#[test]
fn decide_and_supersede_edit_both_records() {
    let tmp = workspace();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("decisions")).expect("mkdir");
    let d1 = "---\nid: D-1\ntitle: Host\nstatus: accepted\ndate: 2026-10-01\ncriteria:\n  cost: 2\noptions:\n  - name: VPS\n    scores: {cost: 5}\nchosen: VPS\n---\nWhy.\n";
    let d2 = "---\nid: D-2\ntitle: Host again\nstatus: proposed\ndate: 2026-11-01\ncriteria:\n  cost: 2\n  ease: 1\noptions:\n  - name: VPS\n    scores: {cost: 5, ease: 1}\n  - name: Vercel\n    scores: {cost: 3, ease: 5}\n---\n";
    std::fs::write(root.join("decisions/D-1-host.md"), d1).expect("write");
    std::fs::write(root.join("decisions/D-2-host-again.md"), d2).expect("write");
    let out = run(cairn(root).args(["decide", "D-2", "--choose", "Netlify"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("its options: VPS, Vercel"),
        "{}",
        out.stderr
    );
    ok(root, &["decide", "D-2", "--choose", "Vercel"]);
    ok(root, &["supersede", "D-1", "--by", "D-2"]);
    assert_eq!(
        read(root, "decisions/D-1-host.md"),
        d1.replace("status: accepted", "status: superseded")
    );
    assert_eq!(
        read(root, "decisions/D-2-host-again.md"),
        d2.replace(
            "status: proposed\ndate: 2026-11-01\n",
            "status: accepted\ndate: 2026-11-28\nsupersedes: D-1\n"
        )
        .replace(
            "    scores: {cost: 3, ease: 5}\n---\n",
            "    scores: {cost: 3, ease: 5}\nchosen: Vercel\n---\n"
        )
    );
    let (code, report) = crate::support::check_json(root);
    assert_eq!(code, 0, "{report}");
    // VPS and Vercel both score 11 (unnormalized): any weight change decides it.
    let out = run(cairn(root).args(["show", "D-2", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(v["sensitivity"].is_object(), "{v}");
}

#[test]
fn promote_turns_an_action_item_into_a_linked_task() {
    let tmp = workspace();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("meetings")).expect("mkdir");
    std::fs::create_dir_all(root.join("projects")).expect("mkdir");
    std::fs::write(
        root.join("projects/web.md"),
        "---\nid: web\ntitle: Web\n---\n",
    )
    .expect("w");
    let notes = "---\ntitle: Sync\ndate: 2026-11-27\nproject: web\nattendees: [alice, bob]\n---\n## Actions\n\n- [ ] @bob Book the VPS due:2026-12-02\n- [ ] @alice Check T-1 with the client\n";
    std::fs::write(root.join("meetings/2026-11-27-sync.md"), notes).expect("write");
    let out = ok(root, &["actions", "--person", "bob", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["actions"].as_array().map(Vec::len), Some(1));

    ok(
        root,
        &["promote", "2026-11-27-sync", "1", "--estimate", "2h"],
    );
    let task = read(root, "tasks/web/T-3-book-the-vps.md");
    for line in [
        "id: T-3",
        "title: Book the VPS",
        "project: web",
        "assignee: bob",
        "estimate: 2h",
        "due: 2026-12-02",
    ] {
        assert!(task.contains(line), "{line} in {task}");
    }
    assert_eq!(
        read(root, "meetings/2026-11-27-sync.md"),
        notes.replace("due:2026-12-02\n", "due:2026-12-02 T-3\n")
    );
    // Promoting twice is refused; finishing the task and not the item is a warning.
    let out = run(cairn(root).args(["promote", "2026-11-27-sync", "1"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("already references T-3"),
        "{}",
        out.stderr
    );
    ok(root, &["done", "T-3"]);
    let (_, report) = crate::support::check_json(root);
    assert!(
        report.to_string().contains("action-task-mismatch"),
        "{report}"
    );
    ok(root, &["action", "done", "2026-11-27-sync", "1"]);
    let (_, report) = crate::support::check_json(root);
    assert!(
        !report.to_string().contains("action-task-mismatch"),
        "{report}"
    );
    assert!(read(root, "meetings/2026-11-27-sync.md").contains("- [x] @bob Book the VPS"));
}

#[test]
fn move_changes_project_and_folder_and_new_decision_supersedes() {
    let tmp = workspace();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("projects")).expect("mkdir");
    std::fs::write(
        root.join("projects/web.md"),
        "---\nid: web\ntitle: Web\nmilestones:\n  - id: beta\n    title: Beta\n---\n",
    )
    .expect("w");
    std::fs::write(
        root.join("projects/site.md"),
        "---\nid: site\ntitle: Site\nmilestones:\n  - id: m1\n    title: M1\n---\n",
    )
    .expect("w");
    ok(root, &["set", "T-1", "project=web", "milestone=beta"]);
    let out = run(cairn(root).args(["move", "T-1", "--project", "site", "--milestone", "nope"]));
    assert_eq!(
        out.code, 2,
        "an unknown milestone is a usage error: {}",
        out.stderr
    );
    assert!(root.join("tasks/T-1-hero.md").exists());
    ok(
        root,
        &["move", "T-1", "--project", "site", "--milestone", "m1"],
    );
    assert!(!root.join("tasks/T-1-hero.md").exists());
    let moved = read(root, "tasks/site/T-1-hero.md");
    assert_eq!(
        moved,
        // `set` put project and milestone where they belong in the key order.
        T1.replace(
            "status: todo   # agreed in the sync\n",
            "status: todo   # agreed in the sync\nproject: site\nmilestone: m1\n"
        )
    );
    let (code, report) = crate::support::check_json(root);
    assert_eq!(code, 0, "{report}");

    std::fs::create_dir_all(root.join("decisions")).expect("mkdir");
    std::fs::write(
        root.join("decisions/D-1-host.md"),
        "---\nid: D-1\ntitle: Host\nstatus: accepted\ndate: 2026-10-01\n---\n",
    )
    .expect("w");
    let out = ok(
        root,
        &[
            "new",
            "decision",
            "Host somewhere else",
            "--supersedes",
            "D-1",
        ],
    );
    assert!(
        out.contains("decisions/D-2-host-somewhere-else.md"),
        "{out}"
    );
    assert!(read(root, "decisions/D-1-host.md").contains("status: superseded\n"));
    assert!(read(root, "decisions/D-2-host-somewhere-else.md").contains("supersedes: D-1\n"));
    let (code, report) = crate::support::check_json(root);
    assert_eq!(code, 0, "{report}");
}
