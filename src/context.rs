//! Flags resolved once into the context every command runs in: where to run, what day it
//! is, how to style output, whether to print messages.

use crate::error::CliError;
use crate::render::term::Style;
use cairn_core::load::CONFIG_FILE;
use cairn_core::load::ParseCache;
use cairn_core::load::source::DirSource;
use cairn_core::load::state::{Lock, StateDir};
use cairn_core::model::Workspace;
use jiff::civil::Date;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// `$XDG_STATE_HOME`, else `~/.local/state`: where a workspace outside git keeps
    /// cairn's state.
    pub state_home: Option<PathBuf>,
    /// `$XDG_CACHE_HOME`, else `~/.cache`: the parse cache of a workspace outside git.
    pub cache_home: Option<PathBuf>,
    /// The CI system's variables, read once.
    pub ci: CiEnv,
    /// `CAIRN_USER`: who "me" is when `--as` is not given.
    pub user: Option<String>,
    /// `--portfolio PATH`: read that portfolio instead of this workspace.
    pub portfolio: Option<PathBuf>,
    /// Messages for stderr found while running (an unfinished change), printed by the
    /// dispatcher after the command unless `--quiet`.
    pub notices: std::sync::Mutex<Vec<String>>,
}

/// What a CI job's environment says: GitHub Actions or GitLab CI, the pull request's
/// base branch, the step summary file, and where files can be seen in a browser.
#[derive(Clone, Debug, Default)]
pub struct CiEnv {
    /// `GITHUB_ACTIONS=true`.
    pub github_actions: bool,
    /// `GITHUB_BASE_REF`: the branch a pull request goes into.
    pub github_base_ref: Option<String>,
    /// `GITHUB_STEP_SUMMARY`: the file the job summary is appended to.
    pub step_summary: Option<PathBuf>,
    /// The variables links are made from (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`,
    /// `GITHUB_SHA`, `CAIRN_HEAD_SHA`, `CI_PROJECT_URL`, `CI_COMMIT_SHA`).
    pub vars: Vec<(&'static str, String)>,
}

impl CiEnv {
    pub const LINK_VARS: [&'static str; 6] = [
        "GITHUB_SERVER_URL",
        "GITHUB_REPOSITORY",
        "GITHUB_SHA",
        "CAIRN_HEAD_SHA",
        "CI_PROJECT_URL",
        "CI_COMMIT_SHA",
    ];

    /// The environment of this process.
    pub fn from_env() -> CiEnv {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        CiEnv {
            github_actions: var("GITHUB_ACTIONS").is_some_and(|v| v == "true"),
            github_base_ref: var("GITHUB_BASE_REF"),
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            vars: Self::LINK_VARS
                .iter()
                .filter_map(|k| Some((*k, var(k)?)))
                .collect(),
        }
    }

    /// Links to files at the head commit (`head` when the caller knows it).
    pub fn links(&self, head: Option<&str>) -> crate::render::ci::Links {
        crate::render::ci::Links::from_vars(head, |k| {
            self.vars
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.clone())
        })
    }
}

/// The working tree of a workspace about to be edited, with its lock held from before
/// anything was read until the change is written (none for a dry run, which writes
/// nothing).
pub struct EditSession {
    pub source: DirSource,
    pub lock: Option<Lock>,
}

impl std::ops::Deref for EditSession {
    type Target = DirSource;
    fn deref(&self) -> &DirSource {
        &self.source
    }
}

impl Context {
    /// Who "me" is in `ws`: `--as` (`flag`), else `CAIRN_USER`, else the git `user.email`
    /// matched to a person's `email:`.
    pub fn me(&self, ws: &Workspace, root: &Path, flag: Option<&str>) -> Result<String, CliError> {
        let email = cairn_core::load::git::Repo::discover(root)
            .ok()
            .and_then(|r| r.user_email());
        cairn_core::ops::me::resolve(ws, flag, self.user.as_deref(), email.as_deref())
            .map(|(id, _)| id)
            .map_err(|e| CliError::new(e.to_string()).hint(e.hint()))
    }

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

    /// Where the workspace at `root` keeps cairn's state.
    pub fn state(&self, root: &Path) -> Result<StateDir, CliError> {
        StateDir::locate(root, self.state_home.as_deref()).map_err(|e| CliError::of(&e))
    }

    /// The working directory as a tree source. A change a killed run left unfinished is
    /// reported, never finished here: only `cairn recover` writes it.
    pub fn source(&self) -> Result<DirSource, CliError> {
        let root = self.workspace_root()?;
        if let Ok(state) = StateDir::locate(&root, self.state_home.as_deref())
            && let Some(p) = cairn_core::ops::journal::pending(&state)
            && p.ready
            && let Ok(mut n) = self.notices.lock()
        {
            n.push(pending_notice(&p));
        }
        DirSource::new(&root)
            .map_err(|e| CliError::from_error(format!("cannot open {}", root.display()), &e))
    }

    /// The workspace to read: with its portfolio's members joined in when it is a
    /// portfolio (or the one `--portfolio` names). Edits never read through this.
    pub fn load(&self) -> Result<(DirSource, Workspace), CliError> {
        let source = match &self.portfolio {
            Some(p) => DirSource::new(p).map_err(|e| {
                CliError::from_error(format!("cannot open the portfolio {}", p.display()), &e)
            })?,
            None => self.source()?,
        };
        let ws = self.load_from(&source)?;
        if self.portfolio.is_some() && ws.config.portfolio.is_empty() {
            return Err(CliError::new(format!(
                "{} lists no `portfolio:` members",
                source.root().join(cairn_core::load::CONFIG_FILE).display()
            )));
        }
        let ws = self.with_portfolio(ws, &source);
        Ok((source, ws))
    }

