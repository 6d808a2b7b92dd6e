//! Tables for people and for pipes: a grid of text cells drawn with comfy-table on a
//! terminal (one column, usually the title, cut with `…` so the table fits the width), or
//! written as tab-separated values for `cut` and `awk`.

use crate::render::term::Style;

/// A table of text cells. Cells may hold ANSI colour (it does not count toward widths).
pub struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The column that is shortened when the table is wider than the terminal.
    flex: Option<usize>,
}

/// The characters of `s` a terminal shows: ANSI escape sequences left out.
fn visible(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut in_escape = false;
    s.chars().filter(move |&c| {
        if in_escape {
            in_escape = !c.is_ascii_alphabetic();
            false
        } else if c == '\x1b' {
            in_escape = true;
            false
        } else {
            true
        }
    })
}

/// Columns a terminal gives `s`: ANSI escape sequences take none, wide characters (CJK,
/// most emoji) two, combining marks none, as comfy-table measures cells.
pub fn visible_len(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    visible(s).map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to `max` terminal columns, the last one `…` when anything was cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if visible_len(s) <= max {
        return s.to_owned();
    }
    let room = max.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

impl Grid {
    pub fn new(header: &[&str]) -> Grid {
        Grid {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
            flex: None,
        }
    }

    /// The column to shorten (by its header) when the table does not fit.
    pub fn flex(mut self, header: &str) -> Grid {
        self.flex = self.header.iter().position(|h| h == header);
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table for a terminal `width` columns wide (`None`: no limit, as in a pipe).
    pub fn render(&self, width: Option<usize>) -> String {
        let mut rows = self.rows.clone();
        if let (Some(width), Some(flex)) = (width, self.flex) {
            let cols = self.header.len();
            let widest = |c: usize| {
                rows.iter()
                    .map(|r| r.get(c).map_or(0, |s| visible_len(s)))
                    .chain([visible_len(&self.header[c])])
                    .max()
                    .unwrap_or(0)
            };
            // Borders and padding: `│ a │ b │` is 3 per column and 1 more.
            let others: usize = (0..cols).filter(|&c| c != flex).map(widest).sum();
            let room = width.saturating_sub(others + 3 * cols + 1);
            let room = room.max(visible_len(&self.header[flex]).max(8));
            if widest(flex) > room {
                for r in &mut rows {
                    if let Some(cell) = r.get_mut(flex) {
                        *cell = ellipsize(cell, room);
                    }
                }
            }
        }
        if let Some(text) = plain_table(&self.header, &rows) {
            return text;
        }
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(self.header.iter().map(String::as_str));
        for r in rows {
            t.add_row(r);
        }
        t.to_string()
    }

    /// Tab-separated values, one line per row, no header; tabs and line breaks in cells
    /// become spaces.
    pub fn tsv(&self) -> String {
        let mut out = String::new();
        for r in &self.rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| strip_ansi(c).replace(['\t', '\n', '\r'], " "))
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        out
    }
}

/// The display width of a cell of one line whose only escape sequences are SGR colours
/// (`ESC [ digits ; … m`), as comfy-table measures it; `None` for anything else (a line
/// break, a control character, another escape), which is left to comfy-table.
fn plain_width(s: &str) -> Option<usize> {
    use unicode_width::UnicodeWidthStr;
    if !s.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Some(s.width());
    }
    let mut width = 0;
    let mut rest = s;
    while let Some(at) = rest.find(|c: char| c < ' ' || c == '\x7f') {
        let (text, tail) = rest.split_at(at);
        width += text.width();
        let params = tail.strip_prefix("\x1b[")?;
        let end = params.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
        rest = params[end..].strip_prefix('m')?;
    }
    Some(width + rest.width())
}

