//! Progress, the resource-aware forecast, critical chains and workload: pure analysis of
//! a loaded workspace, for `status`, `plan`, `workload` and the schedule rules of `check`.
//!
//! The forecast is a serial schedule: repeatedly take the best ready task (its
//! dependencies placed) and place it at its earliest point; no back-filling. Each person
//! works `hours_per_day * capacity` hours on each of their working days.

use crate::model::{Person, Priority, StatusCategory, Task, Workspace};
use jiff::civil::Date;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, HashSet};

/// Days since 1970-01-01; the scheduler's calendar arithmetic runs on these.
pub type Day = i32;

pub fn day_number(d: Date) -> Day {
    // Howard Hinnant's days_from_civil.
    let (y, m, dd) = (
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn day_date(n: Day) -> Date {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::new(
        i16::try_from(y).unwrap_or(9999),
        i8::try_from(m).unwrap_or(1),
        i8::try_from(d).unwrap_or(1),
    )
    .unwrap_or(Date::MAX)
}

/// Monday = 0.
fn weekday(n: Day) -> usize {
    usize::try_from((n + 3).rem_euclid(7)).unwrap_or(0)
}

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

    fn key(self) -> (Day, f64) {
        (self.day, self.share)
    }

    fn later(a: Point, b: Point) -> bool {
        a.key().partial_cmp(&b.key()) == Some(Ordering::Greater)
    }
}

/// Longest stretch the simulation walks for one task before giving up (a person with
/// years of time off, a zero rate): about 20 years.
const MAX_DAYS: i32 = 7_300;

/// Who does the work: a declared person, or a stand-in for an unassigned task or an
/// unknown id (full-time, no days off).
#[derive(Clone, Debug)]
struct Worker {
    rate: f64,
    off: Vec<(Day, Day)>,
}

struct Calendar {
    workdays: [bool; 7],
    /// Sorted, deduplicated holidays that fall on a working weekday.
    holidays: Vec<Day>,
    hours_per_day: f64,
}

impl Calendar {
    fn new(ws: &Workspace) -> Calendar {
        let c = &ws.config.calendar;
        let mut holidays: Vec<Day> = c
            .holidays
            .iter()
            .map(|d| day_number(*d))
            .filter(|&d| c.workdays[weekday(d)])
            .collect();
        holidays.sort_unstable();
        holidays.dedup();
        Calendar {
            workdays: c.workdays,
            holidays,
            hours_per_day: c.hours_per_day,
        }
    }

    fn team_works(&self, day: Day) -> bool {
        self.workdays[weekday(day)] && self.holidays.binary_search(&day).is_err()
    }

    fn works(&self, w: &Worker, day: Day) -> bool {
        self.team_works(day) && !w.off.iter().any(|(a, b)| *a <= day && day <= *b)
    }

    /// Working days of the team calendar in `(from, to]`, negative when `to < from`.
    /// Counted by whole weeks plus the few days left over, minus holidays, so it costs the
    /// same for a deadline next week as for one in ten years.
    pub fn working_days_between(&self, from: Day, to: Day) -> i32 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let hi = lo + (hi - lo).min(MAX_DAYS);
        let span = hi - lo;
        let per_week = self.workdays.iter().filter(|&&w| w).count() as i32;
        let mut n = span / 7 * per_week;
        for d in hi - span % 7 + 1..=hi {
            if self.workdays[weekday(d)] {
                n += 1;
            }
        }
        // Holidays in (lo, hi]; all of them fall on working weekdays.
        let first = self.holidays.partition_point(|&h| h <= lo);
        let last = self.holidays.partition_point(|&h| h <= hi);
        n -= i32::try_from(last - first).unwrap_or(0);
        sign * n
    }
}

/// Why a task could not start earlier: the step back along its critical chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "task", rename_all = "lowercase")]
pub enum HeldBy {
    /// Waited for this dependency (task index) to finish.
    Dependency(usize),
    /// Waited for an assignee to finish this task (index).
    Assignee(usize),
}

