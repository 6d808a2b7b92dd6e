//! Where cairn keeps its own files: the edit lock, the journal of a change being written,
//! the staging folder that holds the change's new contents until they are renamed into
//! place, the parse cache, and per-person marks. Never in the working tree, which a
//! repository can commit to: in the git directory of the checkout (a linked worktree's
//! or a submodule's own, found as `git rev-parse --git-dir` finds it), else in the
//! user's state directory, keyed by the workspace's path.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The folder of one workspace's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateDir {
    /// The workspace folder (canonical).
    root: PathBuf,
    path: PathBuf,
    /// Inside a git directory (else in the user's state directory).
    in_git: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "nowhere to keep cairn's state for {root}: it is not in a git repository, and neither XDG_STATE_HOME nor HOME is set"
    )]
    Nowhere { root: String },
    #[error("cannot use the workspace folder {root}")]
    Root {
        root: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "another cairn command is changing this workspace (waited {}s for it)",
        .waited.as_secs()
    )]
    Locked { waited: Duration },
    #[error("cannot take the workspace's lock {path}")]
    Lock {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// The git directory and work tree around a folder, as git finds them: the nearest
/// `.git` at or above it, a folder, or a file saying `gitdir: <path>` (a linked worktree,
/// a submodule). `None` outside git, or when that `.git` does not lead to a repository.
pub fn git_dir(start: &Path) -> Option<(PathBuf, PathBuf)> {
    for dir in start.ancestors() {
        let dot_git = dir.join(".git");
        let Ok(meta) = fs::symlink_metadata(&dot_git) else {
            continue;
        };
        let git = if meta.is_dir() {
            dot_git
        } else if meta.is_file() && meta.len() <= 4096 {
            let text = fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
            if target.is_empty() {
                return None;
            }
            dir.join(target)
        } else {
            return None;
        };
        let git = git.canonicalize().ok()?;
        // A repository has HEAD (a worktree's git dir too).
        return git.join("HEAD").is_file().then(|| (dir.to_path_buf(), git));
    }
    None
}

/// A short, stable name for a path (FNV-1a; std's hasher differs between builds).
pub fn path_key(path: &Path) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.to_string_lossy().as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl StateDir {
    /// The state folder of the workspace at `root`: `<git dir>/cairn/<key>/` in a git
    /// checkout, else `<user_state_home>/cairn/<key>/` (`user_state_home` is
    /// `$XDG_STATE_HOME`, else `~/.local/state`, as the caller finds them). The key is
    /// made from the workspace's path, so two workspaces never share a journal.
    pub fn locate(root: &Path, user_state_home: Option<&Path>) -> Result<StateDir, StateError> {
        let root = root.canonicalize().map_err(|source| StateError::Root {
            root: root.display().to_string(),
            source,
        })?;
        let key = path_key(&root);
        if let Some((_, git)) = git_dir(&root) {
            return Ok(StateDir {
                path: git.join("cairn").join(key),
                root,
                in_git: true,
            });
        }
        match user_state_home {
            Some(home) => Ok(StateDir {
                path: home.join("cairn").join(key),
                root,
                in_git: false,
            }),
            None => Err(StateError::Nowhere {
                root: root.display().to_string(),
            }),
        }
    }

    /// The workspace folder this state belongs to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the state is in the repository's git directory.
    pub fn in_git(&self) -> bool {
        self.in_git
    }

    pub fn journal(&self) -> PathBuf {
        self.path.join("journal")
    }

    /// Where a change's new contents wait to be renamed into place.
    pub fn staging(&self) -> PathBuf {
        self.path.join("staging")
    }

    /// Takes the workspace's lock, waiting up to `wait` for another cairn command to
    /// release it. It is released when the [`Lock`] is dropped or the process dies.
    pub fn lock(&self, wait: Duration) -> Result<Lock, StateError> {
        let path = self.path.join("lock");
        let io_err = |source| StateError::Lock {
            path: path.display().to_string(),
            source,
        };
        fs::create_dir_all(&self.path).map_err(io_err)?;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err)?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(Lock {
                        _file: file,
                        state: self.clone(),
                    });
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let waited = start.elapsed();
                    if waited >= wait {
                        return Err(StateError::Locked { waited: wait });
                    }
                    // Short pauses first (an edit takes milliseconds), never past the wait.
                    std::thread::sleep(pause.min(wait - waited));
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(fs::TryLockError::Error(e)) => return Err(io_err(e)),
            }
        }
    }
}

/// The workspace's exclusive lock: whoever holds it may write the workspace's files and
/// its journal.
#[derive(Debug)]
pub struct Lock {
    _file: fs::File,
    state: StateDir,
}

impl Lock {
    pub fn state(&self) -> &StateDir {
        &self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn state_lives_in_the_git_directory_of_a_checkout_and_of_a_worktree() {
        let d = tempfile::tempdir().expect("tmp");
        let main = d.path().join("main");
        fs::create_dir_all(main.join("plan")).expect("mkdir");
        git(&main, &["init", "-q", "-b", "main"]);
        fs::write(main.join("plan/cairn.yaml"), "name: x\n").expect("write");
        git(&main, &["add", "."]);
        git(&main, &["commit", "-qm", "one"]);
        let s = StateDir::locate(&main.join("plan"), None).expect("state");
        let git_dir = main.join(".git").canonicalize().expect("canon");
        assert!(s.path().starts_with(git_dir.join("cairn")), "{s:?}");
        assert!(s.in_git());

        // A linked worktree: `.git` is a file; its state is in its own git directory.
        git(&main, &["worktree", "add", "-q", "../wt"]);
        let wt = d.path().join("wt");
        assert!(wt.join(".git").is_file());
        let s = StateDir::locate(&wt.join("plan"), None).expect("state");
        let wt_git = git_dir.join("worktrees/wt");
        assert!(s.path().starts_with(&wt_git), "{s:?}");
        assert!(!s.path().starts_with(&wt));
    }

    #[test]
    fn outside_git_state_goes_to_the_users_state_directory_and_never_the_tree() {
        let d = tempfile::tempdir().expect("tmp");
        let ws = d.path().join("ws");
        let home = d.path().join("state");
        fs::create_dir_all(&ws).expect("mkdir");
        let s = StateDir::locate(&ws, Some(&home)).expect("state");
        assert!(s.path().starts_with(&home));
        assert!(!s.in_git());
        assert!(matches!(
            StateDir::locate(&ws, None),
            Err(StateError::Nowhere { .. })
        ));
        // A `.git` file that leads nowhere is not a repository.
        fs::write(ws.join(".git"), "gitdir: ../nowhere\n").expect("write");
        assert!(git_dir(&ws).is_none());
        let s = StateDir::locate(&ws, Some(&home)).expect("state");
        assert!(s.path().starts_with(&home));
    }

    #[test]
    fn a_second_locker_waits_then_gives_up() {
        let d = tempfile::tempdir().expect("tmp");
        let s = StateDir::locate(d.path(), Some(&d.path().join("state"))).expect("state");
        let held = s.lock(Duration::ZERO).expect("first");
        let start = Instant::now();
        assert!(matches!(
            s.lock(Duration::from_millis(200)),
            Err(StateError::Locked { .. })
        ));
        assert!(start.elapsed() >= Duration::from_millis(200));
        drop(held);
        s.lock(Duration::ZERO).expect("free again");
    }
}
