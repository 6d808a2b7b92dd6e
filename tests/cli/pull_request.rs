//! A pull request as CI sees it: a repository with `main`, a branch that introduces one
//! error and one warning, and findings that were there before (an overdue task and action
//! item). `check --changed-since`, the GitHub default, the step summary, JUnit and the
//! review comment; then ids two branches both minted, fixed with `cairn renumber`.

use crate::support::{cairn, git, repo_path, run, write};
use std::path::{Path, PathBuf};

fn commit(repo: &Path, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
}

const CONFIG: &str = "name: PR test
people:
  alice:
    name: Alice
";

/// `main` with a plan in `plan/` that already has two warnings (a task and an action item
/// past due), and the branch `pr` checked out, which adds a task depending on one that
/// does not exist (an error) and a task with a due date and nobody on it (a warning).
fn pull_request() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().to_path_buf();
    git(&repo, &["init", "-q", "-b", "main"]);
    write(&repo, "plan/cairn.yaml", CONFIG);
    write(
        &repo,
        "plan/tasks/T-1-late.md",
        "---\nid: T-1\ntitle: Late already\nstatus: todo\nassignee: alice\nestimate: 1d\ndue: 2026-11-02\n---\n",
    );
    write(
        &repo,
        "plan/meetings/2026-11-02-sync.md",
        "---\ntitle: Sync\ndate: 2026-11-02\nattendees: [alice]\n---\n## Action items\n\n- [ ] @alice Send the notes due:2026-11-03\n",
    );
    commit(&repo, "plan");
    git(&repo, &["checkout", "-q", "-b", "pr"]);
    write(
        &repo,
        "plan/tasks/T-2-new.md",
        "---\nid: T-2\ntitle: Wire `login` to *SSO*\nstatus: todo\nassignee: alice\nestimate: 1d\ndepends_on: [T-99]\n---\n",
    );
    write(
        &repo,
        "plan/tasks/T-3-nobody.md",
        "---\nid: T-3\ntitle: Nobody on it\nstatus: todo\nestimate: 1d\ndue: 2027-01-29\n---\n",
    );
    commit(&repo, "pr");
    let plan = repo.join("plan");
    (tmp, plan)
}

