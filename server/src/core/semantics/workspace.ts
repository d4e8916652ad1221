// Workspace loading and binding (language reference §2, §3): parse every file once, follow
// imports, read cx.yaml, and build the one namespace of declarations with their properties.
// Never throws; everything wrong becomes a diagnostic.
//
// Confinement (language-v2 §9.6): an import is followed only when it names a `.cx` file whose
// path, after resolving symbolic links, is inside the workspace root; otherwise it is CX4005 on
// the import's path and nothing is read, so no diagnostic can quote a file outside the workspace.
// Names from files are only ever looked up in Maps (never in plain objects keyed by user text).
import { posix } from "node:path";
import type { Declaration, DeclKind, ImportDecl, Property } from "../syntax/ast";
import { parse, type ParseResult } from "../syntax/index";
import { diag, type Diagnostic } from "../diagnostics";
import { readSourceText, type Host } from "../host";
import { showText } from "../syntax/lexer";
import { didYouMean } from "../suggest";
import { KIND_NOUN, PROPERTIES } from "./schema";
import type { Range } from "../text";

import { readConfig, type CxConfig } from "./config";
export { readConfig, type CxConfig, type FailOn, type ConnectionConfig } from "./config";

export interface ImportInfo {
  node: ImportDecl;
  /** Absolute path of the imported file, when the path string is present. */
  target?: string;
}

export interface WorkspaceFile {
  path: string;
  parse: ParseResult;
  imports: ImportInfo[];
}

/** A bound declaration. */
export interface Sym {
  name: string;
  kind: DeclKind;
  decl: Declaration;
  file: WorkspaceFile;
  /** First occurrence of each property (later duplicates are reported and ignored). */
  props: Map<string, Property>;
  /** False for a second declaration of an existing name (it is reported and not bound). */
  bound: boolean;
}

