//! Flags resolved once into the context every command runs in: where to run, what day it
//! is, how to style output, whether to print messages.

use crate::error::CliError;
use crate::render::term::Style;
use cairn_core::load::CONFIG_FILE;
use cairn_core::load::source::DirSource;
use cairn_core::model::Workspace;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub struct Context {
    pub dir: PathBuf,
    pub today: Date,
    pub style: Style,
    pub quiet: bool,
    /// Standard output is a terminal (not a pipe or a file).
    pub tty: bool,
}

impl Context {
    /// The nearest folder from `-C` (or the current one) upward holding `cairn.yaml`.
    pub fn workspace_root(&self) -> Result<PathBuf, CliError> {
        let start = self.dir.canonicalize().map_err(|e| {
            CliError::from_error(format!("cannot use directory {}", self.dir.display()), &e)
        })?;
        start
            .ancestors()
            .find(|d| d.join(CONFIG_FILE).is_file())
            .map(Path::to_path_buf)
            .ok_or_else(|| {
                CliError::new("not inside a cairn workspace (no cairn.yaml here or above)")
                    .hint("run `cairn init` to create one, or pass -C DIR")
            })
    }

    /// The working directory as a tree source, after finishing any change a killed run
    /// left half done.
    pub fn source(&self) -> Result<DirSource, CliError> {
        let root = self.workspace_root()?;
        cairn_core::ops::change::recover(&root);
        DirSource::new(&root)
            .map_err(|e| CliError::from_error(format!("cannot open {}", root.display()), &e))
    }

    pub fn load(&self) -> Result<(DirSource, Workspace), CliError> {
        let source = self.source()?;
        let ws = cairn_core::load::load(&source)
            .map_err(|e| CliError::from_error("cannot load the workspace", &e))?;
        Ok((source, ws))
    }
}
