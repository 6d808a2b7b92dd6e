//! Backlog.md's `backlog/` folder: `tasks/`, `drafts/`, `completed/` (done tasks),
//! `archive/` (left out, listed), `decisions/`, `docs/`, `milestones/`, `assets/` and
//! `config.yml`. Read as leniently as Backlog.md reads it: an unquoted `@name`, bare
//! numbers and old id prefixes in references, decisions without front matter.

use super::{Item, Parsed, SourceMilestone, date_part, front_matter, many, one, priority};
use crate::model::StatusCategory;
use serde_json::Value;
use std::collections::BTreeMap;

/// A file of the folder: its path under `backlog/` and its bytes.
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Fields cairn maps; every other one is kept under `x-backlog-md:`.
const MAPPED: &[&str] = &[
    "id",
    "title",
    "status",
    "assignee",
    "assignees",
    "labels",
    "priority",
    "milestone",
    "dependencies",
    "parent_task_id",
    "parent",
    "due_date",
    "due",
    "start_date",
    "created_date",
    "completed_date",
];

fn status(s: &str) -> Option<StatusCategory> {
    match s.trim().to_ascii_lowercase().as_str() {
        "to do" | "todo" | "open" | "backlog" | "draft" | "new" => Some(StatusCategory::Open),
        "in progress" | "doing" | "review" | "in review" | "blocked" => {
            Some(StatusCategory::Active)
        }
        "done" | "closed" | "completed" => Some(StatusCategory::Done),
        "cancelled" | "canceled" | "won't do" | "wontfix" => Some(StatusCategory::Cancelled),
        _ => None,
    }
}

/// Backlog.md wraps sections in HTML comments; they are noise in cairn.
fn clean_body(body: &str) -> String {
    body.lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with("<!-- ")
                && t.ends_with("-->")
                && (t.contains(":BEGIN") || t.contains(":END")))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first `# Heading` of a text, and the text without it.
fn heading(text: &str) -> Option<(String, String)> {
    let mut lines = text.lines();
    let mut skipped = 0;
    for l in lines.by_ref() {
        skipped += 1;
        if l.trim().is_empty() {
            continue;
        }
        let title = l.strip_prefix("# ")?.trim();
        let title = title
            .strip_prefix("Decision:")
            .or_else(|| title.strip_prefix("ADR:"))
            .unwrap_or(title)
            .trim();
        let rest: Vec<&str> = text.lines().skip(skipped).collect();
        return Some((title.to_owned(), rest.join("\n")));
    }
    None
}

/// A link in a file at `from` (under `backlog/`) that points into `backlog/assets/`: the
/// asset's path under it.
fn asset_of(from: &str, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with('#') || dest.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in dest.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    joined.strip_prefix("assets/").map(str::to_owned)
}

/// Where a file cairn writes (`tasks/<project>/T-1-x.md`, two folders down) finds
/// `assets/<rel>` from.
fn asset_link(depth: usize, rel: &str) -> String {
    format!("{}assets/{rel}", "../".repeat(depth))
}

fn task(path: &str, text: &str, draft: bool, completed: bool, out: &mut Parsed) -> Option<Item> {
    let Some((fm, body)) = front_matter(text) else {
        out.skipped.push((
            path.to_owned(),
            "no front matter cairn can read (not YAML between `---` lines)".into(),
        ));
        return None;
    };
    let get = |k: &str| fm.get(k).and_then(one);
    let name = path.rsplit('/').next().unwrap_or(path);
    let source_id = get("id").unwrap_or_else(|| {
        name.split(" - ")
            .next()
            .unwrap_or(name)
            .trim_end_matches(".md")
            .to_owned()
    });
    let Some(title) = get("title") else {
        out.skipped.push((path.to_owned(), "no title".into()));
        return None;
    };
    let raw_status = get("status").unwrap_or_else(|| "To Do".into());
    let mut category = status(&raw_status);
    if category.is_none() {
        out.notes.push(format!(
            "{path}: status `{raw_status}` has no cairn equivalent; imported as open"
        ));
    }
    if completed && category != Some(StatusCategory::Cancelled) {
        category = Some(StatusCategory::Done);
    }
    let mut tags: Vec<String> = fm.get("labels").map(many).unwrap_or_default();
    if draft {
        tags.push("draft".into());
    }
    let mut extra = BTreeMap::new();
    for (k, v) in &fm {
        if !MAPPED.contains(&k.as_str()) && !v.is_null() {
            extra.insert(k.clone(), v.clone());
        }
    }
    // Dependencies may be ids, bare numbers, or ids with an old prefix.
    let deps: Vec<String> = fm.get("dependencies").map(many).unwrap_or_default();
    let depth = 2;
    let body = super::rewrite_links(&clean_body(&body), |dest| {
        asset_of(path, dest).map(|rel| asset_link(depth, &rel))
    });
    Some(Item {
        decision: false,
        source: format!("backlog-md:{source_id}"),
        source_id,
        from: path.to_owned(),
        title,
        category,
        assignees: fm
            .get("assignee")
            .or_else(|| fm.get("assignees"))
            .map(many)
            .unwrap_or_default(),
        priority: get("priority").and_then(|p| priority(&p)),
        due: get("due_date")
            .or_else(|| get("due"))
            .and_then(|d| date_part(&d)),
        start: get("start_date").and_then(|d| date_part(&d)),
        created: get("created_date").and_then(|d| date_part(&d)),
        closed: get("completed_date")
            .or_else(|| get("updated_date"))
            .and_then(|d| date_part(&d)),
        tags,
        milestone: get("milestone"),
        depends_on: deps,
        parent: get("parent_task_id").or_else(|| get("parent")),
        body,
        extra,
        decision_status: None,
    })
}

