// Inline values: an inlay hint after each metric's `value:` formula (`= 42.5 pts`) and a code lens
// above each goal with its status (`✓ met — 42.5 pts ≥ 40`), from the last evaluation.
import { isExpr } from "../syntax/ast";
import type { Position, Range } from "../text";
import { fileOf } from "./query";
import type { FeatureContext } from "./types";
import { formatMetric, goalResult, metricResult, STATUS_MARK, STATUS_WORD, thresholdText } from "./values";

export interface InlayHintInfo {
  position: Position;
  label: string;
  tooltip?: string;
}

export function inlayHints(ctx: FeatureContext, path: string, range?: Range): InlayHintInfo[] {
  const file = fileOf(ctx.model, path);
  if (!file || !ctx.evaluation) return [];
  const out: InlayHintInfo[] = [];
  for (const sym of ctx.model.workspace.decls) {
    if (sym.kind !== "metric" || sym.file !== file || !sym.bound) continue;
    const value = sym.props.get("value")?.value;
    if (!value || !isExpr(value)) continue;
    const r = metricResult(ctx, sym.name);
    if (!r) continue;
    const position = file.parse.lines.positionAt(value.span.end);
    if (range && (position.line < range.start.line || position.line > range.end.line)) continue;
    const info = ctx.model.metrics.get(sym.name);
    const tip = [`${sym.name}: ${formatMetric(r)}`, `${r.rows.toLocaleString("en-US")} rows`];
    if (info?.window) tip.push(`window ${info.window.raw}`);
    tip.push(`as of ${ctx.evaluation.asOf}`);
    if (r.value === null && info?.brokenReason) tip.push(`no value: ${info.brokenReason}`);
    out.push({ position, label: `= ${formatMetric(r)}`, tooltip: tip.join(" · ") });
  }
  return out;
}

export interface CodeLensInfo {
  range: Range;
  title: string;
  /** The goal the lens is about. */
  goal: string;
}

export function codeLenses(ctx: FeatureContext, path: string): CodeLensInfo[] {
  const file = fileOf(ctx.model, path);
  if (!file || !ctx.evaluation) return [];
  const out: CodeLensInfo[] = [];
  for (const sym of ctx.model.workspace.decls) {
    if (sym.kind !== "goal" || sym.file !== file || !sym.bound || !sym.decl.name) continue;
    const g = goalResult(ctx, sym.name);
    if (!g) continue;
    const info = ctx.model.goals.get(sym.name);
    const m = g.metric ? metricResult(ctx, g.metric) : undefined;
    const value = m ? formatMetric(m, g.value) : g.value === null ? "no data" : String(g.value);
    const target = thresholdText(info?.target?.text, g.target, m);
    const warn = thresholdText(info?.warn?.text, g.warn, m);
    let detail: string;
    switch (g.status) {
      case "met":
        detail = `${value} ${target}`;
        break;
      case "at_risk":
        detail = `${value}, target ${target}${warn ? ` (warn ${warn})` : ""}`;
        break;
      case "missed":
        detail = `${value}, target ${target}`;
        break;
      default:
        detail = `${g.metric ? `'${g.metric}' has no value` : "no metric"}, target ${target}`;
    }
    const line = file.parse.lines.rangeOf(sym.decl.span).start.line;
    out.push({
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      title: `${STATUS_MARK[g.status]} ${STATUS_WORD[g.status]} — ${detail}`,
      goal: sym.name,
    });
  }
  return out;
}
