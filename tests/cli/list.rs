//! `cairn list` and `cairn actions`: filters that refuse typos, several values, finished
//! work hidden by default, sorting, limits, columns and tab-separated output.

use crate::support::{cairn, examples, examples_copy, ids, json, run};

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
