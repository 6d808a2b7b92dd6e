//! Findings in the formats CI systems read: JUnit XML, GitLab Code Quality, SARIF 2.1.0,
//! and a Markdown table for a GitHub job summary. Paths are repository-relative.

use cairn_core::diag::{Diagnostic, Level, Rule, Severity};
use cairn_core::text::escape::{code_span, markdown, markdown_with_code};
use serde::Serialize;
use std::fmt::Write as _;

/// A workspace path as the repository sees it.
pub fn repo_path(prefix: &str, file: &str) -> String {
    if prefix.is_empty() {
        file.to_owned()
    } else {
        format!("{prefix}/{file}")
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Where a file of the repository can be seen in a browser at the head commit: GitHub
/// (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`) or GitLab (`CI_PROJECT_URL`). With neither,
/// paths are shown without links.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// `https://github.com/o/r/blob/<sha>/`, ready for a percent-encoded path.
    base: Option<String>,
}

impl Links {
    /// Links from the CI variables `var` gives. The head commit is `head` when the caller
    /// knows it (a review of a named revision), else `CAIRN_HEAD_SHA`, else the CI
    /// system's own (`GITHUB_SHA`, `CI_COMMIT_SHA`). Values that do not look like what they
    /// should (a server URL with spaces, a sha that is not hex) give no links.
    pub fn from_vars(head: Option<&str>, var: impl Fn(&str) -> Option<String>) -> Links {
        let sha_ok =
            |s: &str| (7..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit());
        let url_ok = |u: &str| {
            (u.starts_with("https://") || u.starts_with("http://"))
                && u.bytes().all(|b| {
                    b.is_ascii_alphanumeric()
                        || matches!(b, b':' | b'/' | b'.' | b'-' | b'_' | b'~')
                })
        };
        let sha = |own: &str| {
            head.map(str::to_owned)
                .or_else(|| var("CAIRN_HEAD_SHA"))
                .or_else(|| var(own))
                .filter(|s| sha_ok(s))
        };
        let base = if let (Some(server), Some(repo)) =
            (var("GITHUB_SERVER_URL"), var("GITHUB_REPOSITORY"))
        {
            let repo_ok = repo.split('/').count() == 2
                && repo.split('/').all(|p| {
                    !p.is_empty()
                        && !p.starts_with('.')
                        && p.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
                });
            sha("GITHUB_SHA")
                .filter(|_| url_ok(&server) && repo_ok)
                .map(|sha| format!("{}/{repo}/blob/{sha}/", server.trim_end_matches('/')))
        } else if let Some(project) = var("CI_PROJECT_URL") {
            sha("CI_COMMIT_SHA")
                .filter(|_| url_ok(&project))
                .map(|sha| format!("{}/-/blob/{sha}/", project.trim_end_matches('/')))
        } else {
            None
        };
        Links { base }
    }

    /// The address of `path` (repository-relative) at `line`.
    pub fn url(&self, path: &str, line: u32) -> Option<String> {
        let base = self.base.as_ref()?;
        let mut url = base.clone();
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b'~') {
                url.push(char::from(b));
            } else {
                let _ = write!(url, "%{b:02X}");
            }
        }
        if line > 0 {
            let _ = write!(url, "#L{line}");
        }
        Some(url)
    }

    /// `path:line` as Markdown: a link when there is an address, a code span otherwise.
    pub fn markdown(&self, path: &str, line: u32) -> String {
        let at = format!("{path}:{line}");
        match self.url(path, line) {
            Some(url) => format!("[{}]({url})", markdown(&at)),
            None => code_span(&at),
        }
    }
}

/// Text safe in XML 1.0 attributes and content: markup characters as entities, and the
/// characters XML 1.0 does not allow at all (most control characters, U+FFFE, U+FFFF)
/// shown as `\u{..}`, since not even a character reference may carry them.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// One finding as a line of plain text.
fn finding_line(d: &Diagnostic, prefix: &str) -> String {
    let mut s = format!(
        "{}: {}:{}:{}: {}",
        severity_name(d.severity),
        repo_path(prefix, &d.file),
        d.line,
        d.column,
        d.message
    );
    if let Some(h) = &d.hint {
        s.push_str("\n  hint: ");
        s.push_str(h);
    }
    s
}

