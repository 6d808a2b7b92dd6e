//! cairn: a team's plan as Markdown files in git, checked and analysed.
//!
//! The pipeline is load → model → analyze → render. [`load`] reads a [`source::TreeSource`]
//! into a [`model::Workspace`]; [`check`] runs the rules over it without touching the disk;
//! the binary's commands render the results.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod body;
pub mod check;
pub mod ci;
pub mod diag;
pub mod fields;
pub mod git;
pub mod history;
pub mod html;
pub mod import;
pub mod load;
pub mod model;
pub mod source;
pub mod yaml;

pub use load::load;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod decision;
pub mod edit;
pub mod render;
pub mod report;
pub mod review;
pub mod schedule;
pub mod schema;
pub mod templates;
pub mod write;
