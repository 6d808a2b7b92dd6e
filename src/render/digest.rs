//! `cairn digest` as Markdown and as a Slack Block Kit payload. One list of sections,
//! drawn two ways; every piece of user text is escaped for where it goes.

use crate::render::review::{forecast_name, moved, shift, status_moved};
use cairn_core::analyze::review::TaskLine;
use cairn_core::ops::digest::Digest;
use cairn_core::text::escape::markdown;
use std::io::Write;

/// Slack's limits for a message: blocks, and characters in a section's text and in a
/// header.
pub const SLACK_MAX_BLOCKS: usize = 50;
pub const SLACK_MAX_SECTION: usize = 3000;
pub const SLACK_MAX_HEADER: usize = 150;

/// One section: a heading and its lines, each line a list of parts that are either
/// user text (escaped by the renderer) or cairn's own words.
struct Section {
    heading: String,
    lines: Vec<Vec<Part>>,
}

enum Part {
    /// Cairn's words (safe as they are).
    Words(String),
    /// Text from a file: escaped.
    Text(String),
    /// An id or path: code.
    Code(String),
}

fn people(p: &[String]) -> String {
    if p.is_empty() {
        "unassigned".into()
    } else {
        p.iter()
            .map(|x| format!("@{x}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn task_line(t: &TaskLine) -> Vec<Part> {
    vec![
        Part::Code(t.id.clone()),
        Part::Words(" ".into()),
        Part::Text(t.title.clone()),
        Part::Words(" (".into()),
        Part::Text(people(&t.assignees)),
        Part::Words(")".into()),
    ]
}

fn title(d: &Digest) -> String {
    let scope = match &d.project {
        Some(p) => format!("{} / {p}", d.name),
        None => d.name.clone(),
    };
    match (&d.window.since, &d.window.rev) {
        (Some(s), _) => format!("{scope}: {s} to {}", d.today),
        (None, Some(r)) => format!("{scope}: since {r}"),
        _ => format!("{scope}: to {}", d.today),
    }
}

fn intro(d: &Digest) -> String {
    let w = &d.window;
    let who = match w.authors.len() {
        0 => String::new(),
        1 => format!(" by {}", w.authors[0]),
        n => format!(" by {n} people"),
    };
    format!(
        "{} commit{}{who}; {} done, {} started, {} added.",
        w.commits,
        if w.commits == 1 { "" } else { "s" },
        d.done.len(),
        d.started.len(),
        d.added.len()
    )
}

fn sections(d: &Digest) -> Vec<Section> {
    let mut out = Vec::new();
    let mut tasks = |heading: &str, list: &[TaskLine]| {
        if !list.is_empty() {
            out.push(Section {
                heading: format!("{heading} ({})", list.len()),
                lines: list.iter().map(task_line).collect(),
            });
        }
    };
    tasks("Done", &d.done);
    tasks("Started", &d.started);
    tasks("Added", &d.added);
    if !d.milestones.is_empty() {
        out.push(Section {
            heading: format!("Milestones that moved ({})", d.milestones.len()),
            lines: d
                .milestones
                .iter()
                .map(|m| {
                    let mut l = vec![
                        Part::Code(forecast_name(m)),
                        Part::Words(" ".into()),
                        Part::Text(m.title.clone()),
                        Part::Words(format!(
                            ": forecast {} ({}), {}",
                            moved(m.forecast_before, m.forecast_after, |d| d
                                .map_or_else(|| "—".into(), |d| d.to_string())),
                            shift(m),
                            status_moved(m)
                        )),
                    ];
                    if !m.because.is_empty() {
                        l.push(Part::Words("; because ".into()));
                        l.push(Part::Text(m.because.join("; ")));
                    }
                    l
                })
                .collect(),
        });
    }
    if !d.overdue.is_empty() {
        out.push(Section {
            heading: format!("Overdue ({})", d.overdue.len()),
            lines: d
                .overdue
                .iter()
                .map(|t| {
                    vec![
                        Part::Code(t.id.clone()),
                        Part::Words(" ".into()),
                        Part::Text(t.title.clone()),
                        Part::Words(" (".into()),
                        Part::Text(people(&t.assignees)),
                        Part::Words(format!(
                            "), due {} ({} day{} ago)",
                            t.due,
                            t.days,
                            if t.days == 1 { "" } else { "s" }
                        )),
                    ]
                })
                .collect(),
        });
    }
    if !d.actions.is_empty() {
        out.push(Section {
            heading: format!("Action items due ({})", d.actions.len()),
            lines: d
                .actions
                .iter()
                .map(|a| {
                    vec![
                        Part::Text(a.text.clone()),
                        Part::Words(format!(
                            " — {} {} (",
                            if a.overdue { "overdue since" } else { "due" },
                            a.due
                        )),
                        Part::Text(a.meeting.clone()),
                        Part::Words(")".into()),
                    ]
                })
                .collect(),
        });
    }
    if !d.time_logged.is_empty() {
        let total: f64 = d.time_logged.values().sum();
        out.push(Section {
            heading: format!("Time logged ({}h)", cairn_core::model::format_hours(total)),
            lines: d
                .time_logged
                .iter()
                .map(|(p, h)| {
                    vec![
                        Part::Text(format!("@{p}")),
                        Part::Words(format!(" {}h", cairn_core::model::format_hours(*h))),
                    ]
                })
                .collect(),
        });
    }
    if !d.decisions.is_empty() {
        out.push(Section {
            heading: format!("Decisions ({})", d.decisions.len()),
            lines: d
                .decisions
                .iter()
                .map(|x| {
                    let mut l = vec![
                        Part::Code(x.id.clone()),
                        Part::Words(" ".into()),
                        Part::Text(x.title.clone()),
                        Part::Words(format!(": {}", x.status_after.map_or("—", |s| s.name()))),
                    ];
                    if let Some(c) = &x.chosen {
                        l.push(Part::Words(", chose ".into()));
                        l.push(Part::Text(c.clone()));
                    }
                    l
                })
                .collect(),
        });
    }
    out
}

fn md_line(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Words(w) => w.clone(),
            Part::Text(t) => markdown(t),
            Part::Code(c) => cairn_core::text::escape::code_span(c),
        })
        .collect()
}

pub fn markdown_page(d: &Digest, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "### {}\n", markdown(&title(d)))?;
    writeln!(out, "{}", markdown(&intro(d)))?;
    let all = sections(d);
    if all.is_empty() {
        writeln!(out, "\nA quiet week: nothing done, started, added or due.")?;
    }
    for s in all {
        writeln!(out, "\n#### {}\n", markdown(&s.heading))?;
        for l in &s.lines {
            writeln!(out, "- {}", md_line(l))?;
        }
    }
    Ok(())
}

