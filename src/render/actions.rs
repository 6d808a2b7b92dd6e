//! Action items as `list actions` and `actions` print them: a table, or JSON.

use crate::error::CmdResult;
use crate::render::json::emit;
use crate::render::term::table;
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
    file: &'a str,
    line: u32,
}

fn strs(v: &[Sp<String>]) -> Vec<&str> {
    v.iter().map(|x| x.as_str()).collect()
}

/// Prints the matching action items.
pub fn print(
    ws: &Workspace,
    filter: &ActionFilter,
    today: Date,
    json: bool,
    out: &mut dyn Write,
) -> CmdResult {
    let rows = actions(ws, filter, today);
    if json {
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
    let mut tb = table(&["Meeting", "#", "Person", "Due", "Done", "Text"]);
    for a in rows {
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
        tb.add_row([
            term(&a.meeting.id.value),
            a.number.to_string(),
            term(&people.join(" ")),
            if a.overdue { format!("{due} !") } else { due },
            if a.item.checked { "yes" } else { "" }.to_owned(),
            term(&a.item.text),
        ]);
    }
    writeln!(out, "{tb}")?;
    Ok(0)
}
