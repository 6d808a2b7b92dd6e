//! A small spanned YAML tree built from `saphyr-parser` events.
//!
//! cairn needs the line and column of every key and value, every duplicate key and every
//! problem in a file (not just the first), so it builds its own tree rather than going
//! through serde. Input is untrusted: depth and alias expansion are capped, and the builder
//! uses an explicit stack, so no input can overflow the call stack or blow up memory.

use crate::diag::Pos;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deepest nesting of lists and mappings accepted in front matter.
pub const MAX_DEPTH: usize = 64;
/// Most nodes one document may hold, counting every alias expansion.
pub const MAX_NODES: usize = 100_000;
/// Most bytes of text one document may hold, counting every alias expansion: a few
/// aliases of a long anchored string would otherwise ask for gigabytes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// A scalar. `plain` is false when it was quoted or a block scalar, so `"2026-01-01"`
    /// and `"true"` stay text.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Human name of the value's kind, for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar { text, plain: true } if is_number(text) => "a number",
            Value::Scalar { text, plain: true } if is_bool(text) => "a boolean",
            Value::Scalar { .. } => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Nodes and bytes of text a copy of this node holds (an alias expands to a copy).
    fn weight(&self) -> (usize, usize) {
        let add = |(a, b): (usize, usize), (c, d): (usize, usize)| (a + c, b.saturating_add(d));
        match &self.value {
            Value::Null => (1, 0),
            Value::Scalar { text, .. } => (1, text.len()),
            Value::Seq(items) => items.iter().map(Node::weight).fold((1, 0), add),
            Value::Map(pairs) => pairs
                .iter()
                .map(|(k, v)| add(k.weight(), v.weight()))
                .fold((1, 0), add),
        }
    }
}

pub fn is_number(text: &str) -> bool {
    !text.is_empty() && text.parse::<f64>().is_ok_and(f64::is_finite)
}

pub fn is_bool(text: &str) -> bool {
    matches!(text, "true" | "false" | "True" | "False" | "TRUE" | "FALSE")
}

fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A problem found while building the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlProblem {
    pub kind: ProblemKind,
    pub pos: Pos,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The text is not YAML, or is beyond the depth or size limits: no tree.
    Syntax,
    /// A key that appears twice; the first value is kept.
    DuplicateKey,
}

/// The tree of one document plus every duplicate key found in it. A syntax problem means
/// there is no usable tree.
#[derive(Debug, Default)]
pub struct Parsed {
    pub root: Option<Node>,
    pub problems: Vec<YamlProblem>,
}

/// The keys of a mapping seen so far, to find duplicates: a scan while the mapping is
/// small, a hash map once it is not (160,000 keys must not cost 160,000² comparisons).
#[derive(Default)]
struct KeysSeen {
    map: Option<std::collections::HashMap<String, Pos>>,
}

impl KeysSeen {
    const SCAN: usize = 32;

    /// Where `key` was first seen, or records it at `pos`.
    fn first(&mut self, pairs: &[(Node, Node)], key: &str, pos: Pos) -> Option<Pos> {
        if self.map.is_none() && pairs.len() < Self::SCAN {
            return pairs
                .iter()
                .find(|(k, _)| key_text(k) == Some(key))
                .map(|(k, _)| k.pos);
        }
        let map = self.map.get_or_insert_with(|| {
            let mut m = std::collections::HashMap::with_capacity(pairs.len() * 2);
            for (k, _) in pairs {
                if let Some(t) = key_text(k) {
                    m.entry(t.to_owned()).or_insert(k.pos);
                }
            }
            m
        });
        match map.get(key) {
            Some(p) => Some(*p),
            None => {
                map.insert(key.to_owned(), pos);
                None
            }
        }
    }
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        pairs: Vec<(Node, Node)>,
        pending_key: Option<Node>,
        seen: KeysSeen,
    },
}

/// Parses one YAML document. `first_line` is the file line the text starts on, so positions
/// point into the whole file.
pub fn parse(text: &str, first_line: usize) -> Parsed {
    if let Some(parsed) = parse_flat(text, first_line) {
        return parsed;
    }
    parse_events(text, first_line)
}

/// Both parsers on one text, for the fuzz targets: the fast path (`None` when it declines)
/// and the full parser. Where the fast path accepts, the two must agree.
#[doc(hidden)]
pub fn parse_both(text: &str) -> (Option<Parsed>, Parsed) {
    (parse_flat(text, 1), parse_events(text, 1))
}

/// A character YAML 1.2 allows in a document, tabs included; a byte-order mark only
/// starts a stream, so it is not one of them here.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
}

