//! todo.txt: `x 2026-11-20 2026-11-01 (A) Call the printer +website @phone due:2026-12-01`.
//! Lines have no ids: an item's source is its text's slug (`todo-txt:call-the-printer`),
//! so editing a line's words in todo.txt makes it a new item on the next import.

use super::{Item, Parsed, date_part};
use crate::model::StatusCategory;
use crate::text::slug;
use std::collections::BTreeMap;

pub fn read(text: &str) -> Parsed {
    let mut out = Parsed {
        project_name: Some("todo.txt".into()),
        ..Parsed::default()
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let from = format!("line {}", n + 1);
        let mut words: Vec<&str> = line.split_whitespace().collect();
        let done = words.first() == Some(&"x");
        if done {
            words.remove(0);
        }
        let mut prio = None;
        if let Some(w) = words.first()
            && w.len() == 3
            && w.starts_with('(')
            && w.ends_with(')')
        {
            prio = match &w[1..2] {
                "A" => Some("urgent"),
                "B" => Some("high"),
                "C" => Some("normal"),
                _ => Some("low"),
            };
            words.remove(0);
        }
        // Dates: completion then creation for done items, creation for open ones.
        let mut dates = Vec::new();
        while let Some(w) = words.first()
            && let Some(d) = date_part(w).filter(|_| w.len() == 10)
        {
            dates.push(d);
            words.remove(0);
        }
        let (closed, created) = match (done, dates.len()) {
            (true, 2) => (Some(dates[0]), Some(dates[1])),
            (true, 1) => (Some(dates[0]), None),
            (false, n) if n >= 1 => (None, Some(dates[0])),
            _ => (None, None),
        };
        let mut title = Vec::new();
        let mut tags = Vec::new();
        let mut due = None;
        let mut extra = BTreeMap::new();
        for w in words {
            if let Some(p) = w.strip_prefix('+').filter(|p| !p.is_empty()) {
                // A todo.txt project becomes a tag: one import goes into one cairn project.
                tags.push(slug(p));
            } else if let Some(c) = w.strip_prefix('@').filter(|c| !c.is_empty()) {
                tags.push(slug(c));
            } else if let Some(d) = w.strip_prefix("due:") {
                match date_part(d).filter(|_| d.len() == 10) {
                    Some(d) => due = Some(d),
                    None => {
                        out.notes.push(format!(
                            "{from}: `{w}` is not a date; kept under x-todo-txt"
                        ));
                        extra.insert("due".to_owned(), serde_json::Value::String(d.to_owned()));
                    }
                }
            } else if let Some((k, v)) = w.split_once(':')
                && !w.contains("://")
                && !k.is_empty()
                && !v.is_empty()
            {
                extra.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
            } else {
                title.push(w);
            }
        }
        if title.is_empty() {
            out.skipped.push((from, "no text".into()));
            continue;
        }
        let title = title.join(" ");
        out.items.push(Item {
            source: format!("todo-txt:{}", slug(&title)),
            source_id: slug(&title),
            from,
            title,
            category: Some(if done {
                StatusCategory::Done
            } else {
                StatusCategory::Open
            }),
            priority: prio,
            due,
            created,
            closed,
            tags,
            extra,
            ..Item::default()
        });
    }
    out
}
