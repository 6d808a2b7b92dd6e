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
    let history =
        cairn_core::ops::trends::history(&dir, &ws.config, &args.rev, since, until, interval)?;
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