/// JUnit XML: one test case per rule. A rule that found an error fails with exactly one
/// `<failure>`, whose message counts the errors and quotes the first, and whose body lists
/// every error of the rule; warnings never fail a test case and are listed in its
/// `<system-out>`. `failures` counts the failing rules.
pub fn junit(diags: &[Diagnostic], prefix: &str) -> String {
    let of = |rule: Rule| diags.iter().filter(move |d| d.rule == rule);
    let failing = Rule::ALL
        .iter()
        .filter(|r| of(**r).any(|d| d.severity == Severity::Error))
        .count();
    let tests = Rule::ALL.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts = format!("tests=\"{tests}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\"");
    let _ = writeln!(out, "<testsuites name=\"cairn check\" {counts}>");
    let _ = writeln!(
        out,
        "  <testsuite name=\"cairn check\" {counts} time=\"0\">"
    );
    for rule in Rule::ALL {
        let errors: Vec<&Diagnostic> = of(*rule)
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let warnings: Vec<&Diagnostic> = of(*rule)
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let _ = write!(
            out,
            "    <testcase classname=\"cairn.check\" name=\"{}\" time=\"0\"",
            xml(rule.name())
        );
        if let Some(first) = errors.first() {
            let _ = write!(out, " file=\"{}\"", xml(&repo_path(prefix, &first.file)));
        }
        if errors.is_empty() && warnings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        if let Some(first) = errors.first() {
            let message = format!(
                "{} error{}: {}:{}: {}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                repo_path(prefix, &first.file),
                first.line,
                first.message
            );
            let body: Vec<String> = errors.iter().map(|d| finding_line(d, prefix)).collect();
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                xml(rule.name()),
                xml(&message),
                xml(&body.join("\n"))
            );
        }
        if !warnings.is_empty() {
            let body: Vec<String> = warnings.iter().map(|d| finding_line(d, prefix)).collect();
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml(&body.join("\n"))
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// A stable fingerprint: rule, file and what the finding is about (not its line, which
/// moves with every edit), hashed with FNV-1a so it is the same on every machine.
fn fingerprint(prefix: &str, d: &Diagnostic) -> String {
    let subject = d.subject.as_deref().unwrap_or(&d.message);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!(
        "{}\0{}\0{subject}",
        d.rule.name(),
        repo_path(prefix, &d.file)
    )
    .bytes()
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One issue of a GitLab Code Quality report.
#[derive(Serialize)]
pub struct CodeQualityIssue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    /// `major` for errors, `minor` for warnings.
    severity: &'static str,
    location: CodeQualityLocation,
}

#[derive(Serialize)]
struct CodeQualityLocation {
    path: String,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: u32,
}

/// GitLab Code Quality report (a JSON array of issues).
pub fn gitlab(diags: &[Diagnostic], prefix: &str) -> Vec<CodeQualityIssue> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    diags
        .iter()
        .map(|d| {
            // Two findings of one subject in one file stay distinct.
            let base = fingerprint(prefix, d);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let fingerprint = if *n == 1 { base } else { format!("{base}-{n}") };
            let mut description = d.message.clone();
            if let Some(h) = &d.hint {
                description.push_str(&format!(" (hint: {h})"));
            }
            CodeQualityIssue {
                description,
                check_name: d.rule.name(),
                fingerprint,
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: CodeQualityLocation {
                    path: repo_path(prefix, &d.file),
                    lines: CodeQualityLines {
                        begin: d.line.max(1),
                    },
                },
            }
        })
        .collect()
}

/// A SARIF 2.1.0 log with one run.
#[derive(Serialize)]
pub struct Sarif {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun; 1],
}

#[derive(Serialize)]
struct SarifRun {
    tool: SarifTool,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifDriver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<SarifRule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    id: &'static str,
    name: &'static str,
    short_description: SarifText,
    default_configuration: SarifConfiguration,
}

#[derive(Serialize)]
struct SarifText {
    text: String,
}

