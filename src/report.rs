//! The report pages' contexts: everything a report template shows, computed once from the
//! analysed workspace. Every piece of user text in a context is already escaped for
//! Markdown (`render::markdown_text`), so a template cannot forget to; Mermaid blocks are
//! built with `render::mermaid_text`.

use crate::model::{DecisionStatus, StatusCategory, Workspace};
use crate::render::markdown_text as md;
use crate::schedule::{self, Forecast, ScheduleStatus};
use jiff::civil::Date;
use serde_json::{Value, json};

/// Tasks drawn in a project page's Gantt chart (critical ones first).
pub const MAX_GANTT_ROWS: usize = 80;
/// Rows of a project page's plan table.
pub const MAX_PLAN_ROWS: usize = 300;

/// One page to write: its path inside the reports folder, its template and context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Value,
}

fn status_mark(s: ScheduleStatus) -> &'static str {
    match s {
        ScheduleStatus::Done => "✅ done",
        ScheduleStatus::OnTrack => "🟢 on track",
        ScheduleStatus::AtRisk => "🟠 at risk",
        ScheduleStatus::Late => "🔴 late",
    }
}

fn pct(f: f64) -> u32 {
    (f.clamp(0.0, 1.0) * 100.0).round() as u32
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

fn chain(ws: &Workspace, c: &[usize]) -> String {
    c.iter()
        .map(|&i| md(&ws.tasks[i].id.value))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A project id safe as a file name (ids are slugs, but a report never trusts that).
pub fn page_name(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "project".into() } else { s }
}

/// A project's unfinished, scheduled tasks in forecast order (start, finish, id).
pub fn project_rows(ws: &Workspace, fc: &Forecast, project: &str) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..ws.tasks.len())
        .filter(|&i| {
            let t = &ws.tasks[i];
            t.project.as_ref().is_some_and(|x| x.value == project)
                && !ws.category(t).is_some_and(StatusCategory::is_finished)
                && fc.tasks[i].is_some()
        })
        .collect();
    rows.sort_by_key(|&i| {
        let f = fc.tasks[i].as_ref().map(|f| (f.start.day, f.finish.day));
        (f, ws.tasks[i].number)
    });
    rows
}

/// At most `max` of `rows` for a chart: the critical ones first, then the earliest, kept
/// in `rows` order.
pub fn chart_rows(fc: &Forecast, rows: &[usize], max: usize) -> Vec<usize> {
    let mut chart: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&i| fc.critical[i])
        .take(max)
        .collect();
    for &i in rows {
        if chart.len() >= max {
            break;
        }
        if !chart.contains(&i) {
            chart.push(i);
        }
    }
    chart.sort_by_key(|&i| rows.iter().position(|&r| r == i));
    chart
}