/// A plain scalar that reads the same in any YAML context: starts with a letter or digit,
/// holds no flow or comment indicators, and does not end in `:`.
fn simple_plain(v: &str) -> bool {
    v.chars().next().is_some_and(char::is_alphanumeric)
        && !v.ends_with(':')
        && !v.contains(": ")
        && !v.contains(" #")
        && !v.contains(['[', ']', '{', '}', '\t', '"'])
}

/// Fast path for the front matter nearly every file has: one `key: value` per line, with
/// plain scalars and flat `[a, b]` lists. Returns `None` for anything else (quotes, block
/// lists, nesting, anchors, comments after values...), which goes to the full parser; the
/// result is the tree the full parser would build (a test compares the two).
fn parse_flat(text: &str, first_line: usize) -> Option<Parsed> {
    let mut pairs: Vec<(Node, Node)> = Vec::new();
    let mut seen = KeysSeen::default();
    let mut problems = Vec::new();
    let mut root_pos = None;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        // A character YAML does not allow in a document (NUL, other controls, U+FFFE, a
        // BOM inside): the full parser says what is wrong.
        if !line.chars().all(yaml_printable) {
            return None;
        }
        let trimmed = line.trim_end_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line_no = first_line + i;
        let colon = trimmed.find(':')?;
        let key = &trimmed[..colon];
        // `null: x` has a null key to a YAML parser: the full parser says so.
        if key.is_empty()
            || is_null_text(key)
            || !key.starts_with(|c: char| c.is_ascii_alphabetic())
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        let rest = &trimmed[colon + 1..];
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let value = rest.trim_start_matches(' ');
        let value_col = key.len() + 1 + (rest.len() - value.len()) + 1;
        let value_pos = Pos::new(line_no, value_col);
        let key_pos = Pos::new(line_no, 1);
        root_pos.get_or_insert(key_pos);
        let node = if value.is_empty() {
            // The full parser places an empty value at the colon.
            Node {
                value: Value::Null,
                pos: Pos::new(line_no, key.len() + 1),
            }
        } else if let Some(inner) = value.strip_prefix('[') {
            let inner = inner.strip_suffix(']')?;
            let mut items = Vec::new();
            if !inner.trim().is_empty() {
                let mut offset = value_col + 1;
                for item in inner.split(',') {
                    let t = item.trim_matches(' ');
                    // Inside `[...]` every word starts like a plain scalar: the full
                    // parser reads `a -]` as a `-` that may not precede `]`.
                    if !simple_plain(t)
                        || t.contains([',', '#', '&', '*', '!', '|', '>', '\'', '%', '@', '`', ':'])
                        || !t
                            .split(' ')
                            .all(|w| w.is_empty() || w.starts_with(char::is_alphanumeric))
                    {
                        return None;
                    }
                    let lead = item.len() - item.trim_start_matches(' ').len();
                    let col = offset + item[..lead].chars().count();
                    items.push(Node {
                        value: scalar_value(t),
                        pos: Pos::new(line_no, col),
                    });
                    offset += item.chars().count() + 1;
                }
            }
            Node {
                value: Value::Seq(items),
                pos: value_pos,
            }
        } else if simple_plain(value) {
            Node {
                value: scalar_value(value),
                pos: value_pos,
            }
        } else {
            return None;
        };
        if let Some(first) = seen.first(&pairs, key, key_pos) {
            problems.push(YamlProblem {
                kind: ProblemKind::DuplicateKey,
                pos: key_pos,
                message: format!(
                    "key `{key}` appears twice (first on line {}); the first value is used",
                    first.line
                ),
            });
            continue;
        }
        pairs.push((
            Node {
                value: Value::Scalar {
                    text: key.to_owned(),
                    plain: true,
                },
                pos: key_pos,
            },
            node,
        ));
    }
    let root = root_pos.map(|pos| Node {
        value: Value::Map(pairs),
        pos,
    });
    Some(Parsed { root, problems })
}

fn scalar_value(text: &str) -> Value {
    if is_null_text(text) {
        Value::Null
    } else {
        Value::Scalar {
            text: text.to_owned(),
            plain: true,
        }
    }
}

