//! Recurring tasks: a task with `recur:` is a template; its instances are ordinary tasks
//! whose id is the template's and the occurrence's date (`T-40@2026-12-07`), so every
//! branch that creates one creates the same file.

use crate::model::{StatusCategory, Task, Workspace};
use crate::text::recur::Recur;
use jiff::civil::Date;

/// How far ahead `cairn recur` creates instances, and `check` expects them.
pub const HORIZON_DAYS: i64 = 28;

/// The id of `template`'s instance on `date`.
pub fn instance_id(template: &str, date: Date) -> String {
    format!("{template}@{date}")
}

/// The occurrences of a template from `today` to `until` (none once the template itself
/// is done or cancelled: that stops it), each with its instance id.
pub fn occurrences(ws: &Workspace, t: &Task, today: Date, until: Date) -> Vec<(Date, String)> {
    let Some(rule) = t.recur.as_ref().and_then(|r| Recur::parse(&r.value).ok()) else {
        return Vec::new();
    };
    if ws.category(t).is_some_and(StatusCategory::is_finished) {
        return Vec::new();
    }
    // A rule that depends on where it starts needs `start:` (`check` says so).
    let anchor = match (&t.start, rule.needs_anchor()) {
        (Some(s), _) => s.value,
        (None, false) => today,
        (None, true) => return Vec::new(),
    };
    rule.occurrences(anchor, today, until)
        .into_iter()
        .map(|d| (d, instance_id(&t.id.value, d)))
        .collect()
}

/// The end of the horizon from `today`.
pub fn horizon(today: Date) -> Date {
    today
        .checked_add(jiff::Span::new().days(HORIZON_DAYS))
        .unwrap_or(today)
}
