//! `cairn.yaml`: the calendar, workflow, people, rules and report settings.

use super::items::{parse_yaml, sp_text, text_field};
use crate::diag::{Level, Rule, did_you_mean};
use crate::model::*;
use crate::text::fields::{Fields, Sink, as_bool, parse_date};
use crate::text::yaml::Node;

pub const CONFIG_KEYS: &[&str] = &[
    "name",
    "task_prefix",
    "decision_prefix",
    "calendar",
    "default_estimate",
    "statuses",
    "people",
    "transitions",
    "reports",
    "forecast",
    "rules",
    "currency",
    "fields",
    "views",
    "portfolio",
];
pub const MEMBER_KEYS: &[&str] = &["name", "path", "git", "ref", "dir"];
pub const REPORTS_KEYS: &[&str] = &["dir"];
pub const FORECAST_KEYS: &[&str] = &["confidence", "samples"];
pub const CALENDAR_KEYS: &[&str] = &["workdays", "hours_per_day", "holidays"];
pub const PERSON_KEYS: &[&str] = &["name", "email", "capacity", "rate", "time_off"];

/// Parses `cairn.yaml`. Problems become diagnostics; defaults fill the gaps.
pub fn parse_config(text: &str, sink: &mut Sink) -> Config {
    let mut config = Config::default();
    let Some(root) = parse_yaml(text, 1, sink) else {
        return config;
    };
    let Some(mut fields) = Fields::of(&root, "cairn.yaml", sink) else {
        return config;
    };
    config.name = fields
        .require("name", "cairn.yaml", sink)
        .and_then(|n| sink.text(n, "name"))
        .map(|s| s.value)
        .unwrap_or_default();
    for (key, slot) in [
        ("task_prefix", &mut config.task_prefix),
        ("decision_prefix", &mut config.decision_prefix),
    ] {
        if let Some(v) = sp_text(&mut fields, key, sink) {
            if !v.value.is_empty() && v.value.chars().all(|c| c.is_ascii_alphanumeric()) {
                *slot = v.value;
            } else {
                sink.push(
                    Rule::InvalidValue,
                    v.pos,
                    format!("`{key}` must be letters and digits, like `T`"),
                );
            }
        }
    }
    if let Some(c) = sp_text(&mut fields, "currency", sink) {
        if !c.value.is_empty()
            && c.value.len() <= 8
            && c.value
                .chars()
                .all(|x| x.is_alphanumeric() || x == '$' || x == '€' || x == '£')
        {
            config.currency = Some(c.value);
        } else {
            sink.push(
                Rule::InvalidValue,
                c.pos,
                format!(
                    "`currency` `{}` must be a short code such as EUR or USD",
                    c.value
                ),
            );
        }
    }
    if let Some(node) = fields.get("forecast") {
        forecast(node, &mut config, sink);
    }
    if let Some(node) = fields.get("reports") {
        reports(node, &mut config, sink);
    }
    if let Some(node) = fields.get("calendar") {
        calendar(node, &mut config, sink);
    }
    if let Some(n) = fields.get("default_estimate")
        && let Some(h) = sink.effort(n, "default_estimate", config.calendar.hours_per_day)
    {
        config.default_estimate_hours = h;
    }
    config.default_estimate_hours = config.default_estimate_hours.max(0.0);
    if let Some(node) = fields.get("statuses") {
        statuses(node, &mut config, sink);
    }
    if let Some(node) = fields.get("transitions") {
        transitions(node, &mut config, sink);
    }
    if let Some(node) = fields.get("people") {
        people(node, &mut config, sink);
    }
    if let Some(node) = fields.get("rules") {
        rules(node, &mut config, sink);
    }
    if let Some(node) = fields.get("fields") {
        super::custom::declarations(node, &mut config, super::items::keys_of, sink);
    }
    if let Some(node) = fields.get("views") {
        super::custom::views(node, &mut config, sink);
    }
    if let Some(node) = fields.get("portfolio") {
        portfolio(node, &mut config, sink);
    }
    fields.finish(CONFIG_KEYS, "cairn.yaml", sink);
    config
}

