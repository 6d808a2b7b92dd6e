//! The task network the forecast runs on, and the order it places tasks in (rules 1-4 of
//! "How the forecast works" in docs/format.md).
//!
//! The order depends only on the network and the ranks, never on durations: a task is
//! ready once what it waits for is done or placed, whatever dates those got. So it is
//! computed once, and every placement (one forecast, or each Monte Carlo sample) replays it.

use super::calendar::{Day, Workdays, Worker, day_number};
use super::{Point, completion, demand_deadline, weight};
use crate::model::{StatusCategory, Workspace};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Where a task stands before anything is placed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Standing {
    /// Left out of the forecast; dependencies on it are ignored.
    Cancelled,
    /// Finished at this point (the end of its `closed` day, else the start of today).
    Done(Point),
    /// A task without open children: it books hours.
    Leaf,
    /// An open task with children: it books nothing and spans them.
    Summary,
}

#[derive(Debug)]
pub struct Network {
    pub today: Day,
    pub cal: Workdays,
    /// People (in `cairn.yaml` order), then stand-ins.
    pub workers: Vec<Worker>,
    pub worker_names: Vec<String>,
    /// Each task's workers, sorted by name so sums over a pair never depend on file order.
    pub task_workers: Vec<Vec<usize>>,
    /// Each task's `max_per_day` per worker, in `task_workers` order (infinite: no limit);
    /// empty for a task without one.
    pub limits: Vec<Vec<f64>>,
    pub standing: Vec<Standing>,
    /// Whether a task has children that are not cancelled (its children carry its work).
    pub has_children: Vec<bool>,
    /// The parent that constrains a task: known, not cancelled, and never in a cycle.
    pub parent: Vec<Option<usize>>,
    pub children: Vec<Vec<usize>>,
    /// Own dependencies that count: known, not cancelled, not itself; best rank first.
    pub deps: Vec<Vec<usize>>,
    /// Own `start`.
    pub start: Vec<Option<Day>>,
    /// Remaining work in hours, `weight × (1 − completion)`, for leaves.
    pub work: Vec<f64>,
    /// Open leaves in the order they are placed.
    pub sequence: Vec<usize>,
    /// Position of each task in `sequence` (`usize::MAX` for others).
    pub seq_pos: Vec<usize>,
    /// Open children of each summary not yet placed, before anything is.
    pub open_children: Vec<u32>,
    /// Position of each task in the order of rule 4 (ties anywhere go to the better rank).
    pub rank: Vec<usize>,
}

/// The order of rule 4: `active` first, then priority, then the earliest deadline (the
/// task's own due date, else its milestone's, else its project's; tasks without one after
/// all that have one), then the id number, then the id.
fn rank_order(ws: &Workspace) -> Vec<usize> {
    let mut by_rank: Vec<usize> = (0..ws.tasks.len()).collect();
    by_rank.sort_by_cached_key(|&i| {
        let t = &ws.tasks[i];
        let due = demand_deadline(ws, t);
        (
            Reverse(super::plan_category(ws, t) == Some(StatusCategory::Active)),
            Reverse(t.priority),
            due.is_none(),
            due,
            t.number,
            t.id.value.clone(),
            i,
        )
    });
    by_rank
}

