//! Edits of existing files: each takes the loaded workspace and returns the [`Change`] it
//! makes, editing front matter line by line (`text::edit::Doc`) so everything else stays
//! byte for byte. Arguments that name things (people, tasks, projects, options) are
//! checked here, so a typo is a usage error with a suggestion, not a refused edit.
//!
//! Status moves go through [`move_status`], the one place that keeps `closed` consistent
//! with the status: entering the done category sets it (to today unless given), leaving
//! it removes it.

use super::change::Change;
use crate::diag::did_you_mean;
use crate::model::{ChecklistItem, FileKind, Meeting, StatusCategory, Task, Workspace};
use crate::text::edit::{Doc, DocError, Value, scalar};
use jiff::civil::Date;
use std::collections::HashMap;

/// Why an edit cannot be made (a usage error: nothing is changed).
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("no {what} `{id}`")]
    Unknown {
        what: &'static str,
        id: String,
        /// A known id close to it.
        suggestion: Option<String>,
        /// Where such ids come from.
        note: Option<&'static str>,
    },
    #[error("`{id}` is not a {what}")]
    WrongKind { id: String, what: &'static str },
    #[error("unknown field `{field}` for a {kind}")]
    UnknownField {
        field: String,
        kind: &'static str,
        suggestion: Option<String>,
    },
    #[error("`id` is the file's name; it cannot be set")]
    IdField,
    #[error("`{0}` is not FIELD=VALUE")]
    NotAnAssignment(String),
    #[error("nothing to set")]
    NothingToSet,
    #[error("{id} has {count} {what}{}; there is no item {n}", if *.count == 1 { "" } else { "s" })]
    NoItem {
        id: String,
        what: &'static str,
        count: usize,
        n: usize,
    },
    #[error("{id} has no option `{option}`")]
    NoOption {
        id: String,
        option: String,
        options: Vec<String>,
    },
    #[error("{0}")]
    Refused(String),
    #[error("the workflow has no {0} status")]
    NoStatus(&'static str),
    #[error("cannot edit {path}")]
    Doc {
        path: String,
        #[source]
        source: DocError,
    },
    #[error("the comment is empty")]
    EmptyComment,
    /// A `--where` expression (or a view's `where:`) that cannot be read: the message,
    /// then the expression with a caret under the part at fault.
    #[error("{message}\n{quote}")]
    Where {
        message: String,
        quote: String,
        hint: Option<String>,
    },
    #[error("`{field}`: {why}")]
    BadDate {
        field: String,
        value: String,
        why: String,
        suggestion: Option<String>,
    },
}

/// Words a relative date is made of, for "did you mean".
const DATE_WORDS: &[&str] = &[
    "today",
    "tomorrow",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "next week",
    "next month",
];

/// `due=…` and the like: a date, absolute or relative, as the date it names.
pub fn date_value(field: &str, value: &str, today: Date) -> Result<Date, EditError> {
    crate::text::fields::parse_date_relative(value, today).map_err(|why| {
        // A misspelt word, alone or after `next`.
        let lower = value.trim().to_ascii_lowercase();
        let (prefix, word) = match lower.strip_prefix("next ") {
            Some(w) => ("next ", w.trim()),
            None => ("", lower.as_str()),
        };
        let suggestion = did_you_mean(word, DATE_WORDS.iter().copied())
            .map(|w| format!("{prefix}{w}"))
            .filter(|s| crate::text::fields::parse_date_relative(s, today).is_ok());
        EditError::BadDate {
            field: field.to_owned(),
            value: value.to_owned(),
            why,
            suggestion,
        }
    })
}

impl EditError {
    /// What to do about it, for people.
    pub fn hint(&self) -> Option<String> {
        match self {
            EditError::Unknown {
                suggestion: Some(s),
                ..
            }
            | EditError::UnknownField {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            EditError::Unknown { note: Some(n), .. } => Some((*n).to_owned()),
            EditError::NoOption { options, .. } if !options.is_empty() => {
                Some(format!("its options: {}", options.join(", ")))
            }
            EditError::NothingToSet => Some("give FIELD=VALUE pairs or --unset FIELD".into()),
            EditError::Where { hint, .. } => hint.clone(),
            EditError::BadDate {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            EditError::BadDate { why, .. } if !why.contains("YYYY-MM-DD") => Some(
                "write YYYY-MM-DD, or a relative date: today, tomorrow, friday, next week, +3d, in 2 weeks".into(),
            ),
            _ => None,
        }
    }
}

pub(crate) fn unknown<'a>(
    what: &'static str,
    id: &str,
    known: impl Iterator<Item = &'a str>,
    note: Option<&'static str>,
) -> EditError {
    EditError::Unknown {
        what,
        id: id.to_owned(),
        suggestion: did_you_mean(id, known).map(str::to_owned),
        note,
    }
}

/// The file an id names, with its kind.
pub fn locate(ws: &Workspace, id: &str) -> Result<(usize, FileKind), EditError> {
    if let Some(t) = ws.task(id) {
        return Ok((t.file, FileKind::Task));
    }
    if let Some(p) = ws.project(id) {
        return Ok((p.file, FileKind::Project));
    }
    if let Some(d) = ws.decision(id) {
        return Ok((d.file, FileKind::Decision));
    }
    if let Some(m) = ws.meeting(id) {
        return Ok((m.file, FileKind::Meeting));
    }
    let known = ws
        .tasks
        .iter()
        .map(|t| t.id.as_str())
        .chain(ws.decisions.iter().map(|d| d.id.as_str()))
        .chain(ws.projects.iter().map(|p| p.id.as_str()))
        .chain(ws.meetings.iter().map(|m| m.id.as_str()));
    Err(unknown(
        "task, project, decision or meeting",
        id,
        known,
        None,
    ))
}

/// The task an id names.
pub fn task<'w>(ws: &'w Workspace, id: &str) -> Result<&'w Task, EditError> {
    ws.task(id).ok_or_else(|| {
        if ws.decision(id).is_some() || ws.project(id).is_some() || ws.meeting(id).is_some() {
            EditError::WrongKind {
                id: id.to_owned(),
                what: "task",
            }
        } else {
            unknown("task", id, ws.tasks.iter().map(|t| t.id.as_str()), None)
        }
    })
}

