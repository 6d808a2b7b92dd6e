//! Each worker's booked hours per day (the ledger of rule 1), with a "next day with free
//! hours" pointer per day so placement skips fully booked days without rescanning them.

use super::calendar::{Day, Workdays, Worker};

/// Hours below this count as nothing: float sums of shares never leave a usable gap.
const EPS_HOURS: f64 = 1e-9;

/// No task has booked the day.
const NOBODY: u32 = u32::MAX;

/// One worker's days from `base` on. Days are materialised lazily, only as far as
/// placement reaches, and never past the horizon.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// No day before this is ever asked for (today).
    floor: Day,
    base: Day,
    /// `cap(p, d)`: hours on the day, 0 on days off.
    cap: Vec<f64>,
    used: Vec<f64>,
    /// The task that booked the day last (its hours are the day's latest), or [`NOBODY`].
    last: Vec<u32>,
    /// Union-find over day offsets: `next[i] == i` when day `i` has free hours, else a
    /// later day to look at (path-halved on every lookup). May point one past the end.
    next: Vec<u32>,
}

impl Ledger {
    /// Empties the ledger (keeping its allocations); no day before `floor` will be asked for.
    pub fn reset(&mut self, floor: Day) {
        self.floor = floor;
        self.cap.clear();
        self.used.clear();
        self.last.clear();
        self.next.clear();
    }

    fn len(&self) -> Day {
        Day::try_from(self.cap.len()).unwrap_or(Day::MAX)
    }

    fn index(&self, day: Day) -> Option<usize> {
        let i = day.checked_sub(self.base)?;
        (0..self.len())
            .contains(&i)
            .then(|| usize::try_from(i).unwrap_or(0))
    }

    /// Hours booked on a day.
    pub fn used(&self, day: Day) -> f64 {
        self.index(day).map_or(0.0, |i| self.used[i])
    }

    /// The task that booked the day last.
    pub fn last_booker(&self, day: Day) -> Option<usize> {
        self.index(day)
            .map(|i| self.last[i])
            .filter(|&t| t != NOBODY)
            .and_then(|t| usize::try_from(t).ok())
    }

