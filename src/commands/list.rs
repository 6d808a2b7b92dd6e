//! `cairn list`.

use crate::context::Context;
use crate::error::CmdResult;
use crate::render::json::emit;
use crate::render::term::table;
use cairn_core::model::{Sp, StatusCategory, Task};
use cairn_core::ops::query::{ActionFilter, TaskFilter};
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde::Serialize;
use std::io::Write;

/// List tasks, meetings, decisions, projects, action items or people.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum, default_value_t = What::Tasks)]
    pub what: What,
    /// Only this status (a workflow status, or a category: open, active, done, cancelled).
    #[arg(long)]
    pub status: Option<String>,
    /// Only items of this person.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Only items of this project
    #[arg(long)]
    pub project: Option<String>,
    /// Only tasks of this milestone (with --project when ids repeat across projects)
    #[arg(long)]
    pub milestone: Option<String>,
    /// Only items with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only unfinished items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Only unfinished items.
    #[arg(long)]
    pub open: bool,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    Tasks,
    Meetings,
    Decisions,
    Projects,
    Actions,
    People,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn one(v: &Option<String>) -> Vec<String> {
    v.iter().cloned().collect()
}

#[derive(Serialize)]
struct TaskJson<'a> {
    id: &'a str,
    title: &'a str,
    status: &'a str,
    category: Option<StatusCategory>,
    priority: cairn_core::model::Priority,
    project: Option<&'a str>,
    milestone: Option<&'a str>,
    assignees: Vec<&'a str>,
    due: Option<Date>,
    estimate_hours: Option<f64>,
    tags: &'a [String],
    file: &'a str,
}

#[derive(Serialize)]
struct MeetingJson<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<Date>,
    project: Option<&'a str>,
    series: Option<&'a str>,
    attendees: Vec<&'a str>,
    open_actions: usize,
    file: &'a str,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    id: &'a str,
    title: &'a str,
    status: cairn_core::model::DecisionStatus,
    date: Option<Date>,
    due: Option<Date>,
    project: Option<&'a str>,
    chosen: Option<&'a str>,
    file: &'a str,
}

#[derive(Serialize)]
struct ProjectCounts {
    open: usize,
    active: usize,
    done: usize,
    cancelled: usize,
}

#[derive(Serialize)]
struct ProjectJson<'a> {
    id: &'a str,
    title: &'a str,
    status: cairn_core::model::ProjectStatus,
    owner: Option<&'a str>,
    start: Option<Date>,
    due: Option<Date>,
    tasks: ProjectCounts,
    file: &'a str,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: &'a str,
    name: &'a str,
    email: Option<&'a str>,
    capacity: f64,
    time_off: Vec<String>,
    open_tasks: usize,
}

