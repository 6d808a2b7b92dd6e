//! `cairn inbox` on a scripted history: several authors and dates, an assignment, a
//! change by someone else, a mention, a slip the forecast traces to its commit, an
//! action item falling due and a decision waiting. The expected inbox is written out by
//! hand below.

use crate::support::{cairn, git_at, run, write};
use std::path::Path;

const CONFIG: &str = "name: Web team\npeople:\n  ann:\n    name: Ann Lee\n    email: ann@example.com\n  bob:\n    name: Bob Stone\n    email: bob@example.com\n  dan:\n    name: Dan Ortiz\n    email: Dan@Example.com\n";

pub fn commit(root: &Path, who: &str, when: &str, msg: &str) {
    git_at(root, &["add", "-A"], when);
    git_at(root, &["commit", "-q", "--author", who, "-m", msg], when);
}

fn t1(extra: &str) -> String {
    format!(
        "---\nid: T-1\ntitle: Build the header\nstatus: {extra}\nproject: web\nassignee: dan\nestimate: 3d\n"
    )
}

/// The history, oldest first (today is Saturday 2026-11-28; the first inbox starts 7
/// days back, on 2026-11-21, so the first commit is the base).
pub fn history() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-14T10:00:00Z");
    write(root, "cairn.yaml", CONFIG);
    write(
        root,
        "projects/web.md",
        "---\nid: web\ntitle: Website\nmilestones:\n  - id: beta\n    title: Beta\n    due: 2026-12-18\n---\n",
    );
    write(
        root,
        "tasks/web/T-1-header.md",
        &(t1("todo") + "due: 2026-12-10\n---\n"),
    );
    write(
        root,
        "tasks/web/T-2-footer.md",
        "---\nid: T-2\ntitle: Footer\nstatus: todo\nproject: web\nassignee: bob\nestimate: 2d\n---\n",
    );
    write(
        root,
        "tasks/web/T-4-signup.md",
        "---\nid: T-4\ntitle: Newsletter signup\nstatus: todo\nproject: web\nmilestone: beta\nassignee: dan\nestimate: 2d\n---\n",
    );
    write(
        root,
        "meetings/2026-11-14-weekly.md",
        "---\ntitle: Weekly\ndate: 2026-11-14\nattendees: [ann, bob, dan]\n---\n## Actions\n\n- [ ] @dan Draft the plan due:2026-12-02\n- [ ] @bob Order fonts due:2026-11-25\n- [ ] @dan Book the room due:2026-12-20\n",
    );
    write(
        root,
        "decisions/D-1-cms.md",
        "---\nid: D-1\ntitle: Pick a CMS\nstatus: proposed\ndate: 2026-11-14\ndeciders: [dan, ann]\n---\n",
    );
    commit(
        root,
        "Ann Lee <ann@example.com>",
        "2026-11-14T10:00:00Z",
        "Plan the website",
    );
    // Monday: Ann gives the footer to Dan.
    write(
        root,
        "tasks/web/T-2-footer.md",
        "---\nid: T-2\ntitle: Footer\nstatus: todo\nproject: web\nassignee: dan\nestimate: 2d\n---\n",
    );
    commit(
        root,
        "Ann Lee <ann@example.com>",
        "2026-11-23T09:00:00Z",
        "Dan takes the footer",
    );
    // Tuesday: Bob moves the header's due date up, and asks Dan something.
    write(
        root,
        "tasks/web/T-1-header.md",
        &(t1("todo") + "priority: high\ndue: 2026-12-01\n---\n"),
    );
    write(
        root,
        "tasks/web/T-2-footer.md",
        "---\nid: T-2\ntitle: Footer\nstatus: todo\nproject: web\nassignee: dan\nestimate: 2d\n---\n\n## Discussion\n\n- 2026-11-24 @bob: @dan can you take the mobile layout too?\n",
    );
    commit(
        root,
        "Bob Stone <bob@example.com>",
        "2026-11-24T09:00:00Z",
        "The header is urgent",
    );
    // Wednesday: Dan starts the header (his own commit: not news to him).
    write(
        root,
        "tasks/web/T-1-header.md",
        &(t1("doing") + "priority: high\ndue: 2026-12-01\n---\n\n@dan notes to self\n"),
    );
    commit(
        root,
        "Dan Ortiz <dan@example.com>",
        "2026-11-25T09:00:00Z",
        "Start the header",
    );
    // Thursday: Bob files an urgent bug for Dan, which pushes his other work back.
    write(
        root,
        "tasks/web/T-3-login.md",
        "---\nid: T-3\ntitle: Fix the login bug\nstatus: todo\nproject: web\nassignee: dan\nestimate: 2d\npriority: urgent\ndue: 2026-11-30\n---\n",
    );
    commit(
        root,
        "Bob Stone <bob@example.com>",
        "2026-11-26T09:00:00Z",
        "Login bug for Dan",
    );
    tmp
}

