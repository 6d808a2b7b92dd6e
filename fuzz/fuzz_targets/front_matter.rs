//! The YAML front-matter parsers: never a panic or a hang, and where the fast path
//! accepts a text, it builds exactly the tree and the problems the full parser does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (fast, full) = cairn_core::text::yaml::parse_both(text);
    if let Some(fast) = fast {
        assert_eq!(fast.root, full.root, "{text:?}");
        assert_eq!(fast.problems, full.problems, "{text:?}");
    }
    // And the whole file splitter.
    let _ = cairn_core::load::split_front_matter(text);
});
