// The SQL engines of a workspace evaluation on Node: one client per connection (opened on first
// use) and one embedded DuckDB for file sources, each source's plan run through the core's
// executor. Used by `cx eval --engine duckdb`, connection sources and the differential tests.
import type { Host } from "../../core/host";
import { readConfig, type ConnectionConfig } from "../../core/semantics/config";
import type { SourcePlan } from "../../core/plan/plan";
import type { ColumnType, Table } from "../../core/data/table";
import { stripSql } from "../../core/engines/sql/render";
import { readSource } from "../../core/data/reader";
import { UTC, zoneFor } from "../../core/time/zone";
import { dialectFor } from "../../core/engines/sql/dialects";
import { redactSecrets, type SqlClient } from "../../core/engines/sql/client";
import { runSql, type RunOptions, type SqlRun } from "../../core/engines/sql/execute";
import { openConnection, openFileEngine, type Opened } from "./connect";
import type { SqlRunner } from "../../core/eval/evaluate";
import type { SchemaProbe } from "../../core/analyze";

export { openDuckDb, duckDbAvailable, DriverMissing } from "./duckdb";
export { openPostgres, type PgSettings } from "./postgres";
export { openConnection, resolveSettings } from "./connect";

export interface SqlEnginesOptions {
  /** Connections of cx.yaml by name. */
  connections?: Map<string, ConnectionConfig>;
  env?: NodeJS.ProcessEnv;
  /** Reads data files for sources DuckDB cannot read as natively (YAML, other encodings). */
  host?: Host;
  /** Clients to use instead of opening them (tests, the differential runner): by connection name, "" for file sources. */
  clients?: Map<string, SqlClient>;
}

/**
 * Reads a file source's plan columns with the native reader (headers, labels, encoding and zone as
 * natively), under their .cx names. Data with an error — which natively makes the source's
 * metrics null (eval/evaluate.ts) — is an Error with the first such diagnostic's message.
 */
export async function readNativeTable(plan: SourcePlan, host: Host, zone: string, signal?: AbortSignal): Promise<Table | undefined> {
  return (await readNative(plan, host, zone, signal))?.table;
}

/**
 * A file source read by the native reader: the plan's columns under their .cx names, and every
 * declared column (used or not) the data does not have (CX4002).
 */
export async function readNative(plan: SourcePlan, host: Host, zone: string, signal?: AbortSignal): Promise<{ table: Table; missing: string[] } | undefined> {
  const a = plan.access;
  if (a.kind !== "files") return undefined;
  const unused = new Map([...plan.schema].filter(([k]) => !plan.columns.has(k)).map(([k, spec]) => [k, spec.type]));
  const r = await readSource(
    { name: plan.source, files: a.files, format: a.format, delimiter: a.delimiter, declared: plan.schema, encoding: a.encoding, timezone: zoneFor(zone) ?? UTC },
    plan.columns,
    host,
    signal,
    unused,
  );
  const error = r.diagnostics.find((d) => d.severity === "error");
  if (error) throw new Error(`the data has an error: ${error.message}`);
  return { table: r.table, missing: r.missing };
}

export interface DescribedColumn {
  name: string;
  /** The engine's type name. */
  engineType: string;
  /** The column type it reads as, or undefined when cx has none for it. */
  type: ColumnType | undefined;
}

export class SqlEngines {
  private readonly opened = new Map<string, Promise<Opened>>();

  constructor(private readonly opts: SqlEnginesOptions = {}) {}

  private client(key: string): Promise<Opened> {
    let p = this.opened.get(key);
    if (!p) {
      const given = this.opts.clients?.get(key);
      if (given) p = Promise.resolve({ ok: true, client: given, secrets: [] } as Opened);
      else if (key === "") p = openFileEngine();
      else {
        const conn = this.opts.connections?.get(key);
        p = conn ? openConnection(conn, this.opts.env) : Promise.resolve({ ok: false, message: `Unknown connection '${key}'.` } as Opened);
      }
      this.opened.set(key, p);
    }
    return p;
  }

