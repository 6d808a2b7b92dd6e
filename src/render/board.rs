//! `cairn board` for a terminal (a column per status, cards fitted to the width) or as
//! Markdown.

use crate::render::grid::{Grid, alarm, ellipsize};
use crate::render::term::Style;
use cairn_core::report::{BoardColumn, Card};
use cairn_core::text::escape::{markdown, term};
use std::io::{Result, Write};

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

fn card(style: Style, c: &Card, width: usize) -> String {
    let mut head = term(&c.id);
    if !c.assignees.is_empty() {
        head.push_str(&format!(" @{}", term(&c.assignees.join(", "))));
    }
    let mut lines = vec![style.bold(&ellipsize(&head, width))];
    lines.extend(wrap(&term(&c.title), width, 3));
    if let Some(d) = &c.due {
        lines.push(alarm(style, &format!("due {d}"), c.overdue));
    }
    lines.join("\n")
}

/// The board for a terminal `width` columns wide (120 in a pipe).
pub fn terminal(
    columns: &[BoardColumn],
    width: Option<usize>,
    style: Style,
    out: &mut dyn Write,
) -> Result<()> {
    let n = columns.len().max(1);
    let total = width.unwrap_or(120);
    // `│ a │ b │`: 3 per column and 1 more; at least 14 characters a column.
    let width = (total.saturating_sub(3 * n + 1) / n).max(14);
    let header: Vec<String> = columns
        .iter()
        .map(|c| {
            let count = c.cards.len() + c.more;
            ellipsize(&format!("{} ({count})", c.status), width)
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Grid::new(&header);
    let cells: Vec<String> = columns
        .iter()
        .map(|c| {
            let mut cards: Vec<String> = c.cards.iter().map(|k| card(style, k, width)).collect();
            if c.more > 0 {
                cards.push(format!("+{} more", c.more));
            }
            cards.join("\n\n")
        })
        .collect();
    t.row(cells);
    writeln!(out, "{}", t.render(None))
}

/// The board as Markdown: a section per status.
pub fn markdown_board(columns: &[BoardColumn], out: &mut dyn Write) -> Result<()> {
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
    Ok(())
}
