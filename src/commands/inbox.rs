//! `cairn inbox`.

use crate::args::PEOPLE;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::ops::inbox::{self, Request, Since};
use clap::{Args, ValueEnum};
use std::io::Write;

/// What changed for you since you last looked: tasks assigned to you, changes others made
/// to your tasks, `@mentions`, your forecasts that moved (and why), action items due and
/// decisions waiting for you. Read from git history; newest first.
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// Whose inbox (a person id); default: CAIRN_USER, else the person whose `email:` is
    /// your git user.email.
    #[arg(long = "as", value_name = "PERSON", add = PEOPLE())]
    pub person: Option<String>,
    /// Start here instead of where you last marked it seen (a date such as 2026-11-20 or
    /// `-2w`, or a revision); the first run starts 7 days ago.
    #[arg(long, value_name = "DATE|REV")]
    pub since: Option<String>,
    /// Remember this run: the next one starts from here (kept in cairn's state in the git
    /// directory, never in the working tree).
    #[arg(long)]
    pub mark_seen: bool,
    /// Output format; json is documented in docs/json.md.
    #[arg(long, value_enum, default_value_t = InboxFormat::Text)]
    pub format: InboxFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InboxFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(ctx: &Context, a: InboxArgs, out: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let me = ctx.me(&ws, source.root(), a.person.as_deref())?;
    let since = match a.since.as_deref() {
        None => Since::Seen,
        Some(s) => match cairn_core::text::fields::parse_date_relative(s, ctx.today) {
            Ok(d) => Since::Date(d),
            Err(_) => Since::Rev(s.to_owned()),
        },
    };
    let state = ctx.state(source.root()).ok();
    let req = Request {
        person: &me,
        since,
        today: ctx.today,
        mark_seen: a.mark_seen,
        state: state.as_ref(),
    };
    let cache = ctx.parse_cache(&source);
    let inbox = inbox::inbox(&source, &ws, &req, cache)
        .map_err(|e| CliError::from_error("cannot read the inbox", &e))?;
    match a.format {
        InboxFormat::Json => return crate::render::json::emit(out, &inbox),
        InboxFormat::Text => crate::render::inbox::text(&inbox, ctx.style, out)?,
        InboxFormat::Markdown => crate::render::inbox::markdown_page(&inbox, out)?,
    }
    Ok(0)
}
