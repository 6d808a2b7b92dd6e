//! Renderers: turning results into text for where they go. Rendering never recomputes: it
//! formats values the library produced.
//!
//! - `term`: rustc-style diagnostics, color, GitHub annotations, progress bars;
//! - `ci`: JUnit, GitLab Code Quality, SARIF and the GitHub step summary;
//! - `mermaid`: Gantt and burn-up charts GitHub renders;
//! - `report`: the Markdown report pages, from templates;
//! - `html`: the HTML dashboard, from templates, with SVG charts.

pub mod board;
pub mod check;
pub mod ci;
pub mod closing;
pub mod digest;
pub mod forecast;
pub mod grid;
pub mod history;
pub mod html;
pub mod import;
pub mod inbox;
pub mod json;
pub mod list;
pub mod man;
pub mod mermaid;
pub mod plan;
pub mod report;
pub mod review;
pub mod show;
pub mod status;
pub mod term;
pub mod timesheet;
pub mod workload;
