//! `cairn inbox` as text and Markdown: one section per kind of news, newest first.

use crate::render::term::Style;
use cairn_core::ops::inbox::{Inbox, Item, Kind};
use cairn_core::text::escape::{code_span, markdown as md, term};
use std::io::Write;

const ORDER: [Kind; 6] = [
    Kind::Assigned,
    Kind::Changed,
    Kind::Mention,
    Kind::Forecast,
    Kind::Action,
    Kind::Decision,
];

/// `since 2026-11-21 (the last 7 days)`, `since you marked it seen on 2026-11-27`.
fn since(i: &Inbox) -> String {
    match (i.since.from, i.since.date, &i.since.commit) {
        ("first-run", Some(d), _) => format!("since {d} (the last 7 days)"),
        ("seen", Some(d), _) => format!("since you marked it seen on {d}"),
        (_, Some(d), _) => format!("since {d}"),
        ("rev", None, Some(c)) => format!(
            "since {} ({})",
            i.since.rev.as_deref().unwrap_or(""),
            &c[..c.len().min(7)]
        ),
        (_, None, Some(c)) => format!("since {}", &c[..c.len().min(7)]),
        _ => "in the whole history".to_owned(),
    }
}

fn origin(it: &Item) -> String {
    match (&it.commit, &it.author, it.date) {
        (Some(c), Some(a), Some(d)) => format!("{c} by {a}, {d}"),
        _ => String::new(),
    }
}

fn heading_line(i: &Inbox) -> String {
    let n = i.items.len();
    format!(
        "inbox of {} ({}): {n} item{} {}",
        i.name,
        i.person,
        if n == 1 { "" } else { "s" },
        since(i)
    )
}

pub fn text(i: &Inbox, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    if i.items.is_empty() {
        writeln!(out, "nothing new {}", since(i))?;
    } else {
        writeln!(out, "{}", style.bold(&term(&heading_line(i))))?;
    }
    for kind in ORDER {
        let items: Vec<&Item> = i.items.iter().filter(|x| x.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        writeln!(out, "\n{}", style.bold(kind.heading()))?;
        for it in items {
            let what = match &it.id {
                Some(id) if !it.title.is_empty() => format!("{} {}: ", term(id), term(&it.title)),
                _ => String::new(),
            };
            writeln!(out, "  {what}{}", term(&it.text))?;
            let from = origin(it);
            let at = format!("{}:{}", term(&it.file), it.line);
            if from.is_empty() {
                writeln!(out, "    {}", style.blue(&at))?;
            } else {
                writeln!(out, "    {}  ({})", style.blue(&at), term(&from))?;
            }
        }
    }
    if i.truncated {
        writeln!(
            out,
            "\n(only the newest {} commits were read)",
            cairn_core::ops::inbox::MAX_COMMITS
        )?;
    }
    if i.marked_seen {
        writeln!(out, "\nmarked seen: the next inbox starts from here")?;
    }
    Ok(())
}

pub fn markdown_page(i: &Inbox, out: &mut dyn Write) -> std::io::Result<()> {
    if i.items.is_empty() {
        return writeln!(out, "Nothing new {}.", md(&since(i)));
    }
    writeln!(out, "### {}", md(&heading_line(i)))?;
    for kind in ORDER {
        let items: Vec<&Item> = i.items.iter().filter(|x| x.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        writeln!(out, "\n#### {}\n", kind.heading())?;
        for it in items {
            let what = match &it.id {
                Some(id) if !it.title.is_empty() => {
                    format!("**{}** {}: ", md(id), md(&it.title))
                }
                _ => String::new(),
            };
            let from = origin(it);
            let at = code_span(&format!("{}:{}", it.file, it.line));
            if from.is_empty() {
                writeln!(out, "- {what}{} ({at})", md(&it.text))?;
            } else {
                writeln!(out, "- {what}{} ({at}, {})", md(&it.text), md(&from))?;
            }
        }
    }
    Ok(())
}
