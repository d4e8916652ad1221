// Markdown (cli.md "markdown"), for pull-request comments and CI job summaries (GitHub-flavoured):
// a summary line, a table of goals (status emoji, metric, value, target, the groups not met of
// `scope: groups` goals), a table of metrics by touchpoint (value, sample size n, change with its
// significance, confidence interval with --confidence), changes by group, journeys, funnels,
// retention curves and drivers, then the diagnostics with relative links to their lines.
//
// Every string from a .cx file, a data file or a file name goes through `md` (or `code`): no
// Markdown or HTML from it is interpreted, no link or e-mail address is made of it, and no
// @mention or #reference notifies anyone (see `md`).
import type { Report, ReportCohort, ReportDiagnostic, ReportDrivers, ReportFunnel, ReportGoal, ReportMetric } from "../../core/report";
import { escapeControls } from "../../core/escape";
import {
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
  statusRank,
  thresholdText,
  type ReportIndex,
} from "./common";
import type { Formatter } from "./types";

export { STATUS_WORD } from "./common";
export const STATUS_EMOJI: Record<string, string> = { met: "✅", at_risk: "⚠️", missed: "❌", no_data: "⚪" };
const SEVERITY_EMOJI: Record<string, string> = { error: "❌", warning: "⚠️", info: "ℹ️" };

/** Most diagnostics listed in one report (PR comments are limited to 65,536 characters). */
const MAX_DIAGNOSTICS = 50;

/** U+2060 WORD JOINER: invisible, and breaks GitHub's @mention and #reference patterns. */
const WJ = "\u2060";

/**
 * Escapes untrusted text for a Markdown paragraph or table cell (GitHub-flavoured Markdown):
 * - control and bidi characters become visible escapes (`\x1b`, `\u202e`), line breaks included;
 * - every character with a Markdown or HTML meaning is backslash-escaped: `\ ` * _ ~ [ ] < > | $ #`,
 *   and `&` before a letter or `#` (no emphasis, links, images, raw HTML, entities, table cells,
 *   headings or math);
 * - `@`, `:` before a letter, digit, `_`, `-` or `/`, and `.` before a letter, `_` or `-` (or
 *   before a digit after a letter) are backslash-escaped too, so no autolinker (GitHub's, or
 *   linkify's fuzzy domains and e-mail addresses) sees `https://…`, `www.…`, `example.com` or
 *   `a@b.c` in one piece; numbers like `3.5` and sentence ends are left alone;
 * - a word joiner (U+2060) follows `@` and `#` before a letter, digit, `_` or `-`, so `@user`
 *   mentions nobody and `#12` references no issue.
 */
