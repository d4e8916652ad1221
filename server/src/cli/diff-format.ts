// Renderers of `cx diff` (text, json, markdown) over the core's WorkspaceDiff.
//
// Two values that differ are written so that they look different (the precision grows: 3.2359 →
// 3.2405 is "3.236 → 3.241 (+0.005)", never "3.2 → 3.2 (+0.0)"). Changes of a metric's comparison
// (previous value, significance) and of a scope-groups goal's group statuses are listed under the
// metric or goal. Names, labels, property texts and paths from the workspace are escaped: control
// characters in text (escapeControls), Markdown/HTML in markdown (md, code); JSON keeps the values
// and writes C1 and bidi characters as \u escapes.
import { groupStatusChanges, sameValue, type DeclarationChange, type GoalDiff, type GoalSnapshot, type MetricDiff, type ValueSnapshot, type WorkspaceDiff } from "../core/diff";
import { escapeControls as esc, escapeJsonOutput } from "../core/escape";
import { STATUS_WORD, distinctValues, formatValue, opText, pText, signedChange, type UnitInfo } from "./formats/common";
import { code, lineLink, md, STATUS_EMOJI } from "./formats/markdown";

export type DiffFormatter = (diff: WorkspaceDiff, opts: { color: boolean }) => string;

const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m" };
type Style = keyof typeof ANSI;

const CHANGE_MARK: Record<DeclarationChange["change"], string> = { added: "+", removed: "-", changed: "~", renamed: "→" };
const CHANGE_EMOJI: Record<DeclarationChange["change"], string> = { added: "➕", removed: "➖", changed: "✏️", renamed: "🔀" };

function fmt(m: UnitInfo, v: number | null | undefined, decimals?: number): string {
  return formatValue(v, m.unit, { currency: m.currency, decimals: decimals ?? m.decimals });
}

/**
 * Two snapshots' values written so that different values look different, and the decimals used
 * (shared by the intervals and the change).
 */
function pair(m: UnitInfo, a: ValueSnapshot | null, b: ValueSnapshot | null): { a: string; b: string; decimals: number | undefined } {
  const va = a?.value ?? null;
  const vb = b?.value ?? null;
  if (va !== null && vb !== null && !sameValue(va, vb)) return distinctValues(m, va, vb);
  return { a: a ? fmt(m, va) : "—", b: b ? fmt(m, vb) : "—", decimals: m.decimals };
}

/** A signed difference b − a (percentage points, `pts`, for percent metrics), at least as precise as the values. */
export function deltaText(m: UnitInfo, a: number | null | undefined, b: number | null | undefined, decimals?: number): string {
  if (a === null || a === undefined || b === null || b === undefined) return "";
  if (sameValue(a, b)) return "±0";
  return signedChange(m, b - a, decimals ?? distinctValues(m, a, b).decimals);
}

function withCi(m: UnitInfo, text: string, s: ValueSnapshot | null, show: boolean, decimals: number | undefined): string {
  if (!s || !show || !s.ci) return text;
  const d = decimals ?? m.decimals ?? /\.(\d+)/.exec(text)?.[1].length ?? 0;
  return `${text} [${fmt(m, s.ci.low, d)} – ${fmt(m, s.ci.high, d)}]`;
}

/** `value_a → value_b` parts for two snapshots, with intervals when asked. */
function values(m: MetricDiff, a: ValueSnapshot | null, b: ValueSnapshot | null, ci: boolean): { a: string; b: string; delta: string } {
  const p = pair(m, a, b);
  return {
    a: a ? withCi(m, p.a, a, ci, p.decimals) : "—",
    b: b ? withCi(m, p.b, b, ci, p.decimals) : "—",
    delta: a && b ? deltaText(m, a.value, b.value, p.decimals) : "",
  };
}

function significance(c: NonNullable<ValueSnapshot["compare"]>): string {
  if (c.p === null) return "no test";
  return `${c.significant ? "significant" : "not significant"} (${pText(c.p)})`;
}

