//! `cairn mcp`: the Model Context Protocol over stdio, newline-delimited JSON-RPC 2.0.
//!
//! Every tool is a cairn command with `--format json`: its input mirrors the command's
//! flags, its structured output is the command's JSON (docs/json.md), and an edit goes
//! through the same lock, check and atomic write as on the command line, so an edit that
//! would add an error is refused with the findings and nothing written. The server holds
//! no workspace between calls: each call reads the files as they are then.
//!
//! A small JSON-RPC layer rather than an SDK: the Rust SDK (`rmcp`) is built on an async
//! runtime (tokio) that cairn, a synchronous program, has no other use for, and the part
//! of the protocol a stdio tool server speaks (initialize, ping, tools, resources) is a
//! page of code over serde_json.

use clap::Args;
use serde_json::{Map, Value, json};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Serve the workspace to an agent over the Model Context Protocol (stdio).
///
/// Reads JSON-RPC messages, one per line, from standard input and answers on standard
/// output. Tools: list, search, show, status, plan, workload, check, review, inbox (read),
/// and new_task, set, start, done, assign, depend, tag, comment, log, action_add, decide
/// (write; each takes `dry_run`). Resources: the workspace's files and cairn's format
/// documentation.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Offer only the tools that read.
    #[arg(long)]
    pub read_only: bool,
    /// Who the agent acts as (comment author, time log owner, `@me`, the inbox); default:
    /// CAIRN_USER, else the person whose `email:` is your git user.email.
    #[arg(long = "as", value_name = "PERSON")]
    pub as_: Option<String>,
}

/// Runs one cairn command line (`["cairn", "list", ...]`) in this process, writing its
/// output and messages; returns the exit code.
pub type Runner<'a> = dyn Fn(&[String], &mut dyn Write, &mut dyn Write) -> u8 + 'a;

/// The protocol revisions this server speaks, newest first. A client asking for another
/// gets the newest with the initialize handshake.
const VERSIONS: [&str; 3] = ["2025-11-25", "2025-06-18", "2025-03-26"];

/// The longest message read (a line); longer ones are answered with a parse error.
const MAX_MESSAGE: usize = 4 << 20;

/// Resources listed per page.
const PAGE: usize = 500;

pub struct Server<'a> {
    args: &'a McpArgs,
    /// `-C DIR`, `--today DATE` as given to `cairn mcp`, put before every command.
    global: Vec<String>,
    dir: PathBuf,
    run: &'a Runner<'a>,
}

/// A JSON-RPC error.
struct RpcError {
    code: i64,
    message: String,
}

fn rpc_error(code: i64, message: impl Into<String>) -> RpcError {
    RpcError {
        code,
        message: message.into(),
    }
}

impl<'a> Server<'a> {
    pub fn new(args: &'a McpArgs, global: Vec<String>, dir: PathBuf, run: &'a Runner<'a>) -> Self {
        Server {
            args,
            global,
            dir,
            run,
        }
    }

