//! The library's own tests, in one test binary: each module tests one concern of
//! `cairn-core` through its public API, without the `cairn` binary.

mod fuzz;
mod props;
