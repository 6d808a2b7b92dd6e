//! Planning an import: what a reader found, placed into the workspace phase by phase
//! (ledger, duplicates, project, milestones, ids, references, each item's fields, its
//! file created or merged three ways, documents and assets, the new ledger).

use super::{
    Counts, Field, Fields, Gone, Import, ImportError, Item, ItemKind, Ledger, LedgerItem, Options,
    Parsed, Renamed, SourceMilestone, Summary, Tool, current_fields, flow, hash, ref_keys,
};
use crate::model::{FileKind, StatusCategory, Workspace};
use crate::ops::change::Change;
use crate::ops::edit::project_exists;
use crate::text::edit::{Doc, append_block_entry};
use crate::text::slug;
use crate::text::yaml::quote;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Plans an import into `ws` of what a reader `parsed`.
pub fn plan(
    ws: &Workspace,
    root: &Path,
    tool: Tool,
    mut parsed: Parsed,
    opts: &Options,
) -> Result<Import, ImportError> {
    let mut p = Planner::new(ws, root, tool, opts);
    p.archived = parsed.archived.iter().cloned().collect();
    p.summary.skipped = std::mem::take(&mut parsed.skipped);
    p.summary.notes = std::mem::take(&mut parsed.notes);
    let duplicates = mark_duplicates(&mut parsed.items);
    let mut project = p.project(&parsed)?;
    let milestones = p.milestones(&parsed, &mut project)?;
    p.write_project(&project);
    let by_source = imported(ws);
    let matched = p.match_items(&parsed.items, &by_source);
    let ids = p.ids(&parsed.items, &matched);
    for (src, idx) in duplicates {
        p.summary
            .duplicates
            .push((src, idx.iter().map(|&i| ids[i].clone()).collect()));
    }
    let refs = references(&parsed.items, &ids);
    for ((item, id), found) in parsed.items.iter().zip(&ids).zip(&matched) {
        let counts = p.counts(item);
        counts.found += 1;
        for k in item.extra.keys() {
            *p.summary.kept.entry(k.clone()).or_default() += 1;
        }
        let (fields, body) = p.fields(item, id, &project.id, &milestones, &refs);
        let entry = LedgerItem {
            id: id.clone(),
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            body: hash(body.as_bytes()),
        };
        match found {
            None => p.create(item, id, &project.id, &fields, &body),
            Some(m) => p.merge(item, id, m, &fields, &body)?,
        }
        p.new_ledger.items.insert(item.source.clone(), entry);
    }
    p.gone(&parsed, &by_source, &matched)?;
    for (rel, text) in &parsed.docs {
        p.place_file(&format!("docs/{rel}"), text.as_bytes(), false);
    }
    for (rel, bytes) in &parsed.assets {
        p.place_file(&format!("assets/{rel}"), bytes, true);
    }
    p.declare_people()?;
    Ok(p.finish())
}

/// The ledger the last import left: the working tree's, else the last committed one.
/// Without a readable one nobody knows what the last import wrote: a field that differs
/// from the source may be a hand edit, so it is kept (and the second value says why).
fn read_ledger(ws: &Workspace, tool: Tool, opts: &Options) -> (Ledger, Option<String>) {
    let read = |t: &Option<String>| -> Option<Ledger> {
        t.as_deref().and_then(|t| serde_json::from_str(t).ok())
    };
    if let Some(l) = read(&opts.ledger).or_else(|| read(&opts.ledger_history)) {
        return (l, None);
    }
    let why = if opts.ledger.is_some() || opts.ledger_history.is_some() {
        Some(format!(
            "the ledger {} is unreadable: fields and files that differ from the source were kept (--overwrite takes the source's)",
            tool.ledger_path()
        ))
    } else if ws.tasks.iter().any(|t| {
        t.source
            .as_ref()
            .is_some_and(|s| s.starts_with(&format!("{}:", tool.name())))
    }) {
        Some(format!(
            "no ledger {} (deleted?): fields and files that differ from the source were kept (--overwrite takes the source's)",
            tool.ledger_path()
        ))
    } else {
        None
    };
    (Ledger::default(), why)
}

