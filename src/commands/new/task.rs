//! `cairn new task`.

use crate::args::{DateArg, EditOpts, PEOPLE, PROJECTS, TASKS, date_arg};
use crate::error::CliError;
use cairn_core::load::source::DirSource;
use cairn_core::model::{Priority, Workspace};
use cairn_core::ops::change::Change;
use cairn_core::ops::new::{self, Branches, TaskSpec};
use clap::Args;
use jiff::civil::Date;

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
    #[arg(long = "assignee", value_name = "PERSON", value_delimiter = ',', add = PEOPLE())]
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
    #[arg(long = "depends-on", value_name = "TASK", value_delimiter = ',', add = TASKS())]
    pub depends_on: Vec<String>,
    /// Default: normal
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Priority::NAMES))]
    pub priority: Option<String>,
    /// A team field as NAME=VALUE (`risk=high`; a list comma-separated); repeat for
    /// several. Declared in cairn.yaml's `fields:`, or an `x-…` key.
    #[arg(long = "field", value_name = "NAME=VALUE", value_parser = field_arg)]
    pub fields: Vec<(String, String)>,
    #[command(flatten)]
    pub opts: EditOpts,
}

fn field_arg(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not NAME=VALUE"))?;
    Ok((k.trim().to_owned(), v.trim().to_owned()))
}

impl NewTask {
    /// The new task's id and file.
    pub fn change(
        self,
        source: &DirSource,
        ws: &Workspace,
        today: Date,
    ) -> Result<(String, Change), CliError> {
        let branches = Branches::of(source);
        let body = match self.body.as_deref() {
            Some("-") => {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                    CliError::from_error("cannot read the body from standard input", &e)
                })?;
                Some(text)
            }
            other => other.map(str::to_owned),
        };
        let spec = TaskSpec {
            title: self.title,
            project: self.project,
            milestone: self.milestone,
            assignees: self.assignees,
            due: self.due.map(|d| d.resolve(today)),
            start: self.start.map(|d| d.resolve(today)),
            estimate: self.estimate,
            depends_on: self.depends_on,
            parent: self.parent,
            priority: self.priority,
            tags: self.tags,
            body: body
                .map(|b| b.trim_end().to_owned())
                .filter(|b| !b.is_empty()),
            fields: self.fields,
        };
        Ok(new::task(
            source.root(),
            ws,
            &spec,
            branches.as_ref(),
            today,
        )?)
    }
}
