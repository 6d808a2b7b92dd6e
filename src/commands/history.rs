//! `cairn history`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::json::emit;
use cairn_core::ops::trends::Interval;
use clap::{Args, ValueEnum};
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
    /// Instead of trends: every goal's measurements in the window (from its metric file,
    /// or its `current:` in each commit that changed it) and its trend.
    #[arg(long, conflicts_with_all = ["accuracy", "velocity"])]
    pub goals: bool,
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
    use crate::render::history as draw;
    use cairn_core::ops::trends;
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
    if args.goals {
        let goals = trends::goal_history(&dir, &ws, &args.rev, since, until)?;
        match args.format {
            HistoryFormat::Json => {
                return emit(
                    out,
                    &trends::GoalsJson {
                        version: 1,
                        since,
                        until,
                        goals: &goals,
                    },
                );
            }
            HistoryFormat::Csv => draw::goals_csv(&goals, out)?,
            HistoryFormat::Table | HistoryFormat::Mermaid => draw::goals_table(&goals, out)?,
        }
        return Ok(0);
    }
    if args.accuracy {
        let mut cache = ctx.parse_cache(&dir);
        let samples = (args.samples > 0).then_some(args.samples);
        let acc = trends::backtest(&dir, &ws, since, until, samples, Some(&mut cache))?;
        match args.format {
            HistoryFormat::Json => {
                let json = trends::AccuracyJson {
                    version: 1,
                    accuracy: &acc,
                };
                return emit(out, &json);
            }
            HistoryFormat::Csv => draw::accuracy_csv(&acc, out)?,
            HistoryFormat::Mermaid => draw::accuracy_mermaid(&acc, out)?,
            HistoryFormat::Table => draw::accuracy_table(&acc, out)?,
        }
        return Ok(0);
    }
    // A portfolio: each member's history from its own repository.
    if !ws.config.portfolio.is_empty() && !args.velocity {
        let state = ctx.state(dir.root()).ok();
        let members = cairn_core::ops::portfolio::histories(
            &ws,
            dir.root(),
            state.as_ref().map(|s| s.path()),
            since,
            until,
            interval,
        );
        match args.format {
            HistoryFormat::Json => {
                return emit(
                    out,
                    &serde_json::json!({"version": 1, "since": since, "until": until, "members": members}),
                );
            }
            _ => {
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        writeln!(out)?;
                    }
                    writeln!(out, "## {}", m.name)?;
                    match (&m.history, &m.error) {
                        (Some(h), _) => match args.format {
                            HistoryFormat::Csv => draw::csv(h, out)?,
                            HistoryFormat::Mermaid => draw::mermaid(h, out)?,
                            _ => draw::table(h, out)?,
                        },
                        (None, Some(e)) => writeln!(
                            out,
                            "cannot read its history: {}",
                            cairn_core::text::escape::term(e)
                        )?,
                        (None, None) => {}
                    }
                }
                return Ok(0);
            }
        }
    }
    let history = trends::history(&dir, &ws.config, &args.rev, since, until, interval)?;
    if args.velocity {
        let v = trends::velocity(&ws, &history, since, until);
        match args.format {
            HistoryFormat::Json => return emit(out, &v),
            HistoryFormat::Csv => draw::velocity_csv(&v, out)?,
            HistoryFormat::Table | HistoryFormat::Mermaid => draw::velocity_table(&v, out)?,
        }
        return Ok(0);
    }
    match args.format {
        HistoryFormat::Json => {
            let json = trends::HistoryJson {
                version: 1,
                rev: &args.rev,
                history: &history,
            };
            return emit(out, &json);
        }
        HistoryFormat::Csv => draw::csv(&history, out)?,
        HistoryFormat::Mermaid => draw::mermaid(&history, out)?,
        HistoryFormat::Table => draw::table(&history, out)?,
    }
    Ok(0)
}
