//! Questions commands ask of a loaded workspace: which tasks match a filter, which action
//! items are open. One answer for `list`, `actions` and the reports.

use crate::model::{ChecklistItem, Meeting, StatusCategory, Task, Workspace};
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
}

impl TaskFilter {
    pub fn matches(&self, ws: &Workspace, t: &Task, today: Date) -> bool {
        let cat = ws.category(t);
        let unfinished = !cat.is_some_and(StatusCategory::is_finished);
        let any = |list: &[String], f: &dyn Fn(&str) -> bool| {
            list.is_empty() || list.iter().any(|x| f(x))
        };
        any(&self.statuses, &|s| {
            t.status.value == s || StatusCategory::parse(s).is_some_and(|c| Some(c) == cat)
        }) && any(&self.assignees, &|p| {
            t.assignees.iter().any(|x| x.value == p)
        }) && any(&self.projects, &|p| {
            t.project.as_ref().is_some_and(|x| x.value == p)
        }) && any(&self.milestones, &|m| {
            t.milestone.as_ref().is_some_and(|x| x.value == m)
        }) && any(&self.tags, &|g| t.tags.iter().any(|x| x == g))
            && (!self.open || unfinished)
            && (!self.overdue || (unfinished && t.due.as_ref().is_some_and(|d| d.value < today)))
    }

    /// The matching tasks, by id number.
    pub fn apply<'w>(&self, ws: &'w Workspace, today: Date) -> Vec<&'w Task> {
        let mut tasks: Vec<&Task> = ws
            .tasks
            .iter()
            .filter(|t| self.matches(ws, t, today))
            .collect();
        tasks.sort_by_key(|t| (t.number, t.file));
        tasks
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
