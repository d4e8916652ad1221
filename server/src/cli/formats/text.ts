// The terminal scorecard (cli.md "text"): metrics grouped by touchpoint with aligned columns and
// goal marks, journeys, then diagnostics with a source snippet and caret underline, then a summary.
import type { Report, ReportDiagnostic, ReportGoal, ReportMetric } from "../../core/report";
import { formatValue } from "../../core/eval/format";
import type { Formatter, RenderContext } from "./types";

const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", gray: "\x1b[90m" };
type Style = keyof typeof ANSI;

export const STATUS_MARK: Record<string, string> = { met: "✓", at_risk: "⚠", missed: "✗", no_data: "–" };
const STATUS_STYLE: Record<string, Style> = { met: "green", at_risk: "yellow", missed: "red", no_data: "gray" };
const STATUS_WORD: Record<string, string> = { met: "met", at_risk: "at risk", missed: "missed", no_data: "no data" };

/** Display width of a string (counts code points; good enough for the marks we use). */
function width(s: string): number {
  return [...s].length;
}

function padEnd(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - width(s)));
}

function padStart(s: string, w: number): string {
  return " ".repeat(Math.max(0, w - width(s))) + s;
}

export function metricValueText(m: Pick<ReportMetric, "value" | "unit" | "currency" | "decimals">): string {
  return formatValue(m.value, m.unit, { currency: m.currency, decimals: m.decimals });
}

export function thresholdText(g: ReportGoal, m: ReportMetric | undefined, which: "target" | "warn"): string {
  const t = g[which];
  if (!t) return "";
  const op = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=" }[t.op] ?? t.op;
  return `${op} ${formatValue(t.value, m?.unit ?? null, { currency: m?.currency, decimals: m?.decimals })}`;
}

