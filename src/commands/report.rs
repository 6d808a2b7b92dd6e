//! `cairn report`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::text::escape::term;
use clap::Args;
use std::io::Write;

/// Write the Markdown reports into the workspace's `reports/` folder: a portfolio, one
/// page per project, workload, the decision log and open action items. Only files whose
/// content changed are written; the same inputs and `--today` give the same bytes.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write nothing; exit 1 listing the reports that are stale or missing (for CI).
    #[arg(long)]
    pub check: bool,
    /// Print every page's template context as JSON (what custom templates can use).
    #[arg(long)]
    pub context: bool,
    /// Also write the static HTML dashboard into `<dir>/site/` (self-contained: inline
    /// CSS and SVG, no scripts or network).
    #[arg(long)]
    pub html: bool,
    /// Also write iCalendar files: `<dir>/calendar/<person>.ics` for every person and
    /// `<project>.ics` for every project.
    #[arg(long)]
    pub ics: bool,
    /// The reports folder, relative to the workspace; default: `reports.dir` in
    /// cairn.yaml, else `reports`.
    #[arg(long = "dir", id = "reports_dir", value_name = "DIR")]
    pub reports_dir: Option<String>,
    /// Task tables and boards show only the tasks the expression holds for (the
    /// forecast still places every task).
    #[command(flatten)]
    pub filter: crate::args::WhereArgs,
}

pub fn run(ctx: &Context, a: ReportArgs, out: &mut dyn Write) -> CmdResult {
    use cairn_core::ops::reports;
    // Writing the pages takes the workspace's lock, like an edit.
    let writes = !(a.check || a.context);
    let (source, ws) = ctx.load_to_edit(std::time::Duration::from_secs(10), !writes)?;
    // A portfolio's pages show its members too (only the pages are written).
    let ws = ctx.with_portfolio(ws, &source.source);
    let dir = reports::folder(&ws, a.reports_dir.as_deref()).map_err(|e| CliError::of(&e))?;
    let expr = a.filter.expr.as_deref();
    let me = crate::args::WhereArgs::me(ctx, &ws, &[expr], None)?;
    let report = reports::data(&ws, &source, ctx.today, expr, me.as_deref())?;
    let pages = crate::render::report::pages(&report, a.html);
    if a.context {
        return crate::render::json::emit(out, &crate::render::report::context_json(&pages));
    }
    let mut outputs = crate::render::report::render_all(source.root(), &pages)
        .map_err(|(page, e)| CliError::from_error(format!("cannot render {dir}/{page}"), &e))?;
    if a.ics {
        outputs.extend(reports::calendars(&ws, ctx.today));
    }
    let total = outputs.len();
    if a.check {
        let stale = reports::stale(&source, &dir, &outputs);
        if stale.is_empty() {
            writeln!(out, "reports are up to date ({total} pages)")?;
            return Ok(0);
        }
        for s in &stale {
            writeln!(out, "stale: {s}")?;
        }
        let fix = reports::fix_command(&source, a.html, a.ics);
        let n = stale.len();
        let are = if n == 1 { " is" } else { "s are" };
        return Err(CliError::new(format!("{n} report{are} out of date"))
            .hint(format!("run `{fix}` and commit the result"))
            .findings());
    }
    let change = reports::change(&source, &dir, outputs).map_err(|e| {
        let hint = matches!(e, reports::ReportError::NotText(_))
            .then_some("move it away, then run the report again");
        CliError::of(&e).maybe_hint(hint.map(str::to_owned))
    })?;
    if let Some(lock) = &source.lock {
        change.commit(lock).map_err(|e| {
            CliError::from_error("cannot write the reports; nothing was written", &e)
        })?;
    }
    for f in &change.files {
        writeln!(out, "wrote {}", term(&f.path))?;
    }
    writeln!(out, "{} of {total} pages changed", change.files.len())?;
    Ok(0)
}
