#!/usr/bin/env bash
# Benchmark cairn on synthetic workspaces; see bench/README.md.
#
#   bench/run.sh                                  # check on 10,000 and 100,000 tasks
#   BENCH_CMDS="check,plan,status" bench/run.sh   # more commands (comma-separated)
#
# Environment (all optional):
#   BENCH_DIR      where workspaces are generated and kept (default: $TMPDIR/cairn-bench)
#   BENCH_SIZES    task counts, space-separated (default: "10000 100000")
#   BENCH_CMDS     commands, separated by "," or ";" (default: check); each runs as
#                  cairn -C DIR --today 2026-11-28 <cmd> --format json
#   BENCH_PEOPLE   people in the generated workspaces (default: 20)
#   BENCH_EDGES    dependency edges (default: tasks / 5)
#   BENCH_GIT      if set, also give each workspace a git history of this many commits
#   BENCH_SEED     generator seed (default: 1)
#   BENCH_RUNS     timed runs per command (default: 5), after one warm-up run
#   BENCH_NO_BUILD=1  skip `cargo build --release`
#   BENCH_BIN      the cairn binary (default: target/release/cairn)
#   BENCH_CACHE    warm (default: the warm-up run fills the parse cache) or cold (no cache)
#   BENCH_WS       an existing workspace to use instead of generated ones
#   BENCH_PREPARE  a shell command run before every run, untimed (e.g. undo an edit)
#   BENCH_FORMAT   the --format each command gets (default: json; "human": none)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
today=2026-11-28
bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/cairn-bench}
sizes=${BENCH_SIZES:-"10000 100000"}
cmds=${BENCH_CMDS:-check}
people=${BENCH_PEOPLE:-20}
edges=${BENCH_EDGES:-}
commits=${BENCH_GIT:-0}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-5}
cache=${BENCH_CACHE:-warm}
prepare=${BENCH_PREPARE:-}
format=${BENCH_FORMAT:-json}
bin=${BENCH_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/cairn}

die() { echo "bench: $*" >&2; exit 2; }

command -v python3 >/dev/null || die "python3 is needed to generate the workspaces"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number"
case $cache in
    warm) unset CAIRN_NO_CACHE ;;
    cold) export CAIRN_NO_CACHE=1 ;;
    *) die "BENCH_CACHE must be warm or cold" ;;
esac
if [[ -n ${BENCH_WS:-} ]]; then
    [[ -f $BENCH_WS/cairn.yaml ]] || die "BENCH_WS: no cairn.yaml in $BENCH_WS"
    BENCH_WS=$(cd "$BENCH_WS" && pwd)
    sizes=$(find "$BENCH_WS/tasks" -name '*.md' 2>/dev/null | wc -l | tr -d ' ')
fi

if [[ ${BENCH_NO_BUILD:-0} != 1 ]]; then
    echo "bench: cargo build --release" >&2
    (cd "$repo" && cargo build --release --quiet) || die "cargo build failed"
fi
[[ -x $bin ]] || die "no cairn binary at $bin (build it, or set BENCH_BIN)"

# Timing tool: hyperfine if installed, else a loop. Memory: GNU time's max RSS.
have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1
gnu_time=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
    gnu_time=/usr/bin/time
fi

mkdir -p "$bench_dir"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench-run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Generate the workspaces that are missing (into DIR.partial, renamed when complete).
workspace_for() {
    local n=$1 name
    if [[ -n ${BENCH_WS:-} ]]; then
        echo "$BENCH_WS"
        return
    fi
    name="ws-${n}t-${people}p-${edges:-auto}e-s${seed}"
    if [[ $commits != 0 ]]; then name+="-${commits}c"; fi
    echo "$bench_dir/$name"
}
for n in $sizes; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIZES: '$n' is not a task count"
    dir=$(workspace_for "$n")
    [[ -f $dir/cairn.yaml ]] && continue
    args=("$dir.partial" --tasks "$n" --seed "$seed" --people "$people" --force)
    if [[ -n $edges ]]; then args+=(--edges "$edges"); fi
    if [[ $commits != 0 ]]; then args+=(--git "$commits"); fi
    echo "bench: generating $dir" >&2
    python3 "$here/gen.py" "${args[@]}"
    mv "$dir.partial" "$dir"
done

# Split BENCH_CMDS on "," and ";" and trim each command.
IFS=',;' read -r -a cmd_list <<<"$cmds"

fmt_kb() { awk -v kb="$1" 'BEGIN { if (kb >= 1048576) printf "%.2f GB", kb / 1048576;
    else if (kb >= 1024) printf "%.0f MB", kb / 1024; else printf "%d KB", kb }'; }

