//! A goal's measurements (`source:` in a project's goal): a CSV file with a header row, or
//! JSON Lines, each row a date and a value. Read after the parse cache (the file is not an
//! item), into the goal's series; its latest value is the goal's `current`.

use crate::diag::{Diagnostic, Pos, Rule, did_you_mean};
use crate::model::MetricSource;
use crate::text::fields::parse_date;
use jiff::civil::Date;

/// The measurements, oldest first (a date written twice keeps its last value), and what
/// is wrong with the file.
pub fn parse(src: &MetricSource, text: &str) -> (Vec<(Date, f64)>, Vec<Diagnostic>) {
    let path = src.file.value.as_str();
    let mut diags = Vec::new();
    let mut push = |line: usize, message: String, hint: Option<String>| {
        let mut d = Diagnostic::new(Rule::MetricInvalid, path, Pos::new(line, 1), message);
        d.hint = hint;
        diags.push(d);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut points: Vec<(Date, f64, usize)> = Vec::new();
    if src.is_json_lines() {
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    push(line_no, format!("line {line_no} is not JSON: {e}"), None);
                    continue;
                }
            };
            let date = v.get(&src.date).and_then(|d| d.as_str());
            let value = match v.get(&src.column) {
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let value = Some(value.as_str()).filter(|v| !v.is_empty());
            row(&mut points, &mut push, line_no, date, value, src);
        }
    } else {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            push(
                1,
                "the metric file is empty; it needs a header row".into(),
                Some(format!("first line: `{},{}`", src.date, src.column)),
            );
            return (Vec::new(), diags);
        };
        let names: Vec<String> = split_csv(header)
            .into_iter()
            .map(|h| h.trim().to_owned())
            .collect();
        let find = |want: &str| names.iter().position(|n| n == want);
        let (Some(di), Some(vi)) = (find(&src.date), find(&src.column)) else {
            let missing = if find(&src.date).is_none() {
                &src.date
            } else {
                &src.column
            };
            let hint = did_you_mean(missing, names.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("its columns: {}", names.join(", ")));
            push(
                1,
                format!("the header names no column `{missing}`"),
                Some(hint),
            );
            return (Vec::new(), diags);
        };
        for (i, line) in lines {
            let cells = split_csv(line);
            let date = cells.get(di).map(|c| c.trim());
            let value = cells.get(vi).map(|c| c.trim()).filter(|c| !c.is_empty());
            row(&mut points, &mut push, i + 1, date, value, src);
        }
    }
    // Oldest first; of two rows for one date, the later line.
    points.sort_by_key(|p| (p.0, p.2));
    let mut series: Vec<(Date, f64)> = Vec::with_capacity(points.len());
    for (d, v, _) in points {
        match series.last_mut() {
            Some(last) if last.0 == d => last.1 = v,
            _ => series.push((d, v)),
        }
    }
    (series, diags)
}

fn row(
    points: &mut Vec<(Date, f64, usize)>,
    push: &mut dyn FnMut(usize, String, Option<String>),
    line: usize,
    date: Option<&str>,
    value: Option<&str>,
    src: &MetricSource,
) {
    // A timestamp counts for its day.
    let day = date
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.get(..10).unwrap_or(d));
    let number = value
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite());
    match (day.map(parse_date), number) {
        (Some(Ok(d)), Some(v)) => points.push((d, v, line)),
        (None, _) => push(line, format!("line {line} has no `{}`", src.date), None),
        (Some(Err(why)), _) => push(
            line,
            format!("line {line}: {why}"),
            Some("dates are YYYY-MM-DD".into()),
        ),
        (_, None) => match value {
            Some(v) => push(
                line,
                format!("line {line}: `{}` is `{v}`, not a number", src.column),
                None,
            ),
            None => push(line, format!("line {line} has no `{}`", src.column), None),
        },
    }
}

/// One CSV line's cells: commas separate, double quotes enclose (`""` is a quote).
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let cell = cells.last_mut().expect("one cell at least");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(String::new()),
            '\r' if !quoted => {}
            c => cell.push(c),
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sp;

    fn src(file: &str) -> MetricSource {
        MetricSource {
            file: Sp::new(file.into(), Pos::START),
            column: "signups".into(),
            date: "day".into(),
        }
    }

    #[test]
    fn csv_rows_in_date_order_with_the_last_value_of_a_day() {
        let text = "day,signups,note\r\n2026-11-09,12,\"a, b\"\r\n2026-11-02,10,\r\n\r\n2026-11-09,13,later\r\n";
        let (s, d) = parse(&src("m.csv"), text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            s,
            vec![
                (jiff::civil::date(2026, 11, 2), 10.0),
                (jiff::civil::date(2026, 11, 9), 13.0)
            ]
        );
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let (s, d) = parse(
            &src("m.csv"),
            "day,signups\n2026-13-01,3\n2026-11-02,x\n2026-11-03,4\n",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), [2, 3]);
        let (_, d) = parse(&src("m.csv"), "date,sign_ups\n");
        assert_eq!(d[0].message, "the header names no column `day`");
    }

    #[test]
    fn json_lines_take_numbers_and_numeric_text() {
        let text = "{\"day\": \"2026-11-02T10:00:00Z\", \"signups\": 10}\n{\"day\": \"2026-11-09\", \"signups\": \"12.5\"}\nnot json\n";
        let (s, d) = parse(&src("m.jsonl"), text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].1, 12.5);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
    }
}
