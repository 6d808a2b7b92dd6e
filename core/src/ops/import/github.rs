//! `gh issue list --json number,title,body,state,stateReason,assignees,labels,milestone,createdAt,closedAt,url`
//! (any subset of fields with at least `number` and `title`).

use super::{Item, Parsed, SourceMilestone, date_part, priority};
use crate::model::StatusCategory;
use serde_json::Value;
use std::collections::BTreeMap;

/// Fields cairn maps; every other one is kept under `x-github:`.
const MAPPED: &[&str] = &[
    "number",
    "title",
    "body",
    "state",
    "stateReason",
    "assignees",
    "labels",
    "milestone",
    "createdAt",
    "closedAt",
    "url",
];

/// `https://github.com/owner/repo` from an issue's `url`.
fn repo_of(url: &str) -> Option<String> {
    let (base, _) = url.split_once("/issues/")?;
    base.starts_with("https://").then(|| base.to_owned())
}

/// A link of an issue body resolved against the issue's page, as GitHub does: `../blob/
/// main/x.md` → `https://github.com/o/r/blob/main/x.md`. Absolute links and anchors are
/// left.
fn absolute(repo: &str, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with('#') || dest.starts_with("mailto:") {
        return None;
    }
    let (host, path) = match repo.strip_prefix("https://") {
        Some(rest) => match rest.split_once('/') {
            Some((h, p)) => (format!("https://{h}"), p.to_owned()),
            None => return None,
        },
        None => return None,
    };
    if let Some(abs) = dest.strip_prefix('/') {
        return Some(format!("{host}/{abs}"));
    }
    // Relative to the issue page: /owner/repo/issues/N.
    let mut parts: Vec<String> = path.split('/').map(str::to_owned).collect();
    parts.push("issues".into());
    for seg in dest.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s.to_owned()),
        }
    }
    Some(format!("{host}/{}", parts.join("/")))
}

/// Reads the JSON. `repo_url` (`https://github.com/owner/repo`) names the repository when
/// the issues carry no `url`.
pub fn read(json: &str, repo_url: Option<&str>) -> Result<Parsed, String> {
    let issues: Vec<Value> = serde_json::from_str(json)
        .map_err(|e| format!("not the JSON array `gh issue list --json ...` prints: {e}"))?;
    let mut out = Parsed::default();
    let mut sorted = issues;
    sorted.sort_by_key(|i| i["number"].as_u64().unwrap_or(0));
    let repo = repo_url
        .map(|r| r.trim_end_matches('/').to_owned())
        .or_else(|| {
            sorted
                .iter()
                .find_map(|i| i["url"].as_str().and_then(repo_of))
        });
    let repo_key = repo
        .as_deref()
        .and_then(|r| r.strip_prefix("https://github.com/"))
        .unwrap_or("");
    out.project_name = repo
        .as_deref()
        .and_then(|r| r.rsplit('/').next())
        .map(str::to_owned)
        .or_else(|| Some("GitHub issues".into()));
    let relative_links = std::cell::Cell::new(0usize);
    for i in &sorted {
        let Some(number) = i["number"].as_u64() else {
            out.skipped.push(("an issue".into(), "no `number`".into()));
            continue;
        };
        let from = format!("#{number}");
        let Some(title) = i["title"].as_str() else {
            out.skipped.push((from, "no title".into()));
            continue;
        };
        let closed = i["state"]
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("closed"));
        let reason = i["stateReason"].as_str().unwrap_or("");
        let category = match (closed, reason) {
            (true, r) if r.eq_ignore_ascii_case("not_planned") => StatusCategory::Cancelled,
            (true, _) => StatusCategory::Done,
            (false, _) => StatusCategory::Open,
        };
        let labels: Vec<String> = i["labels"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l["name"].as_str().or_else(|| l.as_str()).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let prio = labels.iter().find_map(|l| {
            l.strip_prefix("priority:")
                .or_else(|| l.strip_prefix("priority/"))
                .or_else(|| l.strip_prefix("priority-"))
                .and_then(priority)
        });
        // The milestone becomes one of the project's, with its due date there (not on
        // every task).
        let milestone = i["milestone"]["title"].as_str().map(str::to_owned);
        if let Some(m) = &milestone
            && !out.milestones.iter().any(|x| x.name == *m)
        {
            out.milestones.push(SourceMilestone {
                name: m.clone(),
                title: m.clone(),
                due: i["milestone"]["dueOn"].as_str().and_then(date_part),
                from: from.clone(),
                ..SourceMilestone::default()
            });
        }
        let body = i["body"].as_str().unwrap_or("").replace("\r\n", "\n");
        let body = super::rewrite_links(&body, |dest| match &repo {
            Some(r) => absolute(r, dest),
            None => {
                if !dest.contains("://") && !dest.starts_with('#') {
                    relative_links.set(relative_links.get() + 1);
                }
                None
            }
        });
        let mut extra = BTreeMap::new();
        if let Some(obj) = i.as_object() {
            for (k, v) in obj {
                if !MAPPED.contains(&k.as_str()) && !v.is_null() {
                    extra.insert(k.clone(), v.clone());
                }
            }
        }
        out.items.push(Item {
            source: if repo_key.is_empty() {
                format!("github:#{number}")
            } else {
                format!("github:{repo_key}#{number}")
            },
            source_id: number.to_string(),
            from,
            title: title.to_owned(),
            category: Some(category),
            assignees: i["assignees"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p["login"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            priority: prio,
            created: i["createdAt"].as_str().and_then(date_part),
            closed: i["closedAt"].as_str().and_then(date_part),
            tags: labels,
            milestone,
            body,
            extra,
            ..Item::default()
        });
    }
    let relative_links = relative_links.get();
    if relative_links > 0 {
        out.notes.push(format!(
            "{relative_links} relative link(s) in issue bodies kept as they are: pass --repo-url https://github.com/OWNER/REPO (or include `url` in the JSON) to make them absolute"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_links_resolve_against_the_issue_page() {
        let r = "https://github.com/acme/shop";
        assert_eq!(
            super::absolute(r, "../blob/main/docs/x.md").as_deref(),
            Some("https://github.com/acme/shop/blob/main/docs/x.md")
        );
        assert_eq!(
            super::absolute(r, "/acme/other").as_deref(),
            Some("https://github.com/acme/other")
        );
        assert_eq!(super::absolute(r, "https://x.io/a"), None);
        assert_eq!(super::absolute(r, "#top"), None);
    }
}
