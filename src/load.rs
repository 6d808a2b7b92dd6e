//! The loader: reads every workspace file from a [`TreeSource`] (in parallel, each file
//! once), parses front matter and body, and builds the [`Workspace`] model. Problems with
//! single files become diagnostics; only a missing or unreadable `cairn.yaml` stops it.

use crate::body::{self, BodyContext};
use crate::diag::{Diagnostic, Level, Pos, Rule, did_you_mean};
use crate::fields::{Fields, Sink, as_bool, parse_date};
use crate::model::*;
use crate::source::{ReadError, TreeSource, resolve_link};
use crate::yaml::{self, Node, ProblemKind, Value};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::HashMap;

pub const CONFIG_FILE: &str = "cairn.yaml";

pub const CONFIG_KEYS: &[&str] = &[
    "name",
    "task_prefix",
    "decision_prefix",
    "calendar",
    "default_estimate",
    "statuses",
    "people",
    "transitions",
    "reports",
    "rules",
];
pub const REPORTS_KEYS: &[&str] = &["dir"];
pub const CALENDAR_KEYS: &[&str] = &["workdays", "hours_per_day", "holidays"];
pub const PERSON_KEYS: &[&str] = &["name", "email", "capacity", "time_off"];
pub const PROJECT_KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "status",
    "start",
    "due",
    "budget",
    "milestones",
    "goals",
];
pub const MILESTONE_KEYS: &[&str] = &["id", "title", "due"];
pub const GOAL_KEYS: &[&str] = &["id", "title", "unit", "baseline", "target", "current"];
pub const TASK_KEYS: &[&str] = &[
    "id",
    "title",
    "status",
    "project",
    "milestone",
    "assignee",
    "priority",
    "estimate",
    "spent",
    "progress",
    "start",
    "due",
    "depends_on",
    "parent",
    "tags",
    "attachments",
    "created",
    "closed",
];
pub const MEETING_KEYS: &[&str] = &[
    "id",
    "title",
    "date",
    "project",
    "attendees",
    "series",
    "facilitator",
];
pub const DECISION_KEYS: &[&str] = &[
    "id",
    "title",
    "status",
    "date",
    "due",
    "deciders",
    "project",
    "supersedes",
    "criteria",
    "options",
    "chosen",
    "tasks",
];
pub const OPTION_KEYS: &[&str] = &["name", "scores", "notes"];

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}")]
    Read {
        path: String,
        #[source]
        source: ReadError,
    },
    #[error("cannot list the workspace's files")]
    List(#[source] std::io::Error),
}

/// Loads the whole workspace from `source`.
pub fn load(source: &dyn TreeSource) -> Result<Workspace, LoadError> {
    load_cached(source, None)
}

/// Files parsed by earlier loads, keyed by path and git blob id, so loading a second
/// revision of the same workspace (the other side of a review, the next commit of a
/// history) neither reads nor parses a file whose content did not change.
#[derive(Default)]
pub struct ParseCache {
    /// The `cairn.yaml` text the cached files were parsed with: items depend on it.
    config: Option<String>,
    files: HashMap<(String, gix::ObjectId), Loaded>,
    /// Files taken from the cache by the last load.
    pub hits: usize,
    /// Hits are moved out of the cache instead of copied: for a last load (the base side
    /// of a review), which saves copying every unchanged file once more.
    pub take_hits: bool,
}

fn blob_key(source: &dyn TreeSource, path: &str, bytes: Option<&[u8]>) -> Option<gix::ObjectId> {
    source.blob_id(path).or_else(|| {
        bytes.and_then(|b| {
            gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, b).ok()
        })
    })
}

/// Sets each link's state again for `source`: the same file may link to something that
/// exists in one revision and not in the other.
fn relink(item: &mut Item, source: &dyn TreeSource, path: &str) {
    let prefix = source.workspace_prefix();
    let resolve = |target: &str| match resolve_link(prefix, path, target) {
        Some(p) => source.link_state(&p),
        None => LinkState::Escapes,
    };
    let (body, extra): (&mut Body, &mut [Link]) = match item {
        Item::Project(p) => (&mut p.body, &mut []),
        Item::Task(t) => (&mut t.body, &mut t.attachments),
        Item::Meeting(m) => (&mut m.body, &mut []),
        Item::Decision(d) => (&mut d.body, &mut []),
    };
    for link in body.links.iter_mut().chain(extra.iter_mut()) {
        link.state = resolve(&link.target);
    }
}

