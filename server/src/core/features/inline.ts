// Inline values: an inlay hint after each metric's `value:` formula (`= 42.5 pts`, with the change
// of a compared metric: `= 42.5 pts · ▲ +4.2 pts`) and a code lens above each goal with its status
// (`✓ met — 42.5 pts ≥ 40`), each funnel (its conversion), cohort (its retention) and drivers
// analysis (its top driver), from the last evaluation.
import { isExpr } from "../syntax/ast";
import type { Position, Range } from "../text";
import { fileOf } from "./query";
import type { FeatureContext } from "./types";
import { formatValue } from "../eval/format";
import { escapeControls } from "../escape";
import { changeArrow, compareText, formatMetric, goalResult, metricResult, signedChange, STATUS_MARK, STATUS_WORD, thresholdText } from "./values";

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
    let label = `= ${formatMetric(r)}`;
    if (r.compare) {
      if (r.compare.change !== null) label += ` · ${changeArrow(r.compare.change)} ${signedChange(r, r.compare.change)}`;
      tip.push(compareText(r, r.compare));
    }
    out.push({ position, label, tooltip: tip.join(" · ") });
  }
  return out;
}

export interface CodeLensInfo {
  range: Range;
  title: string;
  /** The declaration the lens is about: a goal, funnel, cohort or drivers analysis. */
  kind: "goal" | "funnel" | "cohort" | "drivers";
  name: string;
}

export function codeLenses(ctx: FeatureContext, path: string): CodeLensInfo[] {
  const file = fileOf(ctx.model, path);
  if (!file || !ctx.evaluation) return [];
  const out: CodeLensInfo[] = [];
  for (const sym of ctx.model.workspace.decls) {
    if (sym.file !== file || !sym.bound || !sym.decl.name) continue;
    const line = file.parse.lines.rangeOf(sym.decl.span).start.line;
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    if (sym.kind === "funnel" || sym.kind === "cohort" || sym.kind === "drivers") {
      const title = analysisLens(ctx, sym.kind, sym.name);
      if (title) out.push({ range, title, kind: sym.kind, name: sym.name });
      continue;
    }
    if (sym.kind !== "goal") continue;
    const g = goalResult(ctx, sym.name);
    if (!g) continue;
    const info = ctx.model.goals.get(sym.name);
    const m = g.metric ? metricResult(ctx, g.metric) : undefined;
    const value = m ? formatMetric(m, g.value) : g.value === null ? "no data" : String(g.value);
    const target = thresholdText(info?.target?.text, g.target, m);
    const warn = thresholdText(info?.warn?.text, g.warn, m);
    let detail: string;
    const groups = g.scope === "groups" ? g.groups ?? [] : undefined;
    const notMet = groups?.filter((x) => x.status === g.status).length ?? 0;
    const worst = groups?.length && g.status !== "met" && g.status !== "no_data" ? groups.find((x) => x.value === g.value && x.status === g.status) : undefined;
    switch (groups && g.status !== "no_data" ? "groups" : g.status) {
      case "groups":
        detail =
          g.status === "met"
            ? `all ${groups!.length} groups ${target}`
            : `${notMet} of ${groups!.length} groups${worst ? ` (worst: ${keyText(worst.key)} ${value})` : ""}, target ${target}${g.status === "at_risk" && warn ? ` (warn ${warn})` : ""}`;
        break;
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
    out.push({ range, title: `${STATUS_MARK[g.status]} ${STATUS_WORD[g.status]} — ${detail}`, kind: "goal", name: sym.name });
  }
  return out;
}

function keyText(key: Record<string, unknown>): string {
  return escapeControls(Object.values(key).map((v) => (v === null ? "(none)" : String(v))).join(" / "));
}

const pct = (v: number | null) => formatValue(v, "percent");

/** The headline of a funnel (its conversion), a cohort (its retention) or a drivers analysis (its top driver). */
function analysisLens(ctx: FeatureContext, kind: "funnel" | "cohort" | "drivers", name: string): string | undefined {
  const ev = ctx.evaluation!;
  if (kind === "funnel") {
    const r = ev.funnels.find((f) => f.name === name);
    if (!r) return undefined;
    return `Conversion ${pct(r.value)} — ${r.steps.map((s) => s.customers.toLocaleString("en-US")).join(" → ")} customers`;
  }
  if (kind === "cohort") {
    const r = ev.cohorts.find((c) => c.name === name);
    if (!r) return undefined;
    const customers = r.cohorts.reduce((a, c) => a + c.customers, 0);
    return `Retention at age ${r.periods}: ${pct(r.value)} — ${customers.toLocaleString("en-US")} customers in ${r.cohorts.length} cohort${r.cohorts.length === 1 ? "" : "s"}`;
  }
  const r = ev.drivers.find((d) => d.name === name);
  if (!r) return undefined;
  const top = [...r.drivers].filter((d) => d.importance !== null).sort((a, b) => b.importance! - a.importance!)[0];
  const model = `R² ${r.r2 === null ? "–" : r.r2.toFixed(2)} · n = ${r.n.toLocaleString("en-US")}`;
  return top ? `Top driver: ${top.name} (${pct(top.importance)}) — ${model}` : `No driver in the model — ${model}`;
}
