//! `cairn check`.

use crate::context::Context;
use crate::error::CmdResult;
use crate::render::term as render;
use cairn_core::diag::{Rule, Severity, Summary};
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line.
    Table,
    Json,
    /// GitHub Actions annotations (at most 10 per severity, as GitHub shows), and the
    /// full table in `$GITHUB_STEP_SUMMARY` when it is set.
    Github,
    /// JUnit XML: a test case per rule, a failure per finding.
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

/// Annotations GitHub shows per severity in one step.
pub const GITHUB_ANNOTATIONS: usize = 10;

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: &'a [cairn_core::diag::Diagnostic],
    summary: Summary,
}

pub fn run(ctx: &Context, args: CheckArgs, out: &mut dyn Write, _err: &mut dyn Write) -> CmdResult {
    if args.list_rules {
        for rule in Rule::ALL {
            let level = match rule.default_level() {
                cairn_core::diag::Level::Error => "error",
                cairn_core::diag::Level::Warning => "warning",
                cairn_core::diag::Level::Off => "off",
            };
            writeln!(
                out,
                "{:<26} {:<8} {}",
                rule.name(),
                level,
                rule.description()
            )?;
        }
        return Ok(0);
    }
    let (source, ws) = ctx.load()?;
    let mut diags = cairn_core::analyze::check::check(&ws, ctx.today);
    if let Some(rev) = &args.base {
        let base = cairn_core::ops::revisions::load_revision(&source, rev)?;
        diags.extend(cairn_core::analyze::review::transitions(&base, &ws));
        diags = ws.config.rules.finalize(diags);
    }
    let summary = Summary::of(&diags, ws.files.len());
    match args.format {
        CheckFormat::Table => {
            for d in &diags {
                writeln!(out, "{}", render::human(d, Some(&ws), ctx.style))?;
            }
            writeln!(out, "{}", render::summary_line(&summary, ctx.style))?;
        }
        CheckFormat::Json => {
            let report = JsonReport {
                version: 1,
                diagnostics: &diags,
                summary,
            };
            crate::render::json::emit(out, &report)?;
        }
        CheckFormat::Github => {
            use cairn_core::load::source::TreeSource;
            let prefix = source.workspace_prefix();
            // GitHub shows ten annotations of each severity per step; more are noise.
            let (mut errors, mut warnings) = (0, 0);
            for d in &diags {
                let n = match d.severity {
                    Severity::Error => &mut errors,
                    Severity::Warning => &mut warnings,
                };
                *n += 1;
                if *n <= GITHUB_ANNOTATIONS {
                    writeln!(out, "{}", render::github(d, prefix))?;
                }
            }
            let hidden = errors.saturating_sub(GITHUB_ANNOTATIONS)
                + warnings.saturating_sub(GITHUB_ANNOTATIONS);
            if hidden > 0 {
                writeln!(
                    out,
                    "::notice title=cairn::{hidden} more findings are not annotated; the job summary lists all of them"
                )?;
            }
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                use std::io::Write as _;
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(&path)?;
                f.write_all(crate::render::ci::step_summary(&diags, prefix).as_bytes())?;
            }
        }
        CheckFormat::Junit => {
            use cairn_core::load::source::TreeSource;
            out.write_all(crate::render::ci::junit(&diags, source.workspace_prefix()).as_bytes())?;
        }
        CheckFormat::Gitlab | CheckFormat::Sarif => {
            use cairn_core::load::source::TreeSource;
            let prefix = source.workspace_prefix();
            let v = if args.format == CheckFormat::Gitlab {
                crate::render::ci::gitlab(&diags, prefix)
            } else {
                crate::render::ci::sarif(&diags, prefix)
            };
            crate::render::json::emit(out, &v)?;
        }
    }
    // Freeing a 100,000-file workspace takes a noticeable share of the run; the process
    // is about to exit, so let the OS reclaim it.
    std::mem::forget(ws);
    let failing = summary.errors > 0
        || (args.deny == Some(Deny::Warnings)
            && diags.iter().any(|d| d.severity == Severity::Warning));
    Ok(u8::from(failing))
}
