//! Money and effort against a project's budget: what the logged time cost (hours × the
//! person's `rate`), and what the project will have cost when its remaining work is done
//! (each booked hour of the forecast × the rate of who it is booked on).

use crate::analyze::schedule::Forecast;
use crate::model::{StatusCategory, Workspace};
use serde::Serialize;

/// A project's cost and effort, to date and at completion.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct ProjectCost {
    /// Logged hours × rate.
    pub cost_to_date: f64,
    /// Cost to date plus the forecast's remaining booked hours × rate.
    pub cost_at_completion: f64,
    pub budget_cost: Option<f64>,
    /// Spent hours (`spent:` and logged) of the project's tasks.
    pub effort_to_date_hours: f64,
    /// Spent hours plus the remaining work of its unfinished tasks.
    pub effort_at_completion_hours: f64,
    pub budget_hours: Option<f64>,
    /// People whose hours count here without a `rate` (counted as 0).
    pub missing_rates: Vec<String>,
    pub currency: Option<String>,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The cost of project `p` (an index into `ws.projects`).
pub fn project_cost(ws: &Workspace, fc: &Forecast, p: usize) -> ProjectCost {
    let project = &ws.projects[p];
    let id = project.id.value.as_str();
    let rate = |person: &str, missing: &mut Vec<String>| match ws
        .config
        .person(person)
        .and_then(|x| x.rate)
    {
        Some(r) => r,
        None => {
            if !missing.iter().any(|m| m == person) {
                missing.push(person.to_owned());
            }
            0.0
        }
    };
    let mut missing = Vec::new();
    let in_project = |task: &str| {
        ws.task(task)
            .and_then(|t| t.project.as_ref())
            .is_some_and(|x| x.value == id)
    };
    let mut cost_to_date = 0.0;
    for e in ws.time.iter().filter(|e| in_project(&e.task)) {
        cost_to_date += e.hours * rate(&e.person, &mut missing);
    }
    let mut remaining_cost = 0.0;
    let mut effort_done = 0.0;
    let mut effort_left = 0.0;
    let names = fc.worker_names();
    for (i, t) in ws.tasks.iter().enumerate() {
        if t.project.as_ref().is_none_or(|x| x.value != id) || t.recur.is_some() {
            continue;
        }
        effort_done += t.spent_hours.unwrap_or(0.0);
        if ws.category(t) == Some(StatusCategory::Cancelled) {
            continue;
        }
        if let Some(f) = fc.tasks.get(i).and_then(Option::as_ref)
            && !f.done
            && !f.summary
        {
            effort_left += f.remaining_hours;
            for (w, _, h) in fc.bookings_of(i) {
                let who = names.get(w).map_or("", String::as_str);
                remaining_cost += h * rate(who, &mut missing);
            }
        }
    }
    missing.sort();
    ProjectCost {
        cost_to_date: round2(cost_to_date),
        cost_at_completion: round2(cost_to_date + remaining_cost),
        budget_cost: project.budget_cost,
        effort_to_date_hours: round2(effort_done),
        effort_at_completion_hours: round2(effort_done + effort_left),
        budget_hours: project.budget_hours,
        missing_rates: missing,
        currency: ws.config.currency.clone(),
    }
}

/// Whether money is part of this workspace at all: someone has a rate, or a project a
/// cost budget.
pub fn has_money(ws: &Workspace) -> bool {
    ws.config.people.iter().any(|p| p.rate.is_some())
        || ws.projects.iter().any(|p| p.budget_cost.is_some())
}
