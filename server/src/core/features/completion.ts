// Completion, by cursor context: declaration keywords and snippets at the top level; the properties
// the enclosing declaration still lacks; names where a metric, touchpoint or source is expected;
// columns after `source.` and inside `where` (inferred columns of sources without a schema too);
// functions with signature snippets; unit, stage, trend, format, severity and column-type values.
import { posix } from "node:path";
import { COLUMN_TYPES, type ColumnType } from "../data/table";
import type { DeclKind } from "../syntax/ast";
import { FUNCTIONS, functionInfo } from "../semantics/functions";
import { COHORT_PERIODS, COMPARES, FORMATS, PROPERTIES, SCOPES, SEVERITIES, STAGES, TREND_PERIODS, UNITS, type PropertySpec } from "../semantics/schema";
import { headerIn } from "./hover";
import type { Position, Range } from "../text";
import { bodyFrame, cursorContext, declFrame, innermostParen, isContinuation, type BodyFrame, type CursorContext, type ParenFrame } from "./cursor";
import { enclosing, fileOf } from "./query";
import type { FeatureContext } from "./types";
import { formatMetric, metricResult } from "./values";
import type { SemanticModel } from "../semantics/model";
import type { LineIndex } from "../text";
import { formatValue } from "../eval/format";

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
  | "file"
  | "funnel"
  | "cohort"
  | "step";

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
const WITHIN = ["30 minutes", "1 hour", "24 hours", "7 days", "30 days"];
/** The canonical names of the encodings (§9.3); the aliases are accepted but not offered. */
const ENCODING_NAMES = ["utf-8", "utf-16", "latin1", "windows-1252"];
const NUMERIC: (t: ColumnType) => boolean = (t) => t === "integer" || t === "number";
const DATES: (t: ColumnType) => boolean = (t) => t === "date" || t === "datetime";

export function complete(ctx: FeatureContext, path: string, text: string, pos: Position, lines: LineIndex): CompletionEntry[] {
  const offset = lines.offsetAt(pos);
  const cur = cursorContext(text, offset);
  const range = lines.rangeOf({ start: cur.word.start, end: cur.word.end });
  const c = new Collector(range, text[cur.word.start - 1] === ":" ? " " : "");
  if (cur.inComment) return [];
  if (cur.inString) {
    const prev = cur.before[cur.before.length - 1];
    if (prev?.type === "Import") completeImport(ctx, path, cur, lines, c);
    else completeInString(ctx, cur, lines, c);
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
  if (body.type === "block" && completeBlock(ctx, cur, body, paren, lines, c)) return c.items;
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
    case "derive":
    case "steps":
    case "driver-list":
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
  // Headers already read by a declared column (`from "…"`, or its name).
  const read = new Set<string>();
  for (const [name, spec] of info?.specs ?? []) {
    const h = headerIn(data.columns, spec.header ?? name);
    if (h !== undefined) read.add(h);
  }
  data.columns.forEach((col, i) => {
    if (given.has(col) || read.has(col)) return;
    const type = data.inferred.get(col) ?? "text";
    // A header that is not a name (a survey question) is declared under a name, read `from` the header.
    // (Headers match ignoring case and surrounding whitespace: " Store " is read by `Store`.)
    const name = IDENT_RE.test(col.trim()) ? col.trim() : nameFor(col, given);
    const insertText = name === col.trim() ? `${name}: ${type}` : `${name}: ${type} from ${quote(col)}`;
    c.add({ label: col, kind: "column", detail: `${type} (from the data)`, insertText, filterText: name === col ? undefined : `${name} ${col.trim()}`, sortText: String(i).padStart(4, "0") });
  });
}

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A .cx name for a header that is not one: its words in lower case joined by _ (at most 32 characters), not one of `taken`. */
function nameFor(header: string, taken: Set<string>): string {
  const words = header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let base = words[0]?.slice(0, 32) ?? "";
  for (const w of words.slice(1)) {
    if (base.length + 1 + w.length > 32) break;
    base += `_${w}`;
  }
  if (!base) base = "column";
  if (/^[0-9]/.test(base)) base = `c_${base}`;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  return name;
}

/** A .cx string literal (escapes `\"`, `\\`, `\n`, `\t`, `\uXXXX` for other control characters). */
function quote(s: string): string {
  const body = s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) =>
    c === "\\" ? "\\\\" : c === '"' ? '\\"' : c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `"${body}"`;
}

