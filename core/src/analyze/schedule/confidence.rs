//! Forecasts with odds: evidence-based scheduling over the leveling forecast.
//!
//! **Evidence.** For each task that went from an active status to done in git, its actual
//! effort: `spent` when set, else the working hours (each assignee's calendar and
//! capacity) between the commit that first made it active and the one that made it
//! done, all assignees together. Its velocity is estimate ÷ actual; it counts for each of
//! its assignees. Velocities are clamped to [0.05, 20] (and the clamps counted).
//!
//! **Simulation.** Each sample divides every unfinished task's remaining work by a
//! velocity drawn for it (from its first assignee's evidence when they have at least
//! [`MIN_POINTS`] points, else from the team's pooled evidence when that has enough,
//! else from [`DEFAULT_MEDIAN`] and [`DEFAULT_SIGMA`], a log-normal spread) and places
//! the plan again with the same rules, order and calendars as the single forecast. The
//! P50, P85 and P95 of each milestone's and project's finish are the nearest-rank
//! quantiles of the samples. Samples draw from their own generator, seeded from the seed
//! and the sample's number, so the result does not depend on how they are spread over
//! threads.

use super::calendar::{Day, HORIZON_DAYS, Workdays, Worker, day_date};
use super::network::{Network, Standing};
use super::place::Placement;
use crate::analyze::history::Finished;
use crate::model::{StatusCategory, Workspace};
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Velocities are clamped to this range.
pub const CLAMP: (f64, f64) = (0.05, 20.0);
/// A person's own evidence is used from this many data points on.
pub const MIN_POINTS: usize = 5;
/// Without enough evidence: velocities are log-normal around this median (work takes
/// about 1.2 times its estimate)…
pub const DEFAULT_MEDIAN: f64 = 0.85;
/// …with this spread of the logarithm (a task in ten takes over twice its estimate).
pub const DEFAULT_SIGMA: f64 = 0.45;

/// One data point: a finished task and its velocity.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    pub task: String,
    pub velocity: f64,
    /// It was clamped into [`CLAMP`].
    pub clamped: bool,
    /// What the actual effort came from: `logged` (the time log), `spent` (the task's
    /// `spent:`), or `commits` (working hours from first active to done).
    pub actual: &'static str,
}

/// The evidence: velocities per person.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Evidence {
    pub people: BTreeMap<String, Vec<Point>>,
}

