// The CX Metrics VS Code extension: a thin client. It starts the language server (dist/server.js) and adds
// what only an editor can show: the status bar item, the scorecard preview and the commands. Everything
// about the language lives in the server; only this package knows `vscode`.
//
// Restricted mode (untrusted workspaces): the server is still started, with
// `initializationOptions.trusted = false`, so syntax and semantic features keep working but it does not
// read data files (no values, data diagnostics or goal statuses). When the user grants trust, the server
// is restarted with `trusted: true`.
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import {
  CodeLensRequest,
  InlayHintRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { isCancellation, PREVIEW_VIEW_TYPE, ScorecardPanels, targetForFolder, targetForUri, type PreviewTarget } from "./previewPanel";
import type { Report } from "./preview/types";
import { CxStatusBar, describeSummary, type EvaluatedParams } from "./statusBar";

const CLIENT_ID = "cx"; // also the settings prefix: `cx.trace.server` is read by the language client
const DATA_GLOB = "**/*.{csv,json,jsonl,yaml,yml}";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("CX Metrics");
  const statusBar = new CxStatusBar();
  context.subscriptions.push(output, statusBar);
  const log = (message: string) => output.appendLine(`[${new Date().toISOString().slice(11, 23)}] ${message}`);

  const previews = new ScorecardPanels(context.extensionUri, {
    evaluate: async (uri) => {
      const c = await runningClient();
      return c.sendRequest<Report>("cx/evaluate", { uri: uri.toString() });
    },
    log,
    onFocus: (target) => statusBar.focus(target.uri),
  });
  context.subscriptions.push(previews);

  // ---- language client --------------------------------------------------------------------------
  const serverModule = context.asAbsolutePath("dist/server.js");
  let starting: Promise<void> | undefined;

  async function runningClient(): Promise<LanguageClient> {
    if (!client) throw new Error(`the CX language server is not available (${serverModule} is missing)`);
    if (starting) await starting;
    if (client.state !== State.Running) throw new Error("the CX language server is not running (see CX: Show Output)");
    return client;
  }

  if (!existsSync(serverModule)) {
    log(`Language server not found at ${serverModule}; only syntax colouring, snippets and the commands work.`);
    statusBar.setServerState("stopped");
  } else {
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: ["--nolazy", "--inspect=6009"] },
      },
    };
    const setting = <T>(doc: vscode.TextDocument, key: string, fallback: T) =>
      vscode.workspace.getConfiguration("cx", doc).get<T>(key, fallback);
    const clientOptions: LanguageClientOptions = {
      // .cx documents (on disk and unsaved). Data files are not sent to the server: it reads them from
      // disk and publishes their diagnostics on their own URIs, which the client shows as for any URI.
      documentSelector: [
        { scheme: "file", language: "cx" },
        { scheme: "untitled", language: "cx" },
      ],
      synchronize: {
        configurationSection: "cx",
        fileEvents: [
          vscode.workspace.createFileSystemWatcher("**/*.cx"),
          vscode.workspace.createFileSystemWatcher(DATA_GLOB),
          vscode.workspace.createFileSystemWatcher("**/cx.yaml"),
        ],
      },
      // `commands`: titles of this client's commands that the server may mention in texts it sends
      // (other clients do not announce them, and the server then says "save a file").
      // `showSql` is the id of the command a hover's "Show SQL" link runs (metrics of SQL sources).
      initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, commands: { evaluate: "CX: Evaluate Workspace", showSql: "cx.showSql" } }),
      // Hovers may link to this one command (and to nothing else); no HTML.
      markdown: { isTrusted: { enabledCommands: ["cx.showSql"] }, supportHtml: false },
      outputChannel: output,
      middleware: {
        provideInlayHints: (doc, range, token, next) =>
          setting(doc, "inlayHints.enabled", true) ? next(doc, range, token) : [],
        provideCodeLenses: (doc, token, next) => (setting(doc, "codeLens.enabled", true) ? next(doc, token) : []),
      },
    };
    client = new LanguageClient(CLIENT_ID, "CX Metrics Language Server", serverOptions, clientOptions);
    context.subscriptions.push(
      client.onDidChangeState(({ newState }) => {
        statusBar.setServerState(newState === State.Running ? "running" : newState === State.Starting ? "starting" : "stopped");
        if (newState === State.Running) previews.refreshAll();
      }),
      client.onNotification("cx/evaluated", (params: EvaluatedParams) => {
        statusBar.update(params);
        previews.onEvaluated(params.uri);
      }),
    );
    starting = client.start().then(
      () => log(`Language server started (${vscode.workspace.isTrusted ? "trusted" : "restricted mode: data files are not read"}).`),
      (e) => {
        log(`Language server failed to start: ${e instanceof Error ? e.message : String(e)}`);
        statusBar.setServerState("stopped");
      },
    );
  }

  // ---- settings and trust -------------------------------------------------------------------------
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!client) return;
      if (e.affectsConfiguration("cx.inlayHints.enabled")) {
        for (const doc of vscode.workspace.textDocuments) {
          client.getFeature(InlayHintRequest.method)?.getProvider(doc)?.onDidChangeInlayHints.fire();
        }
      }
      if (e.affectsConfiguration("cx.codeLens.enabled")) {
        for (const doc of vscode.workspace.textDocuments) {
          client.getFeature(CodeLensRequest.method)?.getProvider(doc)?.onDidChangeCodeLensEmitter.fire();
        }
      }
      if (e.affectsConfiguration("cx.asOf") || e.affectsConfiguration("cx.evaluation")) previews.refreshAll();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      log("Workspace trusted: restarting the language server so that it reads data files.");
      await restart();
    }),
  );

  async function restart(): Promise<void> {
    if (!client) {
      void vscode.window.showErrorMessage(`CX: the language server is missing (${serverModule}).`);
      return;
    }
    if (starting) await starting.catch(() => undefined);
    starting = client.restart().catch((e) => {
      log(`Restart failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    await starting;
  }

  // ---- commands -----------------------------------------------------------------------------------
  context.subscriptions.push(
    vscode.commands.registerCommand("cx.openPreview", async (arg?: unknown) => {
      const target = await pickTarget(arg);
      if (target) previews.show(target, vscode.ViewColumn.Beside);
    }),
    vscode.commands.registerCommand("cx.evaluate", async (arg?: unknown) => {
      const target = await pickTarget(arg);
      if (!target) return;
      try {
        const report = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `CX: evaluating ${target.name}…` },
          async () => {
            for (let attempt = 1; ; attempt++) {
              try {
                return await (await runningClient()).sendRequest<Report>("cx/evaluate", { uri: target.uri.toString() });
              } catch (e) {
                if (!isCancellation(e) || attempt >= 8) throw e; // superseded by a newer evaluation: ask again
                await new Promise((r) => setTimeout(r, 150 * attempt));
              }
            }
          },
        );
        const summary = report?.summary ?? {};
        statusBar.update({ uri: target.uri.toString(), summary });
        const text = `CX ${target.name}: ${describeSummary(summary)}.`;
        log(text);
        const g = summary.goals ?? {};
        const show = (g.missed ?? 0) > 0 || (summary.errors ?? 0) > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
        // Not awaited: the command resolves with the report (for tests and other extensions) at once.
        void show(text, "Open Scorecard Preview", "Show Problems").then((choice) => {
          if (choice === "Open Scorecard Preview") previews.show(target);
          else if (choice === "Show Problems") void vscode.commands.executeCommand("workbench.actions.view.problems");
        });
        return report;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log(`cx/evaluate failed: ${message}`);
        void vscode.window.showErrorMessage(`CX: evaluation failed — ${message}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand("cx.restartServer", async () => {
      await restart();
      if (client?.state === State.Running) void vscode.window.setStatusBarMessage("CX language server restarted", 3000);
    }),
    vscode.commands.registerCommand("cx.showOutput", () => output.show(true)),
    // From a hover's "Show SQL" link: the SQL a metric's evaluation runs, in a read-only-ish untitled editor beside.
    vscode.commands.registerCommand("cx.showSql", async (metric?: unknown, sql?: unknown) => {
      if (typeof sql !== "string" || !sql.trim()) return;
      const name = typeof metric === "string" ? metric.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 200) : "metric";
      const doc = await vscode.workspace.openTextDocument({ language: "sql", content: `-- The SQL that evaluating '${name}' runs (cx)\n${sql}\n` });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }),
  );

  log(`CX Metrics ${context.extension.packageJSON.version ?? ""} activated; preview view type ${PREVIEW_VIEW_TYPE}.`);
}

/** The workspace a command applies to: its argument (a URI), the active editor's, or the user's choice. */
async function pickTarget(arg: unknown): Promise<PreviewTarget | undefined> {
  if (arg instanceof vscode.Uri) return targetForUri(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme === "file") {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (folder || doc.languageId === "cx") return targetForUri(doc.uri);
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return targetForFolder(folders[0]);
  if (folders.length === 0) {
    void vscode.window.showInformationMessage("CX: open a folder or a .cx file first.");
    return undefined;
  }
  const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: "Workspace folder to evaluate" });
  return folder ? targetForFolder(folder) : undefined;
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop().catch(() => undefined);
  client = undefined;
}
