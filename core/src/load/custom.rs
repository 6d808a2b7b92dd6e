//! The team's own fields: `fields:` in `cairn.yaml` (declarations) and the values files
//! carry (checked against them: type, allowed words, range, people).

use crate::diag::{Pos, Rule, did_you_mean};
use crate::model::*;
use crate::text::fields::{Fields, Sink, as_bool};
use crate::text::yaml::{Node, Value};

pub const FIELD_KEYS: &[&str] = &[
    "type", "values", "kinds", "default", "required", "min", "max", "unit",
];

/// The built-in keys of a kind of file (a declared field may not take one).
pub(super) type BuiltIn = fn(FileKind) -> &'static [&'static str];

/// `fields:`: each declaration by name. People are read first (a `person` default is
/// checked against them).
pub(super) fn declarations(node: &Node, config: &mut Config, builtin: BuiltIn, sink: &mut Sink) {
    let Some(mut f) = Fields::of(node, "`fields`", sink) else {
        return;
    };
    for (k, v) in f.all() {
        let Some(name) = sink.text(k, "fields") else {
            continue;
        };
        if let Some(def) = declaration(name, v, config, builtin, sink) {
            config.fields.push(def);
        }
    }
}

fn declaration(
    name: Sp<String>,
    node: &Node,
    config: &Config,
    builtin: BuiltIn,
    sink: &mut Sink,
) -> Option<FieldDef> {
    let what = format!("field `{}`", name.value);
    let mut f = Fields::of(node, &what, sink)?;
    if !is_slug(&name.value) {
        sink.push(
            Rule::InvalidValue,
            name.pos,
            format!(
                "field name `{}` must be lowercase letters, digits, `-` or `_`, such as `risk`",
                name.value
            ),
        );
        return None;
    }
    let kinds = match f.get("kinds") {
        None => vec![FileKind::Task],
        Some(n) => sink
            .text_list(n, "kinds")
            .into_iter()
            .filter_map(|k| {
                let kind = FileKind::FOLDERS
                    .iter()
                    .position(|f| f.trim_end_matches('s') == k.value.trim_end_matches('s'))
                    .map(|i| [FileKind::Project, FileKind::Task, FileKind::Meeting, FileKind::Decision][i]);
                if kind.is_none() {
                    sink.push(
                        Rule::InvalidValue,
                        k.pos,
                        format!(
                            "`kinds` names `{}`; a field belongs to task, project, meeting or decision",
                            k.value
                        ),
                    );
                }
                kind
            })
            .collect(),
    };
    for kind in &kinds {
        if builtin(*kind).contains(&name.value.as_str()) {
            sink.push_hint(
                Rule::InvalidValue,
                name.pos,
                format!("`{}` is already a {} field", name.value, kind.name()),
                "give the team's field another name",
            );
            return None;
        }
    }
    let words = |f: &mut Fields, sink: &mut Sink| -> Vec<String> {
        f.get("values")
            .map(|n| sink.text_list(n, "values"))
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.value)
            .collect()
    };
    let type_node = f.require("type", &what, sink);
    let ty = match type_node.and_then(|n| {
        sink.one_of(n, "type", &FieldType::NAMES, |s| {
            FieldType::NAMES.iter().find(|n| **n == s).copied()
        })
    }) {
        Some("text") => FieldType::Text,
        Some("number") => {
            let mut num = |key: &str| f.get(key).and_then(|n| sink.number(n, key));
            let (min, max) = (num("min"), num("max"));
            if let (Some(a), Some(b)) = (min, max)
                && a > b
            {
                sink.push(
                    Rule::InvalidValue,
                    f.pos,
                    format!("{what}: `min` {a} is above `max` {b}"),
                );
            }
            FieldType::Number {
                min,
                max,
                unit: f
                    .get("unit")
                    .and_then(|n| sink.text(n, "unit"))
                    .map(|u| u.value),
            }
        }
        Some("enum") => {
            let values = words(&mut f, sink);
            if values.is_empty() {
                sink.push_hint(
                    Rule::MissingField,
                    f.pos,
                    format!("{what} is an enum without `values`"),
                    "list its words in order: `values: [low, medium, high]`",
                );
                return None;
            }
            FieldType::Enum(values)
        }
        Some("list") => FieldType::List(words(&mut f, sink)),
        Some("date") => FieldType::Date,
        Some("person") => FieldType::Person,
        Some("bool") => FieldType::Bool,
        Some("url") => FieldType::Url,
        _ => return None,
    };
    let mut def = FieldDef {
        name: name.value.clone(),
        ty,
        kinds,
        default: None,
        required: f.get("required").and_then(as_bool).unwrap_or(false),
        pos: name.pos,
    };
    if let Some(n) = f.get("default") {
        def.default = value(&def, n, &config.people, sink);
    }
    f.finish(FIELD_KEYS, &what, sink);
    Some(def)
}

