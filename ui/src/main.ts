// The window: top bar with the search box (focused at start, Ctrl+K from anywhere), view tabs, and the
// six views. Everything the user sees comes from the Rust engine through ./backend.
import "./style.css";
import { backend } from "./backend";
import { byId, h } from "./dom";
import { navigationOf, NavHistory, type Place } from "./history";
import { isSearchShortcut } from "./keyboard";
import { currentView, onViewChange, showView, timings, VIEWS, type View } from "./state";
import { showError, toast } from "./toast";
import { assistantView, initAssistant } from "./views/assistant";
import { changesView, initChanges } from "./views/changes";
import { initLearn, learnView } from "./views/learn";
import { initGlossary, loadChangedPassages, onPassageInView, openInReader, readerPlace, readerView, refreshTopics } from "./views/reader";
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
      h(
        "div",
        { class: "nav-buttons" },
        h("button", { id: "nav-back", class: "icon nav", type: "button", "aria-label": "Back", title: "Back (Alt+Left)", disabled: true, onclick: () => void go("back") }, "←"),
        h("button", { id: "nav-forward", class: "icon nav", type: "button", "aria-label": "Forward", title: "Forward (Alt+Right)", disabled: true, onclick: () => void go("forward") }, "→"),
      ),
      h("div", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }), "supportkb"),
      h("div", { class: "search-box" }, input),
    ),
    h("nav", { class: "tabs", role: "tablist" }, tabs),
    h("main", { id: "views" }, searchView(), readerView(), assistantView(), learnView(), changesView(), settingsView()),
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

/** Every navigation (a view shown, a passage opened) is a place Back and Forward return to. */
const history = new NavHistory();
/** Set while Back or Forward shows a place, so showing it is not recorded as a new visit. */
let restoring = false;

function placeOf(view: View): Place | null {
  if (view !== "reader") return { view };
  const passage = readerPlace();
  return passage ? { view, ...passage } : null;
}

function recordVisit(view: View): void {
  const place = placeOf(view);
  if (!restoring && place) history.visit(place);
}

async function go(direction: "back" | "forward"): Promise<void> {
  const place = direction === "back" ? history.back() : history.forward();
  if (!place) return;
  restoring = true;
  try {
    if (place.view === "reader") await openInReader(place.doc, place.anchor, "", place.policyVersion ?? null);
    else showView(place.view);
  } finally {
    restoring = false;
  }
}

function updateNavButtons(): void {
  byId<HTMLButtonElement>("nav-back").disabled = !history.canGoBack;
  byId<HTMLButtonElement>("nav-forward").disabled = !history.canGoForward;
}

function onMouseUp(event: MouseEvent): void {
  const direction = navigationOf(event);
  if (!direction) return;
  event.preventDefault();
  void go(direction);
}

function focusSearch(): void {
  showView("search");
  const input = byId<HTMLInputElement>("search-input");
  input.focus();
  input.select();
}

function onKeyDown(event: KeyboardEvent): void {
  const direction = navigationOf(event);
  if (direction) {
    event.preventDefault();
    void go(direction);
    return;
  }
  if (isSearchShortcut(event)) {
    event.preventDefault();
    focusSearch();
    return;
  }
  if (event.altKey && !event.ctrlKey && /^[1-6]$/.test(event.key)) {
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
  onViewChange(recordVisit);
  onViewChange((view) => {
    if (view === "changes") void initChanges();
  });
  history.onChange(updateNavButtons);
  onPassageInView((passage) => {
    const current = history.current;
    if (!restoring && current?.view === "reader" && current.doc === passage.doc) history.replaceCurrent({ view: "reader", ...passage });
  });
  render("search");
  recordVisit("search");
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("mouseup", onMouseUp);
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
  void loadChangedPassages();
  void initGlossary();
  // Links from outside the window wait in the backend until the assistant has its policies, so that a
  // question's link fills its form.
  void initAssistant().then(listenForDeepLinks);
  void initLearn();
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
