// `cx fmt` (cli.md; language-v2 §9.3): rewrite .cx files in the canonical format.
//
// - A file that cannot be formatted — syntax errors, or invalid UTF-8 (CX1003 with
//   `data.invalidUtf8`) — is left byte for byte as it is and its diagnostics are reported; exit 1.
// - `--check` writes nothing; it lists the files that would change and exits 1 if any would.
// - `--format json` prints one JSON object instead of the text messages:
//   `{ cx, check, files: [{ file, changed, written }], diagnostics, summary }`.
// - `--output FILE` writes the formatted text of the one input file to FILE, leaving the input as
//   it is; with several input files it is a usage error (so is combining it with --check or
//   --format json).
import { format as formatCx } from "../core/format/formatter";
import { parse } from "../core/syntax/index";
import { diag, type Diagnostic } from "../core/diagnostics";
import { toReportDiagnostic, type ReportDiagnostic } from "../core/report";
import { LineIndex, range } from "../core/text";
import { escapeControls, escapeJsonOutput } from "../core/escape";
import { painter, renderDiagnostic } from "./formats/text";
import { FileError, displayPath, readBytes, writeOutput } from "./io";

export const FMT_FORMATS: Record<string, true> = { text: true, json: true };

export interface FmtOptions {
  files: string[];
  cwd: string;
  check: boolean;
  format: "text" | "json";
  output?: string;
  color: boolean;
  sourceLine(file: string, line: number): string | undefined;
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface FmtFileResult {
  file: string;
  /** The canonical form differs from the file; null when the file cannot be formatted. */
  changed: boolean | null;
  /** The file (or --output) was written. */
  written: boolean;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1 (overlong forms, surrogates and values above U+10FFFF are invalid). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The CX1003 diagnostic of a file with invalid UTF-8 (the parser's, else one at the first invalid byte). */
function invalidUtf8Diagnostic(bytes: Buffer, text: string, file: string, parsed: Diagnostic[]): Diagnostic | undefined {
  const fromParser = parsed.find((d) => d.code === "CX1003" && d.data?.invalidUtf8 === true);
  if (fromParser) return fromParser;
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return undefined;
  let prefix = new TextDecoder("utf-8").decode(bytes.subarray(0, at));
  if (prefix.startsWith("\uFEFF")) prefix = prefix.slice(1);
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const pos = new LineIndex(body).positionAt(prefix.length);
  const hex = bytes[at].toString(16).toUpperCase().padStart(2, "0");
  return diag(
    "CX1003",
    file,
    range(pos.line, pos.character, pos.line, pos.character + 1),
    { detail: `Invalid UTF-8 (byte 0x${hex}). .cx files must be UTF-8: save the file as UTF-8.` },
    { data: { invalidUtf8: true } },
  );
}

export function runFmt(o: FmtOptions): number {
  const results: FmtFileResult[] = [];
  const diagnostics: ReportDiagnostic[] = [];
  const rel = (p: string) => displayPath(o.cwd, p);
  const paint = painter(o.color);
  let failed = 0;
  let writeError: FileError | undefined;
  for (const file of o.files) {
    const bytes = readBytes(file, rel(file));
    const text = bytes.toString("utf8");
    const parsed = parse(text, file);
    const badUtf8 = invalidUtf8Diagnostic(bytes, text, file, parsed.diagnostics);
    const result = badUtf8 ? ({ ok: false, reason: "invalid UTF-8" } as const) : formatCx(text);
    if (!result.ok) {
      failed++;
      const errors = badUtf8 ? [badUtf8] : parsed.diagnostics.filter((d) => d.severity === "error");
      const reportDiags = errors.map((d) => toReportDiagnostic(d, rel));
      diagnostics.push(...reportDiags);
      results.push({ file: rel(file), changed: null, written: false });
      if (o.format === "text") {
        o.stderr(`${escapeControls(rel(file))}: not formatted (left unchanged): ${escapeControls(result.reason)}\n`);
        for (const d of reportDiags.slice(0, 5)) o.stderr(renderDiagnostic(d, o, paint).join("\n") + "\n");
        if (reportDiags.length > 5) o.stderr(`… and ${reportDiags.length - 5} more\n`);
      }
      continue;
    }
    const changed = result.text !== text;
    let written = false;
    if (o.output !== undefined) {
      writeOutput(o.output, o.cwd, result.text);
      written = true;
    } else if (changed && !o.check) {
      try {
        writeOutput(file, o.cwd, result.text);
        written = true;
      } catch (err) {
        if (!(err instanceof FileError)) throw err;
        writeError ??= err;
        o.stderr(`cx: ${err.message}\n`);
      }
    }
    results.push({ file: rel(file), changed, written });
  }
  const changed = results.filter((r) => r.changed).length;
  const n = o.files.length;
  const files = `${n} file${n === 1 ? "" : "s"}`;
  if (o.format === "json") {
    const summary = { files: n, changed, failed };
    o.stdout(escapeJsonOutput(JSON.stringify({ cx: 1, check: o.check, files: results, diagnostics, summary }, null, 2)) + "\n");
  } else if (o.check) {
    for (const r of results) if (r.changed) o.stdout(`${escapeControls(r.file)}\n`);
    o.stderr(changed ? `cx fmt: ${changed} of ${files} would be reformatted\n` : `cx fmt: ${files} already formatted${failed ? ` (${failed} not formatted)` : ""}\n`);
  } else if (o.output !== undefined) {
    if (!failed) o.stderr(`cx fmt: wrote ${escapeControls(o.output)}\n`);
  } else {
    o.stderr(`cx fmt: formatted ${changed} of ${files}${failed ? ` (${failed} not formatted)` : ""}\n`);
  }
  if (writeError) return 2;
  return failed || (o.check && changed) ? 1 : 0;
}

/** Usage rules of fmt's options, checked before any file is read. */
export function fmtUsage(o: { check: boolean; format: string; output?: string; files: string[] }): string | undefined {
  if (!FMT_FORMATS[o.format]) return `unknown format '${o.format}' for cx fmt (expected ${Object.keys(FMT_FORMATS).join(" or ")})`;
  if (o.output === undefined) return undefined;
  if (o.check) return "cx fmt: --output and --check cannot be combined (--check writes nothing)";
  if (o.format === "json") return "cx fmt: --output writes the formatted file; it cannot be combined with --format json";
  if (o.files.length !== 1) return `cx fmt --output needs exactly one .cx file (found ${o.files.length})`;
  return undefined;
}
