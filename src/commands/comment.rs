//! `cairn comment`.

use crate::apply::{Edit, finish};
use crate::args::{EditOpts, PEOPLE, TASKS};
use crate::context::Context;
use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Append `- <today> @PERSON: TEXT` under the task's `## Discussion`.
#[derive(Debug, Args)]
pub struct CommentArgs {
    #[arg(add = TASKS())]
    pub id: String,
    pub text: String,
    /// Who says it (a person id); default: CAIRN_USER, else the person whose `email:` is
    /// your git user.email.
    #[arg(long = "as", value_name = "PERSON", add = PEOPLE())]
    pub author: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn run(ctx: &Context, a: CommentArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.opts.wait.0, a.opts.dry_run)?;
    let author = ctx.me(&ws, source.root(), a.author.as_deref())?;
    let change = cairn_core::ops::edit::comment(&ws, &a.id, &author, &a.text, ctx.today)?;
    finish(ctx, &source, ws, Edit::diff(change), &a.opts, out, err)
}
