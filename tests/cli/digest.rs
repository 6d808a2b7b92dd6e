//! `cairn digest` on the scripted history of tests/cli/inbox.rs (expected digest written
//! out by hand), the Slack payload's shape and limits, and its post to a local HTTP
//! server with the `curl` line the shipped workflows use.

use crate::inbox::history;
use crate::support::{cairn, run, write};

#[test]
fn the_digest_tells_the_week_from_the_window_and_the_working_tree() {
    let tmp = history();
    let root = tmp.path();
    let out = run(cairn(root).args(["digest"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // By hand: the window (2026-11-21 to 11-28) holds four commits by three people. T-1
    // went todo → doing; T-3 was added. Beta holds only T-4, whose forecast went from
    // 12-04 to 12-08: its chain is T-1 (now active, first in Dan's queue, 11-30..12-02)
    // → T-3 (urgent, added, 12-03..12-04) → T-4; its due date 12-18 keeps it on track. Nothing is past due; Dan's action item is due 12-02 and
    // Bob's was due 11-25.
    assert_eq!(
        out.stdout,
        "\
### Web team: 2026-11-21 to 2026-11-28

4 commits by 3 people; 0 done, 1 started, 1 added.

#### Started (1)

- `T-1` Build the header (`@dan`)

#### Added (1)

- `T-3` Fix the login bug (`@dan`)

#### Milestones that moved (1)

- `web/beta` Beta: forecast 2026-12-04 → 2026-12-08 (+2 working days), on track; because T-1 changed (status todo → doing, due 2026-12-10 → 2026-12-01), finishes 2026-12-02; T-3 was added on the critical chain, finishes 2026-12-04

#### Action items due (2)

- `@bob` Order fonts — overdue since 2026-11-25 (Weekly)
- `@dan` Draft the plan — due 2026-12-02 (Weekly)
"
    );
    // --project keeps one project's work; an unknown one is refused by name.
    let out = run(cairn(root).args(["digest", "--project", "nope"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nope"), "{}", out.stderr);
    // JSON carries the same.
    let out = run(cairn(root).args(["digest", "--format", "json", "--since", "2026-11-24"]));
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["window"]["commits"], 3);
    assert_eq!(j["started"][0]["id"], "T-1");
    assert_eq!(j["milestones"][0]["milestone"], "beta");
    assert_eq!(j["time_logged"], serde_json::json!({}));
    // Time logged in the window is told per person.
    for (who, on, d) in [
        ("dan", "2026-11-25", "3h"),
        ("dan", "2026-11-27", "90m"),
        ("ann", "2026-11-01", "1h"),
    ] {
        let out = run(cairn(root).args(["log", "T-1", d, "--as", who, "--on", on, "-q"]));
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let out = run(cairn(root).args(["digest", "--format", "json"]));
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["time_logged"], serde_json::json!({"dan": 4.5}));
    let md = run(cairn(root).args(["digest"])).stdout;
    assert!(
        md.contains("#### Time logged (4.5h)\n\n- `@dan` 4.5h\n"),
        "{md}"
    );
}

/// A week with far more news than a Slack message holds.
fn busy() -> tempfile::TempDir {
    let tmp = history();
    let root = tmp.path();
    for i in 100..400 {
        write(
            root,
            &format!("tasks/web/T-{i}-x.md"),
            &format!(
                "---\nid: T-{i}\ntitle: A task with a long title that says a lot about <what> & *why* {i}\nstatus: done\nclosed: 2026-11-27\nproject: web\nassignee: ann\nestimate: 1h\n---\n"
            ),
        );
    }
    crate::inbox::commit(
        root,
        "Ann Lee <ann@example.com>",
        "2026-11-27T09:00:00Z",
        "Lots done",
    );
    tmp
}

#[test]
fn the_slack_payload_keeps_within_slacks_limits_and_escapes_text() {
    let tmp = busy();
    let out = run(cairn(tmp.path()).args(["digest", "--format", "slack"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let p: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let blocks = p["blocks"].as_array().expect("blocks");
    assert!(blocks.len() <= 50);
    assert_eq!(blocks[0]["type"], "header");
    assert!(blocks[0]["text"]["text"].as_str().unwrap().chars().count() <= 150);
    assert!(
        p["text"].as_str().is_some_and(|t| !t.is_empty()),
        "a fallback text"
    );
    let mut sections = 0;
    for b in blocks {
        if b["type"] == "section" {
            sections += 1;
            let text = b["text"]["text"].as_str().unwrap();
            assert!(text.chars().count() <= 3000, "{}", text.len());
            assert_eq!(b["text"]["type"], "mrkdwn");
        }
    }
    assert!(sections >= 3);
    let done = blocks
        .iter()
        .find(|b| {
            b["text"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("*Done (300)*"))
        })
        .expect("the done section");
    let text = done["text"]["text"].as_str().unwrap();
    let shown = text.matches("\n• ").count();
    assert!(shown > 10 && shown < 300, "{shown}");
    assert!(
        text.ends_with(&format!("\n… and {} more", 300 - shown)),
        "{text}"
    );
    // User text cannot make links, mentions or formatting.
    assert!(
        text.contains("&lt;what&gt; &amp; \u{200b}*\u{200b}why"),
        "{text}"
    );
    assert!(!text.contains("<what>"));
}

#[test]
fn the_slack_payload_posts_with_the_workflows_curl_line() {
    use std::io::{BufRead, BufReader, Read, Write};
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CAIRN_REQUIRE_CI_LINT").is_none(),
            "curl is needed in CI"
        );
        eprintln!("skipped: no curl");
        return;
    }
    let tmp = history();
    let root = tmp.path();
    let out = run(cairn(root).args(["digest", "--format", "slack"]));
    std::fs::write(root.join("payload.json"), &out.stdout).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut head = Vec::new();
        let mut len = 0;
        loop {
            let mut l = String::new();
            r.read_line(&mut l).unwrap();
            if l == "\r\n" || l.is_empty() {
                break;
            }
            if let Some(v) = l.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            head.push(l);
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).unwrap();
        s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            .unwrap();
        (head, body)
    });
    // The line examples/ci/github/digest.yml and the GitLab job run.
    let url = format!("http://127.0.0.1:{port}/services/T000/B000/XXXX");
    let curl = std::process::Command::new("curl")
        .current_dir(root)
        .args([
            "-fsS",
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "--data-binary",
            "@payload.json",
        ])
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        curl.status.success(),
        "{}",
        String::from_utf8_lossy(&curl.stderr)
    );
    let (head, body) = server.join().unwrap();
    assert!(
        head[0].starts_with("POST /services/T000/B000/XXXX "),
        "{head:?}"
    );
    assert!(
        head.iter()
            .any(|h| h.eq_ignore_ascii_case("content-type: application/json\r\n"))
    );
    let posted: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(posted["blocks"][0]["type"], "header");
    let workflow =
        std::fs::read_to_string(crate::support::repo_path("examples/ci/github/digest.yml"))
            .unwrap();
    assert!(
        workflow.contains("--data-binary @payload.json"),
        "{workflow}"
    );
    let gitlab =
        std::fs::read_to_string(crate::support::repo_path("examples/ci/gitlab-ci.yml")).unwrap();
    assert!(gitlab.contains("--data-binary @payload.json"));
}
