//! `cairn inbox`: what changed for one person since they last looked, from git history.
//!
//! The commits since then (first-parent line of HEAD) are walked once; each task file a
//! commit changed is read before and after, and each Markdown file's new lines are
//! searched for the person's `@mention`. What others did counts (a person's own commits
//! are not news to them). Standing items come from the working tree: action items due
//! within a week or overdue, and proposed decisions that wait for the person. Forecast
//! moves compare the person's tasks at the start of the window and at HEAD, both
//! forecast for today, so the move is what the commits did, not the calendar.

use crate::analyze::activity::{self, Stop, Walk};
use crate::analyze::schedule::{self, Forecast, HeldBy};
use crate::load::ParseCache;
use crate::load::git::{CommitInfo, GitError, Repo};
use crate::load::source::DirSource;
use crate::load::source::TreeSource;
use crate::load::state::StateDir;
use crate::model::{Task, Workspace};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The most commits one inbox walks.
pub const MAX_COMMITS: usize = 5_000;
/// How far ahead an action item's due date makes it news.
const DUE_WITHIN_DAYS: i64 = 7;

/// Where the window starts.
#[derive(Clone, Debug)]
pub enum Since {
    /// From where the person last marked it seen (else the last 7 days).
    Seen,
    /// After this revision.
    Rev(String),
    /// From this day (00:00 UTC).
    Date(Date),
}

/// What kind of news an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Assigned,
    Changed,
    Mention,
    Forecast,
    Action,
    Decision,
}

impl Kind {
    /// The section heading people read.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Assigned => "Assigned to you",
            Kind::Changed => "Your tasks, changed by others",
            Kind::Mention => "Mentions",
            Kind::Forecast => "Your forecasts that moved",
            Kind::Action => "Action items due",
            Kind::Decision => "Decisions waiting for you",
        }
    }
}

/// A field that changed: `before → after` (`null`: not set).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One thing that changed for the person.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub kind: Kind,
    /// The task, decision or meeting it is about.
    pub id: Option<String>,
    pub title: String,
    /// One line: what happened (`due 2026-12-18 → 2026-12-11`, the mentioning line, ...).
    pub text: String,
    pub changes: Vec<FieldChange>,
    /// The commit (7 hex digits), who made it and when; `null` for standing items.
    pub commit: Option<String>,
    pub author: Option<String>,
    pub date: Option<Date>,
    /// Workspace-relative path and line.
    pub file: String,
    pub line: u32,
    /// For standing items, what identifies them across runs (so a marked one stays quiet
    /// until it changes).
    #[serde(skip)]
    pub key: Option<String>,
    #[serde(skip)]
    order: (i64, usize),
}

/// Where the window started.
#[derive(Clone, Debug, Serialize)]
pub struct SinceInfo {
    /// `seen` (the last `--mark-seen`), `first-run` (7 days), `date` or `rev`.
    pub from: &'static str,
    pub date: Option<Date>,
    /// The revision given with `--since`.
    pub rev: Option<String>,
    /// The newest commit not in the window.
    pub commit: Option<String>,
}

/// The JSON of `inbox` (docs/json.md), and what the renderers draw.
#[derive(Clone, Debug, Serialize)]
pub struct Inbox {
    pub version: u32,
    pub person: String,
    pub name: String,
    pub since: SinceInfo,
    /// Commits walked.
    pub commits: usize,
    /// More commits than the walk reads were in the window: the oldest were left out.
    pub truncated: bool,
    /// Newest first.
    pub items: Vec<Item>,
    /// `--mark-seen` recorded this run.
    pub marked_seen: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Revisions(#[from] super::revisions::RevisionError),
    #[error("cannot record what was seen: {0}")]
    State(#[source] std::io::Error),
}

/// What `--mark-seen` keeps per person, in the state folder (never the working tree).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    pub commit: Option<String>,
    pub date: Option<Date>,
    /// Standing items shown when it was marked.
    pub keys: BTreeSet<String>,
}

impl Seen {
    fn path(state: &StateDir, person: &str) -> std::path::PathBuf {
        // Only well-formed ids name a file (an id with `/` or `..` is reported by `check`
        // and gets no record).
        let name = if crate::model::is_person_id(person) {
            person
        } else {
            "_invalid"
        };
        state.path().join("inbox").join(format!("{name}.seen"))
    }

