//! `cairn fetch`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use clap::{Args, ValueEnum};
use std::io::Write;

/// Update the copies of a portfolio's `git` members: a bare clone of each, kept in cairn's
/// state directory (in the git directory), brought up to date with `git fetch`. Nothing
/// else cairn does touches the network. Exit 1 when a member could not be fetched (the
/// others are still updated).
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Output format: a line per member, or json.
    #[arg(long, value_enum, default_value_t = FetchFormat::Text)]
    pub format: FetchFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FetchFormat {
    Text,
    Json,
}

pub fn run(ctx: &Context, a: FetchArgs, out: &mut dyn Write) -> CmdResult {
    let source = ctx.source()?;
    let ws = ctx.load_from(&source)?;
    if ws.config.portfolio.is_empty() {
        return Err(
            CliError::new("cairn.yaml lists no `portfolio:` members").hint(
                "a portfolio lists its members: `portfolio: [{name: web, git: <url>, ref: main}]`",
            ),
        );
    }
    let state = ctx.state(source.root())?;
    let fetched = cairn_core::ops::portfolio::fetch(&ws, source.root(), state.path());
    let failed = fetched.iter().any(|f| f.error.is_some());
    if a.format == FetchFormat::Json {
        crate::render::json::emit(out, &serde_json::json!({"version": 1, "members": fetched}))?;
    } else {
        if fetched.is_empty() {
            writeln!(
                out,
                "no `git` members to fetch (`path` members are read where they are)"
            )?;
        }
        for f in &fetched {
            match (&f.commit, &f.error) {
                (Some(c), None) => writeln!(out, "{}: {} at {c}", f.name, f.url)?,
                (_, Some(e)) => writeln!(
                    out,
                    "{}: could not fetch {}: {}",
                    f.name,
                    f.url,
                    cairn_core::text::escape::term(e)
                )?,
                (None, None) => {}
            }
        }
    }
    Ok(u8::from(failed))
}
