//! `cairn sync-commits`.

use crate::apply::{Edit, finish};
use crate::args::{EditFormat, EditOpts, WaitArg, wait_arg};
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use clap::Args;
use std::io::Write;

/// Mark done the tasks that commits on the main line close: a message that says `Closes
/// T-12`, `Fixes T-12` or `Done T-12` (also close(d), fix(ed), resolve(s/d), completes;
/// several ids: `Fixes T-3, T-4`) makes T-12 done, `closed` the day of the commit (of the
/// merge that brought it in). A reverted commit closes nothing. Without `--apply`, prints
/// the change as a diff (which `git apply` accepts) and writes nothing; the closings go to
/// standard error.
#[derive(Debug, Args)]
pub struct SyncCommitsArgs {
    /// Only commits after this revision (a tag, a branch, a commit); default: the whole
    /// first-parent line of HEAD (its latest 5,000 commits).
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Write the change.
    #[arg(long)]
    pub apply: bool,
    /// How to report: the diff, or JSON (the edit, with `closings`; docs/json.md).
    #[arg(long, value_enum, default_value_t = EditFormat::Diff)]
    pub format: EditFormat,
    /// How long to wait for another cairn command that is changing the workspace.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = wait_arg)]
    pub wait: WaitArg,
}

pub fn run(
    ctx: &Context,
    a: SyncCommitsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let (session, ws) = ctx.load_to_edit(a.wait.0, !a.apply)?;
    let (rows, change) = cairn_core::ops::sync::sync(&session.source, &ws, a.since.as_deref())
        .map_err(|e| match e {
            cairn_core::ops::sync::SyncError::Edit(e) => CliError::from(e),
            e => CliError::of(&e),
        })?;
    if a.format == EditFormat::Diff && !ctx.quiet {
        if rows.is_empty() {
            writeln!(err, "no commit on the main line closes a task")?;
        }
        for r in &rows {
            let c = &r.closing;
            let pr = c.pull_request.map(|n| format!(" #{n}")).unwrap_or_default();
            let what = match r.state {
                "closes" => "closes",
                "done" => "closes (already done)",
                "cancelled" => "closes (but it is cancelled; left as it is)",
                _ => "names an unknown task",
            };
            writeln!(
                err,
                "{} {}{pr} {what} {}: {}",
                c.short,
                c.date,
                c.task,
                cairn_core::text::escape::term(&c.summary)
            )?;
        }
    }
    let mut edit = Edit::diff(change);
    edit.extra.insert(
        "closings".into(),
        serde_json::to_value(&rows).map_err(|e| CliError::from_error("cannot encode", &e))?,
    );
    let opts = EditOpts {
        dry_run: !a.apply,
        format: a.format,
        wait: a.wait,
    };
    finish(ctx, &session, ws, edit, &opts, out, err)
}
