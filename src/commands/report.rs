use crate::cli::{CliError, CmdResult, Context};
use crate::report::{Page, pages};
use crate::source::TreeSource;
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
    /// The reports folder, relative to the workspace; default: `reports.dir` in
    /// cairn.yaml, else `reports`.
    #[arg(long = "dir", id = "reports_dir", value_name = "DIR")]
    pub reports_dir: Option<String>,
}

pub fn run(ctx: &Context, a: ReportArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let dir = a
        .reports_dir
        .clone()
        .unwrap_or_else(|| ws.config.reports_dir.clone());
    let dir = dir.trim_matches('/');
    let inside_items = crate::model::Kind::FOLDERS
        .iter()
        .any(|f| dir == *f || dir.starts_with(&format!("{f}/")));
    if dir.is_empty()
        || dir.starts_with('.')
        || dir.split('/').any(|p| p == ".." || p.is_empty())
        || inside_items
    {
        return Err(CliError::new(format!(
            "reports folder `{dir}` must be inside the workspace and outside projects/, tasks/, meetings/ and decisions/"
        )));
    }
    let fc = crate::schedule::forecast(&ws, ctx.today);
    let repo = crate::git::Repo::discover(source.root()).ok();
    let plan_commit = repo
        .as_ref()
        .and_then(|r| r.plan_commit(source.workspace_prefix()));
    let commit = plan_commit.map(|c| c.to_hex_with_len(12).to_string());
    // The burn-up reads the last 12 weeks of the plan commit's history, so committing
    // the reports does not change it.
    let history = match (&repo, plan_commit) {
        (Some(r), Some(c)) => {
            let since = ctx
                .today
                .checked_sub(jiff::Span::new().weeks(12))
                .unwrap_or(ctx.today);
            crate::history::first_parent_line(r, c, source.workspace_prefix())
                .and_then(|line| {
                    crate::history::analyze(
                        r,
                        &line,
                        &ws.config,
                        since,
                        ctx.today,
                        crate::history::Interval::Week,
                    )
                })
                .ok()
        }
        _ => None,
    };
    let pages: Vec<Page> = pages(&ws, &fc, ctx.today, commit.as_deref(), history.as_ref());
    let site = if a.html {
        crate::html::site(&ws, &fc, ctx.today, commit.as_deref(), history.as_ref())
    } else {
        Vec::new()
    };
    if a.context {
        let all: serde_json::Map<String, serde_json::Value> = pages
            .into_iter()
            .map(|p| {
                (
                    p.path,
                    serde_json::json!({"template": p.template, "context": p.context}),
                )
            })
            .collect();
        return crate::commands::list::emit_json(
            out,
            serde_json::json!({"version": 1, "pages": all}),
        );
    }
    let root = source.root().join(dir);
    let mut stale = Vec::new();
    let mut written = 0;
    let mut outputs: Vec<(String, String)> = Vec::new();
    for p in &pages {
        let text = crate::templates::render_with_fuel(
            Some(source.root()),
            p.template,
            &p.context,
            crate::templates::REPORT_FUEL,
        )
        .map_err(|e| CliError::from_error(format!("cannot render {dir}/{}", p.path), &e))?;
        outputs.push((p.path.clone(), text));
    }
    outputs.extend(site.into_iter().map(|(p, t)| (format!("site/{p}"), t)));
    let total = outputs.len();
    for (rel, text) in &outputs {
        let path = root.join(rel);
        if a.check {
            if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
                stale.push(format!("{dir}/{rel}"));
            }
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if crate::write::write_if_changed(&path, text.as_bytes())
            .map_err(|e| CliError::from_error(format!("cannot write {dir}/{rel}"), &e))?
        {
            written += 1;
            writeln!(out, "wrote {dir}/{rel}")?;
        }
    }
    if a.check {
        if stale.is_empty() {
            writeln!(out, "reports are up to date ({total} pages)")?;
            return Ok(0);
        }
        for s in &stale {
            writeln!(out, "stale: {s}")?;
        }
        return Err(CliError::new(format!(
            "{} report{} out of date",
            stale.len(),
            if stale.len() == 1 { " is" } else { "s are" }
        ))
        .hint("run `cairn report` and commit the result")
        .findings());
    }
    writeln!(out, "{written} of {total} pages changed")?;
    Ok(0)
}
