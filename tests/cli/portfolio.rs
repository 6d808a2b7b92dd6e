//! A portfolio over three real git repositories: `mobile` read from its working tree,
//! `web` from a `file://` remote at `main`, `data` pinned at a tag, and one member whose
//! remote does not exist. One forecast over all of them: a dependency and a cycle across
//! repositories, a person over capacity only when the repositories are added up.

use crate::support::{cairn, git_at, json, run, write};
use std::path::Path;

const WHEN: &str = "2026-11-20T10:00:00Z";

fn repo(root: &Path, name: &str, files: &[(&str, &str)]) {
    let dir = root.join(name);
    write(
        &dir,
        "cairn.yaml",
        &format!("name: {name}\npeople:\n  ann: {{name: Ann}}\n  bob: {{name: Bob}}\n"),
    );
    for (path, text) in files {
        write(&dir, path, text);
    }
    git_at(&dir, &["init", "-q", "-b", "main"], WHEN);
    git_at(&dir, &["add", "-A"], WHEN);
    git_at(&dir, &["commit", "-qm", "plan"], WHEN);
}

fn task(id: &str, extra: &str) -> String {
    format!("---\nid: {id}\ntitle: Task {id}\n{extra}---\n")
}

/// The three members and the portfolio beside them.
fn portfolio() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    // Ann has a full week in each of mobile and web: fine in each, too much in both.
    repo(
        root,
        "mobile",
        &[
            (
                "projects/app.md",
                "---\nid: app\ntitle: App\ndue: 2026-12-18\n---\n",
            ),
            (
                "tasks/T-30-login.md",
                &task(
                    "T-30",
                    "project: app\nassignee: ann\nestimate: 5d\ndue: 2026-12-04\n",
                ),
            ),
        ],
    );
    repo(
        root,
        "web",
        &[
            (
                "projects/site.md",
                "---\nid: site\ntitle: Site\ndue: 2026-12-18\nmilestones:\n  - {id: launch, title: Launch, due: 2026-12-16}\n---\n",
            ),
            (
                "tasks/T-12-page.md",
                &task(
                    "T-12",
                    "project: site\nmilestone: launch\nassignee: ann\nestimate: 5d\ndue: 2026-12-04\ndepends_on: [mobile:T-30]\n",
                ),
            ),
        ],
    );
    repo(
        root,
        "data",
        &[(
            "tasks/T-1-warehouse.md",
            &task("T-1", "assignee: bob\nestimate: 2d\n"),
        )],
    );
    let data = root.join("data");
    git_at(&data, &["tag", "v1"], WHEN);
    write(
        &data,
        "tasks/T-1-warehouse.md",
        &task("T-1", "assignee: bob\nestimate: 9d\n").replace("Task T-1", "Renamed after v1"),
    );
    git_at(&data, &["commit", "-qam", "later"], WHEN);
    let url = |name: &str| format!("file://{}", root.join(name).display());
    write(
        root,
        "portfolio/cairn.yaml",
        &format!(
            "name: Portfolio\npeople:\n  ann: {{name: Ann}}\n  bob: {{name: Bob}}\nportfolio:\n  - {{name: mobile, path: ../mobile}}\n  - {{name: web, git: \"{}\", ref: main}}\n  - {{name: data, git: \"{}\", ref: v1}}\n  - {{name: gone, git: \"{}\"}}\n",
            url("web"),
            url("data"),
            url("nowhere")
        ),
    );
    // A portfolio-level task: after web's launch milestone, waiting for web:T-12.
    write(
        root,
        "portfolio/tasks/T-1-announce.md",
        &task(
            "T-1",
            "milestone: web:launch\nassignee: bob\nestimate: 1d\ndepends_on: [web:T-12]\n",
        ),
    );
    let pf = root.join("portfolio");
    git_at(&pf, &["init", "-q", "-b", "main"], WHEN);
    git_at(&pf, &["add", "-A"], WHEN);
    git_at(&pf, &["commit", "-qm", "portfolio"], WHEN);
    tmp
}

