//! `cairn list`.

use crate::args::{PEOPLE, PROJECTS, STATUSES, SortBy, What, WhatArg, WhereArgs, what_arg};
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::json::emit;
use crate::render::list::{self as draw, Column, DEFAULT_COLUMNS};
use cairn_core::model::View;
use cairn_core::ops::list::{self, Items, ListQuery, Listing};
use cairn_core::ops::query::TaskOrder;
use clap::{Args, ValueEnum};
use std::io::Write;

/// List tasks, meetings, decisions, projects, action items or people, or the tasks of a
/// saved view (`cairn list @my-week`, from `views:` in cairn.yaml).
///
/// Filters take several values (`--status open,active`, or the flag repeated) and match
/// any of them; different filters must all match. `--where` takes an expression
/// (docs/format.md, "Filters"); the flags are shorthands for parts of one. A status,
/// person, project, milestone or tag that does not exist is an error (exit 2) with a
/// suggestion.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list: tasks, meetings, decisions, projects, actions, people, or @VIEW.
    #[arg(default_value = "tasks", value_parser = what_arg, value_name = "WHAT")]
    pub what: WhatArg,
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
    #[command(flatten)]
    pub filter: WhereArgs,
    /// Who `@me` is in `--where` or the view (else CAIRN_USER, else git's user.email).
    #[arg(long = "as", value_name = "PERSON", add = PEOPLE())]
    pub as_: Option<String>,
    /// Order of tasks (default: by id, or the view's `sort:`).
    #[arg(long, value_enum)]
    pub sort: Option<SortBy>,
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
pub enum ListFormat {
    Table,
    Json,
    Tsv,
}

impl ListArgs {
    fn query(&self, view: Option<&View>, me: Option<String>, columns: &[Column]) -> ListQuery {
        let q = ListQuery {
            what: self.what.what.kind(),
            statuses: self.status.clone(),
            people: self.assignee.clone(),
            projects: self.project.clone(),
            milestones: self.milestone.clone(),
            tags: self.tag.clone(),
            overdue: self.overdue,
            open: self.open,
            all: self.all,
            order: self.sort.map_or(TaskOrder::Id, SortBy::order),
            limit: self.limit,
            forecast: columns.contains(&Column::Forecast),
            updated: columns.contains(&Column::Updated),
            expr: self.filter.expr.clone(),
            me,
            fields: columns
                .iter()
                .filter_map(|c| match c {
                    Column::Field(f) => Some(f.clone()),
                    _ => None,
                })
                .collect(),
        };
        match view {
            Some(v) => q.with_view(v, self.sort.is_some()),
            None => q,
        }
    }
}

fn listing<T: serde::Serialize>(out: &mut dyn Write, items: Items<T>) -> CmdResult {
    emit(out, &Listing { version: 1, items })
}

pub fn run(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    if !args.columns.is_empty() && args.what.what != What::Tasks {
        return Err(CliError::new("--columns applies to tasks only"));
    }
    let view = match &args.what.view {
        Some(name) => Some(cairn_core::ops::list::view(&ws, name)?),
        None => None,
    };
    let columns: Vec<Column> = if !args.columns.is_empty() {
        args.columns.clone()
    } else if let Some(v) = view.filter(|v| !v.columns.is_empty()) {
        v.columns
            .iter()
            .map(|c| draw::column_arg(c))
            .collect::<Result<_, _>>()
            .map_err(CliError::new)?
    } else {
        DEFAULT_COLUMNS.to_vec()
    };
    let me = WhereArgs::me(
        ctx,
        &ws,
        &[
            args.filter.expr.as_deref(),
            view.and_then(|v| v.expr.as_deref()),
        ],
        args.as_.as_deref(),
    )?;
    let q = args.query(view, me, &columns);
    q.validate(&ws)?;
    let json = args.format == ListFormat::Json;
    let tsv = args.format == ListFormat::Tsv;
    let (grid, what) = match args.what.what {
        What::Tasks => {
            let rows = list::tasks(&ws, &source, &q, ctx.today)?;
            if json {
                return listing(out, Items::Tasks(rows));
            }
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
