//! A portfolio's members: loaded (each with its own parse cache, in parallel) and joined
//! into the portfolio's workspace ([`crate::load::portfolio`]); and `cairn fetch`, which
//! keeps a bare copy of each `git` member in cairn's state directory (plain `git fetch`;
//! nothing else in cairn touches the network).

use crate::load::git::GitSource;
use crate::load::git::Repo;
use crate::load::portfolio::{merge, unavailable};
use crate::load::source::{DirSource, TreeSource};
use crate::load::{CONFIG_FILE, ParseCache, load_cached};
use crate::model::{Member, Workspace};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Where a portfolio's members are and how their parse caches are made.
pub struct Loader<'a> {
    /// The portfolio's folder (a `path` member is relative to it).
    pub root: &'a Path,
    /// The portfolio's state folder (the bare copies of `git` members), if it has one.
    pub state: Option<&'a Path>,
    /// The parse cache of a working-tree member.
    pub dir_cache: &'a (dyn Fn(&DirSource) -> ParseCache + Sync),
    /// The parse cache kept in a file (a `git` member's, in the state folder).
    pub file_cache: &'a (dyn Fn(&Path) -> ParseCache + Sync),
}

/// The member whose working tree is at `dir` (a `path` member), for a review run inside it.
pub fn member_at(ws: &Workspace, portfolio_root: &Path, dir: &Path) -> Option<String> {
    let dir = dir.canonicalize().ok()?;
    ws.config.portfolio.iter().find_map(|m| {
        let mut p = portfolio_root.join(m.path.as_ref()?);
        if !m.dir.is_empty() {
            p = p.join(&m.dir);
        }
        (p.canonicalize().ok()? == dir).then(|| m.name.clone())
    })
}

/// The bare copy of a `git` member.
pub fn bare_copy(state: &Path, m: &Member) -> PathBuf {
    state.join("portfolio").join(format!("{}.git", m.name))
}

/// The portfolio's workspace with every member joined in; a member that cannot be read is
/// a `portfolio-member` finding, and the others are still there.
pub fn load(ws: Workspace, l: &Loader) -> Workspace {
    load_with(ws, l, None)
}

/// [`load`], with one member's workspace given instead of read (`review --portfolio`:
/// the member as a revision has it).
pub fn load_with(mut ws: Workspace, l: &Loader, given: Option<(&str, Workspace)>) -> Workspace {
    let members = ws.config.portfolio.clone();
    let (given_name, mut given_ws) = match given {
        Some((n, w)) => (Some(n.to_owned()), Some(w)),
        None => (None, None),
    };
    let loaded: Vec<(Member, Result<Workspace, crate::diag::Diagnostic>)> = members
        .into_par_iter()
        .filter(|m| Some(&m.name) != given_name.as_ref())
        .map(|m| {
            let r = load_member(&m, l);
            (m, r)
        })
        .collect();
    let mut loaded = loaded;
    if let (Some(name), Some(w)) = (&given_name, given_ws.take())
        && let Some(m) = ws.config.portfolio.iter().find(|m| m.name == *name)
    {
        loaded.push((m.clone(), Ok(w)));
        // Members in the portfolio's order.
        let order: Vec<String> = ws.config.portfolio.iter().map(|m| m.name.clone()).collect();
        loaded.sort_by_key(|(m, _)| order.iter().position(|n| *n == m.name));
    }
    for (m, r) in loaded {
        match r {
            Ok(member) => merge(&mut ws, &m.name, member),
            Err(d) => ws.load_diagnostics.push(d),
        }
    }
    milestones_of_members(&mut ws);
    ws.build_index();
    ws
}

/// A portfolio task's `milestone: web:launch` (without a `project`): the milestone
/// `launch` of the one project of member `web` that has it, which becomes the task's
/// project.
fn milestones_of_members(ws: &mut Workspace) {
    for i in 0..ws.tasks.len() {
        let t = &ws.tasks[i];
        let Some((member, id)) = t
            .milestone
            .as_ref()
            .filter(|_| t.project.is_none())
            .and_then(|m| m.value.split_once(':'))
        else {
            continue;
        };
        let prefix = format!("{member}:");
        let holders: Vec<&crate::model::Project> = ws
            .projects
            .iter()
            .filter(|p| p.id.value.starts_with(&prefix) && p.milestone(id).is_some())
            .collect();
        if let [p] = holders.as_slice() {
            let project = crate::model::Sp::new(
                p.id.value.clone(),
                t.milestone.as_ref().map_or(t.id.pos, |m| m.pos),
            );
            let milestone = crate::model::Sp::new(id.to_owned(), project.pos);
            let t = &mut ws.tasks[i];
            t.project = Some(project);
            t.milestone = Some(milestone);
        }
    }
}

