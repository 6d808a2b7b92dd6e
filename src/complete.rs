//! Dynamic shell completion (`source <(COMPLETE=bash cairn)`): task ids and people of
//! the workspace around the current directory. Completers must be fast and silent, so
//! they read file names and `cairn.yaml` only, never every file, and fail to nothing.

use cairn_core::load::source::{DirSource, TreeSource};
use clap_complete::engine::CompletionCandidate;
use std::ffi::OsStr;
use std::path::PathBuf;

fn workspace_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .find(|d| d.join(cairn_core::load::CONFIG_FILE).is_file())
        .map(PathBuf::from)
}

fn config() -> Option<(PathBuf, cairn_core::model::Config)> {
    let root = workspace_root()?;
    let text = std::fs::read_to_string(root.join(cairn_core::load::CONFIG_FILE)).ok()?;
    let mut sink = cairn_core::text::fields::Sink::new(cairn_core::load::CONFIG_FILE);
    Some((root, cairn_core::load::parse_config(&text, &mut sink)))
}

/// Task ids from the names of the task files, with the rest of the name as help.
pub fn task_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some((root, config)) = config() else {
        return Vec::new();
    };
    let Ok(source) = DirSource::new(&root) else {
        return Vec::new();
    };
    let Ok(listing) = source.list() else {
        return Vec::new();
    };
    let mut out: Vec<(u64, CompletionCandidate)> = listing
        .files
        .iter()
        .filter(|p| p.starts_with("tasks/"))
        .filter_map(|p| {
            let name = p.rsplit('/').next()?;
            let n = cairn_core::load::file_id_number(name, &config.task_prefix)?;
            let id = format!("{}-{n}", config.task_prefix);
            if !id.starts_with(current.as_ref()) {
                return None;
            }
            let rest = name
                .trim_end_matches(".md")
                .strip_prefix(&id)
                .unwrap_or("")
                .trim_start_matches('-')
                .replace('-', " ");
            Some((n, CompletionCandidate::new(id).help(Some(rest.into()))))
        })
        .collect();
    out.sort_by_key(|(n, _)| *n);
    out.into_iter().map(|(_, c)| c).collect()
}

/// Person ids from `cairn.yaml`, with their names as help.
pub fn people(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some((_, config)) = config() else {
        return Vec::new();
    };
    config
        .people
        .iter()
        .filter(|p| p.id.starts_with(current.as_ref()))
        .map(|p| CompletionCandidate::new(p.id.clone()).help(Some(p.name.clone().into())))
        .collect()
}
