//! The SVG charts of the HTML dashboard (`cairn report --html`), drawn from the report's
//! data; the pages around them come from templates (`render::report`).
//!
//! Every chart scales to its container (`viewBox`, width 100%), has axes with a scale and
//! gridlines, a legend with swatches, and lays its labels out so that no two overlap:
//! text widths are estimated generously (0.62 em a character) and a label that would
//! touch another is left out (its value stays in the element's `<title>`). Colours come
//! from CSS classes (`c-…`), so they keep one meaning on every page and follow the
//! page's light or dark scheme. Every piece of user text goes through [`esc`].

use cairn_core::analyze::schedule::{PersonLoad, day_date, day_number};
use cairn_core::report::{BurnupPoint, Flow, GoalRow, PlanRow, ProjectReport};
use jiff::civil::Date;
use std::fmt::Write as _;

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The chart text size, in viewBox units.
const FONT: f64 = 12.0;
/// The width every chart is drawn at (viewBox units); the page scales it.
const WIDTH: f64 = 760.0;

/// The width a label takes, estimated on the generous side.
fn text_w(s: &str) -> f64 {
    s.chars().count() as f64 * FONT * 0.62
}

/// `s` cut at a word boundary to fit `width`, with `…` when anything was cut.
fn fit(s: &str, width: f64) -> String {
    if text_w(s) <= width {
        return s.to_owned();
    }
    let max = ((width / (FONT * 0.62)) as usize).saturating_sub(1).max(1);
    let cut: String = s.chars().take(max).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i >= max / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

/// `s` on up to two lines of `width`: the first cut at a word, the rest fitted (with `…`
/// when anything is left out).
fn two_lines(s: &str, width: f64) -> (String, Option<String>) {
    if text_w(s) <= width {
        return (s.to_owned(), None);
    }
    let max = ((width / (FONT * 0.62)) as usize).max(1);
    let cut: String = s.chars().take(max).collect();
    let at = cut
        .rfind(' ')
        .filter(|&i| i >= max / 3)
        .unwrap_or(cut.len());
    let first = cut[..at].trim_end().to_owned();
    let rest = s[first.len()..].trim_start();
    (first, (!rest.is_empty()).then(|| fit(rest, width)))
}

/// The first tick of the axis at or after `day`: a Monday for a span of up to 120 days,
/// else the first of a month (as [`DateScale::labels`] places them).
fn next_tick(lo: i32, day: i32) -> i32 {
    let weekly = day - lo <= 120;
    (day..day + 40)
        .find(|&d| {
            let date = day_date(d);
            if weekly {
                date.weekday() == jiff::civil::Weekday::Monday
            } else {
                date.day() == 1
            }
        })
        .unwrap_or(day)
}

/// An SVG being drawn.
struct Svg {
    w: f64,
    h: f64,
    body: String,
}

impl Svg {
    fn new(w: f64, h: f64) -> Svg {
        Svg {
            w,
            h,
            body: String::new(),
        }
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, s: &str) {
        let _ = write!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
            esc(s)
        );
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, class: &str) {
        let _ = write!(
            self.body,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" class=\"{class}\"/>"
        );
    }

    fn finish(self, class: &str, label: &str) -> String {
        format!(
            "<svg class=\"{class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0} {:.0}\" width=\"100%\" style=\"min-width:{:.0}px\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"{}\">{}</svg>",
            self.w,
            self.h,
            // Never narrower than drawn: on a phone the chart scrolls inside its box and
            // its text keeps its size (12 px) instead of shrinking to 5.
            self.w,
            esc(label),
            self.body
        )
    }
}

/// Round steps (1, 2 or 5 × 10ⁿ) from 0 to at least `max`, about `target` of them.
fn ticks(max: f64, target: usize) -> Vec<f64> {
    let max = max.max(1.0);
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    let mut out = Vec::new();
    let mut v = 0.0;
    while v < max + step * 0.999 {
        out.push(v);
        v += step;
        if out.len() > 50 {
            break;
        }
    }
    out
}

fn num(v: f64) -> String {
    cairn_core::model::format_number(v)
}

