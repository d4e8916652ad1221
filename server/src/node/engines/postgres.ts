// PostgreSQL behind the core's SqlClient (engines.md §1): the `pg` package (pure JavaScript), an
// optional dependency imported lazily. Values come back as JavaScript primitives: exact numbers
// (bigint, numeric) as text, which the executor reads; dates and timestamps as text (the queries
// convert them to numbers themselves, so no Date object and no local time zone is involved).
import type { Column } from "../../core/data/table";
import type { SqlClient, SqlColumnInfo, SqlRows } from "../../core/engines/sql/client";
import { DriverMissing, requireLazily } from "./duckdb";

type PgModule = typeof import("pg");

let modulePromise: Promise<PgModule> | undefined;

async function loadPg(): Promise<PgModule> {
  modulePromise ??= requireLazily<PgModule>("pg")
    .then((m) => ((m as unknown as { default?: PgModule }).default ?? m) as PgModule)
    .catch((e: unknown) => {
      modulePromise = undefined;
      throw new DriverMissing(
        `The PostgreSQL engine needs the package pg, which is not installed (${e instanceof Error ? e.message.split("\n")[0] : String(e)}). Install it with 'npm install pg'.`,
      );
    });
  return modulePromise;
}

/** Type names of the built-in type oids the executor cares about. */
const TYPE_NAMES: Record<number, string> = {
  16: "boolean",
  18: "char",
  19: "name",
  20: "bigint",
  21: "smallint",
  23: "integer",
  25: "text",
  114: "json",
  700: "real",
  701: "double precision",
  1042: "bpchar",
  1043: "varchar",
  1082: "date",
  1114: "timestamp without time zone",
  1184: "timestamp with time zone",
  1700: "numeric",
  2950: "uuid",
  3802: "jsonb",
};

export interface PgSettings {
  /** A connection URL (postgres://user:password@host:port/database?sslmode=…). */
  url?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  /** disable | require | no-verify (require without checking the certificate). */
  sslmode?: string;
  /** Milliseconds after which the server cancels a statement. */
  statementTimeout?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/** Opens a connection. Rejects with the driver's error (the caller removes secrets from its message). */
export async function openPostgres(settings: PgSettings): Promise<SqlClient> {
  const pg = await loadPg();
  // Text for everything but floats and booleans: no Date objects, no precision lost on bigint/numeric.
  const text = (v: string) => v;
  const types = {
    getTypeParser: (oid: number) => {
      if (oid === 701 || oid === 700) return (v: string) => parseFloat(v);
      if (oid === 16) return (v: string) => v === "t";
      return text;
    },
  };
  const ssl =
    settings.sslmode === "require" || settings.sslmode === "verify-full"
      ? { rejectUnauthorized: true }
      : settings.sslmode === "no-verify"
        ? { rejectUnauthorized: false }
        : undefined;
  const config = {
    connectionString: settings.url,
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password,
    ssl,
    statement_timeout: settings.statementTimeout,
    application_name: settings.applicationName ?? "cx",
    connectionTimeoutMillis: 30000,
    types,
  };
  const client = new pg.Client(config);
  await client.connect();
  // A connection error after connecting (server restart) must not crash the process.
  client.on("error", () => {});
  const typeNames = new Map<number, string>(Object.entries(TYPE_NAMES).map(([k, v]) => [Number(k), v]));
  let closed = false;

  async function names(oids: number[]): Promise<void> {
    const unknown = [...new Set(oids.filter((o) => !typeNames.has(o)))];
    if (!unknown.length) return;
    const r = await client.query<{ oid: string; name: string }>("SELECT oid::text AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1::oid[])", [unknown]);
    for (const row of r.rows) typeNames.set(Number(row.oid), row.name.toLowerCase());
  }

  async function cancel(): Promise<void> {
    // Cancelling needs a second connection: pg_cancel_backend on the first one's process.
    const pid = (client as unknown as { processID?: number }).processID;
    if (!pid) return;
    const other = new pg.Client(config);
    try {
      await other.connect();
      await other.query("SELECT pg_cancel_backend($1)", [pid]);
    } catch {
      // The query ends anyway, or the connection is gone.
    } finally {
      await other.end().catch(() => {});
    }
  }

  return {
    dialect: "postgres",
    async query(sql: string, signal?: AbortSignal): Promise<SqlRows> {
      signal?.throwIfAborted();
      const onAbort = () => void cancel();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        const r = await client.query({ text: sql, rowMode: "array" });
        signal?.throwIfAborted();
        const fields = r.fields ?? [];
        await names(fields.map((f) => f.dataTypeID));
        const columns: SqlColumnInfo[] = fields.map((f) => ({ name: f.name, type: typeNames.get(f.dataTypeID) ?? `oid ${f.dataTypeID}` }));
        return { columns, rows: (r.rows ?? []) as unknown[][] };
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    },
    async load(name: string, columns: Column[], rowCount: number, signal?: AbortSignal): Promise<void> {
      const q = (s: string) => '"' + s.replace(/"/g, '""') + '"';
      const sqlType = (c: Column) =>
        ({ text: "text", integer: "double precision", number: "double precision", boolean: "boolean", date: "date", datetime: "timestamptz" })[c.type];
      await client.query(`DROP TABLE IF EXISTS ${q(name)}`);
      await client.query(`CREATE TABLE ${q(name)} (${columns.length ? columns.map((c) => `${q(c.name)} ${sqlType(c)}`).join(", ") : "cx_one integer"})`);
      if (!columns.length) {
        if (rowCount) await client.query(`INSERT INTO ${q(name)} SELECT 1 FROM generate_series(1, $1)`, [rowCount]);
        return;
      }
      const per = Math.max(1, Math.floor(30000 / columns.length));
      const value = (c: Column, r: number): unknown => {
        if (c.type === "text") return c.codes[r] < 0 ? null : c.dict.at(c.codes[r])!;
        const v = c.values[r];
        if (v !== v) return null;
        switch (c.type) {
          case "boolean":
            return v !== 0;
          case "date":
            return new Date(v * 86400000).toISOString().slice(0, 10);
          case "datetime":
            return new Date(v).toISOString();
          default:
            return v;
        }
      };
      for (let start = 0; start < rowCount; start += per) {
        signal?.throwIfAborted();
        const end = Math.min(rowCount, start + per);
        const params: unknown[] = [];
        const tuples: string[] = [];
        for (let r = start; r < end; r++) {
          const slots = columns.map((c) => {
            params.push(value(c, r));
            return `$${params.length}::${sqlType(c)}`;
          });
          tuples.push(`(${slots.join(", ")})`);
        }
        await client.query(`INSERT INTO ${q(name)} VALUES ${tuples.join(", ")}`, params);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await client.end().catch(() => {});
    },
  };
}
