//! What cairn reads from a Markdown body: checklist items (and the action items among
//! them), relative links and images, and `## Discussion` entries.

use crate::diag::{Pos, Rule};
use crate::model::{Body, ChecklistItem, DiscussionEntry, Link, LinkState, Sp};
use crate::text::fields::{Sink, parse_date};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Maps byte offsets in the body to file positions.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, first_line: usize) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            text,
            starts,
            first_line,
        }
    }

    fn index(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    fn pos(&self, offset: usize) -> Pos {
        let idx = self.index(offset);
        let start = self.starts[idx];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        Pos::new(self.first_line + idx, col + 1)
    }

    /// The line holding `offset`, from `offset` on, without the line break.
    fn rest_of_line(&self, offset: usize) -> &'a str {
        let idx = self.index(offset);
        let end = self.starts.get(idx + 1).map_or(self.text.len(), |&e| e);
        let line = self.text.get(offset..end).unwrap_or("");
        line.trim_end_matches(['\n', '\r'])
    }
}

pub struct BodyContext<'a> {
    pub task_prefix: &'a str,
    /// Resolves a link target as written (relative to the file) to its state.
    pub resolve: &'a dyn Fn(&str) -> LinkState,
}

/// Whether `text` may hold a discussion heading, in any letter case.
fn contains_discussion(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b | 0x20 == b'd'
            && bytes
                .get(i..i + 10)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"discussion"))
    })
}

pub fn parse(text: &str, first_line: usize, ctx: &BodyContext, sink: &mut Sink) -> Body {
    let mut body = Body::default();
    if !text.contains('[') && !contains_discussion(text) {
        return body;
    }
    let lines = Lines::new(text, first_line);
    let mut in_discussion = false;
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut list_depth = 0usize;
    let parser = Parser::new_ext(text, Options::ENABLE_TASKLISTS).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, h)) = heading.take()
                    && level <= HeadingLevel::H2
                {
                    in_discussion =
                        level == HeadingLevel::H2 && h.trim().eq_ignore_ascii_case("discussion");
                }
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) if in_discussion && list_depth == 1 => {
                let line = lines.rest_of_line(range.start);
                let pos = lines.pos(range.start);
                if let Some(entry) = discussion_entry(line, pos, sink) {
                    body.discussion.push(entry);
                }
            }
            Event::TaskListMarker(checked) => {
                let rest = lines.rest_of_line(range.end);
                let item_text = rest.trim();
                let text_offset = range.end + (rest.len() - rest.trim_start().len());
                let text_pos = lines.pos(text_offset);
                body.checklist.push(checklist_item(
                    checked,
                    item_text,
                    text_pos,
                    lines.pos(range.start),
                    ctx,
                    sink,
                ));
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(target) = local_target(&dest_url) {
                    let state = (ctx.resolve)(&target);
                    body.links.push(Link {
                        target,
                        state,
                        pos: lines.pos(range.start),
                    });
                }
            }
            _ => {}
        }
    }
    body
}

/// The path part of a link that points at a local file, or `None` for URLs and anchors.
pub fn local_target(dest: &str) -> Option<String> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
        return None;
    }
    let scheme_len = dest.find(':').filter(|&i| {
        i > 1
            && dest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if scheme_len.is_some() {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    Some(percent_decode(path))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `@name` mentions in a line of text, with their positions.
pub fn mentions(text: &str, pos: Pos) -> Vec<Sp<String>> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (col, (i, c)) in text.char_indices().enumerate() {
        if c == '@' && prev.is_none_or(|p| !p.is_alphanumeric() && p != '`') {
            let name: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                .collect();
            let name = name.trim_end_matches(['.', '-']);
            if !name.is_empty() {
                out.push(Sp::new(
                    name.to_owned(),
                    Pos {
                        line: pos.line,
                        col: pos.col + u32::try_from(col).unwrap_or(0),
                    },
                ));
            }
        }
        prev = Some(c);
    }
    out
}

fn word_positions(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut col = 0usize;
    text.split(' ').map(move |w| {
        let at = col;
        col += w.chars().count() + 1;
        (at, w)
    })
}

fn checklist_item(
    checked: bool,
    text: &str,
    text_pos: Pos,
    marker_pos: Pos,
    ctx: &BodyContext,
    sink: &mut Sink,
) -> ChecklistItem {
    let mut due = None;
    let mut tasks = Vec::new();
    let at = |col: usize| Pos {
        line: text_pos.line,
        col: text_pos.col + u32::try_from(col).unwrap_or(0),
    };
    for (col, word) in word_positions(text) {
        let word =
            word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '.' | '`' | '*'));
        if let Some(d) = word.strip_prefix("due:") {
            match parse_date(d) {
                Ok(date) => due = Some(Sp::new(date, at(col))),
                Err(why) => sink.push_hint(
                    Rule::InvalidDate,
                    at(col),
                    format!("`due:` of a checklist item: {why}"),
                    "write the date (due:2026-12-04): a file holds dates, not words that \
                     change meaning by tomorrow; `cairn action add MEETING \"@bob ... \
                     due:friday\"` writes one for you",
                ),
            }
        } else if let Some(num) = word
            .strip_prefix(ctx.task_prefix)
            .and_then(|r| r.strip_prefix('-'))
            && !num.is_empty()
            && num.chars().all(|c| c.is_ascii_digit())
        {
            tasks.push(Sp::new(word.to_owned(), at(col)));
        }
    }
    ChecklistItem {
        checked,
        text: text.to_owned(),
        mentions: mentions(text, text_pos),
        due,
        tasks,
        carried_to: carried_to(text),
        pos: marker_pos,
    }
}

