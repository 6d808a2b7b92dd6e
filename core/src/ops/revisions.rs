//! Two revisions of the workspace for a review (or `check --base`): the base side read
//! from git at the merge base, the head side from a commit or the working tree. Both are
//! loaded through one parse cache, so the base side parses only the files the change
//! touched.

use crate::load::git::{GitError, GitSource, Repo, TaskFile};
use crate::load::source::{DirSource, TreeSource};
use crate::load::{LoadError, ParseCache, load, load_cached};
use crate::model::Workspace;
use crate::text::escape::term;

#[derive(Debug, thiserror::Error)]
pub enum RevisionError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("cannot load {what}")]
    Load {
        what: String,
        #[source]
        source: LoadError,
    },
}

impl RevisionError {
    pub fn hint(&self) -> Option<String> {
        match self {
            RevisionError::Git(g) => g.hint.clone(),
            RevisionError::Load { .. } => None,
        }
    }
}

/// One side of a comparison, as a reader sees it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SideInfo {
    /// The revision as given; `None` for the working tree.
    pub rev: Option<String>,
    /// The full commit id; `None` for the working tree.
    pub commit: Option<String>,
    /// The side is the merge base of `rev` and the head, not `rev` itself.
    pub merge_base: bool,
}

impl SideInfo {
    /// "`main` (1a2b3c4)", "the merge base 1a2b3c4 of `main`" or "the working tree", with
    /// `code` quoting the revision.
    pub fn label(&self, code: impl Fn(&str) -> String) -> String {
        let short = |c: &str| c.chars().take(7).collect::<String>();
        match (&self.rev, &self.commit) {
            (Some(rev), Some(c)) if self.merge_base => {
                format!("the merge base {} of {}", short(c), code(rev))
            }
            (Some(rev), Some(c)) => format!("{} ({})", code(rev), short(c)),
            _ => "the working tree".into(),
        }
    }
}

/// Both sides of a change, loaded.
pub struct TwoSides {
    pub base: Workspace,
    pub head: Workspace,
    pub base_info: SideInfo,
    pub head_info: SideInfo,
    /// Task files at the tip of the base branch when the base side is a merge base: ids
    /// both branches minted collide there.
    pub base_tip_tasks: Vec<TaskFile>,
    /// The workspace folder inside the repository (`""` at its root).
    pub prefix: String,
}

/// Loads the two sides of `base...head` for the workspace at `dir`: the merge base of
/// `base` and `head` (or `base` itself with `no_merge_base`), and `head` (the working tree
/// when `None`).
pub fn load_two(
    dir: &DirSource,
    base: &str,
    head: Option<&str>,
    no_merge_base: bool,
    cache: ParseCache,
) -> Result<TwoSides, RevisionError> {
    let prefix = dir.workspace_prefix().to_owned();
    let repo = Repo::discover(dir.root())?;
    let head_commit = head.map(|rev| repo.commit(rev)).transpose()?;
    let base_tip = repo.commit(base)?;
    let base_commit = if no_merge_base {
        base_tip
    } else {
        let head_for_base = match head_commit {
            Some(c) => c,
            None => repo.commit("HEAD")?,
        };
        repo.merge_base(base_tip, head_for_base)?
    };
    let base_info = SideInfo {
        rev: Some(base.to_owned()),
        commit: Some(base_commit.to_string()),
        merge_base: base_commit != base_tip,
    };
    let head_info = SideInfo {
        rev: head.map(str::to_owned),
        commit: head_commit.map(|c| c.to_string()),
        merge_base: false,
    };
    let plain = |s: &str| format!("`{}`", term(s));
    let base_source = GitSource::new(&repo, base_commit, &prefix, &base_info.label(plain))?;
    let head_git = head_commit
        .map(|c| GitSource::new(&repo, c, &prefix, &head_info.label(plain)))
        .transpose()?;
    let head_source: &dyn TreeSource = match &head_git {
        Some(g) => g,
        None => dir,
    };
    // The head side first; the base side then reuses every file whose content is the
    // same, so a small change to a big plan reads and parses only what changed.
    let mut cache = cache;
    cache.keep = true;
    let head_ws =
        load_cached(head_source, Some(&mut cache)).map_err(|source| RevisionError::Load {
            what: "the head side".into(),
            source,
        })?;
    cache.take_hits = true;
    let base_ws =
        load_cached(&base_source, Some(&mut cache)).map_err(|source| RevisionError::Load {
            what: "the base side".into(),
            source,
        })?;
    cache.save();
    let base_tip_tasks = if base_commit == base_tip {
        Vec::new()
    } else {
        repo.task_files(base_tip, &prefix, &head_ws.config.task_prefix)
    };
    Ok(TwoSides {
        base: base_ws,
        head: head_ws,
        base_info,
        head_info,
        base_tip_tasks,
        prefix,
    })
}

/// The workspace at the merge base of `rev` and `HEAD` (what a change on this branch
/// started from), with a description of it.
pub fn merge_base_of(
    dir: &DirSource,
    rev: &str,
    cache: Option<&mut ParseCache>,
) -> Result<(Workspace, SideInfo), RevisionError> {
    let repo = Repo::discover(dir.root())?;
    let tip = repo.commit(rev)?;
    let base = repo.merge_base(tip, repo.commit("HEAD")?)?;
    let info = SideInfo {
        rev: Some(rev.to_owned()),
        commit: Some(base.to_string()),
        merge_base: base != tip,
    };
    let label = info.label(|s| format!("`{}`", term(s)));
    let source = GitSource::new(&repo, base, dir.workspace_prefix(), &label)?;
    let ws = load_cached(&source, cache).map_err(|source| RevisionError::Load {
        what: label,
        source,
    })?;
    Ok((ws, info))
}

