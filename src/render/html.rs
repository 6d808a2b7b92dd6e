//! The SVG charts of the HTML dashboard (`cairn report --html`), drawn from the report's
//! data; the pages around them come from templates (`render::report`). Every piece of user
//! text in a chart goes through [`esc`].

use cairn_core::analyze::schedule::{PersonLoad, day_date, day_number};
use cairn_core::report::{BurnupPoint, Flow, PlanRow};
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

/// A Gantt chart: a bar per task (`class="bar"`, critical ones also `crit`), a line for
/// today and a diamond per milestone due date.
pub fn gantt_svg(rows: &[&PlanRow], milestones: &[(String, Date)], today: Date) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let days: Vec<(i32, i32)> = rows
        .iter()
        .map(|r| (day_number(r.start), day_number(r.finish)))
        .collect();
    let today = day_number(today);
    let lo = days
        .iter()
        .map(|d| d.0)
        .chain(milestones.iter().map(|m| day_number(m.1)))
        .min()
        .unwrap_or(today)
        .min(today);
    let hi = days
        .iter()
        .map(|d| d.1)
        .chain(milestones.iter().map(|m| day_number(m.1)))
        .max()
        .unwrap_or(today)
        .max(lo + 7);
    // The axis covers what a plan can mean around today: a year back, three ahead. A date
    // in 9999 must not draw a tick a month to it.
    let lo = lo.max(today - 366);
    let hi = hi.min(today + 3 * 366).max(lo + 7);
    let label_w = 260.0;
    let day_w = (760.0 / f64::from(hi - lo + 1)).clamp(2.0, 24.0);
    let row_h = 18.0;
    let top = 24.0;
    let width = label_w + day_w * f64::from(hi - lo + 1) + 20.0;
    let height = top + row_h * (rows.len() as f64) + 30.0;
    let x = |d: i32| label_w + day_w * f64::from(d - lo);
    let mut s = format!(
        "<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"Gantt chart\">"
    );
    // Month ticks.
    let mut d = lo;
    while d <= hi {
        let date = day_date(d);
        if date.day() == 1 || d == lo {
            let _ = write!(
                s,
                "<line x1=\"{0:.1}\" y1=\"{top}\" x2=\"{0:.1}\" y2=\"{1:.0}\" stroke=\"#d1d9e0\"/><text x=\"{0:.1}\" y=\"14\">{2}</text>",
                x(d),
                height - 24.0,
                date.strftime("%b %d")
            );
        }
        d += 1;
    }
    for (n, r) in rows.iter().enumerate() {
        let y = top + row_h * n as f64;
        let x0 = x(day_number(r.start).clamp(lo, hi));
        let w = (x(day_number(r.finish).clamp(lo, hi) + 1) - x0).max(2.0);
        let label: String = format!("{} {}", r.id, r.title).chars().take(42).collect();
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{:.1}\">{}</text><rect class=\"bar{}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{}\" opacity=\"{}\"><title>{}: {} to {}</title></rect>",
            y + 12.0,
            esc(&label),
            if r.critical { " crit" } else { "" },
            y + 3.0,
            row_h - 6.0,
            if r.critical { "#cf222e" } else { "#0969da" },
            if r.active { "1" } else { "0.75" },
            esc(&format!("{} {}", r.id, r.title)),
            r.start,
            r.finish
        );
    }
    for (name, due) in milestones {
        let d = day_number(*due);
        if d < lo || d > hi {
            continue;
        }
        let cx = x(d) + day_w / 2.0;
        let cy = height - 18.0;
        let _ = write!(
            s,
            "<path class=\"milestone\" d=\"M{cx:.1} {:.1} L{:.1} {cy:.1} L{cx:.1} {:.1} L{:.1} {cy:.1} Z\" fill=\"#8250df\"><title>{} due {due}</title></path>",
            cy - 6.0,
            cx + 6.0,
            cy + 6.0,
            cx - 6.0,
            esc(name)
        );
    }
    let tx = x(today);
    let _ = write!(
        s,
        "<line class=\"today\" x1=\"{tx:.1}\" y1=\"{top}\" x2=\"{tx:.1}\" y2=\"{:.0}\" stroke=\"#1a7f37\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.0}\" fill=\"#1a7f37\">today</text></svg>",
        height - 24.0,
        tx + 3.0,
        top + 10.0
    );
    s
}

/// Week labels under a chart, at most about a dozen.
fn x_labels(s: &mut String, labels: &[String], left: f64, step: f64, y: f64) {
    let n = labels.len();
    for (i, l) in labels.iter().enumerate() {
        if n <= 13 || i % (n / 12 + 1) == 0 {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{y}\">{}</text>",
                left + step * i as f64 - 12.0,
                esc(l)
            );
        }
    }
}

/// Lines over weeks: burn-up (scope and done) with a point per week.
fn lines_svg(class: &str, labels: &[String], series: &[(&str, &str, Vec<usize>)]) -> String {
    let n = labels.len();
    if n == 0 {
        return String::new();
    }
    let max = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().copied())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (w, h, left, bottom) = (720.0, 240.0, 44.0, 24.0);
    let step = (w - left - 10.0) / (n.max(2) - 1) as f64;
    let y = |v: usize| 10.0 + (h - bottom - 10.0) * (1.0 - v as f64 / max);
    let mut s = format!(
        "<svg class=\"{class}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{class}\">"
    );
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#d1d9e0\"/><text x=\"4\" y=\"14\">{max}</text><text x=\"4\" y=\"{0}\">0</text>",
        h - bottom,
        w - 10.0
    );
    x_labels(&mut s, labels, left, step, h - 6.0);
    for (name, color, v) in series {
        let pts: Vec<String> = v
            .iter()
            .enumerate()
            .map(|(i, &val)| format!("{:.1},{:.1}", left + step * i as f64, y(val)))
            .collect();
        let _ = write!(
            s,
            "<polyline class=\"series\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>",
            pts.join(" "),
            esc(name)
        );
    }
    s.push_str("</svg>");
    s
}

