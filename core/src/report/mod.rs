//! What the reports show, as data: computed once from the analysed workspace, then drawn
//! by the binary as Markdown pages, an HTML dashboard, or `status`/`plan` output. Text here
//! is raw user text; the renderers escape it for where it goes.
//!
//! May import: `model`, `analyze`.

pub mod ics;

use crate::analyze::decision;
use crate::analyze::filter::Filter;
use crate::analyze::history::History;
use crate::analyze::schedule::{self, Counts, Forecast, PersonLoad, ScheduleStatus};
use crate::model::{DecisionStatus, StatusCategory, Workspace};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// A project's money, written for a page: `450 EUR`.
#[derive(Clone, Debug, Serialize)]
pub struct CostRow {
    pub to_date: String,
    pub at_completion: String,
    pub budget: Option<String>,
    /// The budget is forecast to be overrun.
    pub over: bool,
}

/// Everything the report pages show.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub generated: Generated,
    pub projects: Vec<ProjectReport>,
    pub workload: Vec<PersonLoad>,
    pub decisions: Vec<DecisionEntry>,
    pub actions: Vec<PersonActions>,
    /// Tasks per status at the end of each week, from git history.
    pub flow: Option<Flow>,
    /// One page per person.
    pub people: Vec<PersonReport>,
    /// A column per workflow status.
    pub board: Vec<BoardColumn>,
    /// What needs attention across projects, worst first.
    pub attention: Vec<Notice>,
    /// A page per saved view (`views:`) that does not depend on who reads it (`@me`).
    pub views: Vec<ViewReport>,
}

/// A saved view's page: its tasks in plan order (`kind: tasks`) or as a board.
#[derive(Clone, Debug, Serialize)]
pub struct ViewReport {
    pub name: String,
    pub title: String,
    pub kind: &'static str,
    /// A file stem safe for the page (`view-release`).
    pub page: String,
    #[serde(rename = "where")]
    pub filter: Option<String>,
    pub tasks: Vec<PlanRow>,
    pub board: Vec<BoardColumn>,
}

