//! Each command on `examples/` and on small workspaces made by `cairn init`.

use crate::support::{cairn, check_json, copy_dir, examples, examples_copy, json, repo_path, run};

#[test]
fn outside_a_workspace_commands_exit_2_with_a_hint() {
    let tmp = tempfile::tempdir().expect("tmp");
    for cmd in ["check", "list", "status", "plan", "workload"] {
        let out = run(cairn(tmp.path()).arg(cmd));
        assert_eq!(out.code, 2, "{cmd}");
        assert!(
            out.stderr
                .contains("error: not inside a cairn workspace (no cairn.yaml here or above)")
        );
        assert!(out.stderr.contains("hint: run `cairn init`"));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn examples_check_clean() {
    let (code, report) = check_json(&examples());
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    assert!(report["summary"]["files"].as_u64().unwrap_or(0) > 50);
}

#[test]
fn examples_are_found_from_a_subfolder() {
    let out = run(cairn(&examples().join("tasks/website")).args(["list", "projects"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("website"));
}

#[test]
fn list_every_kind_as_table_and_json() {
    for what in [
        "tasks",
        "meetings",
        "decisions",
        "projects",
        "actions",
        "people",
    ] {
        let out = run(cairn(&examples()).args(["list", what]));
        assert_eq!(out.code, 0, "{what}: {}", out.stderr);
        assert!(out.stdout.lines().count() > 3, "{what}: {}", out.stdout);
        let out = run(cairn(&examples()).args(["list", what, "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        assert_eq!(v["version"], 1);
        assert!(!v[what].as_array().expect("array").is_empty(), "{what}");
    }
}

#[test]
fn list_filters_combine() {
    let out = run(cairn(&examples()).args([
        "list",
        "tasks",
        "--assignee",
        "dan",
        "--open",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let tasks = v["tasks"].as_array().expect("tasks");
    assert!(!tasks.is_empty());
    for t in tasks {
        assert!(
            t["assignees"]
                .as_array()
                .expect("a")
                .iter()
                .any(|a| a == "dan")
        );
        assert!(matches!(t["category"].as_str(), Some("open" | "active")));
    }
    let out =
        run(cairn(&examples()).args(["list", "tasks", "--status", "done", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(
        v["tasks"]
            .as_array()
            .expect("t")
            .iter()
            .all(|t| t["category"] == "done")
    );
}

#[test]
fn show_each_kind() {
    for (id, expect) in [
        ("T-13", "blocked by"),
        ("D-1", "Score"),
        ("website", "Milestone"),
        ("dan", "open tasks"),
        ("2026-11-23-weekly-sync", "action items"),
    ] {
        let out = run(cairn(&examples()).args(["show", id]));
        assert_eq!(out.code, 0, "{id}: {}", out.stderr);
        assert!(out.stdout.contains(expect), "{id}: {}", out.stdout);
    }
    let out = run(cairn(&examples()).args(["show", "T-13", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["task"]["id"], "T-13");
    assert!(v["derived"]["blocked_by"].is_array());
    let out = run(cairn(&examples()).args(["show", "T-9999"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nothing with id `T-9999`"));
}

#[test]
fn show_decision_ranks_the_weighted_matrix() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    copy_dir(&repo_path("tests/fixtures/rules/clean"), ws);
    std::fs::create_dir_all(ws.join("decisions")).expect("mkdir");
    std::fs::write(
        ws.join("decisions/D-1-cms.md"),
        "---\nid: D-1\ntitle: CMS\nstatus: accepted\ncriteria: {cost: 1, fit: 3}\noptions:\n  - name: A\n    scores: {cost: 5, fit: 1}\n  - name: B\n    scores: {cost: 1, fit: 4}\nchosen: B\n---\n",
    )
    .expect("write");
    let out = run(cairn(ws).args(["show", "D-1", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    // A: (5 + 3) / 4 = 2.0; B: (1 + 12) / 4 = 3.25
    assert_eq!(v["matrix"][0]["name"], "B");
    assert_eq!(v["matrix"][0]["score"], 3.25);
    assert_eq!(v["matrix"][0]["chosen"], true);
    assert_eq!(v["matrix"][1]["score"], 2.0);
}

#[test]
fn human_check_output_points_at_the_value() {
    let out = run(cairn(&repo_path("tests/fixtures/rules/invalid-status")).arg("check"));
    assert_eq!(out.code, 1);
    let expected = "\
error[invalid-status]: `transitions` names `reveiw`, which is not a status
  --> cairn.yaml:11:17
   |
11 |   doing: [done, reveiw]
   |                 ^^^^^^
   = hint: did you mean `review`?

error[invalid-status]: status `doign` is not in the workflow
 --> tasks/T-1-a.md:4:9
  |
4 | status: doign
  |         ^^^^^
  = hint: did you mean `doing`?

check: 2 errors, 0 warnings in 3 files
";
    assert_eq!(out.stdout, expected);
}

#[test]
fn github_format_annotates_and_deny_warnings_fails() {
    // In a repository of its own: paths are repository-relative, and the tests must not
    // depend on the source tree being a git checkout.
    let repo = tempfile::tempdir().expect("tmp");
    let dir = repo.path().join("rules/done-with-open-checklist");
    copy_dir(
        &repo_path("tests/fixtures/rules/done-with-open-checklist"),
        &dir,
    );
    crate::support::git(repo.path(), &["init", "-q"]);
    let out = run(cairn(&dir).args(["check", "--format", "github"]));
    assert_eq!(out.code, 0, "warnings alone pass");
    assert!(out.stdout.starts_with("::warning file="), "{}", out.stdout);
    assert!(out.stdout.contains(
        "/done-with-open-checklist/tasks/T-1-a.md,line=7,col=3,title=done-with-open-checklist::"
    ));
    let out = run(cairn(&dir).args(["check", "--deny", "warnings"]));
    assert_eq!(out.code, 1);
}

#[test]
fn color_follows_the_flag() {
    let dir = repo_path("tests/fixtures/rules/invalid-status");
    let out = run(cairn(&dir).args(["--color", "always", "check"]));
    assert!(out.stdout.contains("\u{1b}["));
    let out = run(cairn(&dir).args(["check"]));
    assert!(!out.stdout.contains("\u{1b}["));
}

#[test]
fn init_then_new_builds_a_workspace_that_checks_clean() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("team");
    let out = run(cairn(&ws).args(["init", "--name", "Team: one"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("cairn.yaml"));
    let (code, report) = check_json(&ws);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["warnings"], 0, "{report}");

    let again = run(cairn(&ws).args(["init"]));
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already holds a cairn workspace"));

    let out = run(cairn(&ws).args([
        "new",
        "task",
        "Fix: the \"hero\" image #2",
        "--project",
        "launch",
        "--assignee",
        "lead",
        "--due",
        "2026-12-10",
        "--estimate",
        "2d",
        "--depends-on",
        "T-1",
        "--priority",
        "high",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "tasks/launch/T-2-fix-the-hero-image-2.md"
    );
    let text = std::fs::read_to_string(ws.join(out.stdout.trim())).expect("new file");
    assert!(
        text.contains("id: T-2\ntitle: \"Fix: the \\\"hero\\\" image #2\"\n"),
        "{text}"
    );
    assert!(text.contains("depends_on: [T-1]"));

    let out = run(cairn(&ws).args(["new", "decision", "Pick hosting"]));
    assert_eq!(out.stdout.trim(), "decisions/D-2-pick-hosting.md");
    let out = run(cairn(&ws).args(["new", "project", "site", "Site", "--owner", "lead"]));
    assert_eq!(out.stdout.trim(), "projects/site.md");
    let out = run(cairn(&ws).args([
        "new",
        "meeting",
        "Weekly sync",
        "--series",
        "weekly",
        "--date",
        "2026-12-01",
    ]));
    assert_eq!(out.stdout.trim(), "meetings/2026-12-01-weekly-sync.md");

    let (code, report) = check_json(&ws);
    assert_eq!(code, 0, "{report}");
    let out = run(cairn(&ws).args(["show", "T-2", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["task"]["title"], "Fix: the \"hero\" image #2");
    assert_eq!(v["task"]["estimate_hours"], 16.0);
}

#[test]
fn new_refuses_bad_values_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    assert_eq!(run(cairn(ws).arg("init")).code, 0);
    let count = || walkdir::WalkDir::new(ws).into_iter().count();
    let before = count();
    for (args, code, msg) in [
        (
            vec!["new", "task", "X", "--assignee", "leed"],
            2,
            "did you mean `lead`?",
        ),
        (
            vec!["new", "task", "X", "--project", "nope"],
            2,
            "no project `nope`",
        ),
        (
            vec![
                "new",
                "task",
                "X",
                "--project",
                "launch",
                "--milestone",
                "m1",
            ],
            2,
            "no milestone `m1`",
        ),
        (
            vec!["new", "task", "X", "--depends-on", "T-99"],
            2,
            "no task `T-99`",
        ),
        (
            vec!["new", "task", "X", "--estimate", "3"],
            2,
            "has no unit",
        ),
        (
            vec!["new", "task", "X", "--due", "2026-02-30"],
            2,
            "28 days",
        ),
        (
            vec!["new", "project", "Bad Id", "X"],
            2,
            "not a lowercase slug",
        ),
        (vec!["new", "project", "launch", "X"], 2, "already exists"),
    ] {
        let out = run(cairn(ws).args(&args));
        assert_eq!(out.code, code, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(msg), "{args:?}: {}", out.stderr);
    }
    assert_eq!(count(), before, "nothing was written");
}

#[test]
fn new_meeting_in_a_series_carries_open_actions_and_attendees() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    copy_dir(&examples(), ws);
    let prev = run(cairn(ws).args(["show", "2026-11-23-weekly-sync", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&prev.stdout).expect("json");
    let open: Vec<serde_json::Value> = v["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter(|a| a["item"]["checked"] == false)
        .cloned()
        .collect();
    assert!(!open.is_empty());
    let out = run(cairn(ws).args([
        "new",
        "meeting",
        "Weekly sync",
        "--series",
        "weekly-sync",
        "--date",
        "2026-11-30",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(ws.join(out.stdout.trim())).expect("file");
    assert!(
        text.contains(&format!(
            "## Agenda\n\n1. Review the {} open action items carried over from [2026-11-23-weekly-sync](2026-11-23-weekly-sync.md) (below)\n1.\n",
            open.len()
        )),
        "{text}"
    );
    for a in &open {
        let person = a["item"]["mentions"][0].as_str().expect("person");
        assert!(text.contains(&format!("- [ ] @{person} ")), "{text}");
    }
    assert!(text.contains("attendees: ["));
    // The originals are checked and point at the new meeting, so each open item is
    // listed, and can be overdue, once.
    let old = std::fs::read_to_string(ws.join("meetings/2026-11-23-weekly-sync.md")).expect("read");
    assert_eq!(
        old.matches("→ carried over to [2026-11-30-weekly-sync](2026-11-30-weekly-sync.md)")
            .count(),
        open.len(),
        "{old}"
    );
    let out = run(cairn(ws).args(["actions", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let listed: Vec<&str> = v["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter(|a| a["meeting"] == "2026-11-23-weekly-sync")
        .map(|a| a["text"].as_str().unwrap_or(""))
        .collect();
    assert!(listed.is_empty(), "{listed:?}");
    let out = run(cairn(ws).args(["check", "--format", "json"]));
    assert!(
        !out.stdout.contains("meetings/2026-11-23-weekly-sync.md"),
        "{}",
        out.stdout
    );
}

#[test]
fn workspace_templates_override_the_embedded_ones() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    assert_eq!(run(cairn(ws).arg("init")).code, 0);
    std::fs::create_dir_all(ws.join(".cairn/templates")).expect("mkdir");
    std::fs::write(
        ws.join(".cairn/templates/task.md"),
        "---\nid: {{ id }}\ntitle: {{ title | yaml }}\ntags: [custom]\n---\nOur own template.\n",
    )
    .expect("write");
    let out = run(cairn(ws).args(["new", "task", "Custom"]));
    let text = std::fs::read_to_string(ws.join(out.stdout.trim())).expect("file");
    assert!(text.contains("Our own template."));
}

#[test]
fn schema_prints_json_for_every_kind() {
    let tmp = tempfile::tempdir().expect("tmp");
    for kind in ["config", "project", "task", "meeting", "decision"] {
        let out = run(cairn(tmp.path()).args(["schema", kind]));
        assert_eq!(out.code, 0);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        assert!(v["properties"].is_object());
    }
}

#[test]
fn today_comes_from_the_environment_when_not_given() {
    let dir = repo_path("tests/fixtures/rules/overdue");
    let mut cmd = assert_cmd::Command::cargo_bin("cairn").expect("bin");
    let out = run(cmd
        .arg("-C")
        .arg(&dir)
        .args(["check", "--format", "json"])
        .env("CAIRN_TODAY", "2026-11-01"));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["summary"]["errors"], 0, "nothing is overdue on Nov 1");
}

#[test]
fn status_shows_progress_an_at_risk_milestone_and_goals() {
    let out = run(cairn(&examples()).args(["status", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["version"], 1);
    let website = v["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|p| p["id"] == "website")
        .expect("website");
    let p = website["progress"].as_f64().expect("progress");
    assert!(p > 0.0 && p < 1.0);
    for key in [
        "total",
        "open",
        "active",
        "done",
        "cancelled",
        "overdue",
        "blocked",
    ] {
        assert!(website["counts"][key].is_u64(), "{key}");
    }
    for key in [
        "estimate_hours",
        "spent_hours",
        "remaining_hours",
        "budget_hours",
    ] {
        assert!(website["effort"][key].is_number(), "{key}");
    }
    let beta = website["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .find(|m| m["id"] == "beta")
        .expect("beta");
    assert_eq!(beta["status"], "at-risk");
    assert_eq!(beta["due"], "2026-12-18");
    assert!(!website["goals"].as_array().expect("goals").is_empty());
    let table = run(cairn(&examples()).arg("status"));
    assert!(table.stdout.contains("at risk"));
    assert!(
        table
            .stdout
            .contains("critical chain: T-9 → T-10 → T-11 → T-12 → T-13")
    );
    let md = run(cairn(&examples()).args(["status", "website", "--format", "markdown"]));
    assert!(md.stdout.starts_with("## website — Website relaunch"));
    assert!(md.stdout.contains("| beta |"));
}

#[test]
fn plan_lists_forecasts_and_critical_chains() {
    let out = run(cairn(&examples()).args([
        "plan",
        "website",
        "--milestone",
        "beta",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let tasks = v["tasks"].as_array().expect("tasks");
    assert!(tasks.iter().all(|t| t["milestone"] == "beta"));
    for key in [
        "id",
        "assignees",
        "forecast_start",
        "forecast_finish",
        "due",
        "slack_days",
        "critical",
    ] {
        assert!(tasks[0].get(key).is_some(), "{key}");
    }
    let m = &v["milestones"][0];
    assert_eq!(m["status"], "at-risk");
    assert_eq!(
        m["critical_chain"],
        serde_json::json!(["T-9", "T-10", "T-11", "T-12", "T-13"])
    );
    let t13 = tasks.iter().find(|t| t["id"] == "T-13").expect("T-13");
    assert_eq!(t13["critical"], true);
    assert!(t13["slack_days"].as_i64().expect("slack") < 0);
    let mermaid = run(cairn(&examples()).args(["plan", "--format", "mermaid"]));
    assert!(mermaid.stdout.starts_with("```mermaid\ngantt\n"));
    assert!(
        mermaid
            .stdout
            .contains(":active, crit, t9, 2026-11-30, 2026-12-04"),
        "{}",
        mermaid.stdout
    );
    assert!(mermaid.stdout.contains(":milestone, crit, 2026-12-18, 0d"));
}

#[test]
fn mermaid_titles_cannot_break_the_chart() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    copy_dir(&repo_path("tests/fixtures/rules/clean"), ws);
    std::fs::write(
        ws.join("tasks/T-2-evil.md"),
        "---\nid: T-2\ntitle: \"Fix: #1; done\\ncrit, 2020-01-01\"\nestimate: 1d\n---\n",
    )
    .expect("write");
    let out = run(cairn(ws).args(["plan", "--format", "mermaid"]));
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("T-2"))
        .expect("T-2 line");
    assert_eq!(line.matches(':').count(), 1, "{line}");
    assert!(!line.contains('#') && !line.contains(';'), "{line}");
}

#[test]
fn workload_flags_an_over_capacity_week() {
    let out = run(cairn(&examples()).args(["workload", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let people = v["people"].as_array().expect("people");
    let dan = people.iter().find(|p| p["id"] == "dan").expect("dan");
    let weeks = dan["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 6);
    assert!(weeks.iter().any(|w| w["over_capacity"] == true));
    for p in people {
        for w in p["weeks"].as_array().expect("weeks") {
            let planned = w["planned_hours"].as_f64().expect("planned");
            let available = w["available_hours"].as_f64().expect("available");
            assert!(planned <= available + 1e-6, "{p}: planned above available");
        }
    }
    let table = run(cairn(&examples()).args(["workload", "--weeks", "3"]));
    assert!(table.stdout.contains("dan is over capacity in 2026-W49"));
}

#[test]
fn time_off_has_one_json_shape_in_list_and_show() {
    let out = run(cairn(&examples()).args(["list", "people", "--format", "json"]));
    let list: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let people = list["people"].as_array().expect("people");
    let away = people
        .iter()
        .find(|p| p["time_off"].as_array().is_some_and(|a| a.len() > 1))
        .expect("someone with two time-off ranges");
    let id = away["id"].as_str().expect("id");
    let out = run(cairn(&examples()).args(["show", id, "--format", "json"]));
    let shown: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(shown["person"]["time_off"], away["time_off"]);
    assert!(
        away["time_off"][0]
            .as_str()
            .is_some_and(|r| r.contains(".."))
    );
}

#[test]
fn show_task_includes_its_forecast() {
    let out = run(cairn(&examples()).args(["show", "T-11", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let f = &v["derived"]["forecast"];
    assert_eq!(f["finish"], "2026-12-14");
    assert_eq!(f["slack_days"], -1);
    assert_eq!(f["critical"], true);
    assert_eq!(f["held_by"]["task"], "T-10");
    let out = run(cairn(&examples()).args(["show", "T-11"]));
    assert!(
        out.stdout
            .contains("forecast     2026-12-08 → 2026-12-14, 1 working day late; waits for T-10"),
        "{}",
        out.stdout
    );
    // A finished task has no forecast.
    let out = run(cairn(&examples()).args(["show", "T-7", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(v["derived"]["forecast"].is_null());
}

#[test]
fn completions_and_man_page_cover_every_command() {
    let tmp = tempfile::tempdir().expect("tmp");
    for shell in ["bash", "zsh", "fish"] {
        let out = run(cairn(tmp.path()).args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        for cmd in ["review", "history", "done", "workload"] {
            assert!(out.stdout.contains(cmd), "{shell} completes {cmd}");
        }
    }
    let out = run(cairn(tmp.path()).arg("man"));
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains(".TH CAIRN 1"), "{}", out.stdout);
    assert!(out.stdout.contains("review"));
    // One page per command, each with the sections clap does not write.
    let dir = tmp.path().join("man");
    let out = run(cairn(tmp.path()).args(["man", "--dir"]).arg(&dir));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for page in [
        "cairn",
        "cairn-check",
        "cairn-new-task",
        "cairn-action-done",
        "cairn-edit",
    ] {
        let text = std::fs::read_to_string(dir.join(format!("{page}.1"))).expect(page);
        for section in [
            ".SH SYNOPSIS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            "CAIRN_TODAY",
            "NO_COLOR",
            "VISUAL",
        ] {
            assert!(text.contains(section), "{page} lacks {section}");
        }
    }
    let check = std::fs::read_to_string(dir.join("cairn-check.1")).expect("page");
    assert!(
        check.contains(".SH SYNOPSIS\n\\fBcairn check\\fR [OPTIONS]"),
        "{check}"
    );
    let out = run(cairn(tmp.path()).args(["man", "check"]));
    assert_eq!(out.stdout, check);
    let out = run(cairn(tmp.path()).args(["man", "chek"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cairn man check"), "{}", out.stderr);
}

#[test]
fn decision_sensitivity_names_the_weight_that_flips_the_winner() {
    let out = run(cairn(&examples()).args(["show", "D-2", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    // VPS 5/5/2 against Vercel 3/2/5 (cost, control, ops_effort) with weights 3/2/2: 29
    // against 23. A control weight of 0 only ties them (it cannot go lower); ops_effort at
    // 4 (now 2) ties them, 33/9 = 3.67 each, and above it Vercel wins (at 5: 35 to 38).
    let s = &v["sensitivity"];
    assert_eq!(s["new_winner"], "Vercel", "{s}");
    assert_eq!(s["criterion"], "ops_effort", "{s}");
    assert_eq!(s["weight"], 2.0, "{s}");
    assert_eq!(s["flips_at"], 4.0, "{s}");
    assert_eq!(s["wins"], "above", "{s}");
    assert_eq!(s["tie_score"], 3.67, "{s}");
}

#[test]
fn dynamic_completion_offers_task_ids_and_people() {
    let complete = |words: &[&str]| -> Vec<String> {
        let mut cmd = assert_cmd::Command::cargo_bin("cairn").expect("binary");
        cmd.current_dir(examples())
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .env("_CLAP_IFS", "\n")
            .arg("--")
            .args(words);
        let out = run(&mut cmd);
        out.stdout.lines().map(str::to_owned).collect()
    };
    let tasks = complete(&["cairn", "done", "T-4"]);
    assert!(
        tasks.contains(&"T-4".to_owned()) && tasks.contains(&"T-42".to_owned()),
        "{tasks:?}"
    );
    assert!(tasks.iter().all(|t| t.starts_with("T-4")), "{tasks:?}");
    assert_eq!(complete(&["cairn", "assign", "T-9", "ca"]), ["carol"]);
}

#[test]
fn unknown_ids_on_the_command_line_exit_2_everywhere() {
    let tmp = examples_copy();
    let ws = tmp.path();
    let before =
        std::fs::read_to_string(ws.join("decisions/D-2-self-hosted-vps.md")).expect("read");
    for args in [
        &["show", "T-999"][..],
        &["start", "T-999"],
        &["set", "T-999", "priority=high"],
        &["assign", "T-1", "zed"],
        &["decide", "D-9", "--choose", "X"],
        &["supersede", "D-2", "--by", "D-5"],
        &["action", "done", "2026-01-01-nope", "1"],
        &["promote", "2026-01-01-nope", "1"],
        &["plan", "nope"],
        &["status", "nope"],
        &["board", "nope"],
        &["edit", "T-999"],
        &["renumber", "T-999", "T-1000"],
        &["move", "T-1", "--project", "nope"],
    ] {
        let out = run(cairn(ws).args(args));
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
    }
    // A decision's suggestion is a decision, never a task.
    let out = run(cairn(ws).args(["supersede", "D-2", "--by", "D-5"]));
    assert!(
        out.stderr.contains("no decision `D-5`") && !out.stderr.contains("T-5"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("decisions/D-2-self-hosted-vps.md")).expect("read"),
        before
    );
}

#[test]
fn schema_write_goes_to_the_workspace_from_a_subfolder() {
    let tmp = examples_copy();
    let out = run(cairn(&tmp.path().join("tasks/website")).args(["schema", "--write"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(tmp.path().join("schema/task.schema.json").is_file());
    assert!(!tmp.path().join("tasks/website/schema").exists());
}

#[test]
fn workload_starts_with_a_week_that_has_working_days_left() {
    // 2026-11-28 is a Saturday: the first column is the next week.
    let out = run(cairn(&examples()).args(["workload", "--format", "json"]));
    let v = json(&out.stdout);
    assert_eq!(v["people"][0]["weeks"][0]["week"], "2026-W49");
}

#[test]
fn edit_opens_the_editor_then_checks_and_never_loses_the_edit() {
    let tmp = examples_copy();
    let ws = tmp.path();
    let file = ws.join("tasks/website/T-10-site-header-navigation.md");
    let editor = |script: &str| {
        let path = ws.join("editor.sh");
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("write");
        let mut perms = std::fs::metadata(&path).expect("stat").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms).expect("chmod");
        path
    };
    // No change.
    let e = editor("true");
    let out = run(cairn(ws).args(["edit", "T-10"]).env("VISUAL", &e));
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("no changes"), "{}", out.stderr);
    // A good edit: the path is printed.
    let e = editor("sed -i 's/^priority: high/priority: urgent/' \"$1\"");
    let out = run(cairn(ws)
        .args(["edit", "T-10"])
        .env("VISUAL", &e)
        .env_remove("EDITOR"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "tasks/website/T-10-site-header-navigation.md"
    );
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("priority: urgent")
    );
    // An edit that adds an error: said, exit 1, and the edit is kept.
    let e = editor("sed -i 's/^depends_on: \\[T-9\\]/depends_on: [T-99]/' \"$1\"");
    let out = run(cairn(ws)
        .args(["edit", "T-10"])
        .env_remove("VISUAL")
        .env("EDITOR", &e));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("unknown task `T-99`"), "{}", out.stderr);
    assert!(
        out.stderr.contains("saved with 1 new error"),
        "{}",
        out.stderr
    );
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("depends_on: [T-99]")
    );
}

#[test]
fn search_ranks_title_matches_first_and_finds_discussions_and_meetings() {
    let ex = examples();
    let out = run(cairn(&ex).args(["search", "mega", "menu", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = json(&out.stdout);
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits[0]["id"], "T-10", "{v}");
    assert!(
        hits.iter().any(|h| h["id"] == "T-9"),
        "a discussion entry matches: {v}"
    );
    let out = run(cairn(&ex).args([
        "search",
        "\"focus states\"",
        "--kind",
        "meeting",
        "--format",
        "json",
    ]));
    let v = json(&out.stdout);
    assert!(
        v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .all(|h| h["kind"] == "meeting")
    );
    assert!(!v["hits"].as_array().expect("hits").is_empty());
    let out = run(cairn(&ex).args(["search", "zzzz-nothing"]));
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("nothing matches"), "{}", out.stdout);
}

#[test]
fn board_shows_a_column_per_status_fitted_to_the_width() {
    let ex = examples();
    let out = run(cairn(&ex).args(["board", "website"]).env("COLUMNS", "100"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first = out.stdout.lines().nth(1).expect("header");
    for status in ["todo (10)", "doing (4)", "review (1)", "done (9)"] {
        assert!(first.contains(status), "{first}");
    }
    assert!(!first.contains("cancelled"));
    assert!(
        out.stdout.lines().all(|l| l.chars().count() <= 100),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("+4 more"), "{}", out.stdout);
    let out = run(cairn(&ex).args(["board", "website", "--format", "markdown"]));
    assert!(
        out.stdout.starts_with(
            // Soonest deadline first.
            "## todo (10)\n\n- **T-10** Responsive header, mega menu and footer — `@dan`, due 2026-12-09\n"
        ),
        "{}",
        out.stdout
    );
    let out = run(cairn(&ex).args(["board", "--all", "--format", "json"]));
    let v = json(&out.stdout);
    let statuses: Vec<&str> = v["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(statuses, ["todo", "doing", "review", "done", "cancelled"]);
}

#[test]
fn the_version_names_the_commit_it_was_built_from_when_there_is_one() {
    let out = run(cairn(&examples()).arg("--version"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.stdout.trim();
    let rest = v
        .strip_prefix(concat!("cairn ", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{v}"));
    // Built from a git checkout: ` (3f2a9c1d0)` or ` (3f2a9c1d0-dirty)`; else nothing.
    if !rest.is_empty() {
        let inner = rest
            .strip_prefix(" (")
            .and_then(|r| r.strip_suffix(')'))
            .unwrap_or_else(|| panic!("{v}"));
        let commit = inner.strip_suffix("-dirty").unwrap_or(inner);
        assert!(
            commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{v}"
        );
    }
}
