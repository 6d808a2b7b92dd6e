//! What a `--where` expression means for tasks: each word resolved against the workspace
//! (fields, statuses, people, dates) once, then a test per task. The flags `--status`,
//! `--assignee`, `--project`, `--milestone`, `--tag`, `--open` and `--overdue` are
//! shorthands that build the same expression ([`Filter::and`]).

use crate::diag::did_you_mean;
use crate::model::{
    FieldType, FieldValue, FileKind, Priority, StatusCategory, Task, Workspace, field,
};
use crate::text::fields::{parse_date_relative, parse_effort};
use crate::text::filter::{Expr, FilterError, Op, Word, parse};
use jiff::civil::Date;

/// A compiled filter over tasks.
#[derive(Clone, Debug)]
pub struct Filter {
    node: Node,
}

#[derive(Clone, Debug)]
enum Node {
    All,
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Has(Field),
    Test(Field, Op, Want),
    In(Field, Vec<Want>, bool),
}

/// A task field the language can read.
#[derive(Clone, Debug)]
enum Field {
    Id,
    Title,
    /// The whole file: front matter and body.
    Text,
    Status,
    Category,
    Priority,
    Project,
    Milestone,
    Parent,
    Source,
    Assignee,
    Tag,
    DependsOn,
    Due,
    Start,
    Created,
    Closed,
    Estimate,
    Spent,
    Progress,
    /// A declared field or an `x-…` key, by name.
    Custom(String),
}

/// What a value is compared as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Text,
    List,
    Date,
    Number,
    /// Hours, written as efforts (`3d`) or numbers of hours.
    Hours,
    /// A word of an ordered set (priority, status, an enum field).
    Rank,
    Bool,
}

/// A value to compare with, resolved.
#[derive(Clone, Debug)]
enum Want {
    Text(String),
    Date(Date),
    Number(f64),
    Rank(usize),
    /// `status = done`: a category.
    Category(StatusCategory),
    Bool(bool),
}

/// A task's value of a field.
enum Got<'a> {
    None,
    Text(&'a str),
    List(Vec<&'a str>),
    Date(Date),
    Number(f64),
    Rank(usize, Option<StatusCategory>),
    Bool(bool),
}

const BUILTIN: &[&str] = &[
    "id",
    "title",
    "text",
    "status",
    "category",
    "priority",
    "project",
    "milestone",
    "parent",
    "source",
    "assignee",
    "tag",
    "depends_on",
    "due",
    "start",
    "created",
    "closed",
    "estimate",
    "spent",
    "progress",
];

const CATEGORIES: [StatusCategory; 4] = [
    StatusCategory::Open,
    StatusCategory::Active,
    StatusCategory::Done,
    StatusCategory::Cancelled,
];

/// What compiling needs to know besides the workspace.
pub struct Scope<'a> {
    pub today: Date,
    /// Who `@me` is (the identity rule), when known.
    pub me: Option<&'a str>,
}

impl Filter {
    /// Every task.
    pub fn all() -> Filter {
        Filter { node: Node::All }
    }

    /// Parses and resolves `expr`; an error says where in it ([`FilterError::quote`]).
    pub fn compile(expr: &str, ws: &Workspace, scope: &Scope) -> Result<Filter, FilterError> {
        let ast = parse(expr)?;
        let c = Compiler { ws, scope };
        Ok(Filter {
            node: c.node(&ast)?,
        })
    }

    /// Both filters.
    pub fn and(self, other: Filter) -> Filter {
        match (self.node, other.node) {
            (Node::All, n) | (n, Node::All) => Filter { node: n },
            (a, b) => Filter {
                node: Node::And(Box::new(a), Box::new(b)),
            },
        }
    }

