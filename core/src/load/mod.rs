//! The loader: reads every workspace file from a [`TreeSource`] (in parallel, each file
//! once), parses front matter and body, and builds the [`Workspace`] model. Problems with
//! single files become diagnostics; only a missing or unreadable `cairn.yaml` stops it.

//!
//! - `text`: bytes to text, front matter split from the body, ids in file names;
//! - `items`: projects, tasks, meetings and decisions read from front matter;
//! - `config`: `cairn.yaml`;
//! - `source`: where files come from (the working directory, an overlay of a change);
//! - `git`: the repository, and a commit's tree as a source.

pub mod cache;
mod codec;
mod config;
pub mod custom;
pub mod git;
mod items;
pub mod metrics;
pub mod portfolio;
pub mod source;
pub mod state;
mod text;
pub mod timelog;

pub use config::{
    CALENDAR_KEYS, CONFIG_KEYS, MEMBER_KEYS, PERSON_KEYS, REPORTS_KEYS, parse_config,
};
pub use items::{
    DECISION_KEYS, GOAL_KEYS, MEETING_KEYS, MILESTONE_KEYS, OPTION_KEYS, PROJECT_KEYS, SOURCE_KEYS,
    TASK_KEYS, keys_of,
};
pub use text::{Parts, decode, decode_owned, file_id_number, id_number, split_front_matter};

use crate::diag::{Diagnostic, Pos, Rule};
use crate::load::source::{ReadError, TreeSource, resolve_link};
use crate::model::*;
use crate::text::fields::Sink;
use items::parse_item;
use rayon::prelude::*;
use std::collections::HashMap;

pub const CONFIG_FILE: &str = "cairn.yaml";
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Where cairn kept its lock and journal outside git before they moved out of the tree.
pub const FOREIGN_STATE: &str = ".cairn/state";

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}")]
    Read {
        path: String,
        #[source]
        source: ReadError,
    },
    #[error("cannot list the workspace's files")]
    List(#[source] std::io::Error),
}

/// Loads the whole workspace from `source`.
pub fn load(source: &dyn TreeSource) -> Result<Workspace, LoadError> {
    load_cached(source, None)
}

/// Files parsed by earlier loads, keyed by path and git blob id, so loading a second
/// revision of the same workspace (the other side of a review, the next commit of a
/// history) neither reads nor parses a file whose content did not change; and, with a
/// [`DiskCache`](cache::DiskCache), files parsed by earlier runs.
#[derive(Default)]
pub struct ParseCache {
    /// The `cairn.yaml` text the cached files were parsed with: items depend on it.
    config: Option<String>,
    files: HashMap<(String, gix::ObjectId), Loaded>,
    /// Files taken from the cache by the last load.
    pub hits: usize,
    /// Hits are moved out of the cache instead of copied: for a last load (the base side
    /// of a review), which saves copying every unchanged file once more.
    pub take_hits: bool,
    /// Keep what a load parsed in memory for the next load of this run (a review loads
    /// two revisions); a single load does not need it.
    pub keep: bool,
    disk: Option<cache::DiskCache>,
    /// Where the disk cache is, opened by the first load (which knows `cairn.yaml`).
    disk_path: Option<std::path::PathBuf>,
    /// cairn's version (and build) the disk cache is keyed by.
    version: String,
    /// What the loads of this run used, to write back.
    used: Vec<cache::NewEntry>,
}

impl ParseCache {
    /// A cache backed by the file at `path`, for this `version` of cairn.
    pub fn on_disk(path: &std::path::Path, version: &str) -> ParseCache {
        ParseCache {
            disk_path: Some(path.to_path_buf()),
            version: version.to_owned(),
            ..ParseCache::default()
        }
    }

