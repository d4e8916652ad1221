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
import { compareText, formatMetric, goalResult, goalsOfMetric, groupChangeText, metricResult, STATUS_MARK, STATUS_WORD, thresholdText } from "./values";
import { escapeControls } from "../escape";
import type { GoalResult, MetricResult } from "../eval/evaluate";
import { linkedTouchpoint } from "./navigation";
import { connectionSourcesOf, sqlOf } from "./sql";

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
  // A column's `from "HEADER"`: the column (its header, map and the header's values in the data).
  const col = nodes.find((n) => n.kind === "ColumnDecl");
  if (decl?.declKind === "source" && decl.name && inner && col?.kind === "ColumnDecl" && col.from && last === col.from) {
    const contents = describeTarget(ctx, { kind: "column", source: decl.name.name, name: inner.key.name });
    if (contents) return { contents, range: file.parse.lines.rangeOf(col.from.span) };
  }
  // A source's `file:` value: the source.
  if (decl?.declKind === "source" && decl.name && property?.key.name === "file" && property.value && last === property.value) {
    const contents = describeTarget(ctx, { kind: "source", name: decl.name.name });
    if (contents) return { contents, range: file.parse.lines.rangeOf(property.value.span) };
  }
  return undefined;
}

const KIND_DOC: Record<DeclKind, string> = {
  source: "**source** — linked data: a file (`file:` — CSV, JSON, JSONL, YAML or Parquet) or a table or query of a connection (`connection:` with `table:` or `sql:`); optional `format`, `encoding`, `timestamp`, `columns { }` (with `from` and `map`) and `derive { }`.",
  touchpoint: "**touchpoint** — a place where customers meet the company: `label`, `stage`, `channel`, `owner`, `score`, `weight`.",
  metric: "**metric** — a number computed from the data: `value:` is the formula; `by`, `window`, `trend`, `unit` shape it; `compare:` compares it with an earlier window.",
  goal: "**goal** — a promise about a metric: `metric`, `target: >= 40`, optional `warn`, `severity` and `scope: groups` (every group must meet it).",
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
    case "derived":
      return derivedHover(ctx, target.source, target.name);
    case "funnel":
      return funnelHover(ctx, target.name);
    case "step":
      return stepHover(ctx, target.funnel, target.name);
    case "cohort":
      return cohortHover(ctx, target.name);
    case "drivers":
      return driversHover(ctx, target.name);
    case "driver":
      return driverHover(ctx, target.drivers, target.name);
  }
}

function header(sym: Sym, label: string | undefined): string {
  const title = label && label !== sym.name ? `**${escape(label)}** — ${sym.kind} \`${sym.name}\`` : `${sym.kind} **\`${sym.name}\`**`;
  return title;
}

/** A property's value when it is a string. */
function stringProp(sym: Sym, name: string): string | undefined {
  const v = sym.props.get(name)?.value;
  return v?.kind === "String" ? v.value : undefined;
}

/** The declaration's doc comment and its `description` property. */
function declDoc(sym: Sym): string[] {
  return docOf(sym, stringProp(sym, "description"));
}

function docOf(sym: Sym, description?: string): string[] {
  const out: string[] = [];
  if (sym.decl.doc) out.push(escape(sym.decl.doc.split("\n").map((l) => l.trim()).join("\n")).replace(/\n/g, "  \n"));
  if (description && description !== sym.decl.doc) out.push(escape(description));
  return out;
}