/// What `cairn new meeting --series` appends to an item it carried over.
pub const CARRIED_MARK: &str = "→ carried over to ";

/// The meeting named after [`CARRIED_MARK`]: `[ID](…)` or a bare `ID`.
fn carried_to(text: &str) -> Option<String> {
    let rest = &text[text.find(CARRIED_MARK)? + CARRIED_MARK.len()..];
    let id = match rest.strip_prefix('[') {
        Some(r) => r.split(']').next()?,
        None => rest.split_whitespace().next()?,
    };
    (!id.is_empty()).then(|| id.to_owned())
}

/// `- 2026-11-21 @bob: text` (the date may be left out).
fn discussion_entry(line: &str, pos: Pos, sink: &mut Sink) -> Option<DiscussionEntry> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix(['-', '*', '+'])?.trim_start();
    let lead = line.len() - rest.len();
    let col_of = |byte: usize| pos.col + u32::try_from(line[..byte].chars().count()).unwrap_or(0);
    let (date, after_date) = match rest.split_once(' ') {
        Some((first, tail)) if first.len() == 10 && first.as_bytes()[4] == b'-' => {
            match parse_date(first) {
                Ok(d) => (Some(d), tail.trim_start()),
                Err(why) => {
                    sink.push(
                        Rule::InvalidDate,
                        Pos {
                            line: pos.line,
                            col: col_of(lead),
                        },
                        format!("discussion entry: {why}"),
                    );
                    (None, tail.trim_start())
                }
            }
        }
        _ => (None, rest),
    };
    let author_part = after_date.strip_prefix('@')?;
    let (author, text) = author_part.split_once(':')?;
    if author.is_empty() || author.contains(' ') {
        return None;
    }
    let author_byte = line.len() - after_date.len();
    let author_pos = Pos {
        line: pos.line,
        col: col_of(author_byte),
    };
    let text_byte = line.len() - text.len();
    Some(DiscussionEntry {
        date,
        author: Sp::new(author.to_owned(), author_pos),
        text: text.trim().to_owned(),
        mentions: mentions(
            text,
            Pos {
                line: pos.line,
                col: col_of(text_byte),
            },
        ),
        pos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_body(text: &str) -> (Body, Vec<crate::diag::Diagnostic>) {
        let resolve = |t: &str| {
            if t.contains("missing") {
                LinkState::Missing
            } else {
                LinkState::Exists
            }
        };
        let ctx = BodyContext {
            task_prefix: "T",
            resolve: &resolve,
        };
        let mut sink = Sink::new("f.md");
        let body = parse(text, 10, &ctx, &mut sink);
        (body, sink.diags)
    }

    #[test]
    fn reads_checklists_action_items_and_their_positions() {
        let (body, diags) = parse_body(
            "Intro\n\n- [ ] @bob Draft the budget due:2026-12-02 (see T-12)\n- [x] plain item\n",
        );
        assert!(diags.is_empty());
        assert_eq!(body.checklist.len(), 2);
        let item = &body.checklist[0];
        assert!(!item.checked);
        assert_eq!(item.mentions[0].value, "bob");
        assert_eq!(item.mentions[0].pos, Pos { line: 12, col: 7 });
        assert_eq!(
            item.due.as_ref().map(|d| d.value.to_string()).as_deref(),
            Some("2026-12-02")
        );
        assert_eq!(item.tasks[0].value, "T-12");
        assert!(body.checklist[1].checked);
    }

    #[test]
    fn checklists_in_code_blocks_are_ignored() {
        let (body, _) = parse_body("```\n- [ ] not real\n```\n");
        assert!(body.checklist.is_empty());
    }

    #[test]
    fn links_skip_urls_and_anchors() {
        let (body, _) = parse_body(
            "[a](https://x.org) [b](#top) [c](docs/missing.md#s) ![i](img/a%20b.png) <mailto:a@b.c>\n",
        );
        let targets: Vec<_> = body.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["docs/missing.md", "img/a b.png"]);
        assert_eq!(body.links[0].state, LinkState::Missing);
    }

    #[test]
    fn discussion_entries_have_dates_and_authors() {
        let (body, _) = parse_body(
            "## Discussion\n\n- 2026-11-21 @bob: Can we reuse it? cc @carol\n- @dan: sure\n\n## Other\n- 2026-11-22 @eve: not discussion\n",
        );
        assert_eq!(body.discussion.len(), 2);
        assert_eq!(body.discussion[0].author.value, "bob");
        assert_eq!(body.discussion[0].author.pos, Pos { line: 12, col: 14 });
        assert_eq!(body.discussion[0].mentions[0].value, "carol");
        assert_eq!(body.discussion[1].date, None);
    }

    #[test]
    fn a_lowercase_or_setext_discussion_heading_counts() {
        for text in [
            "## discussion\n\n- @bob: fine\n",
            "DISCUSSION\n----------\n\n- @bob: fine\n",
        ] {
            let (body, _) = parse_body(text);
            assert_eq!(body.discussion.len(), 1, "{text:?}");
        }
    }

    #[test]
    fn email_addresses_are_not_mentions() {
        assert!(mentions("write to bob@example.com", Pos::START).is_empty());
    }
}
