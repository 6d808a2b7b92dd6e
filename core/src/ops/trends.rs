//! Trends from git history for commands and reports: a workspace's history over a window,
//! and the history behind the reports (read from the commit the plan was last changed in,
//! so committing the reports does not change them).

pub use crate::analyze::history::Interval;
use crate::analyze::history::{self, History};
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
    // No rows of zeros before the plan had any tasks: start at the first commit with some.
    let first = line
        .iter()
        .find(|c| c.tasks_tree.is_some())
        .and_then(|c| crate::analyze::schedule::day_of(c.time));
    let since = match first {
        Some(f) if f > since => f.min(until),
        _ => since,
    };
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

/// The evidence of how long work takes against its estimates: every task that went from
/// active (or with `spent`) to done on the first-parent line of `HEAD`. Outside git, or in
/// a repository without such tasks, empty (the simulation then says it uses the default
/// spread).
pub fn evidence(
    dir: &DirSource,
    ws: &crate::model::Workspace,
    today: Date,
) -> crate::analyze::schedule::Evidence {
    let since = today
        .checked_sub(jiff::Span::new().days(7))
        .unwrap_or(today);
    match history(dir, &ws.config, "HEAD", since, today, Interval::Week) {
        Ok(h) => crate::analyze::schedule::Evidence::from_history(ws, &h.finished),
        Err(_) => crate::analyze::schedule::Evidence::default(),
    }
}

/// The forecast's odds for `ws`: the evidence from git, `samples` runs (default
/// `forecast.samples`), seeded by `seed` (default: a hash of the workspace and today).
pub fn confidence(
    dir: &DirSource,
    ws: &crate::model::Workspace,
    today: Date,
    samples: Option<u32>,
    seed: Option<u64>,
) -> crate::analyze::schedule::Confidence {
    let e = evidence(dir, ws, today);
    let seed =
        seed.unwrap_or_else(|| crate::analyze::schedule::confidence::default_seed(ws, today));
    crate::analyze::schedule::confidence::simulate(
        ws,
        today,
        &e,
        samples.unwrap_or(ws.config.samples),
        seed,
        ws.config.confidence,
    )
}

