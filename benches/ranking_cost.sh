#!/usr/bin/env bash
# What a change to the engine's ranking costs per query on a large folder: two `supportkb` binaries (before
# and after) answer the 221 queries of benches/scale/queries.txt through `search --corpus DIR --jsonl`
# (the policy FAQ in RAM + the folder's persistent index, hits merged), in alternating rounds so both see
# the same machine load; prints took_ms p50 / p99 / mean of each over all rounds, and the CPU time
# (user + system) of a whole run, median over the rounds (less sensitive than latency to other processes
# on a shared machine; it includes start-up: indexing the FAQ in RAM and opening the folder's index).
#
# Usage: benches/ranking_cost.sh BEFORE_BIN AFTER_BIN [FOLDER] [ROUNDS]
#   FOLDER defaults to ../shared/corpora/power-platform (read in place), ROUNDS to 10.
# Each binary keeps its own index directory under a temporary folder (their schema versions may differ).
set -euo pipefail
BEFORE=${1:?before binary}
AFTER=${2:?after binary}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOLDER=${3:-$ROOT/../shared/corpora/power-platform}
ROUNDS=${4:-10}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
grep -v '^#' "$ROOT/benches/scale/queries.txt" | grep -v '^[[:space:]]*$' >"$WORK/queries"
for name in before after; do
  bin=$BEFORE; [ "$name" = after ] && bin=$AFTER
  # First run builds the folder's index; not measured.
  "$bin" search --corpus "$FOLDER" --index-dir "$WORK/idx-$name" --jsonl <"$WORK/queries" >/dev/null 2>&1
done
for round in $(seq 1 "$ROUNDS"); do
  for name in after before; do
    bin=$BEFORE; [ "$name" = after ] && bin=$AFTER
    /usr/bin/time -f "%U %S" -a -o "$WORK/cpu-$name" \
      "$bin" search --corpus "$FOLDER" --index-dir "$WORK/idx-$name" --jsonl <"$WORK/queries" 2>/dev/null \
      >>"$WORK/took-$name.jsonl"
  done
done
python3 - "$WORK" <<'PY'
import json, math, sys
work = sys.argv[1]
def pct(values, p):
    values = sorted(values)
    return values[max(1, math.ceil(p / 100 * len(values))) - 1]
for name in ("before", "after"):
    took = [json.loads(line)["took_ms"] for line in open(f"{work}/took-{name}.jsonl") if line.strip()]
    cpu = sorted(sum(map(float, line.split())) for line in open(f"{work}/cpu-{name}") if line.strip())
    print(f"{name}: {len(took)} queries, took_ms p50 {pct(took, 50):.2f}, p99 {pct(took, 99):.2f}, "
          f"mean {sum(took) / len(took):.2f}; CPU per run (221 queries + start-up) median "
          f"{cpu[len(cpu) // 2]:.2f} s (min {cpu[0]:.2f})")
PY
