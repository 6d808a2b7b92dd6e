//! Questions commands ask of a loaded workspace: which tasks match a filter, which action
//! items are open. One answer for `list`, `actions` and the reports.

use super::edit::{EditError, unknown};
use crate::analyze::filter::{Filter, Scope};
use crate::analyze::schedule::Forecast;
use crate::model::{ChecklistItem, Meeting, Task, Workspace};
use jiff::civil::Date;

/// Which tasks to list. Empty lists mean "any".
#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    /// Workflow statuses or categories (`open`, `active`, `done`, `cancelled`).
    pub statuses: Vec<String>,
    pub assignees: Vec<String>,
    pub projects: Vec<String>,
    pub milestones: Vec<String>,
    pub tags: Vec<String>,
    /// Only unfinished tasks past their due date.
    pub overdue: bool,
    /// Only unfinished tasks.
    pub open: bool,
    /// `--where EXPR`.
    pub expr: Option<String>,
}

impl TaskFilter {
    /// The filter as one expression: each flag a shorthand (`--status doing,review` is
    /// `status in (doing, review)`, `--open` is `category in (open, active)`,
    /// `--overdue` adds `due < today`), and `--where` joined with `and`. Names are
    /// checked first, so a typo gets the flag's own error.
    pub fn compile(&self, ws: &Workspace, scope: &Scope) -> Result<Filter, EditError> {
        self.validate(ws)?;
        let shorthand = |e: crate::text::filter::FilterError| EditError::Refused(e.message);
        let mut f = Filter::all();
        for (name, values) in [
            ("status", &self.statuses),
            ("assignee", &self.assignees),
            ("project", &self.projects),
            ("milestone", &self.milestones),
            ("tag", &self.tags),
        ] {
            f = f.and(Filter::one_of(name, values, ws, scope).map_err(shorthand)?);
        }
        if self.open || self.overdue {
            f = f.and(Filter::compile("category in (open, active)", ws, scope).map_err(shorthand)?);
        }
        if self.overdue {
            f = f.and(Filter::compile("due < today", ws, scope).map_err(shorthand)?);
        }
        if let Some(e) = &self.expr {
            f = f.and(compile(e, ws, scope)?);
        }
        Ok(f)
    }

    /// Every status, person, project, milestone and tag the filter names exists (a typo
    /// is an error with a suggestion, not an empty list).
    pub fn validate(&self, ws: &Workspace) -> Result<(), EditError> {
        validate_statuses(ws, &self.statuses)?;
        validate_people(ws, &self.assignees)?;
        validate_projects(ws, &self.projects)?;
        for m in &self.milestones {
            let known: Vec<&str> = ws
                .projects
                .iter()
                .filter(|p| self.projects.is_empty() || self.projects.contains(&p.id.value))
                .flat_map(|p| p.milestones.iter().map(|m| m.id.as_str()))
                .collect();
            if !known.contains(&m.as_str()) {
                return Err(unknown(
                    "milestone",
                    m,
                    known.into_iter(),
                    Some("milestones are listed under `milestones:` in the project files"),
                ));
            }
        }
        for tag in &self.tags {
            if !ws.tasks.iter().any(|t| t.tags.contains(tag)) {
                return Err(unknown("task tagged", tag, ws.tags().into_iter(), None));
            }
        }
        Ok(())
    }
}

/// A `--where` expression (or a view's) compiled; an error quotes it with a caret.
pub fn compile(expr: &str, ws: &Workspace, scope: &Scope) -> Result<Filter, EditError> {
    Filter::compile(expr, ws, scope).map_err(|e| EditError::Where {
        quote: e.quote(expr),
        message: e.message,
        hint: e.hint,
    })
}

/// `--where` compiled, or every task without one.
pub fn where_filter(
    ws: &Workspace,
    expr: Option<&str>,
    today: Date,
    me: Option<&str>,
) -> Result<Filter, EditError> {
    match expr {
        Some(e) => compile(e, ws, &Scope { today, me }),
        None => Ok(Filter::all()),
    }
}

/// The tasks a compiled filter lets through, by id number.
pub fn matching<'w>(ws: &'w Workspace, filter: &Filter) -> Vec<&'w Task> {
    let mut tasks: Vec<&Task> = ws.tasks.iter().filter(|t| filter.matches(ws, t)).collect();
    tasks.sort_by_key(|t| (t.number, t.file));
    tasks
}

/// Each name is a workflow status or a category (`open`, `active`, `done`, `cancelled`).
pub fn validate_statuses(ws: &Workspace, statuses: &[String]) -> Result<(), EditError> {
    const CATEGORIES: [&str; 4] = ["open", "active", "done", "cancelled"];
    for s in statuses {
        if ws.config.status_category(s).is_none() && !CATEGORIES.contains(&s.as_str()) {
            let known = ws
                .config
                .statuses
                .iter()
                .map(|(s, _)| s.as_str())
                .chain(CATEGORIES);
            return Err(unknown(
                "status",
                s,
                known,
                Some("statuses are the workflow's in cairn.yaml, or open, active, done, cancelled"),
            ));
        }
    }
    Ok(())
}

