use crate::cli::{CliError, CmdResult, Context};
use crate::commands::list::emit_json;
use crate::commands::status::ids;
use crate::model::StatusCategory;
use crate::render::{mermaid_text, term};
use crate::schedule::{self, ScheduleStatus};
use clap::{Args, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde_json::json;
use std::io::Write;

/// The forecast schedule: every unfinished task with its assignees, forecast start and
/// finish, due date, slack and critical-chain mark, then each milestone's critical chain.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Only this project.
    pub project: Option<String>,
    /// Only this milestone (of the project given).
    #[arg(long, requires = "project")]
    pub milestone: Option<String>,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Table,
    Json,
    Mermaid,
}

pub fn run(ctx: &Context, args: PlanArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    if let Some(p) = &args.project {
        let Some(project) = ws.project(p) else {
            return Err(CliError::new(format!("unknown project `{p}`")));
        };
        if let Some(m) = &args.milestone
            && project.milestone(m).is_none()
        {
            return Err(CliError::new(format!(
                "project `{p}` has no milestone `{m}`"
            )));
        }
    }
    let fc = schedule::forecast(&ws, ctx.today);
    let in_scope = |t: &crate::model::Task| {
        args.project
            .as_ref()
            .is_none_or(|p| t.project.as_ref().is_some_and(|x| x.value == *p))
            && args
                .milestone
                .as_ref()
                .is_none_or(|m| t.milestone.as_ref().is_some_and(|x| x.value == *m))
    };
    let mut rows: Vec<usize> = (0..ws.tasks.len())
        .filter(|&i| {
            let t = &ws.tasks[i];
            in_scope(t)
                && !ws.category(t).is_some_and(StatusCategory::is_finished)
                && fc.tasks[i].is_some()
        })
        .collect();
    rows.sort_by(|&a, &b| {
        let (fa, fb) = (fc.tasks[a].as_ref(), fc.tasks[b].as_ref());
        let key = |f: Option<&schedule::TaskForecast>| f.map(|f| (f.start.day, f.finish.day));
        key(fa)
            .cmp(&key(fb))
            .then(ws.tasks[a].number.cmp(&ws.tasks[b].number))
    });
    let milestones: Vec<&schedule::MilestoneForecast> = fc
        .milestones
        .iter()
        .filter(|m| {
            let p = &ws.projects[m.project];
            args.project.as_ref().is_none_or(|x| p.id.value == *x)
                && args
                    .milestone
                    .as_ref()
                    .is_none_or(|x| p.milestones[m.milestone].id.value == *x)
        })
        .collect();
    let projects: Vec<&schedule::ProjectForecast> = fc
        .projects
        .iter()
        .filter(|p| {
            args.project
                .as_ref()
                .is_none_or(|x| ws.projects[p.project].id.value == *x)
        })
        .collect();
    match args.format {
        PlanFormat::Json => {
            let tasks: Vec<_> = rows
                .iter()
                .map(|&i| {
                    let t = &ws.tasks[i];
                    let f = fc.tasks[i].as_ref().expect("rows are scheduled");
                    let held = f
                        .held_by
                        .map(|h| json!({"kind": h.kind(), "task": ws.tasks[h.task()].id}));
                    json!({"id": t.id, "title": t.title, "project": t.project, "milestone": t.milestone,
                           "assignees": t.assignees, "forecast_start": f.start.date(),
                           "forecast_finish": if f.never { None } else { Some(f.finish.date()) },
                           "due": t.due, "deadline": f.deadline, "slack_days": f.slack_days,
                           "remaining_hours": schedule::round2(f.remaining_hours),
                           "critical": fc.critical[i], "held_by": held, "summary": f.summary})
                })
                .collect();
            let ms: Vec<_> = milestones
                .iter()
                .map(|m| {
                    let p = &ws.projects[m.project];
                    json!({"project": p.id, "id": p.milestones[m.milestone].id, "due": m.rollup.due,
                           "forecast_finish": m.rollup.forecast_finish, "status": m.rollup.status,
                           "critical_chain": ids(&ws, &m.rollup.critical_chain)})
                })
                .collect();
            let ps: Vec<_> = projects
                .iter()
                .map(|p| {
                    json!({"id": ws.projects[p.project].id, "due": p.rollup.due,
                           "forecast_finish": p.rollup.forecast_finish, "status": p.rollup.status,
                           "critical_chain": ids(&ws, &p.rollup.critical_chain)})
                })
                .collect();
            emit_json(
                out,
                json!({"version": 1, "today": ctx.today, "tasks": tasks, "milestones": ms, "projects": ps}),
            )
        }
        PlanFormat::Table => {
            let mut tb = Table::new();
            tb.load_preset(UTF8_FULL_CONDENSED);
            tb.set_header([
                "ID", "Assignee", "Start", "Finish", "Due", "Slack", "Crit", "Title",
            ]);
            for &i in &rows {
                let t = &ws.tasks[i];
                let f = fc.tasks[i].as_ref().expect("rows are scheduled");
                let who: Vec<&str> = t.assignees.iter().map(|a| a.as_str()).collect();
                tb.add_row([
                    term(&t.id.value),
                    term(&who.join(", ")),
                    f.start.date().to_string(),
                    if f.never {
                        "never".into()
                    } else {
                        f.finish.date().to_string()
                    },
                    t.due
                        .as_ref()
                        .map(|d| d.value.to_string())
                        .unwrap_or_default(),
                    f.slack_days.map(|s| format!("{s:+}")).unwrap_or_default(),
                    if fc.critical[i] {
                        "●".into()
                    } else {
                        String::new()
                    },
                    term(&t.title),
                ]);
            }
            writeln!(out, "{tb}")?;
            for m in &milestones {
                let p = &ws.projects[m.project];
                let ms = &p.milestones[m.milestone];
                let chain = ids(&ws, &m.rollup.critical_chain);
                if chain.is_empty() {
                    continue;
                }
                writeln!(
                    out,
                    "{}/{} ({}, forecast {}, due {}): {}",
                    term(&p.id.value),
                    term(&ms.id.value),
                    crate::commands::status::mark(m.rollup.status),
                    m.rollup
                        .forecast_finish
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    m.rollup
                        .due
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "—".into()),
                    chain.join(" → ")
                )?;
            }
            Ok(0)
        }
        PlanFormat::Mermaid => {
            out.write_all(gantt(&ws, &fc, &rows, &milestones).as_bytes())?;
            Ok(0)
        }
    }
}

