//! JSON Schemas for every file kind, generated from the Rust types below. These types
//! describe the front matter as written; the loader reads the same keys (a test keeps the
//! two in step) and `schema/` holds the committed output (a test keeps it in sync).

#![allow(dead_code)] // The types exist to be described, not constructed.

use crate::model::FileKind;
use schemars::{JsonSchema, schema_for};
use std::collections::BTreeMap;

/// The file `schema/` holds a kind's schema in.
pub fn file_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Config => "cairn.schema.json",
        FileKind::Project => "project.schema.json",
        FileKind::Task => "task.schema.json",
        FileKind::Meeting => "meeting.schema.json",
        FileKind::Decision => "decision.schema.json",
        // Plain lines, no front matter: no schema (see docs/format.md).
        FileKind::TimeLog => "",
    }
}

/// The JSON text of a kind's schema, newline-terminated.
pub fn render(kind: FileKind) -> String {
    let schema = match kind {
        FileKind::Config => schema_for!(ConfigFile),
        FileKind::Project => schema_for!(ProjectFile),
        FileKind::Task => schema_for!(TaskFile),
        FileKind::Meeting => schema_for!(MeetingFile),
        FileKind::Decision => schema_for!(DecisionFile),
        FileKind::TimeLog => return String::new(),
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}

/// The schema of a kind with the workspace's declared fields (`fields:` in cairn.yaml)
/// added as properties, typed, so an editor completes and checks them too.
pub fn render_for(kind: FileKind, config: &crate::model::Config) -> String {
    use crate::model::FieldType;
    use serde_json::{Value, json};
    let text = render(kind);
    let defs: Vec<_> = config.fields_of(kind).collect();
    if defs.is_empty() {
        return text;
    }
    let Ok(mut schema) = serde_json::from_str::<Value>(&text) else {
        return text;
    };
    for def in defs {
        let mut prop = match &def.ty {
            FieldType::Text => json!({"type": "string"}),
            FieldType::Number { min, max, unit } => {
                let mut p = json!({"type": "number"});
                if let Some(m) = min {
                    p["minimum"] = json!(m);
                }
                if let Some(m) = max {
                    p["maximum"] = json!(m);
                }
                if let Some(u) = unit {
                    p["description"] = json!(format!("In {u}."));
                }
                p
            }
            FieldType::Enum(values) => json!({"enum": values}),
            FieldType::List(values) => {
                let item = if values.is_empty() {
                    json!({"type": "string"})
                } else {
                    json!({"enum": values})
                };
                json!({"anyOf": [item.clone(), {"type": "array", "items": item}]})
            }
            FieldType::Date => json!({"type": "string", "format": "date"}),
            FieldType::Person => {
                json!({"enum": config.people.iter().map(|p| p.id.as_str()).collect::<Vec<_>>()})
            }
            FieldType::Bool => json!({"type": "boolean"}),
            FieldType::Url => json!({"type": "string", "format": "uri", "pattern": "^https?://"}),
        };
        let what = format!(
            "The team's field `{}` ({}, declared in cairn.yaml).",
            def.name,
            def.ty.name()
        );
        prop["description"] = match prop.get("description").and_then(Value::as_str) {
            Some(d) => json!(format!("{what} {d}")),
            None => json!(what),
        };
        if let Some(d) = &def.default {
            prop["default"] = serde_json::to_value(d).unwrap_or(Value::Null);
        }
        if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            props.insert(def.name.clone(), prop);
        }
        if def.required {
            match schema.get_mut("required").and_then(Value::as_array_mut) {
                Some(r) => r.push(json!(def.name)),
                None => schema["required"] = json!([def.name]),
            }
        }
    }
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or(text);
    out.push('\n');
    out
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(JsonSchema)]
#[schemars(transform = date_format)]
struct DateText(String);

fn date_format(s: &mut schemars::Schema) {
    s.insert("format".into(), "date".into());
}

