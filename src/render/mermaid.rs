//! Mermaid charts GitHub renders: the plan as a `gantt`, a burn-up as an `xychart-beta`.
//! Every title goes through `escape::mermaid`.

use cairn_core::report::{BurnupPoint, PlanRow};
use cairn_core::text::escape::mermaid;
use jiff::civil::Date;
use std::fmt::Write as _;

/// A milestone marker: its name and due date, and whether it slips.
pub struct Marker {
    pub name: String,
    pub due: Date,
    pub slipping: bool,
}

/// A `gantt` block of `rows` (a section per project and milestone, `crit` on the critical
/// chain) and the milestone markers.
pub fn gantt(title: &str, rows: &[&PlanRow], markers: &[Marker]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "```mermaid\ngantt\n  title {}\n  dateFormat YYYY-MM-DD\n  axisFormat %b %d",
        mermaid(title)
    );
    let mut sections: Vec<(&str, Vec<&PlanRow>)> = Vec::new();
    for r in rows {
        match sections.iter_mut().find(|(n, _)| *n == r.section) {
            Some((_, v)) => v.push(r),
            None => sections.push((&r.section, vec![r])),
        }
    }
    for (name, tasks) in &sections {
        let _ = writeln!(out, "  section {}", mermaid(name));
        for r in tasks {
            let mut tags = Vec::new();
            if r.active {
                tags.push("active".to_owned());
            }
            if r.critical {
                tags.push("crit".into());
            }
            tags.push(format!("t{}", r.number));
            // Mermaid's end date is exclusive.
            let end = r.finish.tomorrow().unwrap_or(r.finish);
            let _ = writeln!(
                out,
                "  {} {} :{}, {}, {}",
                mermaid(&r.id),
                mermaid(&r.title),
                tags.join(", "),
                r.start,
                end
            );
        }
    }
    if !markers.is_empty() {
        let _ = writeln!(out, "  section Milestones");
        for m in markers {
            let crit = if m.slipping { "crit, " } else { "" };
            let _ = writeln!(
                out,
                "  {} due :milestone, {crit}{}, 0d",
                mermaid(&m.name),
                m.due
            );
        }
    }
    let _ = writeln!(out, "```");
    out
}

/// An `xychart-beta` burn-up (scope and done lines); empty without data.
pub fn burnup(title: &str, points: &[BurnupPoint]) -> String {
    if points.iter().all(|p| p.scope == 0) {
        return String::new();
    }
    let labels: Vec<String> = points
        .iter()
        .map(|p| format!("\"{}\"", p.end.strftime("%m-%d")))
        .collect();
    let series = |f: fn(&BurnupPoint) -> usize| {
        points
            .iter()
            .map(|p| f(p).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let max = points.iter().map(|p| p.scope).max().unwrap_or(1).max(1);
    format!(
        "```mermaid\nxychart-beta\n  title \"Burn-up: {}\"\n  x-axis [{}]\n  y-axis \"tasks\" 0 --> {max}\n  line [{}]\n  line [{}]\n```\n",
        mermaid(title).replace('"', "'"),
        labels.join(", "),
        series(|p| p.scope),
        series(|p| p.done)
    )
}
