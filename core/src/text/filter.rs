//! The filter language of `--where` and saved views, as syntax: words, comparisons, `and`,
//! `or`, `not`, parentheses. Every word keeps its place in the expression (in characters),
//! so an error can put a caret under it. What the words mean is `ops::filter`'s business.
//!
//! ```text
//! expr       = and ("or" and)*
//! and        = unary ("and" unary)*
//! unary      = "not" unary | "(" expr ")" | "has" WORD | comparison
//! comparison = WORD OP WORD | WORD ["not"] "in" "(" WORD ("," WORD)* ")"
//! OP         = "=" | "!=" | "<" | "<=" | ">" | ">=" | "~" | "!~"
//! WORD       = a run of letters, digits and `-+.:@_/#` | "quoted text" | 'quoted text'
//! ```

/// A word of the expression and where it is (character offsets, end exclusive).
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `~`: contains, ignoring case.
    Match,
    /// `!~`: does not contain.
    NoMatch,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Match => "~",
            Op::NoMatch => "!~",
        }
    }

    /// Whether an ordering holds for `a` compared with `b`.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Op::Eq => ord == Equal,
            Op::Ne => ord != Equal,
            Op::Lt => ord == Less,
            Op::Le => ord != Greater,
            Op::Gt => ord == Greater,
            Op::Ge => ord != Less,
            Op::Match | Op::NoMatch => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `has due`: the field has a value.
    Has(Word),
    Cmp {
        field: Word,
        op: Op,
        /// Where the operator is written.
        op_at: (usize, usize),
        value: Word,
    },
    /// `assignee in (ann, bob)`; `not in` negates.
    In {
        field: Word,
        values: Vec<Word>,
        negated: bool,
    },
}

/// Whether `expr` asks about a task's status or closing (`status`, `category`, `closed`):
/// then finished tasks are not hidden by default. False for an expression that does not
/// parse (its error comes from the real reading).
pub fn names_status(expr: &str) -> bool {
    fn walk(e: &Expr) -> bool {
        let named = |w: &Word| matches!(w.text.as_str(), "status" | "category" | "closed");
        match e {
            Expr::And(a, b) | Expr::Or(a, b) => walk(a) || walk(b),
            Expr::Not(a) => walk(a),
            Expr::Has(w) => named(w),
            Expr::Cmp { field, .. } | Expr::In { field, .. } => named(field),
        }
    }
    parse(expr).is_ok_and(|e| walk(&e))
}

/// A syntax error: what is wrong and where (character offsets into the expression).
#[derive(Clone, Debug, PartialEq)]
pub struct FilterError {
    pub message: String,
    pub start: usize,
    pub end: usize,
    pub hint: Option<String>,
}

