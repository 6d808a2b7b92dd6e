//! Arguments several commands share: edit options and the completers of ids.

use clap::{Args, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

/// Dynamic completion of task ids (see `complete`).
#[allow(non_snake_case)]
pub fn TASKS() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::task_ids)
}

/// Dynamic completion of people.
#[allow(non_snake_case)]
pub fn PEOPLE() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::people)
}

/// Dynamic completion of project ids.
#[allow(non_snake_case)]
pub fn PROJECTS() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::projects)
}

/// Dynamic completion of statuses (the workflow's and the categories).
#[allow(non_snake_case)]
pub fn STATUSES() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::statuses)
}

/// Dynamic completion of meeting ids.
#[allow(non_snake_case)]
pub fn MEETINGS() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::meetings)
}

/// Dynamic completion of decision ids.
#[allow(non_snake_case)]
pub fn DECISIONS() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::decisions)
}

/// Dynamic completion of any id `show` and `set` take: tasks, projects, decisions,
/// meetings (and people for `show`).
#[allow(non_snake_case)]
pub fn ANY_ID() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::any_id)
}

/// `--where EXPR` and who `@me` is in it.
#[derive(Clone, Debug, Default, Args)]
pub struct WhereArgs {
    /// Only tasks the expression holds for, such as `risk = high and due < +2w and
    /// assignee in (ann, bob) and not status = done` (docs/format.md, "Filters").
    #[arg(long = "where", value_name = "EXPR")]
    pub expr: Option<String>,
}

impl WhereArgs {
    /// Who `@me` is, found only when one of the expressions names `@me` (the identity
    /// rule: `flag` (`--as`), else `CAIRN_USER`, else git's user.email).
    pub fn me(
        ctx: &crate::context::Context,
        ws: &cairn_core::model::Workspace,
        exprs: &[Option<&str>],
        flag: Option<&str>,
    ) -> Result<Option<String>, crate::error::CliError> {
        if !exprs.iter().flatten().any(|e| e.contains("@me")) {
            return Ok(None);
        }
        let root = ctx.workspace_root()?;
        ctx.me(ws, &root, flag).map(Some)
    }
}

/// Flags every edit takes.
#[derive(Clone, Debug, Args)]
pub struct EditOpts {
    /// Print the change as a diff (which `git apply` accepts) instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// How to report the change: the diff, or JSON (docs/json.md).
    #[arg(long, value_enum, default_value_t = EditFormat::Diff)]
    pub format: EditFormat,
    /// How long to wait for another cairn command that is changing the workspace
    /// (`10s`, `2m`, `0` not at all); the edit reads the files once it has the workspace.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = wait_arg)]
    pub wait: WaitArg,
}

/// A `--wait` duration.
#[derive(Clone, Copy, Debug)]
pub struct WaitArg(pub std::time::Duration);

/// `10s`, `500ms`, `2m`, or a bare number of seconds; at most an hour.
pub fn wait_arg(s: &str) -> Result<WaitArg, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (try 10s, 500ms or 2m)"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        _ => return Err(format!("`{s}` is not a duration (try 10s, 500ms or 2m)")),
    };
    if !(0.0..=3600.0).contains(&secs) {
        return Err("a wait of at most an hour".into());
    }
    Ok(WaitArg(std::time::Duration::from_secs_f64(secs)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EditFormat {
    Diff,
    Json,
}

/// A date on the command line: `2026-12-04`, or relative to `--today` (`friday`, `+3d`,
/// `next week`; see `parse_date_relative`). Checked when parsed, resolved when run.
#[derive(Clone, Debug)]
pub struct DateArg(String);

/// The value parser of [`DateArg`].
pub fn date_arg(s: &str) -> Result<DateArg, String> {
    // Any day shows whether the words make a date.
    cairn_core::text::fields::parse_date_relative(s, jiff::civil::date(2026, 1, 1))
        .map(|_| DateArg(s.to_owned()))
}

impl DateArg {
    pub fn resolve(&self, today: jiff::civil::Date) -> jiff::civil::Date {
        cairn_core::text::fields::parse_date_relative(&self.0, today).unwrap_or(today)
    }
}

/// `--confidence`: the forecast's odds from a simulation over the team's history.
#[derive(Debug, Args, Clone, Copy)]
pub struct OddsArgs {
    /// Add the dates each milestone and project meets with 50%, 85% and 95% odds: the
    /// plan placed again `--samples` times, each task's remaining work divided by a
    /// velocity (estimate ÷ actual) drawn from its assignee's finished tasks in git.
    #[arg(long)]
    pub confidence: bool,
    /// Runs of the simulation (default: `forecast.samples` in cairn.yaml, else 500);
    /// implies --confidence.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(10..=100_000))]
    pub samples: Option<u32>,
    /// The random seed (default: a hash of the workspace's files and today, so the same
    /// plan gives the same dates); implies --confidence.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

impl OddsArgs {
    /// What the flags ask of the odds.
    pub fn request(&self) -> cairn_core::ops::odds::OddsRequest {
        cairn_core::ops::odds::OddsRequest {
            asked: self.confidence,
            samples: self.samples,
            seed: self.seed,
        }
    }
}

// `cairn list`'s arguments (what, and the order of tasks), shared with its parser.

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    Id,
    /// Soonest due first, undated last.
    Due,
    /// Most urgent first.
    Priority,
    /// Soonest forecast finish first.
    Forecast,
    /// Most recently changed file first.
    Updated,
}

/// What to list, or a saved view (`@my-week`: tasks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatArg {
    pub what: What,
    pub view: Option<String>,
}

pub fn what_arg(s: &str) -> Result<WhatArg, String> {
    if let Some(view) = s.strip_prefix('@') {
        return Ok(WhatArg {
            what: What::Tasks,
            view: Some(view.to_owned()),
        });
    }
    <What as ValueEnum>::from_str(s, true)
        .map(|what| WhatArg { what, view: None })
        .map_err(|_| {
            format!("`{s}` is not tasks, meetings, decisions, projects, actions, people or @VIEW")
        })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    Tasks,
    Meetings,
    Decisions,
    Projects,
    Actions,
    People,
}

impl SortBy {
    /// The library's order.
    pub fn order(self) -> cairn_core::ops::query::TaskOrder {
        use cairn_core::ops::query::TaskOrder;
        match self {
            SortBy::Id => TaskOrder::Id,
            SortBy::Due => TaskOrder::Due,
            SortBy::Priority => TaskOrder::Priority,
            SortBy::Forecast => TaskOrder::Forecast,
            SortBy::Updated => TaskOrder::Updated,
        }
    }
}

impl What {
    /// The library's kind.
    pub fn kind(self) -> cairn_core::ops::list::What {
        use cairn_core::ops::list;
        match self {
            What::Tasks => list::What::Tasks,
            What::Meetings => list::What::Meetings,
            What::Decisions => list::What::Decisions,
            What::Projects => list::What::Projects,
            What::Actions => list::What::Actions,
            What::People => list::What::People,
        }
    }
}
