//! What happened to the plan, commit by commit: the first-parent line of a revision back
//! to a stopping point (a commit, or a time), with the workspace files each commit
//! changed. Only trees whose ids differ are descended into, so a walk over hundreds of
//! commits of a big plan reads little more than the files that changed.

use super::history::{TreeCache, diff_trees};
use crate::load::git::{CommitInfo, EntryKind, GitError, Repo};
use gix::ObjectId;
use jiff::Timestamp;

/// The object cache a walk keeps (decoded trees and blobs, of which neighbouring commits
/// share most).
pub const OBJECT_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// Where a walk back stops (that commit, and anything older, is not walked).
#[derive(Clone, Copy, Debug)]
pub struct Stop {
    /// Stop at this commit (it is the base: the state before the walked commits).
    pub commit: Option<ObjectId>,
    /// Stop at the first commit older than this.
    pub time: Option<Timestamp>,
}

/// A workspace file one commit changed: its workspace-relative path and blob ids before
/// and after (`None`: absent).
#[derive(Clone, Debug)]
pub struct FileChange {
    pub path: String,
    pub old: Option<ObjectId>,
    pub new: Option<ObjectId>,
}

/// One commit of the walk.
#[derive(Clone, Debug)]
pub struct CommitChanges {
    pub commit: CommitInfo,
    /// The Markdown files of the workspace it changed.
    pub files: Vec<FileChange>,
    /// It changed `cairn.yaml` (people, calendar, statuses).
    pub config_changed: bool,
}

/// The walk: commits oldest first, and the base (the newest commit not walked, if any).
#[derive(Clone, Debug, Default)]
pub struct Walk {
    pub commits: Vec<CommitChanges>,
    pub base: Option<ObjectId>,
    /// More than `max` commits were in the window: the oldest were left out.
    pub truncated: bool,
}

fn sub(repo: &Repo, local: &gix::Repository, tree: ObjectId, path: &str) -> Option<ObjectId> {
    if path.is_empty() {
        return Some(tree);
    }
    match repo.entry_at(local, tree, path) {
        Ok(Some((EntryKind::Tree, t))) => Some(t),
        _ => None,
    }
}

fn blob_at(repo: &Repo, local: &gix::Repository, tree: ObjectId, path: &str) -> Option<ObjectId> {
    match repo.entry_at(local, tree, path) {
        Ok(Some((EntryKind::Blob, b))) => Some(b),
        _ => None,
    }
}

/// Walks the first-parent line of `tip` back to `stop` (at most `max` commits) and lists
/// what each commit changed in the workspace at `prefix`.
pub fn walk(
    repo: &Repo,
    tip: ObjectId,
    prefix: &str,
    stop: Stop,
    max: usize,
) -> Result<Walk, GitError> {
    let mut local = repo.local();
    // Trees and blobs of neighbouring commits are deltas of each other: decoded once.
    local.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
    let mut infos = Vec::new();
    let mut cur = Some(tip);
    let mut base = None;
    let mut truncated = false;
    while let Some(id) = cur {
        if stop.commit == Some(id) {
            base = Some(id);
            break;
        }
        let info = match Repo::commit_info_in(&local, id) {
            Ok(i) => i,
            // The edge of a shallow clone.
            Err(_) if !infos.is_empty() => break,
            Err(e) => return Err(e),
        };
        if stop.time.is_some_and(|t| info.time < t) {
            base = Some(id);
            break;
        }
        if infos.len() >= max {
            truncated = true;
            base = Some(id);
            break;
        }
        cur = info.parent;
        infos.push(info);
    }
    infos.reverse();
    let config = if prefix.is_empty() {
        crate::load::CONFIG_FILE.to_owned()
    } else {
        format!("{prefix}/{}", crate::load::CONFIG_FILE)
    };
    let mut cache = TreeCache::default();
    let mut commits = Vec::with_capacity(infos.len());
    let mut prev_tree: Option<ObjectId> = None;
    for info in infos {
        // The parent is the previous commit walked (or the base): its tree is known.
        let parent_tree = match prev_tree {
            Some(t) => Some(t),
            None => info
                .parent
                .and_then(|p| Repo::commit_info_in(&local, p).ok())
                .map(|c| c.tree),
        };
        prev_tree = Some(info.tree);
        let new = sub(repo, &local, info.tree, prefix);
        let old = parent_tree.and_then(|t| sub(repo, &local, t, prefix));
        let mut changed = Vec::new();
        diff_trees(&mut cache, &local, old, new, &mut changed)?;
        let config_changed = blob_at(repo, &local, info.tree, &config)
            != parent_tree.and_then(|t| blob_at(repo, &local, t, &config));
        commits.push(CommitChanges {
            commit: info,
            files: changed
                .into_iter()
                .map(|(path, old, new)| FileChange { path, old, new })
                .collect(),
            config_changed,
        });
    }
    Ok(Walk {
        commits,
        base,
        truncated,
    })
}

/// A blob's bytes, if it is one cairn reads (not over the file size limit).
pub fn blob(local: &gix::Repository, id: ObjectId) -> Option<Vec<u8>> {
    let b = local.find_blob(id).ok()?;
    (b.data.len() as u64 <= crate::load::source::MAX_FILE_BYTES).then(|| b.data.to_vec())
}
