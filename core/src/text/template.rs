//! The template engine, for new files (`templates/task.md`, …) and for reports. Templates
//! are embedded by whoever uses them and may be overridden per workspace by a file of the
//! same name in `.cairn/templates/`. Rendering is sandboxed: a template sees only the
//! values passed in, fuel bounds its steps, and its output and collections are bounded in
//! size. Values are escaped for the output they go into (Markdown or HTML) unless a value
//! was marked safe by the code that made it.

use std::path::Path;

pub const OVERRIDE_DIR: &str = ".cairn/templates";

/// Fuel for report templates: enough for a page over 100,000 tasks, still a bound on a
/// template that loops forever.
pub const REPORT_FUEL: u64 = 20_000_000;

/// Fuel for the template of one new file.
pub const FILE_FUEL: u64 = 100_000;

/// How values are escaped when a template prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// As they are (YAML front matter of new files quotes with the `yaml` filter).
    None,
    /// Inert Markdown: markup escaped, HTML entity-encoded, `@mentions` in code spans.
    Markdown,
    /// HTML entities.
    Html,
}

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

/// A set of templates: the embedded ones, and the workspace whose overrides win. A
/// template may `include` or `extend` another of the set.
pub struct Templates<'a> {
    pub embedded: &'static [(&'static str, &'static str)],
    pub workspace: Option<&'a Path>,
    /// Steps a render may take ([`REPORT_FUEL`], [`FILE_FUEL`]).
    pub fuel: u64,
}

impl Templates<'_> {
    /// The text of a template: the workspace's override when there is one, else the
    /// embedded one.
    pub fn source(&self, name: &str) -> Result<String, TemplateError> {
        if let Some(root) = self.workspace {
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
        self.embedded
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| (*t).to_owned())
            .ok_or_else(|| TemplateError::Unknown(name.to_owned()))
    }

    /// Renders template `name` with `context`, escaping printed values as `escape` says.
    /// `setup` may add filters and functions to the environment.
    pub fn render<S: serde::Serialize>(
        &self,
        name: &str,
        context: &S,
        escape: Escape,
        setup: impl FnOnce(&mut minijinja::Environment<'_>),
    ) -> Result<String, TemplateError> {
        let text = self.source(name)?;
        let mut env = environment(escape, self.fuel);
        let embedded = self.embedded;
        let fuel = self.fuel;
        let workspace = self.workspace.map(Path::to_path_buf);
        env.set_loader(move |other| {
            let set = Templates {
                embedded,
                workspace: workspace.as_deref(),
                fuel,
            };
            match set.source(other) {
                Ok(t) => Ok(Some(t)),
                Err(TemplateError::Unknown(_)) => Ok(None),
                Err(e) => Err(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    e.to_string(),
                )),
            }
        });
        setup(&mut env);
        let err = |e: minijinja::Error| TemplateError::Render {
            name: name.to_owned(),
            message: e.to_string(),
        };
        let tmpl = env.template_from_named_str(name, &text).map_err(err)?;
        tmpl.render(context).map_err(err)
    }
}

fn environment(escape: Escape, fuel: u64) -> minijinja::Environment<'static> {
    use minijinja::AutoEscape;
    let mut env = minijinja::Environment::new();
    env.set_fuel(Some(fuel));
    env.set_keep_trailing_newline(true);
    env.add_filter("yaml", crate::text::yaml::quote);
    let mode = match escape {
        Escape::None => AutoEscape::None,
        Escape::Markdown => AutoEscape::Custom("markdown"),
        Escape::Html => AutoEscape::Html,
    };
    env.set_auto_escape_callback(move |_| mode);
    env.set_formatter(|out, state, value| {
        if let AutoEscape::Custom("markdown") = state.auto_escape() {
            // Nothing prints as nothing, not as "none".
            let text = if value.is_undefined() || value.is_none() {
                String::new()
            } else if value.is_safe() {
                value.to_string()
            } else {
                crate::text::escape::markdown(&value.to_string())
            };
            return out.write_str(&text).map_err(minijinja::Error::from);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let t = Templates {
            embedded: &[],
            workspace: Some(dir.path()),
            fuel: FILE_FUEL,
        };
        let err = t.render("task.md", &serde_json::json!({}), Escape::None, |_| {});
        assert!(matches!(err, Err(TemplateError::Render { .. })));
    }

    #[test]
    fn printed_values_are_escaped_for_their_output() {
        let t = Templates {
            embedded: &[
                ("a.md", "{{ x }}|{{ y }}"),
                ("a.html", "{{ x }}"),
                ("b.md", "[{% include \"a.md\" %}]"),
            ],
            workspace: None,
            fuel: FILE_FUEL,
        };
        let ctx = serde_json::json!({"x": "<b>@bob</b> *hi*", "y": null});
        assert_eq!(
            t.render("a.md", &ctx, Escape::Markdown, |_| {})
                .expect("md"),
            "&lt;b&gt;`@bob`&lt;/b&gt; \\*hi\\*|"
        );
        assert_eq!(
            t.render("a.html", &ctx, Escape::Html, |_| {})
                .expect("html"),
            "&lt;b&gt;@bob&lt;&#x2f;b&gt; *hi*"
        );
        assert!(
            t.render("b.md", &ctx, Escape::Markdown, |_| {})
                .expect("include")
                .starts_with("[&lt;b&gt;")
        );
    }
}
