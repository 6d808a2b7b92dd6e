//! Importers on fixtures written in each tool's own format (tests/fixtures/import/): the
//! mapping, the quirks of real repositories, all-or-nothing writes, and a repeated import
//! that syncs.

use crate::support::{cairn, check_json, copy_dir, git, git_at, repo_path, run};
use std::collections::BTreeMap;
use std::path::Path;

fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"], "2026-11-20T10:00:00Z");
    std::fs::write(
        root.join("cairn.yaml"),
        "name: Shop\npeople:\n  alice:\n    name: Alice\n  bob:\n    name: Bob\n",
    )
    .expect("write");
    std::fs::create_dir_all(root.join("projects")).expect("mkdir");
    std::fs::write(
        root.join("projects/shop.md"),
        "---\nid: shop\ntitle: Shop\nmilestones:\n  - id: beta\n    title: Beta\n    due: 2026-12-20\n---\n",
    )
    .expect("write");
    tmp
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file of the workspace but git's, with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| !e.path().components().any(|c| c.as_os_str() == ".git"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                b"<dir>".to_vec()
            };
            (rel, bytes)
        })
        .collect()
}

/// Findings of `check` on the whole workspace, as `rule file` strings.
fn findings(root: &Path) -> Vec<String> {
    let (_, report) = check_json(root);
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn backlog_md_maps_tasks_drafts_decisions_and_docs() {
    let tmp = workspace();
    let root = tmp.path();
    let src = repo_path("tests/fixtures/import/backlog");
    let out = run(cairn(root)
        .args(["import", "backlog-md"])
        .arg(&src)
        .args(["--project", "shop"]));
    assert_eq!(
        out.code, 0,
        "the person the source names is declared, not an error: {}{}",
        out.stdout, out.stderr
    );
    for line in [
        "import backlog-md into project shop",
        "people declared in cairn.yaml (named by their id; edit their names there): zed",
        "tasks/task-2.1 - Variant-picker.md: dependency `task-9` is not in the import; dropped",
        "kept under x-backlog-md: reporter (1)",
        "check finds nothing in the imported files",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
    assert!(
        read(root, "cairn.yaml").contains("  zed:\n    name: zed\n"),
        "{}",
        read(root, "cairn.yaml")
    );
    assert_eq!(
        read(root, "tasks/shop/T-1-set-up-the-shop-repository.md"),
        "---\nid: T-1\ntitle: Set up the shop repository\nstatus: done\nproject: shop\nmilestone: beta\nassignee: alice\npriority: high\ntags: [infra]\ncreated: 2026-10-01\nclosed: 2026-10-03\nsource: backlog-md:task-1\nx-backlog-md: {\"reporter\": \"@bob\", \"updated_date\": \"2026-10-03 16:02\"}\n---\n## Description\n\nCreate the repository, CI and the first deploy.\n\n## Acceptance Criteria\n- [x] #1 Repository exists\n- [x] #2 CI runs on pull requests\n"
    );
    let t2 = read(root, "tasks/shop/T-2-product-page-gallery-and-variants.md");
    assert!(
        t2.contains("title: \"Product page: gallery and variants\"\nstatus: doing\n"),
        "{t2}"
    );
    assert!(t2.contains("depends_on: [T-1]\n"), "{t2}");
    // A milestone the project lacks is added to it, and the task keeps it.
    assert!(t2.contains("milestone: launch-party\n"), "{t2}");
    assert!(
        read(root, "projects/shop.md").contains("  - id: launch-party\n    title: Launch party\n")
    );
    let t3 = read(root, "tasks/shop/T-3-variant-picker.md");
    assert!(
        t3.contains("parent: T-2\n") && !t3.contains("depends_on"),
        "{t3}"
    );
    assert!(read(root, "tasks/shop/T-4-wishlist.md").contains("tags: [idea, draft]"));
    let d1 = read(root, "decisions/D-1-use-stripe-for-payments.md");
    assert!(
        d1.starts_with("---\nid: D-1\ntitle: Use Stripe for payments\nstatus: accepted\ndate: 2026-10-02\nproject: shop\nsource: backlog-md:decision-1\n"),
        "{d1}"
    );
    assert!(findings(root).is_empty(), "{:?}", findings(root));
    // `show` says where a task came from.
    let out = run(cairn(root).args(["show", "T-1"]));
    assert!(
        out.stdout.contains("source       backlog-md:task-1"),
        "{}",
        out.stdout
    );
}

#[test]
fn backlog_md_quirks_of_real_repositories_all_arrive() {
    let tmp = workspace();
    let root = tmp.path();
    let src = repo_path("tests/fixtures/import/backlog-real");
    // No --project: a project is made for the import, named as the backlog's config.
    let out = run(cairn(root).args(["import", "backlog-md"]).arg(&src));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    for line in [
        "import backlog-md into project acme-web (created)",
        "  archive/tasks/back-6 - Old-idea.md: archived in Backlog.md",
        "  decisions/readme.md: a readme, not an item",
        "  milestones/README.md: a readme, not an item",
        "  tasks/readme.md: a readme, not an item",
        // A stale reference (BACK-4 is a draft) is dropped, not matched by its number.
        "parent `task-4` is not in the import; dropped",
        "  BACK-3 → T-3, T-4",
        "kept under x-backlog-md: documentation (1), modified_files (1), ordinal (1), references (1), reporter (1), type (1)",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
    // The unquoted `@alice` in a CRLF file.
    let t1 = read(root, "tasks/acme-web/T-1-set-up-ci.md");
    assert!(
        t1.contains("assignee: alice\n") && !t1.contains('\r'),
        "{t1}"
    );
    assert!(t1.contains("source: backlog-md:BACK-1\n"), "{t1}");
    assert!(!t1.contains("parent:"), "{t1}");
    // Bare numbers and an old prefix resolve; the milestone file became the project's.
    let t2 = read(root, "tasks/acme-web/T-2-login-page.md");
    assert!(
        t2.contains("depends_on: [T-1]\n") && t2.contains("milestone: beta\n"),
        "{t2}"
    );
    assert!(t2.contains("x-backlog-md: {\"documentation\": [\"doc-1\"], \"references\": [\"https://example.com/design/login\"], \"type\": \"feature\"}\n"), "{t2}");
    // The asset is copied and the image link follows it.
    assert!(t2.contains("![login](../../assets/login.png)"), "{t2}");
    assert_eq!(
        std::fs::read(root.join("assets/login.png")).expect("asset"),
        std::fs::read(src.join("assets/login.png")).expect("source asset")
    );
    let t3 = read(root, "tasks/acme-web/T-3-login-api.md");
    assert!(
        t3.contains("parent: T-2\n") && t3.contains("depends_on: [T-1]\n"),
        "{t3}"
    );
    // Two files with BACK-3 (a merge): each its own id and source.
    let t4 = read(root, "tasks/acme-web/T-4-password-reset.md");
    assert!(
        t4.contains("source: \"backlog-md:BACK-3@back-3 - Password-reset.md\"\n"),
        "{t4}"
    );
    assert!(read(root, "tasks/acme-web/T-5-dark-mode.md").contains("tags: [idea, draft]\n"));
    assert!(read(root, "tasks/acme-web/T-6-create-the-repository.md").contains("status: done\n"));
    // A decision without front matter: the title from its heading, the status from its
    // section.
    let d1 = read(root, "decisions/D-1-use-postgres.md");
    assert!(
        d1.starts_with("---\nid: D-1\ntitle: Use Postgres\nstatus: accepted\n"),
        "{d1}"
    );
    assert!(
        read(root, "projects/acme-web.md").contains("milestones:\n  - id: beta\n    title: Beta\n")
    );
    assert!(root.join("docs/doc-1 - Architecture.md").is_file());
    // Nothing broken: the only finding is the task nobody is on.
    assert_eq!(
        findings(root),
        ["unassigned tasks/acme-web/T-3-login-api.md"]
    );
    // `status` shows the imported work.
    let out = run(cairn(root).args(["status", "acme-web"]));
    assert!(out.stdout.contains("tasks: 6 total"), "{}", out.stdout);
}

#[test]
fn an_import_that_fails_midway_leaves_the_workspace_as_it_was() {
    let tmp = workspace();
    let root = tmp.path();
    // `docs` is a file: the documents cannot be written, after the tasks were staged.
    std::fs::write(root.join("docs"), "in the way\n").expect("write");
    let before = tree(root);
    let out = run(cairn(root)
        .args(["import", "backlog-md"])
        .arg(repo_path("tests/fixtures/import/backlog-real")));
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("nothing was imported"),
        "{}",
        out.stderr
    );
    assert_eq!(tree(root), before, "the workspace is byte-identical");
}

#[test]
fn a_second_import_updates_what_the_source_changed_and_keeps_cairn_edits() {
    let tmp = workspace();
    let root = tmp.path();
    let src_tmp = tempfile::tempdir().expect("tmp");
    let src = src_tmp.path().join("backlog");
    copy_dir(&repo_path("tests/fixtures/import/backlog-real"), &src);
    let import = |extra: &[&str]| {
        run(cairn(root)
            .args(["import", "backlog-md"])
            .arg(&src)
            .args(extra))
    };
    assert_eq!(import(&[]).code, 0);
    let first = tree(root);
    // The same source again: nothing changes, not even an mtime.
    let t2 = root.join("tasks/acme-web/T-2-login-page.md");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&t2)
        .expect("open")
        .set_modified(old)
        .expect("mtime");
    let out = import(&[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("│ tasks      ┆ 6     ┆ 0       ┆ 0       ┆ 6"),
        "{}",
        out.stdout
    );
    assert_eq!(tree(root), first);
    assert_eq!(
        std::fs::metadata(&t2)
            .expect("stat")
            .modified()
            .expect("mtime"),
        old
    );
    // The team edits T-2's priority in cairn; the source changes its priority and its
    // title, and gains a task.
    let edit = run(cairn(root).args(["set", "T-2", "priority=urgent"]));
    assert_eq!(edit.code, 0, "{}", edit.stderr);
    let path = src.join("tasks/back-2 - Login-page.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("title: Login page\n", "title: Login page with SSO\n")
            .replace("priority: high\n", "priority: low\n"),
    )
    .expect("write");
    std::fs::write(
        src.join("tasks/back-7 - Logout.md"),
        "---\nid: BACK-7\ntitle: Logout\nstatus: To Do\nassignee: [@bob]\ndependencies: [BACK-2]\n---\n",
    )
    .expect("write");
    let before = read(root, "tasks/acme-web/T-2-login-page.md");
    let out = import(&[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("│ tasks      ┆ 7     ┆ 1       ┆ 1       ┆ 5"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("left as they are (--overwrite takes the source's): T-2 priority"),
        "{}",
        out.stdout
    );
    let after = read(root, "tasks/acme-web/T-2-login-page.md");
    assert_eq!(
        after,
        before.replace("title: Login page\n", "title: Login page with SSO\n"),
        "only the title changed; the priority edited in cairn stays"
    );
    assert!(read(root, "tasks/acme-web/T-7-logout.md").contains("depends_on: [T-2]\n"));
    // --overwrite takes the source's value.
    let out = import(&["--overwrite"]);
    assert_eq!(out.code, 0);
    assert!(read(root, "tasks/acme-web/T-2-login-page.md").contains("priority: low\n"));
    // --dry-run shows the diff and writes nothing.
    std::fs::write(
        &path,
        std::fs::read_to_string(&path)
            .expect("read")
            .replace("status: In Progress", "status: Done"),
    )
    .expect("write");
    let snapshot = tree(root);
    let out = import(&["--dry-run"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("-status: doing\n+status: done\n"),
        "{}",
        out.stdout
    );
    assert_eq!(tree(root), snapshot);
}

#[test]
fn github_issues_map_state_labels_milestones_people_and_links() {
    let tmp = workspace();
    let root = tmp.path();
    let src = repo_path("tests/fixtures/import/github-issues.json");
    let out = run(cairn(root)
        .args(["import", "github-issues"])
        .arg(&src)
        .args([
            "--project",
            "shop",
            "--repo-url",
            "https://github.com/acme/shop",
        ]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(
            "people declared in cairn.yaml (named by their id; edit their names there): ghost-user"
        ),
        "{}",
        out.stdout
    );
    // Issues in number order: #7, #12, #15. The milestone's due date stays on the
    // milestone, not on the task.
    assert_eq!(
        read(root, "tasks/shop/T-2-cart-total-rounds-wrong.md"),
        "---\nid: T-2\ntitle: Cart total rounds wrong\nstatus: todo\nproject: shop\nmilestone: beta\nassignee: alice\npriority: high\ntags: [bug, priority-high]\ncreated: 2026-11-02\nsource: github:acme/shop#12\n---\nSteps:\n- [ ] Reproduce\n- [ ] Fix the rounding\n\nSee <script>alert(1)</script> and [the docs](https://github.com/acme/shop/blob/main/docs/cart.md).\n"
    );
    assert!(
        read(root, "tasks/shop/T-1-favicon-missing.md")
            .contains("status: done\nproject: shop\ncreated: 2026-11-01\nclosed: 2026-11-10\n")
    );
    assert!(read(root, "tasks/shop/T-3-dark-mode.md").contains("status: cancelled\n"));
    // A milestone the project lacks is added, with its due date.
    assert!(
        read(root, "projects/shop.md")
            .contains("  - id: someday\n    title: Someday\n    due: 2027-06-30\n")
    );
    assert!(findings(root).is_empty(), "{:?}", findings(root));
    let out = run(cairn(root)
        .args(["import", "github-issues", "-"])
        .write_stdin("{\"not\": \"a list\"}"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("gh issue list --json"),
        "{}",
        out.stderr
    );
}

#[test]
fn todo_txt_maps_priorities_dates_projects_and_contexts() {
    let tmp = workspace();
    let root = tmp.path();
    let src = repo_path("tests/fixtures/import/todo.txt");
    let out = run(cairn(root)
        .args(["import", "todo-txt", "--project", "shop"])
        .arg(&src));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        read(root, "tasks/shop/T-1-call-the-printer-about-the-flyers.md"),
        "---\nid: T-1\ntitle: Call the printer about the flyers\nstatus: todo\nproject: shop\npriority: urgent\ndue: 2026-12-01\ntags: [shop, phone]\ncreated: 2026-11-01\nsource: todo-txt:call-the-printer-about-the-flyers\n---\n"
    );
    assert!(
        read(root, "tasks/shop/T-2-order-business-cards.md").contains(
            "status: done\nproject: shop\ntags: [shop]\ncreated: 2026-11-02\nclosed: 2026-11-20\n"
        )
    );
    assert!(
        read(root, "tasks/shop/T-3-draft-the-newsletter.md")
            .contains("x-todo-txt: {\"rec\": \"1w\"}")
    );
    assert!(
        read(root, "tasks/shop/T-4-review-the-faq.md")
            .contains("x-todo-txt: {\"due\": \"2026-02-30\"}")
    );
    assert!(
        out.stdout
            .contains("line 4: `due:2026-02-30` is not a date; kept under x-todo-txt")
    );
    assert!(read(root, "tasks/shop/T-5-archive-old-orders.md").contains("status: done\n"));
    assert_eq!(
        findings(root),
        ["unassigned tasks/shop/T-1-call-the-printer-about-the-flyers.md"]
    );
    // --dry-run writes nothing.
    let tmp2 = workspace();
    let before = tree(tmp2.path());
    let out = run(cairn(tmp2.path())
        .args(["import", "todo-txt", "--dry-run"])
        .arg(&src));
    assert!(
        out.stdout
            .contains("+++ b/tasks/todo-txt/T-1-call-the-printer-about-the-flyers.md"),
        "{}",
        out.stdout
    );
    assert_eq!(tree(tmp2.path()), before);
}

/// Regression: with the ledger deleted or damaged, a re-import overwrote hand-edited
/// titles and bodies ("updated 3"). Without a readable ledger it now takes the last one
/// committed; with none at all it keeps what differs and lists it, unless --overwrite.
#[test]
fn a_lost_ledger_never_costs_a_hand_edit() {
    let tmp = workspace();
    let root = tmp.path();
    let src = repo_path("tests/fixtures/import/backlog-real");
    let import = |extra: &[&str]| {
        run(cairn(root)
            .args(["import", "backlog-md"])
            .arg(&src)
            .args(extra))
    };
    assert_eq!(import(&[]).code, 0);
    let t2 = "tasks/acme-web/T-2-login-page.md";
    let hand = |root: &Path| {
        let text = read(root, t2);
        std::fs::write(
            root.join(t2),
            text.replace("title: Login page\n", "title: Login page (hand edit)\n")
                + "\nA note added by hand.\n",
        )
        .expect("write");
    };
    hand(root);
    let edited = read(root, t2);
    let ledger = root.join(".cairn/imports/backlog-md.json");
    for damage in ["deleted", "{bad json"] {
        if damage == "deleted" {
            std::fs::remove_file(&ledger).expect("rm");
        } else {
            std::fs::write(&ledger, damage).expect("corrupt");
        }
        let out = import(&[]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert_eq!(read(root, t2), edited, "{damage}: the hand edit stays");
        assert!(out.stdout.contains("T-2 title"), "{damage}: {}", out.stdout);
        assert!(out.stdout.contains("T-2 body"), "{damage}: {}", out.stdout);
        assert!(out.stdout.contains("ledger"), "{damage}: {}", out.stdout);
    }
    // --overwrite takes the source's.
    let out = import(&["--overwrite"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(read(root, t2).contains("title: Login page\n"));

    // In git: the ledger the last import committed is used, so a field only the source
    // changed is updated while the hand edit stays.
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "import"]);
    hand(root);
    std::fs::remove_file(&ledger).expect("rm");
    let out = import(&[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(read(root, t2).contains("title: Login page (hand edit)\n"));
    assert!(!out.stdout.contains("unreadable"), "{}", out.stdout);
    assert!(ledger.is_file(), "the ledger is written again");
}

#[test]
fn a_big_import_prints_its_first_findings_and_counts_the_rest() {
    let tmp = workspace();
    let root = tmp.path();
    let src = root.join("many.txt");
    let lines: String = (1..=60)
        .map(|i| format!("Item {i} due:2027-01-10\n"))
        .collect();
    std::fs::write(&src, lines).unwrap();
    let out = run(cairn(root)
        .args(["import", "todo-txt", "--project", "shop"])
        .arg(&src));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("check finds 60 in the imported files: unassigned 60"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr.matches("warning[unassigned]").count(), 20);
    assert!(
        out.stderr
            .contains("... and 40 more: `cairn check` lists them all"),
        "{}",
        out.stderr
    );
}

/// A Backlog.md history like a real one (tests/fixtures/import/backlog-history): an
/// archived milestone that tasks name by id and by title, readme files, a stale
/// reference, people whose ids hold `_` and `.`; then the source renames `task-` to
/// `BACK-`, archives one task and deletes another, which cairn had edited.
#[test]
fn a_backlog_that_renames_its_prefix_and_archives_items_syncs_without_duplicates() {
    let tmp = workspace();
    let root = tmp.path();
    let fixture = repo_path("tests/fixtures/import/backlog-history");
    let map = root.join("people.yaml");
    std::fs::write(&map, "# source name: person id\n\"@MrLesk\": alice\n").unwrap();
    let import = |dir: &str, extra: &[&str]| {
        let out = run(cairn(root)
            .args([
                "import",
                "backlog-md",
                "--project",
                "shop",
                "--format",
                "json",
            ])
            .arg(fixture.join(dir))
            .arg("--people-map")
            .arg(&map)
            .args(extra));
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        serde_json::from_str::<serde_json::Value>(&out.stdout).expect("json")
    };
    let first = import("before", &[]);
    // One milestone for m-2, though one task names it by id and one by title.
    assert_eq!(first["milestones"]["created"], 2, "{first}");
    let project = read(root, "projects/shop.md");
    assert_eq!(project.matches("- id: m2-cli-kanban-board").count(), 1);
    assert!(!project.contains("id: m-2"), "{project}");
    for t in ["T-1-parser", "T-2-board-view", "T-3-board-keys"] {
        let text = read(root, &format!("tasks/shop/{t}.md"));
        assert!(text.contains("milestone: m"), "{text}");
    }
    assert!(
        read(root, "tasks/shop/T-3-board-keys.md").contains("milestone: m2-cli-kanban-board\n")
    );
    // People keep their ids; the map names MrLesk alice (declared already).
    assert_eq!(
        first["people_declared"],
        serde_json::json!(["impl_types_tui", "gpt-5.5-xhigh"])
    );
    assert!(read(root, "tasks/shop/T-2-board-view.md").contains("assignee: gpt-5.5-xhigh\n"));
    assert!(read(root, "tasks/shop/T-4-export.md").contains("assignee: alice\n"));
    // Readme files are not items; a stale reference is dropped, not re-pointed.
    assert_eq!(first["decisions"]["found"], 0);
    let draft = read(root, "tasks/shop/T-5-themes.md");
    assert!(
        !draft.contains("parent:") && !draft.contains("depends_on:"),
        "{draft}"
    );
    let notes = first["notes"].to_string();
    assert!(
        notes.contains("parent `task-13` is not in the import; dropped"),
        "{notes}"
    );
    // updated_date is kept, not dropped.
    assert!(
        read(root, "tasks/shop/T-2-board-view.md")
            .contains("\"updated_date\": \"2025-06-05 10:00\"")
    );
    assert_eq!(findings(root), Vec::<String>::new());
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "import"]);
    // A hand edit in cairn, then the source renames its prefix and moves on.
    let out = run(cairn(root).args(["set", "T-4", "status=todo"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let second = import("after", &[]);
    assert_eq!(
        second["tasks"]["created"], 1,
        "only BACK-5 is new: {second}"
    );
    assert_eq!(
        second["renamed_prefix"],
        serde_json::json!([{"from": "task-", "to": "back-", "inferred": true, "items": 2}])
    );
    assert_eq!(
        second["gone"],
        serde_json::json!([
            {"id": "T-2", "source": "task-2", "status": "cancelled", "why": "archived in the source"},
            {"id": "T-4", "source": "task-4", "status": null,
             "why": "no longer in the source; kept: its status was changed in cairn since"}
        ])
    );
    let t3 = read(root, "tasks/shop/T-3-board-keys.md");
    assert!(
        t3.contains("title: Board keys and mouse\nstatus: doing\n"),
        "{t3}"
    );
    assert!(t3.contains("source: backlog-md:BACK-3\n"), "{t3}");
    assert!(read(root, "tasks/shop/T-2-board-view.md").contains("status: cancelled\n"));
    assert!(read(root, "tasks/shop/T-4-export.md").contains("status: todo\n"));
    assert!(read(root, "tasks/shop/T-6-import.md").contains("depends_on: [T-3]\n"));
    let notes = second["notes"].to_string();
    assert!(
        notes.contains("dependency `BACK-2` is archived in the source; dropped"),
        "{notes}"
    );
    let tasks = std::fs::read_dir(root.join("tasks/shop")).unwrap().count();
    assert_eq!(tasks, 6);
    // Again: nothing changes, nothing is added.
    let before = tree(root);
    let third = import("after", &[]);
    assert_eq!(third["tasks"]["created"], 0, "{third}");
    assert_eq!(tree(root), before);
    // The rename can be stated.
    let tmp2 = workspace();
    let root2 = tmp2.path();
    for (dir, extra) in [("before", None), ("after", Some("task-=BACK-"))] {
        let mut cmd = cairn(root2);
        cmd.args([
            "import",
            "backlog-md",
            "--project",
            "shop",
            "--format",
            "json",
        ])
        .arg(fixture.join(dir));
        if let Some(e) = extra {
            cmd.args(["--renamed-prefix", e]);
        }
        let out = run(&mut cmd);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        if extra.is_some() {
            assert_eq!(j["renamed_prefix"][0]["inferred"], false, "{j}");
            assert_eq!(j["renamed_prefix"][0]["items"], 2, "{j}");
            assert_eq!(j["tasks"]["created"], 1, "{j}");
        }
    }
    // An unknown gone status is refused by name.
    let out = run(cairn(root)
        .args(["import", "backlog-md", "--gone-status", "gone"])
        .arg(fixture.join("after")));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--gone-status `gone` is not a status"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_people_map_that_is_not_a_map_of_ids_is_refused() {
    let tmp = workspace();
    let root = tmp.path();
    let map = root.join("people.yaml");
    std::fs::write(&map, "MrLesk: Alex Smith\n").unwrap();
    let out = run(cairn(root)
        .args(["import", "backlog-md", "--people-map"])
        .arg(&map)
        .arg(repo_path("tests/fixtures/import/backlog-history/before")));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("line 1: `Alex Smith` is not a person id"),
        "{}",
        out.stderr
    );
    let out = run(cairn(root)
        .args(["import", "backlog-md", "--renamed-prefix", "task-"])
        .arg(repo_path("tests/fixtures/import/backlog-history/before")));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("give OLD=NEW"), "{}", out.stderr);
}
