// Runs the shared conformance suite when ../shared exists (it does in CI and for developers).
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const runner = new URL("../../shared/conformance/run.mjs", import.meta.url);
if (!existsSync(runner)) {
  console.log("conformance: ../shared/conformance not found; skipped (it runs in CI)");
  process.exit(0);
}
const r = spawnSync(process.execPath, [runner.pathname], { stdio: "inherit" });
process.exit(r.status ?? 1);
