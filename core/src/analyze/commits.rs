//! Tasks and the commits that did them: the commits whose messages mention a task (for
//! `show`), and those on the main line that close one with a keyword (`Closes T-12`, for
//! `sync-commits`), with the pull request a merge names and reverts taken into account.

use crate::load::git::{GitError, Repo};
use gix::ObjectId;
use serde::Serialize;
use std::collections::{BinaryHeap, HashMap, HashSet};

/// A commit that mentions a task.
#[derive(Clone, Debug, Serialize)]
pub struct Mention {
    pub commit: String,
    pub short: String,
    pub date: jiff::civil::Date,
    pub author: String,
    pub summary: String,
    /// The pull (or merge) request a merge commit names (`Merge pull request #45`,
    /// `… (#45)`, `See merge request group/app!45`).
    pub pull_request: Option<u64>,
    /// It closes the task with a keyword (`Closes T-12`, `Fixes T-12`, `Done T-12`).
    pub closes: bool,
}

/// The words that close a task when one is followed by its id.
const CLOSING: [&str; 11] = [
    "close",
    "closes",
    "closed",
    "fix",
    "fixes",
    "fixed",
    "resolve",
    "resolves",
    "resolved",
    "done",
    "completes",
];

/// One commit read for its message.
struct Read {
    time: jiff::Timestamp,
    author: String,
    parents: Vec<ObjectId>,
    message: String,
}