impl FilterError {
    pub fn at(w: &Word, message: impl Into<String>) -> FilterError {
        FilterError {
            message: message.into(),
            start: w.start,
            end: w.end,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> FilterError {
        self.hint = Some(hint.into());
        self
    }

    /// The expression with a caret line under the offending part, as rustc quotes code:
    ///
    /// ```text
    ///   |
    ///   | risk = hgh and due < +2w
    ///   |        ^^^
    /// ```
    pub fn quote(&self, expr: &str) -> String {
        let chars: Vec<char> = expr
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        // A long expression is shown around the place at fault, with `…` where cut.
        const BEFORE: usize = 40;
        const WINDOW: usize = 100;
        let from = if chars.len() > WINDOW {
            self.start.saturating_sub(BEFORE)
        } else {
            0
        };
        let to = (from + WINDOW).min(chars.len());
        let lead = if from > 0 { "…" } else { "" };
        let tail = if to < chars.len() { "…" } else { "" };
        let line: String = chars[from.min(chars.len())..to].iter().collect();
        let pad: usize = lead.len().min(1)
            + chars
                .iter()
                .skip(from)
                .take(self.start.saturating_sub(from))
                .copied()
                .map(char_width)
                .sum::<usize>();
        let width: usize = chars
            .iter()
            .skip(self.start)
            .take(
                self.end
                    .saturating_sub(self.start)
                    .min(to.saturating_sub(self.start).max(1)),
            )
            .copied()
            .map(char_width)
            .sum();
        format!(
            "  |\n  | {lead}{line}{tail}\n  | {}{}",
            " ".repeat(pad),
            "^".repeat(width.max(1))
        )
    }
}

/// Columns a character takes in a terminal (CJK wide: 2), for the caret.
fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(Word),
    Op(Op, usize, usize),
    Open(usize),
    Close(usize),
    Comma(usize),
}

impl Tok {
    fn span(&self) -> (usize, usize) {
        match self {
            Tok::Word(w) => (w.start, w.end),
            Tok::Op(_, a, b) => (*a, *b),
            Tok::Open(a) | Tok::Close(a) | Tok::Comma(a) => (*a, a + 1),
        }
    }
}

/// The longest expression accepted (a saved view is a line, not a program).
pub const MAX_LEN: usize = 4096;
/// The deepest nesting of parentheses and `not` accepted.
const MAX_DEPTH: usize = 64;

fn lex(expr: &str) -> Result<Vec<Tok>, FilterError> {
    let chars: Vec<char> = expr.chars().collect();
    let err = |a: usize, b: usize, m: &str| FilterError {
        message: m.to_owned(),
        start: a,
        end: b,
        hint: None,
    };
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                toks.push(Tok::Open(i));
                i += 1;
            }
            ')' => {
                toks.push(Tok::Close(i));
                i += 1;
            }
            ',' => {
                toks.push(Tok::Comma(i));
                i += 1;
            }
            '=' => {
                // `==` reads as `=`.
                let n = if next == Some('=') { 2 } else { 1 };
                toks.push(Tok::Op(Op::Eq, i, i + n));
                i += n;
            }
            '!' if next == Some('=') => {
                toks.push(Tok::Op(Op::Ne, i, i + 2));
                i += 2;
            }
            '!' if next == Some('~') => {
                toks.push(Tok::Op(Op::NoMatch, i, i + 2));
                i += 2;
            }
            '<' | '>' => {
                let eq = next == Some('=');
                let op = match (c, eq) {
                    ('<', false) => Op::Lt,
                    ('<', true) => Op::Le,
                    ('>', false) => Op::Gt,
                    _ => Op::Ge,
                };
                let n = if eq { 2 } else { 1 };
                toks.push(Tok::Op(op, i, i + n));
                i += n;
            }
            '~' => {
                toks.push(Tok::Op(Op::Match, i, i + 1));
                i += 1;
            }
            '"' | '\'' => {
                let start = i;
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(err(start, chars.len(), "this quote is never closed")),
                        Some('\\') if matches!(chars.get(i + 1), Some(q) if *q == c || *q == '\\') =>
                        {
                            text.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(q) if *q == c => {
                            i += 1;
                            break;
                        }
                        Some(x) => {
                            text.push(*x);
                            i += 1;
                        }
                    }
                }
                toks.push(Tok::Word(Word {
                    text,
                    start,
                    end: i,
                    quoted: true,
                }));
            }
            c if is_word_char(c) => {
                let start = i;
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                toks.push(Tok::Word(Word {
                    text: chars[start..i].iter().collect(),
                    start,
                    end: i,
                    quoted: false,
                }));
            }
            _ => {
                return Err(err(i, i + 1, &format!("`{c}` has no meaning here"))
                    .with_hint("quote text that holds it: `title ~ \"a (b)\"`"));
            }
        }
    }
    Ok(toks)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '+' | '.' | ':' | '@' | '_' | '/' | '#')
}

