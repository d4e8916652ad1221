// Hover: what a name means and, when the workspace has been evaluated, what it is worth now.
// Metric: label, doc comment, formula, unit, value (rows, window, as-of) and its goals' statuses;
// goal: target, warn, value, status; touchpoint: stage, channel, owner, score; source: file,
// format, rows, columns; column: type, nulls, samples, min/max; function: signature and meaning;
// property keys: what the property does.
import { posix } from "node:path";
import type { DeclKind } from "../syntax/ast";
import { formatValue } from "../eval/format";
import { functionInfo } from "../semantics/functions";
import { KIND_NOUN, propertySpec } from "../semantics/schema";
import type { Sym, WorkspaceFile } from "../semantics/workspace";
import type { Position, Range } from "../text";
import { enclosing, fileOf, nodePath, occurrenceAt, symbolOf, textOf, type Target } from "./query";
import type { FeatureContext } from "./types";
import { formatMetric, goalResult, goalsOfMetric, metricResult, STATUS_MARK, STATUS_WORD, thresholdText } from "./values";

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

export function hover(ctx: FeatureContext, path: string, pos: Position): HoverResult | undefined {
  const file = fileOf(ctx.model, path);
  if (!file) return undefined;
  const offset = file.parse.lines.offsetAt(pos);
  const occ = occurrenceAt(ctx.model, path, offset);
  if (occ) {
    const contents = describeTarget(ctx, occ.target);
    if (contents) return { contents, range: file.parse.lines.rangeOf(occ.span) };
  }
  const nodes = nodePath(file.parse.ast, offset);
  const last = nodes[nodes.length - 1];
  const { decl, property, inner } = enclosing(file.parse.ast, offset);
  // A declaration keyword.
  if (decl && offset >= decl.keywordSpan.start && offset <= decl.keywordSpan.end) {
    return { contents: KIND_DOC[decl.declKind], range: file.parse.lines.rangeOf(decl.keywordSpan) };
  }
  // A property key: its documentation.
  const prop = inner ?? property;
  if (decl && prop && last === prop.key && prop === property) {
    const spec = propertySpec(decl.declKind, prop.key.name);
    if (spec) {
      const contents = `**${spec.name}**${spec.required ? " (required)" : ""} — ${KIND_NOUN[decl.declKind]} property\n\n${spec.doc}`;
      return { contents, range: file.parse.lines.rangeOf(prop.key.span) };
    }
  }
  // An import path: the file it names.
  const imp = nodes.find((n) => n.kind === "Import");
  if (imp && imp.kind === "Import" && imp.path && last === imp.path) {
    const target = file.imports.find((i) => i.node === imp)?.target;
    if (target) {
      const loaded = ctx.model.workspace.fileMap.get(target);
      const rel = relative(ctx, target);
      const contents = loaded ? `Imports \`${rel}\` (${declCount(loaded)})` : `Imports \`${rel}\` — not found`;
      return { contents, range: file.parse.lines.rangeOf(imp.path.span) };
    }
  }
  // A source's `file:` value: the source.
  if (decl?.declKind === "source" && decl.name && property?.key.name === "file" && property.value && last === property.value) {
    const contents = describeTarget(ctx, { kind: "source", name: decl.name.name });
    if (contents) return { contents, range: file.parse.lines.rangeOf(property.value.span) };
  }
  return undefined;
}

const KIND_DOC: Record<DeclKind, string> = {
  source: "**source** — a linked data file (CSV, JSON, JSONL or YAML): `file:`, optional `format:`, `timestamp:` and `columns { }`.",
  touchpoint: "**touchpoint** — a place where customers meet the company: `label`, `stage`, `channel`, `owner`, `score`, `weight`.",
  metric: "**metric** — a number computed from the data: `value:` is the formula; `by`, `window`, `trend`, `unit` shape it.",
  goal: "**goal** — a promise about a metric: `metric`, `target: >= 40`, optional `warn` and `severity`.",
  journey: "**journey** — touchpoints in the order customers pass them; its value is the weighted mean of their scores.",
  funnel: "**funnel** — steps through an event log: `source`, `customer`, `steps { name: condition }`, optional `within` and `window`.",
  cohort: "**cohort** — retention by start period and age: `source`, `customer`, `period`, `periods`, and `start`/`end` for subscriptions.",
  drivers: "**drivers** — key-driver analysis (Johnson's relative weights): `source`, `outcome`, `drivers { touchpoint: column }`.",
};

