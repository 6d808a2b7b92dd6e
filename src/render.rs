//! Turning results into text: diagnostics in rustc style, JSON and GitHub annotations, and
//! escaping of user text for terminals. Rendering never recomputes anything.

use crate::diag::{Diagnostic, Severity, Summary};
use crate::model::Workspace;
use std::fmt::Write as _;

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    pub fn bold(self, t: &str) -> String {
        self.paint("1", t)
    }
    pub fn red(self, t: &str) -> String {
        self.paint("1;31", t)
    }
    pub fn yellow(self, t: &str) -> String {
        self.paint("1;33", t)
    }
    pub fn blue(self, t: &str) -> String {
        self.paint("1;34", t)
    }
    pub fn green(self, t: &str) -> String {
        self.paint("1;32", t)
    }
    pub fn dim(self, t: &str) -> String {
        self.paint("2", t)
    }
}

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

/// rustc-style rendering of one diagnostic, quoting its source line.
pub fn human(d: &Diagnostic, ws: Option<&Workspace>, style: Style) -> String {
    let mut out = String::new();
    let head = match d.severity {
        Severity::Error => style.red(&format!("error[{}]", d.rule)),
        Severity::Warning => style.yellow(&format!("warning[{}]", d.rule)),
    };
    let _ = writeln!(
        out,
        "{head}{}",
        style.bold(&format!(": {}", term(&d.message)))
    );
    let line_no = d.line.to_string();
    let pad = " ".repeat(line_no.len());
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        style.blue("-->"),
        term(&d.file),
        d.line,
        d.column
    );
    let source = ws
        .and_then(|ws| ws.file(&d.file))
        .and_then(|f| f.line(d.line));
    if let Some(src) = source {
        let src = term(src);
        if src.chars().count() <= 300 {
            let col = usize::try_from(d.column).unwrap_or(1).max(1) - 1;
            let underline = token_width(&src, col);
            let _ = writeln!(out, "{pad} {}", style.blue("|"));
            let _ = writeln!(out, "{} {} {src}", style.blue(&line_no), style.blue("|"));
            let marks = "^".repeat(underline);
            let marks = match d.severity {
                Severity::Error => style.red(&marks),
                Severity::Warning => style.yellow(&marks),
            };
            let _ = writeln!(out, "{pad} {} {}{marks}", style.blue("|"), " ".repeat(col));
        }
    }
    if let Some(h) = &d.hint {
        let _ = writeln!(out, "{pad} {} hint: {}", style.blue("="), term(h));
    }
    out
}

/// How many characters to underline at `col`: the token that starts there.
fn token_width(line: &str, col: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(col).collect();
    let Some(&first) = rest.first() else {
        return 1;
    };
    let width = if first == '"' || first == '\'' {
        rest.iter()
            .skip(1)
            .position(|&c| c == first)
            .map_or(rest.len(), |p| p + 2)
    } else {
        rest.iter()
            .position(|&c| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':' | ')'))
            .unwrap_or(rest.len())
    };
    width.max(1)
}

pub fn summary_line(s: &Summary, style: Style) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if s.errors == 0 && s.warnings == 0 {
        format!(
            "{} no problems in {}",
            style.green("check:"),
            plural(s.files, "file")
        )
    } else {
        format!(
            "{} {}, {} in {}",
            style.bold("check:"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.files, "file")
        )
    }
}

/// One GitHub Actions workflow command. `prefix` is the workspace folder inside the
/// repository, since GitHub wants repository-relative paths.
pub fn github(d: &Diagnostic, prefix: &str) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let file = if prefix.is_empty() {
        d.file.clone()
    } else {
        format!("{prefix}/{}", d.file)
    };
    let mut message = d.message.clone();
    if let Some(h) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(h);
    }
    format!(
        "::{level} file={},line={},col={},title={}::{}",
        gh_property(&file),
        d.line,
        d.column,
        gh_property(d.rule.name()),
        gh_data(&message)
    )
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A text progress bar of `width` cells for a fraction 0..=1.
pub fn progress_bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// User text made inert inside Markdown: markup characters are backslash-escaped, HTML is
/// entity-encoded, `@mentions` go into code spans so they cannot ping anyone, and line
/// breaks become spaces.
pub fn markdown_text(text: &str) -> String {
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

/// Text safe inside a Mermaid gantt task or section name: `:`, `#` and `;` end fields
/// there, so they are replaced by lookalikes.
pub fn mermaid_text(text: &str) -> String {
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
    use crate::diag::{Pos, Rule};

    #[test]
    fn terminal_escapes_are_neutralized() {
        assert_eq!(term("ok\x1b[31mred"), "ok\\u{1b}[31mred");
        assert_eq!(term("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(term("plain"), "plain");
    }

    #[test]
    fn github_annotations_escape_properties_and_data() {
        let d = Diagnostic::new(
            Rule::Overdue,
            "tasks/a,b:c.md",
            Pos { line: 3, col: 7 },
            "50% done\nnext",
        );
        assert_eq!(
            github(&d, "plan"),
            "::error file=plan/tasks/a%2Cb%3Ac.md,line=3,col=7,title=overdue::50%25 done%0Anext"
        );
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            markdown_text("ping @alice <b>x</b> | [a](b)"),
            "ping `@alice` &lt;b&gt;x&lt;/b&gt; \\| \\[a\\](b)"
        );
        assert_eq!(markdown_text("a\nb *c*"), "a b \\*c\\*");
        assert_eq!(mermaid_text("Fix: #1; now"), "Fix˸ ♯1, now");
        assert_eq!(progress_bar(0.5, 4), "██░░");
    }

    #[test]
    fn underline_covers_the_token() {
        assert_eq!(token_width("assignee: bobb", 10), 4);
        assert_eq!(token_width("tags: [a, bee]", 10), 3);
        assert_eq!(token_width("title: \"a b\" x", 7), 5);
    }
}
