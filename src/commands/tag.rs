//! `cairn tag`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Add and remove tags: `cairn tag T-12 +web -legacy`.
#[derive(Debug, Args)]
pub struct TagArgs {
    #[arg(add = TASKS())]
    pub id: String,
    /// `+TAG` adds, `-TAG` removes. Flags go before the changes, or after `--`.
    #[arg(required = true, allow_hyphen_values = true, value_name = "+TAG|-TAG", value_parser = tag_change)]
    pub changes: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// A change must say what it does: `+tag`, `-tag` or a bare tag to add.
fn tag_change(s: &str) -> Result<String, String> {
    if s.starts_with("--") {
        return Err(format!(
            "`{s}` looks like a flag; put flags before the tag changes"
        ));
    }
    Ok(s.to_owned())
}

pub fn run(ctx: &Context, a: TagArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let change = cairn_core::ops::edit::tag(&ws, &a.id, &a.changes)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
