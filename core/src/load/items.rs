//! Items from front matter: a project, task, meeting or decision read field by field
//! from the spanned YAML tree, every problem a diagnostic with its position.

use super::source::{TreeSource, resolve_link};
use super::text::{id_number, split_front_matter};
use super::{FileKind, Item};
use crate::diag::{Pos, Rule};
use crate::model::*;
use crate::text::body::{self, BodyContext};
use crate::text::fields::{Fields, Sink};
use crate::text::yaml::{self, Node, ProblemKind, Value};
use jiff::civil::Date;

pub const PROJECT_KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "status",
    "start",
    "due",
    "budget",
    "baseline",
    "closed",
    "milestones",
    "goals",
];
pub const MILESTONE_KEYS: &[&str] = &["id", "title", "due"];
pub const GOAL_KEYS: &[&str] = &[
    "id",
    "title",
    "unit",
    "baseline",
    "target",
    "current",
    "due",
    "source",
    "trend_points",
];
pub const SOURCE_KEYS: &[&str] = &["file", "column", "date"];
pub const TASK_KEYS: &[&str] = &[
    "id",
    "title",
    "status",
    "project",
    "milestone",
    "assignee",
    "priority",
    "estimate",
    "spent",
    "max_per_day",
    "progress",
    "start",
    "due",
    "depends_on",
    "parent",
    "tags",
    "attachments",
    "created",
    "closed",
    "recur",
    "source",
];
/// The front-matter keys of a kind of file, in the order cairn writes them.
pub fn keys_of(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::Project => PROJECT_KEYS,
        FileKind::Task => TASK_KEYS,
        FileKind::Meeting => MEETING_KEYS,
        FileKind::Decision => DECISION_KEYS,
        FileKind::Config | FileKind::TimeLog => &[],
    }
}

pub const MEETING_KEYS: &[&str] = &[
    "id",
    "title",
    "date",
    "project",
    "attendees",
    "series",
    "facilitator",
];
pub const DECISION_KEYS: &[&str] = &[
    "id",
    "title",
    "status",
    "date",
    "due",
    "deciders",
    "project",
    "supersedes",
    "criteria",
    "options",
    "chosen",
    "tasks",
    "source",
];
pub const OPTION_KEYS: &[&str] = &["name", "scores", "notes"];

pub(super) fn parse_yaml(text: &str, first_line: usize, sink: &mut Sink) -> Option<Node> {
    let parsed = yaml::parse(text, first_line);
    for p in parsed.problems {
        let rule = match p.kind {
            ProblemKind::Syntax => Rule::YamlSyntax,
            ProblemKind::DuplicateKey => Rule::DuplicateKey,
        };
        sink.push(rule, p.pos, p.message);
    }
    parsed.root
}

pub(super) fn parse_item(
    source: &dyn TreeSource,
    config: &Config,
    path: &str,
    kind: FileKind,
    text: &str,
    sink: &mut Sink,
) -> Option<Item> {
    let parts = match split_front_matter(text) {
        Ok(p) => p,
        Err((pos, msg)) => {
            sink.push(Rule::FrontMatter, pos, msg);
            return None;
        }
    };
    let root = parse_yaml(parts.yaml, parts.yaml_line, sink);
    let root = root.unwrap_or(Node {
        value: Value::Null,
        pos: Pos::START,
    });
    let empty = Node {
        value: Value::Map(Vec::new()),
        pos: Pos::START,
    };
    let root = if root.is_null() { &empty } else { &root };
    if sink.diags.iter().any(|d| d.rule == Rule::YamlSyntax) {
        return None;
    }
    let prefix = source.workspace_prefix();
    let resolve = |target: &str| match resolve_link(prefix, path, target) {
        Some(p) => source.link_state(&p),
        None => LinkState::Escapes,
    };
    let ctx = BodyContext {
        task_prefix: &config.task_prefix,
        resolve: &resolve,
    };
    let body = body::parse(parts.body, parts.body_line, &ctx, sink);
    let mut fields = Fields::of(root, &format!("{} front matter", kind.name()), sink)?;
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md");
    let custom = super::custom::read(&mut fields, config, kind, sink);
    let item = match kind {
        FileKind::Project => project(&mut fields, config, stem, body, sink).map(|p| {
            Item::Project(Project {
                fields: custom,
                ..p
            })
        }),
        FileKind::Task => task(&mut fields, config, stem, body, &resolve, sink).map(|t| {
            Item::Task(Task {
                fields: custom,
                ..t
            })
        }),
        FileKind::Meeting => meeting(&mut fields, stem, body, sink).map(|m| {
            Item::Meeting(Meeting {
                fields: custom,
                ..m
            })
        }),
        FileKind::Decision => decision(&mut fields, config, stem, body, sink).map(|d| {
            Item::Decision(Decision {
                fields: custom,
                ..d
            })
        }),
        // cairn.yaml is read by `config::parse`, time logs by `timelog`: never items.
        FileKind::Config | FileKind::TimeLog => return None,
    };
    // The team's declared fields count as known (a typo of one is suggested).
    let mut known: Vec<&str> = keys_of(kind).to_vec();
    known.extend(config.fields_of(kind).map(|f| f.name.as_str()));
    fields.finish(&known, kind.name(), sink);
    item
}

