// `cx diff`: the semantic difference between two versions of a workspace. Pure: the CLI reads
// the two versions (git or directories), analyses and evaluates them, and hands the results here.
//
// Two kinds of change are reported:
// - Declarations added, removed, renamed or changed, property by property, each property shown
//   as the formatter's canonical text (before → after). cx.yaml settings count as declarations
//   of kind "config".
// - Values. The definitions S (old, new) and the data D (old, new) are crossed: every metric and
//   goal has a value (and goal status) under
//     base     = old definitions on old data   (what the base version reported)
//     before   = old definitions on new data
//     after    = new definitions on new data   (what the new version reports)
//     newOnOld = new definitions on old data
//   The definition effect is before → after (both on the current data: "checkout_nps 41.2 → 38.9,
//   goal met → at risk"); the data effect is newOnOld → after (the new definitions, old data →
//   new data; base → before for a removed metric). A metric or goal "changed only because the
//   data changed" has a data effect and no definition effect. A metric changes when its value
//   does (by more than a relative 1e-9, floating-point noise — never by display rounding), or its
//   comparison (`compare`: the previous value or the significance); a goal when its status,
//   conclusiveness (--confidence), thresholds or the status of one of its groups (scope: groups)
//   do (its value is its metric's, reported there). When no data file changed, base equals before
//   and newOnOld equals after, and the CLI evaluates only two combinations.
import { formatPropertyInline, formatPropertyValue } from "./format/formatter";
import type { SemanticModel } from "./semantics/model";
import type { Sym } from "./semantics/workspace";
import type { Report, ReportGoal, ReportMetric } from "./report";
import type { ConfidenceInterval } from "./stats";
import type { Unit } from "./semantics/schema";

/** One version's definitions, with a function that writes its paths for display. */
export interface DiffVersion {
  model: SemanticModel;
  /** Absolute path → display path (relative, "/" separators). */
  rel(path: string): string;
}

export interface DataFileChange {
  file: string;
  change: "added" | "removed" | "modified";
}

export interface DiffInput {
  /** Labels of the two versions, e.g. "origin/main" and "working tree". */
  baseLabel: string;
  headLabel: string;
  asOf: string;
  old: DiffVersion;
  new: DiffVersion;
  /** Evaluations of the crossed definitions and data (see the header). base/newOnOld are absent when no data changed. */
  reports: { base?: Report; before: Report; after: Report; newOnOld?: Report };
  /** Data files that differ between the versions (the CLI compares their bytes). */
  dataFiles: DataFileChange[];
}

export interface PropertyChange {
  property: string;
  before: string | null;
  after: string | null;
}

export type DeclKindOrConfig = "source" | "touchpoint" | "metric" | "goal" | "journey" | "funnel" | "cohort" | "drivers" | "config";

export interface DeclarationChange {
  kind: DeclKindOrConfig;
  name: string;
  change: "added" | "removed" | "changed" | "renamed";
  /** For renamed: the old name. */
  from?: string;
  /** Where it is declared (the new version's location; the old one's for removed). */
  file?: string;
  line?: number;
  /** The old location, when the declaration moved to another file. */
  movedFrom?: string;
  properties: PropertyChange[];
}

export interface ValueSnapshot {
  value: number | null;
  /** The sample size (cli.md "Sample size"); null when the formula is not one aggregate. */
  n: number | null;
  ci?: ConfidenceInterval;
  /** The metric's comparison (`compare:`), when it has one. */
  compare?: { kind: string; label: string; previous: number | null; change: number | null; p: number | null; significant: boolean | null };
}

export interface GoalSnapshot {
  status: ReportGoal["status"];
  value: number | null;
  target: { op: string; value: number } | null;
  warn: { op: string; value: number } | null;
  conclusive?: boolean;
  /** scope: groups — each group's status. */
  groups?: { key: Record<string, string | number | boolean | null>; value: number | null; status: ReportGoal["status"] }[];
}

/** definition: the definitions changed the value (on the current data); data: only the data did; both; none. */
export type Effect = "definition" | "data" | "both" | "none";

export interface MetricDiff {
  name: string;
  /** The old name of a renamed metric (its old values are the old name's). */
  renamedFrom?: string;
  label: string;
  unit: Unit | null;
  currency?: string;
  decimals?: number;
  /** present in: both, only the new (added) or only the old (removed) definitions. */
  presence: "both" | "added" | "removed";
  base: ValueSnapshot | null;
  before: ValueSnapshot | null;
  after: ValueSnapshot | null;
  newOnOld: ValueSnapshot | null;
  effect: Effect;
}

export interface GoalDiff {
  name: string;
  renamedFrom?: string;
  metric: string | null;
  presence: "both" | "added" | "removed";
  base: GoalSnapshot | null;
  before: GoalSnapshot | null;
  after: GoalSnapshot | null;
  newOnOld: GoalSnapshot | null;
  effect: Effect;
}

