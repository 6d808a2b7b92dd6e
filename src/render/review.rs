//! The review of a change, as Markdown for a pull-request comment or text for a terminal.
//! Every piece of user text goes through `escape::markdown` or [`md_code`].

use crate::render::ci::{Links, repo_path};
use cairn_core::analyze::review::{FieldChange, ForecastChange, Review, TaskLine};
use cairn_core::diag::{Diagnostic, Severity};
use cairn_core::text::escape::{code_span, markdown_with_code, term};

/// Longest piece of user text one line of a review shows; longer is cut with `…`, so one
/// huge title cannot push everything after it (the findings) out of the comment.
pub const MAX_ITEM_CHARS: usize = 300;

/// User text for a review line: cut to [`MAX_ITEM_CHARS`], then escaped for Markdown;
/// its `backticked` parts become code spans (inert, like everything else).
fn markdown_text(text: &str) -> String {
    markdown_with_code(&clip(text))
}

fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_ITEM_CHARS) {
        None => text.into(),
        Some((at, _)) => format!("{}…", &text[..at]).into(),
    }
}

/// GitHub refuses comments over 65,536 characters; leave room for the cut note.
pub const MAX_COMMENT_CHARS: usize = 65_000;

/// A code span that holds `text` whatever backticks it contains.
pub fn md_code(text: &str) -> String {
    code_span(text)
}

fn md_id(id: &str) -> String {
    format!("**{}**", markdown_text(id))
}

