//! The Tauri commands. Each is one call into the engine (or the user data store, or [`AppState`]'s
//! folder helpers, which pair an engine call with remembering the folder) plus mapping of its result and
//! error; no logic lives here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use serde::Serialize;
use supportkb::corpus::ProblemGroup;
use supportkb::glossary::GlossaryTerm;
use supportkb::human::{Context, Country, Resolved, Understood};
use supportkb::learn::{Course, QuizQuestion, QuizResult};
use supportkb::policy::{Answer, EditionInfo, PolicySpec, Question};
use supportkb::policy::{Changes, EditionCite};
use supportkb::render::{render_markdown, ReaderPage, RenderOptions};
use supportkb::share::{DeepLink, ShareFormat};
use supportkb::userdata::{MissedQuestion, PinnedAnswer, PinsImported, QuizAttempt, UserData};
use supportkb::{CorpusInfo, DocumentOutline, SearchResults};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::deep_link::DeepLinks;
use crate::error::CommandError;
use crate::state::{epoch_ms, AppState, CorpusEvent, IndexProgress};

/// Most hits a search may ask for.
const MAX_LIMIT: usize = 100;

/// What the UI shows about the app at start and in Settings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppInfo {
    /// Version of the app.
    pub version: String,
    /// The editions of the support policy the engine knows, oldest first, as dates in words.
    pub policy_editions: Vec<String>,
    /// The git revision the app was built from (`unknown` outside a git checkout).
    pub revision: String,
    /// The loaded corpora (embedded first).
    pub corpora: Vec<CorpusInfo>,
    /// Messages for the user from start-up (e.g. a corrupt user data file was set aside).
    pub notices: Vec<String>,
    /// Where history and pins are stored (empty when kept in memory only).
    pub data_file: String,
}

/// The result of indexing a folder.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CorpusReport {
    /// The folder just indexed.
    pub added: CorpusInfo,
    /// Whether the folder is kept in an index on disk and watched for changes (otherwise it is searched
    /// in memory for this session; a diagnostic says why).
    pub watched: bool,
    /// Every loaded corpus after the change.
    pub corpora: Vec<CorpusInfo>,
    /// Files skipped or partly understood, grouped by kind in people's words (by the engine).
    pub problems: Vec<ProblemGroup>,
    /// Time spent loading and indexing, in milliseconds.
    pub took_ms: f64,
}

/// Version, policy editions, revision, corpora and start-up notices.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    let data_file = state.user_data()?.path().display().to_string();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        policy_editions: state.policy_editions()?,
        revision: env!("SUPPORTKB_REVISION").to_string(),
        corpora: state.engine.corpora(),
        notices: state.notices.clone(),
        data_file,
    })
}

/// Called by the UI once the search box is interactive; returns milliseconds since `main` started.
/// With `SUPPORTKB_TIMING=1` it also prints `SUPPORTKB_READY epoch_ms=<ms>` for the benchmark script.
#[tauri::command]
pub async fn app_ready(state: State<'_, AppState>) -> Result<f64, CommandError> {
    let since_main = state.started.elapsed().as_secs_f64() * 1000.0;
    if state.print_timing {
        println!(
            "SUPPORTKB_READY epoch_ms={:.1} since_main_ms={since_main:.1}",
            epoch_ms()
        );
    }
    Ok(since_main)
}

/// Full-text search over the loaded corpora named in `sources` (`faq` or a folder's name; none: all of
/// them), with the policy FAQ of edition `policy_version` (null: the newest). Any text is a valid query;
/// an unknown source is `unknown_source`. On a blocking thread: an older edition's FAQ is indexed on its
/// first search.
#[tauri::command]
pub async fn search(
    app: AppHandle,
    query: String,
    limit: usize,
    sources: Vec<String>,
    policy_version: Option<String>,
) -> Result<SearchResults, CommandError> {
    blocking(app, move |state| {
        let limit = limit.clamp(1, MAX_LIMIT);
        let edition = policy_version.as_deref();
        Ok(state
            .engine
            .search_edition(&query, limit, &sources, edition)?)
    })
    .await
}

