//! `cairn serve`: the dashboard, live from the working tree, on 127.0.0.1, with editing.
//!
//! Every page is the dashboard's page rendered from the files as they are at the request;
//! a small script (`/assets/serve.js`, no build step) adds the controls. Every change is a
//! cairn command line run in this process with `--format json` (the same lock, check and
//! atomic write as in a terminal): an edit that would add an error is refused, answered
//! 422 with the findings, and nothing is written. Requests need the token the server
//! prints (a cookie once the printed URL was opened, or `Authorization: Bearer`), a
//! `Host` of this server, and for changes an `Origin` of this server (or none). A thread
//! watches the files and tells open pages (server-sent events) to reload within a second.

use crate::context::Context;
use clap::Args;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// Serve the plan in a browser, editable: the dashboard's pages rendered live from the
/// working tree, a board whose cards move, a page per task to edit, a commit button.
///
/// Listens on 127.0.0.1 only and prints a URL with a random token (needed by every
/// request). The JSON API the pages use is documented in docs/json.md (`cairn serve`).
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port (default: a free one).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
    /// Open the URL in the default browser (`xdg-open`, `open`).
    #[arg(long)]
    pub open: bool,
    /// Serve the pages without editing: every request that changes something is refused.
    #[arg(long)]
    pub read_only: bool,
    /// Who the browser's edits are by (comments); default: CAIRN_USER, else git's
    /// user.email matched to a person.
    #[arg(long = "as", value_name = "PERSON")]
    pub as_: Option<String>,
}

/// Runs one cairn command line in this process; returns the exit code.
pub type Runner<'a> = dyn Fn(&[String], &mut dyn Write, &mut dyn Write) -> u8 + Sync + 'a;

/// What a command line said: its JSON, or why it failed.
enum Outcome {
    Ok(Value),
    /// An edit refused for the errors it would add (its JSON lists them).
    Refused(Value),
    Failed {
        error: String,
        hint: Option<String>,
    },
}

pub struct Server<'a> {
    ctx: &'a Context,
    args: &'a ServeArgs,
    global: Vec<String>,
    run: &'a Runner<'a>,
    token: String,
    /// `127.0.0.1:PORT`, `localhost:PORT`: the hosts (and origins) this server is.
    hosts: Vec<String>,
    /// Open event streams, told when a file changes.
    streams: Mutex<Vec<Sender<()>>>,
    root: PathBuf,
}

