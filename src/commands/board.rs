//! `cairn board`.

use crate::args::{PEOPLE, PROJECTS, WhereArgs};
use crate::context::Context;
use crate::error::CmdResult;
use crate::render::json::emit;
use cairn_core::ops::board::BoardQuery;
use clap::{Args, ValueEnum};
use std::io::Write;

/// A Kanban board: one column per workflow status, a card per task (id, title, assignee,
/// due date), fitted to the terminal. Done columns show the most recently closed tasks.
/// `cairn board @release` shows the cards of a saved view (`views:` in cairn.yaml).
#[derive(Debug, Args)]
pub struct BoardArgs {
    /// Only this project's tasks, or `@VIEW`: a saved view's.
    #[arg(add = PROJECTS())]
    pub project: Option<String>,
    #[command(flatten)]
    pub filter: WhereArgs,
    /// Who `@me` is in `--where` or the view (else CAIRN_USER, else git's user.email).
    #[arg(long = "as", value_name = "PERSON", add = PEOPLE())]
    pub as_: Option<String>,
    /// Finished tasks per done column.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub done: usize,
    /// Cancelled tasks too.
    #[arg(long)]
    pub all: bool,
    /// Output format: the board for a terminal; markdown (a section per status, for a
    /// wiki); json.
    #[arg(long, value_enum, default_value_t = BoardFormat::Table)]
    pub format: BoardFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BoardFormat {
    Table,
    Markdown,
    Json,
}

pub fn run(ctx: &Context, args: BoardArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let (project, view) = match args.project.as_deref() {
        Some(v) if v.starts_with('@') => (None, Some(&v[1..])),
        p => (p, None),
    };
    let view_expr = match view {
        Some(name) => cairn_core::ops::list::view(&ws, name)?.expr.as_deref(),
        None => None,
    };
    let me = WhereArgs::me(
        ctx,
        &ws,
        &[args.filter.expr.as_deref(), view_expr],
        args.as_.as_deref(),
    )?;
    let q = BoardQuery {
        project,
        view,
        expr: args.filter.expr.as_deref(),
        me: me.as_deref(),
        done: args.done,
        all: args.all,
    };
    let board = cairn_core::ops::board::board(&ws, &q, ctx.today)?;
    match args.format {
        BoardFormat::Json => return emit(out, &board),
        BoardFormat::Table => {
            crate::render::board::terminal(&board.columns, ctx.width, ctx.style, out)?;
        }
        BoardFormat::Markdown => crate::render::board::markdown_board(&board.columns, out)?,
    }
    Ok(0)
}
