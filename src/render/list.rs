//! `cairn list` and `cairn actions` as tables (or tab-separated values): one grid per kind
//! of row, the task grid with the columns asked for.

use crate::render::grid::{Grid, alarm};
use crate::render::term::Style;
use cairn_core::model::Config;
use cairn_core::ops::list::{ActionRow, DecisionRow, MeetingRow, PersonRow, ProjectRow, TaskRow};
use cairn_core::text::escape::term;
/// A column of the task table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    Id,
    Status,
    Priority,
    Assignee,
    Due,
    Project,
    Milestone,
    Estimate,
    Tags,
    Forecast,
    Updated,
    File,
    Title,
    /// A team's own `x-…` field.
    Field(String),
}

/// `--columns` values: the names above (any case), or an `x-…` field.
pub fn column_arg(s: &str) -> Result<Column, String> {
    let c = match s.trim().to_ascii_lowercase().as_str() {
        "id" => Column::Id,
        "status" => Column::Status,
        "priority" => Column::Priority,
        "assignee" => Column::Assignee,
        "due" => Column::Due,
        "project" => Column::Project,
        "milestone" => Column::Milestone,
        "estimate" => Column::Estimate,
        "tags" => Column::Tags,
        "forecast" => Column::Forecast,
        "updated" => Column::Updated,
        "file" => Column::File,
        "title" => Column::Title,
        // A team's field: declared in cairn.yaml (checked once the workspace is loaded)
        // or an `x-…` key.
        x if cairn_core::model::is_slug(x) => Column::Field(s.trim().to_owned()),
        other => {
            return Err(format!(
                "`{other}` is not a column: id, status, priority, assignee, due, project, milestone, estimate, tags, forecast, updated, file, title, or a team's field"
            ));
        }
    };
    Ok(c)
}

impl Column {
    fn header(&self) -> &str {
        match self {
            Column::Field(name) => name,
            Column::Id => "ID",
            Column::Status => "Status",
            Column::Priority => "Pri",
            Column::Assignee => "Assignee",
            Column::Due => "Due",
            Column::Project => "Project",
            Column::Milestone => "Milestone",
            Column::Estimate => "Estimate",
            Column::Tags => "Tags",
            Column::Forecast => "Forecast",
            Column::Updated => "Updated",
            Column::File => "File",
            Column::Title => "Title",
        }
    }
}

/// The task columns shown when none are asked for.
pub const DEFAULT_COLUMNS: [Column; 7] = [
    Column::Id,
    Column::Status,
    Column::Priority,
    Column::Assignee,
    Column::Due,
    Column::Project,
    Column::Title,
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A day in the machine's time zone from seconds since the epoch.
fn local_day(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|ts| {
            jiff::tz::TimeZone::system()
                .to_datetime(ts)
                .date()
                .to_string()
        })
        .unwrap_or_default()
}

