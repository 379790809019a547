#!/usr/bin/env bash
# Memory of `supportkb ask --jsonl` and `search --jsonl` given one huge line (default 1.5 GB) followed by
# a normal question: the long line must be answered with a `line_too_long` error, the next line answered,
# and the peak RSS must stay near the start-up figure (lines are capped at MAX_LINE_BYTES, 1 MiB, and
# read in 64 KiB chunks). The input is streamed, never written to disk.
# Usage: benches/jsonl_long_line.sh [BYTES] [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES="${1:-1500000000}"
PROFILE="${2:-release}"
if [ "$PROFILE" = release ]; then
    cargo build --release -q -p supportkb
else
    cargo build -q -p supportkb
fi
BIN="${CARGO_TARGET_DIR:-target}/$PROFILE/supportkb"
command -v /usr/bin/time > /dev/null || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
input() {
    head -c "$BYTES" /dev/zero | tr '\0' a
    printf '\n{"policy":"rca","facts":{"published_service_incident":false}}\n'
}
for cmd in "ask --jsonl" "search --jsonl --limit 1"; do
    out="$(mktemp)"
    # shellcheck disable=SC2086
    input | /usr/bin/time -f "%M %e" -o "$out.time" "$BIN" $cmd > "$out"
    read -r rss secs < "$out.time"
    first="$(head -n 1 "$out" | cut -c1-80)"
    lines="$(wc -l < "$out")"
    echo "$cmd: $BYTES-byte line -> $lines answers, peak RSS $((rss / 1024)) MiB, $secs s; first: $first"
    grep -q 'longer than the limit' <(head -n 1 "$out") || { echo "the long line was not refused" >&2; exit 1; }
    [ "$lines" -eq 2 ] || { echo "expected 2 answers" >&2; exit 1; }
    rm -f "$out" "$out.time"
done
