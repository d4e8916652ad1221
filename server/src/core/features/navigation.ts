// Navigation: go to definition (names, imports → file, a source's `file:` → its data files),
// find references, document highlights and rename (validated: identifiers only, no reserved
// words, no clash with another declaration).
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
    const targets = targetLocations(ctx, occ.target);
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
  if (!occ) return { error: "Place the cursor on the name of a metric, touchpoint, source, goal or journey." };
  const refused = refusal(ctx, occ.target);
  if (refused) return { error: refused };
  return { range: file.parse.lines.rangeOf(occ.span), placeholder: occ.target.name };
}

function refusal(ctx: FeatureContext, target: Target): string | undefined {
  if (target.kind === "function") return `'${target.name}' is a built-in function; it cannot be renamed.`;
  if (target.kind === "column") {
    const info = ctx.model.sources.get(target.source);
    return info?.declared
      ? `Column names must match the header of the data file of '${target.source}'; rename the column in the data file, then in 'columns { }'.`
      : `The columns of '${target.source}' come from its data file; rename the column there.`;
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
  const edits = occurrencesOf(ctx.model, occ.target).map((o) => ({ ...locationOf(ctx, o), newText: newName }));
  return { edits };
}

export function validateName(ctx: FeatureContext, target: Target, newName: string): string | undefined {
  if (!IDENT.test(newName)) return `'${newName}' is not a valid name: use letters, digits and _, not starting with a digit.`;
  if ((RESERVED as readonly string[]).includes(newName)) return `'${newName}' is a reserved word.`;
  if (newName === target.name) return undefined;
  const existing = ctx.model.workspace.symbols.get(newName);
  if (existing) return `'${newName}' is already declared (as a ${existing.kind}); names are shared by the whole workspace.`;
  return undefined;
}
