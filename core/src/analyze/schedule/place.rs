//! Placement (rules 3, 5 and 7 of "How the forecast works" in docs/format.md): each leaf,
//! in the network's order, from its earliest point on, takes every hour its workers offer
//! until its work is used up; summaries span their children.

use super::calendar::{Day, HORIZON_DAYS};
use super::ledger::Ledger;
use super::network::{Network, Standing};
use super::{HeldBy, Point};

/// Hours below this are nothing.
const EPS: f64 = 1e-9;

/// Where one task landed.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    /// Its earliest point E (rule 5).
    pub earliest: Point,
    pub start: Point,
    pub finish: Point,
    pub held_by: Option<HeldBy>,
    /// It cannot finish within the horizon.
    pub never: bool,
    /// Finished: a done task, or a summary whose work is all done (rule 3).
    pub done: bool,
}

/// Hours one worker gives one task on one day.
#[derive(Clone, Copy, Debug)]
pub struct Booking {
    pub task: u32,
    pub worker: u32,
    pub day: Day,
    pub hours: f64,
}

/// The result of placing every task, and the scratch space to do it again without
/// allocating (a Monte Carlo sample reuses one `Placement`).
#[derive(Debug, Default)]
pub struct Placement {
    pub slots: Vec<Option<Slot>>,
    pub ledgers: Vec<Ledger>,
    /// Every booking, task by task in placement order (only when asked for).
    pub bookings: Vec<Booking>,
    release: Vec<Option<(Point, Option<usize>)>>,
    pending: Vec<u32>,
    /// Per summary: its latest-finishing child, and the earliest start of an open child.
    latest_child: Vec<Option<(Point, usize)>>,
    first_start: Vec<Option<Point>>,
    /// Per summary: some child below it is unfinished work (a leaf, or a summary with
    /// unfinished work of its own).
    open_work: Vec<bool>,
    offers: Vec<f64>,
    chain_up: Vec<usize>,
}

impl Placement {
    /// Places every task of `net` with `work[i]` hours left on task `i`.
    pub fn run(&mut self, net: &Network, work: &[f64], record: bool) {
        let n = net.standing.len();
        self.reset(net, n);
        self.bookings.clear();
        for i in 0..n {
            if let Standing::Done(p) = net.standing[i] {
                self.slots[i] = Some(Slot {
                    earliest: p,
                    start: p,
                    finish: p,
                    held_by: None,
                    never: false,
                    done: true,
                });
            }
        }
        // Summaries see their done children from the start; those with no open child are
        // finished before anything is placed.
        for i in 0..n {
            if let (Some(p), Standing::Done(f)) = (net.parent[i], net.standing[i])
                && net.standing[p] == Standing::Summary
            {
                note_latest(net, &mut self.latest_child[p], f, i);
            }
        }
        for i in 0..n {
            if net.standing[i] == Standing::Summary
                && self.pending[i] == 0
                && self.slots[i].is_none()
            {
                self.finish_summary(net, i);
                self.child_placed(net, i);
            }
        }
        for &i in &net.sequence {
            let slot = self.place_leaf(net, i, work[i], record);
            self.slots[i] = Some(slot);
            self.child_placed(net, i);
        }
    }

    fn reset(&mut self, net: &Network, n: usize) {
        self.slots.clear();
        self.slots.resize(n, None);
        self.release.clear();
        self.release.resize(n, None);
        self.latest_child.clear();
        self.latest_child.resize(n, None);
        self.first_start.clear();
        self.first_start.resize(n, None);
        self.open_work.clear();
        self.open_work.resize(n, false);
        self.pending.clear();
        self.pending.extend_from_slice(&net.open_children);
        self.ledgers.resize_with(net.workers.len(), Ledger::default);
        self.ledgers.truncate(net.workers.len());
        for l in &mut self.ledgers {
            l.reset(net.today);
        }
    }

    fn finish_of(&self, net: &Network, i: usize) -> Option<Point> {
        match net.standing[i] {
            Standing::Done(p) => Some(p),
            Standing::Leaf | Standing::Summary => self.slots[i].map(|s| s.finish),
            Standing::Cancelled => None,
        }
    }

    /// The latest of today, the task's own `start`, its parent's release and its own
    /// dependencies' finishes, with the dependency that set it. A dependency wins a tie.
    /// Dependencies not placed yet (only in a cycle) are ignored.
    fn constraint(&self, net: &Network, i: usize) -> (Point, Option<usize>) {
        let mut e = Point::start_of(net.today);
        let mut by = None;
        if let Some(s) = net.start[i] {
            let p = Point::start_of(s);
            if p.is_after(e) {
                e = p;
            }
        }
        if let Some(p) = net.parent[i]
            && let Some((r, rb)) = self.release[p]
            && !e.is_after(r)
            && (r.is_after(e) || rb.is_some())
        {
            e = r;
            by = rb;
        }
        for &d in &net.deps[i] {
            if let Some(f) = self.finish_of(net, d)
                && (f.is_after(e) || (!e.is_after(f) && by.is_none()))
            {
                e = f;
                by = Some(d);
            }
        }
        (e, by)
    }

