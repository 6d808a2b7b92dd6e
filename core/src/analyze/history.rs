//! Trends from git history: burn-up, cumulative flow, throughput, cycle and lead time and
//! aging work in progress, from the first-parent history of one revision.
//!
//! Incremental: each commit's `tasks/` tree is compared with its parent's, descending only
//! into subtrees whose ids differ, and only the blobs that changed are parsed; each blob id
//! is parsed at most once. Dates are commit times (committer date), so the trends are
//! evidence of when files changed, not what people typed.

use crate::load::git::{EntryKind, GitError, Repo};
use crate::model::{Config, StatusCategory};
use gix::ObjectId;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The most intervals one report holds (about 10 years of days).
pub const MAX_INTERVALS: usize = 3_660;

/// What history needs of one task file.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskState {
    pub id: String,
    pub title: String,
    pub status: String,
    pub estimate_hours: Option<f64>,
    pub spent_hours: Option<f64>,
    pub assignees: Vec<String>,
    pub project: Option<String>,
}

/// A task that went from an active status (or with `spent`) to done, as the evidence of how long work
/// takes against its estimate.
#[derive(Clone, Debug, Serialize)]
pub struct Finished {
    pub id: String,
    pub estimate_hours: Option<f64>,
    pub spent_hours: Option<f64>,
    pub assignees: Vec<String>,
    /// The commit that first made it active, and the one that made it done.
    pub active_at: Timestamp,
    pub done_at: Timestamp,
}

/// One commit of the first-parent line, oldest first.
#[derive(Clone, Debug)]
pub struct CommitPoint {
    pub id: ObjectId,
    pub time: Timestamp,
    /// The workspace's `tasks` tree in this commit, if there is one.
    pub tasks_tree: Option<ObjectId>,
}

/// Reads the id, title, status and estimate of a task file, as the loader reads them;
/// `None` when it is not a task file cairn can read (those are `check`'s business, not
/// history's).
pub fn task_state(path: &str, bytes: &[u8], config: &Config) -> Option<TaskState> {
    let t = crate::load::parse_task(config, &format!("tasks/{path}"), bytes)?;
    Some(TaskState {
        id: t.id.value,
        title: t.title,
        status: t.status.value,
        estimate_hours: t.estimate_hours,
        spent_hours: t.spent_hours,
        assignees: t.assignees.into_iter().map(|a| a.value).collect(),
        project: t.project.map(|p| p.value),
    })
}

/// The first-parent line of `tip`, oldest first, with each commit's tasks tree.
pub fn first_parent_line(
    repo: &Repo,
    tip: ObjectId,
    prefix: &str,
) -> Result<Vec<CommitPoint>, GitError> {
    let local = repo.local();
    let tasks_path = if prefix.is_empty() {
        "tasks".to_owned()
    } else {
        format!("{prefix}/tasks")
    };
    let mut out = Vec::new();
    let mut cur = Some(tip);
    let err = |e: &dyn std::fmt::Display| GitError {
        message: format!("cannot walk the history ({e})"),
        hint: Some(
            "in a shallow clone, fetch the full history (`fetch-depth: 0` with actions/checkout)"
                .into(),
        ),
    };
    while let Some(id) = cur {
        let commit = match local.find_commit(id) {
            Ok(c) => c,
            // The edge of a shallow clone: the history stops here.
            Err(_) if !out.is_empty() => break,
            Err(e) => return Err(err(&e)),
        };
        let time = commit
            .time()
            .ok()
            .and_then(|t| Timestamp::from_second(t.seconds).ok())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let tree = commit.tree_id().map_err(|e| err(&e))?.detach();
        let tasks_tree = match repo.entry_at(&local, tree, &tasks_path)? {
            Some((EntryKind::Tree, t)) => Some(t),
            _ => None,
        };
        out.push(CommitPoint {
            id,
            time,
            tasks_tree,
        });
        cur = commit.parent_ids().next().map(gix::Id::detach);
    }
    out.reverse();
    Ok(out)
}

/// Raw tree objects by id, so the tree a commit shares with its parent is inflated once.
#[derive(Default)]
pub struct TreeCache {
    trees: HashMap<ObjectId, std::rc::Rc<Vec<u8>>>,
}

impl TreeCache {
    /// Most trees are needed again only by the next commit; bound the memory.
    const MAX: usize = 512;

