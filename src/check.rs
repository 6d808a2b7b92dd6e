//! The rule engine behind `cairn check`: pure analysis of a loaded [`Workspace`]. It never
//! reads the disk; link targets were resolved by the loader.

use crate::diag::{Diagnostic, Pos, Rule, did_you_mean};
use crate::model::*;
use crate::schedule::{Forecast, ScheduleStatus};
use jiff::civil::Date;
use std::collections::HashMap;

/// Every finding for the workspace (load problems and rule findings), with configured
/// levels applied, sorted by file, line and column.
pub fn check(ws: &Workspace, today: Date) -> Vec<Diagnostic> {
    check_with(ws, &crate::schedule::forecast(ws, today))
}

/// [`check`] with the forecast already made (for its `today`).
pub fn check_with(ws: &Workspace, fc: &crate::schedule::Forecast) -> Vec<Diagnostic> {
    let today = fc.today;
    let mut out = Findings {
        ws,
        diags: ws.load_diagnostics.clone(),
    };
    out.duplicate_ids();
    out.tasks(today);
    out.dependency_cycles();
    out.parent_cycles();
    out.inherited_cycles();
    out.parent_estimates();
    out.projects();
    out.meetings(today);
    out.decisions(today);
    out.schedule(fc);
    ws.config.rules.finalize(out.diags)
}

/// An id and the file it is written in.
type IdAt<'a> = (&'a Sp<String>, usize);

struct Findings<'w> {
    ws: &'w Workspace,
    diags: Vec<Diagnostic>,
}

impl<'w> Findings<'w> {
    fn push(&mut self, rule: Rule, file: usize, pos: Pos, message: String) {
        self.diags
            .push(Diagnostic::new(rule, self.ws.path(file), pos, message));
    }

    /// Marks the finding pushed last with what it is about (see `Diagnostic::subject`).
    fn about(&mut self, subject: String) {
        if let Some(d) = self.diags.last_mut() {
            d.subject = Some(subject);
        }
    }

    fn push_hint(
        &mut self,
        rule: Rule,
        file: usize,
        pos: Pos,
        message: String,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::new(rule, self.ws.path(file), pos, message);
        d.hint = hint;
        self.diags.push(d);
    }

    fn unknown(&mut self, file: usize, r: &Sp<String>, what: &str, known: &[&str]) {
        let hint =
            did_you_mean(&r.value, known.iter().copied()).map(|s| format!("did you mean `{s}`?"));
        self.push_hint(
            Rule::UnknownReference,
            file,
            r.pos,
            format!("unknown {what} `{}`", r.value),
            hint,
        );
    }

    fn person(&mut self, file: usize, r: &Sp<String>) {
        if self.ws.config.person(&r.value).is_none() {
            let known: Vec<&str> = self
                .ws
                .config
                .people
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            let hint = did_you_mean(&r.value, known.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "people are declared under `people:` in cairn.yaml".into());
            self.push_hint(
                Rule::UnknownReference,
                file,
                r.pos,
                format!("unknown person `{}`", r.value),
                Some(hint),
            );
        }
    }

    fn project_ref(&mut self, file: usize, r: &Sp<String>) {
        if self.ws.project(&r.value).is_none() {
            let known: Vec<&str> = self.ws.projects.iter().map(|p| p.id.as_str()).collect();
            self.unknown(file, r, "project", &known);
        }
    }

    fn task_ref(&mut self, file: usize, r: &Sp<String>) {
        if self.ws.task(&r.value).is_none() {
            self.push(
                Rule::UnknownReference,
                file,
                r.pos,
                format!("unknown task `{}`", r.value),
            );
        }
    }

    fn decision_ref(&mut self, file: usize, r: &Sp<String>) {
        if self.ws.decision(&r.value).is_none() {
            self.push(
                Rule::UnknownReference,
                file,
                r.pos,
                format!("unknown decision `{}`", r.value),
            );
        }
    }

    fn body(&mut self, file: usize, body: &Body) {
        for item in &body.checklist {
            for m in &item.mentions {
                self.person(file, m);
            }
            for t in &item.tasks {
                self.task_ref(file, t);
            }
        }
        for entry in &body.discussion {
            self.person(file, &entry.author);
            for m in &entry.mentions {
                self.person(file, m);
            }
        }
        self.links(file, &body.links, "link");
    }