/**
 * What changed in a metric's comparison between two snapshots: `vs previous 90 days: 35.0 pts →
 * 36.2 pts, significant (p = 0.031) → not significant (p = 0.2)`; "" when nothing did.
 */
export function compareChangeText(m: UnitInfo, a: ValueSnapshot | null, b: ValueSnapshot | null): string {
  const ca = a?.compare;
  const cb = b?.compare;
  if (!ca && !cb) return "";
  if (!ca || !cb) return `compare ${ca ? "removed" : "added"}${cb ? ` (vs ${cb.label})` : ""}`;
  const parts: string[] = [];
  if (!sameValue(ca.previous, cb.previous)) {
    const both = ca.previous !== null && cb.previous !== null;
    const p = both ? distinctValues(m, ca.previous!, cb.previous!) : { a: fmt(m, ca.previous), b: fmt(m, cb.previous) };
    parts.push(`${p.a} → ${p.b}`);
  }
  if (ca.significant !== cb.significant || (ca.p === null) !== (cb.p === null)) parts.push(`${significance(ca)} → ${significance(cb)}`);
  if (!parts.length) return "";
  return `vs ${cb.label || ca.label}: ${parts.join(", ")}`;
}

/** Group status changes of a scope-groups goal: `north met → missed · south missed → at risk`. */
export function groupChangesText(a: GoalSnapshot | null, b: GoalSnapshot | null): string {
  const word = (s: string | null) => (s === null ? "—" : (STATUS_WORD[s] ?? s));
  return groupStatusChanges(a, b)
    .map((x) => `${x.key} ${word(x.before)} → ${word(x.after)}`)
    .join(" · ");
}

function statusText(s: GoalSnapshot | null): string {
  if (!s) return "—";
  return `${STATUS_WORD[s.status] ?? s.status}${s.conclusive === false ? " (not conclusive)" : ""}`;
}

function thresholdText(m: MetricDiff | undefined, t: { op: string; value: number } | null): string {
  if (!t) return "—";
  return `${opText(t.op)} ${m ? fmt(m, t.value) : String(t.value)}`;
}

function declTitle(c: DeclarationChange): string {
  return `${c.kind} ${esc(c.name)}${c.change === "renamed" ? ` (renamed from ${esc(c.from ?? "")})` : ""}`;
}

