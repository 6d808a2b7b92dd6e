//! `cairn check`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::{ci, json::emit};
use cairn_core::load::source::TreeSource;
use cairn_core::ops::check::CheckQuery;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Check every file in the workspace and report problems.
///
/// Exits 1 when there is an error (or a warning with `--deny warnings`), 0 otherwise, and
/// 2 when the check could not run.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
    /// Treat warnings as errors for the exit code.
    #[arg(long, value_name = "LEVEL", value_enum)]
    pub deny: Option<Deny>,
    /// List every rule with its default level, then exit.
    #[arg(long)]
    pub list_rules: bool,
    /// Also check status moves since this revision against `transitions` in cairn.yaml
    /// (`invalid-transition`); the base side is read from git.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Report only the findings the change introduces: those of the working tree that the
    /// merge base of REV and HEAD does not have (matched by rule and what they are
    /// about); the exit code follows them. The default with `--format github` on a pull
    /// request in GitHub Actions (`GITHUB_BASE_REF` set): `origin/$GITHUB_BASE_REF`.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Report every finding, even on a pull request in GitHub Actions.
    #[arg(long, conflicts_with = "changed_since")]
    pub all: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line.
    Table,
    Json,
    /// GitHub Actions annotations (at most 10 per severity, as GitHub shows), and the
    /// full table in `$GITHUB_STEP_SUMMARY` when it is set.
    Github,
    /// JUnit XML: a test case per rule, failing when the rule found an error (every
    /// finding of the rule in its body); warnings go to `<system-out>`.
    Junit,
    /// GitLab Code Quality JSON, with stable fingerprints.
    Gitlab,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

pub fn run(ctx: &Context, args: CheckArgs, out: &mut dyn Write, _err: &mut dyn Write) -> CmdResult {
    use crate::render::check as draw;
    if args.list_rules {
        draw::rules(out)?;
        return Ok(0);
    }
    let (source, ws) = ctx.load()?;
    let prefix = source.workspace_prefix();
    // On a pull request in GitHub Actions, the annotations are about the change.
    let on_pr = args.format == CheckFormat::Github && !args.all && ctx.ci.github_actions;
    let implicit = args.changed_since.is_none();
    let q = CheckQuery {
        base: args.base.clone(),
        changed_since: args.changed_since.clone().or_else(|| {
            let b = ctx.ci.github_base_ref.as_ref().filter(|_| on_pr)?;
            Some(format!("origin/{b}"))
        }),
        implicit,
    };
    let mut cache = ctx.parse_cache(&source);
    let checked = cairn_core::ops::check::check(&ws, &source, &q, ctx.today, Some(&mut cache))?;
    if let Some(e) = &checked.scope_lost {
        let e = CliError::of(e);
        let why: Vec<String> = std::iter::once(e.message).chain(e.causes).collect();
        draw::scope_lost_notice(out, &why.join(": "))?;
    }
    match args.format {
        CheckFormat::Table => draw::text(out, &checked, &ws, ctx.style)?,
        CheckFormat::Json => {
            emit(out, &checked.json())?;
        }
        CheckFormat::Github => {
            draw::github_annotations(out, &checked, prefix)?;
            if let Some(path) = &ctx.ci.step_summary {
                let text = draw::github_summary(&checked, prefix, &ctx.ci.links(None));
                std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(path)?
                    .write_all(text.as_bytes())?;
            }
        }
        CheckFormat::Junit => out.write_all(ci::junit(&checked.diagnostics, prefix).as_bytes())?,
        CheckFormat::Gitlab => {
            emit(out, &ci::gitlab(&checked.diagnostics, prefix))?;
        }
        CheckFormat::Sarif => {
            emit(out, &ci::sarif(&checked.diagnostics, prefix))?;
        }
    }
    // Freeing a 100,000-file workspace takes a noticeable share of the run; the process
    // is about to exit, so let the OS reclaim it.
    std::mem::forget(ws);
    let s = &checked.summary;
    let failing = s.errors > 0 || (args.deny == Some(Deny::Warnings) && s.warnings > 0);
    Ok(u8::from(failing))
}
