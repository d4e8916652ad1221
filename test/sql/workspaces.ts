// The workspaces the SQL engine tests evaluate: the evaluator fixtures, every conformance case
// that evaluates, and samples/retail.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NodeHost } from "../../server/src/node/host";
import { discover } from "../../server/src/node/discover";
import { DataCache } from "../../server/src/core/data/reader";
import { analyze, type Analysis } from "../../server/src/core/analyze";
import { UTC, zoneFor } from "../../server/src/core/time/zone";

export const project = join(__dirname, "../..");
const shared = join(project, "../shared/conformance");

export interface Workspace {
  /** e.g. "fixtures/references", "cases-v2/v2-funnel", "samples/retail". */
  name: string;
  dir: string;
  asOf: string;
}

export function workspaces(): Workspace[] {
  const out: Workspace[] = [];
  const evalDir = join(project, "test/fixtures/eval");
  for (const name of readdirSync(evalDir).sort()) {
    const exp = join(evalDir, name, "expected.json");
    if (existsSync(exp)) out.push({ name: `fixtures/${name}`, dir: join(evalDir, name), asOf: JSON.parse(readFileSync(exp, "utf8")).asOf ?? "2026-06-30" });
  }
  for (const set of ["cases", "cases-v2"]) {
    const base = join(shared, set);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, "case.json");
      if (!existsSync(file)) continue;
      const c = JSON.parse(readFileSync(file, "utf8"));
      if (c.args?.[0] !== "eval") continue;
      const i = c.args.indexOf("--as-of");
      out.push({ name: `${set}/${name}`, dir: join(base, name), asOf: i >= 0 ? c.args[i + 1] : "2026-06-30" });
    }
  }
  out.push({ name: "samples/retail", dir: join(project, "samples/retail"), asOf: "2026-06-30" });
  return out;
}

/** Parses and checks a workspace (reading its data where the schema comes from it). */
export async function analyzeWorkspace(w: Workspace): Promise<{ analysis: Analysis; cache: DataCache; zone: string; asOf: string }> {
  const host = new NodeHost();
  const cache = new DataCache(host);
  const d = discover([w.dir], w.dir);
  const analysis = await analyze({ root: d.root, inputs: d.files, host, configFile: d.configFile, cache, mode: "eval" });
  const tz = analysis.model.workspace.config.timezone;
  const zone = ((tz && zoneFor(tz)) || UTC).name;
  const asOf = analysis.model.workspace.config.asOf ?? w.asOf;
  return { analysis, cache, zone, asOf };
}
