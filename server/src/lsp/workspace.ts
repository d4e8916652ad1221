// One CX workspace as the server sees it: its files (discovered like `cx` does in its directory),
// its latest analysis and its latest evaluation, plus what was published.
//
// - Analyses run on the main thread and never wait for I/O beyond reading .cx texts: globs and
//   scans come from the facts the evaluation worker found (facts.ts). What is not known yet is
//   asked for (`env.needFacts`) and the workspace is analysed again when it arrives.
// - Evaluations run in the worker, on exactly the texts of the analysis of the current text.
// - A declaration that makes the analysis throw is blanked (isolate.ts) and the rest is analysed.
import { posix } from "node:path";
import { analyze, type Analysis } from "../core/analyze";
import type { Diagnostic } from "../core/diagnostics";
import type { EvalResult } from "../core/eval/evaluate";
import { dataDiagnosticSummaries, type DerivedSamples, type SourceData } from "../core/features/index";
import { allDiagnostics, type Report } from "../core/report";
import type { ParseResult } from "../core/syntax/index";
import type { Range } from "../core/text";
import { discover, findConfig } from "../node/discover";
import { UNTITLED_DIR } from "./convert";
import { connectionAccess, FactsCache, factsDescribe, FactsHost, Misses, schemaKey, sourceDataOf, sourceSpec, specKey, stampOf, usedFacts, type FactStore } from "./facts";
import { UTC, zoneFor } from "../core/time/zone";
import { declarationRefs, isolate, type Degraded, type DeclRef, type Quarantine } from "./isolate";
import type { OverlayHost } from "./overlay";
import { AbortError, type EvalWorker } from "./workerClient";
import type { EvaluateReply } from "./workerProtocol";

export { AbortError };

export interface WorkspaceEnv {
  host: OverlayHost;
  facts: FactStore;
  worker: EvalWorker;
  quarantine: Quarantine;
  /** False in restricted mode: no data file is read. */
  trusted: boolean;
  /** Paths of open .cx documents (included even when not on disk yet). */
  openDocuments(): string[];
  today(): string;
  /** An analysis or a feature needs facts the worker has to find. */
  needFacts(ws: CxWorkspace, misses: Misses): void;
  /** Declarations found to break the analysis (they are blanked). */
  quarantined(ws: CxWorkspace, refs: DeclRef[]): void;
}

export interface Evaluation {
  result: EvalResult;
  report: Report;
  asOf: string;
  /** Sample values of derived columns, for hovers. */
  derived?: DerivedSamples;
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

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}

