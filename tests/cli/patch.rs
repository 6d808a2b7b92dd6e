//! Edit semantics on `examples/`: the diff every edit prints with `--dry-run` is a real
//! patch (`git apply` and `patch -p1` put it in place on an untouched copy, and the result
//! is byte for byte what the edit itself writes, CRLF files included); status moves keep
//! `closed` consistent; no-op edits leave bytes and mtime alone.

use crate::support::{copy_dir, run};
use std::collections::BTreeMap;
use std::path::Path;

const TODAY: &str = "2026-11-28";

fn cairn(dir: &Path) -> assert_cmd::Command {
    crate::support::cairn(dir)
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        // cairn's lock outside git (`.cairn/state/`) is not part of the plan.
        .filter(|e| {
            !e.path()
                .components()
                .any(|c| c.as_os_str() == ".git" || c.as_os_str() == ".cairn")
        })
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// A copy of `examples/` with one task file in CRLF line endings.
fn examples_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(&crate::support::repo_path("examples"), tmp.path());
    let crlf = tmp
        .path()
        .join("tasks/website/T-12-service-pages-template.md");
    let text = std::fs::read_to_string(&crlf).expect("read");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).expect("write");
    tmp
}

fn apply(tool: &[&str], dir: &Path, patch: &str) {
    use std::io::Write as _;
    let mut child = std::process::Command::new(tool[0])
        .args(&tool[1..])
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the tool runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(patch.as_bytes())
        .expect("write the patch");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{tool:?} refused the patch:\n{}{}\n--- patch ---\n{patch}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `args` with `--dry-run` on one copy and for real on another, applies the printed
/// diff to a third with `git apply` and to a fourth with `patch -p1`, and compares.
fn roundtrip(args: &[&str]) {
    let edited = examples_copy();
    let before = tree(edited.path());
    // `--dry-run` right after the (sub)command, before values that may start with `-`.
    let at = if matches!(args[0], "action" | "new") {
        2
    } else {
        1
    };
    let mut with_dry: Vec<&str> = args.to_vec();
    with_dry.insert(at, "--dry-run");
    let dry = run(cairn(edited.path()).args(&with_dry));
    assert_eq!(
        dry.code, 0,
        "{args:?} --dry-run: {}{}",
        dry.stdout, dry.stderr
    );
    assert_eq!(
        tree(edited.path()),
        before,
        "{args:?} --dry-run wrote files"
    );
    assert!(
        dry.stdout.starts_with("diff --git "),
        "{args:?}: {}",
        dry.stdout
    );
    let real = run(cairn(edited.path()).args(args));
    assert_eq!(real.code, 0, "{args:?}: {}{}", real.stdout, real.stderr);
    let after = tree(edited.path());
    assert_ne!(after, before, "{args:?} changed nothing");

    for tool in [
        &["git", "apply", "--whitespace=nowarn", "-"][..],
        &[
            "patch",
            "-p1",
            "--quiet",
            "--batch",
            "--no-backup-if-mismatch",
        ][..],
    ] {
        let copy = examples_copy();
        if tool[0] == "git" {
            let mut check = tool.to_vec();
            check.insert(2, "--check");
            apply(&check, copy.path(), &dry.stdout);
            assert_eq!(tree(copy.path()), before, "git apply --check wrote files");
        } else {
            apply(
                &["patch", "-p1", "--dry-run", "--batch"],
                copy.path(),
                &dry.stdout,
            );
        }
        apply(tool, copy.path(), &dry.stdout);
        let patched = tree(copy.path());
        for (path, bytes) in &after {
            assert_eq!(
                patched
                    .get(path)
                    .map(|b| String::from_utf8_lossy(b).into_owned()),
                Some(String::from_utf8_lossy(bytes).into_owned()),
                "{args:?} with {}: {path} differs from what the edit wrote\n{}",
                tool[0],
                dry.stdout
            );
        }
        assert_eq!(
            patched.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{args:?} with {}: the files differ",
            tool[0]
        );
    }
}

#[test]
fn every_edit_prints_a_diff_that_git_apply_and_patch_put_in_place() {
    let cases: &[&[&str]] = &[
        &["start", "T-10"],
        &["done", "T-9"],
        &["reopen", "T-1"],
        &["start", "T-1"],
        &["assign", "T-10", "alice"],
        &["unassign", "T-36", "alice"],
        // A field that is not there yet: the inserted line's header.
        &["set", "T-50", "due=2027-02-01", "assignee=frank"],
        &["set", "T-10", "estimate=4d", "--unset", "priority"],
        &["set", "website", "due=2027-02-15"],
        &["depend", "T-12", "on", "T-17"],
        &["depend", "T-11", "on", "T-10", "--remove"],
        &["tag", "T-10", "+urgent", "-frontend"],
        &["move", "T-50", "--project", "website"],
        &[
            "comment",
            "T-10",
            "Can we reuse the hero image?",
            "--as",
            "bob",
        ],
        &["tick", "T-9", "4"],
        &["untick", "T-9", "1"],
        &["action", "done", "2026-11-23-weekly-sync", "4"],
        &["promote", "2026-11-25-mobile-alpha-planning", "2"],
        &["decide", "D-3", "--choose", "BigQuery"],
        &["new", "task", "Press kit", "--project", "website"],
        &["renumber", "T-50", "T-60"],
        // The CRLF file.
        &["done", "T-12"],
        &["set", "T-12", "start=2026-12-01", "tags=frontend,crlf"],
    ];
    for args in cases {
        roundtrip(args);
    }
}

fn field(dir: &Path, rel: &str, key: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(rel))
        .expect("read")
        .lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_owned))
}

