#!/usr/bin/env bash
# Scale benchmark (issue 5): supportkb's persistent index vs SQLite FTS5 on the same corpus and queries.
#
# Usage: benches/scale/run.sh [CORPUS_DIR]   (default: ../shared/corpora/power-platform)
#
# Builds the release CLI once, then, on a private copy of the corpus:
#   1. full build: `supportkb index --rebuild` vs fts5_baseline.py build (sections exported by supportkb,
#      so both index the same text);
#   2. one-file update after appending a paragraph to one file (in-command time and whole process);
#   3. queries (benches/scale/queries.txt, 5 rounds): in process (`index --bench-queries`) vs FTS5;
#      through `search --jsonl` (one process, queries on stdin: per-query took_ms and wall throughput);
#   4. peak RSS of each process (/usr/bin/time -v).
# Prints a table; raw JSON figures are kept in $OUT (default: a temporary folder, printed at the end).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CORPUS=${1:-$ROOT/../shared/corpora/power-platform}
QUERIES=$ROOT/benches/scale/queries.txt
[ -d "$CORPUS" ] || { echo "corpus not found: $CORPUS" >&2; exit 2; }
[ -x /usr/bin/time ] || "$ROOT/scripts/ensure-apt.sh" time
command -v python3 >/dev/null || { echo "python3 is needed for the SQLite FTS5 baseline" >&2; exit 2; }

cargo build --release -p supportkb --bin supportkb >&2
BIN=$ROOT/target/release/supportkb

OUT=${OUT:-$(mktemp -d /tmp/supportkb-scale.XXXXXX)}
mkdir -p "$OUT"
WORK=$OUT/work
rm -rf "$WORK"
mkdir -p "$WORK"
cp -r "$CORPUS" "$WORK/corpus"
export XDG_DATA_HOME=$WORK/xdg   # `search --corpus` keeps its index here, not in the user's data dir
IDX=$WORK/indexes

# rss FILE: peak RSS in MB from a /usr/bin/time -v log.
rss() { awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
# wall FILE: elapsed wall time in seconds from a /usr/bin/time -v log.
wall() { awk '/Elapsed \(wall clock\)/ {n=split($NF,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.3f", s}' "$1"; }

echo "corpus: $CORPUS ($(find "$WORK/corpus" -name '*.md' | wc -l) markdown files, $(du -sh "$WORK/corpus" | cut -f1))" >&2
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -sr)" >&2

# 1. Full build: one warm-up, then 5 runs each; the run with the median in-command time is reported
#    (the machine is shared, so single runs are noisy).
"$BIN" index --corpus "$WORK/corpus" --index-dir "$IDX" --rebuild --json >/dev/null 2>&1
for i in 1 2 3 4 5; do
  /usr/bin/time -v "$BIN" index --corpus "$WORK/corpus" --index-dir "$IDX" --rebuild --json \
    >"$OUT/skb-build.$i.json" 2>"$OUT/skb-build.$i.time"
