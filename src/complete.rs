//! Dynamic shell completion (`source <(COMPLETE=bash cairn)`): ids, people, projects,
//! statuses, meetings, decision options and field names of the workspace the command line
//! names with `-C` (or the current directory's). Completers must be fast and silent, so
//! they read file names and `cairn.yaml` (and for `decide --choose` the one decision
//! file), never every file, and fail to nothing.

use cairn_core::load::source::{DirSource, TreeSource};
use clap_complete::engine::CompletionCandidate;
use std::ffi::OsStr;
use std::path::PathBuf;

/// The words of the command line being completed (the shell passes them after `--`).
fn words() -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].to_vec(),
        None => args,
    }
}

/// The directory `-C DIR` (or `-CDIR`) names on the command line being completed.
fn dir_flag(words: &[String]) -> Option<PathBuf> {
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if w == "-C" {
            return it.next().map(PathBuf::from);
        }
        if let Some(rest) = w
            .strip_prefix("-C")
            .filter(|r| !r.is_empty() && !r.starts_with('-'))
        {
            return Some(PathBuf::from(rest));
        }
    }
    None
}

fn workspace_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let start = match dir_flag(&words()) {
        Some(d) if d.is_absolute() => d,
        Some(d) => cwd.join(d),
        None => cwd,
    };
    start
        .ancestors()
        .find(|d| d.join(cairn_core::load::CONFIG_FILE).is_file())
        .map(PathBuf::from)
}

fn config() -> Option<(PathBuf, cairn_core::model::Config)> {
    let root = workspace_root()?;
    let text = std::fs::read_to_string(root.join(cairn_core::load::CONFIG_FILE)).ok()?;
    let mut sink = cairn_core::text::fields::Sink::new(cairn_core::load::CONFIG_FILE);
    Some((root, cairn_core::load::parse_config(&text, &mut sink)))
}

/// The workspace's file paths (names only; nothing is read).
fn files(root: &std::path::Path) -> Vec<String> {
    DirSource::new(root)
        .ok()
        .and_then(|s| s.list().ok())
        .map(|l| l.files)
        .unwrap_or_default()
}

fn stem(path: &str) -> &str {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md")
}