/// Working hours of `worker` between two instants (days count whole, the first and last
/// day by the share of it that is inside).
fn working_hours(
    worker: &Worker,
    cal: &Workdays,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> f64 {
    if to <= from {
        return 0.0;
    }
    let day_of = |t: jiff::Timestamp| -> (Day, f64) {
        let secs = t.as_second();
        let day = secs.div_euclid(86_400);
        let frac = secs.rem_euclid(86_400) as f64 / 86_400.0;
        (Day::try_from(day).unwrap_or(0), frac)
    };
    let (a, fa) = day_of(from);
    let (b, fb) = day_of(to);
    let b = b.min(a + HORIZON_DAYS);
    let mut hours = 0.0;
    for d in a..=b {
        let h = worker.hours(cal, d);
        if h == 0.0 {
            continue;
        }
        let share = match (d == a, d == b) {
            (true, true) => fb - fa,
            (true, false) => 1.0 - fa,
            (false, true) => fb,
            _ => 1.0,
        };
        hours += h * share;
    }
    hours
}

impl Evidence {
    /// The evidence in `finished` (from `history::analyze`), with the workspace's
    /// calendars and people. Tasks without an estimate, or with no actual effort, say
    /// nothing and are left out.
    pub fn from_history(ws: &Workspace, finished: &[Finished]) -> Evidence {
        let cal = Workdays::new(ws);
        let mut people: BTreeMap<String, Vec<Point>> = BTreeMap::new();
        // Logged hours are the best evidence of what work took (FogBugz's EBS used
        // timesheets); commit times only when a task has none.
        let mut logged: std::collections::HashMap<&str, f64> = std::collections::HashMap::new();
        for e in &ws.time {
            *logged.entry(e.task.as_str()).or_default() += e.hours;
        }
        for f in finished {
            let Some(estimate) = f.estimate_hours.filter(|e| *e > 0.0) else {
                continue;
            };
            if f.assignees.is_empty() {
                continue;
            }
            let (actual, basis) = match (
                logged.get(f.id.as_str()).copied().filter(|h| *h > 0.0),
                f.spent_hours.filter(|s| *s > 0.0),
            ) {
                (Some(h), _) => (h, "logged"),
                (None, Some(s)) => (s, "spent"),
                (None, None) => (
                    f.assignees
                        .iter()
                        .map(|a| {
                            let worker = ws.config.person(a).map_or_else(
                                || Worker::full_time(&cal),
                                |p| Worker::person(&cal, p),
                            );
                            working_hours(&worker, &cal, f.active_at, f.done_at)
                        })
                        .sum(),
                    "commits",
                ),
            };
            if actual <= 0.0 {
                continue;
            }
            let raw = estimate / actual;
            let v = raw.clamp(CLAMP.0, CLAMP.1);
            for a in &f.assignees {
                people.entry(a.clone()).or_default().push(Point {
                    task: f.id.clone(),
                    velocity: v,
                    clamped: v != raw,
                    actual: basis,
                });
            }
        }
        Evidence { people }
    }

    /// Every data point of the team (a task with two assignees counts twice, as it did
    /// for each).
    pub fn pooled(&self) -> Vec<f64> {
        self.people
            .values()
            .flat_map(|v| v.iter().map(|p| p.velocity))
            .collect()
    }
}

/// One person's velocities, for `history --velocity`.
#[derive(Clone, Debug, Serialize)]
pub struct VelocitySummary {
    pub person: String,
    pub tasks: usize,
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
    /// The task with the lowest and the highest velocity.
    pub slowest: String,
    pub fastest: String,
    pub clamped: usize,
    /// Data points whose actual effort came from the time log (the rest: `spent:` or
    /// commit times).
    pub logged: usize,
}

/// Nearest-rank quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Per person (and `team` for everyone together): data points, median and p10/p90
/// velocity, and the tasks behind the extremes.
pub fn summaries(e: &Evidence) -> Vec<VelocitySummary> {
    let mut out: Vec<VelocitySummary> = Vec::new();
    let mut all: Vec<&Point> = Vec::new();
    let summarize = |person: &str, pts: &[&Point]| -> Option<VelocitySummary> {
        let mut v: Vec<&Point> = pts.to_vec();
        if v.is_empty() {
            return None;
        }
        v.sort_by(|a, b| a.velocity.total_cmp(&b.velocity).then(a.task.cmp(&b.task)));
        let vals: Vec<f64> = v.iter().map(|p| p.velocity).collect();
        Some(VelocitySummary {
            person: person.to_owned(),
            tasks: v.len(),
            median: round2(quantile(&vals, 0.5)),
            p10: round2(quantile(&vals, 0.1)),
            p90: round2(quantile(&vals, 0.9)),
            slowest: v[0].task.clone(),
            fastest: v[v.len() - 1].task.clone(),
            clamped: v.iter().filter(|p| p.clamped).count(),
            logged: v.iter().filter(|p| p.actual == "logged").count(),
        })
    };
    for (person, pts) in &e.people {
        let refs: Vec<&Point> = pts.iter().collect();
        all.extend(refs.iter().copied());
        out.extend(summarize(person, &refs));
    }
    out.extend(summarize("team", &all));
    out
}

/// Where the velocities of a simulation came from.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Every assignee had their own evidence (unassigned work draws from the team's).
    Own,
    /// Some drew from the team's pooled history.
    Pooled,
    /// Not enough history: the default log-normal spread.
    Default,
}

/// A milestone's or project's finish at three confidences; `None` when it has no open
/// work, or in at least that share of samples it never finishes.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Quantiles {
    pub p50: Option<Date>,
    pub p85: Option<Date>,
    pub p95: Option<Date>,
}

impl Quantiles {
    /// The date at `percent` (50, 85 or 95; others read from the nearest of those, or
    /// from the samples when kept).
    pub fn at(&self, percent: u8) -> Option<Date> {
        match percent {
            0..=67 => self.p50,
            68..=90 => self.p85,
            _ => self.p95,
        }
    }
}

