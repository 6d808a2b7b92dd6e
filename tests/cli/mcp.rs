//! `cairn mcp` driven as an agent's client would: JSON-RPC lines on stdin, answers on
//! stdout, every tool called, a refused edit, a dry run whose diff `git apply` takes.

use crate::support::{TODAY, examples_copy, git};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Sends `messages` (one per line) to `cairn mcp ARGS` in `dir` and returns the answers
/// by id, with the raw stdout.
fn session(dir: &Path, args: &[&str], messages: &[Value]) -> (HashMap<i64, Value>, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("cairn"))
        .arg("-C")
        .arg(dir)
        .args(["--today", TODAY, "mcp"])
        .args(args)
        .env_remove("CAIRN_USER")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("XDG_STATE_HOME", crate::support::test_state_home())
        .env("XDG_CACHE_HOME", crate::support::test_cache_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cairn mcp starts");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        for m in messages {
            writeln!(stdin, "{m}").expect("write");
        }
    }
    let out = child.wait_with_output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let mut by_id = HashMap::new();
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(v["jsonrpc"], "2.0", "{line}");
        by_id.insert(v["id"].as_i64().unwrap_or(-1), v);
    }
    (by_id, stdout)
}

fn call(id: i64, name: &str, args: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": name, "arguments": args}})
}

fn init() -> Value {
    json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}})
}

