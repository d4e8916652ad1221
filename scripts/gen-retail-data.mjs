#!/usr/bin/env node
// Generates the data of the sample workspace samples/retail/data/ (Northwind Home, an online
// home-goods retailer, January–June 2026):
//
//   customers.yaml   customer lifecycle export (id, joined_at, churned_at, segment)
//   orders.jsonl     one order per line (web and app shop, home delivery)
//   surveys.csv      post-interaction surveys (NPS, CSAT, effort) per touchpoint
//   tickets.csv      support desk tickets
//
// Deterministic: a seeded PRNG (mulberry32), integer day arithmetic in UTC, no Math.random, no
// transcendental functions, no dependencies. Run `node scripts/gen-retail-data.mjs` to rewrite the
// files, then `node scripts/check-retail-expectations.mjs` to recompute samples/retail/expected.json.
//
// The story the data tells (see samples/retail/README.md):
//   * delivery in the north region slips badly from April on (a carrier change), which drags down
//     on-time delivery, delivery satisfaction and the recent NPS;
//   * the support desk gets busier every month and its first response slips;
//   * returns are the weakest touchpoint; checkout and the stores do well.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "samples", "retail", "data");

// ---------------------------------------------------------------------------------------------
// Randomness and dates

function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Every data set has its own seed, so adding one never changes the others.
let rand = mulberry32(20260630);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const chance = (p) => rand() < p;
/** Picks a key of `weights` ({key: weight}) with probability proportional to its weight. */
function pick(weights) {
  const entries = Object.entries(weights);
  let total = 0;
  for (const [, w] of entries) total += w;
  let r = rand() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1][0];
}

const DAY = 86400000;
const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const iso = (d) => new Date(d * DAY).toISOString().slice(0, 10);
const monthOf = (d) => new Date(d * DAY).getUTCMonth() + 1;

const START = day("2026-01-01");
const AS_OF = day("2026-06-30");
const HALF_YEAR = AS_OF - START + 1; // 181 days

/** A day in Jan–Jun 2026; `growth` > 0 makes later days more likely (busier months). */
function dayInHalfYear(growth = 0) {
  for (;;) {
    const d = START + Math.floor(rand() * HALF_YEAR);
    if (rand() * (1 + growth) <= 1 + (growth * (d - START)) / HALF_YEAR) return d;
  }
}

/**
 * Europe/Berlin in 2026: CET (+01:00) until 29 March 01:00 UTC, CEST (+02:00) from then until
 * 25 October 01:00 UTC. Local times are written without an offset (the workspace zone applies).
 */
const DST_START = Date.UTC(2026, 2, 29, 1);
const DST_END = Date.UTC(2026, 9, 25, 1);
const berlinOffset = (utcMs) => (utcMs >= DST_START && utcMs < DST_END ? 2 : 1) * 3600000;
function berlinLocalToUtc(localMs) {
  const cet = localMs - 3600000;
  return berlinOffset(cet) === 3600000 ? cet : localMs - 7200000;
}
const isoLocal = (ms) => new Date(ms).toISOString().slice(0, 19);
/** The Berlin local time `minutes` of elapsed time after local day `d`, hh:mm:ss. */
function berlinLocalPlusMinutes(d, hh, mm, ss, minutes) {
  const local = d * DAY + ((hh * 60 + mm) * 60 + ss) * 1000;
  const utc = berlinLocalToUtc(local) + minutes * 60000;
  return isoLocal(utc + berlinOffset(utc));
}

// ---------------------------------------------------------------------------------------------
// Customers

