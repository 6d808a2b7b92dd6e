//! JSON for scripts: serde structs, pretty-printed, one document per run. Shapes are
//! documented in docs/json.md and versioned by a top-level `version`.

use crate::error::CmdResult;
use serde::Serialize;
use std::io::Write;

pub fn emit<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> CmdResult {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(0)
}