interface Done {
  gen: number;
  analysis: Analysis;
  /** Sources whose files or scan the worker has not reported yet (their CX4001 is held back). */
  pending: Set<string>;
  /** Declarations blanked in this analysis. */
  degraded: Degraded[];
  /** Facts it lacked or had out of date: "g" + glob pattern, "s" + scan key. */
  missed: Set<string>;
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
  /** An automatic evaluation is scheduled (timer set, not started yet). */
  evaluationScheduled = false;
  /** The scheduled evaluation replaces one an edit cancelled (further typing postpones it). */
  resumeScheduled = false;
  /** Scheduling decisions waiting for the settings (they may schedule an evaluation). */
  deciding = 0;
  /** The first automatic evaluation has been asked for. */
  firstEvaluationAsked = false;
  /** Evaluations asked again after the worker was lost, since the last one that succeeded. */
  retries = 0;
  /** Analyses in a row caused by facts arriving (not by changes); bounded so that they cannot loop. */
  factsRounds = 0;
  private done?: Done;
  private running?: { gen: number; promise: Promise<Analysis>; abort: AbortController };
  /** The running automatic evaluation (an edit or a newer evaluation cancels it). */
  private automatic?: AbortController;
  private storedRunning = 0;
  /** Order of stored evaluations: a result older than the one kept is not stored. */
  private seq = 0;
  private storedSeq = 0;
  private waiters: (() => void)[] = [];
  private waitedOut = false;
  private readonly parseCache = new Map<string, { text: string; result: ParseResult }>();

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
    // Parses of files that are no longer inputs are not kept (their imports are re-read as needed).
    for (const p of this.parseCache.keys()) if (!this.inputs.includes(p)) this.parseCache.delete(p);
    this.gen++;
  }

  includes(path: string): boolean {
    return this.inputs.includes(path);
  }

  /** Something changed (`byFacts`: only what the worker knows about the data). */
  invalidate(byFacts = false): void {
    this.factsRounds = byFacts ? this.factsRounds + 1 : 0;
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
   * Starts an analysis of the current text over the facts known now (no data is read, no glob is
   * expanded here). Misses are asked from the worker; a declaration that makes the analysis throw
   * is blanked and the analysis is repeated without it.
   */
  private start(): { gen: number; promise: Promise<Analysis>; abort: AbortController } {
    const gen = this.gen;
    const abort = new AbortController();
    const env = this.env;
    const promise = (async () => {
      const since = env.facts.epoch;
      let misses = new Misses();
      const degraded: Degraded[] = [];
      const attempt = (extra: DeclRef[]) => {
        misses = new Misses();
        degraded.length = 0;
        return analyze({
          root: this.root,
          inputs: this.inputs,
          configFile: this.configFile,
          host: env.quarantine.host(new FactsHost(env.host, env.facts, misses), extra, degraded),
          cache: new FactsCache(env.host, env.facts, misses),
          mode: "eval",
          readData: env.trusted,
          // Columns of connection sources without `columns`: from the worker's probes (never connects here).
          describe: env.trusted ? factsDescribe(env.facts, misses, this.configFile) : undefined,
          // Bisection tries many blanked variants: keep them out of the cache of real texts.
          parseCache: extra.length ? new Map(this.parseCache) : this.parseCache,
        });
      };
      const candidates = () => declarationRefs(this.inputs.flatMap((path) => {
        const text = env.host.readText(path);
        return text === undefined ? [] : [{ path, text }];
      }));
      const { value: a, culprits } = await isolate(env.quarantine, candidates, attempt);
      if (culprits.length) env.quarantined(this, culprits);
      else if (!env.quarantine.empty) env.quarantine.prune((path) => env.host.readText(path)); // edited away
      if (abort.signal.aborted) throw new AbortError("analysis cancelled");
      const pending = new Set<string>();
      const zone = a.model.workspace.config.timezone;
      for (const s of a.model.sources.values()) {
        const access = connectionAccess(s);
        if (access && misses.pendingSchemas.has(schemaKey(this.configFile, access, ((zone && zoneFor(zone)) || UTC).name))) pending.add(s.name);
        if (misses.pendingScans.has(s.name)) pending.add(s.name);
        else if (s.pattern !== undefined && misses.pendingPatterns.has(posix.resolve(posix.dirname(s.sym.file.path), s.pattern))) pending.add(s.name);
      }
      const missed = new Set([...[...misses.globs].map((g) => `g${g}`), ...[...misses.scans.keys()].map((k) => `s${k}`), ...[...misses.schemas.keys()].map((k) => `d${k}`)]);
      if (gen === this.gen) this.done = { gen, analysis: a, pending, degraded: [...degraded], missed };
      env.facts.retain(this.spec.key, usedFacts(a.model), since);
      // Scans of sources with declared columns are not needed to check, but hovers and completion
      // show their statistics: ask for them now rather than on the first hover — unless an
      // evaluation is pending, which asks for them once it has its values (server.ts, scanSources).
      if (!misses.provisional && !this.evaluationPending) this.missingScans(a, misses);
      if (misses.size) env.needFacts(this, misses);
      return a;
    })();
    promise.catch(() => undefined);
    return { gen, promise, abort };
  }

  // ------------------------------------------------------------------------------- evaluation

  /** A stored evaluation is scheduled or running (hovers may wait for it briefly). */
  get evaluationPending(): boolean {
    return this.evaluationScheduled || this.deciding > 0 || this.storedRunning > 0;
  }

  /**
   * Resolves when the workspace has an evaluation or none is pending any more, or after `ms`. Once
   * a wait has run out, later ones return at once until the evaluation settles (a long first
   * evaluation costs one hover the wait, not every hover).
   */
  waitForEvaluation(ms: number): Promise<void> {
    if (this.evaluation || !this.evaluationPending || this.waitedOut) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waitedOut = true;
        done();
      }, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Wakes up waiters when there is an evaluation or nothing is pending. */
  settle(): void {
    if (!this.evaluation && this.evaluationPending) return;
    this.waitedOut = false;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Cancels a running automatic evaluation (its text is stale after an edit); true if there was one. */
  cancelAutomatic(): boolean {
    if (!this.automatic) return false;
    this.automatic.abort();
    return true;
  }

  /**
   * Evaluates the workspace in the worker (analysis + evaluation + report, exactly as `cx eval` in
   * the root) on the texts of the current analysis. `store`: keep it as the workspace's evaluation
   * (values for hovers, hints, lenses, diagnostics). A stored evaluation cancels the running
   * automatic one (`auto`: scheduled by the server, not asked for by a request); an automatic one
   * never cancels a request's. Of two stored evaluations, the later started is kept.
   */
  async evaluate(opts: { asOf?: string; store: boolean; auto?: boolean; signal?: AbortSignal; sql?: "run" | "fresh" | "cached" }): Promise<EvaluateReply> {
    const abort = new AbortController();
    const seq = ++this.seq;
    if (opts.store) {
      this.automatic?.abort();
      this.automatic = opts.auto ? abort : undefined;
      this.storedRunning++;
    }
    const onAbort = () => abort.abort();
    opts.signal?.addEventListener("abort", onAbort);
    try {
      const a = await this.analysis();
      if (abort.signal.aborted) throw new AbortError("evaluation cancelled");
      const texts: [string, string][] = a.model.workspace.files.map((f) => [f.path, f.parse.text]);
      const reply = await this.env.worker.run<EvaluateReply>(
        {
          type: "evaluate",
          owner: this.spec.key,
          ws: { root: this.root, inputs: this.inputs, configFile: this.configFile, trusted: this.env.trusted, texts },
          asOf: opts.asOf,
          today: this.env.today(),
          sql: opts.sql,
        },
        abort.signal,
      );
      if (opts.store && reply.result && seq > this.storedSeq) {
        this.storedSeq = seq;
        this.evaluation = {
          result: reply.result,
          report: reply.report,
          asOf: reply.asOf,
          derived: reply.derived,
          parses: new Map(a.model.workspace.files.map((f) => [f.path, f.parse])),
        };
      }
      return reply;
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      if (opts.store) {
        this.storedRunning--;
        if (this.automatic === abort) this.automatic = undefined;
        this.settle();
      }
    }
  }

  // ------------------------------------------------------------------------------- results

  /** Every diagnostic to show now: the latest analysis's, plus the last evaluation's (moved to where their declarations are now). */
  diagnostics(): Diagnostic[] {
    const done = this.done;
    if (!done) return [];
    const a = done.analysis;
    const found = this.evaluation ? relocate(this.evaluation, a) : [];
    const all = allDiagnostics(a.model, undefined, [...found, ...dataDiagnosticSummaries(a.model, found)]);
    const hidden: { file: string; range: Range; code?: string }[] = [];
    for (const name of done.pending) {
      const sym = a.model.sources.get(name)?.sym;
      if (sym) hidden.push({ file: sym.file.path, range: sym.file.parse.lines.rangeOf(sym.decl.span), code: "CX4001" });
    }
    for (const d of done.degraded) {
      const f = a.model.workspace.fileMap.get(d.path);
      if (f) hidden.push({ file: d.path, range: f.parse.lines.rangeOf(d.decl) });
    }
    if (!hidden.length) return all;
    return all.filter((d) => !hidden.some((h) => h.file === d.file && (!h.code || h.code === d.code) && within(d.range, h.range)));
  }

  /** Would these facts change the latest analysis (it lacked some of them, or had them out of date)? */
  needs(facts: { globs: { pattern: string }[]; scans: { key: string }[]; schemas?: { key: string }[] }): boolean {
    const missed = this.done?.missed;
    if (!missed?.size) return false;
    return facts.globs.some((g) => missed.has(`g${g.pattern}`)) || facts.scans.some((f) => missed.has(`s${f.key}`)) || (facts.schemas ?? []).some((f) => missed.has(`d${f.key}`));
  }

  /** Declarations blanked in the latest analysis. */
  get degraded(): readonly Degraded[] {
    return this.done?.degraded ?? [];
  }

  /**
   * Data of every readable source known from the worker's scans (never waits: missing scans are
   * asked for, unless an evaluation is pending: it asks for them once it has its values).
   */
  allSourceData(a: Analysis): Map<string, SourceData> {
    const out = new Map<string, SourceData>();
    if (!this.env.trusted) return out;
    if (!this.evaluationPending) {
      const misses = new Misses();
      this.missingScans(a, misses);
      if (misses.size) this.env.needFacts(this, misses);
    }
    for (const info of a.model.sources.values()) {
      if (!info.readable || !info.files.length) continue;
      const data = sourceDataOf(this.env.facts.scan(specKey(sourceSpec(info, a.model))));
      if (data) out.set(info.name, data);
    }
    return out;
  }

  /** Adds the readable sources whose scan is unknown or out of date to `misses`. */
  missingScans(a: Analysis, misses: Misses): void {
    if (!this.env.trusted) return;
    for (const info of a.model.sources.values()) {
      if (!info.readable || !info.files.length) continue;
      const spec = sourceSpec(info, a.model);
      const key = specKey(spec);
      const fact = this.env.facts.scan(key);
      if (!fact || fact.stamp !== stampOf(this.env.host, spec.files)) misses.scans.set(key, spec);
    }
  }

  dispose(): void {
    clearTimeout(this.analysisTimer);
    clearTimeout(this.evaluationTimer);
    this.evaluationScheduled = false;
    this.resumeScheduled = false;
    this.running?.abort.abort();
    this.automatic?.abort();
    this.settle();
  }
}

function inside(dir: string, path: string): boolean {
  return path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

function within(r: Range, outer: Range): boolean {
  const le = (a: Range["start"], b: Range["start"]) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, r.start) && le(r.end, outer.end);
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
