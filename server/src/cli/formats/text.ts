// The terminal scorecard (cli.md "text"): metrics grouped by touchpoint with aligned columns and
// goal marks (with their comparison, groups and not-met groups of `scope: groups` goals), journeys,
// funnels, retention curves and drivers, then diagnostics with a source snippet and caret
// underline, then a summary. Every string from a .cx file, a data file or a file name is passed
// through escapeControls (no escape sequences, bidi overrides or line breaks reach the terminal).
// Linear in the size of the report: every lookup goes through the indexes of common.ts.
import type { Report, ReportCohort, ReportDiagnostic, ReportDrivers, ReportFunnel, ReportGoal, ReportMetric } from "../../core/report";
import { displayWidth, escapeControls as esc, escapeSourceLine } from "../../core/escape";
import {
  STATUS_MARK,
  STATUS_WORD,
  compareText,
  count,
  driversByImportance,
  goalGroups,
  goalGroupsStatusText,
  groupChangeText,
  indexReport,
  keyText,
  metricValueText,
  metricsByTouchpoint,
  num,
  pct,
  thresholdText,
  worstStatus,
  type ReportIndex,
} from "./common";
import type { Formatter, RenderContext } from "./types";

export { STATUS_MARK, metricValueText, thresholdText } from "./common";

const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", gray: "\x1b[90m" };
export type Style = keyof typeof ANSI;
type Paint = (style: Style, s: string) => string;

/** Wraps text in an ANSI style when `color` is on. */
export function painter(color: boolean): Paint {
  return (style, s) => (color ? ANSI[style] + s + ANSI.reset : s);
}

const STATUS_STYLE: Record<string, Style> = { met: "green", at_risk: "yellow", missed: "red", no_data: "gray" };

function padEnd(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - displayWidth(s)));
}

function padStart(s: string, w: number): string {
  return " ".repeat(Math.max(0, w - displayWidth(s))) + s;
}

function truncate(s: string, w: number): string {
  return displayWidth(s) <= w ? s : [...s].slice(0, Math.max(0, w - 1)).join("") + "…";
}

/** The largest display width among `items` (no spread: reports may have many thousands). */
function maxWidth<T>(items: T[], f: (x: T) => string, min: number, cap = Infinity): number {
  let w = min;
  for (const x of items) {
    const n = displayWidth(f(x));
    if (n > w) w = n;
    if (w >= cap) return cap;
  }
  return w;
}

