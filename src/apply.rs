//! How every edit command ends: the change is checked with the rules `check` runs (and
//! refused when it adds an error), shown as a diff (or JSON), and written unless
//! `--dry-run`.

use crate::args::{EditFormat, EditOpts};
use crate::context::{Context, EditSession};
use crate::error::{CliError, CmdResult};
use crate::render::json::emit;
use cairn_core::diag::Diagnostic;
use cairn_core::model::Workspace;
use cairn_core::ops::change::Change;
use serde::Serialize;
use std::io::Write;

/// An edit as JSON (docs/json.md).
#[derive(Serialize)]
struct EditJson<'a> {
    version: u32,
    /// Whether anything changes.
    changed: bool,
    /// Whether the files were written (false with `--dry-run` or when nothing changes).
    written: bool,
    /// The edit would add errors (listed in `added`): nothing was written.
    refused: bool,
    /// The id the edit created, for `new` and `promote`.
    id: Option<&'a str>,
    files: Vec<FileJson<'a>>,
    /// Findings the change adds and fixes.
    added: &'a [Diagnostic],
    fixed: &'a [Diagnostic],
    diff: String,
    /// What a command adds to its edit (`sync-commits`: the closings it found).
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    renamed_from: Option<&'a str>,
    created: bool,
    removed: bool,
}

/// An edit to finish.
pub struct Edit<'a> {
    pub change: Change,
    /// What the change created (`new`, `promote`).
    pub id: Option<&'a str>,
    /// What a written edit prints (a dry run always prints the diff).
    pub print: Print,
    /// Keys the edit's JSON carries besides the edit.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Print {
    /// The diff.
    Diff,
    /// The path of the created file, for scripts (`new`).
    CreatedPath,
}

impl Edit<'_> {
    pub fn diff(change: Change) -> Edit<'static> {
        Edit {
            change,
            id: None,
            print: Print::Diff,
            extra: Default::default(),
        }
    }
}

fn files_json(change: &Change) -> Vec<FileJson<'_>> {
    change
        .files
        .iter()
        .map(|f| FileJson {
            path: &f.path,
            renamed_from: f.renamed_from.as_deref(),
            created: f.before.is_none(),
            removed: f.after.is_none(),
        })
        .collect()
}

/// Checks, shows and writes an edit.
pub fn finish(
    ctx: &Context,
    session: &EditSession,
    ws: Workspace,
    edit: Edit<'_>,
    opts: &EditOpts,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let Edit {
        change,
        id,
        print,
        extra,
    } = edit;
    let json = opts.format == EditFormat::Json;
    if change.is_empty() {
        if json {
            emit(
                out,
                &EditJson {
                    version: 1,
                    changed: false,
                    written: false,
                    refused: false,
                    id,
                    files: Vec::new(),
                    added: &[],
                    fixed: &[],
                    diff: String::new(),
                    extra,
                },
            )?;
        } else if !ctx.quiet {
            writeln!(err, "already so, nothing to change")?;
        }
        return Ok(0);
    }
    let verdict = change
        .check(ws, &session.source, ctx.today, json)
        .map_err(|e| CliError::from_error("cannot load the edited workspace", &e))?;
    if !verdict.introduced_errors.is_empty() {
        if json {
            // Scripts and agents get the findings as data, with the diff that was refused.
            emit(
                out,
                &EditJson {
                    version: 1,
                    changed: true,
                    written: false,
                    refused: true,
                    id,
                    files: files_json(&change),
                    added: &verdict.introduced_errors,
                    fixed: &[],
                    diff: change.diff(),
                    extra: extra.clone(),
                },
            )?;
        }
        for d in &verdict.introduced_errors {
            writeln!(
                err,
                "{}",
                crate::render::term::human(d, Some(&verdict.after), ctx.style)
            )?;
        }
        let n = verdict.introduced_errors.len();
        let paths: Vec<&str> = change.files.iter().map(|f| f.path.as_str()).collect();
        return Err(CliError::new(format!(
            "refused: the edit would add {n} error{}; {} unchanged",
            if n == 1 { "" } else { "s" },
            paths.join(", ")
        ))
        .findings());
    }
    if let Some(lock) = &session.lock
        && !opts.dry_run
    {
        change.commit(lock)?;
    }
    let diff = change.diff();
    if json {
        emit(
            out,
            &EditJson {
                version: 1,
                changed: true,
                written: !opts.dry_run,
                refused: false,
                id,
                files: files_json(&change),
                added: &verdict.added,
                fixed: &verdict.fixed,
                diff,
                extra,
            },
        )?;
    } else if opts.dry_run || (print == Print::Diff && !ctx.quiet) {
        out.write_all(crate::render::term::diff(&diff, ctx.tty).as_bytes())?;
    } else if print == Print::CreatedPath {
        for f in change.files.iter().filter(|f| f.before.is_none()) {
            writeln!(out, "{}", f.path)?;
        }
    }
    // The edited workspace is dropped with the process.
    std::mem::forget(verdict.after);
    Ok(0)
}
