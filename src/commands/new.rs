use crate::cli::{CliError, CmdResult, Context};
use crate::diag::did_you_mean;
use crate::fields::{parse_date, parse_effort};
use crate::load::file_id_number;
use crate::model::{Kind, Priority, StatusCategory, Workspace};
use crate::source::{DirSource, TreeSource};
use crate::templates;
use clap::{Args, Subcommand};
use jiff::civil::Date;
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// Create a task, meeting, decision or project from its template and print its path.
#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub kind: NewKind,
}

#[derive(Debug, Subcommand)]
pub enum NewKind {
    /// A task, numbered one past the highest task id in the workspace.
    Task(NewTask),
    /// Meeting notes; with --series, attendees and open action items carry over from the
    /// series' previous meeting.
    Meeting(NewMeeting),
    /// A decision record.
    Decision(NewDecision),
    /// A project.
    Project(NewProject),
}

#[derive(Debug, Args)]
pub struct NewTask {
    /// The task's title; the file name's slug comes from it
    pub title: String,
    /// A project id (from projects/)
    #[arg(long)]
    pub project: Option<String>,
    /// A milestone id of the project
    #[arg(long, requires = "project")]
    pub milestone: Option<String>,
    /// A person id; repeat for several.
    #[arg(long = "assignee", value_name = "PERSON")]
    pub assignees: Vec<String>,
    /// Due date, YYYY-MM-DD
    #[arg(long, value_parser = parse_date)]
    pub due: Option<Date>,
    /// An effort such as `3d`, `4h` or `1.5w`.
    #[arg(long)]
    pub estimate: Option<String>,
    /// A task id this one waits for; repeat for several.
    #[arg(long = "depends-on", value_name = "TASK")]
    pub depends_on: Vec<String>,
    /// Default: normal
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Priority::NAMES))]
    pub priority: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewMeeting {
    /// What the meeting is about; the file name's slug comes from it
    pub title: String,
    /// Default: today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// A recurring meeting's name (`weekly-sync`): attendees and open action items carry
    /// over from its previous meeting
    #[arg(long)]
    pub series: Option<String>,
    /// A project id
    #[arg(long)]
    pub project: Option<String>,
    /// A person id; repeat for several.
    #[arg(long = "attendee", value_name = "PERSON")]
    pub attendees: Vec<String>,
}

#[derive(Debug, Args)]
pub struct NewDecision {
    /// The question or the decision's title
    pub title: String,
    /// A project id
    #[arg(long)]
    pub project: Option<String>,
    /// The decision this one replaces: it gets `status: superseded`.
    #[arg(long, value_name = "DECISION")]
    pub supersedes: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewProject {
    /// A lowercase slug, also the file name.
    pub id: String,
    /// The project's title
    pub title: String,
    /// A person id.
    #[arg(long)]
    pub owner: Option<String>,
    /// Due date, YYYY-MM-DD
    #[arg(long, value_parser = parse_date)]
    pub due: Option<Date>,
}

/// A file name part from a title: lowercase words joined by `-`, at most 48 characters.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .flat_map(char::to_lowercase)
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.is_empty() {
            continue;
        }
        if out.len() + word.len() + 1 > 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        "untitled".into()
    } else {
        out
    }
}

fn refuse(message: String, hint: Option<String>) -> CliError {
    let e = CliError::new(message).findings();
    match hint {
        Some(h) => e.hint(h),
        None => e,
    }
}

fn check_person(ws: &Workspace, id: &str) -> Result<(), CliError> {
    if ws.config.person(id).is_some() {
        return Ok(());
    }
    let hint = did_you_mean(id, ws.config.people.iter().map(|p| p.id.as_str()))
        .map(|s| format!("did you mean `{s}`?"))
        .or_else(|| Some("people are declared under `people:` in cairn.yaml".into()));
    Err(refuse(format!("unknown person `{id}`"), hint))
}

fn check_project(ws: &Workspace, id: &str) -> Result<(), CliError> {
    if ws.project(id).is_some() {
        return Ok(());
    }
    let hint = did_you_mean(id, ws.projects.iter().map(|p| p.id.as_str()))
        .map(|s| format!("did you mean `{s}`?"));
    Err(refuse(format!("unknown project `{id}`"), hint))
}

