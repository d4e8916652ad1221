// The SQL of one metric (the preview's "Show SQL") and of the whole workspace (`cx sql`).
import { describe, expect, it } from "vitest";
import { planWorkspace } from "../../server/src/core/plan/planner";
import { metricSql, showSql } from "../../server/src/core/engines/sql/show";
import { analyzeWorkspace, workspaces } from "./workspaces";

describe("showSql / metricSql", () => {
  it("one metric's SQL is part of the workspace's, in the dialect of its source's engine", async () => {
    const w = workspaces().find((x) => x.name === "samples/retail")!;
    const { analysis, zone, asOf } = await analyzeWorkspace(w);
    const planned = planWorkspace(analysis.model, { asOf, timezone: zone });
    const config = analysis.model.workspace.config;
    const all = showSql(planned.plan.sources, { zone, config });
    const one = metricSql(planned, "retention_rate", { zone, config })!;
    const count = (s: string) => (s.match(/^WITH$/gm) ?? []).length;
    expect(count(one)).toBeGreaterThan(0);
    expect(count(one)).toBeLessThan(count(all));
    expect(one).toMatch(/-- source \w+ \(duckdb\)/);
    expect(metricSql(planned, "retention_rate", { zone, config, dialect: "bigquery" })).toMatch(/-- source \w+ \(bigquery\)/);
    expect(metricSql(planned, "no_such_metric", { zone, config })).toBeUndefined();
  });

  it("a metric's SQL reads only the sources the metric reads (measure keys are per source)", async () => {
    const w = workspaces().find((x) => x.name === "samples/retail")!;
    const { analysis, zone, asOf } = await analyzeWorkspace(w);
    const planned = planWorkspace(analysis.model, { asOf, timezone: zone });
    const config = analysis.model.workspace.config;
    let checked = 0;
    for (const [name, program] of planned.programs) {
      const read = new Set([...program.now.aggs.map((a) => a.source), ...program.now.presence.keys(), ...program.now.analyses.map((a) => a.source)]);
      const shown = [...(metricSql(planned, name, { zone, config }) ?? "").matchAll(/^-- source (\w+) \(/gm)].map((m) => m[1]);
      for (const s of shown) expect(read, `${name} shows ${s}`).toContain(s);
      if (shown.length) checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
