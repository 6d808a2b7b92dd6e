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

/// Annotations GitHub shows per severity in one step.
pub const GITHUB_ANNOTATIONS: usize = 10;

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: &'a [cairn_core::diag::Diagnostic],
    summary: Summary,
}

/// Every rule on `ws`; with `forecast.confidence` in its cairn.yaml (and the evidence
/// from git), the at-risk rules judge the date met with those odds.
fn findings(
    ws: &cairn_core::model::Workspace,
    today: jiff::civil::Date,
    evidence: Option<&cairn_core::analyze::schedule::Evidence>,
) -> Vec<cairn_core::diag::Diagnostic> {
    match (ws.config.confidence, evidence) {
        (Some(pct), Some(e)) => {
            let fc = cairn_core::analyze::schedule::forecast(ws, today);
            let seed = cairn_core::analyze::schedule::confidence::default_seed(ws, today);
            let c = cairn_core::analyze::schedule::confidence::simulate(
                ws,
                today,
                e,
                ws.config.samples,
                seed,
                Some(pct),
            );
            cairn_core::analyze::check::check_with_odds(ws, &fc, Some((&c, pct)))
        }
        _ => cairn_core::analyze::check::check(ws, today),
    }
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
    let evidence = ws
        .config
        .confidence
        .map(|_| cairn_core::ops::trends::evidence(&source, &ws, ctx.today));
    let mut diags = findings(&ws, ctx.today, evidence.as_ref());
    if let Some(rev) = &args.base {
        let base = cairn_core::ops::revisions::load_revision(&source, rev)?;
        diags.extend(cairn_core::analyze::review::transitions(&base, &ws));
        diags = ws.config.rules.finalize(diags);
    }
    // On a pull request in GitHub Actions, the annotations are about the change.
    let implicit = args.changed_since.is_none();
    let changed_since = args.changed_since.clone().or_else(|| {
        let on_pr = args.format == CheckFormat::Github
            && !args.all
            && std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        std::env::var("GITHUB_BASE_REF")
            .ok()
            .filter(|b| on_pr && !b.is_empty())
            .map(|b| format!("origin/{b}"))
    });
    let mut before = None;
    if let Some(rev) = &changed_since {
        let mut cache = ctx.parse_cache(&source);
        match cairn_core::ops::revisions::merge_base_of(&source, rev, Some(&mut cache)) {
            Ok((base, info)) => {
                let base_findings = findings(&base, ctx.today, evidence.as_ref());
                let all = diags.len();
                diags = cairn_core::analyze::review::compare_findings(&base_findings, &diags)
                    .introduced;
                diags.sort_by(|a, b| {
                    (&a.file, a.line, a.column, a.rule).cmp(&(&b.file, b.line, b.column, b.rule))
                });
                before = Some((info, all - diags.len()));
                std::mem::forget(base);
            }
            // The pull-request default is a convenience: without the base branch (a
            // shallow clone) the check covers everything and says why.
            Err(e) if implicit => {
                let e = crate::error::CliError::from(e);
                let mut why = e.message;
                for cause in e.causes {
                    why.push_str(": ");
                    why.push_str(&cause);
                }
                writeln!(
                    out,
                    "::notice title=cairn::{}",
                    render::gh_data(&format!(
                        "every finding is reported, not only the pull request's: {why} (fetch the base branch: actions/checkout with fetch-depth: 0)"
                    ))
                )?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let summary = Summary::of(&diags, ws.files.len());
    match args.format {
        CheckFormat::Table => {
            for d in &diags {
                writeln!(out, "{}", render::human(d, Some(&ws), ctx.style))?;
            }
            writeln!(out, "{}", render::summary_line(&summary, ctx.style))?;
            if let Some((info, existing)) = &before {
                writeln!(
                    out,
                    "(findings the change introduces since {}; {existing} more were there before it)",
                    info.label(|s| format!("`{}`", cairn_core::text::escape::term(s)))
                )?;
            }
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
                let scope = before
                    .as_ref()
                    .map(|(info, existing)| (info.label(|s| format!("`{s}`")), *existing));
                f.write_all(
                    crate::render::ci::step_summary(
                        &diags,
                        prefix,
                        &crate::render::ci::Links::from_env(None),
                        scope.as_ref().map(|(l, n)| (l.as_str(), *n)),
                    )
                    .as_bytes(),
                )?;
            }
        }
        CheckFormat::Junit => {
            use cairn_core::load::source::TreeSource;
            out.write_all(crate::render::ci::junit(&diags, source.workspace_prefix()).as_bytes())?;
        }
        CheckFormat::Gitlab | CheckFormat::Sarif => {
            use cairn_core::load::source::TreeSource;
            let prefix = source.workspace_prefix();
            if args.format == CheckFormat::Gitlab {
                crate::render::json::emit(out, &crate::render::ci::gitlab(&diags, prefix))?;
            } else {
                crate::render::json::emit(out, &crate::render::ci::sarif(&diags, prefix))?;
            }
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
