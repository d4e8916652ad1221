// Finding things in the AST and the semantic model by position: the node path under a cursor, and
// every occurrence (declaration or reference) of every name. Shared by all editor features.
import type { CxFile, Declaration, Node, Property } from "../syntax/ast";
import type { RefTarget, SemanticModel } from "../semantics/model";
import type { Sym, WorkspaceFile } from "../semantics/workspace";
import type { Span } from "../text";

/** The direct children of a node that have spans, in source order. */
export function childrenOf(n: Node): Node[] {
  const out: (Node | undefined)[] = [];
  switch (n.kind) {
    case "File":
      out.push(...n.items);
      break;
    case "Import":
      out.push(n.path);
      break;
    case "Declaration":
      out.push(n.name, n.body);
      break;
    case "Block":
      out.push(...n.properties);
      break;
    case "Property":
      out.push(n.key, n.value, n.tag);
      break;
    case "Threshold":
      out.push(n.value);
      break;
    case "ColumnDecl":
      out.push(n.type, n.from, n.map);
      break;
    case "Map":
      out.push(...n.entries);
      break;
    case "MapEntry":
      out.push(n.label, n.value);
      break;
    case "DeriveBlock":
      out.push(...n.entries);
      break;
    case "DeriveEntry":
      out.push(n.name, n.type, n.expr);
      break;
    case "List":
      out.push(...n.items);
      break;
    case "Call":
      out.push(n.callee, ...n.args);
      break;
    case "Argument":
      out.push(n.name, n.value, n.where);
      break;
    case "Ref":
      out.push(n.head, n.member);
      break;
    case "Unary":
      out.push(n.operand);
      break;
    case "Binary":
      out.push(n.left, n.right);
      break;
    case "In":
      out.push(n.operand, ...n.items);
      break;
    case "IsNull":
      out.push(n.operand);
      break;
    case "Paren":
      out.push(n.expr);
      break;
    default:
      break;
  }
  return out.filter((c): c is Node => c !== undefined);
}

/** Nodes containing `offset` (inclusive of both ends), outermost first. */
export function nodePath(ast: CxFile, offset: number): Node[] {
  const path: Node[] = [ast];
  let cur: Node = ast;
  for (;;) {
    const kids = childrenOf(cur);
    // Prefer a child that strictly contains the offset, then one that ends or starts there.
    const next =
      kids.find((k) => k.span.start < offset && offset < k.span.end) ??
      kids.find((k) => k.span.start <= offset && offset <= k.span.end && k.span.end > k.span.start);
    if (!next) return path;
    path.push(next);
    cur = next;
  }
}

/** The declaration containing `offset`, with the property (and nested property) it is in. */
export function enclosing(ast: CxFile, offset: number): { decl?: Declaration; property?: Property; inner?: Property } {
  const path = nodePath(ast, offset);
  const decl = path.find((n): n is Declaration => n.kind === "Declaration");
  const props = path.filter((n): n is Property => n.kind === "Property");
  return { decl, property: props[0], inner: props[1] };
}

export function fileOf(model: SemanticModel, path: string): WorkspaceFile | undefined {
  return model.workspace.fileMap.get(path);
}

// ---------------------------------------------------------------------------- occurrences

/**
 * What a name means: a reference target of the checker, or a driver of a drivers declaration
 * (`drivers { delivery: delivery_sat }`: the key names the driver; the checker records no
 * reference for it, since nothing else refers to a driver).
 */
export type Target = RefTarget | { kind: "driver"; drivers: string; name: string };

export interface Occurrence {
  file: string;
  span: Span;
  target: Target;
  /** The declaration of the name (a declaration's name, or a column in a `columns { }` block). */
  decl: boolean;
}

export function targetKey(t: Target): string {
  switch (t.kind) {
    case "column":
    case "derived":
      return `${t.kind}:${t.source}.${t.name}`;
    case "step":
      return `step:${t.funnel}.${t.name}`;
    case "driver":
      return `driver:${t.drivers}.${t.name}`;
    default:
      return `${t.kind}:${t.name}`;
  }
}

interface OccurrenceIndex {
  byFile: Map<string, Occurrence[]>;
  byKey: Map<string, Occurrence[]>;
}

const indexes = new WeakMap<SemanticModel, OccurrenceIndex>();

