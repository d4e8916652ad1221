// The editor's latency, measured at the protocol level (issue 13): a real LSP client over stdio
// against dist/server.js on the benchmark workspace (.bench/ws-ROWS, bench/run.mjs makes it).
//
//   node bench/lsp.mjs [WORKSPACE_DIR] [--runs N] [--interval MS] [--json FILE] [--cpu-prof]
//                      [--server dist/server.js]   (another build, e.g. to compare two)
//
// Each run starts a fresh server process (so the first evaluation reads the data again) and:
//  1. opens the workspace: initialize with the folder, initialized, didOpen metrics.cx;
//  2. while the first evaluation runs, sends completion (columns after `survey.`) and hover (on
//     the metric promoter_share) alternately every --interval ms (default 20; two loops, each
//     request awaited before its loop sends the next), timed with performance.now(), and
//     semanticTokens/full every 25 intervals. It goes on until a hover shows a value (the time from
//     didOpen to that is "fresh values"), then half a second more. The first hover is kept apart (the
//     server may make it wait for the evaluation); what hovers said before the value is counted;
//  3. a formula edit, saved (the default trigger onSave): didChange (promoter_share becomes
//     detractors / responses) + didSave, then hovers every 5 ms until the value changes (and the
//     time of the `cx/evaluated` notification, which needs no polling);
//  4. the same edit undone with cx.evaluation.trigger = onType: didChange alone; the time includes
//     the server's typing debounce (TYPE_EVAL_MS in server/src/lsp/server.ts), reported apart.
// Requests are "during the first evaluation" when sent before the first `cx/evaluated` arrived.
// Between 2 and 3, the run waits for `cx/scanned` (the column statistics, which follow the values;
// at most 30 s, for builds that do not send it) and reports its time.
// Prints a table and writes everything to .bench/results-lsp.json (or --json FILE), with the load
// average at the start and at the end. --cpu-prof runs the server with --cpu-prof into .bench/prof/.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require("vscode-languageserver-protocol/node");

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const positional = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && ["--runs", "--interval", "--json", "--server"].includes(argv[i - 1])));
const WS = resolve(positional[0] ?? join(root, ".bench/ws-1000000"));
const RUNS = Number(arg("--runs", 3));
const INTERVAL = Number(arg("--interval", 20));
const JSON_OUT = resolve(arg("--json", join(root, ".bench/results-lsp.json")));
const CPU_PROF = argv.includes("--cpu-prof");
const SERVER = resolve(arg("--server", join(root, "dist/server.js")));
const METRICS = join(WS, "metrics.cx");
const TIMEOUT_MS = 120_000;

