//! `cairn digest`: the team's week for a chat channel or a scheduled CI job. The window's
//! first and last commits are compared as `review` compares two revisions (so the same
//! words and reasons), and the working tree adds what stands: overdue work and action
//! items falling due.

use super::inbox::Since;
use super::revisions::{RevisionError, SideInfo};
use crate::analyze::activity::{self, Stop};
use crate::analyze::review::{DecisionChange, ForecastChange, TaskLine};
use crate::load::ParseCache;
use crate::load::git::{GitError, Repo};
use crate::load::source::{DirSource, TreeSource};
use crate::model::{DecisionStatus, StatusCategory, Workspace};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeSet;

impl Digest {
    /// Keeps only the tasks the filter holds for (`digest --where`): done, started, added
    /// and overdue work. Milestones, decisions and action items stay.
    pub fn keep_tasks(&mut self, ws: &Workspace, filter: &crate::analyze::filter::Filter) {
        if filter.is_all() {
            return;
        }
        let keep = |id: &str| ws.task(id).is_some_and(|t| filter.matches(ws, t));
        self.done.retain(|t| keep(&t.id));
        self.started.retain(|t| keep(&t.id));
        self.added.retain(|t| keep(&t.id));
        self.overdue.retain(|t| keep(&t.id));
    }
}

/// How far ahead an action item's due date puts it in the digest.
const DUE_WITHIN_DAYS: i64 = 7;

/// An open task past its due date.
#[derive(Clone, Debug, Serialize)]
pub struct Overdue {
    pub id: String,
    pub title: String,
    pub assignees: Vec<String>,
    pub due: Date,
    /// Calendar days since the due date.
    pub days: i64,
    pub file: String,
}

/// An open action item due within a week, or overdue.
#[derive(Clone, Debug, Serialize)]
pub struct ActionDue {
    /// `<meeting>#<n>`, as `cairn action` takes it.
    pub id: String,
    pub meeting: String,
    pub text: String,
    pub people: Vec<String>,
    pub due: Date,
    pub overdue: bool,
    pub file: String,
    pub line: u32,
}

/// The window.
#[derive(Clone, Debug, Serialize)]
pub struct Window {
    pub since: Option<Date>,
    pub rev: Option<String>,
    /// The newest commit before the window (12 hex digits), `null` when it reaches the
    /// first commit.
    pub base: Option<String>,
    /// The last commit in it.
    pub head: Option<String>,
    pub commits: usize,
    /// Authors of the window's commits, by name.
    pub authors: Vec<String>,
}

/// The JSON of `digest` (docs/json.md), and what the renderers draw.
#[derive(Clone, Debug, Serialize)]
pub struct Digest {
    pub version: u32,
    pub name: String,
    pub today: Date,
    pub project: Option<String>,
    pub window: Window,
    pub done: Vec<TaskLine>,
    /// Moved into an active status.
    pub started: Vec<TaskLine>,
    pub added: Vec<TaskLine>,
    /// Milestones whose forecast, due date or status moved, with why.
    pub milestones: Vec<ForecastChange>,
    pub overdue: Vec<Overdue>,
    pub actions: Vec<ActionDue>,
    /// Decisions accepted (or otherwise settled) in the window.
    pub decisions: Vec<DecisionChange>,
    /// Hours logged in the window (`time/`), per person; empty without time logs.
    pub time_logged: std::collections::BTreeMap<String, f64>,
}

#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Revisions(#[from] RevisionError),
    #[error(transparent)]
    Edit(#[from] super::edit::EditError),
}

