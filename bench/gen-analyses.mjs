// Deterministic data for the funnel, cohort and drivers benchmarks (seeded PRNG, no Math.random).
//
//   node bench/gen-analyses.mjs events N OUT.csv        N events of N/10 customers (funnel)
//   node bench/gen-analyses.mjs orders N OUT.csv        orders of N customers (activity cohort)
//   node bench/gen-analyses.mjs subscriptions N OUT.csv N subscriptions (subscription cohort)
//   node bench/gen-analyses.mjs answers N OUT.csv       N relationship-survey answers (drivers)
//
// events:        customer_id, event, at (datetime, 2024, unsorted), device
// orders:        customer, placed_at (datetime), amount — 1 to 8 orders per customer
// subscriptions: customer_id, plan, signup_date, cancel_date (empty: still a customer)
// answers:       respondent, region, recommend, delivery_sat, support_sat, checkout_sat, app_sat
//                (0–10, correlated, about 2 % empty), answered_at (date)
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

/** mulberry32 */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86400000;
const Y2023 = Date.UTC(2023, 0, 1);
const Y2024 = Date.UTC(2024, 0, 1);
const iso = (ms) => new Date(ms).toISOString().slice(0, 19) + "Z";
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const id = (prefix, i, w) => `${prefix}${String(i).padStart(w, "0")}`;
const clamp = (x) => Math.max(0, Math.min(10, Math.round(x)));

export const HEADERS = {
  events: "customer_id,event,at,device",
  orders: "customer,placed_at,amount",
  subscriptions: "customer_id,plan,signup_date,cancel_date",
  answers: "respondent,region,recommend,delivery_sat,support_sat,checkout_sat,app_sat,answered_at",
};

/** Lines (without the header) of a data set. */
export function* lines(kind, n, seed = 20240101) {
  const r = prng(seed);
  if (kind === "events") {
    // Each event: a random customer, an event type that a funnel would follow (views are
    // commonest), a random instant of 2024: unsorted, as exports often are.
    const customers = Math.max(1, Math.floor(n / 10));
    const EVENTS = ["product_view", "product_view", "product_view", "product_view", "add_to_cart", "add_to_cart", "checkout_start", "order_placed", "express_checkout", "search"];
    for (let i = 0; i < n; i++) {
      yield `${id("C", 1 + Math.floor(r() * customers), 7)},${EVENTS[Math.floor(r() * EVENTS.length)]},${iso(Y2024 + Math.floor(r() * 366 * 1440) * 60000)},${r() < 0.4 ? "app" : "web"}`;
    }
  } else if (kind === "orders") {
    for (let c = 1; c <= n; c++) {
      const first = Y2023 + Math.floor(r() * 700 * 1440) * 60000;
      const orders = 1 + Math.floor(r() * r() * 8);
      for (let k = 0; k < orders; k++) {
        const at = k === 0 ? first : first + Math.floor(r() * 300 * 1440) * 60000;
        yield `${id("K", c, 6)},${iso(at)},${(10 + r() * 190).toFixed(2)}`;
      }
    }
  } else if (kind === "subscriptions") {
    for (let c = 1; c <= n; c++) {
      const start = Y2023 + Math.floor(r() * 700) * DAY;
      const end = r() < 0.4 ? "" : isoDay(start + Math.floor(1 + r() * 400) * DAY);
      yield `${id("S", c, 6)},${r() < 0.7 ? "basic" : "pro"},${isoDay(start)},${end}`;
    }
  } else {
    const REGIONS = ["EU", "NA", "APAC", "LATAM"];
    for (let i = 1; i <= n; i++) {
      const d = 2 + r() * 8;
      const s = 1 + r() * 9;
      const c = 3 + r() * 7;
      const a = r() * 10;
      const y = clamp(0.45 * d + 0.3 * s + 0.15 * c + 0.05 * a + (r() - 0.5) * 4);
      const cell = (x) => (r() < 0.02 ? "" : String(clamp(x)));
      yield `${id("N", i, 7)},${REGIONS[Math.floor(r() * 4)]},${r() < 0.01 ? "" : y},${cell(d)},${cell(s)},${cell(c)},${cell(a)},${isoDay(Y2024 + Math.floor(r() * 366) * DAY)}`;
    }
  }
}

export async function generateAnalyses(kind, n, path) {
  const out = createWriteStream(path);
  let buf = HEADERS[kind] + "\n";
  for (const line of lines(kind, n)) {
    buf += line + "\n";
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((resolve) => out.once("drain", resolve));
      buf = "";
    }
  }
  out.write(buf);
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [kind, n, path] = process.argv.slice(2);
  if (!HEADERS[kind] || !n || !path) {
    console.error("usage: node bench/gen-analyses.mjs events|orders|subscriptions|answers N OUT.csv");
    process.exit(2);
  }
  await generateAnalyses(kind, Number(n), path);
}
