//! `cairn show` as text: a `label value` line per known fact, and tables for a decision's
//! matrix and a project's milestones and goals.

use crate::render::grid::Grid;
use crate::render::term::Style;
use cairn_core::model::Config;
use cairn_core::ops::show::{DecisionShow, MeetingShow, PersonShow, ProjectShow, Shown, TaskShow};
use cairn_core::text::escape::term;
use jiff::civil::Date;
use std::io::{Result, Write};

fn line(out: &mut dyn Write, label: &str, value: impl AsRef<str>) -> Result<()> {
    let v = value.as_ref();
    if v.is_empty() {
        return Ok(());
    }
    writeln!(out, "{label:<12} {}", term(v))
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn title(out: &mut dyn Write, style: Style, id: &str, name: &str) -> Result<()> {
    writeln!(out, "{} {}", style.bold(&term(id)), style.bold(&term(name)))
}

/// The item as lines of text.
pub fn text(
    out: &mut dyn Write,
    shown: &Shown<'_>,
    config: &Config,
    today: Date,
    style: Style,
) -> Result<()> {
    match shown {
        Shown::Task(t) => task(out, t, config, style),
        Shown::Decision(d) => decision(out, d, style),
        Shown::Project(p) => project(out, p, config, style),
        Shown::Meeting(m) => meeting(out, m, today, style),
        Shown::Person(p) => person(out, p, style),
    }
}

fn task(out: &mut dyn Write, s: &TaskShow<'_>, config: &Config, style: Style) -> Result<()> {
    let (t, facts) = (s.task, &s.derived);
    title(out, style, &t.id.value, &t.title)?;
    let cat = facts
        .category
        .map(|c| format!(" ({})", c.name()))
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
    let effort = |h: Option<f64>| h.map(|h| config.format_effort(h)).unwrap_or_default();
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
    line(out, "start", opt(t.start.as_ref().map(|d| d.value)))?;
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
    line(out, "closed", opt(t.closed.as_ref().map(|d| d.value)))?;
    line(
        out,
        "depends on",
        join(t.depends_on.iter().map(|d| d.as_str())),
    )?;
    line(out, "blocked by", join(facts.blocked_by.iter().copied()))?;
    line(out, "blocking", join(facts.blocking.iter().copied()))?;
    line(out, "parent", opt(t.parent.as_ref().map(|p| &p.value)))?;
    line(out, "children", join(facts.children.iter().copied()))?;
    line(out, "tags", t.tags.join(", "))?;
    for e in &t.fields {
        line(out, &e.name, e.value.text())?;
    }
    let logged = &facts.time;
    if !logged.is_empty() {
        let total: f64 = logged.iter().map(|e| e.hours).sum();
        line(
            out,
            "logged",
            format!(
                "{}h in {} entr{}",
                cairn_core::model::format_hours(total),
                logged.len(),
                if logged.len() == 1 { "y" } else { "ies" }
            ),
        )?;
        for e in logged.iter().rev().take(10) {
            line(
                out,
                "",
                format!(
                    "{} {} {}h {}",
                    e.date,
                    e.person,
                    cairn_core::model::format_hours(e.hours),
                    e.note
                )
                .trim_end(),
            )?;
        }
        if logged.len() > 10 {
            line(
                out,
                "",
                format!("... {} more: cairn timesheet --by task", logged.len() - 10),
            )?;
        }
    }
    for (i, c) in s.commits.iter().enumerate() {
        let pr = c
            .pull_request
            .map(|n| format!(" (#{n})"))
            .filter(|p| !c.summary.ends_with(p.trim()))
            .unwrap_or_default();
        let closes = if c.closes { " [closes]" } else { "" };
        line(
            out,
            if i == 0 { "commits" } else { "" },
            term(&format!(
                "{} {} {}{pr}{closes} ({})",
                c.short, c.date, c.summary, c.author
            )),
        )?;
    }
    if let Some(r) = &t.recur {
        line(
            out,
            "recurs",
            format!(
                "{} (a template: `cairn recur` creates its instances)",
                r.value
            ),
        )?;
    }
    if facts.checklist_total > 0 {
        line(
            out,
            "checklist",
            format!("{}/{} done", facts.checklist_done, facts.checklist_total),
        )?;
    }
    if !t.body.discussion.is_empty() {
        line(
            out,
            "discussion",
            format!("{} entries", t.body.discussion.len()),
        )?;
    }
    line(out, "source", t.source.as_deref().unwrap_or_default())?;
    line(out, "file", facts.file)
}

fn decision(out: &mut dyn Write, s: &DecisionShow<'_>, style: Style) -> Result<()> {
    let d = s.decision;
    title(out, style, &d.id.value, &d.title)?;
    line(out, "status", d.status.name())?;
    line(out, "date", opt(d.date))?;
    line(out, "due", opt(d.due.as_ref().map(|x| x.value)))?;
    line(out, "deciders", join(d.deciders.iter().map(|x| x.as_str())))?;
    line(out, "project", opt(d.project.as_ref().map(|p| &p.value)))?;
    line(
        out,
        "supersedes",
        opt(d.supersedes.as_ref().map(|p| &p.value)),
    )?;
    line(out, "superseded by", join(s.superseded_by.iter().copied()))?;
    line(out, "tasks", join(d.tasks.iter().map(|x| x.as_str())))?;
    line(out, "source", d.source.as_deref().unwrap_or_default())?;
    line(out, "file", s.file)?;
    if s.matrix.is_empty() {
        return Ok(());
    }
    let mut header = vec!["Rank".to_owned(), "Option".to_owned()];
    header.extend(
        d.criteria
            .iter()
            .map(|(c, w)| format!("{} (×{w})", term(&c.value))),
    );
    header.push("Score".into());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut grid = Grid::new(&header);
    for r in &s.matrix {
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
        grid.row(row);
    }
    writeln!(out, "\n{}", grid.render(None))?;
    match &s.sensitivity {
        Some(x) => writeln!(out, "sensitivity: {}", term(&sensitivity_words(x))),
        None if s.matrix.len() > 1 => writeln!(
            out,
            "sensitivity: no change of a single weight changes the winner"
        ),
        None => Ok(()),
    }
}

/// "with the weight of cost at 1 (now 2), Netlify ties with the leader (4.5 each) and wins
/// below it".
fn sensitivity_words(x: &cairn_core::analyze::decision::Sensitivity) -> String {
    let num = cairn_core::model::format_number;
    let side = match x.wins {
        Some(side) => format!("and wins {side} it"),
        None => "but no weight of 0 or more makes it win".into(),
    };
    format!(
        "with the weight of {} at {} (now {}), {} ties with the leader ({} each) {side}",
        x.criterion,
        num(x.flips_at),
        num(x.weight),
        x.new_winner,
        num(x.tie_score)
    )
}

fn project(out: &mut dyn Write, s: &ProjectShow<'_>, config: &Config, style: Style) -> Result<()> {
    let p = s.project;
    title(out, style, &p.id.value, &p.title)?;
    line(out, "status", p.status.name())?;
    line(out, "owner", opt(p.owner.as_ref().map(|o| &o.value)))?;
    line(out, "start", opt(p.start.as_ref().map(|d| d.value)))?;
    line(out, "due", opt(p.due.as_ref().map(|d| d.value)))?;
    line(
        out,
        "budget",
        p.budget_hours
            .map(|h| config.format_effort(h))
            .unwrap_or_default(),
    )?;
    let c = &s.tasks;
    line(
        out,
        "tasks",
        format!(
            "{} open, {} active, {} done, {} cancelled",
            c.open,
            c.active,
            c.done,
            c.cancelled.unwrap_or(0)
        ),
    )?;
    line(out, "file", s.file)?;
    if !s.milestones.is_empty() {
        let mut grid = Grid::new(&["Milestone", "Due", "Open", "Active", "Done", "Title"]);
        for m in &s.milestones {
            grid.row(vec![
                term(m.id),
                opt(m.due),
                m.tasks.open.to_string(),
                m.tasks.active.to_string(),
                m.tasks.done.to_string(),
                term(m.title),
            ]);
        }
        writeln!(out, "\n{}", grid.render(None))?;
    }
    if !p.goals.is_empty() {
        let mut grid = Grid::new(&["Goal", "Baseline", "Current", "Target", "Unit", "Title"]);
        for g in &p.goals {
            grid.row(vec![
                term(&g.id.value),
                opt(g.baseline),
                opt(g.current),
                opt(g.target),
                term(g.unit.as_deref().unwrap_or("")),
                term(&g.title),
            ]);
        }
        writeln!(out, "\n{}", grid.render(None))?;
    }
    Ok(())
}

fn meeting(out: &mut dyn Write, s: &MeetingShow<'_>, today: Date, style: Style) -> Result<()> {
    let m = s.meeting;
    title(out, style, &m.id.value, &m.title)?;
    line(out, "date", opt(m.date.as_ref().map(|d| d.value)))?;
    line(out, "series", m.series.clone().unwrap_or_default())?;
    line(out, "project", opt(m.project.as_ref().map(|p| &p.value)))?;
    line(
        out,
        "attendees",
        join(m.attendees.iter().map(|a| a.as_str())),
    )?;
    line(
        out,
        "facilitator",
        opt(m.facilitator.as_ref().map(|p| &p.value)),
    )?;
    line(out, "file", s.file)?;
    if s.actions.is_empty() {
        return Ok(());
    }
    writeln!(out, "\naction items:")?;
    for a in &s.actions {
        let i = a.item;
        // The text holds its `due:`; only say when it has passed.
        let late = !i.checked && i.due.as_ref().is_some_and(|d| d.value < today);
        let due = if late {
            style.red(" (overdue)")
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {}. [{}] {}{due}",
            a.number,
            if i.checked { "x" } else { " " },
            term(&i.text)
        )?;
    }
    Ok(())
}

fn person(out: &mut dyn Write, s: &PersonShow<'_>, style: Style) -> Result<()> {
    let p = s.person;
    title(out, style, &p.id, &p.name)?;
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
    line(out, "open tasks", join(s.open_tasks.iter().copied()))
}
