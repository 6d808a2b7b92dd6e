//! `cairn review` and git-aware `new task` on small repositories built here with the `git`
//! command line: fixed author, committer and dates, no global configuration. The
//! workspace lives in a subfolder (`plan/`) of the repository, as in a code repository.

use crate::support::{cairn, git, run, write};
use std::path::{Path, PathBuf};

fn remove(root: &Path, rel: &str) {
    std::fs::remove_file(root.join(rel)).expect("remove");
}

fn commit(repo: &Path, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
}

const CONFIG: &str = "name: Review test
people:
  alice:
    name: Alice
  bob:
    name: Bob
transitions:
  todo: [doing, cancelled]
  doing: [review, todo, done]
  review: [doing, done]
  done: []
";

const PROJECT: &str = "---
id: web
title: Website
due: 2027-03-01
milestones:
  - id: beta
    title: Beta
    due: 2026-12-31
---
";

fn task(id: &str, extra: &str) -> String {
    format!("---\nid: {id}\ntitle: Task {id}\n{extra}---\nBody.\n")
}

/// A repository with `plan/` on `main`, and a `feature` branch checked out.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().to_path_buf();
    git(&repo, &["init", "-q", "-b", "main"]);
    write(&repo, "README.md", "code lives here\n");
    write(&repo, "plan/cairn.yaml", CONFIG);
    write(&repo, "plan/projects/web.md", PROJECT);
    let base = "project: web\nmilestone: beta\n";
    write(
        &repo,
        "plan/tasks/T-1-one.md",
        &task(
            "T-1",
            &format!("status: doing\nassignee: alice\nestimate: 2d\n{base}"),
        ),
    );
    write(
        &repo,
        "plan/tasks/T-2-two.md",
        &task(
            "T-2",
            &format!("status: todo\nassignee: alice\nestimate: 3d\ndue: 2026-12-20\n{base}"),
        ),
    );
    write(
        &repo,
        "plan/tasks/T-3-three.md",
        &task("T-3", "status: done\nassignee: bob\nclosed: 2026-11-10\n"),
    );
    write(
        &repo,
        "plan/tasks/T-4-four.md",
        &task("T-4", "status: todo\nassignee: zed\n"),
    );
    write(
        &repo,
        "plan/decisions/D-1-host.md",
        "---\nid: D-1\ntitle: Where to host\nstatus: proposed\ndate: 2026-11-01\ncriteria:\n  cost: 2\noptions:\n  - name: Vercel\n    scores: {cost: 3}\n  - name: VPS\n    scores: {cost: 5}\n---\n",
    );
    commit(&repo, "plan");
    git(&repo, &["checkout", "-q", "-b", "feature"]);
    (tmp, repo)
}

