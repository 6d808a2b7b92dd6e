//! Commands that change one file: `start`, `done`, `reopen`, `assign`, `unassign`, `set`,
//! `depend`, `tag`, `comment`, `tick`, `untick`. Each edits the front matter or body as
//! text (see `edit::Doc`), checks the workspace with the edited file in place, and writes
//! only when the edit introduces no error.

use crate::cli::{CliError, CmdResult, Context};
use crate::diag::Severity;
use crate::edit::{Doc, Value, scalar};
use crate::load::{DECISION_KEYS, MEETING_KEYS, PROJECT_KEYS, TASK_KEYS};
use crate::model::{Kind, LinkState, StatusCategory, Workspace};
use crate::source::{DirSource, Listing, ReadError, TreeSource};
use clap::Args;
use clap_complete::engine::ArgValueCompleter;
use std::io::Write;

/// Dynamic completion of task ids and people (see `complete`).
#[allow(non_snake_case)]
pub(crate) fn TASKS() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::task_ids)
}
#[allow(non_snake_case)]
pub(crate) fn PEOPLE() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::complete::people)
}

/// Flags every edit takes.
#[derive(Debug, Args)]
pub struct EditOpts {
    /// Print the change as a diff instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
}

/// Move a task to the workflow's first `active` status.
#[derive(Debug, Args)]
pub struct StartArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Move a task to the workflow's first `done` status and set `closed` to today.
#[derive(Debug, Args)]
pub struct DoneArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Move a task back to the workflow's first `open` status and remove `closed`.
#[derive(Debug, Args)]
pub struct ReopenArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Add people to a task's assignees.
#[derive(Debug, Args)]
pub struct AssignArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[arg(required = true, value_name = "PERSON", add = PEOPLE())]
    pub people: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Remove people from a task's assignees.
