//! Unified diffs in git's format (`diff --git a/… b/…`), which `git apply` and `patch -p1`
//! accept: three lines of context, only the lines that changed, a rename as a rename, a
//! new file from `/dev/null`. Line endings are kept as they are (CRLF files stay CRLF).

use similar::TextDiff;
use std::fmt::Write as _;
use std::time::Duration;

/// How one file changes.
#[derive(Clone, Copy, Debug)]
pub enum FileDiff<'a> {
    Modify {
        path: &'a str,
        old: &'a str,
        new: &'a str,
    },
    Create {
        path: &'a str,
        text: &'a str,
    },
    Delete {
        path: &'a str,
        text: &'a str,
    },
    Rename {
        from: &'a str,
        to: &'a str,
        old: &'a str,
        new: &'a str,
    },
}

/// The diff of one file; empty when nothing changes.
pub fn file_diff(change: FileDiff<'_>) -> String {
    let mut out = String::new();
    let (a, b, old, new) = match change {
        FileDiff::Modify { path, old, new } => {
            if old == new {
                return out;
            }
            let _ = writeln!(out, "diff --git a/{path} b/{path}");
            (format!("a/{path}"), format!("b/{path}"), old, new)
        }
        FileDiff::Create { path, text } => {
            let _ = writeln!(out, "diff --git a/{path} b/{path}\nnew file mode 100644");
            ("/dev/null".into(), format!("b/{path}"), "", text)
        }
        FileDiff::Delete { path, text } => {
            let _ = writeln!(
                out,
                "diff --git a/{path} b/{path}\ndeleted file mode 100644"
            );
            (format!("a/{path}"), "/dev/null".into(), text, "")
        }
        FileDiff::Rename { from, to, old, new } => {
            let _ = writeln!(
                out,
                "diff --git a/{from} b/{to}\nsimilarity index {}%\nrename from {from}\nrename to {to}",
                similarity(old, new)
            );
            if old == new {
                return out;
            }
            (format!("a/{from}"), format!("b/{to}"), old, new)
        }
    };
    let diff = TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_lines(old, new);
    let _ = write!(
        out,
        "{}",
        diff.unified_diff().context_radius(3).header(&a, &b)
    );
    out
}

/// Share of lines the two texts have in common, as git's similarity index (0-100).
fn similarity(old: &str, new: &str) -> u32 {
    let ratio = TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_lines(old, new)
        .ratio();
    (f64::from(ratio) * 100.0).round().clamp(0.0, 100.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inserted_line_has_the_header_patch_expects() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let d = file_diff(FileDiff::Modify {
            path: "t.md",
            old,
            new,
        });
        assert!(d.contains("@@ -5,3 +5,4 @@\n e\n f\n g\n+h\n"), "{d}");
        let d = file_diff(FileDiff::Modify {
            path: "t.md",
            old: "a\n",
            new: "b\na\n",
        });
        assert!(
            d.contains("@@ -0,0 +1 @@\n+b\n") || d.contains("@@ -1 +1,2 @@"),
            "{d}"
        );
    }

    #[test]
    fn only_changed_lines_are_shown_and_crlf_stays() {
        let old = "---\r\nid: T-1\r\nstatus: todo\r\ntitle: x\r\n---\r\n";
        let new = "---\r\nid: T-1\r\nstatus: done\r\ntitle: x\r\n---\r\n";
        let d = file_diff(FileDiff::Modify {
            path: "t.md",
            old,
            new,
        });
        assert!(d.contains("-status: todo\r\n+status: done\r\n"), "{d:?}");
        assert_eq!(d.lines().filter(|l| l.starts_with(['+', '-'])).count(), 4);
    }

    #[test]
    fn a_rename_reads_as_a_rename() {
        let d = file_diff(FileDiff::Rename {
            from: "tasks/T-1-a.md",
            to: "tasks/web/T-1-a.md",
            old: "a\nb\nc\n",
            new: "a\nB\nc\n",
        });
        assert!(d.starts_with("diff --git a/tasks/T-1-a.md b/tasks/web/T-1-a.md\n"));
        assert!(d.contains("rename from tasks/T-1-a.md\nrename to tasks/web/T-1-a.md\n"));
        assert!(d.contains("-b\n+B\n"));
    }
}
