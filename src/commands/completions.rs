//! `cairn completions`: generated from the clap definition, so it never drifts from the
//! real flags.

use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Print a shell completion script: `cairn completions bash > /etc/bash_completion.d/cairn`,
/// `cairn completions zsh > "${fpath[1]}/_cairn"`, `cairn completions fish >
/// ~/.config/fish/completions/cairn.fish`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

pub fn run(args: CompletionsArgs, mut cmd: clap::Command, out: &mut dyn Write) -> CmdResult {
    clap_complete::generate(args.shell, &mut cmd, "cairn", out);
    Ok(0)
}
