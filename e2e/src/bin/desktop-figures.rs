//! Measures the desktop figures of `docs/benchmarks.md` (run it with `make desktop-figures`, under Xvfb):
//!
//! * **start to interactive search box**: wall time from just before `exec` to the UI's `app_ready` call
//!   (made in the first animation frame after the search box got focus), read from the app's
//!   `SUPPORTKB_READY epoch_ms=…` line; the empty Tauri 2 window (`--example empty_window`) reports
//!   page-ready the same way;
//! * **idle memory**: PSS summed over the app process and all its descendants (the WebKit web and network
//!   processes), 8 s after ready, for both binaries in the same run;
//! * **keystroke to results painted**: typed through WebDriver one character at a time into the real
//!   app; the UI records, per keystroke, the time from the key event to the animation frame that shows its
//!   results (`window.__supportkb.keystrokeToPaint`).
//!
//! Prints a Markdown table and writes it to `e2e-artifacts/desktop-figures.md`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use supportkb_e2e::{target_dir, wait_for, workspace_root, Driver, Result};

const RUNS: usize = 5;
const IDLE: Duration = Duration::from_secs(8);
const FIGURES_PORT: u16 = 4464;

const QUERIES: &[&str] = &[
    "can i reopen a case closed in june",
    "severity a response time",
    "root cause analysis",
    "data corrupted repair script",
    "who can submit a support request",
    "business hours japan",
    "public preview support",
    "partner delegated admin",
];

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// One launch: time to ready and idle PSS.
struct Launch {
    ready_ms: f64,
    pss_kib: u64,
    processes: usize,
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces; fields after it are space-separated.
    let after = &stat[stat.rfind(')')? + 2..];
    after.split_whitespace().nth(1)?.parse().ok()
}

