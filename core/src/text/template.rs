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

/// Most bytes one render may write.
pub const MAX_OUTPUT: usize = 64 * 1024 * 1024;
/// Most bytes a filter may make one string.
pub const MAX_STRING: usize = 16 * 1024 * 1024;
/// Every byte one render makes, whatever makes it: printed text (also into a captured
/// `{% set %}` block or a `{% filter %}`), and every string or list a filter builds. A
/// template that doubles a value 40 times runs out of it long before memory does.
pub const BUDGET: usize = 2 * MAX_OUTPUT;

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
    #[error(
        "template {name} uses {what}, which templates may not (it can grow a value without bound)"
    )]
    Forbidden { name: String, what: &'static str },
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
            let rel = format!("{OVERRIDE_DIR}/{name}");
            let Some(path) = crate::paths::resolve_inside(root, &rel) else {
                return Err(TemplateError::Read {
                    path: rel,
                    source: std::io::Error::other(
                        "it leads outside the workspace (a symlink?); it was not read",
                    ),
                });
            };
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
        if let Some(what) = forbidden(&text) {
            return Err(TemplateError::Forbidden {
                name: name.to_owned(),
                what,
            });
        }
        let budget = Budget::new(BUDGET);
        let mut env = environment(escape, self.fuel, &budget);
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
                Ok(t) => match forbidden(&t) {
                    None => Ok(Some(t)),
                    Some(what) => Err(minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("{other} uses {what}, which templates may not"),
                    )),
                },
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
            message: if budget.spent() {
                format!(
                    "it makes more than {} MiB of text and lists (a value doubled over and over?); stopped at line {}",
                    BUDGET >> 20,
                    e.line().unwrap_or(0)
                )
            } else {
                e.to_string()
            },
        };
        let tmpl = env.template_from_named_str(name, &text).map_err(err)?;
        let mut out = Capped(Vec::new());
        tmpl.render_captured_to(context, &mut out).map_err(err)?;
        String::from_utf8(out.0).map_err(|e| TemplateError::Render {
            name: name.to_owned(),
            message: e.to_string(),
        })
    }
}

