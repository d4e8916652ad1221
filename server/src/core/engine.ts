// One call for hosts: analyze, optionally evaluate, and build the report. The CLI and the
// language server's `cx/evaluate` both go through here, so they print the same numbers.
import { analyze, type Analysis, type AnalyzeOptions } from "./analyze";
import type { EvalResult, EvaluateOptions } from "./eval/evaluate";
import { formatDate } from "./data/convert";
import { UTC, zoneFor } from "./time/zone";
import { buildReport, type Report } from "./report";

export interface RunOptions extends Omit<AnalyzeOptions, "mode"> {
  mode: "check" | "eval";
  /** As-of date (YYYY-MM-DD); defaults to cx.yaml's asOf, else today in the workspace's time zone. */
  asOf?: string;
  /** Today's local date, YYYY-MM-DD, in the host's zone (the host knows the clock; the core does not). */
  today: string;
  /** The current instant (ms): with it, "today" is the local date in the workspace's time zone (language-v2 §9.5). */
  now?: number;
  relativeTo: string;
  /** Engine for file sources (`--engine`; default cx.yaml `engine`, else native). */
  engine?: "native" | "duckdb";
  /** Confidence level for `significant` (`--confidence`; default cx.yaml `confidence`, else 0.95). */
  confidence?: number;
  /** Engines supplied by the host (eval/evaluate.ts). */
  native?: EvaluateOptions["native"];
  sql?: EvaluateOptions["sql"];
}

export interface RunResult {
  analysis: Analysis;
  result?: EvalResult;
  report: Report;
  asOf: string;
}

export async function run(opts: RunOptions): Promise<RunResult> {
  const analysis = await analyze({ ...opts, mode: opts.mode });
  const config = analysis.model.workspace.config;
  const zone = (config.timezone && zoneFor(config.timezone)) || UTC;
  const today = opts.now !== undefined && config.timezone ? formatDate(zone.localDay(opts.now)) : opts.today;
  const asOf = opts.asOf ?? config.asOf ?? today;
  let result: EvalResult | undefined;
  if (opts.mode === "eval") {
    // Imported here: `check` does not initialize the evaluator (and the native engine) at all.
    const { evaluate } = await import("./eval/evaluate");
    result = await evaluate(analysis, {
      asOf,
      cache: opts.cache,
      signal: opts.signal,
      engine: opts.engine,
      confidence: opts.confidence,
      native: opts.native,
      sql: opts.sql,
      host: opts.host,
    });
  }
  const report = buildReport({ model: analysis.model, result, asOf, relativeTo: opts.relativeTo });
  return { analysis, result, report, asOf };
}

/** Today's date in the local time zone, YYYY-MM-DD. (Hosts call this; the core never reads the clock.) */
export function localToday(now: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