export interface WorkspaceDiff {
  cx: 1;
  base: string;
  head: string;
  asOf: string;
  declarations: DeclarationChange[];
  dataFiles: DataFileChange[];
  metrics: MetricDiff[];
  goals: GoalDiff[];
  summary: {
    declarations: { added: number; removed: number; changed: number; renamed: number };
    metrics: { definition: number; data: number; both: number; unchanged: number };
    goals: { definition: number; data: number; both: number; unchanged: number };
    /** Goals whose status differs between before and after (definition effect). */
    statusChanges: number;
  };
}

// ------------------------------------------------------------------ canonical property text

/** A property value as the formatter writes it. Blocks are written `{ a: x, b: y }` on one line. */
export const propertyValueText = formatPropertyValue;

/** `key: value` (with a `unit: currency "EUR"` tag), as the formatter writes it. */
export const propertyText = formatPropertyInline;

/** A declaration's properties as canonical texts, nested blocks flattened to `columns.name`. */
export function propertyTexts(sym: Sym): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, p] of sym.props) {
    if (p.value?.kind === "Block") {
      for (const inner of p.value.properties) {
        const k = `${key}.${inner.key.name}`;
        if (!out.has(k)) out.set(k, `${propertyValueText(inner.value)}${inner.tag ? ` ${inner.tag.raw}` : ""}`);
      }
      if (!p.value.properties.length) out.set(key, "{}");
      continue;
    }
    out.set(key, `${propertyValueText(p.value)}${p.tag ? ` ${p.tag.raw}` : ""}`);
  }
  return out;
}

function compareProps(a: Map<string, string>, b: Map<string, string>): PropertyChange[] {
  const keys = [...a.keys()];
  for (const k of b.keys()) if (!a.has(k)) keys.push(k);
  const out: PropertyChange[] = [];
  for (const k of keys) {
    const x = a.get(k) ?? null;
    const y = b.get(k) ?? null;
    if (x !== y) out.push({ property: k, before: x, after: y });
  }
  return out;
}

const KIND_ORDER: DeclKindOrConfig[] = ["config", "source", "touchpoint", "metric", "goal", "journey", "funnel", "cohort", "drivers"];

function configTexts(model: SemanticModel): Map<string, string> {
  const c = model.workspace.config;
  const out = new Map<string, string>();
  if (c.asOf !== undefined) out.set("asOf", c.asOf);
  if (c.failOn !== undefined) out.set("failOn", c.failOn);
  if (c.include !== undefined) out.set("include", `[${c.include.map((g) => JSON.stringify(g)).join(", ")}]`);
  return out;
}

/** Declarations added, removed, renamed and changed between two models. */
export function diffDeclarations(oldV: DiffVersion, newV: DiffVersion): DeclarationChange[] {
  const key = (s: Sym) => `${s.kind}:${s.name}`;
  const oldSyms = new Map([...oldV.model.workspace.symbols.values()].map((s) => [key(s), s]));
  const newSyms = new Map([...newV.model.workspace.symbols.values()].map((s) => [key(s), s]));
  const where = (v: DiffVersion, s: Sym) => ({ file: v.rel(s.file.path), line: s.decl.name ? s.file.parse.lines.positionAt(s.decl.name.span.start).line + 1 : undefined });
  const changes: DeclarationChange[] = [];

  const cOld = configTexts(oldV.model);
  const cNew = configTexts(newV.model);
  const cfg = compareProps(cOld, cNew);
  if (cfg.length) {
    const file = newV.model.workspace.config.file ?? oldV.model.workspace.config.file;
    const v = newV.model.workspace.config.file ? newV : oldV;
    changes.push({ kind: "config", name: "cx.yaml", change: !oldV.model.workspace.config.file ? "added" : !newV.model.workspace.config.file ? "removed" : "changed", file: file ? v.rel(file) : undefined, properties: cfg });
  }

  const removed: Sym[] = [];
  const added: Sym[] = [];
  for (const [k, s] of oldSyms) if (!newSyms.has(k)) removed.push(s);
  for (const [k, s] of newSyms) {
    const o = oldSyms.get(k);
    if (!o) {
      added.push(s);
      continue;
    }
    const props = compareProps(propertyTexts(o), propertyTexts(s));
    const oldFile = oldV.rel(o.file.path);
    const newFile = newV.rel(s.file.path);
    if (props.length || oldFile !== newFile) {
      changes.push({ kind: s.kind, name: s.name, change: "changed", ...where(newV, s), movedFrom: oldFile !== newFile ? oldFile : undefined, properties: props });
    }
  }
  // Renames: a removed and an added declaration of the same kind with the same properties
  // (paired in order, through an index of the removed ones by kind and properties).
  const body = (s: Sym) => `${s.kind}\u0000${JSON.stringify([...propertyTexts(s)])}`;
  const removedByBody = new Map<string, Sym[]>();
  for (const r of removed) {
    const k = body(r);
    const list = removedByBody.get(k);
    if (list) list.push(r);
    else removedByBody.set(k, [r]);
  }
  const renamedFrom = new Set<Sym>();
  const stillAdded: Sym[] = [];
  for (const a of added) {
    const r = removedByBody.get(body(a))?.shift();
    if (!r) {
      stillAdded.push(a);
      continue;
    }
    renamedFrom.add(r);
    changes.push({ kind: a.kind, name: a.name, change: "renamed", from: r.name, ...where(newV, a), properties: [] });
  }
  added.length = 0;
  added.push(...stillAdded);
  const stillRemoved = removed.filter((r) => !renamedFrom.has(r));
  removed.length = 0;
  removed.push(...stillRemoved);
  for (const s of added) changes.push({ kind: s.kind, name: s.name, change: "added", ...where(newV, s), properties: compareProps(new Map(), propertyTexts(s)) });
  for (const s of removed) changes.push({ kind: s.kind, name: s.name, change: "removed", ...where(oldV, s), properties: compareProps(propertyTexts(s), new Map()) });

  const order = (c: DeclarationChange) => KIND_ORDER.indexOf(c.kind);
  return changes.sort((a, b) => order(a) - order(b) || (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0) || a.name.localeCompare(b.name));
}

