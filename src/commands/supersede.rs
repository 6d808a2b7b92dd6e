//! `cairn supersede`.

use crate::apply::{Edit, finish};
use crate::args::DECISIONS;
use crate::args::EditOpts;
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Mark a decision as replaced: `cairn supersede D-2 --by D-5` sets `supersedes: D-2` in
/// D-5 and `status: superseded` in D-2, both as one change.
#[derive(Debug, Args)]
pub struct SupersedeArgs {
    #[arg(add = DECISIONS())]
    pub id: String,
    #[arg(long, value_name = "DECISION", add = DECISIONS())]
    pub by: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: SupersedeArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::supersede(&ws, &a.id, &a.by)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
