// The scorecard preview: one webview panel per workspace folder (or per lone .cx file outside every
// folder), restored after a reload by a webview panel serializer. The panel shows the result of the
// server's `cx/evaluate` request; the webview's HTML and script are the preview module's
// (client/src/preview/html.ts → renderPreviewShell, client/src/preview/webview.ts → dist/webview.js).
//
// Messages (client/src/preview/types.ts):
//   extension → webview  {type:'computing'} · {type:'report', report, folder} · {type:'error', message}
//   webview → extension  {type:'ready'} · {type:'reveal', file, line, column} (1-based, file relative to
//                        the workspace root) · {type:'refresh'}
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import { renderPreviewShell } from "./preview/html";
import type { Report } from "./preview/types";

export const PREVIEW_VIEW_TYPE = "cxScorecard";

/** What the preview evaluates: a workspace folder, or a lone document outside every folder. */
export interface PreviewTarget {
  /** The URI sent to `cx/evaluate`. */
  uri: vscode.Uri;
  /** The directory report paths are relative to. */
  root: vscode.Uri;
  name: string;
}

export interface PreviewHost {
  /** Sends `cx/evaluate` {uri}; rejects when the server is not running. */
  evaluate(uri: vscode.Uri): Promise<Report>;
  log(message: string): void;
  /** A panel got the focus (the status bar then shows that workspace). */
  onFocus?(target: PreviewTarget): void;
}

const DATA_FILE = /\.(csv|json|jsonl|ya?ml)$/i;
const CX_FILE = /\.cx$/i;

export function targetForFolder(folder: vscode.WorkspaceFolder): PreviewTarget {
  return { uri: folder.uri, root: folder.uri, name: folder.name };
}

/** The target a document belongs to: its workspace folder, else the document itself. */
export function targetForUri(uri: vscode.Uri): PreviewTarget {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder) return targetForFolder(folder);
  return { uri, root: vscode.Uri.joinPath(uri, ".."), name: uri.path.split("/").pop() ?? "scorecard" };
}

