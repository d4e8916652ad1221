// In-process figures (run by bench/run.mjs in its own Node process, with the core bundled into
// .bench/core.cjs):
//   - first evaluation of the workspace (reads the data into the DataCache),
//   - second evaluation after an edit to a formula, in the same process, reusing the DataCache —
//     what the language server does when a .cx file changes (analyze → evaluate),
//   - the same with only `evaluate` timed (analysis done), and with `run()` building the report,
//   - an edit that adds an aggregate no evaluation has computed yet (one pass for it alone).
//
//   node bench/incremental.mjs WORKSPACE_DIR [--runs N]
// Prints one JSON line: { firstMs, editMs: [..], evalOnlyMs: [..], runMs: [..], newAggregateMs: [..], rssMb }.
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const { peakRssKb } = require("./rss.cjs");
const core = require(resolve(import.meta.dirname, "../.bench/core.cjs"));
const { NodeHost, DataCache, analyze, evaluate, run } = core;

const dir = resolve(process.argv[2]);
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 7;
const metricsFile = join(dir, "metrics.cx");

/** The Node host with one file's text overlaid, as an editor's open document would be. */
class EditorHost extends NodeHost {
  overlay = new Map();
  readText(path) {
    return this.overlay.get(path) ?? super.readText(path);
  }
  // (The core reads .cx files through readSource when the host has it, as NodeHost does.)
  readSource(path) {
    const text = this.overlay.get(path);
    return text !== undefined ? { text } : super.readSource(path);
  }
}

const host = new EditorHost();
const cache = new DataCache(host);
const inputs = readdirSync(dir).filter((f) => f.endsWith(".cx")).map((f) => join(dir, f));
const asOf = "2024-12-31";
const original = host.readText(metricsFile);

async function analyzeAndEvaluate() {
  const analysis = await analyze({ mode: "eval", root: dir, inputs, host, cache });
  return { analysis, result: await evaluate(analysis, { asOf, cache }) };
}

const ms = (t0) => performance.now() - t0;
let t0 = performance.now();
const first = await analyzeAndEvaluate();
const firstMs = ms(t0);
const responses = (r) => r.metrics.find((m) => m.name === "promoter_share")?.value;

const editMs = [];
const evalOnlyMs = [];
const runMs = [];
for (let i = 0; i < runs; i++) {
  // An edit to a formula: promoter_share becomes detractors / responses, and back.
  const text = i % 2 === 0 ? original.replace("value: promoters / responses", "value: detractors / responses") : original;
  host.overlay.set(metricsFile, text);
  t0 = performance.now();
  const { analysis, result } = await analyzeAndEvaluate();
  editMs.push(ms(t0));
  if (i === 0 && responses(result) === responses(first.result)) throw new Error("the edit did not change the value");
  t0 = performance.now();
  await evaluate(analysis, { asOf, cache });
  evalOnlyMs.push(ms(t0));
  t0 = performance.now();
  await run({ mode: "eval", root: dir, inputs, host, cache, asOf, today: asOf, relativeTo: dir });
  runMs.push(ms(t0));
}
// An edit that brings a new aggregate: one pass over the rows for it alone (a new region each time).
const newAggregateMs = [];
const regions = ["North", "South", "East", "West", "Central", "Zürich"];
for (let i = 0; i < regions.length; i++) {
  host.overlay.set(metricsFile, original.replace("value: promoters / responses", `value: count(survey where region == "${regions[i]}" and recommend >= ${i}) / responses`));
  t0 = performance.now();
  await analyzeAndEvaluate();
  newAggregateMs.push(ms(t0));
}
console.log(JSON.stringify({ firstMs, editMs, evalOnlyMs, runMs, newAggregateMs, rssMb: peakRssKb() / 1024 }));