pub fn tasks(rows: &[TaskRow<'_>], columns: &[Column], config: &Config, style: Style) -> Grid {
    let headers: Vec<&str> = columns.iter().map(|c| c.header()).collect();
    let mut grid = Grid::new(&headers).flex("Title");
    for t in rows {
        let cells = columns
            .iter()
            .map(|c| match c {
                Column::Id => term(t.id),
                Column::Status => term(t.status),
                Column::Priority => t.priority.name().to_owned(),
                Column::Assignee => term(&t.assignees.join(", ")),
                Column::Due => match t.due {
                    Some(d) if t.overdue => alarm(style, &format!("{d} !"), true),
                    Some(d) => d.to_string(),
                    None => String::new(),
                },
                Column::Project => match (t.project, t.milestone) {
                    (Some(p), Some(m)) if !columns.contains(&Column::Milestone) => {
                        term(&format!("{p}/{m}"))
                    }
                    (Some(p), _) => term(p),
                    _ => String::new(),
                },
                Column::Milestone => term(t.milestone.unwrap_or_default()),
                Column::Estimate => t
                    .estimate_hours
                    .map(|h| config.format_effort(h))
                    .unwrap_or_default(),
                Column::Tags => term(&t.tags.join(", ")),
                Column::Forecast => t
                    .forecast_finish
                    .map(|f| alarm(style, &f.to_string(), t.late))
                    .unwrap_or_default(),
                Column::Updated => t.updated.map(local_day).unwrap_or_default(),
                Column::File => term(t.file),
                Column::Title => term(t.title),
                Column::Field(name) => t
                    .fields
                    .iter()
                    .find(|e| e.name == *name)
                    .map(|e| term(&e.value.text()))
                    .unwrap_or_default(),
            })
            .collect();
        grid.row(cells);
    }
    grid
}

pub fn meetings(rows: &[MeetingRow<'_>]) -> Grid {
    let mut grid =
        Grid::new(&["Date", "ID", "Series", "Project", "Open actions", "Title"]).flex("Title");
    for m in rows {
        grid.row(vec![
            opt(m.date),
            term(m.id),
            term(m.series.unwrap_or("")),
            term(m.project.unwrap_or_default()),
            format!("{}/{}", m.open_actions, m.actions),
            term(m.title),
        ]);
    }
    grid
}

pub fn decisions(rows: &[DecisionRow<'_>]) -> Grid {
    let mut grid = Grid::new(&["ID", "Status", "Date", "Project", "Chosen", "Title"]).flex("Title");
    for d in rows {
        grid.row(vec![
            term(d.id),
            d.status.name().to_owned(),
            opt(d.date),
            term(d.project.unwrap_or_default()),
            term(d.chosen.unwrap_or_default()),
            term(d.title),
        ]);
    }
    grid
}

pub fn projects(rows: &[ProjectRow<'_>]) -> Grid {
    let mut grid = Grid::new(&[
        "ID", "Status", "Owner", "Due", "Open", "Active", "Done", "Title",
    ])
    .flex("Title");
    for p in rows {
        grid.row(vec![
            term(p.id),
            p.status.name().to_owned(),
            term(p.owner.unwrap_or_default()),
            opt(p.due),
            p.tasks.open.to_string(),
            p.tasks.active.to_string(),
            p.tasks.done.to_string(),
            term(p.title),
        ]);
    }
    grid
}

pub fn people(rows: &[PersonRow<'_>]) -> Grid {
    let mut grid = Grid::new(&["ID", "Name", "Capacity", "Open tasks", "Time off"]);
    for p in rows {
        let off: Vec<String> = p
            .time_off_days
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}..{b}")
                }
            })
            .collect();
        grid.row(vec![
            term(p.id),
            term(p.name),
            format!("{}%", cairn_core::model::format_hours(p.capacity * 100.0)),
            p.open_tasks.to_string(),
            off.join(", "),
        ]);
    }
    grid
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

pub fn actions(rows: &[ActionRow<'_>], style: Style) -> Grid {
    let mut grid = Grid::new(&["Meeting", "#", "Person", "Due", "Done", "Text"]).flex("Text");
    for a in rows {
        let people: Vec<String> = a.people.iter().map(|p| format!("@{p}")).collect();
        let due = opt(a.due);
        grid.row(vec![
            term(a.meeting),
            a.number.to_string(),
            term(&people.join(" ")),
            if a.overdue {
                alarm(style, &format!("{due} !"), true)
            } else {
                due
            },
            match (a.carried_to, a.done) {
                (Some(_), _) => "carried".to_owned(),
                (None, true) => "yes".to_owned(),
                (None, false) => String::new(),
            },
            term(&bare_text(a.text)),
        ]);
    }
    grid
}

/// A grid for a terminal (or `no … match`), or as tab-separated values.
pub fn print(
    out: &mut dyn std::io::Write,
    grid: &Grid,
    tsv: bool,
    what: &str,
    width: Option<usize>,
) -> std::io::Result<()> {
    if tsv {
        out.write_all(grid.tsv().as_bytes())
    } else if grid.is_empty() {
        writeln!(out, "no {what} match")
    } else {
        writeln!(out, "{}", grid.render(width))
    }
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
