// The peer of bench/native.mjs on cx's own SQL engine: the same hand-built source plans, rendered
// by the SQL renderer (server/src/core/engines/sql/render.ts — what `cx sql` prints for such a
// source) and run in embedded DuckDB by the SQL executor (engines/sql/execute.ts `runSql`, the
// code behind `cx eval --engine duckdb`), decoded into the same outputs and assembled into the
// same JSON as bench/native.mjs, so that bench/run.mjs can check that the numbers are equal.
//
//   node bench/sql-engine.mjs WORKLOAD FILE… AS_OF [--table] [--json OUT] [--sql OUT.sql]
//
// WORKLOAD and FILE… as for bench/native.mjs (survey, funnel, cohort, drivers).
//   default   the plans as file sources: DuckDB reads the CSV files itself, every value as text,
//             converted by the native rules in SQL (exactly `cx eval --engine duckdb`);
//   --table   each CSV is first loaded into a typed DuckDB table by DuckDB's own read_csv (timed
//             apart, as loadMs), and the plans read it as a table source — only the rendered
//             analysis queries are timed as queryMs.
// --sql writes the SQL the run executed (formatted as `cx sql` formats it).
// Needs .bench/sql.cjs (bench/run.mjs bundles it; or `node bench/sql-engine.mjs --bundle`).
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { workload } from "./native.mjs";
import { bundleExports } from "./bundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const bundlePath = join(root, ".bench", "sql.cjs");

export async function bundleSql() {
  await bundleExports([
    'export { runSql, formatSource, dialectFor } from "./server/src/core/engines/sql/index";',
    'export { openDuckDb } from "./server/src/node/engines/duckdb";',
    'export { parseDate } from "./server/src/core/data/convert";',
    'export { periodLabel } from "./server/src/core/eval/periods";',
    'export { bucketLayout } from "./server/src/core/plan/plan";',
  ], bundlePath, ["@duckdb/node-api", "pg"]);
}

/** DuckDB's column type for a cx column type (the typed load of --table). */
const DUCK_TYPE = { text: "VARCHAR", integer: "BIGINT", number: "DOUBLE", boolean: "BOOLEAN", date: "DATE", datetime: "TIMESTAMPTZ" };

async function main() {
  if (process.argv.includes("--bundle")) return bundleSql();
  const valued = ["--json", "--sql"];
  const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !valued.includes(all[i - 1]));
  const opt = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const asTable = process.argv.includes("--table");
  const [name, ...rest] = args;
  const core = createRequire(import.meta.url)(bundlePath);
  const asOf = rest[rest.length - 1];
  const w = workload(core, name, core.parseDate(asOf));
  const t0 = performance.now();
  const client = await core.openDuckDb();
  const dialect = core.dialectFor("duckdb");
  const plans = w.inputs.map((input, i) => {
    const file = resolve(rest[i]);
    const schema = new Map([...input.columns].map(([c, type]) => [c, { type, header: c }]));
    const access = asTable ? { kind: "table", connection: "bench", table: `bench_${i}` } : { kind: "files", files: [file], format: "csv", delimiter: ",", encoding: "utf-8" };
    return { ...input.plan, source: `bench_${i}`, access, schema, columns: input.columns };
  });
  if (asTable) {
    await client.query("SET TimeZone = 'UTC'");
    for (let i = 0; i < plans.length; i++) {
      const types = [...w.inputs[i].columns].map(([c, t]) => `'${c}': '${DUCK_TYPE[t]}'`).join(", ");
      // Only the plan's columns (read_csv skips the others' values); the rest of the file is not loaded.
      await client.query(`CREATE TABLE bench_${i} AS SELECT ${[...w.inputs[i].columns.keys()].map((c) => `"${c}"`).join(", ")} FROM read_csv('${resolve(rest[i]).replace(/'/g, "''")}', header = true, types = {${types}})`);
    }
  }
  const loadMs = performance.now() - t0;
  const outs = [];
  const sql = [];
  for (const plan of plans) {
    const r = await core.runSql(plan, dialect, client, { zone: "UTC" });
    if (!r.ok) throw new Error(r.message);
    outs.push(r.output);
    sql.push(core.formatSource(r.rendered));
  }
  const result = { ...w.assemble(outs) };
  const queryMs = performance.now() - t0 - loadMs;
  await client.close();
  if (opt("--sql")) writeFileSync(opt("--sql"), sql.join("\n"));
  const report = JSON.stringify({ loadMs, queryMs, ...result });
  if (opt("--json")) writeFileSync(opt("--json"), report);
  else console.log(report);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
