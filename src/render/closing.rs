//! The closing report of a project (`cairn close`), as Markdown.

use cairn_core::model::format_hours;
use cairn_core::ops::close::Closing;
use cairn_core::text::escape::{code_span, markdown};

fn days(n: Option<i32>) -> String {
    match n {
        Some(0) => "on time".into(),
        Some(n) if n > 0 => format!("{n} working day{} late", if n == 1 { "" } else { "s" }),
        Some(n) => format!("{} working day{} early", -n, if n == -1 { "" } else { "s" }),
        None => "—".into(),
    }
}

fn date(d: Option<jiff::civil::Date>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

pub fn page(c: &Closing, hours_per_day: f64) -> String {
    let mut o = Vec::new();
    o.push(format!(
        "# Closing report: {} ({})",
        markdown(&c.title),
        code_span(&c.project)
    ));
    o.push(String::new());
    o.push(format!(
        "Closed on {}. Started {}, due {}, finished {}: {}. {} task{} done.",
        c.today,
        date(c.start),
        date(c.due),
        c.finished,
        days(c.late_days),
        c.done,
        if c.done == 1 { "" } else { "s" }
    ));
    if let (Some(b), Some(f)) = (&c.baseline, c.baseline_finish) {
        o.push(String::new());
        o.push(format!(
            "The baseline {} forecast the finish for {f}.",
            code_span(b)
        ));
    }
    o.push(String::new());
    o.push("## Milestones".into());
    o.push(String::new());
    if c.milestones.is_empty() {
        o.push("None.".into());
    } else {
        let baseline = c.baseline.is_some();
        o.push(if baseline {
            "| Milestone | Due | Baseline | Finished | |".into()
        } else {
            "| Milestone | Due | Finished | |".into()
        });
        o.push(
            if baseline {
                "|---|---|---|---|---|"
            } else {
                "|---|---|---|---|"
            }
            .into(),
        );
        for m in &c.milestones {
            let b = if baseline {
                format!(" {} |", date(m.baseline_finish))
            } else {
                String::new()
            };
            o.push(format!(
                "| {} {} | {} |{b} {} | {} |",
                code_span(&m.id),
                markdown(&m.title),
                date(m.due),
                date(m.finished),
                days(m.late_days)
            ));
        }
    }
    o.push(String::new());
    o.push("## Effort and cost".into());
    o.push(String::new());
    let effort = |h: f64| {
        if hours_per_day > 0.0 && h >= hours_per_day {
            format!(
                "{}d ({}h)",
                format_hours(h / hours_per_day),
                format_hours(h)
            )
        } else {
            format!("{}h", format_hours(h))
        }
    };
    let k = &c.cost;
    o.push(format!(
        "- Effort: {} spent on work estimated at {}{}",
        effort(k.effort_to_date_hours),
        effort(c.estimate_hours),
        k.budget_hours
            .map(|b| format!(", against a budget of {}", effort(b)))
            .unwrap_or_default()
    ));
    if k.cost_to_date > 0.0 || k.budget_cost.is_some() {
        let cur = k
            .currency
            .as_deref()
            .map(|c| format!(" {}", markdown(c)))
            .unwrap_or_default();
        o.push(format!(
            "- Cost: {}{cur}{}",
            format_hours(k.cost_to_date),
            k.budget_cost
                .map(|b| format!(" against a budget of {}{cur}", format_hours(b)))
                .unwrap_or_default()
        ));
    }
    o.push(String::new());
    o.push("## How the forecast moved".into());
    o.push(String::new());
    if c.forecast_history.is_empty() {
        o.push("No weekly history in git to read.".into());
    } else {
        o.push(format!(
            "What the plan forecast for the finish at the end of each week, against the finish on {}:",
            c.finished
        ));
        o.push(String::new());
        o.push("| Week ending | Forecast finish | Off by |".into());
        o.push("|---|---|---|".into());
        for w in &c.forecast_history {
            o.push(format!(
                "| {} | {} | {} |",
                w.week_end,
                date(w.forecast),
                w.error_days.map_or_else(
                    || "—".into(),
                    |d| match d {
                        0 => "exact".to_owned(),
                        d if d > 0 => format!(
                            "finished {d} working day{} later",
                            if d == 1 { "" } else { "s" }
                        ),
                        d => format!(
                            "finished {} working day{} sooner",
                            -d,
                            if d == -1 { "" } else { "s" }
                        ),
                    }
                )
            ));
        }
        let errs: Vec<i32> = c
            .forecast_history
            .iter()
            .filter_map(|w| w.error_days)
            .collect();
        if !errs.is_empty() {
            let mean = errs.iter().map(|e| f64::from(e.abs())).sum::<f64>() / errs.len() as f64;
            o.push(String::new());
            o.push(format!(
                "Mean error: {} working days over {} week{}.",
                format_hours(mean),
                errs.len(),
                if errs.len() == 1 { "" } else { "s" }
            ));
        }
    }
    o.push(String::new());
    o.push("## What was cut or moved".into());
    o.push(String::new());
    if c.cut.is_empty() && c.moved.is_empty() {
        o.push("Nothing: every task was done.".into());
    }
    for t in &c.cut {
        o.push(format!(
            "- cancelled: {} {}",
            code_span(&t.id),
            markdown(&t.title)
        ));
    }
    for t in &c.moved {
        o.push(format!(
            "- moved to {}: {} {}",
            code_span(c.moved_to.as_deref().unwrap_or("")),
            code_span(&t.id),
            markdown(&t.title)
        ));
    }
    o.push(String::new());
    o.push("## Decisions".into());
    o.push(String::new());
    if c.decisions.is_empty() {
        o.push("None recorded.".into());
    }
    for (id, title, outcome) in &c.decisions {
        o.push(format!(
            "- {} {}: {}",
            code_span(id),
            markdown(title),
            markdown(outcome)
        ));
    }
    o.push(String::new());
    o.push("## Action items left open".into());
    o.push(String::new());
    if c.open_actions.is_empty() {
        o.push("None.".into());
    }
    for (meeting, text) in &c.open_actions {
        o.push(format!("- {} ({})", markdown(text), code_span(meeting)));
    }
    o.push(String::new());
    o.push("## Lessons".into());
    o.push(String::new());
    match &c.retro {
        Some((id, body)) => {
            o.push(format!("From the retrospective {}:", code_span(id)));
            o.push(String::new());
            for l in body.lines() {
                // The meeting's headings sit under this section's.
                let l = if l.starts_with('#') { format!("##{l}") } else { l.to_owned() };
                o.push(l);
            }
        }
        None => o.push(format!(
            "No retrospective yet: hold one (`cairn new meeting \"Retrospective\" --project {} --series retro`) and close again to fill this in.",
            c.project
        )),
    }
    o.push(String::new());
    o.join("\n")
}
