//! Moving in from other tools (Backlog.md folders, `gh issue list --json` output,
//! todo.txt files), and keeping up with them: a one-way sync a team can run again and
//! again while it moves over.
//!
//! Each reader ([`backlog`], [`github`], [`todo`]) turns its input into tool-neutral
//! [`Item`]s, milestones, documents and assets; [`plan`] then decides, for each, what to
//! create or change in the workspace and returns it as one [`Change`] (written all or
//! nothing by the caller) with a [`Summary`].
//!
//! Every imported item records where it came from (`source: backlog-md:BACK-24`). On the
//! next run an item with the same `source:` is updated field by field, three ways: the
//! value last imported (kept in the ledger `.cairn/imports/<tool>.json`, committed with
//! the plan), the value in cairn now, the value in the source now. A field the team
//! edited in cairn since is kept unless `overwrite`; one only the source changed is
//! updated. Source fields cairn has no place for are kept in an `x-<tool>:` map.

pub mod backlog;
pub mod github;
pub mod session;
pub mod todo;

use super::change::Change;
use super::edit::{EditError, project_exists};
use crate::model::{FileKind, StatusCategory, Workspace};
use crate::text::edit::{Doc, Value as DocValue, append_block_entry, scalar};
use crate::text::slug;
use crate::text::yaml::quote;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The tools cairn imports from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    BacklogMd,
    Github,
    TodoTxt,
}

impl Tool {
    /// The tool's name in `source:` values, the `x-` map and the ledger's file name.
    pub fn name(self) -> &'static str {
        match self {
            Tool::BacklogMd => "backlog-md",
            Tool::Github => "github",
            Tool::TodoTxt => "todo-txt",
        }
    }

    /// Where the ledger of this tool's imports lives, workspace-relative.
    pub fn ledger_path(self) -> String {
        format!(".cairn/imports/{}.json", self.name())
    }
}

/// What an item is in cairn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Task,
    Decision,
}