    fn links(&mut self, file: usize, links: &[Link], what: &str) {
        for link in links {
            let message = match link.state {
                LinkState::Exists => continue,
                LinkState::Folder if what == "link" => continue,
                LinkState::Folder => format!("{what} `{}` is a folder, not a file", link.target),
                LinkState::Missing => format!("{what} `{}` names no file", link.target),
                LinkState::Escapes => format!(
                    "{what} `{}` leads outside the repository; cairn does not follow it",
                    link.target
                ),
            };
            self.push(Rule::BrokenLink, file, link.pos, message);
        }
    }

    fn duplicate_ids(&mut self) {
        let ws = self.ws;
        let kinds: [(&str, Vec<IdAt>); 4] = [
            (
                "project",
                ws.projects.iter().map(|p| (&p.id, p.file)).collect(),
            ),
            ("task", ws.tasks.iter().map(|t| (&t.id, t.file)).collect()),
            (
                "meeting",
                ws.meetings.iter().map(|m| (&m.id, m.file)).collect(),
            ),
            (
                "decision",
                ws.decisions.iter().map(|d| (&d.id, d.file)).collect(),
            ),
        ];
        for (what, items) in kinds {
            let mut first: HashMap<&str, usize> = HashMap::with_capacity(items.len());
            for (id, file) in items {
                match first.get(id.as_str()) {
                    None => {
                        first.insert(id.as_str(), file);
                    }
                    Some(&other) => self.push_hint(
                        Rule::DuplicateId,
                        file,
                        id.pos,
                        format!(
                            "duplicate {what} id `{}`: {} has it too",
                            id.value,
                            ws.path(other)
                        ),
                        Some(
                            "give each file its own id (`cairn new` picks the next free one)"
                                .into(),
                        ),
                    ),
                }
            }
        }
    }