/// Every name must be a declared person.
pub fn people_exist(ws: &Workspace, people: &[String]) -> Result<(), EditError> {
    for p in people {
        if ws.config.person(p).is_none() {
            return Err(unknown(
                "person",
                p,
                ws.config.people.iter().map(|p| p.id.as_str()),
                Some("people are declared under `people:` in cairn.yaml"),
            ));
        }
    }
    Ok(())
}

/// Every id must be a task.
pub fn tasks_exist(ws: &Workspace, ids: &[String]) -> Result<(), EditError> {
    for id in ids {
        task(ws, id)?;
    }
    Ok(())
}

pub fn project_exists(ws: &Workspace, id: &str) -> Result<(), EditError> {
    match ws.project(id) {
        // An id that is not a slug (`../../x`) is reported by `check` and never used to
        // make a path.
        Some(_) if !crate::model::is_slug(id) => Err(EditError::Refused(format!(
            "project id `{id}` is not a lowercase slug; fix the project file first"
        ))),
        Some(_) => Ok(()),
        None => Err(unknown(
            "project",
            id,
            ws.projects.iter().map(|p| p.id.as_str()),
            Some("projects are the files in projects/; `cairn list projects` lists them"),
        )),
    }
}

/// The text and editable front matter of loaded file `file`.
fn doc(ws: &Workspace, file: usize) -> Result<(String, Doc), EditError> {
    let f = &ws.files[file];
    let d = Doc::parse(&f.text).map_err(|source| EditError::Doc {
        path: f.path.clone(),
        source,
    })?;
    Ok((f.text.clone(), d))
}

