//! `cairn depend`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Make a task depend on others: `cairn depend T-12 on T-9 T-10` (`--remove` to drop).
#[derive(Debug, Args)]
pub struct DependArgs {
    #[arg(add = TASKS())]
    pub id: String,
    /// The word `on`.
    #[arg(value_parser = ["on"])]
    pub on: String,
    #[arg(required = true, value_name = "TASK", value_delimiter = ',', add = TASKS())]
    pub targets: Vec<String>,
    #[arg(long)]
    pub remove: bool,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: DependArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::depend(&ws, &a.id, &a.targets, a.remove)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
