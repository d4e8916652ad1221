// The CX language server: documents, workspaces, scheduling and cancellation, and the conversion
// of the core's editor features (server/src/core/features) to LSP. No language logic lives here.
//
// Threads: this (main) thread parses and checks and answers every request from the latest results;
// it never reads a data file or expands a glob. Evaluations, data scans and globs run in the
// evaluation worker (evalWorker.ts, dist/evalWorker.js); what the worker learns about the data
// (facts.ts) comes back to the analyses here.
//
// Scheduling:
//  - an edit re-analyses its workspace after DEBOUNCE_MS (a newer edit cancels the run in
//    progress) and publishes syntax and semantic diagnostics; it also cancels an automatic
//    evaluation of the older text (which is run again once typing pauses);
//  - every workspace is evaluated once as soon as it is known (the folders after `initialized`,
//    others when their first document opens), then after a save or a watched data/cx.yaml/.cx
//    change on disk (cx.evaluation.trigger: onSave; onType also evaluates after edits; manual only
//    on request); data and goal diagnostics, inlay hints and code lenses follow, and
//    `cx/evaluated` is sent;
//  - feature requests use an analysis of the current text (main thread only, fast) and the last
//    evaluation; a hover asked while the first evaluation runs waits for it up to FIRST_EVAL_WAIT_MS.
//
// Isolation: a request handler that throws is answered with its empty result and the failure is
// logged once; a declaration that makes the analysis throw is blanked (isolate.ts).
import { applyConfidence } from "../core/stats";
import { warmFormatting } from "../core/eval/format";
import { existsSync, statSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { posix } from "node:path";
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DocumentHighlightKind,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type DocumentDiagnosticParams,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type SemanticTokensParams,
  type ServerCapabilities,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Analysis } from "../core/analyze";
import type { Diagnostic } from "../core/diagnostics";
import { localToday } from "../core/engine";
import * as F from "../core/features/index";
import { format as formatCx } from "../core/format/formatter";
import { parse, type ParseResult } from "../core/syntax/index";
import { NodeHost } from "../node/host";
import { pathToUri, toCompletionItem, toLspDiagnostic, toSymbolKind, uriToPath } from "./convert";
import { FactStore, Misses, specKey, toSpecMessage, type Facts, type SpecMessage } from "./facts";
import { Quarantine, type DeclRef } from "./isolate";
import { OverlayHost } from "./overlay";
import { SettingsStore, type Settings } from "./settings";
import { EvalWorker } from "./workerClient";
import type { EvaluateReply, MemoryReply } from "./workerProtocol";
import { CxWorkspace, isAbort, type WorkspaceSpec } from "./workspace";

/** Delay between the last edit and the analysis. */
const DEBOUNCE_MS = 200;
/** Delay before evaluating while typing (cx.evaluation.trigger = onType). */
const TYPE_EVAL_MS = 800;
/** How long a hover waits for the first evaluation of its workspace before it says "evaluating…". */
const FIRST_EVAL_WAIT_MS = 1500;
/** How long `initialize` may wait for the first analyses of the folders (warmUp). */
const WARM_UP_MS = 1000;
/** Facts arriving may trigger at most this many analyses in a row without a change in between. */
const MAX_FACTS_ROUNDS = 20;
/** Evaluations lost with the worker (it died or was restarted) are asked again this many times, until one succeeds. */
const MAX_RETRIES = 2;

const RESTRICTED = "values need a trusted workspace (in an untrusted workspace no data file is read and no connection is made)";
const EVALUATING = "evaluating…";
/** As a request's fallback: answer failures with an error response. */
const RAISE = Symbol("raise");
/** Requests whose parameters have no `textDocument`. */
const WITHOUT_DOCUMENT = new Set(["workspaceSymbol", "cx/evaluate", "cx/debugMemory"]);

interface Folder {
  uri: string;
  path: string;
  name: string;
}

interface ClientSupport {
  configuration: boolean;
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  inlayHintRefresh: boolean;
  codeLensRefresh: boolean;
  watchedFilesRegistration: boolean;
  workspaceFolders: boolean;
  snippets: boolean;
  hierarchicalSymbols: boolean;
  markdown: boolean;
}

export class CxServer {
  readonly documents = new TextDocuments(TextDocument);
  private readonly disk = new NodeHost();
  private readonly host = new OverlayHost(this.disk);
  private readonly facts = new FactStore();
  /** Schemas of connection sources the worker did not know when asked (facts.ts); cleared by each evaluation. */
  private readonly schemaUnknown = new Set<string>();
  private readonly quarantine = new Quarantine();
  private readonly worker: EvalWorker;
  private readonly workspaces = new Map<string, CxWorkspace>();
  private readonly ownerCache = new Map<string, string>();
  /** URIs of open documents by path (publish diagnostics under the client's own URI). */
  private readonly uriByPath = new Map<string, string>();
  /** Facts being fetched by the worker, per workspace (so that a miss is asked for once). */
  private readonly fetching = new Map<string, { globs: Map<string, Promise<void>>; scans: Map<string, Promise<void>> }>();
  /** Failures already logged (a failing feature or declaration is logged once, not per request). */
  private readonly loggedFailures = new Set<string>();
  private folders: Folder[] = [];
  private trusted = true;
  private support!: ClientSupport;
  /** Titles of client commands the client announced (initializationOptions.commands), e.g. evaluate: "CX: Evaluate Workspace". */
  private commands: { evaluate?: string; showSql?: string } = {};
  private readonly settings: SettingsStore;

  constructor(private readonly connection: Connection) {
    this.settings = new SettingsStore(connection, () => this.support?.configuration ?? false);
    this.worker = EvalWorker.besideThisFile((m) => this.log(m));
    this.worker.onRestart = () => this.workerRestarted();
    this.register();
    this.documents.listen(connection);
  }

  // ------------------------------------------------------------------------------- plumbing

  private log(message: string): void {
    this.connection.console.log(message);
  }

  private error(message: string): void {
    this.connection.console.error(message);
  }

  /** Logs a failure once per key (the same broken document must not flood the log on every request). */
  private failure(key: string, message: string): void {
    if (this.loggedFailures.has(key)) return;
    if (this.loggedFailures.size > 500) this.loggedFailures.clear();
    this.loggedFailures.add(key);
    this.error(message);
  }