/// `forecast:`: the confidence and the number of samples.
fn forecast(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut f) = Fields::of(node, "`forecast`", sink) else {
        return;
    };
    if let Some(n) = f.get("confidence")
        && let Some(v) = sink.number(n, "confidence")
    {
        if (50.0..=99.0).contains(&v) && v.fract() == 0.0 {
            config.confidence = Some(v as u8);
        } else {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                format!("`confidence` is {v}; it must be a whole percentage from 50 to 99"),
                "85 means: at risk when the date the plan makes with 85% odds is after due",
            );
        }
    }
    if let Some(n) = f.get("samples")
        && let Some(v) = sink.number(n, "samples")
    {
        if (10.0..=100_000.0).contains(&v) && v.fract() == 0.0 {
            config.samples = v as u32;
        } else {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                format!("`samples` is {v}; it must be a whole number from 10 to 100000"),
                "500 is plenty for P85",
            );
        }
    }
    f.finish(FORECAST_KEYS, "`forecast`", sink);
}

/// `reports:`: where reports go.
fn reports(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut r) = Fields::of(node, "`reports`", sink) else {
        return;
    };
    if let Some(n) = r.get("dir")
        && let Some(dir) = sink.text(n, "dir")
    {
        let d = dir.value.trim_matches('/');
        let inside_items = FileKind::FOLDERS
            .iter()
            .any(|f| d == *f || d.starts_with(&format!("{f}/")));
        if d.is_empty()
            || d.starts_with('.')
            || d.split('/').any(|p| p.is_empty() || p == "..")
            || inside_items
        {
            sink.push(
                Rule::InvalidValue,
                dir.pos,
                format!(
                    "`reports.dir` `{}` must be a folder inside the workspace, outside the item folders",
                    dir.value
                ),
            );
        } else {
            config.reports_dir = d.to_owned();
        }
    }
    r.finish(REPORTS_KEYS, "`reports`", sink);
}

/// `calendar:`: working days, hours per day, holidays.
fn calendar(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut cal) = Fields::of(node, "`calendar`", sink) else {
        return;
    };
    if let Some(n) = cal.get("workdays") {
        let mut days = [false; 7];
        for d in sink.text_list(n, "workdays") {
            match Calendar::weekday_index(&d.value.to_ascii_lowercase()) {
                Some(i) => days[i] = true,
                None => sink.push(
                    Rule::InvalidValue,
                    d.pos,
                    format!(
                        "`{}` is not a weekday; use mon, tue, wed, thu, fri, sat, sun",
                        d.value
                    ),
                ),
            }
        }
        if days.iter().any(|d| *d) {
            config.calendar.workdays = days;
        } else {
            sink.push(Rule::InvalidValue, n.pos, "`workdays` names no working day");
        }
    }
    if let Some(n) = cal.get("hours_per_day")
        && let Some(h) = sink.number(n, "hours_per_day")
    {
        if h > 0.0 && h <= 24.0 {
            config.calendar.hours_per_day = h;
        } else {
            sink.push(
                Rule::InvalidValue,
                n.pos,
                format!("`hours_per_day` is {h}; it must be above 0 and at most 24"),
            );
        }
    }
    if let Some(n) = cal.get("holidays") {
        for h in sink.seq(n, "holidays") {
            if let Some(d) = sink.date(h, "holidays") {
                config.calendar.holidays.insert(d.value);
            }
        }
    }
    cal.finish(CALENDAR_KEYS, "`calendar`", sink);
}

