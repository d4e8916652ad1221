// Differential: whole workspaces — every evaluator fixture, conformance case that evaluates, and
// samples/retail — evaluated on the native path (the evaluator's default executor) and on the SQL
// engines — DuckDB reading the files, and PostgreSQL with each source's data loaded into a table —
// must give the same JSON report (diff-report.ts says what is compared). Generated workspaces:
// random-workspaces.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeHost } from "../../server/src/node/host";
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { SqlEngines, sqlRunner } from "../../server/src/node/engines";
import { tryPostgres } from "./engines";
import { workspaces } from "./workspaces";
import { diff, postgresRunner, report } from "./diff-report";

/** Workspaces left out until what they need lands (the reason is printed); CX_NO_PENDING=1 runs them. */
const PENDING: Record<string, string> = process.env.CX_NO_PENDING ? {} : {};

let engines: SqlEngines;
let pg: SqlClient | undefined;
const pgTables: string[] = [];

beforeAll(async () => {
  engines = new SqlEngines({ host: new NodeHost() });
  pg = await tryPostgres();
});
afterAll(async () => {
  await engines.close();
  if (pg) for (const t of pgTables) await pg.query(`DROP TABLE IF EXISTS "${t}"`);
  await pg?.close();
});

describe("differential: native vs SQL engines on whole workspaces", () => {
  for (const w of workspaces()) {
    if (PENDING[w.name]) {
      it.skip(`${w.name} — pending: ${PENDING[w.name]}`, () => {});
      continue;
    }
    it(w.name, async () => {
      const native = await report(w);
      const duck = await report(w, { sql: () => sqlRunner(engines) });
      const problems = diff(native, duck, "duckdb");
      if (pg) problems.push(...diff(native, await report(w, { sql: postgresRunner(pg, new NodeHost(), `cx_diff_${process.pid}_`, pgTables) }), "postgres"));
      expect(problems.slice(0, 15)).toEqual([]);
    });
  }
});
