// Markdown (cli.md "markdown"), for pull-request comments and CI job summaries (GitHub-flavoured):
// a summary line, a table of goals (status emoji, metric, value, target), a table of metrics by
// touchpoint (value, sample size, confidence interval with --confidence), journeys, then the
// diagnostics with relative links to their lines (`path#L12`).
import type { Report, ReportDiagnostic, ReportGoal, ReportMetric } from "../../core/report";
import { metricValueText, thresholdText } from "./text";
import type { Formatter } from "./types";

export const STATUS_EMOJI: Record<string, string> = { met: "✅", at_risk: "⚠️", missed: "❌", no_data: "⚪" };
export const STATUS_WORD: Record<string, string> = { met: "met", at_risk: "at risk", missed: "missed", no_data: "no data" };
const SEVERITY_EMOJI: Record<string, string> = { error: "❌", warning: "⚠️", info: "ℹ️" };

/** Most diagnostics listed in one report (PR comments are limited to 65,536 characters). */
const MAX_DIAGNOSTICS = 50;

/** Escapes text for a Markdown table cell or paragraph. */
export function md(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/([\\`*_[\]<>|])/g, "\\$1");
}

/** A code span that survives any backticks inside. */
export function code(s: string): string {
  const ticks = s.match(/`+/g)?.reduce((a, b) => (b.length > a.length ? b : a), "") ?? "";
  const fence = "`".repeat(ticks.length + 1);
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${fence}${pad}${s.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/** A relative link to a line: `[text](path#L12)`; the path is URL-encoded for spaces and parentheses. */
export function lineLink(text: string, file: string, line?: number): string {
  const href = file.split("/").map((s) => encodeURIComponent(s).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join("/");
  return `[${text}](${href}${line ? `#L${line}` : ""})`;
}

/** A metric's confidence interval, `low – high`, with as many decimals as its value is shown with. */
export function ciRange(m: ReportMetric): string {
  if (!m.ci) return "";
  const decimals = m.decimals ?? /\.(\d+)/.exec(metricValueText(m))?.[1].length ?? 0;
  return `${metricValueText({ ...m, decimals, value: m.ci.low })} – ${metricValueText({ ...m, decimals, value: m.ci.high })}`;
}

function goalRow(g: ReportGoal, m: ReportMetric | undefined, withCi: boolean): string {
  const name = g.location ? lineLink(code(g.name), g.location.file, g.location.line) : code(g.name);
  const status = `${STATUS_EMOJI[g.status] ?? ""} ${STATUS_WORD[g.status] ?? g.status}${g.conclusive === false ? " (not conclusive)" : ""}`;
  const value = g.value === null ? "no data" : m ? metricValueText({ ...m, value: g.value }) : String(g.value);
  const target = `${thresholdText(g, m, "target")}${g.warn ? ` (warn ${thresholdText(g, m, "warn")})` : ""}`;
  const cells = [status, name, g.metric ? code(g.metric) : "", md(value)];
  if (withCi) cells.push(m?.ci ? md(ciRange(m)) : "");
  cells.push(md(target), g.owner ? md(g.owner) : "");
  return `| ${cells.join(" | ")} |`;
}

export const markdown: Formatter = (report, ctx) => {
  const out: string[] = [];
  const metrics = report.metrics ?? [];
  const goals = report.goals ?? [];
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const s = report.summary;
  const level = metrics.find((m) => m.ci)?.ci?.level;
  const ciHeader = level !== undefined ? `${+(level * 100).toFixed(4)}% CI` : "";
  const smallSample = new Set(report.diagnostics.filter((d) => d.code === "CX4008").map((d) => `${d.file}:${d.line}:${d.column}`));

  if (ctx.command === "eval") {
    out.push(`## CX scorecard — as of ${report.asOf}`, "");
    const g = s.goals;
    out.push(
      `**Goals:** ${STATUS_EMOJI.met} ${g.met} met · ${STATUS_EMOJI.at_risk} ${g.at_risk} at risk · ${STATUS_EMOJI.missed} ${g.missed} missed${g.no_data ? ` · ${STATUS_EMOJI.no_data} ${g.no_data} no data` : ""} — ` +
        `**${s.errors}** error${s.errors === 1 ? "" : "s"}, **${s.warnings}** warning${s.warnings === 1 ? "" : "s"} in ${report.files.length} file${report.files.length === 1 ? "" : "s"}`,
      "",
    );
    if (goals.length) {
      out.push("### Goals", "");
      out.push(`| Status | Goal | Metric | Value |${level !== undefined ? ` ${ciHeader} |` : ""} Target | Owner |`);
      out.push(`|---|---|---|---:|${level !== undefined ? "---|" : ""}---|---|`);
      const order: Record<string, number> = { missed: 0, at_risk: 1, no_data: 2, met: 3 };
      const sorted = goals.map((g, i) => ({ g, i })).sort((a, b) => (order[a.g.status] ?? 9) - (order[b.g.status] ?? 9) || a.i - b.i);
      for (const { g } of sorted) out.push(goalRow(g, g.metric ? byName.get(g.metric) : undefined, level !== undefined));
      out.push("");
    }
    if (metrics.length) {
      out.push("### Metrics", "");
      out.push(`| Touchpoint | Metric | Value | n |${level !== undefined ? ` ${ciHeader} |` : ""} Goals |`);
      out.push(`|---|---|---:|---:|${level !== undefined ? "---|" : ""}---|`);
      const groups = new Map<string, ReportMetric[]>();
      for (const m of metrics) groups.set(m.touchpoint ?? "", [...(groups.get(m.touchpoint ?? "") ?? []), m]);
      const ordered = [...groups.entries()].sort((a, b) => (a[0] === "" ? 1 : b[0] === "" ? -1 : 0));
      const goalsOf = new Map<string, ReportGoal[]>();
      for (const g of goals) if (g.metric) goalsOf.set(g.metric, [...(goalsOf.get(g.metric) ?? []), g]);
      for (const [tp, ms] of ordered) {
        ms.forEach((m, i) => {
          const tpCell = i === 0 ? (tp ? `**${md(touchpointLabel(tp, report))}**` : "*other*") : "";
          const name = m.location ? lineLink(code(m.name), m.location.file, m.location.line) : code(m.name);
          const label = m.label && m.label !== m.name ? ` ${md(m.label)}` : "";
          const value = m.value === null ? "no data" : md(metricValueText(m));
          const n = m.n;
          const small = m.location && smallSample.has(`${m.location.file}:${m.location.line}:${m.location.column}`);
          const gs = (goalsOf.get(m.name) ?? []).map((g) => `${STATUS_EMOJI[g.status]}${g.conclusive === false ? "❔" : ""} ${code(g.name)}`).join("<br>");
          const cells = [tpCell, name + label, value, `${n ? n.toLocaleString("en-US") : "0"}${small ? " ⚠️" : ""}`];
          if (level !== undefined) cells.push(m.ci ? md(ciRange(m)) : "");
          cells.push(gs);
          out.push(`| ${cells.join(" | ")} |`);
        });
      }
      out.push("");
      const notes: string[] = [];
      if (metrics.some((m) => m.location && smallSample.has(`${m.location.file}:${m.location.line}:${m.location.column}`))) notes.push("⚠️ after *n*: fewer answers than the metric's `min_sample` (CX4008).");
      if (goals.some((g) => g.conclusive === false)) notes.push(`❔ not conclusive: the ${ciHeader.replace(" CI", "")} confidence interval of the metric contains the target.`);
      if (notes.length) out.push(notes.join("<br>\n"), "");
    }
    const journeys = report.journeys ?? [];
    if (journeys.length) {
      out.push("### Journeys", "");
      out.push("| Journey | Value | Steps |", "|---|---:|---|");
      for (const j of journeys) {
        const fmt = (v: number | null) => metricValueText({ value: v, unit: j.unit, currency: undefined, decimals: undefined });
        const steps = j.steps.map((st) => `${md(st.touchpoint)} ${md(fmt(st.value))}${st.goal ? ` ${STATUS_EMOJI[st.goal]}` : ""}`).join(" → ");
        const name = j.location ? lineLink(code(j.name), j.location.file, j.location.line) : code(j.name);
        out.push(`| ${name}${j.label !== j.name ? ` ${md(j.label)}` : ""} | ${md(fmt(j.value))} | ${steps} |`);
      }
      out.push("");
    }
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

export function diagnosticItem(d: ReportDiagnostic): string {
  return `- ${SEVERITY_EMOJI[d.severity] ?? ""} ${lineLink(`${md(d.file)}:${d.line}:${d.column}`, d.file, d.line)} ${code(d.code)} ${md(d.message)}`;
}

function touchpointLabel(tp: string, report: Report): string {
  const step = (report.journeys ?? []).flatMap((j) => j.steps).find((st) => st.touchpoint === tp);
  return step && step.label !== tp ? `${step.label} (${tp})` : tp;
}
