// Renderers of `cx diff` (text, json, markdown) over the core's WorkspaceDiff.
import type { DeclarationChange, GoalDiff, GoalSnapshot, MetricDiff, ValueSnapshot, WorkspaceDiff } from "../core/diff";
import { formatValue } from "../core/eval/format";
import { code, lineLink, md, STATUS_EMOJI, STATUS_WORD } from "./formats/markdown";

export type DiffFormatter = (diff: WorkspaceDiff, opts: { color: boolean }) => string;

const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m" };
type Style = keyof typeof ANSI;

const CHANGE_MARK: Record<DeclarationChange["change"], string> = { added: "+", removed: "-", changed: "~", renamed: "→" };
const CHANGE_EMOJI: Record<DeclarationChange["change"], string> = { added: "➕", removed: "➖", changed: "✏️", renamed: "🔀" };
const OP: Record<string, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=" };

function fmt(m: Pick<MetricDiff, "unit" | "currency" | "decimals">, v: number | null | undefined): string {
  return formatValue(v, m.unit, { currency: m.currency, decimals: m.decimals });
}

/** A signed difference: percentage points for percent metrics. */
export function deltaText(m: Pick<MetricDiff, "unit" | "currency" | "decimals">, a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined) return "";
  const d = b - a;
  if (Math.abs(d) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) return "±0";
  const sign = d > 0 ? "+" : "−";
  if (m.unit === "percent") return `${sign}${formatValue(Math.abs(d) * 100, null, { decimals: m.decimals ?? 1 })} pp`;
  return sign + fmt(m, Math.abs(d)).replace(/^-/, "");
}

function snapText(m: MetricDiff, s: ValueSnapshot | null, withCi = false): string {
  if (!s) return "—";
  let t = fmt(m, s.value);
  if (withCi && s.ci) {
    const decimals = m.decimals ?? /\.(\d+)/.exec(t)?.[1].length ?? 0;
    const f = (v: number) => formatValue(v, m.unit, { currency: m.currency, decimals });
    t += ` [${f(s.ci.low)} – ${f(s.ci.high)}]`;
  }
  return t;
}

function statusText(s: GoalSnapshot | null): string {
  if (!s) return "—";
  return `${STATUS_WORD[s.status] ?? s.status}${s.conclusive === false ? " (not conclusive)" : ""}`;
}

function thresholdText(m: MetricDiff | undefined, t: { op: string; value: number } | null): string {
  if (!t) return "—";
  return `${OP[t.op] ?? t.op} ${m ? fmt(m, t.value) : String(t.value)}`;
}

function declTitle(c: DeclarationChange): string {
  return `${c.kind} ${c.name}${c.change === "renamed" ? ` (renamed from ${c.from})` : ""}`;
}

