//! `cairn report`: the data every page shows, where the pages go, which are stale, and
//! the change that writes the ones that changed (one change: staged, then renamed into
//! place together). The pages themselves are drawn by the binary from templates.

use super::change::Change;
use crate::load::source::{DirSource, TreeSource};
use crate::model::{FileKind, Workspace};
use crate::report::Report;
use jiff::civil::Date;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "reports folder `{0}` must be inside the workspace and outside projects/, tasks/, meetings/ and decisions/"
    )]
    Folder(String),
    #[error("{0} leads outside the workspace (a symlink?); nothing was written")]
    Outside(String),
    #[error("{0} is not UTF-8 text; nothing was written")]
    NotText(String),
    #[error("cannot read {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The reports folder: `asked` (a flag), else `reports.dir`; inside the workspace and
/// outside the item folders.
pub fn folder(ws: &Workspace, asked: Option<&str>) -> Result<String, ReportError> {
    let dir = asked.unwrap_or(&ws.config.reports_dir).trim_matches('/');
    let inside_items = FileKind::FOLDERS
        .iter()
        .any(|f| dir == *f || dir.starts_with(&format!("{f}/")));
    if dir.is_empty()
        || dir.starts_with('.')
        || dir.split('/').any(|p| p == ".." || p.is_empty())
        || inside_items
    {
        return Err(ReportError::Folder(dir.to_owned()));
    }
    Ok(dir.to_owned())
}

/// What the pages show: the forecast, and the burn-up from the last 12 weeks of the plan
/// commit's history (so committing the reports does not change them). With `expr`
/// (`--where`), the task tables and boards show only the tasks it holds for; the forecast
/// still places every task.
pub fn data(
    ws: &Workspace,
    source: &DirSource,
    today: Date,
    expr: Option<&str>,
    me: Option<&str>,
) -> Result<Report, super::edit::EditError> {
    let filter = match expr {
        Some(e) => super::query::compile(e, ws, &crate::analyze::filter::Scope { today, me })?,
        None => crate::analyze::filter::Filter::all(),
    };
    let fc = crate::analyze::schedule::forecast(ws, today);
    let (commit, history) = super::trends::report_history(source, &ws.config, today, 12);
    let scope = crate::report::Scope {
        filter,
        expr: expr.map(str::to_owned),
    };
    Ok(crate::report::build(
        ws,
        &fc,
        commit.as_deref(),
        history.as_ref(),
        &scope,
    ))
}

/// The pages (`dir`-relative path and text) whose file does not hold that text.
pub fn stale(source: &DirSource, dir: &str, pages: &[(String, String)]) -> Vec<String> {
    pages
        .iter()
        .filter(|(rel, text)| {
            crate::paths::resolve_inside(source.root(), &format!("{dir}/{rel}"))
                .and_then(|p| std::fs::read(p).ok())
                .as_deref()
                != Some(text.as_bytes())
        })
        .map(|(rel, _)| format!("{dir}/{rel}"))
        .collect()
}

/// The change that writes the pages that changed.
pub fn change(
    source: &DirSource,
    dir: &str,
    pages: Vec<(String, String)>,
) -> Result<Change, ReportError> {
    let mut change = Change::default();
    for (rel, text) in pages {
        let path = format!("{dir}/{rel}");
        let shown = crate::text::escape::term(&path);
        // The reports folder (or a page in it) may not lead out of the workspace.
        let full = crate::paths::resolve_inside(source.root(), &path)
            .ok_or_else(|| ReportError::Outside(shown.clone()))?;
        match std::fs::read(&full) {
            Ok(old) if old == text.as_bytes() => {}
            Ok(old) => {
                let old = String::from_utf8(old).map_err(|_| ReportError::NotText(shown))?;
                change.push_edit(&path, old, text);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => change.push_create(&path, text),
            Err(source) => {
                return Err(ReportError::Read {
                    path: shown,
                    source,
                });
            }
        }
    }
    Ok(change)
}

/// The command that brings stale reports up to date, for a hint.
pub fn fix_command(source: &DirSource, html: bool, ics: bool) -> String {
    let prefix = source.workspace_prefix();
    let flags = format!(
        "{}{}",
        if html { " --html" } else { "" },
        if ics { " --ics" } else { "" }
    );
    if prefix.is_empty() {
        format!("cairn report{flags}")
    } else {
        format!("cairn -C {prefix} report{flags}")
    }
}

/// One calendar: everything (`None`), a person's or a project's.
pub fn calendar(
    ws: &Workspace,
    person: Option<&str>,
    project: Option<&str>,
    today: Date,
) -> Result<String, super::edit::EditError> {
    use crate::report::ics::{Scope, calendar};
    let scope = match (person, project) {
        (Some(p), _) => {
            super::edit::people_exist(ws, &[p.to_owned()])?;
            Scope::Person(p)
        }
        (None, Some(p)) => {
            super::query::validate_projects(ws, &[p.to_owned()])?;
            Scope::Project(p)
        }
        (None, None) => Scope::All,
    };
    let fc = crate::analyze::schedule::forecast(ws, today);
    Ok(calendar(ws, &fc, scope, today))
}

/// `report --ics`: `calendar/<person>.ics` for every person and `calendar/<project>.ics`
/// for every project (paths relative to the reports folder).
pub fn calendars(ws: &Workspace, today: Date) -> Vec<(String, String)> {
    use crate::report::ics::{Scope, calendar};
    let fc = crate::analyze::schedule::forecast(ws, today);
    let mut out: Vec<(String, String)> = Vec::new();
    // Ids become file names: only well-formed ones (`check` reports the others).
    for p in ws
        .config
        .people
        .iter()
        .filter(|p| crate::model::is_person_id(&p.id))
    {
        out.push((
            format!("calendar/{}.ics", p.id),
            calendar(ws, &fc, Scope::Person(&p.id), today),
        ));
    }
    for p in ws
        .projects
        .iter()
        .filter(|p| crate::model::is_slug(&p.id.value))
    {
        // A project and a person may share an id: the project's file says so.
        let name = if ws.config.person(&p.id.value).is_some() {
            format!("calendar/project-{}.ics", p.id.value)
        } else {
            format!("calendar/{}.ics", p.id.value)
        };
        out.push((name, calendar(ws, &fc, Scope::Project(&p.id.value), today)));
    }
    out
}