/// A whole document, rendered to sanitized HTML with the words of `highlight` marked; `anchor` is the
/// section the reader scrolls to (checked to exist); `policy_version` the edition of the policy FAQ to
/// read (a citation of an answer given under an older edition; null: the newest).
#[tauri::command]
pub async fn show(
    state: State<'_, AppState>,
    doc: String,
    anchor: Option<String>,
    highlight: String,
    policy_version: Option<String>,
) -> Result<ReaderPage, CommandError> {
    // Fails with `unknown_anchor` (listing the document's anchors) when the anchor does not exist.
    let shown = state
        .engine
        .show_edition(policy_version.as_deref(), &doc, anchor.as_deref())?;
    let edition_name = match &shown.policy_version {
        Some(v) => state
            .engine
            .editions()?
            .into_iter()
            .find(|e| &e.policy_version == v)
            .map(|e| e.name),
        None => None,
    };
    Ok(ReaderPage {
        doc: shown.doc,
        title: shown.title,
        anchor: shown.anchor,
        source: shown.source,
        html: render_markdown(
            &shown.markdown,
            &RenderOptions::highlighting_query(&highlight),
        ),
        policy_version: shown.policy_version,
        edition_name,
    })
}

/// The passages of the newest edition changed since the previous one, for the reader's marks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChangedPassages {
    /// The previous edition (null when there is only one edition).
    pub since: Option<EditionInfo>,
    /// The newest edition's passages its changes cite.
    pub passages: Vec<EditionCite>,
}

/// The passages of the newest edition changed since the previous edition (the reader's marks).
#[tauri::command]
pub async fn changed_passages(state: State<'_, AppState>) -> Result<ChangedPassages, CommandError> {
    let editions = state.engine.editions()?;
    let [.., previous, newest] = editions.as_slice() else {
        return Ok(ChangedPassages {
            since: None,
            passages: Vec::new(),
        });
    };
    Ok(ChangedPassages {
        since: Some(previous.clone()),
        passages: state
            .engine
            .changed_passages(&previous.policy_version, &newest.policy_version)?,
    })
}

/// The topic tree: every document of every corpus with its headings; with `policy_version`, the
/// documents of that older edition of the policy FAQ (to name its passages).
#[tauri::command]
pub async fn documents(
    state: State<'_, AppState>,
    policy_version: Option<String>,
) -> Result<Vec<DocumentOutline>, CommandError> {
    Ok(state.engine.edition_documents(policy_version.as_deref())?)
}

/// Every policy of the edition in force on `policy_version` (default: the newest): its facts (types,
/// allowed values, help, defaults), verdicts, rules and worked examples.
#[tauri::command]
pub async fn policies(
    state: State<'_, AppState>,
    policy_version: Option<String>,
) -> Result<Vec<PolicySpec>, CommandError> {
    let specs = state.engine.policies_in(policy_version.as_deref())?;
    Ok(specs.into_iter().cloned().collect())
}

/// The editions of the support policy, oldest first (the assistant's edition selector).
#[tauri::command]
pub async fn editions(state: State<'_, AppState>) -> Result<Vec<EditionInfo>, CommandError> {
    Ok(state.engine.editions()?)
}

