//! `cairn check` in each of its formats: rustc-style text, GitHub annotations (and the
//! step summary), JUnit, GitLab Code Quality and SARIF go through `term` and `ci`; this
//! module puts them together.

use crate::render::ci::{Links, step_summary};
use crate::render::term::{Style, gh_data, github, human, summary_line};
use cairn_core::diag::{Rule, Severity};
use cairn_core::model::Workspace;
use cairn_core::ops::check::Checked;
use std::io::{Result, Write};

/// Annotations GitHub shows per severity in one step.
pub const GITHUB_ANNOTATIONS: usize = 10;

/// Every rule with its default level and what it catches.
pub fn rules(out: &mut dyn Write) -> Result<()> {
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
    Ok(())
}

/// The findings as rustc-style diagnostics, then the summary line.
pub fn text(out: &mut dyn Write, c: &Checked, ws: &Workspace, style: Style) -> Result<()> {
    for d in &c.diagnostics {
        writeln!(out, "{}", human(d, Some(ws), style))?;
    }
    writeln!(out, "{}", summary_line(&c.summary, style))?;
    if let Some((info, existing)) = &c.scope {
        writeln!(
            out,
            "(findings the change introduces since {}; {existing} more were there before it)",
            info.label(|s| format!("`{}`", cairn_core::text::escape::term(s)))
        )?;
    }
    Ok(())
}

/// Why a pull request's check reports everything, as a GitHub notice.
pub fn scope_lost_notice(out: &mut dyn Write, why: &str) -> Result<()> {
    writeln!(
        out,
        "::notice title=cairn::{}",
        gh_data(&format!(
            "every finding is reported, not only the pull request's: {why} (fetch the base branch: actions/checkout with fetch-depth: 0)"
        ))
    )
}

/// At most ten annotations per severity (GitHub shows no more), and a notice for the rest.
pub fn github_annotations(out: &mut dyn Write, c: &Checked, prefix: &str) -> Result<()> {
    let (mut errors, mut warnings) = (0, 0);
    for d in &c.diagnostics {
        let n = match d.severity {
            Severity::Error => &mut errors,
            Severity::Warning => &mut warnings,
        };
        *n += 1;
        if *n <= GITHUB_ANNOTATIONS {
            writeln!(out, "{}", github(d, prefix))?;
        }
    }
    let hidden =
        errors.saturating_sub(GITHUB_ANNOTATIONS) + warnings.saturating_sub(GITHUB_ANNOTATIONS);
    if hidden > 0 {
        writeln!(
            out,
            "::notice title=cairn::{hidden} more findings are not annotated; the job summary lists all of them"
        )?;
    }
    Ok(())
}

/// The job summary of the findings (every one, as far as 1 MiB allows).
pub fn github_summary(c: &Checked, prefix: &str, links: &Links) -> String {
    let scope = c
        .scope
        .as_ref()
        .map(|(info, existing)| (info.label(|s| format!("`{s}`")), *existing));
    step_summary(
        &c.diagnostics,
        prefix,
        links,
        scope.as_ref().map(|(l, n)| (l.as_str(), *n)),
    )
}
