// The SQL of a workspace's evaluation as text (`cx sql`, the preview's "Show SQL"): per source in
// the dialect of its engine, optionally only what one metric (or funnel, cohort, drivers) needs.
import type { PlannedWorkspace } from "../../plan/planner";
import type { SourcePlan } from "../../plan/plan";
import type { CxConfig } from "../../semantics/config";
import type { DialectName } from "./dialect";
import { dialectFor } from "./dialects";
import { formatSource, renderSource } from "./render";

/** Keeps only what one metric (with its comparison) or one funnel, cohort or drivers declaration needs; undefined when there is no such thing to evaluate. */
export function plansFor(name: string, planned: PlannedWorkspace): Map<string, SourcePlan> | undefined {
  // Keys are per source (two sources have equal keys for equal measures, e.g. `count`): each is
  // kept with the source it was planned on.
  const at = (source: string, key: string) => `${source}\u0000${key}`;
  const measures = new Set<string>();
  const analyses = new Set<string>();
  const scales = new Set<string>();
  const program = planned.programs.get(name);
  if (program) {
    for (const p of [program.now, program.previous]) {
      if (!p) continue;
      for (const a of p.aggs) {
        for (const k of [a.value, a.rows, a.context]) if (k) measures.add(at(a.source, k));
        if (a.scale) scales.add(at(a.source, a.scale));
      }
      for (const [source, k] of p.presence) measures.add(at(source, k));
      for (const x of p.analyses) analyses.add(at(x.source, x.key));
    }
  }
  for (const m of [planned.funnels, planned.cohorts, planned.drivers]) {
    const x = m.get(name);
    if (x) analyses.add(at(x.source, x.key));
  }
  if (!program && analyses.size === 0) return undefined;
  const out = new Map<string, SourcePlan>();
  for (const [source, p] of planned.plan.sources) {
    const q: SourcePlan = {
      ...p,
      measures: p.measures.filter((m) => measures.has(at(source, m.key))),
      funnels: p.funnels.filter((f) => analyses.has(at(source, f.key))),
      cohorts: p.cohorts.filter((c) => analyses.has(at(source, c.key))),
      drivers: p.drivers.filter((d) => analyses.has(at(source, d.key))),
      scaleChecks: p.scaleChecks.filter((s) => scales.has(at(source, s.key))),
      divisions: [],
    };
    if (q.measures.length || q.funnels.length || q.cohorts.length || q.drivers.length) out.set(source, q);
  }
  return out;
}

/** The dialect a source's evaluation uses: its connection's engine, DuckDB for file sources. */
export function dialectOfSource(plan: SourcePlan, config: CxConfig): DialectName {
  return plan.access.kind === "files" ? "duckdb" : (config.connections?.get(plan.access.connection)?.engine ?? "postgres");
}

/**
 * The formatted SQL of the given source plans (all of the workspace's by default), each in
 * `dialect` or its own engine's. Headers are as declared (no engine is asked).
 */
export function showSql(sources: Map<string, SourcePlan>, opts: { zone: string; config: CxConfig; dialect?: DialectName }): string {
  const parts: string[] = [];
  for (const plan of sources.values()) parts.push(formatSource(renderSource(plan, dialectFor(opts.dialect ?? dialectOfSource(plan, opts.config)), { zone: opts.zone })));
  return parts.join("\n");
}

/** The SQL one metric's evaluation runs, for the preview's "Show SQL"; undefined when it has none (no aggregates, or not evaluable). */
export function metricSql(planned: PlannedWorkspace, name: string, opts: { zone: string; config: CxConfig; dialect?: DialectName }): string | undefined {
  const sources = plansFor(name, planned);
  return sources && sources.size ? showSql(sources, opts) : undefined;
}
