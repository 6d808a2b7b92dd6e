//! `cairn assign`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, PEOPLE, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Add people to a task's assignees.
#[derive(Debug, Args)]
pub struct AssignArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[arg(required = true, value_name = "PERSON", value_delimiter = ',', add = PEOPLE())]
    pub people: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: AssignArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::assign(&ws, &a.id, &a.people)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
