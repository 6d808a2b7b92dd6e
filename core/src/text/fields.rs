//! Typed reading of front matter fields from the spanned YAML tree, collecting every
//! problem as a diagnostic instead of stopping at the first.

use crate::diag::{Diagnostic, Pos, Rule, did_you_mean};
use crate::model::Sp;
use crate::text::yaml::{Node, Value, is_bool, is_number};
use jiff::civil::Date;

/// Collects diagnostics for one file.
pub struct Sink<'a> {
    pub file: &'a str,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(file: &'a str) -> Sink<'a> {
        Sink {
            file,
            diags: Vec::new(),
        }
    }

    pub fn push(&mut self, rule: Rule, pos: Pos, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(rule, self.file, pos, message));
    }

    pub fn push_hint(
        &mut self,
        rule: Rule,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::new(rule, self.file, pos, message).with_hint(hint));
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: &str) {
        self.push(
            Rule::InvalidType,
            node.pos,
            format!("`{key}` must be {expected}, found {}", node.kind_name()),
        );
    }

    /// Text from a scalar. Numbers and booleans written plainly are accepted as text.
    pub fn text(&mut self, node: &Node, key: &str) -> Option<Sp<String>> {
        match &node.value {
            Value::Scalar { text, .. } => Some(Sp::new(text.clone(), node.pos)),
            Value::Null => None,
            _ => {
                self.wrong_type(node, key, "text");
                None
            }
        }
    }

    pub fn number(&mut self, node: &Node, key: &str) -> Option<f64> {
        match &node.value {
            Value::Scalar { text, .. } if is_number(text.trim()) => text.trim().parse().ok(),
            Value::Null => None,
            _ => {
                self.wrong_type(node, key, "a number");
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node, key: &str) -> Option<Sp<Date>> {
        let text = self.text(node, key)?;
        match parse_date(&text.value) {
            Ok(d) => Some(Sp::new(d, node.pos)),
            Err(why) => {
                self.push_hint(
                    Rule::InvalidDate,
                    node.pos,
                    format!("`{key}`: {why}"),
                    "write dates as YYYY-MM-DD",
                );
                None
            }
        }
    }

    /// An effort in hours: `3d`, `4h`, `1.5w`.
    pub fn effort(&mut self, node: &Node, key: &str, hours_per_day: f64) -> Option<f64> {
        let text = self.text(node, key)?;
        match parse_effort(&text.value, hours_per_day) {
            Ok(h) => Some(h),
            Err(why) => {
                self.push_hint(
                    Rule::InvalidEffort,
                    node.pos,
                    format!("`{key}`: {why}"),
                    "write an effort as a number and a unit: `4h`, `3d` or `1.5w`",
                );
                None
            }
        }
    }

    /// One text or a list of texts (`assignee: bob` or `assignee: [bob, carol]`).
    pub fn text_list(&mut self, node: &Node, key: &str) -> Vec<Sp<String>> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|n| self.text(n, key)).collect(),
            Value::Null => Vec::new(),
            Value::Scalar { .. } => self.text(node, key).into_iter().collect(),
            Value::Map(_) => {
                self.wrong_type(node, key, "text or a list of text");
                Vec::new()
            }
        }
    }

    /// A list of items (each handled by the caller).
    pub fn seq<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.wrong_type(node, key, "a list");
                &[]
            }
        }
    }

    pub fn one_of<T>(
        &mut self,
        node: &Node,
        key: &str,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.text(node, key)?;
        let parsed = parse(&text.value);
        if parsed.is_none() {
            let message = format!(
                "`{key}` is `{}`; expected one of: {}",
                text.value,
                names.join(", ")
            );
            match did_you_mean(&text.value, names.iter().copied()) {
                Some(s) => self.push_hint(
                    Rule::InvalidValue,
                    node.pos,
                    message,
                    format!("did you mean `{s}`?"),
                ),
                None => self.push(Rule::InvalidValue, node.pos, message),
            }
        }
        parsed
    }
}

/// The fields of one mapping, read one key at a time; `finish` reports the keys that no
/// one asked for as unknown.
pub struct Fields<'n> {
    pairs: &'n [(Node, Node)],
    used: Vec<bool>,
    pub pos: Pos,
}

