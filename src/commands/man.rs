//! `cairn man`: manual pages generated from the clap definition, one per command, with
//! the sections clap does not know: exit status, environment, files, see also.

use crate::error::{CliError, CmdResult};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Print a manual page (roff), or write one per command with --dir:
/// `cairn man --dir /usr/local/share/man/man1` writes cairn.1, cairn-check.1, ...
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`cairn man check`); default: cairn(1).
    pub command: Option<String>,
    /// Write every page into DIR (cairn.1 and cairn-<command>.1 for each command).
    #[arg(
        long = "dir",
        id = "man_dir",
        value_name = "DIR",
        conflicts_with = "command"
    )]
    pub out_dir: Option<PathBuf>,
}

pub fn run(args: ManArgs, cmd: clap::Command, out: &mut dyn Write) -> CmdResult {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut all = Vec::new();
    crate::render::man::pages(&cmd, "cairn", &mut all);
    let names: Vec<String> = all.iter().map(|(n, _)| n.clone()).collect();
    if let Some(dir) = args.out_dir {
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::from_error(format!("cannot create {}", dir.display()), &e))?;
        for (name, c) in all {
            let path = dir.join(format!("{name}.1"));
            let mut page = Vec::new();
            crate::render::man::render(&name, c, &names, &mut page)?;
            cairn_core::ops::write::write_if_changed(&path, &page).map_err(|e| {
                CliError::from_error(format!("cannot write {}", path.display()), &e)
            })?;
            writeln!(out, "{}", path.display())?;
        }
        return Ok(0);
    }
    let wanted = match &args.command {
        Some(c) => format!("cairn-{}", c.replace(' ', "-")),
        None => "cairn".into(),
    };
    let Some((name, c)) = all.into_iter().find(|(n, _)| *n == wanted) else {
        return Err(
            CliError::new(format!("no command `{}`", args.command.unwrap_or_default())).maybe_hint(
                cairn_core::diag::did_you_mean(&wanted, names.iter().map(String::as_str)).map(
                    |s| {
                        format!(
                            "did you mean `cairn man {}`?",
                            s.trim_start_matches("cairn-").replace('-', " ")
                        )
                    },
                ),
            ),
        );
    };
    crate::render::man::render(&name, c, &names, out)?;
    Ok(0)
}