/// Parses an expression. An empty one is an error (a view with `where: ""` filters
/// nothing by mistake).
pub fn parse(expr: &str) -> Result<Expr, FilterError> {
    let len = expr.chars().count();
    if len > MAX_LEN {
        return Err(FilterError {
            message: format!("the expression is {len} characters long; at most {MAX_LEN} are read"),
            start: 0,
            end: 1,
            hint: None,
        });
    }
    let toks = lex(expr)?;
    if toks.is_empty() {
        return Err(FilterError {
            message: "the expression is empty".into(),
            start: 0,
            end: 1,
            hint: Some("for example: `status = doing and assignee = @me`".into()),
        });
    }
    let mut p = Parser {
        toks,
        at: 0,
        end: len,
        depth: 0,
    };
    let e = p.or()?;
    if let Some(t) = p.peek() {
        let (a, b) = t.span();
        let hint = match t {
            Tok::Close(_) => "this `)` closes nothing",
            _ => "join conditions with `and` or `or`",
        };
        return Err(FilterError {
            message: "unexpected text after a complete condition".into(),
            start: a,
            end: b,
            hint: Some(hint.into()),
        });
    }
    Ok(e)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    /// The expression's length, where "expected … here" points at the end.
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if !w.quoted && w.text.eq_ignore_ascii_case(k))
    }

    fn missing(&self, what: &str) -> FilterError {
        let (a, b) = self.peek().map_or((self.end, self.end + 1), Tok::span);
        FilterError {
            message: format!("expected {what}"),
            start: a,
            end: b,
            hint: None,
        }
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.and()?;
        while self.keyword("or") {
            self.at += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.unary()?;
        while self.keyword("and") {
            self.at += 1;
            e = Expr::And(Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.missing("fewer than 64 nested parentheses or `not`s"));
        }
        let e = self.unary_inner();
        self.depth -= 1;
        e
    }

    fn unary_inner(&mut self) -> Result<Expr, FilterError> {
        if self.keyword("not") {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if let Some(Tok::Open(open)) = self.peek() {
            let open = *open;
            self.at += 1;
            let e = self.or()?;
            return match self.peek() {
                Some(Tok::Close(_)) => {
                    self.at += 1;
                    Ok(e)
                }
                _ => Err(FilterError {
                    message: "this `(` is never closed".into(),
                    start: open,
                    end: open + 1,
                    hint: None,
                }),
            };
        }
        if self.keyword("has") {
            self.at += 1;
            return match self.peek().cloned() {
                Some(Tok::Word(w)) => {
                    self.at += 1;
                    Ok(Expr::Has(w))
                }
                _ => Err(self
                    .missing("a field name after `has`")
                    .with_hint("`has due`, `has tags`, `has risk`")),
            };
        }
        let field = match self.peek().cloned() {
            Some(Tok::Word(w)) => w,
            _ => {
                return Err(self
                    .missing("a condition")
                    .with_hint("a condition is FIELD OP VALUE: `status = doing`, `due < +2w`"));
            }
        };
        self.at += 1;
        let negated = self.keyword("not");
        if negated {
            self.at += 1;
        }
        if self.keyword("in") {
            self.at += 1;
            return self.list(field, negated);
        }
        if negated {
            return Err(self.missing("`in` after `not`"));
        }
        let (op, op_at) = match self.peek() {
            Some(Tok::Op(op, a, b)) => (*op, (*a, *b)),
            _ => {
                return Err(self
                    .missing(&format!("a comparison after `{}`", field.text))
                    .with_hint("=, !=, <, <=, >, >=, ~ (contains), !~, in (…)"));
            }
        };
        self.at += 1;
        match self.peek().cloned() {
            Some(Tok::Word(value)) => {
                self.at += 1;
                Ok(Expr::Cmp {
                    field,
                    op,
                    op_at,
                    value,
                })
            }
            _ => Err(self.missing(&format!("a value after `{}`", op.symbol()))),
        }
    }

    fn list(&mut self, field: Word, negated: bool) -> Result<Expr, FilterError> {
        if !matches!(self.peek(), Some(Tok::Open(_))) {
            return Err(self
                .missing("`(` to open the list")
                .with_hint("`assignee in (ann, bob)`"));
        }
        self.at += 1;
        let mut values = Vec::new();
        loop {
            match self.peek().cloned() {
                Some(Tok::Word(w)) => {
                    values.push(w);
                    self.at += 1;
                }
                _ => return Err(self.missing("a value in the list")),
            }
            match self.peek() {
                Some(Tok::Comma(_)) => self.at += 1,
                Some(Tok::Close(_)) => {
                    self.at += 1;
                    break;
                }
                _ => return Err(self.missing("`,` or `)`")),
            }
        }
        Ok(Expr::In {
            field,
            values,
            negated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(expr: &str) -> (String, usize, usize) {
        let e = parse(expr).unwrap_err();
        (e.message, e.start, e.end)
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let e = parse("a = 1 or b = 2 and not c = 3").unwrap();
        let Expr::Or(_, right) = e else {
            panic!("or at the top: {e:?}")
        };
        let Expr::And(_, c) = *right else {
            panic!("and under or")
        };
        assert!(matches!(*c, Expr::Not(_)));
    }

    #[test]
    fn words_keep_their_places() {
        let Expr::Cmp {
            field, op, value, ..
        } = parse("  due < +2w").unwrap()
        else {
            panic!()
        };
        assert_eq!((field.start, field.end), (2, 5));
        assert_eq!(op, Op::Lt);
        assert_eq!(
            (value.text.as_str(), value.start, value.end),
            ("+2w", 8, 11)
        );
        let Expr::Cmp { value, .. } = parse(r#"title ~ "say \"hi\"""#).unwrap() else {
            panic!()
        };
        assert_eq!(value.text, "say \"hi\"");
        assert!(value.quoted);
    }

    #[test]
    fn lists_and_negations() {
        let Expr::In {
            values, negated, ..
        } = parse("assignee not in (ann, @me)").unwrap()
        else {
            panic!()
        };
        assert!(negated);
        assert_eq!(values.len(), 2);
        assert_eq!(values[1].text, "@me");
    }

    #[test]
    fn errors_point_at_the_place() {
        assert_eq!(err("status ="), ("expected a value after `=`".into(), 8, 9));
        assert_eq!(
            err("status doing"),
            ("expected a comparison after `status`".into(), 7, 12)
        );
        assert_eq!(err("(a = 1"), ("this `(` is never closed".into(), 0, 1));
        assert_eq!(err("a = 1 b = 2").1, 6);
        assert_eq!(
            err("a = 1)").0,
            "unexpected text after a complete condition"
        );
        assert_eq!(err("title ~ \"open").1, 8);
        assert_eq!(err("a = 1 and"), ("expected a condition".into(), 9, 10));
        assert_eq!(err("a in b").1, 5);
        assert_eq!(err("a = $").1, 4);
        assert_eq!(err("   ").0, "the expression is empty");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}a = 1{}", "(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).is_err());
        let nots = format!("{}a = 1", "not ".repeat(500));
        assert!(parse(&nots).is_err());
        assert!(parse(&"a = 1 and ".repeat(1000)).is_err());
    }

    #[test]
    fn a_long_expression_is_quoted_around_the_place() {
        let expr = format!("{}rsk = high", "a = 1 and ".repeat(30));
        let e = FilterError {
            message: String::new(),
            start: 300,
            end: 303,
            hint: None,
        };
        let q = e.quote(&expr);
        let lines: Vec<&str> = q.lines().collect();
        assert!(
            lines[1].starts_with("  | …") && lines[1].ends_with("rsk = high"),
            "{q}"
        );
        let caret = lines[2].find('^').unwrap();
        assert_eq!(&lines[1][caret + 2..caret + 5], "rsk", "{q}");
    }

    #[test]
    fn the_caret_sits_under_the_word() {
        let e = parse("risk = high and").unwrap_err();
        assert_eq!(
            e.quote("risk = high and"),
            "  |\n  | risk = high and\n  |                ^"
        );
        let e = FilterError {
            message: String::new(),
            start: 3,
            end: 5,
            hint: None,
        };
        assert_eq!(e.quote("負責 = ab"), "  |\n  | 負責 = ab\n  |      ^^");
    }
}
