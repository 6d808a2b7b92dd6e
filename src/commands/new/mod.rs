//! `cairn new task|meeting|decision|project|person|milestone`: each kind's arguments in
//! its own file, one way to finish them.

mod records;
mod task;

pub use records::{NewDecision, NewMeeting, NewMilestone, NewPerson, NewProject};
pub use task::NewTask;

use crate::apply::{Edit, Print, finish};
use crate::args::EditOpts;
use crate::context::Context;
use crate::error::CmdResult;
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
    let opts = args.kind.opts().clone();
    let (source, ws) = ctx.load_to_edit(opts.wait.0, opts.dry_run)?;
    let root = source.root();
    let today = ctx.today;
    // A new file prints its path; an edit of cairn.yaml or a project its diff.
    let (id, change) = match args.kind {
        NewKind::Task(t) => {
            let (id, change) = t.change(&source, &ws, today)?;
            (Some(id), change)
        }
        NewKind::Meeting(m) => {
            let (id, change) = m.change(root, &ws, today)?;
            (Some(id), change)
        }
        NewKind::Decision(d) => {
            let (id, change) = d.change(root, &ws, today)?;
            (Some(id), change)
        }
        NewKind::Project(p) => {
            let change = p.change(root, &ws, today)?;
            (Some(p.id), change)
        }
        NewKind::Person(p) => (None, p.change(&ws)?),
        NewKind::Milestone(m) => (None, m.change(&ws, today)?),
    };
    let edit = match &id {
        Some(id) => Edit {
            change,
            id: Some(id),
            print: Print::CreatedPath,
            extra: Default::default(),
        },
        None => Edit::diff(change),
    };
    finish(ctx, &source, ws, edit, &opts, out, err)
}