    /// Answers messages from `input` until it ends. Returns the exit code (0).
    pub fn serve(&self, input: &mut dyn BufRead, out: &mut dyn Write) -> std::io::Result<u8> {
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = std::io::Read::take(&mut *input, MAX_MESSAGE as u64 + 1)
                .read_until(b'\n', &mut line)?;
            if n == 0 {
                return Ok(0);
            }
            if line.len() > MAX_MESSAGE && !line.ends_with(b"\n") {
                // Skip the rest of the oversized line.
                let mut sink = Vec::new();
                input.read_until(b'\n', &mut sink)?;
                self.send(
                    out,
                    error_reply(Value::Null, rpc_error(-32700, "message too long")),
                )?;
                continue;
            }
            let text = String::from_utf8_lossy(&line);
            if text.trim().is_empty() {
                continue;
            }
            if let Some(reply) = self.handle(text.trim()) {
                self.send(out, reply)?;
            }
        }
    }

    fn send(&self, out: &mut dyn Write, v: Value) -> std::io::Result<()> {
        // serde_json escapes line breaks inside strings: one message, one line.
        writeln!(out, "{v}")?;
        out.flush()
    }

    /// The reply to one message, `None` for a notification.
    pub fn handle(&self, text: &str) -> Option<Value> {
        let msg: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                return Some(error_reply(
                    Value::Null,
                    rpc_error(-32700, format!("not JSON: {e}")),
                ));
            }
        };
        let Some(obj) = msg.as_object() else {
            return Some(error_reply(
                Value::Null,
                rpc_error(-32600, "a message is a JSON object"),
            ));
        };
        let id = obj.get("id").cloned();
        let Some(method) = obj.get("method").and_then(Value::as_str) else {
            // A response to a request we never sent, or garbage: answered only if it has an id.
            return id.map(|id| error_reply(id, rpc_error(-32600, "no `method`")));
        };
        let params = obj
            .get("params")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        let Some(id) = id else {
            // Notifications (`notifications/initialized`, `notifications/cancelled`) need
            // no answer; every call here finishes before the next is read.
            return None;
        };
        let result = match method {
            "initialize" => Ok(self.initialize(&params)),
            "ping" => Ok(json!({})),
            "tools/list" => Ok(self.tools_list()),
            "tools/call" => self.tools_call(&params),
            "resources/list" => self.resources_list(&params),
            "resources/read" => self.resources_read(&params),
            "resources/templates/list" => Ok(json!({"resourceTemplates": []})),
            "prompts/list" => Ok(json!({"prompts": []})),
            other => Err(rpc_error(-32601, format!("no method `{other}`"))),
        };
        Some(match result {
            Ok(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
            Err(e) => error_reply(id, e),
        })
    }

    fn initialize(&self, params: &Value) -> Value {
        let asked = params
            .get("protocolVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let version = VERSIONS
            .iter()
            .find(|v| **v == asked)
            .unwrap_or(&VERSIONS[0]);
        json!({
            "protocolVersion": version,
            "capabilities": {"tools": {"listChanged": false}, "resources": {"listChanged": false}},
            "serverInfo": {"name": "cairn", "title": "cairn: the plan in plain text", "version": env!("CAIRN_VERSION")},
            "instructions": "cairn keeps a team's plan (projects, tasks, meetings, decisions) as Markdown files with YAML front matter. Read with list (a `where` filter), show, status, plan and check; change files only through the write tools, which check every edit and refuse one that would add an error (nothing is written; the findings come back). Pass dry_run: true to see the diff first. The format is the resource cairn://docs/format.md; every tool's JSON is described in cairn://docs/json.md."
        })
    }

    fn tools_list(&self) -> Value {
        let tools: Vec<Value> = tools()
            .iter()
            .filter(|t| !(self.args.read_only && t.write))
            .map(|t| {
                json!({
                    "name": t.name,
                    "title": t.title,
                    "description": t.description,
                    "inputSchema": t.input_schema(),
                    "outputSchema": t.output.clone(),
                    "annotations": {
                        "readOnlyHint": !t.write,
                        "destructiveHint": false,
                        "idempotentHint": !t.write,
                        "openWorldHint": false
                    }
                })
            })
            .collect();
        json!({ "tools": tools })
    }

    fn tools_call(&self, params: &Value) -> Result<Value, RpcError> {
        let name = params
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| rpc_error(-32602, "tools/call needs `name`"))?;
        let all = tools();
        let tool = all
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| rpc_error(-32602, format!("no tool `{name}`")))?;
        if tool.write && self.args.read_only {
            return Err(rpc_error(
                -32602,
                format!("`{name}` writes; this server is --read-only"),
            ));
        }
        let empty = Map::new();
        let input = match params.get("arguments") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(m)) => m,
            Some(_) => return Err(rpc_error(-32602, "`arguments` must be an object")),
        };
        // Input errors are the agent's to fix: a tool result saying what is wrong.
        let mut argv = match tool.check_input(input).and_then(|()| (tool.argv)(input)) {
            Ok(a) => a,
            Err(msg) => return Ok(failure(&msg, None)),
        };
        // Flags go before a `--` that ends them (values an agent wrote stay values).
        let mut flags = vec!["--format".to_owned(), "json".to_owned()];
        if tool.write && flag(input, "dry_run").unwrap_or(false) {
            flags.push("--dry-run".into());
        }
        let at = argv.iter().position(|a| a == "--").unwrap_or(argv.len());
        argv.splice(at..at, flags);
        let mut full: Vec<String> = vec!["cairn".into()];
        full.extend(self.global.iter().cloned());
        full.extend(["--color".into(), "never".into(), "--no-pager".into()]);
        full.extend(argv);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = (self.run)(&full, &mut out, &mut err);
        let stdout = String::from_utf8_lossy(&out);
        let stderr = String::from_utf8_lossy(&err);
        let parsed: Option<Value> = serde_json::from_str(stdout.trim()).ok();
        let findings_ok = tool.name == "check" && code == 1;
        Ok(match parsed {
            Some(v) if code == 0 || findings_ok => success(v),
            // A refused edit: the findings as data, nothing written.
            Some(v) if v.get("refused") == Some(&Value::Bool(true)) => {
                let n = v["added"].as_array().map_or(0, Vec::len);
                let mut r = success(v);
                r["isError"] = json!(true);
                r["content"][0]["text"] = json!(format!(
                    "refused: the edit would add {n} error{}; nothing was written\n{}",
                    if n == 1 { "" } else { "s" },
                    r["content"][0]["text"].as_str().unwrap_or_default()
                ));
                r
            }
            _ => failure(stderr.trim(), Some(code)),
        })
    }

    /// The workspace folder: the nearest one at or above `-C` holding `cairn.yaml`.
    fn root(&self) -> Result<PathBuf, RpcError> {
        let start = self
            .dir
            .canonicalize()
            .map_err(|e| rpc_error(-32603, format!("cannot use {}: {e}", self.dir.display())))?;
        start
            .ancestors()
            .find(|d| d.join(cairn_core::load::CONFIG_FILE).is_file())
            .map(Path::to_path_buf)
            .ok_or_else(|| rpc_error(-32603, "no cairn.yaml here or above"))
    }

    fn listing(&self) -> Result<(PathBuf, Vec<String>), RpcError> {
        let root = self.root()?;
        let source = cairn_core::load::source::DirSource::new(&root)
            .map_err(|e| rpc_error(-32603, format!("cannot open the workspace: {e}")))?;
        let mut files = vec![cairn_core::load::CONFIG_FILE.to_owned()];
        use cairn_core::load::source::TreeSource;
        files.extend(
            source
                .list()
                .map_err(|e| rpc_error(-32603, format!("cannot list the workspace: {e}")))?
                .files,
        );
        Ok((root, files))
    }

    fn resources_list(&self, params: &Value) -> Result<Value, RpcError> {
        let (_, files) = self.listing()?;
        let start: usize = match params.get("cursor").and_then(Value::as_str) {
            Some(c) => c.parse().map_err(|_| rpc_error(-32602, "unknown cursor"))?,
            None => 0,
        };
        let mut resources: Vec<Value> = Vec::new();
        if start == 0 {
            for (name, title) in DOCS.iter().map(|(n, t, _)| (n, t)) {
                resources.push(json!({
                    "uri": format!("cairn://docs/{name}"),
                    "name": name,
                    "title": title,
                    "mimeType": "text/markdown"
                }));
            }
        }
        for f in files.iter().skip(start).take(PAGE) {
            resources.push(json!({
                "uri": format!("cairn://workspace/{f}"),
                "name": f,
                "mimeType": if f.ends_with(".md") { "text/markdown" } else { "text/plain" }
            }));
        }
        let mut r = json!({ "resources": resources });
        if start + PAGE < files.len() {
            r["nextCursor"] = json!((start + PAGE).to_string());
        }
        Ok(r)
    }

    fn resources_read(&self, params: &Value) -> Result<Value, RpcError> {
        let uri = params
            .get("uri")
            .and_then(Value::as_str)
            .ok_or_else(|| rpc_error(-32602, "resources/read needs `uri`"))?;
        if let Some(name) = uri.strip_prefix("cairn://docs/") {
            let (_, _, text) = DOCS
                .iter()
                .find(|(n, _, _)| *n == name)
                .ok_or_else(|| rpc_error(-32002, format!("no resource `{uri}`")))?;
            return Ok(
                json!({"contents": [{"uri": uri, "mimeType": "text/markdown", "text": text}]}),
            );
        }
        let rel = uri
            .strip_prefix("cairn://workspace/")
            .ok_or_else(|| rpc_error(-32002, format!("no resource `{uri}`")))?;
        // Only the files the workspace lists (never a path an agent makes up).
        let (root, files) = self.listing()?;
        if !files.iter().any(|f| f == rel) {
            return Err(rpc_error(-32002, format!("no resource `{uri}`")));
        }
        use cairn_core::load::source::TreeSource;
        let source = cairn_core::load::source::DirSource::new(&root)
            .map_err(|e| rpc_error(-32603, format!("cannot open the workspace: {e}")))?;
        let bytes = source
            .read(rel)
            .map_err(|e| rpc_error(-32603, format!("cannot read {rel}: {e}")))?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(json!({"contents": [{
            "uri": uri,
            "mimeType": if rel.ends_with(".md") { "text/markdown" } else { "text/plain" },
            "text": text
        }]}))
    }
}

