// The main thread's side of the evaluation worker (evalWorker.ts): starts it on first use, sends
// jobs and matches replies, cancels jobs, and restarts the worker when it dies or when a cancelled
// job is not given up in time (synchronous work such as a huge glob cannot see its AbortSignal).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { FromWorker, ToWorker } from "./workerProtocol";

/** How long a cancelled job may keep the worker busy before the worker is restarted. */
const CANCEL_GRACE_MS = 2000;

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

export class EvalWorker {
  private worker?: Worker;
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
        p.timer = setTimeout(() => {
          if (this.pending.get(id) === p && this.worker === worker) {
            this.log(`The evaluation worker did not give up a cancelled job within ${CANCEL_GRACE_MS} ms: restarting it.`);
            this.restart();
          }
        }, CANCEL_GRACE_MS);
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

  /** Tells the worker something that needs no answer. */
  tell(message: Extract<ToWorker, { type: "forget" }>): void {
    this.worker?.postMessage(message);
  }

  /** Stops the worker; jobs in flight fail with WorkerLost. A new worker starts on the next job. */
  restart(): void {
    const w = this.worker;
    this.worker = undefined;
    this.failAll(new WorkerLost("the evaluation worker was restarted"));
    if (w) void w.terminate();
    if (!this.disposed) this.onRestart?.();
  }

  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
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
    w.on("message", (m: FromWorker) => {
      if (m.type === "log") return this.log(m.message);
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
      if (!this.disposed) this.log(`The evaluation worker stopped (exit code ${code}); it is started again for the next evaluation.`);
      this.failAll(new WorkerLost(`the evaluation worker stopped (exit code ${code})`));
      if (!this.disposed) this.onRestart?.();
    });
    this.worker = w;
    return w;
  }
}
