//! Git as cairn's database: open the repository around a workspace, resolve revisions,
//! and read a workspace straight from a commit's tree (no checkout) through the same
//! [`TreeSource`] the working directory uses.
//!
//! Trees are read with gix. Everything that comes out of the repository is untrusted: file
//! names that are not UTF-8, symlinks, submodules and huge blobs are reported, not
//! followed blindly.

use crate::diag::Rule;
use crate::load::source::{
    EntryProblem, Listing, MAX_FILE_BYTES, MAX_FOLDER_DEPTH, ReadError, TreeSource, resolve_link,
};
use crate::model::{FileKind, LinkState};
use gix::ObjectId;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// A failure to use git, phrased for the person who has to fix it, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct GitError {
    pub message: String,
    pub hint: Option<String>,
}

fn err(message: impl Into<String>, hint: Option<&str>) -> GitError {
    GitError {
        message: message.into(),
        hint: hint.map(str::to_owned),
    }
}

const SHALLOW_HINT: &str = "this is a shallow clone: fetch the full history first \
     (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)";

/// One entry of a tree, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    /// The raw file name (git allows any bytes but `/` and NUL).
    pub name: Vec<u8>,
    pub kind: EntryKind,
    pub id: ObjectId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Tree,
    Blob,
    Link,
    /// A submodule's commit: never read.
    Commit,
}

impl EntryKind {
    pub fn of(mode: gix::objs::tree::EntryMode) -> EntryKind {
        if mode.is_tree() {
            EntryKind::Tree
        } else if mode.is_link() {
            EntryKind::Link
        } else if mode.is_commit() {
            EntryKind::Commit
        } else {
            EntryKind::Blob
        }
    }
}

/// A task file in a commit's tree, known by its name (not parsed).
#[derive(Clone, Debug)]
pub struct TaskFile {
    pub id: String,
    /// Workspace-relative.
    pub path: String,
}

/// A repository, shareable across threads.
/// One commit, as the activity of a plan names it.
#[derive(Clone, Debug)]
pub struct CommitInfo {
    pub id: ObjectId,
    pub time: jiff::Timestamp,
    pub author: String,
    /// The author's email, lowercase.
    pub email: String,
    /// The message's first line (at most 200 characters).
    pub summary: String,
    pub tree: ObjectId,
    pub parent: Option<ObjectId>,
}

impl CommitInfo {
    /// The id's first 7 hex digits.
    pub fn short(&self) -> String {
        self.id.to_hex_with_len(7).to_string()
    }
}

#[derive(Clone)]
pub struct Repo {
    inner: gix::ThreadSafeRepository,
}