#[derive(Debug, Args)]
pub struct UnassignArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[arg(required = true, value_name = "PERSON", add = PEOPLE())]
    pub people: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Set fields of a task, project, decision or meeting: `cairn set T-12 due=2026-12-20
/// estimate=3d priority=high`. List fields take comma-separated values.
#[derive(Debug, Args)]
pub struct SetArgs {
    pub id: String,
    /// `field=value` pairs.
    #[arg(value_name = "FIELD=VALUE")]
    pub assignments: Vec<String>,
    /// Remove a field; repeat for several.
    #[arg(long, value_name = "FIELD")]
    pub unset: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Make a task depend on others: `cairn depend T-12 on T-9 T-10` (`--remove` to drop).
#[derive(Debug, Args)]
pub struct DependArgs {
    #[arg(add = TASKS())]
    pub id: String,
    /// The word `on`.
    #[arg(value_parser = ["on"])]
    pub on: String,
    #[arg(required = true, value_name = "TASK", add = TASKS())]
    pub targets: Vec<String>,
    #[arg(long)]
    pub remove: bool,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Add and remove tags: `cairn tag T-12 +web -legacy`.
#[derive(Debug, Args)]
pub struct TagArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[arg(required = true, allow_hyphen_values = true, value_name = "+TAG|-TAG")]
    pub changes: Vec<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Append `- <today> @PERSON: TEXT` under the task's `## Discussion`.
#[derive(Debug, Args)]
pub struct CommentArgs {
    #[arg(add = TASKS())]
    pub id: String,
    pub text: String,
    /// Who says it (a person id).
    #[arg(long = "as", value_name = "PERSON", add = PEOPLE())]
    pub author: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Check (or with `untick`, uncheck) the Nth checklist item of a task, counting from 1.
#[derive(Debug, Args)]
pub struct TickArgs {
    #[arg(add = TASKS())]
    pub id: String,
    pub n: usize,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The working directory with some files' bytes replaced: what the workspace would be
/// after the edit.
struct Overlay<'a> {
    inner: &'a DirSource,
    /// Replaced or new files: path and text.
    files: &'a [(String, String)],
    /// Files that are gone (the old name of a moved file).
    removed: &'a [String],
}

impl TreeSource for Overlay<'_> {
    fn list(&self) -> std::io::Result<Listing> {
        let mut listing = self.inner.list()?;
        listing.files.retain(|p| !self.removed.contains(p));
        for (p, _) in self.files {
            if p.ends_with(".md") && !listing.files.contains(p) {
                listing.files.push(p.clone());
            }
        }
        listing.files.sort();
        Ok(listing)
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        if self.removed.iter().any(|p| p == path) {
            return Err(ReadError::Io(std::io::ErrorKind::NotFound.into()));
        }
        match self.files.iter().find(|(p, _)| p == path) {
            Some((_, text)) => Ok(text.clone().into_bytes()),
            None => self.inner.read(path),
        }
    }
    fn link_state(&self, repo_path: &str) -> LinkState {
        self.inner.link_state(repo_path)
    }
    fn workspace_prefix(&self) -> &str {
        self.inner.workspace_prefix()
    }
}

/// The file an id names, with its kind.
fn locate(ws: &Workspace, id: &str) -> Result<(usize, Kind), CliError> {
    if let Some(t) = ws.task(id) {
        return Ok((t.file, Kind::Task));
    }
    if let Some(p) = ws.project(id) {
        return Ok((p.file, Kind::Project));
    }
    if let Some(d) = ws.decision(id) {
        return Ok((d.file, Kind::Decision));
    }
    if let Some(m) = ws.meeting(id) {
        return Ok((m.file, Kind::Meeting));
    }
    let hint = crate::diag::did_you_mean(id, ws.tasks.iter().map(|t| t.id.as_str()))
        .map(|s| format!("did you mean `{s}`?"));
    let e = CliError::new(format!("no task, project, decision or meeting `{id}`"));
    Err(match hint {
        Some(h) => e.hint(h),
        None => e,
    })
}

/// A workspace file's text and its editable front matter.
pub(crate) fn open_doc(source: &DirSource, path: &str) -> Result<(String, Doc), CliError> {
    let text = std::fs::read_to_string(source.root().join(path))
        .map_err(|e| CliError::from_error(format!("cannot read {path}"), &e))?;
    let doc =
        Doc::parse(&text).map_err(|e| CliError::from_error(format!("cannot edit {path}"), &e))?;
    Ok((text, doc))
}

/// The task loaded from workspace file `file`.
fn task_in(ws: &Workspace, file: usize) -> Option<&crate::model::Task> {
    ws.tasks.iter().find(|t| t.file == file)
}

fn task_only(ws: &Workspace, id: &str) -> Result<usize, CliError> {
    match locate(ws, id)? {
        (file, Kind::Task) => Ok(file),
        _ => Err(CliError::new(format!("`{id}` is not a task"))),
    }
}

/// Edits the file of `id` with `f`, validates, then writes (or prints the diff).
pub(crate) fn apply(
    ctx: &Context,
    file_of: impl FnOnce(&Workspace) -> Result<usize, CliError>,
    opts: &EditOpts,
    out: &mut dyn Write,
    err: &mut dyn Write,
    f: impl FnOnce(&Workspace, usize, &mut Doc) -> Result<(), CliError>,
) -> CmdResult {
    let mut f = Some(f);
    apply_files(
        ctx,
        |ws| Ok(vec![file_of(ws)?]),
        opts,
        out,
        err,
        |ws, file, doc| match f.take() {
            Some(f) => f(ws, file, doc),
            None => Ok(()),
        },
    )
}

/// Edits several files together (both ends of a supersede link): all are validated as
/// one change and written only if none adds an error.
pub(crate) fn apply_files(
    ctx: &Context,
    files_of: impl FnOnce(&Workspace) -> Result<Vec<usize>, CliError>,
    opts: &EditOpts,
    out: &mut dyn Write,
    err: &mut dyn Write,
    mut f: impl FnMut(&Workspace, usize, &mut Doc) -> Result<(), CliError>,
) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let files = files_of(&ws)?;
    let mut edits: Vec<(String, String, String)> = Vec::new(); // path, old, new
    for file in files {
        let path = ws.path(file).to_owned();
        let (old, mut doc) = open_doc(&source, &path)?;
        f(&ws, file, &mut doc)?;
        let new = doc.text();
        if new != old {
            edits.push((path, old, new));
        }
    }
    if edits.is_empty() {
        writeln!(out, "already so, nothing to change")?;
        return Ok(0);
    }
    finish(ctx, &source, &ws, &edits, &[], &[], opts, out, err)
}

/// Validates edits of existing files (`path, old, new`) and new files (`path, text`)
/// together, then writes them (or, with `--dry-run`, only prints the diffs).
#[allow(clippy::too_many_arguments)]
pub(crate) fn finish(
    ctx: &Context,
    source: &DirSource,
    ws: &Workspace,
    edits: &[(String, String, String)],
    created: &[(String, String)],
    removed: &[String],
    opts: &EditOpts,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    // The same rules `check` runs, on the workspace with the edit in place: an edit that
    // introduces an error is refused and the files are left as they were.
    let replaced: Vec<(String, String)> = edits
        .iter()
        .map(|(p, _, n)| (p.clone(), n.clone()))
        .chain(created.iter().cloned())
        .collect();
    let overlay = Overlay {
        inner: source,
        files: &replaced,
        removed,
    };
    let after = crate::load(&overlay)
        .map_err(|e| CliError::from_error("cannot load the edited workspace", &e))?;
    let after_findings = crate::check::check(&after, ctx.today);
    // Only when the edited workspace has errors at all is the old one checked, to tell
    // the errors the edit adds from those that were there already.
    let introduced: Vec<_> = if after_findings.iter().any(|d| d.severity == Severity::Error) {
        let before_findings = crate::check::check(ws, ctx.today);
        crate::review::compare_findings(&before_findings, &after_findings)
            .introduced
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    } else {
        Vec::new()
    };
    if !introduced.is_empty() {
        for d in &introduced {
            writeln!(err, "{}", crate::render::human(d, Some(&after), ctx.style))?;
        }
        let paths: Vec<&str> = edits
            .iter()
            .map(|(p, _, _)| p.as_str())
            .chain(created.iter().map(|(p, _)| p.as_str()))
            .collect();
        return Err(CliError::new(format!(
            "refused: the edit would add {} error{}; {} unchanged",
            introduced.len(),
            if introduced.len() == 1 { "" } else { "s" },
            paths.join(", ")
        ))
        .findings());
    }
    for (path, text) in created {
        if !opts.dry_run {
            let full = source.root().join(path);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            crate::write::create_new(&full, text.as_bytes())
                .map_err(|e| CliError::from_error(format!("cannot create {path}"), &e))?;
        }
        let d = crate::edit::diff(path, "", text);
        write!(
            out,
            "{}",
            d.replacen(&format!("--- {path}\n"), "--- /dev/null\n", 1)
        )?;
    }
    for (path, old, new) in edits {
        if !opts.dry_run {
            crate::write::write_if_changed(&source.root().join(path), new.as_bytes())
                .map_err(|e| CliError::from_error(format!("cannot write {path}"), &e))?;
        }
        write!(out, "{}", crate::edit::diff(path, old, new))?;
    }
    for path in removed {
        if !opts.dry_run {
            std::fs::remove_file(source.root().join(path))
                .map_err(|e| CliError::from_error(format!("cannot remove {path}"), &e))?;
        }
        writeln!(out, "removed {path}")?;
    }
    Ok(0)
}

fn status_of(ws: &Workspace, cat: StatusCategory) -> Result<String, CliError> {
    ws.config
        .first_status(cat)
        .map(str::to_owned)
        .ok_or_else(|| CliError::new("the workflow has no status for that"))
}

pub fn start(ctx: &Context, a: StartArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, _, doc| {
            doc.set(
                "status",
                &scalar(&status_of(ws, StatusCategory::Active)?),
                &["title"],
            );
            Ok(())
        },
    )
}

