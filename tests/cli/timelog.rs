//! Time logs: `cairn log` appends to the person's month file, `timesheet` totals (figures
//! worked out by hand below), `spent` adds what is logged, and two branches that log on
//! the same task merge without a conflict (real git, `merge=union`).

use crate::support::{cairn, git, run, write};

fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(
        root,
        "cairn.yaml",
        "name: Shop\npeople:\n  ann:\n    name: Ann\n    email: ann@example.com\n  bob:\n    name: Bob\n",
    );
    write(root, "projects/web.md", "---\nid: web\ntitle: Web\n---\n");
    write(root, "projects/app.md", "---\nid: app\ntitle: App\n---\n");
    write(
        root,
        "tasks/web/T-1-header.md",
        "---\nid: T-1\ntitle: Header\nstatus: doing\nproject: web\nassignee: ann\nestimate: 2d\nspent: 2h\n---\n",
    );
    write(
        root,
        "tasks/app/T-2-login.md",
        "---\nid: T-2\ntitle: Login\nstatus: todo\nproject: app\nassignee: bob\nestimate: 1d\n---\n",
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "plan"]);
    tmp
}

#[test]
fn log_appends_to_the_persons_month_and_timesheet_totals_it() {
    let tmp = workspace();
    let root = tmp.path();
    // Today is Saturday 2026-11-28; the ISO week is 2026-W48 (Mon 11-23 .. Sun 11-29).
    for args in [
        &[
            "log",
            "T-1",
            "3h",
            "--as",
            "ann",
            "--on",
            "2026-11-23",
            "-m",
            "markup",
        ][..],
        &["log", "T-1", "90m", "--as", "ann", "--on", "2026-11-24"],
        &["log", "T-2", "1d", "--as", "bob", "--on", "yesterday"],
        &[
            "log",
            "T-1",
            "2h",
            "--as",
            "bob",
            "--on",
            "2026-11-27",
            "-m",
            "pairing",
        ],
        &["log", "T-1", "1h", "--as", "ann", "--on", "2026-12-01"],
    ] {
        let out = run(cairn(root).args(args).arg("-q"));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(root.join("time/ann/2026-11.md")).unwrap(),
        "- 2026-11-23 T-1 3h markup\n- 2026-11-24 T-1 1.5h\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("time/ann/2026-12.md")).unwrap(),
        "- 2026-12-01 T-1 1h\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".gitattributes")).unwrap(),
        "time/** merge=union\n"
    );
    // By hand: ann 3 + 1.5 = 4.5h (Mon, Tue), bob 8h (Fri, T-2) + 2h (Fri, T-1) = 10h.
    let out = run(cairn(root).args(["timesheet", "--format", "csv"]));
    assert_eq!(
        out.stdout,
        "person,date,hours\r\nann,2026-11-23,3\r\nann,2026-11-24,1.5\r\nbob,2026-11-27,10\r\n"
    );
    let out = run(cairn(root).args([
        "timesheet",
        "--week",
        "2026-W48",
        "--by",
        "task",
        "--format",
        "json",
    ]));
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["from"], "2026-11-23");
    assert_eq!(j["to"], "2026-11-29");
    assert_eq!(j["people"], serde_json::json!({"ann": 4.5, "bob": 10.0}));
    assert_eq!(j["total"], 14.5);
    assert_eq!(
        j["rows"][1],
        serde_json::json!({"person": "bob", "key": "T-1", "hours": 2.0})
    );
    let out = run(cairn(root).args([
        "timesheet",
        "--month",
        "2026-12",
        "--project",
        "web",
        "--format",
        "csv",
    ]));
    assert_eq!(out.stdout, "person,date,hours\r\nann,2026-12-01,1\r\n");
    let out = run(cairn(root).args(["timesheet", "--person", "bob", "--project", "app"]));
    assert!(out.stdout.contains("total: 8h"), "{}", out.stdout);
    // spent: 2h written + 3 + 1.5 + 2 + 1 logged on T-1.
    let show = run(cairn(root).args(["show", "T-1", "--format", "json"]));
    let j: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(j["task"]["spent_hours"], 9.5, "{}", show.stdout);
    // Refused: an unknown task, a bad duration; the file is untouched.
    for (args, why) in [
        (&["log", "T-9", "1h", "--as", "ann"][..], "T-9"),
        (&["log", "T-1", "lots", "--as", "ann"], "duration"),
        (
            &["log", "T-1", "0h", "--as", "ann"],
            "between a minute and a week",
        ),
    ] {
        let out = run(cairn(root).args(args));
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(why), "{args:?}: {}", out.stderr);
    }
    let check = run(cairn(root).args(["check"]));
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn two_branches_logging_on_one_task_merge_without_a_conflict() {
    let tmp = workspace();
    let root = tmp.path();
    assert_eq!(
        run(cairn(root).args([
            "log",
            "T-1",
            "1h",
            "--as",
            "ann",
            "--on",
            "2026-11-20",
            "-q"
        ]))
        .code,
        0
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "first log"]);
    git(root, &["checkout", "-q", "-b", "laptop"]);
    assert_eq!(
        run(cairn(root).args([
            "log",
            "T-1",
            "2h",
            "--as",
            "ann",
            "--on",
            "2026-11-23",
            "-q"
        ]))
        .code,
        0
    );
    git(root, &["commit", "-qam", "laptop"]);
    git(root, &["checkout", "-q", "main"]);
    assert_eq!(
        run(cairn(root).args([
            "log",
            "T-1",
            "3h",
            "--as",
            "ann",
            "--on",
            "2026-11-24",
            "-q"
        ]))
        .code,
        0
    );
    assert_eq!(
        run(cairn(root).args([
            "log",
            "T-2",
            "1h",
            "--as",
            "bob",
            "--on",
            "2026-11-24",
            "-q"
        ]))
        .code,
        0
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "desktop"]);
    // Both branches appended to time/ann/2026-11.md: union keeps both lines.
    git(root, &["merge", "-q", "--no-edit", "laptop"]);
    let text = std::fs::read_to_string(root.join("time/ann/2026-11.md")).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("- 2026-11-23 T-1 2h\n") && text.contains("- 2026-11-24 T-1 3h\n"));
    let j: serde_json::Value = serde_json::from_str(
        &run(cairn(root).args([
            "timesheet",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "json",
        ]))
        .stdout,
    )
    .unwrap();
    assert_eq!(j["people"]["ann"], 6.0);
}