/// The backtest of `history --accuracy`: at the last commit of each week ending in
/// `[since, until]`, the workspace as it was, its forecast (and, with `samples`, its P85
/// from the evidence finished by then), against the finish of every milestone that has
/// finished since (all its tasks done at `HEAD`).
pub fn backtest(
    dir: &DirSource,
    ws: &crate::model::Workspace,
    since: Date,
    until: Date,
    samples: Option<u32>,
    cache: Option<&mut crate::load::ParseCache>,
) -> Result<crate::analyze::accuracy::Accuracy, GitError> {
    use crate::analyze::accuracy::{Observation, summarize};
    use crate::analyze::schedule::{self, ScheduleStatus, day_number};
    use crate::model::StatusCategory;
    let repo = Repo::discover(dir.root())?;
    let tip = repo.commit("HEAD")?;
    let line = history::first_parent_line(&repo, tip, dir.workspace_prefix())?;
    let h = history::analyze(&repo, &line, &ws.config, since, until, Interval::Week)?;
    // Finished milestones (at HEAD): every task not cancelled is done; their finish is
    // the day the last of them was marked done.
    let done_day = |id: &str, closed: Option<Date>| {
        h.done_at
            .get(id)
            .map(|t| jiff::tz::TimeZone::UTC.to_datetime(*t).date())
            .or(closed)
    };
    let mut actual: std::collections::HashMap<(String, String), Date> = Default::default();
    for p in &ws.projects {
        for m in &p.milestones {
            let tasks: Vec<&crate::model::Task> = ws
                .tasks
                .iter()
                .filter(|t| {
                    t.project.as_ref().is_some_and(|x| x.value == p.id.value)
                        && t.milestone.as_ref().is_some_and(|x| x.value == m.id.value)
                        && ws.category(t) != Some(StatusCategory::Cancelled)
                })
                .collect();
            if tasks.is_empty()
                || tasks
                    .iter()
                    .any(|t| ws.category(t) != Some(StatusCategory::Done))
            {
                continue;
            }
            let last = tasks
                .iter()
                .filter_map(|t| done_day(&t.id.value, t.closed.as_ref().map(|c| c.value)))
                .max();
            if let Some(d) = last {
                actual.insert((p.id.value.clone(), m.id.value.clone()), d);
            }
        }
    }
    // The snapshots: the last commit before the end of each week.
    let ends: Vec<Date> = {
        let mut v = Vec::new();
        let mut d = since;
        loop {
            if d.weekday() == jiff::civil::Weekday::Sunday || d == until {
                v.push(d);
            }
            if d >= until {
                break;
            }
            match d.tomorrow() {
                Ok(n) => d = n,
                Err(_) => break,
            }
        }
        v
    };
    let end_instant = |d: Date| {
        jiff::Timestamp::from_second((i64::from(day_number(d)) + 1) * 86_400)
            .unwrap_or(jiff::Timestamp::MAX)
    };
    let mut cache = cache;
    let mut observations = Vec::new();
    let mut snapshots = 0;
    for end in ends {
        let Some(commit) = line.iter().rev().find(|c| c.time < end_instant(end)) else {
            continue;
        };
        let source = crate::load::git::GitSource::new(
            &repo,
            commit.id,
            dir.workspace_prefix(),
            &format!("the plan on {end}"),
        )?;
        let Ok(snap) = crate::load::load_cached(&source, cache.as_deref_mut()) else {
            continue;
        };
        snapshots += 1;
        let fc = schedule::forecast(&snap, end);
        // Odds only where they will be compared with a finish that came later.
        let judged = fc.milestones.iter().any(|m| {
            let p = &snap.projects[m.project];
            let key = (
                p.id.value.clone(),
                p.milestones[m.milestone].id.value.clone(),
            );
            m.rollup.status != ScheduleStatus::Done && actual.get(&key).is_some_and(|&f| f > end)
        });
        let odds = samples.filter(|_| judged).map(|n| {
            let before: Vec<history::Finished> = h
                .finished
                .iter()
                .filter(|f| f.done_at <= commit.time)
                .cloned()
                .collect();
            let e = schedule::Evidence::from_history(&snap, &before);
            schedule::confidence::simulate(
                &snap,
                end,
                &e,
                n,
                0x5eed ^ u64::from(day_number(end) as u32),
                None,
            )
        });
        for (k, m) in fc.milestones.iter().enumerate() {
            let p = &snap.projects[m.project];
            let ms = &p.milestones[m.milestone];
            let Some(&finish) = actual.get(&(p.id.value.clone(), ms.id.value.clone())) else {
                continue;
            };
            if m.rollup.status == ScheduleStatus::Done || finish <= end {
                continue;
            }
            let forecast = m.rollup.forecast_finish;
            observations.push(Observation {
                at: end,
                project: p.id.value.clone(),
                milestone: ms.id.value.clone(),
                forecast,
                p85: odds.as_ref().and_then(|c| c.milestones[k].p85),
                actual: finish,
                error_days: forecast.map(|f| schedule::working_days(&snap, f, finish)),
                horizon_weeks: f64::from((finish - end).get_days()) / 7.0,
                critical_chain: m
                    .rollup
                    .critical_chain
                    .iter()
                    .map(|&i| snap.tasks[i].id.value.clone())
                    .collect(),
            });
        }
    }
    Ok(summarize(since, until, snapshots, observations))
}

/// `history --velocity`: each person's velocity (estimate ÷ actual) over the tasks
/// finished in `[since, until]`, and the evidence it stands on.
#[derive(serde::Serialize)]
pub struct Velocity {
    pub version: u32,
    pub since: Date,
    pub until: Date,
    pub people: Vec<crate::analyze::schedule::confidence::VelocitySummary>,
    pub evidence: crate::analyze::schedule::Evidence,
}

/// The velocity evidence of the tasks `history` saw finished from `since` on.
pub fn velocity(
    ws: &crate::model::Workspace,
    history: &History,
    since: Date,
    until: Date,
) -> Velocity {
    let start = jiff::Timestamp::from_second(
        i64::from(crate::analyze::schedule::day_number(since)) * 86_400,
    )
    .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let window: Vec<_> = history
        .finished
        .iter()
        .filter(|f| f.done_at >= start)
        .cloned()
        .collect();
    let evidence = crate::analyze::schedule::Evidence::from_history(ws, &window);
    Velocity {
        version: 1,
        since,
        until,
        people: crate::analyze::schedule::confidence::summaries(&evidence),
        evidence,
    }
}

/// The JSON of `history` (docs/json.md).
#[derive(serde::Serialize)]
pub struct HistoryJson<'a> {
    pub version: u32,
    pub rev: &'a str,
    #[serde(flatten)]
    pub history: &'a History,
}

/// The JSON of `history --accuracy` (docs/json.md).
#[derive(serde::Serialize)]
pub struct AccuracyJson<'a> {
    pub version: u32,
    #[serde(flatten)]
    pub accuracy: &'a crate::analyze::accuracy::Accuracy,
}

/// One goal's measurements in a window: from its metric file, or (a goal without one) the
/// `current:` of each commit on the first-parent line that changed it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct GoalSeries {
    pub project: String,
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub due: Option<Date>,
    /// `metric` (the goal's `source:` file) or `git` (its `current:` over the history).
    pub from: &'static str,
    pub points: Vec<GoalPoint>,
    pub trend_per_week: Option<f64>,
    pub reaches_target: Option<Date>,
    pub off_track: bool,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct GoalPoint {
    pub date: Date,
    pub value: f64,
}

