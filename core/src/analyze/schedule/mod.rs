//! Progress, the resource-leveled forecast, critical chains and workload: pure analysis of
//! a loaded workspace, for `status`, `plan`, `workload`, `review`, the reports and the
//! schedule rules of `check`. The rules are written out in docs/format.md ("How the
//! forecast works"); the rule numbers in comments refer to that list.
//!
//! - `calendar`: day numbers, working days, each worker's hours per day (rule 1);
//! - `network`: the task graph (done, cancelled, summaries, inherited constraints) and
//!   the order tasks are placed in (rules 2-4);
//! - `ledger`: each worker's booked hours per day, skipping full days in near-constant time;
//! - `place`: placement with back-filling, summaries, what held each task (rules 3, 5, 7);
//! - `rollup`: milestone, project and workspace progress and status (rule 6);
//! - `workload`: hours per person per week, planned and demanded (rule 8).

mod calendar;
pub mod confidence;
mod ledger;
mod network;
mod place;
mod rollup;
mod workload;

pub use calendar::{Day, HORIZON_DAYS, HORIZON_YEARS, day_date, day_number};
pub use confidence::{Confidence, Evidence, Quantiles};
pub use rollup::{chain, chain_heads, goal_progress};
pub use workload::{PersonLoad, WeekLoad, workload};

use crate::model::{StatusCategory, Task, Workspace};
use calendar::Workdays;
use jiff::civil::Date;
use ledger::Ledger;
use network::{Network, Standing};
use place::{Booking, Placement};
use serde::Serialize;
use std::cmp::{Ordering, Reverse};

/// A moment: a day plus the share of it already gone (0..=1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub day: Day,
    pub share: f64,
}

impl Point {
    pub fn start_of(day: Day) -> Point {
        Point { day, share: 0.0 }
    }

    pub fn date(self) -> Date {
        day_date(self.day)
    }

    /// Strictly later than `other`.
    pub fn is_after(self, other: Point) -> bool {
        (self.day, self.share).partial_cmp(&(other.day, other.share)) == Some(Ordering::Greater)
    }
}

/// Why a task could not start (or, for a summary, finish) earlier: the step back along its
/// critical chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "task", rename_all = "lowercase")]
pub enum HeldBy {
    /// Waited for this dependency (task index; own or an ancestor's) to finish.
    Dependency(usize),
    /// Its workers were busy until this task (index) left them free.
    Assignee(usize),
    /// A summary: finishes with this child (index).
    Child(usize),
}

impl HeldBy {
    /// `dependency`, `assignee` or `child`, as JSON names it.
    pub fn kind(self) -> &'static str {
        match self {
            HeldBy::Dependency(_) => "dependency",
            HeldBy::Assignee(_) => "assignee",
            HeldBy::Child(_) => "child",
        }
    }

    pub fn task(self) -> usize {
        match self {
            HeldBy::Dependency(j) | HeldBy::Assignee(j) | HeldBy::Child(j) => j,
        }
    }
}

#[derive(Clone, Debug)]
pub struct TaskForecast {
    /// The earliest point E the task could begin (rule 5).
    pub earliest: Point,
    /// When work really begins (the first hours it takes).
    pub start: Point,
    pub finish: Point,
    /// Hours of work left; for a summary, its open descendants' together.
    pub remaining_hours: f64,
    pub held_by: Option<HeldBy>,
    /// Finished tasks keep their `closed` date and take no time; so does a summary whose
    /// work is all done (it finishes with its latest-closed descendant).
    pub done: bool,
    /// A task with children: it books nothing and spans them.
    pub summary: bool,
    /// The earliest of the task's own, its milestone's and its project's due dates.
    pub deadline: Option<Date>,
    /// Working days from forecast finish to deadline (negative = late).
    pub slack_days: Option<i32>,
    /// It cannot finish within [`HORIZON_YEARS`] years of today.
    pub never: bool,
}

/// Ordered from best to worst, so the worst of several is their maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScheduleStatus {
    Done,
    OnTrack,
    AtRisk,
    Late,
}

impl ScheduleStatus {
    /// The words people read: `done`, `on track`, `at risk`, `late`.
    pub fn words(self) -> &'static str {
        match self {
            ScheduleStatus::Done => "done",
            ScheduleStatus::OnTrack => "on track",
            ScheduleStatus::AtRisk => "at risk",
            ScheduleStatus::Late => "late",
        }
    }

    /// The words with the size of the slip: `at risk: 3 working days late`, `late by 1
    /// working day`; just the word when nothing is late (or nobody knows by how much).
    pub fn with_lateness(self, late_by: Option<u32>) -> String {
        match (self, late_by) {
            (ScheduleStatus::AtRisk, Some(n)) if n > 0 => {
                format!("at risk: {}", working_days_late(n))
            }
            (ScheduleStatus::Late, Some(n)) if n > 0 => {
                format!("late by {n} working day{}", if n == 1 { "" } else { "s" })
            }
            _ => self.words().to_owned(),
        }
    }
}