/// [`load`], reusing and filling `cache` when one is given.
pub fn load_cached(
    source: &dyn TreeSource,
    mut cache: Option<&mut ParseCache>,
) -> Result<Workspace, LoadError> {
    let config_bytes = source.read(CONFIG_FILE).map_err(|e| LoadError::Read {
        path: CONFIG_FILE.into(),
        source: e,
    })?;
    let mut sink = Sink::new(CONFIG_FILE);
    let (config_text, config) = match decode(&config_bytes) {
        Ok(text) => {
            let config = parse_config(&text, &mut sink);
            (text, config)
        }
        Err((pos, msg)) => {
            sink.push(Rule::Unreadable, pos, msg);
            (String::new(), Config::default())
        }
    };
    let mut ws = Workspace {
        config,
        ..Workspace::default()
    };
    ws.files.push(SourceFile {
        path: CONFIG_FILE.into(),
        kind: Kind::Config,
        text: config_text,
    });
    ws.load_diagnostics = sink.diags;

    let listing = source.list().map_err(LoadError::List)?;
    for p in &listing.problems {
        ws.load_diagnostics.push(Diagnostic::new(
            p.rule,
            &p.path,
            Pos::START,
            p.message.clone(),
        ));
    }
    let config = &ws.config;
    let config_text = &ws.files[0].text;
    if let Some(c) = cache.as_deref_mut() {
        c.hits = 0;
        if c.config.as_ref() != Some(config_text) {
            c.files.clear();
            c.config = Some(config_text.clone());
        }
    }
    let take = cache.as_deref().is_some_and(|c| c.take_hits);
    let taken: Option<std::sync::Mutex<HashMap<(String, gix::ObjectId), Loaded>>> = if take {
        cache
            .as_deref_mut()
            .map(|c| std::sync::Mutex::new(std::mem::take(&mut c.files)))
    } else {
        None
    };
    let shared: Option<&ParseCache> = cache.as_deref();
    let keep = shared.is_some() && !take;
    let loaded: Vec<(Loaded, Option<gix::ObjectId>, bool)> = listing
        .files
        .par_iter()
        .filter_map(|path| Kind::of_path(path).map(|k| (path, k)))
        .map(|(path, kind)| {
            if let Some(id) = source.blob_id(path) {
                let key = (path.clone(), id);
                let hit = match (&taken, shared) {
                    (Some(t), _) => t.lock().ok().and_then(|mut m| m.remove(&key)),
                    (None, Some(c)) => c.files.get(&key).cloned(),
                    (None, None) => None,
                };
                if let Some(mut l) = hit {
                    if let Some(item) = l.item.as_mut() {
                        relink(item, source, path);
                    }
                    return (l, Some(id), true);
                }
            }
            let (l, bytes) = load_file(source, config, path, kind, keep);
            let id = if keep {
                blob_key(source, path, bytes.as_deref())
            } else {
                None
            };
            (l, id, false)
        })
        .collect();
    let mut hits = 0;
    let loaded: Vec<Loaded> = loaded
        .into_iter()
        .map(|(l, id, hit)| {
            hits += usize::from(hit);
            if let (Some(c), Some(id), false, true) = (cache.as_deref_mut(), id, hit, keep) {
                c.files.insert((l.path.clone(), id), l.clone());
            }
            l
        })
        .collect();
    if let Some(c) = cache {
        c.hits = hits;
    }
    for l in loaded {
        let file = ws.files.len();
        ws.load_diagnostics.extend(l.diags);
        match l.item {
            Some(Item::Project(mut p)) => {
                p.file = file;
                ws.projects.push(p);
            }
            Some(Item::Task(mut t)) => {
                t.file = file;
                ws.tasks.push(t);
            }
            Some(Item::Meeting(mut m)) => {
                m.file = file;
                ws.meetings.push(m);
            }
            Some(Item::Decision(mut d)) => {
                d.file = file;
                ws.decisions.push(d);
            }
            None => {}
        }
        ws.files.push(SourceFile {
            path: l.path,
            kind: l.kind,
            text: l.text,
        });
    }
    ws.build_index();
    Ok(ws)
}

#[derive(Clone)]
enum Item {
    Project(Project),
    Task(Task),
    Meeting(Meeting),
    Decision(Decision),
}

#[derive(Clone)]
struct Loaded {
    path: String,
    kind: Kind,
    text: String,
    item: Option<Item>,
    diags: Vec<Diagnostic>,
}

