//! The templates of new files (`cairn init`, `cairn new`), embedded from `templates/` and
//! overridable in `.cairn/templates/`.

use crate::text::template::{Escape, FILE_FUEL, TemplateError, Templates};
use std::path::Path;

pub const TEMPLATES: &[(&str, &str)] = &[
    ("cairn.yaml", include_str!("../../templates/cairn.yaml")),
    ("project.md", include_str!("../../templates/project.md")),
    ("task.md", include_str!("../../templates/task.md")),
    ("meeting.md", include_str!("../../templates/meeting.md")),
    ("decision.md", include_str!("../../templates/decision.md")),
];

/// Renders the file template `name`, the workspace's override winning.
pub fn render<S: serde::Serialize>(
    workspace: Option<&Path>,
    name: &str,
    context: &S,
) -> Result<String, TemplateError> {
    Templates {
        embedded: TEMPLATES,
        workspace,
        fuel: FILE_FUEL,
    }
    .render(name, context, Escape::None, |_| {})
}
