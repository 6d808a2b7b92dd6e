//! The forecast as scripts and people read it in `plan`, `status` and `show`: JSON shapes
//! (docs/json.md) and the words for a schedule status.

use cairn_core::analyze::schedule::{
    Confidence, Forecast, MilestoneForecast, ProjectForecast, Quantiles, ScheduleStatus, round2,
};
use cairn_core::model::{Sp, Workspace};
use jiff::civil::Date;
use serde::Serialize;

/// "on track", "at risk", …
pub fn words(s: ScheduleStatus) -> &'static str {
    cairn_core::report::status_word(s)
}

/// Task ids of a chain of task indexes.
pub fn ids(ws: &Workspace, chain: &[usize]) -> Vec<String> {
    chain
        .iter()
        .map(|&i| ws.tasks[i].id.value.clone())
        .collect()
}

/// A date, or "—".
pub fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

/// What held a task's start (or a parent's finish) back.
#[derive(Serialize)]
pub struct HeldByJson<'a> {
    /// `dependency`, `assignee` or `child`.
    pub kind: &'static str,
    pub task: &'a str,
}

/// One unfinished task's forecast, as `plan --format json` lists it.
#[derive(Serialize)]
pub struct TaskForecastJson<'a> {
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
    pub held_by: Option<HeldByJson<'a>>,
    pub summary: bool,
}

fn sp(v: &Option<Sp<String>>) -> Option<&str> {
    v.as_ref().map(|x| x.as_str())
}

/// The forecast of task `i`, when it has one.
pub fn task_json<'a>(ws: &'a Workspace, fc: &Forecast, i: usize) -> Option<TaskForecastJson<'a>> {
    let t = &ws.tasks[i];
    let f = fc.tasks[i].as_ref()?;
    Some(TaskForecastJson {
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
        held_by: f.held_by.map(|h| HeldByJson {
            kind: h.kind(),
            task: ws.tasks[h.task()].id.as_str(),
        }),
        summary: f.summary,
    })
}

#[derive(Serialize)]
pub struct MilestoneJson<'a> {
    pub project: &'a str,
    pub id: &'a str,
    pub due: Option<Date>,
    pub forecast_finish: Option<Date>,
    pub status: ScheduleStatus,
    pub critical_chain: Vec<String>,
    /// With `--confidence`: the dates met with 50%, 85% and 95% odds.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub odds: Option<Quantiles>,
}

pub fn milestone_json<'a>(
    ws: &'a Workspace,
    m: &MilestoneForecast,
    odds: Option<Quantiles>,
) -> MilestoneJson<'a> {
    let p = &ws.projects[m.project];
    MilestoneJson {
        project: p.id.as_str(),
        id: p.milestones[m.milestone].id.as_str(),
        due: m.rollup.due,
        forecast_finish: m.rollup.forecast_finish,
        status: m.rollup.status,
        critical_chain: ids(ws, &m.rollup.critical_chain),
        odds,
    }
}

/// What a simulation stood on, for the JSON of `plan`, `status` and `review`.
#[derive(Serialize)]
pub struct OddsInfo<'a> {
    pub samples: u32,
    pub seed: u64,
    /// `own` (every assignee's own history), `pooled` (some drew from the team's) or
    /// `default` (too little history: a log-normal spread around 0.85).
    pub basis: &'a cairn_core::analyze::schedule::confidence::Basis,
    /// People with fewer than five finished tasks of their own.
    pub thin_evidence: &'a [String],
}

pub fn odds_info(c: &Confidence) -> OddsInfo<'_> {
    OddsInfo {
        samples: c.samples,
        seed: c.seed,
        basis: &c.basis,
        thin_evidence: &c.thin_evidence,
    }
}

/// "50% likely by Dec 23, 85% by Jan 5, 95% by Jan 12".
pub fn odds_words(q: &Quantiles) -> String {
    let d =
        |d: Option<Date>| d.map_or_else(|| "never".into(), |d| d.strftime("%b %-d %Y").to_string());
    format!(
        "50% likely by {}, 85% by {}, 95% by {}",
        d(q.p50),
        d(q.p85),
        d(q.p95)
    )
}

/// A sentence on what the simulation stood on, for people.
pub fn basis_words(c: &Confidence) -> String {
    use cairn_core::analyze::schedule::confidence::Basis;
    match c.basis {
        Basis::Own => format!(
            "odds from {} runs over each person's finished tasks",
            c.samples
        ),
        Basis::Pooled => format!(
            "odds from {} runs; {} drew from the team's history (fewer than 5 finished tasks of their own)",
            c.samples,
            c.thin_evidence.join(", ")
        ),
        Basis::Default => format!(
            "odds from {} runs with a default spread: too little history in git (fewer than 5 finished tasks with estimates)",
            c.samples
        ),
    }
}

#[derive(Serialize)]
pub struct ProjectJson<'a> {
    pub id: &'a str,
    pub due: Option<Date>,
    pub forecast_finish: Option<Date>,
    pub status: ScheduleStatus,
    pub critical_chain: Vec<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub odds: Option<Quantiles>,
}

pub fn project_json<'a>(
    ws: &'a Workspace,
    p: &ProjectForecast,
    odds: Option<Quantiles>,
) -> ProjectJson<'a> {
    ProjectJson {
        id: ws.projects[p.project].id.as_str(),
        due: p.rollup.due,
        forecast_finish: p.rollup.forecast_finish,
        status: p.rollup.status,
        critical_chain: ids(ws, &p.rollup.critical_chain),
        odds,
    }
}