  /**
   * Wraps a request handler. Malformed parameters are answered with InvalidParams; a cancelled
   * request with RequestCancelled. Any other failure is logged once (per request kind, document
   * and message) and answered with `fallback` (the request's empty result), so that one hostile
   * document degrades its own features and nothing else.
   */
  private request<P, R>(name: string, fn: (params: P, token: CancellationToken) => Promise<R> | R, fallback: R | null | typeof RAISE = null) {
    return async (params: P, token: CancellationToken): Promise<R | null | ResponseError<void>> => {
      const doc = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument;
      if (!WITHOUT_DOCUMENT.has(name) && (!doc || typeof doc.uri !== "string")) {
        return new ResponseError(ErrorCodes.InvalidParams, `${name}: textDocument.uri must be a string`);
      }
      try {
        return await fn(params, token);
      } catch (e) {
        if (e instanceof ResponseError) return e;
        if (isAbort(e) || token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} was cancelled`);
        const message = e instanceof Error ? e.message : String(e);
        const where = typeof doc?.uri === "string" ? doc.uri : "";
        this.failure(`${name}|${where}|${message}`, `${name} failed${where ? ` for ${where}` : ""}: ${e instanceof Error ? e.stack ?? message : message}`);
        if (fallback === RAISE) return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${message}`);
        return fallback;
      }
    };
  }

  /** Wraps a notification handler: exceptions are logged, never thrown. */
  private notification<P>(name: string, fn: (params: P) => Promise<void> | void) {
    return (params: P): void => {
      Promise.resolve()
        .then(() => fn(params))
        .catch((e) => {
          if (!isAbort(e)) this.error(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        });
    };
  }

  private async trace(message: string): Promise<void> {
    if ((await this.settings.get(undefined)).trace === "verbose") this.log(message);
  }

  // ------------------------------------------------------------------------------- registration

  private register(): void {
    const c = this.connection;
    c.onInitialize(async (p: InitializeParams) => {
      const result = this.initialize(p);
      await this.warmUp();
      return result;
    });
    c.onInitialized(this.notification("initialized", () => this.initialized()));
    c.onShutdown(() => this.shutdown());
    this.documents.onDidChangeContent(this.notification("didChange", (e: { document: TextDocument }) => this.changed(e.document)));
    this.documents.onDidOpen(this.notification("didOpen", (e: { document: TextDocument }) => this.opened(e.document)));
    this.documents.onDidSave(this.notification("didSave", (e: { document: TextDocument }) => this.saved(e.document)));
    this.documents.onDidClose(this.notification("didClose", (e: { document: TextDocument }) => this.closed(e.document)));
    c.onDidChangeWatchedFiles(this.notification("didChangeWatchedFiles", (p) => this.watched(p.changes)));
    c.onDidChangeConfiguration(this.notification("didChangeConfiguration", (p) => this.configurationChanged(p.settings)));

    c.onHover(this.request("hover", async (p, token) => {
      const f = await this.context(p.textDocument.uri, token, { data: true, values: true });
      const h = f && F.hover(f.ctx, f.path, p.position);
      return h ? { contents: { kind: "markdown" as const, value: h.contents }, range: h.range } : null;
    }));
    c.onCompletion(this.request("completion", async (p, token) => {
      const doc = this.documents.get(p.textDocument.uri);
      const f = await this.context(p.textDocument.uri, token, { data: true });
      if (!f) return null;
      const parse = this.parseOf(f, doc);
      return { isIncomplete: false, items: F.complete(f.ctx, f.path, parse.text, p.position, parse.lines).map((e) => toCompletionItem(e, this.support.snippets)) };
    }));
    c.onSignatureHelp(this.request("signatureHelp", (p) => {
      const doc = this.documents.get(p.textDocument.uri);
      if (!doc) return null;
      const parse = parse_(doc);
      const s = F.signatureHelp(parse.text, p.position, parse.lines);
      if (!s) return null;
      return {
        signatures: [{ label: s.label, documentation: { kind: "markdown" as const, value: s.documentation }, parameters: s.parameters.map((x) => ({ label: x.offsets, documentation: x.documentation })) }],
        activeSignature: 0,
        activeParameter: s.activeParameter,
      };
    }));
    c.onDefinition(this.request("definition", async (p, token) => {
      const f = await this.context(p.textDocument.uri, token, { data: true });
      const d = f && F.definition(f.ctx, f.path, p.position);
      if (!d) return null;
      return d.targets.map((t) => ({ originSelectionRange: d.origin, targetUri: this.uriFor(t.file), targetRange: t.range, targetSelectionRange: t.range }));
    }));
    c.onReferences(this.request("references", async (p, token) => {
      const f = await this.context(p.textDocument.uri, token);
      if (!f) return null;
      return F.references(f.ctx, f.path, p.position, p.context.includeDeclaration).map((l): Location => ({ uri: this.uriFor(l.file), range: l.range }));
    }));
    c.onDocumentHighlight(this.request("documentHighlight", async (p, token) => {
      const f = await this.context(p.textDocument.uri, token);
      if (!f) return null;
      return F.highlights(f.ctx, f.path, p.position).map((h) => ({ range: h.range, kind: h.kind === "write" ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
    }));
    c.onPrepareRename(this.request("prepareRename", async (p, token) => {
      const f = await this.context(p.textDocument.uri, token);
      if (!f) return null;
      const r = F.prepareRename(f.ctx, f.path, p.position);
      if ("error" in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
      return r;
    }));
    c.onRenameRequest(this.request("rename", async (p, token) => {
      const f = await this.context(p.textDocument.uri, token);
      if (!f) return null;
      const r = F.rename(f.ctx, f.path, p.position, p.newName);
      if ("error" in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
      return this.workspaceEdit(r.edits);
    }));
    c.onDocumentSymbol(this.request("documentSymbol", (p) => {
      const doc = this.documents.get(p.textDocument.uri);
      const parse = doc ? parse_(doc) : this.parseFromDisk(p.textDocument.uri);
      if (!parse) return null;
      const symbols = F.documentSymbols(parse);
      if (this.support.hierarchicalSymbols) return symbols.map(toDocumentSymbol);
      return symbols.flatMap((s) => [s, ...s.children.map((ch) => ({ ...ch, container: s.name }))]).map(
        (s): SymbolInformation => ({ name: s.name, kind: toSymbolKind(s.kind), location: { uri: p.textDocument.uri, range: s.range }, containerName: (s as { container?: string }).container }),
      );
    }));
    c.onWorkspaceSymbol(this.request("workspaceSymbol", async (p) => {
      for (const folder of this.folders) this.workspaceOf({ key: folder.path, uri: folder.uri, scope: folder.path });
      const models = [];
      for (const ws of this.workspaces.values()) {
        const a = await ws.analysis().catch((e) => {
          if (isAbort(e)) throw e;
          return undefined;
        });
        if (a) models.push(a.model);
      }
      return F.workspaceSymbols(models, p.query).map(
        (s): SymbolInformation => ({ name: s.name, kind: toSymbolKind(s.kind), location: { uri: this.uriFor(s.file), range: s.range }, containerName: s.container }),
      );
    }));
    c.onFoldingRanges(this.request("foldingRange", (p) => {
      const doc = this.documents.get(p.textDocument.uri);
      return doc ? F.foldingRanges(parse_(doc)) : null;
    }));
    c.onSelectionRanges(this.request("selectionRange", (p) => {
      const doc = this.documents.get(p.textDocument.uri);
      if (!doc) return null;
      const parse = parse_(doc);
      return p.positions.map((pos) => {
        const ranges = F.selectionRanges(parse, pos);
        let sel: { range: (typeof ranges)[number]; parent?: unknown } | undefined;
        for (let i = ranges.length - 1; i >= 0; i--) sel = { range: ranges[i], parent: sel };
        return sel ?? { range: { start: pos, end: pos } };
      }) as never;
    }));
    c.onDocumentFormatting(this.request("formatting", (p) => this.formatting(p.textDocument.uri)));
    c.onDocumentRangeFormatting(this.request("rangeFormatting", (p) => this.formatting(p.textDocument.uri, p.range)));
    c.languages.semanticTokens.on(this.request("semanticTokens", async (p: SemanticTokensParams, token) => {
      const doc = this.documents.get(p.textDocument.uri);
      const f = await this.context(p.textDocument.uri, token).catch(() => undefined);
      const parse = f ? this.parseOf(f, doc) : doc ? parse_(doc) : undefined;
      if (!parse) return { data: [] };
      const path = f?.path ?? uriToPath(p.textDocument.uri);
      try {
        return { data: F.encodeTokens(F.semanticTokens(parse, path, f?.ctx.model)) };
      } catch (e) {
        if (!f) throw e;
        // Degrade to tokens without the model's knowledge of names.
        this.failure(`semanticTokens|${p.textDocument.uri}|model`, `semantic tokens with names failed for ${p.textDocument.uri}: ${e instanceof Error ? e.message : String(e)}`);
        return { data: F.encodeTokens(F.semanticTokens(parse, path, undefined)) };
      }
    }, { data: [] }) as never);
    c.onCodeAction(this.request("codeAction", async (p, token) => {
      const f = await this.context(p.textDocument.uri, token, { data: true });
      if (!f) return null;
      const diags = f.ws.diagnostics().filter((d) => d.file === f.path && overlaps(d.range, p.range));
      const only = p.context.only;
      return F.codeActions(f.ctx, f.path, p.range, diags)
        .filter((a) => !only || only.some((k) => a.kind === k || a.kind.startsWith(k + ".")))
        .map((a): CodeAction => ({
          title: a.title,
          kind: a.kind === "quickfix" ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
          diagnostics: a.diagnostic ? [this.lspDiagnostic(a.diagnostic)] : undefined,
          isPreferred: a.isPreferred,
          edit: this.workspaceEdit(a.edits),
        }));
    }));
    c.languages.inlayHint.on(this.request("inlayHint", async (p, token) => {
      if (!(await this.settings.get(p.textDocument.uri)).inlayHints) return [];
      const f = await this.context(p.textDocument.uri, token);
      if (!f) return null;
      return F.inlayHints(f.ctx, f.path, p.range).map((h) => ({ position: h.position, label: h.label, tooltip: h.tooltip, paddingLeft: true }));
    }));
    c.onCodeLens(this.request("codeLens", async (p, token) => {
      if (!(await this.settings.get(p.textDocument.uri)).codeLens) return [];
      const f = await this.context(p.textDocument.uri, token);
      if (!f) return null;
      return F.codeLenses(f.ctx, f.path).map((l) => ({ range: l.range, command: { title: l.title, command: "" }, data: { kind: l.kind, name: l.name } }));
    }));
    c.languages.diagnostics.on(this.request("diagnostic", async (p: DocumentDiagnosticParams, token) => {
      const f = await this.context(p.textDocument.uri, token);
      const items = f ? f.ws.diagnostics().filter((d) => d.file === f.path).map((d) => this.lspDiagnostic(d)) : [];
      return { kind: "full" as const, items };
    }, { kind: "full" as const, items: [] }) as never);
    c.onRequest("cx/evaluate", this.request("cx/evaluate", (p: { uri?: unknown; asOf?: unknown }, token) => this.evaluateRequest(p, token), RAISE));
    if (process.env.CX_DEBUG_MEMORY === "1") c.onRequest("cx/debugMemory", this.request("cx/debugMemory", () => this.debugMemory(), RAISE));
    process.on("uncaughtException", (e) => this.error(`uncaught exception: ${e.stack ?? e.message}`));
    process.on("unhandledRejection", (e) => this.error(`unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
  }

  // ------------------------------------------------------------------------------- lifecycle

  private initialize(p: InitializeParams): InitializeResult {
    const caps = p.capabilities;
    const opts = (p.initializationOptions ?? {}) as { trusted?: unknown; commands?: unknown };
    this.trusted = opts.trusted !== false;
    const commands = opts.commands && typeof opts.commands === "object" ? (opts.commands as Record<string, unknown>) : {};
    if (typeof commands.evaluate === "string" && commands.evaluate.trim()) this.commands.evaluate = commands.evaluate.trim().slice(0, 80);
    // The id of a command that shows a metric's SQL, called with [metric, sql] from a hover link.
    if (typeof commands.showSql === "string" && /^[A-Za-z0-9_.-]{1,80}$/.test(commands.showSql)) this.commands.showSql = commands.showSql;
    this.support = {
      configuration: caps.workspace?.configuration === true,
      pullDiagnostics: caps.textDocument?.diagnostic !== undefined,
      diagnosticRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
      inlayHintRefresh: caps.workspace?.inlayHint?.refreshSupport === true,
      codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
      watchedFilesRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      workspaceFolders: caps.workspace?.workspaceFolders === true,
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
      markdown: true,
    };
    const folders = p.workspaceFolders ?? (p.rootUri ? [{ uri: p.rootUri, name: posix.basename(uriToPath(p.rootUri)) }] : []);
    this.folders = folders.filter((f) => f.uri.startsWith("file:")).map((f) => ({ uri: f.uri, path: stripSlash(uriToPath(f.uri)), name: f.name }));
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [".", ":", "(", "[", ",", '"'], resolveProvider: false },
      signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: [","] },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: caps.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
      documentSymbolProvider: { label: "CX" },
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      semanticTokensProvider: { legend: { tokenTypes: [...F.TOKEN_TYPES], tokenModifiers: [...F.TOKEN_MODIFIERS] }, full: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    if (this.support.pullDiagnostics) capabilities.diagnosticProvider = { identifier: "cx", interFileDependencies: true, workspaceDiagnostics: false };
    this.log(`CX language server: ${this.folders.length} folder(s)${this.trusted ? "" : ", restricted mode (no data file is read, no connection is made)"}.`);
    return { capabilities, serverInfo: { name: "cx-language-server" } };
  }

  /**
   * Analyses the folders' workspaces before `initialize` is answered (for at most WARM_UP_MS): the
   * first analysis runs cold code and costs ~50–150 ms, which the first completion or hover
   * would otherwise wait for (bench/lsp.mjs). The client waits for `initialize` anyway.
   */
  private async warmUp(): Promise<void> {
    warmFormatting();
    const all = Promise.all(this.folders.map((f) => this.workspaceOf({ key: f.path, uri: f.uri, scope: f.path }).analysis().catch(() => undefined)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, WARM_UP_MS)))]);
    clearTimeout(timer);
  }

  private async initialized(): Promise<void> {
    if (this.support.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders(this.notification("didChangeWorkspaceFolders", (e) => this.foldersChanged(e.added, e.removed)));
    }
    if (this.support.watchedFilesRegistration) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/*.cx" }, { globPattern: "**/cx.yaml" }, { globPattern: "**/*.{csv,tsv,json,jsonl,ndjson,yaml,yml}" }],
      });
    }
    // The first evaluation of every workspace in the folders, so that the first hover already shows values.
    for (const folder of this.folders) await this.evaluateFolder(folder);
  }

  /** First evaluations of the workspaces a folder holds: the folder's own, and nested projects (cx.yaml). */
  private async evaluateFolder(folder: Folder): Promise<void> {
    const top = this.workspaceOf({ key: folder.path, uri: folder.uri, scope: folder.path });
    const owners = new Set<CxWorkspace>();
    for (const path of top.inputs) owners.add(this.workspaceFor(path));
    for (const ws of owners) await this.firstEvaluation(ws);
  }

  private shutdown(): void {
    for (const ws of this.workspaces.values()) ws.dispose();
    this.workspaces.clear();
    this.worker.dispose();
  }

  /** The worker was restarted (crash, or a cancelled job that would not stop): evaluations in flight are asked again. */
  private workerRestarted(): void {
    this.fetching.clear();
    for (const ws of this.workspaces.values()) {
      if (!ws.evaluation && ws.firstEvaluationAsked && !ws.evaluationPending && ws.retries < MAX_RETRIES) {
        ws.retries++;
        void this.scheduleEvaluation(ws, 0, "retry");
      }
    }
  }

  private foldersChanged(added: { uri: string; name: string }[], removed: { uri: string; name: string }[]): void {
    const gone = new Set(removed.map((f) => stripSlash(uriToPath(f.uri))));
    this.folders = this.folders.filter((f) => !gone.has(f.path));
    const fresh: Folder[] = [];
    for (const f of added) if (f.uri.startsWith("file:")) fresh.push({ uri: f.uri, path: stripSlash(uriToPath(f.uri)), name: f.name });
    this.folders.push(...fresh);
    this.ownerCache.clear();
    for (const [key, ws] of this.workspaces) {
      const scope = ws.spec.scope;
      if (scope && !this.folders.some((f) => isInside(f.path, scope))) this.dropWorkspace(key);
    }
    for (const doc of this.documents.all()) this.touch(uriToPath(doc.uri), 0);
    for (const f of fresh) void this.evaluateFolder(f);
  }

  // ------------------------------------------------------------------------------- workspaces

  private workspaceOf(spec: WorkspaceSpec): CxWorkspace {
    let ws = this.workspaces.get(spec.key);
    if (!ws) {
      ws = new CxWorkspace(spec, {
        host: this.host,
        facts: this.facts,
        worker: this.worker,
        quarantine: this.quarantine,
        trusted: this.trusted,
        openDocuments: () => [...this.uriByPath.keys()],
        today: () => localToday(new Date()),
        needFacts: (w, misses) => this.needFacts(w, misses),
        quarantined: (w, refs) => this.quarantined(w, refs),
      });
      this.workspaces.set(spec.key, ws);
    }
    return ws;
  }

  private dropWorkspace(key: string): void {
    const ws = this.workspaces.get(key);
    if (!ws) return;
    ws.dispose();
    this.workspaces.delete(key);
    this.fetching.delete(key);
    this.facts.retain(key, undefined);
    this.worker.tell({ type: "forget", owner: key });
    for (const uri of ws.published) this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * The workspace a .cx file belongs to: inside a folder, the nearest directory up to the folder
   * that holds cx.yaml (else the folder), as `cx` run there would see it; outside every folder, or
   * when its workspace excludes it (cx.yaml `include`), the document on its own.
   */
  private workspaceFor(path: string, uri?: string): CxWorkspace {
    const known = this.ownerCache.get(path);
    const existing = known ? this.workspaces.get(known) : undefined;
    if (existing) return existing;
    const scoped = this.scopeOf(path);
    let ws: CxWorkspace | undefined;
    if (scoped) {
      ws = this.workspaceOf(scoped);
      if (!ws.includes(path)) {
        ws.discover();
        if (!ws.includes(path)) ws = undefined;
      }
    }
    ws ??= this.workspaceOf({ key: `doc:${path}`, uri: uri ?? this.uriFor(path), document: path });
    this.ownerCache.set(path, ws.spec.key);
    return ws;
  }

  /** The scope workspace a path inside a folder falls in: the nearest cx.yaml directory up to the folder, else the folder. */
  private scopeOf(path: string): WorkspaceSpec | undefined {
    const folder = this.folders.filter((f) => isInside(f.path, path)).sort((a, b) => b.path.length - a.path.length)[0];
    if (!folder) return undefined;
    const scope = configDir(posix.dirname(path), folder.path) ?? folder.path;
    return { key: scope, uri: scope === folder.path ? folder.uri : pathToUri(scope), scope };
  }

  /** Workspaces whose analysis involves `path`: its owner (created if needed) and any that import it. */
  private affected(path: string, createOwner = true): CxWorkspace[] {
    const out = new Set<CxWorkspace>();
    if (createOwner) out.add(this.workspaceFor(path));
    for (const ws of this.workspaces.values()) if (ws.latest?.model.workspace.fileMap.has(path) || ws.includes(path)) out.add(ws);
    return [...out];
  }

  /** The key of the workspace that owns `path`, without creating one. */
  private ownerKey(path: string): string {
    const known = this.ownerCache.get(path);
    if (known && this.workspaces.has(known)) return known;
    const scoped = this.scopeOf(path);
    return scoped && this.workspaces.get(scoped.key)?.includes(path) ? scoped.key : `doc:${path}`;
  }

  private uriFor(path: string): string {
    return this.uriByPath.get(path) ?? pathToUri(path);
  }

  // ------------------------------------------------------------------------------- documents

  private changed(doc: TextDocument): void {
    if (!isCx(doc)) return;
    const path = uriToPath(doc.uri);
    // The content event of a didOpen is not typing (the document's first evaluation is asked by `opened`).
    const typing = this.uriByPath.has(path);
    this.uriByPath.set(path, doc.uri);
    this.host.set(path, doc.getText());
    this.touch(path, DEBOUNCE_MS, typing);
  }

  private async opened(doc: TextDocument): Promise<void> {
    if (!isCx(doc)) return;
    await this.firstEvaluation(this.workspaceFor(uriToPath(doc.uri), doc.uri));
  }

  private async saved(doc: TextDocument): Promise<void> {
    if (!isCx(doc)) return;
    for (const ws of this.affected(uriToPath(doc.uri))) await this.scheduleEvaluation(ws, 0, "save");
  }

  private closed(doc: TextDocument): void {
    const path = uriToPath(doc.uri);
    this.host.delete(path);
    this.uriByPath.delete(path);
    const standalone = this.workspaces.get(`doc:${path}`);
    if (standalone) {
      this.ownerCache.delete(path);
      this.dropWorkspace(`doc:${path}`);
    }
    for (const ws of this.affected(path, false)) {
      if (!existsSync(path) && ws.includes(path)) ws.discover();
      ws.invalidate();
      this.scheduleAnalysis(ws, 0);
    }
  }

  /** A file's text changed: re-analyse every workspace it is part of. */
  private touch(path: string, delay: number, typing = false): void {
    for (const ws of this.affected(path)) {
      ws.invalidate();
      this.scheduleAnalysis(ws, delay);
      if (!typing) continue;
      // The automatic evaluation of the older text is stale: cancel it and evaluate once typing pauses.
      if (ws.cancelAutomatic() || ws.resumeScheduled) void this.scheduleEvaluation(ws, TYPE_EVAL_MS, "resume");
      else void this.scheduleEvaluation(ws, TYPE_EVAL_MS, "type");
    }
  }

  private async watched(changes: { uri: string; type: FileChangeType }[]): Promise<void> {
    const rediscover = new Set<CxWorkspace>();
    const reanalyse = new Set<CxWorkspace>();
    const reevaluate = new Set<CxWorkspace>();
    for (const ch of changes) {
      if (!ch.uri.startsWith("file:")) continue;
      const path = uriToPath(ch.uri);
      const name = posix.basename(path);
      if (path.endsWith(".cx")) {
        if (ch.type !== FileChangeType.Changed) this.ownerCache.clear();
        if (this.host.isOpen(path) && ch.type === FileChangeType.Changed) continue; // the editor's text wins
        for (const ws of this.workspaces.values()) {
          if (ws.spec.scope && isInside(ws.spec.scope, path) && ch.type !== FileChangeType.Changed) rediscover.add(ws);
          if (ws.includes(path) || ws.latest?.model.workspace.fileMap.has(path) || rediscover.has(ws)) {
            reanalyse.add(ws);
            reevaluate.add(ws);
          }
        }
      } else if (name === "cx.yaml") {
        this.ownerCache.clear();
        for (const ws of this.workspaces.values()) {
          if (ws.configFile === path || (ws.spec.scope && isInside(ws.spec.scope, path)) || isInside(posix.dirname(path), ws.root)) {
            rediscover.add(ws);
            reevaluate.add(ws);
          }
        }
      } else {
        // Scans are checked against sizes and mtimes; globs may match other files after a create or delete.
        if (ch.type !== FileChangeType.Changed) this.facts.staleGlobs();
        for (const ws of this.workspaces.values()) {
          if (isInside(ws.root, path) || [...(ws.latest?.model.sources.values() ?? [])].some((s) => s.files.includes(path))) {
            reanalyse.add(ws);
            reevaluate.add(ws);
          }
        }
      }
    }
    for (const ws of rediscover) {
      ws.discover();
      reanalyse.add(ws);
    }
    for (const ws of reanalyse) {
      ws.invalidate();
      this.scheduleAnalysis(ws, 0);
    }
    for (const ws of reevaluate) await this.scheduleEvaluation(ws, 50, "change");
  }

  private async configurationChanged(settings: unknown): Promise<void> {
    const section = settings && typeof settings === "object" ? (settings as { cx?: unknown }).cx : undefined;
    this.settings.changed(section);
    this.refreshInline();
    for (const ws of this.workspaces.values()) await this.scheduleEvaluation(ws, 0, "settings");
  }

  // ------------------------------------------------------------------------------- analysis & evaluation

  /**
   * An analysis (or a feature) needs globs or scans the worker has not reported: ask it, once per
   * miss. Settles when the worker has answered every one of these misses (this job or one already
   * running for some of them), successfully or not.
   */
  private needFacts(ws: CxWorkspace, misses: Misses): Promise<void> {
    if (!this.trusted || !this.workspaces.has(ws.spec.key)) return Promise.resolve();
    let busy = this.fetching.get(ws.spec.key);
    if (!busy) this.fetching.set(ws.spec.key, (busy = { globs: new Map(), scans: new Map() }));
    const running = new Set<Promise<void>>();
    const globs = [...misses.globs].filter((g) => {
      const p = busy!.globs.get(g);
      if (p) running.add(p);
      return !p;
    });
    const scans: SpecMessage[] = [];
    for (const [key, spec] of misses.scans) {
      const p = busy.scans.get(key);
      if (p) running.add(p);
      else scans.push(toSpecMessage(spec));
    }
    // Schemas come from the worker's cache of evaluations' probes; one it did not know is not asked
    // again until the next evaluation (which probes it, unless started by typing).
    const schemas = [...misses.schemas].filter(([key]) => {
      const p = busy!.scans.get(`d${key}`);
      if (p) running.add(p);
      return !p && !this.schemaUnknown.has(key);
    });
    if (!globs.length && !scans.length && !schemas.length) return Promise.all(running).then(() => undefined);
    const mine = busy;
    const t0 = Date.now();
    const settle = () => {
      for (const g of globs) mine.globs.delete(g);
      for (const sp of scans) mine.scans.delete(specKeyOf(sp));
      for (const [key] of schemas) mine.scans.delete(`d${key}`);
    };
    const job = this.worker.run<Facts>({ type: "facts", owner: ws.spec.key, globs, scans, schemas: schemas.map(([, q]) => q), trusted: this.trusted }).then(
      (facts) => {
        settle();
        const known = new Set((facts.schemas ?? []).map((f) => f.key));
        for (const [key] of schemas) if (!known.has(key)) this.schemaUnknown.add(key);
        void this.trace(`data facts for ${ws.spec.uri}: ${globs.length} glob(s), ${scans.length} scan(s), ${schemas.length} schema(s) in ${Date.now() - t0} ms`);
        this.factsArrived(ws, facts);
      },
      (e) => {
        settle();
        if (!isAbort(e) && e?.name !== "WorkerLost") this.error(`reading data for ${ws.spec.uri} failed: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
    for (const g of globs) busy.globs.set(g, job);
    for (const sp of scans) busy.scans.set(specKeyOf(sp), job);
    for (const [key] of schemas) busy.scans.set(`d${key}`, job);
    running.add(job);
    return Promise.all(running).then(() => undefined);
  }

  /**
   * After an evaluation: the scans of the workspace's readable sources that are unknown or out of
   * date (row counts, column statistics and distinct values for hovers and completion), then
   * `cx/scanned`; also when a workspace becomes known and is not evaluated (trigger manual). The
   * evaluation does not scan sources with `columns` (values do not need it, and it would be a
   * second pass over the data before the values), so statistics follow the values.
   */
  private async scanSources(ws: CxWorkspace): Promise<void> {
    let analysis;
    for (let attempt = 1; !analysis; attempt++) {
      try {
        analysis = await ws.analysis();
      } catch (e) {
        // Cancelled by an edit: the analysis of the newer text will do (a few times at most).
        if (isAbort(e) && attempt < 3) continue;
        if (!isAbort(e)) this.failure(`analysis|${ws.spec.key}|${e instanceof Error ? e.message : String(e)}`, `analysis of ${ws.spec.uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return;
      }
    }
    const misses = new Misses();
    ws.missingScans(analysis, misses);
    await this.needFacts(ws, misses);
    if (this.workspaces.get(ws.spec.key) === ws) this.connection.sendNotification("cx/scanned", { uri: ws.spec.uri });
  }

  /** The worker reported globs and scans: analyses that lacked them (or had them out of date) are redone. */
  private factsArrived(_from: CxWorkspace, facts: Facts): void {
    if (!facts.globs.length && !facts.scans.length && !facts.schemas?.length) return;
    this.facts.add(facts);
    for (const ws of this.workspaces.values()) {
      // Bounded: facts that keep arriving out of date (a file being written) cannot loop forever.
      if (!ws.needs(facts) || ws.factsRounds >= MAX_FACTS_ROUNDS) continue;
      ws.invalidate(true);
      this.scheduleAnalysis(ws, 0);
    }
  }

  /** Declarations that made the analysis throw were blanked: log them once. */
  private quarantined(ws: CxWorkspace, refs: DeclRef[]): void {
    for (const r of refs) {
      this.failure(`quarantine|${r.path}|${r.name}`, `Declaration '${r.name}' in ${r.path} could not be analysed (${ws.spec.uri}); it is left out until it changes.`);
    }
  }

  private scheduleAnalysis(ws: CxWorkspace, delay: number): void {
    clearTimeout(ws.analysisTimer);
    ws.analysisTimer = setTimeout(() => void this.refresh(ws), delay);
  }

  private async refresh(ws: CxWorkspace): Promise<void> {
    const t0 = Date.now();
    try {
      await ws.analysis();
    } catch (e) {
      if (!isAbort(e)) this.failure(`analysis|${ws.spec.key}|${e instanceof Error ? e.message : String(e)}`, `analysis of ${ws.spec.uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return;
    }
    if (!ws.fresh || !this.workspaces.has(ws.spec.key)) return; // a newer change will refresh again
    this.publish(ws);
    const sig = declarationSignature(ws.latest!);
    if (sig !== ws.signature) {
      if (ws.signature) this.refreshInline();
      ws.signature = sig;
    }
    void this.trace(`analysed ${ws.spec.uri} (${ws.inputs.length} files) in ${Date.now() - t0} ms`);
  }

  /** The first evaluation of a workspace, as soon as it is known (unless the trigger is manual). */
  private async firstEvaluation(ws: CxWorkspace): Promise<void> {
    if (ws.firstEvaluationAsked || ws.evaluation || !ws.inputs.length) return;
    ws.firstEvaluationAsked = true;
    await this.scheduleEvaluation(ws, 0, "open");
  }

  /** Evaluates after `delay` if the trigger setting wants it for this `reason`. */
  private async scheduleEvaluation(ws: CxWorkspace, delay: number, reason: "open" | "save" | "type" | "resume" | "change" | "settings" | "retry"): Promise<void> {
    if (!this.trusted) return;
    // Counted as pending at once (a hover may wait for it), settled below when the setting says no.
    ws.deciding++;
    let s: Settings;
    try {
      s = await this.settings.get(ws.spec.uri);
    } finally {
      ws.deciding--;
    }
    const wanted =
      s.trigger !== "manual" &&
      !(reason === "type" && s.trigger !== "onType") &&
      !(reason === "settings" && !ws.evaluation) &&
      this.workspaces.get(ws.spec.key) === ws;
    if (!wanted) {
      ws.settle();
      // No first evaluation (trigger manual): the statistics the analyses left to it are asked for now.
      if (reason === "open" && this.workspaces.get(ws.spec.key) === ws) void this.scanSources(ws);
      return;
    }
    clearTimeout(ws.evaluationTimer);
    ws.evaluationScheduled = true;
    ws.resumeScheduled = reason === "resume";
    ws.evaluationTimer = setTimeout(() => {
      ws.evaluationScheduled = false;
      ws.resumeScheduled = false;
      // Connection queries never run for an evaluation started by typing (only cached results are used).
      const sql = reason === "type" || reason === "resume" ? "cached" : "run";
      this.evaluate(ws, { store: true, auto: true, asOf: s.asOf || undefined, sql }).catch((e) => {
        if (e?.name === "WorkerLost" && ws.retries < MAX_RETRIES && !ws.evaluationPending) {
          ws.retries++;
          return void this.scheduleEvaluation(ws, 0, "retry");
        }
        if (!isAbort(e)) this.failure(`evaluation|${ws.spec.key}|${e instanceof Error ? e.message : String(e)}`, `evaluation of ${ws.spec.uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      });
    }, delay);
  }

  private async evaluate(ws: CxWorkspace, opts: { asOf?: string; store: boolean; auto?: boolean; signal?: AbortSignal; sql?: "run" | "fresh" | "cached" }): Promise<EvaluateReply> {
    const t0 = Date.now();
    let r: EvaluateReply;
    try {
      r = await ws.evaluate(opts);
    } catch (e) {
      // (The scans asked for after an evaluation are still wanted when it fails; a cancelled one is followed by another.)
      if (!isAbort(e) && (e as { name?: string } | undefined)?.name !== "WorkerLost") void this.scanSources(ws);
      throw e;
    }
    ws.retries = 0;
    this.schemaUnknown.clear();
    this.factsArrived(ws, r.facts);
    if (opts.store && this.workspaces.has(ws.spec.key)) {
      this.publish(ws);
      this.refreshInline();
    }
    for (const d of r.degraded) this.failure(`quarantine|${d.path}|${d.name}`, `Declaration '${d.name}' in ${d.path} could not be evaluated (${ws.spec.uri}); it is left out until it changes.`);
    this.connection.sendNotification("cx/evaluated", { uri: ws.spec.uri, summary: r.report.summary });
    void this.scanSources(ws);
    void this.trace(`evaluated ${ws.spec.uri} as of ${r.asOf} in ${Date.now() - t0} ms`);
    return r;
  }

  /** What hovers say instead of a value while the workspace has no evaluation (and none is running). */
  private async notEvaluated(ws: CxWorkspace): Promise<string> {
    const cmd = this.commands.evaluate ? `**${escapeMarkdown(this.commands.evaluate)}**` : undefined;
    const s = await this.settings.get(ws.spec.uri);
    if (s.trigger === "manual") return `not evaluated yet (evaluation is manual${cmd ? `: run ${cmd}` : ": `cx.evaluation.trigger` is `manual`"})`;
    return `not evaluated yet (save a file${cmd ? ` or run ${cmd}` : ""})`;
  }

  /** Heap of both threads, after a garbage collection when `--expose-gc` is on (only with CX_DEBUG_MEMORY=1). */
  private async debugMemory() {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const h = getHeapStatistics();
    const worker = await this.worker.run<MemoryReply>({ type: "memory" }).catch(() => undefined);
    return {
      main: { heapUsed: h.used_heap_size, heapTotal: h.total_heap_size, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers },
      worker,
      workspaces: this.workspaces.size,
      facts: this.facts.size,
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === "function",
    };
  }

  private async evaluateRequest(p: { uri?: unknown; asOf?: unknown; confidence?: unknown }, token: CancellationToken) {
    if (!p || typeof p.uri !== "string") throw new ResponseError(ErrorCodes.InvalidParams, "cx/evaluate needs { uri: string, asOf?: \"YYYY-MM-DD\", confidence?: number }");
    if (p.confidence !== undefined && (typeof p.confidence !== "number" || !(p.confidence > 0 && p.confidence < 1))) {
      throw new ResponseError(ErrorCodes.InvalidParams, "confidence must be a number between 0 and 1, e.g. 0.95");
    }
    if (p.asOf !== undefined && (typeof p.asOf !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(p.asOf))) {
      throw new ResponseError(ErrorCodes.InvalidParams, "asOf must be a date YYYY-MM-DD");
    }
    const ws = this.workspaceForUri(p.uri);
    const settings = await this.settings.get(ws.spec.uri);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const explicit = p.asOf as string | undefined;
      let r: EvaluateReply;
      for (let attempt = 0; ; attempt++) {
        try {
          // An explicit request runs connection queries afresh (and refreshes their cached results).
          r = await this.evaluate(ws, { asOf: explicit ?? (settings.asOf || undefined), store: explicit === undefined, signal: abort.signal, sql: "fresh" });
          break;
        } catch (e) {
          // The worker was restarted under this evaluation (another job was stuck): ask again.
          if ((e as Error)?.name !== "WorkerLost" || attempt >= MAX_RETRIES) throw e;
        }
      }
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "cx/evaluate was cancelled");
      // Intervals (as `cx eval --confidence L`) on a copy: the stored report stays as `cx eval` prints it.
      const level = (p.confidence as number | undefined) ?? settings.confidence;
      return level ? applyConfidence(structuredClone(r.report), level) : r.report;
    } finally {
      sub.dispose();
    }
  }

  /** The workspace of a `cx/evaluate` URI: a workspace folder, a directory, or a .cx document. */
  private workspaceForUri(uri: string): CxWorkspace {
    const path = stripSlash(uriToPath(uri));
    const folder = this.folders.find((f) => f.path === path);
    if (folder) return this.workspaceOf({ key: folder.path, uri: folder.uri, scope: folder.path });
    if (uri.startsWith("file:") && isDirectory(path)) return this.workspaceOf({ key: path, uri, scope: path });
    if (path.endsWith(".cx") || this.documents.get(uri)) return this.workspaceFor(path, uri);
    throw new ResponseError(ErrorCodes.InvalidParams, `cx/evaluate: ${uri} is neither a workspace folder, a directory nor a .cx document`);
  }

  // ------------------------------------------------------------------------------- publishing

  private lspDiagnostic(d: Diagnostic) {
    return toLspDiagnostic(d, (p) => this.uriFor(p));
  }

  /** Does `ws` publish the diagnostics of `path`? .cx files: only their owner; data files and cx.yaml: yes. */
  private publishes(ws: CxWorkspace, path: string): boolean {
    if (!path.endsWith(".cx")) return true;
    return this.ownerKey(path) === ws.spec.key;
  }

  private publish(ws: CxWorkspace): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of ws.diagnostics()) {
      const list = byFile.get(d.file) ?? [];
      list.push(d);
      byFile.set(d.file, list);
    }
    // Every file of the analysis gets a (possibly empty) list, so fixed problems disappear.
    for (const f of ws.latest?.model.workspace.files ?? []) if (!byFile.has(f.path)) byFile.set(f.path, []);
    const sent = new Set<string>();
    for (const [file, list] of byFile) {
      if (!this.publishes(ws, file)) continue;
      const uri = this.uriFor(file);
      // With pull diagnostics, the client asks for open documents itself.
      if (this.support.pullDiagnostics && this.documents.get(uri)) continue;
      if (list.length === 0 && !ws.published.has(uri) && !this.documents.get(uri)) continue;
      this.connection.sendDiagnostics({ uri, diagnostics: list.map((d) => this.lspDiagnostic(d)) });
      if (list.length) sent.add(uri);
    }
    for (const uri of ws.published) if (!sent.has(uri) && !byFile.has(uriToPath(uri))) this.connection.sendDiagnostics({ uri, diagnostics: [] });
    ws.published = sent;
    if (this.support.pullDiagnostics && this.support.diagnosticRefresh) this.connection.languages.diagnostics.refresh();
  }

  private refreshInline(): void {
    if (this.support?.inlayHintRefresh) this.connection.languages.inlayHint.refresh().catch(() => undefined);
    if (this.support?.codeLensRefresh) this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  // ------------------------------------------------------------------------------- features

  /** The analysis of a document's workspace (of its current text) and a feature context over it. */
  private async context(uri: string, token?: CancellationToken, opts: { data?: boolean; values?: boolean } = {}) {
    const path = uriToPath(uri);
    const ws = this.workspaceFor(path, uri);
    let analysis = await ws.analysis();
    if (opts.values && !ws.evaluation && ws.evaluationPending) {
      // The first evaluation is running: wait a little for it rather than show no values.
      await ws.waitForEvaluation(FIRST_EVAL_WAIT_MS);
      analysis = await ws.analysis();
    }
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
    if (!analysis.model.workspace.fileMap.has(path)) return undefined;
    const ctx: F.FeatureContext = {
      model: analysis.model,
      evaluation: ws.evaluation?.result,
      derivedSamples: ws.evaluation?.derived,
      data: opts.data ? ws.allSourceData(analysis) : undefined,
      files: ws.inputs,
      // While the first evaluation runs, values (and data not scanned yet) are "evaluating…".
      valuesUnavailable: !this.trusted ? RESTRICTED : !ws.evaluation && ws.evaluationPending ? EVALUATING : undefined,
      pendingValues: ws.evaluation ? undefined : await this.notEvaluated(ws),
      asOf: ws.evaluation?.asOf ?? ((await this.settings.get(ws.spec.uri)).asOf || analysis.model.workspace.config.asOf || localToday(new Date())),
      untrusted: !this.trusted,
      commands: this.commands.showSql ? { showSql: this.commands.showSql } : undefined,
    };
    return { ws, analysis, ctx, path };
  }

  /** The parse of a document as the analysis saw it (same text), else a fresh parse. */
  private parseOf(f: { analysis: Analysis; path: string }, doc: TextDocument | undefined): ParseResult {
    const parsed = f.analysis.model.workspace.fileMap.get(f.path)!.parse;
    if (!doc || parsed.text === stripBom(doc.getText())) return parsed;
    return parse_(doc);
  }

  /** A closed document's parse, from its bytes (invalid UTF-8 is CX1003 at the first invalid byte). */
  private parseFromDisk(uri: string): ParseResult | undefined {
    const path = uriToPath(uri);
    const src = this.host.readSource(path);
    return src === undefined ? undefined : parse(src.text, path, { invalidUtf8At: src.invalidUtf8At });
  }

  private formatting(uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): TextEdit[] {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const text = doc.getText();
    const r = formatCx(text);
    if (!r.ok) {
      this.log(`Not formatting ${uri}: ${r.reason}`);
      return [];
    }
    return F.formatEdits(text, r.text, range);
  }

  private workspaceEdit(edits: F.FileEdit[]): WorkspaceEdit {
    const changes: Record<string, TextEdit[]> = {};
    for (const e of edits) (changes[this.uriFor(e.file)] ??= []).push({ range: e.range, newText: e.newText });
    return { changes };
  }
}

// ---------------------------------------------------------------------------------- helpers

const parses = new WeakMap<TextDocument, { version: number; parse: ParseResult }>();

/** Parse of an open document, memoised per version. */
function parse_(doc: TextDocument): ParseResult {
  const known = parses.get(doc);
  if (known && known.version === doc.version) return known.parse;
  const p = parse(doc.getText(), uriToPath(doc.uri));
  parses.set(doc, { version: doc.version, parse: p });
  return p;
}

/** Documents the server analyses: .cx files (and documents in the cx language, e.g. untitled). */
function isCx(doc: TextDocument): boolean {
  return doc.languageId === "cx" || doc.uri.endsWith(".cx");
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, "\\$1");
}

/** The key of a spec sent to the worker (the same as facts.ts computes for the analysis's misses). */
function specKeyOf(spec: SpecMessage): string {
  return specKey(spec);
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function toDocumentSymbol(s: F.DocumentSymbolInfo): DocumentSymbol {
  return { name: s.name, kind: toSymbolKind(s.kind), detail: s.detail, range: s.range, selectionRange: s.selectionRange, children: s.children.map(toDocumentSymbol) };
}

function overlaps(a: { start: { line: number; character: number }; end: { line: number; character: number } }, b: typeof a): boolean {
  const before = (x: typeof a.start, y: typeof a.start) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function stripSlash(p: string): string {
  return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
}

function isInside(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest directory from `dir` up to `stop` (inclusive) that holds cx.yaml. */
function configDir(dir: string, stop: string): string | undefined {
  let d = dir;
  for (;;) {
    if (existsSync(`${d}/cx.yaml`)) return d;
    if (d === stop || !isInside(stop, d)) return undefined;
    const parent = posix.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

function declarationSignature(a: Analysis): string {
  return a.model.workspace.decls.map((s) => `${s.kind}:${s.name}`).join(",");
}

export function startServer(connection: Connection): CxServer {
  return new CxServer(connection);
}