/// The full parser, driven by saphyr-parser's events.
fn parse_events(text: &str, first_line: usize) -> Parsed {
    let mut out = Parsed::default();
    let to_pos = |span: &Span| Pos::new(span.start.line() + first_line - 1, span.start.col() + 1);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: Vec<Option<Node>> = Vec::new();
    let mut nodes = 0usize;
    let mut bytes = 0usize;
    let mut done: Option<Node> = None;

    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let m = e.marker();
                out.problems.push(YamlProblem {
                    kind: ProblemKind::Syntax,
                    pos: Pos::new(m.line() + first_line - 1, m.col() + 1),
                    message: e.info().to_owned(),
                });
                return out;
            }
        };
        let pos = to_pos(&span);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => None,
            Event::DocumentEnd | Event::StreamEnd => {
                if done.is_some() || event == Event::StreamEnd {
                    break;
                }
                None
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let plain = style == ScalarStyle::Plain;
                let value = if plain && is_null_text(&text) {
                    Value::Null
                } else {
                    Value::Scalar {
                        text: text.into_owned(),
                        plain,
                    }
                };
                nodes += 1;
                if let Value::Scalar { text, .. } = &value {
                    bytes += text.len();
                }
                Some((Node { value, pos }, anchor))
            }
            Event::Alias(id) => {
                let Some(Some(target)) = anchors.get(id) else {
                    out.problems
                        .push(syntax(pos, "alias to an unknown anchor".into()));
                    return out;
                };
                let (n, b) = target.weight();
                nodes += n;
                bytes = bytes.saturating_add(b);
                if nodes > MAX_NODES {
                    out.problems.push(syntax(
                        pos,
                        format!("alias expansion exceeds {MAX_NODES} nodes (an alias bomb?)"),
                    ));
                    return out;
                }
                if bytes > MAX_TEXT_BYTES {
                    out.problems.push(syntax(
                        pos,
                        format!(
                            "alias expansion exceeds {} MiB of text (an alias bomb?)",
                            MAX_TEXT_BYTES >> 20
                        ),
                    ));
                    return out;
                }
                let mut copy = target.clone();
                copy.pos = pos;
                Some((copy, 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    out.problems.push(syntax(
                        pos,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                    return out;
                }
                nodes += 1;
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        pos,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        pos,
                        anchor,
                        pairs: Vec::new(),
                        pending_key: None,
                        seen: KeysSeen::default(),
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq { pos, anchor, items }) => Some((
                    Node {
                        value: Value::Seq(items),
                        pos,
                    },
                    anchor,
                )),
                Some(Frame::Map {
                    pos, anchor, pairs, ..
                }) => Some((
                    Node {
                        value: Value::Map(pairs),
                        pos,
                    },
                    anchor,
                )),
                None => None,
            },
        };
        if nodes > MAX_NODES {
            out.problems
                .push(syntax(pos, format!("more than {MAX_NODES} values")));
            return out;
        }
        let Some((node, anchor)) = finished else {
            continue;
        };
        if anchor > 0 {
            if anchors.len() <= anchor {
                anchors.resize(anchor + 1, None);
            }
            anchors[anchor] = Some(node.clone());
        }
        match stack.last_mut() {
            None => done = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                pairs,
                pending_key,
                seen,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    let duplicate = key_text(&key).and_then(|k| {
                        seen.first(pairs, k, key.pos)
                            .map(|first| (k.to_owned(), first))
                    });
                    match duplicate {
                        Some((k, first)) => out.problems.push(YamlProblem {
                            kind: ProblemKind::DuplicateKey,
                            pos: key.pos,
                            message: format!(
                                "key `{k}` appears twice (first on line {}); the first value is used",
                                first.line
                            ),
                        }),
                        None => pairs.push((key, node)),
                    }
                }
            },
        }
    }
    out.root = done;
    out
}

fn key_text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        Value::Null => Some(""),
        _ => None,
    }
}

fn syntax(pos: Pos, message: String) -> YamlProblem {
    YamlProblem {
        kind: ProblemKind::Syntax,
        pos,
        message,
    }
}

