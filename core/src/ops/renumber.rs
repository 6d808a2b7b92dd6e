//! `cairn renumber OLD NEW`: a task gets a new id. Its file is renamed and every reference
//! is rewritten: `depends_on`, `parent`, a decision's `tasks`, and mentions of the id in
//! the Markdown of every file (task bodies, discussions, action items), as a whole word
//! and outside code, so `T-12` never touches `T-120` or a code block.
//!
//! Two branches that each minted the same id leave two files with it after a merge; the
//! `duplicate-id` finding names the renumber command for the later one. References to the
//! duplicated id are then ambiguous, and only the renumbered file changes.

use super::change::Change;
use super::edit::{EditError, task};
use crate::load::{file_id_number, id_number, split_front_matter};
use crate::model::{FileKind, Workspace};
use crate::text::edit::{Doc, Value, scalar};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a renumbering does.
pub struct Renumbered {
    pub change: Change,
    /// The id was in two or more files: references elsewhere were left as they were.
    pub ambiguous: bool,
}

/// Renumbers task `old` (the one in `file` when given, for a duplicated id) to `new`.
pub fn renumber(
    ws: &Workspace,
    old: &str,
    new: &str,
    file: Option<&str>,
) -> Result<Renumbered, EditError> {
    let prefix = &ws.config.task_prefix;
    if id_number(new, prefix).is_none() {
        return Err(EditError::Refused(format!(
            "`{new}` is not a task id of the form `{prefix}-<number>`"
        )));
    }
    let number = id_number(new, prefix).unwrap_or(0);
    let taken = ws.task(new).is_some()
        || ws.files.iter().any(|f| {
            f.kind == FileKind::Task
                && f.path
                    .rsplit('/')
                    .next()
                    .and_then(|n| file_id_number(n, prefix))
                    == Some(number)
        });
    if taken {
        return Err(EditError::Refused(format!("{new} already exists")));
    }
    let holders: Vec<usize> = ws
        .tasks
        .iter()
        .filter(|t| t.id.value == old)
        .map(|t| t.file)
        .collect();
    let target = match file {
        Some(path) => *holders
            .iter()
            .find(|&&f| ws.path(f) == path)
            .ok_or_else(|| EditError::Refused(format!("{path} does not hold task {old}")))?,
        None => {
            if holders.len() > 1 {
                let paths: Vec<&str> = holders.iter().map(|&f| ws.path(f)).collect();
                return Err(EditError::Refused(format!(
                    "{old} is in {} files ({}); say which with --file",
                    holders.len(),
                    paths.join(", ")
                )));
            }
            task(ws, old)?.file
        }
    };
    let ambiguous = holders.len() > 1;
    let mut change = Change::default();
    for (i, f) in ws.files.iter().enumerate() {
        if f.kind == FileKind::Config {
            continue;
        }
        let own = i == target;
        if ambiguous && !own {
            continue;
        }
        let rewritten = rewrite_file(ws, i, old, new, own)?;
        if own {
            let name = f.path.rsplit('/').next().unwrap_or(&f.path);
            let dir = &f.path[..f.path.len() - name.len()];
            let rest = name.strip_prefix(old).unwrap_or(name);
            let to = format!("{dir}{new}{rest}");
            change.push_rename(&f.path, &to, f.text.clone(), rewritten);
        } else if rewritten != f.text {
            change.push_edit(&f.path, f.text.clone(), rewritten);
        }
    }
    change.renamed_ids.push((old.to_owned(), new.to_owned()));
    Ok(Renumbered { change, ambiguous })
}

/// One file's text with `old` replaced by `new`: its own `id` (when `own`), task fields
/// that reference it, and mentions in the body.
fn rewrite_file(
    ws: &Workspace,
    file: usize,
    old: &str,
    new: &str,
    own: bool,
) -> Result<String, EditError> {
    let f = &ws.files[file];
    let Ok(parts) = split_front_matter(&f.text) else {
        return Ok(f.text.clone());
    };
    let body_start = f.text.len() - parts.body.len();
    let body = rewrite_mentions(parts.body, old, new);
    let head = &f.text[..body_start];
    let Ok(mut doc) = Doc::parse(head) else {
        return Ok(format!("{head}{body}"));
    };
    let replace = |list: &[crate::model::Sp<String>]| -> Option<Value> {
        list.iter().any(|d| d.value == old).then(|| {
            Value::List(
                list.iter()
                    .map(|d| {
                        if d.value == old {
                            new.to_owned()
                        } else {
                            d.value.clone()
                        }
                    })
                    .collect(),
            )
        })
    };
    if let Some(t) = ws.tasks.iter().find(|t| t.file == file) {
        if own {
            doc.set("id", &scalar(new), &[]);
        }
        if let Some(v) = replace(&t.depends_on) {
            doc.set("depends_on", &v, &[]);
        }
        if t.parent.as_ref().is_some_and(|p| p.value == old) {
            doc.set("parent", &scalar(new), &[]);
        }
    }
    if let Some(d) = ws.decisions.iter().find(|d| d.file == file)
        && let Some(v) = replace(&d.tasks)
    {
        doc.set("tasks", &v, &[]);
    }
    Ok(format!("{}{body}", doc.text()))
}

