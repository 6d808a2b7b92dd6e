//! Where workspace files come from. The loader only sees this trait, so the working
//! directory today and a git tree later share one loader.

use super::cache::Stamp;
use crate::diag::Rule;
use crate::model::{FileKind, LinkState};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest file cairn reads; bigger ones are reported, not read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A workspace file the source could not offer for reading, with the rule that reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryProblem {
    pub path: String,
    pub rule: Rule,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Workspace-relative paths of the `.md` files to load, sorted.
    pub files: Vec<String>,
    pub problems: Vec<EntryProblem>,
    /// What `stat` said of each file while listing, in the order of `files`, for sources
    /// on a disk; empty otherwise.
    pub stamps: Vec<Option<Stamp>>,
}

fn fs_is_symlink(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("it is a symlink pointing outside the repository; it was not read")]
    Outside,
    #[error("file is {0} bytes; cairn reads files up to {MAX_FILE_BYTES} bytes")]
    TooLarge(u64),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub trait TreeSource: Sync {
    /// The `.md` files under the workspace's four item folders.
    fn list(&self) -> std::io::Result<Listing>;
    /// Reads a workspace-relative file.
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError>;
    /// Whether a repository-relative path (already normalized, no `..`) names a file or
    /// folder that stays inside the repository.
    fn link_state(&self, repo_path: &str) -> LinkState;
    /// The workspace folder relative to the repository root (`""` when they are the same).
    fn workspace_prefix(&self) -> &str;
    /// The git blob id of a workspace-relative file, when the source knows it without
    /// reading the file (a git tree does; the working directory does not).
    fn blob_id(&self, _path: &str) -> Option<gix::ObjectId> {
        None
    }
    /// What `stat` says about a workspace-relative file, for sources on a disk.
    fn stamp(&self, _path: &str) -> Option<super::cache::Stamp> {
        None
    }
}

/// Another source with some files' contents replaced, added or removed: what the
/// workspace will be after a change, before anything is written.
pub struct Overlay<'a> {
    pub inner: &'a dyn TreeSource,
    /// Workspace-relative path and new text; `None` removes the file.
    pub files: &'a [(String, Option<String>)],
}

impl Overlay<'_> {
    fn replaced(&self, path: &str) -> Option<&Option<String>> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, t)| t)
    }
}

impl TreeSource for Overlay<'_> {
    fn list(&self) -> std::io::Result<Listing> {
        let mut listing = self.inner.list()?;
        // A changed file's `stat` says nothing of its new text.
        listing.stamps.clear();
        listing
            .files
            .retain(|p| !matches!(self.replaced(p), Some(None)));
        for (p, text) in self.files {
            if text.is_some()
                && p.ends_with(".md")
                && FileKind::of_path(p).is_some()
                && !listing.files.contains(p)
            {
                listing.files.push(p.clone());
            }
        }
        listing.files.sort();
        Ok(listing)
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match self.replaced(path) {
            Some(Some(text)) => Ok(text.clone().into_bytes()),
            Some(None) => Err(ReadError::Io(std::io::ErrorKind::NotFound.into())),
            None => self.inner.read(path),
        }
    }
    fn link_state(&self, repo_path: &str) -> LinkState {
        let prefix = self.inner.workspace_prefix();
        let in_ws = if prefix.is_empty() {
            Some(repo_path)
        } else {
            repo_path
                .strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('/'))
        };
        match in_ws.and_then(|p| self.replaced(p)) {
            Some(Some(_)) => LinkState::Exists,
            Some(None) => LinkState::Missing,
            None => self.inner.link_state(repo_path),
        }
    }
    fn workspace_prefix(&self) -> &str {
        self.inner.workspace_prefix()
    }
}

/// The working directory.
#[derive(Clone, Debug)]
pub struct DirSource {
    root: PathBuf,
    repo_root: PathBuf,
    prefix: String,
}

