//! Importers on fixtures written in each tool's own format (tests/fixtures/import/).

use crate::support::{cairn, check_json, repo_path, run};
use std::path::Path;

fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
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
        out.code, 1,
        "the unknown person is an error it lists: {}{}",
        out.stdout, out.stderr
    );
    for line in [
        "created tasks/shop/T-1-set-up-the-shop-repository.md",
        "created tasks/shop/T-3-variant-picker.md",
        "created tasks/shop/T-4-wishlist.md",
        "created decisions/D-1-use-stripe-for-payments.md",
        "created docs/doc-1 - Architecture.md",
        "task-2: assignee `@zed` is `zed`, who is not in cairn.yaml",
        "task-2: milestone `Launch party` is not a milestone of shop; dropped",
        "task-2.1: dependency `task-9` was not imported; dropped",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
    assert_eq!(
        read(root, "tasks/shop/T-1-set-up-the-shop-repository.md"),
        "---\nid: T-1\ntitle: Set up the shop repository\nstatus: done\nproject: shop\nmilestone: beta\nassignee: alice\npriority: high\ntags: [infra]\ncreated: 2026-10-01\nclosed: 2026-10-03\n---\n## Description\n\nCreate the repository, CI and the first deploy.\n\n## Acceptance Criteria\n- [x] #1 Repository exists\n- [x] #2 CI runs on pull requests\n"
    );
    let t2 = read(root, "tasks/shop/T-2-product-page-gallery-and-variants.md");
    assert!(
        t2.contains("title: \"Product page: gallery and variants\"\nstatus: doing\n"),
        "{t2}"
    );
    assert!(t2.contains("depends_on: [T-1]\n"), "{t2}");
    let t3 = read(root, "tasks/shop/T-3-variant-picker.md");
    assert!(
        t3.contains("parent: T-2\n") && !t3.contains("depends_on"),
        "{t3}"
    );
    assert!(read(root, "tasks/shop/T-4-wishlist.md").contains("tags: [idea, draft]"));
    let d1 = read(root, "decisions/D-1-use-stripe-for-payments.md");
    assert!(
        d1.starts_with(
            "---\nid: D-1\ntitle: Use Stripe for payments\nstatus: accepted\ndate: 2026-10-02\n"
        ),
        "{d1}"
    );
    // Everything check reports is what the import listed.
    assert_eq!(
        findings(root),
        ["unknown-reference tasks/shop/T-2-product-page-gallery-and-variants.md"]
    );
    // Importing again would overwrite: refused, nothing written.
    let out = run(cairn(root)
        .args(["import", "backlog-md"])
        .arg(&src)
        .args(["--project", "shop"]));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("already exists; nothing imported"),
        "{}",
        out.stderr
    );
}

#[test]
fn github_issues_json_maps_state_labels_milestones_and_people() {
    let tmp = workspace();
    let root = tmp.path();
    let src = repo_path("tests/fixtures/import/github-issues.json");
    let out = run(cairn(root)
        .args(["import", "github-issues"])
        .arg(&src)
        .args(["--project", "shop"]));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    // Issues in number order: #7, #12, #15.
    assert_eq!(
        read(root, "tasks/shop/T-2-cart-total-rounds-wrong.md"),
        "---\nid: T-2\ntitle: Cart total rounds wrong\nstatus: todo\nproject: shop\nmilestone: beta\nassignee: alice\npriority: high\ndue: 2026-12-15\ntags: [bug, priority-high]\ncreated: 2026-11-02\n---\nSteps:\n- [ ] Reproduce\n- [ ] Fix the rounding\n\nSee <script>alert(1)</script>\n\nImported from GitHub issue #12.\n"
    );
    assert!(
        read(root, "tasks/shop/T-1-favicon-missing.md")
            .contains("status: done\nproject: shop\ncreated: 2026-11-01\nclosed: 2026-11-10\n")
    );
    assert!(read(root, "tasks/shop/T-3-dark-mode.md").contains("status: cancelled\n"));
    assert!(
        out.stdout
            .contains("#15: milestone `Someday` is not a milestone of shop"),
        "{}",
        out.stdout
    );
    assert_eq!(
        findings(root),
        ["unknown-reference tasks/shop/T-3-dark-mode.md"]
    );
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
    let out = run(cairn(root).args(["import", "todo-txt"]).arg(&src));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        read(root, "tasks/T-1-call-the-printer-about-the-flyers.md"),
        "---\nid: T-1\ntitle: Call the printer about the flyers\nstatus: todo\npriority: urgent\ndue: 2026-12-01\ntags: [shop, phone]\ncreated: 2026-11-01\n---\nImported from todo.txt line 1.\n"
    );
    assert!(
        read(root, "tasks/T-2-order-business-cards.md")
            .contains("status: done\ntags: [shop]\ncreated: 2026-11-02\nclosed: 2026-11-20\n")
    );
    assert!(read(root, "tasks/T-3-draft-the-newsletter.md").contains("Other fields: rec:1w"));
    assert!(read(root, "tasks/T-4-review-the-faq.md").contains("Other fields: due:2026-02-30"));
    assert!(
        out.stdout
            .contains("line 4: `due:2026-02-30` is not a date; kept in the body")
    );
    assert!(read(root, "tasks/T-5-archive-old-orders.md").contains("status: done\n"));
    // Only the warning it cannot avoid: a due date and nobody assigned.
    assert_eq!(
        findings(root),
        ["unassigned tasks/T-1-call-the-printer-about-the-flyers.md"]
    );
    // --dry-run writes nothing.
    let tmp2 = workspace();
    let out = run(cairn(tmp2.path())
        .args(["import", "todo-txt", "--dry-run"])
        .arg(&src));
    assert!(
        out.stdout.contains("would create tasks/T-1-"),
        "{}",
        out.stdout
    );
    assert!(!tmp2.path().join("tasks").exists());
}
