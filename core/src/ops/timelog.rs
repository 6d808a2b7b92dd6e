//! `cairn log` and `cairn timesheet`: time worked, logged in `time/<person>/<YYYY-MM>.md`
//! (see [`crate::load::timelog`]), and totalled per person and day or task.

use super::change::Change;
use super::edit::EditError;
use crate::model::Workspace;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What makes one person's two branches of a month's log merge: both sides' lines.
pub const GITATTRIBUTES_LINE: &str = "time/** merge=union";

/// `cairn log TASK DURATION`: one line appended to `person`'s log of the month of `on`
/// (the file made when it is the month's first), and the `merge=union` line in
/// `.gitattributes` when it is not there.
pub fn log(
    ws: &Workspace,
    root: &Path,
    person: &str,
    task: &str,
    duration: &str,
    on: Date,
    note: &str,
) -> Result<Change, EditError> {
    super::edit::task(ws, task)?;
    // The person's id names a folder: only a well-formed one (`check` reports others).
    if !crate::model::is_person_id(person) {
        return Err(EditError::Refused(format!(
            "person id `{person}` is not a valid id; fix it in cairn.yaml first"
        )));
    }
    let hours = crate::text::fields::parse_effort(duration, ws.config.calendar.hours_per_day)
        .map_err(|why| EditError::Refused(format!("the duration: {why}")))?;
    if hours <= 0.0 || hours > 24.0 * 7.0 {
        return Err(EditError::Refused(format!(
            "`{duration}` is {hours} hours; log between a minute and a week at a time"
        )));
    }
    let note: String = note
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned();
    let written = ws.config.format_effort(hours);
    let line = if note.is_empty() {
        format!("- {on} {task} {written}\n")
    } else {
        format!("- {on} {task} {written} {note}\n")
    };
    let path = format!("time/{person}/{:04}-{:02}.md", on.year(), on.month());
    let mut change = Change::default();
    match ws.file(&path) {
        Some(f) => {
            let mut text = f.text.clone();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&line);
            change.push_edit(&path, f.text.clone(), text);
        }
        None => change.push_create(&path, line),
    }
    // `.gitattributes`: one person's log changed on two branches merges line by line.
    merge_by_union(root, GITATTRIBUTES_LINE, &mut change);
    Ok(change)
}

/// Adds `line` (`time/** merge=union`) to `.gitattributes` when it is not there: files
/// only ever appended to then merge line by line, never in conflict.
pub fn merge_by_union(root: &Path, line: &str, change: &mut Change) {
    let attrs = crate::paths::resolve_inside(root, ".gitattributes")
        .and_then(|p| std::fs::read_to_string(p).ok());
    match attrs {
        Some(t) if t.lines().any(|l| l.trim() == line) => {}
        Some(t) => {
            let mut new = t.clone();
            if !new.is_empty() && !new.ends_with('\n') {
                new.push('\n');
            }
            new.push_str(line);
            new.push('\n');
            change.push_edit(".gitattributes", t, new);
        }
        None => change.push_create(".gitattributes", format!("{line}\n")),
    }
}

/// How a timesheet totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Day,
    Task,
}

/// One total: a person's hours on a day or a task.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub person: String,
    /// `YYYY-MM-DD` or a task id.
    pub key: String,
    pub hours: f64,
}

/// The JSON of `timesheet` (docs/json.md).
#[derive(Clone, Debug, Serialize)]
pub struct Timesheet {
    pub version: u32,
    pub from: Date,
    pub to: Date,
    pub by: By,
    pub rows: Vec<Row>,
    /// Per person, and all together.
    pub people: BTreeMap<String, f64>,
    pub total: f64,
}

/// The hours logged from `from` to `to` (inclusive), per person and day or task, for the
/// people and project given.
pub fn timesheet(
    ws: &Workspace,
    from: Date,
    to: Date,
    people: &[String],
    project: Option<&str>,
    by: By,
    filter: &crate::analyze::filter::Filter,
) -> Result<Timesheet, EditError> {
    super::query::validate_people(ws, people)?;
    if let Some(p) = project {
        super::query::validate_projects(ws, &[p.to_owned()])?;
    }
    let mut totals: BTreeMap<(String, String), f64> = BTreeMap::new();
    for e in &ws.time {
        if e.date < from || e.date > to || (!people.is_empty() && !people.contains(&e.person)) {
            continue;
        }
        if let Some(p) = project
            && ws
                .task(&e.task)
                .and_then(|t| t.project.as_ref())
                .is_none_or(|x| x.value != p)
        {
            continue;
        }
        // `--where`: only hours on the tasks it holds for.
        if !filter.is_all() && !ws.task(&e.task).is_some_and(|t| filter.matches(ws, t)) {
            continue;
        }
        let key = match by {
            By::Day => e.date.to_string(),
            By::Task => e.task.clone(),
        };
        *totals.entry((e.person.clone(), key)).or_default() += e.hours;
    }
    let mut per_person: BTreeMap<String, f64> = BTreeMap::new();
    let rows: Vec<Row> = totals
        .into_iter()
        .map(|((person, key), hours)| {
            *per_person.entry(person.clone()).or_default() += hours;
            Row { person, key, hours }
        })
        .collect();
    let total = per_person.values().sum();
    Ok(Timesheet {
        version: 1,
        from,
        to,
        by,
        rows,
        people: per_person,
        total,
    })
}