const REGIONS = { north: 26, south: 27, east: 24, west: 23 };
const customers = [];
for (let i = 1; i <= 800; i++) {
  const segment = pick({ consumer: 70, trade: 18, vip: 12 });
  const region = pick(REGIONS);
  let joined;
  if (chance(0.72)) joined = day("2024-01-01") + int(0, day("2025-12-31") - day("2024-01-01"));
  else joined = dayInHalfYear(0.3);
  let churned = null;
  const loyal = segment === "vip" ? 0.5 : 1;
  if (joined < START && chance(0.1 * loyal)) churned = int(Math.max(joined + 30, day("2025-01-01")), START - 1);
  else if (chance(0.105 * loyal)) churned = int(Math.max(joined + 7, START), AS_OF);
  if (churned !== null && churned <= joined) churned = null;
  customers.push({ id: `C${String(1000 + i)}`, joined, churned, segment, region });
}
const activeOn = (c, d) => c.joined <= d && (c.churned === null || c.churned > d);
function customerActiveOn(d) {
  for (;;) {
    const c = customers[Math.floor(rand() * customers.length)];
    if (activeOn(c, d)) return c;
  }
}

// ---------------------------------------------------------------------------------------------
// Orders

/** Delivery time in days; the north region's new carrier is slow from April on. */
function deliveryDays(region, placed) {
  const q2 = placed >= day("2026-04-01");
  const late = region === "north" ? (q2 ? 0.31 : 0.09) : 0.035;
  return chance(late) ? int(4, 8) : pick({ 1: 15, 2: 45, 3: 40 }) * 1;
}

const orders = [];
for (let i = 1; i <= 2400; i++) {
  const placed = dayInHalfYear(0.25);
  const c = customerActiveOn(placed);
  const channel = pick({ web: 62, app: 38 });
  const base = { consumer: [20, 160], trade: [90, 520], vip: [60, 380] }[c.segment];
  // a bell-shaped amount (sum of three uniforms), with the odd big-ticket sofa
  let amount = base[0] + ((rand() + rand() + rand()) / 3) * (base[1] - base[0]) * 1.6;
  if (chance(0.04)) amount += int(400, 1400);
  amount = Math.round(amount * 100) / 100;
  const promised = placed + 3;
  const deliveredOn = placed + deliveryDays(c.region, placed);
  let status = pick({ delivered: 869, returned: 60, refunded: 41, cancelled: 30 });
  let delivered = deliveredOn;
  if (status === "cancelled") delivered = null;
  else if (status === "refunded" && chance(0.4)) delivered = null; // lost in transit, refunded
  if (delivered !== null && delivered > AS_OF) {
    status = "shipped"; // still on its way on the as-of date
    delivered = null;
  }
  orders.push({
    order_id: `NW-${String(240000 + i)}`,
    customer: c.id,
    channel,
    region: c.region,
    status,
    amount,
    placed_at: iso(placed),
    promised_at: iso(promised),
    delivered_at: delivered === null ? null : iso(delivered),
  });
}
orders.sort((a, b) => (a.placed_at < b.placed_at ? -1 : a.placed_at > b.placed_at ? 1 : a.order_id < b.order_id ? -1 : 1));

// ---------------------------------------------------------------------------------------------
// Surveys

/** [promoter share, detractor share] by touchpoint and context. */
function npsMix(touchpoint, region, channel, d) {
  const q2 = d >= day("2026-04-01");
  let mix;
  switch (touchpoint) {
    case "product_page": mix = [0.5, 0.16]; break;
    case "checkout": mix = [0.58, 0.11]; break;
    case "store": mix = [0.7, 0.06]; break;
    case "returns": mix = [0.34, 0.33]; break;
    case "delivery":
      mix = region === "north" ? (q2 ? [0.18, 0.56] : [0.46, 0.19]) : q2 ? [0.5, 0.16] : [0.55, 0.13];
      break;
  }
  if (channel === "app") mix = [mix[0] + 0.03, mix[1] - 0.02];
  return mix;
}

const SATISFIED = {
  promoter: { 5: 58, 4: 38, 3: 4 },
  passive: { 5: 18, 4: 55, 3: 23, 2: 4 },
  detractor: { 4: 14, 3: 30, 2: 31, 1: 25 },
};
const EFFORT = {
  promoter: { 7: 40, 6: 40, 5: 15, 4: 5 },
  passive: { 7: 12, 6: 38, 5: 30, 4: 15, 3: 5 },
  detractor: { 6: 10, 5: 20, 4: 25, 3: 25, 2: 12, 1: 8 },
};

