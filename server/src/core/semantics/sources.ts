// Source resolution (language reference §3.1, §6): the `file:` value → confined, existing files.
// Uses only the Host's stat/realpath/glob. CX4001 (missing), CX4005 (outside the root / URL).
import { posix } from "node:path";
import { diag, type Diagnostic } from "../diagnostics";
import type { Host } from "../host";
import { COLUMN_TYPES, type ColumnType } from "../data/table";
import { formatFromPath, type DataFormat } from "../data/reader";
import { checkGlob } from "../data/glob";
import type { SourceInfo } from "./model";
import type { Workspace } from "./workspace";
import { FORMATS } from "./schema";
import type { Encoding } from "../plan/plan";

const GLOB_CHARS = /[*?[{]/;
const URL_LIKE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : root + "/");
}

/** The normalised `encoding:` value (language-v2 §9.3), or undefined when absent or unknown (the checker reports it). */
export function encodingOf(v: import("../syntax/ast").PropertyValue | undefined): Encoding | undefined {
  if (!v) return undefined;
  const text = v.kind === "Word" ? v.text : v.kind === "String" ? v.value : v.kind === "Ref" && !v.member ? v.head.name : undefined;
  if (text === undefined) return undefined;
  switch (text.trim().toLowerCase()) {
    case "utf-8":
      return "utf-8";
    case "utf-16":
      return "utf-16";
    case "latin1":
    case "iso-8859-1":
      return "latin1";
    case "windows-1252":
    case "cp1252":
      return "windows-1252";
    default:
      return undefined;
  }
}

export interface ResolveOptions {
  /**
   * When false (untrusted workspace), no data file is touched: every file source is unreadable,
   * silently. Connection sources keep their readability (nothing here connects: only the SQL runner
   * and schema probe a host passes to `analyze`/`evaluate` do, and a host passes none — or ones that
   * refuse — in an untrusted workspace), so that their metrics are planned and their SQL can be shown.
   */
  readData?: boolean;
}

