//! `cairn calendar` and `report --ics`, read back with an independent iCalendar parser
//! (the `ical` crate): RFC 5545 line endings and folding, escaped text, stable UIDs and a
//! DTSTAMP from --today, so the files are reproducible.

use crate::support::{cairn, examples, examples_copy, run};

fn events(ics: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = parser.next().expect("a calendar").expect("parses");
    assert!(parser.next().is_none(), "one calendar");
    cal.events
}

fn prop<'a>(e: &'a ical::parser::ical::component::IcalEvent, name: &str) -> Option<&'a str> {
    e.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[test]
fn a_persons_calendar_has_their_dates_and_parses_back() {
    let ex = examples();
    let out = run(cairn(&ex).args(["calendar", "--person", "dan"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ics = out.stdout;
    // CRLF everywhere, no line over 75 octets.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for l in ics.split("\r\n") {
        assert!(!l.contains('\n'), "a bare LF: {l:?}");
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    let evs = events(&ics);
    let summaries: Vec<&str> = evs.iter().filter_map(|e| prop(e, "SUMMARY")).collect();
    // Dan's open tasks with due dates, the beta milestone he works towards (its due date
    // and forecast), the meetings he attends, the holidays.
    assert!(
        summaries.contains(&"Due: T-10 Responsive header\\, mega menu and footer"),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"Milestone due: website/beta Public beta on beta.northwind.example")
    );
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("Milestone forecast: website/beta"))
    );
    assert!(summaries.contains(&"Weekly sync"));
    assert!(summaries.contains(&"Holiday"));
    assert!(
        !summaries.iter().any(|s| s.contains("T-25")),
        "Erin's task is not Dan's"
    );
    // All-day events: DTSTART and DTEND are dates, DTEND the day after.
    let t10 = evs
        .iter()
        .find(|e| prop(e, "UID") == Some("due-T-10@northwind-studio.cairn"))
        .expect("T-10");
    assert_eq!(prop(t10, "DTSTART"), Some("20261209"));
    assert_eq!(prop(t10, "DTEND"), Some("20261210"));
    assert_eq!(prop(t10, "DTSTAMP"), Some("20261128T000000Z"));
    // UIDs are unique and the same on the next run, byte for byte.
    let mut uids: Vec<&str> = evs.iter().filter_map(|e| prop(e, "UID")).collect();
    let n = uids.len();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), n);
    let again = run(cairn(&ex).args(["calendar", "--person", "dan"]));
    assert_eq!(again.stdout, ics);
    // Unknown people and projects are refused by name.
    let out = run(cairn(&ex).args(["calendar", "--person", "dna"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("dan"), "{}", out.stderr);
}

#[test]
fn text_is_escaped_and_long_lines_fold() {
    let tmp = examples_copy();
    let ws = tmp.path();
    let title =
        "Préparer la démo; puis, enfin \\ la livraison — avec les données réelles du client";
    let out = run(cairn(ws).args([
        "new",
        "task",
        title,
        "--project",
        "website",
        "--assignee",
        "erin",
        "--due",
        "2026-12-15",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(cairn(ws).args(["calendar", "--project", "website"]));
    let ics = out.stdout;
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    let evs = events(&ics);
    let ours = evs
        .iter()
        .find(|e| prop(e, "SUMMARY").is_some_and(|s| s.contains("Préparer")))
        .expect("the new task");
    assert_eq!(
        prop(ours, "SUMMARY").unwrap(),
        format!(
            "Due: T-52 {}",
            title
                .replace('\\', "\\\\")
                .replace(';', "\\;")
                .replace(',', "\\,")
        )
    );
}

#[test]
fn report_ics_writes_a_calendar_per_person_and_project() {
    let tmp = examples_copy();
    let ws = tmp.path();
    let out = run(cairn(ws).args(["report", "--ics"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for name in ["dan", "alice", "website", "mobile-app", "data-platform"] {
        let text = std::fs::read_to_string(ws.join(format!("reports/calendar/{name}.ics")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!events(&text).is_empty(), "{name}");
    }
    let check = run(cairn(ws).args(["report", "--check", "--ics"]));
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // A moved due date makes them stale, and the hint says how to refresh.
    run(cairn(ws).args(["set", "T-10", "due=2026-12-11"]));
    let check = run(cairn(ws).args(["report", "--check", "--ics"]));
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("reports/calendar/dan.ics"),
        "{}",
        check.stdout
    );
    assert!(
        check.stderr.contains("cairn report --ics"),
        "{}",
        check.stderr
    );
}