/// Cost against budget, by hand: rates ann 100, bob 50, carl none (EUR).
fn money_workspace(budget: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "cairn.yaml",
        "name: Shop\ncurrency: EUR\npeople:\n  ann:\n    name: Ann\n    rate: 100\n  bob:\n    name: Bob\n    rate: 50\n  carl:\n    name: Carl\n",
    );
    write(
        root,
        "projects/web.md",
        &format!("---\nid: web\ntitle: Web\nbudget: {budget}\n---\n"),
    );
    write(
        root,
        "tasks/web/T-1-header.md",
        "---\nid: T-1\ntitle: Header\nstatus: doing\nproject: web\nassignee: ann\nestimate: 2d\nspent: 2h\n---\n",
    );
    write(
        root,
        "tasks/web/T-2-footer.md",
        "---\nid: T-2\ntitle: Footer\nstatus: todo\nproject: web\nassignee: bob\nestimate: 1d\n---\n",
    );
    write(
        root,
        "tasks/web/T-3-icons.md",
        "---\nid: T-3\ntitle: Icons\nstatus: todo\nproject: web\nassignee: carl\nestimate: 4h\n---\n",
    );
    write(root, "time/ann/2026-11.md", "- 2026-11-26 T-1 4h\n");
    write(root, "time/bob/2026-11.md", "- 2026-11-27 T-1 1h pairing\n");
    tmp
}