fn decision(path: &str, text: &str, out: &mut Parsed) -> Option<Item> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .split(" - ")
        .next()
        .unwrap_or(name)
        .trim_end_matches(".md");
    let (fm, body) = match front_matter(text) {
        Some(x) => x,
        // Backlog.md writes decisions without front matter too: the title is the first
        // heading, a `## Status` section gives the status.
        None => match heading(text) {
            Some((title, rest)) => {
                let mut fm = BTreeMap::new();
                fm.insert("title".to_owned(), Value::String(title));
                let status = rest
                    .split("## Status")
                    .nth(1)
                    .and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty()))
                    .map(str::to_owned);
                if let Some(s) = status {
                    fm.insert("status".to_owned(), Value::String(s));
                }
                (fm, rest)
            }
            None => {
                out.skipped.push((
                    path.to_owned(),
                    "a decision with neither front matter nor a `# Title` heading".into(),
                ));
                return None;
            }
        },
    };
    let get = |k: &str| fm.get(k).and_then(one);
    let source_id = get("id").unwrap_or_else(|| stem.to_owned());
    let title = get("title").or_else(|| heading(&body).map(|(t, _)| t))?;
    let raw = get("status")
        .unwrap_or_else(|| "proposed".into())
        .to_ascii_lowercase();
    let status = if crate::model::DecisionStatus::NAMES.contains(&raw.as_str()) {
        raw
    } else {
        out.notes.push(format!(
            "{path}: decision status `{raw}` imported as proposed"
        ));
        "proposed".into()
    };
    if status == "superseded" {
        out.notes.push(format!(
            "{path}: superseded, but Backlog.md does not say by what; add `supersedes:` to its successor"
        ));
    }
    let mut extra = BTreeMap::new();
    for (k, v) in &fm {
        if !["id", "title", "status", "date"].contains(&k.as_str()) && !v.is_null() {
            extra.insert(k.clone(), v.clone());
        }
    }
    let body = super::rewrite_links(&body, |dest| {
        asset_of(path, dest).map(|rel| asset_link(1, &rel))
    });
    Some(Item {
        decision: true,
        source: format!("backlog-md:{source_id}"),
        source_id,
        from: path.to_owned(),
        title,
        decision_status: Some(status),
        created: get("date").and_then(|d| date_part(&d)),
        body,
        extra,
        ..Item::default()
    })
}

fn milestone(path: &str, text: &str, archived: bool, out: &mut Parsed) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .split(" - ")
        .next()
        .unwrap_or(name)
        .trim_end_matches(".md");
    let (fm, body) = front_matter(text).unwrap_or_default();
    let get = |k: &str| fm.get(k).and_then(one);
    let title = get("title")
        .or_else(|| heading(&body).map(|(t, _)| t))
        .or_else(|| {
            name.split(" - ")
                .nth(1)
                .map(|t| t.trim_end_matches(".md").replace('-', " "))
        })
        .unwrap_or_else(|| stem.to_owned());
    out.milestones.push(SourceMilestone {
        name: get("id").unwrap_or_else(|| stem.to_owned()),
        title,
        due: get("due_date")
            .or_else(|| get("due"))
            .or_else(|| get("target_date"))
            .and_then(|d| date_part(&d)),
        from: path.to_owned(),
        aliases: name
            .split_once(" - ")
            .map(|(_, t)| t.trim_end_matches(".md").to_owned())
            .into_iter()
            .collect(),
        archived,
    });
}