/// A horizontal legend at `y`, wrapping to more rows when wider than the chart; returns
/// the height it took. Each entry is a swatch class and its label.
fn legend(svg: &mut Svg, y: f64, items: &[(&str, &str)]) -> f64 {
    let mut x = 8.0;
    let mut row = 0.0;
    for (class, label) in items {
        let w = 14.0 + 6.0 + text_w(label) + 18.0;
        if x + w > svg.w && x > 8.0 {
            x = 8.0;
            row += FONT + 8.0;
        }
        let top = y + row;
        if class.starts_with("l-") {
            // A line swatch.
            let _ = write!(
                svg.body,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"{class}\"/>",
                top - 4.0,
                x + 14.0,
                top - 4.0
            );
        } else {
            let _ = write!(
                svg.body,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"10\" rx=\"2\" class=\"{class}\"/>",
                top - 9.0
            );
        }
        svg.text(x + 20.0, top, "start", "lbl", label);
        x += w;
    }
    row + FONT + 8.0
}

/// Labels along an axis at `y`: each centred on its x; one that would overlap the one
/// before (or run off the chart) is left out. The last one is always there (against the
/// chart's right edge when it would run off), so the axis says where it ends.
fn axis_labels(svg: &mut Svg, labels: &[(f64, String)], y: f64, left: f64, right: f64) {
    let Some((lx, last)) = labels.last() else {
        return;
    };
    let lw = text_w(last);
    let (last_start, last_x, last_anchor) = if lx + lw / 2.0 > right + 2.0 {
        (right - lw, right, "end")
    } else {
        (lx - lw / 2.0, *lx, "middle")
    };
    let mut last_end = f64::NEG_INFINITY;
    for (x, label) in &labels[..labels.len() - 1] {
        let w = text_w(label);
        let (start, end) = (x - w / 2.0, x + w / 2.0);
        if start < left - 2.0 || end > last_start - 6.0 || start < last_end + 6.0 {
            continue;
        }
        svg.text(*x, y, "middle", "axis", label);
        last_end = end;
    }
    if last_start >= left - 2.0 {
        svg.text(last_x, y, last_anchor, "axis", last);
    }
}

/// A y axis with gridlines from 0 to `max` over `[top, bottom]`; returns the top value.
fn y_axis(svg: &mut Svg, max: f64, left: f64, right: f64, top: f64, bottom: f64) -> f64 {
    let t = ticks(max, 4);
    let top_value = t.last().copied().unwrap_or(1.0).max(1.0);
    for v in &t {
        let y = bottom - (bottom - top) * v / top_value;
        svg.line(left, y, right, y, "grid");
        svg.text(left - 6.0, y + 4.0, "end", "axis", &num(*v));
    }
    top_value
}

/// The colour class of a workflow status by its position and category: open work grey,
/// active blue (deeper for later active statuses), done green, cancelled pale.
pub fn status_class(category: &str, nth_of_category: usize) -> String {
    match category {
        "open" => "c-open".into(),
        "active" => format!("c-active{}", nth_of_category.min(2)),
        "done" => "c-done".into(),
        _ => "c-cancelled".into(),
    }
}

