//! The workspace as typed values: what the loader produces and analysis reads.
//!
//! Fields that rules point at keep their position (`Sp<T>`), so a finding can name the
//! line and column of the offending value.

use crate::diag::{Pos, RuleLevels};
use jiff::civil::{Date, Weekday};
use serde::{Serialize, Serializer};
use std::collections::{BTreeSet, HashMap};

mod custom;
pub use custom::*;

/// A value with the position it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Sp<T> {
    pub fn new(value: T, pos: Pos) -> Sp<T> {
        Sp { value, pos }
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl Sp<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// The kind of a workspace file, from the folder it sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Config,
    Project,
    Task,
    Meeting,
    Decision,
    /// A time log: `time/<person>/<YYYY-MM>.md` (no front matter; not in [`ALL`](Self::ALL)).
    TimeLog,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Config,
        FileKind::Project,
        FileKind::Task,
        FileKind::Meeting,
        FileKind::Decision,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Project => "project",
            FileKind::Task => "task",
            FileKind::Meeting => "meeting",
            FileKind::Decision => "decision",
            FileKind::TimeLog => "time log",
        }
    }

    /// The kind of a workspace-relative path, from its top folder.
    pub fn of_path(path: &str) -> Option<FileKind> {
        match path.split('/').next()? {
            "projects" => Some(FileKind::Project),
            "tasks" => Some(FileKind::Task),
            "meetings" => Some(FileKind::Meeting),
            "decisions" => Some(FileKind::Decision),
            _ => None,
        }
    }

    pub const FOLDERS: [&'static str; 4] = ["projects", "tasks", "meetings", "decisions"];

    /// Every folder a load lists: the item folders and the time logs.
    pub const LISTED: [&'static str; 5] = ["projects", "tasks", "meetings", "decisions", "time"];
}

/// A list of name-value pairs as a JSON object.
pub fn pairs_as_map<S: serde::Serializer>(
    pairs: &[(String, String)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// One line of a time log (`time/<person>/<YYYY-MM>.md`): `- 2026-12-01 T-11 3h note`.
#[derive(Clone, Debug, Serialize)]
pub struct TimeEntry {
    #[serde(skip)]
    pub file: usize,
    pub line: u32,
    pub person: String,
    pub date: Date,
    pub task: String,
    /// Where the task id is written.
    #[serde(skip)]
    pub task_pos: Pos,
    pub hours: f64,
    pub note: String,
}

/// An id that is a lowercase slug (`website`, `beta-2`): safe in a file name and a URL.
/// A person id: a slug that may also hold dots inside (`gpt-5.5-xhigh`, `jane.doe`), as
/// other tools' user names do; `@jane.doe` mentions find it.
pub fn is_person_id(s: &str) -> bool {
    let inner = s.replace('.', "-");
    is_slug(&inner) && !s.ends_with('.') && !s.contains("..")
}

/// `name` as a person id: lowercase, the characters a person id may hold kept (letters,
/// digits, `-`, `_`, `.`), any other run of them one `-`. Empty when nothing is left.
pub fn person_id_of(name: &str) -> String {
    let mut out = String::new();
    for c in name
        .trim()
        .trim_start_matches('@')
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.contains("..") {
        out = out.replace("..", ".");
    }
    out.trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
        .trim_end_matches(['-', '.'])
        .to_owned()
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// One file that was read, kept so diagnostics can quote their source line.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub kind: FileKind,
    pub text: String,
    /// Where each line starts, found on the first [`SourceFile::line`] call: quoting
    /// 50,000 findings of one file must not scan the file 50,000 times.
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: String, kind: FileKind, text: String) -> SourceFile {
        SourceFile {
            path,
            kind,
            text,
            lines: std::sync::OnceLock::new(),
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: u32) -> Option<&str> {
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get(idx)?;
        let end = starts.get(idx + 1).map_or(self.text.len(), |&e| e - 1);
        let l = self.text.get(start..end)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusCategory {
    Open,
    Active,
    Done,
    Cancelled,
}

impl StatusCategory {
    pub fn parse(s: &str) -> Option<StatusCategory> {
        match s {
            "open" => Some(StatusCategory::Open),
            "active" => Some(StatusCategory::Active),
            "done" => Some(StatusCategory::Done),
            "cancelled" => Some(StatusCategory::Cancelled),
            _ => None,
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, StatusCategory::Done | StatusCategory::Cancelled)
    }

    /// The word users write (`open`, `active`, `done`, `cancelled`).
    pub fn name(self) -> &'static str {
        match self {
            StatusCategory::Open => "open",
            StatusCategory::Active => "active",
            StatusCategory::Done => "done",
            StatusCategory::Cancelled => "cancelled",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Calendar {
    /// Monday first.
    pub workdays: [bool; 7],
    pub hours_per_day: f64,
    pub holidays: BTreeSet<Date>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            workdays: [true, true, true, true, true, false, false],
            hours_per_day: 8.0,
            holidays: BTreeSet::new(),
        }
    }
}

impl Calendar {
    pub fn is_workday(&self, date: Date) -> bool {
        let idx = usize::from(date.weekday().to_monday_zero_offset().unsigned_abs());
        self.workdays[idx] && !self.holidays.contains(&date)
    }

    pub const DAY_NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    pub fn weekday_index(name: &str) -> Option<usize> {
        Self::DAY_NAMES.iter().position(|d| *d == name)
    }

    pub fn weekday(idx: usize) -> Weekday {
        Weekday::from_monday_zero_offset(i8::try_from(idx).unwrap_or(0)).unwrap_or(Weekday::Monday)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub capacity: f64,
    /// `rate:`: cost of an hour of their work, in the workspace's currency.
    pub rate: Option<f64>,
    /// Inclusive date ranges; in JSON, `"start..end"` strings (as `list people` prints).
    #[serde(serialize_with = "ranges_as_strings")]
    pub time_off: Vec<(Date, Date)>,
    #[serde(skip)]
    pub pos: Pos,
}

fn ranges_as_strings<S: serde::Serializer>(r: &[(Date, Date)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(r.iter().map(|(a, b)| format!("{a}..{b}")))
}

impl Person {
    pub fn is_off(&self, date: Date) -> bool {
        self.time_off.iter().any(|(a, b)| *a <= date && date <= *b)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Config {
    /// `currency:` (`EUR`): the unit of people's `rate` and projects' cost budgets.
    pub currency: Option<String>,
    pub name: String,
    pub task_prefix: String,
    pub decision_prefix: String,
    pub calendar: Calendar,
    pub default_estimate_hours: f64,
    /// Workflow statuses in file order.
    pub statuses: Vec<(String, StatusCategory)>,
    pub people: Vec<Person>,
    /// Allowed status moves: a status and the statuses it may move to. A status that is
    /// not listed may move anywhere; an empty `transitions` allows every move.
    pub transitions: Vec<(String, Vec<String>)>,
    /// Where `cairn report` writes, relative to the workspace. Default `reports`.
    pub reports_dir: String,
    /// `forecast.confidence`: the at-risk rules judge the date the plan meets with these
    /// odds (a Monte Carlo over the team's history) instead of the single forecast.
    pub confidence: Option<u8>,
    /// `forecast.samples`: runs of the simulation. Default 500.
    pub samples: u32,
    /// `fields:`: the team's own fields, typed.
    #[serde(skip)]
    pub fields: Vec<FieldDef>,
    /// `views:`: saved filters, by name.
    #[serde(skip)]
    pub views: Vec<View>,
    /// `portfolio:`: the workspaces this one gathers.
    #[serde(skip)]
    pub portfolio: Vec<Member>,
    #[serde(skip)]
    pub rules: RuleLevels,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            name: String::new(),
            task_prefix: "T".into(),
            decision_prefix: "D".into(),
            calendar: Calendar::default(),
            default_estimate_hours: 8.0,
            statuses: default_statuses(),
            people: Vec::new(),
            transitions: Vec::new(),
            reports_dir: "reports".into(),
            currency: None,
            confidence: None,
            samples: 500,
            fields: Vec::new(),
            views: Vec::new(),
            portfolio: Vec::new(),
            rules: RuleLevels::default(),
        }
    }
}

impl Config {
    /// The declared fields files of `kind` may carry.
    pub fn fields_of(&self, kind: FileKind) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(move |f| f.applies_to(kind))
    }

    /// The saved view `name` (without its `@`).
    pub fn view(&self, name: &str) -> Option<&View> {
        self.views.iter().find(|v| v.name == name)
    }

    /// The declared field `name` of files of `kind`.
    pub fn field(&self, kind: FileKind, name: &str) -> Option<&FieldDef> {
        self.fields_of(kind).find(|f| f.name == name)
    }

    /// Whether a task may move from status `from` to `to` under `transitions`.
    pub fn transition_allowed(&self, from: &str, to: &str) -> bool {
        from == to
            || self
                .transitions
                .iter()
                .find(|(f, _)| f == from)
                .is_none_or(|(_, allowed)| allowed.iter().any(|a| a == to))
    }
}

pub fn default_statuses() -> Vec<(String, StatusCategory)> {
    vec![
        ("todo".into(), StatusCategory::Open),
        ("doing".into(), StatusCategory::Active),
        ("review".into(), StatusCategory::Active),
        ("done".into(), StatusCategory::Done),
        ("cancelled".into(), StatusCategory::Cancelled),
    ]
}

impl Config {
    pub fn status_category(&self, status: &str) -> Option<StatusCategory> {
        self.statuses
            .iter()
            .find(|(s, _)| s == status)
            .map(|(_, c)| *c)
    }

    pub fn first_status(&self, category: StatusCategory) -> Option<&str> {
        self.statuses
            .iter()
            .find(|(_, c)| *c == category)
            .map(|(s, _)| s.as_str())
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// Formats hours as the largest whole unit: `3d`, `1.5w`, `4h`.
    pub fn format_effort(&self, hours: f64) -> String {
        format_effort(hours, self.calendar.hours_per_day)
    }
}

/// Hours as people read them: at most one decimal, no trailing `.0` (`87`, `87.1`).
pub fn format_hours(hours: f64) -> String {
    let s = format!("{:.1}", hours + 0.0);
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" { "0".into() } else { s.to_owned() }
}

/// A measured number (a goal's baseline, target or current value) as written by a person:
/// up to two decimals, no trailing zeros (`54`, `97.1`, `3400`).
pub fn format_number(v: f64) -> String {
    let s = format!("{:.2}", v + 0.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

pub fn format_effort(hours: f64, hours_per_day: f64) -> String {
    let trim = |v: f64| {
        let s = format!("{v:.1}");
        s.strip_suffix(".0").unwrap_or(&s).to_owned()
    };
    if hours_per_day > 0.0 && hours >= hours_per_day {
        format!("{}d", trim(hours / hours_per_day))
    } else {
        format!("{}h", trim(hours))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const NAMES: [&'static str; 4] = ["low", "normal", "high", "urgent"];

    pub fn parse(s: &str) -> Option<Priority> {
        match s {
            "low" => Some(Priority::Low),
            "normal" => Some(Priority::Normal),
            "high" => Some(Priority::High),
            "urgent" => Some(Priority::Urgent),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectStatus {
    Planned,
    Active,
    OnHold,
    Done,
    Cancelled,
}

impl ProjectStatus {
    pub const NAMES: [&'static str; 5] = ["planned", "active", "on-hold", "done", "cancelled"];

    pub fn parse(s: &str) -> Option<ProjectStatus> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| {
            [
                ProjectStatus::Planned,
                ProjectStatus::Active,
                ProjectStatus::OnHold,
                ProjectStatus::Done,
                ProjectStatus::Cancelled,
            ][i]
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionStatus {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl DecisionStatus {
    pub const NAMES: [&'static str; 5] = [
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
    ];

    pub fn parse(s: &str) -> Option<DecisionStatus> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| {
            [
                DecisionStatus::Proposed,
                DecisionStatus::Accepted,
                DecisionStatus::Rejected,
                DecisionStatus::Deprecated,
                DecisionStatus::Superseded,
            ][i]
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Where a relative link or attachment leads, as the tree source saw it at load time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkState {
    Exists,
    /// A folder inside the repository: fine for a link (GitHub lists it), not for an
    /// attachment.
    Folder,
    Missing,
    /// Outside the repository: `..` past the root, an absolute path, or a symlink out.
    Escapes,
}

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub target: String,
    pub state: LinkState,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChecklistItem {
    pub checked: bool,
    pub text: String,
    /// `@person` mentions; an item with any is an action item.
    pub mentions: Vec<Sp<String>>,
    /// `due:YYYY-MM-DD`.
    pub due: Option<Sp<Date>>,
    /// Task ids named in the text.
    pub tasks: Vec<Sp<String>>,
    /// The meeting an open item moved on to (`→ carried over to [ID](ID.md)`, written by
    /// `cairn new meeting --series`): it is checked here and counts there.
    pub carried_to: Option<String>,
    #[serde(skip)]
    pub pos: Pos,
}

impl ChecklistItem {
    /// The task this item was promoted to: `cairn promote` appends the id, so it is a
    /// task id that ends the item (an id elsewhere in the text is a mere mention).
    pub fn promoted_to(&self) -> Option<&Sp<String>> {
        self.tasks
            .last()
            .filter(|t| self.text.trim_end().ends_with(t.value.as_str()))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DiscussionEntry {
    pub date: Option<Date>,
    pub author: Sp<String>,
    pub text: String,
    pub mentions: Vec<Sp<String>>,
    #[serde(skip)]
    pub pos: Pos,
}

/// What cairn reads from a Markdown body.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Body {
    pub checklist: Vec<ChecklistItem>,
    pub links: Vec<Link>,
    pub discussion: Vec<DiscussionEntry>,
}

impl Body {
    pub fn checklist_counts(&self) -> (usize, usize) {
        let done = self.checklist.iter().filter(|c| c.checked).count();
        (done, self.checklist.len())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Milestone {
    pub id: Sp<String>,
    pub title: String,
    pub due: Option<Sp<Date>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Goal {
    pub id: Sp<String>,
    pub title: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// The latest value: written by hand, or the metric file's latest row.
    pub current: Option<f64>,
    /// When the target is to be reached (the project's `due` when not given).
    pub due: Option<Sp<Date>>,
    /// `source:`: the file of measurements that feeds it.
    pub source: Option<MetricSource>,
    /// `trend_points:`: how many of the latest measurements the trend is fitted to.
    pub trend_points: usize,
    /// The measurements, oldest first (from `source`, read after the parse cache).
    #[serde(skip)]
    pub series: Vec<(Date, f64)>,
    #[serde(skip)]
    pub pos: Pos,
}

/// Where a goal's measurements are: a CSV file with a header, or JSON Lines.
#[derive(Clone, Debug, Serialize)]
pub struct MetricSource {
    /// Workspace-relative path.
    pub file: Sp<String>,
    /// The column (CSV) or field (JSON Lines) of the value.
    pub column: String,
    /// The column or field of the date (default `date`).
    pub date: String,
}

impl MetricSource {
    /// JSON Lines (`.jsonl`, `.ndjson`) rather than CSV.
    pub fn is_json_lines(&self) -> bool {
        let f = self.file.value.to_ascii_lowercase();
        f.ends_with(".jsonl") || f.ends_with(".ndjson")
    }
}

/// How many measurements a goal's trend is fitted to when it does not say.
pub const DEFAULT_TREND_POINTS: usize = 8;

#[derive(Clone, Debug, Serialize)]
pub struct Project {
    #[serde(skip)]
    pub file: usize,
    pub id: Sp<String>,
    pub title: String,
    pub owner: Option<Sp<String>>,
    pub status: ProjectStatus,
    pub start: Option<Sp<Date>>,
    pub due: Option<Sp<Date>>,
    pub budget_hours: Option<f64>,
    /// `budget: {cost: 48000}`: the money budget, in the workspace's currency.
    pub budget_cost: Option<f64>,
    /// `baseline:`: the git revision (a tag such as `v1-plan`) earned value compares with.
    pub baseline: Option<String>,
    pub milestones: Vec<Milestone>,
    pub goals: Vec<Goal>,
    /// The team's own fields (as a task's).
    #[serde(serialize_with = "entries_as_map")]
    pub fields: Vec<FieldEntry>,
    #[serde(skip)]
    pub body: Body,
}

impl Project {
    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id.value == id)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Task {
    #[serde(skip)]
    pub file: usize,
    pub id: Sp<String>,
    #[serde(skip)]
    pub number: u64,
    pub title: String,
    pub status: Sp<String>,
    pub project: Option<Sp<String>>,
    pub milestone: Option<Sp<String>>,
    pub assignees: Vec<Sp<String>>,
    pub priority: Priority,
    pub estimate_hours: Option<f64>,
    /// Where `estimate` is written (the id's position when it is not).
    #[serde(skip)]
    pub estimate_pos: Pos,
    pub spent_hours: Option<f64>,
    /// `max_per_day`: the most hours a day each assignee (or the people named) gives it.
    pub max_per_day: Option<DailyLimit>,
    /// 0..=100 as written.
    pub progress: Option<Sp<f64>>,
    pub start: Option<Sp<Date>>,
    pub due: Option<Sp<Date>>,
    pub depends_on: Vec<Sp<String>>,
    pub parent: Option<Sp<String>>,
    pub tags: Vec<String>,
    pub attachments: Vec<Link>,
    pub created: Option<Date>,
    pub closed: Option<Sp<Date>>,
    /// A recurring task's rule (`weekly`, `FREQ=MONTHLY;BYMONTHDAY=1`): the task is a
    /// template, not work; `cairn recur` creates its instances (`T-40@2026-12-07`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur: Option<Sp<String>>,
    /// The team's own fields: declared ones typed (defaults filled in), `x-…` keys as
    /// text, in file order (a JSON object by name).
    #[serde(serialize_with = "entries_as_map")]
    pub fields: Vec<FieldEntry>,
    /// Where an imported task came from (`backlog-md:BACK-24`, `github:acme/shop#12`).
    pub source: Option<String>,
    pub body: Body,
}

/// A task's `max_per_day`: `6h` (every assignee) or `{dev2: 6h}` (only the people named),
/// in hours.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DailyLimit {
    /// The limit of every assignee, with where it is written.
    pub all: Option<Sp<f64>>,
    /// Limits of the people named, each with where the name is written.
    pub people: Vec<(Sp<String>, f64)>,
}

/// As JSON: `{"hours": 6.0, "people": {"dev2": 4.0}}` (`hours` is `null` when only people
/// are named).
impl Serialize for DailyLimit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let people: std::collections::BTreeMap<&str, f64> = self
            .people
            .iter()
            .map(|(p, h)| (p.value.as_str(), *h))
            .collect();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("hours", &self.all.as_ref().map(|a| a.value))?;
        m.serialize_entry("people", &people)?;
        m.end()
    }
}

impl DailyLimit {
    /// The hours a day `person` may give the task, if limited.
    pub fn of(&self, person: &str) -> Option<f64> {
        self.people
            .iter()
            .find(|(p, _)| p.value == person)
            .map(|(_, h)| *h)
            .or(self.all.as_ref().map(|a| a.value))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Meeting {
    #[serde(skip)]
    pub file: usize,
    pub id: Sp<String>,
    pub title: String,
    pub date: Option<Sp<Date>>,
    pub project: Option<Sp<String>>,
    pub attendees: Vec<Sp<String>>,
    pub series: Option<String>,
    pub facilitator: Option<Sp<String>>,
    /// The team's own fields (as a task's).
    #[serde(serialize_with = "entries_as_map")]
    pub fields: Vec<FieldEntry>,
    pub body: Body,
}

impl Meeting {
    /// Checklist items that mention a person.
    pub fn action_items(&self) -> impl Iterator<Item = (usize, &ChecklistItem)> {
        self.body
            .checklist
            .iter()
            .filter(|c| !c.mentions.is_empty())
            .enumerate()
            .map(|(i, c)| (i + 1, c))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionOption {
    pub name: Sp<String>,
    pub scores: Vec<(Sp<String>, f64)>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Decision {
    #[serde(skip)]
    pub file: usize,
    pub id: Sp<String>,
    #[serde(skip)]
    pub number: u64,
    pub title: String,
    pub status: DecisionStatus,
    #[serde(skip)]
    pub status_pos: Pos,
    pub date: Option<Date>,
    pub due: Option<Sp<Date>>,
    pub deciders: Vec<Sp<String>>,
    pub project: Option<Sp<String>>,
    pub supersedes: Option<Sp<String>>,
    pub criteria: Vec<(Sp<String>, f64)>,
    pub options: Vec<DecisionOption>,
    pub chosen: Option<Sp<String>>,
    pub tasks: Vec<Sp<String>>,
    #[serde(skip)]
    /// Where an imported decision came from.
    pub source: Option<String>,
    /// The team's own fields (as a task's).
    #[serde(serialize_with = "entries_as_map")]
    pub fields: Vec<FieldEntry>,
    pub body: Body,
}

/// A whole workspace, loaded. Built by the loader (`load::load`); read by analysis and
/// commands.
#[derive(Debug, Default)]
pub struct Workspace {
    pub config: Config,
    /// Every file read, in path order; items refer to these by index.
    pub files: Vec<SourceFile>,
    pub projects: Vec<Project>,
    pub tasks: Vec<Task>,
    pub meetings: Vec<Meeting>,
    pub decisions: Vec<Decision>,
    /// Findings made while loading (syntax, types, unreadable files).
    pub load_diagnostics: Vec<crate::diag::Diagnostic>,
    /// Every time log line, in file and line order.
    pub time: Vec<TimeEntry>,
    pub index: Index,
}

/// Ids to indexes. Ids come from files a pull request can write, so the map keeps std's
/// keyed hash (no crafted collisions).
pub type IdMap = HashMap<String, usize>;

/// Id lookups. The first file (in path order) wins for duplicate ids.
#[derive(Debug, Default)]
pub struct Index {
    pub tasks: IdMap,
    pub projects: IdMap,
    pub meetings: IdMap,
    pub decisions: IdMap,
    /// Workspace-relative path to `files` index.
    pub files: IdMap,
}

impl Workspace {
    pub fn task(&self, id: &str) -> Option<&Task> {
        self.index.tasks.get(id).map(|&i| &self.tasks[i])
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.index.projects.get(id).map(|&i| &self.projects[i])
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.index.decisions.get(id).map(|&i| &self.decisions[i])
    }

    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.index.meetings.get(id).map(|&i| &self.meetings[i])
    }

    /// The loaded file at a workspace-relative path.
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.index.files.get(path).map(|&i| &self.files[i])
    }

    /// Every tag a task carries, sorted, each once (for "did you mean").
    pub fn tags(&self) -> Vec<&str> {
        let mut known: Vec<&str> = self
            .tasks
            .iter()
            .flat_map(|t| t.tags.iter().map(String::as_str))
            .collect();
        known.sort_unstable();
        known.dedup();
        known
    }

    /// The ids of tasks given by index (a critical chain).
    pub fn task_ids(&self, tasks: &[usize]) -> Vec<String> {
        tasks
            .iter()
            .map(|&i| self.tasks[i].id.value.clone())
            .collect()
    }

    pub fn path(&self, file: usize) -> &str {
        &self.files[file].path
    }

    pub fn category(&self, task: &Task) -> Option<StatusCategory> {
        self.config.status_category(&task.status.value)
    }

    pub fn build_index(&mut self) {
        fn build<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdMap {
            let mut map = IdMap::with_capacity(ids.len());
            for (i, id) in ids.enumerate() {
                if !map.contains_key(id) {
                    map.insert(id.to_owned(), i);
                }
            }
            map
        }
        self.index = Index {
            tasks: build(self.tasks.iter().map(|t| t.id.as_str())),
            projects: build(self.projects.iter().map(|p| p.id.as_str())),
            meetings: build(self.meetings.iter().map(|m| m.id.as_str())),
            decisions: build(self.decisions.iter().map(|d| d.id.as_str())),
            files: build(self.files.iter().map(|f| f.path.as_str())),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_ids_keep_underscores_and_inner_dots() {
        for ok in ["alice", "impl_types_tui", "gpt-5.5-xhigh", "jane.doe", "a1"] {
            assert!(is_person_id(ok), "{ok}");
        }
        for bad in ["", "Alice", ".a", "a.", "a..b", "-a", "a b", "a@b"] {
            assert!(!is_person_id(bad), "{bad}");
        }
        assert_eq!(person_id_of("@impl_types_tui"), "impl_types_tui");
        assert_eq!(person_id_of("gpt-5.5-xhigh"), "gpt-5.5-xhigh");
        assert_eq!(person_id_of("Jane Doe"), "jane-doe");
        assert_eq!(person_id_of("@MrLesk"), "mrlesk");
        assert_eq!(person_id_of("..x..y."), "x.y");
        assert_eq!(person_id_of("@@"), "");
        for name in ["Jane Doe", "@x.y", "ab--c", "Ünï Cödé", "_a_", "9.9"] {
            let id = person_id_of(name);
            assert!(id.is_empty() || is_person_id(&id), "{name} → {id}");
        }
    }
}
