//! `cairn plan` as a table with each milestone's critical chain, or a Mermaid Gantt chart.

use crate::render::forecast::{basis_words, odds_words};
use crate::render::grid::{Grid, alarm};
use crate::render::mermaid::{Marker, gantt};
use crate::render::term::Style;
use cairn_core::analyze::schedule::ScheduleStatus;
use cairn_core::ops::plan::Plan;
use cairn_core::text::escape::term;
use std::io::{Result, Write};

/// The table, then the critical chains behind its marks: each milestone at risk or late
/// (every milestone with `all_chains`) and each project's finish.
pub fn table(
    out: &mut dyn Write,
    plan: &Plan<'_>,
    width: Option<usize>,
    style: Style,
    all_chains: bool,
) -> Result<()> {
    let mut tb = Grid::new(&[
        "ID", "Assignee", "Start", "Finish", "Due", "Slack", "Crit", "Title",
    ])
    .flex("Title");
    for t in &plan.tasks {
        let late = t.forecast_finish.is_none() || t.slack_days.is_some_and(|s| s < 0);
        let alarm = |s: String| alarm(style, &s, late);
        tb.row(vec![
            term(t.id),
            term(&t.assignees.join(", ")),
            t.forecast_start.to_string(),
            alarm(
                t.forecast_finish
                    .map_or_else(|| "never".into(), |d| d.to_string()),
            ),
            t.due.map(|d| d.to_string()).unwrap_or_default(),
            alarm(t.slack_days.map(|s| format!("{s:+}")).unwrap_or_default()),
            if t.critical {
                "●".into()
            } else {
                String::new()
            },
            term(t.title),
        ]);
    }
    writeln!(out, "{}", tb.render(width))?;
    for m in &plan.milestones {
        if let Some(q) = m.odds.filter(|_| m.status != ScheduleStatus::Done) {
            writeln!(
                out,
                "{}/{}: {}",
                term(m.project),
                term(m.id),
                odds_words(&q)
            )?;
        }
        let marked = matches!(m.status, ScheduleStatus::AtRisk | ScheduleStatus::Late);
        if m.critical_chain.is_empty() || !(marked || all_chains) {
            continue;
        }
        writeln!(
            out,
            "{}/{} ({}, forecast {}, due {}): {}",
            term(m.project),
            term(m.id),
            m.status.with_lateness(m.late_by),
            m.forecast_finish
                .map(|d| d.to_string())
                .unwrap_or_else(|| "never".into()),
            m.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
            term(&m.critical_chain.join(" → "))
        )?;
    }
    for p in plan
        .projects
        .iter()
        .filter(|p| !p.critical_chain.is_empty())
    {
        writeln!(
            out,
            "{} ({}, forecast {}, due {}): {}",
            term(p.id),
            p.status.with_lateness(p.late_by),
            p.forecast_finish
                .map(|d| d.to_string())
                .unwrap_or_else(|| "never".into()),
            p.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
            term(&p.critical_chain.join(" → "))
        )?;
    }
    if let Some(c) = &plan.confidence {
        writeln!(out, "({})", basis_words(c))?;
    }
    Ok(())
}

/// The plan as a Mermaid `gantt` chart, milestones marked.
pub fn mermaid(out: &mut dyn Write, plan: &Plan<'_>, title: &str) -> Result<()> {
    let refs: Vec<_> = plan.gantt.iter().collect();
    let markers: Vec<Marker> = plan
        .milestones
        .iter()
        .filter_map(|m| {
            Some(Marker {
                name: format!("{}/{}", m.project, m.title),
                due: m.due?,
                slipping: matches!(m.status, ScheduleStatus::AtRisk | ScheduleStatus::Late),
            })
        })
        .collect();
    out.write_all(gantt(title, &refs, &markers).as_bytes())
}