    /// Whether the cache on disk is worth writing again: it does not hold what this run
    /// used. A few files parsed afresh (the one an edit changed, the handful a pull
    /// brought) and a few stale entries are not worth rewriting a cache of 100,000 files
    /// for: the next run parses those few again, which costs less than the write.
    fn needs_write(&self) -> bool {
        let Some(disk) = &self.disk else { return false };
        let reused = self
            .used
            .iter()
            .filter(|e| matches!(e.data, cache::EntryData::Reused(_)))
            .count();
        let fresh = self.used.len() - reused;
        let stale = disk.len().saturating_sub(reused);
        let slack = if self.keep { 0 } else { (reused / 64).max(8) };
        reused == 0 && fresh > 0 || fresh + stale > slack
    }

    /// Writes what this run parsed back to disk, when it is [worth it](Self::needs_write).
    pub fn save(&mut self) {
        if !self.needs_write() {
            return;
        }
        let Some(disk) = &self.disk else { return };
        // Each file once, the last use winning.
        let mut seen = std::collections::HashSet::new();
        let mut entries: Vec<cache::NewEntry> = std::mem::take(&mut self.used)
            .into_iter()
            .rev()
            .filter(|e| {
                seen.insert((
                    e.path.clone(),
                    e.blob,
                    e.stamp.map(|s| (s.size, s.mtime_s, s.mtime_ns, s.ino)),
                ))
            })
            .collect();
        entries.reverse();
        disk.write(
            &self.version,
            self.config.as_deref().unwrap_or(""),
            &entries,
        );
    }
}

fn blob_key(source: &dyn TreeSource, path: &str, bytes: Option<&[u8]>) -> Option<gix::ObjectId> {
    source.blob_id(path).or_else(|| {
        bytes.and_then(|b| {
            gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, b).ok()
        })
    })
}

/// Sets each link's state again for `source`: the same file may link to something that
/// exists in one revision and not in the other.
fn relink(item: &mut Item, source: &dyn TreeSource, path: &str) {
    let prefix = source.workspace_prefix();
    let resolve = |target: &str| match resolve_link(prefix, path, target) {
        Some(p) => source.link_state(&p),
        None => LinkState::Escapes,
    };
    let (body, extra): (&mut Body, &mut [Link]) = match item {
        Item::Project(p) => (&mut p.body, &mut []),
        Item::Task(t) => (&mut t.body, &mut t.attachments),
        Item::Meeting(m) => (&mut m.body, &mut []),
        Item::Decision(d) => (&mut d.body, &mut []),
    };
    for link in body.links.iter_mut().chain(extra.iter_mut()) {
        link.state = resolve(&link.target);
    }
}

