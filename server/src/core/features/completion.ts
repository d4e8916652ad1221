// Completion, by cursor context: declaration keywords and snippets at the top level; the properties
// the enclosing declaration still lacks; names where a metric, touchpoint or source is expected;
// columns after `source.` and inside `where` (inferred columns of sources without a schema too);
// functions with signature snippets; unit, stage, trend, format, severity and column-type values.
import { posix } from "node:path";
import { COLUMN_TYPES, type ColumnType } from "../data/table";
import type { DeclKind } from "../syntax/ast";
import { FUNCTIONS, functionInfo } from "../semantics/functions";
import { FORMATS, PROPERTIES, SEVERITIES, STAGES, TREND_PERIODS, UNITS, type PropertySpec } from "../semantics/schema";
import type { Position, Range } from "../text";
import { bodyFrame, cursorContext, declFrame, innermostParen, isContinuation, type BodyFrame, type CursorContext, type ParenFrame } from "./cursor";
import { enclosing, fileOf } from "./query";
import type { FeatureContext } from "./types";
import { formatMetric, metricResult } from "./values";
import type { SemanticModel } from "../semantics/model";
import type { LineIndex } from "../text";

export type CompletionKind =
  | "keyword"
  | "snippet"
  | "property"
  | "metric"
  | "touchpoint"
  | "source"
  | "goal"
  | "journey"
  | "column"
  | "function"
  | "value"
  | "type"
  | "file";

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert (a snippet when `snippet`); default: the label. */
  insertText?: string;
  snippet?: boolean;
  sortText?: string;
  filterText?: string;
  /** The range the completion replaces. */
  range: Range;
}

const DECL_SNIPPETS: Record<DeclKind, { snippet: string; doc: string }> = {
  source: { snippet: 'source ${1:name} {\n\tfile: "${2:data/file.csv}"\n\ttimestamp: ${3:date_column}\n}', doc: "A linked data file." },
  touchpoint: { snippet: 'touchpoint ${1:name} {\n\tlabel: "${2:Label}"\n\tstage: ${3|awareness,consideration,purchase,delivery,onboarding,usage,support,retention,advocacy|}\n}', doc: "A place where customers meet the company." },
  metric: { snippet: 'metric ${1:name} {\n\tlabel: "${2:Label}"\n\tvalue: ${3:count(source)}\n}', doc: "A number computed from the data." },
  goal: { snippet: "goal ${1:name} {\n\tmetric: ${2:metric}\n\ttarget: ${3:>= 0}\n}", doc: "A target for a metric." },
  journey: { snippet: "journey ${1:name} {\n\ttouchpoints: [${2}]\n}", doc: "Touchpoints in journey order." },
  funnel: { snippet: "funnel ${1:name} {\n\tsource: ${2:events}\n\tcustomer: ${3:customer_id}\n\tsteps {\n\t\t${4:first}: ${5:event == \"view\"}\n\t\t${6:second}: ${7:event == \"order\"}\n\t}\n}", doc: "Where customers drop out: steps through an event log." },
  cohort: { snippet: "cohort ${1:name} {\n\tsource: ${2:customers}\n\tcustomer: ${3:customer_id}\n\tperiod: ${4|month,week,quarter|}\n\tperiods: ${5:12}\n}", doc: "Whether customers stay: retention by start period and age." },
  drivers: { snippet: "drivers ${1:name} {\n\tsource: ${2:survey}\n\toutcome: ${3:recommend}\n\tdrivers {\n\t\t${4:touchpoint}: ${5:column}\n\t}\n}", doc: "Which touchpoint moves the overall score: relative importance." },
};

const CONDITION_KEYWORDS = ["and", "or", "not", "in", "is", "null", "true", "false"];
const CHANNELS = ["web", "app", "store", "email", "phone", "chat", "social"];
const WINDOWS = ["7 days", "30 days", "90 days", "12 weeks", "6 months", "1 year"];

