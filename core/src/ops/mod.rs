//! Operations: what commands call to do one thing, so no command imports another. Each
//! takes the workspace (and a tree source) and returns values; the caller renders.
//!
//! May import anything in the library.

pub mod board;
pub mod change;
pub mod check;
pub mod close;
pub mod digest;
pub mod edit;
pub mod files;
pub mod import;
pub mod inbox;
pub mod journal;
pub mod list;
pub mod me;
pub mod new;
pub mod odds;
pub mod plan;
pub mod portfolio;
pub mod query;
pub mod record;
pub mod recur;
pub mod renumber;
pub mod reports;
pub mod revisions;
pub mod search;
pub mod show;
pub mod status;
pub mod sync;
pub mod timelog;
pub mod trends;
pub mod workload;
pub mod write;
