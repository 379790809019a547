//! End-to-end: reading that flows, in the real desktop window (under Xvfb). A new hire opens passages
//! from the topic tree: each jump leaves the passage's heading in view below the document's sticky bar
//! (one line, also at 800 px wide), the tree marks the passage, Back and Forward (buttons, Alt+Left /
//! Alt+Right, the mouse's back button) return to the previous passages, and a glossary term shows its
//! definition on hover and on keyboard focus.
//!
//! Run with `make test-e2e` (builds the app, installs tauri-driver and Xvfb when missing).

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::Client;
use supportkb_e2e::{
    app_binary, assert_accessible, attribute_of, screenshot, set_value, text_of, wait_for,
    wait_until, workspace_root, Driver, Result,
};

/// Driver ports of this file (desktop.rs uses 4444 and 4454).
const READER_PORT: u16 = 4464;

/// Where the heading of `anchor` is, relative to the reader's sticky bar and the visible part of the
/// reader: `[heading top, heading bottom, bar bottom, reader bottom]`, or null while it is not shown.
const HEADING_PLACE: &str = "
    const heading = document.querySelector(`#view-reader:not([hidden]) #reader-content [data-anchor='${arguments[0]}']`);
    if (!heading) return null;
    const h = heading.getBoundingClientRect();
    const bar = document.getElementById('reader-bar').getBoundingClientRect();
    const reader = document.getElementById('reader').getBoundingClientRect();
    return [h.top, h.bottom, bar.bottom, reader.bottom];";

/// Waits until the passage `anchor` of `doc` is open and its heading is in view, below the sticky bar.
async fn wait_for_heading_in_view(client: &Client, doc: &str, anchor: &str) -> Result<()> {
    wait_until(&format!("{doc}#{anchor} in view below the bar"), || async {
        let open =
            attribute_of(client, "#topic-tree [aria-current='location']", "data-doc").await?;
        if open.as_deref() != Some(doc) {
            return Ok(None);
        }
        let place = client.execute(HEADING_PLACE, vec![anchor.into()]).await?;
        let Some([top, bottom, bar, reader]) = serde_json::from_value::<Option<[f64; 4]>>(place)?
        else {
            return Ok(None);
        };
        Ok((top >= bar - 0.5 && bottom <= reader && top < reader).then_some(()))
    })
    .await
}

/// Opens a passage from the topic tree (expanding its document first).
async fn open_from_tree(client: &Client, doc: &str, anchor: &str) -> Result<()> {
    client
        .execute(
            "document.querySelector(`#topic-tree details.topic[data-doc='${arguments[0]}']`).open = true;",
            vec![doc.into()],
        )
        .await?;
    wait_for(
        client,
        &format!("#topic-tree .topic-link[data-doc='{doc}'][data-anchor='{anchor}']"),
    )
    .await?
    .click()
    .await?;
    wait_for_heading_in_view(client, doc, anchor).await
}

async fn the_tree_marks(client: &Client, anchor: &str) -> Result<()> {
    wait_until(&format!("the tree to mark {anchor}"), || async {
        let marked = attribute_of(
            client,
            "#topic-tree [aria-current='location']",
            "data-anchor",
        )
        .await?;
        Ok((marked.as_deref() == Some(anchor)).then_some(()))
    })
    .await
}

/// The definition tooltip's text once it is shown.
async fn tooltip(client: &Client) -> Result<String> {
    wait_until("the term's definition tooltip", || async {
        if attribute_of(client, "#term-tip", "hidden").await?.is_some() {
            return Ok(None);
        }
        text_of(client, "#term-tip").await
    })
    .await
}

