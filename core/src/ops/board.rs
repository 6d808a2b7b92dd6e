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
    /// The saved view shown (`board @release`), without its `@`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    pub columns: Vec<BoardColumn>,
}

/// What a board shows.
#[derive(Clone, Debug, Default)]
pub struct BoardQuery<'a> {
    pub project: Option<&'a str>,
    /// A saved view's name (`@release` without the `@`): its `where:` filters the cards.
    pub view: Option<&'a str>,
    /// `--where EXPR`.
    pub expr: Option<&'a str>,
    /// Who `@me` is, when known.
    pub me: Option<&'a str>,
    /// Most recently closed cards per done column.
    pub done: usize,
    /// Cancelled cards too.
    pub all: bool,
}

/// The board of one project (or all), of the cards a view and `--where` let through:
/// `done` most recently closed cards per done column, cancelled ones with `all`.
pub fn board<'a>(ws: &Workspace, q: &BoardQuery<'a>, today: Date) -> Result<Board<'a>, EditError> {
    let projects: Vec<String> = q.project.iter().map(|p| (*p).to_owned()).collect();
    super::query::validate_projects(ws, &projects)?;
    let scope = crate::analyze::filter::Scope { today, me: q.me };
    let mut filter = crate::analyze::filter::Filter::all();
    if let Some(name) = q.view
        && let Some(expr) = &super::list::view(ws, name)?.expr
    {
        filter = filter.and(super::query::compile(expr, ws, &scope)?);
    }
    if let Some(expr) = q.expr {
        filter = filter.and(super::query::compile(expr, ws, &scope)?);
    }
    Ok(Board {
        version: 1,
        project: q.project,
        view: q.view.map(str::to_owned),
        columns: crate::report::board(ws, today, &projects, &filter, q.done, q.all),
    })
}
