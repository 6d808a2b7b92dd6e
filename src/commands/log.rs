//! `cairn log`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, PEOPLE, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Log time worked on a task: one line appended to your own log of the month,
/// `time/<you>/<YYYY-MM>.md` (`- 2026-12-01 T-11 3h note`). One file per person and month,
/// only appended to, merged line by line (`time/** merge=union` in .gitattributes), so
/// logs never conflict. A task's `spent` is its `spent:` plus what is logged on it.
#[derive(Debug, Args)]
pub struct LogArgs {
    #[arg(add = TASKS())]
    pub task: String,
    /// How long: `3h`, `90m`, `1.5h`, `1d` (a working day of the calendar).
    pub duration: String,
    /// Whose time; default: CAIRN_USER, else the person whose `email:` is your git
    /// user.email.
    #[arg(long = "as", value_name = "PERSON", add = PEOPLE())]
    pub person: Option<String>,
    /// The day worked (a date, or `yesterday`, `friday`, ...); default: today.
    #[arg(long, value_parser = crate::args::date_arg, value_name = "DATE")]
    pub on: Option<crate::args::DateArg>,
    /// A note on what was done.
    #[arg(short = 'm', long = "message", value_name = "TEXT", default_value = "")]
    pub message: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: LogArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let me = ctx.me(&ws, source.root(), a.person.as_deref())?;
    let on = a.on.map_or(ctx.today, |d| d.resolve(ctx.today));
    let change = cairn_core::ops::timelog::log(
        &ws,
        source.root(),
        &me,
        &a.task,
        &a.duration,
        on,
        &a.message,
    )?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