pub fn done(ctx: &Context, a: DoneArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let today = ctx.today.to_string();
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, file, doc| {
            let done = status_of(ws, StatusCategory::Done)?;
            let already = task_in(ws, file).is_some_and(|t| t.status.value == done);
            doc.set("status", &scalar(&done), &["title"]);
            if !(already && doc.has("closed")) {
                doc.set("closed", &scalar(&today), &["status"]);
            }
            Ok(())
        },
    )
}

pub fn reopen(ctx: &Context, a: ReopenArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, _, doc| {
            doc.set(
                "status",
                &scalar(&status_of(ws, StatusCategory::Open)?),
                &["title"],
            );
            doc.remove("closed");
            Ok(())
        },
    )
}

fn assignees(ws: &Workspace, file: usize) -> Vec<String> {
    ws.tasks
        .iter()
        .find(|t| t.file == file)
        .map(|t| t.assignees.iter().map(|a| a.value.clone()).collect())
        .unwrap_or_default()
}

pub fn assign(ctx: &Context, a: AssignArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, file, doc| {
            let mut list = assignees(ws, file);
            for p in &a.people {
                if !list.contains(p) {
                    list.push(p.clone());
                }
            }
            doc.set(
                "assignee",
                &Value::List(list),
                &["milestone", "project", "status"],
            );
            Ok(())
        },
    )
}

pub fn unassign(
    ctx: &Context,
    a: UnassignArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, file, doc| {
            let list: Vec<String> = assignees(ws, file)
                .into_iter()
                .filter(|p| !a.people.contains(p))
                .collect();
            if list.is_empty() {
                doc.remove("assignee");
            } else {
                doc.set("assignee", &Value::List(list), &[]);
            }
            Ok(())
        },
    )
}

const LIST_KEYS: &[&str] = &[
    "assignee",
    "depends_on",
    "tags",
    "attachments",
    "attendees",
    "deciders",
    "tasks",
];

