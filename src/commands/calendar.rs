//! `cairn calendar`.

use crate::args::{PEOPLE, PROJECTS};
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// An iCalendar (.ics) file to subscribe to or import: due dates of open tasks, milestone
/// due dates and forecast finishes, meetings, time off and holidays. Stable event ids, so
/// a re-import moves events instead of adding copies.
#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// One person's calendar: their tasks, meetings, time off, and their milestones.
    #[arg(long, add = PEOPLE(), conflicts_with = "project")]
    pub person: Option<String>,
    /// One project's calendar.
    #[arg(long, add = PROJECTS())]
    pub project: Option<String>,
    /// Write the file here instead of printing it.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, a: CalendarArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let ics = cairn_core::ops::reports::calendar(
        &ws,
        a.person.as_deref(),
        a.project.as_deref(),
        ctx.today,
    )?;
    match &a.output {
        Some(path) => {
            cairn_core::ops::write::write_if_changed(path, ics.as_bytes()).map_err(|e| {
                CliError::from_error(format!("cannot write {}", path.display()), &e)
            })?;
            writeln!(out, "wrote {}", path.display())?;
        }
        None => out.write_all(ics.as_bytes())?,
    }
    Ok(0)
}
