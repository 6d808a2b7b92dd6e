//! Rules about the task graph: dependency cycles (also through a parent's dependencies),
//! parent cycles, and parents whose subtasks outgrow their estimate.

use super::Findings;
use crate::diag::{Pos, Rule};
use crate::model::*;
use std::collections::HashMap;

impl Findings<'_> {
    pub(super) fn dependency_cycles(&mut self) {
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
    pub(super) fn inherited_cycles(&mut self) {
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
    pub(super) fn parent_estimates(&mut self) {
        let ws = self.ws;
        let planned = crate::analyze::schedule::subtask_work(ws);
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

    pub(super) fn parent_cycles(&mut self) {
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
pub(super) fn cycle_through(start: usize, scc: &[usize], adj: &[Vec<usize>]) -> Vec<usize> {
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