/// Workload heatmap: a cell per person and week, shaded by demand over hours available
/// on a sequential scale, over capacity in its own colour; the numbers in each cell in
/// the colour that reads best on it.
pub fn heatmap_svg(loads: &[PersonLoad], person_page: impl Fn(&str) -> Option<String>) -> String {
    let Some(first) = loads.first() else {
        return String::new();
    };
    let weeks = first.weeks.len().max(1);
    let left = 8.0
        + loads
            .iter()
            .map(|l| text_w(&l.id))
            .fold(60.0, f64::max)
            .min(160.0);
    let cw = ((WIDTH - left - 8.0) / weeks as f64).max(70.0);
    let w = left + cw * weeks as f64 + 8.0;
    let (ch, top) = (26.0, 40.0);
    let rows_h = ch * loads.len() as f64;
    let mut svg = Svg::new(w, top + rows_h + 60.0);
    for (j, wk) in first.weeks.iter().enumerate() {
        let x = left + cw * j as f64 + cw / 2.0;
        svg.text(x, 16.0, "middle", "axis", &wk.week);
        svg.text(
            x,
            32.0,
            "middle",
            "axis",
            &wk.monday.strftime("%b %-d").to_string(),
        );
    }
    for (i, p) in loads.iter().enumerate() {
        let y = top + ch * i as f64;
        let name = fit(&p.id, left - 12.0);
        match person_page(&p.id) {
            Some(page) => {
                let _ = write!(
                    svg.body,
                    "<a href=\"{}.html\"><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"lbl link\">{}</text></a>",
                    esc(&page),
                    left - 8.0,
                    y + ch / 2.0 + 4.0,
                    esc(&name)
                );
            }
            None => svg.text(left - 8.0, y + ch / 2.0 + 4.0, "end", "lbl", &name),
        }
        for (j, wk) in p.weeks.iter().enumerate() {
            let ratio = if wk.available_hours > 0.0 {
                wk.demand_hours / wk.available_hours
            } else if wk.demand_hours > 0.0 {
                f64::INFINITY
            } else {
                0.0
            };
            let (class, bg, fg) = heat(ratio, wk.over_capacity, wk.available_hours);
            let x = left + cw * j as f64;
            let h = cairn_core::model::format_hours;
            let label = format!("{}/{}h", h(wk.demand_hours), h(wk.available_hours));
            let _ = write!(
                svg.body,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\" class=\"cell {class}\"><title>{} {}: {}h demanded, {}h available, {}h planned</title></rect><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"on-cell\" style=\"fill:{fg}\" data-bg=\"{bg}\">{}</text>",
                x + 2.0,
                y + 2.0,
                cw - 4.0,
                ch - 4.0,
                esc(&p.id),
                esc(&wk.week),
                h(wk.demand_hours),
                h(wk.available_hours),
                h(wk.planned_hours),
                x + cw / 2.0,
                y + ch / 2.0 + 4.0,
                esc(&fit(
                    &format!("{}{}", label, if wk.over_capacity { " !" } else { "" }),
                    cw - 8.0
                ))
            );
        }
    }
    legend(
        &mut svg,
        top + rows_h + 24.0,
        &[
            ("heat0", "no hours"),
            ("heat1", "under 25%"),
            ("heat2", "25–50%"),
            ("heat3", "50–75%"),
            ("heat4", "75–100%"),
            ("heat-over", "over capacity"),
        ],
    );
    svg.finish(
        "heatmap",
        "Workload: hours demanded over hours available, per person and week",
    )
}

/// A heat cell: its class, its background colour and the text colour that reads best on
/// it (the same colours the stylesheet gives the classes).
fn heat(ratio: f64, over: bool, available: f64) -> (&'static str, &'static str, &'static str) {
    if over {
        ("heat-over", "#9a3412", "#ffffff")
    } else if available <= 0.0 && ratio == 0.0 {
        ("heat0", "#eef1f4", "#1f2328")
    } else if ratio < 0.25 {
        ("heat1", "#deebf7", "#1f2328")
    } else if ratio < 0.5 {
        ("heat2", "#9ecae1", "#1f2328")
    } else if ratio < 0.75 {
        ("heat3", "#4292c6", "#000000")
    } else {
        ("heat4", "#08519c", "#ffffff")
    }
}

/// The x positions of dates between `lo` and `hi` (day numbers) over `[left, right]`.
struct DateScale {
    lo: i32,
    hi: i32,
    left: f64,
    right: f64,
}

impl DateScale {
    fn x(&self, day: i32) -> f64 {
        let span = f64::from((self.hi - self.lo).max(1));
        self.left
            + (self.right - self.left) * f64::from(day.clamp(self.lo, self.hi) - self.lo) / span
    }

    /// Tick labels: weeks (Mondays) for short spans, months for long ones.
    fn labels(&self) -> Vec<(f64, String)> {
        let days = self.hi - self.lo;
        let mut out = Vec::new();
        let mut d = self.lo;
        while d <= self.hi {
            let date = day_date(d);
            let tick = if days <= 120 {
                date.weekday() == jiff::civil::Weekday::Monday
            } else {
                date.day() == 1
            };
            if tick {
                let label = if days <= 120 {
                    date.strftime("%b %-d").to_string()
                } else if date.month() == 1 || out.is_empty() {
                    date.strftime("%b %Y").to_string()
                } else {
                    date.strftime("%b").to_string()
                };
                out.push((self.x(d), label));
            }
            d += 1;
        }
        out
    }
}

/// The span of days a chart shows: `days` and today, bounded to what a plan can mean
/// around today (a year back, three ahead), at least two weeks.
fn span(days: impl Iterator<Item = i32>, today: i32) -> (i32, i32) {
    let (mut lo, mut hi) = (today, today);
    for d in days {
        lo = lo.min(d);
        hi = hi.max(d);
    }
    let lo = (lo - 2).max(today - 366);
    let hi = (hi + 2).min(today + 3 * 366).max(lo + 14);
    (lo, hi)
}

