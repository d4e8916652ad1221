// One CX workspace as the server sees it: its files (discovered like `cx` does in its directory),
// its latest analysis (re-run after edits; a newer run cancels the older one) and its latest
// evaluation (after saves and data changes, off the typing path), plus what was published.
import { closeSync, openSync, readSync } from "node:fs";
import { posix } from "node:path";
import { analyze, type Analysis } from "../core/analyze";
import { run, type RunResult } from "../core/engine";
import type { DataCache } from "../core/data/reader";
import type { Diagnostic } from "../core/diagnostics";
import type { EvalResult } from "../core/eval/evaluate";
import { dataDiagnosticSummaries, type SourceData } from "../core/features/index";
import { allDiagnostics, type Report } from "../core/report";
import type { ParseResult } from "../core/syntax/index";
import { discover, findConfig } from "../node/discover";
import type { OverlayHost } from "./overlay";
import { UNTITLED_DIR } from "./convert";

export interface WorkspaceEnv {
  host: OverlayHost;
  /** The shared data cache (evaluation, feature data). */
  cache: DataCache;
  /** The cache of typing-path analyses (scans stale-while-revalidate). */
  typingCache: DataCache;
  /** False in restricted mode: no data file is read. */
  trusted: boolean;
  /** Paths of open .cx documents (included even when not on disk yet). */
  openDocuments(): string[];
  today(): string;
}

export interface Evaluation {
  result: EvalResult;
  report: Report;
  asOf: string;
  /** The parses the evaluation saw, to relocate its diagnostics after edits. */
  parses: Map<string, ParseResult>;
}

export interface WorkspaceSpec {
  /** Identity: the scope directory, or "doc:" + the path of a document outside every folder. */
  key: string;
  /** Sent in `cx/evaluated`: the folder (or scope directory) URI, or the document's URI. */
  uri: string;
  /** Directory searched for .cx files (like `cx` run there); undefined for a lone document. */
  scope?: string;
  /** The lone document's path (a document outside every workspace folder). */
  document?: string;
}

export class AbortError extends Error {
  override name = "AbortError";
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}

export class CxWorkspace {
  root = "/";
  configFile?: string;
  inputs: string[] = [];
  /** Bumped by every change that can alter the analysis. */
  gen = 0;
  evaluation?: Evaluation;
  /** URIs that have diagnostics published by this workspace. */
  published = new Set<string>();
  /** Names and kinds of the declarations, to notice when definitions change. */
  signature = "";
  analysisTimer?: ReturnType<typeof setTimeout>;
  evaluationTimer?: ReturnType<typeof setTimeout>;
  private done?: { gen: number; analysis: Analysis };
  private running?: { gen: number; promise: Promise<Analysis>; abort: AbortController };
  private evaluating?: AbortController;
  private readonly parseCache = new Map<string, { text: string; result: ParseResult }>();
  private readonly dataMemo = new WeakMap<Analysis, Map<string, Promise<SourceData | undefined>>>();

  constructor(
    readonly spec: WorkspaceSpec,
    private readonly env: WorkspaceEnv,
  ) {
    this.discover();
  }

  /** Finds the workspace's files, root and cx.yaml (as `cx` would in the scope directory). */
  discover(): void {
    if (this.spec.document) {
      const doc = this.spec.document;
      const dir = posix.dirname(doc);
      this.configFile = doc.startsWith(UNTITLED_DIR + "/") ? undefined : findConfig(dir);
      this.root = this.configFile ? posix.dirname(this.configFile) : dir;
      this.inputs = [doc];
    } else {
      const scope = this.spec.scope!;
      const found = discover([scope], scope);
      this.root = found.root;
      this.configFile = found.configFile;
      const files = new Set(found.files);
      // Open documents not saved to disk yet belong here too.
      for (const p of this.env.openDocuments()) {
        if (p.endsWith(".cx") && inside(scope, p) && !this.env.host.stat(p)) files.add(p);
      }
      this.inputs = [...files].sort();
    }
    this.gen++;
  }

  includes(path: string): boolean {
    return this.inputs.includes(path);
  }

  invalidate(): void {
    this.gen++;
  }

  /** The latest complete analysis, even if edits have happened since. */
  get latest(): Analysis | undefined {
    return this.done?.analysis;
  }

  get fresh(): boolean {
    return this.done?.gen === this.gen;
  }

  /** An analysis of the current text. A newer change cancels a run in progress and starts another. */
  async analysis(): Promise<Analysis> {
    for (let attempt = 0; ; attempt++) {
      if (this.done && this.done.gen === this.gen) return this.done.analysis;
      if (!this.running || this.running.gen !== this.gen) {
        this.running?.abort.abort();
        this.running = this.start();
      }
      const mine = this.running;
      try {
        return await mine.promise;
      } catch (e) {
        // Cancelled by a newer change: wait for the newer run (a few times at most).
        if (!isAbort(e) || attempt > 20) throw e;
      }
    }
  }

  /**
   * Starts an analysis of the current text. Cancelling it discards its result; data scans it started
   * are not interrupted (no signal is passed), so they complete into the DataCache and the next
   * analysis finds them there instead of restarting them after every keystroke.
   */
  private start(): { gen: number; promise: Promise<Analysis>; abort: AbortController } {
    const gen = this.gen;
    const abort = new AbortController();
    const promise = (async () => {
      const a = await analyze({
        root: this.root,
        inputs: this.inputs,
        configFile: this.configFile,
        host: this.env.host,
        cache: this.env.typingCache,
        mode: "eval",
        readData: this.env.trusted,
        parseCache: this.parseCache,
      });
      if (abort.signal.aborted) throw new AbortError("analysis cancelled");
      if (gen === this.gen) this.done = { gen, analysis: a };
      return a;
    })();
    promise.catch(() => undefined);
    return { gen, promise, abort };
  }

