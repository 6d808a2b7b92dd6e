//! `cairn renumber`: what it rewrites and what it leaves alone.

use crate::support::{cairn, run, write};

/// Regressions: ids inside URLs, autolinks, versions and names that only start with the
/// id were rewritten; and a renumber was refused for an error the workspace already had
/// (a task whose parent is also its dependency), only because the error now names the
/// new id.
#[test]
fn renumber_leaves_urls_alone_and_is_not_refused_for_an_old_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path();
    write(ws, "cairn.yaml", "name: R\n");
    write(
        ws,
        "tasks/T-1-first.md",
        "---\nid: T-1\ntitle: First\nstatus: todo\n---\n",
    );
    let body = "See https://example.com/issues/T-1 and <https://x/browse/T-1>, version T-1.5, \
                branch T-1-foo, and [the file](T-1-first.md).\n";
    write(
        ws,
        "tasks/T-2-second.md",
        &format!(
            "---\nid: T-2\ntitle: Second\nstatus: todo\nparent: T-1\ndepends_on: [T-1]\n---\n{body}"
        ),
    );
    let before = run(cairn(ws).arg("check"));
    assert_eq!(
        before.code, 1,
        "the workspace has an error already: {}",
        before.stdout
    );
    let out = run(cairn(ws).args(["renumber", "T-1", "T-500", "-q"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(ws.join("tasks/T-2-second.md")).expect("read");
    assert!(
        text.contains("parent: T-500\ndepends_on: [T-500]\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "See https://example.com/issues/T-1 and <https://x/browse/T-1>, version T-1.5, \
             branch T-1-foo, and [the file](T-500-first.md).\n"
        ),
        "{text}"
    );
    assert!(ws.join("tasks/T-500-first.md").is_file());
}