export function resolveSources(ws: Workspace, host: Host, diagnostics: Diagnostic[], opts: ResolveOptions = {}): Map<string, SourceInfo> {
  const out = new Map<string, SourceInfo>();
  const realRoot = host.realpath(ws.root) ?? ws.root;
  for (const sym of ws.decls) {
    if (!sym.bound || sym.kind !== "source") continue;
    const lines = sym.file.parse.lines;
    const info: SourceInfo = {
      sym, name: sym.name, kind: "file", encoding: "utf-8", files: [], format: "csv", delimiter: ",", declaredAt: new Map(), derived: new Map(), readable: false,
    };
    out.set(sym.name, info);
    // Declared columns (`name: type [from "HEADER"] [map { … }]`; the checker adds the maps).
    const cols = sym.props.get("columns");
    if (cols?.value?.kind === "Block") {
      info.declared = new Map();
      info.specs = new Map();
      for (const cp of cols.value.properties) {
        const v = cp.value;
        const typeName = v?.kind === "ColumnDecl" ? v.type?.name : v?.kind === "Ref" && !v.member ? v.head.name : undefined;
        const t = typeName && (COLUMN_TYPES as readonly string[]).includes(typeName) ? (typeName as ColumnType) : "text";
        if (!info.declared.has(cp.key.name)) {
          info.declared.set(cp.key.name, t);
          const from = v?.kind === "ColumnDecl" && v.from && !v.from.unterminated ? v.from.value : undefined;
          info.specs.set(cp.key.name, { type: t, header: from ?? cp.key.name });
          // CX4002 points at the `from` string when there is one (language-v2 §9.1).
          info.declaredAt.set(cp.key.name, lines.rangeOf(v?.kind === "ColumnDecl" && v.from ? v.from.span : cp.key.span));
        }
      }
      info.columns = new Map(info.declared);
    }
    const ts = sym.props.get("timestamp")?.value;
    if (ts?.kind === "Ref" && !ts.member) info.timestamp = ts.head.name;
    const enc = encodingOf(sym.props.get("encoding")?.value);
    if (enc) info.encoding = enc;
    const conn = sym.props.get("connection")?.value;
    if (conn) {
      info.kind = "sql";
      if (conn.kind === "Ref" && !conn.member) info.connection = conn.head.name;
      const table = sym.props.get("table")?.value;
      const sql = sym.props.get("sql")?.value;
      if (table?.kind === "String") info.table = table.value;
      if (sql?.kind === "String") info.sql = sql.value;
      // Readable when its connection is usable (the checker reports what is wrong); whether the
      // engine answers is only known when it is evaluated.
      const cc = info.connection ? ws.config.connections?.get(info.connection) : undefined;
      info.readable = cc !== undefined && cc.ok && (info.table !== undefined) !== (info.sql !== undefined);
      continue;
    }
    const delim = sym.props.get("delimiter")?.value;
    if (delim?.kind === "String" && [...delim.value].length === 1) info.delimiter = delim.value;
    const fmt = sym.props.get("format")?.value;
    let format: DataFormat | undefined;
    let formatOk = true;
    if (fmt) {
      if (fmt.kind === "Ref" && !fmt.member && (FORMATS as readonly string[]).includes(fmt.head.name)) format = fmt.head.name as DataFormat;
      else {
        formatOk = false;
        diagnostics.push(diag("CX3001", sym.file.path, lines.rangeOf(fmt.span), { detail: `Unknown data format. Use one of: ${FORMATS.join(", ")}.` }));
      }
    }
    const fileProp = sym.props.get("file")?.value;
    if (!fileProp) continue;
    if (fileProp.kind !== "String") {
      diagnostics.push(diag("CX3001", sym.file.path, lines.rangeOf(fileProp.span), { detail: "'file' must be a path in double quotes, e.g. file: \"data/surveys.csv\"." }));
      continue;
    }
    if (fileProp.unterminated) continue;
    const pattern = fileProp.value;
    info.pattern = pattern;
    const at = lines.rangeOf(fileProp.span);
    const where = sym.file.path;
    if (URL_LIKE.test(pattern)) {
      diagnostics.push(diag("CX4005", where, at, { detail: `Source '${sym.name}': URLs are not accepted. Download the data into the workspace and link the file.` }));
      continue;
    }
    if (opts.readData === false) continue;
    const abs = posix.resolve(posix.dirname(sym.file.path), pattern);
    if (!isInside(ws.root, abs) && !isInside(realRoot, abs)) {
      diagnostics.push(diag("CX4005", where, at, { detail: `Source '${sym.name}': '${pattern}' is outside the workspace root; data must live inside the workspace. Nothing was read.` }));
      continue;
    }
    let matches: string[];
    const tooComplex = GLOB_CHARS.test(pattern) ? checkGlob(pattern) : undefined;
    if (tooComplex) {
      diagnostics.push(diag("CX4001", where, at, { detail: `Source '${sym.name}': the file pattern is too complex (${tooComplex}); simplify it.` }));
      continue;
    }
    if (GLOB_CHARS.test(pattern)) {
      matches = host.glob(abs).filter((p) => !host.stat(p)?.isDirectory);
      if (matches.length === 0) {
        diagnostics.push(diag("CX4001", where, at, { detail: `Source '${sym.name}': no file matches '${pattern}'.` }));
        continue;
      }
    } else {
      const st = host.stat(abs);
      if (!st || st.isDirectory) {
        diagnostics.push(diag("CX4001", where, at, { detail: `Source '${sym.name}': data file '${pattern}' not found${st?.isDirectory ? " (it is a directory)" : ""}.` }));
        continue;
      }
      matches = [abs];
    }
    // Confinement after following symbolic links.
    const outside = matches.find((p) => {
      const real = host.realpath(p);
      return real === undefined || !isInside(realRoot, real);
    });
    if (outside) {
      diagnostics.push(diag("CX4005", where, at, { detail: `Source '${sym.name}': '${posix.relative(posix.dirname(sym.file.path), outside)}' resolves (through a symbolic link) outside the workspace root. Nothing was read.` }));
      continue;
    }
    format ??= formatFromPath(matches[0]);
    if (!format) {
      if (formatOk) {
        diagnostics.push(diag("CX3001", where, at, { detail: `Source '${sym.name}': cannot tell the format of '${pattern}' from its extension. Add 'format: csv' (or json, jsonl, yaml).` }));
      }
      continue;
    }
    if (!formatOk) continue;
    info.format = format;
    info.files = matches;
    info.readable = true;
  }
  return out;
}
