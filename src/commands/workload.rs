//! `cairn workload`.

use crate::context::Context;
use crate::error::CmdResult;
use crate::render::json::emit;
use cairn_core::analyze::schedule;
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

/// Hours per person per ISO week: available, planned by the forecast, and demanded by due
/// dates. A week whose demand exceeds what is available is over capacity (`!`).
#[derive(Debug, Args)]
pub struct WorkloadArgs {
    /// How many weeks, starting with the current one.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=104))]
    pub weeks: u32,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = WorkloadFormat::Table)]
    pub format: WorkloadFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WorkloadFormat {
    Table,
    Json,
}

pub fn run(ctx: &Context, args: WorkloadArgs, out: &mut dyn Write) -> CmdResult {
    let (_source, ws) = ctx.load()?;
    let fc = schedule::forecast(&ws, ctx.today);
    let load = schedule::workload(&ws, &fc, args.weeks);
    if args.format == WorkloadFormat::Json {
        #[derive(serde::Serialize)]
        struct WorkloadJson<'a> {
            version: u32,
            today: jiff::civil::Date,
            people: &'a [schedule::PersonLoad],
        }
        return emit(
            out,
            &WorkloadJson {
                version: 1,
                today: ctx.today,
                people: &load,
            },
        );
    }
    let mut tb = Table::new();
    tb.load_preset(UTF8_FULL_CONDENSED);
    let mut header = vec!["Person".to_owned()];
    if let Some(first) = load.first() {
        header.extend(
            first
                .weeks
                .iter()
                .map(|w| format!("{}\n{}", w.week, w.monday)),
        );
    }
    tb.set_header(header);
    for p in &load {
        let mut row = vec![term(&p.id)];
        for w in &p.weeks {
            let flag = if w.over_capacity { " !" } else { "" };
            let h = cairn_core::model::format_hours;
            let demand = format!("{}/{}h{flag}", h(w.demand_hours), h(w.available_hours));
            row.push(format!(
                "{}\nplan {}h",
                crate::render::grid::alarm(ctx.style, &demand, w.over_capacity),
                h(w.planned_hours)
            ));
        }
        tb.add_row(row);
    }
    writeln!(out, "{tb}")?;
    writeln!(
        out,
        "cells: demanded/available hours, then hours the forecast plans; ! = over capacity"
    )?;
    for p in &load {
        for w in p.weeks.iter().filter(|w| w.over_capacity) {
            writeln!(
                out,
                "{} is over capacity in {}: {}h due, {}h available ({})",
                term(&p.id),
                w.week,
                cairn_core::model::format_hours(w.demand_hours),
                cairn_core::model::format_hours(w.available_hours),
                w.tasks.join(", ")
            )?;
        }
    }
    Ok(0)
}
