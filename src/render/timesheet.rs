//! `cairn timesheet` as a table or CSV.

use crate::render::grid::Grid;
use crate::render::history::csv_field as field;
use cairn_core::model::format_hours;
use cairn_core::ops::timelog::{By, Timesheet};
use cairn_core::text::escape::term;
use std::io::Write;

pub fn csv(t: &Timesheet, out: &mut dyn Write) -> std::io::Result<()> {
    let key = match t.by {
        By::Day => "date",
        By::Task => "task",
    };
    write!(out, "person,{key},hours\r\n")?;
    for r in &t.rows {
        write!(
            out,
            "{},{},{}\r\n",
            field(&r.person),
            field(&r.key),
            format_hours(r.hours)
        )?;
    }
    Ok(())
}

pub fn table(t: &Timesheet, width: Option<usize>, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "time logged from {} to {}", t.from, t.to)?;
    if t.rows.is_empty() {
        return writeln!(out, "nothing logged");
    }
    let days: Vec<jiff::civil::Date> = (0..7)
        .filter_map(|i| t.from.checked_add(jiff::Span::new().days(i)).ok())
        .filter(|d| *d <= t.to)
        .collect();
    let week = t.by == By::Day && (t.to - t.from).get_days() < 7;
    if week {
        // One row per person, one column per day.
        let names: Vec<String> = days
            .iter()
            .map(|d| {
                const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
                let w = NAMES[usize::from(d.weekday().to_monday_zero_offset().unsigned_abs())];
                format!("{w} {:02}-{:02}", d.month(), d.day())
            })
            .collect();
        let mut header: Vec<&str> = vec!["Person"];
        header.extend(names.iter().map(String::as_str));
        header.push("Total");
        let mut g = Grid::new(&header);
        for (person, total) in &t.people {
            let mut row = vec![term(person)];
            for d in &days {
                let h: f64 = t
                    .rows
                    .iter()
                    .filter(|r| r.person == *person && r.key == d.to_string())
                    .map(|r| r.hours)
                    .sum();
                row.push(if h > 0.0 {
                    format_hours(h)
                } else {
                    String::new()
                });
            }
            row.push(format_hours(*total));
            g.row(row);
        }
        writeln!(out, "{}", g.render(width))?;
    } else {
        let key = if t.by == By::Day { "Day" } else { "Task" };
        let mut g = Grid::new(&["Person", key, "Hours"]);
        for r in &t.rows {
            g.row(vec![term(&r.person), term(&r.key), format_hours(r.hours)]);
        }
        writeln!(out, "{}", g.render(width))?;
        for (person, total) in &t.people {
            writeln!(out, "{}: {}h", term(person), format_hours(*total))?;
        }
    }
    writeln!(out, "total: {}h", format_hours(t.total))
}
