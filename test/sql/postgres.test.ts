// PostgreSQL connection sources (engines.md §2–§3) end to end through SqlEngines: connections of
// cx.yaml with secrets from the environment, tables and queries, the schema probe, naive
// timestamps in the workspace zone, failures as messages without secrets, cancellation.
// Skipped (with a message) when no server answers at CX_TEST_PG_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionConfig } from "../../server/src/core/semantics/config";
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { SqlEngines } from "../../server/src/node/engines";
import { resolveSettings } from "../../server/src/node/engines/connect";
import { parseDate } from "../../server/src/core/data/convert";
import { periodCode } from "../../server/src/core/eval/periods";
import { cmp, col, measure, num, plan } from "./builder";
import { PG_URL, tryPostgres } from "./engines";

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function connection(name: string, settings: Record<string, { value?: string; env?: string }>, engine: ConnectionConfig["engine"] = "postgres"): ConnectionConfig {
  return { name, engine, ok: true, range: ZERO, settings: new Map(Object.entries(settings).map(([k, v]) => [k, { ...v, range: ZERO }])) };
}

let admin: SqlClient | undefined;
let engines: SqlEngines;
const SECRET = "s3cr3t-P@ss";
const env = {
  CX_TEST_WAREHOUSE: PG_URL,
  CX_TEST_BAD_URL: `postgres://cx:${encodeURIComponent(SECRET)}@127.0.0.1:1/nowhere`,
  CX_TEST_PASSWORD: SECRET,
};

beforeAll(async () => {
  admin = await tryPostgres();
  if (!admin) return;
  await admin.query(`DROP TABLE IF EXISTS cx_pg_visits`);
  await admin.query(`CREATE TABLE cx_pg_visits (
    "Store Name" text, score integer, amount numeric(10, 2), ok boolean, visited date,
    at_local timestamp, at_utc timestamptz, id uuid, extra jsonb, "select" text)`);
  await admin.query(`INSERT INTO cx_pg_visits VALUES
    ('north', 9, 12.50, true, '2026-03-28', '2026-03-29 01:30:00', '2026-03-29 00:30:00+00', gen_random_uuid(), '{}', 'x'),
    ('north', 10, 7.25, false, '2026-03-29', '2026-03-29 23:30:00', '2026-03-29 22:30:00+00', gen_random_uuid(), '{}', 'y'),
    ('south', 3, NULL, NULL, NULL, '2026-03-31 23:59:59', NULL, gen_random_uuid(), NULL, NULL),
    (NULL, 7, 1.10, true, '2026-04-01', NULL, '2026-04-01 12:00:00+02', gen_random_uuid(), '[]', 'z')`);
  engines = new SqlEngines({
    env,
    connections: new Map([
      ["warehouse", connection("warehouse", { url: { env: "CX_TEST_WAREHOUSE" } })],
      ["broken", connection("broken", { url: { env: "CX_TEST_BAD_URL" } })],
      ["unset", connection("unset", { url: { env: "CX_TEST_NOT_SET_ANYWHERE" } })],
      ["hosty", connection("hosty", { host: { value: "127.0.0.1" }, port: { value: "1" }, user: { value: "cx" }, password: { env: "CX_TEST_PASSWORD" }, database: { value: "x" } })],
    ]),
  });
});

afterAll(async () => {
  await engines?.close();
  await admin?.query(`DROP TABLE IF EXISTS cx_pg_visits`);
  await admin?.close();
});

const table = { kind: "table" as const, connection: "warehouse", table: "cx_pg_visits" };