#[test]
fn an_agent_reads_and_edits_through_every_tool() {
    let ws = examples_copy();
    let root = ws.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "plan"]);
    let t14 = root.join("tasks/website/T-14-wordpress-migration-script.md");
    let before = std::fs::read_to_string(&t14).unwrap();
    let messages = vec![
        init(),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        call(10, "list", json!({"where": "risk = high", "sort": "due"})),
        call(11, "search", json!({"text": "mega menu"})),
        call(12, "show", json!({"id": "T-14"})),
        call(13, "status", json!({"project": "website"})),
        call(
            14,
            "plan",
            json!({"project": "website", "milestone": "beta"}),
        ),
        call(15, "workload", json!({"weeks": 2})),
        call(16, "check", json!({})),
        call(17, "review", json!({"base": "main"})),
        call(18, "inbox", json!({"since": "2026-11-01"})),
        // A refused edit: the findings come back and the file is unchanged.
        call(
            20,
            "set",
            json!({"id": "T-14", "fields": {"risk": "extreme"}}),
        ),
        // A dry run: the diff, nothing written.
        call(
            21,
            "set",
            json!({"id": "T-14", "fields": {"priority": "low", "story-points": 5}, "dry_run": true}),
        ),
        call(
            22,
            "new_task",
            json!({"title": "Agent task", "project": "website", "assignee": ["dan"], "estimate": "2d", "fields": {"risk": "medium"}}),
        ),
        call(23, "start", json!({"id": "T-52"})),
        call(24, "assign", json!({"id": "T-52", "people": ["erin"]})),
        call(25, "depend", json!({"id": "T-52", "on": ["T-14"]})),
        call(26, "tag", json!({"id": "T-52", "add": ["agent"]})),
        call(
            27,
            "comment",
            json!({"id": "T-52", "text": "Started by the agent"}),
        ),
        call(
            28,
            "log",
            json!({"task": "T-52", "duration": "2h", "message": "first pass"}),
        ),
        call(29, "done", json!({"id": "T-52"})),
        call(
            30,
            "action_add",
            json!({"meeting": "2026-11-23-weekly-sync", "text": "@alice Review the agent's task due:2026-12-04"}),
        ),
        call(31, "decide", json!({"id": "D-3", "option": "BigQuery"})),
        // Mistakes an agent makes: a cycle (refused), a typo in an input, an unknown tool.
        call(40, "depend", json!({"id": "T-14", "on": ["T-52"]})),
        call(41, "list", json!({"were": "risk = high"})),
        json!({"jsonrpc": "2.0", "id": 42, "method": "tools/call", "params": {"name": "delete_everything"}}),
        json!({"jsonrpc": "2.0", "id": 43, "method": "no/such"}),
        json!({"jsonrpc": "2.0", "id": 44, "method": "resources/read", "params": {"uri": "cairn://docs/format.md"}}),
        json!({"jsonrpc": "2.0", "id": 45, "method": "resources/list"}),
        json!({"jsonrpc": "2.0", "id": 46, "method": "resources/read", "params": {"uri": "cairn://workspace/../../etc/passwd"}}),
        json!({"jsonrpc": "2.0", "id": 47, "method": "ping"}),
    ];
    let (r, raw) = session(root, &["--as", "frank"], &messages);
    // One answer per request, none for the notification.
    assert_eq!(raw.lines().count(), messages.len() - 1, "{raw}");
    let result = |id: i64| -> &Value { &r[&id]["result"] };
    let data = |id: i64| -> &Value {
        let res = result(id);
        assert_eq!(res["isError"], false, "{id}: {res}");
        &res["structuredContent"]
    };

    assert_eq!(result(0)["protocolVersion"], "2025-11-25");
    assert_eq!(result(0)["serverInfo"]["name"], "cairn");
    let names: Vec<&str> = result(1)["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "list",
            "search",
            "show",
            "status",
            "plan",
            "workload",
            "check",
            "review",
            "inbox",
            "new_task",
            "set",
            "start",
            "done",
            "assign",
            "depend",
            "tag",
            "comment",
            "log",
            "action_add",
            "decide"
        ]
    );
    for t in result(1)["tools"].as_array().unwrap() {
        assert_eq!(t["inputSchema"]["type"], "object", "{t}");
        assert_eq!(t["outputSchema"]["type"], "object", "{t}");
    }

    // Reads: the command's JSON as structured content.
    let ids: Vec<&str> = data(10)["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["T-14", "T-17"]);
    assert_eq!(data(11)["hits"][0]["id"], "T-10");
    assert_eq!(data(12)["task"]["id"], "T-14");
    assert_eq!(data(13)["projects"][0]["id"], "website");
    assert!(
        data(14)["tasks"].as_array().is_some_and(|t| !t.is_empty()),
        "{}",
        data(14)
    );
    assert!(data(15)["people"].is_array());
    assert!(data(16)["summary"]["warnings"].as_u64().unwrap() > 0);
    assert_eq!(data(17)["summary"], "This change does not touch the plan.");
    assert_eq!(data(18)["person"], "frank");

    // The refused edit: its finding as data, the file as it was.
    let refused = result(20);
    assert_eq!(refused["isError"], true);
    let added = &refused["structuredContent"]["added"][0];
    assert_eq!(added["rule"], "invalid-value");
    assert_eq!(
        added["file"],
        "tasks/website/T-14-wordpress-migration-script.md"
    );
    assert_eq!(added["line"], 16);
    assert_eq!(
        added["message"],
        "`risk` is `extreme`; expected one of: low, medium, high"
    );
    assert_eq!(refused["structuredContent"]["written"], false);

    // The dry run: a diff, nothing written (checked below with git apply).
    let dry = data(21);
    assert_eq!(dry["written"], false);
    let diff = dry["diff"].as_str().unwrap().to_owned();
    assert!(diff.contains("-priority: high\n+priority: low\n"), "{diff}");

    // The writes, each through the command line's checks.
    assert_eq!(data(22)["id"], "T-52");
    for id in 23..=31 {
        assert_eq!(data(id)["written"], true, "{id}: {}", result(id));
    }
    let t52 = std::fs::read_to_string(root.join("tasks/website/T-52-agent-task.md")).unwrap();
    for want in [
        "status: done",
        "assignee: [dan, erin]",
        "depends_on: [T-14]",
        "tags: [agent]",
        "risk: medium",
        "@frank: Started by the agent",
    ] {
        assert!(t52.contains(want), "{want}:\n{t52}");
    }
    let log = std::fs::read_to_string(root.join("time/frank/2026-11.md")).unwrap();
    assert!(log.contains("- 2026-11-28 T-52 2h first pass"), "{log}");
    assert!(
        std::fs::read_to_string(root.join("decisions/D-3-data-warehouse.md"))
            .unwrap()
            .contains("chosen: BigQuery")
    );

    // Mistakes: refused with a reason the agent can act on.
    assert_eq!(result(40)["isError"], true);
    assert_eq!(
        result(40)["structuredContent"]["added"][0]["rule"],
        "dependency-cycle"
    );
    assert_eq!(result(41)["isError"], true);
    assert!(
        result(41)["structuredContent"]["error"]
            .as_str()
            .unwrap()
            .contains("`were` is not an input of list")
    );
    assert_eq!(r[&42]["error"]["code"], -32602);
    assert_eq!(r[&43]["error"]["code"], -32601);
    assert!(
        result(44)["contents"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("# Workspace format")
    );
    let uris: Vec<&str> = result(45)["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert!(
        uris.contains(&"cairn://docs/format.md") && uris.contains(&"cairn://workspace/cairn.yaml"),
        "{uris:?}"
    );
    assert!(uris.contains(&"cairn://workspace/tasks/website/T-14-wordpress-migration-script.md"));
    assert_eq!(r[&46]["error"]["code"], -32002);
    assert_eq!(result(47), &json!({}));

    // T-14 as it was, and the dry run's diff applies to it.
    assert_eq!(std::fs::read_to_string(&t14).unwrap(), before);
    let out = Command::new("git")
        .current_dir(root)
        .args(["apply", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(diff.as_bytes())?;
            c.wait()
        })
        .expect("git apply");
    assert!(out.success());
    assert!(
        std::fs::read_to_string(&t14)
            .unwrap()
            .contains("priority: low")
    );
}

#[test]
fn a_read_only_server_offers_no_writes_and_bad_lines_get_errors() {
    let ws = examples_copy();
    let messages = vec![
        init(),
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        call(2, "done", json!({"id": "T-14"})),
    ];
    let (r, _) = session(ws.path(), &["--read-only"], &messages);
    let tools = r[&1]["result"]["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 9);
    assert!(
        tools
            .iter()
            .all(|t| t["annotations"]["readOnlyHint"] == true)
    );
    assert_eq!(r[&2]["error"]["code"], -32602);
    // Not JSON, not an object, an unknown protocol version (the newest is offered).
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("cairn"))
        .arg("-C")
        .arg(ws.path())
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{not json\n[1, 2]\n\n{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"1999-01-01\"}}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["error"]["code"], -32700);
    assert_eq!(lines[1]["error"]["code"], -32600);
    assert_eq!(lines[2]["result"]["protocolVersion"], "2025-11-25");
}
