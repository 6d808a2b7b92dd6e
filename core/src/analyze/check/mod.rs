//! The rule engine behind `cairn check`: pure analysis of a loaded [`Workspace`]. It never
//! reads the disk; link targets were resolved by the loader.

use crate::diag::{Diagnostic, Pos, Rule, did_you_mean};
use crate::model::*;
use jiff::civil::Date;
use std::collections::HashMap;

mod graph;
mod items;
mod schedule;

pub use graph::strongly_connected;

/// Every finding for the workspace (load problems and rule findings), with configured
/// levels applied, sorted by file, line and column.
pub fn check(ws: &Workspace, today: Date) -> Vec<Diagnostic> {
    // The forecast and the rules that do not need it run side by side.
    let (fc, mut out) = rayon::join(
        || crate::analyze::schedule::forecast(ws, today),
        || plan_rules(ws, today),
    );
    out.schedule(&fc, None);
    ws.config.rules.finalize(out.diags)
}

/// [`check`] with the forecast already made (for its `today`), and with `odds` (the
/// simulation and `forecast.confidence`) when the workspace asks for them.
pub fn check_with(ws: &Workspace, fc: &crate::analyze::schedule::Forecast) -> Vec<Diagnostic> {
    check_with_odds(ws, fc, None)
}

/// [`check_with`], judging milestones and projects by the date they meet with the odds
/// given.
pub fn check_with_odds(
    ws: &Workspace,
    fc: &crate::analyze::schedule::Forecast,
    odds: Option<(&crate::analyze::schedule::Confidence, u8)>,
) -> Vec<Diagnostic> {
    let mut out = plan_rules(ws, fc.today);
    out.schedule(fc, odds);
    ws.config.rules.finalize(out.diags)
}

/// The rules whose findings come from the forecast.
const FORECAST_RULES: [Rule; 10] = [
    Rule::CostOverBudget,
    Rule::EffortOverBudget,
    Rule::MissingRate,
    Rule::Unassigned,
    Rule::NeverFinishes,
    Rule::WillMissDue,
    Rule::MilestoneAtRisk,
    Rule::BudgetExceeded,
    Rule::ProjectAtRisk,
    Rule::OverCapacity,
];

/// The findings of [`check`] at error level only (what an edit must not add): the
/// forecast is made only when `cairn.yaml` makes one of its rules an error.
pub fn errors(ws: &Workspace, today: Date) -> Vec<Diagnostic> {
    let mut out = plan_rules(ws, today);
    let rules = &ws.config.rules;
    if FORECAST_RULES
        .iter()
        .any(|&r| rules.level(r) == crate::diag::Level::Error)
    {
        out.schedule(&crate::analyze::schedule::forecast(ws, today), None);
    }
    let mut diags = rules.finalize(out.diags);
    diags.retain(|d| d.severity == crate::diag::Severity::Error);
    diags
}

/// Every rule but the forecast's.
fn plan_rules(ws: &Workspace, today: Date) -> Findings<'_> {
    // Rules about single items, and rules about the task graph, side by side.
    let (mut out, graph) = rayon::join(
        || {
            let mut out = Findings {
                ws,
                diags: ws.load_diagnostics.clone(),
            };
            out.duplicate_ids();
            out.tasks(today);
            out.dates();
            out.recurring(today);
            out.time_logs(today);
            out.projects();
            out.meetings(today);
            out.decisions(today);
            out.views(today);
            out
        },
        || {
            let mut out = Findings {
                ws,
                diags: Vec::new(),
            };
            out.dependency_cycles();
            out.parent_cycles();
            out.inherited_cycles();
            out.parent_estimates();
            out
        },
    );
    out.diags.extend(graph.diags);
    out
}