/// The custom fields of one file of `kind`: its declared fields (checked, defaults filled
/// in, `missing-field` when required and absent) and its `x-…` keys as text.
pub(super) fn read(
    fields: &mut Fields,
    config: &Config,
    kind: FileKind,
    sink: &mut Sink,
) -> Vec<FieldEntry> {
    let mut out = Vec::new();
    for def in config.fields_of(kind) {
        match fields.get(&def.name) {
            Some(n) => {
                if let Some(v) = value(def, n, &config.people, sink) {
                    out.push(FieldEntry {
                        name: def.name.clone(),
                        value: v,
                        pos: n.pos,
                        default: false,
                    });
                }
            }
            None => {
                if def.required {
                    sink.push_hint(
                        Rule::MissingField,
                        fields.pos,
                        format!(
                            "{} has no `{}`; cairn.yaml declares it required",
                            kind.name(),
                            def.name
                        ),
                        format!("add `{}:` ({})", def.name, describe(&def.ty)),
                    );
                }
                if let Some(v) = &def.default {
                    out.push(FieldEntry {
                        name: def.name.clone(),
                        value: v.clone(),
                        pos: fields.pos,
                        default: true,
                    });
                }
            }
        }
    }
    // A field declared for other kinds only.
    for def in config.fields.iter().filter(|d| !d.applies_to(kind)) {
        if let Some(n) = fields.get(&def.name) {
            let kinds: Vec<&str> = def.kinds.iter().map(|k| k.name()).collect();
            sink.push_hint(
                Rule::UnknownField,
                n.pos,
                format!(
                    "`{}` is declared for {} files, not {} files",
                    def.name,
                    kinds.join(" and "),
                    kind.name()
                ),
                "add the kind to its `kinds:` in cairn.yaml, or remove the field here",
            );
        }
    }
    for (name, text, pos) in fields.extensions() {
        if config.field(kind, &name).is_none() {
            out.push(FieldEntry {
                name,
                value: FieldValue::Text(text),
                pos,
                default: false,
            });
        }
    }
    out
}

/// What a value of this type looks like, for hints.
pub fn describe(ty: &FieldType) -> String {
    match ty {
        FieldType::Text => "text".into(),
        FieldType::Number { min, max, unit } => {
            let mut s = "a number".to_owned();
            match (min, max) {
                (Some(a), Some(b)) => s.push_str(&format!(
                    " from {} to {}",
                    format_number(*a),
                    format_number(*b)
                )),
                (Some(a), None) => s.push_str(&format!(" of at least {}", format_number(*a))),
                (None, Some(b)) => s.push_str(&format!(" of at most {}", format_number(*b))),
                (None, None) => {}
            }
            if let Some(u) = unit {
                s.push_str(&format!(" (in {u})"));
            }
            s
        }
        FieldType::Enum(v) => format!("one of: {}", v.join(", ")),
        FieldType::List(v) if v.is_empty() => "a list of text".into(),
        FieldType::List(v) => format!("a list of: {}", v.join(", ")),
        FieldType::Date => "a date, YYYY-MM-DD".into(),
        FieldType::Person => "a person's id".into(),
        FieldType::Bool => "true or false".into(),
        FieldType::Url => "an http(s) URL".into(),
    }
}