/// What changed from edition `from` to edition `to` (the *What changed* view; a few milliseconds,
/// on the async runtime, not the UI thread).
#[tauri::command]
pub async fn changes(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Changes, CommandError> {
    Ok(state.engine.changes(&from, &to)?)
}

/// Answers one structured question; unknown facts are allowed. "Today" (the default of `as_of`) is the
/// local date of this machine.
#[tauri::command]
pub async fn ask(state: State<'_, AppState>, question: Question) -> Result<Answer, CommandError> {
    Ok(state
        .engine
        .ask(&question, chrono::Local::now().date_naive())?)
}

/// An answer written out to take away (Markdown or plain text), in the engine's words.
#[tauri::command]
pub async fn share_answer(
    state: State<'_, AppState>,
    question: Question,
    answer: Answer,
    format: ShareFormat,
) -> Result<String, CommandError> {
    Ok(state.engine.share_answer(&question, &answer, format)?)
}

/// The `supportkb://` link of a question or a passage.
#[tauri::command]
pub async fn link_to(link: DeepLink) -> Result<String, CommandError> {
    Ok(link.to_url())
}

/// Reads a `supportkb://` link (pasted in the search box, or opened from outside), checking what it names.
#[tauri::command]
pub async fn open_link(state: State<'_, AppState>, text: String) -> Result<DeepLink, CommandError> {
    Ok(state.engine.open_link(&text)?)
}

/// Reads one fact of a policy from people's words ("Friday 16:30", "Japan", "4 months ago", "sev b") into
/// its JSON value and how it was understood. "Today" and "now" come from this machine's local clock;
/// `time_zone` is the question's time zone as already resolved (a zone name such as `Asia/Tokyo`), which
/// places a date-time typed without an offset.
#[tauri::command]
pub async fn resolve_fact(
    state: State<'_, AppState>,
    policy: String,
    fact: String,
    text: String,
    time_zone: Option<String>,
) -> Result<Resolved, CommandError> {
    let ctx = Context::at(chrono::Local::now().fixed_offset()).in_zone_named(time_zone.as_deref());
    Ok(state.engine.resolve_fact(&policy, &fact, &text, &ctx)?)
}

/// Reads a question typed in the search box into a policy and facts (none for an ordinary search);
/// relative words count from this machine's local date.
#[tauri::command]
pub async fn understand(
    state: State<'_, AppState>,
    text: String,
) -> Result<Understood, CommandError> {
    let ctx = Context::at(chrono::Local::now().fixed_offset());
    Ok(state.engine.understand(&text, &ctx))
}

/// Every country for a picker: code, English name and time zones (most populous first).
#[tauri::command]
pub async fn countries(state: State<'_, AppState>) -> Result<Vec<Country>, CommandError> {
    Ok(state.engine.countries().to_vec())
}

/// The glossary of the policy's words: each term, the spellings that mark it, its definition and the
/// passage it cites (the UI marks the terms in the reader and in answers).
#[tauri::command]
pub async fn glossary(state: State<'_, AppState>) -> Result<Vec<GlossaryTerm>, CommandError> {
    Ok(state
        .engine
        .glossary()
        .map_err(supportkb::EngineError::from)?
        .terms
        .clone())
}

/// A time zone in words with its offset on `day` (`YYYY-MM-DD`; default: today here), e.g.
/// `Asia/Tokyo` → "Tokyo time (UTC+09:00)", so no zone id reaches a person.
#[tauri::command]
pub async fn zone_words(zone: String, day: Option<String>) -> Result<String, CommandError> {
    let day = match day {
        Some(day) => day
            .parse()
            .map_err(|_| CommandError::new("invalid_date", format!("not a date: {day:?}")))?,
        None => chrono::Local::now().date_naive(),
    };
    supportkb::human::zone_words_of(&zone, day)
        .ok_or_else(|| CommandError::new("invalid_time_zone", format!("not a time zone: {zone:?}")))
}

/// The loaded corpora.
#[tauri::command]
pub async fn corpora(state: State<'_, AppState>) -> Result<Vec<CorpusInfo>, CommandError> {
    Ok(state.engine.corpora())
}

/// Folders the user chose to index in this session: picked in the native folder dialog
/// ([`choose_corpus`]), confirmed in the native confirmation dialog (a path typed in Settings), or named
/// at launch (`--corpus`, `--trust-folder`). [`add_corpus`] indexes only these, so a path that comes from
/// page content (a script that got into the web view) is never indexed without the user seeing it in a
/// native dialog the page cannot script. Keyed by canonical path.
#[derive(Debug, Default)]
pub struct ChosenFolders(Mutex<BTreeSet<PathBuf>>);

impl ChosenFolders {
    /// The folders named at launch, already chosen.
    pub fn with(folders: &[PathBuf]) -> Self {
        let chosen = ChosenFolders::default();
        for folder in folders {
            chosen.choose(&expand_home(&folder.display().to_string()));
        }
        chosen
    }

    /// Records `dir` as chosen by the user (nothing when it does not exist: it cannot be indexed).
    fn choose(&self, dir: &Path) {
        if let Ok(canonical) = dir.canonicalize() {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(canonical);
        }
    }

    fn is_chosen(&self, canonical: &Path) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(canonical)
    }
}