/// [`load`], reusing and filling `cache` when one is given.
pub fn load_cached(
    source: &dyn TreeSource,
    mut cache: Option<&mut ParseCache>,
) -> Result<Workspace, LoadError> {
    let config_bytes = source.read(CONFIG_FILE).map_err(|e| LoadError::Read {
        path: CONFIG_FILE.into(),
        source: e,
    })?;
    let mut sink = Sink::new(CONFIG_FILE);
    let (config_text, config) = match decode(&config_bytes) {
        Ok(text) => {
            let config = parse_config(&text, &mut sink);
            (text, config)
        }
        Err((pos, msg)) => {
            sink.push(Rule::Unreadable, pos, msg);
            (String::new(), Config::default())
        }
    };
    let mut ws = Workspace {
        config,
        ..Workspace::default()
    };
    ws.files.push(SourceFile::new(
        CONFIG_FILE.into(),
        FileKind::Config,
        config_text,
    ));
    ws.load_diagnostics = sink.diags;

    let listing = source.list().map_err(LoadError::List)?;
    for p in &listing.problems {
        ws.load_diagnostics.push(Diagnostic::new(
            p.rule,
            &p.path,
            Pos::START,
            p.message.clone(),
        ));
    }
    // State cairn once kept in the tree (and a repository could commit): never used.
    let prefix = source.workspace_prefix();
    let foreign = if prefix.is_empty() {
        FOREIGN_STATE.to_owned()
    } else {
        format!("{prefix}/{FOREIGN_STATE}")
    };
    if matches!(
        source.link_state(&foreign),
        LinkState::Exists | LinkState::Folder
    ) {
        ws.load_diagnostics.push(Diagnostic::new(
            Rule::ForeignState,
            FOREIGN_STATE,
            Pos::START,
            format!(
                "`{FOREIGN_STATE}/` is in the working tree; cairn keeps its state in the git directory and never reads or replays this one; delete it (`git rm -r {FOREIGN_STATE}`)"
            ),
        ));
    }
    let config = &ws.config;
    let config_text = &ws.files[0].text;
    if let Some(c) = cache.as_deref_mut() {
        c.hits = 0;
        if c.config.as_ref() != Some(config_text) {
            c.files.clear();
            c.config = Some(config_text.clone());
            c.used.clear();
            if let Some(path) = &c.disk_path {
                c.disk = Some(cache::DiskCache::open(path, &c.version, config_text));
            }
        }
    }
    let take = cache.as_deref().is_some_and(|c| c.take_hits);
    let taken: Option<std::sync::Mutex<HashMap<(String, gix::ObjectId), Loaded>>> = if take {
        cache
            .as_deref_mut()
            .map(|c| std::sync::Mutex::new(std::mem::take(&mut c.files)))
    } else {
        None
    };
    let shared: Option<&ParseCache> = cache.as_deref();
    let keep = shared.is_some_and(|c| c.keep) && !take;
    let disk = shared.and_then(|c| c.disk.as_ref());
    let load_one = |&(i, path, kind): &(usize, &String, FileKind)| {
        let blob = source.blob_id(path);
        if let Some(id) = blob {
            let key = (path.clone(), id);
            let hit = match (&taken, shared) {
                (Some(t), _) => t.lock().ok().and_then(|mut m| m.remove(&key)),
                (None, Some(c)) => c.files.get(&key).cloned(),
                (None, None) => None,
            };
            if let Some(mut l) = hit {
                if let Some(item) = l.item.as_mut() {
                    relink(item, source, path);
                }
                let entry = disk.map(|_| cache::NewEntry {
                    path: path.clone(),
                    stamp: None,
                    blob: Some(id),
                    data: cache::EntryData::Fresh(encode(&l)),
                });
                return (l, Some(id), true, entry);
            }
        }
        // The cache of earlier runs: by blob id for a git tree, by `stat` for a file.
        let stamp = if blob.is_none() {
            match listing.stamps.get(i) {
                Some(stamp) => *stamp,
                None => source.stamp(path),
            }
        } else {
            None
        };
        if let Some(d) = disk {
            let found = match (blob, stamp) {
                (Some(id), _) => d.by_blob(path, id).map(|r| (r, Some(id))),
                (None, Some(st)) => d.by_stamp(path, st),
                _ => None,
            };
            if let Some((range, id)) = found
                && let Some(mut l) = decode_loaded(d.bytes(range.clone()), path)
            {
                if let Some(item) = l.item.as_mut() {
                    relink(item, source, path);
                }
                let entry = cache::NewEntry {
                    path: path.clone(),
                    stamp,
                    blob: id,
                    data: cache::EntryData::Reused(range),
                };
                return (l, id, true, Some(entry));
            }
        }
        let (l, bytes) = load_file(source, config, path, kind, keep);
        let id = blob.or_else(|| {
            if keep {
                blob_key(source, path, bytes.as_deref())
            } else {
                None
            }
        });
        let entry = disk.map(|_| cache::NewEntry {
            path: path.clone(),
            stamp,
            blob: id,
            data: cache::EntryData::Fresh(encode(&l)),
        });
        (l, id, false, entry)
    };
    // Loaded in chunks, each in parallel and added to the workspace's parts before the
    // next: only one chunk of files is ever held twice (as loaded and as the workspace's).
    let todo: Vec<(usize, &String, FileKind)> = listing
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, path)| FileKind::of_path(path).map(|k| (i, path, k)))
        .collect();
    let mut parts = Assembly::new(ws.files.len(), todo.iter().map(|t| t.2));
    let mut hits = 0;
    let mut used = Vec::new();
    let mut kept = Vec::new();
    for chunk in todo.chunks(LOAD_CHUNK) {
        let loaded: Vec<(Loaded, Option<gix::ObjectId>, bool, Option<cache::NewEntry>)> =
            chunk.par_iter().map(load_one).collect();
        for (l, id, hit, entry) in loaded {
            hits += usize::from(hit);
            used.extend(entry);
            if let (Some(id), false, true) = (id, hit, keep) {
                kept.push(((l.path.clone(), id), l.clone()));
            }
            parts.push(l);
        }
    }
    if let Some(c) = cache {
        c.files.extend(kept);
        c.hits = hits;
        c.used.extend(used);
        // A single load that found (nearly) every file on disk as it was: nothing to
        // write back, so the cache's bytes are let go before the workspace is indexed.
        if !c.keep && !c.needs_write() {
            c.disk = None;
            c.used = Vec::new();
        }
    }
    parts.finish(&mut ws);
    load_time_logs(&mut ws, source, &listing.files);
    load_metrics(&mut ws, source);
    Ok(ws)
}

