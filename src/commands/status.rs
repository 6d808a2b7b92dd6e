//! `cairn status`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::ops::status::StatusQuery;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Progress and forecast per project: counts, effort and budget, milestones, goals, and the
/// tasks that need attention.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this project.
    #[arg(add = PROJECTS())]
    pub project: Option<String>,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// Weeks of git history that give each project's pace (tasks finished per week) for
    /// a throughput forecast; 0 turns it off. Needs the workspace in a git repository.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub pace_weeks: u32,
    /// Earned value against the plan at this git revision (a tag such as `v1-plan`):
    /// PV, EV, AC, SPI, CPI, EAC and each milestone's baseline finish against today's
    /// forecast. Default: each project's `baseline:`.
    #[arg(long, value_name = "REV")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub odds: crate::args::OddsArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
    Markdown,
}

pub fn run(ctx: &Context, args: StatusArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let q = StatusQuery {
        project: args.project,
        pace_weeks: args.pace_weeks,
        odds: args.odds.request(),
        baseline: args.baseline.clone(),
    };
    let status = cairn_core::ops::status::status(&ws, &source, &q, ctx.today).map_err(|e| {
        let hint = match (&e.suggestion, &e.baseline) {
            (_, Some(_)) => {
                "give a revision the repository has: a tag, a branch or a commit".into()
            }
            (Some(s), None) => format!("did you mean `{s}`?"),
            (None, None) => cairn_core::ops::query::projects_hint(&ws),
        };
        CliError::of(&e).hint(hint)
    })?;
    match args.format {
        StatusFormat::Json => crate::render::json::emit(out, &status),
        StatusFormat::Table | StatusFormat::Markdown => {
            let md = args.format == StatusFormat::Markdown;
            crate::render::status::text(out, &status, &ws.config, md, ctx.style)?;
            Ok(0)
        }
    }
}
