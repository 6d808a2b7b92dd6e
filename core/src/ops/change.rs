//! A change to the workspace's files, staged as one unit: it is checked against the
//! workspace with the same rules `check` runs, shown as a diff, and committed all or
//! nothing.
//!
//! Committing happens under the workspace's lock (taken before the workspace was read, so
//! two edits at once never lose one): it checks that every file still holds what was
//! read, then writes through the [`journal`](super::journal), so a killed run leaves a
//! change that `cairn recover` finishes or discards, never half of one nobody knows of.

use crate::analyze::check::check;
use crate::analyze::review::compare_findings;
use crate::diag::{Diagnostic, Severity};
use crate::load::source::{MAX_FILE_BYTES, Overlay, TreeSource};
use crate::load::state::{Lock, path_key};
use crate::load::{LoadError, reload, reload_into};
use crate::model::Workspace;
use crate::ops::journal::{self, Journal, RecoverError, Step};
use crate::text::diff::{FileDiff, file_diff};
use jiff::civil::Date;
use std::fs;
use std::io;
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
    /// Ids the change gives another name (`renumber`: old, new): a finding the workspace
    /// already had about the old id is the same finding about the new one.
    pub renamed_ids: Vec<(String, String)>,
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
    #[error(transparent)]
    Journal(#[from] RecoverError),
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
        let before_findings = self.carried_forward(before_findings);
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

    /// Findings of the workspace before the change as they read after it, where the
    /// change only renames: a moved file's findings are about its new path, and a
    /// renumbered id's under its new id. So a move or a renumber is never refused for
    /// an error the workspace already had.
    fn carried_forward(&self, mut findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let moves: Vec<(&str, &str)> = self
            .files
            .iter()
            .filter_map(|f| Some((f.renamed_from.as_deref()?, f.path.as_str())))
            .collect();
        if moves.is_empty() && self.renamed_ids.is_empty() {
            return findings;
        }
        for d in &mut findings {
            if let Some((_, to)) = moves.iter().find(|(from, _)| *from == d.file) {
                d.file = (*to).to_owned();
            }
            for (old, new) in &self.renamed_ids {
                d.message = replace_word(&d.message, old, new);
                if let Some(s) = &d.subject {
                    d.subject = Some(replace_word(s, old, new));
                }
            }
        }
        findings
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

    /// Writes the change into the workspace whose lock is held, all or nothing (see
    /// [`journal`](super::journal)): every file is checked to still hold what was read,
    /// the new contents are staged in the state folder, then renamed into place.
    pub fn commit(&self, lock: &Lock) -> Result<(), CommitError> {
        let state = lock.state();
        let root = state.root();
        journal::prepare(lock).map_err(CommitError::from)?;
        let io_err = |path: &str| {
            let path = path.to_owned();
            move |source: io::Error| CommitError::Io { path, source }
        };
        // Check everything before touching anything.
        let id = journal::unique_id();
        let mut steps = Vec::new();
        let mut contents: Vec<&[u8]> = Vec::new();
        for f in &self.files {
            let target = inside(root, &f.path)?;
            let new_bytes: Option<&[u8]> = match &f.binary {
                Some(bytes) => Some(bytes),
                None => f.after.as_deref().map(str::as_bytes),
            };
            if let Some(bytes) = new_bytes
                && bytes.len() as u64 > MAX_FILE_BYTES
            {
                return Err(CommitError::TooLarge {
                    path: f.path.clone(),
                    size: bytes.len(),
                });
            }
            let source_path = match &f.renamed_from {
                Some(from) => inside(root, from)?,
                None => target.clone(),
            };
            let before_id = match &f.before {
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
                    Some(journal::content_id(&now))
                }
                None => {
                    if fs::symlink_metadata(&target).is_ok() {
                        return Err(CommitError::Exists {
                            path: f.path.clone(),
                        });
                    }
                    None
                }
            };
            if f.renamed_from.is_some() && fs::symlink_metadata(&target).is_ok() {
                return Err(CommitError::Exists {
                    path: f.path.clone(),
                });
            }
            let unchanged = f.after == f.before && f.renamed_from.is_none() && f.binary.is_none();
            if unchanged {
                continue;
            }
            match new_bytes {
                Some(bytes) => {
                    steps.push(Step::Put {
                        staged: format!("{id}-{}", steps.len()),
                        target: f.path.clone(),
                        before: if f.renamed_from.is_some() {
                            None
                        } else {
                            before_id
                        },
                        after: journal::content_id(bytes),
                    });
                    contents.push(bytes);
                    if let (Some(from), Some(before)) = (&f.renamed_from, before_id) {
                        steps.push(Step::Remove {
                            path: from.clone(),
                            before,
                        });
                    }
                }
                None => {
                    if let Some(before) = before_id {
                        steps.push(Step::Remove {
                            path: f.renamed_from.clone().unwrap_or_else(|| f.path.clone()),
                            before,
                        });
                    }
                }
            }
        }
        if steps.is_empty() {
            return Ok(());
        }
        // Folders new files go into are made now, so a path that cannot be one (a file
        // where a folder goes) stops the change before anything is written; they are
        // removed again if it stops.
        let mut made: Vec<PathBuf> = Vec::new();
        let unmake = |made: &[PathBuf]| {
            for d in made.iter().rev() {
                let _ = fs::remove_dir(d);
            }
        };
        for s in &steps {
            let Step::Put { target, .. } = s else {
                continue;
            };
            let full = inside(root, target)?;
            let Some(parent) = full.parent() else {
                continue;
            };
            let missing: Vec<PathBuf> = parent
                .ancestors()
                .take_while(|a| !a.exists())
                .map(Path::to_path_buf)
                .collect();
            let result = fs::create_dir_all(parent);
            made.extend(missing.into_iter().rev());
            if let Err(source) = result {
                unmake(&made);
                return Err(CommitError::Io {
                    path: target.clone(),
                    source,
                });
            }
        }
        let mut j = Journal {
            id,
            root: path_key(root),
            steps,
            ready: false,
        };
        if let Err(source) = journal::stage(state, &mut j, &contents) {
            unmake(&made);
            return Err(CommitError::Io {
                path: state.staging().display().to_string(),
                source,
            });
        }
        journal::perform_all(state, &j).map_err(CommitError::from)
    }
}

