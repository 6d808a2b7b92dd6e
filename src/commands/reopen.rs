//! `cairn reopen`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Move a task back to the workflow's first `open` status and remove `closed`.
#[derive(Debug, Args)]
pub struct ReopenArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: ReopenArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::reopen(&ws, &a.id, ctx.today)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