/// `1 working day late`, `3 working days late`.
pub fn working_days_late(n: u32) -> String {
    format!("{n} working day{} late", if n == 1 { "" } else { "s" })
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub total: usize,
    pub open: usize,
    pub active: usize,
    pub done: usize,
    pub cancelled: usize,
    pub overdue: usize,
    pub blocked: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Effort {
    pub estimate_hours: f64,
    pub spent_hours: f64,
    pub remaining_hours: f64,
    pub budget_hours: Option<f64>,
}

/// A milestone's or project's progress and forecast.
#[derive(Clone, Debug, Serialize)]
pub struct Rollup {
    /// 0..=1, weighted by estimate.
    pub progress: f64,
    pub counts: Counts,
    pub effort: Effort,
    /// `None` when nothing is scheduled, or when some task never finishes.
    pub forecast_finish: Option<Date>,
    pub due: Option<Date>,
    pub status: ScheduleStatus,
    /// Working days from the due date to the forecast finish; 0 when on time, `None`
    /// without a due date or a forecast.
    pub late_by: Option<u32>,
    /// Some unfinished task cannot finish within the horizon.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub never: bool,
    /// Task indexes, first to last.
    #[serde(skip)]
    pub critical_chain: Vec<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneForecast {
    pub project: usize,
    pub milestone: usize,
    #[serde(flatten)]
    pub rollup: Rollup,
}

#[derive(Clone, Debug, Serialize)]
pub struct GoalProgress {
    pub id: String,
    pub progress: f64,
    pub current: Option<f64>,
    pub target: Option<f64>,
    /// The goal's `due`, else its project's.
    pub due: Option<Date>,
    /// The trend of its measurements (a metric file), per week.
    pub trend_per_week: Option<f64>,
    /// When the trend reaches the target (or the first measurement that did); `null`
    /// without a trend or when it never does.
    pub reaches_target: Option<Date>,
    /// The target is already reached.
    pub reached: bool,
    /// The trend reaches the target after `due`, or never.
    pub off_track: bool,
    /// Measurements the trend is fitted to.
    pub points: usize,
}

impl GoalProgress {
    pub fn of(g: &crate::model::Goal, project_due: Option<Date>) -> GoalProgress {
        use crate::analyze::goals::{Reach, off_track, trend};
        let due = g.due.as_ref().map(|d| d.value).or(project_due);
        let t = trend(g);
        GoalProgress {
            id: g.id.value.clone(),
            progress: goal_progress(g.baseline, g.target, g.current),
            current: g.current,
            target: g.target,
            due,
            trend_per_week: t.as_ref().map(|t| t.per_week),
            reaches_target: t.as_ref().and_then(|t| match t.reach {
                Reach::Reached(d) | Reach::On(d) => Some(d),
                Reach::Never => None,
            }),
            reached: t
                .as_ref()
                .is_some_and(|t| matches!(t.reach, Reach::Reached(_))),
            off_track: t.as_ref().is_some_and(|t| off_track(t, due)),
            points: t.as_ref().map_or(0, |t| t.points),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ProjectForecast {
    pub project: usize,
    #[serde(flatten)]
    pub rollup: Rollup,
    /// When a milestone makes the project's status worse than its own forecast would:
    /// that milestone (an index into [`Forecast::milestones`]).
    #[serde(skip)]
    pub status_from: Option<usize>,
    pub goals: Vec<GoalProgress>,
}

/// Everything the forecast computes.
#[derive(Debug)]
pub struct Forecast {
    pub today: Date,
    /// Per task index; `None` for cancelled tasks.
    pub tasks: Vec<Option<TaskForecast>>,
    pub milestones: Vec<MilestoneForecast>,
    pub projects: Vec<ProjectForecast>,
    pub workspace: Rollup,
    /// Whether each task index is on the critical chain of a milestone at risk or late,
    /// or of a project's finish (rule 7).
    pub critical: Vec<bool>,
    worker_names: Vec<String>,
    ledgers: Vec<Ledger>,
    bookings: Vec<Booking>,
    /// Where each task's bookings are in `bookings`.
    booking_ranges: Vec<(u32, u32)>,
}

impl Forecast {
    /// People in `cairn.yaml` order (worker `i` is person `i`), then stand-ins.
    pub fn worker_names(&self) -> &[String] {
        &self.worker_names
    }

    /// Hours the plan books for worker `w` on a day.
    pub fn booked(&self, w: usize, day: Day) -> f64 {
        self.ledgers.get(w).map_or(0.0, |l| l.used(day))
    }

    /// The hours a task books: (worker, day, hours).
    pub fn bookings_of(&self, task: usize) -> impl Iterator<Item = (usize, Day, f64)> + '_ {
        let (a, b) = self.booking_ranges.get(task).copied().unwrap_or((0, 0));
        self.bookings[a as usize..b as usize]
            .iter()
            .map(|b| (b.worker as usize, b.day, b.hours))
    }
}

/// The UTC day of an instant (a commit's time), when it is a representable day.
pub fn day_of(t: jiff::Timestamp) -> Option<Date> {
    i32::try_from(t.as_second().div_euclid(86_400))
        .ok()
        .map(day_date)
}

/// A task's status category as the forecast sees it: a recurring task's template
/// (`recur:`) is not work itself (its instances are), so it counts as cancelled.
pub fn plan_category(ws: &Workspace, t: &Task) -> Option<StatusCategory> {
    if t.recur.is_some() {
        Some(StatusCategory::Cancelled)
    } else {
        ws.category(t)
    }
}

/// A task's completion fraction: 1 when done, else its `progress`, else its checklist.
pub fn completion(ws: &Workspace, t: &Task) -> f64 {
    match ws.category(t) {
        Some(StatusCategory::Done) => 1.0,
        _ => {
            if let Some(p) = &t.progress {
                p.value / 100.0
            } else {
                let (done, total) = t.body.checklist_counts();
                if total > 0 {
                    done as f64 / total as f64
                } else {
                    0.0
                }
            }
        }
    }
}

/// The work a task stands for: its estimate, else the workspace's default estimate.
pub fn weight(ws: &Workspace, t: &Task) -> f64 {
    t.estimate_hours.unwrap_or(ws.config.default_estimate_hours)
}

/// The forecast of rules 1-7: every task placed, rolled up into milestones and projects.
pub fn forecast(ws: &Workspace, today: Date) -> Forecast {
    let net = Network::new(ws, today);
    let mut placement = Placement::default();
    placement.run(&net, &net.work, true);
    assemble(ws, &net, placement, today)
}

fn assemble(ws: &Workspace, net: &Network, placement: Placement, today: Date) -> Forecast {
    let n = ws.tasks.len();
    let Placement {
        slots,
        ledgers,
        bookings,
        ..
    } = placement;
    let mut booking_ranges = vec![(0u32, 0u32); n];
    let mut k = 0;
    while k < bookings.len() {
        let t = bookings[k].task as usize;
        let from = k;
        while k < bookings.len() && bookings[k].task as usize == t {
            k += 1;
        }
        if let Some(r) = booking_ranges.get_mut(t) {
            *r = (
                u32::try_from(from).unwrap_or(u32::MAX),
                u32::try_from(k).unwrap_or(u32::MAX),
            );
        }
    }
    let remaining = summary_remaining(net);
    let cal = &net.cal;
    let mut tasks: Vec<Option<TaskForecast>> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = s.as_ref()?;
            Some(TaskForecast {
                earliest: s.earliest,
                start: s.start,
                finish: s.finish,
                remaining_hours: remaining[i],
                held_by: s.held_by,
                done: s.done,
                summary: net.standing[i] == Standing::Summary,
                deadline: None,
                slack_days: None,
                never: s.never,
            })
        })
        .collect();

    // Deadlines and slack.
    for (i, t) in ws.tasks.iter().enumerate() {
        let Some(f) = tasks[i].as_mut() else { continue };
        f.deadline = deadline(ws, t);
        if !f.done && !f.never {
            f.slack_days = f
                .deadline
                .map(|d| cal.working_days_between(f.finish.day, day_number(d)));
        }
    }

    let rolled = rollup::Rollups::new(ws, net, &tasks, today);
    Forecast {
        today,
        tasks,
        milestones: rolled.milestones,
        projects: rolled.projects,
        workspace: rolled.workspace,
        critical: rolled.critical,
        worker_names: net.worker_names.clone(),
        ledgers,
        bookings,
        booking_ranges,
    }
}

/// The earliest of a task's own, its milestone's and its project's due dates.
pub fn deadline(ws: &Workspace, t: &Task) -> Option<Date> {
    let project = t.project.as_ref().and_then(|p| ws.project(&p.value));
    let milestone_due = project
        .zip(t.milestone.as_ref())
        .and_then(|(p, m)| p.milestone(&m.value))
        .and_then(|m| m.due.as_ref().map(|d| d.value));
    let project_due = project.and_then(|p| p.due.as_ref().map(|d| d.value));
    [t.due.as_ref().map(|d| d.value), milestone_due, project_due]
        .into_iter()
        .flatten()
        .min()
}

/// A task's deadline as rules 4 (order) and 8 (demand) use it: its own due date, else its
/// milestone's, else its project's.
pub fn demand_deadline(ws: &Workspace, t: &Task) -> Option<Date> {
    if let Some(d) = &t.due {
        return Some(d.value);
    }
    let project = t.project.as_ref().and_then(|p| ws.project(&p.value))?;
    t.milestone
        .as_ref()
        .and_then(|m| project.milestone(&m.value))
        .and_then(|m| m.due.as_ref().map(|d| d.value))
        .or_else(|| project.due.as_ref().map(|d| d.value))
}

/// Remaining work per task, a summary's being its open descendants' together (children
/// before parents, deepest first).
fn summary_remaining(net: &Network) -> Vec<f64> {
    let n = net.standing.len();
    let mut remaining: Vec<f64> = net.work.clone();
    let depth = depths(&net.parent);
    let mut order: Vec<usize> = (0..n).filter(|&i| net.parent[i].is_some()).collect();
    order.sort_by_key(|&i| Reverse(depth[i]));
    for c in order {
        if let Some(p) = net.parent[c]
            && net.standing[p] == Standing::Summary
            && net.is_open(c)
        {
            remaining[p] += remaining[c];
        }
    }
    remaining
}

/// For each task with subtasks that are not cancelled, the work they stand for: each
/// subtask's estimate (the default estimate without one), or for a subtask that has
/// subtasks of its own, theirs. `None` for other tasks.
pub fn subtask_work(ws: &Workspace) -> Vec<Option<f64>> {
    let n = ws.tasks.len();
    let cancelled = |i: usize| plan_category(ws, &ws.tasks[i]) == Some(StatusCategory::Cancelled);
    let mut parent: Vec<Option<usize>> = ws
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = *ws.index.tasks.get(&t.parent.as_ref()?.value)?;
            (p != i && !cancelled(i)).then_some(p)
        })
        .collect();
    let depth = depths(&parent);
    // Depths are cut at cycles; a link that does not go one level up is a cycle's.
    for i in 0..n {
        if let Some(p) = parent[i]
            && depth[p] + 1 != depth[i]
        {
            parent[i] = None;
        }
    }
    let mut sum: Vec<Option<f64>> = vec![None; n];
    let mut order: Vec<usize> = (0..n).filter(|&i| parent[i].is_some()).collect();
    order.sort_by_key(|&i| Reverse(depth[i]));
    for c in order {
        let own = sum[c].unwrap_or_else(|| weight(ws, &ws.tasks[c]));
        if let Some(p) = parent[c] {
            *sum[p].get_or_insert(0.0) += own;
        }
    }
    sum
}

