//! Writing a change so that it happens entirely or not at all, and so that nothing cairn
//! did not write itself is ever replayed.
//!
//! Under the workspace's lock, a change is first written as a journal in the state
//! folder (never in the working tree): for every file, where its new content waits in the
//! staging folder, the path it goes to, and the content id (git's blob id) that path holds
//! before and after. The new contents are staged and synced, the journal is marked
//! `ready`, and only then are they renamed into place. A run killed before `ready` left
//! the workspace untouched: the next edit removes what it staged. A run killed after it
//! left a change half done, which only `cairn recover` finishes (or `--discard`s), and
//! only while every file still holds what the journal expects before or after: a file
//! edited since is never overwritten, and the journal is then set aside.

use crate::load::state::{Lock, StateDir, path_key};
use gix::ObjectId;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

const HEADER: &str = "cairn journal 2";
/// Journals are small (a line a file); anything bigger is not one of ours.
const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;
/// Names of temporary files beside a target, used only when the state folder is on
/// another file system than the workspace (a rename cannot cross them).
pub const TEMP_MARK: &str = ".cairn-tmp-";

/// One step of a journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The staged file `staged` becomes `target`, which holds `before` (`None`: does not
    /// exist) until then and `after` from then on.
    Put {
        staged: String,
        target: String,
        before: Option<ObjectId>,
        after: ObjectId,
    },
    /// `path`, holding `before`, is removed.
    Remove { path: String, before: ObjectId },
}

impl Step {
    pub fn path(&self) -> &str {
        match self {
            Step::Put { target, .. } => target,
            Step::Remove { path, .. } => path,
        }
    }
}

/// A change on its way to the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    pub id: String,
    /// The key of the workspace folder it belongs to.
    pub root: String,
    pub steps: Vec<Step>,
    /// Every new content is staged and synced: the change may be performed.
    pub ready: bool,
}

/// The id git gives a blob of these bytes: what a journal says a file holds.
pub fn content_id(bytes: &[u8]) -> ObjectId {
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes)
        .unwrap_or_else(|_| ObjectId::null(gix::hash::Kind::Sha1))
}

/// `%`, tab and line breaks escaped, so any file name fits on a journal line.
fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\t' => out.push_str("%09"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3)?;
        out.push(match code {
            "25" => '%',
            "09" => '\t',
            "0A" => '\n',
            "0D" => '\r',
            _ => return None,
        });
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    Some(out)
}

fn id_text(id: Option<ObjectId>) -> String {
    id.map_or_else(|| "-".to_owned(), |i| i.to_string())
}

fn parse_id(s: &str) -> Option<Option<ObjectId>> {
    if s == "-" {
        return Some(None);
    }
    (s.len() == 40).then(|| ObjectId::from_hex(s.as_bytes()).ok().map(Some))?
}