export function complete(ctx: FeatureContext, path: string, text: string, pos: Position, lines: LineIndex): CompletionEntry[] {
  const offset = lines.offsetAt(pos);
  const cur = cursorContext(text, offset);
  const range = lines.rangeOf({ start: cur.word.start, end: cur.word.end });
  const c = new Collector(range, text[cur.word.start - 1] === ":" ? " " : "");
  if (cur.inComment) return [];
  if (cur.inString) {
    const prev = cur.before[cur.before.length - 1];
    if (prev?.type === "Import") completeImport(ctx, path, cur, lines, c);
    return c.items;
  }
  if (cur.frames.length === 0) {
    completeTopLevel(cur, c);
    return c.items;
  }
  const prev = cur.before[cur.before.length - 1];
  const prev2 = cur.before[cur.before.length - 2];
  // `source.` → that source's columns, anywhere.
  if (prev?.type === "Dot") {
    if (prev2?.type === "Identifier" && ctx.model.sources.has(prev2.text)) addColumns(ctx, prev2.text, c);
    return c.items;
  }
  const body = bodyFrame(cur)!;
  const paren = innermostParen(cur);
  if (!paren) {
    if (body.type === "block") {
      completeColumnsBlock(ctx, cur, body, path, c);
      return c.items;
    }
    if (isKeyPosition(cur, body, lines)) {
      completeKeys(ctx, path, offset, body, c);
      return c.items;
    }
  }
  completeValue(ctx, cur, body, paren, c);
  return c.items;
}

class Collector {
  readonly items: CompletionEntry[] = [];
  private readonly seen = new Set<string>();
  constructor(
    readonly range: Range,
    /** Prefix for plain insertions right after a `:` (so `unit:` + `points` gives `unit: points`). */
    readonly lead: string,
  ) {}
  add(e: Omit<CompletionEntry, "range">): void {
    if (this.seen.has(e.label)) return;
    this.seen.add(e.label);
    const item: CompletionEntry = { ...e, range: this.range };
    if (this.lead) {
      item.insertText = this.lead + (e.insertText ?? e.label);
      item.filterText ??= e.label;
    }
    this.items.push(item);
  }
}

function isKeyPosition(cur: CursorContext, body: BodyFrame, lines: LineIndex): boolean {
  if (body.key === undefined) return true;
  const last = body.valueTokens[body.valueTokens.length - 1];
  if (!last) return false;
  if (isContinuation(last)) return false;
  return lines.positionAt(last.span.end).line < lines.positionAt(cur.word.start).line;
}

function completeTopLevel(cur: CursorContext, c: Collector): void {
  const t = cur.topLevel;
  if (t && (t.kind === "import" || t.name === undefined)) return; // typing a name or a path
  for (const [kind, s] of Object.entries(DECL_SNIPPETS)) {
    c.add({ label: kind, kind: "snippet", detail: `${kind} declaration`, documentation: s.doc, insertText: s.snippet, snippet: true, sortText: `0${kind}` });
  }
  c.add({ label: "import", kind: "keyword", detail: "import another .cx file", insertText: 'import "${1}"', snippet: true, sortText: "1import" });
}

function completeImport(ctx: FeatureContext, path: string, cur: CursorContext, lines: LineIndex, c: Collector): void {
  const s = cur.inString!;
  const contentEnd = s.text.length > 1 && s.text.endsWith('"') ? s.span.end - 1 : s.span.end;
  const range = lines.rangeOf({ start: s.span.start + 1, end: contentEnd });
  const dir = posix.dirname(path);
  const file = fileOf(ctx.model, path);
  const imported = new Set(file?.imports.map((i) => i.target) ?? []);
  for (const f of ctx.files ?? ctx.model.workspace.files.map((x) => x.path)) {
    if (f === path || imported.has(f)) continue;
    const rel = posix.relative(dir, f);
    c.items.push({ label: rel, kind: "file", detail: "a .cx file of the workspace", range });
  }
}

