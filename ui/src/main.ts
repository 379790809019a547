// The window: top bar with the search box (focused at start, Ctrl+K from anywhere), view tabs, and the
// five views. Everything the user sees comes from the Rust engine through ./backend.
import "./style.css";
import { backend } from "./backend";
import { byId, h } from "./dom";
import { isSearchShortcut } from "./keyboard";
import { currentView, onViewChange, showView, timings, VIEWS, type View } from "./state";
import { showError, toast } from "./toast";
import { assistantView, initAssistant, learnView } from "./views/assistant";
import { readerView, refreshTopics } from "./views/reader";
import { initSearch, openPastedLink, searchView } from "./views/search";
import { listenForFolderEvents, restoreAppearance, settingsView, showAppInfo } from "./views/settings";

function shell(): HTMLElement {
  const input = h("input", {
    id: "search-input",
    type: "search",
    placeholder: "Search the support policy…  (Ctrl+K)",
    autocomplete: "off",
    spellcheck: "false",
    "aria-label": "Search the support policy",
  });
  initSearch(input);
  const tabs = VIEWS.map((view, index) =>
    h(
      "button",
      {
        class: "tab",
        role: "tab",
        "data-view": view.id,
        title: `${view.label} (Alt+${index + 1})`,
        onclick: () => showView(view.id),
      },
      view.label,
    ),
  );
  return h(
    "div",
    { class: "app" },
    h(
      "header",
      { class: "topbar" },
      h("div", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }), "supportkb"),
      h("div", { class: "search-box" }, input),
    ),
    h("nav", { class: "tabs", role: "tablist" }, tabs),
    h("main", { id: "views" }, searchView(), readerView(), assistantView(), learnView(), settingsView()),
  );
}

function render(view: View): void {
  document.querySelectorAll<HTMLElement>("#views > .view").forEach((el) => {
    el.hidden = el.id !== `view-${view}`;
  });
  document.querySelectorAll<HTMLElement>(".tabs .tab").forEach((tab) => {
    const on = tab.dataset.view === view;
    tab.classList.toggle("active", on);
    tab.setAttribute("aria-selected", on ? "true" : "false");
  });
}

function focusSearch(): void {
  showView("search");
  const input = byId<HTMLInputElement>("search-input");
  input.focus();
  input.select();
}

function onKeyDown(event: KeyboardEvent): void {
  if (isSearchShortcut(event)) {
    event.preventDefault();
    focusSearch();
    return;
  }
  if (event.altKey && !event.ctrlKey && /^[1-5]$/.test(event.key)) {
    event.preventDefault();
    showView(VIEWS[Number(event.key) - 1].id);
    return;
  }
  if (event.key === "Escape" && currentView() === "reader") focusSearch();
}

function start(): void {
  restoreAppearance();
  const app = byId("app");
  app.replaceWith(shell());
  onViewChange(render);
  render("search");
  document.addEventListener("keydown", onKeyDown);
  byId<HTMLInputElement>("search-input").focus();
  requestAnimationFrame(() => {
    timings.readyMs = performance.now();
    backend.appReady().catch(() => undefined);
  });
  backend
    .appInfo()
    .then((info) => {
      showAppInfo(info);
      for (const notice of info.notices) toast(notice, "notice");
    })
    .catch(showError);
  void refreshTopics();
  // Links from outside the window wait in the backend until the assistant has its policies, so that a
  // question's link fills its form.
  void initAssistant().then(listenForDeepLinks);
  listenForFolderEvents().catch(showError);
}

/** A supportkb:// link clicked in another app (or the one the app was started with) opens here as if
 * pasted in the search box. */
function listenForDeepLinks(): void {
  backend
    .deepLinks((link) => {
      showView("search");
      void openPastedLink(link);
    })
    .catch(showError);
}

start();
