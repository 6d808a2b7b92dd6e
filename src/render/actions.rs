//! Action items as `list actions` and `actions` print them: a table, or JSON.

use crate::context::Context;
use crate::error::CmdResult;
use crate::render::grid::{Grid, alarm};
use crate::render::json::emit;
use cairn_core::model::{Sp, Workspace};
use cairn_core::ops::query::{ActionFilter, actions};
use cairn_core::text::escape::term;
use jiff::civil::Date;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct ActionsJson<'a> {
    version: u32,
    actions: Vec<ActionJson<'a>>,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    meeting: &'a str,
    number: usize,
    people: Vec<&'a str>,
    due: Option<Date>,
    done: bool,
    overdue: bool,
    text: &'a str,
    tasks: Vec<&'a str>,
    /// The meeting this item was carried over to (then `done` is true here).
    carried_to: Option<&'a str>,
    file: &'a str,
    line: u32,
}

fn strs(v: &[Sp<String>]) -> Vec<&str> {
    v.iter().map(|x| x.as_str()).collect()
}

/// How to print action items.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Tsv,
}

/// An item's text without what the other columns show: its `@people` and `due:` date.
pub fn bare_text(text: &str) -> String {
    let text = text
        .split(cairn_core::text::body::CARRIED_MARK)
        .next()
        .unwrap_or(text);
    text.split_whitespace()
        .filter(|w| {
            !(w.starts_with("due:")
                || (w.starts_with('@') && w.len() > 1 && !w.ends_with(['.', ',', ';', ':'])))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints the matching action items.
pub fn print(
    ctx: &Context,
    ws: &Workspace,
    filter: &ActionFilter,
    format: Format,
    limit: Option<usize>,
    out: &mut dyn Write,
) -> CmdResult {
    let mut rows = actions(ws, filter, ctx.today);
    if let Some(n) = limit {
        rows.truncate(n);
    }
    if format == Format::Json {
        let items: Vec<ActionJson> = rows
            .iter()
            .map(|a| ActionJson {
                meeting: a.meeting.id.as_str(),
                number: a.number,
                people: strs(&a.item.mentions),
                due: a.item.due.as_ref().map(|d| d.value),
                done: a.item.checked,
                overdue: a.overdue,
                text: &a.item.text,
                tasks: strs(&a.item.tasks),
                carried_to: a.item.carried_to.as_deref(),
                file: ws.path(a.meeting.file),
                line: a.item.pos.line,
            })
            .collect();
        return emit(
            out,
            &ActionsJson {
                version: 1,
                actions: items,
            },
        );
    }
    let mut grid = Grid::new(&["Meeting", "#", "Person", "Due", "Done", "Text"]).flex("Text");
    for a in &rows {
        let people: Vec<String> = a
            .item
            .mentions
            .iter()
            .map(|p| format!("@{}", p.value))
            .collect();
        let due = a
            .item
            .due
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        grid.row(vec![
            term(&a.meeting.id.value),
            a.number.to_string(),
            term(&people.join(" ")),
            if a.overdue {
                alarm(ctx.style, &format!("{due} !"), true)
            } else {
                due
            },
            match (&a.item.carried_to, a.item.checked) {
                (Some(_), _) => "carried".to_owned(),
                (None, true) => "yes".to_owned(),
                (None, false) => String::new(),
            },
            term(&bare_text(&a.item.text)),
        ]);
    }
    if format == Format::Tsv {
        out.write_all(grid.tsv().as_bytes())?;
    } else if grid.is_empty() {
        writeln!(out, "no action items match")?;
    } else {
        writeln!(out, "{}", grid.render(ctx.width))?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_text_column_leaves_out_people_and_due() {
        assert_eq!(
            super::bare_text("@bob Book the VPS for @carol. due:2026-12-02 T-5"),
            "Book the VPS for @carol. T-5"
        );
    }
}