/// Each name is a declared person.
pub fn validate_people(ws: &Workspace, people: &[String]) -> Result<(), EditError> {
    super::edit::people_exist(ws, people)
}

/// What to say when a project id is unknown and none is close: the ids there are.
pub fn projects_hint(ws: &Workspace) -> String {
    if ws.projects.is_empty() {
        return "there are no projects yet; `cairn new project ID TITLE` makes one".into();
    }
    let mut ids: Vec<&str> = ws.projects.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    let more = ids.len().saturating_sub(12);
    ids.truncate(12);
    let mut text = format!("the projects: {}", ids.join(", "));
    if more > 0 {
        text.push_str(&format!(" and {more} more (`cairn list projects`)"));
    }
    text
}

/// Each name is a project.
pub fn validate_projects(ws: &Workspace, projects: &[String]) -> Result<(), EditError> {
    for p in projects {
        if ws.project(p).is_none() {
            return Err(unknown(
                "project",
                p,
                ws.projects.iter().map(|p| p.id.as_str()),
                Some("projects are the files in projects/; `cairn list projects` lists them"),
            ));
        }
    }
    Ok(())
}

/// How `list` orders tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskOrder {
    /// By id number.
    Id,
    /// Soonest due first; undated last.
    Due,
    /// Most urgent first.
    Priority,
    /// Soonest forecast finish first; finished and cancelled tasks last.
    Forecast,
    /// Most recently changed first (the caller knows when each file changed).
    Updated,
}

impl TaskOrder {
    /// The order a name (`due`, as `--sort` and a view's `sort:` write it) names.
    pub fn from_name(name: &str) -> Option<TaskOrder> {
        Some(match name {
            "id" => TaskOrder::Id,
            "due" => TaskOrder::Due,
            "priority" => TaskOrder::Priority,
            "forecast" => TaskOrder::Forecast,
            "updated" => TaskOrder::Updated,
            _ => return None,
        })
    }
}

/// Sorts `tasks` (ties by id number). `forecast` is needed for [`TaskOrder::Forecast`],
/// `updated` (seconds since the epoch, per task) for [`TaskOrder::Updated`].
pub fn sort_tasks(
    tasks: &mut [&Task],
    order: TaskOrder,
    forecast: Option<&Forecast>,
    ws: &Workspace,
    updated: &dyn Fn(&Task) -> Option<i64>,
) {
    let id = |t: &Task| (t.number, t.file);
    match order {
        TaskOrder::Id => tasks.sort_by_key(|t| id(t)),
        TaskOrder::Due => tasks.sort_by_key(|t| {
            let due = t.due.as_ref().map(|d| d.value);
            (due.is_none(), due, id(t))
        }),
        TaskOrder::Priority => {
            tasks.sort_by_key(|t| (std::cmp::Reverse(t.priority as u8), id(t)));
        }
        TaskOrder::Forecast => {
            let index: std::collections::HashMap<usize, usize> = ws
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| (t.file, i))
                .collect();
            let finish = |t: &Task| {
                let f = forecast?.tasks.get(*index.get(&t.file)?)?.as_ref()?;
                (!f.done).then(|| f.finish.date())
            };
            tasks.sort_by_key(|t| {
                let f = finish(t);
                (f.is_none(), f, id(t))
            });
        }
        TaskOrder::Updated => tasks.sort_by_key(|t| {
            let u = updated(t);
            (u.is_none(), std::cmp::Reverse(u), id(t))
        }),
    }
}

/// Which action items to list.
#[derive(Clone, Debug, Default)]
pub struct ActionFilter {
    pub people: Vec<String>,
    pub projects: Vec<String>,
    pub overdue: bool,
    /// Only unchecked items.
    pub open: bool,
}

/// One action item of a meeting, numbered as `cairn action` takes it.
pub struct ActionEntry<'w> {
    pub meeting: &'w Meeting,
    pub number: usize,
    pub item: &'w ChecklistItem,
    pub overdue: bool,
}

/// Matching action items: open before done, then by due date (undated last), meeting
/// date and number.
pub fn actions<'w>(ws: &'w Workspace, f: &ActionFilter, today: Date) -> Vec<ActionEntry<'w>> {
    let mut rows = Vec::new();
    for m in &ws.meetings {
        if !f.projects.is_empty()
            && !m
                .project
                .as_ref()
                .is_some_and(|p| f.projects.contains(&p.value))
        {
            continue;
        }
        for (number, item) in m.action_items() {
            let overdue = !item.checked && item.due.as_ref().is_some_and(|d| d.value < today);
            if (f.open && item.checked)
                || (f.overdue && !overdue)
                || (!f.people.is_empty()
                    && !item.mentions.iter().any(|x| f.people.contains(&x.value)))
            {
                continue;
            }
            rows.push(ActionEntry {
                meeting: m,
                number,
                item,
                overdue,
            });
        }
    }
    rows.sort_by_key(|a| {
        let due = a.item.due.as_ref().map(|d| d.value);
        (
            a.item.checked,
            due.is_none(),
            due,
            a.meeting.date.as_ref().map(|d| d.value),
            a.number,
        )
    });
    rows
}