export const text: Formatter = (report, ctx) => {
  const c = (style: Style, s: string) => (ctx.color ? ANSI[style] + s + ANSI.reset : s);
  const out: string[] = [];
  const metrics = report.metrics ?? [];
  const goals = report.goals ?? [];
  const goalsByMetric = new Map<string, ReportGoal[]>();
  for (const g of goals) if (g.metric) goalsByMetric.set(g.metric, [...(goalsByMetric.get(g.metric) ?? []), g]);
  const metricByName = new Map(metrics.map((m) => [m.name, m]));

  if (ctx.command === "eval") {
    out.push(`${c("bold", "CX scorecard")} ${c("dim", `· as of ${report.asOf} · ${report.files.length} file${report.files.length === 1 ? "" : "s"}`)}`);
    out.push("");
    // Group metrics by touchpoint, in order of first appearance; metrics without one last.
    const groups = new Map<string, ReportMetric[]>();
    for (const m of metrics) {
      const key = m.touchpoint ?? "";
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    const ordered = [...groups.entries()].sort((a, b) => (a[0] === "" ? 1 : b[0] === "" ? -1 : 0));
    const nameW = Math.min(32, Math.max(6, ...metrics.map((m) => width(m.name))));
    const labelW = Math.min(36, Math.max(5, ...metrics.map((m) => width(m.label === m.name ? "" : m.label))));
    const valueW = Math.max(5, ...metrics.map((m) => width(metricValueText(m))));
    for (const [tp, ms] of ordered) {
      const shown = ctx.quiet ? ms.filter((m) => (goalsByMetric.get(m.name) ?? []).some((g) => g.status !== "met") || m.value === null) : ms;
      if (!shown.length) continue;
      out.push(tp ? touchpointTitle(tp, report, c) : c("bold", "Other metrics"));
      for (const m of shown) {
        const gs = goalsByMetric.get(m.name) ?? [];
        const worst = worstStatus(gs);
        const mark = worst ? c(STATUS_STYLE[worst], STATUS_MARK[worst]) : " ";
        const label = m.label === m.name ? "" : m.label;
        const goalText = gs.length ? gs.map((g) => `${c(STATUS_STYLE[g.status], STATUS_WORD[g.status])} ${c("dim", `(${thresholdText(g, m, "target")})`)}`).join(", ") : "";
        const rows = m.rows ? c("dim", `n=${m.rows.toLocaleString("en-US")}`) : "";
        const value = m.value === null ? c("gray", padStart("no data", valueW)) : c("bold", padStart(metricValueText(m), valueW));
        out.push(`  ${mark} ${padEnd(truncate(m.name, nameW), nameW)}  ${padEnd(truncate(label, labelW), labelW)}  ${value}  ${padEnd(rows, 0)}${goalText ? "  " + goalText : ""}`.trimEnd());
        if (!ctx.quiet) {
          for (const g of m.groups ?? []) {
            const key = Object.values(g.key).map((v) => (v === null ? "(none)" : String(v))).join(" / ");
            out.push(c("dim", `      ${padEnd(truncate(key, nameW + labelW), nameW + labelW)}  ${padStart(metricValueText({ ...m, value: g.value }), valueW)}  n=${g.rows.toLocaleString("en-US")}`));
          }
          if (m.trend?.length) {
            out.push(c("dim", `      trend  ${m.trend.map((t) => `${t.period} ${metricValueText({ ...m, value: t.value })}`).join(" · ")}`));
          }
        }
      }
      out.push("");
    }
    const journeys = report.journeys ?? [];
    if (journeys.length && !ctx.quiet) {
      out.push(c("bold", "Journeys"));
      for (const j of journeys) {
        const unit = { value: j.value, unit: j.unit, currency: undefined, decimals: undefined };
        out.push(`  ${padEnd(j.label !== j.name ? `${j.name} (${j.label})` : j.name, nameW + labelW + 2)}  ${c("bold", padStart(metricValueText(unit), valueW))}`);
        const weakest = j.steps.filter((s) => s.value !== null).reduce<number | null>((mn, s) => (mn === null || s.value! < mn ? s.value : mn), null);
        const steps = j.steps.map((s) => {
          const v = metricValueText({ value: s.value, unit: j.unit, currency: metricByName.get(s.metric ?? "")?.currency, decimals: undefined });
          const txt = `${s.touchpoint} ${v}`;
          return s.value !== null && s.value === weakest && j.steps.length > 1 ? c("red", txt + " ▼") : txt;
        });
        out.push(`    ${steps.join(c("dim", " → "))}`);
      }
      out.push("");
    }
  }

  const diags = ctx.quiet ? report.diagnostics.filter((d) => d.severity !== "info") : report.diagnostics.filter((d) => d.severity !== "info" || ctx.command === "check");
  for (const d of diags) out.push(...renderDiagnostic(d, ctx, c));
  if (diags.length) out.push("");

  const s = report.summary;
  const parts = [
    s.errors ? c("red", `${s.errors} error${s.errors === 1 ? "" : "s"}`) : "0 errors",
    s.warnings ? c("yellow", `${s.warnings} warning${s.warnings === 1 ? "" : "s"}`) : "0 warnings",
  ];
  if (ctx.command === "eval") {
    const g = s.goals;
    parts.push(
      `goals ${c("green", `${STATUS_MARK.met} ${g.met} met`)}  ${c("yellow", `${STATUS_MARK.at_risk} ${g.at_risk} at risk`)}  ${c("red", `${STATUS_MARK.missed} ${g.missed} missed`)}${g.no_data ? `  ${STATUS_MARK.no_data} ${g.no_data} no data` : ""}`,
    );
  } else {
    parts.unshift(`${report.files.length} file${report.files.length === 1 ? "" : "s"} checked`);
  }
  out.push(parts.join(c("dim", " · ")));
  return out.join("\n") + "\n";
};

function touchpointTitle(tp: string, report: Report, c: (s: Style, t: string) => string): string {
  const step = report.touchpoints?.find((t) => t.name === tp);
  const label = step && step.label !== tp ? step.label : tp;
  const details = [label !== tp ? tp : "", step?.stage ? `stage ${step.stage}` : ""].filter(Boolean).join(" · ");
  return `${c("bold", label)}${details ? " " + c("dim", `(${details})`) : ""}`;
}

function worstStatus(goals: ReportGoal[]): string | undefined {
  const order = ["missed", "at_risk", "no_data", "met"];
  for (const s of order) if (goals.some((g) => g.status === s)) return s;
  return undefined;
}

function truncate(s: string, w: number): string {
  return width(s) <= w ? s : [...s].slice(0, w - 1).join("") + "…";
}

export function renderDiagnostic(d: ReportDiagnostic, ctx: RenderContext, c: (s: Style, t: string) => string): string[] {
  const sev = d.severity === "error" ? c("red", "error") : d.severity === "warning" ? c("yellow", "warning") : c("cyan", "info");
  const lines = [`${c("cyan", d.file)}:${c("yellow", String(d.line))}:${c("yellow", String(d.column))} - ${sev} ${c("gray", d.code)}: ${d.message}`];
  const src = ctx.sourceLine(d.file, d.line);
  if (src !== undefined) {
    const shown = src.replace(/\t/g, " ");
    const num = String(d.line);
    const gutter = " ".repeat(num.length);
    const start = Math.max(0, d.column - 1);
    const end = d.endLine === d.line ? Math.max(start + 1, d.endColumn - 1) : Math.max(start + 1, shown.length);
    const len = Math.max(1, Math.min(end, Math.max(shown.length, start + 1)) - start);
    lines.push(`${c("dim", num + " │")} ${shown.length > 200 ? shown.slice(0, 200) + "…" : shown}`);
    lines.push(`${c("dim", gutter + " │")} ${" ".repeat(start)}${c(d.severity === "error" ? "red" : "yellow", "^".repeat(Math.min(len, 200)))}`);
  }
  for (const r of d.related ?? []) lines.push(c("dim", `    ${r.file}:${r.line}:${r.column}: ${r.message}`));
  return lines;
}