/// Reads and checks a numbered id (`T-12`, `D-3`) against the file name.
fn numbered_id(
    fields: &mut Fields,
    what: &str,
    prefix: &str,
    stem: &str,
    sink: &mut Sink,
) -> Option<(Sp<String>, u64)> {
    let node = fields.require("id", what, sink)?;
    let id = sink.text(node, "id")?;
    // A recurring task's instance: `T-40@2026-12-07` (see `recur:`).
    let plain = match id.value.split_once('@') {
        Some((base, date)) if what == "task" && crate::text::fields::parse_date(date).is_ok() => {
            base
        }
        _ => id.value.as_str(),
    };
    let Some(number) = id_number(plain, prefix) else {
        sink.push_hint(
            Rule::InvalidValue,
            id.pos,
            format!(
                "{what} id `{}` is not of the form `{prefix}-<number>`",
                id.value
            ),
            format!(
                "use an id like `{prefix}-12` (numbers up to {})",
                super::text::MAX_ID_NUMBER
            ),
        );
        return None;
    };
    let matches = stem == id.value
        || stem
            .strip_prefix(id.value.as_str())
            .is_some_and(|rest| rest.starts_with('-'));
    if !matches {
        sink.push_hint(
            Rule::IdMismatch,
            id.pos,
            format!("id `{}` does not match the file name `{stem}.md`", id.value),
            format!(
                "rename the file to start with `{}-`, or fix the id",
                id.value
            ),
        );
    }
    Some((id, number))
}

pub(super) fn text_field(fields: &mut Fields, key: &str, sink: &mut Sink) -> Option<String> {
    let node = fields.get(key)?;
    sink.text(node, key).map(|s| s.value)
}

pub(super) fn sp_text(fields: &mut Fields, key: &str, sink: &mut Sink) -> Option<Sp<String>> {
    let node = fields.get(key)?;
    sink.text(node, key)
}

fn date_field(fields: &mut Fields, key: &str, sink: &mut Sink) -> Option<Sp<Date>> {
    let node = fields.get(key)?;
    sink.date(node, key)
}

fn effort_field(fields: &mut Fields, key: &str, config: &Config, sink: &mut Sink) -> Option<f64> {
    let node = fields.get(key)?;
    sink.effort(node, key, config.calendar.hours_per_day)
}

/// `budget: 120d` (effort), or `budget: {effort: 120d, cost: 48000}`.
fn budget(fields: &mut Fields, config: &Config, sink: &mut Sink) -> (Option<f64>, Option<f64>) {
    let Some(node) = fields.get("budget") else {
        return (None, None);
    };
    if !matches!(node.value, Value::Map(_)) {
        return (
            sink.effort(node, "budget", config.calendar.hours_per_day),
            None,
        );
    }
    let Some(mut f) = Fields::of(node, "`budget`", sink) else {
        return (None, None);
    };
    let effort = f
        .get("effort")
        .and_then(|n| sink.effort(n, "budget.effort", config.calendar.hours_per_day));
    let cost = f.get("cost").and_then(|n| {
        let v = sink.number(n, "budget.cost")?;
        if v >= 0.0 && v.is_finite() {
            Some(v)
        } else {
            sink.push(
                Rule::InvalidValue,
                n.pos,
                format!("`budget.cost` is {v}; it must be 0 or more"),
            );
            None
        }
    });
    f.finish(&["effort", "cost"], "`budget`", sink);
    (effort, cost)
}

