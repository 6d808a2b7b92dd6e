//! Analysis of a loaded workspace: the rules of `check`, the forecast, review of two
//! revisions, trends from history, decision matrices. Pure functions of the model and
//! `today`: nothing here reads the disk or the clock, except `history`, which reads git
//! objects through `load::git`.
//!
//! May import: `diag`, `model`, `text`, `load` (history and review only).

pub mod accuracy;
pub mod activity;
pub mod check;
pub mod commits;
pub mod cost;
pub mod decision;
pub mod earned;
pub mod filter;
pub mod goals;
pub mod history;
pub mod recur;
pub mod review;
pub mod schedule;
