#!/usr/bin/env bash
# Times `cairn import todo-txt` of BENCH_ITEMS (default 10,000) items into a fresh
# workspace, BENCH_RUNS (default 3) times, and prints the wall time of each run and the
# number of disk syncs of the last (with strace, when installed). The target: under 3 s,
# one sync for all the staged files however many there are.
set -euo pipefail
cd "$(dirname "$0")/.."
items=${BENCH_ITEMS:-10000}
runs=${BENCH_RUNS:-3}
cargo build --release --locked -q
bin=$PWD/target/release/cairn
work=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench-import.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -c "
for i in range($items):
    print(f'(B) Item number {i} +shop @phone due:2027-01-{i % 28 + 1:02d}')
" >"$work/todo.txt"
echo "| items | run | wall time |"
echo "|------:|----:|----------:|"
for r in $(seq 1 "$runs"); do
    ws="$work/ws$r"
    mkdir -p "$ws"
    git -C "$ws" init -q
    "$bin" -C "$ws" init >/dev/null 2>&1
    start=$(date +%s.%N)
    "$bin" -C "$ws" import todo-txt "$work/todo.txt" >/dev/null 2>&1
    end=$(date +%s.%N)
    printf '| %s | %s | %.2f s |\n' "$items" "$r" "$(echo "$end - $start" | bc)"
done
if command -v strace >/dev/null 2>&1; then
    ws="$work/traced"
    mkdir -p "$ws"
    git -C "$ws" init -q
    "$bin" -C "$ws" init >/dev/null 2>&1
    strace -f -c -e trace=fsync,fdatasync,syncfs -o "$work/strace" \
        "$bin" -C "$ws" import todo-txt "$work/todo.txt" >/dev/null 2>&1 || true
    echo
    echo "syncs during one import:"
    grep -E 'fsync|fdatasync|syncfs' "$work/strace" | awk '{print "  " $NF ": " $(NF-1)}'
fi
