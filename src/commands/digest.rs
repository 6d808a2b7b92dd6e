//! `cairn digest`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::ops::inbox::Since;
use clap::{Args, ValueEnum};
use std::io::Write;

/// The team's week, for a chat channel or a scheduled CI job: done, started and added
/// work, milestones that moved (and why), overdue work, action items due and decisions
/// made. `--format slack` prints a Slack message payload to post with one `curl`.
#[derive(Debug, Args)]
pub struct DigestArgs {
    /// The window: `7d`, `2w`, a date (2026-11-20, `-2w`) or a revision; default 7 days.
    #[arg(long, value_name = "7d|DATE|REV", default_value = "7d")]
    pub since: String,
    /// Only this project's work.
    #[arg(long, add = PROJECTS())]
    pub project: Option<String>,
    /// Output format: Markdown (for an issue or a chat that renders it), JSON
    /// (docs/json.md), or a Slack Block Kit payload.
    #[arg(long, value_enum, default_value_t = DigestFormat::Markdown)]
    pub format: DigestFormat,
    /// Only the tasks the expression holds for (done, started, added, overdue).
    #[command(flatten)]
    pub filter: crate::args::WhereArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    Markdown,
    Json,
    Slack,
}

/// `7d`, `2w`: that many days or weeks back; else a date; else a revision.
fn since(s: &str, today: jiff::civil::Date) -> Since {
    let t = s.trim();
    if let Some((n, unit)) = t
        .find(|c: char| !c.is_ascii_digit())
        .map(|i| t.split_at(i))
        .filter(|(n, u)| !n.is_empty() && matches!(*u, "d" | "w"))
        && let Ok(n) = n.parse::<i64>()
    {
        let days = if unit == "w" { n * 7 } else { n };
        return Since::Date(
            today
                .checked_sub(jiff::Span::new().days(days.min(365_000)))
                .unwrap_or(today),
        );
    }
    match cairn_core::text::fields::parse_date_relative(t, today) {
        Ok(d) => Since::Date(d),
        Err(_) => Since::Rev(t.to_owned()),
    }
}

pub fn run(ctx: &Context, a: DigestArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let expr = a.filter.expr.as_deref();
    let me = crate::args::WhereArgs::me(ctx, &ws, &[expr], None)?;
    let filter = cairn_core::ops::query::where_filter(&ws, expr, ctx.today, me.as_deref())?;
    let cache = ctx.parse_cache(&source);
    let mut d = cairn_core::ops::digest::digest(
        &source,
        &ws,
        &since(&a.since, ctx.today),
        a.project.as_deref(),
        ctx.today,
        cache,
    )
    .map_err(|e| match e {
        cairn_core::ops::digest::DigestError::Edit(e) => CliError::from(e),
        e => CliError::from_error("cannot make the digest", &e),
    })?;
    d.keep_tasks(&ws, &filter);
    match a.format {
        DigestFormat::Json => return crate::render::json::emit(out, &d),
        DigestFormat::Markdown => crate::render::digest::markdown_page(&d, out)?,
        DigestFormat::Slack => crate::render::digest::slack(&d, out)?,
    }
    Ok(0)
}
