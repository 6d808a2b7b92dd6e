//! Time logs: `time/<person>/<YYYY-MM>.md`, one Markdown list item per entry,
//! `- 2026-12-01 T-11 3h note`. One file per person per month, only appended to, so two
//! people logging never touch one file, and `merge=union` (which `cairn init` and the
//! first `cairn log` put in `.gitattributes`) merges one person's two branches.

use crate::diag::{Diagnostic, Pos, Rule, Severity};
use crate::model::{Config, TimeEntry};

/// The person a time log belongs to: `time/<person>/<file>.md`.
pub fn person_of(path: &str) -> Option<&str> {
    let mut parts = path.split('/');
    (parts.next()? == "time").then_some(())?;
    let person = parts.next()?;
    let _file = parts.next()?;
    parts.next().is_none().then_some(person)
}

/// The entries of one time log file (file index `file`), and what is wrong with lines
/// that look like entries but are not.
pub fn parse(
    config: &Config,
    path: &str,
    file: usize,
    text: &str,
) -> (Vec<TimeEntry>, Vec<Diagnostic>) {
    let mut entries = Vec::new();
    let mut diags = Vec::new();
    let Some(person) = person_of(path) else {
        diags.push(Diagnostic {
            rule: Rule::LogSyntax,
            severity: Severity::Error,
            file: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("`{path}` is not a time log: they are time/<person>/<YYYY-MM>.md"),
            hint: Some("move it to time/<person>/".into()),
            subject: None,
        });
        return (entries, diags);
    };
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = raw.trim_end();
        let Some(rest) = l.strip_prefix("- ") else {
            continue; // headings, blank lines and prose are the file's own business
        };
        let bad = |col: usize, why: String| {
            Diagnostic {
            rule: Rule::LogSyntax,
            severity: Severity::Error,
            file: path.to_owned(),
            line,
            column: u32::try_from(col + 1).unwrap_or(1),
            message: why,
            hint: Some("a time log entry is `- YYYY-MM-DD TASK-ID DURATION [note]`, such as `- 2026-12-01 T-11 3h reviewed the copy`".into()),
            subject: None,
        }
        };
        let mut words = rest.splitn(4, ' ');
        let (Some(date), Some(task), Some(dur)) = (words.next(), words.next(), words.next()) else {
            diags.push(bad(2, format!("`{l}` is not a time log entry")));
            continue;
        };
        let note = words.next().unwrap_or("").trim().to_owned();
        let date = match crate::text::fields::parse_date(date) {
            Ok(d) => d,
            Err(why) => {
                diags.push(bad(2, format!("the date: {why}")));
                continue;
            }
        };
        let task_col = 2 + 11;
        let hours = match crate::text::fields::parse_effort(dur, config.calendar.hours_per_day) {
            Ok(h) if h > 0.0 && h <= 24.0 * 7.0 => h,
            Ok(h) => {
                diags.push(bad(
                    task_col + task.len() + 1,
                    format!("`{dur}` is {h} hours; log between a minute and a week at a time"),
                ));
                continue;
            }
            Err(why) => {
                diags.push(bad(
                    task_col + task.len() + 1,
                    format!("the duration: {why}"),
                ));
                continue;
            }
        };
        entries.push(TimeEntry {
            file,
            line,
            person: person.to_owned(),
            date,
            task: task.to_owned(),
            task_pos: Pos {
                line,
                col: u32::try_from(task_col + 1).unwrap_or(1),
            },
            hours,
            note,
        });
    }
    (entries, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_broken_lines() {
        let config = Config::default();
        let text = "# December\n\n- 2026-12-01 T-11 3h reviewed the copy\n- 2026-12-02 T-12 90m\n- 2026-12-32 T-1 1h\n- 2026-12-03 T-1 lots\n- 2026-12-03\n";
        let (e, d) = parse(&config, "time/dan/2026-12.md", 4, text);
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].person.as_str(), e[0].task.as_str(), e[0].hours),
            ("dan", "T-11", 3.0)
        );
        assert_eq!(e[0].note, "reviewed the copy");
        assert_eq!((e[1].hours, e[1].line), (1.5, 4));
        let lines: Vec<u32> = d.iter().map(|x| x.line).collect();
        assert_eq!(lines, [5, 6, 7]);
        assert!(d.iter().all(|x| x.rule == Rule::LogSyntax));
        assert_eq!(person_of("time/dan/2026-12.md"), Some("dan"));
        assert_eq!(person_of("time/2026-12.md"), None);
    }
}
