//! `cairn import`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::diag::Severity;
use cairn_core::ops::import::ImportError;
use cairn_core::ops::import::session::{self, ImportJson, Input, Request};
use clap::{Args, ValueEnum};
use std::io::{Read, Write};
use std::path::Path;

/// Import tasks, decisions, milestones, docs and assets from another tool, all or
/// nothing. Run it again to sync: items it imported before (matched by their `source:`)
/// are updated where the source changed, unless the field was edited in cairn since.
#[derive(Debug, Args)]
pub struct ImportArgs {
    pub from: From,
    /// A Backlog.md `backlog/` folder, or the file (`-` for standard input).
    pub path: std::path::PathBuf,
    /// Put the tasks in this project (milestones are mapped to its own by id or title,
    /// and the missing ones added). Default: a project made for the import.
    #[arg(long, add = PROJECTS())]
    pub project: Option<String>,
    /// The GitHub repository (`https://github.com/OWNER/REPO`): relative links in issue
    /// bodies become absolute, and `source:` names it (default: from the issues' `url`).
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
    /// On a repeated import, take the source's value even for fields edited in cairn.
    #[arg(long)]
    pub overwrite: bool,
    /// A YAML file mapping the source's people to person ids (`MrLesk: alex`); the
    /// others keep their source name as id. Every one not in cairn.yaml is added there.
    #[arg(long, value_name = "FILE")]
    pub people_map: Option<std::path::PathBuf>,
    /// The source renamed its id prefix (`task-=BACK-`): items are matched across it, so
    /// a sync updates them instead of adding a second copy. Found by itself when every
    /// old id is gone and its numbers are there under one new prefix.
    #[arg(long, value_name = "OLD=NEW")]
    pub renamed_prefix: Vec<String>,
    /// The status for items imported before that the source no longer has (archived or
    /// deleted), unless edited in cairn since. Default for Backlog.md: the first
    /// cancelled status; for GitHub and todo.txt, whose input may be part of the items,
    /// nothing unless given.
    #[arg(long, value_name = "STATUS")]
    pub gone_status: Option<String>,
    /// Print the change as a diff and the summary; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How long to wait for another cairn command that is changing the workspace.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = crate::args::wait_arg)]
    pub wait: crate::args::WaitArg,
    /// Output format: the summary table, or JSON (docs/json.md).
    #[arg(long, value_enum, default_value_t = ImportFormat::Table)]
    pub format: ImportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// A Backlog.md folder: tasks, drafts, completed, decisions, docs, milestones, assets.
    BacklogMd,
    /// The JSON of `gh issue list --json number,title,body,state,stateReason,assignees,labels,milestone,createdAt,closedAt,url`.
    GithubIssues,
    /// A todo.txt file.
    TodoTxt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Table,
    Json,
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
    use crate::render::import as draw;
    let (source, ws) = ctx.load_to_edit(a.wait.0, a.dry_run)?;
    let input = match a.from {
        From::BacklogMd => Input::Backlog(a.path.clone()),
        From::GithubIssues => Input::Github(read_input(&a.path)?, a.repo_url.clone()),
        From::TodoTxt => Input::TodoTxt(read_input(&a.path)?),
    };
    let req = Request {
        input,
        project: a.project.clone(),
        overwrite: a.overwrite,
        people_map: a.people_map.clone(),
        renamed_prefix: a.renamed_prefix.clone(),
        gone_status: a.gone_status.clone(),
    };
    let plan = session::prepare(&ws, &source, req, ctx.today).map_err(|e| match e {
        ImportError::Input(why) => CliError::new(why),
        ImportError::Edit(e) => CliError::from(e),
        e => CliError::from_error("cannot plan the import; nothing was written", &e),
    })?;
    let json = a.format == ImportFormat::Json;
    let summary = &plan.summary;
    if a.dry_run {
        if json {
            let findings = Default::default();
            let j = ImportJson {
                version: 1,
                written: false,
                summary,
                findings,
            };
            return crate::render::json::emit(out, &j);
        }
        out.write_all(crate::render::term::diff(&plan.change.diff(), ctx.tty).as_bytes())?;
        for f in plan.change.files.iter().filter(|f| f.binary.is_some()) {
            writeln!(err, "would copy {}", f.path)?;
        }
        draw::summary_table(summary, err)?;
        return Ok(0);
    }
    let Some(lock) = &source.lock else {
        return Ok(0);
    };
    plan.change.commit(lock).map_err(|e| {
        CliError::from_error("the import could not be written; nothing was imported", &e)
    })?;
    // What `check` says about the files the import wrote: to fix after it.
    let (_, after) = ctx.load()?;
    let found = session::findings(&after, &plan, ctx.today);
    if json {
        let findings = found.by_rule.clone();
        let j = ImportJson {
            version: 1,
            written: true,
            summary,
            findings,
        };
        crate::render::json::emit(out, &j)?;
    } else {
        draw::summary_table(summary, out)?;
        draw::findings(&found, &after, ctx.style, ctx.quiet, out, err)?;
    }
    std::mem::forget(after);
    Ok(u8::from(
        found.list.iter().any(|d| d.severity == Severity::Error),
    ))
}
