//! `cairn workload`.

use crate::context::Context;
use crate::error::CmdResult;
use crate::render::json::emit;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Hours per person per ISO week: available, planned by the forecast, and demanded by due
/// dates. A week whose demand exceeds what is available is over capacity (`!`).
#[derive(Debug, Args)]
pub struct WorkloadArgs {
    /// How many weeks, starting with the current one.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=104))]
    pub weeks: u32,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = WorkloadFormat::Table)]
    pub format: WorkloadFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WorkloadFormat {
    Table,
    Json,
}

pub fn run(ctx: &Context, args: WorkloadArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let load = cairn_core::ops::workload::workload(&ws, args.weeks, ctx.today);
    match args.format {
        WorkloadFormat::Json => emit(out, &load),
        WorkloadFormat::Table => {
            crate::render::workload::table(out, &load, ctx.style)?;
            Ok(0)
        }
    }
}