// ------------------------------------------------------------------ values

/** Equal values: both null, or within a relative 1e-9 (evaluation order may differ in the last bits). */
export function sameValue(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function metricSnap(m: ReportMetric | undefined): ValueSnapshot | null {
  if (!m) return null;
  const s: ValueSnapshot = { value: m.value, n: m.n ?? null };
  if (m.ci) s.ci = m.ci;
  if (m.compare) {
    const c = m.compare;
    s.compare = { kind: c.kind, label: c.label, previous: c.value, change: c.change, p: c.p, significant: c.significant };
  }
  return s;
}

function goalSnap(g: ReportGoal | undefined): GoalSnapshot | null {
  if (!g) return null;
  const s: GoalSnapshot = { status: g.status, value: g.value, target: g.target, warn: g.warn };
  if (g.conclusive !== undefined) s.conclusive = g.conclusive;
  if (g.scope === "groups" && g.groups) s.groups = g.groups.map((x) => ({ key: x.key, value: x.value, status: x.status }));
  return s;
}

/** The same comparison: both absent, or the same previous value and significance. */
function sameCompare(a: ValueSnapshot["compare"], b: ValueSnapshot["compare"]): boolean {
  if (!a || !b) return !a && !b;
  return a.kind === b.kind && sameValue(a.previous, b.previous) && a.significant === b.significant;
}

const sameMetric = (a: ValueSnapshot | null, b: ValueSnapshot | null) => (a === null || b === null ? a === b : sameValue(a.value, b.value) && sameCompare(a.compare, b.compare));

/** Group statuses by key: the same when every group has the same status in both. */
export function groupStatusChanges(a: GoalSnapshot | null, b: GoalSnapshot | null): { key: string; before: string | null; after: string | null }[] {
  const out: { key: string; before: string | null; after: string | null }[] = [];
  if (!a?.groups && !b?.groups) return out;
  const text = (k: Record<string, unknown>) => Object.values(k).map((v) => (v === null ? "(none)" : String(v))).join(" / ");
  const before = new Map((a?.groups ?? []).map((x) => [JSON.stringify(x.key), x]));
  const seen = new Set<string>();
  for (const x of b?.groups ?? []) {
    const k = JSON.stringify(x.key);
    seen.add(k);
    const y = before.get(k);
    if (!y || y.status !== x.status) out.push({ key: text(x.key), before: y?.status ?? null, after: x.status });
  }
  for (const [k, y] of before) if (!seen.has(k)) out.push({ key: text(y.key), before: y.status, after: null });
  return out;
}

/** A goal changes when its outcome, thresholds or group statuses do; its metric's value is the metric's change. */
const sameGoal = (a: GoalSnapshot | null, b: GoalSnapshot | null) =>
  a === null || b === null
    ? a === b
    : a.status === b.status &&
      a.conclusive === b.conclusive &&
      JSON.stringify(a.target) === JSON.stringify(b.target) &&
      JSON.stringify(a.warn) === JSON.stringify(b.warn) &&
      groupStatusChanges(a, b).length === 0;

function effectOf(defChanged: boolean, dataChanged: boolean): Effect {
  return defChanged ? (dataChanged ? "both" : "definition") : dataChanged ? "data" : "none";
}

/** [new name, old name] pairs: the new order, then removed ones in their old order; a renamed one pairs its names. */
function names<T extends { name: string }>(a: T[] | undefined, b: T[] | undefined, renamed: Map<string, string>): [string | null, string | null][] {
  const oldNames = new Set((a ?? []).map((x) => x.name));
  const newNames = new Set((b ?? []).map((x) => x.name));
  const out: [string | null, string | null][] = [];
  const paired = new Set<string>();
  for (const n of newNames) {
    const from = renamed.get(n);
    if (!oldNames.has(n) && from !== undefined && oldNames.has(from) && !newNames.has(from)) {
      out.push([n, from]);
      paired.add(from);
    } else out.push([n, oldNames.has(n) ? n : null]);
  }
  for (const n of oldNames) if (!newNames.has(n) && !paired.has(n)) out.push([null, n]);
  return out;
}

export function diffWorkspaces(input: DiffInput): WorkspaceDiff {
  const { reports } = input;
  const base = reports.base ?? reports.before;
  const newOnOld = reports.newOnOld ?? reports.after;
  const idx = <T extends { name: string }>(xs: T[] | undefined) => new Map((xs ?? []).map((x) => [x.name, x]));
  const M = { base: idx(base.metrics), before: idx(reports.before.metrics), after: idx(reports.after.metrics), newOnOld: idx(newOnOld.metrics) };
  const G = { base: idx(base.goals), before: idx(reports.before.goals), after: idx(reports.after.goals), newOnOld: idx(newOnOld.goals) };

  const declarations = diffDeclarations(input.old, input.new);
  const renamed = (kind: string) => new Map(declarations.filter((c) => c.kind === kind && c.change === "renamed").map((c) => [c.name, c.from!]));
  const get = <T>(m: Map<string, T>, n: string | null) => (n === null ? undefined : m.get(n));

  const metrics: MetricDiff[] = names(reports.before.metrics, reports.after.metrics, renamed("metric")).map(([nn, on]) => {
    const name = (nn ?? on)!;
    const info = get(M.after, nn) ?? get(M.before, on)!;
    const d: MetricDiff = {
      name,
      label: info.label,
      unit: info.unit,
      presence: nn !== null && on !== null ? "both" : nn !== null ? "added" : "removed",
      base: metricSnap(get(M.base, on)),
      before: metricSnap(get(M.before, on)),
      after: metricSnap(get(M.after, nn)),
      newOnOld: metricSnap(get(M.newOnOld, nn)),
      effect: "none",
    };
    if (nn !== null && on !== null && nn !== on) d.renamedFrom = on;
    if (info.currency) d.currency = info.currency;
    if (info.decimals !== undefined) d.decimals = info.decimals;
    const defChanged = d.presence !== "both" || !sameMetric(d.before, d.after);
    const dataChanged = d.presence === "removed" ? !sameMetric(d.base, d.before) : !sameMetric(d.newOnOld, d.after);
    d.effect = effectOf(defChanged, dataChanged);
    return d;
  });

  const goals: GoalDiff[] = names(reports.before.goals, reports.after.goals, renamed("goal")).map(([nn, on]) => {
    const name = (nn ?? on)!;
    const info = get(G.after, nn) ?? get(G.before, on)!;
    const d: GoalDiff = {
      name,
      metric: info.metric,
      presence: nn !== null && on !== null ? "both" : nn !== null ? "added" : "removed",
      base: goalSnap(get(G.base, on)),
      before: goalSnap(get(G.before, on)),
      after: goalSnap(get(G.after, nn)),
      newOnOld: goalSnap(get(G.newOnOld, nn)),
      effect: "none",
    };
    if (nn !== null && on !== null && nn !== on) d.renamedFrom = on;
    const defChanged = d.presence !== "both" || !sameGoal(d.before, d.after);
    const dataChanged = d.presence === "removed" ? !sameGoal(d.base, d.before) : !sameGoal(d.newOnOld, d.after);
    d.effect = effectOf(defChanged, dataChanged);
    return d;
  });

  const count = <T extends { effect: Effect }>(xs: T[]) => {
    const c = { definition: 0, data: 0, both: 0, unchanged: 0 };
    for (const x of xs) c[x.effect === "none" ? "unchanged" : x.effect]++;
    return c;
  };
  return {
    cx: 1,
    base: input.baseLabel,
    head: input.headLabel,
    asOf: input.asOf,
    declarations,
    dataFiles: input.dataFiles,
    metrics,
    goals,
    summary: {
      declarations: {
        added: declarations.filter((c) => c.change === "added").length,
        removed: declarations.filter((c) => c.change === "removed").length,
        changed: declarations.filter((c) => c.change === "changed").length,
        renamed: declarations.filter((c) => c.change === "renamed").length,
      },
      metrics: count(metrics),
      goals: count(goals),
      statusChanges: goals.filter((g) => g.before && g.after && g.before.status !== g.after.status).length,
    },
  };
}
