//! Where cairn keeps its own files and how an edit writes: state never in the working
//! tree, a planted journal never replayed, an interrupted change finished only by
//! `cairn recover` and never over a later hand edit, concurrent edits queued, BOMs kept.

use crate::support::{cairn, git, run, test_state_home, write};
use cairn_core::load::state::{StateDir, path_key};
use cairn_core::ops::journal::{Journal, Step, content_id};
use std::path::Path;

fn workspace(root: &Path) {
    write(
        root,
        "cairn.yaml",
        "name: Plan\npeople:\n  ann:\n    name: Ann\n",
    );
    write(
        root,
        "tasks/T-1-first.md",
        "---\nid: T-1\ntitle: First\nstatus: todo\nassignee: ann\n---\nBody.\n",
    );
    write(root, "tasks/notes.txt", "notes\n");
}

/// The journal the issue found committed in a repository: a path out of the repository,
/// an absolute path, and a file of the workspace.
fn plant(root: &Path, victim: &Path) {
    write(
        root,
        ".cairn/state/journal",
        &format!(
            "put\ttasks/notes.txt\t../../victim\nremove\t{}\nremove\ttasks/T-1-first.md\n",
            victim.display()
        ),
    );
}

fn every_command_leaves_everything_alone(ws: &Path, victims: &[&Path]) {
    for args in [
        vec!["check"],
        vec!["list"],
        vec!["show", "T-1"],
        vec!["status"],
        vec!["plan"],
        vec!["set", "T-1", "priority=high"],
        vec!["recover"],
    ] {
        let out = run(cairn(ws).args(&args));
        assert!(out.code <= 1, "{args:?}: {}", out.stderr);
        for v in victims {
            assert_eq!(
                std::fs::read_to_string(v).expect("victim is still there"),
                "precious\n",
                "{args:?}"
            );
        }
        assert!(ws.join("tasks/T-1-first.md").is_file(), "{args:?}");
        assert!(ws.join("tasks/notes.txt").is_file(), "{args:?}");
        assert!(ws.join(".cairn/state/journal").is_file(), "never consumed");
    }
    let out = run(cairn(ws).args(["check"]));
    assert!(
        out.stdout.contains("warning[foreign-state]"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_committed_state_folder_is_reported_and_never_replayed_in_a_worktree() {
    let tmp = tempfile::tempdir().expect("tmp");
    let main = tmp.path().join("repo/main");
    std::fs::create_dir_all(&main).expect("mkdir");
    let victim = tmp.path().join("repo/victim");
    let victim2 = tmp.path().join("abs-victim");
    std::fs::write(&victim, "precious\n").expect("victim");
    std::fs::write(&victim2, "precious\n").expect("victim");
    git(&main, &["init", "-q", "-b", "main"]);
    workspace(&main);
    plant(&main, &victim2);
    git(&main, &["add", "-A"]);
    git(&main, &["commit", "-qm", "plan with a planted journal"]);
    git(&main, &["worktree", "add", "-q", "../wt"]);
    let wt = tmp.path().join("repo/wt");
    assert!(wt.join(".git").is_file(), "a linked worktree");
    every_command_leaves_everything_alone(&wt, &[&victim, &victim2]);
    // Its state is in the worktree's git directory.
    let state = StateDir::locate(&wt, None).expect("state");
    assert!(
        state
            .path()
            .starts_with(main.join(".git/worktrees").canonicalize().expect("c"))
    );
    // The review of the commit that planted it says so too.
    let out = run(cairn(&wt).args(["review", "HEAD~0", "--no-merge-base"]));
    assert!(out.code <= 1, "{}", out.stderr);
}

#[test]
fn a_copy_outside_git_never_replays_a_planted_journal_and_writes_no_state_into_the_tree() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("a/b/copy");
    let victim = tmp.path().join("a/victim");
    std::fs::create_dir_all(&ws).expect("mkdir");
    std::fs::write(&victim, "precious\n").expect("victim");
    workspace(&ws);
    plant(&ws, &victim);
    // A symlinked state folder, too: nothing follows it.
    std::os::unix::fs::symlink(tmp.path(), ws.join(".cairn/elsewhere")).expect("link");
    every_command_leaves_everything_alone(&ws, &[&victim]);
    let out = run(cairn(&ws).args(["set", "T-1", "priority=low"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The edit's lock and journal went to the user's state folder.
    let leftovers: Vec<_> = walkdir::WalkDir::new(&ws)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(&ws)
                .expect("in")
                .display()
                .to_string()
        })
        .filter(|p| p.contains("cairn-tmp") || p.contains("lock") || p.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let state = StateDir::locate(&ws, Some(&test_state_home())).expect("state");
    assert!(state.path().join("lock").is_file());
}

/// Stages a change exactly as a killed cairn would have left it: journal ready, new
/// contents staged, nothing renamed yet.
fn interrupted(ws: &Path, target: &str, before: &str, after: &str) -> StateDir {
    let state = StateDir::locate(ws, Some(&test_state_home())).expect("state");
    let mut j = Journal {
        id: "42-1".into(),
        root: path_key(state.root()),
        steps: vec![Step::Put {
            staged: "42-1-0".into(),
            target: target.into(),
            before: Some(content_id(before.as_bytes())),
            after: content_id(after.as_bytes()),
        }],
        ready: false,
    };
    cairn_core::ops::journal::stage(&state, &mut j, &[after.as_bytes()]).expect("stage");
    state
}

#[test]
fn an_interrupted_change_is_reported_by_readers_and_finished_only_by_recover() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    workspace(&ws);
    let file = ws.join("tasks/T-1-first.md");
    let before = std::fs::read_to_string(&file).expect("read");
    let after = before.replace("status: todo", "status: doing");
    let state = interrupted(&ws, "tasks/T-1-first.md", &before, &after);

    let out = run(cairn(&ws).args(["list"]));
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("cairn recover"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        before,
        "list writes nothing"
    );
    let out = run(cairn(&ws).args(["start", "T-1"]));
    assert_eq!(out.code, 2, "an edit waits for the change to be resolved");
    assert!(out.stderr.contains("cairn recover"), "{}", out.stderr);

    let out = run(cairn(&ws).args(["recover"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("wrote tasks/T-1-first.md"),
        "{}",
        out.stdout
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), after);
    assert!(!state.journal().exists());
    assert_eq!(
        run(cairn(&ws).args(["recover"])).stdout,
        "nothing to recover\n"
    );
}

/// Regression: a killed renumber, then `git reset --hard` and a hand edit, and the next
/// `cairn list` renamed the stale temporary file over the hand edit.
#[test]
fn recover_never_overwrites_a_hand_edit_made_after_the_interruption() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    workspace(&ws);
    let file = ws.join("tasks/T-1-first.md");
    let before = std::fs::read_to_string(&file).expect("read");
    let state = interrupted(&ws, "tasks/T-1-first.md", &before, "renumbered\n");
    let hand = before.replace("Body.", "Body, edited by hand after the crash.");
    std::fs::write(&file, &hand).expect("hand edit");
    for args in [vec!["list"], vec!["check"], vec!["show", "T-1"]] {
        run(cairn(&ws).args(&args));
        assert_eq!(std::fs::read_to_string(&file).expect("read"), hand);
    }
    let out = run(cairn(&ws).args(["recover"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("tasks/T-1-first.md changed since it was written"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("aside-42-1"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), hand);
    assert!(!state.journal().exists(), "set aside");
    // Edits work again.
    let out = run(cairn(&ws).args(["start", "T-1", "-q"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn recover_discard_abandons_the_change() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    workspace(&ws);
    let file = ws.join("tasks/T-1-first.md");
    let before = std::fs::read_to_string(&file).expect("read");
    interrupted(&ws, "tasks/T-1-first.md", &before, "other\n");
    let out = run(cairn(&ws).args(["recover", "--discard"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("not written tasks/T-1-first.md"),
        "{}",
        out.stdout
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), before);
}

/// Regression: 20 processes x 20 comments on one task landed 83 and refused 317; an
/// edit now waits for the lock, then reads, checks and writes.
#[test]
fn concurrent_edits_wait_for_each_other_and_all_land() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    workspace(&ws);
    let (procs, each) = (8, 6);
    let handles: Vec<_> = (0..procs)
        .map(|p| {
            let ws = ws.clone();
            std::thread::spawn(move || {
                for c in 0..each {
                    let out = run(cairn(&ws).args([
                        "comment",
                        "T-1",
                        &format!("note {p}-{c}"),
                        "--as",
                        "ann",
                        "-q",
                        "--wait",
                        "60s",
                    ]));
                    assert_eq!(out.code, 0, "{}", out.stderr);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread");
    }
    let text = std::fs::read_to_string(ws.join("tasks/T-1-first.md")).expect("read");
    for p in 0..procs {
        for c in 0..each {
            assert!(
                text.contains(&format!("@ann: note {p}-{c}\n")),
                "{p}-{c} lost"
            );
        }
    }
}

#[test]
fn a_wait_that_runs_out_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    workspace(&ws);
    let state = StateDir::locate(&ws, Some(&test_state_home())).expect("state");
    let _held = state.lock(std::time::Duration::ZERO).expect("lock");
    let out = run(cairn(&ws).args(["start", "T-1", "--wait", "300ms"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("another cairn command is changing this workspace"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--wait"), "{}", out.stderr);
}

/// Regression: a file starting with a UTF-8 BOM could never be edited ("changed since
/// it was read").
#[test]
fn a_file_with_a_bom_can_be_edited_and_keeps_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    workspace(&ws);
    let file = ws.join("tasks/T-1-first.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("\u{feff}{}", text.replace('\n', "\r\n"))).expect("bom");
    for args in [
        vec!["set", "T-1", "priority=high"],
        vec!["tag", "T-1", "+web"],
        vec!["comment", "T-1", "hello", "--as", "ann"],
        vec!["renumber", "T-1", "T-7"],
    ] {
        let out = run(cairn(&ws).args(&args).arg("-q"));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    let bytes = std::fs::read(ws.join("tasks/T-7-first.md")).expect("renumbered");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF---\r\nid: T-7\r\n"),
        "{bytes:?}"
    );
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.contains("priority: high\r\n") && text.contains("tags: [web]\r\n"));
    assert!(text.contains("@ann: hello\r\n"), "{text}");
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF kept");
    // A dry run's diff applies to the file as it is, BOM and all.
    let out = run(cairn(&ws).args(["set", "T-7", "priority=low", "--dry-run"]));
    let patch = tmp.path().join("p.diff");
    std::fs::write(&patch, out.stdout).expect("patch");
    crate::support::git(&ws, &["init", "-q"]);
    crate::support::git(&ws, &["apply", "--check", patch.to_str().expect("utf-8")]);
}
