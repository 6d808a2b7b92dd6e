//! Flags resolved once into the context every command runs in: where to run, what day it
//! is, how to style output, whether to print messages.

use crate::error::CliError;
use crate::render::term::Style;
use cairn_core::load::CONFIG_FILE;
use cairn_core::load::ParseCache;
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
    /// Use the parse cache (off with `--no-cache` or `CAIRN_NO_CACHE`).
    pub cache: bool,
    /// Columns to fit tables into: `$COLUMNS`, else the terminal's width; `None` in a
    /// pipe (nothing is cut).
    pub width: Option<usize>,
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
        let ws = if self.cache {
            let mut cache = self.parse_cache(&source);
            let ws = cairn_core::load::load_cached(&source, Some(&mut cache));
            cache.save();
            ws
        } else {
            cairn_core::load::load(&source)
        }
        .map_err(|e| CliError::from_error("cannot load the workspace", &e))?;
        Ok((source, ws))
    }

    /// The parse cache for the workspace of `source`: in the repository's `.git/cairn/`,
    /// else under `$XDG_CACHE_HOME/cairn/` (or `~/.cache/cairn/`); in memory only when
    /// turned off or when there is nowhere to keep it.
    pub fn parse_cache(&self, source: &DirSource) -> ParseCache {
        match self.cache.then(|| cache_path(source)).flatten() {
            Some(path) => ParseCache::on_disk(&path, &build_id()),
            None => ParseCache::default(),
        }
    }
}

/// A name for a path, safe in a file name.
fn short_hash(text: &str) -> String {
    // FNV-1a, stable across runs and builds (std's hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn cache_path(source: &DirSource) -> Option<PathBuf> {
    use cairn_core::load::source::TreeSource;
    let git = source.repo_root().join(".git");
    if git.is_dir() {
        let name = format!("parse-cache-{}", short_hash(source.workspace_prefix()));
        return Some(git.join("cairn").join(name));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let root = source.root().to_string_lossy();
    Some(
        base.join("cairn")
            .join(short_hash(&root))
            .join("parse-cache"),
    )
}

/// This build of cairn: a cache written by another build is not trusted (the parsers may
/// differ even when the version number does not).
fn build_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{t}", m.len())
        })
        .unwrap_or_default();
    format!("{}+{exe}", env!("CARGO_PKG_VERSION"))
}