    fn tasks(&mut self, today: Date) {
        let ws = self.ws;
        let statuses: Vec<&str> = ws.config.statuses.iter().map(|(s, _)| s.as_str()).collect();
        for task in &ws.tasks {
            let file = task.file;
            let category = ws.category(task);
            if category.is_none() {
                let hint = match did_you_mean(&task.status.value, statuses.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the workflow has: {}", statuses.join(", ")),
                };
                self.push_hint(
                    Rule::InvalidStatus,
                    file,
                    task.status.pos,
                    format!("status `{}` is not in the workflow", task.status.value),
                    Some(hint),
                );
            }
            let project = task.project.as_ref().and_then(|p| ws.project(&p.value));
            if let Some(p) = &task.project {
                self.project_ref(file, p);
            }
            if let Some(m) = &task.milestone {
                match (&task.project, project) {
                    (None, _) => self.push_hint(
                        Rule::UnknownReference,
                        file,
                        m.pos,
                        format!("milestone `{}` given without a `project`", m.value),
                        Some("milestones belong to a project: add `project:`".into()),
                    ),
                    (Some(_), Some(p)) if p.milestone(&m.value).is_none() => {
                        let known: Vec<&str> = p.milestones.iter().map(|m| m.id.as_str()).collect();
                        let hint = did_you_mean(&m.value, known.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"))
                            .or_else(|| Some(format!("its milestones: {}", known.join(", "))));
                        self.push_hint(
                            Rule::UnknownReference,
                            file,
                            m.pos,
                            format!("project `{}` has no milestone `{}`", p.id.value, m.value),
                            hint,
                        );
                    }
                    _ => {}
                }
            }
            for a in &task.assignees {
                self.person(file, a);
            }
            for d in &task.depends_on {
                if d.value == task.id.value {
                    continue; // reported as a cycle
                }
                self.task_ref(file, d);
            }
            if let Some(p) = &task.parent {
                self.task_ref(file, p);
            }
            self.body(file, &task.body);
            self.links(file, &task.attachments, "attachment");
            let unfinished = matches!(
                category,
                Some(StatusCategory::Open | StatusCategory::Active)
            );
            if unfinished
                && let Some(due) = &task.due
                && due.value < today
            {
                let days = (today - due.value).get_days();
                self.push_hint(
                    Rule::Overdue,
                    file,
                    due.pos,
                    format!(
                        "task {} was due {} ({} day{} ago) and is still `{}`",
                        task.id.value,
                        due.value,
                        days,
                        if days == 1 { "" } else { "s" },
                        task.status.value
                    ),
                    Some("finish it, or move `due` to a date you can keep".into()),
                );
            }
            if unfinished && task.estimate_hours.is_none() {
                self.push(
                    Rule::MissingEstimate,
                    file,
                    task.id.pos,
                    format!("task {} has no `estimate`", task.id.value),
                );
            }
            if category == Some(StatusCategory::Done)
                && let Some(open) = task.body.checklist.iter().find(|c| !c.checked)
            {
                let (done, total) = task.body.checklist_counts();
                self.push(
                    Rule::DoneWithOpenChecklist,
                    file,
                    open.pos,
                    format!(
                        "task {} is done but {} of {total} checklist items are unchecked",
                        task.id.value,
                        total - done
                    ),
                );
            }
        }
    }

    /// Depends-on edges between known tasks, by index.
    fn dependency_cycles(&mut self) {
        let ws = self.ws;
        let edges: Vec<Vec<(usize, Pos)>> = ws
            .tasks
            .iter()
            .map(|t| {
                t.depends_on
                    .iter()
                    .filter_map(|d| ws.index.tasks.get(&d.value).map(|&i| (i, d.pos)))
                    .collect()
            })
            .collect();
        let adjacency: Vec<Vec<usize>> = edges
            .iter()
            .map(|e| e.iter().map(|(i, _)| *i).collect())
            .collect();
        for scc in strongly_connected(&adjacency) {
            let self_loop = scc.len() == 1 && adjacency[scc[0]].contains(&scc[0]);
            if scc.len() < 2 && !self_loop {
                continue;
            }
            let start = *scc
                .iter()
                .min_by_key(|&&i| (ws.tasks[i].number, i))
                .expect("an SCC is never empty");
            let cycle = cycle_through(start, &scc, &adjacency);
            let names: Vec<&str> = cycle.iter().map(|&i| ws.tasks[i].id.as_str()).collect();
            let next = cycle.get(1).copied().unwrap_or(start);
            let pos = edges[start]
                .iter()
                .find(|(i, _)| *i == next)
                .map_or(ws.tasks[start].id.pos, |(_, p)| *p);
            self.push_hint(
                Rule::DependencyCycle,
                ws.tasks[start].file,
                pos,
                format!("dependency cycle: {} → {}", names.join(" → "), names[0]),
                Some("remove one of these `depends_on` entries".into()),
            );
        }
    }

    /// Cycles that only exist because a parent's `start` and `depends_on` hold back its
    /// subtasks and a parent finishes with its last subtask: a parent that depends on its
    /// own subtask, or a subtask on its own parent, or longer loops through both. Direct
    /// dependency cycles and parent cycles have rules of their own and are left to them.
    fn inherited_cycles(&mut self) {
        let ws = self.ws;
        let n = ws.tasks.len();
        let parent: Vec<Option<usize>> = ws
            .tasks
            .iter()
            .map(|t| {
                t.parent
                    .as_ref()
                    .and_then(|p| ws.index.tasks.get(&p.value).copied())
            })
            .collect();
        let deps: Vec<Vec<usize>> = ws
            .tasks
            .iter()
            .map(|t| {
                t.depends_on
                    .iter()
                    .filter_map(|d| ws.index.tasks.get(&d.value).copied())
                    .collect()
            })
            .collect();
        // Node x: "x is finished"; node n + x: "x may start".
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); 2 * n];
        for x in 0..n {
            adj[x].push(n + x);
            if let Some(p) = parent[x] {
                adj[n + x].push(n + p);
                adj[p].push(x);
            }
            for &d in &deps[x] {
                adj[n + x].push(d);
            }
        }
        let direct_scc = {
            let mut id = vec![usize::MAX; n];
            for (k, scc) in strongly_connected(&deps).into_iter().enumerate() {
                if scc.len() > 1 || deps[scc[0]].contains(&scc[0]) {
                    for i in scc {
                        id[i] = k;
                    }
                }
            }
            id
        };
        for scc in strongly_connected(&adj) {
            if scc.len() < 2 {
                continue;
            }
            let mut tasks: Vec<usize> = scc.iter().map(|&v| v % n).collect();
            tasks.sort_unstable();
            tasks.dedup();
            let inside: std::collections::HashSet<usize> = scc.iter().copied().collect();
            let parent_edge = tasks.iter().any(|&x| {
                parent[x].is_some_and(|p| {
                    (inside.contains(&(n + p)) && inside.contains(&(n + x)))
                        || (inside.contains(&p) && inside.contains(&x))
                })
            });
            let dep_edge = tasks
                .iter()
                .any(|&x| inside.contains(&(n + x)) && deps[x].iter().any(|d| inside.contains(d)));
            let one_direct_cycle = tasks
                .iter()
                .all(|&x| direct_scc[x] != usize::MAX && direct_scc[x] == direct_scc[tasks[0]]);
            if !parent_edge || !dep_edge || one_direct_cycle {
                continue; // a parent cycle or a plain dependency cycle: reported elsewhere
            }
            // Name the dependency that closes the loop: one whose target is in the loop,
            // preferring a parent and its own subtask.
            let ancestors_of = |x: usize| {
                let mut out = Vec::new();
                let mut cur = parent[x];
                while let Some(p) = cur {
                    if out.contains(&p) || p == x || out.len() > n {
                        break;
                    }
                    out.push(p);
                    cur = parent[p];
                }
                out
            };
            let mut best: Option<(usize, usize, &str)> = None;
            for &x in &tasks {
                for &d in &deps[x] {
                    if !inside.contains(&d) {
                        continue;
                    }
                    let kind = if ancestors_of(d).contains(&x) {
                        "subtask"
                    } else if ancestors_of(x).contains(&d) {
                        "parent"
                    } else {
                        "other"
                    };
                    let rank = |k: &str| if k == "other" { 1 } else { 0 };
                    let better = best.is_none_or(|(bx, _, bk)| {
                        (rank(kind), ws.tasks[x].number) < (rank(bk), ws.tasks[bx].number)
                    });
                    if better {
                        best = Some((x, d, kind));
                    }
                }
            }
            let Some((x, d, kind)) = best else { continue };
            let t = &ws.tasks[x];
            let dep = &ws.tasks[d];
            let pos = t
                .depends_on
                .iter()
                .find(|r| r.value == dep.id.value)
                .map_or(t.id.pos, |r| r.pos);
            let message = match kind {
                "subtask" => format!(
                    "task {} depends on {}, one of its own subtasks: a parent's `depends_on` holds back every subtask, so {} would wait for itself",
                    t.id.value, dep.id.value, dep.id.value
                ),
                "parent" => format!(
                    "task {} depends on {}, its own parent, which finishes only with its subtasks",
                    t.id.value, dep.id.value
                ),
                _ => {
                    let names: Vec<&str> = tasks.iter().map(|&i| ws.tasks[i].id.as_str()).collect();
                    format!(
                        "tasks {} wait for each other through a parent's dependencies (a subtask waits for what its parent depends on; a parent finishes with its subtasks)",
                        names.join(", ")
                    )
                }
            };
            self.push_hint(
                Rule::DependencyCycle,
                t.file,
                pos,
                message,
                Some(match kind {
                    "subtask" => format!(
                        "remove `{}` from `depends_on`: a parent already finishes with its subtasks",
                        dep.id.value
                    ),
                    "parent" => format!(
                        "remove `{}` from `depends_on`: a subtask already waits for what its parent waits for",
                        dep.id.value
                    ),
                    _ => "remove one of these `depends_on` entries, or move a task out of the parent".into(),
                }),
            );
        }
    }

    /// A parent's own estimate is a budget for its subtasks.
    fn parent_estimates(&mut self) {
        let ws = self.ws;
        let planned = crate::schedule::subtask_work(ws);
        for (i, t) in ws.tasks.iter().enumerate() {
            let (Some(budget), Some(work)) = (t.estimate_hours, planned[i]) else {
                continue;
            };
            if ws.category(t).is_some_and(StatusCategory::is_finished) {
                continue;
            }
            if work > budget + 1e-9 {
                self.push_hint(
                    Rule::ParentEstimateExceeded,
                    t.file,
                    t.estimate_pos,
                    format!(
                        "task {} has an estimate of {}, but its subtasks add up to {}",
                        t.id.value,
                        ws.config.format_effort(budget),
                        ws.config.format_effort(work)
                    ),
                    Some("a parent books no hours itself: its estimate is the budget its subtasks should fit".into()),
                );
                self.about(t.id.value.clone());
            }
        }
    }

    fn parent_cycles(&mut self) {
        let ws = self.ws;
        let parent: Vec<Option<usize>> = ws
            .tasks
            .iter()
            .map(|t| {
                t.parent
                    .as_ref()
                    .and_then(|p| ws.index.tasks.get(&p.value).copied())
            })
            .collect();
        // 0 = unseen; otherwise the walk that first reached the task.
        let mut walk_of = vec![0usize; parent.len()];
        for startpoint in 0..parent.len() {
            if walk_of[startpoint] != 0 {
                continue;
            }
            let walk = startpoint + 1;
            let mut cur = Some(startpoint);
            while let Some(i) = cur {
                if walk_of[i] == walk {
                    // A new cycle through i.
                    let mut members = vec![i];
                    let mut j = parent[i].expect("a cycle member has a parent");
                    while j != i {
                        members.push(j);
                        j = parent[j].expect("a cycle member has a parent");
                    }
                    let first = (0..members.len())
                        .min_by_key(|&k| ws.tasks[members[k]].number)
                        .unwrap_or(0);
                    members.rotate_left(first);
                    let t = &ws.tasks[members[0]];
                    let names: Vec<&str> =
                        members.iter().map(|&m| ws.tasks[m].id.as_str()).collect();
                    let pos = t.parent.as_ref().map_or(t.id.pos, |p| p.pos);
                    self.push(
                        Rule::ParentCycle,
                        t.file,
                        pos,
                        format!("parent cycle: {} → {}", names.join(" → "), names[0]),
                    );
                    break;
                }
                if walk_of[i] != 0 {
                    break;
                }
                walk_of[i] = walk;
                cur = parent[i];
            }
        }
    }

    fn projects(&mut self) {
        let ws = self.ws;
        for p in &ws.projects {
            if let Some(o) = &p.owner {
                self.person(p.file, o);
            }
            let mut seen: HashMap<&str, ()> = HashMap::new();
            for m in &p.milestones {
                if seen.insert(m.id.as_str(), ()).is_some() {
                    self.push(
                        Rule::DuplicateId,
                        p.file,
                        m.id.pos,
                        format!(
                            "milestone id `{}` appears twice in project {}",
                            m.id.value, p.id.value
                        ),
                    );
                }
            }
            for g in &p.goals {
                match (g.baseline, g.target) {
                    (Some(b), Some(t)) if b == t => self.push_hint(
                        Rule::GoalInvalid,
                        p.file,
                        g.id.pos,
                        format!("goal `{}` has target equal to baseline ({t}); its progress cannot be measured", g.id.value),
                        Some("set `target` to the value you want to reach".into()),
                    ),
                    (Some(_), Some(_)) => {}
                    _ => self.push_hint(
                        Rule::GoalInvalid,
                        p.file,
                        g.id.pos,
                        format!("goal `{}` needs numbers for both `baseline` and `target`", g.id.value),
                        Some("a goal measures progress from `baseline` to `target`".into()),
                    ),
                }
            }
            self.body(p.file, &p.body);
        }
    }

    fn meetings(&mut self, today: Date) {
        let ws = self.ws;
        for m in &ws.meetings {
            if let Some(p) = &m.project {
                self.project_ref(m.file, p);
            }
            for a in &m.attendees {
                self.person(m.file, a);
            }
            if let Some(f) = &m.facilitator {
                self.person(m.file, f);
            }
            self.body(m.file, &m.body);
            for (n, item) in m.action_items() {
                if !item.checked
                    && let Some(due) = &item.due
                    && due.value < today
                {
                    let who: Vec<String> = item
                        .mentions
                        .iter()
                        .map(|p| format!("@{}", p.value))
                        .collect();
                    self.push(
                        Rule::Overdue,
                        m.file,
                        due.pos,
                        format!(
                            "action item {n} ({}) was due {} and is not done",
                            who.join(", "),
                            due.value
                        ),
                    );
                }
                // An item promoted to a task and that task should agree. Promotion (`cairn
                // promote`) appends the id, so the link is a task id that ends the item;
                // an id elsewhere in the text is a mere mention.
                let linked = item
                    .tasks
                    .last()
                    .filter(|t| item.text.trim_end().ends_with(t.value.as_str()));
                if let Some(t) = linked
                    && let Some(task) = ws.task(&t.value)
                {
                    let done = ws.category(task) == Some(StatusCategory::Done);
                    let message = match (item.checked, done) {
                        (true, false) => format!(
                            "action item {n} is checked, but its task {} is `{}`",
                            t.value, task.status.value
                        ),
                        (false, true) => {
                            format!("action item {n} is open, but its task {} is done", t.value)
                        }
                        _ => continue,
                    };
                    self.push_hint(
                        Rule::ActionTaskMismatch,
                        m.file,
                        item.pos,
                        message,
                        Some(if done {
                            format!("`cairn action done {} {n}`", m.id.value)
                        } else {
                            format!("finish {} too, or uncheck the item", t.value)
                        }),
                    );
                }
            }
        }
    }

    fn decisions(&mut self, today: Date) {
        let ws = self.ws;
        let mut superseded_by: HashMap<&str, &Decision> = HashMap::new();
        for d in &ws.decisions {
            if let Some(s) = &d.supersedes {
                superseded_by.insert(s.as_str(), d);
            }
        }
        for d in &ws.decisions {
            let file = d.file;
            for p in &d.deciders {
                self.person(file, p);
            }
            if let Some(p) = &d.project {
                self.project_ref(file, p);
            }
            for t in &d.tasks {
                self.task_ref(file, t);
            }
            self.body(file, &d.body);
            let option_names: Vec<&str> = d.options.iter().map(|o| o.name.as_str()).collect();
            if let Some(c) = &d.chosen
                && !d.options.is_empty()
                && !option_names.contains(&c.as_str())
            {
                let hint = did_you_mean(&c.value, option_names.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("the options are: {}", option_names.join(", ")));
                self.push_hint(
                    Rule::ChosenUnknown,
                    file,
                    c.pos,
                    format!("chosen option `{}` is not one of the options", c.value),
                    Some(hint),
                );
            }
            if d.status == DecisionStatus::Accepted && d.chosen.is_none() && !d.options.is_empty() {
                self.push_hint(
                    Rule::AcceptedWithoutChoice,
                    file,
                    d.status_pos,
                    format!(
                        "decision {} is accepted but has no `chosen` option",
                        d.id.value
                    ),
                    Some(format!(
                        "add `chosen:` with one of: {}",
                        option_names.join(", ")
                    )),
                );
            }
            let criteria: Vec<&str> = d.criteria.iter().map(|(c, _)| c.as_str()).collect();
            for o in &d.options {
                for (c, _) in &o.scores {
                    if !criteria.contains(&c.as_str()) {
                        let hint = did_you_mean(&c.value, criteria.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"));
                        self.push_hint(
                            Rule::ScoreUnknownCriterion,
                            file,
                            c.pos,
                            format!(
                                "option `{}` is scored on `{}`, which is not a criterion",
                                o.name.value, c.value
                            ),
                            hint,
                        );
                    }
                }
                for c in &criteria {
                    if !o.scores.iter().any(|(s, _)| s.as_str() == *c) {
                        self.push(
                            Rule::MissingScore,
                            file,
                            o.name.pos,
                            format!("option `{}` has no score for criterion `{c}`", o.name.value),
                        );
                    }
                }
            }
            if let Some(s) = &d.supersedes {
                match ws.decision(&s.value) {
                    None => self.decision_ref(file, s),
                    Some(old) if old.status != DecisionStatus::Superseded => self.push_hint(
                        Rule::SupersedeMismatch,
                        file,
                        s.pos,
                        format!(
                            "{} supersedes {}, but {} is `{}`",
                            d.id.value,
                            old.id.value,
                            old.id.value,
                            old.status.name()
                        ),
                        Some(format!("set `status: superseded` in {}", ws.path(old.file))),
                    ),
                    Some(_) => {}
                }
            }
            if d.status == DecisionStatus::Superseded && !superseded_by.contains_key(d.id.as_str())
            {
                self.push_hint(
                    Rule::SupersedeMismatch,
                    file,
                    d.status_pos,
                    format!(
                        "{} is `superseded`, but no decision supersedes it",
                        d.id.value
                    ),
                    Some("add `supersedes:` to the decision that replaced it".into()),
                );
            }
            if d.status == DecisionStatus::Proposed
                && let Some(due) = &d.due
                && due.value < today
            {
                self.push(
                    Rule::Overdue,
                    file,
                    due.pos,
                    format!(
                        "decision {} was due {} and is still proposed",
                        d.id.value, due.value
                    ),
                );
            }
        }
    }
}