/// Applies `f` to the front matter of file `file` and returns the change.
fn edit_file(
    ws: &Workspace,
    file: usize,
    f: impl FnOnce(&mut Doc) -> Result<(), EditError>,
) -> Result<Change, EditError> {
    let (before, mut d) = doc(ws, file)?;
    f(&mut d)?;
    Ok(Change::edit(&ws.files[file].path, before, d.text()))
}

pub(crate) fn status_in(ws: &Workspace, cat: StatusCategory) -> Result<String, EditError> {
    ws.config
        .first_status(cat)
        .map(str::to_owned)
        .ok_or(EditError::NoStatus(match cat {
            StatusCategory::Open => "open",
            StatusCategory::Active => "active",
            StatusCategory::Done => "done",
            StatusCategory::Cancelled => "cancelled",
        }))
}

/// Sets a task's status and keeps `closed` consistent with it: a move into the done
/// category sets `closed` to `closed` (or today) unless the task was already done with a
/// date; a move out of it removes `closed`. The one rule every status change follows.
pub fn move_status(
    ws: &Workspace,
    d: &mut Doc,
    t: &Task,
    status: &str,
    today: Date,
    closed: Option<Date>,
) {
    let was_done = ws.category(t) == Some(StatusCategory::Done);
    let done = ws.config.status_category(status) == Some(StatusCategory::Done);
    if t.status.value != status || !d.has("status") {
        d.set("status", &scalar(status), &["title"]);
    }
    if done {
        if let Some(c) = closed {
            d.set("closed", &scalar(&c.to_string()), &["status"]);
        } else if !(was_done && d.has("closed")) {
            d.set("closed", &scalar(&today.to_string()), &["status"]);
        }
    } else {
        d.remove("closed");
    }
}

fn to_category(
    ws: &Workspace,
    id: &str,
    cat: StatusCategory,
    today: Date,
) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    let status = status_in(ws, cat)?;
    edit_file(ws, t.file, |d| {
        move_status(ws, d, t, &status, today, None);
        Ok(())
    })
}

/// `cairn start`: the workflow's first `active` status.
pub fn start(ws: &Workspace, id: &str, today: Date) -> Result<Change, EditError> {
    to_category(ws, id, StatusCategory::Active, today)
}

/// `cairn done`: the first `done` status, `closed` today.
pub fn done(ws: &Workspace, id: &str, today: Date) -> Result<Change, EditError> {
    to_category(ws, id, StatusCategory::Done, today)
}

/// `cairn reopen`: the first `open` status, no `closed`.
pub fn reopen(ws: &Workspace, id: &str, today: Date) -> Result<Change, EditError> {
    to_category(ws, id, StatusCategory::Open, today)
}

/// `cairn assign`: adds people to a task's assignees.
pub fn assign(ws: &Workspace, id: &str, people: &[String]) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    people_exist(ws, people)?;
    let mut list: Vec<String> = t.assignees.iter().map(|a| a.value.clone()).collect();
    for p in people {
        if !list.contains(p) {
            list.push(p.clone());
        }
    }
    if list.len() == t.assignees.len() {
        return Ok(Change::default());
    }
    edit_file(ws, t.file, |d| {
        d.set(
            "assignee",
            &Value::List(list),
            &["milestone", "project", "status"],
        );
        Ok(())
    })
}

/// `cairn unassign`: removes people from a task's assignees.
pub fn unassign(ws: &Workspace, id: &str, people: &[String]) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    people_exist(ws, people)?;
    let list: Vec<String> = t
        .assignees
        .iter()
        .map(|a| a.value.clone())
        .filter(|p| !people.contains(p))
        .collect();
    if list.len() == t.assignees.len() {
        return Ok(Change::default());
    }
    edit_file(ws, t.file, |d| {
        if list.is_empty() {
            d.remove("assignee");
        } else {
            d.set("assignee", &Value::List(list), &[]);
        }
        Ok(())
    })
}