fn descendants_and_self(root: u32) -> Vec<u32> {
    let all: Vec<u32> = std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let mut tree = vec![root];
    let mut changed = true;
    while changed {
        changed = false;
        for &pid in &all {
            if !tree.contains(&pid) && parent_of(pid).is_some_and(|parent| tree.contains(&parent)) {
                tree.push(pid);
                changed = true;
            }
        }
    }
    tree
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("Pss:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn launch(binary: &Path, args: &[String]) -> Result<Launch> {
    let start = epoch_ms();
    let mut child = Command::new(binary)
        .args(args)
        .env("SUPPORTKB_TIMING", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("starting {}: {error}", binary.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            if let Some(rest) = line.strip_prefix("SUPPORTKB_READY epoch_ms=") {
                let value: f64 = rest
                    .split_whitespace()
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0.0);
                let _ = sender.send(value);
            }
        }
    });
    let ready = match receiver.recv_timeout(Duration::from_secs(30)) {
        Ok(ready) => ready,
        Err(_) => {
            terminate(&mut child);
            return Err(format!("{} did not report ready within 30 s", binary.display()).into());
        }
    };
    std::thread::sleep(IDLE);
    let tree = descendants_and_self(child.id());
    let pss = tree.iter().map(|&pid| pss_kib(pid)).sum();
    terminate(&mut child);
    Ok(Launch {
        ready_ms: ready - start,
        pss_kib: pss,
        processes: tree.len(),
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn keystrokes(app: &Path, data_dir: &Path) -> Result<Vec<f64>> {
    let driver = Driver::start(FIGURES_PORT)?;
    let args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
    let client = driver.session(app, &args).await?;
    let input = wait_for(&client, "#search-input").await?;
    let mut all = Vec::new();
    for query in QUERIES {
        input.clear().await?;
        client
            .execute(
                "window.__supportkb.keystrokeToPaint.length = 0; return 0;",
                vec![],
            )
            .await?;
        for (typed, ch) in query.chars().enumerate() {
            input.send_keys(&ch.to_string()).await?;
            // Wait until this keystroke's results are painted before typing the next one.
            let deadline = Instant::now() + Duration::from_secs(5);
            loop {
                let count = client
                    .execute("return window.__supportkb.keystrokeToPaint.length;", vec![])
                    .await?
                    .as_u64()
                    .unwrap_or(0);
                if count as usize > typed || Instant::now() > deadline {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
        let samples = client
            .execute(
                "return window.__supportkb.keystrokeToPaint.slice();",
                vec![],
            )
            .await?;
        if let Some(samples) = samples.as_array() {
            all.extend(samples.iter().filter_map(serde_json::Value::as_f64));
        }
    }
    client.close().await?;
    Ok(all)
}

fn release_binary(relative: &str, build: &str) -> Result<PathBuf> {
    let path = target_dir().join(relative);
    if !path.is_file() {
        return Err(format!("{} is missing; build it with `{build}`", path.display()).into());
    }
    Ok(path)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let app = release_binary("release/supportkb-desktop", "make build")?;
    let empty = release_binary(
        "release/examples/empty_window",
        "cargo build --release -p supportkb-desktop --example empty_window",
    )?;
    let data = std::env::temp_dir().join(format!("supportkb-figures-{}", std::process::id()));
    let app_args = vec!["--data-dir".to_string(), data.display().to_string()];

    // Warm the page cache once per binary (the very first WebKit start after boot is much slower).
    launch(&app, &app_args)?;
    launch(&empty, &[])?;
    let (mut app_ready, mut app_pss, mut empty_ready, mut empty_pss) =
        (vec![], vec![], vec![], vec![]);
    let mut processes = (0, 0);
    for _ in 0..RUNS {
        let a = launch(&app, &app_args)?;
        let e = launch(&empty, &[])?;
        eprintln!(
            "app: ready {:.0} ms, PSS {} KiB ({} processes) | empty: ready {:.0} ms, PSS {} KiB ({} processes)",
            a.ready_ms, a.pss_kib, a.processes, e.ready_ms, e.pss_kib, e.processes
        );
        processes = (a.processes, e.processes);
        app_ready.push(a.ready_ms);
        app_pss.push(a.pss_kib as f64 / 1024.0);
        empty_ready.push(e.ready_ms);
        empty_pss.push(e.pss_kib as f64 / 1024.0);
    }
    let mut latencies = keystrokes(&app, &data).await?;
    let _ = std::fs::remove_dir_all(&data);
    latencies.sort_by(f64::total_cmp);
    if latencies.is_empty() {
        return Err("no keystroke latencies were recorded".into());
    }

    let (app_ready_m, empty_ready_m) = (median(&mut app_ready), median(&mut empty_ready));
    let (app_pss_m, empty_pss_m) = (median(&mut app_pss), median(&mut empty_pss));
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let report = format!(
        "| Figure | supportkb-desktop | empty Tauri 2 window | target |\n\
         |---|---|---|---|\n\
         | start → interactive search box / page ready, median of {RUNS} (ms) | {app_ready_m:.0} (runs: {}) | {empty_ready_m:.0} (runs: {}) | < 700 |\n\
         | idle PSS, app + WebKit processes, median of {RUNS} (MiB) | {app_pss_m:.0} ({} processes) | {empty_pss_m:.0} ({} processes) | difference < 60 |\n\
         | idle PSS difference (MiB) | {:+.0} | | < 60 |\n\
         | keystroke → results painted, p50 / p95 / max over {} keystrokes (ms) | {:.1} / {:.1} / {:.1} | | p95 < 50 |\n\n\
         Machine: {cpu}, {} cores; Xvfb 1280×800×24; release builds; {}.\n",
        runs(&app_ready),
        runs(&empty_ready),
        processes.0,
        processes.1,
        app_pss_m - empty_pss_m,
        latencies.len(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 95.0),
        percentile(&latencies, 100.0),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        chrono_free_date(),
    );
    println!("{report}");
    let out = workspace_root().join("e2e-artifacts/desktop-figures.md");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, &report)?;
    Ok(())
}

fn runs(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Today's date via `date -u +%F` (avoids a date crate for one label).
fn chrono_free_date() -> String {
    Command::new("date")
        .args(["-u", "+%F"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
