// Workspace loading and binding (language reference §2, §3): parse every file once, follow
// imports, read cx.yaml, and build the one namespace of declarations with their properties.
// Never throws; everything wrong becomes a diagnostic.
import { posix } from "node:path";
import type { Declaration, DeclKind, ImportDecl, Property } from "../syntax/ast";
import { parse, type ParseResult } from "../syntax/index";
import { diag, type Diagnostic } from "../diagnostics";
import type { Host } from "../host";
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

  const load = (path: string): WorkspaceFile | undefined => {
    const existing = fileMap.get(path);
    if (existing) return existing;
    const text = opts.host.readText(path);
    if (text === undefined) return undefined;
    const cached = opts.parseCache?.get(path);
    const result = cached && cached.text === text ? cached.result : parse(text, path);
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
      info.target = target;
    }
    for (const info of wf.imports) {
      if (!info.target || !info.node.path) continue;
      const loaded = load(info.target);
      if (!loaded) {
        diagnostics.push(
          diag("CX2007", path, result.lines.rangeOf(info.node.path.span), { path: info.node.path.value }),
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