/// The result of a simulation.
#[derive(Clone, Debug, Serialize)]
pub struct Confidence {
    pub samples: u32,
    pub seed: u64,
    pub basis: Basis,
    /// People who drew from the pooled history or the default spread.
    pub thin_evidence: Vec<String>,
    /// In the order of `Forecast::milestones` and `Forecast::projects`.
    pub milestones: Vec<Quantiles>,
    pub projects: Vec<Quantiles>,
    /// A milestone's or project's own percentage (`forecast.confidence`), when not 50, 85
    /// or 95: the date at it.
    #[serde(skip)]
    pub custom: Option<Custom>,
}

/// The dates at `forecast.confidence`'s own percentage: `(percent, per milestone, per
/// project)`.
pub type Custom = (u8, Vec<Option<Date>>, Vec<Option<Date>>);

impl Confidence {
    /// The date a milestone meets with `percent` odds.
    pub fn milestone_at(&self, k: usize, percent: u8) -> Option<Date> {
        match &self.custom {
            Some((p, m, _)) if *p == percent => m.get(k).copied().flatten(),
            _ => self.milestones.get(k).and_then(|q| q.at(percent)),
        }
    }

    pub fn project_at(&self, k: usize, percent: u8) -> Option<Date> {
        match &self.custom {
            Some((p, _, pr)) if *p == percent => pr.get(k).copied().flatten(),
            _ => self.projects.get(k).and_then(|q| q.at(percent)),
        }
    }
}

/// SplitMix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn index(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// A standard normal value (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// A seed from the workspace's content and today: the same files and day give the same
/// samples.
pub fn default_seed(ws: &Workspace, today: Date) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in &ws.files {
        eat(f.path.as_bytes());
        eat(f.text.as_bytes());
    }
    eat(today.to_string().as_bytes());
    h
}

/// Where each worker draws velocities from.
enum Draw {
    From(std::sync::Arc<[f64]>),
    Default,
}

