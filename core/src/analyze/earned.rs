//! Earned value against a baseline: the plan as it was at a git revision (forecast as of
//! that commit's day), against the plan now. PMBOK's figures, per project:
//!
//! - each baseline task's budget: its estimate × the mean `rate` of its assignees (in
//!   hours when nobody has a rate);
//! - BAC, the budget at completion: the sum of those budgets;
//! - PV, planned value: each budget × the share of the task the baseline planned done by
//!   today (its completion at the baseline, plus the hours its forecast booked up to
//!   today over the hours it had left);
//! - EV, earned value: each budget × the task's completion now (done: 1);
//! - AC, actual cost: logged hours × rate (in hours: the tasks' spent hours);
//! - SPI = EV / PV, CPI = EV / AC, EAC = BAC / CPI.
//!
//! Tasks added since the baseline are new scope: they are in neither BAC nor EV.

use crate::analyze::schedule::{self, Forecast, day_number};
use crate::model::{StatusCategory, Workspace};
use jiff::civil::Date;
use serde::Serialize;

/// A milestone's baseline finish against its forecast now.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MilestoneShift {
    pub id: String,
    pub baseline_finish: Option<Date>,
    pub forecast_finish: Option<Date>,
    /// Working days from the baseline's finish to the forecast's (positive: later).
    pub shift_working_days: Option<i32>,
}

/// A project's earned value against its baseline.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EarnedValue {
    /// The revision, and the day of its commit the baseline is forecast from.
    pub baseline: String,
    pub baseline_date: Date,
    /// The currency, or `hours` when nobody has a rate.
    pub unit: String,
    pub bac: f64,
    pub pv: f64,
    pub ev: f64,
    pub ac: f64,
    pub spi: Option<f64>,
    pub cpi: Option<f64>,
    pub eac: Option<f64>,
    pub milestones: Vec<MilestoneShift>,
}

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Earned value of project `id` now (`ws`, forecast `fc` for `today`) against `base`
/// (forecast `base_fc` as of its commit's day).
#[allow(clippy::too_many_arguments)]
pub fn earned_value(
    base: &Workspace,
    base_fc: &Forecast,
    ws: &Workspace,
    fc: &Forecast,
    id: &str,
    rev: &str,
    baseline_date: Date,
    today: Date,
) -> EarnedValue {
    let money = ws.config.people.iter().any(|p| p.rate.is_some());
    let rate =
        |w: &Workspace, person: &str| w.config.person(person).and_then(|p| p.rate).unwrap_or(0.0);
    let budget = |w: &Workspace, t: &crate::model::Task| {
        let hours = t.estimate_hours.unwrap_or(w.config.default_estimate_hours);
        if !money {
            return hours;
        }
        if t.assignees.is_empty() {
            return 0.0;
        }
        let mean: f64 =
            t.assignees.iter().map(|a| rate(w, &a.value)).sum::<f64>() / t.assignees.len() as f64;
        hours * mean
    };
    let in_project = |t: &crate::model::Task| {
        t.project.as_ref().is_some_and(|p| p.value == id) && t.recur.is_none()
    };
    let today_n = day_number(today);
    let (mut bac, mut pv, mut ev) = (0.0, 0.0, 0.0);
    for (i, t) in base.tasks.iter().enumerate() {
        if !in_project(t) || base.category(t) == Some(StatusCategory::Cancelled) {
            continue;
        }
        let b = budget(base, t);
        bac += b;
        // Planned by today, as the baseline's forecast had it.
        let done_then = schedule::completion(base, t);
        let planned = match base_fc.tasks.get(i).and_then(Option::as_ref) {
            Some(f) if !f.done && f.remaining_hours > 0.0 => {
                let booked: f64 = base_fc
                    .bookings_of(i)
                    .filter(|(_, day, _)| *day <= today_n)
                    .map(|(_, _, h)| h)
                    .sum();
                done_then + (1.0 - done_then) * (booked / f.remaining_hours).min(1.0)
            }
            _ => 1.0,
        };
        pv += b * planned.clamp(0.0, 1.0);
        // Earned now.
        if let Some(now) = ws.task(&t.id.value) {
            let c = match ws.category(now) {
                Some(StatusCategory::Done) => 1.0,
                Some(StatusCategory::Cancelled) => 0.0,
                _ => schedule::completion(ws, now),
            };
            ev += b * c;
        }
    }
    let ac = if money {
        ws.time
            .iter()
            .filter(|e| ws.task(&e.task).is_some_and(in_project))
            .map(|e| e.hours * rate(ws, &e.person))
            .sum()
    } else {
        ws.tasks
            .iter()
            .filter(|t| in_project(t))
            .map(|t| t.spent_hours.unwrap_or(0.0))
            .sum()
    };
    let spi = (pv > 0.0).then(|| r2(ev / pv));
    let cpi = (ac > 0.0).then(|| r2(ev / ac));
    let eac = (ev > 0.0 && ac > 0.0).then(|| r2(bac / (ev / ac)));
    // Milestones: the baseline's forecast finish against today's.
    let finish_of = |w: &Workspace, f: &Forecast, m: &str| {
        f.milestones
            .iter()
            .find(|mf| {
                w.projects[mf.project].id.value == id
                    && w.projects[mf.project].milestones[mf.milestone].id.value == m
            })
            .and_then(|mf| mf.rollup.forecast_finish)
    };
    let milestones = ws
        .project(id)
        .map(|p| {
            p.milestones
                .iter()
                .map(|m| {
                    let b = finish_of(base, base_fc, &m.id.value);
                    let n = finish_of(ws, fc, &m.id.value);
                    MilestoneShift {
                        id: m.id.value.clone(),
                        baseline_finish: b,
                        forecast_finish: n,
                        shift_working_days: b.zip(n).map(|(b, n)| schedule::working_days(ws, b, n)),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    EarnedValue {
        baseline: rev.to_owned(),
        baseline_date,
        unit: if money {
            ws.config.currency.clone().unwrap_or_else(|| "money".into())
        } else {
            "hours".into()
        },
        bac: r2(bac),
        pv: r2(pv),
        ev: r2(ev),
        ac: r2(ac),
        spi,
        cpi,
        eac,
        milestones,
    }
}
