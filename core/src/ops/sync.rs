//! `cairn sync-commits`: tasks the main line closes with a keyword (`Closes T-12`,
//! `Fixes T-12`, `Done T-12`), made `done` with `closed` set to the day of the commit (of
//! the merge that brought it in). Reverted commits close nothing.

use super::change::Change;
use super::edit::EditError;
use crate::analyze::commits::{Closing, closings};
use crate::load::git::{GitError, Repo};
use crate::load::source::DirSource;
use crate::model::{StatusCategory, Workspace};
use serde::Serialize;

/// First-parent commits read at most.
pub const MAX_COMMITS: usize = 5_000;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// One task a commit closes, and what becomes of it.
#[derive(Clone, Debug, Serialize)]
pub struct SyncRow {
    #[serde(flatten)]
    pub closing: Closing,
    /// `closes` (made done by this change), `done` (already finished), `cancelled`, or
    /// `unknown` (no such task here).
    pub state: &'static str,
    pub title: Option<String>,
}

/// What the main line closes since `since` (a revision; all of it, up to
/// [`MAX_COMMITS`], without), and the change that records it.
pub fn sync(
    source: &DirSource,
    ws: &Workspace,
    since: Option<&str>,
) -> Result<(Vec<SyncRow>, Change), SyncError> {
    let repo = Repo::discover(source.root())?;
    let head = repo.commit("HEAD")?;
    let stop = since.map(|s| repo.commit(s)).transpose()?;
    let found = closings(&repo, head, stop, &ws.config.task_prefix, MAX_COMMITS)?;
    let mut rows = Vec::new();
    let mut change = Change::default();
    for c in found {
        let Some(t) = ws.task(&c.task) else {
            rows.push(SyncRow {
                closing: c,
                state: "unknown",
                title: None,
            });
            continue;
        };
        let state = match ws.category(t) {
            Some(StatusCategory::Done) => "done",
            Some(StatusCategory::Cancelled) => "cancelled",
            _ => {
                let edit = super::edit::done(ws, &c.task, c.date)?;
                change.files.extend(edit.files);
                "closes"
            }
        };
        rows.push(SyncRow {
            title: Some(t.title.clone()),
            closing: c,
            state,
        });
    }
    Ok((rows, change))
}
