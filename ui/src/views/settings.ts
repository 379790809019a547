// Settings: the user's own folders of docs (indexed by the engine), theme and font size, history.
import { backend, BackendError } from "../backend";
import { byId, h, replaceChildren } from "../dom";
import { showError, toast } from "../toast";
import type { AppInfo, CorpusEvent, CorpusReport, CorpusInfo, IndexProgress, ProblemGroup } from "../types";
import { refreshTopics } from "./reader";
import { refreshResults, updateSources } from "./search";

/** Theme choice: follow the system, or force one. */
export type Theme = "system" | "light" | "dark";

const THEME_KEY = "supportkb.theme";
const FONT_KEY = "supportkb.fontSize";
export const FONT_MIN = 12;
export const FONT_MAX = 22;
export const FONT_DEFAULT = 15;

/** Applies and remembers the theme (`system` follows prefers-color-scheme). */
export function applyTheme(theme: Theme): void {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  localStorage.setItem(THEME_KEY, theme);
}

/** Clamps a font size to the supported range; anything unreadable falls back to the default. */
export function clampFontSize(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return FONT_DEFAULT;
  return Math.min(FONT_MAX, Math.max(FONT_MIN, Math.round(n)));
}

/** Applies and remembers the base font size in px. */
export function applyFontSize(size: number): void {
  const px = clampFontSize(size);
  document.documentElement.style.setProperty("--font-size", `${px}px`);
  localStorage.setItem(FONT_KEY, String(px));
}

/** Restores theme and font size from the last session. */
export function restoreAppearance(): void {
  const theme = localStorage.getItem(THEME_KEY);
  applyTheme(theme === "light" || theme === "dark" ? theme : "system");
  applyFontSize(clampFontSize(localStorage.getItem(FONT_KEY) ?? FONT_DEFAULT));
}

/** Builds the settings view. */
export function settingsView(): HTMLElement {
  const theme = (document.documentElement.dataset.theme as Theme | undefined) ?? "system";
  const fontSize = clampFontSize(localStorage.getItem(FONT_KEY) ?? FONT_DEFAULT);
  const pathInput = h("input", {
    id: "corpus-path",
    type: "text",
    placeholder: "/home/you/docs/power-platform",
    "aria-label": "Folder of markdown docs",
  });
  pathInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") void addFolder();
  });
  const themeSelect = h(
    "select",
    { id: "theme", onchange: (e: Event) => applyTheme((e.target as HTMLSelectElement).value as Theme) },
    h("option", { value: "system" }, "Follow the system"),
    h("option", { value: "light" }, "Light"),
    h("option", { value: "dark" }, "Dark"),
  );
  themeSelect.value = theme;
  const fontValue = h("output", { id: "font-size-value" }, `${fontSize}px`);
  const fontRange = h("input", {
    id: "font-size",
    type: "range",
    min: FONT_MIN,
    max: FONT_MAX,
    step: 1,
    value: fontSize,
    oninput: (e: Event) => {
      const size = clampFontSize((e.target as HTMLInputElement).value);
      applyFontSize(size);
      fontValue.textContent = `${size}px`;
    },
  });
  return h(
    "section",
    { id: "view-settings", class: "view settings" },
    h("h1", {}, "Settings"),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Your folders of docs"),
      h("p", { class: "muted" }, "Add a folder of Microsoft-Learn-style markdown; it is indexed with the support FAQ, searchable at once, kept up to date as its files change, and opened again at the next start."),
      h(
        "div",
        { class: "row" },
        pathInput,
        h("button", { id: "choose-corpus", class: "button", onclick: () => void chooseFolder() }, "Browse…"),
        h("button", { id: "add-corpus", class: "button primary", onclick: () => void addFolder() }, "Add folder"),
      ),
      h("div", { id: "corpus-status", class: "status", "aria-live": "polite" }),
      h("ul", { id: "corpus-list", class: "plain corpus-list" }),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Appearance"),
      h("div", { class: "field" }, h("label", { for: "theme" }, "Theme"), themeSelect),
      h("div", { class: "field" }, h("label", { for: "font-size" }, "Text size"), h("div", { class: "row" }, fontRange, fontValue)),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "History and pins"),
      h("p", { id: "data-file", class: "muted" }),
      h(
        "button",
        {
          id: "clear-history",
          class: "button",
          onclick: () =>
            backend
              .clearHistory()
              .then(() => toast("Search history cleared"))
              .catch(showError),
        },
        "Clear search history",
      ),
    ),
    h("section", { class: "card" }, h("h2", {}, "About"), h("p", { id: "about", class: "muted" })),
  );
}

/** Fills the settings from the app info. */
export function showAppInfo(info: AppInfo): void {
  renderCorpora(info.corpora);
  byId("data-file").textContent = info.data_file
    ? `Stored in ${info.data_file}`
    : "Not saved this session (the data folder is unusable).";
  byId("about").textContent =
    `supportkb ${info.version} · support policy of ${info.policy_editions.join(" and ")} · ` +
    `build ${info.revision} · works offline · knowledge base compiled in`;
}

/** Remembered folders that could not be loaded at start (moved or deleted), with the reason. */
const unavailable = new Map<string, string>();

/** Each folder's problems as the engine grouped them when it was last loaded, by folder. */
const problemsByFolder = new Map<string, ProblemGroup[]>();