/// Whether `dir` may be indexed: when the user chose it already, yes; otherwise `confirm` asks them,
/// naming its canonical path (the native dialog of [`confirm_in_dialog`]), and a yes makes it chosen. A
/// folder that does not exist is handed on unasked: indexing it fails with the engine's message.
fn approve_folder(
    chosen: &ChosenFolders,
    dir: &Path,
    confirm: impl FnOnce(&Path) -> bool,
) -> Result<PathBuf, CommandError> {
    let Ok(canonical) = dir.canonicalize() else {
        return Ok(dir.to_path_buf());
    };
    if chosen.is_chosen(&canonical) {
        return Ok(canonical);
    }
    if !confirm(&canonical) {
        return Err(CommandError::new(
            "not_confirmed",
            format!(
                "{} was not added: adding it was not confirmed",
                canonical.display()
            ),
        ));
    }
    chosen.choose(&canonical);
    Ok(canonical)
}

/// Asks in a native dialog (which page content cannot click) whether to index `dir`.
fn confirm_in_dialog(app: &AppHandle, dir: &Path) -> bool {
    app.dialog()
        .message(format!(
            "Index the folder {}?\n\nIts markdown files become searchable in supportkb, and it is \
             indexed again at every start.",
            dir.display()
        ))
        .title("Add a folder of docs")
        .kind(MessageDialogKind::Info)
        .buttons(MessageDialogButtons::OkCancelCustom(
            "Add folder".to_string(),
            "Cancel".to_string(),
        ))
        .blocking_show()
}

/// Opens the system's folder dialog; the folder picked is chosen for [`add_corpus`] and returned (null
/// when cancelled). The path never comes from the page.
#[tauri::command]
pub async fn choose_corpus(app: AppHandle) -> Result<Option<String>, CommandError> {
    let dialog = app.clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        dialog
            .dialog()
            .file()
            .set_title("Choose a folder of docs")
            .blocking_pick_folder()
    })
    .await
    .map_err(|err| CommandError::new("dialog", err.to_string()))?;
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = picked
        .into_path()
        .map_err(|err| CommandError::new("dialog", err.to_string()))?;
    app.state::<ChosenFolders>().choose(&path);
    Ok(Some(path.display().to_string()))
}

/// Indexes a folder of markdown (progress streamed on `progress`), watches it and remembers it. Only a
/// folder the user chose ([`ChosenFolders`]); a typed path is confirmed in a native dialog first.
#[tauri::command]
pub async fn add_corpus(
    app: AppHandle,
    state: State<'_, AppState>,
    dir: String,
    progress: Channel<IndexProgress>,
) -> Result<CorpusReport, CommandError> {
    let typed = expand_home(&dir);
    let asker = app.clone();
    let dir = tauri::async_runtime::spawn_blocking(move || {
        approve_folder(&asker.state::<ChosenFolders>(), &typed, |path| {
            confirm_in_dialog(&asker, path)
        })
    })
    .await
    .map_err(|err| CommandError::new("dialog", err.to_string()))??;
    let start = Instant::now();
    let report = state.add_folder(&dir, &|step| {
        let _ = progress.send(IndexProgress::from(step));
    })?;
    Ok(CorpusReport {
        added: report.corpus,
        watched: report.persistent,
        corpora: state.engine.corpora(),
        problems: report.problems,
        took_ms: start.elapsed().as_secs_f64() * 1000.0,
    })
}

/// Removes a folder from the index and forgets it.
#[tauri::command]
pub async fn remove_corpus(
    state: State<'_, AppState>,
    dir: String,
) -> Result<Vec<CorpusInfo>, CommandError> {
    state.remove_folder(&expand_home(&dir))
}

/// Registers the UI's channel for folder events (loaded at start, changed on disk, failed).
#[tauri::command]
pub async fn corpus_events(
    state: State<'_, AppState>,
    events: Channel<CorpusEvent>,
) -> Result<(), CommandError> {
    state.corpus_events.register(events);
    Ok(())
}

/// Registers the UI's channel for `supportkb://` links opened from outside the window.
#[tauri::command]
pub async fn deep_links(
    links: State<'_, DeepLinks>,
    channel: Channel<String>,
) -> Result<(), CommandError> {
    links.register(channel);
    Ok(())
}

/// Search history and pinned answers.
#[tauri::command]
pub async fn user_data(state: State<'_, AppState>) -> Result<UserData, CommandError> {
    Ok(state.user_data()?.data().clone())
}

/// Names a pinned answer and sets its note.
#[tauri::command]
pub async fn describe_pin(
    state: State<'_, AppState>,
    id: String,
    name: String,
    note: String,
) -> Result<UserData, CommandError> {
    let mut store = state.user_data()?;
    store.describe_pin(&id, &name, &note)?;
    Ok(store.data().clone())
}

