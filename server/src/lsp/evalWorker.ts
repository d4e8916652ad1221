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
import { run } from "../core/engine";
import { sampleDerived, type DerivedSamples } from "../core/features/derivedSamples";
import { UTC, zoneFor } from "../core/time/zone";
import type { Host } from "../core/host";
import { NodeHost } from "../node/host";
import { fromSpecMessage, sourceSpec, specKey, stampOf, type Facts, type ScanFact } from "./facts";
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
  };
}

// ------------------------------------------------------------------------------- jobs

async function evaluate(m: Extract<ToWorker, { type: "evaluate" }>, signal: AbortSignal): Promise<EvaluateReply> {
  const texts = new Map(m.ws.texts);
  const globs: Facts["globs"] = [];
  let cache = new JobCache();
  const degraded: Degraded[] = [];
  const attempt = async (extra: Parameters<Quarantine["host"]>[1]) => {
    cache = new JobCache();
    globs.length = 0;
    degraded.length = 0;
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
    });
  };
  const { value: r, culprits } = await isolate(quarantine, () => declarationRefs([...texts].map(([path, text]) => ({ path, text }))), attempt);
  for (const c of culprits) log(`evaluation: declaration '${c.name}' in ${c.path} could not be evaluated and is left out.`);
  if (!culprits.length && !quarantine.empty) quarantine.prune((path) => texts.get(path) ?? disk.readText(path));
  signal.throwIfAborted();
  // Scans of the sources with declared columns too (row counts and column statistics for hovers and
  // completion): cached per source, so only the first evaluation and changed data pay for them.
  if (m.ws.trusted) {
    const scanned = new Set(cache.scanFacts.map((f) => f.key));
    for (const info of r.analysis.model.sources.values()) {
      if (!info.readable || !info.files.length) continue;
      const spec: SourceSpec = sourceSpec(info, r.analysis.model);
      if (scanned.has(specKey(spec))) continue;
      await cache.scan(spec, signal).catch((e) => {
        if (isAbortError(e) || signal.aborted) throw e;
      });
    }
  }
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
  return { result: r.result, report: r.report, asOf: r.asOf, facts: { globs: [...globs], scans: cache.scanFacts }, degraded: [...degraded], derived };
}

async function facts(m: Extract<ToWorker, { type: "facts" }>, signal: AbortSignal): Promise<Facts> {
  const out: Facts = { globs: [], scans: [] };
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
  const work = m.type === "evaluate" ? evaluate(m, abort.signal) : facts(m, abort.signal);
  work.then(
    (value) => post({ type: "done", id: m.id, value }),
    (e) => post({ type: "failed", id: m.id, name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) }),
  ).finally(() => jobs.delete(m.id));
});

post({ type: "ready" });

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