/// The table comfy-table draws with `UTF8_FULL_CONDENSED`, no wrapping, drawn directly:
/// comfy-table takes about 10 µs a row (it splits and re-parses every cell), which is
/// most of `cairn list` on 50,000 rows. `None` when a cell holds more than one line or
/// anything but SGR colours, or a row is not as wide as the header.
fn plain_table(header: &[String], rows: &[Vec<String>]) -> Option<String> {
    let cols = header.len();
    if cols == 0 || rows.iter().any(|r| r.len() != cols) {
        return None;
    }
    let mut widths = vec![0; cols];
    let mut cell_widths = Vec::with_capacity((rows.len() + 1) * cols);
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (c, cell) in row.iter().enumerate() {
            let w = plain_width(cell)?;
            widths[c] = widths[c].max(w);
            cell_widths.push(w);
        }
    }
    let bytes: usize = rows.iter().flatten().map(String::len).sum::<usize>()
        + (rows.len() + 4) * (widths.iter().sum::<usize>() + 6 * cols + 2);
    let mut out = String::with_capacity(bytes);
    let rule = |out: &mut String, left: char, fill: char, cross: char, right: char| {
        out.push(left);
        for (c, w) in widths.iter().enumerate() {
            if c > 0 {
                out.push(cross);
            }
            for _ in 0..w + 2 {
                out.push(fill);
            }
        }
        out.push(right);
        out.push('\n');
    };
    let mut cell_widths = cell_widths.into_iter();
    let mut line = |out: &mut String, row: &[String]| {
        out.push('│');
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                out.push('┆');
            }
            out.push(' ');
            out.push_str(cell);
            let pad = widths[c] - cell_widths.next().unwrap_or(widths[c]) + 1;
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.push('│');
        out.push('\n');
    };
    rule(&mut out, '┌', '─', '┬', '┐');
    line(&mut out, header);
    rule(&mut out, '╞', '═', '╪', '╡');
    for row in rows {
        line(&mut out, row);
    }
    rule(&mut out, '└', '─', '┴', '┘');
    out.pop();
    Some(out)
}

/// `s` without ANSI escape sequences.
pub fn strip_ansi(s: &str) -> String {
    visible(s).collect()
}

/// Paints a cell that needs attention (overdue, at risk, over capacity) red, or leaves it.
pub fn alarm(style: Style, text: &str, on: bool) -> String {
    if on { style.red(text) } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grid as comfy-table draws it.
    fn comfy(header: &[&str], rows: &[Vec<String>]) -> String {
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(header.iter().copied());
        for r in rows {
            t.add_row(r.clone());
        }
        t.to_string()
    }

    #[test]
    fn tables_are_drawn_as_comfy_table_draws_them() {
        let red = |s: &str| format!("\x1b[1;31m{s}\x1b[0m");
        let cells = [
            String::new(),
            "T-1".into(),
            "a longer title with spaces  ".into(),
            "日本語のタイトル".into(),
            "emoji 🚀 and é, ñ, combining e\u{301}".into(),
            red("overdue"),
            format!("{} and {}", red("one"), "\x1b[32mtwo\x1b[0m"),
            "…".into(),
            "tab\there".into(),
            "two\nlines".into(),
            "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\".into(),
        ];
        let header = ["ID", "Title", "Due"];
        let mut plain = 0;
        for (i, a) in cells.iter().enumerate() {
            for (j, b) in cells.iter().enumerate() {
                let rows = vec![
                    vec![a.clone(), b.clone(), cells[(i + j) % cells.len()].clone()],
                    vec![b.clone(), "x".into(), a.clone()],
                ];
                let grid = Grid {
                    header: header.iter().map(|h| (*h).to_owned()).collect(),
                    rows: rows.clone(),
                    flex: None,
                };
                plain += usize::from(plain_table(&grid.header, &rows).is_some());
                assert_eq!(grid.render(None), comfy(&header, &rows), "{rows:?}");
            }
        }
        assert!(plain > 40, "the direct drawing was used {plain} times");
        // No rows, a ragged row.
        let grid = Grid::new(&["ID", "Title"]);
        assert_eq!(grid.render(None), comfy(&["ID", "Title"], &[]));
        let ragged = vec![vec!["T-1".to_string()]];
        assert!(plain_table(&grid.header, &ragged).is_none());
    }

    #[test]
    fn the_title_column_is_cut_to_fit() {
        let mut g = Grid::new(&["ID", "Title"]).flex("Title");
        g.row(vec![
            "T-1".into(),
            "A very long title that goes on and on".into(),
        ]);
        let text = g.render(Some(30));
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
        assert!(text.contains("…"), "{text}");
        // No limit: nothing is cut.
        assert!(g.render(None).contains("goes on and on"));
        assert_eq!(g.tsv(), "T-1\tA very long title that goes on and on\n");
        assert_eq!(visible_len("\x1b[1;31mred\x1b[0m"), 3);
    }

    /// Regression: with COLUMNS=90 a CJK title gave a 124-column table (characters were
    /// counted, columns drawn).
    #[test]
    fn wide_characters_are_cut_by_the_columns_they_take() {
        use unicode_width::UnicodeWidthStr;
        let mut g = Grid::new(&["ID", "Status", "Title"]).flex("Title");
        g.row(vec![
            "T-1".into(),
            "todo".into(),
            "日本語のタイトルがとても長いのでターミナルの幅を超えてしまいますがどうでしょうか"
                .into(),
        ]);
        for width in [40, 60, 90] {
            let text = g.render(Some(width));
            assert!(text.lines().all(|l| l.width() <= width), "{width}:\n{text}");
        }
        assert_eq!(ellipsize("日本語", 4), "日…");
    }
}