    /// Makes sure every summary above `i` has its release point: its own constraint
    /// combined with its parent's, from the top down.
    fn release_ancestors(&mut self, net: &Network, i: usize) {
        self.chain_up.clear();
        let mut cur = net.parent[i];
        while let Some(p) = cur {
            if net.standing[p] != Standing::Summary || self.release[p].is_some() {
                break;
            }
            self.chain_up.push(p);
            cur = net.parent[p];
        }
        while let Some(p) = self.chain_up.pop() {
            self.release[p] = Some(self.constraint(net, p));
        }
    }

    /// The first working moment at or after `e` for any of the workers, bookings aside.
    fn first_working(net: &Network, workers: &[usize], e: Point, end: Day) -> Option<Point> {
        let mut day = e.day;
        while day < end {
            let works = workers
                .iter()
                .any(|&w| net.workers[w].hours(&net.cal, day) > 0.0);
            if works && (day > e.day || e.share < 1.0 - EPS) {
                let share = if day == e.day { e.share } else { 0.0 };
                return Some(Point { day, share });
            }
            day += 1;
        }
        None
    }

    fn place_leaf(&mut self, net: &Network, i: usize, work: f64, record: bool) -> Slot {
        self.release_ancestors(net, i);
        let (e, by) = self.constraint(net, i);
        let held_by_dependency = by.map(HeldBy::Dependency);
        let done_at = |p: Point| Slot {
            earliest: e,
            start: p,
            finish: p,
            held_by: held_by_dependency,
            never: false,
            done: false,
        };
        if work <= EPS {
            return done_at(e);
        }
        let end = net.today + HORIZON_DAYS;
        let never = Slot {
            earliest: e,
            start: e,
            finish: Point::start_of(end.max(e.day)),
            held_by: held_by_dependency,
            never: true,
            done: false,
        };
        let workers = &net.task_workers[i];
        // `max_per_day`: what each worker may give the task in a day.
        let limits = &net.limits[i];
        let limit = |k: usize| limits.get(k).copied().unwrap_or(f64::INFINITY);
        // Work that would not fit even into empty calendars up to the horizon books nothing.
        let room: f64 = workers
            .iter()
            .enumerate()
            .map(|(k, &w)| {
                let wk = &net.workers[w];
                wk.rate.min(limit(k)) * f64::from(wk.working_days(&net.cal, e.day, end - 1))
            })
            .sum();
        if e.day >= end || work > room * (1.0 + 1e-12) + EPS {
            return never;
        }
        let Some(first) = Self::first_working(net, workers, e, end) else {
            return never;
        };

        let mut left = work;
        let mut day = e.day;
        let mut start: Option<Point> = None;
        let mut held_by = held_by_dependency;
        loop {
            let mut next: Option<Day> = None;
            for &w in workers {
                if let Some(d) = self.ledgers[w].next_free(&net.workers[w], &net.cal, day, end) {
                    next = Some(next.map_or(d, |n: Day| n.min(d)));
                }
            }
            let Some(d) = next else {
                // The horizon came first: what was booked stays booked.
                return Slot {
                    start: start.unwrap_or(e),
                    ..never
                };
            };
            let f = if d == e.day { e.share } else { 0.0 };
            self.offers.clear();
            let mut total = 0.0;
            for (k, &w) in workers.iter().enumerate() {
                let o = self.ledgers[w].offer(d, f).min(limit(k));
                self.offers.push(o);
                total += o;
            }
            if total <= EPS {
                day = d + 1;
                continue;
            }
            // Where on the day each worker's hours begin: after E and after what is booked.
            let begin = |l: &Ledger| f.max(l.used(d) / l.cap(d));
            if start.is_none() {
                let s = workers
                    .iter()
                    .zip(&self.offers)
                    .filter(|(_, o)| **o > EPS)
                    .map(|(&w, _)| begin(&self.ledgers[w]))
                    .fold(1.0, f64::min);
                let s = Point { day: d, share: s };
                if s.day != first.day || (s.share - first.share).abs() > 1e-9 {
                    held_by = self
                        .assignee_holder(net, workers, e, s)
                        .map(HeldBy::Assignee);
                }
                start = Some(s);
            }
            let last = left <= total + EPS;
            let ratio = if last { left / total } else { 1.0 };
            let mut finish_share: f64 = 0.0;
            for (k, &w) in workers.iter().enumerate() {
                let o = self.offers[k] * ratio;
                if o <= 0.0 {
                    continue;
                }
                let l = &mut self.ledgers[w];
                let cap = l.cap(d);
                finish_share = finish_share.max(begin(l) + o / cap);
                l.book(d, o, i);
                if record {
                    self.bookings.push(Booking {
                        task: u32::try_from(i).unwrap_or(u32::MAX),
                        worker: u32::try_from(w).unwrap_or(u32::MAX),
                        day: d,
                        hours: o,
                    });
                }
            }
            if last {
                return Slot {
                    earliest: e,
                    start: start.unwrap_or(e),
                    finish: Point {
                        day: d,
                        share: finish_share.min(1.0),
                    },
                    held_by,
                    never: false,
                    done: false,
                };
            }
            left -= total;
            day = d + 1;
        }
    }

