//! `cairn init`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::load::CONFIG_FILE;
use clap::Args;
use std::io::Write;

/// Create a workspace here: cairn.yaml and the four folders, with a sample project, task,
/// meeting and decision. All or nothing; refuses to touch an existing workspace.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The workspace's name (default: the folder's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Only cairn.yaml and the four empty folders: no sample project, task, meeting,
    /// decision or person.
    #[arg(long)]
    pub bare: bool,
}

pub fn run(ctx: &Context, args: InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let dir = &ctx.dir;
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::from_error(format!("cannot create {}", dir.display()), &e))?;
    if dir.join(CONFIG_FILE).exists() {
        return Err(
            CliError::new(format!("{} already holds a cairn workspace", dir.display()))
                .hint("nothing was changed"),
        );
    }
    let name = args.name.unwrap_or_else(|| {
        dir.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "My team".into())
    });
    let change = if args.bare {
        cairn_core::ops::new::bare_workspace(&name)?
    } else {
        cairn_core::ops::new::workspace(&name, ctx.today)?
    };
    let lock = ctx
        .state(dir)?
        .lock(std::time::Duration::from_secs(10))
        .map_err(|e| CliError::of(&e))?;
    change.commit(&lock).map_err(|e| {
        CliError::from_error(
            format!("cannot create the workspace in {}", dir.display()),
            &e,
        )
        .hint("nothing was written")
    })?;
    for f in &change.files {
        writeln!(out, "{}", f.path)?;
    }
    if !ctx.quiet {
        writeln!(
            err,
            "created workspace {name:?}; try `cairn check` and `cairn list`"
        )?;
    }
    Ok(0)
}