/// A staged file's name: letters, digits and `-` only, so it names a file in the staging
/// folder and nothing else.
fn staged_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Journal {
    pub fn text(&self) -> String {
        let mut out = format!("{HEADER}\nid {}\nroot {}\n", self.id, self.root);
        for s in &self.steps {
            match s {
                Step::Put {
                    staged,
                    target,
                    before,
                    after,
                } => out.push_str(&format!(
                    "put\t{staged}\t{}\t{}\t{after}\n",
                    escape(target),
                    id_text(*before)
                )),
                Step::Remove { path, before } => {
                    out.push_str(&format!("remove\t{}\t{before}\n", escape(path)));
                }
            }
        }
        if self.ready {
            out.push_str("ready\n");
        }
        out
    }

    /// Reads a journal; `None` for anything that is not exactly what [`Journal::text`]
    /// writes.
    pub fn parse(text: &str) -> Option<Journal> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let id = lines.next()?.strip_prefix("id ")?.to_owned();
        let root = lines.next()?.strip_prefix("root ")?.to_owned();
        if !staged_name_ok(&id) {
            return None;
        }
        let mut j = Journal {
            id,
            root,
            steps: Vec::new(),
            ready: false,
        };
        for line in lines {
            if j.ready {
                return None; // nothing follows `ready`
            }
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                ["put", staged, target, before, after] => {
                    if !staged_name_ok(staged) {
                        return None;
                    }
                    j.steps.push(Step::Put {
                        staged: (*staged).to_owned(),
                        target: unescape(target)?,
                        before: parse_id(before)?,
                        after: parse_id(after)??,
                    });
                }
                ["remove", path, before] => j.steps.push(Step::Remove {
                    path: unescape(path)?,
                    before: parse_id(before)??,
                }),
                ["ready"] => j.ready = true,
                _ => return None,
            }
        }
        Some(j)
    }

    /// Every path the journal names, as it would be written: inside the workspace, not
    /// in `.git`, each named once. `Err` says what is wrong.
    fn check_paths(&self, root: &Path) -> Result<Vec<PathBuf>, String> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for s in &self.steps {
            let p = s.path();
            if p.split('/').next() == Some(".git") || !seen.insert(p) {
                return Err(format!("it names `{}`, which cairn never writes", p));
            }
            match crate::paths::resolve_inside(root, p) {
                Some(full) => out.push(full),
                None => {
                    return Err(format!(
                        "it names `{}`, which leads outside the workspace",
                        crate::text::escape::term(p)
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// An unfinished change another run left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The files it writes or removes (workspace-relative), or none when the journal is
    /// not one cairn wrote.
    pub files: Vec<String>,
    /// Every new content was staged: the change may have been partly performed.
    pub ready: bool,
    /// The journal is one cairn can finish (else only `--discard` sets it aside).
    pub valid: bool,
}

fn read_journal(state: &StateDir) -> Option<Result<Journal, String>> {
    let path = state.journal();
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return Some(Err("the journal is not a plain file".into()));
    }
    if meta.len() > MAX_JOURNAL_BYTES {
        return Some(Err("the journal is too large to be one of cairn's".into()));
    }
    let text = match fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).ok(),
        Err(e) => return Some(Err(format!("cannot read the journal: {e}"))),
    };
    Some(
        text.and_then(|t| Journal::parse(&t))
            .ok_or_else(|| "the journal is not in cairn's format".to_owned())
            .and_then(|j| {
                if j.root == path_key(state.root()) {
                    Ok(j)
                } else {
                    Err("the journal belongs to another workspace".to_owned())
                }
            }),
    )
}

/// The change another run left unfinished, if any. Reads only; read-only commands use
/// it to say so, and never finish it themselves.
pub fn pending(state: &StateDir) -> Option<Pending> {
    match read_journal(state)? {
        Ok(j) => Some(Pending {
            files: j.steps.iter().map(|s| s.path().to_owned()).collect(),
            ready: j.ready,
            valid: j.check_paths(state.root()).is_ok(),
        }),
        Err(_) => Some(Pending {
            files: Vec::new(),
            ready: true,
            valid: false,
        }),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecoverError {
    #[error(
        "an interrupted change to {} is unfinished; nothing was written",
        list(.files)
    )]
    Pending { files: Vec<String> },
    #[error(
        "the interrupted change was not finished: {} changed since it was written; nothing was written, and the journal was set aside in {}",
        list(.files),
        .aside.display()
    )]
    Changed { files: Vec<String>, aside: PathBuf },
    #[error(
        "the journal was not replayed: {why}; nothing was written, and it was set aside in {}",
        .aside.display()
    )]
    Refused { why: String, aside: PathBuf },
    #[error("cannot write {path}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
}

fn list(files: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = files
        .iter()
        .take(SHOWN)
        .map(|f| crate::text::escape::term(f))
        .collect();
    if files.len() > SHOWN {
        names.push(format!("and {} more", files.len() - SHOWN));
    }
    if names.is_empty() {
        "the workspace".to_owned()
    } else {
        names.join(", ")
    }
}

/// What [`recover`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Files it wrote or removed to finish the change.
    pub finished: Vec<String>,
    /// Files the change had already written (with `--discard`: left as they are).
    pub already: Vec<String>,
    /// Files the discarded change had not written yet.
    pub not_written: Vec<String>,
    /// There was a change to finish or discard.
    pub found: bool,
}

/// Before a change is written: refuses while an interrupted change is unfinished (only
/// `cairn recover` finishes it), and removes what killed runs staged and never used.
pub fn prepare(lock: &Lock) -> Result<(), RecoverError> {
    let state = lock.state();
    match read_journal(state) {
        Some(Ok(j)) if !j.ready => {
            // Killed while staging: the workspace was never touched.
            let _ = fs::remove_file(state.journal());
        }
        Some(Ok(j)) => {
            return Err(RecoverError::Pending {
                files: j.steps.iter().map(|s| s.path().to_owned()).collect(),
            });
        }
        Some(Err(_)) => return Err(RecoverError::Pending { files: Vec::new() }),
        None => {}
    }
    clear_staging(state, None);
    Ok(())
}

