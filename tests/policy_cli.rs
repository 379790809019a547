//! `supportkb ask` and `supportkb policies` through the binary: exit codes, `--jsonl` error lines,
//! flags derived from the policy description, and snapshots of `ask --json` answers.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the binary with `args`, writing `stdin` to it.
pub(crate) fn supportkb(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn ask_json(question: &str) -> serde_json::Value {
    let o = supportkb(&["ask", "--json", "--today", "2026-09-01"], question);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn ask_json_snapshots() {
    let questions = [
        (
            "reopen_can_reopen",
            r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_build":true,"same_hardware":true,"updates_installed_since_close":false,"same_error":true,"same_environment":true,"same_user":true,"new_error_after_fix":false}}"#,
        ),
        (
            "reopen_one_failing_condition",
            r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_build":false}}"#,
        ),
        (
            "reopen_need_more_facts",
            r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_build":true,"updates_installed_since_close":false}}"#,
        ),
        (
            "reopen_month_end_clamp",
            r#"{"policy":"reopen","facts":{"closed_on":"2025-11-30","as_of":"2026-02-28"}}"#,
        ),
        (
            "rca_may_be_available",
            r#"{"policy":"rca","facts":{"published_service_incident":true,"multiple_customers_or_services_affected":true}}"#,
        ),
        (
            "data_corruption_script",
            r#"{"policy":"data_corruption","facts":{"request":"run_script","script_tested_in_uat":true}}"#,
        ),
        (
            "severity_a_no_commitment",
            r#"{"policy":"severity","facts":{"severity":"A","commits_to_24x7":false}}"#,
        ),
        (
            "support_scope_standard_advisory",
            r#"{"policy":"support_scope","facts":{"plan":"standard","request_type":"advisory"}}"#,
        ),
        (
            "submit_request_end_user",
            r#"{"policy":"submit_request","facts":{"role":"end_user"}}"#,
        ),
        (
            "preview_public_break_fix",
            r#"{"policy":"preview","facts":{"kind":"public","request_type":"break_fix"}}"#,
        ),
    ];
    let more = [
        (
            "response_time_mexico_region_reading",
            r#"{"policy":"response_time","facts":{"plan":"standard","severity":"C","submitted_at":"2026-11-23T08:00:00-06:00","country":"MX","time_zone":"America/Mexico_City"}}"#,
        ),
        (
            "data_corruption_untested_script_not_addressed",
            r#"{"policy":"data_corruption","facts":{"request":"run_script","script_tested_in_uat":false}}"#,
        ),
        (
            "severity_b_default_access",
            r#"{"policy":"severity","facts":{"severity":"B","adequate_resources":true,"rca_requested":false,"customized":false,"resolution_pending_on_customer":false}}"#,
        ),
    ];
    for (name, q) in questions.into_iter().chain(more) {
        insta::assert_json_snapshot!(name, ask_json(q));
    }
}

#[test]
fn ask_json_bad_question_exits_2_with_one_error_line() {
    for q in [
        r#"{"policy":"nope","facts":{}}"#,
        r#"{"policy":"reopen","facts":{"closed_on":"2026-13-01"}}"#,
        r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","as_of":"2026-08-01"}}"#,
        "",
    ] {
        let o = supportkb(&["ask", "--json"], q);
        assert_eq!(o.status.code(), Some(2), "{q}");
        assert!(stdout(&o).is_empty(), "{q}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{q}: {err}");
        let v: serde_json::Value = serde_json::from_str(&err).unwrap();
        assert!(
            v["error"]["kind"].is_string() && v["error"]["message"].is_string(),
            "{err}"
        );
    }
}

/// A batch far larger than one round of parallel answering (lines are answered on all cores, many
/// at a time): every answer still comes back in the order of its question, and a bad line's error
/// names its own line number.
#[test]
fn ask_jsonl_keeps_the_order_of_ten_thousand_questions_answered_in_parallel() {
    let mut input = String::new();
    for i in 0..10_000u32 {
        match i % 4 {
            // Closed on a different day each time (2019 to 2025): the answer says which.
            0 => input.push_str(&format!(
                "{{\"policy\":\"reopen\",\"facts\":{{\"closed_on\":\"{}\",\"as_of\":\"2026-09-01\"}}}}\n",
                chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Days::new(u64::from(i / 4))
            )),
            1 => input.push_str("not json\n"),
            2 => input.push_str("{\"policy\":\"rca\",\"facts\":{\"published_service_incident\":false}}\n"),
            _ => input.push('\n'),
        }
    }
    let o = supportkb(&["ask", "--jsonl", "--today", "2026-09-01"], &input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 10_000);
    for (i, line) in lines.iter().enumerate() {
        match i % 4 {
            0 => {
                let closed = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap()
                    + chrono::Days::new(i as u64 / 4);
                assert_eq!(
                    line["details"]["closed_on"],
                    closed.to_string(),
                    "line {}",
                    i + 1
                );
            }
            2 => assert_eq!(line["policy"], "rca", "line {}", i + 1),
            _ => {
                let message = line["error"]["message"].as_str().unwrap_or_default();
                assert_eq!(line["error"]["kind"], "invalid_json", "line {}", i + 1);
                if i % 4 == 3 {
                    assert!(
                        message.starts_with("empty line"),
                        "line {}: {message}",
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn ask_jsonl_answers_every_line_in_order_and_reports_bad_lines_in_place() {
    let input = [
        r#"{"policy":"reopen","facts":{"closed_on":"2026-08-12","same_build":false}}"#,
        r#"{"policy":"nope"}"#,
        r#"{"policy":"reopen","facts":{"same_build":"maybe"}}"#,
        r#"{"policy":"reopen","facts":{"closed_on":"2026-02-30"}}"#,
        r#"{"policy":"response_time","facts":{"time_zone":"Nowhere/City"}}"#,
        r#"{"policy":"severity","facts":{"severity":"Z"}}"#,
        "this is not json",
        "",
        r#"{"policy":"rca","facts":{"published_service_incident":false}}"#,
    ]
    .join("\n");
    let o = supportkb(
        &["ask", "--jsonl", "--today", "2026-09-01"],
        &format!("{input}\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(lines[0]["verdict"], "new_incident_required");
    let kinds: Vec<&str> = lines[1..8]
        .iter()
        .map(|l| l["error"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "unknown_policy",
            "wrong_type",
            "invalid_date",
            "invalid_time_zone",
            "unknown_value",
            "invalid_json",
            "invalid_json"
        ]
    );
    assert_eq!(lines[2]["error"]["field"], "same_build");
    assert_eq!(lines[8]["verdict"], "not_available");
}

#[test]
fn ask_with_flags_derived_from_the_description() {
    let o = supportkb(
        &[
            "ask",
            "--today",
            "2026-09-01",
            "reopen",
            "--closed-on",
            "2026-08-12",
            "--same-build",
            "yes",
            "--same-hardware",
            "yes",
            "--updates-installed-since-close",
            "no",
            "--same-error",
            "yes",
            "--same-environment",
            "yes",
            "--same-user",
            "unknown",
            "--new-error-after-fix",
            "no",
        ],
        "",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Verdict: need_more_facts"), "{out}");
    assert!(
        out.contains("reopening-incidents.md#closed-three-months"),
        "{out}"
    );
    assert!(out.contains("Missing facts: --same-user"), "{out}");
    assert!(out.contains("What would change the answer:"), "{out}");

    let o = supportkb(
        &[
            "ask",
            "support_scope",
            "--plan",
            "standard",
            "--request-type",
            "advisory",
            "--json",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["verdict"], "not_covered");

    // Bad values are usage errors (exit 2) that name the flag.
    let o = supportkb(&["ask", "reopen", "--same-build", "maybe"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--same-build"), "{}", stderr(&o));
    let o = supportkb(&["ask", "reopen", "--closed-on", "tomorrow"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("closed_on"), "{}", stderr(&o));
    let o = supportkb(&["ask", "nope"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown policy"), "{}", stderr(&o));

    // Every fact of every policy has its flag in --help.
    let o = supportkb(&["ask", "severity", "--help"], "");
    assert!(o.status.success());
    for flag in [
        "--severity",
        "--access",
        "--commits-to-24x7",
        "--resolution-pending-on-customer",
    ] {
        assert!(stdout(&o).contains(flag), "{flag}");
    }
}

#[test]
fn policies_json_describes_every_fact() {
    let o = supportkb(&["policies", "--json"], "");
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let reopen = v
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "reopen")
        .unwrap();
    let as_of = reopen["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "as_of")
        .unwrap();
    assert_eq!(as_of["type"], "date");
    assert_eq!(as_of["default"], "today");
    assert!(reopen["rules"][0]["quote"].is_string());
    assert!(reopen["rules"][0]["cites"]["anchor"].is_string());

    let o = supportkb(&["policies"], "");
    assert!(stdout(&o).contains("--closed-on"));
}

#[test]
fn ask_jsonl_answers_each_line_before_the_next_one_arrives() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(["ask", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for _ in 0..2 {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            tx.send(line).unwrap();
        }
    });
    let timeout = std::time::Duration::from_secs(20);
    writeln!(
        stdin,
        r#"{{"policy":"rca","facts":{{"published_service_incident":false}}}}"#
    )
    .unwrap();
    stdin.flush().unwrap();
    // Stdin stays open: the answer must come anyway.
    let first = rx
        .recv_timeout(timeout)
        .expect("first answer while stdin is open");
    assert!(first.contains("not_available"), "{first}");
    writeln!(stdin, r#"{{"policy":"nope"}}"#).unwrap();
    stdin.flush().unwrap();
    let second = rx
        .recv_timeout(timeout)
        .expect("second answer while stdin is open");
    assert!(second.contains("unknown_policy"), "{second}");
    drop(stdin);
    reader.join().unwrap();
    assert!(child.wait().unwrap().success());
}

/// Runs the binary with `stdin` as raw bytes (not necessarily UTF-8), written from a thread so a large
/// input cannot deadlock against the answers.
fn supportkb_bytes(args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_supportkb"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

const RCA: &str = r#"{"policy":"rca","facts":{"published_service_incident":false}}"#;

#[test]
fn ask_jsonl_goes_on_after_a_line_of_invalid_utf8() {
    let mut input = format!("{RCA}\n").into_bytes();
    input.extend(b"{\"policy\":\"rca\",\"facts\":{\"x\xff\":1}}\n\xc3\n");
    input.extend(format!("{RCA}\n").into_bytes());
    let o = supportkb_bytes(&["ask", "--jsonl"], input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "not_available");
    for (i, line) in [(2, &lines[1]), (3, &lines[2])] {
        assert_eq!(line["error"]["kind"], "invalid_json");
        let message = line["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("line {i}")) && message.contains("UTF-8"),
            "{message}"
        );
    }
    assert_eq!(lines[3]["verdict"], "not_available");
}

#[test]
fn ask_jsonl_answers_an_error_for_a_line_over_the_cap_and_goes_on() {
    let mut input = format!("{RCA}\n").into_bytes();
    // A valid question padded past the cap with spaces: refused for its length, not parsed.
    input.extend(br#"{"policy":"rca","facts":{}}"#);
    input.extend(vec![b' '; 2 << 20]);
    input.extend(format!("\n{RCA}").into_bytes());
    let o = supportkb_bytes(&["ask", "--jsonl"], input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[1]["error"]["kind"], "invalid_json");
    let message = lines[1]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("line 2") && message.contains("longer than"),
        "{message}"
    );
    assert_eq!(lines[2]["verdict"], "not_available");
}

/// Every error of a question whose values are huge is short: values are echoed clipped.
#[test]
fn huge_values_are_echoed_clipped_in_errors() {
    // Under the 1 MiB cap of a question, so the policy engine itself must clip what it quotes.
    let huge = "k".repeat(500_000);
    let questions = [
        format!(r#"{{"policy":"rca","facts":{{"{huge}":true}}}}"#),
        format!(r#"{{"policy":"{huge}","facts":{{}}}}"#),
        format!(r#"{{"policy":"reopen","facts":{{"closed_on":"{huge}"}}}}"#),
        format!(r#"{{"policy":"reopen","facts":{{"same_build":"{huge}"}}}}"#),
        format!(r#"{{"policy":"severity","facts":{{"severity":"{huge}"}}}}"#),
        format!(r#"{{"policy":"response_time","facts":{{"time_zone":"{huge}"}}}}"#),
        format!(r#"{{"policy":"rca","facts":"{huge}"}}"#),
        format!(r#"{{"policy":"rca","facts":{{}},"{huge}":1}}"#),
    ];
    for question in &questions {
        let o = supportkb(&["ask", "--json"], question);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(err.len() < 2_000, "{} bytes: {}", err.len(), &err[..300]);
        let v: serde_json::Value = serde_json::from_str(&err).unwrap();
        assert!(v["error"]["message"].is_string(), "{err}");
    }
    let o = supportkb_bytes(&["ask", "--jsonl"], questions.join("\n").into_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), questions.len());
    assert!(o.stdout.len() < 2_000 * questions.len());

    // The command line too (an argument is at most 128 KiB on Linux).
    let long = "x".repeat(100_000);
    for args in [
        vec!["ask", long.as_str()],
        vec!["ask", "reopen", "--closed-on", long.as_str()],
        vec!["ask", "response_time", "--time-zone", long.as_str()],
    ] {
        let o = supportkb(&args, "");
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stderr.len() < 2_000, "{} bytes", o.stderr.len());
    }
}

#[test]
fn policy_errors_never_echo_control_characters_to_the_terminal() {
    for args in [
        vec!["ask", "re\x1b]0;pwned\x07open"],
        vec!["ask", "reopen", "--closed-on", "\x1b]52;c;ZXZpbA==\x07"],
        vec!["ask", "response_time", "--time-zone", "\u{9b}2J"],
    ] {
        let o = supportkb(&args, "");
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("\\u{"), "escaped visibly: {err}");
        assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    }
    // JSON errors keep the exact value, escaped by JSON (C1 too).
    let o = supportkb(
        &["ask", "--json"],
        "{\"policy\":\"reopen\u{9b}2J\",\"facts\":{}}",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).chars().any(|c| c.is_control() && c != '\n'));
    assert!(stderr(&o).contains("\\u009b"), "{}", stderr(&o));
}

#[test]
fn ask_json_refuses_a_question_over_the_cap_or_not_utf8() {
    let mut padded = br#"{"policy":"rca","facts":{}}"#.to_vec();
    padded.extend(vec![b' '; 2 << 20]);
    let o = supportkb_bytes(&["ask", "--json"], padded);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(v["error"]["kind"], "invalid_json");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("longer than"));

    let o = supportkb_bytes(&["ask", "--json"], b"{\"policy\":\"rca\xff\"}".to_vec());
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(v["error"]["kind"], "invalid_json");
}