function completeKeys(ctx: FeatureContext, path: string, offset: number, body: BodyFrame, c: Collector): void {
  const kind = body.declKind;
  if (!kind) return;
  const given = new Set(body.keys);
  const file = fileOf(ctx.model, path);
  if (file) {
    const { decl } = enclosing(file.parse.ast, offset);
    for (const p of decl?.body?.properties ?? []) if (!(p.key.span.start <= offset && offset <= p.key.span.end)) given.add(p.key.name);
  }
  PROPERTIES[kind].forEach((spec, i) => {
    if (given.has(spec.name)) return;
    c.add({
      label: spec.name,
      kind: "property",
      detail: spec.required ? "required" : undefined,
      documentation: spec.doc,
      insertText: keySnippet(spec),
      snippet: true,
      sortText: `${spec.required ? 0 : 1}${String(i).padStart(2, "0")}`,
    });
  });
}

function keySnippet(spec: PropertySpec): string {
  switch (spec.shape) {
    case "string":
      return `${spec.name}: "$1"`;
    case "columns":
      return `${spec.name} {\n\t$0\n}`;
    case "name-list":
      return `${spec.name}: [$1]`;
    case "threshold":
      return `${spec.name}: \${1|>=,<=,>,<,==|} $2`;
    default:
      return `${spec.name}: $0`;
  }
}

function completeColumnsBlock(ctx: FeatureContext, cur: CursorContext, block: BodyFrame, path: string, c: Collector): void {
  if (block.blockKey !== "columns") return;
  const lines = fileOf(ctx.model, path)?.parse.lines;
  const atKey = lines ? isKeyPosition(cur, block, lines) : block.key === undefined;
  if (!atKey) {
    for (const t of COLUMN_TYPES) c.add({ label: t, kind: "type", detail: "column type" });
    return;
  }
  const source = block.declName;
  const data = source ? ctx.data?.get(source) : undefined;
  if (!data) return;
  const given = new Set(block.keys);
  const info = source ? ctx.model.sources.get(source) : undefined;
  for (const name of info?.declared?.keys() ?? []) given.add(name);
  data.columns.forEach((col, i) => {
    if (given.has(col)) return;
    const type = data.inferred.get(col) ?? "text";
    c.add({ label: col, kind: "column", detail: `${type} (from the data)`, insertText: `${col}: ${type}`, sortText: String(i).padStart(4, "0") });
  });
}