fn load_member(m: &Member, l: &Loader) -> Result<Workspace, crate::diag::Diagnostic> {
    if let Some(path) = &m.path {
        let mut root = l.root.join(path);
        if !m.dir.is_empty() {
            root = root.join(&m.dir);
        }
        if !root.join(CONFIG_FILE).is_file() {
            let written = if m.dir.is_empty() {
                path.clone()
            } else {
                format!("{path}/{}", m.dir)
            };
            return Err(unavailable(
                m,
                format!("no {CONFIG_FILE} in `{written}`"),
                Some("`path` is the member's workspace folder, relative to this one".into()),
            ));
        }
        let source = DirSource::new(&root)
            .map_err(|e| unavailable(m, format!("cannot open {}: {e}", root.display()), None))?;
        let mut cache = (l.dir_cache)(&source);
        let ws = load_cached(&source, Some(&mut cache))
            .map_err(|e| unavailable(m, format!("cannot load it: {e}"), None))?;
        cache.save();
        return Ok(ws);
    }
    let Some(state) = l.state else {
        return Err(unavailable(
            m,
            "there is no state folder to keep its copy in".into(),
            None,
        ));
    };
    let bare = bare_copy(state, m);
    if !bare.is_dir() {
        return Err(unavailable(
            m,
            "not fetched yet".into(),
            Some("`cairn fetch` copies it from its `git` URL".into()),
        ));
    }
    let repo = Repo::discover(&bare).map_err(|e| unavailable(m, e.message, None))?;
    let commit = repo.commit(&m.rev).map_err(|e| {
        unavailable(
            m,
            format!("no revision `{}` in its copy ({})", m.rev, e.message),
            Some("`cairn fetch` updates the copy; `ref:` names a branch, tag or commit".into()),
        )
    })?;
    let label = format!("`{}` at {}", m.name, m.rev);
    let source = GitSource::new(&repo, commit, &m.dir, &label)
        .map_err(|e| unavailable(m, e.message, e.hint))?;
    let mut cache = (l.file_cache)(&bare.join("cairn-parse-cache"));
    let ws = load_cached(&source as &dyn TreeSource, Some(&mut cache))
        .map_err(|e| unavailable(m, format!("cannot load it: {e}"), None))?;
    cache.save();
    Ok(ws)
}

/// What `cairn fetch` did for one member.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Fetched {
    pub name: String,
    pub url: String,
    /// The commit its `ref` names after the fetch (12 hex digits), or why it failed.
    pub commit: Option<String>,
    pub error: Option<String>,
}

/// Clones (bare) or fetches every `git` member into the state folder.
pub fn fetch(ws: &Workspace, root: &Path, state: &Path) -> Vec<Fetched> {
    ws.config
        .portfolio
        .iter()
        .filter_map(|m| Some((m, m.git.as_ref()?)))
        .map(|(m, url)| {
            // A relative path is relative to the portfolio, as `path` members are.
            let is_url = url.contains("://") || url.contains('@');
            let url = if is_url || Path::new(url).is_absolute() {
                url.clone()
            } else {
                root.join(url).display().to_string()
            };
            let bare = bare_copy(state, m);
            let git = |args: &[&str]| -> Result<(), String> {
                let out = std::process::Command::new("git")
                    .args(args)
                    .env("GIT_TERMINAL_PROMPT", "0")
                    .output()
                    .map_err(|e| format!("cannot run git: {e}"))?;
                if out.status.success() {
                    Ok(())
                } else {
                    Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
                }
            };
            let result = if bare.is_dir() {
                let dir = bare.display().to_string();
                git(&[
                    "--git-dir",
                    &dir,
                    "fetch",
                    "--quiet",
                    "--prune",
                    "--force",
                    &url,
                    "+refs/heads/*:refs/heads/*",
                    "+refs/tags/*:refs/tags/*",
                ])
            } else {
                let _ = std::fs::create_dir_all(bare.parent().unwrap_or(state));
                git(&[
                    "clone",
                    "--bare",
                    "--quiet",
                    "--",
                    &url,
                    &bare.display().to_string(),
                ])
            };
            let commit = result.as_ref().ok().and_then(|()| {
                let repo = Repo::discover(&bare).ok()?;
                Some(repo.commit(&m.rev).ok()?.to_hex_with_len(12).to_string())
            });
            let error = match (&result, &commit) {
                (Err(e), _) => Some(e.clone()),
                (Ok(()), None) => Some(format!("fetched, but it has no `{}`", m.rev)),
                _ => None,
            };
            Fetched {
                name: m.name.clone(),
                url,
                commit,
                error,
            }
        })
        .collect()
}

/// One member's history, or why it could not be read.
#[derive(serde::Serialize)]
pub struct MemberHistory {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<crate::analyze::history::History>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Each member's history over the window, read from its own repository (a `path`
/// member's, or a `git` member's copy at its `ref`): the portfolio's `history`.
pub fn histories(
    ws: &Workspace,
    root: &Path,
    state: Option<&Path>,
    since: jiff::civil::Date,
    until: jiff::civil::Date,
    interval: crate::analyze::history::Interval,
) -> Vec<MemberHistory> {
    use crate::analyze::history;
    ws.config
        .portfolio
        .par_iter()
        .map(|m| {
            let read = || -> Result<history::History, String> {
                let (repo, rev, prefix) = match (&m.path, state) {
                    (Some(path), _) => {
                        let mut dir = root.join(path);
                        if !m.dir.is_empty() {
                            dir = dir.join(&m.dir);
                        }
                        let source = DirSource::new(&dir).map_err(|e| e.to_string())?;
                        let repo = Repo::discover(&dir).map_err(|e| e.message)?;
                        (
                            repo,
                            "HEAD".to_owned(),
                            source.workspace_prefix().to_owned(),
                        )
                    }
                    (None, Some(state)) => {
                        let bare = bare_copy(state, m);
                        let repo = Repo::discover(&bare)
                            .map_err(|_| "not fetched yet (`cairn fetch`)".to_owned())?;
                        (repo, m.rev.clone(), m.dir.clone())
                    }
                    (None, None) => return Err("no state folder to read its copy from".into()),
                };
                let tip = repo.commit(&rev).map_err(|e| e.message)?;
                let line =
                    history::first_parent_line(&repo, tip, &prefix).map_err(|e| e.message)?;
                history::analyze(&repo, &line, &ws.config, since, until, interval)
                    .map_err(|e| e.message)
            };
            match read() {
                Ok(h) => MemberHistory {
                    name: m.name.clone(),
                    history: Some(h),
                    error: None,
                },
                Err(e) => MemberHistory {
                    name: m.name.clone(),
                    history: None,
                    error: Some(e),
                },
            }
        })
        .collect()
}
