//! The surgical front-matter editor (see `props::edit`).
#![no_main]

#[path = "../../core/tests/library/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::edit(data));
