//! The fuzz targets on a stable toolchain: a small mutation fuzzer that starts from the
//! seeds in `fuzz/seeds/` (and a few inputs of its own), mutates them the way libFuzzer
//! does (bit flips, inserted and removed bytes, repeated chunks, YAML and Markdown tokens,
//! splices of two inputs), and checks each property in `props.rs` on every input.
//!
//! Each target runs for `CAIRN_FUZZ_SECS` seconds (default 2; CI runs 60 each), from the
//! seed `CAIRN_FUZZ_SEED` (default: the clock, printed on failure so a run can be
//! repeated). A failure prints the input that broke the property.

use super::props;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }
}

/// Pieces of the formats under test, inserted whole: a mutation that only flips bits
/// rarely writes `&a` or `---\n`.
const TOKENS: &[&str] = &[
    "---\n",
    "...\n",
    ": ",
    "- ",
    "\n  ",
    "\n- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n  ",
    ">-\n  ",
    "\"",
    "'",
    "#",
    "\r\n",
    "\u{feff}",
    "\t",
    "\\",
    "%YAML 1.2\n",
    "id: T-1\n",
    "status: done\n",
    "depends_on: [T-1]\n",
    "parent: T-1\n",
    "estimate: 3d\n",
    "due: 2026-12-01\n",
    "assignee: alice\n",
    "max_per_day: 6h\n",
    "closed: 2026-11-30\n",
    "people:\n  alice:\n    name: A\n",
    "milestones:\n  - id: m\n    due: 2026-12-01\n",
    "- [ ] ",
    "- [x] ",
    "## Discussion\n",
    "## Action items\n",
    "@alice ",
    "due:2026-12-01",
    "[link](../x.md)",
    "![i](a.png)",
    "```\n",
    "<b>",
    "T-1",
    "9999999999",
    "-1",
    "0.5",
    "1e309",
    "null",
    "~",
    "true",
    "\u{0}",
    "\u{202e}",
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = u8::try_from(rng.below(256)).unwrap_or(0);
            }
            2 if !out.is_empty() => {
                let n = 1 + rng.below(8.min(out.len() - at.min(out.len())).max(1));
                let end = (at + n).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, t.iter().copied());
            }
            4 if !out.is_empty() => {
                // Repeat a chunk (deep nesting, long lines).
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(16)).min(out.len());
                let chunk = out[start..end].to_vec();
                for _ in 0..=rng.below(8) {
                    out.splice(at..at, chunk.iter().copied());
                }
            }
            5 if !corpus.is_empty() => {
                // Splice with another input.
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[from..]);
            }
            6 => out.insert(at, b"\n :-[]{}#&*!|>'\"%@`"[rng.below(19)]),
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.extend_from_slice(t);
            }
        }
    }
    out.truncate(8192);
    out
}

fn seeds(target: &str, own: &[&str]) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut out: Vec<Vec<u8>> = own.iter().map(|s| s.as_bytes().to_vec()).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    out
}

fn run(target: &str, own: &[&str], property: fn(&[u8])) {
    let secs: u64 = std::env::var("CAIRN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let seed: u64 = std::env::var("CAIRN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let mut rng = Rng(seed);
    let mut corpus = seeds(target, own);
    assert!(!corpus.is_empty());
    let start = Instant::now();
    let mut runs = 0u64;
    let mut slowest = Duration::ZERO;
    while start.elapsed() < Duration::from_secs(secs) || runs < corpus.len() as u64 {
        let input = if (runs as usize) < corpus.len() {
            corpus[runs as usize].clone()
        } else {
            let base = corpus[rng.below(corpus.len())].clone();
            mutate(&mut rng, &base, &corpus)
        };
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| property(&input)));
        let took = t.elapsed();
        if let Err(e) = result {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!(
                "fuzz target {target} failed (CAIRN_FUZZ_SEED={seed}, run {runs}) on {:?}: {why}",
                String::from_utf8_lossy(&input)
            );
        }
        assert!(
            took < Duration::from_secs(5),
            "fuzz target {target} took {took:?} (a hang?) on {:?} (CAIRN_FUZZ_SEED={seed})",
            String::from_utf8_lossy(&input)
        );
        slowest = slowest.max(took);
        // Keep a few mutants that still parse as UTF-8: they grow the corpus the way
        // coverage would, without coverage.
        if runs.is_multiple_of(64) && corpus.len() < 512 && std::str::from_utf8(&input).is_ok() {
            corpus.push(input);
        }
        runs += 1;
    }
    eprintln!("fuzz {target}: {runs} runs in {secs}s, slowest {slowest:?}, seed {seed}");
}

#[test]
fn fuzz_front_matter() {
    run(
        "front_matter",
        &[
            "id: T-1\ntitle: A\nstatus: todo\ndepends_on: [T-2, T-3]\n",
            "a: &x [1, 2]\nb: *x\nc:\n  - d: e\n    f: 'g'\n",
        ],
        props::front_matter,
    );
}

#[test]
fn fuzz_edit() {
    run(
        "edit",
        &[
            "\u{0}\u{4}---\nid: T-1\ntitle: A\nstatus: todo # keep\n---\nBody\n",
            "\u{2}\u{3}2026---\r\nid: T-1\r\ndue: 2026-01-01\r\n---\r\n",
        ],
        props::edit,
    );
}

#[test]
fn fuzz_pipeline() {
    run(
        "pipeline",
        &[
            "\u{1}---\nid: T-1\ntitle: X\nassignee: alice\nestimate: 2d\ndepends_on: [T-1]\n---\n- [ ] a\n",
            "\u{0}name: F\npeople:\n  alice:\n    name: A\n    capacity: 0.5\ncalendar:\n  holidays: [2026-12-25]\n",
            "\u{3}---\nid: p\ntitle: P\nmilestones:\n  - id: m\n    due: 2026-12-01\n---\n",
        ],
        props::pipeline,
    );
}
