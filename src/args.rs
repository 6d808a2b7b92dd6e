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

/// Flags every edit takes.
#[derive(Debug, Args)]
pub struct EditOpts {
    /// Print the change as a diff (which `git apply` accepts) instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// How to report the change: the diff, or JSON (docs/json.md).
    #[arg(long, value_enum, default_value_t = EditFormat::Diff)]
    pub format: EditFormat,
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