    fn get(
        &mut self,
        local: &gix::Repository,
        id: ObjectId,
    ) -> Result<std::rc::Rc<Vec<u8>>, GitError> {
        if let Some(t) = self.trees.get(&id) {
            return Ok(t.clone());
        }
        let tree = local.find_tree(id).map_err(|e| GitError {
            message: format!("cannot read tree {id} ({e})"),
            hint: None,
        })?;
        // Copied, so gix keeps its decode buffer for the next object (detaching it made
        // every decode allocate and fault in fresh pages).
        let data = std::rc::Rc::new(tree.data.to_vec());
        if self.trees.len() >= Self::MAX {
            self.trees.clear();
        }
        self.trees.insert(id, data.clone());
        Ok(data)
    }
}

type Entry<'a> = (&'a [u8], EntryKind, ObjectId);

fn entries(data: &[u8]) -> Vec<Entry<'_>> {
    gix::objs::TreeRefIter::from_bytes(data, gix::hash::Kind::Sha1)
        .filter_map(Result::ok)
        .map(|e| (e.filename.as_ref(), EntryKind::of(e.mode), e.oid.to_owned()))
        .collect()
}

/// Git's tree order: names compare as if a tree's name ended with `/`.
fn git_order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let suffix = |e: &Entry| {
        if e.1 == EntryKind::Tree {
            Some(b'/')
        } else {
            None
        }
    };
    let (x, y) = (a.0, b.0);
    let n = x.len().min(y.len());
    x[..n].cmp(&y[..n]).then_with(|| {
        let cx = x.get(n).copied().or(suffix(a));
        let cy = y.get(n).copied().or(suffix(b));
        cx.cmp(&cy)
    })
}

