//! Trends from git history for commands and reports: a workspace's history over a window,
//! and the history behind the reports (read from the commit the plan was last changed in,
//! so committing the reports does not change them).

use crate::analyze::history::{self, History, Interval};
use crate::load::git::{GitError, Repo};
use crate::load::source::{DirSource, TreeSource};
use crate::model::Config;
use jiff::civil::Date;

/// The history of the workspace at `dir` along the first-parent line of `rev`.
pub fn history(
    dir: &DirSource,
    config: &Config,
    rev: &str,
    since: Date,
    until: Date,
    interval: Interval,
) -> Result<History, GitError> {
    let repo = Repo::discover(dir.root())?;
    let tip = repo.commit(rev)?;
    let line = history::first_parent_line(&repo, tip, dir.workspace_prefix())?;
    history::analyze(&repo, &line, config, since, until, interval)
}

/// Tasks of each project finished in the `weeks` weeks up to `today`; `None` outside git
/// or with `weeks` 0.
pub fn finished_by_project(
    dir: &DirSource,
    config: &Config,
    today: Date,
    weeks: u32,
) -> Option<std::collections::BTreeMap<String, usize>> {
    if weeks == 0 {
        return None;
    }
    let since = today
        .checked_sub(jiff::Span::new().weeks(i64::from(weeks)))
        .ok()?
        .tomorrow()
        .ok()?;
    let h = history(dir, config, "HEAD", since, today, Interval::Week).ok()?;
    Some(h.done_by_project)
}

/// The commit the plan was last changed in (12 hex digits) and the `weeks` weeks of
/// history up to `today` read from it; both `None` outside git.
pub fn report_history(
    dir: &DirSource,
    config: &Config,
    today: Date,
    weeks: i64,
) -> (Option<String>, Option<History>) {
    let Ok(repo) = Repo::discover(dir.root()) else {
        return (None, None);
    };
    let Some(plan) = repo.plan_commit(dir.workspace_prefix()) else {
        return (None, None);
    };
    let commit = plan.to_hex_with_len(12).to_string();
    let since = today
        .checked_sub(jiff::Span::new().weeks(weeks))
        .unwrap_or(today);
    let h = history::first_parent_line(&repo, plan, dir.workspace_prefix())
        .and_then(|line| history::analyze(&repo, &line, config, since, today, Interval::Week))
        .ok();
    (Some(commit), h)
}
