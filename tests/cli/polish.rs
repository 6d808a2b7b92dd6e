//! The everyday command line on `examples/` and on fresh workspaces: filters that refuse
//! typos, empty results that say so, one number format, templates without placeholders
//! rules read, new commands (edit, search, board, new person/milestone, init --bare),
//! relative dates, completion, colour, terminal width and the pager.

use crate::support::{cairn, copy_dir, repo_path, run};
use std::path::Path;

fn examples() -> std::path::PathBuf {
    repo_path("examples")
}

fn examples_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(&examples(), tmp.path());
    tmp
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn ids(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .iter()
        .map(|t| t["id"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn list_filters_refuse_what_does_not_exist_with_a_suggestion() {
    let ex = examples();
    for (args, message, hint) in [
        (
            &["list", "--status", "doign"][..],
            "no status `doign`",
            "did you mean `doing`?",
        ),
        (
            &["list", "--project", "websit"],
            "no project `websit`",
            "did you mean `website`?",
        ),
        (
            &["list", "--assignee", "zed"],
            "no person `zed`",
            "people are declared",
        ),
        (
            &["list", "--tag", "fronted"],
            "no task tagged `fronted`",
            "did you mean `frontend`?",
        ),
        (
            &["list", "--milestone", "bta"],
            "no milestone `bta`",
            "did you mean `beta`?",
        ),
        (
            &["list", "decisions", "--status", "acepted"],
            "no decision status",
            "`accepted`",
        ),
        (
            &["list", "meetings", "--tag", "x"],
            "--tag applies to tasks only",
            "",
        ),
        (&["actions", "--person", "zed"], "no person `zed`", ""),
        (&["board", "nope"], "no project `nope`", ""),
    ] {
        let out = run(cairn(&ex).args(args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
        assert!(
            out.stderr.contains(message) && out.stderr.contains(hint),
            "{args:?}: {}",
            out.stderr
        );
    }
    // An empty result says so instead of drawing an empty frame.
    let out = run(cairn(&ex).args(["list", "--status", "cancelled", "--assignee", "alice"]));
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "no tasks match\n");
}

#[test]
fn list_filters_take_several_values_and_finished_work_is_hidden_by_default() {
    let ex = examples();
    let list = |args: &[&str]| {
        let out = run(cairn(&ex)
            .args(["list"])
            .args(args)
            .args(["--format", "json"]));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        json(&out.stdout)
    };
    let all = list(&["--all"]);
    let default = list(&[]);
    let total = all["tasks"].as_array().map_or(0, Vec::len);
    let unfinished = all["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["category"] == "open" || t["category"] == "active")
        .count();
    assert_eq!(default["tasks"].as_array().map_or(0, Vec::len), unfinished);
    assert!(total > unfinished);
    // An explicit status shows finished work.
    let done = list(&["--status", "done"]);
    assert!(
        done["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .all(|t| t["status"] == "done")
    );
    assert!(!done["tasks"].as_array().expect("tasks").is_empty());
    // Comma-separated and repeated values are alternatives; filters combine.
    let a = list(&[
        "--status",
        "open,active",
        "--assignee",
        "dan",
        "--assignee",
        "erin",
    ]);
    let b = list(&[
        "--status",
        "open",
        "--status",
        "active",
        "--assignee",
        "dan,erin",
    ]);
    assert_eq!(ids(&a, "tasks"), ids(&b, "tasks"));
    assert!(
        a["tasks"].as_array().expect("tasks").iter().all(|t| {
            let who = t["assignees"].as_array().expect("assignees");
            who.iter().any(|p| p == "dan" || p == "erin")
        }),
        "{a}"
    );
    assert!(ids(&a, "tasks").contains(&"T-9".to_owned()));
    assert!(ids(&a, "tasks").contains(&"T-30".to_owned()));
}

#[test]
fn list_sorts_limits_picks_columns_and_writes_tsv() {
    let ex = examples();
    let out = run(cairn(&ex).args([
        "list",
        "--assignee",
        "dan",
        "--sort",
        "due",
        "--limit",
        "3",
        "--columns",
        "id,due,title",
        "--format",
        "tsv",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "T-9\t2026-12-04\tComponent library in Storybook\n\
         T-10\t2026-12-09\tResponsive header, mega menu and footer\n\
         T-11\t2026-12-11\tHomepage template\n"
    );
    let out = run(cairn(&ex).args([
        "list", "--sort", "priority", "--format", "json", "--limit", "2",
    ]));
    let v = json(&out.stdout);
    assert!(
        v["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .all(|t| t["priority"] == "urgent"),
        "{v}"
    );
    // By forecast: soonest finish first, and the JSON carries it.
    let out = run(cairn(&ex).args([
        "list",
        "--assignee",
        "dan",
        "--sort",
        "forecast",
        "--format",
        "json",
    ]));
    let v = json(&out.stdout);
    let finishes: Vec<&str> = v["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["forecast_finish"].as_str().expect("forecast"))
        .collect();
    let mut sorted = finishes.clone();
    sorted.sort_unstable();
    assert_eq!(finishes, sorted);
    // By the time a file last changed.
    let tmp = examples_copy();
    let t = tmp
        .path()
        .join("tasks/website/T-12-service-pages-template.md");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&t)
        .expect("open")
        .set_modified(later)
        .expect("mtime");
    let out = run(cairn(tmp.path()).args([
        "list",
        "--sort",
        "updated",
        "--limit",
        "1",
        "--columns",
        "id",
        "--format",
        "tsv",
    ]));
    assert_eq!(out.stdout, "T-12\n");
    // A table fits the width it is given: the title is cut with `…`.
    let out = run(cairn(&ex).arg("list").env("COLUMNS", "100"));
    assert!(
        out.stdout.lines().all(|l| l.chars().count() <= 100),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains('…'), "{}", out.stdout);
}

#[test]
fn numbers_read_the_same_everywhere() {
    let ex = examples();
    let out = run(cairn(&ex).arg("status"));
    assert!(!out.stdout.contains("-0%"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Median page weight: 3400 → 1200 (now 2100 KB)"),
        "{}",
        out.stdout
    );
    let out = run(cairn(&ex).args(["status", "--format", "json"]));
    assert!(!out.stdout.contains("-0.0"), "{}", out.stdout);
    // Hours: at most one decimal, no `.0`, in check, workload and the reports.
    let out = run(cairn(&ex).args(["check", "--format", "json"]));
    assert!(
        out.stdout
            .contains("dan is over capacity in 2026-W49: 43.3h of work due but 40h available"),
        "{}",
        out.stdout
    );
    let out = run(cairn(&ex).arg("workload"));
    assert!(out.stdout.contains("43.3/40h !"), "{}", out.stdout);
    assert!(!out.stdout.contains(".0h"), "{}", out.stdout);
    let tmp = examples_copy();
    assert_eq!(run(cairn(tmp.path()).arg("report")).code, 0);
    let page = std::fs::read_to_string(tmp.path().join("reports/website.md")).expect("report");
    assert!(page.contains("| 54 | 90 | 71 points |"), "{page}");
    assert!(!page.contains("3400.0"), "{page}");
}

#[test]
fn templates_hold_nothing_rules_read() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    assert_eq!(run(cairn(ws).arg("init")).code, 0);
    let meeting = walkdir::WalkDir::new(ws.join("meetings"))
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a meeting");
    let text = std::fs::read_to_string(meeting.path()).expect("read");
    assert!(
        !text.contains("(below)") && !text.contains("carried over"),
        "{text}"
    );
    let out = run(cairn(ws).args(["new", "task", "Ship it", "--project", "launch"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let task = std::fs::read_to_string(ws.join(out.stdout.trim())).expect("read");
    assert!(!task.contains("- [ ]"), "{task}");
    let out = run(cairn(ws).args(["done", "T-2"]));
    assert_eq!(out.code, 0);
    let out = run(cairn(ws).args(["check", "--format", "json"]));
    assert_eq!(
        json(&out.stdout)["summary"]["warnings"],
        0,
        "{}",
        out.stdout
    );
}

#[test]
fn new_task_takes_tags_a_parent_a_body_and_relative_dates() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    assert_eq!(run(cairn(ws).arg("init")).code, 0);
    // 2026-11-28 (the tests' today) is a Saturday.
    let out = run(cairn(ws)
        .args([
            "new",
            "task",
            "Child",
            "--project",
            "launch",
            "--parent",
            "T-1",
            "--tag",
            "web,ux",
            "--tag",
            "copy",
            "--due",
            "friday",
            "--start",
            "+2d",
            "--assignee",
            "lead",
            "--body",
            "-",
        ])
        .write_stdin("Why it matters.\n\n- [ ] first\n"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(ws.join(out.stdout.trim())).expect("read");
    for line in [
        "start: 2026-11-30\n",
        "due: 2026-12-04\n",
        "parent: T-1\n",
        "tags: [web, ux, copy]\n",
        "---\nWhy it matters.\n\n- [ ] first\n",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
    let out = run(cairn(ws).args(["set", "T-2", "due=next week"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("+due: 2026-11-30"), "{}", out.stdout);
    let out = run(cairn(ws).args(["new", "task", "X", "--due", "someday"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`someday` is not a date"),
        "{}",
        out.stderr
    );
    assert_eq!(run(cairn(ws).arg("check")).code, 0);
}

#[test]
fn new_person_and_milestone_edit_their_files_surgically_and_init_bare_has_no_samples() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    let out = run(cairn(ws).args(["init", "--bare", "--name", "Bare"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let files: Vec<String> = walkdir::WalkDir::new(ws)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(ws)
                .expect("in")
                .to_string_lossy()
                .into_owned()
        })
        // cairn's own lock outside git.
        .filter(|f| !f.starts_with(".cairn/"))
        .collect();
    assert!(
        files
            .iter()
            .all(|f| f == "cairn.yaml" || f.ends_with(".gitkeep")),
        "{files:?}"
    );
    let config = std::fs::read_to_string(ws.join("cairn.yaml")).expect("read");
    let out = run(cairn(ws).args([
        "new",
        "person",
        "erin",
        "--name",
        "Erin Novak",
        "--capacity",
        "0.8",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(cairn(ws).args(["new", "person", "fred", "--email", "fred@example.com"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = std::fs::read_to_string(ws.join("cairn.yaml")).expect("read");
    assert_eq!(
        after,
        config.replace(
            "people: {}\n",
            "people:\n  erin:\n    name: Erin Novak\n    capacity: 0.8\n  fred:\n    name: fred\n    email: \"fred@example.com\"\n"
        )
    );
    for (args, msg) in [
        (&["new", "person", "erin"][..], "already exists"),
        (&["new", "person", "Bad Id"], "not a lowercase slug"),
        (&["new", "person", "gus", "--capacity", "2"], "at most 1"),
    ] {
        let out = run(cairn(ws).args(args));
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(msg), "{args:?}: {}", out.stderr);
    }
    let out = run(cairn(ws).args(["new", "project", "web", "Website", "--owner", "erin"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let project = std::fs::read_to_string(ws.join("projects/web.md")).expect("read");
    let out = run(cairn(ws).args([
        "new",
        "milestone",
        "web",
        "beta",
        "--title",
        "Public beta",
        "--due",
        "+6w",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(cairn(ws).args(["new", "milestone", "web", "launch"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = std::fs::read_to_string(ws.join("projects/web.md")).expect("read");
    assert_eq!(
        after,
        project.replace(
            "milestones: []\n",
            "milestones:\n  - id: beta\n    title: Public beta\n    due: 2027-01-09\n  - id: launch\n    title: launch\n"
        )
    );
    let out = run(cairn(ws).args(["new", "milestone", "web", "beta"]));
    assert_eq!(out.code, 2);
    assert_eq!(run(cairn(ws).arg("check")).code, 0);
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
fn actions_list_dated_items_first_and_the_text_without_people_and_dates() {
    let out = run(cairn(&examples()).args(["actions", "--format", "json"]));
    let v = json(&out.stdout);
    let dues: Vec<Option<&str>> = v["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["due"].as_str())
        .collect();
    let first_undated = dues.iter().position(Option::is_none).unwrap_or(dues.len());
    assert!(
        dues[first_undated..].iter().all(Option::is_none),
        "{dues:?}"
    );
    let out = run(cairn(&examples()).args(["actions", "--format", "tsv"]));
    let first = out.stdout.lines().next().expect("a row");
    let text = first.split('\t').nth(5).expect("text");
    assert!(!text.contains("due:") && !text.contains('@'), "{first}");
    // `show` on a meeting prints each item's date once.
    let out = run(cairn(&examples()).args(["show", "2026-11-23-weekly-sync"]));
    assert!(!out.stdout.contains("(due "), "{}", out.stdout);
}

#[test]
fn help_lists_untick_next_to_tick() {
    let out = run(cairn(&examples()).arg("--help"));
    let names: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let tick = names.iter().position(|n| *n == "tick").expect("tick");
    assert_eq!(names.get(tick + 1), Some(&"untick"));
}

/// Candidates the dynamic completion offers for the word at `index` of `words`.
fn complete(cwd: &Path, words: &[&str]) -> Vec<String> {
    let index = (words.len() - 1).to_string();
    let out = run(assert_cmd::Command::cargo_bin("cairn")
        .expect("built")
        .current_dir(cwd)
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", &index)
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .arg("--")
        .args(words));
    out.stdout.lines().map(str::to_owned).collect()
}

#[test]
fn completion_follows_dash_c_and_knows_every_kind_of_id() {
    let ex = examples();
    let ex_s = ex.to_string_lossy().into_owned();
    let elsewhere = tempfile::tempdir().expect("tmp");
    let cwd = elsewhere.path();
    let c = |words: &[&str]| {
        let mut all = vec!["cairn", "-C", ex_s.as_str()];
        all.extend_from_slice(words);
        complete(cwd, &all)
    };
    assert!(c(&["show", "T-1"]).contains(&"T-12".to_owned()));
    assert!(c(&["show", "D-"]).contains(&"D-3".to_owned()));
    assert!(c(&["start", "T-5"]).contains(&"T-51".to_owned()));
    assert_eq!(c(&["plan", "web"]), ["website"]);
    assert_eq!(c(&["list", "--project", "mob"]), ["mobile-app"]);
    assert_eq!(c(&["assign", "T-1", "fr"]), ["frank"]);
    assert_eq!(c(&["list", "--assignee", "er"]), ["erin"]);
    assert_eq!(c(&["list", "--status", "do"]), ["doing", "done"]);
    assert_eq!(
        c(&["decide", "D-3", "--choose", ""]),
        ["BigQuery", "Snowflake", "ClickHouse Cloud"]
    );
    assert!(c(&["action", "done", "2026-11-2"]).contains(&"2026-11-23-weekly-sync".to_owned()));
    assert_eq!(c(&["set", "T-1", "pri"]), ["priority="]);
    // Without -C, in a folder with no workspace: nothing (and no file names for --status).
    assert!(
        complete(cwd, &["cairn", "list", "--status", ""])
            .iter()
            .all(|s| !s.contains('/'))
    );
    assert!(complete(cwd, &["cairn", "show", "T-"]).is_empty());
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
            "## todo (10)\n\n- **T-23** Launch: DNS cutover and go-live — `@bob`, due 2027-01-22\n"
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
fn colour_marks_what_needs_attention_and_only_when_asked_or_on_a_terminal() {
    let ex = examples();
    let out = run(cairn(&ex).args(["--color", "always", "workload"]));
    assert!(
        out.stdout.contains("\x1b[1;31m43.3/40h !"),
        "{}",
        out.stdout
    );
    let out = run(cairn(&ex).args(["--color", "always", "plan"]));
    assert!(out.stdout.contains("\x1b[1;31m"), "late tasks are red");
    // Piped, or NO_COLOR: none.
    let out = run(cairn(&ex).arg("workload"));
    assert!(!out.stdout.contains('\x1b'));
    let out = run(cairn(&ex)
        .args(["--color", "auto", "plan"])
        .env("NO_COLOR", "1"));
    assert!(!out.stdout.contains('\x1b'));
}

/// Runs `cairn ARGS` on a pseudo-terminal of `rows` lines (util-linux `script`).
fn on_terminal(dir: &Path, args: &str, rows: u16, pager: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("cairn");
    let cmd = format!(
        "stty rows {rows} cols 200; {} -C '{}' --today 2026-11-28 {args}",
        bin.display(),
        dir.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("PAGER", pager)
        .env("XDG_CACHE_HOME", crate::support::test_cache_home())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .output()
        .expect("script (util-linux) runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    let ex = examples();
    let pager = "sed 's/^/PAGED /'";
    let long = on_terminal(&ex, "list --all", 10, pager);
    assert!(long.contains("PAGED │ T-1 "), "{long}");
    // Output that fits, or --no-pager: straight to the terminal.
    let short = on_terminal(&ex, "list --all --limit 2", 40, pager);
    assert!(!short.contains("PAGED"), "{short}");
    let off = on_terminal(&ex, "--no-pager list --all", 10, pager);
    assert!(!off.contains("PAGED") && off.contains("T-1 "), "{off}");
    // On a terminal, weeks over capacity are red.
    let coloured = on_terminal(&ex, "--no-pager workload", 10, pager);
    assert!(coloured.contains("\x1b[1;31m"), "{coloured}");
}