/// `statuses:`: the workflow, each status with its category.
fn statuses(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut f) = Fields::of(node, "`statuses`", sink) else {
        return;
    };
    let mut statuses = Vec::new();
    for (k, v) in f.all() {
        let (Some(name), Some(cat)) = (
            sink.text(k, "statuses"),
            sink.one_of(
                v,
                "statuses",
                &["open", "active", "done", "cancelled"],
                StatusCategory::parse,
            ),
        ) else {
            continue;
        };
        statuses.push((name.value, cat));
    }
    let has = |c| statuses.iter().any(|(_, sc)| *sc == c);
    if has(StatusCategory::Open) && has(StatusCategory::Done) {
        config.statuses = statuses;
    } else {
        sink.push(
            Rule::InvalidValue,
            node.pos,
            "`statuses` needs at least one `open` and one `done` status; using the default workflow",
        );
    }
}

/// `transitions:`: the moves allowed between statuses.
fn transitions(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut f) = Fields::of(node, "`transitions`", sink) else {
        return;
    };
    let known = |s: &str| config.statuses.iter().any(|(n, _)| n == s);
    let mut unknown = Vec::new();
    for (k, v) in f.all() {
        let Some(from) = sink.text(k, "transitions") else {
            continue;
        };
        let to = sink.text_list(v, "transitions");
        for s in std::iter::once(&from).chain(&to) {
            if !known(&s.value) {
                unknown.push(s.clone());
            }
        }
        config
            .transitions
            .push((from.value, to.into_iter().map(|t| t.value).collect()));
    }
    for s in unknown {
        let msg = format!("`transitions` names `{}`, which is not a status", s.value);
        match did_you_mean(&s.value, config.statuses.iter().map(|(n, _)| n.as_str())) {
            Some(m) => sink.push_hint(
                Rule::InvalidStatus,
                s.pos,
                msg,
                format!("did you mean `{m}`?"),
            ),
            None => sink.push(Rule::InvalidStatus, s.pos, msg),
        }
    }
}

/// `people:`: each person by id.
fn people(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut f) = Fields::of(node, "`people`", sink) else {
        return;
    };
    for (k, v) in f.all() {
        let Some(id) = sink.text(k, "people") else {
            continue;
        };
        if !crate::model::is_person_id(&id.value) {
            sink.push(
                Rule::InvalidValue,
                id.pos,
                format!(
                    "person id `{}` must be lowercase letters, digits, `-`, `_` or `.` inside, such as `alice` or `jane.doe`",
                    id.value
                ),
            );
        }
        if let Some(p) = person(id, v, sink) {
            config.people.push(p);
        }
    }
}

/// `rules:`: a level for each rule.
fn rules(node: &Node, config: &mut Config, sink: &mut Sink) {
    let Some(mut f) = Fields::of(node, "`rules`", sink) else {
        return;
    };
    for (k, v) in f.all() {
        let Some(name) = sink.text(k, "rules") else {
            continue;
        };
        let Some(rule) = Rule::from_name(&name.value) else {
            let msg = format!("unknown rule `{}`", name.value);
            match did_you_mean(&name.value, Rule::ALL.iter().map(|r| r.name())) {
                Some(s) => sink.push_hint(
                    Rule::UnknownRule,
                    k.pos,
                    msg,
                    format!("did you mean `{s}`?"),
                ),
                None => sink.push_hint(
                    Rule::UnknownRule,
                    k.pos,
                    msg,
                    "`cairn check --list-rules` lists them",
                ),
            }
            continue;
        };
        let level = if as_bool(v) == Some(false) {
            Some(Level::Off)
        } else {
            sink.one_of(v, "rules", &["error", "warning", "off"], |s| match s {
                "error" => Some(Level::Error),
                "warning" => Some(Level::Warning),
                "off" => Some(Level::Off),
                _ => None,
            })
        };
        if let Some(level) = level {
            config.rules.set(rule, level);
        }
    }
}

