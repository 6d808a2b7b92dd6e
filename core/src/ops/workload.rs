//! `cairn workload`: hours per person per ISO week (available, planned by the forecast,
//! demanded by deadlines), as typed data whose serialization is the command's JSON.

use crate::analyze::schedule::{self, PersonLoad};
use crate::model::Workspace;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Serialize)]
pub struct Workload {
    pub version: u32,
    pub today: Date,
    pub people: Vec<PersonLoad>,
}

/// The `weeks` weeks from the current one.
pub fn workload(ws: &Workspace, weeks: u32, today: Date) -> Workload {
    let fc = schedule::forecast(ws, today);
    Workload {
        version: 1,
        today,
        people: schedule::workload(ws, &fc, weeks),
    }
}
