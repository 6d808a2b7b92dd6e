//! Rules about single items: tasks, projects, meetings and decisions (fields, references,
//! links, hygiene such as overdue work).

use super::Findings;
use crate::diag::{Rule, did_you_mean};
use crate::model::*;
use jiff::civil::Date;
use std::collections::HashMap;

impl Findings<'_> {
    pub(super) fn tasks(&mut self, today: Date) {
        let ws = self.ws;
        let statuses: Vec<&str> = ws.config.statuses.iter().map(|(s, _)| s.as_str()).collect();
        for task in &ws.tasks {
            let file = task.file;
            let category = ws.category(task);
            if category.is_none() {
                let hint = match did_you_mean(&task.status.value, statuses.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the workflow has: {}", statuses.join(", ")),
                };
                self.push_hint(
                    Rule::InvalidStatus,
                    file,
                    task.status.pos,
                    format!("status `{}` is not in the workflow", task.status.value),
                    Some(hint),
                );
            }
            let project = task.project.as_ref().and_then(|p| ws.project(&p.value));
            if let Some(p) = &task.project {
                self.project_ref(file, p);
            }
            if let Some(m) = &task.milestone {
                match (&task.project, project) {
                    (None, _) => self.push_hint(
                        Rule::UnknownReference,
                        file,
                        m.pos,
                        format!("milestone `{}` given without a `project`", m.value),
                        Some("milestones belong to a project: add `project:`".into()),
                    ),
                    (Some(_), Some(p)) if p.milestone(&m.value).is_none() => {
                        let known: Vec<&str> = p.milestones.iter().map(|m| m.id.as_str()).collect();
                        let hint = did_you_mean(&m.value, known.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"))
                            .or_else(|| Some(format!("its milestones: {}", known.join(", "))));
                        self.push_hint(
                            Rule::UnknownReference,
                            file,
                            m.pos,
                            format!("project `{}` has no milestone `{}`", p.id.value, m.value),
                            hint,
                        );
                    }
                    _ => {}
                }
            }
            for a in &task.assignees {
                self.person(file, a);
            }
            if let Some(limit) = &task.max_per_day {
                self.daily_limit(task, limit);
            }
            for d in &task.depends_on {
                if d.value == task.id.value {
                    continue; // reported as a cycle
                }
                self.task_ref(file, d);
            }
            if let Some(p) = &task.parent {
                self.task_ref(file, p);
            }
            self.body(file, &task.body);
            self.links(file, &task.attachments, "attachment");
            let unfinished = matches!(
                category,
                Some(StatusCategory::Open | StatusCategory::Active)
            );
            if unfinished
                && let Some(due) = &task.due
                && due.value < today
            {
                let days = (today - due.value).get_days();
                self.push_hint(
                    Rule::Overdue,
                    file,
                    due.pos,
                    format!(
                        "task {} was due {} ({} day{} ago) and is still `{}`",
                        task.id.value,
                        due.value,
                        days,
                        if days == 1 { "" } else { "s" },
                        task.status.value
                    ),
                    Some("finish it, or move `due` to a date you can keep".into()),
                );
                self.about(task.id.value.clone());
            }
            if unfinished && task.estimate_hours.is_none() {
                self.push(
                    Rule::MissingEstimate,
                    file,
                    task.id.pos,
                    format!("task {} has no `estimate`", task.id.value),
                );
            }
            if let Some(closed) = &task.closed
                && category.is_some_and(|c| c != StatusCategory::Done)
            {
                let fix = if category == Some(StatusCategory::Cancelled) {
                    "remove `closed` (a cancelled task is not closed)".to_owned()
                } else {
                    format!(
                        "remove `closed`, or finish the task: `cairn done {}`",
                        task.id.value
                    )
                };
                self.push_hint(
                    Rule::ClosedNotDone,
                    file,
                    closed.pos,
                    format!(
                        "task {} has `closed: {}` but its status `{}` is not done",
                        task.id.value, closed.value, task.status.value
                    ),
                    Some(fix),
                );
            }
            if unfinished
                && let Some(p) = &task.progress
                && p.value >= 100.0
            {
                self.push_hint(
                    Rule::ProgressWithoutDone,
                    file,
                    p.pos,
                    format!(
                        "task {} is at `progress: 100` but still `{}`",
                        task.id.value, task.status.value
                    ),
                    Some(format!(
                        "if it is finished, `cairn done {}`; otherwise lower `progress`",
                        task.id.value
                    )),
                );
            }
            if category == Some(StatusCategory::Done)
                && let Some(open) = task.body.checklist.iter().find(|c| !c.checked)
            {
                let (done, total) = task.body.checklist_counts();
                self.push(
                    Rule::DoneWithOpenChecklist,
                    file,
                    open.pos,
                    format!(
                        "task {} is done but {} of {total} checklist items are unchecked",
                        task.id.value,
                        total - done
                    ),
                );
            }
        }
    }

    /// Depends-on edges between known tasks, by index.
    pub(super) fn projects(&mut self) {
        let ws = self.ws;
        for p in &ws.projects {
            if let Some(o) = &p.owner {
                self.person(p.file, o);
            }
            let mut seen: HashMap<&str, ()> = HashMap::new();
            for m in &p.milestones {
                if seen.insert(m.id.as_str(), ()).is_some() {
                    self.push(
                        Rule::DuplicateId,
                        p.file,
                        m.id.pos,
                        format!(
                            "milestone id `{}` appears twice in project {}",
                            m.id.value, p.id.value
                        ),
                    );
                }
            }
            for g in &p.goals {
                match (g.baseline, g.target) {
                    (Some(b), Some(t)) if b == t => self.push_hint(
                        Rule::GoalInvalid,
                        p.file,
                        g.id.pos,
                        format!("goal `{}` has target equal to baseline ({t}); its progress cannot be measured", g.id.value),
                        Some("set `target` to the value you want to reach".into()),
                    ),
                    (Some(_), Some(_)) => {}
                    _ => self.push_hint(
                        Rule::GoalInvalid,
                        p.file,
                        g.id.pos,
                        format!("goal `{}` needs numbers for both `baseline` and `target`", g.id.value),
                        Some("a goal measures progress from `baseline` to `target`".into()),
                    ),
                }
                self.goal_trend(p, g);
            }
            self.body(p.file, &p.body);
        }
    }

    pub(super) fn meetings(&mut self, today: Date) {
        let ws = self.ws;
        for m in &ws.meetings {
            if let Some(p) = &m.project {
                self.project_ref(m.file, p);
            }
            for a in &m.attendees {
                self.person(m.file, a);
            }
            if let Some(f) = &m.facilitator {
                self.person(m.file, f);
            }
            self.body(m.file, &m.body);
            for (n, item) in m.action_items() {
                if !item.checked
                    && let Some(due) = &item.due
                    && due.value < today
                {
                    let who: Vec<String> = item
                        .mentions
                        .iter()
                        .map(|p| format!("@{}", p.value))
                        .collect();
                    self.push(
                        Rule::Overdue,
                        m.file,
                        due.pos,
                        format!(
                            "action item {n} ({}) was due {} and is not done",
                            who.join(", "),
                            due.value
                        ),
                    );
                    self.about(format!("{} {}", m.id.value, item.text));
                }
                // An item promoted to a task and that task should agree.
                if item.carried_to.is_none()
                    && let Some(t) = item.promoted_to()
                    && let Some(task) = ws.task(&t.value)
                {
                    let done = ws.category(task) == Some(StatusCategory::Done);
                    let message = match (item.checked, done) {
                        (true, false) => format!(
                            "action item {n} is checked, but its task {} is `{}`",
                            t.value, task.status.value
                        ),
                        (false, true) => {
                            format!("action item {n} is open, but its task {} is done", t.value)
                        }
                        _ => continue,
                    };
                    self.push_hint(
                        Rule::ActionTaskMismatch,
                        m.file,
                        item.pos,
                        message,
                        Some(if done {
                            format!("`cairn action done {} {n}`", m.id.value)
                        } else {
                            format!("finish {} too, or uncheck the item", t.value)
                        }),
                    );
                }
            }
        }
    }

    pub(super) fn decisions(&mut self, today: Date) {
        let ws = self.ws;
        let mut superseded_by: HashMap<&str, &Decision> = HashMap::new();
        for d in &ws.decisions {
            if let Some(s) = &d.supersedes {
                superseded_by.insert(s.as_str(), d);
            }
        }
        for d in &ws.decisions {
            let file = d.file;
            for p in &d.deciders {
                self.person(file, p);
            }
            if let Some(p) = &d.project {
                self.project_ref(file, p);
            }
            for t in &d.tasks {
                self.task_ref(file, t);
            }
            self.body(file, &d.body);
            let option_names: Vec<&str> = d.options.iter().map(|o| o.name.as_str()).collect();
            if let Some(c) = &d.chosen
                && !d.options.is_empty()
                && !option_names.contains(&c.as_str())
            {
                let hint = did_you_mean(&c.value, option_names.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("the options are: {}", option_names.join(", ")));
                self.push_hint(
                    Rule::ChosenUnknown,
                    file,
                    c.pos,
                    format!("chosen option `{}` is not one of the options", c.value),
                    Some(hint),
                );
            }
            if d.status == DecisionStatus::Accepted && d.chosen.is_none() && !d.options.is_empty() {
                self.push_hint(
                    Rule::AcceptedWithoutChoice,
                    file,
                    d.status_pos,
                    format!(
                        "decision {} is accepted but has no `chosen` option",
                        d.id.value
                    ),
                    Some(format!(
                        "add `chosen:` with one of: {}",
                        option_names.join(", ")
                    )),
                );
            }
            let criteria: Vec<&str> = d.criteria.iter().map(|(c, _)| c.as_str()).collect();
            for o in &d.options {
                for (c, _) in &o.scores {
                    if !criteria.contains(&c.as_str()) {
                        let hint = did_you_mean(&c.value, criteria.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"));
                        self.push_hint(
                            Rule::ScoreUnknownCriterion,
                            file,
                            c.pos,
                            format!(
                                "option `{}` is scored on `{}`, which is not a criterion",
                                o.name.value, c.value
                            ),
                            hint,
                        );
                    }
                }
                for c in &criteria {
                    if !o.scores.iter().any(|(s, _)| s.as_str() == *c) {
                        self.push(
                            Rule::MissingScore,
                            file,
                            o.name.pos,
                            format!("option `{}` has no score for criterion `{c}`", o.name.value),
                        );
                    }
                }
            }
            if let Some(s) = &d.supersedes {
                match ws.decision(&s.value) {
                    None => self.decision_ref(file, s),
                    Some(old) if old.status != DecisionStatus::Superseded => self.push_hint(
                        Rule::SupersedeMismatch,
                        file,
                        s.pos,
                        format!(
                            "{} supersedes {}, but {} is `{}`",
                            d.id.value,
                            old.id.value,
                            old.id.value,
                            old.status.name()
                        ),
                        Some(format!("set `status: superseded` in {}", ws.path(old.file))),
                    ),
                    Some(_) => {}
                }
            }
            if d.status == DecisionStatus::Superseded && !superseded_by.contains_key(d.id.as_str())
            {
                self.push_hint(
                    Rule::SupersedeMismatch,
                    file,
                    d.status_pos,
                    format!(
                        "{} is `superseded`, but no decision supersedes it",
                        d.id.value
                    ),
                    Some("add `supersedes:` to the decision that replaced it".into()),
                );
            }
            if d.status == DecisionStatus::Proposed
                && let Some(due) = &d.due
                && due.value < today
            {
                self.push(
                    Rule::Overdue,
                    file,
                    due.pos,
                    format!(
                        "decision {} was due {} and is still proposed",
                        d.id.value, due.value
                    ),
                );
                self.about(d.id.value.clone());
            }
        }
    }

    /// `max_per_day`: every person named is assigned, and no limit is above the day of
    /// the person it limits (then it limits nothing).
    fn daily_limit(&mut self, task: &Task, limit: &DailyLimit) {
        let config = &self.ws.config;
        let day_of = |who: &str| {
            config.calendar.hours_per_day * config.person(who).map_or(1.0, |p| p.capacity)
        };
        let fmt = |h: f64| format!("{}h", (h * 100.0).round() / 100.0);
        let mut found = Vec::new();
        for (who, hours) in &limit.people {
            if !task.assignees.iter().any(|a| a.value == who.value) {
                found.push((
                    who.pos,
                    format!(
                        "`max_per_day` limits {}, who is not assigned to task {}",
                        who.value, task.id.value
                    ),
                    "name an assignee, or assign them".to_owned(),
                ));
            } else if *hours > day_of(&who.value) + 1e-9 {
                found.push((
                    who.pos,
                    format!(
                        "`max_per_day` gives {} at most {} a day, more than their working day of {}",
                        who.value,
                        fmt(*hours),
                        fmt(day_of(&who.value))
                    ),
                    "a limit above a person's day limits nothing: lower it or leave it out".into(),
                ));
            }
        }
        if let Some(all) = &limit.all {
            let days: Vec<f64> = if task.assignees.is_empty() {
                vec![config.calendar.hours_per_day]
            } else {
                task.assignees.iter().map(|a| day_of(&a.value)).collect()
            };
            let longest = days.iter().copied().fold(0.0, f64::max);
            if all.value > longest + 1e-9 {
                found.push((
                    all.pos,
                    format!(
                        "`max_per_day` is {}, more than any assignee's working day ({} at most)",
                        fmt(all.value),
                        fmt(longest)
                    ),
                    "a limit above a person's day limits nothing: lower it or leave it out".into(),
                ));
            }
        }
        for (pos, message, hint) in found {
            self.push_hint(Rule::InvalidValue, task.file, pos, message, Some(hint));
        }
    }
}

impl Findings<'_> {
    /// `goal-off-track`: a goal fed by measurements whose trend misses its due date.
    fn goal_trend(&mut self, p: &Project, g: &Goal) {
        use crate::analyze::goals::{Reach, off_track, trend};
        let Some(t) = trend(g) else { return };
        let due = g
            .due
            .as_ref()
            .map(|d| d.value)
            .or(p.due.as_ref().map(|d| d.value));
        if !off_track(&t, due) {
            return;
        }
        let unit = g
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let target = g.target.map(format_number).unwrap_or_default();
        let per_week = format!(
            "{}{}{unit} a week over the last {} measurements",
            if t.per_week > 0.0 { "+" } else { "" },
            format_number(t.per_week),
            t.points
        );
        let (message, hint) = match (t.reach, due) {
            (Reach::On(d), Some(due)) => (
                format!(
                    "goal `{}` is on course to reach {target}{unit} on {d}, after its due date {due} ({per_week})",
                    g.id.value
                ),
                "the trend is a straight line through the latest measurements; `cairn history --goals` shows them",
            ),
            _ => (
                format!(
                    "goal `{}` is not moving toward its target {target}{unit} ({per_week})",
                    g.id.value
                ),
                "the trend is a straight line through the latest measurements; `cairn history --goals` shows them",
            ),
        };
        self.push_hint(
            Rule::GoalOffTrack,
            p.file,
            g.id.pos,
            message,
            Some(hint.into()),
        );
    }
}