    /// The person's record; an unreadable or foreign file counts as none.
    pub fn read(state: &StateDir, person: &str) -> Option<Seen> {
        let path = Self::path(state, person);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 1024 * 1024 {
            return None;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        let mut lines = text.lines();
        if lines.next() != Some("cairn inbox 1") {
            return None;
        }
        let mut seen = Seen::default();
        for l in lines {
            match l.split_once(' ') {
                Some(("commit", c))
                    if c.len() == 40 && c.bytes().all(|b| b.is_ascii_hexdigit()) =>
                {
                    seen.commit = Some(c.to_owned());
                }
                Some(("date", d)) => seen.date = crate::text::fields::parse_date(d).ok(),
                Some(("key", k)) => {
                    seen.keys.insert(k.to_owned());
                }
                _ => {}
            }
        }
        Some(seen)
    }

    /// Writes the record atomically.
    pub fn write(&self, state: &StateDir, person: &str) -> std::io::Result<()> {
        let path = Self::path(state, person);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = String::from("cairn inbox 1\n");
        if let Some(c) = &self.commit {
            text.push_str(&format!("commit {c}\n"));
        }
        if let Some(d) = self.date {
            text.push_str(&format!("date {d}\n"));
        }
        for k in &self.keys {
            text.push_str(&format!("key {k}\n"));
        }
        super::write::write_if_changed(&path, text.as_bytes()).map(|_| ())
    }
}

/// How to build one inbox.
pub struct Request<'a> {
    pub person: &'a str,
    pub since: Since,
    pub today: Date,
    pub mark_seen: bool,
    pub state: Option<&'a StateDir>,
}

/// The inbox of `req.person` in `ws` (the working tree at `dir`).
pub fn inbox(
    dir: &DirSource,
    ws: &Workspace,
    req: &Request,
    cache: ParseCache,
) -> Result<Inbox, InboxError> {
    let me = req.person;
    let name = ws
        .config
        .person(me)
        .map_or_else(|| me.to_owned(), |p| p.name.clone());
    let emails: Vec<String> = ws
        .config
        .person(me)
        .and_then(|p| p.email.clone())
        .map(|e| e.to_lowercase())
        .into_iter()
        .collect();
    let seen = match (&req.since, req.state) {
        (Since::Seen, Some(state)) => Seen::read(state, me),
        _ => None,
    };
    let repo = Repo::discover(dir.root());
    let week_ago = req
        .today
        .checked_sub(jiff::Span::new().days(7))
        .unwrap_or(req.today);
    let midnight =
        |d: Date| jiff::Timestamp::from_second(i64::from(schedule::day_number(d)) * 86_400).ok();
    let (from, since_date, stop) = match &req.since {
        Since::Seen => match &seen {
            Some(s) => (
                "seen",
                s.date,
                Stop {
                    commit: s
                        .commit
                        .as_deref()
                        .and_then(|c| gix::ObjectId::from_hex(c.as_bytes()).ok()),
                    // A commit rewritten since (a rebase) is never met: stop at its day.
                    time: s.date.and_then(midnight),
                },
            ),
            None => (
                "first-run",
                Some(week_ago),
                Stop {
                    commit: None,
                    time: midnight(week_ago),
                },
            ),
        },
        Since::Date(d) => (
            "date",
            Some(*d),
            Stop {
                commit: None,
                time: midnight(*d),
            },
        ),
        Since::Rev(r) => {
            let repo = repo.as_ref().map_err(Clone::clone)?;
            (
                "rev",
                None,
                Stop {
                    commit: Some(repo.commit(r)?),
                    time: None,
                },
            )
        }
    };
    let (walk, head) = match &repo {
        Ok(repo) if repo.commit("HEAD").is_ok() => {
            let head = repo.commit("HEAD")?;
            (
                activity::walk(repo, head, dir.workspace_prefix(), stop, MAX_COMMITS)?,
                Some(head),
            )
        }
        _ => (Walk::default(), None),
    };
    let mut items = Vec::new();
    if let Ok(repo) = &repo {
        let moved = history_items(repo, ws, me, &emails, &walk, &mut items);
        if let Some(head) = head
            && !walk.commits.is_empty()
        {
            forecast_items(
                dir, ws, me, &walk, &moved, head, req.today, cache, &mut items,
            )?;
        }
    }
    standing_items(ws, me, req.today, &mut items);
    // A standing item shown when the person marked the inbox seen stays quiet.
    if let Some(s) = &seen {
        items.retain(|i| i.key.as_ref().is_none_or(|k| !s.keys.contains(k)));
    }
    items.sort_by(|a, b| b.order.cmp(&a.order).then(a.kind.cmp(&b.kind)));
    let base = walk.base.map(|b| b.to_hex_with_len(12).to_string());
    let mut inbox = Inbox {
        version: 1,
        person: me.to_owned(),
        name,
        since: SinceInfo {
            from,
            date: since_date,
            rev: match &req.since {
                Since::Rev(r) => Some(r.clone()),
                _ => None,
            },
            commit: base,
        },
        commits: walk.commits.len(),
        truncated: walk.truncated,
        items,
        marked_seen: false,
    };
    if req.mark_seen
        && let Some(state) = req.state
    {
        let mut keys: BTreeSet<String> = seen.map(|s| s.keys).unwrap_or_default();
        keys.extend(inbox.items.iter().filter_map(|i| i.key.clone()));
        // Keep only keys of items that still stand, so the file does not grow forever.
        let mut standing = Vec::new();
        standing_items(ws, me, req.today, &mut standing);
        let live: BTreeSet<String> = standing.into_iter().filter_map(|i| i.key).collect();
        keys.retain(|k| live.contains(k));
        Seen {
            commit: head.map(|h| h.to_string()),
            date: Some(req.today),
            keys,
        }
        .write(state, me)
        .map_err(InboxError::State)?;
        inbox.marked_seen = true;
    }
    Ok(inbox)
}

fn commit_order(c: &CommitInfo, n: usize) -> (i64, usize) {
    (c.time.as_second(), n)
}

fn commit_date(c: &CommitInfo) -> Option<Date> {
    schedule::day_of(c.time)
}

/// Assignments, changes by others and mentions, commit by commit.
fn history_items(
    repo: &Repo,
    ws: &Workspace,
    me: &str,
    emails: &[String],
    walk: &Walk,
    out: &mut Vec<Item>,
) -> HashMap<String, usize> {
    // Tasks whose forecast inputs a commit changed: the newest such commit of each.
    let mut moved: HashMap<String, usize> = HashMap::new();
    let tasks_dir = "tasks/";
    let mut local = repo.local();
    local.object_cache_size_if_unset(activity::OBJECT_CACHE_BYTES);
    // A blob is parsed once: the version one commit writes is the next one's "before".
    let mut parsed: HashMap<gix::ObjectId, Option<std::rc::Rc<Task>>> = HashMap::new();
    for (n, cc) in walk.commits.iter().enumerate() {
        let c = &cc.commit;
        // A person's own commits are not news to them.
        if emails.contains(&c.email) {
            continue;
        }
        let item =
            |kind: Kind, id: Option<String>, title: String, text: String, file: &str, line: u32| {
                Item {
                    kind,
                    id,
                    title,
                    text,
                    changes: Vec::new(),
                    commit: Some(c.short()),
                    author: Some(c.author.clone()),
                    date: commit_date(c),
                    file: file.to_owned(),
                    line,
                    key: None,
                    order: commit_order(c, n),
                }
            };
        for f in &cc.files {
            let new = f.new.and_then(|b| activity::blob(&local, b));
            if let Some(rel) = f.path.strip_prefix(tasks_dir) {
                let path = format!("tasks/{rel}");
                let mut parse = |id: Option<gix::ObjectId>, bytes: Option<&[u8]>| {
                    let id = id?;
                    parsed
                        .entry(id)
                        .or_insert_with(|| {
                            let owned;
                            let b = match bytes {
                                Some(b) => b,
                                None => {
                                    owned = activity::blob(&local, id)?;
                                    &owned
                                }
                            };
                            crate::load::parse_task(&ws.config, &path, b).map(std::rc::Rc::new)
                        })
                        .clone()
                };
                let before = parse(f.old, None);
                let after = parse(f.new, new.as_deref());
                if before.as_deref().map(schedule_inputs) != after.as_deref().map(schedule_inputs)
                    && let Some(t) = after.as_ref().or(before.as_ref())
                {
                    moved.insert(t.id.value.clone(), n);
                }
                let mine = |t: &Option<std::rc::Rc<Task>>| {
                    t.as_ref()
                        .is_some_and(|t| t.assignees.iter().any(|a| a.value == me))
                };
                match (&before, &after) {
                    (_, Some(t)) if mine(&after) && !mine(&before) => {
                        let by = if before.is_none() {
                            "created"
                        } else {
                            "assigned"
                        };
                        out.push(item(
                            Kind::Assigned,
                            Some(t.id.value.clone()),
                            t.title.clone(),
                            format!("{by} by {}", c.author),
                            &f.path,
                            t.assignees
                                .iter()
                                .find(|a| a.value == me)
                                .map_or(t.id.pos.line, |a| a.pos.line),
                        ));
                    }
                    (Some(b), Some(a)) if mine(&after) => {
                        let (changes, line) = task_changes(ws, b, a);
                        if !changes.is_empty() {
                            let text = changes
                                .iter()
                                .map(|ch| {
                                    format!(
                                        "{} {} → {}",
                                        ch.field,
                                        ch.before.as_deref().unwrap_or("(none)"),
                                        ch.after.as_deref().unwrap_or("(none)")
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join(", ");
                            let mut it = item(
                                Kind::Changed,
                                Some(a.id.value.clone()),
                                a.title.clone(),
                                text,
                                &f.path,
                                line,
                            );
                            it.changes = changes;
                            out.push(it);
                        }
                    }
                    (Some(b), None) if mine(&before) => {
                        out.push(item(
                            Kind::Changed,
                            Some(b.id.value.clone()),
                            b.title.clone(),
                            "the task's file was removed".into(),
                            &f.path,
                            1,
                        ));
                    }
                    _ => {}
                }
            }
            // Mentions: lines of the new version that name the person and were not there.
            let needle = format!("@{me}");
            if let Some(new) = &new
                && memfind(new, needle.as_bytes())
            {
                let old = f.old.and_then(|b| activity::blob(&local, b));
                let new_text = String::from_utf8_lossy(new);
                let old_text = old.as_deref().map(String::from_utf8_lossy);
                let mut before: HashMap<&str, usize> = HashMap::new();
                if let Some(o) = &old_text {
                    for l in o.lines() {
                        *before.entry(l.trim_end()).or_default() += 1;
                    }
                }
                for (i, l) in new_text.lines().enumerate() {
                    let l = l.trim_end();
                    if let Some(k) = before.get_mut(l)
                        && *k > 0
                    {
                        *k -= 1;
                        continue;
                    }
                    let named = crate::text::body::mentions(l, crate::diag::Pos::START)
                        .iter()
                        .any(|m| m.value == me);
                    if named {
                        let text: String = l.trim().chars().take(200).collect();
                        out.push(item(
                            Kind::Mention,
                            None,
                            String::new(),
                            text,
                            &f.path,
                            u32::try_from(i + 1).unwrap_or(u32::MAX),
                        ));
                    }
                }
            }
        }
    }
    moved
}

/// What the forecast reads of a task: a change to any of it can move dates.
#[allow(clippy::type_complexity)]
fn schedule_inputs(
    t: &Task,
) -> (
    &str,
    Vec<&str>,
    Option<u64>,
    Option<u64>,
    Option<u64>,
    Option<Date>,
    Option<Date>,
    Vec<&str>,
    Option<&str>,
    Option<&str>,
    crate::model::Priority,
    Option<String>,
) {
    (
        t.status.value.as_str(),
        t.assignees.iter().map(|a| a.value.as_str()).collect(),
        t.estimate_hours.map(f64::to_bits),
        t.spent_hours.map(f64::to_bits),
        t.progress.as_ref().map(|p| p.value.to_bits()),
        t.start.as_ref().map(|d| d.value),
        t.due.as_ref().map(|d| d.value),
        t.depends_on.iter().map(|d| d.value.as_str()).collect(),
        t.parent.as_ref().map(|p| p.value.as_str()),
        t.milestone.as_ref().map(|m| m.value.as_str()),
        t.priority,
        t.max_per_day.as_ref().map(|m| format!("{m:?}")),
    )
}

/// Whether `needle` occurs in `hay`.
fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The fields of a task people act on, compared: status, due, estimate, priority,
/// dependencies. Returns the changes and the line of the first.
fn task_changes(ws: &Workspace, b: &Task, a: &Task) -> (Vec<FieldChange>, u32) {
    let mut out = Vec::new();
    let mut line = None;
    let mut push = |field, before: Option<String>, after: Option<String>, at: u32| {
        if before != after {
            line.get_or_insert(at);
            out.push(FieldChange {
                field,
                before,
                after,
            });
        }
    };
    push(
        "status",
        Some(b.status.value.clone()),
        Some(a.status.value.clone()),
        a.status.pos.line,
    );
    push(
        "due",
        b.due.as_ref().map(|d| d.value.to_string()),
        a.due.as_ref().map(|d| d.value.to_string()),
        a.due.as_ref().map_or(a.id.pos.line, |d| d.pos.line),
    );
    push(
        "estimate",
        b.estimate_hours.map(|h| ws.config.format_effort(h)),
        a.estimate_hours.map(|h| ws.config.format_effort(h)),
        a.estimate_pos.line,
    );
    push(
        "priority",
        Some(b.priority.name().to_owned()),
        Some(a.priority.name().to_owned()),
        a.id.pos.line,
    );
    let deps = |t: &Task| {
        (!t.depends_on.is_empty()).then(|| {
            t.depends_on
                .iter()
                .map(|d| d.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    push(
        "depends_on",
        deps(b),
        deps(a),
        a.depends_on.first().map_or(a.id.pos.line, |d| d.pos.line),
    );
    (out, line.unwrap_or(a.id.pos.line))
}

/// The person's open tasks whose forecast finish moved between the window's base and
/// HEAD, each with the newest commit that touched its chain and why.
#[allow(clippy::too_many_arguments)]
fn forecast_items(
    dir: &DirSource,
    ws: &Workspace,
    me: &str,
    walk: &Walk,
    moved: &HashMap<String, usize>,
    head: gix::ObjectId,
    today: Date,
    cache: ParseCache,
    out: &mut Vec<Item>,
) -> Result<(), InboxError> {
    let Some(base) = walk.base else {
        return Ok(());
    };
    let sides =
        super::revisions::load_two(dir, &base.to_string(), Some(&head.to_string()), true, cache)?;
    let (fb, fa) = (
        schedule::forecast(&sides.base, today),
        schedule::forecast(&sides.head, today),
    );
    // Which commit last changed cairn.yaml (people, time off, the calendar).
    let config_at = walk.commits.iter().rposition(|c| c.config_changed);
    let finish = |f: &Forecast, i: usize| {
        f.tasks
            .get(i)
            .and_then(Option::as_ref)
            .filter(|t| !t.done && !t.never)
            .map(|t| t.finish.date())
    };
    let head_ws = &sides.head;
    for (i, t) in head_ws.tasks.iter().enumerate() {
        if !t.assignees.iter().any(|a| a.value == me) {
            continue;
        }
        let Some(after) = finish(&fa, i) else {
            continue;
        };
        let Some(j) = sides.base.index.tasks.get(t.id.value.as_str()).copied() else {
            continue;
        };
        let Some(before) = finish(&fb, j) else {
            continue;
        };
        if before == after {
            continue;
        }
        // Why: the tasks on its new chain (itself, what held it, what held that, ...)
        // that commits in the window touched; the newest such commit moved it.
        let mut chain = vec![i];
        let mut k = i;
        while let Some(h) = fa
            .tasks
            .get(k)
            .and_then(Option::as_ref)
            .and_then(|f| f.held_by)
        {
            let j = match h {
                HeldBy::Dependency(j) | HeldBy::Assignee(j) | HeldBy::Child(j) => j,
            };
            if chain.contains(&j) || chain.len() > 50 {
                break;
            }
            chain.push(j);
            k = j;
        }
        let mut causes: Vec<(usize, &str)> = chain
            .iter()
            .filter_map(|&c| {
                let id = head_ws.tasks[c].id.value.as_str();
                moved.get(id).map(|&n| (n, id))
            })
            .collect();
        causes.sort_unstable_by(|a, b| b.cmp(a));
        let newest = causes.first().map(|c| c.0).or(config_at);
        let why = if causes.is_empty() {
            if config_at.is_some() {
                "because cairn.yaml changed (people, time off or the calendar)".to_owned()
            } else {
                "because of changes elsewhere in the plan".to_owned()
            }
        } else {
            let ids: Vec<&str> = causes.iter().map(|c| c.1).take(3).collect();
            format!("because of changes to {} on its chain", ids.join(", "))
        };
        let shift = schedule::working_days(head_ws, before, after);
        let (commit, author, date, order) =
            match newest.and_then(|n| walk.commits.get(n).map(|c| (n, c))) {
                Some((n, cc)) => (
                    Some(cc.commit.short()),
                    Some(cc.commit.author.clone()),
                    commit_date(&cc.commit),
                    commit_order(&cc.commit, n),
                ),
                None => (None, None, None, (0, 0)),
            };
        let file = ws.task(&t.id.value).map_or_else(
            || head_ws.path(t.file).to_owned(),
            |w| ws.path(w.file).to_owned(),
        );
        out.push(Item {
            kind: Kind::Forecast,
            id: Some(t.id.value.clone()),
            title: t.title.clone(),
            text: format!(
                "finish {before} → {after} ({}{shift} working day{}), {why}",
                if shift > 0 { "+" } else { "" },
                if shift.abs() == 1 { "" } else { "s" }
            ),
            changes: vec![FieldChange {
                field: "finish",
                before: Some(before.to_string()),
                after: Some(after.to_string()),
            }],
            commit,
            author,
            date,
            file,
            line: t.id.pos.line,
            key: None,
            order,
        });
    }
    Ok(())
}

/// An action item's text without its `due:` token (the date is said after it).
pub fn without_due(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !w.starts_with("due:"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Action items for the person due within a week or overdue, and proposed decisions
/// that name them, from the working tree.
fn standing_items(ws: &Workspace, me: &str, today: Date, out: &mut Vec<Item>) {
    let soon = today
        .checked_add(jiff::Span::new().days(DUE_WITHIN_DAYS))
        .unwrap_or(today);
    let f = super::query::ActionFilter {
        people: vec![me.to_owned()],
        open: true,
        ..Default::default()
    };
    for a in super::query::actions(ws, &f, today) {
        let Some(due) = a.item.due.as_ref().map(|d| d.value) else {
            continue;
        };
        if due > soon {
            continue;
        }
        let state = if a.overdue { "overdue" } else { "due" };
        let when = if a.overdue {
            let n = (today - due).get_days();
            format!(
                "overdue since {due} ({n} day{})",
                if n == 1 { "" } else { "s" }
            )
        } else if due == today {
            "due today".to_owned()
        } else {
            format!("due {due}")
        };
        out.push(Item {
            kind: Kind::Action,
            id: Some(format!("{}#{}", a.meeting.id.value, a.number)),
            title: a.meeting.title.clone(),
            text: format!("{} — {when}", without_due(&a.item.text)),
            changes: Vec::new(),
            commit: None,
            author: None,
            date: Some(due),
            file: ws.path(a.meeting.file).to_owned(),
            line: a.item.pos.line,
            key: Some(format!(
                "action:{}#{}:{state}",
                a.meeting.id.value, a.number
            )),
            order: (i64::MAX - 1, 0),
        });
    }
    for d in &ws.decisions {
        if d.status != crate::model::DecisionStatus::Proposed
            || !d.deciders.iter().any(|x| x.value == me)
        {
            continue;
        }
        out.push(Item {
            kind: Kind::Decision,
            id: Some(d.id.value.clone()),
            title: d.title.clone(),
            text: "proposed; you are one of its deciders".into(),
            changes: Vec::new(),
            commit: None,
            author: None,
            date: d.date,
            file: ws.path(d.file).to_owned(),
            line: d.status_pos.line,
            key: Some(format!("decision:{}", d.id.value)),
            order: (i64::MAX - 2, 0),
        });
    }
}
