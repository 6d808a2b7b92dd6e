//! `cairn board`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::CmdResult;
use crate::render::grid::{alarm, ellipsize};
use crate::render::json::emit;
use cairn_core::report::{BoardColumn, Card, board};
use cairn_core::text::escape::{markdown, term};
use clap::{Args, ValueEnum};
use serde::Serialize;
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

#[derive(Serialize)]
struct BoardJson<'a> {
    version: u32,
    project: Option<&'a str>,
    columns: &'a [BoardColumn],
}

/// Words of `text` in lines of at most `width` characters; at most `max` lines, the last
/// cut with `…` when more was left.
fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        let len = cur.chars().count();
        if len > 0 && len + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let cut = lines.len() > max;
    lines.truncate(max);
    for l in &mut lines {
        *l = ellipsize(l, width);
    }
    if cut && let Some(last) = lines.last_mut() {
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{}…", keep.trim_end());
    }
    lines
}

fn card(ctx: &Context, c: &Card, width: usize) -> String {
    let mut head = term(&c.id);
    if !c.assignees.is_empty() {
        head.push_str(&format!(" @{}", term(&c.assignees.join(", "))));
    }
    let mut lines = vec![ctx.style.bold(&ellipsize(&head, width))];
    lines.extend(wrap(&term(&c.title), width, 3));
    if let Some(d) = &c.due {
        lines.push(alarm(ctx.style, &format!("due {d}"), c.overdue));
    }
    lines.join("\n")
}

fn terminal(ctx: &Context, columns: &[BoardColumn], out: &mut dyn Write) -> CmdResult {
    let n = columns.len().max(1);
    let total = ctx.width.unwrap_or(120);
    // `│ a │ b │`: 3 per column and 1 more; at least 14 characters a column.
    let width = (total.saturating_sub(3 * n + 1) / n).max(14);
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_header(columns.iter().map(|c| {
        let count = c.cards.len() + c.more;
        ellipsize(&format!("{} ({count})", c.status), width)
    }));
    let cells: Vec<String> = columns
        .iter()
        .map(|c| {
            let mut cards: Vec<String> = c.cards.iter().map(|k| card(ctx, k, width)).collect();
            if c.more > 0 {
                cards.push(format!("+{} more", c.more));
            }
            cards.join("\n\n")
        })
        .collect();
    t.add_row(cells);
    writeln!(out, "{t}")?;
    Ok(0)
}

fn markdown_board(columns: &[BoardColumn], out: &mut dyn Write) -> CmdResult {
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "## {} ({})\n",
            markdown(&c.status),
            c.cards.len() + c.more
        )?;
        if c.cards.is_empty() && c.more == 0 {
            writeln!(out, "_none_")?;
        }
        for k in &c.cards {
            let mut extra = Vec::new();
            let who: Vec<String> = k
                .assignees
                .iter()
                .map(|a| format!("`@{}`", a.replace('`', "'")))
                .collect();
            if !who.is_empty() {
                extra.push(who.join(", "));
            }
            if let Some(d) = &k.due {
                extra.push(if k.overdue {
                    format!("**due {d}**")
                } else {
                    format!("due {d}")
                });
            }
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" — {}", extra.join(", "))
            };
            writeln!(
                out,
                "- **{}** {}{extra}",
                markdown(&k.id),
                markdown(&k.title)
            )?;
        }
        if c.more > 0 {
            writeln!(out, "- … and {} more", c.more)?;
        }
    }
    Ok(0)
}

pub fn run(ctx: &Context, args: BoardArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let projects: Vec<String> = args.project.iter().cloned().collect();
    cairn_core::ops::query::validate_projects(&ws, &projects)?;
    let columns = board(&ws, ctx.today, &projects, args.done, args.all);
    match args.format {
        BoardFormat::Table => terminal(ctx, &columns, out),
        BoardFormat::Markdown => markdown_board(&columns, out),
        BoardFormat::Json => emit(
            out,
            &BoardJson {
                version: 1,
                project: args.project.as_deref(),
                columns: &columns,
            },
        ),
    }
}