/// Reads each goal's metric file into its series; the latest value is its `current`.
fn load_metrics(ws: &mut Workspace, source: &dyn TreeSource) {
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    for pi in 0..ws.projects.len() {
        for gi in 0..ws.projects[pi].goals.len() {
            let Some(src) = ws.projects[pi].goals[gi].source.clone() else {
                continue;
            };
            let path = src.file.value.clone();
            let project_file = ws.projects[pi].file;
            let text = texts
                .entry(path.clone())
                .or_insert_with(|| source.read(&path).ok().and_then(|b| decode_owned(b).ok()));
            let Some(text) = text.as_deref() else {
                let mut d = Diagnostic::new(
                    Rule::MetricInvalid,
                    &ws.files[project_file].path,
                    src.file.pos,
                    format!(
                        "goal `{}`: cannot read `{path}`",
                        ws.projects[pi].goals[gi].id.value
                    ),
                );
                d.hint = Some(format!(
                    "`cairn record {} VALUE` creates it, or check the path",
                    ws.projects[pi].goals[gi].id.value
                ));
                ws.load_diagnostics.push(d);
                continue;
            };
            let (series, diags) = metrics::parse(&src, text);
            let id = &ws.projects[pi].goals[gi].id.value;
            ws.load_diagnostics.extend(diags.into_iter().map(|mut d| {
                d.message = format!("goal `{id}`: {}", d.message);
                d
            }));
            let goal = &mut ws.projects[pi].goals[gi];
            if let Some(&(_, v)) = series.last() {
                goal.current = Some(v);
            }
            goal.series = series;
        }
    }
}