/// `text` with every whole-word `old` (not part of a longer id or word) made `new`.
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut from = 0;
    while let Some(k) = text[from..].find(old) {
        let start = from + k;
        let end = start + old.len();
        from = end;
        let before = text[..start].chars().next_back();
        let mut after = text[end..].chars();
        let next = after.next();
        let longer = match next {
            Some('-') => after.next().is_some_and(|c| c.is_ascii_digit()),
            Some(c) => word(c),
            None => false,
        };
        if before.is_some_and(|c| word(c) || c == '-') || longer {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(new);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn inside(root: &Path, path: &str) -> Result<PathBuf, CommitError> {
    crate::paths::resolve_inside(root, path).ok_or_else(|| CommitError::Outside {
        path: path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::state::StateDir;
    use std::time::Duration;

    /// A workspace outside git, its state in a folder beside it (never inside it).
    fn root() -> (tempfile::TempDir, StateDir) {
        let d = tempfile::tempdir().expect("tmp");
        let root = d.path().join("ws");
        fs::create_dir_all(root.join("tasks")).expect("mkdir");
        fs::write(root.join("tasks/a.md"), "old\n").expect("write");
        let state = StateDir::locate(&root, Some(&d.path().join("home"))).expect("state");
        (d, state)
    }

    fn commit(c: &Change, state: &StateDir) -> Result<(), CommitError> {
        let lock = state.lock(Duration::ZERO).expect("lock");
        c.commit(&lock)
    }

    fn files_in(dir: &Path) -> Vec<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .expect("in")
                    .display()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_commit_writes_everything_and_leaves_no_temporary_file() {
        let (_d, state) = root();
        let ws = state.root();
        let mut c = Change::edit("tasks/a.md", "old\n".into(), "new\n".into());
        c.push_create("tasks/web/b.md", "b\n".into());
        commit(&c, &state).expect("commit");
        assert_eq!(
            fs::read_to_string(ws.join("tasks/a.md")).expect("a"),
            "new\n"
        );
        assert_eq!(
            fs::read_to_string(ws.join("tasks/web/b.md")).expect("b"),
            "b\n"
        );
        let mut left = files_in(ws);
        left.sort();
        assert_eq!(left, vec!["tasks/a.md", "tasks/web/b.md"]);
        assert!(!state.journal().exists());
        assert!(files_in(&state.staging()).is_empty());
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let (_d, state) = root();
        let c = Change::edit("tasks/a.md", "stale\n".into(), "new\n".into());
        assert!(matches!(
            commit(&c, &state),
            Err(CommitError::Conflict { .. })
        ));
        assert_eq!(
            fs::read_to_string(state.root().join("tasks/a.md")).expect("a"),
            "old\n"
        );
    }

    #[test]
    fn nothing_is_written_when_one_file_of_a_change_cannot_be() {
        let (_d, state) = root();
        let ws = state.root();
        fs::write(ws.join("tasks/c.md"), "c\n").expect("write");
        let mut c = Change::edit("tasks/a.md", "old\n".into(), "new\n".into());
        c.push_create("tasks/c.md", "other\n".into());
        assert!(matches!(
            commit(&c, &state),
            Err(CommitError::Exists { .. })
        ));
        assert_eq!(
            fs::read_to_string(ws.join("tasks/a.md")).expect("a"),
            "old\n"
        );
        let c = Change::edit("../x.md", "old\n".into(), "new\n".into());
        assert!(matches!(
            commit(&c, &state),
            Err(CommitError::Outside { .. })
        ));
    }

    #[test]
    fn an_edit_is_refused_while_an_interrupted_change_is_unfinished() {
        let (_d, state) = root();
        let mut j = Journal {
            id: "1-1".into(),
            root: path_key(state.root()),
            steps: vec![Step::Remove {
                path: "tasks/a.md".into(),
                before: journal::content_id(b"old\n"),
            }],
            ready: false,
        };
        journal::stage(&state, &mut j, &[]).expect("stage");
        let c = Change::edit("tasks/a.md", "old\n".into(), "new\n".into());
        assert!(matches!(
            commit(&c, &state),
            Err(CommitError::Journal(RecoverError::Pending { .. }))
        ));
        assert_eq!(
            fs::read_to_string(state.root().join("tasks/a.md")).expect("a"),
            "old\n"
        );
    }

    #[test]
    fn a_rename_moves_the_file_and_shows_as_a_rename() {
        let (_d, state) = root();
        let ws = state.root();
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
        commit(&c, &state).expect("commit");
        assert!(!ws.join("tasks/a.md").exists());
        assert_eq!(
            fs::read_to_string(ws.join("tasks/web/a.md")).expect("a"),
            "old\n"
        );
    }
}
