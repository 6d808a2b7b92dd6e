//! `cairn history`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::json::emit;
use cairn_core::analyze::history::{History, Interval, Percentiles};
use cairn_core::text::escape::{markdown as markdown_text, term};
use clap::{Args, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

/// Trends from the git history of the task files: burn-up (scope and done), cumulative
/// flow, throughput, cycle and lead time, and aging work in progress. Dates are commit
/// times.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The revision whose first-parent history is read.
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// First day (YYYY-MM-DD, or relative: `-12w`); default: 12 weeks before --until.
    #[arg(long, value_parser = crate::args::date_arg, value_name = "DATE")]
    pub since: Option<crate::args::DateArg>,
    /// Last day (YYYY-MM-DD, or relative: `yesterday`); default: today.
    #[arg(long, value_parser = crate::args::date_arg, value_name = "DATE")]
    pub until: Option<crate::args::DateArg>,
    #[arg(long, value_enum, default_value_t = Step::Week)]
    pub interval: Step,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
    /// Instead of trends: each person's velocity (estimate ÷ actual: `spent`, else the
    /// working hours from first active to done) over the tasks finished in the window, the evidence
    /// `--confidence` draws from.
    #[arg(long, conflicts_with = "accuracy")]
    pub velocity: bool,
    /// Instead of trends: the backtest. At the last commit of each week in the window,
    /// what the forecast said about each milestone that has since finished, against when
    /// it did: the error by how far ahead it was, and how often the P85 date held.
    #[arg(long)]
    pub accuracy: bool,
    /// Samples for the backtest's P85 dates (0: single forecasts only).
    #[arg(long, value_name = "N", default_value_t = 100, requires = "accuracy")]
    pub samples: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Step {
    Day,
    Week,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Table,
    Json,
    Csv,
    Mermaid,
}

pub fn run(ctx: &Context, args: HistoryArgs, out: &mut dyn Write) -> CmdResult {
    let (dir, ws) = ctx.load()?;
    let until = args.until.map_or(ctx.today, |d| d.resolve(ctx.today));
    let since = match args.since.map(|d| d.resolve(ctx.today)) {
        Some(s) => s,
        None => until
            .checked_sub(jiff::Span::new().weeks(12))
            .map_err(|e| CliError::from_error("--until is out of range", &e))?,
    };
    if since > until {
        return Err(CliError::new(format!(
            "--since {since} is after --until {until}"
        )));
    }
    let interval = match args.interval {
        Step::Day => Interval::Day,
        Step::Week => Interval::Week,
    };
    if args.accuracy {
        let mut cache = ctx.parse_cache(&dir);
        let acc = cairn_core::ops::trends::backtest(
            &dir,
            &ws,
            since,
            until,
            (args.samples > 0).then_some(args.samples),
            Some(&mut cache),
        )?;
        return accuracy(&acc, args.format, out);
    }
    let history =
        cairn_core::ops::trends::history(&dir, &ws.config, &args.rev, since, until, interval)?;
    if args.velocity {
        let start = jiff::Timestamp::from_second(
            i64::from(cairn_core::analyze::schedule::day_number(since)) * 86_400,
        )
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let window: Vec<_> = history
            .finished
            .iter()
            .filter(|f| f.done_at >= start)
            .cloned()
            .collect();
        let e = cairn_core::analyze::schedule::Evidence::from_history(&ws, &window);
        return velocity(&e, since, until, args.format, out);
    }
    match args.format {
        HistoryFormat::Json => {
            #[derive(serde::Serialize)]
            struct HistoryJson<'a> {
                version: u32,
                rev: &'a str,
                #[serde(flatten)]
                history: &'a History,
            }
            emit(
                out,
                &HistoryJson {
                    version: 1,
                    rev: &args.rev,
                    history: &history,
                },
            )?;
        }
        HistoryFormat::Csv => csv(&history, out)?,
        HistoryFormat::Mermaid => mermaid(&history, out)?,
        HistoryFormat::Table => table(&history, out)?,
    }
    Ok(0)
}

