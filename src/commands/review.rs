//! `cairn review`.

use crate::context::Context;
use crate::error::CmdResult;
use crate::render::json::emit;
use crate::render::review::{MAX_COMMENT_CHARS, Places, markdown, md_code, text, truncate};
use cairn_core::diag::Severity;
use cairn_core::ops::revisions::load_two;
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use std::io::Write;

/// What a change does to the plan, as Markdown for a pull-request comment: tasks added,
/// closed and changed, milestone forecasts that move, decisions and meetings, and the
/// findings the change introduces or fixes. Reads both revisions straight from git.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The branch the change goes into (`origin/main`); the review starts from the merge
    /// base of BASE and HEAD, as a three-dot diff does.
    pub base: String,
    /// The revision with the change; default: the working tree (uncommitted edits
    /// included).
    pub head: Option<String>,
    /// Compare BASE itself, not the merge base.
    #[arg(long)]
    pub no_merge_base: bool,
    /// Output format; json is documented in docs/json.md
    #[arg(long, value_enum, default_value_t = ReviewFormat::Markdown)]
    pub format: ReviewFormat,
    /// Exit 1 when the change introduces a finding of this severity or worse.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub odds: crate::args::OddsArgs,
    /// With `--portfolio PATH`: which member this workspace is (default: the `path` member
    /// whose folder this is). The review then says what the change moves in the other
    /// members too.
    #[arg(long, value_name = "NAME", requires = "portfolio")]
    pub member: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    Markdown,
    Json,
    /// Plain text for a terminal.
    Table,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

pub fn run(ctx: &Context, args: ReviewArgs, out: &mut dyn Write) -> CmdResult {
    let dir = ctx.source()?;
    let cache = ctx.parse_cache(&dir);
    let base = &args.base;
    let mut sides = load_two(&dir, base, args.head.as_deref(), args.no_merge_base, cache)?;
    // In a portfolio: both sides as the whole portfolio, this member at each revision.
    if let Some(pf) = &ctx.portfolio {
        let base_ws = std::mem::take(&mut sides.base);
        let head_ws = std::mem::take(&mut sides.head);
        let member = args.member.as_deref();
        sides.base = ctx.portfolio_with(pf, dir.root(), member, base_ws)?;
        sides.head = ctx.portfolio_with(pf, dir.root(), member, head_ws)?;
    }
    let odds = args.odds.request().settle(&dir, &sides.head, ctx.today);
    let mut reviewed = cairn_core::ops::revisions::review(&sides, ctx.today, odds.as_ref());
    cairn_core::ops::revisions::add_earned_value(&dir, &sides, &mut reviewed, ctx.today);
    let review = &reviewed.review;
    match args.format {
        ReviewFormat::Json => {
            emit(out, &reviewed.json(&sides, ctx.today))?;
        }
        ReviewFormat::Markdown => {
            let links = ctx.ci.links(sides.head_info.commit.as_deref());
            let odds = reviewed
                .head
                .confidence
                .as_ref()
                .map(cairn_core::ops::odds::info);
            let text = markdown(
                review,
                &sides.base_info.label(md_code),
                &sides.head_info.label(md_code),
                &Places {
                    prefix: &sides.prefix,
                    links: &links,
                    odds: odds.as_ref(),
                },
            );
            out.write_all(truncate(&text, MAX_COMMENT_CHARS).as_bytes())?;
        }
        ReviewFormat::Table => {
            let plain = |s: &str| format!("`{}`", term(s));
            let base = sides.base_info.label(plain);
            let head = sides.head_info.label(plain);
            out.write_all(text(review, &base, &head, &sides.prefix).as_bytes())?;
        }
    }
    let fail = match (args.fail_on, review.worst_introduced()) {
        (FailOn::Never, _) | (_, None) => false,
        (FailOn::Warning, Some(_)) => true,
        (FailOn::Error, Some(s)) => s == Severity::Error,
    };
    // Two whole workspaces and their analyses: the process ends right after, and freeing
    // them piece by piece costs half a second on a big plan.
    std::mem::forget(reviewed);
    std::mem::forget(sides);
    Ok(u8::from(fail))
}
