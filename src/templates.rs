//! Templates for new files, embedded from `templates/` and overridable per workspace by a
//! file of the same name in `.cairn/templates/`. Rendering is sandboxed: templates see only
//! the values passed in, and a fuel limit stops runaway loops.

use std::path::Path;

pub const OVERRIDE_DIR: &str = ".cairn/templates";

const EMBEDDED: &[(&str, &str)] = &[
    ("cairn.yaml", include_str!("../templates/cairn.yaml")),
    ("project.md", include_str!("../templates/project.md")),
    ("task.md", include_str!("../templates/task.md")),
    ("meeting.md", include_str!("../templates/meeting.md")),
    ("decision.md", include_str!("../templates/decision.md")),
    (
        "report-readme.md",
        include_str!("../templates/report-readme.md"),
    ),
    (
        "report-project.md",
        include_str!("../templates/report-project.md"),
    ),
    (
        "report-people.md",
        include_str!("../templates/report-people.md"),
    ),
    (
        "report-decisions.md",
        include_str!("../templates/report-decisions.md"),
    ),
    (
        "report-actions.md",
        include_str!("../templates/report-actions.md"),
    ),
];

/// Fuel for report templates: enough for a page over 100,000 tasks, still a bound on a
/// template that loops forever.
pub const REPORT_FUEL: u64 = 20_000_000;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("no template named {0}")]
    Unknown(String),
    #[error("cannot read template {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("template {name} failed to render: {message}")]
    Render { name: String, message: String },
}

/// The text of a template: the workspace's override when there is one, else the embedded.
pub fn source(workspace: Option<&Path>, name: &str) -> Result<String, TemplateError> {
    if let Some(root) = workspace {
        let path = root.join(OVERRIDE_DIR).join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => return Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(TemplateError::Read {
                    path: format!("{OVERRIDE_DIR}/{name}"),
                    source: e,
                });
            }
        }
    }
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
        .ok_or_else(|| TemplateError::Unknown(name.to_owned()))
}

/// Renders template `name` with `context`.
pub fn render(
    workspace: Option<&Path>,
    name: &str,
    context: &serde_json::Value,
) -> Result<String, TemplateError> {
    render_with_fuel(workspace, name, context, 100_000)
}

/// [`render`] with a given fuel limit.
pub fn render_with_fuel(
    workspace: Option<&Path>,
    name: &str,
    context: &serde_json::Value,
    fuel: u64,
) -> Result<String, TemplateError> {
    let text = source(workspace, name)?;
    let mut env = minijinja::Environment::new();
    env.set_fuel(Some(fuel));
    env.set_keep_trailing_newline(true);
    env.add_filter("yaml", yaml_scalar);
    let err = |e: minijinja::Error| TemplateError::Render {
        name: name.to_owned(),
        message: e.to_string(),
    };
    let tmpl = env.template_from_named_str(name, &text).map_err(err)?;
    tmpl.render(context).map_err(err)
}

/// A YAML scalar for any text: plain when that reads back as the same text, else
/// double-quoted (JSON string syntax is valid YAML).
pub fn yaml_scalar(text: String) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    let plain_ok = !text.is_empty()
        && text.trim() == text
        && !reserved.contains(&text.to_ascii_lowercase().as_str())
        && !crate::yaml::is_number(&text)
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '(')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text
            .chars()
            .all(|c| !c.is_control() && !"{}[],&*!|>'\"%@`".contains(c));
    if plain_ok {
        text
    } else {
        serde_json::to_string(&text).expect("a string always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_quote_only_when_needed() {
        assert_eq!(yaml_scalar("Fix login page".into()), "Fix login page");
        assert_eq!(yaml_scalar("Note: read this".into()), "\"Note: read this\"");
        assert_eq!(yaml_scalar("yes".into()), "\"yes\"");
        assert_eq!(yaml_scalar("12".into()), "\"12\"");
        assert_eq!(yaml_scalar("a # b".into()), "\"a # b\"");
        assert_eq!(yaml_scalar("line\nbreak".into()), "\"line\\nbreak\"");
    }

    #[test]
    fn quoted_titles_read_back_unchanged() {
        for title in [
            "Note: read this",
            "yes",
            "- dash",
            "[x]",
            "a\"b",
            "tab\there",
        ] {
            let doc = format!("title: {}\n", yaml_scalar(title.into()));
            let parsed = crate::yaml::parse(&doc, 1);
            let root = parsed.root.expect("parses");
            let crate::yaml::Value::Map(pairs) = root.value else {
                panic!("map")
            };
            assert_eq!(pairs[0].1.as_scalar(), Some(title), "{doc}");
        }
    }

    #[test]
    fn runaway_templates_run_out_of_fuel() {
        let dir = tempfile::tempdir().expect("temp");
        let over = dir.path().join(OVERRIDE_DIR);
        std::fs::create_dir_all(&over).expect("mkdir");
        std::fs::write(
            over.join("task.md"),
            "{% for a in range(1000) %}{% for b in range(1000) %}x{% endfor %}{% endfor %}",
        )
        .expect("write");
        let err = render(Some(dir.path()), "task.md", &serde_json::json!({}));
        assert!(matches!(err, Err(TemplateError::Render { .. })));
    }
}
