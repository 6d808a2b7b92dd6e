//! Moving in from other tools: Backlog.md folders, `gh issue list --json` output and
//! todo.txt files, turned into cairn files. Pure: each importer takes the input text and
//! the workspace, and returns the files to create and what it could not map; the command
//! writes them (never over an existing file).

use crate::model::{StatusCategory, Workspace};
use crate::text::slug;
use crate::text::yaml::quote as yaml_scalar;
use std::collections::HashMap;

/// A file to create, workspace-relative.
#[derive(Clone, Debug, PartialEq)]
pub struct NewFile {
    pub path: String,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub files: Vec<NewFile>,
    /// What could not be mapped faithfully, one line each, naming the source item.
    pub notes: Vec<String>,
}

/// One task, tool-neutral, before it becomes a file.
#[derive(Clone, Debug, Default)]
struct Draft {
    /// The id in the source tool, for notes and dependency mapping.
    source_id: String,
    title: String,
    category: Option<StatusCategory>,
    assignees: Vec<String>,
    priority: Option<&'static str>,
    due: Option<String>,
    created: Option<String>,
    closed: Option<String>,
    tags: Vec<String>,
    milestone: Option<String>,
    depends_on: Vec<String>,
    parent: Option<String>,
    body: String,
}

/// `2025-07-26 14:30`, `2025-07-26T14:30:00Z` or `2025-07-26` → `2025-07-26`, if real.
fn date_part(text: &str) -> Option<String> {
    let d = text.trim().trim_matches(['\'', '"']).get(..10)?;
    crate::text::fields::parse_date(d)
        .ok()
        .map(|d| d.to_string())
}

struct Ctx<'a> {
    ws: &'a Workspace,
    project: Option<&'a str>,
    next: u64,
    notes: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn new(ws: &'a Workspace, project: Option<&'a str>, next: u64) -> Ctx<'a> {
        Ctx {
            ws,
            project,
            next,
            notes: Vec::new(),
        }
    }

    fn status(&self, cat: Option<StatusCategory>) -> String {
        let cat = cat.unwrap_or(StatusCategory::Open);
        self.ws
            .config
            .first_status(cat)
            .or_else(|| self.ws.config.first_status(StatusCategory::Open))
            .unwrap_or("todo")
            .to_owned()
    }

    fn person(&mut self, raw: &str, from: &str) -> Option<String> {
        let id = slug(raw.trim().trim_start_matches('@'));
        if id.is_empty() {
            return None;
        }
        if self.ws.config.person(&id).is_none() {
            self.notes.push(format!(
                "{from}: assignee `{raw}` is `{id}`, who is not in cairn.yaml: add them under `people:`"
            ));
        }
        Some(id)
    }

    fn milestone(&mut self, name: &str, from: &str) -> Option<String> {
        let Some(project) = self.project.and_then(|p| self.ws.project(p)) else {
            self.notes.push(format!(
                "{from}: milestone `{name}` dropped (pass --project to map milestones)"
            ));
            return None;
        };
        let found = project.milestones.iter().find(|m| {
            m.id.value.eq_ignore_ascii_case(name)
                || m.title.eq_ignore_ascii_case(name)
                || m.id.value == slug(name)
        });
        match found {
            Some(m) => Some(m.id.value.clone()),
            None => {
                self.notes.push(format!(
                    "{from}: milestone `{name}` is not a milestone of {}; dropped",
                    project.id.value
                ));
                None
            }
        }
    }

    /// Files for the drafts, with ids allocated in order and references rewritten.
    fn tasks(&mut self, drafts: Vec<Draft>) -> Vec<NewFile> {
        let prefix = self.ws.config.task_prefix.clone();
        let ids: HashMap<String, String> = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    d.source_id.clone(),
                    format!("{prefix}-{}", self.next + i as u64),
                )
            })
            .collect();
        let folder = match self.project {
            Some(p) => format!("tasks/{p}"),
            None => "tasks".into(),
        };
        let mut files = Vec::new();
        for d in drafts {
            let id = &ids[&d.source_id];
            let mut fm = vec![
                format!("id: {id}"),
                format!("title: {}", yaml_scalar(d.title.clone())),
                format!("status: {}", self.status(d.category)),
            ];
            if let Some(p) = self.project {
                fm.push(format!("project: {p}"));
            }
            if let Some(m) = &d.milestone {
                fm.push(format!("milestone: {}", yaml_scalar(m.clone())));
            }
            match d.assignees.len() {
                0 => {}
                1 => fm.push(format!("assignee: {}", d.assignees[0])),
                _ => fm.push(format!("assignee: [{}]", d.assignees.join(", "))),
            }
            if let Some(p) = d.priority {
                fm.push(format!("priority: {p}"));
            }
            if let Some(due) = &d.due {
                fm.push(format!("due: {due}"));
            }
            let deps: Vec<String> = d
                .depends_on
                .iter()
                .filter_map(|s| match ids.get(s) {
                    Some(new) => Some(new.clone()),
                    None => {
                        self.notes.push(format!(
                            "{}: dependency `{s}` was not imported; dropped",
                            d.source_id
                        ));
                        None
                    }
                })
                .collect();
            if !deps.is_empty() {
                fm.push(format!("depends_on: [{}]", deps.join(", ")));
            }
            if let Some(p) = &d.parent {
                match ids.get(p) {
                    Some(new) => fm.push(format!("parent: {new}")),
                    None => self.notes.push(format!(
                        "{}: parent `{p}` was not imported; dropped",
                        d.source_id
                    )),
                }
            }
            let tags: Vec<String> = d
                .tags
                .iter()
                .map(|t| slug(t))
                .filter(|t| !t.is_empty())
                .collect();
            if !tags.is_empty() {
                fm.push(format!("tags: [{}]", tags.join(", ")));
            }
            if let Some(c) = &d.created {
                fm.push(format!("created: {c}"));
            }
            if d.category == Some(StatusCategory::Done) {
                let closed = d.closed.clone().or_else(|| d.created.clone());
                if let Some(c) = closed {
                    fm.push(format!("closed: {c}"));
                }
            }
            let name = slug(&d.title);
            let path = if name.is_empty() {
                format!("{folder}/{id}.md")
            } else {
                format!("{folder}/{id}-{name}.md")
            };
            let body = d.body.trim_matches('\n');
            let text = format!(
                "---\n{}\n---\n{}{}",
                fm.join("\n"),
                body,
                if body.is_empty() { "" } else { "\n" }
            );
            files.push(NewFile { path, text });
        }
        files
    }
}

