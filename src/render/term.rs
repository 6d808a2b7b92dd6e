//! Turning results into text: diagnostics in rustc style, JSON and GitHub annotations, and
//! escaping of user text for terminals. Rendering never recomputes anything.

use cairn_core::diag::{Diagnostic, Severity, Summary};
use cairn_core::model::Workspace;
use cairn_core::text::escape::term;
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
    // A line too long to show is not quoted: the position above says where. (Checked on
    // its length in bytes, in constant time: 100,000 findings on one long line must not
    // scan it 100,000 times.)
    if let Some(src) = source.filter(|s| s.len() <= 1200) {
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

pub fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A diff as printed: as it is when piped (so `git apply` takes it), with control
/// characters made visible on a terminal.
pub fn diff(text: &str, tty: bool) -> String {
    if !tty {
        return text.to_owned();
    }
    text.split_inclusive('\n')
        .map(|l| {
            let body = l.strip_suffix('\n').unwrap_or(l);
            let ending = &l[body.len()..];
            format!("{}{ending}", cairn_core::text::escape::term(body))
        })
        .collect()
}

/// A text progress bar of `width` cells for a fraction 0..=1.
pub fn progress_bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cairn_core::diag::{Pos, Rule};

    #[test]
    fn github_annotations_escape_properties_and_data() {
        let d = Diagnostic::new(
            Rule::DependencyCycle,
            "tasks/a,b:c.md",
            Pos { line: 3, col: 7 },
            "50% done\nnext",
        );
        assert_eq!(
            github(&d, "plan"),
            "::error file=plan/tasks/a%2Cb%3Ac.md,line=3,col=7,title=dependency-cycle::50%25 done%0Anext"
        );
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(progress_bar(0.5, 4), "██░░");
    }

    #[test]
    fn underline_covers_the_token() {
        assert_eq!(token_width("assignee: bobb", 10), 4);
        assert_eq!(token_width("tags: [a, bee]", 10), 3);
        assert_eq!(token_width("title: \"a b\" x", 7), 5);
    }
}