fn review_json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut cmd = cairn(dir);
    cmd.arg("review").args(args).args(["--format", "json"]);
    let out = run(&mut cmd);
    let v = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("review JSON ({e}): {}\n{}", out.stdout, out.stderr));
    (out.code, v, out.stderr)
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn review_reports_every_kind_of_change() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    let base = "project: web\nmilestone: beta\n";
    // Close T-1, make T-2 bigger and move its due date, reopen T-3 (done -> todo is not
    // an allowed transition), remove T-4 (fixing its unknown assignee), add T-5 with an
    // unknown dependency, accept D-1, add a meeting.
    write(
        &plan,
        "tasks/T-1-one.md",
        &task(
            "T-1",
            &format!("status: done\nassignee: alice\nestimate: 2d\nclosed: 2026-11-27\n{base}"),
        ),
    );
    write(
        &plan,
        "tasks/T-2-two.md",
        &task(
            "T-2",
            &format!("status: todo\nassignee: bob\nestimate: 30d\ndue: 2026-12-24\n{base}"),
        ),
    );
    write(
        &plan,
        "tasks/T-3-three.md",
        &task("T-3", "status: todo\nassignee: bob\n"),
    );
    remove(&plan, "tasks/T-4-four.md");
    write(
        &plan,
        "tasks/T-5-five.md",
        &task("T-5", "status: todo\nassignee: alice\ndepends_on: [T-99]\n"),
    );
    write(
        &plan,
        "decisions/D-1-host.md",
        "---\nid: D-1\ntitle: Where to host\nstatus: accepted\ndate: 2026-11-01\ncriteria:\n  cost: 2\noptions:\n  - name: Vercel\n    scores: {cost: 3}\n  - name: VPS\n    scores: {cost: 5}\nchosen: VPS\n---\n",
    );
    write(
        &plan,
        "meetings/2026-11-27-sync.md",
        "---\ntitle: Sync\ndate: 2026-11-27\nattendees: [alice, bob]\n---\n## Actions\n- [ ] @bob Book the VPS due:2026-12-02\n",
    );
    // Before committing: HEAD defaults to the working tree.
    let (code, v, stderr) = review_json(&plan, &["main"]);
    assert_eq!(
        code, 1,
        "an introduced error fails the review: {v}\n{stderr}"
    );
    assert_eq!(v["version"], 1);
    assert_eq!(v["head"]["label"], "the working tree");
    let t = &v["tasks"];
    assert_eq!(ids(&t["closed"]), ["T-1"]);
    assert_eq!(ids(&t["added"]), ["T-5"]);
    assert_eq!(ids(&t["reopened"]), ["T-3"]);
    assert_eq!(ids(&t["removed"]), ["T-4"]);
    let t2 = t["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .find(|c| c["id"] == "T-2")
        .expect("T-2 changed");
    let fields: Vec<(&str, &str, &str)> = t2["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap_or(""),
                c["before"].as_str().unwrap_or("-"),
                c["after"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("assignee", "alice", "bob"),
            ("due", "2026-12-20", "2026-12-24"),
            ("estimate", "3d", "30d"),
        ]
    );
    // The forecast of the milestone moves later by a known number of working days.
    let beta = v["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .find(|m| m["milestone"] == "beta")
        .expect("beta moved");
    let shift = beta["shift_working_days"].as_i64().expect("shift");
    assert!(shift > 20, "{beta}");
    assert_eq!(beta["status_after"], "at-risk");
    assert_eq!(v["decisions"][0]["id"], "D-1");
    assert_eq!(v["decisions"][0]["status_after"], "accepted");
    assert_eq!(v["meetings"][0]["actions"][0]["people"][0], "bob");
    let rules = |key: &str| -> Vec<String> {
        v["findings"][key]
            .as_array()
            .expect("findings")
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["rule"].as_str().unwrap_or(""),
                    d["file"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    let introduced = rules("introduced");
    assert!(
        introduced.contains(&"invalid-transition tasks/T-3-three.md".to_owned()),
        "{introduced:?}"
    );
    assert!(
        introduced.contains(&"unknown-reference tasks/T-5-five.md".to_owned()),
        "{introduced:?}"
    );
    let fixed = rules("fixed");
    assert!(
        fixed.contains(&"unknown-reference tasks/T-4-four.md".to_owned()),
        "{fixed:?}"
    );
    // The same after committing, naming HEAD explicitly; Markdown summary in one line.
    commit(&repo, "change");
    let out = run(cairn(&plan).args(["review", "main", "HEAD"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains(
            "This change introduces 2 errors: task T-3 moves from `done` to `todo`, which `transitions` does not allow (and 1 more). It also closes 1 task, adds 1 task, reopens 1 task, removes 1 task, changes 1 other task, moves milestone `web/beta`"
        ),
        "{}",
        out.stdout
    );
    // check --base flags the same transition, at the status line.
    let out = run(cairn(&plan).args(["check", "--base", "main", "--format", "json"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("task T-3 moves from `done` to `todo`, which `transitions` does not allow"),
        "{}",
        out.stdout
    );
    // --fail-on never: the same findings, exit 0.
    let out = run(cairn(&plan).args(["review", "main", "HEAD", "--fail-on", "never"]));
    assert_eq!(out.code, 0);
}

#[test]
fn review_starts_from_the_merge_base() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    write(&plan, "tasks/T-5-five.md", &task("T-5", "status: todo\n"));
    commit(&repo, "feature adds T-5");
    // main moves on: T-6 is added there after the branch was made.
    git(&repo, &["checkout", "-q", "main"]);
    write(&plan, "tasks/T-6-six.md", &task("T-6", "status: todo\n"));
    commit(&repo, "main adds T-6");
    git(&repo, &["checkout", "-q", "feature"]);

    let (code, v, _) = review_json(&plan, &["main"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(ids(&v["tasks"]["added"]), ["T-5"]);
    assert!(
        ids(&v["tasks"]["removed"]).is_empty(),
        "T-6 is main's change, not ours"
    );
    assert_eq!(v["base"]["merge_base"], true);

    let (_, v, _) = review_json(&plan, &["main", "--no-merge-base"]);
    assert_eq!(ids(&v["tasks"]["removed"]), ["T-6"]);
}

#[test]
fn an_id_both_branches_minted_is_a_collision() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    write(&plan, "tasks/T-5-ours.md", &task("T-5", "status: todo\n"));
    commit(&repo, "feature adds T-5");
    git(&repo, &["checkout", "-q", "main"]);
    write(&plan, "tasks/T-5-theirs.md", &task("T-5", "status: todo\n"));
    commit(&repo, "main adds another T-5");
    git(&repo, &["checkout", "-q", "feature"]);

    let (code, v, _) = review_json(&plan, &["main"]);
    assert_eq!(code, 1, "{v}");
    let found = v["findings"]["introduced"]
        .as_array()
        .expect("introduced")
        .iter()
        .find(|d| d["rule"] == "id-collision")
        .expect("an id-collision finding");
    assert_eq!(found["file"], "tasks/T-5-ours.md");
    assert!(
        found["message"]
            .as_str()
            .is_some_and(|m| m.contains("tasks/T-5-theirs.md")),
        "{found}"
    );
}

#[test]
fn new_task_skips_ids_taken_on_other_branches() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    git(&repo, &["checkout", "-q", "-b", "elsewhere", "main"]);
    write(
        &plan,
        "tasks/deep/T-41-far.md",
        &task("T-41", "status: todo\n"),
    );
    commit(&repo, "a high id on another branch");
    git(&repo, &["checkout", "-q", "feature"]);
    assert!(!plan.join("tasks/deep").exists());
    let out = run(cairn(&plan).args(["new", "task", "Next thing"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), "tasks/T-42-next-thing.md");
}

#[test]
fn hostile_text_cannot_inject_markdown_or_ping_anyone() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    let title = r#""<img src=x onerror=alert(1)> @everyone | **bold** [link](https://evil.example) `code` <!-- x""#;
    write(
        &plan,
        "tasks/T-5-hostile.md",
        &format!("---\nid: T-5\ntitle: {title}\nstatus: todo\n---\n"),
    );
    let out = run(cairn(&plan).args(["review", "main"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = out.stdout;
    let line = md
        .lines()
        .find(|l| l.contains("T-5"))
        .expect("T-5 is listed");
    assert!(!line.contains("<img"), "{line}");
    assert!(!line.contains("<!--"), "{line}");
    assert!(line.contains("`@everyone`"), "{line}");
    assert!(line.contains("\\|"), "{line}");
    assert!(line.contains("\\*\\*bold\\*\\*"), "{line}");
    assert!(line.contains("\\[link\\]"), "{line}");
    // No bare @mention anywhere in the comment.
    for (i, _) in md.match_indices('@') {
        assert_eq!(&md[i - 1..i], "`", "a bare @ at {i}: {md}");
    }
}

#[test]
fn a_huge_review_is_cut_to_fit_a_comment() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    let long = "x".repeat(200);
    for n in 5..800 {
        write(
            &plan,
            &format!("tasks/bulk/T-{n}-bulk.md"),
            &format!("---\nid: T-{n}\ntitle: {long}\nstatus: todo\n---\n"),
        );
    }
    let out = run(cairn(&plan).args(["review", "main"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.chars().count() <= 65_000, "{}", out.stdout.len());
    assert!(
        out.stdout.contains("This review was cut"),
        "note of the cut"
    );
    assert!(out.stdout.starts_with("### cairn review"));
}

#[test]
fn unknown_revisions_and_shallow_clones_explain_what_to_do() {
    let (tmp, repo) = repo();
    let plan = repo.join("plan");
    let out = run(cairn(&plan).args(["review", "no-such-branch"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown revision `no-such-branch`"),
        "{}",
        out.stderr
    );

    // A shallow clone of the feature branch, with main fetched shallow too: the merge
    // base is not there.
    write(&plan, "tasks/T-5-five.md", &task("T-5", "status: todo\n"));
    commit(&repo, "feature 1");
    write(&plan, "tasks/T-6-six.md", &task("T-6", "status: todo\n"));
    commit(&repo, "feature 2");
    git(&repo, &["checkout", "-q", "main"]);
    write(&plan, "tasks/T-7-seven.md", &task("T-7", "status: todo\n"));
    commit(&repo, "main 1");
    git(&repo, &["checkout", "-q", "feature"]);
    let url = format!("file://{}", repo.display());
    let shallow = tmp.path().join("shallow");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            "--no-single-branch",
            &url,
            "shallow",
        ],
    );
    let out = run(cairn(&shallow.join("plan")).args(["review", "origin/main"]));
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("fetch-depth: 0"), "{}", out.stderr);
}

#[test]
fn a_repository_without_commits_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().expect("tmp");
    git(tmp.path(), &["init", "-q", "-b", "main"]);
    write(tmp.path(), "cairn.yaml", "name: Empty\n");
    let out = run(cairn(tmp.path()).args(["review", "main"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("error:"), "{}", out.stderr);
    let out = run(cairn(tmp.path()).args(["new", "task", "First"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn hostile_trees_are_reported_not_followed() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    // A symlink out of the repository, one to a task of the tree, and a file whose name is
    // not UTF-8, all committed: the head side is read from the commit, not the disk.
    std::os::unix::fs::symlink("../../../../etc/passwd", plan.join("tasks/T-8-escape.md"))
        .expect("symlink");
    std::os::unix::fs::symlink("T-1-one.md", plan.join("tasks/T-9-alias.md")).expect("symlink");
    let odd = {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(b"T-7-\xff.md").to_owned()
    };
    std::fs::write(plan.join("tasks").join(odd), "---\nid: T-7\n---\n").expect("write");
    commit(&repo, "hostile");
    let (code, v, stderr) = review_json(&plan, &["main", "HEAD"]);
    assert_eq!(code, 1, "{v}\n{stderr}");
    let introduced: Vec<String> = v["findings"]["introduced"]
        .as_array()
        .expect("introduced")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        introduced.contains(&"path-escape tasks/T-8-escape.md".to_owned()),
        "{introduced:?}"
    );
    assert!(
        introduced
            .iter()
            .any(|d| d.starts_with("unreadable tasks/T-7-")),
        "{introduced:?}"
    );
}

/// Forecast v3: every status change says why, the size of the slip included.
#[test]
fn review_says_why_a_milestone_or_project_moved() {
    let (_tmp, repo) = repo();
    let plan = repo.join("plan");
    // A longer estimate on the chain of beta.
    let t1 = std::fs::read_to_string(plan.join("tasks/T-1-one.md")).expect("read");
    write(
        &repo,
        "plan/tasks/T-1-one.md",
        &t1.replace("estimate: 2d", "estimate: 30d"),
    );
    commit(&repo, "longer");
    let (_, v, err) = review_json(&plan, &["main"]);
    let beta = &v["milestones"][0];
    assert_eq!(beta["milestone"], "beta", "{v}\n{err}");
    assert_eq!(beta["status_before"], "on-track");
    assert_eq!(beta["status_after"], "at-risk");
    assert_eq!(beta["late_by_before"], 0);
    let late = beta["late_by_after"].as_u64().expect("late_by");
    assert!(late > 0, "{beta}");
    let because = beta["because"][0].as_str().expect("a reason");
    assert!(
        because.starts_with("T-1 changed (estimate 2d → 30d), now finishes"),
        "{because}"
    );
    let text = run(cairn(&plan).args(["review", "main", "--format", "table"]));
    assert!(
        text.stdout
            .contains(&format!("on track → at risk: {late} working days late")),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("    because T-1 changed (estimate 2d → 30d)"),
        "{}",
        text.stdout
    );

    // Only the milestone's due date moves: the project's own finish stays, its status
    // gets worse because of the milestone, and says so.
    git(&repo, &["checkout", "-q", "main"]);
    git(&repo, &["checkout", "-q", "-b", "earlier"]);
    write(
        &repo,
        "plan/projects/web.md",
        &PROJECT.replace("due: 2026-12-31", "due: 2026-12-02"),
    );
    commit(&repo, "earlier beta");
    let (_, v, err) = review_json(&plan, &["main"]);
    let web = &v["projects"][0];
    assert_eq!(web["status_before"], "on-track", "{v}\n{err}");
    assert_eq!(web["status_after"], "at-risk");
    assert_eq!(web["shift_working_days"], 0);
    let because = web["because"][0].as_str().expect("a reason");
    assert!(
        because.starts_with("milestone beta is now ") && because.contains("; its chain T-"),
        "{because}"
    );
}
