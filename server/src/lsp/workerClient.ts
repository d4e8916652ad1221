// The main thread's side of the evaluation worker (evalWorker.ts): starts it on first use, sends
// jobs and matches replies, cancels jobs, and restarts the worker when it dies or when a cancelled
// job is not given up in time because the worker is stuck in synchronous work (a huge glob cannot
// see its AbortSignal). "Stuck" is decided by a ping: a worker whose event loop answers is only
// slow (a loaded machine, a job waiting for I/O) and is left alone; one that does not answer a
// ping within CANCEL_GRACE_MS while a cancelled job is still running is terminated.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { FromWorker, ToWorker } from "./workerProtocol";

/** How long a worker with a cancelled job still running may leave a ping unanswered before it is restarted. */
const CANCEL_GRACE_MS = 3000;
/** Pings while a cancelled job goes on in a worker that answers them (after that it is left alone). */
const MAX_PINGS = 20;

type Job = Extract<ToWorker, { id: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Pending {
  resolve(value: unknown): void;
  reject(e: Error): void;
  cancelled: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export class AbortError extends Error {
  override name = "AbortError";
}

/** The worker stopped (crashed, ran out of memory, or was restarted) while the job ran. */
export class WorkerLost extends Error {
  override name = "WorkerLost";
}

interface Running {
  worker: Worker;
  /** The worker has loaded (before that, silence is start-up, not a stuck loop). */
  ready: boolean;
  pingSent: number;
  pongReceived: number;
}

export class EvalWorker {
  private worker?: Worker;
  private running?: Running;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  /** Called after the worker was replaced (its caches are empty; facts may be out of date). */
  onRestart?: () => void;

  constructor(
    private readonly file: string,
    private readonly log: (message: string) => void,
  ) {}

  static besideThisFile(log: (message: string) => void): EvalWorker {
    return new EvalWorker(join(__dirname, "evalWorker.js"), log);
  }

  /** Runs a job; `signal` cancels it (the promise rejects with an AbortError at once). */
  run<T>(job: DistributiveOmit<Job, "id">, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new AbortError("cancelled"));
    let worker: Worker;
    try {
      worker = this.ensure();
    } catch (e) {
      return Promise.reject(e);
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { resolve: resolve as (v: unknown) => void, reject, cancelled: false };
      this.pending.set(id, p);
      const onAbort = () => {
        if (p.cancelled) return;
        p.cancelled = true;
        reject(new AbortError("cancelled"));
        worker.postMessage({ type: "cancel", id } satisfies ToWorker);
        this.watchCancelled(id, p, worker);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => signal?.removeEventListener("abort", onAbort);
      p.resolve = (v) => {
        settle();
        resolve(v as T);
      };
      p.reject = (e) => {
        settle();
        reject(e);
      };
      worker.postMessage({ ...job, id } as Job);
    });
  }

  /** Restarts the worker if it is stuck (does not answer a ping) while the cancelled job `id` still runs. */
  private watchCancelled(id: number, p: Pending, worker: Worker): void {
    const r = this.running;
    if (!r || r.worker !== worker) return;
    let pings = 0;
    const ping = () => {
      r.pingSent++;
      worker.postMessage({ type: "ping", seq: r.pingSent } satisfies ToWorker);
      const sent = r.pingSent;
      p.timer = setTimeout(() => {
        if (this.pending.get(id) !== p || this.worker !== worker) return; // given up, or already replaced
        if (r.ready && r.pongReceived < sent) {
          this.log(`The evaluation worker is stuck in a cancelled job (no answer for ${CANCEL_GRACE_MS / 1000} s): restarting it.`);
          this.restart();
        } else if (++pings < MAX_PINGS) ping();
      }, CANCEL_GRACE_MS);
    };
    ping();
  }

  /** Tells the worker something that needs no answer. */
  tell(message: Extract<ToWorker, { type: "forget" }>): void {
    this.worker?.postMessage(message);
  }

  /** Stops the worker; jobs in flight fail with WorkerLost. A new worker starts on the next job. */
  restart(): void {
    const w = this.worker;
    this.worker = undefined;
    this.running = undefined;
    this.failAll(new WorkerLost("the evaluation worker was restarted"));
    if (w) void w.terminate();
    if (!this.disposed) this.onRestart?.();
  }

  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
    this.running = undefined;
    this.failAll(new WorkerLost("the language server is shutting down"));
    if (w) void w.terminate();
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      if (!p.cancelled) p.reject(e);
    }
    this.pending.clear();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    if (this.disposed) throw new WorkerLost("the language server is shutting down");
    if (!existsSync(this.file)) throw new Error(`the evaluation worker ${this.file} is missing (run npm run build)`);
    const w = new Worker(this.file);
    w.unref();
    const running: Running = { worker: w, ready: false, pingSent: 0, pongReceived: 0 };
    w.on("message", (m: FromWorker) => {
      if (m.type === "log") return this.log(m.message);
      if (m.type === "ready") {
        running.ready = true;
        return;
      }
      if (m.type === "pong") {
        running.pongReceived = Math.max(running.pongReceived, m.seq);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (p.cancelled) return;
      if (m.type === "done") p.resolve(m.value);
      else p.reject(Object.assign(new Error(m.message), { name: m.name }));
    });
    w.on("error", (e) => this.log(`The evaluation worker failed: ${e.message}`));
    w.on("exit", (code) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.running = undefined;
      if (!this.disposed) this.log(`The evaluation worker stopped (exit code ${code}); it is started again for the next evaluation.`);
      this.failAll(new WorkerLost(`the evaluation worker stopped (exit code ${code})`));
      if (!this.disposed) this.onRestart?.();
    });
    this.worker = w;
    this.running = running;
    return w;
  }
}