/// The projects `status` reports, by id.
fn project_ids(dir: &Path) -> Vec<String> {
    let s = json(&run(cairn(dir).args(["status", "--format", "json"])).stdout);
    s["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

fn rules(dir: &Path) -> Vec<(String, String)> {
    let out = run(cairn(dir).args(["check", "--format", "json"]));
    assert!(out.code < 2, "{}", out.stderr);
    json(&out.stdout)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn one_plan_over_three_repositories() {
    let tmp = portfolio();
    let root = tmp.path();
    let pf = root.join("portfolio");
    // Before `cairn fetch`: the git members are findings; mobile is there.
    let found = rules(&pf);
    assert!(
        found.contains(&(
            "portfolio-member".into(),
            "portfolio member `web`: not fetched yet".into()
        )),
        "{found:?}"
    );
    assert_eq!(project_ids(&pf), ["mobile:app"]);

    // Fetch: three members copied, the fourth fails and says why; exit 1.
    let out = run(cairn(&pf).args(["fetch"]));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert!(
        lines[0].starts_with("web: file://") && lines[0].contains(" at "),
        "{}",
        out.stdout
    );
    assert!(lines[1].starts_with("data: file://"), "{}", out.stdout);
    assert!(
        lines[2].starts_with("gone: could not fetch file://"),
        "{}",
        out.stdout
    );

    // The cross-repository chain, and the portfolio task under web's milestone.
    let plan = run(cairn(&pf).args(["plan", "--format", "json"])).stdout;
    let p = json(&plan);
    let chains: Vec<String> = p["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x["critical_chain"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" → ")
        })
        .collect();
    assert!(
        chains.contains(&"mobile:T-30 → web:T-12 → T-1".to_owned()),
        "{chains:?}\n{plan}"
    );
    let text = run(cairn(&pf).args(["plan"])).stdout;
    assert!(text.contains("mobile:T-30 → web:T-12"), "{text}");
    // The member at its pinned tag, not at main.
    let show = json(&run(cairn(&pf).args(["show", "data:T-1", "--format", "json"])).stdout);
    assert_eq!(show["task"]["title"], "Task T-1");
    assert_eq!(show["task"]["estimate_hours"], 16.0);

    // Ann: a week of work in each member is fine there, too much in the portfolio.
    let found = rules(&pf);
    let over = |f: &[(String, String)]| {
        f.iter()
            .any(|(r, m)| r == "over-capacity" && m.starts_with("ann "))
    };
    assert!(over(&found), "{found:?}");
    assert!(!over(&rules(&root.join("mobile"))));
    assert!(!over(&rules(&root.join("web"))));
    // The member that cannot be fetched is a finding; the others are still reported.
    assert!(
        found.iter().any(|(r, m)| r == "portfolio-member"
            && m.starts_with("portfolio member `gone`: not fetched yet")),
        "{found:?}"
    );
    assert_eq!(project_ids(&pf), ["mobile:app", "web:site"]);

    // A cycle across repositories: mobile (its working tree) waits for web.
    let t30 = root.join("mobile/tasks/T-30-login.md");
    let text = std::fs::read_to_string(&t30).unwrap();
    std::fs::write(
        &t30,
        text.replace(
            "due: 2026-12-04\n",
            "due: 2026-12-04\ndepends_on: [web:T-12]\n",
        ),
    )
    .unwrap();
    let found = rules(&pf);
    assert!(
        found.iter().any(|(r, m)| r == "dependency-cycle"
            && m.contains("web:T-12")
            && m.contains("mobile:T-30")),
        "{found:?}"
    );
    // Alone, mobile leaves the reference to another workspace to the portfolio.
    assert!(
        rules(&root.join("mobile")).is_empty(),
        "{:?}",
        rules(&root.join("mobile"))
    );
    std::fs::write(&t30, &text).unwrap();

    // A reference to a member that has no such task names the member.
    write(
        &pf,
        "tasks/T-2-x.md",
        &task("T-2", "depends_on: [web:T-99, mbile:T-30]\n"),
    );
    let out = run(cairn(&pf).args(["check"]));
    assert!(
        out.stdout
            .contains("= hint: member `web` has no task `T-99`"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("= hint: no portfolio member `mbile`; did you mean `mobile`?"),
        "{}",
        out.stdout
    );
    std::fs::remove_file(pf.join("tasks/T-2-x.md")).unwrap();

    // From a member: `--portfolio` reads the whole, and review says what moves elsewhere.
    let mobile = root.join("mobile");
    let s = json(
        &run(cairn(&mobile).args(["status", "--portfolio", "../portfolio", "--format", "json"]))
            .stdout,
    );
    assert_eq!(s["projects"].as_array().unwrap().len(), 2);
    std::fs::write(&t30, text.replace("estimate: 5d", "estimate: 8d")).unwrap();
    let out = run(cairn(&mobile).args(["review", "HEAD", "--portfolio", "../portfolio"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("moves project `web:site` from"),
        "{}",
        out.stdout
    );
    let alone = run(cairn(&mobile).args(["review", "HEAD"])).stdout;
    assert!(!alone.contains("web:site"), "{alone}");

    // history: each member's, from its own repository (the one that cannot be fetched
    // says so).
    let h = json(
        &run(cairn(&pf).args(["history", "--since", "2026-11-01", "--format", "json"])).stdout,
    );
    let members: Vec<(&str, bool)> = h["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["history"].is_object()))
        .collect();
    assert_eq!(
        members,
        [
            ("mobile", true),
            ("web", true),
            ("data", true),
            ("gone", false)
        ]
    );
    assert_eq!(h["members"][1]["history"]["commits"], 1);

    // The dashboard: a page per project of every member.
    let out = run(cairn(&pf).args(["report", "--html", "-q"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(pf.join("reports/site/mobile-app.html").is_file());
    assert!(pf.join("reports/site/web-site.html").is_file());
    // An edit in the portfolio never writes into a member.
    let out = run(cairn(&pf).args(["set", "web:T-12", "priority=low"]));
    assert_ne!(out.code, 0);
    assert!(
        !std::fs::read_to_string(root.join("web/tasks/T-12-page.md"))
            .unwrap()
            .contains("priority")
    );
}
