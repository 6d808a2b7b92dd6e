//! A goal's trend: a least-squares line through its latest measurements, and the date that
//! line reaches the target. What `status`, the dashboard and `goal-off-track` say of a
//! goal fed by a metric file.

use crate::model::Goal;
use jiff::civil::{Date, date};

/// Days since 1970-01-01 (the x of the fitted line).
fn day_number(d: Date) -> i32 {
    d.since((jiff::Unit::Day, date(1970, 1, 1)))
        .map_or(0, |s| s.get_days())
}

/// The date `n` days after 1970-01-01, if it is one.
fn day_date(n: i32) -> Option<Date> {
    date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(n)))
        .ok()
}

/// How a goal's measurements move.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// The fitted line's slope, per 7 calendar days.
    pub per_week: f64,
    /// Measurements the line is fitted to.
    pub points: usize,
    pub reach: Reach,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Reach {
    /// The latest measurement is at or past the target; the first one that was.
    Reached(Date),
    /// The day the fitted line reaches the target (never before the latest measurement).
    On(Date),
    /// The line is flat, points away from the target, or reaches it only after a
    /// century.
    Never,
}

/// A century of days: a forecast further out says "never".
const FAR: f64 = 36_525.0;

/// The trend of `goal`'s series over its last `trend_points` measurements; `None` with
/// fewer than two measurements (on different days) or without a target.
pub fn trend(goal: &Goal) -> Option<Trend> {
    let target = goal.target?;
    let series = &goal.series;
    let start = series.len().saturating_sub(goal.trend_points.max(2));
    let pts = &series[start..];
    if pts.len() < 2 {
        return None;
    }
    let xs: Vec<f64> = pts.iter().map(|(d, _)| f64::from(day_number(*d))).collect();
    let n = pts.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(pts).map(|(x, p)| (x - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    // Which way is better: from the baseline (else the first measurement) to the target.
    let from = goal.baseline.unwrap_or(series[0].1);
    let up = target >= from;
    let at_target = |v: f64| if up { v >= target } else { v <= target };
    let (last_day, last_value) = *series.last()?;
    let reach = if at_target(last_value) {
        let first = series
            .iter()
            .rev()
            .take_while(|(_, v)| at_target(*v))
            .last()
            .map_or(last_day, |p| p.0);
        Reach::Reached(first)
    } else if slope == 0.0 || (slope > 0.0) != up {
        Reach::Never
    } else {
        // (A hair below a whole day is that day: floating error must not add one.)
        let x = ((target - intercept) / slope - 1e-9).ceil();
        let last = f64::from(day_number(last_day));
        let x = x.max(last);
        match day_date(x as i32) {
            Some(d) if x - last <= FAR && x.is_finite() => Reach::On(d),
            _ => Reach::Never,
        }
    };
    Some(Trend {
        per_week: slope * 7.0,
        points: pts.len(),
        reach,
    })
}

/// Whether the goal is off track by its trend: it reaches the target after `due` (the
/// goal's, else the project's), or never.
pub fn off_track(t: &Trend, due: Option<Date>) -> bool {
    match t.reach {
        Reach::Reached(_) => false,
        Reach::Never => true,
        Reach::On(d) => due.is_some_and(|due| d > due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::model::Sp;
    use jiff::civil::date;

    fn goal(baseline: f64, target: f64, series: &[(Date, f64)]) -> Goal {
        Goal {
            id: Sp::new("g".into(), Pos::START),
            title: String::new(),
            unit: None,
            baseline: Some(baseline),
            target: Some(target),
            current: series.last().map(|p| p.1),
            due: None,
            source: None,
            trend_points: 8,
            series: series.to_vec(),
            pos: Pos::START,
        }
    }

    /// Weekly signups 100, 110, 130, 140 on four Mondays: by hand, x = 0, 7, 14, 21 days,
    /// x̄ = 10.5, ȳ = 120, Sxy = (−10.5)(−20) + (−3.5)(−10) + 3.5·10 + 10.5·20 = 490,
    /// Sxx = 2·10.5² + 2·3.5² = 245, slope 2 a day (14 a week), intercept 120 − 21 = 99.
    /// The target 200 is reached at x = (200 − 99) / 2 = 50.5, rounded up: day 51 after
    /// 2026-11-02, which is 2026-12-23.
    #[test]
    fn a_hand_computed_trend_and_its_date() {
        let g = goal(
            100.0,
            200.0,
            &[
                (date(2026, 11, 2), 100.0),
                (date(2026, 11, 9), 110.0),
                (date(2026, 11, 16), 130.0),
                (date(2026, 11, 23), 140.0),
            ],
        );
        let t = trend(&g).unwrap();
        assert!((t.per_week - 14.0).abs() < 1e-9, "{}", t.per_week);
        assert_eq!(t.points, 4);
        assert_eq!(t.reach, Reach::On(date(2026, 12, 23)));
        assert!(!off_track(&t, Some(date(2026, 12, 31))));
        assert!(off_track(&t, Some(date(2026, 12, 22))));
    }

    #[test]
    fn a_goal_that_goes_down_and_one_that_moves_away() {
        // Page weight from 3400 to 1200: -100 a week, 2000 → 1200 in 8 more weeks.
        let down = goal(
            3400.0,
            1200.0,
            &[(date(2026, 11, 2), 2100.0), (date(2026, 11, 9), 2000.0)],
        );
        let t = trend(&down).unwrap();
        assert!((t.per_week + 100.0).abs() < 1e-9, "{}", t.per_week);
        assert_eq!(t.reach, Reach::On(date(2027, 1, 4)));
        let away = goal(
            3400.0,
            1200.0,
            &[(date(2026, 11, 2), 2000.0), (date(2026, 11, 9), 2100.0)],
        );
        assert_eq!(trend(&away).unwrap().reach, Reach::Never);
    }

    #[test]
    fn only_the_last_points_count_and_a_reached_target_says_since_when() {
        let mut g = goal(
            0.0,
            10.0,
            &[
                (date(2026, 1, 1), 50.0),
                (date(2026, 1, 2), 0.0),
                (date(2026, 1, 3), 1.0),
                (date(2026, 1, 4), 2.0),
            ],
        );
        g.trend_points = 3;
        let t = trend(&g).unwrap();
        assert!((t.per_week - 7.0).abs() < 1e-9, "{}", t.per_week);
        assert_eq!(t.reach, Reach::On(date(2026, 1, 12)));
        g.series.push((date(2026, 1, 5), 11.0));
        g.series.push((date(2026, 1, 6), 12.0));
        assert_eq!(trend(&g).unwrap().reach, Reach::Reached(date(2026, 1, 5)));
        g.series.truncate(1);
        assert_eq!(trend(&g), None);
    }
}
