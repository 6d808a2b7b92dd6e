//! `cairn set`.

use crate::apply::{Edit, finish};
use crate::args::ANY_ID;
use crate::args::EditOpts;
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Set fields of a task, project, decision or meeting: `cairn set T-12 due=2026-12-20
/// estimate=3d priority=high`. List fields take comma-separated values. A field set to the
/// value it already has (written, or by default) changes nothing.
#[derive(Debug, Args)]
pub struct SetArgs {
    #[arg(add = ANY_ID())]
    pub id: String,
    /// `field=value` pairs.
    #[arg(value_name = "FIELD=VALUE", add = clap_complete::engine::ArgValueCompleter::new(crate::complete::set_fields))]
    pub assignments: Vec<String>,
    /// Remove a field; repeat for several.
    #[arg(long, value_name = "FIELD", value_delimiter = ',')]
    pub unset: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: SetArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::set(&ws, &a.id, &a.assignments, &a.unset, ctx.today)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