/// Reads and parses one file; with `keep_bytes`, also returns the bytes read.
fn load_file(
    source: &dyn TreeSource,
    config: &Config,
    path: &str,
    kind: Kind,
    keep_bytes: bool,
) -> (Loaded, Option<Vec<u8>>) {
    let mut sink = Sink::new(path);
    let mut out = Loaded {
        path: path.to_owned(),
        kind,
        text: String::new(),
        item: None,
        diags: Vec::new(),
    };
    let mut kept = None;
    let text = match source.read(path) {
        Ok(bytes) if keep_bytes => {
            let text = decode(&bytes);
            kept = Some(bytes);
            text
        }
        // Most loads: the bytes become the text without a copy.
        Ok(bytes) => decode_owned(bytes),
        Err(e) => Err((Pos::START, format!("cannot read file: {e}"))),
    };
    match text {
        Ok(text) => {
            out.item = parse_item(source, config, path, kind, &text, &mut sink);
            out.text = text;
        }
        Err((pos, msg)) => sink.push(Rule::Unreadable, pos, msg),
    }
    out.diags = sink.diags;
    (out, kept)
}

/// [`decode`] that reuses the buffer: no copy of the text when it is valid UTF-8.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<String, (Pos, String)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.into_bytes();
        match decode(&bytes) {
            Err(why) => why,
            Ok(_) => (Pos::START, "file is not valid UTF-8".into()),
        }
    })
}