#[test]
fn cost_to_date_and_at_completion_against_the_budget() {
    // To date: ann 4h × 100 + bob 1h × 50 = 450. Remaining: T-1 16h × 100 (ann) + T-2 8h
    // × 50 (bob) + T-3 4h × 0 (carl, no rate) = 2000; at completion 2450. Effort: spent
    // 2h + 4h + 1h = 7h, remaining 16 + 8 + 4 = 28h: 35h at completion.
    let tmp = money_workspace("{effort: 5d, cost: 3000}");
    let root = tmp.path();
    let out = run(cairn(root).args(["status", "--format", "json"]));
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        j["projects"][0]["cost"],
        serde_json::json!({
            "cost_to_date": 450.0, "cost_at_completion": 2450.0, "budget_cost": 3000.0,
            "effort_to_date_hours": 7.0, "effort_at_completion_hours": 35.0, "budget_hours": 40.0,
            "missing_rates": ["carl"], "currency": "EUR"
        })
    );
    let text = run(cairn(root).args(["status"])).stdout;
    assert!(
        text.contains(
            "cost: 450 EUR to date, 2450 EUR at completion of a 3000 EUR budget (no rate: carl)"
        ),
        "{text}"
    );
    let check = run(cairn(root).args(["check", "--format", "json"]));
    let rules: Vec<String> =
        serde_json::from_str::<serde_json::Value>(&check.stdout).unwrap()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(rules, ["missing-rate"]);
    // The project's report page and dashboard card say the same.
    let out = run(cairn(root).args(["report", "--html"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = std::fs::read_to_string(root.join("reports/web.md")).unwrap();
    assert!(
        page.contains("Cost: 450 EUR to date, 2450 EUR at completion of a 3000 EUR budget."),
        "{page}"
    );
    let html = std::fs::read_to_string(root.join("reports/site/web.html")).unwrap();
    assert!(
        html.contains("cost<b>2450 EUR</b>at completion, 450 EUR to date, budget 3000 EUR"),
        "{html}"
    );
    // A tighter budget: over on both, from the forecast (nothing is overspent yet).
    let tmp = money_workspace("{effort: 4d, cost: 2000}");
    let check = run(cairn(tmp.path()).args(["check"]));
    assert!(
        check.stdout.contains("project web is forecast to cost 2450 EUR at completion (450 EUR to date), over its budget of 2000 EUR"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("project web is forecast to take 4.4d (7h spent, the rest remaining), over its budget of 4d"), "{}", check.stdout);
}

#[test]
fn velocities_use_logged_hours_first() {
    use crate::support::git_at;
    let tmp = workspace();
    let root = tmp.path();
    let t2 = |status: &str| {
        format!(
            "---\nid: T-2\ntitle: Login\nstatus: {status}\nproject: app\nassignee: bob\nestimate: 1d\n---\n"
        )
    };
    write(root, "tasks/app/T-2-login.md", &t2("doing"));
    git_at(root, &["commit", "-qam", "start"], "2026-11-23T09:00:00Z");
    // Bob logged 16h on a 1d (8h) task: velocity 0.5, whatever the commits say.
    write(
        root,
        "time/bob/2026-11.md",
        "- 2026-11-23 T-2 8h\n- 2026-11-24 T-2 8h\n",
    );
    write(root, "tasks/app/T-2-login.md", &t2("done"));
    git_at(root, &["add", "-A"], "2026-11-24T17:00:00Z");
    git_at(root, &["commit", "-qm", "done"], "2026-11-24T17:00:00Z");
    let out = run(cairn(root).args(["history", "--velocity", "--format", "json"]));
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        j["evidence"]["people"]["bob"],
        serde_json::json!([{"task": "T-2", "velocity": 0.5, "clamped": false, "actual": "logged"}]),
        "{}",
        out.stdout
    );
    let text = run(cairn(root).args(["history", "--velocity"])).stdout;
    assert!(
        text.contains("actual effort from the time log for 1 of 1 data points"),
        "{text}"
    );
}

#[test]
fn close_deals_with_open_work_and_writes_the_closing_report() {
    let tmp = money_workspace("{effort: 5d, cost: 3000}");
    let root = tmp.path();
    write(root, "projects/ops.md", "---\nid: ops\ntitle: Ops\n---\n");
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\ndue: 2026-11-30\nbudget: {effort: 5d, cost: 3000}\nmilestones:\n  - id: beta\n    title: Beta\n    due: 2026-11-25\n---\n",
    );
    let out = run(cairn(root).args(["close", "web"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("project web has 3 unfinished tasks (T-1, T-2, T-3): pass --cancel-open or --move-open-to PROJECT"),
        "{}",
        out.stderr
    );
    let out = run(cairn(root).args([
        "set",
        "T-1",
        "status=done",
        "closed=2026-11-27",
        "milestone=beta",
        "-q",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(cairn(root).args(["close", "web", "--move-open-to", "ops", "-q"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let project = std::fs::read_to_string(root.join("projects/web.md")).unwrap();
    assert!(
        project.contains("status: done\n") && project.contains("closed: 2026-11-28\n"),
        "{project}"
    );
    assert!(root.join("tasks/ops/T-2-footer.md").is_file());
    let report = std::fs::read_to_string(root.join("reports/web-closing.md")).unwrap();
    // By hand: finished 11-27 (T-1's close), due 11-30 (Monday): one working day early
    // (Fri 11-27 → Mon 11-30); beta due Wed 11-25, finished Fri 11-27: 2 working days
    // late. Cost to date 450 EUR (ann 4h × 100 + bob 1h × 50).
    for line in [
        "# Closing report: Web (`web`)",
        "Closed on 2026-11-28. Started —, due 2026-11-30, finished 2026-11-27: 1 working day early. 1 task done.",
        "| `beta` Beta | 2026-11-25 | 2026-11-27 | 2 working days late |",
        "- Cost: 450 EUR against a budget of 3000 EUR",
        "- moved to `ops`: `T-2` Footer",
        "- moved to `ops`: `T-3` Icons",
        "No weekly history in git to read.",
    ] {
        assert!(report.contains(line), "{line}\n---\n{report}");
    }
    let check = run(cairn(root).args(["check"]));
    assert!(!check.stdout.contains("error"), "{}", check.stdout);
}

#[test]
fn earned_value_against_a_baseline_tag() {
    use crate::support::git_at;
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-16T09:00:00Z");
    write(
        root,
        "cairn.yaml",
        "name: Shop\ncurrency: EUR\npeople:\n  ann:\n    name: Ann\n    rate: 100\n",
    );
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nmilestones:\n  - id: beta\n    title: Beta\n    due: 2026-11-20\n---\n",
    );
    let task = |id: &str, est: &str, extra: &str| {
        format!(
            "---\nid: {id}\ntitle: Work {id}\nstatus: todo\nproject: web\nmilestone: beta\nassignee: ann\nestimate: {est}\n{extra}---\n"
        )
    };
    write(root, "tasks/web/T-1-a.md", &task("T-1", "2d", ""));
    write(root, "tasks/web/T-2-b.md", &task("T-2", "1d", ""));
    git_at(root, &["add", "-A"], "2026-11-16T09:00:00Z");
    git_at(root, &["commit", "-qm", "the plan"], "2026-11-16T09:00:00Z");
    git_at(root, &["tag", "v1-plan"], "2026-11-16T09:00:00Z");
    // Since: T-1 half done with 10h logged, and T-3 added (new scope).
    write(
        root,
        "tasks/web/T-1-a.md",
        &task("T-1", "2d", "progress: 50\n"),
    );
    write(root, "tasks/web/T-3-c.md", &task("T-3", "1d", ""));
    write(root, "time/ann/2026-11.md", "- 2026-11-16 T-1 10h\n");
    git_at(root, &["add", "-A"], "2026-11-17T09:00:00Z");
    git_at(root, &["commit", "-qm", "progress"], "2026-11-17T09:00:00Z");
    // By hand, today Tuesday 2026-11-17. Baseline (as of Monday 11-16): T-1 16h on
    // 11-16..17, T-2 8h on 11-18. Budgets at 100 EUR/h: T-1 1600, T-2 800, BAC 2400. PV:
    // T-1 all booked by today 1600, T-2 none: 1600. EV: 1600 × 0.5 = 800 (T-3 is not in
    // the baseline). AC: 10h × 100 = 1000. SPI 0.5, CPI 0.8, EAC 2400 / 0.8 = 3000. Beta:
    // baseline finish 11-18; now T-1 8h left on 11-17, T-2 11-18, T-3 11-19: +1 day.
    let mut cmd = assert_cmd::Command::cargo_bin("cairn").unwrap();
    cmd.arg("-C").arg(root).args([
        "--today",
        "2026-11-17",
        "status",
        "--baseline",
        "v1-plan",
        "--format",
        "json",
    ]);
    let out = cmd.output().unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        j["projects"][0]["earned_value"],
        serde_json::json!({
            "baseline": "v1-plan", "baseline_date": "2026-11-16", "unit": "EUR",
            "bac": 2400.0, "pv": 1600.0, "ev": 800.0, "ac": 1000.0,
            "spi": 0.5, "cpi": 0.8, "eac": 3000.0,
            "milestones": [{"id": "beta", "baseline_finish": "2026-11-18", "forecast_finish": "2026-11-19", "shift_working_days": 1}]
        })
    );
    // With `baseline:` in the project, a review shows the earned value a change moves:
    // T-2 half done earns 800 × 0.5 more (EV 800 → 1200; SPI 0.5 → 0.75; CPI 0.8 → 1.2;
    // EAC 2400 / 1.2 = 2000).
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nbaseline: v1-plan\nmilestones:\n  - id: beta\n    title: Beta\n    due: 2026-11-20\n---\n",
    );
    git_at(
        root,
        &["commit", "-qam", "baseline"],
        "2026-11-17T10:00:00Z",
    );
    write(
        root,
        "tasks/web/T-2-b.md",
        &task("T-2", "1d", "progress: 50\n"),
    );
    let run_at = |args: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("cairn").unwrap();
        cmd.arg("-C")
            .arg(root)
            .args(["--today", "2026-11-17"])
            .args(args);
        cmd.output().unwrap()
    };
    let out = run_at(&["review", "HEAD", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let e = &j["earned_value"][0];
    assert_eq!(e["project"], "web", "{j}");
    assert_eq!(
        (e["before"]["ev"].as_f64(), e["after"]["ev"].as_f64()),
        (Some(800.0), Some(1200.0))
    );
    assert_eq!(
        (e["before"]["spi"].as_f64(), e["after"]["spi"].as_f64()),
        (Some(0.5), Some(0.75))
    );
    assert_eq!(
        (e["before"]["cpi"].as_f64(), e["after"]["cpi"].as_f64()),
        (Some(0.8), Some(1.2))
    );
    let md = String::from_utf8(run_at(&["review", "HEAD"]).stdout).unwrap();
    assert!(
        md.contains(
            "| web | v1-plan | 1600 | 800 → 1200 | 0.50 → 0.75 | 0.80 → 1.20 | 3000 → 2000 |"
        ),
        "{md}"
    );
    // Closing it reports the baseline's finish beside the due dates.
    let out = run_at(&["close", "web", "--cancel-open", "-q"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(root.join("reports/web-closing.md")).unwrap();
    assert!(
        report.contains("The baseline `v1-plan` forecast the finish for 2026-11-18."),
        "{report}"
    );
    assert!(
        report.contains("| `beta` Beta | 2026-11-20 | 2026-11-18 | — | — |"),
        "{report}"
    );
    let mut cmd = assert_cmd::Command::cargo_bin("cairn").unwrap();
    cmd.arg("-C")
        .arg(root)
        .args(["--today", "2026-11-17", "status", "--baseline", "nope"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the baseline"));
}

#[test]
fn the_closing_report_tells_how_the_forecast_moved_week_by_week() {
    use crate::support::git_at;
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-09T09:00:00Z");
    write(
        root,
        "cairn.yaml",
        "name: Shop\npeople:\n  ann:\n    name: Ann\n",
    );
    write(root, "projects/web.md", "---\nid: web\ntitle: Web\n---\n");
    let t1 = |extra: &str| {
        format!("---\nid: T-1\ntitle: Site\nproject: web\nassignee: ann\n{extra}---\n")
    };
    write(
        root,
        "tasks/web/T-1-site.md",
        &t1("status: todo\nestimate: 5d\n"),
    );
    git_at(root, &["add", "-A"], "2026-11-09T09:00:00Z");
    git_at(root, &["commit", "-qm", "plan"], "2026-11-09T09:00:00Z");
    write(
        root,
        "tasks/web/T-1-site.md",
        &t1("status: todo\nestimate: 8d\n"),
    );
    git_at(root, &["commit", "-qam", "bigger"], "2026-11-16T09:00:00Z");
    write(
        root,
        "tasks/web/T-1-site.md",
        &t1("status: done\nestimate: 8d\nclosed: 2026-11-27\n"),
    );
    git_at(root, &["commit", "-qam", "done"], "2026-11-27T17:00:00Z");
    let out = run(cairn(root).args(["close", "web", "-q"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = std::fs::read_to_string(root.join("reports/web-closing.md")).unwrap();
    // By hand. Week ending Sunday 11-15, the plan of 11-09 (5d), forecast from Monday
    // 11-16: Friday 11-20; it finished Friday 11-27, 5 working days later. Week ending
    // 11-22, the plan of 11-16 (8d) from Monday 11-23: Wednesday 12-02; it finished 3
    // working days sooner. Mean error 4.
    for line in [
        "| 2026-11-15 | 2026-11-20 | finished 5 working days later |",
        "| 2026-11-22 | 2026-12-02 | finished 3 working days sooner |",
        "Mean error: 4 working days over 2 weeks.",
    ] {
        assert!(report.contains(line), "{line}\n---\n{report}");
    }
}

#[test]
fn a_malformed_person_id_names_no_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "cairn.yaml",
        "name: Shop\npeople:\n  ../evil:\n    name: Evil\n",
    );
    write(
        root,
        "tasks/T-1-a.md",
        "---\nid: T-1\ntitle: A\nstatus: todo\nassignee: ../evil\n---\n",
    );
    let out = run(cairn(root).args(["log", "T-1", "1h", "--as", "../evil"]));
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("is not a valid id"), "{}", out.stderr);
    assert!(!root.join("time").exists() && !root.join("evil").exists());
}