/// Two files with one source id (a merge in the source repository): the later ones get
/// their own source key (and so their own cairn id). Returns each such source id with
/// the items that share it, the first one included.
fn mark_duplicates(items: &mut [Item]) -> BTreeMap<String, Vec<usize>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter_mut().enumerate() {
        let n = seen.entry(item.source.clone()).or_default();
        *n += 1;
        if *n > 1 {
            groups.entry(item.source_id.clone()).or_default().push(i);
            let file = item
                .from
                .rsplit('/')
                .next()
                .unwrap_or(&item.from)
                .to_owned();
            item.source = format!("{}@{file}", item.source);
        }
    }
    for (src, idx) in &mut groups {
        if let Some(first) = items
            .iter()
            .position(|it| it.source_id == *src && !it.source.contains('@'))
        {
            idx.insert(0, first);
        }
    }
    groups
}

/// Items already imported, by their `source:`.
fn imported(ws: &Workspace) -> HashMap<&str, (ItemKind, usize)> {
    ws.tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((t.source.as_deref()?, (ItemKind::Task, i))))
        .chain(
            ws.decisions
                .iter()
                .enumerate()
                .filter_map(|(i, d)| Some((d.source.as_deref()?, (ItemKind::Decision, i)))),
        )
        .collect()
}

/// Each task item's reference keys to its cairn id; the first item with a key wins. A
/// draft is found by its own id only: a stale `task-13` (renumbered in the source long
/// ago) must not land on `draft-13` by its number.
fn references(items: &[Item], ids: &[String]) -> HashMap<String, String> {
    let mut refs: HashMap<String, String> = HashMap::new();
    for (item, id) in items.iter().zip(ids) {
        if item.decision {
            continue;
        }
        let draft = item.from.starts_with("drafts/")
            || item.source_id.to_ascii_lowercase().starts_with("draft-");
        for (n, k) in ref_keys(&item.source_id).into_iter().enumerate() {
            if n > 0 && draft {
                continue;
            }
            refs.entry(k).or_insert_with(|| id.clone());
        }
    }
    refs
}

fn resolve(refs: &HashMap<String, String>, r: &str) -> Option<String> {
    ref_keys(r).iter().find_map(|k| refs.get(k).cloned())
}

/// An item's file from an earlier import, and the `source:` it was imported under (the
/// ledger's key: an old id when the source renamed its prefix since).
struct Match {
    kind: ItemKind,
    index: usize,
    source: String,
}

/// A source id's prefix and number, lowercase: `BACK-12` → (`back-`, `12`),
/// `task-2.1` → (`task-`, `2.1`).
fn numbered(id: &str) -> Option<(String, String)> {
    let lower = id.to_ascii_lowercase();
    let (pre, n) = lower.rsplit_once('-')?;
    (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| (format!("{pre}-"), n.to_owned()))
}

/// The source's milestones, each with the id cairn gave it.
type Milestones = Vec<(SourceMilestone, String)>;

/// The project the import goes into, and its file's text as the import leaves it.
struct Project {
    id: String,
    new: bool,
    before: String,
    text: String,
}

struct Planner<'a> {
    ws: &'a Workspace,
    root: &'a Path,
    tool: Tool,
    opts: &'a Options,
    ledger: Ledger,
    new_ledger: Ledger,
    summary: Summary,
    change: Change,
    /// Source ids (lowercase) the source archived.
    archived: HashSet<String>,
}

impl<'a> Planner<'a> {
    fn new(ws: &'a Workspace, root: &'a Path, tool: Tool, opts: &'a Options) -> Self {
        let (ledger, ledger_missing) = read_ledger(ws, tool, opts);
        Planner {
            ws,
            root,
            tool,
            opts,
            ledger,
            new_ledger: Ledger {
                version: 1,
                items: BTreeMap::new(),
                files: BTreeMap::new(),
            },
            summary: Summary {
                tool: tool.name(),
                ledger_missing,
                ..Summary::default()
            },
            change: Change::default(),
            archived: HashSet::new(),
        }
    }

