//! `cairn plan`: the forecast schedule of every unfinished task in scope, each milestone's
//! and project's forecast and critical chain, and the odds when asked for, as typed data
//! whose serialization is the command's JSON (docs/json.md).

use super::odds::{OddsInfo, OddsRequest};
use crate::analyze::schedule::{self, Forecast, Quantiles, ScheduleStatus, round2};
use crate::load::source::DirSource;
use crate::model::{Sp, Workspace};
use crate::report::{PlanRow, plan_order, plan_row};
use jiff::civil::Date;
use serde::Serialize;

/// What to plan.
#[derive(Clone, Debug, Default)]
pub struct PlanQuery {
    pub project: Option<String>,
    /// A milestone of `project`.
    pub milestone: Option<String>,
    pub odds: OddsRequest,
    /// Also the rows a Gantt chart draws.
    pub gantt: bool,
}

#[derive(Serialize)]
pub struct Plan<'a> {
    pub version: u32,
    pub today: Date,
    pub tasks: Vec<TaskForecast<'a>>,
    pub milestones: Vec<MilestonePlan<'a>>,
    pub projects: Vec<ProjectPlan<'a>>,
    /// With odds: what they stand on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<OddsInfo>,
    /// With [`PlanQuery::gantt`]: the tasks as a chart draws them.
    #[serde(skip)]
    pub gantt: Vec<PlanRow>,
}

/// What held a task's start (or a parent's finish) back.
#[derive(Serialize)]
pub struct HeldBy<'a> {
    /// `dependency`, `assignee` or `child`.
    pub kind: &'static str,
    pub task: &'a str,
}

/// One unfinished task's forecast.
#[derive(Serialize)]
pub struct TaskForecast<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub project: Option<&'a str>,
    pub milestone: Option<&'a str>,
    pub assignees: Vec<&'a str>,
    pub forecast_start: Date,
    /// `null` when the task never finishes within the horizon.
    pub forecast_finish: Option<Date>,
    pub due: Option<Date>,
    pub deadline: Option<Date>,
    pub slack_days: Option<i32>,
    pub remaining_hours: f64,
    pub critical: bool,
    pub held_by: Option<HeldBy<'a>>,
    pub summary: bool,
}

#[derive(Serialize)]
pub struct MilestonePlan<'a> {
    pub project: &'a str,
    pub id: &'a str,
    pub due: Option<Date>,
    pub forecast_finish: Option<Date>,
    pub status: ScheduleStatus,
    pub late_by: Option<u32>,
    pub critical_chain: Vec<String>,
    /// With odds: the dates met with 50%, 85% and 95% odds.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub odds: Option<Quantiles>,
    #[serde(skip)]
    pub title: &'a str,
}

#[derive(Serialize)]
pub struct ProjectPlan<'a> {
    pub id: &'a str,
    pub due: Option<Date>,
    pub forecast_finish: Option<Date>,
    pub status: ScheduleStatus,
    pub late_by: Option<u32>,
    pub critical_chain: Vec<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub odds: Option<Quantiles>,
}

/// A project or milestone `plan` does not know.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("unknown project `{id}`")]
    Project {
        id: String,
        suggestion: Option<String>,
    },
    #[error("project `{project}` has no milestone `{milestone}`")]
    Milestone { project: String, milestone: String },
}

fn sp(v: &Option<Sp<String>>) -> Option<&str> {
    v.as_ref().map(|x| x.as_str())
}

/// The forecast of task `i`, when it has one.
pub fn task_forecast<'a>(ws: &'a Workspace, fc: &Forecast, i: usize) -> Option<TaskForecast<'a>> {
    let t = &ws.tasks[i];
    let f = fc.tasks[i].as_ref()?;
    Some(TaskForecast {
        id: t.id.as_str(),
        title: &t.title,
        project: sp(&t.project),
        milestone: sp(&t.milestone),
        assignees: t.assignees.iter().map(|a| a.as_str()).collect(),
        forecast_start: f.start.date(),
        forecast_finish: (!f.never).then(|| f.finish.date()),
        due: t.due.as_ref().map(|d| d.value),
        deadline: f.deadline,
        slack_days: f.slack_days,
        remaining_hours: round2(f.remaining_hours),
        critical: fc.critical[i],
        held_by: f.held_by.map(|h| HeldBy {
            kind: h.kind(),
            task: ws.tasks[h.task()].id.as_str(),
        }),
        summary: f.summary,
    })
}

/// The plan of the workspace, a project, or a milestone of one.
pub fn plan<'a>(
    ws: &'a Workspace,
    source: &DirSource,
    q: &PlanQuery,
    today: Date,
) -> Result<Plan<'a>, PlanError> {
    if let Some(p) = &q.project {
        let Some(project) = ws.project(p) else {
            return Err(PlanError::Project {
                id: p.clone(),
                suggestion: crate::diag::did_you_mean(p, ws.projects.iter().map(|p| p.id.as_str()))
                    .map(str::to_owned),
            });
        };
        if let Some(m) = &q.milestone
            && project.milestone(m).is_none()
        {
            return Err(PlanError::Milestone {
                project: p.clone(),
                milestone: m.clone(),
            });
        }
    }
    let fc = schedule::forecast(ws, today);
    let conf = q.odds.confidence(source, ws, today);
    let in_project = |p: Option<&Sp<String>>| {
        q.project
            .as_ref()
            .is_none_or(|x| p.is_some_and(|p| p.value == *x))
    };
    let in_milestone = |m: Option<&Sp<String>>| {
        q.milestone
            .as_ref()
            .is_none_or(|x| m.is_some_and(|m| m.value == *x))
    };
    let rows = plan_order(ws, &fc, |i| {
        let t = &ws.tasks[i];
        in_project(t.project.as_ref()) && in_milestone(t.milestone.as_ref())
    });
    let milestones = fc
        .milestones
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            let p = &ws.projects[m.project];
            q.project.as_ref().is_none_or(|x| p.id.value == *x)
                && q.milestone
                    .as_ref()
                    .is_none_or(|x| p.milestones[m.milestone].id.value == *x)
        })
        .map(|(k, m)| {
            let p = &ws.projects[m.project];
            let ms = &p.milestones[m.milestone];
            MilestonePlan {
                project: p.id.as_str(),
                id: ms.id.as_str(),
                due: m.rollup.due,
                forecast_finish: m.rollup.forecast_finish,
                status: m.rollup.status,
                late_by: m.rollup.late_by,
                critical_chain: ws.task_ids(&m.rollup.critical_chain),
                odds: conf.as_ref().map(|c| c.milestones[k]),
                title: &ms.title,
            }
        })
        .collect();
    let projects = fc
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            q.project
                .as_ref()
                .is_none_or(|x| ws.projects[p.project].id.value == *x)
        })
        .map(|(k, p)| ProjectPlan {
            id: ws.projects[p.project].id.as_str(),
            due: p.rollup.due,
            forecast_finish: p.rollup.forecast_finish,
            status: p.rollup.status,
            late_by: p.rollup.late_by,
            critical_chain: ws.task_ids(&p.rollup.critical_chain),
            odds: conf.as_ref().map(|c| c.projects[k]),
        })
        .collect();
    let gantt = if q.gantt {
        rows.iter().filter_map(|&i| plan_row(ws, &fc, i)).collect()
    } else {
        Vec::new()
    };
    Ok(Plan {
        version: 1,
        today,
        tasks: rows
            .iter()
            .filter_map(|&i| task_forecast(ws, &fc, i))
            .collect(),
        milestones,
        projects,
        confidence: conf.as_ref().map(super::odds::info),
        gantt,
    })
}