/// `max_per_day: 6h` or `max_per_day: {dev2: 6h}`; a limit must be above zero.
fn daily_limit(fields: &mut Fields, config: &Config, sink: &mut Sink) -> Option<DailyLimit> {
    let node = fields.get("max_per_day")?;
    let hours = config.calendar.hours_per_day;
    let positive = |n: &Node, sink: &mut Sink| {
        let h = sink.effort(n, "max_per_day", hours)?;
        if h > 0.0 {
            Some(h)
        } else {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                "`max_per_day` must be above zero",
                "leave it out for no limit",
            );
            None
        }
    };
    let mut limit = DailyLimit::default();
    if let Value::Map(pairs) = &node.value {
        for (k, v) in pairs {
            let (Some(who), Some(h)) = (sink.text(k, "max_per_day"), positive(v, sink)) else {
                continue;
            };
            limit.people.push((who, h));
        }
    } else {
        limit.all = Some(Sp::new(positive(node, sink)?, node.pos));
    }
    (limit.all.is_some() || !limit.people.is_empty()).then_some(limit)
}

fn list_field(fields: &mut Fields, key: &str, sink: &mut Sink) -> Vec<Sp<String>> {
    fields
        .get(key)
        .map(|n| sink.text_list(n, key))
        .unwrap_or_default()
}

fn required_title(fields: &mut Fields, what: &str, sink: &mut Sink) -> String {
    fields
        .require("title", what, sink)
        .and_then(|n| sink.text(n, "title"))
        .map(|s| s.value)
        .unwrap_or_default()
}

fn project(
    fields: &mut Fields,
    config: &Config,
    stem: &str,
    body: Body,
    sink: &mut Sink,
) -> Option<Project> {
    let what = "project";
    let id = fields
        .require("id", what, sink)
        .and_then(|n| sink.text(n, "id"));
    let title = required_title(fields, what, sink);
    let id = id?;
    if !is_slug(&id.value) {
        sink.push_hint(
            Rule::InvalidValue,
            id.pos,
            format!("project id `{}` is not a lowercase slug", id.value),
            "use lowercase letters, digits and `-`, like `website-relaunch`",
        );
    } else if id.value != stem {
        sink.push_hint(
            Rule::IdMismatch,
            id.pos,
            format!(
                "project id `{}` does not match the file name `{stem}.md`",
                id.value
            ),
            format!("rename the file to `{}.md`, or fix the id", id.value),
        );
    }
    let status = fields
        .get("status")
        .and_then(|n| sink.one_of(n, "status", &ProjectStatus::NAMES, ProjectStatus::parse))
        .unwrap_or(ProjectStatus::Active);
    let mut milestones = Vec::new();
    if let Some(node) = fields.get("milestones") {
        for m in sink.seq(node, "milestones") {
            let Some(mut f) = Fields::of(m, "a milestone", sink) else {
                continue;
            };
            let mid = f
                .require("id", "milestone", sink)
                .and_then(|n| sink.text(n, "id"));
            let title = text_field(&mut f, "title", sink).unwrap_or_default();
            let due = date_field(&mut f, "due", sink);
            f.finish(MILESTONE_KEYS, "a milestone", sink);
            let Some(mid) = mid else { continue };
            if !is_slug(&mid.value) {
                sink.push(
                    Rule::InvalidValue,
                    mid.pos,
                    format!("milestone id `{}` is not a lowercase slug", mid.value),
                );
            }
            let title = if title.is_empty() {
                mid.value.clone()
            } else {
                title
            };
            milestones.push(Milestone {
                id: mid,
                title,
                due,
            });
        }
    }
    let mut goals = Vec::new();
    if let Some(node) = fields.get("goals") {
        for g in sink.seq(node, "goals") {
            let Some(mut f) = Fields::of(g, "a goal", sink) else {
                continue;
            };
            let gid = f
                .require("id", "goal", sink)
                .and_then(|n| sink.text(n, "id"));
            let title = text_field(&mut f, "title", sink).unwrap_or_default();
            let unit = text_field(&mut f, "unit", sink);
            let mut num = |key: &str, f: &mut Fields| f.get(key).and_then(|n| sink.number(n, key));
            let baseline = num("baseline", &mut f);
            let target = num("target", &mut f);
            let current = num("current", &mut f);
            let due = date_field(&mut f, "due", sink);
            let source = f.get("source").and_then(|n| metric_source(n, sink));
            let trend_points = match f.get("trend_points") {
                None => DEFAULT_TREND_POINTS,
                Some(n) => {
                    match sink.number(n, "trend_points") {
                        Some(v) if (2.0..=1000.0).contains(&v) && v.fract() == 0.0 => v as usize,
                        Some(v) => {
                            sink.push(
                            Rule::InvalidValue,
                            n.pos,
                            format!("`trend_points` is {v}; it must be a whole number from 2 to 1000"),
                        );
                            DEFAULT_TREND_POINTS
                        }
                        None => DEFAULT_TREND_POINTS,
                    }
                }
            };
            f.finish(GOAL_KEYS, "a goal", sink);
            let Some(gid) = gid else { continue };
            goals.push(Goal {
                id: gid,
                title,
                unit,
                baseline,
                target,
                current,
                due,
                source,
                trend_points,
                series: Vec::new(),
                pos: g.pos,
            });
        }
    }
    let (budget_hours, budget_cost) = budget(fields, config, sink);
    // `closed:` (written by `cairn close`) is checked to be a date.
    let _ = date_field(fields, "closed", sink);
    Some(Project {
        file: 0,
        id,
        title,
        owner: sp_text(fields, "owner", sink),
        status,
        start: date_field(fields, "start", sink),
        due: date_field(fields, "due", sink),
        budget_hours,
        budget_cost,
        baseline: text_field(fields, "baseline", sink),
        milestones,
        goals,
        fields: Vec::new(),
        body,
    })
}

