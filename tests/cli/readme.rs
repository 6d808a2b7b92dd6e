//! README (and docs/) cannot drift from the binary: every command block in them runs here
//! against a fresh copy of `examples/` in a git repository (`main` and `origin/main` at
//! its first commit), with `CAIRN_TODAY=2026-11-28`.
//!
//! - A block whose first line starts with `$ ` is a transcript: each `$ cairn …` line runs
//!   and what follows it, up to the next `$ ` line, is its output (standard output, then
//!   standard error). A line `...` stands for any number of lines, `[..]` inside a line for
//!   any text, and a last line `[exit N]` for the exit code (default 0).
//! - In a `sh` block every line runs (through `sh`) and must exit 0, except `cargo …`
//!   (the build itself) and `source …` (shell set-up). `$HOME` is a fresh folder and
//!   `$VISUAL` is `true`, so nothing outside the sandbox is touched.
//! - The commands of one block share one copy, in order; each block gets its own. A
//!   command with `-C examples` runs in the repository's root, any other in `examples/`.
//! - An HTML comment right before a block changes it: `<!-- readme: skip -->` (not run),
//!   `<!-- readme: empty -->` (run in an empty folder instead of the copy).
//!
//! `UPDATE_README=1 cargo test --test cli readme` rewrites the outputs that differ (keeping
//! the lines before the first and after the last `...`).

use crate::support::{copy_dir, git_at, repo_path, test_cache_home};
use std::path::{Path, PathBuf};

const WHEN: &str = "2026-11-27T09:00:00Z";

struct Block {
    /// 0-based index of the opening fence line in the file.
    fence: usize,
    lang: String,
    lines: Vec<String>,
    directive: Option<String>,
}

fn blocks(file: &Path) -> Vec<Block> {
    let text = std::fs::read_to_string(file).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(lang) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let directive = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| l.trim().strip_prefix("<!-- readme:"))
            .and_then(|l| l.strip_suffix("-->"))
            .map(|d| d.trim().to_owned());
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .unwrap_or(lines.len());
        out.push(Block {
            fence: i,
            lang: lang.trim().to_owned(),
            lines: lines[i + 1..end].iter().map(|l| (*l).to_owned()).collect(),
            directive,
        });
        i = end + 1;
    }
    out
}

/// A fresh repository with `examples/` committed on `main` and `origin/main`.
fn sandbox(empty: bool) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    std::fs::create_dir_all(tmp.path().join("home")).expect("mkdir");
    git_at(&repo, &["init", "-q", "-b", "main"], WHEN);
    if empty {
        return (tmp, repo);
    }
    copy_dir(&repo_path("examples"), &repo.join("examples"));
    git_at(&repo, &["add", "-A"], WHEN);
    git_at(&repo, &["commit", "-q", "-m", "The plan"], WHEN);
    git_at(
        &repo,
        &["update-ref", "refs/remotes/origin/main", "main"],
        WHEN,
    );
    (tmp, repo)
}

struct Ran {
    code: i32,
    output: Vec<String>,
}

fn run_line(repo: &Path, line: &str, empty: bool) -> Ran {
    let bin = assert_cmd::cargo::cargo_bin("cairn");
    let bin_dir = bin.parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cwd = if empty || line.contains("-C examples") {
        repo.to_owned()
    } else {
        repo.join("examples")
    };
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(line)
        .current_dir(&cwd)
        .env("PATH", path)
        .env("CAIRN_TODAY", "2026-11-28")
        .env("HOME", repo.parent().expect("sandbox").join("home"))
        .env("VISUAL", "true")
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", test_cache_home())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", WHEN)
        .env("GIT_COMMITTER_DATE", WHEN);
    for var in [
        "CAIRN_NO_CACHE",
        "CAIRN_HEAD_SHA",
        "COLUMNS",
        "PAGER",
        "GITHUB_ACTIONS",
        "GITHUB_BASE_REF",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_SERVER_URL",
        "GITHUB_REPOSITORY",
        "GITHUB_SHA",
        "CI_PROJECT_URL",
        "CI_COMMIT_SHA",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("sh runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut output: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    while output.last().is_some_and(String::is_empty) {
        output.pop();
    }
    Ran {
        code: out.status.code().unwrap_or(-1),
        output,
    }
}

/// Whether `actual` fits `expected` as snapbox matches: `[..]` stands for any text within
/// a line, a `...` line for any number of lines.
fn fits(expected: &[String], actual: &[String]) -> bool {
    let text = |lines: &[String]| {
        let mut t = lines.join("\n");
        t.push('\n');
        t
    };
    snapbox::Assert::new()
        .normalize_paths(false)
        .try_eq(
            None,
            snapbox::Data::text(text(actual)),
            snapbox::Data::text(text(expected)),
        )
        .is_ok()
}

/// New expected lines: the actual output, keeping as many lines before the first and
/// after the last `...` as the old expectation had.
fn refreshed(expected: &[String], actual: &[String]) -> Vec<String> {
    let Some(first) = expected.iter().position(|l| l == "...") else {
        return actual.to_vec();
    };
    let last = expected.iter().rposition(|l| l == "...").unwrap_or(first);
    let head = first;
    let tail = expected.len() - last - 1;
    if head + tail >= actual.len() {
        return actual.to_vec();
    }
    let mut out: Vec<String> = actual[..head].to_vec();
    out.push("...".into());
    out.extend_from_slice(&actual[actual.len() - tail..]);
    out
}

