//! `paths::resolve_inside`, the check every path from a file or a flag passes before it
//! is read or written.

use cairn_core::paths::resolve_inside;

#[test]
fn plain_relative_paths_resolve_even_when_they_do_not_exist_yet() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("tasks")).expect("mkdir");
    let p = resolve_inside(dir.path(), "tasks/new/T-1.md").expect("inside");
    assert_eq!(p, dir.path().join("tasks/new/T-1.md"));
}

#[test]
fn dots_absolute_paths_and_backslashes_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for bad in [
        "",
        "../x",
        "tasks/../../x",
        "/etc/passwd",
        "./tasks",
        "tasks//T-1.md",
        "tasks\\..\\x",
    ] {
        assert_eq!(resolve_inside(dir.path(), bad), None, "{bad:?}");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_refused_and_inside_ones_lead_to_their_target() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("victim"), "x").expect("write");
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir(root.join("tasks")).expect("mkdir");
    symlink(outside.path(), root.join("tasks/out")).expect("symlink");
    symlink(outside.path().join("victim"), root.join("tasks/leak.md")).expect("symlink");
    assert_eq!(resolve_inside(root, "tasks/out/victim"), None);
    assert_eq!(resolve_inside(root, "tasks/out/new.md"), None);
    assert_eq!(resolve_inside(root, "tasks/leak.md"), None);
    std::fs::write(root.join("tasks/real.md"), "y").expect("write");
    symlink(root.join("tasks/real.md"), root.join("tasks/alias.md")).expect("symlink");
    let real = root.join("tasks/real.md").canonicalize().expect("real");
    assert_eq!(resolve_inside(root, "tasks/alias.md"), Some(real));
    // A dangling link inside: its target does not exist; the deepest existing part is
    // the folder, which is inside, so the path itself is what is written.
    symlink(
        outside.path().join("nothing"),
        root.join("tasks/dangling.md"),
    )
    .expect("symlink");
    let got = resolve_inside(root, "tasks/dangling.md");
    assert!(
        got.as_ref().is_none_or(|p| !p.starts_with(outside.path())),
        "{got:?}"
    );
}
