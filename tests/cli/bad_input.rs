//! Hostile workspaces built at test time (things that cannot be committed: a 50 MB file,
//! symlinks out of the repository, symlink loops). Each must give a clean finding, never a
//! crash, and must not write anything.

use crate::support::{cairn, check_json, diagnostic_lines, run};
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
