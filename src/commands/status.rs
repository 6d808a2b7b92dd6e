//! `cairn status`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::forecast::{date, ids, words as mark};
use crate::render::json::emit;
use crate::render::term::progress_bar;
use cairn_core::analyze::schedule::{self, Counts, Effort, GoalProgress, ScheduleStatus};
use cairn_core::model::Sp;
use cairn_core::report::attention;
use cairn_core::text::escape::{markdown as markdown_text, term};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde::Serialize;
use std::io::Write;

/// Progress and forecast per project: counts, effort and budget, milestones, goals, and the
/// tasks that need attention.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this project.
    #[arg(add = PROJECTS())]
    pub project: Option<String>,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// Weeks of git history that give each project's pace (tasks finished per week) for
    /// a throughput forecast; 0 turns it off. Needs the workspace in a git repository.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub pace_weeks: u32,
    #[command(flatten)]
    pub odds: crate::args::OddsArgs,
}

#[derive(Serialize)]
struct StatusJson<'a> {
    version: u32,
    today: Date,
    projects: Vec<ProjectStatusJson<'a>>,
    /// With `--confidence`: what the odds stand on.
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<crate::render::forecast::OddsInfo<'a>>,
}

#[derive(Serialize)]
struct ProjectStatusJson<'a> {
    id: &'a str,
    title: &'a str,
    progress: f64,
    counts: &'a Counts,
    pace: Option<Pace>,
    effort: &'a Effort,
    forecast_finish: Option<Date>,
    due: Option<Date>,
    status: ScheduleStatus,
    status_from_milestone: Option<&'a Sp<String>>,
    /// With `--confidence`: the dates met with 50%, 85% and 95% odds.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    odds: Option<schedule::Quantiles>,
    milestones: Vec<MilestoneStatusJson<'a>>,
    goals: &'a [GoalProgress],
    critical_chain: Vec<String>,
    attention: Vec<AttentionJson>,
}

#[derive(Serialize)]
struct MilestoneStatusJson<'a> {
    id: &'a str,
    title: &'a str,
    progress: f64,
    forecast_finish: Option<Date>,
    due: Option<Date>,
    status: ScheduleStatus,
    counts: &'a Counts,
    critical_chain: Vec<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    odds: Option<schedule::Quantiles>,
}

#[derive(Serialize)]
struct AttentionJson {
    id: String,
    why: String,
}

/// A throughput forecast: the open tasks of a project at its recent pace.
#[derive(Serialize)]
pub struct Pace {
    pub weeks: u32,
    pub finished: usize,
    pub per_week: f64,
    pub open_tasks: usize,
    /// `None` when nothing was finished in the window.
    pub finish: Option<jiff::civil::Date>,
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
        per_week: cairn_core::analyze::schedule::round2(per_week),
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

pub fn run(ctx: &Context, args: StatusArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    if let Some(p) = &args.project
        && ws.project(p).is_none()
    {
        return Err(CliError::new(format!("unknown project `{p}`")).maybe_hint(
            cairn_core::diag::did_you_mean(p, ws.projects.iter().map(|p| p.id.as_str()))
                .map(|s| format!("did you mean `{s}`?")),
        ));
    }
    let done = cairn_core::ops::trends::finished_by_project(
        &source,
        &ws.config,
        ctx.today,
        args.pace_weeks,
    );
    let fc = schedule::forecast(&ws, ctx.today);
    let conf = args.odds.confidence(&source, &ws, ctx.today);
    let m_odds = |m: &schedule::MilestoneForecast| {
        let k = fc.milestones.iter().position(|x| std::ptr::eq(x, m))?;
        conf.as_ref().map(|c| c.milestones[k])
    };
    let p_odds = |p: &schedule::ProjectForecast| {
        let k = fc.projects.iter().position(|x| std::ptr::eq(x, p))?;
        conf.as_ref().map(|c| c.projects[k])
    };
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
            let items: Vec<ProjectStatusJson> = projects
                .iter()
                .map(|pf| {
                    let p = &ws.projects[pf.project];
                    let r = &pf.rollup;
                    let milestones = fc
                        .milestones
                        .iter()
                        .filter(|m| m.project == pf.project)
                        .map(|m| {
                            let ms = &p.milestones[m.milestone];
                            MilestoneStatusJson {
                                id: ms.id.as_str(),
                                title: &ms.title,
                                progress: m.rollup.progress,
                                forecast_finish: m.rollup.forecast_finish,
                                due: m.rollup.due,
                                status: m.rollup.status,
                                counts: &m.rollup.counts,
                                critical_chain: ids(&ws, &m.rollup.critical_chain),
                                odds: m_odds(m),
                            }
                        })
                        .collect();
                    let open = r.counts.open + r.counts.active;
                    ProjectStatusJson {
                        id: p.id.as_str(),
                        title: &p.title,
                        progress: r.progress,
                        counts: &r.counts,
                        pace: pace_of(done.as_ref(), &p.id.value, open, args.pace_weeks, ctx.today),
                        effort: &r.effort,
                        forecast_finish: r.forecast_finish,
                        due: r.due,
                        status: r.status,
                        status_from_milestone: pf
                            .status_from
                            .map(|k| &p.milestones[fc.milestones[k].milestone].id),
                        odds: p_odds(pf),
                        milestones,
                        goals: &pf.goals,
                        critical_chain: ids(&ws, &r.critical_chain),
                        attention: attention(&ws, &fc, &p.id.value, 10)
                            .into_iter()
                            .map(|a| AttentionJson {
                                id: a.id,
                                why: a.why,
                            })
                            .collect(),
                    }
                })
                .collect();
            emit(
                out,
                &StatusJson {
                    version: 1,
                    today: ctx.today,
                    projects: items,
                    confidence: conf.as_ref().map(crate::render::forecast::odds_info),
                },
            )
        }
        StatusFormat::Table | StatusFormat::Markdown => {
            let md = args.format == StatusFormat::Markdown;
            let text = |s: &str| if md { markdown_text(s) } else { term(s) };
            let style = if md {
                crate::render::term::Style::default()
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
                if let Some(q) = p_odds(pf).filter(|_| r.status != ScheduleStatus::Done) {
                    writeln!(
                        out,
                        "{bullet}odds: {}",
                        crate::render::forecast::odds_words(&q)
                    )?;
                }
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
                        if let Some(q) =
                            m_odds(m).filter(|_| !md && mr.status != ScheduleStatus::Done)
                        {
                            writeln!(
                                out,
                                "    {:<12} {}",
                                "",
                                crate::render::forecast::odds_words(&q)
                            )?;
                        }
                    }
                }
                if !pf.goals.is_empty() {
                    writeln!(out, "{}", if md { "\n**Goals**\n" } else { "  goals:" })?;
                    for (g, gp) in p.goals.iter().zip(&pf.goals) {
                        let num = |v: Option<f64>| {
                            v.map(cairn_core::model::format_number)
                                .unwrap_or_else(|| "?".into())
                        };
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
                    for a in att {
                        writeln!(
                            out,
                            "{}{} {} — {}",
                            if md { "- " } else { "    " },
                            text(&a.id),
                            text(&a.title),
                            a.why
                        )?;
                    }
                }
            }
            if let Some(c) = &conf {
                writeln!(out)?;
                let words = crate::render::forecast::basis_words(c);
                if md {
                    writeln!(
                        out,
                        "<sub>{} (seed {}).</sub>",
                        markdown_text(&words),
                        c.seed
                    )?;
                } else {
                    writeln!(out, "({words})")?;
                }
            }
            Ok(0)
        }
    }
}
