//! `supportkb://` links from outside the window: the link the app was launched with (the launcher runs
//! `supportkb-desktop %u` for a link clicked elsewhere, see the `.desktop` entry) and the links of later
//! launches, which the single-instance plugin forwards to the running app instead of opening a second
//! window. They wait here until the UI registers its channel (`deep_links` command), then go to it one
//! by one; the UI opens each the way it opens a link pasted in the search box.

use std::sync::Mutex;

use tauri::ipc::Channel;

/// The URL scheme the desktop registers (`plugins.deep-link` in `tauri.conf.json`).
pub const SCHEME: &str = "supportkb";

/// Links waiting for the UI, and the UI's channel once it registered one.
#[derive(Default)]
pub struct DeepLinks(Mutex<Outbox>);

#[derive(Default)]
struct Outbox {
    waiting: Vec<String>,
    channel: Option<Channel<String>>,
}

impl DeepLinks {
    /// Sends `links` to the UI, or keeps them until it registers its channel.
    pub fn arrive(&self, links: impl IntoIterator<Item = String>) {
        let Ok(mut outbox) = self.0.lock() else {
            return;
        };
        for link in links {
            match &outbox.channel {
                Some(channel) if channel.send(link.clone()).is_ok() => {}
                _ => outbox.waiting.push(link),
            }
        }
    }

    /// Takes the UI's channel (the page registers one each time it loads) and sends it the links that
    /// waited for it.
    pub fn register(&self, channel: Channel<String>) {
        let Ok(mut outbox) = self.0.lock() else {
            return;
        };
        let waiting = std::mem::take(&mut outbox.waiting);
        outbox.channel = Some(channel);
        drop(outbox);
        self.arrive(waiting);
    }
}

/// Whether a command-line argument is a `supportkb:` link (the scheme in any case, as URLs allow).
pub fn is_link(arg: &str) -> bool {
    arg.split_once(':')
        .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case(SCHEME))
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tauri::ipc::{Channel, InvokeResponseBody};

    use super::{is_link, DeepLinks};

    /// A channel that records what the UI would receive.
    fn recording_channel() -> (Channel<String>, Arc<Mutex<Vec<String>>>) {
        let received = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&received);
        let channel = Channel::new(move |body| {
            if let InvokeResponseBody::Json(json) = body {
                sink.lock()
                    .unwrap()
                    .push(serde_json::from_str(&json).unwrap());
            }
            Ok(())
        });
        (channel, received)
    }

    #[test]
    fn a_link_the_app_was_launched_with_waits_for_the_window_then_opens_once() {
        let links = DeepLinks::default();
        links.arrive(["supportkb://ask/reopen?closed_on=2026-08-12".to_string()]);
        let (channel, received) = recording_channel();
        links.register(channel);
        assert_eq!(
            *received.lock().unwrap(),
            ["supportkb://ask/reopen?closed_on=2026-08-12"]
        );
        // A page reload registers a new channel: the link is not opened again.
        let (reloaded, received_after_reload) = recording_channel();
        links.register(reloaded);
        assert!(received_after_reload.lock().unwrap().is_empty());
    }

    #[test]
    fn a_link_from_a_second_launch_goes_straight_to_the_open_window() {
        let links = DeepLinks::default();
        let (channel, received) = recording_channel();
        links.register(channel);
        links.arrive([
            "supportkb://read/reopening-incidents.md#reopen-window".to_string(),
            "SUPPORTKB://ask/reopen".to_string(),
        ]);
        assert_eq!(
            *received.lock().unwrap(),
            [
                "supportkb://read/reopening-incidents.md#reopen-window",
                "SUPPORTKB://ask/reopen"
            ]
        );
    }

    #[test]
    fn only_supportkb_links_are_links() {
        assert!(is_link("supportkb://ask/reopen"));
        assert!(is_link("SupportKB:ask"));
        for other in [
            "--data-dir",
            "/home/me/docs",
            "https://learn.microsoft.com/",
            "supportkb",
        ] {
            assert!(!is_link(other), "{other}");
        }
    }
}
