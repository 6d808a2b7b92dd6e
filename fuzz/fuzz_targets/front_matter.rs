//! The YAML front-matter parsers (see `props::front_matter`).
#![no_main]

#[path = "../../core/tests/library/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::front_matter(data));
