//! End-to-end: the Learn course in the real desktop window. A new hire opens a lesson, takes its quiz,
//! picks a wrong verdict and is shown the engine's answer with its reasons; the progress, the score and
//! the missed question survive a restart on the same data folder, and *Review my mistakes* asks it
//! again from its facts. *Reset progress* asks for confirmation and then forgets it all; a worked
//! scenario opens in the assistant with its facts filled in and the same verdict.
//!
//! Run with `make desktop-debug deps-e2e`, then under Xvfb:
//! `cargo test -p supportkb-e2e --test learn -- --test-threads=1`.

use fantoccini::Client;
use supportkb_e2e::{
    app_binary, assert_accessible, attribute_of, click, screenshot, text_of, wait_for, wait_until,
    workspace_root, Driver, Result,
};

/// Its own driver port, apart from the other e2e tests'.
const LEARN_PORT: u16 = 4474;

/// The lesson the test takes: reopening an incident.
const LESSON: &str = "reopening-incidents";

/// Waits until `css` has text containing `part`, and returns the text.
async fn wait_for_text(client: &Client, css: &str, part: &str) -> Result<String> {
    wait_until(&format!("{css} to read …{part}…"), || async {
        Ok(text_of(client, css)
            .await?
            .filter(|text| text.contains(part)))
    })
    .await
}

/// Waits until the lesson status `css` counts `mastered` questions mastered.
async fn wait_for_mastered(client: &Client, css: &str, mastered: &str) -> Result<()> {
    wait_until(
        &format!("the lesson to count {mastered} mastered"),
        || async {
            Ok(
                (attribute_of(client, css, "data-mastered").await?.as_deref() == Some(mastered))
                    .then_some(()),
            )
        },
    )
    .await
}

/// Waits until the button `css` is disabled (nothing left for it to do).
async fn wait_for_disabled(client: &Client, css: &str) -> Result<()> {
    wait_until(&format!("{css} to be disabled"), || async {
        Ok(attribute_of(client, css, "disabled").await?.map(|_| ()))
    })
    .await
}

async fn open_learn(client: &Client) -> Result<()> {
    click(client, ".tabs .tab[data-view='learn']").await?;
    wait_for(
        client,
        &format!("#lesson-list .lesson[data-lesson='{LESSON}']"),
    )
    .await?;
    Ok(())
}

/// The quiz round of the first session: returns the key of the question missed and the engine's verdict.
async fn miss_a_question(client: &Client) -> Result<(String, String)> {
    open_learn(client).await?;
    wait_for_text(client, "#learn-score", "No questions answered yet").await?;
    click(
        client,
        &format!("#lesson-list .lesson[data-lesson='{LESSON}']"),
    )
    .await?;
    wait_for(client, &format!("#lesson-title[data-lesson='{LESSON}']")).await?;
    wait_for(
        client,
        "#learn-detail .lesson-passage h1, #learn-detail .lesson-passage h2",
    )
    .await?;
    wait_for(client, "#learn-detail .scenario").await?;
    assert_accessible(client, "Learn lesson page").await?;

    click(client, "#quiz-me").await?;
    wait_for(client, "#quiz-card .facts-table").await?;
    let key = wait_until("the question's key", || {
        attribute_of(client, "#quiz-card", "data-key")
    })
    .await?;
    assert_accessible(client, "Learn quiz card").await?;
    // The policy always speaks to a reopen request, so "not addressed" is a wrong verdict for any of them.
    click(client, "#verdict-choices input[value='not_addressed']").await?;
    click(client, "#check-answer").await?;
    let outcome = wait_for(client, "#quiz-result .quiz-outcome").await?;
    assert_eq!(
        outcome.attr("data-correct").await?.as_deref(),
        Some("false")
    );
    let right = wait_until("the engine's verdict marked", || {
        attribute_of(client, "#verdict-choices .choice.right", "data-choice")
    })
    .await?;
    assert_ne!(right, "not_addressed");
    let right_label = text_of(client, "#verdict-choices .choice.right")
        .await?
        .unwrap_or_default();
    wait_for(
        client,
        "#verdict-choices .choice.wrong[data-choice='not_addressed']",
    )
    .await?;
    let said = outcome.text().await?;
    assert!(
        said.contains(right_label.trim()),
        "the outcome names the engine's verdict {right_label:?}: {said}"
    );
    // The engine's answer card, with its reasons and citations.
    let card_verdict = wait_until("the answer card", || {
        attribute_of(client, "#quiz-result .answer-card .verdict", "data-verdict")
    })
    .await?;
    assert_eq!(card_verdict, right);
    wait_for(client, "#quiz-result .answer-card .reasons a.cite").await?;
    screenshot(
        client,
        &workspace_root().join("e2e-artifacts/screenshots/learn-quiz.png"),
    )
    .await?;
    assert_accessible(client, "Learn quiz answer").await?;

    // Recorded: the score and the review button follow.
    wait_for_text(client, "#learn-score", "0 of 1 answers right").await?;
    wait_for_text(client, "#review-mistakes", "(1)").await?;
    Ok((key, right))
}

