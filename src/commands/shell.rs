//! `completions` and `man`: generated from the clap definition, so they never drift from
//! the real flags.

use crate::cli::{Cli, CmdResult, Context};
use clap::{Args, CommandFactory};
use std::io::Write;

/// Print a shell completion script: `cairn completions bash > /etc/bash_completion.d/cairn`,
/// `cairn completions zsh > "${fpath[1]}/_cairn"`, `cairn completions fish >
/// ~/.config/fish/completions/cairn.fish`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// Print the man page (roff): `cairn man > /usr/local/share/man/man1/cairn.1`.
#[derive(Debug, Args)]
pub struct ManArgs {}

pub fn completions(_ctx: &Context, args: CompletionsArgs, out: &mut dyn Write) -> CmdResult {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "cairn", out);
    Ok(0)
}

pub fn man(_ctx: &Context, _args: ManArgs, out: &mut dyn Write) -> CmdResult {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(0)
}