  /**
   * Evaluates the workspace (analysis + evaluation + report, exactly as `cx eval` in the root).
   * `store`: keep it as the workspace's evaluation (values for hovers, hints, lenses, diagnostics);
   * a stored evaluation cancels the previous stored one.
   */
  async evaluate(opts: { asOf?: string; store: boolean; signal?: AbortSignal }): Promise<RunResult> {
    const abort = new AbortController();
    if (opts.store) {
      this.evaluating?.abort();
      this.evaluating = abort;
    }
    const onAbort = () => abort.abort();
    opts.signal?.addEventListener("abort", onAbort);
    const gen = this.gen;
    try {
      const result = await run({
        mode: "eval",
        root: this.root,
        inputs: this.inputs,
        configFile: this.configFile,
        host: this.env.host,
        cache: this.env.cache,
        readData: this.env.trusted,
        signal: abort.signal,
        parseCache: this.parseCache,
        asOf: opts.asOf,
        today: this.env.today(),
        relativeTo: this.root,
      });
      if (abort.signal.aborted) throw new AbortError("evaluation cancelled");
      if (opts.store && result.result) {
        this.evaluation = {
          result: result.result,
          report: result.report,
          asOf: result.asOf,
          parses: new Map(result.analysis.model.workspace.files.map((f) => [f.path, f.parse])),
        };
        if (gen === this.gen) this.done = { gen, analysis: result.analysis };
      }
      return result;
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      if (this.evaluating === abort) this.evaluating = undefined;
    }
  }

  /** Every diagnostic to show now: the latest analysis's, plus the last evaluation's (moved to where their declarations are now). */
  diagnostics(): Diagnostic[] {
    const a = this.done?.analysis;
    if (!a) return [];
    const found = this.evaluation ? relocate(this.evaluation, a) : [];
    return allDiagnostics(a.model, undefined, [...found, ...dataDiagnosticSummaries(a.model, found)]);
  }

  /** What is known about a source's data (a scan; cached by the DataCache), or undefined. */
  sourceData(a: Analysis, name: string): Promise<SourceData | undefined> {
    let memo = this.dataMemo.get(a);
    if (!memo) this.dataMemo.set(a, (memo = new Map()));
    let p = memo.get(name);
    if (!p) {
      p = this.scanSource(a, name);
      memo.set(name, p);
    }
    return p;
  }

  private async scanSource(a: Analysis, name: string): Promise<SourceData | undefined> {
    const info = a.model.sources.get(name);
    if (!this.env.trusted || !info || !info.files.length) return undefined;
    const scan = a.scans.get(name) ?? (await this.env.cache.scan({ name, files: info.files, format: info.format, delimiter: info.delimiter, declared: info.declared }).catch(() => undefined));
    if (!scan) return undefined;
    const stats = new Map([...scan.stats].map(([c, s]) => [c, { nulls: s.nulls, samples: s.distinctSamples, min: s.min, max: s.max }]));
    return { columns: scan.schema.columns, inferred: scan.schema.inferred, rowCount: scan.rowCount, stats, headerLine: firstLine(info.files[0]) };
  }

  /**
   * Data of every readable source, waiting at most `budgetMs` for scans not cached yet (they go on
   * in the background and are ready next time): large data never blocks an editor request.
   */
  async allSourceData(a: Analysis, budgetMs: number): Promise<Map<string, SourceData>> {
    const out = new Map<string, SourceData>();
    if (!this.env.trusted) return out;
    const names = [...a.model.sources.values()].filter((s) => s.files.length).map((s) => s.name);
    const pending = names.map((n) => this.sourceData(a, n).then((d) => d && out.set(n, d)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(pending), new Promise((r) => (timer = setTimeout(r, budgetMs)))]);
    clearTimeout(timer);
    return out;
  }

  dispose(): void {
    clearTimeout(this.analysisTimer);
    clearTimeout(this.evaluationTimer);
    this.running?.abort.abort();
    this.evaluating?.abort();
  }
}

function inside(dir: string, path: string): boolean {
  return path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/** First line of a data file (at most 64 KiB are looked at), for locating header names. */
function firstLine(path: string | undefined): string | undefined {
  if (!path) return undefined;
  return readHead(path)?.split(/\r?\n/, 1)[0]?.replace(/^\uFEFF/, "");
}

function readHead(path: string): string | undefined {
  try {
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Diagnostics of an evaluation, as they apply to a newer analysis: those in data files and in
 * unchanged .cx files stay; goal outcomes follow their goal; others in edited files are dropped
 * until the next evaluation.
 */
export function relocate(ev: Evaluation, a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  const model = a.model;
  for (const d of ev.result.diagnostics) {
    const old = ev.parses.get(d.file);
    if (!old) {
      out.push(d);
      continue;
    }
    const cur = model.workspace.fileMap.get(d.file);
    if (cur && cur.parse.text === old.text) {
      out.push(d);
      continue;
    }
    if (!d.code.startsWith("CX5")) continue;
    const name = old.text.slice(old.lines.offsetAt(d.range.start), old.lines.offsetAt(d.range.end));
    const g = model.goals.get(name);
    if (g?.sym.decl.name) out.push({ ...d, file: g.sym.file.path, range: g.sym.file.parse.lines.rangeOf(g.sym.decl.name.span) });
  }
  return out;
}
