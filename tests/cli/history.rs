//! `cairn history` over a scripted sequence of commits with known dates, so cycle and lead
//! times are known to the tenth of a day.

use crate::support::{cairn, git_at, run};
use std::path::Path;

fn task(root: &Path, id: &str, status: &str) {
    let path = root.join(format!("plan/tasks/{id}-work.md"));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        path,
        format!(
            "---\nid: {id}\ntitle: Work {id}\nstatus: {status}\nproject: web\nestimate: 1d\n---\n"
        ),
    )
    .expect("write");
}

fn commit(root: &Path, when: &str) {
    git_at(root, &["add", "-A"], when);
    git_at(root, &["commit", "-q", "-m", when], when);
}

#[test]
fn history_measures_flow_and_cycle_times_from_commit_dates() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-01T10:00:00Z");
    std::fs::create_dir_all(root.join("plan")).expect("mkdir");
    std::fs::write(root.join("plan/cairn.yaml"), "name: History\n").expect("write");
    std::fs::create_dir_all(root.join("plan/projects")).expect("mkdir");
    std::fs::write(
        root.join("plan/projects/web.md"),
        "---\nid: web\ntitle: Web\n---\n",
    )
    .expect("write");
    task(root, "T-1", "todo");
    task(root, "T-2", "todo");
    commit(root, "2026-11-02T10:00:00Z");
    task(root, "T-1", "doing");
    commit(root, "2026-11-03T10:00:00Z");
    task(root, "T-1", "done");
    commit(root, "2026-11-05T10:00:00Z");
    task(root, "T-2", "doing");
    task(root, "T-3", "todo");
    commit(root, "2026-11-06T10:00:00Z");
    task(root, "T-2", "done");
    commit(root, "2026-11-10T10:00:00Z");
    task(root, "T-3", "doing");
    commit(root, "2026-11-11T10:00:00Z");
    // An unrelated commit changes nothing in tasks/.
    std::fs::write(root.join("README.md"), "code\n").expect("write");
    commit(root, "2026-11-12T10:00:00Z");

    let plan = root.join("plan");
    let args = [
        "history",
        "--since",
        "2026-11-02",
        "--until",
        "2026-11-15",
        "--format",
        "json",
    ];
    let out = run(cairn(&plan).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["version"], 1);
    let weeks = v["intervals"].as_array().expect("intervals");
    assert_eq!(weeks.len(), 2);
    assert_eq!(weeks[0]["end"], "2026-11-08");
    assert_eq!(weeks[0]["scope_count"], 3);
    assert_eq!(weeks[0]["done_count"], 1);
    assert_eq!(weeks[0]["throughput"], 1);
    assert_eq!(weeks[0]["by_status"]["todo"], 1);
    assert_eq!(weeks[0]["by_status"]["doing"], 1);
    assert_eq!(weeks[1]["end"], "2026-11-15");
    assert_eq!(weeks[1]["done_count"], 2);
    assert_eq!(weeks[1]["done_hours"], 16.0);
    assert_eq!(weeks[1]["scope_hours"], 24.0);
    assert_eq!(weeks[1]["throughput"], 1);
    assert_eq!(weeks[1]["by_status"]["doing"], 1);
    let cycle = &v["cycle_time"];
    assert_eq!(cycle["count"], 2);
    assert_eq!(cycle["p50_days"], 2.0);
    assert_eq!(cycle["p85_days"], 4.0);
    assert_eq!(cycle["max_days"], 4.0);
    assert_eq!(cycle["slowest"][0]["id"], "T-2");
    let lead = &v["lead_time"];
    assert_eq!(lead["p50_days"], 3.0);
    assert_eq!(lead["max_days"], 8.0);
    assert_eq!(v["aging"][0]["id"], "T-3");
    assert_eq!(v["aging"][0]["active_days"], 4.6);
    // Each blob is parsed once: 8 distinct task file versions.
    assert_eq!(v["blobs_parsed"], 8);

    // Daily intervals and the other formats.
    let out = run(cairn(&plan).args([
        "history",
        "--since",
        "2026-11-02",
        "--until",
        "2026-11-15",
        "--interval",
        "day",
        "--format",
        "csv",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 15, "header + 14 days");
    assert!(
        lines[0].starts_with(
            "end,scope_count,scope_hours,done_count,done_hours,throughput,status_todo"
        )
    );
    assert!(
        lines[4].starts_with("2026-11-05,2,16,1,8,1,"),
        "{}",
        lines[4]
    );
    let out = run(cairn(&plan).args([
        "history",
        "--since",
        "2026-11-02",
        "--until",
        "2026-11-15",
        "--format",
        "mermaid",
    ]));
    assert!(
        out.stdout.starts_with("```mermaid\nxychart-beta\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("| 2026-11-15 | 3 | 2 | 1 |"),
        "{}",
        out.stdout
    );
    let out = run(cairn(&plan).args(["history", "--since", "2026-11-02", "--until", "2026-11-15"]));
    assert!(
        out.stdout
            .contains("cycle time (days, 2 tasks): p50 2, p85 4, max 4"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("T-3 Work T-3 (doing, active 4.6 days)"),
        "{}",
        out.stdout
    );

    // status: two tasks finished in the last 4 weeks (to 2026-11-28), one is open.
    let out = run(cairn(&plan).args(["status", "--pace-weeks", "4"]));
    assert!(
        out.stdout.contains(
            "pace: at the last 4 weeks' pace (0.5 finished a week), the 1 open task finishes around 2026-12-12"
        ),
        "{}",
        out.stdout
    );
    let out = run(cairn(&plan).args(["status", "--format", "json", "--pace-weeks", "4"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["projects"][0]["pace"]["finished"], 2);
    assert_eq!(v["projects"][0]["pace"]["finish"], "2026-12-12");
    let out = run(cairn(&plan).args(["status", "--pace-weeks", "0"]));
    assert!(!out.stdout.contains("pace:"), "{}", out.stdout);
}

#[test]
fn an_absurd_range_is_refused_quickly() {
    let tmp = tempfile::tempdir().expect("tmp");
    git_at(
        tmp.path(),
        &["init", "-q", "-b", "main"],
        "2026-11-01T10:00:00Z",
    );
    std::fs::write(tmp.path().join("cairn.yaml"), "name: Range\n").expect("write");
    git_at(tmp.path(), &["add", "-A"], "2026-11-01T10:00:00Z");
    git_at(
        tmp.path(),
        &["commit", "-q", "-m", "x"],
        "2026-11-01T10:00:00Z",
    );
    let out = run(cairn(tmp.path()).args([
        "history",
        "--since",
        "0001-01-01",
        "--until",
        "9999-12-31",
        "--interval",
        "day",
    ]));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("--interval week"), "{}", out.stderr);
}

#[test]
fn history_outside_git_is_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("cairn.yaml"), "name: No git\n").expect("write");
    let out = run(cairn(tmp.path()).arg("history"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not inside a git repository"),
        "{}",
        out.stderr
    );
}

#[test]
fn aging_work_ties_sort_by_id_number() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-01T10:00:00Z");
    std::fs::create_dir_all(root.join("plan")).expect("mkdir");
    std::fs::write(root.join("plan/cairn.yaml"), "name: History\n").expect("write");
    std::fs::create_dir_all(root.join("plan/projects")).expect("mkdir");
    std::fs::write(
        root.join("plan/projects/web.md"),
        "---\nid: web\ntitle: Web\n---\n",
    )
    .expect("write");
    for id in ["T-42", "T-9", "T-100"] {
        task(root, id, "todo");
    }
    commit(root, "2026-11-02T10:00:00Z");
    for id in ["T-42", "T-9", "T-100"] {
        task(root, id, "doing");
    }
    commit(root, "2026-11-03T10:00:00Z");
    let out = run(cairn(&root.join("plan")).args([
        "history",
        "--since",
        "2026-11-01",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let order: Vec<&str> = v["aging"]
        .as_array()
        .expect("aging")
        .iter()
        .map(|a| a["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(order, ["T-9", "T-42", "T-100"]);
}
