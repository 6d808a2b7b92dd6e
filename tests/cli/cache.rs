//! The parse cache: a second run reads its files from the cache and answers exactly as a
//! run without it; a changed file (even one changed in the same second, with the same
//! size) is read again; a corrupt cache is ignored; `--no-cache` and `CAIRN_NO_CACHE`
//! neither read nor write it.

use crate::support::{cairn, copy_dir, repo_path, run};
use std::path::{Path, PathBuf};

fn check(ws: &Path, cache_home: &Path, extra: &[&str]) -> String {
    let out = run(cairn(ws)
        .env("XDG_CACHE_HOME", cache_home)
        .args(["check", "--format", "json"])
        .args(extra));
    assert!(out.code <= 1, "{}", out.stderr);
    out.stdout
}

fn cache_files(home: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(home)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "parse-cache")
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn the_cache_answers_as_a_fresh_parse_and_never_serves_a_changed_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    copy_dir(&repo_path("examples"), &ws);
    let home = tmp.path().join("cache");
    let fresh = check(&ws, &home, &["--no-cache"]);
    assert!(cache_files(&home).is_empty(), "--no-cache writes nothing");
    let first = check(&ws, &home, &[]);
    assert_eq!(
        cache_files(&home).len(),
        1,
        "the first run writes the cache"
    );
    let second = check(&ws, &home, &[]);
    assert_eq!(first, fresh);
    assert_eq!(second, fresh, "from the cache, the same findings");

    // The same size, written right away (within the second the cache was written).
    let task = ws.join("tasks/website/T-11-homepage-template.md");
    let text = std::fs::read_to_string(&task).expect("read");
    let changed = text.replace("due: 2026-12-11", "due: 2026-12-12");
    assert_eq!(changed.len(), text.len());
    std::fs::write(&task, &changed).expect("write");
    let after = check(&ws, &home, &[]);
    assert_eq!(after, check(&ws, &home, &["--no-cache"]));
    assert_ne!(after, fresh, "the change is seen");

    // Garbage in the cache is ignored and replaced.
    let file = cache_files(&home).pop().expect("a cache");
    std::fs::write(&file, b"cairnPC1 not a cache at all").expect("corrupt");
    assert_eq!(check(&ws, &home, &[]), after);
    assert!(std::fs::read(&file).expect("rewritten").len() > 1000);

    // CAIRN_NO_CACHE is --no-cache.
    let home2 = tmp.path().join("cache2");
    let out = run(cairn(&ws)
        .env("XDG_CACHE_HOME", &home2)
        .env("CAIRN_NO_CACHE", "1")
        .args(["check", "--format", "json"]));
    assert_eq!(out.stdout, after);
    assert!(cache_files(&home2).is_empty());
}

#[test]
fn in_git_the_cache_lives_in_the_git_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("plan");
    copy_dir(&repo_path("examples"), &ws);
    crate::support::git(tmp.path(), &["init", "-q"]);
    let home = tmp.path().join("cache");
    check(&ws, &home, &[]);
    assert!(cache_files(&home).is_empty());
    assert_eq!(cache_files(&tmp.path().join(".git/cairn")).len(), 1);
    // Nothing of cairn's own in the working tree.
    assert!(!ws.join(".cairn").exists());
}

/// A few changed files are parsed again on every run rather than rewriting the whole
/// cache for them; many are written back.
#[test]
fn a_few_changed_files_do_not_rewrite_the_cache() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    copy_dir(&repo_path("examples"), &ws);
    // Files written in the second the cache is written are read again on every run
    // (git's racy rule): the copy must be older than the cache for it to be used.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let home = tmp.path().join("cache");
    check(&ws, &home, &[]);
    let file = cache_files(&home).pop().expect("a cache");
    let written = std::fs::read(&file).expect("cache");

    let tasks: Vec<PathBuf> = walkdir::WalkDir::new(ws.join("tasks"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(tasks.len() > 12, "{}", tasks.len());
    let touch = |paths: &[PathBuf]| {
        for p in paths {
            let text = std::fs::read_to_string(p).expect("read");
            std::fs::write(p, format!("{text}\nEdited.\n")).expect("write");
        }
    };
    touch(&tasks[..1]);
    let after = check(&ws, &home, &[]);
    assert_eq!(
        after,
        check(&ws, &home, &["--no-cache"]),
        "the edit is seen"
    );
    assert_eq!(
        std::fs::read(&file).expect("cache"),
        written,
        "not rewritten"
    );
    assert_eq!(check(&ws, &home, &[]), after, "and seen again");

    touch(&tasks[1..12]);
    let after = check(&ws, &home, &[]);
    assert_eq!(after, check(&ws, &home, &["--no-cache"]));
    assert_ne!(std::fs::read(&file).expect("cache"), written, "rewritten");
}

/// Regression: a task rewritten in place at the same size with its modification time put
/// back (`touch -d`) was served from the cache: `show` said `done` while `--no-cache`
/// said `todo`, and `start` then failed every time.
#[test]
fn a_rewrite_with_its_old_modification_time_is_read_again() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    copy_dir(&repo_path("examples"), &ws);
    let home = tmp.path().join("cache");
    let task = ws.join("tasks/website/T-11-homepage-template.md");
    let old_time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    let set_mtime = |p: &Path| {
        std::fs::File::options()
            .write(true)
            .open(p)
            .and_then(|f| f.set_modified(old_time))
            .expect("touch -d");
    };
    set_mtime(&task);
    let show = |extra: &[&str]| {
        let out = run(cairn(&ws)
            .env("XDG_CACHE_HOME", &home)
            .args(["show", "T-11", "--no-forecast"])
            .args(extra));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    assert!(show(&[]).contains("status       todo"));
    assert!(show(&[]).contains("status       todo"), "from the cache");
    let text = std::fs::read_to_string(&task).expect("read");
    let changed = text.replace("status: todo", "status: done");
    assert_eq!(changed.len(), text.len());
    std::fs::write(&task, &changed).expect("write");
    set_mtime(&task);
    assert!(show(&["--no-cache"]).contains("status       done"));
    assert!(
        show(&[]).contains("status       done"),
        "not the stale entry"
    );
}
