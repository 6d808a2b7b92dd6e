//! The text of a file: bytes to UTF-8 (a BOM dropped, other encodings refused), the
//! `---` front matter block split from the Markdown body, ids in file names.

use crate::diag::Pos;

pub fn decode_owned(mut bytes: Vec<u8>) -> Result<String, (Pos, String)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.into_bytes();
        match decode(&bytes) {
            Err(why) => why,
            Ok(_) => (Pos::START, "file is not valid UTF-8".into()),
        }
    })
}

/// UTF-8 text without a BOM, or where the first invalid byte is.
pub fn decode(bytes: &[u8]) -> Result<String, (Pos, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or("");
            let line = valid.matches('\n').count() + 1;
            let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err((
                Pos::new(line, col),
                format!(
                    "file is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            ))
        }
    }
}

/// The front matter and body of a file, with the file lines each starts on.
#[derive(Debug)]
pub struct Parts<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

pub fn split_front_matter(text: &str) -> Result<Parts<'_>, (Pos, String)> {
    if text.trim().is_empty() {
        return Err((
            Pos::START,
            "file is empty; it needs `---` front matter".into(),
        ));
    }
    let is_fence = |l: &str| l.trim_end() == "---";
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    // A file's text keeps its BOM (so an edit keeps it); it is not part of the fence.
    if !is_fence(first.trim_start_matches('\u{feff}')) {
        return Err((
            Pos::START,
            "file does not start with a `---` front matter line".into(),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        if is_fence(line) || line.trim_end() == "..." {
            return Ok(Parts {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err((
        Pos::START,
        "front matter is not closed: no `---` line after the opening one".into(),
    ))
}

/// The number of an id such as `T-12` with prefix `T`.
pub fn id_number(id: &str, prefix: &str) -> Option<u64> {
    let num = id.strip_prefix(prefix)?.strip_prefix('-')?;
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) || num.starts_with('0') {
        return None;
    }
    num.parse().ok().filter(|&n| n <= MAX_ID_NUMBER)
}

/// The largest id number (`T-999999999`): far past any plan, and far from the end of the
/// integers, so the next id never wraps.
pub const MAX_ID_NUMBER: u64 = 999_999_999;

/// The id number in a file name such as `T-12-fix-the-header.md` (or `T-12.md`).
pub fn file_id_number(name: &str, prefix: &str) -> Option<u64> {
    let stem = name.strip_suffix(".md")?;
    let id_end = stem
        .match_indices('-')
        .nth(1)
        .map_or(stem.len(), |(i, _)| i);
    id_number(&stem[..id_end], prefix)
}
