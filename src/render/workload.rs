//! `cairn workload` as a table: a row per person, a column per week.

use crate::render::grid::{Grid, alarm};
use crate::render::term::Style;
use cairn_core::model::format_hours as h;
use cairn_core::ops::workload::Workload;
use cairn_core::text::escape::term;
use std::io::{Result, Write};

pub fn table(out: &mut dyn Write, w: &Workload, style: Style) -> Result<()> {
    let mut header = vec!["Person".to_owned()];
    if let Some(first) = w.people.first() {
        header.extend(
            first
                .weeks
                .iter()
                .map(|w| format!("{}\n{}", w.week, w.monday)),
        );
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut tb = Grid::new(&header);
    for p in &w.people {
        let mut row = vec![term(&p.id)];
        for w in &p.weeks {
            let flag = if w.over_capacity { " !" } else { "" };
            let demand = format!("{}/{}h{flag}", h(w.demand_hours), h(w.available_hours));
            row.push(format!(
                "{}\nplan {}h",
                alarm(style, &demand, w.over_capacity),
                h(w.planned_hours)
            ));
        }
        tb.row(row);
    }
    writeln!(out, "{}", tb.render(None))?;
    writeln!(
        out,
        "cells: demanded/available hours, then hours the forecast plans; ! = over capacity"
    )?;
    for p in &w.people {
        for wk in p.weeks.iter().filter(|w| w.over_capacity) {
            writeln!(
                out,
                "{} is over capacity in {}: {}h due, {}h available ({})",
                term(&p.id),
                wk.week,
                h(wk.demand_hours),
                h(wk.available_hours),
                wk.tasks.join(", ")
            )?;
        }
    }
    Ok(())
}
