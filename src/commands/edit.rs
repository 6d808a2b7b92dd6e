//! `cairn edit`.

use crate::args::ANY_ID;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};

/// Open a task, project, decision or meeting in $VISUAL (else $EDITOR, else vi), then
/// check the workspace. When the edit adds an error, cairn shows it and offers to open the
/// file again (on a terminal); the edit itself is always kept.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// A task, decision, project or meeting id.
    #[arg(add = ANY_ID())]
    pub id: String,
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Runs the editor on `path`. The editor value may carry arguments (`code --wait`), so it
/// goes through the shell, with the path as a separate argument (never spliced in).
fn open(path: &std::path::Path) -> Result<(), CliError> {
    let cmd = editor();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{cmd} \"$1\""))
        .arg("cairn-edit")
        .arg(path)
        .status()
        .map_err(|e| CliError::from_error(format!("cannot run the editor `{cmd}`"), &e))?;
    if status.success() {
        Ok(())
    } else {
        Err(
            CliError::new(format!("the editor `{cmd}` failed ({status})"))
                .hint("the file keeps whatever the editor saved"),
        )
    }
}

pub fn run(ctx: &Context, args: EditArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let (file, _) = cairn_core::ops::edit::locate(&ws, &args.id)?;
    let rel = ws.path(file).to_owned();
    let path = cairn_core::paths::resolve_inside(source.root(), &rel)
        .ok_or_else(|| CliError::new(format!("{rel} leads outside the workspace")))?;
    let before_text =
        std::fs::read(&path).map_err(|e| CliError::from_error(format!("cannot read {rel}"), &e))?;
    let before = cairn_core::ops::check::findings(&ws, ctx.today, None);
    std::mem::forget(ws);
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    loop {
        open(&path)?;
        let after_text = std::fs::read(&path).unwrap_or_default();
        if after_text == before_text {
            if !ctx.quiet {
                writeln!(err, "{rel}: no changes")?;
            }
            return Ok(0);
        }
        let (_, ws) = ctx.load()?;
        let after = cairn_core::ops::check::findings(&ws, ctx.today, None);
        let new_errors = cairn_core::ops::check::introduced_errors(&before, &after);
        if new_errors.is_empty() {
            if !ctx.quiet {
                writeln!(err, "{rel}: saved; check finds nothing new")?;
            }
            writeln!(out, "{rel}")?;
            return Ok(0);
        }
        for d in &new_errors {
            writeln!(
                err,
                "{}",
                crate::render::term::human(d, Some(&ws), ctx.style)
            )?;
        }
        let n = new_errors.len();
        let plural = if n == 1 { "" } else { "s" };
        if interactive {
            write!(
                err,
                "The edit adds {n} error{plural}. Edit {rel} again? [Y/n] "
            )?;
            err.flush()?;
            let mut answer = String::new();
            std::io::stdin().lock().read_line(&mut answer)?;
            if !matches!(answer.trim(), "n" | "N" | "no") {
                continue;
            }
        }
        return Err(
            CliError::new(format!("{rel} was saved with {n} new error{plural}"))
                .hint(format!("fix it with `cairn edit {}`", args.id))
                .findings(),
        );
    }
}