/// Fields that hold lists: `set` splits their value at commas.
const LIST_KEYS: &[&str] = &[
    "assignee",
    "depends_on",
    "tags",
    "attachments",
    "attendees",
    "deciders",
    "tasks",
];

/// Fields that hold a date: `set` takes relative dates for them (`due=friday`).
const DATE_KEYS: &[&str] = &["due", "start", "date", "closed", "created"];

/// The value a task field has when it is not written.
fn task_default(ws: &Workspace, key: &str) -> Option<String> {
    match key {
        "priority" => Some("normal".into()),
        "status" => ws
            .config
            .first_status(StatusCategory::Open)
            .map(str::to_owned),
        _ => None,
    }
}

/// A front matter value as written: one scalar's text, or a flat list's.
#[derive(Debug, PartialEq)]
enum Written {
    One(String),
    Many(Vec<String>),
}

/// The top-level scalar and flat-list fields of a file's front matter, as parsed text.
fn written_fields(text: &str) -> Option<HashMap<String, Written>> {
    use crate::text::yaml::Value as Y;
    let parts = crate::load::split_front_matter(text).ok()?;
    let root = crate::text::yaml::parse(parts.yaml, 2).root?;
    let Y::Map(pairs) = root.value else {
        return None;
    };
    let text_of = |v: &Y| match v {
        Y::Scalar { text, .. } => Some(text.clone()),
        _ => None,
    };
    Some(
        pairs
            .into_iter()
            .filter_map(|(k, v)| {
                let key = text_of(&k.value)?;
                let value = match &v.value {
                    Y::Seq(items) => Written::Many(
                        items
                            .iter()
                            .map(|i| text_of(&i.value))
                            .collect::<Option<_>>()?,
                    ),
                    other => Written::One(text_of(other)?),
                };
                Some((key, value))
            })
            .collect(),
    )
}

/// `cairn set PROJECT/MILESTONE title=… due=…`: a milestone's fields, edited in place in
/// its project's `milestones:` list.
fn set_milestone(
    ws: &Workspace,
    project: &str,
    milestone: &str,
    assignments: &[String],
    unset: &[String],
    today: Date,
) -> Result<Change, EditError> {
    project_exists(ws, project)?;
    let p = ws
        .project(project)
        .ok_or_else(|| EditError::Refused(format!("no project `{project}`")))?;
    if !p.milestones.iter().any(|m| m.id.value == milestone) {
        return Err(EditError::Unknown {
            what: "milestone",
            id: format!("{project}/{milestone}"),
            suggestion: did_you_mean(milestone, p.milestones.iter().map(|m| m.id.value.as_str()))
                .map(|m| format!("{project}/{m}")),
            note: Some("a milestone is PROJECT/MILESTONE, as in the project's `milestones:`"),
        });
    }
    let keys: Vec<&str> = crate::load::MILESTONE_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "id")
        .collect();
    let known = |k: &str| -> Result<(), EditError> {
        if k == "id" {
            return Err(EditError::Refused(
                "a milestone's id is how tasks name it; rename it by hand (and its tasks' `milestone:`)".into(),
            ));
        }
        if keys.contains(&k) {
            Ok(())
        } else {
            Err(EditError::UnknownField {
                field: k.to_owned(),
                kind: "milestone",
                suggestion: did_you_mean(k, keys.iter().copied()).map(str::to_owned),
            })
        }
    };
    let path = ws.path(p.file).to_owned();
    let before = ws.files[p.file].text.clone();
    let mut text = before.clone();
    let mut apply = |k: &str, v: Option<&str>| -> Result<(), EditError> {
        known(k)?;
        let out = crate::text::edit::set_in_block_item(&text, "milestones", milestone, k, v)
            .map_err(|e| EditError::Refused(format!("{path}: {e}")))?;
        if let Some(t) = out {
            text = t;
        }
        Ok(())
    };
    for pair in assignments {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(EditError::NotAnAssignment(pair.clone()));
        };
        let (k, v) = (k.trim(), v.trim());
        let v = if k == "due" {
            date_value(k, v, today)?.to_string()
        } else {
            v.to_owned()
        };
        apply(k, Some(&v))?;
    }
    for k in unset {
        if k.trim() == "title" {
            return Err(EditError::Refused("a milestone needs its title".into()));
        }
        apply(k.trim(), None)?;
    }
    Ok(Change::edit(&path, before, text))
}

