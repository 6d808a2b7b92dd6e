//! `cairn plan`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::forecast::{
    MilestoneJson, ProjectJson, TaskForecastJson, ids, milestone_json, project_json, task_json,
    words,
};
use crate::render::json::emit;
use crate::render::mermaid::{Marker, gantt};
use cairn_core::analyze::schedule::{self, ScheduleStatus};
use cairn_core::report::{plan_order, plan_row};
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;

/// The forecast schedule: every unfinished task with its assignees, forecast start and
/// finish, due date, slack and critical-chain mark, then each milestone's critical chain.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Only this project.
    #[arg(add = PROJECTS())]
    pub project: Option<String>,
    /// Only this milestone (of the project given).
    #[arg(long, requires = "project")]
    pub milestone: Option<String>,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
    #[command(flatten)]
    pub odds: crate::args::OddsArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Table,
    Json,
    Mermaid,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    version: u32,
    today: jiff::civil::Date,
    tasks: Vec<TaskForecastJson<'a>>,
    milestones: Vec<MilestoneJson<'a>>,
    projects: Vec<ProjectJson<'a>>,
    /// With `--confidence`: what the odds stand on.
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<crate::render::forecast::OddsInfo<'a>>,
}

pub fn run(ctx: &Context, args: PlanArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    if let Some(p) = &args.project {
        let Some(project) = ws.project(p) else {
            return Err(CliError::new(format!("unknown project `{p}`")).maybe_hint(
                cairn_core::diag::did_you_mean(p, ws.projects.iter().map(|p| p.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?")),
            ));
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
    let conf = args.odds.confidence(&source, &ws, ctx.today);
    // The index of each milestone and project in the forecast, for its odds.
    let m_index = |m: &schedule::MilestoneForecast| {
        fc.milestones
            .iter()
            .position(|x| std::ptr::eq(x, m))
            .unwrap_or(0)
    };
    let p_index = |p: &schedule::ProjectForecast| {
        fc.projects
            .iter()
            .position(|x| std::ptr::eq(x, p))
            .unwrap_or(0)
    };
    let in_scope = |i: usize| {
        let t = &ws.tasks[i];
        args.project
            .as_ref()
            .is_none_or(|p| t.project.as_ref().is_some_and(|x| x.value == *p))
            && args
                .milestone
                .as_ref()
                .is_none_or(|m| t.milestone.as_ref().is_some_and(|x| x.value == *m))
    };
    let rows = plan_order(&ws, &fc, in_scope);
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
        PlanFormat::Json => emit(
            out,
            &PlanJson {
                version: 1,
                today: ctx.today,
                tasks: rows
                    .iter()
                    .filter_map(|&i| task_json(&ws, &fc, i))
                    .collect(),
                milestones: milestones
                    .iter()
                    .map(|m| {
                        milestone_json(&ws, m, conf.as_ref().map(|c| c.milestones[m_index(m)]))
                    })
                    .collect(),
                projects: projects
                    .iter()
                    .map(|p| project_json(&ws, p, conf.as_ref().map(|c| c.projects[p_index(p)])))
                    .collect(),
                confidence: conf.as_ref().map(crate::render::forecast::odds_info),
            },
        ),
        PlanFormat::Table => {
            let mut tb = crate::render::grid::Grid::new(&[
                "ID", "Assignee", "Start", "Finish", "Due", "Slack", "Crit", "Title",
            ])
            .flex("Title");
            for &i in &rows {
                let t = &ws.tasks[i];
                let f = fc.tasks[i].as_ref().expect("rows are scheduled");
                let who: Vec<&str> = t.assignees.iter().map(|a| a.as_str()).collect();
                let late = f.never || f.slack_days.is_some_and(|s| s < 0);
                let alarm = |s: String| crate::render::grid::alarm(ctx.style, &s, late);
                tb.row(vec![
                    term(&t.id.value),
                    term(&who.join(", ")),
                    f.start.date().to_string(),
                    alarm(if f.never {
                        "never".into()
                    } else {
                        f.finish.date().to_string()
                    }),
                    t.due
                        .as_ref()
                        .map(|d| d.value.to_string())
                        .unwrap_or_default(),
                    alarm(f.slack_days.map(|s| format!("{s:+}")).unwrap_or_default()),
                    if fc.critical[i] {
                        "●".into()
                    } else {
                        String::new()
                    },
                    term(&t.title),
                ]);
            }
            writeln!(out, "{}", tb.render(ctx.width))?;
            for m in &milestones {
                let p = &ws.projects[m.project];
                let ms = &p.milestones[m.milestone];
                let chain = ids(&ws, &m.rollup.critical_chain);
                if let Some(c) = &conf
                    && m.rollup.status != ScheduleStatus::Done
                {
                    writeln!(
                        out,
                        "{}/{}: {}",
                        term(&p.id.value),
                        term(&ms.id.value),
                        crate::render::forecast::odds_words(&c.milestones[m_index(m)])
                    )?;
                }
                if chain.is_empty() {
                    continue;
                }
                writeln!(
                    out,
                    "{}/{} ({}, forecast {}, due {}): {}",
                    term(&p.id.value),
                    term(&ms.id.value),
                    words(m.rollup.status),
                    m.rollup
                        .forecast_finish
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "never".into()),
                    m.rollup
                        .due
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "—".into()),
                    term(&chain.join(" → "))
                )?;
            }
            if let Some(c) = &conf {
                writeln!(out, "({})", crate::render::forecast::basis_words(c))?;
            }
            Ok(0)
        }
        PlanFormat::Mermaid => {
            let plan: Vec<_> = rows.iter().filter_map(|&i| plan_row(&ws, &fc, i)).collect();
            let refs: Vec<_> = plan.iter().collect();
            let markers: Vec<Marker> = milestones
                .iter()
                .filter_map(|m| {
                    let p = &ws.projects[m.project];
                    Some(Marker {
                        name: format!("{}/{}", p.id.value, p.milestones[m.milestone].title),
                        due: m.rollup.due?,
                        slipping: matches!(
                            m.rollup.status,
                            ScheduleStatus::AtRisk | ScheduleStatus::Late
                        ),
                    })
                })
                .collect();
            out.write_all(gantt(&ws.config.name, &refs, &markers).as_bytes())?;
            Ok(0)
        }
    }
}