/// An effort: a number and a unit, `h` (hours), `d` (working days of `hours_per_day`) or
/// `w` (5 days), e.g. `4h`, `3d`, `1.5w`.
#[derive(JsonSchema)]
#[schemars(transform = effort_pattern)]
struct Effort(String);

fn effort_pattern(s: &mut schemars::Schema) {
    s.insert("pattern".into(), r"^[0-9]+(\.[0-9]+)?[mhdw]$".into());
}

/// One value or a list of values.
#[derive(JsonSchema)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// `cairn.yaml`: the workspace's configuration.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// The workspace's name.
    name: String,
    /// Prefix of task ids (`T` gives `T-1`, `T-2`, ...). Default `T`.
    task_prefix: Option<String>,
    /// Prefix of decision ids. Default `D`.
    decision_prefix: Option<String>,
    calendar: Option<CalendarConfig>,
    /// Weight of a task with no estimate. Default `1d`.
    default_estimate: Option<Effort>,
    /// The unit of people's `rate` and projects' cost budgets (`EUR`, `USD`).
    currency: Option<String>,
    /// Workflow statuses in order, each mapped to a category. Default: todo (open), doing
    /// and review (active), done (done), cancelled (cancelled).
    statuses: Option<BTreeMap<String, StatusCategory>>,
    /// People by id (a lowercase slug used in `assignee`, `@mentions`, ...).
    people: Option<BTreeMap<String, PersonConfig>>,
    /// Allowed status moves, checked by `cairn review` and `cairn check --base`: each
    /// status maps to the statuses a task may move to from it. Unlisted statuses may move
    /// anywhere.
    transitions: Option<BTreeMap<String, Vec<String>>>,
    /// The forecast's odds: with `confidence`, `status`, `plan` and `review` show them and
    /// the at-risk rules use the date the plan meets with those odds.
    forecast: Option<ForecastConfig>,
    /// Where `cairn report` writes.
    reports: Option<ReportsConfig>,
    /// Severity overrides by rule name (`cairn check --list-rules`).
    rules: Option<BTreeMap<String, RuleLevel>>,
    /// The team's own fields, by name (lowercase letters, digits, `-`, `_`).
    fields: Option<BTreeMap<String, FieldDecl>>,
    /// Saved views, by name: `cairn list @NAME`, `cairn board @NAME`, a dashboard page.
    views: Option<BTreeMap<String, ViewDecl>>,
    /// The workspaces this one gathers into one plan (a portfolio).
    portfolio: Option<Vec<MemberEntry>>,
}

/// A member of a portfolio: a working tree (`path`) or a repository (`git`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct MemberEntry {
    /// The prefix of the member's ids in the portfolio (`mobile` gives `mobile:T-30`).
    name: String,
    /// The member's folder, relative to the portfolio's.
    path: Option<String>,
    /// A repository URL (or path); `cairn fetch` keeps a bare copy in cairn's state.
    git: Option<String>,
    /// The revision a `git` member is read at. Default `HEAD`.
    #[serde(rename = "ref")]
    rev: Option<String>,
    /// The workspace's folder inside the member. Default its top.
    dir: Option<String>,
}