export const text: Formatter = (report, ctx) => {
  const c = painter(ctx.color);
  const out: string[] = [];
  const metrics = report.metrics ?? [];
  const idx = indexReport(report);

  if (ctx.command === "eval") {
    out.push(`${c("bold", "CX scorecard")} ${c("dim", `· as of ${esc(report.asOf)} · ${report.files.length} file${report.files.length === 1 ? "" : "s"}`)}`);
    out.push("");
    const nameW = maxWidth(metrics, (m) => esc(m.name), 6, 32);
    const labelW = maxWidth(metrics, (m) => (m.label === m.name ? "" : esc(m.label)), 5, 36);
    const valueW = maxWidth(metrics, (m) => metricValueText(m), 5);
    const sampleW = maxWidth(metrics, (m) => sampleText(m.n), 0);
    const w = { nameW, labelW, valueW, sampleW };
    for (const [tp, ms] of metricsByTouchpoint(metrics)) {
      const shown = ctx.quiet ? ms.filter((m) => m.value === null || (idx.goalsByMetric.get(m.name) ?? []).some((g) => g.status !== "met")) : ms;
      if (!shown.length) continue;
      out.push(tp ? touchpointTitle(tp, idx, c) : c("bold", "Other metrics"));
      for (const m of shown) metricLines(m, idx.goalsByMetric.get(m.name) ?? [], w, ctx, c, out);
      out.push("");
    }
    if (!ctx.quiet) {
      journeyLines(report, idx, w, c, out);
      funnelLines(report.funnels ?? [], c, out);
      cohortLines(report.cohorts ?? [], c, out);
      driverLines(report.drivers ?? [], c, out);
    }
  }

  let shownDiagnostics = 0;
  for (const d of report.diagnostics) {
    if (d.severity === "info" && (ctx.quiet || ctx.command !== "check")) continue;
    for (const line of renderDiagnostic(d, ctx, c)) out.push(line);
    shownDiagnostics++;
  }
  if (shownDiagnostics) out.push("");

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

/** `n=1,234` for a sample size; "" when the report has none (n null). */
function sampleText(n: number | null | undefined): string {
  return n === null || n === undefined ? "" : `n=${count(n)}`;
}

function goalStatusText(g: ReportGoal, m: ReportMetric, c: Paint): string {
  const groups = goalGroups(g);
  const status = groups ? goalGroupsStatusText(groups) : STATUS_WORD[g.status];
  return `${c(STATUS_STYLE[g.status], status)} ${c("dim", `(${thresholdText(g, m, "target")})`)}`;
}

interface Widths {
  nameW: number;
  labelW: number;
  valueW: number;
  /** Of the sample-size column; 0 when no metric has one. */
  sampleW: number;
}

function metricLines(m: ReportMetric, gs: ReportGoal[], w: Widths, ctx: RenderContext, c: Paint, out: string[]): void {
  const worst = worstStatus(gs.map((g) => g.status));
  const mark = worst ? c(STATUS_STYLE[worst], STATUS_MARK[worst]) : " ";
  const label = m.label === m.name ? "" : esc(m.label);
  const goalText = gs.map((g) => goalStatusText(g, m, c)).join(", ");
  const sample = w.sampleW ? `  ${c("dim", padEnd(sampleText(m.n), w.sampleW))}` : "";
  const value = m.value === null ? c("gray", padStart("no data", w.valueW)) : c("bold", padStart(metricValueText(m), w.valueW));
  out.push(`  ${mark} ${padEnd(truncate(esc(m.name), w.nameW), w.nameW)}  ${padEnd(truncate(label, w.labelW), w.labelW)}  ${value}${sample}${goalText ? "  " + goalText : ""}`.trimEnd());
  const indent = "      ";
  if (m.compare) out.push(`${indent}${c(m.compare.significant ? "bold" : "dim", compareText(m, m.compare))}`);
  // Goals with scope groups: every group that is not met, with its value (shown with --quiet too).
  for (const g of gs) {
    const s = goalGroups(g);
    if (!s?.failing.length) continue;
    const list = s.failing.map((x) => `${c(STATUS_STYLE[x.status], STATUS_MARK[x.status])} ${esc(keyText(x.key))} ${metricValueText({ ...m, value: x.value })}`).join(c("dim", " · "));
    out.push(`${indent}${c("dim", `${esc(g.name)} not met:`)} ${list}`);
  }
  if (ctx.quiet) return;
  if (m.groups?.length) {
    // The mark of each group under the metric's scope-groups goals.
    const groupStatus = new Map<string, string>();
    for (const g of gs) {
      if (g.scope !== "groups" || !g.groups) continue;
      for (const x of g.groups) {
        const k = JSON.stringify(x.key);
        groupStatus.set(k, worstStatus([x.status, groupStatus.get(k) ?? "met"])!);
      }
    }
    const keyW = w.nameW + w.labelW;
    const sampleW = maxWidth(m.groups, (g) => sampleText(g.n), 0);
    for (const g of m.groups) {
      const st = groupStatus.size ? groupStatus.get(JSON.stringify(g.key)) : undefined;
      const gmark = st && st !== "met" ? c(STATUS_STYLE[st], STATUS_MARK[st]) : " ";
      const change = groupChangeText(m, g);
      const line = `${padEnd(truncate(esc(keyText(g.key)), keyW), keyW)}  ${padStart(metricValueText({ ...m, value: g.value }), w.valueW)}  ${padEnd(sampleText(g.n), sampleW)}${change ? `  ${change}` : ""}`.trimEnd();
      out.push(`    ${gmark} ${c("dim", line)}`);
    }
  }
  if (m.trend?.length) {
    out.push(c("dim", `${indent}trend  ${m.trend.map((t) => `${esc(t.period)} ${metricValueText({ ...m, value: t.value })}`).join(" · ")}`));
  }
}

function journeyLines(report: Report, idx: ReportIndex, w: Widths, c: Paint, out: string[]): void {
  const journeys = report.journeys ?? [];
  if (!journeys.length) return;
  out.push(c("bold", "Journeys"));
  for (const j of journeys) {
    const unit = { value: j.value, unit: j.unit };
    out.push(`  ${padEnd(j.label !== j.name ? `${esc(j.name)} (${esc(j.label)})` : esc(j.name), w.nameW + w.labelW + 2)}  ${c("bold", padStart(metricValueText(unit), w.valueW))}`);
    // Version 2 marks the weakest step itself; otherwise the step with the lowest value.
    const flagged = j.steps.some((s) => s.weakest !== undefined);
    let lowest: number | null = null;
    if (!flagged) for (const s of j.steps) if (s.value !== null && (lowest === null || s.value < lowest)) lowest = s.value;
    const steps = j.steps.map((s) => {
      const v = metricValueText({ value: s.value, unit: j.unit, currency: idx.metricByName.get(s.metric ?? "")?.currency });
      const reach = s.reach !== null && s.reach !== undefined ? c("dim", ` (reach ${pct(s.reach)})`) : "";
      const txt = `${esc(s.touchpoint)} ${v}${reach}${s.priority ? " ◆" : ""}`;
      const weakest = flagged ? s.weakest === true : s.value !== null && s.value === lowest && j.steps.length > 1;
      return weakest ? c("red", txt + " ▼") : txt;
    });
    out.push(`    ${steps.join(c("dim", " → "))}`);
  }
  if (journeys.some((j) => j.steps.some((s) => s.priority))) out.push(c("dim", "    ▼ weakest step · ◆ priority"));
  out.push("");
}

/** A small table: columns right-aligned except the first; `rows` are already escaped. */
function table(head: string[], rows: string[][], indent: string, c: Paint, out: string[]): void {
  const widths = head.map((h, i) => {
    let wmax = displayWidth(h);
    for (const r of rows) wmax = Math.max(wmax, displayWidth(r[i] ?? ""));
    return wmax;
  });
  const line = (cells: string[]) => cells.map((x, i) => (i === 0 ? padEnd(x, widths[i]) : padStart(x, widths[i]))).join("  ").trimEnd();
  out.push(indent + c("dim", line(head)));
  for (const r of rows) out.push(indent + line(r));
}

function titled(name: string, label: string): string {
  return label && label !== name ? `${esc(name)} (${esc(label)})` : esc(name);
}

function funnelLines(funnels: ReportFunnel[], c: Paint, out: string[]): void {
  if (!funnels.length) return;
  out.push(c("bold", "Funnels"));
  for (const f of funnels) {
    out.push(`  ${titled(f.name, f.label)}  ${c("bold", pct(f.value))} ${c("dim", `of ${count(f.customers)} customer${f.customers === 1 ? "" : "s"} reach the last step`)}`);
    table(
      ["step", "customers", "from previous", "from first"],
      f.steps.map((s) => [titled(s.name, s.label), count(s.customers), pct(s.conversion), pct(s.overall)]),
      "    ",
      c,
      out,
    );
  }
  out.push("");
}

function cohortLines(cohorts: ReportCohort[], c: Paint, out: string[]): void {
  if (!cohorts.length) return;
  out.push(c("bold", "Retention"));
  for (const k of cohorts) {
    const customers = k.cohorts.reduce((n, r) => n + r.customers, 0);
    out.push(
      `  ${titled(k.name, k.label)}  ${c("bold", pct(k.value))} ${c("dim", `at ${k.periods} ${esc(k.period)}${k.periods === 1 ? "" : "s"} · ${k.cohorts.length} cohort${k.cohorts.length === 1 ? "" : "s"}, ${count(customers)} customers`)}`,
    );
    table(
      [`age (${esc(k.period)}s)`, "rate", "retained", "observed"],
      k.curve.map((p) => [String(p.age), pct(p.rate), count(p.retained), count(p.observed)]),
      "    ",
      c,
      out,
    );
  }
  out.push("");
}

function driverLines(drivers: ReportDrivers[], c: Paint, out: string[]): void {
  if (!drivers.length) return;
  out.push(c("bold", "Drivers"));
  for (const d of drivers) {
    out.push(`  ${titled(d.name, d.label)}  ${c("dim", `outcome ${esc(d.outcome)} · n=${count(d.n)} · R² = ${num(d.r2)}`)}`);
    table(
      ["driver", "importance", "correlation", "mean"],
      driversByImportance(d.drivers).map((x) => [titled(x.name, x.label), pct(x.importance), num(x.correlation), num(x.mean)]),
      "    ",
      c,
      out,
    );
  }
  out.push("");
}

function touchpointTitle(tp: string, idx: ReportIndex, c: Paint): string {
  const step = idx.touchpointByName.get(tp);
  const label = step && step.label !== tp ? esc(step.label) : esc(tp);
  const details = [step && step.label !== tp ? esc(tp) : "", step?.stage ? `stage ${esc(step.stage)}` : ""].filter(Boolean).join(" · ");
  return `${c("bold", label)}${details ? " " + c("dim", `(${details})`) : ""}`;
}

/** A diagnostic: `file:line:column - severity CODE: message`, the source line and a caret underline. */
export function renderDiagnostic(d: ReportDiagnostic, ctx: Pick<RenderContext, "sourceLine">, c: Paint): string[] {
  const sev = d.severity === "error" ? c("red", "error") : d.severity === "warning" ? c("yellow", "warning") : c("cyan", "info");
  const lines = [`${c("cyan", esc(d.file))}:${c("yellow", String(d.line))}:${c("yellow", String(d.column))} - ${sev} ${c("gray", esc(d.code))}: ${esc(d.message)}`];
  const src = ctx.sourceLine(d.file, d.line);
  if (src !== undefined) {
    const LIMIT = 200;
    const start = Math.max(0, d.column - 1);
    const endOffset = d.endLine === d.line ? Math.max(start + 1, d.endColumn - 1) : Math.max(start + 1, src.length);
    const end = Math.min(endOffset, Math.max(src.length, start + 1));
    const shown = escapeSourceLine(src);
    const from = shown.column(start);
    const to = Math.max(from + 1, shown.column(end));
    const num = String(d.line);
    const gutter = " ".repeat(num.length);
    const visible = displayWidth(shown.text) > LIMIT ? [...shown.text].slice(0, LIMIT).join("") + "…" : shown.text;
    lines.push(`${c("dim", num + " │")} ${visible}`);
    if (from < LIMIT) lines.push(`${c("dim", gutter + " │")} ${" ".repeat(from)}${c(d.severity === "error" ? "red" : "yellow", "^".repeat(Math.min(to, LIMIT) - from))}`);
  }
  for (const r of d.related ?? []) lines.push(c("dim", `    ${esc(r.file)}:${r.line}:${r.column}: ${esc(r.message)}`));
  return lines;
}