fn read(local: &gix::Repository, id: ObjectId) -> Option<Read> {
    let c = local.find_commit(id).ok()?;
    let time = c
        .time()
        .ok()
        .and_then(|t| jiff::Timestamp::from_second(t.seconds).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let author = c.author().map(|a| a.name.to_string()).unwrap_or_default();
    // A message is read up to 64 KiB (a planted megabyte-long message is cut, not held).
    let raw = c.message_raw_sloppy();
    let raw = &raw[..raw.len().min(64 * 1024)];
    Some(Read {
        time,
        author,
        parents: c.parent_ids().map(gix::Id::detach).collect(),
        message: String::from_utf8_lossy(raw).into_owned(),
    })
}

/// Whether `text` names task `id` as a word (`T-12`, not `T-123` or `XT-12`).
pub fn names(text: &str, id: &str) -> bool {
    text.match_indices(id).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + id.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The task ids a message closes: a closing word, then (after `:`/`,` or `and`) ids
/// with the workspace's prefix: `Closes T-12`, `fixes: T-3, T-4`, `Done T-7 and T-8`.
pub fn closed_ids(message: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = message
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let is_id = |w: &str| -> Option<String> {
        let w = w
            .trim_end_matches(['.', ';', ':', '!'])
            .trim_start_matches('#');
        let n = w.strip_prefix(prefix)?.strip_prefix('-')?;
        (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then(|| w.to_owned())
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_end_matches(':').to_ascii_lowercase();
        if CLOSING.contains(&w.as_str()) {
            let mut j = i + 1;
            while j < words.len() {
                if let Some(id) = is_id(words[j]) {
                    if !out.contains(&id) {
                        out.push(id);
                    }
                    j += 1;
                } else if words[j].eq_ignore_ascii_case("and")
                    && j + 1 < words.len()
                    && is_id(words[j + 1]).is_some()
                {
                    j += 1;
                } else {
                    break;
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The pull or merge request a commit's message names, if it is a merge of one.
pub fn pull_request(message: &str) -> Option<u64> {
    let first = message.lines().next().unwrap_or("");
    let digits = |s: &str| -> Option<u64> {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        d.parse().ok()
    };
    if let Some(rest) = first.strip_prefix("Merge pull request #") {
        return digits(rest);
    }
    // A squash merge: `Title (#45)` at the end of the first line.
    if let Some(open) = first
        .trim_end()
        .strip_suffix(')')
        .and_then(|s| s.rfind("(#").map(|i| &s[i + 2..]))
        && let Some(n) = digits(open)
        && open.len() == n.to_string().len()
    {
        return Some(n);
    }
    // GitLab: `See merge request group/app!45`.
    message
        .lines()
        .find_map(|l| l.trim().strip_prefix("See merge request "))
        .and_then(|r| r.rsplit_once('!'))
        .and_then(|(_, n)| digits(n))
}

/// The commit a revert undoes (`This reverts commit <sha>.`).
fn reverts(message: &str) -> Option<String> {
    let i = message.find("This reverts commit ")?;
    let hex: String = message[i + "This reverts commit ".len()..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (hex.len() >= 7).then_some(hex)
}

/// The commits reachable from `tip` whose messages name task `id`, newest first: at most
/// `max_hits`, looking at no more than `max_walk` commits.
pub fn mentioning(
    repo: &Repo,
    tip: ObjectId,
    id: &str,
    prefix: &str,
    max_walk: usize,
    max_hits: usize,
) -> Result<Vec<Mention>, GitError> {
    let local = repo.local();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut heap: BinaryHeap<(jiff::Timestamp, ObjectId)> = BinaryHeap::new();
    let mut cache: HashMap<ObjectId, Read> = HashMap::new();
    let first = read(&local, tip).ok_or_else(|| GitError {
        message: format!("cannot read commit {tip}"),
        hint: None,
    })?;
    heap.push((first.time, tip));
    cache.insert(tip, first);
    seen.insert(tip);
    let mut out = Vec::new();
    let mut walked = 0;
    while let Some((_, c)) = heap.pop() {
        walked += 1;
        if walked > max_walk || out.len() >= max_hits {
            break;
        }
        let Some(r) = cache.remove(&c) else { continue };
        for p in &r.parents {
            if seen.insert(*p)
                && let Some(pr) = read(&local, *p)
            {
                heap.push((pr.time, *p));
                cache.insert(*p, pr);
            }
        }
        if names(&r.message, id) {
            out.push(Mention {
                commit: c.to_string(),
                short: c.to_hex_with_len(7).to_string(),
                date: crate::analyze::schedule::day_of(r.time)
                    .unwrap_or(jiff::civil::date(1970, 1, 1)),
                author: r.author,
                summary: r
                    .message
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(200)
                    .collect(),
                pull_request: pull_request(&r.message),
                closes: closed_ids(&r.message, prefix).iter().any(|x| x == id),
            });
        }
    }
    Ok(out)
}

/// A task a commit on the main line closes.
#[derive(Clone, Debug, Serialize)]
pub struct Closing {
    pub task: String,
    pub commit: String,
    pub short: String,
    pub date: jiff::civil::Date,
    pub summary: String,
    pub pull_request: Option<u64>,
}

/// What the main line closes: its first-parent commits from `tip` back to `stop`
/// (exclusive; at most `max` of them), and for a merge the commits it brought in. A
/// commit a later revert undoes closes nothing, nor does the revert. Oldest first; a task
/// closed twice keeps its latest closing.
pub fn closings(
    repo: &Repo,
    tip: ObjectId,
    stop: Option<ObjectId>,
    prefix: &str,
    max: usize,
) -> Result<Vec<Closing>, GitError> {
    let local = repo.local();
    // The first-parent line, newest first.
    let mut line: Vec<(ObjectId, Read)> = Vec::new();
    let mut cur = Some(tip);
    while let Some(id) = cur {
        if Some(id) == stop || line.len() >= max {
            break;
        }
        let Some(r) = read(&local, id) else { break };
        cur = r.parents.first().copied();
        line.push((id, r));
    }
    let on_line: HashSet<ObjectId> = line.iter().map(|(id, _)| *id).collect();
    // Each commit with the merge (if any) that brought it in: (commit, message, the
    // commit whose date and pull request count).
    let mut found: Vec<(ObjectId, String, ObjectId)> = Vec::new();
    let mut messages: HashMap<ObjectId, (jiff::Timestamp, String)> = HashMap::new();
    for (id, r) in &line {
        found.push((*id, r.message.clone(), *id));
        messages.insert(*id, (r.time, r.message.clone()));
        // A merge: the commits of the branch, up to where it left the main line.
        let mut todo: Vec<ObjectId> = r.parents.iter().skip(1).copied().collect();
        let mut seen: HashSet<ObjectId> = HashSet::new();
        while let Some(c) = todo.pop() {
            if on_line.contains(&c) || Some(c) == stop || !seen.insert(c) || seen.len() > 1000 {
                continue;
            }
            let Some(b) = read(&local, c) else { continue };
            todo.extend(b.parents.iter().copied());
            found.push((c, b.message.clone(), *id));
            messages.insert(c, (b.time, b.message));
        }
    }
    // Reverts cancel what they revert, and themselves.
    let mut undone: HashSet<String> = HashSet::new();
    for (id, msg, _) in &found {
        if let Some(sha) = reverts(msg) {
            undone.insert(sha);
            undone.insert(id.to_string());
        }
    }
    let is_undone = |id: &ObjectId| {
        let hex = id.to_string();
        undone
            .iter()
            .any(|u| hex.starts_with(u.as_str()) || *u == hex)
    };
    let mut out: Vec<Closing> = Vec::new();
    for (c, msg, via) in found.iter().rev() {
        if is_undone(c) {
            continue;
        }
        let (time, via_msg) = messages.get(via).cloned().unwrap_or_default();
        for task in closed_ids(msg, prefix) {
            let closing = Closing {
                task: task.clone(),
                commit: c.to_string(),
                short: c.to_hex_with_len(7).to_string(),
                date: crate::analyze::schedule::day_of(time)
                    .unwrap_or(jiff::civil::date(1970, 1, 1)),
                summary: msg.lines().next().unwrap_or("").chars().take(200).collect(),
                pull_request: pull_request(&via_msg).or_else(|| pull_request(msg)),
            };
            out.retain(|x| x.task != task);
            out.push(closing);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_words() {
        assert!(names("Fix T-12: header", "T-12"));
        assert!(names("(T-12)", "T-12"));
        assert!(!names("T-123 and XT-12", "T-12"));
        assert!(!names("T-12a", "T-12"));
    }

    #[test]
    fn closing_keywords_and_lists() {
        assert_eq!(closed_ids("Closes T-12", "T"), ["T-12"]);
        assert_eq!(
            closed_ids("fixes: T-3, T-4 and T-5.", "T"),
            ["T-3", "T-4", "T-5"]
        );
        assert_eq!(closed_ids("Done #T-7", "T"), ["T-7"]);
        assert_eq!(closed_ids("Refs T-12; see T-13", "T"), Vec::<String>::new());
        assert_eq!(closed_ids("close the T-12 gap", "T"), Vec::<String>::new());
        assert_eq!(
            closed_ids("Closes PROJ-1 and T-2", "T"),
            Vec::<String>::new()
        );
        assert_eq!(
            closed_ids("resolved T-9\n\nCloses T-10", "T"),
            ["T-9", "T-10"]
        );
    }

    #[test]
    fn pull_requests_from_merges() {
        assert_eq!(
            pull_request("Merge pull request #45 from acme/feature"),
            Some(45)
        );
        assert_eq!(pull_request("Header and footer (#128)"), Some(128));
        assert_eq!(pull_request("Use (#x) here"), None);
        assert_eq!(
            pull_request("Merge branch 'f' into 'main'\n\nSee merge request group/app!7"),
            Some(7)
        );
        assert_eq!(pull_request("Plain commit"), None);
    }
}
