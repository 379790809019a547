#!/bin/bash
# Memory and time of `search --corpus` and `show --corpus` over a folder's persistent index, for two
# builds of the CLI (issue 12 item 14: the index is read, not materialised).
#
# usage: benches/persistent_reading.sh BASE_BIN NEW_BIN [COPIES]
#   BASE_BIN, NEW_BIN  two `supportkb` binaries (e.g. the debug CLI of main and of this branch)
#   COPIES             0: ../shared/corpora/power-platform itself; N: a temporary folder holding N copies
#                      of it (20 copies = 16,980 files). Default 0.
# Prints one line per run: wall time and peak RSS (/usr/bin/time -v), three runs each after a warm-up.
# A binary whose `show` has no --index-dir (before the change) ingests the folder instead.
set -euo pipefail
base=$1 new=$2 copies=${3:-0}
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$here/../shared/corpora/power-platform
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$copies" -gt 0 ]; then
  mkdir -p "$work/folder"
  for i in $(seq -w 1 "$copies"); do cp -r "$corpus" "$work/folder/copy-$i"; done
  corpus=$work/folder
fi
echo "folder: $corpus ($(find "$corpus" -name '*.md' | wc -l) markdown files)"
measure() { # label command...
  /usr/bin/time -v "${@:2}" 2>&1 >/dev/null | awk -v l="$1" '
    /Elapsed/ {t=$NF} /Maximum resident/ {m=$NF} END {printf "%s: %s wall, %.1f MB peak RSS\n", l, t, m/1024}'
}
for which in base new; do
  bin=${!which}
  idx=$work/index-$which
  "$bin" index --corpus "$corpus" --index-dir "$idx" >/dev/null 2>&1
  doc=$("$bin" search --json --corpus "$corpus" --index-dir "$idx" dataverse 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["doc"])')
  show=(show --corpus "$corpus" --index-dir "$idx" "$doc")
  "$bin" "${show[@]}" >/dev/null 2>&1 || show=(show --corpus "$corpus" "$doc")
  for run in 1 2 3; do
    measure "$which search --corpus" "$bin" search --corpus "$corpus" --index-dir "$idx" "dataverse environment"
  done
  for run in 1 2 3; do
    measure "$which ${show[*]:0:1} $doc" "$bin" "${show[@]}"
  done
done