impl<'n> Fields<'n> {
    /// `None` (and an `invalid-type` finding) when the node is not a mapping.
    pub fn of(node: &'n Node, what: &str, sink: &mut Sink) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(pairs) => Some(Fields {
                pairs,
                used: vec![false; pairs.len()],
                pos: node.pos,
            }),
            _ => {
                sink.push(
                    Rule::InvalidType,
                    node.pos,
                    format!(
                        "{what} must be a mapping of `key: value`, found {}",
                        node.kind_name()
                    ),
                );
                None
            }
        }
    }

    /// The value of `key`, unless absent or null.
    pub fn get(&mut self, key: &str) -> Option<&'n Node> {
        let idx = self
            .pairs
            .iter()
            .position(|(k, _)| k.as_scalar() == Some(key))?;
        self.used[idx] = true;
        let value = &self.pairs[idx].1;
        (!value.is_null()).then_some(value)
    }

    /// Like `get`, reporting `missing-field` when absent.
    pub fn require(&mut self, key: &str, what: &str, sink: &mut Sink) -> Option<&'n Node> {
        let node = self.get(key);
        if node.is_none() {
            sink.push(
                Rule::MissingField,
                self.pos,
                format!("{what} has no `{key}`; it is required"),
            );
        }
        node
    }

    /// Every pair, for free-form mappings (criteria, scores, statuses, people).
    pub fn all(&mut self) -> &'n [(Node, Node)] {
        self.used.iter_mut().for_each(|u| *u = true);
        self.pairs
    }

    /// The team's own `x-…` fields, as text (a scalar's text, a list's items joined by
    /// `, `, a map as `{key: value, …}`), with where each value is written.
    pub fn extensions(&self) -> Vec<(String, String, Pos)> {
        fn text(n: &Node) -> String {
            match &n.value {
                Value::Null => String::new(),
                Value::Scalar { text, .. } => text.clone(),
                Value::Seq(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
                Value::Map(pairs) => format!(
                    "{{{}}}",
                    pairs
                        .iter()
                        .map(|(k, v)| format!("{}: {}", text(k), text(v)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        self.pairs
            .iter()
            .filter_map(|(k, v)| {
                let name = k.as_scalar()?;
                name.starts_with("x-")
                    .then(|| (name.to_owned(), text(v), v.pos))
            })
            .collect()
    }

    /// Reports keys that were never read.
    pub fn finish(self, known: &[&str], what: &str, sink: &mut Sink) {
        for ((key, _), used) in self.pairs.iter().zip(&self.used) {
            let name = key.as_scalar().unwrap_or("?");
            // A known field left unread (reading stopped at a worse problem) is not unknown;
            // `x-…` fields are extensions (an importer keeps another tool's fields there).
            if *used || known.contains(&name) || name.starts_with("x-") {
                continue;
            }
            let message = format!("unknown field `{name}` in {what}");
            match did_you_mean(name, known.iter().copied()) {
                Some(s) => sink.push_hint(
                    Rule::UnknownField,
                    key.pos,
                    message,
                    format!("did you mean `{s}`?"),
                ),
                None => sink.push_hint(
                    Rule::UnknownField,
                    key.pos,
                    message,
                    format!("known fields: {}", known.join(", ")),
                ),
            }
        }
    }
}

/// Parses `YYYY-MM-DD`, explaining what is wrong with anything else.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if !(1..=12).contains(&m) {
        return Err(format!("`{text}` has month {m}, which does not exist"));
    }
    let i8m = i8::try_from(m).unwrap_or(1);
    let month_len = Date::new(y, i8m, 1)
        .map(|first| first.days_in_month())
        .map_err(|e| format!("`{text}` is not a valid date: {e}"))?;
    if d < 1 || d > i16::from(month_len) {
        return Err(format!(
            "`{text}` is not a real date: {}-{m:02} has {month_len} days",
            y
        ));
    }
    Date::new(y, i8m, i8::try_from(d).unwrap_or(1)).map_err(|e| format!("`{text}`: {e}"))
}

/// A date as people type it on the command line, resolved against `today`: an ISO date,
/// `today`, `tomorrow`, `yesterday`, a weekday (`friday`, `fri`: today if it is one, else
/// the next), `next <weekday>` (that day of next week), `next week` (its Monday), `next
/// month` (its first day), `+3d` / `-2w` / `+1m` (days, weeks, months; `+3` is days), and
/// `in 3 days` / `in 2 weeks`.
pub fn parse_date_relative(text: &str, today: Date) -> Result<Date, String> {
    use jiff::ToSpan;
    let t = text.trim().to_ascii_lowercase();
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_date(text.trim());
    }
    let bad = || {
        format!(
            "`{text}` is not a date: use YYYY-MM-DD, today, tomorrow, a weekday, next week, +3d or in 2 weeks"
        )
    };
    let weekday = |w: &str| -> Option<i8> {
        const NAMES: [&str; 7] = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        NAMES
            .iter()
            .position(|n| w.len() >= 3 && n.starts_with(w))
            .map(|i| i as i8)
    };
    let monday = |d: Date| d.saturating_sub(i64::from(d.weekday().to_monday_zero_offset()).days());
    let shift = |n: i64, unit: &str| -> Option<Date> {
        match unit {
            "d" | "day" | "days" | "" => today.checked_add(n.days()).ok(),
            "w" | "week" | "weeks" => today.checked_add((7 * n).days()).ok(),
            "m" | "month" | "months" => today.checked_add(n.months()).ok(),
            _ => None,
        }
    };
    let words: Vec<&str> = t.split_whitespace().collect();
    let date = match words.as_slice() {
        ["today"] => Some(today),
        ["tomorrow"] => today.checked_add(1.days()).ok(),
        ["yesterday"] => today.checked_sub(1.days()).ok(),
        ["next", "week"] => monday(today).checked_add(7.days()).ok(),
        ["next", "month"] => today.first_of_month().checked_add(1.months()).ok(),
        ["next", w] => {
            weekday(w).and_then(|i| monday(today).checked_add((7 + i64::from(i)).days()).ok())
        }
        ["in", n, unit] => n.parse::<i64>().ok().and_then(|n| shift(n, unit)),
        [w] if w.starts_with(['+', '-']) => {
            let sign = if w.starts_with('-') { -1 } else { 1 };
            let body = &w[1..];
            let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
            let unit = &body[digits.len()..];
            digits
                .parse::<i64>()
                .ok()
                .and_then(|n| shift(sign * n, unit))
        }
        [w] => weekday(w).and_then(|i| {
            let ahead =
                (i64::from(i) - i64::from(today.weekday().to_monday_zero_offset())).rem_euclid(7);
            today.checked_add(ahead.days()).ok()
        }),
        _ => None,
    };
    date.ok_or_else(bad)
}

/// Parses an effort such as `3d` into hours.
pub fn parse_effort(text: &str, hours_per_day: f64) -> Result<f64, String> {
    let t = text.trim();
    // The unit is the last character, which may take more than one byte (found by the
    // stable fuzz driver: `4d\u{202e}` split inside a character).
    let cut = t.char_indices().next_back().map_or(0, |(i, _)| i);
    let (num, unit) = t.split_at(cut);
    let factor = match unit {
        "m" => 1.0 / 60.0,
        "h" => 1.0,
        "d" => hours_per_day,
        "w" => 5.0 * hours_per_day,
        _ if is_number(t) => {
            return Err(format!("`{t}` has no unit"));
        }
        _ => return Err(format!("`{t}` is not an effort")),
    };
    let num = num.trim();
    let valid = !num.is_empty()
        && num.chars().all(|c| c.is_ascii_digit() || c == '.')
        && num.chars().filter(|&c| c == '.').count() <= 1;
    match num.parse::<f64>() {
        Ok(v) if valid && v.is_finite() && v <= 1e6 => Ok(v * factor),
        _ => Err(format!("`{t}` is not an effort")),
    }
}

/// A boolean written plainly.
pub fn as_bool(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Scalar { text, plain: true } if is_bool(text) => {
            Some(text.eq_ignore_ascii_case("true"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn relative_dates_resolve_against_today() {
        // 2026-11-28 is a Saturday.
        let today = jiff::civil::date(2026, 11, 28);
        let d = |s: &str| super::parse_date_relative(s, today).map(|d| d.to_string());
        assert_eq!(d("today").as_deref(), Ok("2026-11-28"));
        assert_eq!(d("tomorrow").as_deref(), Ok("2026-11-29"));
        assert_eq!(d("friday").as_deref(), Ok("2026-12-04"));
        assert_eq!(d("sat").as_deref(), Ok("2026-11-28"));
        assert_eq!(d("next week").as_deref(), Ok("2026-11-30"));
        assert_eq!(d("next friday").as_deref(), Ok("2026-12-04"));
        assert_eq!(d("next month").as_deref(), Ok("2026-12-01"));
        assert_eq!(d("+3d").as_deref(), Ok("2026-12-01"));
        assert_eq!(d("+2w").as_deref(), Ok("2026-12-12"));
        assert_eq!(d("-1m").as_deref(), Ok("2026-10-28"));
        assert_eq!(d("in 10 days").as_deref(), Ok("2026-12-08"));
        assert_eq!(d("2027-01-05").as_deref(), Ok("2027-01-05"));
        assert!(d("someday").is_err() && d("2026-02-30").is_err() && d("+3x").is_err());
    }
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("2026-02-30").unwrap_err().contains("28 days"));
        assert!(parse_date("2026-13-01").unwrap_err().contains("month 13"));
        assert!(parse_date("2026-1-01").is_err());
        assert!(parse_date("tomorrow").is_err());
    }

    #[test]
    fn efforts_convert_to_hours() {
        assert_eq!(parse_effort("3d", 8.0), Ok(24.0));
        assert_eq!(parse_effort("4h", 8.0), Ok(4.0));
        assert_eq!(parse_effort("1.5w", 6.0), Ok(45.0));
        assert!(parse_effort("3", 8.0).unwrap_err().contains("no unit"));
        assert!(parse_effort("-2d", 8.0).is_err());
        assert!(parse_effort("d", 8.0).is_err());
        assert!(parse_effort("1.2.3d", 8.0).is_err());
        // Regression: a last character of several bytes panicked.
        assert!(parse_effort("4d\u{202e}", 8.0).is_err());
        assert!(parse_effort("é", 8.0).is_err());
    }
}
