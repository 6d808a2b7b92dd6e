//! The team's own fields: declared in `cairn.yaml` (`fields:`) with a type, or undeclared
//! `x-…` keys kept as text.

use super::{FileKind, format_number};
use crate::diag::Pos;
use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// The type of a declared field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldType {
    Text,
    Number {
        min: Option<f64>,
        max: Option<f64>,
        unit: Option<String>,
    },
    /// One of the values, ordered as written (`risk < high` compares by that order).
    Enum(Vec<String>),
    /// Several values; of the ones given when there are any.
    List(Vec<String>),
    Date,
    Person,
    Bool,
    Url,
}

impl FieldType {
    pub const NAMES: [&'static str; 8] = [
        "text", "number", "enum", "list", "date", "person", "bool", "url",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number { .. } => "number",
            FieldType::Enum(_) => "enum",
            FieldType::List(_) => "list",
            FieldType::Date => "date",
            FieldType::Person => "person",
            FieldType::Bool => "bool",
            FieldType::Url => "url",
        }
    }

    /// The allowed words of an enum or a list of an enum.
    pub fn values(&self) -> &[String] {
        match self {
            FieldType::Enum(v) | FieldType::List(v) => v,
            _ => &[],
        }
    }
}

/// One `fields:` entry of `cairn.yaml`.
#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: String,
    pub ty: FieldType,
    /// The kinds whose files may carry it (default: tasks).
    pub kinds: Vec<FileKind>,
    /// The value of a file that does not write the field.
    pub default: Option<FieldValue>,
    /// Every file of those kinds must write it.
    pub required: bool,
    pub pos: Pos,
}

impl FieldDef {
    pub fn applies_to(&self, kind: FileKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// A custom field's value, typed by its declaration (an `x-…` key is always text).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(Date),
    List(Vec<String>),
}

impl FieldValue {
    /// As a table cell or a diff shows it: `high`, `12.5`, `yes`, `2026-12-01`, `a, b`.
    pub fn text(&self) -> String {
        match self {
            FieldValue::Text(s) => s.clone(),
            FieldValue::Number(n) => format_number(*n),
            FieldValue::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            FieldValue::Date(d) => d.to_string(),
            FieldValue::List(v) => v.join(", "),
        }
    }
}

/// As JSON: a string, a number, a boolean, a `YYYY-MM-DD` string or an array of strings.
impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(t) => s.serialize_str(t),
            FieldValue::Number(n) => s.serialize_f64(*n),
            FieldValue::Bool(b) => s.serialize_bool(*b),
            FieldValue::Date(d) => d.serialize(s),
            FieldValue::List(v) => v.serialize(s),
        }
    }
}

/// A custom field as a file carries it (or as its declaration's default fills it in).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldEntry {
    pub name: String,
    pub value: FieldValue,
    /// Where the value is written; the front matter's start for a default.
    pub pos: Pos,
    /// Filled in from the declaration's `default:`, not written in the file.
    pub default: bool,
}

/// Custom fields as a JSON object by name, in file order.
pub fn entries_as_map<S: Serializer>(entries: &[FieldEntry], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(entries.len()))?;
    for e in entries {
        m.serialize_entry(&e.name, &e.value)?;
    }
    m.end()
}

/// The entry named `name`.
pub fn field<'a>(entries: &'a [FieldEntry], name: &str) -> Option<&'a FieldEntry> {
    entries.iter().find(|e| e.name == name)
}

/// The columns `list` draws for tasks, besides custom fields.
pub const TASK_COLUMNS: [&str; 13] = [
    "id",
    "status",
    "priority",
    "assignee",
    "due",
    "project",
    "milestone",
    "estimate",
    "tags",
    "forecast",
    "updated",
    "file",
    "title",
];

/// The orders `list --sort` knows.
pub const TASK_ORDERS: [&str; 5] = ["id", "due", "priority", "forecast", "updated"];

/// What a saved view shows on the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// A table of tasks (`cairn list @view`).
    Tasks,
    /// A board, a column per status (`cairn board @view`).
    Board,
}

/// A saved view: `views:` in cairn.yaml.
#[derive(Clone, Debug)]
pub struct View {
    pub name: String,
    pub kind: ViewKind,
    pub title: Option<String>,
    /// The filter, as written (checked against the workspace by `check`).
    pub expr: Option<String>,
    /// Where `where:` is written.
    pub expr_pos: Pos,
    /// One of [`TASK_ORDERS`].
    pub sort: Option<String>,
    pub columns: Vec<String>,
    pub limit: Option<usize>,
    pub pos: Pos,
}

/// A member workspace of a portfolio (`portfolio:` in cairn.yaml).
#[derive(Clone, Debug)]
pub struct Member {
    /// The prefix of its ids in the portfolio (`mobile` gives `mobile:T-30`).
    pub name: String,
    /// A working tree, relative to the portfolio's folder (or absolute).
    pub path: Option<String>,
    /// A repository URL (`file://`, `https://`, a path), read at `rev` from the bare copy
    /// `cairn fetch` keeps in cairn's state directory.
    pub git: Option<String>,
    /// The revision a `git` member is read at. Default `HEAD` (the remote's default
    /// branch).
    pub rev: String,
    /// The workspace's folder inside the member (`plan/`); default its top.
    pub dir: String,
    pub pos: Pos,
}