/// The front matter (as scalar or list values by key) and body of a Markdown file from
/// another tool. Nested values are kept as their text.
fn front_matter(text: &str) -> Option<(HashMap<String, FmValue>, String)> {
    let parts = crate::load::split_front_matter(text).ok()?;
    let parsed = crate::text::yaml::parse(parts.yaml, parts.yaml_line);
    let root = parsed.root?;
    let crate::text::yaml::Value::Map(pairs) = root.value else {
        return None;
    };
    let mut map = HashMap::new();
    for (k, v) in pairs {
        let crate::text::yaml::Value::Scalar { text: key, .. } = k.value else {
            continue;
        };
        let value = match v.value {
            crate::text::yaml::Value::Scalar { text, .. } => FmValue::One(text),
            crate::text::yaml::Value::Seq(items) => FmValue::Many(
                items
                    .into_iter()
                    .filter_map(|i| match i.value {
                        crate::text::yaml::Value::Scalar { text, .. } => Some(text),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => continue,
        };
        map.insert(key, value);
    }
    Some((map, parts.body.to_owned()))
}

#[derive(Clone, Debug)]
enum FmValue {
    One(String),
    Many(Vec<String>),
}

impl FmValue {
    fn one(&self) -> Option<&str> {
        match self {
            FmValue::One(s) => Some(s),
            FmValue::Many(v) => v.first().map(String::as_str),
        }
    }
    fn many(&self) -> Vec<String> {
        match self {
            FmValue::One(s) if s.trim().is_empty() => Vec::new(),
            // `labels: "a, b"` is common in hand-edited files.
            FmValue::One(s) => s.split(',').map(|x| x.trim().to_owned()).collect(),
            FmValue::Many(v) => v.clone(),
        }
    }
}

fn backlog_status(s: &str) -> Option<StatusCategory> {
    match s.trim().to_ascii_lowercase().as_str() {
        "to do" | "todo" | "open" | "backlog" | "draft" => Some(StatusCategory::Open),
        "in progress" | "doing" | "review" | "in review" => Some(StatusCategory::Active),
        "done" | "closed" | "completed" => Some(StatusCategory::Done),
        "cancelled" | "canceled" | "won't do" => Some(StatusCategory::Cancelled),
        _ => None,
    }
}

fn priority(s: &str) -> Option<&'static str> {
    match s.trim().to_ascii_lowercase().as_str() {
        "urgent" | "critical" | "highest" => Some("urgent"),
        "high" => Some("high"),
        "medium" | "normal" => Some("normal"),
        "low" | "lowest" => Some("low"),
        _ => None,
    }
}

/// One Backlog.md Markdown file (`tasks/`, `drafts/`, or `completed/`).
fn backlog_task(cx: &mut Ctx, name: &str, text: &str, draft: bool) -> Option<Draft> {
    let Some((fm, body)) = front_matter(text) else {
        cx.notes
            .push(format!("{name}: no readable front matter; skipped"));
        return None;
    };
    let get = |k: &str| fm.get(k).and_then(FmValue::one).map(str::to_owned);
    let source_id = get("id")
        .unwrap_or_else(|| name.to_owned())
        .to_ascii_lowercase();
    let Some(title) = get("title") else {
        cx.notes.push(format!("{name}: no title; skipped"));
        return None;
    };
    let status = get("status").unwrap_or_else(|| "To Do".into());
    let category = backlog_status(&status);
    if category.is_none() {
        cx.notes.push(format!(
            "{source_id}: status `{status}` has no cairn equivalent; imported as open"
        ));
    }
    let assignees = fm
        .get("assignee")
        .map(FmValue::many)
        .unwrap_or_default()
        .iter()
        .filter_map(|a| cx.person(a, &source_id))
        .collect();
    let mut tags: Vec<String> = fm.get("labels").map(FmValue::many).unwrap_or_default();
    if draft {
        tags.push("draft".into());
    }
    let milestone = get("milestone").and_then(|m| cx.milestone(&m, &source_id));
    // Backlog.md wraps sections in HTML comments; they are noise in cairn.
    let body: String = body
        .lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with("<!-- ")
                && t.ends_with("-->")
                && (t.contains(":BEGIN") || t.contains(":END")))
        })
        .collect::<Vec<_>>()
        .join("\n");
    Some(Draft {
        source_id,
        title,
        category,
        assignees,
        priority: get("priority").and_then(|p| priority(&p)),
        due: get("due_date")
            .or_else(|| get("due"))
            .and_then(|d| date_part(&d)),
        created: get("created_date").and_then(|d| date_part(&d)),
        closed: get("completed_date")
            .or_else(|| get("updated_date"))
            .and_then(|d| date_part(&d)),
        tags,
        milestone,
        depends_on: fm
            .get("dependencies")
            .map(FmValue::many)
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.to_ascii_lowercase())
            .collect(),
        parent: get("parent_task_id")
            .or_else(|| get("parent"))
            .map(|p| p.to_ascii_lowercase()),
        body,
    })
}

