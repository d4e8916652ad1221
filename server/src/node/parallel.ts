// The Node.js side of parallel reading (core/data/parallel.ts): a small pool of worker_threads
// running dist/readWorker.js (server/src/node/readWorker.ts), which parses one part of a CSV file
// with the core's reader and sends back its columns as transferred typed arrays.
//
// Settings (environment, read once per host):
//   CX_PARALLEL            unset, "off" / "0" / "1": read serially (the default: measured so far,
//                          workers add CPU time and 60–90 MB of memory and have not won wall time
//                          on the shared machine we measure on; docs/performance.md); a number ≥ 2:
//                          split large files into that many parts (this thread reads one), whatever
//                          the load; "auto": the number of cores available
//                          (os.availableParallelism), at most 4 — and only while a core is idle:
//                          when the 1-minute load average is at least the number of cores minus a
//                          half, a file is read serially.
//   CX_PARALLEL_MIN_BYTES  files smaller than this are read serially (default 16 MiB: below it
//                          the worker's start and the merge cost more than they save).
//   CX_PARALLEL_DEBUG      set: say on stderr how each large file was read (parts and times, or
//                          why it was read again serially).
// The worker file is looked up next to the running bundle (dist/cli.js, dist/server.js and
// dist/evalWorker.js are all in dist/); when it is not there (tests running the TypeScript
// sources), the host has no parallel capability and reads serially.
// Workers start on first use, are kept for the next read, and do not keep the process alive
// while idle (unref); a job in flight does (ref), so a process waiting for it does not exit.

import * as fs from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { ParallelReader, PartJob, PartResult } from "../core/data/parallel";

export const DEFAULT_MIN_BYTES = 16 << 20;
const MAX_PARTS = 4;

export interface ParallelOptions {
  /** Parts per large file (≥ 2), this thread included. */
  parts?: number;
  /** Read serially while the machine is busy (CX_PARALLEL=auto). */
  whenIdle?: boolean;
  minBytes?: number;
  /** The worker script (default: readWorker.js next to the running bundle). */
  workerFile?: string;
}

/** The settings from the environment, or undefined when parallel reading is off. */
export function parallelFromEnv(env: NodeJS.ProcessEnv = process.env): ParallelOptions | undefined {
  const v = (env.CX_PARALLEL ?? "").trim().toLowerCase();
  let parts: number;
  const auto = v === "auto";
  if (auto) parts = Math.min(MAX_PARTS, availableParallelism());
  else if (v === "" || v === "off" || v === "false" || v === "no") return undefined;
  else parts = Math.floor(Number(v));
  if (!Number.isFinite(parts) || parts < 2) return undefined;
  const min = Number(env.CX_PARALLEL_MIN_BYTES);
  return { parts: Math.min(parts, 16), whenIdle: auto, minBytes: env.CX_PARALLEL_MIN_BYTES !== undefined && Number.isFinite(min) && min >= 0 ? min : DEFAULT_MIN_BYTES };
}

/** readWorker.js next to this bundle, if it exists. */
export function defaultWorkerFile(): string | undefined {
  if (typeof __dirname !== "string") return undefined;
  const f = join(__dirname, "readWorker.js");
  return fs.existsSync(f) ? f : undefined;
}

interface Pending {
  resolve(r: PartResult): void;
  reject(e: Error): void;
}

class PoolWorker {
  private worker: Worker | undefined;
  private pending = new Map<number, Pending>();
  private seq = 0;

  constructor(private readonly file: string) {}

  /** Starts the thread (it boots while this thread does other work). */
  warm(): void {
    this.start();
  }

  run(job: PartJob): Promise<PartResult> {
    const w = this.start();
    const id = ++this.seq;
    return new Promise<PartResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, job });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // (worker_threads is loaded only when parallel reading starts: most runs never need it.)
    const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
    const w = new Worker(this.file);
    w.unref();
    w.on("message", (m: { id: number; result?: PartResult; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.result) p.resolve(m.result);
      else p.reject(new Error(m.error ?? "the worker failed"));
    });
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = undefined;
      const all = [...this.pending.values()];
      this.pending.clear();
      for (const p of all) p.reject(e);
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`the read worker stopped (exit code ${code})`)));
    this.worker = w;
    return w;
  }
}

export class NodeParallelReader implements ParallelReader {
  private readonly maxParts: number;
  private readonly whenIdle: boolean;
  readonly minBytes: number;
  private readonly workers: PoolWorker[] = [];
  private next = 0;

  constructor(options: Required<Pick<ParallelOptions, "workerFile">> & ParallelOptions) {
    this.maxParts = Math.max(2, options.parts ?? 2);
    this.whenIdle = options.whenIdle ?? false;
    this.minBytes = options.minBytes ?? DEFAULT_MIN_BYTES;
    for (let i = 0; i < this.maxParts - 1; i++) this.workers.push(new PoolWorker(options.workerFile));
  }

  /** Parts for the next file: 1 (serial) while the machine is busy, when so configured. */
  get parts(): number {
    if (this.whenIdle && loadavg()[0] >= availableParallelism() - 0.5) return 1;
    return this.maxParts;
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    const handle = await fs.promises.open(path, "r");
    try {
      const out = new Uint8Array(Math.max(0, end - start));
      let got = 0;
      while (got < out.length) {
        const { bytesRead } = await handle.read(out, got, out.length - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return out.subarray(0, got);
    } finally {
      await handle.close();
    }
  }

  /** How the last files were read (CX_PARALLEL_DEBUG prints it to stderr). */
  readonly outcomes: { path: string; outcome: string }[] = [];

  note(path: string, outcome: string): void {
    this.outcomes.push({ path, outcome });
    if (this.outcomes.length > 100) this.outcomes.shift();
    if (process.env.CX_PARALLEL_DEBUG) process.stderr.write(`cx: ${path}: ${outcome}\n`);
  }

  /**
   * Starts the workers ahead of a large file's read (NodeHost.stat, which sources call while they
   * are resolved, before planning): a worker's isolate boots and loads its bundle in 100–200 ms,
   * which would otherwise delay its part.
   */
  warm(): void {
    if (this.parts < 2) return;
    for (const w of this.workers) w.warm();
  }

  readPart(job: PartJob): Promise<PartResult> {
    const w = this.workers[this.next++ % this.workers.length];
    return w.run(job);
  }
}
