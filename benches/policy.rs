//! Policy benches: answers per second in process for `reopen` (decided and undecided questions, from
//! JSON text to an `Answer`, and with the answer serialized as `ask --jsonl` does) and for
//! `response_time` (one question routed to the 2021 edition by its date). Run: `cargo bench -p supportkb --bench policy`. The end-to-end figure through the
//! CLI is `benches/ask_jsonl.sh`.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use supportkb::policy::Registry;

const REOPEN_DECIDED: &str = r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","as_of":"2026-09-01","same_build":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"same_user":true,"new_error_after_fix":false}}"#;
const REOPEN_ONE_FAILS: &str = r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","as_of":"2026-09-01","same_build":false}}"#;
const REOPEN_UNDECIDED: &str =
    r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","as_of":"2026-09-01"}}"#;
const RESPONSE_TIME: &str = r#"{"policy":"response_time","facts":{"plan":"standard","severity":"C","submitted_at":"2026-11-20T16:00:00+01:00","country":"DE","time_zone":"Europe/Berlin"}}"#;
const RESPONSE_TIME_24X7: &str = r#"{"policy":"response_time","facts":{"plan":"prodirect","severity":"A","submitted_at":"2026-11-21T23:00:00+09:00","country":"JP","time_zone":"Asia/Tokyo"}}"#;
const RESPONSE_TIME_HOLIDAYS: &str = r#"{"policy":"response_time","facts":{"plan":"standard","severity":"B","access":"business_hours","submitted_at":"2026-12-23T16:00:00-08:00","country":"US","time_zone":"America/New_York","holidays":["2026-12-24","2026-12-25","2026-12-31","2027-01-01"]}}"#;
/// Routed to the 2021 edition by its date alone (Asia-Pacific hours at GMT+8, across a weekend).
const RESPONSE_TIME_2021: &str = r#"{"policy":"response_time","facts":{"plan":"prodirect","severity":"B","submitted_at":"2021-03-05T23:30:00+11:00","country":"AU","time_zone":"Australia/Sydney"}}"#;
const RESPONSE_TIME_UNDECIDED: &str =
    r#"{"policy":"response_time","facts":{"plan":"standard","severity":"B"}}"#;

fn bench(c: &mut Criterion) {
    let registry = Registry::embedded().expect("embedded policies are valid");
    let today = NaiveDate::from_ymd_opt(2026, 9, 1).expect("valid date");
    let mut group = c.benchmark_group("policy");
    group.throughput(Throughput::Elements(1));
    for (name, question) in [
        ("reopen_all_known", REOPEN_DECIDED),
        ("reopen_one_failing", REOPEN_ONE_FAILS),
        ("reopen_undecided", REOPEN_UNDECIDED),
        ("response_time_business_hours", RESPONSE_TIME),
        ("response_time_around_the_clock", RESPONSE_TIME_24X7),
        ("response_time_holidays", RESPONSE_TIME_HOLIDAYS),
        ("response_time_undecided", RESPONSE_TIME_UNDECIDED),
        ("response_time_2021_by_date", RESPONSE_TIME_2021),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| registry.ask_json(black_box(question), today))
        });
    }
    let mut out = Vec::with_capacity(4096);
    group.bench_function("reopen_all_known_serialized", |b| {
        b.iter(|| {
            out.clear();
            if let Ok(a) = registry.ask_json(black_box(REOPEN_DECIDED), today) {
                serde_json::to_writer(&mut out, &a).expect("serializes");
            }
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
