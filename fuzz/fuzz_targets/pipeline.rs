//! The whole load → check → forecast → report pipeline on a one-file workspace (a
//! cairn.yaml and one task, meeting, decision or project file): never a panic or a hang.
#![no_main]

use cairn_core::load::source::{Listing, ReadError, TreeSource};
use cairn_core::model::LinkState;
use libfuzzer_sys::fuzz_target;

struct Memory {
    files: Vec<(String, Vec<u8>)>,
}

impl TreeSource for Memory {
    fn list(&self) -> std::io::Result<Listing> {
        Ok(Listing {
            files: self
                .files
                .iter()
                .map(|(p, _)| p.clone())
                .filter(|p| p.ends_with(".md"))
                .collect(),
            ..Listing::default()
        })
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| ReadError::Io(std::io::ErrorKind::NotFound.into()))
    }
    fn link_state(&self, _: &str) -> LinkState {
        LinkState::Missing
    }
    fn workspace_prefix(&self) -> &str {
        ""
    }
}

const PATHS: &[&str] = &[
    "tasks/T-1-x.md",
    "projects/p.md",
    "meetings/2026-11-30-m.md",
    "decisions/D-1-d.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    // Half the runs fuzz cairn.yaml with a fixed task, half a file with a fixed config.
    let config = b"name: F\npeople:\n  alice:\n    name: A\n".to_vec();
    let task = b"---\nid: T-1\ntitle: X\nassignee: alice\nestimate: 1d\n---\n".to_vec();
    let files = if which % 2 == 0 {
        vec![
            ("cairn.yaml".to_owned(), rest.to_vec()),
            ("tasks/T-1-x.md".to_owned(), task),
        ]
    } else {
        let path = PATHS[usize::from(which / 2) % PATHS.len()];
        vec![
            ("cairn.yaml".to_owned(), config),
            (path.to_owned(), rest.to_vec()),
        ]
    };
    let source = Memory { files };
    let Ok(ws) = cairn_core::load::load(&source) else {
        return;
    };
    let today = jiff::civil::date(2026, 11, 30);
    let _ = cairn_core::analyze::check::check(&ws, today);
    let fc = cairn_core::analyze::schedule::forecast(&ws, today);
    let _ = cairn_core::analyze::schedule::workload(&ws, &fc, 6);
    let _ = cairn_core::report::build(&ws, &fc, None, None);
});
