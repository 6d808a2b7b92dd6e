//! `cairn new meeting|decision|project|person|milestone`.

use crate::args::{DECISIONS, DateArg, EditOpts, PEOPLE, PROJECTS, date_arg};
use crate::error::CliError;
use cairn_core::model::Workspace;
use cairn_core::ops::change::Change;
use cairn_core::ops::new::{self, MeetingSpec};
use clap::Args;
use jiff::civil::Date;
use std::path::Path;

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
    #[arg(long = "attendee", value_name = "PERSON", value_delimiter = ',', add = PEOPLE())]
    pub attendees: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

impl NewMeeting {
    pub fn change(
        self,
        root: &Path,
        ws: &Workspace,
        today: Date,
    ) -> Result<(String, Change), CliError> {
        let spec = MeetingSpec {
            title: self.title,
            date: self.date.map(|d| d.resolve(today)),
            series: self.series,
            project: self.project,
            attendees: self.attendees,
        };
        Ok(new::meeting(root, ws, &spec, today)?)
    }
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

impl NewDecision {
    pub fn change(
        &self,
        root: &Path,
        ws: &Workspace,
        today: Date,
    ) -> Result<(String, Change), CliError> {
        Ok(new::decision(
            root,
            ws,
            &self.title,
            self.project.as_deref(),
            self.supersedes.as_deref(),
            today,
        )?)
    }
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

impl NewProject {
    pub fn change(&self, root: &Path, ws: &Workspace, today: Date) -> Result<Change, CliError> {
        Ok(new::project(
            root,
            ws,
            &self.id,
            &self.title,
            self.owner.as_deref(),
            self.due.as_ref().map(|d| d.resolve(today)),
            today,
        )?)
    }
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

impl NewPerson {
    pub fn change(&self, ws: &Workspace) -> Result<Change, CliError> {
        Ok(new::person(
            ws,
            &self.id,
            self.name.as_deref(),
            self.email.as_deref(),
            self.capacity,
        )?)
    }
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

impl NewMilestone {
    pub fn change(&self, ws: &Workspace, today: Date) -> Result<Change, CliError> {
        Ok(new::milestone(
            ws,
            &self.project,
            &self.id,
            self.title.as_deref(),
            self.due.as_ref().map(|d| d.resolve(today)),
        )?)
    }
}
