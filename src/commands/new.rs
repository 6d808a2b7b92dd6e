//! `cairn new task|meeting|decision|project`.

use crate::apply::{Edit, Print, finish};
use crate::args::{DECISIONS, DateArg, EditOpts, PEOPLE, PROJECTS, TASKS, date_arg};
use crate::context::Context;
use crate::error::CmdResult;
use cairn_core::load::git::Repo;
use cairn_core::load::source::TreeSource;
use cairn_core::model::Priority;
use cairn_core::ops::new::{self, Branches, MeetingSpec, TaskSpec};
use clap::{Args, Subcommand};
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
    /// A person, added under `people:` in cairn.yaml.
    Person(NewPerson),
    /// A milestone, added to a project's `milestones:`.
    Milestone(NewMilestone),
}

#[derive(Debug, Args)]
pub struct NewPerson {
    /// A lowercase id, as tasks name people (`assignee: erin`).
    pub id: String,
    /// The person's full name (default: the id).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    /// The share of a full working day they give the plan, above 0 and at most 1
    /// (default 1).
    #[arg(long, value_name = "SHARE")]
    pub capacity: Option<f64>,
    #[command(flatten)]
    pub opts: EditOpts,
}

#[derive(Debug, Args)]
pub struct NewMilestone {
    /// The project.
    #[arg(add = PROJECTS())]
    pub project: String,
    /// A lowercase id for the milestone (`beta`).
    pub id: String,
    /// Its title (default: the id).
    #[arg(long)]
    pub title: Option<String>,
    /// Due date: YYYY-MM-DD, or relative (`+6w`, `next month`...).
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub due: Option<DateArg>,
    #[command(flatten)]
    pub opts: EditOpts,
}

#[derive(Debug, Args)]
pub struct NewTask {
    /// The task's title; the file name's slug comes from it
    pub title: String,
    /// A project id (from projects/)
    #[arg(long, add = PROJECTS())]
    pub project: Option<String>,
    /// A milestone id of the project
    #[arg(long, requires = "project")]
    pub milestone: Option<String>,
    /// A person id; repeat for several.
    #[arg(long = "assignee", value_name = "PERSON", add = PEOPLE())]
    pub assignees: Vec<String>,
    /// Due date: YYYY-MM-DD, or `friday`, `+3d`, `next week`...
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub due: Option<DateArg>,
    /// The earliest day work may start (same forms as --due).
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub start: Option<DateArg>,
    /// A tag; repeat for several (or give them comma-separated).
    #[arg(long = "tag", value_name = "TAG", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// The task this one is part of.
    #[arg(long, value_name = "TASK", add = TASKS())]
    pub parent: Option<String>,
    /// The Markdown body; `-` reads it from standard input. Default: a line to replace.
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
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
    /// Default: today. YYYY-MM-DD, or `monday`, `+7d`, `next week`...
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub date: Option<DateArg>,
    /// A recurring meeting's name (`weekly-sync`): attendees and open action items carry
    /// over from its previous meeting
    #[arg(long)]
    pub series: Option<String>,
    /// A project id
    #[arg(long, add = PROJECTS())]
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
    #[arg(long, add = PROJECTS())]
    pub project: Option<String>,
    /// The decision this one replaces: it gets `status: superseded`.
    #[arg(long, value_name = "DECISION", add = DECISIONS())]
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
    /// Due date: YYYY-MM-DD, or relative (`+3m`, `next month`...).
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub due: Option<DateArg>,
    #[command(flatten)]
    pub opts: EditOpts,
}

impl NewKind {
    fn opts(&self) -> &EditOpts {
        match self {
            NewKind::Task(t) => &t.opts,
            NewKind::Meeting(m) => &m.opts,
            NewKind::Decision(d) => &d.opts,
            NewKind::Project(p) => &p.opts,
            NewKind::Person(p) => &p.opts,
            NewKind::Milestone(m) => &m.opts,
        }
    }
}

pub fn run(ctx: &Context, args: NewArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let opts = args.kind.opts();
    let (source, ws) = ctx.load_to_edit(opts.wait.0, opts.dry_run)?;
    let root = source.root();
    let (id, change, opts) = match args.kind {
        NewKind::Task(t) => {
            let repo = Repo::discover(root).ok();
            let branches = repo.as_ref().map(|repo| Branches {
                repo,
                prefix: source.workspace_prefix(),
            });
            let body = match t.body.as_deref() {
                Some("-") => {
                    let mut text = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(
                        |e| {
                            crate::error::CliError::from_error(
                                "cannot read the body from standard input",
                                &e,
                            )
                        },
                    )?;
                    Some(text)
                }
                other => other.map(str::to_owned),
            };
            let spec = TaskSpec {
                title: t.title,
                project: t.project,
                milestone: t.milestone,
                assignees: t.assignees,
                due: t.due.map(|d| d.resolve(ctx.today)),
                start: t.start.map(|d| d.resolve(ctx.today)),
                estimate: t.estimate,
                depends_on: t.depends_on,
                parent: t.parent,
                priority: t.priority,
                tags: t.tags,
                body: body
                    .map(|b| b.trim_end().to_owned())
                    .filter(|b| !b.is_empty()),
            };
            let (id, change) = new::task(root, &ws, &spec, branches.as_ref(), ctx.today)?;
            (id, change, t.opts)
        }
        NewKind::Meeting(m) => {
            let spec = MeetingSpec {
                title: m.title,
                date: m.date.map(|d| d.resolve(ctx.today)),
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
                p.due.map(|d| d.resolve(ctx.today)),
                ctx.today,
            )?;
            (p.id, change, p.opts)
        }
        NewKind::Person(p) => {
            let change = new::person(
                &ws,
                &p.id,
                p.name.as_deref(),
                p.email.as_deref(),
                p.capacity,
            )?;
            let edit = Edit::diff(change);
            return finish(ctx, &source, ws, edit, &p.opts, out, err);
        }
        NewKind::Milestone(m) => {
            let change = new::milestone(
                &ws,
                &m.project,
                &m.id,
                m.title.as_deref(),
                m.due.map(|d| d.resolve(ctx.today)),
            )?;
            let edit = Edit::diff(change);
            return finish(ctx, &source, ws, edit, &m.opts, out, err);
        }
    };
    let edit = Edit {
        change,
        id: Some(&id),
        print: Print::CreatedPath,
    };
    finish(ctx, &source, ws, edit, &opts, out, err)
}
