// The "CX ✓ 7 ⚠ 1 ✗ 2" status bar item. It shows the goal counts of the workspace folder of the active
// editor (or the sum over all folders) from the server's `cx/evaluated` notifications; clicking it opens
// the scorecard preview.
import * as vscode from "vscode";

export interface GoalCounts {
  met?: number;
  at_risk?: number;
  missed?: number;
  no_data?: number;
}

export interface Summary {
  errors?: number;
  warnings?: number;
  goals?: GoalCounts;
}

/** `cx/evaluated` params (../shared/spec/lsp.md). */
export interface EvaluatedParams {
  uri: string;
  summary: Summary;
}

/** "✓ 7 ⚠ 1 ✗ 2" (no-data goals only when there are some). */
export function formatCounts(goals: GoalCounts | undefined): string {
  const g = goals ?? {};
  const parts = [`✓ ${g.met ?? 0}`, `⚠ ${g.at_risk ?? 0}`, `✗ ${g.missed ?? 0}`];
  if (g.no_data) parts.push(`? ${g.no_data}`);
  return parts.join(" ");
}

export function describeSummary(s: Summary): string {
  const g = s.goals ?? {};
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return (
    `${g.met ?? 0} met, ${g.at_risk ?? 0} at risk, ${g.missed ?? 0} missed, ${g.no_data ?? 0} without data` +
    ` — ${plural(s.errors ?? 0, "error")}, ${plural(s.warnings ?? 0, "warning")}`
  );
}

export class CxStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Latest summary per workspace key (a folder URI, or a document URI outside every folder). */
  private readonly summaries = new Map<string, { name: string; summary: Summary }>();
  private readonly disposables: vscode.Disposable[] = [];
  private state: "starting" | "running" | "stopped" = "starting";
  /** The workspace last looked at (an editor's folder, or a focused preview's): kept while a webview has focus. */
  private focusKey: string | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem("cx.status", vscode.StatusBarAlignment.Left, 50);
    this.item.name = "CX Metrics goals";
    this.item.command = "cx.openPreview";
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.focusKey = this.keyOf(editor.document.uri);
        this.render();
      }),
    );
    this.render();
    this.item.show();
  }

  /** A preview panel of this workspace got the focus. */
  focus(uri: vscode.Uri): void {
    this.focusKey = this.keyOf(uri);
    this.render();
  }

  private keyOf(uri: vscode.Uri): string {
    return (vscode.workspace.getWorkspaceFolder(uri)?.uri ?? uri).toString();
  }

  setServerState(state: "starting" | "running" | "stopped"): void {
    this.state = state;
    this.render();
  }

  update(params: EvaluatedParams): void {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(params.uri);
    } catch {
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = (folder?.uri ?? uri).toString();
    const name = folder?.name ?? uri.path.split("/").pop() ?? uri.toString();
    this.summaries.set(key, { name, summary: params.summary ?? {} });
    this.render();
  }

  private current(): { name: string; summary: Summary } | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    for (const key of [doc && this.keyOf(doc.uri), this.focusKey]) {
      const hit = key ? this.summaries.get(key) : undefined;
      if (hit) return hit;
    }
    if (this.summaries.size === 0) return undefined;
    if (this.summaries.size === 1) return [...this.summaries.values()][0];
    const total: Required<GoalCounts> = { met: 0, at_risk: 0, missed: 0, no_data: 0 };
    let errors = 0;
    let warnings = 0;
    for (const { summary } of this.summaries.values()) {
      for (const k of Object.keys(total) as (keyof GoalCounts)[]) total[k] += summary.goals?.[k] ?? 0;
      errors += summary.errors ?? 0;
      warnings += summary.warnings ?? 0;
    }
    return { name: "all folders", summary: { errors, warnings, goals: total } };
  }

  private render(): void {
    const cur = this.current();
    if (cur) {
      this.item.text = `CX ${formatCounts(cur.summary.goals)}`;
      const g = cur.summary.goals ?? {};
      this.item.backgroundColor =
        (g.missed ?? 0) > 0 ? new vscode.ThemeColor("statusBarItem.errorBackground")
        : (g.at_risk ?? 0) > 0 ? new vscode.ThemeColor("statusBarItem.warningBackground")
        : undefined;
      const tip = new vscode.MarkdownString(
        `**CX Metrics — ${cur.name}**\n\n${describeSummary(cur.summary)}\n\nClick to open the scorecard preview.`,
      );
      this.item.tooltip = tip;
      this.item.accessibilityInformation = { label: `CX goals: ${describeSummary(cur.summary)}` };
    } else {
      this.item.backgroundColor = undefined;
      this.item.text = this.state === "stopped" ? "CX $(error)" : this.state === "starting" ? "CX $(sync~spin)" : "CX";
      this.item.tooltip =
        this.state === "stopped" ? "CX language server is not running — see CX: Show Output"
        : this.state === "starting" ? "CX language server is starting…"
        : "CX Metrics — no evaluation yet. Click to open the scorecard preview.";
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
