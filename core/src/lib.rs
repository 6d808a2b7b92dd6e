//! cairn-core: a team's plan as Markdown files in git, loaded, checked, forecast, changed.
//!
//! The pipeline is load → model → analyze → render, and the folders show it:
//!
//! - [`text`]: YAML with positions, typed fields, Markdown bodies, the surgical front-matter
//!   editor, diffs, escaping, and the sandboxed template engine;
//! - [`load`]: reading a tree source (the working directory or a git revision) into a
//!   [`model::Workspace`];
//! - [`model`]: the typed workspace;
//! - [`analyze`]: the rules of `check`, the forecast, review, history, decision matrices;
//! - [`report`]: what the report pages show, as data;
//! - [`paths`]: paths kept inside the repository or the workspace;
//! - [`ops`]: the operations commands call (edits as one checked change, two revisions for
//!   a review, new ids and files, imports, atomic writes).
//!
//! The library never prints and never reads the terminal: commands in the `cairn` binary
//! render what it returns.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analyze;
pub mod diag;
pub mod load;
pub mod model;
pub mod ops;
pub mod paths;
pub mod report;
pub mod schema;
pub mod text;
