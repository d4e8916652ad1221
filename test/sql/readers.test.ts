// Values read by SQL engines equal the native conversion rules (data/convert.ts, the readers'
// decisions in data/reader.ts; datetimes without an offset in the workspace zone, time/instant.ts):
// a CSV and a JSONL file read by DuckDB's readers, and the same raw text in a PostgreSQL text
// column, each declared as every column type.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ColumnType, Column } from "../../server/src/core/data/table";
import type { Literal } from "../../server/src/core/plan/ir";
import type { SourceAccess, SourcePlan } from "../../server/src/core/plan/plan";
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { toNumber } from "../../server/src/core/engines/sql/client";
import { dialectFor } from "../../server/src/core/engines/sql/dialects";
import { renderRowsQuery, type SourceShape } from "../../server/src/core/engines/sql/render";
import { runSql } from "../../server/src/core/engines/sql/execute";
import { parseBoolean, parseDate, parseInteger, parseNumber } from "../../server/src/core/data/convert";
import { parseInstant } from "../../server/src/core/time/instant";
import { zoneFor } from "../../server/src/core/time/zone";
import { openDuckDb } from "../../server/src/node/engines/duckdb";
import { foldLabel } from "../../server/src/core/engines/sql/textconv";
import { csv, jsonl, plan } from "./builder";
import { tryPostgres } from "./engines";

const RAW: string[] = [
  "5", " 7 ", "+3", "-0", "3.0", "1e2", "abc", "99999999999999999999", "\u00a05\u3000", "007",
  ".5", "5.", "1e-3", "1E+2", "-.5e1", "0x10", "1,5", "Infinity", "NaN", "12.50",
  "TRUE", "yes", "No", "1", "0", "y", "t", " false ", "YES",
  "2026-02-29", "2024-02-29", "2026-1-5", " 2026-01-05 ", "2026-01-05T00:00", "0000-01-01", "2026-13-01",
  "2026-03-29T02:30", "2026-10-25T02:30", "2026-03-29T01:59:59", "2026-10-25T03:00", "2026-01-05", "2026-01-05 10:00:00.1234",
  "2026-01-05T10:00:60", "2026-01-05T24:00", "2026-01-05t10:00z", "2026-01-05T10:00+0530", "2026-01-05T10:00-00:30",
  "2026-01-05T10:00:00.9995Z", "2026-01-05T10:00:00.5+01:00", "2026-06-30T23:59:59.999",
  "Very satisfied", "  very SATISFIED ", "İstanbul", "Neutral", "x\"y", "a,b", "line\nbreak", "  ", "\t",
];

const TYPES: ColumnType[] = ["text", "integer", "number", "boolean", "date", "datetime"];
const ZONES = ["Europe/Berlin", "America/New_York", "UTC"];
const MAP = [
  { label: "Very satisfied", value: 5 },
  { label: "Neutral", value: 3 },
  { label: "istanbul", value: 34 },
];

/** The native reading of one raw value as a type (null for an empty value). */
function native(raw: string | null, t: ColumnType, zone: string, map?: typeof MAP): Literal {
  if (raw === null || raw === "") return null;
  if (map) {
    const key = foldLabel(raw);
    const hit = map.find((m) => foldLabel(m.label) === key);
    if (hit) return hit.value;
  }
  switch (t) {
    case "text":
      return raw;
    case "integer":
      return parseInteger(raw);
    case "number":
      return parseNumber(raw);
    case "boolean":
      return parseBoolean(raw);
    case "date":
      return parseDate(raw);
    case "datetime":
      return parseInstant(raw, zoneFor(zone)!);
  }
}

function same(got: unknown, want: Literal): boolean {
  if (want === null) return got === null;
  if (typeof want === "number") return got !== null && (toNumber(got) === want || (toNumber(got) === 0 && want === 0));
  return got === want;
}