/// Slack's `mrkdwn` needs only `&`, `<` and `>` escaped; `*`, `_` and `~` of user text
/// are shown as they are inside a zero-width-joined form so they cannot start bold or
/// strike-through.
fn slack_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '_' | '~' | '`' => {
                out.push('\u{200b}');
                out.push(c);
                out.push('\u{200b}');
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn slack_line(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Words(w) => slack_text(w),
            Part::Text(t) => slack_text(t),
            Part::Code(c) => format!("`{}`", slack_text(c).replace('`', "'")),
        })
        .collect()
}

/// `text` cut to at most `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// The Slack message: a header, the window as context, then a section per kind of news
/// (lines beyond a section's 3,000 characters are counted in "… and N more"), within 50
/// blocks.
pub fn slack_payload(d: &Digest) -> serde_json::Value {
    use serde_json::json;
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&title(d), SLACK_MAX_HEADER), "emoji": false}}),
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text": slack_text(&intro(d))}]}),
    ];
    let all = sections(d);
    let room = SLACK_MAX_BLOCKS - blocks.len() - 1;
    let shown = all.len().min(room);
    for s in &all[..shown] {
        let head = format!("*{}*", slack_text(&s.heading));
        let mut text = head.clone();
        let mut left = s.lines.len();
        for l in &s.lines {
            let line = format!("\n• {}", slack_line(l));
            let more = format!("\n… and {} more", left);
            // Keep room for the "more" line after this one.
            if text.chars().count() + line.chars().count() + more.chars().count() + 8
                > SLACK_MAX_SECTION
            {
                break;
            }
            text.push_str(&line);
            left -= 1;
        }
        if left > 0 {
            text.push_str(&format!("\n… and {left} more"));
        }
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&text, SLACK_MAX_SECTION)}}));
    }
    if all.len() > shown {
        blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": format!("… and {} more sections", all.len() - shown)}]}));
    }
    if all.is_empty() {
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": "A quiet week: nothing done, started, added or due."}}));
    }
    json!({"text": cut(&title(d), SLACK_MAX_HEADER), "blocks": blocks})
}

pub fn slack(d: &Digest, out: &mut dyn Write) -> std::io::Result<()> {
    let payload = slack_payload(d);
    serde_json::to_writer_pretty(&mut *out, &payload).map_err(std::io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_text_cannot_format_or_link() {
        assert_eq!(
            slack_text("<!channel> & *bold*"),
            "&lt;!channel&gt; &amp; \u{200b}*\u{200b}bold\u{200b}*\u{200b}"
        );
        assert_eq!(cut("abcdef", 4), "abc…");
    }
}
