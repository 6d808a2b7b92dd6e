//! `cairn show`.

use crate::args::ANY_ID;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::json::emit;
use cairn_core::analyze::decision;
use cairn_core::model::{StatusCategory, Task, Workspace};
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;
use std::io::Write;

/// Show one task, project, meeting, decision or person with what cairn derives about it.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A task or decision id (`T-12`, `D-4`), a project id, a meeting id or a person id.
    #[arg(add = ANY_ID())]
    pub id: String,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    /// Leave out a task's forecast line (`derived.forecast` is `null`): the schedule of
    /// the whole workspace is not computed, which is most of the time on a big plan.
    #[arg(long)]
    pub no_forecast: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

/// Facts about a task that are not written in its file.
#[derive(Serialize)]
pub struct TaskFacts<'a> {
    pub file: &'a str,
    pub category: Option<StatusCategory>,
    /// Unfinished tasks this one depends on.
    pub blocked_by: Vec<&'a str>,
    /// Tasks that depend on this one.
    pub blocking: Vec<&'a str>,
    pub children: Vec<&'a str>,
    pub checklist_done: usize,
    pub checklist_total: usize,
    /// Days past `due` for an unfinished task.
    pub overdue_days: Option<i32>,
    /// Where the forecast places an unfinished task; `null` for finished ones.
    pub forecast: Option<ForecastFacts<'a>>,
}

/// The forecast of one unfinished task, as `plan` shows it.
#[derive(Serialize)]
pub struct ForecastFacts<'a> {
    pub start: jiff::civil::Date,
    pub finish: jiff::civil::Date,
    pub remaining_hours: f64,
    pub deadline: Option<jiff::civil::Date>,
    pub slack_days: Option<i32>,
    pub critical: bool,
    /// The task that held this one's start back, as in `plan`'s JSON.
    pub held_by: Option<HeldByFacts<'a>>,
}

#[derive(Serialize)]
pub struct HeldByFacts<'a> {
    /// `dependency`, `assignee` or `child`.
    pub kind: &'static str,
    pub task: &'a str,
}

pub fn task_facts<'a>(
    ws: &'a Workspace,
    fc: Option<&cairn_core::analyze::schedule::Forecast>,
    i: usize,
    today: jiff::civil::Date,
) -> TaskFacts<'a> {
    let t = &ws.tasks[i];
    let category = ws.category(t);
    let unfinished = !category.is_some_and(StatusCategory::is_finished);
    let blocked_by = t
        .depends_on
        .iter()
        .filter(|d| {
            // A cancelled dependency no longer blocks (`blocked-by-cancelled` flags it).
            ws.task(&d.value)
                .is_some_and(|x| !ws.category(x).is_some_and(StatusCategory::is_finished))
        })
        .map(|d| d.as_str())
        .collect();
    let blocking = ws
        .tasks
        .iter()
        .filter(|x| x.depends_on.iter().any(|d| d.value == t.id.value))
        .map(|x| x.id.as_str())
        .collect();
    let children = ws
        .tasks
        .iter()
        .filter(|x| x.parent.as_ref().is_some_and(|p| p.value == t.id.value))
        .map(|x| x.id.as_str())
        .collect();
    let (checklist_done, checklist_total) = t.body.checklist_counts();
    let overdue_days = t
        .due
        .as_ref()
        .filter(|d| unfinished && d.value < today)
        .map(|d| (today - d.value).get_days());
    let forecast = fc
        .and_then(|fc| fc.tasks[i].as_ref().map(|f| (fc, f)))
        .filter(|(_, f)| !f.done)
        .map(|(fc, f)| (fc.critical[i], f))
        .map(|(critical, f)| ForecastFacts {
            start: f.start.date(),
            finish: f.finish.date(),
            remaining_hours: cairn_core::analyze::schedule::round2(f.remaining_hours),
            deadline: f.deadline,
            slack_days: f.slack_days,
            critical,
            held_by: f.held_by.map(|h| HeldByFacts {
                kind: h.kind(),
                task: ws.tasks[h.task()].id.as_str(),
            }),
        });
    TaskFacts {
        forecast,
        file: ws.path(t.file),
        category,
        blocked_by,
        blocking,
        children,
        checklist_done,
        checklist_total,
        overdue_days,
    }
}