    fn counts(&mut self, item: &Item) -> &mut Counts {
        if item.decision {
            &mut self.summary.decisions
        } else {
            &mut self.summary.tasks
        }
    }

    /// The project: given, or the one made for an earlier import of this tool, or made now.
    fn project(&mut self, parsed: &Parsed) -> Result<Project, ImportError> {
        let ws = self.ws;
        let name = parsed
            .project_name
            .clone()
            .unwrap_or_else(|| "Imported".into());
        let (id, new) = match &self.opts.project {
            Some(p) => {
                project_exists(ws, p)?;
                (p.clone(), false)
            }
            None => {
                let mut id = slug(&name);
                if id.is_empty() {
                    id = "imported".into();
                }
                let exists = ws.project(&id).is_some();
                (id, !exists)
            }
        };
        self.summary.project = id.clone();
        self.summary.project_created = new;
        let text = if new {
            crate::ops::files::render(
                Some(self.root),
                "project.md",
                &serde_json::json!({"id": id, "title": name, "today": self.opts.today}),
            )
            .map_err(ImportError::Template)?
        } else {
            ws.project(&id)
                .map(|p| ws.files[p.file].text.clone())
                .unwrap_or_default()
        };
        Ok(Project {
            id,
            new,
            before: text.clone(),
            text,
        })
    }