export interface Workspace {
  root: string;
  config: CxConfig;
  /** Every loaded file (inputs and their imports), sorted by path. */
  files: WorkspaceFile[];
  fileMap: Map<string, WorkspaceFile>;
  /** The namespace: name → first declaration of that name. */
  symbols: Map<string, Sym>;
  /** Every declaration with a name, in file order then source order (duplicates included). */
  decls: Sym[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  root: string;
  /** Absolute paths of the workspace's .cx files. */
  inputs: string[];
  host: Host;
  /** Absolute path of cx.yaml, if any. */
  configFile?: string;
  /** Pre-parsed files (the editor caches parses of unchanged documents). */
  parseCache?: Map<string, { text: string; result: ParseResult }>;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function loadWorkspace(opts: LoadOptions): Workspace {
  const diagnostics: Diagnostic[] = [];
  const fileMap = new Map<string, WorkspaceFile>();
  const config = opts.configFile ? readConfig(opts.configFile, opts.host, diagnostics) : {};

  const root = posix.resolve(opts.root);
  const realRoot = opts.host.realpath(root) ?? root;

  const load = (path: string): WorkspaceFile | undefined => {
    const existing = fileMap.get(path);
    if (existing) return existing;
    const source = readSourceText(opts.host, path);
    if (source === undefined) return undefined;
    const { text, invalidUtf8At } = source;
    const cached = opts.parseCache?.get(path);
    const result = cached && cached.text === text && hasInvalidUtf8(cached.result) === (invalidUtf8At !== undefined) ? cached.result : parse(text, path, { invalidUtf8At });
    opts.parseCache?.set(path, { text, result });
    const wf: WorkspaceFile = { path, parse: result, imports: [] };
    fileMap.set(path, wf);
    diagnostics.push(...result.diagnostics);
    for (const item of result.ast.items) {
      if (item.kind !== "Import") continue;
      const info: ImportInfo = { node: item };
      wf.imports.push(info);
      if (!item.path || item.path.unterminated) continue;
      const target = posix.resolve(posix.dirname(path), item.path.value);
      const refused = refuseImport(target, root, realRoot, opts.host);
      if (refused) {
        diagnostics.push(diag("CX4005", path, result.lines.rangeOf(item.path.span), { detail: refused(showText(item.path.value, 80)) }));
        continue;
      }
      info.target = target;
    }
    for (const info of wf.imports) {
      if (!info.target || !info.node.path) continue;
      const loaded = load(info.target);
      if (!loaded) {
        diagnostics.push(
          diag("CX2007", path, result.lines.rangeOf(info.node.path.span), { path: showText(info.node.path.value, 200) }),
        );
      }
    }
    return wf;
  };

  for (const input of [...opts.inputs].sort()) {
    if (!load(input)) {
      diagnostics.push(diag("CX2007", input, ZERO, { path: input }));
    }
  }
  detectImportCycles(fileMap, diagnostics);

  const files = [...fileMap.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const { symbols, decls } = bind(files, diagnostics);
  return { root: opts.root, config, files, fileMap, symbols, decls, diagnostics };
}

/** The parse reported invalid UTF-8 (so a cached parse of the same text from other bytes is not reused). */
function hasInvalidUtf8(r: ParseResult): boolean {
  return r.diagnostics.some((d) => d.data?.invalidUtf8 === true);
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/**
 * Why an import of `target` (absolute, resolved against the importing file) must not be followed,
 * as a message for its path text, or undefined when it may be: it must be a `.cx` file inside the
 * workspace root, also after following symbolic links (a missing file is CX2007, reported later).
 */
function refuseImport(target: string, root: string, realRoot: string, host: Host): ((shown: string) => string) | undefined {
  if (!target.endsWith(".cx")) return (shown) => `Cannot import '${shown}': only .cx files can be imported, and nothing else is read.`;
  const outside = (shown: string) => `Cannot import '${shown}': it is outside the workspace (${root}). Imports must stay inside the workspace root; move the file into it.`;
  if (!isInside(target, root)) return outside;
  const real = host.realpath(target);
  if (real !== undefined && !isInside(real, realRoot)) {
    return (shown) => `Cannot import '${shown}': it links to a file outside the workspace (${root}). Imports must stay inside the workspace root, also through symbolic links.`;
  }
  if (real !== undefined && !real.endsWith(".cx")) return (shown) => `Cannot import '${shown}': it links to a file that is not a .cx file, and nothing else is read.`;
  return undefined;
}

function detectImportCycles(fileMap: Map<string, WorkspaceFile>, diagnostics: Diagnostic[]): void {
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (wf: WorkspaceFile) => {
    state.set(wf.path, "active");
    stack.push(wf.path);
    for (const imp of wf.imports) {
      if (!imp.target || !imp.node.path) continue;
      const next = fileMap.get(imp.target);
      if (!next) continue;
      const s = state.get(next.path);
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(next.path)), next.path].map((p) => posix.basename(p)).join(" → ");
        diagnostics.push(diag("CX2008", wf.path, wf.parse.lines.rangeOf(imp.node.path.span), { cycle }));
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(wf.path, "done");
  };
  for (const wf of [...fileMap.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!state.has(wf.path)) visit(wf);
  }
}

function bind(files: WorkspaceFile[], diagnostics: Diagnostic[]): { symbols: Map<string, Sym>; decls: Sym[] } {
  const symbols = new Map<string, Sym>();
  const decls: Sym[] = [];
  for (const wf of files) {
    const lines = wf.parse.lines;
    for (const item of wf.parse.ast.items) {
      if (item.kind !== "Declaration" || !item.name) continue;
      const props = new Map<string, Property>();
      const specs = PROPERTIES[item.declKind];
      for (const p of item.body?.properties ?? []) {
        const key = p.key.name;
        const first = props.get(key);
        if (first) {
          diagnostics.push(
            diag("CX2002", wf.path, lines.rangeOf(p.key.span), { detail: `Property '${key}' is given twice in ${KIND_NOUN[item.declKind]} '${item.name.name}'. Remove one of them.` }, {
              related: [{ file: wf.path, range: lines.rangeOf(first.key.span), message: `'${key}' is first given here` }],
            }),
          );
          continue;
        }
        if (!specs.some((s) => s.name === key)) {
          const { hint, suggestion } = didYouMean(key, specs.map((s) => s.name));
          diagnostics.push(
            diag("CX2005", wf.path, lines.rangeOf(p.key.span), { name: key, what: `a ${KIND_NOUN[item.declKind]}`, hint: hint || ` Valid properties: ${specs.map((s) => s.name).join(", ")}.` }, {
              data: suggestion ? { suggestion } : undefined,
            }),
          );
          continue;
        }
        props.set(key, p);
      }
      const sym: Sym = { name: item.name.name, kind: item.declKind, decl: item, file: wf, props, bound: false };
      decls.push(sym);
      const existing = symbols.get(sym.name);
      if (existing) {
        diagnostics.push(
          diag("CX2002", wf.path, lines.rangeOf(item.name.span), {
            detail: `'${sym.name}' is already declared (as a ${KIND_NOUN[existing.kind]}). Names are shared by the whole workspace; rename one of them.`,
          }, {
            related: [{ file: existing.file.path, range: existing.file.parse.lines.rangeOf(existing.decl.name!.span), message: `'${sym.name}' is first declared here` }],
          }),
        );
      } else {
        sym.bound = true;
        symbols.set(sym.name, sym);
      }
      for (const spec of specs) {
        if (spec.required && !props.has(spec.name)) {
          diagnostics.push(
            diag("CX2006", wf.path, lines.rangeOf(item.name.span), { what: capitalize(KIND_NOUN[item.declKind]), name: sym.name, property: spec.name }, { data: { property: spec.name } }),
          );
        }
      }
    }
  }
  return { symbols, decls };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
