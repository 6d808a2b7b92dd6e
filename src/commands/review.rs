//! `cairn review`.

use crate::context::Context;
use crate::error::CmdResult;
use crate::render::json::emit;
use crate::render::review::{MAX_COMMENT_CHARS, Places, markdown, md_code, text, truncate};
use cairn_core::analyze::review::{Review, Side};
use cairn_core::diag::Severity;
use cairn_core::ops::revisions::{SideInfo, load_two};
use cairn_core::text::escape::term;
use clap::{Args, ValueEnum};
use serde::Serialize;
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

#[derive(Serialize)]
struct SideJson<'a> {
    rev: Option<&'a str>,
    commit: Option<&'a str>,
    merge_base: bool,
    label: String,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    version: u32,
    today: jiff::civil::Date,
    base: SideJson<'a>,
    head: SideJson<'a>,
    /// What the `p85_*` dates stood on (with `--confidence`).
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<crate::render::forecast::OddsInfo<'a>>,
    #[serde(flatten)]
    review: &'a Review,
}

fn side_json(i: &SideInfo) -> SideJson<'_> {
    SideJson {
        rev: i.rev.as_deref(),
        commit: i.commit.as_deref(),
        merge_base: i.merge_base,
        label: i.label(|s| format!("`{s}`")),
    }
}

pub fn run(ctx: &Context, args: ReviewArgs, out: &mut dyn Write) -> CmdResult {
    let dir = ctx.source()?;
    let cache = ctx.parse_cache(&dir);
    let sides = load_two(
        &dir,
        &args.base,
        args.head.as_deref(),
        args.no_merge_base,
        cache,
    )?;
    // Odds on both sides from the same evidence and the same seed, so what moves is the
    // change, not the dice. `forecast.confidence` in cairn.yaml asks for them too.
    let evidence = args
        .odds
        .wanted(&sides.head.config)
        .then(|| cairn_core::ops::trends::evidence(&dir, &sides.head, ctx.today));
    let samples = args.odds.samples.unwrap_or(sides.head.config.samples);
    let odds = evidence.as_ref().map(|e| {
        let seed = args.odds.seed.unwrap_or_else(|| {
            cairn_core::analyze::schedule::confidence::default_seed(&sides.head, ctx.today)
        });
        (e, samples, seed)
    });
    let (base_side, head_side) = std::thread::scope(|s| {
        let base = s.spawn(|| Side::analyze_with(&sides.base, ctx.today, odds));
        let head = Side::analyze_with(&sides.head, ctx.today, odds);
        (base.join().expect("the analysis does not panic"), head)
    });
    let review = cairn_core::analyze::review::review(&base_side, &head_side, &sides.base_tip_tasks);
    let plain = |s: &str| format!("`{}`", term(s));
    match args.format {
        ReviewFormat::Json => {
            emit(
                out,
                &ReviewJson {
                    version: 1,
                    today: ctx.today,
                    base: side_json(&sides.base_info),
                    head: side_json(&sides.head_info),
                    confidence: head_side
                        .confidence
                        .as_ref()
                        .map(crate::render::forecast::odds_info),
                    review: &review,
                },
            )?;
        }
        ReviewFormat::Markdown => {
            let links = crate::render::ci::Links::from_env(sides.head_info.commit.as_deref());
            let text = markdown(
                &review,
                &sides.base_info.label(md_code),
                &sides.head_info.label(md_code),
                &Places {
                    prefix: &sides.prefix,
                    links: &links,
                    odds: head_side.confidence.as_ref(),
                },
            );
            out.write_all(truncate(&text, MAX_COMMENT_CHARS).as_bytes())?;
        }
        ReviewFormat::Table => {
            out.write_all(
                text(
                    &review,
                    &sides.base_info.label(plain),
                    &sides.head_info.label(plain),
                    &sides.prefix,
                )
                .as_bytes(),
            )?;
        }
    }
    // Two whole workspaces and their analyses: the process ends right after, and freeing
    // them piece by piece costs half a second on a big plan.
    std::mem::forget((base_side, head_side));
    std::mem::forget(sides);
    let fail = match (args.fail_on, review.worst_introduced()) {
        (FailOn::Never, _) | (_, None) => false,
        (FailOn::Warning, Some(_)) => true,
        (FailOn::Error, Some(s)) => s == Severity::Error,
    };
    Ok(u8::from(fail))
}