class ScorecardPanel {
  private report: Report | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  /** Until when `cx/evaluated` notifications are taken to be the echo of our own request. */
  private quietUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: PreviewTarget,
    private readonly extensionUri: vscode.Uri,
    private readonly host: PreviewHost,
    private readonly onDispose: () => void,
  ) {
    panel.title = ScorecardPanel.title(target);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "images", "icon.png");
    panel.webview.options = ScorecardPanel.webviewOptions(extensionUri);
    panel.webview.html = this.html();
    if (panel.active) host.onFocus?.(target);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => void this.onMessage(m)),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.active) host.onFocus?.(target);
        if (webviewPanel.visible && this.report) this.post({ type: "report", report: this.report, folder: target.name });
      }),
    );
    void this.refresh();
  }

  static title(target: PreviewTarget): string {
    return `CX Scorecard — ${target.name}`;
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
    };
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const opts = {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString("base64"),
      scriptUri: asset("dist", "webview.js"),
      styleUri: this.styleUri(asset),
      title: ScorecardPanel.title(this.target),
    };
    try {
      return renderPreviewShell(opts);
    } catch (e) {
      // code-server's cspSource is "'self' https://*.vscode-cdn.net" (desktop: "https://*.vscode-cdn.net"):
      // if the shell refuses a multi-part source, give it the plain host sources (the script and the
      // stylesheet are allowed by their nonce anyway).
      const hosts = webview.cspSource.split(/\s+/).filter((t) => t && !/[;,'"<>]/.test(t));
      this.host.log(`[preview] renderPreviewShell refused cspSource ${JSON.stringify(webview.cspSource)} (${e instanceof Error ? e.message : e}); using ${JSON.stringify(hosts.join(" "))}`);
      for (const cspSource of [hosts.join(" "), hosts[0] ?? ""]) {
        try {
          return renderPreviewShell({ ...opts, cspSource });
        } catch {}
      }
      throw e;
    }
  }

  /** A stylesheet next to the script, if the preview module ships one (dist/webview.css or media/preview.css). */
  private styleUri(asset: (...p: string[]) => string): string | undefined {
    for (const p of [["dist", "webview.css"], ["media", "preview.css"]]) {
      if (existsSync(vscode.Uri.joinPath(this.extensionUri, ...p).fsPath)) return asset(...p);
    }
    return undefined;
  }

  private post(message: unknown): void {
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  /** Re-evaluates soon (coalescing bursts of saves and file events). */
  schedule(delay = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  /** A `cx/evaluated` notification for this target: refresh unless it is the echo of our own request. */
  onEvaluated(): void {
    if (this.inFlight || Date.now() < this.quietUntil) return;
    this.schedule(100);
  }

  async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      this.post({ type: "computing" });
      try {
        // The server cancels an evaluation that a newer one (a save, a data file change) supersedes:
        // then ask again rather than show an error.
        for (let attempt = 1; ; attempt++) {
          try {
            const report = await this.host.evaluate(this.target.uri);
            this.report = report;
            this.post({ type: "report", report, folder: this.target.name });
            break;
          } catch (e) {
            if (!isCancellation(e) || attempt >= 8) throw e;
            await new Promise((r) => setTimeout(r, 150 * attempt));
          }
        }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.host.log(`[preview] cx/evaluate ${this.target.uri.toString()} failed: ${message}`);
        this.post({ type: "error", message });
      } finally {
        this.quietUntil = Date.now() + 750;
      }
    })();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
    if (this.again) {
      this.again = false;
      await this.refresh();
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!message || typeof message !== "object") return;
    const m = message as { type?: string; file?: unknown; line?: unknown; column?: unknown; name?: unknown };
    switch (m.type) {
      case "ready":
        if (this.report) this.post({ type: "report", report: this.report, folder: this.target.name });
        else if (this.inFlight) this.post({ type: "computing" });
        return;
      case "refresh":
        return this.refresh();
      case "reveal":
        if (typeof m.file === "string") {
          return this.reveal(m.file, Number(m.line) || 1, Number(m.column) || 1);
        }
        if (typeof m.name === "string") return this.revealSymbol(m.name);
        return;
    }
  }

  /** Opens `file` (relative to the workspace root, or absolute) at a 1-based line and column. */
  async reveal(file: string, line: number, column: number): Promise<void> {
    let uri = file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file) ? vscode.Uri.file(file) : vscode.Uri.joinPath(this.target.root, file);
    if (!(await exists(uri))) {
      // The workspace root (the folder holding cx.yaml) may lie below the editor's folder.
      const folder = vscode.workspace.getWorkspaceFolder(this.target.root);
      const found = await vscode.workspace.findFiles(
        folder ? new vscode.RelativePattern(folder, `**/${file}`) : `**/${file}`,
        "**/node_modules/**",
        1,
      );
      if (found[0]) uri = found[0];
    }
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    const doc = await vscode.workspace.openTextDocument(uri);
    const column_ = otherColumn(this.panel.viewColumn);
    await vscode.window.showTextDocument(doc, {
      viewColumn: column_,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
  }

  /** Fallback for a reveal by name (no location in the report): ask the workspace symbol provider. */
  private async revealSymbol(name: string): Promise<void> {
    const symbols =
      (await vscode.commands.executeCommand<vscode.SymbolInformation[]>("vscode.executeWorkspaceSymbolProvider", name)) ?? [];
    const hit = symbols.find((s) => s.name === name) ?? symbols[0];
    if (!hit) return;
    const doc = await vscode.workspace.openTextDocument(hit.location.uri);
    await vscode.window.showTextDocument(doc, { viewColumn: otherColumn(this.panel.viewColumn), selection: hit.location.range });
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.onDispose();
  }
}

/** LSP RequestCancelled (-32800), ContentModified (-32801), ServerCancelled (-32802). */
export function isCancellation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === -32800 || code === -32801 || code === -32802;
}

