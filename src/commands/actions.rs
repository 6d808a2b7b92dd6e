//! `cairn actions`.

use crate::context::Context;
use crate::error::CmdResult;
use cairn_core::ops::query::ActionFilter;
use clap::{Args, ValueEnum};
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
    #[arg(long, value_enum, default_value_t = ActionsFormat::Table)]
    pub format: ActionsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ActionsFormat {
    Table,
    Json,
}

pub fn run(ctx: &Context, a: ActionsArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let filter = ActionFilter {
        people: a.person.into_iter().collect(),
        projects: Vec::new(),
        overdue: a.overdue,
        open: !a.all,
    };
    crate::render::actions::print(
        &ws,
        &filter,
        ctx.today,
        a.format == ActionsFormat::Json,
        out,
    )
}