/// One past the highest number among ids with `prefix` of `kind`: parsed items and the
/// names of files that did not parse.
pub fn next_number(ws: &Workspace, kind: Kind, prefix: &str) -> u64 {
    let from_items = match kind {
        Kind::Task => ws.tasks.iter().map(|t| t.number).max(),
        Kind::Decision => ws.decisions.iter().map(|d| d.number).max(),
        _ => None,
    };
    let from_files = ws
        .files
        .iter()
        .filter(|f| f.kind == kind)
        .filter_map(|f| file_id_number(f.path.rsplit('/').next()?, prefix))
        .max();
    from_items.max(from_files).unwrap_or(0) + 1
}

/// The next task id: past the highest in the workspace and, because two people on two
/// branches must not mint the same id, past every task file name at the tip of every
/// local and remote-tracking branch.
pub fn next_task_id(source: &DirSource, ws: &Workspace) -> String {
    let mut number = next_number(ws, Kind::Task, &ws.config.task_prefix);
    if let Ok(repo) = crate::git::Repo::discover(source.root()) {
        let tips = repo.branch_tips();
        let highest =
            repo.task_numbers_in(&tips, source.workspace_prefix(), &ws.config.task_prefix);
        number = number.max(highest + 1);
    }
    format!("{}-{number}", ws.config.task_prefix)
}

/// A new task's path and text from the task template.
pub fn task_file(
    source: &DirSource,
    ws: &Workspace,
    t: &NewTask,
    today: &str,
) -> Result<(String, String), CliError> {
    let id = next_task_id(source, ws);
    let status = ws
        .config
        .first_status(StatusCategory::Open)
        .unwrap_or("todo");
    let text = render(
        source.root(),
        "task.md",
        json!({"id": id, "title": t.title, "status": status, "project": t.project,
               "milestone": t.milestone, "assignees": t.assignees,
               "priority": t.priority.as_deref().unwrap_or("normal"),
               "estimate": t.estimate, "due": t.due.map(|d| d.to_string()),
               "depends_on": t.depends_on, "today": today}),
    )?;
    let folder = match &t.project {
        Some(p) => format!("tasks/{p}"),
        None => "tasks".into(),
    };
    Ok((format!("{folder}/{id}-{}.md", slug(&t.title)), text))
}

fn write_file(root: &Path, rel: &str, text: &str) -> Result<(), CliError> {
    let full = root.join(rel);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| CliError::from_error(format!("cannot create {}", parent.display()), &e))?;
    }
    crate::write::create_new(&full, text.as_bytes())
        .map_err(|e| CliError::from_error(format!("cannot create {rel}"), &e))
}

fn render(root: &Path, name: &str, value: serde_json::Value) -> Result<String, CliError> {
    templates::render(Some(root), name, &value)
        .map_err(|e| CliError::from_error("cannot render the template", &e))
}

