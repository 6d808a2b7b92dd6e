//! Findings in the formats CI systems read: JUnit XML, GitLab Code Quality, SARIF 2.1.0,
//! and a Markdown table for a GitHub job summary. Paths are repository-relative.

use cairn_core::diag::{Diagnostic, Rule, Severity};
use serde_json::{Value, json};
use std::fmt::Write as _;

fn repo_path(prefix: &str, file: &str) -> String {
    if prefix.is_empty() {
        file.to_owned()
    } else {
        format!("{prefix}/{file}")
    }
}

/// Text safe in XML attributes and content (the same escaping as the HTML dashboard).
fn xml(s: &str) -> String {
    crate::render::html::esc(s)
}

/// JUnit XML: one test case per rule, failing with one `<failure>` per finding.
pub fn junit(diags: &[Diagnostic], prefix: &str) -> String {
    let failures = diags.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"cairn check\" tests=\"{}\" failures=\"{failures}\">",
        Rule::ALL.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"cairn check\" tests=\"{}\" failures=\"{failures}\">",
        Rule::ALL.len()
    );
    for rule in Rule::ALL {
        let mine: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == *rule).collect();
        let _ = write!(
            out,
            "    <testcase classname=\"cairn\" name=\"{}\"",
            xml(rule.name())
        );
        if mine.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for d in mine {
            let at = format!("{}:{}:{}", repo_path(prefix, &d.file), d.line, d.column);
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}: {}\">{}{}</failure>",
                match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                xml(&at),
                xml(&d.message),
                xml(&at),
                d.hint
                    .as_ref()
                    .map(|h| format!("\nhint: {}", xml(h)))
                    .unwrap_or_default()
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

/// GitLab Code Quality report (a JSON array of issues).
pub fn gitlab(diags: &[Diagnostic], prefix: &str) -> Value {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    Value::Array(
        diags
            .iter()
            .map(|d| {
                // Two findings of one subject in one file stay distinct.
                let base = fingerprint(prefix, d);
                let n = seen.entry(base.clone()).or_default();
                *n += 1;
                let fp = if *n == 1 { base } else { format!("{base}-{n}") };
                json!({
                    "description": d.message,
                    "check_name": d.rule.name(),
                    "fingerprint": fp,
                    "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                    "location": {"path": repo_path(prefix, &d.file), "lines": {"begin": d.line}},
                })
            })
            .collect(),
    )
}

/// SARIF 2.1.0 with one run, every rule described, results pointing at line and column.
pub fn sarif(diags: &[Diagnostic], prefix: &str) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({"id": r.name(), "name": r.name(),
            "shortDescription": {"text": r.description()},
            "defaultConfiguration": {"level": match r.default_level() {
                cairn_core::diag::Level::Error => "error",
                cairn_core::diag::Level::Warning => "warning",
                cairn_core::diag::Level::Off => "none",
            }}})
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(h) = &d.hint {
                message.push_str(&format!(" (hint: {h})"));
            }
            json!({
                "ruleId": d.rule.name(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == d.rule),
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": repo_path(prefix, &d.file)},
                    "region": {"startLine": d.line.max(1), "startColumn": d.column.max(1)},
                }}],
                "partialFingerprints": {"cairn/v1": fingerprint(prefix, d)},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "cairn", "version": env!("CARGO_PKG_VERSION"),
                                "informationUri": "https://github.com/cairn", "rules": rules}},
            "results": results,
        }],
    })
}

/// Every finding as a Markdown table for `$GITHUB_STEP_SUMMARY` (GitHub shows only ten
/// annotations of each kind on a run).
pub fn step_summary(diags: &[Diagnostic], prefix: &str) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = format!(
        "### cairn check: {errors} error{}, {} warning{}\n\n",
        if errors == 1 { "" } else { "s" },
        diags.len() - errors,
        if diags.len() - errors == 1 { "" } else { "s" }
    );
    if diags.is_empty() {
        return out;
    }
    out.push_str("| | Rule | Where | Finding |\n|---|---|---|---|\n");
    for d in diags {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}:{}` | {} |",
            match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            d.rule.name(),
            repo_path(prefix, &d.file)
                .replace('`', "'")
                .replace('|', "\\|"),
            d.line,
            cairn_core::text::escape::markdown(&d.message)
        );
    }
    out
}
