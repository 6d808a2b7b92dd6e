//! `cairn close PROJECT`: a project finished, its open work dealt with (cancelled, or
//! moved to another project), `status: done` and `closed:` set, and what a closing
//! report says gathered: milestones due against finished, effort and cost against the
//! budget, what was cut or moved, the decisions made, action items left open, and the
//! lessons of its retrospective meeting.

use super::change::Change;
use super::edit::{EditError, move_status, project_exists, status_in};
use crate::analyze::cost::ProjectCost;
use crate::analyze::schedule::working_days;
use crate::model::{DecisionStatus, StatusCategory, Workspace};
use crate::text::edit::{Doc, scalar};
use jiff::civil::Date;
use serde::Serialize;

/// What to do with the project's unfinished tasks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenWork {
    /// Refuse to close while there are any.
    Refuse,
    Cancel,
    MoveTo(String),
}

/// A milestone at the close.
#[derive(Clone, Debug, Serialize)]
pub struct MilestoneEnd {
    pub id: String,
    pub title: String,
    pub due: Option<Date>,
    /// Its forecast finish in the project's `baseline:` (when there is one).
    pub baseline_finish: Option<Date>,
    /// The latest `closed` among its done tasks.
    pub finished: Option<Date>,
    /// Working days from due to finished (negative: early).
    pub late_days: Option<i32>,
}

/// A task named in the report.
#[derive(Clone, Debug, Serialize)]
pub struct TaskLine {
    pub id: String,
    pub title: String,
}

/// What the forecast said of the project's finish at the end of one week.
#[derive(Clone, Debug, Serialize)]
pub struct WeekForecast {
    pub week_end: Date,
    pub forecast: Option<Date>,
    /// Working days from that forecast to the actual finish (positive: it finished later
    /// than forecast).
    pub error_days: Option<i32>,
}

/// The most weeks of forecast history a closing report reads.
const MAX_WEEKS: i64 = 52;

