//! `cairn promote`.

use crate::apply::{Edit, Print, finish};
use crate::args::EditOpts;
use crate::args::MEETINGS;
use crate::context::Context;
use crate::error::CmdResult;
use cairn_core::ops::new::Branches;
use clap::Args;
use std::io::Write;

/// Turn an action item into a task (title, assignees, due date and project from the item
/// and its meeting) and make the item reference the new task id.
#[derive(Debug, Args)]
pub struct PromoteArgs {
    #[arg(add = MEETINGS())]
    pub meeting: String,
    pub n: usize,
    /// An estimate for the new task, such as `2d`.
    #[arg(long)]
    pub estimate: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: PromoteArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let branches = Branches::of(&source);
    let (id, change) = cairn_core::ops::new::promote(
        source.root(),
        &ws,
        &a.meeting,
        a.n,
        a.estimate.clone(),
        branches.as_ref(),
        ctx.today,
    )?;
    finish(
        ctx,
        &source,
        ws,
        Edit {
            change,
            id: Some(&id),
            print: Print::Diff,
            extra: Default::default(),
        },
        &a.opts,
        out,
        err,
    )
}
