//! A change to the workspace's files, staged as one unit: it is checked against the
//! workspace with the same rules `check` runs, shown as a diff, and committed all or
//! nothing.
//!
//! Committing takes a lock on the workspace (so two edits at once never lose one), checks
//! that every file still holds what was read, writes each new content to a temporary file
//! beside its target, records the renames in a journal, then performs them. A run killed
//! half-way is finished by the next one ([`recover`]): the journal only exists once every
//! temporary file is complete, so the change either happens entirely or not at all.

use crate::analyze::check::check;
use crate::analyze::review::compare_findings;
use crate::diag::{Diagnostic, Severity};
use crate::load::source::{MAX_FILE_BYTES, Overlay, TreeSource};
use crate::load::{LoadError, reload, reload_into};
use crate::model::Workspace;
use crate::text::diff::{FileDiff, file_diff};
use jiff::civil::Date;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// One file a change touches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// Workspace-relative path after the change.
    pub path: String,
    /// The text that was read (`None` for a new file).
    pub before: Option<String>,
    /// The text to write (`None` removes the file).
    pub after: Option<String>,
    /// For a moved file, where it was.
    pub renamed_from: Option<String>,
    /// A new file's bytes when it is not text (an image `import` copies); `after` is then
    /// empty, and the diff leaves the file out.
    pub binary: Option<Vec<u8>>,
}

/// Files that change together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub files: Vec<FileChange>,
}

/// What the rules say about a change.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Errors the change adds; a change with any is refused.
    pub introduced_errors: Vec<Diagnostic>,
    /// With [`Change::check`]'s `compare`: every finding the change adds, and every one it
    /// fixes.
    pub added: Vec<Diagnostic>,
    pub fixed: Vec<Diagnostic>,
    /// The workspace after the change.
    pub after: Workspace,
}

#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error("{path} changed since it was read; nothing was written")]
    Conflict { path: String },
    #[error("{path} already exists; nothing was written")]
    Exists { path: String },
    #[error("{path} is read-only; nothing was written")]
    ReadOnly { path: String },
    #[error(
        "{path} would be {size} bytes, over the {MAX_FILE_BYTES}-byte limit; nothing was written"
    )]
    TooLarge { path: String, size: usize },
    #[error("{path} leads outside the workspace; nothing was written")]
    Outside { path: String },
    #[error("another cairn command is changing this workspace")]
    Locked,
    #[error("cannot write {path}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
}

impl Change {
    /// A change of one existing file's text.
    pub fn edit(path: &str, before: String, after: String) -> Change {
        let mut c = Change::default();
        c.push_edit(path, before, after);
        c
    }

    pub fn push_edit(&mut self, path: &str, before: String, after: String) {
        if before != after {
            self.files.push(FileChange {
                path: path.to_owned(),
                before: Some(before),
                after: Some(after),
                renamed_from: None,
                binary: None,
            });
        }
    }

    pub fn push_create(&mut self, path: &str, text: String) {
        self.files.push(FileChange {
            path: path.to_owned(),
            before: None,
            after: Some(text),
            renamed_from: None,
            binary: None,
        });
    }

    /// A new file that is not text (an image, a PDF).
    pub fn push_create_binary(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.push(FileChange {
            path: path.to_owned(),
            before: None,
            after: Some(String::new()),
            renamed_from: None,
            binary: Some(bytes),
        });
    }

