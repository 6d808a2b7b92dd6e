//! `ops::edit` on its own: each edit is a [`Change`] whose text differs from the file
//! only where the edit says, and the checked pipeline refuses an edit that adds an error.

use cairn_core::load::{self, source::DirSource};
use cairn_core::model::Workspace;
use cairn_core::ops::change::Change;
use cairn_core::ops::edit;
use jiff::civil::{Date, date};

const TODAY: Date = date(2026, 12, 1);

fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, DirSource, Workspace) {
    let dir = tempfile::tempdir().expect("tempdir");
    let base: &[(&str, &str)] = &[
        (
            "cairn.yaml",
            "name: Lib\npeople:\n  ann: {name: Ann}\n  bob: {name: Bob}\n",
        ),
        (
            "projects/p.md",
            "---\nid: p\ntitle: P\nstatus: active\n---\n",
        ),
    ];
    for (path, text) in base.iter().chain(files) {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    let source = DirSource::new(dir.path()).expect("source");
    let ws = load::load(&source).expect("loads");
    (dir, source, ws)
}

fn only_text(change: &Change) -> (&str, &str) {
    assert_eq!(change.files.len(), 1, "{change:?}");
    let f = &change.files[0];
    (
        f.before.as_deref().expect("an edit"),
        f.after.as_deref().expect("a write"),
    )
}

/// The lines of `after` that are not in `before`, in order.
fn added_lines<'a>(before: &str, after: &'a str) -> Vec<&'a str> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    after
        .split_inclusive('\n')
        .filter(|l| !old.contains(l))
        .collect()
}

#[test]
fn set_changes_one_line_and_keeps_comments_crlf_and_the_bom() {
    let text = "\u{feff}---\r\nid: T-1\r\ntitle: Write   # the title\r\nstatus: todo\r\nproject: p\r\npriority: high # agreed\r\n---\r\nBody\r\n";
    let (_dir, _src, ws) = workspace(&[("tasks/T-1.md", text)]);
    let change = edit::set(&ws, "T-1", &["priority=low".into()], &[], TODAY).expect("set");
    let (before, after) = only_text(&change);
    assert_eq!(before, text);
    assert_eq!(
        after,
        text.replace("priority: high # agreed", "priority: low # agreed")
    );
}

#[test]
fn done_writes_the_closed_date_and_reopen_removes_it() {
    let text = "---\nid: T-1\ntitle: A\nstatus: doing\nproject: p\n---\n";
    let (_dir, _src, ws) = workspace(&[("tasks/T-1.md", text)]);
    let change = edit::done(&ws, "T-1", TODAY).expect("done");
    let (before, after) = only_text(&change);
    assert_eq!(
        added_lines(before, after),
        ["status: done\n", "closed: 2026-12-01\n"]
    );
    let (_dir, _src, ws) = workspace(&[("tasks/T-1.md", after)]);
    let change = edit::reopen(&ws, "T-1", TODAY).expect("reopen");
    let (_, reopened) = only_text(&change);
    assert!(!reopened.contains("closed:"), "{reopened}");
    assert!(reopened.contains("status: todo\n"), "{reopened}");
}

#[test]
fn unknown_people_tasks_and_ids_are_refused_by_name() {
    let (_dir, _src, ws) = workspace(&[(
        "tasks/T-1.md",
        "---\nid: T-1\ntitle: A\nstatus: todo\nproject: p\n---\n",
    )]);
    let err = edit::assign(&ws, "T-1", &["annn".into()]).expect_err("unknown person");
    assert!(err.to_string().contains("annn"), "{err}");
    let err = edit::depend(&ws, "T-1", &["T-9".into()], false).expect_err("unknown task");
    assert!(err.to_string().contains("T-9"), "{err}");
    let err = edit::start(&ws, "T-2", TODAY).expect_err("unknown id");
    assert!(err.to_string().contains("T-2"), "{err}");
}

#[test]
fn a_dependency_that_closes_a_cycle_is_refused_by_the_check() {
    let (_dir, source, ws) = workspace(&[
        (
            "tasks/T-1.md",
            "---\nid: T-1\ntitle: A\nstatus: todo\nproject: p\n---\n",
        ),
        (
            "tasks/T-2.md",
            "---\nid: T-2\ntitle: B\nstatus: todo\nproject: p\ndepends_on: [T-1]\n---\n",
        ),
    ]);
    let change = edit::depend(&ws, "T-1", &["T-2".into()], false).expect("an edit");
    let (before, after) = only_text(&change);
    assert_eq!(added_lines(before, after), ["depends_on: [T-2]\n"]);
    let verdict = change.check(ws, &source, TODAY, false).expect("checked");
    let rules: Vec<&str> = verdict
        .introduced_errors
        .iter()
        .map(|d| d.rule.name())
        .collect();
    assert!(rules.contains(&"dependency-cycle"), "{rules:?}");
}

#[test]
fn an_edit_that_adds_no_error_passes_the_check_and_the_after_workspace_holds_it() {
    let (_dir, source, ws) = workspace(&[(
        "tasks/T-1.md",
        "---\nid: T-1\ntitle: A\nstatus: todo\nproject: p\n---\n",
    )]);
    let change = edit::assign(&ws, "T-1", &["bob".into()]).expect("assign");
    let verdict = change.check(ws, &source, TODAY, false).expect("checked");
    assert!(verdict.introduced_errors.is_empty());
    let t = verdict.after.task("T-1").expect("still there");
    assert_eq!(
        t.assignees
            .iter()
            .map(|a| a.value.as_str())
            .collect::<Vec<_>>(),
        ["bob"]
    );
}

#[test]
fn setting_a_field_to_its_value_changes_nothing() {
    let (_dir, _src, ws) = workspace(&[(
        "tasks/T-1.md",
        "---\nid: T-1\ntitle: A\nstatus: todo\nproject: p\npriority: high\n---\n",
    )]);
    let change = edit::set(&ws, "T-1", &["priority=high".into()], &[], TODAY).expect("set");
    assert!(change.is_empty(), "{change:?}");
}
