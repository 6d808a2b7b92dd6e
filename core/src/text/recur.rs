//! `recur:` values: `daily`, `weekdays`, `weekly`, `weekly on mon,thu`, `every 2 weeks`,
//! `monthly`, `monthly on 1`, `every 3 months on 15`, or an RRULE subset
//! (`FREQ=DAILY|WEEKLY|MONTHLY`, `INTERVAL`, `BYDAY`, `BYMONTHDAY`, `UNTIL`, `COUNT`), and
//! the dates they name.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
}

/// A recurrence rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recur {
    pub freq: Freq,
    pub interval: u32,
    /// Weekly: the weekdays (empty: the anchor's).
    pub by_day: Vec<Weekday>,
    /// Monthly: the days of the month (`-1` the last; empty: the anchor's).
    pub by_month_day: Vec<i8>,
    pub until: Option<Date>,
    pub count: Option<u32>,
}

/// The most occurrences one rule expands to, whatever it says.
pub const MAX_OCCURRENCES: usize = 1_000;

fn weekday(w: &str) -> Option<Weekday> {
    let w = w.trim().to_ascii_lowercase();
    // `mo`, `mon`, `monday`: two letters or more of the day's name.
    [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ]
    .iter()
    .find(|(name, _)| w.len() >= 2 && name.starts_with(w.as_str()))
    .map(|(_, d)| *d)
}

fn days_of(list: &str) -> Result<Vec<Weekday>, String> {
    list.split(',')
        .map(|w| weekday(w).ok_or_else(|| format!("`{}` is not a weekday", w.trim())))
        .collect()
}

fn month_days(list: &str) -> Result<Vec<i8>, String> {
    list.split(',')
        .map(|d| {
            let n: i8 = d
                .trim()
                .parse()
                .map_err(|_| format!("`{}` is not a day of the month", d.trim()))?;
            if (1..=31).contains(&n) || n == -1 {
                Ok(n)
            } else {
                Err(format!(
                    "day of the month {n} is not 1 to 31 (or -1, the last)"
                ))
            }
        })
        .collect()
}

impl Recur {
    fn new(freq: Freq) -> Recur {
        Recur {
            freq,
            interval: 1,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            until: None,
            count: None,
        }
    }

