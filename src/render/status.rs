//! `cairn status` for a terminal or as Markdown (a wiki page, a PR comment).

use crate::render::forecast::{basis_words, date, odds_words};
use crate::render::grid::alarm;
use crate::render::term::{Style, progress_bar};
use cairn_core::analyze::schedule::{ScheduleStatus, working_days_late};
use cairn_core::model::Config;
use cairn_core::ops::status::{Pace, ProjectStatus, Status};
use cairn_core::text::escape::{markdown as markdown_text, term};
use std::io::{Result, Write};

fn pace_line(p: &Pace) -> Option<String> {
    let finish = p.finish?;
    let tasks = if p.open_tasks == 1 {
        "open task finishes"
    } else {
        "open tasks finish"
    };
    Some(format!(
        "pace: at the last {} weeks' pace ({} finished a week), the {} {tasks} around {finish}",
        p.weeks, p.per_week, p.open_tasks
    ))
}

/// Every project of `s`; `md` writes Markdown instead of terminal text.
pub fn text(
    out: &mut dyn Write,
    s: &Status<'_>,
    config: &Config,
    md: bool,
    style: Style,
) -> Result<()> {
    let style = if md { Style::default() } else { style };
    for (n, p) in s.projects.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        project(out, p, config, md, style)?;
    }
    if let Some(c) = &s.confidence {
        writeln!(out)?;
        let words = basis_words(c);
        if md {
            writeln!(
                out,
                "<sub>{} (seed {}).</sub>",
                markdown_text(&words),
                c.seed
            )?;
        } else {
            writeln!(out, "({words})")?;
        }
    }
    Ok(())
}

