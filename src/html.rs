//! The static HTML dashboard (`cairn report --html`): one `index.html` and a page per
//! project, self-contained (inline CSS and SVG drawn here; no scripts, fonts or network),
//! readable on a phone and printable. Every piece of user text goes through [`esc`].

use crate::model::{StatusCategory, Workspace};
use crate::report::{chart_rows, page_name, project_rows};
use crate::schedule::{self, Forecast, ScheduleStatus};
use jiff::civil::Date;
use std::fmt::Write as _;

/// Tasks drawn in one Gantt chart (critical first, then the earliest).
pub const MAX_GANTT_BARS: usize = 150;

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

const CSS: &str = r#"
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--ok:#1a7f37;--risk:#bf8700;--late:#cf222e;--bar:#0969da;--crit:#cf222e;--done:#8c959f}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid var(--line);padding-bottom:.2em}
a{color:var(--bar)}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
.progress{background:#eaeef2;border-radius:4px;height:10px;min-width:80px}
.progress>span{display:block;height:100%;border-radius:4px;background:var(--bar)}
.s-on-track{color:var(--ok)}.s-at-risk{color:var(--risk)}.s-late{color:var(--late)}.s-done{color:var(--done)}
.chart{overflow-x:auto;border:1px solid var(--line);border-radius:6px;padding:4px;margin:.5em 0}
svg text{font:11px system-ui,sans-serif;fill:var(--fg)}
.muted{color:var(--muted)}
footer{color:var(--muted);font-size:.85em;margin:2em 0 1em}
@media (max-width:640px){body{font-size:14px}th,td{padding:3px 4px}.hide-narrow{display:none}}
@media print{main{max-width:none}a{color:inherit;text-decoration:none}.chart{overflow:visible;border:0}h2{break-after:avoid}tr,svg{break-inside:avoid}}
"#;

fn page(title: &str, body: &str, footer: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n<footer>{footer}</footer>\n</main>\n</body>\n</html>\n",
        esc(title)
    )
}

fn status_class(s: ScheduleStatus) -> (&'static str, &'static str) {
    match s {
        ScheduleStatus::Done => ("s-done", "done"),
        ScheduleStatus::OnTrack => ("s-on-track", "on track"),
        ScheduleStatus::AtRisk => ("s-at-risk", "at risk"),
        ScheduleStatus::Late => ("s-late", "late"),
    }
}

