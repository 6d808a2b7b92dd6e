//! `cairn close`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, PROJECTS};
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::ops::close::{OpenWork, close, with_report};
use clap::Args;
use std::io::Write;

/// Close a finished project: `status: done`, `closed:` today, and a closing report in
/// `reports/<project>-closing.md` (milestones due against finished, effort and cost
/// against the budget, what was cut or moved, decisions, action items left open, the
/// lessons of its retrospective). Refused while tasks are unfinished, unless told what to
/// do with them.
#[derive(Debug, Args)]
pub struct CloseArgs {
    #[arg(add = PROJECTS())]
    pub project: String,
    /// Cancel the unfinished tasks.
    #[arg(long, conflicts_with = "move_open_to")]
    pub cancel_open: bool,
    /// Move the unfinished tasks to this project.
    #[arg(long, value_name = "PROJECT", add = PROJECTS())]
    pub move_open_to: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: CloseArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let open = match (&a.move_open_to, a.cancel_open) {
        (Some(p), _) => OpenWork::MoveTo(p.clone()),
        (None, true) => OpenWork::Cancel,
        (None, false) => OpenWork::Refuse,
    };
    let dir = cairn_core::ops::reports::folder(&ws, None).map_err(|e| CliError::of(&e))?;
    let (change, closing) = close(&ws, &source, &a.project, &open, &dir, ctx.today)?;
    let text = crate::render::closing::page(&closing, ws.config.calendar.hours_per_day);
    let change = with_report(change, source.root(), &closing, text)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