/// The documentation served as resources: name, title, text.
const DOCS: [(&str, &str, &str); 2] = [
    (
        "format.md",
        "The workspace format: files, fields, rules, the forecast",
        include_str!("../docs/format.md"),
    ),
    (
        "json.md",
        "The JSON every command (and tool) returns",
        include_str!("../docs/json.md"),
    ),
];

fn error_reply(id: Value, e: RpcError) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": e.code, "message": e.message}})
}

/// A tool result with structured content (and the same JSON as text, for clients that
/// read only text).
fn success(v: Value) -> Value {
    let text = v.to_string();
    json!({"content": [{"type": "text", "text": text}], "structuredContent": v, "isError": false})
}

/// A tool result for a call that could not run: the message (and hint) cairn printed.
fn failure(message: &str, code: Option<u8>) -> Value {
    let mut error = String::new();
    let mut hint = None;
    for line in message.lines() {
        if let Some(h) = line.strip_prefix("hint: ") {
            hint = Some(h.to_owned());
        } else {
            if !error.is_empty() {
                error.push('\n');
            }
            error.push_str(line.strip_prefix("error: ").unwrap_or(line));
        }
    }
    json!({
        "content": [{"type": "text", "text": message}],
        "structuredContent": {"error": error, "hint": hint, "exit_code": code},
        "isError": true
    })
}

