// The language server's evaluation worker (bundled to dist/evalWorker.js, started by workerClient.ts).
// Everything that reads data files or expands globs runs here, off the thread that answers editor
// requests: evaluations (`run()`, exactly as `cx eval`), scans of sources, glob expansion.
//
// - One DataCache per source spec (so that the data of a source nobody uses any more can be
//   dropped): the sources each workspace's latest evaluation and latest facts used are kept, the
//   others are dropped after every job.
// - Jobs run concurrently (they interleave at their awaits); `cancel` aborts one through its
//   AbortSignal. Synchronous work (a glob) cannot be interrupted: the main thread terminates the
//   worker if a cancellation is not honoured in time.
// - An evaluation that throws is retried with the declarations that make it throw blanked
//   (isolate.ts), so one hostile declaration does not cost the workspace its values.
import { closeSync, openSync, readSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { parentPort } from "node:worker_threads";
import { DataCache, type ReadResult, type ScanResult, type SourceSpec } from "../core/data/reader";
import type { ColumnType } from "../core/data/table";
import { run, type RunResult } from "../core/engine";
import type { SchemaProbe } from "../core/analyze";
import type { SqlRunner } from "../core/eval/evaluate";
import { dialectFor, formatSource, renderSource, type DialectName } from "../core/engines/sql/index";
import { hasSqlSources, sqlOf } from "../core/features/sql";
import type { Diagnostic } from "../core/diagnostics";
import { buildReport } from "../core/report";
import { readConfig } from "../core/semantics/config";
import { hostSqlRunner } from "../node/engines/index";
import { sampleDerived, type DerivedSamples } from "../core/features/derivedSamples";
import { UTC, zoneFor } from "../core/time/zone";
import type { Host } from "../core/host";
import { NodeHost } from "../node/host";
import { fromSpecMessage, schemaKey, specKey, stampOf, type Facts, type ScanFact } from "./facts";
import { declarationRefs, isAbortError, isolate, Quarantine, type Degraded } from "./isolate";
import type { EvaluateReply, FromWorker, MemoryReply, ToWorker } from "./workerProtocol";

const port = parentPort;
if (!port) throw new Error("evalWorker.js runs as a worker thread of the CX language server");

const disk = new NodeHost();
const quarantine = new Quarantine();
const jobs = new Map<number, AbortController>();

function post(m: FromWorker): void {
  port!.postMessage(m);
}

function log(message: string): void {
  post({ type: "log", message });
}

// ------------------------------------------------------------------------------- data caches

function cacheKey(spec: SourceSpec): string {
  return JSON.stringify([spec.name, spec.format, spec.delimiter, spec.files]);
}

/** One DataCache per source spec; caches no retained set mentions are dropped. */
class SourceCaches {
  private readonly caches = new Map<string, { cache: DataCache; busy: number }>();
  private readonly retained = new Map<string, Set<string>>();

  constructor(private readonly host: Host) {}

  async use<T>(spec: SourceSpec, work: (cache: DataCache) => Promise<T>): Promise<T> {
    const key = cacheKey(spec);
    let entry = this.caches.get(key);
    if (!entry) this.caches.set(key, (entry = { cache: new DataCache(this.host), busy: 0 }));
    entry.busy++;
    try {
      return await work(entry.cache);
    } finally {
      entry.busy--;
    }
  }

  retain(owner: string, keys: Set<string>): void {
    this.retained.set(owner, keys);
    this.prune();
  }

  forget(owner: string): void {
    for (const k of [...this.retained.keys()]) if (k === owner || k.startsWith(owner + "\u0000")) this.retained.delete(k);
    this.prune();
  }

  get size(): number {
    return this.caches.size;
  }

  private prune(): void {
    const live = new Set<string>();
    for (const set of this.retained.values()) for (const k of set) live.add(k);
    for (const [k, e] of this.caches) if (!live.has(k) && e.busy === 0) this.caches.delete(k);
  }
}

const caches = new SourceCaches(disk);

/** The DataCache one job sees: delegates to the per-source caches and records what it used. */
class JobCache extends DataCache {
  readonly used = new Set<string>();
  readonly scanFacts: ScanFact[] = [];

  constructor() {
    super(disk);
  }

  override read(spec: SourceSpec, needed: Map<string, ColumnType>, signal?: AbortSignal, validateOnly?: Map<string, ColumnType>): Promise<ReadResult> {
    this.used.add(cacheKey(spec));
    return caches.use(spec, (c) => c.read(spec, needed, signal, validateOnly));
  }

  override async scan(spec: SourceSpec, signal?: AbortSignal): Promise<ScanResult> {
    this.used.add(cacheKey(spec));
    const stamp = stampOf(disk, spec.files);
    try {
      const result = await caches.use(spec, (c) => c.scan(spec, signal));
      this.scanFacts.push({ key: specKey(spec), stamp, result, headerLine: firstLine(spec.files[0]) });
      return result;
    } catch (e) {
      if (!isAbortError(e) && !signal?.aborted) this.scanFacts.push({ key: specKey(spec), stamp, error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  override invalidate(path?: string): void {
    void path; // per-source caches check sizes and mtimes themselves
  }
}

/** The Host of one job: the main thread's texts over the disk; globs are recorded as facts. */
function jobHost(texts: Map<string, string>, globs: Facts["globs"]): Host {
  return {
    readText: (p) => texts.get(p) ?? disk.readText(p),
    // The main thread's texts are strings already; closed files are read as bytes (CX1003 on invalid UTF-8).
    readSource: (p) => {
      const t = texts.get(p);
      return t !== undefined ? { text: t } : disk.readSource(p);
    },
    stat: (p) => disk.stat(p) ?? (texts.has(p) ? { size: texts.get(p)!.length, mtimeMs: 0, isDirectory: false } : undefined),
    realpath: (p) => disk.realpath(p) ?? (texts.has(p) ? p : undefined),
    glob: (pattern) => {
      const files = disk.glob(pattern);
      globs.push({ pattern, files });
      return files;
    },
    readChunks: (p, signal) => disk.readChunks(p, signal),
    memory: disk.memory,
  };
}

// ------------------------------------------------------------------------------- jobs

async function evaluate(m: Extract<ToWorker, { type: "evaluate" }>, signal: AbortSignal): Promise<EvaluateReply> {
  const texts = new Map(m.ws.texts);
  const globs: Facts["globs"] = [];
  let cache = new JobCache();
  const degraded: Degraded[] = [];
  // SQL engines (engines.md §3): only in a trusted workspace; opened on first use, closed after the
  // job. In an untrusted workspace the runners refuse (no connection is made) and say so.
  const configHost = jobHost(texts, []);
  const engines = m.ws.trusted ? hostSqlRunner({ configFile: m.ws.configFile, host: configHost }) : undefined;
  const settings = m.ws.trusted ? connectionSettings(m.ws.configFile, configHost) : new Map<string, string>();
  const mode = m.sql ?? "run";
  const schemas: Facts["schemas"] = [];
  const attempt = async (extra: Parameters<Quarantine["host"]>[1]) => {
    cache = new JobCache();
    globs.length = 0;
    degraded.length = 0;
    schemas.length = 0;
    return run({
      mode: "eval",
      root: m.ws.root,
      inputs: m.ws.inputs,
      configFile: m.ws.configFile,
      host: quarantine.host(jobHost(texts, globs), extra, degraded),
      cache,
      readData: m.ws.trusted,
      signal,
      asOf: m.asOf,
      today: m.today,
      relativeTo: m.ws.root,
      sql: engines ? cachingSql(engines.sql, mode, m.asOf ?? m.today) : refuseSql,
      describe: engines ? cachingDescribe(engines.describe, mode, m.ws.configFile, settings, schemas) : refuseDescribe,
    });
  };
  const isolated = await isolate(quarantine, () => declarationRefs([...texts].map(([path, text]) => ({ path, text }))), attempt).finally(() => engines?.close());
  const { culprits } = isolated;
  let r = isolated.value;
  for (const c of culprits) log(`evaluation: declaration '${c.name}' in ${c.path} could not be evaluated and is left out.`);
  if (!culprits.length && !quarantine.empty) quarantine.prune((path) => texts.get(path) ?? disk.readText(path));
  signal.throwIfAborted();
  // Scans of the sources with declared columns (row counts, column statistics and distinct values
  // for hovers and completion) are not done here: values do not need them, and a scan is a second
  // pass over the data. The main thread asks for them after the reply (a `facts` job, whose scans
  // wait for the evaluations running: see `afterEvaluations`) and then sends `cx/scanned`.
  // Sample values of derived columns for hovers: their expressions on the first rows (the columns
  // they read are in the cache once the evaluation has read them).
  let derived: DerivedSamples | undefined;
  if (m.ws.trusted) {
    const tz = r.analysis.model.workspace.config.timezone;
    derived = await sampleDerived(r.analysis.model, cache, { zone: (tz && zoneFor(tz)) || UTC, asOf: r.asOf, signal }).catch((e) => {
      if (isAbortError(e) || signal.aborted) throw e;
      log(`sample values of derived columns: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
  }
  caches.retain(`${m.owner}\u0000eval`, cache.used);
  r = withSqlNotes(r, m.ws.root);
  return { result: r.result, report: r.report, asOf: r.asOf, facts: { globs: [...globs], scans: cache.scanFacts, schemas: [...schemas] }, degraded: [...degraded], derived };
}

/** Evaluations running; the scans of `facts` jobs wait until none is (values first, statistics after). */
let evaluating = 0;
let evaluationsDone: (() => void)[] = [];

/**
 * Waits until no evaluation is running, so that a scan does not take the thread (and the cores)
 * from an evaluation reading the same data: the editor's values come first. (The scans an
 * evaluation needs itself, of sources without `columns`, it does itself, and they are shared
 * through the data cache.)
 */
async function afterEvaluations(signal: AbortSignal): Promise<void> {
  // A turn of the event loop first: an evaluation asked together with these facts starts before them.
  await new Promise((r) => setImmediate(r));
  while (evaluating > 0) {
    signal.throwIfAborted();
    await new Promise<void>((r) => {
      evaluationsDone.push(r);
      signal.addEventListener("abort", () => r(), { once: true });
    });
  }
  signal.throwIfAborted();
}

function evaluationEnded(): void {
  if (--evaluating > 0) return;
  const waiting = evaluationsDone;
  evaluationsDone = [];
  for (const f of waiting) f();
}

async function facts(m: Extract<ToWorker, { type: "facts" }>, signal: AbortSignal): Promise<Facts> {
  const out: Facts = { globs: [], scans: [], schemas: [] };
  if (m.schemas?.length && m.trusted) {
    // Schemas of connection sources without `columns`, as the evaluations found them: from the
    // cache only — probing an engine is part of evaluating (on save or on request), never of
    // analysing while the user types.
    const settings = new Map<string | undefined, Map<string, string>>();
    for (const q of m.schemas) {
      signal.throwIfAborted();
      if (!settings.has(q.configFile)) settings.set(q.configFile, connectionSettings(q.configFile, disk));
      const key = schemaKey(q.configFile, q.access, q.zone);
      const hit = schemaResults.get(`${key}\u0000${settings.get(q.configFile)!.get(q.access.connection) ?? ""}`);
      if (hit) out.schemas!.push({ key, columns: [...hit] });
    }
  }
  for (const pattern of m.globs) {
    signal.throwIfAborted();
    let files: string[];
    try {
      files = disk.glob(pattern);
    } catch (e) {
      log(`glob ${JSON.stringify(pattern)} failed: ${e instanceof Error ? e.message : String(e)}`);
      files = [];
    }
    out.globs.push({ pattern, files });
  }
  const cache = new JobCache();
  if (m.scans.length) await afterEvaluations(signal);
  for (const s of m.scans) {
    signal.throwIfAborted();
    await cache.scan(fromSpecMessage(s), signal).catch((e) => {
      if (isAbortError(e) || signal.aborted) throw e;
    });
  }
  out.scans = cache.scanFacts;
  caches.retain(`${m.owner}\u0000facts`, cache.used);
  return out;
}

async function memory(): Promise<MemoryReply> {
  // Two collections with a turn of the event loop between them: array buffers are freed by the
  // sweeper after the first one.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setImmediate(r));
  gc?.();
  const h = getHeapStatistics();
  const u = process.memoryUsage();
  return { heapUsed: h.used_heap_size, heapTotal: h.total_heap_size, external: u.external, arrayBuffers: u.arrayBuffers, cachedSources: caches.size };
}

port.on("message", (m: ToWorker) => {
  switch (m.type) {
    case "cancel":
      jobs.get(m.id)?.abort();
      return;
    case "forget":
      caches.forget(m.owner);
      return;
    case "memory":
      void memory().then((value) => post({ type: "done", id: m.id, value }));
      return;
    case "ping":
      post({ type: "pong", seq: m.seq });
      return;
  }
  const abort = new AbortController();
  jobs.set(m.id, abort);
  if (m.type === "evaluate") evaluating++;
  const work = m.type === "evaluate" ? evaluate(m, abort.signal) : facts(m, abort.signal);
  if (m.type === "evaluate") void work.then(evaluationEnded, evaluationEnded);
  work.then(
    (value) => post({ type: "done", id: m.id, value }),
    (e) => post({ type: "failed", id: m.id, name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) }),
  ).finally(() => jobs.delete(m.id));
});

post({ type: "ready" });

// ------------------------------------------------------------------------------- SQL sources

/** A connection query whose result is not cached is not run by an evaluation started by typing. */
const NOT_WHILE_TYPING = "its query is not run while you type; it runs when a file is saved or the workspace is evaluated";
/** In an untrusted workspace, no connection is made. */
const UNTRUSTED = "no connection is made in an untrusted workspace; trust the workspace to run its query.";
const MAX_SQL_RESULTS = 64;
const MAX_SCHEMAS = 256;
/** Results of SQL engines by query text (which holds the windows' dates), engine, connection and as-of date. */
const sqlResults = new Map<string, Awaited<ReturnType<SqlRunner>>>();
/** Columns of connection sources without `columns` by schemaKey and connection settings (successful probes only). */
const schemaResults = new Map<string, Map<string, ColumnType>>();

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

/** The settings of each connection of a cx.yaml as text (part of the cache keys: another database is another result). */
function connectionSettings(configFile: string | undefined, host: Host): Map<string, string> {
  const out = new Map<string, string>();
  if (!configFile) return out;
  for (const [name, c] of readConfig(configFile, host, []).connections ?? []) out.set(name, JSON.stringify([c.engine, [...c.settings]]));
  return out;
}

function sqlKey(plan: Parameters<SqlRunner>[0], target: Parameters<SqlRunner>[1], asOf: string): string | undefined {
  const dialect = dialectFor(target.engine as DialectName);
  if (!dialect) return undefined;
  const text = formatSource(renderSource(plan, dialect, { zone: target.zone }));
  const settings = target.connection ? JSON.stringify([...target.connection.settings]) : "";
  // File sources on DuckDB: the files' sizes and modification times too.
  const files = plan.access.kind === "files" ? stampOf(disk, plan.access.files) : "";
  return JSON.stringify([target.engine, target.connection?.name ?? "", settings, asOf, files, text]);
}

/**
 * The SQL runner of one evaluation, with the results cached by query text and as-of date:
 * "run" uses a cached result or runs the query; "fresh" runs it (an explicit request) and caches
 * it; "cached" (an evaluation started by typing) never runs a connection's query — a query not in
 * the cache is reported as not run (an information, see withSqlNotes). Queries are cancelled with
 * the job (an edit cancels a stale evaluation), and a cancelled or failed query is not cached.
 */
function cachingSql(runner: SqlRunner, mode: "run" | "fresh" | "cached", asOf: string): SqlRunner {
  return async (plan, target, signal) => {
    let key: string | undefined;
    try {
      key = sqlKey(plan, target, asOf);
    } catch {
      key = undefined;
    }
    const hit = key !== undefined ? sqlResults.get(key) : undefined;
    if (hit && mode !== "fresh") {
      remember(sqlResults, key!, hit, MAX_SQL_RESULTS);
      return hit;
    }
    if (mode === "cached" && plan.access.kind !== "files") throw new Error(NOT_WHILE_TYPING);
    const what = plan.access.kind === "files" ? `on ${target.engine}` : `on connection '${plan.access.connection}' (${target.engine})`;
    log(`source '${plan.source}': running its queries ${what}.`);
    let r: Awaited<ReturnType<SqlRunner>>;
    try {
      r = await runner(plan, target, signal);
    } catch (e) {
      if (signal?.aborted) log(`source '${plan.source}': queries cancelled (the evaluation is stale or was cancelled).`);
      throw e;
    }
    if (key !== undefined) remember(sqlResults, key, r, MAX_SQL_RESULTS);
    return r;
  };
}

/**
 * The schema probe of one evaluation (a LIMIT 0 query on the engine), cached like query results
 * ("cached": never probes), recording what it learns as facts for the main thread's analyses.
 */
function cachingDescribe(
  probe: SchemaProbe,
  mode: "run" | "fresh" | "cached",
  configFile: string | undefined,
  settings: Map<string, string>,
  out: NonNullable<Facts["schemas"]>,
): SchemaProbe {
  return async (access, zone, signal) => {
    const key = schemaKey(configFile, access, zone);
    const cacheKey = `${key}\u0000${settings.get(access.connection) ?? ""}`;
    const hit = schemaResults.get(cacheKey);
    if (hit && mode !== "fresh") {
      remember(schemaResults, cacheKey, hit, MAX_SCHEMAS);
      out.push({ key, columns: [...hit] });
      return { ok: true, columns: new Map(hit) };
    }
    if (mode === "cached") return { ok: false, message: NOT_WHILE_TYPING };
    const r = await probe(access, zone, signal);
    if (r.ok) remember(schemaResults, cacheKey, new Map(r.columns), MAX_SCHEMAS);
    out.push({ key, columns: r.ok ? [...r.columns] : undefined, error: r.ok ? undefined : r.message });
    return r;
  };
}

/** The SQL runner and schema probe of an untrusted workspace: they never connect. */
const refuseSql: SqlRunner = async () => {
  throw new Error(UNTRUSTED);
};
const refuseDescribe: SchemaProbe = async () => ({ ok: false, message: UNTRUSTED });

/**
 * What the editor adds to an evaluation of a workspace with SQL sources: connection sources that
 * were not queried — in an untrusted workspace, or while typing — are informations rather than
 * errors (their metrics are null, and the message says why and what to do); and each metric's
 * SQL is in the report (`sql`: the preview's "Show SQL").
 */
function withSqlNotes(r: RunResult, relativeTo: string): RunResult {
  const model = r.analysis.model;
  if (!r.result || !hasSqlSources(model)) return r;
  const notRun = (d: { code: string; message: string }) => d.code === "CX4001" && (d.message.endsWith(NOT_WHILE_TYPING) || d.message.endsWith(UNTRUSTED));
  const info = (d: Diagnostic): Diagnostic => (notRun(d) ? { ...d, severity: "info" } : d);
  // Schemas not probed are the analysis's (model) diagnostics: they move to the evaluation's, which
  // the editor publishes, beside the queries not run.
  const diagnostics = [...r.result.diagnostics.map(info), ...model.diagnostics.filter(notRun).map(info)];
  const result = { ...r.result, diagnostics };
  const report = buildReport({ model: { ...model, diagnostics: model.diagnostics.filter((d) => !notRun(d)) }, result, asOf: r.asOf, relativeTo });
  for (const metric of report.metrics ?? []) {
    const sql = sqlOf(model, metric.name, r.asOf);
    if (sql) (metric as { sql?: string }).sql = sql;
  }
  return { ...r, result, report };
}

// ------------------------------------------------------------------------------- helpers

/** First line of a data file (at most 64 KiB are looked at), for locating header names. */
function firstLine(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString("utf8").split(/\r?\n/, 1)[0]?.replace(/^\uFEFF/, "");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