impl DirSource {
    /// `root` is the workspace folder (holding `cairn.yaml`). The repository is the
    /// nearest folder above with `.git`, or the workspace itself.
    pub fn new(root: &Path) -> std::io::Result<DirSource> {
        let root = root.canonicalize()?;
        let repo_root = root
            .ancestors()
            .find(|a| a.join(".git").exists())
            .unwrap_or(&root)
            .to_path_buf();
        let prefix = root
            .strip_prefix(&repo_root)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        Ok(DirSource {
            root,
            repo_root,
            prefix,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn repo_root(&self) -> &Path {
        &self.repo_root
    }

    fn inside_repo(&self, path: &Path) -> bool {
        path.starts_with(&self.repo_root)
    }
}

fn skipped_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

impl TreeSource for DirSource {
    fn list(&self) -> std::io::Result<Listing> {
        let mut listing = Listing::default();
        let mut found = Vec::new();
        for folder in FileKind::LISTED {
            let dir = self.root.join(folder);
            if !dir.is_dir() {
                continue;
            }
            // A folder that is itself a symlink out of the repository is not read.
            if fs_is_symlink(&dir) && !dir.canonicalize().is_ok_and(|real| self.inside_repo(&real))
            {
                listing.problems.push(EntryProblem {
                    path: folder.to_owned(),
                    rule: Rule::PathEscape,
                    message: format!(
                        "`{folder}/` is a symlink pointing outside the repository; it was not read"
                    ),
                });
                continue;
            }
            let (files, problems) = self.walk(&dir, folder, 1);
            found.extend(files);
            listing.problems.extend(problems);
        }
        // Sorted by path, each file with its `stat`.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        (listing.files, listing.stamps) = found.into_iter().unzip();
        Ok(listing)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let full = self.root.join(path);
        // Listed files were checked; anything else (cairn.yaml, a goal's metric file) is
        // checked here, through every symlinked folder on the way.
        if FileKind::of_path(path).is_none() {
            match full.canonicalize() {
                Ok(real) if !self.inside_repo(&real) => return Err(ReadError::Outside),
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        let mut file = std::fs::File::open(&full)?;
        let len = file.metadata()?.len();
        if len > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(len));
        }
        // Read exactly the size seen: one read call for a small file, no probe for EOF
        // (opening and reading 100,000 files is most of a check's time).
        let mut buf = vec![0; usize::try_from(len).unwrap_or(0)];
        let mut filled = 0;
        while filled < buf.len() {
            match file.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        buf.truncate(filled);
        Ok(buf)
    }

    fn link_state(&self, repo_path: &str) -> LinkState {
        let path = self.repo_root.join(repo_path);
        match path.canonicalize() {
            Ok(real) if self.inside_repo(&real) && real.is_dir() => LinkState::Folder,
            Ok(real) if self.inside_repo(&real) => LinkState::Exists,
            Ok(_) => LinkState::Escapes,
            Err(_) => LinkState::Missing,
        }
    }

    fn workspace_prefix(&self) -> &str {
        &self.prefix
    }

    fn stamp(&self, path: &str) -> Option<super::cache::Stamp> {
        std::fs::metadata(self.root.join(path))
            .ok()
            .map(|m| super::cache::Stamp::of(&m))
    }
}

/// How deep folders under an item folder are read (in the working tree and in git alike).
pub const MAX_FOLDER_DEPTH: usize = 64;

/// The `.md` files under one folder, with their `stat`, and what could not be read.
type Walked = (Vec<(String, Option<Stamp>)>, Vec<EntryProblem>);

impl DirSource {
    /// Lists the `.md` files under `dir` (workspace-relative `rel`), skipping names that
    /// start with `.` or `_`, never following a symlinked folder, and following a symlinked
    /// file only inside the repository. Each file's `stat` is taken here, relative to its
    /// open folder (cheaper than a lookup of the whole path later); subfolders are walked
    /// in parallel.
    fn walk(&self, dir: &Path, rel: &str, depth: usize) -> Walked {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut folders = Vec::new();
        if depth > MAX_FOLDER_DEPTH {
            problems.push(EntryProblem {
                path: rel.to_owned(),
                rule: Rule::Unreadable,
                message: format!(
                    "folders nested more than {MAX_FOLDER_DEPTH} deep; this one was not read"
                ),
            });
            return (files, problems);
        }
        let unreadable = |path: String, err: &std::io::Error| EntryProblem {
            path,
            rule: Rule::Unreadable,
            message: format!("cannot read folder: {err}"),
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(err) => {
                problems.push(unreadable(rel.to_owned(), &err));
                return (files, problems);
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    problems.push(unreadable(rel.to_owned(), &err));
                    continue;
                }
            };
            let os_name = entry.file_name();
            let Some(name) = os_name.to_str() else {
                // Not UTF-8: the name cannot be written in a finding or a reference, so
                // the file is reported (its name escaped) rather than read.
                let lossy = os_name.to_string_lossy();
                if !skipped_name(&lossy) && (lossy.ends_with(".md") || entry.path().is_dir()) {
                    problems.push(EntryProblem {
                        path: format!("{rel}/{}", crate::text::escape::term(&lossy)),
                        rule: Rule::Unreadable,
                        message: format!(
                            "the name `{}` is not UTF-8; rename it to read it",
                            os_name.as_encoded_bytes().escape_ascii()
                        ),
                    });
                }
                continue;
            };
            if skipped_name(name) {
                continue;
            }
            let path = format!("{rel}/{name}");
            let Ok(ft) = entry.file_type() else {
                problems.push(EntryProblem {
                    path,
                    rule: Rule::Unreadable,
                    message: "cannot tell what kind of file this is".into(),
                });
                continue;
            };
            if ft.is_dir() {
                folders.push((entry.path(), path));
                continue;
            }
            if !name.ends_with(".md") {
                continue;
            }
            if ft.is_symlink() {
                match entry.path().canonicalize() {
                    Err(e) => problems.push(EntryProblem {
                        path,
                        rule: Rule::Unreadable,
                        message: format!(
                            "symlink cannot be followed ({e}): a loop or a dangling link"
                        ),
                    }),
                    Ok(target) if !self.inside_repo(&target) => problems.push(EntryProblem {
                        path,
                        rule: Rule::PathEscape,
                        message: "symlink points outside the repository; it was not read".into(),
                    }),
                    Ok(target) => {
                        if let Ok(meta) = std::fs::metadata(&target)
                            && meta.is_file()
                        {
                            files.push((path, Some(Stamp::of(&meta))));
                        }
                    }
                }
            } else if ft.is_file() {
                files.push((path, entry.metadata().ok().map(|m| Stamp::of(&m))));
            }
        }
        let below: Vec<Walked> = folders
            .par_iter()
            .map(|(full, rel)| self.walk(full, rel, depth + 1))
            .collect();
        for (f, p) in below {
            files.extend(f);
            problems.extend(p);
        }
        (files, problems)
    }
}

/// Resolves a link written in `file` (workspace-relative) to a repository-relative path.
/// `None` when it leaves the repository (absolute, or `..` past the root).
pub fn resolve_link(prefix: &str, file: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.starts_with('\\') || target.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = prefix.split('/').filter(|s| !s.is_empty()).collect();
    let dir: Vec<&str> = file.split('/').collect();
    parts.extend(&dir[..dir.len().saturating_sub(1)]);
    for seg in target.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_relative_to_their_file_and_stop_at_the_root() {
        assert_eq!(
            resolve_link("plan", "tasks/web/T-1-a.md", "../../docs/spec.md").as_deref(),
            Some("plan/docs/spec.md")
        );
        assert_eq!(
            resolve_link("plan", "tasks/T-1-a.md", "../../README.md").as_deref(),
            Some("README.md")
        );
        assert_eq!(resolve_link("", "tasks/T-1-a.md", "../../x"), None);
        assert_eq!(resolve_link("", "tasks/T-1-a.md", "/etc/passwd"), None);
    }

    #[test]
    fn a_listing_is_sorted_skips_hidden_names_and_stats_each_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        let write = |p: &str| {
            let full = root.join(p);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, p).expect("write");
        };
        std::fs::write(root.join("cairn.yaml"), "").expect("write");
        for p in [
            "tasks/web/deep/T-3-c.md",
            "tasks/T-1-a.md",
            "tasks/web/T-2-b.md",
            "tasks/_drafts/T-9-x.md",
            "tasks/.hidden/T-8-y.md",
            "tasks/.T-7-z.md",
            "tasks/notes.txt",
            "meetings/2026-01-05-kickoff.md",
        ] {
            write(p);
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("tasks/T-1-a.md"), root.join("tasks/T-4-l.md"))
                .expect("symlink");
            std::os::unix::fs::symlink(root.join("tasks/web"), root.join("tasks/linked"))
                .expect("symlink");
        }
        let source = DirSource::new(root).expect("source");
        let listing = source.list().expect("list");
        let mut expected = vec![
            "meetings/2026-01-05-kickoff.md",
            "tasks/T-1-a.md",
            "tasks/web/T-2-b.md",
            "tasks/web/deep/T-3-c.md",
        ];
        if cfg!(unix) {
            // A symlinked file inside the repository is read; a symlinked folder is not
            // walked (its files are listed once, where they are).
            expected.insert(2, "tasks/T-4-l.md");
        }
        assert_eq!(listing.files, expected);
        assert!(listing.problems.is_empty(), "{:?}", listing.problems);
        assert_eq!(listing.stamps.len(), listing.files.len());
        for (path, stamp) in listing.files.iter().zip(&listing.stamps) {
            assert_eq!(*stamp, source.stamp(path), "{path}");
            assert!(stamp.is_some(), "{path}");
        }
        // An overlay's files are not what was stat'ed.
        let changed = [("tasks/T-1-a.md".to_string(), Some("new".to_string()))];
        let overlay = Overlay {
            inner: &source,
            files: &changed,
        };
        assert!(overlay.list().expect("list").stamps.is_empty());
    }
}