/// A Gantt chart: a bar per task (the critical chain red, other work blue, parents
/// grey), the critical chain's dependencies as arrows, today's line, and a diamond with a
/// label per milestone due date; a legend below.
pub fn gantt_svg(rows: &[&PlanRow], milestones: &[(String, Date)], today: Date) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let t = day_number(today);
    let (lo, hi) = span(
        rows.iter()
            .flat_map(|r| [day_number(r.start), day_number(r.finish)])
            .chain(milestones.iter().map(|m| day_number(m.1))),
        t,
    );
    // Labels take under a third of the width, on two lines; the full text is the bar's
    // and the label's tooltip.
    let label_w = 230.0;
    // The axis runs on to the tick after the last day, so the last bar ends under a label.
    let end = next_tick(lo, hi + 1);
    let scale = DateScale {
        lo,
        hi: end,
        left: label_w,
        right: WIDTH - 10.0,
    };
    let (row_h, top) = (30.0, 44.0);
    let bottom = top + row_h * rows.len() as f64;
    // Milestone labels in lanes below the bars, none overlapping another.
    let mut lanes: Vec<f64> = Vec::new();
    let mut placed: Vec<(f64, usize, String, Date)> = Vec::new();
    for (name, due) in milestones {
        let d = day_number(*due);
        if d < lo || d > hi {
            continue;
        }
        let x = scale.x(d);
        let label = fit(name, 160.0);
        let w = text_w(&label) + 14.0;
        // The label goes right of the diamond, or left of it near the chart's end.
        let (start, end) = if x + w > WIDTH - 4.0 {
            (x - w, x + 7.0)
        } else {
            (x - 7.0, x + w)
        };
        let lane = match lanes.iter().position(|&e| e + 6.0 < start) {
            Some(k) => k,
            None if lanes.len() < 6 => {
                lanes.push(f64::NEG_INFINITY);
                lanes.len() - 1
            }
            None => continue,
        };
        lanes[lane] = end;
        placed.push((x, lane, label, *due));
    }
    let lanes_h = lanes.len() as f64 * 20.0;
    let legend_y = bottom + 14.0 + lanes_h + 18.0;
    let mut svg = Svg::new(WIDTH, legend_y + 40.0);
    // The time axis: gridlines and labels in the top lane; today's label in the second.
    let labels = scale.labels();
    for (x, _) in &labels {
        svg.line(*x, top - 4.0, *x, bottom, "grid");
    }
    axis_labels(&mut svg, &labels, 16.0, label_w, WIDTH - 10.0);
    let index: std::collections::HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| (r.id.as_str(), k))
        .collect();
    for (n, r) in rows.iter().enumerate() {
        let y = top + row_h * n as f64;
        let (first, second) = two_lines(&format!("{} {}", r.id, r.title), label_w - 12.0);
        // The label's lines in one group, whose tooltip is the whole title; one line sits
        // level with its bar, two share the row.
        let _ = write!(
            svg.body,
            "<g><title>{} {}</title>",
            esc(&r.id),
            esc(&r.title)
        );
        match &second {
            Some(second) => {
                svg.text(4.0, y + 11.0, "start", "lbl", &first);
                svg.text(4.0, y + 26.0, "start", "lbl", second);
            }
            None => svg.text(4.0, y + 19.0, "start", "lbl", &first),
        }
        svg.body.push_str("</g>");
        let x0 = scale.x(day_number(r.start));
        let x1 = scale.x(day_number(r.finish) + 1);
        let class = if r.summary {
            "c-summary"
        } else if r.critical {
            "c-crit"
        } else {
            "c-bar"
        };
        let _ = write!(
            svg.body,
            "<rect class=\"bar {class}{}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" rx=\"3\"><title>{} {}: {} to {}{}</title></rect>",
            if r.active { "" } else { " planned" },
            y + 9.0,
            (x1 - x0).max(2.0),
            esc(&r.id),
            esc(&r.title),
            r.start,
            r.finish,
            r.due.map(|d| format!(", due {d}")).unwrap_or_default()
        );
    }
    // The critical chain, link by link: a dependency as a solid arrow; where a task of
    // the chain waits for the same person rather than for a dependency, a dashed one
    // from the chain task that person finishes just before. Arrows end short of the bar.
    let arrow = |svg: &mut Svg, k: usize, n: usize, class: &str| {
        let (xa, ya) = (
            scale.x(day_number(rows[k].finish) + 1),
            top + row_h * k as f64 + 15.0,
        );
        let (xb, yb) = (
            scale.x(day_number(rows[n].start)) - 2.0,
            top + row_h * n as f64 + 15.0,
        );
        if xb < xa + 8.0 {
            // The next one starts before this one ends: down onto its bar's top edge.
            let x = (xa - 4.0).max(scale.x(day_number(rows[n].start)) + 4.0);
            let (from, to) = if n > k {
                (ya + 6.0, yb - 8.0)
            } else {
                (ya - 6.0, yb + 8.0)
            };
            let _ = write!(
                svg.body,
                "<path class=\"{class}\" d=\"M{x:.1} {from:.1} V{to:.1}\" marker-end=\"url(#arrow)\"/>"
            );
            return;
        }
        let mid = (xa + 4.0).max(xb - 6.0).min(xa + 10.0);
        let _ = write!(
            svg.body,
            "<path class=\"{class}\" d=\"M{xa:.1} {ya:.1} H{mid:.1} V{yb:.1} H{:.1}\" marker-end=\"url(#arrow)\"/>",
            xb.max(mid + 1.0)
        );
    };
    for (n, r) in rows.iter().enumerate() {
        if !r.critical {
            continue;
        }
        let deps: Vec<usize> = r
            .depends_on
            .iter()
            .filter_map(|d| index.get(d.as_str()).copied())
            .filter(|&k| rows[k].critical)
            .collect();
        for &k in &deps {
            arrow(&mut svg, k, n, "dep");
        }
        if deps.is_empty() {
            let start = day_number(r.start);
            let held = rows
                .iter()
                .enumerate()
                .filter(|(k, o)| {
                    *k != n
                        && o.critical
                        && day_number(o.finish) < start
                        && o.assignees.iter().any(|a| r.assignees.contains(a))
                })
                .max_by_key(|(_, o)| day_number(o.finish))
                .map(|(k, _)| k);
            if let Some(k) = held {
                arrow(&mut svg, k, n, "dep same-person");
            }
        }
    }
    // Today: the line over the rows, its label in the second header lane.
    let tx = scale.x(t);
    svg.line(tx, top - 6.0, tx, bottom, "today");
    let today_label = "today";
    let anchor = if tx + text_w(today_label) + 4.0 > WIDTH {
        "end"
    } else {
        "start"
    };
    svg.text(
        if anchor == "start" {
            tx + 3.0
        } else {
            tx - 3.0
        },
        34.0,
        anchor,
        "today-label",
        today_label,
    );
    for (x, lane, label, due) in &placed {
        let cy = bottom + 14.0 + 20.0 * *lane as f64;
        svg.line(*x, top, *x, cy - 7.0, "ms-line");
        let _ = write!(
            svg.body,
            "<path class=\"c-ms\" d=\"M{x:.1} {:.1} L{:.1} {cy:.1} L{x:.1} {:.1} L{:.1} {cy:.1} Z\"><title>{} due {due}</title></path>",
            cy - 6.0,
            x + 6.0,
            cy + 6.0,
            x - 6.0,
            esc(label)
        );
        if x + text_w(label) + 14.0 > WIDTH - 4.0 {
            svg.text(x - 10.0, cy + 4.0, "end", "lbl", label);
        } else {
            svg.text(x + 10.0, cy + 4.0, "start", "lbl", label);
        }
    }
    legend(
        &mut svg,
        legend_y,
        &[
            ("c-crit", "critical chain"),
            ("c-bar", "other work"),
            ("c-summary", "parent task"),
            ("c-ms", "milestone due"),
            ("l-dep", "waits for"),
            ("l-same", "waits for the same person"),
            ("l-today", "today"),
        ],
    );
    let defs = "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0 L8 4 L0 8 Z\" class=\"c-crit\"/></marker></defs>";
    svg.body.insert_str(0, defs);
    svg.finish("gantt", "Plan: forecast start and finish of each task")
}

