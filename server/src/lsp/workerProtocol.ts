// Messages between the language server's main thread and its evaluation worker (dist/evalWorker.js).
// Everything is structured-cloned: plain objects, arrays, Maps, typed arrays.
import type { EvalResult } from "../core/eval/evaluate";
import type { Report } from "../core/report";
import type { DerivedSamples } from "../core/features/derivedSamples";
import type { Degraded } from "./isolate";
import type { Facts, SchemaRequest, SpecMessage } from "./facts";

/** A workspace as the worker evaluates it: exactly the texts the main thread analysed. */
export interface WorkspaceJob {
  root: string;
  inputs: string[];
  configFile?: string;
  /** False in an untrusted workspace: no data file is read. */
  trusted: boolean;
  /** Text of every .cx file the main thread's analysis loaded (open documents unsaved, hostile declarations blanked). */
  texts: [string, string][];
}

export type ToWorker =
  /**
   * `sql`: how connection sources are evaluated — "run" (a cached result by query text and as-of
   * date, else the query runs), "fresh" (the query runs: an explicit request), "cached" (an
   * evaluation started by typing: only cached results, no query runs).
   */
  | { type: "evaluate"; id: number; owner: string; ws: WorkspaceJob; asOf?: string; today: string; sql?: "run" | "fresh" | "cached" }
  /** Expand globs, scan sources and (when trusted) probe connection sources' schemas (facts for the main thread's analyses and features). */
  | { type: "facts"; id: number; owner: string; globs: string[]; scans: SpecMessage[]; schemas?: SchemaRequest[]; trusted?: boolean }
  | { type: "cancel"; id: number }
  /** The workspace is gone: its data may be dropped from the worker's cache. */
  | { type: "forget"; owner: string }
  | { type: "memory"; id: number }
  /** Answered at once with a pong: is the worker's event loop free (not stuck in synchronous work)? */
  | { type: "ping"; seq: number };

export interface EvaluateReply {
  result?: EvalResult;
  report: Report;
  asOf: string;
  /** Globs and scans the evaluation did (fresh facts for the main thread). */
  facts: Facts;
  /** Declarations the worker had to blank to evaluate (beyond what the main thread blanked). */
  degraded: Degraded[];
  /** Sample values of derived columns (for hovers); absent in an untrusted workspace. */
  derived?: DerivedSamples;
}

export interface MemoryReply {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  cachedSources: number;
}

export type FromWorker =
  | { type: "done"; id: number; value: unknown }
  | { type: "failed"; id: number; name: string; message: string }
  | { type: "log"; message: string }
  /** The worker has loaded and listens. */
  | { type: "ready" }
  | { type: "pong"; seq: number };