#[test]
fn the_inbox_lists_what_others_did_newest_first_and_marking_it_seen_empties_it() {
    let tmp = history();
    let root = tmp.path();
    let out = run(cairn(root).args(["inbox", "--as", "dan"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Worked by hand. Dan's queue (8 h a day from Monday 11-30): at the base T-1 (due
    // 12-10 before T-4's milestone 12-18) 11-30..12-02, then T-4 12-03..12-04. At HEAD:
    // T-1 is active (first) 11-30..12-02, T-3 is urgent 12-03..12-04, T-4 12-07..12-08,
    // T-2 (no deadline, last) 12-09..12-10; T-2 was Bob's at the base, 11-30..12-01.
    assert_eq!(
        out.stdout,
        "\
inbox of Dan Ortiz (dan): 8 items since 2026-11-21 (the last 7 days)

Assigned to you
  T-3 Fix the login bug: created by Bob Stone
    tasks/web/T-3-login.md:6  (COMMIT5 by Bob Stone, 2026-11-26)
  T-2 Footer: assigned by Ann Lee
    tasks/web/T-2-footer.md:6  (COMMIT2 by Ann Lee, 2026-11-23)

Your tasks, changed by others
  T-1 Build the header: due 2026-12-10 → 2026-12-01, priority normal → high
    tasks/web/T-1-header.md:9  (COMMIT3 by Bob Stone, 2026-11-24)

Mentions
  - 2026-11-24 @bob: @dan can you take the mobile layout too?
    tasks/web/T-2-footer.md:12  (COMMIT3 by Bob Stone, 2026-11-24)

Your forecasts that moved
  T-2 Footer: finish 2026-12-01 → 2026-12-10 (+7 working days), because of changes to T-3, T-1, T-2 on its chain
    tasks/web/T-2-footer.md:2  (COMMIT5 by Bob Stone, 2026-11-26)
  T-4 Newsletter signup: finish 2026-12-04 → 2026-12-08 (+2 working days), because of changes to T-3, T-1 on its chain
    tasks/web/T-4-signup.md:2  (COMMIT5 by Bob Stone, 2026-11-26)

Action items due
  2026-11-14-weekly#1 Weekly: @dan Draft the plan — due 2026-12-02
    meetings/2026-11-14-weekly.md:8

Decisions waiting for you
  D-1 Pick a CMS: proposed; you are one of its deciders
    decisions/D-1-cms.md:4
"
        .replace("COMMIT2", &short(root, "HEAD~3"))
        .replace("COMMIT3", &short(root, "HEAD~2"))
        .replace("COMMIT5", &short(root, "HEAD"))
    );
    // The same through git user.email (any case) and through CAIRN_USER.
    git_at(
        root,
        &["config", "user.email", "dan@EXAMPLE.com"],
        "2026-11-28T00:00:00Z",
    );
    let by_email = run(cairn(root).args(["inbox", "--format", "json"]));
    assert_eq!(by_email.code, 0, "{}", by_email.stderr);
    let j: serde_json::Value = serde_json::from_str(&by_email.stdout).unwrap();
    assert_eq!(j["person"], "dan");
    assert_eq!(j["items"].as_array().unwrap().len(), 8);
    assert_eq!(j["since"]["from"], "first-run");
    assert_eq!(j["commits"], 4);
    let by_env = run(cairn(root).env("CAIRN_USER", "bob").args(["inbox"]));
    assert!(
        by_env
            .stdout
            .starts_with("inbox of Bob Stone (bob): 1 item"),
        "{}",
        by_env.stdout
    );
    assert!(
        by_env
            .stdout
            .contains("@bob Order fonts — overdue since 2026-11-25 (3 days)")
    );
    // Marked seen, the next run has nothing new; the record is in the git directory.
    let out = run(cairn(root).args(["inbox", "--as", "dan", "--mark-seen"]));
    assert!(
        out.stdout
            .ends_with("marked seen: the next inbox starts from here\n")
    );
    let out = run(cairn(root).args(["inbox", "--as", "dan"]));
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "nothing new since you marked it seen on 2026-11-28\n"
    );
    let status = git_at(
        root,
        &["status", "--porcelain", "--ignored"],
        "2026-11-28T00:00:00Z",
    );
    assert_eq!(status, "", "nothing of the inbox lands in the working tree");
    // A new commit by someone else is news again; --since shows the older window.
    write(
        root,
        "tasks/web/T-4-signup.md",
        "---\nid: T-4\ntitle: Newsletter signup\nstatus: todo\nproject: web\nmilestone: beta\nassignee: dan\nestimate: 2d\ndue: 2026-12-07\n---\n",
    );
    commit(
        root,
        "Ann Lee <ann@example.com>",
        "2026-11-28T09:00:00Z",
        "Signup by Monday week",
    );
    let out = run(cairn(root).args(["inbox", "--as", "dan", "--format", "markdown"]));
    assert_eq!(
        out.stdout,
        format!(
            "### inbox of Dan Ortiz (dan): 1 item since you marked it seen on 2026-11-28\n\n#### Your tasks, changed by others\n\n- **T-4** Newsletter signup: due (none) → 2026-12-07 (`tasks/web/T-4-signup.md:9`, {} by Ann Lee, 2026-11-28)\n",
            short(root, "HEAD")
        )
    );
    let out = run(cairn(root).args(["inbox", "--as", "dan", "--since", "HEAD~2"]));
    assert!(
        out.stdout.starts_with("inbox of Dan Ortiz (dan): "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("T-3 Fix the login bug: created by Bob Stone")
    );
    assert!(!out.stdout.contains("T-2 Footer: assigned"));
}

#[test]
fn who_me_is_has_one_rule_and_says_how_to_set_it() {
    let tmp = history();
    let root = tmp.path();
    let out = run(cairn(root).args(["inbox", "--as", "dna"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--as names `dna`, who is not a person in cairn.yaml")
    );
    assert!(out.stderr.contains("did you mean `dan`?"), "{}", out.stderr);
    let out = run(cairn(root).env("CAIRN_USER", "zed").args(["inbox"]));
    assert!(
        out.stderr.contains("CAIRN_USER names `zed`"),
        "{}",
        out.stderr
    );
    git_at(
        root,
        &["config", "user.email", "someone@else.org"],
        "2026-11-28T00:00:00Z",
    );
    let out = run(cairn(root).args(["inbox"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("git user.email `someone@else.org` is no person's `email:` in cairn.yaml"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("pass --as PERSON, set CAIRN_USER"));
    // The same rule names the author of a comment.
    let out = run(cairn(root)
        .env("CAIRN_USER", "bob")
        .args(["comment", "T-1", "On it"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(root.join("tasks/web/T-1-header.md")).unwrap();
    assert!(text.contains("- 2026-11-28 @bob: On it\n"), "{text}");
    let out = run(cairn(root).args(["comment", "T-1", "Who am I?"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("someone@else.org"), "{}", out.stderr);
}

pub fn short(root: &Path, rev: &str) -> String {
    git_at(
        root,
        &["rev-parse", "--short=7", rev],
        "2026-11-28T00:00:00Z",
    )
    .trim()
    .to_owned()
}