/// One person's page: their unfinished tasks in forecast order, their weeks, their open
/// action items and the meetings they attended.
#[derive(Clone, Debug, Serialize)]
pub struct PersonReport {
    pub id: String,
    pub name: String,
    /// A file stem safe for the person's page (`person-alice`).
    pub page: String,
    pub capacity: f64,
    pub tasks: Vec<PlanRow>,
    pub weeks: Vec<schedule::WeekLoad>,
    pub actions: Vec<ActionItem>,
    /// The latest twenty, newest first.
    pub meetings: Vec<MeetingRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MeetingRef {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub project: Option<String>,
}

/// A Kanban column.
#[derive(Clone, Debug, Serialize)]
pub struct BoardColumn {
    pub status: String,
    pub category: StatusCategory,
    pub cards: Vec<Card>,
    /// Cards left out (finished work beyond the most recent few).
    pub more: usize,
    /// Those cards, for a page to show on request.
    pub rest: Vec<Card>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub assignees: Vec<String>,
    pub due: Option<Date>,
    pub overdue: bool,
    pub priority: &'static str,
    pub project: Option<String>,
}

/// Something across projects that needs attention.
#[derive(Clone, Debug, Serialize)]
pub struct Notice {
    /// `milestone`, `task`, `capacity` or `action`.
    pub kind: &'static str,
    /// What it is about, for people: a milestone's or task's title, a person, an item.
    pub what: String,
    pub why: String,
    /// The page to open: a project's or a person's (without `.html` or `.md`).
    pub page: Option<String>,
    /// How bad, for ordering: lower is worse.
    #[serde(skip)]
    pub rank: i64,
}

/// From what the reports were made.
#[derive(Clone, Debug, Serialize)]
pub struct Generated {
    pub workspace: String,
    pub today: Date,
    /// The commit the plan was read from (12 hex digits), outside git `None`.
    pub commit: Option<String>,
    /// `--where`, when the task tables show only the tasks it holds for.
    #[serde(rename = "where")]
    pub filter: Option<String>,
    /// The declared task fields the task tables show, in cairn.yaml's order.
    pub fields: Vec<String>,
    /// The view pages, for the navigation.
    pub views: Vec<ViewLink>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ViewLink {
    pub title: String,
    pub page: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProjectReport {
    pub id: String,
    pub title: String,
    /// A file stem safe for the project's pages (`website` → `website.md`).
    pub page: String,
    pub progress: f64,
    pub status: ScheduleStatus,
    /// Working days from `due` to `forecast` (0 when on time).
    pub late_by: Option<u32>,
    /// The milestone that makes the status worse than the project's own forecast.
    pub status_from: Option<MilestoneName>,
    pub forecast: Option<Date>,
    pub due: Option<Date>,
    pub counts: Counts,
    /// Efforts written in the workspace's units (`84d`, `4h`).
    pub estimate: String,
    pub spent: String,
    pub remaining: String,
    pub budget: Option<String>,
    /// Cost to date and at completion against the cost budget (`null` without money in
    /// the workspace), as text in the currency.
    pub cost: Option<CostRow>,
    pub chain: Vec<String>,
    pub milestones: Vec<MilestoneRow>,
    /// Every unfinished task of the project, in forecast order.
    pub plan: Vec<PlanRow>,
    pub goals: Vec<GoalRow>,
    pub attention: Vec<Attention>,
    pub decisions: Vec<DecisionRow>,
    /// The five latest meetings.
    pub meetings: Vec<MeetingRow>,
    pub closed_this_week: Vec<Dated>,
    pub created_this_week: Vec<Dated>,
    /// Scope and done tasks at the end of each week, from git history.
    pub burnup: Vec<BurnupPoint>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneName {
    pub id: String,
    pub title: String,
    /// How late it is, in working days.
    pub late_by: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneRow {
    pub id: String,
    pub title: String,
    pub progress: f64,
    pub forecast: Option<Date>,
    pub due: Option<Date>,
    pub status: ScheduleStatus,
    pub late_by: Option<u32>,
    pub chain: Vec<String>,
}

/// One task in a plan table or chart.
#[derive(Clone, Debug, Serialize)]
pub struct PlanRow {
    pub id: String,
    /// The id's number, for chart ids.
    pub number: u64,
    pub title: String,
    pub assignees: Vec<String>,
    /// `project / milestone`, `project`, or `no project`: a chart's section.
    pub section: String,
    pub start: Date,
    pub finish: Date,
    pub due: Option<Date>,
    pub slack: Option<i32>,
    pub critical: bool,
    pub active: bool,
    /// A parent task: it spans its subtasks.
    pub summary: bool,
    pub never: bool,
    /// The tasks it waits for (ids).
    pub depends_on: Vec<String>,
    /// The team's declared fields, as text (a JSON object by name).
    #[serde(serialize_with = "crate::model::pairs_as_map")]
    pub fields: Vec<(String, String)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GoalRow {
    pub id: String,
    pub title: String,
    pub progress: f64,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub unit: Option<String>,
    /// The goal's `due`, else its project's.
    pub due: Option<Date>,
    /// Its measurements (a metric file), oldest first: `[date, value]`.
    pub series: Vec<(Date, f64)>,
    pub trend_per_week: Option<f64>,
    pub reaches_target: Option<Date>,
    pub reached: bool,
    pub off_track: bool,
}

/// A task that needs attention, and why (for people).
#[derive(Clone, Debug, Serialize)]
pub struct Attention {
    pub id: String,
    pub title: String,
    pub why: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionRow {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub pending: bool,
    pub chosen: Option<String>,
    pub date: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MeetingRow {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub open_actions: Vec<ActionRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActionRow {
    pub text: String,
    pub due: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dated {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BurnupPoint {
    pub end: Date,
    pub scope: usize,
    pub done: usize,
}

/// A decision in the log.
#[derive(Clone, Debug, Serialize)]
pub struct DecisionEntry {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub date: Option<Date>,
    pub chosen: Option<String>,
    /// The option the weighted matrix ranks first.
    pub winner: Option<String>,
    pub supersedes: Option<String>,
    pub superseded_by: Vec<String>,
    pub project: Option<String>,
    /// Criteria and their weights, in file order.
    pub criteria: Vec<(String, f64)>,
    /// Every option with its score per criterion (in `criteria` order, `None` when not
    /// scored), weighted total and rank.
    pub options: Vec<OptionRow>,
    pub sensitivity: Option<decision::Sensitivity>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OptionRow {
    pub name: String,
    pub scores: Vec<Option<f64>>,
    pub total: f64,
    pub rank: usize,
    pub chosen: bool,
}

/// One person's open action items, overdue first, then by due date.
#[derive(Clone, Debug, Serialize)]
pub struct PersonActions {
    pub person: String,
    pub items: Vec<ActionItem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActionItem {
    pub meeting: String,
    /// The meeting's title and date, for people.
    pub meeting_title: String,
    pub meeting_date: Option<Date>,
    /// The page of the meeting's project, if it has one.
    pub meeting_page: Option<String>,
    pub number: usize,
    /// The item as written.
    pub text: String,
    /// The item's words without its `due:` (shown beside them as a date).
    pub words: String,
    pub due: Option<Date>,
    pub overdue: bool,
    /// The task the item was promoted to (its text ends with the id): that task stands
    /// for it in what needs attention.
    pub promoted: Option<String>,
    /// Task ids the item names, each with the page of its project.
    pub tasks: Vec<TaskLink>,
}

/// A task id with the page it is listed on.
#[derive(Clone, Debug, Serialize)]
pub struct TaskLink {
    pub id: String,
    pub page: Option<String>,
}

/// Cumulative flow: for each week's end, the number of tasks in each status.
#[derive(Clone, Debug, Serialize)]
pub struct Flow {
    pub statuses: Vec<String>,
    /// Each status's category (`open`, `active`, `done`, `cancelled`), in the same order.
    pub categories: Vec<String>,
    pub weeks: Vec<FlowWeek>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FlowWeek {
    pub end: Date,
    /// In the order of `statuses`.
    pub counts: Vec<usize>,
}

/// Names of report pages that are not a project's.
pub const FIXED_PAGES: &[&str] = &[
    "README",
    "index",
    "people",
    "decisions",
    "actions",
    "board",
    "site",
    "person",
    "decision",
];

/// A project id safe as a file name (ids are slugs, but a report never trusts that), and
/// never the name of a fixed page (a project called `people` gets `project-people`).
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
    if s.is_empty() {
        "project".into()
    } else if FIXED_PAGES.iter().any(|f| f.eq_ignore_ascii_case(&s))
        || s.starts_with("project-")
        || s.starts_with("person-")
        || s.starts_with("view-")
    {
        format!("project-{s}")
    } else {
        s
    }
}

/// Unfinished, scheduled tasks (of `project` when given) in forecast order: start, finish,
/// id number.
pub fn plan_order(ws: &Workspace, fc: &Forecast, keep: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..ws.tasks.len())
        .filter(|&i| {
            !ws.category(&ws.tasks[i])
                .is_some_and(StatusCategory::is_finished)
                && fc.tasks[i].is_some()
                && keep(i)
        })
        .collect();
    rows.sort_by_key(|&i| {
        let f = fc.tasks[i].as_ref().map(|f| (f.start.day, f.finish.day));
        (f, ws.tasks[i].number)
    });
    rows
}

/// A task as a plan row.
pub fn plan_row(ws: &Workspace, fc: &Forecast, i: usize) -> Option<PlanRow> {
    let t = &ws.tasks[i];
    let f = fc.tasks[i].as_ref()?;
    let section = match (&t.project, &t.milestone) {
        (Some(p), Some(m)) => format!("{} / {}", p.value, m.value),
        (Some(p), None) => p.value.clone(),
        _ => "no project".into(),
    };
    Some(PlanRow {
        id: t.id.value.clone(),
        number: t.number,
        title: t.title.clone(),
        assignees: t.assignees.iter().map(|a| a.value.clone()).collect(),
        section,
        start: f.start.date(),
        finish: f.finish.date(),
        due: t.due.as_ref().map(|d| d.value),
        slack: f.slack_days,
        critical: fc.critical[i],
        active: ws.category(t) == Some(StatusCategory::Active),
        summary: f.summary,
        never: f.never,
        depends_on: t.depends_on.iter().map(|d| d.value.clone()).collect(),
        fields: t
            .fields
            .iter()
            .map(|e| (e.name.clone(), e.value.text()))
            .collect(),
    })
}

/// At most `max` rows for a chart: the critical ones first, then the earliest, kept in
/// `rows` order. Work that never finishes has no bar.
pub fn chart_rows(rows: &[PlanRow], max: usize) -> Vec<&PlanRow> {
    let rows: Vec<&PlanRow> = rows.iter().filter(|r| !r.never).collect();
    let mut keep = vec![false; rows.len()];
    let mut n = 0;
    for (k, r) in rows.iter().enumerate() {
        if n < max && r.critical {
            keep[k] = true;
            n += 1;
        }
    }
    for k in keep.iter_mut() {
        if n >= max {
            break;
        }
        if !*k {
            *k = true;
            n += 1;
        }
    }
    rows.into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(r, _)| r)
        .collect()
}

/// Unfinished tasks of a project that are overdue or forecast to miss their deadline,
/// worst first, at most `limit`.
pub fn attention(ws: &Workspace, fc: &Forecast, project: &str, limit: usize) -> Vec<Attention> {
    let mut rows: Vec<(i64, usize, String)> = Vec::new();
    for (i, t) in ws.tasks.iter().enumerate() {
        if t.project.as_ref().is_none_or(|p| p.value != project)
            || ws.category(t).is_some_and(StatusCategory::is_finished)
        {
            continue;
        }
        let Some(f) = fc.tasks[i].as_ref() else {
            continue;
        };
        if let Some(d) = t.due.as_ref().filter(|d| d.value < fc.today) {
            let days = (fc.today - d.value).get_days();
            rows.push((
                -1000 - i64::from(days),
                i,
                format!("overdue by {days} day{}", if days == 1 { "" } else { "s" }),
            ));
        } else if f.never {
            rows.push((-999, i, "never finishes".into()));
        } else if let Some(s) = f.slack_days.filter(|s| *s < 0) {
            rows.push((
                i64::from(s),
                i,
                format!(
                    "forecast {}, {} working day{} late",
                    f.finish.date(),
                    -s,
                    if s == -1 { "" } else { "s" }
                ),
            ));
        }
    }
    rows.sort();
    rows.into_iter()
        .take(limit)
        .map(|(_, i, why)| Attention {
            id: ws.tasks[i].id.value.clone(),
            title: ws.tasks[i].title.clone(),
            why,
        })
        .collect()
}

/// The report of the whole workspace. `commit` is the plan's commit; `history` the weeks
/// of git history the burn-ups and the cumulative flow are drawn from.
/// What the task tables of a report show (by default, every task).
#[derive(Clone, Debug)]
pub struct Scope {
    /// Only the tasks it holds for (the forecast still places every task).
    pub filter: Filter,
    /// The expression, as given.
    pub expr: Option<String>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            filter: Filter::all(),
            expr: None,
        }
    }
}

pub fn build(
    ws: &Workspace,
    fc: &Forecast,
    commit: Option<&str>,
    history: Option<&History>,
    scope: &Scope,
) -> Report {
    let today = fc.today;
    let filter = &scope.filter;
    let projects: Vec<ProjectReport> = fc
        .projects
        .iter()
        .map(|pf| project(ws, fc, pf, history, filter))
        .collect();
    let flow = history.filter(|h| !h.intervals.is_empty()).map(|h| Flow {
        statuses: h.statuses.clone(),
        categories: h
            .statuses
            .iter()
            .map(|s| {
                match ws.config.status_category(s) {
                    Some(StatusCategory::Open) | None => "open",
                    Some(StatusCategory::Active) => "active",
                    Some(StatusCategory::Done) => "done",
                    Some(StatusCategory::Cancelled) => "cancelled",
                }
                .to_owned()
            })
            .collect(),
        weeks: h
            .intervals
            .iter()
            .map(|i| FlowWeek {
                end: i.end,
                counts: h
                    .statuses
                    .iter()
                    .map(|s| i.by_status.get(s).copied().unwrap_or(0))
                    .collect(),
            })
            .collect(),
    });
    let workload = schedule::workload(ws, fc, 6);
    let actions = open_actions(ws, today);
    let people = people(ws, fc, &workload, &actions, filter);
    let attention = notices(ws, fc, &projects, &workload, &actions);
    let views = views(ws, fc);
    Report {
        generated: Generated {
            workspace: ws.config.name.clone(),
            today,
            commit: commit.map(str::to_owned),
            filter: scope.expr.clone(),
            fields: ws
                .config
                .fields_of(crate::model::FileKind::Task)
                .map(|f| f.name.clone())
                .collect(),
            views: views
                .iter()
                .map(|v| ViewLink {
                    title: v.title.clone(),
                    page: v.page.clone(),
                })
                .collect(),
        },
        projects,
        workload,
        decisions: decision_log(ws),
        actions,
        flow,
        people,
        board: board(ws, today, &[], filter, 8, false),
        attention,
        views,
    }
}

/// A page per saved view that reads the same for everyone (no `@me`), and whose
/// expression `check` accepts.
fn views(ws: &Workspace, fc: &Forecast) -> Vec<ViewReport> {
    let scope = crate::analyze::filter::Scope {
        today: fc.today,
        me: None,
    };
    ws.config
        .views
        .iter()
        .filter_map(|v| {
            let filter = match &v.expr {
                Some(e) => Filter::compile(e, ws, &scope).ok()?,
                None => Filter::all(),
            };
            let board_view = v.kind == crate::model::ViewKind::Board;
            let mut tasks: Vec<PlanRow> = if board_view {
                Vec::new()
            } else {
                plan_order(ws, fc, |i| filter.matches(ws, &ws.tasks[i]))
                    .into_iter()
                    .filter_map(|i| plan_row(ws, fc, i))
                    .collect()
            };
            if let Some(n) = v.limit {
                tasks.truncate(n);
            }
            Some(ViewReport {
                name: v.name.clone(),
                title: v.title.clone().unwrap_or_else(|| v.name.clone()),
                kind: if board_view { "board" } else { "tasks" },
                page: format!("view-{}", page_name(&v.name).trim_start_matches("project-")),
                filter: v.expr.clone(),
                tasks,
                board: if board_view {
                    board(ws, fc.today, &[], &filter, 8, false)
                } else {
                    Vec::new()
                },
            })
        })
        .collect()
}

/// A person's page name, safe as a file stem and apart from projects' pages.
pub fn person_page(id: &str) -> String {
    format!("person-{}", page_name(id).trim_start_matches("project-"))
}

fn people(
    ws: &Workspace,
    fc: &Forecast,
    workload: &[PersonLoad],
    actions: &[PersonActions],
    filter: &Filter,
) -> Vec<PersonReport> {
    ws.config
        .people
        .iter()
        .map(|p| {
            let tasks = plan_order(ws, fc, |i| {
                ws.tasks[i].assignees.iter().any(|a| a.value == p.id)
                    && filter.matches(ws, &ws.tasks[i])
            })
            .into_iter()
            .filter_map(|i| plan_row(ws, fc, i))
            .collect();
            let mut meetings: Vec<&crate::model::Meeting> = ws
                .meetings
                .iter()
                .filter(|m| m.attendees.iter().any(|a| a.value == p.id))
                .collect();
            meetings.sort_by_key(|m| std::cmp::Reverse(m.date.as_ref().map(|d| d.value)));
            PersonReport {
                id: p.id.clone(),
                name: p.name.clone(),
                page: person_page(&p.id),
                capacity: p.capacity,
                tasks,
                weeks: workload
                    .iter()
                    .find(|l| l.id == p.id)
                    .map(|l| l.weeks.clone())
                    .unwrap_or_default(),
                actions: actions
                    .iter()
                    .find(|a| a.person == p.id)
                    .map(|a| a.items.clone())
                    .unwrap_or_default(),
                meetings: meetings
                    .into_iter()
                    .take(20)
                    .map(|m| MeetingRef {
                        id: m.id.value.clone(),
                        title: m.title.clone(),
                        date: m.date.as_ref().map(|d| d.value),
                        project: m.project.as_ref().map(|x| x.value.clone()),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The board of some projects (all when `projects` is empty): one column per workflow
/// status in the workflow's order. Open and active columns hold every task (most urgent,
/// then soonest due first); done columns the `done_shown` most recently closed;
/// cancelled columns only with `cancelled`.
pub fn board(
    ws: &Workspace,
    today: Date,
    projects: &[String],
    filter: &crate::analyze::filter::Filter,
    done_shown: usize,
    cancelled: bool,
) -> Vec<BoardColumn> {
    let mut columns = Vec::new();
    for (status, cat) in &ws.config.statuses {
        if *cat == StatusCategory::Cancelled && !cancelled {
            continue;
        }
        let mut tasks: Vec<&crate::model::Task> = ws
            .tasks
            .iter()
            .filter(|t| t.status.value == *status)
            .filter(|t| {
                projects.is_empty()
                    || t.project
                        .as_ref()
                        .is_some_and(|p| projects.contains(&p.value))
            })
            .filter(|t| filter.matches(ws, t))
            .collect();
        let mut more = 0;
        if cat.is_finished() {
            tasks.sort_by_key(|t| {
                (
                    std::cmp::Reverse(t.closed.as_ref().map(|c| c.value)),
                    t.number,
                )
            });
            more = tasks.len().saturating_sub(done_shown);
        } else {
            // Soonest deadline first (its own due, else its milestone's, else its
            // project's), the most urgent first among equals.
            tasks.sort_by_key(|t| {
                let deadline = crate::analyze::schedule::deadline(ws, t);
                (
                    deadline.is_none(),
                    deadline,
                    std::cmp::Reverse(t.priority as u8),
                    t.number,
                )
            });
        }
        let card = |t: &crate::model::Task| Card {
            id: t.id.value.clone(),
            title: t.title.clone(),
            assignees: t.assignees.iter().map(|a| a.value.clone()).collect(),
            due: t.due.as_ref().map(|d| d.value),
            overdue: !cat.is_finished() && t.due.as_ref().is_some_and(|d| d.value < today),
            priority: t.priority.name(),
            project: t.project.as_ref().map(|p| p.value.clone()),
        };
        let rest: Vec<Card> = if more > 0 {
            tasks
                .split_off(done_shown)
                .iter()
                .map(|t| card(t))
                .collect()
        } else {
            Vec::new()
        };
        columns.push(BoardColumn {
            status: status.clone(),
            category: *cat,
            cards: tasks.iter().map(|t| card(t)).collect(),
            more,
            rest,
        });
    }
    columns
}

/// Across projects: milestones late or at risk (with their critical chain), overdue
/// tasks, weeks over capacity and overdue action items; worst first, at most 30.
fn notices(
    ws: &Workspace,
    fc: &Forecast,
    projects: &[ProjectReport],
    workload: &[PersonLoad],
    actions: &[PersonActions],
) -> Vec<Notice> {
    let today = fc.today;
    let mut out = Vec::new();
    for p in projects {
        for m in &p.milestones {
            if !matches!(m.status, ScheduleStatus::AtRisk | ScheduleStatus::Late) {
                continue;
            }
            let late = m.late_by.unwrap_or(0);
            out.push(Notice {
                kind: "milestone",
                what: format!("{} / {}", p.title, m.title),
                why: format!(
                    "{}: forecast {}, due {}{}",
                    m.status.with_lateness(m.late_by),
                    m.forecast.map_or_else(|| "—".into(), |d| d.to_string()),
                    m.due.map_or_else(|| "—".into(), |d| d.to_string()),
                    if m.chain.is_empty() {
                        String::new()
                    } else {
                        format!("; critical chain {}", m.chain.join(" → "))
                    }
                ),
                page: Some(p.page.clone()),
                rank: -10_000 - i64::from(late),
            });
        }
    }
    for t in &ws.tasks {
        if ws.category(t).is_some_and(StatusCategory::is_finished) {
            continue;
        }
        if let Some(d) = t.due.as_ref().filter(|d| d.value < today) {
            let days = (today - d.value).get_days();
            out.push(Notice {
                kind: "task",
                what: format!("{} {}", t.id.value, t.title),
                why: format!("overdue by {days} day{}", if days == 1 { "" } else { "s" }),
                page: t.project.as_ref().map(|p| page_name(&p.value)),
                rank: -5_000 - i64::from(days),
            });
        }
    }
    for l in workload {
        for w in l.weeks.iter().filter(|w| w.over_capacity) {
            out.push(Notice {
                kind: "capacity",
                what: l.id.clone(),
                why: format!(
                    "over capacity in {}: {}h due, {}h available",
                    w.week,
                    crate::model::format_hours(w.demand_hours),
                    crate::model::format_hours(w.available_hours)
                ),
                page: ws.config.person(&l.id).map(|_| person_page(&l.id)),
                rank: -1_000,
            });
        }
    }
    for a in actions {
        // A promoted item is its task now: the task's own notice stands for both.
        let promoted = |i: &&ActionItem| i.promoted.as_ref().is_some_and(|t| ws.task(t).is_some());
        for i in a.items.iter().filter(|i| i.overdue && !promoted(i)) {
            let days = i.due.map_or(0, |d| (today - d).get_days());
            out.push(Notice {
                kind: "action",
                what: format!("{} ({}, item {})", i.words, i.meeting, i.number),
                why: format!(
                    "@{} is {days} day{} late",
                    a.person,
                    if days == 1 { "" } else { "s" }
                ),
                page: ws.config.person(&a.person).map(|_| person_page(&a.person)),
                rank: -2_000 - i64::from(days),
            });
        }
    }
    out.sort_by_key(|n| n.rank);
    out.truncate(30);
    out
}

fn project(
    ws: &Workspace,
    fc: &Forecast,
    pf: &schedule::ProjectForecast,
    history: Option<&History>,
    filter: &Filter,
) -> ProjectReport {
    let today = fc.today;
    let p = &ws.projects[pf.project];
    let r = &pf.rollup;
    let id = p.id.value.as_str();
    let of_project =
        |x: &Option<crate::model::Sp<String>>| x.as_ref().is_some_and(|x| x.value == id);
    let milestones = fc
        .milestones
        .iter()
        .filter(|m| m.project == pf.project)
        .map(|m| {
            let ms = &p.milestones[m.milestone];
            MilestoneRow {
                id: ms.id.value.clone(),
                title: ms.title.clone(),
                progress: m.rollup.progress,
                forecast: m.rollup.forecast_finish,
                due: m.rollup.due,
                status: m.rollup.status,
                late_by: m.rollup.late_by,
                chain: ws.task_ids(&m.rollup.critical_chain),
            }
        })
        .collect();
    let plan = plan_order(ws, fc, |i| {
        of_project(&ws.tasks[i].project) && filter.matches(ws, &ws.tasks[i])
    })
    .into_iter()
    .filter_map(|i| plan_row(ws, fc, i))
    .collect();
    let goals = pf
        .goals
        .iter()
        .zip(&p.goals)
        .map(|(g, goal)| GoalRow {
            id: goal.id.value.clone(),
            title: goal.title.clone(),
            progress: g.progress,
            baseline: goal.baseline,
            target: goal.target,
            current: goal.current,
            unit: goal.unit.clone(),
            due: g.due,
            series: goal.series.clone(),
            trend_per_week: g.trend_per_week,
            reaches_target: g.reaches_target,
            reached: g.reached,
            off_track: g.off_track,
        })
        .collect();
    let decisions = ws
        .decisions
        .iter()
        .filter(|d| of_project(&d.project))
        .map(|d| DecisionRow {
            id: d.id.value.clone(),
            title: d.title.clone(),
            status: d.status.name(),
            pending: d.status == DecisionStatus::Proposed,
            chosen: d.chosen.as_ref().map(|c| c.value.clone()),
            date: d.date,
        })
        .collect();
    let mut meetings: Vec<&crate::model::Meeting> = ws
        .meetings
        .iter()
        .filter(|m| of_project(&m.project))
        .collect();
    meetings.sort_by_key(|m| std::cmp::Reverse(m.date.as_ref().map(|d| d.value)));
    let meetings = meetings
        .iter()
        .take(5)
        .map(|m| MeetingRow {
            id: m.id.value.clone(),
            title: m.title.clone(),
            date: m.date.as_ref().map(|d| d.value),
            open_actions: m
                .action_items()
                .filter(|(_, i)| !i.checked)
                .map(|(_, i)| ActionRow {
                    text: i.text.clone(),
                    due: i.due.as_ref().map(|d| d.value),
                })
                .collect(),
        })
        .collect();
    // The last 7 days, from the files' own dates.
    let week_ago = today
        .checked_sub(jiff::Span::new().days(7))
        .unwrap_or(today);
    let recent = |d: Option<Date>| d.is_some_and(|d| d > week_ago && d <= today);
    let dated = |t: &crate::model::Task, date: Option<Date>| Dated {
        id: t.id.value.clone(),
        title: t.title.clone(),
        date,
    };
    let closed_this_week = ws
        .tasks
        .iter()
        .filter(|t| of_project(&t.project))
        .filter(|t| {
            ws.category(t) == Some(StatusCategory::Done)
                && recent(t.closed.as_ref().map(|c| c.value))
        })
        .map(|t| dated(t, t.closed.as_ref().map(|c| c.value)))
        .collect();
    let created_this_week = ws
        .tasks
        .iter()
        .filter(|t| of_project(&t.project) && recent(t.created))
        .map(|t| dated(t, t.created))
        .collect();
    let burnup = history
        .map(|h| {
            h.intervals
                .iter()
                .map(|i| {
                    let [scope, done] = i.by_project.get(id).copied().unwrap_or([0, 0]);
                    BurnupPoint {
                        end: i.end,
                        scope,
                        done,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let e = &r.effort;
    let cfg = &ws.config;
    let cost = crate::analyze::cost::has_money(ws).then(|| {
        let c = crate::analyze::cost::project_cost(ws, fc, pf.project);
        let money = |v: f64| {
            let v = crate::model::format_hours(v);
            match &cfg.currency {
                Some(cur) => format!("{v} {cur}"),
                None => v,
            }
        };
        CostRow {
            to_date: money(c.cost_to_date),
            at_completion: money(c.cost_at_completion),
            budget: c.budget_cost.map(money),
            over: c
                .budget_cost
                .is_some_and(|b| c.cost_at_completion > b + 0.005),
        }
    });
    ProjectReport {
        cost,
        id: id.to_owned(),
        title: p.title.clone(),
        page: page_name(id),
        progress: r.progress,
        status: r.status,
        late_by: r.late_by,
        status_from: pf.status_from.map(|k| {
            let m = &fc.milestones[k];
            let ms = &ws.projects[m.project].milestones[m.milestone];
            MilestoneName {
                id: ms.id.value.clone(),
                title: ms.title.clone(),
                late_by: m.rollup.late_by,
            }
        }),
        forecast: r.forecast_finish,
        due: r.due,
        counts: r.counts.clone(),
        estimate: cfg.format_effort(e.estimate_hours),
        spent: cfg.format_effort(e.spent_hours),
        remaining: cfg.format_effort(e.remaining_hours),
        budget: e.budget_hours.map(|b| cfg.format_effort(b)),
        chain: ws.task_ids(&r.critical_chain),
        milestones,
        plan,
        goals,
        attention: attention(ws, fc, id, 20),
        decisions,
        meetings,
        closed_this_week,
        created_this_week,
        burnup,
    }
}

/// Every decision, newest first.
fn decision_log(ws: &Workspace) -> Vec<DecisionEntry> {
    let mut ds: Vec<&crate::model::Decision> = ws.decisions.iter().collect();
    ds.sort_by_key(|d| (std::cmp::Reverse(d.date), std::cmp::Reverse(d.number)));
    ds.iter()
        .map(|d| DecisionEntry {
            id: d.id.value.clone(),
            title: d.title.clone(),
            status: d.status.name(),
            date: d.date,
            chosen: d.chosen.as_ref().map(|c| c.value.clone()),
            winner: decision::matrix(d).into_iter().next().map(|w| w.name),
            criteria: d
                .criteria
                .iter()
                .map(|(c, w)| (c.value.clone(), *w))
                .collect(),
            options: decision::matrix(d)
                .into_iter()
                .map(|r| OptionRow {
                    scores: d
                        .criteria
                        .iter()
                        .map(|(c, _)| {
                            d.options
                                .iter()
                                .find(|o| o.name.value == r.name)
                                .and_then(|o| o.scores.iter().find(|(n, _)| n.value == c.value))
                                .map(|(_, s)| *s)
                        })
                        .collect(),
                    total: (r.score * 100.0).round() / 100.0,
                    rank: r.rank,
                    chosen: r.chosen,
                    name: r.name,
                })
                .collect(),
            sensitivity: decision::sensitivity(d),
            supersedes: d.supersedes.as_ref().map(|s| s.value.clone()),
            superseded_by: ws
                .decisions
                .iter()
                .filter(|x| x.supersedes.as_ref().is_some_and(|s| s.value == d.id.value))
                .map(|x| x.id.value.clone())
                .collect(),
            project: d.project.as_ref().map(|p| p.value.clone()),
        })
        .collect()
}

/// Open action items by person (alphabetical), overdue first, then by due date.
fn open_actions(ws: &Workspace, today: Date) -> Vec<PersonActions> {
    let mut by_person: BTreeMap<String, Vec<ActionItem>> = BTreeMap::new();
    for m in &ws.meetings {
        for (n, i) in m.action_items().filter(|(_, i)| !i.checked) {
            let due = i.due.as_ref().map(|d| d.value);
            let tasks: Vec<TaskLink> = i
                .tasks
                .iter()
                .map(|t| TaskLink {
                    id: t.value.clone(),
                    page: ws
                        .task(&t.value)
                        .and_then(|x| x.project.as_ref())
                        .map(|p| page_name(&p.value)),
                })
                .collect();
            // The words, without `due:` (a date beside them) and the ids that are links.
            let words = i
                .text
                .split_whitespace()
                .filter(|w| !w.starts_with("due:"))
                .filter(|w| !tasks.iter().any(|t| t.page.is_some() && t.id == *w))
                .collect::<Vec<_>>()
                .join(" ");
            for p in &i.mentions {
                by_person
                    .entry(p.value.clone())
                    .or_default()
                    .push(ActionItem {
                        meeting: m.id.value.clone(),
                        meeting_title: m.title.clone(),
                        meeting_date: m.date.as_ref().map(|d| d.value),
                        meeting_page: m.project.as_ref().map(|p| page_name(&p.value)),
                        number: n,
                        text: i.text.clone(),
                        words: words.clone(),
                        due,
                        overdue: due.is_some_and(|d| d < today),
                        promoted: i.promoted_to().map(|t| t.value.clone()),
                        tasks: tasks.clone(),
                    });
            }
        }
    }
    by_person
        .into_iter()
        .map(|(person, mut items)| {
            items.sort_by_key(|a| (!a.overdue, a.due));
            PersonActions { person, items }
        })
        .collect()
}