function completeValue(ctx: FeatureContext, cur: CursorContext, body: BodyFrame, paren: ParenFrame | undefined, c: Collector): void {
  const kind = body.declKind;
  const key = body.key;
  const model = ctx.model;
  const self = declFrame(cur)?.declName;
  if (!kind || !key) return;
  if (kind === "metric" && key === "value") {
    completeFormula(ctx, cur, self, c);
    return;
  }
  if (kind === "metric" && key === "by") {
    for (const s of metricSources(model, self)) addColumns(ctx, s, c);
    return;
  }
  if (paren?.type === "paren") return;
  const valueStarted = body.valueTokens.length > 0;
  switch (`${kind}.${key}`) {
    case "metric.touchpoint":
      if (!valueStarted) addNames(ctx, "touchpoint", c);
      return;
    case "goal.metric":
    case "touchpoint.score":
      if (!valueStarted) addNames(ctx, "metric", c);
      return;
    case "journey.touchpoints": {
      if (paren?.type !== "bracket" || paren.argTokens.length) return;
      const listed = new Set(cur.before.filter((t) => t.type === "Identifier" && t.span.start > paren.open.span.start).map((t) => t.text));
      addNames(ctx, "touchpoint", c, listed);
      return;
    }
    case "metric.unit":
      if (valueStarted) return;
      for (const u of UNITS) c.add({ label: u, kind: "value", detail: "unit", insertText: u === "currency" ? 'currency "${1:EUR}"' : u, snippet: u === "currency" });
      return;
    case "metric.trend":
      if (!valueStarted) for (const p of TREND_PERIODS) c.add({ label: p, kind: "value", detail: "trend period" });
      return;
    case "metric.window":
      if (!valueStarted) for (const w of WINDOWS) c.add({ label: w, kind: "value", detail: "window" });
      return;
    case "source.format":
      if (!valueStarted) for (const f of FORMATS) c.add({ label: f, kind: "value", detail: "data format" });
      return;
    case "source.timestamp": {
      if (valueStarted || !self) return;
      addColumns(ctx, self, c, (t) => t === "date" || t === "datetime");
      return;
    }
    case "touchpoint.stage": {
      if (valueStarted) return;
      const used = [...model.touchpoints.values()].map((t) => t.stage).filter((s): s is string => !!s);
      for (const s of new Set([...STAGES, ...used])) c.add({ label: s, kind: "value", detail: "stage" });
      return;
    }
    case "touchpoint.channel": {
      if (valueStarted) return;
      const used = [...model.touchpoints.values()].map((t) => t.channel).filter((s): s is string => !!s && /^[A-Za-z_]\w*$/.test(s));
      for (const s of new Set([...used, ...CHANNELS])) c.add({ label: s, kind: "value", detail: "channel" });
      return;
    }
    case "goal.severity":
      if (!valueStarted) for (const s of SEVERITIES) c.add({ label: s, kind: "value", detail: "severity" });
      return;
    case "goal.target":
    case "goal.warn":
      if (!valueStarted) for (const op of [">=", "<=", ">", "<", "=="]) c.add({ label: op, kind: "value", detail: "comparator", insertText: `${op} $1`, snippet: true });
      return;
  }
}

/** A metric formula: metric context outside aggregates, row context (columns) inside them. */
function completeFormula(ctx: FeatureContext, cur: CursorContext, self: string | undefined, c: Collector): void {
  const agg = [...cur.frames].reverse().find((f): f is ParenFrame => f.type === "paren" && !!f.callee && !!functionInfo(f.callee)?.aggregate);
  const prev = cur.before[cur.before.length - 1];
  if (!agg) {
    if (prev && (prev.kind === "number" || prev.type === "RParen" || (prev.type === "Identifier" && prev.span.end < cur.word.start))) return; // an operator is expected
    addNames(ctx, "metric", c, new Set(self ? [self] : []));
    addFunctions(c, false);
    return;
  }
  const inner = innermostParen(cur)!;
  if (inner === agg && agg.commas === 0 && !agg.whereSeen) {
    if (agg.argTokens.length === 0) {
      addNames(ctx, "source", c);
      return;
    }
    if (prev?.type === "Identifier" && prev.span.end < cur.word.start) c.add({ label: "where", kind: "keyword", detail: "filter the rows" });
    return;
  }
  if (inner === agg && agg.commas > 0 && !agg.argName && agg.argTokens.length === 0) {
    const fn = functionInfo(agg.callee!)!;
    for (const [opt, values] of Object.entries(fn.options ?? {})) {
      c.add({ label: `${opt}:`, kind: "property", detail: `one of ${values.join(", ")}`, insertText: `${opt}: \${1|${values.join(",")}|}`, snippet: true });
    }
    return;
  }
  if (agg.whereSeen || inner !== agg) {
    const source = agg.firstHead;
    const prev2 = cur.before[cur.before.length - 2];
    if (prev?.kind === "operator" && prev2?.type === "Identifier" && source) {
      // `column == ` → the column's values seen in the data.
      const stats = ctx.data?.get(source)?.stats?.get(prev2.text);
      const type = ctx.model.sources.get(source)?.columns?.get(prev2.text);
      if (stats && type === "text" || stats && (type === "date" || type === "datetime")) {
        for (const v of stats.samples) c.add({ label: JSON.stringify(v), kind: "value", detail: `a value of ${prev2.text}` });
        return;
      }
    }
    if (prev && (prev.kind === "string" || prev.kind === "number" || (prev.type === "Identifier" && prev.span.end < cur.word.start))) {
      for (const k of ["and", "or", "in", "not", "is"]) c.add({ label: k, kind: "keyword" });
      return;
    }
    if (source && ctx.model.sources.has(source)) addColumns(ctx, source, c);
    for (const k of CONDITION_KEYWORDS) c.add({ label: k, kind: "keyword", sortText: `z${k}` });
    addFunctions(c, true);
  }
}

