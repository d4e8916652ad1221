// Column memory made ready on a helper thread (core/host.ts, ColumnMemory).
//
// Why: the first write to each 4 KiB page of a fresh array is a page fault. On the virtual machines
// we measure on (Firecracker, kernel page-table isolation without PCID) each fault costs 10–20 µs,
// so filling the 70 MB of columns of a 1M-row survey export spent about 250 ms — a third of the
// read — in faults on the parsing thread (docs/performance.md, "Page faults").
//
// How: arrays of PREPARE_MIN_BYTES or more live in SharedArrayBuffers, and a small helper worker
// touches every page of them with an atomic OR of 0 — a write that keeps the contents, however it
// interleaves with the reader's own writes, so the two threads need no coordination: the reader
// never waits, and a page it reaches first it simply takes itself. The helper walks the arrays
// together, a band of rows at a time from where the reader is, so that it stays ahead of the reader
// in every column, and only up to the rows the file is expected to hold. (Measured on a 1M-row
// file: the reading thread then takes about 2,200 faults during the read instead of 19,700.)
//
// The helper starts when a large data file is statted (it boots while the workspace is checked and
// planned) or on the first large allocation. Reads hold it (ColumnMemory.hold: a dictionary that
// grows late in the read finds it still running), and it ends itself as soon as no read holds it
// and it has no job left, which gives most of its memory (≈ 10 MB while it runs) back before
// evaluation reaches its peak.
//
// The helper runs at a lower priority (nice 10, where the system allows it: Linux).
//
// CX_PREFAULT=off (or 0/false/no) turns it off: plain arrays, every fault on the reading thread.

import type { Worker } from "node:worker_threads";
import type { ColumnMemory } from "../core/host";

/** Arrays of at least this many bytes are shared and prepared by the helper. */
export const PREPARE_MIN_BYTES = 256 << 10;
/** Data files of at least this size start the helper when they are statted. */
export const WARM_MIN_BYTES = 16 << 20;

/** Whether the environment leaves the helper on (CX_PREFAULT unset or anything but off/0/false/no). */
export function prefaultFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.CX_PREFAULT ?? "").trim().toLowerCase();
  return !(v === "off" || v === "0" || v === "false" || v === "no");
}

/** A helper started ahead of a read that never comes ends after this long. */
const IDLE_MS = 30_000;
/**
 * The helper's nice value (0 = normal … 19 = lowest), or the process's own if that is higher.
 * Measured on the 1M-row survey CSV, paired runs: 10 was 54 ms faster than 0 at the median, 3 and
 * 19 about 20 ms (docs/performance.md, "Stop 20").
 */
const HELPER_NICE = 10;
/** Bytes per band: the helper touches a band of rows of every array of a job (about this many bytes) before moving on to the next job's band. */
const BAND_BYTES = 1 << 20;

// The helper's whole program. A job is { buffers, sizes, from, length }: for every array (a
// SharedArrayBuffer of elements of `sizes[i]` bytes), its pages of elements `from` to `length`,
// then those before `from`, a band of rows at a time; jobs take turns, a band each.
// "end" says that no read holds the helper any more: it ends once it has done the jobs before it
// (and stays when a job came after it).
const HELPER = `
const { parentPort, receiveMessageOnPort } = require("node:worker_threads");
// A lower priority for this thread (Linux: a thread's id is a process id to setpriority): its work
// only saves time, and when both cores are wanted — V8 compiling the reader's hot functions while
// the first megabyte is read, another process — they go to that work first.
try {
  const os = require("node:os");
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) {
    // (Never above the process's own: a process run at nice 15 keeps its helper there, and only a
    // privileged one may raise a priority.)
    os.setPriority(tid, Math.max(os.getPriority(tid), ${HELPER_NICE}));
    parentPort.postMessage({ nice: os.getPriority(tid) });
  }
} catch {}
// A job's bands, in order: rows from..length, then 0..from (the rows before the reader's, copied last).
function* bands({ buffers, sizes, from, length }) {
  const views = buffers.map((b) => new Int32Array(b, 0, b.byteLength >> 2));
  const rows = Math.max(1024, Math.floor(${BAND_BYTES} / sizes.reduce((a, b) => a + b, 0)));
  for (const [start, stop] of [[from, length], [0, from]]) {
    for (let row = start; row < stop; row += rows) {
      const end = Math.min(stop, row + rows);
      for (let i = 0; i < views.length; i++) {
        const v = views[i];
        const size = sizes[i];
        const last = Math.min(v.length, Math.floor((end * size) / 4)) - 1;
        const first = Math.floor((row * size) / 4);
        for (let at = first - (first % 1024); at <= last; at += 1024) Atomics.or(v, at, 0);
        if (last >= 0) Atomics.or(v, last, 0);
      }
      yield;
    }
  }
}
// Jobs share the thread a band at a time, except "whole" ones (a hash table that a rehash will
// soon write all over, at once): those go first, each to its end, while the reader — whose columns
// this thread is ahead of — goes on.
const jobs = [];
const wholes = [];
let ended = false;
function take(message) {
  if (message === "end") ended = true;
  else {
    ended = false;
    (message.whole ? wholes : jobs).push(bands(message));
  }
}
// A helper nobody ends (started ahead of a read that did not come: a cached table) ends after a while.
let idle = setTimeout(() => process.exit(0), ${IDLE_MS});
parentPort.on("message", (first) => {
  clearTimeout(idle);
  take(first);
  for (;;) {
    for (let m = receiveMessageOnPort(parentPort); m; m = receiveMessageOnPort(parentPort)) take(m.message);
    if (wholes.length > 0) {
      if (wholes[0].next().done) wholes.shift();
      continue;
    }
    if (jobs.length === 0) break;
    for (let i = 0; i < jobs.length; i++) if (jobs[i].next().done) jobs.splice(i--, 1);
  }
  // Out of work: end this thread now (its memory goes back), not when the main thread next looks.
  if (ended) process.exit(0);
  idle = setTimeout(() => process.exit(0), ${IDLE_MS});
});
`;