pub fn run(ctx: &Context, args: NewArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let root = source.root();
    let today = ctx.today.to_string();
    let rel = match args.kind {
        NewKind::Task(t) => {
            if let Some(p) = &t.project {
                check_project(&ws, p)?;
            }
            if let Some(m) = &t.milestone {
                let Some(project) = t.project.as_deref().and_then(|p| ws.project(p)) else {
                    return Err(refuse(
                        "--milestone needs --project".into(),
                        Some("milestones belong to a project".into()),
                    ));
                };
                if project.milestone(m).is_none() {
                    let known: Vec<&str> =
                        project.milestones.iter().map(|m| m.id.as_str()).collect();
                    return Err(refuse(
                        format!("project `{}` has no milestone `{m}`", project.id.value),
                        Some(format!("its milestones: {}", known.join(", "))),
                    ));
                }
            }
            for a in &t.assignees {
                check_person(&ws, a)?;
            }
            for d in &t.depends_on {
                if ws.task(d).is_none() {
                    return Err(refuse(format!("unknown task `{d}` in --depends-on"), None));
                }
            }
            if let Some(e) = &t.estimate {
                parse_effort(e, ws.config.calendar.hours_per_day).map_err(|why| {
                    CliError::new(format!("--estimate: {why}"))
                        .hint("write an effort as a number and a unit: `4h`, `3d` or `1.5w`")
                })?;
            }
            let (rel, text) = task_file(&source, &ws, &t, &today)?;
            write_file(root, &rel, &text)?;
            rel
        }
        NewKind::Meeting(m) => {
            if let Some(p) = &m.project {
                check_project(&ws, p)?;
            }
            for a in &m.attendees {
                check_person(&ws, a)?;
            }
            let date = m.date.unwrap_or(ctx.today);
            let previous = m.series.as_deref().and_then(|s| {
                ws.meetings
                    .iter()
                    .filter(|x| x.series.as_deref() == Some(s))
                    .filter(|x| x.date.as_ref().is_some_and(|d| d.value <= date))
                    .max_by_key(|x| x.date.as_ref().map(|d| d.value))
            });
            let mut attendees = m.attendees.clone();
            let mut carried = Vec::new();
            if let Some(prev) = previous {
                if attendees.is_empty() {
                    attendees = prev.attendees.iter().map(|a| a.value.clone()).collect();
                }
                for (_, item) in prev.action_items().filter(|(_, i)| !i.checked) {
                    let text = item
                        .text
                        .strip_prefix(&format!("@{}", item.mentions[0].value))
                        .unwrap_or(&item.text)
                        .trim();
                    carried.push(json!({"person": item.mentions[0].value, "text": text}));
                }
            }
            let text = render(
                root,
                "meeting.md",
                json!({"title": m.title, "date": date.to_string(), "series": m.series,
                       "project": m.project.or_else(|| previous.and_then(|p| p.project.as_ref().map(|x| x.value.clone()))),
                       "attendees": attendees, "carried": carried, "today": today,
                       "previous": previous.map(|p| p.id.value.clone())}),
            )?;
            let base = format!("meetings/{date}-{}", slug(&m.title));
            let mut rel = format!("{base}.md");
            let mut n = 2;
            while root.join(&rel).exists() {
                rel = format!("{base}-{n}.md");
                n += 1;
            }
            write_file(root, &rel, &text)?;
            rel
        }
        NewKind::Decision(d) => {
            if let Some(p) = &d.project {
                check_project(&ws, p)?;
            }
            let number = next_number(&ws, Kind::Decision, &ws.config.decision_prefix);
            let id = format!("{}-{number}", ws.config.decision_prefix);
            let text = render(
                root,
                "decision.md",
                json!({"id": id, "title": d.title, "project": d.project, "today": today}),
            )?;
            let rel = format!("decisions/{id}-{}.md", slug(&d.title));
            if let Some(old_id) = &d.supersedes {
                // Both records change together, checked as one edit.
                let old = ws
                    .decision(old_id)
                    .ok_or_else(|| CliError::new(format!("no decision `{old_id}`")))?;
                let mut new_doc = crate::edit::Doc::parse(&text)
                    .map_err(|e| CliError::from_error("the decision template", &e))?;
                new_doc.set(
                    "supersedes",
                    &crate::edit::scalar(old_id),
                    &["project", "date"],
                );
                let old_path = ws.path(old.file).to_owned();
                let (old_text, mut old_doc) = crate::commands::edit::open_doc(&source, &old_path)?;
                old_doc.set("status", &crate::edit::scalar("superseded"), &["title"]);
                let old_new = old_doc.text();
                return crate::commands::edit::finish(
                    ctx,
                    &source,
                    &ws,
                    &[(old_path, old_text, old_new)],
                    &[(rel, new_doc.text())],
                    &[],
                    &crate::commands::edit::EditOpts { dry_run: false },
                    out,
                    err,
                );
            }
            write_file(root, &rel, &text)?;
            rel
        }
        NewKind::Project(p) => {
            let valid = !p.id.is_empty()
                && p.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && p.id.starts_with(|c: char| c.is_ascii_alphanumeric());
            if !valid {
                return Err(CliError::new(format!(
                    "project id `{}` is not a lowercase slug",
                    p.id
                ))
                .hint("use lowercase letters, digits and `-`, like `website-relaunch`"));
            }
            if ws.project(&p.id).is_some() {
                return Err(refuse(format!("project `{}` already exists", p.id), None));
            }
            if let Some(o) = &p.owner {
                check_person(&ws, o)?;
            }
            let text = render(
                root,
                "project.md",
                json!({"id": p.id, "title": p.title, "owner": p.owner,
                       "due": p.due.map(|d| d.to_string()), "today": today}),
            )?;
            let rel = format!("projects/{}.md", p.id);
            write_file(root, &rel, &text)?;
            rel
        }
    };
    writeln!(out, "{rel}")?;
    Ok(0)
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