/// A Mermaid `gantt` block of the `rows` tasks (sections per milestone, `crit` on the
/// critical chain) and the `milestones`, with every title escaped for Mermaid.
pub fn gantt(
    ws: &crate::model::Workspace,
    fc: &schedule::Forecast,
    rows: &[usize],
    milestones: &[&schedule::MilestoneForecast],
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "```mermaid\ngantt\n  title {}\n  dateFormat YYYY-MM-DD\n  axisFormat %b %d",
        mermaid_text(&ws.config.name)
    );
    let mut sections: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in rows {
        let t = &ws.tasks[i];
        let name = match (&t.project, &t.milestone) {
            (Some(p), Some(m)) => format!("{} / {}", p.value, m.value),
            (Some(p), None) => p.value.clone(),
            _ => "no project".into(),
        };
        match sections.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(i),
            None => sections.push((name, vec![i])),
        }
    }
    for (name, tasks) in &sections {
        let _ = writeln!(out, "  section {}", mermaid_text(name));
        for &i in tasks {
            let t = &ws.tasks[i];
            let f = fc.tasks[i].as_ref().expect("rows are scheduled");
            let mut tags = Vec::new();
            if ws.category(t) == Some(StatusCategory::Active) {
                tags.push("active");
            }
            if fc.critical[i] {
                tags.push("crit");
            }
            let end = schedule::day_date(f.finish.day + 1);
            let id = format!("t{}", t.number);
            tags.push(&id);
            let _ = writeln!(
                out,
                "  {} {} :{}, {}, {}",
                mermaid_text(&t.id.value),
                mermaid_text(&t.title),
                tags.join(", "),
                f.start.date(),
                end
            );
        }
    }
    let dated: Vec<_> = milestones
        .iter()
        .filter(|m| m.rollup.due.is_some())
        .collect();
    if !dated.is_empty() {
        let _ = writeln!(out, "  section Milestones");
        for m in dated {
            let p = &ws.projects[m.project];
            let ms = &p.milestones[m.milestone];
            let crit = if matches!(
                m.rollup.status,
                ScheduleStatus::AtRisk | ScheduleStatus::Late
            ) {
                "crit, "
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {} due :milestone, {crit}{}, 0d",
                mermaid_text(&format!("{}/{}", p.id.value, ms.title)),
                m.rollup.due.map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }
    let _ = writeln!(out, "```");
    out
}