/// How many ancestors each task has, memoized so a deep parent chain costs O(n) and not
/// O(n^2). A parent cycle (reported by `check`) is cut where the walk meets itself.
fn depths(parent_of: &[Option<usize>]) -> Vec<usize> {
    const UNKNOWN: usize = usize::MAX;
    let n = parent_of.len();
    let mut depth = vec![UNKNOWN; n];
    let mut on_path = vec![UNKNOWN; n];
    let mut path = Vec::new();
    for start in 0..n {
        if depth[start] != UNKNOWN {
            continue;
        }
        path.clear();
        let mut cur = start;
        let mut base = loop {
            path.push(cur);
            on_path[cur] = start;
            match parent_of[cur] {
                Some(p) if depth[p] != UNKNOWN => break depth[p] + 1,
                Some(p) if on_path[p] != start => cur = p,
                _ => break 0,
            }
        };
        for &i in path.iter().rev() {
            depth[i] = base;
            base += 1;
        }
    }
    depth
}

/// Working days of the workspace calendar in `(from, to]`; negative when `to < from`.
pub fn working_days(ws: &Workspace, from: Date, to: Date) -> i32 {
    Workdays::new(ws).working_days_between(day_number(from), day_number(to))
}

pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Whether a task counts as unfinished work (its status is not done or cancelled).
fn is_open(cat: Option<StatusCategory>) -> bool {
    !matches!(cat, Some(StatusCategory::Done | StatusCategory::Cancelled))
}

#[cfg(test)]
mod tests;
