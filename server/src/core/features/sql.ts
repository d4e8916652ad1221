// The SQL that SQL engines run for a metric (engines.md §3): for hovers ("Show SQL") and for the
// `sql` field of the editor's report, which the scorecard preview shows behind a "Show SQL" button.
// Pure: the workspace is planned (plan/planner.ts, memoised per model and as-of date) and the
// plans that the metric needs are rendered in their engines' dialects (engines/sql/show.ts). No
// engine is asked and no connection is made.
import { planWorkspace, type PlannedWorkspace } from "../plan/planner";
import type { SourcePlan } from "../plan/plan";
import { plansFor, showSql } from "../engines/sql/show";
import type { SemanticModel } from "../semantics/model";
import { UTC, zoneFor } from "../time/zone";

const plans = new WeakMap<SemanticModel, Map<string, PlannedWorkspace | null>>();

function zoneOf(model: SemanticModel): string {
  const tz = model.workspace.config.timezone;
  return ((tz && zoneFor(tz)) || UTC).name;
}

function planned(model: SemanticModel, asOf: string): PlannedWorkspace | undefined {
  let byDate = plans.get(model);
  if (!byDate) plans.set(model, (byDate = new Map()));
  if (!byDate.has(asOf)) {
    let p: PlannedWorkspace | null = null;
    try {
      p = planWorkspace(model, { asOf, timezone: zoneOf(model) });
    } catch {
      p = null; // a model the planner cannot plan has no SQL to show
    }
    byDate.set(asOf, p);
  }
  return byDate.get(asOf) ?? undefined;
}

/** True when the workspace evaluates some source with SQL: a connection source, or file sources with `engine: duckdb`. */
export function hasSqlSources(model: SemanticModel): boolean {
  if (model.workspace.config.engine === "duckdb") return true;
  for (const s of model.sources.values()) if (s.kind === "sql") return true;
  return false;
}

/** Whether a source plan is evaluated by an SQL engine in this workspace. */
function bySql(model: SemanticModel, plan: SourcePlan): boolean {
  return plan.access.kind !== "files" || model.workspace.config.engine === "duckdb";
}

/**
 * The connection sources a metric (or funnel, cohort, drivers analysis) reads, directly or through
 * the metrics it references, with their connections.
 */
export function connectionSourcesOf(model: SemanticModel, name: string, asOf: string): { source: string; connection: string }[] {
  if (!hasSqlSources(model)) return [];
  const p = planned(model, asOf);
  const sources = p && plansFor(name, p);
  const out: { source: string; connection: string }[] = [];
  for (const plan of sources?.values() ?? []) if (plan.access.kind !== "files") out.push({ source: plan.source, connection: plan.access.connection });
  return out;
}

/**
 * The formatted SQL that evaluating `name` (a metric, funnel, cohort or drivers analysis) runs on
 * its SQL engines as of `asOf`, one statement group per source in its engine's dialect; undefined
 * when it reads no source evaluated by SQL (or cannot be evaluated).
 */
export function sqlOf(model: SemanticModel, name: string, asOf: string): string | undefined {
  if (!hasSqlSources(model)) return undefined;
  const p = planned(model, asOf);
  const sources = p && plansFor(name, p);
  if (!sources) return undefined;
  const sql = new Map([...sources].filter(([, plan]) => bySql(model, plan)));
  if (!sql.size) return undefined;
  try {
    return showSql(sql, { zone: zoneOf(model), config: model.workspace.config });
  } catch {
    return undefined;
  }
}