/// The JSON of `history --goals` (docs/json.md).
#[derive(serde::Serialize)]
pub struct GoalsJson<'a> {
    pub version: u32,
    pub since: Date,
    pub until: Date,
    pub goals: &'a [GoalSeries],
}

/// Every goal's measurements from `since` to `until`. Outside git, a goal without a
/// metric file has only its value today.
pub fn goal_history(
    dir: &DirSource,
    ws: &crate::model::Workspace,
    rev: &str,
    since: Date,
    until: Date,
) -> Result<Vec<GoalSeries>, GitError> {
    let fc_due = |p: &crate::model::Project, g: &crate::model::Goal| {
        g.due.as_ref().or(p.due.as_ref()).map(|d| d.value)
    };
    // `current:` per project file and commit, oldest first, for goals without a source.
    let hand: Vec<(usize, usize)> = ws
        .projects
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| {
            p.goals
                .iter()
                .enumerate()
                .filter(|(_, g)| g.source.is_none())
                .map(move |(gi, _)| (pi, gi))
        })
        .collect();
    let mut written: std::collections::HashMap<(usize, usize), Vec<(Date, f64)>> =
        std::collections::HashMap::new();
    if !hand.is_empty()
        && let Ok(repo) = Repo::discover(dir.root())
    {
        let tip = repo.commit(rev)?;
        let line = history::first_parent_line(&repo, tip, dir.workspace_prefix())?;
        let local = repo.local();
        let prefix = dir.workspace_prefix();
        let mut last_blob: std::collections::HashMap<usize, gix::ObjectId> = Default::default();
        for c in &line {
            let Some(day) = crate::analyze::schedule::day_of(c.time) else {
                continue;
            };
            if day > until {
                break;
            }
            let Ok(tree) = local
                .find_commit(c.id)
                .map_err(|_| ())
                .and_then(|k| k.tree_id().map(gix::Id::detach).map_err(|_| ()))
            else {
                continue;
            };
            let mut projects: Vec<usize> = hand.iter().map(|(p, _)| *p).collect();
            projects.dedup();
            for pi in projects {
                let path = ws.path(ws.projects[pi].file);
                let full = if prefix.is_empty() {
                    path.to_owned()
                } else {
                    format!("{prefix}/{path}")
                };
                let Ok(Some((crate::load::git::EntryKind::Blob, blob))) =
                    repo.entry_at(&local, tree, &full)
                else {
                    continue;
                };
                if last_blob.insert(pi, blob) == Some(blob) {
                    continue;
                }
                let Ok(b) = local.find_blob(blob) else {
                    continue;
                };
                let Some(p) = crate::load::parse_project(&ws.config, path, &b.data) else {
                    continue;
                };
                for &(hp, gi) in hand.iter().filter(|(hp, _)| *hp == pi) {
                    let id = &ws.projects[hp].goals[gi].id.value;
                    let Some(v) = p
                        .goals
                        .iter()
                        .find(|g| g.id.value == *id)
                        .and_then(|g| g.current)
                    else {
                        continue;
                    };
                    let s = written.entry((hp, gi)).or_default();
                    match s.last_mut() {
                        Some(last) if last.1 == v => {}
                        Some(last) if last.0 == day => last.1 = v,
                        _ => s.push((day, v)),
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (pi, p) in ws.projects.iter().enumerate() {
        for (gi, g) in p.goals.iter().enumerate() {
            let (from, series): (&'static str, Vec<(Date, f64)>) = match &g.source {
                Some(_) => ("metric", g.series.clone()),
                None => {
                    let mut s = written.remove(&(pi, gi)).unwrap_or_default();
                    if s.is_empty()
                        && let Some(v) = g.current
                    {
                        s.push((until, v));
                    }
                    ("git", s)
                }
            };
            let progress =
                crate::analyze::schedule::GoalProgress::of(g, p.due.as_ref().map(|d| d.value));
            out.push(GoalSeries {
                project: p.id.value.clone(),
                id: g.id.value.clone(),
                title: g.title.clone(),
                unit: g.unit.clone(),
                baseline: g.baseline,
                target: g.target,
                due: fc_due(p, g),
                from,
                points: series
                    .into_iter()
                    .filter(|(d, _)| *d >= since && *d <= until)
                    .map(|(date, value)| GoalPoint { date, value })
                    .collect(),
                trend_per_week: progress.trend_per_week,
                reaches_target: progress.reaches_target,
                off_track: progress.off_track,
            });
        }
    }
    Ok(out)
}
