//! Workload (rule 8): per person and ISO week, the hours available, the hours the plan
//! books, and the hours the work demands.

use super::calendar::{Day, Workdays, Worker, day_date, day_number, weekday};
use super::{Forecast, demand_deadline, round2};
use crate::model::Workspace;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// One person's ISO week in the workload table.
#[derive(Clone, Debug, Serialize)]
pub struct WeekLoad {
    pub week: String,
    pub available_hours: f64,
    pub planned_hours: f64,
    pub demand_hours: f64,
    pub over_capacity: bool,
    /// Task ids with demand in this week.
    pub tasks: Vec<String>,
    /// The week's first day.
    pub monday: Date,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonLoad {
    pub id: String,
    pub weeks: Vec<WeekLoad>,
}

/// Per person per ISO week, for `weeks` weeks from the first week with a working day left
/// (today's, unless today is past its last working day): available hours from today on,
/// planned hours (what the forecast books), and demanded hours. A task with a deadline
/// (its own due date, else its milestone's, else its project's) demands its remaining
/// work spread over its workers' working days from its earliest point to the deadline, in
/// proportion to their hours; a task without one demands what the plan books for it.
pub fn workload(ws: &Workspace, fc: &Forecast, weeks: u32) -> Vec<PersonLoad> {
    let cal = Workdays::new(ws);
    let today = day_number(fc.today);
    let mut monday = today - Day::try_from(weekday(today)).unwrap_or(0);
    if !(today..monday + 7).any(|d| cal.team_works(d)) {
        monday += 7;
    }
    let n_weeks = usize::try_from(weeks).unwrap_or(6);
    let end = monday + 7 * Day::try_from(n_weeks).unwrap_or(6);
    let people: Vec<Worker> = ws
        .config
        .people
        .iter()
        .map(|p| Worker::person(&cal, p))
        .collect();
    let person_index: HashMap<&str, usize> = ws
        .config
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let full_time = Worker::full_time(&cal);
    let week_of = |d: Day| usize::try_from((d - monday) / 7).unwrap_or(0);

    let mut demand = vec![vec![0.0; n_weeks]; people.len()];
    let mut tasks: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); n_weeks]; people.len()];
    let mut note = |p: usize, d: Day, hours: f64, i: usize, demand: &mut Vec<Vec<f64>>| {
        if d < monday || d >= end || hours <= 0.0 {
            return;
        }
        let w = week_of(d);
        demand[p][w] += hours;
        if tasks[p][w].last() != Some(&i) {
            tasks[p][w].push(i);
        }
    };
    for (i, t) in ws.tasks.iter().enumerate() {
        let Some(f) = fc.tasks[i].as_ref() else {
            continue;
        };
        if f.done || f.summary || f.remaining_hours <= 0.0 {
            continue;
        }
        let mine: Vec<usize> = t
            .assignees
            .iter()
            .filter_map(|a| person_index.get(a.value.as_str()).copied())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let Some(deadline) = demand_deadline(ws, t) else {
            for (w, day, hours) in fc.bookings_of(i) {
                if mine.contains(&w) {
                    note(w, day, hours, i, &mut demand);
                }
            }
            continue;
        };
        let from = f.earliest.day;
        let to = day_number(deadline);
        let mut seen: Vec<&str> = Vec::new();
        let workers: Vec<(&Worker, Option<usize>)> = t
            .assignees
            .iter()
            .filter(|a| {
                let new = !seen.contains(&a.value.as_str());
                seen.push(a.value.as_str());
                new
            })
            .map(|a| match person_index.get(a.value.as_str()) {
                Some(&p) => (&people[p], Some(p)),
                None => (&full_time, None),
            })
            .collect();
        let room: f64 = workers
            .iter()
            .map(|(w, _)| w.rate * f64::from(w.working_days(&cal, from, to)))
            .sum();
        if room > 0.0 {
            let lo = from.max(monday);
            let hi = to.min(end - 1);
            for (w, p) in &workers {
                let Some(p) = *p else { continue };
                for d in lo..=hi {
                    let h = w.hours(&cal, d);
                    if h > 0.0 {
                        note(p, d, f.remaining_hours * h / room, i, &mut demand);
                    }
                }
            }
        } else {
            // No working day before the deadline: all of it is due on the first one.
            let rates: f64 = workers.iter().map(|(w, _)| w.rate).sum();
            for (w, p) in &workers {
                let Some(p) = *p else { continue };
                if let Some(d) = (from..from + 366).find(|&d| w.hours(&cal, d) > 0.0)
                    && rates > 0.0
                {
                    note(p, d, f.remaining_hours * w.rate / rates, i, &mut demand);
                }
            }
        }
    }

    let mut result = Vec::with_capacity(people.len());
    for (pi, (person, worker)) in ws.config.people.iter().zip(&people).enumerate() {
        let mut out_weeks = Vec::with_capacity(n_weeks);
        for w in 0..n_weeks {
            let start = monday + 7 * Day::try_from(w).unwrap_or(0);
            let mut available = 0.0;
            let mut planned = 0.0;
            for d in start..start + 7 {
                if d >= today {
                    available += worker.hours(&cal, d);
                }
                planned += fc.booked(pi, d);
            }
            let mut ids = std::mem::take(&mut tasks[pi][w]);
            ids.sort_unstable_by_key(|&i| (ws.tasks[i].number, i));
            ids.dedup();
            let dem = demand[pi][w];
            let iso = day_date(start).iso_week_date();
            out_weeks.push(WeekLoad {
                week: format!("{}-W{:02}", iso.year(), iso.week()),
                available_hours: round2(available),
                planned_hours: round2(planned),
                demand_hours: round2(dem),
                over_capacity: dem > available + 1e-6,
                tasks: ids.iter().map(|&i| ws.tasks[i].id.value.clone()).collect(),
                monday: day_date(start),
            });
        }
        result.push(PersonLoad {
            id: person.id.clone(),
            weeks: out_weeks,
        });
    }
    result
}