impl Repo {
    /// The repository that holds `dir`.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        match gix::discover(dir) {
            Ok(r) => Ok(Repo {
                inner: r.into_sync(),
            }),
            Err(e) => Err(err(
                format!("{} is not inside a git repository ({e})", dir.display()),
                Some("run cairn inside a clone of the repository that holds the plan"),
            )),
        }
    }

    pub fn local(&self) -> gix::Repository {
        self.inner.to_thread_local()
    }

    /// The working tree's top folder, if the repository has one.
    pub fn workdir(&self) -> Option<PathBuf> {
        self.inner.work_dir().map(Path::to_path_buf)
    }

    fn is_shallow(&self) -> bool {
        self.local().is_shallow().unwrap_or(false)
    }

    /// The commit a revision names (`main`, `origin/main`, `HEAD~3`, a hash, a tag).
    pub fn commit(&self, rev: &str) -> Result<ObjectId, GitError> {
        let repo = self.local();
        if rev == "HEAD" && repo.head_id().is_err() {
            return Err(err(
                "the repository has no commits yet",
                Some("commit the workspace first, or compare against the working tree"),
            ));
        }
        let id = repo.rev_parse_single(rev).map_err(|e| {
            let hint = if self.is_shallow() {
                SHALLOW_HINT
            } else {
                "check the name, or fetch it first (`git fetch origin <branch>`)"
            };
            err(format!("unknown revision `{rev}` ({e})"), Some(hint))
        })?;
        let object = id
            .object()
            .map_err(|e| err(format!("cannot read `{rev}` ({e})"), Some(SHALLOW_HINT)))?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| err(format!("`{rev}` does not name a commit ({e})"), None))?;
        Ok(commit.id)
    }

    /// The configured `user.email` (repository, then global config), lowercase.
    pub fn user_email(&self) -> Option<String> {
        let repo = self.local();
        let email = repo.config_snapshot().string("user.email")?;
        let email = email.to_string();
        let email = email.trim();
        (!email.is_empty()).then(|| email.to_lowercase())
    }

    /// Who made a commit, when, and its first line; its first parent.
    pub fn commit_info(&self, id: ObjectId) -> Result<CommitInfo, GitError> {
        Self::commit_info_in(&self.local(), id)
    }

    /// [`commit_info`](Self::commit_info) through a thread-local handle the caller keeps
    /// (opening one per commit costs more than reading the commit).
    pub fn commit_info_in(repo: &gix::Repository, id: ObjectId) -> Result<CommitInfo, GitError> {
        let commit = repo
            .find_commit(id)
            .map_err(|e| err(format!("cannot read commit {id} ({e})"), Some(SHALLOW_HINT)))?;
        let time = commit
            .time()
            .ok()
            .and_then(|t| jiff::Timestamp::from_second(t.seconds).ok())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let (author, email) = commit
            .author()
            .map(|a| (a.name.to_string(), a.email.to_string().to_lowercase()))
            .unwrap_or_default();
        let summary = commit
            .message_raw_sloppy()
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        let tree = commit
            .tree_id()
            .map_err(|e| err(format!("{e}"), None))?
            .detach();
        Ok(CommitInfo {
            id,
            time,
            author,
            email,
            summary,
            tree,
            parent: commit.parent_ids().next().map(gix::Id::detach),
        })
    }

    /// The best common ancestor of two commits, as `git diff a...b` uses.
    pub fn merge_base(&self, a: ObjectId, b: ObjectId) -> Result<ObjectId, GitError> {
        let repo = self.local();
        match repo.merge_base(a, b) {
            Ok(Some(id)) => Ok(id.detach()),
            Ok(None) if self.is_shallow() => Err(err(
                "no common ancestor found in this shallow clone",
                Some(SHALLOW_HINT),
            )),
            Ok(None) => Err(err(
                "the two revisions have no common ancestor",
                Some("pass --no-merge-base to compare them directly"),
            )),
            Err(e) => Err(err(
                format!("cannot compute the merge base ({e})"),
                Some(if self.is_shallow() {
                    SHALLOW_HINT
                } else {
                    "pass --no-merge-base to compare the revisions directly"
                }),
            )),
        }
    }

    /// The root tree of a commit.
    pub fn commit_tree(&self, commit: ObjectId) -> Result<ObjectId, GitError> {
        let repo = self.local();
        let c = repo.find_commit(commit).map_err(|e| {
            err(
                format!("cannot read commit {commit} ({e})"),
                Some(SHALLOW_HINT),
            )
        })?;
        c.tree_id()
            .map(gix::Id::detach)
            .map_err(|e| err(format!("cannot read commit {commit} ({e})"), None))
    }

    /// The entries of one tree object.
    pub fn tree(&self, repo: &gix::Repository, id: ObjectId) -> Result<Vec<TreeEntry>, GitError> {
        let tree = repo
            .find_tree(id)
            .map_err(|e| err(format!("cannot read tree {id} ({e})"), None))?;
        let decoded = tree
            .decode()
            .map_err(|e| err(format!("cannot decode tree {id} ({e})"), None))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| TreeEntry {
                name: e.filename.to_vec(),
                kind: EntryKind::of(e.mode),
                id: e.oid.to_owned(),
            })
            .collect())
    }

    /// Follows `path` (`a/b/c`, `""` for the tree itself) from `tree`.
    pub fn entry_at(
        &self,
        repo: &gix::Repository,
        tree: ObjectId,
        path: &str,
    ) -> Result<Option<(EntryKind, ObjectId)>, GitError> {
        let mut cur = (EntryKind::Tree, tree);
        for part in path.split('/').filter(|p| !p.is_empty()) {
            if cur.0 != EntryKind::Tree {
                return Ok(None);
            }
            let entries = self.tree(repo, cur.1)?;
            match entries.into_iter().find(|e| e.name == part.as_bytes()) {
                Some(e) => cur = (e.kind, e.id),
                None => return Ok(None),
            }
        }
        Ok(Some(cur))
    }

    /// The oldest commit on HEAD's first-parent line whose plan (cairn.yaml and the four
    /// item folders under `prefix`) is the same as HEAD's: the commit a report describes,
    /// which does not change when the reports themselves are committed.
    pub fn plan_commit(&self, prefix: &str) -> Option<ObjectId> {
        let repo = self.local();
        let key = |commit: ObjectId| -> Option<Vec<Option<ObjectId>>> {
            let root = self.commit_tree(commit).ok()?;
            let ws = match self.entry_at(&repo, root, prefix).ok()?? {
                (EntryKind::Tree, id) => id,
                _ => return None,
            };
            let entries = self.tree(&repo, ws).ok()?;
            let names = [
                crate::load::CONFIG_FILE,
                "projects",
                "tasks",
                "meetings",
                "decisions",
            ];
            Some(
                names
                    .iter()
                    .map(|n| {
                        entries
                            .iter()
                            .find(|e| e.name == n.as_bytes())
                            .map(|e| e.id)
                    })
                    .collect(),
            )
        };
        let head = repo.head_id().ok()?.detach();
        let want = key(head)?;
        let mut best = head;
        let mut cur = head;
        for _ in 0..10_000 {
            let commit = repo.find_commit(cur).ok()?;
            let Some(parent) = commit.parent_ids().next().map(gix::Id::detach) else {
                break;
            };
            if key(parent).as_ref() != Some(&want) {
                break;
            }
            best = parent;
            cur = parent;
        }
        Some(best)
    }

    /// The versions of the file at repository path `path` on HEAD's first-parent line,
    /// newest first, one per commit that has it (at most `limit` commits are read); each
    /// is offered to `take` until it returns something.
    pub fn find_in_history<T>(
        &self,
        path: &str,
        limit: usize,
        mut take: impl FnMut(&[u8]) -> Option<T>,
    ) -> Option<T> {
        let repo = self.local();
        let mut cur = repo.head_id().ok()?.detach();
        let mut last_blob = None;
        for _ in 0..limit {
            let root = self.commit_tree(cur).ok()?;
            if let Ok(Some((EntryKind::Blob, id))) = self.entry_at(&repo, root, path)
                && last_blob != Some(id)
            {
                last_blob = Some(id);
                if let Ok(blob) = repo.find_blob(id)
                    && blob.data.len() as u64 <= MAX_FILE_BYTES
                    && let Some(found) = take(&blob.data)
                {
                    return Some(found);
                }
            }
            let commit = repo.find_commit(cur).ok()?;
            cur = commit.parent_ids().next()?.detach();
        }
        None
    }

    /// The tips of every local and remote-tracking branch.
    pub fn branch_tips(&self) -> Vec<ObjectId> {
        let repo = self.local();
        let Ok(platform) = repo.references() else {
            return Vec::new();
        };
        let mut tips = Vec::new();
        for iter in [platform.local_branches(), platform.remote_branches()]
            .into_iter()
            .flatten()
        {
            for r in iter.flatten() {
                let mut r = r;
                if let Ok(id) = r.peel_to_id() {
                    tips.push(id.detach());
                }
            }
        }
        tips.sort();
        tips.dedup();
        tips
    }

    /// The task files under `<prefix>/tasks` in one commit, by id from their file names
    /// (workspace-relative paths); no blob is read.
    pub fn task_files(&self, commit: ObjectId, prefix: &str, task_prefix: &str) -> Vec<TaskFile> {
        let repo = self.local();
        let mut out = Vec::new();
        let Ok(root) = self.commit_tree(commit) else {
            return out;
        };
        let tasks_path = if prefix.is_empty() {
            "tasks".to_owned()
        } else {
            format!("{prefix}/tasks")
        };
        let Ok(Some((EntryKind::Tree, tasks))) = self.entry_at(&repo, root, &tasks_path) else {
            return out;
        };
        let mut stack = vec![("tasks".to_owned(), tasks)];
        while let Some((dir, t)) = stack.pop() {
            let Ok(entries) = self.tree(&repo, t) else {
                continue;
            };
            for e in entries {
                let name = String::from_utf8_lossy(&e.name).into_owned();
                if name.starts_with('.') || name.starts_with('_') {
                    continue;
                }
                let path = format!("{dir}/{name}");
                match e.kind {
                    EntryKind::Tree => stack.push((path, e.id)),
                    _ => {
                        if let Some(n) = crate::load::file_id_number(&name, task_prefix) {
                            out.push(TaskFile {
                                id: format!("{task_prefix}-{n}"),
                                path,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// Task numbers in the file names under `<prefix>/tasks` in each commit, reading tree
    /// entries only (never a blob); trees shared between commits are read once.
    pub fn task_numbers_in(&self, commits: &[ObjectId], prefix: &str, task_prefix: &str) -> u64 {
        let repo = self.local();
        let mut seen: HashSet<ObjectId> = HashSet::new();
        let mut highest = 0;
        for &c in commits {
            let Ok(root) = self.commit_tree(c) else {
                continue;
            };
            let tasks_path = if prefix.is_empty() {
                "tasks".to_owned()
            } else {
                format!("{prefix}/tasks")
            };
            let Ok(Some((EntryKind::Tree, tasks))) = self.entry_at(&repo, root, &tasks_path) else {
                continue;
            };
            let mut stack = vec![tasks];
            while let Some(t) = stack.pop() {
                if !seen.insert(t) {
                    continue;
                }
                let Ok(entries) = self.tree(&repo, t) else {
                    continue;
                };
                for e in entries {
                    match e.kind {
                        EntryKind::Tree => stack.push(e.id),
                        _ => {
                            let name = String::from_utf8_lossy(&e.name);
                            if let Some(n) = crate::load::file_id_number(&name, task_prefix) {
                                highest = highest.max(n);
                            }
                        }
                    }
                }
            }
        }
        highest
    }
}

/// A workspace read from one commit's tree.
pub struct GitSource {
    repo: Repo,
    root_tree: ObjectId,
    prefix: String,
    /// Workspace-relative path → blob to read (symlinks already resolved).
    blobs: BTreeMap<String, ObjectId>,
    listing: Listing,
    label: String,
    /// Thread-local repository handles, reused across reads (making one per read costs
    /// more than reading a small blob).
    pool: std::sync::Mutex<Vec<gix::Repository>>,
}

impl GitSource {
    /// The workspace at `prefix` (repository-relative, `""` for the top) in `commit`.
    /// `label` names the revision in messages.
    pub fn new(repo: &Repo, commit: ObjectId, prefix: &str, label: &str) -> Result<Self, GitError> {
        let root_tree = repo.commit_tree(commit)?;
        let local = repo.local();
        let ws_tree = match repo.entry_at(&local, root_tree, prefix)? {
            Some((EntryKind::Tree, id)) => id,
            _ => {
                return Err(err(
                    format!(
                        "no workspace folder `{}` in {label}",
                        if prefix.is_empty() { "." } else { prefix }
                    ),
                    Some("the workspace must be at the same place in both revisions"),
                ));
            }
        };
        let mut blobs = BTreeMap::new();
        let mut listing = Listing::default();
        let top = repo.tree(&local, ws_tree)?;
        match top
            .iter()
            .find(|e| e.name == crate::load::CONFIG_FILE.as_bytes())
        {
            Some(e) if e.kind == EntryKind::Blob => {
                blobs.insert(crate::load::CONFIG_FILE.to_owned(), e.id);
            }
            _ => {
                return Err(err(
                    format!(
                        "no {} in `{}` at {label}",
                        crate::load::CONFIG_FILE,
                        if prefix.is_empty() { "." } else { prefix }
                    ),
                    Some("the workspace did not exist yet at that revision"),
                ));
            }
        }
        let mut links: Vec<(String, ObjectId)> = Vec::new();
        for folder in FileKind::LISTED {
            let Some(start) = top
                .iter()
                .find(|e| e.name == folder.as_bytes() && e.kind == EntryKind::Tree)
            else {
                continue;
            };
            let mut stack = vec![(folder.to_owned(), start.id, 1)];
            while let Some((dir, id, depth)) = stack.pop() {
                if depth > MAX_FOLDER_DEPTH {
                    listing.problems.push(EntryProblem {
                        path: dir,
                        rule: Rule::Unreadable,
                        message: format!(
                            "folders nested more than {MAX_FOLDER_DEPTH} deep; this one was not read"
                        ),
                    });
                    continue;
                }
                for e in repo.tree(&local, id)? {
                    let Ok(name) = std::str::from_utf8(&e.name) else {
                        listing.problems.push(EntryProblem {
                            path: format!("{dir}/{}", String::from_utf8_lossy(&e.name)),
                            rule: Rule::Unreadable,
                            message: "file name is not UTF-8; it was not read".into(),
                        });
                        continue;
                    };
                    if name.starts_with('.') || name.starts_with('_') {
                        continue;
                    }
                    let path = format!("{dir}/{name}");
                    match e.kind {
                        EntryKind::Tree => stack.push((path, e.id, depth + 1)),
                        _ if !name.ends_with(".md") => {}
                        EntryKind::Blob => {
                            blobs.insert(path.clone(), e.id);
                            listing.files.push(path);
                        }
                        EntryKind::Link => links.push((path, e.id)),
                        EntryKind::Commit => listing.problems.push(EntryProblem {
                            path,
                            rule: Rule::Unreadable,
                            message: "a submodule, not a file; it was not read".into(),
                        }),
                    }
                }
            }
        }
        // A symlink in a tree is a blob holding its target; follow it only inside the
        // workspace, to a file of the same tree.
        for (path, id) in links {
            let target = local
                .find_blob(id)
                .map(|b| String::from_utf8_lossy(&b.data).into_owned())
                .unwrap_or_default();
            let resolved = resolve_link("", &path, &target);
            match resolved.and_then(|t| blobs.get(&t).copied()) {
                Some(blob) => {
                    blobs.insert(path.clone(), blob);
                    listing.files.push(path);
                }
                None if resolve_link(prefix, &path, &target).is_none()
                    || resolve_link("", &path, &target).is_none() =>
                {
                    listing.problems.push(EntryProblem {
                        path,
                        rule: Rule::PathEscape,
                        message: "symlink points outside the workspace; it was not read".into(),
                    });
                }
                None => listing.problems.push(EntryProblem {
                    path,
                    rule: Rule::Unreadable,
                    message: format!(
                        "symlink to `{}` names no file of the workspace",
                        crate::text::escape::term(&target)
                    ),
                }),
            }
        }
        listing.files.sort();
        Ok(GitSource {
            repo: repo.clone(),
            root_tree,
            prefix: prefix.to_owned(),
            blobs,
            listing,
            label: label.to_owned(),
            pool: std::sync::Mutex::new(Vec::new()),
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }
}

impl TreeSource for GitSource {
    fn list(&self) -> std::io::Result<Listing> {
        Ok(self.listing.clone())
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let not_found = || {
            ReadError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not in the tree",
            ))
        };
        let id = match self.blobs.get(path).copied() {
            Some(id) => id,
            // A file that is not an item (cairn.yaml is listed; a goal's metric file is
            // not): looked up in the tree, a plain file only (a symlink is not followed).
            None if FileKind::of_path(path).is_none() && !path.starts_with("time/") => {
                let full = if self.prefix.is_empty() {
                    path.to_owned()
                } else {
                    format!("{}/{path}", self.prefix)
                };
                let local = self.repo.local();
                match self.repo.entry_at(&local, self.root_tree, &full) {
                    Ok(Some((EntryKind::Blob, id))) => id,
                    _ => return Err(not_found()),
                }
            }
            None => return Err(not_found()),
        };
        let repo = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| self.repo.local());
        let io = |e: &dyn std::fmt::Display| {
            ReadError::Io(std::io::Error::other(format!("git object {id}: {e}")))
        };
        let result = (|| {
            let size = repo.find_header(id).map_err(|e| io(&e))?.size();
            if size > MAX_FILE_BYTES {
                return Err(ReadError::TooLarge(size));
            }
            let blob = repo.find_blob(id).map_err(|e| io(&e))?;
            Ok(blob.data.to_vec())
        })();
        if let Ok(mut p) = self.pool.lock() {
            p.push(repo);
        }
        result
    }

    fn link_state(&self, repo_path: &str) -> LinkState {
        let repo = self.repo.local();
        match self.repo.entry_at(&repo, self.root_tree, repo_path) {
            Ok(Some((EntryKind::Tree, _))) => LinkState::Folder,
            Ok(Some(_)) => LinkState::Exists,
            _ => LinkState::Missing,
        }
    }

    fn workspace_prefix(&self) -> &str {
        &self.prefix
    }

    fn blob_id(&self, path: &str) -> Option<ObjectId> {
        self.blobs.get(path).copied()
    }
}
