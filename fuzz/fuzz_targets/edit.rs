//! The surgical front-matter editor: after setting a key, the file re-parses with that
//! key holding the value written, and every line outside the key's own lines is kept
//! byte for byte.
#![no_main]

use cairn_core::text::edit::{Doc, scalar};
use cairn_core::text::yaml::{self, Value};
use libfuzzer_sys::fuzz_target;

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

fuzz_target!(|data: &[u8]| {
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
            l.starts_with(&format!("{key}:")) || l.starts_with(' ') || l.starts_with('-') || l.is_empty() || l == "---",
            "a line that is not the key's changed: {line:?} in {text:?} → {new:?}"
        );
    }
});
