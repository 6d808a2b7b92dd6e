//! `cairn start`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Move a task to the workflow's first `active` status (leaving a done status removes `closed`).
#[derive(Debug, Args)]
pub struct StartArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: StartArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::start(&ws, &a.id, ctx.today)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