const dir = mkdtempSync(join(tmpdir(), "cx-sql-readers-"));
const csvQuote = (s: string) => (/[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
const csvFile = join(dir, "values.csv");
writeFileSync(csvFile, "id,v\n" + RAW.map((v, i) => `${i},${csvQuote(v)}`).join("\n") + `\n${RAW.length},\n`);
const jsonFile = join(dir, "values.jsonl");
writeFileSync(
  jsonFile,
  [
    ...RAW.map((v, i) => JSON.stringify({ id: i, v })),
    JSON.stringify({ id: RAW.length, v: null }),
    JSON.stringify({ id: RAW.length + 1, v: 42 }),
    JSON.stringify({ id: RAW.length + 2, v: true }),
    JSON.stringify({ id: RAW.length + 3, v: { nested: 1 } }),
    JSON.stringify({ id: RAW.length + 4, v: [1, 2] }),
    JSON.stringify({ id: RAW.length + 5 }),
  ].join("\n") + "\n",
);
/** Raw text of each id as the native readers see it (JSON numbers and booleans as their JSON text; objects, arrays, null and absent as null). */
const rawById = new Map<number, string | null>(RAW.map((v, i) => [i, v]));
rawById.set(RAW.length, null);
const jsonRaw = new Map(rawById);
jsonRaw.set(RAW.length + 1, "42");
jsonRaw.set(RAW.length + 2, "true");
for (let k = 3; k <= 5; k++) jsonRaw.set(RAW.length + k, null);

function valuePlan(access: SourceAccess, t: ColumnType, map?: typeof MAP): SourcePlan {
  return plan({ access, columns: { id: "integer", x: { type: t, header: "v", map } } });
}

let duck: SqlClient;
let pg: SqlClient | undefined;

beforeAll(async () => {
  duck = await openDuckDb();
  pg = await tryPostgres();
  if (pg) {
    const dict = RAW.slice();
    const cols: Column[] = [
      { name: "id", type: "number", values: Float64Array.from([...RAW.keys(), RAW.length]) },
      { name: "v", type: "text", codes: Int32Array.from([...RAW.keys(), -1]), dict },
    ];
    await pg.load!("cx_raw_values", cols, RAW.length + 1);
  }
});
afterAll(async () => {
  await duck.close();
  await pg?.close();
});

/** Reads the plan's rows on a client, after describing the source like the executor does. */
async function rowsOf(client: SqlClient, p: SourcePlan, zone: string): Promise<Map<number, unknown>> {
  const d = dialectFor(client.dialect);
  // The executor's describe step (headers, keys, a table's types), then the typed rows.
  const run = await runSql(p, d, client, { zone });
  if (!run.ok) throw new Error(run.message);
  let shape: SourceShape | undefined;
  if (p.access.kind === "files" && p.access.format === "csv") {
    shape = { csvGroups: [{ files: p.access.files, names: ["id", "v"] }] };
  } else if (p.access.kind === "files") {
    shape = { jsonKeys: ["id", "v"] };
  } else {
    shape = { columns: [{ name: "id", type: "double precision" }, { name: "v", type: "text" }] };
  }
  for (const s of d.setup(zone)) await client.query(s);
  const r = await client.query(renderRowsQuery(p, d, { zone, shape }));
  const out = new Map<number, unknown>();
  const id = r.columns.findIndex((c) => c.name === "id");
  const x = r.columns.findIndex((c) => c.name === "x");
  for (const row of r.rows) out.set(toNumber(row[id]), row[x]);
  return out;
}

function compare(got: Map<number, unknown>, raw: Map<number, string | null>, t: ColumnType, zone: string, map?: typeof MAP): string[] {
  const problems: string[] = [];
  for (const [id, rawValue] of raw) {
    const want = native(rawValue, t, zone, map);
    const g = got.get(id);
    if (!same(g === undefined ? null : g, want)) problems.push(`${t} ${JSON.stringify(rawValue)}: got ${JSON.stringify(g)}, want ${JSON.stringify(want)}`);
  }
  return problems;
}

describe("values read by SQL engines equal the native conversions", () => {
  for (const zone of ZONES) {
    it(`CSV read by DuckDB (${zone})`, async () => {
      for (const t of TYPES) {
        const got = await rowsOf(duck, valuePlan(csv([csvFile]), t), zone);
        expect(compare(got, rawById, t, zone)).toEqual([]);
      }
    });
    it(`JSONL read by DuckDB (${zone})`, async () => {
      for (const t of TYPES) {
        const got = await rowsOf(duck, valuePlan(jsonl([jsonFile]), t), zone);
        expect(compare(got, jsonRaw, t, zone)).toEqual([]);
      }
    });
    it(`text columns of a PostgreSQL table (${zone})`, async () => {
      if (!pg) return;
      for (const t of TYPES) {
        const p = valuePlan({ kind: "table", connection: "test", table: "cx_raw_values" }, t);
        const got = await rowsOf(pg, p, zone);
        expect(compare(got, rawById, t, zone)).toEqual([]);
      }
    });
  }
  it("map labels: trimmed, ignoring case, then the usual conversion", async () => {
    for (const client of [duck, pg].filter((c): c is SqlClient => !!c)) {
      for (const t of ["integer", "number"] as ColumnType[]) {
        const access: SourceAccess = client === duck ? csv([csvFile]) : { kind: "table", connection: "test", table: "cx_raw_values" };
        const got = await rowsOf(client, valuePlan(access, t, MAP), "UTC");
        expect(compare(got, rawById, t, "UTC", MAP)).toEqual([]);
      }
    }
  });
});
