#!/usr/bin/env node
// Generates the data of samples/product-launch/data/ (Kestrel Audio launches the "Aurora One"
// smart speaker on 2 March 2026, in its own stores and online):
//
//   launch-survey.csv   one row per buyer or would-be buyer: how likely they are to recommend
//                       Kestrel, and a 0–10 rating of each touchpoint of the launch
//   events.csv          the click-and-collect log: campaign click, reservation, ready for pickup,
//                       purchase
//
// The story (samples/product-launch/README.md): the product, the campaign and the purchase itself
// score 9–10 from nearly everyone, but most customers met store staff who could not answer their
// questions (about 3 of 10) and found the product out of stock (about 1–2 of 10). The overall NPS
// looks fine; the drivers analysis shows that staff and availability are what move it.
//
// Deterministic: a seeded PRNG (mulberry32), no Math.random, no transcendental functions.
// Run `node scripts/gen-launch-data.mjs`, then `node scripts/check-launch-expectations.mjs`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "samples", "product-launch", "data");

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
let rand = mulberry32(20260302);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const chance = (p) => rand() < p;
/** About normal(0, 1): four uniforms, centred and scaled. */
const normal = () => (rand() + rand() + rand() + rand() - 2) * Math.sqrt(3);
const clamp10 = (x) => Math.max(0, Math.min(10, Math.round(x)));

const DAY = 86400000;
const LAUNCH = Date.UTC(2026, 2, 2); // 2 March 2026
const AS_OF_END = Date.UTC(2026, 4, 1); // end of 30 April
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms) => new Date(ms).toISOString().slice(0, 16).replace("T", "T");

// ---------------------------------------------------------------------------------------------
// The launch survey

const survey = [];
for (let i = 1; i <= 900; i++) {
  const day = LAUNCH + int(0, 59) * DAY;
  const channel = chance(0.8) ? "store" : "online";
  const innovation = clamp10(9.7 + 0.5 * normal());
  const marketing = clamp10(9.5 + 0.6 * normal());
  const purchase = clamp10(9.6 + 0.5 * normal());
  // Most customers met staff who had not been trained on the product yet; a few got real advice.
  const goodAdvice = chance(0.22);
  const staff = channel === "store" ? clamp10(goodAdvice ? 7.5 + 1.2 * normal() : 2.2 + 1.3 * normal()) : "";
  // Most found it out of stock, in the store or online; a few got one straight away.
  const inStock = chance(0.14);
  const availability = clamp10(inStock ? 8.8 + 1.0 * normal() : 0.9 + 0.9 * normal());
  const staffEffect = staff === "" ? 0 : 0.32 * (staff - 3.3);
  const latent =
    8.3 + staffEffect + 0.42 * (availability - 2) + 0.12 * (innovation - 9.7) + 0.08 * (marketing - 9.5) + 0.08 * (purchase - 9.6) + 1.0 * normal();
  survey.push({
    respondent: `K-${String(40000 + i)}`,
    answered_at: iso(day),
    channel,
    recommend: clamp10(latent),
    innovation,
    marketing,
    store_staff: staff,
    availability,
    purchase,
  });
}
survey.sort((a, b) => (a.answered_at < b.answered_at ? -1 : a.answered_at > b.answered_at ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// Click and collect: a campaign click, a reservation, the store's "ready for pickup" message,
// the purchase at pickup. Stock ran out in the first week; reservations waited for weeks.

rand = mulberry32(20260303);
const events = [];
for (let i = 1; i <= 700; i++) {
  const customer = `W-${String(10000 + i)}`;
  const click = LAUNCH - 7 * DAY + Math.floor(rand() * (AS_OF_END - LAUNCH)); // the campaign started a week early
  events.push({ customer_id: customer, event: "campaign_click", at: click });
  if (!chance(0.58)) continue;
  const reserve = click + int(5, 600) * 60000;
  events.push({ customer_id: customer, event: "reservation", at: reserve });
  // Ready for pickup within two weeks only while there was stock.
  const early = reserve < LAUNCH + 5 * DAY;
  const ready = chance(early ? 0.7 : 0.22) ? reserve + int(1, 10) * DAY : chance(0.5) ? reserve + int(20, 40) * DAY : null;
  if (ready === null || ready >= AS_OF_END) continue;
  events.push({ customer_id: customer, event: "ready_for_pickup", at: ready });
  if (!chance(0.86)) continue;
  const bought = ready + int(1, 72) * 3600000;
  if (bought < AS_OF_END) events.push({ customer_id: customer, event: "purchase", at: bought });
}
events.sort((a, b) => a.at - b.at || (a.customer_id < b.customer_id ? -1 : 1));

// ---------------------------------------------------------------------------------------------

function csv(rows, columns) {
  return [columns.join(","), ...rows.map((r) => columns.map((c) => String(r[c] ?? "")).join(","))].join("\n") + "\n";
}
mkdirSync(OUT, { recursive: true });
writeFileSync(
  join(OUT, "launch-survey.csv"),
  csv(survey, ["respondent", "answered_at", "channel", "recommend", "innovation", "marketing", "store_staff", "availability", "purchase"]),
);
writeFileSync(join(OUT, "events.csv"), csv(events.map((e) => ({ ...e, at: isoTime(e.at) })), ["customer_id", "event", "at"]));
console.log(`wrote ${survey.length} survey answers and ${events.length} events to ${OUT}`);