function renderCorpora(corpora: CorpusInfo[]): void {
  updateSources(corpora);
  const loaded = new Set(corpora.flatMap((corpus) => (corpus.path ? [corpus.path, corpus.source] : [])));
  const missing = [...unavailable].filter(([folder]) => !loaded.has(folder));
  replaceChildren(
    byId("corpus-list"),
    ...missing.map(([folder, reason]) =>
      h(
        "li",
        { class: "corpus unavailable", "data-source": folder },
        h("span", { class: "corpus-name" }, folder),
        h("span", { class: "muted" }, ` not available: ${reason} `),
        h("button", { class: "button small remove-corpus", onclick: () => void removeFolder(folder) }, "Forget"),
      ),
    ),
    corpora.map((corpus) =>
      h(
        "li",
        { class: "corpus", "data-source": corpus.source },
        h("span", { class: "corpus-name" }, corpus.path ?? "Support policy FAQ (built in)"),
        h("span", { class: "muted" }, ` ${corpus.documents} documents · ${corpus.sections} sections `),
        corpus.path
          ? h("button", { class: "button small remove-corpus", onclick: () => void removeFolder(corpus.path as string) }, "Remove")
          : null,
        problemList(problemsByFolder.get(corpus.path ?? "") ?? problemsByFolder.get(corpus.source) ?? []),
      ),
    ),
  );
}

async function chooseFolder(): Promise<void> {
  let chosen: string | null;
  try {
    chosen = await backend.chooseFolder();
  } catch (error) {
    showError(error);
    return;
  }
  if (chosen === null) return;
  byId<HTMLInputElement>("corpus-path").value = chosen;
  await addFolder();
}

async function addFolder(): Promise<void> {
  const input = byId<HTMLInputElement>("corpus-path");
  const dir = input.value.trim();
  const status = byId("corpus-status");
  if (dir === "") {
    status.textContent = "Type the path of a folder first.";
    return;
  }
  const button = byId<HTMLButtonElement>("add-corpus");
  button.disabled = true;
  const started = performance.now();
  status.className = "status busy";
  status.textContent = `Indexing ${dir}…`;
  let files = "";
  const tick = setInterval(() => {
    status.textContent = `Indexing ${dir}…${files} ${((performance.now() - started) / 1000).toFixed(1)} s`;
  }, 200);
  let report: CorpusReport;
  try {
    report = await backend.addCorpus(dir, (progress) => {
      files = progress.total > 0 ? ` ${progressText(progress)} ·` : "";
    });
  } catch (error) {
    // Cancelled in the confirmation dialog (a typed path is confirmed by the user there): not a failure.
    status.className = error instanceof BackendError && error.code === "not_confirmed" ? "status" : "status error";
    status.textContent = error instanceof Error ? error.message : String(error);
    return;
  } finally {
    clearInterval(tick);
    button.disabled = false;
  }
  const added = report.added;
  status.className = "status done";
  status.textContent = `Indexed ${added.documents} documents (${added.sections} sections) in ${report.took_ms.toFixed(0)} ms${
    report.watched ? "; changes to its files show up by themselves" : ""
  }${report.problems.length ? "; some files have problems, listed under the folder" : ""}.`;
  problemsByFolder.set(report.added.path ?? report.added.source, report.problems);
  input.value = "";
  renderCorpora(report.corpora);
  await refreshTopics();
  refreshResults();
}

/** The engine's groups of a folder's problems: a headline each, expandable to the list of files. */
export function problemList(problems: ProblemGroup[]): HTMLElement | null {
  if (problems.length === 0) return null;
  return h(
    "div",
    { class: "problems" },
    problems.map((group) =>
      h(
        "details",
        { class: group.left_out ? "problem left-out" : "problem" },
        h("summary", {}, group.headline),
        group.files.length > 0
          ? h(
              "ul",
              { class: "plain problem-files" },
              group.files.map((file) =>
                h("li", {}, h("span", { class: "problem-file" }, file.path), file.detail ? h("span", { class: "muted" }, ` — ${file.detail}`) : null),
              ),
            )
          : null,
      ),
    ),
  );
}

/** "120 of 849 files" while a folder is indexed. */
export function progressText(progress: IndexProgress): string {
  return `${progress.done} of ${progress.total} file${progress.total === 1 ? "" : "s"}`;
}

/** Listens for the backend's folder events: remembered folders loaded after start, files changed on disk. */
export async function listenForFolderEvents(): Promise<void> {
  await backend.corpusEvents((event) => void onFolderEvent(event));
}

async function onFolderEvent(event: CorpusEvent): Promise<void> {
  if (event.kind === "failed") unavailable.set(event.folder, event.message);
  else unavailable.delete(event.folder);
  if (event.kind === "loaded") problemsByFolder.set(event.folder, event.problems);
  const status = byId("corpus-status");
  status.className = event.kind === "failed" ? "status error" : "status done";
  status.textContent = event.message;
  if (event.kind === "failed") toast(event.message, "error");
  try {
    renderCorpora(await backend.corpora());
  } catch (error) {
    showError(error);
  }
  await refreshTopics();
  refreshResults();
}

async function removeFolder(dir: string): Promise<void> {
  try {
    const corpora = await backend.removeCorpus(dir);
    unavailable.delete(dir);
    problemsByFolder.delete(dir);
    renderCorpora(corpora);
    byId("corpus-status").textContent = `Removed ${dir}.`;
    await refreshTopics();
  } catch (error) {
    showError(error);
  }
}