    /// Reads a `recur:` value.
    pub fn parse(text: &str) -> Result<Recur, String> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("rrule:") || lower.contains('=') {
            return Self::rrule(lower.trim_start_matches("rrule:"));
        }
        let (head, on) = match lower.split_once(" on ") {
            Some((h, o)) => (h.trim(), Some(o.trim())),
            None => (lower.as_str(), None),
        };
        let mut r = match head {
            "daily" | "every day" => Recur::new(Freq::Daily),
            "weekdays" | "every weekday" => {
                let mut r = Recur::new(Freq::Weekly);
                r.by_day = days_of("mo,tu,we,th,fr")?;
                r
            }
            "weekly" | "every week" => Recur::new(Freq::Weekly),
            "monthly" | "every month" => Recur::new(Freq::Monthly),
            _ => {
                let words: Vec<&str> = head.split_whitespace().collect();
                match words.as_slice() {
                    ["every", n, unit] => {
                        let n: u32 = n.parse().map_err(|_| format!("`{n}` is not a number"))?;
                        if !(1..=366).contains(&n) {
                            return Err(format!("every {n}: give 1 to 366"));
                        }
                        let mut r = match unit.trim_end_matches('s') {
                            "day" => Recur::new(Freq::Daily),
                            "week" => Recur::new(Freq::Weekly),
                            "month" => Recur::new(Freq::Monthly),
                            _ => return Err(format!("`{unit}`: days, weeks or months")),
                        };
                        r.interval = n;
                        r
                    }
                    _ => return Err(Self::usage(t)),
                }
            }
        };
        if let Some(on) = on {
            match r.freq {
                Freq::Weekly if r.by_day.is_empty() => r.by_day = days_of(on)?,
                Freq::Monthly => r.by_month_day = month_days(on)?,
                _ => return Err(format!("`on {on}` goes with weekly or monthly")),
            }
        }
        Ok(r)
    }

    fn usage(t: &str) -> String {
        format!(
            "`{t}` is not a recurrence: use daily, weekdays, weekly [on mon,thu], monthly [on 1], every 2 weeks, or an RRULE such as FREQ=WEEKLY;BYDAY=MO"
        )
    }

    fn rrule(text: &str) -> Result<Recur, String> {
        let mut freq = None;
        let mut r = Recur::new(Freq::Daily);
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((k, v)) = part.split_once('=') else {
                return Err(format!("`{part}` is not KEY=VALUE"));
            };
            match k {
                "freq" => {
                    freq = Some(match v {
                        "daily" => Freq::Daily,
                        "weekly" => Freq::Weekly,
                        "monthly" => Freq::Monthly,
                        _ => {
                            return Err(format!(
                                "FREQ={}: DAILY, WEEKLY or MONTHLY",
                                v.to_uppercase()
                            ));
                        }
                    })
                }
                "interval" => {
                    r.interval = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=366).contains(n))
                        .ok_or_else(|| format!("INTERVAL={v}: give 1 to 366"))?;
                }
                "byday" => r.by_day = days_of(v)?,
                "bymonthday" => r.by_month_day = month_days(v)?,
                "until" => {
                    let d = v.get(..8).unwrap_or(v);
                    let date = (d.len() == 8)
                        .then(|| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]))
                        .and_then(|s| super::fields::parse_date(&s).ok())
                        .ok_or_else(|| format!("UNTIL={v}: give YYYYMMDD"))?;
                    r.until = Some(date);
                }
                "count" => {
                    r.count = Some(
                        v.parse()
                            .ok()
                            .filter(|n| *n >= 1)
                            .ok_or_else(|| format!("COUNT={v}: give a number from 1"))?,
                    );
                }
                other => {
                    return Err(format!(
                        "{} is not supported (FREQ, INTERVAL, BYDAY, BYMONTHDAY, UNTIL, COUNT)",
                        other.to_uppercase()
                    ));
                }
            }
        }
        r.freq = freq.ok_or("an RRULE needs FREQ=DAILY, WEEKLY or MONTHLY")?;
        if !r.by_day.is_empty() && r.freq != Freq::Weekly {
            return Err("BYDAY goes with FREQ=WEEKLY".into());
        }
        if !r.by_month_day.is_empty() && r.freq != Freq::Monthly {
            return Err("BYMONTHDAY goes with FREQ=MONTHLY".into());
        }
        Ok(r)
    }

    /// Whether the rule's dates depend on where it starts (an interval over 1, or a
    /// count), so that it needs a `start:`.
    pub fn needs_anchor(&self) -> bool {
        self.interval > 1 || self.count.is_some()
    }

    /// The occurrences from `anchor` (the first possible one) on, that fall in
    /// `from..=to`, in order; at most [`MAX_OCCURRENCES`].
    pub fn occurrences(&self, anchor: Date, from: Date, to: Date) -> Vec<Date> {
        let mut out = Vec::new();
        let mut seen = 0u32;
        let mut push = |d: Date, out: &mut Vec<Date>| -> bool {
            if d < anchor {
                return true;
            }
            if self.until.is_some_and(|u| d > u) || d > to {
                return false;
            }
            seen += 1;
            if self.count.is_some_and(|c| seen > c) {
                return false;
            }
            if d >= from {
                out.push(d);
            }
            out.len() < MAX_OCCURRENCES
        };
        let step = i64::from(self.interval);
        match self.freq {
            Freq::Daily => {
                let mut d = anchor;
                while push(d, &mut out) {
                    match d.checked_add(step.days()) {
                        Ok(n) => d = n,
                        Err(_) => break,
                    }
                }
            }
            Freq::Weekly => {
                let days = if self.by_day.is_empty() {
                    vec![anchor.weekday()]
                } else {
                    self.by_day.clone()
                };
                // Week by week from the anchor's Monday.
                let monday = anchor
                    .checked_sub(i64::from(anchor.weekday().to_monday_zero_offset()).days())
                    .unwrap_or(anchor);
                let mut week = monday;
                'weeks: loop {
                    let mut in_week: Vec<Date> = days
                        .iter()
                        .filter_map(|w| {
                            week.checked_add(i64::from(w.to_monday_zero_offset()).days())
                                .ok()
                        })
                        .collect();
                    in_week.sort_unstable();
                    in_week.dedup();
                    for d in in_week {
                        if !push(d, &mut out) {
                            break 'weeks;
                        }
                    }
                    match week.checked_add((7 * step).days()) {
                        Ok(n) if n <= to => week = n,
                        _ => break,
                    }
                }
            }
            Freq::Monthly => {
                let days = if self.by_month_day.is_empty() {
                    vec![anchor.day()]
                } else {
                    self.by_month_day.clone()
                };
                let mut month = anchor.first_of_month();
                'months: loop {
                    let mut in_month: Vec<Date> = days
                        .iter()
                        .filter_map(|&d| {
                            if d == -1 {
                                Some(month.last_of_month())
                            } else {
                                // A month without that day (the 31st of April) is skipped.
                                Date::new(month.year(), month.month(), d).ok()
                            }
                        })
                        .collect();
                    in_month.sort_unstable();
                    in_month.dedup();
                    for d in in_month {
                        if !push(d, &mut out) {
                            break 'months;
                        }
                    }
                    match month.checked_add(step.months()) {
                        Ok(n) if n <= to => month = n,
                        _ => break,
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn occ(rule: &str, anchor: Date, from: Date, to: Date) -> Vec<String> {
        Recur::parse(rule)
            .unwrap()
            .occurrences(anchor, from, to)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn human_forms_and_rrules_name_the_same_dates() {
        // 2026-11-30 is a Monday.
        let (a, f, t) = (date(2026, 11, 30), date(2026, 11, 28), date(2026, 12, 27));
        assert_eq!(
            occ("weekly", a, f, t),
            ["2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"]
        );
        assert_eq!(occ("FREQ=WEEKLY;BYDAY=MO", a, f, t), occ("weekly", a, f, t));
        assert_eq!(occ("every 2 weeks", a, f, t), ["2026-11-30", "2026-12-14"]);
        assert_eq!(
            occ("weekly on tue,fri", a, f, date(2026, 12, 8)),
            ["2026-12-01", "2026-12-04", "2026-12-08"]
        );
        assert_eq!(occ("weekdays", a, f, date(2026, 12, 7)).len(), 6);
        assert_eq!(
            occ("monthly on 1", a, f, date(2027, 2, 1)),
            ["2026-12-01", "2027-01-01", "2027-02-01"]
        );
        assert_eq!(
            occ("FREQ=MONTHLY;BYMONTHDAY=-1", a, f, date(2027, 2, 28)),
            ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"]
        );
        // 31st: months without one are skipped.
        assert_eq!(
            occ(
                "monthly on 31",
                date(2027, 1, 1),
                date(2027, 1, 1),
                date(2027, 5, 31)
            ),
            ["2027-01-31", "2027-03-31", "2027-05-31"]
        );
        assert_eq!(
            occ("FREQ=DAILY;COUNT=3", a, f, t),
            ["2026-11-30", "2026-12-01", "2026-12-02"]
        );
        // COUNT counts from the anchor, even before the window.
        assert_eq!(
            occ("FREQ=DAILY;COUNT=3", a, date(2026, 12, 2), t),
            ["2026-12-02"]
        );
        assert_eq!(
            occ("FREQ=DAILY;UNTIL=20261201", a, f, t),
            ["2026-11-30", "2026-12-01"]
        );
        assert_eq!(
            occ("every 3 days", a, f, date(2026, 12, 6)),
            ["2026-11-30", "2026-12-03", "2026-12-06"]
        );
    }

    #[test]
    fn bad_rules_say_what_is_wrong() {
        for (rule, why) in [
            ("fortnightly", "is not a recurrence"),
            ("every 0 weeks", "1 to 366"),
            ("weekly on funday", "not a weekday"),
            ("monthly on 32", "1 to 31"),
            ("FREQ=YEARLY", "DAILY, WEEKLY or MONTHLY"),
            ("FREQ=DAILY;BYHOUR=9", "not supported"),
            ("FREQ=DAILY;BYDAY=MO", "BYDAY goes with FREQ=WEEKLY"),
            ("INTERVAL=2", "needs FREQ"),
        ] {
            let e = Recur::parse(rule).unwrap_err();
            assert!(e.contains(why), "{rule}: {e}");
        }
        // A huge window stays bounded.
        let r = Recur::parse("daily").unwrap();
        assert_eq!(
            r.occurrences(date(2026, 1, 1), date(2026, 1, 1), date(9000, 1, 1))
                .len(),
            MAX_OCCURRENCES
        );
    }
}
