// The scorecard preview's entry point inside the webview (bundled by esbuild to dist/webview.js, with the
// stylesheet it imports emitted as dist/webview.css).
//
// Messages in:  {type:'computing'} | {type:'report', report, folder} | {type:'error', message}
// Messages out: {type:'ready'} once loaded, {type:'reveal', file, line, column} on a click,
//               {type:'refresh'} from the Refresh button.
// State: the last report and folder name, through vscode.setState, so a reloaded panel shows them at once.

import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-progress-ring/index.js";
import "./preview.css";
import { builder } from "./dom";
import { renderReport } from "./render";
import type { FromWebview, Report } from "./types";

interface VsCodeApi<S> {
  postMessage(message: FromWebview): void;
  getState(): S | undefined;
  setState(state: S): S | void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

interface PreviewState {
  report: Report;
  folder: string;
}

const vscode = acquireVsCodeApi<PreviewState>();
const b = builder(document);

const root = document.getElementById("root") ?? document.body.appendChild(b.h("div", { id: "root", class: "cx-app" }));
const statusEl = b.h("div", { class: "cx-status", role: "status", "aria-live": "polite" });
const errorEl = b.h("div", { class: "cx-error", role: "alert" });
const content = b.h("main", { class: "cx-content" });
const refresh = b.h("button", { type: "button", class: "cx-refresh", title: "Evaluate again" }, b.h("span", { "aria-hidden": "true" }, "↻ "), "Refresh");
refresh.addEventListener("click", () => vscode.postMessage({ type: "refresh" }));
statusEl.hidden = true;
errorEl.hidden = true;
root.classList.add("has-refresh");
root.replaceChildren(refresh, statusEl, errorEl, content);

let hasReport = false;

function folderName(folder: unknown): string {
  if (typeof folder === "string") return folder;
  if (folder && typeof folder === "object" && typeof (folder as { name?: unknown }).name === "string") return (folder as { name: string }).name;
  return "";
}

function setComputing(on: boolean): void {
  root.classList.toggle("computing", on);
  root.setAttribute("data-state", on ? "computing" : hasReport ? "report" : "empty");
  content.setAttribute("aria-busy", String(on));
  statusEl.hidden = !on;
  statusEl.replaceChildren(
    ...(on ? [b.h("vscode-progress-ring", { "aria-hidden": "true", class: "ring" }), b.h("span", {}, hasReport ? "Computing… (showing the previous results)" : "Computing…")] : []),
  );
}

function showError(message: string): void {
  errorEl.hidden = false;
  errorEl.replaceChildren(b.h("strong", {}, "Evaluation failed: "), b.h("span", { class: "cx-error-message" }, message));
}

function clearError(): void {
  errorEl.hidden = true;
  errorEl.replaceChildren();
}

function showReport(report: Report, folder: string): void {
  try {
    renderReport(content, report, {
      folderName: folder,
      onReveal: ({ file, line, column }) => vscode.postMessage({ type: "reveal", file, line, column }),
    });
    hasReport = true;
  } catch (err) {
    showError(`could not display the report (${err instanceof Error ? err.message : String(err)})`);
  }
}

function showEmpty(): void {
  content.replaceChildren(b.h("p", { class: "cx-empty" }, "Waiting for the evaluation…"));
}

window.addEventListener("message", (event: MessageEvent) => {
  const msg = event.data as { type?: unknown; report?: unknown; folder?: unknown; message?: unknown } | null;
  if (!msg || typeof msg !== "object") return;
  switch (msg.type) {
    case "computing":
      setComputing(true);
      break;
    case "report": {
      const report = (msg.report && typeof msg.report === "object" ? msg.report : {}) as Report;
      const folder = folderName(msg.folder);
      clearError();
      showReport(report, folder);
      setComputing(false);
      vscode.setState({ report, folder });
      break;
    }
    case "error":
      setComputing(false);
      showError(typeof msg.message === "string" ? msg.message : String(msg.message ?? "unknown error"));
      break;
  }
});

const saved = vscode.getState();
if (saved && saved.report && typeof saved.report === "object") {
  showReport(saved.report, folderName(saved.folder));
  setComputing(false);
} else {
  showEmpty();
  setComputing(false);
}
vscode.postMessage({ type: "ready" });