// ---- Tool inputs -------------------------------------------------------------------

type Input = Map<String, Value>;

fn text(m: &Input, key: &str) -> Result<Option<String>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(format!("`{key}` must be text")),
    }
}

fn required(m: &Input, key: &str) -> Result<String, String> {
    text(m, key)?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| format!("`{key}` is required"))
}

fn list(m: &Input, key: &str) -> Result<Vec<String>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{key}` must be a list of text"))
            })
            .collect(),
        Some(_) => Err(format!("`{key}` must be a list of text")),
    }
}

fn flag(m: &Input, key: &str) -> Result<bool, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("`{key}` must be true or false")),
    }
}

fn number(m: &Input, key: &str) -> Result<Option<u64>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("`{key}` must be a whole number")),
    }
}

/// `--flag value` when the value is given.
fn opt(argv: &mut Vec<String>, flag: &str, v: Option<String>) {
    if let Some(v) = v {
        argv.push(flag.to_owned());
        argv.push(v);
    }
}

/// `--flag a,b` when the list is not empty.
fn opt_list(argv: &mut Vec<String>, flag: &str, v: Vec<String>) {
    if !v.is_empty() {
        argv.push(flag.to_owned());
        argv.push(v.join(","));
    }
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

// ---- The tools ---------------------------------------------------------------------

/// One tool: a cairn command behind a JSON input.
struct Tool {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    write: bool,
    /// `(name, schema, required)` of each input property.
    props: Vec<(&'static str, Value, bool)>,
    output: Value,
    argv: fn(&Input) -> Result<Vec<String>, String>,
}

impl Tool {
    fn input_schema(&self) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        for (name, schema, req) in &self.props {
            props.insert((*name).to_owned(), schema.clone());
            if *req {
                required.push(*name);
            }
        }
        if self.write {
            props.insert(
                "dry_run".into(),
                json!({"type": "boolean", "description": "Return the diff (which `git apply` accepts) and what the change adds or fixes; write nothing."}),
            );
        }
        json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
    }

    /// Unknown keys are refused (a misspelt `were` must not silently list everything).
    fn check_input(&self, input: &Input) -> Result<(), String> {
        for k in input.keys() {
            let known = self.props.iter().any(|(n, _, _)| n == k) || (self.write && k == "dry_run");
            if !known {
                let names: Vec<&str> = self.props.iter().map(|(n, _, _)| *n).collect();
                return Err(format!(
                    "`{k}` is not an input of {}; its inputs: {}",
                    self.name,
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ));
            }
        }
        Ok(())
    }
}

fn s(desc: &str) -> Value {
    json!({"type": "string", "description": desc})
}

fn strings(desc: &str) -> Value {
    json!({"type": "array", "items": {"type": "string"}, "description": desc})
}

fn boolean(desc: &str) -> Value {
    json!({"type": "boolean", "description": desc})
}

fn whole(desc: &str) -> Value {
    json!({"type": "integer", "minimum": 1, "description": desc})
}

fn one_of(values: &[&str], desc: &str) -> Value {
    json!({"type": "string", "enum": values, "description": desc})
}

/// The output of a read command: `{"version": 1, key: ...}` as docs/json.md describes.
fn read_output(keys: &[(&str, &str)], section: &str) -> Value {
    let mut props = Map::new();
    props.insert("version".into(), json!({"type": "integer", "const": 1}));
    for (k, ty) in keys {
        props.insert((*k).to_owned(), json!({"type": ty}));
    }
    json!({
        "type": "object",
        "description": format!("As `{section}` in cairn://docs/json.md."),
        "properties": props,
        "required": ["version"]
    })
}

/// What every write tool returns: the edit's JSON (docs/json.md, "Edits").
fn edit_output() -> Value {
    let diag = json!({"type": "object", "properties": {
        "rule": {"type": "string"}, "severity": {"type": "string"}, "file": {"type": "string"},
        "line": {"type": "integer"}, "column": {"type": "integer"}, "message": {"type": "string"},
        "hint": {"type": ["string", "null"]}
    }});
    json!({
        "type": "object",
        "description": "As \"Edits with --format json\" in cairn://docs/json.md. `refused`: the edit would add the errors in `added`, and nothing was written.",
        "properties": {
            "version": {"type": "integer", "const": 1},
            "changed": {"type": "boolean"},
            "written": {"type": "boolean"},
            "refused": {"type": "boolean"},
            "id": {"type": ["string", "null"]},
            "files": {"type": "array", "items": {"type": "object"}},
            "added": {"type": "array", "items": diag},
            "fixed": {"type": "array", "items": diag},
            "diff": {"type": "string"}
        },
        "required": ["version", "changed", "written", "refused", "files", "added", "fixed", "diff"]
    })
}

fn tools() -> Vec<Tool> {
    let id = || ("id", s("A task id (`T-12`)"), true);
    vec![
        Tool {
            name: "list",
            title: "List tasks and other items",
            description: "Tasks (or meetings, decisions, projects, actions, people) with filters; `where` takes a filter expression such as `risk = high and due < +2w and assignee in (ann, @me)` (cairn://docs/format.md, Filters); `view` lists a saved view.",
            write: false,
            props: vec![
                (
                    "what",
                    one_of(
                        &[
                            "tasks",
                            "meetings",
                            "decisions",
                            "projects",
                            "actions",
                            "people",
                        ],
                        "What to list (default tasks)",
                    ),
                    false,
                ),
                (
                    "view",
                    s("A saved view's name (`views:` in cairn.yaml), without `@`"),
                    false,
                ),
                ("where", s("A filter expression over tasks"), false),
                (
                    "status",
                    strings("Statuses or categories (open, active, done, cancelled)"),
                    false,
                ),
                ("assignee", strings("Person ids"), false),
                ("project", strings("Project ids"), false),
                ("milestone", strings("Milestone ids"), false),
                ("tag", strings("Tags"), false),
                (
                    "overdue",
                    boolean("Only unfinished items past their due date"),
                    false,
                ),
                ("all", boolean("Finished items too"), false),
                (
                    "sort",
                    one_of(
                        &["id", "due", "priority", "forecast", "updated"],
                        "Order of tasks",
                    ),
                    false,
                ),
                ("limit", whole("At most this many"), false),
            ],
            output: read_output(
                &[
                    ("tasks", "array"),
                    ("meetings", "array"),
                    ("decisions", "array"),
                    ("projects", "array"),
                    ("actions", "array"),
                    ("people", "array"),
                ],
                "cairn list",
            ),
            argv: |m| {
                let mut a = vec!["list".to_owned()];
                match (text(m, "view")?, text(m, "what")?) {
                    (Some(v), _) => a.push(format!("@{}", v.trim_start_matches('@'))),
                    (None, Some(w)) => a.push(w),
                    (None, None) => a.push("tasks".into()),
                }
                opt(&mut a, "--where", text(m, "where")?);
                for k in ["status", "assignee", "project", "milestone", "tag"] {
                    opt_list(&mut a, &format!("--{k}"), list(m, k)?);
                }
                for k in ["overdue", "all"] {
                    if flag(m, k)? {
                        a.push(format!("--{k}"));
                    }
                }
                opt(&mut a, "--sort", text(m, "sort")?);
                opt(
                    &mut a,
                    "--limit",
                    number(m, "limit")?.map(|n| n.to_string()),
                );
                Ok(a)
            },
        },
        Tool {
            name: "search",
            title: "Search the plan's text",
            description: "Full-text search over titles, bodies, discussions, meeting notes and decisions: every word must occur; best matches first.",
            write: false,
            props: vec![
                (
                    "text",
                    s("The words to look for (\"quoted words\" are one phrase)"),
                    true,
                ),
                (
                    "kind",
                    strings("Only these kinds: task, meeting, decision, project"),
                    false,
                ),
                (
                    "where",
                    s("Only tasks this filter expression holds for"),
                    false,
                ),
                (
                    "limit",
                    whole("At most this many results (default 20)"),
                    false,
                ),
            ],
            output: read_output(
                &[("query", "string"), ("total", "integer"), ("hits", "array")],
                "cairn search",
            ),
            argv: |m| {
                let mut a = vec!["search".to_owned()];
                opt_list(&mut a, "--kind", list(m, "kind")?);
                opt(&mut a, "--where", text(m, "where")?);
                opt(
                    &mut a,
                    "--limit",
                    number(m, "limit")?.map(|n| n.to_string()),
                );
                a.push("--".into());
                a.push(required(m, "text")?);
                Ok(a)
            },
        },
        Tool {
            name: "show",
            title: "Show one item",
            description: "One task, decision, project, meeting or person: its fields resolved, what it blocks and waits for, its forecast, and the commits that mention it.",
            write: false,
            props: vec![(
                "id",
                s("A task or decision id (`T-12`, `D-4`), a project, meeting or person id"),
                true,
            )],
            output: read_output(&[("kind", "string"), ("file", "string")], "cairn show"),
            argv: |m| Ok(vec!["show".into(), required(m, "id")?]),
        },
        Tool {
            name: "status",
            title: "Progress and forecast",
            description: "Each project's progress, forecast finish against its due date, milestones, goals and what needs attention.",
            write: false,
            props: vec![
                ("project", s("Only this project"), false),
                (
                    "confidence",
                    boolean(
                        "Add the dates met with 50/85/95% odds (a simulation over the team's history)",
                    ),
                    false,
                ),
            ],
            output: read_output(
                &[("today", "string"), ("projects", "array")],
                "cairn status",
            ),
            argv: |m| {
                let mut a = vec!["status".to_owned()];
                a.extend(text(m, "project")?);
                if flag(m, "confidence")? {
                    a.push("--confidence".into());
                }
                Ok(a)
            },
        },
        Tool {
            name: "plan",
            title: "The schedule",
            description: "The leveled schedule: every unfinished task's start and finish, slack and critical chain.",
            write: false,
            props: vec![
                ("project", s("Only this project"), false),
                ("milestone", s("Only this milestone's chain"), false),
            ],
            output: read_output(&[("tasks", "array")], "cairn plan"),
            argv: |m| {
                let mut a = vec!["plan".to_owned()];
                a.extend(text(m, "project")?);
                opt(&mut a, "--milestone", text(m, "milestone")?);
                Ok(a)
            },
        },
        Tool {
            name: "workload",
            title: "Who is overloaded",
            description: "Each person's hours of work per week against the hours they have.",
            write: false,
            props: vec![("weeks", whole("How many weeks ahead (default 6)"), false)],
            output: read_output(&[("people", "array")], "cairn workload"),
            argv: |m| {
                let mut a = vec!["workload".to_owned()];
                opt(
                    &mut a,
                    "--weeks",
                    number(m, "weeks")?.map(|n| n.to_string()),
                );
                Ok(a)
            },
        },
        Tool {
            name: "check",
            title: "Check the plan",
            description: "Every rule: broken references, cycles, bad values, work that will miss its date. Findings are data, not a failure.",
            write: false,
            props: vec![],
            output: read_output(
                &[("diagnostics", "array"), ("summary", "object")],
                "cairn check",
            ),
            argv: |_| Ok(vec!["check".into()]),
        },
        Tool {
            name: "review",
            title: "What a change does to the plan",
            description: "Compares two git revisions (or a revision and the working tree): tasks added, closed and changed, forecasts that moved and why, findings introduced and fixed.",
            write: false,
            props: vec![
                (
                    "base",
                    s("The branch or revision the change goes into (`main`)"),
                    true,
                ),
                (
                    "head",
                    s("The revision with the change; default: the working tree"),
                    false,
                ),
            ],
            output: read_output(
                &[
                    ("summary", "string"),
                    ("tasks", "object"),
                    ("milestones", "array"),
                    ("findings", "object"),
                ],
                "cairn review",
            ),
            argv: |m| {
                let mut a = vec!["review".to_owned(), required(m, "base")?];
                a.extend(text(m, "head")?);
                Ok(a)
            },
        },
        Tool {
            name: "inbox",
            title: "What changed for me",
            description: "What changed since a date or revision for the person the server acts as: assignments, mentions, due dates, forecasts.",
            write: false,
            props: vec![(
                "since",
                s("A date (`2026-11-20`, `-2w`) or a revision; default: 7 days ago"),
                false,
            )],
            output: read_output(&[("person", "string"), ("items", "array")], "cairn inbox"),
            argv: |m| {
                let mut a = vec!["inbox".to_owned()];
                opt(
                    &mut a,
                    "--since",
                    Some(text(m, "since")?.unwrap_or_else(|| "-7d".into())),
                );
                Ok(a)
            },
        },
        Tool {
            name: "new_task",
            title: "Create a task",
            description: "A new task file with the next free id; refused when it would add an error (an unknown person, project or dependency).",
            write: true,
            props: vec![
                ("title", s("The task's title"), true),
                ("project", s("Project id"), false),
                ("milestone", s("Milestone id of the project"), false),
                ("assignee", strings("Person ids"), false),
                (
                    "due",
                    s("Due date: YYYY-MM-DD, or `friday`, `+3d`, `next week`"),
                    false,
                ),
                ("start", s("The earliest day work may start"), false),
                ("estimate", s("An effort: `4h`, `3d`, `1.5w`"), false),
                ("depends_on", strings("Task ids it waits for"), false),
                ("parent", s("The task this one is part of"), false),
                (
                    "priority",
                    one_of(&["low", "normal", "high", "urgent"], "Default normal"),
                    false,
                ),
                ("tags", strings("Tags"), false),
                ("body", s("The Markdown body"), false),
                (
                    "fields",
                    json!({"type": "object", "description": "The team's own fields (cairn.yaml `fields:`, or `x-…`), by name", "additionalProperties": {"type": ["string", "number", "boolean", "array"]}}),
                    false,
                ),
            ],
            output: edit_output(),
            argv: |m| {
                let mut a = vec!["new".to_owned(), "task".to_owned()];
                for k in [
                    "project",
                    "milestone",
                    "due",
                    "start",
                    "estimate",
                    "parent",
                    "priority",
                    "body",
                ] {
                    opt(&mut a, &format!("--{k}"), text(m, k)?);
                }
                opt_list(&mut a, "--assignee", list(m, "assignee")?);
                opt_list(&mut a, "--depends-on", list(m, "depends_on")?);
                opt_list(&mut a, "--tag", list(m, "tags")?);
                for (k, v) in field_pairs(m)? {
                    match v {
                        Some(v) => {
                            a.push("--field".into());
                            a.push(format!("{k}={v}"));
                        }
                        None => {
                            return Err(format!("`fields.{k}`: a new task has nothing to unset"));
                        }
                    }
                }
                a.push("--".into());
                a.push(required(m, "title")?);
                Ok(a)
            },
        },
        Tool {
            name: "set",
            title: "Set fields",
            description: "Sets front matter fields of a task, project, decision or meeting (`{\"priority\": \"low\", \"due\": \"friday\"}`; null removes one). A status moves as `start`/`done` do.",
            write: true,
            props: vec![
                ("id", s("The item's id"), true),
                (
                    "fields",
                    json!({"type": "object", "description": "Field names and values; null removes the field; a list is written as one", "additionalProperties": {"type": ["string", "number", "boolean", "array", "null"]}}),
                    true,
                ),
            ],
            output: edit_output(),
            argv: |m| set_argv(&required(m, "id")?, m),
        },
        Tool {
            name: "start",
            title: "Start a task",
            description: "Moves a task into the first active status.",
            write: true,
            props: vec![id()],
            output: edit_output(),
            argv: |m| Ok(vec!["start".into(), required(m, "id")?]),
        },
        Tool {
            name: "done",
            title: "Finish a task",
            description: "Moves a task into the first done status and sets `closed`.",
            write: true,
            props: vec![id()],
            output: edit_output(),
            argv: |m| Ok(vec!["done".into(), required(m, "id")?]),
        },
        Tool {
            name: "assign",
            title: "Assign people",
            description: "Adds assignees to a task.",
            write: true,
            props: vec![id(), ("people", strings("Person ids"), true)],
            output: edit_output(),
            argv: |m| {
                let people = list(m, "people")?;
                if people.is_empty() {
                    return Err("`people` names nobody".into());
                }
                let mut a = owned(&["assign"]);
                a.push(required(m, "id")?);
                a.extend(people);
                Ok(a)
            },
        },
        Tool {
            name: "depend",
            title: "Add or remove dependencies",
            description: "The task waits for the tasks named (or, with remove, no longer does); a cycle is refused.",
            write: true,
            props: vec![
                id(),
                ("on", strings("Task ids"), true),
                (
                    "remove",
                    boolean("Remove these dependencies instead"),
                    false,
                ),
            ],
            output: edit_output(),
            argv: |m| {
                let on = list(m, "on")?;
                if on.is_empty() {
                    return Err("`on` names no task".into());
                }
                let mut a = owned(&["depend"]);
                a.push(required(m, "id")?);
                a.push("on".into());
                a.extend(on);
                if flag(m, "remove")? {
                    a.push("--remove".into());
                }
                Ok(a)
            },
        },
        Tool {
            name: "tag",
            title: "Tag a task",
            description: "Adds and removes tags.",
            write: true,
            props: vec![
                id(),
                ("add", strings("Tags to add"), false),
                ("remove", strings("Tags to remove"), false),
            ],
            output: edit_output(),
            argv: |m| {
                let name = |t: String| t.trim_start_matches(['+', '-']).to_owned();
                let mut changes: Vec<String> = list(m, "add")?
                    .into_iter()
                    .map(|t| format!("+{}", name(t)))
                    .collect();
                changes.extend(
                    list(m, "remove")?
                        .into_iter()
                        .map(|t| format!("-{}", name(t))),
                );
                if changes.is_empty() {
                    return Err("give `add` or `remove`".into());
                }
                let mut a = owned(&["tag"]);
                a.push(required(m, "id")?);
                a.push("--".into());
                a.extend(changes);
                Ok(a)
            },
        },
        Tool {
            name: "comment",
            title: "Comment on a task",
            description: "A dated entry under the task's `## Discussion`, by the person the server acts as.",
            write: true,
            props: vec![id(), ("text", s("The comment (one line)"), true)],
            output: edit_output(),
            argv: |m| {
                Ok(vec![
                    "comment".into(),
                    required(m, "id")?,
                    "--".into(),
                    required(m, "text")?,
                ])
            },
        },
        Tool {
            name: "log",
            title: "Log time",
            description: "Appends `- DATE TASK DURATION note` to the time log of the person the server acts as.",
            write: true,
            props: vec![
                ("task", s("Task id"), true),
                ("duration", s("`3h`, `90m`, `1d`"), true),
                ("on", s("The day worked; default today"), false),
                ("message", s("What was done"), false),
            ],
            output: edit_output(),
            argv: |m| {
                let mut a = owned(&["log"]);
                opt(&mut a, "--on", text(m, "on")?);
                opt(&mut a, "--message", text(m, "message")?);
                a.push("--".into());
                a.push(required(m, "task")?);
                a.push(required(m, "duration")?);
                Ok(a)
            },
        },
        Tool {
            name: "action_add",
            title: "Add an action item",
            description: "Appends an open action item to a meeting's `## Action items`: `@person what to do due:friday`.",
            write: true,
            props: vec![
                ("meeting", s("Meeting id"), true),
                ("text", s("`@person what to do [due:DATE]`"), true),
            ],
            output: edit_output(),
            argv: |m| {
                Ok(vec![
                    "action".into(),
                    "add".into(),
                    "--".into(),
                    required(m, "meeting")?,
                    required(m, "text")?,
                ])
            },
        },
        Tool {
            name: "decide",
            title: "Record a decision",
            description: "Chooses an option of a decision and accepts it.",
            write: true,
            props: vec![
                ("id", s("Decision id (`D-3`)"), true),
                ("option", s("The option chosen (its `name`)"), true),
            ],
            output: edit_output(),
            argv: |m| {
                Ok(vec![
                    "decide".into(),
                    required(m, "id")?,
                    "--choose".into(),
                    required(m, "option")?,
                ])
            },
        },
    ]
}

