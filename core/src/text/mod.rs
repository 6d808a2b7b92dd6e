//! Text in and out: the spanned YAML tree, typed fields, Markdown bodies, the line-level
//! front-matter editor, escaping for where text is shown, and the template engine.
//!
//! May import: `diag`, `model`. Nothing here reads files or knows about commands.

pub mod body;
pub mod diff;
pub mod edit;
pub mod escape;
pub mod fields;
pub mod filter;
pub mod recur;
pub mod template;
pub mod yaml;

/// A lowercase slug of any text: its words (runs of letters and digits) with only their
/// ASCII letters and digits kept, joined by `-`, at most 48 characters; empty when nothing
/// is left. File names, ids made from names, tags.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .flat_map(char::to_lowercase)
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.is_empty() {
            continue;
        }
        if out.len() + word.len() + 1 > 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    out
}
