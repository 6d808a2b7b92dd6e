//! `cairn new`: tasks with tags, parents, bodies and relative dates; people and
//! milestones as surgical edits; templates that hold nothing the rules read.

use crate::support::{cairn, json, run};

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
            .all(|f| f == "cairn.yaml" || f == ".gitattributes" || f.ends_with(".gitkeep")),
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
        (
            &["new", "person", "Bad Id"],
            "must be lowercase letters, digits",
        ),
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
