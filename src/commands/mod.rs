//! One file per command: its clap arguments (the doc comment is the help text) and `run`,
//! which resolves what the arguments name, calls the library, and renders the result.
//! A command never imports another command.

pub mod action;
pub mod actions;
pub mod assign;
pub mod board;
pub mod calendar;
pub mod check;
pub mod close;
pub mod comment;
pub mod completions;
pub mod decide;
pub mod depend;
pub mod digest;
pub mod done;
pub mod edit;
pub mod history;
pub mod import;
pub mod inbox;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
pub mod r#move;
pub mod new;
pub mod plan;
pub mod promote;
pub mod recover;
pub mod recur;
pub mod renumber;
pub mod reopen;
pub mod report;
pub mod review;
pub mod schema;
pub mod search;
pub mod set;
pub mod show;
pub mod start;
pub mod status;
pub mod supersede;
pub mod tag;
pub mod tick;
pub mod timesheet;
pub mod unassign;
pub mod untick;
pub mod workload;
