// Writes the benchmark's survey CSV as Parquet with DuckDB (`COPY … TO … (FORMAT parquet)`,
// snappy, DuckDB's default row groups), each column with the type the workspace declares.
// Run as its own process so that DuckDB's memory never counts in a harness process.
//
//   node bench/to-parquet.mjs SURVEY.csv OUT.parquet
import { DuckDBInstance } from "@duckdb/node-api";
import { renameSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The survey columns (bench/gen-data.mjs) and their Parquet types (bench/workspace/survey.cx). */
export const SURVEY_TYPES = {
  respondent_id: "VARCHAR", touchpoint: "VARCHAR", channel: "VARCHAR", region: "VARCHAR", product: "VARCHAR", segment: "VARCHAR",
  recommend: "BIGINT", satisfied: "BIGINT", effort: "BIGINT", handle_time: "DOUBLE", resolved: "BOOLEAN",
  answered_at: "DATE", contacted_at: "TIMESTAMPTZ",
};

const quote = (s) => `'${s.replace(/'/g, "''")}'`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [csv, out] = process.argv.slice(2);
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  await db.run("SET TimeZone = 'UTC'");
  const columns = Object.entries(SURVEY_TYPES).map(([c, t]) => `${quote(c)}: ${quote(t)}`).join(", ");
  // Written under a temporary name, so that an interrupted run never leaves a partial file behind.
  await db.run(`COPY (SELECT * FROM read_csv(${quote(csv)}, header = true, columns = {${columns}})) TO ${quote(out + ".tmp")} (FORMAT parquet)`);
  renameSync(out + ".tmp", out);
}