/// One value checked against its declaration; a problem is a diagnostic and `None`.
fn value(def: &FieldDef, node: &Node, people: &[Person], sink: &mut Sink) -> Option<FieldValue> {
    let key = def.name.as_str();
    let word = |w: &Sp<String>, allowed: &[String], sink: &mut Sink| -> bool {
        if allowed.is_empty() || allowed.contains(&w.value) {
            return true;
        }
        let message = format!(
            "`{key}` is `{}`; expected one of: {}",
            w.value,
            allowed.join(", ")
        );
        match did_you_mean(&w.value, allowed.iter().map(String::as_str)) {
            Some(s) => sink.push_hint(
                Rule::InvalidValue,
                w.pos,
                message,
                format!("did you mean `{s}`?"),
            ),
            None => sink.push(Rule::InvalidValue, w.pos, message),
        }
        false
    };
    match &def.ty {
        FieldType::Text => sink.text(node, key).map(|t| FieldValue::Text(t.value)),
        FieldType::Number { min, max, .. } => {
            let v = sink.number(node, key)?;
            let below = min.is_some_and(|m| v < m);
            let above = max.is_some_and(|m| v > m);
            if below || above {
                sink.push_hint(
                    Rule::InvalidValue,
                    node.pos,
                    format!(
                        "`{key}` is {}; it must be {}",
                        format_number(v),
                        describe(&def.ty).trim_start_matches("a number ")
                    ),
                    "the range is cairn.yaml's `fields:`",
                );
                return None;
            }
            Some(FieldValue::Number(v))
        }
        FieldType::Enum(values) => {
            let w = sink.text(node, key)?;
            word(&w, values, sink).then_some(FieldValue::Text(w.value))
        }
        FieldType::List(values) => {
            let items = sink.text_list(node, key);
            // Every word is checked (each wrong one is a finding), not only the first.
            let wrong = items.iter().filter(|w| !word(w, values, sink)).count();
            let ok = wrong == 0;
            ok.then(|| FieldValue::List(items.into_iter().map(|w| w.value).collect()))
        }
        FieldType::Date => sink.date(node, key).map(|d| FieldValue::Date(d.value)),
        FieldType::Person => {
            let w = sink.text(node, key)?;
            if !people.iter().any(|p| p.id == w.value) {
                let hint = did_you_mean(&w.value, people.iter().map(|p| p.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "people are declared under `people:` in cairn.yaml".into());
                sink.push_hint(
                    Rule::UnknownReference,
                    w.pos,
                    format!("unknown person `{}` in `{key}`", w.value),
                    hint,
                );
                return None;
            }
            Some(FieldValue::Text(w.value))
        }
        FieldType::Bool => match as_bool(node) {
            Some(b) => Some(FieldValue::Bool(b)),
            None => {
                sink.push(
                    Rule::InvalidType,
                    node.pos,
                    format!("`{key}` must be true or false, found {}", node.kind_name()),
                );
                None
            }
        },
        FieldType::Url => {
            let w = sink.text(node, key)?;
            let ok = ["https://", "http://"]
                .iter()
                .any(|s| w.value.len() > s.len() && w.value.to_ascii_lowercase().starts_with(s))
                && !w.value.chars().any(char::is_whitespace);
            if !ok {
                sink.push_hint(
                    Rule::InvalidValue,
                    w.pos,
                    format!("`{key}` is `{}`, which is not an http(s) URL", w.value),
                    "write the whole address: `https://example.com/page`",
                );
                return None;
            }
            Some(FieldValue::Text(w.value))
        }
    }
}

/// Parses a value given on the command line (`set`, `new task --field`, `--where`) for a
/// declared field, as the loader would read it; the error says what is expected.
pub fn parse_cli(def: &FieldDef, text: &str) -> Result<FieldValue, String> {
    let node = Node {
        value: if matches!(def.ty, FieldType::List(_)) {
            Value::Seq(
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Node {
                        value: Value::Scalar {
                            text: s.to_owned(),
                            plain: false,
                        },
                        pos: Pos::START,
                    })
                    .collect(),
            )
        } else {
            Value::Scalar {
                text: text.to_owned(),
                plain: true,
            }
        },
        pos: Pos::START,
    };
    let mut sink = Sink::new("");
    let people: Vec<Person> = Vec::new();
    let checked = if matches!(def.ty, FieldType::Person) {
        Some(FieldValue::Text(text.to_owned()))
    } else {
        value(def, &node, &people, &mut sink)
    };
    match (checked, sink.diags.into_iter().next()) {
        (Some(v), None) => Ok(v),
        (_, Some(d)) => Err(match d.hint {
            Some(h) => format!("{} ({h})", d.message),
            None => d.message,
        }),
        (None, None) => Err(format!("`{}` needs {}", def.name, describe(&def.ty))),
    }
}

