//! The forecast's odds as every command asks for them: `--confidence`, `--samples`,
//! `--seed` or `forecast.confidence` in cairn.yaml turn them on; the evidence comes from
//! git; the seed is a hash of the workspace and today unless given, so the same plan
//! gives the same dates in CI. One place for `status`, `plan`, `check` and `review`.

use crate::analyze::schedule::confidence::{Basis, default_seed, simulate};
use crate::analyze::schedule::{Confidence, Evidence};
use crate::load::source::DirSource;
use crate::model::{Config, Workspace};
use jiff::civil::Date;
use serde::Serialize;

/// What the command line asks of the odds.
#[derive(Clone, Copy, Debug, Default)]
pub struct OddsRequest {
    /// `--confidence`.
    pub asked: bool,
    /// `--samples` (default: `forecast.samples`).
    pub samples: Option<u32>,
    /// `--seed` (default: a hash of the workspace and today).
    pub seed: Option<u64>,
}

/// Everything a simulation needs, settled once (both sides of a review share it, so what
/// moves is the change, not the dice).
#[derive(Debug)]
pub struct OddsSettings {
    pub evidence: Evidence,
    pub samples: u32,
    pub seed: u64,
}

impl OddsRequest {
    /// Whether to compute odds: asked for, or `forecast.confidence` in cairn.yaml.
    pub fn wanted(&self, config: &Config) -> bool {
        self.asked || self.samples.is_some() || self.seed.is_some() || config.confidence.is_some()
    }

    /// The settings for `ws` when odds are wanted: the evidence from the git history
    /// around `source`, the runs and the seed.
    pub fn settle(&self, source: &DirSource, ws: &Workspace, today: Date) -> Option<OddsSettings> {
        self.wanted(&ws.config).then(|| OddsSettings {
            evidence: super::trends::evidence(source, ws, today),
            samples: self.samples.unwrap_or(ws.config.samples),
            seed: self.seed.unwrap_or_else(|| default_seed(ws, today)),
        })
    }

    /// The odds for `ws`, when wanted.
    pub fn confidence(
        &self,
        source: &DirSource,
        ws: &Workspace,
        today: Date,
    ) -> Option<Confidence> {
        self.settle(source, ws, today)
            .map(|s| s.simulate(ws, today))
    }
}

impl OddsSettings {
    /// The simulation of `ws`'s forecast; `forecast.confidence` adds its percentile.
    pub fn simulate(&self, ws: &Workspace, today: Date) -> Confidence {
        simulate(
            ws,
            today,
            &self.evidence,
            self.samples,
            self.seed,
            ws.config.confidence,
        )
    }

    /// As [`Side::analyze_with`](crate::analyze::review::Side::analyze_with) takes them.
    pub fn parts(&self) -> (&Evidence, u32, u64) {
        (&self.evidence, self.samples, self.seed)
    }
}

/// What a simulation stood on, in the JSON of `plan`, `status` and `review`.
#[derive(Clone, Debug, Serialize)]
pub struct OddsInfo {
    pub samples: u32,
    pub seed: u64,
    /// `own` (every assignee's own history), `pooled` (some drew from the team's) or
    /// `default` (too little history: a log-normal spread around 0.85).
    pub basis: Basis,
    /// People with fewer than five finished tasks of their own.
    pub thin_evidence: Vec<String>,
}

pub fn info(c: &Confidence) -> OddsInfo {
    OddsInfo {
        samples: c.samples,
        seed: c.seed,
        basis: c.basis.clone(),
        thin_evidence: c.thin_evidence.clone(),
    }
}
