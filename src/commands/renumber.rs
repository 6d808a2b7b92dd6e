//! `cairn renumber`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Give a task a new id: its file is renamed and every reference to the old id is
/// rewritten (`depends_on`, `parent`, decisions' `tasks`, and mentions in every file's
/// Markdown, outside code). For an id two branches both minted, `--file` says which file
/// gets the new one (`cairn check` names the command to run).
#[derive(Debug, Args)]
pub struct RenumberArgs {
    #[arg(add = TASKS())]
    pub old: String,
    /// The new id; it must be free.
    pub new: String,
    /// The file whose task is renumbered, when two files have the id.
    #[arg(long, value_name = "PATH")]
    pub file: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: RenumberArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let r = cairn_core::ops::renumber::renumber(&ws, &a.old, &a.new, a.file.as_deref())?;
    if r.ambiguous && !ctx.quiet {
        writeln!(
            err,
            "note: {} was in more than one file; references to it elsewhere were left as they are (check that they mean the task that keeps {})",
            a.old, a.old
        )?;
    }
    finish(ctx, &source, ws, Edit::diff(r.change), &a.opts, out, err)
}
