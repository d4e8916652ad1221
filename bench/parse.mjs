// Parser speed: a deterministic 2,000-line .cx file (sources, metrics with where/by/trend,
// goals, doc comments), parsed repeatedly in one process. The core is bundled by bench/run.mjs
// into .bench/core.cjs.
//
//   node bench/parse.mjs [--lines N] [--runs N]
// Prints one JSON line: { lines, bytes, firstMs, medianMs, runs: [..] }.
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(import.meta.url);
const { parse } = require(resolve(import.meta.dirname, "../.bench/core.cjs"));

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg("--lines", 2000);
const RUNS = arg("--runs", 21);

/** A realistic workspace file of about `lines` lines. */
export function cxFile(lines) {
  const out = [
    "// Generated for the parser benchmark.",
    "source survey {",
    '  file: "data/survey.csv"',
    "  timestamp: answered_at",
    "  columns {",
    "    touchpoint: text",
    "    channel: text",
    "    region: text",
    "    recommend: integer",
    "    satisfied: integer",
    "    handle_time: number",
    "    resolved: boolean",
    "    answered_at: date",
    "  }",
    "}",
    "",
  ];
  const fns = ["nps(survey.recommend", "csat(survey.satisfied", "avg(survey.handle_time", "count(survey", "percentile(survey.handle_time, 90"];
  for (let i = 0; ; i++) {
    const fn = fns[i % fns.length];
    const where = i % 3 === 0 ? ` where channel == "web" and recommend >= ${i % 11}` : i % 3 === 1 ? ' where touchpoint in ["checkout", "support"]' : "";
    const block = [
      `/// Metric number ${i}: a doc comment for hovers.`,
      `metric m${i} {`,
      `  label: "Metric ${i}"`,
      `  value: ${fn}${where})${i % 4 === 0 && i > 0 ? ` / m${i - 1}` : ""}`,
      ...(i % 2 === 0 ? ["  by: [region, channel]"] : ["  trend: month"]),
      ...(i % 5 === 0 ? ["  window: 90 days"] : []),
      "}",
      "",
    ];
    if (i % 10 === 9) block.push(`goal g${i} {`, `  metric: m${i}`, "  target: >= 40", "  warn: >= 30", "}", "");
    if (out.length + block.length > lines) break;
    out.push(...block);
  }
  while (out.length < lines) out.push("// (end)");
  return out.join("\n") + "\n";
}

const text = cxFile(LINES);
const ms = (t0) => performance.now() - t0;
let t0 = performance.now();
const first = parse(text, "/bench/main.cx");
const firstMs = ms(t0);
const errors = first.diagnostics?.filter((d) => d.severity === "error").length ?? 0;
const runs = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  parse(text, "/bench/main.cx");
  runs.push(ms(t0));
}
const sorted = [...runs].sort((a, b) => a - b);
console.log(JSON.stringify({ lines: text.split("\n").length - 1, bytes: Buffer.byteLength(text), errors, firstMs, medianMs: sorted[sorted.length >> 1], runs }));
