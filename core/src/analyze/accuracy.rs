//! How good the forecast has been: for milestones that have finished, what the forecast
//! said at each earlier weekly snapshot, against when they did finish. Pure: the caller
//! loads the snapshots and runs the forecasts (`ops::trends::backtest`).

use jiff::civil::Date;
use serde::Serialize;

/// What one snapshot said about one milestone that has since finished.
#[derive(Clone, Debug, Serialize)]
pub struct Observation {
    /// The day of the snapshot (the forecast's today).
    pub at: Date,
    pub project: String,
    pub milestone: String,
    /// The single forecast at the time; `None` when it never finished.
    pub forecast: Option<Date>,
    /// The date met with 85% odds at the time, when the history was enough to say.
    pub p85: Option<Date>,
    /// When it finished: the day its last task was marked done.
    pub actual: Date,
    /// Working days from the forecast to the actual finish: positive when it finished
    /// later than forecast.
    pub error_days: Option<i32>,
    /// Weeks from the snapshot to the actual finish.
    pub horizon_weeks: f64,
    /// The critical chain at the time.
    pub critical_chain: Vec<String>,
}

/// The errors of the forecasts made some time before the finish.
#[derive(Clone, Debug, Serialize)]
pub struct Horizon {
    /// `1w`, `2w`, `4w`, `8w` or `8w+`: at most that many weeks before the finish.
    pub horizon: &'static str,
    pub forecasts: usize,
    /// Mean of the absolute errors, in working days.
    pub mean_abs_error: Option<f64>,
    /// Mean of the errors: positive means finishes come later than forecast (optimism).
    pub mean_error: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Accuracy {
    pub since: Date,
    pub until: Date,
    pub snapshots: usize,
    pub milestones: usize,
    pub horizons: Vec<Horizon>,
    /// Forecasts with a P85 date, and the share of them finished by it (near 0.85 is
    /// honest).
    pub with_p85: usize,
    pub p85_hit_rate: Option<f64>,
    /// How many distinct milestones those P85 forecasts are of: the sample the hit rate
    /// rests on.
    pub p85_milestones: usize,
    /// Whether that is enough to judge the calibration by ([`MIN_MILESTONES`] or more).
    pub enough_to_judge: bool,
    /// The largest misses, worst first (at most five).
    pub worst: Vec<Observation>,
    pub observations: Vec<Observation>,
}

/// Below this many distinct milestones, a P85 hit rate says nothing about calibration:
/// seven forecasts of one milestone are one outcome, not seven.
pub const MIN_MILESTONES: usize = 5;

const BUCKETS: [(&str, f64); 5] = [
    ("1w", 1.0),
    ("2w", 2.0),
    ("4w", 4.0),
    ("8w", 8.0),
    ("8w+", f64::INFINITY),
];

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Summarises the observations.
pub fn summarize(
    since: Date,
    until: Date,
    snapshots: usize,
    mut observations: Vec<Observation>,
) -> Accuracy {
    observations.sort_by(|a, b| {
        (a.project.as_str(), a.milestone.as_str(), a.at).cmp(&(
            b.project.as_str(),
            b.milestone.as_str(),
            b.at,
        ))
    });
    let mut milestones: Vec<(&str, &str)> = observations
        .iter()
        .map(|o| (o.project.as_str(), o.milestone.as_str()))
        .collect();
    milestones.dedup();
    let mut horizons = Vec::new();
    let mut lower = 0.0;
    for (name, upper) in BUCKETS {
        let errs: Vec<f64> = observations
            .iter()
            .filter(|o| o.horizon_weeks > lower && o.horizon_weeks <= upper)
            .filter_map(|o| o.error_days.map(f64::from))
            .collect();
        let n = errs.len();
        horizons.push(Horizon {
            horizon: name,
            forecasts: n,
            mean_abs_error: (n > 0)
                .then(|| round2(errs.iter().map(|e| e.abs()).sum::<f64>() / n as f64)),
            mean_error: (n > 0).then(|| round2(errs.iter().sum::<f64>() / n as f64)),
        });
        lower = upper;
    }
    let with: Vec<&Observation> = observations.iter().filter(|o| o.p85.is_some()).collect();
    let mut p85_milestones: Vec<(&str, &str)> = with
        .iter()
        .map(|o| (o.project.as_str(), o.milestone.as_str()))
        .collect();
    p85_milestones.dedup();
    let p85_milestones = p85_milestones.len();
    let hits = with
        .iter()
        .filter(|o| o.p85.is_some_and(|p| o.actual <= p))
        .count();
    let mut worst: Vec<Observation> = observations
        .iter()
        .filter(|o| o.error_days.is_some())
        .cloned()
        .collect();
    worst.sort_by_key(|o| std::cmp::Reverse(o.error_days.map(i32::abs)));
    worst.truncate(5);
    Accuracy {
        since,
        until,
        snapshots,
        milestones: milestones.len(),
        horizons,
        with_p85: with.len(),
        p85_hit_rate: (!with.is_empty()).then(|| round2(hits as f64 / with.len() as f64)),
        p85_milestones,
        enough_to_judge: p85_milestones >= MIN_MILESTONES,
        worst,
        observations,
    }
}