/** The content of a string literal (without quotes) that reads as `s`. */
function quoteContent(s: string): string {
  return quote(s).slice(1, -1);
}

/** The source a declaration reads (a source itself, or the `source:` of a funnel, cohort or drivers analysis). */
function sourceOfDecl(ctx: FeatureContext, cur: CursorContext): string | undefined {
  const decl = declFrame(cur);
  if (!decl?.declName) return undefined;
  switch (decl.declKind) {
    case "source":
      return decl.declName;
    case "funnel":
      return ctx.model.funnels.get(decl.declName)?.source ?? writtenSource(cur);
    case "cohort":
      return ctx.model.cohorts.get(decl.declName)?.source ?? writtenSource(cur);
    case "drivers":
      return ctx.model.drivers.get(decl.declName)?.source ?? writtenSource(cur);
    default:
      return undefined;
  }
}

/** `source: NAME` written before the cursor in the declaration (when the model does not know the declaration yet). */
function writtenSource(cur: CursorContext): string | undefined {
  const t = cur.before;
  for (let i = t.length - 3; i >= 0; i--) {
    if (t[i].type === "Identifier" && t[i].text === "source" && t[i + 1].type === "Colon" && t[i + 2].type === "Identifier") return t[i + 2].text;
  }
  return undefined;
}

/** The declared column a `map { … }` belongs to, when the cursor is inside one. */
function mapColumn(cur: CursorContext): { source?: string; column: string } | undefined {
  const n = cur.frames.length;
  const inner = cur.frames[n - 1];
  const outer = cur.frames[n - 2];
  if (!inner || !outer || !isBodyFrame(inner) || !isBodyFrame(outer) || inner.blockKey !== "map" || outer.type !== "block" || outer.blockKey !== "columns") return undefined;
  const last = outer.valueTokens[outer.valueTokens.length - 1];
  if (last?.type !== "Identifier" || last.text !== "map" || !outer.key) return undefined;
  return { source: outer.declName, column: outer.key };
}

function isBodyFrame(f: CursorContext["frames"][number]): f is BodyFrame {
  return f.type === "decl" || f.type === "block";
}

/** Inside a string: the headers of the data after `from`, the labels of a `map`. */
function completeInString(ctx: FeatureContext, cur: CursorContext, lines: LineIndex, c: Collector): void {
  const s = cur.inString!;
  const contentEnd = s.text.length > 1 && s.text.endsWith('"') && s.span.end - s.span.start > 1 ? s.span.end - 1 : s.span.end;
  const range = lines.rangeOf({ start: s.span.start + 1, end: contentEnd });
  const prev = cur.before[cur.before.length - 1];
  const body = bodyFrame(cur);
  const inner = new Collector(range, "");
  if (body?.type === "block" && body.blockKey === "columns" && prev?.type === "Identifier" && prev.text === "from") {
    addHeaders(ctx, body.declName, inner, (h) => quoteContent(h));
  } else {
    const map = mapColumn(cur);
    if (map && prev?.type !== "Colon") addLabels(ctx, cur, map, inner, (l) => quoteContent(l));
  }
  c.items.push(...inner.items);
}

