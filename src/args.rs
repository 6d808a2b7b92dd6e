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
