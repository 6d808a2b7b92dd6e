//! `cairn recur`.

use crate::apply::{Edit, Print, finish};
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Create the instances of recurring tasks (`recur: weekly`) due from today to --until,
/// as ordinary tasks named after the template and the date (`T-40@2026-12-07`). Run it
/// on two branches and both create the same files.
#[derive(Debug, Args)]
pub struct RecurArgs {
    /// Only this template's instances.
    #[arg(add = TASKS())]
    pub id: Option<String>,
    /// The last day (a date, or relative: `+8w`); default: 4 weeks from today.
    #[arg(long, value_parser = crate::args::date_arg, value_name = "DATE")]
    pub until: Option<crate::args::DateArg>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: RecurArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let until = a.until.map_or_else(
        || cairn_core::ops::recur::horizon(ctx.today),
        |d| d.resolve(ctx.today),
    );
    let change = cairn_core::ops::recur::recur(&ws, a.id.as_deref(), ctx.today, until)?;
    if change.is_empty() && !ctx.quiet {
        writeln!(err, "every instance due by {until} is there")?;
    }
    let edit = Edit {
        change,
        id: None,
        print: Print::CreatedPath,
        extra: Default::default(),
    };
    finish(ctx, &source, ws, edit, &a.opts, out, err)
}