describe("PostgreSQL connection sources", () => {
  it("the schema probe maps engine types to column types", async () => {
    if (!admin) return;
    const r = await engines.describe(table, "UTC");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.fromEntries(r.columns.map((c) => [c.name, c.type]))).toEqual({
      "Store Name": "text",
      score: "integer",
      amount: "number",
      ok: "boolean",
      visited: "date",
      at_local: "datetime",
      at_utc: "datetime",
      id: "text",
      extra: "text",
      select: "text",
    });
  });

  it("evaluates a table: headers resolved ignoring case, numerics as doubles, naive timestamps in the workspace zone", async () => {
    if (!admin) return;
    const p = plan({
      source: "visits",
      access: table,
      columns: { store: { type: "text", header: "store name" }, score: "integer", amount: "number", at_local: "datetime", sel: { type: "text", header: "select" } },
      timestamp: { name: "at_local", type: "datetime" },
      measures: [
        measure("survey", { key: "nps", arg: col("score", "number"), survey: { fn: "nps", min: 0, max: 10 }, breakdown: { by: ["store"], trend: "day" } }),
        measure("moments", { key: "amount", arg: col("amount", "number"), where: cmp(">", col("score", "number"), num(5)) }),
        measure("values", { key: "sel", arg: col("sel", "text") }),
      ],
    });
    const r = await engines.run(p, "Europe/Berlin");
    if (!r.ok) throw new Error(r.message);
    expect(r.rendered.missing).toEqual([]);
    const o = r.output;
    const b = o.breakdown({ by: ["store"], trend: "day" });
    expect(b.groups.map((g) => g[0]).sort()).toEqual([null, "north", "south"].sort());
    // Naive local times in Berlin: 2026-03-29 01:30 and 23:30 are the 29th, 2026-03-31 23:59:59 the 31st.
    const days = ["2026-03-29", "2026-03-31"].map((s) => periodCode(parseDate(s)!, "day"));
    expect([...b.periods].sort()).toEqual(days);
    const nps = o.measure("nps");
    expect([nps.n(0), nps.a(0), nps.b(0)]).toEqual([4, 2, 1]);
    const amount = o.measure("amount");
    expect(amount.n(0)).toBe(3);
    expect(amount.a(0)).toBeCloseTo(20.85, 12);
    expect(o.measure("sel").n(0)).toBe(3);
  });

  it("evaluates a query (trailing semicolon and comment)", async () => {
    if (!admin) return;
    const p = plan({
      source: "q",
      access: { kind: "query", connection: "warehouse", sql: "select score * 2 as doubled from cx_pg_visits -- twice\n;" },
      columns: { doubled: "number" },
      measures: [measure("moments", { key: "m", arg: col("doubled", "number") })],
    });
    const r = await engines.run(p, "UTC");
    if (!r.ok) throw new Error(r.message);
    expect([r.output.measure("m").n(0), r.output.measure("m").a(0)]).toEqual([4, 58]);
  });

  it("a failing query is a message with the engine's words", async () => {
    if (!admin) return;
    const p = plan({ source: "bad", access: { kind: "query", connection: "warehouse", sql: "select nope from cx_pg_visits" }, columns: { nope: "number" }, measures: [measure("rows", { key: "r" })] });
    const r = await engines.run(p, "UTC");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nope/);
  });

  it("connection failures never show the secret", async () => {
    if (!admin) return;
    const p = (connection: string) => plan({ source: "x", access: { kind: "table", connection, table: "t" }, columns: { a: "number" }, measures: [measure("rows", { key: "r" })] });
    for (const name of ["broken", "hosty"]) {
      const r = await engines.run(p(name), "UTC");
      expect(r.ok, name).toBe(false);
      if (!r.ok) {
        expect(r.message).toMatch(new RegExp(`Connection '${name}' failed`));
        expect(r.message).not.toContain(SECRET);
        expect(r.message).not.toContain(encodeURIComponent(SECRET));
      }
    }
    const unset = await engines.run(p("unset"), "UTC");
    expect(unset.ok).toBe(false);
    if (!unset.ok) expect(unset.message).toContain("CX_TEST_NOT_SET_ANYWHERE");
  });

  it("resolves env: settings and lists their values as secrets", () => {
    const r = resolveSettings(connection("w", { url: { env: "U" }, database: { value: "d" } }), { U: "postgres://a:p%40ss@h/db" });
    expect("values" in r && r.values.get("url")).toBe("postgres://a:p%40ss@h/db");
    expect("secrets" in r && r.secrets).toEqual(["postgres://a:p%40ss@h/db", "p%40ss", "p@ss"]);
  });

  it("an aborted query is cancelled on the server and the connection stays usable", async () => {
    if (!admin) return;
    const ac = new AbortController();
    const started = admin.query("SELECT pg_sleep(30)", ac.signal);
    setImmediate(() => ac.abort());
    await expect(started).rejects.toBeTruthy();
    const r = await admin.query("SELECT 1 AS one");
    expect(Number(r.rows[0][0])).toBe(1);
  });
});
