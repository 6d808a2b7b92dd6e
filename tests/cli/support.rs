use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const TODAY: &str = "2026-11-28";

/// `cairn` with a fixed today, no color and no inherited configuration.
pub fn cairn(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cairn").expect("the cairn binary is built");
    cmd.arg("-C")
        .arg(dir)
        .arg("--today")
        .arg(TODAY)
        .env_remove("CAIRN_TODAY")
        .env_remove("CAIRN_NO_CACHE")
        .env_remove("CAIRN_HEAD_SHA")
        .env_remove("CAIRN_USER");
    // The tests may themselves run in GitHub Actions or GitLab CI: none of that leaks in.
    for var in [
        "GITHUB_ACTIONS",
        "GITHUB_BASE_REF",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_SERVER_URL",
        "GITHUB_REPOSITORY",
        "GITHUB_SHA",
        "CI_PROJECT_URL",
        "CI_COMMIT_SHA",
        "COLUMNS",
        "PAGER",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("XDG_CACHE_HOME", test_cache_home())
        .env("XDG_STATE_HOME", test_state_home())
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    cmd
}

/// Where the parse caches of workspaces outside git go during the tests (not the
/// machine's own cache folder).
pub fn test_cache_home() -> PathBuf {
    std::env::temp_dir().join(format!("cairn-test-cache-{}", std::process::id()))
}

/// Where workspaces outside git keep cairn's state (lock, journal) during the tests.
pub fn test_state_home() -> PathBuf {
    std::env::temp_dir().join(format!("cairn-test-state-{}", std::process::id()))
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("cairn runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `check --format json`, parsed.
pub fn check_json(dir: &Path) -> (i32, serde_json::Value) {
    let out = run(cairn(dir).args(["check", "--format", "json"]));
    let value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json is JSON ({e}): {}\n{}",
            out.stdout, out.stderr
        )
    });
    (out.code, value)
}

/// One line per diagnostic: `severity rule file:line:col message`.
pub fn diagnostic_lines(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{} {}",
                d["severity"].as_str().unwrap_or("?"),
                d["rule"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("?"),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

/// Copies a fixture workspace into a fresh temp dir so tests can add to it.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Runs `git` in `dir` with a fixed identity and date `when`, no global or system
/// configuration, and returns its stdout; panics when git fails.
pub fn git_at(dir: &Path, args: &[&str], when: &str) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `text` to `rel` under `root`, making its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// [`git_at`] on a fixed date.
pub fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args, "2026-11-20T10:00:00Z")
}

/// The demo workspace.
pub fn examples() -> PathBuf {
    repo_path("examples")
}

/// A copy of the demo workspace to change.
pub fn examples_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(&examples(), tmp.path());
    tmp
}

/// Standard output parsed as JSON.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// The `id` of every item of the list under `key`.
pub fn ids(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .iter()
        .map(|t| t["id"].as_str().unwrap_or("").to_owned())
        .collect()
}