#[derive(Serialize)]
struct Listing<'a, T> {
    version: u32,
    #[serde(flatten)]
    items: Items<'a, T>,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Items<'a, T> {
    Tasks(&'a [T]),
    Meetings(&'a [T]),
    Decisions(&'a [T]),
    Projects(&'a [T]),
    People(&'a [T]),
}

fn sp(v: &Option<Sp<String>>) -> Option<&str> {
    v.as_ref().map(|x| x.as_str())
}

fn strs(v: &[Sp<String>]) -> Vec<&str> {
    v.iter().map(|x| x.as_str()).collect()
}

fn listing<T: Serialize>(out: &mut dyn Write, items: Items<'_, T>) -> CmdResult {
    emit(out, &Listing { version: 1, items })
}

pub fn run(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let json = args.format == ListFormat::Json;
    let today = ctx.today;
    match args.what {
        What::Tasks => {
            let filter = TaskFilter {
                statuses: one(&args.status),
                assignees: one(&args.assignee),
                projects: one(&args.project),
                milestones: one(&args.milestone),
                tags: one(&args.tag),
                overdue: args.overdue,
                open: args.open,
            };
            let tasks: Vec<&Task> = filter.apply(&ws, today);
            if json {
                let items: Vec<TaskJson> = tasks
                    .iter()
                    .map(|t| TaskJson {
                        id: t.id.as_str(),
                        title: &t.title,
                        status: t.status.as_str(),
                        category: ws.category(t),
                        priority: t.priority,
                        project: sp(&t.project),
                        milestone: sp(&t.milestone),
                        assignees: strs(&t.assignees),
                        due: t.due.as_ref().map(|d| d.value),
                        estimate_hours: t.estimate_hours,
                        tags: &t.tags,
                        file: ws.path(t.file),
                    })
                    .collect();
                return listing(out, Items::Tasks(&items));
            }
            let mut tb = table(&["ID", "Status", "Pri", "Assignee", "Due", "Project", "Title"]);
            for t in tasks {
                let project = match (&t.project, &t.milestone) {
                    (Some(p), Some(m)) => format!("{}/{}", p.value, m.value),
                    (Some(p), None) => p.value.clone(),
                    _ => String::new(),
                };
                let due = match &t.due {
                    Some(d)
                        if d.value < today
                            && !ws.category(t).is_some_and(StatusCategory::is_finished) =>
                    {
                        format!("{} !", d.value)
                    }
                    Some(d) => d.value.to_string(),
                    None => String::new(),
                };
                tb.add_row([
                    term(&t.id.value),
                    term(&t.status.value),
                    t.priority.name().to_owned(),
                    term(&strs(&t.assignees).join(", ")),
                    due,
                    term(&project),
                    term(&t.title),
                ]);
            }
            writeln!(out, "{tb}")?;
        }
        What::Meetings => {
            let mut meetings: Vec<_> = ws
                .meetings
                .iter()
                .filter(|m| {
                    args.project.is_none()
                        || m.project.as_ref().map(|p| &p.value) == args.project.as_ref()
                })
                .filter(|m| {
                    args.assignee
                        .as_ref()
                        .is_none_or(|a| m.attendees.iter().any(|x| x.value == *a))
                })
                .collect();
            meetings.sort_by_key(|m| (m.date.as_ref().map(|d| d.value), m.file));
            if json {
                let items: Vec<MeetingJson> = meetings
                    .iter()
                    .map(|m| MeetingJson {
                        id: m.id.as_str(),
                        title: &m.title,
                        date: m.date.as_ref().map(|d| d.value),
                        project: sp(&m.project),
                        series: m.series.as_deref(),
                        attendees: strs(&m.attendees),
                        open_actions: m.action_items().filter(|(_, i)| !i.checked).count(),
                        file: ws.path(m.file),
                    })
                    .collect();
                return listing(out, Items::Meetings(&items));
            }
            let mut tb = table(&["Date", "ID", "Series", "Project", "Open actions", "Title"]);
            for m in meetings {
                let open = m.action_items().filter(|(_, i)| !i.checked).count();
                let total = m.action_items().count();
                tb.add_row([
                    opt(m.date.as_ref().map(|d| d.value)),
                    term(&m.id.value),
                    term(m.series.as_deref().unwrap_or("")),
                    term(&opt(m.project.as_ref().map(|p| &p.value))),
                    format!("{open}/{total}"),
                    term(&m.title),
                ]);
            }
            writeln!(out, "{tb}")?;
        }
        What::Decisions => {
            let mut ds: Vec<_> = ws
                .decisions
                .iter()
                .filter(|d| {
                    args.project.is_none()
                        || d.project.as_ref().map(|p| &p.value) == args.project.as_ref()
                })
                .filter(|d| args.status.as_ref().is_none_or(|s| d.status.name() == s))
                .collect();
            ds.sort_by_key(|d| (d.number, d.file));
            if json {
                let items: Vec<DecisionJson> = ds
                    .iter()
                    .map(|d| DecisionJson {
                        id: d.id.as_str(),
                        title: &d.title,
                        status: d.status,
                        date: d.date,
                        due: d.due.as_ref().map(|d| d.value),
                        project: sp(&d.project),
                        chosen: sp(&d.chosen),
                        file: ws.path(d.file),
                    })
                    .collect();
                return listing(out, Items::Decisions(&items));
            }
            let mut tb = table(&["ID", "Status", "Date", "Project", "Chosen", "Title"]);
            for d in ds {
                tb.add_row([
                    term(&d.id.value),
                    d.status.name().to_owned(),
                    opt(d.date),
                    term(&opt(d.project.as_ref().map(|p| &p.value))),
                    term(&opt(d.chosen.as_ref().map(|c| &c.value))),
                    term(&d.title),
                ]);
            }
            writeln!(out, "{tb}")?;
        }
        What::Projects => {
            let rows: Vec<_> = ws
                .projects
                .iter()
                .filter(|p| {
                    args.assignee
                        .as_ref()
                        .is_none_or(|a| p.owner.as_ref().is_some_and(|o| o.value == *a))
                })
                .map(|p| {
                    let mut counts = [0usize; 4];
                    for t in ws
                        .tasks
                        .iter()
                        .filter(|t| t.project.as_ref().is_some_and(|x| x.value == p.id.value))
                    {
                        if let Some(c) = ws.category(t) {
                            counts[c as usize] += 1;
                        }
                    }
                    (p, counts)
                })
                .collect();
            if json {
                let items: Vec<ProjectJson> = rows
                    .iter()
                    .map(|(p, c)| ProjectJson {
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
                    })
                    .collect();
                return listing(out, Items::Projects(&items));
            }
            let mut tb = table(&[
                "ID", "Status", "Owner", "Due", "Open", "Active", "Done", "Title",
            ]);
            for (p, c) in rows {
                tb.add_row([
                    term(&p.id.value),
                    p.status.name().to_owned(),
                    term(&opt(p.owner.as_ref().map(|o| &o.value))),
                    opt(p.due.as_ref().map(|d| d.value)),
                    c[0].to_string(),
                    c[1].to_string(),
                    c[2].to_string(),
                    term(&p.title),
                ]);
            }
            writeln!(out, "{tb}")?;
        }
        What::Actions => {
            let filter = ActionFilter {
                people: one(&args.assignee),
                projects: one(&args.project),
                overdue: args.overdue,
                open: args.open,
            };
            return crate::render::actions::print(&ws, &filter, today, json, out);
        }
        What::People => {
            let rows: Vec<_> = ws
                .config
                .people
                .iter()
                .map(|p| {
                    let open = ws
                        .tasks
                        .iter()
                        .filter(|t| t.assignees.iter().any(|a| a.value == p.id))
                        .filter(|t| !ws.category(t).is_some_and(StatusCategory::is_finished))
                        .count();
                    (p, open)
                })
                .collect();
            if json {
                let items: Vec<PersonJson> = rows
                    .iter()
                    .map(|(p, open)| PersonJson {
                        id: &p.id,
                        name: &p.name,
                        email: p.email.as_deref(),
                        capacity: p.capacity,
                        time_off: p
                            .time_off
                            .iter()
                            .map(|(a, b)| format!("{a}..{b}"))
                            .collect(),
                        open_tasks: *open,
                    })
                    .collect();
                return listing(out, Items::People(&items));
            }
            let mut tb = table(&["ID", "Name", "Capacity", "Open tasks", "Time off"]);
            for (p, open) in rows {
                let off: Vec<String> = p
                    .time_off
                    .iter()
                    .map(|(a, b)| {
                        if a == b {
                            a.to_string()
                        } else {
                            format!("{a}..{b}")
                        }
                    })
                    .collect();
                tb.add_row([
                    term(&p.id),
                    term(&p.name),
                    format!("{}", p.capacity),
                    open.to_string(),
                    off.join(", "),
                ]);
            }
            writeln!(out, "{tb}")?;
        }
    }
    Ok(0)
}
