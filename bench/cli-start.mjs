// CLI start-up (issue 13 item 4): wall time of `cx check samples/retail` and `cx eval samples/retail`,
// each in a new (cold) process, against `node -e 0` (Node's own start) on the same machine.
//
//   node bench/cli-start.mjs [--runs N] [--cli dist/cli.js] [--workspace samples/retail]
//
// Runs the three commands in turn (so that a load spike hits all three alike), --runs times each
// (default 15) after one unmeasured round (the file cache), and prints a table, then one JSON line
// with every measure. `npm run bench` runs it as the section `startup` (bench/run.mjs). Targets:
// check ≤ 300 ms, eval ≤ 500 ms (median). The load average is reported before and after: on a
// shared machine the figures follow it, so compare them with `node -e 0` of the same run.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const la = (l) => l.map((x) => x.toFixed(2)).join(" ");

/** Measures the three commands; prints a table through `log`; returns the measures. */
export function startup({ runs = 15, cli = "dist/cli.js", workspace = "samples/retail", log = console.log } = {}) {
  const node = process.execPath;
  const script = resolve(root, cli);
  const cases = [
    { name: "node -e 0", args: ["-e", "0"], ok: [0] },
    { name: `cx check ${workspace}`, args: [script, "check", workspace], ok: [0, 1], target: 300 },
    { name: `cx eval ${workspace}`, args: [script, "eval", workspace], ok: [0, 1], target: 500 },
  ];
  const once = (c) => {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(node, c.args, { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!c.ok.includes(p.status)) throw new Error(`${c.name} exited with ${p.status}: ${p.stderr}`);
    return ms;
  };
  const loadBefore = loadavg();
  for (const c of cases) once(c); // the file cache
  const times = cases.map(() => []);
  for (let i = 0; i < runs; i++) cases.forEach((c, k) => times[k].push(once(c)));
  const loadAfter = loadavg();
  log(`| command | median | min | max | target |`);
  log(`|---|---:|---:|---:|---|`);
  const out = { runs, cores: cpus().length, node: process.version, loadBefore, loadAfter, cases: [] };
  cases.forEach((c, k) => {
    const m = median(times[k]);
    const verdict = c.target === undefined ? "(Node's own start)" : `≤ ${c.target} ms: ${m <= c.target ? "met" : "NOT met"}`;
    log(`| \`${c.name}\` | ${m.toFixed(0)} ms | ${Math.min(...times[k]).toFixed(0)} ms | ${Math.max(...times[k]).toFixed(0)} ms | ${verdict} |`);
    out.cases.push({ name: c.name, medianMs: m, minMs: Math.min(...times[k]), maxMs: Math.max(...times[k]), targetMs: c.target ?? null, runsMs: times[k] });
  });
  log(`\n${runs} cold processes each; load average ${la(loadBefore)} before, ${la(loadAfter)} after (${cpus().length} cores).`);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const out = startup({ runs: Number(arg("--runs", 15)), cli: arg("--cli", "dist/cli.js"), workspace: arg("--workspace", "samples/retail") });
  console.log(JSON.stringify(out));
}
