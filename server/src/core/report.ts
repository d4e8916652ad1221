// The JSON report of cli.md — the one result shape shared by `cx eval --format json`, the
// language server's `cx/evaluate` and the preview. Other formats render from it.
import { posix } from "node:path";
import type { Diagnostic } from "./diagnostics";
import { compareDiagnostics } from "./diagnostics";
import type { SemanticModel } from "./semantics/model";
import type { EvalResult } from "./eval/evaluate";
import type { CohortResult, DriversResult, FunnelResult, GoalResult, JourneyResult, MetricResult } from "./eval/results";
import type { ConfidenceInterval } from "./stats";

export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface ReportDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  related?: { file: string; line: number; column: number; message: string }[];
}

export type ReportMetric = MetricResult & {
  description?: string;
  location?: Location;
  /** With `--confidence`: the interval of a survey metric's value (stats.ts). */
  ci?: ConfidenceInterval;
};
export type ReportGoal = GoalResult & {
  location?: Location;
  /** With `--confidence`: false when the metric's interval straddles the target. */
  conclusive?: boolean;
};
export type ReportJourney = JourneyResult & { location?: Location };
export type ReportFunnel = FunnelResult & { location?: Location };
export type ReportCohort = CohortResult & { location?: Location };
export type ReportDrivers = DriversResult & { location?: Location };

/** Extension: the touchpoints, so reports and the preview can title metric groups. */
export interface ReportTouchpoint {
  name: string;
  label: string;
  stage: string | null;
  channel: string | null;
  owner: string | null;
  score: string | null;
  weight: number;
  location?: Location;
}

export interface Report {
  cx: 1;
  asOf: string;
  files: string[];
  diagnostics: ReportDiagnostic[];
  metrics?: ReportMetric[];
  goals?: ReportGoal[];
  journeys?: ReportJourney[];
  /** Version 2 (cli.md "Report fields"): funnels, cohorts and key-driver analyses, present when the workspace declares any. */
  funnels?: ReportFunnel[];
  cohorts?: ReportCohort[];
  drivers?: ReportDrivers[];
  touchpoints?: ReportTouchpoint[];
  summary: {
    errors: number;
    warnings: number;
    goals: { met: number; at_risk: number; missed: number; no_data: number };
  };
}

export interface ReportInput {
  model: SemanticModel;
  /** Evaluation result (eval); undefined for check. */
  result?: EvalResult;
  asOf: string;
  /** Paths are written relative to this directory (the current directory, or the workspace root). */
  relativeTo: string;
  /** Diagnostics beyond the model's (e.g. from evaluation); the report sorts and de-duplicates all. */
  extraDiagnostics?: Diagnostic[];
}

/**
 * A path for display: relative to `from` when it is inside it, else absolute as it is (never
 * `../../abs/path`; docs/cli.md "Paths").
 */
export function relativePath(from: string, path: string): string {
  const rel = posix.relative(from, path);
  if (rel === ".." || rel.startsWith("../")) return path;
  return rel === "" ? "." : rel;
}

export function toReportDiagnostic(d: Diagnostic, rel: (p: string) => string): ReportDiagnostic {
  const out: ReportDiagnostic = {
    file: rel(d.file),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity === "hint" ? "info" : d.severity,
    code: d.code,
    message: d.message,
  };
  if (d.related?.length) {
    out.related = d.related.map((r) => ({ file: rel(r.file), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message }));
  }
  return out;
}