#[derive(Serialize)]
struct SarifConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: SarifText,
    locations: [SarifLocation; 1],
    partial_fingerprints: SarifFingerprints,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    artifact_location: SarifArtifact,
    region: SarifRegion,
}

#[derive(Serialize)]
struct SarifArtifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: u32,
    start_column: u32,
}

#[derive(Serialize)]
struct SarifFingerprints {
    #[serde(rename = "cairn/v1")]
    cairn: String,
}

/// SARIF 2.1.0 with one run, every rule described, results pointing at line and column.
pub fn sarif(diags: &[Diagnostic], prefix: &str) -> Sarif {
    let rules = Rule::ALL
        .iter()
        .map(|r| SarifRule {
            id: r.name(),
            name: r.name(),
            short_description: SarifText {
                text: r.description().to_owned(),
            },
            default_configuration: SarifConfiguration {
                level: match r.default_level() {
                    Level::Error => "error",
                    Level::Warning => "warning",
                    Level::Off => "none",
                },
            },
        })
        .collect();
    let results = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.hint {
                text.push_str(&format!(" (hint: {h})"));
            }
            SarifResult {
                rule_id: d.rule.name(),
                rule_index: Rule::ALL.iter().position(|r| *r == d.rule).unwrap_or(0),
                level: severity_name(d.severity),
                message: SarifText { text },
                locations: [SarifLocation {
                    physical_location: SarifPhysical {
                        artifact_location: SarifArtifact {
                            uri: repo_path(prefix, &d.file),
                        },
                        region: SarifRegion {
                            start_line: d.line.max(1),
                            start_column: d.column.max(1),
                        },
                    },
                }],
                partial_fingerprints: SarifFingerprints {
                    cairn: fingerprint(prefix, d),
                },
            }
        })
        .collect();
    Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: SarifTool {
                driver: SarifDriver {
                    name: "cairn",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://github.com/cairn",
                    rules,
                },
            },
            results,
        }],
    }
}

/// Every finding as a Markdown table for `$GITHUB_STEP_SUMMARY` (GitHub shows only ten
/// annotations of each kind on a run): errors first, then by file and line; each place
/// linked to the file at the head commit when `links` knows where. `scope` is the base
/// of a `--changed-since` run and how many findings it already had.
pub fn step_summary(
    diags: &[Diagnostic],
    prefix: &str,
    links: &Links,
    scope: Option<(&str, usize)>,
) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = format!(
        "### cairn check: {errors} error{}, {warnings} warning{}\n\n",
        plural(errors),
        plural(warnings)
    );
    if let Some((base, existing)) = scope {
        let _ = writeln!(
            out,
            "Findings this change introduces since {base}; {existing} finding{} that were there before it are not listed.\n",
            plural(existing)
        );
    }
    if diags.is_empty() {
        return out;
    }
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by(|a, b| {
        let rank = |d: &Diagnostic| u8::from(d.severity != Severity::Error);
        (rank(a), &a.file, a.line, a.column).cmp(&(rank(b), &b.file, b.line, b.column))
    });
    out.push_str("| Severity | Rule | Where | Finding |\n|---|---|---|---|\n");
    let total = sorted.len();
    for (n, d) in sorted.into_iter().enumerate() {
        let mut finding = markdown_with_code(&d.message);
        if let Some(h) = &d.hint {
            finding.push_str(" — ");
            finding.push_str(&markdown_with_code(h));
        }
        let row = format!(
            "| {} | {} | {} | {finding} |\n",
            severity_name(d.severity),
            code_span(d.rule.name()),
            links.markdown(&repo_path(prefix, &d.file), d.line),
        );
        // GitHub refuses a summary over 1 MiB whole: stop in time, and say so.
        if out.len() + row.len() + SUMMARY_NOTE_ROOM > MAX_STEP_SUMMARY {
            let left = total - n;
            let _ = writeln!(
                out,
                "\n{left} more finding{} left out to keep this summary under GitHub's 1 MiB; every finding is in the annotations' log and in `cairn check --format json`.",
                plural(left)
            );
            break;
        }
        out.push_str(&row);
    }
    out
}

