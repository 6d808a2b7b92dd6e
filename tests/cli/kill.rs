//! The kill loop: cairn commands that write (`import`, `renumber`, `move`, `report`,
//! `comment`) killed at random moments with SIGKILL or SIGINT, then any command run.
//! After every kill: no temporary file in the working tree, a read-only command writes
//! nothing, every file is either as it was or as the finished command leaves it, `cairn
//! recover` leaves the whole workspace one or the other, and a hand edit made after the
//! kill is never lost.
//!
//! `CAIRN_KILL_ROUNDS` sets how many kills (default 30; the full run is 200 or more).

use crate::support::{git, test_cache_home, test_state_home, write};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Snapshot = BTreeMap<String, Vec<u8>>;

/// Every file of the working tree (not `.git`).
fn snapshot(root: &Path) -> Snapshot {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("inside");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn cairn_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cairn")
}

fn command(root: &Path, args: &[String]) -> Command {
    let mut c = Command::new(cairn_bin());
    c.arg("-C")
        .arg(root)
        .args(["--today", crate::support::TODAY])
        .args(args)
        .env("XDG_CACHE_HOME", test_cache_home())
        .env("XDG_STATE_HOME", test_state_home())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("CAIRN_TODAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// A plan big enough that a write takes a while: 150 tasks in one project, many of
/// them naming T-1, a second project to move to, a todo.txt of 300 lines to import.
fn base(dir: &Path) -> PathBuf {
    let root = dir.join("base");
    write(
        &root,
        "cairn.yaml",
        "name: Kill\npeople:\n  ann:\n    name: Ann\n  bob:\n    name: Bob\n",
    );
    write(&root, "projects/web.md", "---\nid: web\ntitle: Web\n---\n");
    write(&root, "projects/app.md", "---\nid: app\ntitle: App\n---\n");
    for n in 1..=150 {
        let deps = if n > 1 { "depends_on: [T-1]\n" } else { "" };
        write(
            &root,
            &format!("tasks/web/T-{n}-task-{n}.md"),
            &format!(
                "---\nid: T-{n}\ntitle: Task {n}\nstatus: todo\nproject: web\nassignee: ann\nestimate: 1d\n{deps}---\nSee T-1 first.\n"
            ),
        );
    }
    let todo: String = (0..300)
        .map(|n| {
            format!(
                "(B) 2026-11-01 Item number {n} +web due:2026-12-{:02}\n",
                1 + n % 28
            )
        })
        .collect();
    std::fs::write(dir.join("todo.txt"), todo).expect("todo");
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "base"]);
    root
}

fn copy(from: &Path, to: &Path) {
    let ok = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "cp");
}

fn temporary_files(root: &Path) -> Vec<String> {
    snapshot(root)
        .into_keys()
        .filter(|p| p.contains("cairn-tmp") || p.ends_with(".tmp") || p.contains(".cairn/state"))
        .collect()
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n.max(1)
    }
}

