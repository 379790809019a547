#!/usr/bin/env bash
# Answers per second through `supportkb ask --jsonl` (release build, one process, one core):
# generates N questions (default 1,000,000; a mix of decided and undecided `reopen` questions),
# pipes them through the CLI and reports wall time and answers/s.
# Usage: benches/ask_jsonl.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
cargo build --release -q -p supportkb
BIN="${CARGO_TARGET_DIR:-target}/release/supportkb"
INPUT="$(mktemp)"
OUTPUT="$(mktemp)"
trap 'rm -f "$INPUT" "$OUTPUT"' EXIT
python3 - "$N" > "$INPUT" <<'PY'
import json, sys
n = int(sys.argv[1])
bools = ["same_build", "updates_installed_since_close", "same_error", "same_environment", "same_user", "new_error_after_fix"]
good = [True, False, True, True, True, False]
lines = []
for i in range(64):
    facts = {"closed_on": "2026-0%d-%02d" % (1 + i % 8, 1 + i % 28), "as_of": "2026-09-01"}
    for k, (name, g) in enumerate(zip(bools, good)):
        bit = (i >> k) & 1
        if i % 5 == 4 and k == i % 6:
            continue  # leave one fact unknown
        facts[name] = g if bit == 0 else (not g if i % 3 == 0 else g)
    lines.append(json.dumps({"policy": "reopen", "facts": facts}, separators=(",", ":")))
out = sys.stdout
for i in range(n):
    out.write(lines[i % len(lines)])
    out.write("\n")
PY
start=$(date +%s.%N)
"$BIN" ask --jsonl --today 2026-09-01 < "$INPUT" > "$OUTPUT"
end=$(date +%s.%N)
lines_out=$(wc -l < "$OUTPUT")
errors=$(grep -c '"error"' "$OUTPUT" || true)
python3 - "$start" "$end" "$N" "$lines_out" "$errors" <<'PY'
import sys
start, end, n, out, errors = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
secs = end - start
print(f"{n} questions -> {out} answers ({errors} errors) in {secs:.2f} s: {n / secs:,.0f} answers/s")
PY