/// The workspace at `rev` (the same folder in the repository as `dir`).
pub fn load_revision(dir: &DirSource, rev: &str) -> Result<Workspace, RevisionError> {
    let repo = Repo::discover(dir.root())?;
    let commit = repo.commit(rev)?;
    let label = format!("`{}`", term(rev));
    let source = GitSource::new(&repo, commit, dir.workspace_prefix(), &label)?;
    load(&source).map_err(|source| RevisionError::Load {
        what: label,
        source,
    })
}

/// A review of two loaded sides: both analysed (each with its odds when `odds` is
/// given, from the same evidence and seed, so what moves is the change, not the dice),
/// then compared. The sides' analyses are kept for the caller to drop (or to leave to
/// the process's end on a big plan).
pub struct Reviewed<'a> {
    pub review: crate::analyze::review::Review,
    pub base: crate::analyze::review::Side<'a>,
    pub head: crate::analyze::review::Side<'a>,
}

pub fn review<'a>(
    sides: &'a TwoSides,
    today: jiff::civil::Date,
    odds: Option<&super::odds::OddsSettings>,
) -> Reviewed<'a> {
    use crate::analyze::review::{Side, review};
    let parts = odds.map(super::odds::OddsSettings::parts);
    let (base, head) = rayon::join(
        || Side::analyze_with(&sides.base, today, parts),
        || Side::analyze_with(&sides.head, today, parts),
    );
    Reviewed {
        review: review(&base, &head, &sides.base_tip_tasks),
        base,
        head,
    }
}

/// A side as the JSON of `review` names it.
#[derive(serde::Serialize)]
pub struct SideJson<'a> {
    pub rev: Option<&'a str>,
    pub commit: Option<&'a str>,
    pub merge_base: bool,
    pub label: String,
}

impl SideInfo {
    pub fn json(&self) -> SideJson<'_> {
        SideJson {
            rev: self.rev.as_deref(),
            commit: self.commit.as_deref(),
            merge_base: self.merge_base,
            label: self.label(|s| format!("`{s}`")),
        }
    }
}

/// The JSON of `review` (docs/json.md).
#[derive(serde::Serialize)]
pub struct ReviewJson<'a> {
    pub version: u32,
    pub today: jiff::civil::Date,
    pub base: SideJson<'a>,
    pub head: SideJson<'a>,
    /// What the `p85_*` dates stood on (with odds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<super::odds::OddsInfo>,
    #[serde(flatten)]
    pub review: &'a crate::analyze::review::Review,
}

impl Reviewed<'_> {
    pub fn json<'s>(&'s self, sides: &'s TwoSides, today: jiff::civil::Date) -> ReviewJson<'s> {
        ReviewJson {
            version: 1,
            today,
            base: sides.base_info.json(),
            head: sides.head_info.json(),
            confidence: self.head.confidence.as_ref().map(super::odds::info),
            review: &self.review,
        }
    }
}

/// A baseline: the plan at a revision, forecast as of its commit's day.
pub struct Baseline {
    pub ws: Workspace,
    pub fc: crate::analyze::schedule::Forecast,
    pub date: jiff::civil::Date,
}

/// The plan at `rev` (the workspace folder of `source` in it), forecast as of the day of
/// its commit: what earned value compares with.
pub fn load_baseline(source: &DirSource, rev: &str) -> Result<Baseline, String> {
    use crate::analyze::schedule;
    let repo = Repo::discover(source.root()).map_err(|e| e.to_string())?;
    let commit = repo.commit(rev).map_err(|e| e.to_string())?;
    let info = repo.commit_info(commit).map_err(|e| e.to_string())?;
    let date = schedule::day_of(info.time).ok_or("the commit's date is out of range")?;
    let ws = load_revision(source, rev).map_err(|e| e.to_string())?;
    let fc = schedule::forecast(&ws, date);
    Ok(Baseline { ws, fc, date })
}

/// Adds to a review the earned value the change moves for each project of the head side
/// with a `baseline:` (one the repository cannot read is left out).
pub fn add_earned_value(
    dir: &DirSource,
    sides: &TwoSides,
    reviewed: &mut Reviewed,
    today: jiff::civil::Date,
) {
    use crate::analyze::earned::earned_value;
    let mut loaded: std::collections::HashMap<String, Option<Baseline>> =
        std::collections::HashMap::new();
    for p in &sides.head.projects {
        let Some(rev) = &p.baseline else { continue };
        let b = loaded
            .entry(rev.clone())
            .or_insert_with(|| load_baseline(dir, rev).ok());
        let Some(b) = b else { continue };
        let id = p.id.value.as_str();
        let after = earned_value(
            &b.ws,
            &b.fc,
            &sides.head,
            &reviewed.head.forecast,
            id,
            rev,
            b.date,
            today,
        );
        let before = earned_value(
            &b.ws,
            &b.fc,
            &sides.base,
            &reviewed.base.forecast,
            id,
            rev,
            b.date,
            today,
        );
        if before != after {
            reviewed
                .review
                .earned_value
                .push(crate::analyze::review::EarnedChange {
                    project: id.to_owned(),
                    before,
                    after,
                });
        }
    }
}