impl Network {
    pub fn new(ws: &Workspace, today: jiff::civil::Date) -> Network {
        let n = ws.tasks.len();
        let today = day_number(today);
        let cal = Workdays::new(ws);
        let by_rank = rank_order(ws);
        let mut rank = vec![0usize; n];
        for (r, &i) in by_rank.iter().enumerate() {
            rank[i] = r;
        }
        let cats: Vec<Option<StatusCategory>> = ws
            .tasks
            .iter()
            .map(|t| super::plan_category(ws, t))
            .collect();
        let cancelled: Vec<bool> = cats
            .iter()
            .map(|c| *c == Some(StatusCategory::Cancelled))
            .collect();

        // Parents: known and not cancelled, with cycles cut (walked in rank order, so the
        // cut does not depend on the order files were read in).
        let mut parent: Vec<Option<usize>> = ws
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if cancelled[i] {
                    return None;
                }
                let p = *ws.index.tasks.get(&t.parent.as_ref()?.value)?;
                (p != i && !cancelled[p]).then_some(p)
            })
            .collect();
        cut_parent_cycles(&mut parent, &by_rank);
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &c in &by_rank {
            if let Some(p) = parent[c] {
                children[p].push(c);
            }
        }
        let has_children: Vec<bool> = children.iter().map(|c| !c.is_empty()).collect();
        let standing: Vec<Standing> = (0..n)
            .map(|i| match cats[i] {
                Some(StatusCategory::Cancelled) => Standing::Cancelled,
                Some(StatusCategory::Done) => Standing::Done(ws.tasks[i].closed.as_ref().map_or(
                    Point::start_of(today),
                    |c| Point {
                        day: day_number(c.value),
                        share: 1.0,
                    },
                )),
                // A status outside the workflow is reported by `check`; plan it as open.
                _ if has_children[i] => Standing::Summary,
                _ => Standing::Leaf,
            })
            .collect();
        let open = |i: usize| matches!(standing[i], Standing::Leaf | Standing::Summary);

        let deps: Vec<Vec<usize>> = ws
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d: Vec<usize> = t
                    .depends_on
                    .iter()
                    .filter_map(|d| ws.index.tasks.get(&d.value).copied())
                    .filter(|&j| j != i && !cancelled[j])
                    .collect();
                d.sort_unstable_by_key(|&j| rank[j]);
                d.dedup();
                d
            })
            .collect();
        let start: Vec<Option<Day>> = ws
            .tasks
            .iter()
            .map(|t| t.start.as_ref().map(|s| day_number(s.value)))
            .collect();

        // Workers: people first, then a stand-in per unknown id and per unassigned task.
        let mut workers: Vec<Worker> = ws
            .config
            .people
            .iter()
            .map(|p| Worker::person(&cal, p))
            .collect();
        let mut worker_names: Vec<String> = ws.config.people.iter().map(|p| p.id.clone()).collect();
        let mut worker_index: HashMap<String, usize> = worker_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        let task_workers: Vec<Vec<usize>> = ws
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if standing[i] != Standing::Leaf {
                    return Vec::new();
                }
                if t.assignees.is_empty() {
                    workers.push(Worker::full_time(&cal));
                    worker_names.push(format!("({})", t.id.value));
                    return vec![workers.len() - 1];
                }
                let mut ids: Vec<usize> = t
                    .assignees
                    .iter()
                    .map(|a| {
                        *worker_index.entry(a.value.clone()).or_insert_with(|| {
                            workers.push(Worker::full_time(&cal));
                            worker_names.push(a.value.clone());
                            workers.len() - 1
                        })
                    })
                    .collect();
                ids.sort_unstable_by(|&a, &b| worker_names[a].cmp(&worker_names[b]));
                ids.dedup();
                ids
            })
            .collect();
        let limits: Vec<Vec<f64>> = ws
            .tasks
            .iter()
            .zip(&task_workers)
            .map(|(t, tw)| match &t.max_per_day {
                None => Vec::new(),
                Some(l) => tw
                    .iter()
                    .map(|&w| l.of(&worker_names[w]).unwrap_or(f64::INFINITY))
                    .collect(),
            })
            .collect();
        let work: Vec<f64> = ws
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if standing[i] == Standing::Leaf {
                    weight(ws, t) * (1.0 - completion(ws, t)).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        let open_children: Vec<u32> = children
            .iter()
            .map(|c| u32::try_from(c.iter().filter(|&&c| open(c)).count()).unwrap_or(u32::MAX))
            .collect();

        let mut net = Network {
            today,
            cal,
            workers,
            worker_names,
            task_workers,
            limits,
            standing,
            has_children,
            parent,
            children,
            deps,
            start,
            work,
            sequence: Vec::new(),
            seq_pos: vec![usize::MAX; n],
            open_children,
            rank: Vec::new(),
        };
        net.sequence = net.order(&by_rank, &rank);
        net.rank = rank;
        for (k, &i) in net.sequence.iter().enumerate() {
            net.seq_pos[i] = k;
        }
        net
    }

    pub fn is_open(&self, i: usize) -> bool {
        matches!(self.standing[i], Standing::Leaf | Standing::Summary)
    }

    /// List scheduling (rule 4): repeatedly the best ready leaf. A task is ready when its
    /// own dependencies are done or placed and its parent is released (the parent's own
    /// dependencies done or placed, and its parent released); a summary counts as placed
    /// once all its open children are. When only cycles are left, the best unplaced leaf
    /// goes next and ignores what it waits for.
    fn order(&self, by_rank: &[usize], rank: &[usize]) -> Vec<usize> {
        let n = self.standing.len();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut waiting = vec![0u32; n];
        for i in (0..n).filter(|&i| self.is_open(i)) {
            for &d in &self.deps[i] {
                if self.is_open(d) {
                    dependents[d].push(i);
                    waiting[i] += 1;
                }
            }
            if self.parent[i].is_some_and(|p| self.standing[p] == Standing::Summary) {
                waiting[i] += 1;
            }
        }
        let mut unplaced_children = self.open_children.clone();
        let mut placed = vec![false; n];
        let mut heap: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
        let mut sequence = Vec::with_capacity(n);
        // Tasks whose wait is over: leaves go on the heap, summaries release their children.
        let mut woken: Vec<usize> = (0..n)
            .filter(|&i| self.is_open(i) && waiting[i] == 0)
            .collect();
        // Summaries with no open child are placed before anything else.
        let mut newly_placed: Vec<usize> = (0..n)
            .filter(|&i| self.standing[i] == Standing::Summary && unplaced_children[i] == 0)
            .collect();
        let mut cursor = 0;
        let leaves = by_rank
            .iter()
            .filter(|&&i| self.standing[i] == Standing::Leaf)
            .count();
        loop {
            // Settle the consequences of what was just placed or released.
            while !newly_placed.is_empty() || !woken.is_empty() {
                while let Some(i) = woken.pop() {
                    match self.standing[i] {
                        Standing::Leaf if !placed[i] => heap.push(Reverse(rank[i])),
                        Standing::Summary => {
                            for &c in &self.children[i] {
                                if self.is_open(c) {
                                    waiting[c] = waiting[c].saturating_sub(1);
                                    if waiting[c] == 0 {
                                        woken.push(c);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(i) = newly_placed.pop() {
                    placed[i] = true;
                    for &k in &dependents[i] {
                        waiting[k] = waiting[k].saturating_sub(1);
                        if waiting[k] == 0 {
                            woken.push(k);
                        }
                    }
                    if let Some(p) =
                        self.parent[i].filter(|&p| self.standing[p] == Standing::Summary)
                    {
                        unplaced_children[p] = unplaced_children[p].saturating_sub(1);
                        if unplaced_children[p] == 0 {
                            newly_placed.push(p);
                        }
                    }
                }
            }
            if sequence.len() == leaves {
                break;
            }
            let next = loop {
                match heap.pop() {
                    Some(Reverse(r)) if placed[by_rank[r]] => continue,
                    Some(Reverse(r)) => break Some(by_rank[r]),
                    None => break None,
                }
            };
            let i = match next {
                Some(i) => i,
                None => {
                    // Only cycles are left.
                    while cursor < n
                        && (placed[by_rank[cursor]]
                            || self.standing[by_rank[cursor]] != Standing::Leaf)
                    {
                        cursor += 1;
                    }
                    match by_rank.get(cursor) {
                        Some(&i) => i,
                        None => break,
                    }
                }
            };
            sequence.push(i);
            newly_placed.push(i);
        }
        sequence
    }
}

/// Cuts the parent link where a walk up the parents meets itself.
fn cut_parent_cycles(parent: &mut [Option<usize>], by_rank: &[usize]) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; parent.len()];
    let mut path = Vec::new();
    for &start in by_rank {
        if state[start] != UNSEEN {
            continue;
        }
        path.clear();
        let mut cur = start;
        loop {
            state[cur] = ON_PATH;
            path.push(cur);
            match parent[cur] {
                Some(p) if state[p] == UNSEEN => cur = p,
                Some(p) if state[p] == ON_PATH => {
                    parent[cur] = None;
                    break;
                }
                _ => break,
            }
        }
        for &p in &path {
            state[p] = DONE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_cycles_are_cut_once() {
        // 0 → 1 → 2 → 0 and 3 → 1.
        let mut parent = vec![Some(1), Some(2), Some(0), Some(1)];
        cut_parent_cycles(&mut parent, &[0, 1, 2, 3]);
        assert_eq!(parent, [Some(1), Some(2), None, Some(1)]);
    }
}
