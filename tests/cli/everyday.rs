//! The everyday commands a new user reaches for: action items added with a relative due
//! date, a milestone set by PROJECT/MILESTONE, list flags that take commas, and errors
//! that say what was meant.

use crate::support::{cairn, examples_copy, run};

fn read(root: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn action_add_writes_the_date_and_names_who_does_it() {
    let tmp = examples_copy();
    let ws = tmp.path();
    let meeting = "meetings/2026-11-27-website-beta-risk-review.md";
    let before = read(ws, meeting);
    // Today is Saturday 2026-11-28: friday is 2026-12-04.
    let out = run(cairn(ws).args([
        "action",
        "add",
        "2026-11-27-website-beta-risk-review",
        "@bob Draft the plan due:friday",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = read(ws, meeting);
    assert_eq!(
        after,
        before.replace(
            "- [x] @carol Share the final footer design with Dan T-10 due:2026-11-27\n",
            "- [x] @carol Share the final footer design with Dan T-10 due:2026-11-27\n- [ ] @bob Draft the plan due:2026-12-04\n"
        )
    );
    let listed = run(cairn(ws).args(["actions", "--person", "bob", "--format", "tsv"]));
    assert!(
        listed.stdout.contains("Draft the plan"),
        "{}",
        listed.stdout
    );
    for (text, why) in [
        ("Draft the plan", "names who does it"),
        ("@zed Draft", "zed"),
        ("@bob Draft due:fridy", "did you mean `friday`?"),
    ] {
        let out =
            run(cairn(ws).args(["action", "add", "2026-11-27-website-beta-risk-review", text]));
        assert_eq!(out.code, 2, "{text}");
        assert!(out.stderr.contains(why), "{text}: {}", out.stderr);
    }
    // Typed by hand, `due:friday` is an invalid date with a hint to write the date.
    std::fs::write(
        ws.join(meeting),
        format!("{after}- [ ] @bob Call them due:friday\n"),
    )
    .unwrap();
    let out = run(cairn(ws).args(["check", "--format", "json"]));
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let d = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "invalid-date")
        .expect("invalid-date");
    assert!(
        d["hint"].as_str().unwrap().contains("write the date"),
        "{d}"
    );
}

#[test]
fn a_milestone_is_set_as_project_slash_milestone() {
    let tmp = examples_copy();
    let ws = tmp.path();
    let before = read(ws, "projects/website.md");
    let out = run(cairn(ws).args([
        "set",
        "website/beta",
        "due=2027-01-15",
        "title=Public beta: phase 1",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(ws, "projects/website.md"),
        before.replace(
            "    title: Public beta on beta.northwind.example\n    due: 2026-12-18\n",
            "    title: \"Public beta: phase 1\"\n    due: 2027-01-15\n"
        )
    );
    let status = run(cairn(ws).args(["status", "website", "--format", "json"]));
    assert!(
        status.stdout.contains("\"due\": \"2027-01-15\""),
        "{}",
        status.stdout
    );
    // Relative dates work here too; unknown ones and unknown fields say what was meant.
    let out = run(cairn(ws).args(["set", "website/launch", "due=next monday", "--dry-run"]));
    assert!(
        out.stdout.contains("+    due: 2026-11-30"),
        "{}",
        out.stdout
    );
    // A team's own `x-` key is set like any other field (free text); other unknown
    // names are still refused.
    let out = run(cairn(ws).args(["set", "T-11", "x-cost-eur=1500"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(read(ws, "tasks/website/T-11-homepage-template.md").contains("x-cost-eur: \"1500\"\n"));
    let out = run(cairn(ws).args([
        "list",
        "--columns",
        "id,x-cost-eur,title",
        "--limit",
        "3",
        "--format",
        "tsv",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("T-11\t1500\tHomepage template"),
        "{}",
        out.stdout
    );
    let show = run(cairn(ws).args(["show", "T-11"])).stdout;
    assert!(show.contains("x-cost-eur   1500\n"), "{show}");
    let j: serde_json::Value =
        serde_json::from_str(&run(cairn(ws).args(["show", "T-11", "--format", "json"])).stdout)
            .unwrap();
    assert_eq!(
        j["task"]["fields"],
        // `risk` is declared in examples/cairn.yaml with a default.
        serde_json::json!({"risk": "low", "x-cost-eur": "1500"})
    );
    let out = run(cairn(ws).args(["list", "--columns", "id,cost"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`cost` is not a column"),
        "{}",
        out.stderr
    );
    let out = run(cairn(ws).args(["set", "T-11", "cost=1500"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown field `cost` for a task"),
        "{}",
        out.stderr
    );
    for (args, why) in [
        (
            &["set", "website/bta", "due=friday"][..],
            "did you mean `website/beta`?",
        ),
        (
            &["set", "website/beta", "owner=dan"],
            "unknown field `owner` for a milestone",
        ),
        (
            &["set", "website/beta", "due=tomorow"],
            "did you mean `tomorrow`?",
        ),
        (
            &["set", "T-4", "due=tomorow"],
            "next week, +3d or in 2 weeks",
        ),
        (
            &["status", "nope"],
            "the projects: data-platform, mobile-app, website",
        ),
        (&["plan", "webiste"], "did you mean `website`?"),
    ] {
        let out = run(cairn(ws).args(args));
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(why), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn list_valued_flags_take_commas_and_repetition_alike() {
    let tmp = examples_copy();
    let ws = tmp.path();
    let out = run(cairn(ws).args([
        "new",
        "task",
        "Both ways",
        "--project",
        "website",
        "--assignee",
        "alice,bob",
        "--depends-on",
        "T-1,T-2",
        "--depends-on",
        "T-3",
        "--tag",
        "a,b",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = out.stdout.trim();
    let text = read(ws, path);
    assert!(text.contains("assignee: [alice, bob]\n"), "{text}");
    assert!(text.contains("depends_on: [T-1, T-2, T-3]\n"), "{text}");
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .unwrap()
        .to_owned();
    let out = run(cairn(ws).args(["unassign", &id, "alice,bob"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!read(ws, path).contains("assignee"), "{}", read(ws, path));
}
