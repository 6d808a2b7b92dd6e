//! `cairn record`.

use crate::apply::{Edit, finish};
use crate::args::EditOpts;
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Record a measurement of a goal: `cairn record signups 412`. A goal with a `source:`
/// gets a row appended to its metric file (CSV or JSON Lines; made with its header when
/// it is the first; `merge=union` in .gitattributes so two branches' rows both land). A
/// goal without one gets its `current:` set in the project file.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The goal: its id, or PROJECT/GOAL when two projects have one by that id.
    pub goal: String,
    /// The value measured.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// The day measured (a date, or `yesterday`, `friday`, ...); default: today.
    #[arg(long, value_parser = crate::args::date_arg, value_name = "DATE")]
    pub on: Option<crate::args::DateArg>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: RecordArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let on = a.on.map_or(ctx.today, |d| d.resolve(ctx.today));
    let change = cairn_core::ops::record::record(&ws, source.root(), &a.goal, &a.value, on)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