impl Findings<'_> {
    /// Each saved view's `where:` names fields, statuses, people and values that exist.
    fn views(&mut self, today: Date) {
        let ws = self.ws;
        let Some(config) = ws.files.iter().position(|f| f.kind == FileKind::Config) else {
            return;
        };
        for v in &ws.config.views {
            let Some(expr) = &v.expr else { continue };
            // `@me` is whoever runs the view; any person stands in for the check.
            let scope = crate::analyze::filter::Scope {
                today,
                me: Some("@me"),
            };
            if let Err(e) = crate::analyze::filter::Filter::compile(expr, ws, &scope) {
                let at = e.start;
                // The caret under the word itself when the expression is written as is
                // on one line (plain or quoted without escapes).
                let written = ws.files[config]
                    .line(v.expr_pos.line)
                    .and_then(|l| l.get(v.expr_pos.col.saturating_sub(1) as usize..))
                    .map(|rest| {
                        let quoted = rest.starts_with(['"', '\'']);
                        let body = if quoted { &rest[1..] } else { rest };
                        (body.starts_with(expr.as_str()), usize::from(quoted))
                    });
                let pos = match written {
                    Some((true, q)) => Pos {
                        line: v.expr_pos.line,
                        col: v.expr_pos.col
                            + u32::try_from(
                                q + expr.chars().take(at).map(char::len_utf8).sum::<usize>(),
                            )
                            .unwrap_or(0),
                    },
                    _ => v.expr_pos,
                };
                self.push_hint(
                    Rule::InvalidValue,
                    config,
                    pos,
                    format!(
                        "view `{}`: {} (at character {} of `where`)",
                        v.name,
                        e.message,
                        at + 1
                    ),
                    e.hint,
                );
            }
        }
    }
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

    /// A reference into another workspace (`mobile:T-30`) outside a portfolio: the
    /// portfolio that joins them checks it, not this workspace alone.
    fn elsewhere(&self, r: &Sp<String>) -> bool {
        r.value.contains(':') && self.ws.config.portfolio.is_empty()
    }

    fn project_ref(&mut self, file: usize, r: &Sp<String>) {
        if self.elsewhere(r) {
            return;
        }
        if self.ws.project(&r.value).is_none() {
            let known: Vec<&str> = self.ws.projects.iter().map(|p| p.id.as_str()).collect();
            self.unknown(file, r, "project", &known);
        }
    }

    fn task_ref(&mut self, file: usize, r: &Sp<String>) {
        if self.elsewhere(r) {
            return;
        }
        if self.ws.task(&r.value).is_none() {
            // In a portfolio, say which member was asked and whether it exists.
            let hint = r.value.split_once(':').map(|(member, id)| {
                let members = &self.ws.config.portfolio;
                if members.iter().any(|m| m.name == member) {
                    format!("member `{member}` has no task `{id}`")
                } else {
                    match did_you_mean(member, members.iter().map(|m| m.name.as_str())) {
                        Some(s) => format!("no portfolio member `{member}`; did you mean `{s}`?"),
                        None => format!("no portfolio member `{member}`"),
                    }
                }
            });
            self.push_hint(
                Rule::UnknownReference,
                file,
                r.pos,
                format!("unknown task `{}`", r.value),
                hint,
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
        // A duplicated task id gets the next free number, the later file (by path) each.
        let prefix = &ws.config.task_prefix;
        let mut next = ws
            .tasks
            .iter()
            .map(|t| t.number)
            .chain(
                ws.files
                    .iter()
                    .filter(|f| f.kind == FileKind::Task)
                    .filter_map(|f| {
                        crate::load::file_id_number(f.path.rsplit('/').next()?, prefix)
                    }),
            )
            .max()
            .unwrap_or(0);
        for (what, items) in kinds {
            let mut first: HashMap<&str, usize> = HashMap::with_capacity(items.len());
            for (id, file) in items {
                match first.get(id.as_str()) {
                    None => {
                        first.insert(id.as_str(), file);
                    }
                    Some(&other) => {
                        let hint = if what == "task" {
                            next += 1;
                            let path = ws.path(file);
                            let quoted = if path.contains([' ', '\'', '"', '$', '`']) {
                                format!("'{}'", path.replace('\'', "'\\''"))
                            } else {
                                path.to_owned()
                            };
                            format!(
                                "two branches minted the same id: `cairn renumber {} {prefix}-{next} --file {quoted}` gives this file the next free id",
                                id.value
                            )
                        } else {
                            "give each file its own id (`cairn new` picks the next free one)".into()
                        };
                        self.push_hint(
                            Rule::DuplicateId,
                            file,
                            id.pos,
                            format!(
                                "duplicate {what} id `{}`: {} has it too",
                                id.value,
                                ws.path(other)
                            ),
                            Some(hint),
                        );
                        self.about(format!("{what} {} {}", id.value, ws.path(file)));
                    }
                }
            }
        }
    }
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
    use super::graph::cycle_through;
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

    /// `errors` (what an edit compares) is `check`'s errors, as configured and with each
    /// rule raised to error, on every rule's fixture and on the example workspace.
    #[test]
    fn errors_are_the_errors_of_check() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut dirs: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/rules"))
            .expect("fixtures")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("cairn.yaml").is_file())
            .collect();
        dirs.push(root.join("examples"));
        let today = Date::constant(2026, 11, 28);
        let mut raised = 0;
        for dir in dirs {
            let source = crate::load::source::DirSource::new(&dir).expect("source");
            let mut ws = crate::load::load(&source).expect("load");
            // As configured, then with each rule alone raised to error: a forecast rule
            // missing from FORECAST_RULES would be missed when it is the only error.
            let configured = ws.config.rules.clone();
            for raise in std::iter::once(None).chain(Rule::ALL.iter().map(Some)) {
                ws.config.rules = configured.clone();
                if let Some(&r) = raise {
                    ws.config.rules.set(r, crate::diag::Level::Error);
                }
                let mut want = check(&ws, today);
                want.retain(|d| d.severity == crate::diag::Severity::Error);
                assert_eq!(errors(&ws, today), want, "{} {raise:?}", dir.display());
                raised += want.iter().filter(|d| d.rule == Rule::WillMissDue).count();
            }
        }
        assert!(raised > 0, "a forecast rule raised to error is found");
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
