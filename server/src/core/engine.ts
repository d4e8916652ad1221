// One call for hosts: analyze, optionally evaluate, and build the report. The CLI and the
// language server's `cx/evaluate` both go through here, so they print the same numbers.
import { analyze, type Analysis, type AnalyzeOptions } from "./analyze";
import { evaluate, type EvalResult } from "./eval/evaluate";
import { buildReport, type Report } from "./report";

export interface RunOptions extends Omit<AnalyzeOptions, "mode"> {
  mode: "check" | "eval";
  /** As-of date (YYYY-MM-DD); defaults to cx.yaml's asOf, else `today`. */
  asOf?: string;
  /** Today's local date, YYYY-MM-DD (the host knows the clock; the core does not). */
  today: string;
  relativeTo: string;
}

export interface RunResult {
  analysis: Analysis;
  result?: EvalResult;
  report: Report;
  asOf: string;
}

export async function run(opts: RunOptions): Promise<RunResult> {
  const analysis = await analyze({ ...opts, mode: opts.mode });
  const asOf = opts.asOf ?? analysis.model.workspace.config.asOf ?? opts.today;
  let result: EvalResult | undefined;
  if (opts.mode === "eval") {
    result = await evaluate(analysis, { asOf, cache: opts.cache, signal: opts.signal });
  }
  const report = buildReport({ model: analysis.model, result, asOf, relativeTo: opts.relativeTo });
  return { analysis, result, report, asOf };
}

/** Today's date in the local time zone, YYYY-MM-DD. (Hosts call this; the core never reads the clock.) */
export function localToday(now: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
