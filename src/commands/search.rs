//! `cairn search`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::grid::Grid;
use crate::render::json::emit;
use cairn_core::model::FileKind;
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;

/// Full-text search over titles, bodies, discussions, meeting notes and decisions. Every
/// word must occur (case does not matter; "quoted words" are one phrase); a word in the
/// title counts most. Best matches first.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to look for.
    #[arg(required = true, num_args = 1.., value_name = "TEXT")]
    pub text: Vec<String>,
    /// Only these kinds of file.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kind: Vec<Kind>,
    /// At most N results.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Output format; json is documented in docs/json.md.
    #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
    pub format: SearchFormat,
    /// Only tasks the expression holds for.
    #[command(flatten)]
    pub filter: crate::args::WhereArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Task,
    Meeting,
    Decision,
    Project,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    Table,
    Json,
}

#[derive(Serialize)]
struct SearchJson<'a> {
    version: u32,
    query: &'a str,
    /// Matches in all (before --limit).
    total: usize,
    hits: &'a [cairn_core::ops::search::Hit],
}

pub fn run(ctx: &Context, args: SearchArgs, out: &mut dyn Write) -> CmdResult {
    let source = ctx.source()?;
    let query = args.text.join(" ");
    let kinds: Vec<FileKind> = args
        .kind
        .iter()
        .map(|k| match k {
            Kind::Task => FileKind::Task,
            Kind::Meeting => FileKind::Meeting,
            Kind::Decision => FileKind::Decision,
            Kind::Project => FileKind::Project,
        })
        .collect();
    let mut hits = cairn_core::ops::search::search(&source, &query, &kinds)
        .map_err(|e| CliError::from_error("cannot list the workspace", &e))?;
    if let Some(expr) = args.filter.expr.as_deref() {
        let ws = ctx.load_from(&source)?;
        let me = crate::args::WhereArgs::me(ctx, &ws, &[Some(expr)], None)?;
        let filter =
            cairn_core::ops::query::where_filter(&ws, Some(expr), ctx.today, me.as_deref())?;
        hits = cairn_core::ops::search::only_matching(hits, &ws, &filter);
    }
    let total = hits.len();
    hits.truncate(args.limit);
    if args.format == SearchFormat::Json {
        return emit(
            out,
            &SearchJson {
                version: 1,
                query: &query,
                total,
                hits: &hits,
            },
        );
    }
    if hits.is_empty() {
        writeln!(out, "nothing matches {}", term(&format!("`{query}`")))?;
        return Ok(0);
    }
    let mut grid = Grid::new(&["Kind", "ID", "Title", "Match"]).flex("Match");
    for h in &hits {
        grid.row(vec![
            h.kind.to_owned(),
            term(&h.id),
            term(&crate::render::grid::ellipsize(&h.title, 50)),
            term(&crate::render::grid::ellipsize(
                &format!("{}: {}", h.line, h.snippet),
                80,
            )),
        ]);
    }
    writeln!(out, "{}", grid.render(ctx.width))?;
    if total > hits.len() {
        writeln!(out, "{} more; --limit shows more", total - hits.len())?;
    }
    Ok(0)
}