/// Writes every pinned answer to the file the user chose in the save dialog.
#[tauri::command]
pub async fn export_pins(state: State<'_, AppState>, path: PathBuf) -> Result<(), CommandError> {
    Ok(state.user_data()?.export_pins_to(&path)?)
}

/// Adds the pinned answers of a file the user chose in the open dialog; returns what it did and the
/// user data after it.
#[tauri::command]
pub async fn import_pins(
    state: State<'_, AppState>,
    path: PathBuf,
) -> Result<(PinsImported, UserData), CommandError> {
    let mut store = state.user_data()?;
    let report = store.import_pins_from(&path)?;
    Ok((report, store.data().clone()))
}

/// Adds a query to the history.
#[tauri::command]
pub async fn record_search(
    state: State<'_, AppState>,
    query: String,
) -> Result<UserData, CommandError> {
    let mut store = state.user_data()?;
    store.record_search(&query, chrono::Utc::now())?;
    Ok(store.data().clone())
}

/// Forgets the search history.
#[tauri::command]
pub async fn clear_history(state: State<'_, AppState>) -> Result<UserData, CommandError> {
    let mut store = state.user_data()?;
    store.clear_history()?;
    Ok(store.data().clone())
}

/// Pins an answer.
#[tauri::command]
pub async fn pin_answer(
    state: State<'_, AppState>,
    answer: PinnedAnswer,
) -> Result<UserData, CommandError> {
    let mut store = state.user_data()?;
    store.pin(answer, chrono::Utc::now())?;
    Ok(store.data().clone())
}

/// Unpins an answer.
#[tauri::command]
pub async fn unpin_answer(
    state: State<'_, AppState>,
    id: String,
) -> Result<UserData, CommandError> {
    let mut store = state.user_data()?;
    store.unpin(&id)?;
    Ok(store.data().clone())
}

/// Runs `work` on a blocking thread (the course and quizzes are computed on first use, an older
/// edition's FAQ indexed on its first search).
async fn blocking<T: Send + 'static>(
    app: tauri::AppHandle,
    work: impl FnOnce(&AppState) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))?
}

/// The Learn course: lessons in the policy page's order with their passages and worked scenarios.
#[tauri::command]
pub async fn learn_course(app: tauri::AppHandle) -> Result<Course, CommandError> {
    blocking(app, |state| Ok(supportkb::learn::course(&state.engine)?)).await
}

/// The quiz of a lesson (the same questions on every run).
#[tauri::command]
pub async fn learn_quiz(
    app: tauri::AppHandle,
    lesson: String,
) -> Result<Vec<QuizQuestion>, CommandError> {
    blocking(app, move |state| {
        Ok(supportkb::learn::quiz(&state.engine, &lesson)?)
    })
    .await
}

/// The missed questions, asked again from their facts.
#[tauri::command]
pub async fn learn_review(
    app: tauri::AppHandle,
    missed: Vec<MissedQuestion>,
) -> Result<Vec<QuizQuestion>, CommandError> {
    blocking(app, move |state| {
        Ok(supportkb::learn::review(&state.engine, &missed)?)
    })
    .await
}

/// The engine's answer to a quiz question, compared with the choices picked.
#[tauri::command]
pub async fn learn_check(
    state: State<'_, AppState>,
    question: Question,
    verdict: String,
    deadline: Option<String>,
) -> Result<QuizResult, CommandError> {
    Ok(supportkb::learn::check(
        &state.engine,
        &question,
        &verdict,
        deadline.as_deref(),
    )?)
}

/// Records an answer to a quiz question in the user data (progress, mistakes to review).
#[tauri::command]
pub async fn record_quiz(
    state: State<'_, AppState>,
    attempt: QuizAttempt,
) -> Result<UserData, CommandError> {
    let mut store = state.user_data()?;
    store.record_quiz(attempt, chrono::Utc::now())?;
    Ok(store.data().clone())
}

/// Forgets the progress through the Learn course (scores, questions mastered and missed).
#[tauri::command]
pub async fn reset_learning(state: State<'_, AppState>) -> Result<UserData, CommandError> {
    state.reset_learning()
}

