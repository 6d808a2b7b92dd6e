//! Hostile input: regressions for each defect the hardening work found (the input that
//! broke cairn, then a check it no longer does; none asserts a time, each would hang or
//! exhaust memory if its defect came back), and hostile workspaces built at test time (things that cannot be committed: a 50 MB file,
//! symlinks out of the repository, symlink loops). Each must give a clean finding, never a
//! crash, and must not write anything.

use crate::support::{cairn, check_json, diagnostic_lines, run, write};
use std::path::Path;

fn workspace(dir: &Path) {
    std::fs::create_dir_all(dir.join("tasks")).expect("mkdir");
    std::fs::write(
        dir.join("cairn.yaml"),
        "name: Hostile\npeople:\n  alice:\n    name: Alice\n",
    )
    .expect("write config");
    std::fs::write(
        dir.join("tasks/T-1-ok.md"),
        "---\nid: T-1\ntitle: Fine\nassignee: alice\n---\nBody\n",
    )
    .expect("write task");
}

fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let len = e.path().symlink_metadata().map(|m| m.len()).unwrap_or(0);
            (e.path().display().to_string(), len)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_50_mb_file_is_reported_not_read() {
    let tmp = tempfile::tempdir().expect("tmp");
    workspace(tmp.path());
    let big = "---\nid: T-2\ntitle: big\n---\n".to_owned() + &"x".repeat(50 * 1024 * 1024);
    std::fs::write(tmp.path().join("tasks/T-2-big.md"), big).expect("write");
    let (code, report) = check_json(tmp.path());
    assert_eq!(code, 1);
    let lines = diagnostic_lines(&report);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("error unreadable tasks/T-2-big.md:1:1 cannot read file: file is")
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_repository_are_reported_and_never_read() {
    let outside = tempfile::tempdir().expect("tmp");
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        "---\nid: T-7\ntitle: SECRET-CONTENT-42\n---\nSECRET-CONTENT-42\n",
    )
    .expect("write");
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    workspace(ws);
    std::os::unix::fs::symlink(&secret, ws.join("tasks/T-7-leak.md")).expect("symlink");
    std::os::unix::fs::symlink("T-8-loop.md", ws.join("tasks/T-8-loop.md")).expect("loop");
    std::os::unix::fs::symlink(outside.path(), ws.join("tasks/outside-dir")).expect("dir link");
    std::fs::create_dir_all(ws.join("tasks/T-3-folder.md")).expect("folder like a task");
    std::fs::write(
        ws.join("tasks/T-3-folder.md/T-4-inner.md"),
        "---\nid: T-4\ntitle: Inner\n---\nSee [secret](../../secret-link.md)\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(&secret, ws.join("secret-link.md")).expect("symlink");
    let before = snapshot(ws);

    let (code, report) = check_json(ws);
    assert_eq!(code, 1);
    let lines = diagnostic_lines(&report);
    assert_eq!(
        lines,
        [
            "error broken-link tasks/T-3-folder.md/T-4-inner.md:5:5 link `../../secret-link.md` leads outside the repository; cairn does not follow it",
            "error path-escape tasks/T-7-leak.md:1:1 symlink points outside the repository; it was not read",
            "error unreadable tasks/T-8-loop.md:1:1 symlink cannot be followed (Too many levels of symbolic links (os error 40)): a loop or a dangling link",
        ]
    );
    for args in [
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["check", "--format", "github"],
        vec!["list"],
        vec!["list", "--format", "json"],
    ] {
        let out = run(cairn(ws).args(&args));
        assert!(
            !out.stdout.contains("SECRET") && !out.stderr.contains("SECRET"),
            "{args:?} leaked the symlinked file"
        );
    }
    assert_eq!(snapshot(ws), before, "check wrote nothing");
}

#[test]
fn hostile_yaml_in_many_files_does_not_stop_the_check() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    workspace(ws);
    let files = [
        ("T-2-bomb.md", {
            let mut s = String::from("---\nid: T-2\ntitle: b\n");
            s.push_str("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..12 {
                let refs = vec![format!("*a{}", i - 1); 10].join(", ");
                s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
            }
            s + "---\n"
        }),
        (
            "T-3-deep.md",
            format!(
                "---\nid: T-3\ntitle: d\ntags: {}{}\n---\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
        ),
        (
            "T-4-deep-map.md",
            format!(
                "---\nid: T-4\ntitle: d\ntags: {}1{}\n---\n",
                "{a: ".repeat(10_000),
                "}".repeat(10_000)
            ),
        ),
        (
            "T-5-nul.md",
            "---\nid: T-5\ntitle: \u{0}\u{1b}[2J\n---\n".to_owned(),
        ),
        (
            "T-6-huge-line.md",
            format!("---\nid: T-6\ntitle: {}\n---\n", "t".repeat(2_000_000)),
        ),
    ];
    for (name, text) in files {
        std::fs::write(ws.join("tasks").join(name), text).expect("write");
    }
    let (code, report) = check_json(ws);
    assert_eq!(code, 1);
    let lines = diagnostic_lines(&report);
    let rules_for = |file: &str| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.contains(file))
            .map(|l| l.split(' ').nth(1).unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(rules_for("T-2-bomb"), ["yaml-syntax"]);
    assert_eq!(rules_for("T-3-deep"), ["yaml-syntax"]);
    assert_eq!(rules_for("T-4-deep-map"), ["yaml-syntax"]);
    assert!(rules_for("T-5-nul").iter().all(|r| r == "yaml-syntax"));
    assert!(rules_for("T-6-huge").is_empty());
    // The good task still loads.
    let out = run(cairn(ws).args(["show", "T-1"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn control_characters_in_titles_do_not_reach_the_terminal() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    workspace(ws);
    std::fs::write(
        ws.join("tasks/T-2-esc.md"),
        "---\nid: T-2\ntitle: \"evil \\e[2J\\u202e title\"\nassignee: bobb\n---\n",
    )
    .expect("write");
    for args in [vec!["list"], vec!["show", "T-2"], vec!["check"]] {
        let out = run(cairn(ws).args(&args));
        assert!(!out.stdout.contains('\u{1b}'), "{args:?}: {}", out.stdout);
        assert!(!out.stdout.contains('\u{202e}'), "{args:?}");
    }
}

fn hostile_workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    write(
        tmp.path(),
        "ws/cairn.yaml",
        "name: W\npeople:\n  alice:\n    name: A\n",
    );
    write(
        tmp.path(),
        "ws/tasks/T-1-a.md",
        "---\nid: T-1\ntitle: A\nassignee: alice\nestimate: 1d\n---\nBody.\n",
    );
    tmp
}

/// A 1 MB anchored string aliased 30,000 times asked for some 30 GB.
#[test]
fn an_alias_byte_bomb_is_a_finding() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    let mut text = format!(
        "---\nid: T-2\ntitle: B\nnotes: &a \"{}\"\ntags: [",
        "x".repeat(1_000_000)
    );
    text.push_str(&vec!["*a"; 30_000].join(", "));
    text.push_str("]\n---\n");
    write(&ws, "tasks/T-2-b.md", &text);
    let (code, report) = check_json(&ws);
    assert_eq!(code, 1);
    assert!(report.to_string().contains("MiB of text"), "{report}");
}

/// 50,000 findings in one file re-split the whole file for each in the human output; a
/// 160,000-key mapping scanned all earlier keys for each.
#[test]
fn many_findings_in_one_file_and_many_keys_stay_linear() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    let ids: Vec<String> = (100..50_100).map(|i| format!("T-{i}")).collect();
    write(
        &ws,
        "tasks/T-2-b.md",
        &format!(
            "---\nid: T-2\ntitle: B\ndepends_on:\n{}\n---\n",
            ids.iter()
                .map(|i| format!("  - {i}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    );
    let out = run(cairn(&ws).arg("check"));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("50000 errors"),
        "{}",
        &out.stdout[out.stdout.len().saturating_sub(200)..]
    );
    let keys: String = (0..160_000)
        .map(|i| format!("k{}: 1\n", i % 80_000))
        .collect();
    write(
        &ws,
        "tasks/T-2-b.md",
        &format!("---\nid: T-2\ntitle: B\n{keys}---\n"),
    );
    let (code, report) = check_json(&ws);
    assert_eq!(code, 1);
    assert!(report.to_string().contains("duplicate-key"));
    // One line of 100,000 references, each unknown: the line is not quoted 100,000 times.
    let line: Vec<String> = (200_000..300_000).map(|i| format!("T-{i}")).collect();
    write(
        &ws,
        "tasks/T-2-b.md",
        &format!(
            "---\nid: T-2\ntitle: B\ndepends_on: [{}]\n---\n",
            line.join(", ")
        ),
    );
    let out = run(cairn(&ws).arg("check"));
    assert!(out.stdout.contains("100000 errors"));
}

/// A report template can no longer ask for gigabytes.
#[test]
fn a_template_bomb_stops_with_an_error() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    for bomb in [
        "{{ 'x'|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx') }}",
        "{{ (range(10000)|list)*10000 }}",
    ] {
        write(&ws, ".cairn/templates/report-readme.md", bomb);
        let out = run(cairn(&ws).args(["report", "--check"]));
        assert_eq!(out.code, 2, "{bomb}: {}", out.stderr);
        assert!(out.stderr.contains("cannot render"), "{}", out.stderr);
    }
}

/// Work that can never finish walked 20 years a task, keeping every day.
#[test]
fn work_that_never_finishes_is_a_finding_not_a_20_year_walk() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    write(
        ws,
        "cairn.yaml",
        "name: W\npeople:\n  slow:\n    name: S\n    capacity: 0.000000001\n",
    );
    for i in 1..=3000 {
        write(
            ws,
            &format!("tasks/T-{i}-t.md"),
            &format!("---\nid: T-{i}\ntitle: T\nassignee: slow\nestimate: 1000000w\n---\n"),
        );
    }
    let (code, report) = check_json(ws);
    assert_eq!(code, 0, "warnings only");
    assert_eq!(
        report["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .filter(|d| d["rule"] == "never-finishes")
            .count(),
        3000
    );
    let out = run(cairn(ws).args(["plan", "--format", "json"]));
    assert!(out.stdout.contains("\"forecast_finish\": null"));
}

/// One `start: 9999-12-31` drew a month tick up to the year 9999 on every project page.
#[test]
fn a_far_future_date_does_not_blow_up_the_dashboard() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    write(&ws, "projects/web.md", "---\nid: web\ntitle: Web\n---\n");
    write(
        &ws,
        "tasks/T-2-b.md",
        "---\nid: T-2\ntitle: B\nproject: web\nassignee: alice\nstart: 9999-12-31\n---\n",
    );
    write(
        &ws,
        "tasks/T-3-c.md",
        "---\nid: T-3\ntitle: C\nproject: web\nassignee: alice\nstart: 2027-06-01\n---\n",
    );
    let out = run(cairn(&ws).args(["report", "--html"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = std::fs::metadata(ws.join("reports/site/web.html")).expect("page");
    assert!(page.len() < 200_000, "{} bytes", page.len());
}

#[cfg(unix)]
#[test]
fn symlinked_folders_and_files_that_lead_out_are_never_read_or_written() {
    use std::os::unix::fs::symlink;
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(ws.join(".git")).expect("a repository");
    let outside = tmp.path().join("outside");
    write(&outside, "T-7-x.md", "---\nid: T-7\ntitle: Outside\n---\n");
    write(
        &outside,
        "secret.yaml",
        "name: S\napi_token: hunter2\nbogus: [\n",
    );
    // tasks/ itself is a symlink out of the repository.
    std::fs::rename(ws.join("tasks"), tmp.path().join("tasks-moved")).expect("move");
    symlink(&outside, ws.join("tasks")).expect("symlink");
    let (code, report) = check_json(&ws);
    assert_eq!(code, 1);
    assert!(report.to_string().contains("path-escape"), "{report}");
    let out = run(cairn(&ws).args(["done", "T-7"]));
    assert_eq!(out.code, 2, "T-7 is not read: {}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(outside.join("T-7-x.md")).expect("read"),
        "---\nid: T-7\ntitle: Outside\n---\n"
    );
    std::fs::remove_file(ws.join("tasks")).expect("unlink");
    std::fs::rename(tmp.path().join("tasks-moved"), ws.join("tasks")).expect("back");

    // reports/ a symlink out: nothing is written there.
    let reports_out = tmp.path().join("reports-out");
    std::fs::create_dir_all(&reports_out).expect("mkdir");
    symlink(&reports_out, ws.join("reports")).expect("symlink");
    let out = run(cairn(&ws).arg("report"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("leads outside"), "{}", out.stderr);
    assert_eq!(std::fs::read_dir(&reports_out).expect("dir").count(), 0);
    std::fs::remove_file(ws.join("reports")).expect("unlink");

    // A template that is a symlink to a file out of the repository is not copied.
    std::fs::create_dir_all(ws.join(".cairn/templates")).expect("mkdir");
    symlink(
        outside.join("secret.yaml"),
        ws.join(".cairn/templates/report-readme.md"),
    )
    .expect("symlink");
    let out = run(cairn(&ws).arg("report"));
    assert_eq!(out.code, 2);
    assert!(!out.stdout.contains("hunter2") && !out.stderr.contains("hunter2"));
    assert!(
        std::fs::read_to_string(ws.join("reports/README.md"))
            .map_or(true, |t| !t.contains("hunter2"))
    );
    std::fs::remove_file(ws.join(".cairn/templates/report-readme.md")).expect("unlink");

    // cairn.yaml a symlink out: its lines are never quoted.
    std::fs::remove_file(ws.join("cairn.yaml")).expect("rm");
    symlink(outside.join("secret.yaml"), ws.join("cairn.yaml")).expect("symlink");
    let out = run(cairn(&ws).arg("check"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!out.stdout.contains("hunter2") && !out.stderr.contains("hunter2"));
}

/// A project id `../../x` made `new task --project` write outside the workspace; a
/// project called `people` overwrote the workload page.
#[test]
fn an_invalid_id_never_becomes_a_path_and_fixed_pages_keep_their_names() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    write(&ws, "projects/x.md", "---\nid: ../../x\ntitle: X\n---\n");
    let out = run(cairn(&ws).args(["new", "task", "Escape", "--project", "../../x"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!tmp.path().join("x").exists() && !tmp.path().join("tasks").exists());
    std::fs::remove_file(ws.join("projects/x.md")).expect("rm");
    write(
        &ws,
        "projects/people.md",
        "---\nid: people\ntitle: People team\n---\n",
    );
    let out = run(cairn(&ws).arg("report"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(ws.join("reports/project-people.md").exists());
    assert!(
        std::fs::read_to_string(ws.join("reports/people.md"))
            .expect("workload page")
            .starts_with("# Workload")
    );
    let out = run(cairn(&ws).args(["report", "--check"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn dry_run_after_a_tag_change_is_a_flag_not_a_tag() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    let before = std::fs::read_to_string(ws.join("tasks/T-1-a.md")).expect("read");
    let out = run(cairn(&ws).args(["tag", "T-1", "+x", "--dry-run"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(ws.join("tasks/T-1-a.md")).expect("read"),
        before
    );
    let out = run(cairn(&ws).args(["tag", "--dry-run", "T-1", "+x"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("+tags: [x]"), "{}", out.stdout);
}

/// 200 pairs of parallel edits lost 155 edits: now each edit lands, or fails saying so.
#[test]
fn concurrent_edits_of_one_file_are_never_lost() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    let bin = assert_cmd::cargo::cargo_bin("cairn");
    let children: Vec<_> = (0..12)
        .map(|i| {
            std::process::Command::new(&bin)
                .args(["-C"])
                .arg(&ws)
                .args(["--today", "2026-11-28", "tag", "T-1", &format!("+t{i}")])
                .env("XDG_CACHE_HOME", crate::support::test_cache_home())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut landed = Vec::new();
    for (i, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().expect("wait");
        match out.status.code() {
            Some(0) => landed.push(format!("t{i}")),
            _ => assert!(
                String::from_utf8_lossy(&out.stderr).contains("changed since it was read"),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
    let text = std::fs::read_to_string(ws.join("tasks/T-1-a.md")).expect("read");
    assert!(!landed.is_empty());
    for t in &landed {
        assert!(
            text.contains(t.as_str()),
            "{t} was reported written but is lost: {text}"
        );
    }
}

#[test]
fn an_edit_obeys_the_read_limit_and_read_only_files_are_refused() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    // A file just under the 8 MiB a file may have: one more comment would pass it.
    let file = ws.join("tasks/T-1-a.md");
    let mut text = std::fs::read_to_string(&file).expect("read");
    text.push_str(&"y".repeat(8 * 1024 * 1024 - text.len() - 100));
    text.push('\n');
    std::fs::write(&file, &text).expect("write");
    let out = run(cairn(&ws).args(["comment", "T-1", &"z".repeat(300), "--as", "alice"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("limit"), "{}", out.stderr);
    let (_, report) = check_json(&ws);
    assert!(!report.to_string().contains("unreadable"));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = ws.join("tasks/T-1-a.md");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let out = run(cairn(&ws).args(["done", "T-1"]));
        // Root may write anyway; the refusal comes from the permissions, not the OS.
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    }
}

#[cfg(unix)]
#[test]
fn an_edit_through_a_symlink_inside_the_repository_edits_its_target() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(ws.join("shared")).expect("mkdir");
    std::fs::rename(ws.join("tasks/T-1-a.md"), ws.join("shared/T-1-a.md")).expect("mv");
    std::os::unix::fs::symlink("../shared/T-1-a.md", ws.join("tasks/T-1-a.md")).expect("ln");
    let out = run(cairn(&ws).args(["done", "T-1"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        std::fs::symlink_metadata(ws.join("tasks/T-1-a.md"))
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(ws.join("shared/T-1-a.md"))
            .expect("read")
            .contains("status: done")
    );
}

/// A failed `init` left `cairn.yaml` behind, and the next `init` refused.
#[test]
fn init_is_all_or_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("tasks"), "a file where a folder goes").expect("w");
    let out = run(cairn(tmp.path()).arg("init"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!tmp.path().join("cairn.yaml").exists());
    std::fs::remove_file(tmp.path().join("tasks")).expect("rm");
    let out = run(cairn(tmp.path()).arg("init"));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// `T-18446744073709551615` was accepted and `new task` wrapped to `T-0`; a malformed id
/// made every other key "unknown field `status` (did you mean `status`?)".
#[test]
fn absurd_and_malformed_ids_are_one_finding_each() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    write(
        &ws,
        "tasks/T-18446744073709551615-b.md",
        "---\nid: T-18446744073709551615\ntitle: B\n---\n",
    );
    write(
        &ws,
        "tasks/T-3-c.md",
        "---\nid: T-x3\ntitle: C\nstatus: todo\n---\n",
    );
    let (_, report) = check_json(&ws);
    let text = report.to_string();
    assert!(!text.contains("unknown field `status`"), "{text}");
    assert_eq!(text.matches("invalid-value").count(), 2, "{text}");
    let out = run(cairn(&ws).args(["new", "task", "Next"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // T-3's file name holds number 3 though its id is malformed: the next is T-4.
    assert_eq!(out.stdout.trim(), "tasks/T-4-next.md");
}

/// Folders nested without end are read to a fixed depth, in the working tree and in git
/// alike (a walk that recursed once per level could be made to overflow its stack).
#[test]
fn folders_nested_too_deep_are_a_finding_not_a_crash() {
    let tmp = hostile_workspace();
    let ws = tmp.path().join("ws");
    crate::support::git_at(tmp.path(), &["init", "-q"], "2026-11-20T10:00:00Z");
    crate::support::git_at(tmp.path(), &["add", "-A"], "2026-11-20T10:00:00Z");
    crate::support::git_at(
        tmp.path(),
        &["commit", "-qm", "base"],
        "2026-11-20T10:00:00Z",
    );
    let mut dir = String::from("tasks");
    for level in 1..=70 {
        dir.push_str("/d");
        if level == 10 {
            write(
                &ws,
                &format!("{dir}/T-2-ten.md"),
                "---\nid: T-2\ntitle: Ten deep\nassignee: alice\nestimate: 1d\n---\n",
            );
        }
    }
    write(
        &ws,
        &format!("{dir}/T-3-deep.md"),
        "---\nid: T-3\ntitle: Too deep\n---\n",
    );
    let (code, report) = check_json(&ws);
    assert_eq!(code, 1, "{report}");
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 1, "{report}");
    assert_eq!(diags[0]["rule"], "unreadable");
    let message = diags[0]["message"].as_str().expect("message");
    assert!(message.contains("nested more than 64 deep"), "{message}");
    // T-2, ten folders down, is read: a task may depend on it.
    let out = run(cairn(&ws).args(["show", "T-2", "--no-forecast"]));
    assert_eq!(out.code, 0, "{}", out.stderr);

    crate::support::git_at(tmp.path(), &["add", "-A"], "2026-11-21T10:00:00Z");
    crate::support::git_at(
        tmp.path(),
        &["commit", "-qm", "deep"],
        "2026-11-21T10:00:00Z",
    );
    let out = run(cairn(&ws).args(["review", "HEAD~1", "HEAD", "--format", "json"]));
    assert_eq!(
        out.code, 1,
        "the change introduces an error: {}",
        out.stderr
    );
    let review: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let introduced = review["findings"]["introduced"].as_array().expect("list");
    assert!(
        introduced.iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.contains("nested more than 64 deep"))),
        "{review}"
    );
    let added = review["tasks"]["added"].as_array().expect("added");
    assert_eq!(added.len(), 1, "only T-2 is read from git: {review}");
}
