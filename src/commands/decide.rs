//! `cairn decide`.

use crate::apply::{Edit, finish};
use crate::args::DECISIONS;
use crate::args::EditOpts;
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Record a decision: `chosen`, `status: accepted` and `date: <today>`.
#[derive(Debug, Args)]
pub struct DecideArgs {
    #[arg(add = DECISIONS())]
    pub id: String,
    /// The option chosen (its `name`).
    #[arg(long, value_name = "OPTION", add = clap_complete::engine::ArgValueCompleter::new(crate::complete::decision_options))]
    pub choose: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: DecideArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::decide(&ws, &a.id, &a.choose, ctx.today)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
