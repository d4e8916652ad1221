// Runs the shared conformance suite when ../shared exists (it does in CI and for developers):
// every case (version 1 and 2, `--all`) on the native engine, then again on DuckDB
// (`CX_ENGINE=duckdb`: file sources evaluated in DuckDB; cases for the native engine only are skipped).
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const runner = new URL("../../shared/conformance/run.mjs", import.meta.url);
if (!existsSync(runner)) {
  console.log("conformance: ../shared/conformance not found; skipped (it runs in CI)");
  process.exit(0);
}
let status = 0;
for (const engine of ["native", "duckdb"]) {
  console.log(`\n== conformance --all on ${engine}`);
  const env = { ...process.env };
  if (engine === "native") delete env.CX_ENGINE;
  else env.CX_ENGINE = engine;
  const r = spawnSync(process.execPath, [runner.pathname, "--all"], { stdio: "inherit", env });
  if ((r.status ?? 1) !== 0) status = r.status ?? 1;
}
process.exit(status);