/** Text from a .cx or data file, safe in markdown: markup characters escaped, control and bidi characters visible. */
function escape(s: string): string {
  return escapeControls(s).replace(/([\\`*_[\]<>|#&])/g, "\\$1");
}

/** Text in a code span (`…`): backticks cannot be escaped there, so they are replaced. */
function code(s: string): string {
  return "`" + escapeControls(s).replace(/`/g, "'") + "`";
}

/** A group key as text ("EU / web"; null is "(none)"), escaped. */
function keyText(key: Record<string, unknown>): string {
  return escape(Object.values(key).map((v) => (v === null ? "(none)" : String(v))).join(" / "));
}

function percent(v: number | null | undefined): string {
  return formatValue(v ?? null, "percent");
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function asOfText(ctx: FeatureContext): string {
  return ctx.evaluation ? ` (as of ${ctx.evaluation.asOf})` : "";
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
    if (r.analysis) bits.push(`from ${r.analysis.kind} ${code(r.analysis.name)}`);
    else bits.push(`${count(r.rows)} row${r.rows === 1 ? "" : "s"}`);
    if (r.n !== null && r.n !== undefined) bits.push(`n = ${count(r.n)}`);
    if (info?.window) bits.push(`window ${info.window.raw}`);
    bits.push(`as of ${ctx.evaluation.asOf}`);
    facts.push(`Value: ${bits.join(" · ")}`);
    if (r.compare) {
      const previous = r.compare.value === null ? "" : ` (${formatMetric(r, r.compare.value)} as of ${r.compare.asOf})`;
      facts.push(`Change: **${escape(compareText(r, r.compare))}**${previous}`);
    }
    if (r.groups?.length) {
      const shown = r.groups.slice(0, 8).map((g) => {
        const change = r.compare ? groupChangeText(r, g) : "";
        return `${keyText(g.key)} ${formatMetric(r, g.value)}${change ? ` (${change})` : ""}`;
      });
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
  if (info?.compare && !r?.compare) meta.push(`Compare: ${info.compare === "previous" ? "with the window before" : "with the same window a year earlier"}`);
  if (meta.length) facts.push(meta.join(" · "));
  // Sources of SQL engines: where the data comes from, and the SQL (collapsed).
  const asOf = ctx.evaluation?.asOf ?? ctx.asOf;
  const connections = asOf ? connectionSourcesOf(ctx.model, name, asOf) : [];
  if (connections.length) {
    const list = [...new Set(connections.map((c) => c.connection))].map(code).join(", ");
    facts.push(
      ctx.untrusted
        ? `Data: queries on ${list} — no connection is made in an untrusted workspace (trust the workspace to run them)`
        : `Data: queries on ${list}, run when the workspace is evaluated (on save or on request), never while you type`,
    );
  }
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
  const sql = asOf ? sqlOf(ctx.model, name, asOf) : undefined;
  if (sql) parts.push(showSqlBlock(ctx, name, sql));
  return parts.join("\n\n");
}

/**
 * The SQL of a metric, collapsed: a command link when the client announced a command that shows it
 * (VS Code: `cx.showSql`), else an HTML details block around a fenced code block.
 */
function showSqlBlock(ctx: FeatureContext, name: string, sql: string): string {
  const lines = sql.split("\n").length;
  const cmd = ctx.commands?.showSql;
  if (cmd && /^[A-Za-z0-9_.-]+$/.test(cmd)) {
    const args = encodeURIComponent(JSON.stringify([name, sql])).replace(/[()]/g, (c) => (c === "(" ? "%28" : "%29"));
    return `[Show SQL](command:${cmd}?${args} "The SQL this metric runs (${lines} lines)") (${lines} lines)`;
  }
  // A fence longer than any run of backticks in the text, so that nothing in it ends the block.
  const longest = Math.max(0, ...(sql.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `<details><summary>Show SQL (${lines} lines)</summary>\n\n${fence}sql\n${escapeControls(sql, true)}\n${fence}\n\n</details>`;
}

function goalHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.goals.get(name);
  const sym = info?.sym ?? symbolOf(ctx.model, { kind: "goal", name });
  if (!sym) return undefined;
  const parts = [header(sym, info?.label)];
  parts.push(...declDoc(sym));
  const g = goalResult(ctx, name);
  const m = info?.metric ? metricResult(ctx, info.metric) : undefined;
  const facts: string[] = [];
  if (info?.metric) facts.push(`Metric: \`${info.metric}\`${m ? ` = **${formatMetric(m)}**` : ""}`);
  if (info?.target) facts.push(`Target: ${thresholdText(info.target.text, null)}`);
  if (info?.warn) facts.push(`Warn: ${thresholdText(info.warn.text, null)}`);
  facts.push(`Severity: ${info?.severity ?? "error"}${info?.owner ? ` · Owner: ${escape(info.owner)}` : ""}`);
  if (info?.scope === "groups") facts.push(`Scope: every group of ${info.metric ? code(info.metric) : "the metric"}${metricBy(ctx, info.metric)}`);
  if (g && ctx.evaluation) {
    facts.push(`Status: ${STATUS_MARK[g.status]} **${STATUS_WORD[g.status]}** (as of ${ctx.evaluation.asOf})`);
    if (g.scope === "groups" && g.groups) facts.push(...goalGroupsText(g, m, info?.target?.op));
  } else facts.push(`Status: ${noValue(ctx)}`);
  parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

function metricBy(ctx: FeatureContext, metric: string | undefined): string {
  const by = metric ? ctx.model.metrics.get(metric)?.by : undefined;
  return by?.length ? ` (by ${by.join(", ")})` : "";
}

/** A `scope: groups` goal: how many groups are not met, then those groups, the worst first (missed, at risk, no data; farthest from the target first). */
function goalGroupsText(g: GoalResult, m: MetricResult | undefined, op: string | undefined): string[] {
  const groups = g.groups ?? [];
  const n = (s: string) => groups.filter((x) => x.status === s).length;
  const counts = [`${n("met")} met`, `${n("at_risk")} at risk`, `${n("missed")} missed`];
  if (n("no_data")) counts.push(`${n("no_data")} without data`);
  const out = [`Groups: ${groups.length} — ${counts.join(", ")}`];
  const rank: Record<string, number> = { missed: 0, at_risk: 1, no_data: 2 };
  const higherIsBetter = op !== "<=" && op !== "<";
  const failing = groups
    .filter((x) => x.status !== "met")
    .sort((a, b) => rank[a.status] - rank[b.status] || (a.value === null ? 1 : b.value === null ? -1 : higherIsBetter ? a.value - b.value : b.value - a.value));
  const shown = failing.slice(0, 8).map((x) => `${STATUS_MARK[x.status]} ${keyText(x.key)} ${m ? formatMetric(m, x.value) : x.value === null ? "no data" : String(x.value)}`);
  if (shown.length) out.push(`Not met: ${shown.join(" · ")}${failing.length > 8 ? ` · … (${failing.length} groups)` : ""}`);
  return out;
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
  parts.push(...declDoc(sym));
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
  const parts = [header(sym, label?.kind === "String" ? label.value : undefined)];
  parts.push(...declDoc(sym));
  const facts: string[] = [];
  if (info?.pattern !== undefined) {
    const files = info.files.length > 1 ? ` (${info.files.length} files)` : "";
    facts.push(`File: \`${info.pattern}\`${files} · Format: ${info.format}${info.format === "csv" && info.delimiter !== "," ? ` (delimiter \`${info.delimiter}\`)` : ""}`);
  }
  if (info?.kind === "sql") {
    const conn = info.connection ? ctx.model.workspace.config.connections?.get(info.connection) : undefined;
    facts.push(`Connection: ${code(info.connection ?? "?")}${conn ? ` (${conn.engine})` : ""}${info.table !== undefined ? ` · Table: ${code(info.table)}` : ""}`);
    if (ctx.untrusted) facts.push("No connection is made in an untrusted workspace (trust the workspace to run its queries).");
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
  const spec = info?.specs?.get(name);
  const header = spec?.header ?? name;
  if (info?.declared?.has(name)) {
    const inferred = data?.inferred.get(header);
    facts.push(`Declared as ${info.declared.get(name)}${inferred && inferred !== info.declared.get(name) && !spec?.map ? ` (the data looks like ${inferred})` : ""}`);
  } else if (type) facts.push(`Type inferred from the data: ${type}`);
  if (spec && spec.header !== name) facts.push(`Read from ${info?.format === "csv" || info?.format === "parquet" ? "the header" : "the key"} "${escape(spec.header)}"`);
  if (spec?.map?.length) facts.push(`Map: ${spec.map.length} label${spec.map.length === 1 ? "" : "s"} (${spec.map.slice(0, 4).map((x) => `"${escape(x.label)}"`).join(", ")}${spec.map.length > 4 ? ", …" : ""})`);
  const column = data ? headerIn(data.columns, header) : undefined;
  if (data && column === undefined && data.columns.length) facts.push(`⚠ not in the data file's header`);
  const stats = column !== undefined ? data?.stats?.get(column) : undefined;
  if (stats) {
    if (data?.rowCount) {
      const share = stats.nulls / data.rowCount;
      facts.push(`Nulls: ${stats.nulls.toLocaleString("en-US")} of ${data.rowCount.toLocaleString("en-US")} rows (${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%)`);
    } else facts.push(`Nulls: ${stats.nulls.toLocaleString("en-US")}`);
    if (stats.min !== undefined && stats.max !== undefined) facts.push(`Range: ${escape(stats.min)} … ${escape(stats.max)}`);
    if (stats.samples.length) facts.push(`Samples: ${stats.samples.slice(0, 5).map(code).join(", ")}`);
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

/** The data column a header names: exactly, else the one equal to it ignoring case and surrounding whitespace (§9.1). */
export function headerIn(columns: readonly string[], header: string): string | undefined {
  if (columns.includes(header)) return header;
  const want = header.trim().toLowerCase();
  const found = columns.filter((c) => c.trim().toLowerCase() === want);
  return found.length === 1 ? found[0] : undefined;
}

// ---------------------------------------------------------------------------- version 2

function derivedHover(ctx: FeatureContext, source: string, name: string): string | undefined {
  const info = ctx.model.sources.get(source);
  const d = info?.derived.get(name);
  if (!info || !d) return undefined;
  const parts = [`derived column **\`${source}.${name}\`** — ${d.type}${d.unit ? ` (${d.unit})` : ""}`];
  const entry = deriveEntryOf(info.sym, name);
  if (entry) parts.push("```cx\n" + textOf(info.sym.file, entry.span).replace(/\s*\n\s*/g, " ") + "\n```");
  const facts: string[] = [];
  facts.push(`Type: ${d.type}${d.declaredType ? " (declared)" : ""}${d.unit ? ` · Unit: ${d.unit}` : ""}`);
  if (d.deps.length) facts.push(`Uses: ${d.deps.map((c) => code(c)).join(", ")}`);
  if (!d.ok) facts.push("No values: the expression has errors.");
  else {
    const sample = ctx.derivedSamples?.get(source)?.get(name);
    if (sample) {
      const of = `first ${count(sample.rows)} row${sample.rows === 1 ? "" : "s"}`;
      const values = sample.values.map((v) => code(v)).join(", ") + (sample.more ? ", …" : "");
      facts.push(`Samples (${of}): ${values || "none"}${sample.nulls ? ` · ${count(sample.nulls)} null` : ""}`);
      if (sample.min !== undefined && sample.max !== undefined) facts.push(`Range (${of}): ${escape(sample.min)} … ${escape(sample.max)}`);
    } else if (ctx.valuesUnavailable) facts.push(`Samples: ${ctx.valuesUnavailable}`);
    else if (!ctx.evaluation) facts.push(`Samples: ${noValue(ctx)}`);
  }
  parts.push(facts.join("  \n"));
  return parts.join("\n\n");
}

function deriveEntryOf(sym: Sym, name: string) {
  const v = sym.props.get("derive")?.value;
  return v?.kind === "DeriveBlock" ? v.entries.find((e) => e.name.name === name) : undefined;
}

/** `Source: events · Customer: customer_id · Within: 7 days · Window: 90 days` (what is declared). */
function analysisMeta(parts: [string, string | undefined][]): string {
  return parts.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(" · ");
}

function funnelHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.funnels.get(name);
  const sym = info?.sym ?? ctx.model.workspace.symbols.get(name);
  if (!sym || sym.kind !== "funnel") return undefined;
  const parts = [header(sym, info?.label)];
  parts.push(...declDoc(sym));
  const facts: string[] = [];
  facts.push(analysisMeta([["Source", info?.source && code(info.source)], ["Customer", info?.customer && code(info.customer)], ["Within", info?.within?.raw], ["Window", info?.window?.raw]]));
  const r = ctx.evaluation?.funnels.find((f) => f.name === name);
  if (r) {
    facts.push(`Conversion: **${percent(r.value)}** of ${count(r.customers)} customer${r.customers === 1 ? "" : "s"} from the first to the last step${asOfText(ctx)}`);
    parts.push(facts.filter(Boolean).join("  \n"));
    const rows = r.steps.map((st, i) => {
      const label = st.touchpoint ? `${code(st.name)} (${escape(st.label)})` : code(st.name);
      return `| ${i + 1}. ${label} | ${count(st.customers)} | ${i === 0 ? "" : percent(st.conversion)} | ${percent(st.overall)} |`;
    });
    parts.push(["| step | customers | from the step before | from the first |", "|---|--:|--:|--:|", ...rows].join("\n"));
    return parts.join("\n\n");
  }
  if (info?.steps.length) facts.push(`Steps: ${info.steps.map((st) => code(st.name)).join(" → ")}`);
  facts.push(`Conversion: ${info && !info.ok && ctx.evaluation ? "no value (the funnel has errors)" : noValue(ctx)}`);
  parts.push(facts.filter(Boolean).join("  \n"));
  return parts.join("\n\n");
}

function stepHover(ctx: FeatureContext, funnel: string, name: string): string | undefined {
  const f = ctx.model.funnels.get(funnel);
  const index = f?.steps.findIndex((st) => st.name === name) ?? -1;
  if (!f || index < 0) return undefined;
  const step = f.steps[index];
  const tp = linkedTouchpoint(ctx, { kind: "step", funnel, name });
  const title = `step **\`${name}\`** of funnel ${code(funnel)} (${index + 1} of ${f.steps.length})`;
  const parts = [tp ? `${title} — touchpoint ${code(tp)}${step.label !== tp ? ` (${escape(step.label)})` : ""}` : title];
  const entry = stepEntryOf(f.sym, "steps", name);
  if (entry) parts.push("```cx\n" + textOf(f.sym.file, entry.span).replace(/\s*\n\s*/g, " ") + "\n```");
  // By name: the evaluation may be of an older text, with the steps in another order.
  const steps = ctx.evaluation?.funnels.find((x) => x.name === funnel)?.steps;
  const at = steps?.findIndex((x) => x.name === name) ?? -1;
  const r = at >= 0 ? steps![at] : undefined;
  if (r) {
    const bits = [`Customers: **${count(r.customers)}**`];
    if (at > 0) bits.push(`${percent(r.conversion)} of the step before`);
    bits.push(`${percent(r.overall)} of the first step`);
    parts.push(bits.join(" · ") + asOfText(ctx));
  } else parts.push(`Customers: ${noValue(ctx)}`);
  return parts.join("\n\n");
}

function stepEntryOf(sym: Sym, block: string, name: string) {
  const v = sym.props.get(block)?.value;
  return v?.kind === "Block" ? v.properties.find((p) => p.key.name === name) : undefined;
}

function cohortHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.cohorts.get(name);
  const sym = info?.sym ?? ctx.model.workspace.symbols.get(name);
  if (!sym || sym.kind !== "cohort") return undefined;
  const parts = [header(sym, info?.label)];
  parts.push(...declDoc(sym));
  const facts: string[] = [];
  const mode = info ? (info.mode === "subscription" ? `subscription (${code(info.start ?? "start")} to ${code(info.end ?? "end")})` : "activity (rows at the source's timestamp)") : undefined;
  facts.push(analysisMeta([["Source", info?.source && code(info.source)], ["Customer", info?.customer && code(info.customer)], ["Mode", mode]]));
  facts.push(analysisMeta([["Period", info?.period], ["Ages", info?.periods !== undefined ? `0 … ${info.periods}` : undefined], ["Window", info?.window?.raw]]));
  const r = ctx.evaluation?.cohorts.find((c) => c.name === name);
  if (r) {
    const customers = r.cohorts.reduce((a, c) => a + c.customers, 0);
    facts.push(`Retention at age ${r.periods}: **${percent(r.value)}** · ${r.cohorts.length} cohort${r.cohorts.length === 1 ? "" : "s"}, ${count(customers)} customer${customers === 1 ? "" : "s"}${asOfText(ctx)}`);
    const points = r.curve.map((p) => `${p.age}: ${p.rate === null ? "–" : percent(p.rate)}`);
    const shown = points.length > 13 ? [...points.slice(0, 7), "…", ...points.slice(-5)] : points;
    facts.push(`Curve (age: retained ÷ observed): ${shown.join(" · ")}`);
  } else facts.push(`Retention: ${info && !info.ok && ctx.evaluation ? "no value (the cohort has errors)" : noValue(ctx)}`);
  parts.push(facts.filter(Boolean).join("  \n"));
  return parts.join("\n\n");
}

function driversHover(ctx: FeatureContext, name: string): string | undefined {
  const info = ctx.model.drivers.get(name);
  const sym = info?.sym ?? ctx.model.workspace.symbols.get(name);
  if (!sym || sym.kind !== "drivers") return undefined;
  const parts = [header(sym, info?.label)];
  parts.push(...declDoc(sym));
  const facts: string[] = [];
  const where = sym.props.get("where")?.value;
  facts.push(
    analysisMeta([
      ["Source", info?.source && code(info.source)],
      ["Outcome", info?.outcome && code(info.outcome)],
      ["Where", where ? code(textOf(sym.file, where.span).replace(/\s*\n\s*/g, " ")) : undefined],
      ["Window", info?.window?.raw],
    ]),
  );
  const r = ctx.evaluation?.drivers.find((d) => d.name === name);
  if (r) {
    facts.push(`Model: n = ${count(r.n)} complete cases · R² = ${r.r2 === null ? "–" : r.r2.toFixed(2)}${asOfText(ctx)}`);
    parts.push(facts.filter(Boolean).join("  \n"));
    const ranked = [...r.drivers].sort((a, b) => (b.importance ?? -1) - (a.importance ?? -1));
    const rows = ranked.map((d) => {
      const label = d.touchpoint ? `${code(d.name)} (${escape(d.label)})` : code(d.name);
      return `| ${label} | ${d.importance === null ? "not in the model" : percent(d.importance)} | ${num(d.correlation)} | ${num(d.mean)} |`;
    });
    parts.push(["| driver | importance | correlation | mean |", "|---|--:|--:|--:|", ...rows].join("\n"));
    return parts.join("\n\n");
  }
  if (info?.drivers.length) facts.push(`Drivers: ${info.drivers.map((d) => `${code(d.name)} (${code(d.column || "?")})`).join(", ")}`);
  facts.push(`Importance: ${info && !info.ok && ctx.evaluation ? "no value (the analysis has errors)" : noValue(ctx)}`);
  parts.push(facts.filter(Boolean).join("  \n"));
  return parts.join("\n\n");
}

function num(v: number | null): string {
  return v === null ? "–" : formatValue(v, null, { decimals: 2 });
}

function driverHover(ctx: FeatureContext, drivers: string, name: string): string | undefined {
  const info = ctx.model.drivers.get(drivers);
  const d = info?.drivers.find((x) => x.name === name);
  if (!info || !d) return undefined;
  const title = `driver **\`${name}\`** of ${code(drivers)}${d.column ? ` — column ${code(d.column)}` : ""}`;
  const parts = [d.touchpoint ? `${title} · touchpoint ${code(d.touchpoint)}${d.label !== d.touchpoint ? ` (${escape(d.label)})` : ""}` : title];
  const r = ctx.evaluation?.drivers.find((x) => x.name === drivers);
  const dr = r?.drivers.find((x) => x.name === name);
  if (r && dr) {
    const ranked = [...r.drivers].filter((x) => x.importance !== null).sort((a, b) => b.importance! - a.importance!);
    const rank = ranked.findIndex((x) => x.name === name);
    const imp = dr.importance === null ? "not in the model (constant, or too few complete cases)" : `**${percent(dr.importance)}**${rank >= 0 ? ` (rank ${rank + 1} of ${r.drivers.length})` : ""}`;
    parts.push([`Importance: ${imp}`, `Correlation with ${code(r.outcome)}: ${num(dr.correlation)} · Mean: ${num(dr.mean)} · n = ${count(r.n)} · R² = ${r.r2 === null ? "–" : r.r2.toFixed(2)}${asOfText(ctx)}`].join("  \n"));
  } else parts.push(`Importance: ${noValue(ctx)}`);
  return parts.join("\n\n");
}