async fn reading(client: &Client) -> Result<()> {
    wait_for(client, "#topic-tree .topic").await?;
    client.set_window_size(800, 600).await?;
    wait_for(client, ".tabs .tab[data-view='reader']")
        .await?
        .click()
        .await?;

    // The tree follows the policy page: the overview first, the glossary last; a click on a topic opens it.
    let order: Vec<String> = serde_json::from_value(
        client
            .execute(
                "return [...document.querySelectorAll('#topic-tree details.topic')].map(d => d.dataset.doc);",
                vec![],
            )
            .await?,
    )?;
    assert_eq!(
        order.first().map(String::as_str),
        Some("overview.md"),
        "{order:?}"
    );
    assert_eq!(
        order.last().map(String::as_str),
        Some("glossary.md"),
        "{order:?}"
    );
    wait_for(client, "#topic-tree summary[data-doc='previews.md']")
        .await?
        .click()
        .await?;
    wait_until("a click on a topic to open it", || async {
        Ok(text_of(client, "#reader-title")
            .await?
            .filter(|t| t.contains("Preview"))
            .map(|_| ()))
    })
    .await?;

    // A jump puts the heading in view below the sticky bar, which stays one line at 800 px.
    open_from_tree(client, "severity-and-response.md", "business-hours").await?;
    the_tree_marks(client, "business-hours").await?;
    let bar: serde_json::Value = client
        .execute(
            "const t = document.getElementById('reader-title');
             const line = parseFloat(getComputedStyle(t).lineHeight) || 24;
             return [getComputedStyle(t).whiteSpace, getComputedStyle(t).textOverflow, t.getBoundingClientRect().height <= line * 1.5];",
            vec![],
        )
        .await?;
    assert_eq!(
        bar,
        serde_json::json!(["nowrap", "ellipsis", true]),
        "the bar is one line"
    );
    screenshot(
        client,
        &workspace_root().join("e2e-artifacts/screenshots/reader-jump-800.png"),
    )
    .await?;

    open_from_tree(client, "previews.md", "limited-preview").await?;
    open_from_tree(client, "reopening-incidents.md", "same-error-same-place").await?;

    // Back (the button) returns to the previous passage; Forward (Alt+Right) goes there again; the
    // mouse's back button and Alt+Left go back too.
    let back = wait_for(client, "#nav-back").await?;
    assert_eq!(back.attr("aria-label").await?.as_deref(), Some("Back"));
    back.click().await?;
    wait_for_heading_in_view(client, "previews.md", "limited-preview").await?;
    wait_for(client, "#nav-back")
        .await?
        .send_keys("\u{E00A}\u{E014}\u{E000}")
        .await?; // Alt+ArrowRight
    wait_for_heading_in_view(client, "reopening-incidents.md", "same-error-same-place").await?;
    client
        .execute(
            "document.getElementById('reader-content').dispatchEvent(new MouseEvent('mouseup', { button: 3, bubbles: true }));",
            vec![],
        )
        .await?;
    wait_for_heading_in_view(client, "previews.md", "limited-preview").await?;
    wait_for(client, "#nav-back")
        .await?
        .send_keys("\u{E00A}\u{E012}\u{E000}")
        .await?; // Alt+ArrowLeft
    wait_for_heading_in_view(client, "severity-and-response.md", "business-hours").await?;
    wait_for(client, "#nav-forward:not([disabled])").await?;

    // A glossary term shows its definition on hover and on keyboard focus.
    open_from_tree(client, "data-corruption.md", "repair-scripts").await?;
    let term = wait_for(client, "#reader-content button.term[data-term='uat']").await?;
    let described = term.attr("aria-describedby").await?.unwrap_or_default();
    // The description is hidden text (what a screen reader announces with the term), read as such.
    let definition = client
        .execute(
            "return document.getElementById(arguments[0]).textContent;",
            vec![described.into()],
        )
        .await?;
    let definition = definition.as_str().unwrap_or_default().to_string();
    assert!(
        definition.contains("User acceptance testing"),
        "definition: {definition}"
    );
    client
        .perform_actions(
            MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                element: term.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            }),
        )
        .await?;
    assert!(tooltip(client).await?.contains("User acceptance testing"));
    client
        .execute(
            "document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));",
            vec![],
        )
        .await?;
    wait_for(client, "#term-tip[hidden]").await?;
    client
        .execute(
            "document.querySelector(\"#reader-content button.term[data-term='uat']\").focus();",
            vec![],
        )
        .await?;
    assert!(tooltip(client).await?.contains("User acceptance testing"));
    screenshot(
        client,
        &workspace_root().join("e2e-artifacts/screenshots/glossary-term.png"),
    )
    .await?;
    assert_accessible(client, "reader").await?;

    // The glossary is a page of the FAQ, last in the tree; an entry's link opens the passage it cites,
    // and Back comes back to the entry.
    open_from_tree(client, "glossary.md", "isv").await?;
    screenshot(
        client,
        &workspace_root().join("e2e-artifacts/screenshots/glossary-page-800.png"),
    )
    .await?;
    client
        .execute(
            "document.querySelector(\"#reader-content a[href='performance-issues.md#performance-cause-outside-microsoft']\").click();",
            vec![],
        )
        .await?;
    wait_for_heading_in_view(
        client,
        "performance-issues.md",
        "performance-cause-outside-microsoft",
    )
    .await?;
    wait_for(client, "#nav-back").await?.click().await?;
    wait_for_heading_in_view(client, "glossary.md", "isv").await?;

    // In the assistant: a date picker and a time picker write the date-time, read in the customer's
    // zone, which is named in words (never "Asia/Tokyo"); the answer's terms are marked too.
    wait_for(client, ".tabs .tab[data-view='assistant']")
        .await?
        .click()
        .await?;
    wait_for(
        client,
        "#policy-list .policy-item[data-policy='response_time']",
    )
    .await?
    .click()
    .await?;
    set_value(client, "#fact-plan", "prodirect").await?;
    set_value(client, "#fact-severity", "B").await?;
    set_value(client, "#fact-country", "Japan").await?;
    set_value(client, "#fact-time_zone", "Tokyo").await?;
    set_value(client, "#fact-submitted_at-date", "2026-11-27").await?;
    set_value(client, "#fact-submitted_at-time", "16:30").await?;
    wait_until("the pickers to write the date-time", || async {
        let typed = client
            .execute(
                "return document.getElementById('fact-submitted_at').value;",
                vec![],
            )
            .await?;
        Ok((typed == serde_json::json!("2026-11-27 16:30")).then_some(()))
    })
    .await?;
    wait_until("the date-time read in Tokyo time", || async {
        Ok(text_of(
            client,
            "#facts-form .field[data-fact='submitted_at'] .field-read",
        )
        .await?
        .filter(|read| read.contains("16:30 (Tokyo time, UTC+09:00)")))
    })
    .await?;
    let caption = wait_until("the timeline to name the zone in words", || async {
        Ok(text_of(client, "#view-assistant #timeline figcaption")
            .await?
            .filter(|caption| caption.contains("Tokyo time (UTC+09:00)")))
    })
    .await?;
    assert!(!caption.contains("Asia/"), "caption: {caption}");
    wait_for(client, "#view-assistant .answer-card button.term").await?;
    client
        .execute(
            "document.querySelector(\"#facts-form .field[data-fact='submitted_at']\").scrollIntoView();",
            vec![],
        )
        .await?;
    screenshot(
        client,
        &workspace_root().join("e2e-artifacts/screenshots/assistant-date-time-800.png"),
    )
    .await?;

    // Back from the assistant returns to the passage read before it.
    wait_for(client, "#nav-back").await?.click().await?;
    wait_for_heading_in_view(client, "glossary.md", "isv").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn jumps_keep_the_heading_in_view_back_returns_and_terms_explain_themselves() -> Result<()> {
    let app = app_binary()?;
    let data = tempfile::tempdir()?;
    let driver = Driver::start(READER_PORT)?;
    let args = vec!["--data-dir".to_string(), data.path().display().to_string()];
    let client = driver.session(&app, &args).await?;
    let outcome = reading(&client).await;
    if outcome.is_err() {
        let _ = screenshot(
            &client,
            &workspace_root().join("e2e-artifacts/failure-reader.png"),
        )
        .await;
    }
    client.close().await?;
    outcome
}
