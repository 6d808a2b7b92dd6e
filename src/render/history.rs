//! `cairn history` for people and spreadsheets: trends as a table, CSV or a Mermaid
//! burn-up; the velocity evidence; the forecast's backtest.

use crate::render::grid::Grid;
use cairn_core::analyze::accuracy::{Accuracy, MIN_MILESTONES};
use cairn_core::analyze::history::{History, Percentiles};
use cairn_core::ops::trends::{GoalSeries, Velocity};
use cairn_core::report::BurnupPoint;
use cairn_core::text::escape::{markdown as markdown_text, term};
use std::io::{Result, Write};

/// A CSV field: quoted when it needs it, spreadsheet formulas neutralized.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |d| format!("{d}"))
}

fn percentile_line(name: &str, p: &Percentiles) -> String {
    if p.count == 0 {
        return format!("{name}: no task finished in the period");
    }
    let slowest = p
        .slowest
        .iter()
        .map(|d| format!("{} {}d", d.id, d.days))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{name} (days, {} task{}): p50 {}, p85 {}, max {}; slowest: {slowest}",
        p.count,
        if p.count == 1 { "" } else { "s" },
        opt(p.p50_days),
        opt(p.p85_days),
        opt(p.max_days)
    )
}

/// The trends as a table, with cycle and lead time and the aging work in progress.
pub fn table(h: &History, out: &mut dyn Write) -> Result<()> {
    let mut header = vec![
        "End".to_owned(),
        "Scope".into(),
        "Done".into(),
        "Hours done/scope".into(),
        "Finished".into(),
    ];
    header.extend(h.statuses.iter().map(|s| term(s)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Grid::new(&header);
    for p in &h.intervals {
        let mut row = vec![
            p.end.to_string(),
            p.scope_count.to_string(),
            p.done_count.to_string(),
            format!("{}/{}", p.done_hours, p.scope_hours),
            p.throughput.to_string(),
        ];
        row.extend(
            h.statuses
                .iter()
                .map(|s| p.by_status.get(s).copied().unwrap_or(0).to_string()),
        );
        t.row(row);
    }
    writeln!(out, "{}", t.render(None))?;
    writeln!(
        out,
        "{} commits read, {} task file versions parsed",
        h.commits, h.blobs_parsed
    )?;
    writeln!(
        out,
        "{}",
        term(&percentile_line("cycle time", &h.cycle_time))
    )?;
    writeln!(out, "{}", term(&percentile_line("lead time", &h.lead_time)))?;
    if h.aging.is_empty() {
        return writeln!(out, "no work in progress");
    }
    writeln!(out, "aging work in progress:")?;
    for a in h.aging.iter().take(10) {
        writeln!(
            out,
            "  {} {} ({}, active {} days)",
            term(&a.id),
            term(&a.title),
            term(&a.status),
            a.active_days
        )?;
    }
    Ok(())
}

/// The trends as CSV, a row per interval.
pub fn csv(h: &History, out: &mut dyn Write) -> Result<()> {
    let mut header = vec![
        "end".to_owned(),
        "scope_count".into(),
        "scope_hours".into(),
        "done_count".into(),
        "done_hours".into(),
        "throughput".into(),
    ];
    header.extend(h.statuses.iter().map(|s| csv_field(&format!("status_{s}"))));
    writeln!(out, "{}", header.join(","))?;
    for p in &h.intervals {
        let mut row = vec![
            p.end.to_string(),
            p.scope_count.to_string(),
            p.scope_hours.to_string(),
            p.done_count.to_string(),
            p.done_hours.to_string(),
            p.throughput.to_string(),
        ];
        row.extend(
            h.statuses
                .iter()
                .map(|s| p.by_status.get(s).copied().unwrap_or(0).to_string()),
        );
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

/// A burn-up chart with the same numbers as a plain table beside it, for renderers
/// without xychart support.
pub fn mermaid(h: &History, out: &mut dyn Write) -> Result<()> {
    let points: Vec<BurnupPoint> = h
        .intervals
        .iter()
        .map(|p| BurnupPoint {
            end: p.end,
            scope: p.scope_count,
            done: p.done_count,
        })
        .collect();
    let title = format!("scope and done tasks, {} to {}", h.since, h.until);
    out.write_all(crate::render::mermaid::burnup(&title, &points).as_bytes())?;
    writeln!(out)?;
    writeln!(out, "| Week ending | Scope | Done | Finished in interval |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for p in &h.intervals {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            p.end, p.scope_count, p.done_count, p.throughput
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        markdown_text(&percentile_line("Cycle time", &h.cycle_time))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        markdown_text(&percentile_line("Lead time", &h.lead_time))
    )
}

/// Each person's (and the team's) velocity as CSV.
pub fn velocity_csv(v: &Velocity, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "person,tasks,median,p10,p90,slowest,fastest,clamped")?;
    for r in &v.people {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            csv_field(&r.person),
            r.tasks,
            r.median,
            r.p10,
            r.p90,
            csv_field(&r.slowest),
            csv_field(&r.fastest),
            r.clamped
        )?;
    }
    Ok(())
}

/// Each person's (and the team's) velocity as a table, with what it means.
pub fn velocity_table(v: &Velocity, out: &mut dyn Write) -> Result<()> {
    use cairn_core::analyze::schedule::confidence::{CLAMP, MIN_POINTS};
    let rows = &v.people;
    if rows.is_empty() {
        return writeln!(
            out,
            "no task went from active to done with an estimate between {} and {}",
            v.since, v.until
        );
    }
    let mut t = Grid::new(&[
        "Person", "Tasks", "Median", "P10", "P90", "Slowest", "Fastest",
    ]);
    for r in rows {
        t.row(vec![
            term(&r.person),
            r.tasks.to_string(),
            format!("{}", r.median),
            format!("{}", r.p10),
            format!("{}", r.p90),
            term(&r.slowest),
            term(&r.fastest),
        ]);
    }
    writeln!(out, "{}", t.render(None))?;
    writeln!(
        out,
        "velocity = estimate ÷ actual (logged time, else spent:, else working hours from first active to done); under 1: work took longer than its estimate"
    )?;
    if let Some(team) = rows.iter().find(|r| r.person == "team") {
        writeln!(
            out,
            "actual effort from the time log for {} of {} data points; the rest from {}",
            team.logged,
            team.tasks,
            if team.logged == team.tasks {
                "nothing else"
            } else {
                "spent: or commit times"
            }
        )?;
    }
    let clamped: usize = rows
        .iter()
        .filter(|r| r.person != "team")
        .map(|r| r.clamped)
        .sum();
    if clamped > 0 {
        writeln!(
            out,
            "{clamped} velocities were clamped to [{}, {}]",
            CLAMP.0, CLAMP.1
        )?;
    }
    let thin: Vec<&str> = rows
        .iter()
        .filter(|r| r.person != "team" && r.tasks < MIN_POINTS)
        .map(|r| r.person.as_str())
        .collect();
    if !thin.is_empty() {
        writeln!(
            out,
            "fewer than {MIN_POINTS} tasks (--confidence draws from the team's instead): {}",
            term(&thin.join(", "))
        )?;
    }
    Ok(())
}

/// The backtest's observations as CSV.
pub fn accuracy_csv(a: &Accuracy, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "at,project,milestone,forecast,p85,actual,error_days,horizon_weeks"
    )?;
    let opt = |x: Option<jiff::civil::Date>| x.map(|d| d.to_string()).unwrap_or_default();
    for o in &a.observations {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{:.1}",
            o.at,
            csv_field(&o.project),
            csv_field(&o.milestone),
            opt(o.forecast),
            opt(o.p85),
            o.actual,
            o.error_days.map(|e| e.to_string()).unwrap_or_default(),
            o.horizon_weeks
        )?;
    }
    Ok(())
}

