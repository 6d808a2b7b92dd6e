//! Findings: what `cairn check` reports, with the rule behind each and where it points.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How serious a finding is. `Off` only appears in configuration, never on a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// The configured level of a rule: a severity, or switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Off,
}

macro_rules! rules {
    ($( $variant:ident = $name:literal, $level:ident, $doc:literal; )*) => {
        /// Every rule `cairn check` knows. The name is what users write in `cairn.yaml`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( #[doc = $doc] $variant, )* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            pub fn default_level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            pub fn description(self) -> &'static str {
                match self { $(Rule::$variant => $doc,)* }
            }

            pub fn from_name(name: &str) -> Option<Rule> {
                match name { $($name => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    Unreadable = "unreadable", Error, "A file that cannot be read: I/O error, not UTF-8, too large, or a symlink loop; a folder nested more than 64 deep.";
    ForeignState = "foreign-state", Warning, "A `.cairn/state/` folder in the working tree: cairn keeps its lock and journal in the git directory and never reads or replays state found in the tree; delete it.";
    PathEscape = "path-escape", Error, "A workspace file that is a symlink pointing outside the repository (never read).";
    FrontMatter = "front-matter", Error, "Missing or unclosed `---` front matter block.";
    YamlSyntax = "yaml-syntax", Error, "Front matter that is not valid YAML, or too deep or too large to accept.";
    InvalidType = "invalid-type", Error, "A field holding the wrong kind of value (a list where text is expected, ...).";
    MissingField = "missing-field", Error, "A required field is absent.";
    UnknownField = "unknown-field", Error, "A field cairn does not know (often a typo).";
    DuplicateKey = "duplicate-key", Error, "The same key twice in one mapping.";
    InvalidDate = "invalid-date", Error, "A date that is not a real YYYY-MM-DD calendar date.";
    InvalidEffort = "invalid-effort", Error, "An effort that is not a number with unit h, d or w.";
    InvalidValue = "invalid-value", Error, "A value out of range or not one of the allowed words.";
    DuplicateId = "duplicate-id", Error, "Two files of the same kind with the same id.";
    IdMismatch = "id-mismatch", Error, "An id that does not match the file name.";
    UnknownReference = "unknown-reference", Error, "A reference to a person, project, milestone, task or decision that does not exist.";
    DependencyCycle = "dependency-cycle", Error, "Tasks that wait for each other in a cycle, directly or through a parent's dependencies (a parent that depends on its own subtask).";
    ParentCycle = "parent-cycle", Error, "Tasks that are each other's parents in a cycle.";
    ParentEstimateExceeded = "parent-estimate-exceeded", Warning, "A parent task whose subtasks' estimates add up to more than its own estimate (read as a budget).";
    InvalidStatus = "invalid-status", Error, "A task status that is not in the workflow.";
    BrokenLink = "broken-link", Error, "A relative link, image or attachment that names no file, or escapes the repository.";
    Overdue = "overdue", Warning, "An unfinished task, action item or proposed decision past its due date.";
    DoneWithOpenChecklist = "done-with-open-checklist", Warning, "A finished task with unchecked checklist items.";
    ClosedNotDone = "closed-not-done", Error, "A task with a `closed` date whose status is not in the done category (cairn start and reopen remove it).";
    ProgressWithoutDone = "progress-without-done", Warning, "An unfinished task whose `progress` is 100.";
    MissingEstimate = "missing-estimate", Off, "An unfinished task without an estimate.";
    ChosenUnknown = "chosen-unknown", Error, "A decision whose chosen option is not one of its options.";
    AcceptedWithoutChoice = "accepted-without-choice", Error, "An accepted decision with options but no chosen one.";
    ScoreUnknownCriterion = "score-unknown-criterion", Error, "An option scored on a criterion the decision does not list.";
    MissingScore = "missing-score", Warning, "An option without a score for one of the criteria.";
    SupersedeMismatch = "supersede-mismatch", Error, "A supersedes link whose two ends disagree.";
    GoalInvalid = "goal-invalid", Error, "A goal whose target equals its baseline, or lacks numbers.";
    MetricInvalid = "metric-invalid", Error, "A goal's metric file (`source:`) that cannot be read: missing, without its date or value column, or a row whose date or value is not one.";
    GoalOffTrack = "goal-off-track", Warning, "A goal whose trend (least squares over its latest measurements) reaches the target after the goal's due date (else the project's), or points away from the target.";
    UnknownRule = "unknown-rule", Warning, "A rule name in cairn.yaml that cairn does not know.";
    NeverFinishes = "never-finishes", Warning, "An unfinished task the forecast cannot finish within 10 years (an absurd estimate, a capacity near zero, a start far away).";
    WillMissDue = "will-miss-due", Warning, "A task whose forecast finish is after its due date.";
    MilestoneAtRisk = "milestone-at-risk", Warning, "A milestone whose forecast (with forecast.confidence: its date at those odds) is after its due date, or that is past due and unfinished.";
    ProjectAtRisk = "project-at-risk", Warning, "A project whose forecast (with forecast.confidence: its date at those odds) is after its due date, or that is past due and unfinished.";
    Unassigned = "unassigned", Warning, "An unfinished task with a due date or milestone but nobody assigned.";
    StartAfterDue = "start-after-due", Error, "A task that may not start before a date later than its due date.";
    BlockedByCancelled = "blocked-by-cancelled", Warning, "An unfinished task that depends on a cancelled task.";
    DoneDependsOnOpen = "done-depends-on-open", Warning, "A done task that depends on a task that is not finished.";
    CostOverBudget = "cost-over-budget", Warning, "A project whose forecast cost at completion (logged hours and remaining booked hours, times each person's rate) is over its cost budget.";
    EffortOverBudget = "effort-over-budget", Warning, "A project whose spent hours plus the forecast's remaining work are over its effort budget.";
    MissingRate = "missing-rate", Warning, "A person without a `rate` whose hours count in a project with a cost budget (counted as 0).";
    LogSyntax = "log-syntax", Error, "A time log line that starts like an entry but is not `- YYYY-MM-DD TASK-ID DURATION [note]`, or a time log outside time/<person>/.";
    LogUnknownTask = "log-unknown-task", Error, "A time log entry for a task that does not exist.";
    LogInFuture = "log-in-future", Warning, "A time log entry dated after today.";
    LogOverDay = "log-over-day", Warning, "A person's logged hours on one day above 1.5 times their working day.";
    LogOnCancelled = "log-on-cancelled", Warning, "Time logged on a cancelled task, or on a recurring task's template.";
    RecurMissing = "recur-missing", Warning, "A recurring task (`recur:`) whose instances due in the next four weeks are not there (`cairn recur` creates them).";
    BudgetExceeded = "budget-exceeded", Warning, "A project whose task estimates add up to more than its budget.";
    OverCapacity = "over-capacity", Warning, "A person with more work due in a week than hours available in it.";
    ActionTaskMismatch = "action-task-mismatch", Warning, "An action item promoted to a task (its text ends with the task id) and that task disagree: one is done, the other is not.";
    PortfolioMember = "portfolio-member", Error, "A portfolio member that cannot be read: a path with no cairn.yaml, a repository `cairn fetch` has not fetched (or could not), a `ref` it does not have.";
    InvalidTransition = "invalid-transition", Error, "A task whose status moved along an edge `transitions` does not allow (review and check --base).";
    IdCollision = "id-collision", Error, "A task id a change adds that the base branch has meanwhile given to another file (review).";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A 1-based line and column in a file. Line 0 means "the file as a whole".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Pos {
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }
}

/// One finding. The severity is filled in from the rule's configured level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// Workspace-relative path with `/` separators.
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub hint: Option<String>,
    /// What the finding is about when its message carries numbers that move with every
    /// edit (forecast dates, hours): `review` matches findings across revisions by rule,
    /// file and this, so "T-13 late by 3 days" and "late by 4 days" are one finding.
    #[serde(skip)]
    pub subject: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: Rule, file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        let severity = match rule.default_level() {
            Level::Warning => Severity::Warning,
            _ => Severity::Error,
        };
        Diagnostic {
            rule,
            severity,
            file: file.to_owned(),
            line: pos.line,
            column: pos.col,
            message: message.into(),
            hint: None,
            subject: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    fn sort_key(&self) -> (&str, u32, u32, Rule, &str) {
        (&self.file, self.line, self.column, self.rule, &self.message)
    }
}

/// Rule levels after `cairn.yaml`'s `rules:` overrides.
#[derive(Clone, Debug, Default)]
pub struct RuleLevels {
    overrides: BTreeMap<Rule, Level>,
}

impl RuleLevels {
    pub fn set(&mut self, rule: Rule, level: Level) {
        self.overrides.insert(rule, level);
    }

    pub fn level(&self, rule: Rule) -> Level {
        self.overrides
            .get(&rule)
            .copied()
            .unwrap_or(rule.default_level())
    }

    /// Applies levels (dropping switched-off rules), sorts by file, line, column and
    /// removes exact duplicates.
    pub fn finalize(&self, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags.retain_mut(|d| match self.level(d.rule) {
            Level::Off => false,
            Level::Error => {
                d.severity = Severity::Error;
                true
            }
            Level::Warning => {
                d.severity = Severity::Warning;
                true
            }
        });
        diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diags.dedup();
        diags
    }
}

/// Counts for the one-line summary and JSON output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize) -> Summary {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Summary {
            errors,
            warnings: diags.len() - errors,
            files,
        }
    }
}

/// Returns the known word closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        // Optimal string alignment: Levenshtein plus swaps of neighbours (`doign`).
        let d = strsim::osa_distance(word, candidate);
        let limit = (candidate.len().max(word.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let known = ["assignee", "estimate", "status"];
        assert_eq!(did_you_mean("asignee", known), Some("assignee"));
        assert_eq!(did_you_mean("statsu", known), Some("status"));
        assert_eq!(did_you_mean("colour", known), None);
        assert_eq!(did_you_mean("doign", ["todo", "doing"]), Some("doing"));
    }

    #[test]
    fn every_rule_name_round_trips() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(*rule));
        }
    }
}
