//! `cairn show ID`: one task, decision, project, meeting or person with what cairn derives
//! about it, as typed data whose serialization is the command's JSON (docs/json.md).

use crate::analyze::decision::{self, RankedOption, Sensitivity};
use crate::analyze::schedule::Forecast;
use crate::model::{
    ChecklistItem, Decision, Meeting, Person, Project, StatusCategory, Task, Workspace,
};
use jiff::civil::Date;
use serde::Serialize;

/// What `show` found.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Shown<'a> {
    Task(TaskShow<'a>),
    Decision(DecisionShow<'a>),
    Project(ProjectShow<'a>),
    Meeting(MeetingShow<'a>),
    Person(PersonShow<'a>),
}

#[derive(Serialize)]
pub struct TaskShow<'a> {
    pub version: u32,
    pub kind: &'static str,
    pub task: &'a Task,
    pub derived: TaskFacts<'a>,
    /// The commits whose messages mention the task, newest first (see [`commits`]).
    pub commits: Vec<crate::analyze::commits::Mention>,
}

/// Commits a `show` lists at most.
pub const MAX_COMMITS: usize = 20;
/// Commits a `show` reads at most, looking for them.
pub const MAX_COMMITS_READ: usize = 20_000;

/// The commits reachable from `HEAD` whose messages mention task `id`, newest first (at
/// most [`MAX_COMMITS`], among the latest [`MAX_COMMITS_READ`]); none outside git.
pub fn commits(
    source: &crate::load::source::DirSource,
    ws: &Workspace,
    id: &str,
) -> Vec<crate::analyze::commits::Mention> {
    let Ok(repo) = crate::load::git::Repo::discover(source.root()) else {
        return Vec::new();
    };
    let Ok(head) = repo.commit("HEAD") else {
        return Vec::new();
    };
    crate::analyze::commits::mentioning(
        &repo,
        head,
        id,
        &ws.config.task_prefix,
        MAX_COMMITS_READ,
        MAX_COMMITS,
    )
    .unwrap_or_default()
}

/// Facts about a task that are not written in its file.
#[derive(Serialize)]
pub struct TaskFacts<'a> {
    pub file: &'a str,
    pub category: Option<StatusCategory>,
    /// Unfinished tasks this one depends on.
    pub blocked_by: Vec<&'a str>,
    /// Tasks that depend on this one.
    pub blocking: Vec<&'a str>,
    pub children: Vec<&'a str>,
    pub checklist_done: usize,
    pub checklist_total: usize,
    /// Days past `due` for an unfinished task.
    pub overdue_days: Option<i32>,
    /// Where the forecast places an unfinished task; `null` for finished ones.
    pub forecast: Option<ForecastFacts<'a>>,
    /// Time logged on it (`time/`), oldest first.
    pub time: Vec<&'a crate::model::TimeEntry>,
}

/// The forecast of one unfinished task, as `plan` shows it.
#[derive(Serialize)]
pub struct ForecastFacts<'a> {
    pub start: Date,
    pub finish: Date,
    pub remaining_hours: f64,
    pub deadline: Option<Date>,
    pub slack_days: Option<i32>,
    pub critical: bool,
    /// The task that held this one's start back, as in `plan`'s JSON.
    pub held_by: Option<HeldByFacts<'a>>,
}

#[derive(Serialize)]
pub struct HeldByFacts<'a> {
    /// `dependency`, `assignee` or `child`.
    pub kind: &'static str,
    pub task: &'a str,
}

#[derive(Serialize)]
pub struct DecisionShow<'a> {
    pub version: u32,
    pub kind: &'static str,
    pub decision: &'a Decision,
    pub matrix: Vec<RankedOption>,
    pub sensitivity: Option<Sensitivity>,
    pub file: &'a str,
    /// Decisions that supersede this one.
    #[serde(skip)]
    pub superseded_by: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct TaskCounts {
    pub open: usize,
    pub active: usize,
    pub done: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<usize>,
}

#[derive(Serialize)]
pub struct MilestoneCounts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub due: Option<Date>,
    #[serde(flatten)]
    pub tasks: TaskCounts,
}

#[derive(Serialize)]
pub struct ProjectShow<'a> {
    pub version: u32,
    pub kind: &'static str,
    pub project: &'a Project,
    pub milestones: Vec<MilestoneCounts<'a>>,
    pub tasks: TaskCounts,
    pub file: &'a str,
}

#[derive(Serialize)]
pub struct NumberedAction<'a> {
    pub number: usize,
    pub item: &'a ChecklistItem,
}

#[derive(Serialize)]
pub struct MeetingShow<'a> {
    pub version: u32,
    pub kind: &'static str,
    pub meeting: &'a Meeting,
    pub actions: Vec<NumberedAction<'a>>,
    pub file: &'a str,
}

#[derive(Serialize)]
pub struct PersonShow<'a> {
    pub version: u32,
    pub kind: &'static str,
    pub person: &'a Person,
    pub open_tasks: Vec<&'a str>,
}

/// Nothing has the id.
#[derive(Debug, thiserror::Error)]
#[error("nothing with id `{0}` in this workspace")]
pub struct NotFound(pub String);