function otherColumn(panelColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
  const editor = vscode.window.visibleTextEditors.find((e) => e.viewColumn !== undefined && e.viewColumn !== panelColumn);
  if (editor?.viewColumn) return editor.viewColumn;
  return panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Owns every scorecard panel: creation, restoration after reload, and refreshes. */
export class ScorecardPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ScorecardPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PreviewHost,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.onFileChanged(doc.uri)),
    );
    // Data files change on disk without being saved in the editor (exports, scripts): refresh on those too.
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.{cx,csv,json,jsonl,yaml,yml}");
    this.disposables.push(
      watcher,
      watcher.onDidChange((u) => this.onFileChanged(u)),
      watcher.onDidCreate((u) => this.onFileChanged(u)),
      watcher.onDidDelete((u) => this.onFileChanged(u)),
    );
  }

  get size(): number {
    return this.panels.size;
  }

  /** Opens (or reveals) the preview of a target, by default to the side of the active editor. */
  show(target: PreviewTarget, column: vscode.ViewColumn = vscode.ViewColumn.Beside, preserveFocus = false): void {
    const key = target.uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(column, preserveFocus);
      void existing.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      ScorecardPanel.title(target),
      { viewColumn: column, preserveFocus },
      { ...ScorecardPanel.webviewOptions(this.extensionUri), retainContextWhenHidden: true, enableFindWidget: true },
    );
    this.adopt(panel, target);
  }

  /** Refreshes every panel (after a server restart or a settings change). */
  refreshAll(): void {
    for (const p of this.panels.values()) p.schedule(0);
  }

  /** A `cx/evaluated` notification: refresh the panel of that workspace. */
  onEvaluated(uri: string): void {
    let parsed: vscode.Uri;
    try {
      parsed = vscode.Uri.parse(uri);
    } catch {
      return;
    }
    const key = targetForUri(parsed).uri.toString();
    for (const [k, p] of this.panels) if (k === key || k === parsed.toString()) p.onEvaluated();
  }

  private onFileChanged(uri: vscode.Uri): void {
    const path = uri.path;
    if (!CX_FILE.test(path) && !DATA_FILE.test(path)) return;
    for (const p of this.panels.values()) {
      // cx.evaluation.trigger = manual: only the Refresh button, the commands and the server's own
      // evaluations (cx/evaluated) update the preview.
      if (vscode.workspace.getConfiguration("cx", p.target.uri).get("evaluation.trigger") === "manual") continue;
      const root = p.target.root.path.endsWith("/") ? p.target.root.path : p.target.root.path + "/";
      if (p.target.uri.toString() === uri.toString() || path.startsWith(root)) p.schedule();
    }
  }

  private adopt(panel: vscode.WebviewPanel, target: PreviewTarget): void {
    const key = target.uri.toString();
    this.panels.set(key, new ScorecardPanel(panel, target, this.extensionUri, this.host, () => this.panels.delete(key)));
  }

  /** Restores a panel after a reload: the folder comes from the webview's state, else from the title. */
  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const target = this.targetFromState(panel, state);
    if (!target) {
      panel.dispose();
      return;
    }
    const existing = this.panels.get(target.uri.toString());
    if (existing) {
      panel.dispose();
      return;
    }
    this.adopt(panel, target);
  }

  private targetFromState(panel: vscode.WebviewPanel, state: unknown): PreviewTarget | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const s = (state && typeof state === "object" ? state : {}) as { folder?: unknown; uri?: unknown };
    const candidates = [s.uri, s.folder, typeof s.folder === "object" && s.folder ? (s.folder as { name?: unknown }).name : undefined];
    for (const c of candidates) {
      if (typeof c !== "string") continue;
      const byUri = folders.find((f) => f.uri.toString() === c);
      if (byUri) return targetForFolder(byUri);
      const byName = folders.find((f) => f.name === c);
      if (byName) return targetForFolder(byName);
    }
    const fromTitle = folders.find((f) => panel.title === ScorecardPanel.title(targetForFolder(f)));
    if (fromTitle) return targetForFolder(fromTitle);
    return folders[0] ? targetForFolder(folders[0]) : undefined;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