/** All diagnostics of an analysis (+ evaluation), sorted, without exact duplicates. */
export function allDiagnostics(model: SemanticModel, result?: EvalResult, extra: Diagnostic[] = []): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...model.diagnostics, ...(result?.diagnostics ?? []), ...extra]) {
    const k = `${d.file}|${d.range.start.line}|${d.range.start.character}|${d.code}|${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out.sort(compareDiagnostics);
}

export function buildReport(input: ReportInput): Report {
  const { model, result } = input;
  const rel = (p: string) => relativePath(input.relativeTo, p);
  // Goal outcomes (CX5xxx) are reported through `goals`, not as diagnostics: the editor shows them
  // on the goal's name, and the report formats derive their goal entries from `goals`.
  const diagnostics = allDiagnostics(model, result, input.extraDiagnostics)
    .filter((d) => !isGoalOutcome(d.code))
    .map((d) => toReportDiagnostic(d, rel));
  const locOf = (sym: { file: { path: string; parse: { lines: { positionAt(o: number): { line: number; character: number } } } }; decl: { name?: { span: { start: number } } } }): Location | undefined => {
    if (!sym.decl.name) return undefined;
    const p = sym.file.parse.lines.positionAt(sym.decl.name.span.start);
    return { file: rel(sym.file.path), line: p.line + 1, column: p.character + 1 };
  };
  const report: Report = {
    cx: 1,
    asOf: input.asOf,
    files: model.workspace.files.map((f) => rel(f.path)),
    diagnostics,
    summary: {
      errors: diagnostics.filter((d) => d.severity === "error").length,
      warnings: diagnostics.filter((d) => d.severity === "warning").length,
      goals: { met: 0, at_risk: 0, missed: 0, no_data: 0 },
    },
  };
  if (result) {
    report.metrics = result.metrics.map((m) => {
      const info = model.metrics.get(m.name);
      const out: ReportMetric = { ...m };
      if (info?.description) out.description = info.description;
      const doc = info?.sym.decl.doc;
      if (doc && !out.description) out.description = doc;
      if (info) out.location = locOf(info.sym);
      return out;
    });
    report.goals = result.goals.map((g) => {
      const info = model.goals.get(g.name);
      return { ...g, location: info ? locOf(info.sym) : undefined };
    });
    report.journeys = result.journeys.map((j) => {
      const info = model.journeys.get(j.name);
      return { ...j, location: info ? locOf(info.sym) : undefined };
    });
    // Version 2 fields appear when the workspace declares funnels, cohorts or drivers (a version 1 report keeps its shape).
    if (result.funnels.length) report.funnels = result.funnels.map((f) => {
      const info = model.funnels.get(f.name);
      return { ...f, location: info ? locOf(info.sym) : undefined };
    });
    if (result.cohorts.length) report.cohorts = result.cohorts.map((c) => {
      const info = model.cohorts.get(c.name);
      return { ...c, location: info ? locOf(info.sym) : undefined };
    });
    if (result.drivers.length) report.drivers = result.drivers.map((d) => {
      const info = model.drivers.get(d.name);
      return { ...d, location: info ? locOf(info.sym) : undefined };
    });
    report.touchpoints = [...model.touchpoints.values()].map((t) => ({
      name: t.name,
      label: t.label,
      stage: t.stage ?? null,
      channel: t.channel ?? null,
      owner: t.owner ?? null,
      score: t.score ?? null,
      weight: t.weight,
      location: locOf(t.sym),
    }));
    for (const g of result.goals) report.summary.goals[g.status]++;
  }
  return report;
}

export type FailOn = "missed" | "at_risk" | "never";

/**
 * Exit status (cli.md): 1 when there is an error diagnostic other than a goal outcome, or a goal
 * of severity `error` whose outcome `failOn` selects; else 0. Goals of severity warning never fail.
 */
export function isGoalOutcome(code: string): boolean {
  return code.startsWith("CX5");
}

export function exitStatus(report: Report, failOn: FailOn): 0 | 1 {
  if (report.diagnostics.some((d) => d.severity === "error" && !isGoalOutcome(d.code))) return 1;
  if (failOn === "never") return 0;
  const failing = (report.goals ?? []).filter(
    (g) => g.severity === "error" && (g.status === "missed" || (failOn === "at_risk" && g.status === "at_risk")),
  );
  return failing.length ? 1 : 0;
}
