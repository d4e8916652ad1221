// The SQL executor: runs a source's plan on an engine through a SqlClient and returns the same
// SourceOutput as the native executor (plan/plan.ts), so the assembler cannot tell them apart.
//
//   1. describe: what the engine says about the relation — a table's or query's columns (a
//      `LIMIT 0` probe), a CSV's headers per file, a JSON source's keys, a Parquet schema. Sources
//      DuckDB cannot read as natively (YAML, other encodings, a UTF-16 byte-order mark) are read
//      by the native reader and loaded into a temporary table instead.
//   2. render (render.ts) with that shape, run the session setup and every query;
//   3. decode the aggregates into the bucket layout of plan.ts.
// A CSV that DuckDB rejects (malformed records, invalid UTF-8) is retried through the native
// reader. Any other failure is returned as a message (secrets removed by the caller's redactor).
import { csvHeaderOf } from "../../data/csv";
import type { Column, Table } from "../../data/table";
import type { Literal, ValueType } from "../../plan/ir";
import {
  bucketLayout,
  breakdownKey,
  type Breakdown,
  type BreakdownOutput,
  type CohortOutput,
  type DriversOutput,
  type FunnelOutput,
  type MeasureOutput,
  type SourceOutput,
  type SourcePlan,
} from "../../plan/plan";
import { toNumber, type SqlClient } from "./client";
import { exactPearson } from "../../analysis/relativeWeights";
import type { SqlDialect } from "./dialect";
import { duckDbReads, loadedTableName } from "./files";
import { renderSource, stripSql, type QueryDecoder, type RenderedSource, type SourceShape } from "./render";

export interface RunOptions {
  /** IANA zone of the workspace. */
  zone: string;
  signal?: AbortSignal;
  /** Reads a file source with the native reader: the plan's columns under their .cx names, typed. */
  readNative?: (plan: SourcePlan, signal?: AbortSignal) => Promise<{ table: Table; missing: string[] } | undefined>;
  /** The first bytes of a data file (to see a byte-order mark), if the host can read it. */
  head?: (path: string) => Promise<Uint8Array | undefined>;
  /** Called with each statement before it runs (tests, `--verbose`). */
  onQuery?: (sql: string) => void;
}

export type SqlRun = { ok: true; output: SourceOutput; rendered: RenderedSource } | { ok: false; message: string };

class NativeFallback extends Error {}

