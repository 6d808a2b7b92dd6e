//! New files: ids minted past every id in use (here and on every branch), file names from
//! titles, and the text from the kind's template. Each returns the [`Change`] that creates
//! the file (and, where one record points at another, edits that one too).

use super::change::Change;
use super::edit::{EditError, people_exist, project_exists, tasks_exist};
use super::files;
use crate::load::git::Repo;
use crate::load::{CONFIG_FILE, file_id_number};
use crate::model::{ChecklistItem, FileKind, Priority, StatusCategory, Workspace};
use crate::text::edit::{Doc, scalar};
use crate::text::template::TemplateError;
use jiff::civil::Date;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("cannot render the {name} template")]
    Template {
        name: &'static str,
        #[source]
        source: TemplateError,
    },
    #[error("--estimate: {0}")]
    Estimate(String),
    #[error("project id `{0}` is not a lowercase slug")]
    BadProjectId(String),
    #[error("project `{0}` already exists")]
    ProjectExists(String),
    #[error("the template's front matter cannot be edited")]
    Doc(#[from] crate::text::edit::DocError),
    #[error(transparent)]
    Block(#[from] crate::text::edit::BlockError),
    #[error("{0} already exists")]
    Exists(String),
    #[error("{0}")]
    Invalid(String),
}

impl NewError {
    pub fn hint(&self) -> Option<String> {
        match self {
            NewError::Edit(e) => e.hint(),
            NewError::Estimate(_) => {
                Some("write an effort as a number and a unit: `4h`, `3d` or `1.5w`".into())
            }
            NewError::BadProjectId(_) => {
                Some("use lowercase letters, digits and `-`, like `website-relaunch`".into())
            }
            _ => None,
        }
    }
}

/// A file name part from a title: [`crate::text::slug`], or `untitled` when nothing is
/// left of it.
pub fn slug(title: &str) -> String {
    let s = crate::text::slug(title);
    if s.is_empty() { "untitled".into() } else { s }
}

/// One past the highest number among ids with `prefix` of `kind`: parsed items and the
/// names of files that did not parse.
pub fn next_number(ws: &Workspace, kind: FileKind, prefix: &str) -> u64 {
    let from_items = match kind {
        FileKind::Task => ws.tasks.iter().map(|t| t.number).max(),
        FileKind::Decision => ws.decisions.iter().map(|d| d.number).max(),
        _ => None,
    };
    let from_files = ws
        .files
        .iter()
        .filter(|f| f.kind == kind)
        .filter_map(|f| file_id_number(f.path.rsplit('/').next()?, prefix))
        .max();
    from_items.max(from_files).unwrap_or(0).saturating_add(1)
}

/// Where ids might already be taken: the repository and the workspace's folder in it.
pub struct Branches {
    pub repo: Repo,
    pub prefix: String,
}

impl Branches {
    /// The branches of the repository around the working tree `source` (`None` outside
    /// git).
    pub fn of(source: &crate::load::source::DirSource) -> Option<Branches> {
        use crate::load::source::TreeSource;
        Some(Branches {
            repo: Repo::discover(source.root()).ok()?,
            prefix: source.workspace_prefix().to_owned(),
        })
    }
}

/// The next task id: past the highest in the workspace and, because two people on two
/// branches must not mint the same id, past every task file name at the tip of every
/// local and remote-tracking branch.
pub fn next_task_id(ws: &Workspace, branches: Option<&Branches>) -> String {
    format!(
        "{}-{}",
        ws.config.task_prefix,
        next_task_number(ws, branches)
    )
}

/// The number of [`next_task_id`].
pub fn next_task_number(ws: &Workspace, branches: Option<&Branches>) -> u64 {
    let mut number = next_number(ws, FileKind::Task, &ws.config.task_prefix);
    if let Some(b) = branches {
        let tips = b.repo.branch_tips();
        let highest = b
            .repo
            .task_numbers_in(&tips, &b.prefix, &ws.config.task_prefix);
        number = number.max(highest.saturating_add(1));
    }
    number
}

/// What a new task says.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TaskSpec {
    pub title: String,
    pub project: Option<String>,
    pub milestone: Option<String>,
    pub assignees: Vec<String>,
    pub due: Option<Date>,
    pub start: Option<Date>,
    pub estimate: Option<String>,
    pub depends_on: Vec<String>,
    pub parent: Option<String>,
    /// `normal` when not given; the template gets it as `priority`.
    #[serde(skip)]
    pub priority: Option<String>,
    pub tags: Vec<String>,
    /// The body; the template's placeholder text without one.
    pub body: Option<String>,
    /// The team's fields (`--field risk=high`), written after the template's keys.
    #[serde(skip)]
    pub fields: Vec<(String, String)>,
}

