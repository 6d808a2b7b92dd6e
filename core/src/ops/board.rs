//! `cairn board`: a column per workflow status with its cards, as typed data whose
//! serialization is the command's JSON (docs/json.md).

use super::edit::EditError;
use crate::model::Workspace;
use crate::report::BoardColumn;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Serialize)]
pub struct Board<'a> {
    pub version: u32,
    pub project: Option<&'a str>,
    pub columns: Vec<BoardColumn>,
}

/// The board of one project (or all): `done` most recently closed cards per done column,
/// cancelled ones with `all`.
pub fn board<'a>(
    ws: &Workspace,
    project: Option<&'a str>,
    done: usize,
    all: bool,
    today: Date,
) -> Result<Board<'a>, EditError> {
    let projects: Vec<String> = project.iter().map(|p| (*p).to_owned()).collect();
    super::query::validate_projects(ws, &projects)?;
    Ok(Board {
        version: 1,
        project,
        columns: crate::report::board(ws, today, &projects, done, all),
    })
}