/// A goal's `source: {file: metrics/signups.csv, column: signups, date: day}`; the file
/// must be a relative path inside the workspace.
fn metric_source(node: &Node, sink: &mut Sink) -> Option<MetricSource> {
    let mut f = Fields::of(node, "a goal's `source`", sink)?;
    let file = f
        .require("file", "a goal's `source`", sink)
        .and_then(|n| sink.text(n, "file"));
    let column = f
        .require("column", "a goal's `source`", sink)
        .and_then(|n| sink.text(n, "column"));
    let date = text_field(&mut f, "date", sink).unwrap_or_else(|| "date".into());
    f.finish(SOURCE_KEYS, "a goal's `source`", sink);
    let file = file?;
    let path = file.value.replace('\\', "/");
    if path.is_empty()
        || path.starts_with('/')
        || path.split('/').any(|p| p == ".." || p.is_empty())
        || path.contains(':')
    {
        sink.push_hint(
            Rule::PathEscape,
            file.pos,
            format!(
                "`source.file` `{}` must be a relative path inside the workspace",
                file.value
            ),
            "for example `metrics/signups.csv`",
        );
        return None;
    }
    Some(MetricSource {
        file: Sp::new(path, file.pos),
        column: column?.value,
        date,
    })
}

fn task(
    fields: &mut Fields,
    config: &Config,
    stem: &str,
    body: Body,
    resolve: &dyn Fn(&str) -> LinkState,
    sink: &mut Sink,
) -> Option<Task> {
    let what = "task";
    let id = numbered_id(fields, what, &config.task_prefix, stem, sink);
    let title = required_title(fields, what, sink);
    let (id, number) = id?;
    let status = match fields.get("status") {
        Some(n) => sink.text(n, "status")?,
        None => Sp::new(
            config
                .first_status(StatusCategory::Open)
                .unwrap_or("todo")
                .to_owned(),
            id.pos,
        ),
    };
    let priority = fields
        .get("priority")
        .and_then(|n| sink.one_of(n, "priority", &Priority::NAMES, Priority::parse))
        .unwrap_or(Priority::Normal);
    let progress = fields.get("progress").and_then(|n| {
        let v = sink.number(n, "progress")?;
        if (0.0..=100.0).contains(&v) {
            Some(Sp::new(v, n.pos))
        } else {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                format!("`progress` is {v}; it must be between 0 and 100"),
                "progress is a percentage",
            );
            None
        }
    });
    let attachments = list_field(fields, "attachments", sink)
        .into_iter()
        .map(|a| Link {
            state: resolve(&a.value),
            target: a.value,
            pos: a.pos,
        })
        .collect();
    let tags = list_field(fields, "tags", sink)
        .into_iter()
        .map(|t| t.value)
        .collect();
    let estimate_pos = fields.get("estimate").map_or(id.pos, |n| n.pos);
    Some(Task {
        file: 0,
        number,
        title,
        status,
        project: sp_text(fields, "project", sink),
        milestone: sp_text(fields, "milestone", sink),
        assignees: list_field(fields, "assignee", sink),
        priority,
        estimate_hours: effort_field(fields, "estimate", config, sink),
        estimate_pos,
        spent_hours: effort_field(fields, "spent", config, sink),
        max_per_day: daily_limit(fields, config, sink),
        progress,
        start: date_field(fields, "start", sink),
        due: date_field(fields, "due", sink),
        depends_on: list_field(fields, "depends_on", sink),
        parent: sp_text(fields, "parent", sink),
        tags,
        attachments,
        created: date_field(fields, "created", sink).map(|d| d.value),
        closed: date_field(fields, "closed", sink),
        recur: recur_field(fields, sink),
        fields: Vec::new(),
        source: text_field(fields, "source", sink),
        body,
        id,
    })
}