/// At the last commit of each week from the project's start (at most a year back) to
/// `today`, the project's forecast finish as the plan then said; and how far off it was.
fn forecast_history(
    dir: &crate::load::source::DirSource,
    project: &str,
    start: Option<Date>,
    finished: Date,
    today: Date,
) -> Vec<WeekForecast> {
    use crate::analyze::schedule::{self, day_number};
    use crate::load::source::TreeSource;
    let Ok(repo) = crate::load::git::Repo::discover(dir.root()) else {
        return Vec::new();
    };
    let Ok(tip) = repo.commit("HEAD") else {
        return Vec::new();
    };
    let Ok(line) = crate::analyze::history::first_parent_line(&repo, tip, dir.workspace_prefix())
    else {
        return Vec::new();
    };
    let earliest = today
        .checked_sub(jiff::Span::new().weeks(MAX_WEEKS))
        .unwrap_or(today);
    let from = start.map_or(earliest, |s| s.max(earliest));
    let end_instant = |d: Date| {
        jiff::Timestamp::from_second((i64::from(day_number(d)) + 1) * 86_400)
            .unwrap_or(jiff::Timestamp::MAX)
    };
    let mut cache = crate::load::ParseCache::default();
    cache.keep = true;
    let mut out = Vec::new();
    let mut d = from;
    while d <= today {
        if d.weekday() == jiff::civil::Weekday::Sunday
            && let Some(c) = line.iter().rev().find(|c| c.time < end_instant(d))
            && let Ok(source) =
                crate::load::git::GitSource::new(&repo, c.id, dir.workspace_prefix(), "the plan")
            && let Ok(snap) = crate::load::load_cached(&source, Some(&mut cache))
            && let Some(pi) = snap.index.projects.get(project).copied()
        {
            let fc = schedule::forecast(&snap, d);
            let forecast = fc
                .projects
                .iter()
                .find(|p| p.project == pi)
                .and_then(|p| p.rollup.forecast_finish);
            out.push(WeekForecast {
                week_end: d,
                forecast,
                // Signed: negative when it finished before the forecast.
                error_days: forecast.map(|f| schedule::working_days(&snap, f, finished)),
            });
        }
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

/// Everything the closing report says.
#[derive(Clone, Debug, Serialize)]
pub struct Closing {
    pub project: String,
    pub title: String,
    pub today: Date,
    pub start: Option<Date>,
    pub due: Option<Date>,
    /// The project's `baseline:` revision, and its forecast finish there.
    pub baseline: Option<String>,
    pub baseline_finish: Option<Date>,
    /// The latest `closed` of its done tasks (else today).
    pub finished: Date,
    pub late_days: Option<i32>,
    pub milestones: Vec<MilestoneEnd>,
    pub done: usize,
    pub estimate_hours: f64,
    pub cost: ProjectCost,
    /// Cancelled before or by the close.
    pub cut: Vec<TaskLine>,
    /// Moved to another project by the close.
    pub moved: Vec<TaskLine>,
    pub moved_to: Option<String>,
    pub decisions: Vec<(String, String, String)>,
    /// Open action items of its meetings: meeting id, text.
    pub open_actions: Vec<(String, String)>,
    /// Its retrospective meeting (a meeting of the project whose series or title says
    /// retro), and that meeting's body.
    pub retro: Option<(String, String)>,
    /// The project's forecast finish at the end of each week, and how far off it was.
    pub forecast_history: Vec<WeekForecast>,
    /// Where the report goes.
    pub report_path: String,
}

/// The change that closes `project`, and what its report says. The report's text is
/// added by the caller ([`with_report`]).
pub fn close(
    ws: &Workspace,
    dir: &crate::load::source::DirSource,
    project: &str,
    open: &OpenWork,
    reports_dir: &str,
    today: Date,
) -> Result<(Change, Closing), EditError> {
    project_exists(ws, project)?;
    let pi = *ws.index.projects.get(project).expect("checked");
    let p = &ws.projects[pi];
    if let OpenWork::MoveTo(other) = open {
        project_exists(ws, other)?;
        if other == project {
            return Err(EditError::Refused(
                "move the open work to another project".into(),
            ));
        }
    }
    let of_project = |t: &&crate::model::Task| {
        t.project.as_ref().is_some_and(|x| x.value == project) && t.recur.is_none()
    };
    let unfinished: Vec<&crate::model::Task> = ws
        .tasks
        .iter()
        .filter(of_project)
        .filter(|t| !ws.category(t).is_some_and(StatusCategory::is_finished))
        .collect();
    let mut change = Change::default();
    let mut moved = Vec::new();
    let mut cut: Vec<TaskLine> = ws
        .tasks
        .iter()
        .filter(of_project)
        .filter(|t| ws.category(t) == Some(StatusCategory::Cancelled))
        .map(|t| TaskLine {
            id: t.id.value.clone(),
            title: t.title.clone(),
        })
        .collect();
    match open {
        OpenWork::Refuse if !unfinished.is_empty() => {
            let ids: Vec<&str> = unfinished.iter().take(10).map(|t| t.id.as_str()).collect();
            return Err(EditError::Refused(format!(
                "project {project} has {} unfinished task{} ({}{}): pass --cancel-open or --move-open-to PROJECT",
                unfinished.len(),
                if unfinished.len() == 1 { "" } else { "s" },
                ids.join(", "),
                if unfinished.len() > 10 { ", ..." } else { "" }
            )));
        }
        OpenWork::Refuse => {}
        OpenWork::Cancel => {
            let status = status_in(ws, StatusCategory::Cancelled)?;
            for t in &unfinished {
                let before = ws.files[t.file].text.clone();
                let mut d = Doc::parse(&before).map_err(|source| EditError::Doc {
                    path: ws.path(t.file).to_owned(),
                    source,
                })?;
                move_status(ws, &mut d, t, &status, today, None);
                change.push_edit(ws.path(t.file), before, d.text());
                cut.push(TaskLine {
                    id: t.id.value.clone(),
                    title: t.title.clone(),
                });
            }
        }
        OpenWork::MoveTo(other) => {
            for t in &unfinished {
                let c = super::edit::move_task(ws, &t.id.value, other, None)?;
                change.files.extend(c.files);
                moved.push(TaskLine {
                    id: t.id.value.clone(),
                    title: t.title.clone(),
                });
            }
        }
    }
    // The project itself.
    let before = ws.files[p.file].text.clone();
    let mut d = Doc::parse(&before).map_err(|source| EditError::Doc {
        path: ws.path(p.file).to_owned(),
        source,
    })?;
    let order = crate::load::keys_of(crate::model::FileKind::Project);
    d.set_in_order("status", &scalar("done"), order);
    d.set_in_order("closed", &scalar(&today.to_string()), order);
    change.push_edit(ws.path(p.file), before, d.text());
    // What the report says.
    let closed_of = |t: &crate::model::Task| {
        (ws.category(t) == Some(StatusCategory::Done))
            .then(|| t.closed.as_ref().map(|c| c.value))
            .flatten()
    };
    let done: Vec<&crate::model::Task> = ws
        .tasks
        .iter()
        .filter(of_project)
        .filter(|t| ws.category(t) == Some(StatusCategory::Done))
        .collect();
    let finished = done
        .iter()
        .filter_map(|t| closed_of(t))
        .max()
        .unwrap_or(today);
    let late = |due: Option<Date>, end: Option<Date>| Some(working_days(ws, due?, end?));
    // The baseline's forecast (when the project has one the repository can read).
    let base = p
        .baseline
        .as_ref()
        .and_then(|rev| super::revisions::load_baseline(dir, rev).ok());
    let base_finish = |m: Option<&str>| {
        let b = base.as_ref()?;
        match m {
            None => {
                b.fc.projects
                    .iter()
                    .find(|x| b.ws.projects[x.project].id.value == project)
                    .and_then(|x| x.rollup.forecast_finish)
            }
            Some(m) => {
                b.fc.milestones
                    .iter()
                    .find(|x| {
                        b.ws.projects[x.project].id.value == project
                            && b.ws.projects[x.project].milestones[x.milestone].id.value == m
                    })
                    .and_then(|x| x.rollup.forecast_finish)
            }
        }
    };
    let milestones = p
        .milestones
        .iter()
        .map(|m| {
            let end = done
                .iter()
                .filter(|t| t.milestone.as_ref().is_some_and(|x| x.value == m.id.value))
                .filter_map(|t| closed_of(t))
                .max();
            let due = m.due.as_ref().map(|d| d.value);
            MilestoneEnd {
                id: m.id.value.clone(),
                title: m.title.clone(),
                due,
                baseline_finish: base_finish(Some(&m.id.value)),
                finished: end,
                late_days: late(due, end),
            }
        })
        .collect();
    let fc = crate::analyze::schedule::forecast(ws, today);
    let cost = crate::analyze::cost::project_cost(ws, &fc, pi);
    let estimate_hours = ws
        .tasks
        .iter()
        .filter(of_project)
        .filter(|t| ws.category(t) == Some(StatusCategory::Done))
        .map(|t| t.estimate_hours.unwrap_or(ws.config.default_estimate_hours))
        .sum();
    let decisions = ws
        .decisions
        .iter()
        .filter(|d| d.project.as_ref().is_some_and(|x| x.value == project))
        .filter(|d| d.status != DecisionStatus::Proposed)
        .map(|d| {
            (
                d.id.value.clone(),
                d.title.clone(),
                d.chosen
                    .as_ref()
                    .map_or_else(|| d.status.name().to_owned(), |c| c.value.clone()),
            )
        })
        .collect();
    let f = super::query::ActionFilter {
        projects: vec![project.to_owned()],
        open: true,
        ..Default::default()
    };
    let open_actions = super::query::actions(ws, &f, today)
        .into_iter()
        .map(|a| (a.meeting.id.value.clone(), a.item.text.trim().to_owned()))
        .collect();
    let retro = ws
        .meetings
        .iter()
        .filter(|m| m.project.as_ref().is_some_and(|x| x.value == project))
        .filter(|m| {
            m.series
                .as_deref()
                .is_some_and(|s| s.to_ascii_lowercase().contains("retro"))
                || m.title.to_ascii_lowercase().contains("retro")
        })
        .max_by_key(|m| m.date.as_ref().map(|d| d.value))
        .map(|m| {
            let text = &ws.files[m.file].text;
            let body = crate::load::split_front_matter(text)
                .map(|parts| parts.body.trim().to_owned())
                .unwrap_or_default();
            (m.id.value.clone(), body)
        });
    let closing = Closing {
        project: project.to_owned(),
        title: p.title.clone(),
        today,
        start: p.start.as_ref().map(|d| d.value),
        due: p.due.as_ref().map(|d| d.value),
        baseline: base.as_ref().and(p.baseline.clone()),
        baseline_finish: base_finish(None),
        finished,
        late_days: late(p.due.as_ref().map(|d| d.value), Some(finished)),
        milestones,
        done: done.len(),
        estimate_hours,
        cost,
        cut,
        moved,
        moved_to: match open {
            OpenWork::MoveTo(o) => Some(o.clone()),
            _ => None,
        },
        decisions,
        open_actions,
        retro,
        forecast_history: forecast_history(
            dir,
            project,
            p.start.as_ref().map(|d| d.value),
            finished,
            today,
        ),
        report_path: format!("{reports_dir}/{project}-closing.md"),
    };
    Ok((change, closing))
}

/// The close with its report written (created, or replaced when the project was closed
/// before and reopened).
pub fn with_report(
    mut change: Change,
    root: &std::path::Path,
    closing: &Closing,
    text: String,
) -> Result<Change, EditError> {
    let path = &closing.report_path;
    let full = crate::paths::resolve_inside(root, path)
        .ok_or_else(|| EditError::Refused(format!("{path} is outside the workspace")))?;
    match std::fs::read_to_string(&full) {
        Ok(old) => change.push_edit(path, old, text),
        Err(_) => change.push_create(path, text),
    }
    Ok(change)
}