/// Reads the time logs among `paths` into `ws`: their files (for quoting), their
/// entries, and what is wrong with their lines.
fn load_time_logs(ws: &mut Workspace, source: &dyn TreeSource, paths: &[String]) {
    for path in paths.iter().filter(|p| p.starts_with("time/")) {
        let text = match source.read(path) {
            Ok(bytes) => match decode_owned(bytes) {
                Ok(t) => t,
                Err((pos, msg)) => {
                    ws.load_diagnostics.push(Diagnostic {
                        rule: Rule::Unreadable,
                        severity: crate::diag::Severity::Error,
                        file: path.clone(),
                        line: pos.line,
                        column: pos.col,
                        message: msg,
                        hint: None,
                        subject: None,
                    });
                    continue;
                }
            },
            Err(e) => {
                ws.load_diagnostics.push(Diagnostic {
                    rule: Rule::Unreadable,
                    severity: crate::diag::Severity::Error,
                    file: path.clone(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read file: {e}"),
                    hint: None,
                    subject: None,
                });
                continue;
            }
        };
        let file = ws.files.len();
        let (entries, diags) = timelog::parse(&ws.config, path, file, &text);
        ws.time.extend(entries);
        ws.load_diagnostics.extend(diags);
        ws.index.files.insert(path.clone(), file);
        ws.files
            .push(SourceFile::new(path.clone(), FileKind::TimeLog, text));
    }
    // A task's `spent` is its `spent:` (work before logging began) plus its logged hours.
    let mut logged: HashMap<usize, f64> = HashMap::new();
    for e in &ws.time {
        if let Some(&i) = ws.index.tasks.get(&e.task) {
            *logged.entry(i).or_default() += e.hours;
        }
    }
    for (i, h) in logged {
        let t = &mut ws.tasks[i];
        t.spent_hours = Some(t.spent_hours.unwrap_or(0.0) + h);
    }
}

/// Files loaded at once (in parallel) before their items join the workspace.
const LOAD_CHUNK: usize = 4096;

/// The files and items of a load, in path order, as they come in.
struct Assembly {
    /// The index the first file will have in the workspace.
    first_file: usize,
    files: Vec<SourceFile>,
    projects: Vec<Project>,
    tasks: Vec<Task>,
    meetings: Vec<Meeting>,
    decisions: Vec<Decision>,
    diags: Vec<Diagnostic>,
}

impl Assembly {
    /// Room reserved for files of `kinds` up front: growing vectors of large items by
    /// doubling copies them over and over (100,000 tasks are some 50 MB).
    fn new(first_file: usize, kinds: impl Iterator<Item = FileKind> + Clone) -> Assembly {
        let count = |k: FileKind| kinds.clone().filter(|&x| x == k).count();
        Assembly {
            first_file,
            files: Vec::with_capacity(kinds.clone().count()),
            projects: Vec::with_capacity(count(FileKind::Project)),
            tasks: Vec::with_capacity(count(FileKind::Task)),
            meetings: Vec::with_capacity(count(FileKind::Meeting)),
            decisions: Vec::with_capacity(count(FileKind::Decision)),
            diags: Vec::new(),
        }
    }

    fn push(&mut self, l: Loaded) {
        let file = self.first_file + self.files.len();
        self.diags.extend(l.diags);
        match l.item {
            Some(Item::Project(mut p)) => {
                p.file = file;
                self.projects.push(p);
            }
            Some(Item::Task(mut t)) => {
                t.file = file;
                self.tasks.push(t);
            }
            Some(Item::Meeting(mut m)) => {
                m.file = file;
                self.meetings.push(m);
            }
            Some(Item::Decision(mut d)) => {
                d.file = file;
                self.decisions.push(d);
            }
            None => {}
        }
        self.files.push(SourceFile::new(l.path, l.kind, l.text));
    }

    /// Adds the parts to `ws` (whose files are the ones before `first_file`), and indexes
    /// it.
    fn finish(self, ws: &mut Workspace) {
        debug_assert_eq!(ws.files.len(), self.first_file);
        ws.load_diagnostics.extend(self.diags);
        append(&mut ws.files, self.files);
        append(&mut ws.projects, self.projects);
        append(&mut ws.tasks, self.tasks);
        append(&mut ws.meetings, self.meetings);
        append(&mut ws.decisions, self.decisions);
        ws.build_index();
    }
}

/// `more` after `v`, without a copy when `v` is empty.
fn append<T>(v: &mut Vec<T>, mut more: Vec<T>) {
    if v.is_empty() {
        *v = more;
    } else {
        v.append(&mut more);
    }
}

/// Adds loaded files (in path order) and their items to `ws`, and indexes it.
fn assemble(ws: &mut Workspace, loaded: Vec<Loaded>) {
    let mut parts = Assembly::new(ws.files.len(), loaded.iter().map(|l| l.kind));
    for l in loaded {
        parts.push(l);
    }
    parts.finish(ws);
}

/// The workspace `ws` after `changed` (workspace-relative path and new text, `None` for a
/// removed file): only those files are read from `source` (which must already show the
/// change, as an [`Overlay`](source::Overlay) does) and parsed; every other file's item
/// is reused (copied: `ws` stays as it was; [`reload_into`] reuses it without a copy). A
/// changed `cairn.yaml` reloads everything, since items depend on it.
pub fn reload(
    ws: &Workspace,
    source: &dyn TreeSource,
    changed: &[(String, Option<String>)],
) -> Result<Workspace, LoadError> {
    if reload_whole(ws, changed) {
        return load(source);
    }
    let mut items: Vec<Option<Item>> = vec![None; ws.files.len()];
    for p in &ws.projects {
        items[p.file] = Some(Item::Project(p.clone()));
    }
    for t in &ws.tasks {
        if items[t.file].is_none() {
            items[t.file] = Some(Item::Task(t.clone()));
        }
    }
    for m in &ws.meetings {
        items[m.file] = Some(Item::Meeting(m.clone()));
    }
    for d in &ws.decisions {
        items[d.file] = Some(Item::Decision(d.clone()));
    }
    let kept = Kept {
        files_moved: files_moved(ws, changed),
        config: ws.config.clone(),
        files: ws.files.clone(),
        items,
        diags: ws.load_diagnostics.clone(),
    };
    rebuild(kept, source, changed)
}

/// Whether an incremental reload cannot be used: the configuration changed, or time
/// logs are involved (their entries point at file indexes a rebuild moves).
fn reload_whole(ws: &Workspace, changed: &[(String, Option<String>)]) -> bool {
    changed
        .iter()
        .any(|(p, _)| p == CONFIG_FILE || p.starts_with("time/"))
        || ws.files.iter().any(|f| f.kind == FileKind::TimeLog)
        || ws
            .projects
            .iter()
            .any(|p| p.goals.iter().any(|g| g.source.is_some()))
}

/// [`reload`], taking `ws` and reusing its items and texts instead of copying them.
pub fn reload_into(
    ws: Workspace,
    source: &dyn TreeSource,
    changed: &[(String, Option<String>)],
) -> Result<Workspace, LoadError> {
    if reload_whole(&ws, changed) {
        return load(source);
    }
    let moved = files_moved(&ws, changed);
    let Workspace {
        config,
        files,
        projects,
        tasks,
        meetings,
        decisions,
        load_diagnostics,
        index: _,
        time: _,
    } = ws;
    let mut items: Vec<Option<Item>> = vec![None; files.len()];
    for p in projects {
        let f = p.file;
        items[f] = Some(Item::Project(p));
    }
    for t in tasks {
        let f = t.file;
        if items[f].is_none() {
            items[f] = Some(Item::Task(t));
        }
    }
    for m in meetings {
        let f = m.file;
        items[f] = Some(Item::Meeting(m));
    }
    for d in decisions {
        let f = d.file;
        items[f] = Some(Item::Decision(d));
    }
    let kept = Kept {
        files_moved: moved,
        config,
        files,
        items,
        diags: load_diagnostics,
    };
    rebuild(kept, source, changed)
}

/// Whether `changed` adds or removes files: that changes what links lead to, so every
/// link is looked at again.
fn files_moved(ws: &Workspace, changed: &[(String, Option<String>)]) -> bool {
    changed
        .iter()
        .any(|(p, t)| t.is_none() || ws.file(p).is_none())
}

/// A loaded workspace taken apart for [`rebuild`]: each file with its item.
struct Kept {
    files_moved: bool,
    config: Config,
    files: Vec<SourceFile>,
    /// The item of each file, by file index.
    items: Vec<Option<Item>>,
    diags: Vec<Diagnostic>,
}

/// The workspace of `kept` after `changed` (see [`reload`]).
fn rebuild(
    kept: Kept,
    source: &dyn TreeSource,
    changed: &[(String, Option<String>)],
) -> Result<Workspace, LoadError> {
    let Kept {
        files_moved,
        config,
        files,
        items,
        diags,
    } = kept;
    let is_changed = |p: &str| changed.iter().any(|(c, _)| c == p);
    let mut diags_of: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    for d in diags {
        diags_of.entry(d.file.clone()).or_default().push(d);
    }
    let mut files = files.into_iter();
    let Some(config_file) = files.next() else {
        return load(source);
    };
    let mut loaded: Vec<Loaded> = Vec::with_capacity(items.len() + changed.len());
    for (f, item) in files.zip(items.into_iter().skip(1)) {
        if is_changed(&f.path) {
            continue;
        }
        let mut item = item;
        if files_moved && let Some(it) = item.as_mut() {
            relink(it, source, &f.path);
        }
        let diags = diags_of.remove(f.path.as_str()).unwrap_or_default();
        loaded.push(Loaded {
            path: f.path,
            kind: f.kind,
            text: f.text,
            item,
            diags,
        });
    }
    let fresh: Vec<Loaded> = changed
        .par_iter()
        .filter(|(_, text)| text.is_some())
        .filter_map(|(path, _)| FileKind::of_path(path).map(|k| (path, k)))
        .filter(|(path, _)| path.ends_with(".md"))
        .map(|(path, kind)| load_file(source, &config, path, kind, false).0)
        .collect();
    loaded.extend(fresh);
    loaded.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Workspace {
        config,
        ..Workspace::default()
    };
    out.files.push(config_file);
    // What is left: diagnostics of the configuration and of the listing (files that could
    // not be offered), except those of changed paths.
    out.load_diagnostics = diags_of
        .into_iter()
        .filter(|(p, _)| !is_changed(p))
        .flat_map(|(_, d)| d)
        .collect();
    assemble(&mut out, loaded);
    Ok(out)
}

fn encode(l: &Loaded) -> Vec<u8> {
    use codec::Codec;
    let mut out = Vec::with_capacity(l.text.len() + 256);
    l.kind.put(&mut out);
    l.text.put(&mut out);
    match &l.item {
        None => out.push(0),
        Some(Item::Project(p)) => {
            out.push(1);
            p.put(&mut out);
        }
        Some(Item::Task(t)) => {
            out.push(2);
            t.put(&mut out);
        }
        Some(Item::Meeting(m)) => {
            out.push(3);
            m.put(&mut out);
        }
        Some(Item::Decision(d)) => {
            out.push(4);
            d.put(&mut out);
        }
    }
    l.diags.put(&mut out);
    out
}

fn decode_loaded(bytes: &[u8], path: &str) -> Option<Loaded> {
    use codec::Codec;
    let mut r = codec::Reader { bytes };
    let kind = FileKind::get(&mut r)?;
    let text = String::get(&mut r)?;
    let item = match r.take(1)?[0] {
        0 => None,
        1 => Some(Item::Project(Project::get(&mut r)?)),
        2 => Some(Item::Task(Task::get(&mut r)?)),
        3 => Some(Item::Meeting(Meeting::get(&mut r)?)),
        4 => Some(Item::Decision(Decision::get(&mut r)?)),
        _ => return None,
    };
    let diags = Vec::<Diagnostic>::get(&mut r)?;
    r.is_empty().then(|| Loaded {
        path: path.to_owned(),
        kind,
        text,
        item,
        diags,
    })
}

#[derive(Clone)]
// A task is the biggest item and the most common one: boxing it would add an allocation
// per task to every load, for no gain (items live only until the workspace is assembled).
#[allow(clippy::large_enum_variant)]
enum Item {
    Project(Project),
    Task(Task),
    Meeting(Meeting),
    Decision(Decision),
}

#[derive(Clone)]
struct Loaded {
    path: String,
    kind: FileKind,
    text: String,
    item: Option<Item>,
    diags: Vec<Diagnostic>,
}

/// Reads and parses one file; with `keep_bytes`, also returns the bytes read.
fn load_file(
    source: &dyn TreeSource,
    config: &Config,
    path: &str,
    kind: FileKind,
    keep_bytes: bool,
) -> (Loaded, Option<Vec<u8>>) {
    let mut sink = Sink::new(path);
    let mut out = Loaded {
        path: path.to_owned(),
        kind,
        text: String::new(),
        item: None,
        diags: Vec::new(),
    };
    let mut kept = None;
    let mut bom = false;
    let text = match source.read(path) {
        Ok(bytes) if keep_bytes => {
            bom = bytes.starts_with(BOM);
            let text = decode(&bytes);
            kept = Some(bytes);
            text
        }
        // Most loads: the bytes become the text without a copy.
        Ok(bytes) => {
            bom = bytes.starts_with(BOM);
            decode_owned(bytes)
        }
        Err(e) => Err((Pos::START, format!("cannot read file: {e}"))),
    };
    match text {
        Ok(text) => {
            out.item = parse_item(source, config, path, kind, &text, &mut sink);
            // The text is the file's, BOM included, so an edit compares and keeps it.
            out.text = if bom { format!("\u{feff}{text}") } else { text };
        }
        Err((pos, msg)) => sink.push(Rule::Unreadable, pos, msg),
    }
    out.diags = sink.diags;
    (out, kept)
}

/// A file's bytes read as the loader reads them (same fields, same defaults), for code
/// that sees single blobs, such as history. Links are not looked up. `None` when the file
/// is not a readable item of `kind`.
fn parse_blob(config: &Config, path: &str, kind: FileKind, bytes: &[u8]) -> Option<Item> {
    struct NoLinks;
    impl TreeSource for NoLinks {
        fn list(&self) -> std::io::Result<source::Listing> {
            Ok(source::Listing::default())
        }
        fn read(&self, _: &str) -> Result<Vec<u8>, ReadError> {
            Err(ReadError::Io(std::io::ErrorKind::NotFound.into()))
        }
        fn link_state(&self, _: &str) -> LinkState {
            LinkState::Exists
        }
        fn workspace_prefix(&self) -> &str {
            ""
        }
    }
    let text = decode(bytes).ok()?;
    let mut sink = Sink::new(path);
    parse_item(&NoLinks, config, path, kind, &text, &mut sink)
}

/// A task file's bytes as the loader reads them (see [`parse_blob`]).
pub fn parse_task(config: &Config, path: &str, bytes: &[u8]) -> Option<Task> {
    match parse_blob(config, path, FileKind::Task, bytes)? {
        Item::Task(t) => Some(t),
        _ => None,
    }
}

/// A decision file's bytes as the loader reads them.
pub fn parse_decision(config: &Config, path: &str, bytes: &[u8]) -> Option<Decision> {
    match parse_blob(config, path, FileKind::Decision, bytes)? {
        Item::Decision(d) => Some(d),
        _ => None,
    }
}

/// A project file's bytes as the loader reads them (its goals' `current` as written).
pub fn parse_project(config: &Config, path: &str, bytes: &[u8]) -> Option<Project> {
    match parse_blob(config, path, FileKind::Project, bytes)? {
        Item::Project(p) => Some(p),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_handles_crlf_and_bodies_with_fences() {
        let parts = split_front_matter("---\r\nid: T-1\r\n---\r\nbody\r\n---\r\nmore\r\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(parts.yaml, "id: T-1\r\n");
        assert_eq!(parts.body_line, 4);
        assert!(parts.body.contains("more"));
    }

    #[test]
    fn front_matter_problems_are_explained() {
        assert!(split_front_matter("").unwrap_err().1.contains("empty"));
        assert!(
            split_front_matter("---\n")
                .unwrap_err()
                .1
                .contains("not closed")
        );
        assert!(
            split_front_matter("# title\n")
                .unwrap_err()
                .1
                .contains("does not start")
        );
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let (pos, msg) = decode(b"---\nid: \xff\n").unwrap_err();
        assert_eq!(pos, Pos { line: 2, col: 5 });
        assert!(msg.contains("UTF-8"));
    }

    #[test]
    fn bom_is_stripped() {
        assert_eq!(decode(b"\xEF\xBB\xBF---\n").as_deref(), Ok("---\n"));
        assert_eq!(
            decode_owned(b"\xEF\xBB\xBF---\n".to_vec()).as_deref(),
            Ok("---\n")
        );
        assert_eq!(
            decode_owned(b"---\nid: \xff\n".to_vec()),
            decode(b"---\nid: \xff\n")
        );
    }

    #[test]
    fn ids_need_the_prefix_and_a_number() {
        assert_eq!(id_number("T-12", "T"), Some(12));
        assert_eq!(id_number("T-012", "T"), None);
        assert_eq!(id_number("X-1", "T"), None);
        assert_eq!(id_number("T-", "T"), None);
    }
}