/// Cumulative flow: stacked bands per status over weeks.
fn cfd_svg(labels: &[String], statuses: &[String], counts: &[Vec<usize>]) -> String {
    let n = labels.len();
    if n == 0 || statuses.is_empty() {
        return String::new();
    }
    let totals: Vec<usize> = counts.iter().map(|c| c.iter().sum()).collect();
    let max = totals.iter().copied().max().unwrap_or(1).max(1) as f64;
    let (w, h, left, bottom) = (720.0, 240.0, 44.0, 24.0);
    let step = (w - left - 10.0) / (n.max(2) - 1) as f64;
    let y = |v: usize| 10.0 + (h - bottom - 10.0) * (1.0 - v as f64 / max);
    let colors = [
        "#8c959f", "#0969da", "#bf8700", "#1a7f37", "#cf222e", "#8250df", "#57606a",
    ];
    let mut s = format!(
        "<svg class=\"cfd\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"cumulative flow\">"
    );
    // Bands from the top status down, so done lies at the bottom.
    let mut below = vec![0usize; n];
    for (k, status) in statuses.iter().enumerate().rev() {
        let upper: Vec<usize> = (0..n)
            .map(|i| below[i] + counts[i].get(k).copied().unwrap_or(0))
            .collect();
        let mut pts: Vec<String> = (0..n)
            .map(|i| format!("{:.1},{:.1}", left + step * i as f64, y(upper[i])))
            .collect();
        pts.extend(
            (0..n)
                .rev()
                .map(|i| format!("{:.1},{:.1}", left + step * i as f64, y(below[i]))),
        );
        let _ = write!(
            s,
            "<polygon class=\"band\" fill=\"{}\" opacity=\"0.8\" points=\"{}\"><title>{}</title></polygon>",
            colors[k % colors.len()],
            pts.join(" "),
            esc(status)
        );
        below = upper;
    }
    x_labels(&mut s, labels, left, step, h - 6.0);
    s.push_str("</svg>");
    s
}

/// Workload heatmap: a cell per person and week, shaded by demand over availability.
pub fn heatmap_svg(loads: &[PersonLoad]) -> String {
    let Some(first) = loads.first() else {
        return String::new();
    };
    let (cw, ch, left, top) = (90.0, 22.0, 110.0, 20.0);
    let w = left + cw * first.weeks.len() as f64 + 10.0;
    let h = top + ch * loads.len() as f64 + 6.0;
    let mut s = format!(
        "<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"workload\">"
    );
    for (j, wk) in first.weeks.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"14\">{}</text>",
            left + cw * j as f64 + 4.0,
            esc(&wk.week)
        );
    }
    for (i, p) in loads.iter().enumerate() {
        let y = top + ch * i as f64;
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{:.1}\">{}</text>",
            y + 15.0,
            esc(&p.id)
        );
        for (j, wk) in p.weeks.iter().enumerate() {
            let ratio = if wk.available_hours > 0.0 {
                wk.demand_hours / wk.available_hours
            } else if wk.demand_hours > 0.0 {
                2.0
            } else {
                0.0
            };
            let fill = if ratio > 1.0 {
                "#cf222e"
            } else if ratio > 0.8 {
                "#bf8700"
            } else if ratio > 0.0 {
                "#54aeff"
            } else {
                "#eaeef2"
            };
            let _ = write!(
                s,
                "<rect class=\"cell{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{} {}: {:.0}h of {:.0}h</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{:.0}/{:.0}</text>",
                if wk.over_capacity { " over" } else { "" },
                left + cw * j as f64,
                y + 2.0,
                cw - 4.0,
                ch - 4.0,
                esc(&p.id),
                esc(&wk.week),
                wk.demand_hours,
                wk.available_hours,
                left + cw * j as f64 + 6.0,
                y + 15.0,
                wk.demand_hours,
                wk.available_hours
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The burn-up of a project: scope and done at the end of each week; empty without data.
pub fn burnup_svg(points: &[BurnupPoint]) -> String {
    if points.iter().all(|p| p.scope == 0) {
        return String::new();
    }
    let labels: Vec<String> = points
        .iter()
        .map(|p| p.end.strftime("%m-%d").to_string())
        .collect();
    lines_svg(
        "burnup",
        &labels,
        &[
            ("scope", "#8c959f", points.iter().map(|p| p.scope).collect()),
            ("done", "#1a7f37", points.iter().map(|p| p.done).collect()),
        ],
    )
}

/// Cumulative flow: a band per status, done at the bottom.
pub fn flow_svg(flow: &Flow) -> String {
    let labels: Vec<String> = flow
        .weeks
        .iter()
        .map(|w| w.end.strftime("%m-%d").to_string())
        .collect();
    let counts: Vec<Vec<usize>> = flow.weeks.iter().map(|w| w.counts.clone()).collect();
    cfd_svg(&labels, &flow.statuses, &counts)
}