/// `cairn set ID field=value … --unset field`: any front matter field of a task,
/// project, decision or meeting. Setting a field to the value it already has (written, or
/// by default) changes nothing; a task's `status` moves as [`move_status`] says.
pub fn set(
    ws: &Workspace,
    id: &str,
    assignments: &[String],
    unset: &[String],
    today: Date,
) -> Result<Change, EditError> {
    if assignments.is_empty() && unset.is_empty() {
        return Err(EditError::NothingToSet);
    }
    // `website/beta`: a milestone, in its project's file.
    if let Some((project, milestone)) = id.split_once('/')
        && locate(ws, id).is_err()
    {
        return set_milestone(ws, project, milestone, assignments, unset, today);
    }
    let (file, kind) = locate(ws, id)?;
    let keys = crate::load::keys_of(kind);
    let known = |k: &str| -> Result<(), EditError> {
        if k == "id" {
            return Err(EditError::IdField);
        }
        // `x-…` keys are the team's own (docs/format.md): free text, set like any other.
        let team_key = k.len() > 2
            && k.starts_with("x-")
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if keys.contains(&k) || team_key || ws.config.field(kind, k).is_some() {
            Ok(())
        } else {
            let declared = ws.config.fields_of(kind).map(|f| f.name.as_str());
            Err(EditError::UnknownField {
                field: k.to_owned(),
                kind: kind.name(),
                suggestion: did_you_mean(k, keys.iter().copied().chain(declared))
                    .map(str::to_owned),
            })
        }
    };
    let task = (kind == FileKind::Task).then(|| ws.task(id)).flatten();
    let written = written_fields(&ws.files[file].text);
    // `status=done closed=2026-11-20`: the move into done takes the date given.
    let closed_given = assignments
        .iter()
        .filter_map(|a| a.split_once('='))
        .find(|(k, _)| k.trim() == "closed")
        .and_then(|(_, v)| crate::text::fields::parse_date_relative(v, today).ok());
    edit_file(ws, file, |d| {
        for pair in assignments {
            let Some((k, v)) = pair.split_once('=') else {
                return Err(EditError::NotAnAssignment(pair.clone()));
            };
            let (k, v) = (k.trim(), v.trim());
            known(k)?;
            let custom = ws.config.field(kind, k);
            // `due=friday`, `start=+3d`: dates are written as dates.
            let custom_date = custom.is_some_and(|f| f.ty == crate::model::FieldType::Date);
            let custom_bool = custom.is_some_and(|f| f.ty == crate::model::FieldType::Bool);
            let resolved = if custom_bool {
                // `yes`/`no` as people type them, written as YAML booleans.
                match v.to_ascii_lowercase().as_str() {
                    "yes" | "y" | "on" | "true" => Some("true".to_owned()),
                    "no" | "n" | "off" | "false" => Some("false".to_owned()),
                    _ => None,
                }
            } else if DATE_KEYS.contains(&k) || custom_date {
                Some(date_value(k, v, today)?.to_string())
            } else {
                None
            };
            let v = resolved.as_deref().unwrap_or(v);
            if let (Some(t), "status") = (task, k) {
                move_status(ws, d, t, v, today, closed_given);
                continue;
            }
            if !d.has(k) && task.is_some() && task_default(ws, k).as_deref() == Some(v) {
                continue; // already so, by default
            }
            let custom_default = custom.and_then(|f| f.default.as_ref()).map(|d| d.text());
            if !d.has(k) && custom_default.as_deref() == Some(v) {
                continue; // already so, by the declaration's default
            }
            let items: Vec<String> = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let list = LIST_KEYS.contains(&k)
                || custom.is_some_and(|f| matches!(f.ty, crate::model::FieldType::List(_)));
            // Already so as written (whatever the quoting or list style): untouched.
            match written.as_ref().and_then(|w| w.get(k)) {
                Some(Written::One(text))
                    if (!list && text == v) || (list && items == [text.clone()]) =>
                {
                    continue;
                }
                Some(Written::Many(texts)) if list && *texts == items => continue,
                _ => {}
            }
            let plain = match custom.map(|f| &f.ty) {
                Some(crate::model::FieldType::Number { .. }) => crate::text::yaml::is_number(v),
                Some(crate::model::FieldType::Bool) => crate::text::yaml::is_bool(v),
                _ => false,
            };
            let value = if list {
                Value::List(items)
            } else if plain {
                // A number or a boolean of a declared field is written as one.
                Value::Scalar(v.to_owned())
            } else {
                scalar(v)
            };
            if custom.is_some() {
                // The team's fields go after the built-in ones, in the order set.
                d.set(k, &value, &[]);
            } else {
                d.set_in_order(k, &value, keys);
            }
        }
        for k in unset {
            known(k)?;
            d.remove(k);
        }
        Ok(())
    })
}

