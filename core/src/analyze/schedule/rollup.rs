//! Roll-ups (rule 6) and critical chains (rule 7): a milestone's, a project's and the
//! workspace's progress, forecast and status, and the chain of tasks behind a finish.

use super::calendar::day_number;
use super::network::Network;
use super::{
    Counts, Effort, GoalProgress, MilestoneForecast, Point, ProjectForecast, Rollup,
    ScheduleStatus, TaskForecast, completion, is_open, weight,
};
use crate::model::{StatusCategory, Workspace};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};

pub(super) struct Rollups {
    pub milestones: Vec<MilestoneForecast>,
    pub projects: Vec<ProjectForecast>,
    pub workspace: Rollup,
    pub critical: Vec<bool>,
}

impl Rollups {
    pub fn new(
        ws: &Workspace,
        net: &Network,
        tasks: &[Option<TaskForecast>],
        today: Date,
    ) -> Rollups {
        let n = ws.tasks.len();
        let cats: Vec<Option<StatusCategory>> = ws
            .tasks
            .iter()
            .map(|t| super::plan_category(ws, t))
            .collect();
        let roll = |members: &[usize], due: Option<Date>, budget: Option<f64>| {
            rollup(ws, net, tasks, &cats, members, due, budget, today)
        };
        let (by_project, by_milestone) = members(ws);
        let mut milestones = Vec::new();
        let mut projects = Vec::new();
        for (pi, p) in ws.projects.iter().enumerate() {
            let first = milestones.len();
            for (mi, m) in p.milestones.iter().enumerate() {
                let members = by_milestone
                    .get(&(p.id.as_str(), m.id.as_str()))
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                milestones.push(MilestoneForecast {
                    project: pi,
                    milestone: mi,
                    rollup: roll(members, m.due.as_ref().map(|d| d.value), None),
                });
            }
            let members = by_project
                .get(p.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let mut rollup = roll(members, p.due.as_ref().map(|d| d.value), p.budget_hours);
            // A project is at least as late as its worst milestone (rule 6).
            let mut status_from = None;
            if rollup.status != ScheduleStatus::Done
                && let Some((k, worst)) = milestones[first..]
                    .iter()
                    .enumerate()
                    .map(|(k, m): (usize, &MilestoneForecast)| (first + k, m.rollup.status))
                    .filter(|(_, s)| *s != ScheduleStatus::Done)
                    .max_by_key(|&(k, s)| (s, std::cmp::Reverse(k)))
                && worst > rollup.status
            {
                rollup.status = worst;
                status_from = Some(k);
            }
            let goals = p
                .goals
                .iter()
                .map(|g| GoalProgress::of(g, p.due.as_ref().map(|d| d.value)))
                .collect();
            projects.push(ProjectForecast {
                project: pi,
                rollup,
                status_from,
                goals,
            });
        }
        let all: Vec<usize> = (0..n).collect();
        let workspace = roll(&all, None, None);
        // Rule 7's marks: the chain of every milestone at risk or late, and of every
        // project's finish (of the whole workspace's when it has no projects).
        let mut critical = vec![false; n];
        let marked = milestones
            .iter()
            .map(|m| &m.rollup)
            .filter(|r| matches!(r.status, ScheduleStatus::AtRisk | ScheduleStatus::Late))
            .chain(projects.iter().map(|p| &p.rollup))
            .chain(ws.projects.is_empty().then_some(&workspace));
        for r in marked {
            for &c in &r.critical_chain {
                critical[c] = true;
            }
        }
        Rollups {
            milestones,
            projects,
            workspace,
            critical,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn rollup(
    ws: &Workspace,
    net: &Network,
    out: &[Option<TaskForecast>],
    cats: &[Option<StatusCategory>],
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
    // The latest finish; on a tie a task that books work before a summary, then rank.
    let mut latest: Option<(Point, usize)> = None;
    let mut unfinished = 0;
    let mut never = false;
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
        if is_open(cats[i]) {
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
        if let Some(f) = &out[i] {
            never |= f.never;
            let better = match latest {
                None => true,
                Some((lp, l)) => {
                    f.finish.is_after(lp)
                        || (!lp.is_after(f.finish)
                            && (out[l].as_ref().is_some_and(|g| g.summary), net.rank[l])
                                > (f.summary, net.rank[i]))
                }
            };
            if better {
                latest = Some((f.finish, i));
            }
        }
        if net.has_children[i] {
            continue; // its children carry the work
        }
        let w = weight(ws, t);
        wsum += w;
        psum += w * completion(ws, t);
        effort.estimate_hours += w;
        if let Some(f) = &out[i] {
            effort.remaining_hours += f.remaining_hours;
        }
    }
    let progress = if wsum > 0.0 { psum / wsum } else { 0.0 };
    let forecast_finish = if never {
        None
    } else {
        latest.map(|(p, _)| p.date())
    };
    let status = if unfinished == 0 && counts.total > 0 {
        ScheduleStatus::Done
    } else if due.is_some_and(|d| d < today) {
        ScheduleStatus::Late
    } else if due.is_some() && (never || forecast_finish.zip(due).is_some_and(|(f, d)| f > d)) {
        ScheduleStatus::AtRisk
    } else {
        ScheduleStatus::OnTrack
    };
    let late_by = due.zip(forecast_finish).map(|(d, f)| {
        u32::try_from(
            net.cal
                .working_days_between(day_number(d), day_number(f))
                .max(0),
        )
        .unwrap_or(0)
    });
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
        late_by,
        never,
        critical_chain,
    }
}

/// The critical chain behind task `last` (rule 7): step back along what held each start,
/// first to last. Summaries are passed through to the child they finish with, and not
/// listed; the walk stops at a finished task or where it would repeat itself.
pub fn chain(out: &[Option<TaskForecast>], last: usize) -> Vec<usize> {
    let mut seen = HashSet::new();
    let mut path = Vec::new();
    let mut cur = last;
    seen.insert(last);
    while let Some(f) = out[cur].as_ref() {
        if !f.summary {
            path.push(cur);
        }
        let Some(next) = f.held_by.map(|h| h.task()) else {
            break;
        };
        if out[next].as_ref().is_none_or(|f| f.done) || !seen.insert(next) {
            break;
        }
        cur = next;
    }
    if path.is_empty() {
        path.push(last);
    }
    path.reverse();
    path
}

/// For every task, the first task of its critical chain (what [`chain`] would return
/// first), in one pass: each step is memoized, so many long chains that share their tails
/// cost O(n) together instead of O(n × length).
pub fn chain_heads(out: &[Option<TaskForecast>]) -> Vec<usize> {
    const UNKNOWN: usize = usize::MAX;
    const NONE: usize = usize::MAX - 1;
    let n = out.len();
    // The last task that books work along the walk from each task, or NONE.
    let mut leaf = vec![UNKNOWN; n];
    let mut on_path = vec![usize::MAX; n];
    let mut path = Vec::new();
    let is_summary = |i: usize| out[i].as_ref().is_some_and(|f| f.summary);
    for start in 0..n {
        if leaf[start] != UNKNOWN {
            continue;
        }
        path.clear();
        let mut cur = start;
        let mut found = loop {
            path.push(cur);
            on_path[cur] = start;
            let next = match out[cur].as_ref().and_then(|f| f.held_by) {
                Some(h) => h.task(),
                None => break NONE,
            };
            if out[next].as_ref().is_none_or(|f| f.done) || on_path[next] == start {
                break NONE;
            }
            if leaf[next] != UNKNOWN {
                break leaf[next];
            }
            cur = next;
        };
        for &p in path.iter().rev() {
            if found == NONE && !is_summary(p) {
                found = p;
            }
            leaf[p] = found;
        }
    }
    (0..n)
        .map(|i| if leaf[i] == NONE { i } else { leaf[i] })
        .collect()
}

pub fn goal_progress(baseline: Option<f64>, target: Option<f64>, current: Option<f64>) -> f64 {
    match (baseline, target) {
        (Some(b), Some(t)) if t != b => {
            let c = current.unwrap_or(b);
            // `+ 0.0` turns a negative zero into zero ("-0%").
            ((c - b) / (t - b)).clamp(0.0, 1.0) + 0.0
        }
        _ => 0.0,
    }
}

/// The tasks of each project and of each `(project, milestone)`, by index.
pub(super) type Members<'a> = (
    HashMap<&'a str, Vec<usize>>,
    HashMap<(&'a str, &'a str), Vec<usize>>,
);

/// The tasks of each project and milestone, as their forecasts roll them up.
pub(super) fn members(ws: &Workspace) -> Members<'_> {
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
    (by_project, by_milestone)
}
