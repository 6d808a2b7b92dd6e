//! The report pages: Markdown for the repository and the HTML dashboard, both from
//! templates (embedded from `templates/`, overridable in `.cairn/templates/`) drawn with
//! the report's data. One engine for both, so a team customises either the same way;
//! values are escaped for the page they go into (Markdown or HTML), and only charts drawn
//! here are passed in as safe.

use super::html;
use super::mermaid::{self, Marker};
use cairn_core::analyze::schedule::ScheduleStatus;
use cairn_core::report::{ProjectReport, Report, chart_rows};
use cairn_core::text::template::{Escape, REPORT_FUEL, TemplateError, Templates};
use minijinja::{Value, context};
use std::path::Path;

/// Tasks drawn in a Markdown project page's Gantt chart (critical ones first). GitHub
/// renders Mermaid up to 50,000 characters.
pub const MAX_GANTT_ROWS: usize = 80;
/// Rows of a Markdown project page's plan table.
pub const MAX_PLAN_ROWS: usize = 300;
/// Bars in one HTML Gantt chart.
pub const MAX_GANTT_BARS: usize = 150;

pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "report-footer.md",
        include_str!("../../templates/report-footer.md"),
    ),
    (
        "report-readme.md",
        include_str!("../../templates/report-readme.md"),
    ),
    (
        "report-project.md",
        include_str!("../../templates/report-project.md"),
    ),
    (
        "report-people.md",
        include_str!("../../templates/report-people.md"),
    ),
    (
        "report-decisions.md",
        include_str!("../../templates/report-decisions.md"),
    ),
    (
        "report-actions.md",
        include_str!("../../templates/report-actions.md"),
    ),
    (
        "report-style.css",
        include_str!("../../templates/report-style.css"),
    ),
    (
        "report-base.html",
        include_str!("../../templates/report-base.html"),
    ),
    (
        "report-index.html",
        include_str!("../../templates/report-index.html"),
    ),
    (
        "report-project.html",
        include_str!("../../templates/report-project.html"),
    ),
    (
        "report-people.html",
        include_str!("../../templates/report-people.html"),
    ),
    (
        "report-person.html",
        include_str!("../../templates/report-person.html"),
    ),
    (
        "report-decisions.html",
        include_str!("../../templates/report-decisions.html"),
    ),
    (
        "report-actions.html",
        include_str!("../../templates/report-actions.html"),
    ),
    (
        "report-board.html",
        include_str!("../../templates/report-board.html"),
    ),
    (
        "report-view.html",
        include_str!("../../templates/report-view.html"),
    ),
];

/// One page to write: its path inside the reports folder, its template and its context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Value,
}

fn project_markdown(r: &Report, p: &ProjectReport) -> Page {
    let chart = chart_rows(&p.plan, MAX_GANTT_ROWS);
    let markers: Vec<Marker> = p
        .milestones
        .iter()
        .filter_map(|m| {
            Some(Marker {
                name: format!("{}/{}", p.id, m.title),
                due: m.due?,
                slipping: matches!(m.status, ScheduleStatus::AtRisk | ScheduleStatus::Late),
            })
        })
        .collect();
    let gantt = if p.plan.is_empty() {
        String::new()
    } else {
        mermaid::gantt(&r.generated.workspace, &chart, &markers)
    };
    Page {
        path: format!("{}.md", p.page),
        template: "report-project.md",
        context: context! {
            generated => &r.generated,
            project => p,
            plan_rows => &p.plan[..p.plan.len().min(MAX_PLAN_ROWS)],
            plan_more => p.plan.len().saturating_sub(MAX_PLAN_ROWS),
            gantt => Value::from_safe_string(gantt),
            gantt_more => p.plan.len() - chart.len(),
            burnup_chart => Value::from_safe_string(mermaid::burnup(&p.title, &p.burnup)),
        },
    }
}

/// The Markdown pages: a portfolio, one page per project, workload, decisions, actions.
pub fn markdown_pages(r: &Report) -> Vec<Page> {
    let mut pages = vec![Page {
        path: "README.md".into(),
        template: "report-readme.md",
        context: context! { generated => &r.generated, projects => &r.projects },
    }];
    pages.extend(r.projects.iter().map(|p| project_markdown(r, p)));
    let weeks: Vec<&str> = r
        .workload
        .first()
        .map(|l| l.weeks.iter().map(|w| w.week.as_str()).collect())
        .unwrap_or_default();
    pages.push(Page {
        path: "people.md".into(),
        template: "report-people.md",
        context: context! { generated => &r.generated, weeks => weeks, workload => &r.workload },
    });
    pages.push(Page {
        path: "decisions.md".into(),
        template: "report-decisions.md",
        context: context! { generated => &r.generated, decisions => &r.decisions },
    });
    pages.push(Page {
        path: "actions.md".into(),
        template: "report-actions.md",
        context: context! { generated => &r.generated, actions => &r.actions },
    });
    pages
}

