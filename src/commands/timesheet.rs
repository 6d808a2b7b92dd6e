//! `cairn timesheet`.

use crate::args::{PEOPLE, PROJECTS};
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::ops::timelog::{By, timesheet};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use std::io::Write;

/// Hours logged, per person and day (or task): this week by default.
#[derive(Debug, Args)]
pub struct TimesheetArgs {
    /// An ISO week: `2026-W49`.
    #[arg(long, value_name = "YYYY-Www", conflicts_with_all = ["month", "from"])]
    pub week: Option<String>,
    /// A month: `2026-12`.
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "from")]
    pub month: Option<String>,
    /// The first day (with --to; a date or relative).
    #[arg(long, value_parser = crate::args::date_arg, value_name = "DATE", requires = "to")]
    pub from: Option<crate::args::DateArg>,
    /// The last day.
    #[arg(long, value_parser = crate::args::date_arg, value_name = "DATE")]
    pub to: Option<crate::args::DateArg>,
    /// Only these people (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "PERSON", add = PEOPLE())]
    pub person: Vec<String>,
    /// Only tasks of this project.
    #[arg(long, add = PROJECTS())]
    pub project: Option<String>,
    /// Total per day or per task.
    #[arg(long, value_enum, default_value_t = ByArg::Day)]
    pub by: ByArg,
    /// Output format: a table, CSV (opens in a spreadsheet as is), or JSON (docs/json.md).
    #[arg(long, value_enum, default_value_t = TimesheetFormat::Table)]
    pub format: TimesheetFormat,
    /// Only hours logged on the tasks the expression holds for.
    #[command(flatten)]
    pub filter: crate::args::WhereArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Day,
    Task,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TimesheetFormat {
    Table,
    Csv,
    Json,
}

/// The days of `--week`, `--month` or `--from/--to`; this ISO week by default.
fn period(a: &TimesheetArgs, today: Date) -> Result<(Date, Date), CliError> {
    let monday_of = |d: Date| {
        d.checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
            .unwrap_or(d)
    };
    let week = |d: Date| (d, d.checked_add(jiff::Span::new().days(6)).unwrap_or(d));
    if let Some(w) = &a.week {
        let bad = || CliError::new(format!("--week `{w}`: give an ISO week such as 2026-W49"));
        let (y, n) = w
            .split_once("-W")
            .or_else(|| w.split_once("-w"))
            .ok_or_else(bad)?;
        let (y, n): (i16, i8) = (y.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
        let d = jiff::civil::ISOWeekDate::new(y, n, jiff::civil::Weekday::Monday)
            .map_err(|_| bad())?
            .date();
        return Ok(week(d));
    }
    if let Some(m) = &a.month {
        let first = cairn_core::text::fields::parse_date(&format!("{m}-01"))
            .map_err(|_| CliError::new(format!("--month `{m}`: give YYYY-MM, such as 2026-12")))?;
        return Ok((first, first.last_of_month()));
    }
    if let (Some(f), Some(t)) = (&a.from, &a.to) {
        let (f, t) = (f.resolve(today), t.resolve(today));
        if f > t {
            return Err(CliError::new(format!("--from {f} is after --to {t}")));
        }
        return Ok((f, t));
    }
    Ok(week(monday_of(today)))
}

pub fn run(ctx: &Context, a: TimesheetArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let (from, to) = period(&a, ctx.today)?;
    let by = match a.by {
        ByArg::Day => By::Day,
        ByArg::Task => By::Task,
    };
    let expr = a.filter.expr.as_deref();
    let me = crate::args::WhereArgs::me(ctx, &ws, &[expr], None)?;
    let filter = cairn_core::ops::query::where_filter(&ws, expr, ctx.today, me.as_deref())?;
    let t = timesheet(&ws, from, to, &a.person, a.project.as_deref(), by, &filter)?;
    match a.format {
        TimesheetFormat::Json => return crate::render::json::emit(out, &t),
        TimesheetFormat::Csv => crate::render::timesheet::csv(&t, out)?,
        TimesheetFormat::Table => crate::render::timesheet::table(&t, ctx.width, out)?,
    }
    Ok(0)
}