    /// Milestones: the source's (an archived one only when an item still names it), and
    /// any an item names, mapped to the project's by id, title or alias; the missing ones
    /// are added to the project. Returns each with its milestone id.
    fn milestones(
        &mut self,
        parsed: &Parsed,
        project: &mut Project,
    ) -> Result<Milestones, ImportError> {
        let mut known: Vec<(String, String)> = self
            .ws
            .project(&project.id)
            .map(|p| {
                p.milestones
                    .iter()
                    .map(|m| (m.id.value.clone(), m.title.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let named = |m: &SourceMilestone| {
            parsed
                .items
                .iter()
                .any(|i| i.milestone.as_deref().is_some_and(|n| m.named_by(n)))
        };
        let mut wanted: Vec<SourceMilestone> = Vec::new();
        for m in &parsed.milestones {
            let current = parsed
                .milestones
                .iter()
                .any(|o| !o.archived && (o.named_by(&m.name) || o.named_by(&m.title)));
            if !m.archived || (!current && named(m)) {
                wanted.push(m.clone());
            }
        }
        for item in &parsed.items {
            if let Some(m) = &item.milestone
                && !wanted.iter().any(|w| w.named_by(m))
            {
                wanted.push(SourceMilestone {
                    name: m.clone(),
                    title: m.clone(),
                    from: item.from.clone(),
                    ..SourceMilestone::default()
                });
            }
        }
        let mut out = Vec::new();
        for m in wanted {
            self.summary.milestones.found += 1;
            let found = known
                .iter()
                .find(|(id, title)| m.named_by(id) || m.named_by(title));
            let id = match found {
                Some((id, _)) => {
                    self.summary.milestones.unchanged += 1;
                    id.clone()
                }
                None => {
                    let id = add_milestone(&mut project.text, &m)?;
                    known.push((id.clone(), m.title.clone()));
                    self.summary.milestones.created += 1;
                    id
                }
            };
            out.push((m, id));
        }
        Ok(out)
    }

    fn write_project(&mut self, project: &Project) {
        if project.new {
            let path = format!("projects/{}.md", project.id);
            self.change.push_create(&path, project.text.clone());
            self.summary.files.push((path, "created"));
        } else if project.text != project.before
            && let Some(p) = self.ws.project(&project.id)
        {
            let path = self.ws.path(p.file);
            self.change
                .push_edit(path, project.before.clone(), project.text.clone());
            self.summary.files.push((path.to_owned(), "updated"));
        }
    }

    /// Ids: the existing ones, then new ones in source order.
    fn ids(&self, items: &[Item], matched: &[Option<Match>]) -> Vec<String> {
        let ws = self.ws;
        let prefix = &ws.config.task_prefix;
        let mut next_task = self.opts.next_task.max(1);
        let mut next_decision =
            crate::ops::new::next_number(ws, FileKind::Decision, &ws.config.decision_prefix);
        let mut ids: Vec<String> = Vec::with_capacity(items.len());
        for (item, found) in items.iter().zip(matched) {
            let id = match found.as_ref().map(|m| (m.kind, m.index)) {
                Some((ItemKind::Task, i)) => ws.tasks[i].id.value.clone(),
                Some((ItemKind::Decision, i)) => ws.decisions[i].id.value.clone(),
                None if item.decision => {
                    let id = format!("{}-{next_decision}", ws.config.decision_prefix);
                    next_decision += 1;
                    id
                }
                None => {
                    let id = format!("{prefix}-{next_task}");
                    next_task += 1;
                    id
                }
            };
            ids.push(id);
        }
        ids
    }

    /// What cairn should hold for `item` now: its fields in front-matter order, and its
    /// body.
    fn fields(
        &mut self,
        item: &Item,
        id: &str,
        project: &str,
        milestones: &Milestones,
        refs: &HashMap<String, String>,
    ) -> (Fields, String) {
        let mut fields: Fields = Vec::new();
        let mut body = item.body.trim_matches('\n').to_owned();
        if !body.is_empty() {
            body.push('\n');
        }
        fields.push(("id", Field::One(id.to_owned())));
        fields.push(("title", Field::One(item.title.clone())));
        if item.decision {
            let status = item
                .decision_status
                .clone()
                .unwrap_or_else(|| "proposed".into());
            fields.push(("status", Field::One(status)));
            if let Some(d) = item.created {
                fields.push(("date", Field::One(d.to_string())));
            }
            fields.push(("project", Field::One(project.to_owned())));
        } else {
            self.task_fields(item, id, project, milestones, refs, &mut fields);
        }
        fields.push(("source", Field::One(item.source.clone())));
        if !item.extra.is_empty() {
            let map: serde_json::Map<String, serde_json::Value> =
                item.extra.clone().into_iter().collect();
            let key = match self.tool {
                Tool::BacklogMd => "x-backlog-md",
                Tool::Github => "x-github",
                Tool::TodoTxt => "x-todo-txt",
            };
            fields.push((key, Field::One(flow(&serde_json::Value::Object(map)))));
        }
        (fields, body)
    }

    fn task_fields(
        &mut self,
        item: &Item,
        id: &str,
        project: &str,
        milestones: &Milestones,
        refs: &HashMap<String, String>,
        fields: &mut Fields,
    ) {
        let config = &self.ws.config;
        let cat = item.category.unwrap_or(StatusCategory::Open);
        let status = config
            .first_status(cat)
            .or_else(|| config.first_status(StatusCategory::Open))
            .unwrap_or("todo")
            .to_owned();
        fields.push(("status", Field::One(status)));
        fields.push(("project", Field::One(project.to_owned())));
        if let Some(m) = &item.milestone {
            match milestones.iter().find(|(w, _)| w.named_by(m)) {
                Some((_, mid)) => fields.push(("milestone", Field::One(mid.clone()))),
                None => self
                    .summary
                    .notes
                    .push(format!("{}: milestone `{m}` dropped", item.from)),
            }
        }
        let mut who: Vec<String> = Vec::new();
        for a in &item.assignees {
            let name = a.trim().trim_start_matches('@');
            let id = match self.opts.people_map.get(&name.to_lowercase()) {
                Some(id) => id.clone(),
                None => crate::model::person_id_of(name),
            };
            if !id.is_empty() && !who.contains(&id) {
                who.push(id);
            }
        }
        for w in &who {
            if config.person(w).is_none() && !self.summary.people_declared.contains(w) {
                self.summary.people_declared.push(w.clone());
            }
        }
        match who.len() {
            0 => {}
            1 => fields.push(("assignee", Field::One(who[0].clone()))),
            _ => fields.push(("assignee", Field::Many(who))),
        }
        if let Some(p) = item.priority {
            fields.push(("priority", Field::One(p.to_owned())));
        }
        if let Some(d) = item.start {
            fields.push(("start", Field::One(d.to_string())));
        }
        if let Some(d) = item.due {
            fields.push(("due", Field::One(d.to_string())));
        }
        let mut deps = Vec::new();
        for d in &item.depends_on {
            match resolve(refs, d) {
                Some(dep) if dep != id => deps.push(dep),
                Some(_) => {}
                None => self.summary.notes.push(format!(
                    "{}: dependency `{d}` is {}; dropped",
                    item.from,
                    self.missing_why(d)
                )),
            }
        }
        if !deps.is_empty() {
            fields.push(("depends_on", Field::Many(deps)));
        }
        if let Some(p) = &item.parent {
            match resolve(refs, p) {
                Some(parent) if parent != id => fields.push(("parent", Field::One(parent))),
                _ => self.summary.notes.push(format!(
                    "{}: parent `{p}` is {}; dropped",
                    item.from,
                    self.missing_why(p)
                )),
            }
        }
        let mut tags: Vec<String> = Vec::new();
        for t in item.tags.iter().map(|t| slug(t)) {
            if !t.is_empty() && !tags.contains(&t) {
                tags.push(t);
            }
        }
        if !tags.is_empty() {
            fields.push(("tags", Field::Many(tags)));
        }
        if let Some(c) = item.created {
            fields.push(("created", Field::One(c.to_string())));
        }
        if cat == StatusCategory::Done
            && let Some(c) = item.closed.or(item.created)
        {
            fields.push(("closed", Field::One(c.to_string())));
        }
    }

    /// Each item's file from an earlier import: by its `source:`, else across a prefix
    /// the source renamed (given, or found: every item with the old prefix gone, most of
    /// their numbers there under one new prefix), never two items on one file.
    fn match_items(
        &mut self,
        items: &[Item],
        by_source: &HashMap<&str, (ItemKind, usize)>,
    ) -> Vec<Option<Match>> {
        let tool = format!("{}:", self.tool.name());
        let present: HashSet<&str> = items.iter().map(|i| i.source.as_str()).collect();
        // Earlier imports' items the source no longer names, by lowercase source.
        let mut missing: HashMap<String, &str> = HashMap::new();
        let mut old: BTreeMap<String, HashSet<String>> = BTreeMap::new();
        let mut known_prefixes: HashSet<String> = HashSet::new();
        for src in by_source.keys() {
            let Some(sid) = src.strip_prefix(&tool) else {
                continue;
            };
            if let Some((pre, _)) = numbered(sid) {
                known_prefixes.insert(pre);
            }
            if present.contains(src) {
                continue;
            }
            missing.insert(src.to_ascii_lowercase(), src);
            if let Some((pre, n)) = numbered(sid) {
                old.entry(pre).or_default().insert(n);
            }
        }
        let mut now: BTreeMap<String, HashSet<String>> = BTreeMap::new();
        for i in items {
            if let Some((pre, n)) = numbered(&i.source_id) {
                now.entry(pre).or_default().insert(n);
            }
        }
        let mut renames: Vec<(String, String, bool)> = self
            .opts
            .renamed_prefix
            .iter()
            .map(|(a, b)| (a.clone(), b.clone(), false))
            .collect();
        for (pre, numbers) in &old {
            if now.contains_key(pre) || renames.iter().any(|(a, _, _)| a == pre) {
                continue;
            }
            let best = now
                .iter()
                .filter(|(q, _)| !known_prefixes.contains(*q) && q.as_str() != "draft-")
                .map(|(q, ns)| (numbers.intersection(ns).count(), q))
                .max();
            if let Some((overlap, q)) = best
                && overlap * 2 >= numbers.len()
                && overlap > 0
            {
                renames.push((pre.clone(), q.clone(), true));
            }
        }
        let mut used: HashSet<&str> = HashSet::new();
        let mut counts = vec![0usize; renames.len()];
        let out = items
            .iter()
            .map(|item| {
                if let Some(&(kind, index)) = by_source.get(item.source.as_str()) {
                    return Some(Match {
                        kind,
                        index,
                        source: item.source.clone(),
                    });
                }
                let (pre, n) = numbered(&item.source_id)?;
                let (r, old_src) = renames.iter().enumerate().find_map(|(r, (a, b, _))| {
                    let key = format!("{tool}{a}{n}");
                    (*b == pre).then(|| missing.get(&key).map(|s| (r, *s)))?
                })?;
                if !used.insert(old_src) {
                    return None;
                }
                counts[r] += 1;
                let &(kind, index) = by_source.get(old_src)?;
                Some(Match {
                    kind,
                    index,
                    source: old_src.to_owned(),
                })
            })
            .collect();
        for ((from, to, inferred), items) in renames.into_iter().zip(counts) {
            self.summary.renamed_prefix.push(Renamed {
                from,
                to,
                inferred,
                items,
            });
        }
        out
    }

    /// Items imported before that the source no longer has (archived or deleted): set
    /// to the gone status unless their status was changed in cairn since; listed either
    /// way, and kept in the ledger.
    fn gone(
        &mut self,
        parsed: &Parsed,
        by_source: &HashMap<&str, (ItemKind, usize)>,
        matched: &[Option<Match>],
    ) -> Result<(), ImportError> {
        let ws = self.ws;
        let tool = format!("{}:", self.tool.name());
        let present: HashSet<&str> = parsed
            .items
            .iter()
            .map(|i| i.source.as_str())
            .chain(matched.iter().flatten().map(|m| m.source.as_str()))
            .collect();
        let status = match (&self.opts.gone_status, self.tool) {
            (Some(s), _) => Some(s.clone()),
            (None, Tool::BacklogMd) => ws
                .config
                .first_status(StatusCategory::Cancelled)
                .map(str::to_owned),
            (None, _) => None,
        };
        let mut gone: Vec<(&str, usize)> = by_source
            .iter()
            .filter(|(src, (kind, _))| {
                *kind == ItemKind::Task && src.starts_with(&tool) && !present.contains(*src)
            })
            .map(|(src, (_, i))| (*src, *i))
            .collect();
        gone.sort_unstable();
        let today = self.opts.today.unwrap_or_default();
        for (src, i) in gone {
            let t = &ws.tasks[i];
            let base = self.ledger.items.get(src).cloned();
            if let Some(b) = &base {
                self.new_ledger.items.insert(src.to_owned(), b.clone());
            }
            let Some(status) = &status else {
                continue;
            };
            if matches!(
                ws.category(t),
                Some(StatusCategory::Done | StatusCategory::Cancelled)
            ) {
                continue;
            }
            let sid = &src[tool.len()..];
            let lower = sid.to_ascii_lowercase();
            let archived = parsed.archived.contains(&lower)
                || self.summary.renamed_prefix.iter().any(|r| {
                    lower
                        .strip_prefix(&r.from)
                        .is_some_and(|n| parsed.archived.contains(&format!("{}{n}", r.to)))
                });
            let mut why = if archived {
                "archived in the source".to_owned()
            } else {
                "no longer in the source".to_owned()
            };
            let last = base.as_ref().and_then(|b| b.fields.get("status"));
            if last != Some(&Field::One(t.status.value.clone())) && !self.opts.overwrite {
                why.push_str("; kept: its status was changed in cairn since");
                self.summary.gone.push(Gone {
                    id: t.id.value.clone(),
                    source: sid.to_owned(),
                    status: None,
                    why,
                });
                continue;
            }
            let path = ws.path(t.file).to_owned();
            let before = ws.files[t.file].text.clone();
            let mut doc = Doc::parse(&before).map_err(|source| ImportError::Doc {
                path: path.clone(),
                source,
            })?;
            crate::ops::edit::move_status(ws, &mut doc, t, status, today, None);
            self.change.push_edit(&path, before, doc.text());
            self.summary.files.push((path, "updated"));
            self.summary.tasks.updated += 1;
            if let Some(mut b) = base {
                b.fields
                    .insert("status".to_owned(), Field::One(status.clone()));
                self.new_ledger.items.insert(src.to_owned(), b);
            }
            self.summary.gone.push(Gone {
                id: t.id.value.clone(),
                source: sid.to_owned(),
                status: Some(status.clone()),
                why,
            });
        }
        Ok(())
    }

    /// Why a reference finds no item: archived in the source, or not in it.
    fn missing_why(&self, r: &str) -> &'static str {
        if self.archived.contains(&r.trim().to_ascii_lowercase()) {
            "archived in the source"
        } else {
            "not in the import"
        }
    }

    /// A new item: its file, named by id and title.
    fn create(&mut self, item: &Item, id: &str, project: &str, fields: &Fields, body: &str) {
        let folder = if item.decision {
            "decisions".to_owned()
        } else {
            format!("tasks/{project}")
        };
        let name = slug(&item.title);
        let path = if name.is_empty() {
            format!("{folder}/{id}.md")
        } else {
            format!("{folder}/{id}-{name}.md")
        };
        let mut text = String::from("---\n");
        for (k, v) in fields {
            text.push_str(&format!("{k}: {}\n", v.yaml(k)));
        }
        text.push_str("---\n");
        text.push_str(body);
        self.change.push_create(&path, text);
        self.counts(item).created += 1;
        self.summary.files.push((path, "created"));
    }

    /// An item imported before: each field merged three ways (the ledger's value, cairn's,
    /// the source's), the body likewise.
    fn merge(
        &mut self,
        item: &Item,
        id: &str,
        found: &Match,
        fields: &Fields,
        body: &str,
    ) -> Result<(), ImportError> {
        let ws = self.ws;
        let file = match found.kind {
            ItemKind::Task => ws.tasks[found.index].file,
            ItemKind::Decision => ws.decisions[found.index].file,
        };
        let path = ws.path(file).to_owned();
        let before = ws.files[file].text.clone();
        let (ours, our_body) = current_fields(&before);
        let base = self.ledger.items.get(&found.source);
        let mut doc = Doc::parse(&before).map_err(|source| ImportError::Doc {
            path: path.clone(),
            source,
        })?;
        let order = crate::load::keys_of(if item.decision {
            FileKind::Decision
        } else {
            FileKind::Task
        });
        let mut keys: Vec<String> = fields.iter().map(|(k, _)| (*k).to_owned()).collect();
        // Fields the last import wrote that the source no longer has.
        if let Some(b) = base {
            for k in b.fields.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        let overwrite = self.opts.overwrite;
        for key in keys.iter().map(String::as_str) {
            if key == "id" {
                continue;
            }
            let theirs = fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
            let mine = ours.get(key);
            let last = base.and_then(|b| b.fields.get(key));
            if theirs == mine {
                continue;
            }
            if base.is_some() && theirs == last && !overwrite {
                continue; // only cairn changed it
            }
            // Without a ledger entry nobody knows what the last import wrote: what cairn
            // holds may be a hand edit, so it is kept.
            let edited_here = base.is_none() || mine != last;
            if edited_here && !overwrite {
                self.summary.kept_local.push(format!("{id} {key}"));
                continue;
            }
            match theirs {
                Some(v) => doc.set_in_order(key, &v.to_doc(key), order),
                None => {
                    doc.remove(key);
                }
            }
        }
        let mut after = doc.text();
        let body_edited = base.is_none_or(|b| hash(our_body.as_bytes()) != b.body);
        if our_body != body && (!body_edited || overwrite) {
            after = format!(
                "{}{body}",
                &after[..after.len() - current_fields(&after).1.len()]
            );
        } else if our_body != body {
            self.summary.kept_local.push(format!("{id} body"));
        }
        if after == before {
            self.counts(item).unchanged += 1;
        } else {
            self.counts(item).updated += 1;
            self.summary.files.push((path.clone(), "updated"));
            self.change.push_edit(&path, before, after);
        }
        Ok(())
    }

    /// A document or asset: created; replaced when it differs and cairn did not change
    /// it since the last import (or `overwrite`); else left as it is.
    fn place_file(&mut self, path: &str, bytes: &[u8], binary: bool) {
        let counts = if binary {
            &mut self.summary.assets
        } else {
            &mut self.summary.docs
        };
        counts.found += 1;
        self.new_ledger.files.insert(path.to_owned(), hash(bytes));
        let Some(target) = crate::paths::resolve_inside(self.root, path) else {
            counts.skipped += 1;
            return;
        };
        let files = &mut self.summary.files;
        match std::fs::read(&target) {
            Err(_) => {
                if binary {
                    self.change.push_create_binary(path, bytes.to_vec());
                } else {
                    self.change
                        .push_create(path, String::from_utf8_lossy(bytes).into_owned());
                }
                counts.created += 1;
                files.push((path.to_owned(), "created"));
            }
            Ok(now) if now == bytes => counts.unchanged += 1,
            Ok(now) => {
                // Not in the ledger: nobody knows what the last import wrote; kept.
                let edited = self.ledger.files.get(path).is_none_or(|h| *h != hash(&now));
                if (edited && !self.opts.overwrite) || binary {
                    self.summary.kept_local.push(path.to_owned());
                    counts.unchanged += 1;
                } else {
                    self.change.push_edit(
                        path,
                        String::from_utf8_lossy(&now).into_owned(),
                        String::from_utf8_lossy(bytes).into_owned(),
                    );
                    counts.updated += 1;
                    files.push((path.to_owned(), "updated"));
                }
            }
        }
    }

    /// The people the source assigns work to, declared in `cairn.yaml` (so `check` finds
    /// no unknown person in what the import wrote).
    fn declare_people(&mut self) -> Result<(), ImportError> {
        if self.summary.people_declared.is_empty() {
            return Ok(());
        }
        let Some(config) = self
            .ws
            .files
            .iter()
            .position(|f| f.path == crate::load::CONFIG_FILE)
        else {
            return Ok(());
        };
        let before = self.ws.files[config].text.clone();
        let mut after = before.clone();
        for id in &self.summary.people_declared {
            after = append_block_entry(&after, 0, None, "people", |indent, nl| {
                vec![
                    format!("{indent}{id}:{nl}"),
                    format!("{indent}{indent}name: {}{nl}", quote(id.clone())),
                ]
            })?;
        }
        self.change
            .push_edit(crate::load::CONFIG_FILE, before, after);
        self.summary
            .files
            .push((crate::load::CONFIG_FILE.to_owned(), "updated"));
        Ok(())
    }

    /// The ledger, when anything changed, or when it was lost or damaged.
    fn finish(mut self) -> Import {
        let text = serde_json::to_string_pretty(&self.new_ledger).unwrap_or_default() + "\n";
        let restore = self.opts.ledger.as_deref() != Some(text.as_str())
            && (!self.new_ledger.items.is_empty() || !self.new_ledger.files.is_empty());
        if !self.change.is_empty() || restore {
            let path = self.tool.ledger_path();
            match &self.opts.ledger {
                Some(old) if *old == text => {}
                Some(old) => self.change.push_edit(&path, old.clone(), text),
                None => self.change.push_create(&path, text),
            }
        }
        Import {
            change: self.change,
            summary: self.summary,
        }
    }
}

/// Appends milestone `m` to the project's front matter; returns its new id.
fn add_milestone(project: &mut String, m: &SourceMilestone) -> Result<String, ImportError> {
    let mut id = slug(&m.title);
    if id.is_empty() {
        id = slug(&m.name);
    }
    if id.is_empty() {
        id = "milestone".into();
    }
    let body_len = crate::load::split_front_matter(project)
        .map(|p| p.body.len())
        .unwrap_or(0);
    let head_end = project.len().saturating_sub(body_len);
    let close = project[..head_end]
        .split_inclusive('\n')
        .count()
        .saturating_sub(1);
    let title = m.title.clone();
    let due = m.due;
    *project = append_block_entry(project, 1, Some(close), "milestones", |indent, nl| {
        let mut v = vec![format!("{indent}- id: {id}{nl}")];
        v.push(format!("{indent}  title: {}{nl}", quote(title.clone())));
        if let Some(d) = due {
            v.push(format!("{indent}  due: {d}{nl}"));
        }
        v
    })?;
    Ok(id)
}
