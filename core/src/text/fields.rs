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

    /// Reports keys that were never read.
    pub fn finish(self, known: &[&str], what: &str, sink: &mut Sink) {
        for ((key, _), used) in self.pairs.iter().zip(&self.used) {
            let name = key.as_scalar().unwrap_or("?");
            // A known field left unread (reading stopped at a worse problem) is not unknown.
            if *used || known.contains(&name) {
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

/// Parses an effort such as `3d` into hours.
pub fn parse_effort(text: &str, hours_per_day: f64) -> Result<f64, String> {
    let t = text.trim();
    let (num, unit) = t.split_at(t.len().saturating_sub(1));
    let factor = match unit {
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
    }
}
