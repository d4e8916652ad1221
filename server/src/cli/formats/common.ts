// What several report formats say the same way: values by unit, thresholds, signed changes,
// p-values, comparisons (§11.2), goal groups (§11.1), and the indexes every format needs (built
// once per report, so that no format looks anything up by scanning an array).
import type { Report, ReportGoal, ReportMetric } from "../../core/report";
import type { CompareResult, DriverResult, GoalGroupResult, GroupResult, KeyValue } from "../../core/eval/results";
import type { Unit } from "../../core/semantics/schema";
import { formatValue as formatRaw, type FormatOptions } from "../../core/eval/format";
import { escapeControls } from "../../core/escape";
import * as changes from "../../core/eval/changes";
import { MAX_DECIMALS, decimalsIn, type UnitInfo } from "../../core/eval/changes";

/**
 * formatValue with the currency code (from a .cx file) escaped for terminals: every value text the
 * formats build goes through here.
 */
export function formatValue(v: number | null | undefined, unit: Unit | null | undefined, opts: FormatOptions = {}): string {
  return formatRaw(v, unit, opts.currency === undefined ? opts : { ...opts, currency: escapeControls(opts.currency) });
}

export const STATUS_MARK: Record<string, string> = { met: "✓", at_risk: "⚠", missed: "✗", no_data: "–" };
export const STATUS_WORD: Record<string, string> = { met: "met", at_risk: "at risk", missed: "missed", no_data: "no data" };
const STATUS_ORDER: Record<string, number> = { missed: 0, at_risk: 1, no_data: 2, met: 3 };

export type { UnitInfo } from "../../core/eval/changes";
export { pText, significanceText } from "../../core/eval/changes";

export function metricValueText(m: UnitInfo & { value: number | null }): string {
  return formatValue(m.value, m.unit, { currency: m.currency, decimals: m.decimals });
}

const OP: Record<string, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=" };

export function opText(op: string): string {
  return OP[op] ?? op;
}

export function thresholdText(g: ReportGoal, m: UnitInfo | undefined, which: "target" | "warn"): string {
  const t = g[which];
  if (!t) return "";
  return `${opText(t.op)} ${formatValue(t.value, m?.unit ?? null, { currency: m?.currency, decimals: m?.decimals })}`;
}

/**
 * Two values written so that they look different when they are different: the unit's usual
 * precision first, then one more decimal at a time (3.2359 → 3.2405 is "3.236 → 3.241", never
 * "3.2 → 3.2"). Returns both texts and the decimals used (undefined: the usual format).
 */
export function distinctValues(m: UnitInfo, a: number, b: number): { a: string; b: string; decimals: number | undefined } {
  const fa = formatValue(a, m.unit, { currency: m.currency, decimals: m.decimals });
  const fb = formatValue(b, m.unit, { currency: m.currency, decimals: m.decimals });
  if (fa !== fb || a === b) return { a: fa, b: fb, decimals: m.decimals };
  for (let d = Math.max(decimalsIn(fa), decimalsIn(fb)) + 1; d <= MAX_DECIMALS; d++) {
    const ta = formatValue(a, m.unit, { currency: m.currency, decimals: d });
    const tb = formatValue(b, m.unit, { currency: m.currency, decimals: d });
    if (ta !== tb) return { a: ta, b: tb, decimals: d };
  }
  return { a: fa, b: fb, decimals: m.decimals };
}

/** A signed change (core/eval/changes.ts), escaped for terminals (the currency comes from a .cx file). */
export function signedChange(m: UnitInfo, change: number, minDecimals?: number): string {
  return escapeControls(changes.signedChange(m, change, minDecimals));
}

/** ▲ up, ▼ down, = unchanged. */
export const arrow = changes.changeArrow;

/** The compared period as text (control characters escaped). */
export function compareLabel(c: CompareResult): string {
  return escapeControls(changes.compareLabel(c));
}

/** `▲ +4.2 pts vs previous 90 days, significant (p = 0.03)` (escaped); without a previous value, says so. */
export function compareText(m: UnitInfo, c: CompareResult): string {
  return escapeControls(changes.compareText(m, c));
}

/** A group's change, compactly: `▼ −8.0 pts, not significant (p = 0.41)` (escaped); "" without a comparison. */
export function groupChangeText(m: UnitInfo, g: GroupResult): string {
  return escapeControls(changes.groupChangeText(m, g));
}

/** A group key as text: its values joined by " / " (null is "(none)"). Not escaped. */
export function keyText(key: Record<string, KeyValue>): string {
  const parts: string[] = [];
  for (const k in key) {
    const v = key[k];
    parts.push(v === null ? "(none)" : String(v));
  }
  return parts.join(" / ");
}

/** Worst status first: missed, at risk, no data, met. */
export function worstStatus(statuses: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const s of statuses) if (best === undefined || (STATUS_ORDER[s] ?? 9) < (STATUS_ORDER[best] ?? 9)) best = s;
  return best;
}

export function statusRank(s: string): number {
  return STATUS_ORDER[s] ?? 9;
}

