//! The team's own fields, the filter language, saved views and goals fed by metric files
//! (issue 26), driven through the binary on small workspaces written here.

use crate::support::{cairn, git, ids, json, run, write};
use std::path::Path;

const CONFIG: &str = "name: Fields
people:
  ann: {name: Ann, email: ann@example.com}
  bob: {name: Bob}
fields:
  risk: {type: enum, values: [low, medium, high], default: low}
  points: {type: number, min: 0, max: 13, unit: points}
  labels: {type: list, values: [ux, api, infra]}
  reviewed: {type: date}
  reviewer: {type: person}
  billable: {type: bool}
  spec: {type: url}
  budget-code: {type: text, kinds: [project]}
views:
  mine: {where: \"assignee = @me\", sort: due, columns: [id, title, risk]}
  risky: {title: Risky work, where: \"risk >= medium and category in (open, active)\", sort: due, columns: [id, risk, points]}
  board-ux: {kind: board, where: \"labels = ux\"}
";

/// A workspace of five tasks with every kind of field.
fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(root, "cairn.yaml", CONFIG);
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nowner: ann\ndue: 2027-01-29\nbudget-code: B-1\n---\n",
    );
    let task = |n: u32, extra: &str| {
        write(
            root,
            &format!("tasks/T-{n}-t.md"),
            &format!("---\nid: T-{n}\ntitle: Task {n}\nproject: web\n{extra}---\n"),
        );
    };
    task(
        1,
        "assignee: ann\ndue: 2026-12-01\nrisk: high\npoints: 8\nlabels: [ux, api]\nbillable: true\nreviewer: bob\nreviewed: 2026-11-20\n",
    );
    task(
        2,
        "assignee: bob\ndue: 2026-12-10\nrisk: medium\npoints: 3\nlabels: [infra]\nbillable: false\nspec: https://example.com/spec\n",
    );
    task(
        3,
        "assignee: [ann, bob]\nstatus: doing\npoints: 1\nlabels: ux\n",
    );
    task(
        4,
        "status: done\nrisk: high\nclosed: 2026-11-20\ntags: [legacy]\n",
    );
    task(5, "priority: urgent\ndue: 2026-11-27\nx-cost-eur: 1500\n");
    tmp
}

fn listed(root: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(cairn(root).args(&all));
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    ids(&json(&out.stdout), "tasks")
}

#[test]
fn the_filter_language_compares_each_kind_of_value() {
    let ws = workspace();
    let root = ws.path();
    let cases: &[(&str, &[&str])] = &[
        // Enums by their declared order; a default fills in an unwritten value.
        ("risk = high", &["T-1"]),
        ("risk >= medium", &["T-1", "T-2"]),
        ("risk = low", &["T-3", "T-5"]),
        // Numbers, lists (= is "contains"), booleans, people, dates absolute and relative.
        ("points > 2 and points <= 8", &["T-1", "T-2"]),
        ("labels = ux", &["T-1", "T-3"]),
        ("labels in (api, infra)", &["T-1", "T-2"]),
        ("billable = true", &["T-1"]),
        ("billable != true", &["T-2", "T-3", "T-5"]),
        ("reviewer = bob", &["T-1"]),
        ("reviewed < 2026-11-21", &["T-1"]),
        ("due <= +3d", &["T-1", "T-5"]),
        ("due >= 2026-12-10", &["T-2"]),
        // Built-in fields, `has`, `~`, `not`, `or` and parentheses.
        ("assignee = ann and not assignee = bob", &["T-1"]),
        ("assignee in (bob)", &["T-2", "T-3"]),
        ("has spec", &["T-2"]),
        ("not has due", &["T-3"]),
        ("title ~ \"task 3\"", &["T-3"]),
        (
            "priority > high or (status = doing and labels = ux)",
            &["T-3", "T-5"],
        ),
        ("status = active", &["T-3"]),
        ("x-cost-eur = 1500", &["T-5"]),
        // An expression about status shows finished tasks without --all.
        ("status = done", &["T-4"]),
        ("closed < today", &["T-4"]),
    ];
    for (expr, want) in cases {
        assert_eq!(listed(root, &["--where", expr]), *want, "{expr}");
    }
    // The old flags are shorthands of the same language and combine with it.
    assert_eq!(
        listed(root, &["--assignee", "ann", "--where", "points > 1"]),
        ["T-1"]
    );
    assert_eq!(listed(root, &["--overdue"]), ["T-5"]);
    assert_eq!(
        listed(root, &["--all", "--where", "risk = high"]),
        ["T-1", "T-4"]
    );
}

#[test]
fn a_bad_expression_points_at_its_place() {
    let ws = workspace();
    let cases = [
        (
            "rsk = high",
            "error: unknown field `rsk`\n  |\n  | rsk = high\n  | ^^^\nhint: did you mean `risk`?\n",
        ),
        (
            "risk = hihg",
            "error: `hihg` is not one of: low, medium, high\n  |\n  | risk = hihg\n  |        ^^^^\nhint: did you mean `high`?\n",
        ),
        (
            "points > many",
            "error: `many` is not a number\n  |\n  | points > many\n  |          ^^^^\n",
        ),
        (
            "title < b",
            "error: `title` cannot be compared with `<`\n  |\n  | title < b\n  |       ^\nhint: compare `title` with =, !=, ~ or !~\n",
        ),
        (
            "(risk = high",
            "error: this `(` is never closed\n  |\n  | (risk = high\n  | ^\n",
        ),
        (
            "assignee in (ann, bobb)",
            "error: no person `bobb`\n  |\n  | assignee in (ann, bobb)\n  |                   ^^^^\nhint: did you mean `bob`?\n",
        ),
        (
            "due < +2x",
            "error: `+2x` is not a date: use YYYY-MM-DD, today, tomorrow, a weekday, next week, +3d or in 2 weeks\n  |\n  | due < +2x\n  |       ^^^\nhint: dates: YYYY-MM-DD, today, friday, +2w, -3d, next month\n",
        ),
    ];
    for (expr, want) in cases {
        let out = run(cairn(ws.path()).args(["list", "--where", expr]));
        assert_eq!(out.code, 2, "{expr}");
        assert_eq!(out.stderr, want, "{expr}");
    }
}

#[test]
fn views_list_board_and_check() {
    let ws = workspace();
    let root = ws.path();
    // `@me` is the caller: --as, else CAIRN_USER.
    let out = run(cairn(root).args(["list", "@mine", "--as", "bob"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("T-2") && out.stdout.contains("T-3"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("T-1"), "{}", out.stdout);
    // The view's columns: id, title, risk.
    assert!(out.stdout.contains("risk"), "{}", out.stdout);
    assert!(!out.stdout.contains("Assignee"), "{}", out.stdout);
    let out = run(cairn(root)
        .env("CAIRN_USER", "ann")
        .args(["list", "@mine", "--format", "tsv"]));
    assert_eq!(out.stdout, "T-1\tTask 1\thigh\nT-3\tTask 3\tlow\n");
    // Without anyone to be, `@me` says how to say who you are.
    let out = run(cairn(root).env("HOME", root).args(["list", "@mine"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--as PERSON"), "{}", out.stderr);
    // Sorted by due, as the view says; --where narrows a view further.
    assert_eq!(listed(root, &["@risky"]), ["T-1", "T-2"]);
    assert_eq!(listed(root, &["@risky", "--where", "points < 5"]), ["T-2"]);
    let out = run(cairn(root).args(["list", "@riskey"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `risky`?"),
        "{}",
        out.stderr
    );
    // A board of the view's cards.
    let out = run(cairn(root).args(["board", "@board-ux", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let b = json(&out.stdout);
    assert_eq!(b["view"], "board-ux");
    let cards: Vec<&str> = b["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(cards, ["T-1", "T-3"]);
    // check resolves each view's expression, with the caret on the word at fault.
    let bad = CONFIG.replace("labels = ux", "labels = ui");
    write(root, "cairn.yaml", &bad);
    let out = run(cairn(root).args(["check"]));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("error[invalid-value]: view `board-ux`: `ui` is not one of: ux, api, infra (at character 10 of `where`)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("  board-ux: {kind: board, where: \"labels = ui\"}\n   |                                            ^^"), "{}", out.stdout);
}

#[test]
fn set_and_new_write_declared_fields_and_refuse_bad_values() {
    let ws = workspace();
    let root = ws.path();
    let out = run(cairn(root).args([
        "set",
        "T-3",
        "risk=high",
        "points=5",
        "labels=ux,api",
        "billable=yes",
        "reviewed=2026-11-27",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(root.join("tasks/T-3-t.md")).unwrap();
    assert!(
        // Written fields change in place; new ones go after the rest, in the order given.
        text.contains(
            "points: 5\nlabels: [ux, api]\nrisk: high\nbillable: true\nreviewed: 2026-11-27\n"
        ),
        "{text}"
    );
    // A value the declaration refuses is an error the edit would add: nothing written.
    for (set, says) in [
        (
            "risk=extreme",
            "`risk` is `extreme`; expected one of: low, medium, high",
        ),
        (
            "points=20",
            "`points` is 20; it must be from 0 to 13 (in points)",
        ),
        (
            "labels=ux,web",
            "`labels` is `web`; expected one of: ux, api, infra",
        ),
        ("reviewer=carol", "unknown person `carol` in `reviewer`"),
        (
            "spec=example.com",
            "`spec` is `example.com`, which is not an http(s) URL",
        ),
    ] {
        let out = run(cairn(root).args(["set", "T-3", set]));
        assert_eq!(out.code, 1, "{set}: {}", out.stderr);
        assert!(
            out.stdout.contains(says) || out.stderr.contains(says),
            "{set}: {}{}",
            out.stdout,
            out.stderr
        );
        assert_eq!(
            std::fs::read_to_string(root.join("tasks/T-3-t.md")).unwrap(),
            text
        );
    }
    // A project field on a task is refused by name.
    let out = run(cairn(root).args(["set", "T-3", "budget-code=B-2"]));
    assert_ne!(out.code, 0);
    let out = run(cairn(root).args(["set", "web", "budget-code=B-2"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // new task --field, checked before anything is written.
    let out = run(cairn(root).args([
        "new",
        "task",
        "Fielded",
        "--field",
        "risk=medium",
        "--field",
        "labels=api,infra",
        "--dry-run",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("+risk: medium\n+labels: [api, infra]\n"),
        "{}",
        out.stdout
    );
    let out = run(cairn(root).args(["new", "task", "Fielded", "--field", "risk=hig"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `high`?"),
        "{}",
        out.stderr
    );
    let out = run(cairn(root).args(["new", "task", "Fielded", "--field", "rsk=high"]));
    assert!(
        out.stderr.contains("unknown field `rsk` for a task"),
        "{}",
        out.stderr
    );
    // list, show and JSON carry them typed.
    let v = json(&run(cairn(root).args(["show", "T-3", "--format", "json"])).stdout);
    assert_eq!(
        v["task"]["fields"],
        serde_json::json!({"risk": "high", "points": 5.0, "labels": ["ux", "api"], "billable": true, "reviewed": "2026-11-27"})
    );
    let show = run(cairn(root).args(["show", "T-3"])).stdout;
    assert!(show.contains("labels       ux, api\n"), "{show}");
    let out = run(cairn(root).args([
        "list",
        "--columns",
        "id,points,labels,billable",
        "--format",
        "tsv",
    ]));
    assert!(
        out.stdout.contains("T-3\t5\tux, api\tyes\n"),
        "{}",
        out.stdout
    );
    let out = run(cairn(root).args(["list", "--columns", "id,pionts"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `points`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_schema_and_review_know_the_team_fields() {
    let ws = workspace();
    let root = ws.path();
    let s = json(&run(cairn(root).args(["schema", "task"])).stdout);
    assert_eq!(
        s["properties"]["risk"]["enum"],
        serde_json::json!(["low", "medium", "high"])
    );
    assert_eq!(s["properties"]["points"]["maximum"], 13.0);
    assert_eq!(s["properties"]["billable"]["type"], "boolean");
    assert!(s["properties"].get("budget-code").is_none());
    let p = json(&run(cairn(root).args(["schema", "project"])).stdout);
    assert_eq!(p["properties"]["budget-code"]["type"], "string");
    // review: the fields a change moves, by name.
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "plan"]);
    run(cairn(root).args(["set", "T-2", "risk=high", "points=5", "x-cost-eur=900"]));
    let out = run(cairn(root).args(["review", "HEAD", "--format", "json"]));
    let r = json(&out.stdout);
    let changes = &r["tasks"]["changed"][0]["changes"];
    assert_eq!(
        *changes,
        serde_json::json!([
            {"field": "risk", "before": "medium", "after": "high"},
            {"field": "points", "before": "3", "after": "5"},
            {"field": "x-cost-eur", "before": null, "after": "900"}
        ]),
        "{}",
        out.stdout
    );
}

/// Weekly signups 100, 110, 130, 140: by hand, a slope of 2 a day (14 a week) through
/// (x̄ = day 10.5, ȳ = 120); 200 is reached 50.5 days after Nov 2, so on Dec 23. Due Dec
/// 18: off track.
#[test]
fn a_goal_fed_by_a_csv_has_a_hand_computed_trend() {
    let ws = workspace();
    let root = ws.path();
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nowner: ann\ndue: 2027-01-29\nbudget-code: B-1\ngoals:\n  - id: signups\n    title: Weekly signups\n    baseline: 100\n    target: 200\n    due: 2026-12-18\n    source: {file: metrics/signups.csv, column: signups, date: week}\n---\n",
    );
    write(
        root,
        "metrics/signups.csv",
        "week,signups\n2026-11-02,100\n2026-11-09,110\n2026-11-16,130\n2026-11-23,140\n",
    );
    let s = json(&run(cairn(root).args(["status", "--format", "json"])).stdout);
    let g = &s["projects"][0]["goals"][0];
    assert_eq!(g["current"], 140.0);
    assert_eq!(g["target"], 200.0);
    assert_eq!(g["due"], "2026-12-18");
    assert!(
        (g["trend_per_week"].as_f64().unwrap() - 14.0).abs() < 1e-9,
        "{g}"
    );
    assert_eq!(g["reaches_target"], "2026-12-23");
    assert_eq!(g["off_track"], true);
    let text = run(cairn(root).args(["status"])).stdout;
    assert!(
        text.contains("trend +14/week over 4 measurements: reaches 200 on 2026-12-23, due 2026-12-18  off track"),
        "{text}"
    );
    let out = run(cairn(root).args(["check", "--format", "json"]));
    let c = json(&out.stdout);
    let rules: Vec<&str> = c["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"goal-off-track"), "{}", out.stdout);
    // cairn record appends a row (and asks git to merge the file by union).
    let out = run(cairn(root).args(["record", "signups", "175", "--on", "2026-11-30"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        std::fs::read_to_string(root.join("metrics/signups.csv"))
            .unwrap()
            .ends_with("2026-11-23,140\n2026-11-30,175\n")
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".gitattributes")).unwrap(),
        "metrics/signups.csv merge=union\n"
    );
    let s = json(&run(cairn(root).args(["status", "--format", "json"])).stdout);
    assert_eq!(s["projects"][0]["goals"][0]["current"], 175.0);
    // history --goals tabulates the measurements.
    let out = run(cairn(root).args(["history", "--goals", "--format", "csv"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "project,goal,date,value\nweb,signups,2026-11-02,100\nweb,signups,2026-11-09,110\nweb,signups,2026-11-16,130\nweb,signups,2026-11-23,140\n"
    );
    // A goal without a source: record sets its `current:` as a number.
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nowner: ann\nbudget-code: B-1\ngoals:\n  - id: nps\n    title: NPS\n    baseline: 20\n    target: 50\n    current: 31\n---\n",
    );
    let out = run(cairn(root).args(["record", "nps", "34"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(root.join("projects/web.md")).unwrap();
    assert!(text.contains("    current: 34\n"), "{text}");
    let out = run(cairn(root).args(["record", "nsp", "34"]));
    assert!(out.stderr.contains("did you mean `nps`?"), "{}", out.stderr);
}

#[test]
fn the_dashboard_has_view_pages_fields_and_goal_charts() {
    let ws = workspace();
    let root = ws.path();
    let out = run(cairn(root).args(["report", "--html", "-q"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = std::fs::read_to_string(root.join("reports/site/view-risky.html")).unwrap();
    assert!(page.contains("<h1>Risky work</h1>"), "{page}");
    assert!(
        page.contains("T-1") && page.contains("T-2") && !page.contains(">T-3<"),
        "{page}"
    );
    // A view about `@me` reads differently for each reader: no page.
    assert!(!root.join("reports/site/view-mine.html").exists());
    let web = std::fs::read_to_string(root.join("reports/site/web.html")).unwrap();
    assert!(
        web.contains("<th>risk</th>") && web.contains("<td data-label=\"risk\">high</td>"),
        "{web}"
    );
    // report --where: the task tables show only what it holds for.
    let out = run(cairn(root).args(["report", "--html", "-q", "--where", "risk = high"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let web = std::fs::read_to_string(root.join("reports/site/web.html")).unwrap();
    assert!(web.contains("<code>risk = high</code>"), "{web}");
    assert!(!web.contains(">Task 2<"), "{web}");
}

/// A metric file is untrusted like every file: a symlink (or a symlinked folder) out of
/// the repository is not read, and a huge expression is refused, not parsed.
#[cfg(unix)]
#[test]
fn a_metric_file_outside_the_workspace_is_not_read() {
    let ws = workspace();
    let root = ws.path();
    let outside = tempfile::tempdir().expect("tmp");
    write(
        outside.path(),
        "m.csv",
        "day,v\n2026-11-02,1\n2026-11-09,2\n",
    );
    std::os::unix::fs::symlink(outside.path(), root.join("metrics")).unwrap();
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nbudget-code: B-1\ngoals:\n  - id: g\n    title: G\n    baseline: 0\n    target: 5\n    source: {file: metrics/m.csv, column: v, date: day}\n---\n",
    );
    let out = run(cairn(root).args(["check", "--format", "json"]));
    let c = json(&out.stdout);
    let msgs: Vec<&str> = c["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs.contains(&"goal `g`: cannot read `metrics/m.csv`"),
        "{msgs:?}"
    );
    let s = json(&run(cairn(root).args(["status", "--format", "json"])).stdout);
    assert_eq!(
        s["projects"][0]["goals"][0]["current"],
        serde_json::Value::Null
    );
    let long = "risk = high and ".repeat(400) + "risk = high";
    let out = run(cairn(root).args(["list", "--where", &long]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("at most 4096 are read"),
        "{}",
        out.stderr
    );
}

/// `cairn record` on a JSON Lines metric: one object per line, read back as the latest.
#[test]
fn a_goal_fed_by_json_lines_records_and_reads_back() {
    let ws = workspace();
    let root = ws.path();
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Web\nbudget-code: B-1\ngoals:\n  - id: nps\n    title: NPS\n    baseline: 20\n    target: 50\n    source: {file: metrics/nps.jsonl, column: score}\n---\n",
    );
    write(
        root,
        "metrics/nps.jsonl",
        "{\"date\": \"2026-11-02\", \"score\": 30}\n",
    );
    let out = run(cairn(root).args(["record", "nps", "34", "--on", "2026-11-09"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(root.join("metrics/nps.jsonl")).unwrap();
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        last,
        serde_json::json!({"date": "2026-11-09", "score": 34.0})
    );
    let s = json(&run(cairn(root).args(["status", "--format", "json"])).stdout);
    assert_eq!(s["projects"][0]["goals"][0]["current"], 34.0);
    assert_eq!(s["projects"][0]["goals"][0]["trend_per_week"], 4.0);
}