/// `cairn depend ID on T…` (or `--remove`).
pub fn depend(
    ws: &Workspace,
    id: &str,
    targets: &[String],
    remove: bool,
) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    if !remove {
        tasks_exist(ws, targets)?;
    }
    let mut list: Vec<String> = t.depends_on.iter().map(|d| d.value.clone()).collect();
    if remove {
        list.retain(|d| !targets.contains(d));
    } else {
        for x in targets {
            if !list.contains(x) {
                list.push(x.clone());
            }
        }
    }
    edit_file(ws, t.file, |d| {
        if list.is_empty() {
            d.remove("depends_on");
        } else if list.len() != t.depends_on.len() {
            d.set(
                "depends_on",
                &Value::List(list),
                &["due", "estimate", "priority"],
            );
        }
        Ok(())
    })
}

/// `cairn tag ID +a -b`.
pub fn tag(ws: &Workspace, id: &str, changes: &[String]) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    let mut tags = t.tags.clone();
    for c in changes {
        if let Some(x) = c.strip_prefix('-') {
            tags.retain(|y| y != x);
        } else {
            let x = c.strip_prefix('+').unwrap_or(c);
            if !x.is_empty() && !tags.iter().any(|y| y == x) {
                tags.push(x.to_owned());
            }
        }
    }
    if tags == t.tags {
        return Ok(Change::default());
    }
    edit_file(ws, t.file, |d| {
        if tags.is_empty() {
            d.remove("tags");
        } else {
            d.set("tags", &Value::List(tags), &[]);
        }
        Ok(())
    })
}

/// `cairn comment ID TEXT --as PERSON`: a dated entry under `## Discussion`.
pub fn comment(
    ws: &Workspace,
    id: &str,
    author: &str,
    text: &str,
    today: Date,
) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    people_exist(ws, &[author.to_owned()])?;
    let text = text.replace(['\n', '\r'], " ");
    if text.trim().is_empty() {
        return Err(EditError::EmptyComment);
    }
    let entry = format!("{today} @{author}: {}", text.trim());
    edit_file(ws, t.file, |d| {
        d.append_discussion(&entry);
        Ok(())
    })
}

