//! The library's own tests, in one test binary: each module tests one concern of
//! `cairn-core` through its public API, without the `cairn` binary.

mod edit;
mod fuzz;
mod paths;
mod props;
mod report;