/** The groups of a `scope: groups` goal that are not met (missed first, then at risk), and the counts. */
export interface GoalGroupsSummary {
  total: number;
  missed: number;
  atRisk: number;
  noData: number;
  /** Missed and at-risk groups, missed first, each in the metric's group order. */
  failing: GoalGroupResult[];
  /** The group farthest on the wrong side of the target among the worst status. */
  worst?: GoalGroupResult;
}

export function goalGroups(g: ReportGoal): GoalGroupsSummary | undefined {
  if (g.scope !== "groups" || !g.groups) return undefined;
  const missed: GoalGroupResult[] = [];
  const atRisk: GoalGroupResult[] = [];
  let noData = 0;
  for (const x of g.groups) {
    if (x.status === "missed") missed.push(x);
    else if (x.status === "at_risk") atRisk.push(x);
    else if (x.status === "no_data") noData++;
  }
  const pool = missed.length ? missed : atRisk;
  let worst: GoalGroupResult | undefined;
  const op = g.target?.op ?? ">=";
  const badness = (v: number) => (op === ">=" || op === ">" ? -v : op === "<=" || op === "<" ? v : Math.abs(v - (g.target?.value ?? 0)));
  for (const x of pool) if (x.value !== null && (worst === undefined || badness(x.value) > badness(worst.value!))) worst = x;
  return { total: g.groups.length, missed: missed.length, atRisk: atRisk.length, noData, failing: [...missed, ...atRisk], worst: worst ?? pool[0] };
}

/** `missed in 2 of 5 groups, at risk in 1` / `met in all 5 groups` / `met in 4 of 5 groups (1 without data)`. */
export function goalGroupsStatusText(s: GoalGroupsSummary): string {
  const groups = (n: number) => `${n} group${n === 1 ? "" : "s"}`;
  const parts: string[] = [];
  if (s.missed) parts.push(`missed in ${s.missed} of ${groups(s.total)}`);
  if (s.atRisk) parts.push(s.missed ? `at risk in ${s.atRisk}` : `at risk in ${s.atRisk} of ${groups(s.total)}`);
  if (parts.length) return parts.join(", ");
  if (s.noData === s.total) return `no data in ${s.total === 1 ? "its group" : `all ${groups(s.total)}`}`;
  if (s.noData) return `met in ${s.total - s.noData} of ${groups(s.total)} (${s.noData} without data)`;
  return s.total === 1 ? "met in its group" : `met in all ${groups(s.total)}`;
}

/** Drivers by importance, most important first (null importances last, in declaration order). */
export function driversByImportance(ds: DriverResult[]): DriverResult[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (b.d.importance ?? -Infinity) - (a.d.importance ?? -Infinity) || a.i - b.i)
    .map((x) => x.d);
}

/** A number with at most `digits` decimals (`0.47`, `3.9`), or "–". */
export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  let f = NUM.get(digits);
  if (!f) NUM.set(digits, (f = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: digits })));
  return f.format(v);
}

/** A fraction as a percentage with one decimal (`40.0%`), or "–". */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "–" : formatValue(v, "percent");
}

const NUM = new Map<number, Intl.NumberFormat>();
/** Made on first use: the first Intl formatter of a process costs tens of milliseconds (`cx check` needs none). */
let COUNT: Intl.NumberFormat | undefined;

/** A count with thousands separators: `1,234`. */
export function count(v: number): string {
  return (COUNT ??= new Intl.NumberFormat("en-US")).format(v);
}

/** Lookups every format needs, built once: metrics by name, goals by metric, touchpoints by name. */
export interface ReportIndex {
  metricByName: Map<string, ReportMetric>;
  goalsByMetric: Map<string, ReportGoal[]>;
  touchpointByName: Map<string, NonNullable<Report["touchpoints"]>[number]>;
}

export function indexReport(report: Report): ReportIndex {
  const metricByName = new Map<string, ReportMetric>();
  for (const m of report.metrics ?? []) if (!metricByName.has(m.name)) metricByName.set(m.name, m);
  const goalsByMetric = new Map<string, ReportGoal[]>();
  for (const g of report.goals ?? []) {
    if (!g.metric) continue;
    const list = goalsByMetric.get(g.metric);
    if (list) list.push(g);
    else goalsByMetric.set(g.metric, [g]);
  }
  const touchpointByName = new Map<string, NonNullable<Report["touchpoints"]>[number]>();
  for (const t of report.touchpoints ?? []) if (!touchpointByName.has(t.name)) touchpointByName.set(t.name, t);
  return { metricByName, goalsByMetric, touchpointByName };
}

/** Metrics grouped by touchpoint in order of first appearance; metrics without one last (key ""). */
export function metricsByTouchpoint(metrics: ReportMetric[]): [string, ReportMetric[]][] {
  const groups = new Map<string, ReportMetric[]>();
  for (const m of metrics) {
    const key = m.touchpoint ?? "";
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const other = groups.get("");
  groups.delete("");
  const out = [...groups.entries()];
  if (other) out.push(["", other]);
  return out;
}