/**
 * Every occurrence of every name in the workspace, indexed by file and by target (memoised per
 * model). Declarations: declaration names, columns of `columns { }`, derived columns' names in
 * `derive { }`, funnel steps' and drivers' keys. A step or driver key named like a touchpoint is
 * also a reference to that touchpoint: both occurrences are kept, and at that position the
 * declaration comes first (it is what the cursor is on).
 */
export function occurrenceIndex(model: SemanticModel): OccurrenceIndex {
  const known = indexes.get(model);
  if (known) return known;
  const all: Occurrence[] = [];
  const declSpans = new Set<string>();
  const at = (file: string, span: Span) => `${file}|${span.start}|${span.end}`;
  for (const sym of model.workspace.decls) {
    if (!sym.decl.name) continue;
    all.push({ file: sym.file.path, span: sym.decl.name.span, target: { kind: sym.kind, name: sym.name }, decl: true });
    if (sym.kind === "source" && sym.bound) {
      const cols = sym.props.get("columns")?.value;
      if (cols?.kind === "Block") for (const cp of cols.properties) declSpans.add(`column|${at(sym.file.path, cp.key.span)}`);
    }
  }
  for (const s of model.sources.values()) {
    for (const d of s.derived.values()) all.push({ file: s.sym.file.path, span: d.span, target: { kind: "derived", source: s.name, name: d.name }, decl: true });
  }
  for (const f of model.funnels.values()) for (const st of f.steps) declSpans.add(`step|${at(f.sym.file.path, st.span)}`);
  for (const d of model.drivers.values()) {
    for (const dr of d.drivers) all.push({ file: d.sym.file.path, span: dr.span, target: { kind: "driver", drivers: d.name, name: dr.name }, decl: true });
  }
  const seen = new Set<string>();
  for (const o of all) seen.add(`${at(o.file, o.span)}|${targetKey(o.target)}`);
  for (const r of model.references) {
    const k = `${at(r.file, r.span)}|${targetKey(r.target)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    all.push({ file: r.file, span: r.span, target: r.target, decl: declSpans.has(`${r.target.kind}|${at(r.file, r.span)}`) });
  }
  const byFile = new Map<string, Occurrence[]>();
  const byKey = new Map<string, Occurrence[]>();
  for (const o of all) {
    push(byFile, o.file, o);
    push(byKey, targetKey(o.target), o);
  }
  // Declarations first among occurrences at the same position.
  for (const list of byFile.values()) list.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || Number(b.decl) - Number(a.decl));
  for (const list of byKey.values()) list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
  const index = { byFile, byKey };
  indexes.set(model, index);
  return index;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The occurrence under the cursor (the innermost one when several touch it). */
export function occurrenceAt(model: SemanticModel, file: string, offset: number): Occurrence | undefined {
  const list = occurrenceIndex(model).byFile.get(file) ?? [];
  let best: Occurrence | undefined;
  for (const o of list) {
    if (o.span.start > offset) break;
    if (offset > o.span.end) continue;
    if (!best || o.span.end - o.span.start < best.span.end - best.span.start || (offset < o.span.end && best.span.end === offset)) best = o;
  }
  return best;
}

export function occurrencesOf(model: SemanticModel, target: Target): Occurrence[] {
  return occurrenceIndex(model).byKey.get(targetKey(target)) ?? [];
}

/** The declaration of a target: a declaration's symbol, or a declared column's key. */
export function declarationOf(model: SemanticModel, target: Target): Occurrence | undefined {
  return occurrencesOf(model, target).find((o) => o.decl);
}

export function symbolOf(model: SemanticModel, target: Target): Sym | undefined {
  if (target.kind === "column" || target.kind === "function" || target.kind === "derived" || target.kind === "step" || target.kind === "driver") return undefined;
  const sym = model.workspace.symbols.get(target.name);
  return sym && sym.kind === target.kind ? sym : undefined;
}

/** Source text of a node's span. */
export function textOf(file: WorkspaceFile, span: Span): string {
  return file.parse.text.slice(span.start, span.end);
}

export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const RESERVED = ["import", "where", "and", "or", "not", "in", "is", "null", "true", "false"] as const;

/** The identifier characters around `offset`: [start, end). */
export function wordAt(text: string, offset: number): Span {
  let s = offset;
  let e = offset;
  while (s > 0 && /[A-Za-z0-9_]/.test(text[s - 1])) s--;
  while (e < text.length && /[A-Za-z0-9_]/.test(text[e])) e++;
  return { start: s, end: e };
}