/// `cairn tick` / `untick`: the Nth checklist item of a task.
pub fn tick(ws: &Workspace, id: &str, n: usize, checked: bool) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    let items = &t.body.checklist;
    let Some(item) = n.checked_sub(1).and_then(|i| items.get(i)) else {
        return Err(EditError::NoItem {
            id: id.to_owned(),
            what: "checklist item",
            count: items.len(),
            n,
        });
    };
    edit_file(ws, t.file, |d| {
        d.set_checkbox(item.pos.line, item.pos.col, checked)
            .map_err(|source| EditError::Doc {
                path: ws.path(t.file).to_owned(),
                source,
            })
    })
}

fn decision_file(ws: &Workspace, id: &str) -> Result<usize, EditError> {
    match ws.decision(id) {
        Some(d) => Ok(d.file),
        None if ws.task(id).is_some() || ws.project(id).is_some() => Err(EditError::WrongKind {
            id: id.to_owned(),
            what: "decision",
        }),
        None => Err(unknown(
            "decision",
            id,
            ws.decisions.iter().map(|d| d.id.as_str()),
            None,
        )),
    }
}

/// `cairn decide ID --choose OPTION`: `chosen`, `status: accepted`, `date: today`.
pub fn decide(ws: &Workspace, id: &str, option: &str, today: Date) -> Result<Change, EditError> {
    let file = decision_file(ws, id)?;
    if let Some(d) = ws.decision(id)
        && !d.options.is_empty()
        && !d.options.iter().any(|o| o.name.value == option)
    {
        return Err(EditError::NoOption {
            id: id.to_owned(),
            option: option.to_owned(),
            options: d.options.iter().map(|o| o.name.value.clone()).collect(),
        });
    }
    edit_file(ws, file, |d| {
        d.set("status", &scalar("accepted"), &["title"]);
        d.set("date", &scalar(&today.to_string()), &["status"]);
        d.set("chosen", &scalar(option), &["options", "criteria", "date"]);
        Ok(())
    })
}

/// `cairn supersede OLD --by NEW`: both records, as one change.
pub fn supersede(ws: &Workspace, old: &str, by: &str) -> Result<Change, EditError> {
    let old_file = decision_file(ws, old)?;
    let new_file = decision_file(ws, by)?;
    if old_file == new_file {
        return Err(EditError::Refused(
            "a decision cannot supersede itself".into(),
        ));
    }
    let mut change = edit_file(ws, old_file, |d| {
        d.set("status", &scalar("superseded"), &["title"]);
        Ok(())
    })?;
    let other = edit_file(ws, new_file, |d| {
        d.set(
            "supersedes",
            &scalar(old),
            &["project", "deciders", "date", "status"],
        );
        Ok(())
    })?;
    change.files.extend(other.files);
    Ok(change)
}

/// `cairn move ID --project P [--milestone M]`: the task's `project` and `milestone` (the
/// old milestone belonged to the old project and goes), and its file to `tasks/<P>/`.
pub fn move_task(
    ws: &Workspace,
    id: &str,
    project: &str,
    milestone: Option<&str>,
) -> Result<Change, EditError> {
    let t = task(ws, id)?;
    project_exists(ws, project)?;
    if let Some(m) = milestone {
        let p = ws.project(project).expect("checked above");
        if p.milestone(m).is_none() {
            return Err(unknown(
                "milestone",
                m,
                p.milestones.iter().map(|m| m.id.as_str()),
                None,
            ));
        }
    }
    let (before, mut d) = doc(ws, t.file)?;
    d.set("project", &scalar(project), &["status"]);
    match milestone {
        Some(m) => d.set("milestone", &scalar(m), &["project"]),
        None => {
            d.remove("milestone");
        }
    }
    let path = ws.path(t.file);
    let name = path.rsplit('/').next().unwrap_or(path);
    let target = format!("tasks/{project}/{name}");
    let mut change = Change::default();
    if target == path {
        change.push_edit(path, before, d.text());
    } else if ws.file(&target).is_some() {
        return Err(EditError::Refused(format!("{target} already exists")));
    } else {
        change.push_rename(path, &target, before, d.text());
    }
    Ok(change)
}