/// The digest of the window `since` (up to HEAD) of the workspace at `dir`, whose
/// working tree is `ws`.
pub fn digest(
    dir: &DirSource,
    ws: &Workspace,
    since: &Since,
    project: Option<&str>,
    today: Date,
    cache: ParseCache,
) -> Result<Digest, DigestError> {
    if let Some(p) = project {
        super::query::validate_projects(ws, &[p.to_owned()])?;
    }
    let repo = Repo::discover(dir.root())?;
    let head = repo.commit("HEAD")?;
    let (since_date, rev, stop) = match since {
        Since::Date(d) => (
            Some(*d),
            None,
            Stop {
                commit: None,
                time: jiff::Timestamp::from_second(
                    i64::from(crate::analyze::schedule::day_number(*d)) * 86_400,
                )
                .ok(),
            },
        ),
        Since::Rev(r) => (
            None,
            Some(r.clone()),
            Stop {
                commit: Some(repo.commit(r)?),
                time: None,
            },
        ),
        Since::Seen => (
            None,
            None,
            Stop {
                commit: None,
                time: None,
            },
        ),
    };
    let walk = activity::walk(
        &repo,
        head,
        dir.workspace_prefix(),
        stop,
        super::inbox::MAX_COMMITS,
    )?;
    let authors: BTreeSet<String> = walk
        .commits
        .iter()
        .map(|c| c.commit.author.clone())
        .collect();
    // Both ends, loaded as a review loads them; a window that reaches the first commit
    // starts from nothing.
    let mut sides = match walk.base {
        Some(b) => {
            super::revisions::load_two(dir, &b.to_string(), Some(&head.to_string()), true, cache)?
        }
        None => {
            let mut s = super::revisions::load_two(dir, "HEAD", Some("HEAD"), true, cache)?;
            s.base = Workspace {
                config: s.head.config.clone(),
                ..Workspace::default()
            };
            s.base.build_index();
            s.base_info = SideInfo {
                rev: None,
                commit: None,
                merge_base: false,
            };
            s
        }
    };
    sides.base_tip_tasks.clear();
    let reviewed = super::revisions::review(&sides, today, None);
    let r = &reviewed.review;
    let head_ws: &Workspace = &sides.head;
    let in_project = |id: &str| {
        project.is_none_or(|p| {
            head_ws
                .task(id)
                .and_then(|t| t.project.as_ref())
                .is_some_and(|x| x.value == p)
        })
    };
    let keep = |lines: &[TaskLine]| -> Vec<TaskLine> {
        lines
            .iter()
            .filter(|t| in_project(&t.id))
            .cloned()
            .collect()
    };
    let started: Vec<TaskLine> = r
        .tasks
        .changed
        .iter()
        .filter(|c| in_project(&c.id))
        .filter(|c| {
            c.changes.iter().any(|f| {
                f.field == "status"
                    && f.after
                        .as_deref()
                        .and_then(|s| head_ws.config.status_category(s))
                        == Some(StatusCategory::Active)
                    && f.before
                        .as_deref()
                        .and_then(|s| head_ws.config.status_category(s))
                        != Some(StatusCategory::Active)
            })
        })
        .filter_map(|c| head_ws.task(&c.id))
        .map(|t| TaskLine {
            id: t.id.value.clone(),
            title: t.title.clone(),
            status: t.status.value.clone(),
            assignees: t.assignees.iter().map(|a| a.value.clone()).collect(),
            file: head_ws.path(t.file).to_owned(),
        })
        .collect();
    // Newly added tasks that were also started or finished are told once, where they
    // ended up.
    let mut done = keep(&r.tasks.closed);
    let mut started = started;
    let mut added = Vec::new();
    for t in keep(&r.tasks.added) {
        match head_ws.config.status_category(&t.status) {
            Some(StatusCategory::Done) => done.push(t),
            Some(StatusCategory::Active) => started.push(t),
            Some(StatusCategory::Cancelled) => {}
            _ => added.push(t),
        }
    }
    let milestones: Vec<ForecastChange> = r
        .milestones
        .iter()
        .filter(|m| project.is_none_or(|p| m.project == p))
        .cloned()
        .collect();
    let decisions: Vec<DecisionChange> = r
        .decisions
        .iter()
        .filter(|d| {
            d.status_after
                .is_some_and(|s| s != DecisionStatus::Proposed)
                && d.status_after != d.status_before
        })
        .filter(|d| {
            project.is_none_or(|p| {
                ws.decision(&d.id)
                    .and_then(|x| x.project.as_ref())
                    .is_some_and(|x| x.value == p)
            })
        })
        .cloned()
        .collect();
    // What stands today, from the working tree.
    let mut overdue: Vec<Overdue> = ws
        .tasks
        .iter()
        .filter(|t| {
            matches!(
                ws.category(t),
                Some(StatusCategory::Open | StatusCategory::Active)
            )
        })
        .filter(|t| project.is_none_or(|p| t.project.as_ref().is_some_and(|x| x.value == p)))
        .filter_map(|t| {
            let due = t.due.as_ref()?.value;
            (due < today).then(|| Overdue {
                id: t.id.value.clone(),
                title: t.title.clone(),
                assignees: t.assignees.iter().map(|a| a.value.clone()).collect(),
                due,
                days: (today - due).get_days().into(),
                file: ws.path(t.file).to_owned(),
            })
        })
        .collect();
    overdue.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
    let soon = today
        .checked_add(jiff::Span::new().days(DUE_WITHIN_DAYS))
        .unwrap_or(today);
    let f = super::query::ActionFilter {
        projects: project.map(|p| vec![p.to_owned()]).unwrap_or_default(),
        open: true,
        ..Default::default()
    };
    let actions: Vec<ActionDue> = super::query::actions(ws, &f, today)
        .into_iter()
        .filter_map(|a| {
            let due = a.item.due.as_ref()?.value;
            (due <= soon).then(|| ActionDue {
                id: format!("{}#{}", a.meeting.id.value, a.number),
                meeting: a.meeting.title.clone(),
                text: super::inbox::without_due(&a.item.text),
                people: a.item.mentions.iter().map(|m| m.value.clone()).collect(),
                due,
                overdue: a.overdue,
                file: ws.path(a.meeting.file).to_owned(),
                line: a.item.pos.line,
            })
        })
        .collect();
    let window = Window {
        since: since_date,
        rev,
        base: walk.base.map(|b| b.to_hex_with_len(12).to_string()),
        head: Some(head.to_hex_with_len(12).to_string()),
        commits: walk.commits.len(),
        authors: authors.into_iter().collect(),
    };
    // Time logged from the window's first day (or its first commit's) to today.
    let first_day = since_date.or_else(|| {
        walk.commits
            .first()
            .and_then(|c| crate::analyze::schedule::day_of(c.commit.time))
    });
    let mut time_logged = std::collections::BTreeMap::new();
    for e in &ws.time {
        let in_project = project.is_none_or(|p| {
            ws.task(&e.task)
                .and_then(|t| t.project.as_ref())
                .is_some_and(|x| x.value == p)
        });
        if in_project && first_day.is_none_or(|f| e.date >= f) && e.date <= today {
            *time_logged.entry(e.person.clone()).or_insert(0.0) += e.hours;
        }
    }
    Ok(Digest {
        version: 1,
        time_logged,
        name: ws.config.name.clone(),
        today,
        project: project.map(str::to_owned),
        window,
        done,
        started,
        added,
        milestones,
        overdue,
        actions,
        decisions,
    })
}