/// A Backlog.md decision record → a cairn decision (no options: Backlog.md decisions
/// are prose; the text is kept in the body).
fn backlog_decision(cx: &mut Ctx, name: &str, text: &str, id: &str) -> Option<NewFile> {
    let (fm, body) = front_matter(text)?;
    let get = |k: &str| fm.get(k).and_then(FmValue::one).map(str::to_owned);
    let title = get("title")?;
    let status = get("status")
        .unwrap_or_else(|| "proposed".into())
        .to_ascii_lowercase();
    let status = if crate::model::DecisionStatus::NAMES.contains(&status.as_str()) {
        status
    } else {
        cx.notes.push(format!(
            "{name}: decision status `{status}` imported as proposed"
        ));
        "proposed".into()
    };
    let mut fm_out = vec![
        format!("id: {id}"),
        format!("title: {}", yaml_scalar(title.clone())),
        format!("status: {status}"),
    ];
    if let Some(d) = get("date").and_then(|d| date_part(&d)) {
        fm_out.push(format!("date: {d}"));
    }
    if let Some(p) = cx.project {
        fm_out.push(format!("project: {p}"));
    }
    if status == "superseded" {
        cx.notes.push(format!(
            "{name}: superseded, but Backlog.md does not say by what; add `supersedes: {id}` to its successor"
        ));
    }
    let slug = slug(&title);
    Some(NewFile {
        path: format!("decisions/{id}-{slug}.md"),
        text: format!(
            "---\n{}\n---\n{}\n",
            fm_out.join("\n"),
            body.trim_matches('\n')
        ),
    })
}