/// The most a step summary may hold (GitHub rejects one over 1 MiB).
pub const MAX_STEP_SUMMARY: usize = 1024 * 1024 - 4096;
/// Room kept for the line that says how many findings were left out.
const SUMMARY_NOTE_ROOM: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn links_point_at_the_head_commit() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let gh = Links::from_vars(
            None,
            vars(&[
                ("GITHUB_SERVER_URL", "https://github.com"),
                ("GITHUB_REPOSITORY", "acme/plan"),
                ("GITHUB_SHA", sha),
            ]),
        );
        assert_eq!(
            gh.url("plan/tasks/T-1 a(b).md", 4).as_deref(),
            Some(
                format!("https://github.com/acme/plan/blob/{sha}/plan/tasks/T-1%20a%28b%29.md#L4")
                    .as_str()
            )
        );
        // A head the caller knows wins over the environment's.
        let known = Links::from_vars(
            Some("abcdef1"),
            vars(&[
                ("GITHUB_SERVER_URL", "https://github.com"),
                ("GITHUB_REPOSITORY", "acme/plan"),
                ("GITHUB_SHA", sha),
            ]),
        );
        assert!(known.url("a.md", 1).unwrap().contains("/blob/abcdef1/"));
        let gl = Links::from_vars(
            None,
            vars(&[
                ("CI_PROJECT_URL", "https://gitlab.example.com/g/p"),
                ("CI_COMMIT_SHA", sha),
            ]),
        );
        assert_eq!(
            gl.url("a.md", 2).as_deref(),
            Some(format!("https://gitlab.example.com/g/p/-/blob/{sha}/a.md#L2").as_str())
        );
        // Nothing that could break out of the link.
        for bad in [
            vars(&[
                ("GITHUB_SERVER_URL", "https://x.com) [y](z"),
                ("GITHUB_REPOSITORY", "a/b"),
                ("GITHUB_SHA", sha),
            ]),
            vars(&[
                ("GITHUB_SERVER_URL", "https://github.com"),
                ("GITHUB_REPOSITORY", "a/b/../c"),
                ("GITHUB_SHA", sha),
            ]),
            vars(&[
                ("GITHUB_SERVER_URL", "https://github.com"),
                ("GITHUB_REPOSITORY", "a/b"),
                ("GITHUB_SHA", "main"),
            ]),
        ] {
            assert!(Links::from_vars(None, bad).url("a.md", 1).is_none());
        }
        assert_eq!(Links::default().markdown("a|b.md", 3), "`a\\|b.md:3`");
    }

    #[test]
    fn xml_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml("a<b & \"c\"\u{1b}\u{ffff}"),
            "a&lt;b &amp; &quot;c&quot;\\u{1b}\\u{ffff}"
        );
    }

    /// Regression: 77,000 findings made a 12.9 MB step summary, which GitHub rejects
    /// whole. It stays under 1 MiB, errors first, and says how many were left out.
    #[test]
    fn a_step_summary_stays_under_a_mebibyte() {
        let diag = |n: usize, sev: Severity| Diagnostic {
            severity: sev,
            ..Diagnostic::new(
                cairn_core::diag::Rule::Overdue,
                &format!("tasks/T-{n}-a-rather-long-file-name-for-a-task.md"),
                cairn_core::diag::Pos::START,
                format!("task T-{n} is overdue: it was due 2026-11-01 and is still todo"),
            )
        };
        let mut diags: Vec<Diagnostic> = (0..77_000).map(|n| diag(n, Severity::Warning)).collect();
        diags.push(diag(99_999, Severity::Error));
        let s = step_summary(&diags, "", &Links::default(), None);
        assert!(s.len() <= 1024 * 1024, "{}", s.len());
        let first_row = s
            .lines()
            .find(|l| l.starts_with("| error"))
            .expect("an error row");
        assert!(first_row.contains("T-99999"));
        let table_start = s.find("| Severity").expect("table");
        assert!(
            s[table_start..]
                .lines()
                .nth(2)
                .expect("row")
                .starts_with("| error")
        );
        assert!(
            s.contains("more findings left out"),
            "{}",
            &s[s.len() - 300..]
        );
    }
}
