//! End-to-end: the real `supportkb-desktop` binary in a real WebKitGTK window (under Xvfb), driven through
//! WebDriver. One test walks the main user journeys in one app session (each launch costs a second) and
//! saves a screenshot of every main view to `e2e-artifacts/screenshots/` (`make screenshots` writes them
//! to `docs/screenshots/` for the README instead); a second test restarts the app on the
//! same data folder to check that history and pins survive.
//!
//! Run with `make test-e2e` (builds the app, installs tauri-driver and Xvfb when missing).

use fantoccini::{Client, Locator};
use supportkb_e2e::{
    app_binary, assert_accessible, attribute_of, click, screenshot, screenshots_dir, set_value,
    text_of, wait_for, wait_until, workspace_root, Driver, Result,
};

/// Each test uses its own driver ports so the two can never collide.
const JOURNEY_PORT: u16 = 4444;
const RESTART_PORT: u16 = 4454;

async fn search(client: &Client, query: &str) -> Result<()> {
    let input = wait_for(client, "#search-input").await?;
    input.clear().await?;
    input.send_keys(query).await?;
    Ok(())
}

/// Waits until the results list answers `query` (not one of its prefixes, still on the way) and has a hit
/// for `doc#anchor` among the first `within`; returns its index. (Results re-render on every keystroke, so
/// they are read in one script call, not through element handles.)
async fn wait_for_hit(
    client: &Client,
    query: &str,
    doc: &str,
    anchor: Option<&str>,
    within: usize,
) -> Result<usize> {
    wait_until(&format!("a result for {doc}#{}", anchor.unwrap_or("*")), || async {
        let state = client
            .execute(
                "const list = document.getElementById('results');
                 return [list.dataset.query || '', [...list.querySelectorAll('li.result')].map(li => [li.dataset.doc, li.dataset.anchor])];",
                vec![],
            )
            .await?;
        let (answered, hits): (String, Vec<(String, String)>) = serde_json::from_value(state)?;
        if answered != query {
            return Ok(None);
        }
        Ok(hits
            .iter()
            .take(within)
            .position(|(d, a)| d == doc && anchor.is_none_or(|anchor| anchor == a)))
    })
    .await
}

/// Waits until Settings lists `count` corpora (the built-in FAQ counts as one).
async fn wait_for_corpora(client: &Client, count: usize, what: &str) -> Result<()> {
    wait_until(what, || async {
        Ok((client
            .find_all(Locator::Css("#corpus-list li.corpus"))
            .await?
            .len()
            == count)
            .then_some(()))
    })
    .await
}

async fn verdict(client: &Client) -> Result<String> {
    wait_until("a verdict in the assistant", || async {
        attribute_of(
            client,
            "#view-assistant .answer-card .verdict",
            "data-verdict",
        )
        .await
    })
    .await
}

async fn wait_for_verdict(client: &Client, expected: &str) -> Result<()> {
    wait_until(&format!("verdict {expected}"), || async {
        let current = attribute_of(
            client,
            "#view-assistant .answer-card .verdict",
            "data-verdict",
        )
        .await?;
        Ok((current.as_deref() == Some(expected)).then_some(()))
    })
    .await
}

