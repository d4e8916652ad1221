// Every report format is linear in the size of the report (docs/cli.md "Formats"): a synthetic
// report with N metrics, N goals and N diagnostics.
// - Deterministically: the report's arrays are proxies that count element reads; going from N to
//   4N must multiply the reads by about 4 (a lookup by name in an array, or a filter per item,
//   multiplies them by 16).
// - In time, generously: 60,000 metrics, goals and diagnostics render in every format within a
//   bound that only a quadratic algorithm exceeds (the quadratic formats took minutes).
import { afterEach, describe, expect, it } from "vitest";
import { FORMATS } from "../../server/src/cli/formats/index";
import type { RenderContext } from "../../server/src/cli/formats/types";
import type { Report } from "../../server/src/core/report";

// The tests block the worker (spawnSync, long renders); let it answer the runner between tests, or
// vitest's RPC to the main process times out ("Timeout calling onTaskUpdate").
afterEach(() => new Promise<void>((done) => setImmediate(done)));

const STATUSES = ["met", "at_risk", "missed", "no_data"] as const;

function synthetic(n: number, wrap: <T>(xs: T[]) => T[] = (xs) => xs): Report {
  const metrics = [];
  const goals = [];
  const diagnostics = [];
  const touchpoints = [];
  const tps = Math.max(1, Math.floor(n / 20));
  for (let t = 0; t < tps; t++) touchpoints.push({ name: `tp${t}`, label: `Touchpoint ${t}`, stage: t % 2 ? "purchase" : null, channel: null, owner: null, score: null, weight: 1 });
  for (let i = 0; i < n; i++) {
    const line = i + 1;
    metrics.push({
      name: `metric_${i}`,
      label: `Metric ${i}`,
      unit: (["percent", "points", "count", "currency", "minutes", null] as const)[i % 6],
      currency: i % 6 === 3 ? "EUR" : undefined,
      touchpoint: i % 7 === 0 ? null : `tp${i % tps}`,
      value: i % 11 === 0 ? null : (i % 100) / 100,
      rows: i,
      n: i % 5 === 0 ? null : i,
      compare: i % 3 === 0 ? { kind: "previous" as const, asOf: "2026-04-01", value: 0.5, change: 0.01, p: 0.2, significant: false, label: "previous 90 days" } : undefined,
      groups: i % 50 === 0 ? [{ key: { region: "north" }, value: 0.4, rows: 3, n: 3, previous: 0.3, change: 0.1, p: 0.04, significant: true }] : undefined,
      location: { file: `file${i % 10}.cx`, line, column: 8 },
    });
    const groupsScope = i % 25 === 0;
    goals.push({
      name: `goal_${i}`,
      label: `goal_${i}`,
      metric: `metric_${(i * 7919) % n}`,
      scope: groupsScope ? ("groups" as const) : ("overall" as const),
      status: STATUSES[i % 4],
      value: (i % 100) / 100,
      target: { op: ">=", value: 0.5 },
      warn: i % 2 ? { op: ">=", value: 0.3 } : null,
      severity: i % 3 ? ("error" as const) : ("warning" as const),
      groups: groupsScope ? [{ key: { region: "north" }, value: 0.1, status: "missed" as const }, { key: { region: "south" }, value: 0.9, status: "met" as const }] : undefined,
      location: { file: `file${i % 10}.cx`, line, column: 6 },
    });
    diagnostics.push({
      file: `file${i % 10}.cx`,
      line,
      column: 1,
      endLine: line,
      endColumn: 5,
      severity: (["error", "warning", "info"] as const)[i % 3],
      code: i % 4 === 1 ? "CX5001" : "CX2001",
      message: `Unknown metric 'x${i}'.`,
    });
  }
  return {
    cx: 1,
    asOf: "2026-06-30",
    files: Array.from({ length: 10 }, (_, i) => `file${i}.cx`),
    diagnostics: wrap(diagnostics),
    metrics: wrap(metrics),
    goals: wrap(goals),
    journeys: wrap([{ name: "j", label: "J", unit: "percent", value: 0.5, steps: [{ touchpoint: "tp0", label: "T", stage: null, metric: "metric_1", value: 0.5, weight: 1, goal: "met" }] }]),
    touchpoints: wrap(touchpoints),
    summary: { errors: 1, warnings: 1, goals: { met: 1, at_risk: 1, missed: 1, no_data: 1 } },
  } as Report;
}

const ctx: RenderContext = { command: "eval", color: false, quiet: false, cwd: "/", sourceLine: (_f, line) => `metric metric_${line - 1} { value: count(s) }` };

/** Element reads of the report's top-level arrays while rendering `format` for n items. */
function reads(format: string, n: number): number {
  let count = 0;
  const wrap = <T>(xs: T[]): T[] =>
    new Proxy(xs, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) count++;
        return Reflect.get(target, key, receiver);
      },
    });
  FORMATS[format](synthetic(n, wrap), ctx);
  return count;
}

describe("formats scale linearly", () => {
  it.each(Object.keys(FORMATS))("%s: reads each item a bounded number of times (N → 4N: reads × ≈4)", (format) => {
    const small = reads(format, 1000);
    const large = reads(format, 4000);
    expect(large / small).toBeLessThan(4.5);
    expect(large).toBeLessThan(40 * 3 * 4000);
  });

  it.each(Object.keys(FORMATS))("%s renders 60,000 metrics, goals and diagnostics", (format) => {
    const report = synthetic(60_000);
    const start = performance.now();
    const out = FORMATS[format](report, ctx);
    const seconds = (performance.now() - start) / 1000;
    expect(out.length).toBeGreaterThan(60_000);
    expect(seconds, `${format} took ${seconds.toFixed(1)} s`).toBeLessThan(60);
  }, 180_000);
});
