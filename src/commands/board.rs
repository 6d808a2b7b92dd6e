//! `cairn board`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::CmdResult;
use crate::render::json::emit;
use clap::{Args, ValueEnum};
use std::io::Write;

/// A Kanban board: one column per workflow status, a card per task (id, title, assignee,
/// due date), fitted to the terminal. Done columns show the most recently closed tasks.
#[derive(Debug, Args)]
pub struct BoardArgs {
    /// Only this project's tasks.
    #[arg(add = PROJECTS())]
    pub project: Option<String>,
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
    let project = args.project.as_deref();
    let board = cairn_core::ops::board::board(&ws, project, args.done, args.all, ctx.today)?;
    match args.format {
        BoardFormat::Json => return emit(out, &board),
        BoardFormat::Table => {
            crate::render::board::terminal(&board.columns, ctx.width, ctx.style, out)?;
        }
        BoardFormat::Markdown => crate::render::board::markdown_board(&board.columns, out)?,
    }
    Ok(0)
}
