// Funnels, cohorts and drivers of the version-2 conformance cases, as hand-made plans (mirroring
// each case's main.cx) run on DuckDB (reading the files) and PostgreSQL (the files loaded into a
// table by the native reader): the executors' outputs equal the counts, means and correlations of
// the cases' expected reports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SourcePlan } from "../../server/src/core/plan/plan";
import type { SqlClient } from "../../server/src/core/engines/sql/client";
import { runSql } from "../../server/src/core/engines/sql/execute";
import { dialectFor } from "../../server/src/core/engines/sql/dialects";
import { periodLabel } from "../../server/src/core/eval/periods";
import { parseDate } from "../../server/src/core/data/convert";
import { NodeHost } from "../../server/src/node/host";
import { readNativeTable } from "../../server/src/node/engines";
import { openDuckDb } from "../../server/src/node/engines/duckdb";
import { and, cmp, col, csv, fn, inList, jsonl, plan, txt } from "./builder";
import { tryPostgres } from "./engines";

const cases = join(__dirname, "../../../shared/conformance/cases-v2");
const expected = (name: string) => JSON.parse(readFileSync(join(cases, name, "case.json"), "utf8"));
const AS_OF = parseDate("2026-06-30")!;
const DAY = 86400000;

let duck: SqlClient;
let pg: SqlClient | undefined;
const host = new NodeHost();

beforeAll(async () => {
  duck = await openDuckDb();
  pg = await tryPostgres();
});
afterAll(async () => {
  await duck.close();
  await pg?.close();
});

/** Runs a plan on DuckDB (its files) and, when PostgreSQL is up, on a PostgreSQL table loaded from them. */
async function onEngines(p: SourcePlan, check: (o: Awaited<ReturnType<typeof run>>, engine: string) => void): Promise<void> {
  check(await run(p, duck), "duckdb");
  if (pg) {
    const table = await readNativeTable(p, host, "UTC");
    const name = `cx_conf_${p.source}`;
    await pg.load!(name, [...table!.columns].map(([k, c]) => ({ ...c, name: k })), table!.rowCount);
    check(await run({ ...p, access: { kind: "table", connection: "test", table: name } }, pg), "postgres");
  }
}

async function run(p: SourcePlan, client: SqlClient) {
  const r = await runSql(p, dialectFor(client.dialect), client, { zone: "UTC" });
  if (!r.ok) throw new Error(r.message);
  return r.output;
}

describe("funnels (v2-funnel)", () => {
  const dir = join(cases, "v2-funnel");
  const exp = expected("v2-funnel").funnels;
  const event = col("event", "text");
  const steps = [
    cmp("==", event, txt("product_view")),
    cmp("==", event, txt("add_to_cart")),
    inList(event, ["checkout_start", "express_checkout"]),
    inList(event, ["order_placed", "express_checkout"]),
  ];
  const handFirst = and(cmp("==", event, txt("product_view")), fn("starts_with", "boolean", col("customer_id", "text"), txt("H")));
  const last30 = { lo: AS_OF - 30, hi: AS_OF };
  const p = plan({
    source: "events",
    access: csv([join(dir, "data/events.csv")]),
    columns: { event_id: "text", customer_id: "text", event: "text", at: "datetime", device: "text" },
    timestamp: { name: "at", type: "datetime" },
    funnels: [
      { key: "purchase", name: "purchase", customer: "customer_id", steps, withinMs: 7 * DAY },
      { key: "purchase_last_30_days", name: "purchase_last_30_days", customer: "customer_id", steps, withinMs: 7 * DAY, window: last30 },
      { key: "view_to_order", name: "view_to_order", customer: "customer_id", steps: [steps[0], cmp("==", event, txt("order_placed"))] },
      {
        key: "quick_app_cart",
        name: "quick_app_cart",
        customer: "customer_id",
        steps: [and(steps[0], cmp("==", col("device", "text"), txt("app"))), steps[1]],
        withinMs: 30 * 60000,
      },
      { key: "handpicked", name: "handpicked", customer: "customer_id", steps: [handFirst, ...steps.slice(1)], withinMs: 7 * DAY },
      { key: "handpicked_30_days", name: "handpicked_30_days", customer: "customer_id", steps: [handFirst, ...steps.slice(1)], withinMs: 7 * DAY, window: last30 },
    ],
  });
  it("customers reaching each step equal the expected report", async () => {
    await onEngines(p, (o, engine) => {
      for (const f of p.funnels) {
        const want = exp[f.key].steps.map((s: { customers: number }) => s.customers);
        expect(o.funnel(f.key).customers, `${engine} ${f.key}`).toEqual(want);
      }
    });
  });
});

type Ages = { cohort: string; customers: number; ages: { age: number; observed: number; retained: number }[] }[];

function cohortRows(o: ReturnType<Awaited<ReturnType<typeof run>>["cohort"]>, period: "week" | "month" | "quarter"): Ages {
  return [...o.cohorts]
    .sort((a, b) => a.code - b.code)
    .map((c) => ({ cohort: periodLabel(c.code, period), customers: c.customers, ages: c.observed.map((obs, age) => ({ age, observed: obs, retained: c.retained[age] })) }));
}

