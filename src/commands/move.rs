//! `cairn move`.

use crate::apply::{Edit, finish};
use crate::args::PROJECTS;
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Move a task to another project: sets `project` (and `milestone`, or removes the old
/// one, which belonged to the old project) and moves the file to `tasks/<project>/`.
#[derive(Debug, Args)]
pub struct MoveArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[arg(long, add = PROJECTS())]
    pub project: String,
    /// A milestone of the new project.
    #[arg(long)]
    pub milestone: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: MoveArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::move_task(&ws, &a.id, &a.project, a.milestone.as_deref())?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