/// A YAML scalar for any text: plain when that reads back as the same text, else
/// double-quoted (JSON string syntax is valid YAML).
pub fn quote(text: String) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    let plain_ok = !text.is_empty()
        && text.trim() == text
        && !reserved.contains(&text.to_ascii_lowercase().as_str())
        && !is_number(&text)
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '(')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text
            .chars()
            .all(|c| !c.is_control() && !"{}[],&*!|>'\"%@`".contains(c));
    if plain_ok {
        text
    } else {
        serde_json::to_string(&text).expect("a string always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_quote_only_when_needed() {
        assert_eq!(quote("Fix login page".into()), "Fix login page");
        assert_eq!(quote("Note: read this".into()), "\"Note: read this\"");
        assert_eq!(quote("yes".into()), "\"yes\"");
        assert_eq!(quote("12".into()), "\"12\"");
        assert_eq!(quote("a # b".into()), "\"a # b\"");
        assert_eq!(quote("line\nbreak".into()), "\"line\\nbreak\"");
    }

    #[test]
    fn quoted_titles_read_back_unchanged() {
        for title in [
            "Note: read this",
            "yes",
            "- dash",
            "[x]",
            "a\"b",
            "tab\there",
        ] {
            let doc = format!("title: {}\n", quote(title.into()));
            let parsed = parse(&doc, 1);
            let root = parsed.root.expect("parses");
            let Value::Map(pairs) = root.value else {
                panic!("map")
            };
            assert_eq!(pairs[0].1.as_scalar(), Some(title), "{doc}");
        }
    }

    fn root(text: &str) -> Node {
        let parsed = parse(text, 1);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        parsed.root.expect("a document")
    }

    #[test]
    fn keys_and_values_carry_positions() {
        let node = root("id: T-1\ntags: [a, b]\n");
        let Value::Map(pairs) = node.value else {
            panic!("not a map")
        };
        assert_eq!(pairs[1].0.pos, Pos { line: 2, col: 1 });
        let Value::Seq(items) = &pairs[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!(items[1].pos, Pos { line: 2, col: 11 });
    }

    #[test]
    fn quoted_scalars_stay_text_and_plain_null_is_null() {
        let node = root("a: \"null\"\nb: ~\nc:\n");
        let Value::Map(pairs) = node.value else {
            panic!()
        };
        assert!(matches!(
            pairs[0].1.value,
            Value::Scalar { plain: false, .. }
        ));
        assert!(pairs[1].1.is_null());
        assert!(pairs[2].1.is_null());
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second_key() {
        let parsed = parse("a: 1\nb: 2\na: 3\n", 2);
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(parsed.problems[0].pos, Pos { line: 4, col: 1 });
    }

    /// Every front matter in the repository's examples and fixtures, plus tricky lines:
    /// wherever the fast path answers, it must agree with the full parser.
    #[test]
    fn fast_path_agrees_with_the_full_parser() {
        let mut docs: Vec<String> = vec![
            "a: 1\nb: [x, y]\nc:\n".into(),
            "title: Don't stop, ever\n".into(),
            "title: a: b\n".into(),
            "title: x # c\n".into(),
            "t: [a,b ,  c]\n".into(),
            "t: []\nu: [ ]\n".into(),
            "t: [a, [b]]\n".into(),
            "title: Grüße aus Köln\nx: ~\ny: null\n".into(),
            "a: 1\r\nb: 2\r\n".into(),
            "# comment\n\na: 1   \n".into(),
            "a: 1\na: 2\n".into(),
            "a: x\n  continued\n".into(),
            "a:\n- x\n".into(),
            "a: [x, 'y']\n".into(),
            "a: b:c\n".into(),
            // Found by the fuzzer: a word starting `-` inside a flow list.
            "a: [x,3T4 -]\n".into(),
            "a: [x y -z]\n".into(),
            "a: 2026-01-01\nb: 3.5d\n".into(),
            "".into(),
        ];
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
        for dir in ["examples", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if entry.path().extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    if let Ok(parts) = crate::load::split_front_matter(&text) {
                        docs.push(parts.yaml.to_owned());
                    }
                }
            }
        }
        let mut fast = 0;
        for doc in &docs {
            if let Some(quick) = parse_flat(doc, 2) {
                fast += 1;
                let full = parse_events(doc, 2);
                assert_eq!(quick.root, full.root, "{doc:?}");
                assert_eq!(quick.problems, full.problems, "{doc:?}");
            }
        }
        assert!(fast > 30, "the fast path handles the common case ({fast})");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let parsed = parse(&text, 1);
        assert!(parsed.root.is_none());
        assert!(parsed.problems[0].message.contains("alias"));
    }

    /// Found by the fuzzer: NUL bytes in a plain value passed the fast path, which the full
    /// parser refuses.
    #[test]
    fn control_characters_go_to_the_full_parser() {
        for text in [
            "title: a\0b\n",
            "title: a\u{1}b\n",
            "title: a\u{fffe}\n",
            "x: \u{feff}y\n",
        ] {
            assert!(parse_flat(text, 1).is_none(), "{text:?}");
        }
        assert!(parse_flat("title: Grüße é\n", 1).is_some());
        // Found by the fuzzer too: a key YAML reads as null.
        assert!(parse_flat("a: 1\nnull: x\n", 1).is_none());
    }

    /// A regression: a 1 MB anchored string aliased 30,000 times asked for ~30 GB.
    #[test]
    fn an_alias_byte_bomb_is_refused_without_allocating_it() {
        let mut text = format!("notes: &a \"{}\"\ntags: [", "x".repeat(1_000_000));
        text.push_str(&vec!["*a"; 30_000].join(", "));
        text.push_str("]\n");
        let parsed = parse(&text, 1);
        assert!(parsed.root.is_none());
        assert!(
            parsed.problems[0].message.contains("MiB of text"),
            "{:?}",
            parsed.problems
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let parsed = parse(&text, 1);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems[0].kind, ProblemKind::Syntax);
        // Block-style nesting is stopped by cairn's own depth limit.
        let mut block = String::new();
        for depth in 0..200 {
            block.push_str(&" ".repeat(depth));
            block.push_str("a:\n");
        }
        let parsed = parse(&block, 1);
        assert!(parsed.root.is_none());
        assert!(
            parsed.problems[0].message.contains("nesting"),
            "{:?}",
            parsed.problems
        );
    }
}
