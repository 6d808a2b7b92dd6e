//! `cairn record GOAL VALUE`: one measurement of a goal. A goal fed by a metric file
//! (`source:`) gets a row appended (the file made, with its header, when it is the first;
//! `merge=union` in `.gitattributes` so two branches' rows both land); a goal without one
//! gets its `current:` set in the project file (its history is then git's).

use super::change::Change;
use super::edit::EditError;
use crate::model::{Goal, Project, Workspace, format_number};
use jiff::civil::Date;
use std::path::Path;

/// The goal `id` names: `project/goal`, or a goal id only one project has.
pub fn find<'w>(ws: &'w Workspace, id: &str) -> Result<(&'w Project, &'w Goal), EditError> {
    let (project, goal) = match id.split_once('/') {
        Some((p, g)) => (Some(p), g),
        None => (None, id),
    };
    let found: Vec<(&Project, &Goal)> = ws
        .projects
        .iter()
        .filter(|p| project.is_none_or(|x| p.id.value == x))
        .flat_map(|p| p.goals.iter().map(move |g| (p, g)))
        .filter(|(_, g)| g.id.value == goal)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(super::edit::unknown(
            "goal",
            id,
            ws.projects
                .iter()
                .flat_map(|p| p.goals.iter().map(|g| g.id.as_str())),
            Some("goals are listed under `goals:` in the project files"),
        )),
        many => Err(EditError::Refused(format!(
            "goal `{goal}` is in {} projects; name one: {}",
            many.len(),
            many.iter()
                .map(|(p, _)| format!("{}/{goal}", p.id.value))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The change that records `value` for the goal on `on`.
pub fn record(
    ws: &Workspace,
    root: &Path,
    id: &str,
    value: &str,
    on: Date,
) -> Result<Change, EditError> {
    let (p, g) = find(ws, id)?;
    let v: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| EditError::Refused(format!("`{value}` is not a number")))?;
    let written = format_number(v);
    let Some(src) = &g.source else {
        // A hand-entered goal: its `current:`, in place.
        let path = ws.path(p.file).to_owned();
        let before = ws.files[p.file].text.clone();
        let after = crate::text::edit::set_in_block_item(
            &before,
            "goals",
            &g.id.value,
            "current",
            Some(&written),
        )
        .map_err(|e| EditError::Refused(format!("{path}: {e}")))?
        .unwrap_or_else(|| before.clone());
        return Ok(Change::edit(&path, before, after));
    };
    let path = src.file.value.clone();
    let existing = match crate::paths::resolve_inside(root, &path) {
        Some(full) => match std::fs::read(&full) {
            Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                EditError::Refused(format!("{path} is not UTF-8 text; nothing was written"))
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(EditError::Refused(format!("cannot read {path}: {e}"))),
        },
        None => {
            return Err(EditError::Refused(format!(
                "{path} leads outside the workspace (a symlink?); nothing was written"
            )));
        }
    };
    let line = if src.is_json_lines() {
        let mut m = serde_json::Map::new();
        m.insert(src.date.clone(), serde_json::Value::String(on.to_string()));
        m.insert(
            src.column.clone(),
            serde_json::Number::from_f64(v)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
        );
        format!("{}\n", serde_json::Value::Object(m))
    } else {
        let header = existing
            .as_deref()
            .and_then(|t| t.lines().find(|l| !l.trim().is_empty()))
            .map(|h| {
                h.trim_start_matches('\u{feff}')
                    .split(',')
                    .map(|c| c.trim().trim_matches('"').to_owned())
                    .collect::<Vec<_>>()
            });
        let cells: Vec<String> = match &header {
            Some(names) => {
                if !names.contains(&src.date) || !names.contains(&src.column) {
                    return Err(EditError::Refused(format!(
                        "{path} has no `{}` or `{}` column; `check` says more",
                        src.date, src.column
                    )));
                }
                names
                    .iter()
                    .map(|n| {
                        if *n == src.date {
                            on.to_string()
                        } else if *n == src.column {
                            written.clone()
                        } else {
                            String::new()
                        }
                    })
                    .collect()
            }
            None => vec![on.to_string(), written.clone()],
        };
        let nl = if existing.as_deref().is_some_and(|t| t.contains("\r\n")) {
            "\r\n"
        } else {
            "\n"
        };
        let row = format!("{}{nl}", cells.join(","));
        match header {
            Some(_) => row,
            None => format!("{},{}{nl}{row}", csv_cell(&src.date), csv_cell(&src.column)),
        }
    };
    let mut change = Change::default();
    match existing {
        Some(t) => {
            let mut after = t.clone();
            if !after.is_empty() && !after.ends_with('\n') {
                after.push('\n');
            }
            after.push_str(&line);
            change.push_edit(&path, t, after);
        }
        None => change.push_create(&path, line),
    }
    super::timelog::merge_by_union(root, &format!("{path} merge=union"), &mut change);
    Ok(change)
}

/// A header cell, quoted when it holds a comma or a quote.
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
