//! `cairn status`: progress and forecast per project (counts, effort and budget, pace,
//! milestones, goals, what needs attention), with the odds when asked for, as typed data
//! whose serialization is the command's JSON (docs/json.md).

use super::odds::{OddsInfo, OddsRequest};
use crate::analyze::schedule::{
    self, Counts, Effort, GoalProgress, MilestoneForecast, ProjectForecast, Quantiles,
    ScheduleStatus,
};
use crate::load::source::DirSource;
use crate::model::{Goal, Sp, Workspace};
use jiff::civil::Date;
use serde::Serialize;

/// What to show.
#[derive(Clone, Debug, Default)]
pub struct StatusQuery {
    /// One project (else all).
    pub project: Option<String>,
    /// Weeks of git history for each project's pace; 0 leaves it out.
    pub pace_weeks: u32,
    pub odds: OddsRequest,
    /// `--baseline REV`: earned value against the plan at that revision (else each
    /// project's `baseline:`).
    pub baseline: Option<String>,
}

#[derive(Serialize)]
pub struct Status<'a> {
    pub version: u32,
    pub today: Date,
    pub projects: Vec<ProjectStatus<'a>>,
    /// With odds: what they stand on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<OddsInfo>,
}

#[derive(Serialize)]
pub struct ProjectStatus<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub progress: f64,
    pub counts: Counts,
    pub pace: Option<Pace>,
    pub effort: Effort,
    pub forecast_finish: Option<Date>,
    pub due: Option<Date>,
    pub status: ScheduleStatus,
    /// Working days from `due` to the forecast finish (0 when on time).
    pub late_by: Option<u32>,
    /// The milestone that makes the project's status worse than its own forecast.
    pub status_from_milestone: Option<&'a Sp<String>>,
    /// With odds: the dates met with 50%, 85% and 95% odds.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub odds: Option<Quantiles>,
    pub milestones: Vec<MilestoneStatus<'a>>,
    pub goals: Vec<GoalProgress>,
    /// Cost and effort to date and at completion, against the budgets; only when the
    /// workspace has money in it (a `rate`, or a cost budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<crate::analyze::cost::ProjectCost>,
    /// Earned value against the baseline (`--baseline`, or the project's `baseline:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earned_value: Option<crate::analyze::earned::EarnedValue>,
    pub critical_chain: Vec<String>,
    /// The ten tasks that most need attention, worst first.
    pub attention: Vec<AttentionRow>,
    /// The goals as written, beside their progress.
    #[serde(skip)]
    pub goal_defs: &'a [Goal],
}

#[derive(Serialize)]
pub struct MilestoneStatus<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub progress: f64,
    pub forecast_finish: Option<Date>,
    pub due: Option<Date>,
    pub status: ScheduleStatus,
    pub late_by: Option<u32>,
    pub counts: Counts,
    pub critical_chain: Vec<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub odds: Option<Quantiles>,
}

#[derive(Serialize)]
pub struct AttentionRow {
    pub id: String,
    pub why: String,
    #[serde(skip)]
    pub title: String,
}

/// A throughput forecast: the open tasks of a project at its recent pace.
#[derive(Clone, Debug, Serialize)]
pub struct Pace {
    pub weeks: u32,
    pub finished: usize,
    pub per_week: f64,
    pub open_tasks: usize,
    /// `None` when nothing was finished in the window.
    pub finish: Option<Date>,
}

/// An unknown project, with the nearest id; or a baseline that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{}", match &self.baseline { Some(b) => format!("cannot read the baseline: {b}"), None => format!("unknown project `{}`", self.id) })]
pub struct UnknownProject {
    pub id: String,
    pub suggestion: Option<String>,
    /// Set when the baseline revision could not be read.
    pub baseline: Option<String>,
}

use super::revisions::{Baseline, load_baseline};

fn pace_of(
    done: Option<&std::collections::BTreeMap<String, usize>>,
    project: &str,
    open: usize,
    weeks: u32,
    today: Date,
) -> Option<Pace> {
    let finished = done?.get(project).copied().unwrap_or(0);
    let per_week = finished as f64 / f64::from(weeks.max(1));
    let finish = (per_week > 0.0)
        .then(|| {
            let days = (open as f64 / per_week * 7.0).ceil() as i64;
            today.checked_add(jiff::Span::new().days(days)).ok()
        })
        .flatten();
    Some(Pace {
        weeks,
        finished,
        per_week: schedule::round2(per_week),
        open_tasks: open,
        finish,
    })
}