/** Free-text comments, at most one of each, on a matching answer (touchpoint and kind). */
const COMMENTS = {
  "delivery/detractor": "Lovely sofa, but the courier came two days late, and nobody called",
  "checkout/promoter": "Checkout was quick, paid with the app in a minute",
  "store/passive": 'Staff said the "Oslo" lamp was back in stock, it was not',
  "returns/detractor": "Return label did not print, had to call support, twice",
  "product_page/promoter": "Great photos, clear sizes, fair prices",
  "delivery/passive": "Parcel left at the neighbour's, again",
};
const commented = new Set();

const surveys = [];
for (let i = 1; i <= 3400; i++) {
  const d = dayInHalfYear(0.2);
  const c = customerActiveOn(d);
  const touchpoint = pick({ product_page: 24, checkout: 24, delivery: 26, returns: 10, store: 16 });
  const channel = touchpoint === "store" ? "store" : pick({ web: 60, app: 40 });
  const [pp, pd] = npsMix(touchpoint, c.region, channel, d);
  const r = rand();
  const kind = r < pp ? "promoter" : r < pp + pd ? "detractor" : "passive";
  let recommend =
    kind === "promoter" ? pick({ 9: 45, 10: 55 }) : kind === "passive" ? pick({ 7: 45, 8: 55 }) : pick({ 0: 3, 1: 2, 2: 4, 3: 8, 4: 12, 5: 31, 6: 40 });
  let satisfied = pick(SATISFIED[kind]);
  let effort = touchpoint === "checkout" || touchpoint === "returns" ? pick(EFFORT[kind]) : "";
  if (touchpoint === "returns" && effort !== "" && effort > 1 && chance(0.3)) effort -= 1; // returns are hard work
  if (chance(0.03)) recommend = ""; // skipped the question
  if (chance(0.02)) satisfied = "";
  if (effort !== "" && chance(0.04)) effort = "";
  let comment = "";
  const key = `${touchpoint}/${kind}`;
  if (COMMENTS[key] && !commented.has(key) && d > START + 20 && chance(0.02)) {
    comment = COMMENTS[key];
    commented.add(key);
  }
  surveys.push({
    respondent: c.id,
    touchpoint,
    channel,
    region: c.region,
    recommend,
    satisfied,
    effort,
    answered_at: iso(d),
    comment,
  });
}
surveys.sort((a, b) => (a.answered_at < b.answered_at ? -1 : a.answered_at > b.answered_at ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// Support tickets

/** Typical first-response minutes by month: the desk slips as volume grows. */
const RESPONSE_BY_MONTH = { 1: 62, 2: 70, 3: 80, 4: 96, 5: 118, 6: 150 };
const tickets = [];
for (let i = 1; i <= 1500; i++) {
  const d = dayInHalfYear(0.6);
  const c = customerActiveOn(d);
  const channel = pick({ email: 50, chat: 32, phone: 18 });
  const typical = RESPONSE_BY_MONTH[monthOf(d)] * { email: 1.7, chat: 0.45, phone: 0.3 }[channel];
  const u = rand();
  const minutes = Math.max(1, Math.round(typical * (0.3 + 1.7 * u * Math.sqrt(u))));
  const resolved = chance(0.9);
  const reopened = resolved && chance(0.065);
  let satisfied = "";
  if (chance(0.45)) {
    satisfied = resolved && !reopened ? pick({ 5: 50, 4: 38, 3: 8, 2: 2, 1: 2 }) : pick({ 5: 8, 4: 22, 3: 30, 2: 22, 1: 18 });
    if (minutes > 300) satisfied = Math.max(1, satisfied - 1);
  }
  const hh = int(8, 15);
  const mm = int(0, 59);
  const ss = int(0, 59);
  const p2 = (n) => String(n).padStart(2, "0");
  tickets.push({
    ticket_id: `T-${String(50000 + i)}`,
    customer: c.id,
    channel,
    opened_at: `${iso(d)}T${p2(hh)}:${p2(mm)}:${p2(ss)}`,
    first_response_minutes: minutes,
    // The helpdesk's own time stamp of the first answer (Berlin local time, like opened_at).
    first_reply_at: berlinLocalPlusMinutes(d, hh, mm, ss, minutes),
    resolved,
    reopened,
    satisfied,
  });
}
tickets.sort((a, b) => (a.opened_at < b.opened_at ? -1 : a.opened_at > b.opened_at ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// Showroom visit survey (version 2): the survey tool's export as it comes — question texts as
// headers, answer labels, `;`, CRLF, Windows-1252 (store names with umlauts), local times.
//
// Story: München reopened after a refit at the end of March and its NPS jumps (a significant
// change); Köln lost two experienced advisers in March and slips (a drop too small to be told
// from noise with ~150 answers a quarter), and misses the every-showroom target.

rand = mulberry32(20260701);
const SHOWROOMS = { Berlin: 20, Hamburg: 18, "München": 20, "Köln": 15, "Düsseldorf": 13, "Nürnberg": 14 };
function showroomMix(store, d) {
  const q2 = d >= day("2026-04-01");
  switch (store) {
    case "Berlin": return [0.55, 0.12];
    case "Hamburg": return [0.5, 0.14];
    case "München": return q2 ? [0.62, 0.08] : [0.38, 0.24];
    case "Köln": return q2 ? [0.36, 0.22] : [0.4, 0.2];
    case "Düsseldorf": return [0.44, 0.15];
    default: return [0.52, 0.12];
  }
}
const SATISFACTION_LABELS = ["", "Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"];
const SHOWROOM_COMMENTS = [
  "Sehr gute Beratung, das Sofa \"Malmö\" war leider nicht vorrätig",
  "Staff knew every fabric; delivery date was clear",
  "Nobody could tell me when the Oslo lamp is back; waited 20 minutes",
  "Tolle Ausstellung nach dem Umbau, Kaffee gratis",
  "Preis 1.299 € für den Esstisch ist fair",
  "Zu wenig Personal am Samstag; niemand hatte Zeit",
  "Fußweg vom Parkhaus ausgeschildert? Leider nein",
];
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const showroomVisits = [];
for (let i = 1; i <= 2100; i++) {
  const d = dayInHalfYear(0.1);
  const store = pick(SHOWROOMS);
  const [pp, pd] = showroomMix(store, d);
  const r = rand();
  const kind = r < pp ? "promoter" : r < pp + pd ? "detractor" : "passive";
  const recommend =
    kind === "promoter" ? pick({ 9: 45, 10: 55 }) : kind === "passive" ? pick({ 7: 45, 8: 55 }) : pick({ 0: 3, 1: 2, 2: 4, 3: 8, 4: 12, 5: 31, 6: 40 });
  const satisfied = Number(pick(SATISFIED[kind]));
  let foundP = { promoter: 0.93, passive: 0.8, detractor: 0.55 }[kind];
  if (store === "Köln" && d >= day("2026-04-01")) foundP -= 0.15;
  const found = chance(foundP);
  let id = "R_";
  for (let k = 0; k < 15; k++) id += base62[Math.floor(rand() * 62)];
  const p2 = (n) => String(n).padStart(2, "0");
  const recorded = `${iso(d)} ${p2(int(10, 19))}:${p2(int(0, 59))}:${p2(int(0, 59))}`;
  let q1 = recommend === 0 ? "0 - Not at all likely" : recommend === 10 ? "10 - Extremely likely" : String(recommend);
  let q2 = SATISFACTION_LABELS[satisfied];
  if (chance(0.01)) q2 = ` ${q2.toLowerCase()} `; // the odd hand-edited cell: case and spaces are ignored
  let q4 = found ? "Yes" : "No";
  if (chance(0.02)) q1 = ""; // skipped questions
  if (chance(0.03)) q2 = "";
  if (chance(0.04)) q4 = "";
  const comment = chance(0.012) ? SHOWROOM_COMMENTS[int(0, SHOWROOM_COMMENTS.length - 1)] : "";
  showroomVisits.push({
    ResponseId: id,
    RecordedDate: recorded,
    Progress: 100,
    UserLanguage: chance(0.8) ? "DE" : "EN",
    "Q1 - Which showroom did you visit?": store,
    "Q2 - How likely are you to recommend Northwind Home to a friend or colleague? (0-10)": q1,
    "Q3 - Overall, how satisfied were you with your visit today?": q2,
    "Q4 - Did you find what you were looking for?": q4,
    "Q5 - Anything else you would like to tell us?": comment,
  });
}
showroomVisits.sort((a, b) => (a.RecordedDate < b.RecordedDate ? -1 : a.RecordedDate > b.RecordedDate ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// Relationship survey (version 2): in May 2026, 1,200 customers rated each touchpoint (0–10; blank:
// did not use it) and said how likely they are to recommend Northwind Home. The drivers analysis
// finds that delivery (weak in the north) and returns move recommendation most.

rand = mulberry32(20260702);
/** About normal(0, 1): the sum of four uniforms, centred and scaled (no transcendental functions). */
const normal = () => (rand() + rand() + rand() + rand() - 2) * Math.sqrt(3);
const clamp10 = (x) => Math.max(0, Math.min(10, Math.round(x)));
const relationship = [];
for (let i = 1; i <= 1200; i++) {
  const d = day("2026-05-04") + int(0, 27);
  const c = customerActiveOn(d);
  const halo = normal(); // how the customer feels about Northwind Home in general
  const mean = { product_pages: 8.2, checkout: 8.5, delivery: c.region === "north" ? 5.0 : 7.5, returns: 6.0, support: 6.9 };
  const rating = {};
  for (const [k, m] of Object.entries(mean)) rating[k] = clamp10(m + 1.1 * halo + 1.3 * normal());
  const latent =
    8.3 +
    0.05 * (rating.product_pages - 8.2) +
    0.15 * (rating.checkout - 8.5) +
    0.55 * (rating.delivery - 7) +
    0.3 * (rating.returns - 6) +
    0.2 * (rating.support - 6.9) +
    0.9 * normal();
  const row = {
    respondent: c.id,
    answered_at: iso(d),
    region: c.region,
    segment: c.segment,
    recommend: clamp10(latent),
    rate_product_pages: rating.product_pages,
    rate_checkout: rating.checkout,
    rate_delivery: rating.delivery,
    rate_returns: rating.returns,
    rate_support: rating.support,
  };
  if (chance(0.2)) row.rate_returns = ""; // never returned anything
  if (chance(0.15)) row.rate_support = ""; // never contacted customer care
  for (const k of ["rate_product_pages", "rate_checkout", "rate_delivery"]) if (chance(0.02)) row[k] = "";
  if (chance(0.01)) row.recommend = "";
  relationship.push(row);
}
relationship.sort((a, b) => (a.answered_at < b.answered_at ? -1 : a.answered_at > b.answered_at ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// Web analytics events (version 2): the shop's event log, instants in UTC ("Z"), exported at
// midnight Berlin time on 30 June (22:00 UTC). Anonymous visitors; the funnel follows each one from
// a product view through the cart and the checkout to the order.

rand = mulberry32(20260703);
const EXPORT_END = Date.UTC(2026, 5, 30, 22); // 2026-07-01 00:00 in Berlin
const FIRST = Date.UTC(2026, 2, 15);
const MINUTE = 60000;
const events = [];
const isoUtc = (ms) => new Date(ms).toISOString().slice(0, 19) + "Z";
for (let i = 1; i <= 2000; i++) {
  const visitor = `v${10000 + i}`;
  const device = pick({ web: 60, app: 40 });
  const t0 = FIRST + Math.floor(rand() * (EXPORT_END - FIRST));
  const add = (event, t) => events.push({ visitor_id: visitor, event, at: t, device });
  add("product_view", t0);
  if (chance(0.5)) add("product_view", t0 + int(1, 180) * MINUTE);
  if (chance(0.2)) add("product_view", t0 + int(1, 3) * DAY + int(0, 600) * MINUTE);
  if (chance(0.1)) add("product_view", t0 - int(10, 30) * DAY); // an earlier visit
  if (chance(0.03)) add("checkout_start", t0 - int(1, 3) * DAY); // a saved cart, before this visit
  if (!chance(device === "app" ? 0.42 : 0.36)) continue;
  const cart = t0 + int(2, 90) * MINUTE;
  add("add_to_cart", cart);
  if (!chance(0.62)) continue;
  const checkout = cart + int(1, 30) * MINUTE;
  add("checkout_start", checkout);
  if (!chance(device === "app" ? 0.8 : 0.66)) continue;
  // Most order at once; a few come back more than a week later (outside the funnel's 7 days).
  add("order_placed", chance(0.07) ? checkout + int(8, 12) * DAY : checkout + int(2, 20) * MINUTE);
}
const eventRows = events
  .filter((e) => e.at < EXPORT_END)
  .sort((a, b) => a.at - b.at || (a.visitor_id < b.visitor_id ? -1 : a.visitor_id > b.visitor_id ? 1 : 0))
  .map((e) => ({ ...e, at: isoUtc(e.at) }));

// ---------------------------------------------------------------------------------------------
// Writing

function csvField(v, delimiter = ",") {
  const s = v === null || v === undefined ? "" : String(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
function csv(rows, columns, delimiter = ",", eol = "\n") {
  const lines = [columns.map((c) => csvField(c, delimiter)).join(delimiter)];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c], delimiter)).join(delimiter));
  return lines.join(eol) + eol;
}
/** Windows-1252: ASCII and U+00A0–U+00FF as themselves, and the euro sign; nothing else occurs here. */
function windows1252(text) {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) bytes[i] = c;
    else if (c === 0x20ac) bytes[i] = 0x80;
    else throw new Error(`no Windows-1252 byte for U+${c.toString(16)}`);
  }
  return bytes;
}

mkdirSync(OUT, { recursive: true });

writeFileSync(
  join(OUT, "customers.yaml"),
  "# Northwind Home customer lifecycle export (CRM), one mapping per customer.\n" +
    "# churned_at: the day the customer closed the account or lapsed (null: still active).\n" +
    customers
      .map((c) => `- { id: ${c.id}, joined_at: ${iso(c.joined)}, churned_at: ${c.churned === null ? "null" : iso(c.churned)}, segment: ${c.segment} }`)
      .join("\n") +
    "\n",
);
writeFileSync(join(OUT, "orders.jsonl"), orders.map((o) => JSON.stringify(o)).join("\n") + "\n");
writeFileSync(
  join(OUT, "surveys.csv"),
  csv(surveys, ["respondent", "touchpoint", "channel", "region", "recommend", "satisfied", "effort", "answered_at", "comment"]),
);
writeFileSync(
  join(OUT, "tickets.csv"),
  csv(tickets, ["ticket_id", "customer", "channel", "opened_at", "first_response_minutes", "first_reply_at", "resolved", "reopened", "satisfied"]),
);
mkdirSync(join(OUT, "exports"), { recursive: true });
writeFileSync(
  join(OUT, "exports", "showroom-visits-2026-h1.csv"),
  windows1252(csv(showroomVisits, Object.keys(showroomVisits[0]), ";", "\r\n")),
);
writeFileSync(
  join(OUT, "relationship-2026-05.csv"),
  csv(relationship, ["respondent", "answered_at", "region", "segment", "recommend", "rate_product_pages", "rate_checkout", "rate_delivery", "rate_returns", "rate_support"]),
);
writeFileSync(join(OUT, "events.csv"), csv(eventRows, ["visitor_id", "event", "at", "device"]));
console.log(
  `wrote ${customers.length} customers, ${orders.length} orders, ${surveys.length} surveys, ${tickets.length} tickets, ` +
    `${showroomVisits.length} showroom visits, ${relationship.length} relationship answers, ${eventRows.length} events to ${OUT}`,
);