/// UTF-8 text without a BOM, or where the first invalid byte is.
pub fn decode(bytes: &[u8]) -> Result<String, (Pos, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or("");
            let line = valid.matches('\n').count() + 1;
            let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err((
                Pos::new(line, col),
                format!(
                    "file is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            ))
        }
    }
}

/// The front matter and body of a file, with the file lines each starts on.
#[derive(Debug)]
pub struct Parts<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

pub fn split_front_matter(text: &str) -> Result<Parts<'_>, (Pos, String)> {
    if text.trim().is_empty() {
        return Err((
            Pos::START,
            "file is empty; it needs `---` front matter".into(),
        ));
    }
    let is_fence = |l: &str| l.trim_end() == "---";
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err((
            Pos::START,
            "file does not start with a `---` front matter line".into(),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        if is_fence(line) || line.trim_end() == "..." {
            return Ok(Parts {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err((
        Pos::START,
        "front matter is not closed: no `---` line after the opening one".into(),
    ))
}

fn parse_yaml(text: &str, first_line: usize, sink: &mut Sink) -> Option<Node> {
    let parsed = yaml::parse(text, first_line);
    for p in parsed.problems {
        let rule = match p.kind {
            ProblemKind::Syntax => Rule::YamlSyntax,
            ProblemKind::DuplicateKey => Rule::DuplicateKey,
        };
        sink.push(rule, p.pos, p.message);
    }
    parsed.root
}

fn parse_item(
    source: &dyn TreeSource,
    config: &Config,
    path: &str,
    kind: Kind,
    text: &str,
    sink: &mut Sink,
) -> Option<Item> {
    let parts = match split_front_matter(text) {
        Ok(p) => p,
        Err((pos, msg)) => {
            sink.push(Rule::FrontMatter, pos, msg);
            return None;
        }
    };
    let root = parse_yaml(parts.yaml, parts.yaml_line, sink);
    let root = root.unwrap_or(Node {
        value: Value::Null,
        pos: Pos::START,
    });
    let empty = Node {
        value: Value::Map(Vec::new()),
        pos: Pos::START,
    };
    let root = if root.is_null() { &empty } else { &root };
    if sink.diags.iter().any(|d| d.rule == Rule::YamlSyntax) {
        return None;
    }
    let prefix = source.workspace_prefix();
    let resolve = |target: &str| match resolve_link(prefix, path, target) {
        Some(p) => source.link_state(&p),
        None => LinkState::Escapes,
    };
    let ctx = BodyContext {
        task_prefix: &config.task_prefix,
        resolve: &resolve,
    };
    let body = body::parse(parts.body, parts.body_line, &ctx, sink);
    let mut fields = Fields::of(root, &format!("{} front matter", kind.name()), sink)?;
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md");
    let item = match kind {
        Kind::Project => project(&mut fields, config, stem, body, sink).map(Item::Project),
        Kind::Task => task(&mut fields, config, stem, body, &resolve, sink).map(Item::Task),
        Kind::Meeting => meeting(&mut fields, stem, body, sink).map(Item::Meeting),
        Kind::Decision => decision(&mut fields, config, stem, body, sink).map(Item::Decision),
        Kind::Config => None,
    };
    let known = match kind {
        Kind::Project => PROJECT_KEYS,
        Kind::Task => TASK_KEYS,
        Kind::Meeting => MEETING_KEYS,
        Kind::Decision => DECISION_KEYS,
        Kind::Config => CONFIG_KEYS,
    };
    fields.finish(known, kind.name(), sink);
    item
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// The number of an id such as `T-12` with prefix `T`.
pub fn id_number(id: &str, prefix: &str) -> Option<u64> {
    let num = id.strip_prefix(prefix)?.strip_prefix('-')?;
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) || num.starts_with('0') {
        return None;
    }
    num.parse().ok()
}

/// The id number in a file name such as `T-12-fix-the-header.md` (or `T-12.md`).
pub fn file_id_number(name: &str, prefix: &str) -> Option<u64> {
    let stem = name.strip_suffix(".md")?;
    let id_end = stem
        .match_indices('-')
        .nth(1)
        .map_or(stem.len(), |(i, _)| i);
    id_number(&stem[..id_end], prefix)
}

/// Reads and checks a numbered id (`T-12`, `D-3`) against the file name.
fn numbered_id(
    fields: &mut Fields,
    what: &str,
    prefix: &str,
    stem: &str,
    sink: &mut Sink,
) -> Option<(Sp<String>, u64)> {
    let node = fields.require("id", what, sink)?;
    let id = sink.text(node, "id")?;
    let Some(number) = id_number(&id.value, prefix) else {
        sink.push_hint(
            Rule::InvalidValue,
            id.pos,
            format!(
                "{what} id `{}` is not of the form `{prefix}-<number>`",
                id.value
            ),
            format!("use an id like `{prefix}-12`"),
        );
        return None;
    };
    let matches = stem == id.value
        || stem
            .strip_prefix(id.value.as_str())
            .is_some_and(|rest| rest.starts_with('-'));
    if !matches {
        sink.push_hint(
            Rule::IdMismatch,
            id.pos,
            format!("id `{}` does not match the file name `{stem}.md`", id.value),
            format!(
                "rename the file to start with `{}-`, or fix the id",
                id.value
            ),
        );
    }
    Some((id, number))
}

fn text_field(fields: &mut Fields, key: &str, sink: &mut Sink) -> Option<String> {
    let node = fields.get(key)?;
    sink.text(node, key).map(|s| s.value)
}

fn sp_text(fields: &mut Fields, key: &str, sink: &mut Sink) -> Option<Sp<String>> {
    let node = fields.get(key)?;
    sink.text(node, key)
}

fn date_field(fields: &mut Fields, key: &str, sink: &mut Sink) -> Option<Sp<Date>> {
    let node = fields.get(key)?;
    sink.date(node, key)
}

fn effort_field(fields: &mut Fields, key: &str, config: &Config, sink: &mut Sink) -> Option<f64> {
    let node = fields.get(key)?;
    sink.effort(node, key, config.calendar.hours_per_day)
}

fn list_field(fields: &mut Fields, key: &str, sink: &mut Sink) -> Vec<Sp<String>> {
    fields
        .get(key)
        .map(|n| sink.text_list(n, key))
        .unwrap_or_default()
}

fn required_title(fields: &mut Fields, what: &str, sink: &mut Sink) -> String {
    fields
        .require("title", what, sink)
        .and_then(|n| sink.text(n, "title"))
        .map(|s| s.value)
        .unwrap_or_default()
}

fn project(
    fields: &mut Fields,
    config: &Config,
    stem: &str,
    body: Body,
    sink: &mut Sink,
) -> Option<Project> {
    let what = "project";
    let id = fields
        .require("id", what, sink)
        .and_then(|n| sink.text(n, "id"));
    let title = required_title(fields, what, sink);
    let id = id?;
    if !is_slug(&id.value) {
        sink.push_hint(
            Rule::InvalidValue,
            id.pos,
            format!("project id `{}` is not a lowercase slug", id.value),
            "use lowercase letters, digits and `-`, like `website-relaunch`",
        );
    } else if id.value != stem {
        sink.push_hint(
            Rule::IdMismatch,
            id.pos,
            format!(
                "project id `{}` does not match the file name `{stem}.md`",
                id.value
            ),
            format!("rename the file to `{}.md`, or fix the id", id.value),
        );
    }
    let status = fields
        .get("status")
        .and_then(|n| sink.one_of(n, "status", &ProjectStatus::NAMES, ProjectStatus::parse))
        .unwrap_or(ProjectStatus::Active);
    let mut milestones = Vec::new();
    if let Some(node) = fields.get("milestones") {
        for m in sink.seq(node, "milestones") {
            let Some(mut f) = Fields::of(m, "a milestone", sink) else {
                continue;
            };
            let mid = f
                .require("id", "milestone", sink)
                .and_then(|n| sink.text(n, "id"));
            let title = text_field(&mut f, "title", sink).unwrap_or_default();
            let due = date_field(&mut f, "due", sink);
            f.finish(MILESTONE_KEYS, "a milestone", sink);
            let Some(mid) = mid else { continue };
            if !is_slug(&mid.value) {
                sink.push(
                    Rule::InvalidValue,
                    mid.pos,
                    format!("milestone id `{}` is not a lowercase slug", mid.value),
                );
            }
            let title = if title.is_empty() {
                mid.value.clone()
            } else {
                title
            };
            milestones.push(Milestone {
                id: mid,
                title,
                due,
            });
        }
    }
    let mut goals = Vec::new();
    if let Some(node) = fields.get("goals") {
        for g in sink.seq(node, "goals") {
            let Some(mut f) = Fields::of(g, "a goal", sink) else {
                continue;
            };
            let gid = f
                .require("id", "goal", sink)
                .and_then(|n| sink.text(n, "id"));
            let title = text_field(&mut f, "title", sink).unwrap_or_default();
            let unit = text_field(&mut f, "unit", sink);
            let mut num = |key: &str, f: &mut Fields| f.get(key).and_then(|n| sink.number(n, key));
            let baseline = num("baseline", &mut f);
            let target = num("target", &mut f);
            let current = num("current", &mut f);
            f.finish(GOAL_KEYS, "a goal", sink);
            let Some(gid) = gid else { continue };
            goals.push(Goal {
                id: gid,
                title,
                unit,
                baseline,
                target,
                current,
                pos: g.pos,
            });
        }
    }
    Some(Project {
        file: 0,
        id,
        title,
        owner: sp_text(fields, "owner", sink),
        status,
        start: date_field(fields, "start", sink),
        due: date_field(fields, "due", sink),
        budget_hours: effort_field(fields, "budget", config, sink),
        milestones,
        goals,
        body,
    })
}

fn task(
    fields: &mut Fields,
    config: &Config,
    stem: &str,
    body: Body,
    resolve: &dyn Fn(&str) -> LinkState,
    sink: &mut Sink,
) -> Option<Task> {
    let what = "task";
    let id = numbered_id(fields, what, &config.task_prefix, stem, sink);
    let title = required_title(fields, what, sink);
    let (id, number) = id?;
    let status = match fields.get("status") {
        Some(n) => sink.text(n, "status")?,
        None => Sp::new(
            config
                .first_status(StatusCategory::Open)
                .unwrap_or("todo")
                .to_owned(),
            id.pos,
        ),
    };
    let priority = fields
        .get("priority")
        .and_then(|n| sink.one_of(n, "priority", &Priority::NAMES, Priority::parse))
        .unwrap_or(Priority::Normal);
    let progress = fields.get("progress").and_then(|n| {
        let v = sink.number(n, "progress")?;
        if (0.0..=100.0).contains(&v) {
            Some(v)
        } else {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                format!("`progress` is {v}; it must be between 0 and 100"),
                "progress is a percentage",
            );
            None
        }
    });
    let attachments = list_field(fields, "attachments", sink)
        .into_iter()
        .map(|a| Link {
            state: resolve(&a.value),
            target: a.value,
            pos: a.pos,
        })
        .collect();
    let tags = list_field(fields, "tags", sink)
        .into_iter()
        .map(|t| t.value)
        .collect();
    let estimate_pos = fields.get("estimate").map_or(id.pos, |n| n.pos);
    Some(Task {
        file: 0,
        number,
        title,
        status,
        project: sp_text(fields, "project", sink),
        milestone: sp_text(fields, "milestone", sink),
        assignees: list_field(fields, "assignee", sink),
        priority,
        estimate_hours: effort_field(fields, "estimate", config, sink),
        estimate_pos,
        spent_hours: effort_field(fields, "spent", config, sink),
        progress,
        start: date_field(fields, "start", sink),
        due: date_field(fields, "due", sink),
        depends_on: list_field(fields, "depends_on", sink),
        parent: sp_text(fields, "parent", sink),
        tags,
        attachments,
        created: date_field(fields, "created", sink).map(|d| d.value),
        closed: date_field(fields, "closed", sink).map(|d| d.value),
        body,
        id,
    })
}

fn meeting(fields: &mut Fields, stem: &str, body: Body, sink: &mut Sink) -> Option<Meeting> {
    let what = "meeting";
    let title = required_title(fields, what, sink);
    let date = fields
        .require("date", what, sink)
        .and_then(|n| sink.date(n, "date"));
    let id = sp_text(fields, "id", sink).unwrap_or_else(|| Sp::new(stem.to_owned(), Pos::START));
    Some(Meeting {
        file: 0,
        id,
        title,
        date,
        project: sp_text(fields, "project", sink),
        attendees: list_field(fields, "attendees", sink),
        series: text_field(fields, "series", sink),
        facilitator: sp_text(fields, "facilitator", sink),
        body,
    })
}

/// A `name: positive number` mapping (criteria weights, option scores).
fn number_map(node: &Node, key: &str, positive: bool, sink: &mut Sink) -> Vec<(Sp<String>, f64)> {
    let Some(mut f) = Fields::of(node, &format!("`{key}`"), sink) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in f.all() {
        let Some(name) = sink.text(k, key) else {
            continue;
        };
        let Some(value) = sink.number(v, key) else {
            continue;
        };
        if positive && value <= 0.0 {
            sink.push(
                Rule::InvalidValue,
                v.pos,
                format!(
                    "weight of `{}` is {value}; weights must be positive",
                    name.value
                ),
            );
            continue;
        }
        out.push((name, value));
    }
    out
}

fn decision(
    fields: &mut Fields,
    config: &Config,
    stem: &str,
    body: Body,
    sink: &mut Sink,
) -> Option<Decision> {
    let what = "decision";
    let (id, number) = numbered_id(fields, what, &config.decision_prefix, stem, sink)?;
    let title = text_field(fields, "title", sink).unwrap_or_default();
    let (status, status_pos) = match fields.get("status") {
        Some(n) => (
            sink.one_of(n, "status", &DecisionStatus::NAMES, DecisionStatus::parse)
                .unwrap_or(DecisionStatus::Proposed),
            n.pos,
        ),
        None => (DecisionStatus::Proposed, id.pos),
    };
    let criteria = fields
        .get("criteria")
        .map(|n| number_map(n, "criteria", true, sink))
        .unwrap_or_default();
    let mut options = Vec::new();
    if let Some(node) = fields.get("options") {
        for o in sink.seq(node, "options") {
            let Some(mut f) = Fields::of(o, "an option", sink) else {
                continue;
            };
            let name = f
                .require("name", "option", sink)
                .and_then(|n| sink.text(n, "name"));
            let scores = f
                .get("scores")
                .map(|n| number_map(n, "scores", false, sink))
                .unwrap_or_default();
            let notes = text_field(&mut f, "notes", sink);
            f.finish(OPTION_KEYS, "an option", sink);
            if let Some(name) = name {
                options.push(DecisionOption {
                    name,
                    scores,
                    notes,
                });
            }
        }
    }
    Some(Decision {
        file: 0,
        number,
        title,
        status,
        status_pos,
        date: date_field(fields, "date", sink).map(|d| d.value),
        due: date_field(fields, "due", sink),
        deciders: list_field(fields, "deciders", sink),
        project: sp_text(fields, "project", sink),
        supersedes: sp_text(fields, "supersedes", sink),
        criteria,
        options,
        chosen: sp_text(fields, "chosen", sink),
        tasks: list_field(fields, "tasks", sink),
        body,
        id,
    })
}

/// Parses `cairn.yaml`. Problems become diagnostics; defaults fill the gaps.
pub fn parse_config(text: &str, sink: &mut Sink) -> Config {
    let mut config = Config::default();
    let Some(root) = parse_yaml(text, 1, sink) else {
        return config;
    };
    let Some(mut fields) = Fields::of(&root, "cairn.yaml", sink) else {
        return config;
    };
    config.name = fields
        .require("name", "cairn.yaml", sink)
        .and_then(|n| sink.text(n, "name"))
        .map(|s| s.value)
        .unwrap_or_default();
    for (key, slot) in [
        ("task_prefix", &mut config.task_prefix),
        ("decision_prefix", &mut config.decision_prefix),
    ] {
        if let Some(v) = sp_text(&mut fields, key, sink) {
            if !v.value.is_empty() && v.value.chars().all(|c| c.is_ascii_alphanumeric()) {
                *slot = v.value;
            } else {
                sink.push(
                    Rule::InvalidValue,
                    v.pos,
                    format!("`{key}` must be letters and digits, like `T`"),
                );
            }
        }
    }
    if let Some(node) = fields.get("reports")
        && let Some(mut r) = Fields::of(node, "`reports`", sink)
    {
        if let Some(n) = r.get("dir")
            && let Some(dir) = sink.text(n, "dir")
        {
            let d = dir.value.trim_matches('/');
            let inside_items = Kind::FOLDERS
                .iter()
                .any(|f| d == *f || d.starts_with(&format!("{f}/")));
            if d.is_empty()
                || d.starts_with('.')
                || d.split('/').any(|p| p.is_empty() || p == "..")
                || inside_items
            {
                sink.push(
                    Rule::InvalidValue,
                    dir.pos,
                    format!(
                        "`reports.dir` `{}` must be a folder inside the workspace, outside the item folders",
                        dir.value
                    ),
                );
            } else {
                config.reports_dir = d.to_owned();
            }
        }
        r.finish(REPORTS_KEYS, "`reports`", sink);
    }
    if let Some(node) = fields.get("calendar")
        && let Some(mut cal) = Fields::of(node, "`calendar`", sink)
    {
        if let Some(n) = cal.get("workdays") {
            let mut days = [false; 7];
            for d in sink.text_list(n, "workdays") {
                match Calendar::weekday_index(&d.value.to_ascii_lowercase()) {
                    Some(i) => days[i] = true,
                    None => sink.push(
                        Rule::InvalidValue,
                        d.pos,
                        format!(
                            "`{}` is not a weekday; use mon, tue, wed, thu, fri, sat, sun",
                            d.value
                        ),
                    ),
                }
            }
            if days.iter().any(|d| *d) {
                config.calendar.workdays = days;
            } else {
                sink.push(Rule::InvalidValue, n.pos, "`workdays` names no working day");
            }
        }
        if let Some(n) = cal.get("hours_per_day")
            && let Some(h) = sink.number(n, "hours_per_day")
        {
            if h > 0.0 && h <= 24.0 {
                config.calendar.hours_per_day = h;
            } else {
                sink.push(
                    Rule::InvalidValue,
                    n.pos,
                    format!("`hours_per_day` is {h}; it must be above 0 and at most 24"),
                );
            }
        }
        if let Some(n) = cal.get("holidays") {
            for h in sink.seq(n, "holidays") {
                if let Some(d) = sink.date(h, "holidays") {
                    config.calendar.holidays.insert(d.value);
                }
            }
        }
        cal.finish(CALENDAR_KEYS, "`calendar`", sink);
    }
    if let Some(n) = fields.get("default_estimate")
        && let Some(h) = sink.effort(n, "default_estimate", config.calendar.hours_per_day)
    {
        config.default_estimate_hours = h;
    }
    config.default_estimate_hours = config.default_estimate_hours.max(0.0);
    if let Some(node) = fields.get("statuses")
        && let Some(mut f) = Fields::of(node, "`statuses`", sink)
    {
        let mut statuses = Vec::new();
        for (k, v) in f.all() {
            let (Some(name), Some(cat)) = (
                sink.text(k, "statuses"),
                sink.one_of(
                    v,
                    "statuses",
                    &["open", "active", "done", "cancelled"],
                    StatusCategory::parse,
                ),
            ) else {
                continue;
            };
            statuses.push((name.value, cat));
        }
        let has = |c| statuses.iter().any(|(_, sc)| *sc == c);
        if has(StatusCategory::Open) && has(StatusCategory::Done) {
            config.statuses = statuses;
        } else {
            sink.push(
                Rule::InvalidValue,
                node.pos,
                "`statuses` needs at least one `open` and one `done` status; using the default workflow",
            );
        }
    }
    if let Some(node) = fields.get("transitions")
        && let Some(mut f) = Fields::of(node, "`transitions`", sink)
    {
        let known = |s: &str| config.statuses.iter().any(|(n, _)| n == s);
        let mut unknown = Vec::new();
        for (k, v) in f.all() {
            let Some(from) = sink.text(k, "transitions") else {
                continue;
            };
            let to = sink.text_list(v, "transitions");
            for s in std::iter::once(&from).chain(&to) {
                if !known(&s.value) {
                    unknown.push(s.clone());
                }
            }
            config
                .transitions
                .push((from.value, to.into_iter().map(|t| t.value).collect()));
        }
        for s in unknown {
            let msg = format!("`transitions` names `{}`, which is not a status", s.value);
            match did_you_mean(&s.value, config.statuses.iter().map(|(n, _)| n.as_str())) {
                Some(m) => sink.push_hint(
                    Rule::InvalidStatus,
                    s.pos,
                    msg,
                    format!("did you mean `{m}`?"),
                ),
                None => sink.push(Rule::InvalidStatus, s.pos, msg),
            }
        }
    }
    if let Some(node) = fields.get("people")
        && let Some(mut f) = Fields::of(node, "`people`", sink)
    {
        for (k, v) in f.all() {
            let Some(id) = sink.text(k, "people") else {
                continue;
            };
            if !is_slug(&id.value) {
                sink.push(
                    Rule::InvalidValue,
                    id.pos,
                    format!(
                        "person id `{}` must be a lowercase slug such as `alice`",
                        id.value
                    ),
                );
            }
            if let Some(p) = person(id, v, sink) {
                config.people.push(p);
            }
        }
    }
    if let Some(node) = fields.get("rules")
        && let Some(mut f) = Fields::of(node, "`rules`", sink)
    {
        for (k, v) in f.all() {
            let Some(name) = sink.text(k, "rules") else {
                continue;
            };
            let Some(rule) = Rule::from_name(&name.value) else {
                let msg = format!("unknown rule `{}`", name.value);
                match did_you_mean(&name.value, Rule::ALL.iter().map(|r| r.name())) {
                    Some(s) => sink.push_hint(
                        Rule::UnknownRule,
                        k.pos,
                        msg,
                        format!("did you mean `{s}`?"),
                    ),
                    None => sink.push_hint(
                        Rule::UnknownRule,
                        k.pos,
                        msg,
                        "`cairn check --list-rules` lists them",
                    ),
                }
                continue;
            };
            let level = if as_bool(v) == Some(false) {
                Some(Level::Off)
            } else {
                sink.one_of(v, "rules", &["error", "warning", "off"], |s| match s {
                    "error" => Some(Level::Error),
                    "warning" => Some(Level::Warning),
                    "off" => Some(Level::Off),
                    _ => None,
                })
            };
            if let Some(level) = level {
                config.rules.set(rule, level);
            }
        }
    }
    fields.finish(CONFIG_KEYS, "cairn.yaml", sink);
    config
}

fn person(id: Sp<String>, node: &Node, sink: &mut Sink) -> Option<Person> {
    let what = format!("person `{}`", id.value);
    let mut f = Fields::of(node, &what, sink)?;
    let name = f
        .require("name", &what, sink)
        .and_then(|n| sink.text(n, "name"))
        .map(|s| s.value)
        .unwrap_or_default();
    let email = text_field(&mut f, "email", sink);
    let mut capacity = 1.0;
    if let Some(n) = f.get("capacity")
        && let Some(c) = sink.number(n, "capacity")
    {
        if c > 0.0 && c <= 1.0 {
            capacity = c;
        } else {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                format!("`capacity` is {c}; it must be above 0 and at most 1"),
                "capacity is the share of a full working day, e.g. 0.5",
            );
        }
    }
    let mut time_off = Vec::new();
    if let Some(n) = f.get("time_off") {
        for entry in sink.text_list(n, "time_off") {
            let (a, b) = entry
                .value
                .split_once("..")
                .unwrap_or((&entry.value, &entry.value));
            match (parse_date(a.trim()), parse_date(b.trim())) {
                (Ok(a), Ok(b)) if a <= b => time_off.push((a, b)),
                (Ok(_), Ok(_)) => sink.push(
                    Rule::InvalidDate,
                    entry.pos,
                    format!("time off `{}` ends before it starts", entry.value),
                ),
                (Err(why), _) | (_, Err(why)) => sink.push_hint(
                    Rule::InvalidDate,
                    entry.pos,
                    format!("time off: {why}"),
                    "write a date or an inclusive range: `2026-12-21..2026-12-31`",
                ),
            }
        }
    }
    f.finish(PERSON_KEYS, &what, sink);
    Some(Person {
        id: id.value,
        name,
        email,
        capacity,
        time_off,
        pos: id.pos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_handles_crlf_and_bodies_with_fences() {
        let parts = split_front_matter("---\r\nid: T-1\r\n---\r\nbody\r\n---\r\nmore\r\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(parts.yaml, "id: T-1\r\n");
        assert_eq!(parts.body_line, 4);
        assert!(parts.body.contains("more"));
    }

    #[test]
    fn front_matter_problems_are_explained() {
        assert!(split_front_matter("").unwrap_err().1.contains("empty"));
        assert!(
            split_front_matter("---\n")
                .unwrap_err()
                .1
                .contains("not closed")
        );
        assert!(
            split_front_matter("# title\n")
                .unwrap_err()
                .1
                .contains("does not start")
        );
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let (pos, msg) = decode(b"---\nid: \xff\n").unwrap_err();
        assert_eq!(pos, Pos { line: 2, col: 5 });
        assert!(msg.contains("UTF-8"));
    }

    #[test]
    fn bom_is_stripped() {
        assert_eq!(decode(b"\xEF\xBB\xBF---\n").as_deref(), Ok("---\n"));
        assert_eq!(
            decode_owned(b"\xEF\xBB\xBF---\n".to_vec()).as_deref(),
            Ok("---\n")
        );
        assert_eq!(
            decode_owned(b"---\nid: \xff\n".to_vec()),
            decode(b"---\nid: \xff\n")
        );
    }

    #[test]
    fn ids_need_the_prefix_and_a_number() {
        assert_eq!(id_number("T-12", "T"), Some(12));
        assert_eq!(id_number("T-012", "T"), None);
        assert_eq!(id_number("X-1", "T"), None);
        assert_eq!(id_number("T-", "T"), None);
    }
}
