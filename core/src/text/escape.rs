//! Escaping of user text for where it is shown: a terminal, Markdown, a Mermaid chart. Any
//! text that came from a file goes through one of these before it is printed or written
//! into a report.

use std::fmt::Write as _;

/// Makes user text safe for a terminal: control characters (escape sequences, carriage
/// returns, bidi overrides) are shown as `\u{..}` instead of acting on the terminal.
pub fn term(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\t' {
            out.push(' ');
        } else if is_unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// User text made inert inside Markdown: markup characters are backslash-escaped, HTML is
/// entity-encoded, `@mentions` go into code spans so they cannot ping anyone, and line
/// breaks become spaces.
pub fn markdown(text: &str) -> String {
    let text = term(&text.replace(['\n', '\r'], " "));
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.');
        if c == '@' && chars.get(i + 1).is_some_and(|&n| name_char(n)) {
            let end = (i + 1..chars.len())
                .find(|&j| !name_char(chars[j]))
                .unwrap_or(chars.len());
            out.push('`');
            out.extend(&chars[i..end]);
            out.push('`');
            i = end;
            continue;
        }
        // A bare URL would become a link on GitHub (`https://…`, `www.…`): a word joiner
        // after the scheme keeps it text, and it looks the same.
        if c == ':' && chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/') {
            out.push('\u{2060}');
        }
        if (c == 'w' || c == 'W')
            && chars[i..]
                .iter()
                .take(4)
                .collect::<String>()
                .eq_ignore_ascii_case("www.")
            && (i == 0 || !chars[i - 1].is_alphanumeric())
        {
            out.push_str(&chars[i..i + 3].iter().collect::<String>());
            out.push('\u{2060}');
            i += 3;
            continue;
        }
        match c {
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// A Markdown code span that holds `text` whatever backticks it contains: the fence is one
/// backtick longer than the longest run inside, padded when the text starts or ends with
/// one. `|` is escaped so the span can sit in a table cell; line breaks become spaces.
pub fn code_span(text: &str) -> String {
    let text = term(&text.replace(['\n', '\r'], " ")).replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A message cairn wrote, in which `backticked` parts are ids, paths or values: those
/// become code spans, the rest is escaped like [`markdown`]. An unpaired backtick is
/// escaped text.
pub fn markdown_with_code(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 8);
    let unpaired_last = parts.len().is_multiple_of(2);
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if i % 2 == 1 && !(unpaired_last && last) {
            if part.is_empty() {
                out.push_str("\\`\\`");
            } else {
                out.push_str(&code_span(part));
            }
        } else {
            if i % 2 == 1 {
                // The unpaired last backtick.
                out.push_str("\\`");
            }
            out.push_str(&markdown(part));
        }
    }
    out
}

/// Text safe inside a Mermaid gantt task or section name: `:`, `#` and `;` end fields
/// there, so they are replaced by lookalikes.
pub fn mermaid(text: &str) -> String {
    term(&text.replace(['\n', '\r'], " "))
        .chars()
        .map(|c| match c {
            ':' => '˸',
            '#' => '♯',
            ';' => ',',
            '\n' | '\r' | '`' | '"' => ' ',
            '<' => '‹',
            '>' => '›',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_neutralized() {
        assert_eq!(term("ok\x1b[31mred"), "ok\\u{1b}[31mred");
        assert_eq!(term("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(term("plain"), "plain");
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            markdown("ping @alice <b>x</b> | [a](b)"),
            "ping `@alice` &lt;b&gt;x&lt;/b&gt; \\| \\[a\\](b)"
        );
        assert_eq!(markdown("a\nb *c*"), "a b \\*c\\*");
        // Bare URLs stay text: GitHub would link them.
        assert_eq!(markdown("see https://x.io"), "see https\u{2060}://x.io");
        assert_eq!(markdown("www.evil.com"), "www\u{2060}.evil.com");
        assert_eq!(mermaid("Fix: #1; now"), "Fix˸ ♯1, now");
    }

    #[test]
    fn backticked_parts_of_a_message_are_code() {
        assert_eq!(
            markdown_with_code("`T-5` depends on `T-9*`, which *is* gone"),
            "`T-5` depends on `T-9*`, which \\*is\\* gone"
        );
        // An unpaired backtick stays text; a span with a backtick gets a longer fence.
        assert_eq!(markdown_with_code("a ` b"), "a \\` b");
        assert_eq!(markdown_with_code("`a` and ` b"), "`a` and \\` b");
        assert_eq!(code_span("x`y"), "``x`y``");
        assert_eq!(code_span("`x"), "`` `x ``");
        // Inside a span, markup and mentions are inert by construction.
        assert_eq!(markdown_with_code("`@team <b>`"), "`@team <b>`");
    }
}