/// Reads the files of a `backlog/` folder.
pub fn read(files: &[SourceFile]) -> Parsed {
    let mut out = Parsed::default();
    let mut sorted: Vec<&SourceFile> = files.iter().collect();
    // By id number, then path: new ids follow the old ones' order.
    let key = |p: &str| -> (Vec<u64>, String) {
        let name = p.rsplit('/').next().unwrap_or(p);
        let id = name.split(" - ").next().unwrap_or(name);
        let num = id.rsplit('-').next().unwrap_or("");
        let parts: Vec<u64> = num
            .trim_end_matches(".md")
            .split('.')
            .map(|x| x.parse().unwrap_or(u64::MAX))
            .collect();
        (parts, p.to_owned())
    };
    sorted.sort_by_key(|f| key(&f.path));
    for f in sorted {
        let path = f.path.as_str();
        let top = path.split('/').next().unwrap_or("");
        if top == "assets" {
            out.assets.push((
                path.trim_start_matches("assets/").to_owned(),
                f.bytes.clone(),
            ));
            continue;
        }
        if path == "config.yml" || path == "config.yaml" {
            let text = String::from_utf8_lossy(&f.bytes);
            let yaml = super::lenient_yaml(&text);
            if let Some(root) = crate::text::yaml::parse(&yaml, 1).root
                && let crate::text::yaml::Value::Map(pairs) = root.value
            {
                for (k, v) in pairs {
                    if k.as_scalar() == Some("project_name") {
                        out.project_name = v.as_scalar().map(str::to_owned);
                    }
                }
            }
            continue;
        }
        if !path.ends_with(".md") {
            continue;
        }
        let Ok(text) = String::from_utf8(f.bytes.clone()) else {
            out.skipped.push((path.to_owned(), "not UTF-8 text".into()));
            continue;
        };
        let text = text.replace("\r\n", "\n");
        // A folder's readme explains the folder; it is never an item.
        let name = path.rsplit('/').next().unwrap_or(path);
        if top != "docs" && name.eq_ignore_ascii_case("readme.md") {
            out.skipped
                .push((path.to_owned(), "a readme, not an item".into()));
            continue;
        }
        let item = match top {
            "tasks" => task(path, &text, false, false, &mut out),
            "completed" => task(path, &text, false, true, &mut out),
            "drafts" => task(path, &text, true, false, &mut out),
            "decisions" => decision(path, &text, &mut out),
            "milestones" => {
                milestone(path, &text, false, &mut out);
                None
            }
            // An archived milestone is imported only if a task still names it; an
            // archived task is left out, and one imported before is gone (see plan).
            "archive" if path.starts_with("archive/milestones/") => {
                milestone(path.trim_start_matches("archive/"), &text, true, &mut out);
                None
            }
            "docs" => {
                out.docs
                    .push((path.trim_start_matches("docs/").to_owned(), text));
                None
            }
            "archive" => {
                let id = front_matter(&text)
                    .and_then(|(fm, _)| fm.get("id").and_then(one))
                    .unwrap_or_else(|| {
                        name.split(" - ")
                            .next()
                            .unwrap_or(name)
                            .trim_end_matches(".md")
                            .to_owned()
                    });
                out.archived.push(id.to_ascii_lowercase());
                out.skipped
                    .push((path.to_owned(), "archived in Backlog.md".into()));
                None
            }
            _ => {
                out.skipped.push((
                    path.to_owned(),
                    "not a task, decision, milestone or doc".into(),
                ));
                None
            }
        };
        if let Some(item) = item {
            out.items.push(item);
        }
    }
    out
}

/// Every file under a `backlog/` folder (symlinks not followed; at most 64 MiB each and
/// 100,000 files), by path relative to it.
pub fn files(dir: &std::path::Path) -> std::io::Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).max_depth(8) {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if rel.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        if entry.metadata().map_err(std::io::Error::other)?.len() > 64 * 1024 * 1024 {
            return Err(std::io::Error::other(format!("{rel} is over 64 MiB")));
        }
        if out.len() >= 100_000 {
            return Err(std::io::Error::other("over 100,000 files"));
        }
        out.push(SourceFile {
            path: rel,
            bytes: std::fs::read(entry.path())?,
        });
    }
    Ok(out)
}