type Arr = Float64Array | Int32Array | Uint16Array | Uint8Array;

/** A typed array constructor (Float64Array, Int32Array, …). */
interface ArrayKind<T> {
  new (length: number): T;
  new (buffer: SharedArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

export class NodeColumnMemory implements ColumnMemory {
  private worker: Worker | undefined;
  private holds = 0;
  private exited: Promise<void> = Promise.resolve();
  private readonly warmed = new Map<string, string>();
  private broken = false;
  /** Jobs given to the helper so far (for tests). */
  prepared = 0;
  /** The helper's nice value once it has set it (for tests; undefined where it cannot). */
  helperNice: Promise<number | undefined> = Promise.resolve(undefined);

  constructor(readonly minBytes = PREPARE_MIN_BYTES) {}

  float64(length: number): Float64Array {
    return this.make(Float64Array, length);
  }

  int32(length: number): Int32Array {
    return this.make(Int32Array, length);
  }

  uint16(length: number): Uint16Array {
    return this.make(Uint16Array, length);
  }

  uint8(length: number): Uint8Array {
    return this.make(Uint8Array, length);
  }

  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) this.worker?.postMessage("end");
    };
  }

  prepare(arrays: readonly Arr[], from: number, until?: number, whole = false): void {
    const buffers: SharedArrayBuffer[] = [];
    const sizes: number[] = [];
    let length = 0;
    for (const a of arrays) {
      if (!(a.buffer instanceof SharedArrayBuffer)) continue;
      buffers.push(a.buffer);
      sizes.push(a.BYTES_PER_ELEMENT);
      length = Math.max(length, a.length);
    }
    if (buffers.length === 0) return;
    // (The elements before `from` are written for sure — copied — so they are always prepared.)
    if (until !== undefined) length = Math.min(length, Math.max(from, until));
    from = Math.min(from, length);
    const w = this.start();
    if (!w) return;
    this.prepared++;
    // (A job that reaches the helper as it exits is dropped: the reader then takes those faults itself.)
    w.postMessage({ buffers, sizes, from, length, whole });
    if (this.holds === 0) w.postMessage("end");
  }

  /**
   * Starts the helper ahead of a read of this large file (it boots on the other core) — once per
   * version of the file: later stats of a file already read (cache checks) start nothing.
   */
  warm(path: string, size: number, mtimeMs: number): void {
    const key = `${size}:${mtimeMs}`;
    if (this.warmed.get(path) === key) return;
    this.warmed.set(path, key);
    this.start();
  }

  /** Whether a helper thread runs now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Resolves once no helper runs (it ends itself when it has no job left). */
  settled(): Promise<void> {
    return this.exited;
  }

  /** An array of `length` elements: over a shared buffer when it is large enough, else plain. */
  private make<T>(C: ArrayKind<T>, length: number): T {
    const b = this.shared(length, C.BYTES_PER_ELEMENT);
    return b ? new C(b, 0, length) : new C(length);
  }

  /** A shared buffer for `length` elements of `size` bytes, when the array is large enough (a whole number of 4-byte words). */
  private shared(length: number, size: number): SharedArrayBuffer | undefined {
    const bytes = length * size;
    if (this.broken || bytes < this.minBytes || typeof SharedArrayBuffer !== "function") return undefined;
    return new SharedArrayBuffer(Math.ceil(bytes / 8) * 8); // (no bit operations: columns may pass 2 GiB)
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      // (worker_threads is loaded only for a large read.)
      const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
      const w = new Worker(HELPER, { eval: true });
      w.on("error", () => {
        this.broken = true; // (then plain arrays; the helper is never restarted)
      });
      this.exited = new Promise<void>((resolve) =>
        w.once("exit", () => {
          if (this.worker === w) this.worker = undefined;
          resolve();
        }),
      );
      this.helperNice = new Promise((resolve) => {
        w.once("message", (m: { nice?: number }) => resolve(m.nice));
        void this.exited.then(() => resolve(undefined));
      });
      w.unref(); // never keeps the process alive: its work only saves time
      this.worker = w;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }
}