/// Milestones across projects: a row each, a diamond at the due date and a dot at the
/// forecast, joined by a line in the colour of its status; today's line.
pub fn timeline_svg(projects: &[ProjectReport], today: Date) -> String {
    let mut rows: Vec<(&ProjectReport, &cairn_core::report::MilestoneRow)> = projects
        .iter()
        .flat_map(|p| p.milestones.iter().map(move |m| (p, m)))
        .filter(|(_, m)| m.due.is_some() || m.forecast.is_some())
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    rows.sort_by_key(|(_, m)| m.due.or(m.forecast));
    let t = day_number(today);
    let (lo, hi) = span(
        rows.iter()
            .flat_map(|(_, m)| [m.due, m.forecast])
            .flatten()
            .map(day_number),
        t,
    );
    let label_w = 290.0;
    let scale = DateScale {
        lo,
        hi,
        left: label_w,
        right: WIDTH - 16.0,
    };
    let (row_h, top) = (22.0, 28.0);
    let bottom = top + row_h * rows.len() as f64;
    let mut svg = Svg::new(WIDTH, bottom + 56.0);
    let labels = scale.labels();
    for (x, _) in &labels {
        svg.line(*x, top - 4.0, *x, bottom, "grid");
    }
    axis_labels(&mut svg, &labels, 16.0, label_w, WIDTH - 10.0);
    for (n, (p, m)) in rows.iter().enumerate() {
        let y = top + row_h * n as f64 + row_h / 2.0;
        let label = fit(&format!("{} / {}", p.title, m.title), label_w - 12.0);
        let _ = write!(
            svg.body,
            "<a href=\"{}.html\"><text x=\"4\" y=\"{:.1}\" class=\"lbl link\">{}</text></a>",
            esc(&p.page),
            y + 4.0,
            esc(&label)
        );
        let class = format!(
            "s-{}",
            serde_json::to_value(m.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        );
        if let (Some(d), Some(f)) = (m.due, m.forecast) {
            let (a, b) = (scale.x(day_number(d)), scale.x(day_number(f)));
            let _ = write!(
                svg.body,
                "<line x1=\"{a:.1}\" y1=\"{y:.1}\" x2=\"{b:.1}\" y2=\"{y:.1}\" class=\"span {class}\"/>"
            );
        }
        if let Some(d) = m.due {
            let x = scale.x(day_number(d));
            let _ = write!(
                svg.body,
                "<path class=\"c-ms\" d=\"M{x:.1} {:.1} L{:.1} {y:.1} L{x:.1} {:.1} L{:.1} {y:.1} Z\"><title>{} / {} due {d}</title></path>",
                y - 6.0,
                x + 6.0,
                y + 6.0,
                x - 6.0,
                esc(&p.title),
                esc(&m.title)
            );
        }
        if let Some(f) = m.forecast {
            let x = scale.x(day_number(f));
            let _ = write!(
                svg.body,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" class=\"dot {class}\"><title>{} / {} forecast {f}</title></circle>",
                esc(&p.title),
                esc(&m.title)
            );
        }
    }
    let tx = scale.x(t);
    svg.line(tx, top - 6.0, tx, bottom, "today");
    legend(
        &mut svg,
        bottom + 24.0,
        &[
            ("c-ms", "due"),
            ("f-on-track", "forecast, on track"),
            ("f-at-risk", "at risk"),
            ("f-late", "late"),
            ("f-done", "done"),
            ("l-today", "today"),
        ],
    );
    svg.finish("timeline", "Milestones: due date and forecast")
}

/// The burn-up of a project: scope and done at the end of each week, and the forecast:
/// a dashed line from the last week's done to the scope at the forecast finish.
pub fn burnup_svg(points: &[BurnupPoint], forecast: Option<Date>) -> String {
    if points.iter().all(|p| p.scope == 0) {
        return String::new();
    }
    // A young plan: the chart starts the week before the first task, not with weeks of
    // nothing.
    let first = points.iter().position(|p| p.scope > 0).unwrap_or(0);
    let points = &points[first.saturating_sub(1)..];
    let days: Vec<i32> = points.iter().map(|p| day_number(p.end)).collect();
    let last = *days.last().unwrap_or(&0);
    let end = forecast
        .map(day_number)
        .filter(|f| *f > last)
        .map(|f| f.min(last + 3 * 366))
        .unwrap_or(last);
    let (left, right, top, bottom) = (44.0, WIDTH - 16.0, 12.0, 212.0);
    let scale = DateScale {
        lo: days[0],
        hi: end.max(days[0] + 7),
        left,
        right,
    };
    let max = points
        .iter()
        .map(|p| p.scope.max(p.done))
        .max()
        .unwrap_or(1) as f64;
    let mut svg = Svg::new(WIDTH, bottom + 64.0);
    let top_value = y_axis(&mut svg, max, left, right, top, bottom);
    let y = |v: f64| bottom - (bottom - top) * v / top_value;
    let labels = scale.labels();
    axis_labels(&mut svg, &labels, bottom + 18.0, left, right);
    for (name, class, values) in [
        (
            "scope",
            "l-scope",
            points.iter().map(|p| p.scope).collect::<Vec<_>>(),
        ),
        (
            "done",
            "l-done",
            points.iter().map(|p| p.done).collect::<Vec<_>>(),
        ),
    ] {
        let pts: Vec<String> = values
            .iter()
            .zip(&days)
            .map(|(v, d)| format!("{:.1},{:.1}", scale.x(*d), y(*v as f64)))
            .collect();
        let _ = write!(
            svg.body,
            "<polyline class=\"{class}\" points=\"{}\"><title>{name}</title></polyline>",
            pts.join(" ")
        );
    }
    if end > last
        && let Some(p) = points.last()
    {
        let _ = write!(
            svg.body,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"l-forecast\"><title>forecast finish {}</title></line>",
            scale.x(last),
            y(p.done as f64),
            scale.x(end),
            y(p.scope as f64),
            forecast.map(|f| f.to_string()).unwrap_or_default()
        );
    }
    legend(
        &mut svg,
        bottom + 44.0,
        &[
            ("l-scope", "scope (tasks)"),
            ("l-done", "done"),
            ("l-forecast", "forecast to finish"),
        ],
    );
    svg.finish("burnup", "Burn-up: scope and done tasks per week")
}

/// A goal fed by measurements: its values, the target as a line, the trend on from the
/// latest value to where it meets the target (or the due date), and the due date. Empty
/// without at least one measurement.
pub fn goal_svg(g: &GoalRow) -> String {
    let (Some(first), Some(last)) = (g.series.first(), g.series.last()) else {
        return String::new();
    };
    let d0 = day_number(first.0);
    let dl = day_number(last.0);
    // The trend's end: where it meets the target, else the due date, within a year on.
    let trend_end = match (g.trend_per_week, g.reached) {
        (Some(_), false) => g
            .reaches_target
            .or(g.due)
            .map(day_number)
            .filter(|d| *d > dl),
        _ => None,
    }
    .map(|d| d.min(dl + 366));
    let end = [
        Some(dl),
        trend_end,
        g.due.map(day_number).filter(|d| *d <= dl + 366),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(dl)
    .max(d0 + 7);
    let trend_value = |d: i32| last.1 + g.trend_per_week.unwrap_or(0.0) * f64::from(d - dl) / 7.0;
    let mut values: Vec<f64> = g.series.iter().map(|p| p.1).collect();
    values.extend(g.target);
    values.extend(g.baseline);
    if let Some(d) = trend_end {
        values.push(trend_value(d));
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.01).max(1e-9);
    let (lo, hi) = (lo - pad, hi + pad);
    let (left, right, top, bottom) = (56.0, WIDTH - 16.0, 12.0, 172.0);
    let scale = DateScale {
        lo: d0,
        hi: end,
        left,
        right,
    };
    let y = |v: f64| bottom - (bottom - top) * (v - lo) / (hi - lo);
    let mut svg = Svg::new(WIDTH, bottom + 64.0);
    // Round gridlines (1, 2 or 5 × 10ⁿ apart), three or four of them.
    let raw = (hi - lo) / 3.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut v = (lo / step).ceil() * step;
    while v <= hi && step > 0.0 {
        svg.line(left, y(v), right, y(v), "grid");
        svg.text(left - 6.0, y(v) + 4.0, "end", "axis", &num(v));
        v += step;
    }
    axis_labels(&mut svg, &scale.labels(), bottom + 18.0, left, right);
    let unit = g
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    if let Some(t) = g.target {
        let _ = write!(
            svg.body,
            "<line x1=\"{left:.1}\" y1=\"{0:.1}\" x2=\"{right:.1}\" y2=\"{0:.1}\" class=\"l-target\"><title>target {1}{2}</title></line>",
            y(t),
            esc(&num(t)),
            esc(&unit)
        );
    }
    if let Some(due) = g.due.map(day_number).filter(|d| *d <= end) {
        let x = scale.x(due);
        let _ = write!(
            svg.body,
            "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\" class=\"l-today\"><title>due {}</title></line>",
            day_date(due)
        );
    }
    let pts: Vec<String> = g
        .series
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", scale.x(day_number(*d)), y(*v)))
        .collect();
    let _ = write!(
        svg.body,
        "<polyline class=\"l-done\" points=\"{}\"><title>measurements</title></polyline>",
        pts.join(" ")
    );
    for (d, v) in &g.series {
        let _ = write!(
            svg.body,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" class=\"dot\"><title>{d}: {}{}</title></circle>",
            scale.x(day_number(*d)),
            y(*v),
            esc(&num(*v)),
            esc(&unit)
        );
    }
    if let Some(d) = trend_end {
        let _ = write!(
            svg.body,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"l-forecast\"><title>trend</title></line>",
            scale.x(dl),
            y(last.1),
            scale.x(d),
            y(trend_value(d))
        );
    }
    legend(
        &mut svg,
        bottom + 44.0,
        &[
            ("l-done", "measured"),
            ("l-target", "target"),
            ("l-forecast", "trend"),
            ("l-today", "due"),
        ],
    );
    svg.finish(
        "goal",
        &format!("{}: measurements, target and trend", g.title),
    )
}

/// Cumulative flow: a band per status over weeks, finished work at the bottom.
pub fn flow_svg(flow: &Flow, categories: &[String]) -> String {
    // The weeks from the one before the first task on (no run of empty weeks first).
    let first = flow
        .weeks
        .iter()
        .position(|w| w.counts.iter().any(|c| *c > 0))
        .unwrap_or(flow.weeks.len());
    if first == flow.weeks.len() {
        return String::new();
    }
    let trimmed = Flow {
        statuses: flow.statuses.clone(),
        categories: flow.categories.clone(),
        weeks: flow.weeks[first.saturating_sub(1)..].to_vec(),
    };
    let flow = &trimmed;
    let n = flow.weeks.len();
    if n == 0 || flow.statuses.is_empty() {
        return String::new();
    }
    let days: Vec<i32> = flow.weeks.iter().map(|w| day_number(w.end)).collect();
    let (left, right, top, bottom) = (52.0, WIDTH - 16.0, 12.0, 212.0);
    let scale = DateScale {
        lo: days[0],
        hi: (*days.last().unwrap_or(&days[0])).max(days[0] + 7),
        left,
        right,
    };
    let max = flow
        .weeks
        .iter()
        .map(|w| w.counts.iter().sum::<usize>())
        .max()
        .unwrap_or(1) as f64;
    let mut svg = Svg::new(WIDTH, bottom + 64.0);
    let top_value = y_axis(&mut svg, max, left, right, top, bottom);
    let y = |v: usize| bottom - (bottom - top) * v as f64 / top_value;
    // Finished statuses at the bottom, then active, then open on top.
    let order: Vec<usize> = {
        let rank = |k: usize| match categories.get(k).map(String::as_str) {
            Some("done") => 0,
            Some("cancelled") => 1,
            Some("active") => 2,
            _ => 3,
        };
        let mut o: Vec<usize> = (0..flow.statuses.len()).collect();
        o.sort_by_key(|&k| (rank(k), k));
        o
    };
    let mut nth: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut classes = vec![String::new(); flow.statuses.len()];
    for (k, class) in classes.iter_mut().enumerate() {
        let cat = categories.get(k).map(String::as_str).unwrap_or("open");
        let c = nth.entry(cat).or_default();
        *class = status_class(cat, *c);
        *c += 1;
    }
    let mut below = vec![0usize; n];
    for &k in &order {
        let upper: Vec<usize> = (0..n)
            .map(|i| below[i] + flow.weeks[i].counts.get(k).copied().unwrap_or(0))
            .collect();
        let mut pts: Vec<String> = (0..n)
            .map(|i| format!("{:.1},{:.1}", scale.x(days[i]), y(upper[i])))
            .collect();
        pts.extend(
            (0..n)
                .rev()
                .map(|i| format!("{:.1},{:.1}", scale.x(days[i]), y(below[i]))),
        );
        let _ = write!(
            svg.body,
            "<polygon class=\"band {}\" points=\"{}\"><title>{}</title></polygon>",
            classes[k],
            pts.join(" "),
            esc(&flow.statuses[k])
        );
        below = upper;
    }
    axis_labels(&mut svg, &scale.labels(), bottom + 18.0, left, right);
    let items: Vec<(&str, &str)> = order
        .iter()
        .rev()
        .map(|&k| (classes[k].as_str(), flow.statuses[k].as_str()))
        .collect();
    legend(&mut svg, bottom + 44.0, &items);
    svg.finish(
        "cfd",
        "Cumulative flow: tasks per status at the end of each week",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(47.0, 4), [0.0, 20.0, 40.0, 60.0]);
        assert_eq!(ticks(3.0, 4), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(1000.0, 4), [0.0, 500.0, 1000.0]);
    }

    #[test]
    fn labels_are_cut_at_a_word() {
        assert_eq!(
            fit("T-14 Migration script from WordPress to Sanity", 200.0),
            "T-14 Migration script…"
        );
        assert_eq!(fit("short", 200.0), "short");
    }
}
