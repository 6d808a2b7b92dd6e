//! `cairn action add|done|reopen`.

use crate::apply::{Edit, finish};
use crate::args::EditOpts;
use crate::args::MEETINGS;
use crate::context::Context;
use crate::error::CmdResult;
use clap::{Args, Subcommand};
use std::io::Write;

/// Add, tick or untick an action item: `cairn action add 2026-11-23-weekly-sync "@bob
/// Draft the plan due:friday"`, `cairn action done 2026-11-23-weekly-sync 2`.
#[derive(Debug, Args)]
pub struct ActionArgs {
    #[command(subcommand)]
    pub cmd: ActionCmd,
}

#[derive(Debug, Subcommand)]
pub enum ActionCmd {
    /// Append an open action item under the meeting's `## Action items`; `due:friday`,
    /// `due:+3d` and the like are written as dates.
    Add(ActionAdd),
    /// Check the Nth action item of a meeting (numbers as `cairn actions` shows them).
    Done(ActionRef),
    /// Uncheck it again.
    Reopen(ActionRef),
}

#[derive(Debug, Args)]
pub struct ActionAdd {
    #[arg(add = MEETINGS())]
    pub meeting: String,
    /// `@person what to do [due:DATE]`.
    pub text: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

#[derive(Debug, Args)]
pub struct ActionRef {
    #[arg(add = MEETINGS())]
    pub meeting: String,
    pub n: usize,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: ActionArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (r, checked) = match a.cmd {
        ActionCmd::Add(add) => {
            let (source, ws) = ctx.load_to_edit(add.opts.wait.0, add.opts.dry_run)?;
            let change =
                cairn_core::ops::edit::action_add(&ws, &add.meeting, &add.text, ctx.today)?;
            return finish(ctx, &source, ws, Edit::diff(change), &add.opts, out, err);
        }
        ActionCmd::Done(r) => (r, true),
        ActionCmd::Reopen(r) => (r, false),
    };
    let (source, ws) = ctx.load_to_edit(r.opts.wait.0, r.opts.dry_run)?;
    let change = cairn_core::ops::edit::action_tick(&ws, &r.meeting, r.n, checked, ctx.today)?;
    finish(ctx, &source, ws, Edit::diff(change), &r.opts, out, err)
}