/// `cairn set ID name=value … --unset name` from a `{"fields": {…}}` input (`null`
/// removes a field): the `set` tool's and `PATCH /api/tasks/<id>`'s command line.
pub(crate) fn set_argv(id: &str, m: &Input) -> Result<Vec<String>, String> {
    let pairs = field_pairs(m)?;
    if pairs.is_empty() {
        return Err("`fields` names nothing to set".into());
    }
    let mut a = vec!["set".to_owned(), id.to_owned()];
    let mut unset = Vec::new();
    for (k, v) in pairs {
        match v {
            Some(v) => a.push(format!("{k}={v}")),
            None => unset.push(k),
        }
    }
    for k in unset {
        a.push("--unset".into());
        a.push(k);
    }
    Ok(a)
}

/// `fields` of a `set` or `new_task` call as `name=value` text (`None` to unset): lists
/// comma-separated, numbers and booleans as written.
pub(crate) fn field_pairs(m: &Input) -> Result<Vec<(String, Option<String>)>, String> {
    let Some(v) = m.get("fields") else {
        return Ok(Vec::new());
    };
    let obj = v.as_object().ok_or("`fields` must be an object")?;
    obj.iter()
        .map(|(k, v)| {
            if k.contains('=') || k.trim().is_empty() {
                return Err(format!("`{k}` is not a field name"));
            }
            let value = match v {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                Value::Array(items) => Some(
                    items
                        .iter()
                        .map(|i| match i {
                            Value::String(s) => Ok(s.clone()),
                            Value::Number(n) => Ok(n.to_string()),
                            _ => Err(format!("`fields.{k}` must be a list of text")),
                        })
                        .collect::<Result<Vec<_>, _>>()?
                        .join(","),
                ),
                Value::Object(_) => return Err(format!("`fields.{k}` cannot be an object")),
            };
            Ok((k.clone(), value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(v: Value) -> Input {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn inputs_become_the_command_line() {
        let all = tools();
        let argv = |name: &str, v: Value| {
            let t = all.iter().find(|t| t.name == name).unwrap();
            let m = input(v);
            t.check_input(&m).and_then(|()| (t.argv)(&m))
        };
        assert_eq!(
            argv(
                "list",
                json!({"where": "risk = high", "assignee": ["ann", "bob"], "all": true})
            )
            .unwrap(),
            [
                "list",
                "tasks",
                "--where",
                "risk = high",
                "--assignee",
                "ann,bob",
                "--all"
            ]
        );
        assert_eq!(
            argv("list", json!({"view": "@mine"})).unwrap(),
            ["list", "@mine"]
        );
        assert_eq!(
            argv("set", json!({"id": "T-1", "fields": {"priority": "low", "labels": ["a", "b"], "due": null, "points": 3}})).unwrap(),
            ["set", "T-1", "labels=a,b", "points=3", "priority=low", "--unset", "due"]
        );
        assert_eq!(
            argv("tag", json!({"id": "T-1", "add": ["x"], "remove": ["-y"]})).unwrap(),
            ["tag", "T-1", "--", "+x", "-y"]
        );
        // A flag-like value stays a value.
        assert_eq!(
            argv("comment", json!({"id": "T-1", "text": "--dry-run please"})).unwrap(),
            ["comment", "T-1", "--", "--dry-run please"]
        );
        assert_eq!(
            argv("list", json!({"were": "x"})).unwrap_err(),
            "`were` is not an input of list; its inputs: what, view, where, status, assignee, project, milestone, tag, overdue, all, sort, limit"
        );
        assert_eq!(argv("show", json!({})).unwrap_err(), "`id` is required");
        assert_eq!(
            argv("set", json!({"id": "T-1", "fields": {"a=b": 1}})).unwrap_err(),
            "`a=b` is not a field name"
        );
    }

    #[test]
    fn every_tool_has_schemas_with_its_inputs() {
        for t in tools() {
            let s = t.input_schema();
            assert_eq!(s["type"], "object", "{}", t.name);
            assert_eq!(s["additionalProperties"], false, "{}", t.name);
            assert_eq!(t.output["type"], "object", "{}", t.name);
            assert_eq!(
                s["properties"].get("dry_run").is_some(),
                t.write,
                "{}",
                t.name
            );
        }
    }
}