# Runs cairn once; sets rc, secs (wall) and kb (max RSS, or empty).
run_once() {
    local t0 t1
    rc=0
    if [[ -n $prepare ]]; then
        bash -c "$prepare" >/dev/null 2>&1 || die "BENCH_PREPARE failed: $prepare"
    fi
    t0=$EPOCHREALTIME
    if [[ -n $gnu_time ]]; then
        "$gnu_time" -f '%M' -o "$scratch/rss" "$bin" "$@" >/dev/null 2>"$scratch/stderr" || rc=$?
    else
        "$bin" "$@" >/dev/null 2>"$scratch/stderr" || rc=$?
    fi
    t1=$EPOCHREALTIME
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    kb=""
    if [[ -n $gnu_time && -s $scratch/rss ]]; then
        kb=$(grep -Eo '^[0-9]+$' "$scratch/rss" | tail -n 1 || true)
    fi
}

failed=0
rows=()
for n in $sizes; do
    dir=$(workspace_for "$n")
    for raw in "${cmd_list[@]}"; do
        cmd=${raw#"${raw%%[![:space:]]*}"}  # trim
        cmd=${cmd%"${cmd##*[![:space:]]}"}
        [[ -z $cmd ]] && continue
        # shellcheck disable=SC2206  # a command may carry its own arguments
        args=(-C "$dir" --today "$today" $cmd)
        if [[ $format != human ]]; then args+=(--format "$format"); fi
        label="cairn $cmd"
        echo "bench: $n tasks: $label" >&2

        # Warm-up run; it also checks the exit code (1 = findings, fine; 2 = failure).
        run_once "${args[@]}"
        if ((rc > 1)); then
            echo "bench: '$label' on $n tasks exited $rc:" >&2
            head -n 20 "$scratch/stderr" >&2
            rows+=("| $n | \`$label\` | failed (exit $rc) | | |")
            failed=1
            continue
        fi
        # Memory of the timed runs only: the warm-up may fill the cache.
        max_kb=0
        exit_code=$rc

        if ((have_hyperfine)); then
            quoted=$(printf '%q ' "$bin" "${args[@]}")
            hf_prepare=()
            if [[ -n $prepare ]]; then hf_prepare=(--prepare "$prepare"); fi
            hyperfine --warmup 1 --runs "$runs" --ignore-failure --style basic \
                "${hf_prepare[@]}" --export-json "$scratch/hf.json" "$quoted" >&2
            read -r mean sd min < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f %.3f" % (r["mean"], r["stddev"] or 0, r["min"]))' "$scratch/hf.json")
            # hyperfine does not report memory everywhere: take it from extra GNU time runs.
            if [[ -n $gnu_time ]]; then
                for ((i = 0; i < 2; i++)); do
                    run_once "${args[@]}"
                    if ((${kb:-0} > max_kb)); then max_kb=$kb; fi
                done
            fi
        else
            times=()
            for ((i = 0; i < runs; i++)); do
                run_once "${args[@]}"
                if ((rc > 1)); then
                    echo "bench: '$label' on $n tasks exited $rc on run $((i + 1))" >&2
                    failed=1
                fi
                times+=("$secs")
                if ((${kb:-0} > max_kb)); then max_kb=$kb; fi
            done
            read -r mean sd min < <(printf '%s\n' "${times[@]}" | awk '
                { s += $1; ss += $1 * $1; if (NR == 1 || $1 < m) m = $1 }
                END { mu = s / NR; v = ss / NR - mu * mu; if (v < 0) v = 0;
                      printf "%.3f %.3f %.3f\n", mu, sqrt(v), m }')
        fi
        rss="n/a"
        ((max_kb > 0)) && rss=$(fmt_kb "$max_kb")
        rows+=("| $n | \`$label\` | $mean s ± $sd (min $min) | $rss | $exit_code |")
    done
done

tool="a loop of $runs runs"
if ((have_hyperfine)); then tool="hyperfine, $runs runs"; fi
history=""
if [[ $commits != 0 ]]; then history=", $commits commits of git history"; fi
echo
cache_note="warm parse cache"
if [[ $cache == cold ]]; then cache_note="no parse cache (CAIRN_NO_CACHE=1)"; fi
what="$people people, ${edges:-tasks/5} dependency edges, seed $seed$history"
if [[ -n ${BENCH_WS:-} ]]; then what="workspace $BENCH_WS"; fi
echo "cairn benchmark: $(nproc 2>/dev/null || echo '?') cores, $tool after 1 warm-up," \
    "--today $today, $cache_note, $what"
echo
fmt_note="+ \`--format $format\`"
if [[ $format == human ]]; then fmt_note="human output"; fi
echo "| tasks | command ($fmt_note) | mean wall time | max RSS | exit |"
echo "|------:|---------|---------------:|--------:|-----:|"
printf '%s\n' "${rows[@]}"
exit $((failed ? 2 : 0))