/// Files of a `backlog/` folder, as (path relative to it, text).
pub fn backlog_md(
    ws: &Workspace,
    project: Option<&str>,
    files: &[(String, String)],
    next_task: u64,
) -> Plan {
    let mut cx = Ctx::new(ws, project, next_task);
    let mut drafts = Vec::new();
    let mut decisions = Vec::new();
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    // Tasks in id order, so new ids follow the old ones.
    let num = |p: &str| -> (u64, String) {
        let name = p.rsplit('/').next().unwrap_or(p);
        let digits: String = name
            .split(['-', ' ', '.'])
            .find(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or("0")
            .to_owned();
        (digits.parse().unwrap_or(0), p.to_owned())
    };
    sorted.sort_by_key(|(p, _)| num(p));
    let mut docs = Vec::new();
    for (path, text) in sorted {
        let top = path.split('/').next().unwrap_or("");
        match top {
            "tasks" | "completed" => {
                if let Some(d) = backlog_task(&mut cx, path, text, false) {
                    drafts.push(d);
                }
            }
            "drafts" => {
                if let Some(d) = backlog_task(&mut cx, path, text, true) {
                    drafts.push(d);
                }
            }
            "decisions" => decisions.push((path.clone(), text.clone())),
            "docs" => docs.push((path.clone(), text.clone())),
            "archive" => cx.notes.push(format!("{path}: archived; not imported")),
            _ => {
                if path.ends_with(".md") {
                    cx.notes
                        .push(format!("{path}: not a task, decision or doc; not imported"));
                }
            }
        }
    }
    let mut files = cx.tasks(drafts);
    let mut next_decision = ws.decisions.iter().map(|d| d.number).max().unwrap_or(0) + 1;
    for (path, text) in decisions {
        let id = format!("{}-{next_decision}", ws.config.decision_prefix);
        if let Some(f) = backlog_decision(&mut cx, &path, &text, &id) {
            files.push(f);
            next_decision += 1;
        }
    }
    for (path, text) in docs {
        // Documents are not plan items; they land beside the plan, linkable from tasks.
        files.push(NewFile {
            path: format!("docs/{}", path.trim_start_matches("docs/")),
            text,
        });
    }
    Plan {
        files,
        notes: cx.notes,
    }
}

/// `gh issue list --json number,title,body,state,assignees,labels,milestone,createdAt,closedAt`.
pub fn github_issues(
    ws: &Workspace,
    project: Option<&str>,
    json: &str,
    next_task: u64,
) -> Result<Plan, String> {
    let issues: Vec<serde_json::Value> = serde_json::from_str(json)
        .map_err(|e| format!("not the JSON array `gh issue list --json ...` prints: {e}"))?;
    let mut cx = Ctx::new(ws, project, next_task);
    let mut drafts = Vec::new();
    let mut sorted = issues;
    sorted.sort_by_key(|i| i["number"].as_u64().unwrap_or(0));
    for i in &sorted {
        let Some(number) = i["number"].as_u64() else {
            cx.notes.push("an issue without a number; skipped".into());
            continue;
        };
        let source_id = format!("#{number}");
        let Some(title) = i["title"].as_str() else {
            cx.notes.push(format!("{source_id}: no title; skipped"));
            continue;
        };
        let closed = i["state"]
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("closed"));
        let state_reason = i["stateReason"].as_str().unwrap_or("");
        let category = match (closed, state_reason) {
            (true, r) if r.eq_ignore_ascii_case("not_planned") => StatusCategory::Cancelled,
            (true, _) => StatusCategory::Done,
            (false, _) => StatusCategory::Open,
        };
        let assignees = i["assignees"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["login"].as_str())
                    .filter_map(|l| cx.person(l, &source_id))
                    .collect()
            })
            .unwrap_or_default();
        let labels: Vec<String> = i["labels"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l["name"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let priority = labels.iter().find_map(|l| {
            l.strip_prefix("priority:")
                .or_else(|| l.strip_prefix("priority/"))
                .and_then(priority)
        });
        let milestone = i["milestone"]["title"]
            .as_str()
            .and_then(|m| cx.milestone(m, &source_id));
        let body = i["body"].as_str().unwrap_or("").replace("\r\n", "\n");
        drafts.push(Draft {
            source_id: source_id.clone(),
            title: title.to_owned(),
            category: Some(category),
            assignees,
            priority,
            due: i["milestone"]["dueOn"].as_str().and_then(date_part),
            created: i["createdAt"].as_str().and_then(date_part),
            closed: i["closedAt"].as_str().and_then(date_part),
            tags: labels,
            milestone,
            depends_on: Vec::new(),
            parent: None,
            body: format!(
                "{}\n\nImported from GitHub issue {source_id}.",
                body.trim_end()
            ),
        });
    }
    let files = cx.tasks(drafts);
    Ok(Plan {
        files,
        notes: cx.notes,
    })
}

