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
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    cmd
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