async fn journeys(client: &Client, shots: &std::path::Path) -> Result<()> {
    // The search box has focus at start (once the page has loaded): typing goes straight into it.
    wait_until("the search box to have focus at start", || async {
        let focused = client
            .execute(
                "return document.activeElement && document.activeElement.id;",
                vec![],
            )
            .await?;
        Ok((focused == serde_json::json!("search-input")).then_some(()))
    })
    .await?;

    // The CSP is in force: no eval, no inline script.
    let csp: serde_json::Value = client
        .execute(
            "let evalResult; try { eval('1'); evalResult = 'allowed'; } catch (e) { evalResult = e.name; }
             const s = document.createElement('script'); s.textContent = 'window.__inline = 1;';
             document.head.appendChild(s);
             return [evalResult, window.__inline === undefined];",
            vec![],
        )
        .await?;
    assert_eq!(
        csp,
        serde_json::json!(["EvalError", true]),
        "eval and inline scripts are blocked"
    );

    // 1. Search: a user's question finds the passage about cases closed three months or more.
    let question = "can I reopen a case closed 4 months ago";
    search(client, question).await?;
    let index = wait_for_hit(
        client,
        question,
        "reopening-incidents.md",
        Some("closed-three-months"),
        3,
    )
    .await?;
    let title = text_of(client, "#results li.result .result-title")
        .await?
        .unwrap_or_default();
    assert!(title.contains('›'), "results show title › heading: {title}");
    let marked = client
        .find_all(Locator::Css("#results li.result .result-snippet mark"))
        .await?;
    assert!(!marked.is_empty(), "snippets highlight the matched words");
    screenshot(client, &shots.join("search.png")).await?;
    assert_accessible(client, "search view").await?;

    // 2. Open it with the keyboard (arrows + Enter) in the reader, scrolled to the passage.
    let input = wait_for(client, "#search-input").await?;
    for _ in 0..index {
        input.send_keys("\u{E015}").await?; // ArrowDown
    }
    input.send_keys("\u{E007}").await?; // Enter
    wait_for(
        client,
        "#view-reader:not([hidden]) #reader-content [data-anchor='closed-three-months'].current",
    )
    .await?;
    let reader_title = text_of(client, "#reader-title").await?.unwrap_or_default();
    assert!(
        reader_title.to_lowercase().contains("reopen"),
        "reader title: {reader_title}"
    );
    let highlighted = client
        .find_all(Locator::Css("#reader-content mark"))
        .await?;
    assert!(
        !highlighted.is_empty(),
        "the query's words are highlighted in the reader"
    );
    let tree = client.find_all(Locator::Css("#topic-tree .topic")).await?;
    assert!(
        tree.len() >= 10,
        "the topic tree lists the FAQ's documents ({})",
        tree.len()
    );
    screenshot(client, &shots.join("reader.png")).await?;
    assert_accessible(client, "reader").await?;

    // Ctrl+K from anywhere comes back to the search box.
    wait_for(client, "#copy-link")
        .await?
        .send_keys("\u{E009}k\u{E009}")
        .await?;
    wait_until("Ctrl+K to focus the search box", || async {
        let state = client
            .execute(
                "return [document.activeElement && document.activeElement.id, !document.getElementById('view-search').hidden];",
                vec![],
            )
            .await?;
        Ok((state == serde_json::json!(["search-input", true])).then_some(()))
    })
    .await?;

    // 3. Assistant: a case closed in June, asked in September → new incident, with a citation link.
    click(client, ".tabs .tab[data-view='assistant']").await?;
    click(client, "#policy-list .policy-item[data-policy='reopen']").await?;
    set_value(client, "#fact-closed_on", "2025-06-01").await?;
    set_value(client, "#fact-as_of", "2025-09-15").await?;
    wait_for_verdict(client, "new_incident_required").await?;
    let cite = wait_for(
        client,
        "#view-assistant .answer-card a.cite[data-anchor='closed-three-months']",
    )
    .await?;
    screenshot(client, &shots.join("assistant-reopen.png")).await?;
    assert_accessible(client, "assistant").await?;
    cite.click().await?;
    wait_for(
        client,
        "#view-reader:not([hidden]) #reader-content [data-anchor='closed-three-months'].current",
    )
    .await?;

    // Unknown facts are allowed: a recent closure with nothing else known needs more facts.
    click(client, ".tabs .tab[data-view='assistant']").await?;
    set_value(client, "#fact-closed_on", "2025-09-01").await?;
    wait_for_verdict(client, "need_more_facts").await?;
    let missing = client
        .find_all(Locator::Css("#view-assistant .missing-facts li"))
        .await?;
    assert!(!missing.is_empty(), "the answer lists the missing facts");

    // Contradictory facts are flagged next to both fields.
    set_value(client, "#fact-same_error", "true").await?;
    set_value(client, "#fact-new_error_after_fix", "true").await?;
    wait_for(
        client,
        "#facts-form .field.has-conflict[data-fact='same_error']",
    )
    .await?;
    wait_for(
        client,
        "#facts-form .field.has-conflict[data-fact='new_error_after_fix']",
    )
    .await?;
    // An input error is said next to its field; the last good answer stays, marked out of date.
    set_value(client, "#fact-as_of", "2025-08-01").await?;
    wait_for(
        client,
        "#facts-form .field.has-error[data-fact='as_of'] .field-message",
    )
    .await?;
    wait_for(client, "#view-assistant .answer-card.stale").await?;
    set_value(client, "#fact-as_of", "2025-09-15").await?;
    wait_for(client, "#view-assistant .answer-card:not(.stale)").await?;
    // What was entered survives a trip to another question; Reset forgets it.
    click(client, "#policy-list .policy-item[data-policy='rca']").await?;
    click(client, "#policy-list .policy-item[data-policy='reopen']").await?;
    let kept = client
        .execute(
            "return document.querySelector('#fact-closed_on').value;",
            vec![],
        )
        .await?;
    assert_eq!(
        kept,
        serde_json::json!("2025-09-01"),
        "the form remembers the closing date"
    );
    click(client, "#reset-facts").await?;
    wait_until("an empty form after Reset", || async {
        let v = client
            .execute(
                "return document.querySelector('#fact-closed_on').value;",
                vec![],
            )
            .await?;
        Ok((v == serde_json::json!("")).then_some(()))
    })
    .await?;

    // 4. Response time: Standard, Severity C, Friday 16:00 in Berlin → a timeline with open hours and the deadline.
    click(
        client,
        "#policy-list .policy-item[data-policy='response_time']",
    )
    .await?;
    set_value(client, "#fact-plan", "standard").await?;
    set_value(client, "#fact-severity", "C").await?;
    set_value(client, "#fact-submitted_at", "2025-09-12T16:00:00+02:00").await?;
    set_value(client, "#fact-country", "DE").await?;
    set_value(client, "#fact-time_zone", "Europe/Berlin").await?;
    wait_for(client, "#view-assistant #timeline svg .tl-deadline").await?;
    let windows = client
        .find_all(Locator::Css("#view-assistant #timeline svg .tl-window"))
        .await?;
    assert!(
        windows.len() >= 2,
        "business-hours windows are shaded ({} found)",
        windows.len()
    );
    let caption = text_of(client, "#view-assistant #timeline figcaption")
        .await?
        .unwrap_or_default();
    assert!(caption.contains("Respond by"), "caption: {caption}");
    assert_eq!(verdict(client).await?, "business_hours");
    screenshot(client, &shots.join("response-time.png")).await?;

    // A Mexican customer: which hours apply is supportkb's reading, shown under the reasons.
    set_value(client, "#fact-country", "MX").await?;
    set_value(client, "#fact-time_zone", "America/Mexico_City").await?;
    let reading = wait_for(
        client,
        "#view-assistant .answer-card .interpretations .interpretation",
    )
    .await?;
    let reading = reading.text().await?;
    assert!(reading.contains("Mexico"), "reading: {reading}");
    screenshot(client, &shots.join("interpretations.png")).await?;
    assert_accessible(client, "assistant with readings").await?;

    // Silence is not a "no": an untested repair script gets the neutral "not addressed" verdict.
    click(
        client,
        "#policy-list .policy-item[data-policy='data_corruption']",
    )
    .await?;
    set_value(client, "#fact-request", "run_script").await?;
    set_value(client, "#fact-script_tested_in_uat", "false").await?;
    wait_for_verdict(client, "not_addressed").await?;
    wait_for(
        client,
        "#view-assistant .answer-card .verdict[data-tone='silent']",
    )
    .await?;

    // Take the answer away: "Copy answer" puts the engine's text on the clipboard (recorded here by a
    // stand-in for the clipboard API), "Copy link" a supportkb:// link that reopens the question.
    client
        .execute(
            "window.__copied = [];
             Object.defineProperty(navigator, 'clipboard', { configurable: true,
               value: { writeText: async (text) => { window.__copied.push(text); } } });
             return true;",
            vec![],
        )
        .await?;
    let copied = |n: usize| async move {
        let v = client.execute("return window.__copied;", vec![]).await?;
        let list: Vec<String> = serde_json::from_value(v).unwrap_or_default();
        supportkb_e2e::Result::Ok(list.get(n).cloned())
    };
    click(client, "#view-assistant .answer-card .copy-answer").await?;
    let text = wait_until("the copied answer", || copied(0)).await?;
    for expected in [
        "Will Microsoft fix our corrupted data?",
        "Not addressed by the policy.",
        "- Script tested in UAT: No",
        "https://learn.microsoft.com/power-platform/admin/support-overview#does-microsoft-provide-support-for-data-corruption",
    ] {
        assert!(text.contains(expected), "copied answer lacks {expected:?}:\n{text}");
    }
    click(client, "#view-assistant .answer-card .copy-question-link").await?;
    let link = wait_until("the copied link", || copied(1)).await?;
    assert!(
        link.starts_with("supportkb://ask/data_corruption?"),
        "link: {link}"
    );
    // Pasting the link in the search box reopens the question.
    click(client, "#policy-list .policy-item[data-policy='rca']").await?;
    set_value(client, "#search-input", &link).await?;
    wait_for(
        client,
        "#view-assistant:not([hidden]) #policy-list .policy-item.active[data-policy='data_corruption']",
    )
    .await?;
    wait_for_verdict(client, "not_addressed").await?;
    set_value(client, "#search-input", "").await?;

    // The partner asks in words in the search box: an answer card shows what was understood and the
    // verdict; opened in the assistant, the severity is changed and the answer copied.
    search(
        client,
        "sev B ProDirect submitted friday 16:30 in Tokyo, when is the response due",
    )
    .await?;
    wait_for(
        client,
        "#understood .understood-card[data-policy='response_time'] .verdict",
    )
    .await?;
    // The zone is named in words, never by its id.
    let understood = wait_until("the understood facts, the zone in words", || async {
        Ok(text_of(client, "#understood .understood-facts")
            .await?
            .filter(|text| text.contains("Tokyo time")))
    })
    .await?;
    for expected in [
        "Severity B",
        "Professional Direct",
        "16:30",
        "Tokyo time (UTC+09:00)",
    ] {
        assert!(understood.contains(expected), "understood: {understood}");
    }
    assert!(
        !understood.contains("Asia/Tokyo"),
        "understood: {understood}"
    );
    screenshot(client, &shots.join("ask-in-words.png")).await?;
    assert_accessible(client, "search view with an answer card").await?;
    click(client, "#understood .open-in-assistant").await?;
    wait_for(
        client,
        "#view-assistant:not([hidden]) #policy-list .policy-item.active[data-policy='response_time']",
    )
    .await?;
    // Severity B without an access choice runs on business hours (a listed reading).
    wait_for_verdict(client, "business_hours").await?;
    wait_for(client, "#view-assistant .answer-card .interpretations").await?;
    wait_for(
        client,
        "#facts-form .field[data-fact='submitted_at'] .field-read",
    )
    .await?;
    set_value(client, "#fact-severity", "A").await?;
    wait_for_verdict(client, "around_the_clock").await?;
    click(client, "#view-assistant .answer-card .copy-answer").await?;
    let text = wait_until("the copied deadline", || copied(2)).await?;
    for expected in [
        "When must Microsoft first respond to my support request?",
        "Severity A",
        "Professional Direct",
        "Around the clock.",
    ] {
        assert!(
            text.contains(expected),
            "copied answer lacks {expected:?}:\n{text}"
        );
    }

    // The admin asks who can submit a request: an end user cannot, and the way forward is shown.
    click(
        client,
        "#policy-list .policy-item[data-policy='submit_request']",
    )
    .await?;
    set_value(client, "#fact-role", "end_user").await?;
    wait_for_verdict(client, "cannot_submit").await?;
    let note = wait_until("the way forward", || {
        text_of(client, "#view-assistant .answer-card .answer-note")
    })
    .await?;
    // (Section headings are drawn in capitals: compare without case.)
    assert!(
        note.to_lowercase().contains("the way forward"),
        "note: {note}"
    );

    // Dates in words: "2 months ago" is read as a date and shown beside the field.
    click(client, "#policy-list .policy-item[data-policy='reopen']").await?;
    set_value(client, "#fact-closed_on", "2 months ago").await?;
    let read = wait_until("the date as read", || async {
        let text = text_of(
            client,
            "#facts-form .field[data-fact='closed_on'] .field-read",
        )
        .await?;
        Ok(text.filter(|t| !t.is_empty()))
    })
    .await?;
    assert!(read.starts_with("= "), "read: {read}");
    click(client, "#reset-facts").await?;

    // 5. Learn: a lesson's worked scenario shows its facts and the explained answer; the new hire
    // follows a citation to the passage. (The quiz is e2e/tests/learn.rs.)
    click(client, ".tabs .tab[data-view='learn']").await?;
    click(
        client,
        "#lesson-list .lesson[data-lesson='reopening-incidents']",
    )
    .await?;
    click(client, "#learn-detail .scenario").await?;
    wait_for(client, "#learn-detail .answer-card .verdict").await?;
    wait_for(client, "#learn-detail .facts-table").await?;
    screenshot(client, &shots.join("learn.png")).await?;
    assert_accessible(client, "Learn view").await?;
    let cite = wait_for(client, "#learn-detail .answer-card .reasons a.cite").await?;
    let anchor = cite.attr("data-anchor").await?.unwrap_or_default();
    cite.click().await?;
    wait_for(
        client,
        &format!("#view-reader:not([hidden]) #reader-content [data-anchor='{anchor}'].current"),
    )
    .await?;

    // 6. Settings: add a folder of docs from the test fixtures, then find a passage from it.
    click(client, ".tabs .tab[data-view='settings']").await?;
    let folder = workspace_root().join("tests/fixtures/desktop-folder");
    set_value(client, "#corpus-path", &folder.display().to_string()).await?;
    click(client, "#add-corpus").await?;
    wait_for(client, "#corpus-status.done").await?;
    let status = text_of(client, "#corpus-status").await?.unwrap_or_default();
    assert!(status.contains("Indexed"), "status: {status}");
    let corpora = client
        .find_all(Locator::Css("#corpus-list li.corpus"))
        .await?;
    assert_eq!(
        corpora.len(),
        2,
        "the built-in FAQ and the added folder are listed"
    );
    // The folder's problems, grouped by the engine in people's words, expand to the files (issue 10).
    let problem = wait_until("the folder's problems", || {
        text_of(client, "#corpus-list li.corpus .problems details summary")
    })
    .await?;
    assert!(
        problem.contains(
            "1 file includes a fragment that is not in the folder: includes/footer-banner.md"
        ),
        "problem: {problem}"
    );
    click(client, "#corpus-list li.corpus .problems details summary").await?;
    let listed = wait_until("the problem's files", || {
        text_of(
            client,
            "#corpus-list li.corpus .problems details[open] .problem-files li",
        )
    })
    .await?;
    assert!(listed.contains("banner-guide.md"), "listed: {listed}");
    screenshot(client, &shots.join("settings.png")).await?;
    assert_accessible(client, "settings").await?;
    search(client, "sandbox environment refresh").await?;
    wait_for_hit(
        client,
        "sandbox environment refresh",
        "environment-refresh.md",
        None,
        3,
    )
    .await?;

    // Each hit names its source; a chip keeps only one source's hits, "All" brings the others back
    // (issue 10).
    let badge = wait_until("the hit's source badge", || {
        text_of(
            client,
            "#results li.result[data-doc='environment-refresh.md'] .badge",
        )
    })
    .await?;
    assert_eq!(badge, "desktop-folder");
    click(
        client,
        "#source-filters .chip[data-source='desktop-folder']",
    )
    .await?;
    wait_until("only the folder's hits", || async {
        let badges: Vec<String> = serde_json::from_value(
            client
                .execute(
                    "return [...document.querySelectorAll('#results li.result .badge')].map(b => b.textContent);",
                    vec![],
                )
                .await?,
        )?;
        Ok((!badges.is_empty() && badges.iter().all(|b| b == "desktop-folder")).then_some(()))
    })
    .await?;
    click(client, "#source-filters .chip[data-source='']").await?;
    wait_for(client, "#source-filters .chip.active[data-source='']").await?;

    // Hostile markdown from a user folder renders inert in the real web view.
    search(client, "hostile page renders inert").await?;
    wait_for_hit(client, "hostile page renders inert", "hostile.md", None, 5).await?;
    click(client, "#results li.result[data-doc='hostile.md']").await?;
    wait_for(client, "#view-reader:not([hidden]) #reader-content").await?;
    let probe: serde_json::Value = client
        .execute(
            "const c = document.getElementById('reader-content');
             return [document.title, c.querySelectorAll('script, img, [onerror]').length,
                     [...c.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').startsWith('javascript')).length];",
            vec![],
        )
        .await?;
    assert_eq!(
        probe,
        serde_json::json!(["supportkb", 0, 0]),
        "no script ran, no handler or javascript: link survived"
    );

    // Removing the folder removes its passages.
    click(client, ".tabs .tab[data-view='settings']").await?;
    click(client, "#corpus-list .remove-corpus").await?;
    wait_for_corpora(client, 1, "the folder to be removed").await?;

    // At 800×600 the verdict stays in view above the form (a compact bar), and the search card fits.
    let (width, height) = client.get_window_size().await?;
    client.set_window_size(800, 600).await?;
    click(client, ".tabs .tab[data-view='assistant']").await?;
    click(
        client,
        "#policy-list .policy-item[data-policy='response_time']",
    )
    .await?;
    set_value(client, "#fact-plan", "standard").await?;
    set_value(client, "#fact-severity", "C").await?;
    wait_for(client, "#verdict-bar:not([hidden]) .verdict").await?;
    let shown: serde_json::Value = client
        .execute(
            "const bar = document.getElementById('verdict-bar');
             document.getElementById('fact-holidays').scrollIntoView();
             const r = bar.getBoundingClientRect();
             return getComputedStyle(bar).display !== 'none' && r.height > 0 && r.bottom <= window.innerHeight;",
            vec![],
        )
        .await?;
    assert_eq!(
        shown,
        serde_json::json!(true),
        "the verdict bar is in view at 800×600"
    );
    screenshot(client, &shots.join("narrow-assistant.png")).await?;
    search(client, "can I reopen a case closed 4 months ago").await?;
    wait_for(
        client,
        "#understood .understood-card[data-policy='reopen'] .verdict",
    )
    .await?;
    screenshot(client, &shots.join("narrow-ask-in-words.png")).await?;
    assert_accessible(client, "search view at 800×600").await?;
    client
        .set_window_size(
            u32::try_from(width).unwrap_or(1280),
            u32::try_from(height).unwrap_or(800),
        )
        .await?;

    // Browse… opens the system's folder dialog (granted by the capability, so no error toast). The
    // dialog is a native window WebDriver cannot drive, so this is the journey's last step.
    click(client, ".tabs .tab[data-view='settings']").await?;
    click(client, "#choose-corpus").await?;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let errors = client
        .find_all(Locator::Css("#toasts .toast-error"))
        .await?;
    let mut messages = Vec::new();
    for error in errors {
        messages.push(error.text().await?);
    }
    assert!(messages.is_empty(), "Browse… failed: {messages:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn main_journeys_in_a_real_window() -> Result<()> {
    let app = app_binary()?;
    let data = tempfile::tempdir()?;
    let driver = Driver::start(JOURNEY_PORT)?;
    // Settings adds this folder by its typed path: trusted at launch, since WebDriver cannot click the
    // native confirmation dialog a typed path otherwise gets.
    let folder = workspace_root().join("tests/fixtures/desktop-folder");
    let args = vec![
        "--data-dir".to_string(),
        data.path().display().to_string(),
        "--trust-folder".to_string(),
        folder.display().to_string(),
    ];
    let client = driver.session(&app, &args).await?;
    let outcome = journeys(&client, &screenshots_dir()).await;
    if outcome.is_err() {
        // Keep the state of the window for the failure report.
        let _ = screenshot(
            &client,
            &workspace_root().join("e2e-artifacts/failure-journeys.png"),
        )
        .await;
    }
    client.close().await?;
    outcome
}

#[tokio::test(flavor = "multi_thread")]
async fn history_pins_and_folders_survive_a_restart() -> Result<()> {
    let app = app_binary()?;
    let data = tempfile::tempdir()?;
    // A folder of docs the user adds (a copy, since the test edits it later).
    let docs = tempfile::tempdir()?;
    let fixture = workspace_root().join("tests/fixtures/desktop-folder");
    for entry in std::fs::read_dir(&fixture)? {
        let entry = entry?;
        std::fs::copy(entry.path(), docs.path().join(entry.file_name()))?;
    }
    let driver = Driver::start(RESTART_PORT)?;
    // Trusted at launch: WebDriver cannot click the native dialog confirming a typed path.
    let args = vec![
        "--data-dir".to_string(),
        data.path().display().to_string(),
        "--trust-folder".to_string(),
        docs.path().display().to_string(),
    ];

    let client = driver.session(&app, &args).await?;
    search(&client, "root cause analysis").await?;
    wait_for_hit(
        &client,
        "root cause analysis",
        "root-cause-analysis.md",
        None,
        3,
    )
    .await?;
    wait_for(&client, "#search-input")
        .await?
        .send_keys("\u{E007}")
        .await?;
    wait_for(&client, "#view-reader:not([hidden]) #reader-content").await?;
    click(&client, ".tabs .tab[data-view='assistant']").await?;
    click(&client, "#policy-list .policy-item[data-policy='rca']").await?;
    set_value(&client, "#fact-published_service_incident", "false").await?;
    wait_for_verdict(&client, "not_available").await?;
    click(&client, "#view-assistant .answer-card .pin").await?;
    wait_for(&client, "#pinned-list li.pinned").await?;
    // The pin gets a name and a note of the user's.
    click(&client, "#pinned-list li.pinned .edit-pin").await?;
    set_value(
        &client,
        "#pinned-list .pin-editor .pin-name",
        "Contoso outage",
    )
    .await?;
    set_value(
        &client,
        "#pinned-list .pin-editor .pin-note",
        "Asked on the call of 12 Aug",
    )
    .await?;
    click(&client, "#pinned-list .pin-editor button[type='submit']").await?;
    wait_for(&client, "#pinned-list li.pinned .pin-note-text").await?;
    click(&client, ".tabs .tab[data-view='settings']").await?;
    set_value(&client, "#corpus-path", &docs.path().display().to_string()).await?;
    click(&client, "#add-corpus").await?;
    wait_for(&client, "#corpus-status.done").await?;
    client.close().await?;

    let client = driver.session(&app, &args).await?;
    // (The lists re-render when their data arrives, so read them by selector, not by element handle.)
    let history = wait_until("the search history", || {
        text_of(&client, "#history .history-item")
    })
    .await?;
    assert_eq!(history, "root cause analysis");
    click(&client, ".tabs .tab[data-view='assistant']").await?;
    let pinned = wait_until("the pinned answer", || {
        text_of(&client, "#pinned-list li.pinned button.link")
    })
    .await?;
    assert!(pinned.contains("No RCA"), "pinned: {pinned}");
    assert!(pinned.contains("Contoso outage"), "pinned: {pinned}");
    let note = text_of(&client, "#pinned-list li.pinned .pin-note-text")
        .await?
        .unwrap_or_default();
    assert_eq!(note, "Asked on the call of 12 Aug");

    // The folder comes back by itself (indexed in the background after the window opens) …
    click(&client, ".tabs .tab[data-view='settings']").await?;
    wait_for_corpora(&client, 2, "the remembered folder to be listed").await?;
    let question = "sandbox environment refresh";
    search(&client, question).await?;
    wait_for_hit(&client, question, "environment-refresh.md", None, 3).await?;

    // … and is watched: a file written now shows up in the results on screen without typing again.
    let question = "quokka escalation ladder";
    search(&client, question).await?;
    wait_until("the search to answer (no hits yet)", || async {
        let answered = client
            .execute(
                "return document.getElementById('results').dataset.query || '';",
                vec![],
            )
            .await?;
        Ok((answered == serde_json::json!(question)).then_some(()))
    })
    .await?;
    std::fs::write(
        docs.path().join("escalations.md"),
        "---\ntitle: Escalations\n---\n# Escalations\n\n## The quokka escalation ladder\n\nWho to call when a sev A case stalls.\n",
    )?;
    wait_for_hit(&client, question, "escalations.md", None, 3).await?;
    client.close().await?;

    // A corrupt file is set aside with a notice instead of breaking the app.
    std::fs::write(data.path().join("userdata.json"), b"{ not json")?;
    let client = driver.session(&app, &args).await?;
    let notice = wait_for(&client, "#toasts .toast-notice")
        .await?
        .text()
        .await?;
    assert!(notice.contains("could not be read"), "notice: {notice}");
    wait_for(&client, "#search-input").await?;
    client.close().await?;
    let aside = std::fs::read_dir(data.path())?
        .filter_map(|entry| entry.ok())
        .any(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("userdata.json.corrupt-")
        });
    assert!(aside, "the corrupt file was renamed aside");
    Ok(())
}
