use crate::cli::{CliError, CmdResult, Context};
use crate::commands::list::emit_json;
use crate::model::{StatusCategory, Workspace};
use crate::render::{markdown_text, progress_bar, term};
use crate::schedule::{self, Forecast, ScheduleStatus};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::io::Write;

/// Progress and forecast per project: counts, effort and budget, milestones, goals, and the
/// tasks that need attention.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this project.
    pub project: Option<String>,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// Weeks of git history that give each project's pace (tasks finished per week) for
    /// a throughput forecast; 0 turns it off. Needs the workspace in a git repository.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub pace_weeks: u32,
}

/// A throughput forecast: the open tasks of a project at its recent pace.
#[derive(serde::Serialize)]
pub struct Pace {
    pub weeks: u32,
    pub finished: usize,
    pub per_week: f64,
    pub open_tasks: usize,
    /// `None` when nothing was finished in the window.
    pub finish: Option<jiff::civil::Date>,
}

fn paces(
    source: &crate::source::DirSource,
    ws: &crate::model::Workspace,
    today: jiff::civil::Date,
    weeks: u32,
) -> Option<std::collections::BTreeMap<String, usize>> {
    if weeks == 0 {
        return None;
    }
    let since = today
        .checked_sub(jiff::Span::new().weeks(i64::from(weeks)))
        .ok()?
        .tomorrow()
        .ok()?;
    let h = crate::commands::history::compute(
        source,
        &ws.config,
        "HEAD",
        since,
        today,
        crate::history::Interval::Week,
    )
    .ok()?;
    Some(h.done_by_project)
}

fn pace_of(
    done: Option<&std::collections::BTreeMap<String, usize>>,
    project: &str,
    open: usize,
    weeks: u32,
    today: jiff::civil::Date,
) -> Option<Pace> {
    let finished = done?.get(project).copied().unwrap_or(0);
    let per_week = finished as f64 / f64::from(weeks.max(1));
    let finish = (per_week > 0.0)
        .then(|| {
            let days = (open as f64 / per_week * 7.0).ceil() as i64;
            today.checked_add(jiff::Span::new().days(days)).ok()
        })
        .flatten();
    Some(Pace {
        weeks,
        finished,
        per_week: crate::schedule::round2(per_week),
        open_tasks: open,
        finish,
    })
}

fn pace_line(p: &Pace) -> Option<String> {
    let finish = p.finish?;
    let tasks = if p.open_tasks == 1 {
        "open task finishes"
    } else {
        "open tasks finish"
    };
    Some(format!(
        "pace: at the last {} weeks' pace ({} finished a week), the {} {tasks} around {finish}",
        p.weeks, p.per_week, p.open_tasks
    ))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
    Markdown,
}

pub fn mark(s: ScheduleStatus) -> &'static str {
    match s {
        ScheduleStatus::Done => "done",
        ScheduleStatus::OnTrack => "on track",
        ScheduleStatus::AtRisk => "at risk",
        ScheduleStatus::Late => "late",
    }
}