  /** Evaluates one source's plan on its engine: file sources on DuckDB, connection sources on their connection. */
  async run(plan: SourcePlan, zone: string, signal?: AbortSignal): Promise<SqlRun> {
    const key = plan.access.kind === "files" ? "" : plan.access.connection;
    if (key !== "" && !this.opts.clients?.has(key) && !this.opts.connections?.has(key)) {
      return { ok: false, message: `Unknown connection '${key}'.` };
    }
    const opened = await this.client(key);
    if (!opened.ok) return { ok: false, message: opened.message };
    const host = this.opts.host;
    const runOpts: RunOptions = {
      zone,
      signal,
      readNative: host ? (p, s) => readNative(p, host, zone, s) : undefined,
      head: host ? (path) => headOf(host, path) : undefined,
    };
    const r = await runSql(plan, dialectFor(opened.client.dialect), opened.client, runOpts);
    return r.ok ? r : { ok: false, message: redactSecrets(r.message, opened.secrets) };
  }

  /**
   * The columns of a connection source's table or query as the engine reports them (a `LIMIT 0`
   * probe), with the column type each maps to (undefined: a type cx cannot read) — the schema of
   * a source without `columns` (engines.md §3). Failures are messages without secrets.
   */
  async describe(access: SourcePlan["access"], zone: string, signal?: AbortSignal): Promise<{ ok: true; columns: DescribedColumn[] } | { ok: false; message: string }> {
    if (access.kind === "files") return { ok: false, message: "not a connection source" };
    const opened = await this.client(access.connection);
    if (!opened.ok) return { ok: false, message: opened.message };
    const d = dialectFor(opened.client.dialect);
    try {
      for (const s of d.setup(zone)) await opened.client.query(s, signal);
      const rel = access.kind === "table" ? d.tableName(access.table) : d.subquery(stripSql(access.sql), d.ident("cx_probe"));
      const r = await opened.client.query(d.probe(rel), signal);
      return { ok: true, columns: r.columns.map((c) => ({ name: c.name, engineType: c.type, type: d.columnType(c.type) })) };
    } catch (e) {
      if (signal?.aborted) throw e;
      return { ok: false, message: redactSecrets(e instanceof Error ? e.message : String(e), opened.secrets) };
    }
  }

  /** Closes every client this object opened (not those it was given). */
  async close(): Promise<void> {
    for (const [key, p] of this.opened) {
      if (this.opts.clients?.has(key)) continue;
      const o = await p;
      if (o.ok) await o.client.close();
    }
    this.opened.clear();
  }
}

/**
 * The evaluator's SqlRunner (eval/evaluate.ts) over these engines, for a workspace in `zone`:
 * throws with the engine's message (secrets removed) when a source fails.
 */
export function sqlRunner(engines: SqlEngines): SqlRunner {
  return async (plan, target, signal) => {
    const r = await engines.run(plan, target.zone, signal);
    if (!r.ok) throw new Error(r.message);
    // Missing columns read as null; the evaluator reports them (CX4002) and leaves the metrics that use them null.
    return { output: r.output, missing: r.rendered.missing, schemaMissing: r.rendered.schemaMissing };
  };
}

/** The analysis' schema probe (AnalyzeOptions.describe) over these engines: a connection source's columns. */
export function describeRunner(engines: SqlEngines): SchemaProbe {
  return async (access, zone, signal) => {
    const r = await engines.describe(access, zone, signal);
    if (!r.ok) return { ok: false, message: r.message };
    const columns = new Map<string, ColumnType>();
    for (const c of r.columns) columns.set(c.name, c.type ?? "text");
    return { ok: true, columns };
  };
}

/**
 * The SQL engines of a host evaluation (the CLI, the language server): the workspace's zone and
 * connections come from its cx.yaml; engines open on first use. Close it when the run is done.
 */
export function hostSqlRunner(opts: { configFile?: string; host: Host; env?: NodeJS.ProcessEnv }): { sql: SqlRunner; describe: SchemaProbe; close(): Promise<void> } {
  const config = opts.configFile ? readConfig(opts.configFile, opts.host, []) : {};
  const engines = new SqlEngines({ connections: config.connections, env: opts.env, host: opts.host });
  return { sql: sqlRunner(engines), describe: describeRunner(engines), close: () => engines.close() };
}

async function headOf(host: Host, path: string): Promise<Uint8Array | undefined> {
  try {
    for await (const chunk of host.readChunks(path)) return chunk.subarray(0, 4);
  } catch {
    return undefined;
  }
  return undefined;
}
