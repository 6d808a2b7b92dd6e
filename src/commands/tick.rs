//! `cairn tick`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Check the Nth checklist item of a task, counting from 1.
#[derive(Debug, Args)]
pub struct TickArgs {
    #[arg(add = TASKS())]
    pub id: String,
    pub n: usize,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: TickArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::tick(&ws, &a.id, a.n, true)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