done
median_run() { # median_run PREFIX KEY: copies the median run (by KEY) to PREFIX.json / PREFIX.time
  python3 - "$1" "$2" <<'PY2'
import json, shutil, sys
prefix, key = sys.argv[1:]
runs = sorted(range(1, 6), key=lambda i: json.load(open(f"{prefix}.{i}.json"))[key])
m = runs[len(runs) // 2]
shutil.copy(f"{prefix}.{m}.json", f"{prefix}.json")
shutil.copy(f"{prefix}.{m}.time", f"{prefix}.time")
vals = [json.load(open(f"{prefix}.{i}.json"))[key] for i in range(1, 6)]
json.dump({"min": min(vals), "max": max(vals)}, open(f"{prefix}.range.json", "w"))
PY2
}
median_run "$OUT/skb-build" seconds
"$BIN" index --corpus "$WORK/corpus" --index-dir "$IDX" --export-sections "$OUT/sections.jsonl" --json \
  >/dev/null 2>"$OUT/export.log"
python3 benches/scale/fts5_baseline.py build --sections "$OUT/sections.jsonl" --db "$WORK/fts5.sqlite" >/dev/null
for i in 1 2 3 4 5; do
  /usr/bin/time -v python3 benches/scale/fts5_baseline.py build --sections "$OUT/sections.jsonl" \
    --db "$WORK/fts5.sqlite" >"$OUT/fts-build.$i.json" 2>"$OUT/fts-build.$i.time"
done
median_run "$OUT/fts-build" seconds

# 2. One-file update.
DOC=power-platform/admin/backup-restore-environments.md
[ -f "$WORK/corpus/$DOC" ] || DOC=$(cd "$WORK/corpus" && find . -name '*.md' -not -path '*/includes/*' | sed 's|^\./||' | sort | head -1)
for i in 1 2 3 4 5; do
  printf '\n## Benchmark edit %s\n\nA paragraph appended by benches/scale/run.sh at %s.\n' "$i" "$(date -u +%FT%T)" \
    >>"$WORK/corpus/$DOC"
  /usr/bin/time -v "$BIN" index --corpus "$WORK/corpus" --index-dir "$IDX" --json \
    >"$OUT/skb-update.$i.json" 2>"$OUT/skb-update.$i.time"
  "$BIN" index --corpus "$WORK/corpus" --index-dir "$IDX" --export-sections "$OUT/sections-after.jsonl" --json \
    >/dev/null 2>>"$OUT/export.log"
  python3 benches/scale/fts5_baseline.py update --sections "$OUT/sections-after.jsonl" --db "$WORK/fts5.sqlite" \
    --doc "$DOC" >"$OUT/fts-update.$i.json"
  cp "$OUT/skb-update.$i.time" "$OUT/fts-update.$i.time"
done
median_run "$OUT/skb-update" seconds
median_run "$OUT/fts-update" ms

# 3. Queries in process, and peak RSS while searching.
/usr/bin/time -v "$BIN" index --corpus "$WORK/corpus" --index-dir "$IDX" --bench-queries "$QUERIES" \
  --bench-rounds 5 --json >"$OUT/skb-search.out" 2>"$OUT/skb-search.time"
tail -n 1 "$OUT/skb-search.out" >"$OUT/skb-search.json"
/usr/bin/time -v python3 benches/scale/fts5_baseline.py search --db "$WORK/fts5.sqlite" --queries "$QUERIES" \
  --rounds 5 >"$OUT/fts-search.json" 2>"$OUT/fts-search.time"

# Through the CLI: `search --corpus --jsonl`, first run builds the persisted index, the second reuses it.
grep -v '^#' "$QUERIES" | grep -v '^$' >"$OUT/queries.plain"
"$BIN" search --corpus "$WORK/corpus" --jsonl <"$OUT/queries.plain" >/dev/null 2>"$OUT/jsonl-first.log" || true
/usr/bin/time -v "$BIN" search --corpus "$WORK/corpus" --jsonl <"$OUT/queries.plain" \
  >"$OUT/jsonl.out" 2>"$OUT/jsonl.time"

python3 - "$OUT" "$(rss "$OUT/skb-build.time")" "$(rss "$OUT/fts-build.time")" \
  "$(wall "$OUT/skb-update.time")" "$(rss "$OUT/skb-search.time")" "$(rss "$OUT/fts-search.time")" \
  "$(wall "$OUT/jsonl.time")" "$(rss "$OUT/jsonl.time")" "$(wall "$OUT/skb-build.time")" "$(wall "$OUT/fts-build.time")" <<'PY'
import json, os, sys
out, skb_build_rss, fts_build_rss, upd_wall, skb_search_rss, fts_search_rss, jsonl_wall, jsonl_rss, skb_build_wall, fts_build_wall = sys.argv[1:]
load = lambda name: json.load(open(f"{out}/{name}"))
sb, fb = load("skb-build.json"), load("fts-build.json")
sbr, fbr, sur, fur = (load(f"{n}.range.json") for n in ("skb-build", "fts-build", "skb-update", "fts-update"))
su, fu = load("skb-update.json"), load("fts-update.json")
ss, fs = load("skb-search.json"), load("fts-search.json")
took = sorted(json.loads(l)["took_ms"] for l in open(f"{out}/jsonl.out") if l.strip())
def pct(v, p):
    import math
    return v[min(len(v), max(1, math.ceil(p / 100 * len(v)))) - 1] if v else 0.0
rows = [
    ("corpus", f"{sb['files']} files, {sb['documents']} documents, {sb['fragments']} fragments, {sb['sections']} sections, {len(sb['skipped'])} skipped", f"{fb['sections']} sections (exported by supportkb)"),
    ("full build (in command, median of 5)", f"{sb['seconds']:.2f} s (parse + index + commit; {sbr['min']:.2f}–{sbr['max']:.2f})", f"{fb['seconds']:.2f} s (insert + commit, no parsing; {fbr['min']:.2f}–{fbr['max']:.2f})"),
    ("full build phases", f"scan {sb['timings']['scan_ms']:.0f} ms, parse {sb['timings']['parse_ms']:.0f} ms, commit {sb['timings']['commit_ms']:.0f} ms", "-"),
    ("full build (whole process)", f"{skb_build_wall} s", f"{fts_build_wall} s"),
    ("index size on disk", f"{sum(os.path.getsize(os.path.join(d, f)) for d, _, fs_ in os.walk(f'{out}/work/indexes') for f in fs_) / 1e6:.1f} MB (tantivy + manifest)", f"{fb['db_bytes'] / 1e6:.1f} MB"),
    ("peak RSS while indexing", f"{skb_build_rss} MB", f"{fts_build_rss} MB"),
    ("one-file update (in command, median of 5)", f"{su['seconds']*1000:.1f} ms ({su['changed']} changed, {su['sections_written']} sections; {sur['min']*1000:.0f}–{sur['max']*1000:.0f} ms)", f"{fu['ms']:.1f} ms ({fu['sections']} sections; {fur['min']:.0f}–{fur['max']:.0f} ms)"),
    ("one-file update phases", f"scan {su['timings']['scan_ms']:.0f} ms, parse {su['timings']['parse_ms']:.0f} ms, commit {su['timings']['commit_ms']:.0f} ms, manifest {su['timings']['manifest_ms']:.0f} ms", "-"),
    ("one-file update (whole process)", f"{float(upd_wall)*1000:.0f} ms", "-"),
    ("queries in process", f"{ss['queries']} queries: p50 {ss['p50_ms']} ms, p99 {ss['p99_ms']} ms, {ss['qps']:.0f} q/s", f"{fs['queries']} queries: p50 {fs['p50_ms']} ms, p99 {fs['p99_ms']} ms, {fs['qps']:.0f} q/s"),
    ("queries via search --jsonl", f"{len(took)} queries: took_ms p50 {pct(took,50):.3f}, p99 {pct(took,99):.3f}; {len(took)/max(float(jsonl_wall),1e-9):.0f} q/s wall incl. start-up", "-"),
    ("peak RSS while searching", f"{skb_search_rss} MB (in process), {jsonl_rss} MB (search --jsonl)", f"{fs['peak_rss_mb']} MB"),
]
w0 = max(len(r[0]) for r in rows); w1 = max(len(r[1]) for r in rows)
print(f"| {'figure':<{w0}} | {'supportkb (tantivy)':<{w1}} | SQLite FTS5 {fb['sqlite']} |")
print(f"|{'-'*(w0+2)}|{'-'*(w1+2)}|---|")
for a, b, c in rows:
    print(f"| {a:<{w0}} | {b:<{w1}} | {c} |")
PY
echo "raw figures: $OUT" >&2
