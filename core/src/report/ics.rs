//! Calendars (RFC 5545 iCalendar) of a person, a project or the whole plan: due dates of
//! open tasks, milestones' due dates and forecast finishes, meetings, time off and
//! holidays, each an all-day event.
//!
//! The files are reproducible: `DTSTAMP` is `--today`, every `UID` is made of what the
//! event is (`due-T-12@…`), so the same event keeps its UID across runs and a calendar
//! app that subscribed moves it instead of adding a copy; events are sorted. Lines end in
//! CRLF and are folded at 75 octets; text is escaped.

use crate::analyze::schedule::Forecast;
use crate::model::{StatusCategory, Workspace};
use jiff::civil::Date;

/// Whose calendar.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// Everything in the plan.
    All,
    /// One person's tasks, meetings and time off, and the milestones they work towards.
    Person(&'a str),
    /// One project's tasks, milestones and meetings, and its people's time off.
    Project(&'a str),
}

struct Event {
    uid: String,
    start: Date,
    /// Exclusive (the day after the last).
    end: Date,
    summary: String,
    description: Option<String>,
    categories: Vec<String>,
}

/// `text` escaped as an iCalendar TEXT value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character), ending in CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn day(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn next(d: Date) -> Date {
    d.tomorrow().unwrap_or(d)
}