    pub fn push_rename(&mut self, from: &str, to: &str, before: String, after: String) {
        self.files.push(FileChange {
            path: to.to_owned(),
            before: Some(before),
            after: Some(after),
            renamed_from: Some(from.to_owned()),
            binary: None,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every path that gets new content or goes away, with its new text.
    pub fn overlay(&self) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for f in &self.files {
            if let Some(from) = &f.renamed_from {
                out.push((from.clone(), None));
            }
            out.push((f.path.clone(), f.after.clone()));
        }
        out
    }

    /// Runs the rules on the workspace with the change in place (re-reading only the
    /// changed files), and on the workspace before it, to tell what the change adds and
    /// fixes. `ws` becomes the edited workspace ([`Verdict::after`]).
    pub fn check(
        &self,
        ws: Workspace,
        source: &dyn TreeSource,
        today: Date,
        compare: bool,
    ) -> Result<Verdict, LoadError> {
        let files = self.overlay();
        let overlay = Overlay {
            inner: source,
            files: &files,
        };
        // When the result has errors, only a comparison with the workspace before the
        // change tells those the change adds from those it found. A changed `cairn.yaml`
        // may change what is an error.
        let everything = compare || files.iter().any(|(p, _)| p == crate::load::CONFIG_FILE);
        let (after, before_findings, after_findings) = if everything {
            // Every finding before, beside a copy made into the edited workspace.
            let (after, before) = rayon::join(
                || {
                    reload(&ws, &overlay, &files).map(|after| {
                        let findings = check(&after, today);
                        (after, findings)
                    })
                },
                || check(&ws, today),
            );
            let (after, after_findings) = after?;
            (after, before, after_findings)
        } else {
            // Only errors (the forecast only when `cairn.yaml` makes one of its rules an
            // error); then the workspace itself becomes the edited one, without a copy.
            let before = crate::analyze::check::errors(&ws, today);
            let after = reload_into(ws, &overlay, &files)?;
            let mut after_findings = check(&after, today);
            after_findings.retain(|d| d.severity == Severity::Error);
            (after, before, after_findings)
        };
        let cmp = compare_findings(&before_findings, &after_findings);
        let mut verdict = Verdict {
            introduced_errors: cmp
                .introduced
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect(),
            ..Verdict::default()
        };
        if compare {
            verdict.added = cmp.introduced;
            verdict.fixed = cmp.fixed;
        }
        verdict.after = after;
        Ok(verdict)
    }

    /// The change as a git-style unified diff that `git apply` accepts.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for f in self.files.iter().filter(|f| f.binary.is_none()) {
            let d = match (&f.renamed_from, &f.before, &f.after) {
                (Some(from), Some(old), Some(new)) => file_diff(FileDiff::Rename {
                    from,
                    to: &f.path,
                    old,
                    new,
                }),
                (_, None, Some(text)) => file_diff(FileDiff::Create {
                    path: &f.path,
                    text,
                }),
                (_, Some(text), None) => file_diff(FileDiff::Delete {
                    path: &f.path,
                    text,
                }),
                (_, Some(old), Some(new)) => file_diff(FileDiff::Modify {
                    path: &f.path,
                    old,
                    new,
                }),
                (_, None, None) => String::new(),
            };
            out.push_str(&d);
        }
        out
    }

    /// Writes the change under `root` (the workspace folder), all or nothing.
    pub fn commit(&self, root: &Path) -> Result<(), CommitError> {
        let state = state_dir(root);
        let _lock = Lock::take(&state)?;
        recover_in(root, &state);
        let io_err = |path: &str| {
            let path = path.to_owned();
            move |source: io::Error| CommitError::Io { path, source }
        };
        // Check everything before touching anything.
        let mut plan: Vec<Step> = Vec::new();
        for f in &self.files {
            let target = inside(root, &f.path)?;
            let size = f
                .binary
                .as_ref()
                .map(Vec::len)
                .or_else(|| f.after.as_ref().map(String::len));
            if let Some(size) = size
                && size as u64 > MAX_FILE_BYTES
            {
                return Err(CommitError::TooLarge {
                    path: f.path.clone(),
                    size,
                });
            }
            let source_path = match &f.renamed_from {
                Some(from) => inside(root, from)?,
                None => target.clone(),
            };
            match &f.before {
                Some(before) => {
                    let now = fs::read(&source_path).map_err(io_err(&f.path))?;
                    if now != before.as_bytes() {
                        return Err(CommitError::Conflict {
                            path: f.renamed_from.clone().unwrap_or_else(|| f.path.clone()),
                        });
                    }
                    let meta = fs::metadata(&source_path).map_err(io_err(&f.path))?;
                    if meta.permissions().readonly() {
                        return Err(CommitError::ReadOnly {
                            path: f.path.clone(),
                        });
                    }
                }
                None => {
                    if fs::symlink_metadata(&target).is_ok() {
                        return Err(CommitError::Exists {
                            path: f.path.clone(),
                        });
                    }
                }
            }
            if f.renamed_from.is_some() && fs::symlink_metadata(&target).is_ok() {
                return Err(CommitError::Exists {
                    path: f.path.clone(),
                });
            }
            plan.push(Step {
                source: source_path,
                target,
                after: match &f.binary {
                    Some(bytes) => Some(bytes.clone()),
                    None => f.after.clone().map(String::into_bytes),
                },
                moved: f.renamed_from.is_some(),
                unchanged: f.after == f.before && f.renamed_from.is_none(),
            });
        }
        // Stage every new content beside its target.
        let mut journal = String::new();
        let mut staged: Vec<PathBuf> = Vec::new();
        // Folders the staging creates, outermost first: a failure removes them again, so
        // nothing is left behind.
        let mut made: Vec<PathBuf> = Vec::new();
        let cleanup = |staged: &[PathBuf], made: &[PathBuf]| {
            for t in staged {
                let _ = fs::remove_file(t);
            }
            for d in made.iter().rev() {
                let _ = fs::remove_dir(d);
            }
        };
        for (n, step) in plan.iter().enumerate() {
            if step.unchanged {
                continue;
            }
            let Some(text) = &step.after else {
                journal.push_str(&format!("remove\t{}\n", rel(root, &step.source)));
                continue;
            };
            if let Some(parent) = step.target.parent() {
                let missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|a| !a.exists())
                    .map(Path::to_path_buf)
                    .collect();
                if let Err(e) = fs::create_dir_all(parent) {
                    made.extend(missing.into_iter().rev());
                    cleanup(&staged, &made);
                    return Err(CommitError::Io {
                        path: rel(root, &step.target),
                        source: e,
                    });
                }
                made.extend(missing.into_iter().rev());
            }
            let tmp = temp_path(&step.target, n);
            if let Err(e) = write_synced(&tmp, text) {
                let _ = fs::remove_file(&tmp);
                cleanup(&staged, &made);
                return Err(CommitError::Io {
                    path: rel(root, &step.target),
                    source: e,
                });
            }
            staged.push(tmp.clone());
            journal.push_str(&format!(
                "put\t{}\t{}\n",
                rel(root, &tmp),
                rel(root, &step.target)
            ));
            if step.moved {
                journal.push_str(&format!("remove\t{}\n", rel(root, &step.source)));
            }
        }
        if journal.is_empty() {
            return Ok(());
        }
        let journal_path = state.join(JOURNAL);
        if let Err(e) = fs::create_dir_all(&state)
            .and_then(|()| write_synced(&journal_path, journal.as_bytes()))
        {
            cleanup(&staged, &made);
            let _ = fs::remove_file(&journal_path);
            return Err(CommitError::Io {
                path: rel(root, &journal_path),
                source: e,
            });
        }
        let result = replay(root, &journal);
        let _ = fs::remove_file(&journal_path);
        result.map_err(|(path, source)| CommitError::Io { path, source })
    }
}

