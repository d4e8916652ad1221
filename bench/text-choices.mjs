// Issue 13 item 2: what high-cardinality text costs, measured choice by choice on one column of
// the ids workload (customer_id of bench/gen-data.mjs --ids, about ROWS / 5 distinct values).
//
//   node bench/text-choices.mjs DATA.csv [--column customer_id] [--variant NAME]   (one variant per process)
//   node bench/text-choices.mjs DATA.csv                                           (all, each in its own process)
//
// Variants, each over the column's bytes as the CSV reader delivers them (a byte range per row):
//   dict-lazy      the reader's TextDict and the column's ByteStrings view (a code per row, the
//                  distinct values' bytes in one buffer, no string made): what cx does since the lazy
//                  dictionary, for a column only counted distinct, grouped by code or compared
//                  with a literal (bytes against the literal's bytes)
//   dict-strings   the same, then every distinct value's string made through the view (what a
//                  report grouped by this column, or an ordering comparison, costs; before the lazy
//                  dictionary cx always paid about this, at intern time)
//   hash-distinct  no codes at all: a 64-bit hash (two 32-bit FNV/murmur lanes) of each value in an
//                  open-addressing set: enough for count_distinct only
//   js-map         a Map from decoded strings to codes (the plain JavaScript way, for reference)
// Each prints rows, distinct values, ms and the heap + array-buffer bytes it holds at the end.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const [file] = process.argv.slice(2);
const arg = (n, d) => (process.argv.includes(n) ? process.argv[process.argv.indexOf(n) + 1] : d);
const column = arg("--column", "customer_id");
const variant = arg("--variant");
const VARIANTS = ["dict-lazy", "dict-strings", "hash-distinct", "js-map"];

if (!variant) {
  console.log("| variant | rows | distinct | ms | retained MB (heap + buffers) | peak RSS MB |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const v of VARIANTS) {
    const p = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), file, "--column", column, "--variant", v], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(p.stderr);
    console.log(p.stdout.trim());
  }
  process.exit(0);
}

const out = join(root, ".bench", "bytes.cjs");
await build({ entryPoints: [join(root, "server/src/core/data/bytes.ts")], bundle: true, platform: "node", format: "cjs", outfile: out, logLevel: "warning" });
const { TextDict } = await import(pathToFileURL(out).href);

// The column's byte ranges (the generated file has no quotes).
const buf = readFileSync(file);
let nl = buf.indexOf(10);
const header = buf.subarray(0, nl).toString().split(",");
const col = header.indexOf(column);
const starts = [];
const ends = [];
for (let i = nl + 1; i < buf.length; ) {
  let f = 0;
  let s = i;
  while (i < buf.length && buf[i] !== 10) {
    if (buf[i] === 44) {
      if (f === col) break;
      f++;
      s = i + 1;
    }
    i++;
  }
  let e = i;
  while (e < buf.length && buf[e] !== 44 && buf[e] !== 10) e++;
  starts.push(s);
  ends.push(e);
  while (i < buf.length && buf[i] !== 10) i++;
  i++;
}
const S = Int32Array.from(starts);
const E = Int32Array.from(ends);
const n = S.length;
starts.length = 0;
ends.length = 0;
globalThis.gc();
const before = process.memoryUsage();
const t0 = performance.now();
let distinct = 0;
let keep;
if (variant === "dict-strings" || variant === "dict-lazy") {
  // In a function, so that nothing on this frame holds the dictionary's hash tables afterwards.
  const read = () => {
    const d = new TextDict();
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = d.intern(buf, S[i], E[i]);
    return [d.size, d.strings(), codes]; // what the column keeps (the hash tables go)
  };
  const [size, strings, codes] = read();
  distinct = size;
  if (variant === "dict-strings") for (let i = 0; i < distinct; i++) strings.at(i);
  keep = [strings, codes];
} else if (variant === "hash-distinct") {
  let cap = 1 << 10;
  let t = new Int32Array(cap * 2);
  let used = new Uint8Array(cap);
  for (let i = 0; i < n; i++) {
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x9747b28c | 0;
    for (let j = S[i]; j < E[i]; j++) {
      h1 = Math.imul(h1 ^ buf[j], 16777619);
      h2 = Math.imul(h2 ^ buf[j], 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 ^= h1 >>> 16;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 13;
    let slot = h1 & (cap - 1);
    for (;;) {
      if (!used[slot]) {
        used[slot] = 1;
        t[2 * slot] = h1;
        t[2 * slot + 1] = h2;
        if (++distinct * 2 > cap) {
          const oc = cap;
          const ot = t;
          const ou = used;
          cap *= 2;
          t = new Int32Array(cap * 2);
          used = new Uint8Array(cap);
          for (let k = 0; k < oc; k++) {
            if (!ou[k]) continue;
            let s2 = ot[2 * k] & (cap - 1);
            while (used[s2]) s2 = (s2 + 1) & (cap - 1);
            used[s2] = 1;
            t[2 * s2] = ot[2 * k];
            t[2 * s2 + 1] = ot[2 * k + 1];
          }
        }
        break;
      }
      if (t[2 * slot] === h1 && t[2 * slot + 1] === h2) break;
      slot = (slot + 1) & (cap - 1);
    }
  }
  keep = [t, used];
} else {
  const m = new Map();
  const codes = new Int32Array(n);
  const dec = new TextDecoder();
  for (let i = 0; i < n; i++) {
    const s = dec.decode(buf.subarray(S[i], E[i]));
    let c = m.get(s);
    if (c === undefined) m.set(s, (c = m.size));
    codes[i] = c;
  }
  distinct = m.size;
  keep = [m, codes];
}
const ms = performance.now() - t0;
keep.push(buf, S, E); // in `before` too: held to the end
// Array buffers are freed by a background sweeper after a full GC: collect until they stop shrinking.
let after = process.memoryUsage();
for (let i = 0; i < 20; i++) {
  globalThis.gc();
  await new Promise((r) => setImmediate(r));
  const m = process.memoryUsage();
  const stable = m.arrayBuffers >= after.arrayBuffers && i > 0;
  after = m;
  if (stable) break;
}
const held = (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / 1e6;
const rss = Number(/VmHWM:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
console.log(`| ${variant} | ${n.toLocaleString("en-US")} | ${distinct.toLocaleString("en-US")} | ${ms.toFixed(0)} | ${held.toFixed(1)} | ${rss.toFixed(0)} |`);
if (keep.length < 0) console.log(keep, buf); // (keeps both alive until after the measure: the file buffer is in `before` too)