/// One open action item on the dashboard's list, with its person's page.
#[derive(serde::Serialize)]
struct ActionLine<'a> {
    person: &'a str,
    page: String,
    #[serde(flatten)]
    item: &'a cairn_core::report::ActionItem,
}

/// The HTML dashboard's pages, relative to its folder: the portfolio, a page per
/// project and per person, people, decisions, action items and the board.
pub fn html_pages(r: &Report) -> Vec<Page> {
    let people: std::collections::HashMap<&str, &str> = r
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.page.as_str()))
        .collect();
    let person_page = |id: &str| people.get(id).map(|p| (*p).to_owned());
    let heatmap = html::heatmap_svg(&r.workload, person_page);
    let mut pages = vec![Page {
        path: "index.html".into(),
        template: "report-index.html",
        context: context! {
            generated => &r.generated,
            projects => &r.projects,
            attention => &r.attention,
            charts => context! {
                timeline => Value::from_safe_string(html::timeline_svg(&r.projects, r.generated.today)),
                workload => Value::from_safe_string(heatmap.clone()),
                flow => Value::from_safe_string(
                    r.flow.as_ref().map(|f| html::flow_svg(f, &f.categories)).unwrap_or_default()
                ),
            },
        },
    }];
    for p in &r.projects {
        let chart = chart_rows(&p.plan, MAX_GANTT_BARS);
        let marks: Vec<(String, jiff::civil::Date)> = p
            .milestones
            .iter()
            .filter_map(|m| Some((m.title.clone(), m.due?)))
            .collect();
        pages.push(Page {
            path: format!("{}.html", p.page),
            template: "report-project.html",
            context: context! {
                generated => &r.generated,
                project => p,
                gantt_more => p.plan.len() > chart.len(),
                gantt_shown => chart.len(),
                charts => context! {
                    gantt => Value::from_safe_string(html::gantt_svg(&chart, &marks, r.generated.today)),
                    burnup => Value::from_safe_string(html::burnup_svg(&p.burnup, p.forecast)),
                    goals => p
                        .goals
                        .iter()
                        .map(|g| (g.id.clone(), Value::from_safe_string(html::goal_svg(g))))
                        .filter(|(_, svg)| !svg.as_str().unwrap_or_default().is_empty())
                        .collect::<std::collections::BTreeMap<_, _>>(),
                },
            },
        });
    }
    pages.push(Page {
        path: "people.html".into(),
        template: "report-people.html",
        context: context! {
            generated => &r.generated,
            people => &r.people,
            charts => context! { workload => Value::from_safe_string(heatmap) },
        },
    });
    for person in &r.people {
        pages.push(Page {
            path: format!("{}.html", person.page),
            template: "report-person.html",
            context: context! { generated => &r.generated, person => person },
        });
    }
    pages.push(Page {
        path: "decisions.html".into(),
        template: "report-decisions.html",
        context: context! { generated => &r.generated, decisions => &r.decisions },
    });
    let mut actions: Vec<ActionLine> = r
        .actions
        .iter()
        .flat_map(|pa| {
            let page = person_page(&pa.person).unwrap_or_else(|| "people".into());
            pa.items.iter().map(move |i| ActionLine {
                person: &pa.person,
                page: page.clone(),
                item: i,
            })
        })
        .collect();
    actions.sort_by_key(|a| {
        (
            a.item.due.is_none(),
            a.item.due,
            a.person,
            &a.item.meeting,
            a.item.number,
        )
    });
    pages.push(Page {
        path: "actions.html".into(),
        template: "report-actions.html",
        context: context! { generated => &r.generated, actions => actions },
    });
    pages.push(Page {
        path: "board.html".into(),
        template: "report-board.html",
        context: context! { generated => &r.generated, board => &r.board },
    });
    for v in &r.views {
        pages.push(Page {
            path: format!("{}.html", v.page),
            template: "report-view.html",
            context: context! { generated => &r.generated, view => v },
        });
    }
    pages
}

/// Renders a page with the workspace's template overrides.
pub fn render(workspace: &Path, page: &Page) -> Result<String, TemplateError> {
    let escape = if page.template.ends_with(".html") {
        Escape::Html
    } else {
        Escape::Markdown
    };
    Templates {
        embedded: TEMPLATES,
        workspace: Some(workspace),
        fuel: REPORT_FUEL,
    }
    .render(page.template, &page.context, escape, filters)
}