/// Runs the simulation: `samples` placements of the plan with drawn velocities.
pub fn simulate(
    ws: &Workspace,
    today: Date,
    evidence: &Evidence,
    samples: u32,
    seed: u64,
    custom: Option<u8>,
) -> Confidence {
    let net = Network::new(ws, today);
    let pooled: std::sync::Arc<[f64]> = evidence.pooled().into();
    let mut thin = Vec::new();
    let mut basis = Basis::Own;
    // Only those who draw (the first worker of a task with work left) say what the
    // simulation stands on.
    let mut draws_for = vec![false; net.worker_names.len()];
    for (i, ws_) in net.task_workers.iter().enumerate() {
        if net.standing[i] == Standing::Leaf
            && net.work[i] > 0.0
            && let Some(&w) = ws_.first()
            && let Some(d) = draws_for.get_mut(w)
        {
            *d = true;
        }
    }
    let draws: Vec<Draw> = net
        .worker_names
        .iter()
        .enumerate()
        .map(|(w, name)| {
            let own = evidence.people.get(name);
            // A person: declared, or an assignee id that is not declared (still someone,
            // with only the evidence their own finished tasks give); not the stand-in of
            // an unassigned task, whose work is the team's.
            let is_person = w < ws.config.people.len() || !name.starts_with('(');
            if !draws_for[w] {
                return Draw::Default;
            }
            match own {
                Some(v) if v.len() >= MIN_POINTS => {
                    Draw::From(v.iter().map(|p| p.velocity).collect::<Vec<_>>().into())
                }
                _ => {
                    if is_person {
                        thin.push(name.clone());
                    }
                    if pooled.len() >= MIN_POINTS {
                        // Unassigned work is the team's: drawing from the team's history
                        // is its own evidence, not a fallback.
                        if basis == Basis::Own && is_person {
                            basis = Basis::Pooled;
                        }
                        Draw::From(pooled.clone())
                    } else {
                        basis = Basis::Default;
                        Draw::Default
                    }
                }
            }
        })
        .collect();
    let (by_project, by_milestone) = super::rollup::members(ws);
    let open =
        |i: usize| !super::plan_category(ws, &ws.tasks[i]).is_some_and(StatusCategory::is_finished);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for p in &ws.projects {
        for m in &p.milestones {
            groups.push(
                by_milestone
                    .get(&(p.id.as_str(), m.id.as_str()))
                    .cloned()
                    .unwrap_or_default(),
            );
        }
    }
    let n_milestones = groups.len();
    for p in &ws.projects {
        groups.push(by_project.get(p.id.as_str()).cloned().unwrap_or_default());
    }
    let has_open: Vec<bool> = groups.iter().map(|g| g.iter().any(|&i| open(i))).collect();
    let samples = samples.max(1);
    // Each sample's finish day per group (`Day::MAX`: never).
    let finishes: Vec<Vec<Day>> = (0..samples)
        .into_par_iter()
        .map_init(
            || (Placement::default(), vec![0.0; net.work.len()]),
            |(placement, work), s| {
                let mut rng = Rng(seed ^ u64::from(s).wrapping_mul(0xd1b5_4a32_d192_ed03));
                for (i, w) in work.iter_mut().enumerate() {
                    *w = net.work[i];
                    if net.standing[i] != Standing::Leaf || *w <= 0.0 {
                        continue;
                    }
                    let first = net.task_workers[i].first().copied().unwrap_or(0);
                    let v = match draws.get(first) {
                        Some(Draw::From(pool)) => pool[rng.index(pool.len())],
                        _ => (DEFAULT_MEDIAN.ln() + DEFAULT_SIGMA * rng.normal()).exp(),
                    };
                    // To the minute: commit times are evidence to the minute at best,
                    // and a task seconds over a day boundary must not spill a day.
                    *w = (*w / v.clamp(CLAMP.0, CLAMP.1) * 60.0).round().max(1.0) / 60.0;
                }
                placement.run(&net, work, false);
                groups
                    .iter()
                    .map(|g| {
                        let mut latest: Day = Day::MIN;
                        for &i in g {
                            match &placement.slots[i] {
                                Some(slot) if slot.never => return Day::MAX,
                                Some(slot) => latest = latest.max(slot.finish.day),
                                None => {}
                            }
                        }
                        latest
                    })
                    .collect()
            },
        )
        .collect();
    let at = |g: usize, q: f64| -> Option<Date> {
        if !has_open[g] {
            return None;
        }
        let mut days: Vec<Day> = finishes.iter().map(|f| f[g]).collect();
        days.sort_unstable();
        let d = quantile_day(&days, q);
        (d != Day::MAX && d != Day::MIN).then(|| day_date(d))
    };
    let quantiles = |g: usize| Quantiles {
        p50: at(g, 0.5),
        p85: at(g, 0.85),
        p95: at(g, 0.95),
    };
    let milestones: Vec<Quantiles> = (0..n_milestones).map(quantiles).collect();
    let projects: Vec<Quantiles> = (n_milestones..groups.len()).map(quantiles).collect();
    let custom = custom.filter(|p| ![50, 85, 95].contains(p)).map(|p| {
        let q = f64::from(p) / 100.0;
        (
            p,
            (0..n_milestones).map(|g| at(g, q)).collect(),
            (n_milestones..groups.len()).map(|g| at(g, q)).collect(),
        )
    });
    Confidence {
        samples,
        seed,
        basis,
        thin_evidence: thin,
        milestones,
        projects,
        custom,
    }
}

fn quantile_day(sorted: &[Day], q: f64) -> Day {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_uniform_enough_and_repeatable() {
        let mut a = Rng(7);
        let mut b = Rng(7);
        let xs: Vec<f64> = (0..10_000).map(|_| a.unit()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 0.5).abs() < 0.02, "{mean}");
        assert_eq!(b.unit(), xs[0]);
        let mut c = Rng(11);
        let picks: Vec<usize> = (0..3000).map(|_| c.index(3)).collect();
        for k in 0..3 {
            let n = picks.iter().filter(|&&p| p == k).count();
            assert!((900..1100).contains(&n), "{k}: {n}");
        }
    }

    #[test]
    fn nearest_rank() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.5), 2.0);
        assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.85), 3.0);
        assert_eq!(quantile(&[0.5, 1.0, 2.0], 0.1), 0.5);
    }
}