#[test]
fn status_round_trips_keep_closed_consistent() {
    let tmp = examples_copy();
    let dir = tmp.path();
    let rel = "tasks/website/T-10-site-header-navigation.md";
    let on = |today: &str| {
        let mut cmd = assert_cmd::Command::cargo_bin("cairn").expect("built");
        cmd.arg("-C")
            .arg(dir)
            .args(["--today", today])
            .env("XDG_CACHE_HOME", crate::support::test_cache_home())
            .env("NO_COLOR", "1");
        cmd
    };
    let step = |args: &[&str], today: &str, status: &str, closed: Option<&str>| {
        let out = run(on(today).args(args));
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
        assert_eq!(
            field(dir, rel, "status").as_deref(),
            Some(status),
            "{args:?}"
        );
        assert_eq!(field(dir, rel, "closed").as_deref(), closed, "{args:?}");
        let check = run(cairn(dir).args(["check", "--format", "json"]));
        assert!(
            !check.stdout.contains("closed-not-done"),
            "{args:?}: {}",
            check.stdout
        );
    };
    step(&["done", "T-10"], "2026-11-28", "done", Some("2026-11-28"));
    // Done again on a later day: already done, the date stays.
    let before = std::fs::read(dir.join(rel)).expect("read");
    let out = run(on("2026-11-30").args(["done", "T-10"]));
    assert_eq!(out.code, 0);
    assert_eq!(std::fs::read(dir.join(rel)).expect("read"), before);
    step(&["start", "T-10"], "2026-11-29", "doing", None);
    step(&["done", "T-10"], "2026-12-01", "done", Some("2026-12-01"));
    step(&["reopen", "T-10"], "2026-12-02", "todo", None);
    step(
        &["set", "T-10", "closed=2026-11-20", "status=done"],
        "2026-12-03",
        "done",
        Some("2026-11-20"),
    );
    step(
        &["set", "T-10", "status=review"],
        "2026-12-03",
        "review",
        None,
    );
    // A promoted action item moves its task with it.
    let meeting = "meetings/2026-11-25-mobile-alpha-planning.md";
    let out = run(cairn(dir).args(["promote", "2026-11-25-mobile-alpha-planning", "2"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let task = walkdir::WalkDir::new(dir.join("tasks"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("T-52-"))
        .expect("the promoted task")
        .path()
        .strip_prefix(dir)
        .expect("inside")
        .to_string_lossy()
        .into_owned();
    let task = task.as_str();
    let out = run(cairn(dir).args(["action", "done", "2026-11-25-mobile-alpha-planning", "2"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        std::fs::read_to_string(dir.join(meeting))
            .expect("read")
            .contains("- [x] @alice Get the names and devices")
    );
    assert_eq!(field(dir, task, "status").as_deref(), Some("done"));
    assert_eq!(field(dir, task, "closed").as_deref(), Some(TODAY));
    let out = run(cairn(dir).args(["action", "reopen", "2026-11-25-mobile-alpha-planning", "2"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(field(dir, task, "status").as_deref(), Some("todo"));
    assert_eq!(field(dir, task, "closed"), None);
}

#[test]
fn an_edit_to_what_is_already_so_touches_nothing() {
    let tmp = examples_copy();
    let dir = tmp.path();
    // T-23 has `priority: urgent`; T-50 has no priority (normal by default); T-12 (CRLF)
    // has `priority: normal`, `tags: [frontend]` and `due: 2026-12-15`.
    let t50 = dir.join("tasks/data-platform/T-50-cost-alerts.md");
    let text = std::fs::read_to_string(&t50).expect("read");
    std::fs::write(&t50, text.replace("priority: low\n", "")).expect("write");
    let cases: &[(&[&str], &str)] = &[
        (
            &["set", "T-23", "priority=urgent"],
            "tasks/website/T-23-launch-cutover.md",
        ),
        (
            &["set", "T-50", "priority=normal"],
            "tasks/data-platform/T-50-cost-alerts.md",
        ),
        (
            &[
                "set",
                "T-12",
                "priority=normal",
                "due=2026-12-15",
                "tags=frontend",
            ],
            "tasks/website/T-12-service-pages-template.md",
        ),
        (
            &["start", "T-9"],
            "tasks/website/T-9-storybook-component-library.md",
        ),
        (&["done", "T-1"], "tasks/website/T-1-audit-current-site.md"),
        (
            &["assign", "T-9", "dan"],
            "tasks/website/T-9-storybook-component-library.md",
        ),
        (
            &["tag", "T-9", "+frontend"],
            "tasks/website/T-9-storybook-component-library.md",
        ),
        (
            &["depend", "T-10", "on", "T-9"],
            "tasks/website/T-10-site-header-navigation.md",
        ),
        (
            &["tick", "T-9", "1"],
            "tasks/website/T-9-storybook-component-library.md",
        ),
    ];
    for (args, rel) in cases {
        let path = dir.join(rel);
        let text = std::fs::read(&path).expect("read");
        // An mtime well in the past, so a rewrite of the same bytes would show.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open")
            .set_modified(old)
            .expect("set mtime");
        let out = run(cairn(dir).args(*args));
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.is_empty()
                || out.stdout.contains("already")
                || out.stderr.contains("already"),
            "{args:?} printed a change: {}",
            out.stdout
        );
        assert_eq!(std::fs::read(&path).expect("read"), text, "{args:?}");
        assert_eq!(
            std::fs::metadata(&path)
                .expect("stat")
                .modified()
                .expect("mtime"),
            old,
            "{args:?} rewrote the file"
        );
    }
}

#[test]
fn check_reports_closed_on_unfinished_work_and_full_progress_on_open_work() {
    let tmp = examples_copy();
    let dir = tmp.path();
    let rel = dir.join("tasks/website/T-10-site-header-navigation.md");
    let text = std::fs::read_to_string(&rel).expect("read");
    std::fs::write(
        &rel,
        text.replacen(
            "due: 2026-12-09\n",
            "due: 2026-12-09\nclosed: 2026-11-20\nprogress: 100\n",
            1,
        ),
    )
    .expect("write");
    let out = run(cairn(dir).args(["check", "--format", "json"]));
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == "tasks/website/T-10-site-header-navigation.md")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["severity"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        found.contains(&("closed-not-done".into(), "error".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("progress-without-done".into(), "warning".into())),
        "{found:?}"
    );
    // The hinted fix: `cairn done` makes both go away.
    let out = run(cairn(dir).args(["done", "T-10"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let out = run(cairn(dir).args(["check", "--format", "json"]));
    assert!(
        !out.stdout.contains("closed-not-done") && !out.stdout.contains("progress-without-done")
    );
}