/// Blobs under two versions of a tree that differ: `(path, old, new)`. Walks both sorted
/// entry lists together and descends only into subtrees whose ids differ.
pub fn diff_trees(
    cache: &mut TreeCache,
    local: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    out: &mut Vec<(String, Option<ObjectId>, Option<ObjectId>)>,
) -> Result<(), GitError> {
    let mut stack = vec![(String::new(), old, new)];
    while let Some((dir, a, b)) = stack.pop() {
        if a == b {
            continue;
        }
        let da = match a {
            Some(t) => Some(cache.get(local, t)?),
            None => None,
        };
        let db = match b {
            Some(t) => Some(cache.get(local, t)?),
            None => None,
        };
        let ea = da.as_deref().map(|d| entries(d)).unwrap_or_default();
        let eb = db.as_deref().map(|d| entries(d)).unwrap_or_default();
        let (mut i, mut j) = (0, 0);
        while i < ea.len() || j < eb.len() {
            let (x, y) = match (ea.get(i), eb.get(j)) {
                (Some(x), Some(y)) => match git_order(x, y) {
                    std::cmp::Ordering::Less => (Some(x), None),
                    std::cmp::Ordering::Greater => (None, Some(y)),
                    std::cmp::Ordering::Equal => (Some(x), Some(y)),
                },
                (x, y) => (x, y),
            };
            if x.is_some() {
                i += 1;
            }
            if y.is_some() {
                j += 1;
            }
            if let (Some(x), Some(y)) = (x, y)
                && x.1 == y.1
                && x.2 == y.2
            {
                continue;
            }
            let name = x.or(y).map(|e| e.0).unwrap_or_default();
            if name.starts_with(b".") || name.starts_with(b"_") {
                continue;
            }
            let name = String::from_utf8_lossy(name);
            let path = if dir.is_empty() {
                name.into_owned()
            } else {
                format!("{dir}/{name}")
            };
            let of = |e: Option<&Entry>, k: EntryKind| e.filter(|e| e.1 == k).map(|e| e.2);
            let (ta, tb) = (of(x, EntryKind::Tree), of(y, EntryKind::Tree));
            if ta.is_some() || tb.is_some() {
                stack.push((path.clone(), ta, tb));
            }
            let (ba, bb) = (of(x, EntryKind::Blob), of(y, EntryKind::Blob));
            if (ba.is_some() || bb.is_some()) && path.ends_with(".md") {
                out.push((path, ba, bb));
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
}

/// One interval's end-of-interval state.
#[derive(Clone, Debug, Serialize)]
pub struct IntervalPoint {
    /// The last day of the interval.
    pub end: jiff::civil::Date,
    /// Tasks that exist and are not cancelled, and their estimate hours.
    pub scope_count: usize,
    pub scope_hours: f64,
    /// Of those, tasks in a `done` status.
    pub done_count: usize,
    pub done_hours: f64,
    /// Tasks that entered a `done` status during the interval.
    pub throughput: usize,
    /// Tasks per status at the end of the interval (cumulative flow).
    pub by_status: BTreeMap<String, usize>,
    /// Per project (`""` without one): `[scope_count, done_count]`.
    pub by_project: BTreeMap<String, [usize; 2]>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Duration {
    pub id: String,
    pub days: f64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Percentiles {
    pub count: usize,
    pub p50_days: Option<f64>,
    pub p85_days: Option<f64>,
    pub max_days: Option<f64>,
    /// The slowest tasks, slowest first (at most five).
    pub slowest: Vec<Duration>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Aging {
    pub id: String,
    pub title: String,
    pub status: String,
    /// Days since it first entered an active status.
    pub active_days: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct History {
    pub since: jiff::civil::Date,
    pub until: jiff::civil::Date,
    pub interval: Interval,
    pub commits: usize,
    /// Statuses in workflow order, as columns of `by_status`.
    pub statuses: Vec<String>,
    pub intervals: Vec<IntervalPoint>,
    /// First entering an active status to done, for tasks done in the period.
    pub cycle_time: Percentiles,
    /// First seen in git to done, for tasks done in the period.
    pub lead_time: Percentiles,
    /// Tasks active at the end of the period, oldest first.
    pub aging: Vec<Aging>,
    /// Tasks finished in the period, per project (`""` for tasks without one).
    pub done_by_project: BTreeMap<String, usize>,
    /// Blobs parsed (each at most once).
    pub blobs_parsed: usize,
    /// Every task that went from active to done in the history read (before `since`
    /// too), in the order they finished: the evidence for velocities.
    #[serde(skip)]
    pub finished: Vec<Finished>,
    /// When each task was last marked done (still done at the end of the history).
    #[serde(skip)]
    pub done_at: HashMap<String, Timestamp>,
}

#[derive(Default, Clone)]
struct Life {
    first_seen: Option<Timestamp>,
    first_active: Option<Timestamp>,
    done_at: Option<Timestamp>,
}

fn days(a: Timestamp, b: Timestamp) -> f64 {
    (b.as_second() - a.as_second()) as f64 / 86_400.0
}

fn percentiles(mut v: Vec<Duration>) -> Percentiles {
    if v.is_empty() {
        return Percentiles::default();
    }
    v.sort_by(|a, b| {
        a.days
            .total_cmp(&b.days)
            .then((a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)))
    });
    let at = |q: f64| {
        // Nearest rank.
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        round1(v[rank - 1].days)
    };
    let p50 = at(0.5);
    let p85 = at(0.85);
    let max = round1(v[v.len() - 1].days);
    let slowest = v
        .iter()
        .rev()
        .take(5)
        .map(|d| Duration {
            id: d.id.clone(),
            days: round1(d.days),
        })
        .collect();
    Percentiles {
        count: v.len(),
        p50_days: Some(p50),
        p85_days: Some(p85),
        max_days: Some(max),
        slowest,
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The end of each interval in `[since, until]`: every day, or every Sunday (ISO weeks)
/// and `until` itself.
fn interval_ends(
    since: jiff::civil::Date,
    until: jiff::civil::Date,
    interval: Interval,
) -> Vec<jiff::civil::Date> {
    let mut out = Vec::new();
    let mut d = since;
    while d <= until && out.len() <= MAX_INTERVALS {
        let last = match interval {
            Interval::Day => true,
            Interval::Week => d.weekday() == jiff::civil::Weekday::Sunday,
        };
        if last || d == until {
            out.push(d);
        }
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

/// Replays the commits, oldest first, and measures. `config` (the tip's) gives the
/// workflow's categories and the hours in a day. `read` returns a blob's bytes.
pub fn analyze(
    repo: &Repo,
    commits: &[CommitPoint],
    config: &Config,
    since: jiff::civil::Date,
    until: jiff::civil::Date,
    interval: Interval,
) -> Result<History, GitError> {
    let local = repo.local();
    let category = |status: &str| config.status_category(status);
    let ends = interval_ends(since, until, interval);
    if ends.len() > MAX_INTERVALS {
        return Err(GitError {
            message: format!(
                "{} intervals from {since} to {until} is more than {MAX_INTERVALS}",
                ends.len()
            ),
            hint: Some("use a shorter range, or --interval week".into()),
        });
    }
    // The instant each interval ends: the start of the next day, UTC.
    let midnight = |d: jiff::civil::Date| {
        Timestamp::from_second(i64::from(crate::analyze::schedule::day_number(d)) * 86_400)
            .unwrap_or(Timestamp::MAX)
    };
    let end_instant =
        |d: jiff::civil::Date| -> Timestamp { d.tomorrow().map_or(Timestamp::MAX, midnight) };
    let start_instant = midnight(since);

    let mut parsed: HashMap<ObjectId, Option<TaskState>> = HashMap::new();
    let mut files: HashMap<String, TaskState> = HashMap::new();
    let mut lives: HashMap<String, Life> = HashMap::new();
    let mut prev_tree: Option<ObjectId> = None;
    let mut trees = TreeCache::default();
    let mut changes = Vec::new();
    let mut points = Vec::new();
    let mut next_end = 0;
    let mut done_in_interval = 0usize;
    let mut done_events: Vec<(String, Timestamp)> = Vec::new();
    let mut done_by_project: BTreeMap<String, usize> = BTreeMap::new();
    let mut finished: Vec<Finished> = Vec::new();
    let mut finished_at: HashMap<String, usize> = HashMap::new();

    let snapshot = |files: &HashMap<String, TaskState>, end: jiff::civil::Date, throughput| {
        let mut p = IntervalPoint {
            end,
            scope_count: 0,
            scope_hours: 0.0,
            done_count: 0,
            done_hours: 0.0,
            throughput,
            by_project: BTreeMap::new(),
            by_status: config
                .statuses
                .iter()
                .map(|(s, _)| (s.clone(), 0))
                .collect(),
        };
        for t in files.values() {
            *p.by_status.entry(t.status.clone()).or_default() += 1;
            let cat = category(&t.status);
            if cat == Some(StatusCategory::Cancelled) {
                continue;
            }
            let h = t.estimate_hours.unwrap_or(config.default_estimate_hours);
            p.scope_count += 1;
            p.scope_hours += h;
            let per = p
                .by_project
                .entry(t.project.clone().unwrap_or_default())
                .or_default();
            per[0] += 1;
            if cat == Some(StatusCategory::Done) {
                p.done_count += 1;
                p.done_hours += h;
                per[1] += 1;
            }
        }
        p.scope_hours = crate::analyze::schedule::round2(p.scope_hours);
        p.done_hours = crate::analyze::schedule::round2(p.done_hours);
        p
    };

    for c in commits {
        // Close every interval that ended before this commit.
        while next_end < ends.len() && c.time >= end_instant(ends[next_end]) {
            points.push(snapshot(&files, ends[next_end], done_in_interval));
            done_in_interval = 0;
            next_end += 1;
        }
        if next_end >= ends.len() {
            break;
        }
        if c.tasks_tree == prev_tree {
            continue;
        }
        changes.clear();
        diff_trees(&mut trees, &local, prev_tree, c.tasks_tree, &mut changes)?;
        prev_tree = c.tasks_tree;
        for (path, _, new) in changes.drain(..) {
            let state = match new {
                None => None,
                Some(blob) => parsed
                    .entry(blob)
                    .or_insert_with(|| {
                        // A huge blob is not inflated, let alone parsed.
                        local
                            .find_header(blob)
                            .ok()
                            .filter(|h| h.size() <= crate::load::source::MAX_FILE_BYTES)
                            .and_then(|_| local.find_blob(blob).ok())
                            .and_then(|b| task_state(&path, &b.data, config))
                    })
                    .clone(),
            };
            let Some(state) = state else {
                files.remove(&path);
                continue;
            };
            let life = lives.entry(state.id.clone()).or_default();
            // A task that first appears already done was imported, not finished here.
            let seen_before = life.first_seen.is_some();
            life.first_seen.get_or_insert(c.time);
            let cat = category(&state.status);
            if cat == Some(StatusCategory::Active) {
                life.first_active.get_or_insert(c.time);
            }
            let was_done = life.done_at.is_some();
            if cat == Some(StatusCategory::Done) {
                if !was_done {
                    life.done_at = Some(c.time);
                    // Evidence needs the time it was worked on, or `spent`; a task done
                    // again after a reopen replaces its earlier finish.
                    let spent = state.spent_hours.is_some_and(|h| h > 0.0);
                    if let Some(a) = life.first_active.or(spent.then_some(c.time)) {
                        let f = Finished {
                            id: state.id.clone(),
                            estimate_hours: state.estimate_hours,
                            spent_hours: state.spent_hours,
                            assignees: state.assignees.clone(),
                            active_at: a,
                            done_at: c.time,
                        };
                        match finished_at.get(&state.id) {
                            Some(&k) => finished[k] = f,
                            None => {
                                finished_at.insert(state.id.clone(), finished.len());
                                finished.push(f);
                            }
                        }
                    }
                    if c.time >= start_instant && seen_before {
                        done_in_interval += 1;
                        done_events.push((state.id.clone(), c.time));
                        *done_by_project
                            .entry(state.project.clone().unwrap_or_default())
                            .or_default() += 1;
                    }
                }
            } else {
                life.done_at = None;
            }
            files.insert(path, state);
        }
    }
    while next_end < ends.len() {
        points.push(snapshot(&files, ends[next_end], done_in_interval));
        done_in_interval = 0;
        next_end += 1;
    }

    // Cycle and lead time of the tasks that are done at the end and were done in the period.
    let period_end = end_instant(until);
    let (mut cycle, mut lead) = (Vec::new(), Vec::new());
    let mut seen = std::collections::HashSet::new();
    for (id, at) in done_events.iter().rev() {
        if *at >= period_end || !seen.insert(id.clone()) {
            continue;
        }
        let Some(life) = lives.get(id) else { continue };
        if life.done_at != Some(*at) {
            continue; // reopened since
        }
        if let Some(a) = life.first_active {
            cycle.push(Duration {
                id: id.clone(),
                days: days(a, *at),
            });
        }
        if let Some(s) = life.first_seen {
            lead.push(Duration {
                id: id.clone(),
                days: days(s, *at),
            });
        }
    }
    let mut aging: Vec<Aging> = files
        .values()
        .filter(|t| category(&t.status) == Some(StatusCategory::Active))
        .filter_map(|t| {
            let life = lives.get(&t.id)?;
            Some(Aging {
                id: t.id.clone(),
                title: t.title.clone(),
                status: t.status.clone(),
                active_days: round1(days(life.first_active?, period_end)),
            })
        })
        .collect();
    // Ties by id number: T-9 before T-42.
    aging.sort_by(|a, b| {
        b.active_days
            .total_cmp(&a.active_days)
            .then((a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)))
    });
    aging.dedup_by(|a, b| a.id == b.id);
    Ok(History {
        since,
        until,
        interval,
        commits: commits.len(),
        statuses: config.statuses.iter().map(|(s, _)| s.clone()).collect(),
        intervals: points,
        cycle_time: percentiles(cycle),
        lead_time: percentiles(lead),
        aging,
        done_by_project,
        blobs_parsed: parsed.len(),
        finished,
        done_at: lives
            .iter()
            .filter_map(|(id, l)| Some((id.clone(), l.done_at?)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<Duration> = [1.0, 2.0, 3.0, 4.0, 10.0]
            .iter()
            .enumerate()
            .map(|(i, &d)| Duration {
                id: format!("T-{i}"),
                days: d,
            })
            .collect();
        let p = percentiles(v);
        assert_eq!(p.p50_days, Some(3.0));
        assert_eq!(p.p85_days, Some(10.0));
        assert_eq!(p.max_days, Some(10.0));
        assert_eq!(p.slowest[0].id, "T-4");
    }

    #[test]
    fn weekly_intervals_end_on_sundays_and_at_until() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().expect("date");
        let ends = interval_ends(d("2026-11-01"), d("2026-11-18"), Interval::Week);
        assert_eq!(
            ends,
            [
                d("2026-11-01"),
                d("2026-11-08"),
                d("2026-11-15"),
                d("2026-11-18")
            ]
        );
    }

    #[test]
    fn task_state_reads_the_few_fields_history_needs() {
        let config = Config::default();
        let s = task_state(
            "T-3-three.md",
            b"---\nid: T-3\ntitle: Three\nstatus: doing\nestimate: 2d\n---\nbody\n",
            &config,
        )
        .expect("a task");
        assert_eq!(s.id, "T-3");
        assert_eq!(s.status, "doing");
        assert_eq!(s.estimate_hours, Some(16.0));
        assert_eq!(s.project, None);
        assert!(task_state("x.md", b"no front matter", &config).is_none());
        assert!(task_state("x.md", b"---\n: [\n---\n", &config).is_none());
    }
}