    /// `field in (values)` for the shorthand flags (names already checked).
    pub fn one_of(
        name: &str,
        values: &[String],
        ws: &Workspace,
        scope: &Scope,
    ) -> Result<Filter, FilterError> {
        if values.is_empty() {
            return Ok(Filter::all());
        }
        let list = values
            .iter()
            .map(|v| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect::<Vec<_>>()
            .join(", ");
        Filter::compile(&format!("{name} in ({list})"), ws, scope)
    }

    pub fn matches(&self, ws: &Workspace, t: &Task) -> bool {
        eval(&self.node, ws, t)
    }

    /// Whether this filter lets every task through (no condition at all).
    pub fn is_all(&self) -> bool {
        matches!(self.node, Node::All)
    }
}

struct Compiler<'a> {
    ws: &'a Workspace,
    scope: &'a Scope<'a>,
}

impl Compiler<'_> {
    fn node(&self, e: &Expr) -> Result<Node, FilterError> {
        Ok(match e {
            Expr::And(a, b) => Node::And(Box::new(self.node(a)?), Box::new(self.node(b)?)),
            Expr::Or(a, b) => Node::Or(Box::new(self.node(a)?), Box::new(self.node(b)?)),
            Expr::Not(a) => Node::Not(Box::new(self.node(a)?)),
            Expr::Has(w) => Node::Has(self.field(w)?.0),
            Expr::Cmp {
                field,
                op,
                op_at,
                value,
            } => {
                let (f, class) = self.field(field)?;
                let allowed = match class {
                    Class::Text => matches!(op, Op::Eq | Op::Ne | Op::Match | Op::NoMatch),
                    Class::List => matches!(op, Op::Eq | Op::Ne | Op::Match | Op::NoMatch),
                    Class::Bool => matches!(op, Op::Eq | Op::Ne),
                    _ => !matches!(op, Op::Match | Op::NoMatch),
                };
                if !allowed {
                    let ops = match class {
                        Class::Text | Class::List => "=, !=, ~ or !~",
                        Class::Bool => "= or !=",
                        _ => "=, !=, <, <=, > or >=",
                    };
                    return Err(FilterError {
                        message: format!(
                            "`{}` cannot be compared with `{}`",
                            field.text,
                            op.symbol()
                        ),
                        start: op_at.0,
                        end: op_at.1,
                        hint: Some(format!("compare `{}` with {ops}", field.text)),
                    });
                }
                let want = self.want(&f, class, value, matches!(op, Op::Match | Op::NoMatch))?;
                Node::Test(f, *op, want)
            }
            Expr::In {
                field,
                values,
                negated,
            } => {
                let (f, class) = self.field(field)?;
                if !matches!(class, Class::Text | Class::List | Class::Rank) {
                    return Err(FilterError::at(
                        field,
                        format!("`{}` cannot be used with `in`", field.text),
                    )
                    .with_hint(
                        "`in (…)` lists words: statuses, people, projects, tags, an enum's values",
                    ));
                }
                let wants = values
                    .iter()
                    .map(|v| self.want(&f, class, v, false))
                    .collect::<Result<_, _>>()?;
                Node::In(f, wants, *negated)
            }
        })
    }

    /// The field a word names, and how its values compare.
    fn field(&self, w: &Word) -> Result<(Field, Class), FilterError> {
        let name = w.text.as_str();
        let f = match name {
            "id" => (Field::Id, Class::Text),
            "title" => (Field::Title, Class::Text),
            "text" => (Field::Text, Class::Text),
            "status" => (Field::Status, Class::Rank),
            "category" => (Field::Category, Class::Rank),
            "priority" => (Field::Priority, Class::Rank),
            "project" => (Field::Project, Class::Text),
            "milestone" => (Field::Milestone, Class::Text),
            "parent" => (Field::Parent, Class::Text),
            "source" => (Field::Source, Class::Text),
            "assignee" | "assignees" => (Field::Assignee, Class::List),
            "tag" | "tags" => (Field::Tag, Class::List),
            "depends_on" | "depends" => (Field::DependsOn, Class::List),
            "due" => (Field::Due, Class::Date),
            "start" => (Field::Start, Class::Date),
            "created" => (Field::Created, Class::Date),
            "closed" => (Field::Closed, Class::Date),
            "estimate" => (Field::Estimate, Class::Hours),
            "spent" => (Field::Spent, Class::Hours),
            "progress" => (Field::Progress, Class::Number),
            _ => {
                if let Some(def) = self.ws.config.field(FileKind::Task, name) {
                    let class = match def.ty {
                        FieldType::Number { .. } => Class::Number,
                        FieldType::Enum(_) => Class::Rank,
                        FieldType::List(_) => Class::List,
                        FieldType::Date => Class::Date,
                        FieldType::Bool => Class::Bool,
                        FieldType::Text | FieldType::Person | FieldType::Url => Class::Text,
                    };
                    (Field::Custom(name.to_owned()), class)
                } else if name.starts_with("x-") && name.len() > 2 && !w.quoted {
                    (Field::Custom(name.to_owned()), Class::Text)
                } else {
                    let known: Vec<&str> = BUILTIN
                        .iter()
                        .copied()
                        .chain(
                            self.ws
                                .config
                                .fields_of(FileKind::Task)
                                .map(|f| f.name.as_str()),
                        )
                        .collect();
                    let hint = match did_you_mean(name, known.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "fields: {}, or a field of cairn.yaml's `fields:`",
                            known.join(", ")
                        ),
                    };
                    return Err(
                        FilterError::at(w, format!("unknown field `{name}`")).with_hint(hint)
                    );
                }
            }
        };
        Ok(f)
    }

    /// The value a word names for a field.
    fn want(&self, f: &Field, class: Class, w: &Word, contains: bool) -> Result<Want, FilterError> {
        let text = w.text.as_str();
        if contains {
            return Ok(Want::Text(text.to_lowercase()));
        }
        match class {
            Class::Date => {
                let d = parse_date_relative(text, self.scope.today).map_err(|why| {
                    FilterError::at(w, why)
                        .with_hint("dates: YYYY-MM-DD, today, friday, +2w, -3d, next month")
                })?;
                Ok(Want::Date(d))
            }
            Class::Number => match text.parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Want::Number(n)),
                _ => Err(FilterError::at(w, format!("`{text}` is not a number"))),
            },
            Class::Hours => {
                let hpd = self.ws.config.calendar.hours_per_day;
                let h = match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => n,
                    _ => parse_effort(text, hpd).map_err(|why| {
                        FilterError::at(w, why)
                            .with_hint("an effort: 4h, 3d, 1.5w (a plain number is hours)")
                    })?,
                };
                Ok(Want::Number(h))
            }
            Class::Bool => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" => Ok(Want::Bool(true)),
                "false" | "no" => Ok(Want::Bool(false)),
                _ => Err(FilterError::at(w, format!("`{text}` is not true or false"))),
            },
            Class::Rank => {
                let names: Vec<String> = match f {
                    Field::Status => {
                        if let Some(c) = StatusCategory::parse(text)
                            && self.ws.config.status_category(text).is_none()
                        {
                            return Ok(Want::Category(c));
                        }
                        self.ws
                            .config
                            .statuses
                            .iter()
                            .map(|(s, _)| s.clone())
                            .collect()
                    }
                    Field::Category => CATEGORIES.iter().map(|c| c.name().to_owned()).collect(),
                    Field::Priority => Priority::NAMES.iter().map(|s| (*s).to_owned()).collect(),
                    Field::Custom(name) => self
                        .ws
                        .config
                        .field(FileKind::Task, name)
                        .map(|d| d.ty.values().to_vec())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                match names.iter().position(|n| n == text) {
                    Some(i) => Ok(Want::Rank(i)),
                    None => {
                        let mut e = FilterError::at(
                            w,
                            format!("`{text}` is not one of: {}", names.join(", ")),
                        );
                        if let Some(s) = did_you_mean(text, names.iter().map(String::as_str)) {
                            e = e.with_hint(format!("did you mean `{s}`?"));
                        }
                        Err(e)
                    }
                }
            }
            Class::Text | Class::List => {
                let value = self.name(f, w)?;
                Ok(Want::Text(value))
            }
        }
    }

    /// A word naming a person, project, milestone or tag is checked to exist (a typo is
    /// an error, not an empty list); `@me` is the caller.
    fn name(&self, f: &Field, w: &Word) -> Result<String, FilterError> {
        let ws = self.ws;
        let text = w.text.as_str();
        let person = match f {
            Field::Assignee => true,
            Field::Custom(n) => ws
                .config
                .field(FileKind::Task, n)
                .is_some_and(|d| d.ty == FieldType::Person),
            _ => false,
        };
        if person {
            if text == "@me" && !w.quoted {
                return self.scope.me.map(str::to_owned).ok_or_else(|| {
                    FilterError::at(w, "`@me` needs to know who you are")
                        .with_hint("pass --as PERSON, set CAIRN_USER, or set git's user.email to a person's `email:`")
                });
            }
            let id = text.trim_start_matches('@');
            if ws.config.person(id).is_none() {
                return Err(unknown(
                    w,
                    "person",
                    id,
                    ws.config.people.iter().map(|p| p.id.as_str()),
                ));
            }
            return Ok(id.to_owned());
        }
        match f {
            Field::Project if ws.project(text).is_none() => Err(unknown(
                w,
                "project",
                text,
                ws.projects.iter().map(|p| p.id.as_str()),
            )),
            Field::Milestone if !ws.projects.iter().any(|p| p.milestone(text).is_some()) => {
                Err(unknown(
                    w,
                    "milestone",
                    text,
                    ws.projects
                        .iter()
                        .flat_map(|p| p.milestones.iter().map(|m| m.id.as_str())),
                ))
            }
            Field::Tag if !ws.tasks.iter().any(|t| t.tags.iter().any(|x| x == text)) => {
                Err(unknown(w, "tag", text, ws.tags()))
            }
            Field::Custom(n) => {
                let allowed = ws
                    .config
                    .field(FileKind::Task, n)
                    .map(|d| d.ty.values().to_vec())
                    .unwrap_or_default();
                if !allowed.is_empty() && !allowed.iter().any(|a| a == text) {
                    let mut e = FilterError::at(
                        w,
                        format!("`{text}` is not one of: {}", allowed.join(", ")),
                    );
                    if let Some(s) = did_you_mean(text, allowed.iter().map(String::as_str)) {
                        e = e.with_hint(format!("did you mean `{s}`?"));
                    }
                    return Err(e);
                }
                Ok(text.to_owned())
            }
            _ => Ok(text.to_owned()),
        }
    }
}

