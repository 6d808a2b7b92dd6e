//! `cairn list`.

use crate::args::{PEOPLE, PROJECTS, STATUSES};
use crate::context::Context;
use crate::error::CmdResult;
use crate::render::grid::{Grid, alarm};
use crate::render::json::emit;
use cairn_core::model::{Sp, StatusCategory, Task};
use cairn_core::ops::query::{ActionFilter, TaskFilter, TaskOrder, sort_tasks};
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde::Serialize;
use std::io::Write;

/// List tasks, meetings, decisions, projects, action items or people.
///
/// Filters take several values (`--status open,active`, or the flag repeated) and match
/// any of them; different filters must all match. A status, person, project, milestone or
/// tag that does not exist is an error (exit 2) with a suggestion.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum, default_value_t = What::Tasks)]
    pub what: What,
    /// Only these statuses (workflow statuses, or categories: open, active, done,
    /// cancelled).
    #[arg(long, value_delimiter = ',', value_name = "STATUS", add = STATUSES())]
    pub status: Vec<String>,
    /// Only items of these people.
    #[arg(long, value_delimiter = ',', value_name = "PERSON", add = PEOPLE())]
    pub assignee: Vec<String>,
    /// Only items of these projects.
    #[arg(long, value_delimiter = ',', value_name = "PROJECT", add = PROJECTS())]
    pub project: Vec<String>,
    /// Only tasks of these milestones (with --project when ids repeat across projects).
    #[arg(long, value_delimiter = ',', value_name = "MILESTONE")]
    pub milestone: Vec<String>,
    /// Only tasks with one of these tags.
    #[arg(long, value_delimiter = ',', value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only unfinished items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Only unfinished items (the default for tasks and action items).
    #[arg(long, conflicts_with = "all")]
    pub open: bool,
    /// Finished items too: done and cancelled tasks, checked action items.
    #[arg(long)]
    pub all: bool,
    /// Order of tasks.
    #[arg(long, value_enum, default_value_t = SortBy::Id)]
    pub sort: SortBy,
    /// At most N rows.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Task columns, comma-separated: id, status, priority, assignee, due, project,
    /// milestone, estimate, tags, forecast, updated, file, title.
    #[arg(long, value_delimiter = ',', value_enum, value_name = "COLUMN")]
    pub columns: Vec<Column>,
    /// Output format: a table; json (docs/json.md); tsv (tab-separated, no header, for
    /// pipes).
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    Id,
    /// Soonest due first, undated last.
    Due,
    /// Most urgent first.
    Priority,
    /// Soonest forecast finish first.
    Forecast,
    /// Most recently changed file first.
    Updated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Column {
    Id,
    Status,
    Priority,
    Assignee,
    Due,
    Project,
    Milestone,
    Estimate,
    Tags,
    Forecast,
    Updated,
    File,
    Title,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Status => "Status",
            Column::Priority => "Pri",
            Column::Assignee => "Assignee",
            Column::Due => "Due",
            Column::Project => "Project",
            Column::Milestone => "Milestone",
            Column::Estimate => "Estimate",
            Column::Tags => "Tags",
            Column::Forecast => "Forecast",
            Column::Updated => "Updated",
            Column::File => "File",
            Column::Title => "Title",
        }
    }
}

const DEFAULT_COLUMNS: [Column; 7] = [
    Column::Id,
    Column::Status,
    Column::Priority,
    Column::Assignee,
    Column::Due,
    Column::Project,
    Column::Title,
];

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
    Tsv,
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
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
    /// With `--sort forecast` or the forecast column: the forecast finish of an
    /// unfinished task.
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast_finish: Option<Date>,
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

/// A listing for people: the grid, or what to say when nothing matched.
fn print_grid(
    ctx: &Context,
    out: &mut dyn Write,
    grid: &Grid,
    format: ListFormat,
    what: &str,
) -> CmdResult {
    if format == ListFormat::Tsv {
        out.write_all(grid.tsv().as_bytes())?;
    } else if grid.is_empty() {
        writeln!(out, "no {what} match")?;
    } else {
        writeln!(out, "{}", grid.render(ctx.width))?;
    }
    Ok(0)
}

fn limited<T>(mut v: Vec<T>, limit: Option<usize>) -> Vec<T> {
    if let Some(n) = limit {
        v.truncate(n);
    }
    v
}

/// Seconds since the epoch the file of each task was last changed.
fn modified(root: &std::path::Path, path: &str) -> Option<i64> {
    let t = std::fs::metadata(root.join(path)).ok()?.modified().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(d.as_secs()).ok()
}

