//! `cairn search`: full-text search over the plan's files (titles, bodies, discussions,
//! meeting notes, decisions). It reads the files straight from the tree source, in
//! parallel, without the loader's parse: a search touches every byte once and parses only
//! the front matter of the files that match.

use crate::load::source::TreeSource;
use crate::load::split_front_matter;
use crate::model::FileKind;
use rayon::prelude::*;
use serde::Serialize;

/// One file that matches every word of the query.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// `task`, `meeting`, `decision` or `project`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub file: String,
    /// The 1-based line of the best match in the body (or of the title).
    pub line: u32,
    /// That line, trimmed to about 120 characters around the match.
    pub snippet: String,
    pub score: u32,
}

/// The lowercase words of a query; a word in quotes (`"mega menu"`) is one phrase.
pub fn terms(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = query;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            let phrase = after[..end].trim().to_lowercase();
            if !phrase.is_empty() {
                out.push(phrase);
            }
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(rest[..end].to_lowercase());
            rest = &rest[end..];
        }
    }
    out
}

fn kind_name(k: FileKind) -> Option<&'static str> {
    match k {
        FileKind::Task => Some("task"),
        FileKind::Meeting => Some("meeting"),
        FileKind::Decision => Some("decision"),
        FileKind::Project => Some("project"),
        FileKind::Config | FileKind::TimeLog => None,
    }
}

/// The `title:` of a front matter (parsed only for matching files).
fn title_of(yaml: &str) -> Option<String> {
    use crate::text::yaml::Value;
    let root = crate::text::yaml::parse(yaml, 2).root?;
    let Value::Map(pairs) = root.value else {
        return None;
    };
    pairs
        .into_iter()
        .find_map(|(k, v)| match (k.value, v.value) {
            (Value::Scalar { text: k, .. }, Value::Scalar { text, .. }) if k == "title" => {
                Some(text)
            }
            _ => None,
        })
}

/// The id a file's name gives it: `T-12` of `tasks/web/T-12-login.md`, the stem of a
/// meeting or project file.
fn id_of(path: &str, kind: FileKind) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match kind {
        FileKind::Task | FileKind::Decision => {
            let mut parts = stem.splitn(3, '-');
            match (parts.next(), parts.next()) {
                (Some(p), Some(n)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
                    format!("{p}-{n}")
                }
                _ => stem.to_owned(),
            }
        }
        _ => stem.to_owned(),
    }
}

fn clip_around(line: &str, at_char: usize, width: usize) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    if chars.len() <= width {
        return chars.into_iter().collect();
    }
    let start = at_char.saturating_sub(width / 3).min(chars.len() - width);
    let mut s: String = chars[start..start + width].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if start + width < chars.len() {
        s.push('…');
    }
    s
}

/// Scores one file: every term must occur (in the title or the text). A term in the title
/// counts 10, each occurrence in the text 1 (at most 5 per term), the whole query as
/// written 5 more.
fn score(path: &str, kind: FileKind, text: &str, terms: &[String], query: &str) -> Option<Hit> {
    let lower = text.to_lowercase();
    if !terms.iter().all(|t| lower.contains(t.as_str())) {
        return None;
    }
    let (title, body_start) = match split_front_matter(text) {
        Ok(parts) => (
            title_of(parts.yaml).unwrap_or_default(),
            text.len() - parts.body.len(),
        ),
        Err(_) => (String::new(), 0),
    };
    let title_lower = title.to_lowercase();
    let mut score = 0u32;
    for t in terms {
        if title_lower.contains(t.as_str()) {
            score += 10;
        }
        let body = lower.get(body_start..).unwrap_or("");
        score += u32::try_from(body.matches(t.as_str()).count().min(5)).unwrap_or(5);
    }
    let phrase = query.trim().to_lowercase();
    if terms.len() > 1 && lower.contains(&phrase) {
        score += 5;
    }
    // The line of the first match in the body, else the title's line.
    let first_body_line = text[..body_start.min(text.len())].lines().count();
    let (line, snippet) = text
        .get(body_start..)
        .unwrap_or("")
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let ll = l.to_lowercase();
            terms.iter().find_map(|t| {
                ll.find(t.as_str()).map(|byte| {
                    let at = ll[..byte].chars().count();
                    (first_body_line + i + 1, clip_around(l, at, 120))
                })
            })
        })
        .unwrap_or((2, clip_around(&title, 0, 120)));
    Some(Hit {
        kind: kind_name(kind)?,
        id: id_of(path, kind),
        title,
        file: path.to_owned(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        snippet,
        score,
    })
}

/// Every file of `source` (of the `kinds` given, all when empty) that holds every word of
/// `query`, best first (ties: tasks, decisions, meetings, projects, then by path).
pub fn search(
    source: &dyn TreeSource,
    query: &str,
    kinds: &[FileKind],
) -> std::io::Result<Vec<Hit>> {
    let terms = terms(query);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let listing = source.list()?;
    let mut hits: Vec<Hit> = listing
        .files
        .par_iter()
        .filter_map(|path| {
            let kind = FileKind::of_path(path)?;
            if kind == FileKind::Config || !(kinds.is_empty() || kinds.contains(&kind)) {
                return None;
            }
            let bytes = source.read(path).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            score(path, kind, &text, &terms, query)
        })
        .collect();
    let rank = |k: &str| match k {
        "task" => 0,
        "decision" => 1,
        "meeting" => 2,
        _ => 3,
    };
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(rank(a.kind).cmp(&rank(b.kind)))
            .then((a.file.len(), &a.file).cmp(&(b.file.len(), &b.file)))
    });
    Ok(hits)
}

/// Only the hits that are tasks the filter holds for (`search --where`).
pub fn only_matching(
    hits: Vec<Hit>,
    ws: &crate::model::Workspace,
    filter: &crate::analyze::filter::Filter,
) -> Vec<Hit> {
    hits.into_iter()
        .filter(|h| h.kind == "task" && ws.task(&h.id).is_some_and(|t| filter.matches(ws, t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_words_are_one_phrase() {
        assert_eq!(
            terms(r#"Mega "focus states"  menu"#),
            ["mega", "focus states", "menu"]
        );
    }

    #[test]
    fn a_title_match_outranks_a_body_match() {
        let a = "---\nid: T-1\ntitle: Search box\n---\nSomething else.\n";
        let b = "---\nid: T-2\ntitle: Other\n---\nThe search box is here.\nAnd search again.\n";
        let t = terms("search");
        let ha = score("tasks/T-1-a.md", FileKind::Task, a, &t, "search").expect("hit");
        let hb = score("tasks/T-2-b.md", FileKind::Task, b, &t, "search").expect("hit");
        assert!(ha.score > hb.score, "{ha:?} {hb:?}");
        assert_eq!(hb.line, 5);
        assert_eq!(hb.snippet, "The search box is here.");
        assert_eq!(ha.id, "T-1");
        assert!(
            score(
                "tasks/T-2-b.md",
                FileKind::Task,
                b,
                &terms("search nothing"),
                ""
            )
            .is_none()
        );
    }
}