/// `recur:`, kept as written when it is a rule cairn reads (else `invalid-value`).
fn recur_field(fields: &mut Fields, sink: &mut Sink) -> Option<Sp<String>> {
    let node = fields.get("recur")?;
    let text = sink.text(node, "recur")?;
    match crate::text::recur::Recur::parse(&text.value) {
        Ok(r) => {
            if r.needs_anchor() && fields.get("start").is_none() {
                sink.push_hint(
                    Rule::InvalidValue,
                    text.pos,
                    format!("`recur: {}` depends on where it starts", text.value),
                    "add `start:` with the first occurrence",
                );
            }
            Some(text)
        }
        Err(why) => {
            sink.push_hint(
                Rule::InvalidValue,
                text.pos,
                format!("`recur`: {why}"),
                "daily, weekdays, weekly [on mon,thu], monthly [on 1], every 2 weeks, or FREQ=WEEKLY;BYDAY=MO",
            );
            None
        }
    }
}

fn meeting(fields: &mut Fields, stem: &str, body: Body, sink: &mut Sink) -> Option<Meeting> {
    let what = "meeting";
    let title = required_title(fields, what, sink);
    let date = fields
        .require("date", what, sink)
        .and_then(|n| sink.date(n, "date"));
    let id = sp_text(fields, "id", sink).unwrap_or_else(|| Sp::new(stem.to_owned(), Pos::START));
    Some(Meeting {
        file: 0,
        id,
        title,
        date,
        project: sp_text(fields, "project", sink),
        attendees: list_field(fields, "attendees", sink),
        series: text_field(fields, "series", sink),
        facilitator: sp_text(fields, "facilitator", sink),
        fields: Vec::new(),
        body,
    })
}

/// A `name: positive number` mapping (criteria weights, option scores).
fn number_map(node: &Node, key: &str, positive: bool, sink: &mut Sink) -> Vec<(Sp<String>, f64)> {
    let Some(mut f) = Fields::of(node, &format!("`{key}`"), sink) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in f.all() {
        let Some(name) = sink.text(k, key) else {
            continue;
        };
        let Some(value) = sink.number(v, key) else {
            continue;
        };
        if positive && value <= 0.0 {
            sink.push(
                Rule::InvalidValue,
                v.pos,
                format!(
                    "weight of `{}` is {value}; weights must be positive",
                    name.value
                ),
            );
            continue;
        }
        out.push((name, value));
    }
    out
}

fn decision(
    fields: &mut Fields,
    config: &Config,
    stem: &str,
    body: Body,
    sink: &mut Sink,
) -> Option<Decision> {
    let what = "decision";
    let (id, number) = numbered_id(fields, what, &config.decision_prefix, stem, sink)?;
    let title = text_field(fields, "title", sink).unwrap_or_default();
    let (status, status_pos) = match fields.get("status") {
        Some(n) => (
            sink.one_of(n, "status", &DecisionStatus::NAMES, DecisionStatus::parse)
                .unwrap_or(DecisionStatus::Proposed),
            n.pos,
        ),
        None => (DecisionStatus::Proposed, id.pos),
    };
    let criteria = fields
        .get("criteria")
        .map(|n| number_map(n, "criteria", true, sink))
        .unwrap_or_default();
    let mut options = Vec::new();
    if let Some(node) = fields.get("options") {
        for o in sink.seq(node, "options") {
            let Some(mut f) = Fields::of(o, "an option", sink) else {
                continue;
            };
            let name = f
                .require("name", "option", sink)
                .and_then(|n| sink.text(n, "name"));
            let scores = f
                .get("scores")
                .map(|n| number_map(n, "scores", false, sink))
                .unwrap_or_default();
            let notes = text_field(&mut f, "notes", sink);
            f.finish(OPTION_KEYS, "an option", sink);
            if let Some(name) = name {
                options.push(DecisionOption {
                    name,
                    scores,
                    notes,
                });
            }
        }
    }
    Some(Decision {
        file: 0,
        number,
        title,
        status,
        status_pos,
        date: date_field(fields, "date", sink).map(|d| d.value),
        due: date_field(fields, "due", sink),
        deciders: list_field(fields, "deciders", sink),
        project: sp_text(fields, "project", sink),
        supersedes: sp_text(fields, "supersedes", sink),
        criteria,
        options,
        chosen: sp_text(fields, "chosen", sink),
        tasks: list_field(fields, "tasks", sink),
        source: text_field(fields, "source", sink),
        fields: Vec::new(),
        body,
        id,
    })
}
