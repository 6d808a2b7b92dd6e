//! `cairn schema`.

use crate::context::Context;
use crate::error::{CliError, CmdResult};
use cairn_core::model::FileKind;
use cairn_core::schema;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Print the JSON Schema of a file kind, or write all of them into the workspace's
/// `schema/` folder. Inside a workspace, the fields cairn.yaml declares (`fields:`) are
/// in the schemas of their kinds, typed.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The file kind; all kinds when left out.
    #[arg(value_enum)]
    pub kind: Option<Kind>,
    /// Write `schema/<kind>.schema.json` files into the workspace (the folder with
    /// `cairn.yaml` at or above -C DIR, else DIR) instead of printing.
    #[arg(long)]
    pub write: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Config,
    Project,
    Task,
    Meeting,
    Decision,
}

impl From<Kind> for FileKind {
    fn from(k: Kind) -> FileKind {
        match k {
            Kind::Config => FileKind::Config,
            Kind::Project => FileKind::Project,
            Kind::Task => FileKind::Task,
            Kind::Meeting => FileKind::Meeting,
            Kind::Decision => FileKind::Decision,
        }
    }
}

pub fn run(ctx: &Context, args: SchemaArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let kinds: Vec<FileKind> = match args.kind {
        Some(k) => vec![k.into()],
        None => FileKind::ALL.to_vec(),
    };
    // The workspace's declared fields, when there is a workspace (its cairn.yaml only).
    let root = ctx.workspace_root().ok();
    let config = root
        .as_ref()
        .and_then(|r| std::fs::read(r.join(cairn_core::load::CONFIG_FILE)).ok())
        .and_then(|b| cairn_core::load::decode_owned(b).ok())
        .map(|text| {
            let mut sink = cairn_core::text::fields::Sink::new(cairn_core::load::CONFIG_FILE);
            cairn_core::load::parse_config(&text, &mut sink)
        })
        .unwrap_or_default();
    let render = |k: FileKind| schema::render_for(k, &config);
    if !args.write {
        for k in kinds {
            write!(out, "{}", render(k))?;
        }
        return Ok(0);
    }
    let root = root.unwrap_or_else(|| ctx.dir.clone());
    let dir = root.join("schema");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::from_error(format!("cannot create {}", dir.display()), &e))?;
    for k in kinds {
        let path = dir.join(schema::file_name(k));
        let changed = cairn_core::ops::write::write_if_changed(&path, render(k).as_bytes())
            .map_err(|e| CliError::from_error(format!("cannot write {}", path.display()), &e))?;
        if !ctx.quiet {
            let what = if changed { "wrote" } else { "unchanged" };
            writeln!(err, "{what} {}", path.display())?;
        }
    }
    Ok(0)
}