    /// Every day with hours booked, in order.
    #[cfg(test)]
    pub fn booked_days(&self) -> impl Iterator<Item = (Day, f64)> + '_ {
        self.used
            .iter()
            .enumerate()
            .filter(|(_, h)| **h > 0.0)
            .map(|(i, h)| (self.base + Day::try_from(i).unwrap_or(0), *h))
    }

    /// Makes `[from, to)` part of the ledger (`to` at most `end`), keeping what is booked.
    fn cover(&mut self, worker: &Worker, cal: &Workdays, from: Day, to: Day, end: Day) {
        let to = to.min(end);
        if self.cap.is_empty() {
            self.base = from;
        }
        if from < self.base {
            // Grow at the front by at least the current length, so repeated early requests
            // cost amortised O(1) per day.
            let new_base = from.min((self.base - self.len().max(16)).max(self.floor));
            let shift = usize::try_from(self.base - new_base).unwrap_or(0);
            let front: Vec<Day> = (new_base..self.base).collect();
            let offset = u32::try_from(shift).unwrap_or(u32::MAX);
            for n in &mut self.next {
                *n = n.saturating_add(offset);
            }
            let caps: Vec<f64> = front.iter().map(|&d| worker.hours(cal, d)).collect();
            let nexts: Vec<u32> = (0..shift)
                .map(|i| {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    if caps[i as usize] > EPS_HOURS {
                        i
                    } else {
                        i + 1
                    }
                })
                .collect();
            self.cap.splice(0..0, caps);
            self.used.splice(0..0, std::iter::repeat_n(0.0, shift));
            self.last.splice(0..0, std::iter::repeat_n(NOBODY, shift));
            self.next.splice(0..0, nexts);
            self.base = new_base;
        }
        let have = self.base + self.len();
        if to > have {
            let want = to.max(self.base + 2 * self.len().max(8)).min(end);
            for d in have..want {
                let c = worker.hours(cal, d);
                let i = u32::try_from(self.cap.len()).unwrap_or(u32::MAX);
                self.cap.push(c);
                self.used.push(0.0);
                self.last.push(NOBODY);
                self.next.push(if c > EPS_HOURS { i } else { i + 1 });
            }
        }
    }

    /// The first day at or after `day`, and before `end`, with free hours.
    pub fn next_free(
        &mut self,
        worker: &Worker,
        cal: &Workdays,
        day: Day,
        end: Day,
    ) -> Option<Day> {
        if day >= end {
            return None;
        }
        self.cover(worker, cal, day, day + 1, end);
        let mut i = usize::try_from(day - self.base).ok()?;
        loop {
            if i >= self.cap.len() {
                let d = self.base + Day::try_from(i).ok()?;
                if d >= end {
                    return None;
                }
                self.cover(worker, cal, d, d + 1, end);
                if i >= self.cap.len() {
                    return None;
                }
            }
            let n = self.next[i] as usize;
            if n == i {
                return Some(self.base + Day::try_from(i).ok()?);
            }
            if let Some(&nn) = self.next.get(n) {
                self.next[i] = nn;
            }
            i = n;
        }
    }

    /// `cap(p, d) × (1 − max(f, used / cap))`: what the worker offers on a day to a task
    /// that may not start before share `f` of it. Only valid for covered days.
    pub fn offer(&self, day: Day, f: f64) -> f64 {
        self.index(day).map_or(0.0, |i| {
            let cap = self.cap[i];
            (cap * (1.0 - f)).min(cap - self.used[i]).max(0.0)
        })
    }

    /// Capacity of a covered day.
    pub fn cap(&self, day: Day) -> f64 {
        self.index(day).map_or(0.0, |i| self.cap[i])
    }

    /// Books `hours` of `task` on a covered day.
    pub fn book(&mut self, day: Day, hours: f64, task: usize) {
        let Some(i) = self.index(day) else { return };
        self.used[i] += hours;
        self.last[i] = u32::try_from(task).unwrap_or(NOBODY);
        if self.cap[i] - self.used[i] <= EPS_HOURS * self.cap[i].max(1.0) {
            self.next[i] = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Config, Workspace};

    fn cal() -> Workdays {
        Workdays::new(&Workspace {
            config: Config::default(),
            ..Workspace::default()
        })
    }

    #[test]
    fn full_days_and_weekends_are_skipped() {
        let cal = cal();
        let w = Worker::full_time(&cal);
        let mut l = Ledger::default();
        l.reset(0);
        // Day 8 is a Friday; 9 and 10 are the weekend.
        assert_eq!(l.next_free(&w, &cal, 8, 100), Some(8));
        l.book(8, 8.0, 1);
        assert_eq!(l.next_free(&w, &cal, 8, 100), Some(11));
        assert_eq!(l.next_free(&w, &cal, 9, 100), Some(11));
        l.book(11, 3.0, 2);
        assert_eq!(l.offer(11, 0.0), 5.0);
        assert_eq!(l.offer(11, 0.5), 4.0);
        assert_eq!(l.last_booker(11), Some(2));
        assert_eq!(l.next_free(&w, &cal, 11, 12), Some(11));
        assert_eq!(l.next_free(&w, &cal, 12, 12), None);
        // A request before the base grows the ledger at the front and keeps the bookings.
        assert_eq!(l.next_free(&w, &cal, 1, 100), Some(1));
        assert_eq!(l.used(8), 8.0);
        assert_eq!(l.next_free(&w, &cal, 8, 100), Some(11));
    }

    #[test]
    fn a_long_run_of_full_days_is_crossed_in_near_constant_time() {
        let cal = cal();
        let w = Worker::full_time(&cal);
        let mut l = Ledger::default();
        l.reset(0);
        let mut d = 0;
        while let Some(day) = l.next_free(&w, &cal, d, 3000) {
            l.book(day, 8.0, 0);
            d = day;
        }
        assert_eq!(l.next_free(&w, &cal, 0, 3000), None);
        // Day 3000 is a Monday.
        assert_eq!(l.next_free(&w, &cal, 0, 3001), Some(3000));
    }
}
