//! One file per command: its clap arguments (the doc comment is the help text) and `run`.

pub mod check;
pub mod edit;
pub mod history;
pub mod import;
pub mod init;
pub mod list;
pub mod meeting;
pub mod new;
pub mod plan;
pub mod report;
pub mod review;
pub mod schema;
pub mod shell;
pub mod show;
pub mod status;
pub mod workload;
