//! Calendar arithmetic for the forecast: day numbers, the team's working days, and each
//! worker's hours per day (rule 1 of "How the forecast works" in docs/format.md).

use crate::model::{Person, Workspace};
use jiff::civil::Date;

/// Days since 1970-01-01; the scheduler's calendar arithmetic runs on these.
pub type Day = i32;

/// How far the forecast looks ahead: work that cannot finish within this many years of
/// today "never finishes" (a finding), and nothing is booked past it.
pub const HORIZON_YEARS: i32 = 10;

/// [`HORIZON_YEARS`] in days.
pub const HORIZON_DAYS: Day = HORIZON_YEARS * 366;

pub fn day_number(d: Date) -> Day {
    // Howard Hinnant's days_from_civil.
    let (y, m, dd) = (
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn day_date(n: Day) -> Date {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::new(
        i16::try_from(y).unwrap_or(9999),
        i8::try_from(m).unwrap_or(1),
        i8::try_from(d).unwrap_or(1),
    )
    .unwrap_or(Date::MAX)
}

/// Monday = 0.
pub(crate) fn weekday(n: Day) -> usize {
    usize::try_from((n + 3).rem_euclid(7)).unwrap_or(0)
}

/// The team's working days (`calendar:` in cairn.yaml), compiled to day numbers.
#[derive(Clone, Debug)]
pub struct Workdays {
    workdays: [bool; 7],
    /// Sorted, deduplicated holidays that fall on a working weekday.
    holidays: Vec<Day>,
    pub hours_per_day: f64,
}

impl Workdays {
    pub fn new(ws: &Workspace) -> Workdays {
        let c = &ws.config.calendar;
        let mut holidays: Vec<Day> = c
            .holidays
            .iter()
            .map(|d| day_number(*d))
            .filter(|&d| c.workdays[weekday(d)])
            .collect();
        holidays.sort_unstable();
        holidays.dedup();
        Workdays {
            workdays: c.workdays,
            holidays,
            hours_per_day: c.hours_per_day,
        }
    }

    pub fn team_works(&self, day: Day) -> bool {
        self.workdays[weekday(day)] && self.holidays.binary_search(&day).is_err()
    }

    /// Working days of the team calendar in `(from, to]`, negative when `to < from`.
    /// Counted by whole weeks plus the few days left over, minus holidays, so it costs the
    /// same for a deadline next week as for one in ten years.
    pub fn working_days_between(&self, from: Day, to: Day) -> i32 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let hi = lo + (hi - lo).min(2 * HORIZON_DAYS);
        let span = hi - lo;
        let per_week = self.workdays.iter().filter(|&&w| w).count() as i32;
        let mut n = span / 7 * per_week;
        for d in hi - span % 7 + 1..=hi {
            if self.workdays[weekday(d)] {
                n += 1;
            }
        }
        // Holidays in (lo, hi]; all of them fall on working weekdays.
        let first = self.holidays.partition_point(|&h| h <= lo);
        let last = self.holidays.partition_point(|&h| h <= hi);
        n -= i32::try_from(last - first).unwrap_or(0);
        sign * n
    }
}

/// Who does the work: a declared person, or a stand-in for an unassigned task or an
/// unknown id (full time, no time off).
#[derive(Clone, Debug)]
pub struct Worker {
    /// Hours on each working day: `hours_per_day × capacity`.
    pub rate: f64,
    /// Time off: sorted, merged, inclusive ranges.
    off: Vec<(Day, Day)>,
}

impl Worker {
    pub fn person(cal: &Workdays, p: &Person) -> Worker {
        let mut off: Vec<(Day, Day)> = p
            .time_off
            .iter()
            .map(|(a, b)| (day_number(*a), day_number(*b)))
            .filter(|(a, b)| a <= b)
            .collect();
        off.sort_unstable();
        let mut merged: Vec<(Day, Day)> = Vec::with_capacity(off.len());
        for (a, b) in off {
            match merged.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Worker {
            rate: cal.hours_per_day * p.capacity,
            off: merged,
        }
    }

    pub fn full_time(cal: &Workdays) -> Worker {
        Worker {
            rate: cal.hours_per_day,
            off: Vec::new(),
        }
    }

    pub fn is_off(&self, day: Day) -> bool {
        let i = self.off.partition_point(|&(_, b)| b < day);
        self.off.get(i).is_some_and(|&(a, _)| a <= day)
    }

    /// `cap(p, d)`: the worker's hours on a day, 0 when it is not one of their working days.
    pub fn hours(&self, cal: &Workdays, day: Day) -> f64 {
        if cal.team_works(day) && !self.is_off(day) {
            self.rate
        } else {
            0.0
        }
    }

    /// Working days of this worker in `[from, to]` (team calendar minus time off).
    pub fn working_days(&self, cal: &Workdays, from: Day, to: Day) -> i32 {
        if to < from {
            return 0;
        }
        let all = cal.working_days_between(from - 1, to);
        let off: i32 = self
            .off
            .iter()
            .map(|&(a, b)| (a.max(from), b.min(to)))
            .filter(|(a, b)| a <= b)
            .map(|(a, b)| cal.working_days_between(a - 1, b))
            .sum();
        all - off
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn day_numbers_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-27",
            "2100-03-01",
            "1969-12-31",
            "9999-12-31",
        ] {
            assert_eq!(day_date(day_number(date(s))), date(s));
        }
        assert_eq!(weekday(day_number(date("2026-11-27"))), 4);
    }

    #[test]
    fn time_off_ranges_are_merged_and_searched() {
        let cal = Workdays {
            workdays: [true, true, true, true, true, false, false],
            holidays: Vec::new(),
            hours_per_day: 8.0,
        };
        let w = Worker {
            rate: 8.0,
            off: vec![(10, 12), (20, 20)],
        };
        let off: Vec<Day> = (8..22).filter(|&d| w.is_off(d)).collect();
        assert_eq!(off, [10, 11, 12, 20]);
        // Day 8 is a Friday, day 12 a Tuesday off, day 13 a Wednesday back at work.
        assert_eq!(w.hours(&cal, 8), 8.0);
        assert_eq!(w.hours(&cal, 12), 0.0);
        assert_eq!(w.hours(&cal, 13), 8.0);
        assert_eq!(w.working_days(&cal, 8, 14), 3);
    }
}