/// One task or decision from the source, tool-neutral, before it becomes a file.
#[derive(Clone, Debug, Default)]
pub struct Item {
    pub decision: bool,
    /// `backlog-md:task-2`, `github:acme/shop#12`, `todo-txt:call-the-printer`.
    pub source: String,
    /// The item's id in the source (`task-2.1`), for references between items.
    pub source_id: String,
    /// Where in the source, for messages: a file, `#12`, `line 3`.
    pub from: String,
    pub title: String,
    pub category: Option<StatusCategory>,
    /// For decisions: `proposed`, `accepted`, ...
    pub decision_status: Option<String>,
    /// Person ids (as the source names them, `@` dropped).
    pub assignees: Vec<String>,
    pub priority: Option<&'static str>,
    pub due: Option<Date>,
    pub start: Option<Date>,
    pub created: Option<Date>,
    pub closed: Option<Date>,
    pub tags: Vec<String>,
    /// The source's milestone name or id.
    pub milestone: Option<String>,
    /// References to other items, as the source writes them (`task-1`, `2`, `BACK-7`).
    pub depends_on: Vec<String>,
    pub parent: Option<String>,
    pub body: String,
    /// Source fields cairn has no field for: kept under `x-<tool>:`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A milestone the source defines.
#[derive(Clone, Debug, Default)]
pub struct SourceMilestone {
    /// Its id or name in the source.
    pub name: String,
    pub title: String,
    pub due: Option<Date>,
    pub from: String,
}

/// What a reader found in its input.
#[derive(Debug, Default)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub milestones: Vec<SourceMilestone>,
    /// Documents, by their path under `docs/`, with their text.
    pub docs: Vec<(String, String)>,
    /// Files (images, attachments) by their path under `assets/`.
    pub assets: Vec<(String, Vec<u8>)>,
    /// The source's own name for the project, for a project created for the import.
    pub project_name: Option<String>,
    /// Items left out, with why.
    pub skipped: Vec<(String, String)>,
    /// What could not be mapped faithfully, one line each.
    pub notes: Vec<String>,
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The project the tasks go into; `None`: one made for the import (or the one a
    /// previous import made).
    pub project: Option<String>,
    /// Replace fields edited in cairn since the last import too.
    pub overwrite: bool,
    /// The next task number (past every branch's, as `new task` allocates).
    pub next_task: u64,
    /// The ledger's text in the working tree, if any (even unreadable: it is replaced).
    pub ledger: Option<String>,
    /// The ledger as the last commit that had a readable one left it, for when the
    /// working tree's is missing or unreadable.
    pub ledger_history: Option<String>,
    pub today: Option<Date>,
}

/// Counts of one kind of thing an import handles.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub found: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

/// What an import does, for people and scripts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub tool: &'static str,
    pub project: String,
    /// The project was made for this import.
    pub project_created: bool,
    pub tasks: Counts,
    pub decisions: Counts,
    pub docs: Counts,
    pub assets: Counts,
    pub milestones: Counts,
    /// Items left out: (where, why).
    pub skipped: Vec<(String, String)>,
    /// Items that share a source id (after a merge in the source repository): the
    /// source id and the cairn ids each file got.
    pub duplicates: Vec<(String, Vec<String>)>,
    /// Source fields kept under `x-<tool>:`, by name, with how many items had them.
    pub kept: BTreeMap<String, usize>,
    /// Fields cairn kept as edited in cairn though the source changed them (use
    /// `--overwrite` to take the source's): `id field`.
    pub kept_local: Vec<String>,
    /// Why fields that differ were kept although nobody knows they were edited: the
    /// ledger is missing or unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger_missing: Option<String>,
    /// What could not be mapped.
    pub notes: Vec<String>,
    /// The files created or changed, with what happened to them.
    pub files: Vec<(String, &'static str)>,
}

/// The result of planning an import.
#[derive(Debug, Default)]
pub struct Import {
    pub change: Change,
    pub summary: Summary,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("{0}")]
    Input(String),
    #[error("cannot render the project template")]
    Template(#[source] crate::text::template::TemplateError),
    #[error(transparent)]
    Block(#[from] crate::text::edit::BlockError),
    #[error("{path}: {source}")]
    Doc {
        path: String,
        #[source]
        source: crate::text::edit::DocError,
    },
}

/// `2025-07-26 14:30`, `2025-07-26T14:30:00Z` or `2025-07-26` → the date, if real.
pub fn date_part(text: &str) -> Option<Date> {
    let d = text.trim().trim_matches(['\'', '"']).get(..10)?;
    crate::text::fields::parse_date(d).ok()
}

/// The priority words other tools use, as cairn's.
pub fn priority(s: &str) -> Option<&'static str> {
    match s.trim().to_ascii_lowercase().as_str() {
        "urgent" | "critical" | "highest" | "p0" => Some("urgent"),
        "high" | "p1" => Some("high"),
        "medium" | "normal" | "p2" => Some("normal"),
        "low" | "lowest" | "p3" => Some("low"),
        _ => None,
    }
}

/// The keys by which other items may refer to `id`: the id itself (lowercase) and its
/// number (`task-2.1` → `2.1`), so `BACK-7` finds `task-7` after a prefix rename and a
/// bare `7` finds it too.
fn ref_keys(id: &str) -> Vec<String> {
    let lower = id.trim().to_ascii_lowercase();
    let mut keys = vec![lower.clone()];
    let number = lower.rsplit('-').next().unwrap_or(&lower);
    if !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number != lower
    {
        keys.push(number.to_owned());
    }
    keys
}

/// A front matter value as the importer writes and compares it: a scalar's text (for
/// `x-…` keys the YAML as written: a flow map), or a list of texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(untagged)]
enum Field {
    One(String),
    Many(Vec<String>),
}

impl Field {
    fn to_doc(&self, key: &str) -> DocValue {
        match self {
            Field::One(s) if key.starts_with("x-") => DocValue::Scalar(s.clone()),
            Field::One(s) => scalar(s),
            Field::Many(v) => DocValue::List(v.clone()),
        }
    }

