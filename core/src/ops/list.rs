//! `cairn list` and `cairn actions`: rows of tasks, meetings, decisions, projects, action
//! items or people, filtered and ordered, as typed data whose serialization is the
//! commands' JSON (docs/json.md). Renderers pick the columns.

use super::edit::{EditError, unknown};
use super::query::{ActionFilter, TaskFilter, TaskOrder, sort_tasks};
use crate::load::source::TreeSource;
use crate::model::{DecisionStatus, Priority, ProjectStatus, Sp, StatusCategory, Task, Workspace};
use jiff::civil::Date;
use serde::Serialize;

/// What to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Tasks,
    Meetings,
    Decisions,
    Projects,
    Actions,
    People,
}

/// A listing request. Empty lists mean "any".
#[derive(Clone, Debug)]
pub struct ListQuery {
    pub what: What,
    pub statuses: Vec<String>,
    /// Assignees (tasks), attendees (meetings), owners (projects), people (actions).
    pub people: Vec<String>,
    pub projects: Vec<String>,
    pub milestones: Vec<String>,
    pub tags: Vec<String>,
    pub overdue: bool,
    /// Only unfinished items, even with a status filter.
    pub open: bool,
    /// Finished items too.
    pub all: bool,
    pub order: TaskOrder,
    pub limit: Option<usize>,
    /// Tasks carry their forecast finish (computed when asked or sorted by).
    pub forecast: bool,
    /// Tasks carry when their file last changed.
    pub updated: bool,
    /// `--where EXPR` (tasks).
    pub expr: Option<String>,
    /// Who `@me` is in the expression, when known.
    pub me: Option<String>,
    /// Custom fields shown as columns (each declared for tasks, or an `x-…` key).
    pub fields: Vec<String>,
}

/// The JSON of a listing: `{"version": 1, "<what>": [...]}`.
#[derive(Serialize)]
pub struct Listing<T> {
    pub version: u32,
    #[serde(flatten)]
    pub items: Items<T>,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Items<T> {
    Tasks(Vec<T>),
    Meetings(Vec<T>),
    Decisions(Vec<T>),
    Projects(Vec<T>),
    People(Vec<T>),
    Actions(Vec<T>),
}

#[derive(Serialize)]
pub struct TaskRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'a str,
    pub category: Option<StatusCategory>,
    pub priority: Priority,
    pub project: Option<&'a str>,
    pub milestone: Option<&'a str>,
    pub assignees: Vec<&'a str>,
    pub due: Option<Date>,
    pub estimate_hours: Option<f64>,
    pub tags: &'a [String],
    pub file: &'a str,
    /// The team's own fields, declared (typed) and `x-…` (a JSON object by name).
    #[serde(serialize_with = "crate::model::entries_as_map")]
    pub fields: &'a [crate::model::FieldEntry],
    /// With the forecast asked for: the forecast finish of an unfinished task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_finish: Option<Date>,
    /// The forecast finish is after the task's deadline.
    #[serde(skip)]
    pub late: bool,
    /// Unfinished and past `due`.
    #[serde(skip)]
    pub overdue: bool,
    /// When the file last changed (seconds since the epoch), when asked for.
    #[serde(skip)]
    pub updated: Option<i64>,
}

#[derive(Serialize)]
pub struct MeetingRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<Date>,
    pub project: Option<&'a str>,
    pub series: Option<&'a str>,
    pub attendees: Vec<&'a str>,
    pub open_actions: usize,
    pub file: &'a str,
    #[serde(skip)]
    pub actions: usize,
}

#[derive(Serialize)]
pub struct DecisionRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: DecisionStatus,
    pub date: Option<Date>,
    pub due: Option<Date>,
    pub project: Option<&'a str>,
    pub chosen: Option<&'a str>,
    pub file: &'a str,
}

#[derive(Serialize)]
pub struct ProjectCounts {
    pub open: usize,
    pub active: usize,
    pub done: usize,
    pub cancelled: usize,
}

#[derive(Serialize)]
pub struct ProjectRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: ProjectStatus,
    pub owner: Option<&'a str>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub tasks: ProjectCounts,
    pub file: &'a str,
}