pub const VIEW_KEYS: &[&str] = &["kind", "title", "where", "sort", "columns", "limit"];

/// `views:`: saved filters by name. The expression's syntax is checked here; what its
/// words name (fields, people, statuses) is checked by `cairn check` against the items.
pub(super) fn views(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut f) = Fields::of(node, "`views`", sink) else {
        return;
    };
    for (k, v) in f.all() {
        let Some(name) = sink.text(k, "views") else {
            continue;
        };
        if !is_slug(&name.value) {
            sink.push(
                Rule::InvalidValue,
                name.pos,
                format!(
                    "view name `{}` must be lowercase letters, digits, `-` or `_`, such as `my-week`",
                    name.value
                ),
            );
            continue;
        }
        let what = format!("view `{}`", name.value);
        let Some(mut vf) = Fields::of(v, &what, sink) else {
            continue;
        };
        let kind = vf
            .get("kind")
            .and_then(|n| {
                sink.one_of(n, "kind", &["tasks", "board"], |s| match s {
                    "tasks" => Some(ViewKind::Tasks),
                    "board" => Some(ViewKind::Board),
                    _ => None,
                })
            })
            .unwrap_or(ViewKind::Tasks);
        let title = vf
            .get("title")
            .and_then(|n| sink.text(n, "title"))
            .map(|t| t.value);
        let mut expr_pos = name.pos;
        let expr = vf
            .get("where")
            .and_then(|n| sink.text(n, "where"))
            .and_then(|w| {
                expr_pos = w.pos;
                match crate::text::filter::parse(&w.value) {
                    Ok(_) => Some(w.value),
                    Err(e) => {
                        let mut d =
                            format!("`where`: {} (at character {})", e.message, e.start + 1);
                        if let Some(h) = &e.hint {
                            d.push_str(&format!("; {h}"));
                        }
                        sink.push(Rule::InvalidValue, w.pos, d);
                        None
                    }
                }
            });
        let sort = vf.get("sort").and_then(|n| {
            sink.one_of(n, "sort", &TASK_ORDERS, |s| {
                TASK_ORDERS.contains(&s).then(|| s.to_owned())
            })
        });
        let mut columns = Vec::new();
        if let Some(n) = vf.get("columns") {
            for c in sink.text_list(n, "columns") {
                let known = TASK_COLUMNS.contains(&c.value.as_str())
                    || config.field(FileKind::Task, &c.value).is_some()
                    || (c.value.starts_with("x-") && c.value.len() > 2);
                if known {
                    columns.push(c.value);
                } else {
                    let names = TASK_COLUMNS
                        .iter()
                        .copied()
                        .chain(config.fields_of(FileKind::Task).map(|f| f.name.as_str()));
                    let message = format!("`{}` is not a column of tasks", c.value);
                    match did_you_mean(&c.value, names) {
                        Some(s) => sink.push_hint(
                            Rule::InvalidValue,
                            c.pos,
                            message,
                            format!("did you mean `{s}`?"),
                        ),
                        None => sink.push_hint(
                            Rule::InvalidValue,
                            c.pos,
                            message,
                            format!(
                                "columns: {}, a declared field or an `x-…` field",
                                TASK_COLUMNS.join(", ")
                            ),
                        ),
                    }
                }
            }
        }
        let limit = vf.get("limit").and_then(|n| {
            let v = sink.number(n, "limit")?;
            if v >= 1.0 && v.fract() == 0.0 && v <= 1e6 {
                Some(v as usize)
            } else {
                sink.push(
                    Rule::InvalidValue,
                    n.pos,
                    format!("`limit` is {v}; it must be a whole number from 1"),
                );
                None
            }
        });
        vf.finish(VIEW_KEYS, &what, sink);
        config.views.push(View {
            name: name.value,
            kind,
            title,
            expr,
            expr_pos,
            sort,
            columns,
            limit,
            pos: name.pos,
        });
    }
}