pub fn set(ctx: &Context, a: SetArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    if a.assignments.is_empty() && a.unset.is_empty() {
        return Err(CliError::new("nothing to set").hint("give FIELD=VALUE pairs or --unset FIELD"));
    }
    let kind = std::cell::Cell::new(Kind::Task);
    apply(
        ctx,
        |ws| {
            let (file, k) = locate(ws, &a.id)?;
            kind.set(k);
            Ok(file)
        },
        &a.opts,
        out,
        err,
        |_, _, doc| {
            let kind = kind.get();
            let keys: &[&str] = match kind {
                Kind::Project => PROJECT_KEYS,
                Kind::Decision => DECISION_KEYS,
                Kind::Meeting => MEETING_KEYS,
                _ => TASK_KEYS,
            };
            let known = |k: &str| -> Result<(), CliError> {
                if k == "id" {
                    return Err(CliError::new("`id` is the file's name; it cannot be set"));
                }
                if keys.contains(&k) {
                    Ok(())
                } else {
                    let e = CliError::new(format!("unknown field `{k}` for a {}", kind.name()));
                    Err(match crate::diag::did_you_mean(k, keys.iter().copied()) {
                        Some(s) => e.hint(format!("did you mean `{s}`?")),
                        None => e,
                    })
                }
            };
            for pair in &a.assignments {
                let Some((k, v)) = pair.split_once('=') else {
                    return Err(CliError::new(format!("`{pair}` is not FIELD=VALUE")));
                };
                let k = k.trim();
                known(k)?;
                let value = if LIST_KEYS.contains(&k) {
                    Value::List(
                        v.split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    )
                } else {
                    scalar(v.trim())
                };
                // A new key goes where it belongs in the kind's key order.
                let at = keys.iter().position(|x| *x == k).unwrap_or(keys.len());
                let before: Vec<&str> = keys[..at].iter().rev().copied().collect();
                doc.set(k, &value, &before);
            }
            for k in &a.unset {
                known(k)?;
                doc.remove(k);
            }
            Ok(())
        },
    )
}

pub fn depend(ctx: &Context, a: DependArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, file, doc| {
            let mut list: Vec<String> = task_in(ws, file)
                .map(|t| t.depends_on.iter().map(|d| d.value.clone()).collect())
                .unwrap_or_default();
            if a.remove {
                list.retain(|d| !a.targets.contains(d));
            } else {
                for t in &a.targets {
                    if !list.contains(t) {
                        list.push(t.clone());
                    }
                }
            }
            if list.is_empty() {
                doc.remove("depends_on");
            } else {
                doc.set(
                    "depends_on",
                    &Value::List(list),
                    &["due", "estimate", "priority"],
                );
            }
            Ok(())
        },
    )
}

pub fn tag(ctx: &Context, a: TagArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, file, doc| {
            let mut tags: Vec<String> = task_in(ws, file)
                .map(|t| t.tags.clone())
                .unwrap_or_default();
            for c in &a.changes {
                if let Some(t) = c.strip_prefix('-') {
                    tags.retain(|x| x != t);
                } else {
                    let t = c.strip_prefix('+').unwrap_or(c);
                    if !t.is_empty() && !tags.iter().any(|x| x == t) {
                        tags.push(t.to_owned());
                    }
                }
            }
            if tags.is_empty() {
                doc.remove("tags");
            } else {
                doc.set("tags", &Value::List(tags), &[]);
            }
            Ok(())
        },
    )
}

pub fn comment(
    ctx: &Context,
    a: CommentArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let text = a.text.replace(['\n', '\r'], " ");
    if text.trim().is_empty() {
        return Err(CliError::new("the comment is empty"));
    }
    let entry = format!("{} @{}: {}", ctx.today, a.author, text.trim());
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |_, _, doc| {
            doc.append_discussion(&entry);
            Ok(())
        },
    )
}

