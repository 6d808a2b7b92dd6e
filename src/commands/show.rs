//! `cairn show`.

use crate::args::ANY_ID;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use clap::{Args, ValueEnum};
use std::io::Write;

/// Show one task, project, meeting, decision or person with what cairn derives about it.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A task or decision id (`T-12`, `D-4`), a project id, a meeting id or a person id.
    #[arg(add = ANY_ID())]
    pub id: String,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    /// Leave out a task's forecast line (`derived.forecast` is `null`): the schedule of
    /// the whole workspace is not computed, which is most of the time on a big plan.
    #[arg(long)]
    pub no_forecast: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

pub fn run(ctx: &Context, args: ShowArgs, out: &mut dyn Write) -> CmdResult {
    use cairn_core::ops::show;
    let (source, ws) = ctx.load()?;
    let mut shown = show::show(&ws, &args.id, !args.no_forecast, ctx.today).map_err(|e| {
        CliError::of(&e).hint(
            "ids look like T-12 (task), D-4 (decision), a project id, a meeting id or a person id",
        )
    })?;
    if let show::Shown::Task(t) = &mut shown {
        t.commits = show::commits(&source, &ws, &args.id);
    }
    match args.format {
        ShowFormat::Json => crate::render::json::emit(out, &shown),
        ShowFormat::Table => {
            crate::render::show::text(out, &shown, &ws.config, ctx.today, ctx.style)?;
            Ok(0)
        }
    }
}
