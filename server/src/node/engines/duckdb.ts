// DuckDB behind the core's SqlClient (engines.md §1): `@duckdb/node-api`, an optional dependency,
// imported lazily so that the CLI, the language server and the native engine work without it.
import type { Column } from "../../core/data/table";
import type { SqlClient, SqlColumnInfo, SqlRows } from "../../core/engines/sql/client";

/** Thrown when the driver package is not installed (the caller reports CX4001 with this message). */
export class DriverMissing extends Error {}

type DuckDbModule = typeof import("@duckdb/node-api");

let modulePromise: Promise<DuckDbModule> | undefined;

/**
 * The driver packages are CommonJS and loaded with require(), not import(): dist/cli.js runs its
 * bundle from V8's code cache (cli/launch.ts), where Node 20 loses import()'s loader.
 */
export function requireLazily<T>(id: string): Promise<T> {
  return new Promise<T>((resolve) => resolve(require(id) as T));
}

async function loadDuckDb(): Promise<DuckDbModule> {
  modulePromise ??= requireLazily<DuckDbModule>("@duckdb/node-api").catch((e: unknown) => {
    modulePromise = undefined;
    throw new DriverMissing(
      `The DuckDB engine needs the package @duckdb/node-api, which is not installed (${e instanceof Error ? e.message.split("\n")[0] : String(e)}). Install it with 'npm install @duckdb/node-api', or use 'engine: native'.`,
    );
  });
  return modulePromise;
}

/** Whether the DuckDB driver can be loaded. */
export async function duckDbAvailable(): Promise<boolean> {
  try {
    await loadDuckDb();
    return true;
  } catch {
    return false;
  }
}

/** A JavaScript value from a DuckDB value: numbers, bigints, strings, booleans and null as they are; decimals as numbers; anything else as its text. */
function jsValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "number":
    case "bigint":
    case "string":
    case "boolean":
      return v;
  }
  const o = v as { width?: number; scale?: number; value?: bigint; toString(): string };
  if (typeof o.value === "bigint" && typeof o.scale === "number") return Number(o.toString());
  return o.toString();
}

/** Opens DuckDB (an in-memory database by default, or a database file) as a SqlClient. */
export async function openDuckDb(path = ":memory:"): Promise<SqlClient> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(path);
  const con = await instance.connect();
  let closed = false;
  const client: SqlClient = {
    dialect: "duckdb",
    async query(sql: string, signal?: AbortSignal): Promise<SqlRows> {
      signal?.throwIfAborted();
      const onAbort = () => con.interrupt();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        const reader = await con.runAndReadAll(sql);
        signal?.throwIfAborted();
        const names = reader.columnNames();
        const types = reader.columnTypes();
        const columns: SqlColumnInfo[] = names.map((name, i) => ({ name, type: types[i].toString().toLowerCase() }));
        const rows = reader.getRows().map((row) => row.map(jsValue));
        return { columns, rows };
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    },
    async load(name: string, columns: Column[], rowCount: number, signal?: AbortSignal): Promise<void> {
      // Staging table: numbers (and booleans, dates, datetimes) as doubles, text as varchar; then
      // the typed table under the .cx names.
      const q = (s: string) => '"' + s.replace(/"/g, '""') + '"';
      const stage = `${name}_stage`;
      const defs = columns.map((c, i) => `c${i} ${c.type === "text" ? "VARCHAR" : "DOUBLE"}`);
      await con.run(`CREATE OR REPLACE TEMP TABLE ${q(stage)} (${defs.length ? defs.join(", ") : "cx_one INTEGER"})`);
      const appender = await con.createAppender(stage, "main", "temp");
      for (let r = 0; r < rowCount; r++) {
        if ((r & 0xffff) === 0) signal?.throwIfAborted();
        if (columns.length === 0) appender.appendInteger(1);
        for (const c of columns) {
          if (c.type === "text") {
            const code = c.codes[r];
            if (code < 0) appender.appendNull();
            else appender.appendVarchar(c.dict.at(code)!);
          } else {
            const v = c.values[r];
            if (v !== v) appender.appendNull();
            else appender.appendDouble(v);
          }
        }
        appender.endRow();
      }
      appender.closeSync();
      const typed = columns.map((c, i) => {
        const x = `c${i}`;
        switch (c.type) {
          case "text":
          case "integer":
          case "number":
            return `${x} AS ${q(c.name)}`;
          case "boolean":
            return `(${x} <> 0) AS ${q(c.name)}`;
          case "date":
            return `(DATE '1970-01-01' + CAST(${x} AS INTEGER)) AS ${q(c.name)}`;
          case "datetime":
            return `timezone('UTC', make_timestamp(CAST(${x} AS BIGINT) * 1000)) AS ${q(c.name)}`;
        }
      });
      await con.run(`CREATE OR REPLACE TEMP TABLE ${q(name)} AS SELECT ${typed.length ? typed.join(", ") : "cx_one"} FROM ${q(stage)}`);
      await con.run(`DROP TABLE ${q(stage)}`);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      con.closeSync();
      instance.closeSync();
    },
  };
  return client;
}
