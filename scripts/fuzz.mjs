#!/usr/bin/env node
// `npm run fuzz [-- ITERATIONS] [--seconds S] [--seed N] [--scale K]`: the generator of
// test/support/fuzz.ts (the same as test/unit/fuzz.test.ts) for longer: ITERATIONS inputs
// (default 20,000) or S seconds, from seed N (default: random, printed), with inputs K times
// larger (default 1; `--scale 20` makes lines and nestings of megabytes). Every input goes through
// parse → format → format → analyze (→ evaluate). On a failure, or an input that takes more than
// 5 s, the input is written to a directory under the system's temp dir and the run exits with 1.
import * as esbuild from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v)) {
    console.error(`${name} needs a number`);
    process.exit(2);
  }
  args.splice(i, 2);
  return v;
};
const seconds = option("--seconds", undefined);
const seed = option("--seed", Math.floor(Math.random() * 2 ** 31));
const scale = option("--scale", 1);
const iterations = args.length ? Number(args[0]) : seconds === undefined ? 20_000 : Infinity;
if (!Number.isFinite(iterations) && seconds === undefined) {
  console.error("usage: npm run fuzz [-- ITERATIONS] [--seconds S] [--seed N] [--scale K]");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "cx-fuzz-"));
const bundle = join(work, "fuzz.cjs");
await esbuild.build({
  stdin: {
    contents: 'export { checkInput, generateInputs, loadCorpus } from "./test/support/fuzz";',
    resolveDir: root,
    sourcefile: "fuzz-entry.ts",
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outfile: bundle,
  logLevel: "warning",
});
const { checkInput, generateInputs, loadCorpus } = await import(pathToFileURL(bundle).href);
rmSync(work, { recursive: true, force: true });

console.log(`fuzz: seed ${seed}, scale ${scale}, ${seconds !== undefined ? `${seconds} s` : `${iterations} inputs`}`);
const inputs = generateInputs(seed, loadCorpus(root), scale);
const deadline = seconds !== undefined ? Date.now() + seconds * 1000 : Infinity;
const started = Date.now();
const byKind = new Map();
let slowest = { ms: 0, kind: "" };
const heapStart = process.memoryUsage().heapUsed;
let heapMax = heapStart;

function save(i, input, why) {
  const dir = join(tmpdir(), `cx-fuzz-failure-${seed}-${i}`);
  for (const [path, content] of Object.entries(input.files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  writeFileSync(join(dir, "WHY.txt"), `${why}\nkind: ${input.kind}\nseed: ${seed}, input #${i}, scale ${scale}\nmain: ${input.main}${input.evaluate ? " (evaluated)" : ""}\n`);
  return dir;
}

let i = 0;
for (; i < iterations && Date.now() < deadline; i++) {
  const input = inputs.next().value;
  let r;
  try {
    r = await checkInput(input);
  } catch (e) {
    console.error(`FAIL input #${i}: ${e instanceof Error ? e.message : String(e)}`);
    console.error(`saved to ${save(i, input, e instanceof Error ? (e.stack ?? e.message) : String(e))}`);
    process.exit(1);
  }
  byKind.set(input.kind, (byKind.get(input.kind) ?? 0) + 1);
  if (r.ms > slowest.ms) slowest = { ms: r.ms, kind: input.kind };
  if (r.ms > 5000) {
    console.error(`FAIL input #${i} (${input.kind}) took ${Math.round(r.ms)} ms`);
    console.error(`saved to ${save(i, input, `took ${Math.round(r.ms)} ms`)}`);
    process.exit(1);
  }
  if (i % 500 === 0) {
    heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
    if (i % 5000 === 0 && i > 0) console.log(`  ${i} inputs, ${Math.round((Date.now() - started) / 1000)} s, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`);
  }
}
const kinds = [...byKind].map(([k, n]) => `${k} ${n}`).join(", ");
console.log(`ok: ${i} inputs in ${Math.round((Date.now() - started) / 1000)} s (${kinds}); slowest ${Math.round(slowest.ms)} ms (${slowest.kind}); heap ${Math.round(heapStart / 2 ** 20)} → max ${Math.round(heapMax / 2 ** 20)} MB`);