fn people_md(people: &[String]) -> String {
    people
        .iter()
        .map(|p| md_code(&format!("@{p}")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_dash(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "—".into(), markdown_text)
}

/// Where the review's paths point: the workspace folder in the repository, and links to
/// the files at the head commit when known.
pub struct Places<'a> {
    pub prefix: &'a str,
    pub links: &'a Links,
    /// What the "85% likely by" column stood on, when the review has odds.
    pub odds: Option<&'a cairn_core::ops::odds::OddsInfo>,
}

fn task_md(t: &TaskLine, at: &Places) -> String {
    let id = match at.links.url(&repo_path(at.prefix, &t.file), 0) {
        Some(url) => format!("[{}]({url})", md_id(&t.id)),
        None => md_id(&t.id),
    };
    let who = if t.assignees.is_empty() {
        "unassigned".to_owned()
    } else {
        people_md(&t.assignees)
    };
    format!(
        "- {id} {} ({}, {who})",
        markdown_text(&t.title),
        markdown_text(&t.status)
    )
}

pub(crate) fn date_or_dash(d: Option<jiff::civil::Date>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

pub(crate) fn moved<T: PartialEq + Copy>(
    a: Option<T>,
    b: Option<T>,
    f: impl Fn(Option<T>) -> String,
) -> String {
    if a == b {
        f(b)
    } else {
        format!("{} → {}", f(a), f(b))
    }
}

pub(crate) fn shift(c: &ForecastChange) -> String {
    match c.shift_working_days {
        Some(0) | None => "—".into(),
        Some(n) => format!(
            "{}{n} working day{}",
            if n > 0 { "+" } else { "" },
            if n.abs() == 1 { "" } else { "s" }
        ),
    }
}

/// The status on each side, with how late (`on track → at risk: 3 working days late`).
pub(crate) fn status_moved(c: &ForecastChange) -> String {
    let side = |s: Option<cairn_core::analyze::schedule::ScheduleStatus>, late: Option<u32>| {
        s.map_or_else(|| "—".into(), |s| s.with_lateness(late))
    };
    let before = side(c.status_before, c.late_by_before);
    let after = side(c.status_after, c.late_by_after);
    if before == after {
        after
    } else {
        format!("{before} → {after}")
    }
}

pub(crate) fn forecast_name(c: &ForecastChange) -> String {
    match &c.milestone {
        Some(m) => format!("{}/{}", c.project, m),
        None => c.project.clone(),
    }
}

fn chain_text(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(" → ")
    }
}

fn finding_md(d: &Diagnostic, at: &Places) -> String {
    let mark = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = format!(
        "- **{mark}** {} {}: {}",
        md_code(&d.rule.to_string()),
        at.links.markdown(&repo_path(at.prefix, &d.file), d.line),
        markdown_text(&d.message)
    );
    if let Some(h) = &d.hint {
        s.push_str(&format!(" — {}", markdown_text(h)));
    }
    s
}

fn change_row(id: &str, title: &str, c: &FieldChange) -> String {
    format!(
        "| {} {} | {} | {} | {} |",
        md_id(id),
        markdown_text(title),
        c.field,
        or_dash(&c.before),
        or_dash(&c.after)
    )
}

/// The review as GitHub-flavoured Markdown. Every piece of user text goes through
/// `markdown_text` or `md_code`; `base` and `head` are already Markdown. Paths are
/// repository-relative, linked to the head commit when `at.links` knows where.
pub fn markdown(r: &Review, base: &str, head: &str, at: &Places) -> String {
    let mut o: Vec<String> = Vec::new();
    o.push("### cairn review".into());
    o.push(String::new());
    o.push(markdown_with_code(&r.summary));
    o.push(String::new());
    o.push(format!("<sub>Compared {base} with {head}.</sub>"));
    let t = &r.tasks;
    let section = |o: &mut Vec<String>, title: &str, items: &[TaskLine]| {
        if items.is_empty() {
            return;
        }
        o.push(String::new());
        o.push(format!("**{title}** ({})", items.len()));
        o.push(String::new());
        o.extend(items.iter().map(|t| task_md(t, at)));
    };
    if !(t.added.is_empty()
        && t.removed.is_empty()
        && t.closed.is_empty()
        && t.cancelled.is_empty()
        && t.reopened.is_empty()
        && t.changed.is_empty())
    {
        o.push(String::new());
        o.push("#### Tasks".into());
        section(&mut o, "Closed", &t.closed);
        section(&mut o, "Added", &t.added);
        section(&mut o, "Cancelled", &t.cancelled);
        section(&mut o, "Reopened", &t.reopened);
        section(&mut o, "Removed", &t.removed);
        if !t.changed.is_empty() {
            o.push(String::new());
            o.push(format!("**Changed** ({})", t.changed.len()));
            o.push(String::new());
            o.push("| Task | Field | Before | After |".into());
            o.push("|---|---|---|---|".into());
            for c in &t.changed {
                for f in &c.changes {
                    o.push(change_row(&c.id, &c.title, f));
                }
            }
        }
    }
    if !(r.milestones.is_empty() && r.projects.is_empty()) {
        o.push(String::new());
        o.push("#### Forecast".into());
        o.push(String::new());
        let odds = r
            .milestones
            .iter()
            .chain(&r.projects)
            .any(|c| c.p85_before.is_some() || c.p85_after.is_some());
        if odds {
            o.push(
                "| Milestone / project | Due | Forecast | 85% likely by | Shift | Status |".into(),
            );
            o.push("|---|---|---|---|---|---|".into());
        } else {
            o.push("| Milestone / project | Due | Forecast | Shift | Status |".into());
            o.push("|---|---|---|---|---|".into());
        }
        for c in r.milestones.iter().chain(&r.projects) {
            let p85 = if odds {
                format!(" {} |", moved(c.p85_before, c.p85_after, date_or_dash))
            } else {
                String::new()
            };
            o.push(format!(
                "| {} {} | {} | {} |{p85} {} | {} |",
                markdown_text(&forecast_name(c)),
                markdown_text(&c.title),
                moved(c.due_before, c.due_after, date_or_dash),
                moved(c.forecast_before, c.forecast_after, date_or_dash),
                shift(c),
                status_moved(c),
            ));
        }
        if let (true, Some(c)) = (odds, at.odds) {
            o.push(String::new());
            o.push(format!(
                "<sub>85% dates: {} (seed {}).</sub>",
                markdown_text(&crate::render::forecast::basis_words(c)),
                c.seed
            ));
        }
        for c in r.milestones.iter().chain(&r.projects) {
            if !c.because.is_empty() {
                o.push(String::new());
                o.push(format!("Why {} moved:", markdown_text(&forecast_name(c))));
                o.push(String::new());
                for b in &c.because {
                    o.push(format!("- {}", markdown_text(b)));
                }
            }
            if c.critical_chain_before != c.critical_chain_after {
                o.push(String::new());
                o.push(format!(
                    "Critical chain of {}: {} (was: {})",
                    markdown_text(&forecast_name(c)),
                    markdown_text(&chain_text(&c.critical_chain_after)),
                    markdown_text(&chain_text(&c.critical_chain_before)),
                ));
            }
        }
    }
    if !r.earned_value.is_empty() {
        o.push(String::new());
        o.push("#### Earned value".into());
        o.push(String::new());
        o.push("| Project | Baseline | PV | EV | SPI | CPI | EAC |".into());
        o.push("|---|---|---|---|---|---|---|".into());
        for e in &r.earned_value {
            let (a, b) = (&e.before, &e.after);
            let n = |v: f64| cairn_core::model::format_hours(v);
            let ratio = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"));
            let pair = |x: String, y: String| if x == y { y } else { format!("{x} → {y}") };
            o.push(format!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                markdown_text(&e.project),
                markdown_text(&b.baseline),
                pair(n(a.pv), n(b.pv)),
                pair(n(a.ev), n(b.ev)),
                pair(ratio(a.spi), ratio(b.spi)),
                pair(ratio(a.cpi), ratio(b.cpi)),
                pair(a.eac.map_or("—".into(), n), b.eac.map_or("—".into(), n)),
            ));
        }
    }
    if !r.decisions.is_empty() {
        o.push(String::new());
        o.push("#### Decisions".into());
        o.push(String::new());
        for d in &r.decisions {
            let what = match d.change {
                "added" => format!("added, {}", d.status_after.map_or("", |s| s.name())),
                "removed" => "removed".into(),
                _ => format!(
                    "{} → {}",
                    d.status_before.map_or("—", |s| s.name()),
                    d.status_after.map_or("—", |s| s.name())
                ),
            };
            let chosen = d
                .chosen
                .as_deref()
                .map(|c| format!("; chosen: {}", markdown_text(c)))
                .unwrap_or_default();
            o.push(format!(
                "- {} {}: {what}{chosen}",
                md_id(&d.id),
                markdown_text(&d.title)
            ));
        }
    }
    if !r.meetings.is_empty() {
        o.push(String::new());
        o.push("#### Meetings".into());
        o.push(String::new());
        for m in &r.meetings {
            o.push(format!(
                "- {} {} ({} action item{})",
                md_code(&m.id),
                markdown_text(&m.title),
                m.actions.len(),
                if m.actions.len() == 1 { "" } else { "s" }
            ));
            for a in &m.actions {
                let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
                o.push(format!(
                    "  - {} {}{due}",
                    if a.done { "done:" } else { "open:" },
                    markdown_text(&a.text)
                ));
            }
        }
    }
    for (title, items) in [
        ("Findings this change introduces", &r.findings.introduced),
        ("Findings this change fixes", &r.findings.fixed),
    ] {
        if items.is_empty() {
            continue;
        }
        o.push(String::new());
        o.push(format!("#### {title} ({})", items.len()));
        o.push(String::new());
        o.extend(items.iter().map(|d| finding_md(d, at)));
    }
    o.push(String::new());
    o.join("\n")
}

