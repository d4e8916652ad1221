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

export type Target = RefTarget;

export interface Occurrence {
  file: string;
  span: Span;
  target: Target;
  /** The declaration of the name (a declaration's name, or a column in a `columns { }` block). */
  decl: boolean;
}

export function targetKey(t: Target): string {
  return t.kind === "column" ? `column:${t.source}.${t.name}` : `${t.kind}:${t.name}`;
}

interface OccurrenceIndex {
  byFile: Map<string, Occurrence[]>;
  byKey: Map<string, Occurrence[]>;
}

const indexes = new WeakMap<SemanticModel, OccurrenceIndex>();

/** Every occurrence of every name in the workspace, indexed by file and by target (memoised per model). */
export function occurrenceIndex(model: SemanticModel): OccurrenceIndex {
  const known = indexes.get(model);
  if (known) return known;
  const all: Occurrence[] = [];
  const columnDecls = new Set<string>();
  for (const sym of model.workspace.decls) {
    if (!sym.decl.name) continue;
    all.push({ file: sym.file.path, span: sym.decl.name.span, target: { kind: sym.kind, name: sym.name }, decl: true });
    if (sym.kind === "source" && sym.bound) {
      const cols = sym.props.get("columns")?.value;
      if (cols?.kind === "Block") for (const cp of cols.properties) columnDecls.add(`${sym.file.path}|${cp.key.span.start}`);
    }
  }
  const seen = new Set<string>();
  for (const r of model.references) {
    const k = `${r.file}|${r.span.start}|${r.span.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    all.push({ file: r.file, span: r.span, target: r.target, decl: r.target.kind === "column" && columnDecls.has(`${r.file}|${r.span.start}`) });
  }
  const byFile = new Map<string, Occurrence[]>();
  const byKey = new Map<string, Occurrence[]>();
  for (const o of all) {
    push(byFile, o.file, o);
    push(byKey, targetKey(o.target), o);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.span.start - b.span.start);
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
  if (target.kind === "column" || target.kind === "function") return undefined;
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