/// A random token: 128 bits from the system's generator.
fn token() -> String {
    let mut bytes = [0u8; 16];
    let filled = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if !filled {
        // No /dev/urandom: the clock and the process, hashed by std's keyed hasher.
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            h.write_u32(std::process::id());
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl<'a> Server<'a> {
    pub fn new(
        ctx: &'a Context,
        args: &'a ServeArgs,
        global: Vec<String>,
        run: &'a Runner<'a>,
        root: PathBuf,
    ) -> Self {
        Server {
            ctx,
            args,
            global,
            run,
            token: token(),
            hosts: Vec::new(),
            streams: Mutex::new(Vec::new()),
            root,
        }
    }

    /// Listens and answers until the process is stopped.
    pub fn serve(mut self, out: &mut dyn Write) -> std::io::Result<u8> {
        let http = tiny_http::Server::http(("127.0.0.1", self.args.port))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let port = http
            .server_addr()
            .to_ip()
            .map_or(self.args.port, |a| a.port());
        self.hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
        let url = format!("http://127.0.0.1:{port}/?token={}", self.token);
        writeln!(out, "cairn serve: {url}")?;
        if self.args.read_only {
            writeln!(out, "read-only: nothing can be changed from the browser")?;
        }
        writeln!(out, "(Ctrl-C stops it)")?;
        out.flush()?;
        if self.args.open {
            let opener = if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            };
            let _ = std::process::Command::new(opener).arg(&url).spawn();
        }
        let me = &self;
        std::thread::scope(|s| {
            s.spawn(move || me.watch());
            for req in http.incoming_requests() {
                s.spawn(move || me.handle(req));
            }
        });
        Ok(0)
    }

    /// Polls the workspace's files; a change (an editor, a `git pull`, an edit here) tells
    /// every open page.
    fn watch(&self) {
        let mut last = None;
        loop {
            let now = fingerprint(&self.root);
            if last.is_some() && now != last {
                let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
                streams.retain(|s| s.send(()).is_ok());
            }
            last = now;
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    fn authorized(&self, req: &tiny_http::Request) -> bool {
        let bearer =
            header(req, "Authorization").and_then(|v| v.strip_prefix("Bearer ").map(str::to_owned));
        let cookie = header(req, "Cookie").and_then(|c| {
            c.split(';')
                .find_map(|kv| kv.trim().strip_prefix("cairn_token=").map(str::to_owned))
        });
        let query = query_param(req.url(), "token");
        [bearer, cookie, query]
            .iter()
            .flatten()
            .any(|t| constant_eq(t.as_bytes(), self.token.as_bytes()))
    }

    fn handle(&self, mut req: tiny_http::Request) {
        // DNS rebinding: only this server's own names.
        let host_ok = header(&req, "Host").is_some_and(|h| self.hosts.contains(&h));
        let method = req.method().clone();
        let changes = !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head);
        let origin_ok = header(&req, "Origin")
            .is_none_or(|o| self.hosts.iter().any(|h| o == format!("http://{h}")));
        if !host_ok || !self.authorized(&req) || (changes && !origin_ok) {
            let _ = req.respond(json_response(
                403,
                &json!({"error": "forbidden: this needs the token cairn serve printed, from this server's own pages"}),
            ));
            return;
        }
        let url = req.url().to_owned();
        let path = url.split('?').next().unwrap_or("/").to_owned();
        // The printed URL: remember the token in a cookie, then the dashboard.
        if path == "/" {
            let mut r = tiny_http::Response::empty(303).with_header(hdr("Location", "/index.html"));
            if query_param(&url, "token").is_some() {
                r = r.with_header(hdr(
                    "Set-Cookie",
                    &format!(
                        "cairn_token={}; Path=/; HttpOnly; SameSite=Strict",
                        self.token
                    ),
                ));
            }
            let _ = req.respond(r);
            return;
        }
        if changes && self.args.read_only {
            let _ = req.respond(json_response(
                403,
                &json!({"error": "this server is --read-only"}),
            ));
            return;
        }
        let mut body = String::new();
        if changes {
            let _ = req.as_reader().take(1 << 20).read_to_string(&mut body);
        }
        let input: Value = if body.trim().is_empty() {
            json!({})
        } else {
            match serde_json::from_str(&body) {
                Ok(v) => v,
                Err(e) => {
                    let _ = req.respond(json_response(
                        400,
                        &json!({"error": format!("the body is not JSON: {e}")}),
                    ));
                    return;
                }
            }
        };
        if path == "/events" {
            let (tx, rx) = channel();
            self.streams
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(tx);
            events(req.into_writer(), &rx);
            return;
        }
        let response = match (&method, path.as_str()) {
            (tiny_http::Method::Get, "/assets/serve.js") => {
                asset(include_str!("../templates/serve.js"), "text/javascript")
            }
            (tiny_http::Method::Get, "/assets/serve.css") => {
                asset(include_str!("../templates/serve.css"), "text/css")
            }
            (tiny_http::Method::Get, p) if p.starts_with("/api/") => self.api_get(p),
            (_, p) if p.starts_with("/api/") => self.api_change(&method, p, &input),
            (tiny_http::Method::Get, p) if p.starts_with("/task/") => {
                self.task_page(&p["/task/".len()..])
            }
            (tiny_http::Method::Get, p) if p.starts_with("/meeting/") => {
                self.meeting_page(&p["/meeting/".len()..])
            }
            (tiny_http::Method::Get, p) => self.page(p.trim_start_matches('/')),
            _ => json_response(405, &json!({"error": "not allowed"})),
        };
        let _ = req.respond(response);
    }

    /// Runs `argv` (a cairn command line without the program) with `--format json`.
    fn run_json(&self, argv: Vec<String>) -> Outcome {
        let mut full: Vec<String> = vec!["cairn".into()];
        full.extend(self.global.iter().cloned());
        full.extend(["--color".into(), "never".into(), "--no-pager".into()]);
        let at = argv.iter().position(|a| a == "--").unwrap_or(argv.len());
        let mut argv = argv;
        argv.splice(at..at, ["--format".to_owned(), "json".to_owned()]);
        full.extend(argv);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = (self.run)(&full, &mut out, &mut err);
        let parsed: Option<Value> = serde_json::from_slice(&out).ok();
        match parsed {
            Some(v) if code == 0 => Outcome::Ok(v),
            Some(v) if v.get("refused") == Some(&Value::Bool(true)) => Outcome::Refused(v),
            _ => {
                let text = String::from_utf8_lossy(&err);
                let mut error = String::new();
                let mut hint = None;
                for line in text.lines() {
                    if let Some(h) = line.strip_prefix("hint: ") {
                        hint = Some(h.to_owned());
                    } else if let Some(e) = line.strip_prefix("error: ") {
                        error = e.to_owned();
                    }
                }
                if error.is_empty() {
                    error = text.trim().to_owned();
                }
                Outcome::Failed { error, hint }
            }
        }
    }

    fn outcome_response(&self, o: Outcome) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        match o {
            Outcome::Ok(v) => json_response(200, &v),
            Outcome::Refused(v) => json_response(422, &v),
            Outcome::Failed { error, hint } => {
                let status = if error.starts_with("nothing with id") || error.starts_with("no task")
                {
                    404
                } else {
                    400
                };
                json_response(status, &json!({"error": error, "hint": hint}))
            }
        }
    }

    fn api_get(&self, path: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let parts: Vec<&str> = path.trim_start_matches("/api/").split('/').collect();
        match parts.as_slice() {
            ["tasks", id] => self.outcome_response(self.run_json(vec!["show".into(), decode(id)])),
            ["tasks"] => self.outcome_response(self.run_json(vec!["list".into(), "tasks".into()])),
            ["status"] => self.outcome_response(self.run_json(vec!["status".into()])),
            _ => json_response(404, &json!({"error": format!("no {path}")})),
        }
    }

    /// The changes: each a command line, answered 200 with the edit's JSON (its diff),
    /// 422 with the findings when refused, 400 when the request is wrong.
    fn api_change(
        &self,
        method: &tiny_http::Method,
        path: &str,
        input: &Value,
    ) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let parts: Vec<String> = path
            .trim_start_matches("/api/")
            .split('/')
            .map(decode)
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let text = |k: &str| input.get(k).and_then(Value::as_str).map(str::to_owned);
        let argv: Result<Vec<String>, String> = match (method, parts.as_slice()) {
            (tiny_http::Method::Patch, ["tasks", id]) => {
                let empty = serde_json::Map::new();
                let m = input.as_object().unwrap_or(&empty);
                crate::mcp::set_argv(id, m)
            }
            (tiny_http::Method::Post, ["tasks"]) => match text("title") {
                Some(title) if !title.trim().is_empty() => {
                    let mut a = vec!["new".to_owned(), "task".to_owned()];
                    for k in ["project", "milestone", "due", "estimate", "priority"] {
                        if let Some(v) = text(k).filter(|v| !v.is_empty()) {
                            a.push(format!("--{k}"));
                            a.push(v);
                        }
                    }
                    if let Some(v) = text("assignee").filter(|v| !v.is_empty()) {
                        a.push("--assignee".into());
                        a.push(v);
                    }
                    a.push("--".into());
                    a.push(title);
                    Ok(a)
                }
                _ => Err("a new task needs a `title`".into()),
            },
            (tiny_http::Method::Post, ["tasks", id, "comment"]) => match text("text") {
                Some(t) if !t.trim().is_empty() => {
                    let mut a = vec!["comment".to_owned(), (*id).to_owned()];
                    if let Some(me) = &self.args.as_ {
                        a.push("--as".into());
                        a.push(me.clone());
                    }
                    a.push("--".into());
                    a.push(t);
                    Ok(a)
                }
                _ => Err("a comment needs `text`".into()),
            },
            (tiny_http::Method::Post, ["tasks", id, "checklist", n]) => {
                let verb = if input.get("checked") == Some(&Value::Bool(false)) {
                    "untick"
                } else {
                    "tick"
                };
                Ok(vec![verb.to_owned(), (*id).to_owned(), (*n).to_owned()])
            }
            (tiny_http::Method::Post, ["meetings", m, "actions"]) => match text("text") {
                Some(t) if !t.trim().is_empty() => Ok(vec![
                    "action".into(),
                    "add".into(),
                    "--".into(),
                    (*m).to_owned(),
                    t,
                ]),
                _ => Err("an action item needs `text`: `@person what to do due:friday`".into()),
            },
            (tiny_http::Method::Post, ["meetings", m, "actions", n]) => {
                let verb = if input.get("done") == Some(&Value::Bool(false)) {
                    "reopen"
                } else {
                    "done"
                };
                Ok(vec![
                    "action".into(),
                    verb.into(),
                    (*m).to_owned(),
                    (*n).to_owned(),
                ])
            }
            (tiny_http::Method::Post, ["meetings", m, "actions", n, "promote"]) => {
                Ok(vec!["promote".into(), (*m).to_owned(), (*n).to_owned()])
            }
            (tiny_http::Method::Post, ["decisions", d, "decide"]) => match text("option") {
                Some(o) => Ok(vec!["decide".into(), (*d).to_owned(), "--choose".into(), o]),
                None => Err("give the `option` chosen".into()),
            },
            (tiny_http::Method::Post, ["decisions", d, "supersede"]) => match text("by") {
                Some(b) => Ok(vec!["supersede".into(), (*d).to_owned(), "--by".into(), b]),
                None => Err("give the decision it is superseded `by`".into()),
            },
            (tiny_http::Method::Post, ["commit"]) => return self.commit(text("message")),
            _ => return json_response(404, &json!({"error": format!("no {path}")})),
        };
        match argv {
            Ok(a) => self.outcome_response(self.run_json(a)),
            Err(e) => json_response(400, &json!({"error": e})),
        }
    }

    /// Commits the workspace's changed files (never pushes).
    fn commit(&self, message: Option<String>) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let message = message
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| "Plan edited in cairn serve".into());
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .current_dir(&self.root)
                .args(args)
                .output()
        };
        let add = git(&["add", "-A", "--", "."]);
        let out = match add {
            Ok(a) if a.status.success() => git(&["commit", "-q", "-m", &message, "--", "."]),
            Ok(a) => Ok(a),
            Err(e) => Err(e),
        };
        match out {
            Ok(o) if o.status.success() => {
                let head = git(&["rev-parse", "--short", "HEAD"])
                    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                    .unwrap_or_default();
                json_response(
                    200,
                    &json!({"committed": true, "commit": head, "message": message}),
                )
            }
            Ok(o) => {
                let said = format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                );
                let nothing =
                    said.contains("nothing to commit") || said.contains("no changes added");
                json_response(
                    if nothing { 409 } else { 400 },
                    &json!({"committed": false, "error": if nothing { "nothing to commit".to_owned() } else { said.trim().to_owned() }}),
                )
            }
            Err(e) => json_response(
                400,
                &json!({"committed": false, "error": format!("cannot run git: {e}")}),
            ),
        }
    }

    /// A dashboard page, rendered from the files as they are now.
    fn page(&self, name: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let rendered = (|| -> Result<Option<String>, String> {
            let (source, ws) = self.ctx.load().map_err(|e| e.message)?;
            let report = cairn_core::ops::reports::data(&ws, &source, self.ctx.today, None, None)
                .map_err(|e| e.to_string())?;
            let pages = crate::render::report::html_pages(&report);
            let Some(page) = pages.iter().find(|p| p.path == name) else {
                return Ok(None);
            };
            crate::render::report::render(source.root(), page)
                .map(Some)
                .map_err(|e| e.to_string())
        })();
        match rendered {
            Ok(Some(html)) => html_response(200, &with_controls(&html, self.args.read_only)),
            Ok(None) => html_response(
                404,
                &with_controls(
                    &format!(
                        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><p>No page <code>{}</code>. <a href=\"/index.html\">The dashboard</a>.</p></main></body></html>",
                        esc(name)
                    ),
                    self.args.read_only,
                ),
            ),
            Err(e) => html_response(
                500,
                &format!("<!doctype html><title>cairn</title><p>{}</p>", esc(&e)),
            ),
        }
    }

    /// A task's page: its fields in a form, its checklist, a comment box.
    fn task_page(&self, id: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let id = decode(id);
        let shown = match self.run_json(vec!["show".into(), id.clone(), "--no-forecast".into()]) {
            Outcome::Ok(v) => v,
            _ => return self.page(&format!("no task {id}")),
        };
        let Ok((_, ws)) = self.ctx.load() else {
            return self.page("");
        };
        let t = &shown["task"];
        let s = |k: &str| t[k].as_str().unwrap_or("").to_owned();
        let list = |k: &str| {
            t[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        let select = |name: &str, values: &[String], current: &str| {
            let opts: String = values
                .iter()
                .map(|v| {
                    format!(
                        "<option{}>{}</option>",
                        if v == current { " selected" } else { "" },
                        esc(v)
                    )
                })
                .collect();
            format!("<select name=\"{name}\" id=\"f-{name}\">{opts}</select>")
        };
        let input = |name: &str, value: &str, kind: &str| {
            format!(
                "<input name=\"{name}\" id=\"f-{name}\" type=\"{kind}\" value=\"{}\">",
                esc(value)
            )
        };
        let statuses: Vec<String> = ws.config.statuses.iter().map(|(s, _)| s.clone()).collect();
        let priorities: Vec<String> = ["low", "normal", "high", "urgent"]
            .map(String::from)
            .to_vec();
        let estimate = t["estimate_hours"]
            .as_f64()
            .map(|h| format!("{}h", cairn_core::model::format_hours(h)))
            .unwrap_or_default();
        let mut rows = vec![
            ("status", select("status", &statuses, &s("status"))),
            ("priority", select("priority", &priorities, &s("priority"))),
            ("assignee", input("assignee", &list("assignees"), "text")),
            ("due", input("due", &s("due"), "date")),
            ("estimate", input("estimate", &estimate, "text")),
            ("tags", input("tags", &list("tags"), "text")),
            (
                "depends_on",
                input("depends_on", &list("depends_on"), "text"),
            ),
        ];
        for def in ws.config.fields_of(cairn_core::model::FileKind::Task) {
            let current = match &t["fields"][&def.name] {
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::Null => String::new(),
                Value::String(v) => v.clone(),
                Value::Number(n) => n
                    .as_f64()
                    .map(cairn_core::model::format_number)
                    .unwrap_or_default(),
                other => other.to_string(),
            };
            let control = match &def.ty {
                cairn_core::model::FieldType::Enum(values) => {
                    let mut values = values.clone();
                    values.insert(0, String::new());
                    select(&def.name, &values, &current)
                }
                cairn_core::model::FieldType::Date => input(&def.name, &current, "date"),
                _ => input(&def.name, &current, "text"),
            };
            rows.push((def.name.as_str(), control));
        }
        let form: String = rows
            .iter()
            .map(|(label, control)| {
                format!("<label for=\"f-{label}\">{}</label>{control}", esc(label))
            })
            .collect();
        let checklist: String = t["body"]["checklist"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        format!(
                            "<li><label><input type=\"checkbox\" data-item=\"{}\"{}> {}</label></li>",
                            i + 1,
                            if c["checked"] == Value::Bool(true) { " checked" } else { "" },
                            esc(c["text"].as_str().unwrap_or(""))
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let discussion: String = t["body"]["discussion"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|e| {
                        format!(
                            "<li><span class=\"date\">{}</span> <b>@{}</b>: {}</li>",
                            esc(e["date"].as_str().unwrap_or("")),
                            esc(e["author"].as_str().unwrap_or("")),
                            esc(e["text"].as_str().unwrap_or(""))
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{id} · {title}</title><style>{style}</style></head><body><main>\
<nav aria-label=\"pages\"><a href=\"/index.html\">Projects</a><a href=\"/board.html\">Board</a></nav>\
<h1>{id} <span class=\"muted\">{title}</span></h1><p class=\"muted\">{file}</p>\
<form id=\"task-form\" data-id=\"{id}\" class=\"fields\">{form}<button type=\"submit\">Save</button></form>\
<div id=\"diagnostics\" role=\"alert\"></div>\
<h2>Checklist</h2><ul id=\"checklist\" data-id=\"{id}\">{checklist}</ul>\
<h2>Discussion</h2><ul>{discussion}</ul>\
<form id=\"comment-form\" data-id=\"{id}\"><label for=\"comment\">Comment</label><textarea id=\"comment\" name=\"text\" rows=\"2\"></textarea><button type=\"submit\">Comment</button></form>\
</main></body></html>",
            id = esc(&id),
            title = esc(&s("title")),
            file = esc(shown["derived"]["file"].as_str().unwrap_or("")),
            style = include_str!("../templates/report-style.css"),
        );
        html_response(200, &with_controls(&html, self.args.read_only))
    }
}

impl Server<'_> {
    /// A meeting's page: its action items to tick, reopen and promote, one to add.
    fn meeting_page(&self, id: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let id = decode(id);
        let shown = match self.run_json(vec!["show".into(), id.clone()]) {
            Outcome::Ok(v) if v["kind"] == "meeting" => v,
            _ => return self.page(&format!("no meeting {id}")),
        };
        let m = &shown["meeting"];
        let items: String = shown["actions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        let n = x["number"].as_u64().unwrap_or(0);
                        let item = &x["item"];
                        let done = item["checked"] == Value::Bool(true);
                        let words: String = item["text"]
                            .as_str()
                            .unwrap_or("")
                            .split_whitespace()
                            .filter(|w| !w.starts_with("due:"))
                            .collect::<Vec<_>>()
                            .join(" ");
                        format!(
                            "<li data-meeting=\"{id}\" data-item=\"{n}\"><label><input type=\"checkbox\" class=\"action-done\"{}> {}</label>{} </li>",
                            if done { " checked" } else { "" },
                            esc(&words),
                            item["due"]
                                .as_str()
                                .map(|d| format!(" <span class=\"date\">due {}</span>", esc(d)))
                                .unwrap_or_default(),
                            id = esc(&id),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{style}</style></head><body><main>\
<nav aria-label=\"pages\"><a href=\"/index.html\">Projects</a><a href=\"/actions.html\">Action items</a><a href=\"/board.html\">Board</a></nav>\
<h1>{title} <span class=\"muted\">{date}</span></h1><p class=\"muted\">{file}</p>\
<div id=\"diagnostics\" role=\"alert\"></div>\
<h2>Action items</h2><ul id=\"actions\">{items}</ul>\
<form id=\"action-form\" data-meeting=\"{id}\"><label for=\"action-text\">New action item</label><input id=\"action-text\" name=\"text\" placeholder=\"@person what to do due:friday\"><button type=\"submit\">Add</button></form>\
</main></body></html>",
            id = esc(&id),
            title = esc(m["title"].as_str().unwrap_or(&id)),
            date = esc(m["date"].as_str().unwrap_or("")),
            file = esc(shown["file"].as_str().unwrap_or("")),
            style = include_str!("../templates/report-style.css"),
        );
        html_response(200, &with_controls(&html, self.args.read_only))
    }
}

/// The files' names, sizes and modification times, hashed: changes when a file does.
fn fingerprint(root: &std::path::Path) -> Option<u64> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    walkdir_like(root).hash(&mut h);
    Some(h.finish())
}

/// `(path, size, modified)` of cairn.yaml and every file under the item folders.
fn walkdir_like(root: &std::path::Path) -> Vec<(String, u64, u128)> {
    let mut out = Vec::new();
    let mut todo: Vec<PathBuf> = std::iter::once(root.join(cairn_core::load::CONFIG_FILE))
        .chain(
            cairn_core::model::FileKind::LISTED
                .iter()
                .map(|f| root.join(f)),
        )
        .collect();
    while let Some(p) = todo.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                todo.extend(rd.flatten().map(|e| e.path()));
            }
        } else {
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            out.push((p.display().to_string(), meta.len(), mtime));
        }
        if out.len() > 200_000 {
            break;
        }
    }
    out.sort();
    out
}

/// An event stream on the raw connection (written and flushed event by event):
/// `event: change` whenever the files change, a comment every 15 s; a closed page is
/// noticed when a write fails.
fn events(mut w: Box<dyn Write + Send>, rx: &Receiver<()>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let chunk: &[u8] = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(()) => b"event: change\ndata: {}\n\n",
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => b": still here\n\n",
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(chunk).and_then(|()| w.flush()).is_err() {
            return;
        }
    }
}

