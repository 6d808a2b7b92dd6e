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
mod plan;
pub mod session;
pub mod todo;

pub use plan::plan;

use super::change::Change;
use super::edit::EditError;
use crate::model::StatusCategory;
use crate::text::edit::{Value as DocValue, scalar};
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
    /// Other names items may use for it (Backlog.md's file name after the id).
    pub aliases: Vec<String>,
    /// Archived in the source: imported only when an item still names it.
    pub archived: bool,
}

impl SourceMilestone {
    /// Whether an item's `milestone` value `m` names this one: by id, title or alias,
    /// ignoring case, or as the same slug (`M2: CLI Kanban Board` is `m2-cli-kanban-board`).
    pub fn named_by(&self, m: &str) -> bool {
        let s = crate::text::slug(m);
        std::iter::once(&self.name)
            .chain(std::iter::once(&self.title))
            .chain(&self.aliases)
            .any(|n| n.eq_ignore_ascii_case(m) || (!s.is_empty() && crate::text::slug(n) == s))
    }
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
    /// Source ids (lowercase) of the items the source archived.
    pub archived: Vec<String>,
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
    /// The source's people (lowercase, `@` dropped) to cairn person ids
    /// (`--people-map`); the others keep their source id, made a legal person id.
    pub people_map: HashMap<String, String>,
    /// Id prefixes the source renamed, old to new, lowercase (`task-` → `back-`), given
    /// (`--renamed-prefix`) or found.
    pub renamed_prefix: Vec<(String, String)>,
    /// The status an item gets when the source no longer has it (archived or deleted);
    /// `None`: the first cancelled status for Backlog.md, and nothing for the other
    /// tools (a `gh issue list` or a todo.txt may hold only part of the items).
    pub gone_status: Option<String>,
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
    /// People the source assigns work to that `cairn.yaml` did not declare: the import
    /// declares them (under `people:`, named by their id).
    pub people_declared: Vec<String>,
    /// Items imported before that the source no longer has (archived or deleted): the
    /// cairn id, the source id, and what the import did (`cancelled`, the status it set,
    /// or `kept`: edited in cairn since).
    pub gone: Vec<Gone>,
    /// Id prefixes the source renamed (old → new), and whether cairn found it itself.
    pub renamed_prefix: Vec<Renamed>,
    /// The files created or changed, with what happened to them.
    pub files: Vec<(String, &'static str)>,
}

/// An item the source no longer has.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Gone {
    pub id: String,
    pub source: String,
    /// The status it was given, or `None` when it was kept (edited in cairn since, or
    /// already finished).
    pub status: Option<String>,
    pub why: String,
}

/// A prefix the source renamed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Renamed {
    pub from: String,
    pub to: String,
    /// Found by cairn (every old id gone, its numbers under the new prefix), not given.
    pub inferred: bool,
    /// Items matched across it.
    pub items: usize,
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