fn person(id: Sp<String>, node: &Node, sink: &mut Sink) -> Option<Person> {
    let what = format!("person `{}`", id.value);
    let mut f = Fields::of(node, &what, sink)?;
    let name = f
        .require("name", &what, sink)
        .and_then(|n| sink.text(n, "name"))
        .map(|s| s.value)
        .unwrap_or_default();
    let email = text_field(&mut f, "email", sink);
    let mut capacity = 1.0;
    if let Some(n) = f.get("capacity")
        && let Some(c) = sink.number(n, "capacity")
    {
        if c > 0.0 && c <= 1.0 {
            capacity = c;
        } else {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                format!("`capacity` is {c}; it must be above 0 and at most 1"),
                "capacity is the share of a full working day, e.g. 0.5",
            );
        }
    }
    let mut rate = None;
    if let Some(n) = f.get("rate")
        && let Some(r) = sink.number(n, "rate")
    {
        if r >= 0.0 && r.is_finite() {
            rate = Some(r);
        } else {
            sink.push(
                Rule::InvalidValue,
                n.pos,
                format!("`rate` is {r}; it is the cost of an hour, 0 or more"),
            );
        }
    }
    let mut time_off = Vec::new();
    if let Some(n) = f.get("time_off") {
        for entry in sink.text_list(n, "time_off") {
            let (a, b) = entry
                .value
                .split_once("..")
                .unwrap_or((&entry.value, &entry.value));
            match (parse_date(a.trim()), parse_date(b.trim())) {
                (Ok(a), Ok(b)) if a <= b => time_off.push((a, b)),
                (Ok(_), Ok(_)) => sink.push(
                    Rule::InvalidDate,
                    entry.pos,
                    format!("time off `{}` ends before it starts", entry.value),
                ),
                (Err(why), _) | (_, Err(why)) => sink.push_hint(
                    Rule::InvalidDate,
                    entry.pos,
                    format!("time off: {why}"),
                    "write a date or an inclusive range: `2026-12-21..2026-12-31`",
                ),
            }
        }
    }
    f.finish(PERSON_KEYS, &what, sink);
    Some(Person {
        id: id.value,
        name,
        email,
        capacity,
        rate,
        time_off,
        pos: id.pos,
    })
}

/// `portfolio:`: the member workspaces, each a working tree (`path`) or a repository
/// (`git`, at `ref`), named by a slug that prefixes its ids.
fn portfolio(node: &Node, config: &mut Config, sink: &mut Sink) {
    for n in sink.seq(node, "portfolio") {
        let Some(mut f) = Fields::of(n, "a portfolio member", sink) else {
            continue;
        };
        let name = f
            .require("name", "a portfolio member", sink)
            .and_then(|n| sink.text(n, "name"));
        let path = text_field(&mut f, "path", sink);
        let git = text_field(&mut f, "git", sink);
        let rev = text_field(&mut f, "ref", sink).unwrap_or_else(|| "HEAD".into());
        let dir = text_field(&mut f, "dir", sink)
            .map(|d| d.trim_matches('/').to_owned())
            .unwrap_or_default();
        f.finish(MEMBER_KEYS, "a portfolio member", sink);
        let Some(name) = name else { continue };
        if !is_slug(&name.value) {
            sink.push(
                Rule::InvalidValue,
                name.pos,
                format!(
                    "member name `{}` must be a slug such as `mobile`",
                    name.value
                ),
            );
            continue;
        }
        if config.portfolio.iter().any(|m| m.name == name.value) {
            sink.push(
                Rule::DuplicateId,
                name.pos,
                format!("two portfolio members are named `{}`", name.value),
            );
            continue;
        }
        if path.is_some() == git.is_some() {
            sink.push_hint(
                Rule::InvalidValue,
                n.pos,
                format!("member `{}` needs one of `path` and `git`", name.value),
                "`path: ../mobile-app` reads a working tree; `git: <url>` (with `ref:`) a repository `cairn fetch` keeps",
            );
            continue;
        }
        if dir.split('/').any(|p| p == ".." || p == ".") || dir.starts_with('/') {
            sink.push(
                Rule::InvalidValue,
                n.pos,
                format!(
                    "member `{}`: `dir` must be a folder inside the member",
                    name.value
                ),
            );
            continue;
        }
        config.portfolio.push(Member {
            name: name.value,
            path,
            git,
            rev,
            dir,
            pos: name.pos,
        });
    }
}
