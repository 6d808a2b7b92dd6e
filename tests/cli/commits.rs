//! Tasks linked to the commits that did them: `show` lists the commits that mention a
//! task, `sync-commits` marks done what the main line closes with a keyword, on a real
//! git history with reverts, a merged pull request and mentions that close nothing.

use crate::support::{cairn, git_at, json, run, write};
use std::path::Path;

fn task(root: &Path, n: u32, status: &str) {
    write(
        root,
        &format!("tasks/T-{n}-t.md"),
        &format!("---\nid: T-{n}\ntitle: Task {n}\nstatus: {status}\n---\n"),
    );
}

/// main: plan, `Closes T-1`, `Refs T-2`, `Fixes T-3` and its revert, a branch with
/// `Done T-4` merged as pull request #7, `Closes T-9` (no such task), `Fixes T-5` (done).
fn history() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(root, "cairn.yaml", "name: Commits\n");
    for n in 1..=4 {
        task(root, n, "todo");
    }
    task(root, 5, "done");
    let g = |args: &[&str], when: &str| git_at(root, args, when);
    g(&["init", "-q", "-b", "main"], "2026-11-02T10:00:00Z");
    g(&["add", "-A"], "2026-11-02T10:00:00Z");
    g(&["commit", "-qm", "plan"], "2026-11-02T10:00:00Z");
    let change = |file: &str, msg: &str, when: &str| {
        write(root, file, when);
        g(&["add", "-A"], when);
        g(&["commit", "-qm", msg], when);
    };
    change(
        "src/a.txt",
        "Header and footer\n\nCloses T-1",
        "2026-11-03T10:00:00Z",
    );
    change(
        "src/b.txt",
        "Refs T-2: half of the footer",
        "2026-11-04T10:00:00Z",
    );
    let since = g(&["rev-parse", "HEAD"], "2026-11-04T10:00:00Z")
        .trim()
        .to_owned();
    change("src/c.txt", "Fixes T-3", "2026-11-05T10:00:00Z");
    g(&["revert", "--no-edit", "HEAD"], "2026-11-06T10:00:00Z");
    g(&["checkout", "-q", "-b", "t4"], "2026-11-07T10:00:00Z");
    change(
        "src/d.txt",
        "Search box\n\nDone T-4",
        "2026-11-07T10:00:00Z",
    );
    g(&["checkout", "-q", "main"], "2026-11-09T10:00:00Z");
    g(
        &[
            "merge",
            "--no-ff",
            "-q",
            "-m",
            "Merge pull request #7 from acme/t4",
            "t4",
        ],
        "2026-11-09T10:00:00Z",
    );
    change("src/e.txt", "Closes T-9", "2026-11-10T10:00:00Z");
    change("src/f.txt", "Fixes T-5", "2026-11-11T10:00:00Z");
    (tmp, since)
}

#[test]
fn sync_commits_marks_done_what_the_main_line_closes() {
    let (ws, since) = history();
    let root = ws.path();
    let out = run(cairn(root).args(["sync-commits"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // T-1 from its commit's day, T-4 from the merge's; T-3 was reverted, T-2 only
    // mentioned, T-9 unknown, T-5 already done.
    let lines: Vec<&str> = out.stderr.lines().map(|l| &l[8..]).collect();
    assert_eq!(
        lines,
        [
            "2026-11-03 closes T-1: Header and footer",
            "2026-11-09 #7 closes T-4: Search box",
            "2026-11-10 names an unknown task T-9: Closes T-9",
            "2026-11-11 closes (already done) T-5: Fixes T-5",
        ],
        "{}",
        out.stderr
    );
    assert!(
        out.stdout
            .contains("-status: todo\n+status: done\n+closed: 2026-11-03\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("+closed: 2026-11-09\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("T-3"), "{}", out.stdout);
    // A dry run writes nothing, and its diff applies.
    assert!(
        std::fs::read_to_string(root.join("tasks/T-1-t.md"))
            .unwrap()
            .contains("status: todo")
    );
    let applied = std::process::Command::new("git")
        .current_dir(root)
        .args(["apply", "--check", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            std::io::Write::write_all(&mut c.stdin.take().unwrap(), out.stdout.as_bytes())?;
            c.wait()
        })
        .unwrap();
    assert!(applied.success());
    // JSON: the edit with the closings.
    let j = json(&run(cairn(root).args(["sync-commits", "--format", "json"])).stdout);
    let states: Vec<(&str, &str)> = j["closings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["task"].as_str().unwrap(), c["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            ("T-1", "closes"),
            ("T-4", "closes"),
            ("T-9", "unknown"),
            ("T-5", "done")
        ]
    );
    assert_eq!(j["closings"][1]["pull_request"], 7);
    assert_eq!(j["written"], false);
    // --since: only what came after.
    let j = json(
        &run(cairn(root).args(["sync-commits", "--format", "json", "--since", &since])).stdout,
    );
    let tasks: Vec<&str> = j["closings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["task"].as_str().unwrap())
        .collect();
    assert_eq!(tasks, ["T-4", "T-9", "T-5"]);
    // --apply writes; a second run has nothing left to do.
    let out = run(cairn(root).args(["sync-commits", "--apply", "-q"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let t1 = std::fs::read_to_string(root.join("tasks/T-1-t.md")).unwrap();
    assert!(t1.contains("status: done\nclosed: 2026-11-03\n"), "{t1}");
    let j = json(&run(cairn(root).args(["sync-commits", "--format", "json"])).stdout);
    assert_eq!(j["changed"], false);
}

#[test]
fn show_lists_the_commits_that_mention_a_task() {
    let (ws, _) = history();
    let root = ws.path();
    let j = json(&run(cairn(root).args(["show", "T-4", "--format", "json"])).stdout);
    let commits = j["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 1, "{commits:?}");
    assert_eq!(commits[0]["summary"], "Search box");
    assert_eq!(commits[0]["closes"], true);
    assert_eq!(commits[0]["date"], "2026-11-07");
    // A mention is listed too, newest first; the revert mentions T-3 in its title.
    let j = json(&run(cairn(root).args(["show", "T-3", "--format", "json"])).stdout);
    let summaries: Vec<&str> = j["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["Revert \"Fixes T-3\"", "Fixes T-3"]);
    let text = run(cairn(root).args(["show", "T-2"])).stdout;
    assert!(
        text.contains("Refs T-2: half of the footer (Test)"),
        "{text}"
    );
    // Outside git: no commits, no error.
    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "cairn.yaml", "name: Plain\n");
    task(plain.path(), 1, "todo");
    let j = json(&run(cairn(plain.path()).args(["show", "T-1", "--format", "json"])).stdout);
    assert_eq!(j["commits"], serde_json::json!([]));
}