/// A Mermaid `xychart-beta` burn-up (scope and done lines); empty without data.
fn burnup_chart(points: &[Value], title: &str) -> String {
    if points.iter().all(|p| p["scope"] == 0) {
        return String::new();
    }
    let labels: Vec<String> = points
        .iter()
        .map(|p| format!("\"{}\"", p["label"].as_str().unwrap_or("")))
        .collect();
    let series = |k: &str| {
        points
            .iter()
            .map(|p| p[k].as_u64().unwrap_or(0).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let max = points
        .iter()
        .filter_map(|p| p["scope"].as_u64())
        .max()
        .unwrap_or(1)
        .max(1);
    format!(
        "```mermaid\nxychart-beta\n  title \"Burn-up: {}\"\n  x-axis [{}]\n  y-axis \"tasks\" 0 --> {max}\n  line [{}]\n  line [{}]\n```\n",
        crate::render::mermaid_text(title).replace('"', "'"),
        labels.join(", "),
        series("scope"),
        series("done")
    )
}

/// All pages. `generated` says from what they were made (`commit`, `today`).
pub fn pages(
    ws: &Workspace,
    fc: &Forecast,
    today: Date,
    commit: Option<&str>,
    history: Option<&crate::history::History>,
) -> Vec<Page> {
    let generated =
        json!({"commit": commit, "today": today.to_string(), "workspace": md(&ws.config.name)});
    let mut pages = Vec::new();

    // Portfolio.
    let projects: Vec<Value> = fc
        .projects
        .iter()
        .map(|pf| {
            let p = &ws.projects[pf.project];
            let r = &pf.rollup;
            json!({"id": md(&p.id.value), "title": md(&p.title), "page": format!("{}.md", page_name(&p.id.value)),
                   "progress": pct(r.progress), "bar": crate::render::progress_bar(r.progress, 10),
                   "forecast": date(r.forecast_finish), "due": date(r.due), "status": status_mark(r.status),
                   "open": r.counts.open + r.counts.active, "done": r.counts.done})
        })
        .collect();
    pages.push(Page {
        path: "README.md".into(),
        template: "report-readme.md",
        context: json!({"generated": generated, "projects": projects}),
    });

    // One page per project.
    for pf in &fc.projects {
        let p = &ws.projects[pf.project];
        let r = &pf.rollup;
        let milestones: Vec<Value> = fc
            .milestones
            .iter()
            .filter(|m| m.project == pf.project)
            .map(|m| {
                let ms = &p.milestones[m.milestone];
                json!({"id": md(&ms.id.value), "title": md(&ms.title), "progress": pct(m.rollup.progress),
                       "forecast": date(m.rollup.forecast_finish), "due": date(m.rollup.due),
                       "status": status_mark(m.rollup.status), "chain": chain(ws, &m.rollup.critical_chain)})
            })
            .collect();
        let rows = project_rows(ws, fc, &p.id.value);
        let ms_refs: Vec<&schedule::MilestoneForecast> = fc
            .milestones
            .iter()
            .filter(|m| m.project == pf.project)
            .collect();
        // GitHub renders Mermaid up to 50,000 characters: the chart shows the critical
        // chain and the earliest tasks, the table below the first rows, each saying so.
        let chart = chart_rows(fc, &rows, MAX_GANTT_ROWS);
        let gantt = if rows.is_empty() {
            String::new()
        } else {
            crate::commands::plan::gantt(ws, fc, &chart, &ms_refs)
        };
        let plan_more = rows.len().saturating_sub(MAX_PLAN_ROWS);
        let chart_more = rows.len() - chart.len();
        let plan: Vec<Value> = rows
            .iter()
            .take(MAX_PLAN_ROWS)
            .map(|&i| {
                let t = &ws.tasks[i];
                let f = fc.tasks[i].as_ref();
                json!({"id": md(&t.id.value), "title": md(&t.title),
                       "assignees": t.assignees.iter().map(|a| md(&format!("@{}", a.value))).collect::<Vec<_>>().join(", "),
                       "start": date(f.map(|f| f.start.date())), "finish": date(f.map(|f| f.finish.date())),
                       "due": date(t.due.as_ref().map(|d| d.value)),
                       "slack": f.and_then(|f| f.slack_days).map_or_else(|| "—".into(), |s| format!("{s:+}")),
                       "critical": fc.critical[i]})
            })
            .collect();
        let goals: Vec<Value> = pf
            .goals
            .iter()
            .zip(&p.goals)
            .map(|(g, goal)| {
                json!({"title": md(&goal.title), "progress": pct(g.progress),
                       "bar": crate::render::progress_bar(g.progress, 10),
                       "baseline": goal.baseline, "target": goal.target, "current": goal.current,
                       "unit": goal.unit.as_deref().map(md)})
            })
            .collect();
        let attention: Vec<Value> = crate::commands::status::attention(ws, fc, &p.id.value, 20)
            .into_iter()
            .map(|(i, why)| json!({"id": md(&ws.tasks[i].id.value), "title": md(&ws.tasks[i].title), "why": md(&why)}))
            .collect();
        let decisions: Vec<Value> = ws
            .decisions
            .iter()
            .filter(|d| d.project.as_ref().is_some_and(|x| x.value == p.id.value))
            .map(|d| {
                json!({"id": md(&d.id.value), "title": md(&d.title), "status": d.status.name(),
                       "pending": d.status == DecisionStatus::Proposed,
                       "chosen": d.chosen.as_ref().map(|c| md(&c.value)), "date": date(d.date)})
            })
            .collect();
        let mut meetings: Vec<&crate::model::Meeting> = ws
            .meetings
            .iter()
            .filter(|m| m.project.as_ref().is_some_and(|x| x.value == p.id.value))
            .collect();
        meetings.sort_by_key(|m| std::cmp::Reverse(m.date.as_ref().map(|d| d.value)));
        let meetings: Vec<Value> = meetings
            .iter()
            .take(5)
            .map(|m| {
                let open: Vec<Value> = m
                    .action_items()
                    .filter(|(_, i)| !i.checked)
                    .map(|(_, i)| json!({"text": md(&i.text), "due": date(i.due.as_ref().map(|d| d.value))}))
                    .collect();
                json!({"id": md(&m.id.value), "title": md(&m.title), "date": date(m.date.as_ref().map(|d| d.value)), "open_actions": open})
            })
            .collect();
        // The last 7 days, from the files' own dates.
        let week_ago = today
            .checked_sub(jiff::Span::new().days(7))
            .unwrap_or(today);
        let recent = |d: Option<Date>| d.is_some_and(|d| d > week_ago && d <= today);
        let closed: Vec<Value> = ws
            .tasks
            .iter()
            .filter(|t| t.project.as_ref().is_some_and(|x| x.value == p.id.value))
            .filter(|t| ws.category(t) == Some(StatusCategory::Done) && recent(t.closed))
            .map(|t| json!({"id": md(&t.id.value), "title": md(&t.title), "date": date(t.closed)}))
            .collect();
        let created: Vec<Value> = ws
            .tasks
            .iter()
            .filter(|t| {
                t.project.as_ref().is_some_and(|x| x.value == p.id.value) && recent(t.created)
            })
            .map(|t| json!({"id": md(&t.id.value), "title": md(&t.title), "date": date(t.created)}))
            .collect();
        // Burn-up from git history: scope and done per week, as a chart and a table.
        let burnup: Vec<Value> = history
            .map(|h| {
                h.intervals
                    .iter()
                    .map(|i| {
                        let [scope, done] =
                            i.by_project.get(&p.id.value).copied().unwrap_or([0, 0]);
                        json!({"end": i.end.to_string(), "label": i.end.strftime("%m-%d").to_string(),
                               "scope": scope, "done": done})
                    })
                    .collect()
            })
            .unwrap_or_default();
        let burnup_chart = burnup_chart(&burnup, &p.title);
        let e = &r.effort;
        let cfg = &ws.config;
        let because = pf
            .status_from
            .map(|k| {
                let m = &fc.milestones[k];
                format!(
                    " (milestone {})",
                    md(&ws.projects[m.project].milestones[m.milestone].title)
                )
            })
            .unwrap_or_default();
        let summary = format!(
            "{} is {}% done and {}{because}: forecast {}, due {}. {} open, {} active, {} done, {} overdue.",
            md(&p.title),
            pct(r.progress),
            status_mark(r.status).split_once(' ').map_or("", |(_, s)| s),
            date(r.forecast_finish),
            date(r.due),
            r.counts.open,
            r.counts.active,
            r.counts.done,
            r.counts.overdue
        );
        pages.push(Page {
            path: format!("{}.md", page_name(&p.id.value)),
            template: "report-project.md",
            context: json!({
                "generated": generated,
                "project": {"id": md(&p.id.value), "title": md(&p.title), "summary": summary,
                            "progress": pct(r.progress), "bar": crate::render::progress_bar(r.progress, 20),
                            "status": status_mark(r.status), "forecast": date(r.forecast_finish), "due": date(r.due),
                            "counts": r.counts, "chain": chain(ws, &r.critical_chain),
                            "estimate": cfg.format_effort(e.estimate_hours), "spent": cfg.format_effort(e.spent_hours),
                            "remaining": cfg.format_effort(e.remaining_hours),
                            "budget": e.budget_hours.map(|b| cfg.format_effort(b))},
                "milestones": milestones, "gantt": gantt, "plan": plan, "goals": goals,
                "plan_more": plan_more, "gantt_more": chart_more,
                "burnup": burnup, "burnup_chart": burnup_chart,
                "attention": attention, "decisions": decisions, "meetings": meetings,
                "closed_this_week": closed, "created_this_week": created,
            }),
        });
    }

    // People.
    let loads = schedule::workload(ws, fc, 6);
    let weeks: Vec<String> = loads
        .first()
        .map(|l| l.weeks.iter().map(|w| w.week.clone()).collect())
        .unwrap_or_default();
    let people: Vec<Value> = loads
        .iter()
        .map(|l| {
            let cells: Vec<Value> = l
                .weeks
                .iter()
                .map(|w| {
                    json!({"demand": w.demand_hours.round(), "available": w.available_hours.round(),
                           "planned": w.planned_hours.round(), "over": w.over_capacity})
                })
                .collect();
            json!({"id": md(&l.id), "weeks": cells})
        })
        .collect();
    pages.push(Page {
        path: "people.md".into(),
        template: "report-people.md",
        context: json!({"generated": generated, "weeks": weeks, "people": people}),
    });

    // Decisions, newest first.
    let mut ds: Vec<&crate::model::Decision> = ws.decisions.iter().collect();
    ds.sort_by_key(|d| (std::cmp::Reverse(d.date), std::cmp::Reverse(d.number)));
    let decisions: Vec<Value> = ds
        .iter()
        .map(|d| {
            let winner = crate::decision::matrix(d).into_iter().next().map(|w| md(&w.name));
            let by: Vec<String> = ws
                .decisions
                .iter()
                .filter(|x| x.supersedes.as_ref().is_some_and(|s| s.value == d.id.value))
                .map(|x| md(&x.id.value))
                .collect();
            json!({"id": md(&d.id.value), "title": md(&d.title), "status": d.status.name(), "date": date(d.date),
                   "chosen": d.chosen.as_ref().map(|c| md(&c.value)), "winner": winner,
                   "supersedes": d.supersedes.as_ref().map(|s| md(&s.value)), "superseded_by": by.join(", "),
                   "project": d.project.as_ref().map(|p| md(&p.value))})
        })
        .collect();
    pages.push(Page {
        path: "decisions.md".into(),
        template: "report-decisions.md",
        context: json!({"generated": generated, "decisions": decisions}),
    });

    // Open action items by person, overdue first.
    let mut by_person: std::collections::BTreeMap<String, Vec<(bool, Option<Date>, Value)>> =
        std::collections::BTreeMap::new();
    for m in &ws.meetings {
        for (n, i) in m.action_items().filter(|(_, i)| !i.checked) {
            let due = i.due.as_ref().map(|d| d.value);
            let overdue = due.is_some_and(|d| d < today);
            for p in &i.mentions {
                by_person.entry(p.value.clone()).or_default().push((
                    !overdue,
                    due,
                    json!({"meeting": md(&m.id.value), "number": n, "text": md(&i.text), "due": date(due), "overdue": overdue}),
                ));
            }
        }
    }
    let actions: Vec<Value> = by_person
        .into_iter()
        .map(|(p, mut items)| {
            items.sort_by_key(|a| (a.0, a.1));
            json!({"person": md(&p), "items": items.into_iter().map(|(_, _, v)| v).collect::<Vec<_>>()})
        })
        .collect();
    pages.push(Page {
        path: "actions.md".into(),
        template: "report-actions.md",
        context: json!({"generated": generated, "people": actions}),
    });
    pages
}