function summaryLine(d: WorkspaceDiff): string {
  const s = d.summary;
  const parts: string[] = [];
  const decl = s.declarations;
  const dn = decl.added + decl.removed + decl.changed + decl.renamed;
  parts.push(dn ? `${decl.added} added, ${decl.changed} changed, ${decl.removed} removed${decl.renamed ? `, ${decl.renamed} renamed` : ""} declaration${dn === 1 ? "" : "s"}` : "no definition changes");
  const mv = s.metrics.definition + s.metrics.both;
  parts.push(`${mv} metric${mv === 1 ? "" : "s"} changed by definitions`);
  if (d.dataFiles.length) parts.push(`${s.metrics.data} by the data only`);
  parts.push(`${s.statusChanges} goal status change${s.statusChanges === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

function padName(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - [...s].length));
}

// ------------------------------------------------------------------ text

export const diffText: DiffFormatter = (d, opts) => {
  const c = (st: Style, s: string) => (opts.color ? ANSI[st] + s + ANSI.reset : s);
  const out: string[] = [];
  out.push(`${c("bold", "cx diff")} ${c("dim", `· ${esc(d.base)} → ${esc(d.head)} · as of ${esc(d.asOf)}`)}`);
  out.push(summaryLine(d), "");
  const metricByName = new Map(d.metrics.map((m) => [m.name, m]));

  if (d.declarations.length) {
    out.push(c("bold", "Declarations"));
    for (const ch of d.declarations) {
      const style: Style = ch.change === "added" ? "green" : ch.change === "removed" ? "red" : "yellow";
      const where = ch.file ? c("dim", `  ${esc(ch.file)}${ch.line ? `:${ch.line}` : ""}${ch.movedFrom ? ` (moved from ${esc(ch.movedFrom)})` : ""}`) : "";
      out.push(`  ${c(style, CHANGE_MARK[ch.change])} ${declTitle(ch)}${where}`);
      let w = 0;
      for (const p of ch.properties) w = Math.max(w, esc(p.property).length);
      for (const p of ch.properties) {
        const key = `${esc(p.property)}:`.padEnd(w + 1);
        const before = p.before === null ? "(none)" : esc(p.before);
        const after = p.after === null ? "(none)" : esc(p.after);
        if (ch.change === "added") out.push(`      ${key} ${after}`);
        else if (ch.change === "removed") out.push(c("dim", `      ${key} ${before}`));
        else if (before.length + after.length > 60) {
          out.push(`      ${key} ${c("red", before)}`);
          out.push(`      ${" ".repeat(w + 1)} ${c("green", after)}`);
        } else out.push(`      ${key} ${c("red", before)} → ${c("green", after)}`);
      }
    }
    out.push("");
  }
  if (d.dataFiles.length) {
    out.push(c("bold", "Data files"));
    for (const f of d.dataFiles) out.push(`  ${f.change === "added" ? "A" : f.change === "removed" ? "D" : "M"} ${esc(f.file)}`);
    out.push("");
  }

  let nameW = 8;
  for (const m of d.metrics) nameW = Math.max(nameW, Math.min(32, [...esc(m.name)].length));
  for (const g of d.goals) nameW = Math.max(nameW, Math.min(32, [...esc(g.name)].length + 5));
  const metricLine = (m: MetricDiff, a: ValueSnapshot | null, b: ValueSnapshot | null, extra: string) => {
    const v = values(m, a, b, true);
    const delta = a && b ? v.delta : m.presence === "both" ? "" : m.presence;
    out.push(`  ${padName(esc(m.name), nameW)}  ${v.a} → ${c("bold", v.b)}${delta ? c("dim", `  (${delta})`) : ""}${extra}`);
    const cmp = compareChangeText(m, a, b);
    if (cmp) out.push(c("dim", `  ${" ".repeat(nameW)}  ${esc(cmp)}`));
  };
  const goalLines = (g: GoalDiff, from: "base" | "before" | "newOnOld", to: "before" | "after") => {
    out.push(`  ${goalLine(g, metricByName.get(g.metric ?? ""), nameW, from, to, c)}`);
    const groups = groupChangesText(g[from], g[to]);
    if (groups) out.push(c("dim", `  ${" ".repeat(nameW)}  groups: ${esc(groups)}`));
  };

  const byDef = d.metrics.filter((m) => m.effect === "definition" || m.effect === "both");
  const goalsByDef = d.goals.filter((g) => g.effect === "definition" || g.effect === "both");
  if (byDef.length || goalsByDef.length) {
    out.push(`${c("bold", "Changed by the definitions")} ${c("dim", "(old → new definitions, on the current data)")}`);
    for (const m of byDef) metricLine(m, m.before, m.after, m.renamedFrom ? c("dim", `  was ${esc(m.renamedFrom)}`) : "");
    for (const g of goalsByDef) goalLines(g, "before", "after");
    out.push("");
  }
  const byData = d.metrics.filter((m) => m.effect === "data" || m.effect === "both");
  const goalsByData = d.goals.filter((g) => g.effect === "data" || g.effect === "both");
  if (byData.length || goalsByData.length) {
    out.push(`${c("bold", "Changed by the data")} ${c("dim", "(base data → current data, new definitions)")}`);
    for (const m of byData) {
      const [a, b] = m.presence === "removed" ? [m.base, m.before] : [m.newOnOld, m.after];
      metricLine(m, a, b, "");
    }
    for (const g of goalsByData) goalLines(g, g.presence === "removed" ? "base" : "newOnOld", g.presence === "removed" ? "before" : "after");
    out.push("");
  }
  const same = d.metrics.filter((m) => m.effect === "none");
  const sameGoals = d.goals.filter((g) => g.effect === "none");
  if (same.length || sameGoals.length) {
    out.push(`${c("bold", "Unchanged")}`);
    for (const m of same) out.push(c("dim", `  ${padName(esc(m.name), nameW)}  ${withCi(m, fmt(m, m.after?.value), m.after, true, undefined)}`));
    for (const g of sameGoals) out.push(c("dim", `  goal ${padName(esc(g.name), Math.max(0, nameW - 5))}  ${statusText(g.after)}`));
    out.push("");
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
};

function goalLine(g: GoalDiff, m: MetricDiff | undefined, w: number, from: "base" | "before" | "newOnOld", to: "before" | "after", c: (s: Style, t: string) => string): string {
  const a = g[from];
  const b = g[to];
  const target = a?.target && b?.target && JSON.stringify(a.target) !== JSON.stringify(b.target) ? `target ${thresholdText(m, a.target)} → ${thresholdText(m, b.target)}` : `target ${thresholdText(m, (b ?? a)?.target ?? null)}`;
  // The value with enough decimals to tell it from the target (3.2405 against ≥ 3.24).
  const t = b?.target ?? a?.target;
  const value = b && m ? `${b.value !== null && t && b.value !== t.value ? distinctValues(m, b.value, t.value).a : fmt(m, b.value)}, ` : "";
  return `goal ${padName(esc(g.name), Math.max(0, w - 5))}  ${statusText(a)} → ${c("bold", statusText(b))}${c("dim", `  (${value}${target})`)}`;
}

// ------------------------------------------------------------------ json

export const diffJson: DiffFormatter = (d) => escapeJsonOutput(JSON.stringify(d, null, 2)) + "\n";

// ------------------------------------------------------------------ markdown

function goalCell(s: GoalSnapshot | null): string {
  if (!s) return "—";
  return `${STATUS_EMOJI[s.status] ?? ""} ${STATUS_WORD[s.status] ?? s.status}${s.conclusive === false ? " ❔" : ""}`;
}

export const diffMarkdown: DiffFormatter = (d) => {
  const out: string[] = [];
  const metricByName = new Map(d.metrics.map((m) => [m.name, m]));
  out.push(`## CX diff — ${code(d.base)} → ${md(d.head)}`, "");
  out.push(`${md(summaryLine(d))} · as of ${md(d.asOf)}`, "");
  const anyCi = d.metrics.some((m) => m.after?.ci || m.before?.ci);
  /** The change cell: the difference, and what changed in the comparison. */
  const changeCell = (m: MetricDiff, a: ValueSnapshot | null, b: ValueSnapshot | null, fallback: string) => {
    const v = values(m, a, b, anyCi);
    const cmp = compareChangeText(m, a, b);
    return [v.delta || fallback, cmp].filter(Boolean).map(md).join("<br>");
  };

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
      for (const m of byDef) {
        const v = values(m, m.before, m.after, anyCi);
        out.push(`| ${code(m.name)}${m.renamedFrom ? ` (was ${code(m.renamedFrom)})` : ""} | ${md(v.a)} | **${md(v.b)}** | ${changeCell(m, m.before, m.after, m.presence)} |`);
      }
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
        const v = values(m, a, b, anyCi);
        out.push(`| ${code(m.name)} | ${md(v.a)} | **${md(v.b)}** | ${changeCell(m, a, b, "")} |`);
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
  for (const m of d.metrics) {
    const v = values(m, m.before, m.after, anyCi);
    out.push(`| ${code(m.name)} | ${md(v.a)} | ${md(v.b)} | ${m.effect === "none" ? "" : md(m.effect)} |`);
  }
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
  const groups = groupChangesText(a, b);
  return `| ${code(g.name)} | ${g.metric ? code(g.metric) : ""} | ${goalCell(a)}${val(a)} | **${goalCell(b)}**${val(b)}${groups ? `<br>groups: ${md(groups)}` : ""} | ${target} |`;
}

export const DIFF_FORMATS: Record<string, DiffFormatter> = { text: diffText, json: diffJson, markdown: diffMarkdown };
