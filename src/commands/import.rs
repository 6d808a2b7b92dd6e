//! `cairn import`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::diag::Severity;
use cairn_core::ops::import::{Plan, backlog_md, github_issues, todo_txt};
use clap::{Args, ValueEnum};
use std::io::{Read, Write};
use std::path::Path;

/// Import tasks (and decisions and docs) from another tool. Never overwrites a file;
/// prints what it created, what it could not map, and the findings `check` reports in
/// the new files.
#[derive(Debug, Args)]
pub struct ImportArgs {
    pub from: From,
    /// A Backlog.md `backlog/` folder, or the file (`-` for stdin).
    pub path: std::path::PathBuf,
    /// Put the tasks in this project (and map milestones by id or title).
    #[arg(long, add = PROJECTS())]
    pub project: Option<String>,
    /// Print what would be created; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// A Backlog.md folder: tasks, drafts, completed, decisions, docs.
    BacklogMd,
    /// The JSON of `gh issue list --json number,title,body,state,assignees,labels,milestone,createdAt,closedAt`.
    GithubIssues,
    /// A todo.txt file.
    TodoTxt,
}

fn read_input(path: &Path) -> Result<String, CliError> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    let meta = std::fs::metadata(path)
        .map_err(|e| CliError::from_error(format!("cannot read {}", path.display()), &e))?;
    if meta.len() > 64 * 1024 * 1024 {
        return Err(CliError::new(format!("{} is over 64 MiB", path.display())));
    }
    std::fs::read_to_string(path)
        .map_err(|e| CliError::from_error(format!("cannot read {}", path.display()), &e))
}

pub fn run(ctx: &Context, a: ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load()?;
    if let Some(p) = &a.project
        && ws.project(p).is_none()
    {
        return Err(CliError::new(format!("unknown project `{p}`"))
            .hint("create it first with `cairn new project`"));
    }
    let repo = cairn_core::load::git::Repo::discover(source.root()).ok();
    let branches = repo.as_ref().map(|repo| cairn_core::ops::new::Branches {
        repo,
        prefix: cairn_core::load::source::TreeSource::workspace_prefix(&source),
    });
    let next_id = cairn_core::ops::new::next_task_id(&ws, branches.as_ref());
    let next: u64 = next_id
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let project = a.project.as_deref();
    let plan: Plan = match a.from {
        From::BacklogMd => {
            if !a.path.is_dir() {
                return Err(
                    CliError::new(format!("{} is not a folder", a.path.display()))
                        .hint("give the Backlog.md `backlog/` folder"),
                );
            }
            let files = cairn_core::ops::import::backlog_files(&a.path)
                .map_err(|e| CliError::from_error("cannot read the folder", &e))?;
            backlog_md(&ws, project, &files, next)
        }
        From::GithubIssues => {
            github_issues(&ws, project, &read_input(&a.path)?, next).map_err(CliError::new)?
        }
        From::TodoTxt => todo_txt(&ws, project, &read_input(&a.path)?, next),
    };
    let root = source.root();
    // Nothing is written when any target exists: no half imports.
    if let Some(f) = plan.files.iter().find(|f| root.join(&f.path).exists()) {
        return Err(CliError::new(format!(
            "{} already exists; nothing imported",
            f.path
        )));
    }
    for f in &plan.files {
        if a.dry_run {
            writeln!(out, "would create {}", f.path)?;
            continue;
        }
        let full = root.join(&f.path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        cairn_core::ops::write::create_new(&full, f.text.as_bytes())
            .map_err(|e| CliError::from_error(format!("cannot create {}", f.path), &e))?;
        writeln!(out, "created {}", f.path)?;
    }
    if !plan.notes.is_empty() {
        writeln!(out, "not mapped ({}):", plan.notes.len())?;
        for n in &plan.notes {
            writeln!(out, "  {}", cairn_core::text::escape::term(n))?;
        }
    }
    if a.dry_run {
        return Ok(0);
    }
    // What `check` says about the new files: the import is done; these are to fix.
    let (_, after) = ctx.load()?;
    let created: std::collections::HashSet<&str> =
        plan.files.iter().map(|f| f.path.as_str()).collect();
    let findings: Vec<_> = cairn_core::analyze::check::check(&after, ctx.today)
        .into_iter()
        .filter(|d| created.contains(d.file.as_str()))
        .collect();
    for d in &findings {
        writeln!(
            err,
            "{}",
            crate::render::term::human(d, Some(&after), ctx.style)
        )?;
    }
    writeln!(
        out,
        "imported {} file{}; {} finding{} in them",
        plan.files.len(),
        if plan.files.len() == 1 { "" } else { "s" },
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    )?;
    Ok(u8::from(
        findings.iter().any(|d| d.severity == Severity::Error),
    ))
}