/// The backtest's error by horizon as a Mermaid bar chart and a table.
pub fn accuracy_mermaid(a: &Accuracy, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "```mermaid\nxychart-beta\n    title \"Forecast error by horizon (working days)\""
    )?;
    let names: Vec<String> = a
        .horizons
        .iter()
        .map(|h| format!("\"{}\"", h.horizon))
        .collect();
    writeln!(out, "    x-axis [{}]", names.join(", "))?;
    let vals: Vec<String> = a
        .horizons
        .iter()
        .map(|h| format!("{}", h.mean_abs_error.unwrap_or(0.0)))
        .collect();
    writeln!(out, "    bar [{}]\n```", vals.join(", "))?;
    writeln!(
        out,
        "\n| Horizon | Forecasts | Mean absolute error | Mean error |\n|---|---|---|---|"
    )?;
    for h in &a.horizons {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            h.horizon,
            h.forecasts,
            opt(h.mean_abs_error),
            opt(h.mean_error)
        )?;
    }
    Ok(())
}

/// The backtest as a table, with how often the P85 dates held and the worst misses.
pub fn accuracy_table(a: &Accuracy, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "{} weekly snapshots from {} to {}; {} milestones finished since, {} forecasts of them",
        a.snapshots,
        a.since,
        a.until,
        a.milestones,
        a.observations.len()
    )?;
    let mut t = Grid::new(&[
        "Weeks before finish",
        "Forecasts",
        "Mean |error| (days)",
        "Mean error (days)",
    ]);
    for h in &a.horizons {
        t.row(vec![
            match h.horizon.strip_suffix('+') {
                Some(w) => format!("over {w}"),
                None => format!("≤ {}", h.horizon),
            },
            h.forecasts.to_string(),
            opt(h.mean_abs_error),
            opt(h.mean_error),
        ]);
    }
    writeln!(out, "{}", t.render(None))?;
    writeln!(
        out,
        "error: working days from the forecast to the actual finish (positive: later than forecast)"
    )?;
    let of = format!(
        "{} forecast{} of {} milestone{}",
        a.with_p85,
        if a.with_p85 == 1 { "" } else { "s" },
        a.p85_milestones,
        if a.p85_milestones == 1 { "" } else { "s" }
    );
    match a.p85_hit_rate {
        Some(r) if a.enough_to_judge => writeln!(
            out,
            "P85 dates: {:.0}% of {of} finished by them (an honest P85 holds about 85% of the time)",
            r * 100.0,
        )?,
        Some(r) => writeln!(
            out,
            "P85 dates: {:.0}% of {of} finished by them: too few milestones to judge the odds by (at least {MIN_MILESTONES})",
            r * 100.0,
        )?,
        None => writeln!(
            out,
            "P85 dates: none (too little history at the snapshots, or --samples 0)"
        )?,
    }
    if !a.worst.is_empty() {
        writeln!(out, "worst misses:")?;
        for o in &a.worst {
            writeln!(
                out,
                "  {}/{} on {}: forecast {}, finished {} ({:+} working days); chain then: {}",
                term(&o.project),
                term(&o.milestone),
                o.at,
                o.forecast
                    .map(|f| f.to_string())
                    .unwrap_or_else(|| "never".into()),
                o.actual,
                o.error_days.unwrap_or(0),
                term(&o.critical_chain.join(" → "))
            )?;
        }
    }
    Ok(())
}