describe("cohorts", () => {
  it("activity mode (v2-cohort-activity) equals the expected cohorts", async () => {
    const dir = join(cases, "v2-cohort-activity");
    const exp = expected("v2-cohort-activity").cohorts;
    const orders = plan({
      source: "orders",
      access: jsonl([join(dir, "data/orders.jsonl")]),
      columns: { order_id: "text", customer: "text", placed_at: "datetime", amount: "number" },
      timestamp: { name: "placed_at", type: "datetime" },
      cohorts: [
        { key: "repeat_buyers", name: "repeat_buyers", customer: "customer", mode: "activity", period: "month", periods: 4, asOf: AS_OF },
        { key: "weekly_repeat", name: "weekly_repeat", customer: "customer", mode: "activity", period: "week", periods: 6, asOf: AS_OF },
        { key: "quarterly_repeat", name: "quarterly_repeat", customer: "customer", mode: "activity", period: "quarter", periods: 2, asOf: AS_OF },
      ],
    });
    const pilot = plan({
      source: "pilot_orders",
      access: csv([join(dir, "data/pilot_orders.csv")]),
      columns: { customer: "text", ordered_on: "date" },
      timestamp: { name: "ordered_on", type: "date" },
      cohorts: [{ key: "pilot_repeat", name: "pilot_repeat", customer: "customer", mode: "activity", period: "month", periods: 3, asOf: AS_OF }],
    });
    for (const p of [orders, pilot]) {
      await onEngines(p, (o, engine) => {
        for (const c of p.cohorts) expect(cohortRows(o.cohort(c.key), c.period), `${engine} ${c.key}`).toEqual(exp[c.key].cohorts);
      });
    }
  });

  it("subscription mode (v2-cohort-subscription) equals the expected cohorts", async () => {
    const dir = join(cases, "v2-cohort-subscription");
    const exp = expected("v2-cohort-subscription").cohorts;
    const columns = { customer_id: "text", plan: "text", signup_date: "date", cancel_date: "date" } as const;
    const sub = (key: string, period: "week" | "month" | "quarter", periods: number, window?: { lo: number; hi: number }) => ({
      key,
      name: key,
      customer: "customer_id",
      mode: "subscription" as const,
      start: "signup_date",
      end: "cancel_date",
      period,
      periods,
      asOf: AS_OF,
      window,
    });
    const subs = plan({
      source: "subscriptions",
      access: csv([join(dir, "data/subscriptions.csv")]),
      columns,
      cohorts: [sub("monthly_retention", "month", 6), sub("quarterly_retention", "quarter", 2), sub("weekly_recent", "week", 8, { lo: AS_OF - 84, hi: AS_OF })],
    });
    const pilot = plan({ source: "pilot", access: csv([join(dir, "data/pilot.csv")]), columns, cohorts: [sub("pilot_retention", "month", 3)] });
    for (const p of [subs, pilot]) {
      await onEngines(p, (o, engine) => {
        for (const c of p.cohorts) expect(cohortRows(o.cohort(c.key), c.period), `${engine} ${c.key}`).toEqual(exp[c.key].cohorts);
      });
    }
  });
});

describe("drivers (v2-drivers)", () => {
  it("complete cases, means and correlations with the outcome equal the expected report", async () => {
    const dir = join(cases, "v2-drivers");
    const exp = expected("v2-drivers").drivers;
    const cols = ["recommend", "delivery_sat", "support_sat", "checkout_sat", "app_sat"].map((c) => col(c, "number"));
    const region = col("region", "text");
    const p = plan({
      source: "survey",
      access: csv([join(dir, "data/relationship.csv")]),
      columns: { respondent: "text", region: "text", recommend: "integer", delivery_sat: "integer", support_sat: "integer", checkout_sat: "integer", app_sat: "integer", answered_at: "date" },
      timestamp: { name: "answered_at", type: "date" },
      drivers: [
        { key: "recommendation_drivers", name: "recommendation_drivers", columns: cols },
        { key: "eu_recent", name: "eu_recent", columns: cols, where: cmp("==", region, txt("EU")), window: { lo: AS_OF - 90, hi: AS_OF } },
        { key: "two_drivers", name: "two_drivers", columns: cols.slice(0, 3) },
        { key: "latam_drivers", name: "latam_drivers", columns: cols, where: cmp("==", region, txt("LATAM")) },
      ],
    });
    await onEngines(p, (o, engine) => {
      for (const x of p.drivers) {
        const out = o.drivers(x.key);
        const e = exp[x.key];
        expect(out.n, `${engine} ${x.key} n`).toBe(e.n);
        e.drivers.forEach((dr: { correlation?: number; mean?: number }, j: number) => {
          if (dr.mean !== undefined) expect(Math.abs(out.means[j + 1] - dr.mean), `${engine} ${x.key} mean ${j}`).toBeLessThan(1e-12 * Math.abs(dr.mean));
          if (dr.correlation !== undefined) expect(Math.abs(out.corr[0][j + 1] - dr.correlation), `${engine} ${x.key} corr ${j}`).toBeLessThan(1e-12);
        });
        expect(out.constant.every((c) => !c), `${engine} ${x.key} constant`).toBe(true);
      }
    });
  });
});