/// *Reset progress* asks first: Cancel keeps the score, the confirmation forgets it and the course list
/// shows every lesson afresh.
async fn reset_progress(client: &Client, status: &str) -> Result<()> {
    let dialog_closed = || async {
        Ok(attribute_of(client, "#reset-dialog", "open")
            .await?
            .is_none()
            .then_some(()))
    };
    click(client, "#reset-progress").await?;
    wait_for(client, "#reset-dialog[open]").await?;
    assert_accessible(client, "Learn reset confirmation").await?;
    click(client, "#reset-cancel").await?;
    wait_until("the confirmation to close", dialog_closed).await?;
    wait_for_text(client, "#learn-score", "1 of 2 answers right").await?;

    click(client, "#reset-progress").await?;
    wait_for(client, "#reset-dialog[open]").await?;
    click(client, "#reset-confirm").await?;
    wait_for_text(client, "#learn-score", "No questions answered yet").await?;
    wait_for_mastered(client, status, "0").await?;
    wait_for_disabled(client, "#reset-progress").await?;
    Ok(())
}

/// A worked scenario opened in the assistant: the lesson's policy, its facts filled in, the same verdict.
async fn try_a_scenario_in_the_assistant(client: &Client) -> Result<()> {
    click(
        client,
        &format!("#lesson-list .lesson[data-lesson='{LESSON}']"),
    )
    .await?;
    click(client, "#learn-detail .scenario").await?;
    let verdict = wait_until("the scenario's answer", || {
        attribute_of(
            client,
            "#scenario-detail .answer-card .verdict",
            "data-verdict",
        )
    })
    .await?;
    click(client, "#scenario-detail .try-in-assistant").await?;
    wait_for(
        client,
        "#policy-list .policy-item.active[data-policy='reopen']",
    )
    .await?;
    wait_until("the assistant to give the scenario's verdict", || async {
        Ok(
            attribute_of(client, "#answer .answer-card .verdict", "data-verdict")
                .await?
                .filter(|v| *v == verdict),
        )
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quiz_round_shows_the_right_verdict_and_progress_survives_a_restart() -> Result<()> {
    let app = app_binary()?;
    let data = tempfile::tempdir()?;
    let driver = Driver::start(LEARN_PORT)?;
    let args = vec!["--data-dir".to_string(), data.path().display().to_string()];

    let client = driver.session(&app, &args).await?;
    let outcome = miss_a_question(&client).await;
    if outcome.is_err() {
        let _ = screenshot(
            &client,
            &workspace_root().join("e2e-artifacts/failure-learn.png"),
        )
        .await;
    }
    client.close().await?;
    let (key, right) = outcome?;

    // Same data folder, new process: the score and the mistake are still there.
    let client = driver.session(&app, &args).await?;
    let outcome = async {
        open_learn(&client).await?;
        wait_for_text(&client, "#learn-score", "0 of 1 answers right").await?;
        wait_for_text(&client, "#review-mistakes", "(1)").await?;
        let status = format!("#lesson-list .lesson[data-lesson='{LESSON}'] .lesson-status");
        assert_eq!(
            attribute_of(&client, &status, "data-mastered")
                .await?
                .as_deref(),
            Some("0")
        );
        // Review my mistakes asks the same question again, from its facts.
        click(&client, "#review-mistakes").await?;
        let again = wait_until("the missed question", || {
            attribute_of(&client, "#quiz-card", "data-key")
        })
        .await?;
        assert_eq!(again, key);
        click(&client, &format!("#verdict-choices input[value='{right}']")).await?;
        click(&client, "#check-answer").await?;
        let outcome = wait_for(&client, "#quiz-result .quiz-outcome").await?;
        assert_eq!(outcome.attr("data-correct").await?.as_deref(), Some("true"));
        wait_for_text(&client, "#learn-score", "1 of 2 answers right").await?;
        wait_for_mastered(&client, &status, "1").await?;
        wait_for_disabled(&client, "#review-mistakes").await?;
        reset_progress(&client, &status).await?;
        try_a_scenario_in_the_assistant(&client).await?;
        Ok::<(), supportkb_e2e::Error>(())
    }
    .await;
    if outcome.is_err() {
        let _ = screenshot(
            &client,
            &workspace_root().join("e2e-artifacts/failure-learn-restart.png"),
        )
        .await;
    }
    client.close().await?;
    outcome
}
