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

/// How robust the winner is: the smallest change of one criterion's weight at which
/// another option ties with it, and on which side of that weight it wins.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    pub criterion: String,
    pub weight: f64,
    /// The weight at which `new_winner` ties with the leader.
    pub flips_at: f64,
    pub new_winner: String,
    /// `below` or `above`: on which side of `flips_at` `new_winner` wins; `null` when it
    /// only ties (at a weight of 0: a weight cannot go below).
    pub wins: Option<&'static str>,
    /// Both options' weighted score at the tie.
    pub tie_score: f64,
}

/// `None` with fewer than two options, or when no single weight change (keeping weights
/// at 0 or more) makes another option tie or win.
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
    let total: f64 = d.criteria.iter().map(|(_, w)| w).sum();
    // (a strict flip, |delta|) orders the candidates: one that can win first.
    let mut best: Option<((bool, f64), Sensitivity)> = None;
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
            // The leader is better on this criterion: less weight helps the other, which
            // wins below the tie (if there is room below it); else above.
            let wins = if slope > 0.0 {
                (to > 0.0).then_some("below")
            } else {
                Some("above")
            };
            let rest = total - w + to;
            let tie_score = if rest > 0.0 {
                d.criteria
                    .iter()
                    .map(|(cc, ww)| {
                        let ww = if cc.value == c.value { to } else { *ww };
                        ww * score(&winner.name, &cc.value)
                    })
                    .sum::<f64>()
                    / rest
            } else {
                0.0
            };
            let key = (wins.is_none(), delta.abs());
            if best.as_ref().is_none_or(|(k, _)| key < *k) {
                best = Some((
                    key,
                    Sensitivity {
                        criterion: c.value.clone(),
                        weight: *w,
                        flips_at: (to * 100.0).round() / 100.0,
                        new_winner: other.name.clone(),
                        wins,
                        tie_score: (tie_score * 100.0).round() / 100.0,
                    },
                ));
            }
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::model::{DecisionOption, Sp};

    fn decision(criteria: &[(&str, f64)], options: &[(&str, &[(&str, f64)])]) -> Decision {
        let sp = |s: &str| Sp::new(s.to_owned(), Pos::START);
        let mut d = crate::load::parse_decision(
            &crate::model::Config::default(),
            "decisions/D-1-x.md",
            b"---\nid: D-1\ntitle: X\n---\n",
        )
        .expect("a decision");
        d.criteria = criteria.iter().map(|(c, w)| (sp(c), *w)).collect();
        d.options = options
            .iter()
            .map(|(n, scores)| DecisionOption {
                name: sp(n),
                scores: scores.iter().map(|(c, s)| (sp(c), *s)).collect(),
                notes: None,
            })
            .collect();
        d
    }

    /// The sentence is checked against the scores: at the tie both score the same, and
    /// just past it on the side it names the other option leads.
    #[test]
    fn the_tie_and_the_side_agree_with_the_matrix() {
        // Netlify 4/5 against Vercel 5/4, weights performance 2, cost 1: Vercel leads
        // 14/3 to 13/3. Performance at 1 ties them (4.50 each); below 1, Netlify leads.
        let d = decision(
            &[("performance", 2.0), ("cost", 1.0)],
            &[
                ("Vercel", &[("performance", 5.0), ("cost", 4.0)]),
                ("Netlify", &[("performance", 4.0), ("cost", 5.0)]),
            ],
        );
        let s = sensitivity(&d).unwrap();
        assert_eq!(
            (s.criterion.as_str(), s.weight, s.flips_at),
            ("performance", 2.0, 1.0)
        );
        assert_eq!(
            (s.new_winner.as_str(), s.wins, s.tie_score),
            ("Netlify", Some("below"), 4.5)
        );
        let at = |w: f64| {
            let mut x = d.clone();
            x.criteria[0].1 = w;
            matrix(&x)
        };
        let tie = at(1.0);
        assert_eq!(tie[0].score, tie[1].score);
        assert_eq!(at(0.9)[0].name, "Netlify");
        assert_eq!(at(1.1)[0].name, "Vercel");
    }

    #[test]
    fn a_tie_at_zero_is_no_win() {
        // Only removing `control` altogether evens them: a tie, never a win.
        let d = decision(
            &[("speed", 1.0), ("control", 2.0)],
            &[
                ("VPS", &[("speed", 3.0), ("control", 5.0)]),
                ("Vercel", &[("speed", 3.0), ("control", 2.0)]),
            ],
        );
        let s = sensitivity(&d).unwrap();
        assert_eq!((s.flips_at, s.wins), (0.0, None));
    }
}