fn header(req: &tiny_http::Request, name: &'static str) -> Option<String> {
    req.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_owned())
}

fn esc(s: &str) -> String {
    crate::render::html::esc(s)
}

fn hdr(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        tiny_http::Header::from_bytes(&b"X-Cairn"[..], &b"1"[..]).expect("a valid header")
    })
}

fn json_response(status: u16, v: &Value) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(serde_json::to_vec_pretty(v).unwrap_or_default())
        .with_status_code(status)
        .with_header(hdr("Content-Type", "application/json"))
        .with_header(hdr("Cache-Control", "no-store"))
}

fn html_response(status: u16, html: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(html.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(hdr("Content-Type", "text/html; charset=utf-8"))
        .with_header(hdr("Cache-Control", "no-store"))
        .with_header(hdr(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'",
        ))
        .with_header(hdr("X-Frame-Options", "DENY"))
}

fn asset(text: &'static str, kind: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(text.as_bytes().to_vec())
        .with_header(hdr("Content-Type", &format!("{kind}; charset=utf-8")))
        .with_header(hdr("Cache-Control", "no-store"))
}

/// A page with the script and the styles that make it editable and live.
fn with_controls(html: &str, read_only: bool) -> String {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"/assets/serve.css\"><script type=\"module\" src=\"/assets/serve.js\" data-read-only=\"{read_only}\"></script>"
    );
    match html.find("</head>") {
        Some(i) => format!("{}{tags}{}", &html[..i], &html[i..]),
        None => format!("{tags}{html}"),
    }
}

fn query_param(url: &str, key: &str) -> Option<String> {
    url.split_once('?')?
        .1
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .map(decode)
}

/// `%XX` and `+` decoded.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
                {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Equal without a timing that says how much of the token was right.
fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_decode_and_tokens_compare() {
        assert_eq!(decode("T-12%20x+y"), "T-12 x y");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(
            query_param("/?a=1&token=ab%2F", "token").as_deref(),
            Some("ab/")
        );
        assert!(constant_eq(b"abc", b"abc"));
        assert!(!constant_eq(b"abc", b"abd"));
        assert!(!constant_eq(b"abc", b"ab"));
        assert_eq!(token().len(), 32);
        assert_ne!(token(), token());
    }

    #[test]
    fn controls_go_in_the_head() {
        let html = with_controls(
            "<html><head><title>x</title></head><body></body></html>",
            false,
        );
        assert!(html.contains("<script type=\"module\" src=\"/assets/serve.js\" data-read-only=\"false\"></script></head>"));
    }
}
