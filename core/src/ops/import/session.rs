//! One import from start to end, as `cairn import` runs it: the source read, the ledger
//! found (the working tree's, else the last one committed), the plan made; and after it
//! is written, what `check` says about the files it wrote.

use super::{Import, ImportError, Options, Summary, Tool};
use crate::diag::Diagnostic;
use crate::load::source::DirSource;
use crate::model::Workspace;
use crate::ops::new::{Branches, next_task_number};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

/// What to import.
pub enum Input {
    /// A Backlog.md `backlog/` folder.
    Backlog(std::path::PathBuf),
    /// The JSON of `gh issue list`, and the repository's address when given.
    Github(String, Option<String>),
    /// A todo.txt file's text.
    TodoTxt(String),
}

/// How to import it.
pub struct Request {
    pub input: Input,
    pub project: Option<String>,
    pub overwrite: bool,
    /// A YAML file mapping the source's people to cairn person ids (`--people-map`).
    pub people_map: Option<std::path::PathBuf>,
    /// `OLD=NEW` id prefixes the source renamed (`--renamed-prefix task-=BACK-`).
    pub renamed_prefix: Vec<String>,
    /// The status for items the source no longer has (`--gone-status`).
    pub gone_status: Option<String>,
}

/// `--people-map FILE`: a YAML map from the source's names (`@` optional, any case) to
/// cairn person ids.
fn people_map(path: &std::path::Path) -> Result<HashMap<String, String>, ImportError> {
    use crate::text::yaml::Value;
    let bad = |why: String| ImportError::Input(format!("--people-map {}: {why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
    if meta.len() > 1024 * 1024 {
        return Err(bad("over 1 MiB".into()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let parsed = crate::text::yaml::parse(&text, 1);
    if let Some(p) = parsed.problems.first() {
        return Err(bad(format!("line {}: {}", p.pos.line, p.message)));
    }
    let mut map = HashMap::new();
    match parsed.root.map(|r| r.value) {
        None | Some(Value::Null) => {}
        Some(Value::Map(pairs)) => {
            for (k, v) in pairs {
                let (Some(from), Some(to)) = (k.as_scalar(), v.as_scalar()) else {
                    return Err(bad(format!(
                        "line {}: each entry is `source-name: person-id`",
                        k.pos.line
                    )));
                };
                if !crate::model::is_person_id(to) {
                    return Err(bad(format!(
                        "line {}: `{to}` is not a person id (lowercase letters, digits, `-`, `_`, `.` inside)",
                        v.pos.line
                    )));
                }
                map.insert(
                    from.trim().trim_start_matches('@').to_lowercase(),
                    to.to_owned(),
                );
            }
        }
        Some(_) => return Err(bad("not a map of `source-name: person-id`".into())),
    }
    Ok(map)
}

/// `--renamed-prefix OLD=NEW`, lowercase.
fn renamed(specs: &[String]) -> Result<Vec<(String, String)>, ImportError> {
    specs
        .iter()
        .map(|s| match s.split_once('=') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok((a.trim().to_ascii_lowercase(), b.trim().to_ascii_lowercase()))
            }
            _ => Err(ImportError::Input(format!(
                "--renamed-prefix `{s}`: give OLD=NEW, such as task-=BACK-"
            ))),
        })
        .collect()
}

/// The import of `req` into `ws` (read from `source`), planned: nothing is written.
pub fn prepare(
    ws: &Workspace,
    source: &DirSource,
    req: Request,
    today: Date,
) -> Result<Import, ImportError> {
    if let Some(p) = &req.project {
        crate::ops::query::validate_projects(ws, std::slice::from_ref(p))?;
    }
    let branches = Branches::of(source);
    let next = next_task_number(ws, branches.as_ref());
    let (tool, parsed) = match req.input {
        Input::Backlog(dir) => {
            if !dir.is_dir() {
                return Err(ImportError::Input(format!(
                    "{} is not a folder; give the Backlog.md `backlog/` folder",
                    dir.display()
                )));
            }
            let files = super::backlog::files(&dir)
                .map_err(|e| ImportError::Input(format!("cannot read the folder: {e}")))?;
            (Tool::BacklogMd, super::backlog::read(&files))
        }
        Input::Github(json, url) => (
            Tool::Github,
            super::github::read(&json, url.as_deref()).map_err(ImportError::Input)?,
        ),
        Input::TodoTxt(text) => (Tool::TodoTxt, super::todo::read(&text)),
    };
    let root = source.root();
    let ledger = std::fs::read_to_string(root.join(tool.ledger_path())).ok();
    // A ledger deleted or damaged since: the last one committed says what the last
    // import wrote.
    let readable = ledger
        .as_deref()
        .is_some_and(|t| serde_json::from_str::<serde_json::Value>(t).is_ok());
    let ledger_history = if readable {
        None
    } else {
        branches
            .as_ref()
            .and_then(|b| super::ledger_from_history(&b.repo, &b.prefix, tool))
    };
    if let Some(g) = &req.gone_status
        && ws.config.status_category(g).is_none()
    {
        return Err(ImportError::Input(format!(
            "--gone-status `{g}` is not a status of this workspace ({})",
            ws.config
                .statuses
                .iter()
                .map(|(name, _)| name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let opts = Options {
        project: req.project,
        overwrite: req.overwrite,
        people_map: match &req.people_map {
            Some(p) => people_map(p)?,
            None => HashMap::new(),
        },
        renamed_prefix: renamed(&req.renamed_prefix)?,
        gone_status: req.gone_status,
        next_task: next,
        ledger,
        ledger_history,
        today: Some(today),
    };
    super::plan(ws, root, tool, parsed, &opts)
}

/// What `check` finds in the files an import wrote, and their count by rule.
pub struct Findings {
    pub list: Vec<Diagnostic>,
    pub by_rule: BTreeMap<String, usize>,
}

pub fn findings(after: &Workspace, import: &Import, today: Date) -> Findings {
    let touched: std::collections::HashSet<&str> = import
        .change
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    let list: Vec<Diagnostic> = crate::analyze::check::check(after, today)
        .into_iter()
        .filter(|d| touched.contains(d.file.as_str()))
        .collect();
    let mut by_rule = BTreeMap::new();
    for d in &list {
        *by_rule.entry(d.rule.name().to_owned()).or_default() += 1;
    }
    Findings { list, by_rule }
}

/// The JSON of `import` (docs/json.md).
#[derive(serde::Serialize)]
pub struct ImportJson<'a> {
    pub version: u32,
    pub written: bool,
    #[serde(flatten)]
    pub summary: &'a Summary,
    /// Findings of `check` in the files the import wrote, by rule.
    pub findings: BTreeMap<String, usize>,
}
