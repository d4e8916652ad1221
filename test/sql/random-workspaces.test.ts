// Differential on generated workspaces (test/support/workspace-gen.ts): each one is evaluated on
// the native engine, on the reference executor (engines/reference, through evaluate()'s `native`
// hook), on DuckDB reading the files, and on PostgreSQL (when a server answers) with each source's
// data loaded into a table. The reports must be equal (diff-report.ts): any difference fails.
//
//   CX_DIFF_COUNT   how many workspaces (default 250; `npm run test:differential`: 2000)
//   CX_DIFF_SEED    the first seed (default 20260611; `random`: a random one, printed); workspace
//                   i has seed CX_DIFF_SEED + i, so a failure replays alone with
//                   CX_DIFF_SEED=<its seed> CX_DIFF_COUNT=1
//   CX_DIFF_KEEP=1  keep every generated workspace (failing ones are always kept; the path is printed)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeHost } from "../../server/src/node/host";
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { runReference } from "../../server/src/core/engines/reference/executor";
import { SqlEngines, sqlRunner } from "../../server/src/node/engines";
import { evaluate } from "../../server/src/core/eval/evaluate";
import { generateWorkspace, writeWorkspace } from "../support/workspace-gen";
import { tryPostgres } from "./engines";
import { analyzeWorkspace, type Workspace } from "./workspaces";
import { diff, postgresRunner, report } from "./diff-report";

const COUNT = Number(process.env.CX_DIFF_COUNT ?? 250);
const SEED_ENV = process.env.CX_DIFF_SEED ?? "20260611";
const SEED = SEED_ENV === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(SEED_ENV);
const KEEP = !!process.env.CX_DIFF_KEEP;

let engines: SqlEngines;
let pg: SqlClient | undefined;
let root: string;

beforeAll(async () => {
  console.log(`random workspaces: CX_DIFF_SEED=${SEED} CX_DIFF_COUNT=${COUNT}`);
  root = mkdtempSync(join(tmpdir(), "cx-random-ws-"));
  engines = new SqlEngines({ host: new NodeHost() });
  pg = await tryPostgres();
});
afterAll(async () => {
  await engines?.close();
  await pg?.close();
});

/** Error diagnostics of a workspace that the generator promised to be valid (goal results aside). */
async function invalid(w: Workspace): Promise<string[]> {
  const { analysis, cache, asOf } = await analyzeWorkspace(w);
  const result = await evaluate(analysis, { asOf, cache });
  return [...analysis.model.diagnostics, ...result.diagnostics]
    .filter((d) => d.severity === "error" && !d.code.startsWith("CX5"))
    .map((d) => `${d.code} ${d.file.slice(w.dir.length + 1)}:${d.range.start.line + 1} ${d.message}`);
}

describe(`differential: generated workspaces (seed ${SEED})`, () => {
  for (let i = 0; i < COUNT; i++) {
    const seed = SEED + i;
    it(`seed ${seed}`, async () => {
      const ws = generateWorkspace(seed);
      const dir = join(root, `seed-${seed}`);
      writeWorkspace(dir, ws);
      const w: Workspace = { name: `seed ${seed}`, dir, asOf: ws.asOf };
      const problems: string[] = [];
      try {
        const errors = await invalid(w);
        if (errors.length) problems.push(...errors.map((e) => `generator: invalid workspace: ${e}`));
        else {
          const native = await report(w);
          problems.push(...diff(native, await report(w, { native: runReference }), "reference"));
          problems.push(...diff(native, await report(w, { sql: () => sqlRunner(engines) }), "duckdb"));
          if (pg) {
            const tables: string[] = [];
            try {
              problems.push(...diff(native, await report(w, { sql: postgresRunner(pg, new NodeHost(), `cx_rand_${process.pid}_`, tables) }), "postgres"));
            } finally {
              for (const t of tables) await pg.query(`DROP TABLE IF EXISTS "${t}"`);
            }
          }
        }
      } finally {
        if (!problems.length && !KEEP) rmSync(dir, { recursive: true, force: true });
      }
      if (problems.length) {
        problems.unshift(`${ws.summary}`, `kept in ${dir}; replay: CX_DIFF_SEED=${seed} CX_DIFF_COUNT=1 CX_DIFF_KEEP=1 npx vitest run test/sql/random-workspaces.test.ts`);
      }
      expect(problems.slice(0, 20)).toEqual([]);
    });
  }
});