/// Where a mention may be rewritten.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Prose: a whole word, not inside a URL, and not `T-12.5` or `T-12-word`.
    Text,
    /// A relative link target: a path in the repository, whose file name follows the
    /// renamed file (`../tasks/T-12-login.md`).
    Path,
}

/// `text` with whole-word mentions of `old` outside code replaced by `new`. URLs (bare,
/// autolinked, or a link's target) and link targets that are not workspace paths are
/// left alone, as are `T-12.5` (a version) and `T-12-word` in prose (a name that only
/// starts with the id).
pub fn rewrite_mentions(text: &str, old: &str, new: &str) -> String {
    let mut ranges: Vec<(std::ops::Range<usize>, Place)> = Vec::new();
    let mut in_code = 0usize;
    let mut in_autolink = 0usize;
    for (event, range) in Parser::new_ext(text, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email,
                ..
            }) => in_autolink += 1,
            Event::End(TagEnd::Link) if in_autolink > 0 => in_autolink -= 1,
            Event::Text(_) if in_code == 0 && in_autolink == 0 => ranges.push((range, Place::Text)),
            // A link to the renamed file follows it; a URL or an absolute path does not.
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if in_code == 0 && is_workspace_path(&dest_url) =>
            {
                if let Some(k) = text[range.clone()].rfind(dest_url.as_ref()) {
                    let start = range.start + k;
                    ranges.push((start..start + dest_url.len(), Place::Path));
                }
            }
            _ => {}
        }
    }
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    // A link's text comes after its start: in text order, without overlaps.
    ranges.sort_by_key(|r| r.0.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, place) in ranges {
        if r.start < at {
            continue;
        }
        let piece = &text[r.clone()];
        let mut from = 0;
        while let Some(k) = piece[from..].find(old) {
            let start = from + k;
            let end = start + old.len();
            from = end;
            let before = piece[..start].chars().next_back();
            let rest = &piece[end..];
            if before.is_some_and(word) {
                continue;
            }
            let ok = match place {
                // In a path only the file name follows the renamed file: `T-12-fix.md`,
                // `T-12.md`; `T-120.md` and a folder named `T-12/` do not.
                Place::Path => {
                    piece[..start].rsplit('/').next() == Some("")
                        && (rest.starts_with(".md")
                            || rest.starts_with('-')
                                && !rest[1..].starts_with(|c: char| c.is_ascii_digit()))
                        && !rest.contains('/')
                }
                Place::Text => {
                    let mut after = rest.chars();
                    let next_ok = match after.next() {
                        None => true,
                        Some('.') => !after.next().is_some_and(|c| c.is_ascii_digit()),
                        Some(c) => !word(c),
                    };
                    next_ok && !in_url(piece, start)
                }
            };
            if ok {
                out.push_str(&text[at..r.start + start]);
                out.push_str(new);
                at = r.start + end;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

/// A link target that is a path in the repository: no scheme, not absolute, not an
/// anchor.
fn is_workspace_path(dest: &str) -> bool {
    !dest.is_empty()
        && !dest.starts_with(['/', '\\', '#'])
        && !dest.contains("://")
        && !dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// Whether position `at` of `text` is inside a bare URL (the run of text around it,
/// up to whitespace, has a scheme or starts with `www.`).
fn in_url(text: &str, at: usize) -> bool {
    let start = text[..at]
        .rfind(|c: char| c.is_whitespace() || "<>()[]\"'".contains(c))
        .map_or(0, |i| i + 1);
    let token = &text[start..at];
    token.contains("://") || token.starts_with("www.") || token.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::rewrite_mentions;

    #[test]
    fn mentions_are_whole_words_outside_code() {
        let text = "Since T-12, see T-120 and xT-12.\n\n```\nT-12 stays\n```\n\nAlso `T-12` and (T-12). End T-12.\n";
        assert_eq!(
            rewrite_mentions(text, "T-12", "T-40"),
            "Since T-40, see T-120 and xT-12.\n\n```\nT-12 stays\n```\n\nAlso `T-12` and (T-40). End T-40.\n"
        );
        // Links to the renamed file follow it; links to T-120 stay.
        assert_eq!(
            rewrite_mentions(
                "See [T-12](../tasks/T-12-fix.md) and [x](T-120.md).\n",
                "T-12",
                "T-40"
            ),
            "See [T-40](../tasks/T-40-fix.md) and [x](T-120.md).\n"
        );
    }

    /// Regression: `renumber T-1 T-500` rewrote ids inside URLs, autolinks, versions and
    /// names that only start with the id.
    #[test]
    fn urls_versions_and_longer_names_are_left_alone() {
        let text = "See https://example.com/issues/T-1 and <https://x/browse/T-1>, \
                    [the ticket](https://x/browse/T-1), www.example.com/T-1, version T-1.5, \
                    branch T-1-foo, and [the file](T-1-first.md) and [abs](/tasks/T-1-first.md). T-1 moved.\n";
        assert_eq!(
            rewrite_mentions(text, "T-1", "T-500"),
            "See https://example.com/issues/T-1 and <https://x/browse/T-1>, \
             [the ticket](https://x/browse/T-1), www.example.com/T-1, version T-1.5, \
             branch T-1-foo, and [the file](T-500-first.md) and [abs](/tasks/T-1-first.md). T-500 moved.\n"
        );
    }
}
