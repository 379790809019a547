// Reports "page ready" the same way the supportkb UI does once its search box is interactive.
requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("app_ready"));
