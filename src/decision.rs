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
