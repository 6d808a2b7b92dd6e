//! Decision analysis: the weighted decision matrix.

use crate::model::Decision;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedOption {
    pub rank: usize,
    pub name: String,
    /// `sum(weight * score) / sum(weight)`; a missing score counts as 0.
    pub score: f64,
    pub chosen: bool,
}

/// The options ranked by weighted score, best first (ties keep file order).
pub fn matrix(d: &Decision) -> Vec<RankedOption> {
    let total: f64 = d.criteria.iter().map(|(_, w)| w).sum();
    let mut ranked: Vec<RankedOption> = d
        .options
        .iter()
        .map(|o| {
            let weighted: f64 = d
                .criteria
                .iter()
                .map(|(c, w)| {
                    w * o
                        .scores
                        .iter()
                        .find(|(name, _)| name.value == c.value)
                        .map_or(0.0, |(_, s)| *s)
                })
                .sum();
            RankedOption {
                rank: 0,
                name: o.name.value.clone(),
                score: if total > 0.0 { weighted / total } else { 0.0 },
                chosen: d.chosen.as_ref().is_some_and(|c| c.value == o.name.value),
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    ranked
}

/// How robust the winner is: the smallest change of one criterion's weight that would
/// make another option win.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    pub criterion: String,
    pub weight: f64,
    /// The weight at which `new_winner` overtakes (ties go to the earlier option).
    pub flips_at: f64,
    pub new_winner: String,
}

/// `None` with fewer than two options, or when no single weight change (keeping weights
/// at 0 or more) changes the winner.
pub fn sensitivity(d: &Decision) -> Option<Sensitivity> {
    let ranked = matrix(d);
    let winner = ranked.first()?;
    let score = |opt: &str, crit: &str| {
        d.options
            .iter()
            .find(|o| o.name.value == opt)
            .and_then(|o| o.scores.iter().find(|(c, _)| c.value == crit))
            .map_or(0.0, |(_, s)| *s)
    };
    // Unnormalized: the winner leads option k by sum(w_i * (s_W,i - s_k,i)).
    let lead = |k: &str| -> f64 {
        d.criteria
            .iter()
            .map(|(c, w)| w * (score(&winner.name, &c.value) - score(k, &c.value)))
            .sum()
    };
    let mut best: Option<Sensitivity> = None;
    for other in ranked.iter().skip(1) {
        let gap = lead(&other.name);
        for (c, w) in &d.criteria {
            let slope = score(&winner.name, &c.value) - score(&other.name, &c.value);
            if slope == 0.0 {
                continue;
            }
            // gap + delta * slope = 0
            let delta = -gap / slope;
            let to = w + delta;
            if to < 0.0 || !delta.is_finite() {
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|b| delta.abs() < (b.flips_at - b.weight).abs())
            {
                best = Some(Sensitivity {
                    criterion: c.value.clone(),
                    weight: *w,
                    flips_at: (to * 100.0).round() / 100.0,
                    new_winner: other.name.clone(),
                });
            }
        }
    }
    best
}
