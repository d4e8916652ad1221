// Values of the last evaluation as editors show them: metric values by unit, goal statuses with
// marks, thresholds with ≥/≤. Shared by hovers, inlay hints and code lenses.
import type { CompareResult, GoalResult, GoalStatus, GroupResult, MetricResult } from "../eval/evaluate";
import { formatValue } from "../eval/format";
import type { FeatureContext } from "./types";

export function metricResult(ctx: FeatureContext, name: string): MetricResult | undefined {
  return ctx.evaluation?.metrics.find((m) => m.name === name);
}

export function goalResult(ctx: FeatureContext, name: string): GoalResult | undefined {
  return ctx.evaluation?.goals.find((g) => g.name === name);
}

export function goalsOfMetric(ctx: FeatureContext, metric: string): GoalResult[] {
  return ctx.evaluation?.goals.filter((g) => g.metric === metric) ?? [];
}

/** A metric's value formatted by its unit, currency and decimals ("42.5 pts", "84.0%", "no data"). */
export function formatMetric(m: MetricResult, value: number | null = m.value): string {
  return formatValue(value, m.unit, { currency: m.currency, decimals: m.decimals });
}

export const STATUS_MARK: Record<GoalStatus, string> = { met: "✓", at_risk: "⚠", missed: "✗", no_data: "?" };
export const STATUS_WORD: Record<GoalStatus, string> = { met: "met", at_risk: "at risk", missed: "missed", no_data: "no data" };

const OP_SYMBOL: Record<string, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠" };

export function opSymbol(op: string): string {
  return OP_SYMBOL[op] ?? op;
}

/** A threshold as written (`>= 80%` → `≥ 80%`); falls back to the number formatted by the metric's unit. */
export function thresholdText(written: string | undefined, t: { op: string; value: number } | null | undefined, m?: MetricResult): string {
  if (written) {
    const match = /^(>=|<=|==|!=|>|<)\s*(.*)$/.exec(written);
    if (match) return `${opSymbol(match[1])} ${match[2]}`;
    return written;
  }
  if (!t) return "";
  return `${opSymbol(t.op)} ${m ? formatMetric(m, t.value) : String(t.value)}`;
}

// ---------------------------------------------------------------------------- comparisons (§11.2)
// Written as the CLI's text report writes them (server/src/cli/formats/common.ts), so that an editor
// and `cx eval` say the same: `▲ +4.2 pts vs previous 90 days, significant (p = 0.03)`.

const MAX_DECIMALS = 12;

function decimalsIn(text: string): number {
  return /\.(\d+)/.exec(text)?.[1].length ?? 0;
}

/** A signed change: `+4.2 pts` (percent metrics change in percentage points), `−1.5 min`, `+€12.50`. */
export function signedChange(m: Pick<MetricResult, "unit" | "currency" | "decimals">, change: number): string {
  const abs = Math.abs(change);
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const write = (d: number | undefined) => {
    if (m.unit === "percent") return `${formatValue(abs * 100, null, { decimals: d ?? 1 })} pts`;
    if (m.unit === "points") return formatValue(abs, "points", { decimals: d ?? 1 });
    return formatValue(abs, m.unit, { currency: m.currency, decimals: d });
  };
  let text = write(m.decimals);
  if (change !== 0) for (let k = decimalsIn(text) + 1; k <= MAX_DECIMALS && !/[1-9]/.test(text); k++) text = write(k);
  return sign + text;
}

/** `p = 0.031`, `p < 0.001`. */
export function pText(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${+p.toPrecision(2)}`;
}

export function changeArrow(change: number): string {
  return change > 0 ? "▲" : change < 0 ? "▼" : "=";
}

/** `significant (p = 0.031)`, `not significant (p = 0.41)`, or "" without a test. */
export function significanceText(c: { p?: number | null; significant?: boolean | null }): string {
  if (c.p === null || c.p === undefined) return "";
  return `${c.significant ? "significant" : "not significant"} (${pText(c.p)})`;
}

/** `▲ +4.2 pts vs previous 90 days, significant (p = 0.03)`; says so when there is no previous value. `label` is not escaped. */
export function compareText(m: MetricResult, c: CompareResult): string {
  const label = c.label || (c.kind === "last_year" ? "last year" : "the previous period");
  if (c.change === null) return `no value for ${label}`;
  const sig = significanceText(c);
  return `${changeArrow(c.change)} ${signedChange(m, c.change)} vs ${label}${sig ? `, ${sig}` : ", no significance test"}`;
}

/** A group's change: `▼ −8.0 pts, not significant (p = 0.41)`; "" when the group has no comparison. */
export function groupChangeText(m: MetricResult, g: GroupResult): string {
  if (!("previous" in g) && !("change" in g)) return "";
  if (g.change === null || g.change === undefined) return "no previous value";
  const sig = significanceText(g);
  return `${changeArrow(g.change)} ${signedChange(m, g.change)}${sig ? `, ${sig}` : ""}`;
}
