use crate::cli::{CmdResult, Context};
use crate::model::{StatusCategory, Task, Workspace};
use crate::render::term;
use clap::{Args, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde_json::json;
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

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(header.iter().copied());
    t
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn task_matches(ws: &Workspace, t: &Task, a: &ListArgs, today: jiff::civil::Date) -> bool {
    let cat = ws.category(t);
    let unfinished = !cat.is_some_and(StatusCategory::is_finished);
    if let Some(s) = &a.status
        && t.status.value != *s
        && StatusCategory::parse(s).is_none_or(|c| Some(c) != cat)
    {
        return false;
    }
    if let Some(p) = &a.assignee
        && !t.assignees.iter().any(|x| x.value == *p)
    {
        return false;
    }
    if a.project.is_some() && t.project.as_ref().map(|p| &p.value) != a.project.as_ref() {
        return false;
    }
    if a.milestone.is_some() && t.milestone.as_ref().map(|p| &p.value) != a.milestone.as_ref() {
        return false;
    }
    if let Some(tag) = &a.tag
        && !t.tags.contains(tag)
    {
        return false;
    }
    if a.open && !unfinished {
        return false;
    }
    if a.overdue && !(unfinished && t.due.as_ref().is_some_and(|d| d.value < today)) {
        return false;
    }
    true
}

pub fn run(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let json = args.format == ListFormat::Json;
    let today = ctx.today;
    match args.what {
        What::Tasks => {
            let mut tasks: Vec<&Task> = ws
                .tasks
                .iter()
                .filter(|t| task_matches(&ws, t, &args, today))
                .collect();
            tasks.sort_by_key(|t| (t.number, t.file));
            if json {
                let items: Vec<_> = tasks
                    .iter()
                    .map(|t| {
                        json!({"id": t.id, "title": t.title, "status": t.status,
                               "category": ws.category(t), "priority": t.priority,
                               "project": t.project, "milestone": t.milestone,
                               "assignees": t.assignees, "due": t.due,
                               "estimate_hours": t.estimate_hours, "tags": t.tags,
                               "file": ws.path(t.file)})
                    })
                    .collect();
                return emit_json(out, json!({"version": 1, "tasks": items}));
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
                let who: Vec<&str> = t.assignees.iter().map(|a| a.as_str()).collect();
                tb.add_row([
                    term(&t.id.value),
                    term(&t.status.value),
                    t.priority.name().to_owned(),
                    term(&who.join(", ")),
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
                let items: Vec<_> = meetings
                    .iter()
                    .map(|m| {
                        let open = m.action_items().filter(|(_, i)| !i.checked).count();
                        json!({"id": m.id, "title": m.title, "date": m.date, "project": m.project,
                               "series": m.series, "attendees": m.attendees,
                               "open_actions": open, "file": ws.path(m.file)})
                    })
                    .collect();
                return emit_json(out, json!({"version": 1, "meetings": items}));
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
                let items: Vec<_> = ds
                    .iter()
                    .map(|d| {
                        json!({"id": d.id, "title": d.title, "status": d.status, "date": d.date,
                               "due": d.due, "project": d.project, "chosen": d.chosen,
                               "file": ws.path(d.file)})
                    })
                    .collect();
                return emit_json(out, json!({"version": 1, "decisions": items}));
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
                let items: Vec<_> = rows
                    .iter()
                    .map(|(p, c)| {
                        json!({"id": p.id, "title": p.title, "status": p.status, "owner": p.owner,
                               "start": p.start, "due": p.due,
                               "tasks": {"open": c[0], "active": c[1], "done": c[2], "cancelled": c[3]},
                               "file": ws.path(p.file)})
                    })
                    .collect();
                return emit_json(out, json!({"version": 1, "projects": items}));
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
            let mut rows = Vec::new();
            for m in &ws.meetings {
                if args.project.is_some()
                    && m.project.as_ref().map(|p| &p.value) != args.project.as_ref()
                {
                    continue;
                }
                for (n, item) in m.action_items() {
                    let overdue =
                        !item.checked && item.due.as_ref().is_some_and(|d| d.value < today);
                    if (args.open && item.checked)
                        || (args.overdue && !overdue)
                        || args
                            .assignee
                            .as_ref()
                            .is_some_and(|a| !item.mentions.iter().any(|x| x.value == *a))
                    {
                        continue;
                    }
                    rows.push((m, n, item, overdue));
                }
            }
            rows.sort_by_key(|(m, n, i, _)| {
                (
                    i.checked,
                    i.due.as_ref().map(|d| d.value),
                    m.date.as_ref().map(|d| d.value),
                    *n,
                )
            });
            if json {
                let items: Vec<_> = rows
                    .iter()
                    .map(|(m, n, i, overdue)| {
                        let people: Vec<&str> = i.mentions.iter().map(|p| p.as_str()).collect();
                        json!({"meeting": m.id, "number": n, "people": people, "due": i.due,
                               "done": i.checked, "overdue": overdue, "text": i.text,
                               "tasks": i.tasks, "file": ws.path(m.file), "line": i.pos.line})
                    })
                    .collect();
                return emit_json(out, json!({"version": 1, "actions": items}));
            }
            let mut tb = table(&["Meeting", "#", "Person", "Due", "Done", "Text"]);
            for (m, n, i, overdue) in rows {
                let people: Vec<String> =
                    i.mentions.iter().map(|p| format!("@{}", p.value)).collect();
                let due = opt(i.due.as_ref().map(|d| d.value));
                tb.add_row([
                    term(&m.id.value),
                    n.to_string(),
                    term(&people.join(" ")),
                    if overdue { format!("{due} !") } else { due },
                    if i.checked { "yes" } else { "" }.to_owned(),
                    term(&i.text),
                ]);
            }
            writeln!(out, "{tb}")?;
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
                let items: Vec<_> = rows
                    .iter()
                    .map(|(p, open)| {
                        let off: Vec<String> = p
                            .time_off
                            .iter()
                            .map(|(a, b)| format!("{a}..{b}"))
                            .collect();
                        json!({"id": p.id, "name": p.name, "email": p.email, "capacity": p.capacity,
                               "time_off": off, "open_tasks": open})
                    })
                    .collect();
                return emit_json(out, json!({"version": 1, "people": items}));
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

pub fn emit_json(out: &mut dyn Write, value: serde_json::Value) -> CmdResult {
    serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(0)
}
