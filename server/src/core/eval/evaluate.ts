// Evaluation (language reference §4.2–§5; language-v2 §9–§14; engines.md): plan, execute each
// source on its engine, assemble.
//
//   model ──planner──▶ plan ──executor per source (native kernel | SQL engine)──▶ aggregates ──assembler──▶ results
//
// Every engine returns only aggregates for the same plan, and one assembler turns them into
// metrics, goals, journeys, funnels, cohorts and drivers, so engines can disagree only in what
// they compute, never in how results are put together. Data diagnostics of every source the
// evaluation reads — or would have read — are reported here too (a source that cannot be read
// must never look like "no data").
import { diag, type Diagnostic } from "../diagnostics";
import type { Analysis } from "../analyze";
import { missingColumns, sourceSpec } from "../analyze";
import { locateField, type DataCache, type ReadResult } from "../data/reader";
import type { Host } from "../host";
import type { ColumnType, Table } from "../data/table";
import type { SourceInfo } from "../semantics/model";
import type { ConnectionConfig } from "../semantics/config";
import { planWorkspace } from "../plan/planner";
import type { SourceOutput, SourcePlan } from "../plan/plan";
import { assemble, type Assembled } from "./assemble";
import { runNative } from "../engines/native/executor";
import { UTC, zoneFor, type Zone } from "../time/zone";

export type {
  GoalStatus, GroupResult, TrendResult, MetricResult, SurveyStats, GoalResult, GoalGroupResult, JourneyStep, JourneyResult,
  FunnelResult, FunnelStepResult, CohortResult, CohortRow, CohortAge, CohortCurvePoint, DriversResult, DriverResult, CompareResult, KeyValue,
} from "./results";
export { DEFAULT_MIN_SAMPLE, satisfies } from "./assemble";
export { roundHalfAway } from "../engines/native/vector";

/** The results, with every data, evaluation and goal diagnostic (CX4xxx, CX5xxx). */
export interface EvalResult extends Assembled {
  asOf: string;
}

/** Where a source is evaluated by SQL: DuckDB for file sources (engine duckdb), or its connection's engine. */
export interface SqlTarget {
  engine: string;
  connection?: ConnectionConfig;
  /** IANA zone of the workspace. */
  zone: string;
}

/**
 * Runs the native engine on a source's plan. The default is the native executor
 * (engines/native); tests may pass another, e.g. the reference executor (engines/reference).
 */
export type NativeRunner = (plan: SourcePlan, table: Table, zone: Zone, signal?: AbortSignal) => SourceOutput | Promise<SourceOutput>;

/** What an SQL engine returns for a source: its aggregates, and the columns its data lacks (read as null). */
export interface SqlResult {
  output: SourceOutput;
  /** Columns the plan reads that the data does not have: metrics using them are null. */
  missing: string[];
  /** Declared columns (used or not) the data does not have: CX4002. */
  schemaMissing: string[];
}

/** Runs a source's plan on an SQL engine (the host provides it; engines load lazily there). Throws with a message (secrets removed) when the engine fails. */
export type SqlRunner = (plan: SourcePlan, target: SqlTarget, signal?: AbortSignal) => Promise<SqlResult>;

export interface EvaluateOptions {
  /** The as-of date, YYYY-MM-DD. */
  asOf: string;
  cache: DataCache;
  signal?: AbortSignal;
  /** Engine for file sources: cx.yaml `engine`, or `--engine`. Default native. */
  engine?: "native" | "duckdb";
  /** Confidence level for `significant` (default: cx.yaml `confidence`, else 0.95). */
  confidence?: number;
  native?: NativeRunner;
  sql?: SqlRunner;
  /** To point CX4006 (found while evaluating) at the offending field of its data row. */
  host?: Host;
}

