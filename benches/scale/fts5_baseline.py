#!/usr/bin/env python3
"""SQLite FTS5 baseline for the scale benchmark (issue 5).

Indexes the same sections supportkb indexes (exported with
`supportkb index --corpus DIR --export-sections FILE.jsonl`, one JSON section per line) into an FTS5
table on disk, ranks with bm25 (heading and title weighted over body, as supportkb does), and prints
one JSON object of figures on stdout.

Phases, each in its own process so that peak RSS (ru_maxrss) belongs to that phase alone:

  build   --sections S.jsonl --db D.sqlite           full build from scratch (DB file replaced)
  update  --sections S.jsonl --db D.sqlite --doc X   delete and re-insert one document's sections
  search  --db D.sqlite --queries Q.txt [--rounds N] run every query (top 10 with snippet), p50/p99

The build figure covers reading the JSONL, inserting and committing; it does NOT include parsing
markdown (supportkb's figure does), which favours SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import sys
import time

SCHEMA = """
CREATE VIRTUAL TABLE sections USING fts5(
    doc UNINDEXED,
    anchor UNINDEXED,
    title,
    heading,
    body,
    markdown UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

# bm25 column weights, in table column order: doc, anchor, title, heading, body, markdown.
BM25 = "bm25(sections, 0.0, 0.0, 1.5, 2.5, 1.0, 0.0)"

TOKEN = re.compile(r"[0-9A-Za-z\u00c0-\uffff]+")


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def read_sections(path: str):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                s = json.loads(line)
                yield (s["doc"], s["anchor"], s["title"], s["heading"], s["text"], s["markdown"])
            except (json.JSONDecodeError, KeyError) as err:
                sys.exit(f"{path}:{n}: not a section: {err}")


def fts_query(text: str) -> str | None:
    """A user's text as an FTS5 query: every word as a quoted term, OR-ed (bm25 ranks by how many match);
    the last word also as a prefix, as supportkb treats the word being typed."""
    words = TOKEN.findall(text.lower())
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    if len(words[-1]) >= 3:
        terms.append(f'"{words[-1]}"*')
    return " OR ".join(terms)


def build(args) -> dict:
    if os.path.exists(args.db):
        os.remove(args.db)
    start = time.perf_counter()
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(SCHEMA)
    count = 0
    batch = []
    for row in read_sections(args.sections):
        batch.append(row)
        if len(batch) >= 1000:
            db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?)", batch)
            count += len(batch)
            batch.clear()
    db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?)", batch)
    count += len(batch)
    db.commit()
    elapsed = time.perf_counter() - start
    db.close()
    return {
        "phase": "build",
        "sections": count,
        "seconds": round(elapsed, 4),
        "db_bytes": os.path.getsize(args.db),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def update(args) -> dict:
    rows = [r for r in read_sections(args.sections) if r[0] == args.doc]
    if not rows:
        sys.exit(f"{args.sections}: no section of document {args.doc!r}")
    db = sqlite3.connect(args.db)
    start = time.perf_counter()
    db.execute("DELETE FROM sections WHERE doc = ?", (args.doc,))
    db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    elapsed = time.perf_counter() - start
    db.close()
    return {"phase": "update", "doc": args.doc, "sections": len(rows), "ms": round(elapsed * 1000, 3)}


def percentile(sorted_values, p: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(p / 100.0 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def search(args) -> dict:
    with open(args.queries, encoding="utf-8") as f:
        queries = [q.strip() for q in f if q.strip() and not q.startswith("#")]
    db = sqlite3.connect(args.db)
    sql = (
        "SELECT doc, anchor, title, heading, "
        "snippet(sections, 4, '<mark>', '</mark>', '…', 24) "
        f"FROM sections WHERE sections MATCH ? ORDER BY {BM25} LIMIT 10"
    )
    latencies = []
    hits = 0
    total_start = time.perf_counter()
    for _ in range(args.rounds):
        for q in queries:
            start = time.perf_counter()
            expr = fts_query(q)
            rows = db.execute(sql, (expr,)).fetchall() if expr else []
            latencies.append((time.perf_counter() - start) * 1000.0)
            hits += 1 if rows else 0
    total = time.perf_counter() - total_start
    db.close()
    latencies.sort()
    return {
        "phase": "search",
        "queries": len(queries) * args.rounds,
        "answered": hits,
        "p50_ms": round(percentile(latencies, 50), 3),
        "p99_ms": round(percentile(latencies, 99), 3),
        "qps": round(len(latencies) / total, 1) if total > 0 else 0.0,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="phase", required=True)
    b = sub.add_parser("build")
    b.add_argument("--sections", required=True)
    b.add_argument("--db", required=True)
    u = sub.add_parser("update")
    u.add_argument("--sections", required=True)
    u.add_argument("--db", required=True)
    u.add_argument("--doc", required=True)
    s = sub.add_parser("search")
    s.add_argument("--db", required=True)
    s.add_argument("--queries", required=True)
    s.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    result = {"build": build, "update": update, "search": search}[args.phase](args)
    result["sqlite"] = sqlite3.sqlite_version
    print(json.dumps(result))


if __name__ == "__main__":
    main()