fn unknown<'a>(
    w: &Word,
    what: &str,
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> FilterError {
    let e = FilterError::at(w, format!("no {what} `{name}`"));
    match did_you_mean(name, known) {
        Some(s) => e.with_hint(format!("did you mean `{s}`?")),
        None => e,
    }
}

fn get<'a>(f: &Field, ws: &'a Workspace, t: &'a Task) -> Got<'a> {
    let text = |v: &'a Option<crate::model::Sp<String>>| {
        v.as_ref().map_or(Got::None, |x| Got::Text(x.as_str()))
    };
    let date = |v: Option<Date>| v.map_or(Got::None, Got::Date);
    let num = |v: Option<f64>| v.map_or(Got::None, Got::Number);
    match f {
        Field::Id => Got::Text(t.id.as_str()),
        Field::Title => Got::Text(&t.title),
        Field::Text => Got::Text(&ws.files[t.file].text),
        Field::Status => {
            let cat = ws.category(t);
            match ws
                .config
                .statuses
                .iter()
                .position(|(s, _)| *s == t.status.value)
            {
                Some(i) => Got::Rank(i, cat),
                None => Got::None,
            }
        }
        Field::Category => ws
            .category(t)
            .map_or(Got::None, |c| Got::Rank(c as usize, Some(c))),
        Field::Priority => Got::Rank(t.priority as usize, None),
        Field::Project => text(&t.project),
        Field::Milestone => text(&t.milestone),
        Field::Parent => text(&t.parent),
        Field::Source => t.source.as_deref().map_or(Got::None, Got::Text),
        Field::Assignee => Got::List(t.assignees.iter().map(|a| a.as_str()).collect()),
        Field::Tag => Got::List(t.tags.iter().map(String::as_str).collect()),
        Field::DependsOn => Got::List(t.depends_on.iter().map(|a| a.as_str()).collect()),
        Field::Due => date(t.due.as_ref().map(|d| d.value)),
        Field::Start => date(t.start.as_ref().map(|d| d.value)),
        Field::Created => date(t.created),
        Field::Closed => date(t.closed.as_ref().map(|d| d.value)),
        Field::Estimate => num(t.estimate_hours),
        Field::Spent => num(t.spent_hours),
        Field::Progress => num(t.progress.as_ref().map(|p| p.value)),
        Field::Custom(name) => match field(&t.fields, name).map(|e| &e.value) {
            None => Got::None,
            Some(FieldValue::Text(s)) => match ws.config.field(FileKind::Task, name).map(|d| &d.ty)
            {
                Some(FieldType::Enum(values)) => values
                    .iter()
                    .position(|v| v == s)
                    .map_or(Got::None, |i| Got::Rank(i, None)),
                _ => Got::Text(s),
            },
            Some(FieldValue::Number(n)) => Got::Number(*n),
            Some(FieldValue::Bool(b)) => Got::Bool(*b),
            Some(FieldValue::Date(d)) => Got::Date(*d),
            Some(FieldValue::List(v)) => Got::List(v.iter().map(String::as_str).collect()),
        },
    }
}