function declCount(f: WorkspaceFile): string {
  const n = f.parse.ast.items.filter((i) => i.kind === "Declaration").length;
  return `${n} declaration${n === 1 ? "" : "s"}`;
}

function relative(ctx: FeatureContext, path: string): string {
  const rel = posix.relative(ctx.model.workspace.root, path);
  return rel && !rel.startsWith("..") ? rel : path;
}

export function describeTarget(ctx: FeatureContext, target: Target): string | undefined {
  switch (target.kind) {
    case "metric":
      return metricHover(ctx, target.name);
    case "goal":
      return goalHover(ctx, target.name);
    case "touchpoint":
      return touchpointHover(ctx, target.name);
    case "source":
      return sourceHover(ctx, target.name);
    case "journey":
      return journeyHover(ctx, target.name);
    case "column":
      return columnHover(ctx, target.source, target.name);
    case "function":
      return functionHover(target.name);
  }
}

function header(sym: Sym, label: string | undefined): string {
  const title = label && label !== sym.name ? `**${escape(label)}** — ${sym.kind} \`${sym.name}\`` : `${sym.kind} **\`${sym.name}\`**`;
  return title;
}

function docOf(sym: Sym, description?: string): string[] {
  const out: string[] = [];
  if (sym.decl.doc) out.push(escape(sym.decl.doc.split("\n").map((l) => l.trim()).join("\n")).replace(/\n/g, "  \n"));
  if (description && description !== sym.decl.doc) out.push(escape(description));
  return out;
}

function escape(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, "\\$1");
}

function noValue(ctx: FeatureContext): string {
  return ctx.valuesUnavailable ?? ctx.pendingValues ?? "not evaluated yet (save a file)";
}

function metricHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.metrics.get(name);
  const sym = info?.sym ?? symbolOf(ctx.model, { kind: "metric", name });
  if (!sym) return undefined;
  const parts: string[] = [header(sym, info?.label)];
  parts.push(...docOf(sym, info?.description));
  const value = sym.props.get("value")?.value;
  if (value) parts.push("```cx\nvalue: " + textOf(sym.file, value.span).replace(/\s*\n\s*/g, " ") + "\n```");
  const r = metricResult(ctx, name);
  const facts: string[] = [];
  if (r && ctx.evaluation) {
    const bits = [`**${formatMetric(r)}**`];
    if (r.value === null && info?.brokenReason) bits.push(`no value: ${info.brokenReason}`);
    bits.push(`${r.rows.toLocaleString("en-US")} row${r.rows === 1 ? "" : "s"}`);
    if (info?.window) bits.push(`window ${info.window.raw}`);
    bits.push(`as of ${ctx.evaluation.asOf}`);
    facts.push(`Value: ${bits.join(" · ")}`);
    if (r.groups?.length) {
      const shown = r.groups.slice(0, 8).map((g) => `${Object.values(g.key).map((v) => (v === null ? "(none)" : String(v))).join(" / ")} ${formatMetric(r, g.value)}`);
      facts.push(`By ${info?.by.join(", ") ?? "group"}: ${shown.join(" · ")}${r.groups.length > 8 ? ` · … (${r.groups.length} groups)` : ""}`);
    }
    if (r.trend?.length) {
      const last = r.trend.slice(-4).map((t) => `${t.period} ${formatMetric(r, t.value)}`);
      facts.push(`Trend (${info?.trend ?? "period"}): ${r.trend.length > 4 ? "… · " : ""}${last.join(" · ")}`);
    }
  } else {
    facts.push(`Value: ${!ctx.valuesUnavailable && info && !info.sound && info.brokenReason ? `no value: ${info.brokenReason}` : noValue(ctx)}`);
  }
  const unit = info?.unit ?? info?.inferredUnit;
  const meta: string[] = [];
  if (unit) meta.push(`Unit: ${unit}${info?.currency ? ` ${info.currency}` : ""}`);
  if (info?.touchpoint) meta.push(`Touchpoint: \`${info.touchpoint}\``);
  if (info?.by.length && !r?.groups?.length) meta.push(`By: ${info.by.join(", ")}`);
  if (info?.trend && !r?.trend?.length) meta.push(`Trend: ${info.trend}`);
  if (meta.length) facts.push(meta.join(" · "));
  const goals = goalsOfMetric(ctx, name);
  if (goals.length) {
    facts.push(
      "Goals: " +
        goals.map((g) => `${STATUS_MARK[g.status]} \`${g.name}\` ${STATUS_WORD[g.status]} (target ${thresholdText(ctx.model.goals.get(g.name)?.target?.text, g.target, r)})`).join(" · "),
    );
  } else if (!ctx.evaluation) {
    const declared = [...ctx.model.goals.values()].filter((g) => g.metric === name);
    if (declared.length) facts.push("Goals: " + declared.map((g) => `\`${g.name}\` (target ${thresholdText(g.target?.text, null)})`).join(" · "));
  }
  parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

function goalHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.goals.get(name);
  const sym = info?.sym ?? symbolOf(ctx.model, { kind: "goal", name });
  if (!sym) return undefined;
  const parts = [header(sym, info?.label)];
  const description = sym.props.get("description")?.value;
  parts.push(...docOf(sym, description?.kind === "String" ? description.value : undefined));
  const g = goalResult(ctx, name);
  const m = info?.metric ? metricResult(ctx, info.metric) : undefined;
  const facts: string[] = [];
  if (info?.metric) facts.push(`Metric: \`${info.metric}\`${m ? ` = **${formatMetric(m)}**` : ""}`);
  if (info?.target) facts.push(`Target: ${thresholdText(info.target.text, null)}`);
  if (info?.warn) facts.push(`Warn: ${thresholdText(info.warn.text, null)}`);
  facts.push(`Severity: ${info?.severity ?? "error"}${info?.owner ? ` · Owner: ${escape(info.owner)}` : ""}`);
  if (g && ctx.evaluation) facts.push(`Status: ${STATUS_MARK[g.status]} **${STATUS_WORD[g.status]}** (as of ${ctx.evaluation.asOf})`);
  else facts.push(`Status: ${noValue(ctx)}`);
  parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

function touchpointHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.touchpoints.get(name);
  const sym = info?.sym ?? symbolOf(ctx.model, { kind: "touchpoint", name });
  if (!sym) return undefined;
  const parts = [header(sym, info?.label)];
  parts.push(...docOf(sym, info?.description));
  const facts: string[] = [];
  const meta: string[] = [];
  if (info?.stage) meta.push(`Stage: ${info.stage}`);
  if (info?.channel) meta.push(`Channel: ${escape(info.channel)}`);
  if (info?.owner) meta.push(`Owner: ${escape(info.owner)}`);
  if (info && info.weight !== 1) meta.push(`Weight: ${info.weight}`);
  if (meta.length) facts.push(meta.join(" · "));
  if (info?.score) {
    const r = metricResult(ctx, info.score);
    const goals = goalsOfMetric(ctx, info.score);
    facts.push(`Score: \`${info.score}\`${r ? ` = **${formatMetric(r)}**` : ""}${goals.map((g) => ` ${STATUS_MARK[g.status]} ${STATUS_WORD[g.status]}`).join("")}`);
  } else facts.push("Score: none (add `score: <metric>` to count in journeys)");
  const metrics = [...ctx.model.metrics.values()].filter((m) => m.touchpoint === name && m.name !== info?.score);
  if (metrics.length) {
    facts.push(
      "Metrics: " +
        metrics
          .map((m) => {
            const r = metricResult(ctx, m.name);
            return `\`${m.name}\`${r ? ` ${formatMetric(r)}` : ""}`;
          })
          .join(" · "),
    );
  }
  parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

function journeyHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.journeys.get(name);
  const sym = info?.sym ?? symbolOf(ctx.model, { kind: "journey", name });
  if (!sym) return undefined;
  const parts = [header(sym, info?.label)];
  const description = sym.props.get("description")?.value;
  parts.push(...docOf(sym, description?.kind === "String" ? description.value : undefined));
  const j = ctx.evaluation?.journeys.find((x) => x.name === name);
  const facts: string[] = [];
  if (info?.touchpoints.length) facts.push(`Touchpoints: ${info.touchpoints.map((t) => `\`${t}\``).join(" → ")}`);
  if (j) facts.push(`Value: **${j.value === null ? "no data" : formatValue(j.value, j.unit)}** (weighted mean of the touchpoints' scores, as of ${ctx.evaluation!.asOf})`);
  else facts.push(`Value: ${noValue(ctx)}`);
  parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

function sourceHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.sources.get(name);
  const sym = info?.sym ?? symbolOf(ctx.model, { kind: "source", name });
  if (!sym) return undefined;
  const label = sym.props.get("label")?.value;
  const description = sym.props.get("description")?.value;
  const parts = [header(sym, label?.kind === "String" ? label.value : undefined)];
  parts.push(...docOf(sym, description?.kind === "String" ? description.value : undefined));
  const facts: string[] = [];
  if (info?.pattern !== undefined) {
    const files = info.files.length > 1 ? ` (${info.files.length} files)` : "";
    facts.push(`File: \`${info.pattern}\`${files} · Format: ${info.format}${info.format === "csv" && info.delimiter !== "," ? ` (delimiter \`${info.delimiter}\`)` : ""}`);
  }
  const data = ctx.data?.get(name);
  if (data?.rowCount !== undefined) facts.push(`Rows: ${data.rowCount.toLocaleString("en-US")}`);
  else if (info && !info.readable) facts.push(`Rows: ${ctx.valuesUnavailable ?? "the data cannot be read"}`);
  if (info?.timestamp) facts.push(`Timestamp: \`${info.timestamp}\``);
  const columns = info?.columns ?? (data ? new Map(data.columns.map((c) => [c, data.inferred.get(c) ?? "text"])) : undefined);
  if (columns?.size) {
    const declared = info?.declared ? "declared" : "inferred from the data";
    const list = [...columns].map(([c, t]) => `\`${c}\` ${t}`);
    facts.push(`Columns (${declared}): ${list.join(", ")}`);
  }
  parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

function columnHover(ctx: FeatureContext, source: string, name: string): string | undefined {
  const info = ctx.model.sources.get(source);
  const data = ctx.data?.get(source);
  const type = info?.columns?.get(name) ?? data?.inferred.get(name);
  const parts = [`column **\`${source}.${name}\`**${type ? ` — ${type}` : ""}`];
  const facts: string[] = [];
  if (info?.declared?.has(name)) {
    const inferred = data?.inferred.get(name);
    facts.push(`Declared as ${info.declared.get(name)}${inferred && inferred !== info.declared.get(name) ? ` (the data looks like ${inferred})` : ""}`);
  } else if (type) facts.push(`Type inferred from the data: ${type}`);
  if (data && !data.columns.includes(name) && data.columns.length) facts.push(`⚠ not in the data file's header`);
  const stats = data?.stats?.get(name);
  if (stats) {
    if (data?.rowCount) {
      const share = stats.nulls / data.rowCount;
      facts.push(`Nulls: ${stats.nulls.toLocaleString("en-US")} of ${data.rowCount.toLocaleString("en-US")} rows (${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%)`);
    } else facts.push(`Nulls: ${stats.nulls.toLocaleString("en-US")}`);
    if (stats.min !== undefined && stats.max !== undefined) facts.push(`Range: ${escape(stats.min)} … ${escape(stats.max)}`);
    if (stats.samples.length) facts.push(`Samples: ${stats.samples.slice(0, 5).map((s) => `\`${s.replace(/`/g, "'")}\``).join(", ")}`);
  } else if (!data && ctx.valuesUnavailable) facts.push(ctx.valuesUnavailable);
  if (facts.length) parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

export function functionHover(name: string): string | undefined {
  const fn = functionInfo(name);
  if (!fn) return undefined;
  const params = fn.parameters.map((p) => `- \`${p.label}\` — ${p.doc}`).join("\n");
  return [
    "```cx\n" + fn.signature + "\n```",
    `${fn.aggregate ? "Aggregate" : "Function"} — ${fn.doc}`,
    params,
  ]
    .filter(Boolean)
    .join("\n\n");
}