fn bar(f: f64) -> String {
    let pct = (f.clamp(0.0, 1.0) * 100.0).round();
    format!(
        "<div class=\"progress\" role=\"img\" aria-label=\"{pct}%\"><span style=\"width:{pct}%\"></span></div>"
    )
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

/// A Gantt chart: a bar per task (`class="bar"`, critical ones also `crit`), a line for
/// today and a diamond per milestone due date.
pub fn gantt_svg(
    ws: &Workspace,
    fc: &Forecast,
    rows: &[usize],
    milestones: &[(String, Date)],
) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let days: Vec<(i32, i32)> = rows
        .iter()
        .filter_map(|&i| fc.tasks[i].as_ref())
        .map(|f| (f.start.day, f.finish.day))
        .collect();
    let today = schedule::day_number(fc.today);
    let lo = days
        .iter()
        .map(|d| d.0)
        .chain(milestones.iter().map(|m| schedule::day_number(m.1)))
        .min()
        .unwrap_or(today)
        .min(today);
    let hi = days
        .iter()
        .map(|d| d.1)
        .chain(milestones.iter().map(|m| schedule::day_number(m.1)))
        .max()
        .unwrap_or(today)
        .max(lo + 7);
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
        let date = schedule::day_date(d);
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
    for (n, &i) in rows.iter().enumerate() {
        let Some(f) = fc.tasks[i].as_ref() else {
            continue;
        };
        let t = &ws.tasks[i];
        let y = top + row_h * n as f64;
        let crit = fc.critical[i];
        let active = ws.category(t) == Some(StatusCategory::Active);
        let x0 = x(f.start.day);
        let w = (x(f.finish.day + 1) - x0).max(2.0);
        let label: String = format!("{} {}", t.id.value, t.title)
            .chars()
            .take(42)
            .collect();
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{:.1}\">{}</text><rect class=\"bar{}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{}\" opacity=\"{}\"><title>{}: {} to {}</title></rect>",
            y + 12.0,
            esc(&label),
            if crit { " crit" } else { "" },
            y + 3.0,
            row_h - 6.0,
            if crit { "#cf222e" } else { "#0969da" },
            if active { "1" } else { "0.75" },
            esc(&format!("{} {}", t.id.value, t.title)),
            f.start.date(),
            f.finish.date()
        );
    }
    for (name, due) in milestones {
        let d = schedule::day_number(*due);
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
fn heatmap_svg(loads: &[schedule::PersonLoad]) -> String {
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

/// The site's files, relative to its folder.
pub fn site(
    ws: &Workspace,
    fc: &Forecast,
    today: Date,
    commit: Option<&str>,
    history: Option<&crate::history::History>,
) -> Vec<(String, String)> {
    let footer = format!(
        "Generated by cairn{} for {today}.",
        commit
            .map(|c| format!(" from commit {}", esc(c)))
            .unwrap_or_default()
    );
    let mut files = Vec::new();

    // Index: portfolio, workload, flow.
    let mut body = format!(
        "<h1>{}</h1>\n<h2>Projects</h2>\n<table><thead><tr><th>Project</th><th>Progress</th><th class=\"num\">%</th><th>Status</th><th class=\"hide-narrow\">Forecast</th><th class=\"hide-narrow\">Due</th></tr></thead><tbody>",
        esc(&ws.config.name)
    );
    for pf in &fc.projects {
        let p = &ws.projects[pf.project];
        let r = &pf.rollup;
        let (cls, word) = status_class(r.status);
        let _ = write!(
            body,
            "<tr><td><a href=\"{}.html\">{}</a></td><td>{}</td><td class=\"num\">{:.0}</td><td class=\"{cls}\">{word}</td><td class=\"hide-narrow\">{}</td><td class=\"hide-narrow\">{}</td></tr>",
            page_name(&p.id.value),
            esc(&p.title),
            bar(r.progress),
            r.progress * 100.0,
            date(r.forecast_finish),
            date(r.due)
        );
    }
    body.push_str("</tbody></table>\n<h2>Workload</h2>\n<p class=\"muted\">Hours demanded by due dates over hours available, per person and ISO week; red is over capacity.</p>\n<div class=\"chart\">");
    body.push_str(&heatmap_svg(&schedule::workload(ws, fc, 6)));
    body.push_str("</div>\n");
    if let Some(h) = history.filter(|h| !h.intervals.is_empty()) {
        let labels: Vec<String> = h
            .intervals
            .iter()
            .map(|i| i.end.strftime("%m-%d").to_string())
            .collect();
        let counts: Vec<Vec<usize>> = h
            .intervals
            .iter()
            .map(|i| {
                h.statuses
                    .iter()
                    .map(|s| i.by_status.get(s).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        body.push_str("<h2>Cumulative flow</h2>\n<div class=\"chart\">");
        body.push_str(&cfd_svg(&labels, &h.statuses, &counts));
        body.push_str("</div>\n<p class=\"muted\">");
        body.push_str(
            &h.statuses
                .iter()
                .map(|s| esc(s))
                .collect::<Vec<_>>()
                .join(" · "),
        );
        body.push_str("</p>\n");
    }
    files.push((
        "index.html".to_owned(),
        page(&ws.config.name, &body, &footer),
    ));

    for pf in &fc.projects {
        let p = &ws.projects[pf.project];
        let r = &pf.rollup;
        let (cls, word) = status_class(r.status);
        let mut body = format!(
            "<p><a href=\"index.html\">← {}</a></p>\n<h1>{}</h1>\n<p>{} <span class=\"{cls}\">{word}</span> · {:.0}% · forecast {} · due {}</p>\n",
            esc(&ws.config.name),
            esc(&p.title),
            bar(r.progress),
            r.progress * 100.0,
            date(r.forecast_finish),
            date(r.due)
        );
        let rows = project_rows(ws, fc, &p.id.value);
        let chart = chart_rows(fc, &rows, MAX_GANTT_BARS);
        let ms: Vec<(String, Date)> = p
            .milestones
            .iter()
            .filter_map(|m| m.due.as_ref().map(|d| (m.title.clone(), d.value)))
            .collect();
        body.push_str("<h2>Plan</h2>\n<div class=\"chart\">");
        body.push_str(&gantt_svg(ws, fc, &chart, &ms));
        body.push_str("</div>\n");
        if rows.len() > chart.len() {
            let _ = writeln!(
                body,
                "<p class=\"muted\">The chart shows the critical chain and the earliest {} of {} unfinished tasks.</p>",
                chart.len(),
                rows.len()
            );
        }
        body.push_str("<h2>Milestones</h2>\n<table><thead><tr><th>Milestone</th><th>Progress</th><th>Status</th><th>Forecast</th><th>Due</th></tr></thead><tbody>");
        for m in fc.milestones.iter().filter(|m| m.project == pf.project) {
            let ms = &p.milestones[m.milestone];
            let (cls, word) = status_class(m.rollup.status);
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td class=\"{cls}\">{word}</td><td>{}</td><td>{}</td></tr>",
                esc(&ms.title),
                bar(m.rollup.progress),
                date(m.rollup.forecast_finish),
                date(m.rollup.due)
            );
        }
        body.push_str("</tbody></table>\n");
        if let Some(h) = history {
            let labels: Vec<String> = h
                .intervals
                .iter()
                .map(|i| i.end.strftime("%m-%d").to_string())
                .collect();
            let get = |k: usize| -> Vec<usize> {
                h.intervals
                    .iter()
                    .map(|i| i.by_project.get(&p.id.value).map_or(0, |v| v[k]))
                    .collect()
            };
            let scope = get(0);
            if scope.iter().any(|&v| v > 0) {
                body.push_str("<h2>Burn-up</h2>\n<div class=\"chart\">");
                body.push_str(&lines_svg(
                    "burnup",
                    &labels,
                    &[("scope", "#8c959f", scope), ("done", "#1a7f37", get(1))],
                ));
                body.push_str("</div>\n<p class=\"muted\">Grey: scope; green: done, at the end of each week.</p>\n");
            }
        }
        files.push((
            format!("{}.html", page_name(&p.id.value)),
            page(&p.title, &body, &footer),
        ));
    }
    files
}