struct Step {
    command: String,
    /// Index in the block's lines of the `$` line.
    at: usize,
    expected: Vec<String>,
    code: i32,
    /// Lines of the block the expectation takes (output and `[exit N]`).
    span: usize,
}

fn steps(block: &Block) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    for (i, l) in block.lines.iter().enumerate() {
        if let Some(cmd) = l.strip_prefix("$ ") {
            out.push(Step {
                command: cmd.to_owned(),
                at: i,
                expected: Vec::new(),
                code: 0,
                span: 0,
            });
        } else if let Some(s) = out.last_mut() {
            s.span += 1;
            if let Some(n) = l.strip_prefix("[exit ").and_then(|r| r.strip_suffix(']')) {
                s.code = n.parse().expect("an exit code");
            } else {
                s.expected.push(l.clone());
            }
        }
    }
    for s in &mut out {
        while s.expected.last().is_some_and(|l| l.trim().is_empty()) {
            s.expected.pop();
        }
    }
    out
}

#[test]
fn every_command_block_in_readme_and_docs_runs_as_shown() {
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut files = vec![repo_path("README.md")];
    if let Ok(dir) = std::fs::read_dir(repo_path("docs")) {
        let mut docs: Vec<PathBuf> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        docs.sort();
        files.extend(docs);
    }
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in files {
        let mut text_lines: Vec<String> = std::fs::read_to_string(&file)
            .expect("read")
            .lines()
            .map(str::to_owned)
            .collect();
        // Replacements (first line, lines to replace, new lines), applied bottom up.
        let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        for block in blocks(&file) {
            if block.directive.as_deref() == Some("skip") {
                continue;
            }
            let empty = block.directive.as_deref() == Some("empty");
            let transcript = block
                .lines
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.starts_with("$ "));
            let shell = matches!(block.lang.as_str(), "sh" | "bash" | "shell");
            if !transcript && !shell {
                continue;
            }
            let (_tmp, repo) = sandbox(empty);
            if transcript {
                for s in steps(&block) {
                    if !s.command.starts_with("cairn") {
                        // Setup steps (`git …`) run too, their output unchecked.
                        run_line(&repo, &s.command, empty);
                        continue;
                    }
                    ran += 1;
                    let r = run_line(&repo, &s.command, empty);
                    let line_no = block.fence + 2 + s.at;
                    if r.code != s.code || !fits(&s.expected, &r.output) {
                        if update {
                            let mut new = refreshed(&s.expected, &r.output);
                            if r.code != 0 {
                                new.push(format!("[exit {}]", r.code));
                            }
                            edits.push((block.fence + 1 + s.at + 1, s.span, new));
                        } else {
                            failures.push(format!(
                                "{name}:{line_no}: `{}`\n  exit {} (expected {})\n--- expected\n{}\n--- actual\n{}\n",
                                s.command,
                                r.code,
                                s.code,
                                s.expected.join("\n"),
                                r.output.join("\n")
                            ));
                        }
                    }
                }
            } else {
                for (i, l) in block.lines.iter().enumerate() {
                    let t = l.trim();
                    if t.is_empty()
                        || t.starts_with('#')
                        || t.starts_with("cargo ")
                        || t.starts_with("source ")
                    {
                        continue;
                    }
                    ran += 1;
                    let r = run_line(&repo, l, empty);
                    if r.code != 0 {
                        failures.push(format!(
                            "{name}:{}: `{l}` exited {}:\n{}\n",
                            block.fence + 2 + i,
                            r.code,
                            r.output.join("\n")
                        ));
                    }
                }
            }
        }
        if update && !edits.is_empty() {
            edits.sort_by_key(|e| std::cmp::Reverse(e.0));
            for (at, span, new) in edits {
                text_lines.splice(at..at + span, new);
            }
            let mut text = text_lines.join("\n");
            text.push('\n');
            std::fs::write(&file, text).expect("write");
        }
    }
    assert!(ran > 20, "only {ran} commands found in README and docs");
    assert!(
        failures.is_empty(),
        "{} README/docs command(s) do not do what the text shows (refresh the outputs with \
         `UPDATE_README=1 cargo test --test cli readme`):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_matcher_elides_and_wildcards() {
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert!(fits(&s(&["a", "...", "z"]), &s(&["a", "b", "c", "z"])));
    assert!(fits(&s(&["a", "...", "z"]), &s(&["a", "z"])));
    assert!(!fits(&s(&["a", "...", "z"]), &s(&["a", "b"])));
    assert!(fits(&s(&["(7[..]) x"]), &s(&["(7798d86) x"])));
    assert!(!fits(&s(&["a"]), &s(&["a", "b"])));
    assert_eq!(
        refreshed(&s(&["a", "...", "y"]), &s(&["1", "2", "3", "4"])),
        s(&["1", "...", "4"])
    );
}