#[derive(Clone, Debug)]
pub struct TaskForecast {
    /// When work really begins (first working moment at or after its earliest point).
    pub start: Point,
    pub finish: Point,
    pub remaining_hours: f64,
    pub held_by: Option<HeldBy>,
    /// Finished tasks keep their `closed` date and take no time.
    pub done: bool,
    /// The earliest of the task's own, its milestone's and its project's due dates.
    pub deadline: Option<Date>,
    /// Working days from forecast finish to deadline (negative = late).
    pub slack_days: Option<i32>,
    /// The simulation gave up (no working days within 20 years).
    pub never: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScheduleStatus {
    Done,
    OnTrack,
    AtRisk,
    Late,
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
    pub forecast_finish: Option<Date>,
    pub due: Option<Date>,
    pub status: ScheduleStatus,
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
}

#[derive(Clone, Debug, Serialize)]
pub struct ProjectForecast {
    pub project: usize,
    #[serde(flatten)]
    pub rollup: Rollup,
    pub goals: Vec<GoalProgress>,
}

/// Hours a worker spends per day, from the forecast.
pub type Usage = FxHashMap<(usize, Day), f64>;

/// Everything the forecast computes.
#[derive(Debug)]
pub struct Forecast {
    pub today: Date,
    /// Per task index; `None` for cancelled tasks.
    pub tasks: Vec<Option<TaskForecast>>,
    pub milestones: Vec<MilestoneForecast>,
    pub projects: Vec<ProjectForecast>,
    pub workspace: Rollup,
    /// Worker index per person (same order as `config.people`), then stand-ins.
    pub planned: Usage,
    /// Whether each task index is on some milestone's or project's critical chain.
    pub critical: Vec<bool>,
    worker_names: Vec<String>,
}

impl Forecast {
    pub fn worker_names(&self) -> &[String] {
        &self.worker_names
    }
}

/// A task's completion fraction: 1 when done, else its `progress`, else its checklist.
pub fn completion(ws: &Workspace, t: &Task) -> f64 {
    match ws.category(t) {
        Some(StatusCategory::Done) => 1.0,
        _ => {
            if let Some(p) = t.progress {
                p / 100.0
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

pub fn weight(ws: &Workspace, t: &Task) -> f64 {
    t.estimate_hours.unwrap_or(ws.config.default_estimate_hours)
}

fn is_open(cat: Option<StatusCategory>) -> bool {
    // A status outside the workflow is reported by `check`; plan it as open work.
    !matches!(cat, Some(StatusCategory::Done | StatusCategory::Cancelled))
}

/// The scheduler's order: active first, then priority, earliest due, id number.
type Rank = (
    Reverse<bool>,
    Reverse<Priority>,
    Option<Date>,
    bool,
    u64,
    usize,
);

fn rank(ws: &Workspace, i: usize) -> Rank {
    let t = &ws.tasks[i];
    let due = t.due.as_ref().map(|d| d.value);
    (
        Reverse(ws.category(t) == Some(StatusCategory::Active)),
        Reverse(t.priority),
        due,
        due.is_none(),
        t.number,
        i,
    )
}

pub fn forecast(ws: &Workspace, today: Date) -> Forecast {
    let cal = Calendar::new(ws);
    let today_n = day_number(today);
    let n = ws.tasks.len();

    // Workers: people first, then stand-ins for unknown ids and unassigned tasks.
    let mut workers: Vec<Worker> = ws
        .config
        .people
        .iter()
        .map(|p: &Person| Worker {
            rate: cal.hours_per_day * p.capacity,
            off: p
                .time_off
                .iter()
                .map(|(a, b)| (day_number(*a), day_number(*b)))
                .collect(),
        })
        .collect();
    let mut worker_names: Vec<String> = ws.config.people.iter().map(|p| p.id.clone()).collect();
    let mut worker_index: HashMap<String, usize> = worker_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    let full_time = Worker {
        rate: cal.hours_per_day,
        off: Vec::new(),
    };
    let cats: Vec<Option<StatusCategory>> = ws.tasks.iter().map(|t| ws.category(t)).collect();
    // Parents with children wait for them: their finish is their children's.
    let parent_of: Vec<Option<usize>> = ws
        .tasks
        .iter()
        .map(|t| {
            t.parent
                .as_ref()
                .and_then(|p| ws.index.tasks.get(&p.value).copied())
        })
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (c, p) in parent_of.iter().enumerate() {
        if let Some(p) = *p {
            children[p].push(c);
        }
    }
    let has_children: Vec<bool> = children.iter().map(|c| !c.is_empty()).collect();
    let task_workers: Vec<Vec<usize>> = ws
        .tasks
        .iter()
        .map(|t| {
            if t.assignees.is_empty() {
                workers.push(full_time.clone());
                worker_names.push(format!("({})", t.id.value));
                return vec![workers.len() - 1];
            }
            let mut ids: Vec<usize> = t
                .assignees
                .iter()
                .map(|a| {
                    *worker_index.entry(a.value.clone()).or_insert_with(|| {
                        workers.push(full_time.clone());
                        worker_names.push(a.value.clone());
                        workers.len() - 1
                    })
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();

    // Dependency graph over scheduled tasks: skip cancelled and unknown dependencies.
    // A parent also waits for its children: it is placed after them, so whatever depends
    // on the parent waits for its last child.
    let deps: Vec<Vec<usize>> = ws
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d: Vec<usize> = t
                .depends_on
                .iter()
                .filter_map(|d| ws.index.tasks.get(&d.value).copied())
                .chain(children[i].iter().copied())
                .filter(|&j| cats[j] != Some(StatusCategory::Cancelled))
                .collect();
            d.sort_unstable();
            d.dedup();
            d
        })
        .collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting: Vec<usize> = vec![0; n];
    for (i, d) in deps.iter().enumerate() {
        for &j in d {
            if j != i {
                dependents[j].push(i);
                waiting[i] += 1;
            }
        }
    }

    let mut out: Vec<Option<TaskForecast>> = vec![None; n];
    let mut free_at: Vec<(Point, Option<usize>)> =
        vec![(Point::start_of(today_n), None); workers.len()];
    let mut planned: Usage = FxHashMap::default();
    let mut heap: BinaryHeap<Reverse<Rank>> = BinaryHeap::new();
    let mut placed = vec![false; n];
    let mut remaining_count = 0usize;
    for i in 0..n {
        if cats[i] == Some(StatusCategory::Cancelled) {
            placed[i] = true;
            continue;
        }
        remaining_count += 1;
        if waiting[i] == 0 {
            heap.push(Reverse(rank(ws, i)));
        }
    }
    // When only cycles are left, the best unplaced task by rank; ranks never change, so
    // one sorted list and a cursor that only moves forward find it in O(n) overall.
    let mut by_rank: Vec<usize> = Vec::new();
    let mut by_rank_cursor = 0;

    while remaining_count > 0 {
        let i = match heap.pop() {
            Some(Reverse(r)) => r.5,
            None => {
                // Only cycles are left: take the best waiting task and ignore what it waits for.
                if by_rank.is_empty() {
                    by_rank = (0..n).collect();
                    by_rank.sort_by_cached_key(|&i| rank(ws, i));
                }
                while by_rank_cursor < n && placed[by_rank[by_rank_cursor]] {
                    by_rank_cursor += 1;
                }
                let Some(&best) = by_rank.get(by_rank_cursor) else {
                    break;
                };
                best
            }
        };
        if placed[i] {
            continue;
        }
        placed[i] = true;
        remaining_count -= 1;
        let t = &ws.tasks[i];
        let cat = cats[i];

        // Earliest point and what holds it there.
        let mut earliest = Point::start_of(today_n);
        let mut held_by = None;
        if let Some(s) = &t.start {
            let p = Point::start_of(day_number(s.value));
            if Point::later(p, earliest) {
                earliest = p;
            }
        }
        let mut latest_dep: Option<(Point, usize)> = None;
        for &j in &deps[i] {
            if let Some(f) = out[j].as_ref()
                && latest_dep.is_none_or(|(p, _)| Point::later(f.finish, p))
            {
                latest_dep = Some((f.finish, j));
            }
        }
        if let Some((p, j)) = latest_dep
            && !Point::later(earliest, p)
        {
            earliest = p;
            held_by = Some(HeldBy::Dependency(j));
        }
        let ws_ids = &task_workers[i];

        let fc = if !is_open(cat) {
            // A done task without a `closed` date must not hold anything back.
            let p = t.closed.map_or(Point::start_of(today_n), |c| Point {
                day: day_number(c),
                share: 1.0,
            });
            TaskForecast {
                start: p,
                finish: p,
                remaining_hours: 0.0,
                held_by: None,
                done: true,
                deadline: None,
                slack_days: None,
                never: false,
            }
        } else if has_children[i] {
            // Placed after its children: it spans from the first child's start to the last
            // child's finish (`earliest` already waited for all of them).
            let first_child = children[i]
                .iter()
                .filter_map(|&c| out[c].as_ref().filter(|f| !f.done).map(|f| f.start))
                .reduce(|a, b| if Point::later(a, b) { b } else { a });
            let start = match first_child {
                Some(s) if !Point::later(s, earliest) => s,
                _ => earliest,
            };
            TaskForecast {
                start,
                finish: earliest,
                remaining_hours: 0.0,
                held_by,
                done: false,
                deadline: None,
                slack_days: None,
                never: false,
            }
        } else {
            for &w in ws_ids {
                let (p, prev) = free_at[w];
                if Point::later(p, earliest) {
                    earliest = p;
                    held_by = prev.map(HeldBy::Assignee);
                }
            }
            let remaining = weight(ws, t) * (1.0 - completion(ws, t)).clamp(0.0, 1.0);
            let (start, finish, never) =
                simulate(&cal, &workers, ws_ids, earliest, remaining, &mut planned);
            for &w in ws_ids {
                free_at[w] = (finish, Some(i));
            }
            TaskForecast {
                start,
                finish,
                remaining_hours: remaining,
                held_by,
                done: false,
                deadline: None,
                slack_days: None,
                never,
            }
        };
        out[i] = Some(fc);
        for &k in &dependents[i] {
            waiting[k] = waiting[k].saturating_sub(1);
            if waiting[k] == 0 && !placed[k] {
                heap.push(Reverse(rank(ws, k)));
            }
        }
    }

    // Parent tasks finish with their last child (children may nest: walk up).
    let mut order: Vec<usize> = (0..n).filter(|&i| has_children[i]).collect();
    let depth = depths(&parent_of);
    order.sort_by_key(|&i| Reverse(depth[i]));
    for p in order {
        let children_finish = children[p]
            .iter()
            .filter_map(|&c| out[c].as_ref().map(|f| (f.finish, f.done, c)))
            .fold(None::<(Point, bool, usize)>, |acc, x| match acc {
                Some(a) if !Point::later(x.0, a.0) => Some((a.0, a.1 && x.1, a.2)),
                Some(a) => Some((x.0, a.1 && x.1, x.2)),
                None => Some(x),
            });
        if let (Some(f), Some((finish, _, last))) = (out[p].as_mut(), children_finish)
            && !f.done
        {
            f.finish = finish;
            f.held_by = Some(HeldBy::Dependency(last));
        }
    }

    // Deadlines and slack.
    for (i, t) in ws.tasks.iter().enumerate() {
        let Some(f) = out[i].as_mut() else { continue };
        let project = t.project.as_ref().and_then(|p| ws.project(&p.value));
        let milestone_due = project
            .zip(t.milestone.as_ref())
            .and_then(|(p, m)| p.milestone(&m.value))
            .and_then(|m| m.due.as_ref().map(|d| d.value));
        let project_due = project.and_then(|p| p.due.as_ref().map(|d| d.value));
        let deadline = [t.due.as_ref().map(|d| d.value), milestone_due, project_due]
            .into_iter()
            .flatten()
            .min();
        f.deadline = deadline;
        if !f.done {
            f.slack_days = deadline.map(|d| cal.working_days_between(finish_day(f), day_number(d)));
        }
    }

    // Roll-ups.
    let mut critical = vec![false; n];
    let rollup =
        |members: &[usize], due: Option<Date>, budget: Option<f64>, critical: &mut Vec<bool>| {
            let r = rollup(ws, &out, &cats, &has_children, members, due, budget, today);
            for &c in &r.critical_chain {
                critical[c] = true;
            }
            r
        };
    let mut by_project: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_milestone: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, t) in ws.tasks.iter().enumerate() {
        if let Some(p) = &t.project {
            by_project.entry(p.as_str()).or_default().push(i);
            if let Some(m) = &t.milestone {
                by_milestone
                    .entry((p.as_str(), m.as_str()))
                    .or_default()
                    .push(i);
            }
        }
    }
    let mut milestones = Vec::new();
    let mut projects = Vec::new();
    for (pi, p) in ws.projects.iter().enumerate() {
        for (mi, m) in p.milestones.iter().enumerate() {
            let members = by_milestone
                .get(&(p.id.as_str(), m.id.as_str()))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            milestones.push(MilestoneForecast {
                project: pi,
                milestone: mi,
                rollup: rollup(
                    members,
                    m.due.as_ref().map(|d| d.value),
                    None,
                    &mut critical,
                ),
            });
        }
        let members = by_project
            .get(p.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let goals = p
            .goals
            .iter()
            .map(|g| GoalProgress {
                id: g.id.value.clone(),
                progress: goal_progress(g.baseline, g.target, g.current),
            })
            .collect();
        projects.push(ProjectForecast {
            project: pi,
            rollup: rollup(
                members,
                p.due.as_ref().map(|d| d.value),
                p.budget_hours,
                &mut critical,
            ),
            goals,
        });
    }
    let all: Vec<usize> = (0..n).collect();
    let workspace = rollup(&all, None, None, &mut critical);
    Forecast {
        today,
        tasks: out,
        milestones,
        projects,
        workspace,
        planned,
        critical,
        worker_names,
    }
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

/// The day a task's work ends: a finish at share 0 means it ended the day before.
fn finish_day(f: &TaskForecast) -> Day {
    f.finish.day
}

pub fn goal_progress(baseline: Option<f64>, target: Option<f64>, current: Option<f64>) -> f64 {
    match (baseline, target) {
        (Some(b), Some(t)) if t != b => {
            let c = current.unwrap_or(b);
            ((c - b) / (t - b)).clamp(0.0, 1.0)
        }
        _ => 0.0,
    }
}

/// Places `remaining` hours of work by `ids` from `from` on. Returns the real start, the
/// finish, and whether it gave up.
fn simulate(
    cal: &Calendar,
    workers: &[Worker],
    ids: &[usize],
    from: Point,
    remaining: f64,
    planned: &mut Usage,
) -> (Point, Point, bool) {
    let mut day = from.day;
    let mut share = from.share;
    let mut left = remaining;
    let mut start: Option<Point> = None;
    for _ in 0..MAX_DAYS {
        let rate: f64 = ids
            .iter()
            .filter(|&&w| cal.works(&workers[w], day))
            .map(|&w| workers[w].rate)
            .sum();
        if rate > 0.0 && share < 1.0 {
            let here = Point { day, share };
            let start = *start.get_or_insert(here);
            let avail = (1.0 - share) * rate;
            let (used_share, done) = if left <= avail + 1e-9 {
                (left / rate, true)
            } else {
                (1.0 - share, false)
            };
            for &w in ids {
                if cal.works(&workers[w], day) {
                    *planned.entry((w, day)).or_insert(0.0) += used_share * workers[w].rate;
                }
            }
            left -= used_share * rate;
            if done {
                let end = (share + used_share).min(1.0);
                // Work that fills a day up to its end finishes that day.
                return (start, Point { day, share: end }, false);
            }
        }
        day += 1;
        share = 0.0;
    }
    let p = start.unwrap_or(from);
    (p, Point { day, share: 1.0 }, true)
}

#[allow(clippy::too_many_arguments)]
fn rollup(
    ws: &Workspace,
    out: &[Option<TaskForecast>],
    cats: &[Option<StatusCategory>],
    has_children: &[bool],
    members: &[usize],
    due: Option<Date>,
    budget: Option<f64>,
    today: Date,
) -> Rollup {
    let mut counts = Counts::default();
    let mut effort = Effort {
        budget_hours: budget,
        ..Effort::default()
    };
    let (mut wsum, mut psum) = (0.0, 0.0);
    let mut latest: Option<(Point, usize)> = None;
    let mut unfinished = 0;
    for &i in members {
        let t = &ws.tasks[i];
        counts.total += 1;
        match cats[i] {
            Some(StatusCategory::Cancelled) => {
                counts.cancelled += 1;
                continue;
            }
            Some(StatusCategory::Done) => counts.done += 1,
            Some(StatusCategory::Active) => counts.active += 1,
            _ => counts.open += 1,
        }
        let open = is_open(cats[i]);
        if open {
            unfinished += 1;
            if t.due.as_ref().is_some_and(|d| d.value < today) {
                counts.overdue += 1;
            }
            let blocked = t.depends_on.iter().any(|d| {
                ws.index
                    .tasks
                    .get(&d.value)
                    .is_some_and(|&j| is_open(cats[j]))
            });
            if blocked {
                counts.blocked += 1;
            }
        }
        effort.spent_hours += t.spent_hours.unwrap_or(0.0);
        if has_children[i] {
            continue; // its children carry the work
        }
        let w = weight(ws, t);
        let p = completion(ws, t);
        wsum += w;
        psum += w * p;
        effort.estimate_hours += w;
        if let Some(f) = &out[i] {
            effort.remaining_hours += f.remaining_hours;
            if latest.is_none_or(|(lp, _)| Point::later(f.finish, lp)) {
                latest = Some((f.finish, i));
            }
        }
    }
    let progress = if wsum > 0.0 { psum / wsum } else { 0.0 };
    let forecast_finish = latest.map(|(p, _)| p.date());
    let status = if unfinished == 0 && counts.total > 0 {
        ScheduleStatus::Done
    } else if due.is_some_and(|d| d < today) {
        ScheduleStatus::Late
    } else if let (Some(f), Some(d)) = (forecast_finish, due)
        && f > d
    {
        ScheduleStatus::AtRisk
    } else {
        ScheduleStatus::OnTrack
    };
    let critical_chain = match latest {
        Some((_, last)) if unfinished > 0 => chain(out, last),
        _ => Vec::new(),
    };
    Rollup {
        progress,
        counts,
        effort,
        forecast_finish,
        due,
        status,
        critical_chain,
    }
}

/// Steps back from `last` along what held each task's start, then reverses.
fn chain(out: &[Option<TaskForecast>], last: usize) -> Vec<usize> {
    let mut seen = HashSet::new();
    let mut path = vec![last];
    seen.insert(last);
    let mut cur = last;
    while let Some(f) = out[cur].as_ref() {
        let next = match f.held_by {
            Some(HeldBy::Dependency(j) | HeldBy::Assignee(j)) => j,
            None => break,
        };
        if out[next].as_ref().is_none_or(|f| f.done) || !seen.insert(next) {
            break;
        }
        path.push(next);
        cur = next;
    }
    path.reverse();
    path
}

/// For every task, the first task of its critical chain (the chain [`chain`] would walk
/// back to), in one pass over all tasks: each step is memoized, so many long chains that
/// share their tails cost O(n) together instead of O(n * length).
pub fn chain_heads(out: &[Option<TaskForecast>]) -> Vec<usize> {
    const UNKNOWN: usize = usize::MAX;
    let n = out.len();
    let mut head = vec![UNKNOWN; n];
    let mut on_path = vec![usize::MAX; n];
    let mut path = Vec::new();
    for start in 0..n {
        if head[start] != UNKNOWN {
            continue;
        }
        path.clear();
        let mut cur = start;
        let found = loop {
            path.push(cur);
            on_path[cur] = start;
            let next = match out[cur].as_ref().and_then(|f| f.held_by) {
                Some(HeldBy::Dependency(j) | HeldBy::Assignee(j)) => j,
                None => break cur,
            };
            if out[next].as_ref().is_none_or(|f| f.done) || on_path[next] == start {
                break cur;
            }
            if head[next] != UNKNOWN {
                break head[next];
            }
            cur = next;
        };
        for &p in &path {
            head[p] = found;
        }
    }
    head
}

/// One person's ISO week in the workload table.
#[derive(Clone, Debug, Serialize)]
pub struct WeekLoad {
    pub week: String,
    pub available_hours: f64,
    pub planned_hours: f64,
    pub demand_hours: f64,
    pub over_capacity: bool,
    /// Task ids with demand in this week.
    pub tasks: Vec<String>,
    #[serde(skip)]
    pub monday: Date,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonLoad {
    pub id: String,
    pub weeks: Vec<WeekLoad>,
}

/// Per person per ISO week for `weeks` weeks from today's week: available, planned (from
/// the forecast) and demanded hours (each open task's remaining work spread evenly over
/// the person's working days from its earliest start to its due date, or to its forecast
/// finish when it has none).
pub fn workload(ws: &Workspace, fc: &Forecast, weeks: u32) -> Vec<PersonLoad> {
    let today_n = day_number(fc.today);
    let monday = today_n - i32::try_from(weekday(today_n)).unwrap_or(0);
    let end = monday + 7 * i32::try_from(weeks).unwrap_or(6);
    let cal = Calendar::new(ws);
    let person_index: HashMap<&str, usize> = ws
        .config
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut tasks_of: Vec<Vec<usize>> = vec![Vec::new(); ws.config.people.len()];
    for (i, t) in ws.tasks.iter().enumerate() {
        if fc.tasks[i]
            .as_ref()
            .is_none_or(|f| f.done || f.remaining_hours <= 0.0)
        {
            continue;
        }
        for a in &t.assignees {
            if let Some(&p) = person_index.get(a.value.as_str())
                && tasks_of[p].last() != Some(&i)
            {
                tasks_of[p].push(i);
            }
        }
    }
    let mut result = Vec::new();
    for (pi, person) in ws.config.people.iter().enumerate() {
        let worker = Worker {
            rate: cal.hours_per_day * person.capacity,
            off: person
                .time_off
                .iter()
                .map(|(a, b)| (day_number(*a), day_number(*b)))
                .collect(),
        };
        // The time off, sorted and merged, so no day is subtracted twice below.
        let mut off = worker.off.clone();
        off.sort_unstable();
        let mut merged: Vec<(Day, Day)> = Vec::new();
        for (a, b) in off {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let off = merged;
        let n_weeks = usize::try_from(weeks).unwrap_or(6);
        let mut demand = vec![0.0; n_weeks];
        let mut tasks: Vec<Vec<usize>> = vec![Vec::new(); n_weeks];
        for &i in &tasks_of[pi] {
            let t = &ws.tasks[i];
            let Some(f) = fc.tasks[i].as_ref() else {
                continue;
            };
            // This person's share, by rate among known assignees.
            let rates: f64 = t
                .assignees
                .iter()
                .map(|a| {
                    ws.config
                        .person(&a.value)
                        .map_or(cal.hours_per_day, |p| cal.hours_per_day * p.capacity)
                })
                .sum();
            let share = if rates > 0.0 {
                worker.rate / rates
            } else {
                1.0
            };
            let hours = f.remaining_hours * share;
            let from = t
                .start
                .as_ref()
                .map_or(today_n, |s| day_number(s.value).max(today_n));
            let to = t
                .due
                .as_ref()
                .map_or(f.finish.day, |d| day_number(d.value))
                .max(from);
            // Spread over the person's working days in [from, to]; when there are none,
            // everything lands on the first day they work.
            let to = to.min(from + MAX_DAYS);
            let count = cal.working_days_between(from - 1, to)
                - off
                    .iter()
                    .map(|&(a, b)| (a.max(from), b.min(to)))
                    .filter(|(a, b)| a <= b)
                    .map(|(a, b)| cal.working_days_between(a - 1, b))
                    .sum::<i32>();
            let (days, count) = if count > 0 {
                (from.max(monday)..=to.min(end - 1), count)
            } else {
                let first = (from..from + MAX_DAYS)
                    .find(|&d| cal.works(&worker, d))
                    .unwrap_or(from);
                (first..=first, 1)
            };
            let per_day = hours / f64::from(count);
            for d in days {
                if d < monday || d >= end || !cal.works(&worker, d) {
                    continue;
                }
                let w = usize::try_from((d - monday) / 7).unwrap_or(0);
                demand[w] += per_day;
                if tasks[w].last() != Some(&i) {
                    tasks[w].push(i);
                }
            }
        }
        let mut out_weeks = Vec::new();
        for ids in &mut tasks {
            ids.sort_unstable_by_key(|&i| (ws.tasks[i].number, i));
        }
        for (w, (dem, ids)) in demand.into_iter().zip(tasks).enumerate() {
            let start = monday + 7 * i32::try_from(w).unwrap_or(0);
            let mut available = 0.0;
            let mut planned = 0.0;
            for d in start..start + 7 {
                if d >= today_n && cal.works(&worker, d) {
                    available += worker.rate;
                }
                planned += fc.planned.get(&(pi, d)).copied().unwrap_or(0.0);
            }
            let iso = day_date(start).iso_week_date();
            out_weeks.push(WeekLoad {
                week: format!("{}-W{:02}", iso.year(), iso.week()),
                available_hours: round2(available),
                planned_hours: round2(planned),
                demand_hours: round2(dem),
                over_capacity: dem > available + 1e-6,
                tasks: ids.iter().map(|&i| ws.tasks[i].id.value.clone()).collect(),
                monday: day_date(start),
            });
        }
        result.push(PersonLoad {
            id: person.id.clone(),
            weeks: out_weeks,
        });
    }
    result
}

/// Working days of the workspace calendar in `(from, to]`; negative when `to < from`.
pub fn working_days(ws: &Workspace, from: Date, to: Date) -> i32 {
    Calendar::new(ws).working_days_between(day_number(from), day_number(to))
}

pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DirSource;

    const CONFIG: &str = "name: T\ncalendar:\n  holidays: [2026-12-08]\npeople:\n  alice:\n    name: A\n  bob:\n    name: B\n  half:\n    name: H\n    capacity: 0.5\n  away:\n    name: W\n    time_off: [2026-12-01..2026-12-02]\n";

    fn load(tasks: &[&str]) -> Workspace {
        load_with(CONFIG, tasks)
    }

    /// Each entry is `ID|front matter lines|body`.
    fn load_with(config: &str, tasks: &[&str]) -> Workspace {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("cairn.yaml"), config).expect("config");
        std::fs::create_dir_all(dir.path().join("tasks")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("projects")).expect("mkdir");
        std::fs::write(
            dir.path().join("projects/p.md"),
            "---\nid: p\ntitle: P\ndue: 2026-12-31\nbudget: 2d\nmilestones:\n  - {id: m, title: M, due: 2026-12-02}\ngoals:\n  - {id: g, title: G, baseline: 10, target: 20, current: 15}\n---\n",
        )
        .expect("project");
        for spec in tasks {
            let mut parts = spec.splitn(3, '|');
            let id = parts.next().expect("id");
            let fm = parts.next().unwrap_or("").replace(';', "\n");
            let body = parts.next().unwrap_or("");
            std::fs::write(
                dir.path().join(format!("tasks/{id}-x.md")),
                format!("---\nid: {id}\ntitle: {id}\n{fm}\n---\n{body}\n"),
            )
            .expect("task");
        }
        let ws = crate::load(&DirSource::new(dir.path()).expect("source")).expect("load");
        assert!(ws.load_diagnostics.is_empty(), "{:?}", ws.load_diagnostics);
        ws
    }

    fn date(s: &str) -> Date {
        s.parse().expect("date")
    }

    /// (forecast start date, finish date) of a task.
    fn when(ws: &Workspace, fc: &Forecast, id: &str) -> (String, String) {
        let f = fc.tasks[ws.index.tasks[id]].as_ref().expect("scheduled");
        (f.start.date().to_string(), f.finish.date().to_string())
    }

    // 2026-11-27 is a Friday.
    const FRIDAY: &str = "2026-11-27";

    #[test]
    fn day_numbers_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-27",
            "2100-03-01",
            "1969-12-31",
        ] {
            assert_eq!(day_date(day_number(date(s))), date(s));
        }
        assert_eq!(weekday(day_number(date(FRIDAY))), 4);
    }

    #[test]
    fn working_days_between_matches_counting_day_by_day() {
        let ws = load_with(
            "name: T\ncalendar:\n  holidays: [2026-12-08, 2026-12-12, 2027-01-01, 2027-01-01]\n",
            &[],
        );
        let cal = Calendar::new(&ws);
        let base = day_number(date("2026-11-20"));
        let mut r = Lcg(7);
        for _ in 0..500 {
            let from = base + r.next(80) as Day;
            let to = base + r.next(80) as Day;
            let (lo, hi) = (from.min(to), from.max(to));
            let slow = (lo + 1..=hi).filter(|&d| cal.team_works(d)).count() as i32;
            let expected = if to >= from { slow } else { -slow };
            assert_eq!(cal.working_days_between(from, to), expected, "{from}..{to}");
        }
    }

    #[test]
    fn depths_follow_parents_and_survive_cycles() {
        let parent_of = [None, Some(0), Some(1), Some(2), Some(5), Some(4), None];
        let d = depths(&parent_of);
        assert_eq!(&d[..4], &[0, 1, 2, 3]);
        assert_eq!(d[6], 0);
        assert!(d[4] <= 1 && d[5] <= 1, "a cycle is cut: {d:?}");
        // A chain 100,000 deep is linear work, not quadratic.
        let deep: Vec<Option<usize>> = (0..100_000usize).map(|i| i.checked_sub(1)).collect();
        assert_eq!(depths(&deep)[99_999], 99_999);
    }

    #[test]
    fn weekends_are_skipped() {
        let ws = load(&["T-1|assignee: alice;estimate: 2d"]);
        let fc = forecast(&ws, date(FRIDAY));
        assert_eq!(
            when(&ws, &fc, "T-1"),
            ("2026-11-27".into(), "2026-11-30".into())
        );
    }

    #[test]
    fn holidays_and_time_off_are_skipped() {
        let ws = load(&[
            "T-1|assignee: alice;estimate: 1d;start: 2026-12-08",
            "T-2|assignee: away;estimate: 1d;start: 2026-12-01",
        ]);
        let fc = forecast(&ws, date(FRIDAY));
        assert_eq!(
            when(&ws, &fc, "T-1"),
            ("2026-12-09".into(), "2026-12-09".into())
        );
        assert_eq!(
            when(&ws, &fc, "T-2"),
            ("2026-12-03".into(), "2026-12-03".into())
        );
    }

    #[test]
    fn half_capacity_takes_twice_as_long() {
        let ws = load(&["T-1|assignee: half;estimate: 1d"]);
        let fc = forecast(&ws, date("2026-11-30"));
        assert_eq!(
            when(&ws, &fc, "T-1"),
            ("2026-11-30".into(), "2026-12-01".into())
        );
    }

    #[test]
    fn fractional_days_continue_the_same_day() {
        let ws = load(&[
            "T-1|assignee: alice;estimate: 4h",
            "T-2|assignee: alice;estimate: 4h",
            "T-3|assignee: alice;estimate: 1h",
        ]);
        let fc = forecast(&ws, date("2026-11-30"));
        assert_eq!(
            when(&ws, &fc, "T-1"),
            ("2026-11-30".into(), "2026-11-30".into())
        );
        // T-2 starts at half past and ends exactly at the end of the day: it finishes that day.
        assert_eq!(
            when(&ws, &fc, "T-2"),
            ("2026-11-30".into(), "2026-11-30".into())
        );
        assert_eq!(
            when(&ws, &fc, "T-3"),
            ("2026-12-01".into(), "2026-12-01".into())
        );
        let f2 = fc.tasks[ws.index.tasks["T-2"]].as_ref().expect("t2");
        assert_eq!((f2.start.share, f2.finish.share), (0.5, 1.0));
    }

    #[test]
    fn several_assignees_add_their_rates() {
        let ws = load(&["T-1|assignee: [alice, bob];estimate: 2d"]);
        let fc = forecast(&ws, date("2026-11-30"));
        assert_eq!(
            when(&ws, &fc, "T-1"),
            ("2026-11-30".into(), "2026-11-30".into())
        );
    }

    #[test]
    fn priority_and_activity_reorder_a_persons_queue() {
        let ws = load(&[
            "T-1|assignee: alice;estimate: 1d;priority: low",
            "T-2|assignee: alice;estimate: 1d;priority: urgent",
            "T-3|assignee: alice;estimate: 1d;priority: low;status: doing",
            "T-4|assignee: alice;estimate: 1d;due: 2026-12-20",
        ]);
        let fc = forecast(&ws, date("2026-11-30"));
        let order: Vec<&str> = ["T-3", "T-2", "T-4", "T-1"].to_vec();
        let finishes: Vec<String> = order.iter().map(|id| when(&ws, &fc, id).1).collect();
        assert_eq!(
            finishes,
            ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"]
        );
    }

    #[test]
    fn a_dependency_chain_across_two_people_hands_over_mid_day() {
        let ws = load(&[
            "T-1|assignee: alice;estimate: 4h;project: p;milestone: m",
            "T-2|assignee: bob;estimate: 6h;depends_on: [T-1];project: p;milestone: m",
        ]);
        let fc = forecast(&ws, date("2026-11-30"));
        let f2 = fc.tasks[ws.index.tasks["T-2"]].as_ref().expect("t2");
        assert_eq!(f2.start.share, 0.5);
        assert_eq!(
            when(&ws, &fc, "T-2"),
            ("2026-11-30".into(), "2026-12-01".into())
        );
        assert_eq!(f2.held_by, Some(HeldBy::Dependency(ws.index.tasks["T-1"])));
        let m = &fc.milestones[0].rollup;
        let chain: Vec<&str> = m
            .critical_chain
            .iter()
            .map(|&i| ws.tasks[i].id.as_str())
            .collect();
        assert_eq!(chain, ["T-1", "T-2"]);
        assert_eq!(m.forecast_finish, Some(date("2026-12-01")));
        assert_eq!(m.status, ScheduleStatus::OnTrack);
    }

    #[test]
    fn the_critical_chain_follows_the_assignee_queue() {
        let ws = load(&[
            "T-1|assignee: alice;estimate: 3d;priority: high",
            "T-2|assignee: alice;estimate: 1d;project: p;milestone: m",
        ]);
        let fc = forecast(&ws, date("2026-11-30"));
        let m = &fc.milestones[0].rollup;
        let chain: Vec<&str> = m
            .critical_chain
            .iter()
            .map(|&i| ws.tasks[i].id.as_str())
            .collect();
        assert_eq!(chain, ["T-1", "T-2"]);
        // Alice's higher-priority T-1 fills Nov 30 to Dec 2, so T-2 ends Dec 3, past Dec 2.
        assert_eq!(m.forecast_finish, Some(date("2026-12-03")));
        assert_eq!(m.status, ScheduleStatus::AtRisk);
    }

    #[test]
    fn a_parent_spans_its_children_and_its_dependents_wait_for_them() {
        let ws = load(&[
            "T-1|assignee: alice;estimate: 1d",
            "T-2|assignee: alice;estimate: 2d;parent: T-1",
            "T-3|assignee: bob;estimate: 1d;parent: T-1",
            "T-4|assignee: bob;estimate: 1d;depends_on: [T-1]",
        ]);
        let fc = forecast(&ws, date("2026-11-30"));
        // T-2 takes alice Mon-Tue, T-3 bob Mon; the parent spans Mon-Tue; T-4 waits.
        assert_eq!(
            when(&ws, &fc, "T-1"),
            ("2026-11-30".into(), "2026-12-01".into())
        );
        assert_eq!(
            when(&ws, &fc, "T-4"),
            ("2026-12-02".into(), "2026-12-02".into())
        );
    }

    #[test]
    fn done_and_cancelled_tasks() {
        let ws = load(&[
            "T-1|status: done;closed: 2026-11-20;estimate: 2d;project: p",
            "T-2|status: cancelled;estimate: 5d;project: p",
            "T-3|assignee: bob;estimate: 2d;depends_on: [T-1, T-2];project: p",
        ]);
        let fc = forecast(&ws, date("2026-11-30"));
        assert!(fc.tasks[ws.index.tasks["T-2"]].is_none());
        assert_eq!(when(&ws, &fc, "T-1").1, "2026-11-20");
        assert_eq!(
            when(&ws, &fc, "T-3"),
            ("2026-11-30".into(), "2026-12-01".into())
        );
        let p = &fc.projects[0].rollup;
        assert_eq!(p.progress, 0.5);
        assert_eq!(
            (
                p.counts.total,
                p.counts.done,
                p.counts.cancelled,
                p.counts.open
            ),
            (3, 1, 1, 1)
        );
        assert_eq!(p.effort.estimate_hours, 32.0);
        assert_eq!(p.effort.remaining_hours, 16.0);
        assert_eq!(p.effort.budget_hours, Some(16.0));
        assert_eq!(fc.projects[0].goals[0].progress, 0.5);
    }

    #[test]
    fn explicit_progress_wins_over_the_checklist() {
        let ws = load(&[
            "T-1|estimate: 10h;progress: 30|- [x] a\n- [ ] b\n",
            "T-2|estimate: 10h|- [x] a\n- [x] b\n- [ ] c\n- [ ] d\n",
        ]);
        assert_eq!(completion(&ws, &ws.tasks[0]), 0.3);
        assert_eq!(completion(&ws, &ws.tasks[1]), 0.5);
        let fc = forecast(&ws, date("2026-11-30"));
        assert_eq!(fc.tasks[0].as_ref().map(|f| f.remaining_hours), Some(7.0));
        assert_eq!(fc.tasks[1].as_ref().map(|f| f.remaining_hours), Some(5.0));
    }

    #[test]
    fn slack_counts_working_days_to_the_nearest_deadline() {
        let ws =
            load(&["T-1|assignee: alice;estimate: 3d;project: p;milestone: m;due: 2026-12-10"]);
        let fc = forecast(&ws, date("2026-11-30"));
        let f = fc.tasks[0].as_ref().expect("t1");
        assert_eq!(f.finish.date(), date("2026-12-02"));
        assert_eq!(f.deadline, Some(date("2026-12-02")));
        assert_eq!(f.slack_days, Some(0));
        let ws = load(&["T-1|assignee: alice;estimate: 5d;project: p;milestone: m"]);
        let fc = forecast(&ws, date("2026-11-30"));
        assert_eq!(fc.tasks[0].as_ref().and_then(|f| f.slack_days), Some(-2));
    }

    #[test]
    fn workload_flags_demand_over_what_is_available() {
        let ws = load(&[
            "T-1|assignee: alice;estimate: 4d;due: 2026-12-01",
            "T-2|assignee: bob;estimate: 1d",
        ]);
        let fc = forecast(&ws, date("2026-11-30"));
        let load = workload(&ws, &fc, 2);
        let alice = &load[0];
        assert_eq!(alice.weeks[0].week, "2026-W49");
        assert_eq!(alice.weeks[0].available_hours, 40.0);
        assert_eq!(alice.weeks[0].planned_hours, 32.0);
        assert_eq!(alice.weeks[0].demand_hours, 32.0);
        assert!(!alice.weeks[0].over_capacity);
        let ws = load_with(
            CONFIG,
            &["T-1|assignee: alice;estimate: 2w;due: 2026-12-04"],
        );
        let fc = forecast(&ws, date("2026-11-30"));
        let w = &workload(&ws, &fc, 2)[0].weeks[0];
        assert_eq!(
            (w.demand_hours, w.planned_hours, w.over_capacity),
            (80.0, 40.0, true)
        );
        assert_eq!(w.tasks, ["T-1"]);
    }

    /// Start day and share bits, finish day and share bits.
    type Placement = (Day, u64, Day, u64);

    /// A small deterministic generator for property tests (no extra dependency).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n.max(1)
        }
    }

    fn random_tasks(seed: u64) -> Vec<String> {
        let mut r = Lcg(seed);
        let people = ["alice", "bob", "half", "away"];
        let prios = ["low", "normal", "high", "urgent"];
        let statuses = ["todo", "todo", "doing", "done", "cancelled"];
        (1..=40)
            .map(|i| {
                let mut fm = format!(
                    "estimate: {}h;priority: {};status: {}",
                    1 + r.next(30),
                    prios[r.next(4) as usize],
                    statuses[r.next(5) as usize]
                );
                match r.next(4) {
                    0 => {}
                    1 => fm.push_str(&format!(";assignee: {}", people[r.next(4) as usize])),
                    _ => fm.push_str(&format!(
                        ";assignee: [{}, {}]",
                        people[r.next(4) as usize],
                        people[r.next(4) as usize]
                    )),
                }
                if i > 1 && r.next(2) == 0 {
                    fm.push_str(&format!(";depends_on: [T-{}]", 1 + r.next(i - 1)));
                }
                if r.next(3) == 0 {
                    fm.push_str(&format!(";start: 2026-12-{:02}", 1 + r.next(20)));
                }
                if r.next(3) == 0 {
                    fm.push_str(&format!(";due: 2026-12-{:02}", 1 + r.next(28)));
                }
                format!("T-{i}|{fm}")
            })
            .collect()
    }

    #[test]
    fn property_nobody_works_more_than_they_have_and_dependencies_come_first() {
        for seed in 0..25 {
            let specs = random_tasks(seed);
            let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
            let ws = load(&refs);
            let fc = forecast(&ws, date("2026-11-30"));
            for (&(w, _), &hours) in &fc.planned {
                let cap = ws.config.people.get(w).map_or(8.0, |p| 8.0 * p.capacity);
                assert!(
                    hours <= cap + 1e-6,
                    "seed {seed}: worker {w} booked {hours}h"
                );
            }
            for (i, t) in ws.tasks.iter().enumerate() {
                let Some(f) = fc.tasks[i].as_ref().filter(|f| !f.done) else {
                    continue;
                };
                for d in &t.depends_on {
                    let j = ws.index.tasks[&d.value];
                    if let Some(df) = fc.tasks[j].as_ref() {
                        assert!(
                            !Point::later(df.finish, f.start),
                            "seed {seed}: {} starts before {} finishes",
                            t.id.value,
                            d.value
                        );
                    }
                }
            }
            let heads = chain_heads(&fc.tasks);
            for (i, &h) in heads.iter().enumerate() {
                assert_eq!(h, chain(&fc.tasks, i)[0], "seed {seed}: head of {i}");
            }
        }
    }

    #[test]
    fn property_the_forecast_does_not_depend_on_file_order() {
        for seed in 0..10 {
            let specs = random_tasks(seed);
            let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
            let mut ws = load(&refs);
            let fc = forecast(&ws, date("2026-11-30"));
            let by_id = |ws: &Workspace, fc: &Forecast| -> Vec<(String, Option<Placement>)> {
                let mut v: Vec<_> = ws
                    .tasks
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        (
                            t.id.value.clone(),
                            fc.tasks[i].as_ref().map(|f| {
                                (
                                    f.start.day,
                                    f.start.share.to_bits(),
                                    f.finish.day,
                                    f.finish.share.to_bits(),
                                )
                            }),
                        )
                    })
                    .collect();
                v.sort();
                v
            };
            let expected = by_id(&ws, &fc);
            let mut r = Lcg(seed + 99);
            for i in (1..ws.tasks.len()).rev() {
                let j = r.next(i as u64 + 1) as usize;
                ws.tasks.swap(i, j);
            }
            ws.build_index();
            let shuffled = forecast(&ws, date("2026-11-30"));
            assert_eq!(by_id(&ws, &shuffled), expected, "seed {seed}");
        }
    }
}
