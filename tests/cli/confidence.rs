//! Forecasts with odds, from a scripted git history with fixed dates: velocities per
//! person, the P50/P85/P95 dates they give, the at-risk rules they drive, and the backtest.

use crate::support::{cairn, git_at, run, write};
use std::path::Path;

fn task(root: &Path, id: &str, who: &str, status: &str, extra: &str) {
    write(
        root,
        &format!("tasks/{id}-work.md"),
        &format!(
            "---\nid: {id}\ntitle: Work {id}\nstatus: {status}\nproject: web\nmilestone: beta\nassignee: {who}\nestimate: 1d\n{extra}---\n"
        ),
    );
}

fn commit(root: &Path, when: &str) {
    git_at(root, &["add", "-A"], when);
    git_at(root, &["commit", "-q", "-m", when], when);
}

/// Five weeks in which alice takes two working days for each one-day task and bob one:
/// each starts a task on Monday 09:00; bob finishes Tuesday 09:00, alice Wednesday 09:00.
/// Then two open tasks each, in a milestone due 2026-12-15.
fn history() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-10-01T09:00:00Z");
    write(
        root,
        "cairn.yaml",
        "name: Odds\npeople:\n  alice:\n    name: Alice\n  bob:\n    name: Bob\n",
    );
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\ndue: 2026-12-31\nmilestones:\n  - id: beta\n    title: Beta\n    due: 2026-12-15\n---\n",
    );
    commit(root, "2026-10-01T09:00:00Z");
    // Mondays from 2026-10-05.
    let mondays = ["05", "12", "19", "26"];
    let months = ["10", "10", "10", "10"];
    let mut n = 0;
    for (day, month) in mondays.iter().zip(months) {
        for who in ["alice", "bob"] {
            n += 1;
            let id = format!("T-{n}");
            task(root, &id, who, "todo", "");
            commit(root, &format!("2026-{month}-{day}T08:00:00Z"));
        }
    }
    // Starting and finishing, week by week.
    let mut n = 0;
    for (day, month) in mondays.iter().zip(months) {
        let monday: u32 = day.parse().expect("day");
        for who in ["alice", "bob"] {
            n += 1;
            let id = format!("T-{n}");
            task(root, &id, who, "doing", "");
            commit(root, &format!("2026-{month}-{day}T09:00:00Z"));
            let finish = if who == "alice" {
                monday + 2
            } else {
                monday + 1
            };
            task(root, &id, who, "done", "");
            commit(root, &format!("2026-{month}-{finish:02}T09:00:{n:02}Z"));
        }
    }
    // A fifth week the same way, so each has five data points.
    for who in ["alice", "bob"] {
        n += 1;
        let id = format!("T-{n}");
        task(root, &id, who, "doing", "");
        commit(root, &format!("2026-11-02T09:00:{n:02}Z"));
        let finish = if who == "alice" { "04" } else { "03" };
        task(root, &id, who, "done", "");
        commit(root, &format!("2026-11-{finish}T09:00:{n:02}Z"));
    }
    // Open work: two days for each.
    for who in ["alice", "bob"] {
        n += 1;
        task(root, &format!("T-{n}"), who, "todo", "");
        n += 1;
        task(root, &format!("T-{n}"), who, "todo", "");
    }
    commit(root, "2026-11-20T09:00:00Z");
    tmp
}