/// The calendar of `scope` as an iCalendar file.
pub fn calendar(ws: &Workspace, fc: &Forecast, scope: Scope, today: Date) -> String {
    let domain = {
        let s = crate::text::slug(&ws.config.name);
        format!("{}.cairn", if s.is_empty() { "plan" } else { &s })
    };
    let uid = |what: String| format!("{what}@{domain}");
    let mut events: Vec<Event> = Vec::new();
    let open = |t: &crate::model::Task| {
        matches!(
            ws.category(t),
            Some(StatusCategory::Open | StatusCategory::Active)
        )
    };
    let person_of = |t: &crate::model::Task, p: &str| t.assignees.iter().any(|a| a.value == p);
    let task_in = |t: &crate::model::Task| match scope {
        Scope::All => true,
        Scope::Person(p) => person_of(t, p),
        Scope::Project(p) => t.project.as_ref().is_some_and(|x| x.value == p),
    };
    // Due dates of open tasks.
    for t in ws.tasks.iter().filter(|t| open(t) && task_in(t)) {
        let Some(due) = t.due.as_ref().map(|d| d.value) else {
            continue;
        };
        let who: Vec<&str> = t.assignees.iter().map(|a| a.value.as_str()).collect();
        events.push(Event {
            uid: uid(format!("due-{}", t.id.value)),
            start: due,
            end: next(due),
            summary: format!("Due: {} {}", t.id.value, t.title),
            description: Some(format!(
                "{} ({}), {}",
                t.status.value,
                if who.is_empty() {
                    "unassigned".to_owned()
                } else {
                    who.join(", ")
                },
                ws.path(t.file)
            )),
            categories: vec!["due".into()],
        });
    }
    // Milestones: due dates and forecast finishes.
    for mf in &fc.milestones {
        let p = &ws.projects[mf.project];
        let m = &p.milestones[mf.milestone];
        let wanted = match scope {
            Scope::All => true,
            Scope::Project(id) => p.id.value == id,
            Scope::Person(who) => ws.tasks.iter().any(|t| {
                open(t)
                    && person_of(t, who)
                    && t.project.as_ref().is_some_and(|x| x.value == p.id.value)
                    && t.milestone.as_ref().is_some_and(|x| x.value == m.id.value)
            }),
        };
        if !wanted {
            continue;
        }
        let name = format!("{}/{}", p.id.value, m.id.value);
        if let Some(due) = m.due.as_ref().map(|d| d.value) {
            events.push(Event {
                uid: uid(format!("milestone-due-{name}").replace('/', "-")),
                start: due,
                end: next(due),
                summary: format!("Milestone due: {name} {}", m.title),
                description: Some(format!(
                    "forecast {}: {}",
                    mf.rollup
                        .forecast_finish
                        .map_or_else(|| "unknown".to_owned(), |d| d.to_string()),
                    mf.rollup.status.with_lateness(mf.rollup.late_by)
                )),
                categories: vec!["milestone".into()],
            });
        }
        if let Some(f) = mf.rollup.forecast_finish
            && mf.rollup.status != crate::analyze::schedule::ScheduleStatus::Done
        {
            events.push(Event {
                uid: uid(format!("milestone-forecast-{name}").replace('/', "-")),
                start: f,
                end: next(f),
                summary: format!("Milestone forecast: {name} {}", m.title),
                description: Some(format!(
                    "{} (due {})",
                    mf.rollup.status.with_lateness(mf.rollup.late_by),
                    m.due
                        .as_ref()
                        .map_or_else(|| "none".to_owned(), |d| d.value.to_string())
                )),
                categories: vec!["milestone".into(), "forecast".into()],
            });
        }
    }
    // Meetings.
    for mt in &ws.meetings {
        let Some(date) = mt.date.as_ref().map(|d| d.value) else {
            continue;
        };
        let wanted = match scope {
            Scope::All => true,
            Scope::Person(p) => {
                mt.attendees.iter().any(|a| a.value == p)
                    || mt.facilitator.as_ref().is_some_and(|f| f.value == p)
            }
            Scope::Project(p) => mt.project.as_ref().is_some_and(|x| x.value == p),
        };
        if !wanted {
            continue;
        }
        let mut categories = vec!["meeting".to_owned()];
        if let Some(s) = &mt.series {
            categories.push(s.clone());
        }
        events.push(Event {
            uid: uid(format!("meeting-{}", mt.id.value)),
            start: date,
            end: next(date),
            summary: mt.title.clone(),
            description: Some(ws.path(mt.file).to_owned()),
            categories,
        });
    }
    // Time off.
    let people: Vec<&crate::model::Person> = match scope {
        Scope::All => ws.config.people.iter().collect(),
        Scope::Person(p) => ws.config.person(p).into_iter().collect(),
        Scope::Project(p) => ws
            .config
            .people
            .iter()
            .filter(|person| {
                ws.tasks.iter().any(|t| {
                    open(t)
                        && person_of(t, &person.id)
                        && t.project.as_ref().is_some_and(|x| x.value == p)
                })
            })
            .collect(),
    };
    for person in people {
        for &(a, b) in &person.time_off {
            events.push(Event {
                uid: uid(format!("time-off-{}-{}", person.id, day(a))),
                start: a,
                end: next(b),
                summary: format!("Time off: {}", person.name),
                description: None,
                categories: vec!["time-off".into()],
            });
        }
    }
    // Holidays.
    for &h in &ws.config.calendar.holidays {
        events.push(Event {
            uid: uid(format!("holiday-{}", day(h))),
            start: h,
            end: next(h),
            summary: "Holiday".into(),
            description: None,
            categories: vec!["holiday".into()],
        });
    }
    events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    events.dedup_by(|a, b| a.uid == b.uid);
    let name = match scope {
        Scope::All => ws.config.name.clone(),
        Scope::Person(p) => format!(
            "{}: {}",
            ws.config.name,
            ws.config.person(p).map_or(p, |x| x.name.as_str())
        ),
        Scope::Project(p) => format!(
            "{}: {}",
            ws.config.name,
            ws.project(p).map_or(p, |x| x.title.as_str())
        ),
    };
    let stamp = format!("{}T000000Z", day(today));
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cairn//cairn calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(l, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", escape(&name)), &mut out);
    for e in &events {
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}", escape(&e.uid)), &mut out);
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(&format!("DTSTART;VALUE=DATE:{}", day(e.start)), &mut out);
        fold(&format!("DTEND;VALUE=DATE:{}", day(e.end)), &mut out);
        fold(&format!("SUMMARY:{}", escape(&e.summary)), &mut out);
        if let Some(d) = &e.description {
            fold(&format!("DESCRIPTION:{}", escape(d)), &mut out);
        }
        let cats: Vec<String> = e.categories.iter().map(|c| escape(c)).collect();
        fold(&format!("CATEGORIES:{}", cats.join(",")), &mut out);
        fold("TRANSP:TRANSPARENT", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        fold(&long, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
