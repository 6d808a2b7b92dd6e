use crate::cli::{CliError, CmdResult, Context};
use crate::schema::{self, FileKind};
use clap::Args;
use std::io::Write;

/// Print the JSON Schema of a file kind, or write all of them into `schema/`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The file kind; all kinds when left out.
    #[arg(value_enum)]
    pub kind: Option<FileKind>,
    /// Write `schema/<kind>.schema.json` files (under -C DIR) instead of printing.
    #[arg(long)]
    pub write: bool,
}

pub fn run(ctx: &Context, args: SchemaArgs, out: &mut dyn Write, err: &mut dyn Write) -> CmdResult {
    let kinds: Vec<FileKind> = match args.kind {
        Some(k) => vec![k],
        None => FileKind::ALL.to_vec(),
    };
    if args.write {
        let dir = ctx.dir.join("schema");
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::from_error(format!("cannot create {}", dir.display()), &e))?;
        for k in kinds {
            let path = dir.join(k.file_name());
            let changed = crate::write::write_if_changed(&path, schema::render(k).as_bytes())
                .map_err(|e| {
                    CliError::from_error(format!("cannot write {}", path.display()), &e)
                })?;
            if !ctx.quiet {
                let what = if changed { "wrote" } else { "unchanged" };
                writeln!(err, "{what} schema/{}", k.file_name())?;
            }
        }
    } else {
        for k in kinds {
            write!(out, "{}", schema::render(k))?;
        }
    }
    Ok(0)
}
