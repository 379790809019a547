#!/usr/bin/env bash
# Answers per second through `supportkb ask --jsonl` (release build, one process; it answers on all cores):
# generates N questions (default 1,000,000) of one policy, pipes them through the CLI and reports wall
# time and answers/s.
#   reopen (default): a mix of decided and undecided questions;
#   response_time: plans × severities × access, submitted at all hours from 21 to 31 March 2026 in six regions'
#   time zones (business-hours deadlines across weekends and DST changes, around-the-clock ones);
#   editions: response_time questions of both editions, each routed by its own submission date (2021 plans
#   and severities in March 2021, 2025 ones in March 2026; every eighth names its edition).
# Usage: benches/ask_jsonl.sh [N] [reopen|response_time|editions]
# The answers (~2.7 KB each for response_time) are written to a file under $TMPDIR (default /tmp); on a
# small VM writing gigabytes to disk can dominate: TMPDIR=/dev/shm keeps them in memory.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
POLICY="${2:-reopen}"
case "$POLICY" in reopen|response_time|editions) ;; *) echo "unknown policy $POLICY (reopen, response_time or editions)" >&2; exit 2 ;; esac
cargo build --release -q -p supportkb
BIN="${CARGO_TARGET_DIR:-target}/release/supportkb"
INPUT="$(mktemp)"
OUTPUT="$(mktemp)"
trap 'rm -f "$INPUT" "$OUTPUT"' EXIT
python3 - "$N" "$POLICY" > "$INPUT" <<'PY'
import json, sys
n, policy = int(sys.argv[1]), sys.argv[2]
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
if policy == "response_time":
    places = [("DE", "Europe/Berlin", "+01:00"), ("US", "America/New_York", "-05:00"), ("JP", "Asia/Tokyo", "+09:00"),
              ("GB", "Europe/London", "+00:00"), ("IN", "Asia/Kolkata", "+05:30"), ("AU", "Australia/Sydney", "+11:00")]
    lines = []
    for i in range(512):
        country, zone, offset = places[i % len(places)]
        plan = ["standard", "prodirect", "unified_enterprise"][i % 3]
        severity = ["A", "B", "C"][(i // 3) % 3]
        facts = {"plan": plan, "severity": severity, "country": country, "time_zone": zone,
                 "submitted_at": "2026-03-%02dT%02d:%02d:00%s" % (21 + i % 11, i % 24, (i * 7) % 60, offset)}
        if severity == "B":
            facts["access"] = "24x7" if i % 2 else "business_hours"
        lines.append(json.dumps({"policy": "response_time", "facts": facts}, separators=(",", ":")))
if policy == "editions":
    places = [("DE", "Europe/Berlin", "+01:00"), ("US", "America/New_York", "-05:00"), ("JP", "Asia/Tokyo", "+09:00"),
              ("FR", "Europe/Paris", "+01:00"), ("SG", "Asia/Singapore", "+08:00"), ("BR", "America/Sao_Paulo", "-03:00")]
    cells_2021 = [("subscription", "A"), ("subscription", "B"), ("subscription", "C"), ("prodirect", "A"), ("prodirect", "B"),
                  ("prodirect", "C"), ("premier", "A"), ("premier", "B"), ("premier", "C"), ("unified_core", "critical"),
                  ("unified_advanced", "standard"), ("unified_performance", "critical"), ("unified_performance", "standard")]
    lines = []
    for i in range(512):
        country, zone, offset = places[i % len(places)]
        if i % 2:
            plan, severity = cells_2021[(i // 2) % len(cells_2021)]
            year = 2021
        else:
            plan = ["standard", "prodirect", "unified_enterprise"][(i // 2) % 3]
            severity = ["A", "B", "C"][(i // 6) % 3]
            year = 2026
        facts = {"plan": plan, "severity": severity, "country": country, "time_zone": zone,
                 "submitted_at": "%d-03-%02dT%02d:%02d:00%s" % (year, 1 + i % 11, i % 24, (i * 7) % 60, offset)}
        question = {"policy": "response_time", "facts": facts}
        if i % 8 == 0:
            question["policy_version"] = "2021-01-26" if year == 2021 else "2025-07-31"
        lines.append(json.dumps(question, separators=(",", ":")))
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
if errors:
    sys.exit("some questions were answered with an error: the figure does not count")
PY
