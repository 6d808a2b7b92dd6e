#!/usr/bin/env bash
# A workspace for timing `cairn review`: a copy of a generated workspace SRC as a git
# repository DEST with two commits, the second starting 50 tasks (50 changed files).
#
#   bench/review-ws.sh /tmp/cairn-bench/ws-100000t-20p-autoe-s1 /tmp/cairn-bench/ws-100k-git
set -euo pipefail
src=${1:?usage: review-ws.sh SRC DEST}
dest=${2:?usage: review-ws.sh SRC DEST}
[[ -f $src/cairn.yaml ]] || { echo "review-ws: no cairn.yaml in $src" >&2; exit 2; }
[[ -e $dest ]] && { echo "review-ws: $dest exists" >&2; exit 2; }
cp -r "$src" "$dest"
cd "$dest"
git init -q
git -c user.name=bench -c user.email=bench@example.com add -A
git -c user.name=bench -c user.email=bench@example.com commit -qm "the plan"
grep -rl '^status: todo' tasks | sort | head -n 50 | while read -r f; do
    sed -i.bak 's/^status: todo/status: doing/' "$f" && rm "$f.bak"
done
git -c user.name=bench -c user.email=bench@example.com commit -qam "50 tasks started"
git diff --stat HEAD~1 | tail -n 1
