//! One integration test binary: each module drives the real `cairn` binary.

mod architecture;
mod bad_input;
mod browser;
mod cache;
mod ci;
mod commands;
mod confidence;
mod digest;
mod edit;
mod history;
mod import;
mod inbox;
mod json;
mod kill;
mod list;
mod new;
mod patch;
mod pull_request;
mod readme;
mod renumber;
mod report;
mod review;
mod rules;
mod state;
mod support;
mod terminal;
