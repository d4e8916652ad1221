// Navigation: go to definition (names, imports → file, a source's `file:` → its data files),
// find references, document highlights and rename (validated: identifiers only, no reserved
// words, no clash with another declaration).
import type { ColumnDecl } from "../syntax/ast";
import type { WorkspaceFile } from "../semantics/workspace";
import type { Position, Range } from "../text";
import { declarationOf, enclosing, fileOf, IDENT, nodePath, occurrenceAt, occurrencesOf, RESERVED, type Occurrence, type Target } from "./query";
import type { FeatureContext, FileEdit, FileLocation } from "./types";

export interface DefinitionResult {
  /** The range of the name or string under the cursor. */
  origin: Range;
  targets: FileLocation[];
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definition(ctx: FeatureContext, path: string, pos: Position): DefinitionResult | undefined {
  const file = fileOf(ctx.model, path);
  if (!file) return undefined;
  const lines = file.parse.lines;
  const offset = lines.offsetAt(pos);
  const occ = occurrenceAt(ctx.model, path, offset);
  if (occ) {
    // A step or driver named like a touchpoint is that touchpoint's: its key leads to the touchpoint.
    const linked = occ.decl ? linkedTouchpoint(ctx, occ.target) : undefined;
    const targets = linked ? targetLocations(ctx, { kind: "touchpoint", name: linked }) : targetLocations(ctx, occ.target);
    return targets.length ? { origin: lines.rangeOf(occ.span), targets } : undefined;
  }
  const nodes = nodePath(file.parse.ast, offset);
  const last = nodes[nodes.length - 1];
  const imp = nodes.find((n) => n.kind === "Import");
  if (imp?.kind === "Import" && imp.path && last === imp.path) {
    const target = file.imports.find((i) => i.node === imp)?.target;
    if (target && ctx.model.workspace.fileMap.has(target)) return { origin: lines.rangeOf(imp.path.span), targets: [{ file: target, range: START }] };
    return undefined;
  }
  const { decl, property } = enclosing(file.parse.ast, offset);
  if (decl?.declKind === "source" && decl.name && property?.key.name === "file" && property.value && last === property.value) {
    const info = ctx.model.sources.get(decl.name.name);
    if (info?.files.length && info.sym.decl === decl) return { origin: lines.rangeOf(property.value.span), targets: info.files.map((f) => ({ file: f, range: START })) };
  }
  return undefined;
}

/** The touchpoint a funnel step or a driver is linked to (by its name), if any. */
export function linkedTouchpoint(ctx: FeatureContext, target: Target): string | undefined {
  if (target.kind === "step") return ctx.model.funnels.get(target.funnel)?.steps.find((s) => s.name === target.name)?.touchpoint;
  if (target.kind === "driver") return ctx.model.drivers.get(target.drivers)?.drivers.find((d) => d.name === target.name)?.touchpoint;
  return undefined;
}

/** Where a target is defined: its declaration; for a column without a declaration, the data file's header. */
export function targetLocations(ctx: FeatureContext, target: Target): FileLocation[] {
  if (target.kind === "function") return [];
  const decl = declarationOf(ctx.model, target);
  if (decl) return [locationOf(ctx, decl)];
  if (target.kind === "column") {
    const info = ctx.model.sources.get(target.source);
    const dataFile = info?.files[0];
    if (!dataFile) return [];
    const header = ctx.data?.get(target.source)?.headerLine;
    return [{ file: dataFile, range: headerRange(header, target.name) }];
  }
  return [];
}

/** The range of a column's name in a header line (CSV, or the keys of a first JSON record). */
export function headerRange(header: string | undefined, name: string): Range {
  if (!header) return START;
  const re = new RegExp(`(^|[^A-Za-z0-9_])(${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})(?=$|[^A-Za-z0-9_])`);
  const m = re.exec(header);
  if (!m) return START;
  const start = m.index + m[1].length;
  return { start: { line: 0, character: start }, end: { line: 0, character: start + name.length } };
}

function locationOf(ctx: FeatureContext, o: Occurrence): FileLocation {
  const f = ctx.model.workspace.fileMap.get(o.file)!;
  return { file: o.file, range: f.parse.lines.rangeOf(o.span) };
}

export function references(ctx: FeatureContext, path: string, pos: Position, includeDeclaration: boolean): FileLocation[] {
  const file = fileOf(ctx.model, path);
  if (!file) return [];
  const occ = occurrenceAt(ctx.model, path, file.parse.lines.offsetAt(pos));
  if (!occ) return [];
  return occurrencesOf(ctx.model, occ.target)
    .filter((o) => includeDeclaration || !o.decl)
    .map((o) => locationOf(ctx, o));
}

export interface Highlight {
  range: Range;
  kind: "read" | "write";
}

export function highlights(ctx: FeatureContext, path: string, pos: Position): Highlight[] {
  const file = fileOf(ctx.model, path);
  if (!file) return [];
  const occ = occurrenceAt(ctx.model, path, file.parse.lines.offsetAt(pos));
  if (!occ) return [];
  return occurrencesOf(ctx.model, occ.target)
    .filter((o) => o.file === path)
    .map((o) => ({ range: file.parse.lines.rangeOf(o.span), kind: o.decl ? "write" : "read" }));
}

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };

export function prepareRename(ctx: FeatureContext, path: string, pos: Position): PrepareRenameResult {
  const file = fileOf(ctx.model, path);
  if (!file) return { error: "This file is not part of a CX workspace." };
  const occ = occurrenceAt(ctx.model, path, file.parse.lines.offsetAt(pos));
  if (!occ) return { error: "Place the cursor on the name of a metric, touchpoint, source, goal, journey, funnel, cohort, drivers analysis, derived column, funnel step or driver." };
  const refused = refusal(ctx, occ.target);
  if (refused) return { error: refused };
  return { range: file.parse.lines.rangeOf(occ.span), placeholder: occ.target.name };
}

function refusal(ctx: FeatureContext, target: Target): string | undefined {
  if (target.kind === "function") return `'${target.name}' is a built-in function; it cannot be renamed.`;
  if (target.kind === "column") {
    const info = ctx.model.sources.get(target.source);
    if (!info?.declared) return `The columns of '${target.source}' come from its data file; rename the column there (or declare them in 'columns { }' and rename the declaration).`;
    if (!columnDeclOf(ctx, target.source, target.name)) return `'${target.name}' is not declared in the 'columns { }' of '${target.source}', so there is nothing to rename.`;
  }
  if (!declarationOf(ctx.model, target)) return `'${target.name}' is not declared, so there is nothing to rename.`;
  return undefined;
}

export type RenameResult = { edits: FileEdit[] } | { error: string };

export function rename(ctx: FeatureContext, path: string, pos: Position, newName: string): RenameResult {
  const file = fileOf(ctx.model, path);
  if (!file) return { error: "This file is not part of a CX workspace." };
  const occ = occurrenceAt(ctx.model, path, file.parse.lines.offsetAt(pos));
  if (!occ) return { error: "Nothing to rename here." };
  const refused = refusal(ctx, occ.target);
  if (refused) return { error: refused };
  const invalid = validateName(ctx, occ.target, newName);
  if (invalid) return { error: invalid };
  return { edits: renameEdits(ctx, occ.target, newName) };
}

/**
 * Every occurrence of the target, renamed. A touchpoint's steps and drivers (named after it) are
 * renamed with it, so they stay linked — and so are the `conversion(funnel, step)` arguments that
 * name those steps.
 */
function renameEdits(ctx: FeatureContext, target: Target, newName: string): FileEdit[] {
  const occs = [...occurrencesOf(ctx.model, target)];
  const extra: FileEdit[] = [];
  if (target.kind === "column") {
    // A declared column keeps reading its header: `store: text` becomes `shop: text from "store"`.
    const found = columnDeclOf(ctx, target.source, target.name);
    if (found && !found.decl.from && found.decl.type) {
      const lines = found.file.parse.lines;
      const end = lines.positionAt(found.decl.type.span.end);
      extra.push({ file: found.file.path, range: { start: end, end }, newText: ` from ${JSON.stringify(target.name)}` });
    }
  }
  if (target.kind === "touchpoint") {
    for (const f of ctx.model.funnels.values()) {
      const step = f.steps.find((s) => s.touchpoint === target.name);
      if (step) occs.push(...occurrencesOf(ctx.model, { kind: "step", funnel: f.name, name: step.name }));
    }
  }
  const seen = new Set<string>();
  const edits: FileEdit[] = [];
  for (const o of occs) {
    const k = `${o.file}|${o.span.start}|${o.span.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edits.push({ ...locationOf(ctx, o), newText: newName });
  }
  return [...edits, ...extra];
}

/** A column's declaration in its source's `columns { }` block. */
function columnDeclOf(ctx: FeatureContext, source: string, name: string): { file: WorkspaceFile; decl: ColumnDecl } | undefined {
  const info = ctx.model.sources.get(source);
  const block = info?.sym.props.get("columns")?.value;
  if (!info || block?.kind !== "Block") return undefined;
  const p = block.properties.find((q) => q.key.name === name);
  return p?.value?.kind === "ColumnDecl" ? { file: info.sym.file, decl: p.value } : undefined;
}

export function validateName(ctx: FeatureContext, target: Target, newName: string): string | undefined {
  if (!IDENT.test(newName)) return `'${newName}' is not a valid name: use letters, digits and _, not starting with a digit.`;
  if ((RESERVED as readonly string[]).includes(newName)) return `'${newName}' is a reserved word.`;
  if (newName === target.name) return undefined;
  switch (target.kind) {
    case "derived": {
      const info = ctx.model.sources.get(target.source);
      const taken = info?.derived.has(newName) || info?.columns?.has(newName) || ctx.data?.get(target.source)?.columns.includes(newName);
      return taken ? `'${newName}' is already a column of '${target.source}'.` : undefined;
    }
    case "step":
      return ctx.model.funnels.get(target.funnel)?.steps.some((s) => s.name === newName) ? `'${newName}' is already a step of funnel '${target.funnel}'.` : undefined;
    case "driver":
      return ctx.model.drivers.get(target.drivers)?.drivers.some((d) => d.name === newName) ? `'${newName}' is already a driver of '${target.drivers}'.` : undefined;
    case "column": {
      const info = ctx.model.sources.get(target.source);
      return info?.columns?.has(newName) || info?.derived.has(newName) ? `'${newName}' is already a column of '${target.source}'.` : undefined;
    }
  }
  const existing = ctx.model.workspace.symbols.get(newName);
  if (existing) return `'${newName}' is already declared (as a ${existing.kind}); names are shared by the whole workspace.`;
  return undefined;
}