pub fn run(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let json = args.format == ListFormat::Json;
    let today = ctx.today;
    let style = ctx.style;
    let tasks_only = |flag: &str, set: bool| -> Result<(), crate::error::CliError> {
        if set && args.what != What::Tasks {
            return Err(crate::error::CliError::new(format!(
                "{flag} applies to tasks only"
            )));
        }
        Ok(())
    };
    tasks_only("--milestone", !args.milestone.is_empty())?;
    tasks_only("--tag", !args.tag.is_empty())?;
    tasks_only("--columns", !args.columns.is_empty())?;
    tasks_only("--sort", args.sort != SortBy::Id)?;
    cairn_core::ops::query::validate_projects(&ws, &args.project)?;
    cairn_core::ops::query::validate_people(&ws, &args.assignee)?;
    match args.what {
        What::Tasks => {
            let filter = TaskFilter {
                statuses: args.status.clone(),
                assignees: args.assignee.clone(),
                projects: args.project.clone(),
                milestones: args.milestone.clone(),
                tags: args.tag.clone(),
                overdue: args.overdue,
                // Finished work is hidden unless asked for, by `--all` or by status.
                open: args.open || (!args.all && args.status.is_empty()),
            };
            filter.validate(&ws)?;
            let mut tasks: Vec<&Task> = filter.apply(&ws, today);
            let columns: Vec<Column> = if args.columns.is_empty() {
                DEFAULT_COLUMNS.to_vec()
            } else {
                args.columns.clone()
            };
            let needs_forecast =
                args.sort == SortBy::Forecast || columns.contains(&Column::Forecast);
            let fc = needs_forecast.then(|| cairn_core::analyze::schedule::forecast(&ws, today));
            let root = source.root().to_path_buf();
            let updated = |t: &Task| modified(&root, ws.path(t.file));
            let order = match args.sort {
                SortBy::Id => TaskOrder::Id,
                SortBy::Due => TaskOrder::Due,
                SortBy::Priority => TaskOrder::Priority,
                SortBy::Forecast => TaskOrder::Forecast,
                SortBy::Updated => TaskOrder::Updated,
            };
            sort_tasks(&mut tasks, order, fc.as_ref(), &ws, &updated);
            let tasks = limited(tasks, args.limit);
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
                        forecast_finish: forecast_of(t).map(|f| f.finish.date()),
                    })
                    .collect();
                return listing(out, Items::Tasks(&items));
            }
            let headers: Vec<&str> = columns.iter().map(|c| c.header()).collect();
            let mut grid = Grid::new(&headers).flex("Title");
            for t in tasks {
                let unfinished = !ws.category(t).is_some_and(StatusCategory::is_finished);
                let cells = columns
                    .iter()
                    .map(|c| match c {
                        Column::Id => term(&t.id.value),
                        Column::Status => term(&t.status.value),
                        Column::Priority => t.priority.name().to_owned(),
                        Column::Assignee => term(&strs(&t.assignees).join(", ")),
                        Column::Due => match &t.due {
                            Some(d) if unfinished && d.value < today => {
                                alarm(style, &format!("{} !", d.value), true)
                            }
                            Some(d) => d.value.to_string(),
                            None => String::new(),
                        },
                        Column::Project => match (&t.project, &t.milestone) {
                            (Some(p), Some(m)) if !columns.contains(&Column::Milestone) => {
                                term(&format!("{}/{}", p.value, m.value))
                            }
                            (Some(p), _) => term(&p.value),
                            _ => String::new(),
                        },
                        Column::Milestone => term(&opt(t.milestone.as_ref().map(|m| &m.value))),
                        Column::Estimate => t
                            .estimate_hours
                            .map(|h| ws.config.format_effort(h))
                            .unwrap_or_default(),
                        Column::Tags => term(&t.tags.join(", ")),
                        Column::Forecast => forecast_of(t)
                            .map(|f| {
                                let late = f.slack_days.is_some_and(|s| s < 0);
                                alarm(style, &f.finish.date().to_string(), late)
                            })
                            .unwrap_or_default(),
                        Column::Updated => modified(&root, ws.path(t.file))
                            .and_then(|s| jiff::Timestamp::from_second(s).ok())
                            .map(|ts| {
                                jiff::tz::TimeZone::system()
                                    .to_datetime(ts)
                                    .date()
                                    .to_string()
                            })
                            .unwrap_or_default(),
                        Column::File => term(ws.path(t.file)),
                        Column::Title => term(&t.title),
                    })
                    .collect();
                grid.row(cells);
            }
            print_grid(ctx, out, &grid, args.format, "tasks")?;
        }
        What::Meetings => {
            let mut meetings: Vec<_> = ws
                .meetings
                .iter()
                .filter(|m| {
                    args.project.is_empty()
                        || m.project
                            .as_ref()
                            .is_some_and(|p| args.project.contains(&p.value))
                })
                .filter(|m| {
                    args.assignee.is_empty()
                        || m.attendees.iter().any(|x| args.assignee.contains(&x.value))
                })
                .collect();
            meetings.sort_by_key(|m| (m.date.as_ref().map(|d| d.value), m.file));
            let meetings = limited(meetings, args.limit);
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
            let mut grid = Grid::new(&["Date", "ID", "Series", "Project", "Open actions", "Title"])
                .flex("Title");
            for m in meetings {
                let open = m.action_items().filter(|(_, i)| !i.checked).count();
                let total = m.action_items().count();
                grid.row(vec![
                    opt(m.date.as_ref().map(|d| d.value)),
                    term(&m.id.value),
                    term(m.series.as_deref().unwrap_or("")),
                    term(&opt(m.project.as_ref().map(|p| &p.value))),
                    format!("{open}/{total}"),
                    term(&m.title),
                ]);
            }
            print_grid(ctx, out, &grid, args.format, "meetings")?;
        }
        What::Decisions => {
            const STATUSES: [&str; 5] = cairn_core::model::DecisionStatus::NAMES;
            for st in &args.status {
                if !STATUSES.contains(&st.as_str()) {
                    return Err(
                        crate::error::CliError::new(format!("no decision status `{st}`"))
                            .maybe_hint(
                                cairn_core::diag::did_you_mean(st, STATUSES)
                                    .map(|s| format!("did you mean `{s}`?"))
                                    .or(Some(format!(
                                        "decision statuses: {}",
                                        STATUSES.join(", ")
                                    ))),
                            ),
                    );
                }
            }
            let mut ds: Vec<_> = ws
                .decisions
                .iter()
                .filter(|d| {
                    args.project.is_empty()
                        || d.project
                            .as_ref()
                            .is_some_and(|p| args.project.contains(&p.value))
                })
                .filter(|d| {
                    args.status.is_empty() || args.status.iter().any(|s| d.status.name() == s)
                })
                .collect();
            ds.sort_by_key(|d| (d.number, d.file));
            let ds = limited(ds, args.limit);
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
            let mut grid =
                Grid::new(&["ID", "Status", "Date", "Project", "Chosen", "Title"]).flex("Title");
            for d in ds {
                grid.row(vec![
                    term(&d.id.value),
                    d.status.name().to_owned(),
                    opt(d.date),
                    term(&opt(d.project.as_ref().map(|p| &p.value))),
                    term(&opt(d.chosen.as_ref().map(|c| &c.value))),
                    term(&d.title),
                ]);
            }
            print_grid(ctx, out, &grid, args.format, "decisions")?;
        }
        What::Projects => {
            let rows: Vec<_> = ws
                .projects
                .iter()
                .filter(|p| args.project.is_empty() || args.project.contains(&p.id.value))
                .filter(|p| {
                    args.assignee.is_empty()
                        || p.owner
                            .as_ref()
                            .is_some_and(|o| args.assignee.contains(&o.value))
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
            let rows = limited(rows, args.limit);
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
            let mut grid = Grid::new(&[
                "ID", "Status", "Owner", "Due", "Open", "Active", "Done", "Title",
            ])
            .flex("Title");
            for (p, c) in rows {
                grid.row(vec![
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
            print_grid(ctx, out, &grid, args.format, "projects")?;
        }
        What::Actions => {
            let filter = ActionFilter {
                people: args.assignee.clone(),
                projects: args.project.clone(),
                overdue: args.overdue,
                open: !args.all,
            };
            let format = match args.format {
                ListFormat::Table => crate::render::actions::Format::Table,
                ListFormat::Json => crate::render::actions::Format::Json,
                ListFormat::Tsv => crate::render::actions::Format::Tsv,
            };
            return crate::render::actions::print(ctx, &ws, &filter, format, args.limit, out);
        }
        What::People => {
            let rows: Vec<_> = ws
                .config
                .people
                .iter()
                .filter(|p| args.assignee.is_empty() || args.assignee.contains(&p.id))
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
            let rows = limited(rows, args.limit);
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
            let mut grid = Grid::new(&["ID", "Name", "Capacity", "Open tasks", "Time off"]);
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
                grid.row(vec![
                    term(&p.id),
                    term(&p.name),
                    format!("{}%", cairn_core::model::format_hours(p.capacity * 100.0)),
                    open.to_string(),
                    off.join(", "),
                ]);
            }
            print_grid(ctx, out, &grid, args.format, "people")?;
        }
    }
    Ok(0)
}
