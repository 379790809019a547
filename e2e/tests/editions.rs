//! End-to-end: the policy's editions in the real desktop window (under Xvfb). A partner disputing a 2021
//! case picks the 2021 edition in the assistant and asks when Microsoft's first response to a ProDirect
//! Severity B request (24x7 asked for) submitted on a Saturday in Berlin was due; under the 2025 edition
//! the same question gets a different answer. A citation of the 2021 answer opens the 2021 passage.
//! *What changed* lists the changes by topic and the answers that flip, passes axe, and one of its
//! passages opens in the reader marked as changed since 2021. Searching the 2021 edition finds where a
//! Premier contract is entered (a section the newest edition no longer has), labelled with its edition,
//! and opens it in the 2021 edition.
//!
//! Run with `make desktop-debug deps-e2e`, then under Xvfb:
//! `cargo test -p supportkb-e2e --test editions -- --test-threads=1`.

use fantoccini::Client;
use supportkb_e2e::{
    app_binary, assert_accessible, attribute_of, click, screenshot, screenshots_dir, set_value,
    text_of, wait_for, wait_until, workspace_root, Driver, Result,
};

/// Their own driver ports, apart from the other e2e tests'.
const EDITIONS_PORT: u16 = 4484;
const SEARCH_PORT: u16 = 4494;

/// Waits until the assistant's answer has `verdict` under edition `edition`, and returns its summary.
async fn wait_for_answer(client: &Client, verdict: &str, edition: &str) -> Result<String> {
    wait_until(
        &format!("verdict {verdict} under the {edition} edition"),
        || async {
            let shown = attribute_of(
                client,
                "#view-assistant .answer-card .verdict",
                "data-verdict",
            )
            .await?;
            let under = attribute_of(
                client,
                "#view-assistant .answer-card .policy-version",
                "data-edition",
            )
            .await?;
            if shown.as_deref() != Some(verdict) || under.as_deref() != Some(edition) {
                return Ok(None);
            }
            text_of(client, "#view-assistant .answer-card .answer-summary").await
        },
    )
    .await
}

/// Fills the deadline question: ProDirect, Severity B, 24x7 asked for, Saturday 6 March 2021 10:00 in Berlin.
async fn ask_the_prodirect_question(client: &Client) -> Result<()> {
    click(
        client,
        "#policy-list .policy-item[data-policy='response_time']",
    )
    .await?;
    for (fact, value) in [
        ("plan", "prodirect"),
        ("severity", "B"),
        ("access", "24x7"),
        ("submitted_at", "2021-03-06T10:00:00+01:00"),
        ("country", "DE"),
        ("time_zone", "Europe/Berlin"),
    ] {
        set_value(client, &format!("#fact-{fact}"), value).await?;
    }
    Ok(())
}

async fn editions(client: &Client) -> Result<()> {
    wait_for(client, "#policy-list .policy-item").await?;
    click(client, ".tabs .tab[data-view='assistant']").await?;

    // The 2021 edition: its form offers its own plans (Premier), and the answer names the edition.
    // The deadline question is picked first: switching the edition keeps the policy in view when the
    // other edition describes it too.
    click(
        client,
        "#policy-list .policy-item[data-policy='response_time']",
    )
    .await?;
    wait_for(client, "#fact-plan option[value='prodirect']").await?;
    wait_for(client, "#edition-select option[value='2021-01-26']").await?;
    set_value(client, "#edition-select", "2021-01-26").await?;
    wait_for(client, "#fact-plan option[value='premier']").await?;
    ask_the_prodirect_question(client).await?;
    let in_2021 = wait_for_answer(client, "business_hours", "2021-01-26").await?;
    let named = text_of(client, "#view-assistant .answer-card .policy-version")
        .await?
        .unwrap_or_default();
    assert!(named.contains("26 January 2021"), "{named}");
    screenshot(
        client,
        &screenshots_dir().join("assistant-2021-edition.png"),
    )
    .await?;

    // The 2025 edition: the same question, another answer (2 hours around the clock).
    set_value(client, "#edition-select", "2025-07-31").await?;
    let in_2025 = wait_for_answer(client, "around_the_clock", "2025-07-31").await?;
    assert_ne!(in_2021, in_2025);

    // Back to 2021: a citation of its answer opens the 2021 passage, and the reader says whose it is.
    set_value(client, "#edition-select", "2021-01-26").await?;
    wait_for_answer(client, "business_hours", "2021-01-26").await?;
    let cite = wait_for(
        client,
        "#view-assistant .answer-card .reasons a.cite[data-edition='2021-01-26']",
    )
    .await?;
    let anchor = cite.attr("data-anchor").await?.unwrap_or_default();
    cite.click().await?;
    wait_for(
        client,
        &format!("#view-reader:not([hidden]) #reader-content [data-anchor='{anchor}'].current"),
    )
    .await?;
    let whose = wait_until("the reader to name the 2021 edition", || async {
        text_of(client, "#reader-cite.older-edition").await
    })
    .await?;
    assert!(whose.contains("26 January 2021"), "{whose}");

    // What changed: from the oldest edition to the newest, by topic, with the answers that flip.
    click(client, ".tabs .tab[data-view='changes']").await?;
    wait_for(client, "#changes-content .change-topic .change").await?;
    let pickers = client
        .execute(
            "return [document.getElementById('changes-from').value, document.getElementById('changes-to').value];",
            vec![],
        )
        .await?;
    assert_eq!(pickers, serde_json::json!(["2021-01-26", "2025-07-31"]));
    let flips = wait_until("an answer flip naming ProDirect", || async {
        Ok(text_of(client, "#changes-content .flip-list")
            .await?
            .filter(|t| t.contains("ProDirect")))
    })
    .await?;
    assert!(
        flips.contains("Under the support policy of 26 January 2021"),
        "{flips}"
    );
    screenshot(client, &screenshots_dir().join("what-changed.png")).await?;
    assert_accessible(client, "What changed view").await?;

    // A 2025 passage it cites opens in the reader, marked as changed since 2021.
    click(
        client,
        "#changes-content a.cite[data-edition='2025-07-31'][data-anchor='business-hours']",
    )
    .await?;
    let badge = wait_until("the changed-since mark", || async {
        text_of(
            client,
            "#view-reader:not([hidden]) #reader-content [data-anchor='business-hours'] .changed-since",
        )
        .await
    })
    .await?;
    assert!(badge.contains("2021"), "{badge}");
    screenshot(client, &screenshots_dir().join("reader-changed-since.png")).await?;
    Ok(())
}