function summaryLine(d: WorkspaceDiff): string {
  const s = d.summary;
  const parts: string[] = [];
  const decl = s.declarations;
  const dn = decl.added + decl.removed + decl.changed + decl.renamed;
  parts.push(dn ? `${decl.added} added, ${decl.changed} changed, ${decl.removed} removed${decl.renamed ? `, ${decl.renamed} renamed` : ""} declaration${dn === 1 ? "" : "s"}` : "no definition changes");
  const mv = s.metrics.definition + s.metrics.both;
  parts.push(`${mv} metric value${mv === 1 ? "" : "s"} changed by definitions`);
  if (d.dataFiles.length) parts.push(`${s.metrics.data} by the data only`);
  parts.push(`${s.statusChanges} goal status change${s.statusChanges === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

// ------------------------------------------------------------------ text

export const diffText: DiffFormatter = (d, opts) => {
  const c = (st: Style, s: string) => (opts.color ? ANSI[st] + s + ANSI.reset : s);
  const out: string[] = [];
  out.push(`${c("bold", "cx diff")} ${c("dim", `· ${d.base} → ${d.head} · as of ${d.asOf}`)}`);
  out.push(summaryLine(d), "");
  const metricByName = new Map(d.metrics.map((m) => [m.name, m]));

  if (d.declarations.length) {
    out.push(c("bold", "Declarations"));
    for (const ch of d.declarations) {
      const style: Style = ch.change === "added" ? "green" : ch.change === "removed" ? "red" : "yellow";
      const where = ch.file ? c("dim", `  ${ch.file}${ch.line ? `:${ch.line}` : ""}${ch.movedFrom ? ` (moved from ${ch.movedFrom})` : ""}`) : "";
      out.push(`  ${c(style, CHANGE_MARK[ch.change])} ${declTitle(ch)}${where}`);
      const w = Math.max(0, ...ch.properties.map((p) => p.property.length));
      for (const p of ch.properties) {
        const key = `${p.property}:`.padEnd(w + 1);
        if (ch.change === "added") out.push(`      ${key} ${p.after}`);
        else if (ch.change === "removed") out.push(c("dim", `      ${key} ${p.before}`));
        else if ((p.before ?? "").length + (p.after ?? "").length > 60) {
          out.push(`      ${key} ${c("red", p.before ?? "(none)")}`);
          out.push(`      ${" ".repeat(w + 1)} ${c("green", p.after ?? "(none)")}`);
        } else out.push(`      ${key} ${c("red", p.before ?? "(none)")} → ${c("green", p.after ?? "(none)")}`);
      }
    }
    out.push("");
  }
  if (d.dataFiles.length) {
    out.push(c("bold", "Data files"));
    for (const f of d.dataFiles) out.push(`  ${f.change === "added" ? "A" : f.change === "removed" ? "D" : "M"} ${f.file}`);
    out.push("");
  }

  const nameW = Math.min(32, Math.max(8, ...d.metrics.map((m) => m.name.length), ...d.goals.map((g) => g.name.length + 5)));
  const byDef = d.metrics.filter((m) => m.effect === "definition" || m.effect === "both");
  const goalsByDef = d.goals.filter((g) => g.effect === "definition" || g.effect === "both");
  if (byDef.length || goalsByDef.length) {
    out.push(`${c("bold", "Changed by the definitions")} ${c("dim", "(old → new definitions, on the current data)")}`);
    for (const m of byDef) {
      const delta = m.before && m.after ? deltaText(m, m.before.value, m.after.value) : m.presence;
      out.push(`  ${m.name.padEnd(nameW)}  ${snapText(m, m.before, true)} → ${c("bold", snapText(m, m.after, true))}${delta ? c("dim", `  (${delta})`) : ""}${m.renamedFrom ? c("dim", `  was ${m.renamedFrom}`) : ""}`);
    }
    for (const g of goalsByDef) out.push(`  ${goalLine(g, metricByName.get(g.metric ?? ""), nameW, "before", "after", c)}`);
    out.push("");
  }
  const byData = d.metrics.filter((m) => m.effect === "data" || m.effect === "both");
  const goalsByData = d.goals.filter((g) => g.effect === "data" || g.effect === "both");
  if (byData.length || goalsByData.length) {
    out.push(`${c("bold", "Changed by the data")} ${c("dim", "(base data → current data, new definitions)")}`);
    for (const m of byData) {
      const [a, b] = m.presence === "removed" ? [m.base, m.before] : [m.newOnOld, m.after];
      out.push(`  ${m.name.padEnd(nameW)}  ${snapText(m, a, true)} → ${c("bold", snapText(m, b, true))}${a && b ? c("dim", `  (${deltaText(m, a.value, b.value)})`) : ""}`);
    }
    for (const g of goalsByData) out.push(`  ${goalLine(g, metricByName.get(g.metric ?? ""), nameW, g.presence === "removed" ? "base" : "newOnOld", g.presence === "removed" ? "before" : "after", c)}`);
    out.push("");
  }
  const same = d.metrics.filter((m) => m.effect === "none");
  const sameGoals = d.goals.filter((g) => g.effect === "none");
  if (same.length || sameGoals.length) {
    out.push(`${c("bold", "Unchanged")}`);
    for (const m of same) out.push(c("dim", `  ${m.name.padEnd(nameW)}  ${snapText(m, m.after, true)}`));
    for (const g of sameGoals) out.push(c("dim", `  goal ${g.name.padEnd(Math.max(0, nameW - 5))}  ${statusText(g.after)}`));
    out.push("");
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
};

function goalLine(g: GoalDiff, m: MetricDiff | undefined, w: number, from: "base" | "before" | "newOnOld", to: "before" | "after", c: (s: Style, t: string) => string): string {
  const a = g[from];
  const b = g[to];
  const target = a?.target && b?.target && JSON.stringify(a.target) !== JSON.stringify(b.target) ? `target ${thresholdText(m, a.target)} → ${thresholdText(m, b.target)}` : `target ${thresholdText(m, (b ?? a)?.target ?? null)}`;
  const value = b && m ? `${fmt(m, b.value)}, ` : "";
  return `goal ${g.name.padEnd(Math.max(0, w - 5))}  ${statusText(a)} → ${c("bold", statusText(b))}${c("dim", `  (${value}${target})`)}`;
}

// ------------------------------------------------------------------ json

export const diffJson: DiffFormatter = (d) => JSON.stringify(d, null, 2) + "\n";

// ------------------------------------------------------------------ markdown

function goalCell(s: GoalSnapshot | null): string {
  if (!s) return "—";
  return `${STATUS_EMOJI[s.status] ?? ""} ${STATUS_WORD[s.status] ?? s.status}${s.conclusive === false ? " ❔" : ""}`;
}

export const diffMarkdown: DiffFormatter = (d) => {
  const out: string[] = [];
  const metricByName = new Map(d.metrics.map((m) => [m.name, m]));
  out.push(`## CX diff — ${code(d.base)} → ${md(d.head)}`, "");
  out.push(`${md(summaryLine(d))} · as of ${d.asOf}`, "");
  const anyCi = d.metrics.some((m) => m.after?.ci || m.before?.ci);

  if (d.declarations.length) {
    out.push("### Definitions", "");
    out.push("| | Declaration | Property | Before | After |", "|---|---|---|---|---|");
    for (const ch of d.declarations) {
      const title = `${ch.kind} ${ch.file ? lineLink(code(ch.name), ch.file, ch.line) : code(ch.name)}${ch.change === "renamed" ? ` (was ${code(ch.from ?? "")})` : ""}${ch.movedFrom ? ` (moved from ${md(ch.movedFrom)})` : ""}`;
      const props = ch.change === "changed" ? ch.properties : [];
      if (!props.length) {
        out.push(`| ${CHANGE_EMOJI[ch.change]} | ${title} | ${ch.change} | | |`);
        continue;
      }
      props.forEach((p, i) => {
        out.push(`| ${i === 0 ? CHANGE_EMOJI[ch.change] : ""} | ${i === 0 ? title : ""} | ${code(p.property)} | ${p.before === null ? "*(none)*" : code(p.before)} | ${p.after === null ? "*(none)*" : code(p.after)} |`);
      });
    }
    out.push("");
  }

  const byDef = d.metrics.filter((m) => m.effect === "definition" || m.effect === "both");
  const goalsByDef = d.goals.filter((g) => g.effect === "definition" || g.effect === "both");
  if (byDef.length || goalsByDef.length) {
    out.push("### Changed by the definitions", "", "*Old and new definitions, both evaluated on the current data.*", "");
    if (byDef.length) {
      out.push("| Metric | Old definition | New definition | Change |", "|---|---:|---:|---:|");
      for (const m of byDef) out.push(`| ${code(m.name)}${m.renamedFrom ? ` (was ${code(m.renamedFrom)})` : ""} | ${md(snapText(m, m.before, anyCi))} | **${md(snapText(m, m.after, anyCi))}** | ${md(m.before && m.after ? deltaText(m, m.before.value, m.after.value) : m.presence)} |`);
      out.push("");
    }
    if (goalsByDef.length) {
      out.push("| Goal | Metric | Old definition | New definition | Target |", "|---|---|---|---|---|");
      for (const g of goalsByDef) out.push(goalRow(g, metricByName.get(g.metric ?? ""), "before", "after"));
      out.push("");
    }
  }
  const byData = d.metrics.filter((m) => m.effect === "data" || m.effect === "both");
  const goalsByData = d.goals.filter((g) => g.effect === "data" || g.effect === "both");
  if (byData.length || goalsByData.length) {
    out.push("### Changed by the data", "", "*The same definitions evaluated on the base version's data and on the current data.*", "");
    if (byData.length) {
      out.push("| Metric | Base data | Current data | Change |", "|---|---:|---:|---:|");
      for (const m of byData) {
        const [a, b] = m.presence === "removed" ? [m.base, m.before] : [m.newOnOld, m.after];
        out.push(`| ${code(m.name)} | ${md(snapText(m, a, anyCi))} | **${md(snapText(m, b, anyCi))}** | ${md(a && b ? deltaText(m, a.value, b.value) : "")} |`);
      }
      out.push("");
    }
    if (goalsByData.length) {
      out.push("| Goal | Metric | Base data | Current data | Target |", "|---|---|---|---|---|");
      for (const g of goalsByData) out.push(goalRow(g, metricByName.get(g.metric ?? ""), g.presence === "removed" ? "base" : "newOnOld", g.presence === "removed" ? "before" : "after"));
      out.push("");
    }
  }
  if (d.dataFiles.length) {
    out.push(`<details><summary>Data files changed (${d.dataFiles.length})</summary>`, "");
    for (const f of d.dataFiles) out.push(`- ${f.change}: ${code(f.file)}`);
    out.push("", "</details>", "");
  }
  if (!d.declarations.length && !byDef.length && !byData.length && !goalsByDef.length && !goalsByData.length) out.push("No changes to definitions or values.", "");

  out.push(`<details><summary>All metrics and goals (${d.metrics.length} metrics, ${d.goals.length} goals)</summary>`, "");
  out.push("| Metric | Old definition | New definition | |", "|---|---:|---:|---|");
  for (const m of d.metrics) out.push(`| ${code(m.name)} | ${md(snapText(m, m.before, anyCi))} | ${md(snapText(m, m.after, anyCi))} | ${m.effect === "none" ? "" : md(m.effect)} |`);
  out.push("");
  out.push("| Goal | Old definition | New definition | |", "|---|---|---|---|");
  for (const g of d.goals) out.push(`| ${code(g.name)} | ${goalCell(g.before)} | ${goalCell(g.after)} | ${g.effect === "none" ? "" : md(g.effect)} |`);
  out.push("", "</details>");
  return out.join("\n") + "\n";
};

function goalRow(g: GoalDiff, m: MetricDiff | undefined, from: "base" | "before" | "newOnOld", to: "before" | "after"): string {
  const a = g[from];
  const b = g[to];
  const ta = thresholdText(m, a?.target ?? null);
  const tb = thresholdText(m, b?.target ?? null);
  const target = a && b && ta !== tb ? `${md(ta)} → ${md(tb)}` : md(b ? tb : ta);
  const val = (s: GoalSnapshot | null) => (s && m ? ` (${md(fmt(m, s.value))})` : "");
  return `| ${code(g.name)} | ${g.metric ? code(g.metric) : ""} | ${goalCell(a)}${val(a)} | **${goalCell(b)}**${val(b)} | ${target} |`;
}

export const DIFF_FORMATS: Record<string, DiffFormatter> = { text: diffText, json: diffJson, markdown: diffMarkdown };