/// `(number, id, rest of the name)` of each file under `dir` named `<PREFIX>-<n>-...`.
fn numbered(
    root: &std::path::Path,
    dir: &str,
    prefix: &str,
    current: &str,
) -> Vec<CompletionCandidate> {
    let mut out: Vec<(u64, CompletionCandidate)> = files(root)
        .iter()
        .filter(|p| p.starts_with(dir))
        .filter_map(|p| {
            let name = p.rsplit('/').next()?;
            let n = cairn_core::load::file_id_number(name, prefix)?;
            let id = format!("{prefix}-{n}");
            if !id.starts_with(current) {
                return None;
            }
            let rest = stem(name)
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

/// Task ids from the names of the task files, with the rest of the name as help.
pub fn task_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some((root, config)) = config() else {
        return Vec::new();
    };
    numbered(&root, "tasks/", &config.task_prefix, &current)
}

/// Decision ids from the names of the decision files.
pub fn decisions(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some((root, config)) = config() else {
        return Vec::new();
    };
    numbered(&root, "decisions/", &config.decision_prefix, &current)
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

fn in_folder(folder: &str, current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some(root) = workspace_root() else {
        return Vec::new();
    };
    let mut ids: Vec<String> = files(&root)
        .iter()
        .filter(|p| p.starts_with(folder) && !p[folder.len()..].contains('/'))
        .map(|p| stem(p).to_owned())
        .filter(|id| id.starts_with(current.as_ref()))
        .collect();
    ids.sort();
    ids.into_iter().map(CompletionCandidate::new).collect()
}

/// Project ids from the names of the project files.
pub fn projects(current: &OsStr) -> Vec<CompletionCandidate> {
    in_folder("projects/", current)
}

/// Meeting ids from the names of the meeting files.
pub fn meetings(current: &OsStr) -> Vec<CompletionCandidate> {
    in_folder("meetings/", current)
}

/// Workflow statuses from `cairn.yaml`, then the four categories.
pub fn statuses(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let config = config().map(|(_, c)| c).unwrap_or_default();
    let mut names: Vec<String> = config.statuses.iter().map(|(s, _)| s.clone()).collect();
    for c in ["open", "active", "done", "cancelled"] {
        if !names.iter().any(|n| n == c) {
            names.push(c.to_owned());
        }
    }
    names
        .into_iter()
        .filter(|n| n.starts_with(current.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// Any id `show` or `set` takes.
pub fn any_id(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut out = task_ids(current);
    out.extend(projects(current));
    out.extend(decisions(current));
    out.extend(meetings(current));
    out
}

/// The word after `sub` on the command line (the id a `decide` or `set` is about).
fn operand_after(sub: &str) -> Option<String> {
    let w = words();
    let i = w.iter().position(|x| x == sub)?;
    w[i + 1..].iter().find(|x| !x.starts_with('-')).cloned()
}

/// The options of the decision `decide` names, read from its file.
pub fn decision_options(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let (Some((root, config)), Some(id)) = (config(), operand_after("decide")) else {
        return Vec::new();
    };
    let Some(number) = cairn_core::load::id_number(&id, &config.decision_prefix) else {
        return Vec::new();
    };
    let Some(path) = files(&root).into_iter().find(|p| {
        p.starts_with("decisions/")
            && cairn_core::load::file_id_number(
                p.rsplit('/').next().unwrap_or(p),
                &config.decision_prefix,
            ) == Some(number)
    }) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
        return Vec::new();
    };
    let Ok(parts) = cairn_core::load::split_front_matter(&text) else {
        return Vec::new();
    };
    let parsed = cairn_core::text::yaml::parse(parts.yaml, 2);
    options_of(parsed.root.as_ref())
        .into_iter()
        .filter(|o| o.starts_with(current.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

fn options_of(root: Option<&cairn_core::text::yaml::Node>) -> Vec<String> {
    use cairn_core::text::yaml::Value;
    let text = |v: &Value| match v {
        Value::Scalar { text, .. } => Some(text.clone()),
        _ => None,
    };
    let get = |v: &Value, key: &str| match v {
        Value::Map(pairs) => pairs
            .iter()
            .find(|(k, _)| text(&k.value).as_deref() == Some(key))
            .map(|(_, v)| v.value.clone()),
        _ => None,
    };
    let Some(Value::Seq(items)) = root.and_then(|r| get(&r.value, "options")) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|o| get(&o.value, "name").and_then(|n| text(&n)))
        .collect()
}

/// `field=` for `set`: the fields of the kind of item it names.
pub fn set_fields(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    if current.contains('=') {
        return Vec::new();
    }
    let id = operand_after("set").unwrap_or_default();
    let config = config().map(|(_, c)| c).unwrap_or_default();
    use cairn_core::load::{DECISION_KEYS, MEETING_KEYS, PROJECT_KEYS, TASK_KEYS};
    let keys: &[&str] = if cairn_core::load::id_number(&id, &config.task_prefix).is_some() {
        TASK_KEYS
    } else if cairn_core::load::id_number(&id, &config.decision_prefix).is_some() {
        DECISION_KEYS
    } else if id.starts_with(|c: char| c.is_ascii_digit()) {
        MEETING_KEYS
    } else {
        PROJECT_KEYS
    };
    keys.iter()
        .filter(|k| **k != "id" && k.starts_with(current.as_ref()))
        .map(|k| CompletionCandidate::new(format!("{k}=")))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_directory_flag_is_found_in_either_spelling() {
        let w = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            super::dir_flag(&w(&["cairn", "-C", "plan", "show", ""])),
            Some("plan".into())
        );
        assert_eq!(
            super::dir_flag(&w(&["cairn", "-Cplan", "show"])),
            Some("plan".into())
        );
        assert_eq!(super::dir_flag(&w(&["cairn", "show", "T-"])), None);
    }
}
