//! `report::build` on its own: the data every report and the dashboard draw.

use cairn_core::analyze::schedule::forecast;
use cairn_core::load::{self, source::DirSource};
use cairn_core::report;
use jiff::civil::date;

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

#[test]
fn the_report_of_the_examples_has_every_project_and_its_milestones_in_order() {
    let source = DirSource::new(&examples()).expect("source");
    let ws = load::load(&source).expect("loads");
    let fc = forecast(&ws, date(2026, 11, 28));
    let r = report::build(&ws, &fc, None, None, &Default::default());
    let ids: Vec<&str> = r.projects.iter().map(|p| p.id.as_str()).collect();
    let mut want: Vec<&str> = ws.projects.iter().map(|p| p.id.value.as_str()).collect();
    want.sort_unstable();
    let mut got = ids.clone();
    got.sort_unstable();
    assert_eq!(got, want);
    for p in &r.projects {
        let declared: Vec<&str> = ws
            .project(&p.id)
            .expect("project")
            .milestones
            .iter()
            .map(|m| m.id.value.as_str())
            .collect();
        let shown: Vec<&str> = p.milestones.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(shown, declared, "{}", p.id);
    }
    assert!(r.flow.is_none(), "no history given, no flow");
}

#[test]
fn page_names_are_safe_file_names() {
    for id in ["T-1", "../../etc", "a/b", "CON", "x y", "é"] {
        let name = report::page_name(id);
        assert!(!name.contains('/') && !name.contains(".."), "{id} → {name}");
        assert!(!name.is_empty());
    }
    assert_eq!(report::page_name("people"), "project-people");
    assert_eq!(report::page_name("person-ann"), "project-person-ann");
    assert_eq!(report::page_name(""), "project");
}
