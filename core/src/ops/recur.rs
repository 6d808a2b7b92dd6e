//! `cairn recur`: the instances of recurring tasks up to a date, created as ordinary
//! tasks. An instance's id and file name come from its template and date
//! (`tasks/ops/T-40@2026-12-07-weekly-report.md`) and its text from the template alone,
//! so two branches that run it create byte-identical files, which git merges as one.

use super::change::Change;
use super::edit::EditError;
pub use crate::analyze::recur::horizon;
use crate::analyze::recur::occurrences;
use crate::model::{StatusCategory, Task, Workspace};
use crate::text::yaml::quote;
use jiff::civil::Date;

/// The text of `template`'s instance `id`, due on `date`.
fn instance_text(ws: &Workspace, t: &Task, id: &str, date: Date) -> String {
    let mut s = String::from("---\n");
    s.push_str(&format!("id: {id}\n"));
    s.push_str(&format!("title: {}\n", quote(t.title.clone())));
    let status = ws
        .config
        .first_status(StatusCategory::Open)
        .unwrap_or("todo");
    s.push_str(&format!("status: {status}\n"));
    if let Some(p) = &t.project {
        s.push_str(&format!("project: {}\n", p.value));
    }
    match t.assignees.as_slice() {
        [] => {}
        [one] => s.push_str(&format!("assignee: {}\n", one.value)),
        many => s.push_str(&format!(
            "assignee: [{}]\n",
            many.iter()
                .map(|a| a.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if let Some(h) = t.estimate_hours {
        s.push_str(&format!("estimate: {}\n", ws.config.format_effort(h)));
    }
    if !t.tags.is_empty() {
        let tags: Vec<String> = t.tags.iter().map(|x| quote(x.clone())).collect();
        s.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    s.push_str(&format!("due: {date}\n"));
    s.push_str("---\n");
    if !t.body.checklist.is_empty() {
        for c in &t.body.checklist {
            s.push_str(&format!("- [ ] {}\n", c.text.trim()));
        }
    }
    s
}

/// Where `template`'s instances go: its project's folder, else the template's own.
fn folder(ws: &Workspace, t: &Task) -> String {
    match &t.project {
        Some(p) if crate::model::is_slug(&p.value) => format!("tasks/{}", p.value),
        _ => ws
            .path(t.file)
            .rsplit_once('/')
            .map_or_else(|| "tasks".to_owned(), |(dir, _)| dir.to_owned()),
    }
}

/// The change that creates every missing instance due from `today` to `until` (of the
/// template `only`, when given).
pub fn recur(
    ws: &Workspace,
    only: Option<&str>,
    today: Date,
    until: Date,
) -> Result<Change, EditError> {
    if let Some(id) = only {
        let t = super::edit::task(ws, id)?;
        if t.recur.is_none() {
            return Err(EditError::Refused(format!(
                "task {id} does not recur (it has no `recur:`)"
            )));
        }
    }
    let mut change = Change::default();
    for t in ws.tasks.iter().filter(|t| t.recur.is_some()) {
        if only.is_some_and(|o| o != t.id.value) {
            continue;
        }
        for (date, id) in occurrences(ws, t, today, until) {
            if ws.task(&id).is_some() {
                continue;
            }
            let slug = crate::text::slug(&t.title);
            let name = if slug.is_empty() {
                format!("{id}.md")
            } else {
                format!("{id}-{slug}.md")
            };
            change.push_create(
                &format!("{}/{name}", folder(ws, t)),
                instance_text(ws, t, &id, date),
            );
        }
    }
    Ok(change)
}