/** Evaluates one source's plan on an SQL engine. Never throws for engine failures: they come back as `ok: false`. */
export async function runSql(plan: SourcePlan, dialect: SqlDialect, client: SqlClient, opts: RunOptions): Promise<SqlRun> {
  try {
    let shape: SourceShape;
    try {
      shape = await describe(plan, dialect, client, opts);
      const rendered = renderSource(plan, dialect, { zone: opts.zone, shape });
      return { ok: true, output: await runRendered(rendered, client, opts), rendered };
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      if (!(e instanceof NativeFallback) && !(plan.access.kind === "files" && dialect.name === "duckdb" && isReadError(e))) throw e;
      // DuckDB could not read the files as natively: the native reader reads them.
      shape = await loadNative(plan, client, opts);
      const rendered = renderSource(plan, dialect, { zone: opts.zone, shape });
      return { ok: true, output: await runRendered(rendered, client, opts), rendered };
    }
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? e;
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Errors of DuckDB's file readers that the native reader handles (malformed CSV, bad UTF-8, …). */
function isReadError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /CSV Error|Error when sniffing|Invalid unicode|Invalid Input Error|Conversion Error|Malformed JSON|JSON/i.test(m);
}

async function loadNative(plan: SourcePlan, client: SqlClient, opts: RunOptions): Promise<SourceShape> {
  if (!opts.readNative || !client.load) throw new Error(`Source '${plan.source}' needs the native reader, which this engine cannot load.`);
  const read = await opts.readNative(plan, opts.signal);
  if (!read) throw new Error(`Source '${plan.source}' could not be read.`);
  const table = read.table;
  const name = loadedTableName(plan);
  const columns: Column[] = [];
  const missing: string[] = [];
  for (const name of plan.columns.keys()) {
    const c = table.columns.get(name);
    if (c) columns.push({ ...c, name });
    else missing.push(name);
  }
  await client.load(name, columns, table.rowCount, opts.signal);
  return { loaded: name, loadedMissing: missing, declaredMissing: read.missing };
}

async function query(client: SqlClient, sql: string, opts: RunOptions) {
  opts.signal?.throwIfAborted();
  opts.onQuery?.(sql);
  return client.query(sql, opts.signal);
}

// ------------------------------------------------------------------------------------- describe

async function describe(plan: SourcePlan, d: SqlDialect, client: SqlClient, opts: RunOptions): Promise<SourceShape> {
  const a = plan.access;
  if (a.kind !== "files") {
    const rel = a.kind === "table" ? d.tableName(a.table) : d.subquery(stripSql(a.sql), d.ident("cx_probe"));
    for (const s of d.setup(opts.zone)) await query(client, s, opts);
    const r = await query(client, d.probe(rel), opts);
    return { columns: r.columns };
  }
  if (d.name !== "duckdb") return {};
  if (!duckDbReads(plan) || (await hasUtf16Bom(a.files, opts))) throw new NativeFallback();
  const format: string = a.format;
  const delim = d.string(a.delimiter);
  if (format === "csv") {
    // The header of each file: its first record, read as data.
    const groups = new Map<string, { files: string[]; names: string[] }>();
    for (const f of a.files) {
      // The header as the native reader reads it: the first record of the file's first bytes (DuckDB's
      // sniffer, asked for the first row, may skip rows it finds inconsistent with the rest).
      const head = opts.head ? await opts.head(f) : undefined;
      let names = head ? await csvHeaderOf(head, a.delimiter) : undefined;
      if (!names) {
        const r = await query(client, `SELECT * FROM read_csv(${d.string(f)}, header = false, all_varchar = true, delim = ${delim}, quote = '"', escape = '"') LIMIT 1`, opts);
        names = (r.rows[0] ?? []).map((v) => (v === null || v === undefined ? "" : String(v)));
        // A UTF-8 byte-order mark is not part of the first name (natively it is skipped).
        if (names.length) names[0] = names[0].replace(/^\uFEFF/, "");
      }
      const key = JSON.stringify(names);
      const g = groups.get(key);
      if (g) g.files.push(f);
      else groups.set(key, { files: [f], names });
    }
    // Files of a glob whose columns differ (as a set; files without a header aside) are data with an
    // error natively (CX4004): the source has no values.
    const sets = [...groups.values()].filter((g) => g.names.length).map((g) => JSON.stringify([...new Set(g.names)].sort()));
    if (new Set(sets).size > 1) throw new Error("the files of the glob do not all have the same columns; cx check shows which differ");
    return { csvGroups: [...groups.values()] };
  }
  if (format === "json" || format === "jsonl") {
    const files = `[${a.files.map((f) => d.string(f)).join(", ")}]`;
    const reader = format === "json" ? `read_json_objects(${files}, format = 'array')` : `read_ndjson_objects(${files})`;
    const r = await query(client, `SELECT DISTINCT unnest(json_keys(${d.ident("json")})) AS k FROM ${reader} WHERE json_type(${d.ident("json")}) = 'OBJECT'`, opts);
    return { jsonKeys: r.rows.map((row) => String(row[0])) };
  }
  if (format === "parquet") {
    const files = `[${a.files.map((f) => d.string(f)).join(", ")}]`;
    const r = await query(client, `SELECT * FROM read_parquet(${files}, union_by_name = true) LIMIT 0`, opts);
    return { columns: r.columns };
  }
  throw new NativeFallback();
}

async function hasUtf16Bom(files: string[], opts: RunOptions): Promise<boolean> {
  if (!opts.head) return false;
  for (const f of files) {
    const b = await opts.head(f);
    if (b && b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return true;
  }
  return false;
}

// ------------------------------------------------------------------------------------- run and decode

interface MeasureData {
  n: Float64Array;
  a: Float64Array;
  b: Float64Array;
}

async function runRendered(r: RenderedSource, client: SqlClient, opts: RunOptions): Promise<SourceOutput> {
  try {
    return await runQueries(r, client, opts);
  } finally {
    for (const s of r.cleanup) await client.query(s).catch(() => {});
  }
}

async function runQueries(r: RenderedSource, client: SqlClient, opts: RunOptions): Promise<SourceOutput> {
  for (const s of r.setup) await query(client, s, opts);
  for (const s of r.prepare) await query(client, s, opts);
  const breakdowns = new Map<string, BreakdownOutput>();
  const measures = new Map<string, MeasureData>();
  const funnels = new Map<string, FunnelOutput>();
  const cohorts = new Map<string, CohortOutput>();
  const drivers = new Map<string, DriversOutput>();
  const scale = new Map<string, number>();
  const divisions = new Map<number, number>();
  for (const q of r.queries) {
    const res = await query(client, q.sql, opts);
    decode(q.decode, res.rows, { breakdowns, measures, funnels, cohorts, drivers, scale, divisions });
  }
  const empty: BreakdownOutput = { groups: [], periods: [] };
  const none: MeasureData = { n: new Float64Array(0), a: new Float64Array(0), b: new Float64Array(0) };
  return {
    breakdown: (b: Breakdown) => breakdowns.get(breakdownKey(b)) ?? empty,
    measure: (key: string): MeasureOutput => {
      const m = measures.get(key) ?? none;
      return { n: (i) => m.n[i] ?? 0, a: (i) => m.a[i] ?? NaN, b: (i) => m.b[i] ?? NaN };
    },
    funnel: (key: string) => funnels.get(key) ?? { customers: [] },
    cohort: (key: string) => cohorts.get(key) ?? { cohorts: [] },
    drivers: (key: string) => drivers.get(key) ?? { n: 0, means: [], constant: [], corr: [] },
    scale: (key: string) => ({ count: scale.get(key) ?? 0 }),
    division: (id: number) => divisions.get(id) ?? 0,
  };
}

interface Sinks {
  breakdowns: Map<string, BreakdownOutput>;
  measures: Map<string, MeasureData>;
  funnels: Map<string, FunnelOutput>;
  cohorts: Map<string, CohortOutput>;
  drivers: Map<string, DriversOutput>;
  scale: Map<string, number>;
  divisions: Map<number, number>;
}

function keyValue(v: unknown, t: ValueType): Literal {
  if (v === null || v === undefined) return null;
  switch (t) {
    case "text":
      return String(v);
    case "boolean":
      return typeof v === "boolean" ? v : toNumber(v) !== 0;
    default: {
      const n = toNumber(v);
      return Number.isNaN(n) ? null : n;
    }
  }
}

/** An aggregate that is a sum or a count: null (no rows) is 0. */
const SUMS = new Set(["moments"]);

function decode(dec: QueryDecoder, rows: unknown[][], s: Sinks): void {
  switch (dec.kind) {
    case "breakdown": {
      const groups: Literal[][] = [];
      const periods: number[] = [];
      // Which bucket each row goes to: first collect groups and periods, then lay out.
      const kinds: ("overall" | "group" | "period" | "none")[] = [];
      const index: number[] = [];
      for (const row of rows) {
        if (dec.gb >= 0 && toNumber(row[dec.gb]) === 0) {
          kinds.push("group");
          index.push(groups.length);
          groups.push(dec.keys.map((k, i) => keyValue(row[k], dec.byTypes[i])));
        } else if (dec.gp >= 0 && toNumber(row[dec.gp]) === 0) {
          const code = toNumber(row[dec.period]);
          if (Number.isNaN(code)) {
            kinds.push("none");
            index.push(0);
          } else {
            kinds.push("period");
            index.push(periods.length);
            periods.push(code);
          }
        } else {
          kinds.push("overall");
          index.push(0);
        }
      }
      const out: BreakdownOutput = { groups, periods };
      s.breakdowns.set(breakdownKey(dec.breakdown), out);
      const layout = bucketLayout(out);
      const bucketOf = (i: number) =>
        kinds[i] === "group" ? layout.groups + index[i] : kinds[i] === "period" ? layout.periods + index[i] : kinds[i] === "none" ? layout.noTimestamp : 0;
      for (const m of dec.measures) {
        const sums = SUMS.has(m.kind) || (m.kind === "survey" && m.a >= 0);
        const data: MeasureData = {
          n: new Float64Array(layout.count),
          a: new Float64Array(layout.count).fill(sums || m.kind === "distinct" ? 0 : NaN),
          b: new Float64Array(layout.count).fill(sums ? 0 : NaN),
        };
        rows.forEach((row, i) => {
          const b = bucketOf(i);
          const n = toNumber(row[m.n]);
          data.n[b] = Number.isNaN(n) ? 0 : n;
          if (m.a >= 0) {
            const a = toNumber(row[m.a]);
            data.a[b] = Number.isNaN(a) && (sums || m.kind === "distinct") ? 0 : a;
          }
          if (m.b >= 0) {
            const v = toNumber(row[m.b]);
            data.b[b] = Number.isNaN(v) && sums ? 0 : v;
          }
        });
        s.measures.set(m.key, data);
      }
      if (dec.checks) decodeChecks(dec.checks, rows.find((_, i) => kinds[i] === "overall") ?? [], s);
      break;
    }
    case "checks":
      decodeChecks(dec.checks, rows[0] ?? [], s);
      break;
    case "funnel": {
      const row = rows[0] ?? [];
      s.funnels.set(dec.key, { customers: Array.from({ length: dec.steps }, (_, i) => num0(row[i])) });
      break;
    }
    case "cohort": {
      const by = new Map<number, { code: number; customers: number; observed: number[]; retained: number[] }>();
      for (const row of rows) {
        const code = toNumber(row[0]);
        const age = toNumber(row[1]);
        if (Number.isNaN(code) || Number.isNaN(age) || age < 0 || age > dec.periods) continue;
        let c = by.get(code);
        if (!c) by.set(code, (c = { code, customers: 0, observed: new Array(dec.periods + 1).fill(0), retained: new Array(dec.periods + 1).fill(0) }));
        if (age === 0) c.customers = num0(row[2]);
        c.observed[age] = num0(row[3]);
        c.retained[age] = num0(row[4]);
      }
      s.cohorts.set(dec.key, { cohorts: [...by.values()] });
      break;
    }
    case "drivers": {
      const row = rows[0] ?? [];
      const k = dec.k;
      const n = num0(row[0]);
      const means = Array.from({ length: k }, (_, i) => (n === 0 ? NaN : toNumber(row[1 + i])));
      const constant = Array.from({ length: k }, (_, i) => n === 0 || toNumber(row[1 + k + i]) === toNumber(row[1 + 2 * k + i]));
      const corr: number[][] = Array.from({ length: k }, () => new Array(k).fill(NaN));
      const pairs = (k * (k - 1)) / 2;
      // After the correlations: integral flags, max |x|, Σx, then Σxᵢxⱼ for i ≤ j (render.ts driversQuery).
      let e = 1 + 3 * k + pairs;
      const integral = Array.from({ length: k }, () => toNumber(row[e++]) === 1);
      const maxAbs = Array.from({ length: k }, () => toNumber(row[e++]));
      const sum = Array.from({ length: k }, () => toNumber(row[e++]));
      const prod: number[][] = Array.from({ length: k }, () => new Array(k).fill(NaN));
      for (let i = 0; i < k; i++) for (let j = i; j < k; j++) prod[i][j] = toNumber(row[e++]);
      const exact = (i: number) => ({ integral: integral[i], maxAbs: maxAbs[i], sum: sum[i], sumSq: prod[i][i] });
      let at = 1 + 3 * k;
      for (let i = 0; i < k; i++) {
        if (!constant[i]) corr[i][i] = 1;
        for (let j = i + 1; j < k; j++) {
          const v = exactPearson(n, exact(i), exact(j), prod[i][j]) ?? toNumber(row[at]);
          at++;
          const c = constant[i] || constant[j] ? NaN : v;
          corr[i][j] = c;
          corr[j][i] = c;
        }
      }
      s.drivers.set(dec.key, { n, means, constant, corr });
      break;
    }
  }
}

function decodeChecks(c: { scale: { key: string; col: number }[]; divisions: { id: number; col: number }[] }, row: unknown[], s: Sinks): void {
  for (const x of c.scale) s.scale.set(x.key, num0(row[x.col]));
  for (const x of c.divisions) s.divisions.set(x.id, num0(row[x.col]));
}

function num0(v: unknown): number {
  const n = toNumber(v);
  return Number.isNaN(n) ? 0 : n;
}