#[derive(Serialize)]
pub struct PersonRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub capacity: f64,
    /// `first..last` per period.
    pub time_off: Vec<String>,
    pub open_tasks: usize,
    #[serde(skip)]
    pub time_off_days: &'a [(Date, Date)],
}

#[derive(Serialize)]
pub struct ActionRow<'a> {
    pub meeting: &'a str,
    pub number: usize,
    pub people: Vec<&'a str>,
    pub due: Option<Date>,
    pub done: bool,
    pub overdue: bool,
    pub text: &'a str,
    pub tasks: Vec<&'a str>,
    /// The meeting this item was carried over to (then `done` is true here).
    pub carried_to: Option<&'a str>,
    pub file: &'a str,
    pub line: u32,
}

fn sp(v: &Option<Sp<String>>) -> Option<&str> {
    v.as_ref().map(|x| x.as_str())
}

fn strs(v: &[Sp<String>]) -> Vec<&str> {
    v.iter().map(|x| x.as_str()).collect()
}

fn limited<T>(mut v: Vec<T>, limit: Option<usize>) -> Vec<T> {
    if let Some(n) = limit {
        v.truncate(n);
    }
    v
}

impl ListQuery {
    /// The query of a saved view: its `where` joined with the query's (`and`), its order
    /// unless `order_given`, its limit unless the query has one.
    pub fn with_view(mut self, v: &crate::model::View, order_given: bool) -> ListQuery {
        self.expr = match (v.expr.as_deref(), self.expr.take()) {
            (Some(a), Some(b)) => Some(format!("({a}) and ({b})")),
            (a, b) => a.map(str::to_owned).or(b),
        };
        if !order_given && let Some(o) = v.sort.as_deref().and_then(TaskOrder::from_name) {
            self.order = o;
        }
        self.limit = self.limit.or(v.limit);
        self
    }

    /// Refuses filters that do not apply to what is listed, and names that do not exist.
    pub fn validate(&self, ws: &Workspace) -> Result<(), EditError> {
        let tasks_only = |flag: &str, set: bool| {
            if set && self.what != What::Tasks {
                return Err(EditError::Refused(format!("{flag} applies to tasks only")));
            }
            Ok(())
        };
        tasks_only("--milestone", !self.milestones.is_empty())?;
        tasks_only("--tag", !self.tags.is_empty())?;
        tasks_only("--sort", self.order != TaskOrder::Id)?;
        tasks_only("--where", self.expr.is_some())?;
        for f in &self.fields {
            if ws.config.field(crate::model::FileKind::Task, f).is_none() && !f.starts_with("x-") {
                let mut known: Vec<&str> = ws
                    .config
                    .fields_of(crate::model::FileKind::Task)
                    .map(|d| d.name.as_str())
                    .collect();
                let suggestion =
                    crate::diag::did_you_mean(f, known.iter().copied()).map(str::to_owned);
                known.sort_unstable();
                return Err(EditError::Refused(format!(
                    "`{f}` is not a column: {}{}",
                    "id, status, priority, assignee, due, project, milestone, estimate, tags, forecast, updated, file, title, ",
                    if known.is_empty() {
                        "or a field `x-…` (cairn.yaml declares no `fields:`)".to_owned()
                    } else {
                        format!(
                            "a declared field ({}), or a field `x-…`{}",
                            known.join(", "),
                            suggestion
                                .map(|s| format!("; did you mean `{s}`?"))
                                .unwrap_or_default()
                        )
                    }
                )));
            }
        }
        super::query::validate_projects(ws, &self.projects)?;
        super::query::validate_people(ws, &self.people)
    }

    fn task_filter(&self) -> TaskFilter {
        TaskFilter {
            statuses: self.statuses.clone(),
            assignees: self.people.clone(),
            projects: self.projects.clone(),
            milestones: self.milestones.clone(),
            tags: self.tags.clone(),
            overdue: self.overdue,
            // Finished work is hidden unless asked for: by `--all`, by status, or by an
            // expression about status or closing.
            open: self.open
                || (!self.all
                    && self.statuses.is_empty()
                    && !self
                        .expr
                        .as_deref()
                        .is_some_and(crate::text::filter::names_status)),
            expr: self.expr.clone(),
        }
    }
}