/// `history --goals`: each goal's measurements in the window, then its trend.
pub fn goals_table(goals: &[GoalSeries], out: &mut dyn Write) -> Result<()> {
    use cairn_core::model::format_number as num;
    if goals.is_empty() {
        return writeln!(out, "no project has goals");
    }
    for (i, g) in goals.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let unit = g
            .unit
            .as_deref()
            .map(|u| format!(" {}", term(u)))
            .unwrap_or_default();
        let target = g
            .target
            .map(|t| {
                let by = g.due.map(|d| format!(" by {d}")).unwrap_or_default();
                format!(", target {}{unit}{by}", num(t))
            })
            .unwrap_or_default();
        let from = if g.from == "metric" {
            "from its metric file"
        } else {
            "from `current:` in git"
        };
        writeln!(
            out,
            "{}/{}  {}  ({from}{target})",
            term(&g.project),
            term(&g.id),
            term(&g.title)
        )?;
        if g.points.is_empty() {
            writeln!(out, "  no measurements in the window")?;
            continue;
        }
        let mut t = Grid::new(&["Date", "Value"]);
        for p in &g.points {
            t.row(vec![p.date.to_string(), format!("{}{unit}", num(p.value))]);
        }
        writeln!(out, "{}", t.render(None))?;
        if let Some(w) = g.trend_per_week {
            let reach = match g.reaches_target {
                Some(d) => format!("at the target on {d}"),
                None => "not moving toward the target".into(),
            };
            writeln!(
                out,
                "  trend {}{}{unit} a week: {reach}{}",
                if w > 0.0 { "+" } else { "" },
                num(w),
                if g.off_track { " (off track)" } else { "" }
            )?;
        }
    }
    Ok(())
}

/// `history --goals --format csv`: `project,goal,date,value`.
pub fn goals_csv(goals: &[GoalSeries], out: &mut dyn Write) -> Result<()> {
    writeln!(out, "project,goal,date,value")?;
    for g in goals {
        for p in &g.points {
            writeln!(
                out,
                "{},{},{},{}",
                csv_field(&g.project),
                csv_field(&g.id),
                p.date,
                cairn_core::model::format_number(p.value)
            )?;
        }
    }
    Ok(())
}