    /// `ws` with its portfolio's members joined in (itself when it has none).
    pub fn with_portfolio(&self, ws: Workspace, source: &DirSource) -> Workspace {
        if ws.config.portfolio.is_empty() {
            return ws;
        }
        self.join_members(ws, source, None)
    }

    /// The portfolio at `--portfolio PATH` with member `name` as `given` (a revision of
    /// it), the other members as they are; `name` defaults to the member whose folder is
    /// `here`.
    pub fn portfolio_with(
        &self,
        path: &Path,
        here: &Path,
        name: Option<&str>,
        given: Workspace,
    ) -> Result<Workspace, CliError> {
        let source = DirSource::new(path).map_err(|e| {
            CliError::from_error(format!("cannot open the portfolio {}", path.display()), &e)
        })?;
        let ws = self.load_from(&source)?;
        let name = match name {
            Some(n) => n.to_owned(),
            None => cairn_core::ops::portfolio::member_at(&ws, source.root(), here).ok_or_else(
                || {
                    CliError::new(format!(
                        "this workspace is no `path` member of the portfolio at {}",
                        path.display()
                    ))
                    .hint("name it with --member NAME")
                },
            )?,
        };
        if !ws.config.portfolio.iter().any(|m| m.name == name) {
            return Err(CliError::new(format!(
                "the portfolio has no member `{name}`"
            )));
        }
        Ok(self.join_members(ws, &source, Some((&name, given))))
    }

    fn join_members(
        &self,
        ws: Workspace,
        source: &DirSource,
        given: Option<(&str, Workspace)>,
    ) -> Workspace {
        let state = StateDir::locate(source.root(), self.state_home.as_deref()).ok();
        let dir_cache = |s: &DirSource| self.parse_cache(s);
        let file_cache = |p: &Path| {
            if self.cache {
                ParseCache::on_disk(p, &build_id())
            } else {
                ParseCache::default()
            }
        };
        let loader = cairn_core::ops::portfolio::Loader {
            root: source.root(),
            state: state.as_ref().map(|s| s.path()),
            dir_cache: &dir_cache,
            file_cache: &file_cache,
        };
        cairn_core::ops::portfolio::load_with(ws, &loader, given)
    }

    /// Takes the workspace's lock (waiting up to `wait`), then loads it: an edit reads
    /// what it changes only once no other edit is writing. A dry run takes no lock.
    pub fn load_to_edit(
        &self,
        wait: Duration,
        dry_run: bool,
    ) -> Result<(EditSession, Workspace), CliError> {
        let root = self.workspace_root()?;
        let lock = if dry_run {
            None
        } else {
            let lock = self.state(&root)?.lock(wait).map_err(|e| {
                CliError::of(&e)
                    .hint("wait for it to finish (or pass a longer --wait), then run this again")
            })?;
            cairn_core::ops::journal::prepare(&lock).map_err(CliError::from)?;
            Some(lock)
        };
        let source = DirSource::new(&root)
            .map_err(|e| CliError::from_error(format!("cannot open {}", root.display()), &e))?;
        let ws = self.load_from(&source)?;
        Ok((EditSession { source, lock }, ws))
    }

    pub fn load_from(&self, source: &DirSource) -> Result<Workspace, CliError> {
        if self.cache {
            let mut cache = self.parse_cache(source);
            let ws = cairn_core::load::load_cached(source, Some(&mut cache));
            cache.save();
            ws
        } else {
            cairn_core::load::load(source)
        }
        .map_err(|e| CliError::from_error("cannot load the workspace", &e))
    }

    /// The parse cache for the workspace of `source`: in the repository's `.git/cairn/`,
    /// else under `$XDG_CACHE_HOME/cairn/` (or `~/.cache/cairn/`); in memory only when
    /// turned off or when there is nowhere to keep it.
    pub fn parse_cache(&self, source: &DirSource) -> ParseCache {
        match self.cache.then(|| self.cache_path(source)).flatten() {
            Some(path) => ParseCache::on_disk(&path, &build_id()),
            None => ParseCache::default(),
        }
    }
}

impl Context {
    /// The parse cache's file: in the state folder when it is in the git directory, else
    /// under the user's cache directory.
    fn cache_path(&self, source: &DirSource) -> Option<PathBuf> {
        match StateDir::locate(source.root(), self.state_home.as_deref()) {
            Ok(state) if state.in_git() => Some(state.path().join("parse-cache")),
            _ => {
                let key = cairn_core::load::state::path_key(source.root());
                Some(
                    self.cache_home
                        .as_ref()?
                        .join("cairn")
                        .join(key)
                        .join("parse-cache"),
                )
            }
        }
    }
}

/// What a read-only command says of a change a killed run left unfinished.
fn pending_notice(p: &cairn_core::ops::journal::Pending) -> String {
    let what = if p.valid {
        let n = p.files.len();
        format!(
            "an interrupted change to {n} file{} is unfinished",
            if n == 1 { "" } else { "s" }
        )
    } else {
        "a change journal cairn cannot read is pending".to_owned()
    };
    format!(
        "{what}: these results show the files as they are; `cairn recover` finishes it, `cairn recover --discard` abandons it"
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