fn velocity(
    e: &cairn_core::analyze::schedule::Evidence,
    since: jiff::civil::Date,
    until: jiff::civil::Date,
    format: HistoryFormat,
    out: &mut dyn Write,
) -> CmdResult {
    use cairn_core::analyze::schedule::confidence::{CLAMP, MIN_POINTS, summaries};
    let rows = summaries(e);
    match format {
        HistoryFormat::Json => {
            #[derive(serde::Serialize)]
            struct VelocityJson<'a> {
                version: u32,
                since: jiff::civil::Date,
                until: jiff::civil::Date,
                people: &'a [cairn_core::analyze::schedule::confidence::VelocitySummary],
                evidence: &'a cairn_core::analyze::schedule::Evidence,
            }
            emit(
                out,
                &VelocityJson {
                    version: 1,
                    since,
                    until,
                    people: &rows,
                    evidence: e,
                },
            )?;
        }
        HistoryFormat::Csv => {
            writeln!(out, "person,tasks,median,p10,p90,slowest,fastest,clamped")?;
            for r in &rows {
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
        }
        _ => {
            if rows.is_empty() {
                writeln!(
                    out,
                    "no task went from active to done with an estimate between {since} and {until}"
                )?;
                return Ok(0);
            }
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            t.set_header([
                "Person", "Tasks", "Median", "P10", "P90", "Slowest", "Fastest",
            ]);
            for r in &rows {
                t.add_row([
                    term(&r.person),
                    r.tasks.to_string(),
                    format!("{}", r.median),
                    format!("{}", r.p10),
                    format!("{}", r.p90),
                    term(&r.slowest),
                    term(&r.fastest),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "velocity = estimate ÷ actual (spent, else working hours from first active to done); under 1: work took longer than its estimate"
            )?;
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
        }
    }
    Ok(0)
}

fn accuracy(
    a: &cairn_core::analyze::accuracy::Accuracy,
    format: HistoryFormat,
    out: &mut dyn Write,
) -> CmdResult {
    let d = |v: Option<f64>| v.map_or_else(|| "—".into(), |x| format!("{x}"));
    match format {
        HistoryFormat::Json => {
            #[derive(serde::Serialize)]
            struct AccuracyJson<'a> {
                version: u32,
                #[serde(flatten)]
                accuracy: &'a cairn_core::analyze::accuracy::Accuracy,
            }
            emit(
                out,
                &AccuracyJson {
                    version: 1,
                    accuracy: a,
                },
            )?;
        }
        HistoryFormat::Csv => {
            writeln!(
                out,
                "at,project,milestone,forecast,p85,actual,error_days,horizon_weeks"
            )?;
            for o in &a.observations {
                let opt =
                    |x: Option<jiff::civil::Date>| x.map(|d| d.to_string()).unwrap_or_default();
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
        }
        HistoryFormat::Mermaid => {
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
                    d(h.mean_abs_error),
                    d(h.mean_error)
                )?;
            }
        }
        HistoryFormat::Table => {
            writeln!(
                out,
                "{} weekly snapshots from {} to {}; {} milestones finished since, {} forecasts of them",
                a.snapshots,
                a.since,
                a.until,
                a.milestones,
                a.observations.len()
            )?;
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            t.set_header([
                "Weeks before finish",
                "Forecasts",
                "Mean |error| (days)",
                "Mean error (days)",
            ]);
            for h in &a.horizons {
                t.add_row([
                    match h.horizon.strip_suffix('+') {
                        Some(w) => format!("over {w}"),
                        None => format!("≤ {}", h.horizon),
                    },
                    h.forecasts.to_string(),
                    d(h.mean_abs_error),
                    d(h.mean_error),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "error: working days from the forecast to the actual finish (positive: later than forecast)"
            )?;
            match a.p85_hit_rate {
                Some(r) => writeln!(
                    out,
                    "P85 dates: {:.0}% of {} finished by them (an honest P85 holds about 85% of the time)",
                    r * 100.0,
                    a.with_p85
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
        }
    }
    Ok(0)
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

fn table(h: &History, out: &mut dyn Write) -> std::io::Result<()> {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    let mut header = vec![
        "End".to_owned(),
        "Scope".into(),
        "Done".into(),
        "Hours done/scope".into(),
        "Finished".into(),
    ];
    header.extend(h.statuses.iter().map(|s| term(s)));
    t.set_header(header);
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
        t.add_row(row);
    }
    writeln!(out, "{t}")?;
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
        writeln!(out, "no work in progress")?;
    } else {
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
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    // Quote every field that needs it; neutralize spreadsheet formulas.
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

fn csv(h: &History, out: &mut dyn Write) -> std::io::Result<()> {
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

/// A burn-up chart (`xychart-beta`, lines) with the same numbers as a plain table beside
/// it, for renderers without xychart support.
fn mermaid(h: &History, out: &mut dyn Write) -> std::io::Result<()> {
    let labels: Vec<String> = h
        .intervals
        .iter()
        .map(|p| format!("\"{}\"", p.end.strftime("%m-%d")))
        .collect();
    let max = h
        .intervals
        .iter()
        .map(|p| p.scope_count)
        .max()
        .unwrap_or(0)
        .max(1);
    let series = |f: &dyn Fn(&cairn_core::analyze::history::IntervalPoint) -> usize| {
        h.intervals
            .iter()
            .map(|p| f(p).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out, "```mermaid")?;
    writeln!(out, "xychart-beta")?;
    writeln!(
        out,
        "  title \"Burn-up: scope and done tasks, {} to {}\"",
        h.since, h.until
    )?;
    writeln!(out, "  x-axis [{}]", labels.join(", "))?;
    writeln!(out, "  y-axis \"tasks\" 0 --> {max}")?;
    writeln!(out, "  line [{}]", series(&|p| p.scope_count))?;
    writeln!(out, "  line [{}]", series(&|p| p.done_count))?;
    writeln!(out, "```")?;
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
    )?;
    Ok(())
}