struct Step {
    source: PathBuf,
    target: PathBuf,
    after: Option<Vec<u8>>,
    moved: bool,
    unchanged: bool,
}

const JOURNAL: &str = "journal";
const LOCK: &str = "lock";
const TEMP_MARK: &str = ".cairn-tmp-";

/// Where cairn keeps its lock and journal: `.git/cairn/` in a git repository (never
/// committed), else `.cairn/state/` in the workspace.
pub fn state_dir(root: &Path) -> PathBuf {
    root.ancestors()
        .find(|a| a.join(".git").is_dir())
        .map_or_else(|| root.join(".cairn/state"), |r| r.join(".git/cairn"))
}

/// Finishes a change a killed run left half done, and removes stale temporary files.
pub fn recover(root: &Path) {
    let state = state_dir(root);
    if !state.join(JOURNAL).exists() {
        return;
    }
    if let Ok(_lock) = Lock::take(&state) {
        recover_in(root, &state);
    }
}

fn recover_in(root: &Path, state: &Path) {
    let journal_path = state.join(JOURNAL);
    if let Ok(journal) = fs::read_to_string(&journal_path) {
        let _ = replay(root, &journal);
        let _ = fs::remove_file(&journal_path);
    }
}

/// Performs a journal's steps; each is idempotent, so a replay after a crash is safe.
fn replay(root: &Path, journal: &str) -> Result<(), (String, io::Error)> {
    let mut first_error = None;
    for line in journal.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        let result = match parts.as_slice() {
            ["put", tmp, target] => {
                let (tmp, target) = (root.join(tmp), root.join(target));
                if tmp.exists() {
                    fs::rename(&tmp, &target).map_err(|e| (target, e))
                } else {
                    Ok(())
                }
            }
            ["remove", path] => {
                let path = root.join(path);
                match fs::remove_file(&path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => Err((path, e)),
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        };
        if let Err((p, e)) = result
            && first_error.is_none()
        {
            first_error = Some((rel(root, &p), e));
        }
    }
    first_error.map_or(Ok(()), Err)
}

fn inside(root: &Path, path: &str) -> Result<PathBuf, CommitError> {
    crate::paths::resolve_inside(root, path).ok_or_else(|| CommitError::Outside {
        path: path.to_owned(),
    })
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn temp_path(target: &Path, n: usize) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{TEMP_MARK}{}-{n}", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// An exclusive lock on the workspace, released when dropped (or when the process dies).
struct Lock(#[allow(dead_code)] fs::File);

impl Lock {
    fn take(state: &Path) -> Result<Lock, CommitError> {
        let io_err = |source| CommitError::Io {
            path: state.join(LOCK).to_string_lossy().into_owned(),
            source,
        };
        fs::create_dir_all(state).map_err(io_err)?;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(state.join(LOCK))
            .map_err(io_err)?;
        // Wait up to ten seconds for another edit to finish.
        for _ in 0..200 {
            match file.try_lock() {
                Ok(()) => return Ok(Lock(file)),
                Err(fs::TryLockError::WouldBlock) => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(fs::TryLockError::Error(e)) => return Err(io_err(e)),
            }
        }
        Err(CommitError::Locked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> tempfile::TempDir {
        let d = tempfile::tempdir().expect("tmp");
        fs::create_dir_all(d.path().join("tasks")).expect("mkdir");
        fs::write(d.path().join("tasks/a.md"), "old\n").expect("write");
        d
    }

    #[test]
    fn a_commit_writes_everything_and_leaves_no_temporary_file() {
        let d = root();
        let mut c = Change::edit("tasks/a.md", "old\n".into(), "new\n".into());
        c.push_create("tasks/web/b.md", "b\n".into());
        c.commit(d.path()).expect("commit");
        assert_eq!(
            fs::read_to_string(d.path().join("tasks/a.md")).expect("a"),
            "new\n"
        );
        assert_eq!(
            fs::read_to_string(d.path().join("tasks/web/b.md")).expect("b"),
            "b\n"
        );
        let left: Vec<_> = walkdir::WalkDir::new(d.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(TEMP_MARK))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        assert!(!state_dir(d.path()).join(JOURNAL).exists());
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let d = root();
        let c = Change::edit("tasks/a.md", "stale\n".into(), "new\n".into());
        assert!(matches!(
            c.commit(d.path()),
            Err(CommitError::Conflict { .. })
        ));
        assert_eq!(
            fs::read_to_string(d.path().join("tasks/a.md")).expect("a"),
            "old\n"
        );
    }

    #[test]
    fn nothing_is_written_when_one_file_of_a_change_cannot_be() {
        let d = root();
        fs::write(d.path().join("tasks/c.md"), "c\n").expect("write");
        let mut c = Change::edit("tasks/a.md", "old\n".into(), "new\n".into());
        c.push_create("tasks/c.md", "other\n".into());
        assert!(matches!(
            c.commit(d.path()),
            Err(CommitError::Exists { .. })
        ));
        assert_eq!(
            fs::read_to_string(d.path().join("tasks/a.md")).expect("a"),
            "old\n"
        );
        let c = Change::edit("../x.md", "old\n".into(), "new\n".into());
        assert!(matches!(
            c.commit(d.path()),
            Err(CommitError::Outside { .. })
        ));
    }

    #[test]
    fn a_killed_commit_is_finished_by_the_next_run() {
        let d = root();
        let state = state_dir(d.path());
        fs::create_dir_all(&state).expect("state");
        // A move staged and journaled, then killed before any rename.
        let tmp = d.path().join("tasks/.b.md.cairn-tmp-1-0");
        fs::write(&tmp, "moved\n").expect("tmp");
        fs::write(
            state.join(JOURNAL),
            "put\ttasks/.b.md.cairn-tmp-1-0\ttasks/b.md\nremove\ttasks/a.md\n",
        )
        .expect("journal");
        recover(d.path());
        assert_eq!(
            fs::read_to_string(d.path().join("tasks/b.md")).expect("b"),
            "moved\n"
        );
        assert!(!d.path().join("tasks/a.md").exists() && !tmp.exists());
        assert!(!state.join(JOURNAL).exists());
    }

    #[test]
    fn a_rename_moves_the_file_and_shows_as_a_rename() {
        let d = root();
        let mut c = Change::default();
        c.push_rename(
            "tasks/a.md",
            "tasks/web/a.md",
            "old\n".into(),
            "old\n".into(),
        );
        assert!(
            c.diff()
                .contains("rename from tasks/a.md\nrename to tasks/web/a.md\n")
        );
        c.commit(d.path()).expect("commit");
        assert!(!d.path().join("tasks/a.md").exists());
        assert_eq!(
            fs::read_to_string(d.path().join("tasks/web/a.md")).expect("a"),
            "old\n"
        );
    }
}
