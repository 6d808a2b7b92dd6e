//! `cairn check`: every rule on the workspace, with the odds when `forecast.confidence`
//! asks the at-risk rules to judge by them; status moves since a base revision
//! (`transitions`); and, for a change, only the findings it introduces.

use super::odds::{OddsRequest, OddsSettings};
use super::revisions::{RevisionError, SideInfo, load_revision, merge_base_of};
use crate::diag::{Diagnostic, Summary};
use crate::load::ParseCache;
use crate::load::source::DirSource;
use crate::model::Workspace;
use jiff::civil::Date;
use serde::Serialize;

/// What to check beyond the rules.
#[derive(Clone, Debug, Default)]
pub struct CheckQuery {
    /// Check status moves since this revision against `transitions`.
    pub base: Option<String>,
    /// Report only what the change since the merge base of this revision and `HEAD`
    /// introduces.
    pub changed_since: Option<String>,
    /// `changed_since` is a default (a pull request in CI), not asked for: when the base
    /// cannot be read, everything is reported and [`Checked::scope_lost`] says why.
    pub implicit: bool,
}

/// The findings, and what they were compared with.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// With `changed_since`: the base side, and how many findings it already had.
    pub scope: Option<(SideInfo, usize)>,
    /// The implicit base could not be read: every finding is reported.
    pub scope_lost: Option<RevisionError>,
}

/// The JSON of `check` (docs/json.md).
#[derive(Serialize)]
pub struct CheckJson<'a> {
    pub version: u32,
    pub diagnostics: &'a [Diagnostic],
    pub summary: Summary,
}

impl Checked {
    pub fn json(&self) -> CheckJson<'_> {
        CheckJson {
            version: 1,
            diagnostics: &self.diagnostics,
            summary: self.summary,
        }
    }
}

/// Every rule on `ws`; with `forecast.confidence` (and `odds` settled from git), the
/// at-risk rules judge the date met with those odds.
pub fn findings(ws: &Workspace, today: Date, odds: Option<&OddsSettings>) -> Vec<Diagnostic> {
    match (ws.config.confidence, odds) {
        (Some(pct), Some(o)) => {
            let fc = crate::analyze::schedule::forecast(ws, today);
            let c = o.simulate(ws, today);
            crate::analyze::check::check_with_odds(ws, &fc, Some((&c, pct)))
        }
        _ => crate::analyze::check::check(ws, today),
    }
}

/// Checks `ws` (read from `source`) as `q` asks.
pub fn check(
    ws: &Workspace,
    source: &DirSource,
    q: &CheckQuery,
    today: Date,
    cache: Option<&mut ParseCache>,
) -> Result<Checked, RevisionError> {
    let odds = OddsRequest::default().settle(source, ws, today);
    let mut diags = findings(ws, today, odds.as_ref());
    if let Some(rev) = &q.base {
        let base = load_revision(source, rev)?;
        diags.extend(crate::analyze::review::transitions(&base, ws));
        diags = ws.config.rules.finalize(diags);
    }
    let mut out = Checked::default();
    if let Some(rev) = &q.changed_since {
        match merge_base_of(source, rev, cache) {
            Ok((base, info)) => {
                let base_findings = findings(&base, today, odds.as_ref());
                let all = diags.len();
                diags = crate::analyze::review::compare_findings(&base_findings, &diags).introduced;
                diags.sort_by(|a, b| {
                    (&a.file, a.line, a.column, a.rule).cmp(&(&b.file, b.line, b.column, b.rule))
                });
                out.scope = Some((info, all - diags.len()));
            }
            Err(e) if q.implicit => out.scope_lost = Some(e),
            Err(e) => return Err(e),
        }
    }
    out.summary = Summary::of(&diags, ws.files.len());
    out.diagnostics = diags;
    Ok(out)
}

/// The errors `after` has that `before` did not (matched as a review matches findings).
pub fn introduced_errors(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<Diagnostic> {
    crate::analyze::review::compare_findings(before, after)
        .introduced
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .collect()
}