fn project(
    out: &mut dyn Write,
    p: &ProjectStatus<'_>,
    config: &Config,
    md: bool,
    style: Style,
) -> Result<()> {
    let text = |s: &str| if md { markdown_text(s) } else { term(s) };
    if md {
        writeln!(out, "## {} — {}\n", text(p.id), text(p.title))?;
    } else {
        writeln!(
            out,
            "{} {}",
            style.bold(&term(p.id)),
            style.bold(&term(p.title))
        )?;
    }
    let bullet = if md { "- " } else { "  " };
    // The project's own lateness, or the milestone's that makes its status.
    let status = match p.status_from_milestone {
        Some(m) => {
            let late = p
                .milestones
                .iter()
                .find(|x| x.id == m.value)
                .and_then(|x| x.late_by)
                .filter(|n| *n > 0)
                .map(|n| format!(", {}", working_days_late(n)))
                .unwrap_or_default();
            format!("{}: milestone {}{late}", p.status.words(), text(&m.value))
        }
        None => p.status.with_lateness(p.late_by),
    };
    writeln!(
        out,
        "{bullet}{} {:>3.0}%  ({status})",
        progress_bar(p.progress, 20),
        p.progress * 100.0,
    )?;
    let c = &p.counts;
    writeln!(
        out,
        "{bullet}tasks: {} total, {} open, {} active, {} done, {} cancelled, {} overdue, {} blocked",
        c.total, c.open, c.active, c.done, c.cancelled, c.overdue, c.blocked
    )?;
    let e = &p.effort;
    let budget = e
        .budget_hours
        .map(|b| format!(" of a {} budget", config.format_effort(b)))
        .unwrap_or_default();
    writeln!(
        out,
        "{bullet}effort: {} estimated{budget}, {} spent, {} remaining",
        config.format_effort(e.estimate_hours),
        config.format_effort(e.spent_hours),
        config.format_effort(e.remaining_hours)
    )?;
    if let Some(cost) = &p.cost {
        let money = |v: f64| {
            let v = cairn_core::model::format_hours(v);
            match &cost.currency {
                Some(c) => format!("{v} {}", term(c)),
                None => v,
            }
        };
        let budget = cost
            .budget_cost
            .map(|b| format!(" of a {} budget", money(b)))
            .unwrap_or_default();
        let missing = if cost.missing_rates.is_empty() {
            String::new()
        } else {
            format!(" (no rate: {})", term(&cost.missing_rates.join(", ")))
        };
        writeln!(
            out,
            "{bullet}cost: {} to date, {} at completion{budget}{missing}",
            money(cost.cost_to_date),
            money(cost.cost_at_completion)
        )?;
    }
    if let Some(e) = &p.earned_value {
        let n = |v: f64| cairn_core::model::format_hours(v);
        let ratio = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"));
        writeln!(
            out,
            "{bullet}earned value against {} ({}), in {}: BAC {}, PV {}, EV {}, AC {}; SPI {}, CPI {}, EAC {}",
            term(&e.baseline),
            e.baseline_date,
            term(&e.unit),
            n(e.bac),
            n(e.pv),
            n(e.ev),
            n(e.ac),
            ratio(e.spi),
            ratio(e.cpi),
            e.eac.map_or_else(|| "—".to_owned(), n)
        )?;
        for m in &e.milestones {
            if let Some(d) = m.shift_working_days.filter(|d| *d != 0) {
                writeln!(
                    out,
                    "{bullet}  {}: {} in the baseline, {} now ({}{d} working day{})",
                    term(&m.id),
                    date(m.baseline_finish),
                    date(m.forecast_finish),
                    if d > 0 { "+" } else { "" },
                    if d.abs() == 1 { "" } else { "s" }
                )?;
            }
        }
    }
    writeln!(
        out,
        "{bullet}forecast: {} (due {})",
        date(p.forecast_finish),
        date(p.due)
    )?;
    if let Some(q) = p.odds.filter(|_| p.status != ScheduleStatus::Done) {
        writeln!(out, "{bullet}odds: {}", odds_words(&q))?;
    }
    if let Some(line) = p.pace.as_ref().and_then(pace_line) {
        writeln!(out, "{bullet}{}", text(&line))?;
    }
    if !p.milestones.is_empty() {
        if md {
            writeln!(
                out,
                "\n| Milestone | Progress | Forecast | Due | Status | Critical chain |\n|---|---|---|---|---|---|"
            )?;
        } else {
            writeln!(out, "  milestones:")?;
        }
    }
    for m in &p.milestones {
        let chain = m.critical_chain.join(" → ");
        if md {
            writeln!(
                out,
                "| {} | {:.0}% | {} | {} | {} | {} |",
                text(m.id),
                m.progress * 100.0,
                date(m.forecast_finish),
                date(m.due),
                m.status.with_lateness(m.late_by),
                chain
            )?;
        } else {
            let word = m.status.with_lateness(m.late_by);
            let status = match m.status {
                ScheduleStatus::Late => style.red(&word),
                ScheduleStatus::AtRisk => style.yellow(&word),
                ScheduleStatus::Done | ScheduleStatus::OnTrack => style.green(&word),
            };
            writeln!(
                out,
                "    {:<12} {} {:>3.0}%  forecast {}  due {}  {status}",
                term(m.id),
                progress_bar(m.progress, 10),
                m.progress * 100.0,
                date(m.forecast_finish),
                date(m.due)
            )?;
            if matches!(m.status, ScheduleStatus::AtRisk | ScheduleStatus::Late)
                && !chain.is_empty()
            {
                writeln!(out, "    {:<12} critical chain: {chain}", "")?;
            }
        }
        if let Some(q) = m.odds.filter(|_| !md && m.status != ScheduleStatus::Done) {
            writeln!(out, "    {:<12} {}", "", odds_words(&q))?;
        }
    }
    if !p.goals.is_empty() {
        writeln!(out, "{}", if md { "\n**Goals**\n" } else { "  goals:" })?;
        for (g, gp) in p.goal_defs.iter().zip(&p.goals) {
            let num = |v: Option<f64>| {
                v.map(cairn_core::model::format_number)
                    .unwrap_or_else(|| "?".into())
            };
            writeln!(
                out,
                "{}{} {:>3.0}%  {}: {} → {} (now {}{})",
                if md { "- " } else { "    " },
                progress_bar(gp.progress, 10),
                gp.progress * 100.0,
                text(&g.title),
                num(g.baseline),
                num(g.target),
                num(g.current),
                g.unit
                    .as_deref()
                    .map(|u| format!(" {}", text(u)))
                    .unwrap_or_default()
            )?;
            if let Some(w) = gp.trend_per_week {
                let unit = g.unit.as_deref().map(text).unwrap_or_default();
                let sign = if w > 0.0 { "+" } else { "" };
                let reach = match (gp.reached, gp.reaches_target) {
                    (true, Some(d)) => format!("target reached on {d}"),
                    (false, Some(d)) => format!("reaches {} on {d}", num(gp.target)),
                    _ => "not moving toward the target".into(),
                };
                let due = gp.due.map(|d| format!(", due {d}")).unwrap_or_default();
                let off = if gp.off_track {
                    alarm(style, "  off track", true)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{}trend {sign}{}{}{unit}/week over {} measurements: {reach}{due}{off}",
                    if md { "  " } else { "                 " },
                    cairn_core::model::format_number(w),
                    if unit.is_empty() || unit.starts_with('%') {
                        ""
                    } else {
                        " "
                    },
                    gp.points,
                )?;
            }
        }
    }
    if !p.attention.is_empty() {
        writeln!(
            out,
            "{}",
            if md {
                "\n**Needs attention**\n"
            } else {
                "  needs attention:"
            }
        )?;
        for a in p.attention.iter().take(5) {
            writeln!(
                out,
                "{}{} {} — {}",
                if md { "- " } else { "    " },
                text(&a.id),
                text(&a.title),
                a.why
            )?;
        }
    }
    Ok(())
}
