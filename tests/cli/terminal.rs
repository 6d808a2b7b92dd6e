//! cairn on a terminal: one number format, help, completion, colour only when asked or
//! on a terminal, and long output through the pager.

use crate::support::{cairn, examples, examples_copy, run};
use std::path::Path;

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

#[test]
fn a_manual_page_on_a_terminal_is_read_through_man() {
    let ex = examples();
    let has_man = std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let shown = on_terminal(&ex, "man check", 40, "sed 's/^/PAGED /'");
    if has_man {
        assert!(
            shown.contains("PAGED") && shown.contains("cairn-check"),
            "{shown}"
        );
        assert!(!shown.contains(".TH "), "{shown}");
    } else {
        assert!(shown.contains(".TH "), "without man, the roff: {shown}");
    }
    // Piped: the roff itself.
    let piped = crate::support::run(crate::support::cairn(&ex).args(["man", "check"]));
    assert!(
        piped.stdout.starts_with(".ie \\n(.g .ds Aq") || piped.stdout.contains(".TH "),
        "{}",
        piped.stdout
    );
}