/// The saved view `name` (`@my-week` without its `@`).
pub fn view<'w>(ws: &'w Workspace, name: &str) -> Result<&'w crate::model::View, EditError> {
    ws.config.view(name).ok_or_else(|| {
        if ws.config.views.is_empty() {
            EditError::Refused(format!(
                "no view `@{name}`: cairn.yaml has no `views:` (docs/format.md, \"Saved views\")"
            ))
        } else {
            unknown(
                "view",
                name,
                ws.config.views.iter().map(|v| v.name.as_str()),
                Some("views are listed under `views:` in cairn.yaml"),
            )
        }
    })
}

/// The matching tasks, ordered and limited.
pub fn tasks<'a>(
    ws: &'a Workspace,
    source: &dyn TreeSource,
    q: &ListQuery,
    today: Date,
) -> Result<Vec<TaskRow<'a>>, EditError> {
    let scope = crate::analyze::filter::Scope {
        today,
        me: q.me.as_deref(),
    };
    let filter = q.task_filter().compile(ws, &scope)?;
    let mut tasks: Vec<&Task> = super::query::matching(ws, &filter);
    let fc = (q.forecast || q.order == TaskOrder::Forecast)
        .then(|| crate::analyze::schedule::forecast(ws, today));
    let want_updated = q.updated || q.order == TaskOrder::Updated;
    let updated = |t: &Task| -> Option<i64> {
        want_updated
            .then(|| source.stamp(ws.path(t.file)).map(|s| s.mtime_s))
            .flatten()
    };
    sort_tasks(&mut tasks, q.order, fc.as_ref(), ws, &updated);
    let tasks = limited(tasks, q.limit);
    let index: std::collections::HashMap<usize, usize> = if fc.is_some() {
        ws.tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.file, i))
            .collect()
    } else {
        Default::default()
    };
    let forecast_of = |t: &Task| {
        let f = fc.as_ref()?.tasks.get(*index.get(&t.file)?)?.as_ref()?;
        (!f.done).then_some(f)
    };
    Ok(tasks
        .into_iter()
        .map(|t| {
            let category = ws.category(t);
            let unfinished = !category.is_some_and(StatusCategory::is_finished);
            let f = forecast_of(t);
            TaskRow {
                id: t.id.as_str(),
                title: &t.title,
                status: t.status.as_str(),
                category,
                priority: t.priority,
                project: sp(&t.project),
                milestone: sp(&t.milestone),
                assignees: strs(&t.assignees),
                due: t.due.as_ref().map(|d| d.value),
                estimate_hours: t.estimate_hours,
                tags: &t.tags,
                file: ws.path(t.file),
                fields: &t.fields,
                forecast_finish: f.map(|f| f.finish.date()),
                late: f.is_some_and(|f| f.slack_days.is_some_and(|s| s < 0)),
                overdue: unfinished && t.due.as_ref().is_some_and(|d| d.value < today),
                updated: updated(t),
            }
        })
        .collect())
}

/// Meetings of the projects and attendees asked for, oldest first.
pub fn meetings<'a>(ws: &'a Workspace, q: &ListQuery) -> Vec<MeetingRow<'a>> {
    let mut meetings: Vec<_> = ws
        .meetings
        .iter()
        .filter(|m| {
            q.projects.is_empty()
                || m.project
                    .as_ref()
                    .is_some_and(|p| q.projects.contains(&p.value))
        })
        .filter(|m| q.people.is_empty() || m.attendees.iter().any(|x| q.people.contains(&x.value)))
        .collect();
    meetings.sort_by_key(|m| (m.date.as_ref().map(|d| d.value), m.file));
    limited(meetings, q.limit)
        .into_iter()
        .map(|m| MeetingRow {
            id: m.id.as_str(),
            title: &m.title,
            date: m.date.as_ref().map(|d| d.value),
            project: sp(&m.project),
            series: m.series.as_deref(),
            attendees: strs(&m.attendees),
            open_actions: m.action_items().filter(|(_, i)| !i.checked).count(),
            file: ws.path(m.file),
            actions: m.action_items().count(),
        })
        .collect()
}