/// The status of every project (or the one asked for).
pub fn status<'a>(
    ws: &'a Workspace,
    source: &DirSource,
    q: &StatusQuery,
    today: Date,
) -> Result<Status<'a>, UnknownProject> {
    if let Some(p) = &q.project
        && ws.project(p).is_none()
    {
        return Err(UnknownProject {
            id: p.clone(),
            suggestion: crate::diag::did_you_mean(p, ws.projects.iter().map(|p| p.id.as_str()))
                .map(str::to_owned),
            baseline: None,
        });
    }
    let done = super::trends::finished_by_project(source, &ws.config, today, q.pace_weeks);
    let fc = schedule::forecast(ws, today);
    let conf = q.odds.confidence(source, ws, today);
    let m_odds = |k: usize| conf.as_ref().map(|c| c.milestones[k]);
    let milestone = |k: usize, m: &MilestoneForecast| {
        let ms = &ws.projects[m.project].milestones[m.milestone];
        MilestoneStatus {
            id: ms.id.as_str(),
            title: &ms.title,
            progress: m.rollup.progress,
            forecast_finish: m.rollup.forecast_finish,
            due: m.rollup.due,
            status: m.rollup.status,
            late_by: m.rollup.late_by,
            counts: m.rollup.counts.clone(),
            critical_chain: ws.task_ids(&m.rollup.critical_chain),
            odds: m_odds(k),
        }
    };
    let money = crate::analyze::cost::has_money(ws);
    // Baselines, each read once: `--baseline` for every project, else each project's own.
    let mut baselines: std::collections::HashMap<String, Baseline> =
        std::collections::HashMap::new();
    let wanted: Vec<String> = match &q.baseline {
        Some(b) => vec![b.clone()],
        None => ws
            .projects
            .iter()
            .filter_map(|p| p.baseline.clone())
            .collect(),
    };
    for rev in wanted {
        if baselines.contains_key(&rev) {
            continue;
        }
        match load_baseline(source, &rev) {
            Ok(b) => {
                baselines.insert(rev, b);
            }
            // An explicit --baseline must be readable; a project's own is skipped.
            Err(why) if q.baseline.is_some() => {
                return Err(UnknownProject {
                    id: rev,
                    suggestion: None,
                    baseline: Some(why),
                });
            }
            Err(_) => {}
        }
    }
    let project = |k: usize, pf: &ProjectForecast| {
        let p = &ws.projects[pf.project];
        let r = &pf.rollup;
        let open = r.counts.open + r.counts.active;
        ProjectStatus {
            cost: money.then(|| crate::analyze::cost::project_cost(ws, &fc, pf.project)),
            earned_value: q
                .baseline
                .as_ref()
                .or(p.baseline.as_ref())
                .and_then(|rev| Some((rev, baselines.get(rev)?)))
                .map(|(rev, b)| {
                    crate::analyze::earned::earned_value(
                        &b.ws,
                        &b.fc,
                        ws,
                        &fc,
                        &p.id.value,
                        rev,
                        b.date,
                        today,
                    )
                }),
            id: p.id.as_str(),
            title: &p.title,
            progress: r.progress,
            counts: r.counts.clone(),
            pace: pace_of(done.as_ref(), &p.id.value, open, q.pace_weeks, today),
            effort: r.effort.clone(),
            forecast_finish: r.forecast_finish,
            due: r.due,
            status: r.status,
            late_by: r.late_by,
            status_from_milestone: pf
                .status_from
                .map(|k| &p.milestones[fc.milestones[k].milestone].id),
            odds: conf.as_ref().map(|c| c.projects[k]),
            milestones: fc
                .milestones
                .iter()
                .enumerate()
                .filter(|(_, m)| m.project == pf.project)
                .map(|(k, m)| milestone(k, m))
                .collect(),
            goals: pf.goals.clone(),
            critical_chain: ws.task_ids(&r.critical_chain),
            attention: crate::report::attention(ws, &fc, &p.id.value, 10)
                .into_iter()
                .map(|a| AttentionRow {
                    id: a.id,
                    why: a.why,
                    title: a.title,
                })
                .collect(),
            goal_defs: &p.goals,
        }
    };
    let projects = fc
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            q.project
                .as_ref()
                .is_none_or(|id| ws.projects[p.project].id.value == *id)
        })
        .map(|(k, p)| project(k, p))
        .collect();
    Ok(Status {
        version: 1,
        today,
        projects,
        confidence: conf.as_ref().map(super::odds::info),
    })
}
