// Deterministic survey data for benchmarks (seeded PRNG, no Math.random).
//
//   node bench/gen-data.mjs ROWS OUT.csv [--quoted]     CSV, every field quoted with --quoted
//   node bench/gen-data.mjs ROWS OUT.jsonl              JSONL (by the extension)
//   node bench/gen-data.mjs ROWS OUT.csv --ids          + customer_id (the high-cardinality workload)
//
// Columns: respondent_id, touchpoint, channel, region, product, segment, recommend (0–10),
// satisfied (1–5), effort (1–7), handle_time (seconds, decimal), resolved (true/false),
// answered_at (YYYY-MM-DD), contacted_at (the contact the survey asks about: an instant 0–3 days
// before the answer's day, YYYY-MM-DDTHH:MM:SSZ). With `ids`, a 14th column customer_id: one of
// ROWS / 5 customers (about 0.99 × ROWS / 5 distinct ones), drawn from a second seeded PRNG so the
// other columns are the same as without it, written as `cus_` + 7 base-36 digits of a 32-bit
// bijective mix of the customer number (unique, not sorted).
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

export const COLUMNS = [
  "respondent_id", "touchpoint", "channel", "region", "product", "segment",
  "recommend", "satisfied", "effort", "handle_time", "resolved", "answered_at", "contacted_at",
];
const TOUCHPOINTS = ["checkout", "delivery", "support", "returns", "onboarding", "billing", "search", "app_store"];
const CHANNELS = ["web", "app", "phone", "store", "email", "chat"];
const REGIONS = ["North", "South", "East", "West", "Central", "Zürich"];
const PRODUCTS = Array.from({ length: 40 }, (_, i) => `P-${String(i + 1).padStart(3, "0")}`);
const SEGMENTS = ["consumer", "small business", "enterprise"];

/** mulberry32 */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY0 = Date.UTC(2024, 0, 1) / 86400000;
function isoDay(days) {
  return new Date((DAY0 + days) * 86400000).toISOString().slice(0, 10);
}
const DAYS = Array.from({ length: 366 }, (_, i) => isoDay(i)); // one string per day, not per row
const CONTACT_DAYS = Array.from({ length: 369 }, (_, i) => isoDay(i - 3)); // 2023-12-29 …
const pad2 = (n) => (n < 10 ? "0" : "") + n;

/** Row i as an array of field strings. */
export function* rows(n, seed = 20240101) {
  const r = prng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  let day = 0;
  for (let i = 0; i < n; i++) {
    yield [
      `R${String(i + 1).padStart(7, "0")}`,
      pick(TOUCHPOINTS),
      pick(CHANNELS),
      pick(REGIONS),
      pick(PRODUCTS),
      pick(SEGMENTS),
      String(Math.min(10, Math.floor(r() * 11.5))),
      String(1 + Math.floor(r() * 5)),
      String(1 + Math.floor(r() * 7)),
      (Math.floor(r() * 60000) / 10).toFixed(1),
      r() < 0.72 ? "true" : "false",
      DAYS[(day = Math.floor(r() * 366))],
      `${CONTACT_DAYS[day + 3 - Math.floor(r() * 4)]}T${pad2(Math.floor(r() * 24))}:${pad2(Math.floor(r() * 60))}:${pad2(Math.floor(r() * 60))}Z`,
    ];
  }
}

/** The id of customer c (distinct for distinct c < 2^32). */
export function customerId(c) {
  const h = Math.imul((c ^ 0x5bd1e995) >>> 0, 0x85ebca6b) >>> 0; // odd multiplier: a bijection
  return `cus_${h.toString(36).padStart(7, "0")}`;
}

async function write(out, text) {
  if (!out.write(text)) await new Promise((resolve) => out.once("drain", resolve));
}

/** Writes N rows to `path` as CSV (optionally fully quoted) or JSONL (by extension). */
export async function generate(n, path, { quoted = false, ids = false } = {}) {
  const out = createWriteStream(path);
  const jsonl = /\.jsonl$/i.test(path);
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  const columns = ids ? [...COLUMNS, "customer_id"] : COLUMNS;
  const customers = Math.max(1, Math.round(n / 5));
  const rc = prng(77);
  let buf = jsonl ? "" : (quoted ? columns.map(q) : columns).join(",") + "\n";
  for (const row of rows(n)) {
    if (ids) row.push(customerId(Math.floor(rc() * customers)));
    if (jsonl) {
      buf += "{";
      for (let k = 0; k < columns.length; k++) {
        const v = row[k];
        const numeric = k >= 6 && k <= 9;
        buf += `${k ? "," : ""}"${columns[k]}":${numeric || k === 10 ? v : JSON.stringify(v)}`;
      }
      buf += "}\n";
    } else buf += (quoted ? row.map(q) : row).join(",") + "\n";
    if (buf.length > 1 << 20) {
      await write(out, buf);
      buf = "";
    }
  }
  await write(out, buf);
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, path] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (!n || !path) {
    console.error("usage: node bench/gen-data.mjs ROWS OUT.(csv|jsonl) [--quoted] [--ids]");
    process.exit(2);
  }
  await generate(Number(n), path, { quoted: process.argv.includes("--quoted"), ids: process.argv.includes("--ids") });
}
