// Every identifier and literal goes through the dialect's escaper: hostile names and values
// (quotes, backslashes, comment markers, semicolons, line breaks, Unicode, keywords) round-trip
// through DuckDB and PostgreSQL unchanged, and parse as one identifier / one literal in the other
// dialects' grammars.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Parser } from "node-sql-parser";
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { dialectFor } from "../../server/src/core/engines/sql/dialects";
import type { DialectName } from "../../server/src/core/engines/sql/dialect";
import { liveEngines } from "./engines";

const HOSTILE = [
  "plain",
  "it's",
  'say "hi"',
  "back\\slash",
  "back\\'slash",
  "*/ DROP TABLE x; /*",
  "-- comment",
  "a;b",
  "line\nbreak",
  "cr\rlf\r\n",
  "tab\tbed",
  "bell\u0007esc\u001b[31m",
  "select",
  "Grüße 😀 ∑ \u202e",
  "`back`ticks`",
  "$1 $$ :name ?",
  "",
  "'",
  "''",
  '"',
];

let engines: { name: string; client: SqlClient }[] = [];
beforeAll(async () => {
  engines = await liveEngines();
});
afterAll(async () => {
  for (const e of engines) await e.client.close();
});

describe("escaping", () => {
  it("string literals and identifiers round-trip through DuckDB and PostgreSQL", async () => {
    for (const { name, client } of engines) {
      const d = dialectFor(client.dialect);
      for (const v of HOSTILE) {
        const ident = v === "" ? "empty" : v.replace(/\u0000/g, "");
        const r = await client.query(`SELECT ${d.string(v)} AS ${d.ident(ident)}`);
        expect(r.rows[0][0], `${name} literal ${JSON.stringify(v)}`).toBe(v);
        expect(r.columns[0].name, `${name} identifier ${JSON.stringify(v)}`).toBe(ident);
      }
    }
  });

  it("dotted table names quote each part", async () => {
    for (const { name, client } of engines) {
      const d = dialectFor(client.dialect);
      const schema = client.dialect === "duckdb" ? "main" : "public";
      await client.query(`CREATE TEMP TABLE ${d.ident("we\"ird;--")} (${d.ident("sel\"ect")} integer)`);
      await client.query(`INSERT INTO ${d.ident("we\"ird;--")} VALUES (7)`);
      const r = await client.query(`SELECT ${d.ident("sel\"ect")} FROM ${d.tableName("we\"ird;--")}`);
      expect(Number(r.rows[0][0]), name).toBe(7);
      expect(d.tableName(`${schema}.t`)).toBe(`${d.ident(schema)}.${d.ident("t")}`);
    }
  });

  const parser = new Parser();
  const grammars: [DialectName, string][] = [
    ["bigquery", "BigQuery"],
    ["snowflake", "Snowflake"],
    ["trino", "Trino"],
    ["databricks", "Hive"],
  ];
  /**
   * Where node-sql-parser's grammar is wrong (it reads backslash escapes in Trino literals, and
   * knows no doubled or escaped quote inside a quoted identifier), the exact text the dialect's
   * documentation prescribes is asserted instead.
   */
  const PARSER_GAPS: Record<string, { literal?: Record<string, string>; ident?: Record<string, string> }> = {
    bigquery: { ident: { "`back`ticks`": "`\\`back\\`ticks\\``" } },
    snowflake: { ident: { 'say "hi"': '"say ""hi"""', '"': '""""' } },
    trino: { literal: { "back\\'slash": "'back\\''slash'" }, ident: { 'say "hi"': '"say ""hi"""', '"': '""""' } },
    databricks: { ident: { "`back`ticks`": "```back``ticks```" } },
  };
  for (const [dialect, db] of grammars) {
    it(`${dialect}: a hostile literal parses as one value and a hostile identifier as one table`, () => {
      const d = dialectFor(dialect);
      const gaps = PARSER_GAPS[dialect] ?? {};
      for (const v of HOSTILE) {
        if (/[\u0000-\u001f]/.test(v)) continue; // rendered with the dialect's chr(): a call, not a literal
        const name = v || "t";
        const lit = gaps.literal?.[v];
        if (lit !== undefined) expect(d.string(v)).toBe(lit);
        else expect(() => parser.astify(`SELECT ${d.string(v)} AS x FROM t`, { database: db }), `${dialect} literal ${JSON.stringify(v)}`).not.toThrow();
        const id = gaps.ident?.[name];
        if (id !== undefined) expect(d.ident(name)).toBe(id);
        else {
          const ast = parser.astify(`SELECT a AS x FROM ${d.ident(name)}`, { database: db }) as unknown as { from: unknown[] } | { from: unknown[] }[];
          expect((Array.isArray(ast) ? ast[0] : ast).from.length, `${dialect} identifier ${JSON.stringify(v)}`).toBe(1);
        }
      }
    });
  }
});
