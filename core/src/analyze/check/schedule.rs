//! Rules about the forecast: tasks that will miss their due date or never finish,
//! milestones and projects at risk, budgets, people over capacity; and the schedule's
//! rules that need no forecast (dates that contradict each other, cancelled dependencies).

use super::{Findings, id_list};
use crate::analyze::schedule::{Confidence, Forecast, ScheduleStatus};
use crate::diag::Rule;
use crate::model::*;
use jiff::civil::Date;

impl Findings<'_> {
    /// The ids of a critical chain's first task, for "starts with" hints.
    fn chain_head(&self, chain: &[usize]) -> String {
        match chain.first() {
            Some(&i) => format!(
                "; its critical chain starts at {}",
                self.ws.tasks[i].id.value
            ),
            None => String::new(),
        }
    }

    /// A project's forecast cost and effort against its budgets, and the people whose
    /// hours count in a cost budget without a rate.
    fn money(&mut self, fc: &Forecast, p: usize) {
        let ws = self.ws;
        let project = &ws.projects[p];
        if project.budget_cost.is_none() && project.budget_hours.is_none() {
            return;
        }
        let c = crate::analyze::cost::project_cost(ws, fc, p);
        let money = |v: f64| {
            let v = crate::model::format_hours(v);
            match &ws.config.currency {
                Some(cur) => format!("{v} {cur}"),
                None => v,
            }
        };
        if let Some(b) = c.budget_cost
            && c.cost_at_completion > b + 0.005
        {
            self.push_hint(
                Rule::CostOverBudget,
                project.file,
                project.id.pos,
                format!(
                    "project {} is forecast to cost {} at completion ({} to date), over its budget of {}",
                    project.id.value,
                    money(c.cost_at_completion),
                    money(c.cost_to_date),
                    money(b)
                ),
                Some("cut scope, move work to people with lower rates, or raise the budget".into()),
            );
            self.about(project.id.value.clone());
        }
        if let Some(b) = c.budget_hours
            && c.effort_at_completion_hours > b + 0.005
        {
            self.push_hint(
                Rule::EffortOverBudget,
                project.file,
                project.id.pos,
                format!(
                    "project {} is forecast to take {} ({} spent, the rest remaining), over its budget of {}",
                    project.id.value,
                    ws.config.format_effort(c.effort_at_completion_hours),
                    ws.config.format_effort(c.effort_to_date_hours),
                    ws.config.format_effort(b)
                ),
                Some("cut scope or raise the budget".into()),
            );
            self.about(project.id.value.clone());
        }
        if project.budget_cost.is_some() {
            for person in &c.missing_rates {
                let Some(pf) = ws.config.person(person) else {
                    continue;
                };
                let Some(config) = ws
                    .files
                    .iter()
                    .position(|f| f.path == crate::load::CONFIG_FILE)
                else {
                    continue;
                };
                self.push_hint(
                    Rule::MissingRate,
                    config,
                    pf.pos,
                    format!(
                        "{person} has no `rate`, and works on project {}, which has a cost budget: their hours count as 0",
                        project.id.value
                    ),
                    Some(format!("add `rate:` (the cost of an hour) under people.{person}")),
                );
            }
        }
    }

    /// Time log entries: for tasks that exist and are not cancelled, not in the future,
    /// and not more in a day than a person could work.
    pub(super) fn time_logs(&mut self, today: Date) {
        let ws = self.ws;
        let mut per_day: std::collections::BTreeMap<(&str, Date), (f64, usize)> =
            std::collections::BTreeMap::new();
        for (k, e) in ws.time.iter().enumerate() {
            match ws.task(&e.task) {
                None => self.push_hint(
                    Rule::LogUnknownTask,
                    e.file,
                    e.task_pos,
                    format!("time logged on {}, which is no task", e.task),
                    crate::diag::did_you_mean(&e.task, ws.tasks.iter().map(|t| t.id.as_str()))
                        .map(|s| format!("did you mean `{s}`?")),
                ),
                Some(t)
                    if ws.category(t) == Some(StatusCategory::Cancelled) || t.recur.is_some() =>
                {
                    self.push_hint(
                        Rule::LogOnCancelled,
                        e.file,
                        e.task_pos,
                        format!(
                            "time logged on {}, which is {}",
                            e.task,
                            if t.recur.is_some() {
                                "a recurring task's template (log on its instance)"
                            } else {
                                "cancelled"
                            }
                        ),
                        None,
                    );
                }
                Some(_) => {}
            }
            if e.date > today {
                self.push_hint(
                    Rule::LogInFuture,
                    e.file,
                    crate::diag::Pos {
                        line: e.line,
                        col: 3,
                    },
                    format!("time logged for {}, after today ({today})", e.date),
                    Some("log work when it is done".into()),
                );
            }
            let d = per_day
                .entry((e.person.as_str(), e.date))
                .or_insert((0.0, k));
            d.0 += e.hours;
            d.1 = k;
        }
        for ((person, date), (hours, last)) in per_day {
            let day = ws.config.calendar.hours_per_day
                * ws.config.person(person).map_or(1.0, |p| p.capacity);
            if hours > 1.5 * day {
                let e = &ws.time[last];
                self.push_hint(
                    Rule::LogOverDay,
                    e.file,
                    crate::diag::Pos {
                        line: e.line,
                        col: 3,
                    },
                    format!(
                        "{person} logged {}h on {date}, over 1.5 times their working day of {}h",
                        crate::model::format_hours(hours),
                        crate::model::format_hours(day)
                    ),
                    Some("check the entries of that day".into()),
                );
            }
        }
    }

    /// Recurring tasks whose instances due within the horizon are missing.
    pub(super) fn recurring(&mut self, today: Date) {
        let ws = self.ws;
        let until = crate::analyze::recur::horizon(today);
        for t in ws.tasks.iter().filter(|t| t.recur.is_some()) {
            let missing: Vec<Date> = crate::analyze::recur::occurrences(ws, t, today, until)
                .into_iter()
                .filter(|(_, id)| ws.task(id).is_none())
                .map(|(d, _)| d)
                .collect();
            let (Some(first), Some(recur)) = (missing.first(), &t.recur) else {
                continue;
            };
            let n = missing.len();
            self.push_hint(
                Rule::RecurMissing,
                t.file,
                recur.pos,
                format!(
                    "task {} recurs `{}`: {n} instance{} due by {until} {} missing, the first on {first}",
                    t.id.value,
                    recur.value,
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "is" } else { "are" },
                ),
                Some("run `cairn recur` (a scheduled CI job can) to create them".into()),
            );
        }
    }

    /// The plan's rules that need no forecast: a start after the due date, a dependency
    /// on cancelled work, a done task waiting on unfinished work.
    pub(super) fn dates(&mut self) {
        let ws = self.ws;
        for t in &ws.tasks {
            let category = ws.category(t);
            let unfinished = !category.is_some_and(StatusCategory::is_finished);
            if let (Some(s), Some(d)) = (&t.start, &t.due)
                && s.value > d.value
            {
                self.push_hint(
                    Rule::StartAfterDue,
                    t.file,
                    s.pos,
                    format!(
                        "task {} may not start before {}, after its due date {}",
                        t.id.value, s.value, d.value
                    ),
                    Some("move `start` or `due`".into()),
                );
            }
            if category == Some(StatusCategory::Done) {
                for d in &t.depends_on {
                    if let Some(dep) = ws.task(&d.value)
                        && !ws.category(dep).is_some_and(StatusCategory::is_finished)
                    {
                        self.push_hint(
                            Rule::DoneDependsOnOpen,
                            t.file,
                            d.pos,
                            format!(
                                "task {} is done but depends on {}, which is not",
                                t.id.value, d.value
                            ),
                            Some(format!(
                                "finish {} too, reopen {}, or remove the dependency",
                                d.value, t.id.value
                            )),
                        );
                    }
                }
            }
            if !unfinished {
                continue;
            }
            for d in &t.depends_on {
                if let Some(dep) = ws.task(&d.value)
                    && ws.category(dep) == Some(StatusCategory::Cancelled)
                {
                    self.push_hint(
                        Rule::BlockedByCancelled,
                        t.file,
                        d.pos,
                        format!(
                            "task {} depends on {}, which is cancelled",
                            t.id.value, d.value
                        ),
                        Some("remove the dependency, or reopen the task".into()),
                    );
                }
            }
        }
    }

    /// With `odds` (`forecast.confidence`), a milestone or project is at risk when the
    /// date it meets with those odds is after its due date.
    pub(super) fn schedule(&mut self, fc: &Forecast, odds: Option<(&Confidence, u8)>) {
        let ws = self.ws;
        let today = fc.today;
        let heads = crate::analyze::schedule::chain_heads(&fc.tasks);
        for (i, t) in ws.tasks.iter().enumerate() {
            if ws.category(t).is_some_and(StatusCategory::is_finished) {
                continue;
            }
            let summary = fc.tasks[i].as_ref().is_some_and(|f| f.summary);
            if t.assignees.is_empty() && !summary && (t.due.is_some() || t.milestone.is_some()) {
                self.push_hint(
                    Rule::Unassigned,
                    t.file,
                    t.id.pos,
                    format!("task {} has a {} but nobody is assigned", t.id.value, if t.due.is_some() { "due date" } else { "milestone" }),
                    Some("add `assignee:`; until then it is planned as if one full-time person did it".into()),
                );
            }
            let Some(f) = fc.tasks[i].as_ref() else {
                continue;
            };
            if f.never {
                // Report where it starts: a task after one that never finishes says so.
                let reason = match f.held_by {
                    Some(h) if fc.tasks[h.task()].as_ref().is_some_and(|g| g.never) => {
                        format!(
                            "it waits for {}, which never finishes",
                            ws.tasks[h.task()].id.value
                        )
                    }
                    _ if f.earliest.day
                        >= crate::analyze::schedule::day_number(today)
                            + crate::analyze::schedule::HORIZON_DAYS =>
                    {
                        format!("it may not start before {}", f.earliest.date())
                    }
                    _ => format!(
                        "{} of work is more than its assignees can do in that time",
                        ws.config.format_effort(f.remaining_hours)
                    ),
                };
                self.push_hint(
                    Rule::NeverFinishes,
                    t.file,
                    t.estimate_pos,
                    format!(
                        "task {} never finishes within {} years of today: {reason}",
                        t.id.value,
                        crate::analyze::schedule::HORIZON_YEARS
                    ),
                    Some("check its `estimate`, its assignees' `capacity`, and its `start`".into()),
                );
                self.about(t.id.value.clone());
                continue;
            }
            if let Some(due) = &t.due
                && due.value >= today
                && f.finish.date() > due.value
            {
                let h = heads[i];
                let head = if h == i {
                    String::new()
                } else {
                    self.chain_head(&[h])
                };
                self.push(
                    Rule::WillMissDue,
                    t.file,
                    due.pos,
                    format!(
                        "task {} is forecast to finish {}, after its due date {}{head}",
                        t.id.value,
                        f.finish.date(),
                        due.value
                    ),
                );
                self.about(t.id.value.clone());
            }
        }
        for (k, m) in fc.milestones.iter().enumerate() {
            let project = &ws.projects[m.project];
            let ms = &project.milestones[m.milestone];
            let Some(due) = &ms.due else { continue };
            let r = &m.rollup;
            if let Some((c, pct)) = odds
                && r.status != ScheduleStatus::Late
                && r.status != ScheduleStatus::Done
            {
                if let Some(at) = c.milestone_at(k, pct).filter(|d| *d > due.value) {
                    self.push_hint(
                        Rule::MilestoneAtRisk,
                        project.file,
                        ms.id.pos,
                        format!(
                            "milestone {}/{} is {pct}% likely done by {at}, after its due date {} (single forecast {}){}",
                            project.id.value,
                            ms.id.value,
                            due.value,
                            r.forecast_finish
                                .map_or_else(|| "never".into(), |f| f.to_string()),
                            self.chain_head(&r.critical_chain)
                        ),
                        Some(format!(
                            "`cairn plan {} --milestone {} --confidence` shows the odds",
                            project.id.value, ms.id.value
                        )),
                    );
                    self.about(format!("{}/{} odds", project.id.value, ms.id.value));
                }
                continue;
            }
            let message = match (r.status, r.forecast_finish) {
                (ScheduleStatus::Late, _) => format!(
                    "milestone {}/{} was due {} and is not done{}",
                    project.id.value,
                    ms.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                (ScheduleStatus::AtRisk, Some(f)) => format!(
                    "milestone {}/{} is forecast for {}, after its due date {}{}",
                    project.id.value,
                    ms.id.value,
                    f,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                (ScheduleStatus::AtRisk, None) if r.never => format!(
                    "milestone {}/{} (due {}) never finishes: one of its tasks never does{}",
                    project.id.value,
                    ms.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                _ => continue,
            };
            self.push_hint(
                Rule::MilestoneAtRisk,
                project.file,
                ms.id.pos,
                message,
                Some(format!(
                    "`cairn plan {} --milestone {}` shows the chain",
                    project.id.value, ms.id.value
                )),
            );
            self.about(format!(
                "{}/{} {:?}",
                project.id.value, ms.id.value, r.status
            ));
        }
        for (k, p) in fc.projects.iter().enumerate() {
            let project = &ws.projects[p.project];
            let r = &p.rollup;
            if let (Some(budget), true) = (
                r.effort.budget_hours,
                r.effort
                    .budget_hours
                    .is_some_and(|b| r.effort.estimate_hours > b),
            ) {
                self.push(
                    Rule::BudgetExceeded,
                    project.file,
                    project.id.pos,
                    format!(
                        "project {} estimates add up to {}, over its budget of {}",
                        project.id.value,
                        ws.config.format_effort(r.effort.estimate_hours),
                        ws.config.format_effort(budget)
                    ),
                );
                self.about(project.id.value.clone());
            }
            self.money(fc, p.project);
            let Some(due) = &project.due else { continue };
            if let Some((c, pct)) = odds
                && !(r.status == ScheduleStatus::Late && due.value < today)
                && r.status != ScheduleStatus::Done
            {
                if let Some(at) = c.project_at(k, pct).filter(|d| *d > due.value) {
                    self.push(
                        Rule::ProjectAtRisk,
                        project.file,
                        due.pos,
                        format!(
                            "project {} is {pct}% likely done by {at}, after its due date {}",
                            project.id.value, due.value
                        ),
                    );
                    self.about(format!("{} odds", project.id.value));
                }
                continue;
            }
            let message = match (r.status, r.forecast_finish) {
                (ScheduleStatus::Late, _) if due.value < today => format!(
                    "project {} was due {} and is not done{}",
                    project.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                (ScheduleStatus::AtRisk, Some(f))
                    if r.forecast_finish.is_some_and(|f| f > due.value) =>
                {
                    format!(
                        "project {} is forecast for {}, after its due date {}{}",
                        project.id.value,
                        f,
                        due.value,
                        self.chain_head(&r.critical_chain)
                    )
                }
                (ScheduleStatus::AtRisk, None) if r.never => format!(
                    "project {} (due {}) never finishes: one of its tasks never does{}",
                    project.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                _ => continue,
            };
            self.push(Rule::ProjectAtRisk, project.file, due.pos, message);
            self.about(format!("{} {:?}", project.id.value, r.status));
        }
        let config_file = 0;
        for (person, load) in ws
            .config
            .people
            .iter()
            .zip(crate::analyze::schedule::workload(ws, fc, 6))
        {
            for w in load.weeks.iter().filter(|w| w.over_capacity) {
                self.push_hint(
                    Rule::OverCapacity,
                    config_file,
                    person.pos,
                    format!(
                        "{} is over capacity in {}: {}h of work due but {}h available",
                        person.id,
                        w.week,
                        crate::model::format_hours(w.demand_hours),
                        crate::model::format_hours(w.available_hours)
                    ),
                    Some(format!("tasks behind it: {}", id_list(&w.tasks, 12))),
                );
                self.about(format!("{} {}", person.id, w.week));
            }
        }
    }
}