/// The label of the first hit answering `query` (not a prefix of it) for `doc#anchor` from edition
/// `edition`, once the results list shows it.
async fn wait_for_edition_hit(
    client: &Client,
    query: &str,
    doc: &str,
    anchor: &str,
    edition: &str,
) -> Result<String> {
    wait_until(&format!("a {edition} hit for {doc}#{anchor}"), || async {
        let label = client
            .execute(
                "const [query, doc, anchor, edition] = arguments;
                 const list = document.getElementById('results');
                 if (list.dataset.query !== query) return null;
                 const hit = [...list.querySelectorAll('li.result')].find(li =>
                   li.dataset.doc === doc && li.dataset.anchor === anchor && li.dataset.edition === edition);
                 return hit ? hit.querySelector('.badge.edition')?.textContent ?? '' : null;",
                vec![
                    serde_json::json!(query),
                    serde_json::json!(doc),
                    serde_json::json!(anchor),
                    serde_json::json!(edition),
                ],
            )
            .await?;
        Ok(label.as_str().map(str::to_string))
    })
    .await
}

async fn search_the_2021_edition(client: &Client) -> Result<()> {
    // The search view's edition picker: the newest by default; picking 2021 says so above the results.
    wait_for(client, "#search-edition-select option[value='2021-01-26']").await?;
    set_value(client, "#search-edition-select", "2021-01-26").await?;
    let note = wait_until("the note naming the searched edition", || async {
        Ok(text_of(client, "#search-edition-note")
            .await?
            .filter(|t| !t.is_empty()))
    })
    .await?;
    assert!(note.contains("26 January 2021"), "{note}");

    let query = "Premier contract";
    wait_for(client, "#search-input")
        .await?
        .send_keys(query)
        .await?;
    let label = wait_for_edition_hit(
        client,
        query,
        "premier.md",
        "premier-requests",
        "2021-01-26",
    )
    .await?;
    assert_eq!(label, "Support policy of 26 January 2021");
    screenshot(client, &screenshots_dir().join("search-2021-edition.png")).await?;
    assert_accessible(client, "search view over the 2021 edition").await?;

    // Opening the hit shows the 2021 passage, and the reader says whose it is.
    click(
        client,
        "#results li.result[data-edition='2021-01-26'][data-anchor='premier-requests']",
    )
    .await?;
    wait_for(
        client,
        "#view-reader:not([hidden]) #reader-content [data-anchor='premier-requests'].current",
    )
    .await?;
    let whose = wait_until("the reader to name the 2021 edition", || async {
        text_of(client, "#reader-cite.older-edition").await
    })
    .await?;
    assert!(whose.contains("26 January 2021"), "{whose}");
    Ok(())
}

/// Runs `journey` in a fresh app session on its own data folder, with a screenshot named after it
/// when it fails.
async fn in_app<F, Fut>(port: u16, name: &str, journey: F) -> Result<()>
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = (Client, Result<()>)>,
{
    let app = app_binary()?;
    let data = tempfile::tempdir()?;
    let driver = Driver::start(port)?;
    let args = vec!["--data-dir".to_string(), data.path().display().to_string()];
    let client = driver.session(&app, &args).await?;
    let (client, outcome) = journey(client).await;
    if outcome.is_err() {
        let _ = screenshot(
            &client,
            &workspace_root().join(format!("e2e-artifacts/failure-{name}.png")),
        )
        .await;
    }
    client.close().await?;
    outcome
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_deadline_question_is_answered_differently_under_the_2021_and_2025_editions(
) -> Result<()> {
    in_app(EDITIONS_PORT, "editions", |client| async move {
        let outcome = editions(&client).await;
        (client, outcome)
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn where_to_enter_a_premier_contract_is_found_by_searching_the_2021_edition() -> Result<()> {
    in_app(SEARCH_PORT, "search-2021", |client| async move {
        let outcome = search_the_2021_edition(&client).await;
        (client, outcome)
    })
    .await
}