/** The server's typing debounce for evaluations (cx.evaluation.trigger = onType), read from its source. */
const TYPE_EVAL_MS = (() => {
  try {
    const m = /const TYPE_EVAL_MS = (\d+)/.exec(readFileSync(join(root, "server/src/lsp/server.ts"), "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
})();

const FORMULA_A = "value: promoters / responses";
const FORMULA_B = "value: detractors / responses";
const original = readFileSync(METRICS, "utf8");
if (!original.includes(FORMULA_A)) throw new Error(`${METRICS} has no '${FORMULA_A}'`);

function positionOf(text, needle, offset = 0) {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in ${METRICS}`);
  const before = text.slice(0, i + offset);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}
const HOVER_AT = positionOf(original, "metric promoter_share", "metric ".length + 2);
const COMPLETE_AT = positionOf(original, "nps(survey.recommend)", "nps(survey.".length);

const hoverText = (h) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");
/** The value a metric hover shows (bold), or what it says instead. */
function hoverValue(h) {
  const line = hoverText(h).split("\n").find((l) => l.startsWith("Value: ")) ?? "";
  const bold = /^Value: \*\*([^*]+)\*\*/.exec(line);
  return bold ? { value: bold[1] } : { status: line.slice("Value: ".length) || "(no hover)" };
}

const now = () => performance.now();
/** CPU time (user + system, ms, all threads) of a process so far: Linux only (/proc), else undefined. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ = 100
  } catch {
    return undefined;
  }
}
const sleepUntil = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - now())));

// ------------------------------------------------------------------ one client, one server

async function startServer(profDir) {
  const execArgv = profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [];
  const proc = spawn(process.execPath, [...execArgv, SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const stderr = [];
  proc.stderr.on("data", (d) => stderr.push(String(d)));
  const client = { proc, conn, stderr, settings: null, notes: [], listeners: new Set(), version: 1 };
  conn.onNotification((method, params) => {
    client.notes.push({ method, params, t: now() });
    for (const l of [...client.listeners]) l();
  });
  conn.onRequest((method, params) => {
    if (method === "workspace/configuration") return params.items.map((i) => (i.section === "cx" ? client.settings : null));
    return null;
  });
  conn.listen();
  return client;
}

/** Resolves with the time of the first notification `method` after index `after`. */
function notification(client, method, after) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const n = client.notes.slice(after).find((x) => x.method === method);
      if (!n) return;
      client.listeners.delete(check);
      clearTimeout(timer);
      resolve(n);
    };
    const timer = setTimeout(() => {
      client.listeners.delete(check);
      reject(new Error(`timed out waiting for ${method}; stderr: ${client.stderr.join("").slice(-2000)}`));
    }, TIMEOUT_MS);
    client.listeners.add(check);
    check();
  });
}

async function stopServer(client) {
  try {
    await Promise.race([client.conn.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 5000))]);
    await client.conn.sendNotification("exit");
  } catch {
    /* gone */
  }
  // Wait for the exit (a --cpu-prof profile is written on exit).
  if (client.proc.exitCode === null) {
    await Promise.race([new Promise((r) => client.proc.once("exit", r)), new Promise((r) => setTimeout(r, 10_000))]);
  }
  client.conn.dispose();
  if (client.proc.exitCode === null) client.proc.kill();
}

async function timed(client, method, params) {
  const t0 = now();
  const r = await client.conn.sendRequest(method, params);
  return { t0, ms: now() - t0, r };
}

// ------------------------------------------------------------------ one run

async function run(index) {
  const uri = pathToFileURL(METRICS).href;
  const profDir = CPU_PROF ? join(root, ".bench/prof") : undefined;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const tSpawn = now();
  const c = await startServer(profDir);
  const init = await timed(c, "initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(WS).href,
    workspaceFolders: [{ uri: pathToFileURL(WS).href, name: "ws" }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: { synchronization: { didSave: true }, completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ["markdown"] } },
    },
    initializationOptions: { trusted: true },
  });
  const samples = []; // { method, t (ms after didOpen), ms, phase }
  const seen = {}; // what hovers said instead of a value, with counts
  const evaluated = notification(c, "cx/evaluated", 0);
  await c.conn.sendNotification("initialized", {});
  const tOpen = now();
  await c.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "cx", version: 1, text: original } });
  let tEvaluated;
  let cpuAtEvaluated;
  evaluated.then((n) => {
    tEvaluated = n.t;
    cpuAtEvaluated = cpuMs(c.proc.pid);
  }, () => undefined);

  const hover = () => timed(c, "textDocument/hover", { textDocument: { uri }, position: HOVER_AT });
  const complete = () => timed(c, "textDocument/completion", { textDocument: { uri }, position: COMPLETE_AT });
  const tokens = () => timed(c, "textDocument/semanticTokens/full", { textDocument: { uri } });
  const record = (method, x) => samples.push({ method, t: x.t0 - tOpen, ms: x.ms, phase: tEvaluated === undefined || x.t0 < tEvaluated ? "first" : "after" });

  // 2. Requests at a steady cadence while the first evaluation runs, until a hover shows a value:
  // completion and hover alternate (each loop every 2 × INTERVAL, offset by INTERVAL), each request
  // awaited before its loop sends the next, so that a hover that waits for the evaluation does not
  // stop the completions from being measured; semantic tokens every 25 × INTERVAL.
  let tFresh;
  let freshValue;
  let completionItems = 0;
  let hoversBefore = 0;
  const loop = async (offset, period, once) => {
    // Until half a second after the first value (a few requests with values, for comparison).
    for (let next = now() + offset; tFresh === undefined || now() - tOpen - tFresh < 500; next += period) {
      await sleepUntil(next);
      if (now() - tOpen > TIMEOUT_MS) throw new Error(`no value in hovers after ${TIMEOUT_MS} ms; stderr: ${c.stderr.join("").slice(-2000)}`);
      await once();
      if (now() > next + period) next = now() - period; // a slow answer: the cadence restarts from now
    }
  };
  await Promise.all([
    loop(0, 2 * INTERVAL, async () => {
      const x = await complete();
      record("completion", x);
      completionItems = Math.max(completionItems, x.r?.items?.length ?? 0);
    }),
    loop(INTERVAL, 2 * INTERVAL, async () => {
      const x = await hover();
      const v = hoverValue(x.r);
      // The first hover may wait for the evaluation (FIRST_EVAL_WAIT_MS in server.ts): kept apart.
      record(hoversBefore++ === 0 && tFresh === undefined ? "firstHover" : "hover", x);
      if (v.value !== undefined && tFresh === undefined) {
        tFresh = now() - tOpen;
        freshValue = v.value;
      } else if (v.status !== undefined) seen[v.status.trim()] = (seen[v.status.trim()] ?? 0) + 1;
    }),
    loop(INTERVAL / 2, 25 * INTERVAL, async () => record("semanticTokens", await tokens())),
  ]);
  await evaluated;
  // The column statistics follow the values (`cx/scanned`): waited for (at most 30 s: builds before
  // it never send it), so that the edits below are measured without a scan running, as before.
  const scanned = await new Promise((resolve) => {
    const check = () => {
      const n = c.notes.find((x) => x.method === "cx/scanned");
      if (!n) return;
      c.listeners.delete(check);
      clearTimeout(timer);
      resolve(n);
    };
    const timer = setTimeout(() => {
      c.listeners.delete(check);
      resolve(undefined);
    }, 30_000);
    c.listeners.add(check);
    check();
  });

  // 3. A formula edit, saved (trigger onSave, the default).
  const edit = async (text, save) => {
    const before = c.notes.length;
    const evaluatedAgain = notification(c, "cx/evaluated", before);
    const old = freshValue;
    const t0 = now();
    await c.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++c.version }, contentChanges: [{ text }] });
    if (save) await c.conn.sendNotification("textDocument/didSave", { textDocument: { uri } });
    const hovers = [];
    let value;
    for (let next = now(); ; next += 5) {
      await sleepUntil(next);
      if (now() - t0 > TIMEOUT_MS) throw new Error("the edit's value never appeared");
      const x = await hover();
      hovers.push(x.ms);
      const v = hoverValue(x.r);
      if (v.value !== undefined && v.value !== old) {
        value = v.value;
        break;
      }
    }
    const tValue = now() - t0;
    const n = await evaluatedAgain;
    freshValue = value;
    return { valueMs: tValue, evaluatedMs: n.t - t0, from: old, to: value, hoverMaxMs: Math.max(...hovers), hovers: hovers.length };
  };
  const saved = await edit(original.replace(FORMULA_A, FORMULA_B), true);
  // 4. Undone, with evaluation on typing.
  c.settings = { evaluation: { trigger: "onType" } };
  await c.conn.sendNotification("workspace/didChangeConfiguration", { settings: { cx: c.settings } });
  const typed = await edit(original, false);

  await stopServer(c);
  return {
    run: index,
    initializeMs: init.ms,
    spawnToInitializedMs: tOpen - tSpawn,
    firstEvaluatedMs: tEvaluated - tOpen,
    serverCpuAtFirstEvaluatedMs: cpuAtEvaluated,
    freshValueMs: tFresh,
    scannedMs: scanned ? scanned.t - tOpen : undefined,
    value: saved.from,
    completionItems,
    hoverSaidBeforeValue: seen,
    samples,
    editSaved: saved,
    editTyped: { ...typed, debounceMs: TYPE_EVAL_MS },
  };
}

// ------------------------------------------------------------------ statistics and the table

function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const stats = (xs) => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: xs.length ? Math.max(...xs) : NaN });
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const median = (xs) => quantile(xs, 0.5);

function machine() {
  const c = cpus();
  return { cpu: c[0]?.model ?? "?", cores: c.length, memGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

const startLoad = loadavg();
const m = machine();
console.log(`\n## The editor: latency during the first evaluation (bench/lsp.mjs)`);
console.log(`\n${WS}, ${RUNS} run(s), a request every ${INTERVAL} ms; ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average at start ${startLoad.map((x) => x.toFixed(2)).join(" ")}`);
const runs = [];
for (let i = 0; i < RUNS; i++) {
  const r = await run(i + 1);
  runs.push(r);
  const by = (method) => stats(r.samples.filter((s) => s.method === method && s.phase === "first").map((s) => s.ms));
  const cpl = by("completion");
  const hov = by("hover");
  const tok = by("semanticTokens");
  const fh = r.samples.find((s) => s.method === "firstHover");
  console.log(
    `run ${r.run}: first evaluation ${f0(r.firstEvaluatedMs)} ms, value in hovers ${f0(r.freshValueMs)} ms; during it completion p50 ${f1(cpl.p50)} / p95 ${f1(cpl.p95)} / max ${f1(cpl.max)} ms (${cpl.n}), ` +
      `hover p50 ${f1(hov.p50)} / p95 ${f1(hov.p95)} / max ${f1(hov.max)} ms (${hov.n}) and the first one ${f1(fh?.ms)} ms, semantic tokens max ${f1(tok.max)} ms (${tok.n}); ` +
      `hovers said ${JSON.stringify(r.hoverSaidBeforeValue)}; edit+save → value ${f0(r.editSaved.valueMs)} ms (cx/evaluated ${f0(r.editSaved.evaluatedMs)} ms); ` +
      `typed (onType) → value ${f0(r.editTyped.valueMs)} ms incl. ${r.editTyped.debounceMs ?? "?"} ms debounce`,
  );
}
const endLoad = loadavg();

const all = (method, phase) => runs.flatMap((r) => r.samples.filter((s) => s.method === method && s.phase === phase).map((s) => s.ms));
const summary = {
  during: Object.fromEntries(["completion", "hover", "firstHover", "semanticTokens"].map((k) => [k, stats(all(k, "first"))])),
  afterwards: Object.fromEntries(["completion", "hover", "semanticTokens"].map((k) => [k, stats(all(k, "after"))])),
  firstEvaluatedMs: runs.map((r) => r.firstEvaluatedMs),
  freshValueMs: runs.map((r) => r.freshValueMs),
  scannedMs: runs.map((r) => r.scannedMs),
  serverCpuAtFirstEvaluatedMs: runs.map((r) => r.serverCpuAtFirstEvaluatedMs),
  editSavedValueMs: runs.map((r) => r.editSaved.valueMs),
  editSavedEvaluatedMs: runs.map((r) => r.editSaved.evaluatedMs),
  editTypedValueMs: runs.map((r) => r.editTyped.valueMs),
  typeDebounceMs: TYPE_EVAL_MS,
  notEvaluatedYet: runs.reduce((n, r) => n + Object.entries(r.hoverSaidBeforeValue).filter(([k]) => k.startsWith("not evaluated")).reduce((a, [, v]) => a + v, 0), 0),
};

const row = (name, s) => `| ${name} | ${s.n} | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.max)} |`;
console.log(`\n### Requests while the first evaluation runs (all ${RUNS} runs)\n`);
console.log("| request | n | p50 ms | p95 ms | max ms |");
console.log("|---|--:|--:|--:|--:|");
for (const k of ["completion", "hover", "semanticTokens"]) console.log(row(k, summary.during[k]));
console.log(row("the first hover (may wait for the evaluation)", summary.during.firstHover));
console.log(`\n### The same requests once values are there\n`);
console.log("| request | n | p50 ms | p95 ms | max ms |");
console.log("|---|--:|--:|--:|--:|");
for (const k of ["completion", "hover", "semanticTokens"]) console.log(row(k, summary.afterwards[k]));
const list = (xs) => xs.map(f0).join(", ");
console.log(`\n### Values (median of ${RUNS}; each run)\n`);
console.log("| what | median ms | runs |");
console.log("|---|--:|---|");
console.log(`| didOpen → \`cx/evaluated\` (first evaluation) | ${f0(median(summary.firstEvaluatedMs))} | ${list(summary.firstEvaluatedMs)} |`);
if (summary.serverCpuAtFirstEvaluatedMs.every((x) => x !== undefined)) console.log(`| the server's CPU time (both threads, from its start) at \`cx/evaluated\` | ${f0(median(summary.serverCpuAtFirstEvaluatedMs))} | ${list(summary.serverCpuAtFirstEvaluatedMs)} |`);
console.log(`| didOpen → a hover shows the value | ${f0(median(summary.freshValueMs))} | ${list(summary.freshValueMs)} |`);
if (summary.scannedMs.every((x) => x !== undefined)) console.log(`| didOpen → \`cx/scanned\` (column statistics for hovers and completion) | ${f0(median(summary.scannedMs))} | ${list(summary.scannedMs)} |`);
console.log(`| formula edit + save → \`cx/evaluated\` | ${f0(median(summary.editSavedEvaluatedMs))} | ${list(summary.editSavedEvaluatedMs)} |`);
console.log(`| formula edit + save → a hover shows the new value | ${f0(median(summary.editSavedValueMs))} | ${list(summary.editSavedValueMs)} |`);
console.log(`| formula edit, onType → a hover shows the new value (incl. ${TYPE_EVAL_MS ?? "?"} ms debounce) | ${f0(median(summary.editTypedValueMs))} | ${list(summary.editTypedValueMs)} |`);
console.log(`\nHovers that said "not evaluated yet": ${summary.notEvaluatedYet}.`);
console.log(`Load average at start ${startLoad.map((x) => x.toFixed(2)).join(" ")}, at the end ${endLoad.map((x) => x.toFixed(2)).join(" ")} (${m.cores} cores; other processes share the machine).`);

mkdirSync(dirname(JSON_OUT), { recursive: true });
writeFileSync(JSON_OUT, JSON.stringify({ machine: m, workspace: WS, intervalMs: INTERVAL, startLoad, endLoad, summary, runs }, null, 2));
console.log(`Written: ${JSON_OUT}`);
