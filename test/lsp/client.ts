// A real LSP client for protocol tests: spawns `node dist/server.js --stdio` and talks JSON-RPC to
// it over the child's stdio (vscode-languageserver-protocol). Waits are by predicate over what the
// server sends (diagnostics, notifications), with generous timeouts — never by sleeping.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";

export const ROOT = join(__dirname, "../..");

export const uri = (path: string): string => pathToFileURL(path).href;

export { built } from "../support/dist";
import { built } from "../support/dist";

/** Builds (if needed) and snapshots the server and the CLI; call in a beforeAll. */
export function buildServer(): string {
  built("cli.js");
  return built("server.js");
}

export interface StartOptions {
  folders: string[];
  trusted?: boolean;
  /** Client capabilities beyond the defaults (merged shallowly per section). */
  capabilities?: ClientCapabilities;
  /** What the client answers to workspace/configuration for section `cx` (null by default). */
  settings?: unknown;
  /** More initializationOptions (beside `trusted`), e.g. the `commands` a client announces. */
  initializationOptions?: Record<string, unknown>;
  /** Node options for the server process (e.g. --expose-gc) and extra environment variables. */
  execArgv?: string[];
  env?: Record<string, string>;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { didSave: true },
    completion: { completionItem: { snippetSupport: true } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
  },
};

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly requests: { method: string; params: unknown }[] = [];
  readonly stderr: string[] = [];
  settings: unknown = null;
  private readonly listeners = new Set<() => void>();
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly conn: ProtocolConnection,
    readonly proc: ChildProcess,
  ) {}

  static async start(opts: StartOptions): Promise<TestClient> {
    const proc = spawn(process.execPath, [...(opts.execArgv ?? []), built("server.js"), "--stdio"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...opts.env } });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new TestClient(conn, proc);
    client.settings = opts.settings ?? null;
    proc.stderr!.on("data", (d) => client.stderr.push(String(d)));
    // Star handlers (every method): vscode-jsonrpc supports them; the protocol typings do not list them.
    const star = conn as unknown as {
      onNotification(h: (method: string, params: unknown) => void): void;
      onRequest(h: (method: string, params: unknown) => unknown): void;
    };
    star.onNotification((method, params) => {
      client.notifications.push({ method, params });
      if (method === "textDocument/publishDiagnostics") {
        const p = params as { uri: string; diagnostics: Diagnostic[] };
        client.diagnostics.set(p.uri, p.diagnostics);
      }
      client.fire();
    });
    star.onRequest((method, params) => {
      client.requests.push({ method, params });
      client.fire();
      if (method === "workspace/configuration") {
        const items = (params as { items: { section?: string }[] }).items;
        return items.map((i) => (i.section === "cx" ? client.settings : null));
      }
      return null;
    });
    conn.listen();
    const caps = { ...DEFAULT_CAPABILITIES, ...opts.capabilities };
    if (opts.capabilities?.workspace) caps.workspace = { ...DEFAULT_CAPABILITIES.workspace, ...opts.capabilities.workspace };
    if (opts.capabilities?.textDocument) caps.textDocument = { ...DEFAULT_CAPABILITIES.textDocument, ...opts.capabilities.textDocument };
    const folders = opts.folders.map((f) => ({ uri: uri(f), name: f.split("/").pop()! }));
    const init = (await conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities: caps,
      initializationOptions: { ...opts.initializationOptions, trusted: opts.trusted !== false },
    })) as { capabilities: Record<string, unknown> };
    client.serverCapabilities = init.capabilities;
    await conn.sendNotification("initialized", {});
    return client;
  }

  serverCapabilities: Record<string, unknown> = {};

  private fire(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves with the first truthy value of `pred`, re-checked whenever the server sends something. */
  waitFor<T>(pred: () => T | undefined | null | false, what: string, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let v: T | undefined | null | false;
        try {
          v = pred();
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (v) {
          done();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join("").slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits until the diagnostics published for `fileUri` satisfy `pred`. */
  waitDiagnostics(fileUri: string, pred: (d: Diagnostic[]) => boolean, what = `diagnostics of ${fileUri}`): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const d = this.diagnostics.get(fileUri);
      return d && pred(d) ? d : undefined;
    }, what);
  }

  /** Waits for a notification (after index `after`) matching `pred`. */
  waitNotification<P>(method: string, pred: (p: P) => boolean = () => true, after = 0): Promise<P> {
    return this.waitFor(() => {
      for (let i = after; i < this.notifications.length; i++) {
        const n = this.notifications[i];
        if (n.method === method && pred(n.params as P)) return n.params as P;
      }
      return undefined;
    }, method);
  }

  /** Messages the server logged (window/logMessage), in order. */
  logs(): string[] {
    return this.notifications.filter((n) => n.method === "window/logMessage").map((n) => (n.params as { message: string }).message);
  }

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  open(path: string, text = readFileSync(path, "utf8")): string {
    const u = uri(path);
    this.versions.set(u, 1);
    void this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: u, languageId: "cx", version: 1, text } });
    return u;
  }

  change(path: string, text: string): void {
    const u = uri(path);
    const v = (this.versions.get(u) ?? 1) + 1;
    this.versions.set(u, v);
    void this.conn.sendNotification("textDocument/didChange", { textDocument: { uri: u, version: v }, contentChanges: [{ text }] });
  }

  save(path: string): void {
    void this.conn.sendNotification("textDocument/didSave", { textDocument: { uri: uri(path) } });
  }

  close(path: string): void {
    void this.conn.sendNotification("textDocument/didClose", { textDocument: { uri: uri(path) } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 5000))]);
      await this.conn.sendNotification("exit");
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length));
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
