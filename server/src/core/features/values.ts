// Values of the last evaluation as editors show them: metric values by unit, goal statuses with
// marks, thresholds with ≥/≤. Shared by hovers, inlay hints and code lenses.
import type { CompareResult, GoalResult, GoalStatus, MetricResult } from "../eval/evaluate";
import { formatValue } from "../eval/format";
import * as changes from "../eval/changes";
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

// Comparisons (§11.2) are written by core/eval/changes.ts, as the CLI's reports write them.
export { changeArrow, pText, signedChange, significanceText, groupChangeText } from "../eval/changes";

/** `▲ +4.2 pts vs previous 90 days, significant (p = 0.03)`, or ", no significance test"; `label` is not escaped. */
export function compareText(m: MetricResult, c: CompareResult): string {
  return changes.compareText(m, c, ", no significance test");
}