/// todo.txt: `x 2026-11-20 2026-11-01 (A) Call the printer +website @phone due:2026-12-01`.
pub fn todo_txt(ws: &Workspace, project: Option<&str>, text: &str, next_task: u64) -> Plan {
    let mut cx = Ctx::new(ws, project, next_task);
    let mut drafts = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let source_id = format!("line {}", n + 1);
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
            (true, 2) => (Some(dates[0].clone()), Some(dates[1].clone())),
            (true, 1) => (Some(dates[0].clone()), None),
            (false, n) if n >= 1 => (None, Some(dates[0].clone())),
            _ => (None, None),
        };
        let mut title = Vec::new();
        let mut tags = Vec::new();
        let mut due = None;
        let mut extra = Vec::new();
        for w in words {
            if let Some(p) = w.strip_prefix('+').filter(|p| !p.is_empty()) {
                // A todo.txt project becomes a tag: one import goes into one cairn project.
                tags.push(slug(p));
            } else if let Some(c) = w.strip_prefix('@').filter(|c| !c.is_empty()) {
                tags.push(slug(c));
            } else if let Some(d) = w.strip_prefix("due:") {
                match date_part(d) {
                    Some(d) => due = Some(d),
                    None => {
                        cx.notes.push(format!(
                            "{source_id}: `{w}` is not a date; kept in the body"
                        ));
                        extra.push(w.to_owned());
                    }
                }
            } else if w.contains(':') && !w.contains("://") && w.split(':').all(|s| !s.is_empty()) {
                extra.push(w.to_owned());
            } else {
                title.push(w);
            }
        }
        if title.is_empty() {
            cx.notes.push(format!("{source_id}: no text; skipped"));
            continue;
        }
        let mut body = format!("Imported from todo.txt {source_id}.");
        if !extra.is_empty() {
            body.push_str(&format!("\n\nOther fields: {}", extra.join(" ")));
        }
        drafts.push(Draft {
            source_id,
            title: title.join(" "),
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
            body,
            ..Draft::default()
        });
    }
    let files = cx.tasks(drafts);
    Plan {
        files,
        notes: cx.notes,
    }
}

/// The `.md` files under a Backlog.md folder, relative to it, with their text. Symlinks
/// are not followed; files over 64 MiB are refused.
pub fn backlog_files(dir: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).max_depth(6) {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
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
        if entry.metadata().map_err(std::io::Error::other)?.len() > 64 * 1024 * 1024 {
            return Err(std::io::Error::other(format!("{rel} is over 64 MiB")));
        }
        out.push((rel, std::fs::read_to_string(entry.path())?));
    }
    Ok(out)
}