fn date(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// Unfinished tasks of a project that are overdue or forecast to miss their deadline,
/// worst first.
pub fn attention(
    ws: &Workspace,
    fc: &Forecast,
    project: &str,
    limit: usize,
) -> Vec<(usize, String)> {
    let mut rows: Vec<(i64, usize, String)> = Vec::new();
    for (i, t) in ws.tasks.iter().enumerate() {
        if t.project.as_ref().is_none_or(|p| p.value != project)
            || ws.category(t).is_some_and(StatusCategory::is_finished)
        {
            continue;
        }
        let Some(f) = fc.tasks[i].as_ref() else {
            continue;
        };
        if let Some(d) = t.due.as_ref().filter(|d| d.value < fc.today) {
            let days = (fc.today - d.value).get_days();
            rows.push((
                -1000 - i64::from(days),
                i,
                format!("overdue by {days} day{}", if days == 1 { "" } else { "s" }),
            ));
        } else if let Some(s) = f.slack_days.filter(|s| *s < 0) {
            rows.push((
                i64::from(s),
                i,
                format!(
                    "forecast {}, {} working day{} late",
                    f.finish.date(),
                    -s,
                    if s == -1 { "" } else { "s" }
                ),
            ));
        }
    }
    rows.sort();
    rows.into_iter()
        .take(limit)
        .map(|(_, i, why)| (i, why))
        .collect()
}

pub fn run(ctx: &Context, args: StatusArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let done = paces(&source, &ws, ctx.today, args.pace_weeks);
    if let Some(p) = &args.project
        && ws.project(p).is_none()
    {
        return Err(CliError::new(format!("unknown project `{p}`")));
    }
    let fc = schedule::forecast(&ws, ctx.today);
    let projects: Vec<&schedule::ProjectForecast> = fc
        .projects
        .iter()
        .filter(|p| {
            args.project
                .as_ref()
                .is_none_or(|id| ws.projects[p.project].id.value == *id)
        })
        .collect();
    match args.format {
        StatusFormat::Json => {
            let items: Vec<_> = projects
                .iter()
                .map(|pf| {
                    let p = &ws.projects[pf.project];
                    let r = &pf.rollup;
                    let milestones: Vec<_> = fc
                        .milestones
                        .iter()
                        .filter(|m| m.project == pf.project)
                        .map(|m| {
                            let ms = &p.milestones[m.milestone];
                            json!({"id": ms.id, "title": ms.title, "progress": m.rollup.progress,
                                   "forecast_finish": m.rollup.forecast_finish, "due": m.rollup.due,
                                   "status": m.rollup.status, "counts": m.rollup.counts,
                                   "critical_chain": ids(&ws, &m.rollup.critical_chain)})
                        })
                        .collect();
                    let attention: Vec<_> = attention(&ws, &fc, &p.id.value, 10)
                        .into_iter()
                        .map(|(i, why)| json!({"id": ws.tasks[i].id, "why": why}))
                        .collect();
                    let open = r.counts.open + r.counts.active;
                    let pace = pace_of(done.as_ref(), &p.id.value, open, args.pace_weeks, ctx.today);
                    json!({"id": p.id, "title": p.title, "progress": r.progress, "counts": r.counts, "pace": pace,
                           "effort": r.effort, "forecast_finish": r.forecast_finish, "due": r.due,
                           "status": r.status,
                           "status_from_milestone": pf.status_from.map(|k| &p.milestones[fc.milestones[k].milestone].id),
                           "milestones": milestones, "goals": pf.goals,
                           "critical_chain": ids(&ws, &r.critical_chain), "attention": attention})
                })
                .collect();
            emit_json(
                out,
                json!({"version": 1, "today": ctx.today, "projects": items}),
            )
        }
        StatusFormat::Table | StatusFormat::Markdown => {
            let md = args.format == StatusFormat::Markdown;
            let text = |s: &str| if md { markdown_text(s) } else { term(s) };
            let style = if md {
                crate::render::Style::default()
            } else {
                ctx.style
            };
            for (n, pf) in projects.iter().enumerate() {
                let p = &ws.projects[pf.project];
                let r = &pf.rollup;
                if n > 0 {
                    writeln!(out)?;
                }
                if md {
                    writeln!(out, "## {} — {}\n", text(&p.id.value), text(&p.title))?;
                } else {
                    writeln!(
                        out,
                        "{} {}",
                        style.bold(&term(&p.id.value)),
                        style.bold(&term(&p.title))
                    )?;
                }
                let bullet = if md { "- " } else { "  " };
                let because = pf
                    .status_from
                    .map(|k| {
                        let m = &fc.milestones[k];
                        format!(
                            ": milestone {}",
                            text(&ws.projects[m.project].milestones[m.milestone].id.value)
                        )
                    })
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{bullet}{} {:>3.0}%  ({}{because})",
                    progress_bar(r.progress, 20),
                    r.progress * 100.0,
                    mark(r.status)
                )?;
                let c = &r.counts;
                writeln!(
                    out,
                    "{bullet}tasks: {} total, {} open, {} active, {} done, {} cancelled, {} overdue, {} blocked",
                    c.total, c.open, c.active, c.done, c.cancelled, c.overdue, c.blocked
                )?;
                let e = &r.effort;
                let budget = e
                    .budget_hours
                    .map(|b| format!(" of a {} budget", ws.config.format_effort(b)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{bullet}effort: {} estimated{budget}, {} spent, {} remaining",
                    ws.config.format_effort(e.estimate_hours),
                    ws.config.format_effort(e.spent_hours),
                    ws.config.format_effort(e.remaining_hours)
                )?;
                writeln!(
                    out,
                    "{bullet}forecast: {} (due {})",
                    date(r.forecast_finish),
                    date(r.due)
                )?;
                let open = r.counts.open + r.counts.active;
                if let Some(line) = pace_of(
                    done.as_ref(),
                    &ws.projects[pf.project].id.value,
                    open,
                    args.pace_weeks,
                    ctx.today,
                )
                .as_ref()
                .and_then(pace_line)
                {
                    writeln!(out, "{bullet}{}", text(&line))?;
                }
                let ms: Vec<_> = fc
                    .milestones
                    .iter()
                    .filter(|m| m.project == pf.project)
                    .collect();
                if !ms.is_empty() {
                    if md {
                        writeln!(
                            out,
                            "\n| Milestone | Progress | Forecast | Due | Status | Critical chain |\n|---|---|---|---|---|---|"
                        )?;
                    } else {
                        writeln!(out, "  milestones:")?;
                    }
                    for m in ms {
                        let mr = &m.rollup;
                        let ms = &p.milestones[m.milestone];
                        let chain = ids(&ws, &mr.critical_chain).join(" → ");
                        if md {
                            writeln!(
                                out,
                                "| {} | {:.0}% | {} | {} | {} | {} |",
                                text(&ms.id.value),
                                mr.progress * 100.0,
                                date(mr.forecast_finish),
                                date(mr.due),
                                mark(mr.status),
                                chain
                            )?;
                        } else {
                            let status = match mr.status {
                                ScheduleStatus::Late => style.red(mark(mr.status)),
                                ScheduleStatus::AtRisk => style.yellow(mark(mr.status)),
                                ScheduleStatus::Done | ScheduleStatus::OnTrack => {
                                    style.green(mark(mr.status))
                                }
                            };
                            writeln!(
                                out,
                                "    {:<12} {} {:>3.0}%  forecast {}  due {}  {status}",
                                term(&ms.id.value),
                                progress_bar(mr.progress, 10),
                                mr.progress * 100.0,
                                date(mr.forecast_finish),
                                date(mr.due)
                            )?;
                            if matches!(mr.status, ScheduleStatus::AtRisk | ScheduleStatus::Late)
                                && !chain.is_empty()
                            {
                                writeln!(out, "    {:<12} critical chain: {chain}", "")?;
                            }
                        }
                    }
                }
                if !pf.goals.is_empty() {
                    writeln!(out, "{}", if md { "\n**Goals**\n" } else { "  goals:" })?;
                    for (g, gp) in p.goals.iter().zip(&pf.goals) {
                        let num =
                            |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
                        writeln!(
                            out,
                            "{}{} {:>3.0}%  {}: {} → {} (now {}{})",
                            if md { "- " } else { "    " },
                            progress_bar(gp.progress, 10),
                            gp.progress * 100.0,
                            text(&g.title),
                            num(g.baseline),
                            num(g.target),
                            num(g.current),
                            g.unit
                                .as_deref()
                                .map(|u| format!(" {}", text(u)))
                                .unwrap_or_default()
                        )?;
                    }
                }
                let att = attention(&ws, &fc, &p.id.value, 5);
                if !att.is_empty() {
                    writeln!(
                        out,
                        "{}",
                        if md {
                            "\n**Needs attention**\n"
                        } else {
                            "  needs attention:"
                        }
                    )?;
                    for (i, why) in att {
                        let t = &ws.tasks[i];
                        writeln!(
                            out,
                            "{}{} {} — {why}",
                            if md { "- " } else { "    " },
                            text(&t.id.value),
                            text(&t.title)
                        )?;
                    }
                }
            }
            Ok(0)
        }
    }
}

pub fn ids(ws: &Workspace, chain: &[usize]) -> Vec<String> {
    chain
        .iter()
        .map(|&i| ws.tasks[i].id.value.clone())
        .collect()
}