fn eval(n: &Node, ws: &Workspace, t: &Task) -> bool {
    match n {
        Node::All => true,
        Node::And(a, b) => eval(a, ws, t) && eval(b, ws, t),
        Node::Or(a, b) => eval(a, ws, t) || eval(b, ws, t),
        Node::Not(a) => !eval(a, ws, t),
        Node::Has(f) => match get(f, ws, t) {
            Got::None => false,
            Got::Text(s) => !s.is_empty(),
            Got::List(v) => !v.is_empty(),
            _ => true,
        },
        Node::Test(f, op, want) => test(&get(f, ws, t), *op, want),
        Node::In(f, wants, negated) => {
            let got = get(f, ws, t);
            wants.iter().any(|w| test(&got, Op::Eq, w)) != *negated
        }
    }
}

/// One comparison. A field without a value passes only `!=`, `!~` and `not in`.
fn test(got: &Got, op: Op, want: &Want) -> bool {
    use std::cmp::Ordering;
    let negative = matches!(op, Op::Ne | Op::NoMatch);
    let contains = |hay: &str, needle: &str| {
        if needle.is_ascii() {
            hay.as_bytes()
                .windows(needle.len().max(1))
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
                || needle.is_empty()
        } else {
            hay.to_lowercase().contains(needle)
        }
    };
    match (got, want) {
        (Got::None, _) => negative,
        (Got::Text(s), Want::Text(w)) => match op {
            Op::Eq => s == w,
            Op::Ne => s != w,
            Op::Match => contains(s, w),
            Op::NoMatch => !contains(s, w),
            _ => false,
        },
        (Got::List(v), Want::Text(w)) => match op {
            Op::Eq => v.iter().any(|x| x == w),
            Op::Ne => !v.iter().any(|x| x == w),
            Op::Match => v.iter().any(|x| contains(x, w)),
            Op::NoMatch => !v.iter().any(|x| contains(x, w)),
            _ => false,
        },
        (Got::Date(d), Want::Date(w)) => op.holds(d.cmp(w)),
        (Got::Number(n), Want::Number(w)) => n.partial_cmp(w).is_some_and(|o| op.holds(o)),
        (Got::Rank(r, _), Want::Rank(w)) => op.holds(r.cmp(w)),
        (Got::Rank(_, cat), Want::Category(c)) => match (op, cat) {
            (_, None) => negative,
            (Op::Eq | Op::Ne, Some(cat)) => op.holds(if cat == c {
                Ordering::Equal
            } else {
                Ordering::Less
            }),
            (_, Some(cat)) => op.holds((*cat as usize).cmp(&(*c as usize))),
        },
        (Got::Bool(b), Want::Bool(w)) => op.holds(if b == w {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        _ => negative,
    }
}