/// A schedule status in words, with how late when `late_by` says (`at risk: 3 working
/// days late`), and an icon with `mark`.
fn status_words(s: &str, mark: bool, late_by: Option<u32>) -> String {
    use cairn_core::analyze::schedule::ScheduleStatus;
    let status = match s {
        "done" => Some(ScheduleStatus::Done),
        "on-track" => Some(ScheduleStatus::OnTrack),
        "at-risk" => Some(ScheduleStatus::AtRisk),
        "late" => Some(ScheduleStatus::Late),
        _ => None,
    };
    let icon = match status {
        Some(ScheduleStatus::Done) => "✅",
        Some(ScheduleStatus::OnTrack) => "🟢",
        Some(ScheduleStatus::AtRisk) => "🟠",
        Some(ScheduleStatus::Late) => "🔴",
        None => "",
    };
    let words = status.map_or_else(|| s.to_owned(), |st| st.with_lateness(late_by));
    if mark {
        format!("{icon} {words}")
    } else {
        words.to_owned()
    }
}

/// The filters report templates use.
fn filters(env: &mut minijinja::Environment<'_>) {
    env.add_filter("pct", |f: f64| (f.clamp(0.0, 1.0) * 100.0).round() as u32);
    env.add_filter("bar", |f: f64, width: Option<usize>| {
        super::term::progress_bar(f, width.unwrap_or(10))
    });
    env.add_filter("date", |v: Value| {
        if v.is_none() || v.is_undefined() {
            "—".to_owned()
        } else {
            v.to_string()
        }
    });
    // How late, as a class the style colours: within a week, a month, or more.
    env.add_filter("lateness", |late_by: Option<u32>| match late_by {
        Some(1..=5) => "l-week",
        Some(6..=21) => "l-month",
        Some(n) if n > 21 => "l-more",
        _ => "l-none",
    });
    env.add_filter(
        "status",
        |s: String, mark: Option<bool>, late_by: Option<u32>| {
            status_words(&s, mark.unwrap_or(true), late_by)
        },
    );
    env.add_filter("people", |v: Vec<String>| {
        v.iter()
            .map(|p| format!("@{p}"))
            .collect::<Vec<_>>()
            .join(", ")
    });
    env.add_filter("signed", |v: Option<i64>| {
        v.map_or_else(|| "—".to_owned(), |n| format!("{n:+}"))
    });
    env.add_filter("hours", |h: f64| cairn_core::model::format_hours(h));
    env.add_filter("num", |v: Option<f64>| {
        v.map(cairn_core::model::format_number).unwrap_or_default()
    });
    // Text with ISO dates kept whole on a narrow screen: each date in a `nowrap` span.
    env.add_filter("dated", |text: String| {
        let esc = super::html::esc(&text);
        let b = esc.as_bytes();
        let mut out = String::with_capacity(esc.len() + 32);
        let mut i = 0;
        while i < esc.len() {
            let is_date = i + 10 <= b.len()
                && b[i..i + 10].iter().enumerate().all(|(k, c)| {
                    if k == 4 || k == 7 {
                        *c == b'-'
                    } else {
                        c.is_ascii_digit()
                    }
                })
                && (i == 0 || !b[i - 1].is_ascii_digit())
                && (i + 10 == b.len() || !b[i + 10].is_ascii_digit());
            if is_date {
                out.push_str("<span class=\"date\">");
                out.push_str(&esc[i..i + 10]);
                out.push_str("</span>");
                i += 10;
            } else {
                let c = esc[i..].chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
        Value::from_safe_string(out)
    });
    env.add_filter("meter", |f: f64| {
        let pct = (f.clamp(0.0, 1.0) * 100.0).round();
        Value::from_safe_string(format!(
            "<div class=\"progress\" role=\"img\" aria-label=\"{pct}%\"><span style=\"width:{pct}%\"></span></div>"
        ))
    });
}

/// Every page of the reports: the Markdown ones, and with `html` the dashboard's under
/// `site/`.
pub fn pages(r: &Report, html: bool) -> Vec<Page> {
    let mut pages = markdown_pages(r);
    if html {
        pages.extend(html_pages(r).into_iter().map(|mut p| {
            p.path = format!("site/{}", p.path);
            p
        }));
    }
    pages
}

/// Every page drawn: its path and text; else the page that failed and why.
pub fn render_all(
    workspace: &Path,
    pages: &[Page],
) -> Result<Vec<(String, String)>, (String, TemplateError)> {
    pages
        .iter()
        .map(|p| {
            render(workspace, p)
                .map(|text| (p.path.clone(), text))
                .map_err(|e| (p.path.clone(), e))
        })
        .collect()
}

/// `report --context`: what each page's template can use (docs/json.md).
#[derive(serde::Serialize)]
pub struct ContextJson<'a> {
    version: u32,
    pages: std::collections::BTreeMap<&'a str, PageJson<'a>>,
}

#[derive(serde::Serialize)]
struct PageJson<'a> {
    template: &'a str,
    context: &'a minijinja::Value,
}

pub fn context_json(pages: &[Page]) -> ContextJson<'_> {
    ContextJson {
        version: 1,
        pages: pages
            .iter()
            .map(|p| {
                (
                    p.path.as_str(),
                    PageJson {
                        template: p.template,
                        context: &p.context,
                    },
                )
            })
            .collect(),
    }
}
