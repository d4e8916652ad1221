// The evaluator keeps the aggregates of the last evaluation of each table the DataCache holds,
// so that the editor's next evaluation (after an edit to a formula) recomputes only what the edit
// changed. Whatever is reused, the results must be those of an evaluation from scratch.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NodeHost } from "../../server/src/node/host";
import { DataCache } from "../../server/src/core/data/reader";
import { analyze } from "../../server/src/core/analyze";
import { evaluate } from "../../server/src/core/eval/evaluate";

const dir = join(__dirname, "../fixtures/eval/survey-basics");
const main = join(dir, "main.cx");
const original = readFileSync(main, "utf8");

class EditorHost extends NodeHost {
  overlay = new Map<string, string>();
  override readText(path: string): string | undefined {
    return this.overlay.get(path) ?? super.readText(path);
  }
  override readSource(path: string) {
    const text = this.overlay.get(path);
    return text !== undefined ? { text } : super.readSource(path);
  }
}

async function evaluateWith(host: EditorHost, cache: DataCache, asOf: string) {
  const inputs = readdirSync(dir).filter((f) => f.endsWith(".cx")).map((f) => join(dir, f));
  const analysis = await analyze({ mode: "eval", root: dir, inputs, host, cache });
  const r = await evaluate(analysis, { asOf, cache });
  return JSON.stringify({ metrics: r.metrics, diagnostics: r.diagnostics });
}

const EDITS: [string, (t: string) => string][] = [
  ["unchanged", (t) => t],
  ["a formula", (t) => t.replace("metric nps_all { value: nps(r.recommend) }", "metric nps_all { value: nps(r.recommend where channel == \"web\") by: touchpoint trend: month }")],
  ["a window", (t) => t.replace("metric ces_all { value: ces(r.effort) }", "metric ces_all { value: ces(r.effort) window: 30 days by: channel }")],
  ["a declared column type", (t) => t.replace("    effort: integer\n", "    effort: number\n")],
];

describe("evaluation reuses the previous evaluation's aggregates", () => {
  for (const asOf of ["2026-06-30", "2026-03-31"]) {
    it(`gives the results of a fresh evaluation after each edit (as of ${asOf})`, async () => {
      const host = new EditorHost();
      const cache = new DataCache(host);
      await evaluateWith(host, cache, "2026-06-30");
      for (const [what, edit] of EDITS) {
        host.overlay.set(main, edit(original));
        const reused = await evaluateWith(host, cache, asOf);
        const fresh = await evaluateWith(host, new DataCache(host), asOf);
        expect(reused, what).toBe(fresh);
      }
    });
  }
});