    /// Rule 7 when a task did not start at its first working hour: the task that last
    /// booked one of its workers' hours before its start (on its start day, else on the
    /// working day before). Among several workers, the most recently placed booking.
    fn assignee_holder(
        &self,
        net: &Network,
        workers: &[usize],
        e: Point,
        start: Point,
    ) -> Option<usize> {
        let latest = |cands: &mut dyn Iterator<Item = usize>| cands.max_by_key(|&t| net.seq_pos[t]);
        let d = start.day;
        let f = if d == e.day { e.share } else { 0.0 };
        let same_day = latest(&mut workers.iter().filter_map(|&w| {
            let l = &self.ledgers[w];
            let cap = l.cap(d);
            (cap > 0.0 && l.used(d) / cap > f + 1e-9)
                .then(|| l.last_booker(d))
                .flatten()
        }));
        if same_day.is_some() {
            return same_day;
        }
        latest(&mut workers.iter().filter_map(|&w| {
            let l = &self.ledgers[w];
            let worker = &net.workers[w];
            let stop = e.day.max(d - 366);
            let mut day = d - 1;
            while day >= stop {
                if worker.hours(&net.cal, day) > 0.0 {
                    return l.last_booker(day);
                }
                day -= 1;
            }
            None
        }))
    }

    /// A child (leaf or summary) has its slot: tell its parent, and finish the parent when
    /// it was the last open child, walking up.
    fn child_placed(&mut self, net: &Network, child: usize) {
        let mut c = child;
        while let Some(p) = net.parent[c].filter(|&p| net.standing[p] == Standing::Summary) {
            let Some(slot) = self.slots[c] else { return };
            note_latest(net, &mut self.latest_child[p], slot.finish, c);
            // A summary starts with its earliest unfinished descendant; a child summary
            // whose work is all done neither starts it nor holds it open.
            if !slot.done {
                self.open_work[p] = true;
                let s = slot.start;
                if self.first_start[p].is_none_or(|f| f.is_after(s)) {
                    self.first_start[p] = Some(s);
                }
            }
            self.pending[p] = self.pending[p].saturating_sub(1);
            if self.pending[p] > 0 || self.slots[p].is_some() {
                return;
            }
            self.finish_summary(net, p);
            c = p;
        }
    }

    /// Rule 3: a summary spans its children and never finishes before today's start;
    /// one whose work is all done is finished with its latest-closed descendant.
    fn finish_summary(&mut self, net: &Network, p: usize) {
        if !self.open_work[p]
            && let Some((f, _)) = self.latest_child[p]
        {
            self.slots[p] = Some(Slot {
                earliest: f,
                start: f,
                finish: f,
                held_by: None,
                never: false,
                done: true,
            });
            return;
        }
        let today = Point::start_of(net.today);
        let (finish, held_by) = match self.latest_child[p] {
            Some((f, c)) if f.is_after(today) => (f, Some(HeldBy::Child(c))),
            _ => (today, None),
        };
        let start = self.first_start[p].unwrap_or(finish);
        let never = self.latest_child[p]
            .and_then(|(_, c)| self.slots[c])
            .is_some_and(|s| s.never);
        self.slots[p] = Some(Slot {
            earliest: self.release[p].map_or(start, |r| r.0),
            start,
            finish,
            held_by,
            never,
            done: false,
        });
    }
}

/// Keeps the later finish; on a tie, the better-ranked child.
fn note_latest(net: &Network, slot: &mut Option<(Point, usize)>, finish: Point, child: usize) {
    let better = match *slot {
        None => true,
        Some((f, c)) => {
            finish.is_after(f) || (!f.is_after(finish) && net.rank[child] < net.rank[c])
        }
    };
    if better {
        *slot = Some((finish, child));
    }
}