/** The data's headers (CSV header, JSON keys) of a source, for `from`. */
function addHeaders(ctx: FeatureContext, source: string | undefined, c: Collector, text: (h: string) => string): void {
  const data = source ? ctx.data?.get(source) : undefined;
  if (!data) return;
  const info = source ? ctx.model.sources.get(source) : undefined;
  const read = new Set<string>();
  for (const [name, spec] of info?.specs ?? []) {
    const h = headerIn(data.columns, spec.header ?? name);
    if (h !== undefined) read.add(h);
  }
  data.columns.forEach((h, i) => {
    const type = data.inferred.get(h) ?? "text";
    const samples = data.stats?.get(h)?.samples ?? [];
    c.add({
      label: h,
      kind: "column",
      detail: `${type} — ${read.has(h) ? "read by another column" : "a header of the data"}`,
      documentation: samples.length ? `Samples: ${samples.slice(0, 5).map((x) => `\`${x.replace(/`/g, "'")}\``).join(", ")}` : undefined,
      insertText: text(h),
      sortText: `${read.has(h) ? 1 : 0}${String(i).padStart(4, "0")}`,
    });
  });
}

/** The answer labels of a `map`: the distinct values of the column's header in the data that are not mapped yet. */
function addLabels(ctx: FeatureContext, cur: CursorContext, map: { source?: string; column: string }, c: Collector, text: (l: string) => string): void {
  const data = map.source ? ctx.data?.get(map.source) : undefined;
  if (!data) return;
  // The header: `from "…"` written before `map` (or in the model), else the column's name.
  const outer = cur.frames[cur.frames.length - 2] as BodyFrame;
  const fromAt = outer.valueTokens.findIndex((t) => t.type === "Identifier" && t.text === "from");
  const fromTok = fromAt >= 0 ? outer.valueTokens[fromAt + 1] : undefined;
  let header = map.column;
  if (fromTok?.kind === "string") {
    try {
      header = JSON.parse(fromTok.text) as string;
    } catch {
      header = fromTok.text.slice(1, -1);
    }
  } else {
    const spec = ctx.model.sources.get(map.source!)?.specs?.get(map.column);
    if (spec) header = spec.header;
  }
  const column = headerIn(data.columns, header);
  if (column === undefined) return;
  const values = data.values?.get(column) ?? data.stats?.get(column)?.samples ?? [];
  // Labels written already in this map (compared as the reader does: trimmed, ignoring case).
  const given = new Set<string>();
  const mapTok = outer.valueTokens[outer.valueTokens.length - 1];
  const written = cur.before.filter((t, i) => t.span.start > mapTok.span.start && t.kind === "string" && cur.before[i + 1]?.type === "Colon");
  for (const t of written) {
    try {
      given.add((JSON.parse(t.text) as string).trim().toLowerCase());
    } catch {
      /* not a plain JSON string: compared as written */
      given.add(t.text.slice(1, -1).trim().toLowerCase());
    }
  }
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const label = v.trim();
    const key = label.toLowerCase();
    if (!label || given.has(key) || seen.has(key)) return;
    seen.add(key);
    c.add({ label, kind: "value", detail: `an answer in "${column.length > 40 ? column.slice(0, 39) + "…" : column}"`, insertText: text(label), sortText: String(i).padStart(4, "0") });
  });
}

/**
 * Completion inside nested blocks of version 2: `from` and `map` in `columns { }`, labels in
 * `map { }`, steps and drivers (touchpoints as keys; conditions and columns as values), derived
 * columns' expressions. False when the block is not one of these (the caller goes on).
 */
function completeBlock(ctx: FeatureContext, cur: CursorContext, block: BodyFrame, paren: ParenFrame | undefined, lines: LineIndex, c: Collector): boolean {
  const prev = cur.before[cur.before.length - 1];
  const map = mapColumn(cur);
  if (map) {
    if (!paren && prev?.type !== "Colon") addLabels(ctx, cur, map, c, (l) => `${quote(l)}: `);
    return true;
  }
  if (block.blockKey === "columns") {
    if (paren || isKeyPosition(cur, block, lines)) return false;
    if (prev?.type === "Identifier" && prev.text === "from") {
      addHeaders(ctx, block.declName, c, quote);
      return true;
    }
    if (prev?.type === "Identifier" && (COLUMN_TYPES as readonly string[]).includes(prev.text) && prev.span.end < cur.word.start) {
      c.add({ label: "from", kind: "keyword", detail: "read a differently named header", insertText: 'from "$1"', snippet: true });
      c.add({ label: "map", kind: "keyword", detail: "translate answer labels", insertText: "map {\n\t$0\n}", snippet: true });
      return true;
    }
    if (prev?.kind === "string" && prev.span.end < cur.word.start) {
      c.add({ label: "map", kind: "keyword", detail: "translate answer labels", insertText: "map {\n\t$0\n}", snippet: true });
      return true;
    }
    return false;
  }
  const kind = block.declKind;
  const source = sourceOfDecl(ctx, cur);
  if (block.blockKey === "steps" && kind === "funnel") {
    if (!paren && isKeyPosition(cur, block, lines)) addStepKeys(ctx, block, c);
    else completeRowExpr(ctx, cur, source, c, paren);
    return true;
  }
  if (block.blockKey === "drivers" && kind === "drivers") {
    if (paren) return true;
    if (isKeyPosition(cur, block, lines)) addStepKeys(ctx, block, c);
    else if (!block.valueTokens.length && source) addColumns(ctx, source, c, NUMERIC);
    return true;
  }
  if (block.blockKey === "derive" && kind === "source") {
    // `name = expression` or `name: type = expression`: after `=` a row expression; after `:` a type.
    const eq = block.valueTokens.some((t) => t.type === "Eq");
    if (!paren && prev?.type === "Colon") {
      for (const t of COLUMN_TYPES) c.add({ label: t, kind: "type", detail: "column type" });
    } else if (eq && !(prev && !isContinuation(prev) && !paren && lines.positionAt(prev.span.end).line < lines.positionAt(cur.word.start).line)) {
      completeRowExpr(ctx, cur, block.declName, c, paren);
    }
    return true;
  }
  return false;
}

/** Keys of `steps { }` and `drivers { }`: touchpoints (a step or driver named like a touchpoint is that touchpoint's) not listed yet. */
function addStepKeys(ctx: FeatureContext, block: BodyFrame, c: Collector): void {
  addNames(ctx, "touchpoint", c, new Set(block.keys), true);
}

/**
 * A row expression (a derived column, a funnel step, a drivers analysis's `where`): the source's
 * columns as bare names, the values seen in the data after `column ==`, condition keywords and row
 * functions. Inside an aggregate's first argument columns are written `source.column` instead.
 */
function completeRowExpr(ctx: FeatureContext, cur: CursorContext, source: string | undefined, c: Collector, _paren: ParenFrame | undefined): void {
  const prev = cur.before[cur.before.length - 1];
  const prev2 = cur.before[cur.before.length - 2];
  if (prev?.kind === "operator" && prev.type !== "Eq" && prev2?.type === "Identifier" && source && addValuesOf(ctx, source, prev2.text, c)) return;
  if (prev && (prev.kind === "string" || prev.kind === "number" || prev.type === "RParen" || (prev.type === "Identifier" && prev.span.end < cur.word.start))) {
    for (const k of ["and", "or", "in", "not", "is"]) c.add({ label: k, kind: "keyword" });
    return;
  }
  if (source && ctx.model.sources.has(source)) addColumns(ctx, source, c);
  for (const k of CONDITION_KEYWORDS) c.add({ label: k, kind: "keyword", sortText: `z${k}` });
  addFunctions(c, "row");
}

/** After `column ==`: the values of a text (or date) column seen in the data; true when there were some. */
function addValuesOf(ctx: FeatureContext, source: string, column: string, c: Collector): boolean {
  const info = ctx.model.sources.get(source);
  const type = info?.columns?.get(column);
  const derived = ctx.derivedSamples?.get(source)?.get(column);
  let values: readonly string[] | undefined;
  if (derived && info?.derived.has(column)) values = derived.values;
  else {
    const data = ctx.data?.get(source);
    const header = headerIn(data?.columns ?? [], info?.specs?.get(column)?.header ?? column);
    if (data && header !== undefined && !info?.specs?.get(column)?.map) values = data.values?.get(header) ?? data.stats?.get(header)?.samples;
  }
  if (!values?.length || !(type === "text" || type === "date" || type === "datetime")) return false;
  for (const v of values) c.add({ label: JSON.stringify(v), kind: "value", detail: `a value of ${column}` });
  return true;
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
  if (kind === "drivers" && key === "where") {
    completeRowExpr(ctx, cur, sourceOfDecl(ctx, cur), c, paren);
    return;
  }
  if (paren?.type === "paren") return;
  const valueStarted = body.valueTokens.length > 0;
  const source = kind === "funnel" || kind === "cohort" || kind === "drivers" ? sourceOfDecl(ctx, cur) : undefined;
  switch (`${kind}.${key}`) {
    case "funnel.source":
    case "cohort.source":
    case "drivers.source":
      if (!valueStarted) addNames(ctx, "source", c);
      return;
    case "funnel.customer":
    case "cohort.customer":
      if (!valueStarted && source) addColumns(ctx, source, c);
      return;
    case "cohort.start":
    case "cohort.end":
      if (!valueStarted && source) addColumns(ctx, source, c, DATES);
      return;
    case "drivers.outcome":
      if (!valueStarted && source) addColumns(ctx, source, c, NUMERIC);
      return;
    case "cohort.period":
      if (!valueStarted) for (const p of COHORT_PERIODS) c.add({ label: p, kind: "value", detail: "cohort period" });
      return;
    case "funnel.within":
      if (!valueStarted) for (const w of WITHIN) c.add({ label: w, kind: "value", detail: "all steps within" });
      return;
    case "funnel.window":
    case "cohort.window":
    case "drivers.window":
      if (!valueStarted) for (const w of WINDOWS) c.add({ label: w, kind: "value", detail: "window" });
      return;
    case "metric.compare":
      if (!valueStarted) {
        c.add({ label: COMPARES[0], kind: "value", detail: "compare with the window before" });
        c.add({ label: COMPARES[1], kind: "value", detail: "compare with the same window a year earlier" });
      }
      return;
    case "goal.scope":
      if (!valueStarted) {
        c.add({ label: SCOPES[0], kind: "value", detail: "the metric's overall value must meet the target" });
        c.add({ label: SCOPES[1], kind: "value", detail: "every group of the metric's `by` must meet the target" });
      }
      return;
    case "source.encoding":
      if (!valueStarted) for (const e of ENCODING_NAMES) c.add({ label: e, kind: "value", detail: "text encoding" });
      return;
    case "source.connection": {
      if (valueStarted) return;
      for (const [name, conn] of model.workspace.config.connections ?? []) c.add({ label: name, kind: "value", detail: `connection (${conn.engine}) of cx.yaml` });
      return;
    }
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
    const inner = innermostParen(cur);
    if (inner?.callee === "conversion" || inner?.callee === "retention") {
      completeAnalysisArg(ctx, inner, c);
      return;
    }
    if (prev && (prev.kind === "number" || prev.type === "RParen" || (prev.type === "Identifier" && prev.span.end < cur.word.start))) return; // an operator is expected
    addNames(ctx, "metric", c, new Set(self ? [self] : []));
    addFunctions(c, "metric");
    return;
  }
  const inner = innermostParen(cur)!;
  if (agg.commas === 0 && !agg.whereSeen) {
    // The first argument: a source, a column (`source.column`) or a row expression over one source's columns.
    const continuing = prev && (prev.kind === "number" || prev.kind === "string" || prev.type === "RParen" || (prev.type === "Identifier" && prev.span.end < cur.word.start));
    if (continuing) {
      if (inner === agg) c.add({ label: "where", kind: "keyword", detail: "filter the rows" });
      return;
    }
    if (inner !== agg && prev?.kind === "operator" && cur.before[cur.before.length - 2]?.type === "Identifier") return;
    addNames(ctx, "source", c);
    const head = aggSource(ctx, cur, agg);
    if (head && inner !== agg) addColumns(ctx, head, c, undefined, head);
    addFunctions(c, "row");
    return;
  }
  if (inner === agg && agg.commas > 0 && !agg.argName && agg.argTokens.length === 0) {
    const fn = functionInfo(agg.callee!)!;
    for (const [opt, values] of Object.entries(fn.options ?? {})) {
      c.add({ label: `${opt}:`, kind: "property", detail: `one of ${values.join(", ")}`, insertText: `${opt}: \${1|${values.join(",")}|}`, snippet: true });
    }
    return;
  }
  if (agg.whereSeen) completeRowExpr(ctx, cur, aggSource(ctx, cur, agg), c, inner);
}

/** The source an aggregate reads: the first source named in its first argument (`count(src …)`, `avg(f(src.a, …))`). */
function aggSource(ctx: FeatureContext, cur: CursorContext, agg: ParenFrame): string | undefined {
  for (const t of cur.before) {
    if (t.span.start <= agg.open.span.start || t.type !== "Identifier") continue;
    if (ctx.model.sources.has(t.text)) return t.text;
    if (t.type === "Identifier" && t.text === "where") break;
  }
  return agg.firstHead;
}

/** Arguments of `conversion(FUNNEL, STEP)` and `retention(COHORT, AGE)`. */
function completeAnalysisArg(ctx: FeatureContext, call: ParenFrame, c: Collector): void {
  if (call.argTokens.length) return;
  const kind = call.callee === "conversion" ? "funnel" : "cohort";
  if (call.commas === 0) {
    addNames(ctx, kind, c);
    return;
  }
  if (call.commas !== 1 || !call.firstHead) return;
  if (kind === "funnel") {
    const f = ctx.model.funnels.get(call.firstHead);
    const r = ctx.evaluation?.funnels.find((x) => x.name === call.firstHead);
    f?.steps.forEach((st, i) => {
      const res = r?.steps.find((x) => x.name === st.name);
      c.add({ label: st.name, kind: "step", detail: `step ${i + 1} of ${f.steps.length}${res ? ` — ${formatValue(res.overall, "percent")} of the first` : ""}`, sortText: String(i).padStart(3, "0") });
    });
  } else {
    const co = ctx.model.cohorts.get(call.firstHead);
    const r = ctx.evaluation?.cohorts.find((x) => x.name === call.firstHead);
    for (let age = 0; co?.periods !== undefined && age <= co.periods && age <= 120; age++) {
      const rate = r?.curve.find((p) => p.age === age)?.rate;
      c.add({ label: String(age), kind: "value", detail: `age ${age} (${co.period ?? "period"}s)${rate !== undefined && rate !== null ? ` — ${formatValue(rate, "percent")} retained` : ""}`, sortText: String(age).padStart(4, "0") });
    }
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

/** The columns of a source (read and derived); `qualify`: written `source.column`. */
function addColumns(ctx: FeatureContext, source: string, c: Collector, filter?: (t: ColumnType) => boolean, qualify?: string): void {
  const info = ctx.model.sources.get(source);
  const data = ctx.data?.get(source);
  const columns: [string, ColumnType][] = info?.columns ? [...info.columns] : data ? data.columns.map((col) => [col, data.inferred.get(col) ?? "text"]) : [];
  columns.forEach(([name, type], i) => {
    if (filter && !filter(type)) return;
    const derived = info?.derived.get(name);
    let samples: readonly string[] | undefined;
    if (derived) samples = ctx.derivedSamples?.get(source)?.get(name)?.values;
    else {
      const header = data ? headerIn(data.columns, info?.specs?.get(name)?.header ?? name) : undefined;
      samples = header !== undefined ? data?.stats?.get(header)?.samples : undefined;
    }
    const label = qualify ? `${qualify}.${name}` : name;
    c.add({
      label,
      kind: "column",
      detail: `${type} — ${derived ? `derived column of ${source}` : `${source}${info?.declared ? "" : " (inferred)"}`}`,
      documentation: samples?.length ? `Samples: ${samples.slice(0, 5).map((s) => `\`${s.replace(/`/g, "'")}\``).join(", ")}` : undefined,
      sortText: `0${String(i).padStart(4, "0")}`,
    });
  });
}

function addNames(ctx: FeatureContext, kind: "metric" | "touchpoint" | "source" | "funnel" | "cohort", c: Collector, exclude = new Set<string>(), asKey = false): void {
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
    } else if (kind === "funnel") {
      const f = model.funnels.get(sym.name);
      const r = ctx.evaluation?.funnels.find((x) => x.name === sym.name);
      detail = [f?.label !== sym.name ? f?.label : undefined, r ? `= ${formatValue(r.value, "percent")}` : `${f?.steps.length ?? 0} steps`].filter(Boolean).join(" ");
    } else if (kind === "cohort") {
      const co = model.cohorts.get(sym.name);
      detail = [co?.label !== sym.name ? co?.label : undefined, co?.periods !== undefined ? `ages 0 … ${co.periods}` : undefined].filter(Boolean).join(" · ") || "cohort";
    } else {
      const s = model.sources.get(sym.name);
      detail = s?.pattern ? `source — ${s.pattern}` : s?.connection ? `source — ${s.connection}` : "source";
    }
    if (sym.decl.doc) documentation = sym.decl.doc;
    // As the key of a step or driver, a touchpoint is followed by its condition or column.
    c.add({ label: sym.name, kind, detail, documentation, sortText: `0${sym.name}`, ...(asKey ? { insertText: `${sym.name}: ` } : {}) });
  }
}

/**
 * Functions with signature snippets. In a metric's formula (`metric`): aggregates, scalar
 * functions, conversion() and retention(); on rows (`row`: aggregate arguments, `where`,
 * `derive`, steps, drivers' `where`): scalar and row functions (language-v2 §10.2).
 */
function addFunctions(c: Collector, context: "metric" | "row"): void {
  for (const fn of Object.values(FUNCTIONS)) {
    if (context === "row" ? fn.aggregate || fn.context === "metric" : fn.context === "row") continue;
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