/// A field the team adds to files of some kinds.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct FieldDecl {
    #[serde(rename = "type")]
    ty: FieldTypeName,
    /// The words of an `enum` (in order: comparisons use it) or of a `list`.
    values: Option<Vec<String>>,
    /// The kinds of file that carry it. Default `[task]`.
    kinds: Option<Vec<KindName>>,
    /// The value of a file that does not write it.
    default: Option<serde_json::Value>,
    /// Every file of those kinds must write it.
    required: Option<bool>,
    /// A `number`'s least value.
    min: Option<f64>,
    /// A `number`'s greatest value.
    max: Option<f64>,
    /// A `number`'s unit, for people.
    unit: Option<String>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum FieldTypeName {
    Text,
    Number,
    Enum,
    List,
    Date,
    Person,
    Bool,
    Url,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum KindName {
    Task,
    Project,
    Meeting,
    Decision,
}

/// A saved filter over tasks.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct ViewDecl {
    /// `tasks` (a table) or `board`. Default `tasks`.
    kind: Option<ViewKindName>,
    /// The dashboard page's title. Default: the view's name.
    title: Option<String>,
    /// A filter expression (docs/format.md, "Filters"), such as
    /// `assignee = @me and due < +7d`.
    #[serde(rename = "where")]
    expr: Option<String>,
    sort: Option<SortName>,
    /// Columns of `cairn list @NAME`: built-in ones or fields.
    columns: Option<Vec<String>>,
    /// At most this many tasks.
    #[schemars(range(min = 1))]
    limit: Option<u32>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum ViewKindName {
    Tasks,
    Board,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum SortName {
    Id,
    Due,
    Priority,
    Forecast,
    Updated,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct ReportsConfig {
    /// The reports folder, relative to the workspace. Default `reports`.
    dir: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct CalendarConfig {
    /// Working weekdays. Default mon to fri.
    workdays: Option<Vec<Weekday>>,
    /// Hours in a working day. Default 8.
    hours_per_day: Option<f64>,
    /// Days nobody works.
    holidays: Option<Vec<DateText>>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum StatusCategory {
    Open,
    Active,
    Done,
    Cancelled,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum RuleLevel {
    Level(RuleLevelName),
    /// `false` switches the rule off.
    Off(bool),
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum RuleLevelName {
    Error,
    Warning,
    Off,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct PersonConfig {
    /// Full name.
    name: String,
    email: Option<String>,
    /// Share of a full working day, above 0 and at most 1. Default 1.
    capacity: Option<f64>,
    /// The cost of an hour of their work, in the workspace's `currency`.
    rate: Option<f64>,
    /// Days off: dates or inclusive ranges `2026-12-21..2026-12-31`.
    time_off: Option<Vec<String>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct ForecastConfig {
    /// A whole percentage from 50 to 99 (85: at risk when the P85 date is after due).
    #[schemars(range(min = 50, max = 99))]
    confidence: Option<u8>,
    /// Runs of the simulation, 10 to 100000; default 500.
    #[schemars(range(min = 10, max = 100000))]
    samples: Option<u32>,
}

/// `projects/<id>.md` front matter.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
// `x-…` fields are extensions (`cairn import` keeps another tool's fields there).
#[schemars(extend("patternProperties" = {"^x-": {}}))]
struct ProjectFile {
    /// Lowercase slug, equal to the file stem.
    id: String,
    title: String,
    /// A person id.
    owner: Option<String>,
    /// Default `active`.
    status: Option<ProjectStatus>,
    start: Option<DateText>,
    due: Option<DateText>,
    /// Effort budget (`120d`), or effort and money: `{effort: 120d, cost: 48000}`.
    budget: Option<BudgetValue>,
    /// The git revision (a tag such as `v1-plan`) that earned value compares with.
    baseline: Option<String>,
    /// When the project was closed (`cairn close`).
    closed: Option<DateText>,
    milestones: Option<Vec<MilestoneEntry>>,
    /// KPIs or key results.
    goals: Option<Vec<GoalEntry>>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum ProjectStatus {
    Planned,
    Active,
    OnHold,
    Done,
    Cancelled,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct MilestoneEntry {
    /// A slug unique in the project.
    id: String,
    title: Option<String>,
    due: Option<DateText>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct GoalEntry {
    id: String,
    title: Option<String>,
    unit: Option<String>,
    baseline: f64,
    target: f64,
    /// The latest value, by hand (a goal with a `source` takes its file's latest row).
    current: Option<f64>,
    /// When the target is to be reached; default: the project's `due`.
    due: Option<DateText>,
    source: Option<MetricSourceEntry>,
    /// How many of the latest measurements the trend is fitted to. Default 8.
    #[schemars(range(min = 2, max = 1000))]
    trend_points: Option<u32>,
}

/// Where a goal's measurements are: a CSV file with a header row, or JSON Lines
/// (`.jsonl`, `.ndjson`), one measurement per row.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct MetricSourceEntry {
    /// Workspace-relative path, such as `metrics/signups.csv`.
    file: String,
    /// The column (CSV) or field (JSON Lines) of the value.
    column: String,
    /// The column or field of the date. Default `date`.
    date: Option<String>,
}

/// `tasks/**/<ID>-<slug>.md` front matter.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
// `x-…` fields are extensions (`cairn import` keeps another tool's fields there).
#[schemars(extend("patternProperties" = {"^x-": {}}))]
struct TaskFile {
    /// `<task_prefix>-<number>`; the file name starts with it.
    id: String,
    title: String,
    /// A workflow status from cairn.yaml; default the first `open` one.
    status: Option<String>,
    /// A project id.
    project: Option<String>,
    /// A milestone id of the task's project.
    milestone: Option<String>,
    /// A person id or a list of them.
    assignee: Option<OneOrMany>,
    /// Default `normal`.
    priority: Option<Priority>,
    estimate: Option<Effort>,
    spent: Option<Effort>,
    /// The most hours a day each assignee gives the task (`6h`), or only the people
    /// named (`{dev2: 6h}`).
    max_per_day: Option<DailyLimitValue>,
    /// Percent done, 0 to 100.
    #[schemars(range(min = 0, max = 100))]
    progress: Option<f64>,
    /// Not to be started before this date.
    start: Option<DateText>,
    due: Option<DateText>,
    /// Task ids this task waits for.
    depends_on: Option<OneOrMany>,
    /// A task id.
    parent: Option<String>,
    tags: Option<OneOrMany>,
    /// Paths relative to this file, inside the repository.
    attachments: Option<OneOrMany>,
    created: Option<DateText>,
    closed: Option<DateText>,
    /// Makes the task a template of recurring work: `daily`, `weekdays`, `weekly on
    /// mon,thu`, `every 2 weeks`, `monthly on 1`, or an RRULE subset
    /// (`FREQ=WEEKLY;BYDAY=MO`); `cairn recur` creates its instances.
    recur: Option<String>,
    /// Where an imported task came from (`backlog-md:BACK-24`, `github:owner/repo#12`);
    /// `cairn import` matches it on the next run.
    source: Option<String>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum BudgetValue {
    Effort(Effort),
    Both {
        effort: Option<Effort>,
        /// In the workspace's `currency`.
        cost: Option<f64>,
    },
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum DailyLimitValue {
    All(Effort),
    People(std::collections::BTreeMap<String, Effort>),
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

/// `meetings/**/<date>-<slug>.md` front matter.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
// `x-…` fields are extensions (`cairn import` keeps another tool's fields there).
#[schemars(extend("patternProperties" = {"^x-": {}}))]
struct MeetingFile {
    /// Default: the file stem.
    id: Option<String>,
    title: String,
    date: DateText,
    project: Option<String>,
    /// Person ids.
    attendees: Option<OneOrMany>,
    /// A free name grouping recurring meetings, e.g. `weekly-sync`.
    series: Option<String>,
    /// A person id.
    facilitator: Option<String>,
}

/// `decisions/**/<ID>-<slug>.md` front matter.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
// `x-…` fields are extensions (`cairn import` keeps another tool's fields there).
#[schemars(extend("patternProperties" = {"^x-": {}}))]
struct DecisionFile {
    /// `<decision_prefix>-<number>`; the file name starts with it.
    id: String,
    title: Option<String>,
    /// Default `proposed`.
    status: Option<DecisionStatus>,
    date: Option<DateText>,
    /// When a proposed decision must be made.
    due: Option<DateText>,
    /// Person ids.
    deciders: Option<OneOrMany>,
    project: Option<String>,
    /// The decision id this one replaces.
    supersedes: Option<String>,
    /// Criterion name to a positive weight.
    criteria: Option<BTreeMap<String, f64>>,
    options: Option<Vec<DecisionOptionEntry>>,
    /// The name of the chosen option.
    chosen: Option<String>,
    /// Task ids that carry the decision out.
    tasks: Option<OneOrMany>,
    /// Where an imported decision came from.
    source: Option<String>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum DecisionStatus {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct DecisionOptionEntry {
    name: String,
    /// Criterion name to a score.
    scores: Option<BTreeMap<String, f64>>,
    notes: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    fn properties(kind: FileKind, def: Option<&str>) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&render(kind)).expect("valid JSON");
        let obj = match def {
            None => &v,
            Some(d) => &v["$defs"][d],
        };
        let mut keys: Vec<String> = obj["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    }

    #[test]
    fn loader_reads_exactly_the_schema_keys() {
        assert_eq!(
            properties(FileKind::Config, None),
            sorted(load::CONFIG_KEYS)
        );
        assert_eq!(
            properties(FileKind::Config, Some("CalendarConfig")),
            sorted(load::CALENDAR_KEYS)
        );
        assert_eq!(
            properties(FileKind::Config, Some("ReportsConfig")),
            sorted(load::REPORTS_KEYS)
        );
        assert_eq!(
            properties(FileKind::Config, Some("PersonConfig")),
            sorted(load::PERSON_KEYS)
        );
        assert_eq!(
            properties(FileKind::Project, None),
            sorted(load::PROJECT_KEYS)
        );
        assert_eq!(
            properties(FileKind::Project, Some("MilestoneEntry")),
            sorted(load::MILESTONE_KEYS)
        );
        assert_eq!(
            properties(FileKind::Project, Some("GoalEntry")),
            sorted(load::GOAL_KEYS)
        );
        assert_eq!(properties(FileKind::Task, None), sorted(load::TASK_KEYS));
        assert_eq!(
            properties(FileKind::Meeting, None),
            sorted(load::MEETING_KEYS)
        );
        assert_eq!(
            properties(FileKind::Decision, None),
            sorted(load::DECISION_KEYS)
        );
        assert_eq!(
            properties(FileKind::Decision, Some("DecisionOptionEntry")),
            sorted(load::OPTION_KEYS)
        );
        assert_eq!(
            properties(FileKind::Project, Some("MetricSourceEntry")),
            sorted(load::SOURCE_KEYS)
        );
        assert_eq!(
            properties(FileKind::Config, Some("FieldDecl")),
            sorted(load::custom::FIELD_KEYS)
        );
        assert_eq!(
            properties(FileKind::Config, Some("ViewDecl")),
            sorted(load::custom::VIEW_KEYS)
        );
        assert_eq!(
            properties(FileKind::Config, Some("MemberEntry")),
            sorted(load::MEMBER_KEYS)
        );
    }

    #[test]
    fn declared_fields_join_the_schema_of_their_kinds() {
        let mut sink = crate::text::fields::Sink::new("cairn.yaml");
        let config = load::parse_config(
            "name: x\npeople: {ann: {name: Ann}}\nfields:\n  risk: {type: enum, values: [low, high], default: low, required: true}\n  points: {type: number, min: 0, max: 13}\n  owner2: {type: person, kinds: [project]}\n",
            &mut sink,
        );
        assert!(sink.diags.is_empty(), "{:?}", sink.diags);
        let task: serde_json::Value =
            serde_json::from_str(&render_for(FileKind::Task, &config)).unwrap();
        assert_eq!(
            task["properties"]["risk"]["enum"],
            serde_json::json!(["low", "high"])
        );
        assert_eq!(task["properties"]["risk"]["default"], "low");
        assert_eq!(task["properties"]["points"]["maximum"], 13.0);
        assert!(
            task["required"]
                .as_array()
                .unwrap()
                .contains(&"risk".into())
        );
        assert!(task["properties"].get("owner2").is_none());
        let project: serde_json::Value =
            serde_json::from_str(&render_for(FileKind::Project, &config)).unwrap();
        assert_eq!(
            project["properties"]["owner2"]["enum"],
            serde_json::json!(["ann"])
        );
    }

    #[test]
    fn committed_schemas_match_the_types() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema"));
        for kind in FileKind::ALL {
            let path = dir.join(file_name(kind));
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == render(kind),
                "{} is out of date: run `cargo run -- schema --write`",
                path.display()
            );
        }
    }
}