/// Removes every staged file but those of `keep`: with the lock held, no other run is
/// staging, so they are what killed runs left.
fn clear_staging(state: &StateDir, keep: Option<&Journal>) {
    let Ok(entries) = fs::read_dir(state.staging()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let kept = keep.is_some_and(|j| {
            j.steps
                .iter()
                .any(|s| matches!(s, Step::Put { staged, .. } if *staged == name))
        });
        if !kept {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// What a path holds now: its content id, or `None` when it does not exist.
fn holds(path: &Path) -> io::Result<Option<ObjectId>> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(m) if !m.is_file() && !m.file_type().is_symlink() => {
            return Err(io::Error::other("it is not a file"));
        }
        Ok(_) => {}
    }
    match fs::read(path) {
        Ok(bytes) => Ok(Some(content_id(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn io_at(root: &Path, path: &Path) -> impl FnOnce(io::Error) -> RecoverError {
    let path = rel(root, path);
    move |source| RecoverError::Io { path, source }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Finishes (or with `discard`, abandons) the change a killed run left, under the lock.
/// Every file must still hold what the journal says it held before or after, and every
/// staged content must be what it says; otherwise nothing is written and the journal and
/// its staged files are moved aside for a person to look at.
pub fn recover(lock: &Lock, discard: bool) -> Result<Recovered, RecoverError> {
    let state = lock.state();
    let root = state.root();
    let mut done = Recovered::default();
    let journal = match read_journal(state) {
        None => {
            clear_staging(state, None);
            return Ok(done);
        }
        Some(Err(why)) => {
            let aside = set_aside(state, None);
            return Err(RecoverError::Refused { why, aside });
        }
        Some(Ok(j)) => j,
    };
    done.found = true;
    if !journal.ready {
        // Nothing was performed; what was staged goes.
        done.not_written = journal.steps.iter().map(|s| s.path().to_owned()).collect();
        remove_staged(state, &journal);
        let _ = fs::remove_file(state.journal());
        return Ok(done);
    }
    let targets = match journal.check_paths(root) {
        Ok(t) => t,
        Err(why) => {
            let aside = set_aside(state, Some(&journal));
            return Err(RecoverError::Refused { why, aside });
        }
    };
    // Where each step stands: performed, to perform, or changed by someone since.
    let mut todo = Vec::new();
    let mut changed = Vec::new();
    for (n, (step, target)) in journal.steps.iter().zip(&targets).enumerate() {
        let now = holds(target).map_err(io_at(root, target))?;
        match step {
            Step::Put {
                staged,
                before,
                after,
                ..
            } => {
                if now == Some(*after) {
                    done.already.push(step.path().to_owned());
                } else if now == *before {
                    let staged_now = holds(&state.staging().join(staged)).unwrap_or(None);
                    if staged_now == Some(*after) || discard {
                        todo.push(n);
                    } else {
                        changed.push(format!("{} (its staged content is gone)", step.path()));
                    }
                } else {
                    changed.push(step.path().to_owned());
                }
            }
            Step::Remove { before, .. } => match now {
                None => done.already.push(step.path().to_owned()),
                Some(id) if id == *before => todo.push(n),
                Some(_) => changed.push(step.path().to_owned()),
            },
        }
    }
    if !changed.is_empty() && !discard {
        let aside = set_aside(state, Some(&journal));
        return Err(RecoverError::Changed {
            files: changed,
            aside,
        });
    }
    if discard {
        done.not_written = todo
            .iter()
            .map(|n| journal.steps[*n].path().to_owned())
            .collect();
    } else {
        for n in todo {
            perform(state, &journal, n, &targets[n])?;
            done.finished.push(journal.steps[n].path().to_owned());
        }
    }
    remove_staged(state, &journal);
    let _ = fs::remove_file(state.journal());
    Ok(done)
}

fn remove_staged(state: &StateDir, journal: &Journal) {
    for (n, s) in journal.steps.iter().enumerate() {
        if let Step::Put { staged, target, .. } = s {
            let _ = fs::remove_file(state.staging().join(staged));
            if let Some(full) = crate::paths::resolve_inside(state.root(), target) {
                let _ = fs::remove_file(beside(&full, &journal.id, n));
            }
        }
    }
}

/// Moves the journal (and its staged files) into `aside-<id>/` in the state folder.
fn set_aside(state: &StateDir, journal: Option<&Journal>) -> PathBuf {
    let id = journal.map_or_else(unique_id, |j| j.id.clone());
    let aside = state.path().join(format!("aside-{id}"));
    let _ = fs::create_dir_all(&aside);
    let _ = fs::rename(state.journal(), aside.join("journal"));
    if let Some(j) = journal {
        for s in &j.steps {
            if let Step::Put { staged, .. } = s {
                let _ = fs::rename(state.staging().join(staged), aside.join(staged));
            }
        }
    }
    aside
}

/// A name no other run of cairn uses.
pub fn unique_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

/// The temporary file beside `target` for step `n` of journal `id` (only when the
/// state folder is on another file system).
fn beside(target: &Path, id: &str, n: usize) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{TEMP_MARK}{id}-{n}"))
}

/// Makes the contents of `files` (all in folder `dir`) durable: on Linux one `syncfs` of
/// the file system that holds them, elsewhere a sync of each.
fn sync_files(dir: &Path, files: &[PathBuf]) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if files.len() > 1 {
        return rustix::fs::syncfs(fs::File::open(dir)?).map_err(io::Error::from);
    }
    let _ = dir;
    for f in files {
        // Write access: Windows flushes only a handle that may write.
        fs::OpenOptions::new().write(true).open(f)?.sync_all()?;
    }
    Ok(())
}

pub fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Writes `journal` (not yet ready) and stages `contents` (one per `Put`, in order),
/// then marks it ready. On failure nothing is left behind.
pub fn stage(state: &StateDir, journal: &mut Journal, contents: &[&[u8]]) -> io::Result<()> {
    let staging = state.staging();
    fs::create_dir_all(&staging)?;
    let undo = |journal: &Journal| {
        remove_staged(state, journal);
        let _ = fs::remove_file(state.journal());
    };
    let result = (|| {
        let _ = fs::remove_file(state.journal());
        write_synced(&state.journal(), journal.text().as_bytes())?;
        let mut k = 0;
        let mut written = Vec::new();
        for s in &journal.steps {
            if let Step::Put { staged, .. } = s {
                let bytes = contents.get(k).copied().unwrap_or_default();
                k += 1;
                let path = staging.join(staged);
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)?
                    .write_all(bytes)?;
                written.push(path);
            }
        }
        // One sync for all of them: a file at a time costs a disk flush each (10,000
        // imported files took half a minute on a slow disk).
        sync_files(&staging, &written)?;
        // Everything staged is on disk: the change may now be performed.
        let mut f = fs::OpenOptions::new().append(true).open(state.journal())?;
        f.write_all(b"ready\n")?;
        f.sync_all()
    })();
    match result {
        Ok(()) => {
            journal.ready = true;
            Ok(())
        }
        Err(e) => {
            undo(journal);
            Err(e)
        }
    }
}

/// Performs every step of a staged, ready journal, then removes it.
pub fn perform_all(state: &StateDir, journal: &Journal) -> Result<(), RecoverError> {
    let targets = journal.check_paths(state.root()).map_err(|why| {
        let aside = set_aside(state, Some(journal));
        RecoverError::Refused { why, aside }
    })?;
    for (n, target) in targets.iter().enumerate() {
        perform(state, journal, n, target)?;
    }
    let _ = fs::remove_file(state.journal());
    Ok(())
}

/// Performs step `n`: a staged content renamed into place (a new file linked, so it never
/// replaces one made meanwhile), or a file removed.
fn perform(
    state: &StateDir,
    journal: &Journal,
    n: usize,
    target: &Path,
) -> Result<(), RecoverError> {
    let root = state.root();
    match &journal.steps[n] {
        Step::Remove { .. } => match fs::remove_file(target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_at(root, target)(e)),
            _ => Ok(()),
        },
        Step::Put { staged, before, .. } => {
            let staged = state.staging().join(staged);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(io_at(root, target))?;
            }
            if before.is_some()
                && let Ok(meta) = fs::metadata(target)
            {
                let _ = fs::set_permissions(&staged, meta.permissions());
            }
            let place = |from: &Path| -> io::Result<()> {
                if before.is_none() {
                    fs::hard_link(from, target).or_else(|e| {
                        // Some file systems have no hard links: rename, having checked.
                        if e.kind() == io::ErrorKind::AlreadyExists || target.exists() {
                            Err(io::Error::new(
                                io::ErrorKind::AlreadyExists,
                                "a file was created there meanwhile",
                            ))
                        } else {
                            fs::rename(from, target)
                        }
                    })?;
                    let _ = fs::remove_file(from);
                    Ok(())
                } else {
                    fs::rename(from, target)
                }
            };
            match place(&staged) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
                    // The state folder is on another file system: copy beside the
                    // target first, so the target still changes in one rename.
                    let tmp = beside(target, &journal.id, n);
                    let _ = fs::remove_file(&tmp);
                    let copied = fs::read(&staged).and_then(|b| write_synced(&tmp, &b));
                    let result = copied.and_then(|()| {
                        if let Ok(meta) = fs::metadata(&staged) {
                            let _ = fs::set_permissions(&tmp, meta.permissions());
                        }
                        place(&tmp)
                    });
                    let _ = fs::remove_file(&tmp);
                    result.map_err(io_at(root, target))?;
                    let _ = fs::remove_file(&staged);
                    Ok(())
                }
                Err(e) => Err(io_at(root, target)(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ws() -> (tempfile::TempDir, StateDir) {
        let d = tempfile::tempdir().expect("tmp");
        let root = d.path().join("ws");
        fs::create_dir_all(root.join("tasks")).expect("mkdir");
        fs::write(root.join("tasks/a.md"), "old\n").expect("write");
        let state = StateDir::locate(&root, Some(&d.path().join("home"))).expect("state");
        (d, state)
    }

    fn put(staged: &str, target: &str, before: Option<&[u8]>, after: &[u8]) -> Step {
        Step::Put {
            staged: staged.into(),
            target: target.into(),
            before: before.map(content_id),
            after: content_id(after),
        }
    }

    fn plant(state: &StateDir, steps: Vec<Step>, staged: &[(&str, &[u8])]) {
        let j = Journal {
            id: "1-1".into(),
            root: path_key(state.root()),
            steps,
            ready: true,
        };
        fs::create_dir_all(state.staging()).expect("mkdir");
        for (name, bytes) in staged {
            fs::write(state.staging().join(name), bytes).expect("stage");
        }
        fs::write(state.journal(), j.text()).expect("journal");
    }

    #[test]
    fn a_journal_reads_back_exactly_and_nothing_else_parses() {
        let j = Journal {
            id: "12-34".into(),
            root: "abc".into(),
            steps: vec![
                put("12-34-0", "tasks/a\tb%.md", Some(b"x"), b"y"),
                Step::Remove {
                    path: "tasks/c.md".into(),
                    before: content_id(b"z"),
                },
            ],
            ready: true,
        };
        assert_eq!(Journal::parse(&j.text()), Some(j.clone()));
        // The old format, a staged name with a path, a step after `ready`.
        assert_eq!(Journal::parse("put\ttasks/x\t../../victim\n"), None);
        let bad = j.text().replace("12-34-0", "../evil");
        assert_eq!(Journal::parse(&bad), None);
        assert_eq!(Journal::parse(&format!("{}remove\tx\t-\n", j.text())), None);
    }

    #[test]
    fn recover_finishes_a_ready_journal_whose_files_are_as_it_expects() {
        let (_d, state) = ws();
        plant(
            &state,
            vec![
                put("1-1-0", "tasks/b.md", None, b"moved\n"),
                Step::Remove {
                    path: "tasks/a.md".into(),
                    before: content_id(b"old\n"),
                },
            ],
            &[("1-1-0", b"moved\n")],
        );
        let lock = state.lock(Duration::ZERO).expect("lock");
        assert!(matches!(prepare(&lock), Err(RecoverError::Pending { .. })));
        let r = recover(&lock, false).expect("recover");
        assert_eq!(r.finished, vec!["tasks/b.md", "tasks/a.md"]);
        let root = state.root();
        assert_eq!(fs::read(root.join("tasks/b.md")).expect("b"), b"moved\n");
        assert!(!root.join("tasks/a.md").exists());
        assert!(!state.journal().exists());
        prepare(&lock).expect("nothing pending");
    }

    #[test]
    fn recover_never_overwrites_a_file_edited_after_the_journal_was_written() {
        let (_d, state) = ws();
        fs::write(state.root().join("tasks/a.md"), "hand edit\n").expect("edit");
        plant(
            &state,
            vec![put("1-1-0", "tasks/a.md", Some(b"old\n"), b"new\n")],
            &[("1-1-0", b"new\n")],
        );
        let lock = state.lock(Duration::ZERO).expect("lock");
        let e = recover(&lock, false).expect_err("refused");
        assert!(matches!(&e, RecoverError::Changed { files, .. } if files == &["tasks/a.md"]));
        assert_eq!(
            fs::read_to_string(state.root().join("tasks/a.md")).expect("a"),
            "hand edit\n"
        );
        assert!(!state.journal().exists(), "set aside");
        assert!(e.to_string().contains("aside-1-1"), "{e}");
    }

    #[test]
    fn a_planted_journal_naming_paths_outside_is_refused_and_writes_nothing() {
        let (d, state) = ws();
        let victim = d.path().join("victim");
        fs::write(&victim, "precious\n").expect("victim");
        for target in [
            "../victim",
            "/etc/passwd",
            ".git/config",
            "tasks/../../victim",
        ] {
            plant(
                &state,
                vec![put("1-1-0", target, Some(b"precious\n"), b"owned\n")],
                &[("1-1-0", b"owned\n")],
            );
            let lock = state.lock(Duration::ZERO).expect("lock");
            assert!(
                matches!(recover(&lock, false), Err(RecoverError::Refused { .. })),
                "{target}"
            );
        }
        // A symlink inside that leads out.
        std::os::unix::fs::symlink(d.path(), state.root().join("tasks/out")).expect("link");
        plant(
            &state,
            vec![put(
                "1-1-0",
                "tasks/out/victim",
                Some(b"precious\n"),
                b"owned\n",
            )],
            &[("1-1-0", b"owned\n")],
        );
        let lock = state.lock(Duration::ZERO).expect("lock");
        assert!(matches!(
            recover(&lock, false),
            Err(RecoverError::Refused { .. })
        ));
        assert_eq!(fs::read_to_string(&victim).expect("v"), "precious\n");
    }

    #[test]
    fn discard_leaves_the_files_as_they_are_and_says_which_were_written() {
        let (_d, state) = ws();
        fs::write(state.root().join("tasks/c.md"), "new c\n").expect("c");
        plant(
            &state,
            vec![
                put("1-1-0", "tasks/c.md", None, b"new c\n"),
                put("1-1-1", "tasks/a.md", Some(b"old\n"), b"new a\n"),
            ],
            &[("1-1-1", b"new a\n")],
        );
        let lock = state.lock(Duration::ZERO).expect("lock");
        let r = recover(&lock, true).expect("discard");
        assert_eq!(r.already, vec!["tasks/c.md"]);
        assert_eq!(r.not_written, vec!["tasks/a.md"]);
        assert_eq!(
            fs::read_to_string(state.root().join("tasks/a.md")).expect("a"),
            "old\n"
        );
        assert!(!state.journal().exists());
        assert_eq!(fs::read_dir(state.staging()).expect("ls").count(), 0);
    }

    #[test]
    fn an_unready_journal_and_stray_staged_files_are_cleared_without_touching_the_tree() {
        let (_d, state) = ws();
        let mut j = Journal {
            id: "1-1".into(),
            root: path_key(state.root()),
            steps: vec![put("1-1-0", "tasks/a.md", Some(b"old\n"), b"new\n")],
            ready: false,
        };
        fs::create_dir_all(state.staging()).expect("mkdir");
        fs::write(state.journal(), j.text()).expect("journal");
        fs::write(state.staging().join("1-1-0"), "new\n").expect("staged");
        fs::write(state.staging().join("99-9-0"), "stray\n").expect("stray");
        assert!(!pending(&state).expect("pending").ready);
        let lock = state.lock(Duration::ZERO).expect("lock");
        prepare(&lock).expect("prepare");
        assert!(!state.journal().exists());
        assert_eq!(fs::read_dir(state.staging()).expect("ls").count(), 0);
        assert_eq!(
            fs::read_to_string(state.root().join("tasks/a.md")).expect("a"),
            "old\n"
        );
        // And a journal staged for real performs.
        stage(&state, &mut j, &[b"new\n"]).expect("stage");
        assert!(j.ready);
        perform_all(&state, &j).expect("perform");
        assert_eq!(
            fs::read_to_string(state.root().join("tasks/a.md")).expect("a"),
            "new\n"
        );
    }
}