/// Decisions of the projects and statuses asked for, by number.
pub fn decisions<'a>(ws: &'a Workspace, q: &ListQuery) -> Result<Vec<DecisionRow<'a>>, EditError> {
    const STATUSES: [&str; 5] = DecisionStatus::NAMES;
    for st in &q.statuses {
        if !STATUSES.contains(&st.as_str()) {
            return Err(unknown(
                "decision status",
                st,
                STATUSES.into_iter(),
                Some("decision statuses: proposed, accepted, rejected, deprecated, superseded"),
            ));
        }
    }
    let mut ds: Vec<_> = ws
        .decisions
        .iter()
        .filter(|d| {
            q.projects.is_empty()
                || d.project
                    .as_ref()
                    .is_some_and(|p| q.projects.contains(&p.value))
        })
        .filter(|d| q.statuses.is_empty() || q.statuses.iter().any(|s| d.status.name() == s))
        .collect();
    ds.sort_by_key(|d| (d.number, d.file));
    Ok(limited(ds, q.limit)
        .into_iter()
        .map(|d| DecisionRow {
            id: d.id.as_str(),
            title: &d.title,
            status: d.status,
            date: d.date,
            due: d.due.as_ref().map(|d| d.value),
            project: sp(&d.project),
            chosen: sp(&d.chosen),
            file: ws.path(d.file),
        })
        .collect())
}

/// Projects asked for (by id or owner), with their tasks counted by category.
pub fn projects<'a>(ws: &'a Workspace, q: &ListQuery) -> Vec<ProjectRow<'a>> {
    let rows: Vec<_> = ws
        .projects
        .iter()
        .filter(|p| q.projects.is_empty() || q.projects.contains(&p.id.value))
        .filter(|p| {
            q.people.is_empty()
                || p.owner
                    .as_ref()
                    .is_some_and(|o| q.people.contains(&o.value))
        })
        .collect();
    limited(rows, q.limit)
        .into_iter()
        .map(|p| {
            let mut c = [0usize; 4];
            for t in ws
                .tasks
                .iter()
                .filter(|t| t.project.as_ref().is_some_and(|x| x.value == p.id.value))
            {
                if let Some(cat) = ws.category(t) {
                    c[cat as usize] += 1;
                }
            }
            ProjectRow {
                id: p.id.as_str(),
                title: &p.title,
                status: p.status,
                owner: sp(&p.owner),
                start: p.start.as_ref().map(|d| d.value),
                due: p.due.as_ref().map(|d| d.value),
                tasks: ProjectCounts {
                    open: c[0],
                    active: c[1],
                    done: c[2],
                    cancelled: c[3],
                },
                file: ws.path(p.file),
            }
        })
        .collect()
}

/// People asked for, with their unfinished tasks counted.
pub fn people<'a>(ws: &'a Workspace, q: &ListQuery) -> Vec<PersonRow<'a>> {
    let rows: Vec<_> = ws
        .config
        .people
        .iter()
        .filter(|p| q.people.is_empty() || q.people.contains(&p.id))
        .collect();
    limited(rows, q.limit)
        .into_iter()
        .map(|p| PersonRow {
            id: &p.id,
            name: &p.name,
            email: p.email.as_deref(),
            capacity: p.capacity,
            time_off: p
                .time_off
                .iter()
                .map(|(a, b)| format!("{a}..{b}"))
                .collect(),
            open_tasks: ws
                .tasks
                .iter()
                .filter(|t| t.assignees.iter().any(|a| a.value == p.id))
                .filter(|t| !ws.category(t).is_some_and(StatusCategory::is_finished))
                .count(),
            time_off_days: &p.time_off,
        })
        .collect()
}

/// Action items of the people and projects asked for: open before done, then by due date.
pub fn actions<'a>(ws: &'a Workspace, q: &ListQuery, today: Date) -> Vec<ActionRow<'a>> {
    let filter = ActionFilter {
        people: q.people.clone(),
        projects: q.projects.clone(),
        overdue: q.overdue,
        open: !q.all,
    };
    limited(super::query::actions(ws, &filter, today), q.limit)
        .into_iter()
        .map(|a| ActionRow {
            meeting: a.meeting.id.as_str(),
            number: a.number,
            people: strs(&a.item.mentions),
            due: a.item.due.as_ref().map(|d| d.value),
            done: a.item.checked,
            overdue: a.overdue,
            text: &a.item.text,
            tasks: strs(&a.item.tasks),
            carried_to: a.item.carried_to.as_deref(),
            file: ws.path(a.meeting.file),
            line: a.item.pos.line,
        })
        .collect()
}
