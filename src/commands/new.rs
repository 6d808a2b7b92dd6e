//! `cairn new task|meeting|decision|project`.

use crate::apply::{Edit, Print, finish};
use crate::args::{EditOpts, PEOPLE, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use cairn_core::load::git::Repo;
use cairn_core::load::source::TreeSource;
use cairn_core::model::Priority;
use cairn_core::ops::new::{self, Branches, MeetingSpec, TaskSpec};
use cairn_core::text::fields::parse_date;
use clap::{Args, Subcommand};
use jiff::civil::Date;
use std::io::Write;

/// Create a task, meeting, decision or project from its template and print its path.
#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub kind: NewKind,
}

#[derive(Debug, Subcommand)]
pub enum NewKind {
    /// A task, numbered one past the highest task id here and on every branch.
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
    #[arg(long = "assignee", value_name = "PERSON", add = PEOPLE())]
    pub assignees: Vec<String>,
    /// Due date, YYYY-MM-DD
    #[arg(long, value_parser = parse_date)]
    pub due: Option<Date>,
    /// An effort such as `3d`, `4h` or `1.5w`.
    #[arg(long)]
    pub estimate: Option<String>,
    /// A task id this one waits for; repeat for several.
    #[arg(long = "depends-on", value_name = "TASK", add = TASKS())]
    pub depends_on: Vec<String>,
    /// Default: normal
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Priority::NAMES))]
    pub priority: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
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
    #[arg(long = "attendee", value_name = "PERSON", add = PEOPLE())]
    pub attendees: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
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
    #[command(flatten)]
    pub opts: EditOpts,
}

#[derive(Debug, Args)]
pub struct NewProject {
    /// A lowercase slug, also the file name.
    pub id: String,
    /// The project's title
    pub title: String,
    /// A person id.
    #[arg(long, add = PEOPLE())]
    pub owner: Option<String>,
    /// Due date, YYYY-MM-DD
    #[arg(long, value_parser = parse_date)]
    pub due: Option<Date>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, args: NewArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let root = source.root();
    let (id, change, opts) = match args.kind {
        NewKind::Task(t) => {
            let repo = Repo::discover(root).ok();
            let branches = repo.as_ref().map(|repo| Branches {
                repo,
                prefix: source.workspace_prefix(),
            });
            let spec = TaskSpec {
                title: t.title,
                project: t.project,
                milestone: t.milestone,
                assignees: t.assignees,
                due: t.due,
                estimate: t.estimate,
                depends_on: t.depends_on,
                priority: t.priority,
                ..TaskSpec::default()
            };
            let (id, change) = new::task(root, &ws, &spec, branches.as_ref(), ctx.today)?;
            (id, change, t.opts)
        }
        NewKind::Meeting(m) => {
            let spec = MeetingSpec {
                title: m.title,
                date: m.date,
                series: m.series,
                project: m.project,
                attendees: m.attendees,
            };
            let (id, change) = new::meeting(root, &ws, &spec, ctx.today)?;
            (id, change, m.opts)
        }
        NewKind::Decision(d) => {
            let (id, change) = new::decision(
                root,
                &ws,
                &d.title,
                d.project.as_deref(),
                d.supersedes.as_deref(),
                ctx.today,
            )?;
            (id, change, d.opts)
        }
        NewKind::Project(p) => {
            let change = new::project(
                root,
                &ws,
                &p.id,
                &p.title,
                p.owner.as_deref(),
                p.due,
                ctx.today,
            )?;
            (p.id, change, p.opts)
        }
    };
    let edit = Edit {
        change,
        id: Some(&id),
        print: Print::CreatedPath,
    };
    finish(ctx, &source, &ws, edit, &opts, out, err)
}
