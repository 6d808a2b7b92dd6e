//! `cairn actions`.

use crate::args::PEOPLE;
use crate::context::Context;
use crate::error::CmdResult;
use cairn_core::ops::list::{self, Items, ListQuery, Listing, What};
use cairn_core::ops::query::TaskOrder;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Open action items across meetings (`- [ ] @bob Draft the plan due:2026-12-01`),
/// overdue and soonest due first.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only these people's items.
    #[arg(long, value_delimiter = ',', value_name = "PERSON", add = PEOPLE())]
    pub person: Vec<String>,
    /// Only items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Done items too.
    #[arg(long)]
    pub all: bool,
    /// At most N items.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output format: a table; json (docs/json.md); tsv (tab-separated, for pipes).
    #[arg(long, value_enum, default_value_t = ActionsFormat::Table)]
    pub format: ActionsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ActionsFormat {
    Table,
    Json,
    Tsv,
}

pub fn run(ctx: &Context, a: ActionsArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let q = ListQuery {
        what: What::Actions,
        statuses: Vec::new(),
        people: a.person,
        projects: Vec::new(),
        milestones: Vec::new(),
        tags: Vec::new(),
        overdue: a.overdue,
        open: false,
        all: a.all,
        order: TaskOrder::Id,
        limit: a.limit,
        forecast: false,
        updated: false,
        expr: None,
        me: None,
        fields: Vec::new(),
    };
    q.validate(&ws)?;
    let rows = list::actions(&ws, &q, ctx.today);
    if a.format == ActionsFormat::Json {
        return crate::render::json::emit(
            out,
            &Listing {
                version: 1,
                items: Items::Actions(rows),
            },
        );
    }
    let grid = crate::render::list::actions(&rows, ctx.style);
    let tsv = a.format == ActionsFormat::Tsv;
    crate::render::list::print(out, &grid, tsv, "action items", ctx.width)?;
    Ok(0)
}
