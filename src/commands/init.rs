use crate::cli::{CliError, CmdResult, Context};
use crate::load::CONFIG_FILE;
use crate::templates;
use clap::Args;
use serde_json::json;
use std::io::Write;

/// Create a workspace here: cairn.yaml and the four folders, with a sample project, task,
/// meeting and decision. Refuses to touch an existing workspace.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The workspace's name (default: the folder's name).
    #[arg(long)]
    pub name: Option<String>,
}

pub fn run(ctx: &Context, args: InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let dir = &ctx.dir;
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::from_error(format!("cannot create {}", dir.display()), &e))?;
    if dir.join(CONFIG_FILE).exists() {
        return Err(
            CliError::new(format!("{} already holds a cairn workspace", dir.display()))
                .hint("nothing was changed"),
        );
    }
    let name = args.name.unwrap_or_else(|| {
        dir.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "My team".into())
    });
    let today = ctx.today.to_string();
    let render = |template: &str, value: serde_json::Value| {
        templates::render(None, template, &value)
            .map_err(|e| CliError::from_error("cannot render a template", &e))
    };
    let files = [
        (
            CONFIG_FILE.to_owned(),
            render(
                "cairn.yaml",
                json!({"name": name, "person": "lead", "person_name": "Team Lead"}),
            )?,
        ),
        (
            "projects/launch.md".to_owned(),
            render(
                "project.md",
                json!({"id": "launch", "title": "First launch", "owner": "lead", "today": today}),
            )?,
        ),
        (
            "tasks/launch/T-1-write-the-plan.md".to_owned(),
            render(
                "task.md",
                json!({"id": "T-1", "title": "Write the plan", "status": "todo", "project": "launch",
                       "assignees": ["lead"], "priority": "normal", "estimate": "1d", "today": today}),
            )?,
        ),
        (
            format!("meetings/{today}-kickoff.md"),
            render(
                "meeting.md",
                json!({"title": "Kickoff", "date": today, "project": "launch",
                       "attendees": ["lead"], "carried": [
                        {"person": "lead", "text": "Share the plan with the team (T-1)"}]}),
            )?,
        ),
        (
            "decisions/D-1-choose-a-tracker.md".to_owned(),
            render(
                "decision.md",
                json!({"id": "D-1", "title": "Choose a tracker", "project": "launch", "today": today}),
            )?,
        ),
    ];
    for (path, text) in &files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        crate::write::create_new(&full, text.as_bytes())
            .map_err(|e| CliError::from_error(format!("cannot create {path}"), &e))?;
        writeln!(out, "{path}")?;
    }
    if !ctx.quiet {
        writeln!(
            err,
            "created workspace {name:?}; try `cairn check` and `cairn list`"
        )?;
    }
    Ok(0)
}