fn line(out: &mut dyn Write, label: &str, value: impl AsRef<str>) -> std::io::Result<()> {
    let v = value.as_ref();
    if v.is_empty() {
        return Ok(());
    }
    writeln!(out, "{label:<12} {}", term(v))
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

pub fn run(ctx: &Context, args: ShowArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let json = args.format == ShowFormat::Json;
    let id = args.id.as_str();
    let style = ctx.style;
    if let Some(&ti) = ws.index.tasks.get(id) {
        let t = &ws.tasks[ti];
        let fc =
            (!args.no_forecast).then(|| cairn_core::analyze::schedule::forecast(&ws, ctx.today));
        let facts = task_facts(&ws, fc.as_ref(), ti, ctx.today);
        if json {
            #[derive(Serialize)]
            struct Show<'a> {
                version: u32,
                kind: &'static str,
                task: &'a cairn_core::model::Task,
                derived: TaskFacts<'a>,
            }
            return emit(
                out,
                &Show {
                    version: 1,
                    kind: "task",
                    task: t,
                    derived: facts,
                },
            );
        }
        writeln!(
            out,
            "{} {}",
            style.bold(&term(&t.id.value)),
            style.bold(&term(&t.title))
        )?;
        let cat = facts
            .category
            .map(|c| {
                format!(
                    " ({})",
                    serde_json::to_value(c)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        line(out, "status", format!("{}{cat}", t.status.value))?;
        line(out, "priority", t.priority.name())?;
        let project = match (&t.project, &t.milestone) {
            (Some(p), Some(m)) => format!("{} / {}", p.value, m.value),
            (Some(p), None) => p.value.clone(),
            _ => String::new(),
        };
        line(out, "project", project)?;
        line(
            out,
            "assignee",
            join(t.assignees.iter().map(|a| a.as_str())),
        )?;
        let effort = |h: Option<f64>| h.map(|h| ws.config.format_effort(h)).unwrap_or_default();
        line(out, "estimate", effort(t.estimate_hours))?;
        line(out, "spent", effort(t.spent_hours))?;
        line(
            out,
            "progress",
            t.progress
                .as_ref()
                .map(|p| format!("{}%", p.value))
                .unwrap_or_default(),
        )?;
        line(
            out,
            "start",
            t.start
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
        )?;
        let due = match (&t.due, facts.overdue_days) {
            (Some(d), Some(n)) => format!(
                "{} (overdue by {n} day{})",
                d.value,
                if n == 1 { "" } else { "s" }
            ),
            (Some(d), None) => d.value.to_string(),
            _ => String::new(),
        };
        line(out, "due", due)?;
        if let Some(f) = &facts.forecast {
            let slack = match f.slack_days {
                Some(s) if s < 0 => format!(
                    ", {} working day{} late",
                    -s,
                    if s == -1 { "" } else { "s" }
                ),
                Some(s) => format!(", slack {s} working day{}", if s == 1 { "" } else { "s" }),
                None => String::new(),
            };
            let held = match &f.held_by {
                Some(h) if h.kind == "dependency" => format!("; waits for {}", h.task),
                Some(h) if h.kind == "child" => format!("; finishes with {}", h.task),
                Some(h) => format!("; after the assignee's {}", h.task),
                None => String::new(),
            };
            let crit = if f.critical {
                "; on a critical chain"
            } else {
                ""
            };
            line(
                out,
                "forecast",
                format!("{} → {}{slack}{held}{crit}", f.start, f.finish),
            )?;
        }
        line(
            out,
            "closed",
            t.closed
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
        )?;
        line(
            out,
            "depends on",
            join(t.depends_on.iter().map(|d| d.as_str())),
        )?;
        line(out, "blocked by", join(facts.blocked_by.iter().copied()))?;
        line(out, "blocking", join(facts.blocking.iter().copied()))?;
        line(
            out,
            "parent",
            t.parent
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
        )?;
        line(out, "children", join(facts.children.iter().copied()))?;
        line(out, "tags", t.tags.join(", "))?;
        if facts.checklist_total > 0 {
            line(
                out,
                "checklist",
                format!("{}/{} done", facts.checklist_done, facts.checklist_total),
            )?;
        }
        line(
            out,
            "discussion",
            if t.body.discussion.is_empty() {
                String::new()
            } else {
                format!("{} entries", t.body.discussion.len())
            },
        )?;
        line(out, "source", t.source.as_deref().unwrap_or_default())?;
        line(out, "file", facts.file)?;
        return Ok(0);
    }
    if let Some(d) = ws.decision(id) {
        let ranked = decision::matrix(d);
        let sensitivity = decision::sensitivity(d);
        if json {
            #[derive(Serialize)]
            struct Show<'a, M: Serialize, S: Serialize> {
                version: u32,
                kind: &'static str,
                decision: &'a cairn_core::model::Decision,
                matrix: M,
                sensitivity: S,
                file: &'a str,
            }
            return emit(
                out,
                &Show {
                    version: 1,
                    kind: "decision",
                    decision: d,
                    matrix: &ranked,
                    sensitivity: &sensitivity,
                    file: ws.path(d.file),
                },
            );
        }
        writeln!(
            out,
            "{} {}",
            style.bold(&term(&d.id.value)),
            style.bold(&term(&d.title))
        )?;
        line(out, "status", d.status.name())?;
        line(
            out,
            "date",
            d.date.map(|x| x.to_string()).unwrap_or_default(),
        )?;
        line(
            out,
            "due",
            d.due
                .as_ref()
                .map(|x| x.value.to_string())
                .unwrap_or_default(),
        )?;
        line(out, "deciders", join(d.deciders.iter().map(|x| x.as_str())))?;
        line(
            out,
            "project",
            d.project
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
        )?;
        line(
            out,
            "supersedes",
            d.supersedes
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
        )?;
        let by: Vec<&str> = ws
            .decisions
            .iter()
            .filter(|x| x.supersedes.as_ref().is_some_and(|s| s.value == d.id.value))
            .map(|x| x.id.as_str())
            .collect();
        line(out, "superseded by", join(by))?;
        line(out, "tasks", join(d.tasks.iter().map(|x| x.as_str())))?;
        line(out, "source", d.source.as_deref().unwrap_or_default())?;
        line(out, "file", ws.path(d.file))?;
        if !ranked.is_empty() {
            let mut tb = Table::new();
            tb.load_preset(UTF8_FULL_CONDENSED);
            let mut header = vec!["Rank".to_owned(), "Option".to_owned()];
            header.extend(
                d.criteria
                    .iter()
                    .map(|(c, w)| format!("{} (×{w})", term(&c.value))),
            );
            header.push("Score".into());
            tb.set_header(header);
            for r in &ranked {
                let Some(o) = d.options.iter().find(|o| o.name.value == r.name) else {
                    continue;
                };
                let mut row = vec![
                    r.rank.to_string(),
                    format!(
                        "{}{}",
                        term(&r.name),
                        if r.chosen { " ✔ chosen" } else { "" }
                    ),
                ];
                for (c, _) in &d.criteria {
                    row.push(
                        o.scores
                            .iter()
                            .find(|(n, _)| n.value == c.value)
                            .map_or("–".into(), |(_, s)| s.to_string()),
                    );
                }
                row.push(format!("{:.2}", r.score));
                tb.add_row(row);
            }
            writeln!(out, "\n{tb}")?;
            match &sensitivity {
                Some(s) => writeln!(
                    out,
                    "sensitivity: {} ties with the winner if the weight of {} goes from {} to {}, and wins beyond",
                    term(&s.new_winner),
                    term(&s.criterion),
                    s.weight,
                    s.flips_at
                )?,
                None if ranked.len() > 1 => writeln!(
                    out,
                    "sensitivity: no change of a single weight changes the winner"
                )?,
                None => {}
            }
        }
        return Ok(0);
    }
    if let Some(p) = ws.project(id) {
        let tasks: Vec<&Task> = ws
            .tasks
            .iter()
            .filter(|t| t.project.as_ref().is_some_and(|x| x.value == p.id.value))
            .collect();
        let count = |c: StatusCategory, m: Option<&str>| {
            tasks
                .iter()
                .filter(|t| {
                    ws.category(t) == Some(c)
                        && (m.is_none() || t.milestone.as_ref().map(|x| x.as_str()) == m)
                })
                .count()
        };
        if json {
            #[derive(Serialize)]
            struct Counts {
                open: usize,
                active: usize,
                done: usize,
                #[serde(skip_serializing_if = "Option::is_none")]
                cancelled: Option<usize>,
            }
            #[derive(Serialize)]
            struct MilestoneJson<'a> {
                id: &'a str,
                title: &'a str,
                due: Option<jiff::civil::Date>,
                #[serde(flatten)]
                tasks: Counts,
            }
            #[derive(Serialize)]
            struct Show<'a> {
                version: u32,
                kind: &'static str,
                project: &'a cairn_core::model::Project,
                milestones: Vec<MilestoneJson<'a>>,
                tasks: Counts,
                file: &'a str,
            }
            let counts = |m: Option<&str>, cancelled: bool| Counts {
                open: count(StatusCategory::Open, m),
                active: count(StatusCategory::Active, m),
                done: count(StatusCategory::Done, m),
                cancelled: cancelled.then(|| count(StatusCategory::Cancelled, m)),
            };
            let milestones = p
                .milestones
                .iter()
                .map(|m| MilestoneJson {
                    id: m.id.as_str(),
                    title: &m.title,
                    due: m.due.as_ref().map(|d| d.value),
                    tasks: counts(Some(&m.id.value), false),
                })
                .collect();
            return emit(
                out,
                &Show {
                    version: 1,
                    kind: "project",
                    project: p,
                    milestones,
                    tasks: counts(None, true),
                    file: ws.path(p.file),
                },
            );
        }
        writeln!(
            out,
            "{} {}",
            style.bold(&term(&p.id.value)),
            style.bold(&term(&p.title))
        )?;
        line(out, "status", p.status.name())?;
        line(
            out,
            "owner",
            p.owner
                .as_ref()
                .map(|o| o.value.clone())
                .unwrap_or_default(),
        )?;
        line(
            out,
            "start",
            p.start
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
        )?;
        line(
            out,
            "due",
            p.due
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
        )?;
        line(
            out,
            "budget",
            p.budget_hours
                .map(|h| ws.config.format_effort(h))
                .unwrap_or_default(),
        )?;
        line(
            out,
            "tasks",
            format!(
                "{} open, {} active, {} done, {} cancelled",
                count(StatusCategory::Open, None),
                count(StatusCategory::Active, None),
                count(StatusCategory::Done, None),
                count(StatusCategory::Cancelled, None)
            ),
        )?;
        line(out, "file", ws.path(p.file))?;
        if !p.milestones.is_empty() {
            let mut tb = Table::new();
            tb.load_preset(UTF8_FULL_CONDENSED);
            tb.set_header(["Milestone", "Due", "Open", "Active", "Done", "Title"]);
            for m in &p.milestones {
                let id = Some(m.id.as_str());
                tb.add_row([
                    term(&m.id.value),
                    m.due
                        .as_ref()
                        .map(|d| d.value.to_string())
                        .unwrap_or_default(),
                    count(StatusCategory::Open, id).to_string(),
                    count(StatusCategory::Active, id).to_string(),
                    count(StatusCategory::Done, id).to_string(),
                    term(&m.title),
                ]);
            }
            writeln!(out, "\n{tb}")?;
        }
        if !p.goals.is_empty() {
            let mut tb = Table::new();
            tb.load_preset(UTF8_FULL_CONDENSED);
            tb.set_header(["Goal", "Baseline", "Current", "Target", "Unit", "Title"]);
            let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
            for g in &p.goals {
                tb.add_row([
                    term(&g.id.value),
                    num(g.baseline),
                    num(g.current),
                    num(g.target),
                    term(g.unit.as_deref().unwrap_or("")),
                    term(&g.title),
                ]);
            }
            writeln!(out, "\n{tb}")?;
        }
        return Ok(0);
    }
    if let Some(m) = ws.meeting(id) {
        if json {
            #[derive(Serialize)]
            struct Action<'a> {
                number: usize,
                item: &'a cairn_core::model::ChecklistItem,
            }
            #[derive(Serialize)]
            struct Show<'a> {
                version: u32,
                kind: &'static str,
                meeting: &'a cairn_core::model::Meeting,
                actions: Vec<Action<'a>>,
                file: &'a str,
            }
            let actions = m
                .action_items()
                .map(|(number, item)| Action { number, item })
                .collect();
            return emit(
                out,
                &Show {
                    version: 1,
                    kind: "meeting",
                    meeting: m,
                    actions,
                    file: ws.path(m.file),
                },
            );
        }
        writeln!(
            out,
            "{} {}",
            style.bold(&term(&m.id.value)),
            style.bold(&term(&m.title))
        )?;
        line(
            out,
            "date",
            m.date
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
        )?;
        line(out, "series", m.series.clone().unwrap_or_default())?;
        line(
            out,
            "project",
            m.project
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
        )?;
        line(
            out,
            "attendees",
            join(m.attendees.iter().map(|a| a.as_str())),
        )?;
        line(
            out,
            "facilitator",
            m.facilitator
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
        )?;
        line(out, "file", ws.path(m.file))?;
        let items: Vec<_> = m.action_items().collect();
        if !items.is_empty() {
            writeln!(out, "\naction items:")?;
            for (n, i) in items {
                // The text holds its `due:`; only say when it has passed.
                let late = !i.checked && i.due.as_ref().is_some_and(|d| d.value < ctx.today);
                let due = if late {
                    style.red(" (overdue)")
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "  {n}. [{}] {}{due}",
                    if i.checked { "x" } else { " " },
                    term(&i.text)
                )?;
            }
        }
        return Ok(0);
    }
    if let Some(p) = ws.config.person(id) {
        let tasks: Vec<&Task> = ws
            .tasks
            .iter()
            .filter(|t| {
                t.assignees.iter().any(|a| a.value == p.id)
                    && !ws.category(t).is_some_and(StatusCategory::is_finished)
            })
            .collect();
        if json {
            #[derive(Serialize)]
            struct Show<'a> {
                version: u32,
                kind: &'static str,
                person: &'a cairn_core::model::Person,
                open_tasks: Vec<&'a str>,
            }
            return emit(
                out,
                &Show {
                    version: 1,
                    kind: "person",
                    person: p,
                    open_tasks: tasks.iter().map(|t| t.id.as_str()).collect(),
                },
            );
        }
        writeln!(
            out,
            "{} {}",
            style.bold(&term(&p.id)),
            style.bold(&term(&p.name))
        )?;
        line(out, "email", p.email.clone().unwrap_or_default())?;
        line(out, "capacity", p.capacity.to_string())?;
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
        line(out, "time off", off.join(", "))?;
        line(out, "open tasks", join(tasks.iter().map(|t| t.id.as_str())))?;
        return Ok(0);
    }
    Err(
        CliError::new(format!("nothing with id `{id}` in this workspace")).hint(
            "ids look like T-12 (task), D-4 (decision), a project id, a meeting id or a person id",
        ),
    )
}