/// Cuts Markdown at a line boundary to at most `max` characters, with a note of what was
/// left out.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let mut used = 0;
    let budget = max.saturating_sub(300);
    let mut kept = 0;
    for l in &lines {
        let n = l.chars().count() + 1;
        if used + n > budget {
            break;
        }
        out.push_str(l);
        out.push('\n');
        used += n;
        kept += 1;
    }
    let cut = lines.len() - kept;
    out.push_str(&format!(
        "\n> [!NOTE]\n> This review was cut: {cut} more line{} did not fit in a comment. Run `cairn review` locally, or use `--format json`, for all of it.\n",
        if cut == 1 { "" } else { "s" }
    ));
    out
}

/// The review for a terminal.
pub fn text(r: &Review, base: &str, head: &str, prefix: &str) -> String {
    let mut o: Vec<String> = Vec::new();
    o.push(term(&r.summary));
    o.push(format!("compared {} with {}", term(base), term(head)));
    let t = &r.tasks;
    let line = |t: &TaskLine| {
        format!(
            "  {} {} ({}{})",
            term(&t.id),
            term(&t.title),
            term(&t.status),
            if t.assignees.is_empty() {
                String::new()
            } else {
                format!(", {}", term(&t.assignees.join(", ")))
            }
        )
    };
    for (title, items) in [
        ("closed", &t.closed),
        ("added", &t.added),
        ("cancelled", &t.cancelled),
        ("reopened", &t.reopened),
        ("removed", &t.removed),
    ] {
        if !items.is_empty() {
            o.push(format!("{title}:"));
            o.extend(items.iter().map(line));
        }
    }
    if !t.changed.is_empty() {
        o.push("changed:".into());
        for c in &t.changed {
            for f in &c.changes {
                o.push(format!(
                    "  {} {}: {} → {}",
                    term(&c.id),
                    f.field,
                    term(f.before.as_deref().unwrap_or("—")),
                    term(f.after.as_deref().unwrap_or("—"))
                ));
            }
        }
    }
    if !(r.milestones.is_empty() && r.projects.is_empty()) {
        o.push("forecast:".into());
        for c in r.milestones.iter().chain(&r.projects) {
            o.push(format!(
                "  {}: due {}, forecast {} ({}), {}{}",
                term(&forecast_name(c)),
                moved(c.due_before, c.due_after, date_or_dash),
                moved(c.forecast_before, c.forecast_after, date_or_dash),
                shift(c),
                status_moved(c),
                if c.p85_before.is_some() || c.p85_after.is_some() {
                    format!(
                        ", 85% likely by {}",
                        moved(c.p85_before, c.p85_after, date_or_dash)
                    )
                } else {
                    String::new()
                }
            ));
            for b in &c.because {
                o.push(format!("    because {}", term(b)));
            }
            if c.critical_chain_before != c.critical_chain_after {
                o.push(format!(
                    "    critical chain: {} (was: {})",
                    term(&chain_text(&c.critical_chain_after)),
                    term(&chain_text(&c.critical_chain_before))
                ));
            }
        }
    }
    if !r.decisions.is_empty() {
        o.push("decisions:".into());
        for d in &r.decisions {
            o.push(format!(
                "  {} {}: {} {}",
                term(&d.id),
                term(&d.title),
                d.change,
                d.status_after.map_or("", |s| s.name())
            ));
        }
    }
    if !r.meetings.is_empty() {
        o.push("meetings:".into());
        for m in &r.meetings {
            o.push(format!(
                "  {} {} ({} action items)",
                term(&m.id),
                term(&m.title),
                m.actions.len()
            ));
        }
    }
    for (title, items) in [
        ("introduced", &r.findings.introduced),
        ("fixed", &r.findings.fixed),
    ] {
        if !items.is_empty() {
            o.push(format!("{title}:"));
            for d in items.iter() {
                o.push(format!(
                    "  {}[{}] {}:{}:{}: {}",
                    match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    d.rule,
                    term(&repo_path(prefix, &d.file)),
                    d.line,
                    d.column,
                    term(&d.message)
                ));
            }
        }
    }
    o.push(String::new());
    o.join("\n")
}
