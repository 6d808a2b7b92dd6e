//! What a change does to the plan: two loaded workspaces (the base side and the head
//! side) compared item by item, with their forecasts and their findings. Pure analysis;
//! `commands::review` loads the sides from git and renders the result.

use crate::analyze::check::check_with;
use crate::analyze::schedule::{self, Forecast, Rollup, ScheduleStatus};
use crate::diag::{Diagnostic, Pos, Rule, Severity};
use crate::load::git::TaskFile;
use crate::model::{DecisionStatus, StatusCategory, Task, Workspace};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A task as one line of the review.
#[derive(Clone, Debug, Serialize)]
pub struct TaskLine {
    pub id: String,
    pub title: String,
    pub status: String,
    pub assignees: Vec<String>,
    pub file: String,
}

/// One field that changed, as text: `None` is "not set".
#[derive(Clone, Debug, Serialize)]
pub struct FieldChange {
    /// A built-in field's name, or a team field's (`risk`, `x-cost-eur`).
    pub field: std::borrow::Cow<'static, str>,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskChange {
    pub id: String,
    pub title: String,
    pub file: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct TaskChanges {
    pub added: Vec<TaskLine>,
    pub removed: Vec<TaskLine>,
    /// Moved into a `done` status.
    pub closed: Vec<TaskLine>,
    /// Moved into a `cancelled` status.
    pub cancelled: Vec<TaskLine>,
    /// Moved out of a `done` or `cancelled` status back into open work.
    pub reopened: Vec<TaskLine>,
    /// Field changes of tasks on both sides (status changes included).
    pub changed: Vec<TaskChange>,
}

/// A milestone or project whose due date, forecast, status or critical chain moved.
#[derive(Clone, Debug, Serialize)]
pub struct ForecastChange {
    pub project: String,
    /// `None` for the project itself.
    pub milestone: Option<String>,
    pub title: String,
    pub due_before: Option<Date>,
    pub due_after: Option<Date>,
    pub forecast_before: Option<Date>,
    pub forecast_after: Option<Date>,
    /// Working days the forecast moved (positive = later).
    pub shift_working_days: Option<i32>,
    pub status_before: Option<ScheduleStatus>,
    pub status_after: Option<ScheduleStatus>,
    /// Working days late on each side (0 when on time).
    pub late_by_before: Option<u32>,
    pub late_by_after: Option<u32>,
    /// Why the status or the forecast moved, one line each: the tasks on the new
    /// critical chain the change added or changed (or whose finish moved), and for a
    /// project, the milestone that made its status worse.
    pub because: Vec<String>,
    pub critical_chain_before: Vec<String>,
    pub critical_chain_after: Vec<String>,
    /// With odds (`review --confidence`): the date met with 85% odds, on each side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p85_before: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p85_after: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionChange {
    pub id: String,
    pub title: String,
    /// `added`, `removed` or `status`.
    pub change: &'static str,
    pub status_before: Option<DecisionStatus>,
    pub status_after: Option<DecisionStatus>,
    pub chosen: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActionLine {
    pub text: String,
    pub done: bool,
    pub people: Vec<String>,
    pub due: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MeetingAdded {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub actions: Vec<ActionLine>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct FindingChanges {
    /// On the head side and not on the base side.
    pub introduced: Vec<Diagnostic>,
    /// On the base side and gone on the head side.
    pub fixed: Vec<Diagnostic>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Review {
    pub summary: String,
    pub tasks: TaskChanges,
    pub milestones: Vec<ForecastChange>,
    pub projects: Vec<ForecastChange>,
    pub decisions: Vec<DecisionChange>,
    pub meetings: Vec<MeetingAdded>,
    pub findings: FindingChanges,
    /// Earned value the change moves, for projects with a `baseline:` (filled by the
    /// caller, which can read the baseline revision).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub earned_value: Vec<EarnedChange>,
}

/// A project's earned value against its baseline, on both sides of a change.
#[derive(Clone, Debug, Serialize)]
pub struct EarnedChange {
    pub project: String,
    pub before: crate::analyze::earned::EarnedValue,
    pub after: crate::analyze::earned::EarnedValue,
}

impl Review {
    pub fn is_empty(&self) -> bool {
        let t = &self.tasks;
        t.added.is_empty()
            && t.removed.is_empty()
            && t.closed.is_empty()
            && t.cancelled.is_empty()
            && t.reopened.is_empty()
            && t.changed.is_empty()
            && self.milestones.is_empty()
            && self.projects.is_empty()
            && self.decisions.is_empty()
            && self.meetings.is_empty()
            && self.findings.introduced.is_empty()
            && self.findings.fixed.is_empty()
    }

    /// The most severe finding the change introduces.
    pub fn worst_introduced(&self) -> Option<Severity> {
        let f = &self.findings.introduced;
        if f.iter().any(|d| d.severity == Severity::Error) {
            Some(Severity::Error)
        } else if f.is_empty() {
            None
        } else {
            Some(Severity::Warning)
        }
    }
}

/// One side of a review: the loaded workspace and what analysis made of it.
pub struct Side<'a> {
    pub ws: &'a Workspace,
    pub forecast: Forecast,
    pub findings: Vec<Diagnostic>,
    /// The forecast's odds, when the review asks for them.
    pub confidence: Option<schedule::Confidence>,
}

impl<'a> Side<'a> {
    pub fn analyze(ws: &'a Workspace, today: Date) -> Side<'a> {
        Side::analyze_with(ws, today, None)
    }

    /// With `odds` (the evidence and the seed), the side's forecast gets its odds, and
    /// `forecast.confidence` judges the at-risk rules by them.
    pub fn analyze_with(
        ws: &'a Workspace,
        today: Date,
        odds: Option<(&schedule::Evidence, u32, u64)>,
    ) -> Side<'a> {
        let forecast = schedule::forecast(ws, today);
        let confidence = odds.map(|(e, samples, seed)| {
            schedule::confidence::simulate(ws, today, e, samples, seed, ws.config.confidence)
        });
        let findings = match (&confidence, ws.config.confidence) {
            (Some(c), Some(pct)) => {
                crate::analyze::check::check_with_odds(ws, &forecast, Some((c, pct)))
            }
            _ => check_with(ws, &forecast),
        };
        Side {
            ws,
            forecast,
            findings,
            confidence,
        }
    }
}

/// Compares `base` with `head`. `base_tip_tasks` are the task files at the tip of the
/// base branch, when it is not the base side itself (a merge-base review), used to find
/// ids both branches minted.
pub fn review(base: &Side, head: &Side, base_tip_tasks: &[TaskFile]) -> Review {
    let mut tasks = compare_tasks(base.ws, head.ws);
    tasks.added.sort_by_key(|t| number_of(head.ws, &t.id));
    let (milestones, projects) = compare_forecasts(base, head);
    let decisions = compare_decisions(base.ws, head.ws);
    let meetings = added_meetings(base.ws, head.ws);

    let mut more = transitions(base.ws, head.ws);
    more.extend(collisions(base.ws, head.ws, base_tip_tasks));
    let findings = compare_findings_of(base.findings.iter(), head.findings.iter().chain(&more));

    let mut review = Review {
        summary: String::new(),
        tasks,
        milestones,
        projects,
        decisions,
        meetings,
        findings,
        earned_value: Vec::new(),
    };
    review.summary = summary(&review);
    review
}

fn number_of(ws: &Workspace, id: &str) -> u64 {
    ws.task(id).map_or(u64::MAX, |t| t.number)
}

fn line(ws: &Workspace, t: &Task) -> TaskLine {
    TaskLine {
        id: t.id.value.clone(),
        title: t.title.clone(),
        status: t.status.value.clone(),
        assignees: t.assignees.iter().map(|a| a.value.clone()).collect(),
        file: ws.path(t.file).to_owned(),
    }
}

fn opt<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|v| v.to_string())
}

fn list(items: &[crate::model::Sp<String>]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        Some(
            items
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// Whether the fields a review reports are equal, without formatting them: most tasks of
/// a big plan are untouched by a change.
fn same_fields(a: &Task, b: &Task) -> bool {
    let sv = |x: &[crate::model::Sp<String>], y: &[crate::model::Sp<String>]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.value == q.value)
    };
    let so = |x: &Option<crate::model::Sp<String>>, y: &Option<crate::model::Sp<String>>| {
        x.as_ref().map(|v| &v.value) == y.as_ref().map(|v| &v.value)
    };
    let sd = |x: &Option<crate::model::Sp<Date>>, y: &Option<crate::model::Sp<Date>>| {
        x.as_ref().map(|v| v.value) == y.as_ref().map(|v| v.value)
    };
    a.title == b.title
        && a.status.value == b.status.value
        && sv(&a.assignees, &b.assignees)
        && sd(&a.due, &b.due)
        && sd(&a.start, &b.start)
        && a.estimate_hours == b.estimate_hours
        && a.priority == b.priority
        && sv(&a.depends_on, &b.depends_on)
        && so(&a.project, &b.project)
        && so(&a.milestone, &b.milestone)
        && a.progress.as_ref().map(|p| p.value) == b.progress.as_ref().map(|p| p.value)
        && a.fields
            .iter()
            .map(|e| (&e.name, &e.value))
            .eq(b.fields.iter().map(|e| (&e.name, &e.value)))
}

fn task_field_changes(base: &Workspace, a: &Task, head: &Workspace, b: &Task) -> Vec<FieldChange> {
    if same_fields(a, b) {
        return Vec::new();
    }
    let mut changes = Vec::new();
    let mut push =
        |field: std::borrow::Cow<'static, str>, before: Option<String>, after: Option<String>| {
            if before != after {
                changes.push(FieldChange {
                    field,
                    before,
                    after,
                });
            }
        };
    push("title".into(), Some(a.title.clone()), Some(b.title.clone()));
    push(
        "status".into(),
        Some(a.status.value.clone()),
        Some(b.status.value.clone()),
    );
    push("assignee".into(), list(&a.assignees), list(&b.assignees));
    push(
        "due".into(),
        opt(a.due.as_ref().map(|d| d.value)),
        opt(b.due.as_ref().map(|d| d.value)),
    );
    push(
        "start".into(),
        opt(a.start.as_ref().map(|d| d.value)),
        opt(b.start.as_ref().map(|d| d.value)),
    );
    push(
        "estimate".into(),
        a.estimate_hours.map(|h| base.config.format_effort(h)),
        b.estimate_hours.map(|h| head.config.format_effort(h)),
    );
    push(
        "priority".into(),
        Some(a.priority.name().to_owned()),
        Some(b.priority.name().to_owned()),
    );
    let mut da: Vec<&str> = a.depends_on.iter().map(|d| d.as_str()).collect();
    let mut db: Vec<&str> = b.depends_on.iter().map(|d| d.as_str()).collect();
    // Order does not matter to the plan; ids sort by number (T-9 before T-77).
    da.sort_unstable_by_key(|s| (s.len(), *s));
    db.sort_unstable_by_key(|s| (s.len(), *s));
    push(
        "depends_on".into(),
        (!da.is_empty()).then(|| da.join(", ")),
        (!db.is_empty()).then(|| db.join(", ")),
    );
    push(
        "project".into(),
        opt(a.project.as_ref().map(|p| p.as_str())),
        opt(b.project.as_ref().map(|p| p.as_str())),
    );
    push(
        "milestone".into(),
        opt(a.milestone.as_ref().map(|p| p.as_str())),
        opt(b.milestone.as_ref().map(|p| p.as_str())),
    );
    push(
        "progress".into(),
        a.progress.as_ref().map(|p| format!("{}%", p.value)),
        b.progress.as_ref().map(|p| format!("{}%", p.value)),
    );
    // The team's fields, declared or `x-…`, in the head's order, then those removed.
    let text = |t: &Task, name: &str| {
        crate::model::field(&t.fields, name)
            .filter(|e| !e.default)
            .map(|e| e.value.text())
    };
    let mut names: Vec<&str> = b.fields.iter().map(|e| e.name.as_str()).collect();
    for e in &a.fields {
        if !names.contains(&e.name.as_str()) {
            names.push(&e.name);
        }
    }
    for name in names {
        push(name.to_owned().into(), text(a, name), text(b, name));
    }
    changes
}

fn compare_tasks(base: &Workspace, head: &Workspace) -> TaskChanges {
    let mut out = TaskChanges::default();
    for t in &head.tasks {
        // The first file with an id is the task (duplicates are findings).
        if head.task(&t.id.value).is_some_and(|x| !std::ptr::eq(x, t)) {
            continue;
        }
        let Some(old) = base.task(&t.id.value) else {
            out.added.push(line(head, t));
            continue;
        };
        let was = base.category(old);
        let now = head.category(t);
        let done = |c: Option<StatusCategory>| c == Some(StatusCategory::Done);
        let finished = |c: Option<StatusCategory>| c.is_some_and(StatusCategory::is_finished);
        let cancelled = |c: Option<StatusCategory>| c == Some(StatusCategory::Cancelled);
        if done(now) && !done(was) {
            out.closed.push(line(head, t));
        } else if cancelled(now) && !cancelled(was) {
            out.cancelled.push(line(head, t));
        } else if finished(was) && !finished(now) {
            out.reopened.push(line(head, t));
        }
        let changes = task_field_changes(base, old, head, t);
        if !changes.is_empty() {
            out.changed.push(TaskChange {
                id: t.id.value.clone(),
                title: t.title.clone(),
                file: head.path(t.file).to_owned(),
                changes,
            });
        }
    }
    for t in &base.tasks {
        if base.task(&t.id.value).is_some_and(|x| std::ptr::eq(x, t))
            && head.task(&t.id.value).is_none()
        {
            out.removed.push(line(base, t));
        }
    }
    out.changed
        .sort_by_key(|c| (number_of(head, &c.id), c.id.clone()));
    out.closed.sort_by_key(|c| number_of(head, &c.id));
    out.cancelled.sort_by_key(|c| number_of(head, &c.id));
    out.reopened.sort_by_key(|c| number_of(head, &c.id));
    out.removed.sort_by_key(|c| number_of(base, &c.id));
    out
}

fn chain_ids(ws: &Workspace, chain: &[usize]) -> Vec<String> {
    chain
        .iter()
        .map(|&i| ws.tasks[i].id.value.clone())
        .collect()
}

fn forecast_change(
    head_ws: &Workspace,
    project: &str,
    milestone: Option<&str>,
    title: &str,
    base: Option<(&Workspace, &Rollup)>,
    head: Option<&Rollup>,
    p85: (Option<Date>, Option<Date>),
) -> Option<ForecastChange> {
    let chain_before = base
        .map(|(ws, r)| chain_ids(ws, &r.critical_chain))
        .unwrap_or_default();
    let chain_after = head
        .map(|r| chain_ids(head_ws, &r.critical_chain))
        .unwrap_or_default();
    let fb = base.and_then(|(_, r)| r.forecast_finish);
    let fa = head.and_then(|r| r.forecast_finish);
    let c = ForecastChange {
        project: project.to_owned(),
        milestone: milestone.map(str::to_owned),
        title: title.to_owned(),
        due_before: base.and_then(|(_, r)| r.due),
        due_after: head.and_then(|r| r.due),
        forecast_before: fb,
        forecast_after: fa,
        shift_working_days: match (fb, fa) {
            (Some(b), Some(a)) => Some(schedule::working_days(head_ws, b, a)),
            _ => None,
        },
        status_before: base.map(|(_, r)| r.status),
        status_after: head.map(|r| r.status),
        late_by_before: base.and_then(|(_, r)| r.late_by),
        late_by_after: head.and_then(|r| r.late_by),
        because: Vec::new(),
        critical_chain_before: chain_before,
        critical_chain_after: chain_after,
        p85_before: p85.0,
        p85_after: p85.1,
    };
    let moved = c.due_before != c.due_after
        || c.forecast_before != c.forecast_after
        || c.status_before != c.status_after
        || c.critical_chain_before != c.critical_chain_after
        || c.p85_before != c.p85_after;
    moved.then_some(c)
}

fn compare_forecasts(base: &Side, head: &Side) -> (Vec<ForecastChange>, Vec<ForecastChange>) {
    let key = |ws: &Workspace, p: usize, m: Option<usize>| {
        let project = &ws.projects[p];
        (
            project.id.value.clone(),
            m.map(|m| project.milestones[m].id.value.clone()),
        )
    };
    type Key = (String, Option<String>);
    let collect = |side: &Side| -> BTreeMap<Key, (String, Rollup, Option<Date>)> {
        let mut map = BTreeMap::new();
        for (k, m) in side.forecast.milestones.iter().enumerate() {
            let title = side.ws.projects[m.project].milestones[m.milestone]
                .title
                .clone();
            let p85 = side.confidence.as_ref().and_then(|c| c.milestones[k].p85);
            map.entry(key(side.ws, m.project, Some(m.milestone)))
                .or_insert((title, m.rollup.clone(), p85));
        }
        for (k, p) in side.forecast.projects.iter().enumerate() {
            let title = side.ws.projects[p.project].title.clone();
            let p85 = side.confidence.as_ref().and_then(|c| c.projects[k].p85);
            map.entry(key(side.ws, p.project, None))
                .or_insert((title, p.rollup.clone(), p85));
        }
        map
    };
    let before = collect(base);
    let after = collect(head);
    // For a project whose status a milestone makes: that milestone, by key.
    let status_from: BTreeMap<String, usize> = head
        .forecast
        .projects
        .iter()
        .filter_map(|p| Some((head.ws.projects[p.project].id.value.clone(), p.status_from?)))
        .collect();
    let mut keys: Vec<&Key> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    let (mut milestones, mut projects) = (Vec::new(), Vec::new());
    for k in keys {
        let b = before.get(k);
        let a = after.get(k);
        let title = a.or(b).map(|(t, _, _)| t.as_str()).unwrap_or_default();
        if let Some(c) = forecast_change(
            head.ws,
            &k.0,
            k.1.as_deref(),
            title,
            b.map(|(_, r, _)| (base.ws, r)),
            a.map(|(_, r, _)| r),
            (b.and_then(|x| x.2), a.and_then(|x| x.2)),
        ) {
            let mut c = c;
            let milestone = if k.1.is_none() {
                status_from.get(&k.0).map(|&m| &head.forecast.milestones[m])
            } else {
                None
            };
            c.because = because(base, head, &c, milestone);
            if k.1.is_some() {
                milestones.push(c);
            } else {
                projects.push(c);
            }
        }
    }
    (milestones, projects)
}

/// Why a milestone's or project's status or forecast moved (see
/// [`ForecastChange::because`]); `milestone` is the one that makes a project's status.
fn because(
    base: &Side,
    head: &Side,
    c: &ForecastChange,
    milestone: Option<&crate::analyze::schedule::MilestoneForecast>,
) -> Vec<String> {
    let status_moved = c.status_before != c.status_after;
    let shifted = c.shift_working_days.is_some_and(|n| n != 0);
    if !status_moved && !shifted {
        return Vec::new();
    }
    let finish = |side: &Side, id: &str| {
        let i = *side.ws.index.tasks.get(id)?;
        side.forecast.tasks[i]
            .as_ref()
            .filter(|f| !f.never)
            .map(|f| f.finish.date())
    };
    let mut lines = Vec::new();
    let mut moved_only = Vec::new();
    for id in &c.critical_chain_after {
        let Some(&j) = head.ws.index.tasks.get(id) else {
            continue;
        };
        let after = finish(head, id);
        let before = finish(base, id);
        let when = match (before, after) {
            (Some(b), Some(a)) if a != b => format!(", now finishes {a} (was {b})"),
            (_, Some(a)) => format!(", finishes {a}"),
            _ => String::new(),
        };
        match base.ws.task(id) {
            None => lines.push(format!("{id} was added on the critical chain{when}")),
            Some(old) => {
                let changes = task_field_changes(base.ws, old, head.ws, &head.ws.tasks[j]);
                if !changes.is_empty() {
                    let what: Vec<String> = changes
                        .iter()
                        .take(2)
                        .map(|f| {
                            format!(
                                "{} {} → {}",
                                f.field,
                                f.before.as_deref().unwrap_or("—"),
                                f.after.as_deref().unwrap_or("—")
                            )
                        })
                        .collect();
                    lines.push(format!("{id} changed ({}){when}", what.join(", ")));
                } else if before != after && !when.is_empty() {
                    moved_only.push(format!("{id} on the critical chain{when}"));
                }
            }
        }
    }
    if lines.is_empty() {
        lines = moved_only;
    }
    lines.truncate(3);
    // A project whose own finish did not move later, but whose status got worse: the
    // milestone that made it so.
    let worse = matches!((c.status_before, c.status_after), (Some(b), Some(a)) if a > b);
    let own_not_later = c.shift_working_days.is_none_or(|n| n <= 0);
    if let Some(m) = milestone.filter(|_| c.milestone.is_none() && worse && own_not_later) {
        let ms = &head.ws.projects[m.project].milestones[m.milestone];
        let late = match m.rollup.late_by {
            Some(n) if n > 0 => {
                format!(" is now {}", crate::analyze::schedule::working_days_late(n))
            }
            _ => format!(" is now {}", m.rollup.status.words()),
        };
        let chain = chain_ids(head.ws, &m.rollup.critical_chain);
        let chain = if chain.is_empty() {
            String::new()
        } else {
            format!("; its chain {}", chain.join(" → "))
        };
        lines.insert(0, format!("milestone {}{late}{chain}", ms.id.value));
    }
    lines
}

fn compare_decisions(base: &Workspace, head: &Workspace) -> Vec<DecisionChange> {
    let mut out = Vec::new();
    for d in &head.decisions {
        let chosen = d.chosen.as_ref().map(|c| c.value.clone());
        match base.decision(&d.id.value) {
            None => out.push(DecisionChange {
                id: d.id.value.clone(),
                title: d.title.clone(),
                change: "added",
                status_before: None,
                status_after: Some(d.status),
                chosen,
            }),
            Some(old)
                if old.status != d.status
                    || old.chosen.as_ref().map(|c| &c.value) != chosen.as_ref() =>
            {
                out.push(DecisionChange {
                    id: d.id.value.clone(),
                    title: d.title.clone(),
                    change: "status",
                    status_before: Some(old.status),
                    status_after: Some(d.status),
                    chosen,
                })
            }
            Some(_) => {}
        }
    }
    for d in &base.decisions {
        if head.decision(&d.id.value).is_none() {
            out.push(DecisionChange {
                id: d.id.value.clone(),
                title: d.title.clone(),
                change: "removed",
                status_before: Some(d.status),
                status_after: None,
                chosen: None,
            });
        }
    }
    out.sort_by_key(|d| {
        let ws = if d.change == "removed" { base } else { head };
        ws.decision(&d.id).map_or(u64::MAX, |x| x.number)
    });
    out.dedup_by(|a, b| a.id == b.id && a.change == b.change);
    out
}

fn added_meetings(base: &Workspace, head: &Workspace) -> Vec<MeetingAdded> {
    let mut out: Vec<MeetingAdded> = head
        .meetings
        .iter()
        .filter(|m| base.meeting(&m.id.value).is_none())
        .map(|m| MeetingAdded {
            id: m.id.value.clone(),
            title: m.title.clone(),
            date: m.date.as_ref().map(|d| d.value),
            actions: m
                .body
                .checklist
                .iter()
                .map(|a| ActionLine {
                    text: a.text.clone(),
                    done: a.checked,
                    people: a.mentions.iter().map(|p| p.value.clone()).collect(),
                    due: a.due.as_ref().map(|d| d.value),
                })
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    out
}

/// Status moves that `transitions` does not allow, on the head side.
pub fn transitions(base: &Workspace, head: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if head.config.transitions.is_empty() {
        return out;
    }
    for t in &head.tasks {
        let Some(old) = base.task(&t.id.value) else {
            continue;
        };
        let (from, to) = (&old.status.value, &t.status.value);
        if !head.config.transition_allowed(from, to) {
            let allowed = head
                .config
                .transitions
                .iter()
                .find(|(f, _)| f == from)
                .map(|(_, a)| a.join(", "))
                .unwrap_or_default();
            let mut d = Diagnostic::new(
                Rule::InvalidTransition,
                head.path(t.file),
                t.status.pos,
                format!(
                    "task {} moves from `{from}` to `{to}`, which `transitions` does not allow",
                    t.id.value
                ),
            );
            d.hint = Some(if allowed.is_empty() {
                format!("`{from}` may not move to any other status")
            } else {
                format!("from `{from}` a task may move to: {allowed}")
            });
            out.push(d);
        }
    }
    head.config.rules.finalize(out)
}

/// Task ids the head side adds that the base branch's tip meanwhile gave to another file.
fn collisions(base: &Workspace, head: &Workspace, tip: &[TaskFile]) -> Vec<Diagnostic> {
    let tip_paths: HashMap<&str, Vec<&str>> = tip.iter().fold(HashMap::new(), |mut m, t| {
        m.entry(t.id.as_str()).or_default().push(t.path.as_str());
        m
    });
    let mut out = Vec::new();
    // The next free number, past both this branch and the base branch's tip.
    let prefix = &head.config.task_prefix;
    let mut next = head
        .tasks
        .iter()
        .map(|t| t.number)
        .chain(
            tip.iter()
                .filter_map(|t| crate::load::id_number(&t.id, prefix)),
        )
        .max()
        .unwrap_or(0);
    for t in &head.tasks {
        if base.task(&t.id.value).is_some() {
            continue;
        }
        let path = head.path(t.file);
        let Some(others) = tip_paths.get(t.id.as_str()) else {
            continue;
        };
        if let Some(other) = others.iter().find(|p| **p != path) {
            let mut d = Diagnostic::new(
                Rule::IdCollision,
                path,
                t.id.pos,
                format!(
                    "task id {} is new here, but the base branch has meanwhile given it to {other}",
                    t.id.value
                ),
            );
            next += 1;
            d.hint = Some(format!(
                "`cairn renumber {} {prefix}-{next}` gives it the next free id and rewrites the references to it",
                t.id.value
            ));
            d.subject = Some(t.id.value.clone());
            out.push(d);
        }
    }
    head.config.rules.finalize(out)
}

/// Findings compared by rule, file and subject, else message (lines move when files are
/// edited, forecast dates with every change), as
/// multisets: a finding that exists twice before and once after was fixed once.
pub fn compare_findings(base: &[Diagnostic], head: &[Diagnostic]) -> FindingChanges {
    compare_findings_of(base.iter(), head.iter())
}

/// [`compare_findings`] over any two sequences of findings (a side's findings and more,
/// without copying them into one list).
fn compare_findings_of<'a, B, H>(base: B, head: H) -> FindingChanges
where
    B: Iterator<Item = &'a Diagnostic> + Clone,
    H: Iterator<Item = &'a Diagnostic> + Clone,
{
    fn key(d: &Diagnostic) -> (Rule, &str, &str) {
        (
            d.rule,
            d.file.as_str(),
            d.subject.as_deref().unwrap_or(d.message.as_str()),
        )
    }
    /// Per key: how many findings each side has, and how many of each were seen so far.
    #[derive(Default)]
    struct Count {
        base: usize,
        head: usize,
        seen_base: usize,
        seen_head: usize,
    }
    let mut counts: HashMap<(Rule, &str, &str), Count> =
        HashMap::with_capacity(head.clone().size_hint().0);
    for d in base.clone() {
        counts.entry(key(d)).or_default().base += 1;
    }
    for d in head.clone() {
        counts.entry(key(d)).or_default().head += 1;
    }
    // The n-th finding of a key on one side is matched when the other side has n.
    let mut out = FindingChanges::default();
    for d in head {
        if let Some(c) = counts.get_mut(&key(d)) {
            c.seen_head += 1;
            if c.seen_head > c.base {
                out.introduced.push(d.clone());
            }
        }
    }
    for d in base {
        if let Some(c) = counts.get_mut(&key(d)) {
            c.seen_base += 1;
            if c.seen_base > c.head {
                out.fixed.push(d.clone());
            }
        }
    }
    let order = |a: &Diagnostic, b: &Diagnostic| {
        (b.severity == Severity::Error)
            .cmp(&(a.severity == Severity::Error))
            .then((&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)))
    };
    out.introduced.sort_by(order);
    out.fixed.sort_by(order);
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn short_date(d: Date) -> String {
    d.strftime("%b %-d").to_string()
}

/// One paragraph: what the change does. What blocks the merge (the errors it introduces)
/// comes first, then the biggest effects.
fn summary(r: &Review) -> String {
    let t = &r.tasks;
    let mut parts = Vec::new();
    if !t.closed.is_empty() {
        parts.push(format!(
            "closes {}",
            plural(t.closed.len(), "task", "tasks")
        ));
    }
    if !t.added.is_empty() {
        parts.push(format!("adds {}", plural(t.added.len(), "task", "tasks")));
    }
    if !t.cancelled.is_empty() {
        parts.push(format!(
            "cancels {}",
            plural(t.cancelled.len(), "task", "tasks")
        ));
    }
    if !t.reopened.is_empty() {
        parts.push(format!(
            "reopens {}",
            plural(t.reopened.len(), "task", "tasks")
        ));
    }
    if !t.removed.is_empty() {
        parts.push(format!(
            "removes {}",
            plural(t.removed.len(), "task", "tasks")
        ));
    }
    let other = t
        .changed
        .iter()
        .filter(|c| {
            !t.closed
                .iter()
                .chain(&t.cancelled)
                .chain(&t.reopened)
                .any(|x| x.id == c.id)
        })
        .count();
    if other > 0 {
        parts.push(format!(
            "changes {}",
            plural(other, "other task", "other tasks")
        ));
    }
    // The forecast moves, latest-moving first; at most three are named.
    let mut moves: Vec<&ForecastChange> = r.milestones.iter().chain(&r.projects).collect();
    moves.sort_by_key(|m| std::cmp::Reverse(m.shift_working_days.map(i32::abs)));
    let named = 3;
    let unnamed = moves.len().saturating_sub(named);
    for m in moves.into_iter().take(named) {
        let what = match &m.milestone {
            Some(id) => format!("milestone `{}/{id}`", m.project),
            None => format!("project `{}`", m.project),
        };
        match (m.forecast_before, m.forecast_after) {
            (Some(b), Some(a)) if a != b => parts.push(format!(
                "moves {what} from {} to {}",
                short_date(b),
                short_date(a)
            )),
            _ if m.status_before != m.status_after => {
                if let Some(s) = m.status_after {
                    parts.push(format!("makes {what} {}", s.words()));
                }
            }
            _ => {}
        }
    }
    if unnamed > 0 {
        parts.push(format!(
            "moves the forecast of {unnamed} more {}",
            if unnamed == 1 {
                "milestone or project"
            } else {
                "milestones and projects"
            }
        ));
    }
    let decisions = r.decisions.iter().filter(|d| d.change != "removed").count();
    if decisions > 0 {
        parts.push(format!(
            "records {}",
            plural(decisions, "decision", "decisions")
        ));
    }
    if !r.meetings.is_empty() {
        parts.push(format!(
            "adds notes of {}",
            plural(r.meetings.len(), "meeting", "meetings")
        ));
    }
    let errors: Vec<&Diagnostic> = r
        .findings
        .introduced
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let warnings = r.findings.introduced.len() - errors.len();
    if warnings > 0 {
        parts.push(format!(
            "introduces {}",
            plural(warnings, "warning", "warnings")
        ));
    }
    if !r.findings.fixed.is_empty() {
        parts.push(format!(
            "fixes {}",
            plural(r.findings.fixed.len(), "finding", "findings")
        ));
    }
    let list = |mut parts: Vec<String>| {
        let last = parts.pop().unwrap_or_default();
        if parts.is_empty() {
            last
        } else {
            format!("{} and {last}", parts.join(", "))
        }
    };
    let rest = if parts.is_empty() {
        None
    } else {
        Some(list(parts))
    };
    match (errors.first(), rest) {
        (Some(first), rest) => {
            let more = match errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let lead = format!(
                "This change introduces {}: {}{more}.",
                plural(errors.len(), "error", "errors"),
                first.message.trim_end_matches('.')
            );
            match rest {
                Some(rest) => format!("{lead} It also {rest}."),
                None => lead,
            }
        }
        (None, Some(rest)) => format!("This change {rest}."),
        (None, None) => "This change does not touch the plan.".into(),
    }
}

/// A position for diagnostics made here when no better one exists.
pub const NO_POS: Pos = Pos::START;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;

    fn d(rule: Rule, file: &str, line: usize, message: &str, subject: Option<&str>) -> Diagnostic {
        let mut d = Diagnostic::new(rule, file, Pos::new(line, 1), message);
        d.subject = subject.map(str::to_owned);
        d
    }

    /// Findings match by rule, file and subject (else message), as a multiset: the n-th
    /// of a kind on one side is matched when the other side has n; what moves (a line, a
    /// forecast date in the message) is not a change.
    #[test]
    fn findings_match_by_rule_file_and_subject_counted() {
        let late = |line, msg: &str| d(Rule::WillMissDue, "tasks/T-1.md", line, msg, Some("T-1"));
        let cycle = |line| d(Rule::DependencyCycle, "tasks/T-2.md", line, "cycle", None);
        let base = vec![late(4, "late by 3 days"), cycle(5), cycle(6)];
        let head = vec![
            late(7, "late by 4 days"),
            cycle(5),
            cycle(6),
            cycle(9),
            d(Rule::UnknownReference, "tasks/T-3.md", 2, "no T-9", None),
        ];
        let c = compare_findings(&base, &head);
        assert_eq!(c.introduced.len(), 2, "{:?}", c.introduced);
        // Errors first, then by place.
        assert_eq!(c.introduced[0].line, 9);
        assert_eq!(c.introduced[1].rule, Rule::UnknownReference);
        assert!(c.fixed.is_empty(), "{:?}", c.fixed);
        let back = compare_findings(&head, &base);
        assert_eq!(back.fixed.len(), 2);
        assert!(back.introduced.is_empty());
        // Another file or rule is another finding.
        let moved = vec![d(Rule::WillMissDue, "tasks/T-9.md", 4, "late", Some("T-1"))];
        let c = compare_findings(&base[..1], &moved);
        assert_eq!((c.introduced.len(), c.fixed.len()), (1, 1));
    }
}
