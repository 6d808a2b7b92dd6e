//! `cairn import`'s summary: what was found, created, updated and kept, and what
//! `check` says about the files it wrote.

use crate::render::grid::Grid;
use crate::render::term::Style;
use cairn_core::model::Workspace;
use cairn_core::ops::import::Summary;
use cairn_core::ops::import::session::Findings;
use cairn_core::text::escape::term;
use std::io::Write;

pub fn summary_table(s: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
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
    for r in &s.renamed_prefix {
        writeln!(
            out,
            "the source renamed its id prefix {} → {}{}: {} item{} matched across it",
            term(&r.from),
            term(&r.to),
            if r.inferred {
                " (found; --renamed-prefix states it)"
            } else {
                ""
            },
            r.items,
            if r.items == 1 { "" } else { "s" }
        )?;
    }
    if !s.gone.is_empty() {
        writeln!(out, "no longer in the source ({}):", s.gone.len())?;
        for g in &s.gone {
            let did = match &g.status {
                Some(st) => format!("now {}", term(st)),
                None => "left as it is".to_owned(),
            };
            writeln!(
                out,
                "  {} ({}): {did}, {}",
                term(&g.id),
                term(&g.source),
                term(&g.why)
            )?;
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
    if !s.people_declared.is_empty() {
        writeln!(
            out,
            "people declared in cairn.yaml (named by their id; edit their names there): {}",
            term(&s.people_declared.join(", "))
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

/// How many findings an import prints in full.
const SHOWN: usize = 20;

/// The findings in the imported files: a line counting them by rule (to `out`), each in
/// full (to `err`, unless `quiet`).
pub fn findings(
    f: &Findings,
    after: &Workspace,
    style: Style,
    quiet: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if f.list.is_empty() {
        return writeln!(out, "check finds nothing in the imported files");
    }
    let parts: Vec<String> = f.by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
    writeln!(
        out,
        "check finds {} in the imported files: {}",
        f.list.len(),
        parts.join(", ")
    )?;
    if !quiet {
        // Errors first; a big import's warnings are counted above, not all printed.
        let mut list: Vec<_> = f.list.iter().collect();
        list.sort_by_key(|d| d.severity);
        for d in list.iter().take(SHOWN) {
            writeln!(err, "{}", crate::render::term::human(d, Some(after), style))?;
        }
        if list.len() > SHOWN {
            writeln!(
                err,
                "... and {} more: `cairn check` lists them all",
                list.len() - SHOWN
            )?;
        }
    }
    Ok(())
}