export function md(s: string): string {
  return escapeControls(s).replace(/[\\`*_~[\]<>|&$:@#.]/g, (c, i: number, t: string) => {
    const next = t[i + 1] ?? "";
    switch (c) {
      case "&":
        return /[\p{L}#]/u.test(next) ? "\\&" : c;
      case ":":
        return /[\p{L}\p{N}_\-/]/u.test(next) ? "\\:" : c;
      case ".":
        return /[\p{L}_-]/u.test(next) || (/\p{N}/u.test(next) && /[\p{L}_-]/u.test(t[i - 1] ?? "")) ? "\\." : c;
      case "@":
      case "#":
        return /[\p{L}\p{N}_-]/u.test(next) ? `\\${c}${WJ}` : "\\" + c;
      default:
        return "\\" + c;
    }
  });
}

/**
 * A code span that survives any backticks inside (control characters escaped; `|` escaped for
 * table cells). Text with a backslash before a pipe is written with `md` instead, since a table
 * would read that backslash as escaping the pipe's escape.
 */
export function code(s: string): string {
  if (/\\\|/.test(s)) return md(s);
  const t = escapeControls(s);
  let longest = 0;
  for (const run of t.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${fence}${pad}${t.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/**
 * A relative link to a line: `[text](path#L12)`; the path is URL-encoded segment by segment. A
 * path that is not relative (outside the current directory) is not linked.
 */
export function lineLink(text: string, file: string, line?: number): string {
  if (file.startsWith("/") || /^[A-Za-z]:/.test(file)) return text;
  const href = file
    .split("/")
    .map((s) => encodeURIComponent(s).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");
  return `[${text}](${href}${line ? `#L${line}` : ""})`;
}

/** A metric's confidence interval, `low – high`, with as many decimals as its value is shown with. */
export function ciRange(m: ReportMetric): string {
  if (!m.ci) return "";
  const decimals = m.decimals ?? /\.(\d+)/.exec(metricValueText(m))?.[1].length ?? 0;
  return `${metricValueText({ ...m, decimals, value: m.ci.low })} – ${metricValueText({ ...m, decimals, value: m.ci.high })}`;
}

function nameCell(name: string, location: { file: string; line: number } | undefined): string {
  return location ? lineLink(code(name), location.file, location.line) : code(name);
}

function titleCell(name: string, label: string, location?: { file: string; line: number }): string {
  return `${nameCell(name, location)}${label && label !== name ? ` ${md(label)}` : ""}`;
}

/** The groups of a `scope: groups` goal that are not met: `❌ north 1.3 pts, ⚠️ west 25.0 pts`. */
function failingGroupsCell(g: ReportGoal, m: ReportMetric | undefined): string {
  const s = goalGroups(g);
  if (!s?.failing.length) return "";
  return s.failing.map((x) => `${STATUS_EMOJI[x.status]} ${md(keyText(x.key))} ${md(m ? metricValueText({ ...m, value: x.value }) : String(x.value))}`).join("<br>");
}

function goalRow(g: ReportGoal, m: ReportMetric | undefined, withCi: boolean, withGroups: boolean): string {
  const groups = goalGroups(g);
  const word = groups ? goalGroupsStatusText(groups) : (STATUS_WORD[g.status] ?? g.status);
  const status = `${STATUS_EMOJI[g.status] ?? ""} ${md(word)}${g.conclusive === false ? " (not conclusive)" : ""}`;
  const value = g.value === null ? "no data" : m ? metricValueText({ ...m, value: g.value }) : String(g.value);
  const target = `${thresholdText(g, m, "target")}${g.warn ? ` (warn ${thresholdText(g, m, "warn")})` : ""}`;
  const cells = [status, nameCell(g.name, g.location), g.metric ? code(g.metric) : "", md(value)];
  if (withCi) cells.push(m?.ci ? md(ciRange(m)) : "");
  cells.push(md(target));
  if (withGroups) cells.push(failingGroupsCell(g, m));
  cells.push(g.owner ? md(g.owner) : "");
  return `| ${cells.join(" | ")} |`;
}

export const markdown: Formatter = (report, ctx) => {
  const out: string[] = [];
  const metrics = report.metrics ?? [];
  const goals = report.goals ?? [];
  const idx = indexReport(report);
  const s = report.summary;
  let level: number | undefined;
  for (const m of metrics) if (m.ci) {
    level = m.ci.level;
    break;
  }
  const ciHeader = level !== undefined ? `${+(level * 100).toFixed(4)}% CI` : "";
  const smallSample = new Set<string>();
  for (const d of report.diagnostics) if (d.code === "CX4008") smallSample.add(`${d.file}:${d.line}:${d.column}`);
  const isSmall = (m: ReportMetric) => m.location !== undefined && smallSample.has(`${m.location.file}:${m.location.line}:${m.location.column}`);

  if (ctx.command === "eval") {
    out.push(`## CX scorecard — as of ${md(report.asOf)}`, "");
    const g = s.goals;
    out.push(
      `**Goals:** ${STATUS_EMOJI.met} ${g.met} met · ${STATUS_EMOJI.at_risk} ${g.at_risk} at risk · ${STATUS_EMOJI.missed} ${g.missed} missed${g.no_data ? ` · ${STATUS_EMOJI.no_data} ${g.no_data} no data` : ""} — ` +
        `**${s.errors}** error${s.errors === 1 ? "" : "s"}, **${s.warnings}** warning${s.warnings === 1 ? "" : "s"} in ${report.files.length} file${report.files.length === 1 ? "" : "s"}`,
      "",
    );
    if (goals.length) {
      const withGroups = goals.some((x) => x.scope === "groups");
      out.push("### Goals", "");
      out.push(`| Status | Goal | Metric | Value |${level !== undefined ? ` ${ciHeader} |` : ""} Target |${withGroups ? " Groups not met |" : ""} Owner |`);
      out.push(`|---|---|---|---:|${level !== undefined ? "---|" : ""}---|${withGroups ? "---|" : ""}---|`);
      const sorted = goals.map((x, i) => ({ g: x, i })).sort((a, b) => statusRank(a.g.status) - statusRank(b.g.status) || a.i - b.i);
      for (const { g: x } of sorted) out.push(goalRow(x, x.metric ? idx.metricByName.get(x.metric) : undefined, level !== undefined, withGroups));
      out.push("");
    }
    if (metrics.length) metricsSection(report, metrics, idx, level, ciHeader, isSmall, out);
    journeysSection(report, out);
    funnelsSection(report.funnels ?? [], out);
    cohortsSection(report.cohorts ?? [], out);
    driversSection(report.drivers ?? [], out);
  } else {
    out.push(`## CX check — ${report.files.length} file${report.files.length === 1 ? "" : "s"}`, "");
    out.push(`**${s.errors}** error${s.errors === 1 ? "" : "s"}, **${s.warnings}** warning${s.warnings === 1 ? "" : "s"}`, "");
  }

  // Goal outcomes are in the goals table; list the other problems (infos only for check, like text).
  const diags = report.diagnostics.filter((d) => (ctx.command === "check" || d.severity !== "info") && !(ctx.command === "eval" && d.code.startsWith("CX5")));
  if (diags.length) {
    out.push("### Diagnostics", "");
    for (const d of diags.slice(0, MAX_DIAGNOSTICS)) out.push(diagnosticItem(d));
    if (diags.length > MAX_DIAGNOSTICS) out.push(`- … and ${diags.length - MAX_DIAGNOSTICS} more (run \`cx check\` for the full list)`);
    out.push("");
  } else if (ctx.command === "check") {
    out.push("No problems found. ✅", "");
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
};

function metricsSection(report: Report, metrics: ReportMetric[], idx: ReportIndex, level: number | undefined, ciHeader: string, isSmall: (m: ReportMetric) => boolean, out: string[]): void {
  const withChange = metrics.some((m) => m.compare);
  out.push("### Metrics", "");
  out.push(`| Touchpoint | Metric | Value | n |${withChange ? " Change |" : ""}${level !== undefined ? ` ${ciHeader} |` : ""} Goals |`);
  out.push(`|---|---|---:|---:|${withChange ? "---|" : ""}${level !== undefined ? "---|" : ""}---|`);
  for (const [tp, ms] of metricsByTouchpoint(metrics)) {
    ms.forEach((m, i) => {
      const tpCell = i === 0 ? (tp ? `**${md(touchpointLabel(tp, idx))}**` : "*other*") : "";
      const value = m.value === null ? "no data" : md(metricValueText(m));
      const n = m.n === null || m.n === undefined ? "" : `${count(m.n)}${isSmall(m) ? " ⚠️" : ""}`;
      const gs = (idx.goalsByMetric.get(m.name) ?? []).map((g) => `${STATUS_EMOJI[g.status]}${g.conclusive === false ? "❔" : ""} ${code(g.name)}`).join("<br>");
      const cells = [tpCell, titleCell(m.name, m.label, m.location), value, n];
      if (withChange) cells.push(m.compare ? md(compareText(m, m.compare)) : "");
      if (level !== undefined) cells.push(m.ci ? md(ciRange(m)) : "");
      cells.push(gs);
      out.push(`| ${cells.join(" | ")} |`);
    });
  }
  out.push("");
  const notes: string[] = [];
  if (metrics.some(isSmall)) notes.push("⚠️ after *n*: fewer answers than the metric's `min_sample` (CX4008).");
  if ((report.goals ?? []).some((g) => g.conclusive === false)) notes.push(`❔ not conclusive: the ${ciHeader.replace(" CI", "")} confidence interval of the metric contains the target.`);
  if (notes.length) out.push(notes.join("<br>\n"), "");

  // Changes by group: the groups of compared metrics.
  const compared = metrics.filter((m) => m.compare && m.groups?.some((g) => "previous" in g || "change" in g));
  if (compared.length) {
    out.push("### Changes by group", "");
    out.push("| Metric | Group | Value | n | Change |", "|---|---|---:|---:|---|");
    for (const m of compared) {
      m.groups!.forEach((g, i) => {
        const n = g.n === null || g.n === undefined ? "" : count(g.n);
        out.push(`| ${i === 0 ? code(m.name) : ""} | ${md(keyText(g.key))} | ${md(metricValueText({ ...m, value: g.value }))} | ${n} | ${md(groupChangeText(m, g))} |`);
      });
    }
    out.push("");
  }
}

function journeysSection(report: Report, out: string[]): void {
  const journeys = report.journeys ?? [];
  if (!journeys.length) return;
  out.push("### Journeys", "");
  out.push("| Journey | Value | Steps |", "|---|---:|---|");
  for (const j of journeys) {
    const fmt = (v: number | null) => metricValueText({ value: v, unit: j.unit });
    const steps = j.steps
      .map((st) => {
        const reach = st.reach !== null && st.reach !== undefined ? ` (reach ${md(pct(st.reach))})` : "";
        const marks = `${st.weakest ? " ▼" : ""}${st.priority ? " ◆" : ""}`;
        return `${md(st.touchpoint)} ${md(fmt(st.value))}${st.goal ? ` ${STATUS_EMOJI[st.goal]}` : ""}${reach}${marks}`;
      })
      .join(" → ");
    out.push(`| ${titleCell(j.name, j.label, j.location)} | ${md(fmt(j.value))} | ${steps} |`);
  }
  out.push("");
  if (journeys.some((j) => j.steps.some((s) => s.weakest || s.priority))) out.push("▼ weakest step · ◆ priority", "");
}

function funnelsSection(funnels: ReportFunnel[], out: string[]): void {
  if (!funnels.length) return;
  out.push("### Funnels", "");
  for (const f of funnels) {
    out.push(`${titleCell(f.name, f.label, f.location)}: **${md(pct(f.value))}** of ${count(f.customers)} customer${f.customers === 1 ? "" : "s"} reach the last step`, "");
    out.push("| Step | Customers | From previous | From first |", "|---|---:|---:|---:|");
    for (const s of f.steps) out.push(`| ${titleCell(s.name, s.label)} | ${count(s.customers)} | ${md(pct(s.conversion))} | ${md(pct(s.overall))} |`);
    out.push("");
  }
}

function cohortsSection(cohorts: ReportCohort[], out: string[]): void {
  if (!cohorts.length) return;
  out.push("### Retention", "");
  for (const k of cohorts) {
    out.push(`${titleCell(k.name, k.label, k.location)}: **${md(pct(k.value))}** at ${k.periods} ${md(k.period)}${k.periods === 1 ? "" : "s"} (${k.cohorts.length} cohort${k.cohorts.length === 1 ? "" : "s"})`, "");
    out.push(`| Age (${md(k.period)}s) | Rate | Retained | Observed |`, "|---:|---:|---:|---:|");
    for (const p of k.curve) out.push(`| ${p.age} | ${md(pct(p.rate))} | ${count(p.retained)} | ${count(p.observed)} |`);
    out.push("");
  }
}

function driversSection(drivers: ReportDrivers[], out: string[]): void {
  if (!drivers.length) return;
  out.push("### Drivers", "");
  for (const d of drivers) {
    out.push(`${titleCell(d.name, d.label, d.location)}: outcome ${code(d.outcome)}, n = ${count(d.n)}, R² = ${md(num(d.r2))}`, "");
    out.push("| Driver | Importance | Correlation | Mean |", "|---|---:|---:|---:|");
    for (const x of driversByImportance(d.drivers)) out.push(`| ${titleCell(x.name, x.label)} | ${md(pct(x.importance))} | ${md(num(x.correlation))} | ${md(num(x.mean))} |`);
    out.push("");
  }
}

export function diagnosticItem(d: ReportDiagnostic): string {
  return `- ${SEVERITY_EMOJI[d.severity] ?? ""} ${lineLink(`${md(d.file)}:${d.line}:${d.column}`, d.file, d.line)} ${code(d.code)} ${md(d.message)}`;
}

function touchpointLabel(tp: string, idx: ReportIndex): string {
  const t = idx.touchpointByName.get(tp);
  return t && t.label !== tp ? `${t.label} (${tp})` : tp;
}
