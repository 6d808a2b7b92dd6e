//! One integration test binary: each module drives the real `cairn` binary.

mod architecture;
mod bad_input;
mod browser;
mod cache;
mod ci;
mod commands;
mod confidence;
mod edit;
mod hardening;
mod history;
mod import;
mod kill;
mod patch;
mod polish;
mod pr;
mod readme;
mod renumber;
mod report;
mod review;
mod rules;
mod state;
mod support;
