//! `cairn man`: generated from the clap definition.

use crate::error::CmdResult;
use clap::Args;
use std::io::Write;

/// Print the man page (roff): `cairn man > /usr/local/share/man/man1/cairn.1`.
#[derive(Debug, Args)]
pub struct ManArgs {}

pub fn run(_args: ManArgs, cmd: clap::Command, out: &mut dyn Write) -> CmdResult {
    clap_mangen::Man::new(cmd).render(out)?;
    Ok(0)
}
