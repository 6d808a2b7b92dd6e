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

/// Characters as a terminal shows them: ANSI escape sequences take no room.
pub fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        if in_escape {
            if c.is_ascii_alphabetic() {
                in_escape = false;
            }
        } else if c == '\x1b' {
            in_escape = true;
        } else {
            n += 1;
        }
    }
    n
}

/// `s` cut to `max` characters, the last one `…` when anything was cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
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

/// `s` without ANSI escape sequences.
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_escape = false;
    for c in s.chars() {
        if in_escape {
            if c.is_ascii_alphabetic() {
                in_escape = false;
            }
        } else if c == '\x1b' {
            in_escape = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// Paints a cell that needs attention (overdue, at risk, over capacity) red, or leaves it.
pub fn alarm(style: Style, text: &str, on: bool) -> String {
    if on { style.red(text) } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
