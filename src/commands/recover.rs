//! `cairn recover`.

use crate::args::{WaitArg, wait_arg};
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use clap::Args;
use std::io::Write;

/// Finish the change an interrupted cairn command left half written (a killed `import`,
/// `renumber`, `move`, …), or abandon it with `--discard`. It writes only what that
/// command staged, and only while every file still holds what the command read or
/// wrote: a file edited since is never overwritten (the change is then set aside, and
/// nothing is written). Read-only commands report such a change; they never finish it.
#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// Abandon the change instead: files it already wrote stay as they are, the rest are
    /// not written.
    #[arg(long)]
    pub discard: bool,
    /// How long to wait for another cairn command to finish (`10s`, `2m`, `0`).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = wait_arg)]
    pub wait: WaitArg,
}

pub fn run(ctx: &Context, a: RecoverArgs, out: &mut dyn Write) -> CmdResult {
    let root = ctx.workspace_root()?;
    let lock = ctx
        .state(&root)?
        .lock(a.wait.0)
        .map_err(|e| CliError::of(&e))?;
    let r = cairn_core::ops::journal::recover(&lock, a.discard).map_err(CliError::from)?;
    if !r.found {
        writeln!(out, "nothing to recover")?;
        return Ok(0);
    }
    let esc = cairn_core::text::escape::term;
    for f in &r.finished {
        writeln!(out, "wrote {}", esc(f))?;
    }
    for f in &r.already {
        writeln!(out, "already written {}", esc(f))?;
    }
    for f in &r.not_written {
        writeln!(out, "not written {}", esc(f))?;
    }
    let verb = if a.discard { "discarded" } else { "finished" };
    writeln!(out, "{verb} the interrupted change")?;
    Ok(0)
}
