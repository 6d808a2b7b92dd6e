//! `cairn plan`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use clap::{Args, ValueEnum};
use std::io::Write;

/// The forecast schedule: every unfinished task with its assignees, forecast start and
/// finish, due date, slack and critical-chain mark (the chains of milestones at risk or
/// late and of each project's finish), then those chains.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Only this project.
    #[arg(add = PROJECTS())]
    pub project: Option<String>,
    /// Only this milestone (of the project given).
    #[arg(long, requires = "project")]
    pub milestone: Option<String>,
    /// List every milestone's critical chain, not only those of milestones at risk or
    /// late.
    #[arg(long)]
    pub chains: bool,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
    #[command(flatten)]
    pub odds: crate::args::OddsArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Table,
    Json,
    Mermaid,
}

pub fn run(ctx: &Context, args: PlanArgs, out: &mut dyn Write) -> CmdResult {
    use cairn_core::ops::plan::{PlanError, PlanQuery, plan};
    let (source, ws) = ctx.load()?;
    let q = PlanQuery {
        project: args.project,
        milestone: args.milestone,
        odds: args.odds.request(),
        gantt: args.format == PlanFormat::Mermaid,
    };
    let plan = plan(&ws, &source, &q, ctx.today).map_err(|e| {
        let hint = match &e {
            PlanError::Project {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            PlanError::Project { .. } => Some(cairn_core::ops::query::projects_hint(&ws)),
            _ => None,
        };
        CliError::of(&e).maybe_hint(hint)
    })?;
    match args.format {
        PlanFormat::Json => return crate::render::json::emit(out, &plan),
        PlanFormat::Table => {
            crate::render::plan::table(out, &plan, ctx.width, ctx.style, args.chains)?
        }
        PlanFormat::Mermaid => crate::render::plan::mermaid(out, &plan, &ws.config.name)?,
    }
    Ok(0)
}