export async function evaluate(analysis: Analysis, opts: EvaluateOptions): Promise<EvalResult> {
  const model = analysis.model;
  const config = model.workspace.config;
  const zone = (config.timezone && zoneFor(config.timezone)) || UTC;
  const planned = planWorkspace(model, { asOf: opts.asOf, timezone: zone.name });
  const diagnostics: Diagnostic[] = [];
  const outputs = new Map<string, SourceOutput>();
  const sqlSources = new Set<string>();
  const missing = new Map<string, Set<string>>();
  const fileEngine = opts.engine ?? config.engine ?? "native";
  const native = opts.native ?? runNative;

  for (const info of model.sources.values()) {
    opts.signal?.throwIfAborted();
    const sp = planned.plan.sources.get(info.name);
    if (!info.readable) {
      // Unreadable as found by the scan (sources without columns): report why, as `check` does.
      const pending = analysis.pendingScanDiagnostics.get(info.name);
      if (pending) diagnostics.push(...pending);
      continue;
    }
    if (info.kind === "sql" || (fileEngine !== "native" && sp)) {
      if (!sp) continue;
      const target: SqlTarget = info.kind === "sql" ? { engine: config.connections?.get(info.connection ?? "")?.engine ?? "postgres", connection: config.connections?.get(info.connection ?? ""), zone: zone.name } : { engine: fileEngine, zone: zone.name };
      sqlSources.add(info.name);
      if (!opts.sql) {
        diagnostics.push(engineFailure(info, `the ${target.engine} engine is not available here`));
        continue;
      }
      try {
        const r = await opts.sql(sp, target, opts.signal);
        if (info.declared && r.schemaMissing.length) diagnostics.push(...missingColumns(info.name, info.declared.keys(), { missing: r.schemaMissing, ambiguous: new Map() }, [], info));
        if (r.missing.length) missing.set(info.name, new Set(r.missing));
        outputs.set(info.name, r.output);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        diagnostics.push(engineFailure(info, (err as Error).message));
      }
      continue;
    }
    // Native: read the columns the plan needs (a source no metric uses is still checked).
    const needed = sp ? sp.columns : new Map<string, ColumnType>();
    const pending = analysis.pendingScanDiagnostics.get(info.name);
    if (!sp && !info.declared) {
      if (pending) diagnostics.push(...pending);
      continue;
    }
    let table = await readTable(info, needed, zone, opts, diagnostics);
    if (!table || !sp) continue;
    // A column the data lacks (CX4002 reported) reads as null; only the metrics that use it are null (§3.1).
    const absent = [...needed.keys()].filter((c) => !table!.columns.has(c));
    if (absent.length) {
      missing.set(info.name, new Set(absent));
      table = withNullColumns(table, absent.map((c) => [c, needed.get(c)!]));
    }
    try {
      outputs.set(info.name, await native(sp, table, zone, opts.signal));
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      diagnostics.push(engineFailure(info, (err as Error).message));
    }
  }
  const assembled = assemble({
    model,
    planned,
    outputs,
    asOf: opts.asOf,
    confidence: opts.confidence ?? config.confidence ?? 0.95,
    sqlSources,
    missing,
  });
  if (opts.host) await locateScaleFields(assembled.diagnostics, model, zone, opts.host, opts.signal);
  return { ...assembled, asOf: opts.asOf, diagnostics: [...diagnostics, ...assembled.diagnostics] };
}

function engineFailure(info: SourceInfo, message: string): Diagnostic {
  const at = info.sym.props.get(info.kind === "sql" ? (info.sym.props.has("table") ? "table" : info.sym.props.has("sql") ? "sql" : "connection") : "file")?.value ?? info.sym.decl.name!;
  return diag("CX4001", info.sym.file.path, info.sym.file.parse.lines.rangeOf(at.span), { detail: `Source '${info.name}': ${message}` });
}

/** Reads a file source's needed columns natively, reporting its data diagnostics; undefined when it cannot be read. */
async function readTable(info: SourceInfo, cols: Map<string, ColumnType>, zone: Zone, opts: EvaluateOptions, diagnostics: Diagnostic[]): Promise<Table | undefined> {
  let result: ReadResult;
  try {
    // Declared columns no metric reads are still type-checked (CX4003), without being kept.
    const validateOnly = new Map([...(info.declared ?? new Map<string, ColumnType>())].filter(([c]) => !cols.has(c)));
    result = await opts.cache.read(sourceSpec(info, zone), cols, opts.signal, validateOnly);
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    info.readable = false;
    const at = info.sym.props.get("file")?.value ?? info.sym.decl.name!;
    diagnostics.push(diag("CX4001", info.sym.file.path, info.sym.file.parse.lines.rangeOf(at.span), { detail: `Source '${info.name}': cannot read the data: ${(err as Error).message}` }));
    return undefined;
  }
  diagnostics.push(...result.diagnostics);
  if (info.declared) diagnostics.push(...missingColumns(info.name, info.declared.keys(), result, result.header, info));
  // Data with an error (an unterminated quote that swallows the rest of the file, a file that is
  // not text, a malformed JSON or YAML document, files of a glob with other columns) is broken:
  // its metrics are null rather than computed from what happened to be read (§6).
  if (result.diagnostics.some((d) => d.severity === "error")) {
    info.readable = false;
    return undefined;
  }
  return result.table;
}

/** The table with all-null columns added under the given names. */
function withNullColumns(t: Table, cols: [string, ColumnType][]): Table {
  const columns = new Map(t.columns);
  for (const [name, type] of cols) {
    columns.set(
      name,
      type === "text" ? { name, type, codes: new Int32Array(t.rowCount).fill(-1), dict: [] } : { name, type, values: new Float64Array(t.rowCount).fill(NaN) },
    );
  }
  return { ...t, columns };
}

/** CX4006 found while evaluating names the row; its caret goes to the field (the row's line is re-read). */
async function locateScaleFields(diagnostics: Diagnostic[], model: Analysis["model"], zone: Zone, host: Host, signal?: AbortSignal): Promise<void> {
  for (const d of diagnostics) {
    if (d.code !== "CX4006" || !d.data) continue;
    const { source, column, line } = d.data as { source?: string; column?: string; line?: number };
    const info = source ? model.sources.get(source) : undefined;
    if (!info || info.kind !== "file" || !column || !line || !/^[A-Za-z_]\w*$/.test(column)) continue;
    try {
      const range = await locateField(host, sourceSpec(info, zone), d.file, line, column, signal);
      if (range) d.range = range;
    } catch (err) {
      if (signal?.aborted) throw err;
    }
  }
}
