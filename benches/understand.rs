//! The question parser on every keystroke: `supportkb::human::understand` over questions typed in the
//! desktop search box (policy questions with dates, places and typos, and ordinary searches that must
//! produce no policy), plus `resolve` for a date-time field. Run: `cargo bench -p supportkb --bench
//! understand`. Target: well under 1 ms per question (the keystroke budget is 50 ms to painted results).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use supportkb::human::{resolve, understand, Context};
use supportkb::policy::Registry;

const QUESTIONS: [(&str, &str); 6] = [
    (
        "response_time_full",
        "sev B ProDirect submitted friday 16:30 in Tokyo, when is the response due",
    ),
    ("reopen_relative_date", "can I reopen a case closed 4 months ago"),
    ("rca_typo", "can we get an RCA for a tenant-specfic outage"),
    ("submit_request", "who can open a support request"),
    ("ordinary_search", "sandbox environment refresh"),
    (
        "long_ordinary_search",
        "how to configure the on-premises data gateway for power automate flows with many connectors",
    ),
];

fn bench(c: &mut Criterion) {
    let registry = Registry::embedded().expect("embedded policies are valid");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date");
    let ctx = Context::on(today);
    // The first call compiles the phrase table; measure questions, not that.
    let _ = understand("warm up", registry, &ctx);
    let mut group = c.benchmark_group("understand");
    group.throughput(Throughput::Elements(1));
    for (name, question) in QUESTIONS {
        group.bench_function(name, |b| {
            b.iter(|| understand(black_box(question), registry, &ctx))
        });
    }
    group.finish();
    let spec = registry
        .get("response_time")
        .expect("response_time exists")
        .spec();
    let submitted_at = &spec.facts[spec.fact_index("submitted_at").expect("fact exists")];
    let tokyo = Context {
        time_zone: Some(chrono_tz::Asia::Tokyo),
        ..ctx
    };
    let mut group = c.benchmark_group("resolve");
    group.bench_function("submitted_at_fri_16_30", |b| {
        b.iter(|| resolve(submitted_at, black_box("fri 16:30"), &tokyo))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
