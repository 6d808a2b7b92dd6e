//! The forecast's words, as people read them in `plan`, `status` and `review`: dates and
//! odds.

use cairn_core::analyze::schedule::Quantiles;
use jiff::civil::Date;

/// A date, or "—".
pub fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

/// "50% likely by Dec 23, 85% by Jan 5, 95% by Jan 12".
pub fn odds_words(q: &Quantiles) -> String {
    let d =
        |d: Option<Date>| d.map_or_else(|| "never".into(), |d| d.strftime("%b %-d %Y").to_string());
    format!(
        "50% likely by {}, 85% by {}, 95% by {}",
        d(q.p50),
        d(q.p85),
        d(q.p95)
    )
}

/// A sentence on what the simulation stood on, for people.
pub fn basis_words(c: &cairn_core::ops::odds::OddsInfo) -> String {
    use cairn_core::analyze::schedule::confidence::Basis;
    match c.basis {
        Basis::Own => format!(
            "odds from {} runs over each person's finished tasks",
            c.samples
        ),
        Basis::Pooled => format!(
            "odds from {} runs; {} drew from the team's history (fewer than 5 finished tasks of their own)",
            c.samples,
            c.thin_evidence.join(", ")
        ),
        Basis::Default => format!(
            "odds from {} runs with a default spread: too little history in git (fewer than 5 finished tasks with estimates)",
            c.samples
        ),
    }
}
