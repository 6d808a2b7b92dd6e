//! `cairn report`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::report::{Page, html_pages, markdown_pages, render};
use cairn_core::load::source::TreeSource;
use cairn_core::text::escape::term;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
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

#[derive(Serialize)]
struct ContextJson<'a> {
    version: u32,
    pages: BTreeMap<&'a str, PageJson<'a>>,
}

#[derive(Serialize)]
struct PageJson<'a> {
    template: &'a str,
    context: &'a minijinja::Value,
}

pub fn run(ctx: &Context, a: ReportArgs, out: &mut dyn Write) -> CmdResult {
    // Writing the pages takes the workspace's lock, like an edit.
    let writes = !(a.check || a.context);
    let (source, ws) = ctx.load_to_edit(std::time::Duration::from_secs(10), !writes)?;
    let dir = a
        .reports_dir
        .clone()
        .unwrap_or_else(|| ws.config.reports_dir.clone());
    let dir = dir.trim_matches('/');
    let inside_items = cairn_core::model::FileKind::FOLDERS
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
    let fc = cairn_core::analyze::schedule::forecast(&ws, ctx.today);
    // The burn-up reads the last 12 weeks of the plan commit's history, so committing
    // the reports does not change it.
    let (commit, history) =
        cairn_core::ops::trends::report_history(&source, &ws.config, ctx.today, 12);
    let report = cairn_core::report::build(&ws, &fc, commit.as_deref(), history.as_ref());
    let mut pages: Vec<Page> = markdown_pages(&report);
    if a.html {
        pages.extend(html_pages(&report).into_iter().map(|mut p| {
            p.path = format!("site/{}", p.path);
            p
        }));
    }
    if a.context {
        let pages = pages
            .iter()
            .map(|p| {
                (
                    p.path.as_str(),
                    PageJson {
                        template: p.template,
                        context: &p.context,
                    },
                )
            })
            .collect();
        return crate::render::json::emit(out, &ContextJson { version: 1, pages });
    }
    let mut outputs: Vec<(String, String)> = Vec::with_capacity(pages.len());
    for p in &pages {
        let text = render(source.root(), p)
            .map_err(|e| CliError::from_error(format!("cannot render {dir}/{}", p.path), &e))?;
        outputs.push((p.path.clone(), text));
    }
    let total = outputs.len();
    if a.check {
        let stale: Vec<String> = outputs
            .iter()
            .filter(|(rel, text)| {
                cairn_core::paths::resolve_inside(source.root(), &format!("{dir}/{rel}"))
                    .and_then(|p| std::fs::read(p).ok())
                    .as_deref()
                    != Some(text.as_bytes())
            })
            .map(|(rel, _)| format!("{dir}/{rel}"))
            .collect();
        if stale.is_empty() {
            writeln!(out, "reports are up to date ({total} pages)")?;
            return Ok(0);
        }
        for s in &stale {
            writeln!(out, "stale: {s}")?;
        }
        let prefix = source.workspace_prefix();
        let fix = if prefix.is_empty() {
            format!("cairn report{}", if a.html { " --html" } else { "" })
        } else {
            format!(
                "cairn -C {prefix} report{}",
                if a.html { " --html" } else { "" }
            )
        };
        return Err(CliError::new(format!(
            "{} report{} out of date",
            stale.len(),
            if stale.len() == 1 { " is" } else { "s are" }
        ))
        .hint(format!("run `{fix}` and commit the result"))
        .findings());
    }
    // Every changed page in one change: staged, then renamed into place together.
    let mut change = cairn_core::ops::change::Change::default();
    for (rel, text) in outputs {
        let path = format!("{dir}/{rel}");
        // The reports folder (or a page in it) may not lead out of the workspace.
        let full = cairn_core::paths::resolve_inside(source.root(), &path).ok_or_else(|| {
            CliError::new(format!(
                "{} leads outside the workspace (a symlink?); nothing was written",
                term(&path)
            ))
        })?;
        match std::fs::read(&full) {
            Ok(old) if old == text.as_bytes() => {}
            Ok(old) => {
                let old = String::from_utf8(old).map_err(|_| {
                    CliError::new(format!(
                        "{} is not UTF-8 text; nothing was written",
                        term(&path)
                    ))
                    .hint("move it away, then run the report again")
                })?;
                change.push_edit(&path, old, text);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => change.push_create(&path, text),
            Err(e) => {
                return Err(CliError::from_error(
                    format!("cannot read {}", term(&path)),
                    &e,
                ));
            }
        }
    }
    let written = change.files.len();
    if let Some(lock) = &source.lock {
        change.commit(lock).map_err(|e| {
            CliError::from_error("cannot write the reports; nothing was written", &e)
        })?;
    }
    for f in &change.files {
        writeln!(out, "wrote {}", term(&f.path))?;
    }
    writeln!(out, "{written} of {total} pages changed")?;
    Ok(0)
}
