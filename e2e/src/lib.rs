//! Harness for driving the real `supportkb-desktop` binary through WebDriver.
//!
//! [`Driver::start`] spawns `tauri-driver` (which starts Debian's `WebKitWebDriver`) on its own ports;
//! [`Driver::session`] launches the app in a new WebDriver session. The harness needs an X display:
//! run it under `xvfb-run`. Pitfalls handled here: `tauri-driver` is stopped with
//! SIGTERM (a SIGKILL orphans `WebKitWebDriver`, which keeps its port), and connecting is bounded by a
//! timeout because a session request without a display hangs forever.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// Any error of the harness, as text that says what was being done.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Result of harness operations.
pub type Result<T> = std::result::Result<T, Error>;

/// How long to wait for a WebDriver session (the app to start and load its page).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(40);

/// How long to wait for an element or a condition in the page.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(10);

/// The workspace root (parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR`, else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The app binary: `$SUPPORTKB_DESKTOP_BIN`, else `<target dir>/debug/supportkb-desktop`.
pub fn app_binary() -> Result<PathBuf> {
    let path = match std::env::var_os("SUPPORTKB_DESKTOP_BIN") {
        Some(path) => PathBuf::from(path),
        None => target_dir().join("debug/supportkb-desktop"),
    };
    if !path.is_file() {
        return Err(format!(
            "the desktop binary {} does not exist; build it first (make desktop-debug) or set SUPPORTKB_DESKTOP_BIN",
            path.display()
        )
        .into());
    }
    Ok(path.canonicalize()?)
}

/// `tauri-driver`: `$TAURI_DRIVER`, else `tauri-driver` on PATH, else `~/.cargo/bin/tauri-driver`.
fn tauri_driver_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("tauri-driver"))
                .find(|p| p.is_file())
        })
        .unwrap_or_default();
    on_path.unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo/bin/tauri-driver")
    })
}

/// A running `tauri-driver`, stopped with SIGTERM on drop.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts `tauri-driver` on `port` (WebDriver) and `port + 1` (WebKitWebDriver) and waits until it
    /// accepts connections.
    pub fn start(port: u16) -> Result<Driver> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err(
                "no X display: run the end-to-end tests under xvfb-run (make test-e2e does)".into(),
            );
        }
        let binary = tauri_driver_binary();
        let child = Command::new(&binary)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|error| {
                format!(
                    "starting {}: {error} (install it: cargo install tauri-driver --locked)",
                    binary.display()
                )
            })?;
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(
                    format!("tauri-driver did not listen on port {port} within 10 s").into(),
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    /// Launches the app with `args` in a new WebDriver session. A request that fails outright (the
    /// driver may accept connections a moment before WebKitWebDriver is ready) is retried until
    /// [`CONNECT_TIMEOUT`].
    pub async fn session(&self, app: &Path, args: &[String]) -> Result<Client> {
        let deadline = Instant::now() + CONNECT_TIMEOUT;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(remaining, self.connect(app, args)).await {
                Ok(Ok(client)) => return Ok(client),
                Ok(Err(error)) if Instant::now() + Duration::from_secs(1) < deadline => {
                    eprintln!("WebDriver session failed ({error}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Ok(Err(error)) => return Err(error),
                Err(_) => {
                    return Err(format!(
                    "no WebDriver session within {} s (is there a display? does the app start?)",
                    CONNECT_TIMEOUT.as_secs()
                )
                    .into())
                }
            }
        }
    }

    async fn connect(&self, app: &Path, args: &[String]) -> Result<Client> {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(capabilities);
        Ok(builder.connect(&url).await?)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver; kill() (SIGKILL) would orphan it.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for an element matching `css`.
pub async fn wait_for(client: &Client, css: &str) -> Result<Element> {
    client
        .wait()
        .at_most(WAIT_TIMEOUT)
        .for_element(Locator::Css(css))
        .await
        .map_err(|error| format!("waiting for {css}: {error}").into())
}

/// Polls `check` until it returns `Some`, or fails after [`WAIT_TIMEOUT`] naming `what`.
pub async fn wait_until<T, F, Fut>(what: &str, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + WAIT_TIMEOUT;
    loop {
        if let Some(value) = check().await? {
            return Ok(value);
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Text of the first element matching `css`, or `None` when there is none (or it was just re-rendered).
pub async fn text_of(client: &Client, css: &str) -> Result<Option<String>> {
    let element = match client.find(Locator::Css(css)).await {
        Ok(element) => element,
        Err(error) if error.is_no_such_element() => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    match element.text().await {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.is_stale_element_reference() => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// An attribute of the first element matching `css` (`None` when absent or just re-rendered).
pub async fn attribute_of(client: &Client, css: &str, name: &str) -> Result<Option<String>> {
    let element = match client.find(Locator::Css(css)).await {
        Ok(element) => element,
        Err(error) if error.is_no_such_element() => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    match element.attr(name).await {
        Ok(value) => Ok(value),
        Err(error) if error.is_stale_element_reference() => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Sets an input's or select's value the way a user would and fires `input` and `change`.
pub async fn set_value(client: &Client, css: &str, value: &str) -> Result<()> {
    wait_for(client, css).await?;
    client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1];
             el.dispatchEvent(new Event('input', {bubbles: true}));
             el.dispatchEvent(new Event('change', {bubbles: true})); return el.value;",
            vec![serde_json::json!(css), serde_json::json!(value)],
        )
        .await?;
    Ok(())
}

/// Saves a screenshot of the window as PNG to `path` (creating its folder).
pub async fn screenshot(client: &Client, path: &Path) -> Result<()> {
    // WebKitWebDriver snapshots the last painted frame: let pending DOM changes paint first.
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));",
            vec![],
        )
        .await?;
    let png = client.screenshot().await?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, png)?;
    Ok(())
}

/// Where screenshots go: `SUPPORTKB_SCREENSHOTS` (set by `make screenshots`), else
/// `e2e-artifacts/screenshots` (untracked).
pub fn screenshots_dir() -> PathBuf {
    std::env::var_os("SUPPORTKB_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("e2e-artifacts/screenshots"))
}

/// Waits for `css`, then clicks it.
pub async fn click(client: &Client, css: &str) -> Result<()> {
    wait_for(client, css).await?.click().await?;
    Ok(())
}

/// Fails with the list when axe-core finds a serious or critical accessibility problem in `view`.
pub async fn assert_accessible(client: &Client, view: &str) -> Result<()> {
    let found = accessibility_violations(client).await?;
    assert!(
        found.is_empty(),
        "accessibility problems in the {view}:\n{}",
        found.join("\n")
    );
    Ok(())
}

/// The serious and critical accessibility violations axe-core (the npm package in `ui/node_modules`)
/// finds in the page as it is now, one line each: rule, impact, what it asks, the first elements.
pub async fn accessibility_violations(client: &Client) -> Result<Vec<String>> {
    let loaded = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != serde_json::json!(true) {
        let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {} (run npm ci in ui/): {e}", path.display()))?;
        client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await?;
    }
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.axe.run(document, { resultTypes: ['violations'] })
               .then((r) => done(r.violations
                 .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                 .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                   v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '))))
               .catch((e) => done(['axe failed: ' + e]));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}