impl Findings<'_> {
    /// The ids of a critical chain's first task, for "starts with" hints.
    fn chain_head(&self, chain: &[usize]) -> String {
        match chain.first() {
            Some(&i) => format!(
                "; its critical chain starts at {}",
                self.ws.tasks[i].id.value
            ),
            None => String::new(),
        }
    }

    fn schedule(&mut self, fc: &Forecast) {
        let ws = self.ws;
        let today = fc.today;
        let heads = crate::schedule::chain_heads(&fc.tasks);
        for (i, t) in ws.tasks.iter().enumerate() {
            let category = ws.category(t);
            let unfinished = !category.is_some_and(StatusCategory::is_finished);
            if let (Some(s), Some(d)) = (&t.start, &t.due)
                && s.value > d.value
            {
                self.push_hint(
                    Rule::StartAfterDue,
                    t.file,
                    s.pos,
                    format!(
                        "task {} may not start before {}, after its due date {}",
                        t.id.value, s.value, d.value
                    ),
                    Some("move `start` or `due`".into()),
                );
            }
            if !unfinished {
                continue;
            }
            for d in &t.depends_on {
                if let Some(dep) = ws.task(&d.value)
                    && ws.category(dep) == Some(StatusCategory::Cancelled)
                {
                    self.push_hint(
                        Rule::BlockedByCancelled,
                        t.file,
                        d.pos,
                        format!(
                            "task {} depends on {}, which is cancelled",
                            t.id.value, d.value
                        ),
                        Some("remove the dependency, or reopen the task".into()),
                    );
                }
            }
            let summary = fc.tasks[i].as_ref().is_some_and(|f| f.summary);
            if t.assignees.is_empty() && !summary && (t.due.is_some() || t.milestone.is_some()) {
                self.push_hint(
                    Rule::Unassigned,
                    t.file,
                    t.id.pos,
                    format!("task {} has a {} but nobody is assigned", t.id.value, if t.due.is_some() { "due date" } else { "milestone" }),
                    Some("add `assignee:`; until then it is planned as if one full-time person did it".into()),
                );
            }
            let Some(f) = fc.tasks[i].as_ref() else {
                continue;
            };
            if f.never {
                // Report where it starts: a task after one that never finishes says so.
                let reason = match f.held_by {
                    Some(h) if fc.tasks[h.task()].as_ref().is_some_and(|g| g.never) => {
                        format!(
                            "it waits for {}, which never finishes",
                            ws.tasks[h.task()].id.value
                        )
                    }
                    _ if f.earliest.day
                        >= crate::schedule::day_number(today) + crate::schedule::HORIZON_DAYS =>
                    {
                        format!("it may not start before {}", f.earliest.date())
                    }
                    _ => format!(
                        "{} of work is more than its assignees can do in that time",
                        ws.config.format_effort(f.remaining_hours)
                    ),
                };
                self.push_hint(
                    Rule::NeverFinishes,
                    t.file,
                    t.estimate_pos,
                    format!(
                        "task {} never finishes within {} years of today: {reason}",
                        t.id.value,
                        crate::schedule::HORIZON_YEARS
                    ),
                    Some("check its `estimate`, its assignees' `capacity`, and its `start`".into()),
                );
                self.about(t.id.value.clone());
                continue;
            }
            if let Some(due) = &t.due
                && due.value >= today
                && f.finish.date() > due.value
            {
                let h = heads[i];
                let head = if h == i {
                    String::new()
                } else {
                    self.chain_head(&[h])
                };
                self.push(
                    Rule::WillMissDue,
                    t.file,
                    due.pos,
                    format!(
                        "task {} is forecast to finish {}, after its due date {}{head}",
                        t.id.value,
                        f.finish.date(),
                        due.value
                    ),
                );
                self.about(t.id.value.clone());
            }
        }
        for m in &fc.milestones {
            let project = &ws.projects[m.project];
            let ms = &project.milestones[m.milestone];
            let Some(due) = &ms.due else { continue };
            let r = &m.rollup;
            let message = match (r.status, r.forecast_finish) {
                (ScheduleStatus::Late, _) => format!(
                    "milestone {}/{} was due {} and is not done{}",
                    project.id.value,
                    ms.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                (ScheduleStatus::AtRisk, Some(f)) => format!(
                    "milestone {}/{} is forecast for {}, after its due date {}{}",
                    project.id.value,
                    ms.id.value,
                    f,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                (ScheduleStatus::AtRisk, None) if r.never => format!(
                    "milestone {}/{} (due {}) never finishes: one of its tasks never does{}",
                    project.id.value,
                    ms.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                _ => continue,
            };
            self.push_hint(
                Rule::MilestoneAtRisk,
                project.file,
                ms.id.pos,
                message,
                Some(format!(
                    "`cairn plan {} --milestone {}` shows the chain",
                    project.id.value, ms.id.value
                )),
            );
            self.about(format!(
                "{}/{} {:?}",
                project.id.value, ms.id.value, r.status
            ));
        }
        for p in &fc.projects {
            let project = &ws.projects[p.project];
            let r = &p.rollup;
            if let (Some(budget), true) = (
                r.effort.budget_hours,
                r.effort
                    .budget_hours
                    .is_some_and(|b| r.effort.estimate_hours > b),
            ) {
                self.push(
                    Rule::BudgetExceeded,
                    project.file,
                    project.id.pos,
                    format!(
                        "project {} estimates add up to {}, over its budget of {}",
                        project.id.value,
                        ws.config.format_effort(r.effort.estimate_hours),
                        ws.config.format_effort(budget)
                    ),
                );
                self.about(project.id.value.clone());
            }
            let Some(due) = &project.due else { continue };
            let message = match (r.status, r.forecast_finish) {
                (ScheduleStatus::Late, _) if due.value < today => format!(
                    "project {} was due {} and is not done{}",
                    project.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                (ScheduleStatus::AtRisk, Some(f))
                    if r.forecast_finish.is_some_and(|f| f > due.value) =>
                {
                    format!(
                        "project {} is forecast for {}, after its due date {}{}",
                        project.id.value,
                        f,
                        due.value,
                        self.chain_head(&r.critical_chain)
                    )
                }
                (ScheduleStatus::AtRisk, None) if r.never => format!(
                    "project {} (due {}) never finishes: one of its tasks never does{}",
                    project.id.value,
                    due.value,
                    self.chain_head(&r.critical_chain)
                ),
                _ => continue,
            };
            self.push(Rule::ProjectAtRisk, project.file, due.pos, message);
            self.about(format!("{} {:?}", project.id.value, r.status));
        }
        let config_file = 0;
        for (person, load) in ws
            .config
            .people
            .iter()
            .zip(crate::schedule::workload(ws, fc, 6))
        {
            for w in load.weeks.iter().filter(|w| w.over_capacity) {
                self.push_hint(
                    Rule::OverCapacity,
                    config_file,
                    person.pos,
                    format!(
                        "{} is over capacity in {}: {}h of work due but {}h available",
                        person.id, w.week, w.demand_hours, w.available_hours
                    ),
                    Some(format!("tasks behind it: {}", id_list(&w.tasks, 12))),
                );
                self.about(format!("{} {}", person.id, w.week));
            }
        }
    }
}

/// Tarjan's algorithm, iterative so long dependency chains cannot overflow the stack.
/// Returns the strongly connected components.
pub fn strongly_connected(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    let mut call: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        call.push((root, 0));
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            if *edge == 0 && index[v] == UNSEEN {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(scc);
            }
        }
    }
    out
}

/// A shortest cycle from `start` back to itself inside one component.
fn cycle_through(start: usize, scc: &[usize], adj: &[Vec<usize>]) -> Vec<usize> {
    let members: std::collections::HashSet<usize> = scc.iter().copied().collect();
    let mut prev: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &adj[v] {
            if !members.contains(&w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut cur = v;
                while cur != start {
                    cur = prev[&cur];
                    path.push(cur);
                }
                path.reverse();
                if path.len() > 1 && path[0] == path[1] {
                    path.remove(0);
                }
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = prev.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// At most `max` ids, then how many more: a hint stays one readable line.
fn id_list(ids: &[String], max: usize) -> String {
    let mut s = ids
        .iter()
        .take(max)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > max {
        s.push_str(&format!(" and {} more", ids.len() - max));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_cycles_and_survives_long_chains() {
        let adj = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let mut sccs: Vec<Vec<usize>> = strongly_connected(&adj)
            .into_iter()
            .map(|mut s| {
                s.sort();
                s
            })
            .collect();
        sccs.sort();
        assert_eq!(sccs, vec![vec![0, 1, 2], vec![3], vec![4]]);
        let chain: Vec<Vec<usize>> = (0..200_000)
            .map(|i| if i + 1 < 200_000 { vec![i + 1] } else { vec![] })
            .collect();
        assert_eq!(strongly_connected(&chain).len(), 200_000);
    }

    #[test]
    fn cycle_path_is_in_edge_order() {
        let adj = vec![vec![1], vec![2], vec![0]];
        assert_eq!(cycle_through(0, &[0, 1, 2], &adj), vec![0, 1, 2]);
        let adj = vec![vec![0]];
        assert_eq!(cycle_through(0, &[0], &adj), vec![0]);
    }

    #[test]
    fn long_id_lists_are_cut_with_a_count() {
        let ids: Vec<String> = (1..=15).map(|i| format!("T-{i}")).collect();
        assert_eq!(id_list(&ids[..2], 12), "T-1, T-2");
        let long = id_list(&ids, 12);
        assert!(long.starts_with("T-1, T-2, "), "{long}");
        assert!(long.ends_with("T-12 and 3 more"), "{long}");
    }
}