    /// The value as it goes after `key: ` in a new file.
    fn yaml(&self, key: &str) -> String {
        match self {
            Field::One(s) if key.starts_with("x-") => s.clone(),
            Field::One(s) => quote(s.clone()),
            Field::Many(v) => format!(
                "[{}]",
                v.iter()
                    .map(|i| quote(i.clone()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// A JSON value as a YAML flow value (`{"a": [1, "b"]}`), with a space after every `:`
/// and `,` so any YAML reader takes it.
fn flow(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Array(a) => {
            format!("[{}]", a.iter().map(flow).collect::<Vec<_>>().join(", "))
        }
        serde_json::Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", serde_json::Value::String(k.clone()), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// The fields of one item as cairn writes them, in front-matter order.
type Fields = Vec<(&'static str, Field)>;

/// The newest readable ledger of `tool` in the history of `repo` (the workspace at
/// `prefix` in it): what the last import wrote, when the working tree's ledger was
/// deleted or damaged since.
pub fn ledger_from_history(
    repo: &crate::load::git::Repo,
    prefix: &str,
    tool: Tool,
) -> Option<String> {
    let path = if prefix.is_empty() {
        tool.ledger_path()
    } else {
        format!("{prefix}/{}", tool.ledger_path())
    };
    repo.find_in_history(&path, 1000, |bytes| {
        let text = std::str::from_utf8(bytes).ok()?;
        serde_json::from_str::<Ledger>(text).ok()?;
        Some(text.to_owned())
    })
}

/// What the ledger remembers of one imported item.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
struct LedgerItem {
    /// The cairn id it got.
    id: String,
    /// Each field's value as last imported (YAML text, or a list).
    fields: BTreeMap<String, Field>,
    /// A hash of the body as last imported.
    body: String,
}

#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
struct Ledger {
    version: u32,
    items: BTreeMap<String, LedgerItem>,
    /// Documents and assets: path to the hash of what was last written.
    #[serde(default)]
    files: BTreeMap<String, String>,
}

/// FNV-1a of a text, as 16 hex digits: stable across machines and runs.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The top-level fields of a file's front matter as the importer compares them.
fn current_fields(text: &str) -> (HashMap<String, Field>, String) {
    use crate::text::yaml::Value;
    let Ok(parts) = crate::load::split_front_matter(text) else {
        return (HashMap::new(), text.to_owned());
    };
    let body = parts.body.to_owned();
    let Some(root) = crate::text::yaml::parse(parts.yaml, 2).root else {
        return (HashMap::new(), body);
    };
    let Value::Map(pairs) = root.value else {
        return (HashMap::new(), body);
    };
    let mut out = HashMap::new();
    for (k, v) in pairs {
        let Value::Scalar { text: key, .. } = k.value else {
            continue;
        };
        let field = match v.value {
            Value::Scalar { text, .. } => Field::One(text),
            Value::Seq(items) => Field::Many(
                items
                    .into_iter()
                    .filter_map(|i| match i.value {
                        Value::Scalar { text, .. } => Some(text),
                        _ => None,
                    })
                    .collect(),
            ),
            // A map (`x-…`): compared as written.
            _ => continue,
        };
        out.insert(key, field);
    }
    // `x-…` maps, as their raw text on the key's line.
    for line in parts.yaml.lines() {
        if let Some((k, v)) = line.split_once(':')
            && k.starts_with("x-")
            && !k.contains(' ')
        {
            out.insert(k.to_owned(), Field::One(v.trim().to_owned()));
        }
    }
    (out, body)
}

/// Plans an import into `ws` of what a reader `parsed`.
pub fn plan(
    ws: &Workspace,
    root: &std::path::Path,
    tool: Tool,
    mut parsed: Parsed,
    opts: &Options,
) -> Result<Import, ImportError> {
    let mut summary = Summary {
        tool: tool.name(),
        ..Summary::default()
    };
    let mut change = Change::default();
    let read = |t: &Option<String>| -> Option<Ledger> {
        t.as_deref().and_then(|t| serde_json::from_str(t).ok())
    };
    // Without a readable ledger nobody knows what the last import wrote: a field that
    // differs from the source may be a hand edit, so it is kept (and listed).
    let ledger: Ledger = match read(&opts.ledger).or_else(|| read(&opts.ledger_history)) {
        Some(l) => l,
        None => {
            if opts.ledger.is_some() || opts.ledger_history.is_some() {
                summary.ledger_missing = Some(format!(
                    "the ledger {} is unreadable: fields and files that differ from the source were kept (--overwrite takes the source's)",
                    tool.ledger_path()
                ));
            } else if ws.tasks.iter().any(|t| {
                t.source
                    .as_ref()
                    .is_some_and(|s| s.starts_with(&format!("{}:", tool.name())))
            }) {
                summary.ledger_missing = Some(format!(
                    "no ledger {} (deleted?): fields and files that differ from the source were kept (--overwrite takes the source's)",
                    tool.ledger_path()
                ));
            }
            Ledger::default()
        }
    };
    let mut new_ledger = Ledger {
        version: 1,
        items: BTreeMap::new(),
        files: BTreeMap::new(),
    };
    summary.skipped = std::mem::take(&mut parsed.skipped);
    summary.notes = std::mem::take(&mut parsed.notes);

    // Two files with one source id (a merge in the source repository): the later ones
    // get their own source key and their own cairn id.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut dup_groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, item) in parsed.items.iter_mut().enumerate() {
        let n = seen.entry(item.source.clone()).or_default();
        *n += 1;
        if *n > 1 {
            dup_groups
                .entry(item.source_id.clone())
                .or_default()
                .push(i);
            let file = item
                .from
                .rsplit('/')
                .next()
                .unwrap_or(&item.from)
                .to_owned();
            item.source = format!("{}@{file}", item.source);
        }
    }
    for (src, idx) in &mut dup_groups {
        // The first file with the id is part of the group too.
        if let Some(first) = parsed
            .items
            .iter()
            .position(|it| it.source_id == *src && !it.source.contains('@'))
        {
            idx.insert(0, first);
        }
    }

    // The project: given, or the one made for an earlier import of this tool, or made now.
    let (project_id, project_new) = match &opts.project {
        Some(p) => {
            project_exists(ws, p)?;
            (p.clone(), false)
        }
        None => {
            let name = parsed
                .project_name
                .clone()
                .unwrap_or_else(|| "Imported".into());
            let mut id = slug(&name);
            if id.is_empty() {
                id = "imported".into();
            }
            let exists = ws.project(&id).is_some();
            (id, !exists)
        }
    };
    summary.project = project_id.clone();
    summary.project_created = project_new;
    let project_path = format!("projects/{project_id}.md");
    let mut project_text = if project_new {
        let title = parsed
            .project_name
            .clone()
            .unwrap_or_else(|| "Imported".into());
        crate::ops::files::render(
            Some(root),
            "project.md",
            &serde_json::json!({"id": project_id, "title": title, "today": opts.today}),
        )
        .map_err(ImportError::Template)?
    } else {
        ws.project(&project_id)
            .map(|p| ws.files[p.file].text.clone())
            .unwrap_or_default()
    };
    let project_before = project_text.clone();

    // Milestones: the source's, and any an item names, mapped to the project's by id or
    // title; the missing ones are added to the project.
    let existing: Vec<(String, String)> = ws
        .project(&project_id)
        .map(|p| {
            p.milestones
                .iter()
                .map(|m| (m.id.value.clone(), m.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut milestone_ids: HashMap<String, String> = HashMap::new();
    let mut wanted: Vec<SourceMilestone> = parsed.milestones.clone();
    for item in &parsed.items {
        if let Some(m) = &item.milestone
            && !wanted
                .iter()
                .any(|w| w.name.eq_ignore_ascii_case(m) || w.title.eq_ignore_ascii_case(m))
        {
            wanted.push(SourceMilestone {
                name: m.clone(),
                title: m.clone(),
                due: None,
                from: item.from.clone(),
            });
        }
    }
    let mut known = existing;
    for m in &wanted {
        summary.milestones.found += 1;
        let found = known.iter().find(|(id, title)| {
            id.eq_ignore_ascii_case(&m.name)
                || title.eq_ignore_ascii_case(&m.title)
                || title.eq_ignore_ascii_case(&m.name)
                || *id == slug(&m.name)
                || *id == slug(&m.title)
        });
        let id = match found {
            Some((id, _)) => {
                summary.milestones.unchanged += 1;
                id.clone()
            }
            None => {
                let mut id = slug(&m.title);
                if id.is_empty() {
                    id = slug(&m.name);
                }
                if id.is_empty() {
                    id = "milestone".into();
                }
                let title = m.title.clone();
                let due = m.due;
                let body_len = crate::load::split_front_matter(&project_text)
                    .map(|p| p.body.len())
                    .unwrap_or(0);
                let head_end = project_text.len().saturating_sub(body_len);
                let close = project_text[..head_end]
                    .split_inclusive('\n')
                    .count()
                    .saturating_sub(1);
                project_text = append_block_entry(
                    &project_text,
                    1,
                    Some(close),
                    "milestones",
                    |indent, nl| {
                        let mut v = vec![format!("{indent}- id: {id}{nl}")];
                        v.push(format!("{indent}  title: {}{nl}", quote(title.clone())));
                        if let Some(d) = due {
                            v.push(format!("{indent}  due: {d}{nl}"));
                        }
                        v
                    },
                )?;
                known.push((id.clone(), m.title.clone()));
                summary.milestones.created += 1;
                id
            }
        };
        milestone_ids.insert(m.name.to_ascii_lowercase(), id.clone());
        milestone_ids.insert(m.title.to_ascii_lowercase(), id);
    }
    if project_new {
        change.push_create(&project_path, project_text.clone());
        summary.files.push((project_path.clone(), "created"));
    } else if project_text != project_before
        && let Some(p) = ws.project(&project_id)
    {
        change.push_edit(ws.path(p.file), project_before, project_text.clone());
        summary.files.push((ws.path(p.file).to_owned(), "updated"));
    }

    // Items already imported, by source.
    let by_source: HashMap<&str, (ItemKind, usize)> = ws
        .tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((t.source.as_deref()?, (ItemKind::Task, i))))
        .chain(
            ws.decisions
                .iter()
                .enumerate()
                .filter_map(|(i, d)| Some((d.source.as_deref()?, (ItemKind::Decision, i)))),
        )
        .collect();

    // Ids: the existing ones, then new ones in source order.
    let prefix = ws.config.task_prefix.clone();
    let mut next_task = opts.next_task.max(1);
    let mut next_decision =
        super::new::next_number(ws, FileKind::Decision, &ws.config.decision_prefix);
    let mut ids: Vec<String> = Vec::with_capacity(parsed.items.len());
    for item in &parsed.items {
        let id = match by_source.get(item.source.as_str()) {
            Some((ItemKind::Task, i)) => ws.tasks[*i].id.value.clone(),
            Some((ItemKind::Decision, i)) => ws.decisions[*i].id.value.clone(),
            None if item.decision => {
                let id = format!("{}-{next_decision}", ws.config.decision_prefix);
                next_decision += 1;
                id
            }
            None => {
                let id = format!("{prefix}-{next_task}");
                next_task += 1;
                id
            }
        };
        ids.push(id);
    }
    for (src, idx) in dup_groups {
        summary
            .duplicates
            .push((src, idx.iter().map(|&i| ids[i].clone()).collect()));
    }
    // References: each item's keys to its cairn id; the first item with a key wins.
    let mut refs: HashMap<String, String> = HashMap::new();
    for (item, id) in parsed.items.iter().zip(&ids) {
        if item.decision {
            continue;
        }
        for k in ref_keys(&item.source_id) {
            refs.entry(k).or_insert_with(|| id.clone());
        }
    }
    let resolve =
        |r: &str| -> Option<String> { ref_keys(r).iter().find_map(|k| refs.get(k).cloned()) };

    let people_note = |summary: &mut Summary, who: &str, from: &str| {
        if ws.config.person(who).is_none() {
            summary.notes.push(format!(
                "{from}: person `{who}` is not in cairn.yaml: add them with `cairn new person {who}`"
            ));
        }
    };
    for (item, id) in parsed.items.iter().zip(&ids) {
        let counts = if item.decision {
            &mut summary.decisions
        } else {
            &mut summary.tasks
        };
        counts.found += 1;
        for k in item.extra.keys() {
            *summary.kept.entry(k.clone()).or_default() += 1;
        }
        // What cairn should hold for this item now.
        let mut fields: Fields = Vec::new();
        let mut body = item.body.trim_matches('\n').to_owned();
        if !body.is_empty() {
            body.push('\n');
        }
        if item.decision {
            fields.push(("id", Field::One(id.clone())));
            fields.push(("title", Field::One(item.title.clone())));
            fields.push((
                "status",
                Field::One(
                    item.decision_status
                        .clone()
                        .unwrap_or_else(|| "proposed".into()),
                ),
            ));
            if let Some(d) = item.created {
                fields.push(("date", Field::One(d.to_string())));
            }
            fields.push(("project", Field::One(project_id.clone())));
        } else {
            let cat = item.category.unwrap_or(StatusCategory::Open);
            let status = ws
                .config
                .first_status(cat)
                .or_else(|| ws.config.first_status(StatusCategory::Open))
                .unwrap_or("todo")
                .to_owned();
            fields.push(("id", Field::One(id.clone())));
            fields.push(("title", Field::One(item.title.clone())));
            fields.push(("status", Field::One(status)));
            fields.push(("project", Field::One(project_id.clone())));
            if let Some(m) = &item.milestone {
                match milestone_ids.get(&m.to_ascii_lowercase()) {
                    Some(mid) => fields.push(("milestone", Field::One(mid.clone()))),
                    None => summary
                        .notes
                        .push(format!("{}: milestone `{m}` dropped", item.from)),
                }
            }
            let who: Vec<String> = item
                .assignees
                .iter()
                .map(|a| slug(a.trim().trim_start_matches('@')))
                .filter(|a| !a.is_empty())
                .collect();
            for w in &who {
                people_note(&mut summary, w, &item.from);
            }
            match who.len() {
                0 => {}
                1 => fields.push(("assignee", Field::One(who[0].clone()))),
                _ => fields.push(("assignee", Field::Many(who))),
            }
            if let Some(p) = item.priority {
                fields.push(("priority", Field::One(p.to_owned())));
            }
            if let Some(d) = item.start {
                fields.push(("start", Field::One(d.to_string())));
            }
            if let Some(d) = item.due {
                fields.push(("due", Field::One(d.to_string())));
            }
            let mut deps = Vec::new();
            for d in &item.depends_on {
                match resolve(d) {
                    Some(dep) if dep != *id => deps.push(dep),
                    Some(_) => {}
                    None => summary.notes.push(format!(
                        "{}: dependency `{d}` is not in the import; dropped",
                        item.from
                    )),
                }
            }
            if !deps.is_empty() {
                fields.push(("depends_on", Field::Many(deps)));
            }
            if let Some(p) = &item.parent {
                match resolve(p) {
                    Some(parent) if parent != *id => {
                        fields.push(("parent", Field::One(parent)));
                    }
                    _ => summary.notes.push(format!(
                        "{}: parent `{p}` is not in the import; dropped",
                        item.from
                    )),
                }
            }
            let tags: Vec<String> = item
                .tags
                .iter()
                .map(|t| slug(t))
                .filter(|t| !t.is_empty())
                .fold(Vec::new(), |mut v, t| {
                    if !v.contains(&t) {
                        v.push(t);
                    }
                    v
                });
            if !tags.is_empty() {
                fields.push(("tags", Field::Many(tags)));
            }
            if let Some(c) = item.created {
                fields.push(("created", Field::One(c.to_string())));
            }
            if cat == StatusCategory::Done
                && let Some(c) = item.closed.or(item.created)
            {
                fields.push(("closed", Field::One(c.to_string())));
            }
        }
        fields.push(("source", Field::One(item.source.clone())));
        if !item.extra.is_empty() {
            let map: serde_json::Map<String, serde_json::Value> =
                item.extra.clone().into_iter().collect();
            let json = flow(&serde_json::Value::Object(map));
            fields.push((
                if tool == Tool::BacklogMd {
                    "x-backlog-md"
                } else if tool == Tool::Github {
                    "x-github"
                } else {
                    "x-todo-txt"
                },
                Field::One(json),
            ));
        }
        let entry = LedgerItem {
            id: id.clone(),
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            body: hash(body.as_bytes()),
        };
        let counts = if item.decision {
            &mut summary.decisions
        } else {
            &mut summary.tasks
        };
        match by_source.get(item.source.as_str()) {
            None => {
                let folder = if item.decision {
                    "decisions".to_owned()
                } else {
                    format!("tasks/{project_id}")
                };
                let name = slug(&item.title);
                let path = if name.is_empty() {
                    format!("{folder}/{id}.md")
                } else {
                    format!("{folder}/{id}-{name}.md")
                };
                let mut text = String::from("---\n");
                for (k, v) in &fields {
                    text.push_str(&format!("{k}: {}\n", v.yaml(k)));
                }
                text.push_str("---\n");
                text.push_str(&body);
                change.push_create(&path, text);
                counts.created += 1;
                summary.files.push((path, "created"));
            }
            Some((kind, i)) => {
                let file = match kind {
                    ItemKind::Task => ws.tasks[*i].file,
                    ItemKind::Decision => ws.decisions[*i].file,
                };
                let path = ws.path(file).to_owned();
                let before = ws.files[file].text.clone();
                let (ours, our_body) = current_fields(&before);
                let base = ledger.items.get(&item.source);
                let mut doc = Doc::parse(&before).map_err(|source| ImportError::Doc {
                    path: path.clone(),
                    source,
                })?;
                let order = crate::load::keys_of(if item.decision {
                    FileKind::Decision
                } else {
                    FileKind::Task
                });
                let mut keys: Vec<String> = fields.iter().map(|(k, _)| (*k).to_owned()).collect();
                // Fields the last import wrote that the source no longer has.
                if let Some(b) = base {
                    for k in b.fields.keys() {
                        if !keys.contains(k) {
                            keys.push(k.clone());
                        }
                    }
                }
                for key in keys.iter().map(String::as_str) {
                    if key == "id" {
                        continue;
                    }
                    let theirs = fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
                    let mine = ours.get(key);
                    let last = base.and_then(|b| b.fields.get(key));
                    if theirs == mine {
                        continue;
                    }
                    if base.is_some() && theirs == last && !opts.overwrite {
                        continue; // only cairn changed it
                    }
                    // Without a ledger entry nobody knows what the last import wrote:
                    // what cairn holds may be a hand edit, so it is kept.
                    let edited_here = base.is_none() || mine != last;
                    if edited_here && !opts.overwrite {
                        summary.kept_local.push(format!("{id} {key}"));
                        continue;
                    }
                    match theirs {
                        Some(v) => doc.set_in_order(key, &v.to_doc(key), order),
                        None => {
                            doc.remove(key);
                        }
                    }
                }
                let mut after = doc.text();
                let body_edited = base.is_none_or(|b| hash(our_body.as_bytes()) != b.body);
                if our_body != body && (!body_edited || opts.overwrite) {
                    after = format!(
                        "{}{body}",
                        &after[..after.len() - current_fields(&after).1.len()]
                    );
                } else if our_body != body {
                    summary.kept_local.push(format!("{id} body"));
                }
                if after == before {
                    counts.unchanged += 1;
                } else {
                    counts.updated += 1;
                    summary.files.push((path.clone(), "updated"));
                    change.push_edit(&path, before, after);
                }
            }
        }
        new_ledger.items.insert(item.source.clone(), entry);
    }

    // Documents and assets: created, updated when cairn did not edit them, else kept.
    for (rel, text) in &parsed.docs {
        place_file(
            root,
            &format!("docs/{rel}"),
            text.as_bytes(),
            false,
            &ledger,
            &mut new_ledger,
            opts.overwrite,
            &mut summary.docs,
            &mut summary.files,
            &mut summary.kept_local,
            &mut change,
        );
    }
    for (rel, bytes) in &parsed.assets {
        place_file(
            root,
            &format!("assets/{rel}"),
            bytes,
            true,
            &ledger,
            &mut new_ledger,
            opts.overwrite,
            &mut summary.assets,
            &mut summary.files,
            &mut summary.kept_local,
            &mut change,
        );
    }
    // The ledger, when anything changed, or when it was lost or damaged.
    let text = serde_json::to_string_pretty(&new_ledger).unwrap_or_default() + "\n";
    let restore = opts.ledger.as_deref() != Some(text.as_str())
        && (!new_ledger.items.is_empty() || !new_ledger.files.is_empty());
    if !change.is_empty() || restore {
        let path = tool.ledger_path();
        match &opts.ledger {
            Some(old) if *old == text => {}
            Some(old) => change.push_edit(&path, old.clone(), text),
            None => change.push_create(&path, text),
        }
    }
    Ok(Import { change, summary })
}

/// A document or asset: created; replaced when it differs and cairn did not change it
/// since the last import (or `overwrite`); else left as it is.
#[allow(clippy::too_many_arguments)]
fn place_file(
    root: &std::path::Path,
    path: &str,
    bytes: &[u8],
    binary: bool,
    ledger: &Ledger,
    new_ledger: &mut Ledger,
    overwrite: bool,
    counts: &mut Counts,
    files: &mut Vec<(String, &'static str)>,
    kept_local: &mut Vec<String>,
    change: &mut Change,
) {
    counts.found += 1;
    new_ledger.files.insert(path.to_owned(), hash(bytes));
    let Some(target) = crate::paths::resolve_inside(root, path) else {
        counts.skipped += 1;
        return;
    };
    match std::fs::read(&target) {
        Err(_) => {
            if binary {
                change.push_create_binary(path, bytes.to_vec());
            } else {
                change.push_create(path, String::from_utf8_lossy(bytes).into_owned());
            }
            counts.created += 1;
            files.push((path.to_owned(), "created"));
        }
        Ok(now) if now == bytes => counts.unchanged += 1,
        Ok(now) => {
            // Not in the ledger: nobody knows what the last import wrote; kept.
            let edited = ledger.files.get(path).is_none_or(|h| *h != hash(&now));
            if (edited && !overwrite) || binary {
                kept_local.push(path.to_owned());
                counts.unchanged += 1;
            } else {
                change.push_edit(
                    path,
                    String::from_utf8_lossy(&now).into_owned(),
                    String::from_utf8_lossy(bytes).into_owned(),
                );
                counts.updated += 1;
                files.push((path.to_owned(), "updated"));
            }
        }
    }
}

/// Front matter text with another tool's quirks made into YAML: an unquoted `@name`
/// (`assignee: @bob`, `- @bob`, `[@bob, @ann]`) is quoted.
pub fn lenient_yaml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let mut quote_ch: Option<char> = None;
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match quote_ch {
                Some(q) if c == q => quote_ch = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote_ch = Some(c),
                None if c == '@' => {
                    let prev = out.trim_end_matches([' ', '\t']).chars().last();
                    let starts_value = matches!(prev, Some(':' | '-' | '[' | ',' | '{'));
                    if starts_value {
                        let end = (i..chars.len())
                            .find(|&j| matches!(chars[j], ',' | ']' | '}' | '\n' | '\r' | '#'))
                            .unwrap_or(chars.len());
                        let word: String = chars[i..end].iter().collect();
                        let trimmed = word.trim_end();
                        out.push('"');
                        out.push_str(&trimmed.replace('"', "\\\""));
                        out.push('"');
                        out.push_str(&word[trimmed.len()..]);
                        i = end;
                        continue;
                    }
                }
                None => {}
            }
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The front matter of a file from another tool, read leniently: its top-level fields as
/// JSON values (nested ones whole), and its body. `None` when it has none that parses.
pub fn front_matter(text: &str) -> Option<(BTreeMap<String, serde_json::Value>, String)> {
    let parts = crate::load::split_front_matter(text).ok()?;
    let yaml = lenient_yaml(parts.yaml);
    let parsed = crate::text::yaml::parse(&yaml, parts.yaml_line);
    if parsed
        .problems
        .iter()
        .any(|p| p.kind == crate::text::yaml::ProblemKind::Syntax)
    {
        return None;
    }
    let serde_json::Value::Object(map) = to_json(&parsed.root?) else {
        return None;
    };
    Some((map.into_iter().collect(), parts.body.to_owned()))
}

fn to_json(n: &crate::text::yaml::Node) -> serde_json::Value {
    use crate::text::yaml::Value;
    match &n.value {
        Value::Null => serde_json::Value::Null,
        Value::Scalar { text, .. } => serde_json::Value::String(text.clone()),
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(pairs) => serde_json::Value::Object(
            pairs
                .iter()
                .map(|(k, v)| {
                    let key = match &k.value {
                        Value::Scalar { text, .. } => text.clone(),
                        _ => String::new(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

/// A JSON value as one string (`"x"` → `x`), or a list's first; numbers as written.
pub fn one(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Array(a) => a.first().and_then(one),
        _ => None,
    }
}

/// A JSON value as a list of strings (`"a, b"` → `[a, b]`).
pub fn many(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) if s.trim().is_empty() => Vec::new(),
        serde_json::Value::String(s) => s.split(',').map(|x| x.trim().to_owned()).collect(),
        serde_json::Value::Number(n) => vec![n.to_string()],
        serde_json::Value::Array(a) => a.iter().filter_map(one).collect(),
        _ => Vec::new(),
    }
}

/// Markdown `text` with every link and image destination passed through `f` (which
/// returns the new destination, or `None` to keep it).
pub fn rewrite_links(text: &str, f: impl Fn(&str) -> Option<String>) -> String {
    use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag};
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(text, MdOptions::all()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && !dest_url.is_empty()
            && let Some(new) = f(&dest_url)
            && let Some(k) = text[range.clone()].rfind(dest_url.as_ref())
        {
            let start = range.start + k;
            edits.push((start..start + dest_url.len(), new));
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_owned();
    for (r, new) in edits {
        out.replace_range(r, &new);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_at_names_are_quoted() {
        assert_eq!(lenient_yaml("assignee: @bob\n"), "assignee: \"@bob\"\n");
        assert_eq!(lenient_yaml("- @bob\n"), "- \"@bob\"\n");
        assert_eq!(
            lenient_yaml("assignee: [@bob, @ann]\n"),
            "assignee: [\"@bob\", \"@ann\"]\n"
        );
        assert_eq!(lenient_yaml("title: mail a@b.c\n"), "title: mail a@b.c\n");
        assert_eq!(lenient_yaml("assignee: '@bob'\n"), "assignee: '@bob'\n");
    }

    #[test]
    fn references_match_by_id_or_number() {
        assert_eq!(ref_keys("task-2.1"), ["task-2.1", "2.1"]);
        assert_eq!(ref_keys("BACK-7"), ["back-7", "7"]);
        assert_eq!(ref_keys("7"), ["7"]);
    }

    #[test]
    fn link_destinations_are_rewritten() {
        let t = "See ![x](../assets/a.png) and [doc](../docs/d.md) and `[no](x)`.\n";
        let out = rewrite_links(t, |d| d.strip_prefix("../").map(|r| format!("../../{r}")));
        assert_eq!(
            out,
            "See ![x](../../assets/a.png) and [doc](../../docs/d.md) and `[no](x)`.\n"
        );
    }
}