function metricSources(model: SemanticModel, metric: string | undefined, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  const m = metric ? model.metrics.get(metric) : undefined;
  if (!m || seen.has(m.name)) return out;
  seen.add(m.name);
  for (const a of m.aggregates) out.add(a.source);
  for (const r of m.refs) for (const s of metricSources(model, r, seen)) out.add(s);
  return out;
}

function addColumns(ctx: FeatureContext, source: string, c: Collector, filter?: (t: ColumnType) => boolean): void {
  const info = ctx.model.sources.get(source);
  const data = ctx.data?.get(source);
  const columns: [string, ColumnType][] = info?.columns ? [...info.columns] : data ? data.columns.map((col) => [col, data.inferred.get(col) ?? "text"]) : [];
  columns.forEach(([name, type], i) => {
    if (filter && !filter(type)) return;
    const stats = data?.stats?.get(name);
    c.add({
      label: name,
      kind: "column",
      detail: `${type} — ${source}${info?.declared ? "" : " (inferred)"}`,
      documentation: stats?.samples.length ? `Samples: ${stats.samples.slice(0, 5).map((s) => `\`${s}\``).join(", ")}` : undefined,
      sortText: `0${String(i).padStart(4, "0")}`,
    });
  });
}

function addNames(ctx: FeatureContext, kind: "metric" | "touchpoint" | "source", c: Collector, exclude = new Set<string>()): void {
  const model = ctx.model;
  for (const sym of model.workspace.symbols.values()) {
    if (sym.kind !== kind || exclude.has(sym.name)) continue;
    let detail: string | undefined;
    let documentation: string | undefined;
    if (kind === "metric") {
      const m = model.metrics.get(sym.name);
      const r = metricResult(ctx, sym.name);
      detail = [m?.label !== sym.name ? m?.label : undefined, r ? `= ${formatMetric(r)}` : m?.unit ?? m?.inferredUnit].filter(Boolean).join(" ") || "metric";
    } else if (kind === "touchpoint") {
      const t = model.touchpoints.get(sym.name);
      detail = [t?.label !== sym.name ? t?.label : undefined, t?.stage].filter(Boolean).join(" · ") || "touchpoint";
    } else {
      const s = model.sources.get(sym.name);
      detail = s?.pattern ? `source — ${s.pattern}` : "source";
    }
    if (sym.decl.doc) documentation = sym.decl.doc;
    c.add({ label: sym.name, kind, detail, documentation, sortText: `0${sym.name}` });
  }
}

function addFunctions(c: Collector, scalarOnly: boolean): void {
  for (const fn of Object.values(FUNCTIONS)) {
    if (scalarOnly && fn.aggregate) continue;
    // Placeholders for the parameters (options such as `scale:` are left out; completion offers them).
    const labels = fn.parameters.filter((p) => !p.label.includes(":")).map((p) => p.label);
    if (fn.aggregate) labels[0] = fn.rows === "column" ? "source.column" : "source";
    let args = labels.map((l, i) => `\${${i + 1}:${l.replace(/[$}\\]/g, "")}}`);
    if (fn.rows === "rows" && fn.aggregate) args = ["${1:source} where ${2:condition}"];
    c.add({
      label: fn.name,
      kind: "function",
      detail: fn.signature,
      documentation: fn.doc,
      insertText: `${fn.name}(${args.join(", ")})`,
      snippet: true,
      sortText: `1${fn.name}`,
    });
  }
}