/// Output that refuses to grow past [`MAX_OUTPUT`].
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT {
            return Err(std::io::Error::other(format!(
                "the output is over {} MiB",
                MAX_OUTPUT >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first construct of a template that can grow a value without bound, if any:
/// macros (recursion), `namespace` (state across loop iterations), the `*`, `~` and `+`
/// operators (repetition, concatenation: `{% set a = a + a %}` doubles), and names
/// starting with `__` (the unbudgeted filters behind the budgeted ones). Only code is
/// looked at, not text, comments, string literals or `raw` blocks.
pub fn forbidden(text: &str) -> Option<&'static str> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        let close: &[u8] = match b[i + 1] {
            b'{' => b"}}",
            b'%' => b"%}",
            b'#' => {
                // A comment: skip to its end.
                i = find(b, i + 2, b"#}").map_or(b.len(), |e| e + 2);
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let start = i + 2;
        let mut j = start;
        let mut quote: Option<u8> = None;
        let mut code = String::new();
        while j < b.len() {
            let c = b[j];
            match quote {
                Some(q) => {
                    if c == b'\\' {
                        j += 1;
                    } else if c == q {
                        quote = None;
                    }
                }
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if b[j..].starts_with(close) => break,
                None => {
                    if c == b'*' {
                        return Some("the `*` operator");
                    }
                    if c == b'~' {
                        return Some("the `~` operator");
                    }
                    if c == b'+' {
                        return Some("the `+` operator (for numbers, `[a, b] | sum`)");
                    }
                    code.push(char::from(c));
                }
            }
            j += 1;
        }
        let words: Vec<&str> = code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        if close == b"%}" && matches!(words.first(), Some(&"macro" | &"call")) {
            return Some("a macro");
        }
        if words.contains(&"namespace") {
            return Some("`namespace`");
        }
        if words.iter().any(|w| w.starts_with("__")) {
            return Some("a name starting with `__`");
        }
        if close == b"%}" && words.first() == Some(&"raw") {
            // Everything up to `endraw` is text.
            j = find(b, j, b"endraw").unwrap_or(b.len());
        }
        i = j + 2;
    }
    None
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The bytes a render may still make ([`BUDGET`]), shared by the formatter and the
/// filters.
#[derive(Clone)]
struct Budget(std::sync::Arc<std::sync::atomic::AtomicIsize>);

impl Budget {
    fn new(bytes: usize) -> Budget {
        Budget(std::sync::Arc::new(std::sync::atomic::AtomicIsize::new(
            isize::try_from(bytes).unwrap_or(isize::MAX),
        )))
    }

    /// Takes `bytes` from the budget; an error once it is spent.
    fn charge(&self, bytes: usize) -> Result<(), minijinja::Error> {
        let bytes = isize::try_from(bytes).unwrap_or(isize::MAX);
        let before = self
            .0
            .fetch_sub(bytes, std::sync::atomic::Ordering::Relaxed);
        if before.saturating_sub(bytes) < 0 {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!(
                    "the template made more than {} MiB; it was stopped",
                    BUDGET >> 20
                ),
            ));
        }
        Ok(())
    }

    fn spent(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed) < 0
    }

    /// What a filter's result costs: a string its bytes, a list or map a word per item
    /// plus the strings in it (which a filter may have made).
    fn charge_value(&self, v: &minijinja::Value) -> Result<(), minijinja::Error> {
        use minijinja::value::ValueKind;
        let cost = match v.kind() {
            ValueKind::String | ValueKind::Bytes => v.len().unwrap_or(0),
            ValueKind::Seq | ValueKind::Map | ValueKind::Iterable => {
                let n = v.len().unwrap_or(0);
                let strings: usize = match v.kind() {
                    ValueKind::Seq => v
                        .try_iter()
                        .map(|it| it.filter_map(|x| x.as_str().map(str::len)).sum())
                        .unwrap_or(0),
                    _ => 0,
                };
                n.saturating_mul(32).saturating_add(strings)
            }
            _ => 16,
        };
        self.charge(cost)
    }
}

/// The built-in filters that make strings or lists: each runs under its own name through
/// a wrapper that charges its result to the budget. (The originals stay reachable as
/// `__cairn_<name>`, which templates may not name.)
const BUDGETED_FILTERS: &[&str] = &[
    "safe",
    "escape",
    "e",
    "upper",
    "lower",
    "title",
    "capitalize",
    "reverse",
    "trim",
    "split",
    "lines",
    "list",
    "string",
    "pprint",
    "format",
    "batch",
    "slice",
    "sort",
    "unique",
    "map",
    "items",
    "dictsort",
    "groupby",
    "chain",
    "zip",
    "select",
    "reject",
    "selectattr",
    "rejectattr",
];

fn budgeted_builtins(env: &mut minijinja::Environment<'_>, budget: &Budget) {
    use minijinja::filters as f;
    env.add_filter("__cairn_safe", f::safe);
    env.add_filter("__cairn_escape", f::escape);
    env.add_filter("__cairn_e", f::escape);
    env.add_filter("__cairn_upper", f::upper);
    env.add_filter("__cairn_lower", f::lower);
    env.add_filter("__cairn_title", f::title);
    env.add_filter("__cairn_capitalize", f::capitalize);
    env.add_filter("__cairn_reverse", f::reverse);
    env.add_filter("__cairn_trim", f::trim);
    env.add_filter("__cairn_split", f::split);
    env.add_filter("__cairn_lines", f::lines);
    env.add_filter("__cairn_list", f::list);
    env.add_filter("__cairn_string", f::string);
    env.add_filter("__cairn_pprint", f::pprint);
    env.add_filter("__cairn_format", f::format);
    env.add_filter("__cairn_batch", f::batch);
    env.add_filter("__cairn_slice", f::slice);
    env.add_filter("__cairn_sort", f::sort);
    env.add_filter("__cairn_unique", f::unique);
    env.add_filter("__cairn_map", f::map);
    env.add_filter("__cairn_items", f::items);
    env.add_filter("__cairn_dictsort", f::dictsort);
    env.add_filter("__cairn_groupby", f::groupby);
    env.add_filter("__cairn_chain", f::chain);
    env.add_filter("__cairn_zip", f::zip);
    env.add_filter("__cairn_select", f::select);
    env.add_filter("__cairn_reject", f::reject);
    env.add_filter("__cairn_selectattr", f::selectattr);
    env.add_filter("__cairn_rejectattr", f::rejectattr);
    for name in BUDGETED_FILTERS {
        let inner = format!("__cairn_{name}");
        let budget = budget.clone();
        env.add_filter(
            *name,
            move |state: &minijinja::State<'_, '_>,
                  value: minijinja::Value,
                  rest: minijinja::value::Rest<minijinja::Value>|
                  -> Result<minijinja::Value, minijinja::Error> {
                let mut args = Vec::with_capacity(rest.len() + 1);
                args.push(value);
                args.extend(rest.iter().cloned());
                let out = state.apply_filter(&inner, &args)?;
                budget.charge_value(&out)?;
                Ok(out)
            },
        );
    }
}

fn too_big() -> minijinja::Error {
    minijinja::Error::new(
        minijinja::ErrorKind::InvalidOperation,
        format!("a string over {} MiB", MAX_STRING >> 20),
    )
}

/// Filters that make strings, with their results bounded and charged to the budget.
fn bounded_filters(env: &mut minijinja::Environment<'_>, budget: &Budget) {
    let b = budget.clone();
    env.add_filter(
        "replace",
        move |value: String, from: String, to: String| -> Result<String, minijinja::Error> {
            let hits = if from.is_empty() {
                value.chars().count() + 1
            } else {
                value.matches(from.as_str()).count()
            };
            let len = value.len() + hits.saturating_mul(to.len());
            if len > MAX_STRING {
                return Err(too_big());
            }
            b.charge(len)?;
            Ok(value.replace(from.as_str(), &to))
        },
    );
    let b = budget.clone();
    env.add_filter(
        "join",
        move |value: minijinja::Value, sep: Option<String>| -> Result<String, minijinja::Error> {
            let sep = sep.unwrap_or_default();
            let mut out = String::new();
            for (k, item) in value.try_iter()?.enumerate() {
                if k > 0 {
                    out.push_str(&sep);
                }
                match item.as_str() {
                    Some(s) => out.push_str(s),
                    None => out.push_str(&item.to_string()),
                }
                if out.len() > MAX_STRING {
                    return Err(too_big());
                }
            }
            b.charge(out.len())?;
            Ok(out)
        },
    );
    let b = budget.clone();
    env.add_filter(
        "center",
        move |value: String, width: Option<usize>| -> Result<String, minijinja::Error> {
            let width = width.unwrap_or(80);
            if width > MAX_STRING {
                return Err(too_big());
            }
            b.charge(width.max(value.len()))?;
            let n = value.chars().count();
            if n >= width {
                return Ok(value);
            }
            let left = (width - n) / 2;
            Ok(format!(
                "{}{value}{}",
                " ".repeat(left),
                " ".repeat(width - n - left)
            ))
        },
    );
    let b = budget.clone();
    env.add_filter(
        "indent",
        move |value: String, width: Option<usize>| -> Result<String, minijinja::Error> {
            let width = width.unwrap_or(4);
            let lines = value.lines().count();
            let len = width.saturating_mul(lines) + value.len();
            if len > MAX_STRING {
                return Err(too_big());
            }
            b.charge(len)?;
            let pad = " ".repeat(width);
            Ok(value
                .lines()
                .enumerate()
                .map(|(k, l)| {
                    if k == 0 || l.is_empty() {
                        l.to_owned()
                    } else {
                        format!("{pad}{l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"))
        },
    );
}

fn environment(escape: Escape, fuel: u64, budget: &Budget) -> minijinja::Environment<'static> {
    use minijinja::AutoEscape;
    let mut env = minijinja::Environment::new();
    env.set_fuel(Some(fuel));
    env.set_keep_trailing_newline(true);
    env.add_filter("yaml", crate::text::yaml::quote);
    budgeted_builtins(&mut env, budget);
    bounded_filters(&mut env, budget);
    let mode = match escape {
        Escape::None => AutoEscape::None,
        Escape::Markdown => AutoEscape::Custom("markdown"),
        Escape::Html => AutoEscape::Html,
    };
    env.set_auto_escape_callback(move |_| mode);
    // Everything printed is charged, also into a capture (`{% set x %}…{% endset %}`,
    // `{% filter %}`), which never reaches the capped output.
    let budget = budget.clone();
    env.set_formatter(move |out, state, value| {
        if let AutoEscape::Custom("markdown") = state.auto_escape() {
            // Nothing prints as nothing, not as "none".
            let text = if value.is_undefined() || value.is_none() {
                String::new()
            } else if value.is_safe() {
                value.to_string()
            } else {
                crate::text::escape::markdown(&value.to_string())
            };
            budget.charge(text.len())?;
            return out.write_str(&text).map_err(minijinja::Error::from);
        }
        let printed = match value.as_str() {
            Some(text) => text.len(),
            None => value.to_string().len(),
        };
        budget.charge(printed)?;
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

    /// Regressions: chained `replace`, `(range(10000)|list)*10000`, a string doubled in a
    /// loop, a recursive macro, an endless literal: each stops with an error, quickly and
    /// without gigabytes.
    #[test]
    fn templates_cannot_grow_without_bound() {
        let bombs = [
            "{{ 'x'|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx')|replace('', 'xxxxxxxxxx') }}",
            "{{ (range(10000)|list)*10000 }}",
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
            "{% macro d(s, n) %}{% if n %}{{ d(s, n - 1) }}{% endif %}{% endmacro %}{{ d('x', 40) }}",
            "{% for a in range(100000) %}{% for b in range(1000) %}0123456789012345678901234567890123456789{% endfor %}{% endfor %}",
            "{{ 'x'|center(1000000000) }}",
            "{{ range(100000)|join('0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789') }}",
        ];
        for bomb in bombs {
            let t = Templates {
                embedded: &[("b.md", "")],
                workspace: None,
                fuel: REPORT_FUEL,
            };
            let dir = tempfile::tempdir().expect("temp");
            let over = dir.path().join(OVERRIDE_DIR);
            std::fs::create_dir_all(&over).expect("mkdir");
            std::fs::write(over.join("b.md"), bomb).expect("write");
            let t = Templates {
                workspace: Some(dir.path()),
                ..t
            };
            let r = t.render("b.md", &serde_json::json!({}), Escape::Markdown, |_| {});
            assert!(r.is_err(), "{bomb}");
        }
        // Regressions (issue: a template that eats the machine): captured blocks doubled
        // 40 times, `+` on strings and lists, `format` doubling, each past 5 GB before.
        let mut captured = String::from("{% set a0 = 'xxxxxxxxxxxxxxxx' %}");
        let mut formatted = captured.clone();
        let mut upper = captured.clone();
        for i in 1..=40 {
            captured.push_str(&format!(
                "{{% set a{i} %}}{{{{a{p}}}}}{{{{a{p}}}}}{{% endset %}}",
                p = i - 1
            ));
            formatted.push_str(&format!(
                "{{% set a{i} = '%s%s'|format(a{p}, a{p}) %}}",
                p = i - 1
            ));
            upper.push_str(&format!(
                "{{% set a{i} = [a{p}, a{p}]|join|upper %}}",
                p = i - 1
            ));
        }
        captured.push_str("{{ a40 }}");
        formatted.push_str("{{ a40|length }}");
        upper.push_str("{{ a40|length }}");
        let lists = "{% set a = [1] %}{% set a = a + a %}{{ a }}";
        let strings = "{% set a = 'x' %}{% set b = a + a %}{{ b }}";
        let mut filter_block = String::from("{% set a0 = 'xxxxxxxxxxxxxxxx' %}");
        for i in 1..=40 {
            filter_block.push_str(&format!(
                "{{% set a{i} %}}{{% filter upper %}}{{{{a{p}}}}}{{{{a{p}}}}}{{% endfilter %}}{{% endset %}}",
                p = i - 1
            ));
        }
        filter_block.push_str("{{ a40|length }}");
        for bomb in [&captured, &formatted, &upper, lists, strings, &filter_block] {
            let dir = tempfile::tempdir().expect("temp");
            let over = dir.path().join(OVERRIDE_DIR);
            std::fs::create_dir_all(&over).expect("mkdir");
            std::fs::write(over.join("b.md"), bomb).expect("write");
            let t = Templates {
                embedded: &[("b.md", "")],
                workspace: Some(dir.path()),
                fuel: REPORT_FUEL,
            };
            let start = std::time::Instant::now();
            let r = t.render("b.md", &serde_json::json!({}), Escape::Markdown, |_| {});
            assert!(r.is_err(), "{bomb}");
            assert!(
                start.elapsed() < std::time::Duration::from_secs(5),
                "{bomb}"
            );
        }
        // Numbers still add up, without `+`.
        let t = Templates {
            embedded: &[("n.md", "{{ [2, 3] | sum }} {{ 7 - 2 }}")],
            workspace: None,
            fuel: FILE_FUEL,
        };
        assert_eq!(
            t.render("n.md", &serde_json::json!({}), Escape::Markdown, |_| {})
                .expect("sum"),
            "5 5"
        );
        // Text and strings with those characters are fine.
        assert_eq!(
            forbidden("a * b ~ c + d {{ 'x*y~z+w' }} {# a * b + c #}"),
            None
        );
        assert!(forbidden("{{ a + b }}").is_some());
        assert!(forbidden("{{ x|__cairn_upper }}").is_some());
        assert_eq!(forbidden("{% raw %}{{ a * b }}{% endraw %}"), None);
        assert!(forbidden("{{ a*2 }}").is_some());
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
