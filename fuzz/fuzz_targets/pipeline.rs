//! The whole pipeline on a one-file workspace (see `props::pipeline`).
#![no_main]

#[path = "../../core/tests/library/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::pipeline(data));