fn render<S: Serialize>(root: &Path, name: &'static str, context: &S) -> Result<String, NewError> {
    files::render(Some(root), name, context).map_err(|source| NewError::Template { name, source })
}

/// Checks a task spec's references and values against the workspace.
pub fn validate_task(ws: &Workspace, t: &TaskSpec) -> Result<(), NewError> {
    if let Some(p) = &t.project {
        project_exists(ws, p)?;
    }
    if let Some(m) = &t.milestone {
        let Some(project) = t.project.as_deref().and_then(|p| ws.project(p)) else {
            return Err(EditError::Refused("--milestone needs --project".into()).into());
        };
        if project.milestone(m).is_none() {
            return Err(EditError::Unknown {
                what: "milestone",
                id: m.clone(),
                suggestion: crate::diag::did_you_mean(
                    m,
                    project.milestones.iter().map(|m| m.id.as_str()),
                )
                .map(str::to_owned),
                note: None,
            }
            .into());
        }
    }
    people_exist(ws, &t.assignees)?;
    tasks_exist(ws, &t.depends_on)?;
    if let Some(p) = &t.parent {
        tasks_exist(ws, std::slice::from_ref(p))?;
    }
    if let Some(e) = &t.estimate {
        crate::text::fields::parse_effort(e, ws.config.calendar.hours_per_day)
            .map_err(NewError::Estimate)?;
    }
    for (name, value) in &t.fields {
        let Some(def) = ws.config.field(FileKind::Task, name) else {
            if name.starts_with("x-") && name.len() > 2 && crate::model::is_slug(name) {
                continue;
            }
            let declared = ws.config.fields_of(FileKind::Task).map(|f| f.name.as_str());
            return Err(EditError::UnknownField {
                field: name.clone(),
                kind: "task",
                suggestion: crate::diag::did_you_mean(name, declared).map(str::to_owned),
            }
            .into());
        };
        crate::load::custom::parse_cli(def, value)
            .map_err(|why| NewError::Invalid(format!("--field {name}: {why}")))?;
        if def.ty == crate::model::FieldType::Person {
            people_exist(ws, std::slice::from_ref(value))?;
        }
    }
    for def in ws.config.fields_of(FileKind::Task) {
        if def.required && def.default.is_none() && !t.fields.iter().any(|(n, _)| *n == def.name) {
            return Err(NewError::Invalid(format!(
                "cairn.yaml declares `{}` required: give it with --field {}=… ({})",
                def.name,
                def.name,
                crate::load::custom::describe(&def.ty)
            )));
        }
    }
    if let Some(p) = &t.priority
        && Priority::parse(p).is_none()
    {
        return Err(EditError::Refused(format!(
            "priority `{p}` is not one of {}",
            Priority::NAMES.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// A new task with the next id: its path and text. The caller validates first.
pub fn task_file(
    root: &Path,
    ws: &Workspace,
    t: &TaskSpec,
    id: &str,
    today: Date,
) -> Result<(String, String), NewError> {
    let status = ws
        .config
        .first_status(StatusCategory::Open)
        .unwrap_or("todo");
    #[derive(Serialize)]
    struct Context<'a> {
        id: &'a str,
        status: &'a str,
        priority: &'a str,
        today: Date,
        #[serde(flatten)]
        spec: &'a TaskSpec,
    }
    let text = render(
        root,
        "task.md",
        &Context {
            id,
            status,
            priority: t.priority.as_deref().unwrap_or("normal"),
            today,
            spec: t,
        },
    )?;
    let text = with_fields(ws, t, text)?;
    let folder = match &t.project {
        Some(p) => format!("tasks/{p}"),
        None => "tasks".into(),
    };
    Ok((format!("{folder}/{id}-{}.md", slug(&t.title)), text))
}

/// The task's text with its team fields: those given, then required ones the spec leaves
/// out, at their declared default.
fn with_fields(ws: &Workspace, t: &TaskSpec, text: String) -> Result<String, NewError> {
    use crate::model::{FieldType, FieldValue};
    use crate::text::edit::Value;
    let required = ws
        .config
        .fields_of(FileKind::Task)
        .filter(|d| d.required && !t.fields.iter().any(|(n, _)| *n == d.name))
        .filter_map(|d| Some((d.name.clone(), d.default.as_ref()?.text())));
    let all: Vec<(String, String)> = t.fields.iter().cloned().chain(required).collect();
    if all.is_empty() {
        return Ok(text);
    }
    let mut d = Doc::parse(&text)?;
    for (name, value) in &all {
        let def = ws.config.field(FileKind::Task, name);
        let parsed = def.and_then(|def| crate::load::custom::parse_cli(def, value).ok());
        let v = match parsed {
            Some(FieldValue::List(items)) => Value::List(items),
            Some(FieldValue::Number(_)) => Value::Scalar(value.trim().to_owned()),
            Some(FieldValue::Bool(b)) => Value::Scalar(b.to_string()),
            _ if def.is_some_and(|d| d.ty == FieldType::Date) => {
                Value::Scalar(value.trim().to_owned())
            }
            _ => scalar(value.trim()),
        };
        d.set(name, &v, &[]);
    }
    Ok(d.text())
}

/// `cairn new task`.
pub fn task(
    root: &Path,
    ws: &Workspace,
    t: &TaskSpec,
    branches: Option<&Branches>,
    today: Date,
) -> Result<(String, Change), NewError> {
    validate_task(ws, t)?;
    let id = next_task_id(ws, branches);
    let (path, text) = task_file(root, ws, t, &id, today)?;
    let mut c = Change::default();
    c.push_create(&path, text);
    Ok((id, c))
}

/// `cairn promote MEETING N`: the action item becomes a task (its words the title, its
/// people the assignees, its due date the task's, the meeting's project), and the item
/// gets the new task's id.
pub fn promote(
    root: &Path,
    ws: &Workspace,
    meeting: &str,
    n: usize,
    estimate: Option<String>,
    branches: Option<&Branches>,
    today: Date,
) -> Result<(String, Change), NewError> {
    let (m, it) = super::edit::action_item(ws, meeting, n)?;
    if let Some(t) = it.tasks.first() {
        return Err(EditError::Refused(format!(
            "action item {n} of {meeting} already references {}",
            t.value
        ))
        .into());
    }
    let title = title_of(it, &ws.config.task_prefix);
    if title.is_empty() {
        return Err(
            EditError::Refused("the action item has no words left for a title".into()).into(),
        );
    }
    let spec = TaskSpec {
        title,
        project: m.project.as_ref().map(|p| p.value.clone()),
        assignees: it.mentions.iter().map(|p| p.value.clone()).collect(),
        due: it.due.as_ref().map(|d| d.value),
        estimate,
        ..TaskSpec::default()
    };
    validate_task(ws, &spec)?;
    let id = next_task_id(ws, branches);
    let (path, text) = task_file(root, ws, &spec, &id, today)?;
    let mut change = super::edit::append_to_line(ws, m.file, it.pos.line, &id)?;
    change.push_create(&path, text);
    Ok((id, change))
}

/// The item's words without `@mentions`, `due:` dates and task ids: a task's title.
fn title_of(item: &ChecklistItem, task_prefix: &str) -> String {
    item.text
        .split_whitespace()
        .filter(|w| {
            !w.starts_with('@')
                && !w.starts_with("due:")
                && !w
                    .strip_prefix(task_prefix)
                    .and_then(|r| r.strip_prefix('-'))
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What new meeting notes say.
#[derive(Clone, Debug, Default)]
pub struct MeetingSpec {
    pub title: String,
    pub date: Option<Date>,
    pub series: Option<String>,
    pub project: Option<String>,
    pub attendees: Vec<String>,
}

/// `cairn new meeting`: with a series, attendees and open action items carry over from
/// its previous meeting.
pub fn meeting(
    root: &Path,
    ws: &Workspace,
    m: &MeetingSpec,
    today: Date,
) -> Result<(String, Change), NewError> {
    if let Some(p) = &m.project {
        project_exists(ws, p)?;
    }
    people_exist(ws, &m.attendees)?;
    let date = m.date.unwrap_or(today);
    let previous = m.series.as_deref().and_then(|s| {
        ws.meetings
            .iter()
            .filter(|x| x.series.as_deref() == Some(s))
            .filter(|x| x.date.as_ref().is_some_and(|d| d.value <= date))
            .max_by_key(|x| x.date.as_ref().map(|d| d.value))
    });
    let mut attendees = m.attendees.clone();
    #[derive(Serialize)]
    struct Carried {
        person: String,
        text: String,
    }
    let mut carried = Vec::new();
    let mut carried_items = Vec::new();
    if let Some(prev) = previous {
        if attendees.is_empty() {
            attendees = prev.attendees.iter().map(|a| a.value.clone()).collect();
        }
        for (_, item) in prev.action_items().filter(|(_, i)| !i.checked) {
            carried_items.push(item);
            let person = item.mentions[0].value.clone();
            let text = item
                .text
                .strip_prefix(&format!("@{person}"))
                .unwrap_or(&item.text)
                .trim()
                .to_owned();
            carried.push(Carried { person, text });
        }
    }
    #[derive(Serialize)]
    struct Context<'a> {
        title: &'a str,
        date: Date,
        series: Option<&'a str>,
        project: Option<String>,
        attendees: Vec<String>,
        carried: Vec<Carried>,
        today: Date,
        previous: Option<&'a str>,
    }
    let text = render(
        root,
        "meeting.md",
        &Context {
            title: &m.title,
            date,
            series: m.series.as_deref(),
            project: m
                .project
                .clone()
                .or_else(|| previous.and_then(|p| p.project.as_ref().map(|x| x.value.clone()))),
            attendees,
            carried,
            today,
            previous: previous.map(|p| p.id.as_str()),
        },
    )?;
    let base = format!("meetings/{date}-{}", slug(&m.title));
    let mut path = format!("{base}.md");
    let mut n = 2;
    while ws.file(&path).is_some() || root.join(&path).exists() {
        path = format!("{base}-{n}.md");
        n += 1;
    }
    let mut c = Change::default();
    c.push_create(&path, text);
    let id = path
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".md"))
        .unwrap_or_default()
        .to_owned();
    // The originals are checked and point at the meeting that carries them on, so each
    // open item is listed (and can be overdue) once.
    if let Some(prev) = previous.filter(|_| !carried_items.is_empty()) {
        let before = ws.files[prev.file].text.clone();
        let mut d = Doc::parse(&before)?;
        for item in &carried_items {
            d.set_checkbox(item.pos.line, item.pos.col, true)?;
            d.append_to_line(
                item.pos.line,
                &format!("{}[{id}]({id}.md)", crate::text::body::CARRIED_MARK),
            );
        }
        c.push_edit(ws.path(prev.file), before, d.text());
    }
    Ok((id, c))
}

/// `cairn new decision` (with `supersedes`, the old record becomes `superseded` in the
/// same change).
pub fn decision(
    root: &Path,
    ws: &Workspace,
    title: &str,
    project: Option<&str>,
    supersedes: Option<&str>,
    today: Date,
) -> Result<(String, Change), NewError> {
    if let Some(p) = project {
        project_exists(ws, p)?;
    }
    let number = next_number(ws, FileKind::Decision, &ws.config.decision_prefix);
    let id = format!("{}-{number}", ws.config.decision_prefix);
    #[derive(Serialize)]
    struct Context<'a> {
        id: &'a str,
        title: &'a str,
        project: Option<&'a str>,
        today: Date,
    }
    let mut text = render(
        root,
        "decision.md",
        &Context {
            id: &id,
            title,
            project,
            today,
        },
    )?;
    let path = format!("decisions/{id}-{}.md", slug(title));
    let mut change = Change::default();
    if let Some(old) = supersedes {
        let old_decision = ws.decision(old).ok_or_else(|| EditError::Unknown {
            what: "decision",
            id: old.to_owned(),
            suggestion: crate::diag::did_you_mean(old, ws.decisions.iter().map(|d| d.id.as_str()))
                .map(str::to_owned),
            note: None,
        })?;
        let mut d = Doc::parse(&text)?;
        d.set("supersedes", &scalar(old), &["project", "date"]);
        text = d.text();
        let old_text = ws.files[old_decision.file].text.clone();
        let mut od = Doc::parse(&old_text)?;
        od.set("status", &scalar("superseded"), &["title"]);
        change.push_edit(ws.path(old_decision.file), old_text, od.text());
    }
    change.push_create(&path, text);
    Ok((id, change))
}

/// `cairn new project ID TITLE`.
pub fn project(
    root: &Path,
    ws: &Workspace,
    id: &str,
    title: &str,
    owner: Option<&str>,
    due: Option<Date>,
    today: Date,
) -> Result<Change, NewError> {
    if !crate::model::is_slug(id) {
        return Err(NewError::BadProjectId(id.to_owned()));
    }
    if ws.project(id).is_some() {
        return Err(NewError::ProjectExists(id.to_owned()));
    }
    if let Some(o) = owner {
        people_exist(ws, &[o.to_owned()])?;
    }
    #[derive(Serialize)]
    struct Context<'a> {
        id: &'a str,
        title: &'a str,
        owner: Option<&'a str>,
        due: Option<Date>,
        today: Date,
    }
    let text = render(
        root,
        "project.md",
        &Context {
            id,
            title,
            owner,
            due,
            today,
        },
    )?;
    let mut c = Change::default();
    c.push_create(&format!("projects/{id}.md"), text);
    Ok(c)
}

/// `cairn new person ID`: an entry under `people:` in `cairn.yaml`, added after the last
/// one with the same indentation; nothing else in the file changes.
pub fn person(
    ws: &Workspace,
    id: &str,
    name: Option<&str>,
    email: Option<&str>,
    capacity: Option<f64>,
) -> Result<Change, NewError> {
    if !crate::model::is_person_id(id) {
        return Err(NewError::Invalid(format!(
            "person id `{id}` must be lowercase letters, digits, `-`, `_` or `.` inside"
        )));
    }
    if ws.config.person(id).is_some() {
        return Err(NewError::Exists(format!("person `{id}`")));
    }
    if let Some(c) = capacity
        && !(c > 0.0 && c <= 1.0)
    {
        return Err(NewError::Invalid(format!(
            "--capacity {c}: it is the share of a full working day, above 0 and at most 1"
        )));
    }
    let before = ws.files[0].text.clone();
    let after = crate::text::edit::append_block_entry(&before, 0, None, "people", |indent, nl| {
        let mut v = vec![format!("{indent}{id}:{nl}")];
        let field = |k: &str, val: String| format!("{indent}{indent}{k}: {val}{nl}");
        v.push(field(
            "name",
            crate::text::yaml::quote(name.unwrap_or(id).to_owned()),
        ));
        if let Some(e) = email {
            v.push(field("email", crate::text::yaml::quote(e.to_owned())));
        }
        if let Some(c) = capacity {
            v.push(field("capacity", c.to_string()));
        }
        v
    })?;
    Ok(Change::edit(CONFIG_FILE, before, after))
}

/// `cairn new milestone PROJECT ID`: an item at the end of the project's `milestones:`.
pub fn milestone(
    ws: &Workspace,
    project: &str,
    id: &str,
    title: Option<&str>,
    due: Option<Date>,
) -> Result<Change, NewError> {
    project_exists(ws, project)?;
    let p = ws
        .project(project)
        .ok_or_else(|| EditError::Refused(format!("no project `{project}`")))?;
    if !crate::model::is_slug(id) {
        return Err(NewError::Invalid(format!(
            "milestone id `{id}` is not a lowercase slug (letters, digits, `-`)"
        )));
    }
    if p.milestone(id).is_some() {
        return Err(NewError::Exists(format!("milestone `{id}` of {project}")));
    }
    let f = &ws.files[p.file];
    let before = f.text.clone();
    let parts = crate::load::split_front_matter(&before)
        .map_err(|_| NewError::Doc(crate::text::edit::DocError::NoFrontMatter))?;
    // The front matter's lines: after the opening `---`, before the closing one.
    let head = &before[..before.len() - parts.body.len()];
    let close = head.split_inclusive('\n').count().saturating_sub(1);
    let after = crate::text::edit::append_block_entry(
        &before,
        1,
        Some(close),
        "milestones",
        |indent, nl| {
            let mut v = vec![format!("{indent}- id: {id}{nl}")];
            v.push(format!(
                "{indent}  title: {}{nl}",
                crate::text::yaml::quote(title.unwrap_or(id).to_owned())
            ));
            if let Some(d) = due {
                v.push(format!("{indent}  due: {d}{nl}"));
            }
            v
        },
    )?;
    Ok(Change::edit(ws.path(p.file), before, after))
}

/// `cairn init --bare`: `cairn.yaml` and the four folders (each kept by a `.gitkeep`), no
/// samples.
pub fn bare_workspace(name: &str) -> Result<Change, NewError> {
    let config = files::render(None, "cairn.yaml", &serde_json::json!({"name": name})).map_err(
        |source| NewError::Template {
            name: "cairn.yaml",
            source,
        },
    )?;
    let mut c = Change::default();
    c.push_create(CONFIG_FILE, config);
    for folder in FileKind::FOLDERS {
        c.push_create(&format!("{folder}/.gitkeep"), String::new());
    }
    c.push_create(
        ".gitattributes",
        super::timelog::GITATTRIBUTES_LINE.to_owned() + "\n",
    );
    Ok(c)
}

/// `cairn init`: `cairn.yaml`, the four folders and one sample of each kind, as one change
/// (all or nothing).
pub fn workspace(name: &str, today: Date) -> Result<Change, NewError> {
    let render = |name: &'static str, value: serde_json::Value| {
        files::render(None, name, &value).map_err(|source| NewError::Template { name, source })
    };
    let mut c = Change::default();
    c.push_create(
        ".gitattributes",
        super::timelog::GITATTRIBUTES_LINE.to_owned() + "\n",
    );
    c.push_create(
        CONFIG_FILE,
        render(
            "cairn.yaml",
            serde_json::json!({"name": name, "person": "lead", "person_name": "Team Lead"}),
        )?,
    );
    c.push_create(
        "projects/launch.md",
        render(
            "project.md",
            serde_json::json!({"id": "launch", "title": "First launch", "owner": "lead", "today": today}),
        )?,
    );
    c.push_create(
        "tasks/launch/T-1-write-the-plan.md",
        render(
            "task.md",
            serde_json::json!({"id": "T-1", "title": "Write the plan", "status": "todo", "project": "launch",
                   "assignees": ["lead"], "priority": "normal", "estimate": "1d", "today": today}),
        )?,
    );
    c.push_create(
        &format!("meetings/{today}-kickoff.md"),
        render(
            "meeting.md",
            serde_json::json!({"title": "Kickoff", "date": today, "project": "launch",
                   "attendees": ["lead"], "actions": [
                    {"person": "lead", "text": "Share the plan with the team (T-1)"}]}),
        )?,
    );
    c.push_create(
        "decisions/D-1-choose-a-tracker.md",
        render(
            "decision.md",
            serde_json::json!({"id": "D-1", "title": "Choose a tracker", "project": "launch", "today": today}),
        )?,
    );
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_short_lowercase_words() {
        assert_eq!(slug("Build the Hero section!"), "build-the-hero-section");
        assert_eq!(slug("Café: ünïcode"), "caf-ncode");
        assert_eq!(slug("!!!"), "untitled");
        assert!(slug(&"word ".repeat(40)).len() <= 48);
    }
}