/// The meeting an id names.
pub fn meeting<'w>(ws: &'w Workspace, id: &str) -> Result<&'w Meeting, EditError> {
    ws.meeting(id).ok_or_else(|| {
        unknown(
            "meeting",
            id,
            ws.meetings.iter().map(|m| m.id.as_str()),
            Some("meeting ids are file names without `.md`, as `cairn list meetings` shows"),
        )
    })
}

/// The Nth action item (counting from 1) of a meeting.
pub fn action_item<'w>(
    ws: &'w Workspace,
    meeting_id: &str,
    n: usize,
) -> Result<(&'w Meeting, &'w ChecklistItem), EditError> {
    let m = meeting(ws, meeting_id)?;
    let count = m.action_items().count();
    m.action_items()
        .find(|(k, _)| *k == n)
        .map(|(_, i)| (m, i))
        .ok_or(EditError::NoItem {
            id: meeting_id.to_owned(),
            what: "action item",
            count,
            n,
        })
}

/// `cairn action add MEETING "@bob Draft the plan due:friday"`: a new open action item at
/// the end of the meeting's `## Action items`, its `due:` written as a date.
pub fn action_add(ws: &Workspace, id: &str, text: &str, today: Date) -> Result<Change, EditError> {
    let m = meeting(ws, id)?;
    let text = text.trim();
    if text.is_empty() || text.contains(['\n', '\r']) {
        return Err(EditError::Refused(
            "an action item is one line of text".into(),
        ));
    }
    let mut words = Vec::new();
    for w in text.split_whitespace() {
        match w.strip_prefix("due:") {
            Some(d) => words.push(format!("due:{}", date_value("due", d, today)?)),
            None => words.push(w.to_owned()),
        }
    }
    let line = words.join(" ");
    let people: Vec<String> = crate::text::body::mentions(&line, crate::diag::Pos::START)
        .into_iter()
        .map(|p| p.value)
        .collect();
    if people.is_empty() {
        return Err(EditError::Refused(
            "an action item names who does it: start it with @person".into(),
        ));
    }
    people_exist(ws, &people)?;
    edit_file(ws, m.file, |d| {
        d.append_under("Action items", &format!("- [ ] {line}"));
        Ok(())
    })
}

/// `cairn action done|reopen MEETING N`. An item promoted to a task moves with it: the
/// task is done (or reopened) too, through [`move_status`], in the same change.
pub fn action_tick(
    ws: &Workspace,
    meeting_id: &str,
    n: usize,
    checked: bool,
    today: Date,
) -> Result<Change, EditError> {
    let (m, it) = action_item(ws, meeting_id, n)?;
    let mut change = edit_file(ws, m.file, |d| {
        d.set_checkbox(it.pos.line, it.pos.col, checked)
            .map_err(|source| EditError::Doc {
                path: ws.path(m.file).to_owned(),
                source,
            })
    })?;
    if let Some(t) = it.promoted_to().and_then(|id| ws.task(&id.value)) {
        let done = ws.category(t) == Some(StatusCategory::Done);
        if done != checked {
            let cat = if checked {
                StatusCategory::Done
            } else {
                StatusCategory::Open
            };
            let status = status_in(ws, cat)?;
            let task_change = edit_file(ws, t.file, |d| {
                move_status(ws, d, t, &status, today, None);
                Ok(())
            })?;
            change.files.extend(task_change.files);
        }
    }
    Ok(change)
}

/// Appends ` text` to the end of a line of a loaded file (an action item gets the id of
/// the task it became).
pub fn append_to_line(
    ws: &Workspace,
    file: usize,
    line: u32,
    text: &str,
) -> Result<Change, EditError> {
    edit_file(ws, file, |d| {
        d.append_to_line(line, text);
        Ok(())
    })
}
