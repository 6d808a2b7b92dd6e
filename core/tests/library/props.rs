//! The properties the fuzz targets check, shared by the cargo-fuzz targets in `fuzz/`
//! (libFuzzer, nightly) and the stable driver in `fuzz.rs` that runs them in the test
//! suite. Each takes any bytes and panics when the property fails.

use cairn_core::load::source::{Listing, ReadError, TreeSource};
use cairn_core::model::LinkState;
use cairn_core::text::edit::{Doc, scalar};
use cairn_core::text::yaml::{self, Value};

/// The YAML front-matter parsers: never a panic or a hang, and where the fast path
/// accepts a text, it builds exactly the tree and the problems the full parser does.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (fast, full) = cairn_core::text::yaml::parse_both(text);
    if let Some(fast) = fast {
        assert_eq!(fast.root, full.root, "{text:?}");
        assert_eq!(fast.problems, full.problems, "{text:?}");
    }
    // And the whole file splitter.
    let _ = cairn_core::load::split_front_matter(text);
}

const KEYS: &[&str] = &["status", "title", "due", "assignee", "estimate", "x-new"];

fn key_value(text: &str, key: &str) -> Option<Option<String>> {
    let parts = cairn_core::load::split_front_matter(text).ok()?;
    let parsed = yaml::parse(parts.yaml, parts.yaml_line);
    if !parsed.problems.is_empty() {
        return None;
    }
    let Value::Map(pairs) = parsed.root?.value else {
        return None;
    };
    Some(
        pairs
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .and_then(|(_, v)| v.as_scalar().map(str::to_owned)),
    )
}

/// The surgical front-matter editor: after setting a key, the file re-parses with that
/// key holding the value written, and every line outside the key's own lines is kept
/// byte for byte.
pub fn edit(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let key = KEYS[usize::from(data[0]) % KEYS.len()];
    let split = usize::from(data[1]).min(data.len() - 2);
    let (value, rest) = data[2..].split_at(split);
    let (Ok(value), Ok(text)) = (std::str::from_utf8(value), std::str::from_utf8(rest)) else {
        return;
    };
    // The editor is only asked to edit files whose front matter parses cleanly, with no
    // duplicate of the key.
    if key_value(text, key).is_none() || text.matches(&format!("\n{key}:")).count() > 1 {
        return;
    }
    let Ok(mut doc) = Doc::parse(text) else {
        return;
    };
    doc.set(key, &scalar(value), &["title"]);
    let new = doc.text();
    match key_value(&new, key) {
        Some(Some(v)) => assert_eq!(v, value, "{text:?} → {new:?}"),
        // A value YAML reads as null or not a scalar ("", "~") is fine to differ.
        Some(None) => {}
        None => panic!("the edit broke the front matter: {text:?} → {new:?}"),
    }
    // Outside the changed lines, every line is the same.
    let (a, b): (Vec<&str>, Vec<&str>) = (
        text.split_inclusive('\n').collect(),
        new.split_inclusive('\n').collect(),
    );
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let changed = &a[prefix..a.len() - suffix];
    for line in changed {
        let l = line.trim_end();
        assert!(
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start_matches([' ', '\t']).starts_with(':'))
                || l.starts_with(' ')
                || l.starts_with('-')
                || l.is_empty()
                || l == "---"
                // A comment inside a replaced block is kept, after the new value.
                || (l.starts_with('#') && new.contains(*line)),
            "a line that is not the key's changed: {line:?} in {text:?} → {new:?}"
        );
    }
}

struct Memory {
    files: Vec<(String, Vec<u8>)>,
}

impl TreeSource for Memory {
    fn list(&self) -> std::io::Result<Listing> {
        Ok(Listing {
            files: self
                .files
                .iter()
                .map(|(p, _)| p.clone())
                .filter(|p| p.ends_with(".md"))
                .collect(),
            ..Listing::default()
        })
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| ReadError::Io(std::io::ErrorKind::NotFound.into()))
    }
    fn link_state(&self, _: &str) -> LinkState {
        LinkState::Missing
    }
    fn workspace_prefix(&self) -> &str {
        ""
    }
}

const PATHS: &[&str] = &[
    "tasks/T-1-x.md",
    "projects/p.md",
    "meetings/2026-11-30-m.md",
    "decisions/D-1-d.md",
];

/// The whole load → check → forecast → report pipeline on a one-file workspace (a
/// cairn.yaml and one task, meeting, decision or project file): never a panic or a hang.
pub fn pipeline(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    // Half the runs fuzz cairn.yaml with a fixed task, half a file with a fixed config.
    let config = b"name: F\npeople:\n  alice:\n    name: A\n".to_vec();
    let task = b"---\nid: T-1\ntitle: X\nassignee: alice\nestimate: 1d\n---\n".to_vec();
    let files = if which % 2 == 0 {
        vec![
            ("cairn.yaml".to_owned(), rest.to_vec()),
            ("tasks/T-1-x.md".to_owned(), task),
        ]
    } else {
        let path = PATHS[usize::from(which / 2) % PATHS.len()];
        vec![
            ("cairn.yaml".to_owned(), config),
            (path.to_owned(), rest.to_vec()),
        ]
    };
    let source = Memory { files };
    let Ok(ws) = cairn_core::load::load(&source) else {
        return;
    };
    let today = jiff::civil::date(2026, 11, 30);
    let _ = cairn_core::analyze::check::check(&ws, today);
    let fc = cairn_core::analyze::schedule::forecast(&ws, today);
    let _ = cairn_core::analyze::schedule::workload(&ws, &fc, 6);
    let _ = cairn_core::report::build(&ws, &fc, None, None, &Default::default());
}
