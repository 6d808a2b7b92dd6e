//! Action items of meeting notes: list them across meetings, tick them, and promote one
//! to a task that the item then references.

use crate::cli::{CliError, CmdResult, Context};
use crate::commands::edit::{EditOpts, apply, finish, open_doc};
use crate::commands::list::{ListArgs, ListFormat, What};
use crate::commands::new::{NewTask, task_file};
use crate::model::{ChecklistItem, Meeting, Workspace};
use clap::{Args, Subcommand};
use std::io::Write;

/// Open action items across meetings (`- [ ] @bob Draft the plan due:2026-12-01`),
/// overdue and soonest due first.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only this person's items.
    #[arg(long)]
    pub person: Option<String>,
    /// Only items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Done items too.
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Tick or untick one action item: `cairn action done 2026-11-23-weekly-sync 2`.
#[derive(Debug, Args)]
pub struct ActionArgs {
    #[command(subcommand)]
    pub cmd: ActionCmd,
}

#[derive(Debug, Subcommand)]
pub enum ActionCmd {
    /// Check the Nth action item of a meeting (numbers as `cairn actions` shows them).
    Done(ActionRef),
    /// Uncheck it again.
    Reopen(ActionRef),
}

#[derive(Debug, Args)]
pub struct ActionRef {
    pub meeting: String,
    pub n: usize,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Turn an action item into a task (title, assignees, due date and project from the item
/// and its meeting) and make the item reference the new task id.
#[derive(Debug, Args)]
pub struct PromoteArgs {
    pub meeting: String,
    pub n: usize,
    /// An estimate for the new task, such as `2d`.
    #[arg(long)]
    pub estimate: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn actions(ctx: &Context, a: ActionsArgs, out: &mut dyn Write) -> CmdResult {
    crate::commands::list::run(
        ctx,
        ListArgs {
            what: What::Actions,
            status: None,
            assignee: a.person,
            project: None,
            milestone: None,
            tag: None,
            overdue: a.overdue,
            open: !a.all,
            format: a.format,
        },
        out,
    )
}

fn item<'w>(
    ws: &'w Workspace,
    meeting: &str,
    n: usize,
) -> Result<(&'w Meeting, &'w ChecklistItem), CliError> {
    let m = ws.meeting(meeting).ok_or_else(|| {
        let e = CliError::new(format!("no meeting `{meeting}`"));
        match crate::diag::did_you_mean(meeting, ws.meetings.iter().map(|m| m.id.as_str())) {
            Some(s) => e.hint(format!("did you mean `{s}`?")),
            None => {
                e.hint("meeting ids are file names without `.md`, as `cairn list meetings` shows")
            }
        }
    })?;
    let count = m.action_items().count();
    let found = m.action_items().find(|(k, _)| *k == n).map(|(_, i)| i);
    found.map(|i| (m, i)).ok_or_else(|| {
        CliError::new(format!(
            "meeting {meeting} has {count} action item{}; there is no item {n}",
            if count == 1 { "" } else { "s" }
        ))
    })
}

pub fn action(ctx: &Context, a: ActionArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (r, checked) = match a.cmd {
        ActionCmd::Done(r) => (r, true),
        ActionCmd::Reopen(r) => (r, false),
    };
    apply(
        ctx,
        |ws| item(ws, &r.meeting, r.n).map(|(m, _)| m.file),
        &r.opts,
        out,
        err,
        |ws, _, doc| {
            let (_, it) = item(ws, &r.meeting, r.n)?;
            doc.set_checkbox(it.pos.line, it.pos.col, checked)
                .map_err(|e| CliError::from_error("cannot edit the action item", &e))
        },
    )
}

/// The item's words without `@mentions`, `due:` dates and task ids: the task's title.
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

pub fn promote(
    ctx: &Context,
    a: PromoteArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let (m, it) = item(&ws, &a.meeting, a.n)?;
    if let Some(t) = it.tasks.first() {
        return Err(CliError::new(format!(
            "action item {} of {} already references {}",
            a.n, a.meeting, t.value
        )));
    }
    let title = title_of(it, &ws.config.task_prefix);
    if title.is_empty() {
        return Err(CliError::new(
            "the action item has no words left for a title",
        ));
    }
    let task = NewTask {
        title,
        project: m.project.as_ref().map(|p| p.value.clone()),
        milestone: None,
        assignees: it.mentions.iter().map(|p| p.value.clone()).collect(),
        due: it.due.as_ref().map(|d| d.value),
        estimate: a.estimate.clone(),
        depends_on: Vec::new(),
        priority: None,
    };
    let (task_path, task_text) = task_file(&source, &ws, &task, &ctx.today.to_string())?;
    let id = task_path
        .rsplit('/')
        .next()
        .and_then(|n| {
            let p = &ws.config.task_prefix;
            crate::load::file_id_number(n, p).map(|k| format!("{p}-{k}"))
        })
        .unwrap_or_default();
    let path = ws.path(m.file).to_owned();
    let (old, mut doc) = open_doc(&source, &path)?;
    doc.append_to_line(it.pos.line, &id);
    let new = doc.text();
    finish(
        ctx,
        &source,
        &ws,
        &[(path, old, new)],
        &[(task_path, task_text)],
        &[],
        &a.opts,
        out,
        err,
    )
}