fn findings(stdout: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("json");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["severity"].as_str().unwrap_or(""),
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn changed_since_reports_only_what_the_change_introduces() {
    let (_tmp, plan) = pull_request();
    let out = run(cairn(&plan).args(["check", "--changed-since", "main", "--format", "json"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        findings(&out.stdout),
        [
            "error unknown-reference tasks/T-2-new.md",
            "warning unassigned tasks/T-3-nobody.md"
        ]
    );
    // The full check has the findings that were there before, too; they are warnings, so
    // it fails on the same error.
    let out = run(cairn(&plan).args(["check", "--format", "json"]));
    assert_eq!(out.code, 1);
    let all = findings(&out.stdout);
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(all.contains(&"warning overdue tasks/T-1-late.md".to_owned()));
    assert!(all.contains(&"warning overdue meetings/2026-11-02-sync.md".to_owned()));
    // Without the error the change passes, whatever was late before it.
    std::fs::write(
        plan.join("tasks/T-2-new.md"),
        "---\nid: T-2\ntitle: Fixed\nstatus: todo\nassignee: alice\nestimate: 1d\n---\n",
    )
    .expect("write");
    let out = run(cairn(&plan).args(["check", "--changed-since", "main"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("check: 0 errors, 1 warning")
            && out.stdout.contains("2 more were there before it"),
        "{}",
        out.stdout
    );
    // A revision that does not exist is a usage failure, not a finding.
    let out = run(cairn(&plan).args(["check", "--changed-since", "nope"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// The cells of every table in `markdown`, row by row (the header row first).
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables = Vec::new();
    let (mut rows, mut row, mut cell): (Vec<Vec<String>>, Vec<String>, Option<String>) =
        (Vec::new(), Vec::new(), None);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut rows)),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = &mut cell {
                    c.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(c) = &mut cell {
                    c.push_str(&format!("<{dest_url}>"));
                }
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn on_a_github_pull_request_the_annotations_and_summary_are_about_the_change() {
    let (_tmp, plan) = pull_request();
    let repo = plan.parent().expect("repo");
    // actions/checkout with fetch-depth 0 leaves the base branch as origin/main.
    git(repo, &["update-ref", "refs/remotes/origin/main", "main"]);
    let head = git(repo, &["rev-parse", "HEAD"]).trim().to_owned();
    let summary = repo.join("summary.md");
    let github = |extra: &[&str]| {
        run(cairn(&plan)
            .args(["check", "--format", "github"])
            .args(extra)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_BASE_REF", "main")
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_REPOSITORY", "acme/site")
            .env("GITHUB_SHA", "0000000000000000000000000000000000000000")
            .env("CAIRN_HEAD_SHA", &head)
            .env("GITHUB_STEP_SUMMARY", &summary))
    };
    // Without the base branch (a shallow clone) every finding is reported, and why.
    git(repo, &["update-ref", "-d", "refs/remotes/origin/main"]);
    let out = github(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("::notice title=cairn::every finding is reported"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stdout.lines().count(), 5, "{}", out.stdout);
    git(repo, &["update-ref", "refs/remotes/origin/main", "main"]);
    std::fs::remove_file(&summary).expect("rm");

    let out = github(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(
        lines[0].starts_with("::error file=plan/tasks/T-2-new.md,line=7,"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=plan/tasks/T-3-nobody.md,"),
        "{}",
        lines[1]
    );

    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(
        text.starts_with("### cairn check: 1 error, 1 warning\n"),
        "{text}"
    );
    assert!(
        text.contains("2 findings that were there before it are not listed"),
        "{text}"
    );
    let t = tables(&text);
    assert_eq!(t.len(), 1, "{text}");
    assert_eq!(t[0][0], ["Severity", "Rule", "Where", "Finding"]);
    assert_eq!(t[0].len(), 3, "{text}");
    // Errors first; each place linked to the file and line at the head commit, the
    // path repository-relative; backticked parts of a message are code, not `\``.
    assert_eq!(t[0][1][0], "error");
    assert_eq!(t[0][1][1], "unknown-reference");
    assert_eq!(
        t[0][1][2],
        format!(
            "<https://github.com/acme/site/blob/{head}/plan/tasks/T-2-new.md#L7>plan/tasks/T-2-new.md:7"
        )
    );
    assert!(t[0][1][3].contains("T-99"), "{:?}", t[0][1]);
    assert!(text.contains("`T-99`") && !text.contains("\\`"), "{text}");
    assert_eq!(t[0][2][0], "warning");

    // --all: every finding, as on main.
    std::fs::remove_file(&summary).expect("rm");
    let out = github(&["--all"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.lines().count(), 4, "{}", out.stdout);
    let t = tables(&std::fs::read_to_string(&summary).expect("summary"));
    let severities: Vec<&str> = t[0][1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(severities, ["error", "warning", "warning", "warning"]);
}

#[test]
fn junit_follows_the_schema_one_failure_per_failing_rule() {
    let (_tmp, plan) = pull_request();
    let out = run(cairn(&plan).args(["check", "--format", "junit"]));
    assert_eq!(out.code, 1);
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    let num = |n: roxmltree::Node, a: &str| -> usize {
        n.attribute(a)
            .unwrap_or_else(|| panic!("{a} on <{}>", n.tag_name().name()))
            .parse()
            .expect("a number")
    };
    let suite_nodes: Vec<_> = suites.children().filter(|n| n.is_element()).collect();
    assert_eq!(suite_nodes.len(), 1);
    let suite = suite_nodes[0];
    assert_eq!(suite.tag_name().name(), "testsuite");
    assert!(suite.attribute("name").is_some());
    let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
    assert!(cases.iter().all(|c| c.tag_name().name() == "testcase"));
    assert_eq!(num(suite, "tests"), cases.len());
    assert_eq!(num(suites, "tests"), cases.len());
    assert_eq!(cases.len(), cairn_core::diag::Rule::ALL.len());
    let mut failing = Vec::new();
    for case in &cases {
        assert!(case.attribute("name").is_some() && case.attribute("classname").is_some());
        let kids: Vec<_> = case.children().filter(|n| n.is_element()).collect();
        // The XSD's order: failures, then system-out; at most one failure.
        let names: Vec<&str> = kids.iter().map(|k| k.tag_name().name()).collect();
        assert!(
            matches!(
                names.as_slice(),
                [] | ["failure"] | ["system-out"] | ["failure", "system-out"]
            ),
            "{names:?}"
        );
        if let Some(f) = kids.iter().find(|k| k.has_tag_name("failure")) {
            assert!(f.attribute("message").is_some() && f.attribute("type").is_some());
            failing.push((
                case.attribute("name").unwrap_or(""),
                f.text().unwrap_or("").to_owned(),
            ));
        }
    }
    assert_eq!(num(suite, "failures"), failing.len());
    assert_eq!(num(suites, "failures"), failing.len());
    assert_eq!(num(suite, "errors"), 0);
    // One error, in one rule; warnings do not fail anything and are in system-out.
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0].0, "unknown-reference");
    assert!(
        failing[0].1.contains("plan/tasks/T-2-new.md:7:"),
        "{}",
        failing[0].1
    );
    let overdue = cases
        .iter()
        .find(|c| c.attribute("name") == Some("overdue"))
        .expect("overdue case");
    let outs: Vec<_> = overdue
        .children()
        .filter(|n| n.has_tag_name("system-out"))
        .collect();
    assert_eq!(outs.len(), 1);
    let text = outs[0].text().unwrap_or("");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("warning: ")).count(),
        2,
        "{text}"
    );
}

#[test]
fn the_review_leads_with_what_blocks_the_merge() {
    let (_tmp, plan) = pull_request();
    let repo = plan.parent().expect("repo").to_path_buf();
    // One more change: a task cancelled on the branch.
    write(
        &repo,
        "plan/tasks/T-1-late.md",
        "---\nid: T-1\ntitle: Late already\nstatus: cancelled\nassignee: alice\nestimate: 1d\ndue: 2026-11-02\n---\n",
    );
    commit(&repo, "cancel");
    let head = git(&repo, &["rev-parse", "HEAD"]).trim().to_owned();
    let out = run(cairn(&plan)
        .args(["review", "main", "HEAD"])
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/site"));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let md = out.stdout;
    let lead = md.lines().nth(2).expect("lead");
    assert!(
        lead.starts_with("This change introduces 1 error: unknown task `T-99`. It also adds 2 tasks, cancels 1 task"),
        "{md}"
    );
    assert!(md.contains("**Cancelled** (1)"), "{md}");
    let html = {
        let mut s = String::new();
        pulldown_cmark::html::push_html(
            &mut s,
            pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES),
        );
        s
    };
    // Inline code renders as code; no backtick is left as text; the user's `*` is text.
    assert!(html.contains("<code>T-99</code>"), "{html}");
    let text_only: String = html
        .split("<code>")
        .map(|p| p.split_once("</code>").map_or(p, |(_, rest)| rest))
        .collect();
    assert!(!text_only.contains('`'), "{html}");
    assert!(!html.contains("<em>SSO</em>"), "{html}");
    // Findings at repository-relative paths, linked at the head commit the review named.
    assert!(
        html.contains(&format!(
            "<a href=\"https://github.com/acme/site/blob/{head}/plan/tasks/T-2-new.md#L7\">plan/tasks/T-2-new.md:7</a>"
        )),
        "{html}"
    );
}

#[test]
fn the_workflows_run_the_review_and_reports_when_the_check_fails() {
    use cairn_core::text::yaml::{Node, Value, parse};
    fn get<'a>(n: &'a Node, key: &str) -> Option<&'a Node> {
        match &n.value {
            Value::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
    fn text(n: Option<&Node>) -> &str {
        match n.map(|n| &n.value) {
            Some(Value::Scalar { text, .. }) => text,
            _ => "",
        }
    }
    fn items(n: Option<&Node>) -> &[Node] {
        match n.map(|n| &n.value) {
            Some(Value::Seq(items)) => items,
            _ => &[],
        }
    }
    let github = std::fs::read_to_string(repo_path("examples/ci/github/plan.yml")).expect("read");
    let parsed = parse(&github, 1);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let root = parsed.root.expect("a document");
    let jobs = get(&root, "jobs").expect("jobs");
    let Value::Map(jobs) = &jobs.value else {
        panic!("jobs is a map")
    };
    assert_eq!(jobs.len(), 2, "a pull-request job and a main job");
    for (name, job) in jobs {
        let steps = items(get(job, "steps"));
        let check = steps
            .iter()
            .position(|s| text(get(s, "run")).contains("check --format github"))
            .expect("a check step");
        let later: Vec<&Node> = steps[check + 1..].iter().collect();
        assert!(later.len() >= 3, "review or reports follow the check");
        for s in later {
            let cond = text(get(s, "if"));
            assert!(
                cond.starts_with("always() && "),
                "a step after the check runs when it failed: {cond:?}"
            );
        }
        // The release archive is checked against its checksums before it runs.
        let install = steps
            .iter()
            .map(|s| text(get(s, "run")))
            .find(|r| r.contains("gh release download"))
            .expect("an install step");
        assert!(install.contains("sha256sum --check"), "{install}");
        let name = text(Some(name));
        if name == "pull-request" {
            // Nothing in the pull request's job writes: the comment is posted by
            // plan-comment.yml (workflow_run), which a fork's read-only token cannot.
            assert!(get(job, "permissions").is_none());
            assert!(
                !steps
                    .iter()
                    .any(|s| text(get(s, "run")).contains("gh pr comment"))
            );
            assert!(
                steps
                    .iter()
                    .any(|s| text(get(s, "uses")).starts_with("actions/upload-artifact@"))
            );
        } else {
            assert!(get(job, "concurrency").is_some(), "one publish at a time");
            assert!(
                steps
                    .iter()
                    .any(|s| text(get(s, "uses")).starts_with("actions/deploy-pages@"))
            );
            assert!(github.contains("[skip ci]"));
        }
    }
    assert_eq!(
        text(get(
            get(&root, "permissions").expect("permissions"),
            "contents"
        )),
        "read"
    );
    let comment =
        std::fs::read_to_string(repo_path("examples/ci/github/plan-comment.yml")).expect("read");
    assert!(comment.contains("workflow_run:") && comment.contains("workflows: [plan]"));
    // The comment is found by its marker, never by "the last one".
    assert!(comment.contains("<!-- cairn-review -->") && !comment.contains("--edit-last"));
    assert!(github.contains("echo '<!-- cairn-review -->'"));
    // README shows this very workflow.
    let readme = std::fs::read_to_string(repo_path("README.md")).expect("readme");
    assert!(
        readme.contains(&format!("```yaml\n{github}```")),
        "README's workflow differs from examples/ci/github/plan.yml"
    );

    let gitlab = std::fs::read_to_string(repo_path("examples/ci/gitlab-ci.yml")).expect("read");
    let parsed = parse(&gitlab, 1);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let root = parsed.root.expect("a document");
    let Value::Map(jobs) = &root.value else {
        panic!("a map")
    };
    // Merge-request pipelines, and no branch pipeline beside one.
    let workflow = items(get(&root, "workflow").and_then(|w| get(w, "rules")));
    assert!(
        workflow
            .iter()
            .any(|r| text(get(r, "if")).contains("$CI_OPEN_MERGE_REQUESTS")
                && text(get(r, "when")) == "never")
    );
    let mut checked = 0;
    for (name, job) in jobs {
        let name = match &name.value {
            Value::Scalar { text, .. } => text.as_str(),
            _ => "",
        };
        if name.starts_with('.') || get(job, "script").is_none() {
            continue;
        }
        // Every job says when it runs.
        let rules = items(get(job, "rules"));
        assert!(!rules.is_empty(), "{name} has rules");
        let script: Vec<&str> = items(get(job, "script"))
            .iter()
            .map(|s| text(Some(s)))
            .collect();
        if script.iter().any(|s| s.contains(" check ")) {
            assert_eq!(
                text(get(get(job, "artifacts").expect("artifacts"), "when")),
                "always"
            );
            continue;
        }
        checked += 1;
        for r in rules {
            assert!(
                text(get(r, "when")) == "always" || text(get(job, "allow_failure")) == "true",
                "{name} runs when the check failed"
            );
        }
    }
    assert_eq!(checked, 4, "review, reports, pages and digest jobs");
    // The review is posted as a note, found by its marker; the report push starts no
    // pipeline; both tokens are explained.
    assert!(gitlab.contains("merge_requests/$CI_MERGE_REQUEST_IID/notes"));
    assert!(gitlab.contains("<!-- cairn-review -->"));
    assert!(gitlab.contains("[skip ci]"));
    assert!(gitlab.contains("# - CAIRN_NOTE_TOKEN:") && gitlab.contains("# - CAIRN_PUSH_TOKEN"));
}

/// A plan in which task T-12 is referenced from every place a task id can be.
fn referenced_everywhere(dir: &Path) {
    write(dir, "cairn.yaml", CONFIG);
    write(
        dir,
        "tasks/T-12-login.md",
        "---\nid: T-12\ntitle: Login\nstatus: todo\nassignee: alice\n---\nT-12 is this task.\n",
    );
    write(
        dir,
        "tasks/T-13-after.md",
        "---\nid: T-13\ntitle: After\n# waits for login\ndepends_on: [T-1, T-12]\n---\nAfter T-12, not T-120.\n\n```\nT-12 in code stays\n```\n\nSee [the login task](T-12-login.md) and `T-12`.\n\n## Discussion\n\n- 2026-11-20 @alice: T-12 first\n",
    );
    write(
        dir,
        "tasks/T-1-first.md",
        "---\nid: T-1\ntitle: First\nstatus: done\n---\n",
    );
    write(
        dir,
        "tasks/T-14-sub.md",
        "---\nid: T-14\ntitle: Sub\nparent: T-12\n---\n",
    );
    write(
        dir,
        "tasks/T-120-other.md",
        "---\nid: T-120\ntitle: Other\n---\nNot T-12.\n",
    );
    write(
        dir,
        "decisions/D-1-auth.md",
        "---\nid: D-1\ntitle: Auth\nstatus: accepted\ntasks: [T-12]\n---\n",
    );
    write(
        dir,
        "meetings/2026-11-20-sync.md",
        "---\ntitle: Sync\ndate: 2026-11-20\nattendees: [alice]\n---\n## Action items\n\n- [ ] @alice Finish T-12 due:2026-12-10\n",
    );
}

#[test]
fn renumber_rewrites_every_reference_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    referenced_everywhere(dir);
    let out = run(cairn(dir).arg("check"));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let snapshot = || -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(dir)
                        .expect("inside")
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read_to_string(e.path()).unwrap_or_default(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot();
    // An id that is taken is refused; so is one that is not a task id.
    for new in ["T-13", "T-120", "X-1"] {
        let out = run(cairn(dir).args(["renumber", "T-12", new]));
        assert_eq!(out.code, 2, "{new}: {}", out.stdout);
        assert_eq!(snapshot(), before);
    }
    // --dry-run: the diff, nothing written.
    let out = run(cairn(dir).args(["renumber", "T-12", "T-40", "--dry-run"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("rename from tasks/T-12-login.md")
            || out.stdout.contains("T-40-login.md"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("-depends_on: [T-1, T-12]\n+depends_on: [T-1, T-40]"),
        "{}",
        out.stdout
    );
    assert_eq!(snapshot(), before);

    let out = run(cairn(dir).args(["renumber", "T-12", "T-40"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).expect(rel);
    assert!(!dir.join("tasks/T-12-login.md").exists());
    assert_eq!(
        read("tasks/T-40-login.md"),
        "---\nid: T-40\ntitle: Login\nstatus: todo\nassignee: alice\n---\nT-40 is this task.\n"
    );
    assert_eq!(
        read("tasks/T-13-after.md"),
        "---\nid: T-13\ntitle: After\n# waits for login\ndepends_on: [T-1, T-40]\n---\nAfter T-40, not T-120.\n\n```\nT-12 in code stays\n```\n\nSee [the login task](T-40-login.md) and `T-12`.\n\n## Discussion\n\n- 2026-11-20 @alice: T-40 first\n"
    );
    assert_eq!(
        read("tasks/T-14-sub.md"),
        "---\nid: T-14\ntitle: Sub\nparent: T-40\n---\n"
    );
    assert_eq!(
        read("tasks/T-120-other.md"),
        "---\nid: T-120\ntitle: Other\n---\nNot T-40.\n"
    );
    assert_eq!(
        read("decisions/D-1-auth.md"),
        "---\nid: D-1\ntitle: Auth\nstatus: accepted\ntasks: [T-40]\n---\n"
    );
    assert!(
        read("meetings/2026-11-20-sync.md").contains("- [ ] @alice Finish T-40 due:2026-12-10\n")
    );
    assert_eq!(read("cairn.yaml"), CONFIG);
    assert_eq!(
        read("tasks/T-1-first.md"),
        before
            .iter()
            .find(|(p, _)| p == "tasks/T-1-first.md")
            .expect("T-1")
            .1
    );
    let out = run(cairn(dir).arg("check"));
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn a_merge_of_two_branches_that_minted_one_id_is_fixed_by_the_hinted_command() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().to_path_buf();
    git(&repo, &["init", "-q", "-b", "main"]);
    write(&repo, "plan/cairn.yaml", CONFIG);
    for i in 1..=4 {
        write(
            &repo,
            &format!("plan/tasks/T-{i}-t.md"),
            &format!("---\nid: T-{i}\ntitle: Task {i}\nstatus: todo\nassignee: alice\n---\n"),
        );
    }
    commit(&repo, "plan");
    git(&repo, &["checkout", "-q", "-b", "alpha"]);
    write(
        &repo,
        "plan/tasks/T-5-alpha.md",
        "---\nid: T-5\ntitle: Alpha\nstatus: todo\nassignee: alice\n---\n",
    );
    commit(&repo, "alpha");
    git(&repo, &["checkout", "-q", "main"]);
    git(&repo, &["checkout", "-q", "-b", "beta"]);
    write(
        &repo,
        "plan/tasks/T-5-beta.md",
        "---\nid: T-5\ntitle: Beta\nstatus: todo\nassignee: alice\n---\n",
    );
    commit(&repo, "beta");
    git(&repo, &["checkout", "-q", "main"]);
    git(&repo, &["merge", "-q", "--no-edit", "alpha"]);
    git(&repo, &["merge", "-q", "--no-edit", "beta"]);
    let plan = repo.join("plan");

    let out = run(cairn(&plan).args(["check", "--format", "json"]));
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let dups: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "duplicate-id")
        .collect();
    assert_eq!(dups.len(), 1, "{v}");
    assert_eq!(dups[0]["file"], "tasks/T-5-beta.md");
    let hint = dups[0]["hint"].as_str().expect("hint");
    let command = hint.split('`').nth(1).expect("a command in backticks");
    assert_eq!(command, "cairn renumber T-5 T-6 --file tasks/T-5-beta.md");
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let out = run(cairn(&plan).args(&args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(cairn(&plan).arg("check"));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("check: no problems"), "{}", out.stdout);
    assert!(plan.join("tasks/T-6-beta.md").exists() && plan.join("tasks/T-5-alpha.md").exists());
}
