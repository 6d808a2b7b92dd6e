//! `cairn list`.

use crate::args::{PEOPLE, PROJECTS, STATUSES};
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::json::emit;
use crate::render::list::{self as draw, Column, DEFAULT_COLUMNS};
use cairn_core::ops::list::{self, Items, ListQuery, Listing};
use cairn_core::ops::query::TaskOrder;
use clap::{Args, ValueEnum};
use std::io::Write;

/// List tasks, meetings, decisions, projects, action items or people.
///
/// Filters take several values (`--status open,active`, or the flag repeated) and match
/// any of them; different filters must all match. A status, person, project, milestone or
/// tag that does not exist is an error (exit 2) with a suggestion.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum, default_value_t = What::Tasks)]
    pub what: What,
    /// Only these statuses (workflow statuses, or categories: open, active, done,
    /// cancelled).
    #[arg(long, value_delimiter = ',', value_name = "STATUS", add = STATUSES())]
    pub status: Vec<String>,
    /// Only items of these people.
    #[arg(long, value_delimiter = ',', value_name = "PERSON", add = PEOPLE())]
    pub assignee: Vec<String>,
    /// Only items of these projects.
    #[arg(long, value_delimiter = ',', value_name = "PROJECT", add = PROJECTS())]
    pub project: Vec<String>,
    /// Only tasks of these milestones (with --project when ids repeat across projects).
    #[arg(long, value_delimiter = ',', value_name = "MILESTONE")]
    pub milestone: Vec<String>,
    /// Only tasks with one of these tags.
    #[arg(long, value_delimiter = ',', value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only unfinished items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Only unfinished items (the default for tasks and action items).
    #[arg(long, conflicts_with = "all")]
    pub open: bool,
    /// Finished items too: done and cancelled tasks, checked action items.
    #[arg(long)]
    pub all: bool,
    /// Order of tasks.
    #[arg(long, value_enum, default_value_t = SortBy::Id)]
    pub sort: SortBy,
    /// At most N rows.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Task columns, comma-separated: id, status, priority, assignee, due, project,
    /// milestone, estimate, tags, forecast, updated, file, title, or a team's own field
    /// (`x-cost-eur`).
    #[arg(long, value_delimiter = ',', value_parser = crate::render::list::column_arg, value_name = "COLUMN")]
    pub columns: Vec<Column>,
    /// Output format: a table; json (docs/json.md); tsv (tab-separated, no header, for
    /// pipes).
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    Id,
    /// Soonest due first, undated last.
    Due,
    /// Most urgent first.
    Priority,
    /// Soonest forecast finish first.
    Forecast,
    /// Most recently changed file first.
    Updated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    Tasks,
    Meetings,
    Decisions,
    Projects,
    Actions,
    People,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Tsv,
}

impl ListArgs {
    fn query(&self) -> ListQuery {
        ListQuery {
            what: match self.what {
                What::Tasks => list::What::Tasks,
                What::Meetings => list::What::Meetings,
                What::Decisions => list::What::Decisions,
                What::Projects => list::What::Projects,
                What::Actions => list::What::Actions,
                What::People => list::What::People,
            },
            statuses: self.status.clone(),
            people: self.assignee.clone(),
            projects: self.project.clone(),
            milestones: self.milestone.clone(),
            tags: self.tag.clone(),
            overdue: self.overdue,
            open: self.open,
            all: self.all,
            order: match self.sort {
                SortBy::Id => TaskOrder::Id,
                SortBy::Due => TaskOrder::Due,
                SortBy::Priority => TaskOrder::Priority,
                SortBy::Forecast => TaskOrder::Forecast,
                SortBy::Updated => TaskOrder::Updated,
            },
            limit: self.limit,
            forecast: self.columns.contains(&Column::Forecast),
            updated: self.columns.contains(&Column::Updated),
        }
    }
}

fn listing<T: serde::Serialize>(out: &mut dyn Write, items: Items<T>) -> CmdResult {
    emit(out, &Listing { version: 1, items })
}

pub fn run(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    if !args.columns.is_empty() && args.what != What::Tasks {
        return Err(CliError::new("--columns applies to tasks only"));
    }
    let q = args.query();
    q.validate(&ws)?;
    let json = args.format == ListFormat::Json;
    let tsv = args.format == ListFormat::Tsv;
    let (grid, what) = match args.what {
        What::Tasks => {
            let rows = list::tasks(&ws, &source, &q, ctx.today)?;
            if json {
                return listing(out, Items::Tasks(rows));
            }
            let columns = if args.columns.is_empty() {
                DEFAULT_COLUMNS.to_vec()
            } else {
                args.columns.clone()
            };
            (draw::tasks(&rows, &columns, &ws.config, ctx.style), "tasks")
        }
        What::Meetings => {
            let rows = list::meetings(&ws, &q);
            if json {
                return listing(out, Items::Meetings(rows));
            }
            (draw::meetings(&rows), "meetings")
        }
        What::Decisions => {
            let rows = list::decisions(&ws, &q)?;
            if json {
                return listing(out, Items::Decisions(rows));
            }
            (draw::decisions(&rows), "decisions")
        }
        What::Projects => {
            let rows = list::projects(&ws, &q);
            if json {
                return listing(out, Items::Projects(rows));
            }
            (draw::projects(&rows), "projects")
        }
        What::Actions => {
            let rows = list::actions(&ws, &q, ctx.today);
            if json {
                return listing(out, Items::Actions(rows));
            }
            (draw::actions(&rows, ctx.style), "action items")
        }
        What::People => {
            let rows = list::people(&ws, &q);
            if json {
                return listing(out, Items::People(rows));
            }
            (draw::people(&rows), "people")
        }
    };
    draw::print(out, &grid, tsv, what, ctx.width)?;
    Ok(0)
}