/// Opens an `https` URL in the system browser; any other scheme is refused.
#[tauri::command]
pub async fn open_external(url: String) -> Result<(), CommandError> {
    let parsed = external_url(&url)?;
    open::that_detached(parsed.as_str()).map_err(|error| {
        CommandError::new(
            "open_failed",
            format!("cannot open {parsed} in the browser: {error}"),
        )
    })
}

/// Accepts only absolute `https` URLs with a host.
pub fn external_url(url: &str) -> Result<tauri::Url, CommandError> {
    let parsed = tauri::Url::parse(url.trim()).map_err(|error| {
        CommandError::new("invalid_url", format!("not a valid link {url:?}: {error}"))
    })?;
    if parsed.scheme() != "https" || parsed.host_str().is_none_or(str::is_empty) {
        return Err(CommandError::new(
            "invalid_url",
            format!("only https links open in the browser, not {url:?}"),
        ));
    }
    Ok(parsed)
}

/// `~/docs` → `$HOME/docs` (users type paths by hand in Settings).
fn expand_home(dir: &str) -> PathBuf {
    let dir = dir.trim();
    match (dir.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(dir),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A failed unwrap is the test failing.
mod tests {
    use super::*;

    #[test]
    fn only_https_urls_are_external() {
        assert!(external_url("https://learn.microsoft.com/power-platform/").is_ok());
        for bad in [
            "http://example.com",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "notaurl",
        ] {
            let error = external_url(bad).unwrap_err();
            assert_eq!(error.code, "invalid_url", "{bad}");
        }
    }

    #[test]
    fn a_folder_picked_in_the_dialog_is_added_without_asking_again() {
        let tmp = tempfile::tempdir().unwrap();
        let chosen = ChosenFolders::default();
        chosen.choose(tmp.path());
        let approved = approve_folder(&chosen, tmp.path(), |_| panic!("asked again")).unwrap();
        assert_eq!(approved, tmp.path().canonicalize().unwrap());
    }

    #[test]
    fn a_typed_folder_is_added_only_when_confirmed_in_the_native_dialog() {
        let tmp = tempfile::tempdir().unwrap();
        let docs = tmp.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        let chosen = ChosenFolders::default();
        // The dialog names the folder as it will be indexed (canonical), not as typed.
        let typed = tmp.path().join("docs/../docs");
        let mut asked = Vec::new();
        let refused = approve_folder(&chosen, &typed, |path| {
            asked.push(path.to_path_buf());
            false
        })
        .unwrap_err();
        assert_eq!(refused.code, "not_confirmed");
        assert!(refused.message.contains("was not added"), "{refused:?}");
        assert_eq!(asked, vec![docs.canonicalize().unwrap()]);
        assert!(!chosen.is_chosen(&docs.canonicalize().unwrap()));

        let approved = approve_folder(&chosen, &typed, |_| true).unwrap();
        assert_eq!(approved, docs.canonicalize().unwrap());
        // Confirmed once: adding it again (e.g. after removing it) does not ask again this session.
        approve_folder(&chosen, &docs, |_| panic!("asked again")).unwrap();
    }

    #[test]
    fn a_path_from_page_content_is_never_indexed_unseen() {
        // A script in the web view calls add_corpus with a folder the user never picked: the native
        // dialog asks (the page cannot answer it), and declining leaves nothing chosen.
        let tmp = tempfile::tempdir().unwrap();
        let secrets = tmp.path().join("secrets");
        std::fs::create_dir(&secrets).unwrap();
        let chosen = ChosenFolders::with(&[tmp.path().join("elsewhere")]);
        let mut asked = 0;
        for attempt in [
            secrets.clone(),
            secrets.join("."),
            tmp.path().join("secrets/"),
        ] {
            assert!(approve_folder(&chosen, &attempt, |_| {
                asked += 1;
                false
            })
            .is_err());
        }
        assert_eq!(asked, 3, "every attempt is put to the user");
        // Folders named at launch count as chosen.
        let launched = ChosenFolders::with(std::slice::from_ref(&secrets));
        approve_folder(&launched, &secrets, |_| panic!("asked")).unwrap();
    }

    #[test]
    fn home_is_expanded() {
        let home = std::env::var("HOME").unwrap();
        assert_eq!(expand_home(" ~/docs "), PathBuf::from(home).join("docs"));
        assert_eq!(expand_home("/abs"), PathBuf::from("/abs"));
    }
}
