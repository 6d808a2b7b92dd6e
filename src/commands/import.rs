//! `cairn import`.

use crate::args::PROJECTS;
use crate::context::Context;
use crate::error::{CliError, CmdResult};
use crate::render::grid::Grid;
use cairn_core::diag::Severity;
use cairn_core::load::source::TreeSource;
use cairn_core::ops::import::{self, Options, Summary, Tool};
use cairn_core::text::escape::term;
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

#[derive(serde::Serialize)]
struct ImportJson<'a> {
    version: u32,
    written: bool,
    #[serde(flatten)]
    summary: &'a Summary,
    /// Findings of `check` in the files the import wrote, by rule.
    findings: std::collections::BTreeMap<String, usize>,
}

fn summary_table(s: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    let mut g = Grid::new(&["", "found", "created", "updated", "unchanged", "skipped"]);
    for (name, c) in [
        ("tasks", &s.tasks),
        ("decisions", &s.decisions),
        ("milestones", &s.milestones),
        ("docs", &s.docs),
        ("assets", &s.assets),
    ] {
        if c.found == 0 {
            continue;
        }
        g.row(vec![
            name.to_owned(),
            c.found.to_string(),
            c.created.to_string(),
            c.updated.to_string(),
            c.unchanged.to_string(),
            c.skipped.to_string(),
        ]);
    }
    writeln!(
        out,
        "import {} into project {}{}",
        s.tool,
        term(&s.project),
        if s.project_created { " (created)" } else { "" }
    )?;
    if !g.is_empty() {
        writeln!(out, "{}", g.render(None))?;
    }
    if !s.skipped.is_empty() {
        writeln!(out, "skipped ({}):", s.skipped.len())?;
        for (what, why) in &s.skipped {
            writeln!(out, "  {}: {}", term(what), term(why))?;
        }
    }
    if !s.duplicates.is_empty() {
        writeln!(
            out,
            "source ids in more than one file (each file got its own id):"
        )?;
        for (src, ids) in &s.duplicates {
            writeln!(out, "  {} → {}", term(src), ids.join(", "))?;
        }
    }
    if !s.kept.is_empty() {
        let kept: Vec<String> = s
            .kept
            .iter()
            .map(|(k, n)| format!("{} ({n})", term(k)))
            .collect();
        writeln!(out, "kept under x-{}: {}", s.tool, kept.join(", "))?;
    }
    if !s.kept_local.is_empty() {
        writeln!(
            out,
            "edited in cairn since the last import, left as they are (--overwrite takes the source's): {}",
            s.kept_local.join(", ")
        )?;
    }
    if let Some(why) = &s.ledger_missing {
        writeln!(out, "{}", term(why))?;
    }
    if !s.notes.is_empty() {
        writeln!(out, "not mapped ({}):", s.notes.len())?;
        for n in &s.notes {
            writeln!(out, "  {}", term(n))?;
        }
    }
    Ok(())
}

pub fn run(ctx: &Context, a: ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let (source, ws) = ctx.load_to_edit(a.wait.0, a.dry_run)?;
    if let Some(p) = &a.project {
        cairn_core::ops::query::validate_projects(&ws, std::slice::from_ref(p))?;
    }
    let repo = cairn_core::load::git::Repo::discover(source.root()).ok();
    let branches = repo.as_ref().map(|repo| cairn_core::ops::new::Branches {
        repo,
        prefix: cairn_core::load::source::TreeSource::workspace_prefix(&source.source),
    });
    let next_id = cairn_core::ops::new::next_task_id(&ws, branches.as_ref());
    let next: u64 = next_id
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let (tool, parsed) = match a.from {
        From::BacklogMd => {
            if !a.path.is_dir() {
                return Err(
                    CliError::new(format!("{} is not a folder", a.path.display()))
                        .hint("give the Backlog.md `backlog/` folder"),
                );
            }
            let files = import::backlog::files(&a.path)
                .map_err(|e| CliError::from_error("cannot read the folder", &e))?;
            (Tool::BacklogMd, import::backlog::read(&files))
        }
        From::GithubIssues => (
            Tool::Github,
            import::github::read(&read_input(&a.path)?, a.repo_url.as_deref())
                .map_err(CliError::new)?,
        ),
        From::TodoTxt => (Tool::TodoTxt, import::todo::read(&read_input(&a.path)?)),
    };
    let root = source.root();
    let ledger = std::fs::read_to_string(root.join(tool.ledger_path())).ok();
    // A ledger deleted or damaged since: the last one committed says what the last
    // import wrote.
    let readable = ledger
        .as_deref()
        .is_some_and(|t| serde_json::from_str::<serde_json::Value>(t).is_ok());
    let ledger_history = if readable {
        None
    } else {
        repo.as_ref().and_then(|r| {
            import::ledger_from_history(r, TreeSource::workspace_prefix(&source.source), tool)
        })
    };
    let opts = Options {
        project: a.project.clone(),
        overwrite: a.overwrite,
        next_task: next,
        ledger,
        ledger_history,
        today: Some(ctx.today),
    };
    let plan = import::plan(&ws, root, tool, parsed, &opts)
        .map_err(|e| CliError::from_error("cannot plan the import; nothing was written", &e))?;
    let json = a.format == ImportFormat::Json;
    if a.dry_run {
        if json {
            crate::render::json::emit(
                out,
                &ImportJson {
                    version: 1,
                    written: false,
                    summary: &plan.summary,
                    findings: Default::default(),
                },
            )?;
        } else {
            out.write_all(crate::render::term::diff(&plan.change.diff(), ctx.tty).as_bytes())?;
            for f in plan.change.files.iter().filter(|f| f.binary.is_some()) {
                writeln!(err, "would copy {}", f.path)?;
            }
            summary_table(&plan.summary, err)?;
        }
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
    let touched: std::collections::HashSet<&str> =
        plan.change.files.iter().map(|f| f.path.as_str()).collect();
    let findings: Vec<_> = cairn_core::analyze::check::check(&after, ctx.today)
        .into_iter()
        .filter(|d| touched.contains(d.file.as_str()))
        .collect();
    let mut by_rule = std::collections::BTreeMap::<String, usize>::new();
    for d in &findings {
        *by_rule.entry(d.rule.name().to_owned()).or_default() += 1;
    }
    if json {
        crate::render::json::emit(
            out,
            &ImportJson {
                version: 1,
                written: true,
                summary: &plan.summary,
                findings: by_rule,
            },
        )?;
    } else {
        summary_table(&plan.summary, out)?;
        if findings.is_empty() {
            writeln!(out, "check finds nothing in the imported files")?;
        } else {
            let parts: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
            writeln!(
                out,
                "check finds {} in the imported files: {}",
                findings.len(),
                parts.join(", ")
            )?;
            if !ctx.quiet {
                for d in &findings {
                    writeln!(
                        err,
                        "{}",
                        crate::render::term::human(d, Some(&after), ctx.style)
                    )?;
                }
            }
        }
    }
    std::mem::forget(after);
    Ok(u8::from(
        findings.iter().any(|d| d.severity == Severity::Error),
    ))
}
