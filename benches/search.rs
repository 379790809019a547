//! Search benches: building the embedded index in memory (target < 50 ms) and query latency over
//! realistic queries (target p99 < 2 ms). Criterion reports means; a manual loop at the end prints
//! p50/p99 too. Run: `cargo bench -p supportkb --bench search`.

// A bench that cannot build its index has nothing to measure: a failed unwrap is the bench failing.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use supportkb::search::SectionIndex;
use supportkb::{corpus, embedded_synonyms, Engine};

/// Queries as users type them: questions, typos, prefixes, phrases, synonyms.
const QUERIES: &[&str] = &[
    "can I reopen a case closed in June?",
    "corupted data",
    "who can open a ticket",
    "sev a 24/7",
    "is beta supported",
    "rca for my tenant",
    "posting sales orders slow",
    "delegated admin partner support",
    "reop",
    "corup",
    "\"three or more months\"",
    "business hours japan",
    "how fast does microsoft respond to a critical outage",
    "busines hours japn",
    "what is break fix",
    "",
];

fn build_index(
    sections: &[corpus::Section],
    synonyms: &Arc<supportkb::search::Synonyms>,
) -> SectionIndex {
    let index = SectionIndex::in_memory(Arc::clone(synonyms)).unwrap();
    let mut writer = index.writer().unwrap();
    for section in sections {
        index.add_section(&writer, section, "embedded").unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    index
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort_unstable();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.99), at(1.0))
}

fn benches(c: &mut Criterion) {
    let sections: Vec<corpus::Section> = corpus::embedded()
        .documents
        .into_iter()
        .flat_map(|d| d.sections)
        .collect();
    let synonyms = Arc::new(embedded_synonyms().unwrap());

    c.bench_function("engine_embedded (parse + index)", |b| {
        b.iter(|| black_box(Engine::embedded().unwrap()))
    });
    // The first search of an older edition in a process builds its FAQ's index (Engine::search_edition).
    c.bench_function("engine_embedded_edition 2021-01-26 (parse + index)", |b| {
        b.iter(|| black_box(Engine::embedded_edition("2021-01-26").unwrap()))
    });
    c.bench_function("index_build_embedded (index only)", |b| {
        b.iter(|| black_box(build_index(&sections, &synonyms)))
    });

    let engine = Engine::embedded().unwrap();
    c.bench_function("query_mix (all queries, one pass)", |b| {
        b.iter(|| {
            for q in QUERIES {
                black_box(engine.search(black_box(q), 10));
            }
        })
    });
    let mut group = c.benchmark_group("query");
    for q in QUERIES.iter().filter(|q| !q.is_empty()) {
        group.bench_function(*q, |b| {
            b.iter(|| black_box(engine.search(black_box(q), 10)))
        });
    }
    group.finish();

    // Manual loop for percentiles (criterion reports means).
    let mut samples = Vec::new();
    for _ in 0..300 {
        for q in QUERIES {
            let start = Instant::now();
            black_box(engine.search(q, 10));
            samples.push(start.elapsed());
        }
    }
    let n = samples.len();
    let (p50, p99, max) = percentiles(samples);
    println!("query latency over {n} searches: p50 {p50:?}, p99 {p99:?}, max {max:?}");
    let mut builds = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        black_box(Engine::embedded().unwrap());
        builds.push(start.elapsed());
    }
    let (p50, p99, max) = percentiles(builds);
    println!("Engine::embedded() over 30 builds: p50 {p50:?}, p99 {p99:?}, max {max:?}");
    println!("embedded corpus: {} sections", sections.len());
}

criterion_group! {
    name = search;
    // Short runs: the machine is shared; the manual loop below gives the percentiles.
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(search);