/// The item with `id`, looked up as a task, decision, project, meeting, then person. A
/// task's forecast is computed when `forecast` asks for it (the whole workspace is
/// scheduled for it, which is most of the time on a big plan).
pub fn show<'a>(
    ws: &'a Workspace,
    id: &str,
    forecast: bool,
    today: Date,
) -> Result<Shown<'a>, NotFound> {
    if let Some(&i) = ws.index.tasks.get(id) {
        let fc = forecast.then(|| crate::analyze::schedule::forecast(ws, today));
        return Ok(Shown::Task(TaskShow {
            version: 1,
            kind: "task",
            task: &ws.tasks[i],
            derived: task_facts(ws, fc.as_ref(), i, today),
            commits: Vec::new(),
        }));
    }
    if let Some(d) = ws.decision(id) {
        return Ok(Shown::Decision(DecisionShow {
            version: 1,
            kind: "decision",
            decision: d,
            matrix: decision::matrix(d),
            sensitivity: decision::sensitivity(d),
            file: ws.path(d.file),
            superseded_by: ws
                .decisions
                .iter()
                .filter(|x| x.supersedes.as_ref().is_some_and(|s| s.value == d.id.value))
                .map(|x| x.id.as_str())
                .collect(),
        }));
    }
    if let Some(p) = ws.project(id) {
        return Ok(Shown::Project(project(ws, p)));
    }
    if let Some(m) = ws.meeting(id) {
        return Ok(Shown::Meeting(MeetingShow {
            version: 1,
            kind: "meeting",
            meeting: m,
            actions: m
                .action_items()
                .map(|(number, item)| NumberedAction { number, item })
                .collect(),
            file: ws.path(m.file),
        }));
    }
    if let Some(p) = ws.config.person(id) {
        let open_tasks = ws
            .tasks
            .iter()
            .filter(|t| {
                t.assignees.iter().any(|a| a.value == p.id)
                    && !ws.category(t).is_some_and(StatusCategory::is_finished)
            })
            .map(|t| t.id.as_str())
            .collect();
        return Ok(Shown::Person(PersonShow {
            version: 1,
            kind: "person",
            person: p,
            open_tasks,
        }));
    }
    Err(NotFound(id.to_owned()))
}

fn project<'a>(ws: &'a Workspace, p: &'a Project) -> ProjectShow<'a> {
    let tasks: Vec<&Task> = ws
        .tasks
        .iter()
        .filter(|t| t.project.as_ref().is_some_and(|x| x.value == p.id.value))
        .collect();
    let count = |c: StatusCategory, m: Option<&str>| {
        tasks
            .iter()
            .filter(|t| {
                ws.category(t) == Some(c)
                    && (m.is_none() || t.milestone.as_ref().map(|x| x.as_str()) == m)
            })
            .count()
    };
    let counts = |m: Option<&str>, cancelled: bool| TaskCounts {
        open: count(StatusCategory::Open, m),
        active: count(StatusCategory::Active, m),
        done: count(StatusCategory::Done, m),
        cancelled: cancelled.then(|| count(StatusCategory::Cancelled, m)),
    };
    ProjectShow {
        version: 1,
        kind: "project",
        project: p,
        milestones: p
            .milestones
            .iter()
            .map(|m| MilestoneCounts {
                id: m.id.as_str(),
                title: &m.title,
                due: m.due.as_ref().map(|d| d.value),
                tasks: counts(Some(&m.id.value), false),
            })
            .collect(),
        tasks: counts(None, true),
        file: ws.path(p.file),
    }
}

/// What cairn derives about task `i`.
pub fn task_facts<'a>(
    ws: &'a Workspace,
    fc: Option<&Forecast>,
    i: usize,
    today: Date,
) -> TaskFacts<'a> {
    let t = &ws.tasks[i];
    let category = ws.category(t);
    let unfinished = !category.is_some_and(StatusCategory::is_finished);
    let blocked_by = t
        .depends_on
        .iter()
        .filter(|d| {
            // A cancelled dependency no longer blocks (`blocked-by-cancelled` flags it).
            ws.task(&d.value)
                .is_some_and(|x| !ws.category(x).is_some_and(StatusCategory::is_finished))
        })
        .map(|d| d.as_str())
        .collect();
    let blocking = ws
        .tasks
        .iter()
        .filter(|x| x.depends_on.iter().any(|d| d.value == t.id.value))
        .map(|x| x.id.as_str())
        .collect();
    let children = ws
        .tasks
        .iter()
        .filter(|x| x.parent.as_ref().is_some_and(|p| p.value == t.id.value))
        .map(|x| x.id.as_str())
        .collect();
    let (checklist_done, checklist_total) = t.body.checklist_counts();
    let overdue_days = t
        .due
        .as_ref()
        .filter(|d| unfinished && d.value < today)
        .map(|d| (today - d.value).get_days());
    let forecast = fc
        .and_then(|fc| fc.tasks[i].as_ref().map(|f| (fc, f)))
        .filter(|(_, f)| !f.done)
        .map(|(fc, f)| ForecastFacts {
            start: f.start.date(),
            finish: f.finish.date(),
            remaining_hours: crate::analyze::schedule::round2(f.remaining_hours),
            deadline: f.deadline,
            slack_days: f.slack_days,
            critical: fc.critical[i],
            held_by: f.held_by.map(|h| HeldByFacts {
                kind: h.kind(),
                task: ws.tasks[h.task()].id.as_str(),
            }),
        });
    let mut time: Vec<&crate::model::TimeEntry> =
        ws.time.iter().filter(|e| e.task == t.id.value).collect();
    time.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.person.cmp(&b.person)));
    TaskFacts {
        forecast,
        time,
        file: ws.path(t.file),
        category,
        blocked_by,
        blocking,
        children,
        checklist_done,
        checklist_total,
        overdue_days,
    }
}