#[test]
fn velocities_come_from_the_commits_of_each_persons_tasks() {
    let t = history();
    let out = run(cairn(t.path()).args([
        "history",
        "--velocity",
        "--since",
        "2026-10-01",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let person = |name: &str| {
        v["people"]
            .as_array()
            .expect("people")
            .iter()
            .find(|p| p["person"] == name)
            .unwrap_or_else(|| panic!("{name}: {v}"))
            .clone()
    };
    assert_eq!(person("alice")["median"], 0.5);
    assert_eq!(person("alice")["tasks"], 5);
    assert_eq!(person("bob")["median"], 1.0);
    assert_eq!(person("bob")["p90"], 1.0);
    assert_eq!(person("team")["tasks"], 10);
    let out = run(cairn(t.path()).args(["history", "--velocity", "--since", "2026-10-01"]));
    assert!(
        out.stdout.contains("│ alice  ┆ 5     ┆ 0.5"),
        "{}",
        out.stdout
    );
}

#[test]
fn odds_follow_the_evidence_and_are_reproducible() {
    let t = history();
    let plan = |extra: &[&str]| {
        let out = run(cairn(t.path())
            .args(["plan", "--confidence", "--format", "json"])
            .args(extra));
        assert_eq!(out.code, 0, "{}", out.stderr);
        serde_json::from_str::<serde_json::Value>(&out.stdout).expect("json")
    };
    let v = plan(&[]);
    assert_eq!(v["confidence"]["basis"], "own");
    let beta = &v["milestones"][0];
    // Every velocity in the evidence is exact (alice 0.5, bob 1): each sample is the same
    // plan. Alice's two one-day tasks take four days from Monday 2026-11-30 (today is
    // Saturday 2026-11-28): Thursday 2026-12-03, while the single forecast says Tuesday.
    assert_eq!(beta["forecast_finish"], "2026-12-01");
    assert_eq!(beta["p50"], "2026-12-03");
    assert_eq!(beta["p85"], "2026-12-03");
    assert_eq!(beta["p95"], "2026-12-03");
    // Same inputs, same bytes; the seed can be given.
    assert_eq!(plan(&[]), v);
    assert_eq!(
        plan(&["--seed", "7", "--samples", "50"])["milestones"][0]["p85"],
        "2026-12-03"
    );
    // --samples alone asks for odds too; without any of them there are none.
    let out = run(cairn(t.path()).args(["plan", "--samples", "20", "--format", "json"]));
    assert!(out.stdout.contains("\"p85\""), "{}", out.stdout);
    let out = run(cairn(t.path()).args(["plan", "--format", "json"]));
    assert!(!out.stdout.contains("\"p85\""), "{}", out.stdout);
    let out = run(cairn(t.path()).args(["status", "--confidence"]));
    assert!(
        out.stdout
            .contains("50% likely by Dec 3 2026, 85% by Dec 3 2026, 95% by Dec 3 2026"),
        "{}",
        out.stdout
    );
}

#[test]
fn forecast_confidence_makes_the_at_risk_rules_judge_the_odds() {
    let t = history();
    let root = t.path();
    // Due the day the single forecast finishes, before the P85 date.
    let project = std::fs::read_to_string(root.join("projects/web.md")).expect("read");
    std::fs::write(
        root.join("projects/web.md"),
        project.replace("due: 2026-12-15", "due: 2026-12-01"),
    )
    .expect("write");
    let check = || {
        let out = run(cairn(root).args(["check", "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == "milestone-at-risk")
            .map(|d| d["message"].as_str().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    assert!(check().is_empty(), "on time by the single forecast");
    let config = std::fs::read_to_string(root.join("cairn.yaml")).expect("read");
    std::fs::write(
        root.join("cairn.yaml"),
        format!("{config}forecast:\n  confidence: 85\n  samples: 100\n"),
    )
    .expect("write");
    assert_eq!(
        check(),
        [
            "milestone web/beta is 85% likely done by 2026-12-03, after its due date 2026-12-01 (single forecast 2026-12-01); its critical chain starts at T-11"
        ]
    );
    // The setting shows the odds without --confidence.
    let out = run(cairn(root).args(["plan", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["milestones"][0]["p85"], "2026-12-03", "{v}");
    assert_eq!(v["confidence"]["samples"], 100);
    let out = run(cairn(root).args(["status"]));
    assert!(out.stdout.contains("85% by Dec 3 2026"), "{}", out.stdout);
}

#[test]
fn the_backtest_reports_the_known_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-02T10:00:00Z");
    write(
        root,
        "cairn.yaml",
        "name: Back\npeople:\n  alice:\n    name: Alice\n",
    );
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nmilestones:\n  - id: beta\n    title: Beta\n    due: 2026-11-30\n---\n",
    );
    write(
        root,
        "tasks/T-1-work.md",
        "---\nid: T-1\ntitle: Work\nstatus: todo\nproject: web\nmilestone: beta\nassignee: alice\nestimate: 2d\n---\n",
    );
    commit(root, "2026-11-02T10:00:00Z");
    // Started Monday 11-09, done Friday 11-13: four days for two.
    let t = std::fs::read_to_string(root.join("tasks/T-1-work.md")).expect("read");
    std::fs::write(root.join("tasks/T-1-work.md"), t.replace("todo", "doing")).expect("write");
    commit(root, "2026-11-09T10:00:00Z");
    std::fs::write(root.join("tasks/T-1-work.md"), t.replace("todo", "done")).expect("write");
    commit(root, "2026-11-13T10:00:00Z");
    let out = run(cairn(root).args([
        "history",
        "--accuracy",
        "--since",
        "2026-11-02",
        "--until",
        "2026-11-22",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    // Snapshots on the Sundays 11-08, 11-15 and 11-22. On 11-08 the forecast was Tuesday
    // 11-10 (two days from Monday); it finished Friday 11-13: three working days later,
    // five days ahead (the one-week horizon).
    assert_eq!(v["snapshots"], 3);
    assert_eq!(v["milestones"], 1);
    let obs = v["observations"].as_array().expect("observations");
    assert_eq!(obs.len(), 1, "{v}");
    assert_eq!(obs[0]["at"], "2026-11-08");
    assert_eq!(obs[0]["forecast"], "2026-11-10");
    assert_eq!(obs[0]["actual"], "2026-11-13");
    assert_eq!(obs[0]["error_days"], 3);
    assert_eq!(v["horizons"][0]["horizon"], "1w");
    assert_eq!(v["horizons"][0]["forecasts"], 1);
    assert_eq!(v["horizons"][0]["mean_error"], 3.0);
    // One forecast of one milestone: a hit rate, but nothing to judge the odds by.
    assert_eq!(v["with_p85"], 1, "{v}");
    assert_eq!(v["p85_milestones"], 1);
    assert_eq!(v["enough_to_judge"], false);
    let out = run(cairn(root).args([
        "history",
        "--accuracy",
        "--since",
        "2026-11-02",
        "--until",
        "2026-11-22",
    ]));
    assert!(
        out.stdout.contains(
            "web/beta on 2026-11-08: forecast 2026-11-10, finished 2026-11-13 (+3 working days)"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("of 1 forecast of 1 milestone finished by them: too few milestones to judge the odds by (at least 5)"),
        "{}",
        out.stdout
    );
}

#[test]
fn review_shows_how_the_odds_of_each_milestone_move() {
    let t = history();
    let root = t.path();
    // The change gives alice a third day of work in the milestone.
    task(root, "T-99", "alice", "todo", "");
    commit(root, "2026-11-21T09:00:00Z");
    let out = run(cairn(root).args([
        "review",
        "HEAD~1",
        "HEAD",
        "--confidence",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let moved = v["milestones"]
        .as_array()
        .and_then(|f| f.iter().find(|m| m["milestone"] == "beta"))
        .unwrap_or_else(|| panic!("{v}"));
    // Alice at half speed: a one-day task is two more days.
    assert_eq!(moved["p85_before"], "2026-12-03");
    assert_eq!(moved["p85_after"], "2026-12-07");
    assert_eq!(v["confidence"]["basis"], "own");
    assert_eq!(v["confidence"]["samples"], 500);
    let out = run(cairn(root).args(["review", "HEAD~1", "HEAD", "--confidence"]));
    assert!(out.stdout.contains("85% likely by"), "{}", out.stdout);
    assert!(
        out.stdout.contains("| 2026-12-03 → 2026-12-07 |"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "<sub>85% dates: odds from 500 runs over each person's finished tasks (seed "
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn spent_counts_without_an_active_commit_and_a_reopened_task_counts_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-02T08:00:00Z");
    write(
        root,
        "cairn.yaml",
        "name: Spent\npeople:\n  bob:\n    name: Bob\n",
    );
    write(root, "projects/web.md", "---\nid: web\ntitle: Web\n---\n");
    let t = |id: &str, status: &str, extra: &str| {
        write(
            root,
            &format!("tasks/{id}-work.md"),
            &format!(
                "---\nid: {id}\ntitle: Work\nstatus: {status}\nproject: web\nassignee: bob\nestimate: 1d\n{extra}---\n"
            ),
        );
    };
    t("T-1", "todo", "");
    t("T-2", "todo", "");
    commit(root, "2026-11-02T08:00:00Z");
    // T-1 straight to done, with 16 hours spent: velocity 0.5.
    t("T-1", "done", "spent: 16h\n");
    commit(root, "2026-11-03T09:00:00Z");
    // T-2 worked Monday to Tuesday (one day: velocity 1), reopened, done again a week
    // later: one data point, over the whole span (six working days: velocity 1/6).
    t("T-2", "doing", "");
    commit(root, "2026-11-09T09:00:00Z");
    t("T-2", "done", "");
    commit(root, "2026-11-10T09:00:00Z");
    t("T-2", "doing", "");
    commit(root, "2026-11-11T09:00:00Z");
    t("T-2", "done", "");
    commit(root, "2026-11-17T09:00:00Z");
    let out = run(cairn(root).args([
        "history",
        "--velocity",
        "--since",
        "2026-11-01",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let points = v["evidence"]["people"]["bob"]
        .as_array()
        .expect("bob")
        .clone();
    assert_eq!(points.len(), 2, "{v}");
    let of = |id: &str| {
        points
            .iter()
            .find(|p| p["task"] == id)
            .and_then(|p| p["velocity"].as_f64())
            .unwrap_or_else(|| panic!("{id}: {v}"))
    };
    assert_eq!(of("T-1"), 0.5);
    assert!((of("T-2") - 1.0 / 6.0).abs() < 1e-9, "{v}");
}