#[test]
fn killed_writes_leave_old_or_new_files_and_never_lose_a_hand_edit() {
    let rounds: u64 = std::env::var("CAIRN_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let tmp = tempfile::tempdir().expect("tmp");
    let base = base(tmp.path());
    let todo = tmp.path().join("todo.txt").display().to_string();
    let commands: Vec<Vec<String>> = [
        vec!["import", "todo-txt", todo.as_str(), "--project", "web"],
        vec!["renumber", "T-1", "T-999"],
        vec!["move", "T-5", "--project", "app"],
        vec!["report", "--html"],
        vec!["comment", "T-7", "a note", "--as", "bob"],
    ]
    .iter()
    .map(|c| c.iter().map(|s| (*s).to_owned()).collect())
    .collect();
    let old = snapshot(&base);
    // What each command leaves when it finishes, and how long it takes.
    let finished: Vec<(Snapshot, Duration)> = commands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let dir = tmp.path().join(format!("finished-{i}"));
            copy(&base, &dir);
            let start = Instant::now();
            let status = command(&dir, c).status().expect("runs");
            assert!(status.success(), "{c:?}");
            (snapshot(&dir), start.elapsed())
        })
        .collect();
    let mut rng = Rng(0x5eed ^ rounds);
    let (mut killed_mid, mut hand_edits, mut half_done) = (0, 0, 0);
    for round in 0..rounds {
        let which = usize::try_from(round).unwrap_or(0) % commands.len();
        let (new, took) = &finished[which];
        let dir = tmp.path().join(format!("round-{round}"));
        copy(&base, &dir);
        let state = cairn_core::load::state::StateDir::locate(&dir, Some(&test_state_home()))
            .expect("state");
        let mut child = command(&dir, &commands[which]).spawn().expect("spawn");
        let micros = u64::try_from(took.as_micros()).unwrap_or(1);
        match rng.below(3) {
            // Anywhere.
            0 => std::thread::sleep(Duration::from_micros(rng.below(micros * 11 / 10))),
            // The last stretch, where the files are written.
            1 => std::thread::sleep(Duration::from_micros(
                micros * 7 / 10 + rng.below(micros * 4 / 10),
            )),
            // The moment the journal is ready: while the files are being renamed.
            _ => {
                let start = Instant::now();
                while start.elapsed() < *took * 3 {
                    if std::fs::read(state.journal()).is_ok_and(|j| j.ends_with(b"ready\n"))
                        || child.try_wait().ok().flatten().is_some()
                    {
                        break;
                    }
                }
            }
        }
        let signal = if rng.below(2) == 0 { "KILL" } else { "INT" };
        let _ = Command::new("kill")
            .args(["-s", signal, &child.id().to_string()])
            .status();
        let status = child.wait().expect("wait");
        if !status.success() {
            killed_mid += 1;
        }
        let what = format!(
            "round {round}: {:?} killed with SIG{signal}",
            commands[which]
        );
        if cairn_core::ops::journal::pending(&state).is_some_and(|p| p.ready) {
            half_done += 1;
        }

        // Any command afterwards: a read-only one writes nothing.
        let before_list = snapshot(&dir);
        let out = command(&dir, &["list".to_owned()]).status().expect("list");
        assert!(out.code().is_some_and(|c| c <= 1), "{what}: list failed");
        let now = snapshot(&dir);
        assert_eq!(now, before_list, "{what}: list wrote");
        assert!(
            temporary_files(&dir).is_empty(),
            "{what}: {:?}",
            temporary_files(&dir)
        );
        let files_are_old_or_new = |now: &Snapshot, except: Option<&str>| {
            let paths: std::collections::BTreeSet<&String> =
                now.keys().chain(old.keys()).chain(new.keys()).collect();
            for p in paths {
                if Some(p.as_str()) == except {
                    continue;
                }
                let n = now.get(p);
                assert!(
                    n == old.get(p) || n == new.get(p),
                    "{what}: {p} is neither as it was nor as the command leaves it"
                );
            }
        };
        files_are_old_or_new(&now, None);

        // Half the rounds: a hand edit to a file the command changes, before recovering.
        let changed: Vec<&String> = new.keys().filter(|p| old.get(*p) != new.get(*p)).collect();
        let edited = (rng.below(2) == 0)
            .then(|| {
                changed
                    .iter()
                    .find(|p| now.contains_key(p.as_str()))
                    .copied()
            })
            .flatten();
        if let Some(p) = edited {
            hand_edits += 1;
            let mut text = now[p].clone();
            text.extend_from_slice(b"\nA hand edit after the crash.\n");
            std::fs::write(dir.join(p), &text).expect("hand edit");
        }
        let _ = command(&dir, &["recover".to_owned()])
            .status()
            .expect("recover");
        let after = snapshot(&dir);
        assert!(temporary_files(&dir).is_empty(), "{what}: after recover");
        match edited {
            Some(p) => {
                assert!(
                    after
                        .get(p)
                        .is_some_and(|t| t.ends_with(b"\nA hand edit after the crash.\n")),
                    "{what}: the hand edit of {p} was lost"
                );
                files_are_old_or_new(&after, Some(p));
            }
            None => assert!(
                after == old || after == *new,
                "{what}: after recover the workspace is neither all old nor all new"
            ),
        }
        // And editing works again.
        let out = command(&dir, &["tag", "T-150", "+after", "-q"].map(str::to_owned))
            .status()
            .expect("tag");
        assert!(out.success(), "{what}: an edit after recover failed");
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!(
        "kill loop: {rounds} rounds, {killed_mid} killed before finishing, {half_done} while renaming (a change left for recover), {hand_edits} hand edits"
    );
}
