//! `cairn actions`.

use crate::args::PEOPLE;
use crate::context::Context;
use crate::error::CmdResult;
use crate::render::actions::Format;
use cairn_core::ops::query::ActionFilter;
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
    cairn_core::ops::query::validate_people(&ws, &a.person)?;
    let filter = ActionFilter {
        people: a.person,
        projects: Vec::new(),
        overdue: a.overdue,
        open: !a.all,
    };
    let format = match a.format {
        ActionsFormat::Table => Format::Table,
        ActionsFormat::Json => Format::Json,
        ActionsFormat::Tsv => Format::Tsv,
    };
    crate::render::actions::print(ctx, &ws, &filter, format, a.limit, out)
}