fn tick_to(
    ctx: &Context,
    a: TickArgs,
    checked: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    apply(
        ctx,
        |ws| task_only(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, file, doc| {
            let task = task_in(ws, file);
            let items = task.map(|t| t.body.checklist.as_slice()).unwrap_or(&[]);
            let Some(item) = a.n.checked_sub(1).and_then(|i| items.get(i)) else {
                return Err(CliError::new(format!(
                    "{} has {} checklist item{}; there is no item {}",
                    a.id,
                    items.len(),
                    if items.len() == 1 { "" } else { "s" },
                    a.n
                )));
            };
            doc.set_checkbox(item.pos.line, item.pos.col, checked)
                .map_err(|e| CliError::from_error("cannot edit the checklist", &e))
        },
    )
}

pub fn tick(ctx: &Context, a: TickArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    tick_to(ctx, a, true, out, err)
}

pub fn untick(ctx: &Context, a: TickArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    tick_to(ctx, a, false, out, err)
}

/// Record a decision: `chosen`, `status: accepted` and `date: <today>`.
#[derive(Debug, Args)]
pub struct DecideArgs {
    pub id: String,
    /// The option chosen (its `name`).
    #[arg(long, value_name = "OPTION")]
    pub choose: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// Mark a decision as replaced: `cairn supersede D-2 --by D-5` sets `supersedes: D-2` in
/// D-5 and `status: superseded` in D-2.
#[derive(Debug, Args)]
pub struct SupersedeArgs {
    pub id: String,
    #[arg(long, value_name = "DECISION")]
    pub by: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

fn decision_file(ws: &Workspace, id: &str) -> Result<usize, CliError> {
    match locate(ws, id)? {
        (file, Kind::Decision) => Ok(file),
        _ => Err(CliError::new(format!("`{id}` is not a decision"))),
    }
}

pub fn decide(ctx: &Context, a: DecideArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let today = ctx.today.to_string();
    apply(
        ctx,
        |ws| decision_file(ws, &a.id),
        &a.opts,
        out,
        err,
        |ws, _, doc| {
            if let Some(d) = ws.decision(&a.id)
                && !d.options.is_empty()
                && !d.options.iter().any(|o| o.name.value == a.choose)
            {
                let names: Vec<&str> = d.options.iter().map(|o| o.name.as_str()).collect();
                return Err(
                    CliError::new(format!("{} has no option `{}`", a.id, a.choose))
                        .hint(format!("its options: {}", names.join(", "))),
                );
            }
            doc.set("status", &scalar("accepted"), &["title"]);
            doc.set("date", &scalar(&today), &["status"]);
            doc.set(
                "chosen",
                &scalar(&a.choose),
                &["options", "criteria", "date"],
            );
            Ok(())
        },
    )
}

pub fn supersede(
    ctx: &Context,
    a: SupersedeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let old_file = std::cell::Cell::new(usize::MAX);
    apply_files(
        ctx,
        |ws| {
            let old = decision_file(ws, &a.id)?;
            let new = decision_file(ws, &a.by)?;
            if old == new {
                return Err(CliError::new("a decision cannot supersede itself"));
            }
            old_file.set(old);
            Ok(vec![old, new])
        },
        &a.opts,
        out,
        err,
        |_, file, doc| {
            if file == old_file.get() {
                doc.set("status", &scalar("superseded"), &["title"]);
            } else {
                doc.set(
                    "supersedes",
                    &scalar(&a.id),
                    &["project", "deciders", "date", "status"],
                );
            }
            Ok(())
        },
    )
}

/// Move a task to another project: sets `project` (and `milestone`, or removes the old
/// one, which belonged to the old project) and moves the file to `tasks/<project>/`.
#[derive(Debug, Args)]
pub struct MoveArgs {
    #[arg(add = TASKS())]
    pub id: String,
    #[arg(long)]
    pub project: String,
    /// A milestone of the new project.
    #[arg(long)]
    pub milestone: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

pub fn move_task(
    ctx: &Context,
    a: MoveArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let (source, ws) = ctx.load()?;
    let file = task_only(&ws, &a.id)?;
    if ws.project(&a.project).is_none() {
        return Err(CliError::new(format!("unknown project `{}`", a.project)));
    }
    let path = ws.path(file).to_owned();
    let (old, mut doc) = open_doc(&source, &path)?;
    doc.set("project", &scalar(&a.project), &["status"]);
    match &a.milestone {
        Some(m) => doc.set("milestone", &scalar(m), &["project"]),
        None => {
            doc.remove("milestone");
        }
    }
    let new = doc.text();
    let name = path.rsplit('/').next().unwrap_or(&path);
    let target = format!("tasks/{}/{name}", a.project);
    if target == path {
        if new == old {
            writeln!(out, "already so, nothing to change")?;
            return Ok(0);
        }
        return finish(
            ctx,
            &source,
            &ws,
            &[(path, old, new)],
            &[],
            &[],
            &a.opts,
            out,
            err,
        );
    }
    if source.root().join(&target).exists() {
        return Err(CliError::new(format!("{target} already exists")));
    }
    writeln!(out, "moving {path} to {target}")?;
    finish(
        ctx,
        &source,
        &ws,
        &[],
        &[(target, new)],
        &[path],
        &a.opts,
        out,
        err,
    )
}
