//! Stage timings of the pipeline on a generated workspace: load, check (which includes
//! the forecast), forecast alone, workload. Run with
//!
//! ```sh
//! python3 bench/gen.py /tmp/cairn-bench/ws-100000t-200p-20000e --tasks 100000 --people 200 --edges 20000
//! CAIRN_BENCH_WS=/tmp/cairn-bench/ws-100000t-200p-20000e cargo bench --bench pipeline
//! ```
//!
//! `CAIRN_BENCH_SAMPLES=N` sets the runs of the odds row (default 200).
//!
//! Without `CAIRN_BENCH_WS` it times `examples/`. Each stage runs `CAIRN_BENCH_RUNS`
//! times (default 5); the median and the fastest run are printed.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use cairn_core::load::source::DirSource;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let v = f();
        times.push(t0.elapsed());
        last = Some(v);
    }
    times.sort();
    (
        times[times.len() / 2],
        times[0],
        last.expect("at least one run"),
    )
}

fn main() {
    // `cargo bench` passes `--bench`; there are no options to read.
    let dir = std::env::var_os("CAIRN_BENCH_WS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples"),
        PathBuf::from,
    );
    let runs: usize = std::env::var("CAIRN_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(5);
    let today = jiff::civil::date(2026, 11, 28);
    let source = match DirSource::new(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bench: cannot open {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    let (med, min, ws) = time(runs, || {
        cairn_core::load::load(&source).expect("workspace loads")
    });
    println!(
        "workspace {}: {} tasks, {} people, {} dependency edges",
        dir.display(),
        ws.tasks.len(),
        ws.config.people.len(),
        ws.tasks.iter().map(|t| t.depends_on.len()).sum::<usize>()
    );
    println!("| stage | median | fastest |");
    println!("|---|---:|---:|");
    let row = |name: &str, med: Duration, min: Duration| {
        println!(
            "| {name} | {:.3} s | {:.3} s |",
            med.as_secs_f64(),
            min.as_secs_f64()
        );
    };
    row("load (read + parse every file)", med, min);
    // The same load from a warm parse cache (written by the first run).
    let cache_dir = std::env::temp_dir().join(format!("cairn-bench-cache-{}", std::process::id()));
    let cache_file = cache_dir.join("parse-cache");
    let mut warm = cairn_core::load::ParseCache::on_disk(&cache_file, "bench");
    let _ = cairn_core::load::load_cached(&source, Some(&mut warm));
    warm.save();
    let (med, min, _) = time(runs, || {
        let mut c = cairn_core::load::ParseCache::on_disk(&cache_file, "bench");
        let ws = cairn_core::load::load_cached(&source, Some(&mut c)).expect("loads");
        assert_eq!(c.hits, ws.files.len() - 1, "every file from the cache");
        ws
    });
    row("load from a warm parse cache", med, min);
    let _ = std::fs::remove_dir_all(&cache_dir);
    let (med, min, diags) = time(runs, || cairn_core::analyze::check::check(&ws, today));
    row(
        &format!("check, all rules incl. forecast ({} findings)", diags.len()),
        med,
        min,
    );
    let (med, min, fc) = time(runs, || cairn_core::analyze::schedule::forecast(&ws, today));
    row("forecast alone", med, min);
    let (med, min, _) = time(runs, || {
        cairn_core::analyze::schedule::workload(&ws, &fc, 6)
    });
    row("workload, 6 weeks", med, min);
    let (med, min, _) = time(runs, || {
        cairn_core::analyze::schedule::chain_heads(&fc.tasks)
    });
    row("critical-chain heads", med, min);
    // The odds: 200 runs of the forecast with velocities drawn from the default spread
    // (the evidence from git is `history --velocity`'s cost, timed by bench/run.sh).
    let evidence = cairn_core::analyze::schedule::Evidence::default();
    let samples: u32 = std::env::var("CAIRN_BENCH_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let (med, min, _) = time(runs.min(3), || {
        cairn_core::analyze::schedule::confidence::simulate(&ws, today, &evidence, samples, 7, None)
    });
    row(&format!("odds, {samples} forecast runs"), med, min);
}
